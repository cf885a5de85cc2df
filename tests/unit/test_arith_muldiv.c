/* test_arith_muldiv.c: fixed-point multiply and divide: products and
 * quotients, even/odd register pairs, the specification, divide and
 * access exceptions (test_arith.c has the rest of the family). */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"
#include "insn_checks.h"

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
