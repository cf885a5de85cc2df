/* fs.h: the CMS file system, shared by CMS (guest) and `creasy disk` (host).
 *
 * Design note. One implementation (cms/fs_*.c, one concern a file: see
 * fs_internal.h) is compiled into the CMS nucleus and into CP with the
 * guest toolchain, where blocks move by channel program (or DIAG under
 * CP), and into creasy on the host, where they are read from the image
 * file. So the host tool and CMS agree on the format by construction. It
 * is freestanding: no allocation, no libc beyond memcpy/memset/memcmp,
 * and every byte it puts on disk is written as a number, never as a
 * character literal, because the guest build's literals are EBCDIC and
 * the host build's are ASCII (codec.h). Names on disk are EBCDIC, blank
 * (X'40') padded; callers convert.
 *
 * The disk is a flat FN FT file system on fixed 512-byte blocks (FBA):
 *
 *   block 0            IPL record: IPL PSW, the IPL CCW chain that loads
 *                      the nucleus (fs_set_nucleus), or zeros
 *   block 1            the label (struct fs_label), with a checksum
 *   blocks 2..         the directory: dir_blocks blocks of 8 entries
 *                      (struct fs_dirent, 64 bytes, each with a checksum)
 *   nucleus_start..    the reserved nucleus area (nucleus_blocks)
 *   data_start..end    file data and index blocks
 *
 * On disk every structure is its fields in the order declared below,
 * packed, integers big-endian (the machine's order); fs_ondisk.c encodes
 * and decodes explicitly, so the host build is right on a little-endian host.
 *
 * The IPL record (fs_set_nucleus), for the FBA device's Read IPL command
 * (machine/io/devices.h), which reads from block 0 onwards; a small
 * first-stage loader (fs_nucleus.c has its code and why):
 *
 *   +0   IPL PSW: 00080000 8000FE94, the loader
 *   +8   CCW 02 (Read IPL), 512 bytes to FS_BOOT_ADDR: block 0 again; the end
 *   +10  the nucleus's PSW: 00080000 80000000|entry
 *   +18  its disabled wait for too little storage: 000A0000 80000000|wait
 *   +20  CCW 09 (Write) SLI, its message's length, to +1D0
 *   +28  the last byte of storage it needs; +2C its console
 *   +30  Define Extent data: the whole disk, writes inhibited; +40 Locate data
 *   +48  the loader's PSWs, save area and code, to +12E
 *   +130 CCW 63 (Define Extent) CC, 16 bytes from +30; CCW 43 (Locate) CC,
 *        8 bytes from +40: the nucleus's blocks (nucleus_bytes rounded up
 *        to whole blocks) from nucleus_start
 *   +140 CCWs 42 (Read), data-chained, at most 0x8000 bytes each, to
 *        nucleus_load onwards; the last ends the chain
 *   +1D0 the message (FS_IPL_TEXT_MAX bytes at most)
 *
 * The loader fetches the last byte the nucleus needs. If it is not there,
 * it writes the message on the console and loads the wait; if it is, it
 * reads the nucleus on the IPL device (a failed read: disabled wait
 * FS_IPL_WAIT_IO) and loads the nucleus's PSW, with the registers as the
 * IPL left them. What the nucleus needs, and says, it tells `creasy disk
 * ipl` with an object named FS_IPL_NEEDS_SYMBOL (struct fs_ipl_needs);
 * without one, it needs the storage it is read into, and the message is
 * the host tool's.
 *
 * A file is a byte stream held in data blocks, found through a chain of
 * index blocks (struct fs_index). Records: F files are lrecl bytes each,
 * back to back; V files are a 2-byte big-endian length and that many
 * bytes, back to back. Records span blocks freely.
 *
 * There is no free-space map on disk: fs_mount() builds one in memory by
 * walking every file's index chain, so the directory alone says what is
 * in use and nothing can disagree with it.
 *
 * Robustness. The directory entry is the commit point. A new or replaced
 * file is written into free blocks; fs_close() writes its last blocks,
 * then the one directory block that names it, and only then releases the
 * blocks of the file it replaced (or, if readers still have that file
 * open, when the last of them closes). A failure before that (disk full, I/O
 * error) leaves the disk as it was: fs_abort() forgets the new blocks. At
 * mount, an entry with a bad checksum, bad fields, an index chain that
 * leaves the data area, loops, or claims a block another file owns is
 * quarantined: reported through the callback, not listed, not opened,
 * and its blocks stay allocated so nothing is written over them. Every
 * other file stays usable. A disk whose label is bad does not mount
 * (FS_ECORRUPT), and nothing is written to it.
 */
#ifndef CREASY_CMS_FS_H
#define CREASY_CMS_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FS_BLKSIZE 512
#define FS_MAX_BLOCKS 32768          /* 16 MB: the largest disk fs_mount takes */
#define FS_MAX_FILES 256             /* directory entries a disk can have */
#define FS_DIR_PER_BLOCK (FS_BLKSIZE / 64)
#define FS_INDEX_SLOTS 126           /* data block numbers per index block */
#define FS_MAX_LRECL 65535

/* Block numbers of the fixed parts. */
#define FS_IPL_BLOCK 0
#define FS_LABEL_BLOCK 1
#define FS_DIR_START 2

/* "CMS1" in EBCDIC: the label's magic */
#define FS_MAGIC 0xC3D4E2F1u
#define FS_VERSION 1

/* Record formats, as EBCDIC letters */
#define FS_RECFM_F 0xC6   /* 'F' */
#define FS_RECFM_V 0xE5   /* 'V' */

#define FS_BLANK 0x40     /* EBCDIC blank: the pad of names and labels */
#define FS_STAR 0x5C      /* EBCDIC '*': a pattern's wildcard */

/* Errors: negative. fs_strerror() gives a message; cms_rc() in CMS maps
 * them to the return codes programs and the ready message show. */
enum {
    FS_OK = 0,
    FS_ENOTFOUND = -1,   /* no such file */
    FS_EFULL = -2,       /* no free data block */
    FS_EDIRFULL = -3,    /* no free directory entry */
    FS_EEXIST = -4,      /* the new name is taken */
    FS_ERDONLY = -5,     /* the disk is read-only */
    FS_EIO = -6,         /* the device reported an error */
    FS_ECORRUPT = -7,    /* the label, or the file's index chain, is bad */
    FS_EBUSY = -8,       /* the file is open */
    FS_EINVAL = -9,      /* a bad name, record format, length or argument */
    FS_ENOTFMT = -10,    /* no CMS label: the disk is not formatted */
    FS_ETOOBIG = -11,    /* a record longer than lrecl allows, a nucleus larger than its area */
    FS_EOF = -12,        /* fs_read: no more records */
    FS_ENOTMOUNTED = -13,
};

#define FS_BOOT_ADDR 0xFE00        /* where the IPL chain puts block 0 again */
#define FS_MAX_NUCLEUS_CCWS 18     /* Read CCWs that fit before the message: 18 * 32K */
#define FS_IPL_TEXT_MAX 48         /* the too-small message's bytes, at most */
#define FS_IPL_LOW_CORE 0x200      /* low core, which the loader uses: no nucleus there */
#define FS_IPL_WAIT_STORAGE 0x000F0001u   /* the loader's waits: too little storage (no */
#define FS_IPL_WAIT_IO 0x000F0002u        /*   fs_ipl_needs), the nucleus's read failed */

/* What a nucleus needs of the machine, for the IPL record's loader: a
 * nucleus defines `const struct fs_ipl_needs fs_ipl_needs` (the guest
 * build's layout: 16 bytes, storage +0, wait +4, console +8, len +10,
 * text +12), and `creasy disk ipl` finds it by name in the ELF. */
#define FS_IPL_NEEDS_SYMBOL "fs_ipl_needs"
struct fs_ipl_needs {
    uint32_t storage;          /* bytes of storage it needs, at least */
    uint32_t wait;             /* its disabled wait's code (the PSW's address) */
    uint16_t console;          /* where to say so: a 3215's address */
    uint16_t len;              /* the message, at most FS_IPL_TEXT_MAX bytes */
    const uint8_t *text;       /*   as it would write it (EBCDIC) */
};

/* block 1 */
struct fs_label {
    uint32_t magic;            /* FS_MAGIC */
    uint8_t label[6];          /* volume label, EBCDIC, blank padded */
    uint16_t version;          /* FS_VERSION */
    uint32_t blksize;          /* FS_BLKSIZE */
    uint32_t nblocks;          /* blocks on the disk */
    uint32_t dir_blocks;       /* directory: blocks FS_DIR_START.. */
    uint32_t nucleus_start;    /* reserved nucleus area */
    uint32_t nucleus_blocks;   /*   (0: none) */
    uint32_t nucleus_load;     /* where the IPL chain loads the nucleus */
    uint32_t nucleus_bytes;    /*   and how much of it: 0 when none is written */
    uint32_t nucleus_entry;    /* where the nucleus is entered */
    uint32_t data_start;       /* first data block */
    uint64_t formatted;        /* TOD clock at FORMAT */
    uint32_t checksum;         /* fs_checksum of the bytes before it */
};

/* a directory entry, 64 bytes */
struct fs_dirent {
    uint8_t fn[8], ft[8];      /* EBCDIC, blank padded; fn[0] == 0: free entry */
    uint8_t recfm;             /* FS_RECFM_F or FS_RECFM_V */
    uint8_t flags;             /* reserved, 0 */
    uint16_t reserved;
    uint32_t lrecl;            /* F: the record length; V: the longest record */
    uint32_t nrecs;            /* records */
    uint32_t nbytes;           /* bytes in the stream (V: with the length prefixes) */
    uint32_t nblocks;          /* data blocks */
    uint32_t index;            /* first index block, 0 for an empty file */
    uint64_t mtime;            /* TOD clock when written */
    uint8_t pad[12];
    uint32_t checksum;         /* fs_checksum of the 60 bytes before it */
};

/* an index block */
struct fs_index {
    uint32_t next;             /* next index block, or 0 */
    uint32_t count;            /* data blocks listed here, 1..FS_INDEX_SLOTS */
    uint32_t block[FS_INDEX_SLOTS];
};

struct fs_file;

/* A disk as the file system sees it. The caller fills the first group and calls
 * fs_mount (or fs_format). In CMS these live in the nucleus's bss, one
 * per accessed disk; on the host, one per image. */
struct fs_disk {
    /* the caller's */
    void *dev;
    int (*read_block)(void *dev, uint32_t blk, void *buf);         /* 0, or FS_EIO */
    int (*write_block)(void *dev, uint32_t blk, const void *buf);  /* 0, or FS_EIO */
    uint32_t dev_blocks;       /* the device's size */
    bool readonly;
    /* the file system's */
    bool mounted;
    struct fs_label label;
    struct fs_dirent dir[FS_MAX_FILES];   /* as on disk (decoded) */
    uint8_t quarantined[FS_MAX_FILES];    /* nonzero: a bad entry, kept aside (fs_mount.c's reason code) */
    uint8_t used[FS_MAX_BLOCKS / 8];      /* in-memory allocation map */
    uint32_t free_blocks;
    uint32_t nopen;            /* files open on it (a read or a write) */
    struct fs_file *open;      /* those files, linked through fs_file.next_open */
    uint32_t rotor;            /* where the next free-block search starts */
};

/* An open file: one reader or one writer. */
struct fs_file {
    struct fs_disk *d;
    int slot;                  /* directory entry; for a new file, -1 until close */
    int replaces;              /* writing over an existing file: its slot, or -1 */
    bool writing;
    struct fs_dirent ent;      /* the entry being read, or being built */
    uint32_t pos;              /* byte offset in the stream */
    uint32_t rec;              /* records read or written */
    /* the block being read or filled, and where it is */
    uint8_t buf[FS_BLKSIZE];
    uint32_t buf_blockno;      /* which data block (0-based in the file) is in buf, or ~0 */
    struct fs_index idx;       /* the index block being read or filled */
    uint32_t idx_block;        /* its block number (0: none yet) */
    uint32_t idx_first;        /* reading: the index block number of block 0;
                                  writing: the first index block allocated */
    uint32_t idx_base;         /* file block number of idx.block[0] */
    /* the file system's bookkeeping */
    struct fs_file *next_open; /* on d->open while open */
    int error;                 /* the error that spoiled it: later calls return it */
    bool orphan;               /* a reader whose file was replaced under it: it keeps
                                  the old blocks allocated until it closes */
};

/* Called by fs_mount for each quarantined entry; `why` is a short reason. */
typedef void fs_complain_fn(void *arg, int slot, const struct fs_dirent *e, const char *why);

/* Format: write a new label and an empty directory of `dir_blocks`
 * blocks, reserving `nucleus_blocks` for a nucleus. Block 0 is zeroed
 * (not IPLable until fs_set_nucleus). Leaves the disk mounted. */
int fs_format(struct fs_disk *d, const uint8_t label[6], uint32_t dir_blocks, uint32_t nucleus_blocks,
              uint64_t now);

/* Read and check the label and directory; build the allocation map. */
int fs_mount(struct fs_disk *d, fs_complain_fn *complain, void *arg);
void fs_unmount(struct fs_disk *d);

/* Write `len` bytes of nucleus image, to be loaded at `load` and entered
 * at `entry` (supervisor state, EC mode, all interruptions disabled), into
 * the nucleus area, and write the IPL record that loads it, checking for
 * what `needs` says (NULL: the storage it is read into, and no message).
 * FS_EINVAL if it would load over low core (FS_IPL_LOW_CORE) or the
 * record, or `needs` is out of range. */
int fs_set_nucleus(struct fs_disk *d, const void *image, uint32_t len, uint32_t load, uint32_t entry,
                   const struct fs_ipl_needs *needs);

/* Directory. Names are 8-byte EBCDIC fields, blank padded. A pattern
 * field of FS_STAR alone matches anything; one ending in FS_STAR matches
 * the prefix before it. fs_next returns the next slot after `slot`
 * (start with -1) whose entry matches, in directory order, or -1. */
int fs_lookup(const struct fs_disk *d, const uint8_t fn[8], const uint8_t ft[8]);
int fs_next(const struct fs_disk *d, int slot, const uint8_t fn_pat[8], const uint8_t ft_pat[8]);
bool fs_match(const uint8_t name[8], const uint8_t pat[8]);
bool fs_valid_name(const uint8_t name[8]);   /* A-Z 0-9 $ # @ + - _ and blanks after */

/* Reading: records in order. fs_read copies up to `max` bytes of the next
 * record and returns the record's full length (so a caller sees a
 * truncation), FS_EOF after the last, or an error. */
int fs_open(struct fs_disk *d, struct fs_file *f, const uint8_t fn[8], const uint8_t ft[8]);
int fs_read(struct fs_file *f, void *buf, uint32_t max);

/* Writing: a new file, or a replacement for an existing one of that name
 * (which stays intact and readable until fs_close commits). For F files
 * every record must be lrecl bytes; for V files, 1..FS_MAX_LRECL bytes
 * (lrecl is then ignored and the entry records the longest). fs_create
 * refuses (FS_EBUSY) to replace a file open for reading, or a name
 * another writer has open; fs_erase and fs_rename refuse a file open for
 * reading or being replaced, and fs_rename a new name being written. A
 * wrong record length (FS_EINVAL, FS_ETOOBIG) changes nothing; after
 * FS_EFULL or FS_EIO the writer is spoiled: every later call returns
 * that error until fs_abort. */
int fs_create(struct fs_disk *d, struct fs_file *f, const uint8_t fn[8], const uint8_t ft[8], uint8_t recfm,
              uint32_t lrecl, uint64_t now);
int fs_write(struct fs_file *f, const void *rec, uint32_t len);

/* Close: a reader just lets go; a writer commits (see above). After an
 * error from fs_write or fs_close a writer must fs_abort, which releases
 * everything the new file took and leaves the disk as before fs_create. */
int fs_close(struct fs_file *f);
void fs_abort(struct fs_file *f);

int fs_erase(struct fs_disk *d, const uint8_t fn[8], const uint8_t ft[8]);
int fs_rename(struct fs_disk *d, const uint8_t fn[8], const uint8_t ft[8], const uint8_t nfn[8],
              const uint8_t nft[8]);

/* Space: blocks for data in all, and free. */
uint32_t fs_data_blocks(const struct fs_disk *d);
uint32_t fs_free_blocks(const struct fs_disk *d);
uint32_t fs_files(const struct fs_disk *d);   /* entries in use (not quarantined) */
uint32_t fs_file_blocks(const struct fs_dirent *e);   /* its data and index blocks */

const char *fs_strerror(int err);
uint32_t fs_checksum(const void *p, size_t n);

#endif
