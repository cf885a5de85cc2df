/* siecp: an adversary that is a hypervisor: a guest CP running guests of
 * its own with SIE, against CP's virtual SIE (cp/vsie.c).
 *
 * Design note. SIEOP issues SIE with state descriptions that never run a
 * guest; this one runs guests, as a CP under CP does, and attacks what
 * CP composes for them: the state description, the guest's origin and
 * extent, the host DAT tables of a pageable guest, and the time the guest
 * takes. Its guests are 64K of position-independent code (guest_code,
 * copied to guest real CODE) that each case enters at a label and that
 * ends in an instruction the machine intercepts (DIAGNOSE), so every
 * answer is an interception code, parameters and the guest's state, or a
 * program interruption of its own at its SIE. The reference is the bare
 * machine's SIE (machine/cpu/sie.c): run this kernel with `creasy run
 * --mem 1M` and the same checks pass, except the phases that need CP
 * (its minidisk, its time slice), which say so and are skipped bare.
 *
 * The attacks, in order (the two CPU-time phases first, while the victims
 *   are still running, for tests/cp/adversarial.sh's "share" check):
 * - a guest in an endless loop, which only its own CPU timer (an external
 *   interruption at its SIE) gets back from, while CP's time slices run
 *   the others; then 20000 SIEs round a dozen state descriptions (more
 *   than CP's cache of shadows), each guest intercepting at its first or
 *   second instruction, its origin switched between two areas every time
 *   round;
 * - SIE's operand beyond its storage, at addresses that are CP's in real
 *   storage, at the edge (its last 256 bytes: valid), misaligned;
 * - origin and extent one page past its storage, at CP's addresses,
 *   wrapping past 2G, or exactly up to its end, or over its own low core;
 * - pageable guests through its own host DAT tables: frames beyond its
 *   storage, its own low core, invalid and garbage entries, tables beyond
 *   its storage or too short; tables changed between SIEs without and
 *   with IPTE, PTLB or a new CR1;
 * - a channel program reading into its own state description while the
 *   guest runs (under CP only: its minidisk), then the next SIE on what
 *   the channel wrote; origin, extent and controls changed between
 *   entries;
 * - the guest beyond its extent, the guest's own DAT tables pointing
 *   beyond its storage, and SIE issued by the guest (intercepted: IPA
 *   B214), in supervisor and problem state.
 */
#include "adv.h"
#include "sierun.h"

#define AMODE 0x80000000u
#define TOP 0x100000u          /* its storage: 1M */
#define SDS 0x80000u           /* 16 state descriptions */
#define IOSD (SDS + 0x400)     /* the one the channel reads (512 bytes: the next slot spare) */
#define BLOCKBUF 0x81000u      /* a 512-byte block */
#define HSTO 0x84000u          /* host segment table for pageable guests (16 entries) */
#define HPT 0x85000u           /* its page table for segment 4 */
#define HSTO2 0x86000u         /* another host space */
#define HPT2 0x87000u
#define GUEST1 0xA0000u        /* V=R guest areas */
#define GUEST2 0xB0000u
#define FRAMES 0xC0000u        /* the pageable guest's frames */
#define SPARE 0xD0000u         /* other frames to remap its page 3 to */
#define GSIZE 0x10000u
#define HOST_VA 0x400000u      /* the pageable guest's origin: segment 4 */
#define CODE 0x1000u           /* guest_code, in each guest */
#define MARK 0x3F0u            /* a word of its own low core */
#define STORM 20000u
#define STORM_SDS 12u
#define LOOP_MS 100u

static bool under_cp;

/* ---- the guest ---- */

__asm__(".section .text\n"
        "guest_code:\n"
        "g_diag:  diag  %r0,%r0,8\n"
        "g_store: st    %r5,0x800(%r0)\n"
        "         diag  %r0,%r0,8\n"
        "g_read:  l     %r3,0(%r4)\n"
        "         diag  %r0,%r0,0x0C\n"
        "g_write: st    %r5,0(%r4)\n"
        "         diag  %r0,%r0,0x0C\n"
        "g_loop:  j     g_loop\n"
        "g_long:  lhi   %r3,50\n"
        "g_long1: lhi   %r6,0x7FFF\n"
        "g_long2: brct  %r6,g_long2\n"
        "         brct  %r3,g_long1\n"
        "         st    %r5,0x800(%r0)\n"
        "         diag  %r0,%r0,0x1C\n"
        "g_sie:   sie   0(%r4)\n"
        "         diag  %r0,%r0,0x14\n"
        "g_ssm:   ssm   0x200(%r0)\n"
        "         diag  %r0,%r0,0x0C\n"
        "g_pgm_h: diag  %r0,%r0,0x10\n"
        "guest_end:\n");
extern char guest_code[], guest_end[], g_diag[], g_store[], g_read[], g_write[], g_loop[], g_long[], g_sie[], g_ssm[],
    g_pgm_h[];
#define G(sym) (CODE + (u32)((sym) - guest_code))

/* ---- SIE, as a hypervisor issues it ---- */


/* SIE at sd: 0 if it completed (or ended for an interruption), else the
 * program interruption it took (its old PSW and TEA in low core). */
static int sie(u32 sd) { return adv_probe((void (*)(u32))run_sie, sd); }

/* Its external handler, for the guest that loops: note what it saw, ask
 * for the guest to stop (V), turn its CPU timer's subclass off and go
 * back to the SIE, which is reissued. */
u32 ext_sd, ext_code, ext_ia, ext_icode;
__asm__(".section .text\n"
        "host_ext:\n"
        "    stm   %r0,%r15,0x340(%r0)\n"
        "    larl  %r1,ext_sd\n"
        "    l     %r2,0(%r1)\n"
        "    oi    0(%r2),0x04\n"          /* SD_V: stop */
        "    sr    %r3,%r3\n"
        "    ic    %r3,0x50(%r2)\n"        /* SD_ICODE */
        "    larl  %r1,ext_icode\n"
        "    st    %r3,0(%r1)\n"
        "    l     %r3,0x1c(%r0)\n"
        "    larl  %r1,ext_ia\n"
        "    st    %r3,0(%r1)\n"
        "    lh    %r3,0x86(%r0)\n"
        "    larl  %r1,ext_code\n"
        "    st    %r3,0(%r1)\n"
        "    stctl %c0,%c0,0x380(%r0)\n"
        "    ni    0x382(%r0),0xFB\n"      /* CR0: the CPU timer's subclass off */
        "    lctl  %c0,%c0,0x380(%r0)\n"
        "    lm    %r0,%r15,0x340(%r0)\n"
        "    lpsw  0x18(%r0)\n");
extern char host_ext[];

static u32 get32(u32 a) { return *(volatile u32 *)a; }
static void set32(u32 a, u32 v) { *(volatile u32 *)a = v; }
static u8 icode(u32 sd) { return *(volatile u8 *)(sd + SD_ICODE); }
static u32 ipa(u32 sd) { return (u32)*(volatile u8 *)(sd + SD_IPA) << 8 | *(volatile u8 *)(sd + SD_IPA + 1); }
static u32 gia(u32 sd) { return get32(sd + SD_PSW + 4) & 0x7FFFFFFFu; }
static u32 reason(u32 sd) { return get32(sd + SD_IPB) >> 16; }
/* the intercepted instruction's first four bytes: IPA, then IPB's first two */
static u32 insn4(u32 sd) { return ipa(sd) << 16 | get32(sd + SD_IPB) >> 16; }

/* A guest's storage at host real `base`: zeros, the code, a program new
 * PSW to g_pgm_h (which intercepts) */
static void guest_prepare(u32 base)
{
    memset((void *)base, 0, GSIZE);
    memcpy((void *)(base + CODE), guest_code, (size_t)(guest_end - guest_code));
    set32(base + LC_PGM_NEW_PSW, 0x00080000u);
    set32(base + LC_PGM_NEW_PSW + 4, AMODE | G(g_pgm_h));
}

/* A fresh state description n: M, origin, extent, the guest at entry */
static u32 sd_new(u32 n, u8 m, u32 mso, u32 mse, u32 entry)
{
    u32 sd = SDS + n * SIE_SD_LENGTH;
    memset((void *)sd, 0, SIE_SD_LENGTH);
    *(u8 *)(sd + SD_M) = m;
    set32(sd + SD_MSO, mso);
    set32(sd + SD_MSE, mse);
    set32(sd + SD_PSW, 0x00080000u);
    set32(sd + SD_PSW + 4, AMODE | entry);
    set32(sd + SD_CPUTM, 0x7FFFFFFFu);
    memset(guest_gr, 0, sizeof guest_gr);
    return sd;
}
#define VR (SD_M_ESA390 | SD_M_VR)
#define PAGEABLE SD_M_ESA390

/* SIE at sd must complete with an instruction interception of `insn`
 * (its first four bytes: IPA and IPB's first two), the guest at `at` */
static void expect_insn(u32 sd, u32 insn, u32 at, const char *what)
{
    char line[140];
    int pgm = sie(sd);
    snprintf(line, sizeof line, "%s: INTERCEPTION 04, %08X, GUEST AT +%X", what, insn, at - CODE);
    check_x(pgm == 0 && icode(sd) == SIE_ICODE_INSTRUCTION && insn4(sd) == insn && gia(sd) == at, line,
            pgm ? 0xEE000000u | (u32)pgm : icode(sd) != SIE_ICODE_INSTRUCTION ? (u32)icode(sd) << 24 | gia(sd)
                                         : insn4(sd) != insn ? insn4(sd) : gia(sd));
}

/* SIE at sd must take program interruption `code` at its SIE (old PSW
 * `past` bytes beyond it) with TEA `tea` (~0: any) */
static void expect_host_pgm(u32 sd, u16 code, u32 past, u32 tea, const char *what)
{
    char line[140];
    int pgm = sie(sd);
    u32 t = get32(LC_TEA) & 0x7FFFFFFFu;
    snprintf(line, sizeof line, "%s: PROGRAM %04X AT ITS SIE +%u", what, code, past);
    check_x(pgm == code && pgm_old_ia() == (u32)sie_insn + past && (tea == ~0u || t == tea), line,
            (u32)pgm << 16 | ((pgm_old_ia() - (u32)sie_insn) & 0xFF) << 8 | (t >> 12 & 0xFF));
}

static void expect_validity(u32 sd, u16 why, const char *what)
{
    char line[140];
    int pgm = sie(sd);
    snprintf(line, sizeof line, "%s: VALIDITY %04X", what, why);
    check_x(pgm == 0 && icode(sd) == SIE_ICODE_VALIDITY && reason(sd) == why, line,
            pgm ? 0xEE000000u | (u32)pgm : (u32)icode(sd) << 24 | reason(sd));
}

/* ---- the CPU-time phases ---- */

/* STORM SIEs round STORM_SDS state descriptions, each guest storing the
 * round's number and intercepting; each state description's origin
 * switches between the two areas every time round. */
static void sie_storm(void)
{
    u32 bad = 0, first = 0;
    guest_prepare(GUEST1);
    guest_prepare(GUEST2);
    for (u32 n = 0; n < STORM_SDS; n++)
        sd_new(n, VR, GUEST1, GSIZE, 0);
    u64 start = stck();
    cpu_time_start();
    for (u32 i = 0; i < STORM; i++) {
        u32 sd = SDS + (i % STORM_SDS) * SIE_SD_LENGTH, area = (i / STORM_SDS) % 2 ? GUEST2 : GUEST1;
        set32(sd + SD_MSO, area);
        set32(sd + SD_PSW, 0x00080000u);
        set32(sd + SD_PSW + 4, AMODE | G(i % 3 ? g_store : g_diag));
        guest_gr[5] = i;
        set32(area + 0x800, ~0u);
        int pgm = sie(sd);
        bool ok = pgm == 0 && icode(sd) == SIE_ICODE_INSTRUCTION && ipa(sd) == 0x8300 &&
                  (i % 3 ? gia(sd) == G(g_store) + 4 && get32(area + 0x800) == i
                         : gia(sd) == G(g_diag) && get32(area + 0x800) == ~0u);
        if (!ok && !bad++)
            first = i;
    }
    report_share("SIE-LOOP", cpu_time_used(), stck() - start);
    check_x(!bad, "20000 SIES ROUND 12 STATE DESCRIPTIONS, ORIGINS SWITCHED: EACH INTERCEPTED, STORED IN ITS AREA",
            first);
}

/* A guest that never ends: its CPU timer (enabled at the SIE) ends the
 * interpretation with code 0, its handler asks for a stop, the SIE is
 * reissued and ends with the stop interception. */
static void guest_loops(void)
{
    static struct psw ext_new;
    guest_prepare(GUEST1);
    u32 sd = sd_new(0, VR, GUEST1, GSIZE, G(g_loop));
    ext_new.w0 = 0x00080000u;
    ext_new.w1 = AMODE | (u32)host_ext;
    memcpy((void *)LC_EXT_NEW_PSW, &ext_new, 8);
    ext_sd = sd;
    ext_code = ext_ia = ext_icode = ~0u;
    u64 slice = (u64)LOOP_MS * TOD_MS, left;
    u64 start = stck();
    __asm__ volatile("spt %0" : : "Q"(slice));
    lctl(0, stctl(0) | 0x400);
    __asm__ volatile("stosm 0x3F8(%%r0),0x01" : : : "memory");
    int pgm = sie(sd);
    __asm__ volatile("stnsm 0x3F8(%%r0),0xFE" : : : "memory");
    __asm__ volatile("stpt %0" : "=Q"(left));
    report_share("GUEST-LOOP", slice - left, stck() - start);
    check_x(ext_code == 0x1005 && (ext_ia & 0x7FFFFFFFu) == (u32)sie_insn && ext_icode == SIE_ICODE_NONE,
            "ENDLESS GUEST: ITS CPU TIMER (1005) AT ITS SIE, INTERCEPTION CODE 0", ext_code);
    check_x(pgm == 0 && icode(sd) == SIE_ICODE_STOP && gia(sd) == G(g_loop),
            "  REISSUED WITH A STOP REQUEST: INTERCEPTION 28, THE GUEST STILL IN ITS LOOP", (u32)icode(sd));
    lctl(0, stctl(0) & ~0x400u);
}

/* ---- SIE's operand ---- */

static void operand(void)
{
    static const struct {
        u32 sd;
        u16 code;
        const char *what;
    } bad[] = {
        {TOP, PGM_ADDRESSING, "SIE JUST BEYOND ITS STORAGE"},
        {0x00F00000u, PGM_ADDRESSING, "SIE AT 00F00000"},
        {0x01000000u, PGM_ADDRESSING, "SIE AT 01000000 (CP'S STORAGE IN REAL)"},
        {0x03FFFF00u, PGM_ADDRESSING, "SIE AT 03FFFF00 (THE REAL MACHINE'S LAST 256)"},
        {0x7FFFFF00u, PGM_ADDRESSING, "SIE AT 7FFFFF00"},
        {TOP - 0x80, PGM_SPECIFICATION, "SIE AT ITS LAST 128 BYTES (MISALIGNED)"},
        {TOP - 8, PGM_SPECIFICATION, "SIE AT ITS LAST 8 BYTES"},
        {TOP + 8, PGM_SPECIFICATION, "SIE MISALIGNED AND BEYOND"},
        {SDS + 4, PGM_SPECIFICATION, "SIE AT A WORD BOUNDARY"},
    };
    char line[120];
    for (u32 i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int pgm = sie(bad[i].sd);
        snprintf(line, sizeof line, "%s: PROGRAM %04X, ILC 2, PAST IT", bad[i].what, bad[i].code);
        check_x(pgm == bad[i].code && pgm_ilc() == 4 && pgm_old_ia() == (u32)sie_insn + 4, line, (u32)pgm);
    }
    /* its last 256 bytes: a state description like any other */
    u32 sd = TOP - SIE_SD_LENGTH;
    memset((void *)sd, 0, SIE_SD_LENGTH);
    *(u8 *)(sd + SD_M) = VR;
    set32(sd + SD_MSO, GUEST1);
    set32(sd + SD_MSE, GSIZE);
    set32(sd + SD_PSW, 0x00080000u);
    set32(sd + SD_PSW + 4, AMODE | G(g_store));
    guest_prepare(GUEST1);
    guest_gr[5] = 0x1D6E;
    expect_insn(sd, 0x83000008, G(g_store) + 4, "STATE DESCRIPTION IN ITS LAST 256 BYTES");
    check_x(get32(GUEST1 + 0x800) == 0x1D6E && get32(sd + SD_GR15) == 0, "  THE GUEST RAN IN ITS AREA",
            get32(GUEST1 + 0x800));
}

/* ---- origin and extent ---- */

static void extents(void)
{
    static const struct {
        u8 m;
        u32 mso, mse;
        u16 why;
        const char *what;
    } bad[] = {
        {VR, 0xF0000u, 0x11000u, SIE_VALIDITY_HOST_STORAGE, "V=R GUEST ONE PAGE PAST ITS STORAGE"},
        {VR, TOP, 0x1000u, SIE_VALIDITY_HOST_STORAGE, "V=R GUEST JUST BEYOND ITS STORAGE"},
        {VR, 0x01000000u, GSIZE, SIE_VALIDITY_HOST_STORAGE, "V=R GUEST AT 01000000 (CP'S STORAGE IN REAL)"},
        {VR, 0, 0x7FFFF000u, SIE_VALIDITY_HOST_STORAGE, "V=R GUEST OF 2G-4K"},
        {VR, 0x7FFFF000u, 0x2000u, SIE_VALIDITY_EXTENT, "V=R GUEST WRAPPING PAST 2G"},
        {VR, 0xFFFFF000u, 0x2000u, SIE_VALIDITY_EXTENT, "V=R GUEST AT FFFFF000, WRAPPING PAST 4G"},
        {VR, 0x2000u, 0xFFFFF000u, SIE_VALIDITY_EXTENT, "V=R GUEST OF 4G-4K, WRAPPING"},
        {VR, 0x80000000u, 0x1000u, SIE_VALIDITY_EXTENT, "V=R GUEST AT 80000000"},
        {PAGEABLE, 0x7FFF0000u, 0x20000u, SIE_VALIDITY_EXTENT, "PAGEABLE GUEST WRAPPING PAST 2G"},
        {VR, GUEST1 + 0x800, GSIZE, SIE_VALIDITY_EXTENT, "V=R GUEST ORIGIN OFF A PAGE"},
        {VR, GUEST1, 0x10800u, SIE_VALIDITY_EXTENT, "V=R GUEST EXTENT OFF A PAGE"},
        {VR, 0x70000u, 0x20000u, SIE_VALIDITY_SD_OVERLAP, "V=R GUEST HOLDING ITS STATE DESCRIPTION"},
    };
    char line[120];
    for (u32 i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        u32 sd = sd_new(1, bad[i].m, bad[i].mso, bad[i].mse, G(g_diag));
        set32(sd + SD_CR, CR0_TRANS_FORMAT_VALUE);
        snprintf(line, sizeof line, "%s", bad[i].what);
        expect_validity(sd, bad[i].why, line);
    }

    /* up to its very end: the guest's last word is its last word */
    guest_prepare(0xF0000u);
    u32 sd = sd_new(1, VR, 0xF0000u, GSIZE, G(g_write));
    guest_gr[4] = GSIZE - 4;
    guest_gr[5] = 0xE0D0F;
    expect_insn(sd, 0x8300000C, G(g_write) + 4, "V=R GUEST UP TO ITS STORAGE'S END");
    check_x(get32(TOP - 4) == 0xE0D0F, "  ITS LAST WORD STORED AT ITS STORAGE'S LAST", get32(TOP - 4));

    /* origin 0: the guest's real 0 is its real 0 (not the machine's) */
    set32(MARK, 0x10C0BE);
    memcpy((void *)CODE, guest_code, (size_t)(guest_end - guest_code));
    sd = sd_new(1, VR, 0, GSIZE, G(g_read));
    guest_gr[4] = MARK;
    expect_insn(sd, 0x8300000C, G(g_read) + 4, "V=R GUEST AT ORIGIN 0, OVER ITS LOW CORE");
    check_x(guest_gr[3] == 0x10C0BE, "  THE GUEST READ ITS OWN LOW CORE'S WORD", guest_gr[3]);
    sd = sd_new(1, VR, 0, GSIZE, G(g_write));
    guest_gr[4] = MARK + 4;
    guest_gr[5] = 0x5EC0DE;
    expect_insn(sd, 0x8300000C, G(g_write) + 4, "V=R GUEST AT ORIGIN 0, STORING");
    check_x(get32(MARK + 4) == 0x5EC0DE, "  IT STORED INTO ITS OWN LOW CORE", get32(MARK + 4));
}


/* ---- pageable guests: its own host DAT tables ---- */

static void ptlb(void) { __asm__ volatile("ptlb" : : : "memory"); }
static void ipte(u32 pto, u32 va) { __asm__ volatile("ipte %0,%1" : : "a"(pto), "d"(va) : "memory"); }

#define W0 0x0F0F0000u   /* what its page 3's frames hold */
#define W1 0x0F0F0001u
#define W2 0x0F0F0002u
#define W3 0x0F0F0003u

/* Segment 4 of HSTO (CR1, 16 segments) maps the guest's 16 pages onto
 * FRAMES; HSTO2 the same but page 3 onto SPARE. */
static void host_space(void)
{
    u32 *st = (u32 *)HSTO, *pt = (u32 *)HPT, *st2 = (u32 *)HSTO2, *pt2 = (u32 *)HPT2;
    for (u32 i = 0; i < 16; i++)
        st[i] = st2[i] = STE_INVALID;
    st[HOST_VA >> 20] = HPT | 0xF;
    st2[HOST_VA >> 20] = HPT2 | 0xF;
    for (u32 i = 0; i < 256; i++)
        pt[i] = pt2[i] = i < 16 ? FRAMES + (i << 12) : PTE_INVALID;
    pt2[3] = SPARE;
    lctl(0, (stctl(0) & ~CR0_TRANS_FORMAT) | CR0_TRANS_FORMAT_VALUE);
    lctl(1, HSTO);
    ptlb();
    guest_prepare(FRAMES);
    set32(FRAMES + 0x3000, W0);
    set32(SPARE, W1);
    set32(SPARE + 0x1000, W2);
    set32(SPARE + 0x2000, W3);
}

/* the pageable guest reads its real `a` (through the host's tables) */
static u32 paged_read(u32 a, const char *what)
{
    u32 sd = sd_new(5, PAGEABLE, HOST_VA, GSIZE, G(g_read));
    guest_gr[4] = a;
    guest_gr[3] = 0xDEAD;
    expect_insn(sd, 0x8300000C, G(g_read) + 4, what);
    return guest_gr[3];
}

/* ... and must take the host's program interruption `code` at its SIE,
 * the guest's instruction nullified (its PSW at it, code 0) */
static void paged_fault(u32 a, u16 code, u32 tea, u32 at, const char *what)
{
    char line[140];
    u32 sd = sd_new(5, PAGEABLE, HOST_VA, GSIZE, G(g_read));
    guest_gr[4] = a;
    expect_host_pgm(sd, code, 0, tea, what);
    snprintf(line, sizeof line, "  THE GUEST AT +%X, INTERCEPTION CODE 0", at - CODE);
    check_x(icode(sd) == SIE_ICODE_NONE && gia(sd) == at, line, (u32)icode(sd) << 24 | gia(sd));
}

static void host_dat(void)
{
    u32 *st = (u32 *)HSTO, *pt = (u32 *)HPT, v;
    host_space();
    v = paged_read(0x3000, "PAGEABLE GUEST READS ITS PAGE 3");
    check_x(v == W0, "  THROUGH ITS TABLES", v);

    static const struct {
        u32 pte;
        u16 code;
        const char *what;
    } ptes[] = {
        {0x00200000u, PGM_ADDRESSING, "PAGE 3 MAPPED TO 00200000, BEYOND ITS STORAGE"},
        {TOP, PGM_ADDRESSING, "PAGE 3 MAPPED JUST BEYOND ITS STORAGE"},
        {0x7FFFF000u, PGM_ADDRESSING, "PAGE 3 MAPPED TO 7FFFF000"},
        {PTE_INVALID, PGM_PAGE_TRANSLATION, "PAGE 3 INVALID"},
        {0x80000000u | (FRAMES + 0x3000), PGM_TRANSLATION_SPECIFICATION, "PAGE 3'S ENTRY WITH BIT 0 ON"},
        {0x00000800u | (FRAMES + 0x3000), PGM_TRANSLATION_SPECIFICATION, "PAGE 3'S ENTRY WITH BIT 20 ON"},
    };
    for (u32 i = 0; i < sizeof ptes / sizeof ptes[0]; i++) {
        ipte(HPT, HOST_VA + 0x3000);
        pt[3] = ptes[i].pte;
        paged_fault(0x3010, ptes[i].code, ptes[i].code == PGM_ADDRESSING ? ~0u : HOST_VA + 0x3000, G(g_read),
                    ptes[i].what);
    }
    ipte(HPT, HOST_VA + 0x3000);
    pt[3] = 0;   /* its own low core */
    v = paged_read(0x3000 + MARK, "PAGE 3 MAPPED TO ITS OWN LOW CORE");
    check_x(v == get32(MARK), "  THE GUEST READ ITS LOW CORE'S WORD", v);
    ipte(HPT, HOST_VA + 0x3000);
    pt[3] = FRAMES + 0x3000;

    static const struct {
        u32 ste, cr1;
        u16 code;
        const char *what;
    } stes[] = {   /* at SIE itself (the guest's page 0): nullified, or past the SIE */
        {STE_INVALID, HSTO, PGM_SEGMENT_TRANSLATION, "SEGMENT 4 INVALID"},
        {0x80000000u | HPT | 0xF, HSTO, PGM_TRANSLATION_SPECIFICATION, "SEGMENT 4'S ENTRY WITH BIT 0 ON"},
        {0x00200000u | 0xF, HSTO, PGM_ADDRESSING, "SEGMENT 4'S PAGE TABLE BEYOND ITS STORAGE"},
        {HPT | 0xF, 0x00200000u, PGM_ADDRESSING, "SEGMENT TABLE BEYOND ITS STORAGE"},
        {HPT | 0xF, 0x7FFFF000u, PGM_ADDRESSING, "SEGMENT TABLE AT 7FFFF000"},
    };
    for (u32 i = 0; i < sizeof stes / sizeof stes[0]; i++) {
        st[4] = stes[i].ste;
        lctl(1, stes[i].cr1);
        ptlb();
        u32 sd = sd_new(5, PAGEABLE, HOST_VA, GSIZE, G(g_read));
        bool nullified = stes[i].code == PGM_SEGMENT_TRANSLATION;
        expect_host_pgm(sd, stes[i].code, nullified ? 0 : 4, stes[i].code == PGM_ADDRESSING ? ~0u : HOST_VA,
                        stes[i].what);
    }
    st[4] = HPT | 0xF;
    lctl(1, HSTO);
    ptlb();

    /* beyond the tables' lengths */
    u32 sd = sd_new(5, PAGEABLE, 0x01400000u, GSIZE, G(g_read));
    expect_host_pgm(sd, PGM_SEGMENT_TRANSLATION, 0, 0x01400000u, "ORIGIN IN SEGMENT 20, THE TABLE HAS 16");
    st[4] = HPT;   /* 16 entries */
    pt[16] = SPARE + 0x3000;
    ptlb();
    sd = sd_new(5, PAGEABLE, HOST_VA, 2 * GSIZE, G(g_read));
    guest_gr[4] = GSIZE;
    expect_host_pgm(sd, PGM_PAGE_TRANSLATION, 0, HOST_VA + GSIZE, "PAGE 16, THE PAGE TABLE HAS 16");
    st[4] = HPT | 0xF;
    pt[16] = PTE_INVALID;
    ptlb();
}

/* Its host tables changed between SIEs: a stale translation only until
 * IPTE, PTLB or a new CR1, and only ever one of its own frames */
static void host_dat_changed(void)
{
    u32 *pt = (u32 *)HPT, v, sd;
    v = paged_read(0x3000, "PAGE 3 AGAIN");
    check_x(v == W0, "  THE FIRST FRAME", v);
    pt[3] = SPARE;   /* no IPTE, no PTLB: the old translation or the new */
    v = paged_read(0x3000, "PAGE 3 REMAPPED IN PLACE, NOT PURGED");
    check_x(v == W0 || v == W1, "  THE OLD FRAME OR THE NEW", v);
    ipte(HPT, HOST_VA + 0x3000);
    pt[3] = SPARE + 0x1000;
    v = paged_read(0x3000, "PAGE 3 INVALIDATED BY IPTE, THEN REMAPPED");
    check_x(v == W2, "  THE NEW FRAME", v);
    pt[3] = SPARE + 0x2000;
    ptlb();
    v = paged_read(0x3000, "PAGE 3 REMAPPED IN PLACE, THEN PTLB");
    check_x(v == W3, "  THE NEW FRAME", v);
    lctl(1, HSTO2);
    v = paged_read(0x3000, "A NEW CR1 (ANOTHER SEGMENT TABLE)");
    check_x(v == W1, "  THAT SPACE'S FRAME", v);
    lctl(1, HSTO);
    v = paged_read(0x3000, "CR1 BACK");
    check_x(v == W3, "  THIS SPACE'S FRAME", v);
    ipte(HPT, HOST_VA + 0x3000);
    pt[3] = SPARE + 0x1000;
    sd = sd_new(5, PAGEABLE, HOST_VA, GSIZE, G(g_write));
    guest_gr[4] = 0x3004;
    guest_gr[5] = 0x57023;
    set32(FRAMES + 0x3004, 0);
    expect_insn(sd, 0x8300000C, G(g_write) + 4, "A STORE THROUGH PAGE 3, REMAPPED WITH IPTE");
    check_x(get32(SPARE + 0x1004) == 0x57023 && get32(FRAMES + 0x3004) == 0, "  IT LANDED IN THE NEW FRAME ONLY",
            get32(SPARE + 0x1004));
    lctl(1, 0);
    lctl(0, 0);
    ptlb();
}

/* ---- the state description changed: by the channel while the guest
 * runs, and between entries ---- */

#define IMG_EPOCH 0x00000123u
#define IMG_MARK 0xC3C8C1D5u   /* "CHAN" */

static void channel_over_sd(void)
{
    static struct fba_prog prog;
    u32 rx, sd = IOSD;
    if (!under_cp) {
        printf("SIECP: SKIPPED BARE: A CHANNEL PROGRAM INTO ITS STATE DESCRIPTION (IT NEEDS ITS MINIDISK)\n");
        return;
    }
    guest_prepare(GUEST1);
    guest_prepare(GUEST2);
    /* what the channel will write: another guest, controls, a mark */
    u8 *img = (u8 *)BLOCKBUF;
    memset(img, 0x5A, 512);
    memset(img, 0, SIE_SD_LENGTH);
    img[SD_M] = VR;
    put32(img + SD_MSO, GUEST2);
    put32(img + SD_MSE, GSIZE / 2);
    put32(img + SD_PSW, 0x00080000u);
    put32(img + SD_PSW + 4, AMODE | G(g_diag));
    put32(img + SD_EPOCH + 4, IMG_EPOCH);
    img[SIE_IC_SSM_OFFSET] = SIE_IC_SSM_MASK;
    put32(img + 0xF0, IMG_MARK);
    fba_prog(&prog, 0, 0, 0, 63, 1, 1, 0, img);
    int cc = diag18(0x191, prog.ccw, &rx);
    check_x(cc == 0, "THE IMAGE OF A STATE DESCRIPTION WRITTEN TO ITS MINIDISK", (u32)cc << 16 | rx);

    sd_new(4, VR, GUEST1, GSIZE, G(g_long));
    memset((void *)(sd + SIE_SD_LENGTH), 0xEE, SIE_SD_LENGTH);
    guest_gr[5] = 0x0A1D;
    fba_prog(&prog, 0, 0, 0, 63, 6, 1, 0, (void *)sd);
    LOWCORE(u32, LC_CAW) = (u32)prog.ccw;
    cc = sio(0x191);
    bool before = get32(sd + 0xF0) == 0 && get32(sd + SD_MSO) == GUEST1;
    int pgm = sie(sd);
    int tcc;
    u64 give_up = stck() + 1000 * TOD_MS;
    while ((tcc = tio(0x191)) == 2 && stck() < give_up)
        ;
    u8 unit = LOWCORE(u8, LC_CSW + 4), chan = LOWCORE(u8, LC_CSW + 5);
    check_x(cc == 0 && before, "READ INTO ITS STATE DESCRIPTION STARTED (SIO), NOT ENDED AT ITS SIE", (u32)cc);
    check_x(pgm == 0 && icode(sd) == SIE_ICODE_INSTRUCTION && insn4(sd) == 0x8300001C && gia(sd) == G(g_long) + 20,
            "  THE GUEST RAN ITS LOOP TO ITS END: INTERCEPTION 04, DIAGNOSE X'1C'", (u32)icode(sd) << 24 | ipa(sd));
    check_x(tcc == 1 && unit == (US_CE | US_DE) && !chan, "  THE READ ENDED CLEANLY (TIO: STATUS PENDING)",
            (u32)tcc << 16 | (u32)unit << 8 | chan);
    check_x(get32(GUEST1 + 0x800) == 0x0A1D && get32(GUEST2 + 0x800) == 0,
            "  THE GUEST RAN ON THE STATE DESCRIPTION AS AT ITS SIE (ITS STORE IN THE FIRST AREA)",
            get32(GUEST2 + 0x800));
    check_x(get32(sd + 0xF0) == IMG_MARK && get32(sd + SIE_SD_LENGTH) == 0x5A5A5A5Au,
            "  THE CHANNEL'S DATA WHERE SIE STORES NOTHING (AS THE MACHINE LEAVES IT)", get32(sd + 0xF0));
    check_x(get32(sd + SD_MSO) == GUEST2 && get32(sd + SD_MSE) == GSIZE / 2 &&
                get32(sd + SD_EPOCH + 4) == IMG_EPOCH && *(u8 *)(sd + SIE_IC_SSM_OFFSET) == SIE_IC_SSM_MASK,
            "  THE CHANNEL'S ORIGIN, EXTENT, EPOCH AND CONTROLS (SIE DOES NOT STORE THEM)", get32(sd + SD_MSE));

    /* the next SIE is on what the channel wrote */
    set32(sd + SD_PSW + 4, AMODE | G(g_store));
    guest_gr[5] = 0xB2;
    expect_insn(sd, 0x83000008, G(g_store) + 4, "SIE AGAIN, ON THE CHANNEL'S STATE DESCRIPTION");
    check_x(get32(GUEST2 + 0x800) == 0xB2 && get32(GUEST1 + 0x800) == 0x0A1D, "  THE GUEST IN THE CHANNEL'S AREA",
            get32(GUEST2 + 0x800));
    set32(sd + SD_PSW + 4, AMODE | G(g_ssm));
    expect_insn(sd, 0x80000200, G(g_ssm), "  AND ITS CONTROLS: SSM INTERCEPTED");
}

static void between_entries(void)
{
    guest_prepare(GUEST1);
    guest_prepare(GUEST2);
    u32 sd = sd_new(2, VR, GUEST1, GSIZE, G(g_store));
    guest_gr[5] = 1;
    expect_insn(sd, 0x83000008, G(g_store) + 4, "ONE STATE DESCRIPTION, FIRST AREA");
    set32(sd + SD_MSO, GUEST2);
    set32(sd + SD_PSW + 4, AMODE | G(g_store));
    guest_gr[5] = 2;
    expect_insn(sd, 0x83000008, G(g_store) + 4, "  ITS ORIGIN CHANGED");
    check_x(get32(GUEST1 + 0x800) == 1 && get32(GUEST2 + 0x800) == 2, "  EACH STORE IN ITS ENTRY'S AREA",
            get32(GUEST2 + 0x800));

    set32(sd + SD_MSE, 0x2000);
    set32(sd + SD_PSW + 4, AMODE | G(g_read));
    guest_gr[4] = 0x2000;
    expect_insn(sd, 0x83000010, G(g_pgm_h), "  ITS EXTENT CUT TO 8K, A READ AT 8K: THE GUEST'S ADDRESSING EXCEPTION");
    check_x(get32(GUEST2 + LC_PGM_INT_ID) == 0x00040005u &&
                (get32(GUEST2 + LC_PGM_OLD_PSW + 4) & 0x7FFFFFFFu) == G(g_read) + 4,
            "    IN ITS LOW CORE: CODE 0005, ILC 2, OLD PSW PAST THE LOAD", get32(GUEST2 + LC_PGM_INT_ID));
    *(u8 *)(sd + SIE_IC_PROGRAM_OFFSET) |= SIE_IC_PROGRAM_MASK;
    set32(sd + SD_PSW + 4, AMODE | G(g_read));
    int pgm = sie(sd);
    check_x(pgm == 0 && icode(sd) == SIE_ICODE_PROGRAM && *(u16 *)(sd + SD_PGM_CODE) == PGM_ADDRESSING &&
                *(u8 *)(sd + SD_PGM_ILC) == 4,
            "  PROGRAM INTERRUPTIONS INTERCEPTED: INTERCEPTION 08, CODE 0005, ILC 4", (u32)icode(sd) << 16 |
            *(u16 *)(sd + SD_PGM_CODE));
    *(u8 *)(sd + SIE_IC_PROGRAM_OFFSET) &= (u8)~SIE_IC_PROGRAM_MASK;
    set32(sd + SD_MSE, GSIZE);
    set32(sd + SD_PSW + 4, AMODE | G(g_read));
    expect_insn(sd, 0x8300000C, G(g_read) + 4, "  ITS EXTENT BACK TO 64K: THE READ AT 8K WORKS");

    set32(sd + SD_PSW + 4, AMODE | G(g_ssm));
    expect_insn(sd, 0x8300000C, G(g_ssm) + 4, "  SSM INTERPRETED");
    *(u8 *)(sd + SIE_IC_SSM_OFFSET) |= SIE_IC_SSM_MASK;
    set32(sd + SD_PSW + 4, AMODE | G(g_ssm));
    expect_insn(sd, 0x80000200, G(g_ssm), "  ITS SSM CONTROL SET: SSM INTERCEPTED");
    *(u8 *)(sd + SIE_IC_SSM_OFFSET) &= (u8)~SIE_IC_SSM_MASK;
    set32(sd + SD_PSW + 4, AMODE | G(g_ssm));
    expect_insn(sd, 0x8300000C, G(g_ssm) + 4, "  THE CONTROL OFF AGAIN: SSM INTERPRETED");
}

/* ---- the guest's own faults, and its SIE ---- */

/* The guest's own DAT, its tables at its real 0x2000 (segment table)
 * and 0x3000 (page table for segment 0, identity but page 8) */
static void guest_dat(u32 ste, u32 cr1, u32 page8, u32 a, const char *what)
{
    u32 *st = (u32 *)(GUEST1 + 0x2000), *pt = (u32 *)(GUEST1 + 0x3000);
    for (u32 i = 0; i < 16; i++)
        st[i] = STE_INVALID;
    st[0] = ste;
    for (u32 i = 0; i < 256; i++)
        pt[i] = i < 16 ? i << 12 : PTE_INVALID;
    pt[8] = page8;
    set32(GUEST1 + LC_PGM_INT_ID, 0);
    u32 sd = sd_new(3, VR, GUEST1, GSIZE, G(g_read));
    set32(sd + SD_PSW, 0x04080000u);   /* DAT on */
    set32(sd + SD_CR, CR0_TRANS_FORMAT_VALUE);
    set32(sd + SD_CR + 4, cr1);
    guest_gr[4] = a;
    expect_insn(sd, 0x83000010, G(g_pgm_h), what);
    check_x((get32(GUEST1 + LC_PGM_INT_ID) & 0xFFFF) == PGM_ADDRESSING, "    ITS ADDRESSING EXCEPTION (0005), IN ITS LOW CORE",
            get32(GUEST1 + LC_PGM_INT_ID));
}

static void guest_faults(void)
{
    guest_prepare(GUEST1);
    u32 sd = sd_new(3, VR, GUEST1, GSIZE, G(g_read));
    guest_gr[4] = GSIZE;
    expect_insn(sd, 0x83000010, G(g_pgm_h), "THE GUEST READS AT ITS EXTENT: ITS ADDRESSING EXCEPTION");
    check_x((get32(GUEST1 + LC_PGM_INT_ID) & 0xFFFF) == PGM_ADDRESSING, "    CODE 0005 IN ITS LOW CORE",
            get32(GUEST1 + LC_PGM_INT_ID));
    sd = sd_new(3, VR, GUEST1, GSIZE, G(g_write));
    guest_gr[4] = 0xFFFFFFFCu;
    expect_insn(sd, 0x83000010, G(g_pgm_h), "THE GUEST STORES AT 7FFFFFFC");
    guest_dat(0x3000 | 0xF, 0x2000, 0x20000, 0x8000, "GUEST DAT: ITS PAGE 8 MAPPED BEYOND ITS 64K");
    guest_dat(0x20000 | 0xF, 0x2000, 0x8000, 0x8000, "GUEST DAT: ITS PAGE TABLE BEYOND ITS 64K");
    guest_dat(0x3000 | 0xF, 0x40000, 0x8000, 0x8000, "GUEST DAT: ITS SEGMENT TABLE BEYOND ITS 64K");
    guest_dat(0x3000 | 0xF, 0x2000, 0x00200000u, 0x8000, "GUEST DAT: ITS PAGE 8 AT 00200000, ITS HOST'S BEYOND");

    /* SIE in the guest of the guest */
    sd = sd_new(3, VR, GUEST1, GSIZE, G(g_sie));
    guest_gr[4] = 0x100;
    expect_insn(sd, 0xB2144000, G(g_sie), "THE GUEST ISSUES SIE: INTERCEPTED");
    set32(GUEST1 + LC_PGM_INT_ID, 0);
    sd = sd_new(3, VR, GUEST1, GSIZE, G(g_sie));
    set32(sd + SD_PSW, 0x00090000u);   /* problem state */
    guest_gr[4] = 0x100;
    expect_insn(sd, 0x83000010, G(g_pgm_h), "THE GUEST ISSUES SIE IN PROBLEM STATE");
    check_x(get32(GUEST1 + LC_PGM_INT_ID) == 0x00040002u, "  ITS PRIVILEGED-OPERATION EXCEPTION, ILC 2",
            get32(GUEST1 + LC_PGM_INT_ID));
}

int main(void)
{
    adv_begin("SIECP");
    adv_catch_program_checks();
    u64 cpuid;
    __asm__ volatile("stidp %0" : "=Q"(cpuid));
    under_cp = cpuid >> 56 == 0xFF;
    u64 start = stck();
    if (under_cp)
        check(diag60() == TOP, "ITS STORAGE IS 1M");
    guest_loops();
    sie_storm();
    operand();
    extents();
    host_dat();
    host_dat_changed();
    channel_over_sd();
    between_entries();
    guest_faults();
    printf("SIECP: ELAPSED %u MS\n", (u32)((stck() - start) / TOD_MS));
    return adv_end();
}
