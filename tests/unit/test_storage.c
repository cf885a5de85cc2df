/* test_storage.c: character instructions: MVI, CLI, MVC, CLC, CLM, TS,
 * CS and CDS: results, condition codes, and the specification,
 * addressing and protection exceptions (suppressed: nothing changes);
 * stores into decoded instructions. The family goes on in
 * test_storage_long.c (MVCL, CLCL), test_storage_mvcle.c (MVCLE, CLCLE)
 * and test_storage_string.c (CLST, SRST, MVST). */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"
#include "insn_checks.h"
#include "test_storage.h"

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

/* ---- stores into decoded instructions; low-address protection ------------------------------------------ */

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
