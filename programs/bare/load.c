/* load.c: the load and store family (isa/exec_load.c) on the bare
 * machine: words, halfwords (sign-extended) and bytes in and out of
 * registers, LA's 31-bit address arithmetic, LARL, LHI, LM and STM
 * (wrapping from R15 to R0), ICM and STCM under every kind of mask with
 * ICM's condition code, and the byte-reversing loads and stores. Ends in
 * the pass wait, or 00BADnnn with nnn the first check that failed. */
#include "check.h"

static u32 word = 0x80010203, out;
static u16 half = 0x8001, hout;
static u8 bytes[8] = {0x80, 0x01, 0x02, 0x00, 0xFE, 0x7F, 0x00, 0x00}, bout[8];

static int words_halves_bytes(void)
{
    u32 r;
    __asm__ volatile("l %0,%1" : "=d"(r) : "R"(word));
    CHECK(1, r == 0x80010203u);
    __asm__ volatile("st %1,%0" : "=R"(out) : "d"(0xCAFEF00D));
    CHECK(2, out == 0xCAFEF00Du);
    __asm__ volatile("lh %0,%1" : "=d"(r) : "R"(half));
    CHECK(3, r == 0xFFFF8001u);   /* sign-extended */
    __asm__ volatile("sth %1,%0" : "=R"(hout) : "d"(0x12345678));
    CHECK(4, hout == 0x5678);
    r = 0xAABBCCDD;
    __asm__ volatile("ic %0,%1" : "+d"(r) : "R"(bytes[4]));
    CHECK(5, r == 0xAABBCCFEu);   /* only bits 24-31 change */
    __asm__ volatile("stc %1,%0" : "=R"(bout[0]) : "d"(0x123456AB));
    CHECK(6, bout[0] == 0xAB);
    u32 a = 0x12345678;
    __asm__ volatile("lr %0,%1" : "=d"(r) : "d"(a));
    CHECK(7, r == a);
    __asm__ volatile("lhi %0,-2" : "=d"(r));
    CHECK(8, r == 0xFFFFFFFEu);
    return 0;
}

static int addresses(void)
{
    u32 r;
    __asm__ volatile("la %0,4095(%1,%2)" : "=d"(r) : "a"(0x1000), "a"(0x20));
    CHECK(10, r == 0x2000u + 0x1F);
    __asm__ volatile("la %0,1(%1)" : "=d"(r) : "a"(0xFFFFFFFF));
    CHECK(11, r == 0);   /* 31-bit: wraps, bit 0 is zero */
    __asm__ volatile("la %0,0(%1)" : "=d"(r) : "a"(0xFFFFFFFF));
    CHECK(12, r == 0x7FFFFFFFu);
    u32 here, there;
    __asm__ volatile("larl %0,0f\n0:\tbasr %1,0" : "=&d"(here), "=d"(there));
    CHECK(13, there == (0x80000000u | (here + 2)));   /* BASR links the next address */
    return 0;
}

static int multiple(void)
{
    static u32 area[4], loaded[4];
    static const u32 values[4] = {0x11111111, 0x22222222, 0x33333333, 0x44444444};
    __asm__ volatile("lm %%r4,%%r7,%2\n\tstm %%r4,%%r7,%0\n\tst %%r5,%1"
                     : "=Q"(area), "=R"(loaded[1]) : "Q"(values) : "r4", "r5", "r6", "r7");
    CHECK(20, memcmp(area, values, sizeof area) == 0 && loaded[1] == 0x22222222u);
    /* STM R15,R1: R15, R0, R1 */
    u32 sp;
    static u32 wrap[3];
    __asm__ volatile("lr %[sp],%%r15\n\tlhi %%r0,7\n\tlhi %%r1,9\n\tstm %%r15,%%r1,%[w]"
                     : [sp] "=&d"(sp), [w] "=Q"(wrap) : : "r0", "r1");
    CHECK(21, wrap[0] == sp && wrap[1] == 7 && wrap[2] == 9);
    return 0;
}

static int under_mask(void)
{
    u32 r, cc;
    r = 0xAABBCCDD;
    __asm__ volatile("icm %[r],5,%[m]" CC_OUT : [r] "+d"(r), [cc] "=d"(cc) : [m] "Q"(bytes) : "cc");
    CHECK(30, r == 0xAA80CC01u && cc == 1);   /* bytes 1 and 3; the first inserted bit is one */
    r = 0xAABBCCDD;
    __asm__ volatile("icm %[r],15,%[m]" CC_OUT : [r] "+d"(r), [cc] "=d"(cc) : [m] "Q"(bytes[1]) : "cc");
    CHECK(31, r == 0x010200FEu && cc == 2);
    r = 0xAABBCCDD;
    __asm__ volatile("icm %[r],3,%[m]" CC_OUT : [r] "+d"(r), [cc] "=d"(cc) : [m] "Q"(bytes[6]) : "cc");
    CHECK(32, r == 0xAABB0000u && cc == 0);   /* all inserted bits zero */
    r = 0xAABBCCDD;
    __asm__ volatile("icm %[r],0,%[m]" CC_OUT : [r] "+d"(r), [cc] "=d"(cc) : [m] "Q"(bytes) : "cc");
    CHECK(33, r == 0xAABBCCDDu && cc == 0);   /* mask 0: nothing, CC 0 */
    memset(bout, 0, sizeof bout);
    __asm__ volatile("stcm %[r],10,%[m]" : [m] "=Q"(bout) : [r] "d"(0x11223344));
    CHECK(34, bout[0] == 0x11 && bout[1] == 0x33 && bout[2] == 0);   /* bytes 0 and 2, packed */
    return 0;
}

static int reversed(void)
{
    u32 r;
    __asm__ volatile("lrvr %0,%1" : "=d"(r) : "d"(0x11223344));
    CHECK(40, r == 0x44332211u);
    __asm__ volatile("lrv %0,%1" : "=d"(r) : "R"(word));
    CHECK(41, r == 0x03020180u);
    r = 0xAAAAAAAA;
    __asm__ volatile("lrvh %0,%1" : "+d"(r) : "R"(half));
    CHECK(42, r == 0xAAAA0180u);   /* bits 16-31 only */
    __asm__ volatile("strv %1,%0" : "=R"(out) : "d"(0x11223344));
    CHECK(43, out == 0x44332211u);
    __asm__ volatile("strvh %1,%0" : "=R"(hout) : "d"(0x11223344));
    CHECK(44, hout == 0x4433);
    return 0;
}

int main(void)
{
    int (*const parts[])(void) = {words_halves_bytes, addresses, multiple, under_mask, reversed};
    for (unsigned i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        int rc = parts[i]();
        if (rc)
            return rc;
    }
    return 0;
}
