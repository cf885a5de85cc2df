/* test_branch.c: branches (register, RX, index, relative and relative
 * long forms), SUPERVISOR CALL, EXECUTE, and SET/INSERT PROGRAM MASK:
 * branch targets, link registers (31-bit: 0x80000000 | next address),
 * counts and indexes, branches to odd or unavailable addresses (the branch
 * completes; the exception comes with the next fetch), EXECUTE's OR, its
 * addresses, ILC and exceptions, and operation exceptions for undefined
 * opcodes. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"
#include "insn_checks.h"

/* ---- helpers ---------------------------------------------------------------- */

#define LINK(a) (0x80000000u | (a))

/* A taken branch: one instruction, PSW at `target`. */
static void expect_branch(struct machine *m, const char *hex, u32 target)
{
    int code = t_exec(m, hex);
    cr_assert_eq(code, 0, "unexpected program interruption %d", code);
    cr_assert_eq(m->cpu.ia, target, "branched to %#x, want %#x", m->cpu.ia, target);
}

/* The branch at T_CODE goes to an address whose fetch fails with `code`:
 * the branch completes, then the next fetch is suppressed; this machine
 * reports old PSW = address + ILC. */
static void expect_fetch_exception(struct machine *m, const char *hex, u32 target, int code)
{
    t_put(m, T_CODE, hex);
    m->cpu.ia = T_CODE;
    t_run(m, 2);
    cr_assert(t_took(m, LC_PGM_NEW_PSW), "no program interruption");
    cr_assert_eq(m->mem[LC_PGM_CODE + 1], code, "code %d, want %d", m->mem[LC_PGM_CODE + 1], code);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW) - (u32)t_ilc(m), target, "old PSW %#x, ILC %d",
                 t_old_ia(m, LC_PGM_OLD_PSW), t_ilc(m));
    cr_assert_neq(t_ilc(m), 0);
}

/* ---- BALR / BASR / BAL / BAS ---------------------------------------------------------- */

Test(branch, BALR_links_and_branches)
{
    struct machine *m = t_new();
    m->cpu.gr[2] = 0x3000;
    m->cpu.cc = 2;
    expect_branch(m, "05E2", 0x3000);
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 2));
    cr_assert_eq(m->cpu.gr[2], 0x3000);
    cr_assert_eq(m->cpu.cc, 2);
    m->cpu.gr[2] = 0x80004000;   /* bit 0 of the target is not an address bit */
    expect_branch(m, "05E2", 0x4000);
    m->cpu.gr[2] = 0x5000;
    expect_branch(m, "0522", 0x5000);   /* BALR 2,2: the old R2 is the target */
    cr_assert_eq(m->cpu.gr[2], LINK(T_CODE + 2));
    t_free(m);
}

Test(branch, BALR_r2_zero_links_without_branching)
{
    struct machine *m = t_new();
    m->cpu.gr[0] = 0x3000;
    expect_branch(m, "05E0", T_CODE + 2);
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 2));
    t_free(m);
}

Test(branch, BALR_to_odd_address_is_specification_on_fetch)
{
    struct machine *m = t_new();
    m->cpu.gr[2] = 0x3001;
    expect_fetch_exception(m, "05E2", 0x3001, PGM_SPECIFICATION);
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 2), "the branch completed");
    t_free(m);
}

Test(branch, BALR_to_address_beyond_storage_is_addressing_on_fetch)
{
    struct machine *m = t_new();
    m->cpu.gr[2] = T_STORAGE;
    expect_fetch_exception(m, "05E2", T_STORAGE, PGM_ADDRESSING);
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 2));
    t_free(m);
}

Test(branch, BASR_saves_and_branches)
{
    struct machine *m = t_new();
    m->cpu.gr[15] = 0x6000;
    m->cpu.cc = 3;
    expect_branch(m, "0DEF", 0x6000);
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 2));
    cr_assert_eq(m->cpu.cc, 3);
    expect_branch(m, "0DE0", T_CODE + 2);   /* R2 = 0: no branch */
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 2));
    m->cpu.gr[15] = 0x6000;
    expect_branch(m, "0DFF", 0x6000);        /* BASR 15,15 */
    cr_assert_eq(m->cpu.gr[15], LINK(T_CODE + 2));
    t_free(m);
}

Test(branch, BASR_to_odd_address_is_specification_on_fetch)
{
    struct machine *m = t_new();
    m->cpu.gr[15] = 0x6003;
    expect_fetch_exception(m, "0DEF", 0x6003, PGM_SPECIFICATION);
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 2));
    t_free(m);
}

Test(branch, BASR_into_fetch_protected_page_is_protection_on_fetch)
{
    struct machine *m = t_new();
    m->keys[6] = 0x28;
    t_psw(m, 0x00180000, T_CODE);
    m->cpu.gr[15] = 0x6000;
    expect_fetch_exception(m, "0DEF", 0x6000, PGM_PROTECTION);
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 2));
    t_free(m);
}

Test(branch, BAL_links_and_branches)
{
    struct machine *m = t_new();
    m->cpu.gr[3] = 0x3000;
    m->cpu.gr[4] = 0x100;
    expect_branch(m, "45E43010", 0x3110);   /* BAL 14,16(4,3) */
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 4));
    expect_branch(m, "45303008", 0x3008);   /* BAL 3,8(3): the target uses the old R3 */
    cr_assert_eq(m->cpu.gr[3], LINK(T_CODE + 4));
    m->cpu.gr[3] = 0xFFFFFFFF;
    expect_branch(m, "45E03001", 0);        /* 31-bit wrap */
    t_free(m);
}

Test(branch, BAL_to_odd_address_is_specification_on_fetch)
{
    struct machine *m = t_new();
    expect_fetch_exception(m, "45E03001", 0x0001, PGM_SPECIFICATION);
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 4));
    t_free(m);
}

Test(branch, BAS_saves_and_branches)
{
    struct machine *m = t_new();
    m->cpu.gr[3] = 0x3000;
    m->cpu.cc = 1;
    expect_branch(m, "4DE03100", 0x3100);
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 4));
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(branch, BAS_to_odd_address_is_specification_on_fetch)
{
    struct machine *m = t_new();
    m->cpu.gr[3] = 0x3000;
    expect_fetch_exception(m, "4DE03005", 0x3005, PGM_SPECIFICATION);
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 4));
    t_free(m);
}

Test(branch, BAS_to_address_beyond_storage_is_addressing_on_fetch)
{
    struct machine *m = t_new();
    m->cpu.gr[3] = 0x7FFFFF00;
    expect_fetch_exception(m, "4DE03000", 0x7FFFFF00, PGM_ADDRESSING);
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 4));
    t_free(m);
}

/* ---- BCR / BC: every mask against every CC -------------------------------------------------- */

Test(branch, BCR_mask_selects_cc)
{
    for (int mask = 0; mask < 16; mask++)
        for (int cc = 0; cc < 4; cc++) {
            struct machine *m = t_new();
            char hex[8];
            snprintf(hex, sizeof hex, "07%X2", mask);
            m->cpu.gr[2] = 0x3000;
            m->cpu.cc = (u8)cc;
            bool taken = mask & (8 >> cc);
            expect_branch(m, hex, taken ? 0x3000 : T_CODE + 2);
            cr_assert_eq(m->cpu.cc, cc);
            t_free(m);
        }
}

Test(branch, BCR_r2_zero_never_branches)
{
    struct machine *m = t_new();
    m->cpu.gr[0] = 0x3000;
    expect_branch(m, "07F0", T_CODE + 2);
    expect_branch(m, "07E0", T_CODE + 2);
    t_free(m);
}

Test(branch, BCR_to_odd_address_is_specification_on_fetch)
{
    struct machine *m = t_new();
    m->cpu.gr[2] = 0x3001;
    expect_fetch_exception(m, "07F2", 0x3001, PGM_SPECIFICATION);
    t_free(m);
}

Test(branch, BC_mask_selects_cc)
{
    for (int mask = 0; mask < 16; mask++)
        for (int cc = 0; cc < 4; cc++) {
            struct machine *m = t_new();
            char hex[16];
            snprintf(hex, sizeof hex, "47%X43010", mask);   /* BC mask,16(4,3) */
            m->cpu.gr[3] = 0x3000;
            m->cpu.gr[4] = 0x20;
            m->cpu.cc = (u8)cc;
            bool taken = mask & (8 >> cc);
            expect_branch(m, hex, taken ? 0x3030 : T_CODE + 4);
            t_free(m);
        }
}

Test(branch, BC_to_odd_address_is_specification_on_fetch)
{
    struct machine *m = t_new();
    m->cpu.gr[3] = 0x3000;
    expect_fetch_exception(m, "47F03003", 0x3003, PGM_SPECIFICATION);
    t_free(m);
}

/* ---- BCTR / BCT / BRCT ------------------------------------------------------------------------ */

Test(branch, BCTR_decrements_and_branches_unless_zero)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 2;
    m->cpu.gr[2] = 0x3000;
    m->cpu.cc = 1;
    expect_branch(m, "0612", 0x3000);
    cr_assert_eq(m->cpu.gr[1], 1);
    expect_branch(m, "0612", T_CODE + 2);
    cr_assert_eq(m->cpu.gr[1], 0);
    expect_branch(m, "0612", 0x3000);
    cr_assert_eq(m->cpu.gr[1], 0xFFFFFFFF);
    m->cpu.gr[1] = 0x80000000;
    expect_branch(m, "0612", 0x3000);
    cr_assert_eq(m->cpu.gr[1], 0x7FFFFFFF, "no overflow");
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(branch, BCTR_r2_zero_only_decrements)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 5;
    expect_branch(m, "0610", T_CODE + 2);
    cr_assert_eq(m->cpu.gr[1], 4);
    m->cpu.gr[0] = 0x3000;
    expect_branch(m, "0600", T_CODE + 2);
    cr_assert_eq(m->cpu.gr[0], 0x2FFF);
    t_free(m);
}

Test(branch, BCTR_same_register_uses_old_target)
{
    struct machine *m = t_new();
    m->cpu.gr[2] = 0x3000;
    expect_branch(m, "0622", 0x3000);
    cr_assert_eq(m->cpu.gr[2], 0x2FFF);
    t_free(m);
}

Test(branch, BCTR_to_odd_address_is_specification_on_fetch)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 7;
    m->cpu.gr[2] = 0x3001;
    expect_fetch_exception(m, "0612", 0x3001, PGM_SPECIFICATION);
    cr_assert_eq(m->cpu.gr[1], 6, "the branch completed");
    t_free(m);
}

Test(branch, BCT_decrements_and_branches_unless_zero)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 2;
    m->cpu.gr[3] = 0x3000;
    expect_branch(m, "46103010", 0x3010);
    cr_assert_eq(m->cpu.gr[1], 1);
    expect_branch(m, "46103010", T_CODE + 4);
    cr_assert_eq(m->cpu.gr[1], 0);
    expect_branch(m, "46303010", 0x3010);   /* BCT 3,16(3): old R3 forms the address */
    cr_assert_eq(m->cpu.gr[3], 0x2FFF);
    t_free(m);
}

Test(branch, BCT_to_odd_address_is_specification_on_fetch)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 7;
    m->cpu.gr[3] = 0x3000;
    expect_fetch_exception(m, "46103011", 0x3011, PGM_SPECIFICATION);
    cr_assert_eq(m->cpu.gr[1], 6);
    t_free(m);
}

Test(branch, BRCT_decrements_and_branches_relative)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 2;
    m->cpu.cc = 2;
    expect_branch(m, "A7160010", T_CODE + 0x20);
    cr_assert_eq(m->cpu.gr[1], 1);
    expect_branch(m, "A7160010", T_CODE + 4);
    cr_assert_eq(m->cpu.gr[1], 0);
    expect_branch(m, "A716FFF0", T_CODE - 0x20);
    cr_assert_eq(m->cpu.gr[1], 0xFFFFFFFF);
    cr_assert_eq(m->cpu.cc, 2);
    t_free(m);
}

/* ---- index branches ---------------------------------------------------------------------------------- */

Test(branch, BXH_branches_when_sum_high)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0;
    m->cpu.gr[4] = 2;   /* increment */
    m->cpu.gr[5] = 3;   /* comparand: R3 even, so R3 + 1 */
    m->cpu.gr[9] = 0x3000;
    expect_branch(m, "86149010", T_CODE + 4);   /* 2 <= 3 */
    cr_assert_eq(m->cpu.gr[1], 2);
    expect_branch(m, "86149010", 0x3010);       /* 4 > 3 */
    cr_assert_eq(m->cpu.gr[1], 4);
    cr_assert_eq(m->cpu.gr[4], 2);
    cr_assert_eq(m->cpu.gr[5], 3);
    t_free(m);
}

Test(branch, BXH_odd_r3_is_increment_and_comparand)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 5;
    m->cpu.gr[3] = 5;
    m->cpu.gr[9] = 0x3000;
    expect_branch(m, "86139000", 0x3000);   /* 10 > 5 */
    cr_assert_eq(m->cpu.gr[1], 10);
    m->cpu.gr[1] = 5;
    m->cpu.gr[3] = (u32)-1;
    expect_branch(m, "86139000", 0x3000);   /* 4 > -1 */
    m->cpu.gr[1] = (u32)-5;
    expect_branch(m, "86139000", T_CODE + 4); /* -6 <= -1 */
    t_free(m);
}

Test(branch, BXH_comparand_read_before_update)
{
    struct machine *m = t_new();
    m->cpu.gr[5] = 10;   /* R1 is also the comparand R3+1 */
    m->cpu.gr[4] = 1;
    m->cpu.gr[9] = 0x3000;
    expect_branch(m, "86549000", 0x3000);   /* 11 > old 10 */
    cr_assert_eq(m->cpu.gr[5], 11);
    m->cpu.gr[1] = 5;     /* R1 = R3, odd: increment and comparand are the old R1 */
    expect_branch(m, "86119000", 0x3000);   /* 10 > 5 */
    cr_assert_eq(m->cpu.gr[1], 10);
    t_free(m);
}

Test(branch, BXH_target_computed_before_update)
{
    struct machine *m = t_new();
    m->cpu.gr[3] = 0x3000;   /* R1 is the base */
    m->cpu.gr[4] = 0x100;
    m->cpu.gr[5] = 0;
    expect_branch(m, "86343008", 0x3008);
    cr_assert_eq(m->cpu.gr[3], 0x3100);
    t_free(m);
}

Test(branch, BXH_signed_compare_and_wrap)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0x7FFFFFFF;
    m->cpu.gr[4] = 1;
    m->cpu.gr[5] = 0;
    m->cpu.gr[9] = 0x3000;
    expect_branch(m, "86149000", T_CODE + 4);   /* sum wraps to negative: not high */
    cr_assert_eq(m->cpu.gr[1], 0x80000000);
    t_free(m);
}

Test(branch, BXH_to_odd_address_is_specification_on_fetch)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 5;
    m->cpu.gr[4] = 1;
    m->cpu.gr[5] = 0;
    m->cpu.gr[9] = 0x3000;
    expect_fetch_exception(m, "86149001", 0x3001, PGM_SPECIFICATION);
    cr_assert_eq(m->cpu.gr[1], 6);
    t_free(m);
}

Test(branch, BXLE_branches_when_sum_low_or_equal)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0;
    m->cpu.gr[4] = 2;
    m->cpu.gr[5] = 4;
    m->cpu.gr[9] = 0x3000;
    expect_branch(m, "87149010", 0x3010);   /* 2 <= 4 */
    expect_branch(m, "87149010", 0x3010);   /* 4 <= 4 */
    expect_branch(m, "87149010", T_CODE + 4); /* 6 > 4 */
    cr_assert_eq(m->cpu.gr[1], 6);
    m->cpu.gr[1] = 0x7FFFFFFF;
    m->cpu.gr[4] = 1;
    expect_branch(m, "87149010", 0x3010);   /* wraps negative: low */
    cr_assert_eq(m->cpu.gr[1], 0x80000000);
    t_free(m);
}

Test(branch, BXLE_odd_r3_and_comparand_before_update)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = (u32)-5;
    m->cpu.gr[9] = 0x3000;
    expect_branch(m, "87119000", 0x3000);   /* R1 = R3 odd: -10 <= old -5 */
    cr_assert_eq(m->cpu.gr[1], (u32)-10);
    m->cpu.gr[1] = 5;
    expect_branch(m, "87119000", T_CODE + 4); /* 10 > old 5 */
    m->cpu.gr[5] = 10;
    m->cpu.gr[4] = (u32)-1;
    expect_branch(m, "87549000", 0x3000);   /* R1 = R3 + 1: 9 <= old 10 */
    cr_assert_eq(m->cpu.gr[5], 9);
    t_free(m);
}

Test(branch, BXLE_to_odd_address_is_specification_on_fetch)
{
    struct machine *m = t_new();
    m->cpu.gr[4] = 1;
    m->cpu.gr[5] = 10;
    m->cpu.gr[9] = 0x3000;
    expect_fetch_exception(m, "87149007", 0x3007, PGM_SPECIFICATION);
    cr_assert_eq(m->cpu.gr[1], 1);
    t_free(m);
}

Test(branch, BRXH_branches_relative_when_high)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0;
    m->cpu.gr[4] = 2;
    m->cpu.gr[5] = 3;
    expect_branch(m, "8414FFF8", T_CODE + 4);     /* 2 <= 3 */
    expect_branch(m, "8414FFF8", T_CODE - 0x10);  /* 4 > 3 */
    cr_assert_eq(m->cpu.gr[1], 4);
    m->cpu.gr[3] = 1;                             /* odd R3 */
    m->cpu.gr[1] = 1;
    expect_branch(m, "84130008", T_CODE + 0x10);  /* 2 > 1 */
    m->cpu.gr[5] = 10;                            /* R1 = R3 + 1: old comparand */
    m->cpu.gr[4] = 1;
    expect_branch(m, "84540008", T_CODE + 0x10);
    cr_assert_eq(m->cpu.gr[5], 11);
    t_free(m);
}

Test(branch, BRXLE_branches_relative_when_low_or_equal)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0;
    m->cpu.gr[4] = 2;
    m->cpu.gr[5] = 4;
    expect_branch(m, "85140100", T_CODE + 0x200);
    expect_branch(m, "85140100", T_CODE + 0x200);
    expect_branch(m, "85140100", T_CODE + 4);
    cr_assert_eq(m->cpu.gr[1], 6);
    m->cpu.gr[1] = (u32)-5;                       /* R1 = R3 odd */
    expect_branch(m, "8511F800", T_CODE - 0x1000);
    cr_assert_eq(m->cpu.gr[1], (u32)-10);
    t_free(m);
}

/* ---- relative branches -------------------------------------------------------------------------------------- */

Test(branch, BRC_mask_selects_cc)
{
    for (int mask = 0; mask < 16; mask++)
        for (int cc = 0; cc < 4; cc++) {
            struct machine *m = t_new();
            char hex[16];
            snprintf(hex, sizeof hex, "A7%X40010", mask);
            m->cpu.cc = (u8)cc;
            bool taken = mask & (8 >> cc);
            expect_branch(m, hex, taken ? T_CODE + 0x20 : T_CODE + 4);
            cr_assert_eq(m->cpu.cc, cc);
            t_free(m);
        }
}

Test(branch, BRC_offsets_are_signed_halfwords)
{
    struct machine *m = t_new();
    expect_branch(m, "A7F4FFF0", T_CODE - 0x20);
    expect_branch(m, "A7F47FFF", T_CODE + 0xFFFE);
    t_free(m);
    m = t_new();   /* T_CODE - 0x10000 wraps to 0x7FFF2000: beyond storage */
    expect_fetch_exception(m, "A7F48000", 0x7FFF2000, PGM_ADDRESSING);
    t_free(m);
}

Test(branch, BRAS_saves_and_branches_relative)
{
    struct machine *m = t_new();
    m->cpu.cc = 3;
    expect_branch(m, "A7E50010", T_CODE + 0x20);
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 4));
    expect_branch(m, "A7E5FF00", T_CODE - 0x200);
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 4));
    cr_assert_eq(m->cpu.cc, 3);
    t_free(m);
}

Test(branch, BRCL_mask_and_long_offsets)
{
    for (int mask = 0; mask < 16; mask++)
        for (int cc = 0; cc < 4; cc++) {
            struct machine *m = t_new();
            char hex[16];
            snprintf(hex, sizeof hex, "C0%X400008000", mask);
            m->cpu.cc = (u8)cc;
            bool taken = mask & (8 >> cc);
            expect_branch(m, hex, taken ? T_CODE + 0x10000 : T_CODE + 6);
            t_free(m);
        }
    struct machine *m = t_new();
    expect_branch(m, "C0F4FFFFFF00", T_CODE - 0x200);
    expect_branch(m, "C0F400000003", T_CODE + 6);   /* to the next instruction */
    t_free(m);
}

Test(branch, BRASL_saves_and_branches_relative_long)
{
    struct machine *m = t_new();
    expect_branch(m, "C0E500040000", T_CODE + 0x80000);
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 6));
    expect_branch(m, "C0E5FFFFFFF0", T_CODE - 0x20);
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 6));
    t_free(m);
}

Test(branch, BRASL_to_address_beyond_storage_is_addressing_on_fetch)
{
    struct machine *m = t_new();
    expect_fetch_exception(m, "C0E500080000", T_CODE + 0x100000, PGM_ADDRESSING);
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 6));
    t_free(m);
}

/* Relative and index branches beyond the end of storage: the branch
 * completes (registers updated, CC unchanged), then the fetch fails. */
static void relative_beyond_storage(const char *hex, u32 target, int cc)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 5;
    m->cpu.gr[4] = 0x100000;
    m->cpu.gr[5] = 0;
    m->cpu.cc = (u8)cc;
    expect_fetch_exception(m, hex, target, PGM_ADDRESSING);
    cr_assert_eq(old_cc(m), cc, "CC unchanged");
    t_free(m);
}

Test(branch, BRAS_beyond_storage_is_addressing_on_fetch)
{
    struct machine *m = t_new();
    expect_fetch_exception(m, "A7E58000", 0x7FFF2000, PGM_ADDRESSING);
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 4), "the link was stored");
    t_free(m);
}

Test(branch, BRCT_beyond_storage_is_addressing_on_fetch)
{
    relative_beyond_storage("A7168000", 0x7FFF2000, 1);
}

Test(branch, BRXH_beyond_storage_is_addressing_on_fetch)
{
    relative_beyond_storage("84148000", 0x7FFF2000, 2);   /* 5 + 0x100000 > 0 */
}

Test(branch, BRXLE_beyond_storage_is_addressing_on_fetch)
{
    struct machine *m = t_new();
    m->cpu.gr[3] = (u32)-1;   /* R3 = 3 is odd: increment and comparand */
    m->cpu.gr[2] = (u32)-9;
    m->cpu.cc = 3;
    expect_fetch_exception(m, "85238000", 0x7FFF2000, PGM_ADDRESSING);   /* -10 <= -1 */
    cr_assert_eq(m->cpu.gr[2], (u32)-10);
    cr_assert_eq(old_cc(m), 3);
    t_free(m);
}

Test(branch, BRCL_beyond_storage_is_addressing_on_fetch)
{
    relative_beyond_storage("C0F400080000", T_CODE + 0x100000, 1);
}

Test(branch, BXH_beyond_storage_is_addressing_on_fetch) { relative_beyond_storage("86144000", 0x100000, 2); }

Test(branch, BXLE_beyond_storage_is_addressing_on_fetch)
{
    struct machine *m = t_new();
    m->cpu.gr[2] = 1;
    m->cpu.gr[6] = 2;          /* increment */
    m->cpu.gr[7] = 3;          /* comparand */
    m->cpu.gr[9] = T_STORAGE;
    m->cpu.cc = 1;
    expect_fetch_exception(m, "87269000", T_STORAGE, PGM_ADDRESSING);   /* 3 <= 3 */
    cr_assert_eq(m->cpu.gr[2], 3);
    cr_assert_eq(old_cc(m), 1);
    t_free(m);
}

Test(branch, BC_beyond_storage_is_addressing_on_fetch) { relative_beyond_storage("47F04000", 0x100000, 3); }

Test(branch, BCT_beyond_storage_is_addressing_on_fetch) { relative_beyond_storage("46104000", 0x100000, 0); }

Test(branch, BAL_beyond_storage_is_addressing_on_fetch) { relative_beyond_storage("45E04000", 0x100000, 2); }

Test(branch, BCR_beyond_storage_is_addressing_on_fetch) { relative_beyond_storage("07F4", 0x100000, 1); }

Test(branch, BCTR_beyond_storage_is_addressing_on_fetch) { relative_beyond_storage("0614", 0x100000, 1); }

/* ---- SVC ------------------------------------------------------------------------------------------------------- */

static u16 svc_code(struct machine *m) { return (u16)(m->mem[LC_SVC_CODE] << 8 | m->mem[LC_SVC_CODE + 1]); }

Test(branch, SVC_interrupts_with_number_ilc_and_old_psw)
{
    struct machine *m = t_new();
    m->cpu.cc = 2;
    m->cpu.pm = 0xC;
    m->cpu.gr[1] = 0x12345678;
    cr_assert_eq(t_exec(m, "0A12"), 0, "not a program interruption");
    cr_assert(t_took(m, LC_SVC_NEW_PSW));
    cr_assert_eq(svc_code(m), 0x0012);
    cr_assert_eq(m->mem[LC_SVC_ILC] & 6, 2);
    cr_assert_eq(t_old_ia(m, LC_SVC_OLD_PSW), T_CODE + 2);
    u32 w0 = t_get32(m, LC_SVC_OLD_PSW);
    cr_assert_eq((w0 >> 12) & 3, 2, "CC in the old PSW");
    cr_assert_eq((w0 >> 8) & 15, 0xC, "program mask in the old PSW");
    cr_assert_eq(m->cpu.gr[1], 0x12345678);
    t_free(m);
}

Test(branch, SVC_from_problem_state_numbers_0_and_255)
{
    struct machine *m = t_new();
    t_psw(m, 0x00090000, T_CODE);   /* problem state */
    t_put(m, 0x3000, "0AFF");
    cr_assert_eq(t_exec_at(m, 0x3000), 0);
    cr_assert(t_took(m, LC_SVC_NEW_PSW));
    cr_assert_eq(svc_code(m), 0x00FF);
    cr_assert_eq(t_old_ia(m, LC_SVC_OLD_PSW), 0x3002);
    cr_assert(t_get32(m, LC_SVC_OLD_PSW) & 0x00010000, "problem state in the old PSW");
    t_psw(m, 0x00090000, T_CODE);
    cr_assert_eq(t_exec(m, "0A00"), 0);
    cr_assert(t_took(m, LC_SVC_NEW_PSW));
    cr_assert_eq(svc_code(m), 0);
    t_free(m);
}

/* ---- EX --------------------------------------------------------------------------------------------------------- */

/* EX at T_CODE with the target at T_DATA (base register 9). */
static int ex(struct machine *m, u32 r1, const char *target)
{
    char hex[16];
    t_put(m, T_DATA, target);
    m->cpu.gr[9] = T_DATA;
    snprintf(hex, sizeof hex, "44%X09000", r1);
    return t_exec(m, hex);
}

Test(branch, EX_ors_r1_low_byte_into_second_byte)
{
    struct machine *m = t_new();
    memcpy(m->mem + 0xA200, "ABCDEFGH", 8);
    m->cpu.gr[4] = 0xA000;
    m->cpu.gr[1] = 0xFFFFFF03;
    cr_assert_eq(ex(m, 1, "D20041004200"), 0);   /* MVC 256(1,4),512(4), length ORed to 4 */
    cr_assert_eq(memcmp(m->mem + 0xA100, "ABCD", 4), 0);
    cr_assert_eq(m->mem[0xA104], 0);
    cr_assert_eq(m->cpu.ia, T_CODE + 4);
    cr_assert_eq(m->cpu.gr[1], 0xFFFFFF03, "R1 unchanged");
    cr_assert_eq(t_get32(m, T_DATA), 0xD2004100, "the target in storage is unchanged");
    t_free(m);
}

Test(branch, EX_or_into_register_fields)
{
    struct machine *m = t_new();
    m->cpu.gr[2] = 40;
    m->cpu.gr[3] = 2;
    m->cpu.gr[5] = 0x23;
    m->cpu.cc = 0;
    cr_assert_eq(ex(m, 5, "1A00"), 0);   /* AR 0,0 becomes AR 2,3 */
    cr_assert_eq(m->cpu.gr[2], 42);
    cr_assert_eq(m->cpu.gr[0], 0);
    cr_assert_eq(m->cpu.cc, 2, "the target's CC rule applies");
    cr_assert_eq(m->cpu.ia, T_CODE + 4);
    t_free(m);
}

Test(branch, EX_r1_zero_does_no_or)
{
    struct machine *m = t_new();
    memcpy(m->mem + 0xA200, "ABCDEFGH", 8);
    m->cpu.gr[4] = 0xA000;
    m->cpu.gr[0] = 0xFF;
    cr_assert_eq(ex(m, 0, "D20041004200"), 0);
    cr_assert_eq(m->mem[0xA100], 'A');
    cr_assert_eq(m->mem[0xA101], 0, "one byte only");
    t_free(m);
}

Test(branch, EX_with_index_register_and_cc_setting_target)
{
    struct machine *m = t_new();
    t_put(m, T_DATA + 0x40, "95C1A000");   /* CLI 0(10),X'C1' */
    m->mem[0xA000] = 0xC1;
    m->cpu.gr[10] = 0xA000;
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[4] = 0x40;
    m->cpu.gr[1] = 0;
    m->cpu.cc = 3;
    cr_assert_eq(t_exec(m, "44143000"), 0);
    cr_assert_eq(m->cpu.cc, 0);
    m->cpu.gr[1] = 0x01;                 /* CLI 0(10),X'C1' | 01 = X'C1' */
    cr_assert_eq(t_exec(m, "44143000"), 0);
    cr_assert_eq(m->cpu.cc, 0);
    m->cpu.gr[1] = 0x02;                 /* X'C3' */
    cr_assert_eq(t_exec(m, "44143000"), 0);
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(branch, EX_relative_branch_is_relative_to_target)
{
    struct machine *m = t_new();
    cr_assert_eq(ex(m, 0, "A7F40010"), 0);   /* BRC 15,+32 */
    cr_assert_eq(m->cpu.ia, T_DATA + 0x20);
    cr_assert_eq(ex(m, 0, "A7F4FF00"), 0);
    cr_assert_eq(m->cpu.ia, T_DATA - 0x200);
    cr_assert_eq(ex(m, 0, "A7440010"), 0);   /* CC 0, mask 4: not taken, after the EX */
    cr_assert_eq(m->cpu.ia, T_CODE + 4);
    m->cpu.gr[1] = 0x80;                      /* ORing the mask: BRC 8 -> taken at CC 0 */
    m->cpu.cc = 0;
    cr_assert_eq(ex(m, 1, "A7040010"), 0);
    cr_assert_eq(m->cpu.ia, T_DATA + 0x20);
    t_free(m);
}

Test(branch, EX_relative_long_branch_and_larl_use_target_address)
{
    struct machine *m = t_new();
    cr_assert_eq(ex(m, 0, "C0F400001000"), 0);   /* BRCL 15,+0x2000 */
    cr_assert_eq(m->cpu.ia, T_DATA + 0x2000);
    cr_assert_eq(ex(m, 0, "C01000000008"), 0);   /* LARL 1,+16 */
    cr_assert_eq(m->cpu.gr[1], T_DATA + 0x10);
    cr_assert_eq(m->cpu.ia, T_CODE + 4);
    t_free(m);
}

Test(branch, EX_link_is_address_after_ex)
{
    struct machine *m = t_new();
    m->cpu.gr[3] = 0x3000;
    cr_assert_eq(ex(m, 0, "4DE03000"), 0);   /* BAS 14,0(3) */
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 4));
    cr_assert_eq(m->cpu.ia, 0x3000);
    m->cpu.gr[14] = 0;
    cr_assert_eq(ex(m, 0, "05E3"), 0);       /* BALR 14,3 */
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 4));
    cr_assert_eq(m->cpu.ia, 0x3000);
    m->cpu.gr[14] = 0;
    cr_assert_eq(ex(m, 0, "A7E50010"), 0);   /* BRAS 14,+32 */
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 4));
    cr_assert_eq(m->cpu.ia, T_DATA + 0x20);
    m->cpu.gr[14] = 0;
    cr_assert_eq(ex(m, 0, "C0E500000010"), 0); /* BRASL 14,+32 */
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 4));
    cr_assert_eq(m->cpu.ia, T_DATA + 0x20);
    m->cpu.gr[14] = 0;
    cr_assert_eq(ex(m, 0, "0DE0"), 0);       /* BASR 14,0: link only */
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 4));
    cr_assert_eq(m->cpu.ia, T_CODE + 4);
    t_free(m);
}

Test(branch, EX_of_ex_is_execute_exception)
{
    struct machine *m = t_new();
    fill_gr(m);
    m->cpu.cc = 1;
    t_put(m, T_DATA + 0x10, "1A12");
    u32 g[16];
    save_gr(m, g);
    g[9] = T_DATA;
    expect_pgm(m, ex(m, 0, "44009010"), PGM_EXECUTE, T_CODE + 4, 4);
    same_gr(m, g);
    cr_assert_eq(old_cc(m), 1);
    t_free(m);
}

Test(branch, EX_odd_target_is_specification)
{
    struct machine *m = t_new();
    fill_gr(m);
    m->cpu.gr[9] = T_DATA;
    t_put(m, T_DATA, "1A121A12");
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "44109001"), PGM_SPECIFICATION, T_CODE + 4, 4);
    same_gr(m, g);
    t_free(m);
}

Test(branch, EX_exception_in_target_reports_ex_ilc_and_address)
{
    struct machine *m = t_new();
    fill_gr(m);
    m->cpu.gr[4] = 0;
    u32 g[16];
    save_gr(m, g);
    g[9] = T_DATA;
    expect_pgm(m, ex(m, 0, "1D24"), PGM_FIXED_POINT_DIVIDE, T_CODE + 4, 4);   /* DR 2,4 by zero */
    same_gr(m, g);
    t_free(m);

    m = t_new();
    m->cpu.pm = 8;
    m->cpu.gr[1] = 0x7FFFFFFF;
    m->cpu.gr[2] = 1;
    expect_pgm(m, ex(m, 0, "1A12"), PGM_FIXED_POINT_OVERFLOW, T_CODE + 4, 4);
    cr_assert_eq(m->cpu.gr[1], 0x80000000);
    cr_assert_eq(old_cc(m), 3);
    t_free(m);

    m = t_new();
    fill_gr(m);
    expect_pgm(m, ex(m, 0, "1C34"), PGM_SPECIFICATION, T_CODE + 4, 4);   /* MR 3,4 */
    t_free(m);

    m = t_new();
    m->cpu.gr[3] = T_STORAGE;
    expect_pgm(m, ex(m, 0, "58103000"), PGM_ADDRESSING, T_CODE + 4, 4);   /* L 1,0(3) */
    t_free(m);

    m = t_new();
    m->keys[0xA] = 0x20;
    t_psw(m, 0x00180000, T_CODE);
    m->cpu.gr[4] = 0xA000;
    memset(m->mem + 0xA100, 0x77, 4);
    expect_pgm(m, ex(m, 0, "D20340004100"), PGM_PROTECTION, T_CODE + 4, 4);   /* MVC into key 2 */
    cr_assert_eq(t_get32(m, 0xA000), 0);
    t_free(m);
}

Test(branch, EX_undefined_target_is_operation_exception)
{
    static const char *targets[] = {"0000", "B2FF0000", "E31090000004"};
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        struct machine *m = t_new();
        fill_gr(m);
        u32 g[16];
        save_gr(m, g);
        g[9] = T_DATA;
        expect_pgm(m, ex(m, 0, targets[i]), PGM_OPERATION, T_CODE + 4, 4);
        same_gr(m, g);
        t_free(m);
    }
}

Test(branch, EX_target_fetch_exceptions)
{
    struct machine *m = t_new();
    fill_gr(m);
    m->cpu.gr[3] = T_STORAGE;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "44003000"), PGM_ADDRESSING, T_CODE + 4, 4);
    same_gr(m, g);
    t_free(m);

    m = t_new();
    t_put(m, 0xFFFFE, "D200");       /* a 6-byte target running off the end */
    m->cpu.gr[3] = 0xFFFFE;
    expect_pgm(m, t_exec(m, "44003000"), PGM_ADDRESSING, T_CODE + 4, 4);
    t_free(m);

    m = t_new();
    m->keys[T_DATA >> 12] = 0x28;
    t_psw(m, 0x00180000, T_CODE);
    expect_pgm(m, ex(m, 0, "1A12"), PGM_PROTECTION, T_CODE + 4, 4);
    t_free(m);
}

Test(branch, EX_target_across_page_boundary)
{
    struct machine *m = t_new();
    t_put(m, 0x8FFE, "C01000000008");   /* LARL 1,+16 */
    m->cpu.gr[3] = 0x8FFE;
    cr_assert_eq(t_exec(m, "44003000"), 0);
    cr_assert_eq(m->cpu.gr[1], 0x8FFE + 0x10);
    cr_assert_eq(m->cpu.ia, T_CODE + 4);
    t_free(m);
}

Test(branch, EX_of_svc_ors_number_and_reports_ex)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0x34;
    cr_assert_eq(ex(m, 1, "0A00"), 0);
    cr_assert(t_took(m, LC_SVC_NEW_PSW));
    cr_assert_eq(svc_code(m), 0x34);
    cr_assert_eq(t_old_ia(m, LC_SVC_OLD_PSW), T_CODE + 4);
    cr_assert_eq(m->mem[LC_SVC_ILC] & 6, 4, "ILC of EXECUTE");
    t_free(m);
}

Test(branch, EX_branch_to_odd_address_is_specification_on_fetch)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "05E3");   /* BALR 14,3 */
    m->cpu.gr[9] = T_DATA;
    m->cpu.gr[3] = 0x3001;
    expect_fetch_exception(m, "44009000", 0x3001, PGM_SPECIFICATION);
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 4));
    t_free(m);
}

/* ---- SPM / IPM ---------------------------------------------------------------------------------------------------- */

Test(branch, SPM_sets_cc_and_program_mask_from_r1)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0x2F000000;
    expect_branch(m, "0410", T_CODE + 2);
    cr_assert_eq(m->cpu.cc, 2);
    cr_assert_eq(m->cpu.pm, 0xF);
    m->cpu.gr[1] = 0xC0FFFFFF;   /* bits 0-1 and 8-31 are ignored */
    expect_branch(m, "0410", T_CODE + 2);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(m->cpu.pm, 0);
    m->cpu.gr[1] = 0x18000000;
    m->cpu.gr[2] = 0xFFFFFFFF;   /* the R2 field is ignored */
    expect_branch(m, "0412", T_CODE + 2);
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->cpu.pm, 8);
    cr_assert_eq(m->cpu.gr[1], 0x18000000);
    t_free(m);
}

Test(branch, SPM_program_mask_enables_overflow_interruption)
{
    struct machine *m = t_new();
    t_put(m, T_CODE, "0410 1A23");
    m->cpu.gr[1] = 0x08000000;
    m->cpu.gr[2] = 0x7FFFFFFF;
    m->cpu.gr[3] = 1;
    m->cpu.ia = T_CODE;
    t_run(m, 2);
    cr_assert(t_took(m, LC_PGM_NEW_PSW));
    cr_assert_eq(m->mem[LC_PGM_CODE + 1], PGM_FIXED_POINT_OVERFLOW);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 4);
    t_free(m);
}

Test(branch, IPM_inserts_cc_and_program_mask)
{
    struct machine *m = t_new();
    m->cpu.cc = 2;
    m->cpu.pm = 5;
    m->cpu.gr[1] = 0xFFFFFFFF;
    expect_branch(m, "B2220010", T_CODE + 4);
    cr_assert_eq(m->cpu.gr[1], 0x25FFFFFF, "bits 0-1 zero, 8-31 unchanged");
    cr_assert_eq(m->cpu.cc, 2);
    cr_assert_eq(m->cpu.pm, 5);
    m->cpu.cc = 3;
    m->cpu.pm = 0xA;
    m->cpu.gr[1] = 0x00123456;
    expect_branch(m, "B2220010", T_CODE + 4);
    cr_assert_eq(m->cpu.gr[1], 0x3A123456);
    cr_assert_eq(m->cpu.cc, 3);
    t_free(m);
}

/* ---- undefined opcodes ----------------------------------------------------------------------------------------------- */

Test(branch, SPM_neighbour_opcodes_00_to_03_are_operation_exceptions)
{
    static const char *ops[] = {"0000", "0101", "0212", "0312", "01FF"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        struct machine *m = t_new();
        fill_gr(m);
        m->cpu.cc = 2;
        u32 g[16];
        save_gr(m, g);
        expect_pgm(m, t_exec(m, ops[i]), PGM_OPERATION, T_CODE + 2, 2);
        same_gr(m, g);
        cr_assert_eq(old_cc(m), 2);
        t_free(m);
    }
}

Test(branch, IPM_neighbour_B2xx_opcodes_are_operation_exceptions)
{
    static const char *ops[] = {"B2FF0000", "B2230010", "B2560012"};   /* TRAP4, IVSK, undefined */
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        struct machine *m = t_new();
        fill_gr(m);
        m->cpu.cc = 1;
        u32 g[16];
        save_gr(m, g);
        expect_pgm(m, t_exec(m, ops[i]), PGM_OPERATION, T_CODE + 4, 4);
        same_gr(m, g);
        cr_assert_eq(old_cc(m), 1);
        t_free(m);
    }
}

Test(branch, BRCL_neighbour_C0xx_opcodes_are_operation_exceptions)
{
    /* C0x1 LGFI, C0x8 IIHF: z/Architecture only */
    static const char *ops[] = {"C01100000001", "C01800000001", "C01F00000001"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        struct machine *m = t_new();
        fill_gr(m);
        u32 g[16];
        save_gr(m, g);
        expect_pgm(m, t_exec(m, ops[i]), PGM_OPERATION, T_CODE + 6, 6);
        same_gr(m, g);
        t_free(m);
    }
}

/* ---- loops, calls and returns: several instructions in one run ---------------------------------- */

Test(branch, BRCT_loop_runs_to_completion)
{
    struct machine *m = t_new();
    t_put(m, T_CODE, "A71A0001 A726FFFE 0A01");   /* AHI 1,1 ; BRCT 2,*-4 ; SVC 1 */
    m->cpu.gr[2] = 1000;
    m->cpu.ia = T_CODE;
    u64 before = m->cpu.icount;
    t_run(m, 100000);
    cr_assert(t_took(m, LC_SVC_NEW_PSW));
    cr_assert_eq(m->cpu.gr[1], 1000);
    cr_assert_eq(m->cpu.gr[2], 0);
    cr_assert_eq(t_old_ia(m, LC_SVC_OLD_PSW), T_CODE + 10);
    cr_assert_eq(m->cpu.icount - before, 2001, "instructions counted: %llu",
                 (unsigned long long)(m->cpu.icount - before));
    t_free(m);
}

Test(branch, BAS_call_and_BCR_return_across_pages)
{
    struct machine *m = t_new();
    t_put(m, T_CODE, "4DE05000 A7280007 0A02");   /* BAS 14,0(5) ; LHI 2,7 ; SVC 2 */
    t_put(m, 0x7000, "A7180005 07FE");            /* LHI 1,5 ; BR 14 */
    m->cpu.gr[5] = 0x7000;
    m->cpu.ia = T_CODE;
    t_run(m, 100);
    cr_assert(t_took(m, LC_SVC_NEW_PSW));
    cr_assert_eq(m->cpu.gr[1], 5);
    cr_assert_eq(m->cpu.gr[2], 7);
    cr_assert_eq(m->cpu.gr[14], LINK(T_CODE + 4), "bit 0 of the link does not disturb the return");
    cr_assert_eq(t_old_ia(m, LC_SVC_OLD_PSW), T_CODE + 10);
    t_free(m);
}

Test(branch, BRC_falls_through_page_end_and_straddling_instruction)
{
    struct machine *m = t_new();
    /* 0x2FF8: BRC 0 (never) ; 0x2FFC: LARL 1,+6 straddling into 0x3000 ; 0x3002: SVC 3 */
    t_put(m, 0x2FF8, "A7040100 C01000000003 0A03");
    m->cpu.ia = 0x2FF8;
    t_run(m, 100);
    cr_assert(t_took(m, LC_SVC_NEW_PSW));
    cr_assert_eq(m->cpu.gr[1], 0x3002);
    cr_assert_eq(t_old_ia(m, LC_SVC_OLD_PSW), 0x3004);
    t_free(m);
}

Test(branch, EX_or_can_change_the_opcode_extension)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0x01;
    m->cpu.gr[4] = 0x00008000;
    m->cpu.cc = 0;
    cr_assert_eq(ex(m, 1, "A7408000"), 0);   /* BRC 4 becomes TMLL 4,X'8000' */
    cr_assert_eq(m->cpu.cc, 3, "TMLL: selected bit is one");
    cr_assert_eq(m->cpu.ia, T_CODE + 4);
    t_free(m);

    m = t_new();
    fill_gr(m);
    m->cpu.gr[1] = 0x01;
    u32 g[16];
    save_gr(m, g);
    g[9] = T_DATA;
    expect_pgm(m, ex(m, 1, "B2220000"), PGM_OPERATION, T_CODE + 4, 4);   /* IPM becomes B223 */
    same_gr(m, g);
    t_free(m);
}
