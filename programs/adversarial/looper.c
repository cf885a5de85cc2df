/* looper: an adversary that masks every interruption and loops.
 *
 * Attack: it turns off every mask it has (the PSW's I/O and external
 * masks, the clock-comparator and CPU-timer subclasses in CR0) and then
 * keeps the CPU: first in a tight loop with no instruction that traps,
 * then in a storm of program interruptions (an invalid instruction, over
 * and over, each one reflected to it by CP), for LIMIT_MS each of TOD
 * time. On a bare machine either would own the CPU until it stopped.
 *
 * Containment: what it cannot see from inside. Its masks are its virtual
 * PSW's: the real PSW it runs with is always enabled, so CP's CPU timer
 * ends its time slice and CP dispatches the others. tests/cp/adversarial.sh
 * checks that the victims finish with unchanged results and that the CPU
 * time CP charged it, over the ELAPSED time it reports here, is no more
 * than its share.
 */
#include "adv.h"

#define LIMIT_MS 120

static const u8 no_masks = 0;

static void invalid(u32 unused)
{
    (void)unused;
    __asm__ volatile(".long 0x00000000" : : : "memory");   /* operation exception */
}

int main(void)
{
    adv_begin("LOOPER");
    adv_catch_program_checks();
    __asm__ volatile("ssm %0" : : "Q"(no_masks) : "memory");
    lctl(0, 0);
    u64 start = stck(), phase = start, end = start + LIMIT_MS * TOD_MS;
    u32 spins = 0, storms = 0;
    cpu_time_start();
    while (stck() < end)
        spins++;
    report_share("DISABLED-LOOP", cpu_time_used(), stck() - phase);
    phase = stck();
    end = phase + LIMIT_MS * TOD_MS;
    cpu_time_start();
    while (stck() < end)
        storms += adv_probe(invalid, 0) == PGM_OPERATION;
    report_share("PROGRAM-CHECK-STORM", cpu_time_used(), stck() - phase);
    u32 elapsed = (u32)((stck() - start) / TOD_MS);
    check(spins > 0 && storms > 0, "IT LOOPED, DISABLED, AND TOOK PROGRAM INTERRUPTIONS");
    printf("LOOPER: ELAPSED %u MS\n", elapsed);
    return adv_end();
}
