/* fs_internal.h: what the files of the CMS file system share with each
 * other, and with nobody else (callers use fs.h).
 *
 * Design note. The file system (fs.h) is one module in several files,
 * each one concern, all compiled into CMS, CP and creasy:
 *
 *   fs_ondisk.c    the on-disk structures: encoding, decoding, checksums
 *   fs_blocks.c    block I/O, the in-memory allocation map, index chains
 *   fs_dir.c       names, the directory, open files; erase and rename
 *   fs_mount.c     format and mount (its three passes), fs_strerror
 *   fs_nucleus.c   the IPL record and the nucleus area
 *   fs_read.c      opening and reading files
 *   fs_write.c     creating, writing, committing and abandoning files
 *
 * Nothing here allocates or keeps state outside the caller's struct
 * fs_disk and struct fs_file. The names below carry the module's fs_
 * prefix but are not its interface.
 */
#ifndef CREASY_CMS_FS_INTERNAL_H
#define CREASY_CMS_FS_INTERNAL_H

#include "codec.h"
#include "fs.h"

#define FS_NO_BLOCK 0xFFFFFFFFu       /* fs_file.buf_blockno: nothing in buf */
#define FS_MIN_DATA_BLOCKS 2          /* the smallest useful file: an index and a data block */

/* struct fs_label on disk (block 1) */
enum {
    LB_MAGIC = 0, LB_LABEL = 4, LB_VERSION = 10, LB_BLKSIZE = 12, LB_NBLOCKS = 16, LB_DIR_BLOCKS = 20,
    LB_NUC_START = 24, LB_NUC_BLOCKS = 28, LB_NUC_LOAD = 32, LB_NUC_BYTES = 36, LB_NUC_ENTRY = 40,
    LB_DATA_START = 44, LB_FORMATTED = 48, LB_CHECKSUM = 56
};
/* struct fs_dirent on disk */
enum {
    DE_FN = 0, DE_FT = 8, DE_RECFM = 16, DE_FLAGS = 17, DE_RESERVED = 18, DE_LRECL = 20, DE_NRECS = 24,
    DE_NBYTES = 28, DE_NBLOCKS = 32, DE_INDEX = 36, DE_MTIME = 40, DE_PAD = 48, DE_CHECKSUM = 60, DE_SIZE = 64
};

/* ---- fs_ondisk.c ---- */
void fs_label_encode(const struct fs_label *l, uint8_t *b);
void fs_label_decode(struct fs_label *l, const uint8_t *b);
void fs_dirent_encode(const struct fs_dirent *e, uint8_t *p);
void fs_dirent_decode(struct fs_dirent *e, const uint8_t *p);
void fs_dirent_seal(struct fs_dirent *e);    /* set e->checksum for its other fields */
void fs_index_encode(const struct fs_index *x, uint8_t *b);
void fs_index_decode(struct fs_index *x, const uint8_t *b);

/* ---- fs_blocks.c ---- */
int fs_blk_read(struct fs_disk *d, uint32_t blk, void *buf);           /* 0, FS_EIO */
int fs_blk_write(struct fs_disk *d, uint32_t blk, const void *buf);    /* 0, FS_EIO, FS_ERDONLY */
int fs_label_write(struct fs_disk *d, struct fs_label *l);             /* seals l->checksum */
bool fs_in_data(const struct fs_disk *d, uint32_t b);
bool fs_map_test(const struct fs_disk *d, uint32_t b);
void fs_map_claim(struct fs_disk *d, uint32_t b);
void fs_map_release(struct fs_disk *d, uint32_t b);
uint32_t fs_block_alloc(struct fs_disk *d);                            /* 0: the disk is full */
void fs_chain_release(struct fs_disk *d, uint32_t first, uint32_t nblocks);

/* ---- fs_dir.c ---- */
bool fs_valid_field(const uint8_t *p, int n, bool empty_ok);
uint32_t fs_dir_entries(const struct fs_disk *d);
bool fs_slot_in_use(const struct fs_disk *d, uint32_t s);
int fs_free_slot(const struct fs_disk *d);
int fs_dir_write(struct fs_disk *d, int slot, const struct fs_dirent *e);
void fs_open_link(struct fs_disk *d, struct fs_file *f);      /* onto d->open */
bool fs_open_unlink(struct fs_file *f);                        /* false: it was not on it */
bool fs_open_listed(const struct fs_file *f);                  /* on its disk's list, mounted */
bool fs_slot_busy(const struct fs_disk *d, int slot);
bool fs_name_being_written(const struct fs_disk *d, const uint8_t fn[8], const uint8_t ft[8]);
int fs_may_change(const struct fs_disk *d, const uint8_t fn[8], const uint8_t ft[8]);   /* FS_OK or why not */

/* ---- fs_read.c ---- */
void fs_reader_close(struct fs_file *f);

#endif
