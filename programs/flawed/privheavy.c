/* privheavy: the interrupt-mask dance, many times: the "privileged-heavy"
 * workload of issue 14's benchmark, and a check that it stays right.
 *
 * N critical sections (R2 at entry if it is a count below 2^24, as
 * `creasy run --gpr 2=N` gives it; else 10000): each masks (STNSM X'FC'),
 * does a little work, and restores the mask it saved (SSM); every 1000th
 * also looks at its PSW (EPSW). A clock comparator comes due early on,
 * while the sections run: on the machine it is taken right after some
 * section's SSM, never inside one.
 *
 * Natively under CP in trap mode on the sound machine every STNSM and SSM
 * is an entry into CP; on the flawed machine they are lost. Paravirtual
 * (psw_ops.h) they are stores into CP's shared area: no entry at all, the
 * clock comparator costs one (PV_DELIVER) and the EPSWs none.
 */
#include "flawed.h"

int flawed_main(u32 r2, u32 r3)
{
    (void)r3;
    u32 n = r2 > 0 && r2 < 0x01000000u ? r2 : 10000;
    flawed_init();
    u32 at = flawed_lpsw(0x03, false);
    printf("PRIVHEAVY: LPSW AT %08X: OPEN; %u CRITICAL SECTIONS", at, n);
    flawed_ext = (struct flawed_ext){0};
    flawed_phase = PH_AFTER;   /* between sections */
    (void)flawed_arm_ckc(100);
    u32 open_masks = 0, other_masks = 0, epsws = 0, masked_epsws = 0, sum = 0;
    flawed_pgm.count = 0;
    struct psw_op off = {0, 0}, on = {0, 0}, look = {0, 0};
    for (u32 i = 0; i < n; i++) {
        u8 m = irq_disable_save();
        off = psw_last;
        flawed_phase = PH_INSIDE;
        for (u32 j = 0; j < 8; j++)
            sum += (i ^ j) * 3;
        if (i % 1000 == 0) {
            u32 w[2];
            epsw(w);
            look = psw_last;
            epsws++;
            masked_epsws += (w[0] >> 24) == 0x00;
        }
        flawed_phase = PH_AFTER;
        irq_restore(m);
        on = psw_last;
        if (m == 0x03)
            open_masks++;
        else
            other_masks++;
    }
    (void)irq_disable_save();
    printf("STNSM X'FC' AT %08X: STORED MASK 03 %u TIMES, ANOTHER %u TIMES", off.at, open_masks, other_masks);
    if (flawed_pgm_at(look.at + 4))   /* the sound machine has no EPSW */
        printf("EPSW AT %08X: PROGRAM INTERRUPTION CODE %04X", look.at, flawed_pgm_at(look.at + 4));
    else
        printf("EPSW AT %08X: MASKED IN %u OF %u", look.at, masked_epsws, epsws);
    if (flawed_ext.count == 1 && flawed_ext.phase == PH_AFTER)
        printf("CLOCK COMPARATOR: TAKEN ONCE, BETWEEN SECTIONS (THE LAST AT THE SSM AT %08X)", on.at);
    else
        printf("CLOCK COMPARATOR: TAKEN %u TIMES, THE LAST %s (THE SSM IS AT %08X)", flawed_ext.count,
               flawed_phase_name(flawed_ext.phase), on.at);
    printf("PRIVHEAVY: DONE, CHECKSUM %08X", sum);
    return 0;
}
