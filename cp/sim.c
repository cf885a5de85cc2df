/* sim.c: the privileged instructions, simulated against a virtual
 * machine's state when its virtual PSW is in supervisor state.
 *
 * The list is spec.yaml's: ARCH_PRIVILEGED_INSNS (generated into arch.h)
 * gives every privileged and semiprivileged instruction, and this file
 * must define sim_<MNEMONIC> for each, or it does not compile. Each
 * simulation does what the machine's own instruction does (isa/exec_*.c)
 * but to the virtual PSW, control registers, timers and devices, and
 * reflects the exceptions the machine would raise. The virtual PSW
 * already points past the instruction, as the privileged-operation
 * exception leaves it (the instruction was suppressed).
 *
 * EXECUTE of a privileged instruction traps with the EXECUTE's address
 * and length; CP then simulates the target, with the EXECUTE's length for
 * any exception, as the machine would.
 */
#include "cp.h"

/* The trapped instruction, as simulated. */
struct sim_insn {
    u8 b[6];
    u32 ilc;        /* for exceptions: the trapping instruction's length (EXECUTE's) */
    u32 *gr;
};

typedef void sim_fn(struct vm *vm, const struct sim_insn *in);

/* ---- fields ---- */
static u32 ea_at(const struct sim_insn *in, int off)   /* B D at byte `off` */
{
    u32 b = in->b[off] >> 4, d = (u32)(in->b[off] & 0xF) << 8 | in->b[off + 1];
    return ((b ? in->gr[b] : 0) + d) & PSW_ADDR;
}
static u32 ea_s(const struct sim_insn *in) { return ea_at(in, 2); }
static u32 r1_rs(const struct sim_insn *in) { return in->b[1] >> 4; }
static u32 r3_rs(const struct sim_insn *in) { return in->b[1] & 0xF; }
static u32 r1_rre(const struct sim_insn *in) { return in->b[3] >> 4; }
static u32 r2_rre(const struct sim_insn *in) { return in->b[3] & 0xF; }


/* Reflect a program exception of this instruction. Translation
 * exceptions nullify: the old PSW points back at it. */
static void fail(struct vm *vm, const struct sim_insn *in, int code)
{
    if (code == PGM_SEGMENT_TRANSLATION || code == PGM_PAGE_TRANSLATION)
        vm->vpsw[1] = 0x80000000u | ((vm->vpsw[1] - in->ilc) & PSW_ADDR);
    refl_pgm(vm, (u16)code, in->ilc, gacc_last_tea);
}

/* A new system mask; invalid bits are a specification exception after it is set. */
static void set_system_mask(struct vm *vm, const struct sim_insn *in, u8 mask)
{
    u32 t = vm->vpsw[0] & PSW0_T;
    vm->vpsw[0] = (vm->vpsw[0] & 0x00FFFFFFu) | (u32)mask << 24;
    if ((vm->vpsw[0] & PSW0_T) != t)
        shadow_reset(vm);
    if (vm->vpsw[0] & PSW0_MUST_BE_ZERO & 0xFF000000u)
        fail(vm, in, PGM_SPECIFICATION);
}

static bool doubleword(struct vm *vm, const struct sim_insn *in, u32 ea)
{
    if (ea & 7) {
        fail(vm, in, PGM_SPECIFICATION);
        return false;
    }
    return true;
}

static bool fetch(struct vm *vm, const struct sim_insn *in, u32 ea, void *buf, u32 n)
{
    int code = gacc_fetch(vm, ea, buf, n);
    if (code)
        fail(vm, in, code);
    return !code;
}

static bool store(struct vm *vm, const struct sim_insn *in, u32 ea, const void *buf, u32 n)
{
    int code = gacc_store(vm, ea, buf, n);
    if (code)
        fail(vm, in, code);
    return !code;
}

/* ---- PSW and control registers ---- */

static void sim_SSM(struct vm *vm, const struct sim_insn *in)
{
    u8 mask;
    int code;
    if (vm->cr[0] & CR0_SSM_SUPPRESS) {
        fail(vm, in, PGM_SPECIAL_OPERATION);
        return;
    }
    const u8 *p = gacc_ptr(vm, ea_s(in), 1, false, &code);
    if (p)
        set_system_mask(vm, in, *p);
    else if (!code && fetch(vm, in, ea_s(in), &mask, 1))
        set_system_mask(vm, in, mask);
    else if (code)
        fail(vm, in, code);
}

static void sim_LPSW(struct vm *vm, const struct sim_insn *in)
{
    u32 ea = ea_s(in), psw[2];
    if (!doubleword(vm, in, ea) || !fetch(vm, in, ea, psw, 8))
        return;
    if (!vm_psw_valid(psw[0], psw[1])) {
        refl_early_spec_lpsw(vm, psw[0], psw[1]);
        return;
    }
    vm_load_psw(vm, psw[0], psw[1]);
}

/* STNSM, STOSM: store the system mask, then AND or OR the immediate in. */
static void store_then_mask(struct vm *vm, const struct sim_insn *in, bool or)
{
    u8 old = (u8)(vm->vpsw[0] >> 24);
    int code;
    u8 *p = gacc_ptr(vm, ea_at(in, 2), 1, true, &code);
    if (p)
        *p = old;
    else if (code || !store(vm, in, ea_at(in, 2), &old, 1)) {
        if (code)
            fail(vm, in, code);
        return;
    }
    set_system_mask(vm, in, or ? old | in->b[1] : old & in->b[1]);
}

static void sim_STNSM(struct vm *vm, const struct sim_insn *in) { store_then_mask(vm, in, false); }
static void sim_STOSM(struct vm *vm, const struct sim_insn *in) { store_then_mask(vm, in, true); }

/* LAB trap: BEGIN */
static u32 reg_count(const struct sim_insn *in) { return ((r3_rs(in) - r1_rs(in)) & 15) + 1; }

static void sim_LCTL(struct vm *vm, const struct sim_insn *in)
{
    u32 ea = ea_s(in), n = reg_count(in), w[16];
    if (ea & 3) {
        fail(vm, in, PGM_SPECIFICATION);
        return;
    }
    if (!fetch(vm, in, ea, w, n * 4))
        return;
    u32 cr0 = vm->cr[0], cr1 = vm->cr[1];
    for (u32 i = 0; i < n; i++)
        vm->cr[(r1_rs(in) + i) & 15] = w[i];
    if (vm->cr[0] != cr0 || vm->cr[1] != cr1)
        shadow_reset(vm);
    if ((vm->cr[0] ^ cr0) & CR0_CKC_MASK)
        disp_clocks_arm();   /* it now waits for its clock comparator, or no longer */
}

static void sim_STCTL(struct vm *vm, const struct sim_insn *in)
{
    u32 ea = ea_s(in), n = reg_count(in), w[16];
    if (ea & 3) {
        fail(vm, in, PGM_SPECIFICATION);
        return;
    }
    for (u32 i = 0; i < n; i++)
        w[i] = vm->cr[(r1_rs(in) + i) & 15];
    store(vm, in, ea, w, n * 4);
}
/* LAB trap: END */

/* ---- clocks: the CPU timer runs only while the VM runs; the TOD clock
 * is the machine's, which every VM reads and none sets ---- */

static void sim_SPT(struct vm *vm, const struct sim_insn *in)
{
    u32 ea = ea_s(in);
    u64 v;
    if (!doubleword(vm, in, ea) || !fetch(vm, in, ea, &v, 8))
        return;
    vm->cpu_timer = (s64)v;   /* (charged up to the trap: disp_left) */
}

static void sim_STPT(struct vm *vm, const struct sim_insn *in)
{
    u32 ea = ea_s(in);
    if (!doubleword(vm, in, ea))
        return;
    u64 v = (u64)vm->cpu_timer;   /* as it was at the trap (disp_left) */
    store(vm, in, ea, &v, 8);
}

static void sim_SCKC(struct vm *vm, const struct sim_insn *in)
{
    u32 ea = ea_s(in);
    u64 v;
    if (!doubleword(vm, in, ea) || !fetch(vm, in, ea, &v, 8))
        return;
    vm->ckc = v;
    disp_clocks_arm();
}

static void sim_STCKC(struct vm *vm, const struct sim_insn *in)
{
    u32 ea = ea_s(in);
    if (doubleword(vm, in, ea))
        store(vm, in, ea, &vm->ckc, 8);
}

/* The TOD clock is secure for every VM, as on VM/370 ("virtual machine
 * users cannot set or modify the TOD clock"): SCK gets condition code 1,
 * the architecture's answer when the TOD-clock control is in the secure
 * position, and changes nothing. A per-VM clock could not be kept in trap
 * mode, where STCK, not privileged, reads the real clock without CP; this
 * way STCK and the clock comparator agree in both modes. */
static void sim_SCK(struct vm *vm, const struct sim_insn *in)
{
    u32 ea = ea_s(in);
    u64 v;
    if (!doubleword(vm, in, ea) || !fetch(vm, in, ea, &v, 8))
        return;
    vm_set_cc(vm, 1);
}

/* ---- identity and keys ---- */

/* EPSW (the flawed machine's: it does not trap, and binary translation
 * brings it here, bt_emulate.c): the virtual PSW, its address already
 * past the instruction, as the machine's EPSW shows the current PSW. */
static void sim_EPSW(struct vm *vm, const struct sim_insn *in)
{
    in->gr[r1_rre(in)] = vm->vpsw[0];
    if (r2_rre(in))
        in->gr[r2_rre(in)] = vm->vpsw[1];
}

static void sim_STIDP(struct vm *vm, const struct sim_insn *in)
{
    u32 ea = ea_s(in);
    u32 id[2] = {0xFF000000u | ARCH_CPU_ID, ARCH_MODEL << 16};   /* version X'FF': a virtual machine */
    if (doubleword(vm, in, ea))
        store(vm, in, ea, id, 8);
}

static void sim_SPKA(struct vm *vm, const struct sim_insn *in)
{
    u32 key = (ea_s(in) >> 4) & 15;
    if ((vm->vpsw[0] & PSW0_PROB) && !(vm->cr[3] & (0x80000000u >> key))) {
        fail(vm, in, PGM_PRIVILEGED_OPERATION);
        return;
    }
    vm->vpsw[0] = (vm->vpsw[0] & ~PSW0_KEY) | key << PSW0_KEY_SHIFT;
}

static void sim_IPK(struct vm *vm, const struct sim_insn *in)
{
    if ((vm->vpsw[0] & PSW0_PROB) && !(vm->cr[0] & CR0_EXTRACT_AUTH)) {
        fail(vm, in, PGM_PRIVILEGED_OPERATION);
        return;
    }
    in->gr[2] = (in->gr[2] & 0xFFFFFF00u) | (vm->vpsw[0] & PSW0_KEY) >> (PSW0_KEY_SHIFT - 4);
}

/* R2 is a guest real address: its frame, or an addressing exception. */
static u32 frame_of(struct vm *vm, const struct sim_insn *in)
{
    u32 r = gacc_g2r(vm, in->gr[r2_rre(in)] & PSW_ADDR & ~0xFFFu, 4096);
    if (!r)
        fail(vm, in, PGM_ADDRESSING);
    return r;
}

static void sim_ISKE(struct vm *vm, const struct sim_insn *in)
{
    u32 r = frame_of(vm, in), k;
    if (!r)
        return;
    __asm__ volatile("iske %0,%1" : "=d"(k) : "a"(r));
    u32 *r1 = &in->gr[r1_rre(in)];
    *r1 = (*r1 & 0xFFFFFF00u) | (k & 0xFE);
}

static void sim_SSKE(struct vm *vm, const struct sim_insn *in)
{
    u32 r = frame_of(vm, in);
    if (r)
        __asm__ volatile("sske %0,%1" : : "d"(in->gr[r1_rre(in)] & 0xFE), "a"(r) : "memory");
}

static void sim_RRBE(struct vm *vm, const struct sim_insn *in)
{
    u32 r = frame_of(vm, in);
    int cc;
    if (!r)
        return;
    __asm__ volatile("rrbe 0,%1\n\tipm %0\n\tsrl %0,28" : "=d"(cc) : "a"(r) : "cc", "memory");
    vm_set_cc(vm, (u32)cc);
}

/* ---- translation: the guest's own DAT ---- */

static void sim_LRA(struct vm *vm, const struct sim_insn *in)
{
    u32 x2 = in->b[1] & 0xF, result;
    u32 ea = (ea_s(in) + (x2 ? in->gr[x2] : 0)) & PSW_ADDR;
    int cc = gacc_lra(vm, ea, &result);
    if (cc < 0) {
        fail(vm, in, -cc);
        return;
    }
    in->gr[r1_rs(in)] = result;
    vm_set_cc(vm, (u32)cc);
}

static void sim_PTLB(struct vm *vm, const struct sim_insn *in)
{
    (void)in;
    shadow_reset(vm);
}

static void sim_IPTE(struct vm *vm, const struct sim_insn *in)
{
    if ((vm->cr[0] & CR0_TRANS_FORMAT) != CR0_TRANS_FORMAT_VALUE) {
        fail(vm, in, PGM_TRANSLATION_SPECIFICATION);
        return;
    }
    u32 pte = ((in->gr[r1_rre(in)] & STE_PTO) + ((in->gr[r2_rre(in)] & 0x000FF000u) >> 10)) & PSW_ADDR;
    u32 r = gacc_g2r(vm, pte, 4);
    if (!r) {
        fail(vm, in, PGM_ADDRESSING);
        return;
    }
    *(u32 *)r |= PTE_INVALID;
    shadow_reset(vm);
}

static void sim_TPROT(struct vm *vm, const struct sim_insn *in)
{
    u32 va = ea_at(in, 2), key = (ea_at(in, 4) >> 4) & 15, gra, k;
    bool protect;
    int code = gacc_translate(vm, va, &gra, &protect);
    if (code == PGM_TRANSLATION_SPECIFICATION || code == PGM_ADDRESSING) {
        fail(vm, in, code);
        return;
    }
    if (code) {
        vm_set_cc(vm, 3);
        return;
    }
    u32 r = gacc_g2r(vm, gra, 1);
    if (!r) {
        fail(vm, in, PGM_ADDRESSING);
        return;
    }
    __asm__ volatile("iske %0,%1" : "=d"(k) : "a"(r));
    bool match = key == 0 || ((k >> 4) & 15) == key;
    bool lap = (vm->cr[0] & CR0_LOW_PROTECT) && va < 512;
    vm_set_cc(vm, !match && (k & 0x08) ? 2 : (!match || protect || lap) ? 1 : 0);
}

/* ---- hypercall, I/O, SIE ---- */

static void sim_DIAG(struct vm *vm, const struct sim_insn *in)
{
    diag_diagnose(vm, r1_rs(in), r3_rs(in), ea_s(in));
}

static void sim_SIO(struct vm *vm, const struct sim_insn *in) { vm_set_cc(vm, (u32)vio_sio(vm, (u16)ea_s(in))); }
static void sim_TIO(struct vm *vm, const struct sim_insn *in) { vm_set_cc(vm, (u32)vio_tio(vm, (u16)ea_s(in))); }
static void sim_HIO(struct vm *vm, const struct sim_insn *in) { vm_set_cc(vm, (u32)vio_hio(vm, (u16)ea_s(in))); }
static void sim_TCH(struct vm *vm, const struct sim_insn *in) { vm_set_cc(vm, (u32)vio_tch(vm, (u16)ea_s(in))); }

/* A virtual machine in trap mode has no interpretive-execution facility:
 * like a CPU without it, an operation exception. */
static void sim_SIE(struct vm *vm, const struct sim_insn *in)
{
    u32 sd = ea_s(in);   /* the state description's real address (its real: no translation) */
    if (sd & (SIE_SD_LENGTH - 1))
        fail(vm, in, PGM_SPECIFICATION);
    else if (!gacc_g2r(vm, sd, SIE_SD_LENGTH))
        fail(vm, in, PGM_ADDRESSING);
    else
        vsie_begin(vm, sd, in->ilc);   /* CP interprets it: vsie.c */
}

/* ---- dispatch by opcode, from spec.yaml ---- */

struct simdef {
    u16 opcode;
    u8 bits;
    sim_fn *fn;
    const char *name;
};
#define SIM_ROW(name, op, bits, len) {op, bits, sim_##name, #name},
static const struct simdef simdefs[] = {ARCH_PRIVILEGED_INSNS(SIM_ROW)
                                        ARCH_VARIANT_FLAWED_TRAPLESS_SENSITIVE_INSNS(SIM_ROW)};
#define NSIMDEFS (sizeof simdefs / sizeof simdefs[0])

/* By first opcode byte: the instruction, for one-byte opcodes; the first
 * of its family, for two-byte ones (B2xx, E5xx...), which lookup then
 * searches. Built once from simdefs by sim_init. */
static u8 by_first[256];   /* index + 1, or 0 */

void sim_init(void)
{
    for (u32 i = NSIMDEFS; i-- > 0;)
        by_first[simdefs[i].opcode >> 8] = (u8)(i + 1);
}

static const struct simdef *lookup(const u8 *b)
{
    u32 i = by_first[b[0]];
    if (!i--)
        return NULL;
    if (simdefs[i].bits == 8)
        return &simdefs[i];
    u16 op = (u16)(b[0] << 8 | b[1]);
    for (; i < NSIMDEFS; i++)
        if (simdefs[i].bits == 16 && simdefs[i].opcode == op)
            return &simdefs[i];
    return NULL;
}


/* The trapped instruction, before the virtual PSW's address; through an
 * EXECUTE to its target. 0, or the program-interruption code that
 * fetching it gave. */
static int fetch_insn(struct vm *vm, u32 ilc, struct sim_insn *in)
{
    u32 ia = (vm->vpsw[1] - ilc) & PSW_ADDR;
    int code;
    in->ilc = ilc;
    in->gr = vm_gr(vm);
    const u8 *p = gacc_ptr(vm, ia, ilc, false, &code);
    if (p)
        for (u32 i = 0; i < ilc; i++)
            in->b[i] = p[i];
    else if (code || (code = gacc_fetch(vm, ia, in->b, ilc)) != 0)
        return code;
    if (in->b[0] != 0x44)
        return 0;
    /* EXECUTE R1,D2(X2,B2): the target, its second byte ORed with R1's low byte */
    u32 r1 = in->b[1] >> 4, x2 = in->b[1] & 0xF;
    u32 target = (ea_s(in) + (x2 ? in->gr[x2] : 0)) & PSW_ADDR;
    u8 t[6] = {0};
    if ((code = gacc_fetch(vm, target, t, 2)) != 0)
        return code;
    int len = cp_insn_length(t[0]);
    if (len > 2 && (code = gacc_fetch(vm, target + 2, t + 2, (u32)len - 2)) != 0)
        return code;
    if (r1)
        t[1] |= (u8)in->gr[r1];
    memcpy(in->b, t, sizeof t);
    return 0;
}

void sim_simulate(struct vm *vm, u32 ilc)
{
    struct sim_insn in;
    int code = fetch_insn(vm, ilc, &in);
    if (code) {
        fail(vm, &in, code);
        return;
    }
    const struct simdef *s = lookup(in.b);
    if (!s) {   /* not privileged after all (an EXECUTE of something odd): as the machine would */
        fail(vm, &in, PGM_PRIVILEGED_OPERATION);
        return;
    }
    if ((vm->vpsw[0] & PSW0_PROB) && s->fn != sim_SPKA && s->fn != sim_IPK) {
        fail(vm, &in, PGM_PRIVILEGED_OPERATION);   /* the guest's own problem state */
        return;
    }
    vm->traps++;
    if (vm->flags & VMT_F_TRACE_PRIV)   /* CP TRACE PRIV: each one, as it is simulated */
        cp_msg(vm->terminal, "TRACE: %s AT %08X", s->name, (vm->vpsw[1] - ilc) & PSW_ADDR);
    s->fn(vm, &in);
}
