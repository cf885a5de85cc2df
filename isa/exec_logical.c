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
        FETCH(32, EA_RX(c, in), v_);                 \
        u32 r_ = boolean(op, GR(in->r1), v_);        \
        GR(in->r1) = r_;                             \
        c->cc = r_ != 0;                             \
        DONE();                                      \
    } while (0)

#define BOOL_SI(op)                                  \
    do {                                             \
        struct span s_;                              \
        RANGE(EA_1(c, in), 1, ACC_STORE, s_);        \
        u8 r_ = (u8)boolean(op, *s_.p[0], in->i2);   \
        *s_.p[0] = r_;                               \
        c->cc = r_ != 0;                             \
        DONE();                                      \
    } while (0)

/* NC/OC/XC: both operands checked whole, then left to right a byte at a time. */
#define BOOL_SS(op)                                            \
    do {                                                       \
        u32 len_ = in->l + 1u;                                 \
        struct span src_, dst_;                                \
        RANGE(EA_2(c, in), len_, ACC_FETCH, src_);             \
        RANGE(EA_1(c, in), len_, ACC_STORE, dst_);             \
        u8 any_ = 0;                                           \
        for (u32 i_ = 0; i_ < len_; i_++) {                    \
            u8 *d_ = span_at(&dst_, i_);                       \
            *d_ = (u8)boolean(op, *d_, *span_at(&src_, i_));   \
            any_ |= *d_;                                       \
        }                                                      \
        c->cc = any_ != 0;                                     \
        DONE();                                                \
    } while (0)

/* 14 NR - And Register [RR] */
DEF_INSN(nr) { BOOL_RR(OP_AND); } END_INSN
/* 16 OR - Or Register [RR] */
DEF_INSN(or) { BOOL_RR(OP_OR); } END_INSN
/* 17 XR - Exclusive Or Register [RR] */
DEF_INSN(xr) { BOOL_RR(OP_XOR); } END_INSN
/* 54 N - And [RX] */
DEF_INSN(n) { BOOL_RX(OP_AND); } END_INSN
/* 56 O - Or [RX] */
DEF_INSN(o) { BOOL_RX(OP_OR); } END_INSN
/* 57 X - Exclusive Or [RX] */
DEF_INSN(x) { BOOL_RX(OP_XOR); } END_INSN
/* 94 NI - And Immediate [SI] */
DEF_INSN(ni) { BOOL_SI(OP_AND); } END_INSN
/* 96 OI - Or Immediate [SI] */
DEF_INSN(oi) { BOOL_SI(OP_OR); } END_INSN
/* 97 XI - Exclusive Or Immediate [SI] */
DEF_INSN(xi) { BOOL_SI(OP_XOR); } END_INSN
/* D4 NC - And Characters [SS] */
DEF_INSN(nc) { BOOL_SS(OP_AND); } END_INSN
/* D6 OC - Or Characters [SS] */
DEF_INSN(oc) { BOOL_SS(OP_OR); } END_INSN
/* D7 XC - Exclusive Or Characters [SS] */
DEF_INSN(xc) { BOOL_SS(OP_XOR); } END_INSN

/* 91 TM - Test under Mask [SI] */
DEF_INSN(tm)
{
    u8 v;
    FETCH(8, EA_1(c, in), v);
    u8 sel = v & in->i2;
    c->cc = sel == 0 ? 0 : sel == in->i2 ? 3 : 1;
    DONE();
}
END_INSN

/* A70 TMLH - Test under Mask Low High [RI] */
DEF_INSN(tmlh)
{
    c->cc = cc_tm16((u16)(GR(in->r1) >> 16), (u16)in->i2);
    DONE();
}
END_INSN

/* A71 TMLL - Test under Mask Low Low [RI] */
DEF_INSN(tmll)
{
    c->cc = cc_tm16((u16)GR(in->r1), (u16)in->i2);
    DONE();
}
END_INSN
