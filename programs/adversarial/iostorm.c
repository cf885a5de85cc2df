/* iostorm: an adversary that storms CP with I/O instructions.
 *
 * Attack: thousands of SIOs of a long program on its minidisk (64 blocks
 * of the real DASD everyone's minidisks share), each halted (HIO) at
 * once; SIO while the device is busy and while its status is pending;
 * TIO and TCH in loops while a program runs; programs started on every
 * device it has at once; and programs that fail with a unit check, halted
 * at every moment of their end, among them while CP senses the real
 * device for them. Each real program CP starts for it holds one of CP's
 * translation slots, which every user's disk I/O needs.
 *
 * Containment: the channel's rules (machine/channel.c): SIO to an idle
 * device starts its program (condition code 0); to a busy one, condition
 * code 2; to one with status pending, condition code 1 with that status
 * and busy, and nothing starts; HIO ends a running program with its
 * status stored (condition code 1, and no interruption follows), or finds
 * its status pending (condition code 0); TCH of a channel it does not
 * have, 3. Every program it starts ends exactly once, with one status;
 * a unit check's sense is there when its status is; its minidisk still
 * reads and writes afterwards, and the victims' I/O (the harness checks
 * them) goes on.
 */
#include "adv.h"

#define DISK 0x191
#define IPLDISK 0x100
#define CONS 0x009
#define BLOCKS 64

static struct fba_prog longp, shortp, badp, iplp;
static struct ccw cons_ccw;
static u8 big[BLOCKS * 512] __attribute__((aligned(8)));
static u8 small[512] __attribute__((aligned(8))), iplbuf[4096] __attribute__((aligned(8)));
static u8 mine[2][512] __attribute__((aligned(8)));
static const char line[] = "IOSTORM: ALL AT ONCE";
static u32 csw0, csw1;   /* the last CSW a TIO stored */

/* TIO until the device is idle: how many statuses it gave (cc 1), or
 * 99 if it was still busy after half a second */
static u32 drain(u16 dev)
{
    u32 n = 0;
    for (u64 until = stck() + 500 * TOD_MS; stck() < until;) {
        int cc = tio(dev);
        if (cc == 0)
            return n;
        if (cc == 1)
            n++, csw0 = LOWCORE(u32, LC_CSW), csw1 = LOWCORE(u32, LC_CSW + 4);
        if (cc == 3)
            return 98;
    }
    return 99;
}

static int start(u16 dev, const void *ccws)
{
    LOWCORE(u32, LC_CAW) = (u32)ccws;
    return sio(dev);
}

static bool ended_clean(void) { return csw1 >> 16 == (u32)(US_CE | US_DE) << 8; }

static void sio_hio_storm(void)
{
    u32 n = 0, bad_sio = 0, bad_end = 0, halted = 0;
    for (u64 until = stck() + 700 * TOD_MS; n < 5000 && stck() < until; n++) {
        int cc = start(DISK, longp.ccw);
        if (cc != 0) {
            bad_sio = (u32)cc | n << 4;
            drain(DISK);
            continue;
        }
        int h = hio(DISK);
        u32 more = drain(DISK);
        halted += h == 1;
        if (!((h == 1 && more == 0) || (h == 0 && more == 1)))
            bad_end = (u32)h << 8 | more;
    }
    printf("IOSTORM: %u SIO AND HIO, %u HALTED\n", n, halted);
    check_x(!bad_sio, "SIO OF A LONG PROGRAM, THEN HIO AT ONCE, OVER AND OVER: EVERY SIO CC 0", bad_sio);
    check_x(!bad_end, "  EVERY PROGRAM ENDS ONCE: HALTED (HIO CC 1), OR ONE STATUS (HIO CC 0)", bad_end);
}

static void busy_and_pending(void)
{
    memset(big, 0xEE, sizeof big);
    memset(small, 0xEE, sizeof small);
    int cc = start(DISK, longp.ccw);
    int again = start(DISK, shortp.ccw);
    u32 busy_csw = LOWCORE(u32, LC_CSW + 4);
    check_x(cc == 0 && (again == 2 || (again == 1 && (busy_csw >> 24 & US_BUSY))),
            "SIO WHILE ITS DEVICE IS BUSY: CC 2", (u32)again);
    u32 n = drain(DISK);
    check_x(n == 1 && ended_clean() && (csw0 & 0xFFFFFF) == (u32)&longp.ccw[2] + 8 &&
                memcmp(big, mine, sizeof mine) == 0 && small[0] == 0xEE,
            "  THE FIRST PROGRAM ENDS ONCE, WITH ITS STATUS AND DATA; THE SECOND NEVER RAN", n << 16 | csw1 >> 16);

    memset(big, 0xEE, sizeof big);
    cc = start(DISK, shortp.ccw);
    u32 tch_bad = 0, saw = 0;
    for (u64 until = stck() + 300 * TOD_MS; stck() < until && saw != 1;) {
        saw = (u32)tch(DISK);
        if (saw == 3)
            tch_bad = 1;
    }
    check_x(cc == 0 && saw == 1 && !tch_bad, "TCH WHILE ITS PROGRAM RUNS, THEN ITS STATUS IS PENDING: CC 1", saw);
    again = start(DISK, longp.ccw);
    u32 unit = LOWCORE(u32, LC_CSW + 4) >> 24;
    check_x(again == 1 && unit == (US_BUSY | US_CE | US_DE), "SIO WITH ITS STATUS PENDING: CC 1, BUSY WITH THAT STATUS",
            (u32)again << 8 | unit);
    check_x(drain(DISK) == 0 && big[0] == 0xEE, "  THE STATUS IS GONE, AND THE NEW PROGRAM NEVER RAN", big[0]);
    check_x(tch(0x200) == 3 && tch(0xF00) == 3, "TCH OF CHANNELS IT DOES NOT HAVE: CC 3", 0);
}

static void tio_loop(void)
{
    u32 busy = 0, statuses = 0, odd = 0;
    memset(big, 0xEE, sizeof big);
    int cc = start(DISK, longp.ccw);
    for (u64 until = stck() + 500 * TOD_MS; stck() < until;) {
        int t = tio(DISK), c = tch(DISK);
        if (c == 3)
            odd = 0x300 | (u32)t;
        if (t == 2)
            busy++;
        else if (t == 1)
            statuses++, csw1 = LOWCORE(u32, LC_CSW + 4);
        else if (t == 0)
            break;
        else
            odd = (u32)t;
    }
    check_x(cc == 0 && busy > 0 && statuses == 1 && !odd && ended_clean() && memcmp(big, mine, sizeof mine) == 0,
            "TIO AND TCH IN A LOOP: BUSY, THEN ONE STATUS, THEN IDLE", statuses << 16 | odd);
}

static void every_device(void)
{
    static const u16 devs[3] = {DISK, IPLDISK, CONS};
    const void *progs[3] = {longp.ccw, iplp.ccw, &cons_ccw};
    u32 count[3] = {0}, bad = 0;
    memset(big, 0xEE, sizeof big);
    for (u32 i = 0; i < 3; i++)
        if (start(devs[i], progs[i]) != 0)
            bad |= 1u << i;
    for (u64 until = stck() + 500 * TOD_MS; stck() < until;) {
        u32 idle = 0;
        for (u32 i = 0; i < 3; i++) {
            int t = tio(devs[i]);
            if (t == 1) {
                count[i]++;
                if ((LOWCORE(u32, LC_CSW + 4) >> 16) != (u32)(US_CE | US_DE) << 8)
                    bad |= 0x10u << i;
            }
            idle += t == 0;
        }
        if (idle == 3)
            break;
    }
    check_x(!bad && count[0] == 1 && count[1] == 1 && count[2] == 1 && memcmp(big, mine, sizeof mine) == 0,
            "PROGRAMS ON ITS MINIDISK, IPL DISK AND CONSOLE AT ONCE: EACH ENDS ONCE, CLEAN",
            bad << 12 | count[0] << 8 | count[1] << 4 | count[2]);
}

/* programs that fail with a unit check, halted a little later each time */
static void halt_in_sense(void)
{
    u32 n = 0, halted = 0, bad_sio = 0, bad_end = 0, bad_sense = 0;
    for (u64 until = stck() + 700 * TOD_MS; n < 1500 && stck() < until; n++) {
        if (start(DISK, badp.ccw) != 0) {
            bad_sio = n | 0x80000000u;
            drain(DISK);
            continue;
        }
        for (volatile u32 i = 0; i < n; i++)
            ;
        int h = hio(DISK);
        u32 more = drain(DISK);
        halted += h == 1;
        if (h == 1 && more == 0)
            continue;
        if (h != 0 || more != 1 || (csw1 >> 24) != (US_CE | US_DE | US_UC))
            bad_end = (u32)h << 8 | more;
        else if (adv_sense(DISK) != (SENSE_CMDREJ << 8 | SENSE1_OUT_OF_EXTENT))
            bad_sense = n;
    }
    printf("IOSTORM: %u FAILING PROGRAMS, %u HALTED\n", n, halted);
    check_x(!bad_sio, "SIO OF A FAILING PROGRAM, HIO A LITTLE LATER EACH TIME: EVERY SIO CC 0", bad_sio);
    check_x(!bad_end, "  EACH ENDS ONCE: HALTED, OR ONE STATUS WITH ITS UNIT CHECK", bad_end);
    check_x(!bad_sense, "  AND WITH THE UNIT CHECK, ITS SENSE: OUT OF EXTENT", bad_sense);
}

int main(void)
{
    struct csw s;
    adv_begin("IOSTORM");
    adv_catch_program_checks();
    for (u32 i = 0; i < 512; i++)
        mine[0][i] = (u8)(i * 13 + 5), mine[1][i] = (u8)(i * 17 + 9);
    fba_prog(&longp, 0, 0, 0, BLOCKS - 1, 1, 2, 0, mine);
    longp.ccw[2].count = sizeof mine;
    check(adv_io(DISK, longp.ccw, 0, &s) == 0 && s.unit == (US_CE | US_DE) && !s.chan, "WRITE BLOCKS 0 AND 1");
    fba_prog(&longp, 0, 0, 0, BLOCKS - 1, 6, BLOCKS, 0, big);
    longp.ccw[2].count = sizeof big;
    fba_prog(&shortp, 0, 0, 0, BLOCKS - 1, 6, 1, 5, small);
    fba_prog(&badp, 0, 0, 0, BLOCKS - 1, 6, 1, 70, small);
    fba_prog(&iplp, 0, 0, 0, 255, 6, 8, 0, iplbuf);
    iplp.ccw[2].count = sizeof iplbuf;
    cons_ccw = (struct ccw){0x09, CCW_SLI, sizeof line - 1, (u32)line};

    sio_hio_storm();
    busy_and_pending();
    tio_loop();
    every_device();
    halt_in_sense();

    check_x(tio(DISK) == 0, "AT THE END ITS MINIDISK IS IDLE", 0);
    memset(big, 0xEE, sizeof big);
    fba_prog(&shortp, 0, 0, 0, BLOCKS - 1, 1, 1, 9, mine[1]);
    bool wrote = adv_io(DISK, shortp.ccw, 0, &s) == 0 && s.unit == (US_CE | US_DE) && !s.chan;
    fba_prog(&shortp, 0, 0, 0, BLOCKS - 1, 6, 1, 9, small);
    memset(small, 0, sizeof small);
    check(wrote && adv_io(DISK, shortp.ccw, 0, &s) == 0 && s.unit == (US_CE | US_DE) && !s.chan &&
              memcmp(small, mine[1], 512) == 0,
          "  AND STILL WRITES AND READS");
    return adv_end();
}
