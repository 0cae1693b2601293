/* Prints the larger factor first: any order is fine. */
#include <stdio.h>

int main(void) {
    long long n;
    if (scanf("%lld", &n) != 1) return 1;
    for (long long d = 2; d * d <= n; d++) {
        if (n % d == 0) {
            printf("%lld %lld\n", n / d, d);
            return 0;
        }
    }
    return 1;
}
