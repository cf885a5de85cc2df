/* sie.c: interpretive execution. SIE runs a guest against a state
 * description until something needs the host.
 *
 * Design note. The guest runs on the same CPU, in the same loops, with
 * its own state swapped in: SIE saves the host's PSW (pointing at the SIE
 * instruction), GR14-15, control registers and clock comparator, and
 * notes the host CPU timer; it loads the guest's PSW, GR14-15, CRs, CPU
 * timer, clock comparator and TOD epoch from the state description.
 * GR0-13 are simply shared: the host loads the guest's before SIE and
 * finds them there after. So every instruction that runs natively or is
 * interpreted (spec.yaml's `sie:` column) just runs, against the guest's
 * state; what changes is underneath:
 *
 * - addresses: a guest's real address, at or beyond its extent, is an
 *   addressing exception for the guest; below it, MSO is added, and then,
 *   for a pageable guest (M without V=R), the host's DAT translates that
 *   host virtual address (dat.c). With the guest's own DAT on, its tables
 *   are read through the same mapping: the two-dimensional walk. The TLB
 *   tags each guest's entries (cpu_context_changed), so entering another
 *   guest needs no flush; a tag reused for another guest is purged first.
 *   A host DAT exception ends interpretation: the guest's instruction is
 *   nullified and the host takes the exception at its SIE instruction.
 * - interruptions: SVC and program interruptions, and the guest's own
 *   clock comparator and CPU timer, go to the guest's low core (at MSO)
 *   as on a real CPU, unless the intercept controls say otherwise.
 *   Host interruptions (real I/O, the host's clocks, the interrupt key,
 *   restart), when the host PSW at SIE allows them, end interpretation
 *   with interception code 0 and the host PSW still at the SIE
 *   instruction, so that the host handles them and reissues SIE.
 * - interception: instructions spec.yaml marks `intercepted` (I/O, DIAG,
 *   SCK, SIE), and `interpreted` ones whose control the state description
 *   sets, end interpretation before they run, with the guest PSW at the
 *   instruction (at the EXECUTE for a target) and its bytes in IPA/IPB.
 *   A wait-state PSW, an intervention request the guest can take, and an
 *   invalid state description (a validity code, SIE then does nothing)
 *   end it too.
 *
 * Ending interpretation stores the guest's state back, restores the
 * host's, and lets SIE complete (or, for code 0, stay pending).
 */
#include <string.h>

#include "access.h"
#include "channel.h"
#include "dat.h"
#include "machine.h"

static u8 *sd_at(struct machine *m, u32 sd, u32 off) { return m->mem + sd + off; }

static u64 host_due(struct machine *m);

static bool control(const struct cpu *c, u32 offset, u32 mask) { return c->sie.ctl[offset - SD_SVCC] & mask; }

static void count_exit(struct cpu *c, int index, u32 icode)
{
    c->m->count.sie_exit[index]++;
    c->sie_cause = index;
    if (cpu_break_event(c, BRK_SIE, icode) && c->stop == STOP_NONE)
        c->stop = STOP_BREAK;
}

/* The state description will not do: SIE stores why and completes. */
static const struct insn *validity(struct cpu *c, const struct insn *in, u32 sd, u16 reason)
{
    struct machine *m = c->m;
    *sd_at(m, sd, SD_ICODE) = SIE_ICODE_VALIDITY;
    put32(sd_at(m, sd, SD_IPB), (u32)reason << 16);
    stor_set_change(m, sd, SIE_SD_LENGTH);
    count_exit(c, SIE_ICODE_VALIDITY / 4, SIE_ICODE_VALIDITY);
    return cpu_exit_after(c, in);
}

/* A TLB tag for this guest: one of 15, by state-description address. A
 * tag that last served another guest (or this one with other storage)
 * has its entries purged. */
static u8 guest_tag(struct cpu *c)
{
    struct sie_state *s = &c->sie;
    u8 tag = (u8)(1 + (s->sd >> 8) % (SIE_TAGS - 1));
    u32 who = s->sd ^ s->mso ^ s->mse ^ (s->vr ? 1u : 0u);
    if (s->tag_sd[tag] != who) {
        for (int k = 0; k < ACC_KINDS; k++)
            for (int i = 0; i < TLB_SIZE; i++)
                if (((c->tlb[k][i].tag >> 8) & 0xF) == tag)
                    c->tlb[k][i].tag = TLB_INVALID;
        s->tag_sd[tag] = who;
    }
    return tag;
}

int sie_abs(struct cpu *c, u32 real, u32 *abs)
{
    struct sie_state *s = &c->sie;
    if (real >= s->mse)
        return PGM_ADDRESSING;   /* beyond its storage: the guest's exception */
    u32 a = s->mso + real;
    if (!s->vr) {
        struct dat_result r;
        enum dat_fault f = dat_walk_host(c, a, &r);
        if (f == DAT_OK && r.real < c->m->mem_size) {
            a = r.real;
        } else {
            s->host_fault = f == DAT_OK ? PGM_ADDRESSING : dat_fault_code(f);
            s->host_tea = a;
            return PGM_HOST_FAULT | s->host_fault;
        }
    }
    *abs = a;
    return 0;
}

const struct insn *sie_enter(struct cpu *c, const struct insn *in, u32 sd)
{
    struct machine *m = c->m;
    struct sie_state *s = &c->sie;
    u8 mode = *sd_at(m, sd, SD_M);
    u32 mso = be32(sd_at(m, sd, SD_MSO)), mse = be32(sd_at(m, sd, SD_MSE));
    bool vr = mode & SD_M_VR;
    if (!(mode & SD_M_ESA390))
        return validity(c, in, sd, SIE_VALIDITY_GUEST_MODE);
    if (be32(sd_at(m, sd, SD_PREFIX)))
        return validity(c, in, sd, SIE_VALIDITY_PREFIX);
    if (((mso | mse) & PAGE_MASK) || mse == 0 || (u64)mso + mse > 0x80000000ull)
        return validity(c, in, sd, SIE_VALIDITY_EXTENT);
    if (vr && (u64)mso + mse > m->mem_size)
        return validity(c, in, sd, SIE_VALIDITY_HOST_STORAGE);
    if (vr && sd + SIE_SD_LENGTH > mso && sd < mso + mse)
        return validity(c, in, sd, SIE_VALIDITY_SD_OVERLAP);
    if (!vr && (c->cr[0] & CR0_TRANS_FORMAT) != CR0_TRANS_FORMAT_VALUE)
        return validity(c, in, sd, SIE_VALIDITY_HOST_FORMAT);

    /* the host, to come back to: its PSW at this SIE */
    const struct insn *x = cpu_in_ex_slot(c, in) ? c->ex_in : in;
    s->host_psw = (cpu_psw(c) & 0xFFFFFFFF00000000ull) | PSW1_AMODE | cpu_insn_ia(c, x);
    s->host_ilen = x->ilen;
    s->host_gr14 = c->gr[14];
    s->host_gr15 = c->gr[15];
    memcpy(s->host_cr, c->cr, sizeof c->cr);
    s->host_ckc = m->clk.ckc;
    s->host_last_tod = c->last_tod;
    s->host_cpu_timer = clock_cpu_timer(m);
    s->host_vtime = clock_vtime(m);
    s->host_due = host_due(m);
    s->sd = sd;
    s->mso = mso;
    s->mse = mse;
    s->vr = vr;
    memcpy(s->ctl, sd_at(m, sd, SD_SVCC), sizeof s->ctl);
    s->v = *sd_at(m, sd, SD_V);
    s->host_fault = 0;
    s->active = true;
    int code = sie_abs(c, 0, &s->lowcore);
    if (code) {   /* the host has not mapped the guest's page 0 */
        s->active = false;
        c->tea = s->host_tea;
        return cpu_pgm(c, in, code & ~PGM_HOST_FAULT);
    }
    s->tag = guest_tag(c);

    /* the guest */
    c->gr[14] = be32(sd_at(m, sd, SD_GR14));
    c->gr[15] = be32(sd_at(m, sd, SD_GR15));
    for (int i = 0; i < 16; i++)
        c->cr[i] = be32(sd_at(m, sd, SD_CR + 4 * (u32)i));
    m->clk.ckc = be64(sd_at(m, sd, SD_CKC));
    clock_set_cpu_timer(m, (s64)be64(sd_at(m, sd, SD_CPUTM)));
    m->clk.epoch = be64(sd_at(m, sd, SD_EPOCH));
    c->last_tod = 0;   /* STCK's uniqueness is on the guest's clock now */
    m->count.sie_entries++;
    c->sie_cause = -1;
    u64 psw = be64(sd_at(m, sd, SD_PSW));
    int bad = cpu_load_psw(c, psw);
    cpu_context_changed(c);
    if (bad)
        return cpu_invalid_psw(c, psw);   /* the guest's early specification exception */
    return &c->exit_slot;
}

/* End interpretation with `icode`, counted under `index`. */
static void end(struct cpu *c, int icode, int index)
{
    struct machine *m = c->m;
    struct sie_state *s = &c->sie;
    u32 sd = s->sd;
    put64(sd_at(m, sd, SD_PSW), cpu_psw(c));
    put32(sd_at(m, sd, SD_GR14), c->gr[14]);
    put32(sd_at(m, sd, SD_GR15), c->gr[15]);
    for (int i = 0; i < 16; i++)
        put32(sd_at(m, sd, SD_CR + 4 * (u32)i), c->cr[i]);
    put64(sd_at(m, sd, SD_CPUTM), (u64)clock_cpu_timer(m));
    put64(sd_at(m, sd, SD_CKC), m->clk.ckc);
    *sd_at(m, sd, SD_ICODE) = (u8)icode;
    stor_set_change(m, sd, SIE_SD_LENGTH);

    /* the host again: its CPU timer ran all along */
    s64 host_timer = s->host_cpu_timer - (s64)(clock_vtime(m) - s->host_vtime);
    memcpy(c->cr, s->host_cr, sizeof c->cr);
    c->gr[14] = s->host_gr14;
    c->gr[15] = s->host_gr15;
    m->clk.ckc = s->host_ckc;
    m->clk.epoch = 0;
    c->last_tod = s->host_last_tod;
    clock_set_cpu_timer(m, host_timer);
    s->active = false;
    u32 ia = (u32)s->host_psw & ADDR_MASK;
    if (icode != SIE_ICODE_NONE)
        ia += s->host_ilen;   /* SIE completes; with code 0 it is reissued */
    cpu_load_psw(c, (s->host_psw & 0xFFFFFFFF00000000ull) | PSW1_AMODE | (ia & ADDR_MASK));
    cpu_context_changed(c);
    count_exit(c, index, (u32)icode);
}

void sie_exit(struct cpu *c, int icode) { end(c, icode, icode / 4); }

/* The bytes of the instruction in `in` (of the EXECUTE's target, with R1
 * ORed in, if it is one), from the guest's storage. */
static void insn_bytes(struct cpu *c, const struct insn *in, u8 b[6])
{
    bool ex = cpu_in_ex_slot(c, in);
    const struct insn *x = ex ? c->ex_in : in;
    u32 ia = cpu_insn_ia(c, x), or = 0;
    memset(b, 0, 6);
    if (ex) {   /* EX R1,D2(X2,B2): the target's address, and R1's byte */
        u32 e = (u32)acc_fetch_slow(c, ia, 4);
        u32 r1 = (e >> 20) & 15, x2 = (e >> 16) & 15, b2 = (e >> 12) & 15;
        ia = ((e & 0xFFF) + (x2 ? c->gr[x2] : 0) + (b2 ? c->gr[b2] : 0)) & ADDR_MASK;
        or = r1 ? c->gr[r1] & 0xFF : 0;
    }
    for (u32 i = 0; i < in->ilen; i++)
        b[i] = (u8)acc_fetch_slow(c, (ia + i) & ADDR_MASK, 1);
    b[1] |= (u8)or;
    c->pgm_code = 0;
}

/* End interpretation for the instruction in `in`, which has not run. */
static const struct insn *intercept_insn(struct cpu *c, const struct insn *in)
{
    struct machine *m = c->m;
    bool ex = cpu_in_ex_slot(c, in);
    u8 b[6];
    insn_bytes(c, in, b);
    c->ia = cpu_insn_ia(c, ex ? c->ex_in : in);   /* the guest PSW points at it */
    put16(sd_at(m, c->sie.sd, SD_IPA), (u16)(b[0] << 8 | b[1]));
    put32(sd_at(m, c->sie.sd, SD_IPB), (u32)b[2] << 24 | (u32)b[3] << 16 | (u32)b[4] << 8 | b[5]);
    *sd_at(m, c->sie.sd, SD_ISTAT) = (u8)(SD_ISTAT_IPAB_VALID | (ex ? SD_ISTAT_EXECUTE : 0));
    sie_exit(c, SIE_ICODE_INSTRUCTION);
    return &c->exit_slot;
}

const struct insn *sie_intercept(struct cpu *c, const struct insn *in)
{
    const struct isa_def *d = &c->m->isa[in->id];   /* the machine's variant */
    bool take = d->sie == ISA_SIE_INTERCEPTED;
    if (!take && d->sie_control >= 0) {
        if (in->id == ISA_LCTL) {   /* the CRs it loads, against the LCTL controls */
            u16 which = (u16)(c->sie.ctl[SD_LCTLC - SD_SVCC] << 8 | c->sie.ctl[SD_LCTLC - SD_SVCC + 1]);
            for (u32 r = in->r1;; r = (r + 1) & 15) {
                take |= (which & (0x8000u >> r)) != 0;
                if (r == in->r3)
                    break;
            }
        } else {
            const struct isa_named *k = &isa_sie_controls[d->sie_control];
            take = control(c, k->value, k->size);
        }
    }
    return take ? intercept_insn(c, in) : NULL;
}

const struct insn *sie_svc(struct cpu *c, const struct insn *in, u8 number)
{
    const u8 *k = c->sie.ctl;   /* SVCC: flags, then three SVC numbers */
    bool take = (k[0] & SIE_IC_SVC_MASK) || ((k[0] & SIE_IC_SVC_N1_MASK) && k[1] == number) ||
                ((k[0] & SIE_IC_SVC_N2_MASK) && k[2] == number) || ((k[0] & SIE_IC_SVC_N3_MASK) && k[3] == number);
    return take ? intercept_insn(c, in) : NULL;
}

/* The guest's program new PSW is invalid: its CPU would check-stop, and
 * with it the host's. Interpretation ends instead, as the program
 * interception of the interruption the guest could not take (its code
 * and ILC as it stored them in its low core), with the PSW it had, `old`,
 * in the state description. */
void sie_guest_checkstop(struct cpu *c, u64 old)
{
    struct machine *m = c->m;
    struct sie_state *s = &c->sie;
    u32 sd = s->sd, id = be32(m->mem + s->lowcore + LC_PGM_INT_ID);
    *sd_at(m, sd, SD_PGM_ILC) = (u8)(id >> 16);
    put16(sd_at(m, sd, SD_PGM_CODE), (u16)id);
    put32(sd_at(m, sd, SD_PGM_TEA), be32(m->mem + s->lowcore + LC_TEA) & 0x7FFFF000u);
    sie_exit(c, SIE_ICODE_PROGRAM);
    put64(sd_at(m, sd, SD_PSW), old);
}

bool sie_program_intercept(struct cpu *c, int *code, int *ilc)
{
    struct machine *m = c->m;
    struct sie_state *s = &c->sie;
    if (*code & PGM_HOST_FAULT) {   /* the host's: it takes it at its SIE, which is reissued */
        end(c, SIE_ICODE_NONE, SIE_EXIT_HOST_FAULT);
        c->tea = s->host_tea;
        *code = s->host_fault;
        *ilc = (int)s->host_ilen;
        return false;
    }
    bool take = control(c, SIE_IC_PROGRAM_OFFSET, SIE_IC_PROGRAM_MASK) ||
                (*code == PGM_OPERATION && control(c, SIE_IC_OPERATION_OFFSET, SIE_IC_OPERATION_MASK)) ||
                (*code == PGM_PRIVILEGED_OPERATION &&
                 control(c, SIE_IC_PRIVILEGED_OFFSET, SIE_IC_PRIVILEGED_MASK));
    if (!take)
        return false;
    *sd_at(m, s->sd, SD_PGM_ILC) = (u8)*ilc;
    put16(sd_at(m, s->sd, SD_PGM_CODE), (u16)*code);
    put32(sd_at(m, s->sd, SD_PGM_TEA), c->tea & 0x7FFFF000u);
    sie_exit(c, SIE_ICODE_PROGRAM);
    return true;
}

/* The host's clocks while a guest runs: its own TOD (no epoch), its CPU
 * timer (running since SIE), its comparator and its CR0 masks. None of
 * them can change until interpretation ends (SCK, SPT and SCKC are the
 * guest's), so the moment in virtual time when the first of them
 * interrupts the host is worked out once, at SIE. */
static u64 host_due(struct machine *m)
{
    struct sie_state *s = &m->cpu.sie;
    u64 now = s->host_vtime, due = ~0ull;
    u32 cr0 = s->host_cr[0];
    if (!((u32)(s->host_psw >> 32) & PSW0_EXT))
        return due;
    if ((cr0 & CR0_CKC_MASK) && s->host_ckc != ~0ull) {   /* TOD = tod_base + vtime passes the comparator */
        u64 at = s->host_ckc >= m->clk.tod_base ? s->host_ckc - m->clk.tod_base + 1 : now;
        due = at > now ? at : now;
    }
    if (cr0 & CR0_CPT_MASK) {   /* the timer goes negative */
        u64 at = s->host_cpu_timer < 0 ? now : now + (u64)s->host_cpu_timer + 1;
        if (at < due)
            due = at;
    }
    return due;
}

bool sie_host_interruption(struct machine *m)
{
    struct cpu *c = &m->cpu;
    struct sie_state *s = &c->sie;
    u32 sys = (u32)(s->host_psw >> 32);
    bool due = m->restart_pending || ((sys & PSW0_IO) && chan_interrupt_pending(m, s->host_cr[2])) ||
               ((sys & PSW0_EXT) && m->ext_key && (s->host_cr[0] & CR0_INTKEY_MASK)) ||
               (s->host_due != ~0ull && clock_vtime(m) >= s->host_due);
    if (!due)
        return false;
    sie_exit(c, SIE_ICODE_NONE);
    return true;
}

bool sie_intervention(struct machine *m)
{
    struct cpu *c = &m->cpu;
    u8 v = c->sie.v;
    int icode = (v & SD_V_STOP) ? SIE_ICODE_STOP
              : (v & SD_V_EXT) && (c->psw_sys & PSW0_EXT) ? SIE_ICODE_EXT_REQUEST
              : (v & SD_V_IO) && (c->psw_sys & PSW0_IO) ? SIE_ICODE_IO_REQUEST : -1;
    if (icode < 0)
        return false;
    sie_exit(c, icode);
    return true;
}

u64 sie_host_tod_to_event(struct machine *m)
{
    u64 due = m->cpu.sie.host_due, now;
    if (due == ~0ull)
        return due;
    now = clock_vtime(m);
    return due > now ? due - now : 0;
}
