/* vcons.c: terminals and virtual consoles.
 *
 * Each logged-on user may have a real 3215 terminal. CP owns it: output
 * for it (the guest's console lines, CP's messages) waits in a short queue
 * and goes out one write at a time; CP reads a line from it when the
 * guest's virtual console wants one, or when the user typed without being
 * asked (attention). A line typed at the terminal goes to CP as a command
 * when the user's virtual machine is not running (CP mode: the operator,
 * a user whose machine is stopped) or when it starts with #CP; otherwise
 * it is the guest's input: it completes the virtual console's read, or
 * waits for one (and the virtual console presents attention, as the
 * 3215 does). A line longer than CP reads (132 characters) is cut, and
 * CP says so.
 *
 * A line for a terminal whose read is waiting for the user (a message,
 * a spool notice) halts the read, goes out, and the read starts again.
 *
 * Nothing for a terminal is dropped silently. A guest whose terminal
 * queue is full waits (its write goes on when the terminal catches up),
 * as VM/370 held the VM, and one line of the queue is always kept for
 * CP's own word to the user. CP cannot wait: its lines (a QUERY NAMES of
 * 256 users, the LOGON lines of every user at IPL) go on in an overflow
 * of lines shared by every terminal (OVERFLOW lines, at most
 * TERM_OVERFLOW of them for one terminal), and if even that is full they
 * are counted, and the terminal is told how many were lost as soon as it
 * has room. Lines longer than the terminal's are split at a blank into
 * lines of their own. Other users' lines (MSG, spool notices) wait apart,
 * NOTICES at most: a sender whose notice does not fit whole is told so
 * (MSG's DMKMSG057I), not silently cut.
 *
 * The virtual console (a 3215 at the address the directory gives) is
 * emulated: write with or without carrier return, read, no-op, alarm,
 * sense, sense ID. A disconnected user's output is dropped and its reads
 * wait for ever, as on VM/370.
 *
 * The 3215s beside the console (the directory's `terminals`, for a CP
 * the user runs to use as its real terminals) are emulated the same way,
 * each on a real terminal of its own (a device terminal), with the same
 * queueing and back-pressure for output. But what is typed there is the
 * guest's alone, never a CP command: CP reads a line from the real
 * terminal when the guest reads or the real terminal presents attention,
 * and holds it (one line, in the terminal's read buffer) until the guest
 * takes it; the next is not read until then, so lines typed ahead wait in
 * the real device. A line arriving while nobody reads gives the virtual
 * 3215 attention, as the real one does. After logoff a device terminal
 * stays one, connected to nobody: what is typed there is dropped.
 *
 * Every attach and detach is published in the VM table's terminal list
 * (vmtable_term), so the operator's console can follow a line through
 * the levels of CP under CP.
 */
#include "cp.h"

#define MAX_TERMINALS CP_MAX_TERMINALS   /* every user's, the operator's, and the 3215s beside consoles */
#define QLEN 16
#define NO_DATA 0x7FFFFFF0u   /* outside real storage: the channel's program check */
#define NOTICES 4
#define LINE 132
#define OVERFLOW 2048         /* overflow lines, for all terminals */
#define TERM_OVERFLOW 1024    /* ... for one */
#define NO_LINE 0xFFFFu

struct tline {
    u8 cmd, len;
    char text[LINE];
};

/* an overflow line, in a terminal's chain or the free chain */
struct oline {
    struct tline l;
    u16 next;
};

struct term {
    u16 rdev;
    bool used;
    struct vm *owner;                   /* NULL: nobody (a free terminal) */
    struct tline q[QLEN];               /* its user's lines */
    int head, count;
    u16 ohead, otail, ocount;           /* ... and the ones after them, in the overflow */
    u32 lost;                           /* lines that found no room: the terminal is told */
    struct tline notice[NOTICES];       /* what others sent it */
    int nhead, ncount;
    bool notice_first;                  /* a read was halted for the notices: they go first */
    struct tline *writing;              /* the line a real write is typing */
    bool busy;                          /* a real write or read is running */
    bool want_read;                     /* someone typed, or the guest waits for a line */
    bool eof;                           /* its input ended (unit exception on read) */
    struct rreq req;
    struct ccw ccw;
    char in[LINE + 2];                  /* a line, one more to see a longer one, and a zero */
    bool operator;                      /* CP's operator console */
    bool device;                        /* a device terminal: for a 3215 beside a console */
    struct vdev *dev;                   /* ... that 3215 (NULL: its owner's console, or nobody) */
    bool held;                          /* a device terminal's line, in `in`, that the guest has not taken */
    u8 held_len;
};

static struct oline overflow[OVERFLOW];
static u16 ofree;                       /* the free chain */
static struct term terms[MAX_TERMINALS];
int term_operator = -1;

static void kick(int t);

static struct term *term_of_dev(u16 rdev, int *t)
{
    for (int i = 0; i < MAX_TERMINALS; i++)
        if (terms[i].used && terms[i].rdev == rdev) {
            *t = i;
            return &terms[i];
        }
    return NULL;
}

/* Terminal t's entry in the VM table: its real address, whom it is
 * connected to, and at which virtual address. */
static void publish(int t)
{
    struct term *tm = &terms[t];
    struct vm *vm = tm->owner;
    u16 vaddr = !vm ? DIR_NONE : tm->dev ? tm->dev->vaddr : vm->dir->console;
    vmtable_term(t, tm->used ? tm->rdev : DIR_NONE, vm ? (u32)vm->index : VMT_NO_TERM, vaddr,
                 (tm->operator ? VMT_T_OPERATOR : 0) | (tm->device ? VMT_T_DEVICE : 0));
}

void term_init(void)
{
    memset(terms, 0, sizeof terms);
    for (u16 i = 0; i < OVERFLOW; i++)
        overflow[i].next = i + 1 < OVERFLOW ? (u16)(i + 1) : NO_LINE;
    ofree = 0;
    for (int t = 0; t < MAX_TERMINALS; t++)
        publish(t);
}

static void attention(u16 rdev)
{
    int t;
    struct term *tm = term_of_dev(rdev, &t);
    if (tm) {
        tm->want_read = true;
        kick(t);
    }
}

/* A new terminal on real device rdev: its index, or -1 if the table is full. */
static int term_new(u16 rdev)
{
    int t;
    for (t = 0; t < MAX_TERMINALS; t++)
        if (!terms[t].used)
            break;
    if (t == MAX_TERMINALS)
        return -1;
    memset(&terms[t], 0, sizeof terms[t]);
    terms[t].used = true;
    terms[t].rdev = rdev;
    terms[t].ohead = terms[t].otail = NO_LINE;
    rio_set_attention(rdev, attention);
    return t;
}

int term_attach(u16 rdev, struct vm *owner)
{
    int t;
    if (term_of_dev(rdev, &t)) {
        if (terms[t].device)   /* a 3215's beside a console: never someone's console too */
            return -1;
    } else if ((t = term_new(rdev)) < 0) {
        return -1;
    } else {
        terms[t].operator = !owner;   /* only CP's IPL attaches one for nobody: the operator's */
    }
    terms[t].owner = owner;
    publish(t);
    return t;
}

int term_attach_dev(u16 rdev, struct vm *owner, struct vdev *d)
{
    int t;
    struct term *tm = term_of_dev(rdev, &t);
    if (tm && (!tm->device || tm->owner))   /* a console's (the operator's too), or in use */
        return -1;
    if (!tm && (t = term_new(rdev)) < 0)
        return -1;
    tm = &terms[t];
    tm->device = true;
    tm->owner = owner;
    tm->dev = d;
    tm->held = tm->eof = false;
    d->term = (s16)t;
    publish(t);
    return t;
}

void term_detach(int t)
{
    if (t < 0)
        return;
    terms[t].owner = NULL;
    terms[t].dev = NULL;
    terms[t].held = false;
    publish(t);
}

/* The guest may write `lines` more: nothing waits in the overflow, and
 * the queue keeps room for them and more. */
static bool room(int t, int lines) { return !terms[t].ocount && QLEN - terms[t].count >= lines; }

/* The first terminal line of text[0, n): its length; *next is where the
 * line after it starts. A line too long is cut at its last blank that
 * fits (or at the width, if it has none), and the blanks go. */
static u32 first_line(const char *text, u32 n, u32 width, u32 *next)
{
    if (n <= width) {
        *next = n;
        return n;
    }
    u32 cut = width;
    while (cut > 0 && text[cut] != ' ')
        cut--;
    u32 len = cut;
    while (len > 0 && text[len - 1] == ' ')
        len--;
    if (len == 0) {   /* one word longer than the line */
        *next = width;
        return width;
    }
    while (cut < n && text[cut] == ' ')
        cut++;
    *next = cut;
    return len;
}

/* One terminal line at the end of its user's queue, or of the overflow
 * behind it; counted as lost if there is no room anywhere. */
static void put_line(struct term *tm, const char *text, u32 n, u8 cmd)
{
    struct tline *l;
    if (!tm->ocount && tm->count < QLEN) {
        l = &tm->q[(tm->head + tm->count++) % QLEN];
    } else if (tm->ocount < TERM_OVERFLOW && ofree != NO_LINE) {
        u16 i = ofree;
        ofree = overflow[i].next;
        overflow[i].next = NO_LINE;
        if (tm->otail == NO_LINE)
            tm->ohead = i;
        else
            overflow[tm->otail].next = i;
        tm->otail = i;
        tm->ocount++;
        l = &overflow[i].l;
    } else {
        tm->lost++;
        return;
    }
    memcpy(l->text, text, n);
    l->len = (u8)n;   /* 0: an empty line (kick) */
    l->cmd = cmd;
}

/* The queue has room again: the overflow's lines move up, in order, and
 * then word of what was lost. */
static void refill(struct term *tm)
{
    while (tm->ocount && tm->count < QLEN) {
        u16 i = tm->ohead;
        tm->q[(tm->head + tm->count++) % QLEN] = overflow[i].l;
        tm->ohead = overflow[i].next;
        if (tm->ohead == NO_LINE)
            tm->otail = NO_LINE;
        tm->ocount--;
        overflow[i].next = ofree;
        ofree = i;
    }
    if (tm->lost && !tm->ocount && tm->count < QLEN) {
        char text[LINE];
        u32 n = (u32)snprintf(text, sizeof text, "CP: %u LINES FOR THIS TERMINAL WERE LOST: IT COULD NOT KEEP UP",
                              tm->lost);
        tm->lost = 0;
        put_line(tm, text, n < sizeof text ? n : sizeof text - 1, 0x09);
    }
}

static void io_done(struct rreq *r);

/* A line is waiting while a read waits for the user: break the read (as
 * CP broke a 2741's read), type the line, and read again after. A read
 * that had taken its line when it was halted has read it. */
static void break_read(struct term *tm, bool for_notices)
{
    if (!tm->busy || tm->ccw.cmd != 0x0A)
        return;
    int h = rio_halt(&tm->req);
    if (h == 1 && tm->req.residual <= LINE) {
        io_done(&tm->req);
    } else if (h != 0) {
        tm->busy = false;
        tm->want_read = true;
        tm->notice_first |= for_notices;
    }
}

/* A line for terminal t (CP's, or its guest's): split into terminal
 * lines, queued. A guest's write that goes on (cmd 01, no carrier
 * return) is no longer than a line. */
void term_line(int t, const char *text, u32 n, u8 cmd)
{
    if (t < 0 || !terms[t].used)
        return;
    struct term *tm = &terms[t];
    do {
        u32 next, len = first_line(text, n, LINE, &next);
        put_line(tm, text, len, next < n ? 0x09 : cmd);
        text += next;
        n -= next;
    } while (n);
    break_read(tm, false);
    kick(t);
}

/* Lines from someone else for terminal t, each starting with `tag`
 * (MSG FROM ...): false, and nothing queued, if they do not all fit. */
bool term_notice(int t, const char *tag, const char *text, u32 n)
{
    if (t < 0 || !terms[t].used)
        return true;   /* nobody to tell: nothing waits */
    struct term *tm = &terms[t];
    u32 taglen = strlen(tag), width = LINE - taglen, lines = 0, next;
    for (u32 at = 0; at < n || (!n && !lines); at += next, lines++)
        first_line(text + at, n - at, width, &next);
    if (NOTICES - tm->ncount < (int)lines)
        return false;
    do {
        struct tline *l = &tm->notice[(tm->nhead + tm->ncount++) % NOTICES];
        u32 len = first_line(text, n, width, &next);
        memcpy(l->text, tag, taglen);
        memcpy(l->text + taglen, text, len);
        l->len = (u8)(taglen + len);
        l->cmd = 0x09;
        text += next;
        n -= next;
    } while (n);
    break_read(tm, true);
    kick(t);
    return true;
}

/* Give the 3215 beside the console attention, as the real one does when
 * a line is typed while nobody reads; or go on with the read that waits
 * for the line; or owe the attention until its interruption is taken. */
static void device_line(struct vm *vm, struct vdev *d)
{
    if (d->state == VD_BUSY && (d->flags & VD_READ_WAIT) && d->x.cmd == 0x0A) {
        vio_continue(vm, d);
    } else if (d->state == VD_IDLE) {
        memset(&d->st, 0, sizeof d->st);
        d->st.unit = US_ATTN;
        vm_post_io(vm, d);
    } else {
        d->flags |= VD_ATTN_OWED;
    }
}

/* A line from terminal t: a CP command, or the guest's input. */
static void line_typed(int t, char *text, u32 n)
{
    struct term *tm = &terms[t];
    struct vm *vm = tm->owner;
    text[n] = 0;
    if (tm->device) {   /* the guest's alone; nobody's after logoff: dropped */
        if (vm && tm->dev) {
            tm->held = true;
            tm->held_len = (u8)n;
            device_line(vm, tm->dev);
        }
        return;
    }
    bool cp_mode = !vm || vm->state == VMT_STOPPED || vm->state == VMT_FREE;
    if (n >= 3 && (text[0] == '#') && (text[1] == 'C' || text[1] == 'c') && (text[2] == 'P' || text[2] == 'p')) {
        cp_command(vm, t, text + 3);
        return;
    }
    if (cp_mode) {
        cp_command(vm, t, text);
        return;
    }
    if (vm->in_count == 4) {
        cp_msg(t, "CP: YOUR VIRTUAL MACHINE HAS NOT READ WHAT YOU TYPED; THIS LINE IS LOST");
        return;
    }
    int i = (vm->in_head + vm->in_count++) % 4;
    memcpy(vm->input[i], text, n);
    vm->input_len[i] = (u8)n;
    struct vdev *d = vio_dev_find(vm, vm->dir->console);
    if (!d)
        return;
    if (d->state == VD_BUSY && (d->flags & VD_READ_WAIT))
        vio_continue(vm, d);
    else if (d->state == VD_IDLE) {   /* the 3215 presents attention when nobody reads */
        memset(&d->st, 0, sizeof d->st);
        d->st.unit = US_ATTN;
        vm_post_io(vm, d);
    }
}

/* The virtual 3215 terminal tm serves: its owner's console, or the 3215
 * beside it; NULL if nobody's. */
static struct vdev *served(struct term *tm)
{
    struct vm *vm = tm->owner;
    if (!vm)
        return NULL;
    return tm->device ? tm->dev : vio_dev_find(vm, vm->dir->console);
}

static void io_done(struct rreq *r)
{
    int t = (int)(u32)r->arg;
    struct term *tm = &terms[t];
    tm->busy = false;
    if (tm->ccw.cmd == 0x0A) {   /* a read */
        if (r->unit & US_UX) {
            tm->eof = true;
            struct vm *vm = tm->owner;
            struct vdev *d = served(tm);
            if (d)
                vio_continue(vm, d);
        } else if (r->cc == 0 && !r->chan) {
            u32 n = LINE + 1 - r->residual;
            if (n > LINE) {   /* the read had room for one more: the line was longer */
                n = LINE;
                cp_msg(t, "CP: A LINE HAS AT MOST %u CHARACTERS: THE REST OF THAT ONE WAS NOT READ", LINE);
            }
            line_typed(t, tm->in, n);
        }
    } else if (tm->writing != &tm->q[tm->head] || !tm->count) {   /* a notice is out */
        tm->nhead = (tm->nhead + 1) % NOTICES;
        tm->ncount--;
        if (!tm->ncount)
            tm->notice_first = false;
    } else {
        tm->head = (tm->head + 1) % QLEN;
        tm->count--;
        refill(tm);
        struct vm *vm = tm->owner;   /* a guest waiting for room goes on */
        struct vdev *d = served(tm);
        if (d && d->state == VD_BUSY && (d->flags & VD_READ_WAIT) && d->x.cmd != 0x0A)
            vio_continue(vm, d);
    }
    kick(t);
}

/* Start the terminal's next real I/O: its user's output first, then a
 * read, then the notices (before the read if it was halted for them). */
static void kick(int t)
{
    struct term *tm = &terms[t];
    bool read = tm->want_read && !tm->eof && !tm->held;   /* a device terminal holds one line at a time */
    if (tm->busy)
        return;
    tm->writing = NULL;
    if (tm->count)
        tm->writing = &tm->q[tm->head];
    else if (tm->ncount && (tm->notice_first || !read))
        tm->writing = &tm->notice[tm->nhead];
    if (tm->writing) {
        tm->ccw = (struct ccw){tm->writing->cmd, CCW_SLI, tm->writing->len, (u32)tm->writing->text};
        if (!tm->writing->len)   /* an empty line: a write whose data the channel refuses types */
            tm->ccw = (struct ccw){tm->writing->cmd, CCW_SLI, 1, NO_DATA};   /* nothing, then the carrier return */
    } else if (read) {
        tm->want_read = false;
        tm->ccw = (struct ccw){0x0A, CCW_SLI, LINE + 1, (u32)tm->in};
    } else {
        return;
    }
    tm->busy = true;
    tm->req.dev = tm->rdev;
    tm->req.key = 0;
    tm->req.chain = &tm->ccw;
    tm->req.done = io_done;
    tm->req.arg = (void *)(u32)t;
    rio_start(&tm->req);
}

/* The guest took the console's interruption after a read that left
 * lines waiting: attention again, as for a line typed while nobody reads
 * (so a guest that reads on attention, CMS's HX, sees every line). */
void vcons_idle(struct vm *vm, struct vdev *d)
{
    if (!(d->flags & VD_ATTN_OWED))
        return;
    d->flags &= ~VD_ATTN_OWED;
    if (d->terminal ? d->term >= 0 && terms[d->term].held : vm->in_count) {
        memset(&d->st, 0, sizeof d->st);
        d->st.unit = US_ATTN;
        vm_post_io(vm, d);
    }
}

/* ---- the virtual 3215 ----------------------------------------------------------------- */

/* A read of the 3215 beside the console: the line its terminal holds,
 * or wait for one (none ever comes without a terminal). */
static int device_read(struct vxfer *x, int t)
{
    if (t < 0)
        return VIO_WAIT;
    struct term *tm = &terms[t];
    if (tm->held) {
        tm->held = false;
        vio_to_guest(x, tm->in, tm->held_len);
        kick(t);   /* the next line, if the real terminal asked to be read */
        return US_CE | US_DE;
    }
    if (tm->eof)
        return US_CE | US_DE | US_UX;
    tm->want_read = true;
    kick(t);
    return VIO_WAIT;
}

int vcons_command(struct vxfer *x)
{
    struct vm *vm = x->vm;
    struct vdev *d = x->d;
    int t = d->terminal ? d->term : vm->terminal;
    switch (x->cmd) {
    case 0x01:
    case 0x09:
        for (;;) {   /* a terminal line at a time, as long as the data goes */
            if (t >= 0 && !room(t, 2))   /* one line kept for CP's own word to the user */
                return VIO_WAIT;         /* the terminal is behind: go on when it catches up */
            char buf[LINE];
            u32 n = vio_take(x, buf, sizeof buf);
            bool more = n == sizeof buf && (x->left || (x->flags & CCW_CD));
            if (t >= 0 && (n || !more))
                term_line(t, buf, n, more ? 0x01 : x->cmd);
            if (!more)
                return US_CE | US_DE;
        }
    case 0x0A:
        if (d->terminal)
            return device_read(x, t);
        if (vm->in_count) {
            int i = vm->in_head;
            vm->in_head = (vm->in_head + 1) % 4;
            vm->in_count--;
            if (vm->in_count)   /* more was typed: say so once this read's interruption is taken */
                d->flags |= VD_ATTN_OWED;
            vio_to_guest(x, vm->input[i], vm->input_len[i]);
            return US_CE | US_DE;
        }
        if (t >= 0 && terms[t].eof)
            return US_CE | US_DE | US_UX;
        if (t >= 0) {
            terms[t].want_read = true;
            kick(t);
        }
        return VIO_WAIT;
    case 0x03:
    case 0x0B:
        return US_CE | US_DE;
    case 0x04:
        vio_to_guest(x, d->sense, 1);
        d->sense[0] = 0;
        return US_CE | US_DE;
    case 0xE4: {
        static const u8 id[4] = {0xFF, 0x32, 0x15, 0x00};
        vio_to_guest(x, id, 4);
        return US_CE | US_DE;
    }
    default:
        d->sense[0] = 0x80;   /* command reject */
        return US_CE | US_DE | US_UC;
    }
}
