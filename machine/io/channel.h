/* channel.h: S/370 channel I/O and the device interface.
 *
 * How to add a device: write machine/io/dev_<type>.c with a `struct dev_ops`
 * (start one command, optionally reset and free), a constructor that
 * fills a `struct device` and calls chan_attach(), and its unit tests.
 * A device sees one command at a time through `struct io`: it moves data
 * with io_from_storage()/io_to_storage() (the channel does addressing,
 * protection, data chaining, SKIP and residual counts) and returns its
 * unit status. It never touches the CPU; its completion is scheduled in
 * virtual time by the channel, and it raises nothing but its status.
 */
#ifndef CREASY_CHANNEL_H
#define CREASY_CHANNEL_H

#include "machine.h"
#include "sched.h"

/* CCW flags (format 1: byte 1) */
#define CCW_CD 0x80
#define CCW_CC 0x40
#define CCW_SLI 0x20
#define CCW_SKIP 0x10
#define CCW_PCI 0x08
#define CCW_IDA 0x04
#define CCW_SUSPEND 0x02

/* unit status (CSW byte 4) */
#define US_ATTN 0x80
#define US_SM 0x40
#define US_CUE 0x20
#define US_BUSY 0x10
#define US_CE 0x08
#define US_DE 0x04
#define US_UC 0x02
#define US_UX 0x01

/* channel status (CSW byte 5) */
#define CS_PCI 0x80
#define CS_IL 0x40
#define CS_PROGCHK 0x20
#define CS_PROTCHK 0x10
#define CS_CDC 0x08
#define CS_CCC 0x04
#define CS_ICC 0x02
#define CS_CHAINCHK 0x01

/* sense byte 0 */
#define SENSE_CMDREJ 0x80
#define SENSE_INTREQ 0x40
#define SENSE_BUSOUT 0x20
#define SENSE_EQUIPCHK 0x10
#define SENSE_DATACHK 0x08
#define SENSE_OVERRUN 0x04

/* A device's answer to a command, besides unit status bits: */
#define DEV_WAIT 0x100   /* no data yet (console read): the channel waits */

struct device;

/* One command's data area, as the device sees it. */
struct io {
    struct machine *m;
    struct device *dev;
    u8 cmd;
    u32 count;            /* bytes the CCW (with data chaining: CCWs) allow */
    u32 done;             /* bytes moved so far */
    u32 wanted;           /* bytes the device offered or asked for */
    u64 delay;            /* device time the command takes (TOD units) */
    /* private to the channel */
    u32 ccw_addr, data, left;
    u8 flags, key;
    u8 chan_status;
};

struct dev_ops {
    const char *type;                          /* "3215" */
    int (*start)(struct device *d, struct io *io);   /* unit status, or DEV_WAIT */
    /* optional: a new channel program begins (SIO, IPL), so state that
     * lives for one chain (FBA: define extent, locate) starts afresh */
    void (*begin_chain)(struct device *d);
    void (*reset)(struct device *d);
    void (*free)(struct device *d);
};

enum dev_state { DEV_IDLE, DEV_WORKING, DEV_WAITING, DEV_PENDING };

struct device {
    u16 addr;                 /* channel and unit: 0x009 */
    const struct dev_ops *ops;
    void *priv;
    /* channel state; invariant: state says which of these are meaningful */
    enum dev_state state;
    struct io io;             /* current command (WORKING, WAITING) */
    u32 ccw_addr;             /* next CCW */
    u8 key;                   /* CAW key of the running program */
    u8 unit_status;           /* accumulated for the CSW */
    u8 chan_status;
    u16 residual;
    u32 csw_ccw;              /* CCW address for the CSW: last used + 8 */
    struct event ev;
    u8 sense[32];
    u32 sense_len;
    struct device *next;
    struct device *next_pending;  /* in the channel's FIFO of pending interruptions */
};

struct channel {
    struct device *devs;
    struct device *pending_head;   /* FIFO of devices with pending interruptions */
};

/* channel.c */
void chan_attach(struct machine *m, struct device *d);
struct device *chan_find(struct machine *m, u16 addr);
void chan_free(struct machine *m);
int chan_sio(struct machine *m, u16 addr);
int chan_tio(struct machine *m, u16 addr);
int chan_hio(struct machine *m, u16 addr);
int chan_tch(struct machine *m, u16 addr);
bool chan_take_interrupt(struct machine *m, u32 cr2, u16 *addr);
bool chan_interrupt_pending(const struct machine *m, u32 cr2);
void chan_resume(struct machine *m, struct device *d);   /* a waiting device has data */
void chan_attention(struct machine *m, struct device *d); /* unsolicited: attention */
void chan_unsolicited(struct machine *m, struct device *d, u8 unit);   /* ... or other status (DE) */
int chan_ipl(struct machine *m, u16 addr, char *err, size_t errlen);
void chan_reset(struct machine *m);

u32 io_from_storage(struct io *io, void *dst, u32 n);      /* write commands: exactly n wanted */
u32 io_take(struct io *io, void *dst, u32 n);              /* write commands: whatever is there, up to n */
u32 io_to_storage(struct io *io, const void *src, u32 n);  /* read commands */
void dev_set_sense(struct device *d, u8 byte0);
/* What every device does alike: 03 no-op, 04 sense (`sense_len` bytes),
 * E4 sense ID (`id`); any other command is rejected (unit check, sense
 * byte 0 command reject). A device's start op ends its switch with it. */
int dev_basic_command(struct device *d, struct io *io, const u8 *id, u32 id_len, u32 sense_len);

/* EBCDIC (IBM-1047) <-> ASCII, for devices that face the host */
extern const u8 ebcdic_to_ascii[256];
extern const u8 ascii_to_ebcdic[256];

#endif
