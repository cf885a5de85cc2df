/* arith64.c: 32- and 64-bit integer arithmetic as compiled code does it:
 * ALCR/SLBR carries, MR/MLR/DR/DLR, and the libgcc 64-bit division
 * helpers (__udivdi3, __umoddi3, __divdi3, __moddi3), signed and unsigned
 * 64-bit compares. */
#include "diff.h"

static const u64 special[] = {
    0, 1, 2, 3, 7, 0xFF, 0x7FFFFFFFull, 0x80000000ull, 0xFFFFFFFFull, 0x100000000ull,
    0x123456789ABCDEFull, 0x7FFFFFFFFFFFFFFFull, 0x8000000000000001ull, 0xFFFFFFFFFFFFFFFFull,
    0xFFFFFFFF00000000ull, 1000000007ull, 0xDEADBEEFCAFEBABEull,
};
#define NSPEC (sizeof special / sizeof special[0])

static __attribute__((noinline)) u64 udiv(u64 a, u64 b) { return a / b; }
static __attribute__((noinline)) u64 umod(u64 a, u64 b) { return a % b; }
static __attribute__((noinline)) s64 sdiv(s64 a, s64 b) { return a / b; }
static __attribute__((noinline)) s64 smod(s64 a, s64 b) { return a % b; }
static __attribute__((noinline)) u32 udiv32(u32 a, u32 b) { return a / b; }
static __attribute__((noinline)) s32 sdiv32(s32 a, s32 b) { return a / b; }
static __attribute__((noinline)) s32 smod32(s32 a, s32 b) { return a % b; }

static u32 cmp64(u64 a, u64 b)
{
    s64 sa = (s64)a, sb = (s64)b;
    return (a < b) | (a <= b) << 1 | (a > b) << 2 | (a == b) << 3 | (sa < sb) << 4 | (sa <= sb) << 5 |
           (sa > sb) << 6 | (sa >= sb) << 7;
}

int main(void)
{
    u64 acc = 0;
    u32 flags = 0;
    for (u32 i = 0; i < NSPEC; i++)
        for (u32 j = 0; j < NSPEC; j++) {
            u64 a = opaque64(special[i]), b = opaque64(special[j]);
            acc = acc * 31 + (a + b);
            acc ^= a - b;
            acc += a * b;
            flags = flags * 3 + cmp64(a, b);
            if (b) {
                acc ^= udiv(a, b);
                acc += umod(a, b);
                if (!((s64)a == (s64)0x8000000000000000ull && (s64)b == -1)) {
                    acc ^= (u64)sdiv((s64)a, (s64)b) << 1;
                    acc += (u64)smod((s64)a, (s64)b);
                }
            }
        }
    put64(acc);
    put(flags);

    /* random operands */
    u64 h = 0;
    for (int k = 0; k < 300; k++) {
        u64 a = rnd64(), b = rnd64() >> (rnd() & 63);
        u32 x = rnd(), y = rnd() >> (rnd() & 31);
        h = h * 0x100000001B3ull + a * b;
        if (b)
            h ^= udiv(a, b) + umod(a, b) + (u64)sdiv((s64)a, (s64)b) + (u64)smod((s64)a, (s64)b);
        if (y) {
            h += udiv32(x, y);
            h ^= (u64)(x % y) << 17;
            if (!(x == 0x80000000u && y == 0xFFFFFFFFu))
                h += (u64)(u32)sdiv32((s32)x, (s32)y) ^ (u64)(u32)smod32((s32)x, (s32)y) << 32;
        }
        h += (u64)x * y;                        /* MLR */
        h ^= (u64)((s64)(s32)x * (s32)y);       /* MR */
        h += (u64)(x * y);                      /* MSR */
        h += (u64)(s32)x * 12345;
        h ^= (u64)((s32)x >> (y & 31));
        h += cmp64(a, b) + cmp64(b, a) + cmp64(a, a);
    }
    put64(h);

    /* 64-bit add/sub chains with carries (ALCR/SLBR) */
    u64 s = 0, d = ~0ull;
    for (int k = 0; k < 200; k++) {
        u64 v = rnd64();
        s += v;
        d -= v;
        s += s < v;
        d ^= s;
    }
    put64(s);
    put64(d);

    /* factorial mod prime, Fibonacci mod 2^64, power */
    u64 f = 1;
    for (u64 n = 1; n <= 60; n++)
        f = umod(f * n, 1000000007ull);
    put64(f);
    u64 fa = 0, fb = 1;
    for (int n = 0; n < 90; n++) {
        u64 t = fa + fb;
        fa = fb;
        fb = t;
    }
    put64(fa);
    u64 base = opaque64(3), e = opaque64(0x123456789ull), r = 1, m = 0xFFFFFFFBull;
    while (e) {
        if (e & 1)
            r = umod(r * base, m);
        base = umod(base * base, m);
        e >>= 1;
    }
    put64(r);
    /* signed 32-bit remainders and divisions with mixed signs */
    s32 q = 0;
    for (s32 a = -50; a <= 50; a += 7)
        for (s32 b = -9; b <= 9; b += 2)
            q = q * 7 + sdiv32((s32)opaque((u32)a * 1000003u), b) + smod32(a, b);
    put((u32)q);
    diff_finish();
}
