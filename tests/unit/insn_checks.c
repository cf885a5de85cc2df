/* insn_checks.c: the checks the instruction tests share (insn_checks.h):
 * interruptions and where the old PSW points, registers left alone, and
 * the addressing and protection exceptions of a storage operand. */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"
#include "insn_checks.h"

/* A program interruption with this code, old PSW address and ILC (bytes). */
void expect_pgm(struct machine *m, int got, int code, u32 old_ia, int ilc)
{
    cr_assert_eq(got, code, "interruption code %d, want %d", got, code);
    cr_assert(t_took(m, LC_PGM_NEW_PSW), "the program new PSW should be current");
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), old_ia, "old PSW address %#x, want %#x",
                 t_old_ia(m, LC_PGM_OLD_PSW), old_ia);
    cr_assert_eq(t_ilc(m), ilc, "ILC %d, want %d", t_ilc(m), ilc);
}

/* The condition code and program mask in the program old PSW. */
int old_cc(struct machine *m) { return (t_get32(m, LC_PGM_OLD_PSW) >> 12) & 3; }

void save_gr(struct machine *m, u32 *g) { memcpy(g, m->cpu.gr, 16 * sizeof(u32)); }

void same_gr(struct machine *m, const u32 *g)
{
    for (int i = 0; i < 16; i++)
        cr_assert_eq(m->cpu.gr[i], g[i], "gr%d changed: %#x, was %#x", i, m->cpu.gr[i], g[i]);
}

/* Distinct register contents (GR0 zero). */
void fill_gr(struct machine *m)
{
    for (int i = 0; i < 16; i++)
        m->cpu.gr[i] = 0x01010101u * (u32)i;
}

/* One-instruction run with the result and CC checked, and the PSW
 * advanced by `len`. */
void expect_ok(struct machine *m, const char *hex, int len)
{
    int code = t_exec(m, hex);
    cr_assert_eq(code, 0, "unexpected program interruption %d", code);
    cr_assert_eq(m->cpu.ia, T_CODE + (u32)len, "next address %#x", m->cpu.ia);
}

/* An instruction whose storage operand is at 0(b): beyond storage it takes
 * an addressing exception (suppressed: registers, CC and the last bytes of
 * storage unchanged). Another operand register `b2` (or -1) addresses
 * T_DATA, so that only the operand at 0(b) is bad. */
void check_addressing_at(const char *hex, int len, int b, u32 addr, int b2)
{
    struct machine *m = t_new();
    fill_gr(m);
    if (b2 >= 0)
        m->cpu.gr[b2] = T_DATA;
    m->cpu.gr[b] = addr;
    m->cpu.cc = 1;
    memset(m->mem + T_STORAGE - 16, 0xA5, 16);
    memset(m->mem + T_DATA, 0xA5, 16);
    u32 g[16];
    save_gr(m, g);
    int code = t_exec(m, hex);
    expect_pgm(m, code, PGM_ADDRESSING, T_CODE + (u32)len, len);
    same_gr(m, g);
    cr_assert_eq(old_cc(m), 1, "CC unchanged");
    for (u32 i = 0; i < 16; i++) {
        cr_assert_eq(m->mem[T_STORAGE - 16 + i], 0xA5, "byte %#x changed", T_STORAGE - 16 + i);
        cr_assert_eq(m->mem[T_DATA + i], 0xA5, "byte %#x changed", T_DATA + i);
    }
    t_free(m);
}

void check_addressing2(const char *hex, int len, int b, int oplen, int b2)
{
    check_addressing_at(hex, len, b, T_STORAGE, b2);
    check_addressing_at(hex, len, b, 0x7FFFFFFCu, b2);
    if (oplen > 1)
        check_addressing_at(hex, len, b, T_STORAGE - 1, b2);   /* straddles the end */
}

void check_addressing(const char *hex, int len, int b, int oplen)
{
    check_addressing2(hex, len, b, oplen, -1);
}

/* Fetch protection: key 2 with F bit, PSW key 1. Without the F bit the
 * fetch is allowed, and key 0 may always fetch. `data` goes at T_DATA.
 * A second operand register `b2` (or -1) addresses 0x9000, a block key 1
 * may store into. */
void check_fetch_protection2(const char *hex, int len, int b, const char *data, int b2)
{
    static const u8 skey[] = {0x28, 0x20, 0x28};
    for (int pass = 0; pass < 3; pass++) {
        struct machine *m = t_new();
        m->keys[T_DATA >> 12] = skey[pass];
        m->keys[0x9000 >> 12] = 0x10;
        if (pass < 2)
            t_psw(m, 0x00180000, T_CODE);   /* pass 2: key 0 fetches anything */
        fill_gr(m);
        m->cpu.gr[b] = T_DATA;
        if (b2 >= 0)
            m->cpu.gr[b2] = 0x9000;
        t_put(m, T_DATA, data);
        m->cpu.cc = 2;
        u32 g[16];
        save_gr(m, g);
        int code = t_exec(m, hex);
        if (pass == 0) {
            expect_pgm(m, code, PGM_PROTECTION, T_CODE + (u32)len, len);
            same_gr(m, g);
            cr_assert_eq(old_cc(m), 2, "CC unchanged");
        } else {
            cr_assert_eq(code, 0, "pass %d: interruption %d", pass, code);
        }
        t_free(m);
    }
}

void check_fetch_protection(const char *hex, int len, int b, const char *data)
{
    check_fetch_protection2(hex, len, b, data, -1);
}

/* Store protection: storage key 2 and PSW key 1 suppress the instruction
 * (nothing stored, registers and CC unchanged); a matching key 1 may
 * store, and key 0 may store into a fetch-protected key-2 block. The
 * operand area at T_DATA holds 0x5A bytes first. A second operand
 * register `b2` (or -1) addresses 0x9000. */
void check_store_protection2(const char *hex, int len, int b, u32 oplen, int b2)
{
    static const u8 skey[] = {0x20, 0x10, 0x28};
    for (int pass = 0; pass < 3; pass++) {
        struct machine *m = t_new();
        m->keys[T_DATA >> 12] = skey[pass];
        if (pass < 2)
            t_psw(m, 0x00180000, T_CODE);
        fill_gr(m);
        m->cpu.gr[b] = T_DATA;
        if (b2 >= 0)
            m->cpu.gr[b2] = 0x9000;
        memset(m->mem + T_DATA, 0x5A, oplen + 16);
        m->cpu.cc = 2;
        u32 g[16];
        save_gr(m, g);
        int code = t_exec(m, hex);
        if (pass == 0) {
            expect_pgm(m, code, PGM_PROTECTION, T_CODE + (u32)len, len);
            same_gr(m, g);
            cr_assert_eq(old_cc(m), 2, "CC unchanged");
            for (u32 i = 0; i < oplen + 16; i++)
                cr_assert_eq(m->mem[T_DATA + i], 0x5A, "byte %u stored despite protection", i);
        } else {
            cr_assert_eq(code, 0, "pass %d: interruption %d", pass, code);
        }
        t_free(m);
    }
}

void check_store_protection(const char *hex, int len, int b, u32 oplen)
{
    check_store_protection2(hex, len, b, oplen, -1);
}
