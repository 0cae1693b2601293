# Tries every run and adds it up from scratch: O(n^3), fast enough for group 1 only.
n = int(input())
values = list(map(int, input().split()))
best = values[0]
for i in range(n):
    for j in range(i, n):
        total = 0
        for k in range(i, j + 1):
            total += values[k]
        best = max(best, total)
print(best)
