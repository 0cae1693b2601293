# Tries 1, 2, 3, ... : needs far more than 10 guesses for large numbers.
for guess in range(1, 1001):
    print(guess, flush=True)
    if input().strip() == "correct":
        break
