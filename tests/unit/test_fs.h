/* test_fs.h: the rig the CMS file system's tests share (test_fs_rig.c):
 * an in-memory disk with failure injection, and files of known records.
 *
 * The disk is an array of 512-byte blocks: `fail_write_at` = N makes the
 * Nth write from now fail (FS_EIO) and leaves the block untouched, as a
 * device that reports an error would; `dead_from` makes every write from
 * then on fail.
 *
 * "As it was" (rig_snapshot, rig_check_unchanged) is checked on every
 * block that held something before an operation: the IPL record, label,
 * directory, nucleus area and every allocated data block. Free blocks may
 * hold an abandoned file's bytes (nothing refers to them), and a fresh
 * mount must agree with the in-memory map (rig_check_map).
 *
 * The tests, by concern: test_fs_disk.c (format, mount, read-only, the
 * nucleus and IPL record), test_fs_files.c (records, replace, erase,
 * rename, names and patterns), test_fs_damage.c (failures leave the disk
 * as it was; mount's quarantine of bad entries).
 */
#ifndef CREASY_TEST_FS_H
#define CREASY_TEST_FS_H

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

struct rig {
    struct memdev dev;
    struct fs_disk d;
};

/* What fs_mount reported (rig_remount). */
struct complaints {
    int n;
    int slot[16];
    char why[16][96];
};

struct rig *rig_new(u32 nblocks);    /* an unformatted disk of zeros */
void rig_free(struct rig *r);
u8 *rig_block(struct rig *r, u32 blk);
/* A formatted, mounted disk (label TEST01). */
struct rig *rig_fresh(u32 nblocks, u32 dir_blocks, u32 nucleus_blocks);
/* Unmount and mount again; the complaints in c (or none, if NULL). */
int rig_remount(struct rig *r, struct complaints *c);

/* ASCII to an EBCDIC field, blank padded (no upper-casing: tests say what they mean). */
const u8 *rig_ebc(const char *s, u8 *out, size_t n);
#define N(s) rig_ebc((s), (u8[8]){0}, 8)
#define LABEL6 rig_ebc("TEST01", (u8[8]){0}, 6)

/* Record i of a test file: `len` bytes of a pattern that depends on i;
 * a V file's record i is rig_v_len(i) bytes long. */
void rig_pattern(u8 *buf, u32 len, u32 i);
u32 rig_v_len(u32 i);
/* Write a file of n records: F (lrecl) or V (lengths rig_v_len). */
void rig_write_file(struct rig *r, const char *fn, const char *ft, u8 recfm, u32 lrecl, u32 n);
/* Read it back and compare. */
void rig_check_file(struct rig *r, const char *fn, const char *ft, u32 n);
/* The most 512-byte records a file can have in `free_blocks` blocks. */
u32 rig_fill_records(u32 free_blocks);

/* A copy of the disk, and in held[] the blocks that hold something:
 * everything before the data area, and every allocated data block. */
u8 *rig_snapshot(struct rig *r, u8 *held);
void rig_check_unchanged(struct rig *r, const u8 *copy, const u8 *held);
/* The in-memory map equals what a fresh mount builds from the disk. */
void rig_check_map(struct rig *r);

#endif
