/* directory.c: CP's user directory (directory.h): encoding and decoding
 * its entries, and checking a whole compiled directory.
 *
 * Design note. Compiled twice, like the CMS file system: into CP with
 * the guest toolchain, which checks the directory it reads at IPL, and
 * into creasy, whose `creasy directory` writes and shows it. Freestanding: no libc
 * beyond memcpy/memset/memcmp, no state, no allocation. Every field is
 * encoded a byte at a time, big-endian (cms/codec.h, shared with the CMS
 * file system), at the offsets below, so both builds write the same
 * bytes; every byte of a directory is a number (userids are EBCDIC,
 * checked against EBCDIC codes, never literals).
 *
 * dir_check's reasons are built into the caller's buffer by say(), a
 * tiny formatter. Its text is the compiler's literals, so EBCDIC in CP
 * and ASCII on the host; a userid in a reason is shown by mapping its
 * EBCDIC bytes onto the same literals ("ABC..."), so the whole message
 * is in one character set in either build.
 *
 * dir_check works straight off the bytes, entry by entry; its pairwise
 * checks (unique userids, distinct addresses, overlapping minidisks,
 * dedicated real devices used elsewhere, real terminals used twice) are
 * quadratic but bounded by DIR_MAX_*, and run once at IPL.
 *
 * Version 3 added the terminal table (3215s beside a user's console, for
 * a CP it runs): the header's count and a user's range of it took
 * reserved bytes, so every other offset is version 2's.
 */
#include <stdarg.h>
#include <stddef.h>

#include "codec.h"
#include "directory.h"

/* struct dir_header on disk */
enum { H_MAGIC = 0, H_VERSION = 4, H_NUSERS = 8, H_NMDISKS = 12, H_NLINKS = 16, H_NDEDICATES = 20, H_NTERMINALS = 24,
       H_RESERVED = 28 };
/* struct dir_user on disk */
enum {
    U_USERID = 0, U_STORAGE = 8, U_SHARE = 12, U_CLASSES = 16, U_FLAGS = 20, U_CONSOLE = 24, U_TERMINAL = 26,
    U_READER = 28, U_PUNCH = 30, U_PRINTER = 32, U_IPL = 34, U_FIRST_MDISK = 36, U_NMDISKS = 38,
    U_FIRST_LINK = 40, U_NLINKS = 42, U_FIRST_DEDICATE = 44, U_NDEDICATES = 46, U_IPL_PARM = 48,
    U_FIRST_TERMINAL = U_IPL_PARM + DIR_PARM_LEN, U_NTERMINALS = U_FIRST_TERMINAL + 2, U_RESERVED = U_NTERMINALS + 2
};
/* struct dir_mdisk on disk */
enum { M_VADDR = 0, M_RDEV = 2, M_START = 4, M_BLOCKS = 8, M_MODE = 12, M_RESERVED = 13 };
/* struct dir_link on disk */
enum { L_VADDR = 0, L_TARGET = 2, L_OWNER = 4, L_MODE = 12, L_RESERVED = 13 };
/* struct dir_dedicate on disk */
enum { D_VADDR = 0, D_RDEV = 2, D_RESERVED = 4 };
/* struct dir_terminal on disk */
enum { T_VADDR = 0, T_RDEV = 2, T_RESERVED = 4 };

#define MAX_ADDR 0xFFFu
#define STORAGE_UNIT 0x10000u                 /* 64K */
#define MAX_STORAGE (0x80000000u - STORAGE_UNIT)
#define MAX_SHARE 10000u
#define ALL_CLASSES 0xFFu                     /* A..H */

/* ---- encoding ------------------------------------------------------------------- */

void dir_encode_header(const struct dir_header *h, uint8_t *p)
{
    codec_put32(p + H_MAGIC, h->magic);
    codec_put32(p + H_VERSION, h->version);
    codec_put32(p + H_NUSERS, h->nusers);
    codec_put32(p + H_NMDISKS, h->nmdisks);
    codec_put32(p + H_NLINKS, h->nlinks);
    codec_put32(p + H_NDEDICATES, h->ndedicates);
    codec_put32(p + H_NTERMINALS, h->nterminals);
    memcpy(p + H_RESERVED, h->reserved, sizeof h->reserved);
}

void dir_decode_header(struct dir_header *h, const uint8_t *p)
{
    h->magic = codec_get32(p + H_MAGIC);
    h->version = codec_get32(p + H_VERSION);
    h->nusers = codec_get32(p + H_NUSERS);
    h->nmdisks = codec_get32(p + H_NMDISKS);
    h->nlinks = codec_get32(p + H_NLINKS);
    h->ndedicates = codec_get32(p + H_NDEDICATES);
    h->nterminals = codec_get32(p + H_NTERMINALS);
    memcpy(h->reserved, p + H_RESERVED, sizeof h->reserved);
}

void dir_encode_user(const struct dir_user *u, uint8_t *p)
{
    memcpy(p + U_USERID, u->userid, 8);
    codec_put32(p + U_STORAGE, u->storage);
    codec_put32(p + U_SHARE, u->share);
    codec_put32(p + U_CLASSES, u->classes);
    codec_put32(p + U_FLAGS, u->flags);
    codec_put16(p + U_CONSOLE, u->console);
    codec_put16(p + U_TERMINAL, u->terminal);
    codec_put16(p + U_READER, u->reader);
    codec_put16(p + U_PUNCH, u->punch);
    codec_put16(p + U_PRINTER, u->printer);
    codec_put16(p + U_IPL, u->ipl);
    codec_put16(p + U_FIRST_MDISK, u->first_mdisk);
    codec_put16(p + U_NMDISKS, u->nmdisks);
    codec_put16(p + U_FIRST_LINK, u->first_link);
    codec_put16(p + U_NLINKS, u->nlinks);
    codec_put16(p + U_FIRST_DEDICATE, u->first_dedicate);
    codec_put16(p + U_NDEDICATES, u->ndedicates);
    memcpy(p + U_IPL_PARM, u->ipl_parm, DIR_PARM_LEN);
    codec_put16(p + U_FIRST_TERMINAL, u->first_terminal);
    codec_put16(p + U_NTERMINALS, u->nterminals);
    memcpy(p + U_RESERVED, u->reserved, sizeof u->reserved);
}

void dir_decode_user(struct dir_user *u, const uint8_t *p)
{
    memcpy(u->userid, p + U_USERID, 8);
    u->storage = codec_get32(p + U_STORAGE);
    u->share = codec_get32(p + U_SHARE);
    u->classes = codec_get32(p + U_CLASSES);
    u->flags = codec_get32(p + U_FLAGS);
    u->console = codec_get16(p + U_CONSOLE);
    u->terminal = codec_get16(p + U_TERMINAL);
    u->reader = codec_get16(p + U_READER);
    u->punch = codec_get16(p + U_PUNCH);
    u->printer = codec_get16(p + U_PRINTER);
    u->ipl = codec_get16(p + U_IPL);
    u->first_mdisk = codec_get16(p + U_FIRST_MDISK);
    u->nmdisks = codec_get16(p + U_NMDISKS);
    u->first_link = codec_get16(p + U_FIRST_LINK);
    u->nlinks = codec_get16(p + U_NLINKS);
    u->first_dedicate = codec_get16(p + U_FIRST_DEDICATE);
    u->ndedicates = codec_get16(p + U_NDEDICATES);
    memcpy(u->ipl_parm, p + U_IPL_PARM, DIR_PARM_LEN);
    u->first_terminal = codec_get16(p + U_FIRST_TERMINAL);
    u->nterminals = codec_get16(p + U_NTERMINALS);
    memcpy(u->reserved, p + U_RESERVED, sizeof u->reserved);
}

void dir_encode_mdisk(const struct dir_mdisk *m, uint8_t *p)
{
    codec_put16(p + M_VADDR, m->vaddr);
    codec_put16(p + M_RDEV, m->rdev);
    codec_put32(p + M_START, m->start);
    codec_put32(p + M_BLOCKS, m->blocks);
    p[M_MODE] = m->mode;
    memcpy(p + M_RESERVED, m->reserved, sizeof m->reserved);
}

void dir_decode_mdisk(struct dir_mdisk *m, const uint8_t *p)
{
    m->vaddr = codec_get16(p + M_VADDR);
    m->rdev = codec_get16(p + M_RDEV);
    m->start = codec_get32(p + M_START);
    m->blocks = codec_get32(p + M_BLOCKS);
    m->mode = p[M_MODE];
    memcpy(m->reserved, p + M_RESERVED, sizeof m->reserved);
}

void dir_encode_link(const struct dir_link *l, uint8_t *p)
{
    codec_put16(p + L_VADDR, l->vaddr);
    codec_put16(p + L_TARGET, l->target_vaddr);
    memcpy(p + L_OWNER, l->owner, 8);
    p[L_MODE] = l->mode;
    memcpy(p + L_RESERVED, l->reserved, sizeof l->reserved);
}

void dir_decode_link(struct dir_link *l, const uint8_t *p)
{
    l->vaddr = codec_get16(p + L_VADDR);
    l->target_vaddr = codec_get16(p + L_TARGET);
    memcpy(l->owner, p + L_OWNER, 8);
    l->mode = p[L_MODE];
    memcpy(l->reserved, p + L_RESERVED, sizeof l->reserved);
}

void dir_encode_dedicate(const struct dir_dedicate *d, uint8_t *p)
{
    codec_put16(p + D_VADDR, d->vaddr);
    codec_put16(p + D_RDEV, d->rdev);
    memcpy(p + D_RESERVED, d->reserved, sizeof d->reserved);
}

void dir_decode_dedicate(struct dir_dedicate *d, const uint8_t *p)
{
    d->vaddr = codec_get16(p + D_VADDR);
    d->rdev = codec_get16(p + D_RDEV);
    memcpy(d->reserved, p + D_RESERVED, sizeof d->reserved);
}

void dir_encode_terminal(const struct dir_terminal *t, uint8_t *p)
{
    codec_put16(p + T_VADDR, t->vaddr);
    codec_put16(p + T_RDEV, t->rdev);
    memcpy(p + T_RESERVED, t->reserved, sizeof t->reserved);
}

void dir_decode_terminal(struct dir_terminal *t, const uint8_t *p)
{
    t->vaddr = codec_get16(p + T_VADDR);
    t->rdev = codec_get16(p + T_RDEV);
    memcpy(t->reserved, p + T_RESERVED, sizeof t->reserved);
}

/* ---- reasons ---------------------------------------------------------------------- */

/* The characters of a userid, as EBCDIC codes and as this build's literals. */
static const uint8_t id_ebcdic[] = {
    0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9,   /* A-I */
    0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9,   /* J-R */
    0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9,         /* S-Z */
    0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9,
    0x5B, 0x7B, 0x7C,                                       /* $ # @ */
};
static const char id_text[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789$#@?";
#define ID_CHARS (sizeof id_ebcdic)
static const char hex_text[] = "0123456789ABCDEF";

/* Index of EBCDIC byte c among the userid characters, or ID_CHARS. */
static unsigned id_index(uint8_t c)
{
    unsigned i = 0;
    while (i < ID_CHARS && id_ebcdic[i] != c)
        i++;
    return i;
}

static void put(char *why, unsigned *n, char c)
{
    if (*n < DIR_WHY_SIZE - 1)
        why[(*n)++] = c;
}

/* Format into why: %s a string, %x a device address (3 hex digits at
 * least), %d an unsigned decimal, %u a userid (8 EBCDIC bytes). Returns
 * why, for `return say(...)`. */
static const char *say(char *why, const char *fmt, ...)
{
    va_list ap;
    unsigned n = 0;
    va_start(ap, fmt);
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            put(why, &n, *f);
            continue;
        }
        f++;
        if (*f == 's') {
            for (const char *s = va_arg(ap, const char *); *s; s++)
                put(why, &n, *s);
        } else if (*f == 'x' || *f == 'd') {
            uint32_t v = va_arg(ap, uint32_t), base = *f == 'x' ? 16 : 10;
            char digits[10];
            int k = 0;
            do {
                digits[k++] = hex_text[v % base];
                v /= base;
            } while (v);
            while (*f == 'x' && k < 3)
                digits[k++] = hex_text[0];
            while (k)
                put(why, &n, digits[--k]);
        } else if (*f == 'u') {
            const uint8_t *id = va_arg(ap, const uint8_t *);
            for (int i = 0; i < 8 && id[i] != EBCDIC_BLANK; i++)
                put(why, &n, id_text[id_index(id[i])]);
        } else {
            break;
        }
    }
    va_end(ap);
    why[n] = 0;
    return why;
}

/* ---- checking ------------------------------------------------------------------------ */

/* A directory's bytes, with its header decoded. */
struct dir {
    const uint8_t *p;
    struct dir_header h;
};

static const uint8_t *user_at(const struct dir *d, uint32_t i) { return d->p + DIR_HEADER_SIZE + i * DIR_USER_SIZE; }
static const uint8_t *mdisk_at(const struct dir *d, uint32_t i)
{
    return d->p + DIR_HEADER_SIZE + d->h.nusers * DIR_USER_SIZE + i * DIR_MDISK_SIZE;
}
static const uint8_t *link_at(const struct dir *d, uint32_t i)
{
    return d->p + DIR_HEADER_SIZE + d->h.nusers * DIR_USER_SIZE + d->h.nmdisks * DIR_MDISK_SIZE +
           i * DIR_LINK_SIZE;
}
static const uint8_t *dedicate_at(const struct dir *d, uint32_t i)
{
    return d->p + DIR_HEADER_SIZE + d->h.nusers * DIR_USER_SIZE + d->h.nmdisks * DIR_MDISK_SIZE +
           d->h.nlinks * DIR_LINK_SIZE + i * DIR_DEDICATE_SIZE;
}
static const uint8_t *terminal_at(const struct dir *d, uint32_t i)
{
    return dedicate_at(d, d->h.ndedicates) + i * DIR_TERMINAL_SIZE;
}

/* 1-8 of A-Z 0-9 $ # @, not starting with a digit, blank padded. */
static int valid_userid(const uint8_t id[8])
{
    int i = 0;
    while (i < 8 && id[i] != EBCDIC_BLANK) {
        uint8_t c = id[i];
        if (!(codec_letter(c) || codec_digit(c) || codec_national(c)) || (i == 0 && codec_digit(c)))
            return 0;
        i++;
    }
    if (i == 0)
        return 0;
    while (i < 8)
        if (id[i++] != EBCDIC_BLANK)
            return 0;
    return 1;
}

/* The user whose userid is `id`, or -1. */
static int find_user(const struct dir *d, const uint8_t id[8])
{
    for (uint32_t i = 0; i < d->h.nusers; i++)
        if (!memcmp(user_at(d, i) + U_USERID, id, 8))
            return (int)i;
    return -1;
}

/* The user owning entry k of the table whose ranges are at off_first and
 * off_n in a user (the tables are checked by then). */
static const uint8_t *owner_of(const struct dir *d, uint32_t k, int off_first, int off_n)
{
    for (uint32_t i = 0; i < d->h.nusers; i++) {
        const uint8_t *u = user_at(d, i);
        if (k >= codec_get16(u + off_first) && k < (uint32_t)codec_get16(u + off_first) + codec_get16(u + off_n))
            return u;
    }
    return user_at(d, 0);
}
static const uint8_t *mdisk_owner(const struct dir *d, uint32_t m) { return owner_of(d, m, U_FIRST_MDISK, U_NMDISKS); }

/* The k-th virtual device address of user u: console, reader, punch,
 * printer, then its minidisks, its links, its dedicated devices, its
 * terminals. DIR_NONE for an absent spool device. */
static uint32_t nth_addr(const struct dir *d, const struct dir_user *u, uint32_t k)
{
    switch (k) {
    case 0: return u->console;
    case 1: return u->reader;
    case 2: return u->punch;
    case 3: return u->printer;
    }
    k -= 4;
    if (k < u->nmdisks)
        return codec_get16(mdisk_at(d, u->first_mdisk + k) + M_VADDR);
    k -= u->nmdisks;
    if (k < u->nlinks)
        return codec_get16(link_at(d, u->first_link + k) + L_VADDR);
    k -= u->nlinks;
    if (k < u->ndedicates)
        return codec_get16(dedicate_at(d, u->first_dedicate + k) + D_VADDR);
    return codec_get16(terminal_at(d, u->first_terminal + k - u->ndedicates) + T_VADDR);
}

/* Range [first, first + n) of a table of `total`, as none of the earlier
 * users' ranges: 0, or the earlier user's index + 1. */
static uint32_t range_shared(const struct dir *d, uint32_t i, int off_first, int off_n)
{
    const uint8_t *u = user_at(d, i);
    uint32_t first = codec_get16(u + off_first), n = codec_get16(u + off_n);
    for (uint32_t j = 0; n && j < i; j++) {
        const uint8_t *o = user_at(d, j);
        uint32_t ofirst = codec_get16(o + off_first), on = codec_get16(o + off_n);
        if (on && first < ofirst + on && ofirst < first + n)
            return j + 1;
    }
    return 0;
}

/* A user's own fields and its table ranges. */
static const char *check_user(const struct dir *d, uint32_t i, char *why)
{
    struct dir_user u;
    dir_decode_user(&u, user_at(d, i));
    const uint8_t *id = u.userid;
    if (!valid_userid(id))
        return say(why, "user entry %d: bad userid", i);
    for (uint32_t j = 0; j < i; j++)
        if (!memcmp(user_at(d, j) + U_USERID, id, 8))
            return say(why, "user %u: defined twice (entries %d and %d)", id, j, i);
    if (u.storage == 0 || u.storage % STORAGE_UNIT || u.storage > MAX_STORAGE)
        return say(why, "user %u: storage %d is not a multiple of 64K from 64K to 2G-64K", id, u.storage);
    if (u.share < 1 || u.share > MAX_SHARE)
        return say(why, "user %u: share %d is not 1 to 10000", id, u.share);
    if (u.classes == 0 || u.classes & ~ALL_CLASSES)
        return say(why, "user %u: classes must be some of A to H", id);
    if (u.flags & ~(DIR_AUTOLOG | DIR_SIE | DIR_BT))
        return say(why, "user %u: unknown flags", id);
    if (u.flags & DIR_SIE && u.flags & DIR_BT)
        return say(why, "user %u: sie and bt mode both", id);
    if (u.console > MAX_ADDR)
        return say(why, "user %u: console %x is not a device address", id, u.console);
    if (u.terminal > MAX_ADDR && u.terminal != DIR_NONE)
        return say(why, "user %u: terminal %x is not a device address", id, u.terminal);
    const uint16_t spool[3] = {u.reader, u.punch, u.printer};
    for (int k = 0; k < 3; k++)
        if (spool[k] > MAX_ADDR && spool[k] != DIR_NONE)
            return say(why, "user %u: spool device %x is not a device address", id, spool[k]);
    if (u.ipl > MAX_ADDR && u.ipl != DIR_NONE)
        return say(why, "user %u: ipl %x is not a device address", id, u.ipl);
    int k = 0;
    while (k < DIR_PARM_LEN && u.ipl_parm[k])
        k++;
    if (k && u.ipl == DIR_NONE)
        return say(why, "user %u: an ipl parm without an ipl device", id);
    while (k < DIR_PARM_LEN)
        if (u.ipl_parm[k++])
            return say(why, "user %u: ipl parm is not zero padded", id);
    if ((uint32_t)u.first_mdisk + u.nmdisks > d->h.nmdisks)
        return say(why, "user %u: minidisks %d to %d lie outside the table of %d", id, u.first_mdisk,
                   u.first_mdisk + u.nmdisks - 1, d->h.nmdisks);
    if ((uint32_t)u.first_link + u.nlinks > d->h.nlinks)
        return say(why, "user %u: links %d to %d lie outside the table of %d", id, u.first_link,
                   u.first_link + u.nlinks - 1, d->h.nlinks);
    if ((uint32_t)u.first_dedicate + u.ndedicates > d->h.ndedicates)
        return say(why, "user %u: dedicated devices %d to %d lie outside the table of %d", id, u.first_dedicate,
                   u.first_dedicate + u.ndedicates - 1, d->h.ndedicates);
    if (u.nterminals > DIR_MAX_USER_TERMINALS)
        return say(why, "user %u: %d terminals, more than %d", id, u.nterminals, DIR_MAX_USER_TERMINALS);
    if ((uint32_t)u.first_terminal + u.nterminals > d->h.nterminals)
        return say(why, "user %u: terminals %d to %d lie outside the table of %d", id, u.first_terminal,
                   u.first_terminal + u.nterminals - 1, d->h.nterminals);
    uint32_t j;
    if ((j = range_shared(d, i, U_FIRST_MDISK, U_NMDISKS)))
        return say(why, "user %u: minidisk entries shared with user %u", id, user_at(d, j - 1) + U_USERID);
    if ((j = range_shared(d, i, U_FIRST_LINK, U_NLINKS)))
        return say(why, "user %u: link entries shared with user %u", id, user_at(d, j - 1) + U_USERID);
    if ((j = range_shared(d, i, U_FIRST_DEDICATE, U_NDEDICATES)))
        return say(why, "user %u: dedicated device entries shared with user %u", id, user_at(d, j - 1) + U_USERID);
    if ((j = range_shared(d, i, U_FIRST_TERMINAL, U_NTERMINALS)))
        return say(why, "user %u: terminal entries shared with user %u", id, user_at(d, j - 1) + U_USERID);
    return NULL;
}

/* A user's minidisks, links, dedicated devices, device addresses and ipl
 * (every user's own fields are checked by then). */
static const char *check_devices(const struct dir *d, uint32_t i, char *why)
{
    struct dir_user u;
    dir_decode_user(&u, user_at(d, i));
    const uint8_t *id = u.userid;
    for (uint32_t k = 0; k < u.nmdisks; k++) {
        struct dir_mdisk m;
        dir_decode_mdisk(&m, mdisk_at(d, u.first_mdisk + k));
        if (m.vaddr > MAX_ADDR)
            return say(why, "user %u: minidisk address %x is not a device address", id, m.vaddr);
        if (m.rdev > MAX_ADDR)
            return say(why, "user %u: minidisk %x: real device %x is not a device address", id, m.vaddr, m.rdev);
        if (m.blocks == 0 || (uint64_t)m.start + m.blocks > 0x100000000ull)
            return say(why, "user %u: minidisk %x: bad extent", id, m.vaddr);
        if (m.mode != DIR_MODE_R && m.mode != DIR_MODE_W && m.mode != DIR_MODE_MW)
            return say(why, "user %u: minidisk %x: bad mode", id, m.vaddr);
    }
    for (uint32_t k = 0; k < u.nlinks; k++) {
        struct dir_link l;
        dir_decode_link(&l, link_at(d, u.first_link + k));
        if (l.vaddr > MAX_ADDR)
            return say(why, "user %u: link address %x is not a device address", id, l.vaddr);
        if (l.mode != DIR_MODE_R && l.mode != DIR_MODE_W)
            return say(why, "user %u: link %x: bad mode", id, l.vaddr);
        int o = find_user(d, l.owner);
        if (o < 0)
            return say(why, "user %u: link %x names no user", id, l.vaddr);
        struct dir_user ou;
        dir_decode_user(&ou, user_at(d, (uint32_t)o));
        int found = 0;
        for (uint32_t m = 0; m < ou.nmdisks && !found; m++) {
            const uint8_t *mp = mdisk_at(d, ou.first_mdisk + m);
            if (codec_get16(mp + M_VADDR) == l.target_vaddr) {
                found = 1;
                if (l.mode == DIR_MODE_W && mp[M_MODE] == DIR_MODE_R)
                    return say(why, "user %u: link %x is W to read-only minidisk %x of %u", id, l.vaddr,
                               l.target_vaddr, l.owner);
            }
        }
        if (!found)
            return say(why, "user %u: link %x names no minidisk %x of %u", id, l.vaddr, l.target_vaddr, l.owner);
    }
    for (uint32_t k = 0; k < u.ndedicates; k++) {
        struct dir_dedicate e;
        dir_decode_dedicate(&e, dedicate_at(d, u.first_dedicate + k));
        if (e.vaddr > MAX_ADDR)
            return say(why, "user %u: dedicated address %x is not a device address", id, e.vaddr);
        if (e.rdev > MAX_ADDR)
            return say(why, "user %u: dedicated %x: real device %x is not a device address", id, e.vaddr, e.rdev);
    }
    for (uint32_t k = 0; k < u.nterminals; k++) {
        struct dir_terminal e;
        dir_decode_terminal(&e, terminal_at(d, u.first_terminal + k));
        if (e.vaddr > MAX_ADDR)
            return say(why, "user %u: terminal address %x is not a device address", id, e.vaddr);
        if (e.rdev > MAX_ADDR && e.rdev != DIR_NONE)
            return say(why, "user %u: terminal %x: real terminal %x is not a device address", id, e.vaddr, e.rdev);
    }
    uint32_t naddr = 4 + (uint32_t)u.nmdisks + u.nlinks + u.ndedicates + u.nterminals;
    int ipl_found = u.ipl == DIR_NONE;
    for (uint32_t k = 0; k < naddr; k++) {
        uint32_t a = nth_addr(d, &u, k);
        if (a == DIR_NONE)
            continue;
        if (a == u.ipl)
            ipl_found = 1;
        for (uint32_t j = 0; j < k; j++)
            if (nth_addr(d, &u, j) == a)
                return say(why, "user %u: device address %x used twice", id, a);
    }
    if (!ipl_found)
        return say(why, "user %u: ipl %x names none of its devices", id, u.ipl);
    return NULL;
}

/* No two read-write minidisks share a block of a real device. */
static const char *check_overlaps(const struct dir *d, char *why)
{
    for (uint32_t j = 1; j < d->h.nmdisks; j++) {
        struct dir_mdisk b;
        dir_decode_mdisk(&b, mdisk_at(d, j));
        if (b.mode == DIR_MODE_R)
            continue;
        for (uint32_t i = 0; i < j; i++) {
            struct dir_mdisk a;
            if (mdisk_at(d, i)[M_MODE] == DIR_MODE_R)
                continue;
            dir_decode_mdisk(&a, mdisk_at(d, i));
            if (a.rdev == b.rdev && (uint64_t)a.start + a.blocks > b.start &&
                (uint64_t)b.start + b.blocks > a.start)
                return say(why, "user %u: minidisk %x overlaps read-write minidisk %x of %u on real device %x",
                           mdisk_owner(d, j) + U_USERID, b.vaddr, a.vaddr, mdisk_owner(d, i) + U_USERID, b.rdev);
        }
    }
    return NULL;
}

/* The k-th real terminal of the directory: the users' consoles' (k <
 * nusers), then the terminal table's; DIR_NONE for none. */
static uint32_t real_terminal(const struct dir *d, uint32_t k)
{
    if (k < d->h.nusers)
        return codec_get16(user_at(d, k) + U_TERMINAL);
    return codec_get16(terminal_at(d, k - d->h.nusers) + T_RDEV);
}

/* ... and whose it is: its user's userid. */
static const uint8_t *real_terminal_user(const struct dir *d, uint32_t k)
{
    if (k < d->h.nusers)
        return user_at(d, k) + U_USERID;
    return owner_of(d, k - d->h.nusers, U_FIRST_TERMINAL, U_NTERMINALS) + U_USERID;
}

/* No real terminal serves two virtual devices (two consoles, a console
 * and a terminal, two terminals). */
static const char *check_terminals(const struct dir *d, char *why)
{
    uint32_t n = d->h.nusers + d->h.nterminals;
    for (uint32_t k = 1; k < n; k++) {
        uint32_t t = real_terminal(d, k);
        for (uint32_t j = 0; t != DIR_NONE && j < k; j++)
            if (real_terminal(d, j) == t)
                return say(why, "user %u: terminal %x is also user %u's", real_terminal_user(d, k), t,
                           real_terminal_user(d, j));
    }
    return NULL;
}

/* A dedicated real device is nobody else's: dedicated once, and no
 * user's minidisk lies on it or has it as a terminal (the entries are
 * checked by then). */
static const char *check_dedicates(const struct dir *d, char *why)
{
    for (uint32_t j = 0; j < d->h.ndedicates; j++) {
        struct dir_dedicate e;
        dir_decode_dedicate(&e, dedicate_at(d, j));
        const uint8_t *id = owner_of(d, j, U_FIRST_DEDICATE, U_NDEDICATES) + U_USERID;
        for (uint32_t i = 0; i < j; i++)
            if (codec_get16(dedicate_at(d, i) + D_RDEV) == e.rdev)
                return say(why, "user %u: dedicated %x: real device %x is also dedicated to user %u", id, e.vaddr,
                           e.rdev, owner_of(d, i, U_FIRST_DEDICATE, U_NDEDICATES) + U_USERID);
        for (uint32_t m = 0; m < d->h.nmdisks; m++)
            if (codec_get16(mdisk_at(d, m) + M_RDEV) == e.rdev)
                return say(why, "user %u: dedicated %x: real device %x holds minidisk %x of %u", id, e.vaddr, e.rdev,
                           codec_get16(mdisk_at(d, m) + M_VADDR), mdisk_owner(d, m) + U_USERID);
        for (uint32_t i = 0; i < d->h.nusers + d->h.nterminals; i++)
            if (real_terminal(d, i) == e.rdev)
                return say(why, "user %u: dedicated %x: real device %x is user %u's terminal", id, e.vaddr, e.rdev,
                           real_terminal_user(d, i));
    }
    return NULL;
}

const char *dir_check(const uint8_t *p, uint32_t len, char why[DIR_WHY_SIZE])
{
    struct dir d = {.p = p};
    const char *bad;
    if (len < DIR_HEADER_SIZE)
        return say(why, "%d bytes is shorter than a directory header", len);
    dir_decode_header(&d.h, p);
    if (d.h.magic != DIR_MAGIC)
        return say(why, "not a compiled directory (bad magic)");
    if (d.h.version != DIR_VERSION)
        return say(why, "directory version %d, not %d", d.h.version, DIR_VERSION);
    if (d.h.nusers > DIR_MAX_USERS || d.h.nmdisks > DIR_MAX_MDISKS || d.h.nlinks > DIR_MAX_LINKS ||
        d.h.ndedicates > DIR_MAX_DEDICATES)
        return say(why, "%d users, %d minidisks, %d links, %d dedicated: more than %d, %d, %d, %d", d.h.nusers,
                   d.h.nmdisks, d.h.nlinks, d.h.ndedicates, DIR_MAX_USERS, DIR_MAX_MDISKS, DIR_MAX_LINKS,
                   DIR_MAX_DEDICATES);
    if (d.h.nterminals > DIR_MAX_TERMINALS)
        return say(why, "%d terminals: more than %d", d.h.nterminals, DIR_MAX_TERMINALS);
    uint32_t want = DIR_HEADER_SIZE + d.h.nusers * DIR_USER_SIZE + d.h.nmdisks * DIR_MDISK_SIZE +
                    d.h.nlinks * DIR_LINK_SIZE + d.h.ndedicates * DIR_DEDICATE_SIZE +
                    d.h.nterminals * DIR_TERMINAL_SIZE;
    if (len != want)
        return say(why, "%d bytes, but its header's counts make %d", len, want);
    uint32_t mdisks = 0, links = 0, dedicates = 0, terminals = 0;
    for (uint32_t i = 0; i < d.h.nusers; i++) {
        if ((bad = check_user(&d, i, why)))
            return bad;
        mdisks += codec_get16(user_at(&d, i) + U_NMDISKS);
        links += codec_get16(user_at(&d, i) + U_NLINKS);
        dedicates += codec_get16(user_at(&d, i) + U_NDEDICATES);
        terminals += codec_get16(user_at(&d, i) + U_NTERMINALS);
    }
    if (mdisks != d.h.nmdisks)
        return say(why, "%d minidisk entries belong to no user", d.h.nmdisks - mdisks);
    if (links != d.h.nlinks)
        return say(why, "%d link entries belong to no user", d.h.nlinks - links);
    if (dedicates != d.h.ndedicates)
        return say(why, "%d dedicated device entries belong to no user", d.h.ndedicates - dedicates);
    if (terminals != d.h.nterminals)
        return say(why, "%d terminal entries belong to no user", d.h.nterminals - terminals);
    for (uint32_t i = 0; i < d.h.nusers; i++)
        if ((bad = check_devices(&d, i, why)))
            return bad;
    if ((bad = check_overlaps(&d, why)) || (bad = check_dedicates(&d, why)) || (bad = check_terminals(&d, why)))
        return bad;
    return NULL;
}
