/* test_directory.c: CP's user directory: the codec and dir_check
 * (cp/directory.c) on hand-built entries and byte streams, and
 * `creasy directory` (machine/host/directory_cmd.c), called as
 * directory_main() with files in a fresh temporary directory and its
 * stdout and stderr caught (tool_run).
 *
 * dir_check tests start from a good directory (good()), break one thing
 * and expect the reason; the YAML error tests are a table of small
 * directories, each with the line and words its error must have.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "channel.h"
#include "commands.h"
#include "directory.h"

/* ---- building directories by hand ---------------------------------------------- */

/* An 8-byte EBCDIC userid from ASCII, blank padded. */
static void ebc_id(const char *s, uint8_t id[8])
{
    memset(id, 0x40, 8);
    for (size_t i = 0; s[i] && i < 8; i++)
        id[i] = ascii_to_ebcdic[(unsigned char)s[i]];
}

struct built {
    struct dir_header h;
    struct dir_user u[4];
    struct dir_mdisk m[4];
    struct dir_link l[4];
    struct dir_dedicate d[4];
    uint8_t bytes[DIR_HEADER_SIZE + 4 * DIR_USER_SIZE + 4 * DIR_MDISK_SIZE + 4 * DIR_LINK_SIZE +
                  4 * DIR_DEDICATE_SIZE];
    uint32_t len;
    char why[DIR_WHY_SIZE];
};

static struct dir_user user(const char *id, uint16_t first_mdisk, uint16_t nmdisks, uint16_t first_link,
                            uint16_t nlinks)
{
    struct dir_user u = {.storage = 1 << 20, .share = 100, .classes = DIR_CLASS_G, .console = 0x009,
                         .terminal = DIR_NONE, .reader = DIR_NONE, .punch = DIR_NONE, .printer = DIR_NONE,
                         .ipl = DIR_NONE, .first_mdisk = first_mdisk, .nmdisks = nmdisks,
                         .first_link = first_link, .nlinks = nlinks};
    ebc_id(id, u.userid);
    return u;
}

/* An IPL parameter from ASCII, in EBCDIC, zero padded. */
static void ebc_parm(const char *s, uint8_t parm[DIR_PARM_LEN])
{
    memset(parm, 0, DIR_PARM_LEN);
    for (size_t i = 0; s[i] && i < DIR_PARM_LEN; i++)
        parm[i] = ascii_to_ebcdic[(unsigned char)s[i]];
}

/* OPERATOR (class A-G, terminal 009, autolog), MAINT (190 R on 190),
 * ALICE (191 W on 300, link 190 to MAINT 190 R, spool, 181 dedicated on
 * 580, ipl 190 parm "Hog 50"), BOB (191 W on 300 after ALICE's, 192 R on
 * 190, 00C dedicated on 01C). */
static void good(struct built *b)
{
    memset(b, 0, sizeof *b);
    b->h = (struct dir_header){.magic = DIR_MAGIC, .version = DIR_VERSION, .nusers = 4, .nmdisks = 4, .nlinks = 1,
                               .ndedicates = 2};
    b->u[0] = user("OPERATOR", 0, 0, 0, 0);
    b->u[0].classes = 0x7F;
    b->u[0].terminal = 0x009;
    b->u[0].flags = DIR_AUTOLOG;
    b->u[1] = user("MAINT", 0, 1, 0, 0);
    b->u[2] = user("ALICE", 1, 1, 0, 1);
    b->u[2].terminal = 0x020;
    b->u[2].reader = 0x00C;
    b->u[2].punch = 0x00D;
    b->u[2].printer = 0x00E;
    b->u[2].ipl = 0x190;
    ebc_parm("Hog 50", b->u[2].ipl_parm);
    b->u[2].first_dedicate = 0;
    b->u[2].ndedicates = 1;
    b->u[3] = user("BOB", 2, 2, 1, 0);
    b->u[3].first_dedicate = 1;
    b->u[3].ndedicates = 1;
    b->m[0] = (struct dir_mdisk){.vaddr = 0x190, .rdev = 0x190, .start = 0, .blocks = 4096, .mode = DIR_MODE_R};
    b->m[1] = (struct dir_mdisk){.vaddr = 0x191, .rdev = 0x300, .start = 0, .blocks = 2048, .mode = DIR_MODE_W};
    b->m[2] = (struct dir_mdisk){.vaddr = 0x191, .rdev = 0x300, .start = 2048, .blocks = 2048, .mode = DIR_MODE_W};
    b->m[3] = (struct dir_mdisk){.vaddr = 0x192, .rdev = 0x190, .start = 0, .blocks = 100, .mode = DIR_MODE_R};
    b->l[0] = (struct dir_link){.vaddr = 0x190, .target_vaddr = 0x190, .mode = DIR_MODE_R};
    ebc_id("MAINT", b->l[0].owner);
    b->d[0] = (struct dir_dedicate){.vaddr = 0x181, .rdev = 0x580};
    b->d[1] = (struct dir_dedicate){.vaddr = 0x00C, .rdev = 0x01C};
}

/* Encode b's entries as its header counts them. */
static void encode(struct built *b)
{
    uint8_t *p = b->bytes;
    dir_encode_header(&b->h, p);
    p += DIR_HEADER_SIZE;
    for (uint32_t i = 0; i < b->h.nusers && i < 4; i++, p += DIR_USER_SIZE)
        dir_encode_user(&b->u[i], p);
    for (uint32_t i = 0; i < b->h.nmdisks && i < 4; i++, p += DIR_MDISK_SIZE)
        dir_encode_mdisk(&b->m[i], p);
    for (uint32_t i = 0; i < b->h.nlinks && i < 4; i++, p += DIR_LINK_SIZE)
        dir_encode_link(&b->l[i], p);
    for (uint32_t i = 0; i < b->h.ndedicates && i < 4; i++, p += DIR_DEDICATE_SIZE)
        dir_encode_dedicate(&b->d[i], p);
    b->len = (uint32_t)(p - b->bytes);
}

static const char *check(struct built *b)
{
    encode(b);
    return dir_check(b->bytes, b->len, b->why);
}

/* dir_check refuses b with a reason containing `want`. */
static void refused(struct built *b, const char *want)
{
    const char *why = check(b);
    cr_assert_not_null(why, "dir_check passed a directory that should fail with '%s'", want);
    cr_assert(why == b->why, "the reason is in the caller's buffer");
    cr_assert(strstr(why, want), "reason '%s' does not say '%s'", why, want);
    cr_assert_lt(strlen(why), DIR_WHY_SIZE);
}

/* ---- the codec --------------------------------------------------------------------- */

Test(directory_codec, header_round_trip)
{
    struct dir_header h = {.magic = DIR_MAGIC, .version = 0x01020304, .nusers = 0x05060708,
                           .nmdisks = 0x090A0B0C, .nlinks = 0x0D0E0F10, .ndedicates = 0x11121314}, back;
    for (int i = 0; i < 8; i++)
        h.reserved[i] = (uint8_t)(0xA0 + i);
    uint8_t p[DIR_HEADER_SIZE + 1];
    memset(p, 0xEE, sizeof p);
    dir_encode_header(&h, p);
    cr_assert_eq(p[DIR_HEADER_SIZE], 0xEE, "wrote past the entry");
    memset(&back, 0x55, sizeof back);
    dir_decode_header(&back, p);
    cr_assert_eq(memcmp(&h, &back, sizeof h), 0);
    const uint8_t want[24] = {0xC3, 0xD7, 0xC4, 0xD9, 1,  2,  3,  4,  5,  6,  7,  8,
                              9,    10,   11,   12,   13, 14, 15, 16, 17, 18, 19, 20};
    cr_assert_eq(memcmp(p, want, 24), 0, "big-endian, in declared order");
    cr_assert_eq(p[24], 0xA0);
    cr_assert_eq(p[31], 0xA7);
}

Test(directory_codec, user_round_trip)
{
    struct dir_user u = {.storage = 0x11223344, .share = 0x55667788, .classes = 0x99AABBCC, .flags = 0xDDEEFF01,
                         .console = 0x0102, .terminal = 0x0304, .reader = 0x0506, .punch = 0x0708,
                         .printer = 0x090A, .ipl = 0x0B0C, .first_mdisk = 0x0D0E, .nmdisks = 0x0F10,
                         .first_link = 0x1112, .nlinks = 0x1314, .first_dedicate = 0x1516, .ndedicates = 0x1718},
                    back;
    ebc_id("ALICE", u.userid);
    for (int i = 0; i < DIR_PARM_LEN; i++)
        u.ipl_parm[i] = (uint8_t)(0x80 + i);
    for (int i = 0; i < 16; i++)
        u.reserved[i] = (uint8_t)i;
    uint8_t p[DIR_USER_SIZE + 1];
    memset(p, 0xEE, sizeof p);
    dir_encode_user(&u, p);
    cr_assert_eq(p[DIR_USER_SIZE], 0xEE, "wrote past the entry");
    memset(&back, 0x55, sizeof back);
    dir_decode_user(&back, p);
    cr_assert_eq(memcmp(&u, &back, sizeof u), 0);
}

Test(directory_codec, user_layout_is_big_endian_at_declared_offsets)
{
    struct built b;
    good(&b);
    uint8_t p[DIR_USER_SIZE];
    dir_encode_user(&b.u[2], p);   /* ALICE */
    const uint8_t want[DIR_USER_SIZE] = {
        0xC1, 0xD3, 0xC9, 0xC3, 0xC5, 0x40, 0x40, 0x40,   /* +0  userid */
        0x00, 0x10, 0x00, 0x00,                           /* +8  storage 1M */
        0x00, 0x00, 0x00, 0x64,                           /* +12 share 100 */
        0x00, 0x00, 0x00, 0x40,                           /* +16 classes G */
        0x00, 0x00, 0x00, 0x00,                           /* +20 flags */
        0x00, 0x09, 0x00, 0x20,                           /* +24 console, +26 terminal */
        0x00, 0x0C, 0x00, 0x0D, 0x00, 0x0E,               /* +28 reader, +30 punch, +32 printer */
        0x01, 0x90,                                       /* +34 ipl */
        0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,   /* +36 first_mdisk, nmdisks, first_link, nlinks */
        0x00, 0x00, 0x00, 0x01,                           /* +44 first_dedicate, ndedicates */
        0xC8, 0x96, 0x87, 0x40, 0xF5, 0xF0,               /* +48 ipl_parm "Hog 50", as written, zero padded */
    };                                                    /* +112 reserved: zeros */
    for (int i = 0; i < DIR_USER_SIZE; i++)
        cr_assert_eq(p[i], want[i], "byte +%d is %02X, not %02X", i, p[i], want[i]);
    dir_encode_user(&b.u[3], p);   /* BOB: no parm */
    cr_assert_eq(p[44 + 1], 1, "first_dedicate 1");
    cr_assert_eq(p[46 + 1], 1, "ndedicates 1");
    for (int i = 48; i < DIR_USER_SIZE; i++)
        cr_assert_eq(p[i], 0, "byte +%d", i);
}

Test(directory_codec, mdisk_round_trip_and_layout)
{
    struct dir_mdisk m = {.vaddr = 0x0191, .rdev = 0x0300, .start = 0x01020304, .blocks = 0x05060708,
                          .mode = DIR_MODE_W, .reserved = {0xA, 0xB, 0xC}},
                     back;
    uint8_t p[DIR_MDISK_SIZE + 1];
    memset(p, 0xEE, sizeof p);
    dir_encode_mdisk(&m, p);
    const uint8_t want[DIR_MDISK_SIZE] = {0x01, 0x91, 0x03, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 1, 0xA, 0xB, 0xC};
    cr_assert_eq(memcmp(p, want, sizeof want), 0);
    cr_assert_eq(p[DIR_MDISK_SIZE], 0xEE, "wrote past the entry");
    memset(&back, 0x55, sizeof back);
    dir_decode_mdisk(&back, p);
    cr_assert_eq(memcmp(&m, &back, sizeof m), 0);
}

Test(directory_codec, link_round_trip_and_layout)
{
    struct dir_link l = {.vaddr = 0x0190, .target_vaddr = 0x0192, .mode = DIR_MODE_R, .reserved = {1, 2, 3}}, back;
    ebc_id("MAINT", l.owner);
    uint8_t p[DIR_LINK_SIZE + 1];
    memset(p, 0xEE, sizeof p);
    dir_encode_link(&l, p);
    const uint8_t want[DIR_LINK_SIZE] = {0x01, 0x90, 0x01, 0x92, 0xD4, 0xC1, 0xC9, 0xD5,
                                         0xE3, 0x40, 0x40, 0x40, 0x00, 1,    2,    3};
    cr_assert_eq(memcmp(p, want, sizeof want), 0);
    cr_assert_eq(p[DIR_LINK_SIZE], 0xEE, "wrote past the entry");
    memset(&back, 0x55, sizeof back);
    dir_decode_link(&back, p);
    cr_assert_eq(memcmp(&l, &back, sizeof l), 0);
}

Test(directory_codec, dedicate_round_trip_and_layout)
{
    struct dir_dedicate d = {.vaddr = 0x0181, .rdev = 0x0580, .reserved = {1, 2, 3, 4}}, back;
    uint8_t p[DIR_DEDICATE_SIZE + 1];
    memset(p, 0xEE, sizeof p);
    dir_encode_dedicate(&d, p);
    const uint8_t want[DIR_DEDICATE_SIZE] = {0x01, 0x81, 0x05, 0x80, 1, 2, 3, 4};
    cr_assert_eq(memcmp(p, want, sizeof want), 0);
    cr_assert_eq(p[DIR_DEDICATE_SIZE], 0xEE, "wrote past the entry");
    memset(&back, 0x55, sizeof back);
    dir_decode_dedicate(&back, p);
    cr_assert_eq(memcmp(&d, &back, sizeof d), 0);
}

Test(directory_codec, the_tables_follow_each_other)
{
    struct built b;
    good(&b);
    encode(&b);
    const uint8_t *ded = b.bytes + DIR_HEADER_SIZE + 4 * DIR_USER_SIZE + 4 * DIR_MDISK_SIZE + DIR_LINK_SIZE;
    const uint8_t want[2 * DIR_DEDICATE_SIZE] = {0x01, 0x81, 0x05, 0x80, 0, 0, 0, 0,    /* ALICE's 181 on 580 */
                                                 0x00, 0x0C, 0x00, 0x1C, 0, 0, 0, 0};   /* BOB's 00C on 01C */
    cr_assert_eq(b.len, (uint32_t)(ded - b.bytes) + sizeof want, "the dedicated devices come last");
    cr_assert_eq(memcmp(ded, want, sizeof want), 0);
    cr_assert_eq(b.bytes[23], 2, "the header's ndedicates, at +20");
    cr_assert_eq(b.bytes[DIR_HEADER_SIZE + 2 * DIR_USER_SIZE + 48], 0xC8, "ALICE's parm at +48 of her entry");
}

/* ---- dir_check ------------------------------------------------------------------------ */

Test(dir_check, passes_a_good_directory)
{
    struct built b;
    good(&b);
    const char *why = check(&b);
    cr_assert_null(why, "%s", why);
    cr_assert_eq(b.len, DIR_HEADER_SIZE + 4 * DIR_USER_SIZE + 4 * DIR_MDISK_SIZE + DIR_LINK_SIZE +
                            2 * DIR_DEDICATE_SIZE);
}

Test(dir_check, passes_an_empty_directory)
{
    struct built b;
    good(&b);
    b.h.nusers = b.h.nmdisks = b.h.nlinks = b.h.ndedicates = 0;
    cr_assert_null(check(&b));
}

Test(dir_check, header_and_length)
{
    struct built b;
    good(&b);
    encode(&b);
    cr_assert(strstr(dir_check(b.bytes, 31, b.why), "shorter than a directory header"));
    cr_assert(strstr(dir_check(b.bytes, b.len - 1, b.why), "header's counts"));
    cr_assert(strstr(dir_check(b.bytes, b.len + 1, b.why), "header's counts"));
    good(&b);
    b.h.magic ^= 1;
    refused(&b, "bad magic");
    good(&b);
    b.h.version = 1;   /* before the IPL parameter and dedicated devices */
    refused(&b, "directory version 1, not 2");
    good(&b);
    b.h.nusers = DIR_MAX_USERS + 1;
    refused(&b, "more than");
    good(&b);
    b.h.nmdisks = 0xFFFFFFFFu;   /* would overflow the length sum */
    refused(&b, "more than");
    good(&b);
    b.h.nlinks = DIR_MAX_LINKS + 1;
    refused(&b, "more than");
    good(&b);
    b.h.ndedicates = DIR_MAX_DEDICATES + 1;
    refused(&b, "more than");
    good(&b);
    b.h.ndedicates = 0xFFFFFFFFu;
    refused(&b, "more than");
    good(&b);
    encode(&b);
    cr_assert(strstr(dir_check(b.bytes, b.len - DIR_DEDICATE_SIZE, b.why), "header's counts"),
              "the dedicated devices count in the length");
}

Test(dir_check, tables_are_shared_out_among_users)
{
    struct built b;
    good(&b);
    b.u[3].nmdisks = 3;   /* BOB: entries 2..4 of 4 */
    refused(&b, "user BOB: minidisks 2 to 4 lie outside the table of 4");
    good(&b);
    b.u[2].first_link = 1;
    refused(&b, "user ALICE: links 1 to 1 lie outside the table of 1");
    good(&b);
    b.u[3].first_mdisk = 1;   /* BOB's 1..2 takes ALICE's 1 */
    b.u[3].nmdisks = 2;
    refused(&b, "user BOB: minidisk entries shared with user ALICE");
    good(&b);
    b.u[3].first_link = 0;   /* BOB takes ALICE's link */
    b.u[3].nlinks = 1;
    refused(&b, "user BOB: link entries shared with user ALICE");
    good(&b);
    b.u[3].nmdisks = 1;   /* entry 3 is nobody's */
    refused(&b, "1 minidisk entries belong to no user");
    good(&b);
    b.u[2].nlinks = 0;
    refused(&b, "1 link entries belong to no user");
    good(&b);
    b.u[3].ndedicates = 2;   /* BOB: entries 1..2 of 2 */
    refused(&b, "user BOB: dedicated devices 1 to 2 lie outside the table of 2");
    good(&b);
    b.u[3].first_dedicate = 0;   /* BOB takes ALICE's */
    refused(&b, "user BOB: dedicated device entries shared with user ALICE");
    good(&b);
    b.u[2].ndedicates = 0;   /* entry 0 is nobody's */
    refused(&b, "1 dedicated device entries belong to no user");
}

Test(dir_check, userids)
{
    const char *bad[] = {"1ALICE", "alice", "AL CE", "AL-CE", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct built b;
        good(&b);
        ebc_id(bad[i], b.u[2].userid);
        refused(&b, "user entry 2: bad userid");
    }
    struct built b;
    good(&b);
    b.u[1].userid[7] = 0x00;   /* a non-blank after the pad */
    refused(&b, "user entry 1: bad userid");
    good(&b);
    ebc_id("$#@9Z", b.u[3].userid);   /* every kind of character but a leading digit */
    cr_assert_null(check(&b), "%s", b.why);
    good(&b);
    ebc_id("ALICE", b.u[3].userid);
    refused(&b, "user ALICE: defined twice (entries 2 and 3)");
}

Test(dir_check, storage_share_classes_flags)
{
    struct {
        uint32_t storage, share, classes, flags;
        const char *want;
    } cases[] = {
        {0, 100, 0x40, 0, "user BOB: storage 0 is not a multiple of 64K"},
        {0x18000, 100, 0x40, 0, "user BOB: storage 98304 is not"},
        {0x80000000u, 100, 0x40, 0, "user BOB: storage 2147483648"},
        {1 << 20, 0, 0x40, 0, "user BOB: share 0 is not 1 to 10000"},
        {1 << 20, 10001, 0x40, 0, "user BOB: share 10001"},
        {1 << 20, 100, 0, 0, "user BOB: classes must be some of A to H"},
        {1 << 20, 100, 0x140, 0, "user BOB: classes"},
        {1 << 20, 100, 0x40, 4, "user BOB: unknown flags"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct built b;
        good(&b);
        b.u[3].storage = cases[i].storage;
        b.u[3].share = cases[i].share;
        b.u[3].classes = cases[i].classes;
        b.u[3].flags = cases[i].flags;
        refused(&b, cases[i].want);
    }
    struct built b;
    good(&b);
    b.u[3].storage = 0x80000000u - 0x10000;   /* the most */
    b.u[3].share = 10000;
    b.u[3].classes = 0xFF;
    cr_assert_null(check(&b), "%s", b.why);
}

Test(dir_check, device_addresses_in_range)
{
    struct built b;
    good(&b);
    b.u[2].console = DIR_NONE;
    refused(&b, "user ALICE: console FFFF is not a device address");
    good(&b);
    b.u[2].console = 0x1000;
    refused(&b, "user ALICE: console 1000");
    good(&b);
    b.u[2].terminal = 0x1000;
    refused(&b, "user ALICE: terminal 1000");
    good(&b);
    b.u[2].reader = 0x1000;
    refused(&b, "user ALICE: spool device 1000");
    good(&b);
    b.u[2].printer = 0xFFFE;
    refused(&b, "user ALICE: spool device FFFE");
    good(&b);
    b.u[2].ipl = 0x1000;
    refused(&b, "user ALICE: ipl 1000 is not a device address");
    good(&b);
    b.m[1].vaddr = 0x1000;
    refused(&b, "user ALICE: minidisk address 1000");
    good(&b);
    b.m[1].rdev = 0x1000;
    refused(&b, "user ALICE: minidisk 191: real device 1000");
    good(&b);
    b.l[0].vaddr = 0x1000;
    refused(&b, "user ALICE: link address 1000");
}

Test(dir_check, minidisk_extents_and_modes)
{
    struct built b;
    good(&b);
    b.m[0].blocks = 0;
    refused(&b, "user MAINT: minidisk 190: bad extent");
    good(&b);
    b.m[0].start = 0xFFFFFFFFu;
    b.m[0].blocks = 2;
    refused(&b, "user MAINT: minidisk 190: bad extent");
    good(&b);
    b.m[0].start = 0xFFFFFFFFu;   /* the very last block */
    b.m[0].blocks = 1;
    cr_assert_null(check(&b), "%s", b.why);
    good(&b);
    b.m[0].mode = 2;
    refused(&b, "user MAINT: minidisk 190: bad mode");
    good(&b);
    b.l[0].mode = 2;
    refused(&b, "user ALICE: link 190: bad mode");
}

Test(dir_check, links_name_existing_minidisks)
{
    struct built b;
    good(&b);
    ebc_id("NOBODY", b.l[0].owner);
    refused(&b, "user ALICE: link 190 names no user");
    good(&b);
    b.l[0].target_vaddr = 0x191;
    refused(&b, "user ALICE: link 190 names no minidisk 191 of MAINT");
    good(&b);
    b.l[0].mode = DIR_MODE_W;
    refused(&b, "user ALICE: link 190 is W to read-only minidisk 190 of MAINT");
    good(&b);
    b.l[0].mode = DIR_MODE_W;   /* to BOB's read-write 191 */
    b.l[0].target_vaddr = 0x191;
    ebc_id("BOB", b.l[0].owner);
    cr_assert_null(check(&b), "%s", b.why);
}

Test(dir_check, device_addresses_distinct_within_a_user)
{
    struct built b;
    good(&b);
    b.u[2].reader = 0x009;
    refused(&b, "user ALICE: device address 009 used twice");
    good(&b);
    b.u[2].printer = 0x00D;
    refused(&b, "user ALICE: device address 00D used twice");
    good(&b);
    b.l[0].vaddr = 0x191;
    refused(&b, "user ALICE: device address 191 used twice");
    good(&b);
    b.m[3].vaddr = 0x191;   /* BOB's two minidisks */
    refused(&b, "user BOB: device address 191 used twice");
    good(&b);
    b.u[3].reader = 0x192;
    refused(&b, "user BOB: device address 192 used twice");
    good(&b);
    b.u[1].terminal = 0x191;   /* a terminal is real: no clash with virtual 191 */
    b.u[2].punch = DIR_NONE;   /* absent spool devices do not clash */
    b.u[2].reader = DIR_NONE;
    cr_assert_null(check(&b), "%s", b.why);
}

Test(dir_check, ipl_names_a_device)
{
    struct built b;
    good(&b);
    b.u[2].ipl = 0x192;
    refused(&b, "user ALICE: ipl 192 names none of its devices");
    good(&b);
    b.u[2].ipl = 0x191;   /* a minidisk */
    cr_assert_null(check(&b), "%s", b.why);
    b.u[2].ipl = 0x00C;   /* the reader */
    cr_assert_null(check(&b), "%s", b.why);
}

Test(dir_check, ipl_parm)
{
    struct built b;
    good(&b);
    b.u[2].ipl = DIR_NONE;
    refused(&b, "user ALICE: an ipl parm without an ipl device");
    good(&b);
    b.u[2].ipl_parm[10] = 0xC1;   /* after the first zero */
    refused(&b, "user ALICE: ipl parm is not zero padded");
    good(&b);
    b.u[2].ipl_parm[DIR_PARM_LEN - 1] = 0xC1;
    refused(&b, "user ALICE: ipl parm is not zero padded");
    good(&b);
    b.u[3].ipl_parm[1] = 0xC1;   /* BOB: empty, then not */
    refused(&b, "user BOB: ipl parm is not zero padded");
    good(&b);
    memset(b.u[2].ipl_parm, 0xC1, DIR_PARM_LEN);   /* all 64 bytes */
    cr_assert_null(check(&b), "%s", b.why);
    good(&b);
    memset(b.u[2].ipl_parm, 0, DIR_PARM_LEN);   /* an ipl without a parm */
    cr_assert_null(check(&b), "%s", b.why);
}

Test(dir_check, dedicated_devices)
{
    struct built b;
    good(&b);
    b.d[0].vaddr = 0x1000;
    refused(&b, "user ALICE: dedicated address 1000 is not a device address");
    good(&b);
    b.d[0].rdev = DIR_NONE;
    refused(&b, "user ALICE: dedicated 181: real device FFFF is not a device address");
    /* the vaddr clashes with each of the user's other devices */
    const uint16_t clash[] = {0x009, 0x00D, 0x191, 0x190};   /* console, punch, minidisk, link */
    for (size_t i = 0; i < sizeof clash / sizeof *clash; i++) {
        good(&b);
        b.d[0].vaddr = clash[i];
        char want[64];
        snprintf(want, sizeof want, "user ALICE: device address %03X used twice", clash[i]);
        refused(&b, want);
    }
    good(&b);
    b.h.ndedicates = 3;   /* BOB: 00C and 00C */
    b.u[3].ndedicates = 2;
    b.d[2] = (struct dir_dedicate){.vaddr = 0x00C, .rdev = 0x01D};
    refused(&b, "user BOB: device address 00C used twice");
    good(&b);
    b.d[1].vaddr = 0x181;   /* ALICE's vaddr at BOB: fine */
    cr_assert_null(check(&b), "%s", b.why);
    /* a real device is dedicated once, and is nobody's minidisk or terminal */
    good(&b);
    b.d[1].rdev = 0x580;
    refused(&b, "user BOB: dedicated 00C: real device 580 is also dedicated to user ALICE");
    good(&b);
    b.h.ndedicates = 3;   /* BOB: twice */
    b.u[3].ndedicates = 2;
    b.d[2] = (struct dir_dedicate){.vaddr = 0x00D, .rdev = 0x01C};
    refused(&b, "user BOB: dedicated 00D: real device 01C is also dedicated to user BOB");
    good(&b);
    b.d[1].rdev = 0x300;   /* ALICE's and BOB's 191 */
    refused(&b, "user BOB: dedicated 00C: real device 300 holds minidisk 191 of ALICE");
    good(&b);
    b.d[0].rdev = 0x190;   /* MAINT's 190 */
    refused(&b, "user ALICE: dedicated 181: real device 190 holds minidisk 190 of MAINT");
    good(&b);
    b.d[1].rdev = 0x009;
    refused(&b, "user BOB: dedicated 00C: real device 009 is user OPERATOR's terminal");
    good(&b);
    b.d[0].rdev = 0x020;   /* her own */
    refused(&b, "user ALICE: dedicated 181: real device 020 is user ALICE's terminal");
    good(&b);
    b.d[1].rdev = 0x191;   /* a real device only: no clash with virtual 191 */
    b.u[2].ipl = 0x181;    /* the ipl may be a dedicated device */
    cr_assert_null(check(&b), "%s", b.why);
}

Test(dir_check, read_write_minidisks_do_not_overlap)
{
    struct built b;
    good(&b);
    b.m[2].start = 2047;   /* BOB's 191 takes ALICE's last block */
    refused(&b, "user BOB: minidisk 191 overlaps read-write minidisk 191 of ALICE on real device 300");
    good(&b);
    b.m[3].rdev = 0x300;   /* BOB's read-only 192 over ALICE's read-write 191: allowed */
    cr_assert_null(check(&b), "%s", b.why);
    good(&b);
    b.m[2].rdev = 0x301;   /* ALICE's blocks, but on another device */
    b.m[2].start = 0;
    cr_assert_null(check(&b), "%s", b.why);
}

Test(dir_check, terminals_are_not_shared)
{
    struct built b;
    good(&b);
    b.u[3].terminal = 0x020;
    refused(&b, "user BOB: terminal 020 is also user ALICE's");
}

/* ---- the tool ---------------------------------------------------------------------------- */

struct tool {
    char dir[64];
    char paths[4][512];   /* at()'s results, reused in turn */
    int next_path;
    int status;
    char out[1 << 16], err[1 << 16];
};

static struct tool *tool_new(void)
{
    struct tool *t = calloc(1, sizeof *t);
    cr_assert_not_null(t);
    strcpy(t->dir, "/tmp/creasy-dir-XXXXXX");
    cr_assert_not_null(mkdtemp(t->dir));
    return t;
}

static void tool_free(struct tool *t)
{
    DIR *d = opendir(t->dir);
    struct dirent *e;
    char path[512];
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(path, sizeof path, "%s/%s", t->dir, e->d_name);
            unlink(path);
        }
    if (d)
        closedir(d);
    rmdir(t->dir);
    free(t);
}

/* A path in the test's directory; valid for the next three calls. */
static const char *at(struct tool *t, const char *name)
{
    char *p = t->paths[t->next_path++ % 4];
    snprintf(p, sizeof t->paths[0], "%s/%s", t->dir, name);
    return p;
}

static void slurp_fd(int fd, char *buf, size_t cap)
{
    lseek(fd, 0, SEEK_SET);
    ssize_t n = read(fd, buf, cap - 1);
    buf[n > 0 ? n : 0] = 0;
}

/* Run directory_main on the arguments (NULL-terminated), catching its output. */
static int tool_run(struct tool *t, ...)
{
    char *argv[16];
    int argc = 0;
    va_list ap;
    va_start(ap, t);
    for (const char *a; (a = va_arg(ap, const char *));) {
        cr_assert_lt(argc, 15);
        argv[argc++] = strdup(a);
    }
    va_end(ap);
    argv[argc] = NULL;

    FILE *out = tmpfile(), *err = tmpfile();
    cr_assert(out && err);
    fflush(stdout);
    fflush(stderr);
    int save_out = dup(1), save_err = dup(2);
    dup2(fileno(out), 1);
    dup2(fileno(err), 2);
    t->status = directory_main(argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(save_out, 1);
    dup2(save_err, 2);
    close(save_out);
    close(save_err);
    slurp_fd(fileno(out), t->out, sizeof t->out);
    slurp_fd(fileno(err), t->err, sizeof t->err);
    fclose(out);
    fclose(err);
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    return t->status;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static const char example[] = "# a CP user directory\n"
                              "users:\n"
                              "  - userid: OPERATOR\n"
                              "    class: ABCDEFG\n"
                              "    storage: 1M\n"
                              "    share: 100\n"
                              "    console: {vaddr: 009, terminal: 009}\n"
                              "    autolog: true\n"
                              "  - userid: maint\n"
                              "    storage: 1M\n"
                              "    console: {vaddr: 009}\n"
                              "    mdisks:\n"
                              "      - {vaddr: 190, rdev: 190, start: 0, blocks: 4096, mode: R}\n"
                              "  - userid: ALICE\n"
                              "    class: g\n"
                              "    storage: 2M\n"
                              "    share: 200\n"
                              "    console: {vaddr: 009, terminal: 020}\n"
                              "    spool: {reader: 00C, punch: 00D, printer: 00E}\n"
                              "    mdisks:\n"
                              "      - {vaddr: 191, rdev: 300, start: 0, blocks: 2048, mode: W}\n"
                              "    links:\n"
                              "      - {vaddr: 190, user: MAINT, target: 190, mode: R}\n"
                              "    dedicate:\n"
                              "      - {vaddr: 181, rdev: 580}\n"
                              "    ipl: 190\n"
                              "    ipl_parm: \"Hog 50\"\n"
                              "    autolog: true\n";

Test(directory_tool, compiles_the_example_and_show_prints_it)
{
    struct tool *t = tool_new();
    const char *yaml = at(t, "dir.yaml"), *out = at(t, "USER.DIRECT");
    write_text(yaml, example);
    cr_assert_eq(tool_run(t, "compile", yaml, out, NULL), 0, "%s", t->err);
    cr_assert_str_empty(t->err);
    cr_assert(!exists(at(t, "USER.DIRECT.tmp")), "the temporary file is gone");

    FILE *f = fopen(out, "rb");
    cr_assert_not_null(f);
    uint8_t bytes[1024];
    size_t len = fread(bytes, 1, sizeof bytes, f);
    fclose(f);
    cr_assert_eq(len, DIR_HEADER_SIZE + 3 * DIR_USER_SIZE + 2 * DIR_MDISK_SIZE + DIR_LINK_SIZE + DIR_DEDICATE_SIZE);
    char why[DIR_WHY_SIZE];
    cr_assert_null(dir_check(bytes, (uint32_t)len, why), "%s", why);
    struct dir_user u;
    dir_decode_user(&u, bytes + DIR_HEADER_SIZE + DIR_USER_SIZE);   /* maint */
    uint8_t id[8];
    ebc_id("MAINT", id);
    cr_assert_eq(memcmp(u.userid, id, 8), 0, "userids are upper-case EBCDIC");
    cr_assert_eq(u.classes, DIR_CLASS_G, "class G by default");
    cr_assert_eq(u.share, 100, "share 100 by default");
    cr_assert_eq(u.terminal, DIR_NONE);
    cr_assert_eq(u.reader, DIR_NONE);
    cr_assert_eq(u.ipl, DIR_NONE);
    cr_assert_eq(u.flags, 0);
    cr_assert_eq(u.first_mdisk, 0);
    cr_assert_eq(u.nmdisks, 1);
    cr_assert_eq(u.ndedicates, 0);
    for (int i = 0; i < DIR_PARM_LEN; i++)
        cr_assert_eq(u.ipl_parm[i], 0, "no parm: zeros");
    dir_decode_user(&u, bytes + DIR_HEADER_SIZE + 2 * DIR_USER_SIZE);   /* ALICE */
    cr_assert_eq(u.storage, 2u << 20);
    cr_assert_eq(u.share, 200);
    cr_assert_eq(u.classes, DIR_CLASS_G);
    cr_assert_eq(u.flags, DIR_AUTOLOG);
    cr_assert_eq(u.console, 0x009);
    cr_assert_eq(u.terminal, 0x020);
    cr_assert_eq(u.reader, 0x00C);
    cr_assert_eq(u.punch, 0x00D);
    cr_assert_eq(u.printer, 0x00E);
    cr_assert_eq(u.ipl, 0x190);
    cr_assert_eq(u.first_mdisk, 1);
    cr_assert_eq(u.first_link, 0);
    cr_assert_eq(u.nlinks, 1);
    cr_assert_eq(u.first_dedicate, 0);
    cr_assert_eq(u.ndedicates, 1);
    uint8_t parm[DIR_PARM_LEN];
    ebc_parm("Hog 50", parm);   /* EBCDIC, not upper-cased, zero padded */
    cr_assert_eq(memcmp(u.ipl_parm, parm, DIR_PARM_LEN), 0);
    cr_assert_eq(memcmp(bytes + DIR_HEADER_SIZE + 2 * DIR_USER_SIZE + 48, parm, DIR_PARM_LEN), 0, "at +48");
    struct dir_link l;
    dir_decode_link(&l, bytes + DIR_HEADER_SIZE + 3 * DIR_USER_SIZE + 2 * DIR_MDISK_SIZE);
    cr_assert_eq(memcmp(l.owner, id, 8), 0);
    cr_assert_eq(l.target_vaddr, 0x190);
    struct dir_dedicate d;
    dir_decode_dedicate(&d, bytes + DIR_HEADER_SIZE + 3 * DIR_USER_SIZE + 2 * DIR_MDISK_SIZE + DIR_LINK_SIZE);
    cr_assert_eq(d.vaddr, 0x181);
    cr_assert_eq(d.rdev, 0x580);

    cr_assert_eq(tool_run(t, "show", out, NULL), 0, "%s", t->err);
    cr_assert(strstr(t->out, "3 users, 2 minidisks, 1 link, 1 dedicated device\n"), "%s", t->out);
    cr_assert(strstr(t->out, "OPERATOR storage 1M   class ABCDEFG  share 100   console 009 terminal 009 reader -   "
                             "punch -   printer -   ipl -   autolog yes\n"),
              "%s", t->out);
    cr_assert(strstr(t->out, "MAINT    storage 1M   class G        share 100   console 009 terminal -   "),
              "%s", t->out);
    cr_assert(strstr(t->out, "ALICE    storage 2M   class G        share 200   console 009 terminal 020 reader 00C "
                             "punch 00D printer 00E ipl 190 autolog yes\n"),
              "%s", t->out);
    cr_assert(strstr(t->out, "autolog no\n  mdisk 190 on 190 start 0 blocks 4096 R\n"), "no parm line: %s", t->out);
    cr_assert(strstr(t->out, "ipl 190 autolog yes\n  ipl parm \"Hog 50\"\n  mdisk 191 on 300 start 0 blocks 2048 W\n"
                             "  link 190 to MAINT 190 R\n  dedicate 181 on 580\n"),
              "%s", t->out);
    tool_free(t);
}

Test(directory_tool, a_read_only_minidisk_may_overlap_a_read_write_one)
{
    struct tool *t = tool_new();
    const char *yaml = at(t, "dir.yaml"), *out = at(t, "out");
    write_text(yaml, "users:\n"
                     "  - userid: A\n"
                     "    storage: 64K\n"
                     "    console: {vaddr: 9}\n"
                     "    mdisks:\n"
                     "      - {vaddr: 191, rdev: 300, start: 0, blocks: 100, mode: W}\n"
                     "  - userid: B\n"
                     "    storage: 2147418112\n"
                     "    console: {vaddr: 9}\n"
                     "    mdisks:\n"
                     "      - {vaddr: 191, rdev: 300, start: 50, blocks: 100, mode: R}\n"
                     "      - {vaddr: 192, rdev: 300, start: 100, blocks: 100, mode: w}\n");
    cr_assert_eq(tool_run(t, "compile", yaml, out, NULL), 0, "%s", t->err);
    cr_assert_eq(tool_run(t, "show", out, NULL), 0, "%s", t->err);
    cr_assert(strstr(t->out, "B        storage 2097088K"), "%s", t->out);
    cr_assert(strstr(t->out, "2 users, 3 minidisks, 0 links\n"), "no dedicated devices, no count: %s", t->out);
    tool_free(t);
}

Test(directory_tool, ipl_parm_and_dedicated_devices)
{
    struct tool *t = tool_new();
    const char *yaml = at(t, "dir.yaml"), *out = at(t, "out");
    /* the longest parm, every printable character kept; an ipl on a
     * dedicated device; dedicate before the device keys and after */
    write_text(yaml, "users:\n"
                     "  - userid: A\n"
                     "    storage: 1M\n"
                     "    dedicate:\n"
                     "      - {vaddr: 00C, rdev: 01C}\n"
                     "      - vaddr: 181\n"
                     "        rdev: 581\n"
                     "    console: {vaddr: 9}\n"
                     "    ipl: 181\n"
                     "    ipl_parm: ' !\"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_'\n"
                     "  - userid: B\n"
                     "    storage: 1M\n"
                     "    console: {vaddr: 9, terminal: 01D}\n"
                     "    ipl: 00C\n"
                     "    ipl_parm: cms\n"
                     "    dedicate:\n"
                     "      - {vaddr: 00C, rdev: 01E}\n");
    cr_assert_eq(tool_run(t, "compile", yaml, out, NULL), 0, "%s", t->err);
    FILE *f = fopen(out, "rb");
    cr_assert_not_null(f);
    uint8_t bytes[1024];
    size_t len = fread(bytes, 1, sizeof bytes, f);
    fclose(f);
    cr_assert_eq(len, DIR_HEADER_SIZE + 2 * DIR_USER_SIZE + 3 * DIR_DEDICATE_SIZE);
    struct dir_user u;
    dir_decode_user(&u, bytes + DIR_HEADER_SIZE);
    cr_assert_eq(u.ipl, 0x181);
    cr_assert_eq(u.first_dedicate, 0);
    cr_assert_eq(u.ndedicates, 2);
    cr_assert_eq(u.ipl_parm[0], 0x40, "a blank");
    cr_assert_eq(u.ipl_parm[DIR_PARM_LEN - 1], ascii_to_ebcdic['_'], "the 64th");
    dir_decode_user(&u, bytes + DIR_HEADER_SIZE + DIR_USER_SIZE);
    cr_assert_eq(u.first_dedicate, 2);
    cr_assert_eq(u.ndedicates, 1);
    const uint8_t cms[4] = {0x83, 0x94, 0xA2, 0};   /* "cms", not upper-cased */
    cr_assert_eq(memcmp(u.ipl_parm, cms, 4), 0);
    cr_assert_eq(tool_run(t, "show", out, NULL), 0, "%s", t->err);
    cr_assert(strstr(t->out, "2 users, 0 minidisks, 0 links, 3 dedicated devices\n"), "%s", t->out);
    cr_assert(strstr(t->out, "\n  ipl parm \" !\\\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_\"\n"
                             "  dedicate 00C on 01C\n  dedicate 181 on 581\nB "),
              "%s", t->out);
    cr_assert(strstr(t->out, "\n  ipl parm \"cms\"\n  dedicate 00C on 01E\n"), "%s", t->out);
    tool_free(t);
}

Test(directory_tool, show_escapes_a_parm_that_is_not_printable)
{
    struct tool *t = tool_new();
    const char *file = at(t, "dir");
    struct built b;
    good(&b);
    b.u[2].ipl_parm[1] = 0x05;   /* EBCDIC HT */
    b.u[2].ipl_parm[2] = 0xFF;
    encode(&b);
    FILE *f = fopen(file, "wb");
    cr_assert_not_null(f);
    fwrite(b.bytes, 1, b.len, f);
    fclose(f);
    cr_assert_eq(tool_run(t, "show", file, NULL), 0, "%s", t->err);
    cr_assert(strstr(t->out, "\n  ipl parm \"H\\x05\\xFF 50\"\n"), "%s", t->out);
    cr_assert(strstr(t->out, "\n  dedicate 00C on 01C\n"), "BOB's: %s", t->out);
    tool_free(t);
}

/* Small directories that must fail, each at its line. */
static const struct {
    const char *name, *yaml;
    int line;
    const char *want;
} yaml_errors[] = {
    {"syntax", "users:\n  - userid: A\n    storage: [1M\n    console: {vaddr: 9}\n", 4, "flow sequence"},
    {"empty file", "", 1, "a directory is a mapping"},
    {"unknown root key", "users:\n  - {userid: A, storage: 1M, console: {vaddr: 9}}\nsystem: 1\n", 3,
     "unknown key 'system'"},
    {"no users", "# nothing\nusers: []\n", 2, "'users' is a list"},
    {"user not a mapping", "users:\n  - ALICE\n", 2, "a user is a mapping of userid, class"},
    {"unknown user key", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    size: 3\n", 5,
     "unknown key 'size' in a user"},
    {"key twice", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    storage: 2M\n", 5,
     "'storage' given twice (line 3)"},
    {"no userid", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n  - storage: 1M\n"
                  "    console: {vaddr: 9}\n",
     5, "this user has no 'userid'"},
    {"no storage", "users:\n  - userid: A\n    console: {vaddr: 9}\n", 2, "user A has no 'storage'"},
    {"no console", "users:\n  - userid: A\n    storage: 1M\n", 2, "user A has no 'console'"},
    {"console without vaddr", "users:\n  - userid: A\n    storage: 1M\n    console:\n      terminal: 9\n", 5,
     "'console' has no 'vaddr'"},
    {"unknown console key", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9, term: 9}\n", 4,
     "unknown key 'term' in 'console'"},
    {"userid starts with a digit", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n"
                                   "  - userid: 1ABC\n    storage: 1M\n    console: {vaddr: 9}\n",
     5, "'1ABC' is not a userid"},
    {"userid too long", "users:\n  - userid: ABCDEFGHI\n    storage: 1M\n    console: {vaddr: 9}\n", 2,
     "'ABCDEFGHI' is not a userid"},
    {"userid bad character", "users:\n  - userid: AL-CE\n    storage: 1M\n    console: {vaddr: 9}\n", 2,
     "not a userid"},
    {"duplicate userid", "users:\n  - userid: ALICE\n    storage: 1M\n    console: {vaddr: 9}\n"
                         "  - userid: alice\n    storage: 1M\n    console: {vaddr: 9}\n",
     5, "user ALICE is already defined on line 2"},
    {"storage not 64K", "users:\n  - userid: A\n    storage: 1000K\n    console: {vaddr: 9}\n", 3,
     "'storage: 1000K' is not a multiple of 64K"},
    {"storage 2G", "users:\n  - userid: A\n    storage: 2G\n    console: {vaddr: 9}\n", 3, "'storage: 2G'"},
    {"storage 32K", "users:\n  - userid: A\n    storage: 32K\n    console: {vaddr: 9}\n", 3, "'storage: 32K'"},
    {"share 0", "users:\n  - userid: A\n    storage: 1M\n    share: 0\n    console: {vaddr: 9}\n", 4,
     "'share: 0' is not a number from 1 to 10000"},
    {"share too big", "users:\n  - userid: A\n    storage: 1M\n    share: 10001\n    console: {vaddr: 9}\n", 4,
     "'share: 10001'"},
    {"class Z", "users:\n  - userid: A\n    class: GZ\n    storage: 1M\n    console: {vaddr: 9}\n", 3,
     "'class: GZ' is not privilege classes"},
    {"class empty", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    class: \"\"\n", 5,
     "'class' wants a single value"},
    {"userid a list", "users:\n  - userid: [A]\n    storage: 1M\n    console: {vaddr: 9}\n", 2,
     "'userid' wants a single value"},
    {"console not a mapping", "users:\n  - userid: A\n    storage: 1M\n    console: 009\n", 4,
     "'console' is a mapping of vaddr, terminal"},
    {"autolog yes", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    autolog: yes\n", 5,
     "'autolog' wants true or false"},
    {"address too big", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 1000}\n", 4,
     "'vaddr: 1000' is not a device address"},
    {"address not hex", "users:\n  - userid: A\n    storage: 1M\n    console:\n      vaddr: 009\n"
                        "      terminal: XYZ\n",
     6, "'terminal: XYZ' is not a device address"},
    {"address twice", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    spool:\n"
                      "      reader: 00C\n      punch: 009\n",
     7, "device 009 is already used by this user (line 4)"},
    {"minidisk and link at one address",
     "users:\n  - userid: M\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
     "      - {vaddr: 190, rdev: 190, start: 0, blocks: 10, mode: R}\n"
     "  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
     "      - {vaddr: 191, rdev: 191, start: 0, blocks: 10, mode: W}\n    links:\n"
     "      - {vaddr: 191, user: M, target: 190, mode: R}\n",
     13, "device 191 is already used by this user (line 11)"},
    {"terminal shared", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9, terminal: 20}\n"
                        "  - userid: B\n    storage: 1M\n    console:\n      vaddr: 9\n      terminal: 020\n",
     9, "terminal 020 is already user A's (line 4)"},
    {"minidisk without blocks", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
                                "      - {vaddr: 191, rdev: 300, start: 0, mode: W}\n",
     6, "this minidisk has no 'blocks'"},
    {"minidisks not a list", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n"
                             "    mdisks: {vaddr: 191}\n",
     5, "'mdisks' is a list"},
    {"zero blocks", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
                    "      - vaddr: 191\n        rdev: 300\n        start: 0\n        blocks: 0\n        mode: W\n",
     9, "'blocks: 0' is not a number from 1"},
    {"extent past 2^32", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
                         "      - vaddr: 191\n        rdev: 300\n        start: 4294967295\n        blocks: 2\n"
                         "        mode: W\n",
     9, "minidisk 191 ends past block 2^32"},
    {"mode RW", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
                "      - vaddr: 191\n        rdev: 300\n        start: 0\n        blocks: 2\n        mode: RW\n",
     10, "'mode: RW' is not R (read-only) or W (read-write)"},
    {"link to no user", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    links:\n"
                        "      - vaddr: 190\n        user: MAINT\n        target: 190\n        mode: R\n",
     7, "link 190: no user MAINT"},
    {"link to no minidisk",
     "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    links:\n"
     "      - vaddr: 190\n        user: maint\n        target: 191\n        mode: R\n"
     "  - userid: MAINT\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
     "      - {vaddr: 190, rdev: 190, start: 0, blocks: 10, mode: R}\n",
     8, "link 190: user MAINT has no minidisk 191"},
    {"W link to an R minidisk",
     "users:\n  - userid: MAINT\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
     "      - {vaddr: 190, rdev: 190, start: 0, blocks: 10, mode: R}\n"
     "  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    links:\n"
     "      - vaddr: 190\n        user: MAINT\n        target: 190\n        mode: W\n",
     14, "link 190: W link to MAINT's read-only minidisk 190 (line 6)"},
    {"ipl names no device", "users:\n  - userid: A\n    storage: 1M\n    ipl: 190\n    console: {vaddr: 9}\n", 4,
     "'ipl: 190' names none of user A's devices"},
    {"overlapping read-write minidisks",
     "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
     "      - {vaddr: 191, rdev: 300, start: 0, blocks: 100, mode: W}\n"
     "  - userid: B\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
     "      - {vaddr: 190, rdev: 300, start: 100, blocks: 100, mode: W}\n"
     "      - {vaddr: 191, rdev: 300, start: 99, blocks: 1, mode: W}\n",
     12, "read-write minidisk 191 overlaps A's read-write minidisk 191 (line 6) on real device 300"},
    {"ipl_parm without ipl", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    ipl_parm: CMS\n",
     5, "'ipl_parm' without 'ipl'"},
    {"ipl_parm too long", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    ipl: 9\n"
                          "    ipl_parm: PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP\n",
     6, "'ipl_parm' is 65 characters, more than 64"},
    {"ipl_parm with a tab", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    ipl: 9\n"
                            "    ipl_parm: \"a\\tb\"\n",
     6, "'ipl_parm' has a character that is not printable ASCII (column 2)"},
    {"ipl_parm not ASCII", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    ipl: 9\n"
                           "    ipl_parm: \"\xc3\xa9\"\n",
     6, "not printable ASCII (column 1)"},
    {"ipl_parm with a NUL", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    ipl: 9\n"
                            "    ipl_parm: \"ab\\0\"\n",
     6, "not printable ASCII (column 3)"},
    {"ipl_parm empty", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    ipl: 9\n"
                       "    ipl_parm: ''\n",
     6, "'ipl_parm' wants a single value"},
    {"ipl_parm a list", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    ipl: 9\n"
                        "    ipl_parm: [CMS]\n",
     6, "'ipl_parm' wants a single value"},
    {"dedicate not a list", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n"
                            "    dedicate: {vaddr: 181, rdev: 580}\n",
     5, "'dedicate' is a list"},
    {"dedicate without rdev", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n"
                              "      - {vaddr: 181}\n",
     6, "this dedicated device has no 'rdev'"},
    {"unknown dedicate key", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n"
                             "      - {vaddr: 181, rdev: 580, mode: W}\n",
     6, "unknown key 'mode' in a dedicated device (vaddr, rdev)"},
    {"dedicated rdev too big", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n"
                               "      - vaddr: 181\n        rdev: 1000\n",
     7, "'rdev: 1000' is not a device address"},
    {"dedicated vaddr too big", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n"
                                "      - vaddr: 1181\n        rdev: 181\n",
     6, "'vaddr: 1181' is not a device address"},
    {"dedicated at the console's address", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n"
                                           "    dedicate:\n      - {vaddr: 009, rdev: 580}\n",
     6, "device 009 is already used by this user (line 4)"},
    {"minidisk at a dedicated address", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n"
                                        "    dedicate:\n      - {vaddr: 191, rdev: 580}\n    mdisks:\n"
                                        "      - {vaddr: 191, rdev: 300, start: 0, blocks: 10, mode: W}\n",
     8, "device 191 is already used by this user (line 6)"},
    {"two dedicated at one address", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n"
                                     "    dedicate:\n      - {vaddr: 181, rdev: 580}\n"
                                     "      - {vaddr: 181, rdev: 581}\n",
     7, "device 181 is already used by this user (line 6)"},
    {"real device dedicated to two users",
     "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n      - {vaddr: 181, rdev: 580}\n"
     "  - userid: B\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n      - {vaddr: 181, rdev: 580}\n",
     11, "real device 580 is already dedicated to user A (line 6)"},
    {"real device dedicated twice to a user",
     "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n      - {vaddr: 181, rdev: 580}\n"
     "      - vaddr: 182\n        rdev: 580\n",
     8, "real device 580 is already dedicated to user A (line 6)"},
    {"dedicating another's minidisk's real device",
     "users:\n  - userid: MAINT\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
     "      - {vaddr: 190, rdev: 190, start: 0, blocks: 10, mode: R}\n"
     "  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n      - {vaddr: 190, rdev: 190}\n",
     11, "real device 190 holds user MAINT's minidisk 190 (line 6)"},
    {"dedicating one's own minidisk's real device",
     "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
     "      - {vaddr: 191, rdev: 300, start: 0, blocks: 10, mode: W}\n    dedicate:\n      - {vaddr: 181, rdev: 300}\n",
     8, "real device 300 holds user A's minidisk 191 (line 6)"},
    {"a minidisk on a dedicated device",
     "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n      - {vaddr: 181, rdev: 300}\n"
     "  - userid: B\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
     "      - vaddr: 191\n        rdev: 300\n        start: 0\n        blocks: 10\n        mode: W\n",
     12, "minidisk 191: real device 300 is dedicated to user A (line 6)"},
    {"dedicating another's terminal",
     "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9, terminal: 20}\n"
     "  - userid: B\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n      - {vaddr: 181, rdev: 020}\n",
     9, "real device 020 is user A's terminal (line 4)"},
    {"dedicating one's own terminal",
     "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9, terminal: 20}\n    dedicate:\n"
     "      - {vaddr: 181, rdev: 20}\n",
     6, "real device 020 is user A's terminal (line 4)"},
    {"a terminal that is dedicated",
     "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n      - {vaddr: 181, rdev: 020}\n"
     "  - userid: B\n    storage: 1M\n    console: {vaddr: 9, terminal: 020}\n",
     9, "terminal 020 is dedicated to user A (line 6)"},
    {"one's own terminal, dedicated before",
     "users:\n  - userid: A\n    storage: 1M\n    dedicate:\n      - {vaddr: 181, rdev: 020}\n"
     "    console:\n      vaddr: 9\n      terminal: 020\n",
     8, "terminal 020 is dedicated to user A (line 5)"},
};

Test(directory_tool, yaml_errors_name_file_and_line_and_write_nothing)
{
    for (size_t i = 0; i < sizeof yaml_errors / sizeof *yaml_errors; i++) {
        struct tool *t = tool_new();
        const char *yaml = at(t, "bad.yaml"), *out = at(t, "out");
        char where[600];
        write_text(yaml, yaml_errors[i].yaml);
        cr_assert_eq(tool_run(t, "compile", yaml, out, NULL), 1, "%s: status %d", yaml_errors[i].name, t->status);
        snprintf(where, sizeof where, "creasy directory: %s:%d: ", yaml, yaml_errors[i].line);
        cr_assert(strstr(t->err, where), "%s: wanted line %d: %s", yaml_errors[i].name, yaml_errors[i].line, t->err);
        cr_assert(strstr(t->err, yaml_errors[i].want), "%s: wanted '%s': %s", yaml_errors[i].name,
                  yaml_errors[i].want, t->err);
        cr_assert(!exists(out), "%s: left an OUT file", yaml_errors[i].name);
        cr_assert(!exists(at(t, "out.tmp")), "%s: left a temporary file", yaml_errors[i].name);
        tool_free(t);
    }
}

/* n users, or one user with n minidisks, or with n links (to MAINT 190),
 * or with n dedicated devices. */
static char *many(const char *what, int n)
{
    size_t cap = 100 + (size_t)n * 120, len = 0;
    char *s = malloc(cap);
    cr_assert_not_null(s);
    len += (size_t)snprintf(s + len, cap - len,
                            "users:\n  - userid: MAINT\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
                            "      - {vaddr: 190, rdev: 190, start: 0, blocks: 10, mode: R}\n");
    if (!strcmp(what, "users")) {
        for (int i = 1; i < n; i++)
            len += (size_t)snprintf(s + len, cap - len, "  - {userid: U%d, storage: 64K, console: {vaddr: 9}}\n", i);
        return s;
    }
    len += (size_t)snprintf(s + len, cap - len, "  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    %s:\n",
                            what);
    for (int i = 0; i < n; i++)
        if (!strcmp(what, "mdisks"))
            len += (size_t)snprintf(s + len, cap - len,
                                    "      - {vaddr: %X, rdev: 300, start: %d, blocks: 1, mode: W}\n", 0x200 + i, i);
        else if (!strcmp(what, "dedicate"))
            len += (size_t)snprintf(s + len, cap - len, "      - {vaddr: %X, rdev: %X}\n", 0x200 + i, 0x400 + i);
        else
            len += (size_t)snprintf(s + len, cap - len, "      - {vaddr: %X, user: MAINT, target: 190, mode: R}\n",
                                    0x200 + i);
    return s;
}

Test(directory_tool, too_many_users_minidisks_links_dedicated_devices)
{
    struct {
        const char *what;
        int most, line0;   /* the most allowed; item i of them is on line line0 + i */
        const char *want;
    } cases[] = {
        {"users", DIR_MAX_USERS, 6, "more than 128 users"},   /* MAINT is user 0, on line 2 */
        {"mdisks", DIR_MAX_MDISKS - 1, 11, "more than 512 minidisks in all"},   /* MAINT has one */
        {"links", DIR_MAX_LINKS, 11, "more than 512 links in all"},
        {"dedicate", DIR_MAX_DEDICATES, 11, "more than 256 dedicated devices in all"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct tool *t = tool_new();
        const char *yaml = at(t, "big.yaml"), *out = at(t, "out");
        char *text = many(cases[i].what, cases[i].most);
        write_text(yaml, text);
        free(text);
        cr_assert_eq(tool_run(t, "compile", yaml, out, NULL), 0, "%s: the most is fine: %s", cases[i].what, t->err);
        cr_assert_eq(tool_run(t, "show", out, NULL), 0, "%s", t->err);
        unlink(out);
        text = many(cases[i].what, cases[i].most + 1);
        write_text(yaml, text);
        free(text);
        cr_assert_eq(tool_run(t, "compile", yaml, out, NULL), 1, "%s: one more fails", cases[i].what);
        char where[600];
        snprintf(where, sizeof where, "%s:%d: %s", yaml, cases[i].line0 + cases[i].most, cases[i].want);
        cr_assert(strstr(t->err, where), "%s: wanted '%s': %s", cases[i].what, where, t->err);
        cr_assert(!exists(out));
        tool_free(t);
    }
}

Test(directory_tool, a_failed_compile_keeps_the_old_output)
{
    struct tool *t = tool_new();
    const char *yaml = at(t, "dir.yaml"), *out = at(t, "out");
    write_text(out, "old");
    write_text(yaml, "users:\n  - userid: A\n    storage: 1M\n");
    cr_assert_eq(tool_run(t, "compile", yaml, out, NULL), 1);
    FILE *f = fopen(out, "r");
    char buf[8] = {0};
    cr_assert_not_null(f);
    cr_assert_eq(fread(buf, 1, sizeof buf - 1, f), 3);
    fclose(f);
    cr_assert_str_eq(buf, "old");
    tool_free(t);
}

Test(directory_tool, io_errors)
{
    struct tool *t = tool_new();
    const char *yaml = at(t, "dir.yaml"), *missing = at(t, "missing.yaml");
    cr_assert_eq(tool_run(t, "compile", missing, at(t, "out"), NULL), 1);
    cr_assert(strstr(t->err, "missing.yaml: No such file"), "%s", t->err);
    write_text(yaml, example);
    char out[600];
    snprintf(out, sizeof out, "%s/no/such/dir/out", t->dir);
    cr_assert_eq(tool_run(t, "compile", yaml, out, NULL), 1);
    cr_assert(strstr(t->err, "out.tmp: No such file"), "%s", t->err);
    cr_assert_eq(tool_run(t, "show", at(t, "nothing"), NULL), 1);
    cr_assert(strstr(t->err, "nothing: No such file"), "%s", t->err);
    tool_free(t);
}

Test(directory_tool, show_refuses_a_bad_directory)
{
    struct tool *t = tool_new();
    const char *file = at(t, "bad");
    write_text(file, "this is not a directory, but it is long enough for a header");
    cr_assert_eq(tool_run(t, "show", file, NULL), 1);
    char want[600];
    snprintf(want, sizeof want, "creasy directory: %s: not a compiled directory (bad magic)\n", file);
    cr_assert_str_eq(t->err, want);
    cr_assert_str_empty(t->out);

    /* a good directory with a broken link: the reason names the users in ASCII */
    struct built b;
    good(&b);
    b.l[0].target_vaddr = 0x191;
    encode(&b);
    FILE *f = fopen(file, "wb");
    cr_assert_not_null(f);
    fwrite(b.bytes, 1, b.len, f);
    fclose(f);
    cr_assert_eq(tool_run(t, "show", file, NULL), 1);
    snprintf(want, sizeof want, "creasy directory: %s: user ALICE: link 190 names no minidisk 191 of MAINT\n", file);
    cr_assert_str_eq(t->err, want);
    tool_free(t);
}

Test(directory_tool, bad_usage_exits_2)
{
    struct tool *t = tool_new();
    cr_assert_eq(tool_run(t, NULL), 2);
    cr_assert(strstr(t->err, "usage: creasy directory compile DIR.yaml OUT"), "%s", t->err);
    cr_assert_eq(tool_run(t, "compile", "x.yaml", NULL), 2);
    cr_assert(strstr(t->err, "compile wants DIR.yaml and OUT"), "%s", t->err);
    cr_assert_eq(tool_run(t, "compile", "a", "b", "c", NULL), 2);
    cr_assert_eq(tool_run(t, "show", NULL), 2);
    cr_assert_eq(tool_run(t, "show", "a", "b", NULL), 2);
    cr_assert_eq(tool_run(t, "frobnicate", NULL), 2);
    cr_assert(strstr(t->err, "no subcommand 'frobnicate'"), "%s", t->err);
    cr_assert_eq(tool_run(t, "--help", NULL), 0);
    cr_assert(strstr(t->out, "creasy directory show FILE"), "%s", t->out);
    tool_free(t);
}
