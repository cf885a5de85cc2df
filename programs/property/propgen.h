/* propgen.h: the property tests' case generator, guest side (included by
 * propcase.c, which runs what it makes).
 *
 * Why in the guest: a case costs a few thousand guest instructions to
 * make, so thousands of cases cost one boot (bare, or of CP) instead of
 * one boot each. Why from a seed: the harness (tests/property/prop.py)
 * names a case by its seed, and shrinks it by dropping items and
 * simplifying operands (prop_params), never by editing code.
 *
 * The instructions come from prop_isa.h, generated from spec.yaml's
 * tables (tests/property/ptable.py): a case draws from the innocuous
 * ones (problem-state, innocuous in Popek and Goldberg's sense) and from
 * the privileged and sensitive ones, uniformly within each. Operands are
 * chosen by format so that every access stays inside the case's own
 * storage; a few instructions whose operands are architecturally special
 * (register-designated operands, PSWs, control registers, clocks, device
 * addresses) get their conventions by mnemonic in prop_operands(). Left
 * out by design, because the Principles of Operation let a VM differ
 * there (see tests/property/README.md): STIDP, SCK, DIAG, SIE, SIO.
 *
 * A case's storage (real addresses; DAT maps them to themselves, except
 * where a case's configuration aliases or protects a data page):
 *
 *   CODE  0x80000  its code, one page; R11 holds it (branch targets)
 *   DATA  0x82000  8K of data; R12 holds it, R10 = 0x1000 indexes the second page
 *   GUARD 0x84000  a page of zeros after the data (string instructions end there)
 *   CTRL  0x85000  PSWs for LPSW, CR images, timer values, literals, clock slots: R13
 *   STO   0x86000  its segment table (16 entries)
 *   PTO   0x87000  its page tables (segment 0: 256 entries; segment 1: 64 at +0x400)
 *
 * Random code writes only R0-R9, R14, R15, stores only through R12 (and
 * the clock slots through R13), and branches only forward, so every case
 * ends: at the SVC 0 after its last item.
 */
#ifndef PROPERTY_PROPGEN_H
#define PROPERTY_PROPGEN_H

#include "creasy.h"

enum prop_fmt { PF_E, PF_I, PF_RR, PF_RRE, PF_RX, PF_RS, PF_RSI, PF_RI, PF_RIL, PF_SI, PF_S, PF_S8, PF_SS, PF_SSE, PF_RXE, PF_RSE };

struct prop_isa {
    const char *mnem, *name, *operands;
    u32 opcode, exceptions;
    u8 fmt, len, priv, pg, cc, sie, rel;
};

#include "prop_isa.h"

static const struct prop_isa prop_isa[PROP_ISA_COUNT] = {PROP_ISA_ROWS};

#define CODE 0x80000u
#define DATA 0x82000u
#define GUARD 0x84000u
#define CTRL 0x85000u
#define STO 0x86000u
#define PTO 0x87000u
#define CASE_PAGES 8
/* CTRL's parts, offsets from R13 */
#define C_PSW 0x000     /* 32 PSWs for LPSW */
#define C_CR 0x100      /* 32 words: word j for CR j mod 16 (LCTL r1,r3 reads from word r1) */
#define C_TIMER 0x180   /* 8 doublewords for SCKC and SPT */
#define C_MASK 0x1C0    /* 16 system masks for SSM */
#define C_LIT 0x200     /* 64 literal words for setups */
#define C_CLOCK 0x400   /* 64 doublewords: STCK and STPT store here (not hashed: timing) */
#define C_END 0x600

#define R_IDX 10
#define R_CODE 11
#define R_DATA 12
#define R_CTRL 13
#define MAX_ITEMS 48

/* prop_params.simplify: configuration simplifications the shrinker tries */
#define S_NODAT 1      /* DAT off at the start */
#define S_NOEDGE 2     /* no aliased, protected or invalid data pages */
#define S_NOKEYS 4     /* storage keys of the data pages zero */
#define S_ZEROREGS 8   /* registers zero at the start */
#define S_ZERODATA 16  /* data zero at the start */

enum { IK_PLAIN, IK_LONG_RR, IK_LONG_RS, IK_STRING, IK_KEYS, IK_IPTE };
enum { IF_BRANCH = 1, IF_REL = 2, IF_EX = 4, IF_EXABLE = 8, IF_LPSW = 16, IF_CLOCK = 32, IF_STPT = 64 };

/* A drawn item: an instruction, its operands, and the setup before it. */
struct item {
    u8 isa, kind, flags, ahead;   /* ahead: a branch's target, items ahead (0: the end) */
    u8 r1, r2, b1, b2;            /* r2 is R2, R3, X2 or M3 by format */
    u16 d1, d2;
    u32 v;                        /* immediate, SVC code, length, PSW bits, ... */
    u8 sr1, sr2;                  /* setup: registers of the first and second address */
    u16 s1, s2, l1, l2;           /* setup: displacements (bit 15: index R10) and lengths */
};

struct prop_case {
    u32 seed;
    u8 dat, alias, protect, guard_invalid, keys[2];
    u32 regs[16];
    u32 nitems;
    struct item items[MAX_ITEMS];
};

static u32 rng;
static u32 rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}
static u32 rn(u32 n) { return rnd() % n; }

static const u8 writable[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 14, 15};
static const u8 evens[] = {0, 2, 4, 6, 8, 14};
static u8 reg_w(void) { return writable[rn(sizeof writable)]; }
static u8 reg_even(void) { return evens[rn(sizeof evens)]; }

static u32 special(void)
{
    static const u32 s[] = {0, 1, 2, 0xFFFFFFFFu, 0x80000000u, 0x7FFFFFFFu, 0x00001000u, 0x00082010u};
    return rn(3) ? rnd() >> rn(32) : s[rn(sizeof s / sizeof s[0])];
}

/* the two pools, from the table */
static u8 pool_inn[PROP_ISA_COUNT], pool_sens[PROP_ISA_COUNT];
static u32 n_inn, n_sens;

static bool name_is(const struct prop_isa *d, const char *m) { return strcmp(d->mnem, m) == 0; }
static bool is_branch(const struct prop_isa *d) { return memcmp(d->name, "Branch", 6) == 0; }
static bool accesses_storage(const struct prop_isa *d) { return d->exceptions & (1u << PGM_ADDRESSING); }

static void prop_pools(void)
{
    static const char *const by_design[] = {"STIDP", "SCK", "DIAG", "SIE", "SIO"};
    for (u32 i = 0; i < PROP_ISA_COUNT; i++) {
        bool out = false;
        for (u32 k = 0; k < sizeof by_design / sizeof by_design[0]; k++)
            out |= name_is(&prop_isa[i], by_design[k]);
        if (out)
            continue;
        if (prop_isa[i].priv || prop_isa[i].pg)
            pool_sens[n_sens++] = (u8)i;
        else
            pool_inn[n_inn++] = (u8)i;
    }
}

/* a displacement into the data area: bit 15 asks for the index R10 */
static u16 data_disp(u32 room)
{
    u32 d = rn(4096 - room);
    if (rn(5))
        d &= ~3u;
    return (u16)d;
}

/* operands by format, for what has no convention of its own */
static void prop_default_operands(struct item *it, const struct prop_isa *d)
{
    it->r1 = reg_w();
    it->r2 = reg_w();
    it->b1 = it->b2 = R_DATA;
    it->d1 = data_disp(256);
    it->d2 = data_disp(256);
    it->v = special();
    switch (d->fmt) {
    case PF_RX:
    case PF_RXE:
        it->r2 = rn(2) ? R_IDX : 0;   /* the index */
        break;
    case PF_RS:
    case PF_RSE:
        if (!accesses_storage(d)) {   /* a shift: the address is the amount */
            it->b2 = 0;
            it->d2 = (u16)rn(64);
        } else if (rn(2)) {           /* R1 to R3 within R0-R9 (LM writes them) */
            it->r1 = (u8)rn(10);
            it->r2 = (u8)(it->r1 + rn(10 - it->r1));
        } else {
            it->r1 = (u8)(14 + rn(2));
            it->r2 = (u8)(it->r1 + rn(16 - it->r1));
        }
        break;
    case PF_S:
        if (!accesses_storage(d)) {
            it->b2 = 0;
            it->d2 = (u16)rn(4096);
        }
        break;
    case PF_SS:
        it->v = rn(256);
        break;
    default:
        break;
    }
}

static void prop_branch_operands(struct item *it, const struct prop_isa *d)
{
    it->flags |= IF_BRANCH;
    it->ahead = (u8)rn(4);
    if (d->rel)
        it->flags |= IF_REL;
    else if (d->fmt == PF_RR)
        it->r2 = 0;   /* BCR, BALR, BASR, BCTR with R2 zero: no branch */
    else
        it->b2 = R_CODE, it->r2 = d->fmt == PF_RS ? it->r2 : 0;
}

/* The conventions of instructions with architecturally special operands. */
static void prop_operands(struct item *it, u32 idx)
{
    const struct prop_isa *d = &prop_isa[idx];
    u32 slot = rn(32);
    prop_default_operands(it, d);
    if (is_branch(d)) {
        prop_branch_operands(it, d);
    } else if (d->rel) {   /* LARL: a forward address */
        it->flags |= IF_REL;
        it->ahead = (u8)rn(4);
    } else if (name_is(d, "EX")) {
        it->flags |= IF_EX;
        it->r1 = 0, it->r2 = 0, it->b2 = R_CODE;
    } else if (name_is(d, "SVC")) {
        it->v = 1 + rn(255);   /* 0 ends the case; odd codes return to supervisor state */
    } else if (name_is(d, "LPSW")) {
        it->flags |= IF_LPSW;
        it->b2 = R_CTRL, it->d2 = (u16)(C_PSW + 8 * slot);
        it->v = rnd();
    } else if (name_is(d, "SSM") && rn(4)) {   /* mostly a valid mask; else a data byte */
        it->b2 = R_CTRL, it->d2 = (u16)(C_MASK + rn(16));
    } else if (name_is(d, "STOSM") && rn(4)) {
        it->v = rnd() & 0x07;
    } else if (name_is(d, "LCTL") || name_is(d, "STCTL")) {
        it->r1 = (u8)rn(16), it->r2 = (u8)rn(16);
        if (name_is(d, "LCTL"))
            it->b2 = R_CTRL, it->d2 = (u16)(C_CR + 4 * it->r1);
    } else if (name_is(d, "SCKC") || name_is(d, "SPT")) {
        it->b2 = R_CTRL, it->d2 = (u16)(C_TIMER + 8 * rn(8));
    } else if (name_is(d, "STCK") || name_is(d, "STPT")) {
        it->flags |= name_is(d, "STCK") ? IF_CLOCK : IF_STPT;
        it->b2 = R_CTRL;   /* d2: the item's own slot, at emission */
    } else if (name_is(d, "SPKA") || name_is(d, "TPROT")) {
        it->b2 = 0, it->d2 = (u16)(rn(16) << 4);
        if (name_is(d, "TPROT") && rn(3) == 0)
            it->b1 = reg_w();   /* anywhere: translation and addressing */
    } else if (name_is(d, "TIO") || name_is(d, "HIO") || name_is(d, "TCH")) {
        static const u16 devs[] = {0x009, 0x555, 0x00E};
        it->b2 = 0, it->d2 = devs[rn(3)];
    } else if (name_is(d, "LRA")) {
        if (rn(5) < 2)
            it->b2 = reg_w(), it->r2 = 0, it->d2 = (u16)rn(4096);
    } else if (name_is(d, "CS") || name_is(d, "CDS")) {
        it->r1 = reg_even(), it->r2 = reg_even();
    } else if (name_is(d, "MVCL") || name_is(d, "CLCL") || name_is(d, "MVCLE") || name_is(d, "CLCLE")) {
        it->kind = d->fmt == PF_RR ? IK_LONG_RR : IK_LONG_RS;
        it->r1 = it->sr1 = reg_even();
        do
            it->r2 = it->sr2 = reg_even();
        while (it->r2 == it->r1);
        it->b2 = 0, it->d2 = (u16)rn(256);   /* MVCLE's pad */
        it->s1 = data_disp(0) | (u16)(rn(2) << 15), it->s2 = data_disp(0) | (u16)(rn(2) << 15);
        it->l1 = (u16)rn(rn(4) ? 300 : 4096), it->l2 = (u16)rn(rn(4) ? 300 : 4096);
    } else if (name_is(d, "CLST") || name_is(d, "MVST") || name_is(d, "SRST")) {
        it->kind = IK_STRING;
        it->r1 = it->sr1 = (u8)(1 + rn(9));
        do
            it->r2 = it->sr2 = (u8)(1 + rn(9));
        while (it->r2 == it->r1);
        it->s1 = data_disp(0) | (u16)(rn(2) << 15), it->s2 = data_disp(0) | (u16)(rn(2) << 15);
        it->l1 = rn(4) ? 0 : (u16)rn(256);   /* the terminator, in R0 */
    } else if (name_is(d, "ISKE") || name_is(d, "RRBE") || name_is(d, "SSKE")) {
        it->kind = IK_KEYS;
        it->sr2 = it->r2;
        it->s2 = data_disp(0) | (u16)(rn(2) << 15);
    } else if (name_is(d, "IPTE")) {
        it->kind = IK_IPTE;
        it->sr1 = it->r1;
        do
            it->sr2 = it->r2 = reg_w();
        while (it->r2 == it->r1);
        it->s2 = data_disp(0) | (u16)(rn(2) << 15);
    }
    if (!(it->flags & (IF_BRANCH | IF_REL | IF_EX | IF_LPSW | IF_CLOCK | IF_STPT)) && it->kind == IK_PLAIN &&
        !name_is(d, "SVC"))
        it->flags |= IF_EXABLE;
}

/* Draw a whole case from its seed: everything is drawn whatever the
 * shrinker later drops, so that dropping one item changes no other. */
static void prop_draw(struct prop_case *c, u32 seed)
{
    rng = seed * 0x9E3779B9u ^ 0x5BD1E995u;
    if (!rng)
        rng = 1;
    for (int i = 0; i < 4; i++)
        rnd();
    c->seed = seed;
    c->dat = rn(3) == 0;
    c->alias = rn(4) == 0;
    c->protect = rn(4) == 0;
    c->guard_invalid = rn(4) == 0;
    for (int k = 0; k < 2; k++)
        c->keys[k] = rn(2) ? (u8)(rnd() & 0xF8) : 0;
    for (int r = 0; r < 16; r++)
        c->regs[r] = special();
    c->nitems = 4 + rn(MAX_ITEMS - 3);
    for (u32 i = 0; i < c->nitems; i++) {
        struct item *it = &c->items[i];
        memset(it, 0, sizeof *it);
        it->isa = rn(100) < 55 ? pool_inn[rn(n_inn)] : pool_sens[rn(n_sens)];
        prop_operands(it, it->isa);
    }
}

#endif
