/* icache.c: the decoded-instruction cache.
 *
 * Design note. Each 4K frame the CPU executes from gets a `struct ipage`:
 * one `struct insn` per halfword, each starting as the decode stub. The
 * first execution of a slot decodes the instruction there and points the
 * slot at its handler; later executions dispatch straight away. Slots are
 * keyed by absolute frame, so a frame mapped at several virtual addresses
 * shares one decoding, and `off` in a slot is relative to whatever page
 * address the CPU entered the frame by (cpu->page_va).
 *
 * Three sentinel slots past the end of the page catch sequential flow off
 * the page and continue on the next one.
 *
 * Stores into a frame that has an ipage never use the TLB fast path;
 * access.c calls icache_invalidate(), which puts the decode stub back in
 * every slot the stored bytes could belong to. An instruction that
 * straddles two pages is never cached: the stub decodes and runs it each
 * time, so a store to either page is always seen.
 */
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "machine.h"

static struct ipage *ipage_new(struct machine *m, u32 frame)
{
    struct ipage *p = calloc(1, sizeof *p);
    if (!p)
        abort();   /* host out of memory: nothing sensible to do */
    p->frame = frame;
    for (u32 i = 0; i < SLOTS_PER_PAGE + PAGE_END_SLOTS; i++) {
        p->slot[i].fn = i < SLOTS_PER_PAGE ? exec_decode : exec_page_end;
        p->slot[i].off = i * 2;
        p->slot[i].ilen = 2;
    }
    m->icache[frame] = p;
    tlb_purge_stores_to(m, frame);   /* stores to it must now take the slow path */
    return p;
}

/* Point the CPU at the instruction at `ia` (entering its page) and
 * return its slot, or deliver the instruction-fetch exception and return
 * the exit slot. */
const struct insn *icache_enter(struct cpu *c, u32 ia)
{
    struct machine *m = c->m;
    if (unlikely(ia & 1))
        return cpu_fetch_exception(c, ia, PGM_SPECIFICATION);
    u32 page = ia & ~PAGE_MASK;
    struct tlbe *e = tlb_entry(c, ACC_IFETCH, ia);
    u32 frame;
    if (likely(e->tag == (page | c->tlb_ctx))) {
        frame = e->frame;
    } else {
        u32 abs;
        int code = acc_check(c, ia, ACC_IFETCH, &abs);
        if (code)
            return cpu_fetch_exception(c, ia, code);
        frame = abs >> PAGE_SHIFT;
        tlb_fill(c, ACC_IFETCH, ia, frame);
    }
    struct ipage *p = m->icache[frame];
    if (!p)
        p = ipage_new(m, frame);
    c->ipage = p;
    c->page_va = page;
    c->page_host = m->mem + ((size_t)frame << PAGE_SHIFT);
    return &p->slot[(ia & PAGE_MASK) >> 1];
}

void icache_invalidate(struct machine *m, u32 abs, u32 len)
{
    struct ipage *p = m->icache[abs >> PAGE_SHIFT];
    if (!p)
        return;
    u32 off = abs & PAGE_MASK;
    /* the first of a fused pair (isa/fused.c) may start 8 bytes before */
    u32 lo = off >= 8 ? off - 8 : 0, hi = off + len;
    if (hi > PAGE_SIZE)
        hi = PAGE_SIZE;
    for (u32 o = lo & ~1u; o < hi; o += 2)
        p->slot[o >> 1].fn = exec_decode;
}

void icache_flush(struct machine *m)
{
    for (u32 f = 0; f < m->nframes; f++) {
        free(m->icache[f]);
        m->icache[f] = NULL;
    }
}

/* Fetch the rest of an instruction that continues on the next page. */
static bool fetch_tail(struct cpu *c, u32 va, u8 *dst, u32 n, int *code)
{
    u32 abs;
    *code = acc_check(c, va, ACC_IFETCH, &abs);
    if (*code)
        return false;
    memcpy(dst, c->m->mem + abs, n);
    return true;
}

#if THREADED_DISPATCH
#define RUN(in) __attribute__((musttail)) return (in)->fn(c, (in), budget)
#define RUN_FN(fn, in) __attribute__((musttail)) return fn(c, (in), budget)
#else
#define RUN(in) return (in)->fn(c, (in), budget)
#define RUN_FN(fn, in) return fn(c, (in), budget)
#endif

/* Decode `bytes` (instruction `id`) into slot `in` at page offset `off`. */
static void decode_slot(struct insn *in, const u8 *bytes, int id, u32 off)
{
    isa_decode(in, bytes, id);
    in->off = off;
    if (isa_defs[id].relative) {   /* a branch target in this page: remember its slot */
        s32 half = isa_defs[id].length == 6 ? (s32)in->i2 : (s16)in->i2;
        u32 t = off + (u32)half * 2;
        in->d2 = t < PAGE_SIZE ? (u16)(t / 2) : NO_SLOT;
    }
}

/* Decode-time specializations (isa/fused.c): an instruction whose
 * successor is in the same page may run as a pair with it, so the
 * successor's fields are decoded too. Its slot keeps the decode stub until
 * it is reached, so it gets its own specialization then; a pair's handler
 * reads only the fields, which a store into either instruction resets
 * together with the pair (icache_invalidate). */
static void try_fuse(struct cpu *c, struct insn *in)
{
    u32 next = in->off + in->ilen;
    struct insn *n = NULL;
    if (in->ilen <= 4 && next < PAGE_SIZE && next + isa_length(c->page_host[next]) <= PAGE_SIZE) {
        n = in + in->ilen / 2;
        if (n->fn == exec_decode) {
            const u8 *p = c->page_host + next;
            int id = isa_lookup_in(c->m->isa, p);
            if (id < 0) {
                n = NULL;   /* undefined: no pair */
            } else {
                decode_slot(n, p, id, next);
                n->fn = exec_decode;   /* specialized in its turn when it is reached */
            }
        }
    }
    insn_fn *special = isa_specialize(in, n);
    if (special)
        in->fn = special;
}

/* The decode stub: decode the instruction in this slot, install its
 * handler and run it. Undefined opcodes raise the operation exception with
 * the ILC their first two bits give. An instruction that straddles two
 * pages is decoded into the slot but the stub stays installed, so it is
 * decoded afresh every time. */
const struct insn *exec_decode(struct cpu *c, const struct insn *cin, long budget)
{
    struct insn *in = (struct insn *)cin;   /* slots are the cache's to rewrite */
    u32 off = in->off;
    u8 b[6];
    u32 len = isa_length(c->page_host[off]);
    bool straddles = off + len > PAGE_SIZE;
    if (straddles) {
        u32 here = PAGE_SIZE - off;
        int code;
        memcpy(b, c->page_host + off, here);
        if (!fetch_tail(c, (c->page_va + PAGE_SIZE) & ADDR_MASK, b + here, len - here, &code)) {
            c->budget_left = budget - 1;   /* the fetch exception belongs to this instruction */
            return cpu_fetch_exception(c, cpu_insn_ia(c, in), code);
        }
    } else {
        memcpy(b, c->page_host + off, len);
    }
    int id = isa_lookup_in(c->m->isa, b);   /* undefined in the machine's variant: operation */
    if (id < 0) {
        in->ilen = len;
        c->budget_left = budget - 1;
        return cpu_pgm(c, in, PGM_OPERATION);
    }
    decode_slot(in, b, id, off);
    insn_fn *fn = in->fn;
    bool page_slot = in >= c->ipage->slot && in < c->ipage->slot + SLOTS_PER_PAGE;   /* not a stepped copy */
    if (straddles)
        in->fn = exec_decode;
    else if (page_slot)
        try_fuse(c, in);
    insn_fn *run = in->fn == exec_decode ? fn : in->fn;   /* a straddler, or maybe fused */
    RUN_FN(run, in);
}

/* Sequential flow ran off the end of the page: continue on the next one
 * with the instruction there. This sentinel is not an instruction, but it
 * tests the budget, which straight-line flow otherwise never does. */
const struct insn *exec_page_end(struct cpu *c, const struct insn *in, long budget)
{
    const struct insn *next = icache_enter(c, (c->page_va + in->off) & ADDR_MASK);
    if (next == &c->exit_slot) {   /* the fetch exception was delivered */
        c->budget_left = budget;
        return next;
    }
    if (budget <= 0) {
        c->budget_left = budget;
        return next;
    }
    RUN(next);
}

/* A program interruption a handler asked for (PGM, an access exception):
 * deliver it and leave. The instruction counts as executed. */
const struct insn *exec_pgm_exit(struct cpu *c, const struct insn *in, long budget)
{
    c->budget_left = budget - 1;
    return cpu_pgm(c, in, c->pgm_code);
}

/* A branch that leaves the decoded page: enter the target's page and go
 * on there, or leave with its instruction-fetch exception. */
const struct insn *exec_far_branch(struct cpu *c, const struct insn *in, long budget)
{
    const struct insn *t = cpu_branch(c, c->branch_target);
    --budget;
#if THREADED_DISPATCH
    if (t != &c->exit_slot && budget > 0)
        __attribute__((musttail)) return t->fn(c, t, budget);
#endif
    c->budget_left = budget;
    c->stopped_at_branch = true;
    return t;
}

/* After an instruction run alone (single step, the target of EXECUTE):
 * stop, and let the caller see where sequential flow would go. */
const struct insn *exec_stop(struct cpu *c, const struct insn *in, long budget)
{
    c->budget_left = budget;
    return in;
}
