/* test_fused.c: fused compare-and-branch pairs (isa/fused.c) must do
 * exactly what the two instructions do one at a time. Each case runs
 *     compare ; BRC mask,+8 ; LHI 9,1 ; LPSW (disabled wait)
 * twice: in the fast loop, where the decoder fuses the pair, and with
 * profiling on, which runs the exact loop one unfused instruction at a
 * time. Registers, CC, the instruction count and the final PSW must match. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

struct state {
    u32 gr[16];
    u8 cc;
    u64 icount, psw;
};

static void run_program(const char *compare_hex, u32 r1, u32 r2, u8 mem, u8 mask, bool fused, struct state *st)
{
    struct machine *m = t_new();
    char prog[64];
    snprintf(prog, sizeof prog, "%s A7%X40004 A7980001 82008000", compare_hex, mask);
    t_put(m, T_CODE, prog);
    t_put(m, 0x8000, "000A0000 80000ABC");   /* the wait PSW */
    m->mem[0x9000] = mem;
    put32(m->mem + 0x9004, r2);
    m->cpu.gr[1] = r1;
    m->cpu.gr[2] = r2;
    m->cpu.gr[3] = 0x9000;
    if (!fused)
        m->count.op = calloc(ISA_COUNT, sizeof *m->count.op);   /* the exact loop */
    enum stop s = t_run(m, 100000);
    cr_assert_eq(s, STOP_WAIT);
    memcpy(st->gr, m->cpu.gr, sizeof st->gr);
    st->cc = (u8)((cpu_psw(&m->cpu) >> 44) & 3);
    st->icount = m->cpu.icount;
    st->psw = cpu_psw(&m->cpu);
    t_free(m);
}

/* The compare's slot really got a fused handler. */
static bool slot_is_fused(const char *compare_hex)
{
    struct machine *m = t_new();
    char prog[64];
    snprintf(prog, sizeof prog, "%s A7840004 A7980001 82008000", compare_hex);
    t_put(m, T_CODE, prog);
    t_put(m, 0x8000, "000A0000 80000ABC");
    m->cpu.gr[3] = 0x9000;
    t_run(m, 100000);
    const struct insn *slot = &m->icache[T_CODE >> PAGE_SHIFT]->slot[(T_CODE & PAGE_MASK) >> 1];
    int id = isa_lookup(m->mem + T_CODE);
    bool fused = slot->fn != isa_defs[id].fn && slot->fn != exec_decode;
    t_free(m);
    return fused;
}

static void check_pair(const char *name, const char *hex)
{
    static const u32 values[] = {0, 1, 2, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x12345678, 0x0000FF00};
    cr_assert(slot_is_fused(hex), "%s followed by BRC was not fused", name);
    for (size_t a = 0; a < sizeof values / sizeof values[0]; a++)
        for (size_t b = 0; b < sizeof values / sizeof values[0]; b += 3)
            for (u8 mask = 0; mask < 16; mask++) {
                struct state f, u;
                u8 mem = (u8)(values[a] ^ values[b]);
                run_program(hex, values[a], values[b], mem, mask, true, &f);
                run_program(hex, values[a], values[b], mem, mask, false, &u);
                cr_assert_eq(f.cc, u.cc, "%s %08X %08X mask %X: cc %d vs %d", name, values[a], values[b], mask, f.cc, u.cc);
                cr_assert_eq(f.gr[9], u.gr[9], "%s %08X %08X mask %X: branch taken differently", name, values[a],
                             values[b], mask);
                cr_assert_eq(f.gr[1], u.gr[1], "%s: R1 differs", name);
                cr_assert_eq(f.icount, u.icount, "%s: instruction counts %llu vs %llu", name,
                             (unsigned long long)f.icount, (unsigned long long)u.icount);
                cr_assert_eq(f.psw, u.psw, "%s: final PSW differs", name);
            }
}

Test(fused, CR_BRC_pair_matches_unfused) { check_pair("CR", "1912"); }
Test(fused, CLR_BRC_pair_matches_unfused) { check_pair("CLR", "1512"); }
Test(fused, CHI_BRC_pair_matches_unfused) { check_pair("CHI", "A71EFFF0"); }
Test(fused, LTR_BRC_pair_matches_unfused) { check_pair("LTR", "1212"); }
Test(fused, C_BRC_pair_matches_unfused) { check_pair("C", "59103004"); }
Test(fused, CL_BRC_pair_matches_unfused) { check_pair("CL", "55103004"); }
Test(fused, CLI_BRC_pair_matches_unfused) { check_pair("CLI", "95803000"); }
Test(fused, TM_BRC_pair_matches_unfused) { check_pair("TM", "91C33000"); }
Test(fused, TMLL_BRC_pair_matches_unfused) { check_pair("TMLL", "A711FF00"); }
Test(fused, TMLH_BRC_pair_matches_unfused) { check_pair("TMLH", "A7108001"); }

Test(fused, store_into_the_branch_unfuses_it)
{
    /* CLR 1,2 ; BRC 8,+8 ; ... a loop stores a new mask into the BRC (0 = never) */
    struct machine *m = t_new();
    t_put(m, T_CODE, "1512 A7840004 A7980001 82008000");
    t_put(m, 0x8000, "000A0000 80000ABC");
    m->cpu.gr[1] = m->cpu.gr[2] = 5;   /* equal: mask 8 branches */
    t_run(m, 100000);
    cr_assert_eq(m->cpu.gr[9], 0, "taken the first time");
    m->mem[T_CODE + 3] = 0x04;         /* BRC 0: never */
    stor_write(m, T_CODE + 3, m->mem + T_CODE + 3, 1);
    t_psw(m, 0x00080000, T_CODE);
    t_run(m, 100000);
    cr_assert_eq(m->cpu.gr[9], 1, "the changed branch is seen");
    t_free(m);
}

/* Shifts by a constant count (no base register) get their own handler
 * in the fast loop: same results as the general one, for every count. */
static void check_const_shift(const char *name, u8 opcode)
{
    for (u32 count = 0; count < 64; count++) {
        u32 results[2];
        for (int fast = 0; fast < 2; fast++) {
            struct machine *m = t_new();
            char prog[64];
            snprintf(prog, sizeof prog, "%02X10%04X 82008000", opcode, count);
            t_put(m, T_CODE, prog);
            t_put(m, 0x8000, "000A0000 80000ABC");
            m->cpu.gr[1] = 0x8F0F00F1;
            if (!fast)
                m->count.op = calloc(ISA_COUNT, sizeof *m->count.op);
            cr_assert_eq(t_run(m, 100000), STOP_WAIT);
            if (fast) {
                const struct insn *slot = &m->icache[T_CODE >> PAGE_SHIFT]->slot[(T_CODE & PAGE_MASK) >> 1];
                cr_assert(slot->fn != isa_defs[isa_lookup(m->mem + T_CODE)].fn, "%s was not specialized", name);
            }
            results[fast] = m->cpu.gr[1];
            t_free(m);
        }
        cr_assert_eq(results[0], results[1], "%s by %u: %08X vs %08X", name, count, results[0], results[1]);
    }
}

Test(fused, SLL_by_a_constant_matches_the_general_shift) { check_const_shift("SLL", 0x89); }
Test(fused, SRL_by_a_constant_matches_the_general_shift) { check_const_shift("SRL", 0x88); }
Test(fused, RLL_by_a_constant_matches_the_general_rotate)
{
    for (u32 count = 0; count < 64; count++) {
        u32 results[2];
        for (int fast = 0; fast < 2; fast++) {
            struct machine *m = t_new();
            char prog[64];
            snprintf(prog, sizeof prog, "EB12%04X001D 82008000", count);
            t_put(m, T_CODE, prog);
            t_put(m, 0x8000, "000A0000 80000ABC");
            m->cpu.gr[2] = 0x8F0F00F1;
            if (!fast)
                m->count.op = calloc(ISA_COUNT, sizeof *m->count.op);
            cr_assert_eq(t_run(m, 100000), STOP_WAIT);
            if (fast) {
                const struct insn *slot = &m->icache[T_CODE >> PAGE_SHIFT]->slot[(T_CODE & PAGE_MASK) >> 1];
                cr_assert(slot->fn != isa_defs[ISA_RLL].fn, "RLL was not specialized");
            }
            results[fast] = m->cpu.gr[1];
            t_free(m);
        }
        cr_assert_eq(results[0], results[1], "RLL by %u: %08X vs %08X", count, results[0], results[1]);
    }
}

Test(fused, store_into_the_branch_displacement_unfuses_the_pair)
{
    /* CHI 1,5 ; BRC 8,+8 ; AHI 9,1 ; AHI 9,2 ; LPSW: then a store changes
     * the BRC's displacement (its last byte, 7 bytes after the CHI) to +4 */
    struct machine *m = t_new();
    t_put(m, T_CODE, "A71E0005 A7840004 A79A0001 A79A0002 82008000");
    t_put(m, 0x8000, "000A0000 80000ABC");
    m->cpu.gr[1] = 5;
    t_run(m, 100000);
    cr_assert_eq(m->cpu.gr[9], 2, "the branch to +8 skips AHI 9,1");
    cr_assert_eq(m->cpu.icount, 4);
    m->cpu.gr[9] = 0;
    m->mem[T_CODE + 7] = 0x02;
    stor_write(m, T_CODE + 7, m->mem + T_CODE + 7, 1);
    t_psw(m, 0x00080000, T_CODE);
    t_run(m, 100000);
    cr_assert_eq(m->cpu.gr[9], 3, "the changed branch lands on AHI 9,1");
    cr_assert_eq(m->cpu.icount, 4 + 5);
    t_free(m);
}

/* ---- GCC's LHI idioms ----------------------------------------------------- */

struct idiom_state {
    u32 gr[16];
    u64 icount, psw;
    u32 pgm_old[2];   /* the program old PSW in low core */
    bool specialized;
};

/* Run `prog` (at T_CODE, then the wait PSW) fast or in the exact loop,
 * with R1 = r1, R3 = 0x9000 and bytes 0x5A at 0x9000, 0xC3 at 0. */
static void run_idiom(const char *prog, u32 r1, bool fast, struct idiom_state *st)
{
    struct machine *m = t_new();
    char code[96];
    snprintf(code, sizeof code, "%s 82008000", prog);
    t_put(m, T_CODE, code);
    t_put(m, 0x8000, "000A0000 80000ABC");
    m->mem[0x9000] = 0x5A;
    m->mem[0] = 0xC3;
    for (int r = 0; r < 16; r++)
        m->cpu.gr[r] = 0x01010101u * (u32)r;
    m->cpu.gr[1] = r1;
    m->cpu.gr[3] = 0x9000;
    if (!fast)
        m->count.op = calloc(ISA_COUNT, sizeof *m->count.op);
    cr_assert_eq(t_run(m, 100000), STOP_WAIT);
    memcpy(st->gr, m->cpu.gr, sizeof st->gr);
    st->icount = m->cpu.icount;
    st->psw = cpu_psw(&m->cpu);
    st->pgm_old[0] = t_get32(m, 0x28);
    st->pgm_old[1] = t_get32(m, 0x2C);
    const struct insn *slot = &m->icache[T_CODE >> PAGE_SHIFT]->slot[(T_CODE & PAGE_MASK) >> 1];
    st->specialized = fast && slot->fn != isa_defs[ISA_LHI].fn && slot->fn != exec_decode;
    t_free(m);
}

/* The pair gives what the two instructions give one at a time (all
 * registers, CC, count, PSW), and is fused exactly when `fused` says. */
static void check_idiom(const char *prog, bool fused)
{
    static const u32 values[] = {0, 1, 0xFF, 0x100, 0x1FF, 0x80000000, 0xFFFFFFFF, 0x12345678};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        struct idiom_state f, u;
        run_idiom(prog, values[i], true, &f);
        run_idiom(prog, values[i], false, &u);
        cr_assert_eq(f.specialized, fused, "%s: %s", prog, fused ? "not fused" : "fused, but must not be");
        for (int r = 0; r < 16; r++)
            cr_assert_eq(f.gr[r], u.gr[r], "%s with R1=%08X: R%d %08X vs %08X", prog, values[i], r, f.gr[r], u.gr[r]);
        cr_assert_eq(f.icount, u.icount, "%s: instruction counts differ", prog);
        cr_assert_eq(f.psw, u.psw, "%s: final PSW (and CC) differ", prog);
    }
}

Test(fused, LHI_0_IC_is_a_zero_extending_byte_load)
{
    check_idiom("A7180000 43103000", true);    /* LHI 1,0 ; IC 1,0(,3) */
    check_idiom("A7180000 43130000", true);    /* LHI 1,0 ; IC 1,0(3) (index) */
}

Test(fused, LHI_IC_is_not_fused_when_the_address_or_the_register_differs)
{
    check_idiom("A7180000 43101000", false);   /* IC 1,0(,1): the base is the zeroed R1 */
    check_idiom("A7180000 43113000", false);   /* IC 1,0(1,3): so is the index */
    check_idiom("A7180000 43203000", false);   /* IC 2,...: another register */
    check_idiom("A7180001 43103000", false);   /* LHI 1,1: not a zero extension */
}

Test(fused, LHI_IC_access_exception_comes_after_the_LHI)
{
    /* IC 1,0(,4) with R4 = 0x04040404, beyond storage: the LHI is done,
     * then the IC's addressing exception (registers, old PSW, count) */
    struct idiom_state f, u;
    run_idiom("A7180000 43104000", 7, true, &f);
    run_idiom("A7180000 43104000", 7, false, &u);
    cr_assert(f.specialized);
    cr_assert_eq(f.gr[1], 0, "the LHI ran");
    for (int r = 0; r < 16; r++)
        cr_assert_eq(f.gr[r], u.gr[r], "R%d %08X vs %08X", r, f.gr[r], u.gr[r]);
    cr_assert_eq(f.psw, u.psw);
    cr_assert_eq(u.pgm_old[1], 0x80000000u | (T_CODE + 8), "the old PSW points after the IC");
    cr_assert_eq(f.pgm_old[0], u.pgm_old[0]);
    cr_assert_eq(f.pgm_old[1], u.pgm_old[1]);
    cr_assert_eq(f.icount, u.icount);
}

Test(fused, LHI_NR_is_an_and_with_a_constant)
{
    check_idiom("A70800FF 1410", true);   /* LHI 0,255 ; NR 1,0 */
    check_idiom("A708FF00 1410", true);   /* a negative mask */
    check_idiom("A7080000 1410", true);   /* zero: CC 0 */
    check_idiom("A71800FF 1411", true);   /* NR 1,1 after LHI 1 */
    check_idiom("A70800FF 1412", true);   /* NR 1,2: the LHI's register unused */
}
