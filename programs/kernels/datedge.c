/* datedge: a guest kernel's own DAT at its edges, for equivalence.
 *
 * With DAT on, identity-mapped below 1 MB, it maps one page to a real
 * address beyond any storage (0x7F000000) and one page invalid, and then
 * fetches data from each, stores to each, and branches to each. Every
 * program interruption is recorded (code, ILC, and the old PSW's address
 * relative to the instruction) and printed. The machine's answers are the
 * architecture's: for the page beyond storage, the addressing exception,
 * suppressing (past the instruction; for the instruction fetch itself two
 * bytes past its address, ILC 1); for the invalid page, the
 * page-translation exception, nullifying (at the instruction). Under CP
 * in trap mode these come through CP's shadow tables, and CP must tell an
 * instruction fetch from a data access; under SIE the machine's
 * two-dimensional walk. tests/cp/kernels.sh compares the lines.
 */
#include "creasy.h"

#define STO 0x40000u   /* above the program and its stack */
#define PTO 0x41000u
#define BEYOND 0x100000u     /* virtual page mapped beyond storage (its address within the
                                guest's 2M under CP: a fetch fault must be told by its page) */
#define INVALID 0x180000u    /* virtual page marked invalid */

static struct psw pgm_new, resume;
volatile u32 got_code, got_ilc, got_ia;

/* Record the interruption and go on at `resume` (DAT on, as it was). */
__asm__(".section .text\n"
        "edge_handler:\n"
        "    stm   %r0,%r15,0x200(%r0)\n"
        "    larl  %r1,got_code\n"
        "    lh    %r2,0x8e(%r0)\n"
        "    st    %r2,0(%r1)\n"
        "    larl  %r1,got_ilc\n"
        "    sr    %r2,%r2\n"
        "    ic    %r2,0x8d(%r0)\n"
        "    st    %r2,0(%r1)\n"
        "    larl  %r1,got_ia\n"
        "    l     %r2,0x2c(%r0)\n"
        "    st    %r2,0(%r1)\n"
        "    lm    %r0,%r15,0x200(%r0)\n"
        "    larl  %r1,resume\n"
        "    lpsw  0(%r1)\n");
extern char edge_handler[];

static void tables(void)
{
    u32 *st = (u32 *)STO;
    for (u32 s = 0; s < 16; s++)
        st[s] = (PTO + s * 1024) | 0xF;
    for (u32 s = 0; s < 16; s++)
        for (u32 p = 0; p < 256; p++)
            ((u32 *)(PTO + s * 1024))[p] = s ? PTE_INVALID : p << 12;   /* identity below 1 MB */
    ((u32 *)(PTO + 1 * 1024))[0] = 0x7F000000u;   /* BEYOND; INVALID, in the same segment, stays invalid */
    lctl(1, STO);
    lctl(0, CR0_TRANS_FORMAT_VALUE);
}

/* The old PSW's address relative to `base`: the instruction, or for a
 * branch its target (where the failing fetch was). */
static void report(const char *what, u32 base)
{
    printf("%s: CODE %04X ILC %u OLD PSW AT %s + %d\n", what, got_code, got_ilc,
           base < BEYOND ? "INSTRUCTION" : "TARGET", (int)((got_ia & 0x7FFFFFFFu) - base));
    got_code = got_ilc = got_ia = 0;
}

/* Each probe: point `resume` just after it, run it with DAT on. */
#define PROBE(what, asm_insn, addr, branch)                                     \
    do {                                                                        \
        u32 at;                                                                 \
        __asm__ volatile("larl %%r1,2f\n\t"                                     \
                         "o %%r1,%4\n\t"                                        \
                         "st %%r1,%1\n\t"                                       \
                         "larl %%r1,1f\n\t"                                     \
                         "st %%r1,%0\n\t"                                       \
                         "lr %%r4,%2\n\t"                                       \
                         "stosm %3,0x04\n"                                      \
                         "1:\t" asm_insn "\n"                                   \
                         "2:\tstnsm %3,0xFB"                                    \
                         : "=Q"(at), "=Q"(resume.w1)                            \
                         : "d"(addr), "Q"(mask), "Q"(amode31)                   \
                         : "r1", "r3", "r4", "memory");                         \
        report(what, branch ? (addr) : at);                                     \
    } while (0)

static u8 mask;
static const u32 amode31 = 0x80000000u;

int main(void)
{
    pgm_new.w0 = 0x00080000u;
    pgm_new.w1 = 0x80000000u | (u32)edge_handler;
    memcpy((void *)LC_PGM_NEW_PSW, &pgm_new, 8);
    resume.w0 = 0x04080000u;   /* DAT on, disabled: where the probe left off */
    tables();
    PROBE("FETCH BEYOND", "l %%r3,0(%%r4)", BEYOND, 0);
    PROBE("STORE BEYOND", "st %%r3,0(%%r4)", BEYOND, 0);
    PROBE("BRANCH BEYOND", "br %%r4", BEYOND, 1);
    PROBE("FETCH INVALID", "l %%r3,0(%%r4)", INVALID, 0);
    PROBE("STORE INVALID", "st %%r3,0(%%r4)", INVALID, 0);
    PROBE("BRANCH INVALID", "br %%r4", INVALID, 1);
    return 0;
}
