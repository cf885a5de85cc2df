/* test_branch.h: what the branch tests share (test_branch.c,
 * test_branch_execute.c): the 31-bit link value, and checks of a taken
 * branch and of a branch to an address whose fetch fails. */
#ifndef CREASY_TEST_BRANCH_H
#define CREASY_TEST_BRANCH_H

#include <criterion/criterion.h>

#include "harness.h"

#define LINK(a) (0x80000000u | (a))

/* A taken branch: one instruction, PSW at `target`. */
static inline void expect_branch(struct machine *m, const char *hex, u32 target)
{
    int code = t_exec(m, hex);
    cr_assert_eq(code, 0, "unexpected program interruption %d", code);
    cr_assert_eq(m->cpu.ia, target, "branched to %#x, want %#x", m->cpu.ia, target);
}

/* The branch at T_CODE goes to an address whose fetch fails with `code`:
 * the branch completes, then the next fetch is suppressed; this machine
 * reports old PSW = address + ILC. */
static inline void expect_fetch_exception(struct machine *m, const char *hex, u32 target, int code)
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

#endif
