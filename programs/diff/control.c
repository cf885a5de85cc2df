/* control.c: control flow: dense switches (jump tables through
 * LARL/L/BR), sparse switches (compare trees), function pointers and
 * tables of them, recursion (Ackermann, Hanoi, N-queens, permutations),
 * loops counted with BRCT/BCT, and a tiny bytecode interpreter. */
#define RES_WORDS 64
#include "diff.h"

static __attribute__((noinline)) u32 dense(u32 op, u32 x)
{
    switch (op) {
    case 0: return x + 1;
    case 1: return x * 3;
    case 2: return x ^ 0xA5A5;
    case 3: return x >> 2;
    case 4: return x << 3;
    case 5: return ~x;
    case 6: return x - 77;
    case 7: return x | 0x100;
    case 8: return x & 0xFFF0;
    case 9: return x * x;
    case 10: return x / 7;
    case 11: return x % 13;
    case 12: return (x << 16) | (x >> 16);
    case 13: return x + 1000000;
    default: return 42;
    }
}

static __attribute__((noinline)) s32 sparse(s32 v)
{
    switch (v) {
    case -1000: return 1;
    case -7: return 2;
    case 0: return 3;
    case 13: return 4;
    case 4096: return 5;
    case 65537: return 6;
    case 0x7FFFFFFF: return 7;
    default: return v & 1 ? -1 : -2;
    }
}

static u32 ackermann(u32 m, u32 n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static u32 moves;
static u32 hanoi_sig;
static void hanoi(int n, int from, int to, int via)
{
    if (!n)
        return;
    hanoi(n - 1, from, via, to);
    moves++;
    hanoi_sig = hanoi_sig * 7 + (u32)(from * 3 + to);
    hanoi(n - 1, via, to, from);
}

static int queens(int n, int row, u32 cols, u32 d1, u32 d2)
{
    if (row == n)
        return 1;
    int count = 0;
    u32 avail = ~(cols | d1 | d2) & ((1u << n) - 1);
    while (avail) {
        u32 bit = avail & -avail;
        avail ^= bit;
        count += queens(n, row + 1, cols | bit, (d1 | bit) << 1, (d2 | bit) >> 1);
    }
    return count;
}

static u32 perm_sig;
static void permute(u8 *v, int k, int n)
{
    if (k == n) {
        u32 s = 0;
        for (int i = 0; i < n; i++)
            s = s * 10 + v[i];
        perm_sig = perm_sig * 31 + s;
        return;
    }
    for (int i = k; i < n; i++) {
        u8 t = v[k];
        v[k] = v[i];
        v[i] = t;
        permute(v, k + 1, n);
        t = v[k];
        v[k] = v[i];
        v[i] = t;
    }
}

typedef u32 (*op_fn)(u32, u32);
static u32 f_add(u32 a, u32 b) { return a + b; }
static u32 f_sub(u32 a, u32 b) { return a - b; }
static u32 f_mul(u32 a, u32 b) { return a * b; }
static u32 f_xor(u32 a, u32 b) { return a ^ b; }
static u32 f_min(u32 a, u32 b) { return a < b ? a : b; }
static const op_fn ops[] = {f_add, f_sub, f_mul, f_xor, f_min};

/* stack-machine bytecode: push imm, add, mul, dup, swap, jnz, dec, halt */
enum { PUSH, ADD, MUL, DUP, SWAP, JNZ, DEC, DROP, HALT };
static const s32 prog[] = {
    PUSH, 1,  /* acc */
    PUSH, 12, /* counter */
    /* loop: acc *= counter */
    SWAP, PUSH, 0, ADD, /* 4 */
    SWAP, DUP,          /* acc counter counter */
    PUSH, 0, ADD, SWAP, DROP,
    SWAP, PUSH, 3, MUL, SWAP, /* acc*3 counter */
    DEC, DUP, JNZ, 4, DROP, HALT,
};
static s32 interp(void)
{
    s32 st[16];
    int sp = 0, pc = 0;
    u32 steps = 0;
    for (;;) {
        if (++steps > 10000)
            return -1;
        switch (prog[pc++]) {
        case PUSH: st[sp++] = prog[pc++]; break;
        case ADD: sp--; st[sp - 1] += st[sp]; break;
        case MUL: sp--; st[sp - 1] *= st[sp]; break;
        case DUP: st[sp] = st[sp - 1]; sp++; break;
        case SWAP: { s32 t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = t; } break;
        case JNZ: { s32 t = prog[pc++]; if (st[--sp]) pc = t; } break;
        case DEC: st[sp - 1]--; break;
        case DROP: sp--; break;
        case HALT: return st[sp - 1] + (s32)steps * 1000;
        default: return -2;
        }
    }
}

int main(void)
{
    u32 h = 0;
    for (u32 i = 0; i < 300; i++)
        h = h * 3 + dense(opaque(i % 17), i * 2654435761u);
    put(h);
    s32 s = 0;
    static const s32 probes[] = {-1000, -7, 0, 13, 4096, 65537, 0x7FFFFFFF, 5, 6, -1, (s32)0x80000000};
    for (u32 i = 0; i < sizeof probes / sizeof probes[0]; i++)
        s = s * 5 + sparse((s32)opaque((u32)probes[i]));
    put((u32)s);
    put(ackermann(opaque(2), 3) << 16 | ackermann(opaque(3), 3));
    hanoi((int)opaque(10), 1, 3, 2);
    put(moves);
    put(hanoi_sig);
    put((u32)queens((int)opaque(8), 0, 0, 0, 0));
    u8 v[6] = {1, 2, 3, 4, 5, 6};
    permute(v, 0, (int)opaque(6));
    put(perm_sig);
    u32 acc = 7;
    for (u32 i = 0; i < 100; i++)
        acc = ops[opaque(i) % 5](acc, i * 977 + 1);
    put(acc);
    put((u32)interp());
    /* a counted loop with a computed goto */
    static void *labels[] = {&&l0, &&l1, &&l2, &&l3};
    u32 x = 0, k = 0;
next:
    if (k == 40)
        goto out;
    goto *labels[(k++ * 7) & 3];
l0: x += 1; goto next;
l1: x *= 3; goto next;
l2: x ^= 0x55; goto next;
l3: x -= 2; goto next;
out:
    put(x);
    diff_finish();
}
