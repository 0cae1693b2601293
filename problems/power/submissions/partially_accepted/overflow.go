// Square and multiply in 64 bits: right while m ≤ 10^9 (products stay below 10^18), but products
// of larger numbers overflow, so group 3 fails. Scores 20 + 30 = 50.
package main

import "fmt"

func main() {
	var a, b, m uint64
	fmt.Scan(&a, &b, &m)
	base, result := a%m, 1%m
	for ; b > 0; b >>= 1 {
		if b&1 == 1 {
			result = result * base % m
		}
		base = base * base % m
	}
	fmt.Println(result)
}
