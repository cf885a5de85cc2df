/* ccw: an adversary whose channel programs aim at other storage and
 * other devices.
 *
 * Attack: SIO, TIO and HIO to devices that are not its own (terminals,
 * the real printer, CP's system disk, the real DASD its minidisk is on);
 * channel programs on its console and its minidisk whose CAW, CCWs, TICs
 * or data areas lie outside its storage or cross its end, or carry flags
 * the channel refuses; a data chain whose continuation CCW's command byte
 * says define extent (the channel ignores it; a careless translator does
 * not); a program that reads its own continuation from disk, where the
 * CCW read in points outside; read IPL, which reads its real device from
 * block 0 on, past its minidisk into the next user's; and endless
 * programs (a NOP and a TIC back to it) on the console and the minidisk,
 * which would keep CP, or the real DASD everyone's minidisks share, busy
 * for ever.
 *
 * Containment: condition code 3 for every device it does not have; the
 * channel's own answer for every bad program (condition code 1 with a
 * program check in the CSW for a bad CAW or first CCW, a program check at
 * the end for the rest); data chains move data only to and from its own
 * storage; read IPL reads nothing past its minidisk; an endless program
 * ends in a program check once it passes CP's limit (60 CCWs for a
 * minidisk, 256 commands for CP's own devices); the victims run on.
 */
#include "adv.h"

#define CONS 0x009
#define DISK 0x191
#define DISK_BLOCKS 64

static u32 size;
static struct ccw prog[8];
static struct fba_prog fp;
static u8 area_a[512] __attribute__((aligned(8)));
static u8 area_b[512] __attribute__((aligned(8)));
static u8 block[4][512] __attribute__((aligned(8)));
static u8 cont[512] __attribute__((aligned(8)));
static u8 big[0x10000] __attribute__((aligned(8)));

#define SELF_LOAD 0x60000u   /* where the self-loading program reads its continuation */

static const char line[] = "CCW: THIS LINE IS ITS OWN DATA";

static bool program_check(int cc, const struct csw *s) { return cc >= 0 && cc <= 1 && (s->chan & CS_PROGCHK); }

/* a write of line to the console: cc and status */
static int console(struct csw *s) { return adv_io(CONS, prog, 0, s); }

static void fill(u8 *p, u32 n, u8 seed)
{
    for (u32 i = 0; i < n; i++)
        p[i] = (u8)(seed + i * 7);
}

/* blocks `first` on from `buf`, `count` of them, by the plain program */
static bool disk_io(u8 op, u32 first, u32 count, void *buf)
{
    struct csw s;
    fba_prog(&fp, 0, 0, 0, DISK_BLOCKS - 1, op, (u16)count, first, buf);
    return adv_io(DISK, fp.ccw, 0, &s) == 0 && s.unit == (US_CE | US_DE) && !s.chan;
}

static void other_devices(void)
{
    static const u16 theirs[] = {0x020, 0x021, 0x022, 0x00E, 0x00D, 0x1A0, 0x190, 0x300, 0x101, 0x192, 0xFFF};
    u32 bad = 0;
    LOWCORE(u32, LC_CAW) = (u32)prog;
    prog[0] = (struct ccw){0x03, 0, 1, 0};
    for (u32 i = 0; i < sizeof theirs / sizeof theirs[0]; i++) {
        int s = sio(theirs[i]), t = tio(theirs[i]), h = hio(theirs[i]);
        if (s != 3 || t != 3 || h != 3)
            bad = theirs[i];
    }
    check_x(!bad, "SIO, TIO, HIO TO TERMINALS, PRINTER, CP'S DISK, THE REAL DASD: CONDITION CODE 3", bad);
}

static void console_programs(void)
{
    struct csw s;
    int cc;
    prog[0] = (struct ccw){0x09, CCW_SLI, sizeof line - 1, (u32)line};
    cc = console(&s);
    check(cc == 0 && s.unit == (US_CE | US_DE) && !s.chan, "A GOOD WRITE TO ITS CONSOLE");

    LOWCORE(u32, LC_CAW) = size;
    cc = sio(CONS);
    check_x(cc == 1 && (LOWCORE(u8, LC_CSW + 5) & CS_PROGCHK), "CAW OUTSIDE ITS STORAGE: CC 1, PROGRAM CHECK", (u32)cc);
    LOWCORE(u32, LC_CAW) = (u32)prog + 4;
    cc = sio(CONS);
    check_x(cc == 1 && (LOWCORE(u8, LC_CSW + 5) & CS_PROGCHK), "CAW NOT ON A DOUBLEWORD: CC 1, PROGRAM CHECK", (u32)cc);
    LOWCORE(u32, LC_CAW) = 0x01000000u | (u32)prog;
    cc = sio(CONS);
    check_x(cc == 1 && (LOWCORE(u8, LC_CSW + 5) & CS_PROGCHK), "CAW BITS 4-7 NOT ZERO: CC 1, PROGRAM CHECK", (u32)cc);

    prog[0] = (struct ccw){0x09, CCW_SLI, 16, size};
    check(program_check(console(&s), &s), "WRITE FROM OUTSIDE ITS STORAGE: PROGRAM CHECK");
    prog[0] = (struct ccw){0x09, CCW_SLI, 16, size - 8};
    check(program_check(console(&s), &s), "WRITE FROM ACROSS ITS END: PROGRAM CHECK");
    prog[0] = (struct ccw){0x09, CCW_SLI, 16, 0x7FFFFF00u};
    check(program_check(console(&s), &s), "WRITE FROM 7FFFFF00: PROGRAM CHECK");
    prog[0] = (struct ccw){0x09, CCW_SLI | CCW_CD, 5, (u32)line};
    prog[1] = (struct ccw){0x09, CCW_SLI, 16, size};
    check(program_check(console(&s), &s), "DATA CHAINED OUT OF ITS STORAGE: PROGRAM CHECK");
    prog[0] = (struct ccw){0x03, CCW_CC, 1, 0};
    prog[1] = (struct ccw){0x08, 0, 0, size};
    check(program_check(console(&s), &s), "TIC OUTSIDE ITS STORAGE: PROGRAM CHECK");
    prog[0] = (struct ccw){0x08, 0, 0, (u32)&prog[2]};
    cc = console(&s);
    check_x(cc == 1 && (s.chan & CS_PROGCHK), "TIC FIRST: CC 1, PROGRAM CHECK", (u32)cc);
    prog[0] = (struct ccw){0x03, CCW_CC, 1, 0};
    prog[1] = (struct ccw){0x08, 0, 0, (u32)&prog[2]};
    prog[2] = (struct ccw){0x08, 0, 0, (u32)&prog[0]};
    check(program_check(console(&s), &s), "TIC TO TIC: PROGRAM CHECK");
    prog[0] = (struct ccw){0x09, CCW_SLI | 0x04, 16, (u32)line};
    check(program_check(console(&s), &s), "INDIRECT DATA ADDRESSING: PROGRAM CHECK");
    prog[0] = (struct ccw){0x09, CCW_SLI, 0, (u32)line};
    check(program_check(console(&s), &s), "A ZERO COUNT: PROGRAM CHECK");
    prog[0] = (struct ccw){0x09, CCW_SLI, 16, 0x80000000u | (u32)line};
    check(program_check(console(&s), &s), "A DATA ADDRESS WITH BIT 0 ON: PROGRAM CHECK");

    /* endless: NOP, TIC back to it */
    prog[0] = (struct ccw){0x03, CCW_CC, 1, 0};
    prog[1] = (struct ccw){0x08, 0, 0, (u32)&prog[0]};
    cc = console(&s);
    check_x(program_check(cc, &s), "AN ENDLESS PROGRAM ON ITS CONSOLE: ENDED BY CP WITH A PROGRAM CHECK", (u32)cc);
    prog[0] = (struct ccw){0x09, CCW_SLI, sizeof line - 1, (u32)line};
    cc = console(&s);
    check(cc == 0 && s.unit == (US_CE | US_DE) && !s.chan, "ITS CONSOLE WORKS AFTERWARDS");
}

static void disk_programs(void)
{
    struct csw s;
    int cc;
    for (u32 i = 0; i < 4; i++)
        fill(block[i], 512, (u8)(0x10 * i + 1));
    check(disk_io(1, 0, 4, block), "A GOOD WRITE TO ITS MINIDISK");

    fba_prog(&fp, 0, 0, 0, DISK_BLOCKS - 1, 6, 1, 0, (void *)size);
    check(program_check(adv_io(DISK, fp.ccw, 0, &s), &s), "READ INTO OUTSIDE ITS STORAGE: PROGRAM CHECK");
    fba_prog(&fp, 0, 0, 0, DISK_BLOCKS - 1, 6, 1, 0, (void *)(size - 256));
    check(program_check(adv_io(DISK, fp.ccw, 0, &s), &s), "READ ACROSS ITS END: PROGRAM CHECK");
    fba_prog(&fp, 0, 0, 0, DISK_BLOCKS - 1, 1, 1, 0, (void *)0x7FFFF000u);
    check(program_check(adv_io(DISK, fp.ccw, 0, &s), &s), "WRITE FROM 7FFFF000: PROGRAM CHECK");
    fba_prog(&fp, 0, 0, 0, DISK_BLOCKS - 1, 6, 1, 0, area_a);
    fp.ccw[1].flags = CCW_CC;
    fp.ccw[2] = (struct ccw){0x08, 0, 0, size - 8};
    check(program_check(adv_io(DISK, fp.ccw, 0, &s), &s), "TIC OUTSIDE ITS STORAGE: PROGRAM CHECK");

    /* a data chain whose second CCW's command byte is define extent: the
     * channel ignores it; the data goes to and from area_b */
    memset(area_a, 0xEE, 512);
    memset(area_b, 0xEE, 512);
    fba_prog(&fp, 0, 0, 0, DISK_BLOCKS - 1, 6, 2, 0, area_a);
    fp.ccw[2] = (struct ccw){0x42, CCW_CD, 512, (u32)area_a};
    fp.ccw[3] = (struct ccw){0x63, 0, 512, (u32)area_b};
    cc = adv_io(DISK, fp.ccw, 0, &s);
    check_x(cc == 0 && s.unit == (US_CE | US_DE) && !s.chan && memcmp(area_a, block[0], 512) == 0 &&
                memcmp(area_b, block[1], 512) == 0,
            "READ DATA-CHAINED INTO A CCW THAT SAYS DEFINE EXTENT: THE DATA LANDS IN ITS STORAGE", s.chan);
    fill(area_a, 512, 0x77);
    fill(area_b, 512, 0x99);
    fba_prog(&fp, 0, 0, 0, DISK_BLOCKS - 1, 1, 2, 2, area_a);
    fp.ccw[2] = (struct ccw){0x41, CCW_CD, 512, (u32)area_a};
    fp.ccw[3] = (struct ccw){0x63, 0, 512, (u32)area_b};
    cc = adv_io(DISK, fp.ccw, 0, &s);
    check(cc == 0 && s.unit == (US_CE | US_DE) && !s.chan, "WRITE DATA-CHAINED FROM A CCW THAT SAYS DEFINE EXTENT");
    memset(block[3], 0, 512);
    check(disk_io(6, 3, 1, block[3]) && memcmp(block[3], area_b, 512) == 0,
          "  WHAT REACHED ITS DISK IS ITS OWN DATA, NOT CP'S STORAGE");

    /* a program that reads its own continuation: the CCWs read in point
     * outside (the extent its first part defined is in force for them) */
    u8 *c = cont;
    memset(c, 0, 512);
    const u32 b = SELF_LOAD;
    struct ccw more[2] = {{0x43, CCW_CC, 8, b + 40}, {0x42, 0, 512, size}};
    memcpy(c, more, sizeof more);
    c[40] = 6;   /* locate: read one block, block 0 */
    c[43] = 1;
    check(disk_io(1, 4, 1, c), "  ITS CONTINUATION IS ON ITS DISK");
    fba_prog(&fp, 0, 0, 0, DISK_BLOCKS - 1, 6, 1, 4, (void *)b);
    fp.ccw[2].flags = CCW_CC;
    fp.ccw[3] = (struct ccw){0x08, 0, 0, b};
    cc = adv_io(DISK, fp.ccw, 0, &s);
    check_x(program_check(cc, &s) && s.ccw == b + 16,
            "A PROGRAM THAT READS ITS OWN CONTINUATION, WHICH POINTS OUTSIDE: PROGRAM CHECK THERE", s.ccw);

    /* read IPL reads the real device from block 0, past the minidisk's end */
    memset(big, 0xEE, sizeof big);
    prog[0] = (struct ccw){0x02, CCW_CD, 0x8000, (u32)big};
    prog[1] = (struct ccw){0x02, CCW_SLI, 0x8000, (u32)big + 0x8000};
    cc = adv_io(DISK, prog, 0, &s);
    bool untouched = true;
    for (u32 i = DISK_BLOCKS * 512; i < sizeof big; i++)
        untouched &= big[i] == 0xEE;
    check_x(cc >= 0 && untouched, "READ IPL OF 64K: NOTHING PAST ITS MINIDISK'S 32K IS READ", (u32)cc);
    check(program_check(cc, &s), "  AND IT ENDS IN A PROGRAM CHECK");
    prog[0] = (struct ccw){0x02, CCW_SLI, 512, (u32)big};
    cc = adv_io(DISK, prog, 0, &s);
    check(cc == 0 && !s.chan && memcmp(big, block[0], 512) == 0,
          "READ IPL OF ITS MINIDISK'S BLOCK 0 READS IT");

    /* endless: NOP, TIC back to it, on the real DASD everyone shares */
    prog[0] = (struct ccw){0x03, CCW_CC, 1, 0};
    prog[1] = (struct ccw){0x08, 0, 0, (u32)&prog[0]};
    cc = adv_io(DISK, prog, 0, &s);
    check_x(program_check(cc, &s), "AN ENDLESS PROGRAM ON ITS MINIDISK: ENDED BY CP WITH A PROGRAM CHECK", (u32)cc);
    check(disk_io(6, 2, 1, block[3]) && memcmp(block[3], area_a, 512) == 0, "ITS MINIDISK WORKS AFTERWARDS");
}

int main(void)
{
    adv_begin("CCW");
    adv_catch_program_checks();
    size = diag60();
    other_devices();
    console_programs();
    disk_programs();
    return adv_end();
}
