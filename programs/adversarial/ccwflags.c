/* ccwflags: an adversary that sets every CCW flag, everywhere.
 *
 * Attack: channel programs on its console and its minidisk whose CCWs
 * after the first, and whose data-chained continuations, carry indirect
 * data addressing (X'04'), suspend (X'02') or flag bit X'01', none of
 * which this machine's channel provides; skip (X'10') on reads, sense and
 * read device characteristics; PCI; counts that are too long and too
 * short, with and without SLI, and with command chaining after them; a
 * continuation with a data address whose bit 0 is on, with a count of 0;
 * a TIC to a TIC and a TIC to an address with its low bits on, both
 * inside a data chain. A careless translator copies such a CCW as if it
 * were an ordinary one, or stores what the channel would not.
 *
 * Containment: the channel's own answers (machine/channel.c, the
 * Principles of Operation): a bad flag, address or count is a channel
 * program check at that CCW (the CSW's CCW address is that CCW + 8; for
 * the first CCW, SIO's condition code 1), and nothing moves for it; with
 * skip no data is stored, and the count still counts; PCI changes nothing
 * but the channel status; incorrect length unless SLI, and it ends the
 * chain; the minidisk still works afterwards.
 */
#include "adv.h"

#define CONS 0x009
#define DISK 0x191
#define BLOCKS 64
#define CCW_PCI 0x08
#define CS_PCI 0x80

static struct fba_prog fp;
static struct ccw prog[4], tail[4];
static u8 blk[2][512] __attribute__((aligned(8)));
static u8 area[1024] __attribute__((aligned(8)));
static const char line[] = "CCWFLAGS: ITS OWN LINE";

static const u8 bad_flags[3] = {0x04, 0x02, 0x01};
static const char *const flag_name[3] = {"IDA", "SUSPEND", "FLAG BIT X'01'"};

/* ended at `ccw` with a channel program check (after a good command) */
static bool pc_at(int cc, const struct csw *s, const void *ccw)
{
    return cc == 0 && s->unit == (US_CE | US_DE) && (s->chan & CS_PROGCHK) && s->ccw == (u32)ccw + 8;
}

/* define extent (the whole minidisk), locate `count` blocks at `block`
 * for op, and the caller's CCWs from fp.ccw[2] on */
static void disk(u8 op, u16 count, u32 block)
{
    memset(area, 0xEE, sizeof area);
    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, op, count, block, area);
}

static int run(struct csw *s) { return adv_io(DISK, fp.ccw, 0, s); }

static void console_flags(void)
{
    struct csw s;
    char what[100];
    for (u32 i = 0; i < 3; i++) {
        prog[0] = (struct ccw){0x09, CCW_SLI | CCW_CC, sizeof line - 1, (u32)line};
        prog[1] = (struct ccw){0x09, (u8)(CCW_SLI | bad_flags[i]), sizeof line - 1, (u32)line};
        snprintf(what, sizeof what, "CONSOLE: %s ON THE SECOND CCW: PROGRAM CHECK THERE", flag_name[i]);
        check_x(pc_at(adv_io(CONS, prog, 0, &s), &s, &prog[1]), what, s.ccw);
        prog[0] = (struct ccw){0x09, CCW_SLI | CCW_CD, 9, (u32)line};
        prog[1] = (struct ccw){0x00, (u8)(CCW_SLI | bad_flags[i]), 4, (u32)line + 9};
        snprintf(what, sizeof what, "CONSOLE: %s ON A DATA-CHAINED CONTINUATION: PROGRAM CHECK THERE", flag_name[i]);
        check_x(pc_at(adv_io(CONS, prog, 0, &s), &s, &prog[1]), what, s.ccw);
    }
    prog[0] = (struct ccw){0x09, CCW_SLI | CCW_PCI, sizeof line - 1, (u32)line};
    int cc = adv_io(CONS, prog, 0, &s);
    check_x(cc == 0 && s.unit == (US_CE | US_DE) && (s.chan & ~CS_PCI) == 0, "CONSOLE: PCI: THE WRITE IS DONE",
            s.chan);
    prog[0] = (struct ccw){0x09, CCW_SLI | CCW_CD, 9, (u32)line};
    prog[1] = (struct ccw){0x00, CCW_SLI, 4, 0x80000000u | (u32)line};
    check(pc_at(adv_io(CONS, prog, 0, &s), &s, &prog[1]), "CONSOLE: CONTINUATION WITH DATA ADDRESS BIT 0: PROGRAM CHECK");
    prog[1] = (struct ccw){0x00, CCW_SLI, 0, (u32)line};
    check(pc_at(adv_io(CONS, prog, 0, &s), &s, &prog[1]), "CONSOLE: CONTINUATION WITH COUNT 0: PROGRAM CHECK");
    prog[1] = (struct ccw){0x08, 0, 0, (u32)&tail[0]};
    tail[0] = (struct ccw){0x08, 0, 0, (u32)&tail[1]};
    tail[1] = (struct ccw){0x00, CCW_SLI, 4, (u32)line};
    cc = adv_io(CONS, prog, 0, &s);
    check(cc == 0 && (s.chan & CS_PROGCHK), "CONSOLE: TIC TO TIC IN A DATA CHAIN: PROGRAM CHECK");
    prog[1] = (struct ccw){0x08, 0, 0, (u32)&tail[1] + 4};
    cc = adv_io(CONS, prog, 0, &s);
    check(cc == 0 && (s.chan & CS_PROGCHK), "CONSOLE: TIC TO AN ADDRESS WITH LOW BITS ON, IN A DATA CHAIN: PROGRAM CHECK");
    static u8 sense[8] __attribute__((aligned(8)));
    memset(sense, 0xEE, sizeof sense);
    prog[0] = (struct ccw){0x04, CCW_SKIP, 1, (u32)sense};
    cc = adv_io(CONS, prog, 0, &s);
    check(io_clean(cc, &s) && untouched(sense, sizeof sense), "CONSOLE: SENSE WITH SKIP: NOTHING STORED");
}

static void disk_flags(void)
{
    struct csw s;
    char what[100];
    int cc;
    for (u32 i = 0; i < 3; i++) {
        disk(6, 1, 0);
        fp.ccw[0].flags |= bad_flags[i];
        snprintf(what, sizeof what, "MINIDISK: %s ON THE FIRST CCW: CC 1, PROGRAM CHECK", flag_name[i]);
        cc = run(&s);
        check_x(cc == 1 && (s.chan & CS_PROGCHK) && s.ccw == (u32)&fp.ccw[0] + 8, what, (u32)cc);
        disk(6, 1, 0);
        fp.ccw[2] = (struct ccw){0x42, CCW_CD, 256, (u32)area};
        fp.ccw[3] = (struct ccw){0x00, bad_flags[i], 256, (u32)area + 256};
        cc = run(&s);
        snprintf(what, sizeof what, "MINIDISK: %s ON A CONTINUATION: PROGRAM CHECK THERE, ONLY THE FIRST PART READ",
                 flag_name[i]);
        check_x(pc_at(cc, &s, &fp.ccw[3]) && memcmp(area, blk[0], 256) == 0 && untouched(area + 256, 256), what,
                s.ccw);
        disk(1, 1, 1);
        fp.ccw[2] = (struct ccw){0x41, bad_flags[i], 512, (u32)area + 512};
        cc = run(&s);
        disk(6, 1, 1);
        snprintf(what, sizeof what, "MINIDISK: %s ON A CHAINED WRITE: PROGRAM CHECK THERE, NOTHING WRITTEN",
                 flag_name[i]);
        check_x(pc_at(cc, &s, &fp.ccw[2]) && io_clean(run(&s), &s) && memcmp(area, blk[1], 512) == 0, what, s.ccw);
    }
}

static void disk_skip_and_lengths(void)
{
    struct csw s;
    int cc;
    disk(6, 2, 0);
    fp.ccw[2] = (struct ccw){0x42, CCW_CD | CCW_SKIP, 512, (u32)area};
    fp.ccw[3] = (struct ccw){0x00, 0, 512, (u32)area + 512};
    cc = run(&s);
    check(io_clean(cc, &s) && s.residual == 0 && untouched(area, 512) && memcmp(area + 512, blk[1], 512) == 0,
          "MINIDISK: SKIP ON THE FIRST 512 OF TWO BLOCKS: THE SECOND BLOCK LANDS, NOTHING ELSE");
    disk(6, 1, 0);
    fp.ccw[2].flags = CCW_SKIP;
    check(io_clean(run(&s), &s) && untouched(area, sizeof area), "MINIDISK: A READ WITH SKIP STORES NOTHING");
    disk(6, 1, 0);
    fp.ccw[2].flags = CCW_PCI;
    cc = run(&s);
    check_x(cc == 0 && s.unit == (US_CE | US_DE) && (s.chan & ~CS_PCI) == 0 && memcmp(area, blk[0], 512) == 0,
            "MINIDISK: PCI: THE READ IS DONE", s.chan);
    disk(6, 1, 0);
    fp.ccw[2] = (struct ccw){0x42, CCW_CC, 600, (u32)area};
    fp.ccw[3] = (struct ccw){0x03, 0, 1, 0};
    cc = run(&s);
    check_x(cc == 0 && s.chan == CS_IL && s.residual == 88 && s.ccw == (u32)&fp.ccw[2] + 8 &&
                memcmp(area, blk[0], 512) == 0,
            "MINIDISK: COUNT 600 FOR A BLOCK: INCORRECT LENGTH, RESIDUAL 88, THE CHAIN ENDS", s.ccw);
    disk(6, 1, 0);
    fp.ccw[2] = (struct ccw){0x42, CCW_SLI, 600, (u32)area};
    cc = run(&s);
    check_x(io_clean(cc, &s) && s.residual == 88, "MINIDISK: COUNT 600 WITH SLI: NO INCORRECT LENGTH, RESIDUAL 88",
            s.chan);
    disk(6, 1, 0);
    fp.ccw[2] = (struct ccw){0x42, 0, 256, (u32)area};
    cc = run(&s);
    check_x(cc == 0 && s.chan == CS_IL && memcmp(area, blk[0], 256) == 0 && untouched(area + 256, 256),
            "MINIDISK: COUNT 256 FOR A BLOCK: INCORRECT LENGTH, 256 BYTES STORED", s.chan);
}

static void disk_chains(void)
{
    struct csw s;
    int cc;
    disk(6, 1, 0);
    fp.ccw[2] = (struct ccw){0x42, CCW_CD, 256, (u32)area};
    fp.ccw[3] = (struct ccw){0x00, 0, 256, 0x80000000u | ((u32)area + 256)};
    cc = run(&s);
    check_x(pc_at(cc, &s, &fp.ccw[3]) && untouched(area + 256, 256),
            "MINIDISK: CONTINUATION WITH DATA ADDRESS BIT 0: PROGRAM CHECK THERE", s.ccw);
    disk(6, 1, 0);
    fp.ccw[2] = (struct ccw){0x42, CCW_CD, 256, (u32)area};
    fp.ccw[3] = (struct ccw){0x00, 0, 0, (u32)area + 256};
    cc = run(&s);
    check_x(pc_at(cc, &s, &fp.ccw[3]) && untouched(area + 256, 256),
            "MINIDISK: CONTINUATION WITH COUNT 0: PROGRAM CHECK THERE", s.ccw);
    disk(6, 1, 0);
    fp.ccw[2] = (struct ccw){0x42, CCW_CD, 256, (u32)area};
    fp.ccw[3] = (struct ccw){0x08, 0, 0, (u32)&tail[0]};
    tail[0] = (struct ccw){0x08, 0, 0, (u32)&tail[1]};
    tail[1] = (struct ccw){0x00, 0, 256, (u32)area + 256};
    cc = run(&s);
    check(cc == 0 && (s.chan & CS_PROGCHK) && untouched(area + 256, 256),
          "MINIDISK: TIC TO TIC IN A DATA CHAIN: PROGRAM CHECK");
    disk(6, 1, 0);
    fp.ccw[2] = (struct ccw){0x42, CCW_CD, 256, (u32)area};
    fp.ccw[3] = (struct ccw){0x08, 0, 0, (u32)&tail[1] + 2};
    cc = run(&s);
    check(cc == 0 && (s.chan & CS_PROGCHK) && untouched(area + 256, 256),
          "MINIDISK: TIC TO AN ADDRESS WITH LOW BITS ON, IN A DATA CHAIN: PROGRAM CHECK");

    /* skip on what CP answers or corrects itself */
    memset(area, 0xEE, sizeof area);
    prog[0] = (struct ccw){0x64, CCW_SKIP | CCW_SLI, 32, (u32)area};
    cc = adv_io(DISK, prog, 0, &s);
    check(io_clean(cc, &s) && untouched(area, 32), "MINIDISK: READ DEVICE CHARACTERISTICS WITH SKIP STORES NOTHING");
    disk(6, 1, BLOCKS);
    cc = run(&s);
    memset(area, 0xEE, sizeof area);
    prog[0] = (struct ccw){0x04, CCW_SKIP | CCW_SLI, 24, (u32)area};
    cc = adv_io(DISK, prog, 0, &s);
    check(io_clean(cc, &s) && untouched(area, 24), "MINIDISK: SENSE WITH SKIP AFTER A UNIT CHECK STORES NOTHING");
}

int main(void)
{
    struct csw s;
    adv_begin("CCWFLAGS");
    adv_catch_program_checks();
    for (u32 i = 0; i < 512; i++)
        blk[0][i] = (u8)(i * 5 + 3), blk[1][i] = (u8)(i * 11 + 7);
    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, 1, 2, 0, blk);
    fp.ccw[2].count = 1024;
    check(io_clean(run(&s), &s), "A GOOD WRITE OF BLOCKS 0 AND 1");
    console_flags();
    disk_flags();
    disk_skip_and_lengths();
    disk_chains();
    disk(6, 2, 0);
    fp.ccw[2].count = 1024;
    check(io_clean(run(&s), &s) && memcmp(area, blk, 1024) == 0, "ITS MINIDISK WORKS AFTERWARDS");
    return adv_end();
}
