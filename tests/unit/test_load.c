/* test_load.c: loading and storing registers, address arithmetic,
 * LM/STM, the masked forms (ICM, STCM) and the byte-reversed loads and
 * stores: results, the next-instruction address, the condition code (only
 * ICM sets it), and addressing and protection exceptions (suppressed:
 * nothing changes). */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"
#include "insn_checks.h"

/* ---- LR ------------------------------------------------------------------------ */

Test(load, LR_copies_register_cc_unchanged)
{
    struct machine *m = t_new();
    m->cpu.cc = 3;
    m->cpu.gr[2] = 0x80000001;
    expect_ok(m, "1812", 2);
    cr_assert_eq(m->cpu.gr[1], 0x80000001);
    cr_assert_eq(m->cpu.gr[2], 0x80000001);
    cr_assert_eq(m->cpu.cc, 3);
    expect_ok(m, "18F0", 2);   /* LR 15,0: R2 = 0 is GR0, not zero */
    cr_assert_eq(m->cpu.gr[15], 0);
    m->cpu.gr[0] = 0x1234;
    expect_ok(m, "18F0", 2);
    cr_assert_eq(m->cpu.gr[15], 0x1234);
    t_free(m);
}

/* ---- L / ST ---------------------------------------------------------------------- */

Test(load, L_loads_word)
{
    struct machine *m = t_new();
    t_put(m, T_DATA + 0x20, "89ABCDEF");
    t_put(m, T_DATA + 0x31, "01020304");
    m->cpu.cc = 1;
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[4] = 0x10;
    expect_ok(m, "58143010", 4);   /* L 1,16(4,3) */
    cr_assert_eq(m->cpu.gr[1], 0x89ABCDEF);
    cr_assert_eq(m->cpu.cc, 1);
    expect_ok(m, "58103031", 4);   /* unaligned: no specification exception */
    cr_assert_eq(m->cpu.gr[1], 0x01020304);
    t_free(m);
}

Test(load, L_register_0_as_base_or_index_means_zero)
{
    struct machine *m = t_new();
    t_put(m, 0x0FF0, "CAFEF00D");
    m->cpu.gr[0] = T_DATA;
    expect_ok(m, "58100FF0", 4);   /* L 1,X'FF0'(0,0) */
    cr_assert_eq(m->cpu.gr[1], 0xCAFEF00D);
    t_free(m);
}

Test(load, L_page_crossing_and_31_bit_wrap)
{
    struct machine *m = t_new();
    t_put(m, 0x8FFD, "11223344");
    m->cpu.gr[3] = 0x8FFD;
    expect_ok(m, "58103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0x11223344);
    t_put(m, T_DATA, "55667788");
    m->cpu.gr[3] = 0x80000000u | T_DATA;   /* bit 0 ignored */
    expect_ok(m, "58103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0x55667788);
    m->cpu.gr[3] = 0x7FFFF000;             /* 0x7FFFF000 + 0x8000 + 0x1000 wraps to 0x8000 */
    m->cpu.gr[4] = 0x9000;
    expect_ok(m, "58143000", 4);
    cr_assert_eq(m->cpu.gr[1], 0x55667788);
    t_free(m);
}

Test(load, L_addressing_exception_suppresses) { check_addressing("58103000", 4, 3, 4); }

Test(load, L_fetch_protection) { check_fetch_protection("58103000", 4, 3, "00000001"); }

Test(load, ST_stores_word)
{
    struct machine *m = t_new();
    m->cpu.cc = 2;
    m->cpu.gr[1] = 0xA1B2C3D4;
    m->cpu.gr[3] = T_DATA;
    expect_ok(m, "50103001", 4);   /* unaligned */
    cr_assert_eq(m->mem[T_DATA], 0);
    cr_assert_eq(t_get32(m, T_DATA + 1), 0xA1B2C3D4);
    cr_assert_eq(m->mem[T_DATA + 5], 0);
    cr_assert_eq(m->cpu.cc, 2);
    m->cpu.gr[3] = 0x8FFE;   /* across a page boundary */
    expect_ok(m, "50103000", 4);
    cr_assert_eq(t_get32(m, 0x8FFE), 0xA1B2C3D4);
    t_free(m);
}

Test(load, ST_addressing_exception_suppresses) { check_addressing("50103000", 4, 3, 4); }

Test(load, ST_store_protection) { check_store_protection("50103000", 4, 3, 4); }

Test(load, ST_protected_second_page_stores_nothing)
{
    struct machine *m = t_new();
    m->keys[9] = 0x20;   /* 0x9000-0x9FFF */
    t_psw(m, 0x00180000, T_CODE);
    m->keys[8] = 0x10;
    m->cpu.gr[1] = 0xFFFFFFFF;
    m->cpu.gr[3] = 0x8FFE;
    expect_pgm(m, t_exec(m, "50103000"), PGM_PROTECTION, T_CODE + 4, 4);
    cr_assert_eq(t_get32(m, 0x8FFC), 0, "first page unchanged");
    cr_assert_eq(t_get32(m, 0x9000), 0);
    t_free(m);
}

/* ---- LH / STH / IC / STC ------------------------------------------------------------ */

Test(load, LH_sign_extends)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "80017FFF");
    m->cpu.gr[1] = 0x12345678;
    m->cpu.gr[3] = T_DATA;
    m->cpu.cc = 3;
    expect_ok(m, "48103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0xFFFF8001);
    expect_ok(m, "48103002", 4);
    cr_assert_eq(m->cpu.gr[1], 0x00007FFF);
    cr_assert_eq(m->cpu.cc, 3);
    t_free(m);
}

Test(load, LH_addressing_exception_suppresses) { check_addressing("48103000", 4, 3, 2); }

Test(load, LH_fetch_protection) { check_fetch_protection("48103000", 4, 3, "0001"); }

Test(load, STH_stores_low_halfword)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "AAAAAAAA");
    m->cpu.gr[1] = 0x12345678;
    m->cpu.gr[3] = T_DATA;
    expect_ok(m, "40103001", 4);
    cr_assert_eq(t_get32(m, T_DATA), 0xAA5678AA);
    cr_assert_eq(m->cpu.gr[1], 0x12345678);
    t_free(m);
}

Test(load, STH_addressing_exception_suppresses) { check_addressing("40103000", 4, 3, 2); }

Test(load, STH_store_protection) { check_store_protection("40103000", 4, 3, 2); }

Test(load, IC_inserts_low_byte_only)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "9C");
    m->cpu.gr[1] = 0x12345678;
    m->cpu.gr[3] = T_DATA;
    m->cpu.cc = 1;
    expect_ok(m, "43103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0x1234569C);
    cr_assert_eq(m->cpu.cc, 1, "IC sets no CC");
    t_free(m);
}

Test(load, IC_addressing_exception_suppresses) { check_addressing("43103000", 4, 3, 1); }

Test(load, IC_fetch_protection) { check_fetch_protection("43103000", 4, 3, "01"); }

Test(load, STC_stores_low_byte)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "AAAAAA");
    m->cpu.gr[1] = 0x12345678;
    m->cpu.gr[3] = T_DATA;
    expect_ok(m, "42103001", 4);
    cr_assert_eq(m->mem[T_DATA], 0xAA);
    cr_assert_eq(m->mem[T_DATA + 1], 0x78);
    cr_assert_eq(m->mem[T_DATA + 2], 0xAA);
    t_free(m);
}

Test(load, STC_addressing_exception_suppresses) { check_addressing("42103000", 4, 3, 1); }

Test(load, STC_store_protection) { check_store_protection("42103000", 4, 3, 1); }

/* ---- LA / LARL / LHI ----------------------------------------------------------------- */

Test(load, LA_computes_address_without_access)
{
    struct machine *m = t_new();
    m->cpu.cc = 2;
    m->cpu.gr[2] = 0x100;
    m->cpu.gr[3] = 0x00100000;   /* beyond storage: LA does not access it */
    expect_ok(m, "41123004", 4); /* LA 1,4(2,3) */
    cr_assert_eq(m->cpu.gr[1], 0x00100104);
    cr_assert_eq(m->cpu.cc, 2);
    m->cpu.gr[0] = 0x5555;
    expect_ok(m, "41100FFF", 4); /* base and index 0: no registers */
    cr_assert_eq(m->cpu.gr[1], 0xFFF);
    m->cpu.gr[3] = 0xFFFFFFFF;
    expect_ok(m, "41303001", 4); /* LA 3,1(0,3): wraps to 0 in 31 bits */
    cr_assert_eq(m->cpu.gr[3], 0);
    m->cpu.gr[3] = 0x80000010;
    expect_ok(m, "41303000", 4);
    cr_assert_eq(m->cpu.gr[3], 0x10, "bit 0 is cleared");
    m->cpu.gr[3] = 0x7FFFFFFF;
    expect_ok(m, "41303000", 4);
    cr_assert_eq(m->cpu.gr[3], 0x7FFFFFFF);
    t_free(m);
}

Test(load, LARL_relative_to_its_own_address)
{
    struct machine *m = t_new();
    m->cpu.cc = 1;
    expect_ok(m, "C01000000010", 6);
    cr_assert_eq(m->cpu.gr[1], T_CODE + 0x20);
    cr_assert_eq(m->cpu.cc, 1);
    expect_ok(m, "C010FFFFFFF0", 6);
    cr_assert_eq(m->cpu.gr[1], T_CODE - 0x20);
    expect_ok(m, "C01000000000", 6);
    cr_assert_eq(m->cpu.gr[1], T_CODE);
    expect_ok(m, "C01040000000", 6);   /* + 2^31 wraps in 31 bits */
    cr_assert_eq(m->cpu.gr[1], T_CODE);
    expect_ok(m, "C010C0000000", 6);   /* - 2^31 */
    cr_assert_eq(m->cpu.gr[1], T_CODE);
    expect_ok(m, "C01080000000", 6);   /* - 2^32 */
    cr_assert_eq(m->cpu.gr[1], T_CODE);
    expect_ok(m, "C0103FFFFFFF", 6);   /* + 2^31 - 2 */
    cr_assert_eq(m->cpu.gr[1], T_CODE - 2);
    t_free(m);
}

Test(load, LARL_at_another_address)
{
    struct machine *m = t_new();
    t_put(m, 0x5FFC, "C0F000000003");   /* crosses into the next page */
    cr_assert_eq(t_exec_at(m, 0x5FFC), 0);
    cr_assert_eq(m->cpu.gr[15], 0x6002);
    cr_assert_eq(m->cpu.ia, 0x6002);
    t_free(m);
}

Test(load, LHI_sign_extends_immediate)
{
    struct machine *m = t_new();
    m->cpu.cc = 2;
    m->cpu.gr[1] = 0x12345678;
    expect_ok(m, "A718FFFF", 4);
    cr_assert_eq(m->cpu.gr[1], 0xFFFFFFFF);
    expect_ok(m, "A7187FFF", 4);
    cr_assert_eq(m->cpu.gr[1], 0x7FFF);
    expect_ok(m, "A7188000", 4);
    cr_assert_eq(m->cpu.gr[1], 0xFFFF8000);
    expect_ok(m, "A7180000", 4);
    cr_assert_eq(m->cpu.gr[1], 0);
    cr_assert_eq(m->cpu.cc, 2);
    t_free(m);
}

/* ---- LM / STM --------------------------------------------------------------------------- */

Test(load, LM_loads_range_and_wraps)
{
    struct machine *m = t_new();
    for (u32 i = 0; i < 16; i++)
        t_put32(m, T_DATA + 4 * i, 0x1000u + i);
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[6] = 0x66;
    m->cpu.cc = 3;
    expect_ok(m, "98153000", 4);   /* LM 1,5,0(3) */
    for (int r = 1; r <= 5; r++)
        cr_assert_eq(m->cpu.gr[r], 0x1000u + (u32)r - 1, "gr%d", r);
    cr_assert_eq(m->cpu.gr[6], 0x66);
    cr_assert_eq(m->cpu.gr[0], 0);
    cr_assert_eq(m->cpu.cc, 3);
    m->cpu.gr[5] = T_DATA;
    expect_ok(m, "98E15000", 4);   /* LM 14,1: 14, 15, 0, 1 */
    cr_assert_eq(m->cpu.gr[14], 0x1000);
    cr_assert_eq(m->cpu.gr[15], 0x1001);
    cr_assert_eq(m->cpu.gr[0], 0x1002);
    cr_assert_eq(m->cpu.gr[1], 0x1003);
    cr_assert_eq(m->cpu.gr[2], 0x1001, "gr2 not in the range");
    expect_ok(m, "98775008", 4);   /* LM 7,7: one register */
    cr_assert_eq(m->cpu.gr[7], 0x1002);
    expect_ok(m, "980F5000", 4);   /* all sixteen */
    for (int r = 0; r < 16; r++)
        cr_assert_eq(m->cpu.gr[r], 0x1000u + (u32)r, "gr%d", r);
    t_free(m);
}

Test(load, LM_base_register_in_range_uses_old_base)
{
    struct machine *m = t_new();
    t_put32(m, T_DATA, 0xAAAA);
    t_put32(m, T_DATA + 4, 0xBBBB);
    m->cpu.gr[3] = T_DATA - 4;
    expect_ok(m, "98243004", 4);   /* LM 2,4,4(3) */
    cr_assert_eq(m->cpu.gr[2], 0xAAAA);
    cr_assert_eq(m->cpu.gr[3], 0xBBBB);
    cr_assert_eq(m->cpu.gr[4], 0);
    t_free(m);
}

Test(load, LM_across_page_boundary)
{
    struct machine *m = t_new();
    t_put(m, 0x8FFA, "000000010000000200000003");
    m->cpu.gr[3] = 0x8FFA;
    expect_ok(m, "98133000", 4);
    cr_assert_eq(m->cpu.gr[1], 1);
    cr_assert_eq(m->cpu.gr[2], 2);
    cr_assert_eq(m->cpu.gr[3], 3);
    t_free(m);
}

Test(load, LM_addressing_exception_suppresses) { check_addressing("98159000", 4, 9, 4); }

Test(load, LM_fetch_protection) { check_fetch_protection("98159000", 4, 9, "00000001"); }

Test(load, STM_stores_range_and_wraps)
{
    struct machine *m = t_new();
    for (int r = 0; r < 16; r++)
        m->cpu.gr[r] = 0xA0000000u | (u32)r;
    m->cpu.gr[3] = T_DATA;
    m->cpu.cc = 1;
    expect_ok(m, "90E13000", 4);   /* STM 14,1,0(3) */
    cr_assert_eq(t_get32(m, T_DATA), 0xA000000E);
    cr_assert_eq(t_get32(m, T_DATA + 4), 0xA000000F);
    cr_assert_eq(t_get32(m, T_DATA + 8), 0xA0000000);
    cr_assert_eq(t_get32(m, T_DATA + 12), 0xA0000001);
    cr_assert_eq(t_get32(m, T_DATA + 16), 0);
    cr_assert_eq(m->cpu.cc, 1);
    expect_ok(m, "90253020", 4);   /* STM 2,5: gr3 is stored as it was */
    cr_assert_eq(t_get32(m, T_DATA + 0x20), 0xA0000002);
    cr_assert_eq(t_get32(m, T_DATA + 0x24), T_DATA);
    cr_assert_eq(t_get32(m, T_DATA + 0x28), 0xA0000004);
    cr_assert_eq(t_get32(m, T_DATA + 0x2C), 0xA0000005);
    cr_assert_eq(t_get32(m, T_DATA + 0x30), 0);
    t_free(m);
}

Test(load, STM_across_page_boundary)
{
    struct machine *m = t_new();
    for (int r = 0; r < 16; r++)
        m->cpu.gr[r] = 0x11111111u * (u32)r;
    m->cpu.gr[0] = 0x8FF6;
    expect_ok(m, "900F0FF0", 4);   /* STM 0,15,X'FF0'(0): base 0 means no base */
    for (u32 r = 0; r < 16; r++)
        cr_assert_eq(t_get32(m, 0xFF0 + 4 * r), r ? 0x11111111u * r : 0x8FF6u, "word %u", r);
    m->cpu.gr[5] = 0x8FF6;
    expect_ok(m, "900F5000", 4);
    for (u32 r = 0; r < 16; r++)
        cr_assert_eq(t_get32(m, 0x8FF6 + 4 * r), r == 0 ? 0x8FF6u : r == 5 ? 0x8FF6u : 0x11111111u * r, "word %u", r);
    t_free(m);
}

Test(load, STM_addressing_exception_suppresses) { check_addressing("90159000", 4, 9, 4); }

Test(load, STM_store_protection) { check_store_protection("90159000", 4, 9, 20); }

Test(load, STM_protected_second_page_stores_nothing)
{
    struct machine *m = t_new();
    m->keys[8] = 0x10;
    m->keys[9] = 0x20;
    t_psw(m, 0x00180000, T_CODE);
    for (int r = 0; r < 16; r++)
        m->cpu.gr[r] = 0xFFFFFFFF;
    m->cpu.gr[9] = 0x8FF8;
    expect_pgm(m, t_exec(m, "900F9000"), PGM_PROTECTION, T_CODE + 4, 4);
    for (u32 a = 0x8FF8; a < 0x9038; a += 4)
        cr_assert_eq(t_get32(m, a), 0, "word at %#x stored", a);
    t_free(m);
}

/* ---- ICM / STCM ----------------------------------------------------------------------------- */

Test(load, ICM_inserts_selected_bytes_and_sets_cc)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "8102030400");
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[1] = 0xAABBCCDD;
    expect_ok(m, "BF1F3000", 4);
    cr_assert_eq(m->cpu.gr[1], 0x81020304);
    cr_assert_eq(m->cpu.cc, 1, "leftmost inserted bit is one");
    m->cpu.gr[1] = 0xAABBCCDD;
    expect_ok(m, "BF1A3001", 4);   /* mask 1010: bytes 0 and 2 from 02 03 */
    cr_assert_eq(m->cpu.gr[1], 0x02BB03DD);
    cr_assert_eq(m->cpu.cc, 2, "nonzero, leftmost inserted bit zero");
    m->cpu.gr[1] = 0xAABBCCDD;
    expect_ok(m, "BF113004", 4);   /* mask 0001: the zero byte */
    cr_assert_eq(m->cpu.gr[1], 0xAABBCC00);
    cr_assert_eq(m->cpu.cc, 0, "inserted bits all zero");
    m->cpu.gr[1] = 0;
    expect_ok(m, "BF133000", 4);   /* mask 0011 */
    cr_assert_eq(m->cpu.gr[1], 0x00008102);
    cr_assert_eq(m->cpu.cc, 1, "the CC looks at the inserted bits only");
    t_free(m);
}

Test(load, ICM_mask_zero_sets_cc0_and_keeps_register)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "FF");
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[1] = 0x80000000;
    m->cpu.cc = 3;
    expect_ok(m, "BF103000", 4);
    cr_assert_eq(m->cpu.gr[1], 0x80000000);
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

Test(load, ICM_addressing_exception_suppresses)
{
    check_addressing("BF1F9000", 4, 9, 4);
    check_addressing("BF109000", 4, 9, 1);   /* mask 0 still accesses one byte */
}

Test(load, ICM_fetch_protection)
{
    check_fetch_protection("BF1F9000", 4, 9, "00000001");
    check_fetch_protection("BF109000", 4, 9, "01");   /* mask 0: one byte is fetched */
}

Test(load, STCM_stores_selected_bytes_contiguously)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "EEEEEEEEEE");
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[1] = 0x11223344;
    m->cpu.cc = 2;
    expect_ok(m, "BE153001", 4);   /* mask 0101 */
    cr_assert_eq(t_get32(m, T_DATA), 0xEE2244EE);
    cr_assert_eq(m->cpu.cc, 2);
    expect_ok(m, "BE1F3000", 4);
    cr_assert_eq(t_get32(m, T_DATA), 0x11223344);
    expect_ok(m, "BE183004", 4);
    cr_assert_eq(m->mem[T_DATA + 4], 0x11);
    t_free(m);
}

Test(load, STCM_mask_zero_stores_nothing)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0x11223344;
    m->cpu.gr[3] = T_DATA;
    expect_ok(m, "BE103000", 4);
    cr_assert_eq(t_get32(m, T_DATA), 0);
    m->cpu.gr[3] = T_STORAGE;   /* no access at all on this machine */
    expect_ok(m, "BE103000", 4);
    t_free(m);
    m = t_new();
    m->keys[T_DATA >> 12] = 0x28;
    t_psw(m, 0x00180000, T_CODE);
    m->cpu.gr[3] = T_DATA;
    expect_ok(m, "BE103000", 4);   /* nor a protection check */
    t_free(m);
}

Test(load, STCM_addressing_exception_suppresses) { check_addressing("BE1F9000", 4, 9, 4); }

Test(load, STCM_store_protection) { check_store_protection("BE1F9000", 4, 9, 4); }

/* ---- reversed loads and stores ---------------------------------------------------------------- */

Test(load, LRVR_reverses_bytes)
{
    struct machine *m = t_new();
    m->cpu.cc = 1;
    m->cpu.gr[2] = 0x11223344;
    expect_ok(m, "B91F0012", 4);
    cr_assert_eq(m->cpu.gr[1], 0x44332211);
    cr_assert_eq(m->cpu.gr[2], 0x11223344);
    cr_assert_eq(m->cpu.cc, 1);
    expect_ok(m, "B91F0022", 4);
    cr_assert_eq(m->cpu.gr[2], 0x44332211);
    t_free(m);
}

Test(load, LRV_loads_reversed)
{
    struct machine *m = t_new();
    t_put(m, T_DATA + 3, "80112233");
    m->cpu.gr[3] = T_DATA;
    m->cpu.cc = 2;
    expect_ok(m, "E3103003001E", 6);
    cr_assert_eq(m->cpu.gr[1], 0x33221180);
    cr_assert_eq(m->cpu.cc, 2);
    t_free(m);
}

Test(load, LRV_addressing_exception_suppresses) { check_addressing("E3109000001E", 6, 9, 4); }

Test(load, LRV_fetch_protection) { check_fetch_protection("E3109000001E", 6, 9, "00000001"); }

Test(load, LRVH_loads_reversed_halfword_into_low_half)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "ABCD");
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[1] = 0x12345678;
    expect_ok(m, "E3103000001F", 6);
    cr_assert_eq(m->cpu.gr[1], 0x1234CDAB, "bits 0-15 unchanged, no sign extension");
    t_free(m);
}

Test(load, LRVH_addressing_exception_suppresses) { check_addressing("E3109000001F", 6, 9, 2); }

Test(load, LRVH_fetch_protection) { check_fetch_protection("E3109000001F", 6, 9, "0001"); }

Test(load, STRV_stores_reversed)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0x11223344;
    m->cpu.gr[3] = T_DATA;
    m->cpu.cc = 3;
    expect_ok(m, "E3103001003E", 6);
    cr_assert_eq(m->mem[T_DATA], 0);
    cr_assert_eq(t_get32(m, T_DATA + 1), 0x44332211);
    cr_assert_eq(m->mem[T_DATA + 5], 0);
    cr_assert_eq(m->cpu.gr[1], 0x11223344);
    cr_assert_eq(m->cpu.cc, 3);
    t_free(m);
}

Test(load, STRV_addressing_exception_suppresses) { check_addressing("E3109000003E", 6, 9, 4); }

Test(load, STRV_store_protection) { check_store_protection("E3109000003E", 6, 9, 4); }

Test(load, STRVH_stores_reversed_low_halfword)
{
    struct machine *m = t_new();
    t_put(m, T_DATA, "EEEEEEEE");
    m->cpu.gr[1] = 0x11223344;
    m->cpu.gr[3] = T_DATA;
    expect_ok(m, "E3103001003F", 6);
    cr_assert_eq(t_get32(m, T_DATA), 0xEE4433EE);
    t_free(m);
}

Test(load, STRVH_addressing_exception_suppresses) { check_addressing("E3109000003F", 6, 9, 2); }

Test(load, STRVH_store_protection) { check_store_protection("E3109000003F", 6, 9, 2); }

/* ---- reference and change bits, low-address protection, stores into code ---------------------- */

Test(load, L_sets_reference_bit_ST_sets_change_bit)
{
    struct machine *m = t_new();
    m->cpu.gr[3] = T_DATA;
    m->cpu.gr[4] = 0xA000;
    m->keys[8] = 0x30;
    m->keys[0xA] = 0x30;
    expect_ok(m, "58103000", 4);
    cr_assert_eq(m->keys[8], 0x34, "fetch sets R only: %#x", m->keys[8]);
    expect_ok(m, "50104000", 4);
    cr_assert_eq(m->keys[0xA], 0x36, "store sets R and C: %#x", m->keys[0xA]);
    t_free(m);
}

Test(load, ST_low_address_protection)
{
    struct machine *m = t_new();
    m->cpu.cr[0] |= CR0_LOW_PROTECT;
    m->cpu.gr[1] = 0xFFFFFFFF;
    m->cpu.gr[3] = 0x1FC;
    expect_pgm(m, t_exec(m, "50103000"), PGM_PROTECTION, T_CODE + 4, 4);
    cr_assert_eq(t_get32(m, 0x1FC), 0);
    t_psw(m, 0x00080000, T_CODE);
    m->cpu.gr[3] = 0x1FE;   /* straddles 0x200: nothing stored */
    expect_pgm(m, t_exec(m, "50103000"), PGM_PROTECTION, T_CODE + 4, 4);
    cr_assert_eq(t_get32(m, 0x1FC), 0);
    cr_assert_eq(t_get32(m, 0x200), 0);
    t_psw(m, 0x00080000, T_CODE);
    m->cpu.gr[3] = 0x200;   /* 512 and up may be stored */
    expect_ok(m, "50103000", 4);
    cr_assert_eq(t_get32(m, 0x200), 0xFFFFFFFF);
    t_free(m);
}

Test(load, STM_low_address_protection_stores_nothing)
{
    struct machine *m = t_new();
    m->cpu.cr[0] |= CR0_LOW_PROTECT;
    for (int r = 0; r < 16; r++)
        m->cpu.gr[r] = 0xFFFFFFFF;
    m->cpu.gr[3] = 0x1F0;
    expect_pgm(m, t_exec(m, "90073000"), PGM_PROTECTION, T_CODE + 4, 4);
    for (u32 a = 0x1F0; a < 0x210; a += 4)
        cr_assert_eq(t_get32(m, a), 0, "word at %#x", a);
    t_free(m);
}

Test(load, ST_into_decoded_instruction_is_seen)
{
    struct machine *m = t_new();
    t_put(m, 0x3000, "1A12");   /* AR 1,2 */
    m->cpu.gr[1] = 10;
    m->cpu.gr[2] = 3;
    cr_assert_eq(t_exec_at(m, 0x3000), 0);   /* decoded and cached */
    cr_assert_eq(m->cpu.gr[1], 13);
    m->cpu.gr[4] = 0x1B120000;                /* SR 1,2 and 0000 */
    m->cpu.gr[3] = 0x3000;
    expect_ok(m, "50403000", 4);
    cr_assert_eq(t_exec_at(m, 0x3000), 0);
    cr_assert_eq(m->cpu.gr[1], 10, "the stored SR ran, not the old AR");
    t_free(m);
}

Test(load, STM_into_following_decoded_instructions_is_seen)
{
    struct machine *m = t_new();
    /* at T_CODE: STM 4,5,4(9) ; then the words it overwrites: two LHIs */
    t_put(m, T_CODE, "90459004 A7180001 A7280002");
    m->cpu.gr[9] = T_CODE;
    m->cpu.ia = T_CODE + 4;
    t_run(m, 2);                              /* decode and run both LHIs */
    cr_assert_eq(m->cpu.gr[1], 1);
    cr_assert_eq(m->cpu.gr[2], 2);
    m->cpu.gr[4] = 0xA7180011;                /* LHI 1,17 */
    m->cpu.gr[5] = 0xA7280022;                /* LHI 2,34 */
    m->cpu.ia = T_CODE;
    t_run(m, 3);
    cr_assert_eq(m->cpu.gr[1], 17);
    cr_assert_eq(m->cpu.gr[2], 34);
    cr_assert_eq(m->cpu.ia, T_CODE + 12);
    t_free(m);
}
