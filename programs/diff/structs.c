/* structs.c: structures, bit-fields, unions, packed layouts, arrays of
 * structs passed by value, a linked list and a binary search tree in a
 * static pool, and a small hash table with open addressing. */
#define RES_WORDS 64
#include "diff.h"

struct flags {
    u32 a : 3, b : 7, c : 1, d : 13, e : 8;
};
struct __attribute__((packed)) pk {
    u8 tag;
    u32 val;
    u16 h;
    u64 big;
};
union pun {
    u64 d;
    u32 w[2];
    u16 h[4];
    u8 b[8];
};
struct vec {
    s32 x, y, z;
};
struct node {
    u32 key;
    struct node *l, *r;
};
static struct node pool[200];
static u32 npool;

static __attribute__((noinline)) struct vec vadd(struct vec a, struct vec b)
{
    struct vec r = {a.x + b.x, a.y + b.y, a.z + b.z};
    return r;
}
static __attribute__((noinline)) s32 dot(struct vec a, struct vec b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static struct vec cross(struct vec a, struct vec b)
{
    struct vec r = {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
    return r;
}

static struct node *insert(struct node *t, u32 key)
{
    if (!t) {
        struct node *n = &pool[npool++];
        n->key = key;
        n->l = n->r = NULL;
        return n;
    }
    if (key < t->key)
        t->l = insert(t->l, key);
    else if (key > t->key)
        t->r = insert(t->r, key);
    return t;
}
static u32 depth(const struct node *t)
{
    if (!t)
        return 0;
    u32 a = depth(t->l), b = depth(t->r);
    return 1 + (a > b ? a : b);
}
static u32 inorder_hash(const struct node *t, u32 h)
{
    if (!t)
        return h;
    h = inorder_hash(t->l, h);
    h = h * 31 + t->key;
    return inorder_hash(t->r, h);
}

#define HT 64
static u32 ht_key[HT], ht_val[HT];
static u32 ht_put(u32 k, u32 v)
{
    u32 i = (k * 2654435761u) >> 26, probes = 0;
    while (ht_key[i] && ht_key[i] != k) {
        i = (i + 1) & (HT - 1);
        probes++;
    }
    ht_key[i] = k;
    ht_val[i] += v;
    return probes;
}

int main(void)
{
    struct flags f = {0};
    u32 h = 0;
    for (int k = 0; k < 100; k++) {
        u32 r = rnd();
        f.a += r & 7;
        f.b ^= r >> 3;
        f.c = !f.c;
        f.d += r >> 10;
        f.e -= (u8)(r >> 24);
        u32 w;
        __builtin_memcpy(&w, &f, 4);
        h = h * 7 + w + f.a + f.b + f.d;
    }
    put(h);
    struct pk p[5];
    for (int i = 0; i < 5; i++) {
        p[i].tag = (u8)i;
        p[i].val = rnd();
        p[i].h = (u16)rnd();
        p[i].big = rnd64();
    }
    u32 ph = 0;
    for (int i = 0; i < 5; i++)
        ph = ph * 3 + p[opaque((u32)i)].val + p[i].h + (u32)(p[i].big >> 7);
    put(ph);
    put((u32)sizeof(struct pk) << 16 | (u32)sizeof p);
    union pun u;
    u.d = opaque64(0x0102030405060708ull);
    put(u.w[1] ^ ((u32)u.h[0] << 16) ^ u.b[3]);
    u.b[opaque(6)] = 0xEE;
    put64(u.d);
    struct vec a = {1, 2, 3}, b = {-4, 5, 6};
    struct vec s = {0, 0, 0};
    for (int k = 0; k < 30; k++) {
        s = vadd(s, cross(a, b));
        a.x += (s32)opaque((u32)k);
        b.z -= 2;
    }
    put((u32)s.x);
    put((u32)s.y ^ (u32)s.z);
    put((u32)dot(a, b));
    struct node *root = NULL;
    for (int k = 0; k < 150; k++)
        root = insert(root, rnd() % 1000);
    put(npool);
    put(depth(root));
    put(inorder_hash(root, 0));
    u32 probes = 0;
    for (int k = 0; k < 50; k++)
        probes += ht_put(rnd() % 97 + 1, (u32)k);
    put(probes);
    u32 hh = 0;
    for (int i = 0; i < HT; i++)
        hh = hh * 5 + ht_key[i] * 3 + ht_val[i];
    put(hh);
    diff_finish();
}
