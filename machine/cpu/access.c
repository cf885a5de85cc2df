/* access.c: storage access slow paths and the software TLB.
 *
 * Design note. A TLB entry says: in access context `ctx` (PSW key and DAT
 * mode, folded into the tag's low bits by cpu_context_changed), the
 * virtual page `tag` may be accessed this way at host address `host`.
 * It is made only after the whole architected check:
 *
 *   DAT (if the PSW says so)  -> segment/page translation, translation
 *                                specification, addressing, page protection
 *   real = absolute (no prefixing on this machine); under SIE a guest's
 *                                real address goes through sie_abs()
 *   absolute < storage size    -> else addressing
 *   key-controlled protection  -> store: key 0 or key match;
 *                                 fetch: key 0, key match, or no F bit
 *   low-address protection     -> CR0 bit 3: no stores to 0-511
 *
 * and it sets the reference bit (and for a store the change bit) at once,
 * so hits need not. Stores are never cached for a frame holding decoded
 * instructions, nor for page 0 under low-address protection: those go
 * through here every time, which is how self-modifying code invalidates
 * its decoded copies (icache_invalidate) and how 0-511 stay protected.
 */
#include <string.h>

#include "access.h"
#include "dat.h"

void tlb_purge(struct machine *m)
{
    for (int k = 0; k < ACC_KINDS; k++)
        for (int i = 0; i < TLB_SIZE; i++)
            m->cpu.tlb[k][i].tag = TLB_INVALID;
}

void tlb_purge_frame(struct machine *m, u32 frame)
{
    for (int k = 0; k < ACC_KINDS; k++)
        for (int i = 0; i < TLB_SIZE; i++)
            if (m->cpu.tlb[k][i].frame == frame)
                m->cpu.tlb[k][i].tag = TLB_INVALID;
}

void tlb_purge_stores_to(struct machine *m, u32 frame)
{
    for (int i = 0; i < TLB_SIZE; i++)
        if (m->cpu.tlb[ACC_STORE][i].frame == frame)
            m->cpu.tlb[ACC_STORE][i].tag = TLB_INVALID;
}

void tlb_fill(struct cpu *c, enum access_kind kind, u32 va, u32 frame)
{
    struct tlbe *e = tlb_entry(c, kind, va);
    e->tag = (va & ~PAGE_MASK) | c->tlb_ctx;
    e->frame = frame;
    e->addend = (uintptr_t)(c->m->mem + ((size_t)frame << PAGE_SHIFT)) - (va & ~PAGE_MASK);
}

/* Translate and check one access at `va` (not crossing a page). Returns 0
 * and the absolute address, or a program-interruption code (with
 * cpu->tea set for translation exceptions). */
int acc_check(struct cpu *c, u32 va, enum access_kind kind, u32 *abs_out)
{
    struct machine *m = c->m;
    u32 real = va;
    bool protect = false;
    if (c->psw_sys & PSW0_T) {
        struct dat_result r;
        enum dat_fault f = dat_walk(c, va, &r);
        if (f != DAT_OK) {
            c->tea = va;
            return dat_fault_code(f);
        }
        real = r.real;
        protect = r.protect;
    }
    if (c->sie.active) {   /* a guest's real address: through its origin (and the host's DAT) */
        int code = sie_abs(c, real, &real);
        if (code)
            return code;
    }
    if (real >= m->mem_size)
        return PGM_ADDRESSING;
    u8 skey = m->keys[real >> PAGE_SHIFT];
    bool key_ok = c->key == 0 || (skey >> 4) == c->key;
    if (kind == ACC_STORE) {
        if (protect || !key_ok)
            return PGM_PROTECTION;
        if ((c->cr[0] & CR0_LOW_PROTECT) && va < 512 && !((c->psw_sys & PSW0_T) && (c->cr[1] & CR1_PRIVATE)))
            return PGM_PROTECTION;
        m->keys[real >> PAGE_SHIFT] |= SKEY_R | SKEY_C;
    } else {
        if (!key_ok && (skey & SKEY_F))
            return PGM_PROTECTION;
        m->keys[real >> PAGE_SHIFT] |= SKEY_R;
    }
    *abs_out = real;
    return 0;
}

/* Check `len` bytes at `va` (within one page) and return their host
 * address, filling the TLB when allowed. NULL and cpu->pgm_code on an
 * exception. */
static u8 *acc_page(struct cpu *c, u32 va, u32 len, enum access_kind kind)
{
    struct machine *m = c->m;
    u32 abs;
    int code = acc_check(c, va, kind, &abs);
    if (code) {
        c->pgm_code = code;
        return NULL;
    }
    u32 frame = abs >> PAGE_SHIFT;
    bool cache = true;
    if (kind == ACC_STORE) {
        if (m->icache[frame]) {
            icache_invalidate(m, abs, len);
            cache = false;
        }
        if ((c->cr[0] & CR0_LOW_PROTECT) && va < PAGE_SIZE)
            cache = false;
    }
    if (cache)
        tlb_fill(c, kind, va, frame);
    return m->mem + abs;
}

/* Split [va, va+len) at the page boundary: n0 bytes, then the rest. */
static u32 first_piece(u32 va, u32 len)
{
    u32 room = PAGE_SIZE - (va & PAGE_MASK);
    return len < room ? len : room;
}

bool acc_range_slow(struct cpu *c, u32 va, u32 len, enum access_kind k, struct span *s)
{
    c->pgm_code = 0;
    u32 n0 = first_piece(va, len);
    s->p[1] = NULL;
    s->n[1] = 0;
    s->n[0] = n0;
    s->p[0] = acc_page(c, va, n0, k);
    if (!s->p[0])
        return false;
    if (n0 < len) {
        s->n[1] = len - n0;
        s->p[1] = acc_page(c, (va + n0) & ADDR_MASK, len - n0, k);
        if (!s->p[1])
            return false;
    }
    return true;
}

u64 acc_fetch_slow(struct cpu *c, u32 va, u32 len)
{
    struct span s;
    u64 v = 0;
    c->pgm_code = 0;
    if (!acc_range_slow(c, va, len, ACC_FETCH, &s))
        return 0;
    for (u32 i = 0; i < len; i++)
        v = v << 8 | *span_at(&s, i);
    return v;
}

void acc_store_slow(struct cpu *c, u32 va, u64 v, u32 len)
{
    struct span s;
    c->pgm_code = 0;
    if (!acc_range_slow(c, va, len, ACC_STORE, &s))
        return;
    for (u32 i = 0; i < len; i++)
        *span_at(&s, i) = (u8)(v >> (8 * (len - 1 - i)));
}
