/* test_fs_damage.c: the CMS file system under failure, over an
 * in-memory disk (test_fs.h): a full disk, write errors and failed calls
 * leave the disk as it was (fs.h's commit rules), and mount quarantines a
 * damaged entry while every other file stays readable.
 */
#include "test_fs.h"

/* ---- failures leave the disk as it was ------------------------------------------------------- */

Test(fs, disk_full_then_abort_leaves_the_disk_as_before)
{
    struct rig *r = rig_fresh(120, 1, 0);
    rig_write_file(r, "KEEP", "ME", FS_RECFM_V, 0, 40);
    u32 free_before = fs_free_blocks(&r->d);
    u8 held[120];
    u8 *copy = rig_snapshot(r, held);

    struct fs_file f;
    u8 rec[512];
    int rc = FS_OK;
    cr_assert_eq(fs_create(&r->d, &f, N("HUGE"), N("FILE"), FS_RECFM_F, 512, 0), FS_OK);
    for (u32 i = 0; rc == FS_OK && i < 1000; i++) {
        rig_pattern(rec, 512, i);
        rc = fs_write(&f, rec, 512);
    }
    cr_assert_eq(rc, FS_EFULL);
    cr_assert_eq(fs_free_blocks(&r->d), 0);
    cr_assert_eq(fs_write(&f, rec, 512), FS_EFULL, "the writer stays spoiled");
    cr_assert_eq(fs_close(&f), FS_EFULL, "and cannot commit");
    fs_abort(&f);
    cr_assert_eq(fs_free_blocks(&r->d), free_before);
    cr_assert_eq(r->d.nopen, 0);
    rig_check_unchanged(r, copy, held);
    rig_check_map(r);
    cr_assert_eq(fs_lookup(&r->d, N("HUGE"), N("FILE")), -1);
    rig_check_file(r, "KEEP", "ME", 40);
    free(copy);
    rig_free(r);
}

Test(fs, disk_full_while_replacing_keeps_the_old_file)
{
    struct rig *r = rig_fresh(100, 1, 0);
    rig_write_file(r, "DOC", "TEXT", FS_RECFM_V, 0, 60);
    u32 free_before = fs_free_blocks(&r->d);
    u8 held[100];
    u8 *copy = rig_snapshot(r, held);
    struct fs_file f;
    u8 rec[512] = {0};
    int rc = FS_OK;
    cr_assert_eq(fs_create(&r->d, &f, N("DOC"), N("TEXT"), FS_RECFM_F, 512, 0), FS_OK);
    while (rc == FS_OK)
        rc = fs_write(&f, rec, 512);
    cr_assert_eq(rc, FS_EFULL);
    fs_abort(&f);
    cr_assert_eq(fs_free_blocks(&r->d), free_before);
    rig_check_unchanged(r, copy, held);
    rig_check_file(r, "DOC", "TEXT", 60);
    rig_check_map(r);
    free(copy);
    rig_free(r);
}

/* Fail each write fs_close does in turn (last data block, index block,
 * directory block): every time the abort leaves the disk as it was. */
Test(fs, write_error_during_close_then_abort_leaves_the_disk_as_before)
{
    for (u32 nth = 1; nth <= 3; nth++) {
        struct rig *r = rig_fresh(200, 1, 0);
        rig_write_file(r, "OLD", "FILE", FS_RECFM_V, 0, 20);
        rig_write_file(r, "NEW", "FILE", FS_RECFM_F, 80, 3);   /* the one being replaced */
        u32 free_before = fs_free_blocks(&r->d);
        u8 held[200];
        u8 *copy = rig_snapshot(r, held);
        struct fs_file f;
        u8 rec[80];
        cr_assert_eq(fs_create(&r->d, &f, N("NEW"), N("FILE"), FS_RECFM_F, 80, 0), FS_OK);
        for (u32 i = 0; i < 10; i++) {   /* 800 bytes: one block written now, one at close */
            rig_pattern(rec, 80, 500 + i);
            cr_assert_eq(fs_write(&f, rec, 80), FS_OK);
        }
        r->dev.fail_write_at = r->dev.writes + nth;
        cr_assert_eq(fs_close(&f), FS_EIO, "write %u of close fails", nth);
        cr_assert_eq(fs_close(&f), FS_EIO, "and stays failed");
        fs_abort(&f);
        cr_assert_eq(fs_free_blocks(&r->d), free_before, "write %u", nth);
        rig_check_unchanged(r, copy, held);
        rig_check_map(r);
        rig_check_file(r, "NEW", "FILE", 3);
        rig_check_file(r, "OLD", "FILE", 20);
        free(copy);
        rig_free(r);
    }
}

/* A failure in the middle of a long write, where an index block is
 * chained, also aborts cleanly. */
Test(fs, write_error_while_chaining_index_blocks_then_abort)
{
    for (u32 nth = 120; nth <= 135; nth++) {
        struct rig *r = rig_fresh(400, 1, 0);
        rig_write_file(r, "KEEP", "ME", FS_RECFM_F, 100, 30);
        u32 free_before = fs_free_blocks(&r->d);
        u8 held[400];
        u8 *copy = rig_snapshot(r, held);
        struct fs_file f;
        u8 rec[512];
        int rc = FS_OK;
        r->dev.fail_write_at = r->dev.writes + nth;
        cr_assert_eq(fs_create(&r->d, &f, N("BIG"), N("FILE"), FS_RECFM_F, 512, 0), FS_OK);
        for (u32 i = 0; rc == FS_OK && i < 200; i++) {
            rig_pattern(rec, 512, i);
            rc = fs_write(&f, rec, 512);
        }
        cr_assert_eq(rc, FS_EIO, "write %u", nth);
        fs_abort(&f);
        cr_assert_eq(fs_free_blocks(&r->d), free_before, "write %u", nth);
        rig_check_unchanged(r, copy, held);
        rig_check_map(r);
        rig_check_file(r, "KEEP", "ME", 30);
        free(copy);
        rig_free(r);
    }
}

Test(fs, failed_erase_and_rename_change_nothing)
{
    struct rig *r = rig_fresh(200, 1, 0);
    rig_write_file(r, "A", "FILE", FS_RECFM_F, 80, 20);
    u32 free_before = fs_free_blocks(&r->d);
    r->dev.fail_write_at = r->dev.writes + 1;
    cr_assert_eq(fs_erase(&r->d, N("A"), N("FILE")), FS_EIO);
    cr_assert_eq(fs_free_blocks(&r->d), free_before);
    r->dev.fail_write_at = r->dev.writes + 1;
    cr_assert_eq(fs_rename(&r->d, N("A"), N("FILE"), N("B"), N("FILE")), FS_EIO);
    cr_assert_geq(fs_lookup(&r->d, N("A"), N("FILE")), 0);
    rig_check_map(r);
    rig_check_file(r, "A", "FILE", 20);
    rig_free(r);
}

Test(fs, failed_format_leaves_an_unformatted_disk_not_a_mixture)
{
    struct rig *r = rig_fresh(200, 2, 0);
    rig_write_file(r, "A", "FILE", FS_RECFM_F, 80, 20);
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
    struct rig *r = rig_fresh(1000, 1, 0);
    rig_write_file(r, "A", "FILE", FS_RECFM_F, 100, 30);
    rig_write_file(r, "B", "FILE", FS_RECFM_F, 512, b_records);
    rig_write_file(r, "C", "FILE", FS_RECFM_V, 0, 50);
    u32 free_before = fs_free_blocks(&r->d);
    struct fs_dirent b = r->d.dir[1];
    fs_unmount(&r->d);
    damage(r, &b);
    struct complaints c;
    cr_assert_eq(rig_remount(r, &c), FS_OK);
    cr_assert_eq(c.n, 1, "one complaint");
    cr_assert_eq(c.slot[0], 1);
    cr_assert(strstr(c.why[0], why), "reason '%s' wanted '%s'", c.why[0], why);
    cr_assert_neq(r->d.quarantined[1], 0);
    cr_assert_eq(fs_files(&r->d), 2);
    cr_assert_eq(fs_lookup(&r->d, N("B"), N("FILE")), -1);
    struct fs_file f;
    cr_assert_eq(fs_open(&r->d, &f, N("B"), N("FILE")), FS_ENOTFOUND);
    cr_assert_eq(fs_next(&r->d, 0, N("*"), N("*")), 2, "not listed");
    rig_check_file(r, "A", "FILE", 30);
    rig_check_file(r, "C", "FILE", 50);
    /* B's blocks stay allocated: filling the disk does not write over them */
    cr_assert_leq(fs_free_blocks(&r->d), free_before + 1);
    u8 held[1000];
    u8 *copy = rig_snapshot(r, held);
    memset(held, 0, r->d.label.data_start);   /* the directory gets FILL's entry: look at the data */
    rig_write_file(r, "FILL", "ER", FS_RECFM_F, 512, rig_fill_records(fs_free_blocks(&r->d) - 2));
    rig_check_unchanged(r, copy, held);
    /* and a new file cannot take the quarantined entry */
    rig_write_file(r, "D", "FILE", FS_RECFM_F, 1, 1);
    cr_assert_neq(fs_lookup(&r->d, N("D"), N("FILE")), 1);
    struct complaints c2;
    cr_assert_eq(rig_remount(r, &c2), FS_OK);
    cr_assert_eq(c2.n, 1, "still quarantined, still reported");
    free(copy);
    rig_free(r);
}

static u32 get32(const u8 *p) { return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3]; }
static void set32(u8 *p, u32 v) { p[0] = (u8)(v >> 24), p[1] = (u8)(v >> 16), p[2] = (u8)(v >> 8), p[3] = (u8)v; }

static void reseal_entry(struct rig *r, int slot)
{
    u8 *p = rig_block(r, FS_DIR_START) + slot * 64;
    set32(p + 60, fs_checksum(p, 60));
}

static void flip_nrecs(struct rig *r, const struct fs_dirent *b) { rig_block(r, FS_DIR_START)[64 + 27] ^= 1; }
static void index_points_at_label(struct rig *r, const struct fs_dirent *b) { set32(rig_block(r, b->index) + 8, 1); }
static void index_points_past_end(struct rig *r, const struct fs_dirent *b) { set32(rig_block(r, b->index) + 8, 5000); }
static void next_points_past_end(struct rig *r, const struct fs_dirent *b) { set32(rig_block(r, b->index), 1000); }
static void index_loops(struct rig *r, const struct fs_dirent *b) { set32(rig_block(r, b->index), b->index); }
static void claims_a_block_of_a(struct rig *r, const struct fs_dirent *b)
{
    const u8 *a_index = rig_block(r, r->d.dir[0].index);
    set32(rig_block(r, b->index) + 8 + 4 * 3, get32(a_index + 8));
}
static void index_count_short(struct rig *r, const struct fs_dirent *b)
{
    u8 *x = rig_block(r, b->index);
    set32(x + 4, get32(x + 4) - 1);
}
static void entry_nblocks_resealed(struct rig *r, const struct fs_dirent *b)
{
    u8 *p = rig_block(r, FS_DIR_START) + 64;
    set32(p + 32, get32(p + 32) + 1);
    reseal_entry(r, 1);
}
static void entry_name_resealed(struct rig *r, const struct fs_dirent *b)
{
    rig_block(r, FS_DIR_START)[64 + 1] = 0x81;   /* "Ba" */
    reseal_entry(r, 1);
}
static void entry_lengths_resealed(struct rig *r, const struct fs_dirent *b)
{
    u8 *p = rig_block(r, FS_DIR_START) + 64;
    set32(p + 28, get32(p + 28) - 512);   /* nbytes no longer nrecs * lrecl */
    reseal_entry(r, 1);
}
static void entry_duplicates_a(struct rig *r, const struct fs_dirent *b)
{
    memcpy(rig_block(r, FS_DIR_START) + 64, N("A"), 8);
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
    struct rig *r = rig_fresh(100, 1, 0);
    rig_write_file(r, "A", "FILE", FS_RECFM_F, 10, 3);
    fs_unmount(&r->d);
    rig_block(r, FS_DIR_START)[64 * 5 + 30] = 0x55;   /* fn[0] == 0, but not all zero */
    struct complaints c;
    cr_assert_eq(rig_remount(r, &c), FS_OK);
    cr_assert_eq(c.n, 1);
    cr_assert_eq(c.slot[0], 5);
    rig_check_file(r, "A", "FILE", 3);
    rig_free(r);
}

Test(fs, writing_next_to_a_quarantined_entry_keeps_its_bytes)
{
    struct rig *r = rig_fresh(200, 1, 0);
    rig_write_file(r, "A", "FILE", FS_RECFM_F, 10, 3);
    rig_write_file(r, "B", "FILE", FS_RECFM_F, 10, 3);
    fs_unmount(&r->d);
    rig_block(r, FS_DIR_START)[64 + 27] ^= 1;
    u8 bad[64];
    memcpy(bad, rig_block(r, FS_DIR_START) + 64, 64);
    cr_assert_eq(fs_mount(&r->d, NULL, NULL), FS_OK);
    rig_write_file(r, "C", "FILE", FS_RECFM_F, 10, 3);   /* same directory block */
    cr_assert_eq(fs_lookup(&r->d, N("C"), N("FILE")), 2);
    cr_assert_eq(fs_erase(&r->d, N("A"), N("FILE")), FS_OK);
    cr_assert_eq(memcmp(rig_block(r, FS_DIR_START) + 64, bad, 64), 0, "the bad entry's bytes are kept");
    rig_free(r);
}
