/* test_control.c: the PSW and the control registers: LPSW, SSM, STOSM,
 * STNSM, LCTL, STCTL, SPKA, IPK, STIDP, DIAG, and SIE (not installed):
 * results, condition codes, and every exception each can raise. */
#include <criterion/criterion.h>

#include "harness.h"

#define SUPER 0x00080000u    /* PSW word 0: ESA bit, supervisor, key 0 */
#define PROBLEM 0x00090000u  /* ... and problem state (bit 15) */

static u64 pgm_old_psw(struct machine *m) { return be64(m->mem + LC_PGM_OLD_PSW); }

static void put_psw(struct machine *m, u32 addr, u64 psw) { put64(m->mem + addr, psw); }

/* The storage key of a frame, set behind the CPU's back: drop what the
 * TLB cached about the frame, as SSKE would. */
static void set_key(struct machine *m, u32 addr, u8 key)
{
    m->keys[addr >> PAGE_SHIFT] = key;
    tlb_purge_frame(m, addr >> PAGE_SHIFT);
}

/* ---- LPSW ------------------------------------------------------------------ */

Test(control, LPSW_loads_every_field)
{
    struct machine *m = t_new();
    put_psw(m, T_DATA, 0x00582A0080004000ull);   /* key 5, CC 2, PM A, IA 4000 */
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "82001000"), 0);
    cr_assert_eq(cpu_psw(&m->cpu), 0x00582A0080004000ull);
    cr_assert_eq(m->cpu.ia, 0x4000);
    cr_assert_eq(m->cpu.key, 5);
    cr_assert_eq(m->cpu.cc, 2);
    cr_assert_eq(m->cpu.pm, 0xA);
    cr_assert_eq(m->cpu.problem, 0);
    t_free(m);
}

Test(control, LPSW_to_problem_state_then_privileged_traps)
{
    struct machine *m = t_new();
    put_psw(m, T_DATA, 0x0009000080003000ull);
    t_put(m, 0x3000, "B2020000");   /* STIDP: privileged */
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "82001000"), 0);
    cr_assert_eq(m->cpu.problem, 1);
    cr_assert_eq(t_run(m, 1), STOP_LIMIT);
    cr_assert(t_took(m, LC_PGM_NEW_PSW));
    cr_assert_eq(be16(m->mem + LC_PGM_CODE), PGM_PRIVILEGED_OPERATION);
    cr_assert_eq(pgm_old_psw(m), 0x0009000080003004ull);
    t_free(m);
}

Test(control, LPSW_operand_must_be_doubleword_aligned)
{
    struct machine *m = t_new();
    put_psw(m, T_DATA + 4, 0x0008000080004000ull);
    m->cpu.gr[1] = T_DATA + 4;
    cr_assert_eq(t_exec(m, "82001000"), PGM_SPECIFICATION);
    cr_assert_eq(t_ilc(m), 4);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 4);
    t_free(m);
}

Test(control, LPSW_privileged_in_problem_state)
{
    struct machine *m = t_new();
    put_psw(m, T_DATA, 0x0008000080004000ull);
    m->cpu.gr[1] = T_DATA;
    t_psw(m, PROBLEM, T_CODE);
    cr_assert_eq(t_exec(m, "82001000"), PGM_PRIVILEGED_OPERATION);
    cr_assert_eq(t_ilc(m), 4);
    cr_assert_eq(pgm_old_psw(m), 0x0009000080000000ull | (T_CODE + 4));
    t_free(m);
}

Test(control, LPSW_privileged_checked_before_alignment)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA + 4;
    t_psw(m, PROBLEM, T_CODE);
    cr_assert_eq(t_exec(m, "82001000"), PGM_PRIVILEGED_OPERATION);
    t_free(m);
}

Test(control, LPSW_addressing_beyond_storage)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_STORAGE;
    cr_assert_eq(t_exec(m, "82001000"), PGM_ADDRESSING);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 4);
    t_free(m);
}

Test(control, LPSW_fetch_protection)
{
    struct machine *m = t_new();
    put_psw(m, 0x10000, 0x0008000080004000ull);
    set_key(m, 0x10000, 0x58);   /* key 5, fetch-protected */
    m->cpu.gr[1] = 0x10000;
    t_psw(m, 0x00380000, T_CODE);   /* PSW key 3 */
    cr_assert_eq(t_exec(m, "82001000"), PGM_PROTECTION);
    cr_assert_eq(be32(m->mem + LC_PGM_OLD_PSW), 0x00380000, "the PSW was not loaded");
    t_free(m);
}

Test(control, LPSW_invalid_psw_is_early_exception)
{
    struct machine *m = t_new();
    u64 bad = 0x0000000080004000ull;   /* bit 12 (ESA format) is zero */
    put_psw(m, T_DATA, bad);
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "82001000"), PGM_SPECIFICATION);
    cr_assert_eq(t_ilc(m), 0);
    cr_assert_eq(be32(m->mem + 0x8C), PGM_SPECIFICATION);
    cr_assert_eq(pgm_old_psw(m), bad, "old PSW = the invalid PSW");
    t_free(m);
}

Test(control, LPSW_invalid_psw_variants)
{
    static const u64 bad[] = {
        0x8008000080004000ull,   /* bit 0 */
        0x4008000080004000ull,   /* bit 1: PER, not provided */
        0x0808000080004000ull,   /* bit 4 */
        0x0008400080004000ull,   /* address-space control */
        0x0008000180004000ull,   /* bit 31 */
        0x0008000000004000ull,   /* 24-bit mode: this machine is 31-bit only */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct machine *m = t_new();
        put_psw(m, T_DATA, bad[i]);
        m->cpu.gr[1] = T_DATA;
        cr_assert_eq(t_exec(m, "82001000"), PGM_SPECIFICATION, "PSW %016llx", (unsigned long long)bad[i]);
        cr_assert_eq(t_ilc(m), 0);
        cr_assert_eq(pgm_old_psw(m), bad[i]);
        t_free(m);
    }
}

Test(control, LPSW_odd_address_is_late_specification)
{
    struct machine *m = t_new();
    put_psw(m, T_DATA, 0x0008000080004001ull);
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "82001000"), 0, "the PSW itself is valid");
    cr_assert_eq(m->cpu.ia, 0x4001);
    t_run(m, 1);
    cr_assert(t_took(m, LC_PGM_NEW_PSW));
    cr_assert_eq(be16(m->mem + LC_PGM_CODE), PGM_SPECIFICATION);
    cr_assert_eq(t_ilc(m), 2);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), 0x4003);
    t_free(m);
}

Test(control, LPSW_disabled_wait_stops)
{
    struct machine *m = t_new();
    put_psw(m, T_DATA, 0x000A000080001234ull);
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "82001000"), 0);
    cr_assert_eq(t_run(m, 10), STOP_WAIT);
    cr_assert_eq(m->cpu.ia, 0x1234);
    t_free(m);
}

Test(control, LPSW_enabling_takes_pending_interruption_at_once)
{
    struct machine *m = t_new();
    put_psw(m, T_DATA, 0x0108000080004000ull);   /* external mask on */
    m->cpu.gr[1] = T_DATA;
    m->ext_key = true;                          /* CR0 interrupt-key mask is on at reset */
    cr_assert_eq(t_exec(m, "82001000"), 0);
    t_run(m, 1);
    cr_assert(t_took(m, LC_EXT_NEW_PSW));
    cr_assert_eq(be64(m->mem + LC_EXT_OLD_PSW), 0x0108000080004000ull);
    cr_assert_eq(be16(m->mem + LC_EXT_CODE), EXT_INTERRUPT_KEY);
    t_free(m);
}

/* ---- SSM -------------------------------------------------------------------- */

Test(control, SSM_sets_system_mask)
{
    struct machine *m = t_new();
    m->mem[T_DATA] = 0x03;
    m->cpu.gr[1] = T_DATA;
    m->cpu.cc = 1;
    cr_assert_eq(t_exec(m, "80001000"), 0);
    cr_assert_eq(m->cpu.psw_sys, 0x03080000);
    cr_assert_eq(m->cpu.cc, 1, "CC unchanged");
    cr_assert_eq(m->cpu.ia, T_CODE + 4, "continues with the next instruction");
    m->mem[T_DATA] = 0x00;
    cr_assert_eq(t_exec(m, "80001000"), 0);
    cr_assert_eq(m->cpu.psw_sys, 0x00080000);
    t_free(m);
}

Test(control, SSM_privileged)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA;
    t_psw(m, PROBLEM, T_CODE);
    cr_assert_eq(t_exec(m, "80001000"), PGM_PRIVILEGED_OPERATION);
    t_free(m);
}

Test(control, SSM_special_operation_with_ssm_suppression)
{
    struct machine *m = t_new();
    m->mem[T_DATA] = 0x03;
    m->cpu.gr[1] = T_DATA;
    m->cpu.cr[0] |= CR0_SSM_SUPPRESS;
    cr_assert_eq(t_exec(m, "80001000"), PGM_SPECIAL_OPERATION);
    cr_assert_eq(t_ilc(m), 4);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 4);
    cr_assert_eq(be32(m->mem + LC_PGM_OLD_PSW) >> 24, 0, "mask unchanged");
    t_free(m);
}

Test(control, SSM_privileged_before_special_operation)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA;
    m->cpu.cr[0] |= CR0_SSM_SUPPRESS;
    t_psw(m, PROBLEM, T_CODE);
    cr_assert_eq(t_exec(m, "80001000"), PGM_PRIVILEGED_OPERATION);
    t_free(m);
}

Test(control, SSM_invalid_mask_is_specification_after_setting)
{
    static const u8 bad[] = {0x80, 0x40, 0x20, 0x10, 0x08};
    for (size_t i = 0; i < sizeof bad; i++) {
        struct machine *m = t_new();
        m->mem[T_DATA] = bad[i];
        m->cpu.gr[1] = T_DATA;
        cr_assert_eq(t_exec(m, "80001000"), PGM_SPECIFICATION, "mask %02x", bad[i]);
        cr_assert_eq(t_ilc(m), 4);
        cr_assert_eq(pgm_old_psw(m), ((u64)((u32)bad[i] << 24 | 0x00080000u) << 32) | 0x80000000u | (T_CODE + 4),
                     "the old PSW holds the new, invalid mask");
        t_free(m);
    }
}

Test(control, SSM_addressing)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_STORAGE;
    cr_assert_eq(t_exec(m, "80001000"), PGM_ADDRESSING);
    cr_assert_eq(be32(m->mem + LC_PGM_OLD_PSW), 0x00080000);
    t_free(m);
}

Test(control, SSM_fetch_protection)
{
    struct machine *m = t_new();
    set_key(m, 0x10000, 0x58);
    m->cpu.gr[1] = 0x10000;
    t_psw(m, 0x00380000, T_CODE);
    cr_assert_eq(t_exec(m, "80001000"), PGM_PROTECTION);
    t_free(m);
}

/* ---- STOSM, STNSM ------------------------------------------------------------ */

Test(control, STOSM_stores_old_mask_then_ors)
{
    struct machine *m = t_new();
    t_psw(m, 0x02080000, T_CODE);   /* I/O mask on */
    m->mem[T_DATA] = 0xEE;
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "AD011000"), 0);
    cr_assert_eq(m->mem[T_DATA], 0x02);
    cr_assert_eq(m->cpu.psw_sys, 0x03080000);
    cr_assert_eq(m->cpu.ia, T_CODE + 4, "continues with the next instruction");
    t_free(m);
}

Test(control, STOSM_privileged)
{
    struct machine *m = t_new();
    m->mem[T_DATA] = 0xEE;
    m->cpu.gr[1] = T_DATA;
    t_psw(m, PROBLEM, T_CODE);
    cr_assert_eq(t_exec(m, "AD031000"), PGM_PRIVILEGED_OPERATION);
    cr_assert_eq(m->mem[T_DATA], 0xEE, "nothing stored");
    t_free(m);
}

Test(control, STOSM_invalid_mask_stores_then_specification)
{
    struct machine *m = t_new();
    t_psw(m, 0x01080000, T_CODE);
    m->mem[T_DATA] = 0xEE;
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "AD801000"), PGM_SPECIFICATION);
    cr_assert_eq(m->mem[T_DATA], 0x01, "the old mask is stored first");
    cr_assert_eq(t_ilc(m), 4);
    cr_assert_eq(pgm_old_psw(m), 0x8108000080000000ull | (T_CODE + 4));
    t_free(m);
}

Test(control, STOSM_addressing_changes_nothing)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_STORAGE;
    cr_assert_eq(t_exec(m, "AD031000"), PGM_ADDRESSING);
    cr_assert_eq(be32(m->mem + LC_PGM_OLD_PSW) >> 24, 0, "mask not changed");
    t_free(m);
}

Test(control, STOSM_store_protection)
{
    struct machine *m = t_new();
    set_key(m, 0x10000, 0x50);
    m->mem[0x10000] = 0xEE;
    m->cpu.gr[1] = 0x10000;
    t_psw(m, 0x00380000, T_CODE);
    cr_assert_eq(t_exec(m, "AD031000"), PGM_PROTECTION);
    cr_assert_eq(m->mem[0x10000], 0xEE);
    cr_assert_eq(be32(m->mem + LC_PGM_OLD_PSW), 0x00380000, "mask not changed");
    t_free(m);
}

Test(control, STNSM_stores_old_mask_then_ands)
{
    struct machine *m = t_new();
    t_psw(m, 0x03080000, T_CODE);
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "ACFE1000"), 0);
    cr_assert_eq(m->mem[T_DATA], 0x03);
    cr_assert_eq(m->cpu.psw_sys, 0x02080000);
    cr_assert_eq(t_exec(m, "AC001001"), 0);
    cr_assert_eq(m->mem[T_DATA + 1], 0x02);
    cr_assert_eq(m->cpu.psw_sys, 0x00080000);
    cr_assert_eq(m->cpu.ia, T_CODE + 4, "continues with the next instruction");
    t_free(m);
}

Test(control, STNSM_privileged)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA;
    t_psw(m, PROBLEM, T_CODE);
    cr_assert_eq(t_exec(m, "ACFE1000"), PGM_PRIVILEGED_OPERATION);
    t_free(m);
}

Test(control, STNSM_addressing_and_low_address_protection)
{
    struct machine *m = t_new();
    t_psw(m, 0x03080000, T_CODE);
    m->cpu.gr[1] = T_STORAGE;
    cr_assert_eq(t_exec(m, "AC001000"), PGM_ADDRESSING);
    cr_assert_eq(be32(m->mem + LC_PGM_OLD_PSW), 0x03080000, "mask not changed");

    t_psw(m, 0x03080000, T_CODE);
    m->cpu.cr[0] |= CR0_LOW_PROTECT;
    tlb_purge(m);
    m->cpu.gr[1] = 0x100;
    m->mem[0x100] = 0xEE;
    cr_assert_eq(t_exec(m, "AC001000"), PGM_PROTECTION);
    cr_assert_eq(m->mem[0x100], 0xEE);
    cr_assert_eq(be32(m->mem + LC_PGM_OLD_PSW), 0x03080000, "mask not changed");
    t_free(m);
}

/* ---- LCTL, STCTL ------------------------------------------------------------------ */

Test(control, LCTL_loads_range)
{
    struct machine *m = t_new();
    for (u32 i = 0; i < 16; i++)
        t_put32(m, T_DATA + 4 * i, 0x01010100u * i + 0x10);
    m->cpu.gr[1] = T_DATA;
    m->cpu.cc = 2;
    cr_assert_eq(t_exec(m, "B70F1000"), 0);
    for (u32 i = 0; i < 16; i++)
        cr_assert_eq(m->cpu.cr[i], 0x01010100u * i + 0x10, "CR%u", i);
    cr_assert_eq(m->cpu.cc, 2);
    cr_assert_eq(m->cpu.ia, T_CODE + 4, "continues with the next instruction");
    t_free(m);
}

Test(control, LCTL_wraps_from_15_to_0)
{
    struct machine *m = t_new();
    for (u32 i = 0; i < 4; i++)
        t_put32(m, T_DATA + 4 * i, 0xA0000000u + i);
    for (u32 i = 0; i < 16; i++)
        m->cpu.cr[i] = 0x5500 + i;
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "B7E11000"), 0);   /* LCTL 14,1 */
    cr_assert_eq(m->cpu.cr[14], 0xA0000000);
    cr_assert_eq(m->cpu.cr[15], 0xA0000001);
    cr_assert_eq(m->cpu.cr[0], 0xA0000002);
    cr_assert_eq(m->cpu.cr[1], 0xA0000003);
    for (u32 i = 2; i < 14; i++)
        cr_assert_eq(m->cpu.cr[i], 0x5500 + i);
    t_free(m);
}

Test(control, LCTL_single_register)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, 0x12345678);
    m->cpu.cr[4] = 1;
    m->cpu.cr[6] = 2;
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "B7551000"), 0);
    cr_assert_eq(m->cpu.cr[5], 0x12345678);
    cr_assert_eq(m->cpu.cr[4], 1);
    cr_assert_eq(m->cpu.cr[6], 2);
    t_free(m);
}

Test(control, LCTL_specification_unaligned)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA + 2;
    m->cpu.cr[3] = 0x77;
    cr_assert_eq(t_exec(m, "B7331000"), PGM_SPECIFICATION);
    cr_assert_eq(m->cpu.cr[3], 0x77);
    cr_assert_eq(t_ilc(m), 4);
    t_free(m);
}

Test(control, LCTL_privileged)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA;
    t_psw(m, PROBLEM, T_CODE);
    cr_assert_eq(t_exec(m, "B7331000"), PGM_PRIVILEGED_OPERATION);
    t_free(m);
}

Test(control, LCTL_addressing_loads_nothing)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_STORAGE - 8;   /* CR0-1 in storage, CR2-15 beyond */
    for (u32 i = 0; i < 16; i++)
        m->cpu.cr[i] = 0x900 + i;
    cr_assert_eq(t_exec(m, "B70F1000"), PGM_ADDRESSING);
    for (u32 i = 0; i < 16; i++)
        cr_assert_eq(m->cpu.cr[i], 0x900 + i, "CR%u", i);
    t_free(m);
}

Test(control, LCTL_fetch_protection)
{
    struct machine *m = t_new();
    set_key(m, 0x10000, 0x58);
    m->cpu.gr[1] = 0x10000;
    t_psw(m, 0x00380000, T_CODE);
    m->cpu.cr[0] = 0x1234;
    cr_assert_eq(t_exec(m, "B7001000"), PGM_PROTECTION);
    cr_assert_eq(m->cpu.cr[0], 0x1234);
    t_free(m);
}

Test(control, STCTL_stores_range)
{
    struct machine *m = t_new();
    for (u32 i = 0; i < 16; i++)
        m->cpu.cr[i] = 0xC0000000u + i;
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "B60F1000"), 0);
    for (u32 i = 0; i < 16; i++)
        cr_assert_eq(t_get32(m, T_DATA + 4 * i), 0xC0000000u + i);
    t_free(m);
}

Test(control, STCTL_wraps_from_15_to_0)
{
    struct machine *m = t_new();
    for (u32 i = 0; i < 16; i++)
        m->cpu.cr[i] = 0xC0000000u + i;
    t_put32(m, T_DATA + 12, 0xEEEEEEEE);
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "B6F11000"), 0);   /* STCTL 15,1 */
    cr_assert_eq(t_get32(m, T_DATA), 0xC000000F);
    cr_assert_eq(t_get32(m, T_DATA + 4), 0xC0000000);
    cr_assert_eq(t_get32(m, T_DATA + 8), 0xC0000001);
    cr_assert_eq(t_get32(m, T_DATA + 12), 0xEEEEEEEE);
    t_free(m);
}

Test(control, STCTL_specification_unaligned)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA + 1;
    cr_assert_eq(t_exec(m, "B6001000"), PGM_SPECIFICATION);
    t_free(m);
}

Test(control, STCTL_privileged)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA;
    t_psw(m, PROBLEM, T_CODE);
    cr_assert_eq(t_exec(m, "B6001000"), PGM_PRIVILEGED_OPERATION);
    t_free(m);
}

Test(control, STCTL_addressing_stores_nothing)
{
    struct machine *m = t_new();
    t_put32(m, T_STORAGE - 8, 0x11111111);
    t_put32(m, T_STORAGE - 4, 0x22222222);
    m->cpu.gr[1] = T_STORAGE - 8;
    cr_assert_eq(t_exec(m, "B6031000"), PGM_ADDRESSING);
    cr_assert_eq(t_get32(m, T_STORAGE - 8), 0x11111111);
    cr_assert_eq(t_get32(m, T_STORAGE - 4), 0x22222222);
    t_free(m);
}

Test(control, STCTL_store_protection_stores_nothing)
{
    struct machine *m = t_new();
    set_key(m, 0x10000, 0x50);
    t_put32(m, 0x10000, 0x11111111);
    m->cpu.gr[1] = 0x10000;
    t_psw(m, 0x00380000, T_CODE);
    cr_assert_eq(t_exec(m, "B6001000"), PGM_PROTECTION);
    cr_assert_eq(t_get32(m, 0x10000), 0x11111111);
    t_free(m);
}

/* ---- SPKA, IPK ---------------------------------------------------------------------- */

Test(control, SPKA_sets_key_from_address_bits_24_27)
{
    struct machine *m = t_new();
    cr_assert_eq(t_exec(m, "B20A0050"), 0);
    cr_assert_eq(m->cpu.key, 5);
    cr_assert_eq(m->cpu.psw_sys & PSW0_KEY, 0x00500000);
    m->cpu.gr[1] = 0xFFFFFF3F;   /* only bits 24-27 count */
    cr_assert_eq(t_exec(m, "B20A1000"), 0);
    cr_assert_eq(m->cpu.key, 3);
    cr_assert_eq(cpu_psw(&m->cpu) >> 32, 0x00380000);
    cr_assert_eq(m->cpu.ia, T_CODE + 4, "continues with the next instruction");
    t_free(m);
}

Test(control, SPKA_problem_state_needs_cr3_key_mask)
{
    struct machine *m = t_new();
    m->cpu.cr[3] = 0x80000000u >> 5;   /* key 5 only */
    t_psw(m, PROBLEM, T_CODE);
    cr_assert_eq(t_exec(m, "B20A0050"), 0);
    cr_assert_eq(m->cpu.key, 5);
    cr_assert_eq(t_exec(m, "B20A0060"), PGM_PRIVILEGED_OPERATION);
    cr_assert_eq(be32(m->mem + LC_PGM_OLD_PSW), 0x00590000, "key stays 5");
    t_free(m);
}

Test(control, SPKA_problem_state_key_0_needs_bit_0)
{
    struct machine *m = t_new();
    m->cpu.cr[3] = 0x7FFF0000;
    t_psw(m, 0x00390000, T_CODE);
    cr_assert_eq(t_exec(m, "B20A0000"), PGM_PRIVILEGED_OPERATION);
    m->cpu.cr[3] = 0x80000000;
    t_psw(m, 0x00390000, T_CODE);
    cr_assert_eq(t_exec(m, "B20A0000"), 0);
    cr_assert_eq(m->cpu.key, 0);
    t_free(m);
}

Test(control, SPKA_new_key_governs_next_access)
{
    struct machine *m = t_new();
    set_key(m, 0x10000, 0x30);
    m->cpu.gr[2] = 0x10000;
    m->cpu.gr[1] = 0xAAAAAAAA;
    t_psw(m, 0x00380000, T_CODE);
    cr_assert_eq(t_exec(m, "50102000"), 0);   /* ST 1,0(2) with key 3: allowed */
    cr_assert_eq(t_exec(m, "B20A0040"), 0);   /* SPKA to key 4 */
    m->cpu.gr[1] = 0xBBBBBBBB;
    cr_assert_eq(t_exec(m, "50102000"), PGM_PROTECTION);
    cr_assert_eq(t_get32(m, 0x10000), 0xAAAAAAAA);
    t_free(m);
}

Test(control, IPK_inserts_key)
{
    struct machine *m = t_new();
    t_psw(m, 0x00A80000, T_CODE);   /* key 10 */
    m->cpu.gr[2] = 0xAABBCCDD;
    m->cpu.cc = 3;
    cr_assert_eq(t_exec(m, "B20B0000"), 0);
    cr_assert_eq(m->cpu.gr[2], 0xAABBCCA0);
    cr_assert_eq(m->cpu.cc, 3);
    t_free(m);
}

Test(control, IPK_problem_state_needs_extraction_authority)
{
    struct machine *m = t_new();
    t_psw(m, 0x00790000, T_CODE);   /* key 7, problem state */
    m->cpu.gr[2] = 0xFFFFFFFF;
    cr_assert_eq(t_exec(m, "B20B0000"), PGM_PRIVILEGED_OPERATION);
    cr_assert_eq(m->cpu.gr[2], 0xFFFFFFFF);
    m->cpu.cr[0] |= CR0_EXTRACT_AUTH;
    t_psw(m, 0x00790000, T_CODE);
    cr_assert_eq(t_exec(m, "B20B0000"), 0);
    cr_assert_eq(m->cpu.gr[2], 0xFFFFFF70);
    t_free(m);
}

/* ---- STIDP ------------------------------------------------------------------------- */

Test(control, STIDP_stores_cpu_id)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "B2021000"), 0);
    cr_assert_eq(be64(m->mem + T_DATA),
                 (u64)ARCH_VERSION << 56 | (u64)ARCH_CPU_ID << 32 | (u64)ARCH_MODEL << 16);
    cr_assert_eq(be64(m->mem + T_DATA), 0x0000000103700000ull);
    t_free(m);
}

Test(control, STIDP_specification_unaligned)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA + 4;
    cr_assert_eq(t_exec(m, "B2021000"), PGM_SPECIFICATION);
    cr_assert_eq(be64(m->mem + T_DATA + 4), 0);
    t_free(m);
}

Test(control, STIDP_privileged)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA;
    t_psw(m, PROBLEM, T_CODE);
    cr_assert_eq(t_exec(m, "B2021000"), PGM_PRIVILEGED_OPERATION);
    cr_assert_eq(be64(m->mem + T_DATA), 0);
    t_free(m);
}

Test(control, STIDP_addressing_and_protection)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_STORAGE;
    cr_assert_eq(t_exec(m, "B2021000"), PGM_ADDRESSING);
    set_key(m, 0x10000, 0x50);
    m->cpu.gr[1] = 0x10000;
    t_psw(m, 0x00380000, T_CODE);
    cr_assert_eq(t_exec(m, "B2021000"), PGM_PROTECTION);
    cr_assert_eq(be64(m->mem + 0x10000), 0);
    t_free(m);
}

/* ---- DIAG, SIE ------------------------------------------------------------------------- */

Test(control, DIAG_bare_machine_is_specification)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0x11;
    m->cpu.gr[2] = 0x22;
    m->cpu.cc = 1;
    cr_assert_eq(t_exec(m, "83120008"), PGM_SPECIFICATION);
    cr_assert_eq(t_ilc(m), 4);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 4);
    cr_assert_eq(m->cpu.gr[1], 0x11);
    cr_assert_eq(m->cpu.gr[2], 0x22);
    t_free(m);
}

Test(control, DIAG_privileged)
{
    struct machine *m = t_new();
    t_psw(m, PROBLEM, T_CODE);
    cr_assert_eq(t_exec(m, "83120008"), PGM_PRIVILEGED_OPERATION);
    t_free(m);
}

Test(control, SIE_privileged)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0x10000;
    t_psw(m, PROBLEM, T_CODE);
    cr_assert_eq(t_exec(m, "B2141000"), PGM_PRIVILEGED_OPERATION);
    t_free(m);
}
