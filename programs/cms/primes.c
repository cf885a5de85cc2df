/* primes: PRIMES [N] types the primes up to N (default 100, at most
 * 1000000), ten to a line, then how many there are. A sieve of
 * Eratosthenes in the program's own storage. */
#include "cmslib.h"

#define MAX_N 1000000

static u8 composite[MAX_N + 1];

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 100;
    if (n < 2 || n > MAX_N) {
        printf("PRIMES: N MUST BE 2 TO %d\n", MAX_N);
        return 24;
    }
    for (int i = 2; (long long)i * i <= n; i++)
        if (!composite[i])
            for (int j = i * i; j <= n; j += i)
                composite[j] = 1;
    char line[128];
    int count = 0, len = 0;
    for (int i = 2; i <= n; i++) {
        if (composite[i])
            continue;
        len += snprintf(line + len, sizeof line - len, "%8d", i);
        if (++count % 10 == 0) {
            printf("%s\n", line);
            len = 0;
        }
    }
    if (len)
        printf("%s\n", line);
    printf("%d PRIMES UP TO %d\n", count, n);
    return 0;
}
