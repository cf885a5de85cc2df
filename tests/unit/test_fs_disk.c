/* test_fs_disk.c: the CMS file system's whole-disk calls over an
 * in-memory disk (test_fs.h): format and mount (the label's bytes, bad
 * geometry, unformatted and corrupt disks), read-only disks, the nucleus
 * area and its IPL record, unmount, and the error messages.
 */
#include "test_fs.h"

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
    const u8 *l = rig_block(r, FS_LABEL_BLOCK);
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
                cr_assert_eq(rig_block(r, b)[i], 0, "block %u byte %u", b, i);
    cr_assert_eq(rig_block(r, 6)[0], 0xAA, "the nucleus area is not touched");
    cr_assert_eq(fs_data_blocks(&r->d), 1000 - 106);
    cr_assert_eq(fs_free_blocks(&r->d), 1000 - 106);

    cr_assert_eq(rig_remount(r, NULL), FS_OK);
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
    cr_assert_eq(fs_format(&r->d, rig_ebc("a", (u8[8]){0}, 6), 1, 0, 0), FS_EINVAL, "lower case label");
    cr_assert_eq(fs_format(&r->d, rig_ebc(" A", (u8[8]){0}, 6), 1, 0, 0), FS_EINVAL, "embedded blank");
    cr_assert_eq(fs_format(&r->d, rig_ebc("", (u8[8]){0}, 6), 1, 0, 0), FS_OK, "a blank label is allowed");
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
    struct rig *r = rig_fresh(100, 1, 0);
    rig_write_file(r, "A", "B", FS_RECFM_V, 0, 3);
    fs_unmount(&r->d);
    rig_block(r, FS_LABEL_BLOCK)[20] ^= 0x01;   /* dir_blocks: checksum now wrong */
    u32 writes = r->dev.writes;
    cr_assert_eq(fs_mount(&r->d, NULL, NULL), FS_ECORRUPT);
    cr_assert_not(r->d.mounted);
    rig_block(r, FS_LABEL_BLOCK)[20] ^= 0x01;
    cr_assert_eq(fs_mount(&r->d, NULL, NULL), FS_OK);

    /* sealed but nonsense: data_start past the end */
    u8 *l = rig_block(r, FS_LABEL_BLOCK);
    l[44] = 0x7F;
    u32 sum = fs_checksum(l, 56);
    l[56] = (u8)(sum >> 24), l[57] = (u8)(sum >> 16), l[58] = (u8)(sum >> 8), l[59] = (u8)sum;
    cr_assert_eq(rig_remount(r, NULL), FS_ECORRUPT);
    /* a label for a larger disk than the device */
    r->d.dev_blocks = 50;
    cr_assert_eq(fs_mount(&r->d, NULL, NULL), FS_ECORRUPT);
    cr_assert_eq(r->dev.writes, writes, "mount never writes");
    rig_free(r);
}

Test(fs, unreadable_directory_fails_mount_with_eio)
{
    struct rig *r = rig_fresh(100, 1, 0);
    fs_unmount(&r->d);
    r->dev.fail_reads = true;
    cr_assert_eq(fs_mount(&r->d, NULL, NULL), FS_EIO);
    cr_assert_not(r->d.mounted);
    rig_free(r);
}

/* ---- read-only ------------------------------------------------------------------------ */

Test(fs, read_only_disk_refuses_every_write)
{
    struct rig *r = rig_fresh(200, 1, 20);
    rig_write_file(r, "A", "FILE", FS_RECFM_F, 80, 10);
    fs_unmount(&r->d);
    r->d.readonly = true;
    cr_assert_eq(fs_mount(&r->d, NULL, NULL), FS_OK);
    u32 writes = r->dev.writes;
    struct fs_file f;
    cr_assert_eq(fs_create(&r->d, &f, N("B"), N("FILE"), FS_RECFM_V, 0, 0), FS_ERDONLY);
    cr_assert_eq(fs_create(&r->d, &f, N("A"), N("FILE"), FS_RECFM_V, 0, 0), FS_ERDONLY);
    cr_assert_eq(fs_erase(&r->d, N("A"), N("FILE")), FS_ERDONLY);
    cr_assert_eq(fs_rename(&r->d, N("A"), N("FILE"), N("B"), N("FILE")), FS_ERDONLY);
    cr_assert_eq(fs_set_nucleus(&r->d, "\x07\xFE", 2, 0x20000, 0x20000, NULL), FS_ERDONLY);
    cr_assert_eq(fs_format(&r->d, LABEL6, 1, 0, 0), FS_ERDONLY);
    cr_assert_eq(r->dev.writes, writes, "nothing was written");
    rig_check_file(r, "A", "FILE", 10);
    rig_free(r);
}

/* ---- the nucleus and the IPL record ------------------------------------------------------ */

Test(fs, set_nucleus_writes_the_ipl_record)
{
    struct rig *r = rig_fresh(2000, 4, 200);   /* nucleus area: blocks 6..205 */
    u32 len = 70000;                        /* 137 blocks: 32K + 32K + 0x1200 */
    u8 *img = malloc(len);
    rig_pattern(img, len, 3);
    cr_assert_eq(fs_set_nucleus(&r->d, img, len, 0x20000, 0x20010, NULL), FS_OK);
    const u8 *b = rig_block(r, 0);
    static const u8 want[] = {
        0x00, 0x08, 0x00, 0x00, 0x80, 0x00, 0xFE, 0x94,   /* IPL PSW: the loader */
        0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0xFE, 0x00,   /* Read IPL, 512 -> FE00: the end */
        0x00, 0x08, 0x00, 0x00, 0x80, 0x02, 0x00, 0x10,   /* the nucleus's PSW */
        0x00, 0x0A, 0x00, 0x00, 0x80, 0x0F, 0x00, 0x01,   /* its wait: FS_IPL_WAIT_STORAGE */
        0x09, 0x20, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xD0,   /* no message */
        0x00, 0x03, 0x11, 0xFF, 0x00, 0x00, 0x00, 0x00,   /* needs up to 311FF (the blocks it reads) */
    };
    cr_assert_eq(memcmp(b, want, sizeof want), 0, "IPL PSW, CCW and the loader's data");
    static const u8 extent[] = {0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x07, 0xCF};   /* last 1999 */
    static const u8 locate[] = {0x06, 0x00, 0x00, 0x89, 0x00, 0x00, 0x00, 0x06};   /* 137 blocks from 6 */
    cr_assert_eq(memcmp(b + 0x30, extent, 16), 0, "Define Extent data");
    cr_assert_eq(memcmp(b + 0x40, locate, 8), 0, "Locate data");
    cr_assert_eq(memcmp(b + 0x94, "\x50\xF0\x00\x00\x0D\xF0", 6), 0, "the loader: ST 15,0; BASR 15,0");
    static const u8 chain[] = {
        0x63, 0x40, 0x00, 0x10, 0x00, 0x00, 0xFE, 0x30,   /* Define Extent, CC, 16 from FE30 */
        0x43, 0x40, 0x00, 0x08, 0x00, 0x00, 0xFE, 0x40,   /* Locate, CC, 8 from FE40 */
        0x42, 0x80, 0x80, 0x00, 0x00, 0x02, 0x00, 0x00,   /* Read, CD, 32K -> 20000 */
        0x42, 0x80, 0x80, 0x00, 0x00, 0x02, 0x80, 0x00,   /* Read, CD, 32K -> 28000 */
        0x42, 0x00, 0x12, 0x00, 0x00, 0x03, 0x00, 0x00,   /* Read, 0x1200 -> 30000: ends */
    };
    cr_assert_eq(memcmp(b + 0x130, chain, sizeof chain), 0, "the nucleus's channel program");
    for (u32 i = 0x130 + sizeof chain; i < FS_BLKSIZE; i++)
        cr_assert_eq(b[i], 0, "byte %X", i);
    /* the image, block by block, zero-padded at the end */
    cr_assert_eq(memcmp(rig_block(r, 6), img, len), 0);
    for (u32 i = len; i < 137 * FS_BLKSIZE; i++)
        cr_assert_eq(rig_block(r, 6)[i], 0);
    cr_assert_eq(rig_remount(r, NULL), FS_OK);
    cr_assert_eq(r->d.label.nucleus_load, 0x20000);
    cr_assert_eq(r->d.label.nucleus_bytes, len);
    cr_assert_eq(r->d.label.nucleus_entry, 0x20010);
    cr_assert_eq(fs_free_blocks(&r->d), fs_data_blocks(&r->d), "the nucleus area is not data");
    free(img);
    rig_free(r);
}

/* What the nucleus says it needs goes where the loader reads it: the
 * last byte to probe, its wait, its console, its message at +1D0. Less
 * storage than it is read into is the storage it is read into. */
Test(fs, set_nucleus_records_what_the_nucleus_needs)
{
    struct rig *r = rig_fresh(200, 1, 8);
    static const u8 text[] = {0xC8, 0xC5, 0xD3, 0xD7};   /* HELP */
    struct fs_ipl_needs n = {0x90000, 0x000C0001, 0x01F, 4, text};
    cr_assert_eq(fs_set_nucleus(&r->d, "\x07\xFE", 2, 0x10000, 0x10000, &n), FS_OK);
    const u8 *b = rig_block(r, 0);
    cr_assert_eq(memcmp(b + 0x18, "\x00\x0A\x00\x00\x80\x0C\x00\x01", 8), 0, "its wait");
    cr_assert_eq(memcmp(b + 0x20, "\x09\x20\x00\x04\x00\x00\xFF\xD0", 8), 0, "Write its 4 bytes");
    cr_assert_eq(memcmp(b + 0x28, "\x00\x08\xFF\xFF\x00\x00\x00\x1F", 8), 0, "the last byte, the console");
    cr_assert_eq(memcmp(b + 0x1D0, text, 4), 0, "the message");
    n.storage = 0x8000;
    cr_assert_eq(fs_set_nucleus(&r->d, "\x07\xFE", 2, 0x10000, 0x10000, &n), FS_OK);
    cr_assert_eq(memcmp(rig_block(r, 0) + 0x28, "\x00\x01\x01\xFF", 4), 0, "at least the block it reads");
    n.len = FS_IPL_TEXT_MAX + 1;
    cr_assert_eq(fs_set_nucleus(&r->d, "\x07\xFE", 2, 0x10000, 0x10000, &n), FS_EINVAL, "a message too long");
    rig_free(r);
}

Test(fs, set_nucleus_of_one_block_has_one_read_ccw)
{
    struct rig *r = rig_fresh(200, 1, 4);
    cr_assert_eq(fs_set_nucleus(&r->d, "\x07\xFE", 2, 0x10000, 0x10000, NULL), FS_OK);
    const u8 *b = rig_block(r, 0);
    cr_assert_eq(memcmp(b + 0x140, "\x42\x00\x02\x00\x00\x01\x00\x00", 8), 0);
    cr_assert_eq(memcmp(b + 0x148, "\0\0\0\0\0\0\0\0", 8), 0);
    cr_assert_eq(memcmp(b + 0x40, "\x06\x00\x00\x01\x00\x00\x00\x03", 8), 0);
    cr_assert_eq(memcmp(rig_block(r, 3), "\x07\xFE\0\0", 4), 0);
    rig_free(r);
}

Test(fs, set_nucleus_refuses_what_cannot_load)
{
    struct rig *r = rig_fresh(3000, 1, 2000);
    static u8 img[27 * 0x8000];
    u32 writes = r->dev.writes;
    cr_assert_eq(fs_set_nucleus(&r->d, img, 18 * 0x8000 + 1, 0x20000, 0x20000, NULL), FS_ETOOBIG, "19 CCWs");
    cr_assert_eq(fs_set_nucleus(&r->d, img, 2001 * 512, 0x20000, 0x20000, NULL), FS_ETOOBIG, "larger than the area");
    cr_assert_eq(fs_set_nucleus(&r->d, img, 0, 0x20000, 0x20000, NULL), FS_EINVAL, "empty");
    cr_assert_eq(fs_set_nucleus(&r->d, img, 1024, 0xFC00, 0xFC00, NULL), FS_EINVAL, "over the boot record");
    cr_assert_eq(fs_set_nucleus(&r->d, img, 1024, 0, 0x10, NULL), FS_EINVAL, "over the IPL PSW");
    cr_assert_eq(fs_set_nucleus(&r->d, img, 512, 0x100, 0x100, NULL), FS_EINVAL, "over the loader's low core");
    cr_assert_eq(fs_set_nucleus(&r->d, img, 1024, 0x20000, 0x20001, NULL), FS_EINVAL, "odd entry");
    cr_assert_eq(fs_set_nucleus(&r->d, img, 1024, 0x20000, 0x20400, NULL), FS_EINVAL, "entry past the image");
    cr_assert_eq(fs_set_nucleus(&r->d, img, 1024, 0x7FFFFF00, 0x7FFFFF00, NULL), FS_EINVAL, "past 2G");
    cr_assert_eq(r->dev.writes, writes, "nothing written");
    cr_assert_eq(fs_set_nucleus(&r->d, img, 18 * 0x8000, 0x1000, 0x1000, NULL), FS_EINVAL, "runs over FE00");
    cr_assert_eq(fs_set_nucleus(&r->d, img, 18 * 0x8000, 0x10000, 0x10000, NULL), FS_OK, "18 CCWs: the most");
    cr_assert_eq(rig_block(r, 0)[0x140 + 17 * 8 + 1], 0, "the 18th ends the chain");
    cr_assert_eq(rig_block(r, 0)[0x140 + 16 * 8 + 1], 0x80);
    cr_assert_eq(fs_set_nucleus(&r->d, img, 512, 0x200, 0x200, NULL), FS_OK, "low storage, above low core");
    rig_free(r);
    r = rig_fresh(200, 1, 0);
    cr_assert_eq(fs_set_nucleus(&r->d, img, 1, 0x20000, 0x20000, NULL), FS_ETOOBIG, "no area at all");
    rig_free(r);
}

Test(fs, unmount_forgets_open_writers)
{
    struct rig *r = rig_fresh(200, 1, 0);
    struct fs_file f;
    u8 rec[512] = {0};
    cr_assert_eq(fs_create(&r->d, &f, N("A"), N("B"), FS_RECFM_F, 512, 0), FS_OK);
    cr_assert_eq(fs_write(&f, rec, 512), FS_OK);
    cr_assert_eq(rig_remount(r, NULL), FS_OK);
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
