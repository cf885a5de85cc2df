/* fused.c: decode-time specializations. When the decoder (machine/cpu/icache.c)
 * puts an instruction in a page slot it asks isa_specialize() whether a
 * faster handler does exactly the same thing there:
 *
 *   - a compare directly followed by a BRC (GCC branches on a compare
 *     almost every time it compares: CLR then BRC, CHI then BRC, LTR then
 *     BRC, TMLL then BRC...). The fused handler sets the condition code
 *     (later instructions may read it), counts two instructions, and takes
 *     or skips the branch as the BRC in the next slot says;
 *   - GCC's two-instruction idioms on z900, which has no single
 *     instruction for them: LHI r,0 ; IC r,D(X,B) (load a byte zero-
 *     extended) and LHI r,MASK ; NR x,r (AND with a constant);
 *   - a shift by a constant count (SLL 1,2: no base register), whose
 *     handler skips computing the operand address.
 *
 * A pair runs with one dispatch instead of two. A specialized handler is
 * only ever found in a decoded page slot. Stepping, tracing and EXECUTE
 * run the instruction's own handler (isa_defs[].fn), so they see every
 * instruction. A branch into the second instruction of a pair finds that
 * instruction's own slot. A store into either instruction puts the decode
 * stub back in both slots (icache_invalidate reaches back over a pair). A
 * TLB miss in a fused handler runs the first instruction plainly, which
 * then goes on to the second.
 *
 * To add a specialization: write its handler with DEF_SPECIAL below, the
 * rule that picks it in isa_specialize(), and a unit test that runs it
 * against the plain instructions (tests/unit/test_fused.c).
 */
#include "exec.h"

#define DEF_FUSED(name) DEF_SPECIAL(name, brc)
#define DEF_SPECIAL(name, kind)                                                \
    static const struct insn *exec_##name##_##kind(struct cpu *c, const struct insn *in, long budget) \
    {                                                                          \
        enum { SLOTS = ISA_LENGTH_##name / 2 };                                \
        insn_fn *const slow_twin_ = exec_##name;   /* a TLB miss: run it plainly */ \
        (void)slow_twin_;

/* The compare has set the CC: count it and run the BRC in the next slot. */
#define THEN_BRC()                                                                 \
    do {                                                                           \
        const struct insn *b_ = in + SLOTS;                                        \
        --budget;                                                                  \
        if (b_->r1 & (8 >> c->cc)) {                                               \
            if (likely(b_->d2 != NO_SLOT))                                         \
                DISPATCH_BRANCH(&c->ipage->slot[b_->d2]);                          \
            c->branch_target = (cpu_insn_ia(c, b_) + (u32)(s16)b_->i2 * 2) & ADDR_MASK; \
            TAIL_CALL return exec_far_branch(c, b_, budget);                       \
        }                                                                          \
        DISPATCH_SEQUENTIAL(b_ + 2);                                               \
    } while (0)

/* 19 CR + BRC */
DEF_FUSED(cr)
{
    c->cc = cc_compare_s((s32)GR(in->r1), (s32)GR(in->r2));
    THEN_BRC();
}
END_INSN

/* 15 CLR + BRC */
DEF_FUSED(clr)
{
    c->cc = cc_compare_u(GR(in->r1), GR(in->r2));
    THEN_BRC();
}
END_INSN

/* A7E CHI + BRC */
DEF_FUSED(chi)
{
    c->cc = cc_compare_s((s32)GR(in->r1), (s16)in->i2);
    THEN_BRC();
}
END_INSN

/* 12 LTR + BRC */
DEF_FUSED(ltr)
{
    u32 v = GR(in->r2);
    GR(in->r1) = v;
    c->cc = cc_signed((s32)v);
    THEN_BRC();
}
END_INSN

/* 59 C + BRC */
DEF_FUSED(c)
{
    u32 v;
    FETCH(32, EA_RX(c, in), v);
    c->cc = cc_compare_s((s32)GR(in->r1), (s32)v);
    THEN_BRC();
}
END_INSN

/* 55 CL + BRC */
DEF_FUSED(cl)
{
    u32 v;
    FETCH(32, EA_RX(c, in), v);
    c->cc = cc_compare_u(GR(in->r1), v);
    THEN_BRC();
}
END_INSN

/* 95 CLI + BRC */
DEF_FUSED(cli)
{
    u8 v;
    FETCH(8, EA_1(c, in), v);
    c->cc = cc_compare_u(v, in->i2);
    THEN_BRC();
}
END_INSN

/* 91 TM + BRC */
DEF_FUSED(tm)
{
    u8 v;
    FETCH(8, EA_1(c, in), v);
    u8 sel = v & in->i2;
    c->cc = sel == 0 ? 0 : sel == in->i2 ? 3 : 1;
    THEN_BRC();
}
END_INSN

/* A71 TMLL + BRC */
DEF_FUSED(tmll)
{
    c->cc = cc_tm16((u16)GR(in->r1), (u16)in->i2);
    THEN_BRC();
}
END_INSN

/* A70 TMLH + BRC */
DEF_FUSED(tmlh)
{
    c->cc = cc_tm16((u16)(GR(in->r1) >> 16), (u16)in->i2);
    THEN_BRC();
}
END_INSN

static insn_fn *const fused_brc[ISA_COUNT] = {
    [ISA_CR] = exec_cr_brc,     [ISA_CLR] = exec_clr_brc, [ISA_CHI] = exec_chi_brc,
    [ISA_LTR] = exec_ltr_brc,   [ISA_C] = exec_c_brc,     [ISA_CL] = exec_cl_brc,
    [ISA_CLI] = exec_cli_brc,   [ISA_TM] = exec_tm_brc,   [ISA_TMLL] = exec_tmll_brc,
    [ISA_TMLH] = exec_tmlh_brc,
};

/* ---- GCC's LHI idioms ---------------------------------------------------- */

/* A7_8 LHI r,0 + 43 IC r,D(X,B): zero-extend a byte (X, B are not r) */
DEF_SPECIAL(lhi, ic)
{
    const struct insn *n = in + SLOTS;
    u8 v;
    FETCH(8, EA_RX(c, n), v);
    GR(in->r1) = v;
    --budget;
    DISPATCH_SEQUENTIAL(n + 2);
}
END_INSN

/* A7_8 LHI r,MASK + 14 NR x,y */
DEF_SPECIAL(lhi, nr)
{
    const struct insn *n = in + SLOTS;
    GR(in->r1) = (u32)(s32)(s16)in->i2;
    u32 v = GR(n->r1) & GR(n->r2);
    GR(n->r1) = v;
    c->cc = v != 0;
    --budget;
    DISPATCH_SEQUENTIAL(n + 1);
}
END_INSN

/* ---- shifts by a constant count (B2 = 0: the count is D2 & 63) ---------- */

/* 89 SLL with no base register */
DEF_SPECIAL(sll, const)
{
    u32 n = in->d2 & 63;
    GR(in->r1) = n > 31 ? 0 : GR(in->r1) << n;
    DONE();
}
END_INSN

/* 88 SRL with no base register */
DEF_SPECIAL(srl, const)
{
    u32 n = in->d2 & 63;
    GR(in->r1) = n > 31 ? 0 : GR(in->r1) >> n;
    DONE();
}
END_INSN

/* EB1D RLL with no base register */
DEF_SPECIAL(rll, const)
{
    u32 n = in->d2 & 31, v = GR(in->r3);
    GR(in->r1) = (v << n) | (v >> (-n & 31));   /* a rotate, also by 0 */
    DONE();
}
END_INSN

insn_fn *isa_specialize(const struct insn *in, const struct insn *next)
{
    switch (in->id) {
    case ISA_SLL:
        return in->b2 == ZERO_REG ? exec_sll_const : NULL;
    case ISA_SRL:
        return in->b2 == ZERO_REG ? exec_srl_const : NULL;
    case ISA_RLL:
        return in->b2 == ZERO_REG ? exec_rll_const : NULL;
    case ISA_LHI:
        if (next && next->id == ISA_NR)
            return exec_lhi_nr;
        if (next && next->id == ISA_IC && in->i2 == 0 && next->r1 == in->r1 && next->x2 != in->r1 &&
            next->b2 != in->r1)
            return exec_lhi_ic;
        return NULL;
    default:
        return next && next->id == ISA_BRC ? fused_brc[in->id] : NULL;
    }
}
