/* svcs: SVCS [N] makes N thousand system calls (default 100) and nothing
 * else: each sets a program-check exit and clears it again (SVC 8, twice),
 * the cheapest call CMS has, with no I/O. It measures the path from a
 * program into CMS and back: on the bare machine and under SIE the SVC
 * interruption goes straight to CMS; in CP's trap mode each one is a trap
 * into CP, which reflects it. */
#include "cmslib.h"

static struct cms_pie pie;

static void on_check(struct cms_pie *p) { (void)p; }

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 100;
    int failed = 0;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < 500; i++)
            failed |= cms_spie(on_check, &pie) | cms_spie(NULL, &pie);
    printf("SVCS: %d THOUSAND SVCS%s\n", n, failed ? ", SOME REFUSED" : "");
    return failed ? 1 : 0;
}
