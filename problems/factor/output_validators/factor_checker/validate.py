#!/usr/bin/env python3
"""Checks that the output is two integers greater than 1 whose product is n.

Invoked per the format as: validate.py input answer feedback_dir < output; exits 42 or 43.
"""
import os
import sys


def verdict(accepted, message):
    with open(os.path.join(sys.argv[3], "judgemessage.txt"), "w") as f:
        f.write(message + "\n")
    sys.exit(42 if accepted else 43)


def main():
    with open(sys.argv[1]) as f:
        n = int(f.read().split()[0])
    tokens = sys.stdin.read(1 << 16).split()
    if len(tokens) != 2:
        verdict(False, f"expected two integers, got {len(tokens)} tokens")
    try:
        a, b = int(tokens[0]), int(tokens[1])
    except ValueError:
        verdict(False, f"expected two integers, got '{tokens[0][:20]}' and '{tokens[1][:20]}'")
    if a <= 1 or b <= 1:
        verdict(False, f"both factors must be greater than 1, got {a} and {b}")
    if a * b != n:
        verdict(False, f"{a} × {b} = {a * b}, not {n}")
    verdict(True, f"{a} × {b} = {n}")


main()
