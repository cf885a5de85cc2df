/* directory_cmd.c: `creasy directory`, the compiler for CP's user
 * directory (cp/directory.h, docs/directory.md).
 *
 *   creasy directory compile DIR.yaml OUT   YAML in, the binary form out
 *   creasy directory show FILE              print a compiled directory
 *
 * Design note. compile reads the whole YAML document (yaml_doc.c, so
 * every node keeps its line), checks it entry by entry into the
 * decoded structs of directory.h, then checks what needs every user
 * (links, overlapping minidisks), encodes it with cp/directory.c (the
 * code CP runs) and checks the bytes with dir_check as CP will at IPL:
 * if that fails the compiler is wrong, an internal error. Only then is
 * OUT written: a regular file through OUT.tmp (made new, never someone
 * else's) and a rename, so a failure leaves no OUT (or the old one);
 * a device node or a symbolic link is written in place and never
 * replaced (hostfile.h). show decodes with the same code after dir_check.
 *
 * Clashes between users (a terminal, a dedicated real device used again)
 * are checked as the entries are read, so they are reported at the later
 * one.
 *
 * Names are ASCII in the YAML, any case; they become upper-case EBCDIC.
 * The IPL parameter becomes EBCDIC as written (CMS upper-cases it).
 * dir_check's reasons come back in ASCII on the host (see directory.c).
 *
 * Errors: `creasy directory: FILE:LINE: reason` for the YAML (LINE is the
 * offending node's), `creasy directory: FILE: reason` otherwise; exit 1
 * for a bad directory or failed I/O, 2 for bad usage.
 *
 * How to add a key: a row in the key table of its mapping (user_keys,
 * console_keys, ...), and its case in the matching read_*().
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "channel.h"
#include "commands.h"
#include "directory.h"
#include "hostfile.h"
#include "options.h"
#include "tool_msg.h"
#include "yaml_doc.h"

#define DEFAULT_SHARE 100
#define DEFAULT_CLASSES DIR_CLASS_G
/* a user's devices at most */
#define MAX_ADDRS (4 + DIR_MAX_MDISKS + DIR_MAX_LINKS + DIR_MAX_DEDICATES + DIR_MAX_USER_TERMINALS)
#define MAX_BYTES (DIR_HEADER_SIZE + DIR_MAX_USERS * DIR_USER_SIZE + DIR_MAX_MDISKS * DIR_MDISK_SIZE + \
                   DIR_MAX_LINKS * DIR_LINK_SIZE + DIR_MAX_DEDICATES * DIR_DEDICATE_SIZE +          \
                   DIR_MAX_TERMINALS * DIR_TERMINAL_SIZE)
#define EBCDIC_BLANK 0x40

/* Where each entry came from, for messages. */
struct user_src {
    char id[9];                   /* ASCII, upper case */
    int line, terminal_line;
};
struct mdisk_src {
    int line;
};
struct link_src {
    int user_line, target_line, mode_line;
};
struct dedicate_src {
    u32 user;                     /* its user's index */
    int rdev_line;
};
struct terminal_src {
    u32 user;                     /* its user's index */
    int rdev_line;
};

struct loader {
    struct yaml_doc y;            /* named the YAML file; the first error in err */
    char err[512];
    u32 nusers, nmdisks, nlinks, ndedicates, nterminals;
    struct dir_user users[DIR_MAX_USERS];
    struct user_src usrc[DIR_MAX_USERS];
    struct dir_mdisk mdisks[DIR_MAX_MDISKS];
    struct mdisk_src msrc[DIR_MAX_MDISKS];
    struct dir_link links[DIR_MAX_LINKS];
    struct link_src lsrc[DIR_MAX_LINKS];
    struct dir_dedicate dedicates[DIR_MAX_DEDICATES];
    struct dedicate_src dsrc[DIR_MAX_DEDICATES];
    struct dir_terminal terminals[DIR_MAX_TERMINALS];
    struct terminal_src tsrc[DIR_MAX_TERMINALS];
    /* the user being read: its device addresses so far, and their lines */
    u16 addrs[MAX_ADDRS];
    int addr_lines[MAX_ADDRS];
    int naddrs;
    u32 mode;                        /* the directory's mode (DIR_SIE, DIR_BT or 0: trap), for users that give none */
};

/* The keys of each kind of mapping. */
enum { K_USERID, K_CLASS, K_STORAGE, K_SHARE, K_CONSOLE, K_SPOOL, K_MDISKS, K_LINKS, K_DEDICATE, K_IPL,
       K_IPL_PARM, K_AUTOLOG, K_MODE, K_TERMINALS };
static const char *const user_keys[] = {"userid", "class", "storage", "share",    "console",  "spool",   "mdisks",
                                        "links",  "dedicate", "ipl", "ipl_parm", "autolog", "mode", "terminals", NULL};
/* a console and a terminal (a 3215 beside it) have the same keys */
enum { C_VADDR, C_TERMINAL };
static const char *const console_keys[] = {"vaddr", "terminal", NULL};
enum { S_READER, S_PUNCH, S_PRINTER };
static const char *const spool_keys[] = {"reader", "punch", "printer", NULL};
enum { M_VADDR, M_RDEV, M_START, M_BLOCKS, M_MODE };
static const char *const mdisk_keys[] = {"vaddr", "rdev", "start", "blocks", "mode", NULL};
enum { L_VADDR, L_USER, L_TARGET, L_MODE };
static const char *const link_keys[] = {"vaddr", "user", "target", "mode", NULL};
enum { D_VADDR, D_RDEV };
static const char *const dedicate_keys[] = {"vaddr", "rdev", NULL};
#define MAX_KEYS 14

/* ---- messages ---------------------------------------------------------------------- */

static void print_usage(FILE *f)
{
    fputs("usage: creasy directory compile DIR.yaml OUT   compile a YAML user directory for CP\n"
          "       creasy directory show FILE              print a compiled directory\n"
          "(the format: docs/directory.md)\n",
          f);
}

static const struct tool_msg directory_msg = {"creasy directory", print_usage};

/* ---- reading the YAML ------------------------------------------------------------- */

/* `map` is a mapping whose keys are all in `keys`, each at most once:
 * vals[k] is the value of keys[k], or NULL. `what` names the mapping. */
static bool get_keys(struct loader *L, yaml_node_t *map, const char *const keys[], yaml_node_t *vals[],
                     const char *what)
{
    char list[128];
    size_t n = 0;
    list[0] = 0;
    for (int k = 0; keys[k]; k++) {
        vals[k] = NULL;
        n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", k ? ", " : "", keys[k]);
    }
    if (map->type != YAML_MAPPING_NODE)
        return yaml_doc_fail(&L->y, map, "%s is a mapping of %s", what, list);
    yaml_node_t *key_nodes[MAX_KEYS] = {0};
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = yaml_doc_node(&L->y, p->key);
        const char *k = yaml_doc_scalar(kn);
        if (!k)
            return yaml_doc_fail(&L->y, kn, "a key must be a plain word");
        int i = 0;
        while (keys[i] && strcmp(keys[i], k))
            i++;
        if (!keys[i])
            return yaml_doc_fail(&L->y, kn, "unknown key '%s' in %s (%s)", k, what, list);
        if (vals[i])
            return yaml_doc_fail(&L->y, kn, "'%s' given twice (line %d)", k, yaml_doc_line(key_nodes[i]));
        vals[i] = yaml_doc_node(&L->y, p->value);
        key_nodes[i] = kn;
    }
    return true;
}

static const char *need_scalar(struct loader *L, yaml_node_t *v, const char *key)
{
    const char *s = yaml_doc_scalar(v);
    if (!s || !*s) {
        yaml_doc_fail(&L->y, v, "'%s' wants a single value", key);
        return NULL;
    }
    return s;
}

static bool read_addr(struct loader *L, yaml_node_t *v, const char *key, u16 *addr)
{
    const char *s = need_scalar(L, v, key);
    u32 a;
    if (!s)
        return false;
    if (parse_hex32(s, &a) < 0 || a > 0xFFF)
        return yaml_doc_fail(&L->y, v, "'%s: %s' is not a device address (hex 000-FFF)", key, s);
    *addr = (u16)a;
    return true;
}

static bool read_number(struct loader *L, yaml_node_t *v, const char *key, u64 lo, u64 hi, u32 *out)
{
    const char *s = need_scalar(L, v, key);
    u64 x;
    if (!s)
        return false;
    if (parse_u64(s, &x) < 0 || x < lo || x > hi)
        return yaml_doc_fail(&L->y, v, "'%s: %s' is not a number from %llu to %llu", key, s, (unsigned long long)lo,
                             (unsigned long long)hi);
    *out = (u32)x;
    return true;
}

static bool read_bool(struct loader *L, yaml_node_t *v, const char *key, bool *b)
{
    const char *s = need_scalar(L, v, key);
    if (!s)
        return false;
    if (strcmp(s, "true") && strcmp(s, "false"))
        return yaml_doc_fail(&L->y, v, "'%s' wants true or false, not '%s'", key, s);
    *b = s[0] == 't';
    return true;
}

/* mode: trap | sie | bt, how CP runs the user (the directory's, or a
 * user's): its user flag, DIR_SIE, DIR_BT, or 0 for trap. */
static bool read_run_mode(struct loader *L, yaml_node_t *v, u32 *mode)
{
    const char *s = need_scalar(L, v, "mode");
    if (!s)
        return false;
    if (strcasecmp(s, "trap") && strcasecmp(s, "sie") && strcasecmp(s, "bt"))
        return yaml_doc_fail(&L->y, v, "'mode' wants trap, sie or bt, not '%s'", s);
    *mode = !strcasecmp(s, "sie") ? DIR_SIE : !strcasecmp(s, "bt") ? DIR_BT : 0;
    return true;
}

/* A minidisk's mode (R, W, or MW: multi-write, others may link it W
 * too) or a link's (R or W). */
static bool read_mode(struct loader *L, yaml_node_t *v, u8 *mode, bool mdisk)
{
    const char *s = need_scalar(L, v, "mode");
    if (!s)
        return false;
    if (!strcasecmp(s, "R"))
        *mode = DIR_MODE_R;
    else if (!strcasecmp(s, "W"))
        *mode = DIR_MODE_W;
    else if (mdisk && !strcasecmp(s, "MW"))
        *mode = DIR_MODE_MW;
    else if (mdisk)
        return yaml_doc_fail(&L->y, v, "'mode: %s' is not R (read-only), W (read-write) or MW (multi-write)", s);
    else
        return yaml_doc_fail(&L->y, v, "'mode: %s' is not R (read-only) or W (read-write)", s);
    return true;
}

/* A userid: 1-8 of A-Z 0-9 $ # @ (any case), not starting with a digit;
 * `ascii` gets it upper-cased, `id` in EBCDIC, blank padded. */
static bool read_userid(struct loader *L, yaml_node_t *v, const char *key, char ascii[9], u8 id[8])
{
    const char *s = need_scalar(L, v, key);
    if (!s)
        return false;
    size_t n = strlen(s);
    bool ok = n >= 1 && n <= 8 && !(s[0] >= '0' && s[0] <= '9');
    for (size_t i = 0; ok && i < n; i++) {
        char c = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 'a' + 'A') : s[i];
        ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '$' || c == '#' || c == '@';
        ascii[i] = c;
    }
    if (!ok)
        return yaml_doc_fail(&L->y, v, "'%s' is not a userid (1 to 8 of A-Z 0-9 $ # @, not starting with a digit)", s);
    ascii[n] = 0;
    memset(id, EBCDIC_BLANK, 8);
    for (size_t i = 0; i < n; i++)
        id[i] = ascii_to_ebcdic[(unsigned char)ascii[i]];
    return true;
}

/* The dedicated device entry whose real device is rdev, or -1. */
static int dedicated(const struct loader *L, u16 rdev)
{
    for (u32 i = 0; i < L->ndedicates; i++)
        if (L->dedicates[i].rdev == rdev)
            return (int)i;
    return -1;
}

/* A device address of the user being read, not used before by it. */
static bool add_addr(struct loader *L, yaml_node_t *v, const char *key, u16 *addr)
{
    if (!read_addr(L, v, key, addr))
        return false;
    for (int i = 0; i < L->naddrs; i++)
        if (L->addrs[i] == *addr)
            return yaml_doc_fail(&L->y, v, "device %03X is already used by this user (line %d)", *addr,
                                 L->addr_lines[i]);
    L->addrs[L->naddrs] = *addr;
    L->addr_lines[L->naddrs++] = yaml_doc_line(v);
    return true;
}

/* A real terminal (a console's, or a terminal's) at `line` is used by
 * nobody read so far (nor by the user being read): no console, no other
 * terminal, no dedicated device. The later one is reported. */
static bool terminal_free(struct loader *L, u16 rdev, int line)
{
    for (u32 i = 0; i <= L->nusers; i++)   /* the user being read too: its id is read by now */
        if (L->users[i].terminal == rdev)
            return yaml_doc_fail_at(&L->y, line, "terminal %03X is already user %s's (line %d)", rdev, L->usrc[i].id,
                                    L->usrc[i].terminal_line);
    for (u32 k = 0; k < L->nterminals; k++)
        if (L->terminals[k].rdev == rdev)
            return yaml_doc_fail_at(&L->y, line, "terminal %03X is already user %s's (line %d)", rdev,
                                    L->usrc[L->tsrc[k].user].id, L->tsrc[k].rdev_line);
    int d = dedicated(L, rdev);
    if (d >= 0)
        return yaml_doc_fail_at(&L->y, line, "terminal %03X is dedicated to user %s (line %d)", rdev,
                                L->usrc[L->dsrc[d].user].id, L->dsrc[d].rdev_line);
    return true;
}

static bool read_console(struct loader *L, yaml_node_t *map, struct dir_user *u, struct user_src *src)
{
    yaml_node_t *v[MAX_KEYS];
    if (!get_keys(L, map, console_keys, v, "'console'"))
        return false;
    if (!v[C_VADDR])
        return yaml_doc_fail(&L->y, map, "'console' has no 'vaddr' (such as console: {vaddr: 009})");
    if (!add_addr(L, v[C_VADDR], "vaddr", &u->console))
        return false;
    if (!v[C_TERMINAL])
        return true;
    u16 rdev;
    if (!read_addr(L, v[C_TERMINAL], "terminal", &rdev))
        return false;
    if (!terminal_free(L, rdev, yaml_doc_line(v[C_TERMINAL])))
        return false;
    src->terminal_line = yaml_doc_line(v[C_TERMINAL]);
    u->terminal = rdev;
    return true;
}

/* terminals: 3215s beside the console, each {vaddr, terminal}, for a CP
 * the user runs (at most DIR_MAX_USER_TERMINALS; DIR_MAX_TERMINALS in all) */
static bool read_terminals(struct loader *L, yaml_node_t *seq, struct dir_user *u)
{
    if (seq->type != YAML_SEQUENCE_NODE)
        return yaml_doc_fail(&L->y, seq, "'terminals' is a list, one '- {vaddr: ..., terminal: ...}' per terminal");
    for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
        yaml_node_t *item = yaml_doc_node(&L->y, *it), *v[MAX_KEYS];
        if (u->nterminals == DIR_MAX_USER_TERMINALS)
            return yaml_doc_fail(&L->y, item, "more than %d terminals for one user", DIR_MAX_USER_TERMINALS);
        if (L->nterminals == DIR_MAX_TERMINALS)
            return yaml_doc_fail(&L->y, item, "more than %d terminals in all", DIR_MAX_TERMINALS);
        struct dir_terminal *e = &L->terminals[L->nterminals];
        *e = (struct dir_terminal){.rdev = DIR_NONE};
        if (!get_keys(L, item, console_keys, v, "a terminal"))
            return false;
        if (!v[C_VADDR])
            return yaml_doc_fail(&L->y, item, "this terminal has no 'vaddr' (such as {vaddr: 020, terminal: 030})");
        if (!add_addr(L, v[C_VADDR], "vaddr", &e->vaddr))
            return false;
        int line = yaml_doc_line(item);
        if (v[C_TERMINAL]) {
            u16 rdev;
            line = yaml_doc_line(v[C_TERMINAL]);
            if (!read_addr(L, v[C_TERMINAL], "terminal", &rdev) || !terminal_free(L, rdev, line))
                return false;
            e->rdev = rdev;
        }
        L->tsrc[L->nterminals++] = (struct terminal_src){L->nusers, line};
        u->nterminals++;
    }
    return true;
}

static bool read_spool(struct loader *L, yaml_node_t *map, struct dir_user *u)
{
    yaml_node_t *v[MAX_KEYS];
    u16 *dev[] = {[S_READER] = &u->reader, [S_PUNCH] = &u->punch, [S_PRINTER] = &u->printer};
    if (!get_keys(L, map, spool_keys, v, "'spool'"))
        return false;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        const char *k = yaml_doc_scalar(yaml_doc_node(&L->y, p->key));
        int i = 0;
        while (strcmp(spool_keys[i], k))
            i++;
        if (!add_addr(L, v[i], k, dev[i]))
            return false;
    }
    return true;
}

static bool read_mdisks(struct loader *L, yaml_node_t *seq, struct dir_user *u)
{
    if (seq->type != YAML_SEQUENCE_NODE)
        return yaml_doc_fail(&L->y, seq, "'mdisks' is a list, one '- {vaddr: ..., rdev: ..., start: ..., blocks: ..., "
                             "mode: ...}' per minidisk");
    for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
        yaml_node_t *item = yaml_doc_node(&L->y, *it), *v[MAX_KEYS];
        if (L->nmdisks == DIR_MAX_MDISKS)
            return yaml_doc_fail(&L->y, item, "more than %d minidisks in all", DIR_MAX_MDISKS);
        struct dir_mdisk *m = &L->mdisks[L->nmdisks];
        if (!get_keys(L, item, mdisk_keys, v, "a minidisk"))
            return false;
        for (int k = 0; mdisk_keys[k]; k++)
            if (!v[k])
                return yaml_doc_fail(&L->y, item, "this minidisk has no '%s'", mdisk_keys[k]);
        if (!add_addr(L, v[M_VADDR], "vaddr", &m->vaddr) || !read_addr(L, v[M_RDEV], "rdev", &m->rdev) ||
            !read_number(L, v[M_START], "start", 0, 0xFFFFFFFFu, &m->start) ||
            !read_number(L, v[M_BLOCKS], "blocks", 1, 0xFFFFFFFFu, &m->blocks) || !read_mode(L, v[M_MODE], &m->mode, true))
            return false;
        if ((u64)m->start + m->blocks > 0x100000000ull)
            return yaml_doc_fail(&L->y, v[M_BLOCKS], "minidisk %03X ends past block 2^32", m->vaddr);
        int d = dedicated(L, m->rdev);
        if (d >= 0)
            return yaml_doc_fail(&L->y, v[M_RDEV], "minidisk %03X: real device %03X is dedicated to user %s (line %d)",
                                 m->vaddr, m->rdev, L->usrc[L->dsrc[d].user].id, L->dsrc[d].rdev_line);
        L->msrc[L->nmdisks++].line = yaml_doc_line(item);
        u->nmdisks++;
    }
    return true;
}

static bool read_links(struct loader *L, yaml_node_t *seq, struct dir_user *u)
{
    if (seq->type != YAML_SEQUENCE_NODE)
        return yaml_doc_fail(&L->y, seq, "'links' is a list, one '- {vaddr: ..., user: ..., target: ..., mode: ...}' "
                             "per link");
    for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
        yaml_node_t *item = yaml_doc_node(&L->y, *it), *v[MAX_KEYS];
        char owner[9];
        if (L->nlinks == DIR_MAX_LINKS)
            return yaml_doc_fail(&L->y, item, "more than %d links in all", DIR_MAX_LINKS);
        struct dir_link *l = &L->links[L->nlinks];
        if (!get_keys(L, item, link_keys, v, "a link"))
            return false;
        for (int k = 0; link_keys[k]; k++)
            if (!v[k])
                return yaml_doc_fail(&L->y, item, "this link has no '%s'", link_keys[k]);
        if (!add_addr(L, v[L_VADDR], "vaddr", &l->vaddr) || !read_userid(L, v[L_USER], "user", owner, l->owner) ||
            !read_addr(L, v[L_TARGET], "target", &l->target_vaddr) || !read_mode(L, v[L_MODE], &l->mode, false))
            return false;
        L->lsrc[L->nlinks++] =
            (struct link_src){yaml_doc_line(v[L_USER]), yaml_doc_line(v[L_TARGET]), yaml_doc_line(v[L_MODE])};
        u->nlinks++;
    }
    return true;
}

/* The user owning minidisk entry k: a user read, or else the one being
 * read. */
static u32 mdisk_owner(const struct loader *L, u32 k)
{
    u32 i = 0;
    while (i < L->nusers && k >= (u32)L->users[i].first_mdisk + L->users[i].nmdisks)
        i++;
    return i;
}

/* Dedicated devices: a real device is dedicated once, and is no user's
 * minidisk or terminal (those read so far; read_mdisks and read_console
 * check the later ones). */
static bool read_dedicates(struct loader *L, yaml_node_t *seq, struct dir_user *u)
{
    if (seq->type != YAML_SEQUENCE_NODE)
        return yaml_doc_fail(&L->y, seq, "'dedicate' is a list, one '- {vaddr: ..., rdev: ...}' per dedicated device");
    for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
        yaml_node_t *item = yaml_doc_node(&L->y, *it), *v[MAX_KEYS];
        if (L->ndedicates == DIR_MAX_DEDICATES)
            return yaml_doc_fail(&L->y, item, "more than %d dedicated devices in all", DIR_MAX_DEDICATES);
        struct dir_dedicate *e = &L->dedicates[L->ndedicates];
        if (!get_keys(L, item, dedicate_keys, v, "a dedicated device"))
            return false;
        for (int k = 0; dedicate_keys[k]; k++)
            if (!v[k])
                return yaml_doc_fail(&L->y, item, "this dedicated device has no '%s'", dedicate_keys[k]);
        if (!add_addr(L, v[D_VADDR], "vaddr", &e->vaddr) || !read_addr(L, v[D_RDEV], "rdev", &e->rdev))
            return false;
        int line = yaml_doc_line(v[D_RDEV]), d = dedicated(L, e->rdev);
        if (d >= 0)
            return yaml_doc_fail_at(&L->y, line, "real device %03X is already dedicated to user %s (line %d)", e->rdev,
                                    L->usrc[L->dsrc[d].user].id, L->dsrc[d].rdev_line);
        for (u32 k = 0; k < L->nmdisks; k++)
            if (L->mdisks[k].rdev == e->rdev)
                return yaml_doc_fail_at(&L->y, line, "real device %03X holds user %s's minidisk %03X (line %d)",
                                        e->rdev, L->usrc[mdisk_owner(L, k)].id, L->mdisks[k].vaddr, L->msrc[k].line);
        for (u32 i = 0; i <= L->nusers; i++)
            if (L->users[i].terminal == e->rdev)
                return yaml_doc_fail_at(&L->y, line, "real device %03X is user %s's terminal (line %d)", e->rdev,
                                        L->usrc[i].id, L->usrc[i].terminal_line);
        for (u32 k = 0; k < L->nterminals; k++)
            if (L->terminals[k].rdev == e->rdev)
                return yaml_doc_fail_at(&L->y, line, "real device %03X is user %s's terminal (line %d)", e->rdev,
                                        L->usrc[L->tsrc[k].user].id, L->tsrc[k].rdev_line);
        L->dsrc[L->ndedicates++] = (struct dedicate_src){L->nusers, line};
        u->ndedicates++;
    }
    return true;
}

/* The IPL parameter: 1 to DIR_PARM_LEN printable ASCII characters, into
 * EBCDIC as written (CMS upper-cases what it reads), zero padded. */
static bool read_ipl_parm(struct loader *L, yaml_node_t *v, u8 parm[DIR_PARM_LEN])
{
    const char *s = need_scalar(L, v, "ipl_parm");
    if (!s)
        return false;
    size_t n = v->data.scalar.length;
    if (n > DIR_PARM_LEN)
        return yaml_doc_fail(&L->y, v, "'ipl_parm' is %zu characters, more than %d", n, DIR_PARM_LEN);
    for (size_t i = 0; i < n; i++)
        if (s[i] < ' ' || s[i] > '~')
            return yaml_doc_fail(&L->y, v, "'ipl_parm' has a character that is not printable ASCII (column %zu)",
                                 i + 1);
    memset(parm, 0, DIR_PARM_LEN);
    for (size_t i = 0; i < n; i++)
        parm[i] = ascii_to_ebcdic[(unsigned char)s[i]];
    return true;
}

/* "ABCDEFG" (any case, letters A-H) to DIR_CLASS_* bits. */
static bool read_classes(struct loader *L, yaml_node_t *v, u32 *classes)
{
    const char *s = need_scalar(L, v, "class");
    if (!s)
        return false;
    *classes = 0;
    for (const char *c = s; *c; c++) {
        char up = *c >= 'a' && *c <= 'z' ? (char)(*c - 'a' + 'A') : *c;
        if (up < 'A' || up > 'H')
            return yaml_doc_fail(&L->y, v,
                                 "'class: %s' is not privilege classes (letters A to H, such as G or ABCDEFG)", s);
        *classes |= 1u << (up - 'A');
    }
    return true;
}

static bool read_user(struct loader *L, yaml_node_t *map)
{
    yaml_node_t *v[MAX_KEYS];
    struct dir_user *u = &L->users[L->nusers];
    struct user_src *src = &L->usrc[L->nusers];
    *u = (struct dir_user){.share = DEFAULT_SHARE, .classes = DEFAULT_CLASSES, .terminal = DIR_NONE,
                           .reader = DIR_NONE, .punch = DIR_NONE, .printer = DIR_NONE, .ipl = DIR_NONE,
                           .first_mdisk = (u16)L->nmdisks, .first_link = (u16)L->nlinks,
                           .first_dedicate = (u16)L->ndedicates, .first_terminal = (u16)L->nterminals};
    src->line = yaml_doc_line(map);
    L->naddrs = 0;
    if (!get_keys(L, map, user_keys, v, "a user"))
        return false;
    if (!v[K_USERID])
        return yaml_doc_fail_at(&L->y, src->line, "this user has no 'userid'");
    if (!read_userid(L, v[K_USERID], "userid", src->id, u->userid))
        return false;
    for (u32 i = 0; i < L->nusers; i++)
        if (!memcmp(L->users[i].userid, u->userid, 8))
            return yaml_doc_fail(&L->y, v[K_USERID], "user %s is already defined on line %d", src->id, L->usrc[i].line);
    if (v[K_CLASS] && !read_classes(L, v[K_CLASS], &u->classes))
        return false;
    if (!v[K_STORAGE])
        return yaml_doc_fail_at(&L->y, src->line, "user %s has no 'storage' (such as storage: 1M)", src->id);
    const char *size = need_scalar(L, v[K_STORAGE], "storage");
    if (!size)
        return false;
    if (parse_size(size, &u->storage) < 0 || u->storage % 0x10000 || u->storage > 0x80000000u - 0x10000)
        return yaml_doc_fail(&L->y, v[K_STORAGE],
                             "'storage: %s' is not a multiple of 64K from 64K to 2G-64K (such as 1M)", size);
    if (v[K_SHARE] && !read_number(L, v[K_SHARE], "share", 1, 10000, &u->share))
        return false;
    bool autolog = false;
    if (v[K_AUTOLOG] && !read_bool(L, v[K_AUTOLOG], "autolog", &autolog))
        return false;
    u->flags = autolog ? DIR_AUTOLOG : 0;
    u32 mode = L->mode;
    if (v[K_MODE] && !read_run_mode(L, v[K_MODE], &mode))
        return false;
    u->flags |= mode;
    if (!v[K_CONSOLE])
        return yaml_doc_fail_at(&L->y, src->line, "user %s has no 'console' (such as console: {vaddr: 009})", src->id);
    /* the devices in the order written, so a clash is reported at the later one */
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        const char *k = yaml_doc_scalar(yaml_doc_node(&L->y, p->key));
        yaml_node_t *val = yaml_doc_node(&L->y, p->value);
        bool ok = true;
        if (!strcmp(k, "console"))
            ok = read_console(L, val, u, src);
        else if (!strcmp(k, "spool"))
            ok = read_spool(L, val, u);
        else if (!strcmp(k, "mdisks"))
            ok = read_mdisks(L, val, u);
        else if (!strcmp(k, "links"))
            ok = read_links(L, val, u);
        else if (!strcmp(k, "dedicate"))
            ok = read_dedicates(L, val, u);
        else if (!strcmp(k, "terminals"))
            ok = read_terminals(L, val, u);
        if (!ok)
            return false;
    }
    if (v[K_IPL]) {
        if (!read_addr(L, v[K_IPL], "ipl", &u->ipl))
            return false;
        int i = 0;
        while (i < L->naddrs && L->addrs[i] != u->ipl)
            i++;
        if (i == L->naddrs)
            return yaml_doc_fail(&L->y, v[K_IPL], "'ipl: %03X' names none of user %s's devices", u->ipl, src->id);
    }
    if (v[K_IPL_PARM]) {
        if (!v[K_IPL])
            return yaml_doc_fail(&L->y, v[K_IPL_PARM], "'ipl_parm' without 'ipl': a parameter for no IPL");
        if (!read_ipl_parm(L, v[K_IPL_PARM], u->ipl_parm))
            return false;
    }
    L->nusers++;
    return true;
}

/* Every link names a user's minidisk, and a W link a W one. */
static bool check_links(struct loader *L)
{
    for (u32 i = 0; i < L->nlinks; i++) {
        const struct dir_link *l = &L->links[i];
        const struct link_src *src = &L->lsrc[i];
        u32 o = 0;
        while (o < L->nusers && memcmp(L->users[o].userid, l->owner, 8))
            o++;
        char owner[9];
        for (int k = 0; k < 8; k++)
            owner[k] = (char)ebcdic_to_ascii[l->owner[k]];
        owner[8] = 0;
        if (strchr(owner, ' '))
            *strchr(owner, ' ') = 0;
        if (o == L->nusers)
            return yaml_doc_fail_at(&L->y, src->user_line, "link %03X: no user %s", l->vaddr, owner);
        const struct dir_user *ou = &L->users[o];
        const struct dir_mdisk *m = NULL;
        for (u32 k = ou->first_mdisk; k < (u32)ou->first_mdisk + ou->nmdisks && !m; k++)
            if (L->mdisks[k].vaddr == l->target_vaddr)
                m = &L->mdisks[k];
        if (!m)
            return yaml_doc_fail_at(&L->y, src->target_line, "link %03X: user %s has no minidisk %03X", l->vaddr, owner,
                                    l->target_vaddr);
        if (l->mode == DIR_MODE_W && m->mode == DIR_MODE_R)
            return yaml_doc_fail_at(&L->y, src->mode_line,
                                    "link %03X: W link to %s's read-only minidisk %03X (line %d)", l->vaddr, owner,
                                    l->target_vaddr, L->msrc[m - L->mdisks].line);
    }
    return true;
}

/* No two read-write minidisks share a block of a real device (a
 * read-only one may overlap anything). */
static bool check_overlaps(struct loader *L)
{
    for (u32 j = 1; j < L->nmdisks; j++) {
        const struct dir_mdisk *b = &L->mdisks[j];
        for (u32 i = 0; b->mode != DIR_MODE_R && i < j; i++) {
            const struct dir_mdisk *a = &L->mdisks[i];
            if (a->mode != DIR_MODE_R && a->rdev == b->rdev && (u64)a->start + a->blocks > b->start &&
                (u64)b->start + b->blocks > a->start)
                return yaml_doc_fail_at(&L->y, L->msrc[j].line,
                                        "read-write minidisk %03X overlaps %s's read-write minidisk %03X (line %d) "
                                        "on real device %03X",
                                        b->vaddr, L->usrc[mdisk_owner(L, i)].id, a->vaddr, L->msrc[i].line, b->rdev);
        }
    }
    return true;
}

static bool read_directory(struct loader *L)
{
    yaml_node_t *root = yaml_doc_root(&L->y);
    if (!root || root->type != YAML_MAPPING_NODE)
        return yaml_doc_fail_at(&L->y, root ? yaml_doc_line(root) : 1,
                                "a directory is a mapping with 'users', a list of users");
    static const char *const root_keys[] = {"users", "mode", NULL};
    yaml_node_t *top[2];
    if (!get_keys(L, root, root_keys, top, "the directory"))
        return false;
    yaml_node_t *users = top[0];
    if (top[1] && !read_run_mode(L, top[1], &L->mode))   /* every user's, unless it says */
        return false;
    if (!users)
        return yaml_doc_fail(&L->y, root, "no 'users'");
    if (users->type != YAML_SEQUENCE_NODE || users->data.sequence.items.start == users->data.sequence.items.top)
        return yaml_doc_fail(&L->y, users, "'users' is a list of users, one '- userid: ...' each");
    for (yaml_node_item_t *it = users->data.sequence.items.start; it < users->data.sequence.items.top; it++) {
        yaml_node_t *item = yaml_doc_node(&L->y, *it);
        if (L->nusers == DIR_MAX_USERS)
            return yaml_doc_fail(&L->y, item, "more than %d users", DIR_MAX_USERS);
        if (!read_user(L, item))
            return false;
    }
    return check_links(L) && check_overlaps(L);
}

/* The loaded directory's bytes, in buf (MAX_BYTES); their length. */
static u32 encode(const struct loader *L, u8 *buf)
{
    struct dir_header h = {.magic = DIR_MAGIC, .version = DIR_VERSION, .nusers = L->nusers,
                           .nmdisks = L->nmdisks, .nlinks = L->nlinks, .ndedicates = L->ndedicates,
                           .nterminals = L->nterminals};
    u8 *p = buf;
    dir_encode_header(&h, p);
    p += DIR_HEADER_SIZE;
    for (u32 i = 0; i < L->nusers; i++, p += DIR_USER_SIZE)
        dir_encode_user(&L->users[i], p);
    for (u32 i = 0; i < L->nmdisks; i++, p += DIR_MDISK_SIZE)
        dir_encode_mdisk(&L->mdisks[i], p);
    for (u32 i = 0; i < L->nlinks; i++, p += DIR_LINK_SIZE)
        dir_encode_link(&L->links[i], p);
    for (u32 i = 0; i < L->ndedicates; i++, p += DIR_DEDICATE_SIZE)
        dir_encode_dedicate(&L->dedicates[i], p);
    for (u32 i = 0; i < L->nterminals; i++, p += DIR_TERMINAL_SIZE)
        dir_encode_terminal(&L->terminals[i], p);
    return (u32)(p - buf);
}

/* Write buf to path: a regular file (or none) through path.tmp and a
 * rename, anything else (a device node, a link) in place, never replaced
 * (hostfile.h). 0, or 1 after reporting why. */
static int write_file(const char *path, const u8 *buf, size_t len)
{
    struct hostfile_replace r;
    char err[PATH_MAX + 128];
    if (hostfile_replace_begin(&r, path, err, sizeof err) < 0)
        goto fail;
    if (fwrite(buf, 1, len, r.f) != len) {
        snprintf(err, sizeof err, "%s: cannot write it: %s", path, strerror(errno));
        hostfile_replace_abort(&r);
        goto fail;
    }
    if (hostfile_replace_commit(&r, err, sizeof err) < 0)
        goto fail;
    return 0;
fail:
    fprintf(stderr, "%s: %s\n", directory_msg.name, err);
    return 1;
}

static int directory_compile(const char *yaml, const char *out)
{
    FILE *f = fopen(yaml, "r");
    if (!f)
        return tool_fail(&directory_msg, yaml, "%s", strerror(errno));
    struct loader *L = calloc(1, sizeof *L);
    u8 *buf = malloc(MAX_BYTES);
    int rc = 1, parsed = -2;
    if (L && buf) {
        L->y = (struct yaml_doc){.name = yaml, .err = L->err, .errlen = sizeof L->err};
        parsed = yaml_doc_parse_file(&L->y, f);
    }
    if (parsed == -2) {
        tool_fail(&directory_msg, yaml, "out of memory");
        goto out;
    }
    if (parsed < 0 || !read_directory(L)) {
        fprintf(stderr, "creasy directory: %s\n", L->err);
        goto out;
    }
    u32 len = encode(L, buf);
    char why[DIR_WHY_SIZE];
    if (dir_check(buf, len, why)) {
        tool_fail(&directory_msg, yaml, "internal error: the compiled directory fails CP's check: %s", why);
        goto out;
    }
    rc = write_file(out, buf, len);
out:
    if (L)
        yaml_doc_free(&L->y);
    free(buf);
    free(L);
    fclose(f);
    return rc;
}

/* ---- show ---------------------------------------------------------------------------- */

/* "2M", "64K", "1G": the largest unit that divides it. */
static const char *size_text(u32 bytes, char *buf, size_t len)
{
    if (bytes && bytes % (1u << 30) == 0)
        snprintf(buf, len, "%uG", bytes >> 30);
    else if (bytes && bytes % (1u << 20) == 0)
        snprintf(buf, len, "%uM", bytes >> 20);
    else
        snprintf(buf, len, "%uK", bytes >> 10);
    return buf;
}

/* A device address, or "-". */
static const char *addr_text(u16 a, char *buf, size_t len)
{
    if (a == DIR_NONE)
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%03X", a);
    return buf;
}

static void id_text(const u8 id[8], char out[9])
{
    int n = 8;
    while (n && id[n - 1] == EBCDIC_BLANK)
        n--;
    for (int i = 0; i < n; i++)
        out[i] = (char)ebcdic_to_ascii[id[i]];
    out[n] = 0;
}

static const char *mode_text(u8 mode) { return mode == DIR_MODE_MW ? "MW" : mode == DIR_MODE_W ? "W" : "R"; }

/* The IPL parameter as a YAML double-quoted string: ASCII, with " and \
 * escaped; a byte that is no printable ASCII character as \xNN, its
 * EBCDIC code. */
static void print_parm(const u8 parm[DIR_PARM_LEN])
{
    fputs("  ipl parm \"", stdout);
    for (int i = 0; i < DIR_PARM_LEN && parm[i]; i++) {
        u8 c = ebcdic_to_ascii[parm[i]];
        if (c < ' ' || c > '~' || ascii_to_ebcdic[c] != parm[i])
            printf("\\x%02X", parm[i]);
        else if (c == '"' || c == '\\')
            printf("\\%c", c);
        else
            putchar(c);
    }
    fputs("\"\n", stdout);
}

static int directory_show(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return tool_fail(&directory_msg, path, "%s", strerror(errno));
    u8 *buf = malloc(MAX_BYTES + 1);
    if (!buf) {
        fclose(f);
        return tool_fail(&directory_msg, path, "out of memory");
    }
    size_t len = fread(buf, 1, MAX_BYTES + 1, f);
    bool err = ferror(f);
    fclose(f);
    char why[DIR_WHY_SIZE];
    int rc = 1;
    if (err)
        tool_fail(&directory_msg, path, "cannot read it");
    else if (len > MAX_BYTES)
        tool_fail(&directory_msg, path, "longer than any directory (%d bytes)", MAX_BYTES);
    else if (dir_check(buf, (u32)len, why))
        tool_fail(&directory_msg, path, "%s", why);
    else
        rc = 0;
    if (rc) {
        free(buf);
        return rc;
    }
    struct dir_header h;
    dir_decode_header(&h, buf);
    printf("%u user%s, %u minidisk%s, %u link%s", h.nusers, h.nusers == 1 ? "" : "s", h.nmdisks,
           h.nmdisks == 1 ? "" : "s", h.nlinks, h.nlinks == 1 ? "" : "s");
    if (h.ndedicates)
        printf(", %u dedicated device%s", h.ndedicates, h.ndedicates == 1 ? "" : "s");
    if (h.nterminals)
        printf(", %u terminal%s", h.nterminals, h.nterminals == 1 ? "" : "s");
    putchar('\n');
    const u8 *mdisks = buf + DIR_HEADER_SIZE + h.nusers * DIR_USER_SIZE;
    const u8 *links = mdisks + h.nmdisks * DIR_MDISK_SIZE;
    const u8 *dedicates = links + h.nlinks * DIR_LINK_SIZE;
    const u8 *terminals = dedicates + h.ndedicates * DIR_DEDICATE_SIZE;
    for (u32 i = 0; i < h.nusers; i++) {
        struct dir_user u;
        char id[9], size[16], classes[9], a[5][8];
        int nc = 0;
        dir_decode_user(&u, buf + DIR_HEADER_SIZE + i * DIR_USER_SIZE);
        id_text(u.userid, id);
        for (int c = 0; c < 8; c++)
            if (u.classes & (1u << c))
                classes[nc++] = (char)('A' + c);
        classes[nc] = 0;
        printf("%-8s storage %-4s class %-8s share %-5u console %03X terminal %-3s reader %-3s punch %-3s "
               "printer %-3s ipl %-3s autolog %s\n",
               id, size_text(u.storage, size, sizeof size), classes, u.share, u.console,
               addr_text(u.terminal, a[0], sizeof a[0]), addr_text(u.reader, a[1], sizeof a[1]),
               addr_text(u.punch, a[2], sizeof a[2]), addr_text(u.printer, a[3], sizeof a[3]),
               addr_text(u.ipl, a[4], sizeof a[4]), u.flags & DIR_AUTOLOG ? "yes" : "no");
        if (u.ipl_parm[0])
            print_parm(u.ipl_parm);
        if (u.flags & (DIR_SIE | DIR_BT))
            printf("  mode %s\n", u.flags & DIR_SIE ? "sie" : "bt");
        for (u32 k = 0; k < u.nmdisks; k++) {
            struct dir_mdisk m;
            dir_decode_mdisk(&m, mdisks + (u.first_mdisk + k) * DIR_MDISK_SIZE);
            printf("  mdisk %03X on %03X start %u blocks %u %s\n", m.vaddr, m.rdev, m.start, m.blocks,
                   mode_text(m.mode));
        }
        for (u32 k = 0; k < u.nlinks; k++) {
            struct dir_link l;
            char owner[9];
            dir_decode_link(&l, links + (u.first_link + k) * DIR_LINK_SIZE);
            id_text(l.owner, owner);
            printf("  link %03X to %s %03X %s\n", l.vaddr, owner, l.target_vaddr, mode_text(l.mode));
        }
        for (u32 k = 0; k < u.ndedicates; k++) {
            struct dir_dedicate e;
            dir_decode_dedicate(&e, dedicates + (u.first_dedicate + k) * DIR_DEDICATE_SIZE);
            printf("  dedicate %03X on %03X\n", e.vaddr, e.rdev);
        }
        for (u32 k = 0; k < u.nterminals; k++) {
            struct dir_terminal e;
            char t[8];
            dir_decode_terminal(&e, terminals + (u.first_terminal + k) * DIR_TERMINAL_SIZE);
            printf("  terminal %03X on %s\n", e.vaddr, addr_text(e.rdev, t, sizeof t));
        }
    }
    free(buf);
    return 0;
}

/* ---- the command --------------------------------------------------------------------- */

int directory_main(int argc, char **argv)
{
    if (argc < 1) {
        print_usage(stderr);
        return 2;
    }
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") || (i == 0 && !strcmp(argv[i], "help"))) {
            print_usage(stdout);
            return 0;
        }
    if (!strcmp(argv[0], "compile")) {
        if (argc != 3)
            return tool_usage_error(&directory_msg, "compile wants DIR.yaml and OUT");
        return directory_compile(argv[1], argv[2]);
    }
    if (!strcmp(argv[0], "show")) {
        if (argc != 2)
            return tool_usage_error(&directory_msg, "show wants one FILE");
        return directory_show(argv[1]);
    }
    return tool_usage_error(&directory_msg, "no subcommand '%s'", argv[0]);
}
