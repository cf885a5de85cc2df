/* vdisk.c: minidisks and dedicated devices: a guest's channel program
 * run on the real device.
 *
 * A guest's channel program for a minidisk runs on the real device, not
 * in CP: CP copies it into a real channel program (vdisk_xlate.c, whose
 * rules say how), and the real channel and device then do everything the
 * machine does for a real disk (chaining, lengths, protection with the
 * guest's own CAW key against its own storage keys, the extent rules).
 *
 * When the real program ends, its CSW becomes the virtual one: the CCW
 * address and the residual count map back through the translation. A
 * unit check makes CP sense the real device at once (before anything else
 * runs on it) and keep the sense, block numbers made minidisk-relative,
 * for the guest's next SENSE. A program that reads its own continuation
 * runs in parts, with no interruption in between. A dedicated device (a
 * real reader, say, given to one user) is the same translation without
 * the extent rules.
 */
#include "vdisk.h"

#define MAX_XLATES 96

static struct xlate xlates[MAX_XLATES];

static struct xlate *xlate_new(struct vm *vm, struct vdev *d)
{
    for (int i = 0; i < MAX_XLATES; i++)
        if (!xlates[i].used) {
            struct xlate *x = &xlates[i];
            memset(x, 0, sizeof *x);
            x->used = true;
            x->vm = vm;
            x->d = d;
            x->answer = -1;
            return x;
        }
    return NULL;
}

static void finish(struct xlate *x)
{
    struct vm *vm = x->vm;
    struct vdev *d = x->d;
    struct rreq *r = &x->req;
    x->used = false;
    if (!vm)
        return;   /* halted, or its VM is gone */
    /* the channel wrote its storage past CP's write protection: translations from there go (bt mode) */
    for (int i = 0; i < x->nwrote; i++)
        bt_written(vm, x->wrote[i][0], x->wrote[i][1]);
    if (x->nwrote < 0)
        bt_written(vm, 0, vm->size);
    d->req = NULL;
    if (x->hook) {
        d->state = VD_IDLE;
        if (!rio_ok(r))
            cp_msg(vm->terminal, "CP: %03X ENDED WITH CC %d UNIT %02X CHANNEL %02X AT CCW %08X", d->vaddr, r->cc,
                   r->unit, r->chan, xlate_guest_ccw(x, r->ccw));
        x->hook(vm, rio_ok(r));
        return;
    }
    if (x->diag) {   /* DIAG X'18': condition code, and the status in Rx */
        u32 *gr = vm_gr(vm);
        u32 cc = r->cc == 3 ? 3 : rio_ok(r) ? 0 : 1;
        if (cc)
            gr[x->diag_rx] = (u32)r->unit << 8 | r->chan;
        vm_set_cc(vm, cc);
        vm_make_ready(vm);
        return;
    }
    d->st.unit = r->unit;
    d->st.chan = r->chan;
    d->st.residual = xlate_guest_residual(x, r->ccw, r->residual);
    d->st.ccw = xlate_guest_ccw(x, r->ccw);
    if (r->cc == 3)
        d->st.unit = US_UC;   /* the real device went away */
    vio_complete(vm, d);
}

#define SENSE1_OUT_OF_EXTENT 0x08
#define SENSE1_WRITE_INHIBITED 0x04

static void sensed(struct rreq *r)
{
    struct xlate *x = r->arg;
    u8 *s = x->sense;
    u32 block = cp_get32(s + 4);
    if (x->d->type == VDEV_FBA && (s[1] & (SENSE1_OUT_OF_EXTENT | SENSE1_WRITE_INHIBITED)))   /* the minidisk's block */
        cp_put32(s + 4, x->extent_refused ? x->refused_block : block - x->d->start);
    memcpy(x->d->sense, s, sizeof x->d->sense);
    finish(x);
}

static void start(struct xlate *x, u8 key);

static void real_done(struct rreq *r)
{
    struct xlate *x = r->arg;
    xlate_give_back(x, r);
    if (x->cont && x->vm && rio_ok(r)) {   /* the next part of a self-loading program */
        struct vstatus st = {0};
        u32 at = x->cont;
        if (xlate_next_part(x, &st) == 0) {
            start(x, x->key);
            return;
        }
        r->chan = st.chan;   /* its first CCW is bad: that ends it */
        x->n = 1;
        x->gaddr[0] = at;
        r->ccw = (u32)&x->real[1];
    }
    if (r->cc == 0 && (r->unit & US_UC)) {   /* keep the sense before anyone else uses the device */
        x->sense_ccw = (struct ccw){0x04, CCW_SLI, sizeof x->sense, (u32)x->sense};
        x->sense_req = (struct rreq){.dev = x->d->rdev, .chain = &x->sense_ccw, .done = sensed, .arg = x};
        rio_start_first(&x->sense_req);
        return;
    }
    if (r->cc == 0 && !(r->unit & US_UC))
        memset(x->d->sense, 0, sizeof x->d->sense);
    finish(x);
}

static void start(struct xlate *x, u8 key)
{
    x->key = key;
    x->req = (struct rreq){.dev = x->d->rdev, .key = key, .chain = x->real, .done = real_done, .arg = x};
    x->d->req = &x->req;
    rio_start(&x->req);
}

/* A program that is only a SENSE: the sense CP kept. */
static bool emulated_sense(struct vm *vm, struct vdev *d, u32 addr, struct vstatus *st)
{
    u32 r = (addr & 7) ? 0 : gacc_g2r(vm, addr, 8);
    if (!r)
        return false;
    const u8 *b = (const u8 *)r;
    u16 count = (u16)(b[2] << 8 | b[3]);
    u32 data = cp_get32(b + 4);
    if (b[0] != 0x04 || (b[1] & (CCW_CC | CCW_CD | CCW_UNPROVIDED)) || !count || (data & 0x80000000u))
        return false;
    u32 n = count < sizeof d->sense ? count : sizeof d->sense, a = gacc_g2r(vm, data, n);
    u8 key = st->key;
    memset(st, 0, sizeof *st);
    st->key = key;
    st->ccw = addr + 8;
    if (!a) {
        st->chan = CS_PROGCHK;
    } else if (storage_key_protected(a, n, key, true)) {
        st->chan = CS_PROTCHK;
    } else {
        if (!(b[1] & CCW_SKIP)) {
            memcpy((void *)a, d->sense, n);
            bt_written(vm, data, n);
        }
        st->residual = (u16)(count - n);
    }
    st->unit = US_CE | US_DE;
    memset(d->sense, 0, sizeof d->sense);
    d->state = VD_BUSY;
    vio_complete(vm, d);
    return true;
}

int vdisk_sio(struct vm *vm, struct vdev *d, u32 addr, u8 key, struct vstatus *st)
{
    st->key = key;
    if (emulated_sense(vm, d, addr, st))
        return 0;
    struct xlate *x = xlate_new(vm, d);
    if (!x)
        return 2;   /* CP has no room to translate now: busy, try again */
    x->key = key;
    if (xlate_program(x, addr, st) < 0) {
        x->used = false;
        return 1;
    }
    d->state = VD_BUSY;
    start(x, key);
    return 0;
}

/* The guest's HIO, its IPL or its LOGOFF: the real program (or CP's sense
 * after it) stops now, before the VM's frames can change hands. */
void vdisk_halt(struct vm *vm, struct vdev *d)
{
    (void)vm;
    if (d->req) {
        struct xlate *x = d->req->arg;
        rio_cancel(&x->req);
        rio_cancel(&x->sense_req);
        x->used = false;
        d->req = NULL;
    }
}

int vdisk_diag18(struct vm *vm, u32 rx, u16 vaddr, u32 chain, u32 *status)
{
    struct vdev *d = vio_dev_find(vm, vaddr);
    struct vstatus st = {0};
    *status = 0;
    if (!d || (d->type != VDEV_FBA && d->type != VDEV_DEDICATED) || d->state != VD_IDLE)
        return 3;
    struct xlate *x = xlate_new(vm, d);
    if (!x)
        return 3;
    x->diag = true;
    x->diag_rx = (u8)rx;
    if (xlate_program(x, chain, &st) < 0) {
        x->used = false;
        *status = st.chan;
        return 1;
    }
    vm->state = VMT_IOWAIT;
    start(x, 0);
    return -1;   /* under way: finish() sets the condition code */
}

/* CP runs a guest channel program of its own accord (the IPL chain):
 * `hook` hears how it ended. 0 started, -1 refused. */
int vdisk_run(struct vm *vm, struct vdev *d, u32 addr, void (*hook)(struct vm *, bool))
{
    struct vstatus st = {0};
    struct xlate *x = xlate_new(vm, d);
    if (!x)
        return -1;
    x->hook = hook;
    if (xlate_program(x, addr, &st) < 0) {
        x->used = false;
        return -1;
    }
    d->state = VD_BUSY;
    start(x, 0);
    return 0;
}
