/* test_dev_fba.c: the FBA DASD (machine/io/dev_fba.c) driven by real
 * channel programs through SIO: define extent, locate, read and write
 * round trips against the image file, data chaining, short CCWs, every
 * extent rule with its sense bytes (and nothing written), read-only
 * images, read device characteristics, read IPL (by SIO and by a real
 * IPL), chain state that lasts one channel program, host I/O errors, and
 * the constructor's checks and image creation. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "test_dev.h"

#define DASD 0x190
#define BLK 512
#define NBLOCKS 32
#define DE_AT (BUF)            /* define extent parameters */
#define LOC_AT (BUF + 0x10)    /* locate parameters */
#define DATA 0x20000u          /* block data */

struct rig {
    struct machine *m;
    struct device *d;
    char path[64];
};

/* Block b of a fresh image: its number in the first word, then a pattern. */
static u8 pattern(u32 b, u32 i) { return i < 4 ? (u8)(b >> (24 - 8 * i)) : (u8)(b * 7 + i); }

static void make_image(char *path, u32 blocks)
{
    u8 *img = malloc((size_t)blocks * BLK);
    for (u32 b = 0; b < blocks; b++)
        for (u32 i = 0; i < BLK; i++)
            img[b * BLK + i] = pattern(b, i);
    temp_file(path, img, (size_t)blocks * BLK);
    free(img);
}

static struct rig rig_open(bool readonly)
{
    struct rig r = {.m = t_new()};
    char err[256];
    make_image(r.path, NBLOCKS);
    r.d = fba_new(DASD, r.path, readonly, 0, err, sizeof err);
    cr_assert_not_null(r.d, "%s", err);
    chan_attach(r.m, r.d);
    return r;
}

static struct rig rig_new(void) { return rig_open(false); }

static void rig_free(struct rig *r)
{
    t_free(r->m);
    unlink(r->path);
}

/* Is block b of the image file still as make_image() left it? */
static bool block_pristine(struct rig *r, u32 b)
{
    u8 buf[BLK];
    int fd = open(r->path, O_RDONLY);
    cr_assert(fd >= 0);
    cr_assert_eq(pread(fd, buf, BLK, (off_t)b * BLK), BLK);
    close(fd);
    for (u32 i = 0; i < BLK; i++)
        if (buf[i] != pattern(b, i))
            return false;
    return true;
}

static bool image_pristine(struct rig *r)
{
    for (u32 b = 0; b < NBLOCKS; b++)
        if (!block_pristine(r, b))
            return false;
    return true;
}

static bool storage_holds_block(struct machine *m, u32 addr, u32 b, u32 n)
{
    for (u32 i = 0; i < n; i++)
        if (m->mem[addr + i] != pattern(b, i))
            return false;
    return true;
}

static void de_params(struct machine *m, u8 mask, u32 origin, u32 first, u32 last)
{
    u8 p[16] = {mask};
    put32(p + 4, origin);
    put32(p + 8, first);
    put32(p + 12, last);
    stor_write(m, DE_AT, p, 16);
}

static void loc_params(struct machine *m, u8 op, u16 count, u32 block)
{
    u8 p[8] = {op};
    put16(p + 2, count);
    put32(p + 4, block);
    stor_write(m, LOC_AT, p, 8);
}

/* DE, LOCATE, then one read (42) or write (41) CCW of `len` bytes at DATA. */
static void program(struct machine *m, u8 cmd, u8 flags, u16 len)
{
    put_ccw(m, CCWS, 0x63, CCW_CC, 16, DE_AT);
    put_ccw(m, CCWS + 8, 0x43, CCW_CC, 8, LOC_AT);
    put_ccw(m, CCWS + 16, cmd, flags, len, DATA);
}

/* Run a program that should fail with unit check; check the sense. */
static void expect_check(struct rig *r, u32 ccw_after, u8 byte0, u8 byte1, u32 block)
{
    run_program(r->m, DASD);
    cr_assert_eq(csw_us(r->m), CE_DE | US_UC, "unit status %02X", csw_us(r->m));
    cr_assert_eq(csw_cs(r->m), 0, "channel status %02X", csw_cs(r->m));
    cr_assert_eq(csw_ccw(r->m), ccw_after, "the chain ended at the failing command (CSW %06X)", csw_ccw(r->m));
    const u8 *s = sense(r->m, DASD, 24);
    cr_assert_eq(s[0], byte0, "sense byte 0 %02X", s[0]);
    cr_assert_eq(s[1], byte1, "sense byte 1 %02X", s[1]);
    cr_assert_eq(be32(s + 4), block, "sense block %u", be32(s + 4));
    for (int i = 8; i < 24; i++)
        cr_assert_eq(s[i], 0);
}

/* ---- reading and writing ------------------------------------------------------ */

Test(fba, read_located_blocks_relative_to_the_extent_origin)
{
    struct rig r = rig_new();
    de_params(r.m, 0, 10, 0, 9);
    loc_params(r.m, 0x06, 3, 2);
    program(r.m, 0x42, 0, 3 * BLK);
    run_program(r.m, DASD);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), 0);
    cr_assert_eq(csw_res(r.m), 0);
    cr_assert_eq(csw_ccw(r.m), CCWS + 24);
    for (u32 i = 0; i < 3; i++)
        cr_assert(storage_holds_block(r.m, DATA + i * BLK, 12 + i, BLK), "device block %u", 12 + i);
    rig_free(&r);
}

Test(fba, write_then_read_round_trip)
{
    struct rig r = rig_new();
    for (u32 i = 0; i < 2 * BLK; i++)
        r.m->mem[DATA + i] = (u8)(0xA5 ^ i);
    de_params(r.m, 0, 20, 0, 11);
    loc_params(r.m, 0x01, 2, 5);
    program(r.m, 0x41, 0, 2 * BLK);
    run_program(r.m, DASD);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), 0);
    size_t n;
    u8 *img = (u8 *)slurp(r.path, &n);
    cr_assert_eq(n, NBLOCKS * BLK, "the image keeps its size");
    cr_assert_eq(memcmp(img + 25 * BLK, r.m->mem + DATA, 2 * BLK), 0, "in the file at once");
    free(img);
    cr_assert(block_pristine(&r, 24) && block_pristine(&r, 27), "neighbours untouched");
    memset(r.m->mem + DATA, 0, 2 * BLK);
    memset(r.m->mem + DATA + 0x1000, 0, 2 * BLK);
    loc_params(r.m, 0x06, 2, 5);
    program(r.m, 0x42, 0, 2 * BLK);
    put_ccw(r.m, CCWS + 16, 0x42, 0, 2 * BLK, DATA + 0x1000);
    run_program(r.m, DASD);
    cr_assert_eq(csw_us(r.m), CE_DE);
    for (u32 i = 0; i < 2 * BLK; i++)
        cr_assert_eq(r.m->mem[DATA + 0x1000 + i], (u8)(0xA5 ^ i), "byte %u", i);
    rig_free(&r);
}

Test(fba, data_chaining_across_ccws_reads_and_writes)
{
    struct rig r = rig_new();
    de_params(r.m, 0, 0, 0, NBLOCKS - 1);
    loc_params(r.m, 0x06, 2, 7);
    put_ccw(r.m, CCWS, 0x63, CCW_CC, 16, DE_AT);
    put_ccw(r.m, CCWS + 8, 0x43, CCW_CC, 8, LOC_AT);
    put_ccw(r.m, CCWS + 16, 0x42, CCW_CD, 300, DATA);
    put_ccw(r.m, CCWS + 24, 0x00, CCW_CD, 500, DATA + 0x1000);
    put_ccw(r.m, CCWS + 32, 0x00, 0, 224, DATA + 0x2000);
    run_program(r.m, DASD);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), 0, "channel status %02X", csw_cs(r.m));
    cr_assert_eq(csw_ccw(r.m), CCWS + 40);
    u8 want[2 * BLK], got[2 * BLK];
    for (u32 i = 0; i < 2 * BLK; i++)
        want[i] = pattern(7 + i / BLK, i % BLK);
    memcpy(got, r.m->mem + DATA, 300);
    memcpy(got + 300, r.m->mem + DATA + 0x1000, 500);
    memcpy(got + 800, r.m->mem + DATA + 0x2000, 224);
    cr_assert_eq(memcmp(got, want, sizeof want), 0);
    /* and write the pieces back to blocks 1-2, reversed order of areas */
    loc_params(r.m, 0x01, 2, 1);
    put_ccw(r.m, CCWS + 16, 0x41, CCW_CD, 300, DATA);
    run_program(r.m, DASD);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), 0);
    size_t n;
    u8 *img = (u8 *)slurp(r.path, &n);
    cr_assert_eq(memcmp(img + BLK, want, sizeof want), 0);
    free(img);
    rig_free(&r);
}

Test(fba, short_read_moves_what_the_ccw_allows_incorrect_length_unless_SLI)
{
    struct rig r = rig_new();
    de_params(r.m, 0, 0, 0, NBLOCKS - 1);
    loc_params(r.m, 0x06, 2, 4);
    memset(r.m->mem + DATA, 0xEE, 2 * BLK);
    program(r.m, 0x42, 0, 700);
    run_program(r.m, DASD);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), CS_IL);
    cr_assert_eq(csw_res(r.m), 0);
    cr_assert(storage_holds_block(r.m, DATA, 4, BLK));
    cr_assert(storage_holds_block(r.m, DATA + BLK, 5, 700 - BLK));
    cr_assert_eq(r.m->mem[DATA + 700], 0xEE, "no further");
    program(r.m, 0x42, CCW_SLI, 700);
    run_program(r.m, DASD);
    cr_assert_eq(csw_cs(r.m), 0, "SLI");
    program(r.m, 0x42, 0, 3 * BLK);
    run_program(r.m, DASD);
    cr_assert_eq(csw_cs(r.m), CS_IL, "a long CCW too");
    cr_assert_eq(csw_res(r.m), BLK);
    rig_free(&r);
}

Test(fba, short_write_zero_pads_the_last_block)
{
    struct rig r = rig_new();
    memset(r.m->mem + DATA, 0x77, 2 * BLK);
    de_params(r.m, 0, 0, 0, NBLOCKS - 1);
    loc_params(r.m, 0x01, 3, 4);
    program(r.m, 0x41, 0, 600);
    run_program(r.m, DASD);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), CS_IL);
    size_t n;
    u8 *img = (u8 *)slurp(r.path, &n);
    for (u32 i = 0; i < BLK; i++)
        cr_assert_eq(img[4 * BLK + i], 0x77);
    for (u32 i = 0; i < BLK; i++)
        cr_assert_eq(img[5 * BLK + i], i < 88 ? 0x77 : 0, "block 5 byte %u", i);
    free(img);
    cr_assert(block_pristine(&r, 6), "the third block was never reached");
    rig_free(&r);
}

/* ---- the extent rules ------------------------------------------------------------ */

Test(fba, locate_outside_the_extent_is_out_of_extent)
{
    struct rig r = rig_new();
    de_params(r.m, 0, 8, 2, 5);   /* device blocks 10-13 */
    loc_params(r.m, 0x06, 1, 6);
    program(r.m, 0x42, 0, BLK);
    memset(r.m->mem + DATA, 0xEE, BLK);
    expect_check(&r, CCWS + 16, 0x80, 0x08, 14);
    cr_assert_eq(r.m->mem[DATA], 0xEE, "nothing read");
    loc_params(r.m, 0x06, 1, 1);   /* before the extent's first block */
    expect_check(&r, CCWS + 16, 0x80, 0x08, 9);
    loc_params(r.m, 0x06, 3, 4);   /* starts inside, runs past the end */
    expect_check(&r, CCWS + 16, 0x80, 0x08, 14);
    loc_params(r.m, 0x06, 4, 2);   /* exactly the extent */
    program(r.m, 0x42, 0, 4 * BLK);
    run_program(r.m, DASD);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert(storage_holds_block(r.m, DATA + 3 * BLK, 13, BLK));
    rig_free(&r);
}

Test(fba, write_outside_the_extent_writes_nothing)
{
    struct rig r = rig_new();
    memset(r.m->mem + DATA, 0x55, 4 * BLK);
    de_params(r.m, 0, 0, 0, 3);
    loc_params(r.m, 0x01, 2, 3);
    program(r.m, 0x41, 0, 2 * BLK);
    expect_check(&r, CCWS + 16, 0x80, 0x08, 4);
    cr_assert(image_pristine(&r));
    rig_free(&r);
}

Test(fba, extent_beyond_the_device_is_out_of_extent)
{
    struct rig r = rig_new();
    de_params(r.m, 0, 30, 0, 2);   /* device blocks 30-32 of 0-31 */
    loc_params(r.m, 0x06, 1, 0);
    program(r.m, 0x42, 0, BLK);
    expect_check(&r, CCWS + 8, 0x80, 0x08, 32);
    de_params(r.m, 0, 0xFFFFFFF0, 0, 0x20);   /* no wraparound */
    expect_check(&r, CCWS + 8, 0x80, 0x08, 0x10);
    de_params(r.m, 0, 0, 0, NBLOCKS - 1);     /* the whole device is fine */
    loc_params(r.m, 0x06, 1, NBLOCKS - 1);
    run_program(r.m, DASD);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert(storage_holds_block(r.m, DATA, NBLOCKS - 1, BLK));
    rig_free(&r);
}

Test(fba, locate_without_define_extent)
{
    struct rig r = rig_new();
    loc_params(r.m, 0x06, 1, 0);
    put_ccw(r.m, CCWS, 0x43, CCW_CC, 8, LOC_AT);
    put_ccw(r.m, CCWS + 8, 0x42, 0, BLK, DATA);
    expect_check(&r, CCWS + 8, 0x80, 0x20, 0);
    rig_free(&r);
}

Test(fba, read_or_write_without_a_matching_locate)
{
    struct rig r = rig_new();
    de_params(r.m, 0, 0, 0, NBLOCKS - 1);
    put_ccw(r.m, CCWS, 0x63, CCW_CC, 16, DE_AT);
    put_ccw(r.m, CCWS + 8, 0x42, 0, BLK, DATA);
    expect_check(&r, CCWS + 16, 0x80, 0x20, 0);   /* no locate */
    loc_params(r.m, 0x06, 1, 0);
    program(r.m, 0x41, 0, BLK);
    expect_check(&r, CCWS + 24, 0x80, 0x20, 0);   /* write after a read locate */
    cr_assert(image_pristine(&r));
    loc_params(r.m, 0x06, 1, 0);
    program(r.m, 0x42, CCW_CC, BLK);
    put_ccw(r.m, CCWS + 24, 0x42, 0, BLK, DATA);
    expect_check(&r, CCWS + 32, 0x80, 0x20, 0);   /* the locate is used up */
    rig_free(&r);
}

Test(fba, write_inhibited_by_the_extent_mask)
{
    struct rig r = rig_new();
    memset(r.m->mem + DATA, 0x55, BLK);
    de_params(r.m, 0x40, 4, 0, 9);
    loc_params(r.m, 0x01, 1, 3);
    program(r.m, 0x41, 0, BLK);
    expect_check(&r, CCWS + 16, 0x80, 0x04, 7);
    cr_assert(image_pristine(&r));
    loc_params(r.m, 0x06, 1, 3);   /* reads are fine */
    program(r.m, 0x42, 0, BLK);
    run_program(r.m, DASD);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert(storage_holds_block(r.m, DATA, 7, BLK));
    rig_free(&r);
}

/* The access mode of the descriptor this process has open on `path`. */
static int open_mode(const char *path)
{
    DIR *dir = opendir("/proc/self/fd");
    struct dirent *e;
    int mode = -1;
    char real[PATH_MAX];
    cr_assert_not_null(realpath(path, real));
    while (dir && (e = readdir(dir))) {
        char link[64], target[PATH_MAX];
        snprintf(link, sizeof link, "/proc/self/fd/%s", e->d_name);
        ssize_t n = readlink(link, target, sizeof target - 1);
        if (n < 0)
            continue;
        target[n] = 0;
        if (!strcmp(target, real))
            mode = fcntl(atoi(e->d_name), F_GETFL) & O_ACCMODE;
    }
    closedir(dir);
    return mode;
}

Test(fba, read_only_image_rejects_writes_and_is_opened_read_only)
{
    struct rig r = rig_open(true);
    cr_assert_eq(open_mode(r.path), O_RDONLY);
    memset(r.m->mem + DATA, 0x55, BLK);
    de_params(r.m, 0, 0, 0, NBLOCKS - 1);
    loc_params(r.m, 0x01, 1, 6);
    program(r.m, 0x41, 0, BLK);
    expect_check(&r, CCWS + 16, 0x80, 0x04, 6);
    cr_assert(image_pristine(&r));
    char what[256];
    fba_describe(r.d, what, sizeof what);
    cr_assert(strstr(what, r.path) && strstr(what, "32 blocks, read-only"), "%s", what);
    rig_free(&r);
    struct rig w = rig_new();
    cr_assert_eq(open_mode(w.path), O_RDWR);
    rig_free(&w);
}

Test(fba, malformed_parameters_are_command_reject)
{
    struct rig r = rig_new();
    put_ccw(r.m, CCWS, 0x63, CCW_CC, 16, DE_AT);
    put_ccw(r.m, CCWS + 8, 0x03, CCW_SLI, 1, 0);
    de_params(r.m, 0x80, 0, 0, 3);   /* unknown mask bit */
    expect_check(&r, CCWS + 8, 0x80, 0, 0);
    de_params(r.m, 0, 0, 4, 3);      /* first > last */
    expect_check(&r, CCWS + 8, 0x80, 0, 0);
    de_params(r.m, 0, 0, 0, 3);
    r.m->mem[DE_AT + 2] = 1;         /* reserved byte */
    expect_check(&r, CCWS + 8, 0x80, 0, 0);
    de_params(r.m, 0, 0, 0, 3);
    put_ccw(r.m, CCWS, 0x63, CCW_CC | CCW_SLI, 12, DE_AT);   /* short parameters */
    expect_check(&r, CCWS + 8, 0x80, 0, 0);
    put_ccw(r.m, CCWS, 0x63, CCW_CC, 16, DE_AT);
    put_ccw(r.m, CCWS + 8, 0x63, CCW_CC, 16, DE_AT);         /* a second define extent */
    expect_check(&r, CCWS + 16, 0x80, 0, 0);
    put_ccw(r.m, CCWS + 8, 0x43, CCW_CC, 8, LOC_AT);
    put_ccw(r.m, CCWS + 16, 0x03, CCW_SLI, 1, 0);
    loc_params(r.m, 0x02, 1, 0);     /* unknown operation */
    expect_check(&r, CCWS + 16, 0x80, 0, 0);
    loc_params(r.m, 0x06, 0, 0);     /* zero blocks */
    expect_check(&r, CCWS + 16, 0x80, 0, 0);
    loc_params(r.m, 0x06, 1, 0);
    r.m->mem[LOC_AT + 1] = 1;        /* reserved byte */
    expect_check(&r, CCWS + 16, 0x80, 0, 0);
    rig_free(&r);
}

Test(fba, define_extent_and_locate_last_one_channel_program)
{
    struct rig r = rig_new();
    de_params(r.m, 0, 0, 0, NBLOCKS - 1);
    loc_params(r.m, 0x06, 1, 2);
    put_ccw(r.m, CCWS, 0x63, CCW_CC, 16, DE_AT);
    put_ccw(r.m, CCWS + 8, 0x43, 0, 8, LOC_AT);
    run_program(r.m, DASD);
    cr_assert_eq(csw_us(r.m), CE_DE);
    put_ccw(r.m, CCWS, 0x42, 0, BLK, DATA);   /* a new SIO: no extent, no locate */
    expect_check(&r, CCWS + 8, 0x80, 0x20, 0);
    put_ccw(r.m, CCWS, 0x43, 0, 8, LOC_AT);
    expect_check(&r, CCWS + 8, 0x80, 0x20, 0);
    program(r.m, 0x42, 0, BLK);               /* and a define extent is welcome again */
    run_program(r.m, DASD);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert(storage_holds_block(r.m, DATA, 2, BLK));
    rig_free(&r);
}

/* ---- the other commands -------------------------------------------------------------- */

Test(fba, read_device_characteristics)
{
    struct rig r = rig_new();
    memset(r.m->mem + DATA, 0xEE, 40);
    put_ccw(r.m, CCWS, 0x64, 0, 32, DATA);
    run_program(r.m, DASD);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), 0);
    const u8 *c = r.m->mem + DATA;
    cr_assert_eq(be32(c), 0x30082101);
    cr_assert_eq(be16(c + 4), 512);
    cr_assert_eq(be32(c + 6), 62);
    cr_assert_eq(be32(c + 10), 744);
    cr_assert_eq(be32(c + 14), NBLOCKS);
    for (int i = 18; i < 32; i++)
        cr_assert_eq(c[i], 0);
    cr_assert_eq(c[32], 0xEE);
    cr_assert_eq(fba_blocks(r.d), NBLOCKS);
    rig_free(&r);
}

Test(fba, sense_id_and_nop)
{
    struct rig r = rig_new();
    put_ccw(r.m, CCWS, 0x03, CCW_CC | CCW_SLI, 1, 0);
    put_ccw(r.m, CCWS + 8, 0xE4, 0, 7, DATA);
    run_program(r.m, DASD);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), 0);
    static const u8 id[7] = {0xFF, 0x38, 0x80, 0x01, 0x33, 0x70, 0x00};
    cr_assert_eq(memcmp(r.m->mem + DATA, id, 7), 0);
    rig_free(&r);
}

Test(fba, read_ipl_is_count_driven_from_block_zero)
{
    struct rig r = rig_new();
    memset(r.m->mem + DATA, 0xEE, 2 * BLK);
    put_ccw(r.m, CCWS, 0x02, 0, 700, DATA);   /* no define extent needed */
    run_program(r.m, DASD);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), 0, "the count decides: no incorrect length");
    cr_assert_eq(csw_res(r.m), 0);
    cr_assert(storage_holds_block(r.m, DATA, 0, BLK));
    cr_assert(storage_holds_block(r.m, DATA + BLK, 1, 700 - BLK));
    cr_assert_eq(r.m->mem[DATA + 700], 0xEE);
    put_ccw(r.m, CCWS, 0x02, 0, BLK, DATA);    /* exactly one block */
    run_program(r.m, DASD);
    cr_assert_eq(csw_cs(r.m), 0);
    rig_free(&r);
}

Test(fba, read_ipl_past_the_end_of_the_device_is_incorrect_length)
{
    struct rig r = {.m = t_new()};
    char err[256];
    make_image(r.path, 2);
    r.d = fba_new(DASD, r.path, true, 0, err, sizeof err);
    cr_assert_not_null(r.d, "%s", err);
    chan_attach(r.m, r.d);
    put_ccw(r.m, CCWS, 0x02, 0, 3 * BLK, DATA);
    run_program(r.m, DASD);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), CS_IL);
    cr_assert_eq(csw_res(r.m), BLK);
    cr_assert(storage_holds_block(r.m, DATA + BLK, 1, BLK));
    rig_free(&r);
}

/* A real IPL: the IPL record of cms/fs.h's shape (Read IPL of block 0
 * again, TIC, define extent, locate, read) loads two blocks and the PSW. */
Test(fba, ipl_runs_the_ipl_record_chain)
{
    struct rig r = {.m = t_new()};
    char err[256];
    u8 img[8 * BLK] = {0};
    const u32 boot = 0x10000;
    put32(img, 0x000A0000);                  /* IPL PSW: a disabled wait at 123 */
    put32(img + 4, 0x80000123);
    put64(img + 8, 0x0240020000000000ull | boot);        /* Read IPL, CC, 512 to boot */
    put64(img + 16, 0x0800000000000000ull | (boot + 32)); /* TIC */
    put64(img + 32, 0x6340001000000000ull | (boot + 0x100)); /* DE, CC, 16 */
    put64(img + 40, 0x4340000800000000ull | (boot + 0x110)); /* locate, CC, 8 */
    put64(img + 48, 0x4200040000020000ull);                   /* read 1024 to 20000 */
    img[0x100] = 0x40;                       /* DE: writes inhibited, the whole disk */
    put32(img + 0x100 + 12, 7);
    img[0x110] = 0x06;                       /* locate: read 2 blocks from block 5 */
    put16(img + 0x112, 2);
    put32(img + 0x114, 5);
    memset(img + 5 * BLK, 0x51, BLK);
    memset(img + 6 * BLK, 0x62, BLK);
    temp_file(r.path, img, sizeof img);
    r.d = fba_new(DASD, r.path, true, 0, err, sizeof err);
    cr_assert_not_null(r.d, "%s", err);
    chan_attach(r.m, r.d);
    cr_assert_eq(chan_ipl(r.m, DASD, err, sizeof err), 0, "%s", err);
    cr_assert_eq(r.m->cpu.ia, 0x123);
    cr_assert_eq(memcmp(r.m->mem + boot, img, BLK), 0, "block 0 read again");
    cr_assert_eq(r.m->mem[0x20000], 0x51);
    cr_assert_eq(r.m->mem[0x20000 + BLK - 1], 0x51);
    cr_assert_eq(r.m->mem[0x20000 + BLK], 0x62);
    cr_assert_eq(r.m->mem[0x20000 + 2 * BLK - 1], 0x62);
    cr_assert_eq(be16(r.m->mem + 0xBA), DASD);
    rig_free(&r);
}

Test(fba, invalid_command_is_command_reject)
{
    struct rig r = rig_new();
    check_invalid_command(r.m, DASD, 0x01, 24);
    check_invalid_command(r.m, DASD, 0x0A, 24);
    cr_assert(image_pristine(&r));
    rig_free(&r);
}

Test(fba, sense_is_24_bytes)
{
    struct rig r = rig_new();
    put_ccw(r.m, CCWS, 0x42, 0, BLK, DATA);
    run_program(r.m, DASD);
    memset(r.m->mem + DATA, 0xEE, 32);
    put_ccw(r.m, CCWS, 0x04, 0, 24, DATA);
    run_program(r.m, DASD);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), 0);
    cr_assert_eq(csw_res(r.m), 0);
    cr_assert_eq(r.m->mem[DATA + 1], 0x20);
    cr_assert_eq(r.m->mem[DATA + 24], 0xEE);
    rig_free(&r);
}

Test(fba, zero_count_is_program_check_at_SIO)
{
    struct rig r = rig_new();
    check_zero_count(r.m, DASD, 0x63);
    check_zero_count(r.m, DASD, 0x02);
    rig_free(&r);
}

Test(fba, data_address_outside_storage_is_program_check)
{
    struct rig r = rig_new();
    de_params(r.m, 0, 0, 0, NBLOCKS - 1);
    loc_params(r.m, 0x06, 1, 0);
    put_ccw(r.m, CCWS, 0x63, CCW_CC, 16, DE_AT);
    put_ccw(r.m, CCWS + 8, 0x43, CCW_CC, 8, LOC_AT);
    put_ccw(r.m, CCWS + 16, 0x42, 0, BLK, T_STORAGE - 100);
    run_program(r.m, DASD);
    cr_assert_eq(csw_cs(r.m), CS_PROGCHK);
    cr_assert_eq(csw_us(r.m), CE_DE);
    put_ccw(r.m, CCWS, 0x63, 0, 16, T_STORAGE - 8);   /* parameters outside */
    run_program(r.m, DASD);
    cr_assert(csw_cs(r.m) & CS_PROGCHK);
    loc_params(r.m, 0x01, 1, 0);                      /* a write from outside writes nothing */
    put_ccw(r.m, CCWS, 0x63, CCW_CC, 16, DE_AT);
    put_ccw(r.m, CCWS + 16, 0x41, 0, BLK, T_STORAGE - 100);
    run_program(r.m, DASD);
    cr_assert_eq(csw_cs(r.m), CS_PROGCHK);
    cr_assert(image_pristine(&r));
    rig_free(&r);
}

Test(fba, bad_tic_is_program_check)
{
    struct rig r = rig_new();
    check_bad_tic(r.m, DASD, 0x64, 32);
    put_ccw(r.m, CCWS + 8, 0x08, 0, 0, T_STORAGE);
    run_program(r.m, DASD);
    cr_assert_eq(csw_cs(r.m), CS_PROGCHK, "TIC outside storage");
    rig_free(&r);
}

Test(fba, host_read_error_is_equipment_check)
{
    struct rig r = rig_new();
    cr_assert_eq(truncate(r.path, 4 * BLK), 0);   /* the image shrinks under the device */
    de_params(r.m, 0, 0, 0, NBLOCKS - 1);
    loc_params(r.m, 0x06, 2, 10);
    program(r.m, 0x42, 0, 2 * BLK);
    expect_check(&r, CCWS + 24, SENSE_EQUIPCHK, 0, 10);
    rig_free(&r);
}

/* ---- making the device ------------------------------------------------------------------ */

Test(fba, image_size_must_be_a_whole_number_of_blocks)
{
    char path[64], err[256];
    u8 junk[1000] = {0};
    temp_file(path, junk, sizeof junk);
    cr_assert_null(fba_new(DASD, path, false, 0, err, sizeof err));
    cr_assert(strstr(err, path) && strstr(err, "size 1000 is not a whole number of 512-byte blocks"), "%s", err);
    unlink(path);
    temp_file(path, NULL, 0);
    cr_assert_null(fba_new(DASD, path, false, 0, err, sizeof err));
    cr_assert(strstr(err, "size 0"), "an empty image: %s", err);
    unlink(path);
    cr_assert_null(fba_new(DASD, "/nonexistent/x.disk", true, 0, err, sizeof err));
    cr_assert_str_eq(err, "/nonexistent/x.disk: No such file or directory");
    cr_assert_null(fba_new(DASD, "/tmp", true, 0, err, sizeof err));
    cr_assert_str_eq(err, "/tmp: not a regular file");
}

Test(fba, create_makes_a_zeroed_image_only_if_there_is_none)
{
    char path[128], err[256];
    temp_name(path, "new.disk");
    struct device *d = fba_new(DASD, path, false, 100, err, sizeof err);
    cr_assert_not_null(d, "%s", err);
    cr_assert_eq(fba_blocks(d), 100);
    size_t n;
    char *img = slurp(path, &n);
    cr_assert_eq(n, 100 * BLK);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(img[i], 0);
    free(img);
    struct machine *m = t_new();
    chan_attach(m, d);
    memset(m->mem + DATA, 0x99, BLK);
    de_params(m, 0, 0, 0, 99);
    loc_params(m, 0x01, 1, 99);
    program(m, 0x41, 0, BLK);
    run_program(m, DASD);
    cr_assert_eq(csw_us(m), CE_DE);
    t_free(m);
    d = fba_new(DASD, path, false, 8, err, sizeof err);   /* exists: left alone */
    cr_assert_not_null(d, "%s", err);
    cr_assert_eq(fba_blocks(d), 100);
    img = slurp(path, &n);
    cr_assert_eq(n, 100 * BLK);
    cr_assert_eq((u8)img[99 * BLK], 0x99, "the data written is still there");
    free(img);
    m = t_new();
    chan_attach(m, d);
    t_free(m);
    temp_remove(path);
    cr_assert_null(fba_new(DASD, "/nonexistent/dir/new.disk", false, 8, err, sizeof err));
    cr_assert(strstr(err, "cannot create"), "%s", err);
}
