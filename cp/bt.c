/* bt.c: binary translation (`mode: bt`), VMware's answer to a machine
 * that is not virtualizable: the translation cache.
 *
 * Design note. On the flawed machine (spec.yaml's `flawed` variant)
 * SSM, STOSM, STNSM and EPSW do not trap in problem state, so trap and
 * emulate cannot see a guest supervisor use them. In bt mode CP never
 * runs the guest's virtual-supervisor code as it is: it runs copies of
 * it, basic block by basic block, from a translation cache (TC) mapped
 * into the VM's address space at BT_TC_VA, in real problem state as
 * always. The guest's problem-state code runs natively, as in trap mode.
 *
 *   - A block is a straight copy of guest code (its reads of its own
 *     code, literal pools included, still go to the original bytes, since
 *     base registers hold guest addresses). Relative branches are
 *     re-targeted: backwards into the block, or to exit stubs after it.
 *   - A block ends before any instruction a copy cannot run as it is:
 *     spec.yaml's trapless sensitive instructions (the variant's list,
 *     never a hand list), branches through registers or with a link,
 *     LARL and EXECUTE (their results hold addresses). CP emulates that
 *     instruction against the guest's state (bt_emulate.c) and goes on.
 *     Privileged instructions are copied: they trap, as in trap mode.
 *   - An exit stub is the halfword 0000 and its index: an operation
 *     exception into CP, which finds or translates the target and then
 *     patches the stub into a branch to it (chaining), so a loop between
 *     blocks soon runs without CP.
 *   - CP keeps the virtual PSW in guest terms: every entry from the TC
 *     maps the real PSW's address back to the guest's (bt_guest_ia), and
 *     every dispatch in virtual supervisor state maps it forward
 *     (bt_enter). Interruptions, reflections and simulations are those of
 *     trap mode, unchanged.
 *   - A page with translated code is write-protected in CP's tables for
 *     the VM (and in its shadows). A protection exception while any are
 *     protected drops the whole cache, unprotects, and retries the store;
 *     CP's own writes into the VM's storage (I/O, simulated stores) check
 *     the protected pages the same way (bt_written). The whole cache goes
 *     too when the guest's translation changes and blocks were translated
 *     with its DAT on (they are keyed by virtual address).
 *
 * Limits, as VMware's had theirs: the TC's megabyte segment is CP's
 * (a guest that maps it through its own DAT gets addressing exceptions
 * there); within the TC's 64K a supervisor-state data fetch sees the TC
 * rather than an exception (branches and stores there are refused as
 * the machine refuses them); EPSW and STOSM/STNSM in the guest's problem
 * state still show the real PSW (Theorem 3: a hybrid VMM needs the
 * user-sensitive instructions privileged).
 */
#include "cp.h"
#include "bt.h"

static void ptlb(void) { __asm__ volatile("ptlb" : : : "memory"); }

_Static_assert(__builtin_offsetof(struct bt_block, g) == VMT_BT_BLOCK_G, "vmtable.h: block layout");
_Static_assert(__builtin_offsetof(struct bt_block, tc) == VMT_BT_BLOCK_TC, "vmtable.h: block layout");
_Static_assert(__builtin_offsetof(struct bt_block, glen) == VMT_BT_BLOCK_GLEN, "vmtable.h: block layout");
_Static_assert(__builtin_offsetof(struct bt_block, nstubs) == VMT_BT_BLOCK_NSTUBS, "vmtable.h: block layout");
_Static_assert(__builtin_offsetof(struct bt_block, dat) == VMT_BT_BLOCK_DAT, "vmtable.h: block layout");

/* ---- the spec's classes: ARCH_FLOW_INSNS and the variant's trapless sensitive list ---- */

struct bt_class {
    u16 opcode;   /* left-aligned in the first halfword */
    u8 bits, kind;
};
#define FLOW_ROW(name, op, bits, len, flow) {op, bits, (flow) == ARCH_FLOW_RELATIVE ? BT_RELATIVE : BT_EMULATE},
#define TRAPLESS_ROW(name, op, bits, len) {op, bits, BT_EMULATE},
static const struct bt_class classes[] = {ARCH_FLOW_INSNS(FLOW_ROW)
                                          ARCH_VARIANT_FLAWED_TRAPLESS_SENSITIVE_INSNS(TRAPLESS_ROW)};
#define NCLASSES (sizeof classes / sizeof classes[0])

static bool machine_has_epsw;   /* probed at IPL: the flawed machine */
static u8 first_class[256];      /* by first opcode byte: index + 1 of its first class, or 0 */

void bt_init(void)
{
    machine_has_epsw = start_probe_epsw() != 0;
    for (u32 i = NCLASSES; i-- > 0;)
        first_class[classes[i].opcode >> 8] = (u8)(i + 1);
}

static bool matches(const struct bt_class *k, const u8 *b)
{
    if (b[0] != k->opcode >> 8)
        return false;
    if (k->bits == 8)
        return true;
    if (k->bits == 12)
        return (b[1] & 0x0F) == ((k->opcode >> 4) & 0x0F);
    return b[1] == (k->opcode & 0xFF);
}

int bt_classify(const u8 *b)
{
    for (u32 i = first_class[b[0]] ? first_class[b[0]] - 1u : NCLASSES; i < NCLASSES; i++)
        if (matches(&classes[i], b)) {
            if ((b[0] << 8 | b[1]) == OPCODE_EPSW && !machine_has_epsw)
                return BT_COPY;   /* the sound machine: an operation exception, natively */
            return classes[i].kind;
        }
    return BT_COPY;
}

/* ---- the cache's storage: one run of frames per VM ---- */

static u32 bt_bytes(const struct vm *vm) { return sizeof(struct bt) + 2 * (((vm->size >> 12) + 31) / 32 * 4); }

static struct bt *state(struct vm *vm)
{
    if (vm->bt)
        return vm->bt;
    u32 a = storage_alloc(bt_bytes(vm), 4096);
    u32 tc = a ? storage_alloc(BT_TC_SIZE + 1024 + 8192, 4096) : 0;
    if (!tc) {
        if (a)
            storage_free(a, bt_bytes(vm));
        return NULL;
    }
    struct bt *t = (struct bt *)a;
    t->tc = tc;
    t->prot_words = ((vm->size >> 12) + 31) / 32;
    t->hot = t->prot + t->prot_words;
    t->segtab = (u32 *)(tc + BT_TC_SIZE);   /* 4K-aligned, as a segment-table origin must be */
    u32 *pt = (u32 *)(tc + BT_TC_SIZE + 8192);
    for (u32 i = 0; i < 256; i++)   /* the TC's pages, read-only to the guest; the rest of the segment invalid */
        pt[i] = i < BT_TC_SIZE / 4096 ? (tc + i * 4096) | PTE_PROTECT : PTE_INVALID;
    t->tc_ste = (u32)pt | 15;
    u32 units = (vm->std & 127) + 1;
    for (u32 s = 0; s < 2048; s++)   /* guest real as CP maps it, and the TC */
        t->segtab[s] = s < units * 16 ? vm->segtab[s] : STE_INVALID;
    t->segtab[BT_TC_VA >> 20] = t->tc_ste;
    vm->bt = t;
    bt_flush(vm);
    return t;
}

void bt_free(struct vm *vm)
{
    struct bt *t = vm->bt;
    if (!t)
        return;
    bt_flush(vm);
    ptlb();   /* its pages go back to the free list */
    storage_free(t->tc, BT_TC_SIZE + 1024 + 8192);
    storage_free((u32)t, bt_bytes(vm));
    vm->bt = NULL;
}

void bt_publish(const struct vm *vm, struct vmt_entry *e)
{
    const struct bt *t = vm->bt;
    static const struct bt_stats none;
    const struct bt_stats *s = t ? &t->stats : &none;
    e->bt_translations = s->translations;
    e->bt_hits = s->hits;
    e->bt_exits = s->exits;
    e->bt_chains = s->chains;
    e->bt_emulations = s->emulations;
    e->bt_invalidations = s->invalidations;
    e->bt_tc = t ? t->tc : 0;
    e->bt_blocks = t ? (u32)t->blocks : 0;
    e->bt_nblocks = t ? t->nblocks : 0;
    e->bt_block_size = sizeof(struct bt_block);
}

void bt_flush(struct vm *vm)
{
    struct bt *t = vm->bt;
    if (!t)
        return;
    bool had_dat = t->dat_blocks != 0, had_prot = t->nprot != 0;
    bt_unprotect_all(vm);
    memset(t->head, 0, sizeof t->head);
    memset(t->fast, 0, sizeof t->fast);
    t->nstubs = 1;   /* stub 0: the EXECUTE slot's way back */
    t->used = BT_SCRATCH;
    t->stats.invalidations += t->nblocks != 0;
    t->nblocks = 0;
    t->dat_blocks = 0;
    if (had_prot)
        ptlb();
    if (had_dat && had_prot)
        shadow_reset(vm);   /* its shadows hold protection too (they come back without) */
}

/* ---- lookup: guest address to TC address ---- */

static bool starts_at(const struct bt_block *b, u32 g)
{
    u32 h = (g - b->g) / 2;
    return !b->dead && g >= b->g && g < b->g + b->glen && !(g & 1) && (b->starts[h >> 5] >> (h & 31)) & 1;
}

/* A block from a hot page: are the guest's bytes still what it was made from? */
static bool still_same(struct vm *vm, const struct bt_block *b)
{
    u8 buf[BT_BLOCK_MAX];
    int code;
    const u8 *p = gacc_ptr(vm, b->g, b->glen, false, &code);   /* its DAT off: in place */
    if (!p && (code || gacc_fetch(vm, b->g, buf, b->glen) != 0))
        return false;
    return bt_hash(BT_HASH_SEED, p ? p : buf, b->glen) == b->sum;
}

/* The TC offset of g's translation, or 0; its block in *out. The
 * addresses found last are remembered by address; the rest hang from
 * chains by guest page. */
static bool usable(struct vm *vm, struct bt_block *b, u32 g)
{
    if (b->dat != ((vm->vpsw[0] & PSW0_T) != 0) || !starts_at(b, g))
        return false;
    if (b->hot && !still_same(vm, b)) {
        b->dead = 1;   /* stale: nothing is looked up in it any more (its code may still be running) */
        return false;
    }
    return true;
}

static u32 lookup(struct vm *vm, u32 g, struct bt_block **out)
{
    struct bt *t = vm->bt;
    u32 f = (g >> 1) & (BT_FAST - 1), i = t->fast[f].blk + 1u;
    if (t->fast[f].g == g + 1 && t->fast[f].blk == BT_EMULATED)
        return 0;   /* (bt_enter looks at the instruction again) */
    if (t->fast[f].g != g + 1 || !usable(vm, &t->blocks[i - 1], g))
        for (i = t->head[(g >> 12) & (BT_HASH - 1)]; i && !usable(vm, &t->blocks[i - 1], g);)
            i = t->blocks[i - 1].next;
    if (!i)
        return 0;
    t->fast[f].g = g + 1;
    t->fast[f].blk = (u16)(i - 1);
    *out = &t->blocks[i - 1];
    return (*out)->tc + (g - (*out)->g);
}

/* The block holding TC offset off: blocks are laid out in order. */
static const struct bt_block *block_at(const struct bt *t, u32 off)
{
    u32 lo = 0, hi = t->nblocks;
    while (hi - lo > 1) {
        u32 mid = (lo + hi) / 2;
        if (t->blocks[mid].tc <= off)
            lo = mid;
        else
            hi = mid;
    }
    return t->nblocks && t->blocks[lo].tc <= off ? &t->blocks[lo] : NULL;
}



/* The stub at TC offset off, or -1. */
static int stub_at(const struct bt *t, u32 off)
{
    if (off < BT_SCRATCH)
        return off >= t->scratch_len ? 0 : -1;
    const struct bt_block *b = block_at(t, off);
    if (!b || off < b->tc + b->glen)
        return -1;
    u32 j = (off - b->tc - b->glen) / 4;
    return j < b->nstubs ? (int)(b->first_stub + j) : -1;
}

u32 bt_guest_ia(struct vm *vm, u32 ia, u32 *ilc)
{
    struct bt *t = vm->bt;
    u32 off = (ia & PSW_ADDR) - BT_TC_VA;
    if (off < BT_SCRATCH) {   /* the slot: before its instruction, the guest's; after it, past that */
        if (ilc && off)
            *ilc = t->scratch_ilc;
        return 0x80000000u | (off ? t->scratch_next : t->scratch_g);
    }
    int s = stub_at(t, off);
    if (s >= 0)
        return 0x80000000u | t->stubs[s].target;
    const struct bt_block *b = block_at(t, off);
    if (!b)
        return 0x80000000u | t->scratch_g;   /* cannot happen: CP made every byte it runs */
    return 0x80000000u | ((b->g + (off - b->tc)) & PSW_ADDR);
}

/* ---- translation ---- */

static u8 *tc_ptr(const struct bt *t, u32 off) { return (u8 *)(t->tc + off); }

static int new_stub(struct bt *t, u32 target)
{
    if (t->nstubs == BT_MAX_STUBS)
        return -1;
    t->stubs[t->nstubs].target = target & PSW_ADDR;
    return (int)t->nstubs++;
}

/* The guest's code at g and the guest real address of its page:
 * 0, or the exception its fetch would give. */
static int fetch_code(struct vm *vm, u32 g, u8 *b, u32 n, u32 *gra)
{
    bool prot;
    int code = gacc_fetch(vm, g, b, n);
    if (code)
        return code;
    if (!(vm->vpsw[0] & PSW0_T)) {
        *gra = g;
        return 0;
    }
    return gacc_translate(vm, g, gra, &prot);
}

/* LAB bt: BEGIN */
/* Copy one relative branch at TC offset at, re-targeted: backwards into
 * the block when its target is an instruction of it, else to a stub. */
static bool retarget(struct bt *t, struct bt_block *blk, u8 *out, u32 at, u32 g, u32 len)
{
    s32 rel = len == 4 ? (s16)(out[2] << 8 | out[3]) : (s32)cp_get32(out + 2);
    u32 target = (g + (u32)rel * 2) & PSW_ADDR, dest;
    if (starts_at(blk, target)) {
        dest = blk->tc + (target - blk->g);
    } else {
        int s = new_stub(t, target);
        if (s < 0)
            return false;
        dest = 0x80000000u | (u32)s;   /* filled in when the stubs are laid out */
    }
    t->fix[t->nfix].at = at;
    t->fix[t->nfix].len = (u8)len;
    t->fix[t->nfix++].dest = dest;
    return true;
}

/* Lay out the block's stubs after its code and point its branches at them. */
static void finish(struct bt *t, struct bt_block *blk)
{
    u32 at = blk->tc + blk->glen;
    for (u32 s = blk->first_stub; s < t->nstubs; s++, at += 4) {
        u8 *p = tc_ptr(t, at);
        t->stubs[s].tc = at;
        p[0] = p[1] = 0;   /* 0000: an operation exception, into CP */
        p[2] = (u8)(s >> 8);
        p[3] = (u8)s;
    }
    blk->nstubs = (u16)(t->nstubs - blk->first_stub);
    for (u32 i = 0; i < t->nfix; i++) {
        u32 dest = t->fix[i].dest;
        if (dest & 0x80000000u)
            dest = t->stubs[dest & 0xFFFF].tc;
        s32 rel = (s32)(dest - t->fix[i].at) / 2;
        u8 *p = tc_ptr(t, t->fix[i].at);
        if (t->fix[i].len == 4) {
            p[2] = (u8)(rel >> 8);
            p[3] = (u8)rel;
        } else {
            cp_put32(p + 2, (u32)rel);
        }
    }
    t->used = at;
}

/* Room for one more block of up to BT_BLOCK_MAX bytes and its stubs. */
static bool room(const struct bt *t)
{
    return t->nblocks < BT_MAX_BLOCKS && t->used + BT_BLOCK_MAX + 4 * (BT_BLOCK_MAX / 2) <= BT_TC_SIZE &&
           t->nstubs + BT_BLOCK_MAX / 2 + 1 <= BT_MAX_STUBS;
}

/* Translate the block at g (its first instruction copyable): its TC
 * offset, or 0 when its first instruction cannot be fetched. */
static u32 translate(struct vm *vm, u32 g)
{
    struct bt *t = vm->bt;
    if (!room(t))
        bt_flush(vm);
    struct bt_block *blk = &t->blocks[t->nblocks];
    memset(blk, 0, sizeof *blk);
    blk->g = g;
    blk->tc = t->used;
    blk->dat = (vm->vpsw[0] & PSW0_T) != 0;
    blk->first_stub = (u16)t->nstubs;
    int fall = new_stub(t, 0);   /* the first stub, right after the code: where it falls through to */
    t->nfix = 0;
    bool open = true;
    u32 page_gra = 0, gra2 = 0, hash = BT_HASH_SEED;
    u8 code[BT_BLOCK_MAX];   /* the rest of the page at once, where it can be fetched so */
    u32 have = 4096 - (g & 0xFFF) < (u32)BT_BLOCK_MAX ? 4096 - (g & 0xFFF) : (u32)BT_BLOCK_MAX;
    if (fetch_code(vm, g, code, have, &page_gra) != 0)
        have = 0;
    while (open && blk->glen + 6 <= BT_BLOCK_MAX) {
        u32 at = g + blk->glen, gra, len;
        u8 b[6];
        if (blk->glen && ((at ^ g) & ~0xFFFu))
            break;   /* the next page: a block of its own, protected on its own */
        if (blk->glen + 2u <= have) {
            CP_COPY(b, code + blk->glen, 2);
            gra = page_gra;
        } else if (fetch_code(vm, at, b, 2, &gra) != 0) {
            break;
        }
        len = cp_insn_length(b[0]);
        if (blk->glen + len <= have)
            CP_COPY(b + 2, code + blk->glen + 2, 4);
        else if (len > 2 && fetch_code(vm, at + 2, b + 2, len - 2, &gra2) != 0)
            break;
        int kind = bt_classify(b);
        if (kind == BT_EMULATE)
            break;
        if (!blk->glen)
            page_gra = gra;
        else if (((at + len - 1) ^ g) & ~0xFFFu)
            break;   /* it crosses into the next page: only a block's first may */
        u8 *out = tc_ptr(t, blk->tc + blk->glen);
        for (u32 i = 0; i < len; i++)
            out[i] = b[i];
        hash = bt_hash(hash, b, len);
        u32 h = blk->glen / 2;
        blk->starts[h >> 5] |= 1u << (h & 31);
        if (kind == BT_RELATIVE) {
            if (!retarget(t, blk, out, blk->tc + blk->glen, at, len))
                break;
            u32 op = (u32)b[0] << 4 | (b[1] & 0x0F);
            open = !((op == OPCODE_BRC || op == OPCODE_BRCL) && (b[1] >> 4) == 15);   /* an unconditional one ends it */
        }
        if (!blk->glen && ((at + len - 1) ^ at) & ~0xFFFu) {   /* it crosses: the next page matters too */
            if (fetch_code(vm, at + len - 1, b, 1, &gra2) != 0)
                break;
            blk->hot = bt_hot(vm, gra2 & ~0xFFFu);
            if (!blk->hot)
                bt_protect(vm, at + len - 1, gra2);
        }
        blk->glen = (u16)(blk->glen + len);
    }
    if (!blk->glen || fall < 0) {
        t->nstubs = blk->first_stub;
        return 0;
    }
    t->stubs[fall].target = (g + blk->glen) & PSW_ADDR;   /* (after an unconditional branch, never reached) */
    finish(t, blk);
    blk->hot |= bt_hot(vm, page_gra);
    blk->sum = hash;
    if (!blk->hot)
        bt_protect(vm, g, page_gra);
    u32 slot = (g >> 12) & (BT_HASH - 1);
    blk->next = t->head[slot];
    t->head[slot] = (u16)++t->nblocks;
    t->dat_blocks += blk->dat;
    t->stats.translations++;
    return blk->tc;
}
/* LAB bt: END */

/* The scratch slot: one instruction run by itself, then stub 0 back.
 * EXECUTE's target (bt_emulate.c), as modified; or a store into
 * translated code, run again after the cache went (bt_store_refused),
 * since translating its block again would protect its page again. */
void bt_scratch(struct vm *vm, u32 g, const u8 *insn, u32 len, u32 next, u32 ilc)
{
    struct bt *t = vm->bt;
    u8 *p = tc_ptr(t, 0);
    for (u32 i = 0; i < len; i++)
        p[i] = insn[i];
    for (u32 i = 0; i < 4; i++)
        p[len + i] = 0;   /* stub 0 */
    t->scratch_g = g & PSW_ADDR;
    t->scratch_next = next & PSW_ADDR;
    t->scratch_ilc = ilc;
    t->scratch_len = len;
    t->stubs[0].target = next & PSW_ADDR;
    t->stubs[0].tc = len;
}

/* ---- into the cache ---- */

u32 bt_native(struct vm *vm)
{
    vm->bt_native = true;
    return vm->vpsw[1];
}

u32 bt_std(struct vm *vm, u32 std, u32 ia)
{
    struct bt *t = vm->bt;
    bool tc = bt_in_tc(vm, ia);   /* else its problem state, or a fetch that fails natively: no TC mapped */
    if (!(vm->vpsw[0] & PSW0_T))
        return tc ? (u32)t->segtab | 127 : std;
    u32 *seg = (u32 *)vm->shadow_seg, want = tc ? t->tc_ste : STE_INVALID, s = BT_TC_VA >> 20;
    if (seg[s] != want) {   /* the TC's segment, in its shadows while its supervisor runs */
        seg[s] = want;
        ptlb();
    }
    return std;
}

bool bt_stub_trap(struct vm *vm, u32 ia)
{
    struct bt *t = vm->bt;
    u32 off = ((ia - 2) & PSW_ADDR) - BT_TC_VA;
    int s = bt_in_tc(vm, ia - 2) ? stub_at(t, off) : -1;
    if (s < 0)
        return false;
    t->stats.exits++;
    vm->vpsw[1] = 0x80000000u | t->stubs[s].target;
    struct bt_block *to = NULL;
    u32 dest = s ? lookup(vm, t->stubs[s].target, &to) : 0;
    if (dest && !to->hot) {   /* chain: the stub becomes BRC 15 to its target (never into a block CP must check) */
        u8 *p = tc_ptr(t, t->stubs[s].tc);
        s32 rel = (s32)(dest - t->stubs[s].tc) / 2;
        p[0] = 0xA7;
        p[1] = 0xF4;
        p[2] = (u8)(rel >> 8);
        p[3] = (u8)rel;
        t->stats.chains++;
    }
    return true;
}

u32 bt_enter(struct vm *vm)
{
    struct bt *t = state(vm);
    u32 g = vm->vpsw[1] & PSW_ADDR;
    if (!t) {
        vm_stop(vm, "NO REAL STORAGE LEFT FOR ITS TRANSLATION CACHE");
        return 0;
    }
    vm->bt_native = false;
    if (!vm_psw_valid(vm->vpsw[0], vm->vpsw[1]))
        return bt_native(vm);   /* the machine's early specification exception, as in trap mode */
    if (t->scratch_due) {   /* a store into translated code, again, by itself (bt_write.c), until it is past it */
        u8 now[6];
        if (g == t->scratch_g && gacc_fetch(vm, g, now, t->scratch_len) == 0 &&
            __builtin_memcmp(now, tc_ptr(t, 0), t->scratch_len) == 0)
            return 0x80000000u | BT_TC_VA;
        t->scratch_due = false;
    }
    /* A branch CP emulates changes nothing an interruption waits for: the
     * next goes on here (a few, so that a loop of them still lets the
     * dispatcher look, and charge it). Anything else goes round. */
    for (int n = 0; n < BT_BRANCHES_IN_A_ROW; n++, g = vm->vpsw[1] & PSW_ADDR) {
        struct bt_block *blk;
        u32 off = (g & 1) ? 0 : lookup(vm, g, &blk);
        if (off) {
            t->stats.hits++;
            return 0x80000000u | (BT_TC_VA + off);
        }
        u8 b[6];
        u32 gra;
        if ((g & 1) || fetch_code(vm, g, b, 2, &gra) != 0)
            return bt_native(vm);   /* the fetch fails there as on the machine, and CP reflects it */
        u32 f = (g >> 1) & (BT_FAST - 1);
        if (bt_classify(b) != BT_EMULATE) {
            t->fast[f].g = 0;   /* (it was emulated here once: the guest has changed it) */
            off = translate(vm, g);
            return off ? 0x80000000u | (BT_TC_VA + off) : bt_native(vm);
        }
        t->fast[f].g = g + 1;   /* no block starts here: the next lookup need not search */
        t->fast[f].blk = BT_EMULATED;
        bool branch;
        u32 run = bt_emulate(vm, &branch);
        if (run || !branch)
            return run;
    }
    return 0;
}
