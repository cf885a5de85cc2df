/* test_fs_files.c: the CMS file system's files over an in-memory disk
 * (test_fs.h): F and V records and their bytes on disk, index chains,
 * free-block accounting, replace, erase and rename with files open, a full
 * directory, and names and patterns.
 */
#include "test_fs.h"

/* ---- records ---------------------------------------------------------------------------- */

Test(fs, f_records_span_blocks_and_read_back)
{
    struct rig *r = rig_fresh(200, 1, 0);
    rig_write_file(r, "DATA", "FILE", FS_RECFM_F, 80, 100);   /* 8000 bytes: 16 blocks, records across them */
    int s = fs_lookup(&r->d, N("DATA"), N("FILE"));
    cr_assert_geq(s, 0);
    const struct fs_dirent *e = &r->d.dir[s];
    cr_assert_eq(e->recfm, FS_RECFM_F);
    cr_assert_eq(e->lrecl, 80);
    cr_assert_eq(e->nrecs, 100);
    cr_assert_eq(e->nbytes, 8000);
    cr_assert_eq(e->nblocks, 16);
    cr_assert_eq(e->mtime, 99);
    rig_check_file(r, "DATA", "FILE", 100);
    cr_assert_eq(rig_remount(r, NULL), FS_OK);
    rig_check_file(r, "DATA", "FILE", 100);
    rig_free(r);
}

Test(fs, v_records_round_trip_and_record_the_longest)
{
    struct rig *r = rig_fresh(400, 1, 0);
    rig_write_file(r, "VAR", "FILE", FS_RECFM_V, 12345 /* ignored */, 150);
    const struct fs_dirent *e = &r->d.dir[fs_lookup(&r->d, N("VAR"), N("FILE"))];
    u32 bytes = 0, longest = 0;
    for (u32 i = 0; i < 150; i++) {
        bytes += 2 + rig_v_len(i);
        longest = rig_v_len(i) > longest ? rig_v_len(i) : longest;
    }
    cr_assert_eq(e->nbytes, bytes);
    cr_assert_eq(e->lrecl, longest);
    cr_assert_eq(e->nblocks, (bytes + 511) / 512);
    rig_check_file(r, "VAR", "FILE", 150);
    cr_assert_eq(rig_remount(r, NULL), FS_OK);
    rig_check_file(r, "VAR", "FILE", 150);
    rig_free(r);
}

Test(fs, v_stream_is_length_prefixed_big_endian)
{
    struct rig *r = rig_fresh(100, 1, 0);
    struct fs_file f;
    cr_assert_eq(fs_create(&r->d, &f, N("X"), N("Y"), FS_RECFM_V, 0, 0), FS_OK);
    cr_assert_eq(fs_write(&f, "\x01\x02\x03", 3), FS_OK);
    cr_assert_eq(fs_write(&f, "\xFF", 1), FS_OK);
    cr_assert_eq(fs_close(&f), FS_OK);
    const struct fs_dirent *e = &r->d.dir[fs_lookup(&r->d, N("X"), N("Y"))];
    const u8 *ix = rig_block(r, e->index);
    cr_assert_eq(ix[7], 1, "count 1");
    u32 data = (u32)ix[8] << 24 | (u32)ix[9] << 16 | (u32)ix[10] << 8 | ix[11];
    cr_assert_eq(memcmp(rig_block(r, data), "\x00\x03\x01\x02\x03\x00\x01\xFF\x00", 9), 0);
    rig_free(r);
}

Test(fs, read_truncates_but_returns_the_full_length)
{
    struct rig *r = rig_fresh(100, 1, 0);
    struct fs_file f;
    u8 rec[600], buf[600];
    rig_pattern(rec, 600, 1);
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
    struct rig *r = rig_fresh(300, 1, 0);
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
    struct rig *r = rig_fresh(100, 1, 0);
    u32 before = fs_free_blocks(&r->d);
    rig_write_file(r, "EMPTY", "FILE", FS_RECFM_F, 80, 0);
    const struct fs_dirent *e = &r->d.dir[fs_lookup(&r->d, N("EMPTY"), N("FILE"))];
    cr_assert_eq(e->index, 0);
    cr_assert_eq(e->nblocks, 0);
    cr_assert_eq(e->nrecs, 0);
    cr_assert_eq(fs_free_blocks(&r->d), before);
    cr_assert_eq(rig_remount(r, NULL), FS_OK);
    rig_check_file(r, "EMPTY", "FILE", 0);
    cr_assert_eq(fs_erase(&r->d, N("EMPTY"), N("FILE")), FS_OK);
    cr_assert_eq(fs_free_blocks(&r->d), before);
    rig_free(r);
}

Test(fs, large_file_chains_index_blocks)
{
    struct rig *r = rig_fresh(1000, 1, 0);
    u32 before = fs_free_blocks(&r->d);
    rig_write_file(r, "BIG", "FILE", FS_RECFM_F, 512, 300);   /* 300 data blocks: 3 index blocks */
    const struct fs_dirent *e = &r->d.dir[fs_lookup(&r->d, N("BIG"), N("FILE"))];
    cr_assert_eq(e->nblocks, 300);
    cr_assert_eq(fs_free_blocks(&r->d), before - 303);
    /* the chain on disk: 126, 126, 48 */
    u32 ib = e->index, counts[3], n = 0;
    while (ib && n < 4) {
        const u8 *x = rig_block(r, ib);
        cr_assert_lt(n, 3);
        counts[n++] = (u32)x[4] << 24 | (u32)x[5] << 16 | (u32)x[6] << 8 | x[7];
        ib = (u32)x[0] << 24 | (u32)x[1] << 16 | (u32)x[2] << 8 | x[3];
    }
    cr_assert_eq(n, 3);
    cr_assert_eq(counts[0], 126);
    cr_assert_eq(counts[1], 126);
    cr_assert_eq(counts[2], 48);
    rig_check_file(r, "BIG", "FILE", 300);
    rig_check_map(r);
    rig_check_file(r, "BIG", "FILE", 300);
    cr_assert_eq(fs_erase(&r->d, N("BIG"), N("FILE")), FS_OK);
    cr_assert_eq(fs_free_blocks(&r->d), before);
    rig_free(r);
}

Test(fs, free_block_accounting)
{
    struct rig *r = rig_fresh(300, 2, 10);
    cr_assert_eq(fs_data_blocks(&r->d), 300 - 2 - 2 - 10);
    u32 all = fs_free_blocks(&r->d);
    cr_assert_eq(all, fs_data_blocks(&r->d));
    rig_write_file(r, "ONE", "BLOCK", FS_RECFM_F, 512, 1);
    cr_assert_eq(fs_free_blocks(&r->d), all - 2, "a data block and an index block");
    rig_write_file(r, "TWO", "BLOCKS", FS_RECFM_F, 100, 6);   /* 600 bytes */
    cr_assert_eq(fs_free_blocks(&r->d), all - 5);
    rig_write_file(r, "BIG", "FILE", FS_RECFM_F, 512, 127);   /* 127 data, 2 index */
    cr_assert_eq(fs_free_blocks(&r->d), all - 5 - 129);
    rig_check_map(r);
    cr_assert_eq(fs_erase(&r->d, N("ONE"), N("BLOCK")), FS_OK);
    cr_assert_eq(fs_free_blocks(&r->d), all - 3 - 129);
    cr_assert_eq(fs_erase(&r->d, N("BIG"), N("FILE")), FS_OK);
    cr_assert_eq(fs_erase(&r->d, N("TWO"), N("BLOCKS")), FS_OK);
    cr_assert_eq(fs_free_blocks(&r->d), all);
    rig_check_map(r);
    rig_free(r);
}

Test(fs, directory_entry_is_big_endian_and_sealed)
{
    struct rig *r = rig_fresh(100, 1, 0);
    rig_write_file(r, "PROFILE", "EXEC", FS_RECFM_F, 80, 10);   /* slot 0 */
    const u8 *p = rig_block(r, FS_DIR_START);
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
    struct rig *r = rig_fresh(400, 1, 0);
    rig_write_file(r, "DOC", "TEXT", FS_RECFM_V, 0, 100);
    u32 free_with_old = fs_free_blocks(&r->d);
    int slot = fs_lookup(&r->d, N("DOC"), N("TEXT"));
    u32 old_blocks = r->d.dir[slot].nblocks + 1;   /* and its one index block */

    struct fs_file w, rd;
    u8 rec[80], buf[FS_MAX_LRECL];
    cr_assert_eq(fs_create(&r->d, &w, N("DOC"), N("TEXT"), FS_RECFM_F, 80, 5), FS_OK);
    for (u32 i = 0; i < 50; i++) {   /* 4000 bytes: 8 blocks + index */
        rig_pattern(rec, 80, 1000 + i);
        cr_assert_eq(fs_write(&w, rec, 80), FS_OK);
    }
    rig_check_file(r, "DOC", "TEXT", 100);   /* the old one, intact, while the new one is written */
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
        rig_pattern(rec, 80, 1000 + i);
        cr_assert_eq(memcmp(buf, rec, 80), 0);
    }
    fs_close(&rd);
    rig_check_map(r);
    rig_free(r);
}

Test(fs, replace_frees_exactly_the_old_blocks)
{
    struct rig *r = rig_fresh(400, 1, 0);
    u32 all = fs_free_blocks(&r->d);
    rig_write_file(r, "DOC", "TEXT", FS_RECFM_F, 512, 20);   /* 21 blocks */
    cr_assert_eq(fs_free_blocks(&r->d), all - 21);
    rig_write_file(r, "DOC", "TEXT", FS_RECFM_F, 512, 5);    /* 6 blocks; the old 21 go at close */
    cr_assert_eq(fs_free_blocks(&r->d), all - 6);
    rig_check_file(r, "DOC", "TEXT", 5);
    cr_assert_eq(fs_files(&r->d), 1);
    rig_check_map(r);
    rig_free(r);
}

Test(fs, reader_open_across_a_replace_keeps_the_old_blocks_until_it_closes)
{
    struct rig *r = rig_fresh(400, 1, 0);
    u32 all = fs_free_blocks(&r->d);
    rig_write_file(r, "DOC", "TEXT", FS_RECFM_F, 512, 20);   /* 21 blocks */
    struct fs_file w, rd;
    u8 buf[512], want[512];
    cr_assert_eq(fs_create(&r->d, &w, N("DOC"), N("TEXT"), FS_RECFM_F, 512, 0), FS_OK);
    cr_assert_eq(fs_open(&r->d, &rd, N("DOC"), N("TEXT")), FS_OK, "opened after the replacement began");
    cr_assert_eq(fs_read(&rd, buf, sizeof buf), 512);
    rig_pattern(want, 512, 0);
    cr_assert_eq(memcmp(buf, want, 512), 0);
    rig_pattern(buf, 512, 77);
    cr_assert_eq(fs_write(&w, buf, 512), FS_OK);
    cr_assert_eq(fs_close(&w), FS_OK);
    cr_assert_eq(fs_free_blocks(&r->d), all - 21 - 2, "the reader still holds the old blocks");
    /* new writers cannot take the old blocks while it reads */
    rig_write_file(r, "FILL", "ER", FS_RECFM_F, 512, rig_fill_records(fs_free_blocks(&r->d)));
    u32 left = fs_free_blocks(&r->d);
    cr_assert_leq(left, 1);
    for (u32 i = 1; i < 20; i++) {
        cr_assert_eq(fs_read(&rd, buf, sizeof buf), 512);
        rig_pattern(want, 512, i);
        cr_assert_eq(memcmp(buf, want, 512), 0, "old record %u", i);
    }
    cr_assert_eq(fs_close(&rd), FS_OK);
    cr_assert_eq(fs_free_blocks(&r->d), left + 21, "released at the last close");
    rig_check_map(r);
    rig_free(r);
}

Test(fs, open_files_are_busy)
{
    struct rig *r = rig_fresh(200, 1, 0);
    rig_write_file(r, "A", "FILE", FS_RECFM_F, 80, 3);
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
    struct rig *r = rig_fresh(300, 1, 0);
    u32 all = fs_free_blocks(&r->d);
    rig_write_file(r, "A", "FILE", FS_RECFM_F, 80, 20);
    rig_write_file(r, "B", "FILE", FS_RECFM_V, 0, 30);
    cr_assert_eq(fs_erase(&r->d, N("A"), N("FILE")), FS_OK);
    cr_assert_eq(fs_lookup(&r->d, N("A"), N("FILE")), -1);
    cr_assert_eq(fs_erase(&r->d, N("A"), N("FILE")), FS_ENOTFOUND);
    cr_assert_eq(fs_rename(&r->d, N("B"), N("FILE"), N("C"), N("DATA")), FS_OK);
    cr_assert_eq(fs_lookup(&r->d, N("B"), N("FILE")), -1);
    rig_check_file(r, "C", "DATA", 30);
    rig_write_file(r, "D", "DATA", FS_RECFM_F, 10, 1);
    cr_assert_eq(fs_rename(&r->d, N("D"), N("DATA"), N("C"), N("DATA")), FS_EEXIST);
    cr_assert_eq(fs_rename(&r->d, N("X"), N("DATA"), N("Y"), N("DATA")), FS_ENOTFOUND);
    cr_assert_eq(fs_rename(&r->d, N("D"), N("DATA"), N("d"), N("DATA")), FS_EINVAL);
    cr_assert_eq(rig_remount(r, NULL), FS_OK);
    cr_assert_eq(fs_files(&r->d), 2);
    rig_check_file(r, "C", "DATA", 30);
    cr_assert_eq(fs_erase(&r->d, N("C"), N("DATA")), FS_OK);
    cr_assert_eq(fs_erase(&r->d, N("D"), N("DATA")), FS_OK);
    cr_assert_eq(fs_free_blocks(&r->d), all);
    cr_assert_eq(rig_remount(r, NULL), FS_OK);
    cr_assert_eq(fs_files(&r->d), 0);
    cr_assert_eq(fs_free_blocks(&r->d), all);
    rig_free(r);
}

Test(fs, directory_full)
{
    struct rig *r = rig_fresh(200, 1, 0);   /* 8 entries */
    char name[8];
    for (int i = 0; i < 8; i++) {
        snprintf(name, sizeof name, "F%d", i);
        rig_write_file(r, name, "X", FS_RECFM_F, 1, 1);
    }
    struct fs_file f;
    cr_assert_eq(fs_create(&r->d, &f, N("F8"), N("X"), FS_RECFM_F, 1, 0), FS_EDIRFULL);
    cr_assert_eq(fs_rename(&r->d, N("F1"), N("X"), N("F9"), N("X")), FS_OK, "rename needs no new entry");
    rig_write_file(r, "F2", "X", FS_RECFM_F, 1, 2);   /* replacing needs none either */
    cr_assert_eq(fs_files(&r->d), 8);
    cr_assert_eq(fs_erase(&r->d, N("F3"), N("X")), FS_OK);
    rig_write_file(r, "F8", "X", FS_RECFM_F, 1, 1);
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

    struct rig *r = rig_fresh(100, 1, 0);
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

    struct rig *r = rig_fresh(200, 2, 0);
    const char *files[][2] = {{"PROFILE", "EXEC"}, {"HELLO", "C"}, {"PRINT", "EXEC"}, {"HELLO", "MODULE"},
                              {"PROBE", "TEXT"}};
    for (int i = 0; i < 5; i++)
        rig_write_file(r, files[i][0], files[i][1], FS_RECFM_F, 4, 1);
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
