/* exec_load.c: loading and storing registers, and address arithmetic.
 * None of these set the condition code except ICM.
 */
#include "exec.h"

/* 18 LR - Load Register [RR] */
DEF_INSN(lr)
{
    GR(in->r1) = GR(in->r2);
    DONE();
}
END_INSN

/* 58 L - Load [RX] */
DEF_INSN(l)
{
    u32 v;
    FETCH(32, EA_RX(c, in), v);
    GR(in->r1) = v;
    DONE();
}
END_INSN

/* 50 ST - Store [RX] */
DEF_INSN(st)
{
    STORE(32, EA_RX(c, in), GR(in->r1));
    DONE();
}
END_INSN

/* 48 LH - Load Halfword [RX] */
DEF_INSN(lh)
{
    u16 v;
    FETCH(16, EA_RX(c, in), v);
    GR(in->r1) = (u32)(s32)(s16)v;
    DONE();
}
END_INSN

/* 40 STH - Store Halfword [RX] */
DEF_INSN(sth)
{
    STORE(16, EA_RX(c, in), (u16)GR(in->r1));
    DONE();
}
END_INSN

/* 43 IC - Insert Character [RX] */
DEF_INSN(ic)
{
    u8 v;
    FETCH(8, EA_RX(c, in), v);
    GR(in->r1) = (GR(in->r1) & 0xFFFFFF00u) | v;
    DONE();
}
END_INSN

/* 42 STC - Store Character [RX] */
DEF_INSN(stc)
{
    STORE(8, EA_RX(c, in), (u8)GR(in->r1));
    DONE();
}
END_INSN

/* 41 LA - Load Address [RX] */
DEF_INSN(la)
{
    GR(in->r1) = EA_RX(c, in);
    DONE();
}
END_INSN

/* C00 LARL - Load Address Relative Long [RIL] */
DEF_INSN(larl)
{
    GR(in->r1) = (cpu_insn_ia(c, in) + (u32)(s32)in->i2 * 2) & ADDR_MASK;
    DONE();
}
END_INSN

/* A78 LHI - Load Halfword Immediate [RI] */
DEF_INSN(lhi)
{
    GR(in->r1) = (u32)(s32)(s16)in->i2;
    DONE();
}
END_INSN

/* Registers R1 through R3, wrapping after 15. */
static inline u32 reg_count(const struct insn *in) { return ((in->r3 - in->r1) & 15) + 1; }

/* 98 LM - Load Multiple [RS] */
DEF_INSN(lm)
{
    u32 n = reg_count(in);
    struct span s;
    RANGE(EA_RS(c, in), n * 4, ACC_FETCH, s);
    for (u32 i = 0; i < n; i++) {
        u8 w[4];
        for (int k = 0; k < 4; k++)
            w[k] = *span_at(&s, i * 4 + k);
        GR((in->r1 + i) & 15) = be32(w);
    }
    DONE();
}
END_INSN

/* 90 STM - Store Multiple [RS] */
DEF_INSN(stm)
{
    u32 n = reg_count(in);
    struct span s;
    RANGE(EA_RS(c, in), n * 4, ACC_STORE, s);
    if (!s.n[1]) {
        for (u32 i = 0; i < n; i++)
            put32(s.p[0] + i * 4, GR((in->r1 + i) & 15));
        DONE();
    }
    for (u32 i = 0; i < n; i++) {
        u8 w[4];
        put32(w, GR((in->r1 + i) & 15));
        for (int k = 0; k < 4; k++)
            *span_at(&s, i * 4 + k) = w[k];
    }
    DONE();
}
END_INSN

/* BF ICM - Insert Characters under Mask [RS] */
DEF_INSN(icm)
{
    u32 mask = in->r3, n = __builtin_popcount(mask);
    struct span s;
    /* a zero mask still accesses one byte */
    RANGE(EA_RS(c, in), n ? n : 1, ACC_FETCH, s);
    u32 v = GR(in->r1), i = 0;
    bool first = true, any = false, lead = false;
    for (int byte = 0; byte < 4; byte++) {
        if (!(mask & (8 >> byte)))
            continue;
        u8 b = *span_at(&s, i++);
        if (first)
            lead = b & 0x80;
        first = false;
        any |= b != 0;
        int shift = 24 - 8 * byte;
        v = (v & ~(0xFFu << shift)) | (u32)b << shift;
    }
    GR(in->r1) = v;
    c->cc = !any ? 0 : lead ? 1 : 2;
    DONE();
}
END_INSN

/* BE STCM - Store Characters under Mask [RS] */
DEF_INSN(stcm)
{
    u32 mask = in->r3, n = __builtin_popcount(mask);
    struct span s;
    if (!n)
        DONE();
    RANGE(EA_RS(c, in), n, ACC_STORE, s);
    u32 v = GR(in->r1), i = 0;
    for (int byte = 0; byte < 4; byte++)
        if (mask & (8 >> byte))
            *span_at(&s, i++) = (u8)(v >> (24 - 8 * byte));
    DONE();
}
END_INSN

/* B91F LRVR - Load Reversed Register [RRE] */
DEF_INSN(lrvr)
{
    GR(in->r1) = __builtin_bswap32(GR(in->r2));
    DONE();
}
END_INSN

/* E31E LRV - Load Reversed [RXE] */
DEF_INSN(lrv)
{
    u32 v;
    FETCH(32, EA_RX(c, in), v);
    GR(in->r1) = __builtin_bswap32(v);
    DONE();
}
END_INSN

/* E31F LRVH - Load Reversed Halfword [RXE] */
DEF_INSN(lrvh)
{
    u16 v;
    FETCH(16, EA_RX(c, in), v);
    GR(in->r1) = (GR(in->r1) & 0xFFFF0000u) | __builtin_bswap16(v);
    DONE();
}
END_INSN

/* E33E STRV - Store Reversed [RXE] */
DEF_INSN(strv)
{
    STORE(32, EA_RX(c, in), __builtin_bswap32(GR(in->r1)));
    DONE();
}
END_INSN

/* E33F STRVH - Store Reversed Halfword [RXE] */
DEF_INSN(strvh)
{
    STORE(16, EA_RX(c, in), __builtin_bswap16((u16)GR(in->r1)));
    DONE();
}
END_INSN
