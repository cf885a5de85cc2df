/* dechain: an adversary whose define extents are split across data
 * chains.
 *
 * Attack: a define extent's 16 bytes come from a data chain of pieces
 * (4+12, 1+15, 8+8, 4+4+4+4, and with a TIC inside the chain), scattered
 * through its storage, each piece followed by a decoy: the rest of an
 * extent that says the opposite (one CP would refuse after a good piece,
 * one it would allow after a bad one), for a CP that reads 16 bytes from
 * the first piece. A CP that cannot check such an extent and leaves the
 * data chain to the device lets the guest's own origin, first and last
 * block reach the device unrelocated: it reads blocks of VICTIM1, VICTIM2
 * and CMSUSER (origins 64, 128, 192 of the real DASD), writes a free block
 * of the real DASD, and writes its own read-only 192; all through SIO and
 * through DIAGNOSE X'18'. It also gives chains shorter than 16 bytes, a
 * piece outside its storage, and more than 16 bytes.
 *
 * Containment, CP's rule: CP assembles the define extent's 16 bytes from
 * the whole data chain and checks and relocates it as an unchained one.
 * So, as on a bare 64-block disk: a chained extent inside its minidisk
 * reads and writes its own blocks (and 190's, MAINT's CMS disk, linked
 * read-only); one that reaches beyond gets unit check, command reject,
 * out of extent (sense byte 1 X'08'); a write through 192 or 190 gets
 * write inhibited (X'04'); fewer than 16 bytes, command reject; a piece
 * outside its storage, a channel program check at that piece's CCW; more
 * than 16 bytes without SLI, incorrect length, which suppresses command
 * chaining (the read after it does not run). Everything it reads is its
 * own pattern or zeros (or 190's).
 */
#include "adv.h"

#define DISK 0x191
#define RODISK 0x192
#define CMSDISK 0x190
#define BLOCKS 64
#define PROG 0x80000u     /* the CCWs */
#define REMOTE 0x80400u   /* the CCWs after a TIC */
#define LOCDATA 0x80800u
#define PIECES 0x81000u   /* piece i at PIECES + 0x100 * i */
#define BUF 0x82000u

struct split {
    const char *name;
    u8 len[5];   /* the pieces, 0 ends */
    u8 tic;      /* a TIC before piece `tic` (0: none) */
};

static const struct split splits[] = {
    {"4+12", {4, 12}, 0},
    {"1+15", {1, 15}, 0},
    {"8+8", {8, 8}, 0},
    {"4+4+4+4", {4, 4, 4, 4}, 0},
    {"4+TIC+12", {4, 12}, 1},
    {"2+6+TIC+8", {2, 6, 8}, 2},
};

static u32 size, foreign;
static u8 model[BLOCKS][512] __attribute__((aligned(8)));
static u8 cms5[512] __attribute__((aligned(8)));
static struct fba_prog fp;
static u32 piece_ccw[6];   /* where each piece's CCW is */

static void pattern(u8 *p, u32 tag)
{
    for (u32 i = 0; i < 512; i++)
        p[i] = (u8)(tag * 13 + i * 5 + (i >> 8));
    put32(p, 0xC4C5C3C8u);   /* "DECH" */
    put32(p + 4, tag);
}

static void extent(u8 *de, u8 mask, u32 origin, u32 first, u32 last)
{
    memset(de, 0, 32);
    de[0] = mask;
    put32(de + 4, origin);
    put32(de + 8, first);
    put32(de + 12, last);
}

/* The program at PROG: the define extent `de` in the pieces of `sp`
 * (each followed by the rest of `decoy`), the last piece's flags `last`,
 * then locate `op` block `block` and read or write it at BUF. */
static void build(const struct split *sp, const u8 *de, const u8 *decoy, u8 last, u8 op, u32 block)
{
    u32 at = PROG, off = 0, i;
    for (i = 0; sp->len[i]; i++) {
        u32 p = PIECES + 0x100 * i, n = sp->len[i];
        memcpy((void *)p, de + off, n);
        if (off + n < 16)
            memcpy((void *)(p + n), decoy + off + n, 16 - off - n);
        if (i && i == sp->tic) {
            *(struct ccw *)at = (struct ccw){0x08, 0, 0, REMOTE};
            at = REMOTE;
        }
        piece_ccw[i] = at;
        *(struct ccw *)at = (struct ccw){0x63, sp->len[i + 1] ? CCW_CD : last, (u16)n, p};
        at += 8;
        off += n;
    }
    u8 *loc = (u8 *)LOCDATA;
    memset(loc, 0, 8);
    loc[0] = op;
    loc[3] = 1;
    put32(loc + 4, block);
    *(struct ccw *)at = (struct ccw){0x43, CCW_CC, 8, LOCDATA};
    *(struct ccw *)(at + 8) = (struct ccw){op == 1 ? 0x41 : 0x42, 0, 512, BUF};
}

enum { WORKED, UNITCHK, OTHER };

/* Run PROG on dev by SIO or DIAGNOSE X'18': WORKED, UNITCHK (*sense its
 * first two bytes) or OTHER; *s the status (cc in the CCW address's top) */
static int run(u16 dev, bool diag, u32 *sense, struct csw *s)
{
    int cc;
    memset(s, 0, sizeof *s);
    if (diag) {
        u32 rx;
        cc = diag18(dev, (void *)PROG, &rx);
        s->unit = cc == 0 ? US_CE | US_DE : (u8)(rx >> 8);
        s->chan = cc == 0 ? 0 : (u8)rx;
    } else {
        cc = adv_io(dev, (void *)PROG, 0, s);
    }
    bool ended = diag ? cc <= 1 : cc == 0;
    s->ccw |= (u32)(cc & 0xFF) << 24;
    if (ended && s->unit == (US_CE | US_DE) && !s->chan)
        return WORKED;
    if (ended && s->unit == (US_CE | US_DE | US_UC) && !s->chan) {
        *sense = adv_sense(dev);
        return UNITCHK;
    }
    return OTHER;
}

/* what went wrong, for the FAIL line: 1000SSSS (unit check, sense) or
 * the condition code, unit and channel status and CCW address's low byte */
static u32 got(int how, u32 sense, const struct csw *s)
{
    return how == UNITCHK ? 0x10000000u | sense
                          : (u32)how << 28 | (s->ccw >> 24) << 24 | (u32)s->unit << 16 | (u32)s->chan << 8 | (s->ccw & 0xFF);
}

/* BUF holds its own data: untouched, zeros, one of its blocks or 190's */
static bool buf_own(void)
{
    const u8 *b = (const u8 *)BUF;
    bool own = !memcmp(b, cms5, 512), zero = true, untouched = true;
    for (u32 i = 0; i < 512; i++)
        zero &= b[i] == 0, untouched &= b[i] == 0xEE;
    for (u32 k = 0; k < BLOCKS; k++)
        own |= !memcmp(b, model[k], 512);
    own |= zero || untouched;
    foreign += !own;
    return own;
}

/* One split, by SIO or DIAG X'18': a good extent reads block `k`; one at
 * origin `bad` is refused */
static void one_split(const struct split *sp, bool diag, u32 k, u32 bad)
{
    u8 good[32], wide[32];
    u32 sense = 0;
    struct csw s;
    char what[120];
    const char *via = diag ? "DIAGNOSE X'18'" : "SIO";
    extent(good, 0, 0, 0, BLOCKS - 1);
    extent(wide, 0, bad, 0, 0);
    memset((void *)BUF, 0xEE, 512);
    build(sp, good, wide, CCW_CC, 6, k);
    int how = run(DISK, diag, &sense, &s);
    snprintf(what, sizeof what, "%s, EXTENT IN PIECES %s INSIDE ITS MINIDISK: READS ITS BLOCK %u", via, sp->name, k);
    check_x(how == WORKED && !memcmp((void *)BUF, model[k], 512), what, got(how, sense, &s));

    memset((void *)BUF, 0xEE, 512);
    build(sp, wide, good, CCW_CC, 6, 0);
    how = run(DISK, diag, &sense, &s);
    snprintf(what, sizeof what, "%s, EXTENT IN PIECES %s AT ORIGIN %u: OUT OF EXTENT, NOTHING READ", via, sp->name, bad);
    check_x(how == UNITCHK && sense == (SENSE_CMDREJ << 8 | SENSE1_OUT_OF_EXTENT) && buf_own(), what,
            got(how, sense, &s));
}

/* A write of block `block` on dev through the chained extent `de`, by SIO
 * (pieces 4+12) and DIAG X'18' (4+4+4+4): unit check, sense byte 1 byte1 */
static void write_refused(u16 dev, const u8 *de, u32 block, u8 byte1, const char *what)
{
    u8 good[32];
    u32 sense = 0;
    struct csw s;
    extent(good, 0, 0, 0, 15);
    pattern((u8 *)BUF, 0x5000 + block);
    for (int diag = 0; diag < 2; diag++) {
        char line[120];
        build(&splits[diag ? 3 : 0], de, good, CCW_CC, 1, block);
        int how = run(dev, diag, &sense, &s);
        snprintf(line, sizeof line, "%s (%s)", what, diag ? "DIAGNOSE X'18'" : "SIO");
        check_x(how == UNITCHK && sense == (SENSE_CMDREJ << 8 | byte1), line, got(how, sense, &s));
    }
}

static bool plain(u16 dev, u8 op, u32 block, u32 last, void *buf)
{
    struct csw s;
    fba_prog(&fp, 0, 0, 0, last, op, 1, block, buf);
    return adv_io(dev, fp.ccw, 0, &s) == 0 && s.unit == (US_CE | US_DE) && !s.chan;
}

static void writes(void)
{
    static u8 ro[512], back[512] __attribute__((aligned(8)));
    u8 de[32], decoy[32];
    u32 sense = 0;
    struct csw s;
    extent(decoy, 0, 0x7FF, 0, 0);
    extent(de, 0, 0, 0, BLOCKS - 1);
    for (int diag = 0; diag < 2; diag++) {
        u32 k = 9 + diag;
        pattern((u8 *)BUF, 0x4000 + k);
        build(&splits[1 + diag], de, decoy, CCW_CC, 1, k);
        int how = run(DISK, diag, &sense, &s);
        if (plain(DISK, 6, k, BLOCKS - 1, back) && !memcmp(back, (void *)BUF, 512))
            memcpy(model[k], back, 512);
        check_x(how == WORKED && !memcmp(model[k], (void *)BUF, 512),
                diag ? "DIAGNOSE X'18' WRITE THROUGH AN EXTENT IN PIECES 8+8: WRITTEN"
                     : "SIO WRITE THROUGH AN EXTENT IN PIECES 1+15: WRITTEN",
                got(how, sense, &s));
    }
    extent(de, 0, 1120, 0, 0);   /* a free block of the real DASD */
    write_refused(DISK, de, 0, SENSE1_OUT_OF_EXTENT, "WRITE THROUGH A CHAINED EXTENT AT ORIGIN 1120: OUT OF EXTENT");
    plain(RODISK, 6, 0, 15, ro);
    extent(de, 0, 0, 15, 15);
    write_refused(RODISK, de, 15, SENSE1_WRITE_INHIBITED, "WRITE TO ITS READ-ONLY 192 THROUGH A CHAINED EXTENT: WRITE INHIBITED");
    extent(de, 0, 1088, 0, 0);   /* 192's own first block on the real DASD */
    write_refused(RODISK, de, 0, SENSE1_OUT_OF_EXTENT, "WRITE TO 192 THROUGH A CHAINED EXTENT AT ORIGIN 1088: OUT OF EXTENT");
    check(plain(RODISK, 6, 0, 15, back) && !memcmp(ro, back, 512), "  ITS 192 IS UNCHANGED");
    extent(de, 0, 0, 15, 15);
    write_refused(CMSDISK, de, 15, SENSE1_WRITE_INHIBITED, "WRITE TO 190 THROUGH A CHAINED EXTENT: WRITE INHIBITED");
}

static void short_chains(void)
{
    static const struct split shorts[] = {{"4+4", {4, 4}, 0}, {"4+4+4", {4, 4, 4}, 0}, {"8+TIC+7", {8, 7}, 1}};
    u8 de[32];
    u32 sense = 0;
    struct csw s;
    char what[120];
    extent(de, 0, 0, 0, BLOCKS - 1);
    for (u32 i = 0; i < 3; i++) {
        build(&shorts[i], de, de, CCW_CC, 6, 1);
        int how = run(DISK, i == 1, &sense, &s);
        snprintf(what, sizeof what, "%s, AN EXTENT OF PIECES %s, FEWER THAN 16 BYTES: COMMAND REJECT",
                 i == 1 ? "DIAGNOSE X'18'" : "SIO", shorts[i].name);
        check_x(how == UNITCHK && sense >> 8 == SENSE_CMDREJ, what, got(how, sense, &s));
    }
    static const char *const outside[] = {"A PIECE OF THE EXTENT OUTSIDE ITS STORAGE: PROGRAM CHECK AT ITS CCW",
                                          "A PIECE OF THE EXTENT ACROSS ITS STORAGE'S END: PROGRAM CHECK AT ITS CCW",
                                          "DIAGNOSE X'18', A PIECE OUTSIDE ITS STORAGE: PROGRAM CHECK"};
    for (u32 i = 0; i < 3; i++) {
        build(&splits[0], de, de, CCW_CC, 6, 1);
        ((struct ccw *)piece_ccw[1])->data = i == 1 ? size - 8 : size;
        int how = run(DISK, i == 2, &sense, &s);
        check_x(how == OTHER && (s.chan & CS_PROGCHK) && (i == 2 || (s.ccw & 0xFFFFFF) == piece_ccw[1] + 8),
                outside[i], got(how, sense, &s));
    }
}

/* 20 bytes of extent: incorrect length ends it unless SLI */
static void long_chain(void)
{
    static const struct split longer = {"8+12", {8, 12}, 0};
    u8 de[32];
    u32 sense = 0;
    struct csw s;
    extent(de, 0, 0, 0, BLOCKS - 1);
    for (int i = 0; i < 3; i++) {
        memset((void *)BUF, 0xEE, 512);
        build(&longer, de, de, i == 2 ? CCW_CC | CCW_SLI : CCW_CC, 6, 1);
        int how = run(DISK, i == 1, &sense, &s);
        bool ok = s.unit == (US_CE | US_DE) && s.chan == CS_IL && ((const u8 *)BUF)[0] == 0xEE;
        if (i == 0)
            ok &= s.ccw == piece_ccw[1] + 8 && s.residual == 4;
        if (i == 2)
            ok = how == WORKED && !memcmp((void *)BUF, model[1], 512);
        check_x(ok, i == 0   ? "20 BYTES OF EXTENT (8+12): INCORRECT LENGTH AT THE LAST PIECE, RESIDUAL 4, THE READ NOT RUN"
                    : i == 1 ? "DIAGNOSE X'18', 20 BYTES OF EXTENT (8+12): INCORRECT LENGTH, THE READ NOT RUN"
                             : "20 BYTES OF EXTENT, SLI ON THE LAST PIECE: READS ITS BLOCK",
                got(how, sense, &s));
    }
}

int main(void)
{
    static const u32 bad[] = {64, 128, 192, 1088, 700, 1472};
    static const u32 good[] = {3, 17, 33, 47, 55, 63};
    static u8 back[512] __attribute__((aligned(8)));
    u8 de[32];
    u32 sense = 0;
    struct csw s;
    adv_begin("DECHAIN");
    adv_catch_program_checks();
    size = diag60();
    bool marked = true;
    for (u32 b = 0; b < BLOCKS; b++) {
        pattern(model[b], 0x1910000 | b);
        marked &= plain(DISK, 1, b, BLOCKS - 1, model[b]);
    }
    check(marked, "MARK ITS MINIDISK WITH ITS OWN PATTERN");
    check(plain(CMSDISK, 6, 5, 4095, cms5), "READ BLOCK 5 OF 190");

    for (u32 i = 0; i < sizeof splits / sizeof splits[0]; i++) {
        one_split(&splits[i], false, good[i], bad[i]);
        one_split(&splits[i], true, good[(i + 3) % 6], bad[(i + 1) % 6]);
    }
    extent(de, 0, 0, 0, 4095);
    memset((void *)BUF, 0xEE, 512);
    build(&splits[4], de, de, CCW_CC, 6, 5);
    int how = run(CMSDISK, false, &sense, &s);
    check_x(how == WORKED && !memcmp((void *)BUF, cms5, 512), "SIO, EXTENT IN PIECES 4+TIC+12 ON 190: READS ITS BLOCK 5",
            got(how, sense, &s));
    writes();
    short_chains();
    long_chain();

    bool own = true;
    for (u32 b = 0; b < BLOCKS; b++)
        own &= plain(DISK, 6, b, BLOCKS - 1, back) && !memcmp(back, model[b], 512);
    check(own, "EVERY BLOCK OF ITS MINIDISK HOLDS WHAT IT WROTE THERE");
    check_x(!foreign, "EVERYTHING IT READ WAS ITS OWN DATA, 190'S OR ZEROS", foreign);
    return adv_end();
}
