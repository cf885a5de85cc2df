/* ticdc: an adversary whose data chain runs through a TIC into what its
 * own program has read.
 *
 * Attack: a minidisk program that reads its own continuation from disk is
 * run by CP in parts, and the real CCW table of a part is reused for the
 * next. The first part is long: NOPs, then a define extent whose count (up
 * to 4096, with SLI) it chooses, then the read of the second part and a
 * TIC to it. The second part is shorter and ends in a data-chained read or
 * write followed by a TIC into storage that part has read: on the bare
 * machine the data chain goes on with the CCW the read put there; a CP
 * that splits the program at that TIC leaves the real data chain running
 * into the stale entry of the first part at the same place: CP's own copy
 * of the define extent, with the guest's count. Through SIO and DIAGNOSE
 * X'18': a write whose second block would come from CP's storage, reads
 * whose second block would go into it (64 bytes; then 4096, over CP's
 * completion routine, last), and the simplest case, one program whose
 * data-chained read TICs into its own data area.
 *
 * Containment, CP's rule (docs/resource-control.md): a TIC inside a data
 * chain whose target lies in storage the same program reads into gets a
 * channel program check at that TIC (the CSW's CCW address is the TIC's +
 * 8); CP never splits a data chain. A data chain through a TIC to storage
 * the program does not read works as on the bare machine. Everything it
 * reads back from its minidisk is its own data or zeros, and nothing in
 * its storage changes but the data areas its programs name.
 */
#include "adv.h"

#define DISK 0x191
#define BLOCKS 64
#define ARENA 0x80000u          /* its channel programs and data areas */
#define ARENA_SIZE 0x6000u
#define SNAP 0xA0000u           /* the arena as it was at SIO */
#define P1 (ARENA + 0x000)      /* the first part */
#define P1DATA (ARENA + 0x200)  /* its define extent and locate */
#define A (ARENA + 0x1000)      /* the second part, read in by the first */
#define R (ARENA + 0x2000)      /* what the data-chained TIC points into */
#define W (ARENA + 0x3000)      /* write buffers */
#define W2 (ARENA + 0x3400)
#define C (ARENA + 0x4000)      /* the area a CCW read in at R names */
#define X (ARENA + 0x5000)      /* a continuation CCW nothing reads over */

static u8 model[BLOCKS][512] __attribute__((aligned(8)));   /* what it wrote */
static u8 blk[512] __attribute__((aligned(8)));
static struct fba_prog fp;
static u32 at;   /* where ccw() puts the next CCW */

static void ccw(u8 cmd, u8 flags, u16 count, u32 data)
{
    *(struct ccw *)at = (struct ccw){cmd, flags, count, data};
    at += 8;
}

/* a define extent (origin 0, blocks 0 to last) at a, or a locate */
static void de_at(u32 a, u32 last) { ((u32 *)a)[0] = ((u32 *)a)[1] = ((u32 *)a)[2] = 0, ((u32 *)a)[3] = last; }
static void loc_at(u32 a, u8 op, u16 count, u32 block) { ((u32 *)a)[0] = (u32)op << 24 | count, ((u32 *)a)[1] = block; }

static void pattern(u8 *p, u32 tag)
{
    for (u32 i = 0; i < 512; i++)
        p[i] = (u8)(tag * 29 + i * 7 + (i >> 8));
    put32(p, 0xE3C9C3C4u);   /* "TICD" */
    put32(p + 4, tag);
}

static bool plain_io(u8 op, u32 block, void *buf)
{
    struct csw s;
    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, op, 1, block, buf);
    if (adv_io(DISK, fp.ccw, 0, &s) != 0 || s.unit != (US_CE | US_DE) || s.chan)
        return false;
    if (op == 1)
        memcpy(model[block], buf, 512);
    return true;
}

/* blocks k on hold the 512-byte areas listed (0 ends); then a fresh arena */
static void plant(u32 k, const u32 *areas)
{
    bool ok = true;
    for (; *areas; areas++, k++)
        ok &= plain_io(1, k, (void *)*areas);
    if (!ok)
        check(false, "  (PLANTING ITS PROGRAM)");
    memset((void *)ARENA, 0xA5, ARENA_SIZE);
}

/* what the arena was at SIO */
static void arena_snap(void) { memcpy((void *)SNAP, (void *)ARENA, ARENA_SIZE); }

/* nothing in the arena changed but the 512-byte areas listed (0 ends) */
static bool only_named(const u32 *areas)
{
    const u8 *now = (const u8 *)ARENA, *was = (const u8 *)SNAP;
    for (u32 i = 0; i < ARENA_SIZE; i++) {
        bool named = now[i] == was[i];
        for (const u32 *a = areas; *a; a++)
            named |= ARENA + i >= *a && ARENA + i < *a + 512;
        if (!named)
            return false;
    }
    return true;
}

/* block `block` is its own data: zeros, what it wrote anywhere, or one of
 * its write buffers (then the model holds it) */
static bool own_block(u32 block)
{
    static const u8 zero[512];
    if (!plain_io(6, block, blk))
        return false;
    bool own = !memcmp(blk, zero, 512) || !memcmp(blk, (void *)W, 512) || !memcmp(blk, (void *)W2, 512);
    for (u32 b = 0; b < BLOCKS && !own; b++)
        own = !memcmp(blk, model[b], 512);
    if (own)
        memcpy(model[block], blk, 512);
    return own;
}

static bool progchk_at(int cc, const struct csw *s, u32 tic)
{
    return cc == 0 && (s->chan & CS_PROGCHK) && s->ccw == tic + 8;
}

/* CP's rule for a later part: the program check at its TIC; or, if CP
 * keeps the extent the first part defined for it (as the bare machine's
 * device keeps it for the chain), command reject at the part's own define
 * extent at A, before the TIC is reached. By SIO (cc, *s) or DIAG X'18'
 * (cc, the status in rx). */
static bool part_refused(bool diag, int cc, const struct csw *s, u32 rx, u32 tic)
{
    u32 rej = (u32)(US_CE | US_DE | US_UC) << 8;
    if (diag)
        return cc == 1 && ((rx & CS_PROGCHK) || ((rx & 0xFFFF) == rej && adv_sense(DISK) >> 8 == SENSE_CMDREJ));
    return progchk_at(cc, s, tic) || (cc == 0 && (u32)s->unit << 8 == rej && !s->chan && s->ccw == A + 8 &&
                                      adv_sense(DISK) >> 8 == SENSE_CMDREJ);
}

/* define extent, locate `count` blocks at `block` for `op`, at P1 */
static void prologue(u8 op, u16 count, u32 block)
{
    de_at(P1DATA, BLOCKS - 1);
    loc_at(P1DATA + 16, op, count, block);
    at = P1;
    ccw(0x63, CCW_CC, 16, P1DATA);
    ccw(0x43, CCW_CC, 8, P1DATA + 16);
}

/* Equivalence: a data chain through a TIC to a CCW nothing reads over. */
static void through_tic(void)
{
    static const u32 rc[] = {R, C, 0};
    struct csw s;
    u32 rx;
    memset((void *)ARENA, 0xA5, ARENA_SIZE);
    prologue(6, 2, 10);
    ccw(0x42, CCW_CD, 512, R);
    ccw(0x08, 0, 0, X);
    *(struct ccw *)X = (struct ccw){0x42, 0, 512, C};
    arena_snap();
    int cc = adv_io(DISK, (void *)P1, 0, &s);
    check_x(cc == 0 && s.unit == (US_CE | US_DE) && !s.chan && !memcmp((void *)R, model[10], 512) &&
                !memcmp((void *)C, model[11], 512) && only_named(rc),
            "READ DATA-CHAINED THROUGH A TIC TO A CCW IT DOES NOT READ OVER: AS ON THE BARE MACHINE", s.chan);
    memset((void *)R, 0xA5, 512);
    memset((void *)C, 0xA5, 512);
    check(diag18(DISK, (void *)P1, &rx) == 0 && !memcmp((void *)R, model[10], 512) &&
              !memcmp((void *)C, model[11], 512) && only_named(rc),
          "  THE SAME THROUGH DIAGNOSE X'18'");

    pattern((u8 *)W, 0x120);
    pattern((u8 *)W2, 0x121);
    prologue(1, 2, 12);
    ccw(0x41, CCW_CD, 512, W);
    *(struct ccw *)X = (struct ccw){0x41, 0, 512, W2};
    cc = adv_io(DISK, (void *)P1, 0, &s);
    check(cc == 0 && s.unit == (US_CE | US_DE) && !s.chan && own_block(12) && own_block(13) &&
              !memcmp(model[12], (void *)W, 512) && !memcmp(model[13], (void *)W2, 512),
          "WRITE DATA-CHAINED THROUGH A TIC: BOTH BLOCKS WRITTEN FROM ITS BUFFERS");
}

/* One program: a data-chained read of two blocks at `block` into R, and a
 * TIC to R, where the first block puts a CCW for the second (into C). */
static void tic_into_own_read(u32 block, bool diag)
{
    static const u32 rc[] = {R, C, 0}, planted[] = {R, 0};
    struct csw s;
    u32 rx;
    *(struct ccw *)R = (struct ccw){0x42, 0, 512, C};
    plant(block, planted);
    prologue(6, 2, block);
    ccw(0x42, CCW_CD, 512, R);
    ccw(0x08, 0, 0, R);
    arena_snap();
    if (diag) {
        int cc = diag18(DISK, (void *)P1, &rx);
        check_x(cc == 1 && (rx & CS_PROGCHK), "DIAGNOSE X'18': A DATA-CHAINED READ TICS INTO WHAT IT READ: PROGRAM CHECK",
                (u32)cc << 16 | (rx & 0xFFFF));
    } else {
        int cc = adv_io(DISK, (void *)P1, 0, &s);
        check_x(progchk_at(cc, &s, P1 + 24), "A DATA-CHAINED READ TICS INTO WHAT IT READ: PROGRAM CHECK AT THE TIC",
                s.ccw << 8 | s.chan);
    }
    check(only_named(rc), "  NOTHING IN ITS STORAGE CHANGED BUT ITS DATA AREAS");
}

/* The first part: NOPs, its define extent (count `decount`, SLI) at
 * `depos`, then the read of block `k1` into A and a TIC to A. */
static void first_part(u32 depos, u16 decount, u32 k1)
{
    at = P1;
    for (u32 i = 0; i < depos; i++)
        ccw(0x03, CCW_CC | CCW_SLI, 1, P1DATA + 0x40);
    de_at(P1DATA, BLOCKS - 1);
    loc_at(P1DATA + 16, 6, 1, k1);
    ccw(0x63, CCW_CC | CCW_SLI, decount, P1DATA);
    ccw(0x43, CCW_CC, 8, P1DATA + 16);
    ccw(0x42, CCW_CC, 512, A);
    ccw(0x08, 0, 0, A);
    arena_snap();
}

/* Stale entries, a write: the second part (block k1) reads block k1+1
 * into R, then writes blocks `wblock` and on, data-chained from W through
 * a TIC to R, where block k1+1 put a CCW for W2. */
static void stale_write(u32 k1, u32 wblock, bool diag)
{
    static const u32 rc[] = {A, R, 0}, planted[] = {A, R, 0};
    struct csw s = {0};
    u32 rx = 0;
    *(struct ccw *)R = (struct ccw){0x41, 0, 512, W2};
    de_at(A + 0x80, BLOCKS - 1);
    loc_at(A + 0x90, 6, 1, k1 + 1);
    loc_at(A + 0x98, 1, 2, wblock);
    at = A;
    ccw(0x63, CCW_CC, 16, A + 0x80);
    ccw(0x43, CCW_CC, 8, A + 0x90);
    ccw(0x42, CCW_CC, 512, R);
    ccw(0x43, CCW_CC, 8, A + 0x98);
    ccw(0x41, CCW_CD, 512, W);
    ccw(0x08, 0, 0, R);
    plant(k1, planted);
    pattern((u8 *)W, 0x140 + wblock);
    pattern((u8 *)W2, 0x141 + wblock);
    first_part(5, 512, k1);
    int cc = diag ? diag18(DISK, (void *)P1, &rx) : adv_io(DISK, (void *)P1, 0, &s);
    check_x(part_refused(diag, cc, &s, rx, A + 40),
            diag ? "DIAGNOSE X'18', STALE DEFINE EXTENT: A DATA-CHAINED WRITE TICS INTO WHAT IT READ: PROGRAM CHECK"
                 : "STALE DEFINE EXTENT: A DATA-CHAINED WRITE TICS INTO WHAT IT READ: PROGRAM CHECK AT THE TIC",
            diag ? (u32)cc << 16 | (rx & 0xFFFF) : s.ccw << 8 | s.chan);
    check(only_named(rc), "  NOTHING IN ITS STORAGE CHANGED BUT ITS DATA AREAS");
    check(own_block(wblock) && own_block(wblock + 1), "  WHAT REACHED ITS DISK IS ITS OWN DATA, NOT CP'S STORAGE");
}

/* Stale entries, a read: the second part (block k1) reads blocks k1+1
 * and k1+2 data-chained into R and through a TIC to R, where block k1+1
 * put a CCW for C; the stale define extent has count `decount`. */
static void stale_read(u32 k1, u16 decount)
{
    static const u32 rc[] = {A, R, C, 0}, planted[] = {A, R, C, 0};
    struct csw s;
    char what[110];
    *(struct ccw *)R = (struct ccw){0x42, CCW_SLI, 512, C};
    pattern((u8 *)C, 0x160 + k1);
    de_at(A + 0x80, BLOCKS - 1);
    loc_at(A + 0x90, 6, 2, k1 + 1);
    at = A;
    ccw(0x63, CCW_CC, 16, A + 0x80);
    ccw(0x43, CCW_CC, 8, A + 0x90);
    ccw(0x42, CCW_CD, 512, R);
    ccw(0x08, 0, 0, R);
    plant(k1, planted);
    first_part(3, decount, k1);
    int cc = adv_io(DISK, (void *)P1, 0, &s);
    snprintf(what, sizeof what, "STALE DEFINE EXTENT OF COUNT %u: A DATA-CHAINED READ TICS INTO WHAT IT READ: PROGRAM CHECK AT THE TIC",
             decount);
    check_x(part_refused(false, cc, &s, 0, A + 24), what, s.ccw << 8 | s.chan);
    check(only_named(rc), "  NOTHING IN ITS STORAGE CHANGED BUT ITS DATA AREAS");
}

int main(void)
{
    adv_begin("TICDC");
    adv_catch_program_checks();
    bool marked = true;
    for (u32 b = 0; b < BLOCKS; b++) {
        pattern(blk, b);
        marked &= plain_io(1, b, blk);
    }
    check(marked, "MARK ITS MINIDISK WITH ITS OWN PATTERN");

    through_tic();
    tic_into_own_read(20, false);
    tic_into_own_read(22, true);
    stale_write(30, 40, false);
    stale_write(33, 44, true);
    stale_read(50, 64);

    bool own = true;
    for (u32 b = 0; b < BLOCKS; b++)
        own &= own_block(b);
    check(own, "EVERY BLOCK OF ITS MINIDISK IS ITS OWN DATA OR ZEROS");
    stale_read(56, 4096);   /* last: CP's completion routine, if the TIC were split */
    return adv_end();
}
