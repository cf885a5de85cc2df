/* test_clock.c: the TOD clock, clock comparator and CPU timer: STCK, SCK,
 * SCKC, STCKC, SPT, STPT, and the clock-comparator (0x1004) and CPU-timer
 * (0x1005) external interruptions under CR0 and PSW masks.
 *
 * Time is deterministic: the TOD clock starts at 2025-01-01 00:00 UTC,
 * virtual time advances 64 TOD units per instruction, and an enabled wait
 * jumps straight to the next timer event. So exact values are asserted. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"

#define TOD_2025 ((u64)3944678400ull * 1000000ull << 12)
#define PER_INSN 64u

static void put_dw(struct machine *m, u32 addr, u64 v) { put64(m->mem + addr, v); }
static u64 get_dw(struct machine *m, u32 addr) { return be64(m->mem + addr); }

static void set_key(struct machine *m, u32 addr, u8 key)
{
    m->keys[addr >> PAGE_SHIFT] = key;
    tlb_purge_frame(m, addr >> PAGE_SHIFT);
}

/* ---- STCK ----------------------------------------------------------------------- */

Test(clock, STCK_starts_at_2025_and_sets_cc0)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA;
    m->cpu.cc = 3;
    cr_assert_eq(t_exec(m, "B2051000"), 0);
    cr_assert_eq(get_dw(m, T_DATA), TOD_2025);
    cr_assert_eq(get_dw(m, T_DATA), 0xE03AA02C90000000ull, "2025-01-01 00:00:00");
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

Test(clock, STCK_advances_64_units_per_instruction)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA;
    t_put(m, T_CODE, "B2051000 0700 0700 B2051008 0000");
    t_run(m, 10);
    cr_assert(t_took(m, LC_PGM_NEW_PSW));
    cr_assert_eq(get_dw(m, T_DATA), TOD_2025);
    cr_assert_eq(get_dw(m, T_DATA + 8), TOD_2025 + 3 * PER_INSN);
    cr_assert_eq(clock_tod(m), TOD_2025 + 5 * PER_INSN, "five instructions ran");
    t_free(m);
}

/* In a long run (the threaded fast loop) STCK still sees exact time. */
Test(clock, STCK_exact_in_fast_loop)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0x10000;
    m->cpu.gr[2] = 1000;
    m->cpu.gr[3] = T_CODE;
    t_put(m, T_CODE, "B2051000 41101008 46203000 0000");   /* STCK ; LA 1,8(1) ; BCT 2,0(5) */
    t_run(m, 1000000);
    cr_assert(t_took(m, LC_PGM_NEW_PSW));
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 14);
    for (u32 i = 0; i < 1000; i++)
        cr_assert_eq(get_dw(m, 0x10000 + 8 * i), TOD_2025 + (u64)i * 3 * PER_INSN, "iteration %u", i);
    t_free(m);
}

Test(clock, STCK_values_unique_when_clock_stands_still)
{
    struct machine *m = t_new();
    m->clk.tod_per_insn = 0;
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "B2051000"), 0);
    cr_assert_eq(t_exec(m, "B2051008"), 0);
    cr_assert_eq(get_dw(m, T_DATA + 8), get_dw(m, T_DATA) + 1);
    t_free(m);
}

Test(clock, STCK_unprivileged_and_unaligned)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA + 3;
    t_psw(m, 0x00090000, T_CODE);
    cr_assert_eq(t_exec(m, "B2051000"), 0);
    cr_assert_eq(get_dw(m, T_DATA + 3), TOD_2025);
    t_free(m);
}

Test(clock, STCK_addressing_and_protection)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_STORAGE - 4;
    m->cpu.cc = 2;
    cr_assert_eq(t_exec(m, "B2051000"), PGM_ADDRESSING);
    cr_assert_eq(be32(m->mem + T_STORAGE - 4), 0, "nothing stored");
    cr_assert_eq(be32(m->mem + LC_PGM_OLD_PSW) & PSW0_CC, 0x2000, "CC unchanged");
    set_key(m, 0x10000, 0x50);
    m->cpu.gr[1] = 0x10000;
    t_psw(m, 0x00380000, T_CODE);
    cr_assert_eq(t_exec(m, "B2051000"), PGM_PROTECTION);
    cr_assert_eq(get_dw(m, 0x10000), 0);
    t_free(m);
}

/* ---- SCK --------------------------------------------------------------------------- */

Test(clock, SCK_sets_clock_and_cc0)
{
    struct machine *m = t_new();
    put_dw(m, T_DATA, 0xE100000000000000ull);
    m->cpu.gr[1] = T_DATA;
    m->cpu.cc = 3;
    cr_assert_eq(t_exec(m, "B2041000"), 0);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(t_exec(m, "B2051008"), 0);   /* STCK one instruction later */
    cr_assert_eq(get_dw(m, T_DATA + 8), 0xE100000000000040ull);
    t_free(m);
}

Test(clock, SCK_backwards_then_STCK_sees_new_value)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "B2051010"), 0);   /* STCK: 2025 */
    put_dw(m, T_DATA, 0x0100000000000000ull);
    cr_assert_eq(t_exec(m, "B2041000"), 0);   /* SCK: back to 1905 */
    cr_assert_eq(clock_tod(m), 0x0100000000000040ull);
    cr_assert_eq(t_exec(m, "B2051008"), 0);   /* STCK: the clock as SCK left it */
    cr_assert_eq(get_dw(m, T_DATA + 8), 0x0100000000000040ull, "STCK stored %016llx",
                 (unsigned long long)get_dw(m, T_DATA + 8));
    t_free(m);
}

Test(clock, SCK_privileged)
{
    struct machine *m = t_new();
    put_dw(m, T_DATA, 0x0100000000000000ull);
    m->cpu.gr[1] = T_DATA;
    t_psw(m, 0x00090000, T_CODE);
    cr_assert_eq(t_exec(m, "B2041000"), PGM_PRIVILEGED_OPERATION);
    cr_assert_eq(clock_tod(m), TOD_2025 + PER_INSN, "clock not set");
    t_free(m);
}

Test(clock, SCK_specification_unaligned)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA + 4;
    cr_assert_eq(t_exec(m, "B2041000"), PGM_SPECIFICATION);
    cr_assert_eq(clock_tod(m), TOD_2025 + PER_INSN);
    t_free(m);
}

Test(clock, SCK_addressing)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_STORAGE;
    cr_assert_eq(t_exec(m, "B2041000"), PGM_ADDRESSING);
    cr_assert_eq(clock_tod(m), TOD_2025 + PER_INSN);
    t_free(m);
}

/* SCK past the clock comparator makes the comparator condition pending. */
Test(clock, SCK_past_comparator_interrupts)
{
    struct machine *m = t_new();
    m->clk.ckc = TOD_2025 + 1000000000ull;
    m->cpu.cr[0] |= CR0_CKC_MASK;
    put_dw(m, T_DATA, TOD_2025 + 2000000000ull);
    m->cpu.gr[1] = T_DATA;
    t_put(m, T_CODE, "B2041000 A7F40000");   /* SCK ; J * */
    t_psw(m, 0x01080000, T_CODE);
    cr_assert_eq(t_run(m, 100000), STOP_WAIT);
    cr_assert(t_took(m, LC_EXT_NEW_PSW));
    cr_assert_eq(be16(m->mem + LC_EXT_CODE), EXT_CLOCK_COMPARATOR);
    cr_assert_eq(be64(m->mem + LC_EXT_OLD_PSW), 0x0108000080000000ull | (T_CODE + 4));
    cr_assert_eq(m->cpu.icount, 1, "right after SCK");
    t_free(m);
}

/* ---- SCKC, STCKC --------------------------------------------------------------------------- */

Test(clock, SCKC_sets_comparator_and_STCKC_stores_it)
{
    struct machine *m = t_new();
    put_dw(m, T_DATA, 0x123456789ABCDEF0ull);
    m->cpu.gr[1] = T_DATA;
    m->cpu.cc = 1;
    cr_assert_eq(t_exec(m, "B2061000"), 0);
    cr_assert_eq(m->clk.ckc, 0x123456789ABCDEF0ull);
    cr_assert_eq(t_exec(m, "B2071008"), 0);
    cr_assert_eq(get_dw(m, T_DATA + 8), 0x123456789ABCDEF0ull);
    cr_assert_eq(m->cpu.cc, 1, "no CC");
    t_free(m);
}

Test(clock, SCKC_privileged)
{
    struct machine *m = t_new();
    put_dw(m, T_DATA, 5);
    m->cpu.gr[1] = T_DATA;
    t_psw(m, 0x00090000, T_CODE);
    cr_assert_eq(t_exec(m, "B2061000"), PGM_PRIVILEGED_OPERATION);
    cr_assert_eq(m->clk.ckc, 0);
    t_free(m);
}

Test(clock, SCKC_specification_and_addressing)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA + 2;
    cr_assert_eq(t_exec(m, "B2061000"), PGM_SPECIFICATION);
    t_psw(m, 0x00080000, T_CODE);
    m->cpu.gr[1] = T_STORAGE;
    cr_assert_eq(t_exec(m, "B2061000"), PGM_ADDRESSING);
    cr_assert_eq(m->clk.ckc, 0);
    t_free(m);
}

Test(clock, SCKC_fetch_protection)
{
    struct machine *m = t_new();
    set_key(m, 0x10000, 0x58);
    put_dw(m, 0x10000, 5);
    m->cpu.gr[1] = 0x10000;
    t_psw(m, 0x00380000, T_CODE);
    cr_assert_eq(t_exec(m, "B2061000"), PGM_PROTECTION);
    cr_assert_eq(m->clk.ckc, 0);
    t_free(m);
}

Test(clock, STCKC_privileged)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA;
    put_dw(m, T_DATA, 0x77);
    t_psw(m, 0x00090000, T_CODE);
    cr_assert_eq(t_exec(m, "B2071000"), PGM_PRIVILEGED_OPERATION);
    cr_assert_eq(get_dw(m, T_DATA), 0x77);
    t_free(m);
}

Test(clock, STCKC_specification_addressing_protection)
{
    struct machine *m = t_new();
    m->clk.ckc = 0x1111;
    m->cpu.gr[1] = T_DATA + 4;
    cr_assert_eq(t_exec(m, "B2071000"), PGM_SPECIFICATION);
    cr_assert_eq(get_dw(m, T_DATA + 4), 0);
    t_psw(m, 0x00080000, T_CODE);
    m->cpu.gr[1] = T_STORAGE;
    cr_assert_eq(t_exec(m, "B2071000"), PGM_ADDRESSING);
    set_key(m, 0x10000, 0x50);
    m->cpu.gr[1] = 0x10000;
    t_psw(m, 0x00380000, T_CODE);
    cr_assert_eq(t_exec(m, "B2071000"), PGM_PROTECTION);
    cr_assert_eq(get_dw(m, 0x10000), 0);
    t_free(m);
}

/* ---- SPT, STPT ------------------------------------------------------------------------------- */

Test(clock, SPT_sets_timer_and_STPT_sees_it_count_down)
{
    struct machine *m = t_new();
    put_dw(m, T_DATA, 0x0000000100000000ull);
    m->cpu.gr[1] = T_DATA;
    m->cpu.cc = 2;
    cr_assert_eq(t_exec(m, "B2081000"), 0);
    cr_assert_eq(t_exec(m, "B2091008"), 0);
    cr_assert_eq(get_dw(m, T_DATA + 8), 0x0000000100000000ull - PER_INSN);
    cr_assert_eq(t_exec(m, "B2091010"), 0);
    cr_assert_eq(get_dw(m, T_DATA + 16), 0x0000000100000000ull - 2 * PER_INSN);
    cr_assert_eq(m->cpu.cc, 2, "no CC");
    t_free(m);
}

Test(clock, SPT_negative_value)
{
    struct machine *m = t_new();
    put_dw(m, T_DATA, 0xFFFFFFFFFFFFFF00ull);   /* -256 */
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "B2081000"), 0);
    cr_assert_eq(clock_cpu_timer(m), -256 - (s64)PER_INSN);
    cr_assert_eq(t_exec(m, "B2091008"), 0);
    cr_assert_eq(get_dw(m, T_DATA + 8), (u64)(-256 - (s64)PER_INSN), "STPT at the same instruction count");
    t_free(m);
}

Test(clock, SPT_privileged)
{
    struct machine *m = t_new();
    put_dw(m, T_DATA, 0x1000);
    m->cpu.gr[1] = T_DATA;
    t_psw(m, 0x00090000, T_CODE);
    cr_assert_eq(t_exec(m, "B2081000"), PGM_PRIVILEGED_OPERATION);
    cr_assert_eq(clock_cpu_timer(m), -(s64)PER_INSN, "timer not set");
    t_free(m);
}

Test(clock, SPT_specification_and_addressing)
{
    struct machine *m = t_new();
    put_dw(m, T_DATA, 0x1000);
    m->cpu.gr[1] = T_DATA + 1;
    cr_assert_eq(t_exec(m, "B2081000"), PGM_SPECIFICATION);
    t_psw(m, 0x00080000, T_CODE);
    m->cpu.gr[1] = T_STORAGE;
    cr_assert_eq(t_exec(m, "B2081000"), PGM_ADDRESSING);
    cr_assert_eq(clock_cpu_timer(m), -2 * (s64)PER_INSN);
    t_free(m);
}

/* STPT in a long run (the threaded fast loop) sees exact time too. */
Test(clock, STPT_exact_in_fast_loop)
{
    struct machine *m = t_new();
    clock_set_cpu_timer(m, 0x7FFFFFFFFFFF0000ll);
    m->cpu.gr[1] = 0x10000;
    m->cpu.gr[2] = 500;
    m->cpu.gr[3] = T_CODE;
    t_put(m, T_CODE, "B2091000 41101008 46203000 0000");   /* STPT ; LA 1,8(1) ; BCT 2,0(5) */
    t_run(m, 1000000);
    cr_assert(t_took(m, LC_PGM_NEW_PSW));
    for (u32 i = 0; i < 500; i++)
        cr_assert_eq(get_dw(m, 0x10000 + 8 * i), 0x7FFFFFFFFFFF0000ull - (u64)i * 3 * PER_INSN, "iteration %u", i);
    t_free(m);
}

Test(clock, STPT_privileged)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA;
    t_psw(m, 0x00090000, T_CODE);
    cr_assert_eq(t_exec(m, "B2091000"), PGM_PRIVILEGED_OPERATION);
    cr_assert_eq(get_dw(m, T_DATA), 0);
    t_free(m);
}

Test(clock, STPT_specification_addressing_protection)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA + 4;
    cr_assert_eq(t_exec(m, "B2091000"), PGM_SPECIFICATION);
    cr_assert_eq(get_dw(m, T_DATA + 4), 0);
    t_psw(m, 0x00080000, T_CODE);
    m->cpu.gr[1] = T_STORAGE;
    cr_assert_eq(t_exec(m, "B2091000"), PGM_ADDRESSING);
    set_key(m, 0x10000, 0x50);
    m->cpu.gr[1] = 0x10000;
    t_psw(m, 0x00380000, T_CODE);
    cr_assert_eq(t_exec(m, "B2091000"), PGM_PROTECTION);
    cr_assert_eq(get_dw(m, 0x10000), 0);
    t_free(m);
}

/* ---- clock-comparator interruptions -------------------------------------------------------------- */

Test(clock, comparator_wakes_enabled_wait_exactly)
{
    struct machine *m = t_new();
    u64 ckc = TOD_2025 + 1000000;
    put_dw(m, T_DATA, ckc);
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "B2061000"), 0);
    m->cpu.cr[0] |= CR0_CKC_MASK;
    t_psw(m, 0x010A0000, 0x4000);
    cr_assert_eq(t_run(m, 10), STOP_WAIT);
    cr_assert(t_took(m, LC_EXT_NEW_PSW));
    cr_assert_eq(be16(m->mem + LC_EXT_CODE), EXT_CLOCK_COMPARATOR);
    cr_assert_eq(be16(m->mem + LC_EXT_CPU_ADDR), 0);
    cr_assert_eq(be64(m->mem + LC_EXT_OLD_PSW), 0x010A000080004000ull, "wait bit on in the old PSW");
    cr_assert_eq(clock_tod(m), ckc + 1 + PER_INSN,
                 "time jumped to the first TOD past the comparator, and on by one instruction's for the interruption");
    cr_assert_eq(m->count.wait_tod, ckc + 1 - (TOD_2025 + PER_INSN));
    cr_assert_eq(m->cpu.icount, 1, "no instructions ran while waiting");
    cr_assert_eq(m->count.ext[0], 1);
    t_free(m);
}

Test(clock, comparator_condition_is_strictly_greater)
{
    struct machine *m = t_new();
    m->clk.ckc = TOD_2025;   /* TOD == CKC now: not yet pending */
    m->cpu.cr[0] |= CR0_CKC_MASK;
    t_psw(m, 0x010A0000, 0x4000);
    cr_assert_eq(t_run(m, 10), STOP_WAIT);
    cr_assert(t_took(m, LC_EXT_NEW_PSW));
    cr_assert_eq(m->count.wait_tod, 1);
    t_free(m);
}

Test(clock, comparator_interrupts_running_loop_on_time)
{
    struct machine *m = t_new();
    m->clk.ckc = ~0ull;
    m->cpu.cr[0] |= CR0_CKC_MASK;
    put_dw(m, T_DATA, TOD_2025 + 100 * PER_INSN);
    m->cpu.gr[1] = T_DATA;
    t_put(m, T_CODE, "B2061000 A7F40000");   /* SCKC ; J * */
    t_psw(m, 0x01080000, T_CODE);
    cr_assert_eq(t_run(m, 1000000), STOP_WAIT);
    cr_assert(t_took(m, LC_EXT_NEW_PSW));
    cr_assert_eq(be16(m->mem + LC_EXT_CODE), EXT_CLOCK_COMPARATOR);
    cr_assert_eq(be64(m->mem + LC_EXT_OLD_PSW), 0x0108000080000000ull | (T_CODE + 4));
    cr_assert_eq(m->cpu.icount, 101, "at the first instruction boundary with TOD > CKC");
    t_free(m);
}

Test(clock, comparator_masked_by_cr0_or_psw)
{
    struct machine *m = t_new();
    m->clk.ckc = 0;   /* pending from the start: TOD > 0 */
    t_psw(m, 0x010A0000, 0x4000);
    cr_assert_eq(t_run(m, 10), STOP_IDLE, "CR0 subclass mask off");
    m->cpu.cr[0] |= CR0_CKC_MASK;
    t_psw(m, 0x000A0000, 0x4000);
    cr_assert_eq(t_run(m, 10), STOP_WAIT, "PSW external mask off");
    cr_assert_not(t_took(m, LC_EXT_NEW_PSW));
    t_psw(m, 0x010A0000, 0x4000);
    cr_assert_eq(t_run(m, 10), STOP_WAIT);
    cr_assert(t_took(m, LC_EXT_NEW_PSW));
    cr_assert_eq(m->count.wait_tod, 0, "already pending: no wait");
    t_free(m);
}

Test(clock, comparator_stays_pending_until_reset)
{
    struct machine *m = t_new();
    m->clk.ckc = 0;
    m->cpu.cr[0] |= CR0_CKC_MASK;
    t_psw(m, 0x01080000, T_CODE);
    t_run(m, 10);
    cr_assert(t_took(m, LC_EXT_NEW_PSW));
    memset(m->mem + LC_EXT_OLD_PSW, 0, 8);
    t_psw(m, 0x01080000, T_CODE);
    t_run(m, 10);
    cr_assert(t_took(m, LC_EXT_NEW_PSW), "taken again: the condition persists");
    cr_assert_eq(be64(m->mem + LC_EXT_OLD_PSW), 0x0108000080000000ull | T_CODE);
    /* SCKC to the future removes it */
    put_dw(m, T_DATA, TOD_2025 + 4096000);
    m->cpu.gr[1] = T_DATA;
    t_psw(m, 0x00080000, T_CODE);
    cr_assert_eq(t_exec(m, "B2061000"), 0);
    t_psw(m, 0x01080000, T_CODE);
    t_put(m, T_CODE, "0000");
    t_run(m, 1);
    cr_assert(t_took(m, LC_PGM_NEW_PSW), "no external interruption before the next instruction");
    t_free(m);
}

Test(clock, LCTL_enabling_comparator_subclass_interrupts_at_once)
{
    struct machine *m = t_new();
    m->clk.ckc = 0;   /* pending, but CR0 masks it */
    put32(m->mem + T_DATA, m->cpu.cr[0] | CR0_CKC_MASK);
    m->cpu.gr[1] = T_DATA;
    t_put(m, T_CODE, "0700 B7001000 A7F40000");   /* NOPR ; LCTL 0,0,0(1) ; J * */
    t_psw(m, 0x01080000, T_CODE);
    cr_assert_eq(t_run(m, 100000), STOP_WAIT);
    cr_assert(t_took(m, LC_EXT_NEW_PSW));
    cr_assert_eq(be16(m->mem + LC_EXT_CODE), EXT_CLOCK_COMPARATOR);
    cr_assert_eq(be64(m->mem + LC_EXT_OLD_PSW), 0x0108000080000000ull | (T_CODE + 6));
    cr_assert_eq(m->cpu.icount, 2);
    t_free(m);
}

/* A comparator at the largest TOD value can never be passed: an enabled
 * wait with nothing else to wait for must end (STOP_IDLE), not spin. */
Test(clock, comparator_at_maximum_never_fires, .timeout = 3)
{
    struct machine *m = t_new();
    m->clk.ckc = ~0ull;
    m->cpu.cr[0] |= CR0_CKC_MASK;
    t_psw(m, 0x010A0000, 0x4000);
    cr_assert_eq(t_run(m, 10), STOP_IDLE);
    cr_assert_not(t_took(m, LC_EXT_NEW_PSW));
    t_free(m);
}

/* ---- CPU-timer interruptions --------------------------------------------------------------------- */

Test(clock, cpu_timer_wakes_enabled_wait_exactly)
{
    struct machine *m = t_new();
    put_dw(m, T_DATA, 100000);
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "B2081000"), 0);
    m->cpu.cr[0] |= CR0_CPT_MASK;
    t_psw(m, 0x010A0000, 0x4000);
    cr_assert_eq(t_run(m, 10), STOP_WAIT);
    cr_assert(t_took(m, LC_EXT_NEW_PSW));
    cr_assert_eq(be16(m->mem + LC_EXT_CODE), EXT_CPU_TIMER);
    cr_assert_eq(be64(m->mem + LC_EXT_OLD_PSW), 0x010A000080004000ull);
    cr_assert_eq(clock_cpu_timer(m), -1 - (s64)PER_INSN, "the timer runs in the wait state, and while the interruption is taken");
    cr_assert_eq(m->count.wait_tod, 100000 - PER_INSN + 1);
    cr_assert_eq(clock_tod(m), TOD_2025 + 100000 + 1 + PER_INSN);
    cr_assert_eq(m->count.ext[1], 1);
    t_free(m);
}

Test(clock, cpu_timer_interrupts_running_loop_on_time)
{
    struct machine *m = t_new();
    m->cpu.cr[0] |= CR0_CPT_MASK;
    clock_set_cpu_timer(m, 1000000000);
    put_dw(m, T_DATA, 100 * PER_INSN);
    m->cpu.gr[1] = T_DATA;
    t_put(m, T_CODE, "B2081000 A7F40000");   /* SPT ; J * */
    t_psw(m, 0x01080000, T_CODE);
    cr_assert_eq(t_run(m, 1000000), STOP_WAIT);
    cr_assert(t_took(m, LC_EXT_NEW_PSW));
    cr_assert_eq(be16(m->mem + LC_EXT_CODE), EXT_CPU_TIMER);
    cr_assert_eq(be64(m->mem + LC_EXT_OLD_PSW), 0x0108000080000000ull | (T_CODE + 4));
    cr_assert_eq(m->cpu.icount, 101);
    cr_assert_eq(clock_cpu_timer(m), -2 * (s64)PER_INSN, "an instruction's worth for the interruption");
    t_free(m);
}

Test(clock, cpu_timer_pending_while_negative_until_set_positive)
{
    struct machine *m = t_new();
    m->cpu.cr[0] |= CR0_CPT_MASK;
    clock_set_cpu_timer(m, -5);
    t_psw(m, 0x01080000, T_CODE);
    t_run(m, 10);
    cr_assert(t_took(m, LC_EXT_NEW_PSW));
    cr_assert_eq(be16(m->mem + LC_EXT_CODE), EXT_CPU_TIMER);
    cr_assert_eq(m->cpu.icount, 0);
    memset(m->mem + LC_EXT_CODE, 0, 2);
    t_psw(m, 0x01080000, T_CODE);
    t_run(m, 10);
    cr_assert(t_took(m, LC_EXT_NEW_PSW), "still pending");
    cr_assert_eq(be16(m->mem + LC_EXT_CODE), EXT_CPU_TIMER);
    put_dw(m, T_DATA, 1000);
    m->cpu.gr[1] = T_DATA;
    t_psw(m, 0x00080000, T_CODE);
    cr_assert_eq(t_exec(m, "B2081000"), 0);
    u64 waited = m->count.wait_tod;
    t_psw(m, 0x010A0000, 0x4000);
    t_run(m, 10);
    cr_assert(t_took(m, LC_EXT_NEW_PSW));
    cr_assert_eq(m->count.wait_tod - waited, 1000 - PER_INSN + 1, "pending again only once it expires");
    t_free(m);
}

Test(clock, cpu_timer_masked_by_cr0)
{
    struct machine *m = t_new();
    clock_set_cpu_timer(m, -5);
    t_psw(m, 0x010A0000, 0x4000);
    cr_assert_eq(t_run(m, 10), STOP_IDLE);
    cr_assert_not(t_took(m, LC_EXT_NEW_PSW));
    t_free(m);
}

Test(clock, comparator_presented_before_cpu_timer)
{
    struct machine *m = t_new();
    m->clk.ckc = 0;
    clock_set_cpu_timer(m, -5);
    m->cpu.cr[0] |= CR0_CKC_MASK | CR0_CPT_MASK;
    t_psw(m, 0x01080000, T_CODE);
    t_run(m, 10);
    cr_assert(t_took(m, LC_EXT_NEW_PSW));
    cr_assert_eq(be16(m->mem + LC_EXT_CODE), EXT_CLOCK_COMPARATOR);
    m->cpu.cr[0] &= ~CR0_CKC_MASK;
    t_psw(m, 0x01080000, T_CODE);
    t_run(m, 10);
    cr_assert_eq(be16(m->mem + LC_EXT_CODE), EXT_CPU_TIMER);
    t_free(m);
}

Test(clock, earlier_of_comparator_and_timer_wakes_first)
{
    struct machine *m = t_new();
    m->clk.ckc = TOD_2025 + 5000;
    clock_set_cpu_timer(m, 3000);
    m->cpu.cr[0] |= CR0_CKC_MASK | CR0_CPT_MASK;
    t_psw(m, 0x010A0000, 0x4000);
    t_run(m, 10);
    cr_assert_eq(be16(m->mem + LC_EXT_CODE), EXT_CPU_TIMER);
    cr_assert_eq(m->count.wait_tod, 3001);
    t_psw(m, 0x010A0000, 0x4000);
    m->cpu.cr[0] &= ~CR0_CPT_MASK;
    t_run(m, 10);
    cr_assert_eq(be16(m->mem + LC_EXT_CODE), EXT_CLOCK_COMPARATOR);
    cr_assert_eq(m->count.wait_tod, 5001 - PER_INSN, "the first interruption took an instruction's time");
    t_free(m);
}

/* An interruption loop (an enabled external new PSW with the clock
 * comparator due) completes no instruction, but time goes on: the CPU
 * timer runs out and a budget of work ends the run. */
Test(clock, interruption_loop_advances_time)
{
    struct machine *m = t_new();
    m->clk.ckc = 0;   /* due at once, for ever */
    clock_set_cpu_timer(m, 1000 * PER_INSN);
    m->cpu.cr[0] |= CR0_CKC_MASK;
    put_dw(m, LC_EXT_NEW_PSW, 0x0108000080000000ull | T_CODE);   /* enabled: taken again at once */
    t_put(m, T_CODE, "A7F40000");
    t_psw(m, 0x01080000, T_CODE);
    u64 work = cpu_work(m), tod = clock_tod(m);
    cr_assert_eq(cpu_run(m, 5000), STOP_LIMIT, "a budget of work ends the loop");
    cr_assert_eq(m->cpu.icount, 0, "no instruction completed");
    cr_assert_eq(cpu_work(m) - work, 5000);
    cr_assert_eq(clock_tod(m) - tod, 5000 * PER_INSN, "time went on by an instruction's worth an interruption");
    cr_assert(clock_cpu_timer(m) < 0, "the CPU timer ran out");
    t_free(m);
}

/* ---- clock instructions as the target of EXECUTE ---------------------------------- */

/* EXECUTE and its target count as one instruction, in the budget and in
 * time: the target reads the clocks at the EXECUTE's count. Each case runs
 * in the threaded fast loop (a big budget) and in the exact loop (a budget
 * within its tail), which must agree. Before the fix the fast loop
 * counted the target as the end of its whole run (up to 2^20
 * instructions), so time jumped about 16 ms ahead. */
static const u64 ex_budgets[] = {1000000, 1000};

/* The code at T_CODE (R5), the targets at T_CODE + 0x40 (R3), the data
 * at T_DATA (R1) and T_DATA + 0x100 (R4). */
#define EX_TARGETS (T_CODE + 0x40)

static struct machine *ex_machine(const char *code, const char *targets)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA;
    m->cpu.gr[3] = EX_TARGETS;
    m->cpu.gr[4] = T_DATA + 0x100;
    m->cpu.gr[5] = T_CODE;
    t_put(m, T_CODE, code);
    t_put(m, EX_TARGETS, targets);
    return m;
}

/* EX STCK twice in a row: one instruction's time apart, from the start. */
Test(clock, EX_STCK_twice_reads_the_clock_an_instruction_apart)
{
    for (int i = 0; i < 2; i++) {
        struct machine *m = ex_machine("44003000 44003004 0000",   /* EX 0,0(3) ; EX 0,4(3) */
                                       "B2051000 B2051008");       /* STCK 0(1) ; STCK 8(1) */
        t_run(m, ex_budgets[i]);
        cr_assert(t_took(m, LC_PGM_NEW_PSW));
        u64 first = get_dw(m, T_DATA), second = get_dw(m, T_DATA + 8);
        cr_assert_eq(first, TOD_2025, "budget %llu: at the first EXECUTE", (unsigned long long)ex_budgets[i]);
        cr_assert_eq(second - first, PER_INSN, "budget %llu: %llu apart", (unsigned long long)ex_budgets[i],
                     (unsigned long long)(second - first));
        cr_assert_eq(m->cpu.icount, 3, "each EXECUTE with its target is one instruction (and 0000 one more)");
        t_free(m);
    }
}

/* EX STCK then STCK, and STCK then EX STCK, in a loop: always increasing,
 * by exactly the instructions between. */
Test(clock, EX_STCK_in_a_loop_keeps_exact_time)
{
    for (int i = 0; i < 2; i++) {
        /* loop: EX 0,0(3) ; STCK 8(1) ; LA 1,16(1) ; BCT 2,0(5) */
        struct machine *m = ex_machine("44003000 B2051008 41101010 46205000 0000", "B2051000");
        m->cpu.gr[2] = 100;
        t_run(m, ex_budgets[i]);
        cr_assert(t_took(m, LC_PGM_NEW_PSW));
        for (u32 k = 0; k < 100; k++) {
            cr_assert_eq(get_dw(m, T_DATA + 16 * k), TOD_2025 + (u64)k * 4 * PER_INSN, "EX STCK, iteration %u", k);
            cr_assert_eq(get_dw(m, T_DATA + 16 * k + 8), TOD_2025 + ((u64)k * 4 + 1) * PER_INSN, "STCK, iteration %u", k);
        }
        t_free(m);
    }
}

/* EX STPT then STPT: the CPU timer never goes up without SPT. */
Test(clock, EX_STPT_then_STPT_never_goes_up)
{
    for (int i = 0; i < 2; i++) {
        /* loop: EX 0,0(3) ; STPT 8(1) ; LA 1,16(1) ; BCT 2,0(5) */
        struct machine *m = ex_machine("44003000 B2091008 41101010 46205000 0000", "B2091000");
        const s64 v = 0x7FFFFFFFFFFF0000ll;
        clock_set_cpu_timer(m, v);
        m->cpu.gr[2] = 100;
        t_run(m, ex_budgets[i]);
        cr_assert(t_took(m, LC_PGM_NEW_PSW));
        s64 last = v;
        for (u32 k = 0; k < 100; k++) {
            s64 ex = (s64)get_dw(m, T_DATA + 16 * k), plain = (s64)get_dw(m, T_DATA + 16 * k + 8);
            cr_assert(ex <= last && plain <= ex, "iteration %u: the timer went up", k);
            cr_assert_eq(ex, v - (s64)k * 4 * PER_INSN, "EX STPT, iteration %u", k);
            cr_assert_eq(plain, ex - PER_INSN, "STPT, iteration %u", k);
            last = plain;
        }
        t_free(m);
    }
}

/* EX SPT(V) then STPT: V less the one instruction between. */
Test(clock, EX_SPT_then_STPT_sees_the_value_set)
{
    for (int i = 0; i < 2; i++) {
        struct machine *m = ex_machine("44003000 B2091000 0000", "B2084000");   /* EX -> SPT 0(4) ; STPT 0(1) */
        put_dw(m, T_DATA + 0x100, 1000000ull << 12);
        t_run(m, ex_budgets[i]);
        cr_assert(t_took(m, LC_PGM_NEW_PSW));
        cr_assert_eq(get_dw(m, T_DATA), (1000000ull << 12) - PER_INSN);
        t_free(m);
    }
}

/* EX SCK(X) then STCK: X plus the one instruction between. */
Test(clock, EX_SCK_then_STCK_goes_on_from_the_value_set)
{
    for (int i = 0; i < 2; i++) {
        struct machine *m = ex_machine("44003000 B2051000 0000", "B2044000");   /* EX -> SCK 0(4) ; STCK 0(1) */
        u64 x = TOD_2025 + (3600ull * 1000000 << 12);
        put_dw(m, T_DATA + 0x100, x);
        t_run(m, ex_budgets[i]);
        cr_assert(t_took(m, LC_PGM_NEW_PSW));
        cr_assert_eq(get_dw(m, T_DATA), x + PER_INSN);
        t_free(m);
    }
}
