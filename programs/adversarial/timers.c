/* timers: an adversary that plays with the clocks to starve the others.
 *
 * Attack, each for LIMIT_MS of TOD time:
 * - SCK: sets the TOD clock to 0, to all ones, to odd values, over and
 *   over, as if the clock were the machine's;
 * - a clock-comparator storm: the comparator at 0, its subclass on, so an
 *   interruption is due the moment it is enabled, and it re-enables at
 *   once, for ever;
 * - a CPU-timer storm: the same with the CPU timer at 0;
 * - SPT, then STPT, in a disabled loop: each traps to CP, which must
 *   account the CPU time used so far (the timers are CPU time), and so
 *   finds the time slice used up while it works for the adversary; CP
 *   must then let the others run, not hand it a new slice.
 *
 * Containment: the TOD clock is the machine's and secure under CP, as on
 * VM/370: SCK gets condition code 1 and changes nothing, so the clock
 * everyone's STCK and clock comparator use runs on; the storms
 * are its own interruptions, paid for with its own time slices; and
 * through all of it the victims run, their own clock-comparator and
 * CPU-timer interruptions on time (their results are unchanged). Its CPU
 * time over the ELAPSED time it reports must be no more than its share
 * (tests/cp/adversarial.sh).
 */
#include "adv.h"

#define LIMIT_MS 60

u64 storm_times[2];   /* the storm's end, and the time the handler last saw */
u32 storm_count;
static struct psw storm_done;
static const u32 ext_new_w0 = 0x00080000u, amode31 = 0x80000000u;
static u8 mask_save;

/* The storm's external handler: count, then straight back into the
 * enabled loop (and so into the next interruption) until storm_end, and
 * at least 200 times (with thirty users at once it may not run at all
 * before storm_end). */
__asm__(".text\n"
        "storm_ext:\n"
        "    larl  %r1,storm_count\n"
        "    l     %r0,0(%r1)\n"
        "    ahi   %r0,1\n"
        "    st    %r0,0(%r1)\n"
        "    larl  %r1,storm_times\n"
        "    stck  8(%r1)\n"
        "    chi   %r0,200\n"                 /* at least 200, however long others run */
        "    jl    2f\n"
        "    clc   0(8,%r1),8(%r1)\n"        /* the end against now */
        "    jnh   1f\n"
        "2:  lpsw  0x18(%r0)\n"               /* the external old PSW: the loop, enabled */
        "1:  larl  %r1,storm_done_psw\n"
        "    l     %r1,0(%r1)\n"
        "    lpsw  0(%r1)\n");
extern char storm_ext[];
const struct psw *storm_done_psw = &storm_done;

/* Enable external interruptions and spin until the storm is over. */
static u32 storm(void)
{
    storm_count = 0;
    storm_times[0] = stck() + LIMIT_MS * TOD_MS;
    LOWCORE(u32, LC_EXT_NEW_PSW) = ext_new_w0;
    LOWCORE(u32, LC_EXT_NEW_PSW + 4) = amode31 | (u32)storm_ext;
    storm_done.w0 = ext_new_w0;
    __asm__ volatile("larl %%r1,1f\n\t"
                     "o %%r1,%1\n\t"
                     "st %%r1,%0\n\t"
                     "stosm %2,0x01\n"
                     "2:\tj 2b\n"
                     "1:"
                     : "=Q"(storm_done.w1)
                     : "Q"(amode31), "Q"(mask_save)
                     : "r0", "r1", "cc", "memory");
    return storm_count;
}

static int sck(u64 v)
{
    int cc;
    __asm__ volatile("sck %1\n\tipm %0\n\tsrl %0,28" : "=d"(cc) : "Q"(v) : "cc");
    return cc;
}
static void sckc(u64 v) { __asm__ volatile("sckc %0" : : "Q"(v)); }
static void spt(u64 v) { __asm__ volatile("spt %0" : : "Q"(v)); }
static u64 stpt(void)
{
    u64 v;
    __asm__ volatile("stpt %0" : "=Q"(v));
    return v;
}

/* One external interruption in an enabled wait: its code. */
static u16 wait_external(void)
{
    static struct psw wait = {0x010A0000u, 0x80000000u};
    __asm__ volatile("larl %%r1,1f\n\t"
                     "o %%r1,%1\n\t"
                     "st %%r1,%2\n\t"
                     "mvc %3(4),%0\n\t"
                     "lpsw %4\n"
                     "1:"
                     :
                     : "Q"(ext_new_w0), "Q"(amode31), "Q"(LOWCORE(u32, LC_EXT_NEW_PSW + 4)),
                       "Q"(LOWCORE(u32, LC_EXT_NEW_PSW)), "Q"(wait)
                     : "r1", "memory");
    return LOWCORE(u16, LC_EXT_CODE);
}

int main(void)
{
    adv_begin("TIMERS");
    adv_catch_program_checks();
    u64 start = stck(), end;

    /* SCK: CP keeps the TOD clock secure (VM/370 let no user set it):
     * condition code 1, the architecture's answer for a secure clock, and
     * the clock goes on unchanged */
    sckc(~0ull);
    end = start + LIMIT_MS * TOD_MS;
    u64 odd = 0x123456789ABCDEF0ull, before = stck();
    u32 not_secure = 0;
    cpu_time_start();
    while (stck() < end) {
        not_secure += sck(0) != 1;
        not_secure += sck(~0ull) != 1;
        not_secure += sck(odd) != 1;
        odd = odd * 6364136223846793005ull + 1442695040888963407ull;
    }
    report_share("SCK-LOOP", cpu_time_used(), stck() - before);
    check_x(!not_secure, "SCK: CONDITION CODE 1 (SECURE) EVERY TIME", not_secure);
    check(stck() > before, "AFTER SCK TO 0 AND TO ALL ONES, STCK STILL READS THE MACHINE'S CLOCK");
    before = stck();
    sckc(before + 2 * TOD_MS);
    lctl(0, CR0_CKC_MASK);
    u16 code = wait_external();
    check_x(code == EXT_CLOCK_COMPARATOR && stck() - before >= 2 * TOD_MS,
            "ITS CLOCK COMPARATOR, 2 MS AHEAD OF STCK, COMES 2 MS LATER", code);
    sckc(~0ull);

    /* a clock-comparator storm */
    sckc(0);
    lctl(0, CR0_CKC_MASK);
    before = stck();
    cpu_time_start();
    u32 n = storm();
    report_share("CLOCK-COMPARATOR-STORM", cpu_time_used(), stck() - before);
    check(n > 100, "A CLOCK-COMPARATOR STORM");
    sckc(~0ull);

    /* a CPU-timer storm */
    spt(0);
    lctl(0, CR0_CPT_MASK);
    n = storm();
    check(n > 100, "A CPU-TIMER STORM");
    lctl(0, 0);

    /* SPT, disabled: measured from the TOD clock */
    struct ran ran;
    u32 loops = 0;
    ran_start(&ran);
    end = ran.start + LIMIT_MS * TOD_MS;
    while (ran.last < end) {
        spt(0x7FFFFFFFFFFFFFFFull);
        ran_tick(&ran);
        loops++;
    }
    report_share("SPT-LOOP", ran_cpu(&ran), ran.last - ran.start);

    /* STPT, disabled: the CPU timer runs on, and measures it */
    before = stck();
    end = before + LIMIT_MS * TOD_MS;
    cpu_time_start();
    while (stck() < end)
        loops += stpt() != 0;
    report_share("STPT-LOOP", cpu_time_used(), stck() - before);
    check(loops > 0, "SPT AND STPT IN DISABLED LOOPS");

    u32 elapsed = (u32)((stck() - start) / TOD_MS);
    printf("TIMERS: ELAPSED %u MS\n", elapsed);
    return adv_end();
}
