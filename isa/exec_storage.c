/* exec_storage.c: character and string instructions: moves, compares,
 * the long forms, the string search and compare, and the interlocked
 * updates (TS, CS, CDS).
 *
 * The long forms (MVCL, CLCL) work a page at a time and write their
 * registers before each page's accesses, so an access exception part way
 * (or a rerun in the slow twin: exec.h) leaves them describing what is
 * left, and the interrupted instruction resumes when it runs again. The
 * "CPU-determined amount" of CLST (4096 bytes), SRST (256 bytes), CLCLE
 * (4096 bytes), MVCLE and MVST (to the nearer 4K boundary of either
 * operand) is the same as Hercules', so both machines give the same
 * registers after every execution (tests/diff checks).
 */
#include <string.h>

#include "exec.h"

/* 92 MVI - Move Immediate [SI] */
DEF_INSN(mvi)
{
    STORE(8, EA_1(c, in), (u8)in->i2);
    DONE();
}
END_INSN

/* 95 CLI - Compare Logical Immediate [SI] */
DEF_INSN(cli)
{
    u8 v;
    FETCH(8, EA_1(c, in), v);
    c->cc = cc_compare_u(v, in->i2);
    DONE();
}
END_INSN

/* D2 MVC - Move Characters [SS]: left to right, a byte at a time, so an
 * overlap one byte ahead propagates (the classic fill). */
DEF_INSN(mvc)
{
    u32 len = in->l + 1u;
    struct span src, dst;
    RANGE(EA_2(c, in), len, ACC_FETCH, src);
    RANGE(EA_1(c, in), len, ACC_STORE, dst);
    if (!src.n[1] && !dst.n[1] && (dst.p[0] + len <= src.p[0] || src.p[0] + len <= dst.p[0])) {
        memcpy(dst.p[0], src.p[0], len);
        DONE();
    }
    for (u32 i = 0; i < len; i++)
        *span_at(&dst, i) = *span_at(&src, i);
    DONE();
}
END_INSN

/* D5 CLC - Compare Logical Characters [SS] */
DEF_INSN(clc)
{
    u32 len = in->l + 1u;
    struct span a, b;
    RANGE(EA_1(c, in), len, ACC_FETCH, a);
    RANGE(EA_2(c, in), len, ACC_FETCH, b);
    c->cc = 0;
    for (u32 i = 0; i < len; i++) {
        u8 x = *span_at(&a, i), y = *span_at(&b, i);
        if (x != y) {
            c->cc = x < y ? 1 : 2;
            break;
        }
    }
    DONE();
}
END_INSN

/* BD CLM - Compare Logical Characters under Mask [RS] */
DEF_INSN(clm)
{
    u32 mask = in->r3, n = __builtin_popcount(mask);
    struct span s;
    RANGE(EA_RS(c, in), n ? n : 1, ACC_FETCH, s);
    u32 v = GR(in->r1), i = 0;
    c->cc = 0;
    for (int byte = 0; byte < 4; byte++) {
        if (!(mask & (8 >> byte)))
            continue;
        u8 r = (u8)(v >> (24 - 8 * byte)), m = *span_at(&s, i++);
        if (r != m) {
            c->cc = r < m ? 1 : 2;
            break;
        }
    }
    DONE();
}
END_INSN

/* 93 TS - Test and Set [S] */
DEF_INSN(ts)
{
    struct span s;
    RANGE(EA_2(c, in), 1, ACC_STORE, s);
    c->cc = *s.p[0] >> 7;
    *s.p[0] = 0xFF;
    DONE();
}
END_INSN

/* LAB interp: BEGIN */
/* BA CS - Compare and Swap [RS] */
DEF_INSN(cs)
{
    u32 ea = EA_RS(c, in);
    struct span s;
    if (ea & 3)
        PGM(PGM_SPECIFICATION);
    RANGE(ea, 4, ACC_STORE, s);
    u32 v = be32(s.p[0]);
    if (v == GR(in->r1)) {
        put32(s.p[0], GR(in->r3));
        c->cc = 0;
    } else {
        GR(in->r1) = v;
        c->cc = 1;
    }
    DONE();
}
END_INSN
/* LAB interp: END */

/* BB CDS - Compare Double and Swap [RS] */
DEF_INSN(cds)
{
    u32 ea = EA_RS(c, in);
    struct span s;
    if ((in->r1 | in->r3) & 1 || (ea & 7))
        PGM(PGM_SPECIFICATION);
    RANGE(ea, 8, ACC_STORE, s);
    u64 v = be64(s.p[0]), old = (u64)GR(in->r1) << 32 | GR(in->r1 + 1);
    if (v == old) {
        put64(s.p[0], (u64)GR(in->r3) << 32 | GR(in->r3 + 1));
        c->cc = 0;
    } else {
        GR(in->r1) = (u32)(v >> 32);
        GR(in->r1 + 1) = (u32)v;
        c->cc = 1;
    }
    DONE();
}
END_INSN

/* ---- the long forms ---------------------------------------------------------- */

static inline u32 to_page_end(u32 a) { return PAGE_SIZE - (a & PAGE_MASK); }
static inline u32 min3(u32 a, u32 b, u32 c) { return a < b ? (a < c ? a : c) : (b < c ? b : c); }

/* MVCL and CLCL: the registers, written before each page's accesses so
 * that they always describe what is left (exec.h, "Storage operands"). */
static inline void long_regs(struct cpu *c, const struct insn *in, u32 a1, u32 l1, u32 a2, u32 l2)
{
    GR(in->r1) = a1;
    GR(in->r1 + 1) = (GR(in->r1 + 1) & 0xFF000000u) | l1;
    GR(in->r2) = a2;
    GR(in->r2 + 1) = (GR(in->r2 + 1) & 0xFF000000u) | l2;
}

/* 0E MVCL - Move Long [RR] */
DEF_INSN(mvcl)
{
    if ((in->r1 | in->r2) & 1)
        PGM(PGM_SPECIFICATION);
    u32 a1 = GR(in->r1) & ADDR_MASK, l1 = GR(in->r1 + 1) & 0xFFFFFF;
    u32 a2 = GR(in->r2) & ADDR_MASK, l2 = GR(in->r2 + 1) & 0xFFFFFF;
    u8 pad = GR(in->r2 + 1) >> 24;
    u8 cc = l1 == l2 ? 0 : l1 < l2 ? 1 : 2;
    u32 shorter = l1 < l2 ? l1 : l2;
    if (((a1 - a2) & ADDR_MASK) != 0 && ((a1 - a2) & ADDR_MASK) < shorter) {
        GR(in->r1) = a1;   /* destructive overlap: nothing moves */
        GR(in->r2) = a2;
        c->cc = 3;
        DONE();
    }
    while (l1) {
        struct span d, s;
        u32 n = l2 ? min3(l1, l2, to_page_end(a1) < to_page_end(a2) ? to_page_end(a1) : to_page_end(a2))
                   : min3(l1, to_page_end(a1), l1);
        long_regs(c, in, a1, l1, a2, l2);
        RANGE(a1, n, ACC_STORE, d);
        if (l2)
            RANGE(a2, n, ACC_FETCH, s);
        if (l2) {
            memmove(d.p[0], s.p[0], n);
            a2 = (a2 + n) & ADDR_MASK;
            l2 -= n;
        } else {
            memset(d.p[0], pad, n);
        }
        a1 = (a1 + n) & ADDR_MASK;
        l1 -= n;
    }
    long_regs(c, in, a1, l1, a2, l2);
    c->cc = cc;
    DONE();
}
END_INSN

/* 0F CLCL - Compare Logical Long [RR]: a page at a time (of whichever
 * operand reaches a page end first), the shorter operand extended with
 * the pad. */
DEF_INSN(clcl)
{
    if ((in->r1 | in->r2) & 1)
        PGM(PGM_SPECIFICATION);
    u32 a1 = GR(in->r1) & ADDR_MASK, l1 = GR(in->r1 + 1) & 0xFFFFFF;
    u32 a2 = GR(in->r2) & ADDR_MASK, l2 = GR(in->r2 + 1) & 0xFFFFFF;
    u8 pad = GR(in->r2 + 1) >> 24, cc = 0;
    while ((l1 || l2) && !cc) {
        struct span s1, s2;
        u32 n1 = l1 < to_page_end(a1) ? l1 : to_page_end(a1);
        u32 n2 = l2 < to_page_end(a2) ? l2 : to_page_end(a2);
        u32 n = !l1 ? n2 : !l2 ? n1 : n1 < n2 ? n1 : n2, i;
        long_regs(c, in, a1, l1, a2, l2);
        if (l1)
            RANGE(a1, n, ACC_FETCH, s1);
        if (l2)
            RANGE(a2, n, ACC_FETCH, s2);
        for (i = 0; i < n; i++) {
            u8 x = l1 ? s1.p[0][i] : pad, y = l2 ? s2.p[0][i] : pad;
            if (x != y) {
                cc = x < y ? 1 : 2;
                break;
            }
        }
        if (l1)
            a1 = (a1 + i) & ADDR_MASK, l1 -= i;
        if (l2)
            a2 = (a2 + i) & ADDR_MASK, l2 -= i;
    }
    long_regs(c, in, a1, l1, a2, l2);
    c->cc = cc;
    DONE();
}
END_INSN

/* A8 MVCLE - Move Long Extended [RS]: per execution, up to the nearer 4K
 * boundary of either operand address (even with no source left), copying
 * forward a byte at a time and padding in the same stretch; CC 3 while
 * more remains. The pad is the address's low byte. */
DEF_INSN(mvcle)
{
    if ((in->r1 | in->r3) & 1)
        PGM(PGM_SPECIFICATION);
    u8 pad = (u8)EA_RS(c, in);
    u32 a1 = GR(in->r1) & ADDR_MASK, l1 = GR(in->r1 + 1);
    u32 a2 = GR(in->r3) & ADDR_MASK, l2 = GR(in->r3 + 1);
    u8 cc = l1 == l2 ? 0 : l1 < l2 ? 1 : 2;
    if (l1 == 0) {
        c->cc = cc;
        DONE();
    }
    u32 n = min3(l1, to_page_end(a1), to_page_end(a2));
    u32 copy = n < l2 ? n : l2;
    struct span d, s;
    RANGE(a1, n, ACC_STORE, d);
    if (copy)
        RANGE(a2, copy, ACC_FETCH, s);
    for (u32 i = 0; i < copy; i++)
        d.p[0][i] = s.p[0][i];
    memset(d.p[0] + copy, pad, n - copy);
    GR(in->r1) = (a1 + n) & ADDR_MASK;
    GR(in->r1 + 1) = l1 - n;
    GR(in->r3) = (a2 + copy) & ADDR_MASK;
    GR(in->r3 + 1) = l2 - copy;
    c->cc = l1 - n ? 3 : cc;
    DONE();
}
END_INSN

/* A9 CLCLE - Compare Logical Long Extended [RS]: up to 4096 bytes per
 * execution, CC 3 while more remains. */
DEF_INSN(clcle)
{
    if ((in->r1 | in->r3) & 1)
        PGM(PGM_SPECIFICATION);
    u8 pad = (u8)EA_RS(c, in);
    u32 a1 = GR(in->r1) & ADDR_MASK, l1 = GR(in->r1 + 1);
    u32 a2 = GR(in->r3) & ADDR_MASK, l2 = GR(in->r3 + 1);
    u8 cc = 0;
    for (u32 i = 0; i < 4096 && (l1 || l2); i++) {
        u8 x = pad, y = pad;
        if (l1)
            FETCH(8, a1, x);
        if (l2)
            FETCH(8, a2, y);
        if (x != y) {
            cc = x < y ? 1 : 2;
            break;
        }
        if (l1)
            a1 = (a1 + 1) & ADDR_MASK, l1--;
        if (l2)
            a2 = (a2 + 1) & ADDR_MASK, l2--;
    }
    GR(in->r1) = a1;
    GR(in->r1 + 1) = l1;
    GR(in->r3) = a2;
    GR(in->r3 + 1) = l2;
    c->cc = cc ? cc : (l1 || l2) ? 3 : 0;
    DONE();
}
END_INSN

/* B25D CLST - Compare Logical String [RRE]: GR0 bits 24-31 end both
 * strings; equal strings leave the registers alone. */
DEF_INSN(clst)
{
    if (GR(0) & 0xFFFFFF00u)
        PGM(PGM_SPECIFICATION);
    u8 end = (u8)GR(0);
    u32 a1 = GR(in->r1) & ADDR_MASK, a2 = GR(in->r2) & ADDR_MASK;
    for (int i = 0; i < 4096; i++) {
        u8 x, y;
        FETCH(8, a1, x);
        FETCH(8, a2, y);
        if (x == end && y == end) {
            c->cc = 0;
            DONE();
        }
        if (x == end || y == end || x != y) {
            c->cc = x == end ? 1 : y == end ? 2 : x < y ? 1 : 2;
            GR(in->r1) = a1;
            GR(in->r2) = a2;
            DONE();
        }
        a1 = (a1 + 1) & ADDR_MASK;
        a2 = (a2 + 1) & ADDR_MASK;
    }
    GR(in->r1) = a1;
    GR(in->r2) = a2;
    c->cc = 3;
    DONE();
}
END_INSN

/* B255 MVST - Move String [RRE]: from R2 to R1 up to and including the
 * character in GR0 bits 24-31; at most to the nearer 4K boundary of
 * either operand per execution (CC 3, registers at the next bytes). */
DEF_INSN(mvst)
{
    if (GR(0) & 0xFFFFFF00u)
        PGM(PGM_SPECIFICATION);
    u8 end = (u8)GR(0);
    u32 a1 = GR(in->r1) & ADDR_MASK, a2 = GR(in->r2) & ADDR_MASK;
    u32 n = to_page_end(a1) < to_page_end(a2) ? to_page_end(a1) : to_page_end(a2);
    for (u32 i = 0; i < n; i++) {
        u8 x;
        /* Both operands stay in their pages, so only the first byte can
         * fault or miss the TLB: nothing has moved when the slow twin
         * reruns it or an access exception leaves. */
        FETCH(8, a2, x);
        STORE(8, a1, x);
        if (x == end) {
            GR(in->r1) = a1;
            c->cc = 1;
            DONE();
        }
        a1 = (a1 + 1) & ADDR_MASK;
        a2 = (a2 + 1) & ADDR_MASK;
    }
    GR(in->r1) = a1;
    GR(in->r2) = a2;
    c->cc = 3;
    DONE();
}
END_INSN

/* B25E SRST - Search String [RRE]: from R2 up to (not including) R1 for
 * the character in GR0 bits 24-31. */
DEF_INSN(srst)
{
    if (GR(0) & 0xFFFFFF00u)
        PGM(PGM_SPECIFICATION);
    u8 ch = (u8)GR(0);
    u32 end = GR(in->r1) & ADDR_MASK, a = GR(in->r2) & ADDR_MASK;
    for (int i = 0; i < 256; i++) {
        u8 x;
        if (a == end) {
            c->cc = 2;
            DONE();
        }
        FETCH(8, a, x);
        if (x == ch) {
            GR(in->r1) = a;
            c->cc = 1;
            DONE();
        }
        a = (a + 1) & ADDR_MASK;
    }
    GR(in->r2) = a;
    c->cc = 3;
    DONE();
}
END_INSN
