/* access.h: storage access for instructions, fast path inline.
 *
 * Every operand access goes through the software TLB: a hit is one tag
 * compare and a host load or store. The tag is compared against the page
 * of the operand's LAST byte (with the access context in its low bits),
 * while the entry is chosen by the FIRST byte's page, so an access that
 * crosses a page boundary misses without a second test. A miss, a
 * crossing, or a store to a frame that holds decoded instructions takes
 * the slow path in access.c, which runs DAT, checks addressing, keys and
 * protection, sets the reference and change bits, and may fill the TLB.
 * On an access exception it records the program-interruption code in
 * cpu->pgm_code; the instruction then leaves through cpu_pgm() before it
 * has changed anything.
 *
 * The slow paths are SLOW_PATH functions (machine.h), so calling them
 * costs the fast path no register saves. Multi-byte operands that may
 * cross a page are checked whole, first, by acc_range(), so an
 * instruction either completes or is suppressed.
 */
#ifndef CREASY_ACCESS_H
#define CREASY_ACCESS_H

#include <string.h>

#include "machine.h"

static inline u32 be32(const u8 *p) { u32 v; memcpy(&v, p, 4); return __builtin_bswap32(v); }
static inline u16 be16(const u8 *p) { u16 v; memcpy(&v, p, 2); return __builtin_bswap16(v); }
static inline u64 be64(const u8 *p) { u64 v; memcpy(&v, p, 8); return __builtin_bswap64(v); }
static inline void put32(u8 *p, u32 v) { v = __builtin_bswap32(v); memcpy(p, &v, 4); }
static inline void put16(u8 *p, u16 v) { v = __builtin_bswap16(v); memcpy(p, &v, 2); }
static inline void put64(u8 *p, u64 v) { v = __builtin_bswap64(v); memcpy(p, &v, 8); }

static inline struct tlbe *tlb_entry(struct cpu *c, enum access_kind k, u32 va)
{
    return &c->tlb[k][(va >> PAGE_SHIFT) & (TLB_SIZE - 1)];
}

/* Does the TLB have `len` bytes at `va`? Then their host address is
 * va + e->addend. */
static inline bool tlb_hit(const struct cpu *c, const struct tlbe *e, u32 va, u32 len)
{
    return e->tag == (((va + len - 1) & ~PAGE_MASK) | c->tlb_ctx);
}

#define HOST(e, va) ((u8 *)((e)->addend + (va)))

/* Slow paths. A fetch returns the big-endian value of `len` (1..8)
 * bytes; both set cpu->pgm_code (0 when all went well). */
SLOW_PATH u64 acc_fetch_slow(struct cpu *c, u32 va, u32 len);
SLOW_PATH void acc_store_slow(struct cpu *c, u32 va, u64 v, u32 len);

#define DEFINE_FETCH(bits, type, load)                                   \
    static inline bool fetch##bits##_hit(struct cpu *c, u32 va, type *v) \
    {                                                                    \
        struct tlbe *e = tlb_entry(c, ACC_FETCH, va);                    \
        if (likely(tlb_hit(c, e, va, bits / 8))) {                       \
            u8 *p = HOST(e, va);                                         \
            *v = load;                                                   \
            return true;                                                 \
        }                                                                \
        return false;                                                    \
    }                                                                    \
    static inline bool fetch##bits(struct cpu *c, u32 va, type *v)     \
    {                                                                    \
        struct tlbe *e = tlb_entry(c, ACC_FETCH, va);                    \
        if (likely(tlb_hit(c, e, va, bits / 8))) {                       \
            u8 *p = HOST(e, va);                                         \
            *v = load;                                                   \
            return true;                                                 \
        }                                                                \
        *v = (type)acc_fetch_slow(c, va, bits / 8);                      \
        return !c->pgm_code;                                             \
    }
DEFINE_FETCH(8, u8, *p)
DEFINE_FETCH(16, u16, be16(p))
DEFINE_FETCH(32, u32, be32(p))
DEFINE_FETCH(64, u64, be64(p))

#define DEFINE_STORE(bits, type, put)                                    \
    static inline bool store##bits##_hit(struct cpu *c, u32 va, type v) \
    {                                                                    \
        struct tlbe *e = tlb_entry(c, ACC_STORE, va);                    \
        if (likely(tlb_hit(c, e, va, bits / 8))) {                       \
            u8 *p = HOST(e, va);                                         \
            put;                                                         \
            return true;                                                 \
        }                                                                \
        return false;                                                    \
    }                                                                    \
    static inline bool store##bits(struct cpu *c, u32 va, type v)       \
    {                                                                    \
        struct tlbe *e = tlb_entry(c, ACC_STORE, va);                    \
        if (likely(tlb_hit(c, e, va, bits / 8))) {                       \
            u8 *p = HOST(e, va);                                         \
            put;                                                         \
            return true;                                                 \
        }                                                                \
        acc_store_slow(c, va, v, bits / 8);                              \
        return !c->pgm_code;                                             \
    }
DEFINE_STORE(8, u8, *p = v)
DEFINE_STORE(16, u16, put16(p, v))
DEFINE_STORE(32, u32, put32(p, v))
DEFINE_STORE(64, u64, put64(p, v))

/* An operand of up to 4096 bytes, translated and checked as a whole: up to
 * two host pieces (it may cross one page boundary). */
struct span {
    u8 *p[2];
    u32 n[2];
};

SLOW_PATH bool acc_range_slow(struct cpu *c, u32 va, u32 len, enum access_kind k, struct span *s);

/* `len` bytes at `va` if the TLB has them all in one page. */
static inline bool acc_range_hit(struct cpu *c, u32 va, u32 len, enum access_kind k, struct span *s)
{
    struct tlbe *e = tlb_entry(c, k, va);
    if (likely(tlb_hit(c, e, va, len))) {
        s->p[0] = HOST(e, va);
        s->n[0] = len;
        s->n[1] = 0;
        s->p[1] = NULL;
        return true;
    }
    return false;
}

/* Check `len` (1..4096) bytes at `va` for `k` and fill `s`. False and
 * cpu->pgm_code set on an access exception; nothing is changed. */
static inline bool acc_range(struct cpu *c, u32 va, u32 len, enum access_kind k, struct span *s)
{
    struct tlbe *e = tlb_entry(c, k, va);
    if (likely(tlb_hit(c, e, va, len))) {
        s->p[0] = HOST(e, va);
        s->n[0] = len;
        s->n[1] = 0;
        s->p[1] = NULL;
        return true;
    }
    return acc_range_slow(c, va, len, k, s);
}

static inline u8 *span_at(const struct span *s, u32 i)
{
    return i < s->n[0] ? s->p[0] + i : s->p[1] + (i - s->n[0]);
}

/* Store the `len` (1..8) low-order bytes of `v`, big-endian, in a span of
 * `len` bytes. */
static inline void span_put(const struct span *s, u64 v, u32 len)
{
    if (likely(s->n[0] == len && len == 8)) {
        put64(s->p[0], v);
        return;
    }
    for (u32 i = 0; i < len; i++)
        *span_at(s, i) = (u8)(v >> (8 * (len - 1 - i)));
}

#endif
