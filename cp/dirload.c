/* dirload.c: the user directory, read at IPL from CP's system disk: the
 * file USER DIRECT (compiled on the host by `creasy directory`) on the
 * CMS-format disk CP was IPLed from, read with the same file-system code
 * CMS uses (cms/fs_*.c), block by block over CP's real I/O. */
#include "cp.h"

#define DIR_BYTES                                                                                 \
    (DIR_HEADER_SIZE + DIR_MAX_USERS * DIR_USER_SIZE + DIR_MAX_MDISKS * DIR_MDISK_SIZE +           \
     DIR_MAX_LINKS * DIR_LINK_SIZE + DIR_MAX_DEDICATES * DIR_DEDICATE_SIZE + DIR_MAX_TERMINALS * DIR_TERMINAL_SIZE)

static u8 raw[DIR_BYTES];
static struct dir_header header;
static struct dir_user users[DIR_MAX_USERS];
static struct dir_mdisk mdisks[DIR_MAX_MDISKS];
static struct dir_link links[DIR_MAX_LINKS];
static struct dir_dedicate dedicates[DIR_MAX_DEDICATES];
static struct dir_terminal terminals[DIR_MAX_TERMINALS];

static struct fs_disk sysdisk;
static struct fs_file file;

struct blockdev {
    u16 dev;
    u32 blocks;
};

static int block_io(void *arg, u32 blk, void *buf, bool write)
{
    const struct blockdev *b = arg;
    static u8 extent[16] __attribute__((aligned(8))), locate[8] __attribute__((aligned(8)));
    static struct ccw c[3];
    memset(extent, 0, sizeof extent);
    extent[12] = (u8)((b->blocks - 1) >> 24);
    extent[13] = (u8)((b->blocks - 1) >> 16);
    extent[14] = (u8)((b->blocks - 1) >> 8);
    extent[15] = (u8)(b->blocks - 1);
    memset(locate, 0, sizeof locate);
    locate[0] = write ? 0x01 : 0x06;
    locate[3] = 1;
    locate[4] = (u8)(blk >> 24);
    locate[5] = (u8)(blk >> 16);
    locate[6] = (u8)(blk >> 8);
    locate[7] = (u8)blk;
    c[0] = (struct ccw){0x63, CCW_CC, 16, (u32)extent};
    c[1] = (struct ccw){0x43, CCW_CC, 8, (u32)locate};
    c[2] = (struct ccw){(u8)(write ? 0x41 : 0x42), 0, FS_BLKSIZE, (u32)buf};
    struct rreq r = {.dev = b->dev, .chain = c};
    return rio_sync(&r) == 0 ? 0 : FS_EIO;
}

static int read_block(void *dev, u32 blk, void *buf) { return block_io(dev, blk, buf, false); }
static int write_block(void *dev, u32 blk, const void *buf) { return block_io(dev, blk, (void *)buf, true); }

/* The real device's size: read device characteristics. */
static int fba_blocks(u16 dev, u32 *blocks)
{
    static u8 rdc[32] __attribute__((aligned(8)));
    static struct ccw c;
    c = (struct ccw){0x64, CCW_SLI, sizeof rdc, (u32)rdc};
    struct rreq r = {.dev = dev, .chain = &c};
    if (rio_sync(&r) < 0 || rdc[2] != 0x21)
        return -1;
    *blocks = (u32)rdc[14] << 24 | (u32)rdc[15] << 16 | (u32)rdc[16] << 8 | rdc[17];
    return 0;
}

int dirload_read(void)
{
    static struct blockdev bd;
    static const u8 fn[8] = {0xE4, 0xE2, 0xC5, 0xD9, 0x40, 0x40, 0x40, 0x40};   /* USER */
    static const u8 ft[8] = {0xC4, 0xC9, 0xD9, 0xC5, 0xC3, 0xE3, 0x40, 0x40};   /* DIRECT */
    bd.dev = cp_ipl_dev;
    if (fba_blocks(bd.dev, &bd.blocks) < 0) {
        cp_msg(-1, "DMKDIR001E THE SYSTEM DISK %03X IS NOT AN FBA DISK", bd.dev);
        return -1;
    }
    sysdisk = (struct fs_disk){.dev = &bd, .read_block = read_block, .write_block = write_block,
                               .dev_blocks = bd.blocks, .readonly = true};
    int err = fs_mount(&sysdisk, NULL, NULL);
    if (err == 0)
        err = fs_open(&sysdisk, &file, fn, ft);
    if (err < 0) {
        cp_msg(-1, "DMKDIR002E NO USER DIRECT ON THE SYSTEM DISK %03X: %s", bd.dev, fs_strerror(err));
        return -1;
    }
    u32 len = 0;
    int n;
    while ((n = fs_read(&file, raw + len, sizeof raw - len)) >= 0 && len + (u32)n < sizeof raw)
        len += (u32)n;
    fs_close(&file);
    char why[DIR_WHY_SIZE];
    if (n != FS_EOF || dir_check(raw, len, why)) {
        cp_msg(-1, "DMKDIR003E THE DIRECTORY IS NOT VALID: %s", n != FS_EOF ? "TOO LONG OR UNREADABLE" : why);
        return -1;
    }
    const u8 *p = raw;
    dir_decode_header(&header, p);
    p += DIR_HEADER_SIZE;
    for (u32 i = 0; i < header.nusers; i++, p += DIR_USER_SIZE)
        dir_decode_user(&users[i], p);
    for (u32 i = 0; i < header.nmdisks; i++, p += DIR_MDISK_SIZE)
        dir_decode_mdisk(&mdisks[i], p);
    for (u32 i = 0; i < header.nlinks; i++, p += DIR_LINK_SIZE)
        dir_decode_link(&links[i], p);
    for (u32 i = 0; i < header.ndedicates; i++, p += DIR_DEDICATE_SIZE)
        dir_decode_dedicate(&dedicates[i], p);
    for (u32 i = 0; i < header.nterminals; i++, p += DIR_TERMINAL_SIZE)
        dir_decode_terminal(&terminals[i], p);
    return 0;
}

const struct dir_user *dirload_user_at(u32 i) { return i < header.nusers ? &users[i] : NULL; }

const struct dir_user *dirload_find(const u8 userid[8])
{
    for (u32 i = 0; i < header.nusers; i++)
        if (memcmp(users[i].userid, userid, 8) == 0)
            return &users[i];
    return NULL;
}

const struct dir_mdisk *dirload_mdisks(const struct dir_user *u) { return &mdisks[u->first_mdisk]; }
const struct dir_link *dirload_links(const struct dir_user *u) { return &links[u->first_link]; }
const struct dir_dedicate *dirload_dedicates(const struct dir_user *u) { return &dedicates[u->first_dedicate]; }
const struct dir_terminal *dirload_terminals(const struct dir_user *u) { return &terminals[u->first_terminal]; }

/* ---- the real FBA devices the minidisks are on, and their sizes ---- */

#define MAX_REAL_DASD 64
static struct {
    u16 dev;
    u32 blocks;   /* 0: not there, or not an FBA disk */
} dasd[MAX_REAL_DASD];
static int ndasd;

void dirload_dasd_survey(void)
{
    for (u32 i = 0; i < header.nmdisks && ndasd < MAX_REAL_DASD; i++) {
        bool seen = false;
        for (int k = 0; k < ndasd; k++)
            seen |= dasd[k].dev == mdisks[i].rdev;
        if (seen)
            continue;
        dasd[ndasd].dev = mdisks[i].rdev;
        if (fba_blocks(mdisks[i].rdev, &dasd[ndasd].blocks) < 0)
            dasd[ndasd].blocks = 0;
        ndasd++;
    }
}

u32 dirload_dasd_blocks(u16 dev)
{
    for (int k = 0; k < ndasd; k++)
        if (dasd[k].dev == dev)
            return dasd[k].blocks;
    return 0;
}
