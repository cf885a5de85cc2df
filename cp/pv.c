/* pv.c: paravirtualization, section 3b of the flawed machine (issue 14):
 * a guest's interruption mask in storage it shares with CP, as Xen's
 * vcpu_info keeps a paravirtual guest's evtchn_upcall_mask. The interface
 * (DIAGNOSE X'0C8', the area's layout) is programs/include/pvabi.h.
 *
 * Design note. On the flawed machine SSM, STOSM and STNSM in problem
 * state do nothing and do not trap, so trap mode cannot see a guest
 * supervisor mask and unmask. A guest that registers an area instead
 * writes the mask it wants into the area's first byte; that costs no
 * entry into CP. The mask has two homes, and each is the truth at a time
 * of its own:
 *
 *   - while the VM runs, the area's byte: pv_entry() (cp.h) copies it
 *     into the virtual PSW as CP is entered from the VM (trap.c,
 *     save_psw), before CP looks at the mask for anything;
 *   - while CP works, the virtual PSW: pv_exit() copies its I/O and
 *     external bits back as CP leaves for the VM (disp_resume, after the
 *     interruptions it let in were delivered), with the classes the mask
 *     holds back in the pending byte and the PSW's first word (for a
 *     paravirtual EPSW).
 *
 * So CP never delivers what the guest has masked, and what it held back
 * waits in the VM as it always does. When the guest unmasks and the
 * pending byte names what it opened, it calls PV_DELIVER: that is an
 * entry like any other (pv_entry takes the new mask), and disp_resume
 * delivers, right after the DIAG, as the machine would have right after
 * the unmasking instruction. A real interruption (CP's clock comparator
 * for the VM's, its CPU timer, its I/O) enters CP while the guest is
 * masked, so the pending byte is always up to date when the guest looks.
 *
 * fastpath.c changes the virtual PSW's mask without an entry, so it
 * leaves a registered VM to the general way (pv_on). Only trap and bt
 * mode offer the area: under SIE the machine interprets the native
 * instructions against the guest's PSW, and the DIAG says cc 3.
 *
 * Guarded: the area is checked once, at registration (on a doubleword,
 * above the architected low core, inside its storage); its storage is
 * fixed for the VM's life, so the real address stays good until a CPU
 * reset withdraws it (pv_reset, at IPL: a slot logged off and on again
 * runs nothing before its IPL, either). CP's stores into it are
 * like the machine's into low core: key 0, no protection; a store over
 * translated code drops the translations (bt mode).
 */
#include "cp.h"

u8 *pv_areas[MAX_VMS];   /* each VM's area (real address), or NULL: not registered */

static u64 tod_now(void)   /* (disp_tod_now, without the call: every masked exit asks) */
{
    u64 t;
    __asm__ volatile("stck %0" : "=Q"(t) : : "cc");
    return t;
}

/* The classes (PSW mask bits) of the interruptions waiting in the VM
 * that the virtual PSW's mask keeps out. Every exit asks, so it is
 * cheap: external, the three sources reflect.c's ext_deliverable takes
 * when the mask lets them in (the interrupt key, the CPU timer, the clock
 * comparator); I/O, reflect.c's own answer, when a device has status. */
static u8 held_back(struct vm *vm)
{
    u32 w0 = vm->vpsw[0], cr0 = vm->cr[0];
    u8 held = 0;
    if (!(w0 & PSW0_EXT) &&
        (((vm->pending_ext & PEND_KEY) && (cr0 & CR0_INTKEY_MASK)) || ((cr0 & CR0_CPT_MASK) && vm->cpu_timer < 0) ||
         ((cr0 & CR0_CKC_MASK) && tod_now() > vm->ckc)))
        held = PSW0_EXT >> 24;
    if (!(w0 & PSW0_IO) && vm->pending_io) {
        vm->vpsw[0] = (w0 & ~PSW0_EXT) | PSW0_IO;
        held |= vm_enabled_for_something(vm) ? PSW0_IO >> 24 : 0;
        vm->vpsw[0] = w0;
    }
    return held;
}

void pv_give_mask(struct vm *vm, u8 *a)
{
    a[PV_MASK] = (u8)(vm->vpsw[0] >> 24) & PV_MASK_BITS;
    a[PV_PENDING] = held_back(vm);
    cp_put32(a + PV_PSW0, vm->vpsw[0]);
    if (vm->bt)   /* (nothing happens unless the area is translated code) */
        bt_written(vm, (u32)a - vm->origin, PV_AREA_LEN);
}

void pv_reset(struct vm *vm)
{
    pv_areas[vm->index] = NULL;
}

/* DIAG X'0C8': Rx the function, Ry the area (PV_REGISTER). */
void pv_diagnose(struct vm *vm, u32 rx, u32 ry)
{
    const u32 *gr = vm_gr(vm);
    u32 fn = gr[rx], ilc = 4;
    if (vm->sie) {   /* SIE interprets the native instructions */
        vm_set_cc(vm, 3);
        return;
    }
    switch (fn) {
    case PV_REGISTER: {
        u32 ga = gr[ry] & PSW_ADDR, ra;
        if ((ga & (PV_AREA_LEN - 1)) || ga < 512) {
            refl_pgm(vm, PGM_SPECIFICATION, ilc, 0);
            return;
        }
        if (!(ra = gacc_g2r(vm, ga, PV_AREA_LEN))) {
            refl_pgm(vm, PGM_ADDRESSING, ilc, 0);
            return;
        }
        pv_areas[vm->index] = (u8 *)ra;
        vm_set_cc(vm, 0);
        return;
    }
    case PV_DELIVER:   /* pv_entry took the mask; disp_resume delivers what it lets in */
        return;
    case PV_WITHDRAW:
        pv_reset(vm);
        vm_set_cc(vm, 0);
        return;
    default:
        refl_pgm(vm, PGM_SPECIFICATION, ilc, 0);
        return;
    }
}
