n = int(input())
values = list(map(int, input().split()))
# TODO: print the largest sum of a non-empty run of consecutive values
