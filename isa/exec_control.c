/* exec_control.c: the PSW and the control registers: SPM, IPM, LPSW,
 * SSM, STOSM, STNSM, LCTL, STCTL, SPKA, IPK, STIDP and DIAGNOSE, and the
 * flawed machine's EPSW.
 *
 * Anything that can enable an interruption, change the DAT mode or key,
 * or alter how storage is checked leaves the inner loop (cpu_exit_after), so
 * the run loop looks at pending interruptions and re-enters the
 * instruction's page under the new rules.
 */
#include "exec.h"

/* 04 SPM - Set Program Mask [RR] */
DEF_INSN(spm)
{
    u32 v = GR(in->r1);
    c->cc = (v >> 28) & 3;
    c->pm = (v >> 24) & 15;
    DONE();
}
END_INSN

/* B222 IPM - Insert Program Mask [RRE] */
DEF_INSN(ipm)
{
    GR(in->r1) = (GR(in->r1) & 0x00FFFFFFu) | (u32)c->cc << 28 | (u32)c->pm << 24;
    DONE();
}
END_INSN

/* B98D EPSW - Extract PSW [RRE]: the flawed machine only (spec.yaml's
 * variants; elsewhere an operation exception, in the decoder). PSW bits
 * 0-31 into R1 bits 0-31, bits 32-63 into R2 unless R2 is 0; the PSW is
 * the current one, its address that of the next instruction (after
 * EXECUTE, when EXECUTE ran it). Unprivileged: problem state sees its P
 * bit and key, which is what makes it behaviour-sensitive. */
DEF_INSN(epsw)
{
    u32 w0 = c->psw_sys | (u32)c->cc << PSW0_CC_SHIFT | (u32)c->pm << PSW0_PM_SHIFT;
    u32 w1 = link_address(c, in);
    GR(in->r1) = w0;
    if (in->r2)
        GR(in->r2) = w1;
    DONE();
}
END_INSN

/* 82 LPSW - Load PSW [S] */
DEF_INSN(lpsw)
{
    u32 ea = EA_2(c, in);
    u64 psw;
    PRIVILEGED();
    if (ea & 7)
        PGM(PGM_SPECIFICATION);
    FETCH(64, ea, psw);
    if (cpu_load_psw(c, psw) != 0)
        EXIT(cpu_invalid_psw(c, psw));
    EXIT(&c->exit_slot);
}
END_INSN

/* Replace PSW bits 0-7 (the system mask). False if the result is
 * invalid: a specification exception with the new mask in the old PSW. */
static bool set_system_mask(struct cpu *c, u8 mask)
{
    u32 old_ctx = c->psw_sys & PSW0_T;
    c->psw_sys = (c->psw_sys & 0x00FFFFFFu) | (u32)mask << 24;
    if ((c->psw_sys & PSW0_T) != old_ctx)
        cpu_context_changed(c);
    return !(c->psw_sys & PSW0_MUST_BE_ZERO & 0xFF000000u);
}

/* The system mask may enable interruptions or change DAT: leave the loop. */
#define SET_SYSTEM_MASK(mask)                        \
    do {                                             \
        if (!set_system_mask(c, (mask)))             \
            PGM(PGM_SPECIFICATION);                  \
        EXIT(cpu_exit_after(c, in));            \
    } while (0)

/* 80 SSM - Set System Mask [S]. On the flawed machine, in problem state,
 * it fetches its operand and does nothing more. */
DEF_INSN(ssm)
{
    u8 mask;
    if (PROBLEM_MASK_UNCHANGED()) {
        FETCH(8, EA_2(c, in), mask);
        DONE();
    }
    PRIVILEGED();
    if (c->cr[0] & CR0_SSM_SUPPRESS)
        PGM(PGM_SPECIAL_OPERATION);
    FETCH(8, EA_2(c, in), mask);
    SET_SYSTEM_MASK(mask);
}
END_INSN

/* STOSM and STNSM on the flawed machine, in problem state: the mask
 * stored, and left unchanged. */
#define STORE_MASK_ONLY()                              \
    do {                                               \
        if (PROBLEM_MASK_UNCHANGED()) {                \
            STORE(8, EA_1(c, in), (u8)(c->psw_sys >> 24)); \
            DONE();                                    \
        }                                              \
    } while (0)

/* AD STOSM - Store Then Or System Mask [SI] */
DEF_INSN(stosm)
{
    STORE_MASK_ONLY();
    PRIVILEGED();
    u8 old = c->psw_sys >> 24;
    STORE(8, EA_1(c, in), old);
    SET_SYSTEM_MASK(old | (u8)in->i2);
}
END_INSN

/* AC STNSM - Store Then And System Mask [SI] */
DEF_INSN(stnsm)
{
    STORE_MASK_ONLY();
    PRIVILEGED();
    u8 old = c->psw_sys >> 24;
    STORE(8, EA_1(c, in), old);
    SET_SYSTEM_MASK(old & (u8)in->i2);
}
END_INSN

static inline u32 reg_count(const struct insn *in) { return ((in->r3 - in->r1) & 15) + 1; }

/* B7 LCTL - Load Control [RS] */
DEF_INSN(lctl)
{
    u32 ea = EA_RS(c, in), n = reg_count(in);
    struct span s;
    PRIVILEGED();
    if (ea & 3)
        PGM(PGM_SPECIFICATION);
    RANGE(ea, n * 4, ACC_FETCH, s);
    u32 cr0 = c->cr[0], cr1 = c->cr[1];
    for (u32 i = 0; i < n; i++) {
        u8 w[4];
        for (int k = 0; k < 4; k++)
            w[k] = *span_at(&s, i * 4 + k);
        c->cr[(in->r1 + i) & 15] = be32(w);
    }
    if (c->cr[0] != cr0 || c->cr[1] != cr1)
        tlb_purge(c->m);   /* translation and protection rules changed */
    EXIT(cpu_exit_after(c, in));
}
END_INSN

/* B6 STCTL - Store Control [RS] */
DEF_INSN(stctl)
{
    u32 ea = EA_RS(c, in), n = reg_count(in);
    struct span s;
    PRIVILEGED();
    if (ea & 3)
        PGM(PGM_SPECIFICATION);
    RANGE(ea, n * 4, ACC_STORE, s);
    for (u32 i = 0; i < n; i++) {
        u8 w[4];
        put32(w, c->cr[(in->r1 + i) & 15]);
        for (int k = 0; k < 4; k++)
            *span_at(&s, i * 4 + k) = w[k];
    }
    DONE();
}
END_INSN

/* B20A SPKA - Set PSW Key from Address [S]: semiprivileged; problem
 * state needs the key's bit in the CR3 PSW-key mask. */
DEF_INSN(spka)
{
    u32 key = (EA_2(c, in) >> 4) & 15;
    if (c->problem && !(c->cr[3] & (0x80000000u >> key)))
        EXIT(cpu_privileged(c, in));
    SIE_INTERCEPT();
    c->key = (u8)key;
    c->psw_sys = (c->psw_sys & ~PSW0_KEY) | key << PSW0_KEY_SHIFT;
    cpu_context_changed(c);
    EXIT(cpu_exit_after(c, in));
}
END_INSN

/* B20B IPK - Insert PSW Key [S]: semiprivileged; problem state needs
 * the extraction-authority bit in CR0. */
DEF_INSN(ipk)
{
    if (c->problem && !(c->cr[0] & CR0_EXTRACT_AUTH))
        EXIT(cpu_privileged(c, in));
    SIE_INTERCEPT();
    GR(2) = (GR(2) & 0xFFFFFF00u) | (u32)c->key << 4;
    DONE();
}
END_INSN

/* B202 STIDP - Store CPU ID [S] */
DEF_INSN(stidp)
{
    u32 ea = EA_2(c, in);
    PRIVILEGED();
    if (ea & 7)
        PGM(PGM_SPECIFICATION);
    u64 id = (u64)cpu_version_code(c) << 56 | (u64)ARCH_CPU_ID << 32 | (u64)ARCH_MODEL << 16;
    STORE(64, ea, id);
    DONE();
}
END_INSN

/* 83 DIAG - Diagnose [RS]: model-dependent. The bare machine has no
 * diagnose functions (specification exception); under CP it is the
 * hypercall, which CP sees as a privileged-operation trap. */
DEF_INSN(diag)
{
    PRIVILEGED();
    PGM(PGM_SPECIFICATION);
}
END_INSN
