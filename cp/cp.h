/* cp.h: what the parts of CP share.
 *
 * Design note. CP is a trap-and-emulate virtual machine monitor in the
 * VM/370 tradition, written as guest code for the machine it runs on. It
 * runs in supervisor state, key 0, DAT off, with every interruption
 * masked: all its work happens in response to an interruption, runs to
 * completion, and ends by dispatching a virtual machine (or waiting,
 * enabled, when there is nothing to run). There is one stack and no
 * nesting.
 *
 * A virtual machine runs in real problem state with DAT on: CP's segment
 * and page tables map its virtual storage (guest real 0..size) onto a
 * contiguous run of real frames, so every address the guest forms stays
 * inside its own storage. Its PSW is the virtual PSW (vpsw); the real PSW
 * takes the vpsw's key, condition code, program mask and address, and is
 * always problem state, DAT on, enabled for I/O and external
 * interruptions, so CP keeps the CPU (its timer ends a time slice even if
 * the guest has masked everything). A privileged instruction therefore
 * always traps: CP simulates it against the virtual state if the vpsw is
 * in supervisor state, and reflects the privileged-operation exception
 * if not. SVCs and program interruptions are reflected through the
 * guest's own low core, as are the virtual timers' external interruptions
 * and the virtual devices' I/O interruptions, when the guest's masks
 * allow.
 *
 * The running VM's registers live in low core (LC_CP_GR) from the
 * interruption that entered CP until CP dispatches another VM, so a trap
 * that resumes the same VM never copies them.
 *
 * Files. cp.h has a section for each, in this order, declaring what that
 * file gives the others, each name with its file's prefix; vm_ is an
 * operation on one virtual machine, wherever it lives, and cp_ is CP as a
 * whole (main.c, cp_command, cp_msg).
 *
 *   Entry and dispatch: start.S (IPL entry, interruption stubs, the way
 *   into a VM), main.c (IPL), storage.c (real frames, a VM's storage and
 *   DAT tables), dispatch.c (scheduler, timers), trap.c (entries from a
 *   VM).
 *   The virtual CPU: sim.c (privileged instructions), fastpath.c (SSM,
 *   STNSM and STOSM the short way), siemode.c (running a VM under SIE),
 *   gaccess.c (guest storage, as the VM would address it), shadow.c
 *   (shadow page tables), reflect.c (virtual interruptions), diag.c
 *   (DIAGNOSE), pv.c (the paravirtual interruption mask), bt.c and
 *   bt_emulate.c (binary translation, bt mode).
 *   I/O: rio.c (CP's real I/O), vio.c (virtual I/O instructions and the
 *   virtual channel), vdisk.c (minidisks and dedicated devices), with
 *   vdisk_xlate.c (CCW translation) behind vdisk.h, vcons.c (terminals
 *   and virtual consoles), spool.c (readers, punches, printers),
 *   cardrdr.c (decks from the real card reader into users' readers).
 *   Users: vm.c (logon, IPL, logoff), cmd.c (CP commands), msg.c (CP's
 *   messages), dirload.c (the user directory, read at IPL), with
 *   directory.c (its encoding, shared with the host) behind directory.h,
 *   vmtable.c (the VM table for the operator's console, vmtable.h),
 *   userid.c (userids as text). lowcore.h: CP's own low-core fields.
 */
#ifndef CREASY_CP_H
#define CREASY_CP_H

#include "creasy.h"
#include "directory.h"
#include "fs.h"
#include "lowcore.h"
#include "pvabi.h"
#include "vmtable.h"

#define MAX_VMS DIR_MAX_USERS   /* the user limit: one number, the directory's (directory.h) */
#define MAX_VDEVS 24
#define PSW_ADDR 0x7FFFFFFFu

/* ==== types ==== */

/* ---- a real I/O request (rio.c) ---- */
struct rreq {
    u16 dev;
    u8 key;                         /* CAW key */
    const void *chain;              /* real CCWs */
    void (*done)(struct rreq *r);   /* at completion (unit/chan/residual/ccw filled) */
    void *arg;
    u8 unit, chan;
    u16 residual;
    u32 ccw;                        /* the CSW's CCW address */
    int cc;                         /* 3: the device is not there */
    struct rreq *next;
};

/* ---- virtual devices ---- */
enum vdev_type { VDEV_CONSOLE, VDEV_FBA, VDEV_DEDICATED, VDEV_READER, VDEV_PUNCH, VDEV_PRINTER };
enum vdev_state { VD_IDLE, VD_BUSY, VD_PENDING };

struct vm;
struct rreq;

/* One command of a channel program that CP runs itself (an emulated
 * device: console, spool), as the machine's channel gives it to a device
 * (machine/channel.h struct io): the device moves data with
 * vio_to_guest/vio_take, which follow data chaining and
 * check addressing and protection, and returns unit status, or VIO_WAIT
 * to be run again when it can go on. */
#define VIO_WAIT 0x100
struct vdev;
struct vxfer {
    struct vm *vm;
    struct vdev *d;
    u8 cmd, flags, key, chan;
    u32 count;          /* the command's CCW count */
    u32 ccw_addr;       /* the CCW whose data area is current (data chaining moves it) */
    u32 data, left;     /* the current data area */
    u32 done, wanted;
};
/* The status a virtual device presents (its virtual CSW). */
struct vstatus {
    u8 unit, chan;
    u16 residual;
    u32 ccw;            /* guest address of the last CCW used + 8 */
    u8 key;
};

struct vdev {
    u16 vaddr;
    u8 type;            /* enum vdev_type */
    u8 state;           /* enum vdev_state */
    struct vstatus st;  /* valid when PENDING (and while BUSY, accumulating) */
    struct vdev *next_pending;   /* the VM's FIFO of pending interruptions */
    u8 sense[24];
    /* FBA minidisk, dedicated device: the real device */
    u16 rdev;
    bool readonly;
    u32 start, blocks;
    struct rreq *req;   /* the real I/O doing its channel program */
    /* virtual channel (emulated devices): the program being run */
    u32 ccw_addr;       /* the guest CCW being run */
    struct vxfer x;     /* its command, when it waits (VIO_WAIT) */
    u8 flags;           /* VD_* */
    /* spool devices: the open spool file */
    int spool_file;     /* a punch's or printer's open file; the file a reader is reading (or -1) */
    u16 spool_id;       /* ... its spool id, so a slot used again is not taken for it */
    u16 spool_to;       /* SPOOL ... TO: the VM index + 1 that gets punched/printed files, 0: the real device */
    /* a 3215 beside the console (VDEV_CONSOLE, the directory's `terminals`): its real terminal */
    bool terminal;      /* it is one (the console itself: false) */
    s16 term;           /* its real terminal (index in the terminal table), or -1: disconnected */
};
#define VD_READ_WAIT 0x01   /* the console is waiting for a line */
#define VD_ATTN_OWED 0x02   /* a read took a line and more wait: attention again when it is idle */

/* ---- a virtual machine ---- */
struct vm {
    int index;
    u8 userid[8];
    const struct dir_user *dir;
    u8 state;                       /* enum vmt_state */
    u32 gr[16];                     /* when not current (then LC_CP_GR holds them) */
    u32 vpsw[2];
    u32 cr[16];
    u32 origin, size;               /* its storage: real [origin, origin + size) */
    u32 *segtab;                    /* CP's DAT tables for guest real */
    u32 std;                        /* CR1 value to run it with guest DAT off */
    u32 shadow_seg, shadow_pool;    /* with guest DAT on: shadow segment table and page tables */
    u16 shadow_next;                /* page tables used from the pool */
    u16 shadow_segs[64];            /* which segment entries they fill */
    s64 cpu_timer;                  /* the virtual CPU timer (runs only while it runs) */
    u64 ckc;                        /* virtual clock comparator */
    u64 used;                       /* CPU time, TOD units */
    s64 slice;                      /* what is left of its time slice */
    u32 share;
    u8 pending_ext;                 /* PEND_* */
    struct vdev *pending_io;        /* FIFO of devices with pending interruptions */
    struct vdev devs[MAX_VDEVS];
    int ndevs;
    int terminal;                   /* its real terminal (index in the terminal table), or -1 */
    u32 waitcode;
    u32 flags;                      /* VMT_F_* trace flags */
    struct vmt_entry *pub;          /* its entry in the published table */
    /* IPL under way: CP's own channel program for the first record */
    struct {
        struct rreq req;
        struct ccw ccw[3];
        u8 extent[16], locate[8];
        u16 vaddr;
        u8 parm[64];
    } ipl;
    /* console input typed ahead of a read */
    char input[4][132];
    u8 input_len[4];
    int in_head, in_count;
    /* statistics */
    u32 traps, svcs, pgms, ios, exts, dispatches;
    u8 loops;                       /* interruptions in a row that hit their handler's first instruction */
    u32 sie_exits[VMT_SIE_CODES];   /* sie mode: interpretation ends, by code / 4 */
    /* sie mode: how CP runs it (siemode.c), and its state description */
    bool sie;
    u8 sd[SIE_SD_LENGTH] __attribute__((aligned(SIE_SD_LENGTH)));
    /* its own SIE (vsie.c): its guest, run on CP's shadow of its state description */
    struct vsie {
        bool active;                /* its SIE is under way (its vpsw at the SIE) */
        bool pageable;              /* ... for a pageable guest: through the shadows of its own DAT tables */
        u32 gsd;                    /* the guest state description's address (its real) */
        u32 ilc;                    /* the SIE's length (EXECUTE's, through one) */
        u8 *shadow;                 /* the shadow it runs on (in the cache) */
        u32 gr14_15[2];             /* its own GR14-15 while its guest's are in the CPU (CP's stubs store over them) */
        struct vsie_cache *cache;   /* one frame of shadows, keyed by guest state description */
        u32 entries, created, reused;   /* SIEs interpreted, shadows built, shadows reused */
        u32 exits[VMT_SIE_CODES];   /* its guest's interpretation ends, by code / 4 */
    } vsie;
    /* bt mode: its virtual-supervisor code runs from a translation cache (bt.c) */
    bool bt_mode;
    struct bt *bt;                  /* the cache, made when first needed */
    bool bt_native;                 /* its supervisor runs at its own address, the cache not mapped (a failing fetch) */
};
#define PEND_KEY 0x04

/* ==== cp.h: helpers for every file ==== */

/* A word in a byte array (a CCW, a state description, any alignment);
 * CP runs on the machine, so its own order is the architecture's (the
 * host's put32 byte-swaps: not these). CP_COPY is a copy of a size known
 * here, which the compiler does inline (CP is freestanding: memcpy is a
 * call to the library's). */
#define CP_COPY(d, s, n) __builtin_memcpy(d, s, n)
static inline u32 cp_get32(const u8 *p)
{
    u32 v;
    CP_COPY(&v, p, 4);
    return v;
}
static inline void cp_put32(u8 *p, u32 v) { CP_COPY(p, &v, 4); }

/* An instruction's length, from its first byte (the architecture's rule). */
static inline u32 cp_insn_length(u8 b0) { return b0 < 0x40 ? 2 : b0 < 0xC0 ? 4 : 6; }

/* ==== entry and dispatch ==== */

/* ---- start.S (and link.ld) ---- */
void start_run_vm(void) __attribute__((noreturn));       /* LC_CP_GR and LC_CP_RUN_PSW into the CPU */
extern char start_vm_lpsw[];                              /* ... the LPSW it ends with */
void start_run_sie(u8 *sd) __attribute__((noreturn));    /* LC_CP_GR's GR0-13 and SIE; then siemode_completed */
extern char start_vm_sie[], start_after_sie[];            /* ... its SIE, and the instruction after it */
void start_idle_wait(void) __attribute__((noreturn));    /* enabled wait, interruptions come in */
void start_poll_wait(void);                               /* enabled wait that returns (IPL-time I/O) */
int start_probe_storage(u32 addr);                        /* 1: a byte can be fetched there */
int start_probe_epsw(void);                               /* 1: the machine has EPSW (the flawed variant) */
extern char start_svc_entry[], start_pgm_entry[], start_io_entry[], start_ext_entry[], start_mck_entry[];
extern char _end[];                                       /* link.ld: the end of CP; its free storage follows */

/* ---- main.c ---- */
extern struct vm cp_vms[MAX_VMS];
extern int cp_nvms;                                       /* entries of cp_vms ever used */
extern u32 cp_storage_size;
extern u16 cp_ipl_dev;
extern bool cp_running;                                   /* false during IPL */
void cp_main(void) __attribute__((noreturn));             /* from start.S's _start */
void cp_abend(const char *why) __attribute__((noreturn));

/* ---- storage.c ---- */
void storage_init(u32 first_free);
u32 storage_alloc(u32 bytes, u32 align);                  /* zeroed real frames: their address, or 0 */
void storage_free(u32 addr, u32 bytes);
int vm_storage_make(struct vm *vm, u32 size);             /* 0, or -1: no room */
void vm_storage_free(struct vm *vm);

/* The storage key of the real frame holding `ra`. */
static inline u8 storage_key(u32 ra)
{
    u32 k;
    __asm__ volatile("iske %0,%1" : "=d"(k) : "a"(ra));
    return (u8)k;
}

/* Key-controlled protection refuses a store (or a fetch) with `key` to
 * the real bytes [ra, ra + len): a nonzero key that differs from a
 * frame's (a fetch only where the frame is fetch-protected). */
static inline bool storage_key_protected(u32 ra, u32 len, u32 key, bool store)
{
    if (!key || !len)
        return false;
    for (u32 p = ra & ~0xFFFu; p < ra + len; p += 4096) {
        u8 sk = storage_key(p);
        if ((sk >> 4) != key && (store || (sk & 0x08)))
            return true;
    }
    return false;
}

/* ---- dispatch.c ---- */
extern struct vm *disp_current;                           /* the VM on the CPU, or NULL */
void disp_dispatch(void) __attribute__((noreturn));       /* pick a VM and run it, or idle */
void disp_resume(struct vm *vm) __attribute__((noreturn));   /* run vm now (it is current) */
void disp_entered(void);                                      /* CP is entered: the real CR0 is CP's */
void disp_clocks_arm(void);                               /* the real clock comparator for the VMs' */
u64 disp_tod_now(void);
u32 *vm_gr(struct vm *vm);                                /* its registers, wherever they are */
/* The condition code of its virtual PSW. */
static inline void vm_set_cc(struct vm *vm, u32 cc) { vm->vpsw[0] = (vm->vpsw[0] & ~PSW0_CC) | cc << PSW0_CC_SHIFT; }
void vm_account(struct vm *vm);                           /* charge it (CPU used, its slice) for the time since dispatch */
void vm_make_ready(struct vm *vm);

static inline bool vm_cp_times(const struct vm *vm) { return !vm->sie || vm->vsie.active; }   /* CP keeps its CPU timer */

/* The real CPU timer. */
static inline s64 disp_cpu_timer(void)
{
    s64 t;
    __asm__ volatile("stpt %0" : "=Q"(t));
    return t;
}

/* CP is entered from the current VM: its virtual CPU timer is charged for
 * the time it ran since CP last put it on the CPU (disp_run_mark), and not
 * for CP's own work (dispatch.c's design note). Inline: every trap does it. */
extern s64 disp_run_mark;                                 /* the real CPU timer as the current VM went on the CPU */
static inline void disp_left(struct vm *vm)
{
    s64 now = disp_cpu_timer();
    if (vm_cp_times(vm))   /* (under SIE the machine runs it, in the state description) */
        vm->cpu_timer -= disp_run_mark - now;
    disp_run_mark = now;
}

/* ---- trap.c: entries from start.S ---- */
void trap_svc(void) __attribute__((noreturn));
void trap_pgm(void) __attribute__((noreturn));
void trap_ext(void);                                      /* returns only during IPL */
void trap_io(void);                                       /* returns only during IPL */
void trap_mck(void) __attribute__((noreturn));
void vm_svc(struct vm *vm, u16 code, u32 ilc);            /* its SVC: traced if asked, reflected */

/* ==== the virtual CPU ==== */

/* ---- sim.c ---- */
void sim_init(void);
void sim_simulate(struct vm *vm, u32 ilc);                /* the privileged instruction before vpsw's address */

/* ---- fastpath.c ---- */
bool fastpath_mask(struct vm *vm, const u32 *old);        /* SSM/STNSM/STOSM done, if nothing else was due */

/* ---- siemode.c: running a VM under SIE (sie mode) ---- */
void siemode_load(struct vm *vm);                         /* its state into its state description */
bool siemode_interrupted(const u32 *old, struct vm **vm); /* a host interruption came during start_run_sie */
void siemode_completed(void) __attribute__((noreturn));   /* from start_run_sie when SIE completes */

/* ---- vsie.c: its own SIE (CP under CP) ---- */
void vsie_begin(struct vm *vm, u32 gsd, u32 ilc);         /* its SIE (checked by sim.c): its guest runs, or SIE completes */
u32 vsie_enter(struct vm *vm);                            /* before the shadow runs: the real CR1 it needs, or 0 */
void vsie_host_due(struct vm *vm);                        /* an interruption of its own ends its SIE (code 0) */
void vsie_interception(struct vm *vm);                    /* the machine's SIE on the shadow ended */
void vsie_host_fault(struct vm *vm, u16 code, u32 tea);   /* a host DAT exception of a pageable guest */
void vsie_entered(struct vm *vm);                         /* CP entered from the shadow's SIE: its GR14-15 back */
void vsie_free(struct vm *vm);                            /* logoff */

/* ---- bt.c, bt_emulate.c: binary translation (bt mode) ---- */
struct bt_stats { u32 translations, hits, exits, chains, emulations, invalidations; };
void bt_init(void);                                       /* IPL: does the machine have EPSW (the flawed variant)? */
u32 bt_enter(struct vm *vm);                              /* its supervisor goes on: the address to run at, or 0: go round */
u32 bt_std(struct vm *vm, u32 std, u32 ia);               /* the CR1 to run it at ia with: the TC mapped if ia is in it */
u32 bt_guest_ia(struct vm *vm, u32 ia, u32 *ilc);         /* a real address in the TC, as the guest's */
#define BT_TC_SIZE 0x10000u                               /* 64K of translated code */
#define BT_SCRATCH 16                                     /* the TC's first bytes: the slot for one instruction */
/* A real address in its translation cache; ... in the slot (inline: every entry asks) */
static inline bool bt_in_tc(const struct vm *vm, u32 ia)
{
    return vm->bt && !vm->bt_native && (ia & PSW_ADDR) - BT_TC_VA < BT_TC_SIZE;
}
static inline bool bt_in_scratch(const struct vm *vm, u32 ia)
{
    return vm->bt && !vm->bt_native && (ia & PSW_ADDR) - BT_TC_VA < BT_SCRATCH;
}
bool bt_stub_trap(struct vm *vm, u32 ia);                 /* an exit stub's operation exception: the vpsw at its target */
bool bt_store_refused(struct vm *vm, u32 old_ia, u32 ilc);   /* a protection exception: its code pages', dropped, retry */
bool bt_wrote(struct vm *vm, u32 gra, u32 len);           /* (bt_written's work, when it has a cache) */
/* CP wrote its storage: translations from there are dropped (true: there were some) */
static inline bool bt_written(struct vm *vm, u32 gra, u32 len) { return vm->bt && bt_wrote(vm, gra, len); }
bool bt_protected(const struct vm *vm, u32 gra);          /* CP write-protects that page for the cache */
void bt_dat_changed(struct vm *vm);                       /* its translation changed (shadow_reset) */
void bt_flush(struct vm *vm);
void bt_free(struct vm *vm);
void bt_publish(const struct vm *vm, struct vmt_entry *e);   /* its counters and blocks into the VM table */

/* ---- gaccess.c: guest storage, with the machine's checks ---- */
extern u32 gacc_last_tea;                                 /* what a translation exception is about */
int gacc_fetch(struct vm *vm, u32 va, void *dst, u32 len);       /* 0 or a program-interruption code */
bool gacc_low_protected(const struct vm *vm, u32 va);             /* its low-address protection covers va */
int gacc_store(struct vm *vm, u32 va, const void *src, u32 len);
u8 *gacc_ptr(struct vm *vm, u32 va, u32 len, bool store, int *code);   /* DAT off: straight at it */
int gacc_translate(struct vm *vm, u32 va, u32 *gra, bool *protect);  /* guest virtual to guest real */
int gacc_lra(struct vm *vm, u32 va, u32 *result);        /* LRA's cc, or -(program-interruption code) */
int gacc_host_translate(struct vm *vm, u32 va, u32 *gra, bool *protect);   /* through its tables, DAT on or off */

/* Guest real address -> real address, or 0 if [a, a + len) is not all
 * inside its storage. */
static inline u32 gacc_g2r(const struct vm *vm, u32 a, u32 len)
{
    return a < vm->size && len <= vm->size - a ? vm->origin + a : 0;
}

/* ---- shadow.c: guest DAT ---- */
void shadow_reset(struct vm *vm);                         /* the guest changed its DAT: forget */
void shadow_free(struct vm *vm);
int shadow_fault(struct vm *vm, u32 va, u16 code);        /* 0: mapped now, resume; else the code to reflect */
u32 shadow_std(struct vm *vm);                            /* the CR1 to run it with; 0: no room for shadows */
u32 shadow_host_std(struct vm *vm);                       /* ... the shadows of its tables, its DAT on or off */
int shadow_host_fault(struct vm *vm, u32 va);             /* shadow_fault through its tables, its DAT on or off */

/* ---- reflect.c ---- */
void refl_pgm(struct vm *vm, u16 code, u32 ilc, u32 tea);
void refl_svc(struct vm *vm, u16 code, u32 ilc);
void refl_early_spec_lpsw(struct vm *vm, u32 w0, u32 w1); /* LPSW loaded an invalid PSW */
bool refl_deliver_pending(struct vm *vm);                 /* one deliverable interruption, if any */
void refl_unpend(struct vm *vm, struct vdev *d);          /* SIO, TIO or HIO takes d's pending status */
bool vm_psw_valid(u32 w0, u32 w1);
void vm_load_psw(struct vm *vm, u32 w0, u32 w1);          /* a new vpsw, with wait and validity handled */
bool vm_enabled_for_something(const struct vm *vm);
void vm_post_io(struct vm *vm, struct vdev *d);           /* d has status pending */
void vm_loop_check(struct vm *vm);                        /* sie mode: stop a VM the machine has in an interruption loop */

/* ---- diag.c ---- */
void diag_diagnose(struct vm *vm, u32 rx, u32 ry, u32 code);

/* ---- pv.c: the paravirtual interruption mask (DIAG X'0C8', pvabi.h) ---- */
extern u8 *pv_areas[MAX_VMS];                             /* each VM's shared area (real), or NULL */
void pv_diagnose(struct vm *vm, u32 rx, u32 ry);
void pv_give_mask(struct vm *vm, u8 *area);
void pv_reset(struct vm *vm);                             /* CPU reset: no area */
static inline bool pv_on(const struct vm *vm) { return pv_areas[vm->index] != NULL; }
/* Entering CP from the VM: the area's mask into its virtual PSW. */
static inline void pv_entry(struct vm *vm)
{
    const u8 *a = pv_areas[vm->index];
    if (a)
        vm->vpsw[0] = (vm->vpsw[0] & ~((u32)PV_MASK_BITS << 24)) | (u32)(a[PV_MASK] & PV_MASK_BITS) << 24;
}
/* Leaving CP for it: the virtual PSW's mask, what it holds back, and its first word into the area. */
static inline void pv_exit(struct vm *vm)
{
    u8 *a = pv_areas[vm->index];
    if (a)
        pv_give_mask(vm, a);
}

/* ==== I/O ==== */

/* ---- rio.c: CP's real I/O ---- */
void rio_init(void);
void rio_start(struct rreq *r);                           /* now, or when the device is free */
void rio_start_first(struct rreq *r);                     /* ahead of the queue */
void rio_cancel(struct rreq *r);                          /* out of the queue, or halted; `done` is not called */
int rio_halt(struct rreq *r);                             /* 1 halted, 0 ending anyway, 2 was only queued */
int rio_sync(struct rreq *r);                             /* start and wait (IPL time only): 0 if it ended cleanly */
void rio_interrupt(void);                                 /* an I/O interruption */
bool rio_ok(const struct rreq *r);
void rio_set_attention(u16 dev, void (*fn)(u16 dev));     /* unsolicited status */

/* ---- vio.c: virtual I/O ---- */
struct vdev *vio_dev_find(struct vm *vm, u16 vaddr);
struct vdev *vio_dev_add(struct vm *vm, u16 vaddr, u8 type);
int vio_sio(struct vm *vm, u16 vaddr);
int vio_tio(struct vm *vm, u16 vaddr);
int vio_hio(struct vm *vm, u16 vaddr);
int vio_tch(struct vm *vm, u16 vaddr);
void vio_complete(struct vm *vm, struct vdev *d);         /* the device's program ended: post it */
void vio_continue(struct vm *vm, struct vdev *d);         /* go on with an emulated device's program */
void vio_reset(struct vm *vm);                            /* every device idle, nothing pending */
u32 vio_to_guest(struct vxfer *x, const void *src, u32 n);   /* read commands */
u32 vio_take(struct vxfer *x, void *dst, u32 n);             /* write commands: whatever is there */

/* ---- vdisk.c: minidisks (vdisk_xlate.c: vdisk.h) ---- */
int vdisk_sio(struct vm *vm, struct vdev *d, u32 ccw_addr, u8 key, struct vstatus *now);   /* cc */
void vdisk_halt(struct vm *vm, struct vdev *d);
int vdisk_diag18(struct vm *vm, u32 rx, u16 vaddr, u32 chain, u32 *status);   /* DIAG X'18': its cc */
int vdisk_run(struct vm *vm, struct vdev *d, u32 addr, void (*hook)(struct vm *, bool));

/* ---- vcons.c: terminals and consoles ---- */
#define CP_MAX_TERMINALS (DIR_MAX_USERS + 1 + DIR_MAX_TERMINALS)   /* every console's, the operator's, the 3215s beside */
extern int term_operator;                                 /* the operator's terminal */
void term_init(void);
int term_attach(u16 rdev, struct vm *owner);              /* a terminal index, or -1 (owner NULL: the operator's) */
int term_attach_dev(u16 rdev, struct vm *owner, struct vdev *d);   /* ... for a 3215 beside the console: -1 if taken */
void term_detach(int t);
void term_line(int t, const char *text, u32 n, u8 cmd);   /* queue output (EBCDIC) */
bool term_notice(int t, const char *tag, const char *text, u32 n);   /* someone else's lines, each after tag: false if they do not fit */
int vcons_command(struct vxfer *x);                       /* the virtual 3215's commands */
void vcons_idle(struct vm *vm, struct vdev *d);           /* its interruption was taken: attention owed? */

/* ---- spool.c ---- */
int spool_command(struct vxfer *x);                       /* reader, punch, printer commands */
int spool_close(struct vm *vm, struct vdev *d);           /* CLOSE: the file goes on its way */
void spool_logoff(struct vm *vm);
int spool_query(int t, struct vm *vm, const char *what);
int spool_transfer(struct vm *from, int file, struct vm *to);
int spool_purge(struct vm *vm, int file);                 /* -1: all its reader files; how many went */
int spool_deck_open(const u8 to[8]);                      /* a file for a real reader's deck: -1 if full */
bool spool_deck_card(int file, const u8 card[80]);        /* false: the file is full */
u16 spool_deck_close(int file, u32 *records);             /* into its user's reader: the spool id */
void spool_deck_discard(int file);

/* ---- cardrdr.c: the real card reader ---- */
void cardrdr_init(void);                                  /* IPL: read whatever deck is there */
void cardrdr_start(void);                                 /* START: read the reader now */

/* ==== users ==== */

/* ---- vm.c: logon, IPL and logoff ---- */
struct vm *vm_logon(const struct dir_user *u, int t, bool autolog);   /* NULL: no room */
void vm_logoff(struct vm *vm, const char *why);
int vm_ipl(struct vm *vm, u16 vaddr, const char *parm, u32 parm_len);   /* 0, or a reason code */
void vm_stop(struct vm *vm, const char *why);             /* into STOPPED with a message */
struct vm *vm_by_userid(const char *name);                /* EBCDIC text */
int vm_link(struct vm *vm, const u8 owner[8], u16 target, u16 vaddr, u8 mode, char *why);   /* 0, or a message number (why: 80) */

/* ---- cmd.c: CP commands ---- */
int cp_command(struct vm *vm, int t, char *line);         /* from a user (vm) or the operator (vm NULL) */

/* ---- msg.c (and con_write, creasy.h) ---- */
void cp_msg(int t, const char *fmt, ...);                 /* a line to a terminal (-1: the operator) */
bool cp_notice(int t, const char *fmt, ...);              /* ... from someone else: false if too many wait */

/* ---- dirload.c (directory.c: directory.h) ---- */
int dirload_read(void);                                   /* USER DIRECT from the IPL disk: 0, or -1 */
const struct dir_user *dirload_user_at(u32 i);            /* the i-th user, or NULL */
const struct dir_user *dirload_find(const u8 userid[8]);
const struct dir_mdisk *dirload_mdisks(const struct dir_user *u);
const struct dir_link *dirload_links(const struct dir_user *u);
const struct dir_dedicate *dirload_dedicates(const struct dir_user *u);
const struct dir_terminal *dirload_terminals(const struct dir_user *u);   /* its 3215s beside the console */
void dirload_dasd_survey(void);                           /* IPL time: the sizes of the minidisks' devices */
u32 dirload_dasd_blocks(u16 dev);                         /* 0: not there */

/* ---- vmtable.c ---- */
void vmtable_init(void);
void vmtable_update(struct vm *vm);
void vmtable_current(void);
void vmtable_term(int t, u16 rdev, u32 vm, u16 vaddr, u32 flags);   /* terminal t's entry (rdev VMT_NO_TERM: free) */

/* ---- userid.c ---- */
void userid_text(char out[9], const u8 id[8]);
bool userid_field(u8 out[8], const char *text);

#endif
