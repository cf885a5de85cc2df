/* fs_dir.c: the CMS file system's directory: names and patterns, finding
 * entries, free slots and space, writing a directory block, the list of
 * open files, and the two calls that change only the directory (erase
 * and rename).
 *
 * Design note. The in-memory directory (fs_disk.dir) is the disk's,
 * decoded, and a slot is in use when its name is set and mount did not
 * quarantine it. A directory block is always written whole from memory,
 * with only the one changed entry new, so what it says of the other
 * entries never goes back in time. Open files are on a list through the
 * disk, so that erase, rename and replace can refuse a file in use, and
 * so that readers still holding a file replaced under them keep its
 * blocks until the last one closes (fs_read.c, fs_write.c).
 */
#include "fs_internal.h"

/* ---- names ------------------------------------------------------------------------- */

/* A-Z 0-9 $ # @, and + - _ */
static bool name_char(uint8_t c)
{
    return codec_letter(c) || codec_digit(c) || codec_national(c) || c == 0x4E || c == 0x60 || c == 0x6D;
}

/* Name characters, then blanks to the end; `empty_ok`: all blanks too. */
bool fs_valid_field(const uint8_t *p, int n, bool empty_ok)
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

bool fs_valid_name(const uint8_t name[8]) { return fs_valid_field(name, 8, false); }

bool fs_match(const uint8_t name[8], const uint8_t pat[8])
{
    int last = 7;
    while (last > 0 && pat[last] == FS_BLANK)
        last--;
    if (pat[last] == FS_STAR)
        return memcmp(name, pat, (size_t)last) == 0;
    return memcmp(name, pat, 8) == 0;
}

/* ---- the directory --------------------------------------------------------------------- */

uint32_t fs_dir_entries(const struct fs_disk *d) { return d->label.dir_blocks * FS_DIR_PER_BLOCK; }
bool fs_slot_in_use(const struct fs_disk *d, uint32_t s) { return d->dir[s].fn[0] != 0 && !d->quarantined[s]; }

int fs_lookup(const struct fs_disk *d, const uint8_t fn[8], const uint8_t ft[8])
{
    if (!d->mounted)
        return -1;
    for (uint32_t s = 0; s < fs_dir_entries(d); s++)
        if (fs_slot_in_use(d, s) && !memcmp(d->dir[s].fn, fn, 8) && !memcmp(d->dir[s].ft, ft, 8))
            return (int)s;
    return -1;
}

int fs_next(const struct fs_disk *d, int slot, const uint8_t fn_pat[8], const uint8_t ft_pat[8])
{
    if (!d->mounted)
        return -1;
    for (uint32_t s = slot < 0 ? 0 : (uint32_t)slot + 1; s < fs_dir_entries(d); s++)
        if (fs_slot_in_use(d, s) && fs_match(d->dir[s].fn, fn_pat) && fs_match(d->dir[s].ft, ft_pat))
            return (int)s;
    return -1;
}

int fs_free_slot(const struct fs_disk *d)
{
    for (uint32_t s = 0; s < fs_dir_entries(d); s++)
        if (d->dir[s].fn[0] == 0 && !d->quarantined[s])
            return (int)s;
    return -1;
}

uint32_t fs_files(const struct fs_disk *d)
{
    uint32_t n = 0;
    if (d->mounted)
        for (uint32_t s = 0; s < fs_dir_entries(d); s++)
            n += fs_slot_in_use(d, s);
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
int fs_dir_write(struct fs_disk *d, int slot, const struct fs_dirent *e)
{
    uint8_t b[FS_BLKSIZE];
    int first = slot - slot % FS_DIR_PER_BLOCK;
    for (int i = 0; i < FS_DIR_PER_BLOCK; i++)
        fs_dirent_encode(first + i == slot ? e : &d->dir[first + i], b + i * DE_SIZE);
    return fs_blk_write(d, FS_DIR_START + (uint32_t)slot / FS_DIR_PER_BLOCK, b);
}

/* ---- open files ----------------------------------------------------------------------- */

void fs_open_link(struct fs_disk *d, struct fs_file *f)
{
    f->next_open = d->open;
    d->open = f;
    d->nopen++;
}

/* Take f off its disk's list; false if it was not on it (closed already,
 * or the disk was unmounted since). */
bool fs_open_unlink(struct fs_file *f)
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
bool fs_open_listed(const struct fs_file *f)
{
    if (!f->d || !f->d->mounted)
        return false;
    for (const struct fs_file *o = f->d->open; o; o = o->next_open)
        if (o == f)
            return true;
    return false;
}

/* Open for reading, or being replaced: erase, rename and replace refuse it. */
bool fs_slot_busy(const struct fs_disk *d, int slot)
{
    for (const struct fs_file *f = d->open; f; f = f->next_open)
        if (f->writing ? f->replaces == slot : !f->orphan && f->slot == slot)
            return true;
    return false;
}

bool fs_name_being_written(const struct fs_disk *d, const uint8_t fn[8], const uint8_t ft[8])
{
    for (const struct fs_file *f = d->open; f; f = f->next_open)
        if (f->writing && !memcmp(f->ent.fn, fn, 8) && !memcmp(f->ent.ft, ft, 8))
            return true;
    return false;
}

/* ---- erase and rename ------------------------------------------------------------------ */

/* May the file fn ft on d be made, changed or erased? Not unless the disk
 * is mounted, writable, and the name valid: FS_OK, or why not. */
int fs_may_change(const struct fs_disk *d, const uint8_t fn[8], const uint8_t ft[8])
{
    if (!d->mounted)
        return FS_ENOTMOUNTED;
    if (d->readonly)
        return FS_ERDONLY;
    if (!fs_valid_name(fn) || !fs_valid_name(ft))
        return FS_EINVAL;
    return FS_OK;
}

int fs_erase(struct fs_disk *d, const uint8_t fn[8], const uint8_t ft[8])
{
    int rc;
    if ((rc = fs_may_change(d, fn, ft)))
        return rc;
    int s = fs_lookup(d, fn, ft);
    if (s < 0)
        return FS_ENOTFOUND;
    if (fs_slot_busy(d, s))
        return FS_EBUSY;
    struct fs_dirent gone, old = d->dir[s];
    memset(&gone, 0, sizeof gone);
    if ((rc = fs_dir_write(d, s, &gone)))
        return rc;
    d->dir[s] = gone;
    fs_chain_release(d, old.index, old.nblocks);
    return FS_OK;
}

int fs_rename(struct fs_disk *d, const uint8_t fn[8], const uint8_t ft[8], const uint8_t nfn[8],
              const uint8_t nft[8])
{
    int rc;
    if ((rc = fs_may_change(d, fn, ft)))
        return rc;
    if (!fs_valid_name(nfn) || !fs_valid_name(nft))
        return FS_EINVAL;
    int s = fs_lookup(d, fn, ft);
    if (s < 0)
        return FS_ENOTFOUND;
    if (fs_lookup(d, nfn, nft) >= 0)
        return FS_EEXIST;
    if (fs_slot_busy(d, s) || fs_name_being_written(d, nfn, nft))
        return FS_EBUSY;
    struct fs_dirent e = d->dir[s];
    memcpy(e.fn, nfn, 8);
    memcpy(e.ft, nft, 8);
    fs_dirent_seal(&e);
    if ((rc = fs_dir_write(d, s, &e)))
        return rc;
    d->dir[s] = e;
    return FS_OK;
}
