/* vio.c: a virtual machine's I/O instructions and its channel.
 *
 * SIO, TIO, HIO and TCH work on the VM's virtual devices with the
 * machine's rules (machine/channel.c): busy is condition code 2, a
 * pending interruption is taken by SIO (busy bit and that status, cc 1)
 * or TIO (cc 1), a bad CAW or first CCW is reported at once (cc 1, CSW
 * stored), anything later by the interruption at the end.
 *
 * Minidisks run their channel programs on the real device, translated
 * (vdisk.c). The console and the spool devices are emulated: this file
 * runs their channel programs itself, CCW by CCW, exactly as the
 * machine's channel runs a real device's (command and data chaining,
 * SKIP, SLI and incorrect length, TIC, status modifier, program and
 * protection checks), calling the device's command function (vcons.c,
 * spool.c) for each command. A command that must wait (a console read
 * with nothing typed yet) returns VIO_WAIT and is run again by
 * vio_continue() when it can go on.
 *
 * CP runs these programs itself, with interruptions masked, so a program
 * that never waits and never ends (a no-op and a TIC back to it) would
 * keep CP for ever, every user's machine with it. A real channel would run
 * it until HIO; CP allows VCHAN_MAX_COMMANDS commands between waits and
 * ends the program at the next CCW with a channel program check, as if
 * that CCW were invalid: the same answer CCW translation gives a minidisk
 * program longer than it can copy (vdisk.c).
 */
#include "cp.h"

#define CCW_IDA 0x04
#define CCW_SUSPEND 0x02
#define CS_PCI 0x80
#define CCW_TIC(cmd) (((cmd) & 0x0F) == 0x08)
#define US_SM 0x40
#define VCHAN_MAX_COMMANDS 256

struct vdev *vio_dev_find(struct vm *vm, u16 vaddr)
{
    for (int i = 0; i < vm->ndevs; i++)
        if (vm->devs[i].vaddr == vaddr)
            return &vm->devs[i];
    return NULL;
}

struct vdev *vio_dev_add(struct vm *vm, u16 vaddr, u8 type)
{
    if (vio_dev_find(vm, vaddr) || vm->ndevs == MAX_VDEVS)
        return NULL;
    struct vdev *d = &vm->devs[vm->ndevs++];
    memset(d, 0, sizeof *d);
    d->vaddr = vaddr;
    d->type = type;
    d->spool_file = -1;
    return d;
}

static u32 *guest_low(struct vm *vm, u32 off) { return (u32 *)(vm->origin + off); }

static void store_csw(struct vm *vm, const struct vstatus *st)
{
    u32 *csw = guest_low(vm, LC_CSW);
    csw[0] = (u32)st->key << 28 | (st->ccw & 0x00FFFFFF);
    csw[1] = (u32)st->unit << 24 | (u32)st->chan << 16 | st->residual;
}

void vio_complete(struct vm *vm, struct vdev *d)
{
    d->flags = 0;
    vm_post_io(vm, d);
}

/* ---- the virtual channel, for emulated devices ----------------------------------- */

struct gccw {
    u8 cmd, flags;
    u16 count;
    u32 data;
};

static bool fetch_ccw(struct vm *vm, struct vdev *d, u32 addr, struct gccw *c)
{
    u32 r = (addr & 7) || addr > 0x00FFFFF8 ? 0 : gacc_g2r(vm, addr, 8);
    if (!r) {
        d->st.chan |= CS_PROGCHK;
        return false;
    }
    if (storage_key_protected(r, 8, d->st.key, false)) {
        d->st.chan |= CS_PROTCHK;
        return false;
    }
    const u8 *b = (const u8 *)r;
    c->cmd = b[0];
    c->flags = b[1];
    c->count = (u16)(b[2] << 8 | b[3]);
    c->data = (u32)b[4] << 24 | (u32)b[5] << 16 | (u32)b[6] << 8 | b[7];
    return true;
}

static bool next_ccw(struct vm *vm, struct vdev *d, u32 *addr, struct gccw *c, bool first, bool data_chain)
{
    if (!fetch_ccw(vm, d, *addr, c))
        return false;
    if (CCW_TIC(c->cmd)) {
        if (first || (c->data & 7) || (c->data & 0x80000000u)) {
            d->st.chan |= CS_PROGCHK;
            return false;
        }
        *addr = c->data;
        if (!fetch_ccw(vm, d, *addr, c))
            return false;
        if (CCW_TIC(c->cmd)) {
            d->st.chan |= CS_PROGCHK;
            return false;
        }
    }
    d->st.ccw = *addr + 8;
    if ((c->flags & (CCW_IDA | CCW_SUSPEND | 0x01)) || (c->data & 0x80000000u) || c->count == 0 ||
        (!data_chain && (c->cmd & 0x0F) == 0)) {
        d->st.chan |= CS_PROGCHK;
        return false;
    }
    return true;
}

static bool room(struct vxfer *x)
{
    if (x->left)
        return true;
    if (!(x->flags & CCW_CD) || x->chan)
        return false;
    struct gccw c;
    u32 addr = x->ccw_addr + 8;
    if (!next_ccw(x->vm, x->d, &addr, &c, false, true)) {
        x->chan = x->d->st.chan;
        return false;
    }
    x->ccw_addr = addr;
    x->data = c.data;
    x->left = c.count;
    x->flags = c.flags;
    return true;
}

/* The channel's checks of a data area: in the VM's storage, and the CAW
 * key against the storage keys. 0 with the real address, or fails. */
static u32 check(struct vxfer *x, u32 data, u32 n, bool store)
{
    u32 r = gacc_g2r(x->vm, data, n);
    if (!r) {
        x->chan |= CS_PROGCHK;
        return 0;
    }
    if (storage_key_protected(r, n, x->key, store)) {
        x->chan |= CS_PROTCHK;
        return 0;
    }
    return r;
}

static u32 move(struct vxfer *x, u8 *buf, u32 n, bool to_guest)
{
    u32 moved = 0;
    while (moved < n && room(x)) {
        u32 chunk = n - moved < x->left ? n - moved : x->left;
        if (!(to_guest && (x->flags & CCW_SKIP))) {
            u32 r = check(x, x->data, chunk, to_guest);
            if (!r)
                break;
            if (to_guest) {
                memcpy((void *)r, buf + moved, chunk);
                bt_written(x->vm, r - x->vm->origin, chunk);   /* over translated code (bt mode) */
            }
            else
                memcpy(buf + moved, (const void *)r, chunk);
        }
        x->data += chunk;
        x->left -= chunk;
        moved += chunk;
    }
    x->done += moved;
    return moved;
}

u32 vio_to_guest(struct vxfer *x, const void *src, u32 n)
{
    x->wanted += n;
    return move(x, (u8 *)src, n, true);
}

u32 vio_take(struct vxfer *x, void *dst, u32 n)
{
    u32 got = move(x, dst, n, false);
    x->wanted += got;
    return got;
}

static int run_command(struct vxfer *x)
{
    switch (x->d->type) {
    case VDEV_CONSOLE:
        return vcons_command(x);
    default:
        return spool_command(x);
    }
}

static void setup_command(struct vm *vm, struct vdev *d, const struct gccw *c)
{
    struct vxfer *x = &d->x;
    memset(x, 0, sizeof *x);
    x->vm = vm;
    x->d = d;
    x->cmd = c->cmd;
    x->flags = c->flags;
    x->key = d->st.key;
    x->count = c->count;
    x->ccw_addr = d->ccw_addr;
    x->data = c->data;
    x->left = c->count;
}

/* Run the program from d->ccw_addr on until it ends or a command waits. */
static void vchan_run(struct vm *vm, struct vdev *d, bool resume_command)
{
    for (u32 commands = 0;; commands++) {
        struct vxfer *x = &d->x;
        if (commands == VCHAN_MAX_COMMANDS) {   /* it would keep CP for ever: refuse the next CCW */
            d->st.ccw = d->ccw_addr + 8;
            d->st.chan |= CS_PROGCHK;
            break;
        }
        if (!resume_command) {
            struct gccw c;
            if (!next_ccw(vm, d, &d->ccw_addr, &c, false, false))
                break;
            setup_command(vm, d, &c);
        }
        resume_command = false;
        int rc = run_command(x);
        if (rc == VIO_WAIT) {
            d->flags |= VD_READ_WAIT;
            return;
        }
        d->flags &= ~VD_READ_WAIT;
        u8 us = (u8)rc;
        d->st.unit = us & ~(US_CE | US_DE);
        d->st.chan |= x->chan;
        d->st.residual = (u16)x->left;
        if (!(x->flags & CCW_SLI) && !(us & (US_UC | US_UX)) && !x->chan && (x->left || x->wanted > x->done) &&
            (x->cmd & 0x03) != 0x03 && (x->cmd & 0x0F) != 0x04)
            d->st.chan |= CS_IL;
        d->ccw_addr = x->ccw_addr;
        bool chain = (x->flags & CCW_CC) && !(us & (US_UC | US_UX)) && !d->st.chan;
        if (!chain) {
            d->st.unit |= US_CE | US_DE;
            vio_complete(vm, d);
            return;
        }
        d->ccw_addr += (us & US_SM) ? 16 : 8;
    }
    d->st.unit |= US_CE | US_DE;   /* a CCW the channel refused ends the program */
    vio_complete(vm, d);
}

void vio_continue(struct vm *vm, struct vdev *d)
{
    if (d->state == VD_BUSY && (d->flags & VD_READ_WAIT))
        vchan_run(vm, d, true);
}

/* ---- the instructions -------------------------------------------------------------- */

int vio_sio(struct vm *vm, u16 vaddr)
{
    struct vdev *d = vio_dev_find(vm, vaddr);
    vm->ios++;
    if (!d)
        return 3;
    if (d->state == VD_BUSY)
        return 2;
    if (d->state == VD_PENDING) {   /* busy, with the pending status, which is cleared */
        d->st.unit |= US_BUSY;
        store_csw(vm, &d->st);
        refl_unpend(vm, d);
        return 1;
    }
    u32 caw = *guest_low(vm, LC_CAW);
    memset(&d->st, 0, sizeof d->st);
    d->st.key = (u8)(caw >> 28);
    d->ccw_addr = caw & 0x00FFFFFF;
    if (vm->flags & VMT_F_TRACE_IO)
        cp_msg(vm->terminal, "TRACE: SIO %03X CAW %08X", vaddr, caw);
    if (d->type == VDEV_FBA || d->type == VDEV_DEDICATED) {
        if (caw & 0x0F000000) {
            d->st.chan = CS_PROGCHK;
            store_csw(vm, &d->st);
            return 1;
        }
        int cc = vdisk_sio(vm, d, d->ccw_addr, d->st.key, &d->st);
        if (cc == 1)
            store_csw(vm, &d->st);
        return cc;
    }
    struct gccw c;
    if ((caw & 0x0F000000) || !next_ccw(vm, d, &d->ccw_addr, &c, true, false)) {
        if (!d->st.chan)
            d->st.chan = CS_PROGCHK;
        store_csw(vm, &d->st);
        return 1;
    }
    d->state = VD_BUSY;
    setup_command(vm, d, &c);
    vchan_run(vm, d, true);
    return 0;
}

int vio_tio(struct vm *vm, u16 vaddr)
{
    struct vdev *d = vio_dev_find(vm, vaddr);
    if (!d)
        return 3;
    if (d->state == VD_BUSY)
        return 2;
    if (d->state == VD_PENDING) {
        store_csw(vm, &d->st);
        refl_unpend(vm, d);
        return 1;
    }
    return 0;
}

/* HIO: a program in progress ends now, its status stored, no interruption. */
int vio_hio(struct vm *vm, u16 vaddr)
{
    struct vdev *d = vio_dev_find(vm, vaddr);
    if (!d)
        return 3;
    if (d->state == VD_PENDING)
        return 0;
    if (d->state == VD_BUSY) {
        if (d->type == VDEV_FBA || d->type == VDEV_DEDICATED)
            vdisk_halt(vm, d);
        d->flags = 0;
        d->st.unit |= US_CE | US_DE;
        store_csw(vm, &d->st);
        d->state = VD_IDLE;
        return 1;
    }
    d->st.unit = d->st.chan = 0;   /* idle: no status; the key and CCW address stay the last program's */
    d->st.residual = 0;
    store_csw(vm, &d->st);
    return 1;
}

int vio_tch(struct vm *vm, u16 vaddr)
{
    u32 channel = vaddr >> 8;
    bool exists = false, pending = false;
    for (int i = 0; i < vm->ndevs; i++)
        if ((u32)(vm->devs[i].vaddr >> 8) == channel) {
            exists = true;
            pending |= vm->devs[i].state == VD_PENDING;
        }
    return !exists ? 3 : pending ? 1 : 0;
}

void vio_reset(struct vm *vm)
{
    for (int i = 0; i < vm->ndevs; i++) {
        struct vdev *d = &vm->devs[i];
        if (d->req)   /* an SIO's real program, or a DIAG X'18' one */
            vdisk_halt(vm, d);
        d->state = VD_IDLE;
        d->flags = 0;
        d->next_pending = NULL;
        memset(d->sense, 0, sizeof d->sense);
    }
    vm->pending_io = NULL;
}
