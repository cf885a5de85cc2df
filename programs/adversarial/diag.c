/* diag: an adversary that gives CP's DIAGNOSE codes bad parameters.
 *
 * Attack: DIAGNOSE codes CP does not have; DIAGNOSE in problem state;
 * X'08' (a CP command) with its text outside its storage, across its end,
 * empty, too long, of absurd length, and with commands meant for other
 * users' machines or for the operator (FORCE, LOGON, LINK to another
 * user's minidisk, IPL of a real device, SPOOL and TRANSFER to someone
 * else), and STORE PSW of a PSW no machine can run; X'18' (disk I/O) for
 * devices it does not have or that are not disks, with a channel program
 * outside its storage, misaligned, starting with a TIC, and reading into
 * or writing from outside its storage.
 *
 * Containment: a specification exception for unknown codes (as on the
 * bare machine) and a privileged-operation exception in problem state;
 * for X'08', return code -1 when CP cannot read the text, and CP's error
 * codes for the rest: 2 for the operator's commands, 113 for a LINK to
 * another user's minidisk (other users' minidisks are theirs: LINK reaches
 * only a read-only one, read-only, such as the CMS system disk), 40 for a
 * device it does not have; the invalid PSW gets the early specification
 * exception it would get if loaded (ILC 0, that PSW as the old PSW); for
 * X'18', condition code 3 (no such disk) or 1 with the channel's status
 * in Rx.
 */
#include "adv.h"

#define DISK 0x191

static u32 size;
static struct psw problem_psw;
static struct fba_prog fp;
static u8 buf[512] __attribute__((aligned(8)));

static void diag_code(u32 code) { __asm__ volatile("diag 0,0,0(%0)" : : "a"(code) : "cc", "memory"); }

/* X'08' with the text at `at`, `len` long: CP's return code (Ry) */
static u32 diag08_raw(u32 at, u32 len)
{
    __asm__ volatile("diag %0,%1,0x08" : "+d"(at), "+d"(len) : : "cc", "memory");
    return len;
}

__asm__(".text\nprob_diag: diag 0,0,0x60\n    .long 0\n");
extern char prob_diag[];

static void in_problem_state(u32 where)
{
    problem_psw.w0 = 0x00080000u | 0x00010000u;   /* problem state, disabled */
    problem_psw.w1 = 0x80000000u | where;
    __asm__ volatile("lpsw %0" : : "Q"(problem_psw) : "memory");
}

static void store_psw(u32 unused)
{
    (void)unused;
    diag08("STORE PSW 00080000 00001234");
}

/* a CP command and the return code it must get */
static void command(const char *text, u32 rc, const char *what)
{
    u32 got = diag08(text);
    check_x(got == rc, what, got);
}

int main(void)
{
    u32 rx;
    int cc;
    adv_begin("DIAG");
    adv_catch_program_checks();
    size = diag60();
    check_x(size == 0x100000u, "DIAGNOSE X'60': 1M", size);

    static const u32 unknown[] = {0x00, 0x04, 0x10, 0x14, 0x1234, 0xFFFF, 0x7FFC};
    for (u32 i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        char what[80];
        snprintf(what, sizeof what, "DIAGNOSE X'%X': SPECIFICATION EXCEPTION", unknown[i]);
        expect_pgm(diag_code, unknown[i], PGM_SPECIFICATION, what);
    }
    check_x(pgm_ilc() == 4, "  ILC 2 (FOUR BYTES)", pgm_ilc());
    expect_pgm(in_problem_state, (u32)prob_diag, PGM_PRIVILEGED_OPERATION,
               "DIAGNOSE IN PROBLEM STATE: PRIVILEGED OPERATION");

    /* X'08': text CP cannot read */
    check_x(diag08_raw(size, 4) == 0xFFFFFFFFu, "X'08' TEXT OUTSIDE ITS STORAGE: -1", 0);
    check_x(diag08_raw(size - 2, 4) == 0xFFFFFFFFu, "X'08' TEXT ACROSS ITS END: -1", 0);
    check_x(diag08_raw(0x7FFFFFF0u, 8) == 0xFFFFFFFFu, "X'08' TEXT AT 7FFFFFF0: -1", 0);
    check_x(diag08_raw((u32)"QUERY NAMES", 0) == 0xFFFFFFFFu, "X'08' OF LENGTH 0: -1", 0);
    check_x(diag08_raw(0x1000, 133) == 0xFFFFFFFFu, "X'08' OF LENGTH 133: -1", 0);
    check_x(diag08_raw(0x1000, 0xFFFFFFFFu) == 0xFFFFFFFFu, "X'08' OF LENGTH FFFFFFFF: -1", 0);
    check_x(diag08_raw(0x1000, 0x80000000u) == 0xFFFFFFFFu, "X'08' OF LENGTH 80000000: -1", 0);
    memset(buf, 0xFF, 132);
    check_x(diag08_raw((u32)buf, 132) != 0, "X'08' OF 132 BYTES OF X'FF': AN ERROR CODE", 0);

    /* X'08': commands for others */
    command("FORCE VICTIM1", 2, "CP FORCE VICTIM1: NOT AUTHORIZED (2)");
    command("LOGON VICTIM1", 2, "CP LOGON VICTIM1: NOT AUTHORIZED (2)");
    static const char *const links[][2] = {
        {"LINK VICTIM1 191 999 W", "CP LINK VICTIM1 191 999 W: REFUSED (113)"},
        {"LINK CMSUSER 191 998 W", "CP LINK CMSUSER 191 998 W: REFUSED (113)"},
        {"LINK VICTIM2 191 997 R", "CP LINK VICTIM2 191 997 R: REFUSED (113)"},
    };
    for (u32 i = 0; i < 3; i++) {
        u32 rc = diag08(links[i][0]);
        check_x(rc == 113, links[i][1], rc);
        if (rc == 0 && i < 2) {   /* it got in: the attack goes on, and the victims' results will show it */
            memset(buf, 0xBD, sizeof buf);
            fba_prog(&fp, 0, 0, 0, 0, 1, 1, 0, buf);
            diag18((u16)(0x999 - i), fp.ccw, &rx);
        }
    }
    command("LINK DIAG 191 996 R", 0, "CP LINK OF ITS OWN MINIDISK: LINKED");
    command("LINK MAINT 190 995 R", 0, "CP LINK MAINT 190 995 R, A READ-ONLY MINIDISK MEANT TO BE SHARED: LINKED");
    command("LINK MAINT 190 994 W", 113, "CP LINK MAINT 190 994 W: REFUSED (113)");
    command("IPL 300", 40, "CP IPL 300 (THE REAL DASD): NOT ITS DEVICE (40)");
    command("IPL 1A0", 40, "CP IPL 1A0 (CP'S DISK): NOT ITS DEVICE (40)");
    command("SPOOL PRINTER TO VICTIM1", 26, "CP SPOOL WITH NO PRINTER: 26");
    command("TRANSFER RDR 1 TO VICTIM1", 42, "CP TRANSFER OF A FILE IT DOES NOT HAVE: 42");
    command("STORE G 10 0", 2, "CP STORE G 10 (NO SUCH REGISTER): 2");

    /* a PSW no machine can run: the early specification exception */
    int code = adv_probe(store_psw, 0);
    check_x(code == PGM_SPECIFICATION && pgm_ilc() == 0 && pgm_old_ia() == 0x1234,
            "CP STORE PSW OF AN INVALID PSW: SPECIFICATION EXCEPTION, ILC 0, THAT PSW OLD", pgm_old_ia());

    /* X'18' */
    fba_prog(&fp, 0, 0, 0, 63, 6, 1, 0, buf);
    check_x(diag18(0x009, fp.ccw, &rx) == 3, "X'18' ON ITS CONSOLE: CC 3", 0);
    check_x(diag18(0x300, fp.ccw, &rx) == 3, "X'18' ON 300 (THE REAL DASD): CC 3", 0);
    check_x(diag18(0x555, fp.ccw, &rx) == 3, "X'18' ON NO DEVICE: CC 3", 0);
    cc = diag18(DISK, (void *)size, &rx);
    check_x(cc == 1 && rx == CS_PROGCHK, "X'18' WITH ITS PROGRAM OUTSIDE ITS STORAGE: CC 1, PROGRAM CHECK", rx);
    cc = diag18(DISK, (u8 *)fp.ccw + 4, &rx);
    check_x(cc == 1 && rx == CS_PROGCHK, "X'18' WITH ITS PROGRAM MISALIGNED: CC 1, PROGRAM CHECK", rx);
    static struct ccw tic = {0x08, 0, 0, 0};
    tic.data = (u32)fp.ccw;
    cc = diag18(DISK, &tic, &rx);
    check_x(cc == 1 && rx == CS_PROGCHK, "X'18' STARTING WITH A TIC: CC 1, PROGRAM CHECK", rx);
    fba_prog(&fp, 0, 0, 0, 63, 6, 1, 0, (void *)(size - 256));
    cc = diag18(DISK, fp.ccw, &rx);
    check_x(cc == 1 && (rx & 0xFF) == CS_PROGCHK, "X'18' READING ACROSS ITS END: CC 1, PROGRAM CHECK", rx);
    fba_prog(&fp, 0, 0, 0, 63, 1, 1, 0, (void *)0x7FFFF000u);
    cc = diag18(DISK, fp.ccw, &rx);
    check_x(cc == 1 && (rx & 0xFF) == CS_PROGCHK, "X'18' WRITING FROM 7FFFF000: CC 1, PROGRAM CHECK", rx);
    fba_prog(&fp, 0, 0, 0, 63, 6, 1, 0, buf);
    check_x(diag18(DISK, fp.ccw, &rx) == 0, "X'18' OF ITS OWN MINIDISK WORKS", rx);
    return adv_end();
}
