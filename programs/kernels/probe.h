/* probe.h: what the equivalence kernels that run one instruction at a
 * time share (lowprot.c, pgmedge.c, diagcode.c, vclock.c): a program-
 * interruption handler that records the interruption code, the ILC, the
 * old PSW's address and the translation-exception address, and goes on
 * after the probe, disabled, supervisor state, DAT off; and PROBE, which
 * runs one probe and gives the address of its first instruction.
 *
 * The handler keeps the registers at 0x300-0x33F (real storage past
 * the 512 bytes that low-address protection covers) and stores nothing
 * else in low core, so it works with low-address protection on.
 */
#ifndef KERNELS_PROBE_H
#define KERNELS_PROBE_H

#include "creasy.h"

struct psw probe_pgm_new, probe_resume;
volatile u32 probe_code, probe_ilc, probe_ia, probe_tea;
const u32 probe_amode31 = 0x80000000u;

__asm__(".section .text\n"
        "probe_handler:\n"
        "    stm   %r0,%r15,0x300(%r0)\n"
        "    larl  %r1,probe_code\n"
        "    lh    %r2,0x8e(%r0)\n"
        "    st    %r2,0(%r1)\n"
        "    larl  %r1,probe_ilc\n"
        "    sr    %r2,%r2\n"
        "    ic    %r2,0x8d(%r0)\n"
        "    st    %r2,0(%r1)\n"
        "    larl  %r1,probe_ia\n"
        "    l     %r2,0x2c(%r0)\n"
        "    st    %r2,0(%r1)\n"
        "    larl  %r1,probe_tea\n"
        "    l     %r2,0x90(%r0)\n"
        "    st    %r2,0(%r1)\n"
        "    lm    %r0,%r15,0x300(%r0)\n"
        "    larl  %r1,probe_resume\n"
        "    lpsw  0(%r1)\n");
extern char probe_handler[];

static inline void probe_init(void)
{
    probe_pgm_new.w0 = 0x00080000u;
    probe_pgm_new.w1 = 0x80000000u | (u32)probe_handler;
    memcpy((void *)LC_PGM_NEW_PSW, &probe_pgm_new, 8);
    probe_resume.w0 = 0x00080000u;   /* supervisor, disabled, DAT off: after the probe */
}

/* Run `pre` (not part of the probe), then `insn` (label 1, whose address
 * is the result), with R4 = a and R5 = b; an interruption goes on at
 * label 2, just past `insn`. R1 to R5 are the probe's. */
#define PROBE(pre, insn, a, b)                                                   \
    ({                                                                           \
        u32 at_;                                                                 \
        probe_code = probe_ilc = probe_ia = probe_tea = 0;                       \
        __asm__ volatile("larl %%r1,2f\n\t"                                      \
                         "o %%r1,%[am]\n\t"                                      \
                         "st %%r1,%[rw1]\n\t"                                    \
                         "larl %%r1,1f\n\t"                                      \
                         "st %%r1,%[at]\n\t"                                     \
                         "lr %%r4,%[ra]\n\t"                                     \
                         "lr %%r5,%[rb]\n\t" pre "\n"                            \
                         "1:\t" insn "\n"                                        \
                         "2:"                                                    \
                         : [at] "=Q"(at_), [rw1] "=Q"(probe_resume.w1)           \
                         : [ra] "d"(a), [rb] "d"(b), [am] "Q"(probe_amode31)     \
                         : "r1", "r2", "r3", "r4", "r5", "cc", "memory");        \
        at_;                                                                     \
    })

/* "CODE 0004 ILC 4 OLD PSW AT +4" (the old PSW's address relative to
 * `base`), or "NO INTERRUPTION", into buf. */
static inline const char *probe_result(char *buf, size_t n, u32 base)
{
    int off = (int)((probe_ia & 0x7FFFFFFFu) - base);
    if (!probe_code)
        snprintf(buf, n, "NO INTERRUPTION");
    else
        snprintf(buf, n, "CODE %04X ILC %u OLD PSW AT %s%d", probe_code, probe_ilc, off >= 0 ? "+" : "", off);
    return buf;
}

#endif
