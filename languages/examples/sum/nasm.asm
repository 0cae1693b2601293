; long long a, b; scanf("%lld %lld", &a, &b); printf("%lld\n", a + b);
        global  main
        extern  scanf, printf

        section .rodata
format_in:  db "%lld %lld", 0
format_out: db "%lld", 10, 0

        section .bss
a:      resq 1
b:      resq 1

        section .text
main:
        sub     rsp, 8                  ; align the stack for the calls
        lea     rdi, [rel format_in]
        lea     rsi, [rel a]
        lea     rdx, [rel b]
        xor     eax, eax
        call    scanf
        mov     rsi, [rel a]
        add     rsi, [rel b]
        lea     rdi, [rel format_out]
        xor     eax, eax
        call    printf
        xor     eax, eax
        add     rsp, 8
        ret
