/* test_dat.c: ESA/390 dynamic address translation and its instructions:
 * LRA, PTLB, IPTE, TPROT; segment- and page-translation exceptions
 * (nullifying, TEA at 0x90), length violations, page protection,
 * translation-specification, tables outside storage, and what the TLB
 * must forget (IPTE, PTLB, LCTL of CR1, leaving DAT mode).
 *
 * The tables every test starts from (dat_setup):
 *   segment table at 0x10000, 16 entries (STL 0: virtual addresses < 16M)
 *   segment 0 (0-1M): page table at 0x11000, identity, so code and low
 *                     core are where they are without DAT
 *   segment 1 (1M-2M): page table at 0x11400, every page invalid until
 *                     a test maps it
 *   segments 2-15: invalid */
#include <criterion/criterion.h>

#include "harness.h"

#define STO 0x10000u
#define PT0 0x11000u
#define PT1 0x11400u
#define SEG1 0x100000u
#define DAT_SUPER 0x04080000u   /* PSW word 0: DAT on, supervisor, key 0 */
#define DAT_PROBLEM 0x04090000u

static void put_w(struct machine *m, u32 addr, u32 v) { put32(m->mem + addr, v); }
static u32 get_w(struct machine *m, u32 addr) { return be32(m->mem + addr); }

static void dat_setup(struct machine *m)
{
    for (u32 s = 0; s < 16; s++)
        put_w(m, STO + 4 * s, STE_INVALID);
    put_w(m, STO + 0, PT0 | 15);
    put_w(m, STO + 4, PT1 | 15);
    for (u32 p = 0; p < 256; p++) {
        put_w(m, PT0 + 4 * p, p << PAGE_SHIFT);
        put_w(m, PT1 + 4 * p, PTE_INVALID);
    }
    m->cpu.cr[0] = (m->cpu.cr[0] & ~CR0_TRANS_FORMAT) | CR0_TRANS_FORMAT_VALUE;
    m->cpu.cr[1] = STO;
    tlb_purge(m);
}

/* The page-table entry for a virtual address in segment 1. */
static u32 pte1(u32 va) { return PT1 + 4 * ((va >> PAGE_SHIFT) & 0xFF); }
static void map1(struct machine *m, u32 va, u32 pte) { put_w(m, pte1(va), pte); }

static struct machine *dat_machine(void)
{
    struct machine *m = t_new();
    dat_setup(m);
    map1(m, SEG1, 0x30000);   /* 1M -> 0x30000 */
    put_w(m, 0x30000, 0xAAAA0000);
    put_w(m, 0x30004, 0xAAAA0004);
    put_w(m, 0x40000, 0xBBBB0000);
    t_psw(m, DAT_SUPER, T_CODE);
    return m;
}

static void cr_assert_translation_exception(struct machine *m, int code, int got, u32 ia, u32 tea)
{
    cr_assert_eq(got, code, "code %x, expected %x", got, code);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), ia, "nullified: the old PSW points at the instruction");
    cr_assert_eq(get_w(m, LC_TEA), tea, "TEA %08x", get_w(m, LC_TEA));
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

/* ---- translation ----------------------------------------------------------------------- */

Test(dat, translation_maps_fetches_and_stores)
{
    struct machine *m = dat_machine();
    map1(m, SEG1 + 0x1000, 0x30000);   /* a second virtual page for the same frame */
    m->keys[0x30] = 0;
    m->cpu.gr[2] = SEG1 + 4;
    cr_assert_eq(t_exec(m, "58102000"), 0);   /* L 1,0(2) */
    cr_assert_eq(m->cpu.gr[1], 0xAAAA0004);
    cr_assert_eq(m->keys[0x30], SKEY_R, "the real frame is referenced");
    m->cpu.gr[3] = 0x12345678;
    m->cpu.gr[5] = SEG1 + 0x1008;
    cr_assert_eq(t_exec(m, "50305000"), 0);   /* ST 3,0(5) */
    cr_assert_eq(get_w(m, 0x30008), 0x12345678);
    cr_assert_eq(m->keys[0x30], SKEY_R | SKEY_C);
    t_free(m);
}

Test(dat, dat_turned_on_by_STOSM_applies_to_next_instruction)
{
    struct machine *m = dat_machine();
    t_psw(m, 0x00080000, T_CODE);
    m->cpu.gr[1] = T_DATA;
    m->cpu.gr[2] = SEG1;
    t_put(m, T_CODE, "AD041000 58302000 0000");   /* STOSM 0(1),X'04' ; L 3,0(2) */
    t_run(m, 100000);
    cr_assert(t_took(m, LC_PGM_NEW_PSW));
    cr_assert_eq(be16(m->mem + LC_PGM_CODE), PGM_OPERATION);
    cr_assert_eq(m->cpu.gr[3], 0xAAAA0000);
    cr_assert_eq(be32(m->mem + LC_PGM_OLD_PSW), 0x04080000);
    t_free(m);
}

Test(dat, segment_invalid_is_segment_translation)
{
    struct machine *m = dat_machine();
    m->cpu.gr[1] = 0x5555;
    m->cpu.gr[2] = 0x200ABC;
    cr_assert_translation_exception(m, PGM_SEGMENT_TRANSLATION, t_exec(m, "58102000"), T_CODE, 0x00200000);
    cr_assert_eq(t_ilc(m), 4);
    cr_assert_eq(m->cpu.gr[1], 0x5555);
    t_free(m);
}

Test(dat, page_invalid_is_page_translation)
{
    struct machine *m = dat_machine();
    m->cpu.gr[1] = 0x5555;
    m->cpu.gr[2] = SEG1 + 0x1234;
    cr_assert_translation_exception(m, PGM_PAGE_TRANSLATION, t_exec(m, "58102000"), T_CODE, SEG1 + 0x1000);
    cr_assert_eq(t_ilc(m), 4);
    cr_assert_eq(m->cpu.gr[1], 0x5555);
    t_free(m);
}

Test(dat, store_to_invalid_page_stores_nothing)
{
    struct machine *m = dat_machine();
    m->cpu.gr[1] = 0xFFFFFFFF;
    m->cpu.gr[2] = SEG1 + 0xFFE;   /* crosses into the invalid page 1M+4K */
    cr_assert_translation_exception(m, PGM_PAGE_TRANSLATION, t_exec(m, "50102000"), T_CODE, SEG1 + 0x1000);
    cr_assert_eq(m->mem[0x30FFE], 0);
    cr_assert_eq(m->mem[0x30FFF], 0);
    t_free(m);
}

Test(dat, segment_table_length_violation)
{
    struct machine *m = dat_machine();
    m->cpu.gr[2] = 0x01000000;   /* segment 16: beyond STL 0 */
    cr_assert_translation_exception(m, PGM_SEGMENT_TRANSLATION, t_exec(m, "58102000"), T_CODE, 0x01000000);
    t_free(m);
}

Test(dat, page_table_length_violation)
{
    struct machine *m = dat_machine();
    put_w(m, STO + 4, PT1 | 0);   /* PTL 0: pages 0-15 of segment 1 */
    map1(m, SEG1 + 0xF000, 0x40000);
    tlb_purge(m);
    m->cpu.gr[2] = SEG1 + 0xF000;
    cr_assert_eq(t_exec(m, "58102000"), 0, "page 15 is inside the table");
    cr_assert_eq(m->cpu.gr[1], 0xBBBB0000);
    t_psw(m, DAT_SUPER, T_CODE);
    m->cpu.gr[2] = SEG1 + 0x10000;
    cr_assert_translation_exception(m, PGM_PAGE_TRANSLATION, t_exec(m, "58102000"), T_CODE, SEG1 + 0x10000);
    t_free(m);
}

Test(dat, page_protection_refuses_stores)
{
    struct machine *m = dat_machine();
    map1(m, SEG1, 0x30000 | PTE_PROTECT);
    m->cpu.gr[1] = 0x77777777;
    m->cpu.gr[2] = SEG1;
    cr_assert_eq(t_exec(m, "50102000"), PGM_PROTECTION);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 4);
    cr_assert_eq(get_w(m, 0x30000), 0xAAAA0000);
    t_psw(m, DAT_SUPER, T_CODE);
    cr_assert_eq(t_exec(m, "58302000"), 0, "fetches are allowed");
    cr_assert_eq(m->cpu.gr[3], 0xAAAA0000);
    t_free(m);
}

Test(dat, page_protection_allows_instruction_fetch)
{
    struct machine *m = dat_machine();
    map1(m, SEG1 + 0x2000, 0x50000 | PTE_PROTECT);
    t_put(m, 0x50000, "41100007 0000");   /* LA 1,7 ; invalid */
    t_psw(m, DAT_SUPER, SEG1 + 0x2000);
    t_run(m, 10);
    cr_assert_eq(m->cpu.gr[1], 7);
    cr_assert_eq(be16(m->mem + LC_PGM_CODE), PGM_OPERATION);
    t_free(m);
}

Test(dat, key_protection_uses_the_real_frame)
{
    struct machine *m = dat_machine();
    m->keys[0x30] = 0x58;
    tlb_purge(m);
    t_psw(m, DAT_SUPER | 0x00300000, T_CODE);   /* key 3 */
    m->cpu.gr[2] = SEG1;
    cr_assert_eq(t_exec(m, "58102000"), PGM_PROTECTION);
    t_free(m);
}

Test(dat, reserved_bits_are_translation_specification)
{
    static const struct { u32 ste, pte; } cases[] = {
        {PT1 | 15 | STE_MUST_BE_ZERO, 0x30000},
        {PT1 | 15, 0x30000 | 0x80000000},
        {PT1 | 15, 0x30000 | 0x800},
        {PT1 | 15, 0x30000 | 0x100},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct machine *m = dat_machine();
        put_w(m, STO + 4, cases[i].ste);
        map1(m, SEG1, cases[i].pte);
        m->cpu.gr[1] = 0x5555;
        m->cpu.gr[2] = SEG1;
        cr_assert_eq(t_exec(m, "58102000"), PGM_TRANSLATION_SPECIFICATION, "case %zu", i);
        cr_assert_eq(t_ilc(m), 4);
        cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 4, "suppressed, not nullified");
        cr_assert_eq(m->cpu.gr[1], 0x5555);
        t_free(m);
    }
}

Test(dat, common_segment_in_private_space_is_translation_specification)
{
    struct machine *m = dat_machine();
    put_w(m, STO + 4, PT1 | 15 | STE_COMMON);
    m->cpu.gr[2] = SEG1;
    cr_assert_eq(t_exec(m, "58102000"), 0, "common segment, ordinary space");
    m->cpu.cr[1] = STO | CR1_PRIVATE;
    tlb_purge(m);
    cr_assert_eq(t_exec(m, "58102000"), PGM_TRANSLATION_SPECIFICATION);
    t_free(m);
}

Test(dat, invalid_cr0_format_fails_instruction_fetch)
{
    struct machine *m = dat_machine();
    m->cpu.cr[0] &= ~CR0_TRANS_FORMAT;
    tlb_purge(m);
    t_put(m, T_CODE, "0700");
    cr_assert_eq(run_at(m, T_CODE), PGM_TRANSLATION_SPECIFICATION);
    cr_assert_eq(t_ilc(m), 2);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 2);
    t_free(m);
}

Test(dat, page_table_outside_storage_is_addressing)
{
    struct machine *m = dat_machine();
    put_w(m, STO + 4, 0x00200000 | 15);
    m->cpu.gr[2] = SEG1;
    cr_assert_eq(t_exec(m, "58102000"), PGM_ADDRESSING);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 4);
    t_free(m);
}

Test(dat, segment_table_outside_storage_is_addressing_on_fetch)
{
    struct machine *m = dat_machine();
    m->cpu.cr[1] = 0x00200000;
    tlb_purge(m);
    t_put(m, T_CODE, "0700");
    cr_assert_eq(run_at(m, T_CODE), PGM_ADDRESSING);
    cr_assert_eq(t_ilc(m), 2);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 2);
    t_free(m);
}

Test(dat, frame_outside_storage_is_addressing)
{
    struct machine *m = dat_machine();
    map1(m, SEG1, 0x00200000);
    m->cpu.gr[2] = SEG1;
    cr_assert_eq(t_exec(m, "58102000"), PGM_ADDRESSING);
    t_free(m);
}

Test(dat, instruction_fetch_page_fault_nullifies)
{
    struct machine *m = dat_machine();
    cr_assert_translation_exception(m, PGM_PAGE_TRANSLATION, run_at(m, SEG1 + 0x1000), SEG1 + 0x1000,
                                    SEG1 + 0x1000);
    cr_assert_eq(t_ilc(m), 2);
    t_free(m);
}

Test(dat, instruction_fetch_segment_fault_nullifies)
{
    struct machine *m = dat_machine();
    cr_assert_translation_exception(m, PGM_SEGMENT_TRANSLATION, run_at(m, 0x00300010), 0x00300010,
                                    0x00300000);
    t_free(m);
}

Test(dat, instruction_straddling_into_invalid_page)
{
    struct machine *m = dat_machine();
    t_put(m, 0x30FFE, "58102000");   /* L 1,0(2) at virtual 1M+4K-2 */
    m->cpu.gr[2] = SEG1;
    m->cpu.gr[1] = 0x5555;
    cr_assert_translation_exception(m, PGM_PAGE_TRANSLATION, run_at(m, SEG1 + 0xFFE), SEG1 + 0xFFE,
                                    SEG1 + 0x1000);
    cr_assert_eq(m->cpu.gr[1], 0x5555);
    /* map the second page elsewhere: the tail comes from there */
    map1(m, SEG1 + 0x1000, 0x40000);
    t_put(m, 0x40000, "2000");
    t_put(m, 0x31000, "FFFF");   /* not the tail */
    t_psw(m, DAT_SUPER, T_CODE);
    cr_assert_eq(t_exec_at(m, SEG1 + 0xFFE), 0);
    cr_assert_eq(m->cpu.gr[1], 0xAAAA0000);
    cr_assert_eq(m->cpu.ia, SEG1 + 0x1002);
    t_free(m);
}

Test(dat, code_runs_from_translated_page)
{
    struct machine *m = dat_machine();
    map1(m, SEG1 + 0x2000, 0x50000);
    t_put(m, 0x50000, "41100007 0000");   /* LA 1,7 ; invalid */
    t_psw(m, DAT_SUPER, SEG1 + 0x2000);
    t_run(m, 10);
    cr_assert(t_took(m, LC_PGM_NEW_PSW));
    cr_assert_eq(m->cpu.gr[1], 7);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), SEG1 + 0x2006, "virtual addresses in the old PSW");
    t_free(m);
}

Test(dat, leaving_dat_mode_forgets_translations)
{
    struct machine *m = dat_machine();
    m->cpu.gr[2] = SEG1;
    cr_assert_eq(t_exec(m, "58102000"), 0);
    cr_assert_eq(m->cpu.gr[1], 0xAAAA0000);
    t_psw(m, 0x00080000, T_CODE);
    cr_assert_eq(t_exec(m, "58102000"), PGM_ADDRESSING, "real 1M is beyond storage");
    t_free(m);
}

Test(dat, low_address_protection_is_on_logical_addresses_except_private_space)
{
    struct machine *m = dat_machine();
    map1(m, SEG1, 0x00000000);   /* virtual 1M -> real 0 */
    m->cpu.cr[0] |= CR0_LOW_PROTECT;
    tlb_purge(m);
    m->cpu.gr[1] = 0x12345678;
    m->cpu.gr[2] = SEG1 + 0x100;
    cr_assert_eq(t_exec(m, "50102000"), 0, "virtual 1M+256 is not a low address");
    cr_assert_eq(get_w(m, 0x100), 0x12345678);
    m->cpu.gr[2] = 0x100;
    cr_assert_eq(t_exec(m, "50102000"), PGM_PROTECTION);
    m->cpu.cr[1] = STO | CR1_PRIVATE;
    tlb_purge(m);
    t_psw(m, DAT_SUPER, T_CODE);
    m->cpu.gr[1] = 0x9999;
    cr_assert_eq(t_exec(m, "50102000"), 0, "private space: no low-address protection");
    cr_assert_eq(get_w(m, 0x100), 0x9999);
    t_free(m);
}

/* ---- LRA -------------------------------------------------------------------------------- */

Test(dat, LRA_translates_with_dat_on_or_off)
{
    struct machine *m = dat_machine();
    m->cpu.gr[2] = SEG1 + 0x123;
    m->cpu.cc = 3;
    cr_assert_eq(t_exec(m, "B1102000"), 0);
    cr_assert_eq(m->cpu.gr[1], 0x30123);
    cr_assert_eq(m->cpu.cc, 0);
    t_psw(m, 0x00080000, T_CODE);
    m->cpu.gr[1] = 0;
    m->cpu.gr[2] = 0x80000000 | (SEG1 + 0x456);   /* bit 0 is not part of the address */
    cr_assert_eq(t_exec(m, "B1102000"), 0);
    cr_assert_eq(m->cpu.gr[1], 0x30456);
    cr_assert_eq(m->cpu.cc, 0);
    m->cpu.gr[2] = SEG1;
    m->cpu.gr[3] = 0x789;
    cr_assert_eq(t_exec(m, "B1123000"), 0);   /* LRA 1,0(2,3) */
    cr_assert_eq(m->cpu.gr[1], 0x30789);
    t_free(m);
}

Test(dat, LRA_segment_invalid_cc1_entry_address)
{
    struct machine *m = dat_machine();
    m->cpu.gr[2] = 0x00200000;
    cr_assert_eq(t_exec(m, "B1102000"), 0);
    cr_assert_eq(m->cpu.cc, 1);
    cr_assert_eq(m->cpu.gr[1], STO + 8);
    t_free(m);
}

Test(dat, LRA_page_invalid_cc2_entry_address)
{
    struct machine *m = dat_machine();
    m->cpu.gr[2] = SEG1 + 0x3000;
    cr_assert_eq(t_exec(m, "B1102000"), 0);
    cr_assert_eq(m->cpu.cc, 2);
    cr_assert_eq(m->cpu.gr[1], PT1 + 12);
    t_free(m);
}

Test(dat, LRA_segment_table_length_cc3)
{
    struct machine *m = dat_machine();
    m->cpu.gr[2] = 0x01100000;   /* segment 17 */
    cr_assert_eq(t_exec(m, "B1102000"), 0);
    cr_assert_eq(m->cpu.cc, 3);
    cr_assert_eq(m->cpu.gr[1], STO + 17 * 4);
    t_free(m);
}

Test(dat, LRA_page_table_length_cc3)
{
    struct machine *m = dat_machine();
    put_w(m, STO + 4, PT1 | 0);
    m->cpu.gr[2] = SEG1 + 0x11000;   /* page 17 */
    cr_assert_eq(t_exec(m, "B1102000"), 0);
    cr_assert_eq(m->cpu.cc, 3);
    cr_assert_eq(m->cpu.gr[1], PT1 + 17 * 4);
    t_free(m);
}

Test(dat, LRA_translation_specification)
{
    struct machine *m = dat_machine();
    put_w(m, STO + 4, PT1 | 15 | STE_MUST_BE_ZERO);
    m->cpu.gr[1] = 0x5555;
    m->cpu.gr[2] = SEG1;
    cr_assert_eq(t_exec(m, "B1102000"), PGM_TRANSLATION_SPECIFICATION);
    cr_assert_eq(m->cpu.gr[1], 0x5555);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE + 4);
    t_free(m);
}

Test(dat, LRA_invalid_cr0_format_with_dat_off)
{
    struct machine *m = dat_machine();
    m->cpu.cr[0] &= ~CR0_TRANS_FORMAT;
    t_psw(m, 0x00080000, T_CODE);
    m->cpu.gr[2] = SEG1;
    cr_assert_eq(t_exec(m, "B1102000"), PGM_TRANSLATION_SPECIFICATION);
    t_free(m);
}

Test(dat, LRA_table_outside_storage_is_addressing)
{
    struct machine *m = dat_machine();
    put_w(m, STO + 4, 0x00400000 | 15);
    m->cpu.gr[2] = SEG1;
    cr_assert_eq(t_exec(m, "B1102000"), PGM_ADDRESSING);
    t_psw(m, 0x00080000, T_CODE);
    m->cpu.cr[1] = 0x7FFFF000;
    cr_assert_eq(t_exec(m, "B1102000"), PGM_ADDRESSING);
    t_free(m);
}

Test(dat, LRA_privileged)
{
    struct machine *m = dat_machine();
    m->cpu.gr[2] = SEG1;
    t_psw(m, DAT_PROBLEM, T_CODE);
    cr_assert_eq(t_exec(m, "B1102000"), PGM_PRIVILEGED_OPERATION);
    t_free(m);
}

/* ---- IPTE, PTLB --------------------------------------------------------------------------- */

Test(dat, IPTE_invalidates_entry_and_purges_tlb)
{
    struct machine *m = dat_machine();
    m->cpu.gr[2] = SEG1;
    cr_assert_eq(t_exec(m, "58302000"), 0);   /* L 3,0(2): the translation is cached */
    m->cpu.gr[4] = PT1 | 0x3F;        /* bits 26-31 are not part of the origin */
    m->cpu.gr[5] = 0xFFF00FFF & ~0x000FF000u;   /* page index 0 in bits 12-19 */
    cr_assert_eq(t_exec(m, "B2210045"), 0);   /* IPTE 4,5 */
    cr_assert_eq(get_w(m, pte1(SEG1)), 0x30000 | PTE_INVALID, "only the invalid bit changes");
    cr_assert_translation_exception(m, PGM_PAGE_TRANSLATION, t_exec(m, "58302000"), T_CODE, SEG1);
    t_free(m);
}

Test(dat, IPTE_selects_page_by_bits_12_19)
{
    struct machine *m = dat_machine();
    map1(m, SEG1 + 0x5000, 0x40000);
    m->cpu.gr[4] = PT1;
    m->cpu.gr[5] = 0xABC05DEF;
    cr_assert_eq(t_exec(m, "B2210045"), 0);
    cr_assert_eq(get_w(m, pte1(SEG1 + 0x5000)), 0x40000 | PTE_INVALID);
    cr_assert_eq(get_w(m, pte1(SEG1)), 0x30000, "other entries untouched");
    cr_assert_eq(m->cpu.ia, T_CODE + 4, "continues with the next instruction");
    t_free(m);
}

Test(dat, IPTE_entry_outside_storage_is_addressing)
{
    struct machine *m = dat_machine();
    m->cpu.gr[4] = 0x000FFFC0;
    m->cpu.gr[5] = 0x000FF000;   /* entry at 0xFFFC0 + 0x3FC: beyond 1M */
    cr_assert_eq(t_exec(m, "B2210045"), PGM_ADDRESSING);
    t_free(m);
}

Test(dat, IPTE_invalid_cr0_format_is_translation_specification)
{
    struct machine *m = dat_machine();
    m->cpu.cr[0] &= ~CR0_TRANS_FORMAT;
    t_psw(m, 0x00080000, T_CODE);
    m->cpu.gr[4] = PT1;
    m->cpu.gr[5] = SEG1;
    cr_assert_eq(t_exec(m, "B2210045"), PGM_TRANSLATION_SPECIFICATION);
    cr_assert_eq(get_w(m, pte1(SEG1)), 0x30000, "entry unchanged");
    t_free(m);
}

Test(dat, IPTE_privileged)
{
    struct machine *m = dat_machine();
    m->cpu.gr[4] = PT1;
    m->cpu.gr[5] = SEG1;
    t_psw(m, DAT_PROBLEM, T_CODE);
    cr_assert_eq(t_exec(m, "B2210045"), PGM_PRIVILEGED_OPERATION);
    cr_assert_eq(get_w(m, pte1(SEG1)), 0x30000);
    t_free(m);
}

Test(dat, PTLB_makes_changed_entry_effective)
{
    struct machine *m = dat_machine();
    m->cpu.gr[2] = SEG1;
    cr_assert_eq(t_exec(m, "58302000"), 0);
    cr_assert_eq(m->cpu.gr[3], 0xAAAA0000);
    map1(m, SEG1, 0x40000);   /* without PTLB the old translation may be used: not asserted */
    cr_assert_eq(t_exec(m, "B20D0000"), 0);
    cr_assert_eq(t_exec(m, "58302000"), 0);
    cr_assert_eq(m->cpu.gr[3], 0xBBBB0000);
    cr_assert_eq(m->cpu.ia, T_CODE + 4);
    t_free(m);
}

Test(dat, PTLB_then_invalid_entry_faults)
{
    struct machine *m = dat_machine();
    m->cpu.gr[2] = SEG1;
    cr_assert_eq(t_exec(m, "58302000"), 0);
    map1(m, SEG1, PTE_INVALID);
    cr_assert_eq(t_exec(m, "B20D0000"), 0);
    cr_assert_eq(t_exec(m, "58302000"), PGM_PAGE_TRANSLATION);
    t_free(m);
}

Test(dat, PTLB_privileged)
{
    struct machine *m = dat_machine();
    t_psw(m, DAT_PROBLEM, T_CODE);
    cr_assert_eq(t_exec(m, "B20D0000"), PGM_PRIVILEGED_OPERATION);
    t_free(m);
}

Test(dat, LCTL_of_cr1_switches_address_space)
{
    struct machine *m = dat_machine();
    m->cpu.gr[2] = SEG1;
    cr_assert_eq(t_exec(m, "58302000"), 0);
    cr_assert_eq(m->cpu.gr[3], 0xAAAA0000);
    /* a second segment table at 0x12000: segment 0 as before, segment 1 -> 0x40000 */
    for (u32 s = 0; s < 16; s++)
        put_w(m, 0x12000 + 4 * s, STE_INVALID);
    put_w(m, 0x12000, PT0 | 15);
    put_w(m, 0x12004, 0x13000 | 0);
    put_w(m, 0x13000, 0x40000);
    put_w(m, T_DATA, 0x12000);
    m->cpu.gr[4] = T_DATA;
    cr_assert_eq(t_exec(m, "B7114000"), 0);   /* LCTL 1,1,0(4) */
    cr_assert_eq(t_exec(m, "58302000"), 0);
    cr_assert_eq(m->cpu.gr[3], 0xBBBB0000);
    t_free(m);
}

/* ---- TPROT ------------------------------------------------------------------------------- */

Test(dat, TPROT_key_controlled_condition_codes)
{
    static const struct { u8 storage_key; const char *insn; u8 cc; } cases[] = {
        {0x30, "E50110000030", 0},   /* key 3 matches */
        {0x30, "E50110000040", 1},   /* key 4: fetch only */
        {0x38, "E50110000040", 2},   /* fetch-protected: neither */
        {0x38, "E50110000030", 0},
        {0x38, "E50110000000", 0},   /* key 0 */
        {0x38, "E50110000F0F", 0},   /* only bits 24-27 of the address: key 0 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct machine *m = t_new();
        m->keys[0x10] = cases[i].storage_key;
        m->cpu.gr[1] = 0x10000;
        m->cpu.cc = cases[i].cc ^ 3;
        cr_assert_eq(t_exec(m, cases[i].insn), 0);
        cr_assert_eq(m->cpu.cc, cases[i].cc, "case %zu", i);
        cr_assert_eq(m->keys[0x10], cases[i].storage_key, "no reference");
        t_free(m);
    }
}

Test(dat, TPROT_low_address_protection_cc1)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0x100;
    cr_assert_eq(t_exec(m, "E50110000000"), 0);
    cr_assert_eq(m->cpu.cc, 0);
    m->cpu.cr[0] |= CR0_LOW_PROTECT;
    cr_assert_eq(t_exec(m, "E50110000000"), 0);
    cr_assert_eq(m->cpu.cc, 1);
    m->cpu.gr[1] = 0x200;
    cr_assert_eq(t_exec(m, "E50110000000"), 0);
    cr_assert_eq(m->cpu.cc, 0);
    t_free(m);
}

Test(dat, TPROT_addressing)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = T_STORAGE;
    cr_assert_eq(t_exec(m, "E50110000000"), PGM_ADDRESSING);
    cr_assert_eq(t_ilc(m), 6);
    t_free(m);
}

Test(dat, TPROT_translation_not_available_cc3)
{
    struct machine *m = dat_machine();
    static const u32 va[] = {SEG1 + 0x1000, 0x00200000, 0x01000000};
    for (size_t i = 0; i < 3; i++) {
        m->cpu.gr[1] = va[i];
        m->cpu.cc = 0;
        cr_assert_eq(t_exec(m, "E50110000000"), 0, "va %x", va[i]);
        cr_assert_eq(m->cpu.cc, 3, "va %x", va[i]);
    }
    t_free(m);
}

Test(dat, TPROT_with_dat_page_protection_and_frame_key)
{
    struct machine *m = dat_machine();
    m->cpu.gr[1] = SEG1;
    cr_assert_eq(t_exec(m, "E50110000000"), 0);
    cr_assert_eq(m->cpu.cc, 0);
    map1(m, SEG1, 0x30000 | PTE_PROTECT);
    tlb_purge(m);
    cr_assert_eq(t_exec(m, "E50110000000"), 0);
    cr_assert_eq(m->cpu.cc, 1);
    map1(m, SEG1, 0x30000);
    m->keys[0x30] = 0x58;
    cr_assert_eq(t_exec(m, "E50110000040"), 0);
    cr_assert_eq(m->cpu.cc, 2, "the key of the real frame counts");
    t_free(m);
}

Test(dat, TPROT_translation_specification_and_addressing)
{
    struct machine *m = dat_machine();
    put_w(m, STO + 4, PT1 | 15 | STE_MUST_BE_ZERO);
    m->cpu.gr[1] = SEG1;
    cr_assert_eq(t_exec(m, "E50110000000"), PGM_TRANSLATION_SPECIFICATION);
    put_w(m, STO + 4, 0x00400000 | 15);
    t_psw(m, DAT_SUPER, T_CODE);
    cr_assert_eq(t_exec(m, "E50110000000"), PGM_ADDRESSING);
    put_w(m, STO + 4, PT1 | 15);
    map1(m, SEG1, 0x00200000);
    t_psw(m, DAT_SUPER, T_CODE);
    cr_assert_eq(t_exec(m, "E50110000000"), PGM_ADDRESSING, "translated address beyond storage");
    t_free(m);
}

Test(dat, TPROT_privileged)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = 0x10000;
    t_psw(m, 0x00090000, T_CODE);
    cr_assert_eq(t_exec(m, "E50110000000"), PGM_PRIVILEGED_OPERATION);
    t_free(m);
}
