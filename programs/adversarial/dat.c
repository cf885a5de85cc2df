/* dat: an adversary that turns on DAT with bogus tables.
 *
 * Attack: CP runs a guest that has DAT on with shadow tables it builds
 * from the guest's own (cp/shadow.c), so the guest's tables are input to
 * CP. It gives CP a wrong translation format, a segment table beyond its
 * storage, invalid and too-short segment and page tables, page tables and
 * page frames beyond its storage (where another user's frames might be),
 * reserved bits, a common segment in a private space, tables that point
 * into themselves, LRA and IPTE on all of these, and finally so many
 * segments that CP's pool of shadow page tables runs out and starts over.
 *
 * Containment: the exceptions the machine's own DAT gives (translation
 * specification, addressing, segment and page translation with the
 * address in the TEA, protection for a protected page), LRA's condition
 * codes, every valid mapping still right (even when the shadows start
 * over), and nothing but its own frames ever mapped.
 */
#include "adv.h"

#define ST 0x90000u    /* segment table: up to 2048 entries (8K) */
#define PT0 0x92000u   /* page table for segment 0: identity */
#define PT5 0x92400u   /* page table for segment 5 */
#define DATA 0x50000u  /* what segment 5's first page maps, normally */
#define SEG5 0x500000u

static u32 *const st = (u32 *)ST, *const pt0 = (u32 *)PT0, *const pt5 = (u32 *)PT5;
static u8 mask_save;
static u32 seen;

static void dat_on(void) { __asm__ volatile("stosm %0,0x04" : "=Q"(mask_save) : : "memory"); }
static void dat_off(void) { __asm__ volatile("stnsm %0,0xFB" : "=Q"(mask_save) : : "memory"); }

/* DAT on, load the word at va, DAT off */
static void load_dat(u32 va)
{
    dat_on();
    seen = *(volatile u32 *)va;
    dat_off();
}

static void store_dat(u32 va)
{
    dat_on();
    *(volatile u32 *)va = 0x5EEDu;
    dat_off();
}

/* With DAT on all the while, read DATA through 200 segments (up, then
 * down): CP's pool of shadow page tables runs out on the way */
static u32 wrong;

static void sweep(u32 down)
{
    dat_on();
    for (u32 s = 0; s < 200; s++) {
        u32 va = (down ? 199 - s : s) << 20 | DATA;
        if (*(volatile u32 *)va != 0xDA7ADA7Au)
            wrong = va;
    }
    dat_off();
}

/* The tables as they should be: segments 0 and 5, 16 segments in all. */
static void good_tables(void)
{
    for (u32 i = 0; i < 2048; i++)
        st[i] = STE_INVALID;
    st[0] = PT0 | 0xF;
    for (u32 p = 0; p < 256; p++)
        pt0[p] = p << 12;
    st[5] = PT5 | 0xF;
    for (u32 p = 0; p < 256; p++)
        pt5[p] = DATA + (p & 0xF) * 4096;
    lctl(0, CR0_TRANS_FORMAT_VALUE);
    lctl(1, ST | CR1_PRIVATE);
}

static void ptlb(void) { __asm__ volatile("ptlb" : : : "memory"); }

static int lra(u32 va, u32 *r)
{
    int cc;
    u32 v = 0;
    __asm__ volatile("lra %1,0(%2)\n\tipm %0\n\tsrl %0,28" : "=d"(cc), "+d"(v) : "a"(va) : "cc", "memory");
    *r = v;
    return cc;
}

static void lra_at(u32 va)
{
    u32 r;
    (void)lra(va, &r);
}

static void ipte_at(u32 pto) { __asm__ volatile("ipte %0,%1" : : "a"(pto), "d"(SEG5) : "memory"); }

/* Break one thing, try va, put the tables right: the exception's code */
static int with(volatile u32 *entry, u32 bad, void (*fn)(u32), u32 va)
{
    u32 saved = *entry;
    *entry = bad;
    ptlb();
    int code = adv_probe(fn, va);
    *entry = saved;
    ptlb();
    return code;
}

static u32 tea(void) { return LOWCORE(u32, LC_TEA) & 0x7FFFF000u; }

int main(void)
{
    adv_begin("DAT");
    adv_catch_program_checks();
    u32 size = diag60();
    *(u32 *)DATA = 0xDA7ADA7Au;
    good_tables();

    check_x(adv_probe(load_dat, 0x1000) == 0, "GOOD TABLES: DAT ON, A LOAD, DAT OFF", 0);
    check_x(adv_probe(load_dat, SEG5) == 0 && seen == 0xDA7ADA7Au, "SEGMENT 5 MAPS ITS OWN FRAME", seen);

    /* the whole translation is bad: the next instruction fetch fails */
    lctl(0, 0);
    check_x(adv_probe(load_dat, 0x1000) == PGM_TRANSLATION_SPECIFICATION,
            "CR0 WITHOUT THE TRANSLATION FORMAT: TRANSLATION SPECIFICATION", 0);
    lctl(0, CR0_TRANS_FORMAT_VALUE);
    static const u32 stos[] = {0x00100000u, 0x00F00000u, 0x7FFFF000u};
    for (u32 i = 0; i < 3; i++) {
        char what[80];
        lctl(1, stos[i] | CR1_PRIVATE);
        int code = adv_probe(load_dat, 0x1000);
        snprintf(what, sizeof what, "SEGMENT TABLE AT %08X, BEYOND ITS STORAGE: ADDRESSING", stos[i]);
        check_x(code == PGM_ADDRESSING, what, (u32)code);
    }
    lctl(1, ST | CR1_PRIVATE);

    int code = with(&st[5], STE_INVALID, load_dat, SEG5 + 0x3000);
    check_x(code == PGM_SEGMENT_TRANSLATION && tea() == SEG5 + 0x3000, "AN INVALID SEGMENT: SEGMENT TRANSLATION, TEA",
            tea());
    code = adv_probe(load_dat, 0x01000000u);
    check_x(code == PGM_SEGMENT_TRANSLATION && tea() == 0x01000000u,
            "PAST THE SEGMENT TABLE'S LENGTH: SEGMENT TRANSLATION", (u32)code);
    code = with(&pt5[2], PTE_INVALID, load_dat, SEG5 + 0x2000);
    check_x(code == PGM_PAGE_TRANSLATION && tea() == SEG5 + 0x2000, "AN INVALID PAGE: PAGE TRANSLATION, TEA", tea());
    code = with(&st[5], PT5 | 0, load_dat, SEG5 + 0x20000);
    check_x(code == PGM_PAGE_TRANSLATION, "PAST THE PAGE TABLE'S LENGTH: PAGE TRANSLATION", (u32)code);
    static const u32 frames[] = {0x00100000u, 0x00101000u, 0x00800000u, 0x7FFFF000u};
    for (u32 i = 0; i < 4; i++) {
        char what[80];
        snprintf(what, sizeof what, "A PAGE FRAME AT %08X, BEYOND ITS STORAGE: ADDRESSING", frames[i]);
        code = with(&pt5[1], frames[i], load_dat, SEG5 + 0x1000);
        check_x(code == PGM_ADDRESSING, what, (u32)code);
    }
    code = with(&st[5], (size + 0x10000) | 0xF, load_dat, SEG5);
    check_x(code == PGM_ADDRESSING, "A PAGE TABLE BEYOND ITS STORAGE: ADDRESSING", (u32)code);
    code = with(&st[5], 0x7FFFFFC0u | 0xF, load_dat, SEG5);
    check_x(code == PGM_ADDRESSING, "A PAGE TABLE AT 7FFFFFC0: ADDRESSING", (u32)code);
    code = with(&st[5], 0x80000000u | PT5 | 0xF, load_dat, SEG5);
    check_x(code == PGM_TRANSLATION_SPECIFICATION, "A SEGMENT-TABLE ENTRY WITH BIT 0 ON: TRANSLATION SPECIFICATION",
            (u32)code);
    code = with(&pt5[0], DATA | 0x800, load_dat, SEG5);
    check_x(code == PGM_TRANSLATION_SPECIFICATION, "A PAGE-TABLE ENTRY WITH A RESERVED BIT: TRANSLATION SPECIFICATION",
            (u32)code);
    code = with(&st[5], PT5 | STE_COMMON | 0xF, load_dat, SEG5);
    check_x(code == PGM_TRANSLATION_SPECIFICATION, "A COMMON SEGMENT IN A PRIVATE SPACE: TRANSLATION SPECIFICATION",
            (u32)code);
    code = with(&pt5[0], DATA | PTE_PROTECT, store_dat, SEG5);
    check_x(code == PGM_PROTECTION, "A STORE TO A PROTECTED PAGE: PROTECTION", (u32)code);
    code = with(&pt5[0], DATA | PTE_PROTECT, load_dat, SEG5);
    check_x(code == 0 && seen == 0xDA7ADA7Au, "  A LOAD FROM IT IS FINE", (u32)code);
    code = with(&st[5], ST | 0xF, load_dat, SEG5);   /* the segment table as a page table */
    check_x(code == 0 && seen == pt0[0], "THE SEGMENT TABLE AS SEGMENT 5'S PAGE TABLE MAPS ONLY ITS OWN FRAMES", seen);

    /* LRA and IPTE */
    u32 r;
    int cc = lra(SEG5 + 0x1000, &r);
    check_x(cc == 0 && r == DATA + 0x1000, "LRA OF A GOOD PAGE", r);
    st[5] |= STE_INVALID;
    cc = lra(SEG5, &r);
    st[5] &= ~STE_INVALID;
    check_x(cc == 1, "LRA OF AN INVALID SEGMENT: CC 1", (u32)cc);
    pt5[3] |= PTE_INVALID;
    cc = lra(SEG5 + 0x3000, &r);
    pt5[3] &= ~PTE_INVALID;
    check_x(cc == 2, "LRA OF AN INVALID PAGE: CC 2", (u32)cc);
    check_x(lra(0x01000000u, &r) == 3, "LRA PAST THE SEGMENT TABLE: CC 3", 0);
    code = with(&st[5], 0x00F00000u | 0xF, lra_at, SEG5);
    check_x(code == PGM_ADDRESSING, "LRA THROUGH A PAGE TABLE BEYOND ITS STORAGE: ADDRESSING", (u32)code);
    check_x(adv_probe(ipte_at, 0x00F00000u) == PGM_ADDRESSING, "IPTE OF A PAGE TABLE BEYOND ITS STORAGE: ADDRESSING",
            0);
    check_x(adv_probe(ipte_at, 0x7FFFFF00u) == PGM_ADDRESSING, "IPTE OF A PAGE TABLE AT 7FFFFF00: ADDRESSING", 0);

    /* 2048 segments, 200 of them mapping segment 0's page table: more than
     * CP's pool of shadow page tables */
    for (u32 s = 0; s < 200; s++)
        st[s] = PT0 | 0xF;
    lctl(1, ST | CR1_PRIVATE | 127);
    ptlb();
    check_x(adv_probe(sweep, 0) == 0 && adv_probe(sweep, 1) == 0 && !wrong,
            "200 SEGMENTS IN ONE GO, FAR MORE THAN CP'S SHADOW POOL: EVERY ONE READS RIGHT", wrong);
    code = adv_probe(store_dat, (123u << 20) | DATA);
    check_x(code == 0 && *(u32 *)DATA == 0x5EEDu, "  AND A STORE THROUGH ONE LANDS IN ITS OWN FRAME", *(u32 *)DATA);
    lctl(0, 0);
    lctl(1, 0);
    return adv_end();
}
