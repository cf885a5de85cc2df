/* critsect: critical sections, as an operating system writes them, with
 * an interruption that comes due inside each (issue 14, section 2).
 *
 * Each section masks I/O and external interruptions (STNSM X'FC'),
 * arms a timer that comes due while it works, works until the timer has
 * waited a while, and unmasks (STOSM X'03', or SSM of the mask it
 * saved). On the machine the interruption is taken right after the
 * unmasking instruction, never inside. Then, nested: an outer and an
 * inner section, the inner's SSM keeping the mask the outer set, so the
 * interruption waits for the outer's SSM.
 *
 * Under CP in trap mode on the flawed machine STNSM does nothing (the
 * kernel runs in problem state, where it is unprivileged and leaves the
 * mask alone) and stores the real mask, so both the stored masks and
 * where the interruption is taken show the flaw. Paravirtualized
 * (psw_ops.h) the masks live in CP's shared area and the kernel sees
 * what it sees bare; so it does under SIE, which interprets them.
 */
#include "flawed.h"

/* Section 1: STNSM, clock comparator, STOSM. */
static void stosm_section(void)
{
    flawed_ext = (struct flawed_ext){0};
    flawed_phase = PH_BEFORE;
    u8 m1 = irq_disable_save();
    struct psw_op off = psw_last;
    flawed_phase = PH_INSIDE;
    u64 due = flawed_arm_ckc(20);
    flawed_work_until(due, 200);
    u8 m2 = irq_enable_save();
    struct psw_op on = psw_last;
    flawed_phase = PH_AFTER;
    flawed_work_until(stck(), 100);
    u8 m3 = irq_disable_save();
    struct psw_op off2 = psw_last;
    printf("STNSM X'FC' AT %08X: STORED MASK %02X", off.at, m1);
    printf("STOSM X'03' AT %08X: STORED MASK %02X", on.at, m2);
    flawed_report_ext("CLOCK COMPARATOR", &on, "STOSM");
    printf("STNSM X'FC' AT %08X: STORED MASK %02X", off2.at, m3);
}

/* Section 2: STOSM (open), then STNSM, CPU timer, SSM of the saved mask. */
static void ssm_section(void)
{
    (void)irq_enable_save();
    flawed_ext = (struct flawed_ext){0};
    flawed_phase = PH_BEFORE;
    u8 m = irq_disable_save();
    struct psw_op off = psw_last;
    flawed_phase = PH_INSIDE;
    flawed_spt((s64)US(20));
    flawed_work_until_cpt(200);
    irq_restore(m);
    struct psw_op on = psw_last;
    flawed_phase = PH_AFTER;
    flawed_work_until(stck(), 100);
    (void)irq_disable_save();
    printf("STNSM X'FC' AT %08X: STORED MASK %02X", off.at, m);
    printf("SSM AT %08X: MASK %02X", on.at, m);
    flawed_report_ext("CPU TIMER", &on, "SSM");
}

/* Section 3: nested. */
static void nested_sections(void)
{
    (void)irq_enable_save();
    flawed_ext = (struct flawed_ext){0};
    flawed_phase = PH_BEFORE;
    u8 outer = irq_disable_save();
    struct psw_op o_off = psw_last;
    u8 inner = irq_disable_save();
    struct psw_op i_off = psw_last;
    flawed_phase = PH_INSIDE_INNER;
    u64 due = flawed_arm_ckc(20);
    flawed_work_until(due, 200);
    irq_restore(inner);
    struct psw_op i_on = psw_last;
    flawed_phase = PH_INSIDE_OUTER;
    flawed_work_until(stck(), 100);
    irq_restore(outer);
    struct psw_op o_on = psw_last;
    flawed_phase = PH_AFTER;
    flawed_work_until(stck(), 100);
    (void)irq_disable_save();
    printf("STNSM X'FC' AT %08X (OUTER): STORED MASK %02X", o_off.at, outer);
    printf("STNSM X'FC' AT %08X (INNER): STORED MASK %02X", i_off.at, inner);
    printf("SSM AT %08X (INNER): MASK %02X", i_on.at, inner);
    printf("SSM AT %08X (OUTER): MASK %02X", o_on.at, outer);
    flawed_report_ext("CLOCK COMPARATOR", &o_on, "OUTER SSM");
}

int flawed_main(u32 r2, u32 r3)
{
    (void)r2, (void)r3;
    flawed_init();
    u32 at = flawed_lpsw(0x03, false);
    printf("CRITSECT: LPSW AT %08X: OPEN FOR I/O AND EXTERNAL (CR2 KEEPS I/O OUT)", at);
    stosm_section();
    ssm_section();
    nested_sections();
    printf("CRITSECT: DONE");
    return 0;
}
