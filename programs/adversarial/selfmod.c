/* selfmod: an adversary whose channel programs change while they run.
 *
 * Attack: a minidisk program reads over its own CCW list (the next CCW:
 * a continuation that reads the device's characteristics, one that
 * locates in the extent its first part defined, one that defines a
 * second extent), over its define extent's data once the device has it,
 * over a later locate's data, and over the CCW its read data-chains to;
 * and the CPU, between SIO and the end (polled with TIO), widens and
 * narrows the define extent's data and points a later CCW's data area
 * elsewhere or outside its storage.
 *
 * Containment: what the architecture defines, as a bare machine does it:
 * CCWs are fetched when they are reached, so a continuation read in is
 * what runs (its characteristics say 64 blocks); a define extent lasts
 * for the whole chain, so the continuation's locate uses it and a second
 * define extent is a command reject; data moves when its command runs, so
 * a locate read in is obeyed, and the extent the device took is the one
 * it keeps. CP's rules (docs/resource-control.md) where the architecture
 * leaves the timing open: a CCW changed after SIO is not seen, and the
 * define extent CP checked at SIO is the one used. A data chain into a
 * CCW its own data overwrites may use either CCW, but its data lands only
 * in its own areas; everything on its minidisk is what it wrote there.
 */
#include "adv.h"

#define DISK 0x191
#define BLOCKS 64
#define P 0x80000u       /* the CCWs */
#define PD 0x80800u      /* define extent, locate data */
#define Z 0x81000u       /* an area the program reads over */
#define BUFA 0x82000u
#define BUFB 0x82400u
#define BUFC 0x82800u
#define RDC 0x82C00u

static u32 size, at;
static u8 model[BLOCKS][512] __attribute__((aligned(8)));
static u8 img[512] __attribute__((aligned(8)));
static struct fba_prog fp;

static void ccw(u8 cmd, u8 flags, u16 count, u32 data)
{
    *(struct ccw *)at = (struct ccw){cmd, flags, count, data};
    at += 8;
}

static void de_at(u32 a, u32 last)
{
    memset((void *)a, 0, 16);
    put32((u8 *)a + 12, last);
}

static void loc_at(u32 a, u32 block)
{
    memset((void *)a, 0, 8);
    *(u8 *)a = 6;
    *(u8 *)(a + 3) = 1;
    put32((u8 *)a + 4, block);
}

static bool plain(u8 op, u32 block, void *buf)
{
    struct csw s;
    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, op, 1, block, buf);
    if (adv_io(DISK, fp.ccw, 0, &s) != 0 || s.unit != (US_CE | US_DE) || s.chan)
        return false;
    if (op == 1)
        memcpy(model[block], buf, 512);
    return true;
}

static void fresh(void)
{
    memset((void *)P, 0, 0x800);
    for (u32 b = BUFA; b < RDC + 0x400; b += 0x400)
        memset((void *)b, 0xEE, 512);
    at = P;
}

static u32 rdc_blocks(void)
{
    u32 v;
    memcpy(&v, (u8 *)RDC + 14, 4);   /* big-endian, as the device puts it */
    return v;
}

static bool ends_untouched(u32 buf) { return ((u8 *)buf)[0] == 0xEE && ((u8 *)buf)[511] == 0xEE; }

static bool worked(int cc, const struct csw *s) { return cc == 0 && s->unit == (US_CE | US_DE) && !s->chan; }

static bool unit_check(int cc, const struct csw *s, u8 byte1)
{
    u32 sense = adv_sense(DISK);
    return cc == 0 && s->unit == (US_CE | US_DE | US_UC) && !s->chan &&
           (byte1 == 0xFF ? sense >> 8 == SENSE_CMDREJ : sense == (SENSE_CMDREJ << 8 | byte1));
}

/* DE (whole minidisk), locate block `b`, read it over P+24 and on: the
 * CCWs the block holds (img, as they will lie at P+24) are what follows */
static int reads_own_ccws(u32 b, struct csw *s)
{
    memcpy((void *)Z, img, 512);
    plain(1, b, (void *)Z);
    fresh();
    de_at(PD, BLOCKS - 1);
    loc_at(PD + 16, b);
    ccw(0x63, CCW_CC, 16, PD);
    ccw(0x43, CCW_CC, 8, PD + 16);
    ccw(0x42, CCW_CC, 512, P + 24);
    ccw(0x42, 0, 512, BUFC);   /* what P+24 says before the read */
    return adv_io(DISK, (void *)P, 0, s);
}

static void own_ccw_list(void)
{
    struct csw s;
    int cc;
    memset(img, 0, 512);
    *(struct ccw *)img = (struct ccw){0x64, CCW_SLI, 32, RDC};
    cc = reads_own_ccws(5, &s);
    check_x(worked(cc, &s) && s.ccw == P + 32 && rdc_blocks() == BLOCKS && ends_untouched(BUFC),
            "A READ INTO ITS NEXT CCW: THE CCW READ IN RUNS (READ DEVICE CHARACTERISTICS: 64 BLOCKS)", s.ccw);

    memset(img, 0, 512);
    *(struct ccw *)img = (struct ccw){0x43, CCW_CC, 8, P + 24 + 32};
    *(struct ccw *)(img + 8) = (struct ccw){0x42, 0, 512, BUFA};
    loc_at((u32)img + 32, 7);
    cc = reads_own_ccws(6, &s);
    check_x(worked(cc, &s) && !memcmp((void *)BUFA, model[7], 512) && ends_untouched(BUFC),
            "A CONTINUATION READ IN LOCATES IN THE EXTENT ITS FIRST PART DEFINED: READS ITS BLOCK", s.unit << 8 | s.chan);

    memset(img, 0, 512);
    *(struct ccw *)img = (struct ccw){0x63, CCW_CC, 16, P + 24 + 32};
    *(struct ccw *)(img + 8) = (struct ccw){0x43, CCW_CC, 8, P + 24 + 48};
    *(struct ccw *)(img + 16) = (struct ccw){0x42, 0, 512, BUFA};
    put32(img + 32 + 12, BLOCKS - 1);
    loc_at((u32)img + 48, 7);
    cc = reads_own_ccws(12, &s);
    check_x(unit_check(cc, &s, 0xFF) && ends_untouched(BUFA) && ends_untouched(BUFC),
            "A CONTINUATION READ IN DEFINES A SECOND EXTENT: COMMAND REJECT", s.unit << 8 | s.chan);
}

/* DE at `de` (last block `last`), locate 1 @ `b1`, read it into Z, then
 * locate (its data at `loc2`) and read into BUFB */
static int reads_over_data(u32 de, u32 last, u32 b1, u32 loc2, u32 b2, struct csw *s)
{
    fresh();
    de_at(de, last);
    loc_at(PD + 16, b1);
    loc_at(loc2, b2);
    ccw(0x63, CCW_CC, 16, de);
    ccw(0x43, CCW_CC, 8, PD + 16);
    ccw(0x42, CCW_CC, 512, Z);
    ccw(0x43, CCW_CC, 8, loc2);
    ccw(0x42, 0, 512, BUFB);
    return adv_io(DISK, (void *)P, 0, s);
}

static void over_data(void)
{
    struct csw s;
    int cc;
    memset(img, 0, 512);
    de_at((u32)img, BLOCKS - 1);   /* a wider extent, over the one the device took */
    memcpy((void *)Z, img, 512);
    plain(1, 2, (void *)Z);
    cc = reads_over_data(Z, 7, 2, PD + 24, 20, &s);
    check_x(unit_check(cc, &s, SENSE1_OUT_OF_EXTENT) && ends_untouched(BUFB),
            "A READ OVER ITS DEFINE EXTENT'S DATA: THE EXTENT THE DEVICE TOOK HOLDS (OUT OF EXTENT)", s.unit << 8 | s.chan);

    memset(img, 0, 512);
    loc_at((u32)img, 9);   /* the later locate's data, read in */
    memcpy((void *)Z, img, 512);
    plain(1, 8, (void *)Z);
    cc = reads_over_data(PD, BLOCKS - 1, 8, Z, 10, &s);
    check_x(worked(cc, &s) && !memcmp((void *)BUFB, model[9], 512),
            "A READ OVER A LATER LOCATE'S DATA: THE LOCATE READ IN IS OBEYED", s.unit << 8 | s.chan);
    loc_at((u32)img, 40);
    memcpy((void *)Z, img, 512);
    plain(1, 13, (void *)Z);
    cc = reads_over_data(PD, 15, 13, Z, 10, &s);
    check_x(unit_check(cc, &s, SENSE1_OUT_OF_EXTENT) && ends_untouched(BUFB),
            "  ONE READ IN THAT LOCATES OUTSIDE ITS EXTENT: OUT OF EXTENT", s.unit << 8 | s.chan);

    /* its read data-chains to the CCW its first 8 bytes overwrite */
    memset(img, 0, 512);
    *(struct ccw *)img = (struct ccw){0x42, 0, 504, size - 256};
    memcpy((void *)Z, img, 512);
    plain(1, 14, (void *)Z);
    fresh();
    de_at(PD, BLOCKS - 1);
    loc_at(PD + 16, 14);
    ccw(0x63, CCW_CC, 16, PD);
    ccw(0x43, CCW_CC, 8, PD + 16);
    ccw(0x42, CCW_CD, 8, P + 24);
    ccw(0x42, 0, 504, BUFB);
    cc = adv_io(DISK, (void *)P, 0, &s);
    bool old = worked(cc, &s) && !memcmp((void *)BUFB, model[14] + 8, 504);
    bool new = cc == 0 && (s.chan & CS_PROGCHK) && ends_untouched(BUFB);
    check_x(old || new, "A READ DATA-CHAINED TO THE CCW IT OVERWRITES: THAT CCW OR THE ONE READ IN, NOTHING ELSE",
            s.unit << 8 | s.chan);
}

/* 40 NOPs, DE (last block `last`), locate block 40, read into BUFB; after
 * SIO the CPU calls `change`. cc, *s its end, *busy: still running after */
static int changed_after_sio(u32 last, void (*change)(void), struct csw *s, bool *busy)
{
    fresh();
    for (u32 i = 0; i < 40; i++)
        ccw(0x03, CCW_CC | CCW_SLI, 1, PD + 0x40);
    de_at(PD, last);
    loc_at(PD + 16, 40);
    ccw(0x63, CCW_CC, 16, PD);
    ccw(0x43, CCW_CC, 8, PD + 16);
    ccw(0x42, 0, 512, BUFB);
    LOWCORE(u32, LC_CAW) = P;
    int cc = sio(DISK);
    if (cc == 0)
        change();
    *busy = tio(DISK) == 2;
    u64 give_up = stck() + 1000 * TOD_MS;
    while (cc == 0 && tio(DISK) == 2 && stck() < give_up)
        ;
    s->ccw = LOWCORE(u32, LC_CSW) & 0x00FFFFFFu;
    s->unit = LOWCORE(u8, LC_CSW + 4);
    s->chan = LOWCORE(u8, LC_CSW + 5);
    return cc;
}

static void narrow(void) { de_at(PD, 15); }
static void widen(void) { de_at(PD, BLOCKS - 1); }
static void elsewhere(void) { ((struct ccw *)(P + 42 * 8))->data = BUFC; }
static void outside(void) { ((struct ccw *)(P + 42 * 8))->data = size; }

static void cpu_changes(void)
{
    static const struct {
        u32 last;
        void (*change)(void);
        const char *what;
    } t[] = {
        {BLOCKS - 1, narrow, "ITS DEFINE EXTENT NARROWED AFTER SIO: THE ONE CP CHECKED IS USED (READS BLOCK 40)"},
        {15, widen, "ITS DEFINE EXTENT WIDENED AFTER SIO: THE ONE CP CHECKED IS USED (OUT OF EXTENT)"},
        {BLOCKS - 1, elsewhere, "A LATER CCW POINTED ELSEWHERE AFTER SIO: NOT SEEN"},
        {BLOCKS - 1, outside, "A LATER CCW POINTED OUTSIDE ITS STORAGE AFTER SIO: NOT SEEN"},
    };
    for (u32 i = 0; i < 4; i++) {
        struct csw s;
        bool busy;
        int cc = changed_after_sio(t[i].last, t[i].change, &s, &busy);
        bool ok = i == 1 ? unit_check(cc, &s, SENSE1_OUT_OF_EXTENT) && ends_untouched(BUFB)
                         : worked(cc, &s) && !memcmp((void *)BUFB, model[40], 512) && ends_untouched(BUFC);
        check_x(ok, t[i].what, (u32)cc << 16 | s.unit << 8 | s.chan);
        if (!busy)
            printf("SELFMOD: (THE PROGRAM HAD ENDED BEFORE THE CHANGE)\n");
    }
}

int main(void)
{
    adv_begin("SELFMOD");
    adv_catch_program_checks();
    size = diag60();
    bool marked = true;
    for (u32 b = 0; b < BLOCKS; b++) {
        for (u32 i = 0; i < 512; i++)
            img[i] = (u8)(b * 11 + i * 3 + (i >> 8));
        put32(img, 0xE2C5D3C6u);   /* "SELF" */
        put32(img + 4, b);
        marked &= plain(1, b, img);
    }
    check(marked, "MARK ITS MINIDISK WITH ITS OWN PATTERN");
    own_ccw_list();
    over_data();
    cpu_changes();
    bool own = true;
    for (u32 b = 0; b < BLOCKS; b++)
        own &= plain(6, b, img) && !memcmp(img, model[b], 512);
    check(own, "EVERY BLOCK OF ITS MINIDISK HOLDS WHAT IT WROTE THERE");
    return adv_end();
}
