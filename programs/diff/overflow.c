/* overflow.c: __builtin_*_overflow on 32 and 64 bits, signed and unsigned
 * (GCC uses the condition code of AR/SR/ALR/SLR and MR/MLR products),
 * saturating arithmetic, and abs/negation of the extreme values. */
#define RES_WORDS 64
#include "diff.h"

static const u32 vals[] = {0, 1, 2, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFE, 0x7FFFFFFF,
                           0x80000000, 0x80000001, 0xFFFFFFFE, 0xFFFFFFFF, 0x12345678, 0xC0000000, 46341};
#define NV (sizeof vals / sizeof vals[0])

static __attribute__((noinline)) s32 sat_add(s32 a, s32 b)
{
    s32 r;
    if (__builtin_add_overflow(a, b, &r))
        return a < 0 ? (s32)0x80000000 : 0x7FFFFFFF;
    return r;
}

static __attribute__((noinline)) u32 sat_uadd(u32 a, u32 b)
{
    u32 r;
    return __builtin_add_overflow(a, b, &r) ? 0xFFFFFFFFu : r;
}

static __attribute__((noinline)) s32 iabs(s32 a) { return a < 0 ? -a : a; }

int main(void)
{
    u32 h1 = 0, h2 = 0, h3 = 0, h4 = 0, cnt = 0;
    for (u32 i = 0; i < NV; i++)
        for (u32 j = 0; j < NV; j++) {
            u32 a = opaque(vals[i]), b = opaque(vals[j]);
            s32 sr;
            u32 ur;
            cnt += __builtin_add_overflow((s32)a, (s32)b, &sr);
            h1 = h1 * 33 + (u32)sr;
            cnt += __builtin_sub_overflow((s32)a, (s32)b, &sr) << 1;
            h1 ^= (u32)sr;
            cnt += __builtin_mul_overflow((s32)a, (s32)b, &sr) << 2;
            h2 = h2 * 33 + (u32)sr;
            cnt += __builtin_add_overflow(a, b, &ur) << 3;
            h2 ^= ur;
            cnt += __builtin_sub_overflow(a, b, &ur) << 4;
            h3 = h3 * 33 + ur;
            cnt += __builtin_mul_overflow(a, b, &ur) << 5;
            h3 ^= ur;
            h4 = h4 * 5 + (u32)sat_add((s32)a, (s32)b) + sat_uadd(a, b) + (u32)iabs((s32)a);
            s64 s64r;
            u64 u64r;
            u64 A = (u64)a << 31 | b, B = (u64)b << 33 | a;
            cnt += __builtin_add_overflow((s64)A, (s64)B, &s64r) << 6;
            cnt += __builtin_sub_overflow((s64)B, (s64)A, &s64r) << 7;
            h4 ^= (u32)s64r ^ (u32)((u64)s64r >> 32);
            cnt += __builtin_add_overflow(A, B << 1, &u64r) << 8;
            cnt += __builtin_sub_overflow(A, B, &u64r) << 9;
            h4 += (u32)u64r;
            cnt += __builtin_mul_overflow(a, b, &u64r) << 10;
        }
    put(h1);
    put(h2);
    put(h3);
    put(h4);
    put(cnt);
    /* a running 32-bit sum that checks for overflow each step */
    s32 sum = 0;
    u32 trips = 0;
    for (int k = 0; k < 500; k++) {
        s32 v = (s32)rnd() >> (rnd() & 7);
        if (__builtin_add_overflow(sum, v, &sum)) {
            trips++;
            sum >>= 1;
        }
    }
    put((u32)sum);
    put(trips);
    diff_finish();
}
