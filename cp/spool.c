/* spool.c: virtual readers, punches and printers, and the spool files
 * they read and write.
 *
 * As on VM/370, a user's punch and printer write spool files, not real
 * cards and paper. CLOSE (the CP command, or DIAG X'08' from CMS) ends a
 * file and sends it on: to the real printer or punch, or, after SPOOL ...
 * TO USER, into that user's reader. A reader reads the first file in its
 * user's queue, a card a record, then presents unit exception at its end
 * and the file is gone. A deck once started is read to its end, whatever
 * arrives meanwhile: one open file a reader, as on VM/370 (CLOSE of the
 * reader puts its file back whole). QUERY RDR|PRT|PUN lists files, TRANSFER moves a
 * reader file to another user, PURGE discards one. Files belong to the
 * userid, so a reader's files wait across a LOGOFF.
 *
 * Files live in CP storage, at most 64 KB each and 8 per user: a guest
 * that punches without end gets unit check, intervention required (the
 * spool is full for it) and a message, and nobody else notices. The 8
 * are the files a user wrote, wherever they are now (open, in a reader,
 * waiting for the real printer or punch): a file sent to another user's
 * reader stays the sender's burden until it is read or purged, so nobody
 * can fill another user's share of the spool by sending it files.
 */
#include "cp.h"

#define MAX_FILES 128
#define FILE_BYTES 0x10000u
#define FILES_PER_USER 8
#define REAL_PRINTER 0x00E
#define REAL_PUNCH 0x00D

enum { SP_FREE, SP_OPEN, SP_READER, SP_PRINTING };

struct sfile {
    u8 state;
    u8 kind;                  /* VDEV_PRINTER or VDEV_PUNCH: what wrote it */
    u16 id;
    u8 owner[8];              /* whose it is: the writer while open, then the reader's user */
    u8 from[8];               /* who wrote it */
    u32 data, len, pos;       /* records: command, length, bytes */
    u32 records;
    struct sfile *next;       /* the real device's queue */
};

static struct sfile files[MAX_FILES];
static u16 next_id = 1;

/* Real output: the print and punch queues, one file at a time. */
static struct {
    u16 dev;
    struct sfile *head;
    struct rreq req;
    struct ccw ccw;
    u8 buf[133];
    bool busy;
} real_out[2] = {{.dev = REAL_PRINTER}, {.dev = REAL_PUNCH}};

/* The spool files `id` wrote that are still in the system. */
static int user_files(const u8 id[8])
{
    int n = 0;
    for (int i = 0; i < MAX_FILES; i++)
        n += files[i].state != SP_FREE && memcmp(files[i].from, id, 8) == 0;
    return n;
}

static struct sfile *file_new(const u8 userid[8], u8 kind)
{
    if (user_files(userid) >= FILES_PER_USER)
        return NULL;
    for (int i = 0; i < MAX_FILES; i++)
        if (files[i].state == SP_FREE) {
            struct sfile *f = &files[i];
            u32 data = storage_alloc(FILE_BYTES, 4096);
            if (!data)
                return NULL;
            memset(f, 0, sizeof *f);
            f->state = SP_OPEN;
            f->kind = kind;
            f->id = next_id++;
            if (next_id > 9999)
                next_id = 1;
            memcpy(f->owner, userid, 8);
            memcpy(f->from, userid, 8);
            f->data = data;
            return f;
        }
    return NULL;
}

static void file_free(struct sfile *f)
{
    storage_free(f->data, FILE_BYTES);
    f->state = SP_FREE;
}

static bool append(struct sfile *f, u8 cmd, const u8 *text, u32 n)
{
    if (f->len + 2 + n > FILE_BYTES)
        return false;
    u8 *p = (u8 *)f->data + f->len;
    p[0] = cmd;
    p[1] = (u8)n;
    memcpy(p + 2, text, n);
    f->len += 2 + n;
    f->records++;
    return true;
}

/* ---- real output ------------------------------------------------------------------------ */

static void real_next(int q);

static void real_done(struct rreq *r)
{
    int q = (int)(u32)r->arg;
    real_out[q].busy = false;
    real_next(q);
}

static void real_next(int q)
{
    struct sfile *f = real_out[q].head;
    if (real_out[q].busy || !f)
        return;
    if (f->pos >= f->len) {   /* this file is out */
        real_out[q].head = f->next;
        file_free(f);
        real_next(q);
        return;
    }
    const u8 *p = (const u8 *)f->data + f->pos;
    u8 cmd = p[0], n = p[1];
    memcpy(real_out[q].buf, p + 2, n);
    f->pos += 2u + n;
    real_out[q].ccw = (struct ccw){cmd, CCW_SLI, n ? n : 1, (u32)real_out[q].buf};
    real_out[q].req = (struct rreq){.dev = real_out[q].dev, .chain = &real_out[q].ccw, .done = real_done,
                                    .arg = (void *)(u32)q};
    real_out[q].busy = true;
    rio_start(&real_out[q].req);
}

static void to_real(struct sfile *f)
{
    int q = f->kind == VDEV_PRINTER ? 0 : 1;
    f->state = SP_PRINTING;
    f->pos = 0;
    f->next = NULL;
    struct sfile **p = &real_out[q].head;
    while (*p)
        p = &(*p)->next;
    *p = f;
    real_next(q);
}

/* ---- the virtual devices ---------------------------------------------------------------- */

static struct sfile *open_file(struct vdev *d)
{
    return d->spool_file >= 0 ? &files[d->spool_file] : NULL;
}

/* The file reader d reads: the one it has open, while it is still in
 * this user's reader; or the oldest there, which it opens. */
static struct sfile *reader_file(struct vm *vm, struct vdev *d)
{
    struct sfile *f = open_file(d);
    if (f && f->state == SP_READER && f->id == d->spool_id && memcmp(f->owner, vm->userid, 8) == 0)
        return f;
    f = NULL;
    for (int i = 0; i < MAX_FILES; i++)
        if (files[i].state == SP_READER && memcmp(files[i].owner, vm->userid, 8) == 0 &&
            (!f || files[i].id < f->id))   /* oldest first */
            f = &files[i];
    d->spool_file = f ? (int)(f - files) : -1;
    d->spool_id = f ? f->id : 0;
    return f;
}

static int write_record(struct vxfer *x, u8 cmd, u32 size)
{
    struct vdev *d = x->d;
    struct sfile *f = open_file(d);
    u8 buf[133];
    u32 n = vio_take(x, buf, size);
    if (!f) {
        f = file_new(x->vm->userid, d->type);
        if (!f) {
            cp_msg(x->vm->terminal, "DMKSPS037E SPOOL SPACE FULL FOR YOU: %03X NOT READY", d->vaddr);
            d->sense[0] = 0x40;   /* intervention required */
            return US_CE | US_DE | US_UC;
        }
        d->spool_file = (int)(f - files);
    }
    if (!append(f, cmd, buf, n)) {
        cp_msg(x->vm->terminal, "DMKSPS038E SPOOL FILE %04u IS FULL: %03X NOT READY", f->id, d->vaddr);
        d->sense[0] = 0x40;
        return US_CE | US_DE | US_UC;
    }
    return US_CE | US_DE;
}

int spool_command(struct vxfer *x)
{
    struct vdev *d = x->d;
    static const u8 ids[3][4] = {{0xFF, 0x25, 0x40, 0x01}, {0xFF, 0x25, 0x40, 0x02}, {0xFF, 0x14, 0x03, 0x01}};
    u8 c = x->cmd;
    if (c == 0x03)
        return US_CE | US_DE;
    if (c == 0x04) {
        vio_to_guest(x, d->sense, 1);
        d->sense[0] = 0;
        return US_CE | US_DE;
    }
    if (c == 0xE4) {
        vio_to_guest(x, ids[d->type == VDEV_READER ? 0 : d->type == VDEV_PUNCH ? 1 : 2], 4);
        return US_CE | US_DE;
    }
    if (d->type == VDEV_PUNCH && c == 0x01)
        return write_record(x, 0x01, 80);
    if (d->type == VDEV_PRINTER && ((c & 7) == 1 || (c & 7) == 3) && ((c >> 3) <= 3 || (c >> 3) == 0x11)) {
        if ((c & 7) == 3) {   /* spacing now: a record with no text */
            x->left = 0;
            return write_record(x, c, 0);
        }
        return write_record(x, c, 132);
    }
    if (d->type == VDEV_READER && c == 0x02) {
        struct sfile *f = reader_file(x->vm, d);
        if (!f) {
            d->sense[0] = 0x40;   /* an empty hopper */
            return US_CE | US_DE | US_UC;
        }
        if (f->pos >= f->len) {   /* the end of the deck: the file is read */
            file_free(f);
            d->spool_file = -1;
            return US_CE | US_DE | US_UX;
        }
        const u8 *p = (const u8 *)f->data + f->pos;
        u8 card[80];
        memset(card, 0x40, sizeof card);
        memcpy(card, p + 2, p[1] > 80 ? 80 : p[1]);
        f->pos += 2u + p[1];
        vio_to_guest(x, card, 80);
        return US_CE | US_DE;
    }
    d->sense[0] = 0x80;   /* command reject */
    return US_CE | US_DE | US_UC;
}

int spool_close(struct vm *vm, struct vdev *d)
{
    struct sfile *f = open_file(d);
    if (!f)
        return 0;
    d->spool_file = -1;
    if (d->type == VDEV_READER) {   /* its file goes back whole, if it is still its */
        if (f->state == SP_READER && f->id == d->spool_id && memcmp(f->owner, vm->userid, 8) == 0)
            f->pos = 0;
        return 0;
    }
    struct vm *to = d->spool_to ? &cp_vms[d->spool_to - 1] : NULL;
    if (to && to->state != VMT_FREE) {
        f->state = SP_READER;
        memcpy(f->owner, to->userid, 8);
        char from[9], name[9];
        userid_text(from, vm->userid);
        userid_text(name, to->userid);
        cp_notice(to->terminal, "RDR FILE %04u SENT FROM %s %s WAS %04u RECS %06u", f->id, from,
               f->kind == VDEV_PRINTER ? "PRT" : "PUN", f->id, f->records);
        (void)name;
        return 0;
    }
    to_real(f);
    return 0;
}

/* ---- decks from the real reader (cardrdr.c) ---------------------------------------------- */

/* A file for a deck the real reader reads for `to`: its index, or -1 (the
 * spool is full: decks from the reader count as SYSTEM's files). */
int spool_deck_open(const u8 to[8])
{
    static const u8 system_id[8] = {0xE2, 0xE8, 0xE2, 0xE3, 0xC5, 0xD4, 0x40, 0x40};   /* SYSTEM */
    struct sfile *f = file_new(system_id, VDEV_PUNCH);
    if (!f)
        return -1;
    memcpy(f->owner, to, 8);
    return (int)(f - files);
}

bool spool_deck_card(int file, const u8 card[80])
{
    return append(&files[file], 0x01, card, 80);
}

/* The deck is whole: into its user's reader (logged on or not, as on
 * VM/370), with a notice if the user is there. Its spool id. */
u16 spool_deck_close(int file, u32 *records)
{
    struct sfile *f = &files[file];
    f->state = SP_READER;
    *records = f->records;
    char name[9];
    userid_text(name, f->owner);
    struct vm *to = vm_by_userid(name);
    if (to)
        cp_notice(to->terminal, "RDR FILE %04u FROM SYSTEM PUN WAS %04u RECS %06u", f->id, f->id, f->records);
    return f->id;
}

void spool_deck_discard(int file)
{
    file_free(&files[file]);
}

void spool_logoff(struct vm *vm)
{
    for (int i = 0; i < vm->ndevs; i++)
        if (vm->devs[i].spool_file >= 0)
            spool_close(vm, &vm->devs[i]);
}

int spool_query(int t, struct vm *vm, const char *what)
{
    bool rdr = str_abbrev(what, "READER", 3) || str_abbrev(what, "RDR", 3);
    int n = 0;
    for (int i = 0; i < MAX_FILES; i++) {
        struct sfile *f = &files[i];
        if (f->state == SP_FREE || memcmp(f->owner, vm->userid, 8) != 0)
            continue;
        if (rdr != (f->state == SP_READER))
            continue;
        if (!rdr && (str_abbrev(what, "PRINTER", 3) || str_abbrev(what, "PRT", 3)) != (f->kind == VDEV_PRINTER))
            continue;
        char from[9];
        userid_text(from, f->from);
        cp_msg(t, "%s FILE %04u FROM %-8s %s %06u RECS%s", rdr ? "RDR" : f->kind == VDEV_PRINTER ? "PRT" : "PUN",
               f->id, from, f->kind == VDEV_PRINTER ? "PRT" : "PUN", f->records, f->state == SP_OPEN ? " OPEN" : "");
        n++;
    }
    if (!n)
        cp_msg(t, "NO %s FILES", rdr ? "RDR" : what);
    return 0;
}

int spool_transfer(struct vm *from, int id, struct vm *to)
{
    for (int i = 0; i < MAX_FILES; i++) {
        struct sfile *f = &files[i];
        if (f->state == SP_READER && f->id == id && memcmp(f->owner, from->userid, 8) == 0) {
            memcpy(f->owner, to->userid, 8);
            f->pos = 0;   /* its new owner reads it from the start */
            char name[9];
            userid_text(name, from->userid);
            cp_notice(to->terminal, "RDR FILE %04u TRANSFERRED FROM %s", f->id, name);
            return 0;
        }
    }
    return -1;
}

int spool_purge(struct vm *vm, int id)
{
    int n = 0;
    for (int i = 0; i < MAX_FILES; i++) {
        struct sfile *f = &files[i];
        if (f->state == SP_READER && memcmp(f->owner, vm->userid, 8) == 0 && (id < 0 || f->id == id)) {
            file_free(f);
            n++;
        }
    }
    return n;
}
