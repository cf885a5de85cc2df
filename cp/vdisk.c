/* vdisk.c: minidisks and dedicated devices: CCW translation onto the real
 * device.
 *
 * A guest's channel program for a minidisk runs on the real device, not
 * in CP: CP copies it into a real channel program (VM/370's CCW
 * translation), relocating every data address by the VM's storage origin
 * and every define extent by the minidisk's first block, and the real
 * channel and device then do everything the machine does for a real disk
 * (chaining, lengths, protection with the guest's own CAW key against its
 * own storage keys, the extent rules). What could reach outside the VM is
 * replaced by something the real channel or device refuses at the same
 * point, with the same status: a data area outside the VM's storage gets
 * an address outside real storage (channel program check), a define
 * extent beyond the minidisk gets one beyond the real device (unit check,
 * out of extent), a CCW address outside the VM's storage gets an invalid
 * TIC (program check). Read IPL reads the real device from its block 0
 * for as long as the count lasts, so it is confined by count: on a
 * minidisk that does not start at block 0, and at the CCW of its data
 * chain that would read past the minidisk's end, the count becomes zero
 * (program check). A read-only minidisk's define extents
 * inhibit writes, so the device refuses them as it refuses a write to a
 * read-only image. A CCW that continues a data chain is only a data area:
 * the channel ignores its command byte, and so does the translation (a
 * continuation that says "define extent" is not one).
 *
 * When the real program ends, its CSW becomes the virtual one: the CCW
 * address maps back through the translation table. A unit check makes CP
 * sense the real device at once (before anything else runs on it) and
 * keep the sense, block numbers made minidisk-relative, for the guest's
 * next SENSE; read device characteristics is made to report the
 * minidisk's size. A dedicated device (a real reader, say, given to one
 * user) is the same translation without the extent rules.
 *
 * A program that reads its own continuation (an IPL bootstrap reads the
 * CCWs it then TICs to) cannot be copied ahead: translation stops where
 * the program reaches storage it has read into, the real program ends
 * there, and when it has ended cleanly CP translates and starts the rest,
 * with no interruption in between.
 * Limits: 60 CCWs a program, the CCW beyond gets a program check; a CCW
 * the guest changes while its program runs is not seen (the copy was made
 * at SIO). A minidisk's program that TICs back to a CCW already
 * translated is copied on round the loop, so it too meets the limit:
 * a real loop would hold the real device, which other users' minidisks
 * share, for ever. (A dedicated device is the user's own: its loops are
 * real loops.)
 */
#include "cp.h"

#define MAX_XCCWS 64
#define MAX_XLATES 96
#define BAD_DATA 0x7FFFFFF0u   /* outside real storage: the channel's program check */

struct xlate {
    bool used;
    struct vm *vm;
    struct vdev *d;
    bool diag;                        /* DIAG X'18': synchronous, no interruption */
    u8 diag_rx;                       /* its Rx: the status goes there */
    void (*hook)(struct vm *, bool);  /* CP's own use (IPL): told instead of an interruption */
    int n;                            /* real CCWs */
    struct ccw real[MAX_XCCWS];
    u32 gaddr[MAX_XCCWS];             /* the guest CCW each came from */
    u8 de[4][16];                     /* relocated define-extent data */
    int nde;
    u32 rdc_data, rdc_count;          /* a read device characteristics to correct */
    u32 reads[8][2];                  /* guest areas the program reads into, so far */
    int nreads;
    u32 cont;                         /* translation stopped here: go on after this part (or 0) */
    u8 key;
    struct rreq req, sense_req;
    struct ccw sense_ccw;
    u8 sense[24];
};

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
            return x;
        }
    return NULL;
}


static void emit_bad_tic(struct xlate *x, u32 gaddr)
{
    x->gaddr[x->n] = gaddr;
    x->real[x->n++] = (struct ccw){0x08, 0, 0, 1};   /* a TIC to an odd address: program check */
}

/* A define extent, relocated into x->de, or one the device will refuse. */
static u32 translate_de(struct xlate *x, const struct ccw *c)
{
    u8 *de = x->de[x->nde < 4 ? x->nde++ : 3];
    struct vdev *d = x->d;
    u32 r = g2r(x->vm, c->data, 16);
    if (!r || c->count < 16 || (c->flags & CCW_CD)) {
        memset(de, 0, 16);
        put32(de + 4, 0xFFFFFF00u);   /* an origin past any device: out of extent */
        return (u32)de;
    }
    memcpy(de, (const void *)r, 16);
    u32 origin = get32(de + 4), last = get32(de + 12);
    if (origin >= d->blocks || last >= d->blocks - origin) {
        put32(de + 4, 0xFFFFFF00u);
        return (u32)de;
    }
    put32(de + 4, origin + d->start);
    if (d->readonly)
        de[0] |= 0x40;   /* inhibit writes */
    return (u32)de;
}

/* The program reads into the guest area holding addr: a self-loading
 * program (an IPL bootstrap reads the rest of its own channel program). */
static bool read_over(const struct xlate *x, u32 addr)
{
    for (int i = 0; i < x->nreads; i++)
        if (addr + 8 > x->reads[i][0] && addr < x->reads[i][1])
            return true;
    return false;
}

/* Stop this part of the program before `addr`: the real program ends
 * with the CCW before, and translation goes on from `addr` when it ends. */
static int split(struct xlate *x, u32 addr)
{
    x->real[x->n - 1].flags &= (u8)~CCW_CC;
    x->cont = addr;
    return 0;
}

/* Translate the guest program at `addr`. 0, or -1 with st filled when the
 * first CCW is already bad (SIO's condition code 1). */
static int translate(struct xlate *x, u32 addr, u8 key, struct vstatus *st)
{
    struct vm *vm = x->vm;
    bool first = true, minidisk = x->d->type == VDEV_FBA;
    bool chained = false;   /* this CCW continues the data chain of `cmd` */
    u8 cmd = 0;
    u32 ipl_left = 0;       /* read IPL: bytes left before the minidisk's end */
    x->cont = 0;
    for (;;) {
        if (!first && read_over(x, addr) && !(x->real[x->n - 1].flags & CCW_CD))
            return split(x, addr);
        if (x->n >= MAX_XCCWS - 1) {
            emit_bad_tic(x, addr);
            return 0;
        }
        u32 r = (addr & 7) || addr > 0x00FFFFF8 ? 0 : g2r(vm, addr, 8);
        if (!r) {
            if (first) {
                st->chan = 0x20;
                return -1;
            }
            emit_bad_tic(x, addr);
            return 0;
        }
        const u8 *b = (const u8 *)r;
        struct ccw c = {b[0], b[1], (u16)(b[2] << 8 | b[3]), get32(b + 4)};
        if ((c.cmd & 0x0F) == 0x08) {   /* TIC */
            if (first || (c.data & 7) || (c.data & 0x80000000u)) {
                if (first) {
                    st->chan = 0x20;
                    return -1;
                }
                emit_bad_tic(x, addr);
                return 0;
            }
            if (read_over(x, c.data))   /* into what this program reads: the rest is not there yet */
                return split(x, c.data);
            for (int i = 0; i < x->n && !minidisk; i++)   /* back to a CCW already translated: a loop */
                if (x->gaddr[i] == c.data) {
                    x->gaddr[x->n] = addr;
                    x->real[x->n++] = (struct ccw){0x08, 0, 0, (u32)&x->real[i]};
                    return 0;
                }
            u32 t = (c.data & 7) || c.data > 0x00FFFFF8 ? 0 : g2r(vm, c.data, 8);
            if (!t || (((const u8 *)t)[0] & 0x0F) == 0x08) {   /* outside, or TIC to TIC */
                emit_bad_tic(x, addr);
                return 0;
            }
            addr = c.data;
            continue;
        }
        if (first && ((c.flags & 0x07) || (c.data & 0x80000000u) || c.count == 0 || (c.cmd & 0x0F) == 0)) {
            st->chan = 0x20;   /* what the channel says of a bad first CCW */
            st->ccw = addr + 8;
            return -1;
        }
        (void)key;
        if (!chained)
            cmd = c.cmd;
        struct ccw rc = c;
        if (!chained && cmd == 0x63 && minidisk) {
            rc.data = translate_de(x, &c);
        } else {
            if (!(c.data & 0x80000000u) && c.count)
                rc.data = g2r(vm, c.data, c.count) ? vm->origin + c.data : BAD_DATA;
            if (cmd == 0x02 && minidisk) {   /* read IPL: no further than the minidisk goes */
                if (!chained)
                    ipl_left = x->d->start == 0 ? x->d->blocks * 512 : 0;
                if (c.count > ipl_left)
                    rc.count = 0;
                else
                    ipl_left -= c.count;
            }
        }
        if (!chained && cmd == 0x64 && minidisk) {
            x->rdc_data = c.data;
            x->rdc_count = c.count;
        }
        bool reads = (cmd & 0x03) == 0x02 || (cmd & 0x0F) == 0x04 || (cmd & 0x0F) == 0x0C;
        if (reads && x->nreads < 8 && rc.data != BAD_DATA && c.count) {
            x->reads[x->nreads][0] = c.data;
            x->reads[x->nreads++][1] = c.data + c.count;
        }
        x->gaddr[x->n] = addr;
        x->real[x->n++] = rc;
        first = false;
        chained = (c.flags & CCW_CD) != 0;
        if (!(c.flags & (CCW_CC | CCW_CD)))
            return 0;
        addr += 8;
    }
}

/* The guest address for a real CSW's CCW address. */
static u32 guest_ccw(const struct xlate *x, u32 real)
{
    u32 base = (u32)x->real;
    if (real < base + 8 || real > base + 8 * (u32)x->n || (real - base) & 7)
        return 0;
    return x->gaddr[(real - base) / 8 - 1] + 8;
}

static void finish(struct xlate *x)
{
    struct vm *vm = x->vm;
    struct vdev *d = x->d;
    struct rreq *r = &x->req;
    x->used = false;
    if (!vm)
        return;   /* halted, or its VM is gone */
    if (x->rdc_count >= 18 && r->cc == 0 && !r->chan) {   /* the minidisk's size, not the device's */
        u32 a = g2r(vm, x->rdc_data, 18);
        if (a)
            put32((u8 *)a + 14, d->blocks);
    }
    d->req = NULL;
    if (x->hook) {
        d->state = VD_IDLE;
        if (!rio_ok(r))
            cp_msg(vm->terminal, "CP: %03X ENDED WITH CC %d UNIT %02X CHANNEL %02X AT CCW %08X", d->vaddr, r->cc,
                   r->unit, r->chan, guest_ccw(x, r->ccw));
        x->hook(vm, rio_ok(r));
        return;
    }
    if (x->diag) {   /* DIAG X'18': condition code, and the status in Rx */
        u32 *gr = vm_gr(vm);
        u32 cc = r->cc == 3 ? 3 : rio_ok(r) ? 0 : 1;
        if (cc)
            gr[x->diag_rx] = (u32)r->unit << 8 | r->chan;
        vm->vpsw[0] = (vm->vpsw[0] & ~PSW0_CC) | cc << PSW0_CC_SHIFT;
        vm_make_ready(vm);
        return;
    }
    d->st.unit = r->unit;
    d->st.chan = r->chan;
    d->st.residual = r->residual;
    d->st.ccw = guest_ccw(x, r->ccw);
    if (r->cc == 3)
        d->st.unit = US_UC;   /* the real device went away */
    vio_complete(vm, d);
}

static void sensed(struct rreq *r)
{
    struct xlate *x = r->arg;
    u8 *s = x->sense;
    u32 block = get32(s + 4);
    if (x->d->type == VDEV_FBA && block >= x->d->start)
        put32(s + 4, block - x->d->start);
    memcpy(x->d->sense, s, sizeof x->d->sense);
    finish(x);
}

void rio_start_first(struct rreq *r);

static void start(struct xlate *x, u8 key);

static void real_done(struct rreq *r)
{
    struct xlate *x = r->arg;
    if (x->cont && x->vm && rio_ok(r)) {   /* the next part of a self-loading program */
        struct vstatus st = {0};
        u32 at = x->cont;
        x->n = x->nde = x->nreads = 0;
        x->rdc_count = 0;
        if (translate(x, at, x->key, &st) == 0) {
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
    u32 r = (addr & 7) ? 0 : g2r(vm, addr, 8);
    if (!r)
        return false;
    const u8 *b = (const u8 *)r;
    u16 count = (u16)(b[2] << 8 | b[3]);
    u32 data = get32(b + 4);
    if (b[0] != 0x04 || (b[1] & (CCW_CC | CCW_CD | 0x07)) || !count || (data & 0x80000000u))
        return false;
    u32 n = count < sizeof d->sense ? count : sizeof d->sense, a = g2r(vm, data, n);
    memset(st, 0, sizeof *st);
    st->ccw = addr + 8;
    if (!a) {
        st->chan = 0x20;
    } else {
        memcpy((void *)a, d->sense, n);
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
    if (translate(x, addr, key, st) < 0) {
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
    struct vdev *d = vdev_find(vm, vaddr);
    struct vstatus st = {0};
    *status = 0;
    if (!d || (d->type != VDEV_FBA && d->type != VDEV_DEDICATED) || d->state != VD_IDLE)
        return 3;
    struct xlate *x = xlate_new(vm, d);
    if (!x)
        return 3;
    x->diag = true;
    x->diag_rx = (u8)rx;
    if (translate(x, chain, 0, &st) < 0) {
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
    if (translate(x, addr, 0, &st) < 0) {
        x->used = false;
        return -1;
    }
    d->state = VD_BUSY;
    start(x, 0);
    return 0;
}
