/* fused.c: decode-time specializations: compare-and-branch pairs run as
 * one, and shifts by a constant count.
 *
 * Design note. GCC code branches on a compare almost every time it
 * compares (CLR then BRC, CHI then BRC, LTR then BRC, TMLL then BRC...).
 * When the decoder (icache.c) finds such a compare directly followed by a
 * BRC in the same page, it gives the compare's slot the fused handler
 * listed in isa_fused_brc[]. The fused handler does exactly what the two
 * instructions do: it sets the condition code (later instructions may
 * read it), counts two instructions, and takes or skips the branch as the
 * BRC in the next slot says, with one dispatch instead of two.
 *
 * A fused handler is only ever found in a decoded page slot. Stepping,
 * tracing and EXECUTE run the compare's own handler (isa_defs[].fn), so
 * they see two instructions. A store into either instruction puts the
 * decode stub back in both slots (icache_invalidate reaches 4 bytes
 * back). A TLB miss in a fused handler simply runs the plain compare.
 *
 * To fuse another compare: add DEF_FUSED(mnemonic) with its condition
 * code below and its entry in isa_fused_brc[]; the unit tests run every
 * fused pair against the unfused pair.
 *
 * GCC shifts by constants (SLL 1,2: no base register). Then the count is
 * known when the slot is decoded, and isa_const_shift[] gives a handler
 * that skips computing the operand address.
 */
#include "exec.h"

#define DEF_FUSED(name) DEF_SPECIAL(name, brc)
#define DEF_SPECIAL(name, kind)                                                \
    static const struct insn *exec_##name##_##kind(struct cpu *c, const struct insn *in, long budget) \
    {                                                                          \
        enum { SLOTS = ISA_LENGTH_##name / 2 };                                \
        insn_fn *const slow_twin_ = exec_##name;   /* a TLB miss: unfused */   \
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

/* by instruction: the fused compare-and-BRC handler, or NULL */
insn_fn *const isa_fused_brc[ISA_COUNT] = {
    [ISA_CR] = exec_cr_brc,     [ISA_CLR] = exec_clr_brc, [ISA_CHI] = exec_chi_brc,
    [ISA_LTR] = exec_ltr_brc,   [ISA_C] = exec_c_brc,     [ISA_CL] = exec_cl_brc,
    [ISA_CLI] = exec_cli_brc,   [ISA_TM] = exec_tm_brc,   [ISA_TMLL] = exec_tmll_brc,
    [ISA_TMLH] = exec_tmlh_brc,
};

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

/* by instruction: the constant-count handler, or NULL */
insn_fn *const isa_const_shift[ISA_COUNT] = {
    [ISA_SLL] = exec_sll_const,
    [ISA_SRL] = exec_srl_const,
};
