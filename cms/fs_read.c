/* fs_read.c: the CMS file system's readers: opening a file and reading
 * its records in order (the record formats are in fs.h).
 *
 * Design note. Records are read in order, so a reader walks its file's
 * index chain forward as it goes, holding one index block and one data
 * block in its struct fs_file. Every block number is checked as mount
 * checked it, so a chain damaged since mount gives FS_ECORRUPT, not a
 * read of the wrong block; an error spoils the reader, and later reads
 * return it.
 */
#include "fs_internal.h"

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
    f->buf_blockno = FS_NO_BLOCK;
    f->idx_first = f->ent.index;
    fs_open_link(d, f);
    return FS_OK;
}

/* Read index block `blk` into f->idx, checking what mount checked. */
static int index_load(struct fs_file *f, uint32_t blk)
{
    uint8_t b[FS_BLKSIZE];
    int rc;
    if (!fs_in_data(f->d, blk))
        return FS_ECORRUPT;
    if ((rc = fs_blk_read(f->d, blk, b)))
        return rc;
    fs_index_decode(&f->idx, b);
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
    if (!fs_in_data(f->d, blk))
        return FS_ECORRUPT;
    f->buf_blockno = FS_NO_BLOCK;
    if ((rc = fs_blk_read(f->d, blk, f->buf)))
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
        len = codec_get16(hdr);
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
void fs_reader_close(struct fs_file *f)
{
    struct fs_disk *d = f->d;
    if (!fs_open_unlink(f) || !f->orphan || !f->ent.index)
        return;
    for (const struct fs_file *o = d->open; o; o = o->next_open)
        if (!o->writing && o->orphan && o->ent.index == f->ent.index)
            return;
    fs_chain_release(d, f->ent.index, f->ent.nblocks);
}
