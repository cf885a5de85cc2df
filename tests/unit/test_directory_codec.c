/* test_directory_codec.c: CP's user directory, the codec and dir_check
 * (cp/directory.c), on entries built by hand (test_directory_build.c)
 * and on byte streams.
 *
 * dir_check tests start from a good directory (built_good()), break one
 * thing and expect the reason.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "channel.h"
#include "test_directory.h"

/* dir_check on b's bytes: NULL, or the reason (in b->why). */
static const char *check(struct built *b)
{
    built_encode(b);
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
                           .nmdisks = 0x090A0B0C, .nlinks = 0x0D0E0F10, .ndedicates = 0x11121314,
                           .nterminals = 0x15161718}, back;
    for (int i = 0; i < 4; i++)
        h.reserved[i] = (uint8_t)(0xA0 + i);
    uint8_t p[DIR_HEADER_SIZE + 1];
    memset(p, 0xEE, sizeof p);
    dir_encode_header(&h, p);
    cr_assert_eq(p[DIR_HEADER_SIZE], 0xEE, "wrote past the entry");
    memset(&back, 0x55, sizeof back);
    dir_decode_header(&back, p);
    cr_assert_eq(memcmp(&h, &back, sizeof h), 0);
    const uint8_t want[28] = {0xC3, 0xD7, 0xC4, 0xD9, 1,  2,  3,  4,  5,  6,  7,  8,  9,  10,
                              11,   12,   13,   14,   15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
    cr_assert_eq(memcmp(p, want, 28), 0, "big-endian, in declared order (nterminals at +24)");
    cr_assert_eq(p[28], 0xA0);
    cr_assert_eq(p[31], 0xA3);
}

Test(directory_codec, user_round_trip)
{
    struct dir_user u = {.storage = 0x11223344, .share = 0x55667788, .classes = 0x99AABBCC, .flags = 0xDDEEFF01,
                         .console = 0x0102, .terminal = 0x0304, .reader = 0x0506, .punch = 0x0708,
                         .printer = 0x090A, .ipl = 0x0B0C, .first_mdisk = 0x0D0E, .nmdisks = 0x0F10,
                         .first_link = 0x1112, .nlinks = 0x1314, .first_dedicate = 0x1516, .ndedicates = 0x1718,
                         .first_terminal = 0x191A, .nterminals = 0x1B1C},
                    back;
    built_ebc_id("ALICE", u.userid);
    for (int i = 0; i < DIR_PARM_LEN; i++)
        u.ipl_parm[i] = (uint8_t)(0x80 + i);
    for (int i = 0; i < 12; i++)
        u.reserved[i] = (uint8_t)i;
    uint8_t p[DIR_USER_SIZE + 1];
    memset(p, 0xEE, sizeof p);
    dir_encode_user(&u, p);
    cr_assert_eq(p[DIR_USER_SIZE], 0xEE, "wrote past the entry");
    memset(&back, 0x55, sizeof back);
    dir_decode_user(&back, p);
    cr_assert_eq(memcmp(&u, &back, sizeof u), 0);
    const uint8_t terminals[4] = {0x19, 0x1A, 0x1B, 0x1C};
    cr_assert_eq(memcmp(p + 112, terminals, 4), 0, "first_terminal and nterminals at +112");
    cr_assert_eq(p[116], 0, "reserved from +116");
}

Test(directory_codec, user_layout_is_big_endian_at_declared_offsets)
{
    struct built b;
    built_good(&b);
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
    dir_encode_user(&b.u[3], p);   /* BOB: no parm, two terminals */
    cr_assert_eq(p[44 + 1], 1, "first_dedicate 1");
    cr_assert_eq(p[46 + 1], 1, "ndedicates 1");
    for (int i = 48; i < DIR_USER_SIZE; i++)
        cr_assert_eq(p[i], i == 115 ? 2 : 0, "byte +%d", i);   /* +112 first_terminal 0, +114 nterminals 2 */
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
    built_ebc_id("MAINT", l.owner);
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

Test(directory_codec, terminal_round_trip_and_layout)
{
    struct dir_terminal d = {.vaddr = 0x0020, .rdev = 0x0030, .reserved = {1, 2, 3, 4}}, back;
    uint8_t p[DIR_TERMINAL_SIZE + 1];
    memset(p, 0xEE, sizeof p);
    dir_encode_terminal(&d, p);
    const uint8_t want[DIR_TERMINAL_SIZE] = {0x00, 0x20, 0x00, 0x30, 1, 2, 3, 4};
    cr_assert_eq(memcmp(p, want, sizeof want), 0);
    cr_assert_eq(p[DIR_TERMINAL_SIZE], 0xEE, "wrote past the entry");
    memset(&back, 0x55, sizeof back);
    dir_decode_terminal(&back, p);
    cr_assert_eq(memcmp(&d, &back, sizeof d), 0);
}

Test(directory_codec, the_tables_follow_each_other)
{
    struct built b;
    built_good(&b);
    built_encode(&b);
    const uint8_t *ded = b.bytes + DIR_HEADER_SIZE + 4 * DIR_USER_SIZE + 4 * DIR_MDISK_SIZE + DIR_LINK_SIZE;
    const uint8_t want[2 * DIR_DEDICATE_SIZE + 2 * DIR_TERMINAL_SIZE] = {
        0x01, 0x81, 0x05, 0x80, 0, 0, 0, 0,         /* ALICE's 181 on 580 */
        0x00, 0x0C, 0x00, 0x1C, 0, 0, 0, 0,         /* BOB's 00C on 01C */
        0x00, 0x20, 0x00, 0x30, 0, 0, 0, 0,         /* BOB's terminal 020 on 030 */
        0x00, 0x21, 0xFF, 0xFF, 0, 0, 0, 0};        /* ... 021 on none */
    cr_assert_eq(b.len, (uint32_t)(ded - b.bytes) + sizeof want, "the dedicated devices, then the terminals, come last");
    cr_assert_eq(memcmp(ded, want, sizeof want), 0);
    cr_assert_eq(b.bytes[23], 2, "the header's ndedicates, at +20");
    cr_assert_eq(b.bytes[27], 2, "the header's nterminals, at +24");
    cr_assert_eq(b.bytes[DIR_HEADER_SIZE + 2 * DIR_USER_SIZE + 48], 0xC8, "ALICE's parm at +48 of her entry");
}

/* ---- dir_check ------------------------------------------------------------------------ */

Test(dir_check, passes_a_good_directory)
{
    struct built b;
    built_good(&b);
    const char *why = check(&b);
    cr_assert_null(why, "%s", why);
    cr_assert_eq(b.len, DIR_HEADER_SIZE + 4 * DIR_USER_SIZE + 4 * DIR_MDISK_SIZE + DIR_LINK_SIZE +
                            2 * DIR_DEDICATE_SIZE + 2 * DIR_TERMINAL_SIZE);
}

Test(dir_check, passes_an_empty_directory)
{
    struct built b;
    built_good(&b);
    b.h.nusers = b.h.nmdisks = b.h.nlinks = b.h.ndedicates = b.h.nterminals = 0;
    cr_assert_null(check(&b));
}

Test(dir_check, header_and_length)
{
    struct built b;
    built_good(&b);
    built_encode(&b);
    cr_assert(strstr(dir_check(b.bytes, 31, b.why), "shorter than a directory header"));
    cr_assert(strstr(dir_check(b.bytes, b.len - 1, b.why), "header's counts"));
    cr_assert(strstr(dir_check(b.bytes, b.len + 1, b.why), "header's counts"));
    built_good(&b);
    b.h.magic ^= 1;
    refused(&b, "bad magic");
    built_good(&b);
    b.h.version = 1;   /* before the IPL parameter and dedicated devices */
    refused(&b, "directory version 1, not 3");
    built_good(&b);
    b.h.version = 2;   /* before the terminals */
    refused(&b, "directory version 2, not 3");
    built_good(&b);
    b.h.nterminals = DIR_MAX_TERMINALS + 1;
    refused(&b, "65 terminals: more than 64");
    built_good(&b);
    b.h.nterminals = 0xFFFFFFFFu;
    refused(&b, "more than");
    built_good(&b);
    b.h.nusers = DIR_MAX_USERS + 1;
    refused(&b, "more than");
    built_good(&b);
    b.h.nmdisks = 0xFFFFFFFFu;   /* would overflow the length sum */
    refused(&b, "more than");
    built_good(&b);
    b.h.nlinks = DIR_MAX_LINKS + 1;
    refused(&b, "more than");
    built_good(&b);
    b.h.ndedicates = DIR_MAX_DEDICATES + 1;
    refused(&b, "more than");
    built_good(&b);
    b.h.ndedicates = 0xFFFFFFFFu;
    refused(&b, "more than");
    built_good(&b);
    built_encode(&b);
    cr_assert(strstr(dir_check(b.bytes, b.len - DIR_TERMINAL_SIZE, b.why), "header's counts"),
              "the terminals count in the length");
}

Test(dir_check, tables_are_shared_out_among_users)
{
    struct built b;
    built_good(&b);
    b.u[3].nmdisks = 3;   /* BOB: entries 2..4 of 4 */
    refused(&b, "user BOB: minidisks 2 to 4 lie outside the table of 4");
    built_good(&b);
    b.u[2].first_link = 1;
    refused(&b, "user ALICE: links 1 to 1 lie outside the table of 1");
    built_good(&b);
    b.u[3].first_mdisk = 1;   /* BOB's 1..2 takes ALICE's 1 */
    b.u[3].nmdisks = 2;
    refused(&b, "user BOB: minidisk entries shared with user ALICE");
    built_good(&b);
    b.u[3].first_link = 0;   /* BOB takes ALICE's link */
    b.u[3].nlinks = 1;
    refused(&b, "user BOB: link entries shared with user ALICE");
    built_good(&b);
    b.u[3].nmdisks = 1;   /* entry 3 is nobody's */
    refused(&b, "1 minidisk entries belong to no user");
    built_good(&b);
    b.u[2].nlinks = 0;
    refused(&b, "1 link entries belong to no user");
    built_good(&b);
    b.u[3].ndedicates = 2;   /* BOB: entries 1..2 of 2 */
    refused(&b, "user BOB: dedicated devices 1 to 2 lie outside the table of 2");
    built_good(&b);
    b.u[3].first_dedicate = 0;   /* BOB takes ALICE's */
    refused(&b, "user BOB: dedicated device entries shared with user ALICE");
    built_good(&b);
    b.u[2].ndedicates = 0;   /* entry 0 is nobody's */
    refused(&b, "1 dedicated device entries belong to no user");
    built_good(&b);
    b.u[3].first_terminal = 1;   /* BOB: entries 1..2 of 2 */
    refused(&b, "user BOB: terminals 1 to 2 lie outside the table of 2");
    built_good(&b);
    b.u[2].nterminals = 1;   /* ALICE takes BOB's first */
    refused(&b, "user BOB: terminal entries shared with user ALICE");
    built_good(&b);
    b.u[3].nterminals = 1;   /* entry 1 is nobody's */
    refused(&b, "1 terminal entries belong to no user");
    built_good(&b);
    b.u[3].nterminals = DIR_MAX_USER_TERMINALS + 1;
    refused(&b, "user BOB: 17 terminals, more than 16");
}

Test(dir_check, userids)
{
    const char *bad[] = {"1ALICE", "alice", "AL CE", "AL-CE", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct built b;
        built_good(&b);
        built_ebc_id(bad[i], b.u[2].userid);
        refused(&b, "user entry 2: bad userid");
    }
    struct built b;
    built_good(&b);
    b.u[1].userid[7] = 0x00;   /* a non-blank after the pad */
    refused(&b, "user entry 1: bad userid");
    built_good(&b);
    built_ebc_id("$#@9Z", b.u[3].userid);   /* every kind of character but a leading digit */
    cr_assert_null(check(&b), "%s", b.why);
    built_good(&b);
    built_ebc_id("ALICE", b.u[3].userid);
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
        {1 << 20, 100, 0x40, 8, "user BOB: unknown flags"},
        {1 << 20, 100, 0x40, 6, "user BOB: sie and bt mode both"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct built b;
        built_good(&b);
        b.u[3].storage = cases[i].storage;
        b.u[3].share = cases[i].share;
        b.u[3].classes = cases[i].classes;
        b.u[3].flags = cases[i].flags;
        refused(&b, cases[i].want);
    }
    struct built b;
    built_good(&b);
    b.u[3].storage = 0x80000000u - 0x10000;   /* the most */
    b.u[3].share = 10000;
    b.u[3].classes = 0xFF;
    cr_assert_null(check(&b), "%s", b.why);
}

Test(dir_check, device_addresses_in_range)
{
    struct built b;
    built_good(&b);
    b.u[2].console = DIR_NONE;
    refused(&b, "user ALICE: console FFFF is not a device address");
    built_good(&b);
    b.u[2].console = 0x1000;
    refused(&b, "user ALICE: console 1000");
    built_good(&b);
    b.u[2].terminal = 0x1000;
    refused(&b, "user ALICE: terminal 1000");
    built_good(&b);
    b.u[2].reader = 0x1000;
    refused(&b, "user ALICE: spool device 1000");
    built_good(&b);
    b.u[2].printer = 0xFFFE;
    refused(&b, "user ALICE: spool device FFFE");
    built_good(&b);
    b.u[2].ipl = 0x1000;
    refused(&b, "user ALICE: ipl 1000 is not a device address");
    built_good(&b);
    b.m[1].vaddr = 0x1000;
    refused(&b, "user ALICE: minidisk address 1000");
    built_good(&b);
    b.m[1].rdev = 0x1000;
    refused(&b, "user ALICE: minidisk 191: real device 1000");
    built_good(&b);
    b.l[0].vaddr = 0x1000;
    refused(&b, "user ALICE: link address 1000");
    built_good(&b);
    b.t[0].vaddr = 0x1000;
    refused(&b, "user BOB: terminal address 1000 is not a device address");
    built_good(&b);
    b.t[0].rdev = 0x1000;
    refused(&b, "user BOB: terminal 020: real terminal 1000 is not a device address");
}

Test(dir_check, minidisk_extents_and_modes)
{
    struct built b;
    built_good(&b);
    b.m[0].blocks = 0;
    refused(&b, "user MAINT: minidisk 190: bad extent");
    built_good(&b);
    b.m[0].start = 0xFFFFFFFFu;
    b.m[0].blocks = 2;
    refused(&b, "user MAINT: minidisk 190: bad extent");
    built_good(&b);
    b.m[0].start = 0xFFFFFFFFu;   /* the very last block */
    b.m[0].blocks = 1;
    cr_assert_null(check(&b), "%s", b.why);
    built_good(&b);
    b.m[0].mode = 3;
    refused(&b, "user MAINT: minidisk 190: bad mode");
    built_good(&b);
    b.l[0].mode = 2;
    refused(&b, "user ALICE: link 190: bad mode");
}

Test(dir_check, links_name_existing_minidisks)
{
    struct built b;
    built_good(&b);
    built_ebc_id("NOBODY", b.l[0].owner);
    refused(&b, "user ALICE: link 190 names no user");
    built_good(&b);
    b.l[0].target_vaddr = 0x191;
    refused(&b, "user ALICE: link 190 names no minidisk 191 of MAINT");
    built_good(&b);
    b.l[0].mode = DIR_MODE_W;
    refused(&b, "user ALICE: link 190 is W to read-only minidisk 190 of MAINT");
    built_good(&b);
    b.l[0].mode = DIR_MODE_W;   /* to BOB's read-write 191 */
    b.l[0].target_vaddr = 0x191;
    built_ebc_id("BOB", b.l[0].owner);
    cr_assert_null(check(&b), "%s", b.why);
}

Test(dir_check, device_addresses_distinct_within_a_user)
{
    struct built b;
    built_good(&b);
    b.u[2].reader = 0x009;
    refused(&b, "user ALICE: device address 009 used twice");
    built_good(&b);
    b.u[2].printer = 0x00D;
    refused(&b, "user ALICE: device address 00D used twice");
    built_good(&b);
    b.l[0].vaddr = 0x191;
    refused(&b, "user ALICE: device address 191 used twice");
    built_good(&b);
    b.m[3].vaddr = 0x191;   /* BOB's two minidisks */
    refused(&b, "user BOB: device address 191 used twice");
    built_good(&b);
    b.u[3].reader = 0x192;
    refused(&b, "user BOB: device address 192 used twice");
    built_good(&b);
    b.t[1].vaddr = 0x009;   /* a terminal beside the console, at the console's address */
    refused(&b, "user BOB: device address 009 used twice");
    built_good(&b);
    b.t[1].vaddr = 0x00C;   /* ... at a dedicated device's */
    refused(&b, "user BOB: device address 00C used twice");
    built_good(&b);
    b.t[1].vaddr = 0x020;   /* ... at the other terminal's */
    refused(&b, "user BOB: device address 020 used twice");
    built_good(&b);
    b.u[1].terminal = 0x191;   /* a terminal is real: no clash with virtual 191 */
    b.u[2].punch = DIR_NONE;   /* absent spool devices do not clash */
    b.u[2].reader = DIR_NONE;
    cr_assert_null(check(&b), "%s", b.why);
}

Test(dir_check, ipl_names_a_device)
{
    struct built b;
    built_good(&b);
    b.u[2].ipl = 0x192;
    refused(&b, "user ALICE: ipl 192 names none of its devices");
    built_good(&b);
    b.u[2].ipl = 0x191;   /* a minidisk */
    cr_assert_null(check(&b), "%s", b.why);
    b.u[2].ipl = 0x00C;   /* the reader */
    cr_assert_null(check(&b), "%s", b.why);
}

Test(dir_check, ipl_parm)
{
    struct built b;
    built_good(&b);
    b.u[2].ipl = DIR_NONE;
    refused(&b, "user ALICE: an ipl parm without an ipl device");
    built_good(&b);
    b.u[2].ipl_parm[10] = 0xC1;   /* after the first zero */
    refused(&b, "user ALICE: ipl parm is not zero padded");
    built_good(&b);
    b.u[2].ipl_parm[DIR_PARM_LEN - 1] = 0xC1;
    refused(&b, "user ALICE: ipl parm is not zero padded");
    built_good(&b);
    b.u[3].ipl_parm[1] = 0xC1;   /* BOB: empty, then not */
    refused(&b, "user BOB: ipl parm is not zero padded");
    built_good(&b);
    memset(b.u[2].ipl_parm, 0xC1, DIR_PARM_LEN);   /* all 64 bytes */
    cr_assert_null(check(&b), "%s", b.why);
    built_good(&b);
    memset(b.u[2].ipl_parm, 0, DIR_PARM_LEN);   /* an ipl without a parm */
    cr_assert_null(check(&b), "%s", b.why);
}

Test(dir_check, dedicated_devices)
{
    struct built b;
    built_good(&b);
    b.d[0].vaddr = 0x1000;
    refused(&b, "user ALICE: dedicated address 1000 is not a device address");
    built_good(&b);
    b.d[0].rdev = DIR_NONE;
    refused(&b, "user ALICE: dedicated 181: real device FFFF is not a device address");
    /* the vaddr clashes with each of the user's other devices */
    const uint16_t clash[] = {0x009, 0x00D, 0x191, 0x190};   /* console, punch, minidisk, link */
    for (size_t i = 0; i < sizeof clash / sizeof *clash; i++) {
        built_good(&b);
        b.d[0].vaddr = clash[i];
        char want[64];
        snprintf(want, sizeof want, "user ALICE: device address %03X used twice", clash[i]);
        refused(&b, want);
    }
    built_good(&b);
    b.h.ndedicates = 3;   /* BOB: 00C and 00C */
    b.u[3].ndedicates = 2;
    b.d[2] = (struct dir_dedicate){.vaddr = 0x00C, .rdev = 0x01D};
    refused(&b, "user BOB: device address 00C used twice");
    built_good(&b);
    b.d[1].vaddr = 0x181;   /* ALICE's vaddr at BOB: fine */
    cr_assert_null(check(&b), "%s", b.why);
    /* a real device is dedicated once, and is nobody's minidisk or terminal */
    built_good(&b);
    b.d[1].rdev = 0x580;
    refused(&b, "user BOB: dedicated 00C: real device 580 is also dedicated to user ALICE");
    built_good(&b);
    b.h.ndedicates = 3;   /* BOB: twice */
    b.u[3].ndedicates = 2;
    b.d[2] = (struct dir_dedicate){.vaddr = 0x00D, .rdev = 0x01C};
    refused(&b, "user BOB: dedicated 00D: real device 01C is also dedicated to user BOB");
    built_good(&b);
    b.d[1].rdev = 0x300;   /* ALICE's and BOB's 191 */
    refused(&b, "user BOB: dedicated 00C: real device 300 holds minidisk 191 of ALICE");
    built_good(&b);
    b.d[0].rdev = 0x190;   /* MAINT's 190 */
    refused(&b, "user ALICE: dedicated 181: real device 190 holds minidisk 190 of MAINT");
    built_good(&b);
    b.d[1].rdev = 0x009;
    refused(&b, "user BOB: dedicated 00C: real device 009 is user OPERATOR's terminal");
    built_good(&b);
    b.d[0].rdev = 0x020;   /* her own */
    refused(&b, "user ALICE: dedicated 181: real device 020 is user ALICE's terminal");
    built_good(&b);
    b.d[1].rdev = 0x191;   /* a real device only: no clash with virtual 191 */
    b.u[2].ipl = 0x181;    /* the ipl may be a dedicated device */
    cr_assert_null(check(&b), "%s", b.why);
}

Test(dir_check, read_write_minidisks_do_not_overlap)
{
    struct built b;
    built_good(&b);
    b.m[2].start = 2047;   /* BOB's 191 takes ALICE's last block */
    refused(&b, "user BOB: minidisk 191 overlaps read-write minidisk 191 of ALICE on real device 300");
    built_good(&b);
    b.m[3].rdev = 0x300;   /* BOB's read-only 192 over ALICE's read-write 191: allowed */
    cr_assert_null(check(&b), "%s", b.why);
    built_good(&b);
    b.m[2].rdev = 0x301;   /* ALICE's blocks, but on another device */
    b.m[2].start = 0;
    cr_assert_null(check(&b), "%s", b.why);
}

Test(dir_check, terminals_are_not_shared)
{
    struct built b;
    built_good(&b);
    b.u[3].terminal = 0x020;
    refused(&b, "user BOB: terminal 020 is also user ALICE's");
    built_good(&b);
    b.t[1].rdev = 0x020;   /* BOB's 021 on ALICE's console's terminal */
    refused(&b, "user BOB: terminal 020 is also user ALICE's");
    built_good(&b);
    b.t[1].rdev = 0x030;   /* both of BOB's on 030 */
    refused(&b, "user BOB: terminal 030 is also user BOB's");
    built_good(&b);
    b.u[2].terminal = 0x030;   /* ALICE's console on BOB's 020's */
    refused(&b, "user BOB: terminal 030 is also user ALICE's");
    built_good(&b);
    b.t[0].vaddr = 0x021;   /* no terminal: none clash */
    b.t[1].vaddr = 0x020;
    b.t[0].rdev = DIR_NONE;
    b.u[1].terminal = 0x030;   /* a real terminal is no virtual device: 030 is free again */
    cr_assert_null(check(&b), "%s", b.why);
}

Test(dir_check, a_dedicated_device_is_no_terminal)
{
    struct built b;
    built_good(&b);
    b.d[0].rdev = 0x030;   /* ALICE's 181 on BOB's terminal */
    refused(&b, "user ALICE: dedicated 181: real device 030 is user BOB's terminal");
}
