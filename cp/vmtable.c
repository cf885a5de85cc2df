/* vmtable.c: the VM table CP publishes for the operator's console
 * (vmtable.h). CP refreshes a VM's entry whenever it stops running it
 * and when its state changes; the header says which VM is on the CPU. */
#include "cp.h"

static struct {
    struct vmt_header h;
    struct vmt_entry e[MAX_VMS];
} table __attribute__((aligned(8)));

_Static_assert(sizeof(struct vmt_entry) == VMT_ENTRY_SIZE, "vmtable.h's entry size");
_Static_assert(sizeof(struct vmt_header) == 32, "vmtable.h's header size");

void vmtable_init(void)
{
    memset(&table, 0, sizeof table);
    table.h.magic = VMT_MAGIC;
    table.h.version = VMT_VERSION;
    table.h.nvms = MAX_VMS;
    table.h.entry_size = VMT_ENTRY_SIZE;
    table.h.current = VMT_NONE;
    table.h.dispatch_psw = (u32)start_vm_lpsw;
    table.h.dispatch_sie = (u32)start_vm_sie;
    for (int i = 0; i < MAX_VMS; i++)
        cp_vms[i].pub = &table.e[i];
    LOWCORE(u32, VMT_ANCHOR + 4) = (u32)&table;
    LOWCORE(u32, VMT_ANCHOR) = VMT_MAGIC;   /* last: the table is complete */
}

void vmtable_update(struct vm *vm)
{
    struct vmt_entry *e = vm->pub;
    memcpy(e->userid, vm->userid, 8);
    e->state = vm->state;
    e->vpsw[0] = vm->vpsw[0];
    e->vpsw[1] = vm->vpsw[1];
    memcpy(e->gr, vm_gr(vm), 64);
    memcpy(e->cr, vm->cr, 64);
    e->origin = vm->origin;
    e->size = vm->size;
    e->terminal = vm->terminal >= 0 ? vm->dir->terminal : 0xFFFF;
    e->waitcode = vm->waitcode;
    e->traps = vm->traps;
    e->svcs = vm->svcs;
    e->pgms = vm->pgms;
    e->ios = vm->ios;
    e->exts = vm->exts;
    e->dispatches = vm->dispatches;
    e->cputime_hi = (u32)(vm->used >> 32);
    e->cputime_lo = (u32)vm->used;
    e->share = vm->share;
    e->flags = vm->flags;
    e->mode = vm->sie ? VMT_MODE_SIE : VMT_MODE_TRAP;
    e->sd = (u32)vm->sd;
    memcpy(e->sie_exits, vm->sie_exits, sizeof e->sie_exits);
}

void vmtable_current(void)
{
    table.h.current = disp_current ? (u32)disp_current->index : VMT_NONE;
}
