# The input validator of "sum" (problem package format: the input on stdin; exit 42 when it is
# valid, 43 when it is not, saying why on stderr). An input is two integers of at most 10^18 in
# absolute value, separated by one space, on one line ending in a newline, and nothing else.
import re
import sys

BOUND = 10**18

data = sys.stdin.read()
match = re.fullmatch(r"(-?[0-9]+) (-?[0-9]+)\n", data)
if match is None:
    print("expected two integers separated by one space on one line", file=sys.stderr)
    sys.exit(43)
if any(abs(int(g)) > BOUND for g in match.groups()):
    print("a number is beyond 10^18 in absolute value", file=sys.stderr)
    sys.exit(43)
sys.exit(42)
