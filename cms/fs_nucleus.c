/* fs_nucleus.c: the CMS file system's nucleus area and the IPL record
 * that loads it (the layout is in fs.h): what makes a CMS or CP system
 * disk IPLable.
 *
 * Design note. The IPL record is a channel program for the FBA device's
 * Read IPL (machine/io/devices.h): it reads block 0 again to a fixed
 * place, then defines an extent over the whole disk with writes
 * inhibited, locates the nucleus's blocks and reads them with
 * data-chained Reads of at most CCW_READ_MAX bytes, so a nucleus of up to
 * FS_MAX_NUCLEUS_CCWS such pieces loads in one channel program.
 * fs_set_nucleus orders its writes so that a failure leaves the disk not
 * IPLable rather than IPLing half a nucleus.
 */
#include "fs_internal.h"

#define CCW_READ_MAX 0x8000u       /* bytes per nucleus Read CCW */

/* channel commands and flags of the IPL record */
enum {
    CCW_READ_IPL = 0x02, CCW_TIC = 0x08, CCW_DEFINE_EXTENT = 0x63, CCW_LOCATE = 0x43, CCW_READ = 0x42,
    CCW_FLAG_CD = 0x80, CCW_FLAG_CC = 0x40, DX_INHIBIT_WRITES = 0x40, LOCATE_READ = 0x06
};

static void ccw(uint8_t *p, uint8_t cmd, uint8_t flags, uint32_t count, uint32_t addr)
{
    p[0] = cmd;
    p[1] = flags;
    codec_put16(p + 2, count);
    codec_put32(p + 4, addr);
}

/* The IPL record of fs.h for a nucleus of `blocks` blocks. */
static void ipl_record(uint8_t *b, const struct fs_label *l, uint32_t blocks, uint32_t load, uint32_t entry)
{
    memset(b, 0, FS_BLKSIZE);
    codec_put32(b, 0x00080000u);
    codec_put32(b + 4, 0x80000000u | entry);
    ccw(b + 8, CCW_READ_IPL, CCW_FLAG_CC, FS_BLKSIZE, FS_BOOT_ADDR);
    ccw(b + 16, CCW_TIC, 0, 0, FS_BOOT_ADDR + 32);
    ccw(b + 32, CCW_DEFINE_EXTENT, CCW_FLAG_CC, 16, FS_BOOT_ADDR + 0x100);
    ccw(b + 40, CCW_LOCATE, CCW_FLAG_CC, 8, FS_BOOT_ADDR + 0x110);
    uint8_t *p = b + 48;
    for (uint32_t left = blocks * FS_BLKSIZE, addr = load; left; p += 8) {
        uint32_t n = left < CCW_READ_MAX ? left : CCW_READ_MAX;
        left -= n;
        ccw(p, CCW_READ, left ? CCW_FLAG_CD : 0, n, addr);
        addr += n;
    }
    b[0x100] = DX_INHIBIT_WRITES;   /* +4 origin 0, +8 first block 0 */
    codec_put32(b + 0x10C, l->nblocks - 1);
    b[0x110] = LOCATE_READ;
    codec_put16(b + 0x112, blocks);
    codec_put32(b + 0x114, l->nucleus_start);
}

static bool overlaps(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen) { return a < b + blen && b < a + alen; }

/* Order: block 0 is cleared (the disk is not IPLable while the area is
 * rewritten), the nucleus is written, then the IPL record (the commit),
 * then the label's description of it. */
int fs_set_nucleus(struct fs_disk *d, const void *image, uint32_t len, uint32_t load, uint32_t entry)
{
    uint8_t b[FS_BLKSIZE];
    const uint8_t *src = image;
    int rc;
    if (!d->mounted)
        return FS_ENOTMOUNTED;
    if (d->readonly)
        return FS_ERDONLY;
    if (len == 0)
        return FS_EINVAL;
    if (len > d->label.nucleus_blocks * FS_BLKSIZE)
        return FS_ETOOBIG;
    uint32_t blocks = (len + FS_BLKSIZE - 1) / FS_BLKSIZE, bytes = blocks * FS_BLKSIZE;
    if ((bytes + CCW_READ_MAX - 1) / CCW_READ_MAX > FS_MAX_NUCLEUS_CCWS)
        return FS_ETOOBIG;
    /* It must fit in 31 bits, and spare the IPL PSW and the running chain. */
    if (load > 0x7FFFFFFFu || bytes > 0x80000000u - load || overlaps(load, bytes, 0, 8) ||
        overlaps(load, bytes, FS_BOOT_ADDR, FS_BLKSIZE) || (entry & 1) || entry < load || entry - load >= len)
        return FS_EINVAL;

    memset(b, 0, sizeof b);
    if ((rc = fs_blk_write(d, FS_IPL_BLOCK, b)))
        return rc;
    for (uint32_t i = 0; i < blocks; i++) {
        uint32_t off = i * FS_BLKSIZE, n = len - off < FS_BLKSIZE ? len - off : FS_BLKSIZE;
        memset(b, 0, sizeof b);
        memcpy(b, src + off, n);
        if ((rc = fs_blk_write(d, d->label.nucleus_start + i, b)))
            return rc;
    }
    ipl_record(b, &d->label, blocks, load, entry);
    if ((rc = fs_blk_write(d, FS_IPL_BLOCK, b)))
        return rc;
    struct fs_label l = d->label;
    l.nucleus_load = load;
    l.nucleus_bytes = len;
    l.nucleus_entry = entry;
    if ((rc = fs_label_write(d, &l)))
        return rc;
    d->label = l;
    return FS_OK;
}
