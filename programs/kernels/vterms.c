/* vterms: a bare kernel that uses the 3215s beside its console (the CP
 * directory's `terminals`), for tests/cp/terminals.sh: what it writes
 * there must reach the operator's console tagged with its path, and what
 * the operator types there (`console CPL1/020`) must reach it, as a read
 * that waits for the line or as attention when nobody reads.
 *
 * 020 and 021 are connected to real terminals, 022 to none (its writes
 * go nowhere, and complete). The kernel waits for its input in an enabled
 * wait, so the machine idles and the console script can type.
 */
#include "creasy.h"

#define T1 0x020
#define T2 0x021
#define T3 0x022
#define LINE 132

struct psw io_new, io_resume, wait_psw;
volatile u32 io_dev, io_csw[2];
static const u32 amode31 = 0x80000000u;

/* Records the device and the CSW, and goes on at io_resume, disabled. */
__asm__(".section .text\n"
        "io_handler:\n"
        "    stm   %r0,%r15,0x340(%r0)\n"
        "    larl  %r1,io_dev\n"
        "    l     %r2,0xb8(%r0)\n"
        "    st    %r2,0(%r1)\n"
        "    larl  %r1,io_csw\n"
        "    mvc   0(8,%r1),0x40(%r0)\n"
        "    lm    %r0,%r15,0x340(%r0)\n"
        "    larl  %r1,io_resume\n"
        "    lpsw  0(%r1)\n");
extern char io_handler[];

/* An enabled wait until the next I/O interruption: its device and CSW. */
static void wait_io(void)
{
    __asm__ volatile("larl %%r1,1f\n\t"
                     "o %%r1,%[am]\n\t"
                     "st %%r1,%[rw1]\n\t"
                     "lpsw %[wp]\n"
                     "1:"
                     : [rw1] "=Q"(io_resume.w1)
                     : [am] "Q"(amode31), [wp] "Q"(wait_psw)
                     : "r1", "r2", "cc", "memory");
}

static struct ccw ccw;
static char in[LINE + 1];

/* One command on dev: SIO, then TIO until its status is in. The CSW's
 * unit status, or -1 if SIO did not start it. */
static int polled(u16 dev, u8 cmd, u32 data, u16 count)
{
    ccw = (struct ccw){cmd, CCW_SLI, count, data};
    LOWCORE(u32, LC_CAW) = (u32)&ccw;
    if (sio(dev) != 0)
        return -1;
    int cc;
    while ((cc = tio(dev)) == 2)
        ;
    return cc == 1 ? LOWCORE(u8, LC_CSW + 4) : -1;
}

static int say(u16 dev, const char *s) { return polled(dev, 0x09, (u32)s, (u16)strlen(s)); }

/* A read on dev whose end comes as an interruption: the line, in `in`. */
static bool read_line(u16 dev)
{
    ccw = (struct ccw){0x0A, CCW_SLI, LINE, (u32)in};
    LOWCORE(u32, LC_CAW) = (u32)&ccw;
    if (sio(dev) != 0)
        return false;
    wait_io();
    if (io_dev != dev || (io_csw[1] >> 24 & (US_CE | US_DE)) != (US_CE | US_DE))
        return false;
    u32 n = LINE - (io_csw[1] & 0xFFFF);
    in[n] = 0;
    for (u32 i = 0; i < n; i++)   /* EBCDIC lower case to upper, so the echo is the line's */
        if ((in[i] & 0xF0) >= 0x80 && (in[i] & 0xF0) <= 0xA0 && (in[i] & 0x0F) >= 1 && (in[i] & 0x0F) <= 9)
            in[i] = (char)(in[i] | 0x40);
    return true;
}

int main(void)
{
    char line[LINE + 64];
    io_new = (struct psw){0x00080000u, 0x80000000u | (u32)io_handler};
    memcpy((void *)LC_IO_NEW_PSW, &io_new, 8);
    io_resume.w0 = 0x00080000u;
    wait_psw = (struct psw){0x020A0000u, 0x80000000u};   /* I/O enabled, wait */

    printf("VTERMS: START");
    say(T1, "VTERMS: A LINE ON 020");
    say(T2, "VTERMS: A LINE ON 021");
    printf("VTERMS: 022 WRITE STATUS %02X", polled(T3, 0x09, (u32)"NOWHERE", 7) & 0xFF);
    static u8 id[4];
    polled(T1, 0xE4, (u32)id, 4);
    printf("VTERMS: 020 SENSE ID %02X%02X%02X%02X", id[0], id[1], id[2], id[3]);

    /* a read that waits for the line */
    if (!read_line(T1)) {
        printf("VTERMS: 020 READ FAILED: DEVICE %03X CSW %08X %08X", io_dev, io_csw[0], io_csw[1]);
        return 1;
    }
    snprintf(line, sizeof line, "VTERMS: 020 READ '%s'", in);
    say(T1, line);

    /* attention, when nobody reads; then the line */
    wait_io();
    u32 unit = io_csw[1] >> 24;
    if (io_dev != T2 || !(unit & US_ATTN)) {
        printf("VTERMS: NO ATTENTION FROM 021: DEVICE %03X CSW %08X %08X", io_dev, io_csw[0], io_csw[1]);
        return 1;
    }
    if (!read_line(T2)) {
        printf("VTERMS: 021 READ FAILED: DEVICE %03X CSW %08X %08X", io_dev, io_csw[0], io_csw[1]);
        return 1;
    }
    snprintf(line, sizeof line, "VTERMS: 021 ATTENTION, THEN READ '%s'", in);
    say(T2, line);
    printf("VTERMS: DONE");
    return 0;
}
