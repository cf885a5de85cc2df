/* fs_nucleus.c: the CMS file system's nucleus area and the IPL record
 * that loads it (the layout is in fs.h): what makes a CMS or CP system
 * disk IPLable.
 *
 * Design note. The IPL record is what real IPL records were: a channel
 * program for the FBA device's Read IPL (machine/io/devices.h) that reads
 * block 0 again to FS_BOOT_ADDR, and a small first-stage loader there,
 * which the IPL PSW enters. The loader first fetches the last byte of
 * storage the nucleus needs (fs_ipl_needs): if that is an addressing
 * exception, the machine is too small, so it writes the nucleus's own
 * message on its console and loads the nucleus's disabled wait, instead
 * of a channel program check part way through the nucleus (a 64K
 * machine, where CMS loads at X'10000'). Otherwise it runs the nucleus's
 * channel program (a define extent over the whole disk, writes
 * inhibited, a locate, data-chained Reads of at most CCW_READ_MAX bytes)
 * on the IPL device, waits for its device end, and loads the entry PSW
 * with the registers as the IPL left them (CP puts an IPL PARM there).
 * So it runs the same on the bare machine and in a virtual machine: only
 * SIO, an enabled wait and an I/O interruption, nothing CP does not
 * simulate. The loader is machine code, kept here as bytes beside its
 * assembler listing (fs.h: every byte this file writes is a number);
 * everything it reads is at a fixed offset of the record.
 *
 * fs_set_nucleus orders its writes so that a failure leaves the disk not
 * IPLable rather than IPLing half a nucleus.
 */
#include "fs_internal.h"

#define CCW_READ_MAX 0x8000u       /* bytes per nucleus Read CCW */

/* channel commands and flags of the IPL record */
enum {
    CCW_READ_IPL = 0x02, CCW_DEFINE_EXTENT = 0x63, CCW_LOCATE = 0x43, CCW_READ = 0x42, CCW_WRITE_CR = 0x09,
    CCW_FLAG_CD = 0x80, CCW_FLAG_CC = 0x40, CCW_FLAG_SLI = 0x20, DX_INHIBIT_WRITES = 0x40, LOCATE_READ = 0x06
};

/* Offsets in the record (and at FS_BOOT_ADDR) that the loader's code names. */
enum {
    IR_ENTRY_PSW = 0x10, IR_SMALL_PSW = 0x18, IR_MSG_CCW = 0x20, IR_PROBE = 0x28, IR_CONSOLE = 0x2C,
    IR_DX = 0x30, IR_LOCATE = 0x40, IR_PGM_NEW = 0x48, IR_IO_NEW = 0x50, IR_IO_WAIT = 0x58, IR_ERR_PSW = 0x60,
    IR_SAVE = 0x68 /* r14-r2, 20 bytes; then low core 0x68-0x7F, 24 */, IR_CODE = 0x94,
    IR_SMALL = 0xE6, IR_IODONE = 0x10E, IR_CODE_END = 0x12E, IR_CHAIN = 0x130, IR_READS = IR_CHAIN + 16,
    IR_TEXT = FS_BLKSIZE - FS_IPL_TEXT_MAX
};
_Static_assert(IR_READS + 8 * FS_MAX_NUCLEUS_CCWS == IR_TEXT, "the Read CCWs fill the record up to the text");
_Static_assert(FS_BOOT_ADDR == 0xFE00, "the loader's code is assembled at X'FE00'");

/* The loader, assembled at FS_BOOT_ADDR + IR_CODE with R15 the record's
 * base (s390x-linux-gnu-as -m31; the I/O mask is PSW bit 6, CR2 leaves
 * every channel enabled after reset):
 *
 *  094 50F00000      ST    15,0             the IPL PSW is spent: R15 there
 *  098 0DF0          BASR  15,0
 *  09A A7FAFF66      AHI   15,-154          R15: the record (X'FE00')
 *  09E 90E2F068      STM   14,2,SAVE(15)    the registers as IPL left them
 *  0A2 D203F06C0000  MVC   SAVE+4(4,15),0   R15 as it was
 *  0A8 D217F07C0068  MVC   SAVE+20(24,15),X'68'  the program, MCK, I/O new PSWs
 *  0AE D2070068F048  MVC   X'68'(8),PGMNEW(15)   a program check: too small
 *  0B4 5810F028      L     1,PROBE(15)
 *  0B8 43101000      IC    1,0(1)           the last byte the nucleus needs
 *  0BC D2070068F07C  MVC   X'68'(8),SAVE+20(15)
 *  0C2 4110F130      LA    1,CHAIN(15)      the nucleus's channel program
 *  0C6 582000B8      L     2,X'B8'          on the IPL device
 *  0CA 4DE0F0FA      BAS   14,DOIO(15)
 *  0CE 4770F0F6      BNZ   IOERR(15)
 *  0D2 D2170068F07C  MVC   X'68'(24),SAVE+20(15) the new PSWs as they were
 *  0D8 D2070000F010  MVC   0(8),ENTRY(15)
 *  0DE 98E2F068      LM    14,2,SAVE(15)
 *  0E2 82000000      LPSW  0                the nucleus
 *  0E6 4110F020  SMALL LA  1,MSGCCW(15)     its message
 *  0EA 5820F02C      L     2,CONSOLE(15)    on its console
 *  0EE 4DE0F0FA      BAS   14,DOIO(15)
 *  0F2 8200F018      LPSW  SMALLPSW(15)     and its disabled wait
 *  0F6 8200F060  IOERR LPSW ERRPSW(15)      wait X'F0002': the read failed
 *  0FA 50100048  DOIO ST   1,X'48'          CAW; then SIO R2 to device end:
 *  0FE D2070078F050  MVC   X'78'(8),IONEW(15)  cc 0, else not 0 (no start,
 *  104 9C002000      SIO   0(2)             or a status but CE, DE)
 *  108 077E          BNZR  14
 *  10A 8200F058  WAIT LPSW IOWAIT(15)       enabled for I/O only
 *  10E 592000B8 IODONE C   2,X'B8'
 *  112 4770F10A      BNE   WAIT(15)         another device's
 *  116 95000045      CLI   X'45',0          channel status
 *  11A 077E          BNZR  14
 *  11C 91F30044      TM    X'44',X'F3'      unit status but CE, DE
 *  120 077E          BNZR  14
 *  122 91040044      TM    X'44',X'04'
 *  126 4780F10A      BZ    WAIT(15)         no device end yet
 *  12A 1922          CR    2,2              cc 0
 *  12C 07FE          BR    14
 */
static const uint8_t loader_code[IR_CODE_END - IR_CODE] = {
    0x50, 0xF0, 0x00, 0x00, 0x0D, 0xF0, 0xA7, 0xFA, 0xFF, 0x66, 0x90, 0xE2, 0xF0, 0x68, 0xD2, 0x03, 0xF0, 0x6C,
    0x00, 0x00, 0xD2, 0x17, 0xF0, 0x7C, 0x00, 0x68, 0xD2, 0x07, 0x00, 0x68, 0xF0, 0x48, 0x58, 0x10, 0xF0, 0x28,
    0x43, 0x10, 0x10, 0x00, 0xD2, 0x07, 0x00, 0x68, 0xF0, 0x7C, 0x41, 0x10, 0xF1, 0x30, 0x58, 0x20, 0x00, 0xB8,
    0x4D, 0xE0, 0xF0, 0xFA, 0x47, 0x70, 0xF0, 0xF6, 0xD2, 0x17, 0x00, 0x68, 0xF0, 0x7C, 0xD2, 0x07, 0x00, 0x00,
    0xF0, 0x10, 0x98, 0xE2, 0xF0, 0x68, 0x82, 0x00, 0x00, 0x00, 0x41, 0x10, 0xF0, 0x20, 0x58, 0x20, 0xF0, 0x2C,
    0x4D, 0xE0, 0xF0, 0xFA, 0x82, 0x00, 0xF0, 0x18, 0x82, 0x00, 0xF0, 0x60, 0x50, 0x10, 0x00, 0x48, 0xD2, 0x07,
    0x00, 0x78, 0xF0, 0x50, 0x9C, 0x00, 0x20, 0x00, 0x07, 0x7E, 0x82, 0x00, 0xF0, 0x58, 0x59, 0x20, 0x00, 0xB8,
    0x47, 0x70, 0xF1, 0x0A, 0x95, 0x00, 0x00, 0x45, 0x07, 0x7E, 0x91, 0xF3, 0x00, 0x44, 0x07, 0x7E, 0x91, 0x04,
    0x00, 0x44, 0x47, 0x80, 0xF1, 0x0A, 0x19, 0x22, 0x07, 0xFE,
};

static void ccw(uint8_t *p, uint8_t cmd, uint8_t flags, uint32_t count, uint32_t addr)
{
    p[0] = cmd;
    p[1] = flags;
    codec_put16(p + 2, count);
    codec_put32(p + 4, addr);
}

static void psw(uint8_t *p, uint32_t w0, uint32_t addr)
{
    codec_put32(p, w0);
    codec_put32(p + 4, 0x80000000u | addr);
}

/* The IPL record of fs.h for a nucleus of `blocks` blocks. */
static void ipl_record(uint8_t *b, const struct fs_label *l, uint32_t blocks, uint32_t load, uint32_t entry,
                       const struct fs_ipl_needs *n)
{
    const uint32_t run = 0x00080000u, wait = 0x000A0000u, io_wait = 0x020A0000u;
    memset(b, 0, FS_BLKSIZE);
    psw(b, run, FS_BOOT_ADDR + IR_CODE);
    ccw(b + 8, CCW_READ_IPL, 0, FS_BLKSIZE, FS_BOOT_ADDR);
    psw(b + IR_ENTRY_PSW, run, entry);
    psw(b + IR_SMALL_PSW, wait, n->wait);
    ccw(b + IR_MSG_CCW, CCW_WRITE_CR, CCW_FLAG_SLI, n->len, FS_BOOT_ADDR + IR_TEXT);
    codec_put32(b + IR_PROBE, n->storage - 1);
    codec_put32(b + IR_CONSOLE, n->console);
    b[IR_DX] = DX_INHIBIT_WRITES;   /* +4 origin 0, +8 first block 0 */
    codec_put32(b + IR_DX + 12, l->nblocks - 1);
    b[IR_LOCATE] = LOCATE_READ;
    codec_put16(b + IR_LOCATE + 2, blocks);
    codec_put32(b + IR_LOCATE + 4, l->nucleus_start);
    psw(b + IR_PGM_NEW, run, FS_BOOT_ADDR + IR_SMALL);
    psw(b + IR_IO_NEW, run, FS_BOOT_ADDR + IR_IODONE);
    psw(b + IR_IO_WAIT, io_wait, 0);
    psw(b + IR_ERR_PSW, wait, FS_IPL_WAIT_IO);
    memcpy(b + IR_CODE, loader_code, sizeof loader_code);
    ccw(b + IR_CHAIN, CCW_DEFINE_EXTENT, CCW_FLAG_CC, 16, FS_BOOT_ADDR + IR_DX);
    ccw(b + IR_CHAIN + 8, CCW_LOCATE, CCW_FLAG_CC, 8, FS_BOOT_ADDR + IR_LOCATE);
    uint8_t *p = b + IR_READS;
    for (uint32_t left = blocks * FS_BLKSIZE, addr = load; left; p += 8) {
        uint32_t k = left < CCW_READ_MAX ? left : CCW_READ_MAX;
        left -= k;
        ccw(p, CCW_READ, left ? CCW_FLAG_CD : 0, k, addr);
        addr += k;
    }
    if (n->len)
        memcpy(b + IR_TEXT, n->text, n->len);
}

static bool overlaps(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen) { return a < b + blen && b < a + alen; }

/* Order: block 0 is cleared (the disk is not IPLable while the area is
 * rewritten), the nucleus is written, then the IPL record (the commit),
 * then the label's description of it. */
int fs_set_nucleus(struct fs_disk *d, const void *image, uint32_t len, uint32_t load, uint32_t entry,
                   const struct fs_ipl_needs *needs)
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
    /* It must fit in 31 bits, and spare low core and the loader. */
    if (load > 0x7FFFFFFFu || bytes > 0x80000000u - load || overlaps(load, bytes, 0, FS_IPL_LOW_CORE) ||
        overlaps(load, bytes, FS_BOOT_ADDR, FS_BLKSIZE) || (entry & 1) || entry < load || entry - load >= len)
        return FS_EINVAL;
    /* What the loader checks: at least the bytes it reads; a message it can write. */
    struct fs_ipl_needs n = {load + bytes, FS_IPL_WAIT_STORAGE, 0, 0, NULL};
    if (needs) {
        if (needs->len > FS_IPL_TEXT_MAX || (needs->len && !needs->text) || needs->wait > 0x7FFFFFFFu ||
            needs->storage > 0x80000000u)
            return FS_EINVAL;
        n = *needs;
        if (n.storage < load + bytes)
            n.storage = load + bytes;
    }

    memset(b, 0, sizeof b);
    if ((rc = fs_blk_write(d, FS_IPL_BLOCK, b)))
        return rc;
    for (uint32_t i = 0; i < blocks; i++) {
        uint32_t off = i * FS_BLKSIZE, k = len - off < FS_BLKSIZE ? len - off : FS_BLKSIZE;
        memset(b, 0, sizeof b);
        memcpy(b, src + off, k);
        if ((rc = fs_blk_write(d, d->label.nucleus_start + i, b)))
            return rc;
    }
    ipl_record(b, &d->label, blocks, load, entry, &n);
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
