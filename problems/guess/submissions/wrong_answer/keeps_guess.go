// Narrows the range to [guess, high] instead of [guess+1, high]: once low and high are
// neighbours it repeats the same guess, so 1000 is never reached within 10 guesses.
package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	replies := bufio.NewScanner(os.Stdin)
	low, high := 1, 1000
	for {
		guess := (low + high) / 2
		fmt.Println(guess)
		if !replies.Scan() || replies.Text() == "correct" {
			return
		}
		if replies.Text() == "higher" {
			low = guess
		} else {
			high = guess
		}
	}
}
