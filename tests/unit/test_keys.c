/* test_keys.c: storage keys: ISKE, SSKE, RRBE; key-controlled protection
 * (stores: PSW key 0 or a match; fetches: also allowed without the F bit),
 * the reference and change bits, and low-address protection (CR0 bit 3:
 * no stores to 0-511). Several tests check that what the software TLB
 * cached follows a change of key, storage key or CR0. */
#include <criterion/criterion.h>

#include "harness.h"

#define SUPER 0x00080000u
#define PROBLEM 0x00090000u
#define KEY(k) (0x00080000u | (u32)(k) << 20)   /* supervisor, PSW key k */

#define F_DATA 0x10u   /* a data frame: 0x10000 */

/* Set a storage key behind the CPU's back (the TLB forgets the frame). */
static void set_key(struct machine *m, u32 frame, u8 key)
{
    m->keys[frame] = key;
    tlb_purge_frame(m, frame);
}

/* Run from `ia` until one instruction has run or an instruction-fetch
 * exception has been taken; returns the program-interruption code or 0.
 * (Fetch exceptions are no instruction, so t_exec() does not fit.) */
static int run_at(struct machine *m, u32 ia)
{
    m->cpu.ia = ia;
    t_run(m, 1);
    return t_took(m, LC_PGM_NEW_PSW) ? be16(m->mem + LC_PGM_CODE) : 0;
}

/* ---- ISKE --------------------------------------------------------------------- */

Test(keys, ISKE_inserts_key_into_bits_24_31)
{
    struct machine *m = t_new();
    set_key(m, F_DATA, 0x36);
    m->cpu.gr[1] = 0xAABBCCDD;
    m->cpu.gr[2] = 0x10123;
    m->cpu.cc = 2;
    cr_assert_eq(t_exec(m, "B2290012"), 0);
    cr_assert_eq(m->cpu.gr[1], 0xAABBCC36);
    cr_assert_eq(m->cpu.gr[2], 0x10123);
    cr_assert_eq(m->cpu.cc, 2, "CC unchanged");
    cr_assert_eq(m->keys[F_DATA], 0x36, "ISKE does not reference the block");
    t_free(m);
}

Test(keys, ISKE_ignores_address_bit_0)
{
    struct machine *m = t_new();
    set_key(m, F_DATA, 0xF8);
    m->cpu.gr[2] = 0x80010FFF;
    cr_assert_eq(t_exec(m, "B2290012"), 0);
    cr_assert_eq(m->cpu.gr[1] & 0xFF, 0xF8);
    t_free(m);
}

Test(keys, ISKE_addressing)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0x12345678;
    m->cpu.gr[2] = T_STORAGE;
    cr_assert_eq(t_exec(m, "B2290012"), PGM_ADDRESSING);
    cr_assert_eq(m->cpu.gr[1], 0x12345678);
    cr_assert_eq(t_ilc(m), 4);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 4);
    t_free(m);
}

Test(keys, ISKE_privileged)
{
    struct machine *m = t_new();
    m->cpu.gr[2] = 0x10000;
    t_psw(m, PROBLEM, T_CODE);
    cr_assert_eq(t_exec(m, "B2290012"), PGM_PRIVILEGED_OPERATION);
    t_free(m);
}

/* ---- SSKE --------------------------------------------------------------------------- */

Test(keys, SSKE_sets_key_ignoring_bit_7)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0xFFFFFF5F;
    m->cpu.gr[2] = 0x10ABC;
    m->cpu.cc = 1;
    cr_assert_eq(t_exec(m, "B22B0012"), 0);
    u32 ia_after = m->cpu.ia;
    cr_assert_eq(m->keys[F_DATA], 0x5E);
    cr_assert_eq(m->keys[F_DATA - 1], 0);
    cr_assert_eq(m->keys[F_DATA + 1], 0);
    cr_assert_eq(m->cpu.cc, 1, "CC unchanged");
    m->cpu.gr[3] = 0;
    cr_assert_eq(t_exec(m, "B2290032"), 0);   /* ISKE 3,2 */
    cr_assert_eq(m->cpu.gr[3], 0x5E);
    cr_assert_eq(ia_after, T_CODE + 4, "SSKE continues with the next instruction");
    t_free(m);
}

Test(keys, SSKE_addressing)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0x50;
    m->cpu.gr[2] = 0x7FFFF000;
    cr_assert_eq(t_exec(m, "B22B0012"), PGM_ADDRESSING);
    t_free(m);
}

Test(keys, SSKE_privileged)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0x50;
    m->cpu.gr[2] = 0x10000;
    t_psw(m, PROBLEM, T_CODE);
    cr_assert_eq(t_exec(m, "B22B0012"), PGM_PRIVILEGED_OPERATION);
    cr_assert_eq(m->keys[F_DATA], 0);
    t_free(m);
}

Test(keys, SSKE_new_key_governs_cached_page)
{
    struct machine *m = t_new();
    set_key(m, F_DATA, 0x30);
    t_psw(m, KEY(3), T_CODE);
    m->cpu.gr[1] = 0x11111111;
    m->cpu.gr[4] = 0x10000;
    cr_assert_eq(t_exec(m, "50104000"), 0);   /* ST 1,0(4): key 3 matches */
    m->cpu.gr[2] = 0x10000;
    m->cpu.gr[3] = 0x50;
    cr_assert_eq(t_exec(m, "B22B0032"), 0);   /* SSKE 3,2: key 5 */
    m->cpu.gr[1] = 0x22222222;
    cr_assert_eq(t_exec(m, "50104000"), PGM_PROTECTION);
    cr_assert_eq(t_get32(m, 0x10000), 0x11111111);
    t_free(m);
}

Test(keys, SSKE_reset_change_bit_is_set_again_by_next_store)
{
    struct machine *m = t_new();
    set_key(m, F_DATA, 0x00);
    m->cpu.gr[4] = 0x10000;
    cr_assert_eq(t_exec(m, "50104000"), 0);
    cr_assert_eq(m->keys[F_DATA], SKEY_R | SKEY_C);
    m->cpu.gr[2] = 0x10000;
    m->cpu.gr[3] = 0x00;
    cr_assert_eq(t_exec(m, "B22B0032"), 0);
    cr_assert_eq(m->keys[F_DATA], 0);
    cr_assert_eq(t_exec(m, "50104000"), 0);
    cr_assert_eq(m->keys[F_DATA], SKEY_R | SKEY_C);
    t_free(m);
}

/* ---- RRBE ------------------------------------------------------------------------------ */

Test(keys, RRBE_cc_from_reference_and_change_bits)
{
    static const struct { u8 before, after, cc; } cases[] = {
        {0x30, 0x30, 0}, {0x32, 0x32, 1}, {0x34, 0x30, 2}, {0x36, 0x32, 3}, {0xFE, 0xFA, 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct machine *m = t_new();
        set_key(m, F_DATA, cases[i].before);
        m->cpu.gr[2] = 0x10000;
        m->cpu.cc = cases[i].cc ^ 3;
        cr_assert_eq(t_exec(m, "B22A0012"), 0);
        cr_assert_eq(m->cpu.cc, cases[i].cc, "key %02x", cases[i].before);
        cr_assert_eq(m->keys[F_DATA], cases[i].after, "key %02x", cases[i].before);
        t_free(m);
    }
}

Test(keys, RRBE_reference_bit_is_set_again_by_next_fetch)
{
    struct machine *m = t_new();
    set_key(m, F_DATA, 0x00);
    m->cpu.gr[4] = 0x10000;
    m->cpu.gr[2] = 0x10000;
    cr_assert_eq(t_exec(m, "58104000"), 0);   /* L 1,0(4) */
    cr_assert_eq(m->keys[F_DATA], SKEY_R);
    cr_assert_eq(t_exec(m, "B22A0012"), 0);
    cr_assert_eq(m->cpu.cc, 2);
    cr_assert_eq(m->keys[F_DATA], 0);
    cr_assert_eq(t_exec(m, "58104000"), 0);
    cr_assert_eq(m->keys[F_DATA], SKEY_R, "the fetch went through the TLB check again");
    cr_assert_eq(t_exec(m, "B22A0012"), 0);
    cr_assert_eq(m->cpu.cc, 2);
    cr_assert_eq(m->cpu.ia, T_CODE + 4, "continues with the next instruction");
    t_free(m);
}

Test(keys, RRBE_addressing)
{
    struct machine *m = t_new();
    m->cpu.gr[2] = T_STORAGE + 0x1000;
    m->cpu.cc = 1;
    cr_assert_eq(t_exec(m, "B22A0012"), PGM_ADDRESSING);
    cr_assert_eq((be32(m->mem + LC_PGM_OLD_PSW) & PSW0_CC) >> PSW0_CC_SHIFT, 1, "CC unchanged");
    t_free(m);
}

Test(keys, RRBE_privileged)
{
    struct machine *m = t_new();
    set_key(m, F_DATA, 0x06);
    m->cpu.gr[2] = 0x10000;
    t_psw(m, PROBLEM, T_CODE);
    cr_assert_eq(t_exec(m, "B22A0012"), PGM_PRIVILEGED_OPERATION);
    cr_assert_eq(m->keys[F_DATA], 0x06);
    t_free(m);
}

/* ---- reference and change bits ------------------------------------------------------------ */

Test(keys, fetch_sets_reference_store_sets_change)
{
    struct machine *m = t_new();
    set_key(m, F_DATA, 0x30);
    set_key(m, F_DATA + 1, 0x30);
    m->cpu.gr[4] = 0x10000;
    m->cpu.gr[5] = 0x11000;
    cr_assert_eq(t_exec(m, "58104000"), 0);
    cr_assert_eq(m->keys[F_DATA], 0x34);
    cr_assert_eq(t_exec(m, "50105000"), 0);
    cr_assert_eq(m->keys[F_DATA + 1], 0x36);
    t_free(m);
}

Test(keys, instruction_fetch_sets_reference_bit)
{
    struct machine *m = t_new();
    t_put(m, 0x3000, "0700");
    set_key(m, 3, 0x00);
    cr_assert_eq(t_exec_at(m, 0x3000), 0);
    cr_assert_eq(m->keys[3], SKEY_R);
    t_free(m);
}

/* ---- key-controlled protection --------------------------------------------------------------- */

Test(keys, store_with_mismatched_key_is_protection)
{
    struct machine *m = t_new();
    set_key(m, F_DATA, 0x50);
    t_psw(m, KEY(3), T_CODE);
    m->cpu.gr[1] = 0x12345678;
    m->cpu.gr[4] = 0x10000;
    cr_assert_eq(t_exec(m, "50104000"), PGM_PROTECTION);
    cr_assert_eq(t_get32(m, 0x10000), 0);
    cr_assert_eq(m->keys[F_DATA] & SKEY_C, 0, "not changed");
    cr_assert_eq(t_ilc(m), 4);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 4);
    t_free(m);
}

Test(keys, store_to_key_0_storage_with_nonzero_key_is_protection)
{
    struct machine *m = t_new();
    t_psw(m, KEY(3), T_CODE);
    m->cpu.gr[4] = 0x10000;
    cr_assert_eq(t_exec(m, "50104000"), PGM_PROTECTION);
    t_free(m);
}

Test(keys, store_with_matching_key_or_key_0)
{
    struct machine *m = t_new();
    set_key(m, F_DATA, 0x38);   /* key 3, fetch-protected */
    t_psw(m, KEY(3), T_CODE);
    m->cpu.gr[1] = 0x12345678;
    m->cpu.gr[4] = 0x10000;
    cr_assert_eq(t_exec(m, "50104000"), 0);
    cr_assert_eq(t_get32(m, 0x10000), 0x12345678);
    set_key(m, F_DATA, 0x98);
    t_psw(m, KEY(0), T_CODE);
    m->cpu.gr[1] = 0x9ABCDEF0;
    cr_assert_eq(t_exec(m, "50104000"), 0);
    cr_assert_eq(t_get32(m, 0x10000), 0x9ABCDEF0);
    t_free(m);
}

Test(keys, fetch_protection_needs_f_bit)
{
    static const struct { u8 storage_key, psw_key; int code; } cases[] = {
        {0x50, 3, 0},                /* mismatch, not fetch-protected */
        {0x58, 3, PGM_PROTECTION},   /* mismatch, fetch-protected */
        {0x38, 3, 0},                /* match */
        {0x58, 0, 0},                /* key 0 */
        {0x08, 3, PGM_PROTECTION},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct machine *m = t_new();
        t_put32(m, 0x10000, 0xCAFEF00D);
        set_key(m, F_DATA, cases[i].storage_key);
        t_psw(m, KEY(cases[i].psw_key), T_CODE);
        m->cpu.gr[1] = 0;
        m->cpu.gr[4] = 0x10000;
        cr_assert_eq(t_exec(m, "58104000"), cases[i].code, "case %zu", i);
        cr_assert_eq(m->cpu.gr[1], cases[i].code ? 0 : 0xCAFEF00D, "case %zu", i);
        t_free(m);
    }
}

Test(keys, instruction_fetch_protection)
{
    struct machine *m = t_new();
    t_put(m, 0x3000, "0700");
    set_key(m, 3, 0x58);
    t_psw(m, KEY(3), T_CODE);
    cr_assert_eq(run_at(m, 0x3000), PGM_PROTECTION);
    cr_assert_eq(t_ilc(m), 2);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), 0x3002);
    t_free(m);
}

Test(keys, store_crossing_into_protected_page_stores_nothing)
{
    struct machine *m = t_new();
    set_key(m, F_DATA, 0x30);
    set_key(m, F_DATA + 1, 0x50);
    t_psw(m, KEY(3), T_CODE);
    for (int i = 0; i < 16; i++)
        m->cpu.gr[i] = 0x01010101u * (u32)i;
    m->cpu.gr[1] = 0x10FF0;
    cr_assert_eq(t_exec(m, "900F1000"), PGM_PROTECTION);   /* STM 0,15,0(1): 64 bytes */
    for (u32 a = 0x10FF0; a < 0x11000; a++)
        cr_assert_eq(m->mem[a], 0, "byte %x", a);
    t_free(m);
}

Test(keys, psw_key_change_by_LPSW_governs_cached_page)
{
    struct machine *m = t_new();
    set_key(m, F_DATA, 0x30);
    t_psw(m, KEY(3), T_CODE);
    m->cpu.gr[4] = 0x10000;
    cr_assert_eq(t_exec(m, "50104000"), 0);
    t_psw(m, KEY(4), T_CODE);
    cr_assert_eq(t_exec(m, "50104000"), PGM_PROTECTION);
    t_free(m);
}

/* ---- low-address protection ------------------------------------------------------------------ */

Test(keys, low_address_protection_refuses_stores_to_0_511)
{
    static const struct { u32 addr; int code; } cases[] = {
        {0x000, PGM_PROTECTION}, {0x100, PGM_PROTECTION}, {0x1FC, PGM_PROTECTION},
        {0x1FE, PGM_PROTECTION},   /* starts below 512 */
        {0x200, 0}, {0xFFC, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct machine *m = t_new();
        m->cpu.cr[0] |= CR0_LOW_PROTECT;
        tlb_purge(m);
        m->cpu.gr[1] = 0xA5A5A5A5;
        m->cpu.gr[4] = cases[i].addr;
        u32 before = be32(m->mem + cases[i].addr);
        cr_assert_eq(t_exec(m, "50104000"), cases[i].code, "address %x", cases[i].addr);
        if (cases[i].code)
            cr_assert_eq(be32(m->mem + cases[i].addr), before, "address %x", cases[i].addr);
        else
            cr_assert_eq(be32(m->mem + cases[i].addr), 0xA5A5A5A5);
        t_free(m);
    }
}

Test(keys, low_address_protection_allows_fetches_and_interruptions)
{
    struct machine *m = t_new();
    m->cpu.cr[0] |= CR0_LOW_PROTECT;
    tlb_purge(m);
    put32(m->mem + 0x100, 0x600DF00D);
    m->cpu.gr[4] = 0x100;
    cr_assert_eq(t_exec(m, "58104000"), 0);
    cr_assert_eq(m->cpu.gr[1], 0x600DF00D);
    cr_assert_eq(t_exec(m, "50104000"), PGM_PROTECTION);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 4, "the CPU still stores the old PSW");
    t_free(m);
}

Test(keys, low_address_protection_follows_LCTL)
{
    struct machine *m = t_new();
    m->cpu.gr[4] = 0x100;
    m->cpu.gr[1] = 0x11111111;
    cr_assert_eq(t_exec(m, "50104000"), 0, "protection off: the store is cached");
    t_put32(m, T_DATA, m->cpu.cr[0] | CR0_LOW_PROTECT);
    m->cpu.gr[2] = T_DATA;
    cr_assert_eq(t_exec(m, "B7002000"), 0);   /* LCTL 0,0,0(2) */
    m->cpu.gr[1] = 0x22222222;
    cr_assert_eq(t_exec(m, "50104000"), PGM_PROTECTION);
    cr_assert_eq(be32(m->mem + 0x100), 0x11111111);
    t_psw(m, SUPER, T_CODE);
    t_put32(m, T_DATA, m->cpu.cr[0] & ~CR0_LOW_PROTECT);
    cr_assert_eq(t_exec(m, "B7002000"), 0);
    cr_assert_eq(t_exec(m, "50104000"), 0);
    cr_assert_eq(be32(m->mem + 0x100), 0x22222222);
    t_free(m);
}
