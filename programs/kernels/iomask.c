/* iomask: an I/O interruption held by CR2's channel masks, for
 * equivalence.
 *
 * An I/O interruption is taken when the PSW's I/O mask and the device's
 * channel's bit in CR2 both allow it; it waits, pending, while either
 * keeps it out, and is taken as soon as the instruction that opens the
 * last one completes. This kernel writes a console line with every
 * channel masked in CR2 and the PSW's I/O mask on, waits (TCH, bounded by
 * the TOD clock) until the status is pending, then opens channel 0 with
 * LCTL and counts the turns of a loop that run before the interruption
 * (0 on the machine). The control does it the other way round: CR2 open,
 * the PSW's mask off, then STOSM opens it.
 */
#include "creasy.h"

#define CONSOLE 0x009
#define LIMIT 30000u   /* us */

struct psw io_new, io_resume;
volatile u32 io_count, io_taken, io_dev, io_csw[2];
u64 io_tod __attribute__((aligned(8)));
static const u32 amode31 = 0x80000000u, limit = LIMIT << 12;
static const u32 cr2_none = 0, cr2_channel0 = 0x80000000u, cr2_all = 0xFFFFFFFFu;
static u8 scratch;

/* Records the loop's R5, the device and the CSW, and goes on at
 * io_resume, disabled. */
__asm__(".section .text\n"
        "io_handler:\n"
        "    stm   %r0,%r15,0x340(%r0)\n"
        "    larl  %r1,io_count\n"
        "    st    %r5,0(%r1)\n"
        "    larl  %r1,io_dev\n"
        "    l     %r2,0xb8(%r0)\n"
        "    st    %r2,0(%r1)\n"
        "    larl  %r1,io_csw\n"
        "    mvc   0(8,%r1),0x40(%r0)\n"
        "    larl  %r1,io_taken\n"
        "    mvi   3(%r1),1\n"
        "    lm    %r0,%r15,0x340(%r0)\n"
        "    larl  %r1,io_resume\n"
        "    lpsw  0(%r1)\n");
extern char io_handler[];

static struct ccw write_ccw;

/* A console write whose ending status is left pending (no TIO). */
static int start_write(const char *s)
{
    write_ccw.cmd = 0x09;
    write_ccw.flags = CCW_SLI;
    write_ccw.count = (u16)strlen(s);
    write_ccw.data = (u32)s;
    LOWCORE(u32, LC_CAW) = (u32)&write_ccw;
    return sio(CONSOLE);
}

/* TCH until the channel has an interruption pending, for at most 100 ms. */
static bool until_pending(void)
{
    u64 start = stck();
    while (stck() - start < (100000ull << 12))
        if (tch(CONSOLE) == 1)
            return true;
    return false;
}

static const char *turns(u32 n)
{
    return n == 0 ? "0" : n < 10 ? "1 TO 9" : n < 100 ? "10 TO 99" : "100 OR MORE";
}

static void say(const char *what, int cc, bool pending)
{
    if (!io_taken)
        printf("%s: SIO CC %d, %s, NOT TAKEN IN %u MS", what, cc, pending ? "PENDING" : "NEVER PENDING", LIMIT / 1000);
    else
        printf("%s: SIO CC %d, %s, TAKEN AFTER %s LOOP TURNS, DEVICE %03X CSW STATUS %04X", what, cc,
               pending ? "PENDING" : "NEVER PENDING", turns(io_count), io_dev & 0xFFFF, io_csw[1] >> 16);
}

/* The counting loop: R5 counts turns until the interruption or LIMIT us. */
#define COUNT_LOOP                                                               \
    "stck 0(%%r8)\n\t"                                                           \
    "l %%r6,4(%%r8)\n\t"                                                         \
    "sr %%r5,%%r5\n\t" OPEN "\n"                                                 \
    "0:\tahi %%r5,1\n\t"                                                         \
    "stck 0(%%r8)\n\t"                                                           \
    "l %%r2,4(%%r8)\n\t"                                                         \
    "sr %%r2,%%r6\n\t"                                                           \
    "cl %%r2,%[limit]\n\t"                                                       \
    "jl 0b\n\t"                                                                  \
    "stnsm %[sm],0xFD\n"                                                         \
    "9:"
#define RUN_LOOP()                                                               \
    __asm__ volatile("larl %%r1,9f\n\t"                                          \
                     "o %%r1,%[am]\n\t"                                          \
                     "st %%r1,%[rw1]\n\t"                                        \
                     "larl %%r8,io_tod\n\t" COUNT_LOOP                           \
                     : [rw1] "=Q"(io_resume.w1), [sm] "=Q"(scratch)              \
                     : [am] "Q"(amode31), [limit] "Q"(limit), [ch0] "Q"(cr2_channel0) \
                     : "r1", "r2", "r5", "r6", "r8", "cc", "memory")

int main(void)
{
    io_new.w0 = 0x00080000u;
    io_new.w1 = 0x80000000u | (u32)io_handler;
    memcpy((void *)LC_IO_NEW_PSW, &io_new, 8);
    io_resume.w0 = 0x00080000u;

    /* CR2 holds it; LCTL lets it in */
    io_taken = 0;
    lctl(2, cr2_none);
    __asm__ volatile("stosm %0,0x02" : "=Q"(scratch) : : "memory");   /* the PSW lets I/O in */
    int cc = start_write("IOMASK: A LINE WHOSE INTERRUPTION CR2 HOLDS");
    bool pending = until_pending();
#define OPEN "lctl %%c2,%%c2,%[ch0]"
    RUN_LOOP();
#undef OPEN
    lctl(2, cr2_all);
    say("CR2 HELD IT, LCTL OPENS", cc, pending);

    /* the control: the PSW holds it; STOSM lets it in */
    io_taken = 0;
    cc = start_write("IOMASK: A LINE WHOSE INTERRUPTION THE PSW HOLDS");
    pending = until_pending();
#define OPEN "stosm %[sm],0x02"
    RUN_LOOP();
#undef OPEN
    say("THE PSW HELD IT, STOSM OPENS", cc, pending);
    return 0;
}
