/* vtimer: the CPU timer and the clock comparator as interruptions, for
 * equivalence.
 *
 * The architecture presents a CPU-timer interruption as soon as the timer
 * is negative and the CPU is enabled for it (PSW external mask and CR0's
 * CPU-timer subclass mask), and a clock-comparator interruption as soon
 * as the TOD clock passes the comparator; an enabled wait ends then. So:
 *
 *  1. a CPU timer of 500 us, in an enabled loop: taken with the timer just
 *     below zero (printed in buckets: how far below zero the handler
 *     finds it);
 *  2. a timer that ran out while the PSW kept external interruptions out,
 *     then STOSM opens them: taken right after the STOSM (printed: how
 *     many turns of a counting loop ran after it first: 0);
 *  3. the same when LCTL opens CR0's CPU-timer subclass mask;
 *  4. the clock comparator set 500 us ahead, then an enabled wait: it
 *     ends with code 1004 some 500 us later. (Last: a CP that never wakes
 *     the wait never finishes this kernel.)
 *
 * Every loop is bounded by the TOD clock (30 ms), and no absolute time is
 * printed, only buckets, so bare and a correct CP print the same lines.
 */
#include "creasy.h"

#define US(n) ((u64)(n) << 12)
#define LIMIT 30000u   /* us: how long a loop waits for its interruption */

struct psw ext_new, ext_resume;
volatile u32 ext_code, ext_count, ext_taken;
volatile s64 ext_timer __attribute__((aligned(8)));
volatile u64 ext_tod __attribute__((aligned(8)));
u64 vt_tod __attribute__((aligned(8)));
static const u32 amode31 = 0x80000000u;
static u8 scratch;

/* Records the code, the CPU timer (first thing), the TOD clock and the
 * counting loop's R5, then goes on at ext_resume, disabled. */
__asm__(".section .text\n"
        "ext_handler:\n"
        "    stm   %r0,%r15,0x340(%r0)\n"
        "    larl  %r1,ext_timer\n"
        "    stpt  0(%r1)\n"
        "    larl  %r1,ext_tod\n"
        "    stck  0(%r1)\n"
        "    larl  %r1,ext_code\n"
        "    lh    %r2,0x86(%r0)\n"
        "    st    %r2,0(%r1)\n"
        "    larl  %r1,ext_count\n"
        "    st    %r5,0(%r1)\n"
        "    larl  %r1,ext_taken\n"
        "    mvi   3(%r1),1\n"
        "    lm    %r0,%r15,0x340(%r0)\n"
        "    larl  %r1,ext_resume\n"
        "    lpsw  0(%r1)\n");
extern char ext_handler[];

static u32 cr0;
static const u64 t50 = US(50), t500 = US(500), big = 0x7FFFFFFFFFFFFFFFull, ckc_max = ~0ull;
static const u32 spin100 = 100u << 12, limit = LIMIT << 12;

static void clear(void) { ext_code = ext_count = ext_taken = 0; }

/* The counting loop: R5 counts its turns until the interruption, or
 * until LIMIT us after the TOD clock's low word in R6. R8 = &vt_tod. */
#define COUNT_LOOP                                                               \
    "0:\tahi %%r5,1\n\t"                                                         \
    "stck 0(%%r8)\n\t"                                                           \
    "l %%r2,4(%%r8)\n\t"                                                         \
    "sr %%r2,%%r6\n\t"                                                           \
    "cl %%r2,%[limit]\n\t"                                                       \
    "jl 0b\n\t"
/* spin 100 us from R6, counting nothing */
#define SPIN                                                                     \
    "stck 0(%%r8)\n\t"                                                           \
    "l %%r6,4(%%r8)\n"                                                           \
    "3:\tstck 0(%%r8)\n\t"                                                       \
    "l %%r2,4(%%r8)\n\t"                                                         \
    "sr %%r2,%%r6\n\t"                                                           \
    "cl %%r2,%[spin]\n\t"                                                        \
    "jl 3b\n\t"
#define SET_RESUME                                                               \
    "larl %%r1,9f\n\t"                                                           \
    "o %%r1,%[am]\n\t"                                                           \
    "st %%r1,%[rw1]\n\t"                                                         \
    "larl %%r8,vt_tod\n\t"
#define OPERANDS                                                                 \
    : [rw1] "=Q"(ext_resume.w1), [sm] "=Q"(scratch)                              \
    : [am] "Q"(amode31), [limit] "Q"(limit), [spin] "Q"(spin100), [t50] "Q"(t50), \
      [t500] "Q"(t500), [cr0c] "Q"(cr0_cpt), [big] "Q"(big)                       \
    : "r1", "r2", "r5", "r6", "r8", "cc", "memory"

static u32 cr0_cpt;

static const char *below_zero(s64 t)
{
    if (t >= 0)
        return "NOT BELOW ZERO";
    u64 us = (u64)-t >> 12;
    return us < 10 ? "UNDER 10 US BELOW ZERO" : us < 100 ? "10 TO 100 US BELOW ZERO"
         : us < 1000 ? "100 US TO 1 MS BELOW ZERO" : "1 MS OR MORE BELOW ZERO";
}

static const char *turns(u32 n)
{
    return n == 0 ? "0" : n < 10 ? "1 TO 9" : n < 100 ? "10 TO 99" : "100 OR MORE";
}

static void say(const char *what, const char *how)
{
    if (!ext_taken)
        printf("%s: NOT TAKEN IN %u MS", what, LIMIT / 1000);
    else
        printf("%s: CODE %04X, %s", what, ext_code, how);
}

int main(void)
{
    ext_new.w0 = 0x00080000u;
    ext_new.w1 = 0x80000000u | (u32)ext_handler;
    memcpy((void *)LC_EXT_NEW_PSW, &ext_new, 8);
    ext_resume.w0 = 0x00080000u;
    __asm__ volatile("sckc %0" : : "Q"(ckc_max));   /* after reset the comparator is 0 */
    cr0 = stctl(0) & ~(CR0_CKC_MASK | CR0_CPT_MASK);
    cr0_cpt = cr0 | CR0_CPT_MASK;

    /* 1. 500 us, counting in an enabled loop */
    clear();
    lctl(0, cr0_cpt);
    __asm__ volatile(SET_RESUME
                     "sr %%r5,%%r5\n\t"
                     "spt %[t500]\n\t"
                     "stck 0(%%r8)\n\t"
                     "l %%r6,4(%%r8)\n\t"
                     "stosm %[sm],0x01\n\t"
                     COUNT_LOOP
                     "stnsm %[sm],0xFE\n"
                     "9:" OPERANDS);
    lctl(0, cr0);
    {
        char how[64];
        snprintf(how, sizeof how, "THE TIMER %s", below_zero(ext_timer));
        say("CPU TIMER 500 US, ENABLED LOOP", how);
    }

    /* 2. 50 us, run out while disabled, then STOSM enables */
    clear();
    lctl(0, cr0_cpt);
    __asm__ volatile(SET_RESUME
                     "spt %[t50]\n\t"
                     SPIN
                     "sr %%r5,%%r5\n\t"
                     "stosm %[sm],0x01\n\t"
                     COUNT_LOOP
                     "stnsm %[sm],0xFE\n"
                     "9:" OPERANDS);
    lctl(0, cr0);
    {
        char how[64];
        snprintf(how, sizeof how, "LOOP TURNS AFTER STOSM: %s", turns(ext_count));
        say("CPU TIMER RAN OUT DISABLED, STOSM ENABLES", how);
    }

    /* 3. 50 us, run out with CR0's subclass mask off, then LCTL sets it */
    clear();
    __asm__ volatile(SET_RESUME
                     "spt %[t50]\n\t"
                     "stosm %[sm],0x01\n\t"
                     SPIN
                     "sr %%r5,%%r5\n\t"
                     "lctl %%c0,%%c0,%[cr0c]\n\t"
                     COUNT_LOOP
                     "stnsm %[sm],0xFE\n"
                     "9:" OPERANDS);
    lctl(0, cr0);
    {
        char how[64];
        snprintf(how, sizeof how, "LOOP TURNS AFTER LCTL: %s", turns(ext_count));
        say("CPU TIMER RAN OUT MASKED, LCTL ENABLES", how);
    }
    __asm__ volatile("spt %0" : : "Q"(big));

    /* 4. the clock comparator 500 us ahead, and an enabled wait */
    clear();
    static u64 start __attribute__((aligned(8))), ckc __attribute__((aligned(8)));
    static struct psw wait;
    lctl(0, cr0 | CR0_CKC_MASK);
    start = stck();
    ckc = start + US(500);
    __asm__ volatile("sckc %0" : : "Q"(ckc));
    wait.w0 = 0x010A0000u;   /* external, wait */
    __asm__ volatile("larl %%r1,9f\n\t"
                     "o %%r1,%[am]\n\t"
                     "st %%r1,%[rw1]\n\t"
                     "st %%r1,%[ww1]\n\t"
                     "lpsw %[wait]\n"
                     "9:"
                     : [rw1] "=Q"(ext_resume.w1), [ww1] "=Q"(wait.w1)
                     : [am] "Q"(amode31), [wait] "Q"(wait)
                     : "r1", "memory");
    lctl(0, cr0);
    __asm__ volatile("sckc %0" : : "Q"(ckc_max));
    {
        char how[96];
        u64 waited = (ext_tod - start) >> 12;
        snprintf(how, sizeof how, "TOD %s THE COMPARATOR, WAITED %s", ext_tod > ckc ? "PAST" : "NOT PAST",
                 waited < 500 ? "UNDER 500 US" : waited < 2000 ? "500 US TO 2 MS" : "2 MS OR MORE");
        say("CLOCK COMPARATOR 500 US AHEAD, ENABLED WAIT", how);
    }
    return 0;
}
