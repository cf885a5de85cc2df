/* lowprot: low-address protection, for equivalence.
 *
 * With CR0's low-address-protection bit on, a store into real addresses
 * 0-511 is a protection exception (code 4): the instruction is
 * suppressed, nothing is stored, the old PSW points past it. This kernel
 * fills 16 bytes at 0x1C0 with a pattern, turns the bit on, and stores
 * there with each kind of instruction that stores: the ordinary ones the
 * machine runs itself (ST, MVI, MVC, STM, STCK) and the privileged ones
 * CP simulates (STOSM, STNSM, STCTL, STPT, STCKC, STIDP). For each it
 * prints the interruption (code, ILC, old PSW relative to the instruction)
 * and whether anything was stored. Two controls store where the bit does
 * not reach: at 512, and at 0x1C0 with the bit off.
 */
#include "creasy.h"
#include "probe.h"

#define TARGET 0x1C0u
#define EDGE 0x200u   /* the first byte low-address protection leaves alone */

static u32 cr0, cr0_lap;
static const u8 source[8] __attribute__((aligned(8))) = {1, 2, 3, 4, 5, 6, 7, 8};

static void fill(u32 at)
{
    lctl(0, cr0);
    memset((void *)at, 0xA5, 16);
}

static bool touched(u32 at)
{
    const volatile u8 *p = (const volatile u8 *)at;
    for (int i = 0; i < 16; i++)
        if (p[i] != 0xA5)
            return true;
    return false;
}

/* Fill, protect, run the probe, unprotect, report. */
#define STORE_PROBE(what, insn, at, lap, b)                                          \
    do {                                                                             \
        char buf_[80];                                                               \
        fill(at);                                                                    \
        lctl(0, (lap) ? cr0_lap : cr0);                                              \
        u32 ia_ = PROBE("", insn, (at), (b));                                        \
        lctl(0, cr0);                                                                \
        bool t_ = touched(at);                                                       \
        printf("%s: %s, %s", what, probe_result(buf_, sizeof buf_, ia_),             \
               t_ ? "STORED" : "NOTHING STORED");                                    \
    } while (0)

int main(void)
{
    probe_init();
    cr0 = stctl(0) & ~CR0_LOW_PROTECT;
    cr0_lap = cr0 | CR0_LOW_PROTECT;
    STORE_PROBE("ST", "st %%r5,0(%%r4)", TARGET, 1, 0x5A5A5A5Au);
    STORE_PROBE("MVI", "mvi 0(%%r4),0x5A", TARGET, 1, 0);
    STORE_PROBE("MVC", "mvc 0(8,%%r4),0(%%r5)", TARGET, 1, (u32)source);
    STORE_PROBE("STM", "stm %%r4,%%r5,0(%%r4)", TARGET, 1, 0);
    STORE_PROBE("STCK", "stck 0(%%r4)", TARGET, 1, 0);
    STORE_PROBE("STOSM", "stosm 0(%%r4),0x00", TARGET, 1, 0);
    STORE_PROBE("STNSM", "stnsm 0(%%r4),0xFF", TARGET, 1, 0);
    STORE_PROBE("STCTL", "stctl %%c0,%%c0,0(%%r4)", TARGET, 1, 0);
    STORE_PROBE("STPT", "stpt 0(%%r4)", TARGET, 1, 0);
    STORE_PROBE("STCKC", "stckc 0(%%r4)", TARGET, 1, 0);
    STORE_PROBE("STIDP", "stidp 0(%%r4)", TARGET, 1, 0);
    STORE_PROBE("ST AT 512", "st %%r5,0(%%r4)", EDGE, 1, 0x5A5A5A5Au);
    STORE_PROBE("STOSM AT 512", "stosm 0(%%r4),0x00", EDGE, 1, 0);
    STORE_PROBE("STCTL AT 512", "stctl %%c0,%%c0,0(%%r4)", EDGE, 1, 0);
    STORE_PROBE("ST UNPROTECTED", "st %%r5,0(%%r4)", TARGET, 0, 0x5A5A5A5Au);
    STORE_PROBE("STCTL UNPROTECTED", "stctl %%c0,%%c0,0(%%r4)", TARGET, 0, 0);
    return 0;
}
