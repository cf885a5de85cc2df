/* check.h: what the instruction-family pass-wait programs share. There is
 * one program per isa/exec_*.c family (arith.c, branch.c, clock.c,
 * control.c, load.c, logical.c, shift.c, storage.c, system.c): each runs
 * its family's instructions on known operands and checks their results,
 * condition codes and exceptions. main() returns 0, which crt0 turns into
 * the 0000600D pass wait, or the number of the first check that failed:
 * the 00BADnnn fail wait. tests/run_bare.sh runs them all.
 *
 * The checks are written to the architecture, not to creasy: all but
 * system.c (S/370 I/O in ESA/390 mode and this machine's SIE) pass on
 * Hercules 3.13 too, their flat .bin run with herc-run.
 */
#ifndef CREASY_BARE_CHECK_H
#define CREASY_BARE_CHECK_H

#include "creasy.h"

/* Fail with `code` (1..4095) unless `cond` holds. */
#define CHECK(code, cond)       \
    do {                        \
        if (!(cond))            \
            return (code);      \
    } while (0)

/* Appended to an asm template: the condition code the instruction before
 * it left, into operand [cc]. */
#define CC_OUT "\n\tipm %[cc]\n\tsrl %[cc],28"

/* Program interruptions, caught: catch_pgm() points the program new PSW
 * at pgm_catch, which notes the interruption code in pgm_seen and goes on
 * at the old PSW: after the instruction when it is suppressed or
 * completed. Registers and the condition code are as the exception left
 * them. (GR1 is saved at 0x200 while the handler runs.) */
volatile u16 pgm_seen;

__asm__(".section .text\n"
        "pgm_catch:\n"
        "    st    %r1,0x200(%r0)\n"
        "    larl  %r1,pgm_seen\n"
        "    mvc   0(2,%r1),0x8e(%r0)\n"   /* LC_PGM_CODE */
        "    l     %r1,0x200(%r0)\n"
        "    lpsw  0x28(%r0)\n");          /* LC_PGM_OLD_PSW */

extern char pgm_catch[];

static inline void catch_pgm(void)
{
    static struct psw p;
    p.w0 = 0x00080000u;   /* supervisor, key 0, disabled: as the program runs */
    p.w1 = 0x80000000u | (u32)pgm_catch;
    memcpy((void *)LC_PGM_NEW_PSW, &p, 8);
    pgm_seen = 0;
}

/* The code of the program interruption since the last call (0: none). */
static inline u16 pgm_taken(void)
{
    u16 code = pgm_seen;
    pgm_seen = 0;
    return code;
}

#endif
