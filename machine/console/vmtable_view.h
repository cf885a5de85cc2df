/* vmtable_view.h: reading CP's published VM table from the machine's
 * storage (vmtable_view.c), for the operator console: the first level's,
 * and the table of every CP that runs under CP, level by level. */
#ifndef CREASY_VMTABLE_VIEW_H
#define CREASY_VMTABLE_VIEW_H

#include "machine.h"
#include "vmtable.h"

#define VMT_MAX_DEPTH 8   /* levels of CP the console follows (VM/370's documented limit was 5) */
#define VMT_MAX_PATH (VMT_MAX_DEPTH * 9 + 8)   /* "CPL1/CPL2/.../ALICE" or ".../020", and a zero */

/* One CP's table. Its addresses are that CP's real addresses, which are
 * guest real addresses of the VM it runs in: real base + address, below
 * limit (the first level: base 0, the machine's storage). */
struct vmt_view {
    u32 base, limit;    /* the CP's storage, in the machine's real storage */
    u32 table;          /* its address of the table */
    u32 nvms, entry_size;
    u32 current;        /* VMT_NONE: CP */
    u32 dispatch_psw;   /* the LPSW that enters a VM (trap mode), its address */
    u32 dispatch_sie;   /* the SIE that enters a VM (sie mode), its address */
    u32 nterms, terms;  /* its terminal list */
};

struct vmt_vm {
    u32 index;
    char userid[9];     /* ASCII */
    u32 state;
    u32 vpsw[2], gr[16], cr[16];
    u32 origin, size, terminal, waitcode;   /* origin: its CP's real address */
    u32 traps, svcs, pgms, ios, exts, dispatches, share, flags;
    u32 mode, sd;       /* VMT_MODE_*; its state description (sie mode) */
    u32 sie_exits[VMT_SIE_CODES];
    u32 vsie_sd, vsie_entries, vsie_created, vsie_reused, vsie_active;   /* its own SIE, as CP interprets it */
    u32 vsie_exits[VMT_SIE_CODES];
    u64 cputime;
    /* bt mode: its translation cache's counters, and where its code and blocks are (its CP's real addresses) */
    u32 bt_translations, bt_hits, bt_exits, bt_chains, bt_emulations, bt_invalidations;
    u32 bt_tc, bt_blocks, bt_nblocks, bt_block_size;
};

struct vmt_termv {
    u32 rdev, vm, vaddr, flags;   /* struct vmt_term's */
};

/* A user at some level: the table and the user at each level of its path
 * (view[0], vm[0]: the first level's CP and user). */
struct vmt_path {
    int depth;
    struct vmt_view view[VMT_MAX_DEPTH];
    struct vmt_vm vm[VMT_MAX_DEPTH];
};

bool vmt_find(const struct machine *m, struct vmt_view *v);   /* the first level's table, if CP is there */
/* The table of the CP that `vm` (an entry of `v`) runs, if it runs one. */
bool vmt_nested(const struct machine *m, const struct vmt_view *v, const struct vmt_vm *vm, struct vmt_view *out);
bool vmt_entry(const struct machine *m, const struct vmt_view *v, u32 i, struct vmt_vm *out);   /* false: free */
const char *vmt_state_name(u32 state);
const char *vmt_mode_name(u32 mode);   /* VMT_MODE_*: "trap", "sie", "bt" */

/* "CPL1/ALICE": the users along the path, or false with why in err. */
bool vmt_resolve(const struct machine *m, const char *path, struct vmt_path *p, char *err, size_t n);
/* The real terminal that reaches the virtual device at vaddr of the
 * path's last user (its console: vm.terminal at that level, in
 * terminal-address terms), or false with why. */
bool vmt_real_terminal(const struct machine *m, const struct vmt_path *p, u32 addr, u32 *rdev, char *err, size_t n);
/* Whose a line on real terminal rdev is: "ALICE", "CPL1/ALICE", "CPL1/020"
 * (a terminal CPL1's CP has given to nobody), "CPL1" (its CP's operator
 * console); false: CP's operator console, or nobody's. */
bool vmt_terminal_owner(const struct machine *m, u16 rdev, char *out, size_t n);

/* ---- who runs (vmtable_view.c) ----
 * The machine's side of it: interpreting a guest (sie) of origin mso
 * (V=R: vr), and the PSW's problem bit. vmt_cpu_now() takes it from the
 * CPU; an event breakpoint's condition puts together the state of just
 * before the event (an old PSW, the state description that ended). */
struct vmt_cpu {
    bool sie, vr, problem;
    u32 mso;
};

/* Who runs: the users along the path of current VMs (p.vm[0..depth-1])
 * and, with cp, the CP that the last of them runs (its table cpv; with
 * depth 0 the first-level CP, the CP of level depth + 1); without cp, the
 * last user itself (no CP that the console can see, or a CP's table
 * without its current). */
struct vmt_where {
    struct vmt_path p;
    bool cp;
    struct vmt_view cpv;
};

void vmt_cpu_now(const struct machine *m, struct vmt_cpu *s);
/* false: no CP here at all (the bare machine runs a program). */
bool vmt_where(const struct machine *m, const struct vmt_cpu *s, struct vmt_where *w);
/* A user as a breakpoint's u32 argument: the window base of its table
 * (4K aligned) and its index; false if it does not fit. */
bool vmt_key(const struct vmt_path *p, u32 *key);
/* The depth (1: a first-level user) of the user of `key` on w's path, or 0. */
int vmt_key_depth(const struct vmt_where *w, u32 key);
/* The depth of the user of `key` if every level's table above it has the
 * next one current and its own has it current (it runs, or its CP is
 * about to run it or works for it), or 0. */
int vmt_key_current(const struct machine *m, u32 key);
/* Its storage in the machine's: the window base of the VM. */
static inline u32 vmt_window(const struct vmt_view *v, const struct vmt_vm *vm) { return v->base + vm->origin; }

#endif
