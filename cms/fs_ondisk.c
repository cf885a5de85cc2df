/* fs_ondisk.c: the CMS file system's on-disk structures (fs.h): the
 * label, directory entries and index blocks, encoded into their bytes
 * and decoded back, and the checksum that seals the label and entries.
 *
 * Design note. Every structure the disk holds is encoded and decoded here
 * a field at a time, big-endian (codec.h), at the offsets fs_internal.h
 * names, so the host build and the guest build write the same bytes and
 * an image made by either reads in the other; every byte put on disk is
 * a number. No I/O here: fs_blocks.c moves the blocks.
 */
#include "fs_internal.h"

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

void fs_label_encode(const struct fs_label *l, uint8_t *b)
{
    memset(b, 0, FS_BLKSIZE);
    codec_put32(b + LB_MAGIC, l->magic);
    memcpy(b + LB_LABEL, l->label, 6);
    codec_put16(b + LB_VERSION, l->version);
    codec_put32(b + LB_BLKSIZE, l->blksize);
    codec_put32(b + LB_NBLOCKS, l->nblocks);
    codec_put32(b + LB_DIR_BLOCKS, l->dir_blocks);
    codec_put32(b + LB_NUC_START, l->nucleus_start);
    codec_put32(b + LB_NUC_BLOCKS, l->nucleus_blocks);
    codec_put32(b + LB_NUC_LOAD, l->nucleus_load);
    codec_put32(b + LB_NUC_BYTES, l->nucleus_bytes);
    codec_put32(b + LB_NUC_ENTRY, l->nucleus_entry);
    codec_put32(b + LB_DATA_START, l->data_start);
    codec_put64(b + LB_FORMATTED, l->formatted);
    codec_put32(b + LB_CHECKSUM, l->checksum);
}

void fs_label_decode(struct fs_label *l, const uint8_t *b)
{
    l->magic = codec_get32(b + LB_MAGIC);
    memcpy(l->label, b + LB_LABEL, 6);
    l->version = (uint16_t)codec_get16(b + LB_VERSION);
    l->blksize = codec_get32(b + LB_BLKSIZE);
    l->nblocks = codec_get32(b + LB_NBLOCKS);
    l->dir_blocks = codec_get32(b + LB_DIR_BLOCKS);
    l->nucleus_start = codec_get32(b + LB_NUC_START);
    l->nucleus_blocks = codec_get32(b + LB_NUC_BLOCKS);
    l->nucleus_load = codec_get32(b + LB_NUC_LOAD);
    l->nucleus_bytes = codec_get32(b + LB_NUC_BYTES);
    l->nucleus_entry = codec_get32(b + LB_NUC_ENTRY);
    l->data_start = codec_get32(b + LB_DATA_START);
    l->formatted = codec_get64(b + LB_FORMATTED);
    l->checksum = codec_get32(b + LB_CHECKSUM);
}

void fs_dirent_encode(const struct fs_dirent *e, uint8_t *p)
{
    memcpy(p + DE_FN, e->fn, 8);
    memcpy(p + DE_FT, e->ft, 8);
    p[DE_RECFM] = e->recfm;
    p[DE_FLAGS] = e->flags;
    codec_put16(p + DE_RESERVED, e->reserved);
    codec_put32(p + DE_LRECL, e->lrecl);
    codec_put32(p + DE_NRECS, e->nrecs);
    codec_put32(p + DE_NBYTES, e->nbytes);
    codec_put32(p + DE_NBLOCKS, e->nblocks);
    codec_put32(p + DE_INDEX, e->index);
    codec_put64(p + DE_MTIME, e->mtime);
    memcpy(p + DE_PAD, e->pad, sizeof e->pad);
    codec_put32(p + DE_CHECKSUM, e->checksum);
}

void fs_dirent_decode(struct fs_dirent *e, const uint8_t *p)
{
    memcpy(e->fn, p + DE_FN, 8);
    memcpy(e->ft, p + DE_FT, 8);
    e->recfm = p[DE_RECFM];
    e->flags = p[DE_FLAGS];
    e->reserved = (uint16_t)codec_get16(p + DE_RESERVED);
    e->lrecl = codec_get32(p + DE_LRECL);
    e->nrecs = codec_get32(p + DE_NRECS);
    e->nbytes = codec_get32(p + DE_NBYTES);
    e->nblocks = codec_get32(p + DE_NBLOCKS);
    e->index = codec_get32(p + DE_INDEX);
    e->mtime = codec_get64(p + DE_MTIME);
    memcpy(e->pad, p + DE_PAD, sizeof e->pad);
    e->checksum = codec_get32(p + DE_CHECKSUM);
}

/* Set e->checksum for its other fields. */
void fs_dirent_seal(struct fs_dirent *e)
{
    uint8_t p[DE_SIZE];
    fs_dirent_encode(e, p);
    e->checksum = fs_checksum(p, DE_CHECKSUM);
}

void fs_index_encode(const struct fs_index *x, uint8_t *b)
{
    codec_put32(b, x->next);
    codec_put32(b + 4, x->count);
    for (int i = 0; i < FS_INDEX_SLOTS; i++)
        codec_put32(b + 8 + 4 * i, x->block[i]);
}

void fs_index_decode(struct fs_index *x, const uint8_t *b)
{
    x->next = codec_get32(b);
    x->count = codec_get32(b + 4);
    for (int i = 0; i < FS_INDEX_SLOTS; i++)
        x->block[i] = codec_get32(b + 8 + 4 * i);
}
