/* fib: FIB [N] types the first N Fibonacci numbers (default 20, at most
 * 93, the last that fits in 64 bits). */
#include "cmslib.h"

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 20;
    if (n < 1 || n > 93) {
        printf("FIB: N MUST BE 1 TO 93\n");
        return 24;
    }
    u64 a = 0, b = 1;
    for (int i = 1; i <= n; i++) {
        printf("FIB(%d) = %llu\n", i, a);
        u64 t = a + b;
        a = b;
        b = t;
    }
    return 0;
}
