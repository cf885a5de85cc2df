/* storage.c: the storage-to-storage family (isa/exec_storage.c) on the
 * bare machine: MVI, CLI, MVC (and its one-byte-ahead overlap that
 * propagates a byte), CLC, CLM, the interlocked TS, CS and CDS, the long
 * forms MVCL (across pages, with padding, and the destructive overlap
 * that moves nothing) and CLCL (padding, and the registers at the first
 * difference), MVCLE and CLCLE run to completion through CC 3, and the
 * string instructions CLST, MVST and SRST. Ends in the pass wait, or
 * 00BADnnn with nnn the first check that failed. */
#include "check.h"

#define BIG 10000   /* more than two pages: the long forms go page by page */

static u8 src[BIG], dst[BIG + 16];

/* register pairs for the long forms: R2/R3 and R4/R5 */
#define LONG_REGS(a1, l1, a2, l2)                                                          \
    register u32 r2 __asm__("r2") = (u32)(a1), r3 __asm__("r3") = (l1), r4 __asm__("r4") = \
        (u32)(a2), r5 __asm__("r5") = (l2)

static int moves_and_compares(void)
{
    static u8 b[8] = "ABCDEFG";
    u32 cc;
    __asm__ volatile("mvi %0,0xC1" : "=Q"(b[7]));
    CHECK(1, b[7] == 0xC1);
    __asm__ volatile("cli %[b],0xC2" CC_OUT : [cc] "=d"(cc) : [b] "Q"(b[1]) : "cc");
    CHECK(2, cc == 0);   /* EBCDIC B */
    __asm__ volatile("cli %[b],0xFF" CC_OUT : [cc] "=d"(cc) : [b] "Q"(b[1]) : "cc");
    CHECK(3, cc == 1);
    /* MVC 1(6,b),0(b): each byte is moved after the one before it is stored */
    __asm__ volatile("mvc 1(6,%[p]),0(%[p])" : "+m"(b) : [p] "a"(b));
    CHECK(4, memcmp(b, "AAAAAAA", 7) == 0);
    static const u8 x[4] = {1, 2, 3, 4}, y[4] = {1, 2, 4, 0};
    __asm__ volatile("clc 0(4,%[x]),0(%[y])" CC_OUT : [cc] "=d"(cc) : [x] "a"(x), [y] "a"(y), "m"(x), "m"(y) : "cc");
    CHECK(5, cc == 1);   /* 3 < 4 at the first difference */
    __asm__ volatile("clc 0(2,%[x]),0(%[y])" CC_OUT : [cc] "=d"(cc) : [x] "a"(x), [y] "a"(y), "m"(x), "m"(y) : "cc");
    CHECK(6, cc == 0);
    __asm__ volatile("clm %[r],5,%[m]" CC_OUT : [cc] "=d"(cc) : [r] "d"(0x00020004), [m] "Q"(x) : "cc");
    CHECK(7, cc == 2);   /* register bytes 1 and 3 (02, 04) against storage 01 02 */
    __asm__ volatile("clm %[r],6,%[m]" CC_OUT : [cc] "=d"(cc) : [r] "d"(0x00010200), [m] "Q"(x) : "cc");
    CHECK(8, cc == 0);
    return 0;
}

static int interlocked(void)
{
    static u8 lock;
    static u32 word = 5;
    static u64 dword __attribute__((aligned(8))) = 0x0000000100000002ull;
    u32 cc;
    __asm__ volatile("ts %[l]" CC_OUT : [l] "+Q"(lock), [cc] "=d"(cc) : : "cc");
    CHECK(10, cc == 0 && lock == 0xFF);
    __asm__ volatile("ts %[l]" CC_OUT : [l] "+Q"(lock), [cc] "=d"(cc) : : "cc");
    CHECK(11, cc == 1);
    u32 old = 5;
    __asm__ volatile("cs %[o],%[n],%[w]" CC_OUT : [o] "+d"(old), [w] "+Q"(word), [cc] "=d"(cc) : [n] "d"(9) : "cc");
    CHECK(12, cc == 0 && word == 9);
    old = 5;
    __asm__ volatile("cs %[o],%[n],%[w]" CC_OUT : [o] "+d"(old), [w] "+Q"(word), [cc] "=d"(cc) : [n] "d"(7) : "cc");
    CHECK(13, cc == 1 && word == 9 && old == 9);   /* unequal: the current value is loaded */
    register u32 r2 __asm__("r2") = 1, r3 __asm__("r3") = 2, r4 __asm__("r4") = 3, r5 __asm__("r5") = 4;
    __asm__ volatile("cds %%r2,%%r4,%[d]" CC_OUT
                     : "+d"(r2), "+d"(r3), [d] "+Q"(dword), [cc] "=d"(cc) : "d"(r4), "d"(r5) : "cc");
    CHECK(14, cc == 0 && dword == 0x0000000300000004ull);
    catch_pgm();
    __asm__ volatile("cs %[o],%[n],%[w]" : [o] "+d"(old) : [n] "d"(7), [w] "Q"(*(u32 *)((u8 *)&dword + 2)) : "cc");
    CHECK(15, pgm_taken() == PGM_SPECIFICATION);   /* CS wants a word boundary */
    return 0;
}

static int move_long(void)
{
    u32 cc;
    for (u32 i = 0; i < BIG; i++)
        src[i] = (u8)(i * 7 + 1);
    memset(dst, 0, sizeof dst);
    {
        /* BIG + 16 bytes from BIG: the last 16 are the pad 0x5C */
        LONG_REGS(dst, BIG + 16, src, 0x5C000000u | BIG);
        __asm__ volatile("mvcl %%r2,%%r4" CC_OUT : "+d"(r2), "+d"(r3), "+d"(r4), "+d"(r5), [cc] "=d"(cc) : : "cc", "memory");
        CHECK(20, cc == 2);   /* first operand longer */
        CHECK(21, r2 == (u32)dst + BIG + 16 && r3 == 0 && r4 == (u32)src + BIG && r5 == 0x5C000000u);
    }
    CHECK(22, memcmp(dst, src, BIG) == 0 && dst[BIG] == 0x5C && dst[BIG + 15] == 0x5C);
    {
        /* destructive overlap: the destination one byte into the source */
        LONG_REGS(src + 1, 100, src, 100);
        __asm__ volatile("mvcl %%r2,%%r4" CC_OUT : "+d"(r2), "+d"(r3), "+d"(r4), "+d"(r5), [cc] "=d"(cc) : : "cc", "memory");
        CHECK(23, cc == 3 && r3 == 100 && r5 == 100 && src[1] == 8);   /* nothing moved */
    }
    {
        LONG_REGS(dst, 0, src, 0);
        __asm__ volatile("mvcl %%r2,%%r4" CC_OUT : "+d"(r2), "+d"(r3), "+d"(r4), "+d"(r5), [cc] "=d"(cc) : : "cc", "memory");
        CHECK(24, cc == 0);
    }
    /* MVCLE: a CPU-determined amount at a time, CC 3 until done */
    memset(dst, 0, sizeof dst);
    {
        LONG_REGS(dst, BIG + 16, src, BIG);
        u32 rounds = 0;
        do {
            __asm__ volatile("mvcle %%r2,%%r4,0x40" CC_OUT : "+d"(r2), "+d"(r3), "+d"(r4), "+d"(r5), [cc] "=d"(cc) : : "cc", "memory");
            rounds++;
        } while (cc == 3 && rounds < 1000);
        CHECK(25, cc == 2 && r3 == 0 && r5 == 0 && rounds > 1);
    }
    CHECK(26, memcmp(dst, src, BIG) == 0 && dst[BIG] == 0x40 && dst[BIG + 15] == 0x40);
    return 0;
}

static int compare_long(void)
{
    u32 cc;
    memcpy(dst, src, BIG);
    {
        LONG_REGS(dst, BIG, src, BIG);
        __asm__ volatile("clcl %%r2,%%r4" CC_OUT : "+d"(r2), "+d"(r3), "+d"(r4), "+d"(r5), [cc] "=d"(cc) : : "cc");
        CHECK(30, cc == 0 && r3 == 0 && r5 == 0 && r2 == (u32)dst + BIG);
    }
    dst[BIG - 100] ^= 0xFF;
    {
        LONG_REGS(dst, BIG, src, BIG);
        __asm__ volatile("clcl %%r2,%%r4" CC_OUT : "+d"(r2), "+d"(r3), "+d"(r4), "+d"(r5), [cc] "=d"(cc) : : "cc");
        CHECK(31, cc != 0 && r3 == 100 && r5 == 100 && r2 == (u32)dst + BIG - 100);   /* at the difference */
    }
    /* the shorter operand is extended with the pad */
    static const u8 blanks[4] = {0x40, 0x40, 0x40, 0x41};
    {
        LONG_REGS(blanks, 4, blanks, 0x40000000u | 2);
        __asm__ volatile("clcl %%r2,%%r4" CC_OUT : "+d"(r2), "+d"(r3), "+d"(r4), "+d"(r5), [cc] "=d"(cc) : : "cc");
        CHECK(32, cc == 2 && r3 == 1);   /* 0x41 > the pad 0x40 at the last byte */
    }
    {
        LONG_REGS(dst, BIG, src, BIG);
        u32 rounds = 0;
        do {
            __asm__ volatile("clcle %%r2,%%r4,0" CC_OUT : "+d"(r2), "+d"(r3), "+d"(r4), "+d"(r5), [cc] "=d"(cc) : : "cc");
            rounds++;
        } while (cc == 3 && rounds < 1000);
        CHECK(33, cc != 0 && cc != 3 && r3 == 100 && rounds > 1);
    }
    return 0;
}

static int strings(void)
{
    static char a[16] = "HELLO", b[16] = "HELP", c[16];
    u32 cc;
    {
        register u32 r0 __asm__("r0") = 0;
        register u32 r2 __asm__("r2") = (u32)a, r4 __asm__("r4") = (u32)b;
        do
            __asm__ volatile("clst %%r2,%%r4" CC_OUT : "+d"(r2), "+d"(r4), [cc] "=d"(cc) : "d"(r0) : "cc");
        while (cc == 3);
        CHECK(40, cc == 1 && r2 == (u32)a + 3 && r4 == (u32)b + 3);   /* 'L' < 'P' */
    }
    {
        register u32 r0 __asm__("r0") = 0;
        register u32 r2 __asm__("r2") = (u32)c, r4 __asm__("r4") = (u32)a;
        do
            __asm__ volatile("mvst %%r2,%%r4" CC_OUT : "+d"(r2), "+d"(r4), [cc] "=d"(cc) : "d"(r0) : "cc", "memory");
        while (cc == 3);
        CHECK(41, cc == 1 && r2 == (u32)c + 5 && strcmp(c, "HELLO") == 0);   /* R1 at the terminator */
    }
    {
        register u32 r0 __asm__("r0") = 'L';
        register u32 r2 __asm__("r2") = (u32)a + 16, r4 __asm__("r4") = (u32)a;
        do
            __asm__ volatile("srst %%r2,%%r4" CC_OUT : "+d"(r2), "+d"(r4), [cc] "=d"(cc) : "d"(r0) : "cc");
        while (cc == 3);
        CHECK(42, cc == 1 && r2 == (u32)a + 2);   /* the first L */
    }
    {
        register u32 r0 __asm__("r0") = 'Z';
        register u32 r2 __asm__("r2") = (u32)a + 16, r4 __asm__("r4") = (u32)a;
        do
            __asm__ volatile("srst %%r2,%%r4" CC_OUT : "+d"(r2), "+d"(r4), [cc] "=d"(cc) : "d"(r0) : "cc");
        while (cc == 3);
        CHECK(43, cc == 2);   /* not found before the end */
    }
    catch_pgm();
    {
        register u32 r0 __asm__("r0") = 0x100;
        register u32 r2 __asm__("r2") = (u32)c, r4 __asm__("r4") = (u32)a;
        __asm__ volatile("mvst %%r2,%%r4" : "+d"(r2), "+d"(r4) : "d"(r0) : "cc", "memory");
        CHECK(44, pgm_taken() == PGM_SPECIFICATION);   /* GR0 bits 0-23 must be zero */
    }
    return 0;
}

int main(void)
{
    int (*const parts[])(void) = {moves_and_compares, interlocked, move_long, compare_long, strings};
    for (unsigned i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        int rc = parts[i]();
        if (rc)
            return rc;
    }
    return 0;
}
