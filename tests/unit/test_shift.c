/* test_shift.c: single and double shifts, logical and arithmetic, and
 * ROTATE LEFT SINGLE LOGICAL: results, the shift count (low six bits of
 * the second-operand address, no storage access), condition codes,
 * overflow with and without the program mask, and the even-pair rule. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"
#include "insn_checks.h"

/* ---- helpers ---------------------------------------------------------------- */

/* Run a single shift `op` (two hex digits) of gr1 by `count` given as the
 * displacement; returns the program-interruption code. */
static int shift1(struct machine *m, const char *op, u32 v, u32 count)
{
    char hex[16];
    snprintf(hex, sizeof hex, "%s10%04X", op, count);
    m->cpu.gr[1] = v;
    return t_exec(m, hex);
}

/* A double shift of the pair gr2:gr3. */
static int shift2(struct machine *m, const char *op, u64 v, u32 count)
{
    char hex[16];
    snprintf(hex, sizeof hex, "%s20%04X", op, count);
    m->cpu.gr[2] = (u32)(v >> 32);
    m->cpu.gr[3] = (u32)v;
    return t_exec(m, hex);
}

static u64 pair(struct machine *m) { return (u64)m->cpu.gr[2] << 32 | m->cpu.gr[3]; }

static void odd_pair_specification(const char *hex)
{
    struct machine *m = t_new();
    fill_gr(m);
    m->cpu.cc = 2;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, hex), PGM_SPECIFICATION, T_CODE + 4, 4);
    same_gr(m, g);
    cr_assert_eq(old_cc(m), 2);
    t_free(m);
}

/* ---- SRL / SLL -------------------------------------------------------------------- */

Test(shift, SRL_shifts_right_logical)
{
    struct machine *m = t_new();
    m->cpu.cc = 3;
    m->cpu.pm = 8;
    cr_assert_eq(shift1(m, "88", 0x80000001, 4), 0);
    cr_assert_eq(m->cpu.gr[1], 0x08000000);
    cr_assert_eq(m->cpu.ia, T_CODE + 4);
    cr_assert_eq(m->cpu.cc, 3, "no CC");
    shift1(m, "88", 0x80000001, 31);
    cr_assert_eq(m->cpu.gr[1], 1);
    shift1(m, "88", 0xFFFFFFFF, 32);
    cr_assert_eq(m->cpu.gr[1], 0);
    shift1(m, "88", 0xFFFFFFFF, 63);
    cr_assert_eq(m->cpu.gr[1], 0);
    shift1(m, "88", 0xFFFFFFFF, 64);   /* only six bits: count 0 */
    cr_assert_eq(m->cpu.gr[1], 0xFFFFFFFF);
    shift1(m, "88", 0x12345678, 0);
    cr_assert_eq(m->cpu.gr[1], 0x12345678);
    cr_assert_eq(m->cpu.cc, 3);
    t_free(m);
}

Test(shift, SRL_count_from_base_register_without_access)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0xF0000000;
    m->cpu.gr[3] = 0x7FFFFFC0 + 3;   /* no storage is touched: count 4 */
    cr_assert_eq(t_exec(m, "88103001"), 0);
    cr_assert_eq(m->cpu.gr[1], 0x0F000000);
    m->cpu.gr[3] = 0x100004;
    cr_assert_eq(t_exec(m, "88133000"), 0);   /* R3 field ignored */
    cr_assert_eq(m->cpu.gr[1], 0x00F00000);
    t_free(m);
}

Test(shift, SLL_shifts_left_logical)
{
    struct machine *m = t_new();
    m->cpu.cc = 1;
    m->cpu.pm = 8;
    cr_assert_eq(shift1(m, "89", 0x80000001, 4), 0);
    cr_assert_eq(m->cpu.gr[1], 0x00000010);
    cr_assert_eq(m->cpu.ia, T_CODE + 4);
    shift1(m, "89", 0x00000001, 31);
    cr_assert_eq(m->cpu.gr[1], 0x80000000);
    shift1(m, "89", 0xFFFFFFFF, 32);
    cr_assert_eq(m->cpu.gr[1], 0);
    shift1(m, "89", 0xFFFFFFFF, 0x7F);   /* 63 */
    cr_assert_eq(m->cpu.gr[1], 0);
    shift1(m, "89", 0x12345678, 0);
    cr_assert_eq(m->cpu.gr[1], 0x12345678);
    cr_assert_eq(m->cpu.cc, 1, "no CC");
    t_free(m);
}

/* ---- SRA / SLA --------------------------------------------------------------------- */

Test(shift, SRA_shifts_right_arithmetic_and_sets_cc)
{
    static const struct { u32 v, n, r; u8 cc; } t[] = {
        {0x80000000, 4, 0xF8000000, 1},
        {0x80000000, 31, 0xFFFFFFFF, 1},
        {0x80000000, 63, 0xFFFFFFFF, 1},
        {0x7FFFFFFF, 30, 1, 2},
        {0x7FFFFFFF, 31, 0, 0},
        {0x7FFFFFFF, 40, 0, 0},
        {5, 1, 2, 2},
        {0, 0, 0, 0},
        {0xFFFFFFFE, 0, 0xFFFFFFFE, 1},
        {(u32)-5, 1, (u32)-3, 1},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct machine *m = t_new();
        m->cpu.pm = 8;
        m->cpu.cc = 3;
        cr_assert_eq(shift1(m, "8A", t[i].v, t[i].n), 0);
        cr_assert_eq(m->cpu.gr[1], t[i].r, "case %zu: %#x", i, m->cpu.gr[1]);
        cr_assert_eq(m->cpu.cc, t[i].cc, "case %zu: cc %d", i, m->cpu.cc);
        cr_assert_eq(m->cpu.ia, T_CODE + 4);
        t_free(m);
    }
}

Test(shift, SLA_shifts_left_keeping_sign)
{
    static const struct { u32 v, n, r; u8 cc; } t[] = {
        {1, 4, 16, 2},
        {0xFFFFFFFF, 4, 0xFFFFFFF0, 1},
        {0xC0000000, 1, 0x80000000, 1},
        {1, 30, 0x40000000, 2},
        {0xFFFFFFFF, 31, 0x80000000, 1},   /* only ones (= sign) shifted out */
        {0, 63, 0, 0},
        {0x12345678, 0, 0x12345678, 2},
        {0x80000000, 0, 0x80000000, 1},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct machine *m = t_new();
        m->cpu.pm = 8;
        cr_assert_eq(shift1(m, "8B", t[i].v, t[i].n), 0, "case %zu", i);
        cr_assert_eq(m->cpu.gr[1], t[i].r, "case %zu: %#x", i, m->cpu.gr[1]);
        cr_assert_eq(m->cpu.cc, t[i].cc, "case %zu: cc %d", i, m->cpu.cc);
        t_free(m);
    }
}

Test(shift, SLA_overflow_cc3_without_interruption_when_masked)
{
    static const struct { u32 v, n, r; } t[] = {
        {0x40000000, 1, 0x00000000},
        {0x80000000, 1, 0x80000000},
        {1, 31, 0},
        {0xFFFFFFFF, 32, 0x80000000},
        {0x20000001, 2, 0x00000004},
        {0xBFFFFFFF, 1, 0xFFFFFFFE},
        {0x7FFFFFFF, 63, 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct machine *m = t_new();
        cr_assert_eq(shift1(m, "8B", t[i].v, t[i].n), 0);
        cr_assert_eq(m->cpu.gr[1], t[i].r, "case %zu: %#x", i, m->cpu.gr[1]);
        cr_assert_eq(m->cpu.cc, 3, "case %zu: cc %d", i, m->cpu.cc);
        cr_assert_eq(m->cpu.ia, T_CODE + 4);
        t_free(m);
    }
}

Test(shift, SLA_overflow_interrupts_with_program_mask)
{
    struct machine *m = t_new();
    m->cpu.pm = 8;
    expect_pgm(m, shift1(m, "8B", 0x40000001, 2), PGM_FIXED_POINT_OVERFLOW, T_CODE + 4, 4);
    cr_assert_eq(m->cpu.gr[1], 0x00000004, "completion: result stored");
    cr_assert_eq(old_cc(m), 3);
    t_free(m);
}

/* ---- double shifts ----------------------------------------------------------------------- */

Test(shift, SRDL_shifts_pair_right_logical)
{
    struct machine *m = t_new();
    m->cpu.cc = 2;
    cr_assert_eq(shift2(m, "8C", 0x8000000100000000ull, 1), 0);
    cr_assert_eq(pair(m), 0x4000000080000000ull);
    cr_assert_eq(m->cpu.ia, T_CODE + 4);
    shift2(m, "8C", 0x8000000100000000ull, 32);
    cr_assert_eq(m->cpu.gr[2], 0);
    cr_assert_eq(m->cpu.gr[3], 0x80000001);
    shift2(m, "8C", 0xFFFFFFFFFFFFFFFFull, 63);
    cr_assert_eq(pair(m), 1);
    shift2(m, "8C", 0xFFFFFFFFFFFFFFFFull, 0);
    cr_assert_eq(pair(m), 0xFFFFFFFFFFFFFFFFull);
    cr_assert_eq(m->cpu.cc, 2, "no CC");
    t_free(m);
}

Test(shift, SRDL_odd_r1_is_specification) { odd_pair_specification("8C300001"); }

Test(shift, SLDL_shifts_pair_left_logical)
{
    struct machine *m = t_new();
    m->cpu.cc = 1;
    cr_assert_eq(shift2(m, "8D", 0x0000000180000000ull, 1), 0);
    cr_assert_eq(pair(m), 0x0000000300000000ull);
    shift2(m, "8D", 0x00000000ABCDEF01ull, 32);
    cr_assert_eq(m->cpu.gr[2], 0xABCDEF01);
    cr_assert_eq(m->cpu.gr[3], 0);
    shift2(m, "8D", 0xFFFFFFFFFFFFFFFFull, 63);
    cr_assert_eq(pair(m), 0x8000000000000000ull);
    cr_assert_eq(m->cpu.cc, 1, "no CC");
    t_free(m);
}

Test(shift, SLDL_odd_r1_is_specification) { odd_pair_specification("8D100001"); }

Test(shift, SRDA_shifts_pair_right_arithmetic)
{
    static const struct { u64 v; u32 n; u64 r; u8 cc; } t[] = {
        {0x8000000000000000ull, 32, 0xFFFFFFFF80000000ull, 1},
        {0x8000000000000000ull, 63, 0xFFFFFFFFFFFFFFFFull, 1},
        {0x7FFFFFFFFFFFFFFFull, 62, 1, 2},
        {0x7FFFFFFFFFFFFFFFull, 63, 0, 0},
        {0x0000000100000000ull, 1, 0x0000000080000000ull, 2},
        {0, 5, 0, 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct machine *m = t_new();
        cr_assert_eq(shift2(m, "8E", t[i].v, t[i].n), 0);
        cr_assert_eq(pair(m), t[i].r, "case %zu: %#llx", i, (unsigned long long)pair(m));
        cr_assert_eq(m->cpu.cc, t[i].cc, "case %zu: cc %d", i, m->cpu.cc);
        cr_assert_eq(m->cpu.ia, T_CODE + 4);
        t_free(m);
    }
}

Test(shift, SRDA_odd_r1_is_specification) { odd_pair_specification("8E500001"); }

Test(shift, SLDA_shifts_pair_left_arithmetic)
{
    static const struct { u64 v; u32 n; u64 r; u8 cc; } t[] = {
        {0x0000000080000000ull, 1, 0x0000000100000000ull, 2},
        {0xFFFFFFFFFFFFFFFFull, 63, 0x8000000000000000ull, 1},
        {0x3FFFFFFFFFFFFFFFull, 1, 0x7FFFFFFFFFFFFFFEull, 2},
        {0, 40, 0, 0},
        {0x0000000000000001ull, 62, 0x4000000000000000ull, 2},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct machine *m = t_new();
        m->cpu.pm = 8;
        cr_assert_eq(shift2(m, "8F", t[i].v, t[i].n), 0, "case %zu", i);
        cr_assert_eq(pair(m), t[i].r, "case %zu: %#llx", i, (unsigned long long)pair(m));
        cr_assert_eq(m->cpu.cc, t[i].cc, "case %zu: cc %d", i, m->cpu.cc);
        t_free(m);
    }
}

Test(shift, SLDA_overflow_cc3_and_interruption)
{
    struct machine *m = t_new();
    cr_assert_eq(shift2(m, "8F", 0x4000000000000000ull, 1), 0);
    cr_assert_eq(pair(m), 0);
    cr_assert_eq(m->cpu.cc, 3);
    cr_assert_eq(shift2(m, "8F", 0x0000000000000001ull, 63), 0);
    cr_assert_eq(pair(m), 0);
    cr_assert_eq(m->cpu.cc, 3);
    cr_assert_eq(shift2(m, "8F", 0x8000000000000001ull, 1), 0);
    cr_assert_eq(pair(m), 0x8000000000000002ull);
    cr_assert_eq(m->cpu.cc, 3);
    m->cpu.pm = 8;
    m->cpu.gr[2] = 0x11111111;
    expect_pgm(m, shift2(m, "8F", 0x00000000C0000001ull, 33), PGM_FIXED_POINT_OVERFLOW, T_CODE + 4, 4);
    cr_assert_eq(pair(m), 0x0000000200000000ull, "completion: result %#llx stored", (unsigned long long)pair(m));
    cr_assert_eq(old_cc(m), 3);
    t_free(m);
}

Test(shift, SLDA_odd_r1_is_specification) { odd_pair_specification("8F700001"); }

/* ---- RLL ------------------------------------------------------------------------------------ */

Test(shift, RLL_rotates_r3_into_r1)
{
    static const struct { u32 v, n, r; } t[] = {
        {0x80000001, 4, 0x00000018},
        {0x12345678, 8, 0x34567812},
        {0x12345678, 0, 0x12345678},
        {0x12345678, 32, 0x12345678},
        {0x12345678, 36, 0x23456781},
        {0x12345678, 63, 0x091A2B3C},
        {0x80000000, 1, 0x00000001},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct machine *m = t_new();
        char hex[16];
        snprintf(hex, sizeof hex, "EB13%04X001D", t[i].n);
        m->cpu.gr[3] = t[i].v;
        m->cpu.gr[1] = 0xDEADBEEF;
        m->cpu.cc = 2;
        cr_assert_eq(t_exec(m, hex), 0);
        cr_assert_eq(m->cpu.gr[1], t[i].r, "case %zu: %#x", i, m->cpu.gr[1]);
        cr_assert_eq(m->cpu.gr[3], t[i].v, "R3 unchanged");
        cr_assert_eq(m->cpu.cc, 2, "no CC");
        cr_assert_eq(m->cpu.ia, T_CODE + 6);
        t_free(m);
    }
}

Test(shift, RLL_same_register_and_base_count)
{
    struct machine *m = t_new();
    m->cpu.gr[5] = 0xF000000F;
    m->cpu.gr[4] = 0x7FFFFF00 + 2;   /* count 2 + 2 = 4; no access */
    cr_assert_eq(t_exec(m, "EB554002001D"), 0);
    cr_assert_eq(m->cpu.gr[5], 0x000000FF);
    t_free(m);
}

Test(shift, RLL_neighbour_EBxx_opcodes_are_operation_exceptions)
{
    /* EB0C SRLG, EB0D SLLG, EB1C RLLG: z/Architecture only */
    static const char *ops[] = {"EB130004000C", "EB130004000D", "EB130004001C"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        struct machine *m = t_new();
        fill_gr(m);
        m->cpu.cc = 1;
        u32 g[16];
        save_gr(m, g);
        expect_pgm(m, t_exec(m, ops[i]), PGM_OPERATION, T_CODE + 6, 6);
        same_gr(m, g);
        cr_assert_eq(old_cc(m), 1);
        t_free(m);
    }
}
