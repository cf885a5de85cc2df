/* cpcmds: an adversary that feeds CP's command parser junk.
 *
 * Attack: every CP command a guest gives with DIAGNOSE X'08' is parsed
 * by CP, in CP's storage: lines of 132 bytes and one more, tokens as
 * long as the line, bytes X'00' and X'FF', more operands than a command
 * has, numbers too big, negative or of nine hex digits, addresses that
 * wrap past 2G (DISPLAY A FFFFFFF0 20, STORE A FFFFFFFC with several
 * words), STORE A with fifty words, lowercase and abbreviations, QUERY
 * and TRACE with odd operands, LINK in every mode to every user's
 * minidisks, SPOOL to users that do not exist, IPL of devices that cannot
 * be IPLed, #CP inside the text, and SET MODE flipping its own machine
 * between trap and sie, with its registers full of patterns.
 *
 * Containment: each command gets the VM/370-style return code docs/cp.md
 * gives (the message number: 1 unknown command, 2 bad hexadecimal, 26 a
 * missing or invalid operand, 40 no such device, 45 not logged on, 113
 * LINK refused, 160 outside its storage, -1 text CP cannot read), or does
 * what it documents; where the docs name no code, any message number
 * (never -1, never a crash). STORE A stores every word it was given or
 * refuses; nothing outside its storage is read or written; LINK gives
 * another user's minidisk only read-only and only a read-only one; SET
 * MODE changes nothing of its registers and storage; CP never abends,
 * and the victims run on unchanged.
 */
#include "adv.h"

#define ANY -2   /* any message number, or 0 */
#define ERR -3   /* any message number but 0 */

struct c {
    const char *text;
    int rc;
    const char *what;
};

static const struct c plain[] = {
    {"QUERY", 26, "QUERY ALONE: 26"},
    {"QUERY FOO", 26, "QUERY FOO: 26"},
    {"Q MOD", 26, "Q MOD (MODE NEEDS 4 LETTERS): 26"},
    {"Q ST", 26, "Q ST (STORAGE NEEDS 3): 26"},
    {"q sto", 0, "LOWERCASE AND ABBREVIATED: q sto"},
    {"qUeRy TiMe", 0, "MIXED CASE: qUeRy TiMe"},
    {"Q N", 0, "Q N"},
    {"Q V FFFF", 26, "Q V FFFF: NOT A DEVICE ADDRESS: 26"},
    {"Q V 123456789", 26, "Q V 123456789: 26"},
    {"Q V 123", 40, "Q V 123: NO SUCH DEVICE: 40"},
    {"Q V ALL", 0, "Q V ALL"},
    {"Q RDR ALL ALL ALL ALL ALL ALL ALL ALL ALL ALL ALL ALL ALL ALL", ANY, "Q RDR WITH 14 OPERANDS: RETURNS"},
    {"QUERY TIME X X X X X X X X X X X X X X X X X X X X X X X X", ANY, "QUERY TIME WITH 24 EXTRA OPERANDS: RETURNS"},
    {"DISPLAY", 26, "DISPLAY ALONE: 26"},
    {"DISPLAY A", ERR, "DISPLAY A WITHOUT AN ADDRESS: REFUSED"},
    {"DISPLAY A 100000", 160, "DISPLAY A 100000 (ITS SIZE): 160"},
    {"DISPLAY A FFFFF 2", 160, "DISPLAY A FFFFF 2, ACROSS ITS END: 160"},
    {"DISPLAY A FFFFF 1", 0, "DISPLAY A FFFFF 1, ITS LAST BYTE"},
    {"DISPLAY A FFFFFFF0 20", 160, "DISPLAY A FFFFFFF0 20, WRAPPING PAST 2G TO 0: 160"},
    {"DISPLAY A FFFFFFFF 100", 160, "DISPLAY A FFFFFFFF 100: 160"},
    {"DISPLAY A 7FFFFFFF 2", 160, "DISPLAY A 7FFFFFFF 2: 160"},
    {"DISPLAY A 100000000", 2, "DISPLAY A 100000000 (NINE DIGITS): 2"},
    {"DISPLAY A -4", 2, "DISPLAY A -4: 2"},
    {"DISPLAY A 0 101", ERR, "DISPLAY A 0 101 (OVER X'100' BYTES): REFUSED"},
    {"DISPLAY A 0 0", ERR, "DISPLAY A 0 0: REFUSED"},
    {"DISPLAY A 0 FFFFFFFF", ERR, "DISPLAY A 0 FFFFFFFF: REFUSED"},
    {"DISPLAY A 0-FFFFFFFF", ERR, "DISPLAY A 0-FFFFFFFF: REFUSED"},
    {"DISPLAY FFFFFFF0.20", ERR, "DISPLAY FFFFFFF0.20: REFUSED"},
    {"DISPLAY G 0 10", 2, "DISPLAY G 0 10: REGISTERS ARE 0 TO F: 2"},
    {"DISPLAY G F 0", 2, "DISPLAY G F 0: 2"},
    {"DISPLAY C -1", 2, "DISPLAY C -1: 2"},
    {"display g 0 f", 0, "display g 0 f"},
    {"STORE", 26, "STORE ALONE: 26"},
    {"STORE A FFFFFFFC 1 2 3", 160, "STORE A FFFFFFFC 1 2 3, WRAPPING TO 0: 160"},
    {"STORE A FFFFC 0 0", 160, "STORE A FFFFC 0 0, ACROSS ITS END: 160"},
    {"STORE A 100000 0", 160, "STORE A 100000: 160"},
    {"STORE A 2000 123456789", ERR, "STORE A 2000 123456789 (NINE DIGITS): REFUSED"},
    {"STORE G 10 0", 2, "STORE G 10 0: 2"},
    {"STORE G -1 0", 2, "STORE G -1 0: 2"},
    {"STORE PSW 1 2 3", 26, "STORE PSW WITH 3 WORDS: 26"},
    {"STORE PSW ZZ 0", 2, "STORE PSW ZZ 0: 2"},
    {"TRACE", 26, "TRACE ALONE: 26"},
    {"TRACE FOO", 26, "TRACE FOO: 26"},
    {"TRACE P", 26, "TRACE P (PRIV NEEDS 2): 26"},
    {"TRACE PRIV SVC IO ALL OFF PRIV SVC IO ALL OFF OFF OFF OFF OFF", 0, "TRACE WITH 14 OPERANDS, OFF LAST"},
    {"TRACE OFF", 0, "TRACE OFF"},
    {"SPOOL PUNCH TO NOSUCHUS", 45, "SPOOL PUNCH TO NOSUCHUS: 45"},
    {"SPOOL PUNCH TO ABCDEFGHIJKLMNOP", 45, "SPOOL PUNCH TO A 16-LETTER USER: 45"},
    {"SPOOL PRINTER TO", 26, "SPOOL PRINTER TO: 26"},
    {"SPOOL 009 TO *", 26, "SPOOL 009 (THE CONSOLE) TO *: 26"},
    {"SPOOL READER TO CMSUSER", ERR, "SPOOL READER TO CMSUSER: REFUSED"},
    {"SPOOL PUNCH TO CPCMDS", 0, "SPOOL PUNCH TO CPCMDS (ITSELF)"},
    {"CLOSE 123", ERR, "CLOSE 123 (NO SUCH DEVICE): REFUSED"},
    {"CLOSE PUNCH", 0, "CLOSE PUNCH, NOTHING OPEN"},
    {"TRANSFER RDR 99999999999 TO CMSUSER", 26, "TRANSFER RDR 99999999999: 26"},
    {"PURGE RDR -1", 26, "PURGE RDR -1: 26"},
    {"MSG CPCMDS A B C D E F G H I J K L M N O P Q R S T U V W X Y Z", 0, "MSG TO ITSELF WITH 27 WORDS"},
    {"MSG ABCDEFGHIJKLMNOPQRSTUVWXYZ HELLO", 45, "MSG TO A 26-LETTER USER: 45"},
    {"MSG DATTHRSHX HELLO", 45, "MSG DATTHRSHX (9 LETTERS, A USER'S 8 AND ONE): 45"},
    {"FORCE CMSUSER", 2, "FORCE CMSUSER: NOT AUTHORIZED: 2"},
    {"FORC CMSUSER", ERR, "FORC CMSUSER (FORCE NEEDS 5): REFUSED"},
    {"LOGON CMSUSER", 2, "LOGON CMSUSER: 2"},
    {"SET MODE SIE VICTIM1", 2, "SET MODE SIE VICTIM1: 2"},
    {"SET MODE FOO", 26, "SET MODE FOO: 26"},
    {"IPL", 26, "IPL ALONE: 26"},
    {"IPL 1000", 26, "IPL 1000: 26"},
    {"IPL FFF", 40, "IPL FFF: NO SUCH DEVICE: 40"},
    {"IPL 009", ERR, "IPL 009 (ITS CONSOLE): REFUSED"},
    {"IPL 00E", ERR, "IPL 00E (ITS PRINTER): REFUSED"},
    {"IPL 300", 40, "IPL 300 (A REAL DEVICE, NOT ITS OWN): 40"},
    {"#CP QUERY TIME", ANY, "#CP QUERY TIME: RETURNS"},
    {"XYZZY", 1, "XYZZY: 1"},
};

static char buf[200];

static u32 diag08_raw(const void *at, u32 len)
{
    u32 a = (u32)at;
    __asm__ volatile("diag %0,%1,0x08" : "+d"(a), "+d"(len) : : "cc", "memory");
    return len;
}

static bool rc_ok(u32 got, int want)
{
    if (want == ANY)
        return got <= 999;
    if (want == ERR)
        return got != 0 && got <= 999;
    return got == (u32)want;
}

/* `n` bytes of `fill`, with `text` at the start */
static u32 line(const char *text, u8 fill, u32 n)
{
    memset(buf, fill, n);
    memcpy(buf, text, strlen(text));
    return diag08_raw(buf, n);
}

/* DIAGNOSE X'08' with r0-r13 holding patterns (at 0xD00): what the
 * registers held after it goes to 0xC00, CP's return code back */
__asm__(".text\n"
        "diag_regs:\n"
        "    stm   %r0,%r15,0xC80(%r0)\n"
        "    lr    %r14,%r2\n"
        "    lr    %r15,%r3\n"
        "    lm    %r0,%r13,0xD00(%r0)\n"
        "    diag  %r14,%r15,0x08\n"
        "    stm   %r0,%r15,0xC00(%r0)\n"
        "    lm    %r0,%r15,0xC80(%r0)\n"
        "    l     %r2,0xC3C(%r0)\n"
        "    br    %r14\n");
u32 diag_regs(const char *cmd, u32 len);

static void flip(const char *mode)
{
    for (u32 i = 0; i < 14; i++)
        LOWCORE(u32, 0xD00 + 4 * i) = 0xC0DE0000u + i * 0x1111u;
    u32 rc = diag_regs(mode, strlen(mode));
    u32 bad = 0;
    for (u32 i = 0; i < 14; i++)
        if (LOWCORE(u32, 0xC00 + 4 * i) != 0xC0DE0000u + i * 0x1111u)
            bad |= 1u << i;
    char what[80];
    snprintf(what, sizeof what, "%s: 0, AND R0-R13 ARE AS THEY WERE", mode);
    check_x(rc == 0 && bad == 0, what, rc << 16 | bad);
}

static void links(void)
{
    static const char *const users[] = {"VICTIM1", "VICTIM2", "CMSUSER", "MAINT", "OPERATOR", "CCW", "EXTENT", "KEYRACE"};
    static const u16 targets[] = {0x100, 0x190, 0x191, 0x192};
    u32 vaddr = 0x400, wrong = 0;
    char cmd[60];
    for (u32 u = 0; u < 8; u++)
        for (u32 t = 0; t < 4; t++)
            for (u32 m = 0; m < 3; m++) {
                /* read-only minidisks: everyone's 100, MAINT's 190, EXTENT's 192 */
                bool ro = (targets[t] == 0x100 && u != 2 && u != 3 && u != 4) || (u == 3 && targets[t] == 0x190) ||
                          (u == 6 && targets[t] == 0x192);
                snprintf(cmd, sizeof cmd, "LINK %s %03X %03X%s", users[u], targets[t], vaddr, m == 0 ? "" : m == 1 ? " R" : " W");
                u32 rc = diag08(cmd);
                bool want_ok = ro && m != 2;
                if (want_ok ? rc != 0 : rc != 113)
                    wrong = (u << 12 | targets[t]) << 4 | m;
                if (rc == 0)
                    vaddr++;
            }
    check_x(!wrong, "LINK TO 8 USERS' MINIDISKS IN EVERY MODE: ONLY READ-ONLY ONES, READ-ONLY; ELSE 113", wrong);
}

int main(void)
{
    adv_begin("CPCMDS");
    adv_catch_program_checks();

    for (u32 i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        u32 rc = diag08(plain[i].text);
        check_x(rc_ok(rc, plain[i].rc), plain[i].what, rc);
    }

    /* lengths and odd bytes */
    check_x(line("QUERY TIME", 0x40, 132) == 0, "QUERY TIME IN 132 BYTES", 0);
    check_x(line("QUERY TIME", 0x40, 133) == (u32)-1, "133 BYTES: -1, TOO LONG TO READ", 0);
    check_x(line("", 0xE7, 132) == 1, "ONE TOKEN OF 132 BYTES: 1", 0);
    memset(buf, 0xE7, 132);
    memcpy(buf, "MSG ", 4);
    memcpy(buf + 129, " HI", 3);
    check_x(diag08_raw(buf, 132) == 45, "MSG TO A USERID OF 125 BYTES: 45", 0);
    check_x(line("", 0xFF, 132) == 1, "132 BYTES OF X'FF': 1", 0);
    check_x(line("DISPLAY A ", 0xFF, 14) == 2, "DISPLAY A X'FFFFFFFF': 2", 0);
    check_x(rc_ok(line("QUERY TIME ", 0x00, 20), ANY), "QUERY TIME AND NINE X'00': RETURNS", 0);
    check_x(rc_ok(line("", 0x00, 132), ANY), "132 BYTES OF X'00': RETURNS", 0);
    memcpy(buf, "QUE", 3);
    buf[3] = 0;
    memcpy(buf + 4, "RY TIME", 7);
    u32 rc = diag08_raw(buf, 11);
    check_x(rc_ok(rc, ERR), "QUE X'00' RY TIME: REFUSED", rc);

    /* STORE A with fifty words: all of them, or none */
    memset((void *)0x2000, 0, 256);
    LOWCORE(u32, 0) = 0x5AFE0000u;
    LOWCORE(u32, 4) = 0x5AFE0004u;
    diag08("STORE A FFFFFFFC 11 22 33");
    check_x(LOWCORE(u32, 0) == 0x5AFE0000u && LOWCORE(u32, 4) == 0x5AFE0004u,
            "STORE A FFFFFFFC: NOTHING LANDS AT 0", LOWCORE(u32, 0));
    char *p = buf + snprintf(buf, sizeof buf, "STORE A 2000");
    for (u32 i = 0; i < 50; i++)
        p += snprintf(p, 4, " %X", 1 + i % 15);
    rc = diag08_raw(buf, (u32)(p - buf));
    u32 stored = 0;
    for (u32 i = 0; i < 50; i++)
        stored += ((u32 *)0x2000)[i] == 1 + i % 15;
    check_x((rc == 0 && stored == 50) || (rc != 0 && rc <= 999), "STORE A 2000 WITH 50 WORDS: ALL 50 STORED, OR REFUSED",
            stored);
    check_x(((u32 *)0x2000)[50] == 0, "  AND NOTHING PAST THEM", ((u32 *)0x2000)[50]);

    links();

    /* SET MODE on itself, back and forth */
    memset((void *)0x3000, 0xA5, 4096);
    flip("SET MODE SIE");
    flip("SET MODE TRAP");
    flip("SET MODE SIE");
    flip("SET MODE SIE");
    flip("SET MODE TRAP");
    u32 bad = 0;
    for (u32 i = 0; i < 4096; i++)
        bad += ((u8 *)0x3000)[i] != 0xA5;
    check_x(bad == 0, "ITS STORAGE IS AS IT WAS", bad);
    check_x(diag08("QUERY MODE") == 0, "QUERY MODE", 0);
    return adv_end();
}
