/* randgen_emit.c: the generator's tools: random numbers, the image and
 * its labels and patches, the instruction encoders, and the choice of
 * registers, scratch operands and values (randgen.h).
 *
 * Design note. Instructions are emitted in order into img; an operand
 * that names a label not yet placed (a forward branch, LARL, a result
 * entry) is recorded as a patch and resolved once the whole image is laid
 * out (randgen.c). Every choice draws from one splitmix64 stream, so the
 * same seed gives the same image on every host.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "randgen.h"

u8 img[IMG_MAX];
u32 pc;
u32 img_end;

u32 addr(void) { return LOAD + pc; }

void die(const char *m)
{
    fprintf(stderr, "randgen: %s\n", m);
    exit(2);
}

/* ---- random numbers: splitmix64, reproducible across hosts ---- */
u64 rs_state;
static u64 rnd64(void)
{
    u64 z = (rs_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
u32 rnd32(void) { return (u32)(rnd64() >> 32); }
u32 rn(u32 n) { return (u32)(((rnd64() >> 32) * n) >> 32); }
int chance(int pct) { return (int)rn(100) < pct; }

/* ---- labels and patches ---- */
#define MAXLAB 200000
u32 lab_addr[MAXLAB];
int lab_set[MAXLAB];
static int nlab;
int newlab(void)
{
    if (nlab == MAXLAB)
        die("too many labels");
    return nlab++;
}
void deflab(int l)
{
    lab_addr[l] = addr();
    lab_set[l] = 1;
}

#define MAXPATCH 400000
struct patch patches[MAXPATCH];
int npatch;
void patch(u32 pos, int kind, int lab, s32 addend)
{
    if (npatch == MAXPATCH)
        die("too many patches");
    patches[npatch++] = (struct patch){pos, kind, lab, addend};
}

void put16(u32 off, u32 v) { img[off] = (u8)(v >> 8), img[off + 1] = (u8)v; }
void put32(u32 off, u32 v) { put16(off, v >> 16), put16(off + 2, v); }

void emit(const u8 *b, int len)
{
    if (pc + (u32)len > IMG_MAX - LOAD)
        die("image too large");
    memcpy(img + pc, b, (size_t)len);
    pc += (u32)len;
    if (pc > img_end)
        img_end = pc;
}

/* ---- instruction encoders (return the instruction's offset) ---- */
u32 e_rr(int op, int r1, int r2)
{
    u32 at = pc;
    u8 b[2] = {(u8)op, (u8)(r1 << 4 | r2)};
    emit(b, 2);
    return at;
}
u32 e_rx(int op, int r1, int x2, int b2, int d2)
{
    u32 at = pc;
    u8 b[4] = {(u8)op, (u8)(r1 << 4 | x2), (u8)(b2 << 4 | d2 >> 8), (u8)d2};
    emit(b, 4);
    return at;
}
u32 e_si(int op, int i2, int b1, int d1) { return e_rx(op, i2 >> 4, i2 & 15, b1, d1); }
u32 e_ri(int op, int op2, int r1, int i2)
{
    u32 at = pc;
    u8 b[4] = {(u8)op, (u8)(r1 << 4 | op2), (u8)(i2 >> 8), (u8)i2};
    emit(b, 4);
    return at;
}
u32 e_ril(int op, int op2, int r1, u32 i2)
{
    u32 at = pc;
    u8 b[6] = {(u8)op, (u8)(r1 << 4 | op2), (u8)(i2 >> 24), (u8)(i2 >> 16), (u8)(i2 >> 8), (u8)i2};
    emit(b, 6);
    return at;
}
u32 e_rre(int op16, int r1, int r2)
{
    u32 at = pc;
    u8 b[4] = {(u8)(op16 >> 8), (u8)op16, 0, (u8)(r1 << 4 | r2)};
    emit(b, 4);
    return at;
}
u32 e_rxe(int op, int op2, int r1, int x2, int b2, int d2)
{
    u32 at = pc;
    u8 b[6] = {(u8)op, (u8)(r1 << 4 | x2), (u8)(b2 << 4 | d2 >> 8), (u8)d2, 0, (u8)op2};
    emit(b, 6);
    return at;
}
u32 e_ss(int op, int l, int b1, int d1, int b2, int d2)
{
    u32 at = pc;
    u8 b[6] = {(u8)op, (u8)l, (u8)(b1 << 4 | d1 >> 8), (u8)d1, (u8)(b2 << 4 | d2 >> 8), (u8)d2};
    emit(b, 6);
    return at;
}
/* relative forms against a label */
void e_brc(int m, int lab) { patch(e_ri(0xA7, 4, m, 0), P_REL16, lab, 0); }
void e_brcl(int m, int lab) { patch(e_ril(0xC0, 4, m, 0), P_REL32, lab, 0); }
void e_larl(int r, int lab, s32 addend) { patch(e_ril(0xC0, 0, r, 0), P_REL32, lab, addend); }

/* ---- the image's fixed registers ---- */
int RS;
int T, U, V, W, X;
u32 DATA;

int reg_w(void)      /* a register random code may write */
{
    int r;
    do
        r = (int)rn(16);
    while (r == RS);
    return r;
}
int reg_wnz(void)    /* ... and usable as a base or index */
{
    int r;
    do
        r = (int)rn(16);
    while (r == RS || r == 0);
    return r;
}
int reg_any(void) { return (int)rn(16); }
int pair_ok(int r) { return r != RS && ((r + 1) & 15) != RS; }
/* an even/odd pair it may write; sometimes an odd one (specification) */
int reg_pair(void)
{
    int r;
    if (rn(1000) < 15) {
        do
            r = (int)rn(8) * 2 + 1;
        while (!pair_ok(r));
        return r;
    }
    do
        r = (int)rn(8) * 2;
    while (!pair_ok(r));
    return r;
}

/* a displacement from RS of `size` bytes inside the scratch area */
int scr(int size, int align)
{
    if (size > SCRLEN)
        size = SCRLEN;
    int span = SCRLEN - size;
    int d = SCR + (int)rn((u32)span + 1);
    if (align > 1)
        d &= ~(align - 1);
    if (d < SCR)
        d += align;
    return d;
}

/* interesting values */
u32 special32(void)
{
    static const u32 v[] = {0, 1, 2, 3, 0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFFFFF, 0x80000000, 0x80000001, 0x7FFFFFFE,
                            0xFFFF, 0x8000, 0x7FFF, 0xFFFF8000, 0x10000, 0xFF, 0x100, 0x40000000, 0xC0000000,
                            0x00FF00FF, 0xAAAAAAAA, 0x55555555, 31, 32, 63, 64};
    switch (rn(6)) {
    case 0:
    case 1: return v[rn(sizeof v / sizeof v[0])];
    case 2: return rnd32() >> rn(32);
    case 3: return 0u - (rnd32() >> rn(32));
    default: return rnd32();
    }
}
int imm16(void)
{
    static const int v[] = {0, 1, -1, 2, 0x7FFF, -0x8000, 0x7FFE, -2, 0xFF, 0x100, 31, 32, 63, 64};
    return chance(40) ? v[rn(sizeof v / sizeof v[0])] & 0xFFFF : (int)(rnd32() & 0xFFFF);
}
