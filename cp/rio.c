/* rio.c: CP's own channel I/O on the real devices.
 *
 * A request names a real device and a real channel program; rio_start()
 * issues SIO at once if the device is free, else queues the request
 * behind the one running. The I/O interruption (or the status SIO stores)
 * fills in the request's status and calls its `done`, then starts the
 * next queued request. Attention, which a terminal presents when someone
 * types, and device end that comes unasked (a card reader made ready),
 * go to the device's attention handler. During IPL, before any
 * VM runs, rio_sync() waits (enabled) for a request to end.
 *
 * rio_cancel() takes a request back: out of the queue, or, if it is
 * running, halted with HIO. A real channel program that CP started for a
 * virtual machine moves data into that machine's frames; when the machine
 * goes (LOGOFF) or starts over (IPL), its program must stop before the
 * frames are anyone else's.
 */
#include "cp.h"

#define MAX_RDEVS (DIR_MAX_USERS + 64)   /* every user's terminal, and the disks and unit record devices */

struct rdev {
    u16 addr;
    struct rreq *active, *head, *tail;
    void (*attention)(u16 dev);
};

static struct rdev rdevs[MAX_RDEVS];
static int nrdevs;

static struct rdev *rdev(u16 addr, bool make)
{
    for (int i = 0; i < nrdevs; i++)
        if (rdevs[i].addr == addr)
            return &rdevs[i];
    if (!make || nrdevs == MAX_RDEVS)
        return NULL;
    struct rdev *d = &rdevs[nrdevs++];
    memset(d, 0, sizeof *d);
    d->addr = addr;
    return d;
}

void rio_init(void)
{
    nrdevs = 0;
}

void rio_set_attention(u16 dev, void (*fn)(u16 dev))
{
    struct rdev *d = rdev(dev, true);
    if (d)
        d->attention = fn;
}

bool rio_ok(const struct rreq *r)
{
    return r->cc == 0 && r->chan == 0 && (r->unit & ~(US_CE | US_DE)) == 0;
}

static void finish(struct rdev *d, struct rreq *r)
{
    d->active = NULL;
    r->done(r);
}

/* Issue SIO for the request at the head of the device's queue, and for
 * the ones after it as long as each ends at once. */
static void kick(struct rdev *d)
{
    while (!d->active && d->head) {
        struct rreq *r = d->head;
        d->head = r->next;
        if (!d->head)
            d->tail = NULL;
        r->next = NULL;
        d->active = r;
        LOWCORE(u32, LC_CAW) = (u32)r->key << 28 | (u32)r->chain;
        r->unit = r->chan = 0;
        r->residual = 0;
        r->ccw = 0;
        r->cc = sio(d->addr);
        if (r->cc == 0)
            return;   /* the interruption ends it */
        if (r->cc == 1) {
            u32 w0 = LOWCORE(u32, LC_CSW), w1 = LOWCORE(u32, LC_CSW + 4);
            u8 unit = (u8)(w1 >> 24);
            if (unit & US_BUSY) {   /* it had status pending: take it, and try again */
                d->active = NULL;
                r->next = d->head;
                d->head = r;
                if (!d->tail)
                    d->tail = r;
                if ((unit & US_ATTN) && d->attention)
                    d->attention(d->addr);
                continue;
            }
            r->unit = unit;
            r->chan = (u8)(w1 >> 16);
            r->residual = (u16)w1;
            r->ccw = w0 & 0x00FFFFFF;
        }
        if (r->cc == 2) {   /* busy with something CP did not start: put it back, wait */
            d->active = NULL;
            r->next = d->head;
            d->head = r;
            if (!d->tail)
                d->tail = r;
            return;
        }
        finish(d, r);
    }
}

void rio_start(struct rreq *r)
{
    struct rdev *d = rdev(r->dev, true);
    r->next = NULL;
    if (!d) {
        r->cc = 3;
        r->done(r);
        return;
    }
    if (d->tail)
        d->tail->next = r;
    else
        d->head = r;
    d->tail = r;
    kick(d);
}

/* Ahead of everything queued (CP sensing a unit check before the
 * device's state is lost to the next program). */
void rio_start_first(struct rreq *r)
{
    struct rdev *d = rdev(r->dev, true);
    if (!d) {
        r->cc = 3;
        r->done(r);
        return;
    }
    r->next = d->head;
    d->head = r;
    if (!d->tail)
        d->tail = r;
    kick(d);
}

void rio_cancel(struct rreq *r)
{
    struct rdev *d = rdev(r->dev, false);
    if (!d)
        return;
    if (d->active == r) {   /* HIO ends it now; no interruption follows (one already pending is ignored) */
        hio(d->addr);
        d->active = NULL;
        kick(d);
        return;
    }
    struct rreq *prev = NULL;
    for (struct rreq *q = d->head; q; prev = q, q = q->next)
        if (q == r) {
            if (prev)
                prev->next = q->next;
            else
                d->head = q->next;
            if (d->tail == q)
                d->tail = prev;
            q->next = NULL;
            return;
        }
}

/* A running request halted only if its program is still under way: 1
 * (halted: its status from HIO's CSW, the residual saying how much moved;
 * its done() is not called), 0 (it has ended, or ends without HIO: its
 * interruption finishes it as usual), 2 (it was only queued: taken out). */
int rio_halt(struct rreq *r)
{
    struct rdev *d = rdev(r->dev, false);
    if (!d)
        return 0;
    if (d->active != r) {
        rio_cancel(r);
        return 2;
    }
    if (hio(d->addr) != 1)
        return 0;   /* its status is pending: the interruption brings it */
    u32 w0 = LOWCORE(u32, LC_CSW), w1 = LOWCORE(u32, LC_CSW + 4);
    r->cc = 0;
    r->unit = (u8)(w1 >> 24);
    r->chan = (u8)(w1 >> 16);
    r->residual = (u16)w1;
    r->ccw = w0 & 0x00FFFFFF;
    d->active = NULL;
    kick(d);
    return 1;
}

void rio_interrupt(void)
{
    u16 addr = (u16)LOWCORE(u32, LC_IO_ADDR);
    u32 w0 = LOWCORE(u32, LC_CSW), w1 = LOWCORE(u32, LC_CSW + 4);
    u8 unit = (u8)(w1 >> 24), chan = (u8)(w1 >> 16);
    struct rdev *d = rdev(addr, false);
    if (!d)
        return;
    struct rreq *r = d->active;
    /* Attention, or device end with nothing running: a device made ready
     * (a reader loaded). Its handler runs once this status is settled, so
     * that what it starts is not taken for what ended here. */
    bool attention = d->attention && (((unit & US_ATTN) && !(r && (unit & (US_CE | US_DE)))) ||
                                      (!r && (unit & US_DE)));
    if (r && (chan || (unit & (US_CE | US_DE | US_UC | US_UX)))) {
        r->unit |= unit & ~US_ATTN;
        r->chan |= chan;
        r->residual = (u16)w1;
        r->ccw = w0 & 0x00FFFFFF;
        finish(d, r);
    }
    if (attention)
        d->attention(addr);
    kick(d);
}

static void sync_done(struct rreq *r)
{
    *(volatile bool *)r->arg = true;
}

int rio_sync(struct rreq *r)
{
    volatile bool done = false;
    r->done = sync_done;
    r->arg = (void *)&done;
    rio_start(r);
    while (!done)
        start_poll_wait();
    return rio_ok(r) ? 0 : -1;
}
