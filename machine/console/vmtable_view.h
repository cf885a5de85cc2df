/* vmtable_view.h: reading CP's published VM table from the machine's
 * storage (vmtable_view.c), for the operator console. */
#ifndef CREASY_VMTABLE_VIEW_H
#define CREASY_VMTABLE_VIEW_H

#include "machine.h"
#include "vmtable.h"

struct vmt_view {
    u32 table;          /* real address of the table */
    u32 nvms;
    u32 current;        /* VMT_NONE: CP */
    u32 dispatch_psw;   /* the LPSW that enters a VM (trap mode) */
    u32 dispatch_sie;   /* the SIE that enters a VM (sie mode) */
};

struct vmt_vm {
    u32 index;
    char userid[9];     /* ASCII */
    u32 state;
    u32 vpsw[2], gr[16], cr[16];
    u32 origin, size, terminal, waitcode;
    u32 traps, svcs, pgms, ios, exts, dispatches, share, flags;
    u32 mode, sd;       /* VMT_MODE_*; its state description (sie mode) */
    u32 sie_exits[VMT_SIE_CODES];
    u64 cputime;
};

bool vmt_find(const struct machine *m, struct vmt_view *v);   /* CP's table, if CP is there */
bool vmt_entry(const struct machine *m, const struct vmt_view *v, u32 i, struct vmt_vm *out);   /* false: free */
bool vmt_by_name(const struct machine *m, const struct vmt_view *v, const char *name, struct vmt_vm *out);
const char *vmt_state_name(u32 state);

#endif
