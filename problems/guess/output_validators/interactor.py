#!/usr/bin/env python3
"""Interactor for Guess the Number.

Invoked per the format as: interactor.py input answer feedback_dir; reads the submission's output
on stdin and writes the submission's input on stdout. Exits 42 (accepted) or 43 (wrong answer).
"""
import os
import sys

MAX_GUESSES = 10


def finish(accepted, message):
    with open(os.path.join(sys.argv[3], "judgemessage.txt"), "w") as f:
        f.write(message + "\n")
    sys.exit(42 if accepted else 43)


def main():
    with open(sys.argv[1]) as f:
        secret = int(f.read().split()[0])
    for guess_number in range(1, MAX_GUESSES + 1):
        line = sys.stdin.readline(100)
        if not line:
            finish(False, f"the program stopped after {guess_number - 1} guesses without finding {secret}")
        try:
            guess = int(line)
        except ValueError:
            finish(False, f"guess {guess_number} is not an integer: {line.strip()[:20]!r}")
        if not 1 <= guess <= 1000:
            finish(False, f"guess {guess_number} is out of range: {guess}")
        if guess == secret:
            print("correct", flush=True)
            finish(True, f"found {secret} in {guess_number} guesses")
        print("higher" if secret > guess else "lower", flush=True)
    finish(False, f"no correct guess in {MAX_GUESSES} guesses (the number was {secret})")


main()
