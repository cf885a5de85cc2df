/* farprobe: branches and stores far beyond the guest's storage, with DAT
 * off, for equivalence: each is an addressing exception on the bare
 * machine, with the old PSW where the architecture puts it. Among the
 * addresses are those of a bt-mode VM's translation cache (X'7F000000',
 * cp/bt.c), which CP maps into the VM's address space only while the
 * VM's supervisor runs its translated code: a branch there, or a store,
 * must fail as on the machine. (A fetch there sees the cache, a
 * documented limit of binary translation: docs/flawed-isa.md.)
 */
#include "creasy.h"
#include "probe.h"

static void report(const char *what, u32 base)
{
    char buf[64];
    printf("%s: %s", what, probe_result(buf, sizeof buf, base));
}

#define BRANCH(what, va) (PROBE("", "br %%r4", va, 0), report(what, va))
#define STORE(what, va) report(what, PROBE("", "st %%r3,0(%%r4)", va, 0))

int main(void)
{
    static const u32 far[] = {0x01000000u, 0x7F000000u, 0x7F000010u, 0x7F00FFF0u, 0x7F010000u, 0x7FFFFFF0u};
    probe_init();
    for (u32 i = 0; i < sizeof far / sizeof far[0]; i++) {
        char what[40];
        snprintf(what, sizeof what, "BRANCH TO %08X", far[i]);
        BRANCH(what, far[i]);
        snprintf(what, sizeof what, "STORE AT %08X", far[i]);
        STORE(what, far[i]);
    }
    printf("FARPROBE: DONE");
    return 0;
}
