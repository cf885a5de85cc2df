/* bt_emulate.c: the instructions a translated block stops before, run
 * by CP against the guest's state (binary translation, bt.c).
 *
 * Design note. A copy of guest code runs at another address than the
 * original, so the instructions whose results hold an address (a link,
 * LARL), that go somewhere only the registers say, or that EXECUTE
 * another, cannot run as they are; nor can the variant's trapless
 * sensitive instructions (SSM, STOSM, STNSM, EPSW on the flawed
 * machine), which would act on the real PSW without a trap. Which ones
 * they are is spec.yaml's (`flow`, and the variant's list); what each does
 * is here, one emu_<MNEMONIC> per ARCH_FLOW_INSNS row, so a new flow
 * instruction in the spec does not compile without its emulation. The
 * sensitive ones go to sim.c, which simulates them as it does when they
 * trap. A branch's target becomes the virtual PSW's address; CP then
 * looks the target up in the cache.
 *
 * EXECUTE: a target that a copy could run goes into the cache's scratch
 * slot (bt_scratch), as modified, with a stub back; any other is
 * emulated here with the EXECUTE's length and next address.
 */
#include "cp.h"
#include "bt.h"

/* One instruction being emulated. */
struct emu {
    struct vm *vm;
    u8 b[6];
    u32 ia;        /* its address: relative operands count from here */
    u32 next;      /* where the guest goes on (past an EXECUTE, through one) */
    u32 ilc;       /* its length, or EXECUTE's */
    u32 *gr;
    bool done;     /* the virtual PSW is set already: an exception, or sim.c's simulation */
    u32 run_at;    /* EXECUTE's target in the scratch slot: run there */
};

static u32 ea_rx(const struct emu *e)
{
    u32 x = e->b[1] & 0xF, b = e->b[2] >> 4, d = (u32)(e->b[2] & 0xF) << 8 | e->b[3];
    return ((x ? e->gr[x] : 0) + (b ? e->gr[b] : 0) + d) & PSW_ADDR;
}
static u32 ea_rs(const struct emu *e)
{
    u32 b = e->b[2] >> 4, d = (u32)(e->b[2] & 0xF) << 8 | e->b[3];
    return ((b ? e->gr[b] : 0) + d) & PSW_ADDR;
}
static u32 r1(const struct emu *e) { return e->b[1] >> 4; }
static u32 r2(const struct emu *e) { return e->b[1] & 0xF; }
static u32 rel16(const struct emu *e) { return (e->ia + (u32)(s32)(s16)(e->b[2] << 8 | e->b[3]) * 2) & PSW_ADDR; }
static u32 rel32(const struct emu *e) { return (e->ia + cp_get32(e->b + 2) * 2) & PSW_ADDR; }
static u32 link(const struct emu *e) { return 0x80000000u | e->next; }   /* 31-bit mode: the amode bit and the address */
static bool taken(const struct emu *e) { return (e->b[1] >> 4) >> (3 - ((e->vm->vpsw[0] & PSW0_CC) >> PSW0_CC_SHIFT)) & 1; }

static void go(struct emu *e, u32 target) { e->next = target & PSW_ADDR; }

/* BXH and BXLE: R3 the increment, R3|1 the comparand, read before R1 changes. */
static bool index_high(struct emu *e)
{
    u32 r3 = e->b[1] & 0xF;
    s32 incr = (s32)e->gr[r3], comp = (s32)e->gr[r3 | 1];
    e->gr[r1(e)] += (u32)incr;
    return (s32)e->gr[r1(e)] > comp;
}

/* ---- one per ARCH_FLOW_INSNS row ---- */
static void emu_BCR(struct emu *e) { if (r2(e) && taken(e)) go(e, e->gr[r2(e)]); }
static void emu_BC(struct emu *e) { if (taken(e)) go(e, ea_rx(e)); }
static void emu_BCTR(struct emu *e)
{
    u32 target = e->gr[r2(e)];
    if (--e->gr[r1(e)] && r2(e))
        go(e, target);
}
static void emu_BCT(struct emu *e)
{
    u32 target = ea_rx(e);
    if (--e->gr[r1(e)])
        go(e, target);
}
static void emu_BXH(struct emu *e)
{
    u32 target = ea_rs(e);
    if (index_high(e))
        go(e, target);
}
static void emu_BXLE(struct emu *e)
{
    u32 target = ea_rs(e);
    if (!index_high(e))
        go(e, target);
}
static void emu_BALR(struct emu *e)
{
    u32 target = e->gr[r2(e)];
    e->gr[r1(e)] = link(e);
    if (r2(e))
        go(e, target);
}
static void emu_BASR(struct emu *e) { emu_BALR(e); }
static void emu_BAL(struct emu *e)
{
    u32 target = ea_rx(e);
    e->gr[r1(e)] = link(e);
    go(e, target);
}
static void emu_BAS(struct emu *e) { emu_BAL(e); }
static void emu_BRC(struct emu *e) { if (taken(e)) go(e, rel16(e)); }
static void emu_BRCL(struct emu *e) { if (taken(e)) go(e, rel32(e)); }
static void emu_BRCT(struct emu *e)
{
    if (--e->gr[r1(e)])
        go(e, rel16(e));
}
static void emu_BRXH(struct emu *e)
{
    if (index_high(e))
        go(e, rel16(e));
}
static void emu_BRXLE(struct emu *e)
{
    if (!index_high(e))
        go(e, rel16(e));
}
static void emu_BRAS(struct emu *e)
{
    u32 target = rel16(e);
    e->gr[r1(e)] = link(e);
    go(e, target);
}
static void emu_BRASL(struct emu *e)
{
    u32 target = rel32(e);
    e->gr[r1(e)] = link(e);
    go(e, target);
}
static void emu_LARL(struct emu *e) { e->gr[r1(e)] = rel32(e); }
static void emu_EX(struct emu *e);

typedef void emu_fn(struct emu *e);
struct emudef {
    u16 opcode;
    u8 bits;
    emu_fn *fn;
};
#define EMU_ROW(name, op, bits, len, flow) {op, bits, emu_##name},
static const struct emudef emudefs[] = {ARCH_FLOW_INSNS(EMU_ROW)};
#define NEMUDEFS (sizeof emudefs / sizeof emudefs[0])

static emu_fn *flow_fn(const u8 *b)
{
    for (u32 i = 0; i < NEMUDEFS; i++) {
        const struct emudef *d = &emudefs[i];
        if (b[0] != d->opcode >> 8)
            continue;
        if (d->bits == 8 || (d->bits == 12 && (b[1] & 0x0F) == ((d->opcode >> 4) & 0x0F)) ||
            (d->bits == 16 && b[1] == (d->opcode & 0xFF)))
            return d->fn;
    }
    return NULL;
}

/* An exception of the instruction: translation exceptions nullify (the
 * PSW stays at it), the others leave it past. */
static void fail(struct emu *e, int code)
{
    struct vm *vm = e->vm;
    if (code != PGM_SEGMENT_TRANSLATION && code != PGM_PAGE_TRANSLATION)
        vm->vpsw[1] = 0x80000000u | e->next;
    refl_pgm(vm, (u16)code, e->ilc, gacc_last_tea);
    e->done = true;
}

/* The sensitive instructions: simulated as if they had trapped. */
static void sensitive(struct emu *e)
{
    e->vm->vpsw[1] = 0x80000000u | e->next;
    sim_simulate(e->vm, e->ilc);
    e->done = true;
}

static void emu_EX(struct emu *e)
{
    u32 target = ea_rx(e), r = r1(e);
    u8 t[6] = {0};
    int code;
    if (target & 1) {
        fail(e, PGM_SPECIFICATION);
        return;
    }
    if ((code = gacc_fetch(e->vm, target, t, 2)) != 0 ||
        (cp_insn_length(t[0]) > 2 && (code = gacc_fetch(e->vm, target + 2, t + 2, cp_insn_length(t[0]) - 2)) != 0)) {
        fail(e, code);
        return;
    }
    if (r)
        t[1] |= (u8)e->gr[r];
    if (t[0] == OPCODE_EX) {
        fail(e, PGM_EXECUTE);
        return;
    }
    int kind = bt_classify(t);
    emu_fn *fn = flow_fn(t);
    if (kind == BT_COPY) {   /* it runs as it is, in the scratch slot */
        bt_scratch(e->vm, e->ia, t, cp_insn_length(t[0]), e->next, 4);
        e->run_at = 0x80000000u | BT_TC_VA;
        e->done = true;
        return;
    }
    if (!fn) {
        sensitive(e);   /* sim_simulate finds the target through the EXECUTE */
        return;
    }
    struct emu x = *e;   /* a branch: relative to the target, linking past the EXECUTE */
    CP_COPY(x.b, t, 6);
    x.ia = target;
    fn(&x);
    e->next = x.next;
}

u32 bt_emulate(struct vm *vm, bool *branch)
{
    struct emu e = {.vm = vm, .ia = vm->vpsw[1] & PSW_ADDR, .gr = vm_gr(vm)};
    *branch = false;
    if (gacc_fetch(vm, e.ia, e.b, 2) != 0)
        return bt_native(vm);   /* the fetch fails as on the machine */
    e.ilc = cp_insn_length(e.b[0]);
    if (e.ilc > 2 && gacc_fetch(vm, e.ia + 2, e.b + 2, e.ilc - 2) != 0)
        return bt_native(vm);
    e.next = (e.ia + e.ilc) & PSW_ADDR;
    s64 start = disp_cpu_timer();
    vm->bt->stats.emulations++;
    emu_fn *fn = flow_fn(e.b);
    if (fn)
        fn(&e);
    else
        sensitive(&e);
    *branch = fn && fn != emu_EX && !e.done;
    if (!e.done)
        vm->vpsw[1] = 0x80000000u | e.next;
    vm->cpu_timer -= start - disp_cpu_timer();   /* its instruction's time is the guest's */
    return e.run_at;
}
