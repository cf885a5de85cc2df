/* test_storage_long.c: MOVE LONG and COMPARE LOGICAL LONG (MVCL, CLCL):
 * equal and unequal lengths, padding, overlap, 31-bit addresses,
 * condition codes, and the exceptions, part way too (test_storage.c has
 * the rest of the family). */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"
#include "insn_checks.h"
#include "test_storage.h"

/* ---- MVCL ------------------------------------------------------------------------------------------- */

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
