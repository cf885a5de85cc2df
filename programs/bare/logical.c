/* logical.c: the logical family (isa/exec_logical.c) on the bare
 * machine: AND, OR and exclusive OR in registers, from storage, on a byte
 * in storage (immediate) and on storage fields (NC, OC, XC, including the
 * XC that clears a field), each with its condition code (0 zero, 1 not),
 * and the tests under mask TM, TMLH and TMLL with all four condition
 * codes. Ends in the pass wait, or 00BADnnn with nnn the first check that
 * failed. */
#include "check.h"

static u32 w_mask = 0x0F0F0F0F;
static u8 field[8] = {0xF0, 0x0F, 0xAA, 0x55, 0xFF, 0x00, 0x81, 0x18};

#define RR(op, x, y, cc) __asm__ volatile(op " %[r1],%[r2]" CC_OUT : [r1] "+d"(x), [cc] "=d"(cc) : [r2] "d"(y) : "cc")
#define RX(op, x, mem, cc) __asm__ volatile(op " %[r1],%[m]" CC_OUT : [r1] "+d"(x), [cc] "=d"(cc) : [m] "R"(mem) : "cc")
/* op D1(B1),I2 on a byte in storage */
#define SI(op, byte, imm, cc) __asm__ volatile(op " %[b]," #imm CC_OUT : [b] "+Q"(byte), [cc] "=d"(cc) : : "cc")

static int registers(void)
{
    u32 a, cc;
    a = 0xFF00FF00;
    RR("nr", a, 0x0FF00FF0, cc);
    CHECK(1, a == 0x0F000F00u && cc == 1);
    a = 0xF0F0F0F0;
    RR("nr", a, 0x0F0F0F0F, cc);
    CHECK(2, a == 0 && cc == 0);
    a = 0xF0000000;
    RR("or", a, 0x0000000F, cc);
    CHECK(3, a == 0xF000000Fu && cc == 1);
    a = 0x12345678;
    RR("xr", a, 0x12345678, cc);
    CHECK(4, a == 0 && cc == 0);
    a = 0xFFFFFFFF;
    RX("n", a, w_mask, cc);
    CHECK(5, a == 0x0F0F0F0Fu && cc == 1);
    a = 0xF0F0F0F0;
    RX("o", a, w_mask, cc);
    CHECK(6, a == 0xFFFFFFFFu && cc == 1);
    a = 0x0F0F0F0F;
    RX("x", a, w_mask, cc);
    CHECK(7, a == 0 && cc == 0);
    return 0;
}

static int immediate(void)
{
    static u8 b;
    u32 cc;
    b = 0xF0;
    SI("ni", b, 0x0F, cc);
    CHECK(10, b == 0 && cc == 0);
    b = 0x80;
    SI("oi", b, 0x01, cc);
    CHECK(11, b == 0x81 && cc == 1);
    b = 0xFF;
    SI("xi", b, 0x0F, cc);
    CHECK(12, b == 0xF0 && cc == 1);
    return 0;
}

/* op 0(len,a),0(b) on storage fields */
#define SS(op, len, a, b, cc)                                                               \
    __asm__ volatile(op " 0(" #len ",%[pa]),0(%[pb])" CC_OUT                                \
                     : [cc] "=d"(cc), "+m"(a) : [pa] "a"(a), [pb] "a"(b), "m"(b) : "cc")

static int characters(void)
{
    static u8 a[8];
    static const u8 ones[8] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    u32 cc;
    memcpy(a, field, 8);
    SS("nc", 8, a, field, cc);
    CHECK(20, memcmp(a, field, 8) == 0 && cc == 1);   /* AND with itself */
    SS("oc", 8, a, ones, cc);
    CHECK(21, memcmp(a, ones, 8) == 0 && cc == 1);
    SS("xc", 8, a, field, cc);
    CHECK(22, a[0] == 0x0F && a[1] == 0xF0 && a[5] == 0xFF && cc == 1);
    SS("xc", 8, a, a, cc);   /* the clearing idiom */
    CHECK(23, a[0] == 0 && a[7] == 0 && cc == 0);
    memset(a, 0xFF, 8);
    SS("nc", 3, a, field, cc);   /* three bytes only */
    CHECK(24, a[0] == 0xF0 && a[1] == 0x0F && a[2] == 0xAA && a[3] == 0xFF && cc == 1);
    return 0;
}

static int test_under_mask(void)
{
    u32 cc;
    __asm__ volatile("tm %[b],0x0F" CC_OUT : [cc] "=d"(cc) : [b] "Q"(field[0]) : "cc");
    CHECK(30, cc == 0);   /* selected bits all zero */
    __asm__ volatile("tm %[b],0xC0" CC_OUT : [cc] "=d"(cc) : [b] "Q"(field[0]) : "cc");
    CHECK(31, cc == 3);   /* all one */
    __asm__ volatile("tm %[b],0x81" CC_OUT : [cc] "=d"(cc) : [b] "Q"(field[3]) : "cc");
    CHECK(32, cc == 1);   /* mixed */
    __asm__ volatile("tm %[b],0x00" CC_OUT : [cc] "=d"(cc) : [b] "Q"(field[4]) : "cc");
    CHECK(33, cc == 0);   /* no bits selected */
    u32 r = 0x00F08001;
    __asm__ volatile("tmll %[r],0x8001" CC_OUT : [cc] "=d"(cc) : [r] "d"(r) : "cc");
    CHECK(34, cc == 3);
    __asm__ volatile("tmll %[r],0x0003" CC_OUT : [cc] "=d"(cc) : [r] "d"(r) : "cc");
    CHECK(35, cc == 1);   /* mixed, the leftmost selected bit zero */
    __asm__ volatile("tmll %[r],0x8002" CC_OUT : [cc] "=d"(cc) : [r] "d"(r) : "cc");
    CHECK(36, cc == 2);   /* mixed, the leftmost selected bit one */
    __asm__ volatile("tmlh %[r],0x000F" CC_OUT : [cc] "=d"(cc) : [r] "d"(r) : "cc");
    CHECK(37, cc == 0);
    __asm__ volatile("tmlh %[r],0x00F0" CC_OUT : [cc] "=d"(cc) : [r] "d"(r) : "cc");
    CHECK(38, cc == 3);   /* bits 16-31 of 0x00F0... are 0x00F0 */
    return 0;
}

int main(void)
{
    int (*const parts[])(void) = {registers, immediate, characters, test_under_mask};
    for (unsigned i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        int rc = parts[i]();
        if (rc)
            return rc;
    }
    return 0;
}
