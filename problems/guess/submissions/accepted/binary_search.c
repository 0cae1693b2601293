#include <stdio.h>
#include <string.h>

int main(void) {
    int low = 1, high = 1000;
    char reply[32];
    for (;;) {
        int guess = (low + high) / 2;
        printf("%d\n", guess);
        fflush(stdout);
        if (scanf("%31s", reply) != 1 || strcmp(reply, "correct") == 0) return 0;
        if (strcmp(reply, "higher") == 0) low = guess + 1; else high = guess - 1;
    }
}
