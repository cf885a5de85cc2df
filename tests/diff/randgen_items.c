/* randgen_items.c: a block's random items for the differential test's
 * images: one instruction, or a short sequence that sets up what the
 * instruction needs (address registers for MVCL, a branch target for a
 * register branch), within the rules randgen.c lists.
 *
 * Design note. item() draws a number below 1000 and picks the family
 * whose range holds it (the families table: the ranges are the mix);
 * each family draws the rest itself. EXECUTE items make their target
 * here and pool it, and randgen.c places the pool after the block's
 * epilogue. The order of the draws is the image (randgen.h): a family
 * that changes how it draws changes every image.
 */
#include <string.h>

#include "randgen.h"

int nitems, cur_item;
int item_lab[MAX_ITEMS];
struct pooled pool[MAX_ITEMS];
int npool;
u32 nrandom;

static int target_fwd(void)   /* the label of a later item (or the epilogue) */
{
    int lo = cur_item + 1, hi = nitems;
    int j = chance(70) ? lo + (int)rn(4) : lo + (int)rn((u32)(hi - lo + 1));
    if (j > hi)
        j = hi;
    return item_lab[j];
}

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


static void item_ex(void);

/* An EXECUTE target being made: the instruction as it runs (the OR
 * register may supply bits `orable` of byte 1), and a relative operand
 * to patch (rel_kind -1: none). */
struct ex_target {
    u8 b[6];
    int len, orable, rel_kind, rel_lab;
};

/* SS with the length from the register */
static int ex_ss(struct ex_target *t)
{
    static const int ops[] = {0xD2, 0xD4, 0xD5, 0xD6, 0xD7};
    int l = (int)rn(chance(20) ? 256 : 24);
    int d1 = scr(l + 1, 1), d2 = scr(l + 1, 1);
    t->b[0] = (u8)ops[rn(5)];
    t->b[1] = (u8)l;
    t->b[2] = (u8)(RS << 4 | d1 >> 8), t->b[3] = (u8)d1;
    t->b[4] = (u8)(RS << 4 | d2 >> 8), t->b[5] = (u8)d2;
    t->len = 6, t->orable = 0xFF;
    return 1;
}

/* RR */
static int ex_rr(struct ex_target *t)
{
    int k = (int)rn(N_RR + 1);
    if (k == N_RR) {
        t->b[0] = 0x1C; /* MR */
        t->b[1] = (u8)(reg_pair() << 4 | reg_any());
    } else {
        t->b[0] = (u8)rr_ops[k].op;
        t->b[1] = (u8)((rr_ops[k].writes ? reg_w() : reg_any()) << 4 | reg_any());
    }
    t->len = 2, t->orable = 0xFF;
    return 1;
}

/* SI: the immediate from the register */
static int ex_si(struct ex_target *t)
{
    static const int ops[] = {0x91, 0x92, 0x94, 0x95, 0x96, 0x97};
    int d = scr(1, 1);
    t->b[0] = (u8)ops[rn(6)], t->b[1] = (u8)rnd32();
    t->b[2] = (u8)(RS << 4 | d >> 8), t->b[3] = (u8)d;
    t->len = 4, t->orable = 0xFF;
    return 1;
}

/* RX load/store, OR into R1 only */
static int ex_rx(struct ex_target *t)
{
    static const int ops[] = {0x58, 0x5A, 0x59, 0x50, 0x43, 0x42, 0x48, 0x55};
    int op = ops[rn(8)];
    int r1 = (op == 0x50 || op == 0x42 || op == 0x59 || op == 0x55) ? reg_any() : reg_w();
    int d = scr(4, 1);
    t->b[0] = (u8)op, t->b[1] = (u8)(r1 << 4);
    t->b[2] = (u8)(RS << 4 | d >> 8), t->b[3] = (u8)d;
    t->len = 4, t->orable = 0xF0;
    return 1;
}

/* shifts: OR into R1 and the ignored R3 */
static int ex_shift(struct ex_target *t)
{
    int op = 0x88 + (int)rn(8);
    int r1 = op >= 0x8C ? reg_pair() : reg_w();
    int d = (int)rn(70);
    t->b[0] = (u8)op, t->b[1] = (u8)(r1 << 4 | rn(16));
    t->b[2] = (u8)(d >> 8), t->b[3] = (u8)d;
    t->len = 4, t->orable = 0xFF;
    return 1;
}

/* RI */
static int ex_ri(struct ex_target *t)
{
    static const int op2s[] = {0x8, 0xA, 0xC, 0xE, 0x0, 0x1};
    int op2 = op2s[rn(6)];
    int r1 = op2 >= 0x8 && op2 != 0xE ? reg_w() : reg_any();
    int i = imm16();
    t->b[0] = 0xA7, t->b[1] = (u8)(r1 << 4 | op2), t->b[2] = (u8)(i >> 8), t->b[3] = (u8)i;
    t->len = 4, t->orable = 0xF0;
    return 1;
}

/* relative branches and LARL: relative to the target's address */
static int ex_relative(struct ex_target *t)
{
    int k = (int)rn(5);
    t->rel_lab = target_fwd();
    if (k == 4) { /* LARL */
        t->b[0] = 0xC0, t->b[1] = (u8)(reg_w() << 4 | 0);
        t->len = 6, t->rel_kind = P_REL32;
        memset(t->b + 2, 0, 4);
    } else {
        static const int op2s[] = {4, 4, 5, 6};
        int op2 = op2s[k];
        int r1 = op2 == 4 ? (int)rn(16) : reg_w();
        t->b[0] = 0xA7, t->b[1] = (u8)(r1 << 4 | op2), t->b[2] = t->b[3] = 0;
        t->len = 4, t->rel_kind = P_REL16;
    }
    t->orable = 0xF0;
    return 1;
}

/* branches to a register set just before: BCR, BASR, BALR, BCTR, and BC,
 * BAS, BAL, BCT with the register as base. Emits its own EXECUTE: the
 * register must survive until the target runs. */
static int ex_branch_reg(struct ex_target *t)
{
    static const int ops[] = {0x07, 0x0D, 0x05, 0x06, 0x47, 0x4D, 0x45, 0x46};
    int op = ops[rn(8)];
    int tr = reg_wnz();
    e_larl(tr, target_fwd(), 0);
    maybe_hibit(tr);
    nrandom++;
    int r1 = op == 0x07 || op == 0x47 ? (int)rn(16) : reg_w();
    t->b[0] = (u8)op;
    if (op < 0x40) {
        t->b[1] = (u8)(r1 << 4 | tr);
        t->len = 2;
    } else {
        t->b[1] = (u8)(r1 << 4), t->b[2] = (u8)(tr << 4), t->b[3] = 0;
        t->len = 4;
    }
    ex_of(t->b, t->len, 0xF0, -1, -1, tr);
    return 0;
}

/* RRE: byte 1 is opcode, so no OR (R1 = 0 or a zero byte) */
static int ex_rre(struct ex_target *t)
{
    static const int ops[] = {0xB252, 0xB91F, 0xB998, 0xB999, 0xB222};
    int op = ops[rn(5)];
    t->b[0] = (u8)(op >> 8), t->b[1] = (u8)op, t->b[2] = 0;
    t->b[3] = (u8)(reg_w() << 4 | (op == 0xB222 ? 0 : reg_any()));
    t->len = 4, t->orable = 0;
    return 1;
}

/* rare: EXECUTE of EXECUTE (0003), or an odd target address (0006);
 * mostly another SS target */
static int ex_rare(struct ex_target *t)
{
    if (!chance(30)) {
        item_ex();
        return 0;
    }
    if (chance(50)) {
        t->b[0] = 0x44, t->b[1] = 0, t->b[2] = 0, t->b[3] = 0;
        t->len = 4, t->orable = 0;
        return 1;
    }
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
    return 0;
}

/* An EXECUTE and its target, of one of twelve kinds. t.b is the
 * instruction as it runs; ex_of splits byte 1 between the target and the
 * OR register, so any valid t.b stays valid. A kind that returns 0 has
 * emitted its EXECUTE itself. */
static void item_ex(void)
{
    static int (*const kinds[12])(struct ex_target *) = {
        ex_ss, ex_ss, ex_rr, ex_rr, ex_si, ex_rx, ex_shift, ex_ri, ex_relative, ex_branch_reg, ex_rre, ex_rare,
    };
    struct ex_target t = {.len = 0, .orable = 0, .rel_kind = -1, .rel_lab = -1};
    if (kinds[rn(12)](&t))
        ex_of(t.b, t.len, t.orable, t.rel_kind, t.rel_lab, -1);
}

/* ---- the item families ---- */

/* RR arithmetic and logic */
static void item_rr(void)
{
    int k = (int)rn(N_RR);
    e_rr(rr_ops[k].op, rr_ops[k].writes ? reg_w() : reg_any(), reg_any());
}

/* LPR/LCR of the maximum negative number */
static void item_maxneg(void)
{
    int r2 = reg_w();
    e_rx(0x58, r2, 0, RS, H_MAXNEG);
    nrandom++;
    e_rr(chance(50) ? 0x10 : 0x13, reg_w(), r2);
}

/* MR, DR */
static void item_mr_dr(void)
{
    int r1 = reg_pair();
    if (chance(50))
        e_rr(0x1C, r1, reg_any());
    else {
        div_guard(r1);
        e_rr(0x1D, r1, reg_any());
    }
}

/* MLR, DLR, MSR, ALCR, SLBR, LRVR, IPM */
static void item_rre(void)
{
    static const int ops[] = {0xB996, 0xB997, 0xB252, 0xB998, 0xB999, 0xB91F, 0xB222};
    int op = ops[rn(7)];
    e_rre(op, op == 0xB996 || op == 0xB997 ? reg_pair() : reg_w(), op == 0xB222 ? 0 : reg_any());
}

/* RX */
static void item_rx(void)
{
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
}

/* RXE */
static void item_rxe(void)
{
    int k = (int)rn(N_RXE);
    int r1 = rxe_ops[k].kind == 1 ? reg_w() : rxe_ops[k].kind == 2 ? reg_pair() : reg_any();
    int x2, b2, d2 = rx_addr(rxe_ops[k].size, &x2, &b2);
    e_rxe(0xE3, rxe_ops[k].op2, r1, x2, b2, d2);
}

/* LA with any registers */
static void item_la(void)
{
    e_rx(0x41, reg_w(), reg_any(), reg_any(), (int)rn(4096));
}

/* Shifts */
static void item_shift(void)
{
    int op = 0x88 + (int)rn(8);
    int r1 = op >= 0x8C ? reg_pair() : reg_w();
    int b2 = chance(70) ? 0 : reg_any();
    int d2 = chance(80) ? (int)rn(70) : (int)rn(4096);
    e_rs(op, r1, 0, b2, d2);
}

/* RLL */
static void item_rll(void)
{
    int b2 = chance(60) ? 0 : reg_any();
    e_rse(0xEB, 0x1D, reg_w(), reg_any(), b2, chance(80) ? (int)rn(70) : (int)rn(4096));
}

/* RI */
static void item_ri(void)
{
    static const int op2s[] = {0x8, 0xA, 0xA, 0xC, 0xE, 0x0, 0x1};
    int op2 = op2s[rn(7)];
    int r1 = (op2 == 0x8 || op2 == 0xA || op2 == 0xC) ? reg_w() : reg_any();
    e_ri(0xA7, op2, r1, imm16());
}

/* SI */
static void item_si(void)
{
    static const int ops[] = {0x91, 0x92, 0x94, 0x95, 0x96, 0x97};
    e_si(ops[rn(6)], chance(30) ? (int)(special32() & 0xFF) : (int)rn(256), RS, scr(1, 1));
}

/* SS */
static void item_ss(void)
{
    static const int ops[] = {0xD2, 0xD4, 0xD5, 0xD6, 0xD7};
    int l = chance(85) ? (int)rn(16) : chance(80) ? (int)rn(96) : (int)rn(256);
    /* overlapping operands 1 in 4 times: MVC 1(L,R),0(R) propagates */
    int d1 = scr(l + 1, 1), d2 = chance(25) ? d1 + (int)rn(9) - 4 : scr(l + 1, 1);
    if (d2 < SCR || d2 + l >= SCR + SCRLEN)
        d2 = d1;
    e_ss(ops[rn(5)], l, RS, d1, RS, d2);
}

/* ICM, CLM, STCM with every mask */
static void item_icm_clm_stcm(void)
{
    static const int ops[] = {0xBF, 0xBD, 0xBE};
    int op = ops[rn(3)], m = (int)rn(16);
    int n = __builtin_popcount((unsigned)m);
    e_rs(op, op == 0xBF ? reg_w() : reg_any(), m, RS, scr(n ? n : 1, 1));
}

/* LM (a range without RS), STM */
static void item_lm_stm(void)
{
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
}

/* CS, CDS (aligned, sometimes not; sometimes equal) */
static void item_cs_cds(void)
{
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
}

/* TS */
static void item_ts(void)
{
    e_rx(0x93, 0, 0, RS, scr(1, 1));
}

/* MVCL, CLCL */
static void item_mvcl_clcl(void)
{
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
}

/* MVCLE, CLCLE (CC 3 at a 4K boundary: loop with BRC 1) */
static void item_mvcle_clcle(void)
{
    int r1, r3;
    do
        r1 = (int)rn(8) * 2, r3 = (int)rn(8) * 2;
    while (r3 == r1 || !pair_ok(r1) || !pair_ok(r3));
    int op = chance(50) ? 0xA8 : 0xA9;
    if (op == 0xA8 && excl[EX_MVCLE]) {
        op = 0xA9;
        excluded_count[EX_MVCLE]++;
    }
    int l1 = chance(10) ? 0 : (int)rn(80), l3 = chance(10) ? 0 : (int)rn(80);
    int d1 = scr(l1, 1), d3 = scr(l3, 1);
    int m = l1 < l3 ? l1 : l3;
    if (op == 0xA8 && d1 > d3 && d1 < d3 + m && excl[EX_MVCLE_OVERLAP]) {
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
    if (!loop && op == 0xA8 && excl[EX_MVCLE_AMOUNT]) {
        loop = 1; /* the final state does not depend on the amount per execution */
        excluded_count[EX_MVCLE_AMOUNT]++;
    }
    if (loop) {
        patch(e_ri(0xA7, 4, 1, 0), P_REL16, -1, at); /* BRC 1 back to it */
        nrandom++;
    }
}

/* CLST, SRST, MVST */
static void item_string(void)
{
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
}

/* Forward branches */
static void item_branch(void)
{
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
}

/* LARL anywhere in the block or the data */
static void item_larl(void)
{
    if (chance(70))
        e_larl(reg_w(), item_lab[rn((u32)nitems + 1)], 0);
    else {
        u32 at = e_ril(0xC0, 0, reg_w(), 0);
        u32 tgt = DATA + (rn(DATA_LEN) & ~1u);
        put32(at + 2, (u32)((s32)(tgt - (LOAD + at)) / 2));
    }
}

/* SPM */
static void item_spm(void)
{
    e_rr(0x04, reg_any(), 0); /* R2 ignored; 0 keeps objdump in step */
}

/* EXECUTE */
static void item_execute(void)
{
    nrandom--;
    item_ex();
}

/* Opcode 00: operation exception */
static void item_op00(void)
{
    e_rr(0x00, 0, 0);
}

/* More plain arithmetic */
static void item_rr_more(void)
{
    static const int ops[] = {0x1A, 0x1B, 0x1E, 0x1F};
    e_rr(ops[rn(4)], reg_w(), reg_any());
}

/* The item families, each with its share of 1000: a family is drawn when
 * the draw is below its bound and not below the one before. */
static const struct {
    int below;
    void (*emit)(void);
} families[] = {
    {90, item_rr}, {110, item_maxneg}, {130, item_mr_dr}, {150, item_rre}, {250, item_rx}, {280, item_rxe},
    {295, item_la}, {355, item_shift}, {370, item_rll}, {450, item_ri}, {500, item_si}, {550, item_ss},
    {590, item_icm_clm_stcm}, {610, item_lm_stm}, {635, item_cs_cds}, {645, item_ts}, {670, item_mvcl_clcl},
    {690, item_mvcle_clcle}, {710, item_string}, {810, item_branch}, {830, item_larl}, {850, item_spm},
    {960, item_execute}, {961, item_op00}, {1000, item_rr_more},
};

void item(void)
{
    int w = (int)rn(1000);
    nrandom++; /* the item's main instruction; setup instructions add their own */
    int k = 0;
    while (w >= families[k].below)
        k++;
    families[k].emit();
}
