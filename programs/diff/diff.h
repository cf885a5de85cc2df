/* diff.h: shared by the differential-test programs (programs/diff/NAME.c).
 *
 * Each program appends its results to the global word array `res` (the
 * runner, tests/diff/run.sh, dumps every global whose name starts with
 * "res" on both creasy and Hercules and compares them), then ends with
 * diff_finish(), which also leaves the first ten result words in R2..R11
 * and loads the pass wait (0000600D).
 *
 * No clock reads (STCK values differ between machines) and no signed
 * division of the most negative number by -1 (it crashes Hercules). */
#ifndef DIFF_H
#define DIFF_H
#include "creasy.h"

#ifndef RES_WORDS
#define RES_WORDS 256
#endif

u32 res[RES_WORDS] __attribute__((aligned(8)));
static u32 nres;

static inline void put(u32 v)
{
    res[nres % RES_WORDS] = v;
    nres++;
}

static inline void put64(u64 v)
{
    put((u32)(v >> 32));
    put((u32)v);
}

/* A small reproducible generator for inputs. */
static u32 rng_state = 0x2545F491u;
static inline u32 rnd(void)
{
    u32 x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return rng_state = x;
}
static inline u64 rnd64(void)
{
    u64 h = rnd();
    return h << 32 | rnd();
}

static inline u64 opaque64(u64 x)
{
    __asm__ volatile("" : "+d"(x));
    return x;
}

/* Fold everything so far into one word (also left in R12 by the caller). */
static inline u32 res_fold(void)
{
    u32 h = 0x811C9DC5u;
    for (u32 i = 0; i < RES_WORDS; i++)
        h = (h ^ res[i]) * 16777619u;
    return h;
}

static inline __attribute__((noreturn)) void diff_finish(void)
{
    static const struct psw done = {0x000A0000u, 0x80000000u | WAIT_PASS};
    register u32 r2 __asm__("r2") = res[0];
    register u32 r3 __asm__("r3") = res[1];
    register u32 r4 __asm__("r4") = res[2];
    register u32 r5 __asm__("r5") = res[3];
    register u32 r6 __asm__("r6") = res[4];
    register u32 r7 __asm__("r7") = res[5];
    register u32 r8 __asm__("r8") = res[6];
    register u32 r9 __asm__("r9") = res[7];
    register u32 r10 __asm__("r10") = res[8];
    register u32 r11 __asm__("r11") = res_fold();
    register u32 r12 __asm__("r12") = nres;
    __asm__ volatile("lpsw %0"
                     :
                     : "Q"(done), "d"(r2), "d"(r3), "d"(r4), "d"(r5), "d"(r6), "d"(r7), "d"(r8),
                       "d"(r9), "d"(r10), "d"(r11), "d"(r12)
                     : "memory");
    __builtin_unreachable();
}

#endif
