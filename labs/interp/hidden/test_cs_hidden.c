/* test_cs_hidden.c: the interpreter lab's hidden unit tests for CS
 * (labs/interp): the cases its public tests (tests/unit/test_storage.c,
 * storage/CS_*) leave out. Compiled into the grader's unit binary by
 * labs/tool/units.sh, never into the project's. */
#include <criterion/criterion.h>

#include "harness.h"
#include "insn_checks.h"

Test(labcs, CS_r1_equal_r3)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, 0x12345678);
    m->cpu.gr[9] = T_DATA;
    m->cpu.gr[2] = 0x12345678;
    expect_ok(m, "BA229000", 4);   /* equal: R3 (the same register) stored */
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(t_get32(m, T_DATA), 0x12345678);
    m->cpu.gr[2] = 0x0BADF00D;
    expect_ok(m, "BA229000", 4);   /* unequal: R1 loaded */
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->cpu.gr[2], 0x12345678);
    cr_assert_eq(t_get32(m, T_DATA), 0x12345678);
    t_free(m);
}

Test(labcs, CS_displacement_and_31_bit_address)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA + 0x104, 7);
    m->cpu.gr[9] = 0x80000000u | T_DATA;   /* bit 0 is not part of a 31-bit address */
    m->cpu.gr[1] = 7;
    m->cpu.gr[4] = 8;
    expect_ok(m, "BA149104", 4);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(t_get32(m, T_DATA + 0x104), 8);
    t_free(m);
}

Test(labcs, CS_last_word_of_storage)
{
    struct machine *m = t_new();
    t_put32(m, T_STORAGE - 4, 1);
    m->cpu.gr[9] = T_STORAGE - 4;
    m->cpu.gr[1] = 1;
    m->cpu.gr[4] = 2;
    expect_ok(m, "BA149000", 4);
    cr_assert_eq(t_get32(m, T_STORAGE - 4), 2);
    t_free(m);
}

Test(labcs, CS_in_problem_state_is_not_privileged)
{
    struct machine *m = t_new();
    t_psw(m, 0x00090000, T_CODE);   /* problem state, key 0 */
    t_put32(m, T_DATA, 5);
    m->cpu.gr[9] = T_DATA;
    m->cpu.gr[1] = 5;
    m->cpu.gr[4] = 6;
    expect_ok(m, "BA149000", 4);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(t_get32(m, T_DATA), 6);
    t_free(m);
}

Test(labcs, CS_fetch_protected_operand)
{
    struct machine *m = t_new();
    m->keys[T_DATA >> 12] = 0x28;   /* key 2, fetch protection */
    t_psw(m, 0x00180000, T_CODE);   /* PSW key 1 */
    fill_gr(m);
    m->cpu.gr[9] = T_DATA;
    m->cpu.cc = 2;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "BA149000"), PGM_PROTECTION, T_CODE + 4, 4);
    same_gr(m, g);
    cr_assert_eq(old_cc(m), 2);
    t_free(m);
}

Test(labcs, CS_through_execute)
{
    struct machine *m = t_new();
    t_put(m, T_DATA + 0x200, "BA149000");   /* the target */
    t_put32(m, T_DATA, 3);
    m->cpu.gr[9] = T_DATA;
    m->cpu.gr[1] = 4;
    m->cpu.gr[10] = T_DATA + 0x200;
    expect_ok(m, "4400A000", 4);   /* EX 0,0(R10): unequal, R1 loaded */
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->cpu.gr[1], 3);
    t_put32(m, T_DATA, 3);
    m->cpu.gr[10] = T_DATA + 0x202;
    t_put(m, T_DATA + 0x202, "BA149001");   /* an unaligned operand through EXECUTE */
    expect_pgm(m, t_exec(m, "4400A000"), PGM_SPECIFICATION, T_CODE + 4, 4);
    t_free(m);
}
