/* disk_cmd.c: `creasy disk`, the host tool for CMS disk images.
 *
 *   creasy disk format IMAGE [--blocks N] [--label LABEL] [--dir-blocks N] [--nucleus-blocks N]
 *   creasy disk ipl IMAGE NUCLEUS.elf
 *   creasy disk put IMAGE HOSTFILE [FN FT] [--text|--binary] [--recfm F|V] [--lrecl N] [--replace]
 *   creasy disk get IMAGE FN FT [HOSTFILE|-] [--text|--binary]
 *   creasy disk list IMAGE
 *   creasy disk erase IMAGE FN FT
 *   creasy disk rename IMAGE FN FT NFN NFT
 *   (put, get, list, erase and rename take --extent START:BLOCKS: one
 *   minidisk of a volume that holds several, a user's 191 say)
 *
 * Design note. The file system here is cms/fs_*.c itself, the code CMS
 * runs, reading and writing the image file a 512-byte block at a time
 * (pread/pwrite; a short or failed write is FS_EIO). So this tool and
 * CMS agree on the format by construction, and a failed put, erase or
 * rename leaves the image as fs.c's commit rules leave a disk: as it was.
 * format and ipl rewrite fixed blocks in place; fs.c orders their writes
 * so that a failure part way leaves a disk plainly unformatted, or one
 * without an IPL record, never a mixture. Commands lock the image file
 * (flock: one writer, or readers) against each other and against a
 * running creasy, whose FBA device holds the writer's lock on an image
 * it has attached read-write (dev_fba.c): such an image is refused,
 * saying who holds it (/proc/locks) and what to do instead.
 *
 * `get` writes a host file the way hostfile.h says: a regular file (or
 * none) through HOSTFILE.tmp and a rename, so a failure leaves the old
 * one; a device node or a link in place, never removed.
 *
 * Names on the command line are ASCII, any case; they become upper-case
 * EBCDIC. Text files become one EBCDIC record per line (a CR before the
 * newline is dropped, tabs are expanded to 8 columns, an empty line is one
 * blank since a V record has at least a byte); `get` gives lines back
 * with trailing blanks dropped. Binary
 * files are V records of up to 1024 bytes (or F records of LRECL bytes),
 * so `get --binary` returns the exact bytes. Times (file mtime, format
 * time) are the host's wall clock as a TOD value (the epoch of
 * machine/cpu/clock.c, 1900).
 *
 * Errors are one line, `creasy disk: IMAGE: reason` (or `HOSTFILE:LINE:
 * reason` for a bad input line); exit status 1 for a failed operation,
 * 2 for bad usage. Quarantined directory entries are reported as
 * `IMAGE: directory entry N: reason` and do not fail the command.
 *
 * How to add a subcommand: write disk_<name>(), add a row to `commands`
 * with its positional counts and the options it takes.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "channel.h"
#include "commands.h"
#include "elf.h"
#include "fs.h"
#include "hostfile.h"
#include "options.h"
#include "tool_msg.h"

#define DEFAULT_BLOCKS 8192
#define DEFAULT_DIR_BLOCKS (FS_MAX_FILES / FS_DIR_PER_BLOCK)
#define DEFAULT_NUCLEUS_BLOCKS 0            /* a data disk; a system disk asks for its area */
#define DEFAULT_LABEL "CREASY"
#define DEFAULT_F_LRECL 80
#define BINARY_RECORD 1024
#define NUCLEUS_STORAGE (16u << 20)         /* where `ipl` loads the ELF to lay it out */
#define MAX_POS 6

static const struct tool_msg disk_msg = {"creasy disk", NULL};

/* What the command line said. */
struct opts {
    const char *pos[MAX_POS];
    int npos;
    u64 blocks, dir_blocks, nucleus_blocks, lrecl;
    bool has_blocks, has_lrecl, binary, replace;
    const char *label;
    u8 recfm;   /* FS_RECFM_F or FS_RECFM_V */
};

/* An image file as fs.c's block device. */
struct image {
    const char *path;
    int fd;
    int complaints;         /* what mount found damaged (and set aside) */
    u64 first;              /* --extent: the minidisk's first block in the image */
    struct fs_disk disk;
};

/* --extent START:BLOCKS: the commands work on that minidisk of a volume
 * that holds several (a user volume: the directory's start and blocks),
 * as CP would give it to its user, and never touch a block outside it. */
static struct {
    bool on;
    u64 start, blocks;
} extent;

/* TOD clock value for now (bit 51 = 1 microsecond since 1900-01-01). */
static uint64_t tod_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (((uint64_t)ts.tv_sec + 2208988800ull) * 1000000ull + (uint64_t)ts.tv_nsec / 1000) << 12;
}

/* ---- names --------------------------------------------------------------------------- */

/* ASCII `s` to an upper-case EBCDIC field of n bytes, blank padded. */
static bool field_from_ascii(const char *s, u8 *out, size_t n)
{
    size_t len = strlen(s);
    if (len > n)
        return false;
    memset(out, FS_BLANK, n);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        out[i] = ascii_to_ebcdic[c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c];
    }
    return true;
}

static bool name_from_ascii(const char *s, u8 out[8]) { return field_from_ascii(s, out, 8) && fs_valid_name(out); }

/* An EBCDIC field as ASCII, trailing blanks dropped. */
static void field_to_ascii(const u8 *p, size_t n, char *out)
{
    while (n && p[n - 1] == FS_BLANK)
        n--;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)ebcdic_to_ascii[p[i]];
    out[n] = 0;
}

static int bad_name(const char *s)
{
    return tool_usage_error(&disk_msg, "'%s' is not a file name (1 to 8 of A-Z 0-9 $ # @ + - _)", s);
}

/* ---- the image --------------------------------------------------------------------- */

static int image_read(void *dev, uint32_t blk, void *buf)
{
    struct image *im = dev;
    if (blk >= im->disk.dev_blocks)
        return FS_EIO;   /* outside the image, or its --extent */
    ssize_t n = pread(im->fd, buf, FS_BLKSIZE, (off_t)(im->first + blk) * FS_BLKSIZE);
    return n == FS_BLKSIZE ? 0 : FS_EIO;
}

static int image_write(void *dev, uint32_t blk, const void *buf)
{
    struct image *im = dev;
    if (blk >= im->disk.dev_blocks)
        return FS_EIO;
    ssize_t n = pwrite(im->fd, buf, FS_BLKSIZE, (off_t)(im->first + blk) * FS_BLKSIZE);
    return n == FS_BLKSIZE ? 0 : FS_EIO;
}

static void complain(void *arg, int slot, const struct fs_dirent *e, const char *why)
{
    struct image *im = arg;
    im->complaints++;
    fprintf(stderr, "%s: directory entry %d: %s\n", im->path, slot, why);
}

static void image_close(struct image *im)
{
    if (!im)
        return;
    if (im->fd >= 0)
        close(im->fd);
    free(im);
}

/* The image is locked: by another creasy disk command (wait for it), or
 * by a running creasy that has it attached read-write, whose guest
 * caches its directory (CMS does), so writing under it would lose files
 * and reading could see half a change: the way is through the guest, or
 * after creasy has stopped. */
static void refuse_locked(const char *path, const struct stat *st)
{
    bool writer;
    char kind, who[32] = "";
    long pid = hostfile_lock_holder(st, &writer, &kind);
    if (pid)
        snprintf(who, sizeof who, " (pid %ld)", pid);
    if (kind == 'd' || (pid && !writer))
        tool_fail(&disk_msg, path, "in use by another creasy disk command%s: try again when it is done", who);
    else if (kind == 'c' || !pid)
        tool_fail(&disk_msg, path,
                  "attached read-write by a running creasy%s: put or get the file through the guest (CMS's "
                  "own commands), or stop creasy first",
                  who);
    else
        tool_fail(&disk_msg, path, "locked by another process%s: try again when it is done", who);
}

/* Open an image for fs.c (not mounted yet); NULL after reporting why. */
static struct image *image_open(const char *path, bool writable)
{
    struct image *im = calloc(1, sizeof *im);
    struct stat st;
    if (!im) {
        tool_fail(&disk_msg, path, "out of memory");
        return NULL;
    }
    im->path = path;
    im->fd = open(path, writable ? O_RDWR : O_RDONLY);
    if (im->fd < 0 || fstat(im->fd, &st) < 0) {
        tool_fail(&disk_msg, path, "%s", strerror(errno));
        image_close(im);
        return NULL;
    }
    /* one writer or any readers among creasy disk commands at a time */
    if (flock(im->fd, (writable ? LOCK_EX : LOCK_SH) | LOCK_NB) < 0) {
        refuse_locked(path, &st);
        image_close(im);
        return NULL;
    }
    if (!S_ISREG(st.st_mode) || st.st_size % FS_BLKSIZE || st.st_size == 0) {
        tool_fail(&disk_msg, path, "not a disk image (its size, %lld bytes, is not a positive multiple of %d)",
                  (long long)st.st_size, FS_BLKSIZE);
        image_close(im);
        return NULL;
    }
    u64 blocks = (u64)st.st_size / FS_BLKSIZE;
    if (extent.on) {
        if (extent.start >= blocks || extent.blocks > blocks - extent.start) {
            tool_fail(&disk_msg, path, "--extent %llu:%llu is not inside its %llu blocks",
                      (unsigned long long)extent.start, (unsigned long long)extent.blocks,
                      (unsigned long long)blocks);
            image_close(im);
            return NULL;
        }
        im->first = extent.start;
        blocks = extent.blocks;
    }
    im->disk.dev = im;
    im->disk.read_block = image_read;
    im->disk.write_block = image_write;
    im->disk.dev_blocks = blocks > 0xFFFFFFFFu ? 0xFFFFFFFFu : (u32)blocks;
    im->disk.readonly = !writable;
    return im;
}

/* Open and mount; NULL after reporting why. */
static struct image *image_mount(const char *path, bool writable)
{
    struct image *im = image_open(path, writable);
    if (!im)
        return NULL;
    int rc = fs_mount(&im->disk, complain, im);
    if (rc) {
        if (rc == FS_ENOTFMT)
            tool_fail(&disk_msg, path, "not a CMS disk (no label): format it with `creasy disk format`");
        else if (rc == FS_ECORRUPT)
            tool_fail(&disk_msg, path, "the label (block 1) is damaged");
        else
            tool_fail(&disk_msg, path, "%s", fs_strerror(rc));
        image_close(im);
        return NULL;
    }
    return im;
}

/* "FN FT" in ASCII for messages. */
static const char *file_id(const u8 fn[8], const u8 ft[8], char out[20])
{
    char a[9], b[9];
    field_to_ascii(fn, 8, a);
    field_to_ascii(ft, 8, b);
    snprintf(out, 20, "%s %s", a, b);
    return out;
}

/* ---- format ------------------------------------------------------------------------- */

static int disk_format(const struct opts *o)
{
    const char *path = o->pos[0];
    struct stat st;
    bool exists = stat(path, &st) == 0;
    u64 blocks = o->has_blocks ? o->blocks : DEFAULT_BLOCKS;
    const char *label_text = o->label ? o->label : DEFAULT_LABEL;
    u8 label[8];   /* checked as a name; the label is its first 6 bytes */

    memset(label, FS_BLANK, sizeof label);
    if (strlen(label_text) > 6 || (*label_text && !name_from_ascii(label_text, label)))
        return tool_usage_error(&disk_msg, "--label wants up to 6 of A-Z 0-9 $ # @ + - _, not '%s'", label_text);
    if (o->dir_blocks < 1 || o->dir_blocks > FS_MAX_FILES / FS_DIR_PER_BLOCK)
        return tool_usage_error(&disk_msg, "--dir-blocks wants 1 to %d (8 files a block)",
                                FS_MAX_FILES / FS_DIR_PER_BLOCK);
    if (o->nucleus_blocks > FS_MAX_BLOCKS)
        return tool_usage_error(&disk_msg, "--nucleus-blocks wants 0 to %d", FS_MAX_BLOCKS);
    if (exists && !o->has_blocks) {
        if (!S_ISREG(st.st_mode) || st.st_size % FS_BLKSIZE)
            return tool_fail(&disk_msg, path,
                             "not a disk image (its size, %lld bytes, is not a multiple of %d): give --blocks",
                             (long long)st.st_size, FS_BLKSIZE);
        blocks = (u64)st.st_size / FS_BLKSIZE;
    }
    u64 least = FS_DIR_START + o->dir_blocks + o->nucleus_blocks + 2;
    if (blocks > FS_MAX_BLOCKS)
        return tool_fail(&disk_msg, path, "%llu blocks is more than a CMS disk can have (%d)",
                         (unsigned long long)blocks, FS_MAX_BLOCKS);
    if (blocks < least)
        return tool_fail(&disk_msg, path,
                         "%llu blocks is too small for a %llu-block directory and a %llu-block nucleus area "
                         "(at least %llu blocks; see --dir-blocks, --nucleus-blocks)",
                         (unsigned long long)blocks, (unsigned long long)o->dir_blocks,
                         (unsigned long long)o->nucleus_blocks, (unsigned long long)least);

    int fd = open(path, O_RDWR | O_CREAT, 0666);
    if (fd < 0)
        return tool_fail(&disk_msg, path, "%s", strerror(errno));
    if ((!exists || o->has_blocks) &&
        (flock(fd, LOCK_EX | LOCK_NB) < 0 || ftruncate(fd, (off_t)blocks * FS_BLKSIZE) < 0)) {
        int e = errno;
        close(fd);
        if (!exists)
            unlink(path);
        return tool_fail(&disk_msg, path, "%s", strerror(e));
    }
    close(fd);
    struct image *im = image_open(path, true);
    if (!im) {
        if (!exists)
            unlink(path);
        return 1;
    }
    int rc = fs_format(&im->disk, label, (u32)o->dir_blocks, (u32)o->nucleus_blocks, tod_now());
    image_close(im);
    if (rc) {
        if (!exists)
            unlink(path);
        return tool_fail(&disk_msg, path, "cannot format: %s", fs_strerror(rc));
    }
    return 0;
}

/* ---- ipl ------------------------------------------------------------------------------ */

static int read_whole(const char *path, u8 **data, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    u8 *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            u8 *nb = realloc(buf, cap = cap ? cap * 2 : 65536);
            if (!nb) {
                free(buf);
                fclose(f);
                errno = ENOMEM;
                return -1;
            }
            buf = nb;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (!got)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        errno = EIO;
        return -1;
    }
    *data = buf;
    *size = len;
    return 0;
}

static u32 be32_at(const u8 *p) { return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3]; }

/* The span of storage the ELF's loadable segments fill from the file:
 * from the lowest to the end of the highest. bss is left out: the
 * nucleus clears its own. elf_load has checked the headers already. */
static int elf_file_span(const char *path, u32 *lo, u32 *end)
{
    u8 *f;
    size_t size;
    if (read_whole(path, &f, &size) < 0)
        return tool_fail(&disk_msg, path, "%s", strerror(errno));
    u32 phoff = size >= 52 ? be32_at(f + 28) : 0, phentsize = size >= 52 ? (u32)f[42] << 8 | f[43] : 0,
        phnum = size >= 52 ? (u32)f[44] << 8 | f[45] : 0;
    if (size < 52 || phentsize < 32 || phoff > size || (u64)phnum * phentsize > size - phoff) {
        free(f);
        return tool_fail(&disk_msg, path, "changed while it was read");   /* elf_load checked it a moment ago */
    }
    *lo = 0xFFFFFFFFu;
    *end = 0;
    for (u32 i = 0; i < phnum; i++) {
        const u8 *ph = f + phoff + i * phentsize;
        u32 paddr = be32_at(ph + 12), filesz = be32_at(ph + 16);
        if (be32_at(ph) != 1 || filesz == 0)   /* PT_LOAD with bytes */
            continue;
        if (paddr < *lo)
            *lo = paddr;
        if (paddr + filesz > *end)
            *end = paddr + filesz;
    }
    free(f);
    if (*end == 0)
        return tool_fail(&disk_msg, path, "no loadable bytes");
    return 0;
}

/* What the nucleus needs (cms/fs.h): its FS_IPL_NEEDS_SYMBOL object, as
 * the guest build lays it out, or else the storage its segments take
 * (bss and stack too) and a message of ours, on the console at 009. 0, or
 * 1 after reporting why. */
static int ipl_needs(const char *elf, struct machine *m, const struct elf_image *img, struct fs_ipl_needs *n,
                     u8 *text)
{
    const struct elf_sym *s = elf_find(img, FS_IPL_NEEDS_SYMBOL);
    if (!s) {
        char msg[FS_IPL_TEXT_MAX + 1];
        u32 k = (img->hi + 1023) >> 10;
        int len = snprintf(msg, sizeof msg, "IPL: NUCLEUS NEEDS AT LEAST %uK OF STORAGE", k);
        len = len < 0 ? 0 : len > FS_IPL_TEXT_MAX ? FS_IPL_TEXT_MAX : len;
        for (int i = 0; i < len; i++)
            text[i] = ascii_to_ebcdic[(unsigned char)msg[i]];
        *n = (struct fs_ipl_needs){k << 10, FS_IPL_WAIT_STORAGE, 0x009, (uint16_t)len, text};
        return 0;
    }
    const u8 *p = m->mem + s->addr;
    if (s->addr > m->mem_size - 16)
        return tool_fail(&disk_msg, elf, "%s at 0x%X is not in its loaded bytes", FS_IPL_NEEDS_SYMBOL, s->addr);
    u32 at = be32_at(p + 12), len = (u32)p[10] << 8 | p[11];
    *n = (struct fs_ipl_needs){be32_at(p), be32_at(p + 4), (uint16_t)((u32)p[8] << 8 | p[9]), (uint16_t)len, text};
    if (len > FS_IPL_TEXT_MAX || at > m->mem_size || len > m->mem_size - at || n->storage > 0x80000000u ||
        n->wait > 0x7FFFFFFFu)
        return tool_fail(&disk_msg, elf,
                         "%s: storage 0x%X, wait 0x%X, a message of %u bytes at 0x%X: out of range "
                         "(a message of up to %d bytes in the image)",
                         FS_IPL_NEEDS_SYMBOL, n->storage, n->wait, len, at, FS_IPL_TEXT_MAX);
    memcpy(text, m->mem + at, len);
    return 0;
}

static int disk_ipl(const struct opts *o)
{
    const char *path = o->pos[0], *elf = o->pos[1];
    char err[512];
    u32 lo, end;
    struct fs_ipl_needs needs;
    u8 text[FS_IPL_TEXT_MAX];
    struct machine *m = machine_new(NUCLEUS_STORAGE);
    struct elf_image *img = calloc(1, sizeof *img);
    struct image *im = NULL;
    int status = 1;
    if (!m || !img) {
        tool_fail(&disk_msg, elf, "out of memory");
        goto out;
    }
    if (elf_load(m, elf, img, err, sizeof err) < 0) {
        fprintf(stderr, "creasy disk: %s\n", err);
        goto out;
    }
    if (elf_file_span(elf, &lo, &end))
        goto out;
    u32 blocks_end = lo + (end - lo + FS_BLKSIZE - 1) / FS_BLKSIZE * FS_BLKSIZE;   /* the IPL reads whole blocks */
    if (lo < FS_IPL_LOW_CORE || (lo < FS_BOOT_ADDR + FS_BLKSIZE && blocks_end > FS_BOOT_ADDR)) {
        tool_fail(&disk_msg, elf,
                  "loads at 0x%X-0x%X, over the IPL PSW and the loader's low core (0-0x%X) or the boot record "
                  "(0x%X-0x%X)",
                  lo, blocks_end - 1, FS_IPL_LOW_CORE - 1, FS_BOOT_ADDR, FS_BOOT_ADDR + FS_BLKSIZE - 1);
        goto out;
    }
    if (img->entry < lo || img->entry >= end) {
        tool_fail(&disk_msg, elf, "entry point 0x%X is outside the loaded bytes 0x%X-0x%X", img->entry, lo, end - 1);
        goto out;
    }
    if (ipl_needs(elf, m, img, &needs, text))
        goto out;
    if (!(im = image_mount(path, true)))
        goto out;
    u32 area = im->disk.label.nucleus_blocks * FS_BLKSIZE;
    if (end - lo > area) {
        tool_fail(&disk_msg, path,
                  "the nucleus, %u bytes, does not fit the nucleus area of %u bytes (format with --nucleus-blocks)",
                  end - lo, area);
        goto out;
    }
    int rc = fs_set_nucleus(&im->disk, m->mem + lo, end - lo, lo, img->entry, &needs);
    if (rc == FS_ETOOBIG)
        tool_fail(&disk_msg, path, "the nucleus, %u bytes, needs more than the IPL record's %d read CCWs of 32 KB",
                  end - lo, FS_MAX_NUCLEUS_CCWS);
    else if (rc)
        tool_fail(&disk_msg, path, "cannot write the nucleus: %s", fs_strerror(rc));
    else
        status = 0;
out:
    image_close(im);
    free(img);
    if (m)
        machine_free(m);
    return status;
}

/* ---- put ------------------------------------------------------------------------------ */

/* Write the host file's records into the open fs file. 0, or 1 after
 * reporting (the caller aborts the fs file). */
static int put_text(FILE *in, const char *host, struct fs_file *f, const struct opts *o, const char *path)
{
    u32 limit = o->recfm == FS_RECFM_F || o->has_lrecl ? (u32)o->lrecl : FS_MAX_LRECL;
    u8 *rec = malloc(FS_MAX_LRECL);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int status = 0;
    if (!rec)
        return tool_fail(&disk_msg, host, "out of memory");
    for (unsigned long lineno = 1; (n = getline(&line, &cap, in)) >= 0; lineno++) {
        if (n && line[n - 1] == '\n')
            n--;
        if (n && line[n - 1] == '\r')
            n--;
        u32 len = 0;
        bool too_long = false;
        for (ssize_t i = 0; i < n && !too_long; i++) {
            u32 upto = line[i] == '\t' ? (len / 8 + 1) * 8 : len + 1;   /* tabs stop every 8 columns */
            too_long = upto > limit;
            while (len < upto && !too_long)
                rec[len++] = line[i] == '\t' ? FS_BLANK : ascii_to_ebcdic[(unsigned char)line[i]];
        }
        if (too_long) {
            if (limit == FS_MAX_LRECL)
                fprintf(stderr, "creasy disk: %s:%lu: line longer than %d bytes\n", host, lineno, FS_MAX_LRECL);
            else
                fprintf(stderr, "creasy disk: %s:%lu: line longer than LRECL %u\n", host, lineno, limit);
            status = 1;
            break;
        }
        u32 want = o->recfm == FS_RECFM_F ? limit : len ? len : 1;
        while (len < want)
            rec[len++] = FS_BLANK;
        int rc = fs_write(f, rec, len);
        if (rc) {
            status = tool_fail(&disk_msg, path, "%s", fs_strerror(rc));
            break;
        }
    }
    if (!status && ferror(in))
        status = tool_fail(&disk_msg, host, "%s", strerror(errno));
    free(line);
    free(rec);
    return status;
}

static int put_binary(FILE *in, const char *host, struct fs_file *f, const struct opts *o, const char *path)
{
    u32 size = o->recfm == FS_RECFM_F || o->has_lrecl ? (u32)o->lrecl : BINARY_RECORD;
    u8 *rec = malloc(size);
    int status = 0;
    if (!rec)
        return tool_fail(&disk_msg, host, "out of memory");
    for (;;) {
        size_t got = fread(rec, 1, size, in);
        if (got == 0)
            break;
        if (got < size && o->recfm == FS_RECFM_F) {
            status = tool_fail(&disk_msg, host, "its size is not a whole number of %u-byte records (LRECL %u)", size,
                               size);
            break;
        }
        int rc = fs_write(f, rec, (u32)got);
        if (rc) {
            status = tool_fail(&disk_msg, path, "%s", fs_strerror(rc));
            break;
        }
    }
    if (!status && ferror(in))
        status = tool_fail(&disk_msg, host, "%s", strerror(errno));
    free(rec);
    return status;
}

static int disk_put(const struct opts *o)
{
    const char *path = o->pos[0], *host = o->pos[1];
    u8 fn[8], ft[8];
    char id[20];
    if (o->npos == 4) {
        if (!name_from_ascii(o->pos[2], fn))
            return bad_name(o->pos[2]);
        if (!name_from_ascii(o->pos[3], ft))
            return bad_name(o->pos[3]);
    } else {
        const char *base = strrchr(host, '/') ? strrchr(host, '/') + 1 : host;
        const char *dot = strchr(base, '.');
        char name[64];
        if (!dot || (size_t)(dot - base) >= sizeof name || !strcmp(host, "-"))
            return tool_usage_error(&disk_msg, "cannot make FN FT from '%s': give them after the host file", host);
        memcpy(name, base, (size_t)(dot - base));
        name[dot - base] = 0;
        if (!name_from_ascii(name, fn) || !name_from_ascii(dot + 1, ft))
            return tool_usage_error(&disk_msg,
                                    "'%s' does not make a valid FN FT (name.type, 1 to 8 of A-Z 0-9 $ # @ + - _ each): "
                                    "give them after the host file",
                                    base);
    }
    if (o->has_lrecl && (o->lrecl < 1 || o->lrecl > FS_MAX_LRECL))
        return tool_usage_error(&disk_msg, "--lrecl wants 1 to %d", FS_MAX_LRECL);
    struct opts p = *o;
    if (p.recfm == FS_RECFM_F && !p.has_lrecl)
        p.lrecl = DEFAULT_F_LRECL;

    FILE *in = strcmp(host, "-") ? fopen(host, "rb") : stdin;
    if (!in)
        return tool_fail(&disk_msg, host, "%s", strerror(errno));
    struct image *im = image_mount(path, true);
    int status = 1;
    if (!im)
        goto out;
    if (fs_lookup(&im->disk, fn, ft) >= 0 && !o->replace) {
        tool_fail(&disk_msg, path, "%s already exists (--replace replaces it)", file_id(fn, ft, id));
        goto out;
    }
    struct fs_file *f = calloc(1, sizeof *f);
    if (!f) {
        tool_fail(&disk_msg, path, "out of memory");
        goto out;
    }
    int rc = fs_create(&im->disk, f, fn, ft, p.recfm, (u32)p.lrecl, tod_now());
    if (rc) {
        tool_fail(&disk_msg, path, "cannot create %s: %s", file_id(fn, ft, id), fs_strerror(rc));
    } else if ((p.binary ? put_binary : put_text)(in, host, f, &p, path)) {
        fs_abort(f);
    } else if ((rc = fs_close(f))) {
        tool_fail(&disk_msg, path, "cannot write %s: %s", file_id(fn, ft, id), fs_strerror(rc));
        fs_abort(f);
    } else {
        status = 0;
    }
    free(f);
out:
    image_close(im);
    if (in != stdin)
        fclose(in);
    return status;
}

/* ---- get ------------------------------------------------------------------------------ */

/* The file's records to `out`, as text or bytes: FS_EOF, or why not. */
static int get_records(struct fs_file *f, FILE *out, bool binary, u8 *rec, char *text)
{
    int len;
    while ((len = fs_read(f, rec, FS_MAX_LRECL)) >= 0) {
        if (binary) {
            fwrite(rec, 1, (size_t)len, out);
            continue;
        }
        while (len && rec[len - 1] == FS_BLANK)
            len--;
        for (int i = 0; i < len; i++)
            text[i] = (char)ebcdic_to_ascii[rec[i]];
        text[len] = '\n';
        fwrite(text, 1, (size_t)len + 1, out);
    }
    return len;
}

static int disk_get(const struct opts *o)
{
    const char *path = o->pos[0];
    const char *host = o->npos == 4 && strcmp(o->pos[3], "-") ? o->pos[3] : NULL;
    u8 fn[8], ft[8];
    char id[20], err[PATH_MAX + 128];
    if (!name_from_ascii(o->pos[1], fn))
        return bad_name(o->pos[1]);
    if (!name_from_ascii(o->pos[2], ft))
        return bad_name(o->pos[2]);
    struct image *im = image_mount(path, false);
    if (!im)
        return 1;
    struct fs_file *f = calloc(1, sizeof *f);
    u8 *rec = malloc(FS_MAX_LRECL);
    char *text = malloc(FS_MAX_LRECL + 1);
    struct hostfile_replace r = {0};
    int status = 1, rc = FS_OK;
    if (!f || !rec || !text) {
        tool_fail(&disk_msg, path, "out of memory");
        goto out;
    }
    if ((rc = fs_open(&im->disk, f, fn, ft))) {
        tool_fail(&disk_msg, path, "%s: %s", file_id(fn, ft, id), fs_strerror(rc));
        goto out;
    }
    if (host && hostfile_replace_begin(&r, host, err, sizeof err) < 0) {
        fprintf(stderr, "creasy disk: %s\n", err);
        fs_close(f);
        goto out;
    }
    int len = get_records(f, host ? r.f : stdout, o->binary, rec, text);
    fs_close(f);
    if (len != FS_EOF) {
        tool_fail(&disk_msg, path, "reading %s: %s", file_id(fn, ft, id), fs_strerror(len));
        if (host)
            hostfile_replace_abort(&r);   /* removes only its own HOSTFILE.tmp */
    } else if (host && hostfile_replace_commit(&r, err, sizeof err) < 0) {
        fprintf(stderr, "creasy disk: %s\n", err);
    } else if (!host && hostfile_check(stdout) < 0) {
        ;   /* reported */
    } else {
        status = 0;
    }
out:
    free(text);
    free(rec);
    free(f);
    image_close(im);
    return status;
}

/* ---- list, erase, rename ------------------------------------------------------------------ */

static int disk_list(const struct opts *o)
{
    struct image *im = image_mount(o->pos[0], false);
    if (!im)
        return 1;
    const struct fs_disk *d = &im->disk;
    const struct fs_label *l = &d->label;
    char label[7], fn[9], ft[9];
    static const u8 any[8] = {FS_STAR, FS_BLANK, FS_BLANK, FS_BLANK, FS_BLANK, FS_BLANK, FS_BLANK, FS_BLANK};
    u32 data = fs_data_blocks(d), free_blocks = fs_free_blocks(d);
    field_to_ascii(l->label, 6, label);
    u32 files = fs_files(d);
    printf("LABEL %s: %u blocks, %u for files: %u used, %u free; %u file%s\n", label, l->nblocks, data,
           data - free_blocks, free_blocks, files, files == 1 ? "" : "s");
    if (l->nucleus_bytes)
        printf("NUCLEUS %u bytes at %08X, entry %08X\n", l->nucleus_bytes, l->nucleus_load, l->nucleus_entry);
    printf("FILENAME FILETYPE RECFM    LRECL  RECORDS   BLOCKS\n");
    for (int s = fs_next(d, -1, any, any); s >= 0; s = fs_next(d, s, any, any)) {
        const struct fs_dirent *e = &d->dir[s];
        u32 blocks = fs_file_blocks(e);
        field_to_ascii(e->fn, 8, fn);
        field_to_ascii(e->ft, 8, ft);
        printf("%-8s %-8s %-5c %8u %8u %8u\n", fn, ft, (char)ebcdic_to_ascii[e->recfm], e->lrecl, e->nrecs, blocks);
    }
    image_close(im);
    return 0;
}

/* check: an fsck. Mount checks the label, the directory and every
 * chain, and sets aside what is damaged (each said on stderr); then every
 * file is read to its end. Exit 0 only if nothing was wrong. */
static int disk_check(const struct opts *o)
{
    struct image *im = image_mount(o->pos[0], false);
    if (!im)
        return 1;
    struct fs_disk *d = &im->disk;
    static const u8 any[8] = {FS_STAR, FS_BLANK, FS_BLANK, FS_BLANK, FS_BLANK, FS_BLANK, FS_BLANK, FS_BLANK};
    static u8 rec[65536];
    int problems = im->complaints, files = 0;
    for (int s = fs_next(d, -1, any, any); s >= 0; s = fs_next(d, s, any, any)) {
        const struct fs_dirent *e = &d->dir[s];
        struct fs_file f;
        char id[20];
        u32 n = 0;
        int rc = fs_open(d, &f, e->fn, e->ft);
        while (rc >= 0 && (rc = fs_read(&f, rec, sizeof rec)) >= 0)
            n++;
        files++;
        if (rc != FS_EOF || n != e->nrecs) {
            fprintf(stderr, "%s: %s: %s after %u of its %u records\n", im->path, file_id(e->fn, e->ft, id),
                    rc == FS_EOF ? "ends" : fs_strerror(rc), n, e->nrecs);
            problems++;
        }
    }
    printf("%s: %d file%s read, %d problem%s\n", im->path, files, files == 1 ? "" : "s", problems,
           problems == 1 ? "" : "s");
    image_close(im);
    return problems ? 1 : 0;
}

static int disk_erase(const struct opts *o)
{
    u8 fn[8], ft[8];
    char id[20];
    if (!name_from_ascii(o->pos[1], fn))
        return bad_name(o->pos[1]);
    if (!name_from_ascii(o->pos[2], ft))
        return bad_name(o->pos[2]);
    struct image *im = image_mount(o->pos[0], true);
    if (!im)
        return 1;
    int rc = fs_erase(&im->disk, fn, ft);
    image_close(im);
    return rc ? tool_fail(&disk_msg, o->pos[0], "cannot erase %s: %s", file_id(fn, ft, id), fs_strerror(rc)) : 0;
}

static int disk_rename(const struct opts *o)
{
    u8 name[4][8];
    char id[20], nid[20];
    for (int i = 0; i < 4; i++)
        if (!name_from_ascii(o->pos[i + 1], name[i]))
            return bad_name(o->pos[i + 1]);
    struct image *im = image_mount(o->pos[0], true);
    if (!im)
        return 1;
    int rc = fs_rename(&im->disk, name[0], name[1], name[2], name[3]);
    image_close(im);
    if (rc)
        return tool_fail(&disk_msg, o->pos[0], "cannot rename %s to %s: %s", file_id(name[0], name[1], id),
                         file_id(name[2], name[3], nid), fs_strerror(rc));
    return 0;
}

/* ---- the command table and the command line ------------------------------------------------- */

static const struct disk_command {
    const char *name;
    int (*run)(const struct opts *o);
    int min_pos, max_pos;     /* positional arguments after the subcommand */
    const char *options;      /* the options it takes */
    const char *usage;
} commands[] = {
    {"format", disk_format, 1, 1, "--blocks --label --dir-blocks --nucleus-blocks",
     "format IMAGE [--blocks N] [--label LABEL] [--dir-blocks N] [--nucleus-blocks N]"},
    {"ipl", disk_ipl, 2, 2, "", "ipl IMAGE NUCLEUS.elf"},
    {"put", disk_put, 2, 4, "--text --binary --recfm --lrecl --replace --extent",
     "put IMAGE HOSTFILE [FN FT] [--text|--binary] [--recfm F|V] [--lrecl N] [--replace] [--extent S:N]"},
    {"get", disk_get, 3, 4, "--text --binary --extent", "get IMAGE FN FT [HOSTFILE|-] [--text|--binary] [--extent S:N]"},
    {"list", disk_list, 1, 1, "--extent", "list IMAGE [--extent S:N]"},
    {"check", disk_check, 1, 1, "--extent", "check IMAGE [--extent S:N]"},
    {"erase", disk_erase, 3, 3, "--extent", "erase IMAGE FN FT [--extent S:N]"},
    {"rename", disk_rename, 5, 5, "--extent", "rename IMAGE FN FT NFN NFT [--extent S:N]"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void print_usage(FILE *out)
{
    fputs("usage:\n", out);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  creasy disk %s\n", commands[i].usage);
    fprintf(out, "IMAGE is a host file of %d-byte blocks (format: %d blocks unless --blocks).\n"
                 "FN FT are file name and type, any case; put takes them from HOSTFILE's name.type by default.\n"
                 "put --text (the default) makes a record of each line (RECFM V, or F padded to LRECL,\n"
                 "80 unless --lrecl); --binary stores the bytes as V records of %d bytes (or LRECL), or\n"
                 "as F records of LRECL.\n"
                 "get writes to stdout unless given HOSTFILE.\n"
                 "--extent START:BLOCKS works on the minidisk in those blocks of IMAGE (a user volume;\n"
                 "the directory's start and blocks), and on nothing outside them.\n",
            FS_BLKSIZE, DEFAULT_BLOCKS, BINARY_RECORD);
}

static bool takes(const struct disk_command *c, const char *opt)
{
    size_t n = strlen(opt);
    for (const char *p = c->options; (p = strstr(p, opt)); p += n)
        if (p[n] == 0 || p[n] == ' ')
            return true;
    return false;
}

static int parse_count(const char *opt, const char *v, u64 *out)
{
    if (parse_u64(v, out) < 0 || *out > 0xFFFFFFFFu)
        return tool_usage_error(&disk_msg, "%s wants a number, not '%s'", opt, v ? v : "nothing");
    return 0;
}

/* --extent START:BLOCKS */
static int parse_extent(const char *v)
{
    char start[32];
    const char *colon = strchr(v, ':');
    size_t n = colon ? (size_t)(colon - v) : 0;
    if (!colon || n == 0 || n >= sizeof start)
        return tool_usage_error(&disk_msg, "--extent wants START:BLOCKS, not '%s'", v);
    memcpy(start, v, n);
    start[n] = 0;
    if (parse_u64(start, &extent.start) < 0 || parse_u64(colon + 1, &extent.blocks) < 0 || extent.blocks == 0 ||
        extent.blocks > FS_MAX_BLOCKS || extent.start > 0xFFFFFFFFu)
        return tool_usage_error(&disk_msg, "--extent wants START:BLOCKS (1 to %d blocks), not '%s'", FS_MAX_BLOCKS,
                                v);
    extent.on = true;
    return 0;
}

int disk_main(int argc, char **argv)
{
    extent.on = false;   /* this command's, if it says */
    if (argc < 1 || !strcmp(argv[0], "--help") || !strcmp(argv[0], "-h") || !strcmp(argv[0], "help")) {
        print_usage(argc < 1 ? stderr : stdout);
        return argc < 1 ? 2 : 0;
    }
    const struct disk_command *c = NULL;
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(argv[0], commands[i].name))
            c = &commands[i];
    if (!c)
        return tool_usage_error(&disk_msg, "no subcommand '%s'", argv[0]);

    struct opts o = {.dir_blocks = DEFAULT_DIR_BLOCKS, .nucleus_blocks = DEFAULT_NUCLEUS_BLOCKS,
                     .recfm = FS_RECFM_V};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == 0) {   /* "-" is a positional: stdin or stdout */
            if (o.npos == MAX_POS)
                return tool_usage_error(&disk_msg, "too many arguments for %s: %s", c->name, c->usage);
            o.pos[o.npos++] = a;
            continue;
        }
        char opt[32];
        const char *eq = strchr(a, '='), *v;
        size_t n = eq ? (size_t)(eq - a) : strlen(a);
        if (n >= sizeof opt)
            n = sizeof opt - 1;
        memcpy(opt, a, n);
        opt[n] = 0;
        if (!strcmp(opt, "--help")) {
            printf("usage: creasy disk %s\n", c->usage);
            return 0;
        }
        if (!takes(c, opt))
            return tool_usage_error(&disk_msg, "%s does not take %s: %s", c->name, a, c->usage);
        bool valued = !strcmp(opt, "--blocks") || !strcmp(opt, "--label") || !strcmp(opt, "--dir-blocks") ||
                      !strcmp(opt, "--nucleus-blocks") || !strcmp(opt, "--recfm") || !strcmp(opt, "--lrecl") ||
                      !strcmp(opt, "--extent");
        if (valued) {
            v = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
            if (!v)
                return tool_usage_error(&disk_msg, "%s wants a value", opt);
        } else if (eq) {
            return tool_usage_error(&disk_msg, "%s takes no value", opt);
        } else {
            v = NULL;
        }
        int bad = 0;
        if (!strcmp(opt, "--blocks"))
            bad = parse_count(opt, v, &o.blocks), o.has_blocks = true;
        else if (!strcmp(opt, "--dir-blocks"))
            bad = parse_count(opt, v, &o.dir_blocks);
        else if (!strcmp(opt, "--nucleus-blocks"))
            bad = parse_count(opt, v, &o.nucleus_blocks);
        else if (!strcmp(opt, "--lrecl"))
            bad = parse_count(opt, v, &o.lrecl), o.has_lrecl = true;
        else if (!strcmp(opt, "--label"))
            o.label = v;
        else if (!strcmp(opt, "--extent"))
            bad = parse_extent(v);
        else if (!strcmp(opt, "--recfm")) {
            if (!strcmp(v, "F") || !strcmp(v, "f"))
                o.recfm = FS_RECFM_F;
            else if (!strcmp(v, "V") || !strcmp(v, "v"))
                o.recfm = FS_RECFM_V;
            else
                return tool_usage_error(&disk_msg, "--recfm wants F or V, not '%s'", v);
        } else if (!strcmp(opt, "--text"))
            o.binary = false;
        else if (!strcmp(opt, "--binary"))
            o.binary = true;
        else if (!strcmp(opt, "--replace"))
            o.replace = true;
        if (bad)
            return bad;
    }
    if (o.npos < c->min_pos || o.npos > c->max_pos || (c->run == disk_put && o.npos == 3))
        return tool_usage_error(&disk_msg, "wrong number of arguments: creasy disk %s", c->usage);
    return c->run(&o);
}
