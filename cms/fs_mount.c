/* fs_mount.c: the CMS file system's whole-disk calls: format, mount and
 * unmount, and the messages of its errors.
 *
 * Design note. Mount checks the directory in three passes, so that a bad
 * entry costs only itself:
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
 */
#include "fs_internal.h"

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

/* Take l as the disk's label, with an empty directory, nothing
 * quarantined and every data block free. */
static void disk_reset(struct fs_disk *d, const struct fs_label *l)
{
    d->label = *l;
    memset(d->dir, 0, sizeof d->dir);
    memset(d->quarantined, 0, sizeof d->quarantined);
    memset(d->used, 0, sizeof d->used);
    d->free_blocks = l->nblocks - l->data_start;
    d->rotor = l->data_start;
}

/* ---- mount -------------------------------------------------------------------------- */

static bool label_sane(const struct fs_label *l, uint32_t dev_blocks)
{
    return l->version == FS_VERSION && l->blksize == FS_BLKSIZE && l->nblocks <= dev_blocks &&
           l->nblocks <= FS_MAX_BLOCKS && l->dir_blocks >= 1 &&
           l->dir_blocks <= FS_MAX_FILES / FS_DIR_PER_BLOCK && l->nucleus_start == FS_DIR_START + l->dir_blocks &&
           l->nucleus_blocks <= FS_MAX_BLOCKS && l->data_start == l->nucleus_start + l->nucleus_blocks &&
           l->data_start + FS_MIN_DATA_BLOCKS <= l->nblocks &&
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
        if (fs_slot_in_use(d, s) && !memcmp(d->dir[s].fn, e->fn, 8) && !memcmp(d->dir[s].ft, e->ft, 8))
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
        if (fs_blk_read(d, ib, b))
            return false;
        ib = codec_get32(b);
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
        if (!fs_in_data(d, ib))
            return first_reason(why, Q_RANGE);
        if (fs_map_test(d, ib))
            return first_reason(why, chain_revisits(d, e->index, nidx, ib) ? Q_LOOP : Q_TWICE);
        fs_map_claim(d, ib);
        nidx++;
        if (fs_blk_read(d, ib, b))
            return first_reason(why, Q_UNREADABLE);
        fs_index_decode(&x, b);
        if (x.count == 0 || x.count > FS_INDEX_SLOTS)
            return first_reason(why, Q_INDEX);
        if (x.next && x.count != FS_INDEX_SLOTS)
            why = first_reason(why, Q_INDEX);
        for (uint32_t i = 0; i < x.count; i++) {
            if (!fs_in_data(d, x.block[i]))
                why = first_reason(why, Q_RANGE);
            else if (fs_map_test(d, x.block[i]))
                why = first_reason(why, Q_TWICE);
            else
                fs_map_claim(d, x.block[i]);
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
    if ((rc = fs_blk_read(d, FS_LABEL_BLOCK, b)))
        return rc;
    fs_label_decode(&l, b);
    if (l.magic != FS_MAGIC)
        return FS_ENOTFMT;
    if (fs_checksum(b, LB_CHECKSUM) != l.checksum || !label_sane(&l, d->dev_blocks))
        return FS_ECORRUPT;
    disk_reset(d, &l);

    for (uint32_t blk = 0; blk < l.dir_blocks; blk++) {   /* pass 1 */
        if ((rc = fs_blk_read(d, FS_DIR_START + blk, b)))
            return rc;
        for (uint32_t i = 0; i < FS_DIR_PER_BLOCK; i++) {
            uint32_t s = blk * FS_DIR_PER_BLOCK + i;
            fs_dirent_decode(&d->dir[s], b + i * DE_SIZE);
            d->quarantined[s] = (uint8_t)entry_check(d, s, b + i * DE_SIZE);
        }
    }
    for (uint32_t s = 0; s < fs_dir_entries(d); s++)   /* pass 2 */
        if (fs_slot_in_use(d, s))
            d->quarantined[s] = (uint8_t)chain_claim(d, &d->dir[s]);
    for (uint32_t s = 0; s < fs_dir_entries(d); s++)   /* pass 3 */
        if (d->quarantined[s] && d->quarantined[s] < Q_RANGE)
            chain_claim(d, &d->dir[s]);

    for (uint32_t s = 0; s < fs_dir_entries(d); s++)
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

/* ---- format ------------------------------------------------------------------------- */

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
        d->dev_blocks > FS_MAX_BLOCKS || !fs_valid_field(label, 6, true))
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
    if (l.data_start + FS_MIN_DATA_BLOCKS > l.nblocks)
        return FS_EINVAL;

    /* The old label goes first: a format that fails part way leaves a
     * disk that is plainly not formatted, never a mixture. */
    d->mounted = false;
    memset(zero, 0, sizeof zero);
    if ((rc = fs_blk_write(d, FS_LABEL_BLOCK, zero)) || (rc = fs_blk_write(d, FS_IPL_BLOCK, zero)))
        return rc;
    for (uint32_t i = 0; i < dir_blocks; i++)
        if ((rc = fs_blk_write(d, FS_DIR_START + i, zero)))
            return rc;
    if ((rc = fs_label_write(d, &l)))
        return rc;
    disk_reset(d, &l);
    d->open = NULL;
    d->nopen = 0;
    d->mounted = true;
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
