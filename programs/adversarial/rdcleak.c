/* rdcleak: an adversary that asks its minidisk about the real device.
 *
 * Attack: its minidisk 191 is 64 blocks of a 2048-block real DASD that
 * holds other users' minidisks. It reads device characteristics (X'64')
 * in pieces (data-chained, 4 bytes then 28, with a TIC inside the chain),
 * with counts below 18, twice in one program, after a define extent, and
 * before a CCW that fails or after one that does; it makes the device
 * refuse define extents whose origin + last is huge or near 2^32 and
 * locates below the extent or near 2^32, through SIO and DIAGNOSE X'18',
 * and reads the sense data alone, data-chained, after a NOP, through
 * DIAGNOSE X'18', and after halting the failing program while CP has not
 * yet sensed the real device; SENSE ID; read IPL, which reads the real
 * device from block 0.
 *
 * Containment: CP's rule (docs/resource-control.md): read device
 * characteristics reports the minidisk's size, every byte of it however
 * it is read, and stores nothing the program did not reach; the sense
 * data's block number (bytes 4-7) is counted from the minidisk's start,
 * as a real 64-block device would give it, never a real block number;
 * read IPL on a minidisk that does not start at block 0 is a program
 * check and reads nothing.
 */
#include "adv.h"

#define DISK 0x191
#define BLOCKS 64
#define START 1216   /* where the table puts it: a sense naming START + n leaks */

static struct fba_prog fp;
static struct ccw prog[6];
static u8 ref[32] __attribute__((aligned(8)));
static u8 area[1024] __attribute__((aligned(8)));
static u8 sense[24] __attribute__((aligned(8)));

static u32 get(const u8 *p) { return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3]; }
static int run_prog(struct csw *s)
{
    memset(area, 0xEE, sizeof area);
    return adv_io(DISK, prog, 0, s);
}

static void characteristics(void)
{
    struct csw s;
    prog[0] = (struct ccw){0x64, CCW_SLI, 32, (u32)ref};
    int cc = adv_io(DISK, prog, 0, &s);
    check_x(io_clean(cc, &s) && get(ref + 14) == BLOCKS, "READ DEVICE CHARACTERISTICS: 64 BLOCKS", get(ref + 14));

    prog[0] = (struct ccw){0x64, CCW_CD, 4, (u32)area};
    prog[1] = (struct ccw){0x00, CCW_SLI, 28, (u32)area + 100};
    cc = run_prog(&s);
    check_x(io_clean(cc, &s) && memcmp(area, ref, 4) == 0 && memcmp(area + 100, ref + 4, 28) == 0,
            "  DATA-CHAINED, 4 THEN 28: THE SAME 32 BYTES", get(area + 110));
    prog[1] = (struct ccw){0x08, 0, 0, (u32)&prog[4]};
    prog[4] = (struct ccw){0x00, CCW_SLI, 28, (u32)area + 200};
    cc = run_prog(&s);
    check_x(io_clean(cc, &s) && memcmp(area, ref, 4) == 0 && memcmp(area + 200, ref + 4, 28) == 0,
            "  DATA-CHAINED THROUGH A TIC: THE SAME 32 BYTES", get(area + 210));
    prog[0] = (struct ccw){0x64, CCW_SLI, 17, (u32)area};
    cc = run_prog(&s);
    check_x(io_clean(cc, &s) && memcmp(area, ref, 17) == 0 && untouched(area + 17, 15),
            "  COUNT 17: THE FIRST 17 BYTES OF THE SAME", get(area + 14));
    prog[0] = (struct ccw){0x64, CCW_SLI, 16, (u32)area};
    cc = run_prog(&s);
    check(io_clean(cc, &s) && memcmp(area, ref, 16) == 0 && untouched(area + 16, 16), "  COUNT 16: THE FIRST 16");
    prog[0] = (struct ccw){0x64, CCW_SLI | CCW_CC, 32, (u32)area};
    prog[1] = (struct ccw){0x64, CCW_SLI, 32, (u32)area + 64};
    cc = run_prog(&s);
    check_x(io_clean(cc, &s) && memcmp(area, ref, 32) == 0 && memcmp(area + 64, ref, 32) == 0,
            "  TWICE IN ONE PROGRAM: BOTH THE SAME", get(area + 14));
    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, 6, 1, 0, area + 512);
    fp.ccw[1] = (struct ccw){0x64, CCW_SLI, 32, (u32)area};
    memset(area, 0xEE, sizeof area);
    cc = adv_io(DISK, fp.ccw, 0, &s);
    check_x(io_clean(cc, &s) && memcmp(area, ref, 32) == 0, "  AFTER A DEFINE EXTENT: THE SAME", get(area + 14));
    prog[0] = (struct ccw){0x64, CCW_SLI | CCW_CC, 32, (u32)area};
    prog[1] = (struct ccw){0x03, 0x04, 1, 0};   /* IDA: the channel's program check */
    cc = run_prog(&s);
    check_x(cc == 0 && (s.chan & CS_PROGCHK) && memcmp(area, ref, 32) == 0,
            "  BEFORE A CCW THAT GETS A PROGRAM CHECK: THE SAME", get(area + 14));
    fba_prog(&fp, 0, 0, 0, BLOCKS, 6, 1, 0, area + 512);   /* refused: out of extent */
    fp.ccw[1] = (struct ccw){0x64, CCW_SLI, 32, (u32)area};
    memset(area, 0xEE, sizeof area);
    cc = adv_io(DISK, fp.ccw, 0, &s);
    check(cc == 0 && (s.unit & US_UC) && untouched(area, 32),
          "  AFTER A DEFINE EXTENT THE DEVICE REFUSES: NOT RUN, NOTHING STORED");
}

/* the program in fp fails with a unit check; then the sense, alone */
static u32 refused_block(int cc, const struct csw *s, u8 byte1)
{
    struct csw ss;
    if (cc != 0 || !(s->unit & US_UC))
        return 0xDEAD0000u | (u32)cc;
    memset(sense, 0, sizeof sense);
    prog[0] = (struct ccw){0x04, CCW_SLI, 24, (u32)sense};
    if (adv_io(DISK, prog, 0, &ss) != 0 || sense[0] != SENSE_CMDREJ || sense[1] != byte1)
        return 0xBAD00000u | (u32)sense[0] << 8 | sense[1];
    return get(sense + 4);
}

static void sense_blocks(void)
{
    static const u32 de[][3] = {
        /* origin, last: the block the device names is origin + last */
        {0, 100}, {0x10000000u, 0}, {0x7FFFFFFFu, 0}, {0xFFFFFFF0u, 0x20}, {40, 30}, {0xFFFFFFFFu, 0xFFFFFFFFu},
    };
    struct csw s;
    char what[100];
    u32 rx, b;
    for (u32 i = 0; i < sizeof de / sizeof de[0]; i++) {
        fba_prog(&fp, 0, de[i][0], 0, de[i][1], 6, 1, 0, area);
        b = refused_block(adv_io(DISK, fp.ccw, 0, &s), &s, SENSE1_OUT_OF_EXTENT);
        snprintf(what, sizeof what, "EXTENT ORIGIN %X LAST %X REFUSED: SENSE NAMES BLOCK %X", de[i][0], de[i][1],
                 de[i][0] + de[i][1]);
        check_x(b == de[i][0] + de[i][1], what, b);
    }
    fba_prog(&fp, 0, 0, 10, 20, 6, 1, 5, area);
    b = refused_block(adv_io(DISK, fp.ccw, 0, &s), &s, SENSE1_OUT_OF_EXTENT);
    check_x(b == 5, "LOCATE BELOW THE EXTENT'S FIRST BLOCK: SENSE NAMES BLOCK 5", b);
    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, 6, 1, 0xFFFFFFF0u, area);
    b = refused_block(adv_io(DISK, fp.ccw, 0, &s), &s, SENSE1_OUT_OF_EXTENT);
    check_x(b == 0xFFFFFFF0u, "LOCATE OF BLOCK FFFFFFF0: SENSE NAMES BLOCK FFFFFFF0", b);
    fba_prog(&fp, 0, 2, 0, BLOCKS - 3, 6, 1, 0xFFFFFFFFu, area);
    b = refused_block(adv_io(DISK, fp.ccw, 0, &s), &s, SENSE1_OUT_OF_EXTENT);
    check_x(b == 1, "LOCATE OF BLOCK FFFFFFFF FROM ORIGIN 2: SENSE NAMES BLOCK 1", b);
    fba_prog(&fp, FBA_INHIBIT_WRITE, 5, 0, 10, 1, 1, 3, area);
    b = refused_block(adv_io(DISK, fp.ccw, 0, &s), &s, SENSE1_WRITE_INHIBITED);
    check_x(b == 8, "WRITE INHIBITED AT BLOCK 3 FROM ORIGIN 5: SENSE NAMES BLOCK 8", b);
    b = refused_block(adv_io(DISK, &fp.ccw[1], 0, &s), &s, SENSE1_NO_EXTENT);
    check_x(b == 0, "LOCATE WITH NO EXTENT: SENSE NAMES BLOCK 0", b);

    fba_prog(&fp, 0, 0, 0, 1000, 6, 1, 0, area);
    s.unit = diag18(DISK, fp.ccw, &rx) == 1 ? (u8)(rx >> 8) : 0;
    b = refused_block(0, &s, SENSE1_OUT_OF_EXTENT);
    check_x(b == 1000, "DIAGNOSE X'18', EXTENT 0-1000: SENSE NAMES BLOCK 3E8", b);
    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, 6, 1, 0xFFFFFFF0u, area);
    s.unit = diag18(DISK, fp.ccw, &rx) == 1 ? (u8)(rx >> 8) : 0;
    b = refused_block(0, &s, SENSE1_OUT_OF_EXTENT);
    check_x(b == 0xFFFFFFF0u, "DIAGNOSE X'18', LOCATE OF BLOCK FFFFFFF0: SENSE NAMES BLOCK FFFFFFF0", b);
}

/* a program that fails at block 70; then its sense by `how` (0 data-chained
 * SENSE, 1 NOP then SENSE, 2 SENSE through DIAGNOSE X'18'): the block */
static u32 sense_by(int how, bool halt_after, u32 delay)
{
    struct csw s;
    u32 rx;
    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, 6, 1, 70, area);
    LOWCORE(u32, LC_CAW) = (u32)fp.ccw;
    if (sio(DISK) != 0)
        return 0xDEAD0001u;
    for (volatile u32 i = 0; i < delay; i++)
        ;
    if (halt_after && hio(DISK) == 0)
        halt_after = false;   /* it had ended: its status is pending */
    if (!halt_after)
        while (tio(DISK) == 2)
            ;
    memset(sense, 0, sizeof sense);
    prog[0] = (struct ccw){0x04, CCW_CD, 8, (u32)sense};
    prog[1] = (struct ccw){0x00, CCW_SLI, 16, (u32)sense + 8};
    prog[2] = (struct ccw){0x03, CCW_CC, 1, 0};
    prog[3] = (struct ccw){0x04, CCW_SLI, 24, (u32)sense};
    int cc = how == 2 ? diag18(DISK, &prog[3], &rx) : adv_io(DISK, &prog[how * 2], 0, &s);
    if (cc != 0)
        return 0xDEAD0100u | (u32)cc;
    return get(sense + 4) | (sense[0] == SENSE_CMDREJ && sense[1] == SENSE1_OUT_OF_EXTENT ? 0 : 0x80000000u);
}

static void sense_reads(void)
{
    u32 b = sense_by(0, false, 0);
    check_x(b == 70, "SENSE DATA-CHAINED AFTER OUT OF EXTENT AT 70: OUT OF EXTENT, BLOCK 70", b);
    b = sense_by(1, false, 0);
    check_x(b == 70, "NOP, THEN SENSE, AFTER OUT OF EXTENT AT 70: OUT OF EXTENT, BLOCK 70", b);
    b = sense_by(2, false, 0);
    check_x(b == 70, "SENSE THROUGH DIAGNOSE X'18' AFTER OUT OF EXTENT AT 70: OUT OF EXTENT, BLOCK 70", b);
    u32 leaked = 0, tries = 0;
    u64 until = stck() + 600 * TOD_MS;
    for (u32 d = 0; d < 3000 && stck() < until; d += 5, tries++) {
        b = sense_by((int)(tries % 3), true, d) & 0x7FFFFFFFu;
        if (b != 0 && b != 70)
            leaked = b;
    }
    printf("RDCLEAK: %u HALTED PROGRAMS\n", tries);
    check_x(!leaked, "HALTED WHILE CP HAS NOT SENSED: NO SENSE EVER NAMES A BLOCK BUT 0 OR 70", leaked);
}

static void others(void)
{
    struct csw s;
    prog[0] = (struct ccw){0xE4, CCW_SLI, 7, (u32)sense};
    memset(sense, 0, sizeof sense);
    int cc = adv_io(DISK, prog, 0, &s);
    check(io_clean(cc, &s) && sense[0] == 0xFF && sense[4] == 0x33 && sense[5] == 0x70, "SENSE ID: AN FBA 3370");
    prog[0] = (struct ccw){0x02, CCW_SLI, 512, (u32)area};
    cc = run_prog(&s);
    check(cc <= 1 && (s.chan & CS_PROGCHK) && untouched(area, sizeof area),
          "READ IPL OF A MINIDISK NOT AT BLOCK 0: PROGRAM CHECK, NOTHING READ");
    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, 6, 1, 0, area);
    fp.ccw[1] = (struct ccw){0x02, CCW_CD, 256, (u32)area};
    fp.ccw[2] = (struct ccw){0x08, 0, 0, (u32)&prog[4]};
    prog[4] = (struct ccw){0x00, CCW_SLI, 256, (u32)area + 256};
    memset(area, 0xEE, sizeof area);
    cc = adv_io(DISK, fp.ccw, 0, &s);
    check(cc <= 1 && (s.chan & CS_PROGCHK) && untouched(area, sizeof area),
          "DEFINE EXTENT, THEN READ IPL DATA-CHAINED THROUGH A TIC: PROGRAM CHECK, NOTHING READ");
}

int main(void)
{
    adv_begin("RDCLEAK");
    adv_catch_program_checks();
    characteristics();
    sense_blocks();
    sense_reads();
    others();
    return adv_end();
}
