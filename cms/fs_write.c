/* fs_write.c: the CMS file system's writers: creating (or replacing) a
 * file, writing its records, committing it at close, and abandoning it.
 *
 * Design note. A writer takes free blocks from the map as the file grows
 * and writes each full index block before it starts the next, so
 * fs_abort finds every block the new file took by reading its own chain
 * back (and the index block still in memory). Every index block but the
 * last is full, which mount checks. The directory block is written last
 * (the commit point); a replaced file's blocks are released only after
 * it, or, while readers still hold that file, when the last of them
 * closes (fs_read.c).
 */
#include "fs_internal.h"

int fs_create(struct fs_disk *d, struct fs_file *f, const uint8_t fn[8], const uint8_t ft[8], uint8_t recfm,
              uint32_t lrecl, uint64_t now)
{
    int rc;
    if ((rc = fs_may_change(d, fn, ft)))
        return rc;
    if (recfm == FS_RECFM_V)
        lrecl = 0;   /* becomes the longest record */
    else if (recfm != FS_RECFM_F || lrecl == 0 || lrecl > FS_MAX_LRECL)
        return FS_EINVAL;
    int old = fs_lookup(d, fn, ft);
    if ((old >= 0 && fs_slot_busy(d, old)) || fs_name_being_written(d, fn, ft))
        return FS_EBUSY;
    if (old < 0 && fs_free_slot(d) < 0)
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
    fs_open_link(d, f);
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
        if (!(f->idx_block = fs_block_alloc(d)))
            return FS_EFULL;
        f->idx_first = f->idx_block;
        memset(&f->idx, 0, sizeof f->idx);
    } else if (f->idx.count == FS_INDEX_SLOTS) {
        uint32_t next = fs_block_alloc(d);
        if (!next)
            return FS_EFULL;
        f->idx.next = next;
        fs_index_encode(&f->idx, b);
        if ((rc = fs_blk_write(d, f->idx_block, b))) {
            f->idx.next = 0;
            fs_map_release(d, next);
            return rc;
        }
        f->idx_block = next;
        f->idx_base += FS_INDEX_SLOTS;
        memset(&f->idx, 0, sizeof f->idx);
    }
    uint32_t blk = fs_block_alloc(d);
    if (!blk)
        return FS_EFULL;
    if ((rc = fs_blk_write(d, blk, f->buf))) {
        fs_map_release(d, blk);
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
    if (!fs_open_listed(f))
        return FS_ENOTMOUNTED;
    bool v = f->ent.recfm == FS_RECFM_V;
    if (v ? len > FS_MAX_LRECL : len > f->ent.lrecl)
        return FS_ETOOBIG;
    if (v ? len == 0 : len != f->ent.lrecl)
        return FS_EINVAL;
    if (len + 2 > 0xFFFFFFFFu - f->pos)
        return FS_EFULL;
    codec_put16(hdr, len);
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
        fs_index_encode(&f->idx, b);
        if ((rc = fs_blk_write(d, f->idx_block, b)))
            return f->error = rc;
    }
    int slot = f->replaces;
    if (slot < 0) {
        if (fs_lookup(d, f->ent.fn, f->ent.ft) >= 0)
            return f->error = FS_EEXIST;
        if ((slot = fs_free_slot(d)) < 0)
            return f->error = FS_EDIRFULL;
    }
    f->ent.nrecs = f->rec;
    f->ent.nbytes = f->pos;
    f->ent.index = f->idx_first;
    fs_dirent_seal(&f->ent);
    if ((rc = fs_dir_write(d, slot, &f->ent)))
        return f->error = rc;
    struct fs_dirent old = d->dir[slot];
    d->dir[slot] = f->ent;
    f->slot = slot;
    fs_open_unlink(f);
    if (f->replaces < 0)
        return FS_OK;
    bool held = false;   /* readers of the old file keep its blocks */
    for (struct fs_file *o = d->open; o; o = o->next_open)
        if (!o->writing && !o->orphan && o->slot == slot)
            o->orphan = held = true;
    if (!held)
        fs_chain_release(d, old.index, old.nblocks);
    return FS_OK;
}

int fs_close(struct fs_file *f)
{
    if (!f->d)
        return FS_EINVAL;
    if (!f->writing) {
        fs_reader_close(f);
        return FS_OK;
    }
    if (!fs_open_listed(f))
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
        if (fs_blk_read(d, ib, b))
            return;   /* leave the rest allocated: the next mount recovers it */
        fs_index_decode(&x, b);
        if (x.count > FS_INDEX_SLOTS)
            return;
        for (uint32_t i = 0; i < x.count; i++)
            fs_map_release(d, x.block[i]);
        fs_map_release(d, ib);
        ib = x.next;
    }
    if (f->idx_block) {
        for (uint32_t i = 0; i < f->idx.count; i++)
            fs_map_release(d, f->idx.block[i]);
        fs_map_release(d, f->idx_block);
    }
}

void fs_abort(struct fs_file *f)
{
    struct fs_disk *d = f->d;
    if (!d)
        return;
    if (!f->writing) {
        fs_reader_close(f);
        return;
    }
    if (fs_open_unlink(f) && d->mounted)
        writer_release(d, f);
}
