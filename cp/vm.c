/* vm.c: virtual machines coming and going: LOGON builds one from its
 * directory entry (storage, devices, links, terminals), IPL starts it the
 * way the machine's IPL does, LOGOFF takes it all back.
 *
 * IPL, like the machine's (machine/channel.c chan_ipl): a CPU reset, then
 * the first 24 bytes of the device's IPL record into location 0, then the
 * channel program at location 8, then the PSW at location 0; the device
 * address goes to 0xB8. CP reads the first record itself, with its own
 * channel program on the real device (block 0 of the minidisk), then
 * runs the guest's chain at 8 through the ordinary translation. The VM
 * waits (IOWAIT) meanwhile. VM/370's IPL PARM text goes into the
 * registers (up to 64 bytes, R0 first) for the new system to find.
 */
#include "cp.h"

/* The CPU as after reset (machine/machine.c machine_reset). */
static void cpu_reset(struct vm *vm)
{
    memset(vm->gr, 0, sizeof vm->gr);
    if (disp_current == vm)
        memset(vm_gr(vm), 0, 64);
    memset(vm->cr, 0, sizeof vm->cr);
    vm->cr[0] = CR0_INTKEY_MASK | 0xA0;
    vm->cr[2] = CR2_CHANNEL_MASKS;
    vm->vpsw[0] = vm->vpsw[1] = 0;
    vm->cpu_timer = 0;
    vm->ckc = 0;
    vm->pending_ext = 0;
    vm->in_head = vm->in_count = 0;
    vm->vsie.active = false;   /* its own SIE, if it was in one, is over */
    pv_reset(vm);              /* no paravirtual mask (pv.c) */
    shadow_reset(vm);
    vio_reset(vm);
}

static void ipl_chain_done(struct vm *vm, bool ok)
{
    u32 *low = (u32 *)vm->origin;
    if (!ok) {
        vm_stop(vm, "IPL FAILED: THE DEVICE REPORTED AN ERROR");
        return;
    }
    low[LC_IO_ADDR / 4] = vm->ipl.vaddr;
    u32 *gr = vm_gr(vm);
    memcpy(gr, vm->ipl.parm, 64);
    if (!vm_psw_valid(low[0], low[1])) {
        vm_stop(vm, "IPL FAILED: THE IPL PSW IS NOT VALID");
        return;
    }
    vm->state = VMT_READY;
    vm_load_psw(vm, low[0], low[1]);
    vmtable_update(vm);
}

static void ipl_first_done(struct rreq *r)
{
    struct vm *vm = r->arg;
    struct vdev *d = vio_dev_find(vm, vm->ipl.vaddr);
    if (!rio_ok(r) || !d) {
        vm_stop(vm, "IPL FAILED: CANNOT READ THE IPL RECORD");
        return;
    }
    if (vdisk_run(vm, d, 8, ipl_chain_done) < 0)
        vm_stop(vm, "IPL FAILED: THE IPL CHANNEL PROGRAM IS NOT VALID");
}


int vm_ipl(struct vm *vm, u16 vaddr, const char *parm, u32 parm_len)
{
    struct vdev *d = vio_dev_find(vm, vaddr);
    if (!d)
        return 1;
    if (d->type != VDEV_FBA && d->type != VDEV_DEDICATED)
        return 2;
    rio_cancel(&vm->ipl.req);   /* an IPL still reading its first record: over (its request is reused) */
    cpu_reset(vm);              /* halts its channel programs, too */
    memset((void *)vm->origin, 0, vm->size);   /* IPL CLEAR: the machine starts from nothing */
    bt_flush(vm);
    memset(vm->ipl.parm, 0, sizeof vm->ipl.parm);
    memcpy(vm->ipl.parm, parm, parm_len > 64 ? 64 : parm_len);
    vm->ipl.vaddr = vaddr;
    struct ccw *c = vm->ipl.ccw;
    if (d->type == VDEV_FBA) {   /* block 0 of the minidisk, writes inhibited */
        memset(vm->ipl.extent, 0, 16);
        vm->ipl.extent[0] = 0x40;
        cp_put32(vm->ipl.extent + 4, d->start);
        memset(vm->ipl.locate, 0, 8);
        vm->ipl.locate[0] = 0x06;
        vm->ipl.locate[3] = 1;
        c[0] = (struct ccw){0x63, CCW_CC, 16, (u32)vm->ipl.extent};
        c[1] = (struct ccw){0x43, CCW_CC, 8, (u32)vm->ipl.locate};
        c[2] = (struct ccw){0x42, CCW_SLI, 24, vm->origin};
    } else {
        c[0] = (struct ccw){0x02, CCW_SLI, 24, vm->origin};
    }
    vm->ipl.req = (struct rreq){.dev = d->rdev, .chain = c, .done = ipl_first_done, .arg = vm};
    vm->state = VMT_IOWAIT;
    rio_start(&vm->ipl.req);
    return 0;
}

/* ---- logon, logoff ----------------------------------------------------------------- */

static void key_zero_frames(const struct vm *vm)
{
    for (u32 a = vm->origin; a < vm->origin + vm->size; a += 4096)
        __asm__ volatile("sske %0,%1" : : "d"(0), "a"(a) : "memory");
}

/* A minidisk, if it lies on its real device (which CP surveyed at IPL). */
static bool add_fba(struct vm *vm, u16 vaddr, const struct dir_mdisk *m, bool readonly)
{
    u32 real = dirload_dasd_blocks(m->rdev);
    if (m->start >= real || m->blocks > real - m->start) {
        cp_msg(vm->terminal, "DMKLNK110E MINIDISK %03X (%03X BLOCKS %u-%u) IS NOT ON THE REAL DEVICE (%u BLOCKS); "
                             "NOT ATTACHED",
               vaddr, m->rdev, m->start, m->start + m->blocks - 1, real);
        return false;
    }
    struct vdev *d = vio_dev_add(vm, vaddr, VDEV_FBA);
    if (!d)
        return false;
    d->rdev = m->rdev;
    d->start = m->start;
    d->blocks = m->blocks;
    d->readonly = readonly;
    return true;
}

/* Who has blocks of minidisk m read-write now (VM/370 kept one writer:
 * CMS caches a disk's directory, so two writers lose each other's files),
 * or NULL. */
static struct vm *writer_of(const struct dir_mdisk *m)
{
    for (int i = 0; i < cp_nvms; i++) {
        struct vm *o = &cp_vms[i];
        if (o->state == VMT_FREE)
            continue;
        for (int k = 0; k < o->ndevs; k++) {
            const struct vdev *d = &o->devs[k];
            if (d->type == VDEV_FBA && !d->readonly && d->rdev == m->rdev && d->start < m->start + m->blocks &&
                m->start < d->start + d->blocks)
                return o;
        }
    }
    return NULL;
}

/* A minidisk of its own at logon: read-write as the directory says,
 * unless someone else writes it already and it is not multi-write. */
static void own_mdisk(struct vm *vm, const struct dir_mdisk *m)
{
    struct vm *w = m->mode == DIR_MODE_W ? writer_of(m) : NULL;
    if (w) {
        char name[9];
        userid_text(name, w->userid);
        cp_msg(vm->terminal, "DMKLNK103W DASD %03X FORCED R/O; R/W BY %s", m->vaddr, name);
    }
    add_fba(vm, m->vaddr, m, m->mode == DIR_MODE_R || w);
}

/* A 3215 beside its console (the directory's `terminals`), for a CP it
 * runs: emulated as the console is, on a real terminal of its own. */
static void add_terminal(struct vm *vm, const struct dir_terminal *e)
{
    struct vdev *d = vio_dev_add(vm, e->vaddr, VDEV_CONSOLE);
    if (!d) {
        cp_msg(vm->terminal, "DMKLOG023E TERMINAL %03X NOT DEFINED: NO ROOM FOR MORE DEVICES", e->vaddr);
        return;
    }
    d->terminal = true;
    d->term = -1;
    d->rdev = e->rdev;   /* for QUERY VIRTUAL */
    if (e->rdev != DIR_NONE && term_attach_dev(e->rdev, vm, d) < 0)
        cp_msg(vm->terminal, "DMKLOG024W TERMINAL %03X: REAL TERMINAL %03X IS IN USE; IT IS DISCONNECTED", e->vaddr,
               e->rdev);
}

struct vm *vm_logon(const struct dir_user *u, int t, bool autolog)
{
    struct vm *vm = NULL;
    for (int i = 0; i < MAX_VMS; i++)
        if (cp_vms[i].state == VMT_FREE) {
            vm = &cp_vms[i];
            break;
        }
    if (!vm)
        return NULL;
    struct vmt_entry *pub = vm->pub;
    int index = (int)(vm - cp_vms);
    memset(vm, 0, sizeof *vm);
    vm->index = index;
    vm->pub = pub;
    vm->terminal = -1;
    memcpy(vm->userid, u->userid, 8);
    vm->dir = u;
    vm->share = u->share;
    vm->sie = (u->flags & DIR_SIE) != 0;
    vm->bt_mode = (u->flags & DIR_BT) != 0;
    if (vm_storage_make(vm, u->storage) < 0) {
        vm->state = VMT_FREE;
        return NULL;
    }
    key_zero_frames(vm);
    if (index >= cp_nvms)
        cp_nvms = index + 1;
    if (t >= 0)
        vm->terminal = term_attach(u->terminal, vm);
    vio_dev_add(vm, u->console, VDEV_CONSOLE);
    const struct dir_terminal *tr = dirload_terminals(u);
    for (u32 i = 0; i < u->nterminals; i++)
        add_terminal(vm, &tr[i]);
    if (u->reader != DIR_NONE)
        vio_dev_add(vm, u->reader, VDEV_READER);
    if (u->punch != DIR_NONE)
        vio_dev_add(vm, u->punch, VDEV_PUNCH);
    if (u->printer != DIR_NONE)
        vio_dev_add(vm, u->printer, VDEV_PRINTER);
    const struct dir_mdisk *m = dirload_mdisks(u);
    vm->state = VMT_STOPPED;   /* logged on: its devices are seen as it gets them */
    for (u32 i = 0; i < u->nmdisks; i++)
        own_mdisk(vm, &m[i]);
    const struct dir_link *l = dirload_links(u);
    char why[80];
    for (u32 i = 0; i < u->nlinks; i++)
        if (vm_link(vm, l[i].owner, l[i].target_vaddr, l[i].vaddr, l[i].mode, why) == 0)
            continue;
        else if (memcmp(why, "DMK", 3) == 0)
            cp_msg(vm->terminal, "%s", why);
        else
            cp_msg(vm->terminal, "DMKLNK113E LINK %03X NOT MADE: %s", l[i].vaddr, why);
    const struct dir_dedicate *ded = dirload_dedicates(u);
    for (u32 i = 0; i < u->ndedicates; i++) {
        struct vdev *d = vio_dev_add(vm, ded[i].vaddr, VDEV_DEDICATED);
        if (d)
            d->rdev = ded[i].rdev;
    }
    vm->cpu_timer = 0;
    vm->state = VMT_STOPPED;   /* in CP mode until IPL */
    vmtable_update(vm);
    char name[9];
    userid_text(name, u->userid);
    cp_msg(-1, "%s LOGON %s", name, autolog ? "(AUTOLOG)" : "");
    if (autolog && u->ipl != DIR_NONE) {
        u32 n = 0;
        while (n < DIR_PARM_LEN && u->ipl_parm[n])
            n++;
        if (vm_ipl(vm, u->ipl, (const char *)u->ipl_parm, n) != 0)
            cp_msg(vm->terminal, "CP: IPL %03X FAILED: NO SUCH DEVICE", u->ipl);
    }
    return vm;
}

int vm_link(struct vm *vm, const u8 owner[8], u16 target, u16 vaddr, u8 mode, char *why)
{
    const struct dir_user *o = dirload_find(owner);
    if (!o) {
        snprintf(why, 80, "NO SUCH USER");
        return 113;
    }
    const struct dir_mdisk *m = dirload_mdisks(o);
    for (u32 i = 0; i < o->nmdisks; i++)
        if (m[i].vaddr == target) {
            if (mode == DIR_MODE_W && m[i].mode == DIR_MODE_R) {
                snprintf(why, 80, "THE MINIDISK IS READ-ONLY");
                return 113;
            }
            if (vio_dev_find(vm, vaddr)) {
                snprintf(why, 80, "DEVICE %03X ALREADY DEFINED", vaddr);
                return 113;
            }
            struct vm *w = mode == DIR_MODE_W && m[i].mode != DIR_MODE_MW ? writer_of(&m[i]) : NULL;
            if (w) {   /* a second writer: only where the directory grants multi-write */
                char owner_name[9], name[9];
                userid_text(owner_name, o->userid);
                userid_text(name, w->userid);
                snprintf(why, 80, "DMKLNK105E %s %03X NOT LINKED; R/W BY %s", owner_name, target, name);
                return 105;
            }
            if (!add_fba(vm, vaddr, &m[i], mode != DIR_MODE_W)) {
                snprintf(why, 80, "THE MINIDISK IS NOT ON ITS REAL DEVICE");
                return 113;
            }
            return 0;
        }
    snprintf(why, 80, "THE USER HAS NO MINIDISK %03X", target);
    return 113;
}

void vm_stop(struct vm *vm, const char *why)
{
    vm->state = VMT_STOPPED;
    if (why)   /* a message of its own (DMK...), or why CP stopped it */
        cp_msg(vm->terminal, memcmp(why, "DMK", 3) ? "CP: %s" : "%s", why);
    else
        cp_msg(vm->terminal, "DMKDSP450W CP ENTERED; DISABLED WAIT PSW '%08X %08X'", vm->vpsw[0], vm->vpsw[1]);
    vmtable_update(vm);
}

void vm_logoff(struct vm *vm, const char *why)
{
    char name[9];
    userid_text(name, vm->userid);
    rio_cancel(&vm->ipl.req);
    vio_reset(vm);   /* its real channel programs stop before its frames are freed */
    spool_logoff(vm);
    if (vm == disp_current) {
        vm_account(vm);
        disp_current = NULL;
        vmtable_current();
    }
    cp_msg(vm->terminal, "CP: LOGOFF %s", why ? why : "");
    cp_msg(-1, "%s LOGOFF %s", name, why ? why : "");
    term_detach(vm->terminal);
    for (int i = 0; i < vm->ndevs; i++)
        if (vm->devs[i].terminal)
            term_detach(vm->devs[i].term);
    shadow_free(vm);
    vsie_free(vm);
    bt_free(vm);
    vm_storage_free(vm);
    vm->state = VMT_FREE;
    vmtable_update(vm);
}

struct vm *vm_by_userid(const char *name)
{
    u8 id[8];
    if (!userid_field(id, name))
        return NULL;
    for (int i = 0; i < cp_nvms; i++)
        if (cp_vms[i].state != VMT_FREE && memcmp(cp_vms[i].userid, id, 8) == 0)
            return &cp_vms[i];
    return NULL;
}
