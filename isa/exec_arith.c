/* exec_arith.c: fixed-point arithmetic and comparison.
 *
 * Signed adds and subtracts set CC 3 on overflow and, with program-mask
 * bit 20 on, take the fixed-point-overflow interruption after storing the
 * truncated result (completion). Multiplies and divides use the even/odd
 * pair R1, R1+1; divides check everything before changing anything.
 */
#include "exec.h"

/* 1A AR - Add Register [RR] */
DEF_INSN(ar)
{
    if (add_signed(c, &GR(in->r1), GR(in->r1), GR(in->r2)))
        PGM(PGM_FIXED_POINT_OVERFLOW);
    DONE();
}
END_INSN

/* 1B SR - Subtract Register [RR] */
DEF_INSN(sr)
{
    if (sub_signed(c, &GR(in->r1), GR(in->r1), GR(in->r2)))
        PGM(PGM_FIXED_POINT_OVERFLOW);
    DONE();
}
END_INSN

/* 5A A - Add [RX] */
DEF_INSN(a)
{
    u32 v;
    FETCH(32, EA_RX(c, in), v);
    if (add_signed(c, &GR(in->r1), GR(in->r1), v))
        PGM(PGM_FIXED_POINT_OVERFLOW);
    DONE();
}
END_INSN

/* 5B S - Subtract [RX] */
DEF_INSN(s)
{
    u32 v;
    FETCH(32, EA_RX(c, in), v);
    if (sub_signed(c, &GR(in->r1), GR(in->r1), v))
        PGM(PGM_FIXED_POINT_OVERFLOW);
    DONE();
}
END_INSN

/* 4A AH - Add Halfword [RX] */
DEF_INSN(ah)
{
    u16 v;
    FETCH(16, EA_RX(c, in), v);
    if (add_signed(c, &GR(in->r1), GR(in->r1), (u32)(s32)(s16)v))
        PGM(PGM_FIXED_POINT_OVERFLOW);
    DONE();
}
END_INSN

/* 4B SH - Subtract Halfword [RX] */
DEF_INSN(sh)
{
    u16 v;
    FETCH(16, EA_RX(c, in), v);
    if (sub_signed(c, &GR(in->r1), GR(in->r1), (u32)(s32)(s16)v))
        PGM(PGM_FIXED_POINT_OVERFLOW);
    DONE();
}
END_INSN

/* A7A AHI - Add Halfword Immediate [RI] */
DEF_INSN(ahi)
{
    if (add_signed(c, &GR(in->r1), GR(in->r1), (u32)(s32)(s16)in->i2))
        PGM(PGM_FIXED_POINT_OVERFLOW);
    DONE();
}
END_INSN

/* 1E ALR - Add Logical Register [RR] */
DEF_INSN(alr)
{
    GR(in->r1) = add_logical(c, GR(in->r1), GR(in->r2), 0);
    DONE();
}
END_INSN

/* 1F SLR - Subtract Logical Register [RR] */
DEF_INSN(slr)
{
    GR(in->r1) = sub_logical(c, GR(in->r1), GR(in->r2), 0);
    DONE();
}
END_INSN

/* 5E AL - Add Logical [RX] */
DEF_INSN(al)
{
    u32 v;
    FETCH(32, EA_RX(c, in), v);
    GR(in->r1) = add_logical(c, GR(in->r1), v, 0);
    DONE();
}
END_INSN

/* 5F SL - Subtract Logical [RX] */
DEF_INSN(sl)
{
    u32 v;
    FETCH(32, EA_RX(c, in), v);
    GR(in->r1) = sub_logical(c, GR(in->r1), v, 0);
    DONE();
}
END_INSN

/* carry in: CC 2 or 3; borrow in: CC 0 or 1 */
#define CARRY_IN(c) ((u32)((c)->cc >> 1))
#define BORROW_IN(c) ((u32)(1 - ((c)->cc >> 1)))

/* B998 ALCR - Add Logical with Carry Register [RRE] */
DEF_INSN(alcr)
{
    GR(in->r1) = add_logical(c, GR(in->r1), GR(in->r2), CARRY_IN(c));
    DONE();
}
END_INSN

/* B999 SLBR - Subtract Logical with Borrow Register [RRE] */
DEF_INSN(slbr)
{
    GR(in->r1) = sub_logical(c, GR(in->r1), GR(in->r2), BORROW_IN(c));
    DONE();
}
END_INSN

/* E398 ALC - Add Logical with Carry [RXE] */
DEF_INSN(alc)
{
    u32 v;
    FETCH(32, EA_RX(c, in), v);
    GR(in->r1) = add_logical(c, GR(in->r1), v, CARRY_IN(c));
    DONE();
}
END_INSN

/* E399 SLB - Subtract Logical with Borrow [RXE] */
DEF_INSN(slb)
{
    u32 v;
    FETCH(32, EA_RX(c, in), v);
    GR(in->r1) = sub_logical(c, GR(in->r1), v, BORROW_IN(c));
    DONE();
}
END_INSN

/* ---- multiply ------------------------------------------------------------ */

static inline void set_pair(struct cpu *c, const struct insn *in, u64 v)
{
    GR(in->r1) = (u32)(v >> 32);
    GR(in->r1 + 1) = (u32)v;
}

/* 1C MR - Multiply Register [RR] */
DEF_INSN(mr)
{
    EVEN_R1();
    set_pair(c, in, (u64)((s64)(s32)GR(in->r1 + 1) * (s32)GR(in->r2)));
    DONE();
}
END_INSN

/* 5C M - Multiply [RX] */
DEF_INSN(m)
{
    u32 v;
    EVEN_R1();
    FETCH(32, EA_RX(c, in), v);
    set_pair(c, in, (u64)((s64)(s32)GR(in->r1 + 1) * (s32)v));
    DONE();
}
END_INSN

/* B996 MLR - Multiply Logical Register [RRE] */
DEF_INSN(mlr)
{
    EVEN_R1();
    set_pair(c, in, (u64)GR(in->r1 + 1) * GR(in->r2));
    DONE();
}
END_INSN

/* E396 ML - Multiply Logical [RXE] */
DEF_INSN(ml)
{
    u32 v;
    EVEN_R1();
    FETCH(32, EA_RX(c, in), v);
    set_pair(c, in, (u64)GR(in->r1 + 1) * v);
    DONE();
}
END_INSN

/* 4C MH - Multiply Halfword [RX] */
DEF_INSN(mh)
{
    u16 v;
    FETCH(16, EA_RX(c, in), v);
    GR(in->r1) = (u32)((s64)(s32)GR(in->r1) * (s16)v);
    DONE();
}
END_INSN

/* A7C MHI - Multiply Halfword Immediate [RI] */
DEF_INSN(mhi)
{
    GR(in->r1) = (u32)((s64)(s32)GR(in->r1) * (s16)in->i2);
    DONE();
}
END_INSN

/* B252 MSR - Multiply Single Register [RRE] */
DEF_INSN(msr)
{
    GR(in->r1) = GR(in->r1) * GR(in->r2);
    DONE();
}
END_INSN

/* 71 MS - Multiply Single [RX] */
DEF_INSN(ms)
{
    u32 v;
    FETCH(32, EA_RX(c, in), v);
    GR(in->r1) = GR(in->r1) * v;
    DONE();
}
END_INSN

/* ---- divide ------------------------------------------------------------------ */

/* Signed 64/32: remainder to R1, quotient to R1+1. False (and nothing
 * changed) for a zero divisor or a quotient that does not fit. */
static bool divide(struct cpu *c, const struct insn *in, u32 divisor)
{
    s64 dividend = (s64)((u64)GR(in->r1) << 32 | GR(in->r1 + 1));
    s32 d = (s32)divisor;
    if (d == 0 || (d == -1 && dividend == INT64_MIN))
        return false;
    s64 q = dividend / d, r = dividend % d;
    if (q < INT32_MIN || q > INT32_MAX)
        return false;
    GR(in->r1) = (u32)r;
    GR(in->r1 + 1) = (u32)q;
    return true;
}

/* Unsigned 64/32. */
static bool divide_logical(struct cpu *c, const struct insn *in, u32 divisor)
{
    u64 dividend = (u64)GR(in->r1) << 32 | GR(in->r1 + 1);
    if (divisor == 0 || dividend / divisor > 0xFFFFFFFFu)
        return false;
    GR(in->r1) = (u32)(dividend % divisor);
    GR(in->r1 + 1) = (u32)(dividend / divisor);
    return true;
}

/* 1D DR - Divide Register [RR] */
DEF_INSN(dr)
{
    EVEN_R1();
    if (!divide(c, in, GR(in->r2)))
        PGM(PGM_FIXED_POINT_DIVIDE);
    DONE();
}
END_INSN

/* 5D D - Divide [RX] */
DEF_INSN(d)
{
    u32 v;
    EVEN_R1();
    FETCH(32, EA_RX(c, in), v);
    if (!divide(c, in, v))
        PGM(PGM_FIXED_POINT_DIVIDE);
    DONE();
}
END_INSN

/* B997 DLR - Divide Logical Register [RRE] */
DEF_INSN(dlr)
{
    EVEN_R1();
    if (!divide_logical(c, in, GR(in->r2)))
        PGM(PGM_FIXED_POINT_DIVIDE);
    DONE();
}
END_INSN

/* E397 DL - Divide Logical [RXE] */
DEF_INSN(dl)
{
    u32 v;
    EVEN_R1();
    FETCH(32, EA_RX(c, in), v);
    if (!divide_logical(c, in, v))
        PGM(PGM_FIXED_POINT_DIVIDE);
    DONE();
}
END_INSN

/* ---- compare ----------------------------------------------------------------------- */

/* 19 CR - Compare Register [RR] */
DEF_INSN(cr)
{
    c->cc = cc_compare_s((s32)GR(in->r1), (s32)GR(in->r2));
    DONE();
}
END_INSN

/* 15 CLR - Compare Logical Register [RR] */
DEF_INSN(clr)
{
    c->cc = cc_compare_u(GR(in->r1), GR(in->r2));
    DONE();
}
END_INSN

/* 59 C - Compare [RX] */
DEF_INSN(c)
{
    u32 v;
    FETCH(32, EA_RX(c, in), v);
    c->cc = cc_compare_s((s32)GR(in->r1), (s32)v);
    DONE();
}
END_INSN

/* 55 CL - Compare Logical [RX] */
DEF_INSN(cl)
{
    u32 v;
    FETCH(32, EA_RX(c, in), v);
    c->cc = cc_compare_u(GR(in->r1), v);
    DONE();
}
END_INSN

/* 49 CH - Compare Halfword [RX] */
DEF_INSN(ch)
{
    u16 v;
    FETCH(16, EA_RX(c, in), v);
    c->cc = cc_compare_s((s32)GR(in->r1), (s16)v);
    DONE();
}
END_INSN

/* A7E CHI - Compare Halfword Immediate [RI] */
DEF_INSN(chi)
{
    c->cc = cc_compare_s((s32)GR(in->r1), (s16)in->i2);
    DONE();
}
END_INSN

/* ---- load and test -------------------------------------------------------------------- */

/* 12 LTR - Load and Test Register [RR] */
DEF_INSN(ltr)
{
    u32 v = GR(in->r2);
    GR(in->r1) = v;
    c->cc = cc_signed((s32)v);
    DONE();
}
END_INSN

/* 10 LPR - Load Positive Register [RR] */
DEF_INSN(lpr)
{
    u32 v = GR(in->r2);
    if (v == 0x80000000u) {
        GR(in->r1) = v;
        c->cc = 3;
        if (c->pm & 8)
            PGM(PGM_FIXED_POINT_OVERFLOW);
        DONE();
    }
    GR(in->r1) = (s32)v < 0 ? -v : v;
    c->cc = GR(in->r1) ? 2 : 0;
    DONE();
}
END_INSN

/* 11 LNR - Load Negative Register [RR] */
DEF_INSN(lnr)
{
    u32 v = GR(in->r2);
    GR(in->r1) = (s32)v > 0 ? -v : v;
    c->cc = GR(in->r1) ? 1 : 0;
    DONE();
}
END_INSN

/* 13 LCR - Load Complement Register [RR] */
DEF_INSN(lcr)
{
    u32 v = GR(in->r2);
    GR(in->r1) = -v;
    if (v == 0x80000000u) {
        c->cc = 3;
        if (c->pm & 8)
            PGM(PGM_FIXED_POINT_OVERFLOW);
        DONE();
    }
    c->cc = cc_signed((s32)-v);
    DONE();
}
END_INSN
