/* test_storage.c: character and string instructions: MVI, CLI, MVC, CLC,
 * CLM, TS, CS, CDS, the long forms (MVCL, CLCL, MVCLE, CLCLE), CLST and
 * SRST: results, register updates, condition codes (including CC 3 for a
 * CPU-determined amount), and the specification, addressing and
 * protection exceptions (suppressed: nothing changes). */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"
#include "insn_checks.h"

/* ---- helpers ---------------------------------------------------------------- */

static void fill_bytes(struct machine *m, u32 addr, u32 len, u8 seed)
{
    for (u32 i = 0; i < len; i++)
        m->mem[addr + i] = (u8)(seed + i * 7);
}

/* ---- MVI / CLI ------------------------------------------------------------------------ */

Test(storage, MVI_stores_immediate_byte)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "111111");
    m->cpu.gr[3] = T_DATA;
    m->cpu.cc = 2;
    expect_ok(m, "92AB3001", 4);
    cr_assert_eq(m->mem[T_DATA], 0x11);
    cr_assert_eq(m->mem[T_DATA + 1], 0xAB);
    cr_assert_eq(m->mem[T_DATA + 2], 0x11);
    cr_assert_eq(m->cpu.cc, 2);
    expect_ok(m, "92000FFF", 4);   /* base 0: absolute X'FFF' */
    cr_assert_eq(m->mem[0xFFF], 0);
    t_free(m);
}

Test(storage, MVI_addressing_exception_suppresses) { check_addressing("92AB9000", 4, 9, 1); }

Test(storage, MVI_store_protection) { check_store_protection("92AB9000", 4, 9, 1); }

Test(storage, CLI_compares_unsigned)
{
    static const struct { u8 byte, imm, cc; } t[] = {
        {0x40, 0x40, 0}, {0x3F, 0x40, 1}, {0x41, 0x40, 2}, {0x80, 0x7F, 2}, {0x00, 0xFF, 1},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct machine *m = t_new();
        char hex[16];
        snprintf(hex, sizeof hex, "95%02X3000", t[i].imm);
        m->mem[T_DATA] = t[i].byte;
        m->cpu.gr[3] = T_DATA;
        m->cpu.cc = 3;
        expect_ok(m, hex, 4);
        cr_assert_eq(m->cpu.cc, t[i].cc, "case %zu", i);
        t_free(m);
    }
}

Test(storage, CLI_addressing_exception_suppresses) { check_addressing("95AB9000", 4, 9, 1); }

Test(storage, CLI_fetch_protection) { check_fetch_protection("95AB9000", 4, 9, "01"); }

/* ---- MVC / CLC ------------------------------------------------------------------------------ */

Test(storage, MVC_moves_l_plus_1_bytes)
{
    struct machine *m = t_new();
    t_put(m, T_DATA + 0x100, "0102030405060708090A");
    m->cpu.gr[3] = T_DATA;
    m->cpu.cc = 1;
    expect_ok(m, "D20730003100", 6);   /* MVC 0(8,3),256(3) */
    cr_assert_eq(t_get32(m, T_DATA), 0x01020304);
    cr_assert_eq(t_get32(m, T_DATA + 4), 0x05060708);
    cr_assert_eq(m->mem[T_DATA + 8], 0);
    cr_assert_eq(m->cpu.cc, 1, "no CC");
    expect_ok(m, "D20030103109", 6);   /* one byte */
    cr_assert_eq(m->mem[T_DATA + 0x10], 0x0A);
    cr_assert_eq(m->mem[T_DATA + 0x11], 0);
    t_free(m);
}

Test(storage, MVC_one_byte_overlap_propagates)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "40");
    m->mem[T_DATA + 0x101] = 0x77;
    m->cpu.gr[3] = T_DATA;
    expect_ok(m, "D2FF30013000", 6);   /* MVC 1(256,3),0(3): the classic fill */
    for (u32 i = 0; i <= 0x100; i++)
        cr_assert_eq(m->mem[T_DATA + i], 0x40, "byte %u", i);
    cr_assert_eq(m->mem[T_DATA + 0x101], 0x77);
    t_put(m, T_DATA, "0102030405060708");
    expect_ok(m, "D20530003002", 6);   /* destination left of source: a plain copy */
    cr_assert_eq(t_get32(m, T_DATA), 0x03040506);
    cr_assert_eq(t_get32(m, T_DATA + 4), 0x07080708);
    t_free(m);
}

Test(storage, MVC_256_bytes_across_pages)
{
    struct machine *m = t_new();
    fill_bytes(m, 0xAF80, 256, 3);
    m->cpu.gr[3] = 0x8FC0;
    m->cpu.gr[4] = 0xAF80;
    expect_ok(m, "D2FF30004000", 6);
    cr_assert_eq(memcmp(m->mem + 0x8FC0, m->mem + 0xAF80, 256), 0);
    cr_assert_eq(m->mem[0x8FC0 + 256], 0);
    t_free(m);
}

Test(storage, MVC_addressing_exception_suppresses)
{
    check_addressing2("D20390004000", 6, 9, 4, 4);   /* destination */
    check_addressing2("D20340009000", 6, 9, 4, 4);   /* source */
}

Test(storage, MVC_store_protection) { check_store_protection2("D20390004000", 6, 9, 4, 4); }

Test(storage, MVC_fetch_protection_of_source) { check_fetch_protection2("D20340009000", 6, 9, "01020304", 4); }

Test(storage, MVC_protected_second_page_moves_nothing)
{
    struct machine *m = t_new();
    m->keys[8] = 0x10;
    m->keys[9] = 0x20;
    t_psw(m, 0x00180000, T_CODE);
    fill_bytes(m, 0xA000, 64, 1);
    m->cpu.gr[3] = 0x8FE0;
    m->cpu.gr[4] = 0xA000;
    expect_pgm(m, t_exec(m, "D23F30004000"), PGM_PROTECTION, T_CODE + 6, 6);
    for (u32 i = 0; i < 64; i++)
        cr_assert_eq(m->mem[0x8FE0 + i], 0, "byte %u moved", i);
    t_free(m);
}

Test(storage, CLC_compares_unsigned_left_to_right)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "C1C2C3C4");
    t_put(m, T_DATA + 0x10, "C1C2C3C4");
    m->cpu.gr[3] = T_DATA;
    m->cpu.cc = 3;
    expect_ok(m, "D50330003010", 6);
    cr_assert_eq(m->cpu.cc, 0);
    t_put(m, T_DATA + 0x10, "C1C2C400");
    expect_ok(m, "D50330003010", 6);
    cr_assert_eq(m->cpu.cc, 1, "first difference decides");
    t_put(m, T_DATA + 0x10, "C1C27FFF");
    expect_ok(m, "D50330003010", 6);
    cr_assert_eq(m->cpu.cc, 2, "0xC3 > 0x7F unsigned");
    expect_ok(m, "D50130003010", 6);
    cr_assert_eq(m->cpu.cc, 0, "only two bytes compared");
    cr_assert_eq(t_get32(m, T_DATA), 0xC1C2C3C4);
    t_free(m);
}

Test(storage, CLC_256_bytes_across_pages)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x8F80, 256, 9);
    fill_bytes(m, 0xA000, 256, 9);
    m->cpu.gr[3] = 0x8F80;
    m->cpu.gr[4] = 0xA000;
    expect_ok(m, "D5FF30004000", 6);
    cr_assert_eq(m->cpu.cc, 0);
    m->mem[0xA0FF]++;
    expect_ok(m, "D5FF30004000", 6);
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(storage, CLC_addressing_exception_suppresses)
{
    check_addressing2("D50390004000", 6, 9, 4, 4);
    check_addressing2("D50340009000", 6, 9, 4, 4);
}

Test(storage, CLC_fetch_protection)
{
    check_fetch_protection2("D50340009000", 6, 9, "01020304", 4);
    check_fetch_protection2("D50390004000", 6, 9, "01020304", 4);
}

/* ---- CLM ---------------------------------------------------------------------------------------- */

Test(storage, CLM_compares_selected_bytes)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "1133");
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[1] = 0x11223344;
    expect_ok(m, "BD1A3000", 4);   /* bytes 0 and 2 of gr1: 11 33 */
    cr_assert_eq(m->cpu.cc, 0);
    t_put(m, T_DATA, "1134");
    expect_ok(m, "BD1A3000", 4);
    cr_assert_eq(m->cpu.cc, 1);
    t_put(m, T_DATA, "1032");
    expect_ok(m, "BD1A3000", 4);
    cr_assert_eq(m->cpu.cc, 2, "first difference decides");
    t_put(m, T_DATA, "11223344");
    expect_ok(m, "BD1F3000", 4);
    cr_assert_eq(m->cpu.cc, 0);
    m->cpu.gr[1] = 0x80000000;
    t_put(m, T_DATA, "7F");
    expect_ok(m, "BD183000", 4);
    cr_assert_eq(m->cpu.cc, 2, "unsigned");
    t_free(m);
}

Test(storage, CLM_mask_zero_is_cc0)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "FF");
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[1] = 0;
    m->cpu.cc = 2;
    expect_ok(m, "BD103000", 4);
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

Test(storage, CLM_addressing_exception_suppresses)
{
    check_addressing("BD1F9000", 4, 9, 4);
    check_addressing("BD109000", 4, 9, 1);   /* mask 0 still accesses one byte */
}

Test(storage, CLM_fetch_protection)
{
    check_fetch_protection("BD1F9000", 4, 9, "00000001");
    check_fetch_protection("BD109000", 4, 9, "01");   /* mask 0 still fetches one byte */
}

/* ---- TS / CS / CDS -------------------------------------------------------------------------------- */

Test(storage, TS_sets_cc_from_leftmost_bit_and_sets_byte)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "7F00");
    m->cpu.gr[3] = T_DATA;
    m->cpu.cc = 3;
    expect_ok(m, "93003000", 4);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(m->mem[T_DATA], 0xFF);
    cr_assert_eq(m->mem[T_DATA + 1], 0);
    expect_ok(m, "93003000", 4);
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->mem[T_DATA], 0xFF);
    t_put(m, T_DATA, "80");
    expect_ok(m, "93003000", 4);
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(storage, TS_addressing_exception_suppresses) { check_addressing("93009000", 4, 9, 1); }

Test(storage, TS_store_protection) { check_store_protection("93009000", 4, 9, 1); }

Test(storage, CS_swaps_when_equal)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA + 4, 0x11111111);
    m->cpu.gr[9] = T_DATA;
    m->cpu.gr[1] = 0x11111111;
    m->cpu.gr[4] = 0x22222222;
    m->cpu.cc = 2;
    expect_ok(m, "BA149004", 4);
    cr_assert_eq(t_get32(m, T_DATA + 4), 0x22222222);
    cr_assert_eq(m->cpu.gr[1], 0x11111111);
    cr_assert_eq(m->cpu.gr[4], 0x22222222);
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

Test(storage, CS_loads_when_unequal)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, 0x33333333);
    m->cpu.gr[9] = T_DATA;
    m->cpu.gr[1] = 0x11111111;
    m->cpu.gr[4] = 0x22222222;
    expect_ok(m, "BA149000", 4);
    cr_assert_eq(t_get32(m, T_DATA), 0x33333333);
    cr_assert_eq(m->cpu.gr[1], 0x33333333);
    cr_assert_eq(m->cpu.gr[4], 0x22222222);
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(storage, CS_unaligned_is_specification)
{
    static const char *ops[] = {"BA149002", "BA149001", "BA149003"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        struct machine *m = t_new();
        fill_gr(m);
        m->cpu.gr[9] = T_DATA;
        m->cpu.gr[1] = 0;   /* would compare equal */
        m->cpu.cc = 3;
        u32 g[16];
        save_gr(m, g);
        expect_pgm(m, t_exec(m, ops[i]), PGM_SPECIFICATION, T_CODE + 4, 4);
        same_gr(m, g);
        cr_assert_eq(t_get32(m, T_DATA), 0);
        cr_assert_eq(t_get32(m, T_DATA + 4), 0);
        cr_assert_eq(old_cc(m), 3);
        t_free(m);
    }
}

Test(storage, CS_addressing_exception_suppresses) { check_addressing_at("BA149000", 4, 9, T_STORAGE, -1); }

Test(storage, CS_store_protection)
{
    check_store_protection("BA149000", 4, 9, 4);   /* unequal compare: still a store access */
    struct machine *m = t_new();                    /* equal compare */
    m->keys[8] = 0x20;
    t_psw(m, 0x00180000, T_CODE);
    m->cpu.gr[9] = T_DATA;
    m->cpu.gr[4] = 0x22222222;
    expect_pgm(m, t_exec(m, "BA149000"), PGM_PROTECTION, T_CODE + 4, 4);
    cr_assert_eq(t_get32(m, T_DATA), 0);
    t_free(m);
}

Test(storage, CDS_swaps_when_equal)
{
    struct machine *m = t_new();
    t_put(m, T_DATA + 8, "1111111122222222");
    m->cpu.gr[9] = T_DATA;
    m->cpu.gr[2] = 0x11111111;
    m->cpu.gr[3] = 0x22222222;
    m->cpu.gr[4] = 0x33333333;
    m->cpu.gr[5] = 0x44444444;
    m->cpu.cc = 1;
    expect_ok(m, "BB249008", 4);
    cr_assert_eq(t_get32(m, T_DATA + 8), 0x33333333);
    cr_assert_eq(t_get32(m, T_DATA + 12), 0x44444444);
    cr_assert_eq(m->cpu.gr[2], 0x11111111);
    cr_assert_eq(m->cpu.gr[3], 0x22222222);
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

Test(storage, CDS_loads_when_unequal)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "1111111122222223");
    m->cpu.gr[9] = T_DATA;
    m->cpu.gr[2] = 0x11111111;
    m->cpu.gr[3] = 0x22222222;   /* the odd word differs */
    m->cpu.gr[4] = 0x33333333;
    m->cpu.gr[5] = 0x44444444;
    expect_ok(m, "BB249000", 4);
    cr_assert_eq(t_get32(m, T_DATA), 0x11111111);
    cr_assert_eq(t_get32(m, T_DATA + 4), 0x22222223);
    cr_assert_eq(m->cpu.gr[2], 0x11111111);
    cr_assert_eq(m->cpu.gr[3], 0x22222223);
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(storage, CDS_specification_odd_registers_or_alignment)
{
    static const char *ops[] = {"BB349000", "BB259000", "BB359000", "BB249004", "BB249002"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        struct machine *m = t_new();
        fill_gr(m);
        m->cpu.gr[9] = T_DATA;
        m->cpu.gr[2] = m->cpu.gr[3] = 0;   /* would compare equal */
        u32 g[16];
        save_gr(m, g);
        expect_pgm(m, t_exec(m, ops[i]), PGM_SPECIFICATION, T_CODE + 4, 4);
        same_gr(m, g);
        for (u32 a = T_DATA; a < T_DATA + 16; a += 4)
            cr_assert_eq(t_get32(m, a), 0, "%s stored", ops[i]);
        t_free(m);
    }
}

Test(storage, CDS_addressing_exception_suppresses) { check_addressing_at("BB249000", 4, 9, T_STORAGE, -1); }

Test(storage, CDS_store_protection) { check_store_protection("BB249000", 4, 9, 8); }

/* ---- MVCL ------------------------------------------------------------------------------------------- */

/* MVCL 2,4: destination gr2/gr3, source gr4/gr5 (pad in gr5 bits 0-7). */
static void mvcl_regs(struct machine *m, u32 a1, u32 l1, u32 a2, u32 l2)
{
    m->cpu.gr[2] = a1;
    m->cpu.gr[3] = l1;
    m->cpu.gr[4] = a2;
    m->cpu.gr[5] = l2;
}

Test(storage, MVCL_equal_lengths_cc0)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x9000, 16, 1);
    mvcl_regs(m, 0x8000, 0xAB000010, 0x9000, 0xCD000010);
    expect_ok(m, "0E24", 2);
    cr_assert_eq(memcmp(m->mem + 0x8000, m->mem + 0x9000, 16), 0);
    cr_assert_eq(m->mem[0x8010], 0);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(m->cpu.gr[2], 0x8010);
    cr_assert_eq(m->cpu.gr[3], 0xAB000000, "bits 0-7 of R1+1 unchanged");
    cr_assert_eq(m->cpu.gr[4], 0x9010);
    cr_assert_eq(m->cpu.gr[5], 0xCD000000, "pad kept");
    t_free(m);
}

Test(storage, MVCL_pads_when_source_shorter_cc2)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x9000, 4, 1);
    mvcl_regs(m, 0x8000, 10, 0x9000, 0x40000004);
    expect_ok(m, "0E24", 2);
    cr_assert_eq(memcmp(m->mem + 0x8000, m->mem + 0x9000, 4), 0);
    for (u32 i = 4; i < 10; i++)
        cr_assert_eq(m->mem[0x8000 + i], 0x40, "pad at %u", i);
    cr_assert_eq(m->mem[0x800A], 0);
    cr_assert_eq(m->cpu.cc, 2);
    cr_assert_eq(m->cpu.gr[2], 0x800A);
    cr_assert_eq(m->cpu.gr[3], 0);
    cr_assert_eq(m->cpu.gr[4], 0x9004);
    cr_assert_eq(m->cpu.gr[5], 0x40000000);
    t_free(m);
}

Test(storage, MVCL_destination_shorter_cc1)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x9000, 16, 1);
    mvcl_regs(m, 0x8000, 5, 0x9000, 16);
    expect_ok(m, "0E24", 2);
    cr_assert_eq(memcmp(m->mem + 0x8000, m->mem + 0x9000, 5), 0);
    cr_assert_eq(m->mem[0x8005], 0);
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->cpu.gr[2], 0x8005);
    cr_assert_eq(m->cpu.gr[3], 0);
    cr_assert_eq(m->cpu.gr[4], 0x9005);
    cr_assert_eq(m->cpu.gr[5], 11);
    t_free(m);
}

Test(storage, MVCL_zero_lengths)
{
    struct machine *m = t_new();
    mvcl_regs(m, 0x8000, 0, 0x9000, 0xFF000000);
    m->mem[0x9000] = 1;
    expect_ok(m, "0E24", 2);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(m->mem[0x8000], 0);
    cr_assert_eq(m->cpu.gr[2], 0x8000);
    cr_assert_eq(m->cpu.gr[4], 0x9000);
    mvcl_regs(m, 0x8000, 0, 0x9000, 3);
    expect_ok(m, "0E24", 2);
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->mem[0x8000], 0);
    cr_assert_eq(m->cpu.gr[5], 3);
    t_free(m);
}

Test(storage, MVCL_long_move_across_pages_and_pad)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x10123, 10000, 5);
    mvcl_regs(m, 0x20F01, 12000, 0x10123, 0x5A000000 | 10000);
    expect_ok(m, "0E24", 2);
    cr_assert_eq(memcmp(m->mem + 0x20F01, m->mem + 0x10123, 10000), 0);
    for (u32 i = 10000; i < 12000; i++)
        cr_assert_eq(m->mem[0x20F01 + i], 0x5A, "pad at %u", i);
    cr_assert_eq(m->mem[0x20F01 + 12000], 0);
    cr_assert_eq(m->cpu.cc, 2);
    cr_assert_eq(m->cpu.gr[2], 0x20F01 + 12000);
    cr_assert_eq(m->cpu.gr[4], 0x10123 + 10000);
    cr_assert_eq(m->cpu.gr[3], 0);
    cr_assert_eq(m->cpu.gr[5], 0x5A000000);
    t_free(m);
}

Test(storage, MVCL_destructive_overlap_cc3_moves_nothing)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x8000, 32, 1);
    u8 before[40];
    memcpy(before, m->mem + 0x8000, 40);
    mvcl_regs(m, 0x8001, 16, 0x8000, 16);
    expect_ok(m, "0E24", 2);
    cr_assert_eq(m->cpu.cc, 3);
    cr_assert_eq(memcmp(m->mem + 0x8000, before, 40), 0);
    cr_assert_eq(m->cpu.gr[2], 0x8001);
    cr_assert_eq(m->cpu.gr[3], 16);
    cr_assert_eq(m->cpu.gr[4], 0x8000);
    cr_assert_eq(m->cpu.gr[5], 16);
    mvcl_regs(m, 0x800F, 100, 0x8000, 16);   /* last source byte overlapped */
    expect_ok(m, "0E24", 2);
    cr_assert_eq(m->cpu.cc, 3);
    cr_assert_eq(memcmp(m->mem + 0x8000, before, 40), 0);
    t_free(m);
}

Test(storage, MVCL_harmless_overlaps_move)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x8000, 64, 1);
    u8 before[64];
    memcpy(before, m->mem + 0x8000, 64);
    mvcl_regs(m, 0x8000, 32, 0x8010, 32);   /* destination left of source */
    expect_ok(m, "0E24", 2);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(memcmp(m->mem + 0x8000, before + 16, 32), 0);
    memcpy(m->mem + 0x8000, before, 64);
    mvcl_regs(m, 0x8010, 16, 0x8000, 16);   /* just past the source */
    expect_ok(m, "0E24", 2);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(memcmp(m->mem + 0x8010, before, 16), 0);
    memcpy(m->mem + 0x8000, before, 64);
    mvcl_regs(m, 0x8001, 1, 0x8000, 16);    /* one byte: nothing is refetched */
    expect_ok(m, "0E24", 2);
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->mem[0x8001], before[0]);
    mvcl_regs(m, 0x8000, 16, 0x8000, 16);   /* same place */
    expect_ok(m, "0E24", 2);
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

Test(storage, MVCL_31_bit_addresses_clear_bit_0)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x9000, 8, 1);
    mvcl_regs(m, 0x80008000, 8, 0x80009000, 8);
    expect_ok(m, "0E24", 2);
    cr_assert_eq(memcmp(m->mem + 0x8000, m->mem + 0x9000, 8), 0);
    cr_assert_eq(m->cpu.gr[2], 0x8008);
    cr_assert_eq(m->cpu.gr[4], 0x9008);
    t_free(m);
}

Test(storage, MVCL_odd_register_is_specification)
{
    static const char *ops[] = {"0E34", "0E25", "0E35"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        struct machine *m = t_new();
        fill_gr(m);
        mvcl_regs(m, 0x8000, 4, 0x9000, 4);
        m->cpu.gr[6] = 4;
        m->mem[0x9000] = 0xEE;
        m->cpu.cc = 2;
        u32 g[16];
        save_gr(m, g);
        expect_pgm(m, t_exec(m, ops[i]), PGM_SPECIFICATION, T_CODE + 2, 2);
        same_gr(m, g);
        cr_assert_eq(m->mem[0x8000], 0);
        cr_assert_eq(old_cc(m), 2);
        t_free(m);
    }
}

Test(storage, MVCL_addressing_exception)
{
    struct machine *m = t_new();
    fill_gr(m);
    mvcl_regs(m, T_STORAGE, 16, 0x9000, 16);
    m->cpu.cc = 1;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "0E24"), PGM_ADDRESSING, T_CODE + 2, 2);
    same_gr(m, g);
    cr_assert_eq(old_cc(m), 1);
    t_free(m);
    m = t_new();
    mvcl_regs(m, 0x8000, 16, 0x7FFFFF00, 16);
    expect_pgm(m, t_exec(m, "0E24"), PGM_ADDRESSING, T_CODE + 2, 2);
    cr_assert_eq(m->mem[0x8000], 0);
    cr_assert_eq(m->cpu.gr[2], 0x8000);
    cr_assert_eq(m->cpu.gr[3], 16);
    t_free(m);
}

Test(storage, MVCL_store_protection)
{
    struct machine *m = t_new();
    m->keys[8] = 0x20;
    t_psw(m, 0x00180000, T_CODE);
    fill_bytes(m, 0x9000, 16, 1);
    mvcl_regs(m, 0x8000, 16, 0x9000, 16);
    m->cpu.cc = 2;
    expect_pgm(m, t_exec(m, "0E24"), PGM_PROTECTION, T_CODE + 2, 2);
    for (u32 i = 0; i < 16; i++)
        cr_assert_eq(m->mem[0x8000 + i], 0, "byte %u moved", i);
    cr_assert_eq(m->cpu.gr[2], 0x8000);
    cr_assert_eq(m->cpu.gr[3], 16);
    cr_assert_eq(m->cpu.gr[4], 0x9000);
    cr_assert_eq(m->cpu.gr[5], 16);
    cr_assert_eq(old_cc(m), 2);
    t_free(m);
}

Test(storage, MVCL_fetch_protection)
{
    struct machine *m = t_new();
    m->keys[9] = 0x28;
    t_psw(m, 0x00180000, T_CODE);
    mvcl_regs(m, 0x8000, 16, 0x9000, 16);
    memset(m->mem + 0x9000, 0x77, 16);
    expect_pgm(m, t_exec(m, "0E24"), PGM_PROTECTION, T_CODE + 2, 2);
    cr_assert_eq(m->mem[0x8000], 0);
    cr_assert_eq(m->cpu.gr[2], 0x8000);
    cr_assert_eq(m->cpu.gr[3], 16);
    t_free(m);
}

Test(storage, MVCL_exception_part_way_leaves_registers_at_progress)
{
    struct machine *m = t_new();
    m->keys[9] = 0x20;   /* the second destination page */
    m->keys[8] = 0x10;
    t_psw(m, 0x00180000, T_CODE);
    fill_bytes(m, 0xC000, 0x200, 1);
    mvcl_regs(m, 0x8F00, 0x200, 0xC000, 0x200);
    expect_pgm(m, t_exec(m, "0E24"), PGM_PROTECTION, T_CODE + 2, 2);
    cr_assert_eq(memcmp(m->mem + 0x8F00, m->mem + 0xC000, 0x100), 0, "first page moved");
    cr_assert_eq(m->mem[0x9000], 0);
    cr_assert_eq(m->cpu.gr[2], 0x9000);
    cr_assert_eq(m->cpu.gr[3], 0x100);
    cr_assert_eq(m->cpu.gr[4], 0xC100);
    cr_assert_eq(m->cpu.gr[5], 0x100);
    t_free(m);
}

/* ---- CLCL ----------------------------------------------------------------------------------------------- */

Test(storage, CLCL_equal_operands)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x8000, 32, 3);
    fill_bytes(m, 0x9000, 32, 3);
    mvcl_regs(m, 0x8000, 0x77000020, 0x9000, 0x00000020);
    m->cpu.cc = 3;
    expect_ok(m, "0F24", 2);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(m->cpu.gr[2], 0x8020);
    cr_assert_eq(m->cpu.gr[3], 0x77000000);
    cr_assert_eq(m->cpu.gr[4], 0x9020);
    cr_assert_eq(m->cpu.gr[5], 0);
    mvcl_regs(m, 0x8000, 0, 0x9000, 0);
    expect_ok(m, "0F24", 2);
    cr_assert_eq(m->cpu.cc, 0, "both empty");
    cr_assert_eq(m->cpu.gr[2], 0x8000);
    t_free(m);
}

Test(storage, CLCL_unequal_points_at_difference)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x8000, 32, 3);
    fill_bytes(m, 0x9000, 32, 3);
    m->mem[0x9005] = 0xFF;
    m->mem[0x8005] = 0x80;
    mvcl_regs(m, 0x8000, 32, 0x9000, 0x40000020);
    expect_ok(m, "0F24", 2);
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->cpu.gr[2], 0x8005);
    cr_assert_eq(m->cpu.gr[3], 27);
    cr_assert_eq(m->cpu.gr[4], 0x9005);
    cr_assert_eq(m->cpu.gr[5], 0x4000001B);
    m->mem[0x9005] = 0x7F;   /* 0x80 > 0x7F: unsigned */
    mvcl_regs(m, 0x8000, 32, 0x9000, 32);
    expect_ok(m, "0F24", 2);
    cr_assert_eq(m->cpu.cc, 2);
    cr_assert_eq(m->cpu.gr[2], 0x8005);
    t_free(m);
}

Test(storage, CLCL_shorter_operand_extended_with_pad)
{
    struct machine *m = t_new();
    t_put(m, 0x8000, "C1C2404040");
    t_put(m, 0x9000, "C1C2");
    mvcl_regs(m, 0x8000, 5, 0x9000, 0x40000002);
    expect_ok(m, "0F24", 2);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(m->cpu.gr[2], 0x8005);
    cr_assert_eq(m->cpu.gr[3], 0);
    cr_assert_eq(m->cpu.gr[4], 0x9002);
    cr_assert_eq(m->cpu.gr[5], 0x40000000);
    t_put(m, 0x8000, "C1C2403F40");
    mvcl_regs(m, 0x8000, 5, 0x9000, 0x40000002);
    expect_ok(m, "0F24", 2);
    cr_assert_eq(m->cpu.cc, 1, "0x3F below the pad");
    cr_assert_eq(m->cpu.gr[2], 0x8003);
    cr_assert_eq(m->cpu.gr[3], 2);
    cr_assert_eq(m->cpu.gr[4], 0x9002);
    cr_assert_eq(m->cpu.gr[5], 0x40000000);
    mvcl_regs(m, 0x9000, 2, 0x8000, 0x3F000005);   /* first shorter: C1 C2 3F.. vs C1 C2 40.. */
    expect_ok(m, "0F24", 2);
    cr_assert_eq(m->cpu.cc, 1, "the pad extends the first operand too");
    cr_assert_eq(m->cpu.gr[2], 0x9002);
    cr_assert_eq(m->cpu.gr[3], 0);
    cr_assert_eq(m->cpu.gr[4], 0x8002);
    cr_assert_eq(m->cpu.gr[5], 0x3F000003);
    t_free(m);
}

Test(storage, CLCL_long_compare_across_pages)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x10F00, 9000, 1);
    fill_bytes(m, 0x30001, 9000, 1);
    mvcl_regs(m, 0x10F00, 9000, 0x80030001, 9000);
    expect_ok(m, "0F24", 2);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(m->cpu.gr[2], 0x10F00 + 9000);
    cr_assert_eq(m->cpu.gr[4], 0x30001 + 9000, "bit 0 cleared");
    m->mem[0x30001 + 8000] ^= 1;   /* 0xC1 becomes 0xC0 */
    mvcl_regs(m, 0x10F00, 9000, 0x30001, 9000);
    expect_ok(m, "0F24", 2);
    cr_assert_eq(m->cpu.cc, 2);
    cr_assert_eq(m->cpu.gr[4], 0x30001 + 8000);
    cr_assert_eq(m->cpu.gr[5], 1000);
    cr_assert_eq(m->cpu.gr[2], 0x10F00 + 8000);
    cr_assert_eq(m->cpu.gr[3], 1000);
    t_free(m);
}

Test(storage, CLCL_odd_register_is_specification)
{
    static const char *ops[] = {"0F34", "0F25"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        struct machine *m = t_new();
        fill_gr(m);
        mvcl_regs(m, 0x8000, 4, 0x9000, 4);
        m->cpu.cc = 3;
        u32 g[16];
        save_gr(m, g);
        expect_pgm(m, t_exec(m, ops[i]), PGM_SPECIFICATION, T_CODE + 2, 2);
        same_gr(m, g);
        cr_assert_eq(old_cc(m), 3);
        t_free(m);
    }
}

Test(storage, CLCL_addressing_exception)
{
    struct machine *m = t_new();
    fill_gr(m);
    mvcl_regs(m, T_STORAGE, 16, 0x9000, 16);
    m->cpu.cc = 1;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "0F24"), PGM_ADDRESSING, T_CODE + 2, 2);
    same_gr(m, g);
    cr_assert_eq(old_cc(m), 1);
    t_free(m);
}

Test(storage, CLCL_fetch_protection)
{
    struct machine *m = t_new();
    m->keys[9] = 0x28;
    t_psw(m, 0x00180000, T_CODE);
    mvcl_regs(m, 0x8000, 16, 0x9000, 16);
    expect_pgm(m, t_exec(m, "0F24"), PGM_PROTECTION, T_CODE + 2, 2);
    cr_assert_eq(m->cpu.gr[2], 0x8000);
    cr_assert_eq(m->cpu.gr[3], 16);
    t_free(m);
}

/* ---- MVCLE / CLCLE ------------------------------------------------------------------------------------------ */

Test(storage, MVCLE_moves_within_a_page_cc0)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x9000, 16, 1);
    mvcl_regs(m, 0x8000, 16, 0x9000, 16);
    expect_ok(m, "A8240000", 4);
    cr_assert_eq(memcmp(m->mem + 0x8000, m->mem + 0x9000, 16), 0);
    cr_assert_eq(m->mem[0x8010], 0);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(m->cpu.gr[2], 0x8010);
    cr_assert_eq(m->cpu.gr[3], 0);
    cr_assert_eq(m->cpu.gr[4], 0x9010);
    cr_assert_eq(m->cpu.gr[5], 0);
    t_free(m);
}

/* Run MVCLE/CLCLE `hex` until CC is not 3 (at most `max` times). */
static int run_until_done(struct machine *m, const char *hex, int max)
{
    int n = 0;
    do {
        expect_ok(m, hex, 4);
        n++;
    } while (m->cpu.cc == 3 && n < max);
    return n;
}

Test(storage, MVCLE_pad_from_address_and_cc2)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x9000, 4, 1);
    mvcl_regs(m, 0x8000, 10, 0x9000, 4);
    m->cpu.gr[7] = 0x100;
    run_until_done(m, "A82470C1", 4);   /* pad: low byte of 0x1C1 */
    cr_assert_eq(m->cpu.cc, 2);
    cr_assert_eq(memcmp(m->mem + 0x8000, m->mem + 0x9000, 4), 0);
    for (u32 i = 4; i < 10; i++)
        cr_assert_eq(m->mem[0x8000 + i], 0xC1, "pad at %u", i);
    cr_assert_eq(m->mem[0x800A], 0);
    cr_assert_eq(m->cpu.gr[2], 0x800A);
    cr_assert_eq(m->cpu.gr[3], 0);
    cr_assert_eq(m->cpu.gr[4], 0x9004);
    cr_assert_eq(m->cpu.gr[5], 0);
    t_free(m);
}

Test(storage, MVCLE_destination_shorter_cc1)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x9000, 16, 1);
    mvcl_regs(m, 0x8000, 6, 0x9000, 16);
    expect_ok(m, "A8240000", 4);
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(memcmp(m->mem + 0x8000, m->mem + 0x9000, 6), 0);
    cr_assert_eq(m->mem[0x8006], 0);
    cr_assert_eq(m->cpu.gr[2], 0x8006);
    cr_assert_eq(m->cpu.gr[3], 0);
    cr_assert_eq(m->cpu.gr[4], 0x9006);
    cr_assert_eq(m->cpu.gr[5], 10);
    t_free(m);
}

Test(storage, MVCLE_stops_at_nearer_page_boundary_with_cc3)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x10080, 0x300, 1);
    mvcl_regs(m, 0x8F00, 0x300, 0x10080, 0x300);
    expect_ok(m, "A8240000", 4);
    cr_assert_eq(m->cpu.cc, 3);
    cr_assert_eq(m->cpu.gr[2], 0x9000, "stopped at the destination's page end");
    cr_assert_eq(m->cpu.gr[3], 0x200);
    cr_assert_eq(m->cpu.gr[4], 0x10180);
    cr_assert_eq(m->cpu.gr[5], 0x200);
    cr_assert_eq(memcmp(m->mem + 0x8F00, m->mem + 0x10080, 0x100), 0);
    cr_assert_eq(m->mem[0x9000], 0, "nothing beyond the boundary yet");
    expect_ok(m, "A8240000", 4);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(memcmp(m->mem + 0x8F00, m->mem + 0x10080, 0x300), 0);
    cr_assert_eq(m->cpu.gr[2], 0x9200);
    cr_assert_eq(m->cpu.gr[3], 0);
    cr_assert_eq(m->cpu.gr[4], 0x10380);
    cr_assert_eq(m->cpu.gr[5], 0);
    t_free(m);
}

Test(storage, MVCLE_long_move_completes_in_a_loop)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x20123, 20000, 7);
    mvcl_regs(m, 0x40F01, 30000, 0x20123, 20000);
    int n = run_until_done(m, "A82400EE", 200);   /* padding stops at the source's page end each time */
    cr_assert_gt(n, 1, "several executions");
    cr_assert_eq(m->cpu.cc, 2);
    cr_assert_eq(memcmp(m->mem + 0x40F01, m->mem + 0x20123, 20000), 0);
    for (u32 i = 20000; i < 30000; i++)
        cr_assert_eq(m->mem[0x40F01 + i], 0xEE, "pad at %u", i);
    cr_assert_eq(m->mem[0x40F01 + 30000], 0);
    cr_assert_eq(m->cpu.gr[2], 0x40F01 + 30000);
    cr_assert_eq(m->cpu.gr[3], 0);
    cr_assert_eq(m->cpu.gr[4], 0x20123 + 20000);
    cr_assert_eq(m->cpu.gr[5], 0);
    t_free(m);
}

Test(storage, MVCLE_zero_destination_length)
{
    struct machine *m = t_new();
    mvcl_regs(m, 0x8000, 0, 0x9000, 5);
    m->mem[0x9000] = 1;
    expect_ok(m, "A8240000", 4);
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->mem[0x8000], 0);
    cr_assert_eq(m->cpu.gr[2], 0x8000);
    cr_assert_eq(m->cpu.gr[5], 5);
    mvcl_regs(m, 0x8000, 0, 0x9000, 0);
    expect_ok(m, "A8240000", 4);
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

Test(storage, MVCLE_odd_register_is_specification)
{
    static const char *ops[] = {"A8340000", "A8250000"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        struct machine *m = t_new();
        fill_gr(m);
        mvcl_regs(m, 0x8000, 4, 0x9000, 4);
        m->cpu.gr[6] = 4;
        m->cpu.cc = 1;
        u32 g[16];
        save_gr(m, g);
        expect_pgm(m, t_exec(m, ops[i]), PGM_SPECIFICATION, T_CODE + 4, 4);
        same_gr(m, g);
        cr_assert_eq(old_cc(m), 1);
        t_free(m);
    }
}

Test(storage, MVCLE_addressing_exception_suppresses)
{
    struct machine *m = t_new();
    fill_gr(m);
    mvcl_regs(m, T_STORAGE, 16, 0x9000, 16);
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "A8240000"), PGM_ADDRESSING, T_CODE + 4, 4);
    same_gr(m, g);
    t_free(m);
}

Test(storage, MVCLE_store_protection)
{
    struct machine *m = t_new();
    m->keys[8] = 0x20;
    t_psw(m, 0x00180000, T_CODE);
    fill_bytes(m, 0x9000, 16, 1);
    mvcl_regs(m, 0x8000, 16, 0x9000, 16);
    m->cpu.cc = 2;
    expect_pgm(m, t_exec(m, "A8240000"), PGM_PROTECTION, T_CODE + 4, 4);
    cr_assert_eq(m->mem[0x8000], 0);
    cr_assert_eq(m->cpu.gr[2], 0x8000);
    cr_assert_eq(m->cpu.gr[3], 16);
    cr_assert_eq(m->cpu.gr[4], 0x9000);
    cr_assert_eq(m->cpu.gr[5], 16);
    cr_assert_eq(old_cc(m), 2);
    t_free(m);
}

Test(storage, CLCLE_compares_with_pad)
{
    struct machine *m = t_new();
    t_put(m, 0x8000, "C1C2404040");
    t_put(m, 0x9000, "C1C2");
    mvcl_regs(m, 0x8000, 5, 0x9000, 2);
    expect_ok(m, "A9240040", 4);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(m->cpu.gr[2], 0x8005);
    cr_assert_eq(m->cpu.gr[3], 0);
    cr_assert_eq(m->cpu.gr[4], 0x9002);
    cr_assert_eq(m->cpu.gr[5], 0);
    mvcl_regs(m, 0x8000, 5, 0x9000, 2);
    expect_ok(m, "A9240041", 4);   /* pad 0x41: 0x40 is low */
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->cpu.gr[2], 0x8002);
    cr_assert_eq(m->cpu.gr[3], 3);
    cr_assert_eq(m->cpu.gr[4], 0x9002);
    cr_assert_eq(m->cpu.gr[5], 0);
    mvcl_regs(m, 0x8000, 5, 0x9000, 2);
    expect_ok(m, "A924003F", 4);
    cr_assert_eq(m->cpu.cc, 2);
    mvcl_regs(m, 0x8000, 0, 0x9000, 0);
    expect_ok(m, "A9240000", 4);
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

Test(storage, CLCLE_unequal_points_at_difference)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x8000, 64, 2);
    fill_bytes(m, 0x9000, 64, 2);
    m->mem[0x8020] = 0x00;
    m->mem[0x9020] = 0x01;
    mvcl_regs(m, 0x8000, 64, 0x9000, 64);
    expect_ok(m, "A9240000", 4);
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->cpu.gr[2], 0x8020);
    cr_assert_eq(m->cpu.gr[3], 32);
    cr_assert_eq(m->cpu.gr[4], 0x9020);
    cr_assert_eq(m->cpu.gr[5], 32);
    expect_ok(m, "A9420000", 4);   /* operands swapped */
    cr_assert_eq(m->cpu.cc, 2);
    t_free(m);
}

Test(storage, CLCLE_cc3_after_4096_bytes)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x10000, 5000, 4);
    fill_bytes(m, 0x20800, 5000, 4);
    mvcl_regs(m, 0x10000, 5000, 0x20800, 5000);
    expect_ok(m, "A9240000", 4);
    cr_assert_eq(m->cpu.cc, 3);
    cr_assert_eq(m->cpu.gr[2], 0x11000);
    cr_assert_eq(m->cpu.gr[3], 5000 - 4096);
    cr_assert_eq(m->cpu.gr[4], 0x21800);
    cr_assert_eq(m->cpu.gr[5], 5000 - 4096);
    expect_ok(m, "A9240000", 4);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(m->cpu.gr[2], 0x10000 + 5000);
    cr_assert_eq(m->cpu.gr[3], 0);
    cr_assert_eq(m->cpu.gr[4], 0x20800 + 5000);
    cr_assert_eq(m->cpu.gr[5], 0);
    t_free(m);
}

Test(storage, CLCLE_odd_register_is_specification)
{
    static const char *ops[] = {"A9340000", "A9250000"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        struct machine *m = t_new();
        fill_gr(m);
        mvcl_regs(m, 0x8000, 4, 0x9000, 4);
        m->cpu.gr[6] = 4;
        u32 g[16];
        save_gr(m, g);
        expect_pgm(m, t_exec(m, ops[i]), PGM_SPECIFICATION, T_CODE + 4, 4);
        same_gr(m, g);
        t_free(m);
    }
}

Test(storage, CLCLE_addressing_exception_suppresses)
{
    struct machine *m = t_new();
    fill_gr(m);
    mvcl_regs(m, 0x8000, 16, T_STORAGE, 16);
    m->cpu.cc = 2;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "A9240000"), PGM_ADDRESSING, T_CODE + 4, 4);
    same_gr(m, g);
    cr_assert_eq(old_cc(m), 2);
    t_free(m);
}

Test(storage, CLCLE_fetch_protection)
{
    struct machine *m = t_new();
    m->keys[9] = 0x28;
    t_psw(m, 0x00180000, T_CODE);
    mvcl_regs(m, 0x8000, 16, 0x9000, 16);
    expect_pgm(m, t_exec(m, "A9240000"), PGM_PROTECTION, T_CODE + 4, 4);
    cr_assert_eq(m->cpu.gr[2], 0x8000);
    cr_assert_eq(m->cpu.gr[3], 16);
    cr_assert_eq(m->cpu.gr[4], 0x9000);
    cr_assert_eq(m->cpu.gr[5], 16);
    t_free(m);
}

/* ---- CLST / SRST ------------------------------------------------------------------------------------------- */

/* CLST 2,4 on strings at 0x8000 and 0x9000 ending in `end`. */
static void clst(struct machine *m, const char *s1, const char *s2, u32 end)
{
    t_put(m, 0x8000, s1);
    t_put(m, 0x9000, s2);
    m->cpu.gr[0] = end;
    m->cpu.gr[2] = 0x8000;
    m->cpu.gr[4] = 0x9000;
    expect_ok(m, "B25D0024", 4);
}

Test(storage, CLST_equal_strings_cc0_registers_unchanged)
{
    struct machine *m = t_new();
    m->cpu.cc = 3;
    clst(m, "C1C2C300", "C1C2C300", 0);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(m->cpu.gr[2], 0x8000);
    cr_assert_eq(m->cpu.gr[4], 0x9000);
    cr_assert_eq(m->cpu.gr[0], 0);
    clst(m, "40", "40", 0x40);   /* both empty */
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(m->cpu.gr[2], 0x8000);
    t_free(m);
}

Test(storage, CLST_first_low_or_high)
{
    struct machine *m = t_new();
    clst(m, "C1C2C300", "C1C2C400", 0);
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->cpu.gr[2], 0x8002);
    cr_assert_eq(m->cpu.gr[4], 0x9002);
    clst(m, "C1F200", "C1C2C400", 0);
    cr_assert_eq(m->cpu.cc, 2);
    cr_assert_eq(m->cpu.gr[2], 0x8001);
    cr_assert_eq(m->cpu.gr[4], 0x9001);
    clst(m, "C1C2FF", "C1C200", 0xFF);   /* the ending character wins over value */
    cr_assert_eq(m->cpu.cc, 1, "first string ends first: low");
    cr_assert_eq(m->cpu.gr[2], 0x8002);
    cr_assert_eq(m->cpu.gr[4], 0x9002);
    clst(m, "C1C200", "C1C2FF", 0xFF);
    cr_assert_eq(m->cpu.cc, 2, "second string ends first: high");
    cr_assert_eq(m->cpu.gr[2], 0x8002);
    cr_assert_eq(m->cpu.gr[4], 0x9002);
    t_free(m);
}

Test(storage, CLST_cc3_after_4096_bytes)
{
    struct machine *m = t_new();
    memset(m->mem + 0x10000, 0x55, 5000);
    memset(m->mem + 0x20800, 0x55, 5000);
    m->mem[0x10000 + 4500] = 0;
    m->mem[0x20800 + 4500] = 0;
    m->cpu.gr[0] = 0;
    m->cpu.gr[2] = 0x10000;
    m->cpu.gr[4] = 0x20800;
    expect_ok(m, "B25D0024", 4);
    cr_assert_eq(m->cpu.cc, 3);
    cr_assert_eq(m->cpu.gr[2], 0x11000);
    cr_assert_eq(m->cpu.gr[4], 0x21800);
    expect_ok(m, "B25D0024", 4);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(m->cpu.gr[2], 0x11000);
    cr_assert_eq(m->cpu.gr[4], 0x21800);
    t_free(m);
}

Test(storage, CLST_gr0_bits_0_to_23_specification)
{
    static const u32 bad[] = {0x00000100, 0x80000000, 0x00FFFF00};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct machine *m = t_new();
        fill_gr(m);
        m->cpu.gr[0] = bad[i];
        m->cpu.gr[2] = 0x8000;
        m->cpu.gr[4] = 0x9000;
        m->cpu.cc = 1;
        u32 g[16];
        save_gr(m, g);
        expect_pgm(m, t_exec(m, "B25D0024"), PGM_SPECIFICATION, T_CODE + 4, 4);
        same_gr(m, g);
        cr_assert_eq(old_cc(m), 1);
        t_free(m);
    }
}

Test(storage, CLST_addressing_exception_suppresses)
{
    struct machine *m = t_new();
    fill_gr(m);
    memset(m->mem + T_STORAGE - 4, 0x55, 4);
    memset(m->mem + 0x9000, 0x55, 16);
    m->cpu.gr[0] = 0;
    m->cpu.gr[2] = T_STORAGE - 4;   /* runs off the end of storage */
    m->cpu.gr[4] = 0x9000;
    m->cpu.cc = 2;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "B25D0024"), PGM_ADDRESSING, T_CODE + 4, 4);
    same_gr(m, g);
    cr_assert_eq(old_cc(m), 2);
    t_free(m);
}

Test(storage, CLST_fetch_protection)
{
    struct machine *m = t_new();
    m->keys[9] = 0x28;
    t_psw(m, 0x00180000, T_CODE);
    fill_gr(m);
    m->cpu.gr[0] = 0;
    m->cpu.gr[2] = 0x8000;
    m->cpu.gr[4] = 0x9000;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "B25D0024"), PGM_PROTECTION, T_CODE + 4, 4);
    same_gr(m, g);
    t_free(m);
}

Test(storage, CLST_31_bit_addresses)
{
    struct machine *m = t_new();
    t_put(m, 0x8000, "C1C2C300");
    t_put(m, 0x9000, "C1C2C400");
    m->cpu.gr[0] = 0;
    m->cpu.gr[2] = 0x80008000;
    m->cpu.gr[4] = 0x80009000;
    expect_ok(m, "B25D0024", 4);
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->cpu.gr[2], 0x8002, "updated: bit 0 zero");
    cr_assert_eq(m->cpu.gr[4], 0x9002);
    t_put(m, 0x9000, "C1C2C300");
    m->cpu.gr[2] = 0x80008000;
    m->cpu.gr[4] = 0x80009000;
    expect_ok(m, "B25D0024", 4);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(m->cpu.gr[2], 0x80008000, "CC 0: not updated");
    cr_assert_eq(m->cpu.gr[4], 0x80009000);
    t_free(m);
}

/* SRST 2,4: search from gr4 up to gr2 for gr0's low byte. */
Test(storage, SRST_finds_character_cc1)
{
    struct machine *m = t_new();
    t_put(m, 0x8000, "C1C2C3C4C5");
    m->cpu.gr[0] = 0xC4;
    m->cpu.gr[2] = 0x8005;
    m->cpu.gr[4] = 0x8000;
    expect_ok(m, "B25E0024", 4);
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->cpu.gr[2], 0x8003);
    cr_assert_eq(m->cpu.gr[4], 0x8000, "R2 unchanged");
    t_free(m);
}

Test(storage, SRST_not_found_cc2_registers_unchanged)
{
    struct machine *m = t_new();
    t_put(m, 0x8000, "C1C2C3C4C5");
    m->cpu.gr[0] = 0xC5;
    m->cpu.gr[2] = 0x8004;   /* the end is not searched */
    m->cpu.gr[4] = 0x8000;
    expect_ok(m, "B25E0024", 4);
    cr_assert_eq(m->cpu.cc, 2);
    cr_assert_eq(m->cpu.gr[2], 0x8004);
    cr_assert_eq(m->cpu.gr[4], 0x8000);
    m->cpu.gr[2] = 0x8000;   /* empty operand */
    expect_ok(m, "B25E0024", 4);
    cr_assert_eq(m->cpu.cc, 2);
    cr_assert_eq(m->cpu.gr[2], 0x8000);
    t_free(m);
}

Test(storage, SRST_cc3_after_256_bytes)
{
    struct machine *m = t_new();
    memset(m->mem + 0x8000, 0x11, 400);
    m->mem[0x8000 + 300] = 0x22;
    m->cpu.gr[0] = 0x22;
    m->cpu.gr[2] = 0x8000 + 400;
    m->cpu.gr[4] = 0x8000;
    expect_ok(m, "B25E0024", 4);
    cr_assert_eq(m->cpu.cc, 3);
    cr_assert_eq(m->cpu.gr[4], 0x8100);
    cr_assert_eq(m->cpu.gr[2], 0x8000 + 400);
    expect_ok(m, "B25E0024", 4);
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->cpu.gr[2], 0x8000 + 300);
    cr_assert_eq(m->cpu.gr[4], 0x8100);
    t_free(m);
}

Test(storage, SRST_31_bit_addresses)
{
    struct machine *m = t_new();
    t_put(m, 0x8000, "C1C2C3C4C5");
    m->cpu.gr[0] = 0xC4;
    m->cpu.gr[2] = 0x80008005;
    m->cpu.gr[4] = 0x80008000;
    expect_ok(m, "B25E0024", 4);
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->cpu.gr[2], 0x8003, "updated: bit 0 zero");
    cr_assert_eq(m->cpu.gr[4], 0x80008000, "R2 unchanged");
    t_free(m);
}

Test(storage, SRST_gr0_bits_0_to_23_specification)
{
    struct machine *m = t_new();
    fill_gr(m);
    m->cpu.gr[0] = 0x00000122;
    m->cpu.gr[2] = 0x8010;
    m->cpu.gr[4] = 0x8000;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "B25E0024"), PGM_SPECIFICATION, T_CODE + 4, 4);
    same_gr(m, g);
    t_free(m);
}

Test(storage, SRST_addressing_exception_suppresses)
{
    struct machine *m = t_new();
    fill_gr(m);
    m->cpu.gr[0] = 0x22;
    m->cpu.gr[2] = T_STORAGE + 16;
    m->cpu.gr[4] = T_STORAGE - 4;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "B25E0024"), PGM_ADDRESSING, T_CODE + 4, 4);
    same_gr(m, g);
    t_free(m);
}

Test(storage, SRST_fetch_protection)
{
    struct machine *m = t_new();
    m->keys[8] = 0x28;
    t_psw(m, 0x00180000, T_CODE);
    fill_gr(m);
    m->cpu.gr[0] = 0x22;
    m->cpu.gr[2] = 0x8010;
    m->cpu.gr[4] = 0x8000;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "B25E0024"), PGM_PROTECTION, T_CODE + 4, 4);
    same_gr(m, g);
    t_free(m);
}

Test(storage, CLST_neighbour_B256_is_operation_exception)
{
    /* B256 is not defined on this machine */
    struct machine *m = t_new();
    fill_gr(m);
    m->cpu.gr[0] = 0;
    m->cpu.gr[2] = 0x8000;
    m->cpu.gr[4] = 0x9000;
    m->mem[0x9000] = 0x41;
    u32 g[16];
    save_gr(m, g);
    expect_pgm(m, t_exec(m, "B2560024"), PGM_OPERATION, T_CODE + 4, 4);
    same_gr(m, g);
    cr_assert_eq(m->mem[0x8000], 0);
    t_free(m);
}

/* ---- MVCLE against Hercules 3.13 and stores into decoded instructions ----------------------------- */

/* Hercules (`herc-run`, MVCLE 2,4,X'C1' with R2=30000 R3=A R4=20000 R5=4)
 * pads the rest of the destination in the same execution: R2=0003000A,
 * R3=0, R4=00020004, R5=0, CC 2. The CPU-determined amount ends at the
 * nearer 4K boundary, not where the source runs out. */
Test(storage, MVCLE_short_source_pads_in_the_same_execution)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x20000, 4, 1);
    mvcl_regs(m, 0x30000, 10, 0x20000, 4);
    expect_ok(m, "A82400C1", 4);
    cr_assert_eq(m->cpu.cc, 2, "cc %d: the move should complete", m->cpu.cc);
    cr_assert_eq(m->cpu.gr[2], 0x3000A, "R1 %#x", m->cpu.gr[2]);
    cr_assert_eq(m->cpu.gr[3], 0);
    cr_assert_eq(m->cpu.gr[4], 0x20004);
    cr_assert_eq(m->cpu.gr[5], 0);
    for (u32 i = 4; i < 10; i++)
        cr_assert_eq(m->mem[0x30000 + i], 0xC1, "pad at %u", i);
    t_free(m);
}

/* Hercules: R2=30F00 R3=300 R4=20000 R5=10 gives CC 3 with R2=00031000,
 * R3=00000200, R4=00020010, R5=0: sixteen bytes moved and 0xF0 padded up
 * to the destination's page boundary. */
Test(storage, MVCLE_pads_up_to_the_page_boundary)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x20000, 16, 1);
    mvcl_regs(m, 0x30F00, 0x300, 0x20000, 0x10);
    expect_ok(m, "A82400C1", 4);
    cr_assert_eq(m->cpu.cc, 3);
    cr_assert_eq(m->cpu.gr[2], 0x31000, "R1 %#x", m->cpu.gr[2]);
    cr_assert_eq(m->cpu.gr[3], 0x200, "R1+1 %#x", m->cpu.gr[3]);
    cr_assert_eq(m->cpu.gr[4], 0x20010);
    cr_assert_eq(m->cpu.gr[5], 0);
    t_free(m);
}

/* Hercules: R2=30F00 R3=300 R4=20FF8 R5=10 stops at the source's page
 * boundary: CC 3, R2=00030F08, R3=000002F8, R4=00021000, R5=8. */
Test(storage, MVCLE_stops_at_source_page_boundary)
{
    struct machine *m = t_new();
    fill_bytes(m, 0x20FF8, 16, 1);
    mvcl_regs(m, 0x30F00, 0x300, 0x20FF8, 0x10);
    expect_ok(m, "A82400C1", 4);
    cr_assert_eq(m->cpu.cc, 3);
    cr_assert_eq(m->cpu.gr[2], 0x30F08);
    cr_assert_eq(m->cpu.gr[3], 0x2F8);
    cr_assert_eq(m->cpu.gr[4], 0x21000);
    cr_assert_eq(m->cpu.gr[5], 8);
    t_free(m);
}

Test(storage, MVI_into_decoded_instruction_is_seen)
{
    struct machine *m = t_new();
    /* MVI 5(9),X'1B' at T_CODE turns the AR 1,2 at T_CODE+4 into SR 1,2 */
    t_put(m, T_CODE, "921B9004 1A12");
    m->cpu.gr[9] = T_CODE;
    m->cpu.gr[1] = 10;
    m->cpu.gr[2] = 3;
    cr_assert_eq(t_exec_at(m, T_CODE + 4), 0);   /* decode the AR */
    cr_assert_eq(m->cpu.gr[1], 13);
    m->cpu.ia = T_CODE;
    t_run(m, 2);
    cr_assert_eq(m->cpu.gr[1], 10, "the SR ran");
    cr_assert_eq(m->cpu.ia, T_CODE + 6);
    t_free(m);
}

Test(storage, MVC_into_decoded_instruction_is_seen)
{
    struct machine *m = t_new();
    t_put(m, 0x3000, "A7180001");                /* LHI 1,1 */
    t_put(m, T_DATA, "A7180063");                /* LHI 1,99 */
    cr_assert_eq(t_exec_at(m, 0x3000), 0);
    cr_assert_eq(m->cpu.gr[1], 1);
    m->cpu.gr[3] = 0x3000;
    m->cpu.gr[4] = T_DATA;
    expect_ok(m, "D20330004000", 6);
    cr_assert_eq(t_exec_at(m, 0x3000), 0);
    cr_assert_eq(m->cpu.gr[1], 99);
    t_free(m);
}

Test(storage, MVCL_into_decoded_instruction_is_seen)
{
    struct machine *m = t_new();
    t_put(m, 0x3000, "A7180001");
    t_put(m, 0x9000, "A7180063");
    cr_assert_eq(t_exec_at(m, 0x3000), 0);
    cr_assert_eq(m->cpu.gr[1], 1);
    mvcl_regs(m, 0x3000, 4, 0x9000, 4);
    expect_ok(m, "0E24", 2);
    cr_assert_eq(t_exec_at(m, 0x3000), 0);
    cr_assert_eq(m->cpu.gr[1], 99);
    t_free(m);
}

Test(storage, MVCLE_into_decoded_instruction_is_seen)
{
    struct machine *m = t_new();
    t_put(m, 0x3000, "A7180001");
    t_put(m, 0x9000, "A7180063");
    cr_assert_eq(t_exec_at(m, 0x3000), 0);
    mvcl_regs(m, 0x3000, 4, 0x9000, 4);
    expect_ok(m, "A8240000", 4);
    cr_assert_eq(t_exec_at(m, 0x3000), 0);
    cr_assert_eq(m->cpu.gr[1], 99);
    t_free(m);
}

Test(storage, MVI_low_address_protection)
{
    struct machine *m = t_new();
    m->cpu.cr[0] |= CR0_LOW_PROTECT;
    m->cpu.gr[3] = 0x1FF;
    expect_pgm(m, t_exec(m, "92FF3000"), PGM_PROTECTION, T_CODE + 4, 4);
    cr_assert_eq(m->mem[0x1FF], 0);
    t_psw(m, 0x00080000, T_CODE);
    expect_ok(m, "92FF3001", 4);
    cr_assert_eq(m->mem[0x200], 0xFF);
    t_free(m);
}

Test(storage, MVST_moves_through_the_terminator_cc1)
{
    struct machine *m = t_new();
    t_put(m, 0x9000, "C1C2C300FF");   /* "ABC", terminator 00 */
    m->cpu.gr[0] = 0;
    m->cpu.gr[2] = 0x8000;
    m->cpu.gr[4] = 0x9000;
    cr_assert_eq(t_exec(m, "B2550024"), 0);
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->cpu.gr[2], 0x8003, "R1 addresses the terminator in the first operand");
    cr_assert_eq(m->cpu.gr[4], 0x9000, "R2 unchanged");
    cr_assert_eq(memcmp(m->mem + 0x8000, m->mem + 0x9000, 4), 0);
    cr_assert_eq(m->mem[0x8004], 0, "nothing past the terminator");
    t_free(m);
}

Test(storage, MVST_stops_at_a_page_boundary_with_cc3)
{
    struct machine *m = t_new();
    memset(m->mem + 0x9FF0, 0xC1, 0x40);
    m->mem[0xA020] = 0x40;   /* terminator: a blank */
    m->cpu.gr[0] = 0x40;
    m->cpu.gr[2] = 0x8100;
    m->cpu.gr[4] = 0x9FF0;
    cr_assert_eq(t_exec(m, "B2550024"), 0);
    cr_assert_eq(m->cpu.cc, 3);
    cr_assert_eq(m->cpu.gr[2], 0x8110);
    cr_assert_eq(m->cpu.gr[4], 0xA000, "stopped at the source's page end");
    cr_assert_eq(t_exec(m, "B2550024"), 0);
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->cpu.gr[2], 0x8130);
    t_free(m);
}

Test(storage, MVST_gr0_high_bits_are_a_specification_exception)
{
    struct machine *m = t_new();
    m->cpu.gr[0] = 0x100;
    m->cpu.gr[2] = 0x8000;
    m->cpu.gr[4] = 0x9000;
    cr_assert_eq(t_exec(m, "B2550024"), PGM_SPECIFICATION);
    cr_assert_eq(m->cpu.gr[2], 0x8000);
    t_free(m);
}

Test(storage, MVST_fetch_beyond_storage_is_addressing)
{
    struct machine *m = t_new();
    m->cpu.gr[0] = 0;
    m->cpu.gr[2] = 0x8000;
    m->cpu.gr[4] = T_STORAGE;
    cr_assert_eq(t_exec(m, "B2550024"), PGM_ADDRESSING);
    t_free(m);
}
