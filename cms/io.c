/* io.c: running channel programs, S/370 style, and the I/O interruptions
 * that end them.
 *
 * io_run() puts the channel program's address in the CAW, issues SIO and
 * waits, enabled, until the device's interruption says the program ended
 * (channel end and device end together, or an error). The interruption
 * handler only records status per device (attention alone, a line typed
 * at the console while nobody was reading, ends nothing). SIO to a
 * device with an interruption pending stores its status with busy (and
 * clears it): CMS notes it and starts again; a device still working is
 * waited for.
 *
 * Attention from the console (a line typed while nobody reads) is noted
 * for the terminal, and while a program runs it diverts the program to
 * CMS, which reads the line: HX halts the program (loader.c).
 */
#include "cms.h"

#define MAX_IODEV 16

struct iodev {
    u16 addr;
    bool in_use;
    volatile bool busy;        /* a channel program is running: the handler clears it */
    volatile u8 unit, chan;    /* accumulated status of the running program */
    volatile u16 residual;
};

static struct iodev iodevs[MAX_IODEV];

static struct iodev *iodev(u16 addr, bool make)
{
    for (int i = 0; i < MAX_IODEV; i++)
        if (iodevs[i].in_use && iodevs[i].addr == addr)
            return &iodevs[i];
    if (!make)
        return NULL;
    for (int i = 0; i < MAX_IODEV; i++)
        if (!iodevs[i].in_use) {
            iodevs[i].in_use = true;
            iodevs[i].addr = addr;
            return &iodevs[i];
        }
    return NULL;
}

void io_init(void)
{
    memset(iodevs, 0, sizeof iodevs);
}

/* An interruption ends the running program unless it is attention alone. */
static bool ends_program(u8 unit, u8 chan)
{
    return chan || (unit & (US_CE | US_DE | US_UC | US_UX));
}

int io_interrupt(void)
{
    u16 addr = (u16)LOWCORE(u32, LC_IO_ADDR);
    u32 status = LOWCORE(u32, LC_CSW + 4);
    u8 unit = (u8)(status >> 24), chan = (u8)(status >> 16);
    struct iodev *d = iodev(addr, false);
    if (d && d->busy && ends_program(unit, chan)) {
        d->unit |= unit & ~US_ATTN;
        d->chan |= chan;
        d->residual = (u16)status;
        d->busy = false;
    }
    if ((unit & US_ATTN) && term_is(addr)) {   /* someone typed: a line waits */
        term_typed = true;
        return program_attention_noted();
    }
    return 0;
}

static bool io_ok(const struct io_result *r)
{
    return r->cc == 0 && r->chan == 0 && (r->unit & ~(US_CE | US_DE)) == 0;
}

int io_run(u16 dev, const struct ccw *ccws, struct io_result *r)
{
    struct iodev *d = iodev(dev, true);
    memset(r, 0, sizeof *r);
    if (!d) {
        r->cc = 3;
        return -1;
    }
    for (;;) {
        LOWCORE(u32, LC_CAW) = (u32)ccws;   /* key 0: the nucleus's own storage */
        d->unit = d->chan = 0;
        d->busy = true;
        int cc = sio(dev);
        if (cc == 0) {
            while (d->busy)
                enabled_wait();
            r->unit = d->unit;
            r->chan = d->chan;
            r->residual = d->residual;
            return io_ok(r) ? 0 : -1;
        }
        d->busy = false;
        if (cc == 3) {
            r->cc = 3;
            return -1;
        }
        if (cc == 1) {   /* status stored instead of starting */
            u32 status = LOWCORE(u32, LC_CSW + 4);
            u8 unit = (u8)(status >> 24);
            if (unit & US_BUSY) {   /* it had an interruption pending: that status, now cleared */
                if ((unit & US_ATTN) && term_is(dev)) {   /* someone typed: noted as the interruption would */
                    term_typed = true;
                    program_attention_deferred();
                }
                continue;           /* and start again */
            }
            r->unit = unit;
            r->chan = (u8)(status >> 16);
            r->residual = (u16)status;
            return io_ok(r) ? 0 : -1;
        }
        enabled_wait();   /* cc 2, the device is working: let its interruption come, then try again */
    }
}

int io_sense(u16 dev, u8 *sense, u32 n)
{
    struct ccw c = {0x04, CCW_SLI, (u16)n, (u32)sense};
    struct io_result r;
    memset(sense, 0, n);
    io_run(dev, &c, &r);
    return r.cc ? -1 : (int)(n - r.residual);
}
