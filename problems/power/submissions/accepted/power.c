/* Square and multiply; products of two numbers below 10^18 need 128 bits. */
#include <stdio.h>

int main(void) {
    unsigned long long a, b, m;
    if (scanf("%llu %llu %llu", &a, &b, &m) != 3) return 1;
    unsigned __int128 base = a % m, result = 1 % m;
    for (; b > 0; b >>= 1) {
        if (b & 1) result = result * base % m;
        base = base * base % m;
    }
    printf("%llu\n", (unsigned long long)result);
    return 0;
}
