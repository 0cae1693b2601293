a, b = map(int, input().split())
# TODO: print the sum
