# Reads the numbers as one integer, which raises ValueError.
n = int(input())
print(n)
