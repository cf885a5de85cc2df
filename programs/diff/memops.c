/* memops.c: memcpy/memset/memcmp/memmove with variable lengths and
 * offsets. GCC expands the builtins into MVC/XC/CLC loops with an EX for
 * the remainder; the library versions use byte loops. */
#define RES_WORDS 128
#include "diff.h"

static u8 src[1200], dst[1200], ref[1200];
static u8 bigsrc[9000], bigdst[9000];

/* MVCLE and CLCLE loops (CC 3 when a CPU-determined amount is done) */
static u32 mvcle(u8 *d, u32 dl, const u8 *s, u32 sl, u32 pad)
{
    register u8 *r2 __asm__("r2") = d;
    register u32 r3 __asm__("r3") = dl;
    register const u8 *r4 __asm__("r4") = s;
    register u32 r5 __asm__("r5") = sl;
    u32 n = 0;
    __asm__ volatile("0: ahi %4,1\n\tmvcle %0,%2,0(%5)\n\tjo 0b"
                     : "+d"(r2), "+d"(r3), "+d"(r4), "+d"(r5), "+d"(n)
                     : "a"(pad)
                     : "cc", "memory");
    return n; /* executions */
}
static u32 clcle(const u8 *a, u32 al, const u8 *b, u32 bl, u32 pad, u32 *rest)
{
    register const u8 *r2 __asm__("r2") = a;
    register u32 r3 __asm__("r3") = al;
    register const u8 *r4 __asm__("r4") = b;
    register u32 r5 __asm__("r5") = bl;
    u32 cc;
    __asm__ volatile("0: clcle %1,%3,0(%6)\n\tjo 0b\n\tipm %0\n\tsrl %0,28"
                     : "=d"(cc), "+d"(r2), "+d"(r3), "+d"(r4), "+d"(r5)
                     : "0"(0), "a"(pad)
                     : "cc", "memory");
    *rest = r3 << 16 ^ r5;
    return cc;
}

static __attribute__((noinline)) void bcopy_(u8 *d, const u8 *s, u32 n) { __builtin_memcpy(d, s, n); }
static __attribute__((noinline)) void bzero_(u8 *d, u32 n) { __builtin_memset(d, 0, n); }
static __attribute__((noinline)) void bfill(u8 *d, int c, u32 n) { __builtin_memset(d, c, n); }
static __attribute__((noinline)) int bcmp_(const u8 *a, const u8 *b, u32 n) { return __builtin_memcmp(a, b, n); }

static u32 hash(const u8 *p, u32 n)
{
    u32 h = 0x811C9DC5u;
    while (n--)
        h = (h ^ *p++) * 16777619u;
    return h;
}

int main(void)
{
    for (u32 i = 0; i < sizeof src; i++)
        src[i] = (u8)(rnd() >> 24);
    u32 h = 0;
    static const u32 lens[] = {0, 1, 2, 3, 7, 8, 15, 16, 17, 100, 255, 256, 257, 511, 512, 513, 700, 1000};
    for (u32 li = 0; li < sizeof lens / sizeof lens[0]; li++)
        for (u32 off = 0; off < 5; off++) {
            u32 n = opaque(lens[li]);
            bcopy_(dst + off, src + 3 * off, n);
            h = h * 17 + hash(dst, sizeof dst);
            bfill(dst + 2 * off, (int)(0x41 + off + li), n);
            h ^= hash(dst, sizeof dst);
            bzero_(dst + off + 1, n / 2);
            h += hash(dst, sizeof dst);
            memcpy(ref, dst, sizeof ref);
            h ^= (u32)bcmp_(ref, dst, n) * 3;
            ref[n / 2] ^= (u8)(1u << (off & 7));
            int c1 = bcmp_(ref, dst, n);
            int c2 = bcmp_(dst, ref, n);
            int c3 = memcmp(ref, dst, n);
            h += (u32)(c1 < 0 ? 1 : c1 > 0 ? 2 : 0) * 5 + (u32)(c2 < 0 ? 1 : c2 > 0 ? 2 : 0) * 7 +
                 (u32)(c3 < 0 ? 1 : c3 > 0 ? 2 : 0) * 11;
        }
    put(h);
    put(hash(dst, sizeof dst));
    /* overlapping moves: memmove both ways and MVC's byte-propagation */
    memcpy(dst, src, sizeof dst);
    memmove(dst + 10, dst, 300);
    memmove(dst + 400, dst + 450, 300);
    put(hash(dst, sizeof dst));
    dst[0] = 0x5A;
    __asm__ volatile("mvc 1(255,%0),0(%0)" : : "a"(dst) : "memory");
    put(hash(dst, 256));
    /* MVCLE/CLCLE over several pages, with and without padding */
    for (u32 i = 0; i < sizeof bigsrc; i++)
        bigsrc[i] = (u8)(i * 13 + (i >> 8));
    u32 ex = 0, rest = 0, ccs = 0;
    ex += mvcle(bigdst, opaque(8000), bigsrc + 5, 8000, 0x40);
    put(hash(bigdst, sizeof bigdst));
    ex = ex * 16 + mvcle(bigdst + 3, opaque(8500), bigsrc, 6000, 0x5C);
    put(hash(bigdst, sizeof bigdst));
    ex = ex * 16 + mvcle(bigdst + 1, opaque(5000), bigsrc, 0, 0xEE);
    put(hash(bigdst, sizeof bigdst));
    (void)ex; /* the number of executions is CPU-determined: not compared (see randgen's mvcle-amount) */
    memcpy(bigdst, bigsrc, sizeof bigdst);
    ccs = clcle(bigdst, 9000, bigsrc, 9000, 0, &rest);
    put(ccs << 28 ^ rest);
    bigdst[opaque(7777)] ^= 1;
    ccs = clcle(bigdst, 9000, bigsrc, 9000, 0, &rest);
    put(ccs << 28 ^ rest);
    ccs = clcle(bigsrc, 9000, bigsrc, 4000, bigsrc[4000], &rest);
    put(ccs << 28 ^ rest);
    /* structure copies and clears by assignment */
    struct big { u32 w[37]; u8 tail[13]; } a, b;
    for (u32 i = 0; i < 37; i++)
        a.w[i] = rnd();
    for (u32 i = 0; i < 13; i++)
        a.tail[i] = (u8)i;
    b = a;
    b.w[opaque(3)] ^= 1;
    put(hash((u8 *)&b, sizeof b));
    put((u32)bcmp_((u8 *)&a, (u8 *)&b, sizeof a) + 10);
    struct big z = {0};
    z.tail[opaque(5)] = 9;
    put(hash((u8 *)&z, sizeof z));
    diff_finish();
}
