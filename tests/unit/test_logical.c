/* test_logical.c: AND, OR, EXCLUSIVE OR in register, storage, immediate
 * and character forms, and TEST UNDER MASK (TM, TMLH, TMLL): results,
 * condition codes, overlapping operands, and addressing and protection
 * exceptions (suppressed: nothing changes). */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"
#include "insn_checks.h"

/* ---- register forms ------------------------------------------------------------ */

Test(logical, NR_ands_and_sets_cc)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0xF0F0FF00;
    m->cpu.gr[2] = 0x3C3C0FF0;
    expect_ok(m, "1412", 2);
    cr_assert_eq(m->cpu.gr[1], 0x30300F00);
    cr_assert_eq(m->cpu.gr[2], 0x3C3C0FF0);
    cr_assert_eq(m->cpu.cc, 1);
    m->cpu.gr[2] = 0x0F0F00FF;
    expect_ok(m, "1412", 2);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

Test(logical, OR_ors_and_sets_cc)
{
    struct machine *m = t_new();
    m->cpu.cc = 1;
    expect_ok(m, "1612", 2);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 0);
    m->cpu.gr[1] = 0x80000000;
    m->cpu.gr[2] = 0x00000001;
    expect_ok(m, "1612", 2);
    cr_assert_eq(m->cpu.gr[1], 0x80000001);
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(logical, XR_exclusive_ors_and_sets_cc)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0xFF00FF00;
    m->cpu.gr[2] = 0x0FF00FF0;
    expect_ok(m, "1712", 2);
    cr_assert_eq(m->cpu.gr[1], 0xF0F0F0F0);
    cr_assert_eq(m->cpu.cc, 1);
    expect_ok(m, "1711", 2);   /* XR 1,1 clears */
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

/* ---- storage forms -------------------------------------------------------------- */

Test(logical, N_ands_storage_word)
{
    struct machine *m = t_new();
    t_put(m, T_DATA + 1, "FF0000FF");
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[1] = 0x12345678;
    expect_ok(m, "54103001", 4);
    cr_assert_eq(m->cpu.gr[1], 0x12000078);
    cr_assert_eq(m->cpu.cc, 1);
    m->cpu.gr[1] = 0x00FFFF00;
    expect_ok(m, "54103001", 4);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 0);
    cr_assert_eq(t_get32(m, T_DATA + 1), 0xFF0000FF);
    t_free(m);
}

Test(logical, N_addressing_exception_suppresses) { check_addressing("54103000", 4, 3, 4); }

Test(logical, N_fetch_protection) { check_fetch_protection("54103000", 4, 3, "FFFFFFFF"); }

Test(logical, O_ors_storage_word)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "0000000080000000");
    m->cpu.gr[3] = T_DATA;
    expect_ok(m, "56103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 0);
    expect_ok(m, "56103004", 4);
    cr_assert_eq(m->cpu.gr[1], 0x80000000);
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(logical, O_addressing_exception_suppresses) { check_addressing("56103000", 4, 3, 4); }

Test(logical, O_fetch_protection) { check_fetch_protection("56103000", 4, 3, "00000001"); }

Test(logical, X_exclusive_ors_storage_word)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "AAAAAAAA");
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[1] = 0xFFFFFFFF;
    expect_ok(m, "57103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0x55555555);
    cr_assert_eq(m->cpu.cc, 1);
    m->cpu.gr[1] = 0xAAAAAAAA;
    expect_ok(m, "57103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

Test(logical, X_addressing_exception_suppresses) { check_addressing("57103000", 4, 3, 4); }

Test(logical, X_fetch_protection) { check_fetch_protection("57103000", 4, 3, "00000001"); }

/* ---- immediate forms -------------------------------------------------------------- */

Test(logical, NI_ands_byte_in_storage)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "F3C3");
    m->cpu.gr[3] = T_DATA;
    expect_ok(m, "940F3001", 4);   /* NI 1(3),X'0F' */
    cr_assert_eq(m->mem[T_DATA], 0xF3);
    cr_assert_eq(m->mem[T_DATA + 1], 0x03);
    cr_assert_eq(m->cpu.cc, 1);
    expect_ok(m, "94F03001", 4);
    cr_assert_eq(m->mem[T_DATA + 1], 0);
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

Test(logical, NI_addressing_exception_suppresses) { check_addressing("94FF3000", 4, 3, 1); }

Test(logical, NI_store_protection)
{
    /* a store access even when the byte would not change */
    check_store_protection("94FF3000", 4, 3, 1);
}

Test(logical, OI_ors_byte_in_storage)
{
    struct machine *m = t_new();
    m->cpu.gr[3] = T_DATA;
    m->cpu.cc = 1;
    expect_ok(m, "96003000", 4);
    cr_assert_eq(m->mem[T_DATA], 0);
    cr_assert_eq(m->cpu.cc, 0);
    expect_ok(m, "96813000", 4);
    cr_assert_eq(m->mem[T_DATA], 0x81);
    cr_assert_eq(m->cpu.cc, 1);
    expect_ok(m, "96423000", 4);
    cr_assert_eq(m->mem[T_DATA], 0xC3);
    cr_assert_eq(m->mem[T_DATA + 1], 0);
    t_free(m);
}

Test(logical, OI_addressing_exception_suppresses) { check_addressing("96FF3000", 4, 3, 1); }

Test(logical, OI_store_protection) { check_store_protection("96003000", 4, 3, 1); }

Test(logical, XI_exclusive_ors_byte_in_storage)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "5A");
    m->cpu.gr[3] = T_DATA;
    expect_ok(m, "97FF3000", 4);
    cr_assert_eq(m->mem[T_DATA], 0xA5);
    cr_assert_eq(m->cpu.cc, 1);
    expect_ok(m, "97A53000", 4);
    cr_assert_eq(m->mem[T_DATA], 0);
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

Test(logical, XI_addressing_exception_suppresses) { check_addressing("97FF3000", 4, 3, 1); }

Test(logical, XI_store_protection) { check_store_protection("97FF3000", 4, 3, 1); }

/* ---- character forms ----------------------------------------------------------------- */

Test(logical, NC_ands_fields)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "FF0F00F1EE");
    t_put(m, T_DATA + 0x10, "0FFF0F10");
    m->cpu.gr[3] = T_DATA;
    m->cpu.cc = 3;
    expect_ok(m, "D40330003010", 6);   /* NC 0(4,3),16(3) */
    cr_assert_eq(t_get32(m, T_DATA), 0x0F0F0010);
    cr_assert_eq(m->mem[T_DATA + 4], 0xEE, "only L+1 bytes");
    cr_assert_eq(t_get32(m, T_DATA + 0x10), 0x0FFF0F10);
    cr_assert_eq(m->cpu.cc, 1);
    t_put(m, T_DATA + 0x10, "F0F0FFEF");
    expect_ok(m, "D40330003010", 6);
    cr_assert_eq(t_get32(m, T_DATA), 0);
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

Test(logical, NC_256_bytes_across_page)
{
    struct machine *m = t_new();
    memset(m->mem + 0x8F80, 0xFF, 256);
    memset(m->mem + 0xA000, 0x3C, 256);
    m->mem[0xA0FF] = 0x01;
    m->cpu.gr[3] = 0x8F80;
    m->cpu.gr[4] = 0xA000;
    expect_ok(m, "D4FF30004000", 6);
    for (u32 i = 0; i < 255; i++)
        cr_assert_eq(m->mem[0x8F80 + i], 0x3C, "byte %u", i);
    cr_assert_eq(m->mem[0x8F80 + 255], 0x01);
    cr_assert_eq(m->mem[0x8F80 + 256], 0);
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(logical, NC_addressing_exception_suppresses)
{
    check_addressing2("D40390004000", 6, 9, 4, 4);   /* first operand */
    check_addressing2("D40340009000", 6, 9, 4, 4);   /* second operand */
}

Test(logical, NC_store_protection) { check_store_protection2("D40390004000", 6, 9, 4, 4); }

Test(logical, NC_fetch_protection_of_second_operand) { check_fetch_protection2("D40340009000", 6, 9, "00000001", 4); }

Test(logical, NC_protected_second_page_changes_nothing)
{
    struct machine *m = t_new();
    m->keys[8] = 0x10;
    m->keys[9] = 0x20;
    t_psw(m, 0x00180000, T_CODE);
    memset(m->mem + 0x8FF0, 0xFF, 0x20);
    m->cpu.gr[3] = 0x8FF0;
    m->cpu.gr[4] = T_DATA - 0x100;   /* zeros */
    expect_pgm(m, t_exec(m, "D41F30004000"), PGM_PROTECTION, T_CODE + 6, 6);
    for (u32 i = 0; i < 0x20; i++)
        cr_assert_eq(m->mem[0x8FF0 + i], 0xFF, "byte %u changed", i);
    t_free(m);
}

Test(logical, OC_ors_fields)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "0000000000");
    t_put(m, T_DATA + 0x10, "0000000000");
    m->cpu.gr[3] = T_DATA;
    m->cpu.cc = 1;
    expect_ok(m, "D60430003010", 6);
    cr_assert_eq(m->cpu.cc, 0);
    t_put(m, T_DATA + 0x10, "0102040810");
    t_put(m, T_DATA, "8000000000");
    expect_ok(m, "D60430003010", 6);
    cr_assert_eq(t_get32(m, T_DATA), 0x81020408);
    cr_assert_eq(m->mem[T_DATA + 4], 0x10);
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(logical, OC_overlap_works_byte_by_byte)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "0102000000");
    m->cpu.gr[3] = T_DATA;
    expect_ok(m, "D60230013000", 6);   /* OC 1(3,3),0(3): each result feeds the next */
    cr_assert_eq(m->mem[T_DATA + 1], 0x03);
    cr_assert_eq(m->mem[T_DATA + 2], 0x03);
    cr_assert_eq(m->mem[T_DATA + 3], 0x03);
    cr_assert_eq(m->mem[T_DATA + 4], 0x00);
    t_free(m);
}

Test(logical, OC_addressing_exception_suppresses)
{
    check_addressing2("D60390004000", 6, 9, 4, 4);
    check_addressing2("D60340009000", 6, 9, 4, 4);
}

Test(logical, OC_store_protection) { check_store_protection2("D60390004000", 6, 9, 4, 4); }

Test(logical, OC_fetch_protection_of_second_operand) { check_fetch_protection2("D60340009000", 6, 9, "00000001", 4); }

Test(logical, XC_exclusive_ors_fields)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "F0F0F0");
    t_put(m, T_DATA + 0x10, "FF0F00");
    m->cpu.gr[3] = T_DATA;
    expect_ok(m, "D70230003010", 6);
    cr_assert_eq(m->mem[T_DATA], 0x0F);
    cr_assert_eq(m->mem[T_DATA + 1], 0xFF);
    cr_assert_eq(m->mem[T_DATA + 2], 0xF0);
    cr_assert_eq(m->cpu.cc, 1);
    t_free(m);
}

Test(logical, XC_field_with_itself_clears)
{
    struct machine *m = t_new();
    memset(m->mem + 0x8F00, 0xA7, 0x200);
    m->cpu.gr[3] = 0x8F80;
    m->cpu.cc = 2;
    expect_ok(m, "D7FF30003000", 6);   /* 256 bytes across the page boundary */
    for (u32 i = 0; i < 256; i++)
        cr_assert_eq(m->mem[0x8F80 + i], 0, "byte %u", i);
    cr_assert_eq(m->mem[0x8F7F], 0xA7);
    cr_assert_eq(m->mem[0x9080], 0xA7);
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

Test(logical, XC_addressing_exception_suppresses)
{
    check_addressing2("D70390004000", 6, 9, 4, 4);
    check_addressing2("D70340009000", 6, 9, 4, 4);
}

Test(logical, XC_store_protection) { check_store_protection2("D70390004000", 6, 9, 4, 4); }

Test(logical, XC_fetch_protection_of_second_operand) { check_fetch_protection2("D70340009000", 6, 9, "00000001", 4); }

/* ---- test under mask ---------------------------------------------------------------------- */

Test(logical, TM_sets_cc_0_1_3)
{
    static const struct { u8 byte, mask, cc; } t[] = {
        {0x0F, 0xF0, 0}, {0x3C, 0xF0, 1}, {0xF1, 0xF0, 3}, {0xFF, 0x00, 0}, {0x00, 0x00, 0},
        {0x80, 0x81, 1}, {0x01, 0x81, 1}, {0x81, 0x81, 3}, {0xFF, 0x01, 3},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct machine *m = t_new();
        char hex[16];
        snprintf(hex, sizeof hex, "91%02X3001", t[i].mask);
        m->mem[T_DATA + 1] = t[i].byte;
        m->cpu.gr[3] = T_DATA;
        m->cpu.cc = 2;
        expect_ok(m, hex, 4);
        cr_assert_eq(m->cpu.cc, t[i].cc, "case %zu: cc %d", i, m->cpu.cc);
        cr_assert_eq(m->mem[T_DATA + 1], t[i].byte);
        t_free(m);
    }
}

Test(logical, TM_addressing_exception_suppresses)
{
    check_addressing("91FF9000", 4, 9, 1);
    check_addressing("91009000", 4, 9, 1);   /* even with mask 0 */
}

Test(logical, TM_fetch_protection)
{
    check_fetch_protection("91FF9000", 4, 9, "01");
    check_fetch_protection("91009000", 4, 9, "01");   /* mask 0 still fetches */
}

static void tm16(const char *op, u32 reg, u16 mask, u8 want)
{
    struct machine *m = t_new();
    char hex[16];
    snprintf(hex, sizeof hex, "%s%04X", op, mask);
    m->cpu.gr[1] = reg;
    m->cpu.cc = want == 2 ? 1 : 2;
    expect_ok(m, hex, 4);
    cr_assert_eq(m->cpu.cc, want, "%s reg %#x mask %#x: cc %d, want %d", op, reg, mask, m->cpu.cc, want);
    cr_assert_eq(m->cpu.gr[1], reg);
    t_free(m);
}

Test(logical, TMLH_tests_bits_0_to_15)
{
    tm16("A710", 0x0000FFFF, 0xFFFF, 0);   /* low half ignored */
    tm16("A710", 0xFFFF0000, 0x0000, 0);   /* mask 0 */
    tm16("A710", 0x80000000, 0x8001, 2);   /* mixed, leftmost selected bit one */
    tm16("A710", 0x00010000, 0x8001, 1);   /* mixed, leftmost selected bit zero */
    tm16("A710", 0x80010000, 0x8001, 3);
    tm16("A710", 0x12340000, 0x00F0, 1);   /* 0x3_: 0011 under 1111 */
    tm16("A710", 0x12B40000, 0x00F0, 2);   /* 0xB_: 1011 */
    tm16("A710", 0x00100000, 0x0010, 3);
}

Test(logical, TMLL_tests_bits_16_to_31)
{
    tm16("A711", 0xFFFF0000, 0xFFFF, 0);   /* high half ignored */
    tm16("A711", 0x0000FFFF, 0x0000, 0);
    tm16("A711", 0x00008000, 0x8001, 2);
    tm16("A711", 0x00000001, 0x8001, 1);
    tm16("A711", 0x0000FFFF, 0xFFFF, 3);
    tm16("A711", 0x00000006, 0x0007, 2);   /* 110 under 111: leftmost selected is one */
    tm16("A711", 0x00000003, 0x0007, 1);
    tm16("A711", 0x00000001, 0x0001, 3);
}

Test(logical, TMLH_neighbour_A7x2_opcodes_are_operation_exceptions)
{
    /* A7x2 TMHH and A7x3 TMHL are z/Architecture only */
    static const char *ops[] = {"A7128000", "A7138000", "A7190001"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        struct machine *m = t_new();
        fill_gr(m);
        m->cpu.cc = 3;
        u32 g[16];
        save_gr(m, g);
        expect_pgm(m, t_exec(m, ops[i]), PGM_OPERATION, T_CODE + 4, 4);
        same_gr(m, g);
        cr_assert_eq(old_cc(m), 3);
        t_free(m);
    }
}
