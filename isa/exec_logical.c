/* exec_logical.c: AND, OR, EXCLUSIVE OR (register, storage, immediate and
 * character forms) and the TEST UNDER MASK family.
 *
 * The character forms (NC, OC, XC) check both operands whole before
 * changing a byte, then work left to right one byte at a time, so
 * overlapping operands behave as the architecture says (XC of a field
 * with itself clears it).
 */
#include "exec.h"

enum bool_op { OP_AND, OP_OR, OP_XOR };

static inline u32 boolean(enum bool_op op, u32 a, u32 b)
{
    return op == OP_AND ? a & b : op == OP_OR ? a | b : a ^ b;
}

/* The four operand forms, as statement macros: each ends the handler. */
#define BOOL_RR(op)                                  \
    do {                                             \
        u32 r_ = boolean(op, GR(in->r1), GR(in->r2)); \
        GR(in->r1) = r_;                             \
        c->cc = r_ != 0;                             \
        DONE();                                      \
    } while (0)

#define BOOL_RX(op)                                  \
    do {                                             \
        u32 v_;                                      \
        if (!fetch32(c, EA_RX(c, in), &v_))          \
            ACCESS_FAILED();                         \
        u32 r_ = boolean(op, GR(in->r1), v_);        \
        GR(in->r1) = r_;                             \
        c->cc = r_ != 0;                             \
        DONE();                                      \
    } while (0)

#define BOOL_SI(op)                                  \
    do {                                             \
        struct span s_;                              \
        if (!acc_range(c, EA_1(c, in), 1, ACC_STORE, &s_)) \
            ACCESS_FAILED();                         \
        u8 r_ = (u8)boolean(op, *s_.p[0], in->i2);   \
        *s_.p[0] = r_;                               \
        c->cc = r_ != 0;                             \
        DONE();                                      \
    } while (0)

/* NC/OC/XC: 0 when both operands check out (and the CC is set), else the
 * access exception's code. */
static int bool_ss(struct cpu *c, const struct insn *in, enum bool_op op)
{
    u32 len = in->l + 1u;
    struct span src, dst;
    if (!acc_range(c, EA_2(c, in), len, ACC_FETCH, &src) || !acc_range(c, EA_1(c, in), len, ACC_STORE, &dst))
        return c->pgm_code;
    u8 any = 0;
    for (u32 i = 0; i < len; i++) {
        u8 *d = span_at(&dst, i);
        *d = (u8)boolean(op, *d, *span_at(&src, i));
        any |= *d;
    }
    c->cc = any != 0;
    return 0;
}

#define BOOL_SS(op)                                  \
    do {                                             \
        int code_ = bool_ss(c, in, op);              \
        if (code_)                                   \
            PGM(code_);                              \
        DONE();                                      \
    } while (0)

/* 14 NR - And Register [RR] */
DEF_INSN(nr) { BOOL_RR(OP_AND); }
/* 16 OR - Or Register [RR] */
DEF_INSN(or) { BOOL_RR(OP_OR); }
/* 17 XR - Exclusive Or Register [RR] */
DEF_INSN(xr) { BOOL_RR(OP_XOR); }
/* 54 N - And [RX] */
DEF_INSN(n) { BOOL_RX(OP_AND); }
/* 56 O - Or [RX] */
DEF_INSN(o) { BOOL_RX(OP_OR); }
/* 57 X - Exclusive Or [RX] */
DEF_INSN(x) { BOOL_RX(OP_XOR); }
/* 94 NI - And Immediate [SI] */
DEF_INSN(ni) { BOOL_SI(OP_AND); }
/* 96 OI - Or Immediate [SI] */
DEF_INSN(oi) { BOOL_SI(OP_OR); }
/* 97 XI - Exclusive Or Immediate [SI] */
DEF_INSN(xi) { BOOL_SI(OP_XOR); }
/* D4 NC - And Characters [SS] */
DEF_INSN(nc) { BOOL_SS(OP_AND); }
/* D6 OC - Or Characters [SS] */
DEF_INSN(oc) { BOOL_SS(OP_OR); }
/* D7 XC - Exclusive Or Characters [SS] */
DEF_INSN(xc) { BOOL_SS(OP_XOR); }

/* 91 TM - Test under Mask [SI] */
DEF_INSN(tm)
{
    u8 v;
    if (!fetch8(c, EA_1(c, in), &v))
        ACCESS_FAILED();
    u8 sel = v & in->i2;
    c->cc = sel == 0 ? 0 : sel == in->i2 ? 3 : 1;
    DONE();
}

/* TMLH/TMLL: mixed results split on the leftmost selected bit. */
static inline u8 cc_tm16(u16 v, u16 mask)
{
    u16 sel = v & mask;
    if (sel == 0)
        return 0;
    if (sel == mask)
        return 3;
    u16 leftmost = 0x8000 >> __builtin_clz((u32)mask << 16);
    return (v & leftmost) ? 2 : 1;
}

/* A70 TMLH - Test under Mask Low High [RI] */
DEF_INSN(tmlh)
{
    c->cc = cc_tm16((u16)(GR(in->r1) >> 16), (u16)in->i2);
    DONE();
}

/* A71 TMLL - Test under Mask Low Low [RI] */
DEF_INSN(tmll)
{
    c->cc = cc_tm16((u16)GR(in->r1), (u16)in->i2);
    DONE();
}
