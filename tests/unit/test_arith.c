/* test_arith.c: fixed-point add and subtract: results, condition codes,
 * and the fixed-point-overflow interruption under the program mask.
 * (More families: one file each, named test_<family>.c.) */
#include <criterion/criterion.h>

#include "harness.h"

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
