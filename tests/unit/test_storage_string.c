/* test_storage_string.c: the string instructions CLST, SRST and MVST: the
 * ending character in GR0, register updates, CC 3 for a CPU-determined
 * amount, and the exceptions (test_storage.c has the rest of the
 * family). */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"
#include "insn_checks.h"
#include "test_storage.h"

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

/* ---- MVST ----------------------------------------------------------------------------------------------- */

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
