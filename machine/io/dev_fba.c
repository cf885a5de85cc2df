/* dev_fba.c: a fixed-block-architecture DASD, 3370-style (devices.h).
 *
 * Design note. The disk is an image file of 512-byte blocks, read and
 * written with pread/pwrite, so nothing is buffered on the host and a
 * block the guest wrote is in the file when the write's status comes
 * back. A channel program first defines an extent (origin, first and last
 * block, write-inhibit mask), then locates blocks inside it and reads or
 * writes them; the device confines the program to that extent. This
 * state lives for one chain: begin_chain (called by SIO and IPL) clears
 * it. Every rule is checked before any data moves, so a rejected command
 * writes nothing; its unit check carries 24 bytes of sense: byte 0
 * command reject (or equipment check for a host I/O error), byte 1 the
 * detail, bytes 4-7 the device block number involved.
 *
 * A locate is used up by the one read or write that follows it. A read
 * or write moves the located blocks through the channel one block at a
 * time, so data chaining works and a CCW count short of count x 512
 * moves what the count allows (the channel reports incorrect length
 * unless SLI); a short last block of a write is zero-padded. Read IPL is
 * count-driven: it reads from block 0 until the count runs out.
 * Device time: 20 us per command plus 100 us per block.
 *
 * A read-write image is locked (flock, exclusive) while the device
 * exists, so a second read-write device on it, in this creasy or
 * another, and `creasy disk` (which takes the same lock) are refused
 * instead of overwriting each other. A failed host write is reported on
 * the host once per write (hostfile.h) as well as to the guest.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "access.h"
#include "devices.h"
#include "hostfile.h"

#define BLOCK 512
#define SENSE_LEN 24
#define CMD_TIME (20 * TOD_US)
#define BLOCK_TIME (100 * TOD_US)

/* define extent mask */
#define MASK_INHIBIT_WRITE 0x40
/* locate operations */
#define LOC_WRITE 0x01
#define LOC_READ 0x06
/* sense byte 1 */
#define S1_WRITE_INHIBITED 0x04
#define S1_OUT_OF_EXTENT 0x08
#define S1_NO_EXTENT 0x20
/* read device characteristics (a 3370's geometry) */
#define BLOCKS_PER_GROUP 62
#define BLOCKS_PER_POSITION 744

struct fba {
    int fd;
    char *path;
    u32 blocks;           /* on the device: image size / 512 */
    bool readonly;        /* opened O_RDONLY: every write is inhibited */
    bool write_failed;    /* a host write failed (reported) */
    /* per chain; invariant: locate_op != 0 only if extent */
    bool extent;          /* a define extent was seen in this chain */
    u8 mask;
    u32 origin;           /* device block of relative block 0 */
    u32 first, last;      /* the extent, relative to origin; first <= last */
    u8 locate_op;         /* 0 (none, or used up), LOC_READ or LOC_WRITE */
    u32 locate_block;     /* relative to origin, inside the extent */
    u16 locate_count;
};

static int check(struct device *d, u8 byte0, u8 byte1, u64 block)
{
    dev_set_sense(d, byte0);
    d->sense[1] = byte1;
    put32(d->sense + 4, (u32)block);
    return US_CE | US_DE | US_UC;
}

static int reject(struct device *d) { return check(d, SENSE_CMDREJ, 0, 0); }

static void fba_begin_chain(struct device *d)
{
    struct fba *f = d->priv;
    f->extent = false;
    f->locate_op = 0;
}

/* 63 define extent */
static int define_extent(struct device *d, struct fba *f, struct io *io)
{
    u8 p[16];
    if (io_from_storage(io, p, sizeof p) < sizeof p || f->extent || p[1] || p[2] || p[3] ||
        (p[0] & ~MASK_INHIBIT_WRITE))
        return reject(d);
    u32 origin = be32(p + 4), first = be32(p + 8), last = be32(p + 12);
    if (first > last)
        return reject(d);
    if ((u64)origin + last >= f->blocks)
        return check(d, SENSE_CMDREJ, S1_OUT_OF_EXTENT, (u64)origin + last);
    f->extent = true;
    f->mask = p[0];
    f->origin = origin;
    f->first = first;
    f->last = last;
    return US_CE | US_DE;
}

/* 43 locate */
static int locate(struct device *d, struct fba *f, struct io *io)
{
    u8 p[8];
    if (io_from_storage(io, p, sizeof p) < sizeof p)
        return reject(d);
    if (!f->extent)
        return check(d, SENSE_CMDREJ, S1_NO_EXTENT, 0);
    u8 op = p[0];
    u16 count = be16(p + 2);
    u32 block = be32(p + 4);
    if ((op != LOC_READ && op != LOC_WRITE) || p[1] || count == 0)
        return reject(d);
    u64 end = (u64)block + count - 1;   /* the last block located */
    if (block < f->first || block > f->last)
        return check(d, SENSE_CMDREJ, S1_OUT_OF_EXTENT, (u64)f->origin + block);
    if (end > f->last)
        return check(d, SENSE_CMDREJ, S1_OUT_OF_EXTENT, (u64)f->origin + f->last + 1);
    if (op == LOC_WRITE && (f->readonly || (f->mask & MASK_INHIBIT_WRITE)))
        return check(d, SENSE_CMDREJ, S1_WRITE_INHIBITED, (u64)f->origin + block);
    f->locate_op = op;
    f->locate_block = block;
    f->locate_count = count;
    return US_CE | US_DE;
}

static bool read_block(struct fba *f, u32 block, u8 *buf)
{
    return pread(f->fd, buf, BLOCK, (off_t)block * BLOCK) == BLOCK;
}

/* 42 read, 41 write: the located blocks */
static int transfer(struct device *d, struct fba *f, struct io *io, u8 op)
{
    if (f->locate_op != op)
        return check(d, SENSE_CMDREJ, S1_NO_EXTENT, 0);
    f->locate_op = 0;
    u32 start = f->origin + f->locate_block;
    u8 buf[BLOCK];
    for (u32 i = 0; i < f->locate_count; i++) {
        u32 block = start + i;
        io->delay += BLOCK_TIME;
        if (op == LOC_READ) {
            if (!read_block(f, block, buf))
                return check(d, SENSE_EQUIPCHK, 0, block);
            if (io_to_storage(io, buf, BLOCK) < BLOCK)
                break;
            continue;
        }
        u32 n = io_from_storage(io, buf, BLOCK);
        if (n == 0)
            break;
        memset(buf + n, 0, BLOCK - n);
        ssize_t put = pwrite(f->fd, buf, BLOCK, (off_t)block * BLOCK);
        if (put != BLOCK) {
            if (!f->write_failed)   /* said once; the guest sees every one */
                hostfile_fail(f->path, put < 0 ? errno : ENOSPC);
            f->write_failed = true;
            return check(d, SENSE_EQUIPCHK, 0, block);
        }
        if (n < BLOCK)
            break;
    }
    return US_CE | US_DE;
}

/* 02 read IPL: blocks from 0 on, as far as the CCW count (with data
 * chaining) goes; the count, not the device, decides the length. */
static int read_ipl(struct device *d, struct fba *f, struct io *io)
{
    u8 buf[BLOCK];
    for (u32 block = 0; block < f->blocks; block++) {
        io->delay += BLOCK_TIME;
        if (!read_block(f, block, buf))
            return check(d, SENSE_EQUIPCHK, 0, block);
        if (io_to_storage(io, buf, BLOCK) < BLOCK)
            break;
    }
    io->wanted = io->done;
    return US_CE | US_DE;
}

/* 64 read device characteristics */
static int read_characteristics(struct fba *f, struct io *io)
{
    u8 rdc[32] = {0x30, 0x08, 0x21, 0x01};
    put16(rdc + 4, BLOCK);
    put32(rdc + 6, BLOCKS_PER_GROUP);
    put32(rdc + 10, BLOCKS_PER_POSITION);
    put32(rdc + 14, f->blocks);
    io_to_storage(io, rdc, sizeof rdc);
    return US_CE | US_DE;
}

static int fba_start(struct device *d, struct io *io)
{
    static const u8 id[7] = {0xFF, 0x38, 0x80, 0x01, 0x33, 0x70, 0x00};
    struct fba *f = d->priv;
    io->delay = CMD_TIME;
    switch (io->cmd) {
    case 0x63:
        return define_extent(d, f, io);
    case 0x43:
        return locate(d, f, io);
    case 0x42:
        return transfer(d, f, io, LOC_READ);
    case 0x41:
        return transfer(d, f, io, LOC_WRITE);
    case 0x02:
        return read_ipl(d, f, io);
    case 0x64:
        return read_characteristics(f, io);
    default:
        return dev_basic_command(d, io, id, sizeof id, SENSE_LEN);
    }
}

static void fba_reset(struct device *d) { fba_begin_chain(d); }

static void fba_free(struct device *d)
{
    struct fba *f = d->priv;
    if (f->fd >= 0)
        close(f->fd);
    free(f->path);
    free(f);
}

static const struct dev_ops fba_ops = {
    .type = "FBA",
    .start = fba_start,
    .begin_chain = fba_begin_chain,
    .reset = fba_reset,
    .free = fba_free,
};

/* Make a zeroed image of `blocks` blocks unless `path` exists: 1 made,
 * 0 there already, or -1. */
static int create_image(const char *path, u32 blocks, char *err, size_t errlen)
{
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        if (errno == EEXIST)
            return 0;
        snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
        return -1;
    }
    if (ftruncate(fd, (off_t)blocks * BLOCK) < 0) {
        snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
        close(fd);
        unlink(path);
        return -1;
    }
    close(fd);
    hostfile_batch_created(path);   /* a refused configuration removes it again */
    return 1;
}

struct device *fba_new(u16 addr, const char *path, bool readonly, u32 create_blocks, char *err, size_t errlen)
{
    int made = create_blocks ? create_image(path, create_blocks, err, errlen) : 0;
    if (made < 0)
        return NULL;
    struct device *d = calloc(1, sizeof *d);
    struct fba *f = calloc(1, sizeof *f);
    struct stat st;
    if (f)
        f->fd = -1;
    if (!d || !f || !(f->path = strdup(path))) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    f->fd = open(path, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (f->fd < 0 || fstat(f->fd, &st) < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file", path);
        goto fail;
    }
    /* a read-write image has one writer: another FBA here or in another
     * creasy, or `creasy disk`, would overwrite what this one caches */
    if (!readonly && flock(f->fd, LOCK_EX | LOCK_NB) < 0) {
        if (errno == EWOULDBLOCK)
            snprintf(err, errlen,
                     "%s: in use: attached read-write by another device or a running creasy, or open in a "
                     "creasy disk command",
                     path);
        else
            snprintf(err, errlen, "%s: cannot lock: %s", path, strerror(errno));
        goto fail;
    }
    if (st.st_size == 0 || st.st_size % BLOCK || st.st_size / BLOCK > 0xFFFFFFFFll) {
        snprintf(err, errlen, "%s: size %lld is not a whole number of 512-byte blocks (1 to 2^32)", path,
                 (long long)st.st_size);
        goto fail;
    }
    f->blocks = (u32)(st.st_size / BLOCK);
    f->readonly = readonly;
    d->addr = addr;
    d->ops = &fba_ops;
    d->priv = f;
    return d;
fail:
    if (f) {
        if (f->fd >= 0)
            close(f->fd);
        free(f->path);
    }
    free(f);
    free(d);
    if (made)
        unlink(path);   /* made a moment ago, by this call */
    return NULL;
}

u32 fba_blocks(const struct device *d) { return ((const struct fba *)d->priv)->blocks; }

void fba_describe(const struct device *d, char *buf, size_t len)
{
    const struct fba *f = d->priv;
    snprintf(buf, len, "%s, %u block%s%s", f->path, f->blocks, f->blocks == 1 ? "" : "s",
             f->readonly ? ", read-only" : "");
}
