/* exec_shift.c: shifts and rotates. The shift count is the low six bits
 * of the second-operand address (no storage is accessed). The double
 * shifts work on the even/odd pair R1, R1+1.
 */
#include "exec.h"

#define COUNT(c, in) (EA_RS(c, in) & 63)

/* 88 SRL - Shift Right Single Logical [RS] */
DEF_INSN(srl)
{
    u32 n = COUNT(c, in);
    GR(in->r1) = n > 31 ? 0 : GR(in->r1) >> n;
    DONE();
}
END_INSN

/* 89 SLL - Shift Left Single Logical [RS] */
DEF_INSN(sll)
{
    u32 n = COUNT(c, in);
    GR(in->r1) = n > 31 ? 0 : GR(in->r1) << n;
    DONE();
}
END_INSN

/* 8A SRA - Shift Right Single [RS] */
DEF_INSN(sra)
{
    u32 n = COUNT(c, in);
    s32 v = (s32)GR(in->r1) >> (n > 31 ? 31 : n);
    GR(in->r1) = (u32)v;
    c->cc = cc_signed(v);
    DONE();
}
END_INSN

/* Arithmetic left shift of a `bits`-wide value: the sign stays, and
 * overflow is any bit shifted out of the position right of the sign
 * that differs from it. */
static u64 shift_left_arith(u64 v, u32 n, int bits, bool *overflow)
{
    u64 sign = 1ull << (bits - 1), mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    u64 s = v & sign;
    *overflow = false;
    for (u32 i = 0; i < n; i++) {
        v = (v << 1) & mask;
        if ((v & sign) != s)
            *overflow = true;
    }
    return (v & ~sign) | s;
}

/* 8B SLA - Shift Left Single [RS] */
DEF_INSN(sla)
{
    bool ovf;
    u32 r = (u32)shift_left_arith(GR(in->r1), COUNT(c, in), 32, &ovf);
    GR(in->r1) = r;
    if (ovf) {
        c->cc = 3;
        if (c->pm & 8)
            PGM(PGM_FIXED_POINT_OVERFLOW);
        DONE();
    }
    c->cc = cc_signed((s32)r);
    DONE();
}
END_INSN

static inline u64 get_pair(const struct cpu *c, const struct insn *in)
{
    return (u64)c->gr[in->r1] << 32 | c->gr[in->r1 + 1];
}

static inline void put_pair(struct cpu *c, const struct insn *in, u64 v)
{
    GR(in->r1) = (u32)(v >> 32);
    GR(in->r1 + 1) = (u32)v;
}

static inline u8 cc_signed64(s64 v) { return v == 0 ? 0 : v < 0 ? 1 : 2; }

/* 8C SRDL - Shift Right Double Logical [RS] */
DEF_INSN(srdl)
{
    EVEN_R1();
    u32 n = COUNT(c, in);
    put_pair(c, in, n > 63 ? 0 : get_pair(c, in) >> n);
    DONE();
}
END_INSN

/* 8D SLDL - Shift Left Double Logical [RS] */
DEF_INSN(sldl)
{
    EVEN_R1();
    u32 n = COUNT(c, in);
    put_pair(c, in, n > 63 ? 0 : get_pair(c, in) << n);
    DONE();
}
END_INSN

/* 8E SRDA - Shift Right Double [RS] */
DEF_INSN(srda)
{
    EVEN_R1();
    u32 n = COUNT(c, in);
    s64 v = (s64)get_pair(c, in) >> (n > 63 ? 63 : n);
    put_pair(c, in, (u64)v);
    c->cc = cc_signed64(v);
    DONE();
}
END_INSN

/* 8F SLDA - Shift Left Double [RS] */
DEF_INSN(slda)
{
    bool ovf;
    EVEN_R1();
    u64 r = shift_left_arith(get_pair(c, in), COUNT(c, in), 64, &ovf);
    put_pair(c, in, r);
    if (ovf) {
        c->cc = 3;
        if (c->pm & 8)
            PGM(PGM_FIXED_POINT_OVERFLOW);
        DONE();
    }
    c->cc = cc_signed64((s64)r);
    DONE();
}
END_INSN

/* EB1D RLL - Rotate Left Single Logical [RSE] */
DEF_INSN(rll)
{
    u32 n = EA_RS(c, in) & 31, v = GR(in->r3);
    GR(in->r1) = (v << n) | (v >> (-n & 31));   /* a rotate, also by 0 */
    DONE();
}
END_INSN
