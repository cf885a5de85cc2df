/* fs_blocks.c: the CMS file system's blocks: reading and writing them
 * through the caller's device, the label block, the in-memory allocation
 * map, and releasing a file's index chain.
 *
 * Design note. There is no free-space map on disk (fs.h): fs_mount
 * builds this one by walking every file's chain, and writers claim from
 * it as files grow. The map covers the data area only; a claim or release
 * of any other block number does nothing, so a bad number read from a
 * damaged index block cannot free or take the label or the directory.
 * Allocation starts where the last one ended (d->rotor), so files grow
 * into consecutive blocks on a fresh disk.
 */
#include "fs_internal.h"

int fs_blk_read(struct fs_disk *d, uint32_t blk, void *buf)
{
    if (blk >= d->dev_blocks)
        return FS_EIO;
    return d->read_block(d->dev, blk, buf) ? FS_EIO : FS_OK;
}

int fs_blk_write(struct fs_disk *d, uint32_t blk, const void *buf)
{
    if (d->readonly)
        return FS_ERDONLY;
    if (blk >= d->dev_blocks)
        return FS_EIO;
    return d->write_block(d->dev, blk, buf) ? FS_EIO : FS_OK;
}

bool fs_in_data(const struct fs_disk *d, uint32_t b) { return b >= d->label.data_start && b < d->label.nblocks; }
bool fs_map_test(const struct fs_disk *d, uint32_t b) { return d->used[b >> 3] & (1u << (b & 7)); }

void fs_map_claim(struct fs_disk *d, uint32_t b)
{
    if (fs_in_data(d, b) && !fs_map_test(d, b)) {
        d->used[b >> 3] |= (uint8_t)(1u << (b & 7));
        d->free_blocks--;
    }
}

void fs_map_release(struct fs_disk *d, uint32_t b)
{
    if (fs_in_data(d, b) && fs_map_test(d, b)) {
        d->used[b >> 3] &= (uint8_t)~(1u << (b & 7));
        d->free_blocks++;
    }
}

/* A free data block, now claimed, or 0 when the disk is full. The search
 * starts where the last one ended and skips whole used bytes. */
uint32_t fs_block_alloc(struct fs_disk *d)
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
        if (!fs_map_test(d, b)) {
            fs_map_claim(d, b);
            d->rotor = b + 1;
            return b;
        }
    }
    return 0;
}

/* Release the blocks of a committed file's chain. A block that cannot be
 * read leaves the rest allocated: safe, and the next mount recovers them. */
void fs_chain_release(struct fs_disk *d, uint32_t first, uint32_t nblocks)
{
    uint8_t b[FS_BLKSIZE];
    struct fs_index x;
    uint32_t ib = first, budget = nblocks / FS_INDEX_SLOTS + 1;
    while (ib && fs_in_data(d, ib) && budget--) {
        if (fs_blk_read(d, ib, b))
            return;
        fs_index_decode(&x, b);
        if (x.count > FS_INDEX_SLOTS)
            return;
        for (uint32_t i = 0; i < x.count; i++)
            fs_map_release(d, x.block[i]);
        fs_map_release(d, ib);
        ib = x.next;
    }
}

int fs_label_write(struct fs_disk *d, struct fs_label *l)
{
    uint8_t b[FS_BLKSIZE];
    fs_label_encode(l, b);
    l->checksum = fs_checksum(b, LB_CHECKSUM);
    codec_put32(b + LB_CHECKSUM, l->checksum);
    return fs_blk_write(d, FS_LABEL_BLOCK, b);
}
