/* vclock: reading and setting the clocks, directly and through EXECUTE,
 * for equivalence. Only comparisons and small rounded differences are
 * printed, never a clock's value, so bare and a correct CP print the same.
 *
 *  - SCK sets the TOD clock (condition code 0: STCK right after SCK(X)
 *    gives X plus the few microseconds between them, and later STCKs go
 *    on from there) or finds it secure (condition code 1, as under CP,
 *    which lets no user set it: the clock goes on unchanged, below X). The
 *    line says whether STCK agrees with the condition code, which a bare
 *    machine and CP give differently (docs/cp.md).
 *  - Two STCKs a few instructions apart differ by far less than 1 ms,
 *    and the second is the larger, whether either is the target of an
 *    EXECUTE or not; 2000 BRCTs between them take some 30 us (64
 *    instructions a microsecond on the bare machine; more under CP, never
 *    less than 10 us).
 *  - The CPU timer never goes up but by SPT: STPT after STPT (either
 *    through EXECUTE) gives a value no larger; SPT through EXECUTE then
 *    STPT gives at most the value set; SCK through EXECUTE then STCK gives
 *    the value set.
 */
#include "creasy.h"

#define US(n) ((u64)(n) << 12)

/* STCK's `got` right after SCK(set) gave condition code cc */
static const char *agrees(int cc, u64 got, u64 set)
{
    if (cc == 1)   /* secure: the clock went on unchanged, an hour below X */
        return got < set ? "AGREES WITH SCK'S CONDITION CODE" : "PAST X, THOUGH THE CLOCK WAS SECURE";
    if (cc != 0)
        return "SCK CONDITION CODE NEITHER 0 NOR 1";
    return got < set ? "BELOW X" : got - set < US(1000) ? "AGREES WITH SCK'S CONDITION CODE" : "1 MS OR MORE PAST X";
}

static u64 t[2] __attribute__((aligned(8)));
static u64 value __attribute__((aligned(8)));

/* a later minus an earlier TOD value */
static const char *tod_delta(u64 first, u64 second)
{
    if (second <= first)
        return "NOT INCREASING";
    return second - first < US(1000) ? "UNDER 1 MS, OK" : "1 MS OR MORE: JUMPED";
}

/* Two instructions: the first and second of (a, b), each direct or by
 * EXECUTE, its operand at R4 (t[0] then t[1]). */
#define PAIR(first, second)                                                      \
    __asm__ volatile("lr %%r4,%[tp]\n\t"                                         \
                     "larl %%r1,5f\n\t"                                          \
                     first "\n\t"                                                \
                     second "\n\t"                                               \
                     "j 7f\n"                                                    \
                     "5:\t" TARGET0 "\n\t" TARGET1 "\n"                          \
                     "7:"                                                        \
                     : "=m"(t)                                                   \
                     : [tp] "a"(t), "m"(value)                                   \
                     : "r1", "r4", "cc", "memory")

int main(void)
{
    static u64 ckc_max __attribute__((aligned(8))) = ~0ull;
    __asm__ volatile("sckc %0" : : "Q"(ckc_max));

#define TARGET0 "stck 0(%%r4)"
#define TARGET1 "stck 8(%%r4)"
    /* first: the clock as yet untouched by any EXECUTE */
    PAIR("stck 0(%%r4)", "ex %%r0,4(%%r1)");
    printf("STCK, EX STCK: %s", tod_delta(t[0], t[1]));
    /* some 30 us of instructions between two STCKs (bare: 64 a microsecond) */
    __asm__ volatile("stck 0(%[tp])\n\t"
                     "lhi %%r1,2000\n"
                     "0:\tbrct %%r1,0b\n\t"
                     "stck 8(%[tp])"
                     : "=m"(t)
                     : [tp] "a"(t)
                     : "r1", "cc", "memory");
    printf("STCK, 2000 BRCTS, STCK: %s", t[1] <= t[0] ? "NOT INCREASING"
                                        : t[1] - t[0] < US(10) ? "UNDER 10 US: THE CLOCK STOOD STILL"
                                        : t[1] - t[0] < US(1000) ? "10 US TO 1 MS, OK" : "1 MS OR MORE");
    PAIR("stck 0(%%r4)", "stck 8(%%r4)");
    printf("STCK, STCK: %s", tod_delta(t[0], t[1]));
    PAIR("ex %%r0,0(%%r1)", "ex %%r0,4(%%r1)");
    printf("EX STCK, EX STCK: %s", tod_delta(t[0], t[1]));
    PAIR("ex %%r0,0(%%r1)", "stck 8(%%r4)");
    printf("EX STCK, STCK: %s", tod_delta(t[0], t[1]));
#undef TARGET0
#undef TARGET1

    /* the CPU timer, from 1 s down */
    static u64 one_second __attribute__((aligned(8))) = US(1000000);
    __asm__ volatile("spt %0" : : "Q"(one_second));
#define TARGET0 "stpt 0(%%r4)"
#define TARGET1 "stpt 8(%%r4)"
    static const char *const how[] = {"STPT, STPT", "EX STPT, EX STPT", "STPT, EX STPT", "EX STPT, STPT"};
    for (int k = 0; k < 4; k++) {
        bool up = false, jumped = false;
        for (int n = 0; n < 100; n++) {
            switch (k) {
            case 0: PAIR("stpt 0(%%r4)", "stpt 8(%%r4)"); break;
            case 1: PAIR("ex %%r0,0(%%r1)", "ex %%r0,4(%%r1)"); break;
            case 2: PAIR("stpt 0(%%r4)", "ex %%r0,4(%%r1)"); break;
            default: PAIR("ex %%r0,0(%%r1)", "stpt 8(%%r4)"); break;
            }
            up |= (s64)t[1] > (s64)t[0];
            jumped |= (s64)t[0] - (s64)t[1] >= (s64)US(1000);
        }
        printf("%s: THE TIMER %s, %s", how[k], up ? "WENT UP WITHOUT SPT" : "NEVER WENT UP",
               jumped ? "DROPPED 1 MS OR MORE AT ONCE" : "NO DROP OF 1 MS");
    }
#undef TARGET0
#undef TARGET1

    /* SPT through EXECUTE, then STPT */
    value = US(1000000);
#define TARGET0 "spt 0(%%r5)"
#define TARGET1 "stpt 0(%%r4)"
    __asm__ volatile("lr %%r4,%[tp]\n\t"
                     "lr %%r5,%[vp]\n\t"
                     "larl %%r1,5f\n\t"
                     "ex %%r0,0(%%r1)\n\t"
                     "stpt 0(%%r4)\n\t"
                     "j 7f\n"
                     "5:\t" TARGET0 "\n"
                     "7:"
                     : "=m"(t)
                     : [tp] "a"(t), [vp] "a"(&value), "m"(value)
                     : "r1", "r4", "r5", "cc", "memory");
    printf("EX SPT(1 S), STPT: %s", (s64)t[0] > (s64)value ? "ABOVE THE VALUE SET"
                                    : (s64)value - (s64)t[0] < (s64)US(1000) ? "UNDER 1 MS BELOW IT, OK"
                                                                             : "1 MS OR MORE BELOW IT");
#undef TARGET0
#undef TARGET1

    /* SCK: directly, then through EXECUTE, to an hour ahead */
    static u64 set __attribute__((aligned(8)));
    set = stck() + US(3600ull * 1000000);
    int cc;
    __asm__ volatile("sck %2\n\tipm %1\n\tsrl %1,28\n\tstck %0" : "=Q"(t[0]), "=d"(cc) : "Q"(set) : "cc", "memory");
    u64 now = stck();   /* before the line goes out: how long a line takes is no part of it (bt mode's is longer) */
    printf("SCK(X), STCK: %s", agrees(cc, t[0], set));
    printf("STCK LATER: %s", tod_delta(t[0], now));
    set = stck() + US(3600ull * 1000000);
    value = set;
#define TARGET0 "sck 0(%%r5)"
    __asm__ volatile("lr %%r5,%[vp]\n\t"
                     "larl %%r1,5f\n\t"
                     "ex %%r0,0(%%r1)\n\t"
                     "ipm %1\n\t"
                     "srl %1,28\n\t"
                     "stck %0\n\t"
                     "j 7f\n"
                     "5:\t" TARGET0 "\n"
                     "7:"
                     : "=Q"(t[0]), "=d"(cc)
                     : [vp] "a"(&value), "m"(value)
                     : "r1", "r5", "cc", "memory");
#undef TARGET0
    printf("EX SCK(X), STCK: %s", agrees(cc, t[0], set));
    return 0;
}
