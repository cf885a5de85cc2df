/* diag18x: an adversary that gives DIAGNOSE X'18' every odd program.
 *
 * Attack: DIAGNOSE X'18' (CP's synchronous disk I/O) with a define
 * extent that is data-chained (4 bytes, then 12, also through a TIC),
 * honest and widened past its minidisk; an endless program (a NOP and a
 * TIC back to it); programs of 60 and 61 CCWs (and 61 through SIO); the
 * program's address outside its storage, misaligned, with high bits on;
 * its console and devices it does not have; its minidisk while an SIO's
 * program on it is running, and while that program's status is pending;
 * Rx equal to Ry (one register naming both the disk and the program);
 * in problem state; a write to its read-only IPL disk.
 *
 * Containment: docs/cp.md: condition code 0 done, 1 error with the
 * channel's status in Rx (unit status << 8 | channel status), 3 no such
 * disk; the channel's rules for the program (a define extent is 16 bytes
 * however they are chained, and CP confines it to the minidisk); CP's
 * limit of 60 CCWs (docs/resource-control.md), the 61st a program check;
 * a busy minidisk is no such disk for the moment (condition code 3) or
 * waited for, and the SIO's program ends as it would have, its status
 * still its own; the privileged-operation exception in problem state.
 */
#include "adv.h"

#define DISK 0x191
#define IPLDISK 0x100
#define BLOCKS 64
#define SAME_REG 0xC0100u   /* a program here, on device X'0100' */

static u32 size;
static struct fba_prog fp;
struct fba_prog diag18x_pfp;   /* the problem-state write (named in the asm below) */
static struct ccw dc[8], many[64];
static u8 ext[16] __attribute__((aligned(8))), loc[8] __attribute__((aligned(8)));
static u8 mine[2][512] __attribute__((aligned(8)));
static u8 buf[512] __attribute__((aligned(8))), ref[512] __attribute__((aligned(8)));
static u8 big[BLOCKS * 512] __attribute__((aligned(8)));
static struct psw problem_psw;

__asm__(".text\nprob_diag18:\n"
        "    lhi   %r4,0x191\n"
        "    larl  %r5,diag18x_pfp\n"
        "    diag  %r4,%r5,0x18\n"
        "    .long 0\n");
extern char prob_diag18[];

static void in_problem_state(u32 where)
{
    problem_psw.w0 = 0x00080000u | 0x00010000u;
    problem_psw.w1 = 0x80000000u | where;
    __asm__ volatile("lpsw %0" : : "Q"(problem_psw) : "memory");
}

static int read_block(u16 dev, u32 last, u32 block, void *to)
{
    u32 rx;
    memset(to, 0xEE, 512);
    fba_prog(&fp, 0, 0, 0, last, 6, 1, block, to);
    return diag18(dev, fp.ccw, &rx);
}

/* define extent [0, last] in two pieces, then read block 1 */
static int chained_extent(u32 last, bool via_tic, u32 *rx)
{
    memset(ext, 0, sizeof ext);
    put32(ext + 12, last);
    memset(loc, 0, sizeof loc);
    loc[0] = 6, loc[3] = 1, loc[7] = 1;
    memset(buf, 0xEE, sizeof buf);
    dc[0] = (struct ccw){0x63, CCW_CD, 4, (u32)ext};
    struct ccw *c = &dc[1];
    if (via_tic) {
        dc[1] = (struct ccw){0x08, 0, 0, (u32)&dc[3]};
        c = &dc[3];
    }
    c[0] = (struct ccw){0x00, CCW_CC, 12, (u32)ext + 4};
    c[1] = (struct ccw){0x43, CCW_CC, 8, (u32)loc};
    c[2] = (struct ccw){0x42, 0, 512, (u32)buf};
    return diag18(DISK, dc, rx);
}

/* define extent, locate, read, then NOPs: n CCWs in all */
static struct ccw *long_program(u32 n)
{
    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, 6, 1, 0, buf);
    many[0] = fp.ccw[0], many[1] = fp.ccw[1], many[2] = fp.ccw[2];
    for (u32 i = 2; i < n; i++) {
        if (i > 2)
            many[i] = (struct ccw){0x03, CCW_SLI, 1, 0};
        many[i].flags |= i + 1 < n ? CCW_CC : 0;
    }
    memset(buf, 0xEE, sizeof buf);
    return many;
}

static void programs(void)
{
    u32 rx;
    int cc = chained_extent(BLOCKS - 1, false, &rx);
    check_x(cc == 0 && memcmp(buf, mine[1], 512) == 0, "A DEFINE EXTENT DATA-CHAINED, 4 THEN 12: IT WORKS", rx);
    cc = chained_extent(BLOCKS - 1, true, &rx);
    check_x(cc == 0 && memcmp(buf, mine[1], 512) == 0, "  AND THROUGH A TIC: IT WORKS", rx);
    cc = chained_extent(BLOCKS, false, &rx);
    check_x(cc == 1 && rx == (u32)(US_CE | US_DE | US_UC) << 8 &&
                adv_sense(DISK) == (SENSE_CMDREJ << 8 | SENSE1_OUT_OF_EXTENT),
            "  ONE PAST ITS END: CC 1, UNIT CHECK, OUT OF EXTENT", rx);
    cc = chained_extent(0x7FFFFFFFu, true, &rx);
    check_x(cc == 1 && rx == (u32)(US_CE | US_DE | US_UC) << 8, "  THROUGH A TIC TO 7FFFFFFF: CC 1, UNIT CHECK", rx);

    dc[0] = (struct ccw){0x03, CCW_CC, 1, 0};
    dc[1] = (struct ccw){0x08, 0, 0, (u32)&dc[0]};
    cc = diag18(DISK, dc, &rx);
    check_x(cc == 1 && (rx & 0xFF) == CS_PROGCHK, "AN ENDLESS PROGRAM: CC 1, PROGRAM CHECK", rx);
    cc = diag18(DISK, long_program(60), &rx);
    check_x(cc == 0 && memcmp(buf, mine[0], 512) == 0, "A PROGRAM OF 60 CCWS: DONE", rx);
    cc = diag18(DISK, long_program(61), &rx);
    check_x(cc == 1 && (rx & 0xFF) == CS_PROGCHK, "A PROGRAM OF 61 CCWS: CC 1, PROGRAM CHECK", rx);
    struct csw s;
    cc = adv_io(DISK, long_program(61), 0, &s);
    check_x(cc == 0 && (s.chan & CS_PROGCHK) && s.ccw == (u32)&many[60] + 8,
            "  THROUGH SIO: PROGRAM CHECK AT THE 61ST", s.ccw);

    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, 6, 1, 0, buf);
    cc = diag18(DISK, (void *)size, &rx);
    check_x(cc == 1 && rx == CS_PROGCHK, "PROGRAM OUTSIDE ITS STORAGE: CC 1, PROGRAM CHECK", rx);
    cc = diag18(DISK, (u8 *)fp.ccw + 4, &rx);
    check_x(cc == 1 && rx == CS_PROGCHK, "PROGRAM MISALIGNED: CC 1, PROGRAM CHECK", rx);
    cc = diag18(DISK, (void *)(0x7F000000u | (u32)fp.ccw), &rx);
    check_x(cc == 1 && rx == CS_PROGCHK, "PROGRAM ADDRESS WITH HIGH BITS ON: CC 1, PROGRAM CHECK", rx);
    static const u16 none[] = {0x009, 0x300, 0x555, 0x1A0, 0x190, 0xFFFF};
    u32 bad = 0;
    for (u32 i = 0; i < sizeof none / sizeof none[0]; i++)
        if (diag18(none[i], fp.ccw, &rx) != 3)
            bad = none[i] | 0x10000;
    check_x(!bad, "ITS CONSOLE, THE REAL DASD, CP'S DISK, NO DEVICE: CC 3", bad);
    fba_prog(&fp, 0, 0, 0, 255, 1, 1, 0, buf);
    cc = diag18(IPLDISK, fp.ccw, &rx);
    check_x(cc == 1 && rx == (u32)(US_CE | US_DE | US_UC) << 8, "A WRITE TO ITS READ-ONLY IPL DISK: CC 1, UNIT CHECK",
            rx);
}

/* DIAGNOSE X'18' on 191 while an SIO's program on it runs, or (pending)
 * after it ended with its status not yet taken */
static void beside_sio(bool pending)
{
    static struct fba_prog sp;
    u32 rx, statuses = 0, unit = 0;
    memset(big, 0xEE, sizeof big);
    fba_prog(&sp, 0, 0, 0, BLOCKS - 1, 6, BLOCKS, 0, big);
    LOWCORE(u32, LC_CAW) = (u32)sp.ccw;
    int scc = sio(DISK), cc = 0;
    if (pending)
        for (u64 until = stck() + 50 * TOD_MS; stck() < until;)
            ;
    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, 6, 1, 1, buf);
    memset(buf, 0xEE, sizeof buf);
    cc = diag18(DISK, fp.ccw, &rx);
    bool diag_ok = cc == 3 || (cc == 0 && memcmp(buf, mine[1], 512) == 0);
    for (u64 until = stck() + 500 * TOD_MS; stck() < until;) {
        int t = tio(DISK);
        if (t == 1)
            statuses++, unit = LOWCORE(u32, LC_CSW + 4);
        if (t == 0)
            break;
    }
    bool sio_ok = scc == 0 && statuses == 1 && unit >> 16 == (US_CE | US_DE) << 8 && memcmp(big, mine, 1024) == 0;
    check_x(diag_ok, pending ? "X'18' WHILE AN SIO'S STATUS IS PENDING: CC 3, OR DONE"
                             : "X'18' WHILE AN SIO'S PROGRAM RUNS: CC 3, OR DONE", (u32)cc);
    check_x(sio_ok, "  THE SIO'S PROGRAM ENDS ONCE, WITH ITS OWN STATUS AND DATA", statuses << 16 | unit >> 16);
}

static void same_register(void)
{
    u32 r = SAME_REG;
    int cc;
    check(read_block(IPLDISK, 255, 0, ref) == 0, "ITS IPL DISK'S BLOCK 0, READ");
    fba_prog((struct fba_prog *)SAME_REG, 0, 0, 0, 255, 6, 1, 0, buf);
    memset(buf, 0xEE, sizeof buf);
    __asm__ volatile("diag %1,%1,0x18\n\tipm %0\n\tsrl %0,28" : "=d"(cc), "+d"(r) : : "cc", "memory");
    check_x(cc == 0 && r == SAME_REG && memcmp(buf, ref, 512) == 0,
            "RX = RY = C0100: DEVICE 100, PROGRAM AT C0100: DONE", r);
    r = DISK;
    __asm__ volatile("diag %1,%1,0x18\n\tipm %0\n\tsrl %0,28" : "=d"(cc), "+d"(r) : : "cc", "memory");
    check_x(cc == 1 && r == CS_PROGCHK, "RX = RY = 191: A PROGRAM AT 191, MISALIGNED: CC 1, PROGRAM CHECK", r);
}

int main(void)
{
    u32 rx;
    adv_begin("DIAG18X");
    adv_catch_program_checks();
    size = diag60();
    for (u32 i = 0; i < 512; i++)
        mine[0][i] = (u8)(i * 3 + 1), mine[1][i] = (u8)(i * 7 + 2);
    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, 1, 2, 0, mine);
    fp.ccw[2].count = 1024;
    check_x(diag18(DISK, fp.ccw, &rx) == 0, "X'18' WRITES BLOCKS 0 AND 1", rx);
    programs();
    beside_sio(false);
    beside_sio(true);
    same_register();

    memset(buf, 0xBD, sizeof buf);
    fba_prog(&diag18x_pfp, 0, 0, 0, BLOCKS - 1, 1, 1, 0, buf);
    expect_pgm(in_problem_state, (u32)prob_diag18, PGM_PRIVILEGED_OPERATION,
               "X'18' IN PROBLEM STATE: PRIVILEGED OPERATION");
    check(read_block(DISK, BLOCKS - 1, 0, buf) == 0 && memcmp(buf, mine[0], 512) == 0,
          "  NOTHING WRITTEN; ITS MINIDISK STILL READS");
    return adv_end();
}
