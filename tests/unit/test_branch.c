/* test_branch.c: branches (register, RX, index, relative and relative
 * long forms): branch targets, link registers (31-bit: 0x80000000 | next
 * address), counts and indexes, and branches to odd or unavailable
 * addresses (the branch completes; the exception comes with the next
 * fetch). test_branch_execute.c has the rest of the family. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"
#include "insn_checks.h"
#include "test_branch.h"

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
