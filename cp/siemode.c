/* siemode.c: running a virtual machine under SIE (its directory's mode:
 * sie). Its names are siemode_* (machine/'s sie_* are the SIE instruction
 * itself, which this file uses).
 *
 * Design note. In sie mode CP keeps the same model of the VM as in trap
 * mode (vpsw, cr, registers, timers, pending interruptions) and changes
 * only how the VM runs between two of CP's decisions: instead of loading
 * the vpsw's key, condition code and address into a real problem-state
 * PSW, disp_resume() puts the whole state into the VM's state description
 * (siemode_load) and issues SIE (start.S, start_run_sie). The machine
 * then interprets the privileged instructions, SVCs, program
 * interruptions, the guest's own DAT, keys and clocks itself, against
 * that state, and comes back only for what CP must see: an intercepted
 * instruction (I/O, DIAG), a wait, an interruption it asked to be told
 * of, or CP's own interruptions (its time slice, real I/O), which end
 * interpretation with the guest's state saved. siemode_store() copies the
 * state back, and one switch on the interception code
 * (siemode_interception) does CP's part with the same code as trap mode:
 * sim_simulate() for an instruction, vm_load_psw() for a wait.
 *
 * The guest's storage is V=R-style: MSO is its origin in real storage,
 * MSE its size, so the machine needs neither CP's DAT tables nor shadow
 * tables for it. Interruptions CP holds for the VM (virtual I/O, the
 * interrupt key) are delivered by disp_resume() when the guest is
 * enabled; when it is not, the intervention requests in the state
 * description ask the machine to end interpretation as soon as it is.
 */
#include "cp.h"

/* What CP holds for the VM that its PSW keeps out, but its CRs let in:
 * the machine ends interpretation when the guest enables for it. */
static u8 requests(const struct vm *vm)
{
    u8 v = 0;
    if ((vm->pending_ext & PEND_KEY) && (vm->cr[0] & CR0_INTKEY_MASK) && !(vm->vpsw[0] & PSW0_EXT))
        v |= SD_V_EXT;
    if (!(vm->vpsw[0] & PSW0_IO))
        for (const struct vdev *d = vm->pending_io; d; d = d->next_pending)
            if ((d->vaddr >> 8) < 32 && (vm->cr[2] & (0x80000000u >> (d->vaddr >> 8))))
                v |= SD_V_IO;
    return v;
}

/* What CP holds for the VM that a control register keeps out: an LCTL
 * that loads that register comes to CP (LCTLC bit n is CRn), which then
 * lets in what it opened, right after the LCTL, as the machine would. */
static u16 held_by_crs(const struct vm *vm)
{
    u16 crs = 0;
    if ((vm->pending_ext & PEND_KEY) && !(vm->cr[0] & CR0_INTKEY_MASK))
        crs |= 0x8000u >> 0;
    for (const struct vdev *d = vm->pending_io; d; d = d->next_pending)
        if ((d->vaddr >> 8) >= 32 || !(vm->cr[2] & (0x80000000u >> (d->vaddr >> 8))))
            crs |= 0x8000u >> 2;
    return crs;
}

/* CP runs on the machine: its words and doublewords are already in the
 * state description's order, so the fields are copied as they are. */
void siemode_load(struct vm *vm)
{
    u8 *sd = vm->sd;
    const u32 *gr = vm_gr(vm);
    u8 ctl[16] = {0};   /* SVC, LCTL and intercept controls: none, but for TRACE */
    if (vm->flags & VMT_F_TRACE_PRIV) {   /* what CP is to see must come to it */
        ctl[SD_IC - SD_SVCC] = 0xFF & ~(SIE_IC_OPERATION_MASK | SIE_IC_PRIVILEGED_MASK | SIE_IC_PROGRAM_MASK);
        ctl[SD_IC - SD_SVCC + 1] = ctl[SD_IC - SD_SVCC + 2] = ctl[SD_IC - SD_SVCC + 3] = 0xFF;
        ctl[SD_LCTLC - SD_SVCC] = ctl[SD_LCTLC - SD_SVCC + 1] = 0xFF;
    }
    if (vm->flags & VMT_F_TRACE_SVC)
        ctl[SIE_IC_SVC_OFFSET - SD_SVCC] = SIE_IC_SVC_MASK;
    if (vm->shadow_seg) {   /* a pageable guest of its own runs on shadows of its tables (vsie.c): */
        ctl[SIE_IC_IPTE_OFFSET - SD_SVCC] |= SIE_IC_IPTE_MASK;   /* what changes them comes to CP */
        ctl[SIE_IC_PTLB_OFFSET - SD_SVCC] |= SIE_IC_PTLB_MASK;
        ctl[SD_LCTLC - SD_SVCC] |= 0xC0;   /* CR0 and CR1 */
    }
    u16 crs = held_by_crs(vm);
    ctl[SD_LCTLC - SD_SVCC] |= (u8)(crs >> 8);
    ctl[SD_LCTLC - SD_SVCC + 1] |= (u8)crs;
    cp_put32(sd + SD_V, requests(vm) << 24 | SD_M_ESA390 | SD_M_VR);   /* V; M: an ESA/390 guest, V=R */
    cp_put32(sd + SD_PREFIX, 0);
    cp_put32(sd + SD_MSO, vm->origin);
    cp_put32(sd + SD_MSE, vm->size);
    cp_put32(sd + SD_GR14, gr[14]);
    cp_put32(sd + SD_GR15, gr[15]);
    CP_COPY(sd + SD_PSW, vm->vpsw, 8);
    CP_COPY(sd + SD_CPUTM, &vm->cpu_timer, 8);
    CP_COPY(sd + SD_CKC, &vm->ckc, 8);
    cp_put32(sd + SD_EPOCH, 0);   /* the machine's TOD clock: secure (sim.c, SCK) */
    cp_put32(sd + SD_EPOCH + 4, 0);
    CP_COPY(sd + SD_SVCC, ctl, sizeof ctl);
    CP_COPY(sd + SD_CR, vm->cr, 64);
}

static void siemode_store(struct vm *vm)
{
    const u8 *sd = vm->sd;
    u32 *gr = vm_gr(vm);
    gr[14] = cp_get32(sd + SD_GR14);
    gr[15] = cp_get32(sd + SD_GR15);
    CP_COPY(vm->vpsw, sd + SD_PSW, 8);
    CP_COPY(&vm->cpu_timer, sd + SD_CPUTM, 8);
    CP_COPY(&vm->ckc, sd + SD_CKC, 8);
    CP_COPY(vm->cr, sd + SD_CR, 64);
}


/* LAB sie: BEGIN */
static void siemode_interception(struct vm *vm)
{
    const u8 *sd = vm->sd;
    u8 code = sd[SD_ICODE];
    if (code / 4 < VMT_SIE_CODES)
        vm->sie_exits[code / 4]++;
    switch (code) {
    case SIE_ICODE_INSTRUCTION: {   /* the guest PSW is at it: past it, as a trap leaves it */
        u32 ilc = (sd[SD_ISTAT] & SD_ISTAT_EXECUTE) ? 4 : cp_insn_length(sd[SD_IPA]);   /* an EXECUTE's target: the EXECUTE */
        vm->vpsw[1] = (vm->vpsw[1] & ~PSW_ADDR) | ((vm->vpsw[1] + ilc) & PSW_ADDR);
        if (sd[SD_IPA] == OPCODE_SVC)   /* an SVC, intercepted for TRACE SVC */
            vm_svc(vm, sd[SD_IPA + 1], ilc);
        else
            sim_simulate(vm, ilc);
        break;
    }
    case SIE_ICODE_PROGRAM:   /* CP asks for none; as the machine would, to the guest */
        refl_pgm(vm, (u16)(sd[SD_PGM_CODE] << 8 | sd[SD_PGM_CODE + 1]), sd[SD_PGM_ILC], cp_get32(sd + SD_PGM_TEA));
        break;
    case SIE_ICODE_WAIT:   /* the machine ran its clocks: CP's must wake it for them */
        vm_load_psw(vm, vm->vpsw[0], vm->vpsw[1]);
        disp_clocks_arm();
        break;
    case SIE_ICODE_VALIDITY:
        vm_stop(vm, "SIE VALIDITY CHECK");
        break;
    default:   /* a host interruption, or a request: disp_resume() delivers what is due */
        break;
    }
}
/* LAB sie: END */

/* Was CP interrupted in start_run_sie? Then the VM's state is in its
 * state description (and at start_after_sie, interpretation ended by
 * interception before CP could see it: that is handled first). */
bool siemode_interrupted(const u32 *old, struct vm **vm)
{
    u32 ia = old[1] & PSW_ADDR;
    if (!disp_current || (ia != (u32)start_vm_sie && ia != (u32)start_after_sie))
        return false;
    *vm = disp_current;
    if (disp_current->vsie.active) {   /* its guest ran, on the shadow (vsie.c) */
        disp_left(disp_current);
        vsie_entered(disp_current);
        if (ia == (u32)start_after_sie)
            vsie_interception(disp_current);
        return true;
    }
    siemode_store(disp_current);
    if (ia == (u32)start_after_sie)
        siemode_interception(disp_current);
    else
        vm_loop_check(disp_current);   /* CP's time slice ended it: a loop the machine is taking? */
    return true;
}

void siemode_completed(void)
{
    struct vm *vm = disp_current;
    if (vm->vsie.active) {
        disp_left(vm);
        vsie_entered(vm);
        vsie_interception(vm);
    } else {
        siemode_store(vm);
        siemode_interception(vm);
    }
    disp_resume(vm);
}
