/* reflect.c: interruptions of a virtual machine, taken as the machine
 * itself would take them, through the guest's own low core.
 *
 * To reflect one: store the virtual PSW as the old PSW of its class in
 * the guest's low core (guest real 0..0xFFF is real origin..), store the
 * interruption codes where the architecture puts them, and load the new
 * PSW of the class as the virtual PSW. The details are the machine's
 * (machine/cpu.c): an invalid new PSW is an early specification exception
 * with that PSW as the program old PSW, and an invalid program new PSW
 * check-stops the virtual CPU (CP stops the VM with a message).
 *
 * Asynchronous interruptions wait in the VM (pending_ext, pending_io)
 * until its virtual PSW and control registers let them in: external
 * first, then I/O, as the machine presents them.
 *
 * An interruption loop (VM/370 called it that) is an external or program
 * interruption that comes before its handler has run one instruction:
 * the old PSW is the new PSW (for a program interruption, or the new PSW
 * plus the instruction length), so the condition that brought it, still
 * there, brings it again for ever, and the machine takes interruptions
 * without end. Bare, that is the guest's own affair; under CP it would
 * hold CP (trap mode delivers each one), so CP stops such a VM with
 * VM/370's message after LOOP_LIMIT in a row. In sie mode the machine
 * takes them itself; CP sees the loop at the ends of time slices.
 */
#include "cp.h"

static u32 *low(const struct vm *vm, u32 off) { return (u32 *)(vm->origin + off); }

bool vm_psw_valid(u32 w0, u32 w1)
{
    return !(w0 & PSW0_MUST_BE_ZERO) && (w0 & PSW0_MUST_BE_ONE) == PSW0_MUST_BE_ONE && !(w1 & PSW1_MUST_BE_ZERO) &&
           (w1 & PSW1_MUST_BE_ONE) == PSW1_MUST_BE_ONE;
}

static void new_psw(struct vm *vm, u32 old_off, u32 new_off);

/* The VM's virtual CPU is check-stopped: nothing can make it run. */
static void checkstop(struct vm *vm)
{
    vm_stop(vm, "CHECK-STOP: ITS PROGRAM NEW PSW IS INVALID");
}

/* An early specification exception: the invalid PSW is the old PSW. */
static void early_spec(struct vm *vm, u32 w0, u32 w1, bool from_pgm)
{
    if (from_pgm) {
        checkstop(vm);
        return;
    }
    vm->vpsw[0] = w0;
    vm->vpsw[1] = w1;
    *low(vm, LC_PGM_INT_ID) = PGM_SPECIFICATION;   /* ILC 0 */
    vm->pgms++;
    new_psw(vm, LC_PGM_OLD_PSW, LC_PGM_NEW_PSW);
}

/* LPSW loaded an invalid PSW: an early specification exception, ILC 0,
 * with the loaded PSW as the old PSW. */
void refl_early_spec_lpsw(struct vm *vm, u32 w0, u32 w1)
{
    early_spec(vm, w0, w1, false);
}

#define LOOP_LIMIT 8

/* A program interruption of this code ends an instruction that
 * completed, so its handler's first instruction ran (spec.yaml's codes of
 * type complete). */
static bool completing(u16 code)
{
    return PGM_CODE_IN(PGM_COMPLETE_CODES, code & 0xFF);
}

/* The last interruption of the class whose old PSW is at `old_off` came
 * at its handler's first instruction, before it ran. */
static bool hit_handler(const struct vm *vm, u32 old_off)
{
    const u32 *o = low(vm, old_off), *n = low(vm, old_off + 0x40);   /* each new PSW is 0x40 past its old */
    if (old_off != LC_EXT_OLD_PSW && old_off != LC_PGM_OLD_PSW)
        return false;
    if (old_off == LC_PGM_OLD_PSW && completing(*(const u16 *)(vm->origin + LC_PGM_CODE)))
        return false;
    u32 ilc = old_off == LC_PGM_OLD_PSW ? *(const u8 *)(vm->origin + LC_PGM_ILC) & 0x06 : 0;
    u32 ia = o[1] & PSW_ADDR, handler = n[1] & PSW_ADDR;
    return o[0] == n[0] && (o[1] & ~PSW_ADDR) == (n[1] & ~PSW_ADDR) && (ia == handler || ia == handler + ilc);
}

static const char *loop_message(u32 old_off)
{
    return old_off == LC_EXT_OLD_PSW ? "DMKDSP452W CP ENTERED; EXTERNAL INTERRUPT LOOP"
                                     : "DMKDSP453W CP ENTERED; PROGRAM INTERRUPT LOOP";
}

/* Counts an interruption just stored at `old_off`: true if that makes a
 * loop, and the VM is stopped. */
static bool loop_counted(struct vm *vm, u32 old_off)
{
    if (!hit_handler(vm, old_off)) {
        vm->loops = 0;
        return false;
    }
    if (++vm->loops < LOOP_LIMIT)
        return false;
    vm->loops = 0;
    vm_stop(vm, loop_message(old_off));
    return true;
}

/* Sie mode, at the end of a time slice: the guest's PSW at a handler
 * whose last interruption came at its first instruction, twice running,
 * is the machine taking a loop of them. */
void vm_loop_check(struct vm *vm)
{
    static const u32 classes[2] = {LC_EXT_OLD_PSW, LC_PGM_OLD_PSW};
    for (int i = 0; i < 2; i++) {
        const u32 *n = low(vm, classes[i] + 0x40);
        if (vm->vpsw[0] == n[0] && vm->vpsw[1] == n[1] && hit_handler(vm, classes[i])) {
            if (++vm->loops >= 2) {
                vm->loops = 0;
                vm_stop(vm, loop_message(classes[i]));
            }
            return;
        }
    }
    vm->loops = 0;
}

/* LAB reflect: BEGIN */
static void new_psw(struct vm *vm, u32 old_off, u32 new_off)
{
    u32 *o = low(vm, old_off), *n = low(vm, new_off);
    o[0] = vm->vpsw[0];
    o[1] = vm->vpsw[1];
    if (loop_counted(vm, old_off))
        return;
    u32 w0 = n[0], w1 = n[1];
    if (!vm_psw_valid(w0, w1)) {
        early_spec(vm, w0, w1, old_off == LC_PGM_OLD_PSW);
        return;
    }
    vm_load_psw(vm, w0, w1);
}
/* LAB reflect: END */

void vm_load_psw(struct vm *vm, u32 w0, u32 w1)
{
    u32 t = vm->vpsw[0] & PSW0_T;
    vm->vpsw[0] = w0;
    vm->vpsw[1] = w1;
    if ((w0 & PSW0_T) != t)
        shadow_reset(vm);
    if (w0 & PSW0_WAIT) {
        if (w0 & (PSW0_IO | PSW0_EXT))
            vm->state = VMT_WAIT;
        else {
            vm->waitcode = w1 & PSW_ADDR;
            vm_stop(vm, NULL);   /* a disabled wait: the VM has stopped itself */
        }
    } else if (vm->state == VMT_WAIT) {
        vm->state = VMT_READY;
    }
}

/* LAB reflect.pgm: BEGIN */
void refl_pgm(struct vm *vm, u16 code, u32 ilc, u32 tea)
{
    *low(vm, LC_PGM_INT_ID) = ilc << 16 | code;
    if (code == PGM_SEGMENT_TRANSLATION || code == PGM_PAGE_TRANSLATION)
        *low(vm, LC_TEA) = tea & 0x7FFFF000u;
    vm->pgms++;
    new_psw(vm, LC_PGM_OLD_PSW, LC_PGM_NEW_PSW);
}

void refl_svc(struct vm *vm, u16 code, u32 ilc)
{
    *low(vm, LC_SVC_INT_ID) = ilc << 16 | code;
    vm->svcs++;
    new_psw(vm, LC_SVC_OLD_PSW, LC_SVC_NEW_PSW);
}
/* LAB reflect.pgm: END */

/* ---- asynchronous interruptions -------------------------------------------------- */

static bool ckc_due(const struct vm *vm)
{
    return disp_tod_now() > vm->ckc;
}

/* The external interruption the VM would take now, or 0. */
/* LAB reflect.masks: BEGIN */
static u16 ext_deliverable(const struct vm *vm)
{
    if (!(vm->vpsw[0] & PSW0_EXT))
        return 0;
    u32 cr0 = vm->cr[0];
    if ((vm->pending_ext & PEND_KEY) && (cr0 & CR0_INTKEY_MASK))
        return EXT_INTERRUPT_KEY;
    if ((cr0 & CR0_CKC_MASK) && ckc_due(vm))
        return EXT_CLOCK_COMPARATOR;
    if ((cr0 & CR0_CPT_MASK) && vm->cpu_timer < 0)
        return EXT_CPU_TIMER;
    return 0;
}

static struct vdev *io_deliverable(const struct vm *vm)
{
    if (!(vm->vpsw[0] & PSW0_IO))
        return NULL;
    for (struct vdev *d = vm->pending_io; d; d = d->next_pending) {
        u32 channel = d->vaddr >> 8;
        if (channel < 32 && (vm->cr[2] & (0x80000000u >> channel)))
            return d;
    }
    return NULL;
}
/* LAB reflect.masks: END */

bool vm_enabled_for_something(const struct vm *vm)
{
    return ext_deliverable(vm) || io_deliverable(vm);
}

static void unlink_pending(struct vm *vm, struct vdev *d)
{
    for (struct vdev **p = &vm->pending_io; *p; p = &(*p)->next_pending)
        if (*p == d) {
            *p = d->next_pending;
            break;
        }
    d->next_pending = NULL;
}

bool refl_deliver_pending(struct vm *vm)
{
    u16 ext = ext_deliverable(vm);
    if (ext) {
        if (ext == EXT_INTERRUPT_KEY)
            vm->pending_ext &= ~PEND_KEY;
        *low(vm, LC_EXT_CPU_ADDR) = ext;   /* 84 CPU address 0, 86 the code */
        vm->exts++;
        new_psw(vm, LC_EXT_OLD_PSW, LC_EXT_NEW_PSW);
        return true;
    }
    struct vdev *d = io_deliverable(vm);
    if (d) {
        unlink_pending(vm, d);
        u32 *csw = low(vm, LC_CSW);
        csw[0] = (u32)d->st.key << 28 | (d->st.ccw & 0x00FFFFFF);
        csw[1] = (u32)d->st.unit << 24 | (u32)d->st.chan << 16 | d->st.residual;
        *low(vm, LC_IO_ADDR) = d->vaddr;
        d->state = VD_IDLE;
        if (d->type == VDEV_CONSOLE)
            vcons_idle(vm, d);
        new_psw(vm, LC_IO_OLD_PSW, LC_IO_NEW_PSW);
        return true;
    }
    return false;
}

void vm_post_io(struct vm *vm, struct vdev *d)
{
    struct vdev **p = &vm->pending_io;
    while (*p)
        p = &(*p)->next_pending;
    *p = d;
    d->next_pending = NULL;
    d->state = VD_PENDING;
    if (vm->state == VMT_WAIT && vm_enabled_for_something(vm))
        vm->state = VMT_READY;
}

/* The pending status of a device that SIO, TIO or HIO is taking instead. */
void refl_unpend(struct vm *vm, struct vdev *d)
{
    unlink_pending(vm, d);
    d->state = VD_IDLE;
}
