/* bignum.c: multi-precision arithmetic on 32-bit limbs: add/sub with
 * carry chains (ALCR/SLBR), schoolbook multiply (MLR), division by a
 * word (DLR), 100! and 2^521-1 in decimal, and Montgomery-free modular
 * exponentiation with 64-bit products. */
#define RES_WORDS 128
#include "diff.h"

#define L 40
typedef u32 big[L]; /* little-endian limbs */

static void badd(u32 *r, const u32 *a, const u32 *b)
{
    u32 c = 0;
    for (int i = 0; i < L; i++) {
        u64 s = (u64)a[i] + b[i] + c;
        r[i] = (u32)s;
        c = (u32)(s >> 32);
    }
}
static u32 bsub(u32 *r, const u32 *a, const u32 *b)
{
    u32 br = 0;
    for (int i = 0; i < L; i++) {
        u64 d = (u64)a[i] - b[i] - br;
        r[i] = (u32)d;
        br = (u32)(d >> 63);
    }
    return br;
}
static void bmul_word(u32 *r, const u32 *a, u32 w)
{
    u32 c = 0;
    for (int i = 0; i < L; i++) {
        u64 p = (u64)a[i] * w + c;
        r[i] = (u32)p;
        c = (u32)(p >> 32);
    }
}
static u32 bdiv_word(u32 *r, const u32 *a, u32 w)
{
    u64 rem = 0;
    for (int i = L - 1; i >= 0; i--) {
        u64 cur = rem << 32 | a[i];
        /* DLR on an even/odd pair: 64/32 with quotient < 2^32 because rem < w */
        __asm__("dlr %0,%1" : "+d"(cur) : "d"(w));
        u32 q = (u32)cur, rr = (u32)(cur >> 32);
        r[i] = q;
        rem = rr;
    }
    return (u32)rem;
}
static void bmul(u32 *r, const u32 *a, const u32 *b)
{
    u32 t[2 * L] = {0};
    for (int i = 0; i < L / 2; i++) {
        u32 c = 0;
        for (int j = 0; j < L / 2; j++) {
            u64 p = (u64)a[i] * b[j] + t[i + j] + c;
            t[i + j] = (u32)p;
            c = (u32)(p >> 32);
        }
        t[i + L / 2] = c;
    }
    for (int i = 0; i < L; i++)
        r[i] = t[i];
}
static int biszero(const u32 *a)
{
    for (int i = 0; i < L; i++)
        if (a[i])
            return 0;
    return 1;
}
static u32 bhash(const u32 *a)
{
    u32 h = 0;
    for (int i = 0; i < L; i++)
        h = h * 1000003u ^ a[i];
    return h;
}
/* decimal digits, folded into a hash, most significant first */
static u32 decimal_hash(const u32 *a, u32 *ndig)
{
    big t;
    u8 dig[400];
    u32 n = 0;
    for (int i = 0; i < L; i++)
        t[i] = a[i];
    while (!biszero(t) && n < sizeof dig)
        dig[n++] = (u8)bdiv_word(t, t, 10);
    u32 h = 0;
    while (n)
        h = h * 10 + dig[--n], (*ndig)++;
    return h;
}

static u64 mulmod(u64 a, u64 b, u64 m)
{
    u64 r = 0;
    a %= m;
    while (b) {
        if (b & 1) {
            r += a;
            if (r >= m || r < a)
                r -= m;
        }
        u64 a2 = a + a;
        a = (a2 >= m || a2 < a) ? a2 - m : a2;
        b >>= 1;
    }
    return r;
}
static u64 powmod(u64 b, u64 e, u64 m)
{
    u64 r = 1;
    while (e) {
        if (e & 1)
            r = mulmod(r, b, m);
        b = mulmod(b, b, m);
        e >>= 1;
    }
    return r;
}

int main(void)
{
    big f = {1}, t;
    for (u32 k = 2; k <= 100; k++)
        bmul_word(f, f, opaque(k));
    put(bhash(f));
    u32 nd = 0;
    put(decimal_hash(f, &nd));
    put(nd);
    /* 2^521 - 1 */
    big m = {0}, one = {1};
    m[521 / 32] = 1u << (521 % 32);
    u32 br = bsub(m, m, one);
    put(br);
    put(bhash(m));
    nd = 0;
    put(decimal_hash(m, &nd));
    put(nd);
    /* add/sub round trip and overflow */
    big a, b, c;
    for (int i = 0; i < L; i++)
        a[i] = rnd(), b[i] = rnd();
    badd(c, a, b);
    put(bhash(c));
    put(bsub(t, c, b));
    put(bhash(t) == bhash(a));
    put(bsub(t, b, c));
    bmul(c, a, b);
    put(bhash(c));
    put(bdiv_word(c, c, 0xFFFFFFFB));
    put(bhash(c));
    /* Miller-Rabin-ish: Fermat tests of a few 64-bit numbers */
    static const u64 cand[] = {0xFFFFFFFFFFFFFFC5ull, 0xFFFFFFFFFFFFFFC3ull, 1000000007ull * 998244353ull,
                               0x7FFFFFFFFFFFFFFFull, 2305843009213693951ull};
    u32 bits = 0;
    for (u32 i = 0; i < sizeof cand / sizeof cand[0]; i++)
        bits = bits << 1 | (powmod(2, cand[i] - 1, cand[i]) == 1);
    put(bits);
    put64(powmod(rnd64(), rnd64(), 0xFFFFFFFFFFFFFFC5ull));
    diff_finish();
}
