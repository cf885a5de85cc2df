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
 * 3215 does).
 *
 * A line for a terminal whose read is waiting for the user (a message,
 * a spool notice) halts the read, goes out, and the read starts again.
 *
 * The virtual console (a 3215 at the address the directory gives) is
 * emulated: write with or without carrier return, read, no-op, alarm,
 * sense, sense ID. A guest whose terminal queue is full waits: its write
 * goes on when the terminal catches up. A disconnected user's output is
 * dropped and its reads wait for ever, as on VM/370.
 */
#include "cp.h"

#define MAX_TERMINALS 80
#define QLEN 16
#define NO_DATA 0x7FFFFFF0u   /* outside real storage: the channel's program check */
#define NOTICES 4
#define LINE 132

struct tline {
    u8 cmd, len;
    char text[LINE];
};

struct term {
    u16 rdev;
    bool used;
    struct vm *owner;                   /* NULL: nobody (a free terminal) */
    struct tline q[QLEN];               /* its user's lines */
    int head, count;
    struct tline notice[NOTICES];       /* what others sent it */
    int nhead, ncount;
    bool notice_first;                  /* a read was halted for the notices: they go first */
    struct tline *writing;              /* the line a real write is typing */
    bool busy;                          /* a real write or read is running */
    bool want_read;                     /* someone typed, or the guest waits for a line */
    bool eof;                           /* its input ended (unit exception on read) */
    struct rreq req;
    struct ccw ccw;
    char in[LINE + 1];
};

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

void term_init(void)
{
    memset(terms, 0, sizeof terms);
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

int term_attach(u16 rdev, struct vm *owner)
{
    int t;
    if (term_of_dev(rdev, &t)) {
        terms[t].owner = owner;
        return t;
    }
    for (t = 0; t < MAX_TERMINALS; t++)
        if (!terms[t].used)
            break;
    if (t == MAX_TERMINALS)
        return -1;
    memset(&terms[t], 0, sizeof terms[t]);
    terms[t].used = true;
    terms[t].rdev = rdev;
    terms[t].owner = owner;
    rio_set_attention(rdev, attention);
    return t;
}

void term_detach(int t)
{
    if (t >= 0)
        terms[t].owner = NULL;
}

static bool room(int t, int lines) { return QLEN - terms[t].count >= lines; }

/* Into a queue of `len` lines at `q` (head, count): the line, split into
 * terminal lines. False if it did not all fit (the rest is lost). */
static bool enqueue(struct tline *q, int len, const int *head, int *count, const char *text, u32 n, u8 cmd)
{
    do {
        if (*count == len)
            return false;
        struct tline *l = &q[(*head + (*count)++) % len];
        u32 part = n > LINE ? LINE : n;
        memcpy(l->text, text, part);
        l->len = (u8)part;   /* 0: an empty line (kick) */
        l->cmd = n > LINE ? 0x01 : cmd;
        text += part;
        n -= part;
    } while (n);
    return true;
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
    if (h == 1 && tm->req.residual < LINE) {
        io_done(&tm->req);
    } else if (h != 0) {
        tm->busy = false;
        tm->want_read = true;
        tm->notice_first |= for_notices;
    }
}

void term_line(int t, const char *text, u32 n, u8 cmd)
{
    if (t < 0 || !terms[t].used)
        return;
    struct term *tm = &terms[t];
    enqueue(tm->q, QLEN, &tm->head, &tm->count, text, n, cmd);   /* a flood: the rest is lost */
    break_read(tm, false);
    kick(t);
}

/* A line from someone else for terminal t: false if its queue is full. */
bool term_notice(int t, const char *text, u32 n)
{
    if (t < 0 || !terms[t].used)
        return true;   /* nobody to tell: nothing waits */
    struct term *tm = &terms[t];
    if (n > LINE)
        n = LINE;   /* a notice is one line */
    if (tm->ncount == NOTICES)
        return false;
    enqueue(tm->notice, NOTICES, &tm->nhead, &tm->ncount, text, n, 0x09);
    break_read(tm, true);
    kick(t);
    return true;
}

/* A line from terminal t: a CP command, or the guest's input. */
static void line_typed(int t, char *text, u32 n)
{
    struct term *tm = &terms[t];
    struct vm *vm = tm->owner;
    text[n] = 0;
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

static void io_done(struct rreq *r)
{
    int t = (int)(u32)r->arg;
    struct term *tm = &terms[t];
    tm->busy = false;
    if (tm->ccw.cmd == 0x0A) {   /* a read */
        if (r->unit & US_UX) {
            tm->eof = true;
            struct vm *vm = tm->owner;
            struct vdev *d = vm ? vio_dev_find(vm, vm->dir->console) : NULL;
            if (d)
                vio_continue(vm, d);
        } else if (r->cc == 0 && !r->chan) {
            u32 n = LINE - r->residual;
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
        struct vm *vm = tm->owner;   /* a guest waiting for room goes on */
        struct vdev *d = vm ? vio_dev_find(vm, vm->dir->console) : NULL;
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
    bool read = tm->want_read && !tm->eof;
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
        tm->ccw = (struct ccw){0x0A, CCW_SLI, LINE, (u32)tm->in};
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

/* ---- the virtual 3215 ----------------------------------------------------------------- */

int vcons_command(struct vxfer *x)
{
    struct vm *vm = x->vm;
    struct vdev *d = x->d;
    int t = vm->terminal;
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
        if (vm->in_count) {
            int i = vm->in_head;
            vm->in_head = (vm->in_head + 1) % 4;
            vm->in_count--;
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
