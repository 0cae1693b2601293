// Divides by zero on purpose when n is even: a run-time error (SIGFPE).
#include <iostream>

int main() {
    long long n;
    std::cin >> n;
    volatile long long zero = 0;
    if (n % 2 == 0) std::cout << n / zero << '\n';
    for (long long d = 3; d * d <= n; d += 2)
        if (n % d == 0) { std::cout << d << ' ' << n / d << '\n'; return 0; }
    return 0;
}
