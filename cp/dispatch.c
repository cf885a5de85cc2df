/* dispatch.c: which virtual machine runs, for how long, and the timers.
 *
 * Round robin over the VMs that are ready, each for a time slice of
 * slice_base scaled by its share (share 200 gets twice the slice of share
 * 100), measured by the real CPU timer, which CP sets when it dispatches
 * a VM and reads when the VM comes back. A VM in an enabled wait is not
 * run until something it is enabled for arrives; when no VM can run, CP
 * waits enabled, so an idle system costs nothing.
 *
 * The VM's virtual CPU timer is charged only for the time it ran, not
 * for CP's work for it (VM/370's virtual time, not its total): from the
 * moment CP enters it to the moment CP is entered again (disp_left, at
 * every entry from it). So a guest's timer reads the same however much
 * simulating its instructions cost, one level of CP or five. The real
 * CPU timer is set to end the slice early when the virtual one would go
 * negative (and the VM takes CPU-timer interruptions). Virtual
 * clock comparators are served by the real one, set to the earliest that
 * any VM is waiting for.
 */
#include "cp.h"

struct vm *disp_current;
static u64 slice_base = 10000ull * 4096;   /* 10 ms */

static s64 timer_set;                /* the real CPU timer as CP set it at dispatch */
s64 disp_run_mark;
static struct vm *gr_owner;          /* whose registers are in LC_CP_GR */

u64 disp_tod_now(void)
{
    u64 t;
    __asm__ volatile("stck %0" : "=Q"(t) : : "cc");
    return t;
}


static void set_cpu_timer(s64 t)
{
    __asm__ volatile("spt %0" : : "Q"(t));
}

/* The real CPU timer times slices; while CP waits with nothing to run,
 * its interruption is masked (a waiting CPU's timer still runs, and would
 * interrupt the wait for nothing). */
static bool cpt_masked;
static u32 real_cr0;   /* what the real CR0 holds now */

static void load_cr0(u32 cr0)
{
    if (cr0 != real_cr0) {
        __asm__ volatile("lctl 0,0,%0" : : "Q"(cr0));
        real_cr0 = cr0;
    }
}

static void cpu_timer_subclass(bool on)
{
    load_cr0(CR0_TRANS_FORMAT_VALUE | CR0_CKC_MASK | (on ? CR0_CPT_MASK : 0));
    cpt_masked = !on;
}

/* Low-address protection is the guest's: while a guest that has it on
 * runs in trap mode, its stores are real stores to its own effective
 * addresses, so the real CR0 has it too (guest_cr0); CP turns it off as
 * it is entered, before it stores into its own low core (disp_entered). */
static void guest_cr0(const struct vm *vm)
{
    load_cr0((real_cr0 & ~CR0_LOW_PROTECT) | (gacc_low_protected(vm, 0) ? CR0_LOW_PROTECT : 0));
}

void disp_entered(void)
{
    if (real_cr0 & CR0_LOW_PROTECT)
        load_cr0(real_cr0 & ~CR0_LOW_PROTECT);
}

static void set_ckc(u64 t)
{
    __asm__ volatile("sckc %0" : : "Q"(t));
}

u32 *vm_gr(struct vm *vm)
{
    return vm == gr_owner ? (u32 *)LC_CP_GR : vm->gr;
}

/* Put vm's registers in LC_CP_GR (saving whoever's were there). */
static void own_registers(struct vm *vm)
{
    if (gr_owner == vm)
        return;
    if (gr_owner)
        memcpy(gr_owner->gr, (void *)LC_CP_GR, 64);
    if (vm)
        memcpy((void *)LC_CP_GR, vm->gr, 64);
    gr_owner = vm;
}

/* Charge the current VM for the time since it was dispatched. */
void vm_account(struct vm *vm)
{
    if (vm != disp_current)
        return;
    s64 now = disp_cpu_timer(), ran = timer_set - now;
    timer_set = now;
    vm->used += (u64)ran;
    vm->slice -= ran;
}


void vm_make_ready(struct vm *vm)
{
    if (vm->state == VMT_WAIT || vm->state == VMT_IOWAIT)
        vm->state = VMT_READY;
}

void disp_clocks_arm(void)
{
    u64 earliest = ~0ull, now = disp_tod_now();
    for (int i = 0; i < cp_nvms; i++) {
        struct vm *vm = &cp_vms[i];
        if (vm->state == VMT_FREE || vm->state == VMT_STOPPED || !(vm->cr[0] & CR0_CKC_MASK))
            continue;
        u64 when = vm->ckc;
        if (when < now) {   /* already due: let it in if it waits for it */
            if (vm->state == VMT_WAIT && vm_enabled_for_something(vm))
                vm->state = VMT_READY;
            continue;
        }
        if (when < earliest)
            earliest = when;
    }
    set_ckc(earliest);
}

/* Runnable: ready, or running, or waiting for something that has come. */
/* LAB dispatch.runnable: BEGIN */
static bool runnable(struct vm *vm)
{
    if (vm->state == VMT_WAIT && vm_enabled_for_something(vm))
        vm->state = VMT_READY;
    return vm->state == VMT_READY || vm->state == VMT_RUNNING;
}
/* LAB dispatch.runnable: END */

/* Set the real CPU timer for what is left of vm's slice (a new one if
 * it is used up), or for when its virtual CPU timer goes negative. */
static void arm_slice(struct vm *vm)
{
    /* LAB dispatch.slice: BEGIN */
    if (vm->slice <= 0)
        vm->slice = (s64)(slice_base * vm->share / 100);
    /* LAB dispatch.slice: END */
    s64 t = vm->slice;
    if (vm_cp_times(vm) && (vm->cr[0] & CR0_CPT_MASK) && vm->cpu_timer >= 0 && vm->cpu_timer < t)
        t = vm->cpu_timer + 1;
    set_cpu_timer(t);
    timer_set = t;
    if (cpt_masked)
        cpu_timer_subclass(true);
}

/* Make vm the VM on the CPU: charge the one before. */
static void switch_to(struct vm *vm)
{
    struct vm *prev = disp_current;
    if (prev) {
        vm_account(prev);
        if (prev->state == VMT_RUNNING)
            prev->state = VMT_READY;
        vmtable_update(prev);
    }
    disp_current = vm;
    vm->dispatches++;
    arm_slice(vm);
    vmtable_current();
}

static u32 loaded_cr1;   /* what the real CR1 holds now */

/* vm goes on the CPU: what the console shows is its PSW as it enters. */
static void mark_running(struct vm *vm)
{
    vm->state = VMT_RUNNING;
    vm->pub->state = VMT_RUNNING;
    vm->pub->vpsw[0] = vm->vpsw[0];
    vm->pub->vpsw[1] = vm->vpsw[1];
    own_registers(vm);
}

/* Its own guest, on CP's shadow of its state description (vsie.c). */
static void __attribute__((noreturn)) run_vsie(struct vm *vm)
{
    u32 std = vsie_enter(vm);
    if (vm->state == VMT_STOPPED)   /* no room for the shadows of its tables */
        disp_dispatch();
    mark_running(vm);
    if (std && std != loaded_cr1) {   /* a pageable guest: the host DAT is the shadows of the VM's */
        __asm__ volatile("lctl 1,1,%0" : : "Q"(std));
        loaded_cr1 = std;
    }
    disp_run_mark = disp_cpu_timer();
    start_run_sie(vm->vsie.shadow);
}

void disp_resume(struct vm *vm)
{
again:
    if (vm == disp_current && vm_cp_times(vm))
        vm_account(vm);
    if (vm->vsie.active)
        vsie_host_due(vm);   /* its own SIE ends for an interruption it is due (vsie.c) */
    /* An interruption it is enabled for goes in first; a loop of them
     * stops it (reflect.c), and the bound is only a backstop. */
    if (vm->pending_io || vm->pending_ext || (vm->cr[0] & (CR0_CKC_MASK | CR0_CPT_MASK)))
        for (int n = 0; n < MAX_VDEVS + 8 && runnable(vm) && refl_deliver_pending(vm); n++)
            ;
    if (!runnable(vm))
        disp_dispatch();
    if (disp_current != vm) {
        switch_to(vm);
    } else if (vm->slice <= 0) {   /* used up while CP worked for it (SPT and STPT account as they go): */
        vm->state = VMT_READY;      /* the others first, as if the timer had ended it */
        disp_dispatch();
    } else if (vm_cp_times(vm) || timer_set <= 0) {
        arm_slice(vm);   /* it runs on, the real timer set for what is left of its slice or of its CPU timer */
    }
    if (vm->vsie.active)
        run_vsie(vm);
    if (vm->sie) {   /* the machine interprets it until something needs CP (siemode.c) */
        mark_running(vm);
        siemode_load(vm);
        start_run_sie(vm->sd);
    }
    u32 ia = vm->vpsw[1];
    if (vm->bt_mode && !(vm->vpsw[0] & PSW0_PROB) && !(ia = bt_enter(vm)))
        goto again;   /* CP emulated an instruction of its supervisor (bt.c): what is due may have changed */
    u32 std = shadow_std(vm);
    if (!std) {
        vm_stop(vm, "NO REAL STORAGE LEFT FOR THE SHADOW TABLES OF ITS DAT");
        disp_dispatch();
    }
    if (vm->bt)
        std = bt_std(vm, std, ia);
    mark_running(vm);
    pv_exit(vm);   /* its paravirtual mask, if it has one (pv.c) */
    u32 *psw = (u32 *)LC_CP_RUN_PSW;
    psw[0] = PSW0_IO | PSW0_EXT | PSW0_T | PSW0_ESA | PSW0_PROB | (vm->vpsw[0] & (PSW0_KEY | PSW0_CC | PSW0_PM));
    psw[1] = ia;
    if (std != loaded_cr1) {
        __asm__ volatile("lctl 1,1,%0" : : "Q"(std));
        loaded_cr1 = std;
    }
    guest_cr0(vm);
    disp_run_mark = disp_cpu_timer();
    start_run_vm();
}

void disp_dispatch(void)
{
    struct vm *prev = disp_current;
    /* LAB dispatch.pick: BEGIN */
    int start = prev ? prev->index + 1 : 0;
    for (int n = 0; n < cp_nvms; n++) {   /* the one that ran last comes last */
        struct vm *vm = &cp_vms[(start + n) % cp_nvms];
        if (!runnable(vm))
            continue;
        if (vm == prev && vm->slice <= 0)
            arm_slice(vm);   /* nobody else is ready: it goes on, with a new slice */
        disp_resume(vm);
    }
    /* LAB dispatch.pick: END */
    if (prev) {   /* nothing to run: charge the last one and wait */
        vm_account(prev);
        if (prev->state == VMT_RUNNING)
            prev->state = VMT_READY;
        vmtable_update(prev);
        disp_current = NULL;
        vmtable_current();
    }
    own_registers(NULL);
    cpu_timer_subclass(false);   /* no slice is running */
    start_idle_wait();
}
