/* vmtable.c: the VM table CP publishes for the operator's console
 * (vmtable.h). CP refreshes a VM's entry whenever it stops running it
 * and when its state changes; the header says which VM is on the CPU,
 * and the terminal list which VM each real terminal is connected to
 * (vcons.c tells it at every attach and detach). */
#include "cp.h"

static struct {
    struct vmt_header h;
    struct vmt_entry e[MAX_VMS];
} table __attribute__((aligned(8)));
static struct vmt_term terms[CP_MAX_TERMINALS] __attribute__((aligned(8)));

_Static_assert(sizeof(struct vmt_entry) == VMT_ENTRY_SIZE, "vmtable.h's entry size");
_Static_assert(sizeof(struct vmt_header) == VMT_HEADER_SIZE, "vmtable.h's header size");
_Static_assert(sizeof(struct vmt_term) == VMT_TERM_SIZE, "vmtable.h's terminal entry size");
_Static_assert(sizeof(((struct vm *)0)->vsie.exits) == sizeof(((struct vmt_entry *)0)->vsie_exits), "vsie exits");

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
    table.h.header_size = VMT_HEADER_SIZE;
    table.h.nterms = CP_MAX_TERMINALS;
    table.h.terms = (u32)terms;
    table.h.term_size = VMT_TERM_SIZE;
    /* the terminal list is vcons.c's to fill: term_init frees every entry, before this */
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
    e->mode = vm->sie ? VMT_MODE_SIE : vm->bt_mode ? VMT_MODE_BT : VMT_MODE_TRAP;
    e->sd = (u32)vm->sd;
    memcpy(e->sie_exits, vm->sie_exits, sizeof e->sie_exits);
    e->vsie_sd = vm->vsie.gsd;
    e->vsie_entries = vm->vsie.entries;
    e->vsie_created = vm->vsie.created;
    e->vsie_reused = vm->vsie.reused;
    memcpy(e->vsie_exits, vm->vsie.exits, sizeof e->vsie_exits);
    e->vsie_active = vm->vsie.active;
    bt_publish(vm, e);
}

void vmtable_current(void)
{
    table.h.current = disp_current ? (u32)disp_current->index : VMT_NONE;
}

void vmtable_term(int t, u16 rdev, u32 vm, u16 vaddr, u32 flags)
{
    if (t < 0 || t >= CP_MAX_TERMINALS)
        return;
    terms[t].rdev = rdev == DIR_NONE ? VMT_NO_TERM : rdev;
    terms[t].vm = vm;
    terms[t].vaddr = vaddr == DIR_NONE ? VMT_NO_TERM : vaddr;
    terms[t].flags = flags;
}
