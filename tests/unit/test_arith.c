/* test_arith.c: fixed-point add, subtract, multiply, divide, compare and
 * load-and-test: results, condition codes, the fixed-point-overflow
 * interruption under the program mask, the divide, specification and
 * access exceptions, and where the old PSW points.
 * (More families: one file each, named test_<family>.c.) */
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

/* ---- multiply ------------------------------------------------------------------------------------ */

Test(arith, MR_signed_64_bit_product_in_pair)
{
    struct machine *m = t_new();
    m->cpu.cc = 2;
    m->cpu.gr[2] = 0xDEADBEEF;   /* ignored */
    m->cpu.gr[3] = 7;
    m->cpu.gr[4] = (u32)-3;
    expect_ok(m, "1C24", 2);
    cr_assert_eq(m->cpu.gr[2], 0xFFFFFFFF);
    cr_assert_eq(m->cpu.gr[3], (u32)-21);
    cr_assert_eq(m->cpu.gr[4], (u32)-3);
    cr_assert_eq(m->cpu.cc, 2, "CC unchanged");
    m->cpu.gr[3] = 0x7FFFFFFF;
    m->cpu.gr[4] = 0x7FFFFFFF;
    expect_ok(m, "1C24", 2);
    cr_assert_eq(m->cpu.gr[2], 0x3FFFFFFF);
    cr_assert_eq(m->cpu.gr[3], 0x00000001);
    m->cpu.gr[3] = 0x80000000;
    m->cpu.gr[4] = 0x80000000;
    expect_ok(m, "1C24", 2);
    cr_assert_eq(m->cpu.gr[2], 0x40000000);
    cr_assert_eq(m->cpu.gr[3], 0);
    m->cpu.gr[3] = 0x10000;   /* MR 2,3 squares R3 */
    expect_ok(m, "1C23", 2);
    cr_assert_eq(m->cpu.gr[2], 1);
    cr_assert_eq(m->cpu.gr[3], 0);
    cr_assert_eq(m->cpu.cc, 2);
    t_free(m);
}

Test(arith, MR_odd_r1_is_specification)
{
    struct machine *m = t_new();
    fill_gr(m);
    m->cpu.cc = 1;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "1C34"), PGM_SPECIFICATION, T_CODE + 2, 2);
    same_gr(m, g);
    cr_assert_eq(old_cc(m), 1);
    t_free(m);
}

Test(arith, M_signed_product_from_storage)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, (u32)-2);
    m->cpu.gr[5] = T_DATA;
    m->cpu.gr[3] = 0x40000001;
    m->cpu.cc = 3;
    expect_ok(m, "5C205000", 4);
    cr_assert_eq(m->cpu.gr[2], 0xFFFFFFFF);
    cr_assert_eq(m->cpu.gr[3], 0x7FFFFFFE);
    cr_assert_eq(m->cpu.cc, 3);
    t_free(m);
}

Test(arith, M_odd_r1_is_specification)
{
    struct machine *m = t_new();
    fill_gr(m);
    m->cpu.gr[5] = T_DATA;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "5C305000"), PGM_SPECIFICATION, T_CODE + 4, 4);
    same_gr(m, g);
    t_free(m);
}

Test(arith, M_addressing_exception_suppresses) { check_addressing("5C205000", 4, 5, 4); }

Test(arith, M_fetch_protection) { check_fetch_protection("5C205000", 4, 5, "00000002"); }

Test(arith, MLR_unsigned_64_bit_product)
{
    struct machine *m = t_new();
    m->cpu.cc = 1;
    m->cpu.gr[3] = 0xFFFFFFFF;
    m->cpu.gr[4] = 0xFFFFFFFF;
    expect_ok(m, "B9960024", 4);
    cr_assert_eq(m->cpu.gr[2], 0xFFFFFFFE);
    cr_assert_eq(m->cpu.gr[3], 0x00000001);
    cr_assert_eq(m->cpu.cc, 1);
    m->cpu.gr[3] = 0x80000000;
    m->cpu.gr[4] = 2;
    expect_ok(m, "B9960024", 4);
    cr_assert_eq(m->cpu.gr[2], 1);
    cr_assert_eq(m->cpu.gr[3], 0);
    t_free(m);
}

Test(arith, MLR_odd_r1_is_specification)
{
    struct machine *m = t_new();
    fill_gr(m);
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "B9960034"), PGM_SPECIFICATION, T_CODE + 4, 4);
    same_gr(m, g);
    t_free(m);
}

Test(arith, ML_unsigned_product_from_storage)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, 0xFFFFFFFE);
    m->cpu.gr[5] = T_DATA;
    m->cpu.gr[3] = 3;
    expect_ok(m, "E32050000096", 6);
    cr_assert_eq(m->cpu.gr[2], 2);
    cr_assert_eq(m->cpu.gr[3], 0xFFFFFFFA);
    t_free(m);
}

Test(arith, ML_odd_r1_is_specification)
{
    struct machine *m = t_new();
    fill_gr(m);
    m->cpu.gr[5] = T_DATA;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "E31050000096"), PGM_SPECIFICATION, T_CODE + 6, 6);
    same_gr(m, g);
    t_free(m);
}

Test(arith, ML_addressing_exception_suppresses) { check_addressing("E32050000096", 6, 5, 4); }

Test(arith, ML_fetch_protection) { check_fetch_protection("E32050000096", 6, 5, "00000002"); }

Test(arith, MH_low_32_bits_of_product_no_cc_no_overflow)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "FFFF0004");
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[1] = 0x00010000;
    m->cpu.cc = 2;
    m->cpu.pm = 8;
    expect_ok(m, "4C103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0xFFFF0000);
    cr_assert_eq(m->cpu.cc, 2, "CC unchanged");
    m->cpu.gr[1] = 0x40000001;
    expect_ok(m, "4C103002", 4);
    cr_assert_eq(m->cpu.gr[1], 4, "overflow is ignored");
    cr_assert_eq(m->cpu.cc, 2);
    t_free(m);
}

Test(arith, MH_addressing_exception_suppresses) { check_addressing("4C103000", 4, 3, 2); }

Test(arith, MH_fetch_protection) { check_fetch_protection("4C103000", 4, 3, "0002"); }

Test(arith, MHI_sign_extended_immediate)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 1000;
    m->cpu.cc = 1;
    m->cpu.pm = 8;
    expect_ok(m, "A71CFFFD", 4);   /* MHI 1,-3 */
    cr_assert_eq(m->cpu.gr[1], (u32)-3000);
    cr_assert_eq(m->cpu.cc, 1);
    m->cpu.gr[1] = 0x40000000;
    expect_ok(m, "A71C0004", 4);
    cr_assert_eq(m->cpu.gr[1], 0, "overflow is ignored");
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(arith, MSR_low_32_bits_no_cc)
{
    struct machine *m = t_new();
    m->cpu.cc = 3;
    m->cpu.pm = 8;
    m->cpu.gr[1] = (u32)-7;
    m->cpu.gr[2] = 6;
    expect_ok(m, "B2520012", 4);
    cr_assert_eq(m->cpu.gr[1], (u32)-42);
    cr_assert_eq(m->cpu.gr[2], 6);
    cr_assert_eq(m->cpu.cc, 3);
    m->cpu.gr[1] = 0x00010001;
    m->cpu.gr[2] = 0x00010000;
    expect_ok(m, "B2520012", 4);
    cr_assert_eq(m->cpu.gr[1], 0x00010000);
    cr_assert_eq(m->cpu.cc, 3);
    t_free(m);
}

Test(arith, MS_from_storage)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, 0xFFFFFFFF);
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[1] = 12345;
    m->cpu.cc = 0;
    expect_ok(m, "71103000", 4);
    cr_assert_eq(m->cpu.gr[1], (u32)-12345);
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

Test(arith, MS_addressing_exception_suppresses) { check_addressing("71103000", 4, 3, 4); }

Test(arith, MS_fetch_protection) { check_fetch_protection("71103000", 4, 3, "00000002"); }

/* ---- divide ---------------------------------------------------------------------------------------- */

static void dr_case(s64 dividend, s32 divisor, s32 rem, s32 quot)
{
    struct machine *m = t_new();
    m->cpu.cc = 2;
    m->cpu.pm = 8;
    m->cpu.gr[2] = (u32)((u64)dividend >> 32);
    m->cpu.gr[3] = (u32)dividend;
    m->cpu.gr[4] = (u32)divisor;
    expect_ok(m, "1D24", 2);
    cr_assert_eq(m->cpu.gr[2], (u32)rem, "%lld / %d: remainder %d", (long long)dividend, divisor, (s32)m->cpu.gr[2]);
    cr_assert_eq(m->cpu.gr[3], (u32)quot, "%lld / %d: quotient %d", (long long)dividend, divisor, (s32)m->cpu.gr[3]);
    cr_assert_eq(m->cpu.cc, 2, "CC unchanged");
    t_free(m);
}

Test(arith, DR_signed_quotient_and_remainder)
{
    dr_case(100, 7, 2, 14);
    dr_case(-100, 7, -2, -14);
    dr_case(100, -7, 2, -14);
    dr_case(-100, -7, -2, 14);
    dr_case(-7, 2, -1, -3);
    dr_case(0xFFFFFFFEll, 2, 0, 0x7FFFFFFF);   /* the dividend is 64 bits */
}

Test(arith, DR_quotient_limits)
{
    dr_case(-0x80000000ll, 1, 0, (s32)0x80000000);   /* quotient -2^31 fits */
    dr_case(0x7FFFFFFFll, 1, 0, 0x7FFFFFFF);
    dr_case(0xFFFFFFFFll, 2, 1, 0x7FFFFFFF);
}

static void dr_divide_exception(s64 dividend, s32 divisor)
{
    struct machine *m = t_new();
    fill_gr(m);
    m->cpu.cc = 1;
    m->cpu.gr[2] = (u32)((u64)dividend >> 32);
    m->cpu.gr[3] = (u32)dividend;
    m->cpu.gr[4] = (u32)divisor;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "1D24"), PGM_FIXED_POINT_DIVIDE, T_CODE + 2, 2);
    same_gr(m, g);
    cr_assert_eq(old_cc(m), 1);
    t_free(m);
}

Test(arith, DR_fixed_point_divide_suppresses)
{
    dr_divide_exception(100, 0);
    dr_divide_exception(0x100000000ll, 1);
    dr_divide_exception(0x80000000ll, 1);             /* quotient 2^31 does not fit */
    dr_divide_exception(-0x80000001ll, 1);
    dr_divide_exception(INT64_MIN, -1);
    dr_divide_exception(INT64_MIN, 1);
}

Test(arith, DR_odd_r1_is_specification)
{
    struct machine *m = t_new();
    fill_gr(m);
    m->cpu.gr[4] = 0;   /* specification wins over the zero divisor */
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "1D34"), PGM_SPECIFICATION, T_CODE + 2, 2);
    same_gr(m, g);
    t_free(m);
}

Test(arith, D_divides_by_storage_word)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, (u32)-10);
    m->cpu.gr[5] = T_DATA;
    m->cpu.gr[2] = 0;
    m->cpu.gr[3] = 1234;
    expect_ok(m, "5D205000", 4);
    cr_assert_eq(m->cpu.gr[2], 4);
    cr_assert_eq(m->cpu.gr[3], (u32)-123);
    t_free(m);
}

Test(arith, D_fixed_point_divide_suppresses)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, 0);
    fill_gr(m);
    m->cpu.gr[5] = T_DATA;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "5D205000"), PGM_FIXED_POINT_DIVIDE, T_CODE + 4, 4);
    same_gr(m, g);
    t_free(m);
}

Test(arith, D_odd_r1_is_specification)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, 1);
    fill_gr(m);
    m->cpu.gr[5] = T_DATA;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "5D305000"), PGM_SPECIFICATION, T_CODE + 4, 4);
    same_gr(m, g);
    t_free(m);
}

Test(arith, D_addressing_exception_suppresses) { check_addressing("5D205000", 4, 5, 4); }

Test(arith, D_fetch_protection) { check_fetch_protection("5D205000", 4, 5, "7FFFFFFF"); }

Test(arith, DLR_unsigned_divide)
{
    struct machine *m = t_new();
    m->cpu.cc = 3;
    m->cpu.gr[2] = 0;
    m->cpu.gr[3] = 0xFFFFFFFF;
    m->cpu.gr[4] = 0x10;
    expect_ok(m, "B9970024", 4);
    cr_assert_eq(m->cpu.gr[2], 0xF);
    cr_assert_eq(m->cpu.gr[3], 0x0FFFFFFF);
    cr_assert_eq(m->cpu.cc, 3);
    m->cpu.gr[2] = 0xFFFFFFFE;
    m->cpu.gr[3] = 0x00000001;
    m->cpu.gr[4] = 0xFFFFFFFF;
    expect_ok(m, "B9970024", 4);
    cr_assert_eq(m->cpu.gr[2], 0);
    cr_assert_eq(m->cpu.gr[3], 0xFFFFFFFF);
    m->cpu.gr[2] = 0x80000000;   /* not a negative dividend */
    m->cpu.gr[3] = 0;
    m->cpu.gr[4] = 0x80000001;
    expect_ok(m, "B9970024", 4);
    cr_assert_eq(m->cpu.gr[3], 0xFFFFFFFE);
    cr_assert_eq(m->cpu.gr[2], 2);
    t_free(m);
}

Test(arith, DLR_fixed_point_divide_suppresses)
{
    static const u32 t[][3] = {
        {0, 5, 0},                      /* zero divisor */
        {1, 0, 1},                      /* quotient 2^32 */
        {0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct machine *m = t_new();
        fill_gr(m);
        m->cpu.gr[2] = t[i][0];
        m->cpu.gr[3] = t[i][1];
        m->cpu.gr[4] = t[i][2];
        u32 g[16];
        save_gr(m, g);
        expect_pgm(m, t_exec(m, "B9970024"), PGM_FIXED_POINT_DIVIDE, T_CODE + 4, 4);
        same_gr(m, g);
        t_free(m);
    }
}

Test(arith, DLR_odd_r1_is_specification)
{
    struct machine *m = t_new();
    fill_gr(m);
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "B9970014"), PGM_SPECIFICATION, T_CODE + 4, 4);
    same_gr(m, g);
    t_free(m);
}

Test(arith, DL_unsigned_divide_by_storage_word)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, 3);
    m->cpu.gr[5] = T_DATA;
    m->cpu.gr[2] = 2;
    m->cpu.gr[3] = 0;
    expect_ok(m, "E32050000097", 6);
    cr_assert_eq(m->cpu.gr[3], 0xAAAAAAAA);
    cr_assert_eq(m->cpu.gr[2], 2);
    t_free(m);
}

Test(arith, DL_fixed_point_divide_suppresses)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, 2);
    fill_gr(m);
    m->cpu.gr[5] = T_DATA;
    m->cpu.gr[2] = 2;   /* 2^33 / 2 = 2^32: too big */
    m->cpu.gr[3] = 0;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "E32050000097"), PGM_FIXED_POINT_DIVIDE, T_CODE + 6, 6);
    same_gr(m, g);
    t_psw(m, 0x00080000, T_CODE);   /* leave the interruption's wait */
    t_put32(m, T_DATA, 0);
    m->cpu.gr[2] = 0;
    m->cpu.gr[3] = 1;
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "E32050000097"), PGM_FIXED_POINT_DIVIDE, T_CODE + 6, 6);
    same_gr(m, g);
    t_free(m);
}

Test(arith, DL_odd_r1_is_specification)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, 1);
    fill_gr(m);
    m->cpu.gr[5] = T_DATA;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "E33050000097"), PGM_SPECIFICATION, T_CODE + 6, 6);
    same_gr(m, g);
    t_free(m);
}

Test(arith, DL_addressing_exception_suppresses) { check_addressing("E32050000097", 6, 5, 4); }

Test(arith, DL_fetch_protection) { check_fetch_protection("E32050000097", 6, 5, "7FFFFFFF"); }

/* ---- compare ------------------------------------------------------------------------------------------ */

Test(arith, CR_signed_compare)
{
    static const struct { u32 a, b; u8 cc; } t[] = {
        {5, 5, 0}, {(u32)-1, 1, 1}, {1, (u32)-1, 2}, {0x80000000, 0x7FFFFFFF, 1}, {0x7FFFFFFF, 0x80000000, 2},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct machine *m = t_new();
        m->cpu.cc = 3;
        m->cpu.gr[1] = t[i].a;
        m->cpu.gr[2] = t[i].b;
        expect_ok(m, "1912", 2);
        cr_assert_eq(m->cpu.cc, t[i].cc, "case %zu", i);
        cr_assert_eq(m->cpu.gr[1], t[i].a);
        cr_assert_eq(m->cpu.gr[2], t[i].b);
        t_free(m);
    }
}

Test(arith, CLR_unsigned_compare)
{
    static const struct { u32 a, b; u8 cc; } t[] = {
        {5, 5, 0}, {(u32)-1, 1, 2}, {1, (u32)-1, 1}, {0x80000000, 0x7FFFFFFF, 2}, {0, 0x80000000, 1},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct machine *m = t_new();
        m->cpu.cc = 3;
        m->cpu.gr[1] = t[i].a;
        m->cpu.gr[2] = t[i].b;
        expect_ok(m, "1512", 2);
        cr_assert_eq(m->cpu.cc, t[i].cc, "case %zu", i);
        t_free(m);
    }
}

Test(arith, C_signed_compare_with_storage)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, (u32)-5);
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[1] = (u32)-5;
    expect_ok(m, "59103000", 4);
    cr_assert_eq(m->cpu.cc, 0);
    m->cpu.gr[1] = 3;
    expect_ok(m, "59103000", 4);
    cr_assert_eq(m->cpu.cc, 2);
    m->cpu.gr[1] = 0x80000000;
    expect_ok(m, "59103000", 4);
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(t_get32(m, T_DATA), (u32)-5);
    t_free(m);
}

Test(arith, C_addressing_exception_suppresses) { check_addressing("59103000", 4, 3, 4); }

Test(arith, C_fetch_protection) { check_fetch_protection("59103000", 4, 3, "00000001"); }

Test(arith, CL_unsigned_compare_with_storage)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, (u32)-5);
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[1] = (u32)-5;
    expect_ok(m, "55103000", 4);
    cr_assert_eq(m->cpu.cc, 0);
    m->cpu.gr[1] = 3;
    expect_ok(m, "55103000", 4);
    cr_assert_eq(m->cpu.cc, 1);
    m->cpu.gr[1] = 0xFFFFFFFF;
    expect_ok(m, "55103000", 4);
    cr_assert_eq(m->cpu.cc, 2);
    t_free(m);
}

Test(arith, CL_addressing_exception_suppresses) { check_addressing("55103000", 4, 3, 4); }

Test(arith, CL_fetch_protection) { check_fetch_protection("55103000", 4, 3, "00000001"); }

Test(arith, CH_compares_with_sign_extended_halfword)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "FFFF8000");
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[1] = 0xFFFFFFFF;
    expect_ok(m, "49103000", 4);
    cr_assert_eq(m->cpu.cc, 0, "0xFFFF is -1");
    m->cpu.gr[1] = 0x0000FFFF;
    expect_ok(m, "49103000", 4);
    cr_assert_eq(m->cpu.cc, 2);
    m->cpu.gr[1] = 0xFFFF7FFF;
    expect_ok(m, "49103002", 4);
    cr_assert_eq(m->cpu.cc, 1, "below -32768");
    t_free(m);
}

Test(arith, CH_addressing_exception_suppresses) { check_addressing("49103000", 4, 3, 2); }

Test(arith, CH_fetch_protection) { check_fetch_protection("49103000", 4, 3, "0001"); }

Test(arith, CHI_compares_with_sign_extended_immediate)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0xFFFFFFFF;
    expect_ok(m, "A71EFFFF", 4);
    cr_assert_eq(m->cpu.cc, 0);
    expect_ok(m, "A71E0000", 4);
    cr_assert_eq(m->cpu.cc, 1);
    m->cpu.gr[1] = 0x8000;
    expect_ok(m, "A71E7FFF", 4);
    cr_assert_eq(m->cpu.cc, 2);
    m->cpu.gr[1] = 0xFFFF8000;
    expect_ok(m, "A71E8000", 4);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(m->cpu.gr[1], 0xFFFF8000);
    t_free(m);
}

/* ---- load and test, positive, negative, complement ------------------------------------------------------ */

Test(arith, LTR_loads_and_tests)
{
    struct machine *m = t_new();
    m->cpu.gr[2] = (u32)-7;
    expect_ok(m, "1212", 2);
    cr_assert_eq(m->cpu.gr[1], (u32)-7);
    cr_assert_eq(m->cpu.cc, 1);
    m->cpu.gr[2] = 0;
    expect_ok(m, "1212", 2);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 0);
    m->cpu.gr[2] = 0x7FFFFFFF;
    expect_ok(m, "1212", 2);
    cr_assert_eq(m->cpu.gr[1], 0x7FFFFFFF);
    cr_assert_eq(m->cpu.cc, 2);
    m->cpu.gr[6] = 0x80000000;
    expect_ok(m, "1266", 2);
    cr_assert_eq(m->cpu.gr[6], 0x80000000);
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(arith, LPR_loads_absolute_value)
{
    struct machine *m = t_new();
    m->cpu.pm = 8;
    m->cpu.gr[2] = (u32)-7;
    expect_ok(m, "1012", 2);
    cr_assert_eq(m->cpu.gr[1], 7);
    cr_assert_eq(m->cpu.gr[2], (u32)-7);
    cr_assert_eq(m->cpu.cc, 2);
    m->cpu.gr[2] = 9;
    expect_ok(m, "1012", 2);
    cr_assert_eq(m->cpu.gr[1], 9);
    cr_assert_eq(m->cpu.cc, 2);
    m->cpu.gr[2] = 0;
    expect_ok(m, "1012", 2);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

Test(arith, LPR_max_negative_overflows)
{
    struct machine *m = t_new();
    m->cpu.gr[2] = 0x80000000;
    expect_ok(m, "1012", 2);
    cr_assert_eq(m->cpu.gr[1], 0x80000000);
    cr_assert_eq(m->cpu.cc, 3);
    m->cpu.pm = 8;
    m->cpu.gr[1] = 0;
    expect_pgm(m, t_exec(m, "1012"), PGM_FIXED_POINT_OVERFLOW, T_CODE + 2, 2);
    cr_assert_eq(m->cpu.gr[1], 0x80000000, "completion: result stored");
    cr_assert_eq(old_cc(m), 3);
    t_free(m);
}

Test(arith, LNR_loads_negative_never_overflows)
{
    struct machine *m = t_new();
    m->cpu.pm = 8;
    m->cpu.gr[2] = 7;
    expect_ok(m, "1112", 2);
    cr_assert_eq(m->cpu.gr[1], (u32)-7);
    cr_assert_eq(m->cpu.cc, 1);
    m->cpu.gr[2] = (u32)-7;
    expect_ok(m, "1112", 2);
    cr_assert_eq(m->cpu.gr[1], (u32)-7);
    cr_assert_eq(m->cpu.cc, 1);
    m->cpu.gr[2] = 0;
    expect_ok(m, "1112", 2);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 0);
    m->cpu.gr[2] = 0x80000000;
    expect_ok(m, "1112", 2);
    cr_assert_eq(m->cpu.gr[1], 0x80000000);
    cr_assert_eq(m->cpu.cc, 1);
    m->cpu.gr[2] = 0x7FFFFFFF;
    expect_ok(m, "1112", 2);
    cr_assert_eq(m->cpu.gr[1], 0x80000001);
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(arith, LCR_complements)
{
    struct machine *m = t_new();
    m->cpu.pm = 8;
    m->cpu.gr[2] = 5;
    expect_ok(m, "1312", 2);
    cr_assert_eq(m->cpu.gr[1], (u32)-5);
    cr_assert_eq(m->cpu.cc, 1);
    m->cpu.gr[2] = (u32)-5;
    expect_ok(m, "1312", 2);
    cr_assert_eq(m->cpu.gr[1], 5);
    cr_assert_eq(m->cpu.cc, 2);
    m->cpu.gr[2] = 0;
    m->cpu.gr[1] = 99;
    expect_ok(m, "1312", 2);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 0);
    m->cpu.gr[3] = 0x7FFFFFFF;
    expect_ok(m, "1333", 2);
    cr_assert_eq(m->cpu.gr[3], 0x80000001);
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(arith, LCR_max_negative_overflows)
{
    struct machine *m = t_new();
    m->cpu.gr[2] = 0x80000000;
    expect_ok(m, "1312", 2);
    cr_assert_eq(m->cpu.gr[1], 0x80000000);
    cr_assert_eq(m->cpu.cc, 3);
    m->cpu.pm = 8;
    m->cpu.gr[1] = 0;
    expect_pgm(m, t_exec(m, "1312"), PGM_FIXED_POINT_OVERFLOW, T_CODE + 2, 2);
    cr_assert_eq(m->cpu.gr[1], 0x80000000);
    cr_assert_eq(old_cc(m), 3);
    t_free(m);
}

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
