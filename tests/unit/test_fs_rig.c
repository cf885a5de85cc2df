/* test_fs_rig.c: the rig of the CMS file system's tests (test_fs.h): an
 * in-memory disk with failure injection, and files of known records.
 */
#include "test_fs.h"

static int mem_read(void *dev, uint32_t blk, void *buf)
{
    struct memdev *m = dev;
    cr_assert_lt(blk, m->nblocks, "read of block %u past the end", blk);
    if (m->fail_reads)
        return FS_EIO;
    memcpy(buf, m->data + (size_t)blk * FS_BLKSIZE, FS_BLKSIZE);
    return 0;
}

static int mem_write(void *dev, uint32_t blk, const void *buf)
{
    struct memdev *m = dev;
    cr_assert_lt(blk, m->nblocks, "write of block %u past the end", blk);
    u32 n = ++m->writes;
    if (n == m->fail_write_at || (m->dead_from && n >= m->dead_from))
        return FS_EIO;
    memcpy(m->data + (size_t)blk * FS_BLKSIZE, buf, FS_BLKSIZE);
    return 0;
}

struct rig *rig_new(u32 nblocks)
{
    struct rig *r = calloc(1, sizeof *r);
    cr_assert_not_null(r);
    r->dev.data = calloc(nblocks, FS_BLKSIZE);
    cr_assert_not_null(r->dev.data);
    r->dev.nblocks = nblocks;
    r->d.dev = &r->dev;
    r->d.read_block = mem_read;
    r->d.write_block = mem_write;
    r->d.dev_blocks = nblocks;
    return r;
}

void rig_free(struct rig *r)
{
    free(r->dev.data);
    free(r);
}

u8 *rig_block(struct rig *r, u32 blk) { return r->dev.data + (size_t)blk * FS_BLKSIZE; }

/* ASCII to an EBCDIC field, blank padded (no upper-casing: tests say what they mean). */
const u8 *rig_ebc(const char *s, u8 *out, size_t n)
{
    memset(out, FS_BLANK, n);
    for (size_t i = 0; s[i] && i < n; i++)
        out[i] = ascii_to_ebcdic[(unsigned char)s[i]];
    return out;
}

/* A formatted, mounted disk: 1 directory block unless asked, no nucleus area. */
struct rig *rig_fresh(u32 nblocks, u32 dir_blocks, u32 nucleus_blocks)
{
    struct rig *r = rig_new(nblocks);
    cr_assert_eq(fs_format(&r->d, LABEL6, dir_blocks, nucleus_blocks, 0x1234), FS_OK);
    return r;
}

static void note_complaint(void *arg, int slot, const struct fs_dirent *e, const char *why)
{
    struct complaints *c = arg;
    cr_assert_lt(c->n, 16);
    c->slot[c->n] = slot;
    snprintf(c->why[c->n], sizeof c->why[0], "%s", why);
    c->n++;
}

int rig_remount(struct rig *r, struct complaints *c)
{
    fs_unmount(&r->d);
    if (c)
        memset(c, 0, sizeof *c);
    return fs_mount(&r->d, c ? note_complaint : NULL, c);
}

/* Record i of a test file: `len` bytes of a pattern that depends on i. */
void rig_pattern(u8 *buf, u32 len, u32 i)
{
    for (u32 k = 0; k < len; k++)
        buf[k] = (u8)(i * 7 + k * 13 + (k >> 8));
}

u32 rig_v_len(u32 i) { return 1 + (i * 37) % 700; }   /* some longer than a block */

/* Write a file of n records: F (lrecl) or V (lengths v_len). */
void rig_write_file(struct rig *r, const char *fn, const char *ft, u8 recfm, u32 lrecl, u32 n)
{
    struct fs_file f;
    u8 buf[FS_MAX_LRECL];
    cr_assert_eq(fs_create(&r->d, &f, N(fn), N(ft), recfm, lrecl, 99), FS_OK);
    for (u32 i = 0; i < n; i++) {
        u32 len = recfm == FS_RECFM_F ? lrecl : rig_v_len(i);
        rig_pattern(buf, len, i);
        cr_assert_eq(fs_write(&f, buf, len), FS_OK, "record %u", i);
    }
    cr_assert_eq(fs_close(&f), FS_OK);
}

/* Read it back and compare. */
void rig_check_file(struct rig *r, const char *fn, const char *ft, u32 n)
{
    struct fs_file f;
    u8 buf[FS_MAX_LRECL], want[FS_MAX_LRECL];
    cr_assert_eq(fs_open(&r->d, &f, N(fn), N(ft)), FS_OK, "open %s %s", fn, ft);
    for (u32 i = 0; i < n; i++) {
        int len = fs_read(&f, buf, sizeof buf);
        u32 expect = f.ent.recfm == FS_RECFM_F ? f.ent.lrecl : rig_v_len(i);
        cr_assert_eq(len, (int)expect, "%s %s record %u: length %d", fn, ft, i, len);
        rig_pattern(want, expect, i);
        cr_assert_eq(memcmp(buf, want, expect), 0, "%s %s record %u differs", fn, ft, i);
    }
    cr_assert_eq(fs_read(&f, buf, sizeof buf), FS_EOF);
    cr_assert_eq(fs_close(&f), FS_OK);
}

/* The most 512-byte records a file can have in `free_blocks` blocks. */
u32 rig_fill_records(u32 free_blocks)
{
    u32 n = free_blocks;
    while (n && n + (n + FS_INDEX_SLOTS - 1) / FS_INDEX_SLOTS > free_blocks)
        n--;
    return n;
}

/* The blocks that hold something: everything before the data area, and
 * every allocated data block. */
u8 *rig_snapshot(struct rig *r, u8 *held)
{
    u8 *copy = malloc((size_t)r->dev.nblocks * FS_BLKSIZE);
    memcpy(copy, r->dev.data, (size_t)r->dev.nblocks * FS_BLKSIZE);
    for (u32 b = 0; b < r->dev.nblocks; b++)
        held[b] = b < r->d.label.data_start || (r->d.used[b >> 3] >> (b & 7) & 1);
    return copy;
}

void rig_check_unchanged(struct rig *r, const u8 *copy, const u8 *held)
{
    for (u32 b = 0; b < r->dev.nblocks; b++)
        if (held[b])
            cr_assert_eq(memcmp(rig_block(r, b), copy + (size_t)b * FS_BLKSIZE, FS_BLKSIZE), 0,
                         "block %u changed", b);
}

/* The in-memory map equals what a fresh mount builds from the disk. */
void rig_check_map(struct rig *r)
{
    u8 used[FS_MAX_BLOCKS / 8];
    u32 free_blocks = r->d.free_blocks;
    memcpy(used, r->d.used, sizeof used);
    cr_assert_eq(rig_remount(r, NULL), FS_OK);
    cr_assert_eq(r->d.free_blocks, free_blocks);
    cr_assert_eq(memcmp(used, r->d.used, sizeof used), 0, "allocation map differs from the disk's");
}
