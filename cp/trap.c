/* trap.c: how CP is entered: trap_*, called by start.S's stubs. Each
 * handler runs with interruptions masked on CP's stack, does what the
 * interruption asks, and leaves by running a virtual machine
 * (disp_resume, disp_dispatch) or by waiting for the next interruption;
 * during IPL an I/O or external handler returns instead.
 *
 * From a VM (the old PSW is in problem state): the real old PSW's
 * address, condition code and program mask go into the virtual PSW, and
 * the registers are already in LC_CP_GR. The hot path, a privileged
 * instruction that CP simulates and goes straight back to, touches
 * nothing else.
 */
#include "cp.h"

/* Merge a real old PSW into the vpsw: an address in the translation
 * cache (bt mode) as the guest's. */
static void save_psw(struct vm *vm, const u32 *old)
{
    vm->vpsw[0] = (vm->vpsw[0] & ~(PSW0_CC | PSW0_PM)) | (old[0] & (PSW0_CC | PSW0_PM));
    vm->vpsw[1] = bt_in_tc(vm, old[1]) ? bt_guest_ia(vm, old[1], NULL) : old[1];
    pv_entry(vm);   /* its paravirtual mask, if it has one (pv.c) */
}

/* An interruption's instruction length, for an EXECUTE's target run in
 * the translation cache: the EXECUTE's. */
static u32 guest_ilc(struct vm *vm, const u32 *old, u32 ilc)
{
    if (bt_in_scratch(vm, old[1]))
        bt_guest_ia(vm, old[1], &ilc);
    return ilc;
}

static bool from_vm(const u32 *old) { return (old[0] & PSW0_PROB) && disp_current; }

/* A translation exception in CP's own mapping of a VM's storage (its DAT
 * is off, or it is a shadow table's guest-real side) stands for the
 * exception the guest's access gets on the machine: `code`. The real
 * exception nullified, so the virtual PSW is at the instruction; a code
 * that suppresses (addressing beyond its storage, translation
 * specification in its tables: all but the translation exceptions) has
 * the old PSW past the instruction, or, when the instruction fetch itself
 * failed, two bytes past the instruction address, ILC 1 (the machine's
 * rule, machine/cpu/cpu.c). The fetch was what failed if the failing
 * address (virtual, like the PSW's) is in the instruction's own page,
 * which a data access the machine refuses there cannot be. */
static void reflect_for_guest(struct vm *vm, u16 code, u32 ilc, u32 tea)
{
    u32 ia = vm->vpsw[1] & PSW_ADDR;
    if (PGM_CODE_IN(PGM_NULLIFY_CODES, code)) {
        refl_pgm(vm, code, ilc, gacc_last_tea);
        return;
    }
    if (((tea ^ ia) & ~0xFFFu) == 0)   /* the instruction fetch itself */
        ilc = 2;
    vm->vpsw[1] = 0x80000000u | ((ia + ilc) & PSW_ADDR);
    refl_pgm(vm, code, ilc, 0);
}

void trap_pgm(void)
{
    const u32 *old = (const u32 *)LC_PGM_OLD_PSW;
    if (!from_vm(old)) {
        u32 ia = old[1] & PSW_ADDR;
        struct vm *vm = disp_current;
        if (!vm || !vm->vsie.active || (ia != (u32)start_vm_sie && ia != (u32)start_after_sie))
            cp_abend("PROGRAM CHECK IN CP");
        disp_entered();   /* a host DAT exception of its guest (vsie.c) */
        disp_left(vm);
        vsie_entered(vm);
        vsie_host_fault(vm, LOWCORE(u16, LC_PGM_CODE) & 0x7F, LOWCORE(u32, LC_TEA));
        disp_resume(vm);
    }
    struct vm *vm = disp_current;
    if (LOWCORE(u16, LC_PGM_CODE) == PGM_PRIVILEGED_OPERATION && fastpath_mask(vm, old)) {
        u32 *run = (u32 *)LC_CP_RUN_PSW;   /* the real PSW as it was: the vpsw changed only */
        run[0] = old[0];                   /* (nothing here stores below 512: CR0 stays the guest's) */
        run[1] = old[1];
        start_run_vm();
    }
    disp_entered();   /* before CP stores into its low core */
    disp_left(vm);
    save_psw(vm, old);
    u16 code = LOWCORE(u16, LC_PGM_CODE) & 0x7F;
    u32 ilc = guest_ilc(vm, old, LOWCORE(u8, LC_PGM_ILC) & 0x06);
    if (vm->bt && ((code == PGM_OPERATION && bt_stub_trap(vm, old[1])) ||
                   (code == PGM_PROTECTION && bt_store_refused(vm, old[1], ilc))))
        disp_resume(vm);   /* the translation cache's own: an exit stub, a store into translated code */
    switch (code) {
    case PGM_PRIVILEGED_OPERATION:
        sim_simulate(vm, ilc);
        break;
    case PGM_SEGMENT_TRANSLATION:
    case PGM_PAGE_TRANSLATION: {
        u32 tea = LOWCORE(u32, LC_TEA);
        if (!(vm->vpsw[0] & PSW0_T)) {
            reflect_for_guest(vm, PGM_ADDRESSING, ilc, tea);
            break;
        }
        int reflect = shadow_fault(vm, tea, code);   /* fills the shadow tables, or says why not */
        if (reflect)
            reflect_for_guest(vm, (u16)reflect, ilc, tea);
        break;
    }
    default:
        refl_pgm(vm, code, ilc, LOWCORE(u32, LC_TEA));
        break;
    }
    disp_resume(vm);
}

void trap_svc(void)
{
    disp_entered();   /* before CP stores into its low core */
    const u32 *old = (const u32 *)LC_SVC_OLD_PSW;
    if (!from_vm(old))
        cp_abend("SVC IN CP");
    struct vm *vm = disp_current;
    disp_left(vm);
    save_psw(vm, old);
    vm_svc(vm, LOWCORE(u16, LC_SVC_CODE), guest_ilc(vm, old, LOWCORE(u8, LC_SVC_ILC) & 0x06));
    disp_resume(vm);
}

/* The VM's SVC, its virtual PSW already past it: traced if asked, and
 * reflected through its low core. */
void vm_svc(struct vm *vm, u16 code, u32 ilc)
{
    if (vm->flags & VMT_F_TRACE_SVC)
        cp_msg(vm->terminal, "TRACE: SVC %u AT %08X", code, ((vm->vpsw[1] & PSW_ADDR) - ilc) & PSW_ADDR);
    refl_svc(vm, code, ilc);
}

void trap_ext(void)
{
    disp_entered();   /* before CP stores into its low core */
    const u32 *old = (const u32 *)LC_EXT_OLD_PSW;
    u16 code = LOWCORE(u16, LC_EXT_CODE);
    if (!cp_running)
        return;   /* IPL: nothing to time yet */
    struct vm *vm = from_vm(old) ? disp_current : NULL;
    if (vm) {
        disp_left(vm);
        save_psw(vm, old);
    } else {
        siemode_interrupted(old, &vm);   /* then its state is back from its state description */
    }
    if (code == EXT_CLOCK_COMPARATOR)
        disp_clocks_arm();   /* wakes the VMs whose comparators passed */
    if (vm) {
        vm_account(vm);
        if (vm->slice <= 0) {   /* its time slice is over: someone else's turn */
            if (vm->state == VMT_RUNNING)   /* (under SIE an interception just handled may have */
                vm->state = VMT_READY;      /* left it waiting: for its DIAG X'18', say) */
            disp_dispatch();
        }
        disp_resume(vm);
    }
    disp_dispatch();
}

void trap_io(void)
{
    disp_entered();   /* before CP stores into its low core */
    const u32 *old = (const u32 *)LC_IO_OLD_PSW;
    struct vm *vm = cp_running && from_vm(old) ? disp_current : NULL;
    if (vm) {
        disp_left(vm);
        save_psw(vm, old);
    }
    else if (cp_running)
        siemode_interrupted(old, &vm);
    rio_interrupt();
    if (!cp_running)
        return;
    if (vm)
        disp_resume(vm);
    disp_dispatch();
}

void trap_mck(void)
{
    disp_entered();   /* before CP stores into its low core */
    cp_abend("MACHINE CHECK");
}
