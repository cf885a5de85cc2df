/* test_branch_execute.c: SUPERVISOR CALL, EXECUTE, and SET/INSERT
 * PROGRAM MASK: SVC's interruption, EXECUTE's OR, its addresses, ILC and
 * exceptions, branches as EXECUTE targets, operation exceptions for
 * undefined opcodes, and loops, calls and returns of several
 * instructions in one run (test_branch.c has the branches). */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"
#include "insn_checks.h"
#include "test_branch.h"

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
