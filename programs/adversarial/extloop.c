/* extloop: an adversary caught in an external-interruption loop.
 *
 * Attack: its external new PSW is itself enabled for external
 * interruptions, CR0's clock-comparator subclass is on and its clock
 * comparator is already due (SCKC 0). Once it enables, the interruption
 * is taken, the new PSW lets the same condition in again before its
 * first instruction, and so on for ever: the virtual CPU never executes
 * another instruction, so nothing it does can end the loop. A CP that
 * delivers a pending interruption until there is none, or a machine
 * whose time passes only with instructions, never comes back.
 *
 * First, what is not a loop: a handler entered disabled that sets the
 * comparator far ahead, enables itself and returns, 300 times over, each
 * interruption the clock comparator's (X'1004') with the old PSW at the
 * instruction after the one that enabled.
 *
 * Containment: CP's rule (VM/370's): CP detects the loop and stops the
 * virtual machine with "DMKDSP452W CP ENTERED; EXTERNAL INTERRUPT LOOP"
 * on its terminal; everyone else runs on (tests/cp/adversarial.sh: its
 * check kind "stopped"). Should an instruction ever run at the looping
 * new PSW's address, it says FAIL.
 */
#include "adv.h"

#define AMODE 0x80000000u
#define ROUNDS 300

u32 el_count, el_bad_code, el_bad_ia;
u64 el_far;
u8 el_mask;

/* el_enable(save): enable external interruptions, then disable again
 * (the interruption comes between the two: el_after). el_handler: the
 * legitimate handler. el_never: the looping new PSW's address. */
__asm__(".text\n"
        "el_enable:\n"
        "    stosm 0(%r2),0x01\n"
        "el_after:\n"
        "    stnsm 0(%r2),0xFE\n"
        "    br    %r14\n"
        "el_handler:\n"
        "    larl  %r1,el_count\n"
        "    l     %r0,0(%r1)\n"
        "    ahi   %r0,1\n"
        "    st    %r0,0(%r1)\n"
        "    lh    %r0,0x86(%r0)\n"
        "    chi   %r0,0x1004\n"              /* the clock comparator's code? */
        "    je    1f\n"
        "    larl  %r1,el_bad_code\n"
        "    mvi   3(%r1),1\n"
        "1:  l     %r0,0x1c(%r0)\n"
        "    sll   %r0,1\n"
        "    srl   %r0,1\n"
        "    larl  %r1,el_after\n"
        "    cr    %r0,%r1\n"                 /* the old PSW after the enabling STOSM? */
        "    je    1f\n"
        "    larl  %r1,el_bad_ia\n"
        "    mvi   3(%r1),1\n"
        "1:  larl  %r1,el_far\n"
        "    sckc  0(%r1)\n"                   /* far ahead: the condition is gone */
        "    larl  %r1,el_mask\n"
        "    stosm 0(%r1),0x01\n"              /* so it may run enabled */
        "    lpsw  0x18(%r0)\n"
        "el_never:\n"
        "    brasl %r14,el_ran\n");
void el_enable(u8 *save);
extern char el_handler[], el_never[];

void el_ran(void);
void el_ran(void)
{
    check(false, "AN INSTRUCTION RAN AT THE LOOPING EXTERNAL NEW PSW");
    wait_disabled(WAIT_FAIL);
}

static void sckc(u64 v) { __asm__ volatile("sckc %0" : : "Q"(v)); }

int main(void)
{
    adv_begin("EXTLOOP");
    adv_catch_program_checks();

    /* not a loop: the handler dismisses the condition each time */
    LOWCORE(u32, LC_EXT_NEW_PSW) = 0x00080000u;
    LOWCORE(u32, LC_EXT_NEW_PSW + 4) = AMODE | (u32)el_handler;
    lctl(0, CR0_CKC_MASK);
    u64 end = stck() + 2000 * TOD_MS;
    u32 rounds = 0;
    while (rounds < ROUNDS && stck() < end) {
        el_far = stck() + 3600000 * TOD_MS;
        sckc(0);
        el_enable(&el_mask);
        rounds++;
    }
    sckc(~0ull);
    check_x(rounds == ROUNDS && el_count == ROUNDS, "A HANDLER THAT SETS THE COMPARATOR AHEAD: 300 INTERRUPTIONS",
            el_count);
    check(!el_bad_code, "  EACH ONE THE CLOCK COMPARATOR'S, X'1004'");
    check(!el_bad_ia, "  EACH OLD PSW AT THE INSTRUCTION AFTER THE ONE THAT ENABLED");
    adv_end();

    /* the loop: CP must stop it */
    printf("EXTLOOP: NOW AN EXTERNAL NEW PSW ENABLED FOR THE CLOCK COMPARATOR, WHICH IS DUE\n");
    LOWCORE(u32, LC_EXT_NEW_PSW) = 0x01080000u;
    LOWCORE(u32, LC_EXT_NEW_PSW + 4) = AMODE | (u32)el_never;
    sckc(0);
    lctl(0, CR0_CKC_MASK);
    el_enable(&el_mask);
    el_ran();
    return 1;
}
