/* test_flawed.c: the flawed machine (spec.yaml's `flawed` variant): EPSW,
 * and SSM, STOSM and STNSM unprivileged, leaving the system mask alone in
 * problem state; each against the sound machine, where EPSW is an
 * operation exception and the three are privileged; and under SIE, where
 * the flawed machine's guest supervisor state works as on the sound one.
 *
 * Design note. These are the instructions' results and exceptions on the
 * variant (the tables: test_isa_variants.c). The sound machine's own tests
 * of SSM, STOSM and STNSM stay in test_control.c; the cases here that run
 * on it are the other half of a pair, the same instruction in the same
 * state on both machines.
 */
#include <criterion/criterion.h>

#include "harness.h"

#define SUPER 0x00080000u    /* PSW word 0: ESA bit, supervisor, key 0 */
#define PROBLEM 0x00090000u  /* ... and problem state (bit 15) */

static struct machine *flawed(void)
{
    struct machine *m = t_new();
    machine_set_variant(m, ISA_VARIANT_FLAWED);
    cr_assert_eq(m->isa, isa_variants[ISA_VARIANT_FLAWED]);
    return m;
}

static u64 pgm_old_psw(struct machine *m) { return be64(m->mem + LC_PGM_OLD_PSW); }

/* ---- EPSW ----------------------------------------------------------------------------- */

Test(flawed, EPSW_supervisor_state)
{
    struct machine *m = flawed();
    t_psw(m, 0x03582A00u, T_CODE);   /* I/O and external masks, key 5, CC 2, program mask A */
    m->cpu.gr[1] = m->cpu.gr[2] = 0xFFFFFFFF;
    cr_assert_eq(t_exec(m, "B98D0012"), 0);
    cr_assert_eq(m->cpu.gr[1], 0x03582A00u, "PSW bits 0-31");
    cr_assert_eq(m->cpu.gr[2], 0x80000000u | (T_CODE + 4), "PSW bits 32-63: the next instruction");
    cr_assert_eq(m->cpu.cc, 2, "CC unchanged");
    cr_assert_eq(m->cpu.ia, T_CODE + 4);
    t_free(m);
}

Test(flawed, EPSW_problem_state_sees_p_bit_and_key)
{
    struct machine *m = flawed();
    t_psw(m, 0x00591000u, T_CODE);   /* problem state, key 5, CC 1 */
    cr_assert_eq(t_exec(m, "B98D0034"), 0, "unprivileged: no trap");
    cr_assert_eq(m->cpu.gr[3], 0x00591000u);
    cr_assert(m->cpu.gr[3] & PSW0_PROB, "the P bit: this is why EPSW is behaviour-sensitive");
    cr_assert_eq(m->cpu.gr[4], 0x80000000u | (T_CODE + 4));
    cr_assert_eq(m->count.priv[ISA_EPSW], 0);
    t_free(m);
}

Test(flawed, EPSW_r2_zero_sets_only_r1)
{
    struct machine *m = flawed();
    m->cpu.gr[0] = 0x12345678;
    cr_assert_eq(t_exec(m, "B98D0050"), 0);
    cr_assert_eq(m->cpu.gr[5], SUPER);
    cr_assert_eq(m->cpu.gr[0], 0x12345678u, "R2 = 0: only R1");
    cr_assert_eq(t_exec(m, "B98D0005"), 0);
    cr_assert_eq(m->cpu.gr[0], SUPER, "R1 = 0 is a register like any other");
    cr_assert_eq(m->cpu.gr[5], 0x80000000u | (T_CODE + 4));
    t_free(m);
}

Test(flawed, EPSW_target_of_execute_gives_the_address_after_execute)
{
    struct machine *m = flawed();
    t_put(m, T_DATA, "B98D0012");
    m->cpu.gr[9] = T_DATA;
    cr_assert_eq(t_exec(m, "44009000"), 0);
    cr_assert_eq(m->cpu.gr[1], SUPER);
    cr_assert_eq(m->cpu.gr[2], 0x80000000u | (T_CODE + 4));
    t_free(m);
}

Test(flawed, EPSW_is_an_operation_exception_on_the_sound_machine)
{
    for (int p = 0; p < 2; p++) {
        struct machine *m = t_new();
        t_psw(m, p ? PROBLEM : SUPER, T_CODE);
        m->cpu.gr[1] = 0xAAAAAAAA;
        cr_assert_eq(t_exec(m, "B98D0012"), PGM_OPERATION, "%s state", p ? "problem" : "supervisor");
        cr_assert_eq(t_ilc(m), 4);
        cr_assert_eq(m->cpu.gr[1], 0xAAAAAAAAu);
        t_free(m);
    }
}

Test(flawed, EPSW_as_execute_target_is_an_operation_exception_on_the_sound_machine)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "B98D0012");
    m->cpu.gr[9] = T_DATA;
    cr_assert_eq(t_exec(m, "44009000"), PGM_OPERATION);
    t_free(m);
}

/* ---- SSM, STOSM, STNSM in problem state -------------------------------------------------- */

Test(flawed, SSM_problem_state_leaves_the_mask_and_does_not_trap)
{
    struct machine *m = flawed();
    t_psw(m, 0x03090000u | 0x1000u, T_CODE);   /* enabled, problem state, CC 1 */
    m->mem[T_DATA] = 0x00;
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "80001000"), 0);
    cr_assert_eq(m->cpu.psw_sys, 0x03090000u, "the system mask unchanged");
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->cpu.ia, T_CODE + 4);
    cr_assert_eq(m->count.priv[ISA_SSM], 0, "not counted as a privileged instruction");
    t_free(m);
}

Test(flawed, SSM_problem_state_still_fetches_its_operand)
{
    struct machine *m = flawed();
    t_psw(m, PROBLEM, T_CODE);
    m->cpu.gr[1] = T_STORAGE;
    cr_assert_eq(t_exec(m, "80001000"), PGM_ADDRESSING);
    m->keys[T_DATA >> PAGE_SHIFT] = 0x38;   /* key 3, fetch-protected */
    tlb_purge(m);
    t_psw(m, 0x00290000u, T_CODE);          /* problem state, key 2 */
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "80001000"), PGM_PROTECTION);
    t_free(m);
}

Test(flawed, SSM_problem_state_ignores_ssm_suppression)
{
    struct machine *m = flawed();
    t_psw(m, PROBLEM, T_CODE);
    m->cpu.cr[0] |= CR0_SSM_SUPPRESS;
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "80001000"), 0, "no exception but an access exception");
    t_free(m);
}

Test(flawed, SSM_supervisor_state_works_as_on_the_sound_machine)
{
    struct machine *m = flawed();
    m->mem[T_DATA] = 0x03;
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "80001000"), 0);
    cr_assert_eq(m->cpu.psw_sys, 0x03080000u);
    cr_assert_eq(m->count.priv[ISA_SSM], 1);
    m->cpu.cr[0] |= CR0_SSM_SUPPRESS;
    cr_assert_eq(t_exec(m, "80001000"), PGM_SPECIAL_OPERATION);
    t_free(m);
}

Test(flawed, STOSM_problem_state_stores_the_mask_and_leaves_it)
{
    struct machine *m = flawed();
    t_psw(m, 0x02090000u, T_CODE);
    m->mem[T_DATA] = 0xEE;
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "ADFF1000"), 0, "even a mask that would be invalid");
    cr_assert_eq(m->mem[T_DATA], 0x02, "the real system mask, stored");
    cr_assert_eq(m->cpu.psw_sys, 0x02090000u, "and left as it was");
    cr_assert_eq(m->count.priv[ISA_STOSM], 0);
    t_free(m);
}

Test(flawed, STOSM_problem_state_store_protection)
{
    struct machine *m = flawed();
    m->keys[T_DATA >> PAGE_SHIFT] = 0x30;   /* key 3 */
    tlb_purge(m);
    t_psw(m, 0x00290000u, T_CODE);          /* problem state, key 2 */
    m->mem[T_DATA] = 0xEE;
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "AD011000"), PGM_PROTECTION);
    cr_assert_eq(m->mem[T_DATA], 0xEE);
    cr_assert_eq(be32(m->mem + LC_PGM_OLD_PSW), 0x00290000u, "mask not changed");
    t_free(m);
}

Test(flawed, STOSM_supervisor_state_works_as_on_the_sound_machine)
{
    struct machine *m = flawed();
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "AD031000"), 0);
    cr_assert_eq(m->mem[T_DATA], 0x00);
    cr_assert_eq(m->cpu.psw_sys, 0x03080000u);
    t_free(m);
}

Test(flawed, STNSM_problem_state_stores_the_mask_and_leaves_it)
{
    struct machine *m = flawed();
    t_psw(m, 0x03090000u, T_CODE);
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "AC001000"), 0);
    cr_assert_eq(m->mem[T_DATA], 0x03);
    cr_assert_eq(m->cpu.psw_sys, 0x03090000u, "still enabled: the disable was lost");
    t_free(m);
}

Test(flawed, STNSM_problem_state_addressing)
{
    struct machine *m = flawed();
    t_psw(m, 0x03090000u, T_CODE);
    m->cpu.gr[1] = T_STORAGE;
    cr_assert_eq(t_exec(m, "AC001000"), PGM_ADDRESSING);
    cr_assert_eq(be32(m->mem + LC_PGM_OLD_PSW), 0x03090000u);
    t_free(m);
}

Test(flawed, STNSM_supervisor_state_works_as_on_the_sound_machine)
{
    struct machine *m = flawed();
    t_psw(m, 0x03080000u, T_CODE);
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_exec(m, "ACFE1000"), 0);
    cr_assert_eq(m->mem[T_DATA], 0x03);
    cr_assert_eq(m->cpu.psw_sys, 0x02080000u);
    t_free(m);
}

/* The pair's other half: on the sound machine each is privileged. */
Test(flawed, SSM_STOSM_STNSM_privileged_on_the_sound_machine)
{
    static const char *const insns[] = {"80001000", "AD011000", "ACFE1000"};
    for (int i = 0; i < 3; i++) {
        struct machine *m = t_new();
        t_psw(m, 0x03090000u, T_CODE);
        m->cpu.gr[1] = T_DATA;
        m->mem[T_DATA] = 0xEE;
        cr_assert_eq(t_exec(m, insns[i]), PGM_PRIVILEGED_OPERATION, "%s", insns[i]);
        cr_assert_eq(m->mem[T_DATA], 0xEE, "%s: nothing stored", insns[i]);
        cr_assert_eq(pgm_old_psw(m), 0x0309000080000000ull | (T_CODE + 4));
        t_free(m);
    }
}

/* ---- under SIE: the hardware assist -------------------------------------------------------- */

#define SD 0x4000u
#define MSO 0x80000u
#define GUEST_CODE 0x1000u
#define GUEST_WAIT 0xBE000u

/* A flawed host ready to run SIE on a V=R guest at MSO whose code is
 * `hex`, in the state `w0` says; the guest's new PSWs are waits, which
 * are intercepted. (test_sie.c has the whole facility.) */
static struct machine *sie_host(const char *hex, u32 w0)
{
    static const u16 guest_new[] = {LC_EXT_NEW_PSW, LC_SVC_NEW_PSW, LC_PGM_NEW_PSW, LC_MCK_NEW_PSW, LC_IO_NEW_PSW};
    struct machine *m = flawed();
    m->cpu.gr[1] = SD;
    t_put(m, T_CODE, "B2141000 82000800");   /* SIE 0(1); LPSW a wait */
    put64(m->mem + 0x800, 0x000A000080000000ull | 0xD0E0);
    m->mem[SD + SD_M] = SD_M_ESA390 | SD_M_VR;
    t_put32(m, SD + SD_MSO, MSO);
    t_put32(m, SD + SD_MSE, 0x40000);
    put64(m->mem + SD + SD_PSW, (u64)w0 << 32 | 0x80000000u | GUEST_CODE);
    t_put32(m, SD + SD_CR, 0x00B00000);
    for (size_t i = 0; i < sizeof guest_new / sizeof guest_new[0]; i++)
        put64(m->mem + MSO + guest_new[i], 0x000A000080000000ull | GUEST_WAIT | guest_new[i]);
    put64(m->mem + MSO + 0x300, 0x000A000080000ABCull);   /* the guest's own wait PSW */
    t_put(m, MSO + GUEST_CODE, hex);
    return m;
}

static u64 guest_psw(struct machine *m) { return be64(m->mem + SD + SD_PSW); }

Test(flawed, SSM_under_sie_guest_supervisor_changes_the_guest_psw)
{
    /* SSM X'400' (mask 03); STOSM X'500',0; LPSW the guest's wait */
    struct machine *m = sie_host("80000400 AD000500 82000300", SUPER);
    m->mem[MSO + 0x400] = 0x03;
    t_run(m, 100000);
    cr_assert_eq(m->mem[SD + SD_ICODE], SIE_ICODE_WAIT, "interpreted: no exit before the guest's wait");
    cr_assert_eq(m->mem[MSO + 0x500], 0x03, "the guest's system mask was set");
    cr_assert_eq(guest_psw(m), 0x000A000080000ABCull);
    cr_assert_eq(m->count.priv[ISA_SSM], 1);
    t_free(m);
}

Test(flawed, STNSM_under_sie_guest_problem_state_is_the_flawed_machines)
{
    /* problem state: STNSM X'500',0 changes nothing; then LPSW traps to the guest */
    struct machine *m = sie_host("AC000500 82000300", 0x03090000u);
    t_run(m, 100000);
    cr_assert_eq(m->mem[SD + SD_ICODE], SIE_ICODE_WAIT);
    cr_assert_eq(m->mem[MSO + 0x500], 0x03, "the guest's mask, stored");
    cr_assert_eq(be16(m->mem + MSO + LC_PGM_CODE), PGM_PRIVILEGED_OPERATION, "LPSW's, not STNSM's");
    cr_assert_eq(be64(m->mem + MSO + LC_PGM_OLD_PSW), 0x0309000080000000ull | (GUEST_CODE + 8),
                 "still enabled after STNSM");
    t_free(m);
}

Test(flawed, EPSW_under_sie_is_native_whatever_the_controls)
{
    struct machine *m = sie_host("B98D0023 82000300", SUPER | 0x00001000u);
    for (u32 off = SD_IC; off < SD_IC + 4; off++)
        m->mem[SD + off] = 0xFF;   /* every intercept control */
    t_run(m, 100000);
    cr_assert_eq(m->mem[SD + SD_ICODE], SIE_ICODE_INSTRUCTION, "LPSW intercepted by its control");
    cr_assert_eq(be16(m->mem + SD + SD_IPA), 0x8200, "... and not EPSW");
    cr_assert_eq(m->cpu.gr[2], SUPER | 0x00001000u, "the guest's PSW, CC 1");
    cr_assert_eq(m->cpu.gr[3], 0x80000000u | (GUEST_CODE + 4));
    t_free(m);
}
