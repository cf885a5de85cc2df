/* test_arith_compare.c: fixed-point compare, and load and test,
 * positive, negative and complement: condition codes, and fixed-point
 * overflow of the maximum negative number (test_arith.c has the rest of
 * the family). */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"
#include "insn_checks.h"

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
