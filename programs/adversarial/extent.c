/* extent: an adversary that reaches past the ends of its minidisks.
 *
 * Attack: its read-write minidisk 191 is 32 blocks of a real DASD whose
 * other blocks are other users' minidisks, and its 192 is read-only.
 * Through SIO and through DIAGNOSE X'18' it defines extents past the end
 * of 191 (by the last block, by the origin, by an origin that wraps),
 * locates outside the extent it defined, reads and writes with no define
 * extent, defines two extents in one program, changes its define extent's
 * data after SIO (hoping CP checked one thing and the disk does another),
 * and writes to 192.
 *
 * Containment: the disk's own answers, as on a real 32-block device: unit
 * check, and a sense of command reject with "out of extent" (and the
 * block, counted from the minidisk's start), "no extent" or "write
 * inhibited"; read device characteristics says 32 blocks; the extent CP
 * checked at SIO is the one the disk obeys; its own blocks still read and
 * write; the victims' minidisks, beside its own on the same DASD, are
 * unchanged.
 */
#include "adv.h"

#define DISK 0x191
#define RODISK 0x192
#define BLOCKS 32

static struct fba_prog fp;
static u8 buf[2][512] __attribute__((aligned(8)));
static u8 sense[24] __attribute__((aligned(8)));

/* The last SIO's status and then the sense CP kept: unit check with it? */
static bool refused(int cc, const struct csw *s, u16 dev, u8 byte1)
{
    if (cc != 0 || s->unit != (US_CE | US_DE | US_UC) || s->chan)
        return false;
    static struct ccw c;
    struct csw ss;
    memset(sense, 0, sizeof sense);
    c = (struct ccw){0x04, CCW_SLI, sizeof sense, (u32)sense};
    return adv_io(dev, &c, 0, &ss) == 0 && sense[0] == SENSE_CMDREJ && sense[1] == byte1;
}

static u32 sense_block(void) { return (u32)sense[4] << 24 | (u32)sense[5] << 16 | (u32)sense[6] << 8 | sense[7]; }

static int run(u16 dev, struct csw *s) { return adv_io(dev, fp.ccw, 0, s); }

static bool worked(int cc, const struct csw *s) { return cc == 0 && s->unit == (US_CE | US_DE) && !s->chan; }

int main(void)
{
    struct csw s;
    u32 rx;
    int cc;
    adv_begin("EXTENT");
    adv_catch_program_checks();

    for (u32 i = 0; i < 512; i++)
        buf[0][i] = (u8)(i * 3 + 1);
    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, 1, 1, BLOCKS - 1, buf[0]);
    check(worked(run(DISK, &s), &s), "WRITE ITS LAST BLOCK");
    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, 6, 1, BLOCKS - 1, buf[1]);
    check(worked(run(DISK, &s), &s) && memcmp(buf[0], buf[1], 512) == 0, "READ IT BACK");

    static const u32 extents[][3] = {
        {0, 0, BLOCKS},                /* one block past the end */
        {BLOCKS, 0, 0},                /* origin past the end */
        {1, 0, BLOCKS - 1},            /* origin + last past the end */
        {0xFFFFFFF0u, 0, 0x20},        /* an origin that wraps */
        {0, 0, 0xFFFFFFFFu},           /* the whole real device and more */
        {0x7FFFFFFFu, 0, 0},
    };
    for (u32 i = 0; i < sizeof extents / sizeof extents[0]; i++) {
        char what[100];
        fba_prog(&fp, 0, extents[i][0], extents[i][1], extents[i][2], 6, 1, 0, buf[1]);
        cc = run(DISK, &s);
        snprintf(what, sizeof what, "DEFINE EXTENT ORIGIN %X LAST %X: UNIT CHECK, OUT OF EXTENT", extents[i][0],
                 extents[i][2]);
        check(refused(cc, &s, DISK, SENSE1_OUT_OF_EXTENT), what);
    }
    fba_prog(&fp, 0, 0, 0, 7, 6, 1, 8, buf[1]);
    cc = run(DISK, &s);
    check(refused(cc, &s, DISK, SENSE1_OUT_OF_EXTENT), "LOCATE PAST THE EXTENT IT DEFINED: OUT OF EXTENT");
    check_x(sense_block() == 8, "  THE SENSE NAMES BLOCK 8 OF THE MINIDISK", sense_block());
    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, 6, 4, BLOCKS - 2, buf[1]);
    cc = run(DISK, &s);
    check(refused(cc, &s, DISK, SENSE1_OUT_OF_EXTENT), "LOCATE RUNNING PAST THE END: OUT OF EXTENT");
    check_x(sense_block() == BLOCKS, "  THE SENSE NAMES THE BLOCK PAST ITS END", sense_block());

    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, 6, 1, 0, buf[1]);
    cc = adv_io(DISK, &fp.ccw[1], 0, &s);
    check(refused(cc, &s, DISK, SENSE1_NO_EXTENT), "LOCATE WITH NO DEFINE EXTENT: NO EXTENT");
    cc = adv_io(DISK, &fp.ccw[2], 0, &s);
    check(refused(cc, &s, DISK, SENSE1_NO_EXTENT), "READ WITH NO DEFINE EXTENT OR LOCATE: REFUSED");

    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, 6, 1, 0, buf[1]);
    fp.ccw[3] = fp.ccw[2];
    fp.ccw[2] = fp.ccw[1];
    fp.ccw[1] = (struct ccw){0x63, CCW_CC, 16, (u32)fp.extent};
    cc = run(DISK, &s);
    check(refused(cc, &s, DISK, 0), "TWO DEFINE EXTENTS IN ONE PROGRAM: COMMAND REJECT");

    /* the extent changes after SIO: the disk obeys the one CP checked */
    memset(buf[1], 0, 512);
    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, 6, 1, BLOCKS - 1, buf[1]);
    LOWCORE(u32, LC_CAW) = (u32)fp.ccw;
    cc = sio(DISK);
    put32(fp.extent + 4, 0);
    put32(fp.extent + 12, 0x7FFFFFFFu);
    put32(fp.locate + 4, 2000);   /* the locate is read when it runs: it now points outside */
    while (tio(DISK) == 2)
        ;
    /* The locate is read when the channel reaches it: before the change
     * (its last block, read cleanly) or after (block 2000, out of the
     * extent CP checked: unit check). Never block 2000 read. */
    u8 unit = LOWCORE(u8, LC_CSW + 4), chan = LOWCORE(u8, LC_CSW + 5);
    check(cc == 0 && ((unit & US_UC) || (unit == (US_CE | US_DE) && !chan && memcmp(buf[1], buf[0], 512) == 0)),
          "AN EXTENT WIDENED AFTER SIO: THE DISK KEEPS THE ONE CP CHECKED");

    /* read device characteristics: the minidisk's size */
    static u8 rdc[32] __attribute__((aligned(8)));
    static struct ccw c;
    c = (struct ccw){0x64, CCW_SLI, sizeof rdc, (u32)rdc};
    cc = adv_io(DISK, &c, 0, &s);
    u32 blocks = (u32)rdc[14] << 24 | (u32)rdc[15] << 16 | (u32)rdc[16] << 8 | rdc[17];
    check_x(cc == 0 && blocks == BLOCKS, "READ DEVICE CHARACTERISTICS: 32 BLOCKS", blocks);

    /* the read-only minidisk */
    fba_prog(&fp, 0, 0, 0, 15, 1, 1, 0, buf[0]);
    cc = run(RODISK, &s);
    check(refused(cc, &s, RODISK, SENSE1_WRITE_INHIBITED), "WRITE TO ITS READ-ONLY MINIDISK: WRITE INHIBITED");
    fba_prog(&fp, 0, 0, 0, 15, 6, 1, 0, buf[1]);
    check(worked(run(RODISK, &s), &s), "READ FROM ITS READ-ONLY MINIDISK");

    /* the same through DIAGNOSE X'18' */
    fba_prog(&fp, 0, 0, 0, BLOCKS, 6, 1, 0, buf[1]);
    cc = diag18(DISK, fp.ccw, &rx);
    check_x(cc == 1 && rx == (u32)(US_CE | US_DE | US_UC) << 8, "DIAGNOSE X'18' PAST THE END: CC 1, UNIT CHECK", rx);
    check_x(adv_sense(DISK) == (SENSE_CMDREJ << 8 | SENSE1_OUT_OF_EXTENT), "  SENSE: OUT OF EXTENT", adv_sense(DISK));
    fba_prog(&fp, 0, 0xFFFFFFF0u, 0, 0x20, 1, 1, 0, buf[0]);
    cc = diag18(DISK, fp.ccw, &rx);
    check_x(cc == 1 && rx == (u32)(US_CE | US_DE | US_UC) << 8, "DIAGNOSE X'18' WRITE WITH A WRAPPING ORIGIN: CC 1",
            rx);
    fba_prog(&fp, 0, 0, 0, 15, 1, 1, 0, buf[0]);
    cc = diag18(RODISK, fp.ccw, &rx);
    check_x(cc == 1 && rx == (u32)(US_CE | US_DE | US_UC) << 8, "DIAGNOSE X'18' WRITE TO READ-ONLY: CC 1", rx);
    check_x(adv_sense(RODISK) == (SENSE_CMDREJ << 8 | SENSE1_WRITE_INHIBITED), "  SENSE: WRITE INHIBITED",
            adv_sense(RODISK));
    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, 6, 1, BLOCKS - 1, buf[1]);
    memset(buf[1], 0, 512);
    cc = diag18(DISK, fp.ccw, &rx);
    check(cc == 0 && memcmp(buf[0], buf[1], 512) == 0, "DIAGNOSE X'18' READ OF ITS LAST BLOCK: ITS OWN DATA");
    return adv_end();
}
