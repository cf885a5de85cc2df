/* hog: HOG [N] burns the CPU: N million rounds of arithmetic (default 10),
 * with no I/O and no SVC until the end. Under CP it must be preempted; on
 * the bare machine the operator's interrupt key halts it. */
#include "cmslib.h"

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 10;
    u32 x = 12345;
    for (int m = 0; m < n; m++)
        for (int i = 0; i < 1000000; i++)
            x = x * 1103515245u + 12345u;
    printf("HOG: %d MILLION ROUNDS, RESULT %08X\n", n, x);
    return 0;
}
