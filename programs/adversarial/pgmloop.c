/* pgmloop: an adversary caught in a program-interruption loop.
 *
 * Attack: its program new PSW points beyond its 1M of storage
 * (X'00F00000'); then an operation exception. The interruption loads
 * the new PSW, fetching the instruction there is an addressing
 * exception, which loads the same new PSW, for ever: the virtual CPU
 * never executes another instruction, so nothing it does can end the
 * loop. A CP that reflects program interruptions one after another as
 * the machine would, with no end, runs it for ever.
 *
 * First, program interruptions the ordinary way (adv_probe): operation,
 * fixed-point divide, addressing and specification exceptions, each with
 * its code, its ILC and the old PSW past the instruction (they suppress
 * or complete; none nullifies). And a handler that is no loop though
 * each interruption comes back to it with the new PSW's own mask and
 * condition code: its SLA completes with a fixed-point overflow 31 times
 * running (an instruction runs every time), then it goes on.
 *
 * Containment: CP's rule (VM/370's): CP detects the loop and stops the
 * virtual machine with "DMKDSP453W CP ENTERED; PROGRAM INTERRUPT LOOP" on
 * its terminal; everyone else runs on (tests/cp/adversarial.sh: its check
 * kind "stopped"). Should the operation exception ever come back to the
 * instruction after it, it says FAIL.
 */
#include "adv.h"

#define AMODE 0x80000000u
#define BEYOND 0x00F00000u

/* Each takes its exception at its first instruction; the label after
 * it is where the old PSW should point. r2: an address for pl_addr. */
__asm__(".text\n"
        "pl_op:\n"
        "    .short 0x0000\n"              /* no such operation */
        "pl_op_end:\n"
        "    br    %r14\n"
        "pl_div:\n"
        "    lhi   %r0,0\n"
        "    lhi   %r1,7\n"
        "    lhi   %r3,0\n"
        "pl_div_at:\n"
        "    dr    %r0,%r3\n"              /* divide by zero */
        "pl_div_end:\n"
        "    br    %r14\n"
        "pl_addr:\n"
        "    l     %r0,0(%r2)\n"           /* beyond its storage */
        "pl_addr_end:\n"
        "    br    %r14\n"
        "pl_spec:\n"
        "    larl  %r1,pl_psw\n"
        "pl_spec_at:\n"
        "    lpsw  4(%r1)\n"               /* not on a doubleword */
        "pl_spec_end:\n"
        "    br    %r14\n"
        "pl_shift:\n"
        "    lhi   %r5,-1\n"
        "    srl   %r5,1\n"                 /* X'7FFFFFFF' */
        "    larl  %r1,pl_ovf_psw\n"
        "    lpsw  0(%r1)\n"
        "pl_ovf:\n"                         /* the program new PSW's handler */
        "    sla   %r5,1\n"                 /* overflows while bit 1 is one */
        "    larl  %r1,pl_back_psw\n"
        "    lpsw  0(%r1)\n"
        "pl_back:\n"
        "    lr    %r2,%r5\n"
        "    br    %r14\n"
        "    .align 8\n"
        "pl_psw:\n"
        "    .long 0x00080000, 0x80000000, 0x00080000, 0x80000000\n");
void pl_op(u32), pl_div(u32), pl_addr(u32), pl_spec(u32);
u32 pl_shift(void);
extern char pl_op_end[], pl_div_end[], pl_addr_end[], pl_spec_end[], pl_ovf[], pl_back[];

/* the fixed-point-overflow mask on, and CC 3: as SLA leaves it on overflow */
struct psw pl_ovf_psw = {0x00083800u, AMODE}, pl_back_psw = {0x00080000u, AMODE};

/* A handler that runs: the program new PSW at pl_ovf, whose first
 * instruction, SLA, completes each time, with an overflow 31 times
 * running; each old PSW is the new PSW past the SLA (ILC 2). What is
 * left of the register it shifts: 0. */
static u32 overflowing(void)
{
    pl_ovf_psw.w1 = AMODE | (u32)pl_ovf;
    pl_back_psw.w1 = AMODE | (u32)pl_back;
    LOWCORE(u32, LC_PGM_NEW_PSW) = pl_ovf_psw.w0;
    LOWCORE(u32, LC_PGM_NEW_PSW + 4) = pl_ovf_psw.w1;
    u32 left = pl_shift();
    adv_catch_program_checks();
    return left;
}

static void expect(void (*fn)(u32), u32 arg, u16 code, u32 ilc, const char *end, const char *what)
{
    int got = adv_probe(fn, arg);
    check_x(got == code && pgm_ilc() == ilc * 2 && pgm_old_ia() == (u32)end, what,
            got == code ? pgm_old_ia() : (u32)got);
}

int main(void)
{
    adv_begin("PGMLOOP");
    adv_catch_program_checks();

    expect(pl_op, 0, PGM_OPERATION, 1, pl_op_end, "AN OPERATION EXCEPTION: X'0001', ILC 1, PAST IT");
    expect(pl_div, 0, PGM_FIXED_POINT_DIVIDE, 1, pl_div_end, "A DIVIDE BY ZERO: X'0009', ILC 1, PAST IT");
    expect(pl_addr, BEYOND, PGM_ADDRESSING, 2, pl_addr_end, "A LOAD BEYOND ITS STORAGE: X'0005', ILC 2, PAST IT");
    expect(pl_spec, 0, PGM_SPECIFICATION, 2, pl_spec_end, "LPSW OFF A DOUBLEWORD: X'0006', ILC 2, PAST IT");
    check(diag60() == 0x100000u, "ITS STORAGE IS 1M: X'00F00000' IS BEYOND IT");
    u32 left = overflowing();
    check_x(left == 0 && LOWCORE(u16, LC_PGM_CODE) == PGM_FIXED_POINT_OVERFLOW && pgm_old_ia() == (u32)pl_ovf + 4,
            "A HANDLER WHOSE FIRST SLA OVERFLOWS 31 TIMES RUNNING IS NO LOOP: IT RUNS ON", left);
    adv_end();

    /* the loop: CP must stop it */
    printf("PGMLOOP: NOW A PROGRAM NEW PSW AT X'00F00000', BEYOND ITS STORAGE\n");
    LOWCORE(u32, LC_PGM_NEW_PSW) = 0x00080000u;
    LOWCORE(u32, LC_PGM_NEW_PSW + 4) = AMODE | BEYOND;
    pl_op(0);
    check(false, "AN INSTRUCTION RAN AFTER THE LOOP");
    wait_disabled(WAIT_FAIL);
}
