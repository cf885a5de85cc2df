/* bits.c: bit manipulation: clz/ctz/popcount/parity/ffs through libgcc
 * (__clzsi2, __ctzdi2, __popcountsi2, ...), byte swaps (LRVR, LRV, STRV,
 * STRVH, LRVH), rotates (RLL), bit reversal and masks. */
#define RES_WORDS 64
#include "diff.h"

static u32 buf32[64];
static u16 buf16[64];

static __attribute__((noinline)) u32 rotl(u32 x, u32 n) { return x << (n & 31) | x >> (-n & 31); }
static __attribute__((noinline)) u32 rotr(u32 x, u32 n) { return x >> (n & 31) | x << (-n & 31); }
static __attribute__((noinline)) u64 rotl64(u64 x, u32 n) { return x << (n & 63) | x >> (-n & 63); }

static u32 bitrev(u32 x)
{
    x = (x & 0x55555555u) << 1 | (x >> 1 & 0x55555555u);
    x = (x & 0x33333333u) << 2 | (x >> 2 & 0x33333333u);
    x = (x & 0x0F0F0F0Fu) << 4 | (x >> 4 & 0x0F0F0F0Fu);
    return __builtin_bswap32(x);
}

int main(void)
{
    u32 h = 0, g = 0;
    for (int k = 0; k < 400; k++) {
        u32 x = rnd() >> (rnd() & 31);
        u64 y = rnd64() >> (rnd() & 63);
        if (x) {
            h = h * 7 + (u32)__builtin_clz(x) + ((u32)__builtin_ctz(x) << 8);
        }
        if (y)
            h ^= (u32)__builtin_clzll(y) << 16 | (u32)__builtin_ctzll(y) << 24;
        h += (u32)__builtin_popcount(x) + (u32)__builtin_popcountll(y) * 3 + (u32)__builtin_parity(x) * 5 +
             (u32)__builtin_parityll(y) * 7 + (u32)__builtin_ffs((int)x) * 11 + (u32)__builtin_ffsll((s64)y) * 13;
        g = g * 31 + __builtin_bswap32(x) + __builtin_bswap16((u16)x);
        u64 sw = __builtin_bswap64(y);
        g ^= (u32)sw ^ (u32)(sw >> 32);
        g += rotl(x, (u32)k) ^ rotr(x, (u32)k * 3);
        u64 r64 = rotl64(y, (u32)k);
        g += (u32)r64 - (u32)(r64 >> 32);
        g ^= bitrev(x);
        /* isolate / clear lowest bit, masks */
        g += (x & -x) + (x & (x - 1)) + (x | (x + 1)) + (~x & (x + 1));
    }
    put(h);
    put(g);
    /* byte-swapped stores and loads through memory */
    for (u32 i = 0; i < 64; i++) {
        u32 v = rnd();
        buf32[i] = __builtin_bswap32(v);
        buf16[i] = __builtin_bswap16((u16)v);
    }
    u32 s = 0;
    for (u32 i = 0; i < 64; i++)
        s = s * 3 + __builtin_bswap32(buf32[opaque(i)]) + __builtin_bswap16(buf16[opaque(i)]);
    put(s);
    put(buf32[5]);
    put((u32)buf16[7] << 16 | buf16[8]);
    /* popcount table / bit counting loops */
    u32 tot = 0;
    for (u32 i = 0; i < 4096; i += 3)
        tot += (u32)__builtin_popcount(i * 2654435761u);
    put(tot);
    /* bitfield extraction/insertion */
    u32 word = opaque(0x13579BDF);
    for (u32 pos = 0; pos < 28; pos += 3) {
        u32 f = word >> pos & 0xF;
        word = (word & ~(0xFu << pos)) | ((f ^ 0xA) << pos);
    }
    put(word);
    diff_finish();
}
