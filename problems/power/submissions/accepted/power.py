# Python's three-argument pow is exact for any size.
a, b, m = map(int, input().split())
print(pow(a, b, m))
