/* test_fs.c: the CMS file system (cms/fs.c) over an in-memory disk.
 *
 * The disk here is an array of 512-byte blocks with failure injection:
 * `fail_write_at` = N makes the Nth write from now fail (FS_EIO) and
 * leaves the block untouched, as a device that reports an error would;
 * `dead_from` makes every write from then on fail. Tests check what fs.h
 * promises: the on-disk bytes (label, entries, IPL record), record I/O,
 * the commit rules (a failure leaves the disk as it was), and mount's
 * quarantine of bad entries while every other file stays readable.
 *
 * "As it was" is checked on every block that held something before the
 * operation: the IPL record, label, directory, nucleus area and every
 * allocated data block. Free blocks may hold the abandoned file's bytes
 * (nothing refers to them), and a fresh mount must agree with the
 * in-memory map.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "fs.h"

struct memdev {
    u8 *data;
    u32 nblocks;
    u32 writes;          /* writes done */
    u32 fail_write_at;   /* 0, or the write number (writes + 1 ...) to fail once */
    u32 dead_from;       /* 0, or the first write number from which all fail */
    bool fail_reads;
};

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

struct rig {
    struct memdev dev;
    struct fs_disk d;
};

static struct rig *rig_new(u32 nblocks)
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

static void rig_free(struct rig *r)
{
    free(r->dev.data);
    free(r);
}

static u8 *block(struct rig *r, u32 blk) { return r->dev.data + (size_t)blk * FS_BLKSIZE; }

/* ASCII to an EBCDIC field, blank padded (no upper-casing: tests say what they mean). */
static const u8 *ebc(const char *s, u8 *out, size_t n)
{
    memset(out, FS_BLANK, n);
    for (size_t i = 0; s[i] && i < n; i++)
        out[i] = ascii_to_ebcdic[(unsigned char)s[i]];
    return out;
}
#define N(s) ebc((s), (u8[8]){0}, 8)

#define LABEL6 ebc("TEST01", (u8[8]){0}, 6)

/* A formatted, mounted disk: 1 directory block unless asked, no nucleus area. */
static struct rig *fresh(u32 nblocks, u32 dir_blocks, u32 nucleus_blocks)
{
    struct rig *r = rig_new(nblocks);
    cr_assert_eq(fs_format(&r->d, LABEL6, dir_blocks, nucleus_blocks, 0x1234), FS_OK);
    return r;
}

struct complaints {
    int n;
    int slot[16];
    char why[16][96];
};

static void note_complaint(void *arg, int slot, const struct fs_dirent *e, const char *why)
{
    struct complaints *c = arg;
    cr_assert_lt(c->n, 16);
    c->slot[c->n] = slot;
    snprintf(c->why[c->n], sizeof c->why[0], "%s", why);
    c->n++;
}

static int remount(struct rig *r, struct complaints *c)
{
    fs_unmount(&r->d);
    if (c)
        memset(c, 0, sizeof *c);
    return fs_mount(&r->d, c ? note_complaint : NULL, c);
}

/* Record i of a test file: `len` bytes of a pattern that depends on i. */
static void pattern(u8 *buf, u32 len, u32 i)
{
    for (u32 k = 0; k < len; k++)
        buf[k] = (u8)(i * 7 + k * 13 + (k >> 8));
}

static u32 v_len(u32 i) { return 1 + (i * 37) % 700; }   /* some longer than a block */

/* Write a file of n records: F (lrecl) or V (lengths v_len). */
static void write_file(struct rig *r, const char *fn, const char *ft, u8 recfm, u32 lrecl, u32 n)
{
    struct fs_file f;
    u8 buf[FS_MAX_LRECL];
    cr_assert_eq(fs_create(&r->d, &f, N(fn), N(ft), recfm, lrecl, 99), FS_OK);
    for (u32 i = 0; i < n; i++) {
        u32 len = recfm == FS_RECFM_F ? lrecl : v_len(i);
        pattern(buf, len, i);
        cr_assert_eq(fs_write(&f, buf, len), FS_OK, "record %u", i);
    }
    cr_assert_eq(fs_close(&f), FS_OK);
}

/* Read it back and compare. */
static void check_file(struct rig *r, const char *fn, const char *ft, u32 n)
{
    struct fs_file f;
    u8 buf[FS_MAX_LRECL], want[FS_MAX_LRECL];
    cr_assert_eq(fs_open(&r->d, &f, N(fn), N(ft)), FS_OK, "open %s %s", fn, ft);
    for (u32 i = 0; i < n; i++) {
        int len = fs_read(&f, buf, sizeof buf);
        u32 expect = f.ent.recfm == FS_RECFM_F ? f.ent.lrecl : v_len(i);
        cr_assert_eq(len, (int)expect, "%s %s record %u: length %d", fn, ft, i, len);
        pattern(want, expect, i);
        cr_assert_eq(memcmp(buf, want, expect), 0, "%s %s record %u differs", fn, ft, i);
    }
    cr_assert_eq(fs_read(&f, buf, sizeof buf), FS_EOF);
    cr_assert_eq(fs_close(&f), FS_OK);
}

/* The most 512-byte records a file can have in `free_blocks` blocks. */
static u32 fill_records(u32 free_blocks)
{
    u32 n = free_blocks;
    while (n && n + (n + FS_INDEX_SLOTS - 1) / FS_INDEX_SLOTS > free_blocks)
        n--;
    return n;
}

/* The blocks that hold something: everything before the data area, and
 * every allocated data block. */
static u8 *snapshot(struct rig *r, u8 *held)
{
    u8 *copy = malloc((size_t)r->dev.nblocks * FS_BLKSIZE);
    memcpy(copy, r->dev.data, (size_t)r->dev.nblocks * FS_BLKSIZE);
    for (u32 b = 0; b < r->dev.nblocks; b++)
        held[b] = b < r->d.label.data_start || (r->d.used[b >> 3] >> (b & 7) & 1);
    return copy;
}

static void check_unchanged(struct rig *r, const u8 *copy, const u8 *held)
{
    for (u32 b = 0; b < r->dev.nblocks; b++)
        if (held[b])
            cr_assert_eq(memcmp(block(r, b), copy + (size_t)b * FS_BLKSIZE, FS_BLKSIZE), 0,
                         "block %u changed", b);
}

/* The in-memory map equals what a fresh mount builds from the disk. */
static void check_map_matches_disk(struct rig *r)
{
    u8 used[FS_MAX_BLOCKS / 8];
    u32 free_blocks = r->d.free_blocks;
    memcpy(used, r->d.used, sizeof used);
    cr_assert_eq(remount(r, NULL), FS_OK);
    cr_assert_eq(r->d.free_blocks, free_blocks);
    cr_assert_eq(memcmp(used, r->d.used, sizeof used), 0, "allocation map differs from the disk's");
}

/* ---- format and mount ------------------------------------------------------------------ */

Test(fs, checksum_is_fnv1a)
{
    cr_assert_eq(fs_checksum("", 0), 0x811C9DC5u);
    cr_assert_eq(fs_checksum("a", 1), 0xE40C292Cu);
    cr_assert_eq(fs_checksum("foobar", 6), 0xBF9CF968u);
}

Test(fs, format_writes_label_big_endian_and_mounts_back)
{
    struct rig *r = rig_new(1000);
    memset(r->dev.data, 0xAA, 1000 * FS_BLKSIZE);
    cr_assert_eq(fs_format(&r->d, LABEL6, 4, 100, 0x0102030405060708ull), FS_OK);
    cr_assert(r->d.mounted);
    const u8 *l = block(r, FS_LABEL_BLOCK);
    static const u8 want[] = {
        0xC3, 0xD4, 0xE2, 0xF1,               /* magic "CMS1" */
        0xE3, 0xC5, 0xE2, 0xE3, 0xF0, 0xF1,   /* TEST01 */
        0x00, 0x01,                           /* version */
        0x00, 0x00, 0x02, 0x00,               /* blksize */
        0x00, 0x00, 0x03, 0xE8,               /* nblocks 1000 */
        0x00, 0x00, 0x00, 0x04,               /* dir_blocks */
        0x00, 0x00, 0x00, 0x06,               /* nucleus_start = 2 + 4 */
        0x00, 0x00, 0x00, 0x64,               /* nucleus_blocks 100 */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* load, bytes, entry */
        0x00, 0x00, 0x00, 0x6A,               /* data_start 106 */
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,   /* formatted */
    };
    cr_assert_eq(memcmp(l, want, sizeof want), 0, "label bytes");
    u32 sum = (u32)l[56] << 24 | (u32)l[57] << 16 | (u32)l[58] << 8 | l[59];
    cr_assert_eq(sum, fs_checksum(l, 56));
    for (u32 i = 60; i < FS_BLKSIZE; i++)
        cr_assert_eq(l[i], 0);
    for (u32 b = 0; b < 6; b++)   /* IPL record and directory: zero */
        if (b != FS_LABEL_BLOCK)
            for (u32 i = 0; i < FS_BLKSIZE; i++)
                cr_assert_eq(block(r, b)[i], 0, "block %u byte %u", b, i);
    cr_assert_eq(block(r, 6)[0], 0xAA, "the nucleus area is not touched");
    cr_assert_eq(fs_data_blocks(&r->d), 1000 - 106);
    cr_assert_eq(fs_free_blocks(&r->d), 1000 - 106);

    cr_assert_eq(remount(r, NULL), FS_OK);
    cr_assert_eq(r->d.label.nblocks, 1000);
    cr_assert_eq(r->d.label.dir_blocks, 4);
    cr_assert_eq(r->d.label.data_start, 106);
    cr_assert_eq(r->d.label.formatted, 0x0102030405060708ull);
    cr_assert_eq(memcmp(r->d.label.label, LABEL6, 6), 0);
    cr_assert_eq(fs_files(&r->d), 0);
    cr_assert_eq(fs_free_blocks(&r->d), 1000 - 106);
    rig_free(r);
}

Test(fs, format_refuses_bad_geometry)
{
    struct rig *r = rig_new(40);
    cr_assert_eq(fs_format(&r->d, LABEL6, 0, 0, 0), FS_EINVAL, "no directory");
    cr_assert_eq(fs_format(&r->d, LABEL6, 33, 0, 0), FS_EINVAL, "more than FS_MAX_FILES entries");
    cr_assert_eq(fs_format(&r->d, LABEL6, 4, 33, 0), FS_EINVAL, "no room for data");
    cr_assert_eq(fs_format(&r->d, LABEL6, 4, 32, 0), FS_OK, "2 data blocks: the least");
    cr_assert_eq(fs_format(&r->d, ebc("a", (u8[8]){0}, 6), 1, 0, 0), FS_EINVAL, "lower case label");
    cr_assert_eq(fs_format(&r->d, ebc(" A", (u8[8]){0}, 6), 1, 0, 0), FS_EINVAL, "embedded blank");
    cr_assert_eq(fs_format(&r->d, ebc("", (u8[8]){0}, 6), 1, 0, 0), FS_OK, "a blank label is allowed");
    rig_free(r);
    r = rig_new(FS_MAX_BLOCKS + 1);
    cr_assert_eq(fs_format(&r->d, LABEL6, 1, 0, 0), FS_EINVAL, "too large");
    r->d.dev_blocks = FS_MAX_BLOCKS;
    cr_assert_eq(fs_format(&r->d, LABEL6, 1, 0, 0), FS_OK, "the largest");
    cr_assert_eq(fs_data_blocks(&r->d), FS_MAX_BLOCKS - 3);
    rig_free(r);
    r = rig_new(4);
    cr_assert_eq(fs_format(&r->d, LABEL6, 1, 0, 0), FS_EINVAL, "too small");
    rig_free(r);
}

Test(fs, blank_disk_is_not_formatted)
{
    struct rig *r = rig_new(100);
    cr_assert_eq(fs_mount(&r->d, NULL, NULL), FS_ENOTFMT);
    cr_assert_not(r->d.mounted);
    cr_assert_eq(fs_lookup(&r->d, N("A"), N("B")), -1);
    struct fs_file f;
    cr_assert_eq(fs_create(&r->d, &f, N("A"), N("B"), FS_RECFM_V, 0, 0), FS_ENOTMOUNTED);
    cr_assert_eq(r->dev.writes, 0);
    rig_free(r);
}

Test(fs, corrupt_label_does_not_mount_and_is_not_written)
{
    struct rig *r = fresh(100, 1, 0);
    write_file(r, "A", "B", FS_RECFM_V, 0, 3);
    fs_unmount(&r->d);
    block(r, FS_LABEL_BLOCK)[20] ^= 0x01;   /* dir_blocks: checksum now wrong */
    u32 writes = r->dev.writes;
    cr_assert_eq(fs_mount(&r->d, NULL, NULL), FS_ECORRUPT);
    cr_assert_not(r->d.mounted);
    block(r, FS_LABEL_BLOCK)[20] ^= 0x01;
    cr_assert_eq(fs_mount(&r->d, NULL, NULL), FS_OK);

    /* sealed but nonsense: data_start past the end */
    u8 *l = block(r, FS_LABEL_BLOCK);
    l[44] = 0x7F;
    u32 sum = fs_checksum(l, 56);
    l[56] = (u8)(sum >> 24), l[57] = (u8)(sum >> 16), l[58] = (u8)(sum >> 8), l[59] = (u8)sum;
    cr_assert_eq(remount(r, NULL), FS_ECORRUPT);
    /* a label for a larger disk than the device */
    r->d.dev_blocks = 50;
    cr_assert_eq(fs_mount(&r->d, NULL, NULL), FS_ECORRUPT);
    cr_assert_eq(r->dev.writes, writes, "mount never writes");
    rig_free(r);
}

Test(fs, unreadable_directory_fails_mount_with_eio)
{
    struct rig *r = fresh(100, 1, 0);
    fs_unmount(&r->d);
    r->dev.fail_reads = true;
    cr_assert_eq(fs_mount(&r->d, NULL, NULL), FS_EIO);
    cr_assert_not(r->d.mounted);
    rig_free(r);
}

/* ---- records ---------------------------------------------------------------------------- */

Test(fs, f_records_span_blocks_and_read_back)
{
    struct rig *r = fresh(200, 1, 0);
    write_file(r, "DATA", "FILE", FS_RECFM_F, 80, 100);   /* 8000 bytes: 16 blocks, records across them */
    int s = fs_lookup(&r->d, N("DATA"), N("FILE"));
    cr_assert_geq(s, 0);
    const struct fs_dirent *e = &r->d.dir[s];
    cr_assert_eq(e->recfm, FS_RECFM_F);
    cr_assert_eq(e->lrecl, 80);
    cr_assert_eq(e->nrecs, 100);
    cr_assert_eq(e->nbytes, 8000);
    cr_assert_eq(e->nblocks, 16);
    cr_assert_eq(e->mtime, 99);
    check_file(r, "DATA", "FILE", 100);
    cr_assert_eq(remount(r, NULL), FS_OK);
    check_file(r, "DATA", "FILE", 100);
    rig_free(r);
}

Test(fs, v_records_round_trip_and_record_the_longest)
{
    struct rig *r = fresh(400, 1, 0);
    write_file(r, "VAR", "FILE", FS_RECFM_V, 12345 /* ignored */, 150);
    const struct fs_dirent *e = &r->d.dir[fs_lookup(&r->d, N("VAR"), N("FILE"))];
    u32 bytes = 0, longest = 0;
    for (u32 i = 0; i < 150; i++) {
        bytes += 2 + v_len(i);
        longest = v_len(i) > longest ? v_len(i) : longest;
    }
    cr_assert_eq(e->nbytes, bytes);
    cr_assert_eq(e->lrecl, longest);
    cr_assert_eq(e->nblocks, (bytes + 511) / 512);
    check_file(r, "VAR", "FILE", 150);
    cr_assert_eq(remount(r, NULL), FS_OK);
    check_file(r, "VAR", "FILE", 150);
    rig_free(r);
}

Test(fs, v_stream_is_length_prefixed_big_endian)
{
    struct rig *r = fresh(100, 1, 0);
    struct fs_file f;
    cr_assert_eq(fs_create(&r->d, &f, N("X"), N("Y"), FS_RECFM_V, 0, 0), FS_OK);
    cr_assert_eq(fs_write(&f, "\x01\x02\x03", 3), FS_OK);
    cr_assert_eq(fs_write(&f, "\xFF", 1), FS_OK);
    cr_assert_eq(fs_close(&f), FS_OK);
    const struct fs_dirent *e = &r->d.dir[fs_lookup(&r->d, N("X"), N("Y"))];
    const u8 *ix = block(r, e->index);
    cr_assert_eq(ix[7], 1, "count 1");
    u32 data = (u32)ix[8] << 24 | (u32)ix[9] << 16 | (u32)ix[10] << 8 | ix[11];
    cr_assert_eq(memcmp(block(r, data), "\x00\x03\x01\x02\x03\x00\x01\xFF\x00", 9), 0);
    rig_free(r);
}

Test(fs, read_truncates_but_returns_the_full_length)
{
    struct rig *r = fresh(100, 1, 0);
    struct fs_file f;
    u8 rec[600], buf[600];
    pattern(rec, 600, 1);
    cr_assert_eq(fs_create(&r->d, &f, N("T"), N("T"), FS_RECFM_V, 0, 0), FS_OK);
    cr_assert_eq(fs_write(&f, rec, 600), FS_OK);
    cr_assert_eq(fs_write(&f, "ab", 2), FS_OK);
    cr_assert_eq(fs_close(&f), FS_OK);
    cr_assert_eq(fs_open(&r->d, &f, N("T"), N("T")), FS_OK);
    memset(buf, 0xEE, sizeof buf);
    cr_assert_eq(fs_read(&f, buf, 10), 600);
    cr_assert_eq(memcmp(buf, rec, 10), 0);
    cr_assert_eq(buf[10], 0xEE, "nothing past max");
    cr_assert_eq(fs_read(&f, buf, 10), 2, "the next record, not the rest of the first");
    cr_assert_eq(memcmp(buf, "ab", 2), 0);
    cr_assert_eq(fs_read(&f, buf, 10), FS_EOF);
    cr_assert_eq(fs_read(&f, buf, 10), FS_EOF);
    fs_close(&f);
    rig_free(r);
}

Test(fs, record_lengths_are_checked)
{
    struct rig *r = fresh(300, 1, 0);
    struct fs_file f;
    static u8 big[FS_MAX_LRECL + 1];
    cr_assert_eq(fs_create(&r->d, &f, N("F"), N("F"), FS_RECFM_F, 0, 0), FS_EINVAL, "F lrecl 0");
    cr_assert_eq(fs_create(&r->d, &f, N("F"), N("F"), FS_RECFM_F, FS_MAX_LRECL + 1, 0), FS_EINVAL);
    cr_assert_eq(fs_create(&r->d, &f, N("F"), N("F"), 0xC1, 80, 0), FS_EINVAL, "recfm A");
    cr_assert_eq(fs_create(&r->d, &f, N("F"), N("F"), FS_RECFM_F, 10, 0), FS_OK);
    cr_assert_eq(fs_write(&f, big, 11), FS_ETOOBIG);
    cr_assert_eq(fs_write(&f, big, 9), FS_EINVAL);
    cr_assert_eq(fs_write(&f, big, 10), FS_OK, "a refused record does not spoil the file");
    u8 buf[10];
    cr_assert_eq(fs_read(&f, buf, 10), FS_EINVAL, "a writer does not read");
    cr_assert_eq(fs_close(&f), FS_OK);
    cr_assert_eq(fs_create(&r->d, &f, N("V"), N("V"), FS_RECFM_V, 0, 0), FS_OK);
    cr_assert_eq(fs_write(&f, big, 0), FS_EINVAL);
    cr_assert_eq(fs_write(&f, big, FS_MAX_LRECL + 1), FS_ETOOBIG);
    cr_assert_eq(fs_write(&f, big, FS_MAX_LRECL), FS_OK);
    cr_assert_eq(fs_close(&f), FS_OK);
    cr_assert_eq(fs_open(&r->d, &f, N("V"), N("V")), FS_OK);
    cr_assert_eq(fs_write(&f, big, 1), FS_EINVAL, "a reader does not write");
    cr_assert_eq(fs_read(&f, big, sizeof big), FS_MAX_LRECL);
    fs_close(&f);
    rig_free(r);
}

Test(fs, empty_file_has_no_blocks)
{
    struct rig *r = fresh(100, 1, 0);
    u32 before = fs_free_blocks(&r->d);
    write_file(r, "EMPTY", "FILE", FS_RECFM_F, 80, 0);
    const struct fs_dirent *e = &r->d.dir[fs_lookup(&r->d, N("EMPTY"), N("FILE"))];
    cr_assert_eq(e->index, 0);
    cr_assert_eq(e->nblocks, 0);
    cr_assert_eq(e->nrecs, 0);
    cr_assert_eq(fs_free_blocks(&r->d), before);
    cr_assert_eq(remount(r, NULL), FS_OK);
    check_file(r, "EMPTY", "FILE", 0);
    cr_assert_eq(fs_erase(&r->d, N("EMPTY"), N("FILE")), FS_OK);
    cr_assert_eq(fs_free_blocks(&r->d), before);
    rig_free(r);
}

Test(fs, large_file_chains_index_blocks)
{
    struct rig *r = fresh(1000, 1, 0);
    u32 before = fs_free_blocks(&r->d);
    write_file(r, "BIG", "FILE", FS_RECFM_F, 512, 300);   /* 300 data blocks: 3 index blocks */
    const struct fs_dirent *e = &r->d.dir[fs_lookup(&r->d, N("BIG"), N("FILE"))];
    cr_assert_eq(e->nblocks, 300);
    cr_assert_eq(fs_free_blocks(&r->d), before - 303);
    /* the chain on disk: 126, 126, 48 */
    u32 ib = e->index, counts[3], n = 0;
    while (ib && n < 4) {
        const u8 *x = block(r, ib);
        cr_assert_lt(n, 3);
        counts[n++] = (u32)x[4] << 24 | (u32)x[5] << 16 | (u32)x[6] << 8 | x[7];
        ib = (u32)x[0] << 24 | (u32)x[1] << 16 | (u32)x[2] << 8 | x[3];
    }
    cr_assert_eq(n, 3);
    cr_assert_eq(counts[0], 126);
    cr_assert_eq(counts[1], 126);
    cr_assert_eq(counts[2], 48);
    check_file(r, "BIG", "FILE", 300);
    check_map_matches_disk(r);
    check_file(r, "BIG", "FILE", 300);
    cr_assert_eq(fs_erase(&r->d, N("BIG"), N("FILE")), FS_OK);
    cr_assert_eq(fs_free_blocks(&r->d), before);
    rig_free(r);
}

Test(fs, free_block_accounting)
{
    struct rig *r = fresh(300, 2, 10);
    cr_assert_eq(fs_data_blocks(&r->d), 300 - 2 - 2 - 10);
    u32 all = fs_free_blocks(&r->d);
    cr_assert_eq(all, fs_data_blocks(&r->d));
    write_file(r, "ONE", "BLOCK", FS_RECFM_F, 512, 1);
    cr_assert_eq(fs_free_blocks(&r->d), all - 2, "a data block and an index block");
    write_file(r, "TWO", "BLOCKS", FS_RECFM_F, 100, 6);   /* 600 bytes */
    cr_assert_eq(fs_free_blocks(&r->d), all - 5);
    write_file(r, "BIG", "FILE", FS_RECFM_F, 512, 127);   /* 127 data, 2 index */
    cr_assert_eq(fs_free_blocks(&r->d), all - 5 - 129);
    check_map_matches_disk(r);
    cr_assert_eq(fs_erase(&r->d, N("ONE"), N("BLOCK")), FS_OK);
    cr_assert_eq(fs_free_blocks(&r->d), all - 3 - 129);
    cr_assert_eq(fs_erase(&r->d, N("BIG"), N("FILE")), FS_OK);
    cr_assert_eq(fs_erase(&r->d, N("TWO"), N("BLOCKS")), FS_OK);
    cr_assert_eq(fs_free_blocks(&r->d), all);
    check_map_matches_disk(r);
    rig_free(r);
}

Test(fs, directory_entry_is_big_endian_and_sealed)
{
    struct rig *r = fresh(100, 1, 0);
    write_file(r, "PROFILE", "EXEC", FS_RECFM_F, 80, 10);   /* slot 0 */
    const u8 *p = block(r, FS_DIR_START);
    cr_assert_eq(memcmp(p, N("PROFILE"), 8), 0);
    cr_assert_eq(memcmp(p + 8, N("EXEC"), 8), 0);
    cr_assert_eq(p[16], FS_RECFM_F);
    cr_assert_eq(p[17], 0);
    cr_assert_eq(memcmp(p + 20, "\x00\x00\x00\x50" "\x00\x00\x00\x0A" "\x00\x00\x03\x20" "\x00\x00\x00\x02", 16),
                 0, "lrecl 80, nrecs 10, nbytes 800, nblocks 2");
    u32 index = (u32)p[36] << 24 | (u32)p[37] << 16 | (u32)p[38] << 8 | p[39];
    cr_assert_eq(index, r->d.dir[0].index);
    cr_assert_eq(memcmp(p + 40, "\0\0\0\0\0\0\0\x63", 8), 0, "mtime 99");
    u32 sum = (u32)p[60] << 24 | (u32)p[61] << 16 | (u32)p[62] << 8 | p[63];
    cr_assert_eq(sum, fs_checksum(p, 60));
    for (int i = 64; i < FS_BLKSIZE; i++)
        cr_assert_eq(p[i], 0, "the other entries stay free");
    rig_free(r);
}

/* ---- replace, erase, rename ------------------------------------------------------------ */

Test(fs, replace_keeps_old_file_readable_until_close_then_frees_it)
{
    struct rig *r = fresh(400, 1, 0);
    write_file(r, "DOC", "TEXT", FS_RECFM_V, 0, 100);
    u32 free_with_old = fs_free_blocks(&r->d);
    int slot = fs_lookup(&r->d, N("DOC"), N("TEXT"));
    u32 old_blocks = r->d.dir[slot].nblocks + 1;   /* and its one index block */

    struct fs_file w, rd;
    u8 rec[80], buf[FS_MAX_LRECL];
    cr_assert_eq(fs_create(&r->d, &w, N("DOC"), N("TEXT"), FS_RECFM_F, 80, 5), FS_OK);
    for (u32 i = 0; i < 50; i++) {   /* 4000 bytes: 8 blocks + index */
        pattern(rec, 80, 1000 + i);
        cr_assert_eq(fs_write(&w, rec, 80), FS_OK);
    }
    check_file(r, "DOC", "TEXT", 100);   /* the old one, intact, while the new one is written */
    cr_assert_eq(fs_lookup(&r->d, N("DOC"), N("TEXT")), slot);
    cr_assert_eq(fs_files(&r->d), 1);
    cr_assert_eq(fs_free_blocks(&r->d), free_with_old - 8);
    cr_assert_eq(fs_close(&w), FS_OK);
    cr_assert_eq(fs_lookup(&r->d, N("DOC"), N("TEXT")), slot, "same slot");
    cr_assert_eq(fs_free_blocks(&r->d), free_with_old - 9 + old_blocks, "the old file's blocks are free");

    cr_assert_eq(fs_open(&r->d, &rd, N("DOC"), N("TEXT")), FS_OK);
    cr_assert_eq(rd.ent.recfm, FS_RECFM_F);
    for (u32 i = 0; i < 50; i++) {
        cr_assert_eq(fs_read(&rd, buf, sizeof buf), 80);
        pattern(rec, 80, 1000 + i);
        cr_assert_eq(memcmp(buf, rec, 80), 0);
    }
    fs_close(&rd);
    check_map_matches_disk(r);
    rig_free(r);
}

Test(fs, replace_frees_exactly_the_old_blocks)
{
    struct rig *r = fresh(400, 1, 0);
    u32 all = fs_free_blocks(&r->d);
    write_file(r, "DOC", "TEXT", FS_RECFM_F, 512, 20);   /* 21 blocks */
    cr_assert_eq(fs_free_blocks(&r->d), all - 21);
    write_file(r, "DOC", "TEXT", FS_RECFM_F, 512, 5);    /* 6 blocks; the old 21 go at close */
    cr_assert_eq(fs_free_blocks(&r->d), all - 6);
    check_file(r, "DOC", "TEXT", 5);
    cr_assert_eq(fs_files(&r->d), 1);
    check_map_matches_disk(r);
    rig_free(r);
}

Test(fs, reader_open_across_a_replace_keeps_the_old_blocks_until_it_closes)
{
    struct rig *r = fresh(400, 1, 0);
    u32 all = fs_free_blocks(&r->d);
    write_file(r, "DOC", "TEXT", FS_RECFM_F, 512, 20);   /* 21 blocks */
    struct fs_file w, rd;
    u8 buf[512], want[512];
    cr_assert_eq(fs_create(&r->d, &w, N("DOC"), N("TEXT"), FS_RECFM_F, 512, 0), FS_OK);
    cr_assert_eq(fs_open(&r->d, &rd, N("DOC"), N("TEXT")), FS_OK, "opened after the replacement began");
    cr_assert_eq(fs_read(&rd, buf, sizeof buf), 512);
    pattern(want, 512, 0);
    cr_assert_eq(memcmp(buf, want, 512), 0);
    pattern(buf, 512, 77);
    cr_assert_eq(fs_write(&w, buf, 512), FS_OK);
    cr_assert_eq(fs_close(&w), FS_OK);
    cr_assert_eq(fs_free_blocks(&r->d), all - 21 - 2, "the reader still holds the old blocks");
    /* new writers cannot take the old blocks while it reads */
    write_file(r, "FILL", "ER", FS_RECFM_F, 512, fill_records(fs_free_blocks(&r->d)));
    u32 left = fs_free_blocks(&r->d);
    cr_assert_leq(left, 1);
    for (u32 i = 1; i < 20; i++) {
        cr_assert_eq(fs_read(&rd, buf, sizeof buf), 512);
        pattern(want, 512, i);
        cr_assert_eq(memcmp(buf, want, 512), 0, "old record %u", i);
    }
    cr_assert_eq(fs_close(&rd), FS_OK);
    cr_assert_eq(fs_free_blocks(&r->d), left + 21, "released at the last close");
    check_map_matches_disk(r);
    rig_free(r);
}

Test(fs, open_files_are_busy)
{
    struct rig *r = fresh(200, 1, 0);
    write_file(r, "A", "FILE", FS_RECFM_F, 80, 3);
    struct fs_file rd, w, w2;
    cr_assert_eq(fs_open(&r->d, &rd, N("A"), N("FILE")), FS_OK);
    cr_assert_eq(r->d.nopen, 1);
    cr_assert_eq(fs_create(&r->d, &w, N("A"), N("FILE"), FS_RECFM_F, 80, 0), FS_EBUSY);
    cr_assert_eq(fs_erase(&r->d, N("A"), N("FILE")), FS_EBUSY);
    cr_assert_eq(fs_rename(&r->d, N("A"), N("FILE"), N("B"), N("FILE")), FS_EBUSY);
    cr_assert_eq(fs_close(&rd), FS_OK);
    cr_assert_eq(r->d.nopen, 0);

    cr_assert_eq(fs_create(&r->d, &w, N("A"), N("FILE"), FS_RECFM_F, 80, 0), FS_OK, "free again");
    cr_assert_eq(fs_create(&r->d, &w2, N("A"), N("FILE"), FS_RECFM_F, 80, 0), FS_EBUSY, "one writer a name");
    cr_assert_eq(fs_erase(&r->d, N("A"), N("FILE")), FS_EBUSY, "being replaced");
    fs_abort(&w);
    cr_assert_eq(fs_create(&r->d, &w, N("NEW"), N("FILE"), FS_RECFM_F, 80, 0), FS_OK);
    cr_assert_eq(fs_create(&r->d, &w2, N("NEW"), N("FILE"), FS_RECFM_F, 80, 0), FS_EBUSY);
    cr_assert_eq(fs_rename(&r->d, N("A"), N("FILE"), N("NEW"), N("FILE")), FS_EBUSY, "the name is being written");
    cr_assert_eq(fs_close(&w), FS_OK);
    cr_assert_eq(fs_format(&r->d, LABEL6, 1, 0, 0), FS_OK);
    cr_assert_eq(fs_files(&r->d), 0);
    rig_free(r);
}

Test(fs, erase_and_rename)
{
    struct rig *r = fresh(300, 1, 0);
    u32 all = fs_free_blocks(&r->d);
    write_file(r, "A", "FILE", FS_RECFM_F, 80, 20);
    write_file(r, "B", "FILE", FS_RECFM_V, 0, 30);
    cr_assert_eq(fs_erase(&r->d, N("A"), N("FILE")), FS_OK);
    cr_assert_eq(fs_lookup(&r->d, N("A"), N("FILE")), -1);
    cr_assert_eq(fs_erase(&r->d, N("A"), N("FILE")), FS_ENOTFOUND);
    cr_assert_eq(fs_rename(&r->d, N("B"), N("FILE"), N("C"), N("DATA")), FS_OK);
    cr_assert_eq(fs_lookup(&r->d, N("B"), N("FILE")), -1);
    check_file(r, "C", "DATA", 30);
    write_file(r, "D", "DATA", FS_RECFM_F, 10, 1);
    cr_assert_eq(fs_rename(&r->d, N("D"), N("DATA"), N("C"), N("DATA")), FS_EEXIST);
    cr_assert_eq(fs_rename(&r->d, N("X"), N("DATA"), N("Y"), N("DATA")), FS_ENOTFOUND);
    cr_assert_eq(fs_rename(&r->d, N("D"), N("DATA"), N("d"), N("DATA")), FS_EINVAL);
    cr_assert_eq(remount(r, NULL), FS_OK);
    cr_assert_eq(fs_files(&r->d), 2);
    check_file(r, "C", "DATA", 30);
    cr_assert_eq(fs_erase(&r->d, N("C"), N("DATA")), FS_OK);
    cr_assert_eq(fs_erase(&r->d, N("D"), N("DATA")), FS_OK);
    cr_assert_eq(fs_free_blocks(&r->d), all);
    cr_assert_eq(remount(r, NULL), FS_OK);
    cr_assert_eq(fs_files(&r->d), 0);
    cr_assert_eq(fs_free_blocks(&r->d), all);
    rig_free(r);
}

Test(fs, directory_full)
{
    struct rig *r = fresh(200, 1, 0);   /* 8 entries */
    char name[8];
    for (int i = 0; i < 8; i++) {
        snprintf(name, sizeof name, "F%d", i);
        write_file(r, name, "X", FS_RECFM_F, 1, 1);
    }
    struct fs_file f;
    cr_assert_eq(fs_create(&r->d, &f, N("F8"), N("X"), FS_RECFM_F, 1, 0), FS_EDIRFULL);
    cr_assert_eq(fs_rename(&r->d, N("F1"), N("X"), N("F9"), N("X")), FS_OK, "rename needs no new entry");
    write_file(r, "F2", "X", FS_RECFM_F, 1, 2);   /* replacing needs none either */
    cr_assert_eq(fs_files(&r->d), 8);
    cr_assert_eq(fs_erase(&r->d, N("F3"), N("X")), FS_OK);
    write_file(r, "F8", "X", FS_RECFM_F, 1, 1);
    cr_assert_eq(fs_lookup(&r->d, N("F8"), N("X")), 3, "the freed entry is reused");
    rig_free(r);
}

/* ---- names and patterns --------------------------------------------------------------- */

Test(fs, valid_names)
{
    cr_assert(fs_valid_name(N("A")));
    cr_assert(fs_valid_name(N("ZZZZZZZZ")));
    cr_assert(fs_valid_name(N("$#@+-_09")));
    cr_assert(fs_valid_name(N("IJRS")));
    cr_assert_not(fs_valid_name(N("")), "blank");
    cr_assert_not(fs_valid_name(N(" A")), "leading blank");
    cr_assert_not(fs_valid_name(N("A B")), "embedded blank");
    cr_assert_not(fs_valid_name(N("a")), "lower case");
    cr_assert_not(fs_valid_name(N("A.B")), "period");
    cr_assert_not(fs_valid_name(N("A*")), "star");
    cr_assert_not(fs_valid_name((const u8 *)"\0\0\0\0\0\0\0\0"), "zeros");
    u8 n[8];
    memcpy(n, N("AB"), 8);
    n[7] = 0x00;
    cr_assert_not(fs_valid_name(n), "pad not blank");
    /* every byte: exactly the 26 + 10 + 6 characters */
    int good = 0;
    for (int c = 0; c < 256; c++) {
        memset(n, FS_BLANK, 8);
        n[0] = (u8)c;
        good += fs_valid_name(n);
    }
    cr_assert_eq(good, 42);

    struct rig *r = fresh(100, 1, 0);
    struct fs_file f;
    cr_assert_eq(fs_create(&r->d, &f, N("a"), N("B"), FS_RECFM_V, 0, 0), FS_EINVAL);
    cr_assert_eq(fs_create(&r->d, &f, N("A"), N(""), FS_RECFM_V, 0, 0), FS_EINVAL);
    cr_assert_eq(fs_open(&r->d, &f, N("A B"), N("C")), FS_EINVAL);
    cr_assert_eq(fs_erase(&r->d, N("A"), N("c")), FS_EINVAL);
    rig_free(r);
}

Test(fs, patterns)
{
    cr_assert(fs_match(N("PROFILE"), N("*")));
    cr_assert(fs_match(N("PROFILE"), N("PRO*")));
    cr_assert(fs_match(N("PRO"), N("PRO*")));
    cr_assert(fs_match(N("PROFILE"), N("PROFILE")));
    cr_assert_not(fs_match(N("PROFILE"), N("PROF")));
    cr_assert_not(fs_match(N("PR"), N("PRO*")));
    cr_assert_not(fs_match(N("XPRO"), N("PRO*")));
    cr_assert_not(fs_match(N("AXB"), N("A*B")), "a star inside is not a wildcard");

    struct rig *r = fresh(200, 2, 0);
    const char *files[][2] = {{"PROFILE", "EXEC"}, {"HELLO", "C"}, {"PRINT", "EXEC"}, {"HELLO", "MODULE"},
                              {"PROBE", "TEXT"}};
    for (int i = 0; i < 5; i++)
        write_file(r, files[i][0], files[i][1], FS_RECFM_F, 4, 1);
    int s, n = 0, got[5];
    for (s = fs_next(&r->d, -1, N("*"), N("EXEC")); s >= 0; s = fs_next(&r->d, s, N("*"), N("EXEC")))
        got[n++] = s;
    cr_assert_eq(n, 2);
    cr_assert_eq(got[0], 0);
    cr_assert_eq(got[1], 2);
    n = 0;
    for (s = fs_next(&r->d, -1, N("PR*"), N("*")); s >= 0; s = fs_next(&r->d, s, N("PR*"), N("*")))
        got[n++] = s;
    cr_assert_eq(n, 3);
    cr_assert_eq(got[2], 4, "in directory order");
    cr_assert_eq(fs_next(&r->d, -1, N("HELLO"), N("C")), 1);
    cr_assert_eq(fs_next(&r->d, 1, N("HELLO"), N("C")), -1);
    cr_assert_eq(fs_next(&r->d, -1, N("NOPE"), N("*")), -1);
    rig_free(r);
}

/* ---- read-only ------------------------------------------------------------------------ */

Test(fs, read_only_disk_refuses_every_write)
{
    struct rig *r = fresh(200, 1, 20);
    write_file(r, "A", "FILE", FS_RECFM_F, 80, 10);
    fs_unmount(&r->d);
    r->d.readonly = true;
    cr_assert_eq(fs_mount(&r->d, NULL, NULL), FS_OK);
    u32 writes = r->dev.writes;
    struct fs_file f;
    cr_assert_eq(fs_create(&r->d, &f, N("B"), N("FILE"), FS_RECFM_V, 0, 0), FS_ERDONLY);
    cr_assert_eq(fs_create(&r->d, &f, N("A"), N("FILE"), FS_RECFM_V, 0, 0), FS_ERDONLY);
    cr_assert_eq(fs_erase(&r->d, N("A"), N("FILE")), FS_ERDONLY);
    cr_assert_eq(fs_rename(&r->d, N("A"), N("FILE"), N("B"), N("FILE")), FS_ERDONLY);
    cr_assert_eq(fs_set_nucleus(&r->d, "\x07\xFE", 2, 0x20000, 0x20000), FS_ERDONLY);
    cr_assert_eq(fs_format(&r->d, LABEL6, 1, 0, 0), FS_ERDONLY);
    cr_assert_eq(r->dev.writes, writes, "nothing was written");
    check_file(r, "A", "FILE", 10);
    rig_free(r);
}

/* ---- failures leave the disk as it was ------------------------------------------------------- */

Test(fs, disk_full_then_abort_leaves_the_disk_as_before)
{
    struct rig *r = fresh(120, 1, 0);
    write_file(r, "KEEP", "ME", FS_RECFM_V, 0, 40);
    u32 free_before = fs_free_blocks(&r->d);
    u8 held[120];
    u8 *copy = snapshot(r, held);

    struct fs_file f;
    u8 rec[512];
    int rc = FS_OK;
    cr_assert_eq(fs_create(&r->d, &f, N("HUGE"), N("FILE"), FS_RECFM_F, 512, 0), FS_OK);
    for (u32 i = 0; rc == FS_OK && i < 1000; i++) {
        pattern(rec, 512, i);
        rc = fs_write(&f, rec, 512);
    }
    cr_assert_eq(rc, FS_EFULL);
    cr_assert_eq(fs_free_blocks(&r->d), 0);
    cr_assert_eq(fs_write(&f, rec, 512), FS_EFULL, "the writer stays spoiled");
    cr_assert_eq(fs_close(&f), FS_EFULL, "and cannot commit");
    fs_abort(&f);
    cr_assert_eq(fs_free_blocks(&r->d), free_before);
    cr_assert_eq(r->d.nopen, 0);
    check_unchanged(r, copy, held);
    check_map_matches_disk(r);
    cr_assert_eq(fs_lookup(&r->d, N("HUGE"), N("FILE")), -1);
    check_file(r, "KEEP", "ME", 40);
    free(copy);
    rig_free(r);
}

Test(fs, disk_full_while_replacing_keeps_the_old_file)
{
    struct rig *r = fresh(100, 1, 0);
    write_file(r, "DOC", "TEXT", FS_RECFM_V, 0, 60);
    u32 free_before = fs_free_blocks(&r->d);
    u8 held[100];
    u8 *copy = snapshot(r, held);
    struct fs_file f;
    u8 rec[512] = {0};
    int rc = FS_OK;
    cr_assert_eq(fs_create(&r->d, &f, N("DOC"), N("TEXT"), FS_RECFM_F, 512, 0), FS_OK);
    while (rc == FS_OK)
        rc = fs_write(&f, rec, 512);
    cr_assert_eq(rc, FS_EFULL);
    fs_abort(&f);
    cr_assert_eq(fs_free_blocks(&r->d), free_before);
    check_unchanged(r, copy, held);
    check_file(r, "DOC", "TEXT", 60);
    check_map_matches_disk(r);
    free(copy);
    rig_free(r);
}

/* Fail each write fs_close does in turn (last data block, index block,
 * directory block): every time the abort leaves the disk as it was. */
Test(fs, write_error_during_close_then_abort_leaves_the_disk_as_before)
{
    for (u32 nth = 1; nth <= 3; nth++) {
        struct rig *r = fresh(200, 1, 0);
        write_file(r, "OLD", "FILE", FS_RECFM_V, 0, 20);
        write_file(r, "NEW", "FILE", FS_RECFM_F, 80, 3);   /* the one being replaced */
        u32 free_before = fs_free_blocks(&r->d);
        u8 held[200];
        u8 *copy = snapshot(r, held);
        struct fs_file f;
        u8 rec[80];
        cr_assert_eq(fs_create(&r->d, &f, N("NEW"), N("FILE"), FS_RECFM_F, 80, 0), FS_OK);
        for (u32 i = 0; i < 10; i++) {   /* 800 bytes: one block written now, one at close */
            pattern(rec, 80, 500 + i);
            cr_assert_eq(fs_write(&f, rec, 80), FS_OK);
        }
        r->dev.fail_write_at = r->dev.writes + nth;
        cr_assert_eq(fs_close(&f), FS_EIO, "write %u of close fails", nth);
        cr_assert_eq(fs_close(&f), FS_EIO, "and stays failed");
        fs_abort(&f);
        cr_assert_eq(fs_free_blocks(&r->d), free_before, "write %u", nth);
        check_unchanged(r, copy, held);
        check_map_matches_disk(r);
        check_file(r, "NEW", "FILE", 3);
        check_file(r, "OLD", "FILE", 20);
        free(copy);
        rig_free(r);
    }
}

/* A failure in the middle of a long write, where an index block is
 * chained, also aborts cleanly. */
Test(fs, write_error_while_chaining_index_blocks_then_abort)
{
    for (u32 nth = 120; nth <= 135; nth++) {
        struct rig *r = fresh(400, 1, 0);
        write_file(r, "KEEP", "ME", FS_RECFM_F, 100, 30);
        u32 free_before = fs_free_blocks(&r->d);
        u8 held[400];
        u8 *copy = snapshot(r, held);
        struct fs_file f;
        u8 rec[512];
        int rc = FS_OK;
        r->dev.fail_write_at = r->dev.writes + nth;
        cr_assert_eq(fs_create(&r->d, &f, N("BIG"), N("FILE"), FS_RECFM_F, 512, 0), FS_OK);
        for (u32 i = 0; rc == FS_OK && i < 200; i++) {
            pattern(rec, 512, i);
            rc = fs_write(&f, rec, 512);
        }
        cr_assert_eq(rc, FS_EIO, "write %u", nth);
        fs_abort(&f);
        cr_assert_eq(fs_free_blocks(&r->d), free_before, "write %u", nth);
        check_unchanged(r, copy, held);
        check_map_matches_disk(r);
        check_file(r, "KEEP", "ME", 30);
        free(copy);
        rig_free(r);
    }
}

Test(fs, failed_erase_and_rename_change_nothing)
{
    struct rig *r = fresh(200, 1, 0);
    write_file(r, "A", "FILE", FS_RECFM_F, 80, 20);
    u32 free_before = fs_free_blocks(&r->d);
    r->dev.fail_write_at = r->dev.writes + 1;
    cr_assert_eq(fs_erase(&r->d, N("A"), N("FILE")), FS_EIO);
    cr_assert_eq(fs_free_blocks(&r->d), free_before);
    r->dev.fail_write_at = r->dev.writes + 1;
    cr_assert_eq(fs_rename(&r->d, N("A"), N("FILE"), N("B"), N("FILE")), FS_EIO);
    cr_assert_geq(fs_lookup(&r->d, N("A"), N("FILE")), 0);
    check_map_matches_disk(r);
    check_file(r, "A", "FILE", 20);
    rig_free(r);
}

Test(fs, failed_format_leaves_an_unformatted_disk_not_a_mixture)
{
    struct rig *r = fresh(200, 2, 0);
    write_file(r, "A", "FILE", FS_RECFM_F, 80, 20);
    r->dev.dead_from = r->dev.writes + 3;   /* label cleared, IPL block cleared, then dead */
    cr_assert_eq(fs_format(&r->d, LABEL6, 2, 0, 0), FS_EIO);
    cr_assert_not(r->d.mounted);
    r->dev.dead_from = 0;
    cr_assert_eq(fs_mount(&r->d, NULL, NULL), FS_ENOTFMT);
    rig_free(r);
}

/* ---- quarantine ------------------------------------------------------------------------ */

/* Three files; the middle one (slot 1) is damaged by `damage`, then
 * the disk is remounted: B is quarantined with a reason containing
 * `why`, A and C still read back, and B's blocks stay allocated. */
static void damage_middle(void (*damage)(struct rig *r, const struct fs_dirent *b), const char *why,
                          u32 b_records)
{
    struct rig *r = fresh(1000, 1, 0);
    write_file(r, "A", "FILE", FS_RECFM_F, 100, 30);
    write_file(r, "B", "FILE", FS_RECFM_F, 512, b_records);
    write_file(r, "C", "FILE", FS_RECFM_V, 0, 50);
    u32 free_before = fs_free_blocks(&r->d);
    struct fs_dirent b = r->d.dir[1];
    fs_unmount(&r->d);
    damage(r, &b);
    struct complaints c;
    cr_assert_eq(remount(r, &c), FS_OK);
    cr_assert_eq(c.n, 1, "one complaint");
    cr_assert_eq(c.slot[0], 1);
    cr_assert(strstr(c.why[0], why), "reason '%s' wanted '%s'", c.why[0], why);
    cr_assert_neq(r->d.quarantined[1], 0);
    cr_assert_eq(fs_files(&r->d), 2);
    cr_assert_eq(fs_lookup(&r->d, N("B"), N("FILE")), -1);
    struct fs_file f;
    cr_assert_eq(fs_open(&r->d, &f, N("B"), N("FILE")), FS_ENOTFOUND);
    cr_assert_eq(fs_next(&r->d, 0, N("*"), N("*")), 2, "not listed");
    check_file(r, "A", "FILE", 30);
    check_file(r, "C", "FILE", 50);
    /* B's blocks stay allocated: filling the disk does not write over them */
    cr_assert_leq(fs_free_blocks(&r->d), free_before + 1);
    u8 held[1000];
    u8 *copy = snapshot(r, held);
    memset(held, 0, r->d.label.data_start);   /* the directory gets FILL's entry: look at the data */
    write_file(r, "FILL", "ER", FS_RECFM_F, 512, fill_records(fs_free_blocks(&r->d) - 2));
    check_unchanged(r, copy, held);
    /* and a new file cannot take the quarantined entry */
    write_file(r, "D", "FILE", FS_RECFM_F, 1, 1);
    cr_assert_neq(fs_lookup(&r->d, N("D"), N("FILE")), 1);
    struct complaints c2;
    cr_assert_eq(remount(r, &c2), FS_OK);
    cr_assert_eq(c2.n, 1, "still quarantined, still reported");
    free(copy);
    rig_free(r);
}

static u32 get32(const u8 *p) { return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3]; }
static void set32(u8 *p, u32 v) { p[0] = (u8)(v >> 24), p[1] = (u8)(v >> 16), p[2] = (u8)(v >> 8), p[3] = (u8)v; }

static void reseal_entry(struct rig *r, int slot)
{
    u8 *p = block(r, FS_DIR_START) + slot * 64;
    set32(p + 60, fs_checksum(p, 60));
}

static void flip_nrecs(struct rig *r, const struct fs_dirent *b) { block(r, FS_DIR_START)[64 + 27] ^= 1; }
static void index_points_at_label(struct rig *r, const struct fs_dirent *b) { set32(block(r, b->index) + 8, 1); }
static void index_points_past_end(struct rig *r, const struct fs_dirent *b) { set32(block(r, b->index) + 8, 5000); }
static void next_points_past_end(struct rig *r, const struct fs_dirent *b) { set32(block(r, b->index), 1000); }
static void index_loops(struct rig *r, const struct fs_dirent *b) { set32(block(r, b->index), b->index); }
static void claims_a_block_of_a(struct rig *r, const struct fs_dirent *b)
{
    const u8 *a_index = block(r, r->d.dir[0].index);
    set32(block(r, b->index) + 8 + 4 * 3, get32(a_index + 8));
}
static void index_count_short(struct rig *r, const struct fs_dirent *b)
{
    u8 *x = block(r, b->index);
    set32(x + 4, get32(x + 4) - 1);
}
static void entry_nblocks_resealed(struct rig *r, const struct fs_dirent *b)
{
    u8 *p = block(r, FS_DIR_START) + 64;
    set32(p + 32, get32(p + 32) + 1);
    reseal_entry(r, 1);
}
static void entry_name_resealed(struct rig *r, const struct fs_dirent *b)
{
    block(r, FS_DIR_START)[64 + 1] = 0x81;   /* "Ba" */
    reseal_entry(r, 1);
}
static void entry_lengths_resealed(struct rig *r, const struct fs_dirent *b)
{
    u8 *p = block(r, FS_DIR_START) + 64;
    set32(p + 28, get32(p + 28) - 512);   /* nbytes no longer nrecs * lrecl */
    reseal_entry(r, 1);
}
static void entry_duplicates_a(struct rig *r, const struct fs_dirent *b)
{
    memcpy(block(r, FS_DIR_START) + 64, N("A"), 8);
    reseal_entry(r, 1);
}

Test(fs, bad_checksum_is_quarantined) { damage_middle(flip_nrecs, "checksum", 10); }
Test(fs, bad_name_is_quarantined) { damage_middle(entry_name_resealed, "name", 10); }
Test(fs, inconsistent_lengths_are_quarantined) { damage_middle(entry_lengths_resealed, "disagree", 10); }
Test(fs, nblocks_disagreeing_with_bytes_is_quarantined) { damage_middle(entry_nblocks_resealed, "block count", 10); }
Test(fs, duplicate_name_is_quarantined) { damage_middle(entry_duplicates_a, "name already used", 10); }
Test(fs, chain_into_the_label_is_quarantined) { damage_middle(index_points_at_label, "leaves the data area", 10); }
Test(fs, chain_past_the_end_is_quarantined) { damage_middle(index_points_past_end, "leaves the data area", 10); }
Test(fs, next_index_past_the_end_is_quarantined) { damage_middle(next_points_past_end, "leaves the data area", 126); }
Test(fs, looping_chain_is_quarantined) { damage_middle(index_loops, "loops", 126); }
Test(fs, block_claimed_twice_is_quarantined) { damage_middle(claims_a_block_of_a, "claimed twice", 10); }
Test(fs, index_count_mismatch_is_quarantined) { damage_middle(index_count_short, "nblocks mismatch", 10); }

Test(fs, damaged_free_entry_is_quarantined)
{
    struct rig *r = fresh(100, 1, 0);
    write_file(r, "A", "FILE", FS_RECFM_F, 10, 3);
    fs_unmount(&r->d);
    block(r, FS_DIR_START)[64 * 5 + 30] = 0x55;   /* fn[0] == 0, but not all zero */
    struct complaints c;
    cr_assert_eq(remount(r, &c), FS_OK);
    cr_assert_eq(c.n, 1);
    cr_assert_eq(c.slot[0], 5);
    check_file(r, "A", "FILE", 3);
    rig_free(r);
}

Test(fs, writing_next_to_a_quarantined_entry_keeps_its_bytes)
{
    struct rig *r = fresh(200, 1, 0);
    write_file(r, "A", "FILE", FS_RECFM_F, 10, 3);
    write_file(r, "B", "FILE", FS_RECFM_F, 10, 3);
    fs_unmount(&r->d);
    block(r, FS_DIR_START)[64 + 27] ^= 1;
    u8 bad[64];
    memcpy(bad, block(r, FS_DIR_START) + 64, 64);
    cr_assert_eq(fs_mount(&r->d, NULL, NULL), FS_OK);
    write_file(r, "C", "FILE", FS_RECFM_F, 10, 3);   /* same directory block */
    cr_assert_eq(fs_lookup(&r->d, N("C"), N("FILE")), 2);
    cr_assert_eq(fs_erase(&r->d, N("A"), N("FILE")), FS_OK);
    cr_assert_eq(memcmp(block(r, FS_DIR_START) + 64, bad, 64), 0, "the bad entry's bytes are kept");
    rig_free(r);
}

/* ---- the nucleus and the IPL record ------------------------------------------------------ */

Test(fs, set_nucleus_writes_the_ipl_record)
{
    struct rig *r = fresh(2000, 4, 200);   /* nucleus area: blocks 6..205 */
    u32 len = 70000;                        /* 137 blocks: 32K + 32K + 0x1200 */
    u8 *img = malloc(len);
    pattern(img, len, 3);
    cr_assert_eq(fs_set_nucleus(&r->d, img, len, 0x20000, 0x20010), FS_OK);
    const u8 *b = block(r, 0);
    static const u8 want[] = {
        0x00, 0x08, 0x00, 0x00, 0x80, 0x02, 0x00, 0x10,   /* IPL PSW */
        0x02, 0x40, 0x02, 0x00, 0x00, 0x00, 0xFE, 0x00,   /* Read IPL, CC, 512 -> FE00 */
        0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFE, 0x20,   /* TIC FE20 */
        0, 0, 0, 0, 0, 0, 0, 0,
        0x63, 0x40, 0x00, 0x10, 0x00, 0x00, 0xFF, 0x00,   /* Define Extent, CC, 16 from FF00 */
        0x43, 0x40, 0x00, 0x08, 0x00, 0x00, 0xFF, 0x10,   /* Locate, CC, 8 from FF10 */
        0x42, 0x80, 0x80, 0x00, 0x00, 0x02, 0x00, 0x00,   /* Read, CD, 32K -> 20000 */
        0x42, 0x80, 0x80, 0x00, 0x00, 0x02, 0x80, 0x00,   /* Read, CD, 32K -> 28000 */
        0x42, 0x00, 0x12, 0x00, 0x00, 0x03, 0x00, 0x00,   /* Read, 0x1200 -> 30000: ends */
    };
    cr_assert_eq(memcmp(b, want, sizeof want), 0, "IPL PSW and CCWs");
    for (u32 i = sizeof want; i < 0x100; i++)
        cr_assert_eq(b[i], 0, "byte %X", i);
    static const u8 extent[] = {0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x07, 0xCF};   /* last 1999 */
    static const u8 locate[] = {0x06, 0x00, 0x00, 0x89, 0x00, 0x00, 0x00, 0x06};   /* 137 blocks from 6 */
    cr_assert_eq(memcmp(b + 0x100, extent, 16), 0, "Define Extent data");
    cr_assert_eq(memcmp(b + 0x110, locate, 8), 0, "Locate data");
    for (u32 i = 0x118; i < FS_BLKSIZE; i++)
        cr_assert_eq(b[i], 0);
    /* the image, block by block, zero-padded at the end */
    cr_assert_eq(memcmp(block(r, 6), img, len), 0);
    for (u32 i = len; i < 137 * FS_BLKSIZE; i++)
        cr_assert_eq(block(r, 6)[i], 0);
    cr_assert_eq(remount(r, NULL), FS_OK);
    cr_assert_eq(r->d.label.nucleus_load, 0x20000);
    cr_assert_eq(r->d.label.nucleus_bytes, len);
    cr_assert_eq(r->d.label.nucleus_entry, 0x20010);
    cr_assert_eq(fs_free_blocks(&r->d), fs_data_blocks(&r->d), "the nucleus area is not data");
    free(img);
    rig_free(r);
}

Test(fs, set_nucleus_of_one_block_has_one_read_ccw)
{
    struct rig *r = fresh(200, 1, 4);
    cr_assert_eq(fs_set_nucleus(&r->d, "\x07\xFE", 2, 0x10000, 0x10000), FS_OK);
    const u8 *b = block(r, 0);
    cr_assert_eq(memcmp(b + 48, "\x42\x00\x02\x00\x00\x01\x00\x00", 8), 0);
    cr_assert_eq(memcmp(b + 56, "\0\0\0\0\0\0\0\0", 8), 0);
    cr_assert_eq(memcmp(b + 0x110, "\x06\x00\x00\x01\x00\x00\x00\x03", 8), 0);
    cr_assert_eq(memcmp(block(r, 3), "\x07\xFE\0\0", 4), 0);
    rig_free(r);
}

Test(fs, set_nucleus_refuses_what_cannot_load)
{
    struct rig *r = fresh(3000, 1, 2000);
    static u8 img[27 * 0x8000];
    u32 writes = r->dev.writes;
    cr_assert_eq(fs_set_nucleus(&r->d, img, 26 * 0x8000 + 1, 0x20000, 0x20000), FS_ETOOBIG, "27 CCWs");
    cr_assert_eq(fs_set_nucleus(&r->d, img, 2001 * 512, 0x20000, 0x20000), FS_ETOOBIG, "larger than the area");
    cr_assert_eq(fs_set_nucleus(&r->d, img, 0, 0x20000, 0x20000), FS_EINVAL, "empty");
    cr_assert_eq(fs_set_nucleus(&r->d, img, 1024, 0xFC00, 0xFC00), FS_EINVAL, "over the boot record");
    cr_assert_eq(fs_set_nucleus(&r->d, img, 1024, 0, 0x10), FS_EINVAL, "over the IPL PSW");
    cr_assert_eq(fs_set_nucleus(&r->d, img, 1024, 0x20000, 0x20001), FS_EINVAL, "odd entry");
    cr_assert_eq(fs_set_nucleus(&r->d, img, 1024, 0x20000, 0x20400), FS_EINVAL, "entry past the image");
    cr_assert_eq(fs_set_nucleus(&r->d, img, 1024, 0x7FFFFF00, 0x7FFFFF00), FS_EINVAL, "past 2G");
    cr_assert_eq(r->dev.writes, writes, "nothing written");
    cr_assert_eq(fs_set_nucleus(&r->d, img, 26 * 0x8000, 0x1000, 0x1000), FS_EINVAL, "runs over FE00");
    cr_assert_eq(fs_set_nucleus(&r->d, img, 26 * 0x8000, 0x10000, 0x10000), FS_OK, "26 CCWs: the most");
    cr_assert_eq(block(r, 0)[48 + 25 * 8 + 1], 0, "the 26th ends the chain");
    cr_assert_eq(block(r, 0)[48 + 24 * 8 + 1], 0x80);
    cr_assert_eq(fs_set_nucleus(&r->d, img, 512, 0x100, 0x100), FS_OK, "low storage, below the boot record");
    rig_free(r);
    r = fresh(200, 1, 0);
    cr_assert_eq(fs_set_nucleus(&r->d, img, 1, 0x20000, 0x20000), FS_ETOOBIG, "no area at all");
    rig_free(r);
}

Test(fs, unmount_forgets_open_writers)
{
    struct rig *r = fresh(200, 1, 0);
    struct fs_file f;
    u8 rec[512] = {0};
    cr_assert_eq(fs_create(&r->d, &f, N("A"), N("B"), FS_RECFM_F, 512, 0), FS_OK);
    cr_assert_eq(fs_write(&f, rec, 512), FS_OK);
    cr_assert_eq(remount(r, NULL), FS_OK);
    cr_assert_eq(fs_close(&f), FS_ENOTMOUNTED, "a writer from an earlier mount does not commit");
    fs_abort(&f);
    cr_assert_eq(fs_files(&r->d), 0);
    cr_assert_eq(fs_free_blocks(&r->d), fs_data_blocks(&r->d));
    rig_free(r);
}

Test(fs, strerror_names_every_error)
{
    for (int e = FS_ENOTMOUNTED; e <= FS_OK; e++)
        cr_assert_str_neq(fs_strerror(e), "unknown error", "error %d", e);
    cr_assert_str_eq(fs_strerror(-99), "unknown error");
}
