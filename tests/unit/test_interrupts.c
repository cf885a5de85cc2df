/* test_interrupts.c: interruption mechanics: SVC, program, external, I/O
 * and restart interruptions (old PSW, new PSW, codes and ILC in low core),
 * their priority, interruptions in the wait state, invalid new PSWs
 * (early specification exception, check-stop), and the run loop's stop
 * reasons (disabled wait, enabled wait with nothing to wait for). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "channel.h"
#include "dev_3215.h"
#include "harness.h"

#define HWAIT(off) (0x000A000080DEAD00ull | (off))   /* the harness's new PSWs */

static void put_psw(struct machine *m, u32 addr, u64 psw) { put64(m->mem + addr, psw); }
static u64 get_psw(struct machine *m, u32 addr) { return be64(m->mem + addr); }

/* A console at 009 with an attention interruption pending. */
static struct device *pending_attention(struct machine *m)
{
    struct device *d = con3215_new(0x009, NULL, NULL, NULL);
    cr_assert_not_null(d);
    chan_attach(m, d);
    cr_assert(con3215_input(m, d, "x"));
    return d;
}

/* ---- SVC ----------------------------------------------------------------------- */

Test(interrupts, SVC_stores_old_psw_code_and_ilc)
{
    struct machine *m = t_new();
    m->cpu.cc = 2;
    m->cpu.pm = 0xA;
    cr_assert_eq(t_exec(m, "0A85"), 0);
    cr_assert(t_took(m, LC_SVC_NEW_PSW));
    cr_assert_eq(get_psw(m, LC_SVC_OLD_PSW), 0x00082A0080000000ull | (T_CODE + 2));
    cr_assert_eq(be32(m->mem + 0x88), 0x00020085);
    cr_assert_eq(m->mem[LC_SVC_ILC], 2);
    cr_assert_eq(be16(m->mem + LC_SVC_CODE), 0x85);
    cr_assert_eq(cpu_psw(&m->cpu), HWAIT(LC_SVC_NEW_PSW));
    cr_assert_eq(m->count.svc[0x85], 1);
    t_free(m);
}

Test(interrupts, SVC_in_problem_state_keeps_state_in_old_psw)
{
    struct machine *m = t_new();
    t_psw(m, 0x03D90000, T_CODE);   /* I/O+EXT masks, key 13, problem state */
    cr_assert_eq(t_exec(m, "0A00"), 0);
    cr_assert_eq(get_psw(m, LC_SVC_OLD_PSW), 0x03D9000080000000ull | (T_CODE + 2));
    cr_assert_eq(m->cpu.problem, 0, "new PSW: supervisor state");
    cr_assert_eq(m->cpu.key, 0);
    t_free(m);
}

Test(interrupts, SVC_under_EX_has_ilc_4)
{
    struct machine *m = t_new();
    t_put(m, 0x3000, "0A00");
    m->cpu.gr[1] = 0x21;      /* ORed into the SVC number */
    m->cpu.gr[2] = 0x3000;
    cr_assert_eq(t_exec(m, "44102000"), 0);
    cr_assert(t_took(m, LC_SVC_NEW_PSW));
    cr_assert_eq(be32(m->mem + 0x88), 0x00040021);
    cr_assert_eq(t_old_ia(m, LC_SVC_OLD_PSW), T_CODE + 4);
    t_free(m);
}

Test(interrupts, SVC_handler_returns_with_LPSW_of_old_psw)
{
    struct machine *m = t_new();
    put_psw(m, LC_SVC_NEW_PSW, 0x0008000080003000ull);
    t_put(m, 0x3000, "41100001 82000020");   /* LA 1,1 ; LPSW X'20' */
    t_put(m, T_CODE, "0A07 41220001 0000");  /* SVC 7 ; LA 2,1(2) ; invalid */
    t_run(m, 10);
    cr_assert(t_took(m, LC_PGM_NEW_PSW));
    cr_assert_eq(be16(m->mem + LC_PGM_CODE), PGM_OPERATION);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 8);
    cr_assert_eq(m->cpu.gr[1], 1);
    cr_assert_eq(m->cpu.gr[2], 1);
    t_free(m);
}

/* ---- program interruptions ------------------------------------------------------------ */

Test(interrupts, program_operation_exception_ilc_from_opcode)
{
    static const struct { const char *hex; int ilc; } cases[] = {
        {"0000", 2}, {"B2FF0000", 4}, {"E30000000000", 6},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct machine *m = t_new();
        m->cpu.cc = 3;
        m->cpu.pm = 0x5;
        cr_assert_eq(t_exec(m, cases[i].hex), PGM_OPERATION, "%s", cases[i].hex);
        cr_assert_eq(t_ilc(m), cases[i].ilc, "%s", cases[i].hex);
        cr_assert_eq(be32(m->mem + 0x8C), (u32)cases[i].ilc << 16 | PGM_OPERATION);
        cr_assert_eq(get_psw(m, LC_PGM_OLD_PSW), 0x0008350080000000ull | (T_CODE + cases[i].ilc));
        cr_assert_eq(cpu_psw(&m->cpu), HWAIT(LC_PGM_NEW_PSW));
        cr_assert_eq(m->count.pgm[PGM_OPERATION], 1);
        t_free(m);
    }
}

Test(interrupts, program_new_psw_continues_in_handler)
{
    struct machine *m = t_new();
    put_psw(m, LC_PGM_NEW_PSW, 0x0008000080003000ull);
    t_put(m, 0x3000, "0A09");                 /* the handler just calls SVC 9 */
    t_put(m, T_CODE, "0000");                /* no such instruction */
    t_run(m, 10);
    cr_assert(t_took(m, LC_SVC_NEW_PSW));
    cr_assert_eq(be16(m->mem + LC_PGM_CODE), PGM_OPERATION);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 2);
    cr_assert_eq(t_old_ia(m, LC_SVC_OLD_PSW), 0x3002);
    t_free(m);
}

Test(interrupts, odd_instruction_address_is_specification_on_fetch)
{
    struct machine *m = t_new();
    t_psw(m, 0x00080000, 0x3001);
    t_run(m, 1);
    cr_assert(t_took(m, LC_PGM_NEW_PSW));
    cr_assert_eq(be16(m->mem + LC_PGM_CODE), PGM_SPECIFICATION);
    cr_assert_eq(t_ilc(m), 2);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), 0x3003);
    t_free(m);
}

Test(interrupts, branch_to_odd_address_completes_then_specification)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0x3001;
    m->cpu.gr[14] = 0;
    t_put(m, T_CODE, "0DE1");   /* BASR 14,1 */
    t_run(m, 5);
    cr_assert(t_took(m, LC_PGM_NEW_PSW));
    cr_assert_eq(be16(m->mem + LC_PGM_CODE), PGM_SPECIFICATION);
    cr_assert_eq(m->cpu.gr[14], 0x80000000u | (T_CODE + 2), "the branch completed");
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), 0x3003);
    cr_assert_eq(t_ilc(m), 2);
    t_free(m);
}

Test(interrupts, instruction_fetch_beyond_storage_is_addressing)
{
    struct machine *m = t_new();
    t_psw(m, 0x00080000, T_STORAGE);
    t_run(m, 1);
    cr_assert(t_took(m, LC_PGM_NEW_PSW));
    cr_assert_eq(be16(m->mem + LC_PGM_CODE), PGM_ADDRESSING);
    cr_assert_eq(t_ilc(m), 2);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_STORAGE + 2);
    t_free(m);
}

Test(interrupts, instruction_straddling_end_of_storage_is_addressing)
{
    struct machine *m = t_new();
    t_put(m, T_STORAGE - 2, "5810");   /* L 1,...: its second halfword is beyond storage */
    t_psw(m, 0x00080000, T_STORAGE - 2);
    t_run(m, 1);
    cr_assert(t_took(m, LC_PGM_NEW_PSW));
    cr_assert_eq(be16(m->mem + LC_PGM_CODE), PGM_ADDRESSING);
    cr_assert_eq(t_ilc(m), 2);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_STORAGE);
    t_free(m);
}

/* An instruction that changes the PSW or control state and leaves the
 * run loop must not run again: a short run (the exact, one-at-a-time
 * loop) goes on with the next instruction. */
Test(interrupts, short_run_continues_after_psw_changing_instruction)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA;
    t_put(m, T_CODE, "80001000 41220001 0000");   /* SSM 0(1) ; LA 2,1(2) ; invalid */
    t_run(m, 10);
    cr_assert(t_took(m, LC_PGM_NEW_PSW), "the operation exception at +8 is reached");
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 10);
    cr_assert_eq(m->cpu.gr[2], 1);
    t_free(m);
}

/* The same for every instruction that leaves the run loop, in a short
 * run and in a long one: each must be followed by the next instruction.
 * The message lists every instruction that was not. */
Test(interrupts, every_run_loop_exit_continues_in_sequence)
{
    static const struct { const char *name, *hex; } insns[] = {
        {"SSM", "80001000"},   {"STOSM", "AD001000"}, {"STNSM", "ACFF1000"}, {"LCTL", "B7221000"},
        {"SPKA", "B20A0000"},  {"SCK", "B2041000"},   {"SCKC", "B2061000"},  {"SPT", "B2081000"},
        {"SSKE", "B22B0013"},  {"RRBE", "B22A0013"},  {"PTLB", "B20D0000"},  {"IPTE", "B2210013"},
        {"SIO", "9C000009"},   {"TIO", "9D000009"},   {"HIO", "9E000009"},   {"TCH", "9F000000"},
        {"LPSW", "82001010"},
    };
    static const u64 budgets[] = {10, 100000};
    char failed[512] = "";
    for (size_t b = 0; b < 2; b++)
        for (size_t i = 0; i < sizeof insns / sizeof insns[0]; i++) {
            struct machine *m = t_new();
            m->cpu.cr[0] |= CR0_TRANS_FORMAT_VALUE;   /* for IPTE */
            m->cpu.gr[1] = T_DATA;
            m->cpu.gr[3] = 0x10000;
            put_psw(m, T_DATA + 0x10, 0x0008000080000000ull | (T_CODE + 4));   /* for LPSW */
            t_put(m, T_CODE, insns[i].hex);
            t_put(m, T_CODE + 4, "41220001 0000");   /* LA 2,1(2) ; invalid */
            t_run(m, budgets[b]);
            if (!t_took(m, LC_PGM_NEW_PSW) || t_old_ia(m, LC_PGM_OLD_PSW) != T_CODE + 10 || m->cpu.gr[2] != 1 ||
                be16(m->mem + LC_PGM_CODE) != PGM_OPERATION) {
                size_t n = strlen(failed);
                snprintf(failed + n, sizeof failed - n, " %s(budget %llu)", insns[i].name,
                         (unsigned long long)budgets[b]);
            }
            t_free(m);
        }
    cr_assert_str_empty(failed, "not continued in sequence:%s", failed);
}

Test(interrupts, long_run_continues_after_psw_changing_instruction)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_DATA;
    t_put(m, T_CODE, "80001000 41220001 0000");
    t_run(m, 100000);
    cr_assert(t_took(m, LC_PGM_NEW_PSW));
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 10);
    cr_assert_eq(m->cpu.gr[2], 1);
    t_free(m);
}

/* ---- invalid new PSWs ---------------------------------------------------------------------- */

Test(interrupts, invalid_svc_new_psw_is_specification_ilc_0)
{
    struct machine *m = t_new();
    u64 bad = 0x0000000080003000ull;   /* ESA bit 12 off */
    put_psw(m, LC_SVC_NEW_PSW, bad);
    cr_assert_eq(t_exec(m, "0A01"), PGM_SPECIFICATION);
    cr_assert_eq(get_psw(m, LC_SVC_OLD_PSW), 0x0008000080000000ull | (T_CODE + 2), "the SVC completed");
    cr_assert_eq(be32(m->mem + 0x8C), PGM_SPECIFICATION, "ILC 0");
    cr_assert_eq(get_psw(m, LC_PGM_OLD_PSW), bad, "program old PSW = the invalid new PSW");
    t_free(m);
}

Test(interrupts, invalid_external_new_psw_is_specification_ilc_0)
{
    struct machine *m = t_new();
    u64 bad = 0x00080000000030FFull;   /* 24-bit mode: not on this machine */
    put_psw(m, LC_EXT_NEW_PSW, bad);
    t_psw(m, 0x01080000, T_CODE);
    m->ext_key = true;
    cr_assert_eq(t_run(m, 5), STOP_WAIT);
    cr_assert_eq(get_psw(m, LC_EXT_OLD_PSW), 0x0108000080000000ull | T_CODE);
    cr_assert(t_took(m, LC_PGM_NEW_PSW));
    cr_assert_eq(be32(m->mem + 0x8C), PGM_SPECIFICATION);
    cr_assert_eq(get_psw(m, LC_PGM_OLD_PSW), bad);
    t_free(m);
}

Test(interrupts, invalid_restart_new_psw_is_specification_ilc_0)
{
    struct machine *m = t_new();   /* the restart new PSW at 0 is zero: invalid */
    m->restart_pending = true;
    cr_assert_eq(t_run(m, 5), STOP_WAIT);
    cr_assert_eq(get_psw(m, LC_RESTART_OLD_PSW), 0x0008000080000000ull | T_CODE);
    cr_assert(t_took(m, LC_PGM_NEW_PSW));
    cr_assert_eq(be32(m->mem + 0x8C), PGM_SPECIFICATION);
    cr_assert_eq(get_psw(m, LC_PGM_OLD_PSW), 0);
    t_free(m);
}

Test(interrupts, invalid_program_new_psw_check_stops)
{
    struct machine *m = t_new();
    put_psw(m, LC_PGM_NEW_PSW, 0x0000000080003000ull);
    t_put(m, T_CODE, "0000");
    cr_assert_eq(t_run(m, 100), STOP_CHECKSTOP);
    cr_assert_eq(get_psw(m, LC_PGM_OLD_PSW), 0x0008000080000000ull | (T_CODE + 2));
    cr_assert_eq(be16(m->mem + LC_PGM_CODE), PGM_OPERATION);
    u64 icount = m->cpu.icount;
    enum stop again = t_run(m, 100);
    cr_assert(again == STOP_WAIT || again == STOP_CHECKSTOP, "stop %d", again);
    cr_assert_eq(m->cpu.icount, icount, "nothing runs after a check-stop");
    t_free(m);
}

Test(interrupts, invalid_program_new_psw_after_invalid_svc_new_psw_check_stops)
{
    struct machine *m = t_new();
    put_psw(m, LC_SVC_NEW_PSW, 0x0000000080003000ull);
    put_psw(m, LC_PGM_NEW_PSW, 0x0000000080003000ull);
    t_put(m, T_CODE, "0A01");
    cr_assert_eq(t_run(m, 100), STOP_CHECKSTOP);
    t_free(m);
}

/* ---- external, I/O and restart interruptions ----------------------------------------------------- */

Test(interrupts, external_interrupt_key)
{
    struct machine *m = t_new();
    t_psw(m, 0x01080000, T_CODE);
    m->cpu.cc = 1;
    m->ext_key = true;
    put16(m->mem + LC_EXT_CPU_ADDR, 0xFFFF);
    cr_assert_eq(t_run(m, 5), STOP_WAIT);
    cr_assert(t_took(m, LC_EXT_NEW_PSW));
    cr_assert_eq(get_psw(m, LC_EXT_OLD_PSW), 0x0108100080000000ull | T_CODE, "taken before the instruction");
    cr_assert_eq(be16(m->mem + LC_EXT_CODE), EXT_INTERRUPT_KEY);
    cr_assert_eq(be16(m->mem + LC_EXT_CPU_ADDR), 0);
    cr_assert_eq(m->cpu.icount, 0);
    cr_assert_not(m->ext_key, "the condition is cleared");
    t_free(m);
}

Test(interrupts, external_masked_by_psw_stays_pending)
{
    struct machine *m = t_new();
    m->ext_key = true;
    t_put(m, T_CODE, "0700 0700 AD011000 0000");   /* NOPR ; NOPR ; STOSM 0(1),X'01' */
    m->cpu.gr[1] = T_DATA;
    cr_assert_eq(t_run(m, 2), STOP_LIMIT);
    cr_assert_not(t_took(m, LC_EXT_NEW_PSW));
    cr_assert(m->ext_key);
    cr_assert_eq(t_run(m, 5), STOP_WAIT);
    cr_assert(t_took(m, LC_EXT_NEW_PSW), "taken once STOSM enables it");
    cr_assert_eq(get_psw(m, LC_EXT_OLD_PSW), 0x0108000080000000ull | (T_CODE + 8));
    t_free(m);
}

Test(interrupts, external_masked_by_cr0_subclass_stays_pending)
{
    struct machine *m = t_new();
    m->cpu.cr[0] &= ~CR0_INTKEY_MASK;
    m->ext_key = true;
    t_psw(m, 0x010A0000, T_CODE);   /* enabled wait, but the subclass is masked */
    cr_assert_eq(t_run(m, 5), STOP_IDLE);
    cr_assert(m->ext_key);
    m->cpu.cr[0] |= CR0_INTKEY_MASK;
    cr_assert_eq(t_run(m, 5), STOP_WAIT);
    cr_assert(t_took(m, LC_EXT_NEW_PSW));
    t_free(m);
}

Test(interrupts, interruption_in_wait_state_stores_wait_bit)
{
    struct machine *m = t_new();
    t_psw(m, 0x010A0000, 0x4000);
    m->ext_key = true;
    t_run(m, 5);
    cr_assert(t_took(m, LC_EXT_NEW_PSW));
    cr_assert_eq(get_psw(m, LC_EXT_OLD_PSW), 0x010A000080004000ull);
    t_free(m);
}

Test(interrupts, io_interruption_stores_device_address_and_csw)
{
    struct machine *m = t_new();
    pending_attention(m);
    put32(m->mem + LC_IO_ADDR, 0xFFFFFFFF);
    t_psw(m, 0x02080000, T_CODE);
    cr_assert_eq(t_run(m, 5), STOP_WAIT);
    cr_assert(t_took(m, LC_IO_NEW_PSW));
    cr_assert_eq(get_psw(m, LC_IO_OLD_PSW), 0x0208000080000000ull | T_CODE);
    cr_assert_eq(be32(m->mem + LC_IO_ADDR), 0x00000009);
    cr_assert_eq(be16(m->mem + 0xBA), 0x0009);
    cr_assert_eq(be64(m->mem + LC_CSW), 0x0000000080000000ull, "attention, nothing else");
    cr_assert_eq(m->count.irq[IRQ_IO], 1);
    t_free(m);
}

Test(interrupts, io_masked_by_psw_stays_pending)
{
    struct machine *m = t_new();
    pending_attention(m);
    t_psw(m, 0x010A0000, T_CODE);   /* external only */
    cr_assert_eq(t_run(m, 5), STOP_IDLE);
    cr_assert_not(t_took(m, LC_IO_NEW_PSW));
    t_psw(m, 0x020A0000, T_CODE);
    cr_assert_eq(t_run(m, 5), STOP_WAIT);
    cr_assert(t_took(m, LC_IO_NEW_PSW));
    t_free(m);
}

Test(interrupts, restart_is_taken_even_when_disabled)
{
    struct machine *m = t_new();
    put_psw(m, LC_RESTART_NEW_PSW, 0x000A000080000E00ull);
    m->restart_pending = true;
    cr_assert_eq(t_run(m, 5), STOP_WAIT);
    cr_assert_eq(get_psw(m, LC_RESTART_OLD_PSW), 0x0008000080000000ull | T_CODE);
    cr_assert_eq(m->cpu.ia, 0xE00);
    cr_assert_not(m->restart_pending);
    t_free(m);
}

/* External, then I/O, then restart. Each new PSW enables only the next
 * class, so the chain of old PSWs records the order. */
Test(interrupts, priority_external_io_restart)
{
    struct machine *m = t_new();
    pending_attention(m);
    m->ext_key = true;
    m->restart_pending = true;
    put_psw(m, LC_EXT_NEW_PSW, 0x020A000080000E58ull);      /* I/O-enabled wait */
    put_psw(m, LC_RESTART_NEW_PSW, 0x000A000080000E00ull);  /* disabled wait */
    t_psw(m, 0x03080000, T_CODE);
    cr_assert_eq(t_run(m, 5), STOP_WAIT);
    cr_assert_eq(get_psw(m, LC_EXT_OLD_PSW), 0x0308000080000000ull | T_CODE, "external first");
    cr_assert_eq(get_psw(m, LC_IO_OLD_PSW), 0x020A000080000E58ull, "then I/O");
    cr_assert_eq(get_psw(m, LC_RESTART_OLD_PSW), HWAIT(LC_IO_NEW_PSW), "then restart");
    cr_assert_eq(m->cpu.ia, 0xE00);
    t_free(m);
}

Test(interrupts, priority_io_before_restart)
{
    struct machine *m = t_new();
    pending_attention(m);
    m->restart_pending = true;
    put_psw(m, LC_RESTART_NEW_PSW, 0x000A000080000E00ull);
    t_psw(m, 0x02080000, T_CODE);
    cr_assert_eq(t_run(m, 5), STOP_WAIT);
    cr_assert_eq(get_psw(m, LC_IO_OLD_PSW), 0x0208000080000000ull | T_CODE);
    cr_assert_eq(get_psw(m, LC_RESTART_OLD_PSW), HWAIT(LC_IO_NEW_PSW));
    t_free(m);
}

/* ---- stop reasons ---------------------------------------------------------------------------- */

Test(interrupts, disabled_wait_returns_stop_wait)
{
    struct machine *m = t_new();
    t_psw(m, 0x000A0000, 0x1234);
    cr_assert_eq(t_run(m, 1000), STOP_WAIT);
    cr_assert_eq(m->cpu.icount, 0);
    cr_assert_eq(m->cpu.ia, 0x1234);
    t_free(m);
}

Test(interrupts, enabled_wait_with_nothing_pending_returns_stop_idle)
{
    struct machine *m = t_new();
    t_psw(m, 0x030A0000, 0x1234);
    cr_assert_eq(t_run(m, 1000), STOP_IDLE);
    cr_assert_eq(m->cpu.icount, 0);
    t_free(m);
}

Test(interrupts, enabled_wait_with_idle_device_returns_stop_idle)
{
    struct machine *m = t_new();
    struct device *d = con3215_new(0x009, NULL, NULL, NULL);
    chan_attach(m, d);
    t_psw(m, 0x020A0000, 0x1234);
    cr_assert_eq(t_run(m, 1000), STOP_IDLE);
    t_free(m);
}

Test(interrupts, budget_exhausted_returns_stop_limit)
{
    struct machine *m = t_new();
    t_put(m, T_CODE, "A7F40000");   /* J * */
    cr_assert_eq(t_run(m, 5000), STOP_LIMIT);
    cr_assert_eq(m->cpu.icount, 5000);
    cr_assert_eq(m->cpu.ia, T_CODE);
    t_free(m);
}
