/* disks.c: minidisks as CMS sees them: the FBA driver underneath the file
 * system, the table of accessed disks (mode letters), and file ids.
 *
 * A block moves with the chain define extent (the whole disk), locate
 * (one block), read or write. On the bare machine the chain runs by SIO;
 * under CP with DIAG on it goes to CP with DIAG X'18' instead (cp.c), the
 * paravirtual path. A write the device refuses as write-inhibited makes
 * the disk read-only from then on.
 *
 * Search order is the mode letters in alphabetical order, as in CMS.
 */
#include "cms.h"

static struct cms_disk disks[MAX_DISKS];
static bool under_cp;   /* decided once: STIDP traps under CP, so do not ask per block */

struct fba_extent {
    u8 mask, zero[3];
    u32 origin, first, last;
};
struct fba_locate {
    u8 op, zero;
    u16 count;
    u32 block;
};

static struct fba_extent extent __attribute__((aligned(8)));
static struct fba_locate locate __attribute__((aligned(8)));
static struct ccw chain[3];

static int run_chain(u16 dev, struct io_result *r)
{
    if (under_cp && cms_use_diag)
        return cp_diag_dasd(dev, chain, r);
    return io_run(dev, chain, r);
}

static int block_io(struct cms_disk *d, u32 blk, void *buf, bool write)
{
    memset(&extent, 0, sizeof extent);
    extent.last = d->blocks - 1;
    locate.op = write ? 0x01 : 0x06;
    locate.zero = 0;
    locate.count = 1;
    locate.block = blk;
    chain[0] = (struct ccw){0x63, CCW_CC, sizeof extent, (u32)&extent};
    chain[1] = (struct ccw){0x43, CCW_CC, sizeof locate, (u32)&locate};
    chain[2] = (struct ccw){(u8)(write ? 0x41 : 0x42), 0, FS_BLKSIZE, (u32)buf};
    struct io_result r;
    if (run_chain(d->dev, &r) == 0)
        return 0;
    if (r.cc == 0 && (r.unit & US_UC) && write) {
        u8 sense[24];
        if (io_sense(d->dev, sense, sizeof sense) >= 2 && (sense[1] & 0x04)) {
            d->readonly = true;
            d->fs.readonly = true;
            return FS_ERDONLY;
        }
    }
    return FS_EIO;
}

static int read_block(void *dev, u32 blk, void *buf) { return block_io(dev, blk, buf, false); }
static int write_block(void *dev, u32 blk, const void *buf) { return block_io(dev, blk, (void *)buf, true); }

static void disk_bind(struct cms_disk *d)
{
    d->fs.dev = d;
    d->fs.read_block = read_block;
    d->fs.write_block = write_block;
    d->fs.dev_blocks = d->blocks;
    d->fs.readonly = d->readonly;
}

static int disk_device_blocks(u16 dev, u32 *blocks)
{
    static u8 rdc[32] __attribute__((aligned(8)));
    struct ccw c = {0x64, CCW_SLI, sizeof rdc, (u32)rdc};
    struct io_result r;
    if (io_run(dev, &c, &r) < 0 || rdc[2] != 0x21)   /* class X'21': FBA */
        return -1;
    *blocks = (u32)rdc[14] << 24 | (u32)rdc[15] << 16 | (u32)rdc[16] << 8 | rdc[17];
    return *blocks ? 0 : -1;
}

void disks_init(void)
{
    memset(disks, 0, sizeof disks);
    under_cp = cp_present();
}

struct cms_disk *disk_by_mode(char mode)
{
    for (int i = 0; i < MAX_DISKS; i++)
        if (disks[i].mode == mode)
            return &disks[i];
    return NULL;
}

struct cms_disk *disk_by_dev(u16 dev)
{
    for (int i = 0; i < MAX_DISKS; i++)
        if (disks[i].mode && disks[i].dev == dev)
            return &disks[i];
    return NULL;
}

struct cms_disk *disk_next(struct cms_disk *after)
{
    struct cms_disk *best = NULL;
    for (int i = 0; i < MAX_DISKS; i++) {
        struct cms_disk *d = &disks[i];
        if (!d->mode || (after && d->mode <= after->mode))
            continue;
        if (!best || d->mode < best->mode)
            best = d;
    }
    return best;
}

static void complain(void *arg, int slot, const struct fs_dirent *e, const char *why)
{
    struct cms_disk *d = arg;
    char fn[9], ft[9], reason[64];
    field_to_str(fn, e->fn);
    field_to_str(ft, e->ft);
    snprintf(reason, sizeof reason, "%s", why);
    printf("DMSACC116W %c(%03X) DIRECTORY ENTRY %d (%s %s) DAMAGED: %s; FILE IGNORED\n", d->mode, d->dev, slot,
           fn, ft, str_upper(reason));
}

/* A free slot for `mode`: the disk now at that mode is released. */
static struct cms_disk *slot_for(char mode, u16 dev, bool quiet)
{
    struct cms_disk *old = disk_by_mode(mode);
    if (old) {
        if (!quiet && old->dev != dev)
            printf("DMSACC724I %03X REPLACES %c (%03X)\n", dev, mode, old->dev);
        fs_unmount(&old->fs);
        old->mode = 0;
        return old;
    }
    for (int i = 0; i < MAX_DISKS; i++)
        if (!disks[i].mode)
            return &disks[i];
    return NULL;
}

int disk_access(u16 dev, char mode, bool quiet)
{
    u32 blocks;
    if (disk_device_blocks(dev, &blocks) < 0) {
        printf("DMSACC113S %c(%03X) NOT ATTACHED\n", mode, dev);
        return CMS_RC_NODISK;
    }
    struct cms_disk *other = disk_by_dev(dev);
    if (other && other->mode != mode) {   /* one device, one mode */
        fs_unmount(&other->fs);
        other->mode = 0;
    }
    struct cms_disk *d = slot_for(mode, dev, quiet);
    if (!d) {
        printf("DMSACC110S TOO MANY DISKS ACCESSED (%d)\n", MAX_DISKS);
        return CMS_RC_TOOMANY;
    }
    memset(d, 0, sizeof *d);
    d->dev = dev;
    d->blocks = blocks;
    d->readonly = mode == 'S';   /* the system disk is read-only to CMS */
    disk_bind(d);
    d->mode = mode;
    int err = fs_mount(&d->fs, complain, d);
    if (err == FS_ENOTFMT) {
        printf("DMSACC112S %c(%03X) IS NOT FORMATTED: FORMAT %03X %c PREPARES IT\n", mode, dev, dev, mode);
        d->mode = 0;
        return CMS_RC_NODISK;
    }
    if (err < 0) {
        printf("DMSACC112S %c(%03X) CANNOT BE ACCESSED: %s\n", mode, dev, fs_strerror(err));
        d->mode = 0;
        return fs_to_rc(err);
    }
    if (!quiet && d->readonly)
        printf("DMSACC723I %c (%03X) R/O\n", mode, dev);
    return 0;
}

int disk_release(char mode)
{
    struct cms_disk *d = disk_by_mode(mode);
    if (!d)
        return CMS_RC_NODISK;
    fs_unmount(&d->fs);
    d->mode = 0;
    return 0;
}

int disk_format(u16 dev, char mode, const u8 label[6])
{
    u32 blocks;
    if (disk_device_blocks(dev, &blocks) < 0) {
        printf("DMSFOR113S %03X NOT ATTACHED\n", dev);
        return CMS_RC_NODISK;
    }
    struct cms_disk *other = disk_by_dev(dev);
    if (other) {
        fs_unmount(&other->fs);
        other->mode = 0;
    }
    struct cms_disk *d = slot_for(mode, dev, true);
    if (!d)
        return CMS_RC_TOOMANY;
    memset(d, 0, sizeof *d);
    d->dev = dev;
    d->blocks = blocks;
    d->readonly = false;
    disk_bind(d);
    int err = fs_format(&d->fs, label, FS_MAX_FILES / FS_DIR_PER_BLOCK, 0, cms_now());
    if (err < 0) {
        printf("DMSFOR114S %03X CANNOT BE FORMATTED: %s\n", dev, fs_strerror(err));
        return fs_to_rc(err);
    }
    d->mode = mode;
    return 0;
}

/* ---- file ids ------------------------------------------------------------------ */

bool field_from_word(u8 out[8], const char *word)
{
    u32 n = strlen(word);
    if (n == 0 || n > 8)
        return false;
    memset(out, EBCDIC_BLANK, 8);
    for (u32 i = 0; i < n; i++) {
        char ch = word[i];
        if ((ch >= 'a' && ch <= 'i') || (ch >= 'j' && ch <= 'r') || (ch >= 's' && ch <= 'z'))
            ch = (char)(ch + ('A' - 'a'));
        out[i] = (u8)ch;
    }
    return true;
}

void field_to_str(char out[9], const u8 field[8])
{
    int n = 8;
    while (n > 0 && field[n - 1] == EBCDIC_BLANK)
        n--;
    memcpy(out, field, n);
    out[n] = 0;
}

bool fileid_parse(struct fileid *id, const char *fn, const char *ft, const char *fm)
{
    if (!fn || !ft || !field_from_word(id->fn, fn) || !field_from_word(id->ft, ft))
        return false;
    if (!fs_valid_name(id->fn) || !fs_valid_name(id->ft))
        return false;
    id->fm = 0;
    if (fm) {
        char m = fm[0];
        if ((m >= 'a' && m <= 'i') || (m >= 'j' && m <= 'r') || (m >= 's' && m <= 'z'))
            m = (char)(m + ('A' - 'a'));
        if (!((m >= 'A' && m <= 'I') || (m >= 'J' && m <= 'R') || (m >= 'S' && m <= 'Z')))
            return false;
        if (fm[1] && !(fm[1] >= '0' && fm[1] <= '9' && !fm[2]))   /* A or A1: the digit is accepted, unused */
            return false;
        id->fm = m;
    }
    return true;
}

struct cms_disk *fileid_locate(const struct fileid *id, int *slot)
{
    if (id->fm) {
        struct cms_disk *d = disk_by_mode(id->fm);
        if (d && (*slot = fs_lookup(&d->fs, id->fn, id->ft)) >= 0)
            return d;
        return NULL;
    }
    for (struct cms_disk *d = disk_next(NULL); d; d = disk_next(d))
        if ((*slot = fs_lookup(&d->fs, id->fn, id->ft)) >= 0)
            return d;
    return NULL;
}

int fs_to_rc(int err)
{
    switch (err) {
    case FS_OK: return 0;
    case FS_ENOTFOUND: return CMS_RC_NOTFOUND;
    case FS_EFULL:
    case FS_EDIRFULL: return CMS_RC_DISKFULL;
    case FS_EEXIST: return CMS_RC_EXISTS;
    case FS_ERDONLY: return CMS_RC_RDONLY;
    case FS_EIO: return CMS_RC_IOERR;
    case FS_ECORRUPT: return CMS_RC_CORRUPT;
    case FS_EBUSY: return CMS_RC_BUSY;
    case FS_EOF: return CMS_RC_EOF;
    case FS_ENOTFMT:
    case FS_ENOTMOUNTED: return CMS_RC_NODISK;
    default: return CMS_RC_INVALID;
    }
}

u64 cms_now(void)
{
    return stck();
}
