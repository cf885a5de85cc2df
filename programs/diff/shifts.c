/* shifts.c: 32- and 64-bit shifts by constant and variable amounts
 * (SLL/SRL/SRA/SLDL/SRDL/SRDA, libgcc-free 64-bit shifts), signed right
 * shifts of negative numbers, rotates through RLL, and SLA/SLDA through
 * inline assembly (GCC never emits them) with their condition codes. */
#define RES_WORDS 128
#include "diff.h"

static __attribute__((noinline)) u64 shl64(u64 x, u32 n) { return x << n; }
static __attribute__((noinline)) u64 shr64(u64 x, u32 n) { return x >> n; }
static __attribute__((noinline)) s64 sar64(s64 x, u32 n) { return x >> n; }

static u32 sla(u32 x, u32 n, u32 *cc)
{
    u32 ccw;
    __asm__("sla %0,0(%2)\n\tipm %1" : "+d"(x), "=d"(ccw) : "a"(n) : "cc");
    *cc = ccw >> 28 & 3;
    return x;
}
static u64 slda(u64 x, u32 n, u32 *cc)
{
    register u32 hi __asm__("r4") = (u32)(x >> 32);
    register u32 lo __asm__("r5") = (u32)x;
    u32 ccw;
    __asm__("slda %0,0(%3)\n\tipm %2" : "+d"(hi), "+d"(lo), "=d"(ccw) : "a"(n) : "cc");
    *cc = ccw >> 28 & 3;
    return (u64)hi << 32 | lo;
}
static u64 srda(u64 x, u32 n, u32 *cc)
{
    register u32 hi __asm__("r4") = (u32)(x >> 32);
    register u32 lo __asm__("r5") = (u32)x;
    u32 ccw;
    __asm__("srda %0,0(%3)\n\tipm %2" : "+d"(hi), "+d"(lo), "=d"(ccw) : "a"(n) : "cc");
    *cc = ccw >> 28 & 3;
    return (u64)hi << 32 | lo;
}
static u32 rll(u32 x, u32 n)
{
    u32 r;
    __asm__("rll %0,%1,0(%2)" : "=d"(r) : "d"(x), "a"(n));
    return r;
}

int main(void)
{
    u32 h = 0, ccs = 0;
    static const u32 xs[] = {0, 1, 0x40000000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xC0000001, 0x12345678, 0x3FFFFFFF};
    for (u32 i = 0; i < sizeof xs / sizeof xs[0]; i++)
        for (u32 n = 0; n < 70; n += 3) {
            u32 x = opaque(xs[i]), cc;
            u32 nn = opaque(n);
            h = h * 31 + (x << (nn & 31)) + (x >> (nn & 31)) + (u32)((s32)x >> (nn & 31));
            h ^= sla(x, nn, &cc);
            ccs = ccs * 4 + cc;
            u64 X = (u64)x << 32 | ~x;
            u64 y = slda(X, nn, &cc);
            ccs ^= cc << (n & 15);
            h += (u32)y ^ (u32)(y >> 32);
            y = srda(X, nn, &cc);
            ccs += cc;
            h ^= (u32)y + (u32)(y >> 32);
            h += rll(x, nn) ^ rll(x, nn + 64);
            if (nn < 64) {
                u64 a = shl64(X, nn), b = shr64(X, nn);
                s64 c = sar64((s64)X, nn);
                h += (u32)a ^ (u32)(a >> 32) ^ (u32)b ^ (u32)(b >> 32) ^ (u32)c ^ (u32)((u64)c >> 32);
            }
        }
    put(h);
    put(ccs);
    /* shift-based multiply/divide by constants */
    u32 g = 0;
    for (int k = 0; k < 300; k++) {
        u32 x = rnd();
        s32 sx = (s32)x;
        g = g * 7 + x / 10 + x / 3 + x % 7 + (u32)(sx / 16) + (u32)(sx % 8) + (u32)(sx / 5);
        g ^= x * 10 + x * 0x101;
    }
    put(g);
    diff_finish();
}
