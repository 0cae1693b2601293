n = int(input())
values = list(map(int, input().split()))
best = current = values[0]
for x in values[1:]:
    current = max(x, current + x)
    best = max(best, current)
print(best)
