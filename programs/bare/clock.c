/* clock.c: the clock family (isa/exec_clock.c) on the bare machine: the
 * TOD clock (STCK, SCK), the clock comparator (SCKC, STCKC) and the CPU
 * timer (SPT, STPT), directly and as the target of EXECUTE, with the
 * specification exception for an unaligned operand and a CPU-timer
 * interruption in a running loop. Values are checked as ranges ("less
 * than a millisecond later"), so the checks hold on any clock rate. Ends
 * in the pass wait, or 00BADnnn with nnn the first check that failed. */
#include "check.h"

#define US(n) ((u64)(n) << 12)   /* TOD units: bit 51 is a microsecond */

static u64 t[2] __attribute__((aligned(8)));
static u64 value __attribute__((aligned(8)));

static u64 stpt(void)
{
    u64 v;
    __asm__ volatile("stpt %0" : "=Q"(v));
    return v;
}

static void spt(u64 v) { __asm__ volatile("spt %0" : : "Q"(v)); }

static int tod_clock(void)
{
    u32 cc;
    __asm__ volatile("lhi %[cc],1\n\tltr %[cc],%[cc]\n\tstck %[t0]" CC_OUT "\n\tstck %[t1]"
                     : [t0] "=Q"(t[0]), [t1] "=Q"(t[1]), [cc] "=&d"(cc) : : "cc");
    CHECK(1, cc == 0);   /* STCK sets CC 0 */
    CHECK(2, t[1] > t[0] && t[1] - t[0] < US(1000));
    /* through EXECUTE, twice: the same */
    __asm__ volatile("larl %%r1,0f\n\tex 0,0(%%r1)\n\tex 0,4(%%r1)\n\tj 1f\n"
                     "0:\tstck 0(%[p])\n\tstck 8(%[p])\n1:"
                     : "=m"(t) : [p] "a"(t) : "r1", "cc");
    CHECK(3, t[1] > t[0] && t[1] - t[0] < US(1000));
    /* STCK, then EX STCK */
    __asm__ volatile("larl %%r1,0f\n\tstck 0(%[p])\n\tex 0,0(%%r1)\n\tj 1f\n0:\tstck 8(%[p])\n1:"
                     : "=m"(t) : [p] "a"(t) : "r1", "cc");
    CHECK(4, t[1] > t[0] && t[1] - t[0] < US(1000));

    /* SCK an hour ahead: STCK goes on from there */
    value = stck() + US(3600ull * 1000000);
    __asm__ volatile("sck %[v]" CC_OUT "\n\tstck %[t0]" : [t0] "=Q"(t[0]), [cc] "=d"(cc) : [v] "Q"(value) : "cc");
    CHECK(5, cc == 0 && t[0] >= value && t[0] - value < US(1000));
    /* SCK through EXECUTE */
    value = stck() + US(3600ull * 1000000);
    __asm__ volatile("larl %%r1,0f\n\tex 0,0(%%r1)\n\tstck %[t0]\n\tj 1f\n0:\tsck 0(%[v])\n1:"
                     : [t0] "=Q"(t[0]) : [v] "a"(&value), "m"(value) : "r1", "cc");
    CHECK(6, t[0] >= value && t[0] - value < US(1000));
    return 0;
}

static int comparator(void)
{
    static u64 ckc __attribute__((aligned(8)));
    value = 0x0123456789A00000ull;   /* a machine may not provide the rightmost bits */
    __asm__ volatile("sckc %[v]\n\tstckc %[c]" : [c] "=Q"(ckc) : [v] "Q"(value));
    CHECK(20, ckc == value);
    value = ~0ull;   /* never: the comparator may stay set */
    __asm__ volatile("sckc %[v]" : : [v] "Q"(value));
    return 0;
}

static int cpu_timer(void)
{
    spt(US(1000000));
    u64 a = stpt(), b = stpt();
    CHECK(30, a <= US(1000000) && US(1000000) - a < US(1000));
    CHECK(31, b <= a);
    /* through EXECUTE: it never goes up without SPT */
    for (int n = 0; n < 100; n++) {
        __asm__ volatile("larl %%r1,0f\n\tex 0,0(%%r1)\n\tstpt 8(%[p])\n\tj 1f\n0:\tstpt 0(%[p])\n1:"
                         : "=m"(t) : [p] "a"(t) : "r1");
        CHECK(32, (s64)t[1] <= (s64)t[0] && (s64)t[0] - (s64)t[1] < (s64)US(1000));
    }
    /* SPT through EXECUTE, then STPT: at most the value set */
    value = US(500000);
    __asm__ volatile("larl %%r1,0f\n\tex 0,0(%%r1)\n\tstpt %[t0]\n\tj 1f\n0:\tspt 0(%[v])\n1:"
                     : [t0] "=Q"(t[0]) : [v] "a"(&value), "m"(value) : "r1");
    CHECK(33, (s64)t[0] <= (s64)value && (s64)value - (s64)t[0] < (s64)US(1000));
    return 0;
}

static int exceptions(void)
{
    static u64 area[2] __attribute__((aligned(8)));
    catch_pgm();
    __asm__ volatile("stck %0" : "=Q"(*(u64 *)((char *)area + 4)));   /* STCK has no alignment rule */
    CHECK(40, pgm_taken() == 0);
    __asm__ volatile("sckc %0" : : "Q"(*(u64 *)((char *)area + 4)));
    CHECK(41, pgm_taken() == PGM_SPECIFICATION);
    __asm__ volatile("stpt %0" : "=Q"(*(u64 *)((char *)area + 2)));
    CHECK(42, pgm_taken() == PGM_SPECIFICATION);
    return 0;
}

/* A CPU-timer interruption ends a loop that waits for nothing. */
static volatile u32 ext_code;
__asm__(".section .text\n"
        "ext_catch:\n"
        "    st    %r1,0x204(%r0)\n"
        "    larl  %r1,ext_code\n"
        "    mvc   2(2,%r1),0x86(%r0)\n"   /* LC_EXT_CODE */
        "    l     %r1,0x204(%r0)\n"
        "    ni    0x18(%r0),0xFE\n"      /* resume disabled for external interruptions */
        "    lpsw  0x18(%r0)\n");          /* LC_EXT_OLD_PSW */
extern char ext_catch[];

static int timer_interruption(void)
{
    static struct psw p;
    p.w0 = 0x00080000u;
    p.w1 = 0x80000000u | (u32)ext_catch;
    memcpy((void *)LC_EXT_NEW_PSW, &p, 8);
    lctl(0, stctl(0) | CR0_CPT_MASK);
    spt(US(50));
    u32 spins = 0;
    __asm__ volatile("stosm 0x208(%%r0),0x01" : : : "memory");   /* enabled for external */
    while (!ext_code && ++spins < 100000000)
        __asm__ volatile("" : : : "memory");
    lctl(0, stctl(0) & ~CR0_CPT_MASK);
    CHECK(50, ext_code == EXT_CPU_TIMER);
    CHECK(51, spins > 0);
    return 0;
}

int main(void)
{
    int (*const parts[])(void) = {tod_clock, comparator, cpu_timer, exceptions, timer_interruption};
    for (unsigned i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        int rc = parts[i]();
        if (rc)
            return rc;
    }
    return 0;
}
