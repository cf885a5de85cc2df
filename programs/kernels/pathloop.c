/* pathloop: a guest kernel for the console's `path` (tests/cp/path.sh).
 * N times (R2; default 3000) a privileged instruction that CP simulates
 * or the machine interprets (SSM: a trap in trap mode, interpreted under
 * SIE), and the storage-size DIAGNOSE X'60' (a trap in trap mode, an
 * interception under SIE), which CP answers from its tables alone, with
 * no I/O: each level's entries for one such event are few and known.
 * For CP only: on the bare machine DIAG is a specification exception.
 * Ends in the pass wait. */
#include "creasy.h"

static u8 mask;
static volatile u32 size;

int main(u32 n)
{
    if (n == 0)
        n = 3000;
    for (u32 i = 0; i < n; i++) {
        __asm__ volatile("stosm %0,0x00\n\tssm %0" : "+Q"(mask) : : "memory");
        register u32 r2 __asm__("r2") = 0;
        __asm__ volatile(".insn rs,0x83000000,%%r2,%%r3,0x60(%%r0)" : "+d"(r2) : : "r3", "memory");
        size = r2;
    }
    return 0;
}
