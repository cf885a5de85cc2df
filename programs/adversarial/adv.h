/* adv.h: what the adversarial guest kernels share.
 *
 * Each kernel in programs/adversarial/ is IPLed in a virtual machine of
 * its own under CP, attacks, and then checks from inside that it got the
 * architected answer (or the one CP documents, docs/resource-control.md)
 * and nothing more. A check types one line at the console, "OK   what" or
 * "FAIL what", and adv_end() gives main() the pass code only if every
 * check passed. tests/cp/adversarial.sh runs them beside victims whose
 * results must not change.
 *
 * The pieces:
 * - adv_probe(fn, arg): run fn(arg) and catch the program interruption it
 *   takes, if any: the program new PSW leads to a stub that puts back the
 *   registers adv_probe was entered with and returns the interruption code
 *   from adv_probe (0: none came), disabled, key 0, DAT off; the old PSW,
 *   ILC and TEA are in low core.
 * - polled channel I/O (SIO, then TIO until the status is stored, as
 *   programs/lib/console.c does), with the CSW kept;
 * - FBA channel programs (define extent, locate, read or write);
 * - CP's DIAGNOSE codes X'08' (a CP command), X'18' (disk I/O), X'60';
 * - the CPU time a phase of an attack got, for its "SHARE" line: from the
 *   virtual CPU timer, or from gaps in the TOD clock when the phase plays
 *   with the timer itself.
 * Every kernel runs in supervisor state, key 0, DAT off, disabled, except
 * where it says otherwise.
 */
#ifndef CREASY_ADV_H
#define CREASY_ADV_H

#include <stdbool.h>

#include "creasy.h"

#define TOD_MS (4096ull * 1000)

/* ---- checks ---- */

static const char *adv_name;
static u32 adv_checks, adv_failed;

static inline void adv_begin(const char *name)
{
    adv_name = name;
    printf("%s: STARTED\n", name);
}

static inline bool check(bool ok, const char *what)
{
    adv_checks++;
    adv_failed += !ok;
    printf("%s: %s %s\n", adv_name, ok ? "OK  " : "FAIL", what);
    return ok;
}

/* check() with the value that was wrong, in hex */
static inline bool check_x(bool ok, const char *what, u32 got)
{
    char line[120];
    if (ok)
        return check(true, what);
    snprintf(line, sizeof line, "%s (GOT %08X)", what, got);
    return check(false, line);
}

/* main's return value: 0 (the pass wait) if every check passed */
static inline int adv_end(void)
{
    printf("%s: %u CHECKS, %u FAILED\n", adv_name, adv_checks, adv_failed);
    return adv_failed ? (int)adv_failed : 0;
}

/* ---- CPU time ---- */

/* The virtual CPU timer runs only while CP runs this machine: set it far
 * ahead at the start of a phase, and what it has lost at the end is the
 * CPU time CP gave the phase. */
#define CPU_TIMER_FULL 0x7FFFFFFFFFFFFFFFull

static inline void cpu_time_start(void)
{
    u64 v = CPU_TIMER_FULL;
    __asm__ volatile("spt %0" : : "Q"(v));
}

static inline u64 cpu_time_used(void)
{
    u64 v;
    __asm__ volatile("stpt %0" : "=Q"(v));
    return CPU_TIMER_FULL - v;
}

/* For a phase that plays with the CPU timer itself: the time it had the
 * CPU, seen from the TOD clock. It calls ran_tick() every round of its
 * loop; a round that took more than RAN_GAP is time it did not run (CP
 * gave the CPU to someone else), and what is left is CPU time. */
#define RAN_GAP (TOD_MS / 5)

struct ran {
    u64 start, last, away;
};

static inline void ran_start(struct ran *r) { r->start = r->last = stck(), r->away = 0; }

static inline void ran_tick(struct ran *r)
{
    u64 now = stck();
    if (now - r->last > RAN_GAP)
        r->away += now - r->last;
    r->last = now;
}

static inline u64 ran_cpu(const struct ran *r) { return r->last - r->start - r->away; }

/* "NAME: SHARE PHASE cpu OF elapsed MS": tests/cp/adversarial.sh holds the
 * share to what the others leave it */
static inline void report_share(const char *phase, u64 cpu, u64 elapsed)
{
    printf("%s: SHARE %s %u OF %u MS\n", adv_name, phase, (u32)(cpu / TOD_MS), (u32)(elapsed / TOD_MS));
}

/* ---- program interruptions ---- */

/* int adv_probe(void (*fn)(u32), u32 arg) */
__asm__(".text\n"
        "    .globl adv_probe\n"
        "adv_probe:\n"
        "    larl  %r1,adv_probe_regs\n"
        "    stm   %r0,%r15,0(%r1)\n"      /* as it was entered: the stub comes back to this */
        "    mvi   64(%r1),1\n"            /* armed */
        "    lr    %r1,%r2\n"
        "    lr    %r2,%r3\n"
        "    basr  %r14,%r1\n"             /* fn(arg) runs on the caller's frame, as a call would */
        "    larl  %r1,adv_probe_regs\n"
        "    mvi   64(%r1),0\n"
        "    l     %r14,56(%r1)\n"
        "    lhi   %r2,0\n"
        "    br    %r14\n"
        "adv_pgm_stub:\n"
        "    larl  %r1,adv_probe_regs\n"
        "    cli   64(%r1),1\n"
        "    jne   1f\n"
        "    mvi   64(%r1),0\n"
        "    lm    %r0,%r15,0(%r1)\n"
        "    lh    %r2,0x8e(%r0)\n"        /* the interruption code */
        "    br    %r14\n"
        "1:  lpsw  2f\n"                   /* not expected: fail */
        "    .align 8\n"
        "2:  .long 0x000A0000, 0x80BADFFF\n"
        "    .bss\n"
        "    .align 8\n"
        "adv_probe_regs:\n"
        "    .space 72\n"
        "    .text\n");

int adv_probe(void (*fn)(u32), u32 arg);
extern char adv_pgm_stub[];

static inline void adv_catch_program_checks(void)
{
    LOWCORE(u32, LC_PGM_NEW_PSW) = 0x00080000u;
    LOWCORE(u32, LC_PGM_NEW_PSW + 4) = 0x80000000u | (u32)adv_pgm_stub;
}

static inline u32 pgm_old_ia(void) { return LOWCORE(u32, LC_PGM_OLD_PSW + 4) & 0x7FFFFFFFu; }
static inline u32 pgm_ilc(void) { return LOWCORE(u8, LC_PGM_ILC) & 0x06; }

/* fn(arg) must take the program interruption `code` */
static inline bool expect_pgm(void (*fn)(u32), u32 arg, u16 code, const char *what)
{
    int got = adv_probe(fn, arg);
    return check_x(got == code, what, (u32)got);
}

/* ---- channel I/O, polled ---- */

struct csw {
    u32 ccw;        /* the CCW address + 8, as the CSW has it */
    u8 unit, chan;
    u16 residual;
};

/* Start the program at `ccws` with CAW key `key` on `dev` and poll for its
 * end. SIO's condition code: 0 (the program ran; *csw is its ending
 * status, which TIO stored) or 1 (refused at once; *csw is what SIO
 * stored), 2 or 3; or -1: still running after a second of TOD time, so
 * halted (HIO): an endless program is a finding, not a hang. */
static inline int adv_io(u16 dev, const void *ccws, u8 key, struct csw *csw)
{
    LOWCORE(u32, LC_CAW) = (u32)key << 28 | (u32)ccws;
    int cc = sio(dev);
    u64 give_up = stck() + 1000 * TOD_MS;
    if (cc == 0) {
        while (tio(dev) == 2)
            if (stck() > give_up) {
                hio(dev);
                return -1;
            }
    } else if (cc != 1) {
        return cc;
    }
    csw->ccw = LOWCORE(u32, LC_CSW) & 0x00FFFFFFu;
    csw->unit = LOWCORE(u8, LC_CSW + 4);
    csw->chan = LOWCORE(u8, LC_CSW + 5);
    csw->residual = LOWCORE(u16, LC_CSW + 6);
    return cc;
}

/* The program ended cleanly: condition code 0, channel end and device
 * end, no channel status. */
static inline bool io_clean(int cc, const struct csw *s) { return cc == 0 && s->unit == (US_CE | US_DE) && !s->chan; }

/* `n` bytes at `p` are all X'EE' still: nothing was stored there. */
static inline bool untouched(const u8 *p, u32 n)
{
    for (u32 i = 0; i < n; i++)
        if (p[i] != 0xEE)
            return false;
    return true;
}

/* SENSE on `dev`: its first two bytes (byte 0 << 8 | byte 1), or ~0 */
static inline u32 adv_sense(u16 dev)
{
    static u8 sense[24] __attribute__((aligned(8)));
    static struct ccw c;
    struct csw csw;
    memset(sense, 0, sizeof sense);
    c = (struct ccw){0x04, CCW_SLI, sizeof sense, (u32)sense};
    if (adv_io(dev, &c, 0, &csw) != 0 || csw.unit != (US_CE | US_DE) || csw.chan)
        return ~0u;
    return (u32)sense[0] << 8 | sense[1];
}

/* ---- FBA channel programs ---- */

/* define extent mask and sense */
#define FBA_INHIBIT_WRITE 0x40
#define SENSE_CMDREJ 0x80
#define SENSE_INTREQ 0x40
#define SENSE1_WRITE_INHIBITED 0x04
#define SENSE1_OUT_OF_EXTENT 0x08
#define SENSE1_NO_EXTENT 0x20
#define CS_PROGCHK 0x20
#define CS_PROTCHK 0x10

struct fba_prog {
    struct ccw ccw[4];
    u8 extent[16];
    u8 locate[8];
} __attribute__((aligned(8)));

static inline void put32(u8 *p, u32 v)
{
    p[0] = (u8)(v >> 24);
    p[1] = (u8)(v >> 16);
    p[2] = (u8)(v >> 8);
    p[3] = (u8)v;
}

/* Define extent [first, last] from `origin`, locate `count` blocks at
 * `block` for `op` (1 write, 6 read), then read (42) or write (41) them
 * at `buf`. */
static inline void fba_prog(struct fba_prog *p, u8 mask, u32 origin, u32 first, u32 last, u8 op, u16 count, u32 block,
                     void *buf)
{
    memset(p, 0, sizeof *p);
    p->extent[0] = mask;
    put32(p->extent + 4, origin);
    put32(p->extent + 8, first);
    put32(p->extent + 12, last);
    p->locate[0] = op;
    p->locate[2] = (u8)(count >> 8);
    p->locate[3] = (u8)count;
    put32(p->locate + 4, block);
    p->ccw[0] = (struct ccw){0x63, CCW_CC, 16, (u32)p->extent};
    p->ccw[1] = (struct ccw){0x43, CCW_CC, 8, (u32)p->locate};
    p->ccw[2] = (struct ccw){op == 1 ? 0x41 : 0x42, 0, (u16)(count * 512), (u32)buf};
}

/* ---- CP's DIAGNOSE codes ---- */

/* X'08': a CP command (EBCDIC); CP's return code */
static inline u32 diag08(const char *cmd)
{
    u32 rx = (u32)cmd, ry = strlen(cmd);
    __asm__ volatile("diag %0,%1,0x08" : "+d"(rx), "+d"(ry) : : "cc", "memory");
    return ry;
}

/* X'18': disk I/O, synchronous; its condition code, *rx what CP left in Rx */
static inline int diag18(u16 dev, const void *ccws, u32 *rx_out)
{
    u32 rx = dev, ry = (u32)ccws;
    int cc;
    __asm__ volatile("diag %1,%2,0x18\n\tipm %0\n\tsrl %0,28" : "=d"(cc), "+d"(rx), "+d"(ry) : : "cc", "memory");
    *rx_out = rx;
    return cc;
}

/* X'60': the virtual machine's storage size */
static inline u32 diag60(void)
{
    u32 rx = 0, ry = 0;
    __asm__ volatile("diag %0,%1,0x60" : "+d"(rx), "+d"(ry) : : "cc", "memory");
    return rx;
}

#endif
