/* cptloop: an adversary caught in a CPU-timer interruption loop.
 *
 * Attack: its external new PSW is itself enabled for external
 * interruptions, CR0's CPU-timer subclass is on and its CPU timer is
 * already negative (SPT -1). Once it enables, the interruption
 * is taken, the new PSW lets the same condition in again before its
 * first instruction, and so on for ever: the virtual CPU never executes
 * another instruction, so nothing it does can end the loop. A CP that
 * delivers a pending interruption until there is none, or a machine
 * whose time passes only with instructions, never comes back.
 *
 * First, what is not a loop: a handler entered disabled that sets the
 * CPU timer far ahead, enables itself and returns, 300 times over, each
 * interruption the CPU timer's (X'1005') with the old PSW at the
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

u32 ct_count, ct_bad_code, ct_bad_ia;
u64 ct_far;
u8 ct_mask;

/* ct_enable(save): enable external interruptions, then disable again
 * (the interruption comes between the two: ct_after). ct_handler: the
 * legitimate handler. ct_never: the looping new PSW's address. */
__asm__(".text\n"
        "ct_enable:\n"
        "    stosm 0(%r2),0x01\n"
        "ct_after:\n"
        "    stnsm 0(%r2),0xFE\n"
        "    br    %r14\n"
        "ct_handler:\n"
        "    larl  %r1,ct_count\n"
        "    l     %r0,0(%r1)\n"
        "    ahi   %r0,1\n"
        "    st    %r0,0(%r1)\n"
        "    lh    %r0,0x86(%r0)\n"
        "    chi   %r0,0x1005\n"              /* the CPU timer's code? */
        "    je    1f\n"
        "    larl  %r1,ct_bad_code\n"
        "    mvi   3(%r1),1\n"
        "1:  l     %r0,0x1c(%r0)\n"
        "    sll   %r0,1\n"
        "    srl   %r0,1\n"
        "    larl  %r1,ct_after\n"
        "    cr    %r0,%r1\n"                 /* the old PSW after the enabling STOSM? */
        "    je    1f\n"
        "    larl  %r1,ct_bad_ia\n"
        "    mvi   3(%r1),1\n"
        "1:  larl  %r1,ct_far\n"
        "    spt   0(%r1)\n"                   /* far ahead: the condition is gone */
        "    larl  %r1,ct_mask\n"
        "    stosm 0(%r1),0x01\n"              /* so it may run enabled */
        "    lpsw  0x18(%r0)\n"
        "ct_never:\n"
        "    brasl %r14,ct_ran\n");
void ct_enable(u8 *save);
extern char ct_handler[], ct_never[];

void ct_ran(void);
void ct_ran(void)
{
    check(false, "AN INSTRUCTION RAN AT THE LOOPING EXTERNAL NEW PSW");
    wait_disabled(WAIT_FAIL);
}

static void spt(u64 v) { __asm__ volatile("spt %0" : : "Q"(v)); }

int main(void)
{
    adv_begin("CPTLOOP");
    adv_catch_program_checks();
    ct_far = CPU_TIMER_FULL;

    /* not a loop: the handler dismisses the condition each time */
    LOWCORE(u32, LC_EXT_NEW_PSW) = 0x00080000u;
    LOWCORE(u32, LC_EXT_NEW_PSW + 4) = AMODE | (u32)ct_handler;
    lctl(0, CR0_CPT_MASK);
    u64 end = stck() + 2000 * TOD_MS;
    u32 rounds = 0;
    while (rounds < ROUNDS && stck() < end) {
        spt(~0ull);
        ct_enable(&ct_mask);
        rounds++;
    }
    spt(CPU_TIMER_FULL);
    check_x(rounds == ROUNDS && ct_count == ROUNDS, "A HANDLER THAT SETS THE CPU TIMER AHEAD: 300 INTERRUPTIONS",
            ct_count);
    check(!ct_bad_code, "  EACH ONE THE CPU TIMER'S, X'1005'");
    check(!ct_bad_ia, "  EACH OLD PSW AT THE INSTRUCTION AFTER THE ONE THAT ENABLED");
    adv_end();

    /* the loop: CP must stop it */
    printf("CPTLOOP: NOW AN EXTERNAL NEW PSW ENABLED FOR THE CPU TIMER, WHICH IS NEGATIVE\n");
    LOWCORE(u32, LC_EXT_NEW_PSW) = 0x01080000u;
    LOWCORE(u32, LC_EXT_NEW_PSW + 4) = AMODE | (u32)ct_never;
    spt(~0ull);
    lctl(0, CR0_CPT_MASK);
    ct_enable(&ct_mask);
    ct_ran();
    return 1;
}
