/* shift.c: the shift family (isa/exec_shift.c) on the bare machine:
 * single and double (even/odd pair) shifts, logical and arithmetic, left
 * and right, with their condition codes (arithmetic: sign of the result,
 * 3 when a left shift loses a significant bit) and the sign kept; the
 * count from an address (only its rightmost six bits, so 63 at most);
 * RLL; and the specification exception for a double shift on an odd
 * register. Ends in the pass wait, or 00BADnnn with nnn the first check
 * that failed. */
#include "check.h"

/* op r1,count on x, the count as D2(B2) with B2 holding `b` */
#define SHIFT(op, x, d, b, cc) \
    __asm__ volatile(op " %[r1]," #d "(%[rb])" CC_OUT : [r1] "+d"(x), [cc] "=d"(cc) : [rb] "a"(b) : "cc")
#define PAIR(hi, lo) register u32 r2 __asm__("r2") = (hi), r3 __asm__("r3") = (lo)
#define DOUBLE(op, count, cc) \
    __asm__ volatile(op " %%r2," #count CC_OUT : "+d"(r2), "+d"(r3), [cc] "=d"(cc) : : "cc")

static int single(void)
{
    u32 x, cc = 9;
    x = 0x80000001;
    __asm__ volatile("sll %0,1" : "+d"(x));
    CHECK(1, x == 2);
    x = 0x80000001;
    __asm__ volatile("srl %0,31" : "+d"(x));
    CHECK(2, x == 1);
    x = 0xFFFFFFFF;
    SHIFT("sll", x, 0, 0x100 + 32, cc);   /* 0x120: the count is 0x20 */
    CHECK(3, x == 0);
    x = 0x12345678;
    SHIFT("srl", x, 0, 0xFFFFFFC0, cc);   /* count 0 */
    CHECK(4, x == 0x12345678u);
    x = (u32)-8;
    SHIFT("sra", x, 1, 0, cc);
    CHECK(5, x == (u32)-4 && cc == 1);
    x = (u32)-1;
    SHIFT("sra", x, 63, 0, cc);
    CHECK(6, x == (u32)-1 && cc == 1);   /* the sign fills */
    x = 0x40000000;
    SHIFT("sra", x, 30, 0, cc);
    CHECK(7, x == 1 && cc == 2);
    x = 3;
    SHIFT("sla", x, 2, 0, cc);
    CHECK(8, x == 12 && cc == 2);
    x = 0x40000000;
    SHIFT("sla", x, 1, 0, cc);
    CHECK(9, x == 0 && cc == 3);   /* overflow: the sign stays, the bit shifted out is lost */
    x = 0x80000001;
    SHIFT("sla", x, 1, 0, cc);
    CHECK(10, x == 0x80000002u && cc == 3);
    x = 0;
    SHIFT("sla", x, 5, 0, cc);
    CHECK(11, x == 0 && cc == 0);
    u32 r;
    __asm__ volatile("rll %0,%1,4" : "=d"(r) : "d"(0x12345678));
    CHECK(12, r == 0x23456781u);
    __asm__ volatile("rll %0,%1,0(%2)" : "=d"(r) : "d"(0x12345678), "a"(0x20 + 8));
    CHECK(13, r == 0x34567812u);
    return 0;
}

static int double_shifts(void)
{
    u32 cc = 9;
    {
        PAIR(0x00000001, 0x80000000);
        DOUBLE("sldl", 1, cc);
        CHECK(20, r2 == 3 && r3 == 0);
    }
    {
        PAIR(0x00000001, 0x00000000);
        DOUBLE("srdl", 33, cc);
        CHECK(21, r2 == 0 && r3 == 0);
    }
    {
        PAIR(0x00000001, 0x00000002);
        DOUBLE("srdl", 1, cc);
        CHECK(22, r2 == 0 && r3 == 0x80000001u);
    }
    {
        PAIR(0xFFFFFFFF, 0xFFFFFFF0);
        DOUBLE("srda", 4, cc);
        CHECK(23, r2 == 0xFFFFFFFFu && r3 == 0xFFFFFFFFu && cc == 1);
    }
    {
        PAIR(0, 0);
        DOUBLE("srda", 4, cc);
        CHECK(24, r2 == 0 && r3 == 0 && cc == 0);
    }
    {
        PAIR(0, 0x40000000);
        DOUBLE("slda", 2, cc);
        CHECK(25, r2 == 1 && r3 == 0 && cc == 2);
    }
    {
        PAIR(0x40000000, 0);
        DOUBLE("slda", 1, cc);
        CHECK(26, r2 == 0 && r3 == 0 && cc == 3);   /* overflow */
    }
    catch_pgm();
    {
        register u32 r3b __asm__("r3") = 5;
        __asm__ volatile(".long 0x8D300001" : "+d"(r3b) : : "cc");   /* SLDL 3,1: the assembler refuses it */
        CHECK(27, pgm_taken() == PGM_SPECIFICATION && r3b == 5);
    }
    return 0;
}

int main(void)
{
    int (*const parts[])(void) = {single, double_shifts};
    for (unsigned i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        int rc = parts[i]();
        if (rc)
            return rc;
    }
    return 0;
}
