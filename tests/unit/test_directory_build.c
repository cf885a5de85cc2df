/* test_directory_build.c: directories built by hand for the directory
 * tests (test_directory.h): a good one to start from, and its bytes.
 */
#include <string.h>

#include "channel.h"
#include "test_directory.h"

/* An 8-byte EBCDIC userid from ASCII, blank padded. */
void built_ebc_id(const char *s, uint8_t id[8])
{
    memset(id, 0x40, 8);
    for (size_t i = 0; s[i] && i < 8; i++)
        id[i] = ascii_to_ebcdic[(unsigned char)s[i]];
}

/* A user with the defaults compile gives, and its tables' slices. */
static struct dir_user user(const char *id, uint16_t first_mdisk, uint16_t nmdisks, uint16_t first_link,
                            uint16_t nlinks)
{
    struct dir_user u = {.storage = 1 << 20, .share = 100, .classes = DIR_CLASS_G, .console = 0x009,
                         .terminal = DIR_NONE, .reader = DIR_NONE, .punch = DIR_NONE, .printer = DIR_NONE,
                         .ipl = DIR_NONE, .first_mdisk = first_mdisk, .nmdisks = nmdisks,
                         .first_link = first_link, .nlinks = nlinks};
    built_ebc_id(id, u.userid);
    return u;
}

/* An IPL parameter from ASCII, in EBCDIC, zero padded. */
void built_ebc_parm(const char *s, uint8_t parm[DIR_PARM_LEN])
{
    memset(parm, 0, DIR_PARM_LEN);
    for (size_t i = 0; s[i] && i < DIR_PARM_LEN; i++)
        parm[i] = ascii_to_ebcdic[(unsigned char)s[i]];
}

/* OPERATOR (class A-G, terminal 009, autolog), MAINT (190 R on 190),
 * ALICE (191 W on 300, link 190 to MAINT 190 R, spool, 181 dedicated on
 * 580, ipl 190 parm "Hog 50"), BOB (191 W on 300 after ALICE's, 192 R on
 * 190, 00C dedicated on 01C, terminals 020 on 030 and 021 on none). */
void built_good(struct built *b)
{
    memset(b, 0, sizeof *b);
    b->h = (struct dir_header){.magic = DIR_MAGIC, .version = DIR_VERSION, .nusers = 4, .nmdisks = 4, .nlinks = 1,
                               .ndedicates = 2, .nterminals = 2};
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
    built_ebc_parm("Hog 50", b->u[2].ipl_parm);
    b->u[2].first_dedicate = 0;
    b->u[2].ndedicates = 1;
    b->u[3] = user("BOB", 2, 2, 1, 0);
    b->u[3].first_dedicate = 1;
    b->u[3].ndedicates = 1;
    b->u[3].first_terminal = 0;
    b->u[3].nterminals = 2;
    b->m[0] = (struct dir_mdisk){.vaddr = 0x190, .rdev = 0x190, .start = 0, .blocks = 4096, .mode = DIR_MODE_R};
    b->m[1] = (struct dir_mdisk){.vaddr = 0x191, .rdev = 0x300, .start = 0, .blocks = 2048, .mode = DIR_MODE_W};
    b->m[2] = (struct dir_mdisk){.vaddr = 0x191, .rdev = 0x300, .start = 2048, .blocks = 2048, .mode = DIR_MODE_W};
    b->m[3] = (struct dir_mdisk){.vaddr = 0x192, .rdev = 0x190, .start = 0, .blocks = 100, .mode = DIR_MODE_R};
    b->l[0] = (struct dir_link){.vaddr = 0x190, .target_vaddr = 0x190, .mode = DIR_MODE_R};
    built_ebc_id("MAINT", b->l[0].owner);
    b->d[0] = (struct dir_dedicate){.vaddr = 0x181, .rdev = 0x580};
    b->d[1] = (struct dir_dedicate){.vaddr = 0x00C, .rdev = 0x01C};
    b->t[0] = (struct dir_terminal){.vaddr = 0x020, .rdev = 0x030};
    b->t[1] = (struct dir_terminal){.vaddr = 0x021, .rdev = DIR_NONE};
}

/* Encode b's entries as its header counts them. */
void built_encode(struct built *b)
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
    for (uint32_t i = 0; i < b->h.nterminals && i < 4; i++, p += DIR_TERMINAL_SIZE)
        dir_encode_terminal(&b->t[i], p);
    b->len = (uint32_t)(p - b->bytes);
}

