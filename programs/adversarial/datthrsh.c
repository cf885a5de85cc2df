/* datthrsh: an adversary that thrashes CP's shadow tables.
 *
 * Attack: in trap mode CP runs a guest with DAT on through shadow tables
 * built from the guest's own (cp/shadow.c), which CP must drop or rebuild
 * whenever the guest's translation changes. So it keeps 32 address
 * spaces, each mapping segment 1 onto its own choice of 48 data frames,
 * and for about a second of TOD time, with DAT on all the while: it
 * cycles through the spaces with LCTL of CR1; it remaps pages with IPTE
 * and a new page-table entry, space after space (half of them with the
 * IPTE given in another space); and it maps its page
 * tables themselves at segment 2, so that stores through DAT change
 * translations, followed by PTLB (or not yet: then the old or the new
 * translation, nothing else; half the PTLBs in another space). Every load checks the frame's own
 * signature, every store lands in the frame the tables map.
 *
 * Containment: the architected DAT: after LCTL of CR1 the new space's
 * translations; after IPTE the entry is invalid (page translation
 * exception) until the guest makes it valid again; after a store into a
 * page table, the old or the new translation until PTLB, then only the
 * new; never a frame the current tables do not map.
 */
#include "adv.h"

#define NSPACES 32
#define NFRAMES 48
#define ST(i) (0x80000u + (i) * 0x1000u)      /* 4K-aligned segment tables */
#define PT0 0xA0000u                          /* segment 0: identity */
#define PT1(i) (0xA0400u + (i) * 0x400u)      /* segment 1, one per space */
#define FRAME(j) (0xB0000u + (j) * 0x1000u)
#define SEG1 0x100000u
#define ALIAS 0x200000u                       /* segment 2: PT0's frames 0xA0000-0xA8FFF */
#define SIG(j) (0xDA7A0000u | (j))

static u8 map[NSPACES][16];   /* the frame each space maps at segment 1 page p */
static u32 wrong, wrong_va, wrong_got, rounds, stale;
static u8 mask_save;

static void dat_on(void) { __asm__ volatile("stosm %0,0x04" : "=Q"(mask_save) : : "memory"); }
static void dat_off(void) { __asm__ volatile("stnsm %0,0xFB" : "=Q"(mask_save) : : "memory"); }
static void ptlb(void) { __asm__ volatile("ptlb" : : : "memory"); }
static void ipte(u32 pto, u32 va) { __asm__ volatile("ipte %0,%1" : : "a"(pto), "d"(va) : "memory"); }
static void space(u32 i) { lctl(1, ST(i) | CR1_PRIVATE); }
static u32 va(u32 p) { return SEG1 + p * 0x1000u; }

static void expect(u32 v, u32 want)
{
    u32 got = *(volatile u32 *)v;
    if (got != want) {
        wrong++;
        wrong_va = v;
        wrong_got = got;
    }
}

static void tables(void)
{
    for (u32 i = 0; i < NSPACES; i++) {
        u32 *st = (u32 *)ST(i), *pt = (u32 *)PT1(i);
        for (u32 s = 0; s < 64; s++)
            st[s] = STE_INVALID;
        st[0] = PT0 | 0xF;
        st[1] = PT1(i) | 0xF;
        for (u32 p = 0; p < 256; p++)
            pt[p] = PTE_INVALID;
        for (u32 p = 0; p < 16; p++) {
            map[i][p] = (u8)((i * 5 + p * 7) % NFRAMES);
            pt[p] = FRAME(map[i][p]);
        }
    }
    static u32 pt2[256] __attribute__((aligned(1024)));
    for (u32 p = 0; p < 256; p++)
        pt2[p] = p < 9 ? PT0 + p * 0x1000u : PTE_INVALID;
    for (u32 i = 0; i < NSPACES; i++)
        ((u32 *)ST(i))[2] = (u32)pt2 | 0xF;
    for (u32 p = 0; p < 256; p++)
        ((u32 *)PT0)[p] = p << 12;
    for (u32 j = 0; j < NFRAMES; j++) {
        *(u32 *)FRAME(j) = SIG(j);
        *(u32 *)(FRAME(j) + 0xFFC) = SIG(j);
    }
    lctl(0, CR0_TRANS_FORMAT_VALUE);
    space(0);
    ptlb();
}

/* LCTL through the spaces, reading pages of each */
static void cycle(u32 ms)
{
    u64 end = stck() + ms * TOD_MS;
    dat_on();
    for (rounds = 0; stck() < end; rounds++)
        for (u32 i = 0; i < NSPACES; i++) {
            space((i * 7 + rounds) % NSPACES);
            u32 s = (i * 7 + rounds) % NSPACES;
            for (u32 p = rounds % 3; p < 16; p += 3)
                expect(va(p) + (p & 1) * 0xFFC, SIG(map[s][p]));
        }
    dat_off();
}

/* IPTE a page of space i, give it a new frame, load and store through it */
static void remap(u32 ms)
{
    u64 end = stck() + ms * TOD_MS;
    dat_on();
    for (rounds = 0; stck() < end; rounds++) {
        u32 i = rounds % NSPACES, p = (rounds / NSPACES + i) % 16, f = (rounds * 11) % NFRAMES;
        space(i);
        expect(va(p), SIG(map[i][p]));   /* in the TLB now, likely */
        if (rounds & 1)
            space((i + 1) % NSPACES);    /* IPTE from another space: it purges them all */
        ipte(PT1(i), va(p));
        map[i][p] = (u8)f;
        ((u32 *)PT1(i))[p] = FRAME(f);   /* invalid to valid: no purge needed */
        space(i);
        expect(va(p) + 0xFFC, SIG(f));
        *(volatile u32 *)(va(p) + 4) = rounds;
        expect(FRAME(f) + 4, rounds);    /* through segment 0: the real frame */
    }
    dat_off();
}

/* store new page-table entries through segment 2, then PTLB */
static void through_tables(u32 ms)
{
    u64 end = stck() + ms * TOD_MS;
    dat_on();
    for (rounds = 0; stck() < end; rounds++) {
        u32 i = (rounds * 3) % NSPACES, p = rounds % 16, f = (rounds * 13 + 5) % NFRAMES, old = map[i][p];
        space(i);
        expect(va(p), SIG(old));
        *(volatile u32 *)(ALIAS + PT1(i) - PT0 + 4 * p) = FRAME(f);
        u32 got = *(volatile u32 *)va(p);   /* before PTLB: old or new */
        if (got != SIG(old) && got != SIG(f))
            stale = got;
        if (rounds & 1)
            space((i + 1) % NSPACES);   /* PTLB in another space: it purges them all */
        ptlb();
        space(i);
        map[i][p] = (u8)f;
        expect(va(p) + 0xFFC, SIG(f));
    }
    dat_off();
}

static void load_dat(u32 v)
{
    dat_on();
    (void)*(volatile u32 *)v;
    dat_off();
}

int main(void)
{
    adv_begin("DATTHRSH");
    adv_catch_program_checks();
    tables();

    int code = adv_probe(cycle, 300);
    printf("DATTHRSH: %u ROUNDS OF %u SPACES\n", rounds, NSPACES);
    check_x(code == 0 && rounds > 0, "LCTL THROUGH 32 SPACES FOR 300 MS: NO INTERRUPTION", (u32)code);
    check_x(!wrong, "  EVERY LOAD SAW THE CURRENT SPACE'S FRAME", wrong_va);
    if (wrong)
        printf("DATTHRSH: %u WRONG, LAST AT %08X: %08X\n", wrong, wrong_va, wrong_got);

    wrong = 0;
    code = adv_probe(remap, 300);
    printf("DATTHRSH: %u REMAPS\n", rounds);
    check_x(code == 0 && rounds > 0, "IPTE AND A NEW FRAME, 300 MS OF SPACES AND PAGES: NO INTERRUPTION", (u32)code);
    check_x(!wrong, "  EVERY LOAD SAW THE NEW FRAME, EVERY STORE LANDED IN IT", wrong_va);
    if (wrong)
        printf("DATTHRSH: %u WRONG, LAST AT %08X: %08X\n", wrong, wrong_va, wrong_got);

    space(3);
    ipte(PT1(3), va(9));
    code = adv_probe(load_dat, va(9));
    check_x(code == PGM_PAGE_TRANSLATION && (LOWCORE(u32, LC_TEA) & 0x7FFFF000u) == va(9),
            "AFTER IPTE, A LOAD FROM THE PAGE: PAGE TRANSLATION", (u32)code);
    ((u32 *)PT1(3))[9] = FRAME(map[3][9]);

    wrong = 0;
    code = adv_probe(through_tables, 300);
    printf("DATTHRSH: %u PAGE-TABLE STORES\n", rounds);
    check_x(code == 0 && rounds > 0, "STORES THROUGH DAT INTO ITS PAGE TABLES, THEN PTLB: NO INTERRUPTION", (u32)code);
    check_x(!wrong, "  AFTER PTLB EVERY LOAD SAW THE NEW FRAME", wrong_va);
    check_x(!stale, "  BEFORE PTLB, THE OLD FRAME OR THE NEW, NOTHING ELSE", stale);

    space(5);
    ptlb();
    *(u32 *)(PT1(5) + 4 * 2) |= PTE_INVALID;   /* through segment 0 this time, then PTLB */
    ptlb();
    code = adv_probe(load_dat, va(2));
    check_x(code == PGM_PAGE_TRANSLATION, "A PAGE MADE INVALID BY A STORE, THEN PTLB: PAGE TRANSLATION", (u32)code);
    lctl(0, 0);
    lctl(1, 0);
    return adv_end();
}
