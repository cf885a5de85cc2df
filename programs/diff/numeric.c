/* numeric.c: number crunching: sieve of Eratosthenes, gcd/lcm, integer
 * square root, matrix multiply, Collatz lengths, fixed-point math,
 * dynamic programming (edit distance, knapsack, LCS). */
#define RES_WORDS 64
#include "diff.h"

static u8 sieve[20000];
static s32 ma[8][8], mb[8][8], mc[8][8];

static u32 gcd(u32 a, u32 b)
{
    while (b) {
        u32 t = a % b;
        a = b;
        b = t;
    }
    return a;
}
static u32 isqrt(u32 n)
{
    u32 x = n, y = (x + 1) / 2;
    if (n < 2)
        return n;
    while (y < x) {
        x = y;
        y = (x + n / x) / 2;
    }
    return x;
}
static u64 isqrt64(u64 n)
{
    u64 r = 0, bit = 1ull << 62;
    while (bit > n)
        bit >>= 2;
    while (bit) {
        if (n >= r + bit) {
            n -= r + bit;
            r = (r >> 1) + bit;
        } else
            r >>= 1;
        bit >>= 2;
    }
    return r;
}
static u32 edit(const char *a, const char *b)
{
    u32 d[32][32];
    u32 la = 0, lb = 0;
    while (a[la])
        la++;
    while (b[lb])
        lb++;
    for (u32 i = 0; i <= la; i++)
        d[i][0] = i;
    for (u32 j = 0; j <= lb; j++)
        d[0][j] = j;
    for (u32 i = 1; i <= la; i++)
        for (u32 j = 1; j <= lb; j++) {
            u32 c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < c)
                c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c)
                c = d[i][j - 1] + 1;
            d[i][j] = c;
        }
    return d[la][lb];
}
static s32 fx_mul(s32 a, s32 b) { return (s32)(((s64)a * b) >> 16); }
static s32 fx_div(s32 a, s32 b) { return (s32)(((s64)a << 16) / b); }

int main(void)
{
    u32 n = opaque(sizeof sieve), count = 0, last = 0;
    for (u32 i = 2; i < n; i++)
        sieve[i] = 1;
    for (u32 i = 2; i * i < n; i++)
        if (sieve[i])
            for (u32 j = i * i; j < n; j += i)
                sieve[j] = 0;
    for (u32 i = 0; i < n; i++)
        if (sieve[i])
            count++, last = i;
    put(count);
    put(last);
    u32 g = 0;
    for (int k = 0; k < 200; k++) {
        u32 a = rnd() >> 8, b = rnd() >> 12;
        u32 d = gcd(a, b);
        g = g * 3 + d + (d ? (a / d) * 3 : 0);
    }
    put(g);
    u32 s = 0;
    for (int k = 0; k < 200; k++) {
        u32 v = rnd() >> (rnd() & 15);
        u32 r = isqrt(v);
        s = s * 5 + r + (r * r <= v) + ((r + 1) * (r + 1) > v);
        u64 w = rnd64() >> (rnd() & 31);
        s ^= (u32)isqrt64(w);
    }
    put(s);
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++)
            ma[i][j] = (s32)(rnd() % 200) - 100, mb[i][j] = (s32)(rnd() % 200) - 100;
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++) {
            s32 acc = 0;
            for (int k = 0; k < 8; k++)
                acc += ma[i][k] * mb[k][j];
            mc[i][j] = acc;
        }
    u32 mh = 0;
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++)
            mh = mh * 17 + (u32)mc[i][j];
    put(mh);
    u32 best = 0, bestn = 0;
    for (u32 start = 1; start < 3000; start++) {
        u64 x = start;
        u32 len = 0;
        while (x != 1) {
            x = (x & 1) ? 3 * x + 1 : x >> 1;
            len++;
        }
        if (len > best)
            best = len, bestn = start;
    }
    put(best << 16 | bestn);
    s32 fx = 0x00010000, acc = 0;
    for (int k = 1; k < 50; k++) {
        fx = fx_mul(fx, 0x00011000) + fx_div(0x00008000, (s32)k << 16);
        acc ^= fx;
    }
    put((u32)acc);
    put(edit("kitten sitting", "sitting kitten") << 16 | edit("intention", "execution"));
    /* 0/1 knapsack */
    u32 wt[20], val[20], dp[101] = {0};
    for (int i = 0; i < 20; i++)
        wt[i] = rnd() % 30 + 1, val[i] = rnd() % 100;
    for (int i = 0; i < 20; i++)
        for (int c = 100; c >= (int)wt[i]; c--)
            if (dp[c - wt[i]] + val[i] > dp[c])
                dp[c] = dp[c - wt[i]] + val[i];
    put(dp[100]);
    diff_finish();
}
