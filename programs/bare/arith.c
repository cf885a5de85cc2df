/* arith.c: the fixed-point arithmetic family (isa/exec_arith.c) on the
 * bare machine: signed and logical add and subtract with their condition
 * codes, carries and borrows; multiply and divide in even/odd register
 * pairs; compares; load and test, positive, negative and complement; and
 * the fixed-point-overflow and fixed-point-divide exceptions. Ends in the
 * pass wait, or 00BADnnn with nnn the first check that failed. */
#include "check.h"

static u32 w_max = 0x7FFFFFFF, w_ten = 10, w_seven = 7, w_one = 1;
static s16 h_minus2 = -2;

/* op r1,r2 on (x, y): x becomes the result, cc its condition code */
#define RR(op, x, y, cc) __asm__ volatile(op " %[r1],%[r2]" CC_OUT : [r1] "+d"(x), [cc] "=d"(cc) : [r2] "d"(y) : "cc")
/* op r1,mem */
#define RX(op, x, mem, cc) __asm__ volatile(op " %[r1],%[m]" CC_OUT : [r1] "+d"(x), [cc] "=d"(cc) : [m] "R"(mem) : "cc")

/* an even/odd pair: R2 and R3 */
#define PAIR(hi, lo) register u32 r2 __asm__("r2") = (hi), r3 __asm__("r3") = (lo)
#define PAIR_OP(op, operand) __asm__ volatile(op " %%r2,%[x]" : "+d"(r2), "+d"(r3) : [x] "d"(operand) : "cc")
#define PAIR_MEM(op, mem) __asm__ volatile(op " %%r2,%[m]" : "+d"(r2), "+d"(r3) : [m] "R"(mem) : "cc")

static int add_subtract(void)
{
    u32 a, cc;
    a = 5;
    RR("ar", a, 7, cc);
    CHECK(1, a == 12 && cc == 2);
    a = 0x7FFFFFFF;
    RR("ar", a, 1, cc);
    CHECK(2, a == 0x80000000u && cc == 3);   /* overflow; the program mask is off */
    a = 5;
    RR("sr", a, 7, cc);
    CHECK(3, a == 0xFFFFFFFEu && cc == 1);
    a = 1;
    RX("a", a, w_max, cc);
    CHECK(4, a == 0x80000000u && cc == 3);
    a = 10;
    RX("s", a, w_ten, cc);
    CHECK(5, a == 0 && cc == 0);
    a = 100;
    RX("ah", a, h_minus2, cc);
    CHECK(6, a == 98 && cc == 2);
    a = 100;
    RX("sh", a, h_minus2, cc);
    CHECK(7, a == 102 && cc == 2);
    a = (u32)-5;
    __asm__ volatile("ahi %[a],3" CC_OUT : [a] "+d"(a), [cc] "=d"(cc) : : "cc");
    CHECK(8, a == (u32)-2 && cc == 1);
    return 0;
}

static int logical(void)
{
    u32 a, cc;
    a = 0xFFFFFFFF;
    RR("alr", a, 1, cc);
    CHECK(20, a == 0 && cc == 2);   /* carry, zero */
    a = 1;
    RR("alr", a, 1, cc);
    CHECK(21, a == 2 && cc == 1);   /* no carry, not zero */
    a = 5;
    RR("slr", a, 5, cc);
    CHECK(22, a == 0 && cc == 2);   /* no borrow, zero */
    a = 0;
    RR("slr", a, 1, cc);
    CHECK(23, a == 0xFFFFFFFFu && cc == 1);   /* borrow, not zero */
    a = 0xFFFFFFFF;
    RX("al", a, w_one, cc);
    CHECK(24, a == 0 && cc == 2);
    a = 7;
    RX("sl", a, w_seven, cc);
    CHECK(25, a == 0 && cc == 2);

    /* 64-bit add and subtract with carry and borrow:
     * 00000001_FFFFFFFF + 1 = 00000002_00000000, and back */
    u32 hi = 1, lo = 0xFFFFFFFF;
    __asm__ volatile("alr %[lo],%[one]\n\talcr %[hi],%[zero]"
                     : [hi] "+&d"(hi), [lo] "+&d"(lo) : [one] "d"(1), [zero] "d"(0) : "cc");
    CHECK(26, hi == 2 && lo == 0);
    __asm__ volatile("slr %[lo],%[one]\n\tslbr %[hi],%[zero]"
                     : [hi] "+&d"(hi), [lo] "+&d"(lo) : [one] "d"(1), [zero] "d"(0) : "cc");
    CHECK(27, hi == 1 && lo == 0xFFFFFFFFu);
    static u32 zero = 0;
    __asm__ volatile("al %[lo],%[one]\n\talc %[hi],%[z]"
                     : [hi] "+&d"(hi), [lo] "+&d"(lo) : [one] "R"(w_one), [z] "R"(zero) : "cc");
    CHECK(28, hi == 2 && lo == 0);
    __asm__ volatile("sl %[lo],%[one]\n\tslb %[hi],%[z]"
                     : [hi] "+&d"(hi), [lo] "+&d"(lo) : [one] "R"(w_one), [z] "R"(zero) : "cc");
    CHECK(29, hi == 1 && lo == 0xFFFFFFFFu);
    return 0;
}

static int multiply(void)
{
    {
        PAIR(0, 0x10000);
        PAIR_OP("mr", 0x10000);
        CHECK(40, r2 == 1 && r3 == 0);
    }
    {
        PAIR(0, (u32)-3);
        PAIR_OP("mr", 5);
        CHECK(41, r2 == 0xFFFFFFFFu && r3 == (u32)-15);
    }
    {
        PAIR(0, 10);
        PAIR_MEM("m", w_max);
        CHECK(42, r2 == 4 && r3 == 0xFFFFFFF6u);   /* 10 * (2^31 - 1) */
    }
    {
        PAIR(0, 0xFFFFFFFF);
        PAIR_OP("mlr", 2);
        CHECK(43, r2 == 1 && r3 == 0xFFFFFFFEu);
    }
    {
        PAIR(0, 0xFFFFFFFF);
        PAIR_MEM("ml", w_ten);
        CHECK(44, r2 == 9 && r3 == 0xFFFFFFF6u);
    }
    u32 a = 1000, cc = 0;
    RX("mh", a, h_minus2, cc);
    CHECK(45, a == (u32)-2000);
    a = 7;
    __asm__ volatile("mhi %[a],-3" : [a] "+d"(a));
    CHECK(46, a == (u32)-21);
    a = 0x10001;
    __asm__ volatile("msr %[a],%[a]" : [a] "+d"(a));
    CHECK(47, a == 0x00020001u);   /* the low word of 0x1_0002_0001 */
    a = 3;
    __asm__ volatile("ms %[a],%[m]" : [a] "+d"(a) : [m] "R"(w_seven));
    CHECK(48, a == 21);
    (void)cc;
    return 0;
}

static int divide(void)
{
    {
        PAIR(0, 100);
        PAIR_OP("dr", 7);
        CHECK(60, r2 == 2 && r3 == 14);   /* remainder, quotient */
    }
    {
        PAIR(0xFFFFFFFF, (u32)-100);
        PAIR_OP("dr", 7);
        CHECK(61, r2 == (u32)-2 && r3 == (u32)-14);   /* the remainder takes the dividend's sign */
    }
    {
        PAIR(0, 100);
        PAIR_MEM("d", w_seven);
        CHECK(62, r2 == 2 && r3 == 14);
    }
    {
        PAIR(1, 0);
        PAIR_OP("dlr", 2);
        CHECK(63, r2 == 0 && r3 == 0x80000000u);
    }
    {
        PAIR(0, 100);
        PAIR_MEM("dl", w_ten);
        CHECK(64, r2 == 0 && r3 == 10);
    }
    catch_pgm();
    {
        PAIR(0, 100);
        PAIR_OP("dr", 0);
        CHECK(65, pgm_taken() == PGM_FIXED_POINT_DIVIDE);
        CHECK(66, r2 == 0 && r3 == 100);   /* suppressed */
    }
    {
        PAIR(0x7FFFFFFF, 0);
        PAIR_OP("dr", 1);
        CHECK(67, pgm_taken() == PGM_FIXED_POINT_DIVIDE);   /* the quotient does not fit */
        CHECK(68, r2 == 0x7FFFFFFFu && r3 == 0);
    }
    return 0;
}

static int compare_and_load(void)
{
    u32 a, cc;
    a = 1;
    RR("cr", a, 2, cc);
    CHECK(80, cc == 1);
    a = 0xFFFFFFFF;
    RR("cr", a, 1, cc);
    CHECK(81, cc == 1);   /* -1 < 1 */
    RR("clr", a, 1, cc);
    CHECK(82, cc == 2);   /* but not logically */
    a = 0x7FFFFFFF;
    RX("c", a, w_max, cc);
    CHECK(83, cc == 0 && a == 0x7FFFFFFFu);
    a = 7;
    RX("cl", a, w_ten, cc);
    CHECK(84, cc == 1);
    a = (u32)-1;
    RX("ch", a, h_minus2, cc);
    CHECK(85, cc == 2);
    __asm__ volatile("chi %[a],-1" CC_OUT : [a] "+d"(a), [cc] "=d"(cc) : : "cc");
    CHECK(86, cc == 0);

    u32 r;
    __asm__ volatile("ltr %[r],%[a]" CC_OUT : [r] "=&d"(r), [cc] "=d"(cc) : [a] "d"(0) : "cc");
    CHECK(87, r == 0 && cc == 0);
    __asm__ volatile("lpr %[r],%[a]" CC_OUT : [r] "=&d"(r), [cc] "=d"(cc) : [a] "d"(-5) : "cc");
    CHECK(88, r == 5 && cc == 2);
    __asm__ volatile("lpr %[r],%[a]" CC_OUT : [r] "=&d"(r), [cc] "=d"(cc) : [a] "d"(0x80000000u) : "cc");
    CHECK(89, r == 0x80000000u && cc == 3);
    __asm__ volatile("lnr %[r],%[a]" CC_OUT : [r] "=&d"(r), [cc] "=d"(cc) : [a] "d"(5) : "cc");
    CHECK(90, r == (u32)-5 && cc == 1);
    __asm__ volatile("lcr %[r],%[a]" CC_OUT : [r] "=&d"(r), [cc] "=d"(cc) : [a] "d"(-5) : "cc");
    CHECK(91, r == 5 && cc == 2);
    __asm__ volatile("lcr %[r],%[a]" CC_OUT : [r] "=&d"(r), [cc] "=d"(cc) : [a] "d"(0x80000000u) : "cc");
    CHECK(92, r == 0x80000000u && cc == 3);
    return 0;
}

/* With program-mask bit 20 on, a signed overflow completes (the truncated
 * sum is stored) and then interrupts. */
static int overflow_interruption(void)
{
    u32 a = 0x7FFFFFFF, cc;
    catch_pgm();
    __asm__ volatile("spm %[pm]\n\tar %[a],%[one]" CC_OUT "\n\tspm %[off]"
                     : [a] "+d"(a), [cc] "=&d"(cc)
                     : [pm] "d"(0x08000000u), [one] "d"(1), [off] "d"(0)
                     : "cc");
    CHECK(100, pgm_taken() == PGM_FIXED_POINT_OVERFLOW);
    CHECK(101, a == 0x80000000u && cc == 3);
    a = 1;
    __asm__ volatile("spm %[pm]\n\tar %[a],%[one]\n\tspm %[off]"
                     : [a] "+d"(a) : [pm] "d"(0x08000000u), [one] "d"(1), [off] "d"(0) : "cc");
    CHECK(102, pgm_taken() == 0 && a == 2);
    return 0;
}

int main(void)
{
    int (*const parts[])(void) = {add_subtract, logical, multiply, divide, compare_and_load, overflow_interruption};
    for (unsigned i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        int rc = parts[i]();
        if (rc)
            return rc;
    }
    return 0;
}
