/* randgen.c: random instruction-sequence images for the differential test
 * (tests/diff/run.sh runs them on creasy and on Hercules 3.13).
 *
 *   randgen SEED NBLOCKS OUT [-S] [-x CASE]...   writes OUT.bin, OUT.elf
 *                                                and OUT.info
 *   randgen --list          the mnemonics it can emit, one a line
 *   randgen --exclusions    the CASEs -x can leave out, with a description
 *
 * The same arguments always give the same image (the random numbers come
 * from splitmix64 seeded with SEED). -S also copies the scratch area into
 * every result entry (for diagnosing a checksum mismatch); it changes only
 * the result table, never the code. -x CASE leaves out a kind of test the
 * runner knows to differ for a reason it names (see diffrun.py WHY).
 *
 * OUT.info: KEY=value lines (RS, DATA, SCRATCH, RESULTS, ENTRY,
 * RANDOM_INSNS, EXCLUDED CASE COUNT) and one line per block:
 * "BLOCK i start epilogue end descriptor ninsns CCPM=x R0..R15".
 *
 * The image (load and entry address 0x10000, run in supervisor state,
 * 31-bit, key 0, everything masked) looks like this:
 *
 *   0x10000  start-up code, the program-check handler, `finish`, `done`
 *   DATA     harness area (RS points here): register save area, current
 *            descriptor, CC/program mask, interruption code and offset,
 *            PSWs and constants; then the 256-byte scratch area, then a
 *            256-byte guard holding the bytes 00..FF (so CLST and SRST
 *            always stop). In half the images the scratch area straddles a
 *            4K boundary, which makes MVCLE stop with CC 3.
 *   0x13000  the blocks, each followed by its EXECUTE targets and its
 *            descriptor (start, result entry, next block, initial CC and
 *            program mask, 16 initial registers, 256 scratch bytes)
 *   RESULTS  one entry per block (ENTRY bytes):
 *              +0  R0-R15 at the end of the block (or at the interruption)
 *              +64 IPM result, or the program old PSW's first word
 *              +68 0 or 0x80LLcccc: a program interruption with code cccc
 *                  and ILC byte LL (the runner ignores LL for the fetch of
 *                  an odd address, where PoO lets the ILC be 1, 2 or 3)
 *              +72 old-PSW address minus the ILC minus the block start
 *                  (the invariant that does not depend on the ILC)
 *              +76 checksum of the scratch area
 *              +80 (-S only) the scratch area itself
 *
 * A block: the prologue stores the descriptor address, copies the initial
 * scratch contents, sets CC and program mask with SPM and loads all 16
 * registers with LM. Then 8-24 random items (an item is one instruction or
 * a short sequence such as "set up address registers, then MVCL"), then the
 * epilogue: STM, IPM, and a jump to `finish`, which fills the result
 * entry and goes on to the next block. A program interruption goes to the
 * handler through the program new PSW (0x68, written at start-up), which
 * records it and also goes to `finish`, so the next block runs.
 *
 * Rules that keep both machines deterministic and the harness intact:
 *  - one register, RS, is chosen per image as the base of the harness and
 *    scratch areas; random instructions never write it (register pairs,
 *    LM ranges, EXECUTE targets included);
 *  - every storage operand lies in the scratch area (MVCL/CLCL/MVCLE/
 *    CLCLE/CLST/SRST get their address registers set just before);
 *  - branches only go forward, to the start of a later item, so every
 *    block ends; register branch targets are loaded with LARL just before;
 *  - the dividend of a signed divide (DR/D) is guarded so it is never
 *    0x8000000000000000 with a divisor of -1 (that input crashes Hercules);
 *  - no STCK, SVC or privileged instruction;
 *  - a fault inside the handler itself loads the abort wait 00BADEEE
 *    (the handler's first action swaps in that program new PSW), so a
 *    broken harness ends the run instead of looping.
 * Rare cases are generated on purpose: odd register pairs and misaligned
 * CS/CDS operands (0006), EXECUTE of EXECUTE (0003), an EXECUTE target at
 * an odd address (0006), opcode 00 (0001), a branch to an odd address
 * (0006 on the fetch), divide exceptions (0009) and, with the overflow mask
 * on in a fifth of the blocks, fixed-point overflow (0008).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;

#define LOAD 0x10000u
#define IMG_MAX (8u << 20)
#define BLOCKS_AT 0x13000u

/* harness area offsets from RS */
#define H_SAVE 0
#define H_CURDESC 64
#define H_CCPM 68
#define H_PGM 72
#define H_PGMOFF 76
#define H_ABORT 80   /* abort PSW, copied to 0x300 */
#define H_PGMNEW 88  /* handler PSW, copied to 0x308 */
#define H_DONE 96
#define H_MASK31 104
#define H_C6 108
#define H_ONE 112
#define H_MAXNEG 116
#define SCR 128
#define SCRLEN 256
#define GUARD (SCR + SCRLEN)
#define DATA_LEN (GUARD + 256)

/* descriptor offsets */
#define D_START 0
#define D_RESULT 4
#define D_NEXT 8
#define D_CCPM 12
#define D_REGS 16
#define D_SCR 80
#define D_LEN (D_SCR + SCRLEN)

static u8 img[IMG_MAX];
static u32 pc;       /* offset of the next byte from LOAD */
static u32 img_end;  /* highest offset used */

static u32 addr(void) { return LOAD + pc; }

/* ---- random numbers: splitmix64, reproducible across hosts ---- */
static u64 rs_state;
static u64 rnd64(void)
{
    u64 z = (rs_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static u32 rnd32(void) { return (u32)(rnd64() >> 32); }
static u32 rn(u32 n) { return (u32)(((rnd64() >> 32) * n) >> 32); }
static int chance(int pct) { return (int)rn(100) < pct; }

/* ---- labels and patches ---- */
#define MAXLAB 200000
static u32 lab_addr[MAXLAB];
static int lab_set[MAXLAB];
static int nlab;
static int newlab(void)
{
    if (nlab == MAXLAB) {
        fprintf(stderr, "randgen: too many labels\n");
        exit(2);
    }
    return nlab++;
}
static void deflab(int l)
{
    lab_addr[l] = addr();
    lab_set[l] = 1;
}

enum { P_REL16, P_REL32, P_ABS32 };
struct patch {
    u32 pos;      /* offset of the instruction (or word for P_ABS32) */
    int kind, lab;
    s32 addend;
};
#define MAXPATCH 400000
static struct patch patches[MAXPATCH];
static int npatch;
static void patch(u32 pos, int kind, int lab, s32 addend)
{
    if (npatch == MAXPATCH) {
        fprintf(stderr, "randgen: too many patches\n");
        exit(2);
    }
    patches[npatch++] = (struct patch){pos, kind, lab, addend};
}


static void put16(u32 off, u32 v) { img[off] = (u8)(v >> 8), img[off + 1] = (u8)v; }
static void put32(u32 off, u32 v) { put16(off, v >> 16), put16(off + 2, v); }

static void emit(const u8 *b, int len)
{
    if (pc + (u32)len > IMG_MAX - LOAD) {
        fprintf(stderr, "randgen: image too large\n");
        exit(2);
    }
    memcpy(img + pc, b, (size_t)len);
    pc += (u32)len;
    if (pc > img_end)
        img_end = pc;
}

/* ---- instruction encoders (return the instruction's offset) ---- */
static u32 e_rr(int op, int r1, int r2)
{
    u32 at = pc;
    u8 b[2] = {(u8)op, (u8)(r1 << 4 | r2)};
    emit(b, 2);
    return at;
}
static u32 e_rx(int op, int r1, int x2, int b2, int d2)
{
    u32 at = pc;
    u8 b[4] = {(u8)op, (u8)(r1 << 4 | x2), (u8)(b2 << 4 | d2 >> 8), (u8)d2};
    emit(b, 4);
    return at;
}
#define e_rs(op, r1, r3, b2, d2) e_rx(op, r1, r3, b2, d2)
static u32 e_si(int op, int i2, int b1, int d1) { return e_rx(op, i2 >> 4, i2 & 15, b1, d1); }
static u32 e_ri(int op, int op2, int r1, int i2)
{
    u32 at = pc;
    u8 b[4] = {(u8)op, (u8)(r1 << 4 | op2), (u8)(i2 >> 8), (u8)i2};
    emit(b, 4);
    return at;
}
static u32 e_ril(int op, int op2, int r1, u32 i2)
{
    u32 at = pc;
    u8 b[6] = {(u8)op, (u8)(r1 << 4 | op2), (u8)(i2 >> 24), (u8)(i2 >> 16), (u8)(i2 >> 8), (u8)i2};
    emit(b, 6);
    return at;
}
static u32 e_rre(int op16, int r1, int r2)
{
    u32 at = pc;
    u8 b[4] = {(u8)(op16 >> 8), (u8)op16, 0, (u8)(r1 << 4 | r2)};
    emit(b, 4);
    return at;
}
static u32 e_rxe(int op, int op2, int r1, int x2, int b2, int d2)
{
    u32 at = pc;
    u8 b[6] = {(u8)op, (u8)(r1 << 4 | x2), (u8)(b2 << 4 | d2 >> 8), (u8)d2, 0, (u8)op2};
    emit(b, 6);
    return at;
}
#define e_rse(op, op2, r1, r3, b2, d2) e_rxe(op, op2, r1, r3, b2, d2)
static u32 e_ss(int op, int l, int b1, int d1, int b2, int d2)
{
    u32 at = pc;
    u8 b[6] = {(u8)op, (u8)l, (u8)(b1 << 4 | d1 >> 8), (u8)d1, (u8)(b2 << 4 | d2 >> 8), (u8)d2};
    emit(b, 6);
    return at;
}
/* relative forms against a label */
static void e_brc(int m, int lab) { patch(e_ri(0xA7, 4, m, 0), P_REL16, lab, 0); }
static void e_brcl(int m, int lab) { patch(e_ril(0xC0, 4, m, 0), P_REL32, lab, 0); }
static void e_larl(int r, int lab, s32 addend) { patch(e_ril(0xC0, 0, r, 0), P_REL32, lab, addend); }

/* ---- the image's fixed registers ---- */
static int RS;              /* harness/scratch base: never written by random code */
static int T, U, V, W, X;   /* harness temporaries (random code may use them) */
static u32 DATA;            /* address RS holds */

static int reg_w(void)      /* a register random code may write */
{
    int r;
    do
        r = (int)rn(16);
    while (r == RS);
    return r;
}
static int reg_wnz(void)    /* ... and usable as a base or index */
{
    int r;
    do
        r = (int)rn(16);
    while (r == RS || r == 0);
    return r;
}
static int reg_any(void) { return (int)rn(16); }
static int pair_ok(int r) { return r != RS && ((r + 1) & 15) != RS; }
/* an even/odd pair it may write; sometimes an odd one (specification) */
static int reg_pair(void)
{
    int r;
    if (rn(1000) < 15) {
        do
            r = (int)rn(8) * 2 + 1;
        while (!pair_ok(r));
        return r;
    }
    do
        r = (int)rn(8) * 2;
    while (!pair_ok(r));
    return r;
}

/* a displacement from RS of `size` bytes inside the scratch area */
static int scr(int size, int align)
{
    if (size > SCRLEN)
        size = SCRLEN;
    int span = SCRLEN - size;
    int d = SCR + (int)rn((u32)span + 1);
    if (align > 1)
        d &= ~(align - 1);
    if (d < SCR)
        d += align;
    return d;
}

/* interesting values */
static u32 special32(void)
{
    static const u32 v[] = {0, 1, 2, 3, 0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFFFFF, 0x80000000, 0x80000001, 0x7FFFFFFE,
                            0xFFFF, 0x8000, 0x7FFF, 0xFFFF8000, 0x10000, 0xFF, 0x100, 0x40000000, 0xC0000000,
                            0x00FF00FF, 0xAAAAAAAA, 0x55555555, 31, 32, 63, 64};
    switch (rn(6)) {
    case 0:
    case 1: return v[rn(sizeof v / sizeof v[0])];
    case 2: return rnd32() >> rn(32);
    case 3: return 0u - (rnd32() >> rn(32));
    default: return rnd32();
    }
}
static int imm16(void)
{
    static const int v[] = {0, 1, -1, 2, 0x7FFF, -0x8000, 0x7FFE, -2, 0xFF, 0x100, 31, 32, 63, 64};
    return chance(40) ? v[rn(sizeof v / sizeof v[0])] & 0xFFFF : (int)(rnd32() & 0xFFFF);
}

/* ---- cases left out (-x NAME): each one is named in the runner's summary ---- */
enum { EX_MVCLE_AMOUNT, EX_MVCLE_OVERLAP, EX_MVCLE, EX_COUNT };
static const char *ex_names[EX_COUNT] = {"mvcle-amount", "mvcle-overlap", "mvcle"};
static const char *ex_desc[EX_COUNT] = {
    "MVCLE without a BRC 1 loop after it (compares the amount one execution moves or pads)",
    "MVCLE with destructively overlapping operands (PoO: first operand unpredictable)",
    "every MVCLE (becomes CLCLE)",
};
static int excl[EX_COUNT];
static u32 excluded_count[EX_COUNT];
#define excl_mvcle_amount excl[EX_MVCLE_AMOUNT]
#define excl_mvcle_overlap excl[EX_MVCLE_OVERLAP]
#define excl_mvcle excl[EX_MVCLE]

/* ---- mnemonic coverage (for --list and the runner's check) ---- */
static const char *covered[] = {
    "LR", "LTR", "LCR", "LPR", "LNR", "NR", "OR", "XR", "CLR", "CR", "AR", "SR", "ALR", "SLR", "MR", "DR",
    "SPM", "BALR", "BCTR", "BCR", "BASR", "MVCL", "CLCL", "STH", "LA", "STC", "IC", "EX", "BAL", "BCT",
    "BC", "LH", "CH", "AH", "SH", "MH", "BAS", "ST", "N", "CL", "O", "X", "L", "C", "A", "S", "M", "D",
    "AL", "SL", "MS", "BRXH", "BRXLE", "BXH", "BXLE", "SRL", "SLL", "SRA", "SLA", "SRDL", "SLDL", "SRDA",
    "SLDA", "STM", "TM", "MVI", "TS", "NI", "CLI", "OI", "XI", "LM", "MVCLE", "CLCLE", "CS", "CDS", "CLM",
    "STCM", "ICM", "MVC", "NC", "CLC", "OC", "XC", "TMLH", "TMLL", "BRC", "BRAS", "BRCT", "LHI", "AHI",
    "MHI", "CHI", "LARL", "BRCL", "BRASL", "IPM", "MSR", "CLST", "SRST", "LRVR", "MLR", "DLR", "ALCR",
    "SLBR", "LRV", "LRVH", "STRV", "STRVH", "ML", "DL", "ALC", "SLB", "RLL", "MVST",
};

/* ---- one block's items ---- */
static int nitems, cur_item;
static int item_lab[64];
static int target_fwd(void)   /* the label of a later item (or the epilogue) */
{
    int lo = cur_item + 1, hi = nitems;
    int j = chance(70) ? lo + (int)rn(4) : lo + (int)rn((u32)(hi - lo + 1));
    if (j > hi)
        j = hi;
    return item_lab[j];
}

/* EXECUTE targets wait here until the epilogue has been emitted */
struct pooled {
    int lab;
    u8 b[6];
    int len;
    int rel_kind, rel_lab;   /* -1 or a relative operand to patch */
};
static struct pooled pool[64];
static int npool;
static u32 nrandom;   /* instructions emitted by items, for the summary */

/* Sometimes set bit 0 of an address register: in 31-bit mode it is not
 * part of the address (O r,=X'80000000') */
static void maybe_hibit(int r)
{
    if (chance(15)) {
        e_rx(0x56, r, 0, RS, H_MAXNEG);
        nrandom++;
    }
}


/* RR instructions that only read R2 and write R1 (or nothing) */
static const struct {
    int op, writes;
} rr_ops[] = {
    {0x18, 1}, {0x12, 1}, {0x13, 1}, {0x10, 1}, {0x11, 1}, {0x14, 1}, {0x16, 1}, {0x17, 1},
    {0x15, 0}, {0x19, 0}, {0x1A, 1}, {0x1B, 1}, {0x1E, 1}, {0x1F, 1},
};
#define N_RR (int)(sizeof rr_ops / sizeof rr_ops[0])

/* RX: op, writes R1 (1), pair (2), store (0 with size), operand size */
static const struct {
    int op, kind, size;
} rx_ops[] = {
    {0x58, 1, 4}, {0x48, 1, 2}, {0x43, 1, 1}, {0x5A, 1, 4}, {0x4A, 1, 2}, {0x5B, 1, 4}, {0x4B, 1, 2},
    {0x5E, 1, 4}, {0x5F, 1, 4}, {0x54, 1, 4}, {0x56, 1, 4}, {0x57, 1, 4}, {0x59, 0, 4}, {0x49, 0, 2},
    {0x55, 0, 4}, {0x4C, 1, 2}, {0x71, 1, 4}, {0x5C, 2, 4}, {0x50, 0, 4}, {0x40, 0, 2}, {0x42, 0, 1},
};
#define N_RX (int)(sizeof rx_ops / sizeof rx_ops[0])

/* RXE (E3 xx): op2, kind as above, size */
static const struct {
    int op2, kind, size;
} rxe_ops[] = {
    {0x1E, 1, 4}, {0x1F, 1, 2}, {0x3E, 0, 4}, {0x3F, 0, 2}, {0x96, 2, 4}, {0x97, 2, 4}, {0x98, 1, 4}, {0x99, 1, 4},
};
#define N_RXE (int)(sizeof rxe_ops / sizeof rxe_ops[0])

/* a storage operand address for RX/RXE: returns d2 and sets *x2, *b2; may
 * emit a setup instruction (LHI of an index, or LA of a base) */
static int rx_addr(int size, int *x2, int *b2)
{
    int d = scr(size, 1);
    switch (rn(8)) {
    case 0: { /* index register preset with LHI */
        int xr = reg_wnz();
        int k = (int)rn(200) - 100;
        e_ri(0xA7, 8, xr, k & 0xFFFF);
        nrandom++;
        *x2 = xr, *b2 = RS;
        return d - k;
    }
    case 1: /* RS as the index, no base */
        *x2 = RS, *b2 = 0;
        return d;
    case 2: { /* a base register preset with LA */
        int br = reg_wnz();
        int k = (int)rn((u32)d + 1);
        e_rx(0x41, br, 0, RS, d - k);
        nrandom++;
        *x2 = 0, *b2 = br;
        return k;
    }
    default:
        *x2 = 0, *b2 = RS;
        return d;
    }
}

/* Guard a signed divide of the pair r1:r1+1 so the dividend is never
 * 0x8000000000000000 (the divisor may then be anything). */
static void div_guard(int r1)
{
    if (r1 & 1)
        return; /* specification exception: no division happens */
    switch (rn(3)) {
    case 0: e_rx(0x56, r1 + 1, 0, RS, H_ONE); break;   /* O: low word odd */
    case 1: e_rx(0x54, r1, 0, RS, H_MASK31); break;    /* N: high word >= 0 */
    default: e_rs(0x8E, r1, 0, 0, 32); break;          /* SRDA 32: a 32-bit dividend */
    }
    nrandom++;
}

/* Emit the EXECUTE of a pooled target. `final` holds the instruction as it
 * should run; `orable` the bits of byte 1 the OR may supply; `avoid` a
 * register the target needs intact (or -1). */
static void ex_of(const u8 *final, int len, int orable, int rel_kind, int rel_lab, int avoid)
{
    struct pooled *p = &pool[npool++];
    p->lab = newlab();
    p->len = len;
    p->rel_kind = rel_kind;
    p->rel_lab = rel_lab;
    memcpy(p->b, final, (size_t)len);
    int rx = 0;
    u8 o = 0;
    if (orable && chance(80)) {
        do
            rx = reg_wnz();
        while (rx == avoid);
        o = (u8)(final[1] & orable & rnd32());
        p->b[1] = (u8)((final[1] & ~o) | (final[1] & o & rnd32()));
        /* LA rx,o with junk in bits 20-23 of the displacement: only the low byte counts */
        e_rx(0x41, rx, 0, 0, (int)(o | (rnd32() & 0xF00)));
        nrandom++;
    } else if (chance(30)) {
        rx = 0; /* R1 = 0: no OR at all */
    } else {
        do
            rx = reg_wnz();
        while (rx == avoid);
        e_rx(0x41, rx, 0, 0, (int)(rnd32() & 0xF00)); /* low byte 0: OR of zero */
        nrandom++;
    }
    int lr;
    do
        lr = reg_wnz();
    while (lr == rx || lr == avoid);
    int d = chance(70) ? 0 : (int)(rn(100) * 2);
    e_larl(lr, p->lab, -d);
    if (chance(15))
        e_rx(0x44, rx, lr, 0, d); /* the address as an index */
    else
        e_rx(0x44, rx, 0, lr, d);
    nrandom += 2;
}

static void item_ex(void)
{
    u8 b[6];
    int len = 0, orable = 0, rel_kind = -1, rel_lab = -1;
    switch (rn(12)) {
    case 0:
    case 1: { /* SS with the length from the register */
        static const int ops[] = {0xD2, 0xD4, 0xD5, 0xD6, 0xD7};
        int l = (int)rn(chance(20) ? 256 : 24);
        int d1 = scr(l + 1, 1), d2 = scr(l + 1, 1);
        b[0] = (u8)ops[rn(5)];
        b[1] = (u8)l;
        b[2] = (u8)(RS << 4 | d1 >> 8), b[3] = (u8)d1;
        b[4] = (u8)(RS << 4 | d2 >> 8), b[5] = (u8)d2;
        len = 6, orable = 0xFF;
        break;
    }
    case 2:
    case 3: { /* RR */
        int k = (int)rn(N_RR + 1);
        if (k == N_RR) {
            b[0] = 0x1C; /* MR */
            b[1] = (u8)(reg_pair() << 4 | reg_any());
        } else {
            b[0] = (u8)rr_ops[k].op;
            b[1] = (u8)((rr_ops[k].writes ? reg_w() : reg_any()) << 4 | reg_any());
        }
        len = 2, orable = 0xFF;
        break;
    }
    case 4: { /* SI: the immediate from the register */
        static const int ops[] = {0x91, 0x92, 0x94, 0x95, 0x96, 0x97};
        int d = scr(1, 1);
        b[0] = (u8)ops[rn(6)], b[1] = (u8)rnd32();
        b[2] = (u8)(RS << 4 | d >> 8), b[3] = (u8)d;
        len = 4, orable = 0xFF;
        break;
    }
    case 5: { /* RX load/store, OR into R1 only */
        static const int ops[] = {0x58, 0x5A, 0x59, 0x50, 0x43, 0x42, 0x48, 0x55};
        int op = ops[rn(8)];
        int r1 = (op == 0x50 || op == 0x42 || op == 0x59 || op == 0x55) ? reg_any() : reg_w();
        int d = scr(4, 1);
        b[0] = (u8)op, b[1] = (u8)(r1 << 4);
        b[2] = (u8)(RS << 4 | d >> 8), b[3] = (u8)d;
        len = 4, orable = 0xF0;
        break;
    }
    case 6: { /* shifts: OR into R1 and the ignored R3 */
        int op = 0x88 + (int)rn(8);
        int r1 = op >= 0x8C ? reg_pair() : reg_w();
        int d = (int)rn(70);
        b[0] = (u8)op, b[1] = (u8)(r1 << 4 | rn(16));
        b[2] = (u8)(d >> 8), b[3] = (u8)d;
        len = 4, orable = 0xFF;
        break;
    }
    case 7: { /* RI */
        static const int op2s[] = {0x8, 0xA, 0xC, 0xE, 0x0, 0x1};
        int op2 = op2s[rn(6)];
        int r1 = op2 >= 0x8 && op2 != 0xE ? reg_w() : reg_any();
        int i = imm16();
        b[0] = 0xA7, b[1] = (u8)(r1 << 4 | op2), b[2] = (u8)(i >> 8), b[3] = (u8)i;
        len = 4, orable = 0xF0;
        break;
    }
    case 8: { /* relative branches and LARL: relative to the target's address */
        int k = (int)rn(5);
        rel_lab = target_fwd();
        if (k == 4) { /* LARL */
            b[0] = 0xC0, b[1] = (u8)(reg_w() << 4 | 0);
            len = 6, rel_kind = P_REL32;
            memset(b + 2, 0, 4);
        } else {
            static const int op2s[] = {4, 4, 5, 6};
            int op2 = op2s[k];
            int r1 = op2 == 4 ? (int)rn(16) : reg_w();
            b[0] = 0xA7, b[1] = (u8)(r1 << 4 | op2), b[2] = b[3] = 0;
            len = 4, rel_kind = P_REL16;
        }
        orable = 0xF0;
        break;
    }
    case 9: { /* branches to a register set just before: BCR, BASR, BALR,
               * BCTR, and BC, BAS, BAL, BCT with the register as base */
        static const int ops[] = {0x07, 0x0D, 0x05, 0x06, 0x47, 0x4D, 0x45, 0x46};
        int op = ops[rn(8)];
        int t = reg_wnz();
        e_larl(t, target_fwd(), 0);
        maybe_hibit(t);
        nrandom++;
        int r1 = op == 0x07 || op == 0x47 ? (int)rn(16) : reg_w();
        b[0] = (u8)op;
        if (op < 0x40) {
            b[1] = (u8)(r1 << 4 | t);
            len = 2;
        } else {
            b[1] = (u8)(r1 << 4), b[2] = (u8)(t << 4), b[3] = 0;
            len = 4;
        }
        ex_of(b, len, 0xF0, -1, -1, t); /* t must survive until the target runs */
        return;
    }
    case 10: { /* RRE: byte 1 is opcode, so no OR (R1 = 0 or a zero byte) */
        static const int ops[] = {0xB252, 0xB91F, 0xB998, 0xB999, 0xB222};
        int op = ops[rn(5)];
        b[0] = (u8)(op >> 8), b[1] = (u8)op, b[2] = 0, b[3] = (u8)(reg_w() << 4 | (op == 0xB222 ? 0 : reg_any()));
        len = 4, orable = 0;
        break;
    }
    default: { /* rare: EXECUTE of EXECUTE (0003), or an odd target address (0006) */
        if (!chance(30)) { /* mostly another SS target */
            item_ex();
            return;
        }
        if (chance(50)) {
            b[0] = 0x44, b[1] = 0, b[2] = 0, b[3] = 0;
            len = 4, orable = 0;
        } else {
            /* odd target: LARL to the target, then EX 1(lr) */
            struct pooled *q = &pool[npool++];
            q->lab = newlab();
            q->len = 2;
            q->b[0] = 0x18, q->b[1] = (u8)(reg_w() << 4 | reg_any());
            q->rel_kind = q->rel_lab = -1;
            int lr = reg_wnz();
            e_larl(lr, q->lab, 0);
            e_rx(0x44, 0, 0, lr, 1);
            nrandom += 2;
            return;
        }
        break;
    }
    }
    /* b[] is the instruction as it runs; ex_of splits byte 1 between the
     * target and the OR register, so any valid b[] stays valid */
    ex_of(b, len, orable, rel_kind, rel_lab, -1);
}

static void item(void)
{
    int w = (int)rn(1000);
    nrandom++; /* the item's main instruction; setup instructions add their own */
    if (w < 90) { /* RR arithmetic and logic */
        int k = (int)rn(N_RR);
        e_rr(rr_ops[k].op, rr_ops[k].writes ? reg_w() : reg_any(), reg_any());
    } else if (w < 110) { /* LPR/LCR of the maximum negative number */
        int r2 = reg_w();
        e_rx(0x58, r2, 0, RS, H_MAXNEG);
        nrandom++;
        e_rr(chance(50) ? 0x10 : 0x13, reg_w(), r2);
    } else if (w < 130) { /* MR, DR */
        int r1 = reg_pair();
        if (chance(50))
            e_rr(0x1C, r1, reg_any());
        else {
            div_guard(r1);
            e_rr(0x1D, r1, reg_any());
        }
    } else if (w < 150) { /* MLR, DLR, MSR, ALCR, SLBR, LRVR, IPM */
        static const int ops[] = {0xB996, 0xB997, 0xB252, 0xB998, 0xB999, 0xB91F, 0xB222};
        int op = ops[rn(7)];
        e_rre(op, op == 0xB996 || op == 0xB997 ? reg_pair() : reg_w(), op == 0xB222 ? 0 : reg_any());
    } else if (w < 250) { /* RX */
        int k = (int)rn(N_RX + 1);
        int x2, b2, d2;
        if (k == N_RX) { /* D */
            int r1 = reg_pair();
            div_guard(r1);
            d2 = rx_addr(4, &x2, &b2);
            e_rx(0x5D, r1, x2, b2, d2);
        } else {
            int r1 = rx_ops[k].kind == 1 ? reg_w() : rx_ops[k].kind == 2 ? reg_pair() : reg_any();
            d2 = rx_addr(rx_ops[k].size, &x2, &b2);
            e_rx(rx_ops[k].op, r1, x2, b2, d2);
        }
    } else if (w < 280) { /* RXE */
        int k = (int)rn(N_RXE);
        int r1 = rxe_ops[k].kind == 1 ? reg_w() : rxe_ops[k].kind == 2 ? reg_pair() : reg_any();
        int x2, b2, d2 = rx_addr(rxe_ops[k].size, &x2, &b2);
        e_rxe(0xE3, rxe_ops[k].op2, r1, x2, b2, d2);
    } else if (w < 295) { /* LA with any registers */
        e_rx(0x41, reg_w(), reg_any(), reg_any(), (int)rn(4096));
    } else if (w < 355) { /* shifts */
        int op = 0x88 + (int)rn(8);
        int r1 = op >= 0x8C ? reg_pair() : reg_w();
        int b2 = chance(70) ? 0 : reg_any();
        int d2 = chance(80) ? (int)rn(70) : (int)rn(4096);
        e_rs(op, r1, 0, b2, d2);
    } else if (w < 370) { /* RLL */
        int b2 = chance(60) ? 0 : reg_any();
        e_rse(0xEB, 0x1D, reg_w(), reg_any(), b2, chance(80) ? (int)rn(70) : (int)rn(4096));
    } else if (w < 450) { /* RI */
        static const int op2s[] = {0x8, 0xA, 0xA, 0xC, 0xE, 0x0, 0x1};
        int op2 = op2s[rn(7)];
        int r1 = (op2 == 0x8 || op2 == 0xA || op2 == 0xC) ? reg_w() : reg_any();
        e_ri(0xA7, op2, r1, imm16());
    } else if (w < 500) { /* SI */
        static const int ops[] = {0x91, 0x92, 0x94, 0x95, 0x96, 0x97};
        e_si(ops[rn(6)], chance(30) ? (int)(special32() & 0xFF) : (int)rn(256), RS, scr(1, 1));
    } else if (w < 550) { /* SS */
        static const int ops[] = {0xD2, 0xD4, 0xD5, 0xD6, 0xD7};
        int l = chance(85) ? (int)rn(16) : chance(80) ? (int)rn(96) : (int)rn(256);
        /* overlapping operands 1 in 4 times: MVC 1(L,R),0(R) propagates */
        int d1 = scr(l + 1, 1), d2 = chance(25) ? d1 + (int)rn(9) - 4 : scr(l + 1, 1);
        if (d2 < SCR || d2 + l >= SCR + SCRLEN)
            d2 = d1;
        e_ss(ops[rn(5)], l, RS, d1, RS, d2);
    } else if (w < 590) { /* ICM, CLM, STCM with every mask */
        static const int ops[] = {0xBF, 0xBD, 0xBE};
        int op = ops[rn(3)], m = (int)rn(16);
        int n = __builtin_popcount((unsigned)m);
        e_rs(op, op == 0xBF ? reg_w() : reg_any(), m, RS, scr(n ? n : 1, 1));
    } else if (w < 610) { /* LM (a range without RS), STM */
        if (chance(50)) {
            int r1, n;
            do {
                r1 = (int)rn(16), n = 1 + (int)rn(6);
                int ok = 1;
                for (int k = 0; k < n; k++)
                    ok &= ((r1 + k) & 15) != RS;
                if (ok)
                    break;
            } while (1);
            e_rs(0x98, r1, (r1 + n - 1) & 15, RS, scr(4 * n, chance(80) ? 4 : 1));
        } else {
            int r1 = (int)rn(16), n = 1 + (int)rn(16);
            e_rs(0x90, r1, (r1 + n - 1) & 15, RS, scr(4 * n, chance(80) ? 4 : 1));
        }
    } else if (w < 635) { /* CS, CDS (aligned, sometimes not; sometimes equal) */
        if (chance(50)) {
            int r1 = reg_w(), d = scr(4, chance(92) ? 4 : 1);
            if (chance(50)) {
                e_rx(0x58, r1, 0, RS, d); /* make the compare equal */
                nrandom++;
            }
            e_rs(0xBA, r1, reg_any(), RS, d);
        } else {
            int r1 = reg_pair(), r3 = chance(95) ? (int)rn(8) * 2 : (int)rn(16);
            int d = scr(8, chance(92) ? 8 : 2);
            if (chance(50) && !(r1 & 1)) {
                e_rs(0x98, r1, r1 + 1, RS, d);
                nrandom++;
            }
            e_rs(0xBB, r1, r3, RS, d);
        }
    } else if (w < 645) { /* TS */
        e_rx(0x93, 0, 0, RS, scr(1, 1));
    } else if (w < 670) { /* MVCL, CLCL */
        int r1, r2;
        do
            r1 = (int)rn(8) * 2, r2 = (int)rn(8) * 2;
        while (r2 == r1 || !pair_ok(r1) || !pair_ok(r2));
        int l1 = chance(15) ? 0 : (int)rn(40), l2 = chance(15) ? 0 : (int)rn(40);
        int d1 = scr(l1, 1), d2 = chance(30) ? d1 - (int)rn(8) + 4 : scr(l2, 1);
        if (d2 < SCR || d2 + l2 > SCR + SCRLEN)
            d2 = scr(l2, 1);
        e_rx(0x41, r1, 0, RS, d1);
        maybe_hibit(r1);
        e_ri(0xA7, 8, r1 + 1, l1);
        e_rx(0x41, r2, 0, RS, d2);
        maybe_hibit(r2);
        e_ri(0xA7, 8, r2 + 1, l2);
        e_rs(0xBF, r2 + 1, 8, RS, scr(1, 1)); /* ICM: a pad byte from scratch */
        nrandom += 5;
        if (chance(30)) { /* bits 0-7 of R1+1 are ignored and kept */
            e_rs(0xBF, r1 + 1, 8, RS, scr(1, 1));
            nrandom++;
        }
        e_rr(chance(50) ? 0x0E : 0x0F, r1, r2);
    } else if (w < 690) { /* MVCLE, CLCLE (CC 3 at a 4K boundary: loop with BRC 1) */
        int r1, r3;
        do
            r1 = (int)rn(8) * 2, r3 = (int)rn(8) * 2;
        while (r3 == r1 || !pair_ok(r1) || !pair_ok(r3));
        int op = chance(50) ? 0xA8 : 0xA9;
        if (op == 0xA8 && excl_mvcle) {
            op = 0xA9;
            excluded_count[EX_MVCLE]++;
        }
        int l1 = chance(10) ? 0 : (int)rn(80), l3 = chance(10) ? 0 : (int)rn(80);
        int d1 = scr(l1, 1), d3 = scr(l3, 1);
        int m = l1 < l3 ? l1 : l3;
        if (op == 0xA8 && d1 > d3 && d1 < d3 + m && excl_mvcle_overlap) {
            /* destructive overlap: the first operand is unpredictable */
            d1 = d3 - (int)rn(8);
            if (d1 < SCR)
                d1 = d3;
            excluded_count[EX_MVCLE_OVERLAP]++;
        }
        e_rx(0x41, r1, 0, RS, d1);
        maybe_hibit(r1);
        e_ri(0xA7, 8, r1 + 1, l1);
        e_rx(0x41, r3, 0, RS, d3);
        maybe_hibit(r3);
        e_ri(0xA7, 8, r3 + 1, l3);
        nrandom += 4;
        int at = (int)addr();
        e_rs(op, r1, r3, 0, (int)rn(4096)); /* the pad is the low byte of the address */
        int loop = chance(60);
        if (!loop && op == 0xA8 && excl_mvcle_amount) {
            loop = 1; /* the final state does not depend on the amount per execution */
            excluded_count[EX_MVCLE_AMOUNT]++;
        }
        if (loop) {
            patch(e_ri(0xA7, 4, 1, 0), P_REL16, -1, at); /* BRC 1 back to it */
            nrandom++;
        }
    } else if (w < 710) { /* CLST, SRST, MVST */
        int r1 = reg_wnz(), r2;
        do
            r2 = reg_wnz();
        while (r2 == r1);
        if (chance(90)) {
            e_rx(0x41, 0, 0, 0, (int)(chance(50) ? rn(4) * 0x40 : rn(256))); /* GR0: the ending byte */
            nrandom++;
        }
        if (chance(30)) { /* MVST: from the guard (bytes 00..FF) into the scratch area, so the
                             terminator is always found and the move always fits */
            int k = (int)rn(256), dst = SCR + (int)rn(SCRLEN / 2);
            int room = SCR + SCRLEN - dst, v = k + (int)rn((u32)(256 - k < room ? 256 - k : room));
            e_rx(0x41, 0, 0, 0, v);   /* GR0: the terminator */
            e_rx(0x41, r1, 0, RS, dst);
            maybe_hibit(r1);
            e_rx(0x41, r2, 0, RS, GUARD + k);
            maybe_hibit(r2);
            nrandom += 3;
            int at = (int)addr();
            e_rre(0xB255, r1, r2);
            if (chance(70)) { /* CC 3 at a 4K boundary: go on with BRC 1 */
                patch(e_ri(0xA7, 4, 1, 0), P_REL16, -1, at);
                nrandom++;
            }
        } else if (chance(50)) { /* CLST; the same string on both sides 1 in 4 times (CC 0) */
            int d1 = scr(1, 1);
            e_rx(0x41, r1, 0, RS, d1);
            maybe_hibit(r1);
            e_rx(0x41, r2, 0, RS, chance(25) ? d1 : scr(1, 1));
            maybe_hibit(r2);
            nrandom += 2;
            e_rre(0xB25D, r1, r2);
        } else { /* SRST: R1 end, R2 start; forward ranges may exceed 256 bytes */
            int start = scr(1, 1);
            int end = chance(80) ? start + (int)rn((u32)(GUARD + 256 - start)) : scr(1, 1);
            e_rx(0x41, r1, 0, RS, end);
            maybe_hibit(r1);
            e_rx(0x41, r2, 0, RS, start);
            maybe_hibit(r2);
            nrandom += 2;
            int at = (int)addr();
            e_rre(0xB25E, r1, r2);
            if (end >= start && chance(70)) {
                patch(e_ri(0xA7, 4, 1, 0), P_REL16, -1, at);
                nrandom++;
            }
        }
    } else if (w < 810) { /* forward branches */
        int t;
        switch (rn(16)) {
        case 0: e_brc((int)rn(16), target_fwd()); break;
        case 1: e_brcl((int)rn(16), target_fwd()); break;
        case 2: patch(e_ri(0xA7, 5, reg_w(), 0), P_REL16, target_fwd(), 0); break;        /* BRAS */
        case 3: patch(e_ril(0xC0, 5, reg_w(), 0), P_REL32, target_fwd(), 0); break;       /* BRASL */
        case 4: patch(e_ri(0xA7, 6, reg_w(), 0), P_REL16, target_fwd(), 0); break;        /* BRCT */
        case 5: patch(e_ri(0x84 + (int)rn(2), 0, 0, 0), P_REL16, target_fwd(), 0);       /* BRXH/BRXLE */
            img[pc - 3] = (u8)(reg_w() << 4 | reg_any());
            break;
        case 6: e_brc((int)rn(16), target_fwd()); break;
        case 7: /* BCR m,T */
            t = reg_wnz();
            e_larl(t, target_fwd(), 0);
            maybe_hibit(t);
            nrandom++;
            e_rr(0x07, (int)rn(16), t);
            break;
        case 8: /* BCR m,0: no branch (BCR 15,0 and 14,0 serialize) */
            e_rr(0x07, (int)rn(16), 0);
            break;
        case 9: /* BC m,d(x,b) */
            t = reg_wnz();
            {
                int d = (int)rn(50) * 2;
                e_larl(t, target_fwd(), -d);
                nrandom++;
                if (chance(50))
                    e_rx(0x47, (int)rn(16), 0, t, d);
                else
                    e_rx(0x47, (int)rn(16), t, 0, d);
            }
            break;
        case 10: /* BAL / BAS */
            t = reg_wnz();
            e_larl(t, target_fwd(), 0);
            maybe_hibit(t);
            nrandom++;
            e_rx(chance(50) ? 0x45 : 0x4D, reg_w(), 0, t, 0);
            break;
        case 11: /* BALR / BASR, R2 = 0 sometimes (link only) */
            if (chance(25)) {
                e_rr(chance(50) ? 0x05 : 0x0D, reg_w(), 0);
                break;
            }
            t = reg_wnz();
            e_larl(t, target_fwd(), 0);
            maybe_hibit(t);
            nrandom++;
            e_rr(chance(50) ? 0x05 : 0x0D, reg_w(), t);
            break;
        case 12: /* BCT, BCTR */
            if (chance(25)) {
                e_rr(0x06, reg_w(), 0);
                break;
            }
            t = reg_wnz();
            e_larl(t, target_fwd(), 0);
            maybe_hibit(t);
            nrandom++;
            if (chance(50))
                e_rx(0x46, reg_w(), 0, t, 0);
            else
                e_rr(0x06, reg_w(), t);
            break;
        case 13: /* BXH, BXLE */
            t = reg_wnz();
            e_larl(t, target_fwd(), 0);
            maybe_hibit(t);
            nrandom++;
            e_rs(0x86 + (int)rn(2), reg_w(), reg_any(), t, 0);
            break;
        case 14: /* rarely: a branch to an odd address (specification on the fetch) */
            if (chance(12)) {
                t = reg_wnz();
                e_larl(t, target_fwd(), 0);
                e_rx(0x41, t, 0, t, 1);
                nrandom += 2;
                e_rr(0x07, 15, t);
                break;
            }
            /* fall through */
        default: e_brc(chance(50) ? 15 : (int)rn(16), target_fwd()); break;
        }
    } else if (w < 830) { /* LARL anywhere in the block or the data */
        if (chance(70))
            e_larl(reg_w(), item_lab[rn((u32)nitems + 1)], 0);
        else {
            u32 at = e_ril(0xC0, 0, reg_w(), 0);
            u32 tgt = DATA + (rn(DATA_LEN) & ~1u);
            put32(at + 2, (u32)((s32)(tgt - (LOAD + at)) / 2));
        }
    } else if (w < 850) { /* SPM */
        e_rr(0x04, reg_any(), 0); /* R2 ignored; 0 keeps objdump in step */
    } else if (w < 960) { /* EXECUTE */
        nrandom--;
        item_ex();
    } else if (w < 961) { /* opcode 00: operation exception */
        e_rr(0x00, 0, 0);
    } else { /* more plain arithmetic */
        static const int ops[] = {0x1A, 0x1B, 0x1E, 0x1F};
        e_rr(ops[rn(4)], reg_w(), reg_any());
    }
}

/* ---- whole image ---- */
static void die(const char *m)
{
    fprintf(stderr, "randgen: %s\n", m);
    exit(2);
}

static void write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, n, f) != n || fclose(f))
        die(path);
}

static void write_elf(const char *path, u32 size)
{
    u8 h[0x100] = {0};
    memcpy(h, "\177ELF", 4);
    h[4] = 1;   /* ELFCLASS32 */
    h[5] = 2;   /* big-endian */
    h[6] = 1;   /* EV_CURRENT */
#define H16(o, v) (h[o] = (u8)((v) >> 8), h[(o) + 1] = (u8)(v))
#define H32(o, v) (H16(o, (v) >> 16), H16((o) + 2, (v) & 0xFFFF))
    H16(16, 2);        /* ET_EXEC */
    H16(18, 22);       /* EM_S390 */
    H32(20, 1);        /* version */
    H32(24, LOAD);     /* entry */
    H32(28, 52);       /* phoff */
    H32(32, 0);        /* shoff */
    H32(36, 0);        /* flags */
    H16(40, 52);       /* ehsize */
    H16(42, 32);       /* phentsize */
    H16(44, 1);        /* phnum */
    H16(46, 40);       /* shentsize */
    H16(48, 0);        /* shnum */
    H16(50, 0);        /* shstrndx */
    H32(52, 1);        /* PT_LOAD */
    H32(56, 0x100);    /* offset */
    H32(60, LOAD);     /* vaddr */
    H32(64, LOAD);     /* paddr */
    H32(68, size);     /* filesz */
    H32(72, size);     /* memsz */
    H32(76, 7);        /* RWX */
    H32(80, 4);        /* align */
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(h, 1, sizeof h, f) != sizeof h || fwrite(img, 1, size, f) != size || fclose(f))
        die(path);
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "--list")) {
        for (size_t i = 0; i < sizeof covered / sizeof covered[0]; i++)
            puts(covered[i]);
        return 0;
    }
    if (argc == 2 && !strcmp(argv[1], "--exclusions")) {
        for (int i = 0; i < EX_COUNT; i++)
            printf("%s\t%s\n", ex_names[i], ex_desc[i]);
        return 0;
    }
    if (argc < 4)
        die("usage: randgen SEED NBLOCKS OUT [-S] [-x NAME]... | randgen --list | randgen --exclusions");
    u64 seed = strtoull(argv[1], NULL, 0);
    int nblocks = atoi(argv[2]);
    const char *out = argv[3];
    int scratch_copy = 0;
    for (int i = 4; i < argc; i++) {
        if (!strcmp(argv[i], "-S"))
            scratch_copy = 1;
        else if (!strcmp(argv[i], "-x") && i + 1 < argc) {
            int k;
            for (k = 0; k < EX_COUNT && strcmp(argv[i + 1], ex_names[k]); k++)
                ;
            if (k == EX_COUNT)
                die("unknown exclusion (see --exclusions)");
            excl[k] = 1;
            i++;
        } else
            die("unknown option");
    }
    if (nblocks < 1 || nblocks > 5000)
        die("NBLOCKS must be 1..5000");
    rs_state = seed * 0x2545F4914F6CDD1Dull + 0x1234567;
    u32 entry_len = scratch_copy ? 80 + SCRLEN : 80;

    /* registers */
    RS = 1 + (int)rn(15);
    int tmp[15], nt = 0;
    for (int r = 1; r < 16; r++)
        if (r != RS)
            tmp[nt++] = r;
    for (int i = nt - 1; i > 0; i--) { /* shuffle */
        int j = (int)rn((u32)i + 1), t = tmp[i];
        tmp[i] = tmp[j], tmp[j] = t;
    }
    T = tmp[0], U = tmp[1], V = tmp[2], W = tmp[3], X = tmp[4];

    /* the data area: in half the images the scratch area crosses 0x12000 */
    if (chance(50))
        DATA = 0x12000 - SCR - 8 * (1 + rn(31));
    else
        DATA = 0x11000 + 8 * rn(64);

    int lab_data = newlab(), lab_handler = newlab(), lab_finish = newlab(), lab_done = newlab();
    int lab_results = newlab();
    int *blk_lab = calloc((size_t)nblocks + 1, sizeof *blk_lab);
    int *desc_lab = calloc((size_t)nblocks, sizeof *desc_lab);
    u32 *blk_start = calloc((size_t)nblocks, sizeof *blk_start), *blk_epi = calloc((size_t)nblocks, sizeof(u32));
    u32 *blk_end = calloc((size_t)nblocks, sizeof(u32)), *blk_nrand = calloc((size_t)nblocks, sizeof(u32));
    u32 *desc_addr = calloc((size_t)nblocks, sizeof(u32));
    if (!blk_lab || !desc_lab || !blk_start || !blk_epi || !blk_end || !blk_nrand || !desc_addr)
        die("out of memory");
    for (int i = 0; i < nblocks; i++)
        blk_lab[i] = newlab(), desc_lab[i] = newlab();
    blk_lab[nblocks] = lab_done;

    /* start-up */
    pc = 0;
    e_larl(RS, lab_data, 0);
    e_ss(0xD2, 15, 0, 0x300, RS, H_ABORT);   /* MVC 0x300(16),ABORT: abort and handler PSWs */
    e_ss(0xD2, 7, 0, 0x68, RS, H_PGMNEW);    /* MVC 0x68(8),PGMNEW */
    e_brcl(15, blk_lab[0]);

    /* program-check handler */
    deflab(lab_handler);
    u32 handler = addr();
    e_ss(0xD2, 7, 0, 0x68, 0, 0x300);        /* a fault in here ends the run */
    e_rs(0x90, 0, 15, RS, H_SAVE);
    e_ss(0xD2, 3, RS, H_CCPM, 0, 0x28);
    e_ss(0xD2, 3, RS, H_PGM, 0, 0x8C);
    e_si(0x96, 0x80, RS, H_PGM);
    e_rx(0x58, T, 0, 0, 0x2C);
    e_rx(0x54, T, 0, RS, H_MASK31);
    e_rr(0x1B, U, U);
    e_rx(0x43, U, 0, 0, 0x8D);
    e_rx(0x54, U, 0, RS, H_C6);
    e_rr(0x1B, T, U);
    e_rx(0x58, U, 0, RS, H_CURDESC);
    e_rx(0x5B, T, 0, U, D_START);
    e_rx(0x50, T, 0, RS, H_PGMOFF);
    /* fall through */
    deflab(lab_finish);
    e_ss(0xD2, 7, 0, 0x68, 0, 0x308);        /* re-arm the handler */
    e_rx(0x58, T, 0, RS, H_CURDESC);
    e_rx(0x58, U, 0, T, D_RESULT);
    e_ss(0xD2, 63, U, 0, RS, H_SAVE);
    e_ss(0xD2, 11, U, 64, RS, H_CCPM);
    e_rx(0x41, W, 0, RS, SCR);
    e_ri(0xA7, 8, X, SCRLEN / 4);
    e_ri(0xA7, 8, V, 0);
    u32 loop = addr();
    e_rse(0xEB, 0x1D, V, V, 0, 5);
    e_rx(0x5E, V, 0, W, 0);
    e_rx(0x41, W, 0, W, 4);
    {
        u32 at = e_ri(0xA7, 6, X, 0);
        put16(at + 2, (u32)((s32)(loop - (LOAD + at)) / 2) & 0xFFFF);
    }
    e_rx(0x50, V, 0, U, 76);
    if (scratch_copy)
        e_ss(0xD2, 255, U, 80, RS, SCR);
    e_rx(0x58, T, 0, T, D_NEXT);
    e_rr(0x07, 15, T);
    deflab(lab_done);
    e_rx(0x82, 0, 0, RS, H_DONE);            /* LPSW */

    /* the data area */
    if (pc > DATA - LOAD)
        die("start-up code too long");
    pc = DATA - LOAD;
    deflab(lab_data);
    put32(pc + H_ABORT, 0x000A0000), put32(pc + H_ABORT + 4, 0x80BADEEE);
    put32(pc + H_PGMNEW, 0x00080000), put32(pc + H_PGMNEW + 4, 0x80000000 | handler);
    put32(pc + H_DONE, 0x000A0000), put32(pc + H_DONE + 4, 0x8000600D);
    put32(pc + H_MASK31, 0x7FFFFFFF);
    put32(pc + H_C6, 6);
    put32(pc + H_ONE, 1);
    put32(pc + H_MAXNEG, 0x80000000);
    for (int i = 0; i < 256; i++)
        img[pc + GUARD + i] = (u8)i;
    pc += DATA_LEN;
    img_end = pc;

    /* the blocks */
    pc = BLOCKS_AT - LOAD;
    for (int bi = 0; bi < nblocks; bi++) {
        deflab(blk_lab[bi]);
        blk_start[bi] = addr();
        e_larl(T, desc_lab[bi], 0);
        e_rx(0x50, T, 0, RS, H_CURDESC);
        e_ss(0xD2, SCRLEN - 1, RS, SCR, T, D_SCR);
        e_ss(0xD7, 11, RS, H_CCPM, RS, H_CCPM);
        e_rx(0x58, 0, 0, T, D_CCPM);
        e_rr(0x04, 0, 0);
        e_rs(0x98, 0, 15, T, D_REGS);
        u32 n0 = nrandom;
        nitems = 8 + (int)rn(17);
        for (int i = 0; i <= nitems; i++)
            item_lab[i] = newlab();
        npool = 0;
        for (cur_item = 0; cur_item < nitems; cur_item++) {
            deflab(item_lab[cur_item]);
            item();
        }
        deflab(item_lab[nitems]);
        blk_epi[bi] = addr();
        blk_nrand[bi] = nrandom - n0;
        e_rs(0x90, 0, 15, RS, H_SAVE);
        e_rx(0x41, T, 0, 0, 0);
        e_rre(0xB222, T, 0);
        e_rx(0x50, T, 0, RS, H_CCPM);
        e_brcl(15, lab_finish);
        for (int k = 0; k < npool; k++) {
            deflab(pool[k].lab);
            u32 at = pc;
            emit(pool[k].b, pool[k].len);
            if (pool[k].rel_kind >= 0)
                patch(at, pool[k].rel_kind, pool[k].rel_lab, 0);
        }
        blk_end[bi] = addr();
        while (pc & 7)
            emit((const u8 *)"\0", 1);
        deflab(desc_lab[bi]);
        desc_addr[bi] = addr();
        u32 d = pc;
        emit((const u8[D_LEN]){0}, D_LEN);
        put32(d + D_START, blk_start[bi]);
        patch(d + D_RESULT, P_ABS32, lab_results, (s32)((u32)bi * entry_len));
        patch(d + D_NEXT, P_ABS32, blk_lab[bi + 1], 0);
        /* CC, program mask: fixed-point overflow on in 30% of the blocks */
        u32 ccpm = rn(4) << 28 | (rnd32() & 0x07000000) | (chance(20) ? 0x08000000 : 0);
        put32(d + D_CCPM, ccpm);
        for (int r = 0; r < 16; r++) {
            u32 v;
            if (r == RS)
                v = DATA;
            else if (chance(12))
                v = DATA + SCR + rn(SCRLEN);
            else
                v = special32();
            put32(d + D_REGS + 4 * (u32)r, v);
        }
        for (int k = 0; k < SCRLEN; k += 4) {
            u32 v = chance(25) ? special32() : rnd32();
            if (chance(10))
                v &= 0xFFFFFF00; /* zero bytes: string terminators */
            put32(d + D_SCR + (u32)k, v);
        }
    }
    while (pc & 255)
        emit((const u8 *)"\0", 1);
    deflab(lab_results);
    u32 results = addr();
    pc += (u32)nblocks * entry_len;
    img_end = pc;

    /* resolve */
    for (int i = 0; i < npatch; i++) {
        struct patch *p = &patches[i];
        u32 tgt;
        if (p->lab < 0)
            tgt = (u32)p->addend; /* absolute address in the addend */
        else {
            if (!lab_set[p->lab])
                die("undefined label");
            tgt = lab_addr[p->lab] + (u32)(p->lab >= 0 && p->kind != P_ABS32 ? p->addend : 0);
        }
        if (p->kind == P_ABS32) {
            put32(p->pos, lab_addr[p->lab] + (u32)p->addend);
            continue;
        }
        s32 delta = (s32)(tgt - (LOAD + p->pos));
        if (delta & 1)
            die("odd relative offset");
        if (p->kind == P_REL16) {
            if (delta / 2 < -32768 || delta / 2 > 32767)
                die("relative offset out of range");
            put16(p->pos + 2, (u32)(delta / 2) & 0xFFFF);
        } else
            put32(p->pos + 2, (u32)(delta / 2));
    }

    char path[4096];
    snprintf(path, sizeof path, "%s.bin", out);
    write_file(path, img, img_end);
    snprintf(path, sizeof path, "%s.elf", out);
    write_elf(path, img_end);
    snprintf(path, sizeof path, "%s.info", out);
    FILE *f = fopen(path, "w");
    if (!f)
        die(path);
    u32 total = 0;
    for (int i = 0; i < nblocks; i++)
        total += blk_nrand[i];
    for (int k = 0; k < EX_COUNT; k++)
        if (excl[k])
            fprintf(f, "EXCLUDED %s %u\n", ex_names[k], excluded_count[k]);
    fprintf(f, "SEED=%llu\nNBLOCKS=%d\nRS=%d\nDATA=%08X\nSCRATCH=%08X\nRESULTS=%08X\nENTRY=%u\nRANDOM_INSNS=%u\n",
            (unsigned long long)seed, nblocks, RS, DATA, DATA + SCR, results, entry_len, total);
    for (int i = 0; i < nblocks; i++) {
        fprintf(f, "BLOCK %d %08X %08X %08X %08X %u", i, blk_start[i], blk_epi[i], blk_end[i], desc_addr[i],
                blk_nrand[i]);
        u32 d = desc_addr[i] - LOAD;
        fprintf(f, " CCPM=%08X", (unsigned)(img[d + D_CCPM] << 24 | img[d + D_CCPM + 1] << 16 |
                                            img[d + D_CCPM + 2] << 8 | img[d + D_CCPM + 3]));
        for (int r = 0; r < 16; r++) {
            u32 o = d + D_REGS + 4 * (u32)r;
            fprintf(f, " %08X", (unsigned)(img[o] << 24 | img[o + 1] << 16 | img[o + 2] << 8 | img[o + 3]));
        }
        fprintf(f, "\n");
    }
    fclose(f);
    return 0;
}
