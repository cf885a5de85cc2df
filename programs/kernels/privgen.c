/* privgen: generated privileged-instruction programs, for equivalence.
 *
 * A "guest kernel" that runs, for each of a fixed list of seeds, a
 * program of privileged instructions drawn by a pseudo-random generator
 * from that seed: the system mask (SSM, STNSM, STOSM, and through
 * EXECUTE), LPSW with a chosen condition code, control registers (LCTL,
 * STCTL), the PSW key (SPKA, IPK), storage keys (SSKE, ISKE, RRBE,
 * TPROT), LRA through its own tables, the clock comparator and CPU timer,
 * TIO, and privileged instructions issued in its own problem state. Each
 * operation's guest-visible outcome (values stored, condition codes, the
 * program interruptions taken, with their codes and lengths) is folded
 * into the seed's checksum, printed one line per seed.
 *
 * On the bare machine each instruction just runs; under CP each traps
 * and is simulated against the virtual machine. Popek and Goldberg's
 * equivalence says the lines must be the same (tests/cp/kernels.sh).
 * What differs by design is left out: STIDP (CP's version code is FF),
 * the TOD clock and the CPU timer's exact value, DIAGNOSE.
 *
 * R2 (main's argument) non-zero: also print each operation, to find
 * where two runs part.
 */
#include "creasy.h"

#define OPS_PER_SEED 400
#define SCRATCH 0x80000u        /* a page for the storage-key operations */
#define STO 0x60000u            /* segment table for LRA: 16 entries */
#define PTO 0x61000u            /* page tables: 16 segments x 256 pages */

/* what the program-interruption handler saw last */
volatile u32 pgm_count, pgm_code, pgm_ilc;
static u32 verbose;
static u32 sum;

/* The program-interruption handler: note the code and the instruction
 * length, and go on after the instruction in supervisor state, key 0,
 * disabled, with the old condition code and program mask (every
 * exception provoked here suppresses or completes: the old PSW is past
 * the instruction). */
__asm__(".section .text\n"
        "pgm_handler:\n"
        "    stm   %r0,%r15,0x200(%r0)\n"
        "    larl  %r1,pgm_code\n"
        "    lh    %r2,0x8e(%r0)\n"
        "    st    %r2,0(%r1)\n"
        "    larl  %r1,pgm_ilc\n"
        "    sr    %r2,%r2\n"
        "    ic    %r2,0x8d(%r0)\n"
        "    st    %r2,0(%r1)\n"
        "    larl  %r1,pgm_count\n"
        "    l     %r2,0(%r1)\n"
        "    ahi   %r2,1\n"
        "    st    %r2,0(%r1)\n"
        "    l     %r2,0x28(%r0)\n"
        "    larl  %r3,1f\n"
        "    n     %r2,0(%r3)\n"
        "    o     %r2,4(%r3)\n"
        "    st    %r2,0x28(%r0)\n"
        "    lm    %r0,%r15,0x200(%r0)\n"
        "    lpsw  0x28(%r0)\n"
        "    .align 4\n"
        "1:  .long 0x00003F00, 0x00080000\n");
extern char pgm_handler[];

static const u32 amode31 = 0x80000000u;
static u32 rng;
static u32 next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static void fold(u32 x) { sum = (sum ^ x) * 0x01000193u; }

/* The outcome of one operation: its values, then the interruption it took. */
static void outcome(const char *what, u32 a, u32 b)
{
    fold(a);
    fold(b);
    fold(pgm_code);
    fold(pgm_ilc);
    if (verbose)
        printf("  %s %08X %08X pgm %04X ilc %u\n", what, a, b, pgm_code, pgm_ilc);
    pgm_code = pgm_ilc = 0;
}

static u32 system_mask(void)
{
    u8 m;
    __asm__ volatile("stnsm %0,0xFF" : "=Q"(m) : : "memory");
    return m;
}

static u32 cc_of_ipm(u32 ipm) { return (ipm >> 28) & 3; }

/* masks to try: valid ones, and with PER (not provided) or bit 0 set */
static const u8 masks[] = {0x00, 0x01, 0x02, 0x03, 0x00, 0x03, 0x40, 0x80};

static const u8 mask_off;

static void op_ssm(void)
{
    static u8 m;
    m = masks[next() % 8];
    __asm__ volatile("ssm %0" : : "Q"(m) : "memory");
    u32 now = system_mask();
    __asm__ volatile("ssm %0" : : "Q"(mask_off) : "memory");
    outcome("SSM", m, now);
}

/* STNSM and STOSM, with a constant immediate, or any through EXECUTE
 * (which ORs R1's low byte into the immediate field) */
static void op_stnsm_stosm(void)
{
    static u8 before;
    u32 imm = masks[next() % 8];
    before = 0xEE;
    switch (next() % 4) {
    case 0:
        __asm__ volatile("stnsm %0,0x01" : "=Q"(before) : : "memory");
        imm = 0x101;
        break;
    case 1:
        __asm__ volatile("stosm %0,0x03" : "=Q"(before) : : "memory");
        imm = 0x203;
        break;
    case 2:
        __asm__ volatile("larl %%r1,2f\n\t"
                         "ex %1,0(%%r1)\n\t"
                         "j 1f\n"
                         "2:\tstosm %0,0\n"
                         "1:"
                         : "=Q"(before) : "a"(imm) : "r1", "memory");
        break;
    default:
        __asm__ volatile("larl %%r1,2f\n\t"
                         "ex %1,0(%%r1)\n\t"
                         "j 1f\n"
                         "2:\tstnsm %0,0\n"
                         "1:"
                         : "=Q"(before) : "a"(imm) : "r1", "memory");
        imm |= 0x300;
        break;
    }
    outcome("STxSM", before | imm << 8, system_mask());
    __asm__ volatile("ssm %0" : : "Q"(mask_off) : "memory");
}

static void op_lpsw_cc(void)
{
    static struct psw p;
    u32 cc = next() % 4, ipm;
    p.w0 = 0x00080000u | cc << PSW0_CC_SHIFT;
    __asm__ volatile("larl %%r1,1f\n\t"
                     "o %%r1,%3\n\t"
                     "st %%r1,%1\n\t"
                     "lpsw %2\n"
                     "1:\tipm %0"
                     : "=d"(ipm), "=Q"(p.w1) : "Q"(p), "Q"(amode31) : "r1", "cc", "memory");
    outcome("LPSW", cc, cc_of_ipm(ipm));
}

static void op_control(void)
{
    static u32 in[11], out[11];
    for (int i = 0; i < 11; i++)
        in[i] = next();
    __asm__ volatile("lctl 3,13,%0" : : "Q"(in) : "memory");
    __asm__ volatile("stctl 3,13,%0" : "=Q"(out) : : "memory");
    u32 h = 0;
    for (int i = 0; i < 11; i++)
        h = h * 31 + out[i];
    u32 cr0 = stctl(0);
    if (next() % 4 == 0) {   /* SSM suppression: the special-operation exception */
        lctl(0, cr0 | CR0_SSM_SUPPRESS);
        __asm__ volatile("ssm %0" : : "Q"(mask_off) : "memory");
        lctl(0, cr0);
    }
    outcome("LCTL", h, cr0);
}

static void op_key(void)
{
    u32 key = next() % 16, got;
    __asm__ volatile("spka 0(%1)\n\t"
                     "ipk\n\t"
                     "lr %0,%%r2\n\t"
                     "spka 0"
                     : "=d"(got) : "a"(key << 4) : "r2", "memory");
    outcome("SPKA", key, got & 0xFF);
}

static void op_storage_key(void)
{
    u32 k = next() & 0xFE, r = 0, cc = 0;
    __asm__ volatile("sske %0,%1" : : "d"(k), "a"(SCRATCH) : "memory");
    __asm__ volatile("iske %0,%1" : "=d"(r) : "a"(SCRATCH), "0"(0));
    u32 what = next() % 3;
    if (what == 0) {
        __asm__ volatile("rrbe 0,%1\n\tipm %0" : "=d"(cc) : "a"(SCRATCH) : "cc");
        __asm__ volatile("iske %0,%1" : "=d"(r) : "a"(SCRATCH), "0"(r));
    } else {
        u32 key = next() % 16;
        __asm__ volatile("tprot 0(%1),0(%2)\n\tipm %0" : "=d"(cc) : "a"(SCRATCH + 0x10), "a"(key << 4) : "cc");
    }
    outcome(what == 0 ? "RRBE" : "TPROT", k << 8 | (r & 0xFF), cc_of_ipm(cc));
    __asm__ volatile("sske %0,%1" : : "d"(0), "a"(SCRATCH) : "memory");
}

static void build_tables(void)
{
    u32 *st = (u32 *)STO;
    for (u32 s = 0; s < 16; s++) {
        st[s] = (PTO + s * 1024) | 0xF;
        u32 *pt = (u32 *)(PTO + s * 1024);
        for (u32 p = 0; p < 256; p++)
            pt[p] = (next() % 8 == 0 ? PTE_INVALID : 0) | (next() % 2048) << 12;
    }
    st[next() % 16] |= STE_INVALID;
    lctl(1, STO | 0);
    lctl(0, stctl(0) | CR0_TRANS_FORMAT_VALUE);
}

static void op_lra(void)
{
    u32 va = next() & 0x00FFFFFF, ra = 0, ipm;
    __asm__ volatile("lra %0,0(%2)\n\tipm %1" : "=d"(ra), "=d"(ipm) : "a"(va) : "cc");
    u32 cc = cc_of_ipm(ipm);
    outcome("LRA", va, cc << 28 | (cc == 0 ? ra : ra & 0xFFFF));
}

static void op_clocks(void)
{
    static u64 v, got;
    v = 0xFFFF000000000000ull | next();
    __asm__ volatile("sckc %0" : : "Q"(v));
    __asm__ volatile("stckc %0" : "=Q"(got));
    u32 same = got == v;
    v = (u64)next() << 20;
    __asm__ volatile("spt %0" : : "Q"(v));
    __asm__ volatile("stpt %0" : "=Q"(got));
    outcome("CLOCKS", same, got <= v && v - got < (1ull << 32));
}

static void op_tio(void)
{
    u32 dev = next() % 2 ? 0x009 : 0x555;
    outcome("TIO", dev, (u32)tio(dev));
}

/* A privileged instruction in the program's own problem state: the
 * privileged-operation exception (the handler returns to supervisor). */
static void op_problem_state(void)
{
    static struct psw p;
    static u8 m;
    p.w0 = 0x00090000u;
    __asm__ volatile("larl %%r1,1f\n\t"
                     "o %%r1,%3\n\t"
                     "st %%r1,%0\n\t"
                     "lpsw %1\n"
                     "1:\tssm %2"
                     : "=Q"(p.w1) : "Q"(p), "Q"(m), "Q"(amode31) : "r1", "memory");
    outcome("PROBLEM", system_mask(), 0);
}

static void (*const ops[])(void) = {op_ssm, op_stnsm_stosm, op_lpsw_cc, op_control, op_key,
                                     op_storage_key, op_lra, op_clocks, op_tio, op_problem_state};

int main(u32 r2)
{
    static struct psw pgm_new;
    static const u32 seeds[] = {1, 2, 3, 0x1234, 0xC0FFEE, 0xDEADBEEF};
    verbose = r2;
    lctl(0, CR0_TRANS_FORMAT_VALUE);   /* a known CR0: no subclass enabled */
    pgm_new.w0 = 0x00080000u;
    pgm_new.w1 = 0x80000000u | (u32)pgm_handler;
    memcpy((void *)LC_PGM_NEW_PSW, &pgm_new, 8);
    for (u32 s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        rng = seeds[s];
        sum = 0x811C9DC5u;
        pgm_count = pgm_code = pgm_ilc = 0;
        build_tables();
        for (int i = 0; i < OPS_PER_SEED; i++)
            ops[next() % (sizeof ops / sizeof ops[0])]();
        printf("PRIVGEN SEED %08X: %u OPERATIONS, %u PROGRAM INTERRUPTIONS, CHECKSUM %08X\n", seeds[s],
               OPS_PER_SEED, pgm_count, sum);
    }
    return 0;
}
