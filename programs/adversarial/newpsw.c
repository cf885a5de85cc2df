/* newpsw: an adversary whose interruptions load invalid new PSWs.
 *
 * Attack: CP takes the external, SVC and I/O interruptions of a virtual
 * machine through its own low core, so the new PSWs there are input to
 * CP. For each of the three classes it stores new PSWs that break the
 * ESA/390 format, one at a time: bit 0 on, bit 4 on, bit 24 on, bit 12
 * (the ESA/390 format bit) off with the I/O and external masks on (so a
 * CP that loads it as it stands is enabled for the very interruption
 * that is still pending), and an odd instruction address; then it makes
 * the interruption come: its clock comparator due with an enabled PSW,
 * an SVC, an I/O interruption from its IPL disk in an enabled wait.
 *
 * Containment, as the Principles of Operation define it: the class's own
 * old PSW and interruption code are stored (the external code X'1004'
 * and CPU address 0; the SVC's ILC 1 and number; the I/O device address
 * and CSW), then the new PSW is introduced; a PSW-format error in it is
 * an early specification exception: a program interruption, code
 * X'0006', ILC 0, whose old PSW is the invalid PSW exactly as it was in
 * low core. An odd instruction address is not a format error: it is
 * recognized when the instruction is fetched, a specification exception
 * whose ILC is 1, 2 or 3 and whose old PSW is the new PSW with the
 * address advanced by that many halfwords. The program new PSW stays
 * valid throughout (adv_catch_program_checks).
 *
 * Last, a valid program new PSW that CP must not take for a loop: its
 * program mask and condition code are what the handler's first
 * instruction, an SLA that overflows 31 times running, leaves, so each
 * program old PSW is the new PSW past that instruction; but it runs
 * every time, and then goes on.
 */
#include "adv.h"

#define DISK 0x100
#define AMODE 0x80000000u

/* np_go(psw): load it. np_svc: SVC X'42'. np_spin: enabled here, the
 * pending external interruption comes before its first instruction; if
 * none comes, a bounded loop returns (adv_probe then says 0). np_iowait:
 * the address of the enabled wait PSW. np_bad: where an odd address
 * points, less one. */
__asm__(".text\n"
        "np_go:\n"
        "    lpsw  0(%r2)\n"
        "np_svc:\n"
        "    svc   0x42\n"
        "    br    %r14\n"
        "np_spin:\n"
        "    lhi   %r0,0x7FFF\n"
        "1:  brct  %r0,1b\n"
        "    br    %r14\n"
        "np_iowait:\n"
        "    br    %r14\n"
        "    .align 4\n"
        "np_bad:\n"
        "    br    %r14\n"
        "    br    %r14\n"
        "np_shift:\n"
        "    lhi   %r5,-1\n"
        "    srl   %r5,1\n"                 /* X'7FFFFFFF' */
        "    larl  %r1,np_ovf_psw\n"
        "    lpsw  0(%r1)\n"
        "np_ovf:\n"                         /* the program new PSW's handler */
        "    sla   %r5,1\n"                 /* overflows while bit 1 is one */
        "    larl  %r1,np_back_psw\n"
        "    lpsw  0(%r1)\n"
        "np_back:\n"
        "    lr    %r2,%r5\n"
        "    br    %r14\n");
u32 np_shift(void);
extern char np_ovf[], np_back[];

/* A valid program new PSW with the fixed-point-overflow mask on and CC 3
 * (as SLA leaves it on overflow), at np_ovf: its first instruction, SLA,
 * completes each time, with an overflow 31 times running, each old PSW
 * the new PSW past it; an instruction runs every time, so it is no
 * interruption loop, and it goes on. What is left of the register it
 * shifts: 0. */
struct psw np_ovf_psw = {0x00083800u, 0x80000000u}, np_back_psw = {0x00080000u, 0x80000000u};

static void overflowing(void)
{
    np_ovf_psw.w1 = 0x80000000u | (u32)np_ovf;
    np_back_psw.w1 = 0x80000000u | (u32)np_back;
    LOWCORE(u32, LC_PGM_NEW_PSW) = np_ovf_psw.w0;
    LOWCORE(u32, LC_PGM_NEW_PSW + 4) = np_ovf_psw.w1;
    u32 left = np_shift();
    adv_catch_program_checks();
    check_x(left == 0 && LOWCORE(u16, LC_PGM_CODE) == PGM_FIXED_POINT_OVERFLOW && pgm_old_ia() == (u32)np_ovf + 4,
            "A PROGRAM NEW PSW WITH ITS MASK AND CC, ITS SLA OVERFLOWING 31 TIMES: NO LOOP, IT RUNS ON", left);
}
void np_go(u32 psw);
extern char np_svc[], np_spin[], np_iowait[], np_bad[];

enum cls { EXT, SVC, IO };
static const char *const cls_name[] = {"EXTERNAL", "SVC", "I/O"};
static const u32 new_off[] = {LC_EXT_NEW_PSW, LC_SVC_NEW_PSW, LC_IO_NEW_PSW};

/* the invalid new PSWs: word 0 (word 1 is AMODE | np_bad, or odd) */
#define ODD 0xFFFFFFFFu
static const u32 bad_w0[] = {0x80080000u, 0x08080000u, 0x00080080u, 0x03000000u, ODD};
static const char *const bad_name[] = {"BIT 0 ON", "BIT 4 ON", "BIT 24 ON", "BIT 12 OFF, ENABLED", "AN ODD ADDRESS"};

static struct psw go, known;
static struct fba_prog io_prog;
static u8 block[512] __attribute__((aligned(8)));

static void sckc(u64 v) { __asm__ volatile("sckc %0" : : "Q"(v)); }

/* What the class's own interruption should have stored: true if it did. */
static bool class_stored(enum cls c, u32 *got)
{
    if (c == EXT) {
        *got = LOWCORE(u32, LC_EXT_OLD_PSW + 4);
        return LOWCORE(u32, LC_EXT_OLD_PSW) == 0x01080000u && *got == (AMODE | (u32)np_spin) &&
               LOWCORE(u32, LC_EXT_CPU_ADDR) == EXT_CLOCK_COMPARATOR;
    }
    if (c == SVC) {
        *got = LOWCORE(u32, LC_SVC_OLD_PSW + 4);
        return LOWCORE(u32, LC_SVC_OLD_PSW) == 0x00080000u && *got == (AMODE | ((u32)np_svc + 2)) &&
               (LOWCORE(u8, LC_SVC_ILC) & 0x06) == 2 && LOWCORE(u16, LC_SVC_CODE) == 0x42;
    }
    *got = LOWCORE(u32, LC_IO_ADDR);
    return LOWCORE(u32, LC_IO_OLD_PSW) == 0x030A0000u && LOWCORE(u32, LC_IO_OLD_PSW + 4) == (AMODE | (u32)np_iowait) &&
           *got == DISK && LOWCORE(u8, LC_CSW + 4) == (US_CE | US_DE) && LOWCORE(u8, LC_CSW + 5) == 0;
}

/* Make class c's interruption come, its new PSW w0/w1: the program
 * interruption's code (0: none). */
static int provoke(enum cls c, u32 w0, u32 w1)
{
    LOWCORE(u32, new_off[c]) = w0;
    LOWCORE(u32, new_off[c] + 4) = w1;
    LOWCORE(u16, LC_PGM_CODE) = 0;
    LOWCORE(u8, LC_PGM_ILC) = 0xFF;
    if (c == SVC) {
        known = (struct psw){0x00080000u, AMODE | (u32)np_svc};
        return adv_probe(np_go, (u32)&known);
    }
    if (c == EXT) {
        sckc(0);
        lctl(0, CR0_CKC_MASK);
        known = (struct psw){0x01080000u, AMODE | (u32)np_spin};
        int code = adv_probe(np_go, (u32)&known);
        sckc(~0ull);
        lctl(0, 0);
        return code;
    }
    /* I/O: a block of its IPL disk, then an enabled wait; its clock
     * comparator, a second on, is the way out if no interruption comes */
    fba_prog(&io_prog, 0, 0, 0, 255, 6, 1, 0, block);
    LOWCORE(u32, LC_CAW) = (u32)io_prog.ccw;
    LOWCORE(u32, LC_EXT_NEW_PSW) = 0x00080000u;
    LOWCORE(u32, LC_EXT_NEW_PSW + 4) = AMODE | (u32)adv_pgm_stub;
    lctl(2, 0xFFFFFFFFu);
    if (sio(DISK) != 0)
        return -1;
    sckc(stck() + 1000 * TOD_MS);
    lctl(0, CR0_CKC_MASK);
    go = (struct psw){0x030A0000u, AMODE | (u32)np_iowait};
    int code = adv_probe(np_go, (u32)&go);
    lctl(0, 0);
    sckc(~0ull);
    return code;
}

static void one(enum cls c, u32 i)
{
    char what[120];
    bool odd = bad_w0[i] == ODD;
    u32 w0 = odd ? 0x00080000u : bad_w0[i], w1 = AMODE | ((u32)np_bad + (odd ? 1 : 0)), got;
    int code = provoke(c, w0, w1);

    snprintf(what, sizeof what, "%s NEW PSW, %s: THE %s OLD PSW AND CODES STORED FIRST", cls_name[c], bad_name[i],
             cls_name[c]);
    check_x(class_stored(c, &got), what, got);

    u32 ow0 = LOWCORE(u32, LC_PGM_OLD_PSW), ow1 = LOWCORE(u32, LC_PGM_OLD_PSW + 4), ilc = pgm_ilc() / 2;
    bool ok;
    if (odd) {
        snprintf(what, sizeof what, "  THEN SPECIFICATION AT THE FETCH, ILC 1-3, OLD PSW THE NEW ONE PAST ILC");
        ok = code == PGM_SPECIFICATION && ow0 == w0 && ilc >= 1 && ow1 == w1 + 2 * ilc;
    } else {
        snprintf(what, sizeof what, "  THEN SPECIFICATION, ILC 0, OLD PSW THE INVALID PSW");
        ok = code == PGM_SPECIFICATION && ilc == 0 && ow0 == w0 && ow1 == w1;
    }
    check_x(ok, what, code == PGM_SPECIFICATION ? ow0 : (u32)code);
}

int main(void)
{
    adv_begin("NEWPSW");
    adv_catch_program_checks();
    sckc(~0ull);
    for (u32 c = EXT; c <= IO; c++)
        for (u32 i = 0; i < sizeof bad_w0 / sizeof bad_w0[0]; i++)
            one((enum cls)c, i);
    overflowing();
    return adv_end();
}
