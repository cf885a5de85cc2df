/* channel.c: S/370 channel I/O: SIO, TIO, HIO, TCH, the CAW and CSW,
 * format-1 CCWs with command and data chaining, SLI, SKIP and TIC, and
 * I/O interruptions.
 *
 * Design note. Every device is its own subchannel. SIO checks the CAW and
 * the first CCW at once (errors: condition code 1 with the CSW stored),
 * then the channel program runs as a chain of events in virtual time: each
 * command executes when its predecessor's device time has passed, and the
 * final status becomes a pending interruption when the last command's time
 * has passed. A device that has no data yet (a console read) answers
 * DEV_WAIT and the program waits until chan_resume(). Data moves through
 * io_to_storage()/io_from_storage(), which follow data chaining and check
 * addressing and the CAW key against storage keys, so a bad channel
 * program gets a program or protection check in its CSW, never a host
 * fault.
 *
 * Architecture choices (see docs/architecture.md): channel programs
 * (CAW, TIC targets) must lie below 16 MB because the CSW holds a 24-bit
 * CCW address; data areas may be anywhere in 31-bit storage. IDA and
 * suspend are not provided (program check). SIO to a device with an
 * interruption pending stores that status (condition code 1) and clears it.
 */
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "channel.h"

#define CCW_TIC(cmd) (((cmd) & 0x0F) == 0x08)
#define CHANNEL_START_DELAY (2 * TOD_US)

static struct device *dev_of_event(struct event *e)
{
    return (struct device *)((char *)e - offsetof(struct device, ev));
}

static struct channel *chan(struct machine *m)
{
    if (!m->chan) {
        m->chan = calloc(1, sizeof *m->chan);
        if (!m->chan)
            abort();
    }
    return m->chan;
}

void chan_attach(struct machine *m, struct device *d)
{
    struct channel *ch = chan(m);
    d->state = DEV_IDLE;
    d->next = ch->devs;
    ch->devs = d;
}

struct device *chan_find(struct machine *m, u16 addr)
{
    if (!m->chan)
        return NULL;
    for (struct device *d = m->chan->devs; d; d = d->next)
        if (d->addr == addr)
            return d;
    return NULL;
}

void chan_free(struct machine *m)
{
    struct device *d = m->chan->devs;
    while (d) {
        struct device *n = d->next;
        sched_cancel(m, &d->ev);
        if (d->ops->free)
            d->ops->free(d);
        free(d);
        d = n;
    }
    free(m->chan);
    m->chan = NULL;
    m->term_open_line = NULL;
}

void dev_set_sense(struct device *d, u8 byte0)
{
    memset(d->sense, 0, sizeof d->sense);
    d->sense[0] = byte0;
}

int dev_basic_command(struct device *d, struct io *io, const u8 *id, u32 id_len, u32 sense_len)
{
    switch (io->cmd) {
    case 0x03:   /* no-op */
        return US_CE | US_DE;
    case 0x04:   /* sense: the bytes, then they are cleared */
        io_to_storage(io, d->sense, sense_len);
        dev_set_sense(d, 0);
        return US_CE | US_DE;
    case 0xE4:   /* sense ID */
        io_to_storage(io, id, id_len);
        return US_CE | US_DE;
    default:
        dev_set_sense(d, SENSE_CMDREJ);
        return US_CE | US_DE | US_UC;
    }
}

/* ---- the CSW and pending interruptions -------------------------------------- */

static void store_csw(struct machine *m, struct device *d)
{
    u8 csw[8];
    put32(csw, (u32)d->key << 28 | (d->csw_ccw & 0x00FFFFFF));
    csw[4] = d->unit_status;
    csw[5] = d->chan_status;
    put16(csw + 6, d->residual);
    stor_write(m, LC_CSW, csw, 8);
}

static void pending_remove(struct channel *ch, struct device *d)
{
    for (struct device **p = &ch->pending_head; *p; p = &(*p)->next_pending)
        if (*p == d) {
            *p = d->next_pending;
            break;
        }
    d->next_pending = NULL;
}

static void make_pending(struct machine *m, struct device *d)
{
    struct device **p = &chan(m)->pending_head;
    while (*p)
        p = &(*p)->next_pending;
    *p = d;
    d->next_pending = NULL;
    d->state = DEV_PENDING;
}

/* Is an interruption pending that `cr2`'s channel masks allow? */
bool chan_interrupt_pending(const struct machine *m, u32 cr2)
{
    for (const struct device *d = m->chan ? m->chan->pending_head : NULL; d; d = d->next_pending)
        if ((d->addr >> 8) <= 31 && (cr2 & (0x80000000u >> (d->addr >> 8))))
            return true;
    return false;
}

bool chan_take_interrupt(struct machine *m, u32 cr2, u16 *addr)
{
    struct channel *ch = m->chan;
    for (struct device *d = ch->pending_head; d; d = d->next_pending) {
        u32 channel = d->addr >> 8;
        if (channel > 31 || !(cr2 & (0x80000000u >> channel)))
            continue;
        store_csw(m, d);
        pending_remove(ch, d);
        d->state = DEV_IDLE;
        *addr = d->addr;
        return true;
    }
    return false;
}

/* ---- CCWs ------------------------------------------------------------------------- */

struct ccw {
    u8 cmd, flags;
    u16 count;
    u32 data;
};

/* Fetch the CCW at `addr` (channel programs live below 16 MB). */
static bool fetch_ccw(struct machine *m, struct device *d, u32 addr, struct ccw *c)
{
    if ((addr & 7) || addr > 0x00FFFFF8 || !stor_valid(m, addr, 8)) {
        d->chan_status |= CS_PROGCHK;
        return false;
    }
    u8 k = m->keys[addr >> PAGE_SHIFT];
    if (d->key && (k & SKEY_F) && (k >> 4) != d->key) {
        d->chan_status |= CS_PROTCHK;
        return false;
    }
    u8 b[8];
    stor_read(m, addr, b, 8);
    c->cmd = b[0];
    c->flags = b[1];
    c->count = be16(b + 2);
    c->data = be32(b + 4);
    return true;
}

/* Fetch the CCW at *addr following at most one TIC. `first` forbids a
 * TIC as the first CCW of the program. */
static bool next_ccw(struct machine *m, struct device *d, u32 *addr, struct ccw *c, bool first, bool data_chain)
{
    if (!fetch_ccw(m, d, *addr, c))
        return false;
    if (CCW_TIC(c->cmd)) {
        if (first || (c->data & 7) || (c->data & 0x80000000u)) {
            d->chan_status |= CS_PROGCHK;
            return false;
        }
        *addr = c->data;
        if (!fetch_ccw(m, d, *addr, c))
            return false;
        if (CCW_TIC(c->cmd)) {   /* TIC to TIC */
            d->chan_status |= CS_PROGCHK;
            return false;
        }
    }
    d->csw_ccw = *addr + 8;
    if ((c->flags & (CCW_IDA | CCW_SUSPEND | 0x01)) || (c->data & 0x80000000u) || c->count == 0 ||
        (!data_chain && (c->cmd & 0x0F) == 0)) {
        d->chan_status |= CS_PROGCHK;
        return false;
    }
    return true;
}

/* ---- data transfer --------------------------------------------------------------- */

/* Make room in the current CCW's data area, following data chaining. */
static bool io_room(struct io *io)
{
    if (io->left)
        return true;
    if (!(io->flags & CCW_CD) || io->chan_status)
        return false;
    struct ccw c;
    u32 addr = io->ccw_addr + 8;
    if (!next_ccw(io->m, io->dev, &addr, &c, false, true)) {
        io->chan_status = io->dev->chan_status;
        return false;
    }
    io->ccw_addr = addr;
    io->data = c.data;
    io->left = c.count;
    io->flags = c.flags;
    return true;
}

/* Check `n` bytes at `data` for the channel's access: addressing and the
 * CAW key against storage keys. */
static bool io_check(struct io *io, u32 data, u32 n, bool store)
{
    struct machine *m = io->m;
    if (!stor_valid(m, data, n)) {
        io->chan_status |= CS_PROGCHK;
        return false;
    }
    if (!io->key)
        return true;
    for (u32 f = data >> PAGE_SHIFT; f <= (data + n - 1) >> PAGE_SHIFT; f++) {
        u8 k = m->keys[f];
        if ((k >> 4) != io->key && (store || (k & SKEY_F))) {
            io->chan_status |= CS_PROTCHK;
            return false;
        }
    }
    return true;
}

static u32 io_move(struct io *io, u8 *buf, u32 n, bool to_storage)
{
    u32 moved = 0;
    while (moved < n && io_room(io)) {
        u32 chunk = n - moved < io->left ? n - moved : io->left;
        if (!(to_storage && (io->flags & CCW_SKIP))) {
            if (!io_check(io, io->data, chunk, to_storage))
                break;
            if (to_storage)
                stor_write(io->m, io->data, buf + moved, chunk);
            else
                stor_read(io->m, io->data, buf + moved, chunk);
        }
        io->data += chunk;
        io->left -= chunk;
        moved += chunk;
    }
    io->done += moved;
    return moved;
}

u32 io_to_storage(struct io *io, const void *src, u32 n)
{
    io->wanted += n;
    return io_move(io, (u8 *)src, n, true);
}

u32 io_from_storage(struct io *io, void *dst, u32 n)
{
    io->wanted += n;
    return io_move(io, dst, n, false);
}

/* For devices that take any amount (a typewriter line): up to `n` bytes,
 * and wanting fewer than the channel program offers is no error. */
u32 io_take(struct io *io, void *dst, u32 n)
{
    u32 got = io_move(io, dst, n, false);
    io->wanted += got;
    return got;
}

/* ---- running channel programs ------------------------------------------------------- */

static void chan_step(struct machine *m, struct event *e);

static void complete(struct machine *m, struct event *e)
{
    make_pending(m, dev_of_event(e));
}

/* End the program: status is presented when the device time has passed. */
static void finish(struct machine *m, struct device *d, u64 delay)
{
    d->unit_status |= US_CE | US_DE;
    d->state = DEV_WORKING;
    d->ev.fire = complete;
    sched_after(m, &d->ev, delay);
}

/* Set up `io` for the CCW at d->ccw_addr and start it. */
static void start_command(struct machine *m, struct device *d, const struct ccw *c)
{
    struct io *io = &d->io;
    memset(io, 0, sizeof *io);
    io->m = m;
    io->dev = d;
    io->cmd = c->cmd;
    io->count = c->count;
    io->ccw_addr = d->ccw_addr;
    io->data = c->data;
    io->left = c->count;
    io->flags = c->flags;
    io->key = d->key;
}

/* The command in d->io has returned `rc`: account for it and go on. */
static void command_done(struct machine *m, struct device *d, int rc)
{
    struct io *io = &d->io;
    u8 us = (u8)rc;
    d->unit_status = us & ~(US_CE | US_DE);
    d->chan_status |= io->chan_status;
    d->residual = io->left;
    /* incorrect length, unless suppressed (SLI), the unit ended it, or the
     * command is sense, or a control command (low bits 11) that moved no
     * data (an immediate command: its count is not a length) */
    bool immediate = (io->cmd & 0x03) == 0x03 && !io->wanted && !io->done;
    if (!(io->flags & CCW_SLI) && !(us & (US_UC | US_UX)) && !io->chan_status &&
        (io->left || io->wanted > io->done) && !immediate && (io->cmd & 0x0F) != 0x04)
        d->chan_status |= CS_IL;
    d->ccw_addr = io->ccw_addr;
    u64 delay = io->delay ? io->delay : TOD_US;
    bool chain = (io->flags & CCW_CC) && !(us & (US_UC | US_UX)) && !d->chan_status;
    if (!chain) {
        finish(m, d, delay);
        return;
    }
    d->ccw_addr += (us & US_SM) ? 16 : 8;   /* status modifier skips a CCW */
    d->ev.fire = chan_step;
    sched_after(m, &d->ev, delay);
}

static void run_command(struct machine *m, struct device *d)
{
    int rc = d->ops->start(d, &d->io);
    if (rc == DEV_WAIT) {
        d->state = DEV_WAITING;
        return;
    }
    command_done(m, d, rc);
}

static void chan_step(struct machine *m, struct event *e)
{
    struct device *d = dev_of_event(e);
    struct ccw c;
    if (!next_ccw(m, d, &d->ccw_addr, &c, false, false)) {
        finish(m, d, TOD_US);
        return;
    }
    start_command(m, d, &c);
    run_command(m, d);
}

/* An idle device presents status of its own (unsolicited): attention
 * (someone typed), or device end (a unit made ready, a reader loaded). */
void chan_unsolicited(struct machine *m, struct device *d, u8 unit)
{
    if (d->state != DEV_IDLE)
        return;
    d->unit_status = unit;
    d->chan_status = 0;
    d->residual = 0;
    d->csw_ccw = 0;
    d->key = 0;
    make_pending(m, d);
}

void chan_attention(struct machine *m, struct device *d) { chan_unsolicited(m, d, US_ATTN); }

void chan_resume(struct machine *m, struct device *d)
{
    if (d->state == DEV_WAITING) {
        d->state = DEV_WORKING;
        run_command(m, d);
    }
}

/* ---- the instructions ------------------------------------------------------------------ */

int chan_sio(struct machine *m, u16 addr)
{
    struct device *d = chan_find(m, addr);
    if (!d)
        return 3;
    if (d->state == DEV_WORKING || d->state == DEV_WAITING)
        return 2;
    if (d->state == DEV_PENDING) {   /* busy, with the pending status, which is cleared */
        d->unit_status |= US_BUSY;
        store_csw(m, d);
        pending_remove(m->chan, d);
        d->state = DEV_IDLE;
        return 1;
    }
    u32 caw = stor_read32(m, LC_CAW);
    d->key = caw >> 28;
    d->unit_status = d->chan_status = 0;
    d->residual = 0;
    d->csw_ccw = 0;
    d->ccw_addr = caw & 0x00FFFFFF;
    struct ccw c;
    if ((caw & 0x0F000000) || !next_ccw(m, d, &d->ccw_addr, &c, true, false)) {
        d->chan_status |= CS_PROGCHK * !d->chan_status;
        store_csw(m, d);
        return 1;
    }
    if (d->ops->begin_chain)
        d->ops->begin_chain(d);
    d->state = DEV_WORKING;
    d->ev.fire = chan_step;
    sched_after(m, &d->ev, CHANNEL_START_DELAY);
    return 0;
}

int chan_tio(struct machine *m, u16 addr)
{
    struct device *d = chan_find(m, addr);
    if (!d)
        return 3;
    switch (d->state) {
    case DEV_WORKING:
    case DEV_WAITING:
        return 2;
    case DEV_PENDING:
        store_csw(m, d);
        pending_remove(m->chan, d);
        d->state = DEV_IDLE;
        return 1;
    case DEV_IDLE:
        break;
    }
    return 0;
}

/* HIO: a running program is ended now, its status stored (cc 1) and no
 * interruption follows. An idle device stores zero status (cc 1). */
int chan_hio(struct machine *m, u16 addr)
{
    struct device *d = chan_find(m, addr);
    if (!d)
        return 3;
    if (d->state == DEV_PENDING)
        return 0;
    if (d->state == DEV_WORKING || d->state == DEV_WAITING) {
        sched_cancel(m, &d->ev);
        if (d->state == DEV_WAITING)   /* halted in its command: the CSW's count is what it has left */
            d->residual = (u16)d->io.left;
        d->unit_status |= US_CE | US_DE;
        store_csw(m, d);
        d->state = DEV_IDLE;
        return 1;
    }
    d->unit_status = d->chan_status = 0;
    d->residual = 0;
    store_csw(m, d);
    return 1;
}

int chan_tch(struct machine *m, u16 addr)
{
    u32 channel = addr >> 8;
    bool exists = false, pending = false;
    if (!m->chan)
        return 3;
    for (struct device *d = m->chan->devs; d; d = d->next)
        if ((u32)(d->addr >> 8) == channel) {
            exists = true;
            pending |= d->state == DEV_PENDING;
        }
    if (!exists)
        return 3;
    return pending ? 1 : 0;
}

void chan_reset(struct machine *m)
{
    if (!m->chan)
        return;
    for (struct device *d = m->chan->devs; d; d = d->next) {
        sched_cancel(m, &d->ev);
        d->state = DEV_IDLE;
        d->next_pending = NULL;
        if (d->ops->reset)
            d->ops->reset(d);
    }
    m->chan->pending_head = NULL;
}

/* IPL: read 24 bytes into location 0 with an implied CCW (Read IPL,
 * command-chained, SLI), run the chain from location 8, then load the
 * PSW from location 0. The device address goes to 0xBA-0xBB. */
int chan_ipl(struct machine *m, u16 addr, char *err, size_t errlen)
{
    struct device *d = chan_find(m, addr);
    if (!d) {
        snprintf(err, errlen, "no device at %03X", addr);
        return -1;
    }
    chan_reset(m);
    machine_reset(m);
    struct ccw implied = {0x02, CCW_CC | CCW_SLI, 24, 0};
    d->key = 0;
    d->unit_status = d->chan_status = 0;
    d->ccw_addr = 0;   /* the implied CCW chains to location 8 */
    if (d->ops->begin_chain)
        d->ops->begin_chain(d);
    d->state = DEV_WORKING;
    start_command(m, d, &implied);
    d->io.ccw_addr = 0;
    run_command(m, d);
    while (d->state == DEV_WORKING && clock_advance_to_event(m))
        sched_run_due(m);
    if (d->state != DEV_PENDING) {
        snprintf(err, errlen, "IPL from %03X did not complete (device waiting for input)", addr);
        chan_reset(m);
        return -1;
    }
    pending_remove(m->chan, d);
    d->state = DEV_IDLE;
    if (d->chan_status || (d->unit_status & ~(US_CE | US_DE | US_SM))) {
        snprintf(err, errlen, "IPL from %03X failed: unit status %02X, channel status %02X", addr,
                 d->unit_status, d->chan_status);
        return -1;
    }
    stor_write32(m, LC_IO_ADDR, addr);
    if (cpu_load_psw(&m->cpu, be64(m->mem)) != 0) {
        snprintf(err, errlen, "IPL from %03X: the IPL PSW %016llX is invalid", addr,
                 (unsigned long long)be64(m->mem));
        return -1;
    }
    return 0;
}
