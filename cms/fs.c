/* fs.c: the CMS file system: format, mount, directory, record I/O and
 * the IPL nucleus. The format and the rules are in fs.h.
 *
 * Design note. Every structure the disk holds is encoded and decoded here
 * a field at a time, big-endian (enc32/dec32), so the host build and the
 * guest build write the same bytes; every byte put on disk is a number.
 * Nothing here allocates or keeps state outside the caller's struct
 * fs_disk and struct fs_file.
 *
 * Mount checks the directory in three passes, so that a bad entry costs
 * only itself:
 *   1. each entry alone: checksum, names, record format, lengths, block
 *      count, and a name an earlier good entry already has;
 *   2. the good entries' index chains, in directory order, claiming their
 *      blocks in the allocation map. A chain that leaves the data area,
 *      loops, claims a block an earlier file owns, or lists another number
 *      of data blocks than its entry says is quarantined (the earlier file
 *      keeps the block; what the bad chain claimed stays claimed);
 *   3. the chains of the entries pass 1 rejected, claiming whatever free
 *      blocks they name, so nothing is written over a file someone may
 *      want to rescue.
 * The reasons are kept per slot and reported in directory order.
 *
 * Writing. A writer takes free blocks from the map as the file grows and
 * writes each full index block before it starts the next, so fs_abort
 * finds every block the new file took by reading its own chain back (and
 * the index block still in memory). Every index block but the last is
 * full, which mount checks. The directory block is written last (the
 * commit); a replaced file's blocks are released only after it.
 *
 * Open files are on a list through the disk, so that erase, rename and
 * replace can refuse a file in use, and so that readers still holding a
 * file replaced under them keep its blocks until the last one closes.
 */
#include "fs.h"

#if __STDC_HOSTED__
#include <string.h>
#else
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
#endif

#define NO_BLOCK 0xFFFFFFFFu
#define MIN_DATA_BLOCKS 2          /* the smallest useful file: an index and a data block */
#define CCW_READ_MAX 0x8000u       /* bytes per nucleus Read CCW */

/* struct fs_label on disk (block 1) */
enum {
    LB_MAGIC = 0, LB_LABEL = 4, LB_VERSION = 10, LB_BLKSIZE = 12, LB_NBLOCKS = 16, LB_DIR_BLOCKS = 20,
    LB_NUC_START = 24, LB_NUC_BLOCKS = 28, LB_NUC_LOAD = 32, LB_NUC_BYTES = 36, LB_NUC_ENTRY = 40,
    LB_DATA_START = 44, LB_FORMATTED = 48, LB_CHECKSUM = 56
};
/* struct fs_dirent on disk */
enum {
    DE_FN = 0, DE_FT = 8, DE_RECFM = 16, DE_FLAGS = 17, DE_RESERVED = 18, DE_LRECL = 20, DE_NRECS = 24,
    DE_NBYTES = 28, DE_NBLOCKS = 32, DE_INDEX = 36, DE_MTIME = 40, DE_PAD = 48, DE_CHECKSUM = 60, DE_SIZE = 64
};
/* channel commands and flags of the IPL record */
enum {
    CCW_READ_IPL = 0x02, CCW_TIC = 0x08, CCW_DEFINE_EXTENT = 0x63, CCW_LOCATE = 0x43, CCW_READ = 0x42,
    CCW_FLAG_CD = 0x80, CCW_FLAG_CC = 0x40, DX_INHIBIT_WRITES = 0x40, LOCATE_READ = 0x06
};

/* Why mount quarantined an entry: fs_disk.quarantined[] holds these. */
enum {
    Q_OK, Q_CHECKSUM, Q_FREE, Q_NAME, Q_FIELDS, Q_LENGTHS, Q_BLOCKS, Q_DUPLICATE, Q_RANGE, Q_LOOP, Q_TWICE,
    Q_INDEX, Q_COUNT, Q_UNREADABLE
};
static const char *const q_reason[] = {
    [Q_OK] = "ok",
    [Q_CHECKSUM] = "bad checksum",
    [Q_FREE] = "free entry not zero",
    [Q_NAME] = "bad file name",
    [Q_FIELDS] = "bad record format or flags",
    [Q_LENGTHS] = "record count, length and byte count disagree",
    [Q_BLOCKS] = "block count disagrees with the byte count or index",
    [Q_DUPLICATE] = "name already used by an earlier entry",
    [Q_RANGE] = "index chain leaves the data area",
    [Q_LOOP] = "index chain loops",
    [Q_TWICE] = "a block claimed twice",
    [Q_INDEX] = "bad index block",
    [Q_COUNT] = "index chain lists a different number of blocks (nblocks mismatch)",
    [Q_UNREADABLE] = "index block unreadable",
};

/* ---- encoding ------------------------------------------------------------------- */

static void enc16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}
static void enc32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}
static void enc64(uint8_t *p, uint64_t v)
{
    enc32(p, (uint32_t)(v >> 32));
    enc32(p + 4, (uint32_t)v);
}
static uint32_t dec16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t dec32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static uint64_t dec64(const uint8_t *p) { return (uint64_t)dec32(p) << 32 | dec32(p + 4); }

/* FNV-1a: cheap, and it sees a moved or changed byte anywhere. */
uint32_t fs_checksum(const void *p, size_t n)
{
    const uint8_t *b = p;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 16777619u;
    }
    return h;
}

static void label_encode(const struct fs_label *l, uint8_t *b)
{
    memset(b, 0, FS_BLKSIZE);
    enc32(b + LB_MAGIC, l->magic);
    memcpy(b + LB_LABEL, l->label, 6);
    enc16(b + LB_VERSION, l->version);
    enc32(b + LB_BLKSIZE, l->blksize);
    enc32(b + LB_NBLOCKS, l->nblocks);
    enc32(b + LB_DIR_BLOCKS, l->dir_blocks);
    enc32(b + LB_NUC_START, l->nucleus_start);
    enc32(b + LB_NUC_BLOCKS, l->nucleus_blocks);
    enc32(b + LB_NUC_LOAD, l->nucleus_load);
    enc32(b + LB_NUC_BYTES, l->nucleus_bytes);
    enc32(b + LB_NUC_ENTRY, l->nucleus_entry);
    enc32(b + LB_DATA_START, l->data_start);
    enc64(b + LB_FORMATTED, l->formatted);
    enc32(b + LB_CHECKSUM, l->checksum);
}

static void label_decode(struct fs_label *l, const uint8_t *b)
{
    l->magic = dec32(b + LB_MAGIC);
    memcpy(l->label, b + LB_LABEL, 6);
    l->version = (uint16_t)dec16(b + LB_VERSION);
    l->blksize = dec32(b + LB_BLKSIZE);
    l->nblocks = dec32(b + LB_NBLOCKS);
    l->dir_blocks = dec32(b + LB_DIR_BLOCKS);
    l->nucleus_start = dec32(b + LB_NUC_START);
    l->nucleus_blocks = dec32(b + LB_NUC_BLOCKS);
    l->nucleus_load = dec32(b + LB_NUC_LOAD);
    l->nucleus_bytes = dec32(b + LB_NUC_BYTES);
    l->nucleus_entry = dec32(b + LB_NUC_ENTRY);
    l->data_start = dec32(b + LB_DATA_START);
    l->formatted = dec64(b + LB_FORMATTED);
    l->checksum = dec32(b + LB_CHECKSUM);
}

static void dirent_encode(const struct fs_dirent *e, uint8_t *p)
{
    memcpy(p + DE_FN, e->fn, 8);
    memcpy(p + DE_FT, e->ft, 8);
    p[DE_RECFM] = e->recfm;
    p[DE_FLAGS] = e->flags;
    enc16(p + DE_RESERVED, e->reserved);
    enc32(p + DE_LRECL, e->lrecl);
    enc32(p + DE_NRECS, e->nrecs);
    enc32(p + DE_NBYTES, e->nbytes);
    enc32(p + DE_NBLOCKS, e->nblocks);
    enc32(p + DE_INDEX, e->index);
    enc64(p + DE_MTIME, e->mtime);
    memcpy(p + DE_PAD, e->pad, sizeof e->pad);
    enc32(p + DE_CHECKSUM, e->checksum);
}

static void dirent_decode(struct fs_dirent *e, const uint8_t *p)
{
    memcpy(e->fn, p + DE_FN, 8);
    memcpy(e->ft, p + DE_FT, 8);
    e->recfm = p[DE_RECFM];
    e->flags = p[DE_FLAGS];
    e->reserved = (uint16_t)dec16(p + DE_RESERVED);
    e->lrecl = dec32(p + DE_LRECL);
    e->nrecs = dec32(p + DE_NRECS);
    e->nbytes = dec32(p + DE_NBYTES);
    e->nblocks = dec32(p + DE_NBLOCKS);
    e->index = dec32(p + DE_INDEX);
    e->mtime = dec64(p + DE_MTIME);
    memcpy(e->pad, p + DE_PAD, sizeof e->pad);
    e->checksum = dec32(p + DE_CHECKSUM);
}

/* Set e->checksum for its other fields. */
static void dirent_seal(struct fs_dirent *e)
{
    uint8_t p[DE_SIZE];
    dirent_encode(e, p);
    e->checksum = fs_checksum(p, DE_CHECKSUM);
}

static void index_encode(const struct fs_index *x, uint8_t *b)
{
    enc32(b, x->next);
    enc32(b + 4, x->count);
    for (int i = 0; i < FS_INDEX_SLOTS; i++)
        enc32(b + 8 + 4 * i, x->block[i]);
}

static void index_decode(struct fs_index *x, const uint8_t *b)
{
    x->next = dec32(b);
    x->count = dec32(b + 4);
    for (int i = 0; i < FS_INDEX_SLOTS; i++)
        x->block[i] = dec32(b + 8 + 4 * i);
}

/* ---- blocks and the allocation map ----------------------------------------------------- */

static int blk_read(struct fs_disk *d, uint32_t blk, void *buf)
{
    if (blk >= d->dev_blocks)
        return FS_EIO;
    return d->read_block(d->dev, blk, buf) ? FS_EIO : FS_OK;
}

static int blk_write(struct fs_disk *d, uint32_t blk, const void *buf)
{
    if (d->readonly)
        return FS_ERDONLY;
    if (blk >= d->dev_blocks)
        return FS_EIO;
    return d->write_block(d->dev, blk, buf) ? FS_EIO : FS_OK;
}

static bool in_data(const struct fs_disk *d, uint32_t b) { return b >= d->label.data_start && b < d->label.nblocks; }
static bool map_test(const struct fs_disk *d, uint32_t b) { return d->used[b >> 3] & (1u << (b & 7)); }

static void map_claim(struct fs_disk *d, uint32_t b)
{
    if (in_data(d, b) && !map_test(d, b)) {
        d->used[b >> 3] |= (uint8_t)(1u << (b & 7));
        d->free_blocks--;
    }
}

static void map_release(struct fs_disk *d, uint32_t b)
{
    if (in_data(d, b) && map_test(d, b)) {
        d->used[b >> 3] &= (uint8_t)~(1u << (b & 7));
        d->free_blocks++;
    }
}

/* A free data block, now claimed, or 0 when the disk is full. The search
 * starts where the last one ended and skips whole used bytes. */
static uint32_t block_alloc(struct fs_disk *d)
{
    uint32_t lo = d->label.data_start, hi = d->label.nblocks, b = d->rotor;
    if (d->free_blocks == 0)
        return 0;
    for (uint32_t seen = 0; seen < hi - lo; seen++, b++) {
        if (b < lo || b >= hi)
            b = lo;
        if ((b & 7) == 0 && b + 8 <= hi && d->used[b >> 3] == 0xFF) {
            b += 7;
            seen += 7;
            continue;
        }
        if (!map_test(d, b)) {
            map_claim(d, b);
            d->rotor = b + 1;
            return b;
        }
    }
    return 0;
}

/* Release the blocks of a committed file's chain. A block that cannot be
 * read leaves the rest allocated: safe, and the next mount recovers them. */
static void chain_release(struct fs_disk *d, uint32_t first, uint32_t nblocks)
{
    uint8_t b[FS_BLKSIZE];
    struct fs_index x;
    uint32_t ib = first, budget = nblocks / FS_INDEX_SLOTS + 1;
    while (ib && in_data(d, ib) && budget--) {
        if (blk_read(d, ib, b))
            return;
        index_decode(&x, b);
        if (x.count > FS_INDEX_SLOTS)
            return;
        for (uint32_t i = 0; i < x.count; i++)
            map_release(d, x.block[i]);
        map_release(d, ib);
        ib = x.next;
    }
}

/* ---- names ------------------------------------------------------------------------- */

static bool name_char(uint8_t c)
{
    return (c >= 0xC1 && c <= 0xC9) || (c >= 0xD1 && c <= 0xD9) || (c >= 0xE2 && c <= 0xE9) ||
           (c >= 0xF0 && c <= 0xF9) || c == 0x5B || c == 0x7B || c == 0x7C || c == 0x4E || c == 0x60 ||
           c == 0x6D;
}

/* Name characters, then blanks to the end; `empty_ok`: all blanks too. */
static bool valid_field(const uint8_t *p, int n, bool empty_ok)
{
    int i = 0;
    while (i < n && name_char(p[i]))
        i++;
    if (i == 0 && !empty_ok)
        return false;
    for (; i < n; i++)
        if (p[i] != FS_BLANK)
            return false;
    return true;
}

bool fs_valid_name(const uint8_t name[8]) { return valid_field(name, 8, false); }

bool fs_match(const uint8_t name[8], const uint8_t pat[8])
{
    int last = 7;
    while (last > 0 && pat[last] == FS_BLANK)
        last--;
    if (pat[last] == FS_STAR)
        return memcmp(name, pat, (size_t)last) == 0;
    return memcmp(name, pat, 8) == 0;
}

static uint32_t dir_entries(const struct fs_disk *d) { return d->label.dir_blocks * FS_DIR_PER_BLOCK; }
static bool slot_in_use(const struct fs_disk *d, uint32_t s) { return d->dir[s].fn[0] != 0 && !d->quarantined[s]; }

int fs_lookup(const struct fs_disk *d, const uint8_t fn[8], const uint8_t ft[8])
{
    if (!d->mounted)
        return -1;
    for (uint32_t s = 0; s < dir_entries(d); s++)
        if (slot_in_use(d, s) && !memcmp(d->dir[s].fn, fn, 8) && !memcmp(d->dir[s].ft, ft, 8))
            return (int)s;
    return -1;
}

int fs_next(const struct fs_disk *d, int slot, const uint8_t fn_pat[8], const uint8_t ft_pat[8])
{
    if (!d->mounted)
        return -1;
    for (uint32_t s = slot < 0 ? 0 : (uint32_t)slot + 1; s < dir_entries(d); s++)
        if (slot_in_use(d, s) && fs_match(d->dir[s].fn, fn_pat) && fs_match(d->dir[s].ft, ft_pat))
            return (int)s;
    return -1;
}

static int free_slot(const struct fs_disk *d)
{
    for (uint32_t s = 0; s < dir_entries(d); s++)
        if (d->dir[s].fn[0] == 0 && !d->quarantined[s])
            return (int)s;
    return -1;
}

uint32_t fs_files(const struct fs_disk *d)
{
    uint32_t n = 0;
    if (d->mounted)
        for (uint32_t s = 0; s < dir_entries(d); s++)
            n += slot_in_use(d, s);
    return n;
}

uint32_t fs_file_blocks(const struct fs_dirent *e)
{
    return e->nblocks + (e->nblocks + FS_INDEX_SLOTS - 1) / FS_INDEX_SLOTS;
}

uint32_t fs_data_blocks(const struct fs_disk *d) { return d->mounted ? d->label.nblocks - d->label.data_start : 0; }
uint32_t fs_free_blocks(const struct fs_disk *d) { return d->mounted ? d->free_blocks : 0; }

/* Write the directory block holding `slot`, with `e` in that slot and
 * the other entries exactly as they are on disk. */
static int dir_write(struct fs_disk *d, int slot, const struct fs_dirent *e)
{
    uint8_t b[FS_BLKSIZE];
    int first = slot - slot % FS_DIR_PER_BLOCK;
    for (int i = 0; i < FS_DIR_PER_BLOCK; i++)
        dirent_encode(first + i == slot ? e : &d->dir[first + i], b + i * DE_SIZE);
    return blk_write(d, FS_DIR_START + (uint32_t)slot / FS_DIR_PER_BLOCK, b);
}

static int label_write(struct fs_disk *d, struct fs_label *l)
{
    uint8_t b[FS_BLKSIZE];
    label_encode(l, b);
    l->checksum = fs_checksum(b, LB_CHECKSUM);
    enc32(b + LB_CHECKSUM, l->checksum);
    return blk_write(d, FS_LABEL_BLOCK, b);
}

/* ---- open files ----------------------------------------------------------------------- */

static void open_add(struct fs_disk *d, struct fs_file *f)
{
    f->next_open = d->open;
    d->open = f;
    d->nopen++;
}

/* Take f off its disk's list; false if it was not on it (closed already,
 * or the disk was unmounted since). */
static bool open_remove(struct fs_file *f)
{
    struct fs_disk *d = f->d;
    f->d = NULL;
    if (!d)
        return false;
    for (struct fs_file **p = &d->open; *p; p = &(*p)->next_open)
        if (*p == f) {
            *p = f->next_open;
            d->nopen--;
            return true;
        }
    return false;
}

/* Is f on its disk's list? Not after close, nor after an unmount: a
 * writer from an earlier mount must not commit blocks the map forgot. */
static bool is_open(const struct fs_file *f)
{
    if (!f->d || !f->d->mounted)
        return false;
    for (const struct fs_file *o = f->d->open; o; o = o->next_open)
        if (o == f)
            return true;
    return false;
}

/* Open for reading, or being replaced: erase, rename and replace refuse it. */
static bool slot_busy(const struct fs_disk *d, int slot)
{
    for (const struct fs_file *f = d->open; f; f = f->next_open)
        if (f->writing ? f->replaces == slot : !f->orphan && f->slot == slot)
            return true;
    return false;
}

static bool name_being_written(const struct fs_disk *d, const uint8_t fn[8], const uint8_t ft[8])
{
    for (const struct fs_file *f = d->open; f; f = f->next_open)
        if (f->writing && !memcmp(f->ent.fn, fn, 8) && !memcmp(f->ent.ft, ft, 8))
            return true;
    return false;
}

/* ---- mount -------------------------------------------------------------------------- */

static bool label_sane(const struct fs_label *l, uint32_t dev_blocks)
{
    return l->version == FS_VERSION && l->blksize == FS_BLKSIZE && l->nblocks <= dev_blocks &&
           l->nblocks <= FS_MAX_BLOCKS && l->dir_blocks >= 1 &&
           l->dir_blocks <= FS_MAX_FILES / FS_DIR_PER_BLOCK && l->nucleus_start == FS_DIR_START + l->dir_blocks &&
           l->nucleus_blocks <= FS_MAX_BLOCKS && l->data_start == l->nucleus_start + l->nucleus_blocks &&
           l->data_start + MIN_DATA_BLOCKS <= l->nblocks &&
           l->nucleus_bytes <= l->nucleus_blocks * FS_BLKSIZE;
}

static bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

/* Pass 1: the entry in `slot` by itself (and against earlier good names). */
static int entry_check(const struct fs_disk *d, uint32_t slot, const uint8_t *raw)
{
    const struct fs_dirent *e = &d->dir[slot];
    if (e->fn[0] == 0)
        return all_zero(raw, DE_SIZE) ? Q_OK : Q_FREE;
    if (fs_checksum(raw, DE_CHECKSUM) != e->checksum)
        return Q_CHECKSUM;
    if (!fs_valid_name(e->fn) || !fs_valid_name(e->ft))
        return Q_NAME;
    if ((e->recfm != FS_RECFM_F && e->recfm != FS_RECFM_V) || e->flags || e->reserved)
        return Q_FIELDS;
    uint64_t nrecs = e->nrecs, nbytes = e->nbytes, lrecl = e->lrecl;
    if (lrecl > FS_MAX_LRECL)
        return Q_LENGTHS;
    if (e->recfm == FS_RECFM_F ? lrecl == 0 || nrecs * lrecl != nbytes
                               : nrecs == 0 ? nbytes != 0 || lrecl != 0
                                            : lrecl == 0 || nbytes < 3 * nrecs || nbytes > nrecs * (lrecl + 2))
        return Q_LENGTHS;
    if (e->nblocks != (nbytes + FS_BLKSIZE - 1) / FS_BLKSIZE || (e->nblocks == 0) != (e->index == 0))
        return Q_BLOCKS;
    for (uint32_t s = 0; s < slot; s++)
        if (slot_in_use(d, s) && !memcmp(d->dir[s].fn, e->fn, 8) && !memcmp(d->dir[s].ft, e->ft, 8))
            return Q_DUPLICATE;
    return Q_OK;
}

/* Does the chain from `first` reach index block `target` within its first n blocks? */
static bool chain_revisits(struct fs_disk *d, uint32_t first, uint32_t n, uint32_t target)
{
    uint8_t b[FS_BLKSIZE];
    uint32_t ib = first;
    for (uint32_t i = 0; i < n && ib; i++) {
        if (ib == target)
            return true;
        if (blk_read(d, ib, b))
            return false;
        ib = dec32(b);
    }
    return false;
}

static int first_reason(int why, int also) { return why ? why : also; }

/* Passes 2 and 3: walk an entry's index chain, claiming its index and
 * data blocks; the first thing wrong with it, or Q_OK. The walk ends:
 * every index block it visits is newly claimed, so a loop stops it. */
static int chain_claim(struct fs_disk *d, const struct fs_dirent *e)
{
    uint8_t b[FS_BLKSIZE];
    struct fs_index x;
    uint32_t ib = e->index, nidx = 0, listed = 0;
    int why = Q_OK;
    while (ib) {
        if (!in_data(d, ib))
            return first_reason(why, Q_RANGE);
        if (map_test(d, ib))
            return first_reason(why, chain_revisits(d, e->index, nidx, ib) ? Q_LOOP : Q_TWICE);
        map_claim(d, ib);
        nidx++;
        if (blk_read(d, ib, b))
            return first_reason(why, Q_UNREADABLE);
        index_decode(&x, b);
        if (x.count == 0 || x.count > FS_INDEX_SLOTS)
            return first_reason(why, Q_INDEX);
        if (x.next && x.count != FS_INDEX_SLOTS)
            why = first_reason(why, Q_INDEX);
        for (uint32_t i = 0; i < x.count; i++) {
            if (!in_data(d, x.block[i]))
                why = first_reason(why, Q_RANGE);
            else if (map_test(d, x.block[i]))
                why = first_reason(why, Q_TWICE);
            else
                map_claim(d, x.block[i]);
        }
        listed += x.count;
        ib = x.next;
    }
    return first_reason(why, listed != e->nblocks ? Q_COUNT : Q_OK);
}

int fs_mount(struct fs_disk *d, fs_complain_fn *complain, void *arg)
{
    uint8_t b[FS_BLKSIZE];
    struct fs_label l;
    int rc;
    d->mounted = false;
    d->open = NULL;
    d->nopen = 0;
    if (d->dev_blocks <= FS_LABEL_BLOCK)
        return FS_ENOTFMT;
    if ((rc = blk_read(d, FS_LABEL_BLOCK, b)))
        return rc;
    label_decode(&l, b);
    if (l.magic != FS_MAGIC)
        return FS_ENOTFMT;
    if (fs_checksum(b, LB_CHECKSUM) != l.checksum || !label_sane(&l, d->dev_blocks))
        return FS_ECORRUPT;
    d->label = l;
    memset(d->dir, 0, sizeof d->dir);
    memset(d->quarantined, 0, sizeof d->quarantined);
    memset(d->used, 0, sizeof d->used);
    d->free_blocks = l.nblocks - l.data_start;
    d->rotor = l.data_start;

    for (uint32_t blk = 0; blk < l.dir_blocks; blk++) {   /* pass 1 */
        if ((rc = blk_read(d, FS_DIR_START + blk, b)))
            return rc;
        for (uint32_t i = 0; i < FS_DIR_PER_BLOCK; i++) {
            uint32_t s = blk * FS_DIR_PER_BLOCK + i;
            dirent_decode(&d->dir[s], b + i * DE_SIZE);
            d->quarantined[s] = (uint8_t)entry_check(d, s, b + i * DE_SIZE);
        }
    }
    for (uint32_t s = 0; s < dir_entries(d); s++)   /* pass 2 */
        if (slot_in_use(d, s))
            d->quarantined[s] = (uint8_t)chain_claim(d, &d->dir[s]);
    for (uint32_t s = 0; s < dir_entries(d); s++)   /* pass 3 */
        if (d->quarantined[s] && d->quarantined[s] < Q_RANGE)
            chain_claim(d, &d->dir[s]);

    for (uint32_t s = 0; s < dir_entries(d); s++)
        if (d->quarantined[s] && complain)
            complain(arg, (int)s, &d->dir[s], q_reason[d->quarantined[s]]);
    d->mounted = true;
    return FS_OK;
}

void fs_unmount(struct fs_disk *d)
{
    d->mounted = false;
    d->open = NULL;
    d->nopen = 0;
}

/* ---- format and nucleus ------------------------------------------------------------- */

int fs_format(struct fs_disk *d, const uint8_t label[6], uint32_t dir_blocks, uint32_t nucleus_blocks,
              uint64_t now)
{
    uint8_t zero[FS_BLKSIZE];
    int rc;
    if (d->readonly)
        return FS_ERDONLY;
    if (d->mounted && d->nopen)
        return FS_EBUSY;
    if (dir_blocks == 0 || dir_blocks > FS_MAX_FILES / FS_DIR_PER_BLOCK || nucleus_blocks > FS_MAX_BLOCKS ||
        d->dev_blocks > FS_MAX_BLOCKS || !valid_field(label, 6, true))
        return FS_EINVAL;
    struct fs_label l;
    memset(&l, 0, sizeof l);
    l.magic = FS_MAGIC;
    memcpy(l.label, label, 6);
    l.version = FS_VERSION;
    l.blksize = FS_BLKSIZE;
    l.nblocks = d->dev_blocks;
    l.dir_blocks = dir_blocks;
    l.nucleus_start = FS_DIR_START + dir_blocks;
    l.nucleus_blocks = nucleus_blocks;
    l.data_start = l.nucleus_start + nucleus_blocks;
    l.formatted = now;
    if (l.data_start + MIN_DATA_BLOCKS > l.nblocks)
        return FS_EINVAL;

    /* The old label goes first: a format that fails part way leaves a
     * disk that is plainly not formatted, never a mixture. */
    d->mounted = false;
    memset(zero, 0, sizeof zero);
    if ((rc = blk_write(d, FS_LABEL_BLOCK, zero)) || (rc = blk_write(d, FS_IPL_BLOCK, zero)))
        return rc;
    for (uint32_t i = 0; i < dir_blocks; i++)
        if ((rc = blk_write(d, FS_DIR_START + i, zero)))
            return rc;
    if ((rc = label_write(d, &l)))
        return rc;
    d->label = l;
    memset(d->dir, 0, sizeof d->dir);
    memset(d->quarantined, 0, sizeof d->quarantined);
    memset(d->used, 0, sizeof d->used);
    d->free_blocks = l.nblocks - l.data_start;
    d->rotor = l.data_start;
    d->open = NULL;
    d->nopen = 0;
    d->mounted = true;
    return FS_OK;
}

static void ccw(uint8_t *p, uint8_t cmd, uint8_t flags, uint32_t count, uint32_t addr)
{
    p[0] = cmd;
    p[1] = flags;
    enc16(p + 2, count);
    enc32(p + 4, addr);
}

/* The IPL record of fs.h for a nucleus of `blocks` blocks. */
static void ipl_record(uint8_t *b, const struct fs_label *l, uint32_t blocks, uint32_t load, uint32_t entry)
{
    memset(b, 0, FS_BLKSIZE);
    enc32(b, 0x00080000u);
    enc32(b + 4, 0x80000000u | entry);
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
    enc32(b + 0x10C, l->nblocks - 1);
    b[0x110] = LOCATE_READ;
    enc16(b + 0x112, blocks);
    enc32(b + 0x114, l->nucleus_start);
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
    if ((rc = blk_write(d, FS_IPL_BLOCK, b)))
        return rc;
    for (uint32_t i = 0; i < blocks; i++) {
        uint32_t off = i * FS_BLKSIZE, n = len - off < FS_BLKSIZE ? len - off : FS_BLKSIZE;
        memset(b, 0, sizeof b);
        memcpy(b, src + off, n);
        if ((rc = blk_write(d, d->label.nucleus_start + i, b)))
            return rc;
    }
    ipl_record(b, &d->label, blocks, load, entry);
    if ((rc = blk_write(d, FS_IPL_BLOCK, b)))
        return rc;
    struct fs_label l = d->label;
    l.nucleus_load = load;
    l.nucleus_bytes = len;
    l.nucleus_entry = entry;
    if ((rc = label_write(d, &l)))
        return rc;
    d->label = l;
    return FS_OK;
}

/* ---- reading ----------------------------------------------------------------------- */

int fs_open(struct fs_disk *d, struct fs_file *f, const uint8_t fn[8], const uint8_t ft[8])
{
    if (!d->mounted)
        return FS_ENOTMOUNTED;
    if (!fs_valid_name(fn) || !fs_valid_name(ft))
        return FS_EINVAL;
    int s = fs_lookup(d, fn, ft);
    if (s < 0)
        return FS_ENOTFOUND;
    memset(f, 0, sizeof *f);
    f->d = d;
    f->slot = s;
    f->replaces = -1;
    f->ent = d->dir[s];
    f->buf_blockno = NO_BLOCK;
    f->idx_first = f->ent.index;
    open_add(d, f);
    return FS_OK;
}

/* Read index block `blk` into f->idx, checking what mount checked. */
static int index_load(struct fs_file *f, uint32_t blk)
{
    uint8_t b[FS_BLKSIZE];
    int rc;
    if (!in_data(f->d, blk))
        return FS_ECORRUPT;
    if ((rc = blk_read(f->d, blk, b)))
        return rc;
    index_decode(&f->idx, b);
    if (f->idx.count == 0 || f->idx.count > FS_INDEX_SLOTS)
        return FS_ECORRUPT;
    f->idx_block = blk;
    return FS_OK;
}

/* Bring the file's data block n into f->buf. */
static int data_load(struct fs_file *f, uint32_t n)
{
    int rc;
    if (n >= f->ent.nblocks)
        return FS_ECORRUPT;
    if (f->idx_block == 0 || n < f->idx_base) {
        f->idx_base = 0;
        if ((rc = index_load(f, f->idx_first)))
            return rc;
    }
    while (n >= f->idx_base + f->idx.count) {   /* idx_base grows every time round */
        if (!f->idx.next)
            return FS_ECORRUPT;
        f->idx_base += f->idx.count;
        if ((rc = index_load(f, f->idx.next)))
            return rc;
    }
    uint32_t blk = f->idx.block[n - f->idx_base];
    if (!in_data(f->d, blk))
        return FS_ECORRUPT;
    f->buf_blockno = NO_BLOCK;
    if ((rc = blk_read(f->d, blk, f->buf)))
        return rc;
    f->buf_blockno = n;
    return FS_OK;
}

/* Take the next n bytes of the stream into dst (NULL: skip them). */
static int stream_get(struct fs_file *f, uint8_t *dst, uint32_t n)
{
    int rc;
    if (n > f->ent.nbytes - f->pos)
        return FS_ECORRUPT;
    while (n) {
        uint32_t blockno = f->pos / FS_BLKSIZE, off = f->pos % FS_BLKSIZE, k = FS_BLKSIZE - off;
        if (k > n)
            k = n;
        if (f->buf_blockno != blockno && (rc = data_load(f, blockno)))
            return rc;
        if (dst) {
            memcpy(dst, f->buf + off, k);
            dst += k;
        }
        f->pos += k;
        n -= k;
    }
    return FS_OK;
}

int fs_read(struct fs_file *f, void *buf, uint32_t max)
{
    uint8_t hdr[2];
    uint32_t len;
    int rc;
    if (!f->d || f->writing)
        return FS_EINVAL;
    if (f->error)
        return f->error;
    if (f->rec >= f->ent.nrecs)
        return FS_EOF;
    if (f->ent.recfm == FS_RECFM_F) {
        len = f->ent.lrecl;
    } else {
        if ((rc = stream_get(f, hdr, 2)))
            return f->error = rc;
        len = dec16(hdr);
        if (len == 0 || len > f->ent.lrecl)
            return f->error = FS_ECORRUPT;
    }
    uint32_t k = len < max ? len : max;
    if ((rc = stream_get(f, buf, k)) || (rc = stream_get(f, NULL, len - k)))
        return f->error = rc;
    f->rec++;
    return (int)len;
}

/* A reader lets go. If its file was replaced under it and no other reader
 * still holds that old chain, the old blocks are free now. */
static void reader_close(struct fs_file *f)
{
    struct fs_disk *d = f->d;
    if (!open_remove(f) || !f->orphan || !f->ent.index)
        return;
    for (const struct fs_file *o = d->open; o; o = o->next_open)
        if (!o->writing && o->orphan && o->ent.index == f->ent.index)
            return;
    chain_release(d, f->ent.index, f->ent.nblocks);
}

/* ---- writing ------------------------------------------------------------------------- */

int fs_create(struct fs_disk *d, struct fs_file *f, const uint8_t fn[8], const uint8_t ft[8], uint8_t recfm,
              uint32_t lrecl, uint64_t now)
{
    if (!d->mounted)
        return FS_ENOTMOUNTED;
    if (d->readonly)
        return FS_ERDONLY;
    if (!fs_valid_name(fn) || !fs_valid_name(ft))
        return FS_EINVAL;
    if (recfm == FS_RECFM_V)
        lrecl = 0;   /* becomes the longest record */
    else if (recfm != FS_RECFM_F || lrecl == 0 || lrecl > FS_MAX_LRECL)
        return FS_EINVAL;
    int old = fs_lookup(d, fn, ft);
    if ((old >= 0 && slot_busy(d, old)) || name_being_written(d, fn, ft))
        return FS_EBUSY;
    if (old < 0 && free_slot(d) < 0)
        return FS_EDIRFULL;
    memset(f, 0, sizeof *f);
    f->d = d;
    f->slot = -1;
    f->replaces = old;
    f->writing = true;
    memcpy(f->ent.fn, fn, 8);
    memcpy(f->ent.ft, ft, 8);
    f->ent.recfm = recfm;
    f->ent.lrecl = lrecl;
    f->ent.mtime = now;
    f->buf_blockno = 0;
    open_add(d, f);
    return FS_OK;
}

/* Write f->buf as the file's next data block, recording it in the index
 * (chaining a new index block when this one is full). Nothing is left
 * half-claimed on failure: a block whose write failed is released. */
static int block_flush(struct fs_file *f)
{
    struct fs_disk *d = f->d;
    uint8_t b[FS_BLKSIZE];
    int rc;
    if (f->idx_block == 0) {
        if (!(f->idx_block = block_alloc(d)))
            return FS_EFULL;
        f->idx_first = f->idx_block;
        memset(&f->idx, 0, sizeof f->idx);
    } else if (f->idx.count == FS_INDEX_SLOTS) {
        uint32_t next = block_alloc(d);
        if (!next)
            return FS_EFULL;
        f->idx.next = next;
        index_encode(&f->idx, b);
        if ((rc = blk_write(d, f->idx_block, b))) {
            f->idx.next = 0;
            map_release(d, next);
            return rc;
        }
        f->idx_block = next;
        f->idx_base += FS_INDEX_SLOTS;
        memset(&f->idx, 0, sizeof f->idx);
    }
    uint32_t blk = block_alloc(d);
    if (!blk)
        return FS_EFULL;
    if ((rc = blk_write(d, blk, f->buf))) {
        map_release(d, blk);
        return rc;
    }
    f->idx.block[f->idx.count++] = blk;
    f->ent.nblocks++;
    f->buf_blockno = f->ent.nblocks;
    return FS_OK;
}

static int stream_put(struct fs_file *f, const uint8_t *src, uint32_t n)
{
    int rc;
    while (n) {
        uint32_t off = f->pos % FS_BLKSIZE, k = FS_BLKSIZE - off;
        if (k > n)
            k = n;
        memcpy(f->buf + off, src, k);
        f->pos += k;
        src += k;
        n -= k;
        if (f->pos % FS_BLKSIZE == 0 && (rc = block_flush(f)))
            return rc;
    }
    return FS_OK;
}

int fs_write(struct fs_file *f, const void *rec, uint32_t len)
{
    uint8_t hdr[2];
    int rc;
    if (!f->d || !f->writing)
        return FS_EINVAL;
    if (f->error)
        return f->error;
    if (!is_open(f))
        return FS_ENOTMOUNTED;
    bool v = f->ent.recfm == FS_RECFM_V;
    if (v ? len > FS_MAX_LRECL : len > f->ent.lrecl)
        return FS_ETOOBIG;
    if (v ? len == 0 : len != f->ent.lrecl)
        return FS_EINVAL;
    if (len + 2 > 0xFFFFFFFFu - f->pos)
        return FS_EFULL;
    enc16(hdr, len);
    if ((v && (rc = stream_put(f, hdr, 2))) || (rc = stream_put(f, rec, len)))
        return f->error = rc;
    f->rec++;
    if (v && len > f->ent.lrecl)
        f->ent.lrecl = len;
    return FS_OK;
}

/* Commit: the last data block, the last index block, then the directory
 * block (the commit point), then the replaced file's blocks go. */
static int writer_commit(struct fs_file *f)
{
    struct fs_disk *d = f->d;
    uint8_t b[FS_BLKSIZE];
    uint32_t off = f->pos % FS_BLKSIZE;
    int rc;
    if (f->error)
        return f->error;
    if (off) {
        memset(f->buf + off, 0, FS_BLKSIZE - off);
        if ((rc = block_flush(f)))
            return f->error = rc;
    }
    if (f->idx_block) {
        index_encode(&f->idx, b);
        if ((rc = blk_write(d, f->idx_block, b)))
            return f->error = rc;
    }
    int slot = f->replaces;
    if (slot < 0) {
        if (fs_lookup(d, f->ent.fn, f->ent.ft) >= 0)
            return f->error = FS_EEXIST;
        if ((slot = free_slot(d)) < 0)
            return f->error = FS_EDIRFULL;
    }
    f->ent.nrecs = f->rec;
    f->ent.nbytes = f->pos;
    f->ent.index = f->idx_first;
    dirent_seal(&f->ent);
    if ((rc = dir_write(d, slot, &f->ent)))
        return f->error = rc;
    struct fs_dirent old = d->dir[slot];
    d->dir[slot] = f->ent;
    f->slot = slot;
    open_remove(f);
    if (f->replaces < 0)
        return FS_OK;
    bool held = false;   /* readers of the old file keep its blocks */
    for (struct fs_file *o = d->open; o; o = o->next_open)
        if (!o->writing && !o->orphan && o->slot == slot)
            o->orphan = held = true;
    if (!held)
        chain_release(d, old.index, old.nblocks);
    return FS_OK;
}

int fs_close(struct fs_file *f)
{
    if (!f->d)
        return FS_EINVAL;
    if (!f->writing) {
        reader_close(f);
        return FS_OK;
    }
    if (!is_open(f))
        return FS_ENOTMOUNTED;
    return writer_commit(f);
}

/* Release every block the writer took: the index blocks it wrote (read
 * back from the disk), their data blocks, and the index block in memory. */
static void writer_release(struct fs_disk *d, struct fs_file *f)
{
    uint8_t b[FS_BLKSIZE];
    struct fs_index x;
    uint32_t ib = f->idx_first, budget = f->ent.nblocks / FS_INDEX_SLOTS + 1;
    while (ib && ib != f->idx_block && budget--) {
        if (blk_read(d, ib, b))
            return;   /* leave the rest allocated: the next mount recovers it */
        index_decode(&x, b);
        if (x.count > FS_INDEX_SLOTS)
            return;
        for (uint32_t i = 0; i < x.count; i++)
            map_release(d, x.block[i]);
        map_release(d, ib);
        ib = x.next;
    }
    if (f->idx_block) {
        for (uint32_t i = 0; i < f->idx.count; i++)
            map_release(d, f->idx.block[i]);
        map_release(d, f->idx_block);
    }
}

void fs_abort(struct fs_file *f)
{
    struct fs_disk *d = f->d;
    if (!d)
        return;
    if (!f->writing) {
        reader_close(f);
        return;
    }
    if (open_remove(f) && d->mounted)
        writer_release(d, f);
}

/* ---- erase and rename ------------------------------------------------------------------ */

int fs_erase(struct fs_disk *d, const uint8_t fn[8], const uint8_t ft[8])
{
    int rc;
    if (!d->mounted)
        return FS_ENOTMOUNTED;
    if (d->readonly)
        return FS_ERDONLY;
    if (!fs_valid_name(fn) || !fs_valid_name(ft))
        return FS_EINVAL;
    int s = fs_lookup(d, fn, ft);
    if (s < 0)
        return FS_ENOTFOUND;
    if (slot_busy(d, s))
        return FS_EBUSY;
    struct fs_dirent gone, old = d->dir[s];
    memset(&gone, 0, sizeof gone);
    if ((rc = dir_write(d, s, &gone)))
        return rc;
    d->dir[s] = gone;
    chain_release(d, old.index, old.nblocks);
    return FS_OK;
}

int fs_rename(struct fs_disk *d, const uint8_t fn[8], const uint8_t ft[8], const uint8_t nfn[8],
              const uint8_t nft[8])
{
    int rc;
    if (!d->mounted)
        return FS_ENOTMOUNTED;
    if (d->readonly)
        return FS_ERDONLY;
    if (!fs_valid_name(fn) || !fs_valid_name(ft) || !fs_valid_name(nfn) || !fs_valid_name(nft))
        return FS_EINVAL;
    int s = fs_lookup(d, fn, ft);
    if (s < 0)
        return FS_ENOTFOUND;
    if (fs_lookup(d, nfn, nft) >= 0)
        return FS_EEXIST;
    if (slot_busy(d, s) || name_being_written(d, nfn, nft))
        return FS_EBUSY;
    struct fs_dirent e = d->dir[s];
    memcpy(e.fn, nfn, 8);
    memcpy(e.ft, nft, 8);
    dirent_seal(&e);
    if ((rc = dir_write(d, s, &e)))
        return rc;
    d->dir[s] = e;
    return FS_OK;
}

const char *fs_strerror(int err)
{
    switch (err) {
    case FS_OK: return "no error";
    case FS_ENOTFOUND: return "file not found";
    case FS_EFULL: return "disk full";
    case FS_EDIRFULL: return "directory full";
    case FS_EEXIST: return "file already exists";
    case FS_ERDONLY: return "disk is read-only";
    case FS_EIO: return "I/O error";
    case FS_ECORRUPT: return "file system damaged";
    case FS_EBUSY: return "file is open";
    case FS_EINVAL: return "invalid name, record format, length or argument";
    case FS_ENOTFMT: return "disk is not formatted";
    case FS_ETOOBIG: return "too big";
    case FS_EOF: return "end of file";
    case FS_ENOTMOUNTED: return "disk is not accessed";
    default: return "unknown error";
    }
}
