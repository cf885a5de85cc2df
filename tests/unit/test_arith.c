/* test_arith.c: fixed-point add and subtract (AR, SR, A, S, the
 * halfword and immediate forms, logical and with carry or borrow):
 * results, condition codes, the fixed-point-overflow interruption under
 * the program mask, access exceptions, where the old PSW points, and the
 * opcodes next to this family that this machine does not define. The
 * family goes on in test_arith_muldiv.c (multiply, divide) and
 * test_arith_compare.c (compare; load and test, positive, negative,
 * complement). (More families: one file each, named test_<family>.c.) */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"
#include "insn_checks.h"

/* ---- AR ---------------------------------------------------------------------- */

Test(arith, AR_adds_and_sets_cc)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 5;
    m->cpu.gr[2] = 7;
    cr_assert_eq(t_exec(m, "1A12"), 0);
    cr_assert_eq(m->cpu.gr[1], 12);
    cr_assert_eq(m->cpu.cc, 2);
    cr_assert_eq(m->cpu.ia, T_CODE + 2);
    m->cpu.gr[1] = 5;
    m->cpu.gr[2] = (u32)-5;
    t_exec(m, "1A12");
    cr_assert_eq(m->cpu.cc, 0);
    m->cpu.gr[2] = (u32)-9;
    t_exec(m, "1A12");
    cr_assert_eq(m->cpu.gr[1], (u32)-9);
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(arith, AR_overflow_cc3_without_interruption_when_masked)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0x7FFFFFFF;
    m->cpu.gr[2] = 1;
    cr_assert_eq(t_exec(m, "1A12"), 0);
    cr_assert_eq(m->cpu.gr[1], 0x80000000);
    cr_assert_eq(m->cpu.cc, 3);
    t_free(m);
}

Test(arith, AR_overflow_interrupts_with_program_mask_bit_20)
{
    struct machine *m = t_new();
    m->cpu.pm = 8;
    m->cpu.gr[1] = 0x7FFFFFFF;
    m->cpu.gr[2] = 1;
    cr_assert_eq(t_exec(m, "1A12"), PGM_FIXED_POINT_OVERFLOW);
    cr_assert_eq(m->cpu.gr[1], 0x80000000, "completion: the result is stored");
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 2);
    cr_assert_eq(t_ilc(m), 2);
    t_free(m);
}

Test(arith, AR_negative_overflow_and_same_register)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0x80000000;
    m->cpu.gr[2] = 0x80000000;
    expect_ok(m, "1A12", 2);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 3, "0x80000000 + 0x80000000 overflows to 0");
    m->cpu.gr[3] = 0x40000000;
    expect_ok(m, "1A33", 2);
    cr_assert_eq(m->cpu.gr[3], 0x80000000);
    cr_assert_eq(m->cpu.cc, 3);
    m->cpu.pm = 8;   /* no overflow: no interruption with the mask on */
    m->cpu.gr[3] = 0x20000000;
    expect_ok(m, "1A33", 2);
    cr_assert_eq(m->cpu.gr[3], 0x40000000);
    cr_assert_eq(m->cpu.cc, 2);
    t_free(m);
}

Test(arith, AR_overflow_interruption_old_psw_has_cc3)
{
    struct machine *m = t_new();
    m->cpu.pm = 8;
    m->cpu.gr[1] = 0x80000000;
    m->cpu.gr[2] = 0xFFFFFFFF;
    expect_pgm(m, t_exec(m, "1A12"), PGM_FIXED_POINT_OVERFLOW, T_CODE + 2, 2);
    cr_assert_eq(m->cpu.gr[1], 0x7FFFFFFF);
    cr_assert_eq(old_cc(m), 3);
    cr_assert_eq((t_get32(m, LC_PGM_OLD_PSW) >> 8) & 15, 8, "program mask kept in the old PSW");
    t_free(m);
}

/* ---- SR ---------------------------------------------------------------------- */

Test(arith, SR_subtracts_and_sets_cc)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 10;
    m->cpu.gr[2] = 3;
    expect_ok(m, "1B12", 2);
    cr_assert_eq(m->cpu.gr[1], 7);
    cr_assert_eq(m->cpu.gr[2], 3);
    cr_assert_eq(m->cpu.cc, 2);
    m->cpu.gr[2] = 7;
    expect_ok(m, "1B12", 2);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 0);
    m->cpu.gr[2] = 1;
    expect_ok(m, "1B12", 2);
    cr_assert_eq(m->cpu.gr[1], 0xFFFFFFFF);
    cr_assert_eq(m->cpu.cc, 1);
    m->cpu.gr[5] = 12345;
    expect_ok(m, "1B55", 2);
    cr_assert_eq(m->cpu.gr[5], 0);
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

Test(arith, SR_overflow_cc3_without_interruption_when_masked)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0x80000000;
    m->cpu.gr[2] = 1;
    expect_ok(m, "1B12", 2);
    cr_assert_eq(m->cpu.gr[1], 0x7FFFFFFF);
    cr_assert_eq(m->cpu.cc, 3);
    m->cpu.gr[1] = 0;
    m->cpu.gr[2] = 0x80000000;
    expect_ok(m, "1B12", 2);
    cr_assert_eq(m->cpu.gr[1], 0x80000000, "0 - max negative overflows");
    cr_assert_eq(m->cpu.cc, 3);
    t_free(m);
}

Test(arith, SR_overflow_interrupts_with_program_mask)
{
    struct machine *m = t_new();
    m->cpu.pm = 8;
    m->cpu.gr[1] = 0x7FFFFFFF;
    m->cpu.gr[2] = 0xFFFFFFFF;
    expect_pgm(m, t_exec(m, "1B12"), PGM_FIXED_POINT_OVERFLOW, T_CODE + 2, 2);
    cr_assert_eq(m->cpu.gr[1], 0x80000000, "completion: result stored");
    cr_assert_eq(old_cc(m), 3);
    t_free(m);
}

/* ---- A ------------------------------------------------------------------------- */

Test(arith, A_adds_word_from_storage)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA + 0x10, 100);
    m->cpu.gr[1] = 23;
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[4] = 8;
    expect_ok(m, "5A143008", 4);   /* A 1,8(4,3) */
    cr_assert_eq(m->cpu.gr[1], 123);
    cr_assert_eq(m->cpu.cc, 2);
    t_put32(m, T_DATA, (u32)-123);
    expect_ok(m, "5A103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 0);
    expect_ok(m, "5A103000", 4);
    cr_assert_eq(m->cpu.gr[1], (u32)-123);
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(t_get32(m, T_DATA), (u32)-123, "storage unchanged");
    t_free(m);
}

Test(arith, A_unaligned_and_page_crossing_operands)
{
    struct machine *m = t_new();
    t_put(m, T_DATA + 1, "00010002");
    t_put(m, 0x8FFE, "10000001");
    m->cpu.gr[1] = 1;
    m->cpu.gr[3] = T_DATA + 1;
    expect_ok(m, "5A103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0x00010003);
    m->cpu.gr[3] = 0x8FFE;
    expect_ok(m, "5A103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0x10010004);
    t_free(m);
}

Test(arith, A_overflow_cc3_and_interruption)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, 1);
    m->cpu.gr[1] = 0x7FFFFFFF;
    m->cpu.gr[3] = T_DATA;
    expect_ok(m, "5A103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0x80000000);
    cr_assert_eq(m->cpu.cc, 3);
    m->cpu.pm = 8;
    m->cpu.gr[1] = 0x7FFFFFFF;
    expect_pgm(m, t_exec(m, "5A103000"), PGM_FIXED_POINT_OVERFLOW, T_CODE + 4, 4);
    cr_assert_eq(m->cpu.gr[1], 0x80000000);
    cr_assert_eq(old_cc(m), 3);
    t_free(m);
}

Test(arith, A_addressing_exception_suppresses) { check_addressing("5A103000", 4, 3, 4); }

Test(arith, A_fetch_protection) { check_fetch_protection("5A103000", 4, 3, "00000001"); }

Test(arith, A_31_bit_address_arithmetic)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, 5);
    m->cpu.gr[3] = 0x80000000u | T_DATA;   /* bit 0 of the base is ignored */
    m->cpu.gr[1] = 1;
    expect_ok(m, "5A103000", 4);
    cr_assert_eq(m->cpu.gr[1], 6);
    m->cpu.gr[3] = 0x7FFFFFFF;             /* wraps: 0x7FFFFFFF + 0x8001 = 0x8000 */
    m->cpu.gr[4] = T_DATA + 1;
    t_put32(m, T_DATA, 7);
    expect_ok(m, "5A143000", 4);
    cr_assert_eq(m->cpu.gr[1], 13);
    t_free(m);
}

/* ---- S --------------------------------------------------------------------------- */

Test(arith, S_subtracts_word_from_storage)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, 30);
    m->cpu.gr[1] = 100;
    m->cpu.gr[3] = T_DATA;
    expect_ok(m, "5B103000", 4);
    cr_assert_eq(m->cpu.gr[1], 70);
    cr_assert_eq(m->cpu.cc, 2);
    m->cpu.gr[1] = 30;
    expect_ok(m, "5B103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 0);
    expect_ok(m, "5B103000", 4);
    cr_assert_eq(m->cpu.gr[1], (u32)-30);
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(arith, S_overflow_cc3_and_interruption)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, 1);
    m->cpu.gr[1] = 0x80000000;
    m->cpu.gr[3] = T_DATA;
    expect_ok(m, "5B103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0x7FFFFFFF);
    cr_assert_eq(m->cpu.cc, 3);
    m->cpu.pm = 8;
    m->cpu.gr[1] = 0x80000000;
    expect_pgm(m, t_exec(m, "5B103000"), PGM_FIXED_POINT_OVERFLOW, T_CODE + 4, 4);
    cr_assert_eq(m->cpu.gr[1], 0x7FFFFFFF);
    t_free(m);
}

Test(arith, S_addressing_exception_suppresses) { check_addressing("5B103000", 4, 3, 4); }

Test(arith, S_fetch_protection) { check_fetch_protection("5B103000", 4, 3, "00000001"); }

/* ---- AH / SH / AHI ------------------------------------------------------------------- */

Test(arith, AH_adds_sign_extended_halfword)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "FFFE7FFF");
    m->cpu.gr[1] = 10;
    m->cpu.gr[3] = T_DATA;
    expect_ok(m, "4A103000", 4);
    cr_assert_eq(m->cpu.gr[1], 8, "0xFFFE is -2");
    cr_assert_eq(m->cpu.cc, 2);
    m->cpu.gr[1] = 2;
    expect_ok(m, "4A103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 0);
    expect_ok(m, "4A103000", 4);
    cr_assert_eq(m->cpu.gr[1], (u32)-2);
    cr_assert_eq(m->cpu.cc, 1);
    m->cpu.gr[1] = 0;
    expect_ok(m, "4A103002", 4);
    cr_assert_eq(m->cpu.gr[1], 0x7FFF, "only two bytes are used");
    t_free(m);
}

Test(arith, AH_overflow_cc3_and_interruption)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "0001");
    m->cpu.gr[1] = 0x7FFFFFFF;
    m->cpu.gr[3] = T_DATA;
    expect_ok(m, "4A103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0x80000000);
    cr_assert_eq(m->cpu.cc, 3);
    m->cpu.pm = 8;
    m->cpu.gr[1] = 0x7FFFFFFF;
    expect_pgm(m, t_exec(m, "4A103000"), PGM_FIXED_POINT_OVERFLOW, T_CODE + 4, 4);
    cr_assert_eq(m->cpu.gr[1], 0x80000000);
    t_free(m);
}

Test(arith, AH_addressing_exception_suppresses) { check_addressing("4A103000", 4, 3, 2); }

Test(arith, AH_fetch_protection) { check_fetch_protection("4A103000", 4, 3, "0001"); }

Test(arith, SH_subtracts_sign_extended_halfword)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "FFFF0005");
    m->cpu.gr[1] = 10;
    m->cpu.gr[3] = T_DATA;
    expect_ok(m, "4B103000", 4);
    cr_assert_eq(m->cpu.gr[1], 11, "0xFFFF is -1");
    cr_assert_eq(m->cpu.cc, 2);
    m->cpu.gr[1] = 5;
    expect_ok(m, "4B103002", 4);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 0);
    expect_ok(m, "4B103002", 4);
    cr_assert_eq(m->cpu.gr[1], (u32)-5);
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(arith, SH_overflow_cc3_and_interruption)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "0001");
    m->cpu.gr[1] = 0x80000000;
    m->cpu.gr[3] = T_DATA;
    expect_ok(m, "4B103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0x7FFFFFFF);
    cr_assert_eq(m->cpu.cc, 3);
    m->cpu.pm = 8;
    m->cpu.gr[1] = 0x80000000;
    expect_pgm(m, t_exec(m, "4B103000"), PGM_FIXED_POINT_OVERFLOW, T_CODE + 4, 4);
    cr_assert_eq(m->cpu.gr[1], 0x7FFFFFFF);
    t_free(m);
}

Test(arith, SH_addressing_exception_suppresses) { check_addressing("4B103000", 4, 3, 2); }

Test(arith, SH_fetch_protection) { check_fetch_protection("4B103000", 4, 3, "0001"); }

Test(arith, AHI_adds_sign_extended_immediate)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 10;
    expect_ok(m, "A71AFFFF", 4);   /* AHI 1,-1 */
    cr_assert_eq(m->cpu.gr[1], 9);
    cr_assert_eq(m->cpu.cc, 2);
    expect_ok(m, "A71AFFF7", 4);   /* -9 */
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 0);
    expect_ok(m, "A71A8000", 4);   /* -32768 */
    cr_assert_eq(m->cpu.gr[1], 0xFFFF8000);
    cr_assert_eq(m->cpu.cc, 1);
    expect_ok(m, "A71A7FFF", 4);
    cr_assert_eq(m->cpu.gr[1], 0xFFFFFFFF);
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(arith, AHI_overflow_cc3_and_interruption)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0x7FFFFFF0;
    expect_ok(m, "A71A0010", 4);
    cr_assert_eq(m->cpu.gr[1], 0x80000000);
    cr_assert_eq(m->cpu.cc, 3);
    m->cpu.pm = 8;
    expect_pgm(m, t_exec(m, "A71AFFFF"), PGM_FIXED_POINT_OVERFLOW, T_CODE + 4, 4);
    cr_assert_eq(m->cpu.gr[1], 0x7FFFFFFF);
    cr_assert_eq(old_cc(m), 3);
    t_free(m);
}

/* ---- ALR / SLR / AL / SL ----------------------------------------------------------------- */

Test(arith, ALR_sets_all_four_ccs)
{
    struct machine *m = t_new();
    m->cpu.pm = 8;   /* logical: never an overflow interruption */
    expect_ok(m, "1E12", 2);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 0, "zero, no carry");
    m->cpu.gr[1] = 0x7FFFFFFF;
    m->cpu.gr[2] = 1;
    expect_ok(m, "1E12", 2);
    cr_assert_eq(m->cpu.gr[1], 0x80000000);
    cr_assert_eq(m->cpu.cc, 1, "not zero, no carry");
    m->cpu.gr[1] = 0xFFFFFFFF;
    expect_ok(m, "1E12", 2);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 2, "zero, carry");
    m->cpu.gr[1] = 0xFFFFFFFF;
    m->cpu.gr[2] = 0xFFFFFFFF;
    expect_ok(m, "1E12", 2);
    cr_assert_eq(m->cpu.gr[1], 0xFFFFFFFE);
    cr_assert_eq(m->cpu.cc, 3, "not zero, carry");
    t_free(m);
}

Test(arith, SLR_sets_ccs_1_2_3)
{
    struct machine *m = t_new();
    m->cpu.pm = 8;
    m->cpu.gr[1] = 1;
    m->cpu.gr[2] = 2;
    expect_ok(m, "1F12", 2);
    cr_assert_eq(m->cpu.gr[1], 0xFFFFFFFF);
    cr_assert_eq(m->cpu.cc, 1, "not zero, borrow");
    m->cpu.gr[2] = 0xFFFFFFFF;
    expect_ok(m, "1F12", 2);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 2, "zero, no borrow");
    m->cpu.gr[1] = 0x80000000;
    m->cpu.gr[2] = 1;
    expect_ok(m, "1F12", 2);
    cr_assert_eq(m->cpu.gr[1], 0x7FFFFFFF);
    cr_assert_eq(m->cpu.cc, 3, "not zero, no borrow");
    m->cpu.gr[1] = 0;
    m->cpu.gr[2] = 0;
    expect_ok(m, "1F12", 2);
    cr_assert_eq(m->cpu.cc, 2, "0 - 0: zero, no borrow");
    m->cpu.gr[7] = 0x12345678;
    expect_ok(m, "1F77", 2);
    cr_assert_eq(m->cpu.gr[7], 0);
    cr_assert_eq(m->cpu.cc, 2);
    t_free(m);
}

Test(arith, AL_adds_logical_from_storage)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, 0xFFFFFFFF);
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[1] = 1;
    expect_ok(m, "5E103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 2);
    expect_ok(m, "5E103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0xFFFFFFFF);
    cr_assert_eq(m->cpu.cc, 1);
    expect_ok(m, "5E103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0xFFFFFFFE);
    cr_assert_eq(m->cpu.cc, 3);
    t_put32(m, T_DATA, 0);
    m->cpu.gr[1] = 0;
    expect_ok(m, "5E103000", 4);
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

Test(arith, AL_addressing_exception_suppresses) { check_addressing("5E103000", 4, 3, 4); }

Test(arith, AL_fetch_protection) { check_fetch_protection("5E103000", 4, 3, "00000001"); }

Test(arith, SL_subtracts_logical_from_storage)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, 5);
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[1] = 5;
    expect_ok(m, "5F103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 2);
    expect_ok(m, "5F103000", 4);
    cr_assert_eq(m->cpu.gr[1], (u32)-5);
    cr_assert_eq(m->cpu.cc, 1);
    expect_ok(m, "5F103000", 4);
    cr_assert_eq(m->cpu.gr[1], (u32)-10);
    cr_assert_eq(m->cpu.cc, 3);
    t_free(m);
}

Test(arith, SL_addressing_exception_suppresses) { check_addressing("5F103000", 4, 3, 4); }

Test(arith, SL_fetch_protection) { check_fetch_protection("5F103000", 4, 3, "00000001"); }

/* ---- ALCR / SLBR / ALC / SLB ----------------------------------------------------------------- */

Test(arith, ALCR_carry_in_from_cc_2_and_3)
{
    static const struct { u8 cc_in; u32 a, b, r; u8 cc; } t[] = {
        {0, 1, 1, 2, 1},
        {1, 1, 1, 2, 1},
        {2, 1, 1, 3, 1},
        {3, 1, 1, 3, 1},
        {0, 0, 0, 0, 0},
        {2, 0xFFFFFFFF, 0, 0, 2},                   /* carry from the carry-in */
        {3, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 3},
        {0, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFE, 3},
        {2, 0x7FFFFFFF, 0, 0x80000000, 1},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct machine *m = t_new();
        m->cpu.pm = 8;
        m->cpu.cc = t[i].cc_in;
        m->cpu.gr[1] = t[i].a;
        m->cpu.gr[2] = t[i].b;
        expect_ok(m, "B9980012", 4);
        cr_assert_eq(m->cpu.gr[1], t[i].r, "case %zu: %#x", i, m->cpu.gr[1]);
        cr_assert_eq(m->cpu.cc, t[i].cc, "case %zu: cc %d", i, m->cpu.cc);
        cr_assert_eq(m->cpu.gr[2], t[i].b);
        t_free(m);
    }
}

Test(arith, ALCR_same_register)
{
    struct machine *m = t_new();
    m->cpu.cc = 2;
    m->cpu.gr[4] = 0x80000000;
    expect_ok(m, "B9980044", 4);
    cr_assert_eq(m->cpu.gr[4], 1, "0x80000000 * 2 + 1");
    cr_assert_eq(m->cpu.cc, 3);
    t_free(m);
}

Test(arith, SLBR_borrow_in_from_cc_0_and_1)
{
    static const struct { u8 cc_in; u32 a, b, r; u8 cc; } t[] = {
        {2, 5, 3, 2, 3},
        {3, 5, 3, 2, 3},
        {1, 5, 3, 1, 3},
        {0, 5, 3, 1, 3},
        {2, 3, 3, 0, 2},
        {1, 3, 3, 0xFFFFFFFF, 1},
        {0, 0, 0xFFFFFFFF, 0, 0},   /* zero with borrow: CC 0 */
        {3, 0, 1, 0xFFFFFFFF, 1},
        {1, 4, 3, 0, 2},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct machine *m = t_new();
        m->cpu.pm = 8;
        m->cpu.cc = t[i].cc_in;
        m->cpu.gr[1] = t[i].a;
        m->cpu.gr[2] = t[i].b;
        expect_ok(m, "B9990012", 4);
        cr_assert_eq(m->cpu.gr[1], t[i].r, "case %zu: %#x", i, m->cpu.gr[1]);
        cr_assert_eq(m->cpu.cc, t[i].cc, "case %zu: cc %d", i, m->cpu.cc);
        t_free(m);
    }
}

Test(arith, ALC_adds_with_carry_from_storage)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, 0xFFFFFFFF);
    m->cpu.gr[3] = T_DATA;
    m->cpu.cc = 3;
    m->cpu.gr[1] = 0;
    expect_ok(m, "E31030000098", 6);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 2);
    m->cpu.cc = 1;
    m->cpu.gr[1] = 2;
    expect_ok(m, "E31030000098", 6);
    cr_assert_eq(m->cpu.gr[1], 1);
    cr_assert_eq(m->cpu.cc, 3);
    t_put32(m, T_DATA, 0);
    m->cpu.cc = 0;
    m->cpu.gr[1] = 0;
    expect_ok(m, "E31030000098", 6);
    cr_assert_eq(m->cpu.cc, 0);
    m->cpu.cc = 2;
    expect_ok(m, "E31030000098", 6);
    cr_assert_eq(m->cpu.gr[1], 1);
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(arith, ALC_addressing_exception_suppresses) { check_addressing("E31030000098", 6, 3, 4); }

Test(arith, ALC_fetch_protection) { check_fetch_protection("E31030000098", 6, 3, "00000001"); }

Test(arith, SLB_subtracts_with_borrow_from_storage)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, 1);
    m->cpu.gr[3] = T_DATA;
    m->cpu.cc = 2;
    m->cpu.gr[1] = 1;
    expect_ok(m, "E31030000099", 6);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 2);
    m->cpu.cc = 1;   /* borrow */
    m->cpu.gr[1] = 1;
    expect_ok(m, "E31030000099", 6);
    cr_assert_eq(m->cpu.gr[1], 0xFFFFFFFF);
    cr_assert_eq(m->cpu.cc, 1);
    m->cpu.cc = 0;
    m->cpu.gr[1] = 10;
    expect_ok(m, "E31030000099", 6);
    cr_assert_eq(m->cpu.gr[1], 8);
    cr_assert_eq(m->cpu.cc, 3);
    t_free(m);
}

Test(arith, SLB_addressing_exception_suppresses) { check_addressing("E31030000099", 6, 3, 4); }

Test(arith, SLB_fetch_protection) { check_fetch_protection("E31030000099", 6, 3, "00000001"); }

/* ---- opcodes next to this family that this machine does not define ------------------------------------- */

Test(arith, ALCR_neighbour_B9xx_opcodes_are_operation_exceptions)
{
    /* B900 LPGR and B90C MSGR are z/Architecture only */
    static const char *ops[] = {"B9000012", "B90C0012", "B9950012"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        struct machine *m = t_new();
        fill_gr(m);
        m->cpu.cc = 2;
        u32 g[16];
        save_gr(m, g);
        expect_pgm(m, t_exec(m, ops[i]), PGM_OPERATION, T_CODE + 4, 4);
        same_gr(m, g);
        cr_assert_eq(old_cc(m), 2);
        t_free(m);
    }
}

Test(arith, ALC_neighbour_E3xx_opcodes_are_operation_exceptions)
{
    /* E304 LG, E308 AG, E39A ... z/Architecture only: ILC 3 (6 bytes) */
    static const char *ops[] = {"E31030000004", "E31030000008", "E3103000009A"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        struct machine *m = t_new();
        fill_gr(m);
        m->cpu.gr[3] = T_DATA;
        u32 g[16];
        save_gr(m, g);
        expect_pgm(m, t_exec(m, ops[i]), PGM_OPERATION, T_CODE + 6, 6);
        same_gr(m, g);
        t_free(m);
    }
}
