/* directory.h: CP's user directory, as CP reads it: the binary form that
 * `creasy directory` compiles from YAML on the host. Shared by CP (cp/)
 * and the host compiler (machine/host/directory_cmd.c), so both agree on it.
 *
 * The compiled directory is a byte stream: a header, then every user,
 * then every minidisk, then every link, then every dedicated device, then
 * every terminal (a 3215 beside the console), each a fixed-size entry.
 * All integers are big-endian (the machine's order);
 * names are EBCDIC, blank padded. The host writes it onto CP's system disk as the file
 * `USER DIRECT` (a CMS-format disk, cms/fs.h), and CP reads it at IPL.
 *
 * The concepts are VM/370's: a user has an id, a storage size, privilege
 * classes (A operator ... G general user), a CPU share, a virtual console,
 * spool devices, minidisks (extents of real DASD, read-only or read-write),
 * LINKs to other users' minidisks, DEDICATEd real devices, and an IPL
 * device with its IPL parameter (IPL vaddr PARM text). creasy adds which
 * real console a user is connected to when CP logs it on at IPL
 * (`terminal`; none: disconnected, its console output is dropped, as on VM/370),
 * and `terminals`: more virtual 3215s, each connected to a real one, for
 * a CP that the user runs to use as its own real terminals (CP under CP).
 */
#ifndef CREASY_CP_DIRECTORY_H
#define CREASY_CP_DIRECTORY_H

#include <stdint.h>

#define DIR_MAGIC 0xC3D7C4D9u        /* "CPDR" in EBCDIC */
#define DIR_VERSION 3              /* 3: the terminal table */
/* The user limit, the one number: the directory compiler refuses a
 * directory with more users, and CP has room for exactly this many
 * logged-on users (cp.h MAX_VMS) and their terminals (docs/directory.md). */
#define DIR_MAX_USERS 256
#define DIR_MAX_MDISKS 512
#define DIR_MAX_LINKS 512
#define DIR_MAX_DEDICATES 256
#define DIR_MAX_TERMINALS 64        /* 3215s beside the consoles, in all (CP keeps a terminal for each) */
#define DIR_MAX_USER_TERMINALS 16   /* ... for one user */
#define DIR_PARM_LEN 64              /* the IPL parameter's bytes */
#define DIR_NONE 0xFFFF              /* no device (an address field) */

/* privilege classes: bit n for class 'A' + n */
#define DIR_CLASS_A 0x01u            /* operator: LOGON, FORCE, QUERY of every user */
#define DIR_CLASS_G 0x40u            /* general user */

/* user flags */
#define DIR_AUTOLOG 0x01u            /* logged on and IPLed when CP starts */
#define DIR_SIE 0x02u                /* runs under SIE (mode: sie), not by trap and emulate */
#define DIR_BT 0x04u                 /* trap and emulate, its supervisor code binary-translated (mode: bt) */

/* minidisk and link access modes (VM/370's) */
#define DIR_MODE_R 0                 /* read-only */
#define DIR_MODE_W 1                 /* read-write: one writer at a time (a second W link is refused) */
#define DIR_MODE_MW 2                /* a minidisk only: read-write, and others may link it W too (VM/370's MW) */

/* the header, 32 bytes */
struct dir_header {
    uint32_t magic;                  /* DIR_MAGIC */
    uint32_t version;                /* DIR_VERSION */
    uint32_t nusers, nmdisks, nlinks, ndedicates;
    uint32_t nterminals;
    uint8_t reserved[4];
};

/* a user, 128 bytes */
struct dir_user {
    uint8_t userid[8];               /* EBCDIC, blank padded */
    uint32_t storage;                /* bytes of virtual storage, a multiple of 64K */
    uint32_t share;                  /* relative CPU share, 1..10000 (100 is normal) */
    uint32_t classes;                /* DIR_CLASS_* bits */
    uint32_t flags;                  /* DIR_AUTOLOG */
    uint16_t console;                /* virtual console address (3215) */
    uint16_t terminal;               /* real console it is connected to at logon, or DIR_NONE */
    uint16_t reader, punch, printer; /* virtual spool devices, or DIR_NONE */
    uint16_t ipl;                    /* virtual device IPLed at logon, or DIR_NONE */
    uint16_t first_mdisk, nmdisks;   /* its minidisks: entries first_mdisk.. */
    uint16_t first_link, nlinks;     /* its links */
    uint16_t first_dedicate, ndedicates;   /* its dedicated devices */
    uint8_t ipl_parm[DIR_PARM_LEN];  /* the IPL parameter (VM/370's IPL ... PARM): EBCDIC, zero padded */
    uint16_t first_terminal, nterminals;   /* its terminals (at most DIR_MAX_USER_TERMINALS) */
    uint8_t reserved[12];
};

/* a minidisk, 16 bytes: blocks [start, start + blocks) of a real FBA device */
struct dir_mdisk {
    uint16_t vaddr;                  /* its virtual device address */
    uint16_t rdev;                   /* the real device */
    uint32_t start, blocks;
    uint8_t mode;                    /* DIR_MODE_R, DIR_MODE_W or DIR_MODE_MW */
    uint8_t reserved[3];
};

/* a link to another user's minidisk, 16 bytes */
struct dir_link {
    uint16_t vaddr;                  /* the linking user's virtual address for it */
    uint16_t target_vaddr;           /* the owner's virtual address of the minidisk */
    uint8_t owner[8];                /* the owner's userid */
    uint8_t mode;                    /* DIR_MODE_R, or DIR_MODE_W (only to a W or MW minidisk) */
    uint8_t reserved[3];
};

/* a real device dedicated to a user, 8 bytes: the guest's channel
 * programs for vaddr run on rdev itself (VM/370's DEDICATE) */
struct dir_dedicate {
    uint16_t vaddr;
    uint16_t rdev;
    uint8_t reserved[4];
};

/* a terminal, 8 bytes: a virtual 3215 at vaddr, which CP emulates as it
 * does the console, connected at logon to the real 3215 rdev (or to none:
 * DIR_NONE); every line typed there is the guest's, never a CP command */
struct dir_terminal {
    uint16_t vaddr;
    uint16_t rdev;
    uint8_t reserved[4];
};

/* sizes on disk (the structs above are the decoded form, fields in the
 * order declared, packed) */
#define DIR_HEADER_SIZE 32
#define DIR_USER_SIZE 128
#define DIR_MDISK_SIZE 16
#define DIR_LINK_SIZE 16
#define DIR_DEDICATE_SIZE 8
#define DIR_TERMINAL_SIZE 8

/* cp/directory.c, compiled into CP and into creasy: encode an entry into
 * its bytes, and decode it back. */
void dir_encode_header(const struct dir_header *h, uint8_t *p);
void dir_decode_header(struct dir_header *h, const uint8_t *p);
void dir_encode_user(const struct dir_user *u, uint8_t *p);
void dir_decode_user(struct dir_user *u, const uint8_t *p);
void dir_encode_mdisk(const struct dir_mdisk *m, uint8_t *p);
void dir_decode_mdisk(struct dir_mdisk *m, const uint8_t *p);
void dir_encode_link(const struct dir_link *l, uint8_t *p);
void dir_decode_link(struct dir_link *l, const uint8_t *p);
void dir_encode_dedicate(const struct dir_dedicate *d, uint8_t *p);
void dir_decode_dedicate(struct dir_dedicate *d, const uint8_t *p);
void dir_encode_terminal(const struct dir_terminal *t, uint8_t *p);
void dir_decode_terminal(struct dir_terminal *t, const uint8_t *p);
/* The whole directory in `len` bytes is consistent: the header's counts
 * match the length; the minidisk, link, dedicated device and terminal tables are
 * shared out among the users (each user's entries lie in them, no entry
 * belongs to two users or to none), a user has at most
 * DIR_MAX_USER_TERMINALS terminals; userids are valid and unique;
 * storage, share, classes, flags, modes and addresses are in range; a
 * user's device addresses (dedicated ones and terminals too) are distinct and its ipl
 * is one of them; its ipl_parm is zero after its first zero, and empty
 * without an ipl; links name existing users' minidisks (W only to a W or MW
 * minidisk); no two read-write minidisks overlap on a real device; no
 * real terminal is used twice (as consoles' terminals or terminals'); a
 * real device is dedicated at most once, and then is no minidisk's real
 * device and no terminal.
 * NULL, or `why` holding a short reason naming the user ("user ALICE:
 * link 190 names no minidisk 190 of MAINT"), in the compiler's character
 * set (EBCDIC in CP, ASCII on the host; userids are shown in it too). */
#define DIR_WHY_SIZE 128
const char *dir_check(const uint8_t *p, uint32_t len, char why[DIR_WHY_SIZE]);

#endif
