/* test_storage_mvcle.c: MVCLE and CLCLE: the pad from the address, CC 3
 * for a CPU-determined amount (this machine stops at a 4K boundary), the
 * exceptions, and MVCLE against what Hercules 3.13 does
 * (test_storage.c has the rest of the family). */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"
#include "insn_checks.h"
#include "test_storage.h"

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

/* ---- MVCLE against Hercules 3.13 ------------------------------------------------------------------------- */

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
