/* pgmedge: every program interruption a guest's own DAT can give, for
 * equivalence: the ones CP's shadow tables must turn into the guest's own
 * exception (cp/shadow.c's shadow_fault and cp/trap.c), each with the
 * old PSW where the architecture puts it.
 *
 * Translation exceptions (segment 0x10, page 0x11) nullify: the old PSW
 * at the instruction, the TEA stored. The translation-specification
 * exception (0x12: a must-be-zero bit in a segment- or page-table entry, a
 * common segment in a private space, a bad CR0 translation format) and
 * the addressing exception (0x05: a table, or the page, beyond storage)
 * suppress: the old PSW past the instruction, or for the instruction
 * fetch itself two bytes past its address; so does the protection
 * exception (0x04) of a store into a page its entry protects. Each probe fetches, stores or
 * branches with DAT on (identity-mapped below 1 MB) and prints the code,
 * the ILC, the old PSW relative to the instruction (or to the branch
 * target) and the TEA. LRA and STCTL (which CP simulates) of the same
 * pages come last.
 */
#include "creasy.h"
#include "probe.h"

#define STO 0x40000u   /* segment table: 16 entries (CR1 STL 0: 16M) */
#define PTS 0x41000u   /* page tables, 1K each, one per segment */
#define FRAME 0x80000u /* a real frame for the pages that are valid */
#define SCRATCH 0x1F8u /* for STOSM/STNSM around each probe */

/* one 1M segment per case */
#define SEG_PTE_BITS 0x100000u   /* page 0: PTE bit 20, page 1: bit 23, page 2: bit 0, page 3 valid,
                                    page 4 beyond storage, page 5 invalid, page 6 protected */
#define SEG_STE_BIT0 0x200000u   /* STE bit 0 */
#define SEG_COMMON 0x300000u     /* a common segment */
#define SEG_PTO_BEYOND 0x400000u /* its page table beyond storage */
#define SEG_SHORT 0x500000u      /* page-table length 0: 16 pages */
#define SEG_INVALID 0x600000u    /* segment invalid */
#define BEYOND_STL 0x1000000u    /* past the segment table's length */

static u32 cr0, cr1;

static u32 *pt(u32 seg) { return (u32 *)(PTS + (seg >> 20) * 1024); }

static void tables(void)
{
    u32 *st = (u32 *)STO;
    for (u32 s = 0; s < 16; s++) {
        st[s] = (PTS + s * 1024) | 0xF;
        for (u32 p = 0; p < 256; p++)
            pt(s << 20)[p] = s ? PTE_INVALID : p << 12;   /* identity below 1 MB */
    }
    pt(SEG_PTE_BITS)[0] = FRAME | 0x800u;
    pt(SEG_PTE_BITS)[1] = FRAME | 0x100u;
    pt(SEG_PTE_BITS)[2] = FRAME | 0x80000000u;
    pt(SEG_PTE_BITS)[3] = FRAME;
    pt(SEG_PTE_BITS)[4] = 0x7F000000u;
    pt(SEG_PTE_BITS)[5] = PTE_INVALID;
    pt(SEG_PTE_BITS)[6] = FRAME | PTE_PROTECT;
    st[SEG_STE_BIT0 >> 20] |= 0x80000000u;
    st[SEG_COMMON >> 20] |= STE_COMMON;
    pt(SEG_COMMON)[0] = FRAME;
    st[SEG_PTO_BEYOND >> 20] = 0x7F000000u | 0xF;
    st[SEG_SHORT >> 20] = (PTS + (SEG_SHORT >> 20) * 1024) | 0x0;
    pt(SEG_SHORT)[0] = FRAME;
    st[SEG_INVALID >> 20] = STE_INVALID;
    cr1 = STO;   /* STL 0 */
    cr0 = (stctl(0) & ~CR0_TRANS_FORMAT) | CR0_TRANS_FORMAT_VALUE;
    lctl(1, cr1);
    lctl(0, cr0);
}

#define DAT_ON "stosm 0x1F8(%%r0),0x04"
#define DAT_OFF "stnsm 0x1F8(%%r0),0xFB"

static void report(const char *what, u32 base)
{
    char buf[80];
    u32 code = probe_code & 0xFF;
    probe_result(buf, sizeof buf, base);
    if (code == PGM_SEGMENT_TRANSLATION || code == PGM_PAGE_TRANSLATION)
        printf("%s: %s TEA %08X", what, buf, probe_tea);
    else
        printf("%s: %s", what, buf);
    lctl(0, cr0);   /* as it was, whatever the probe loaded */
    lctl(1, cr1);
}

/* A fetch, a store or a branch at `va` with DAT on. */
#define FETCH(what, va) report(what, PROBE(DAT_ON, "l %%r3,0(%%r4)\n\t" DAT_OFF, va, 0))
#define STORE(what, va) report(what, PROBE(DAT_ON, "st %%r3,0(%%r4)\n\t" DAT_OFF, va, 0))
#define BRANCH(what, va) (PROBE(DAT_ON, "br %%r4", va, 0), report(what, va))
/* LRA and a simulated store (STCTL) */
#define LRA(what, va)                                                               \
    do {                                                                            \
        u32 r_, ia_ = PROBE(DAT_ON, "lra %%r5,0(%%r4)\n\t" DAT_OFF "\n\tst %%r5,0x1F0(%%r0)\n\tipm %%r5\n\tst %%r5,0x1F4(%%r0)", va, 0); \
        r_ = LOWCORE(u32, 0x1F4);                                                  \
        if (probe_code)                                                             \
            report(what, ia_);                                                      \
        else {                                                                      \
            printf("%s: CC %u RESULT %08X", what, r_ >> 28, LOWCORE(u32, 0x1F0));  \
            lctl(0, cr0);                                                           \
        }                                                                           \
    } while (0)
#define STCTL(what, va) report(what, PROBE(DAT_ON, "stctl %%c0,%%c0,0(%%r4)\n\t" DAT_OFF, va, 0))

int main(void)
{
    probe_init();
    tables();
    FETCH("FETCH VALID PAGE", SEG_PTE_BITS + 0x3000);
    FETCH("FETCH PTE BIT 20", SEG_PTE_BITS);
    STORE("STORE PTE BIT 20", SEG_PTE_BITS);
    BRANCH("BRANCH PTE BIT 20", SEG_PTE_BITS);
    FETCH("FETCH PTE BIT 23", SEG_PTE_BITS + 0x1000);
    FETCH("FETCH PTE BIT 0", SEG_PTE_BITS + 0x2000);
    FETCH("FETCH STE BIT 0", SEG_STE_BIT0);
    BRANCH("BRANCH STE BIT 0", SEG_STE_BIT0);
    FETCH("FETCH COMMON SEGMENT", SEG_COMMON);
    cr1 = STO | CR1_PRIVATE;
    lctl(1, cr1);
    FETCH("FETCH COMMON SEGMENT, PRIVATE SPACE", SEG_COMMON);
    FETCH("FETCH PAGE 0, PRIVATE SPACE", 0x1000);
    cr1 = STO;
    lctl(1, cr1);
    FETCH("FETCH PAGE BEYOND STORAGE", SEG_PTE_BITS + 0x4000);
    BRANCH("BRANCH PAGE BEYOND STORAGE", SEG_PTE_BITS + 0x4000);
    FETCH("FETCH PAGE TABLE BEYOND STORAGE", SEG_PTO_BEYOND);
    BRANCH("BRANCH PAGE TABLE BEYOND STORAGE", SEG_PTO_BEYOND);
    FETCH("FETCH PAGE INVALID", SEG_PTE_BITS + 0x5000);
    FETCH("FETCH PROTECTED PAGE", SEG_PTE_BITS + 0x6000);
    STORE("STORE PROTECTED PAGE", SEG_PTE_BITS + 0x6000);
    FETCH("FETCH PAST PAGE-TABLE LENGTH", SEG_SHORT + 0x10000);
    FETCH("FETCH SEGMENT INVALID", SEG_INVALID);
    FETCH("FETCH PAST SEGMENT-TABLE LENGTH", BEYOND_STL);
    /* CR0 with a bad translation format, loaded with DAT on: the next
     * instruction fetch (two bytes past it: the old PSW at +6) */
    static u32 bad_cr0;
    bad_cr0 = cr0 & ~CR0_TRANS_FORMAT;
    report("LCTL BAD TRANSLATION FORMAT", PROBE(DAT_ON, "lctl %%c0,%%c0,0(%%r4)\n\tnopr %%r0\n\tnopr %%r0\n\t" DAT_OFF, (u32)&bad_cr0, 0));
    /* CR1 with the segment table beyond storage: likewise */
    static u32 far_cr1 = 0x7F000000u;
    report("LCTL SEGMENT TABLE BEYOND STORAGE", PROBE(DAT_ON, "lctl %%c1,%%c1,0(%%r4)\n\tnopr %%r0\n\tnopr %%r0\n\t" DAT_OFF, (u32)&far_cr1, 0));
    LRA("LRA VALID PAGE", SEG_PTE_BITS + 0x3000);
    LRA("LRA PTE BIT 20", SEG_PTE_BITS);
    LRA("LRA STE BIT 0", SEG_STE_BIT0);
    LRA("LRA PAGE TABLE BEYOND STORAGE", SEG_PTO_BEYOND);
    STCTL("STCTL PTE BIT 20", SEG_PTE_BITS);
    STCTL("STCTL STE BIT 0", SEG_STE_BIT0);
    STCTL("STCTL PAGE TABLE BEYOND STORAGE", SEG_PTO_BEYOND);
    STCTL("STCTL SEGMENT INVALID", SEG_INVALID);
    return 0;
}
