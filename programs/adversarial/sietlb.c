/* sietlb: an adversary that switches address spaces under CP's TRACE.
 *
 * Attack: with CP's TRACE PRIV on (DIAGNOSE X'08'), CP simulates LCTL,
 * IPTE and PTLB itself (in sie mode TRACE makes them intercepted), and
 * then the translations the machine has buffered for the guest must go
 * as they would on a real CPU. It builds two address spaces, two segment
 * tables mapping the same virtual pages (segment 1, 8 pages) to
 * different frames holding different words, and:
 * - switches CR1 with LCTL between them, DAT on all the while, and reads
 *   every page in each (ordinary loads; then LRA);
 * - IPTEs a page it has just read, points its page-table entry at another
 *   frame, and reads it again;
 * - changes a valid page-table entry to another frame in place, PTLBs,
 *   and reads it again;
 * then all of it again with TRACE OFF. (A page-table entry changed
 * without IPTE or PTLB is left alone: the architecture makes that
 * unpredictable.)
 *
 * Containment: every read sees the current tables: in ESA/390 a TLB
 * entry belongs to the segment-table designation it was formed from, so
 * a new CR1 never uses the old space's entries; IPTE clears the page's
 * entries, PTLB all of them. Each check says how many reads of how many
 * went through a stale translation.
 */
#include "adv.h"

#define PAGES 8
#define SEG1 0x100000u          /* the virtual pages: segment 1 */
#define ST_A 0xA0000u
#define ST_B 0xA1000u
#define PT0 0xA2000u            /* segment 0: identity (code, data, stack) */
#define PT_A 0xA2400u
#define PT_B 0xA2800u
#define FRAMES_A 0xC0000u
#define FRAMES_B 0xD0000u
#define FRAMES_C 0xE0000u
#define ROUNDS 3

static u8 mask_save;
static u32 seen[2 * ROUNDS * PAGES];

static void dat_on(void) { __asm__ volatile("stosm %0,0x04" : "=Q"(mask_save) : : "memory"); }
static void dat_off(void) { __asm__ volatile("stnsm %0,0xFB" : "=Q"(mask_save) : : "memory"); }
static void ptlb(void) { __asm__ volatile("ptlb" : : : "memory"); }
static void ipte(u32 pto, u32 va) { __asm__ volatile("ipte %0,%1" : : "a"(pto), "d"(va) : "memory"); }
static u32 word(u32 frames, u32 p) { return frames ^ 0x5A000000u ^ p; }   /* what frame p of a set holds */
static u32 cr1(u32 st) { return st | CR1_PRIVATE; }

static u32 lra(u32 va)
{
    u32 r = 0;
    int cc;
    __asm__ volatile("lra %1,0(%2)\n\tipm %0\n\tsrl %0,28" : "=d"(cc), "+d"(r) : "a"(va) : "cc", "memory");
    return cc ? 0xCC000000u | (u32)cc : r;
}

static void tables(void)
{
    u32 *st_a = (u32 *)ST_A, *st_b = (u32 *)ST_B, *pt0 = (u32 *)PT0, *pt_a = (u32 *)PT_A, *pt_b = (u32 *)PT_B;
    for (u32 s = 0; s < 16; s++)
        st_a[s] = st_b[s] = STE_INVALID;
    st_a[0] = st_b[0] = PT0 | 0xF;
    st_a[1] = PT_A | 0xF;
    st_b[1] = PT_B | 0xF;
    for (u32 p = 0; p < 256; p++) {
        pt0[p] = p << 12;
        pt_a[p] = p < PAGES ? FRAMES_A + p * 4096 : PTE_INVALID;
        pt_b[p] = p < PAGES ? FRAMES_B + p * 4096 : PTE_INVALID;
    }
    for (u32 p = 0; p < PAGES; p++) {
        *(u32 *)(FRAMES_A + p * 4096) = word(FRAMES_A, p);
        *(u32 *)(FRAMES_B + p * 4096) = word(FRAMES_B, p);
        *(u32 *)(FRAMES_C + p * 4096) = word(FRAMES_C, p);
    }
    lctl(0, CR0_TRANS_FORMAT_VALUE);
    lctl(1, cr1(ST_A));
    ptlb();
}

/* LCTL between the spaces, DAT on: loads (or LRA); stale reads */
static u32 switching(bool by_lra)
{
    u32 n = 0, stale = 0;
    dat_on();
    for (u32 r = 0; r < ROUNDS; r++)
        for (u32 space = 0; space < 2; space++) {
            lctl(1, cr1(space ? ST_B : ST_A));
            for (u32 p = 0; p < PAGES; p++)
                seen[n++] = by_lra ? lra(SEG1 + p * 4096) : *(volatile u32 *)(SEG1 + p * 4096);
        }
    lctl(1, cr1(ST_A));
    dat_off();
    for (u32 i = 0; i < n; i++) {
        u32 frames = (i / PAGES) % 2 ? FRAMES_B : FRAMES_A, p = i % PAGES;
        stale += seen[i] != (by_lra ? frames + p * 4096 : word(frames, p));
    }
    return stale;
}

/* Each page of space A: read it, then IPTE it (or not: change its entry
 * in place and PTLB), point it at the other frame set, read it again */
static u32 remapping(bool by_ipte)
{
    u32 *pt_a = (u32 *)PT_A, n = 0, stale = 0;
    lctl(1, cr1(ST_A));
    for (u32 r = 0; r < ROUNDS; r++) {
        u32 to = r % 2 ? FRAMES_A : FRAMES_C;
        dat_on();
        for (u32 p = 0; p < PAGES; p++) {
            (void)*(volatile u32 *)(SEG1 + p * 4096);   /* now buffered */
            if (by_ipte)
                ipte(PT_A, SEG1 + p * 4096);
            pt_a[p] = to + p * 4096;
            if (!by_ipte)
                ptlb();
            seen[n++] = *(volatile u32 *)(SEG1 + p * 4096);
        }
        dat_off();
    }
    for (u32 i = 0; i < n; i++)
        stale += seen[i] != word((i / PAGES) % 2 ? FRAMES_A : FRAMES_C, i % PAGES);
    for (u32 p = 0; p < PAGES; p++)
        pt_a[p] = FRAMES_A + p * 4096;
    ptlb();
    return stale;
}

static void phase(const char *trace)
{
    char what[120];
    u32 n = 2 * ROUNDS * PAGES, stale;
    tables();
    stale = switching(false);
    snprintf(what, sizeof what, "TRACE %s, CR1 SWITCHED BY LCTL: %u OF %u LOADS STALE", trace, stale, n);
    check(stale == 0, what);
    stale = switching(true);
    snprintf(what, sizeof what, "TRACE %s, CR1 SWITCHED BY LCTL: %u OF %u LRAS STALE", trace, stale, n);
    check(stale == 0, what);
    n = ROUNDS * PAGES;
    stale = remapping(true);
    snprintf(what, sizeof what, "TRACE %s, IPTE, NEW FRAME: %u OF %u LOADS STALE", trace, stale, n);
    check(stale == 0, what);
    stale = remapping(false);
    snprintf(what, sizeof what, "TRACE %s, ENTRY CHANGED, PTLB: %u OF %u LOADS STALE", trace, stale, n);
    check(stale == 0, what);
}

int main(void)
{
    adv_begin("SIETLB");
    adv_catch_program_checks();
    u32 rc = diag08("TRACE PRIV");
    check_x(rc == 0, "CP'S TRACE PRIV", rc);
    phase("PRIV");
    rc = diag08("TRACE OFF");
    check_x(rc == 0, "CP'S TRACE OFF", rc);
    phase("OFF");
    lctl(0, 0);
    lctl(1, 0);
    return adv_end();
}
