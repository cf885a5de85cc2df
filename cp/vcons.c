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

#define QLEN 16
#define LINE 132

struct term {
    u16 rdev;
    bool used;
    struct vm *owner;                   /* NULL: nobody (a free terminal) */
    struct {
        u8 cmd, len;
        char text[LINE];
    } q[QLEN];
    int head, count;
    bool busy;                          /* a real write or read is running */
    bool want_read;                     /* someone typed, or the guest waits for a line */
    bool eof;                           /* its input ended (unit exception on read) */
    struct rreq req;
    struct ccw ccw;
    char in[LINE + 1];
};

static struct term terms[MAX_TERMINALS];
int operator_terminal = -1;

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

void term_line(int t, const char *text, u32 n, u8 cmd)
{
    if (t < 0 || !terms[t].used)
        return;
    struct term *tm = &terms[t];
    do {
        if (tm->count == QLEN)
            return;   /* a flood: the terminal cannot keep up; the rest is lost */
        int i = (tm->head + tm->count++) % QLEN;
        u32 part = n > LINE ? LINE : n;
        memcpy(tm->q[i].text, text, part);
        tm->q[i].len = (u8)(part ? part : 1);
        if (!part)
            tm->q[i].text[0] = 0x40;   /* an empty line: one blank */
        tm->q[i].cmd = n > LINE ? 0x01 : cmd;
        text += part;
        n -= part;
    } while (n);
    if (tm->busy && tm->ccw.cmd == 0x0A) {   /* a read waits for the user: break it, to type this */
        rio_cancel(&tm->req);                 /* (as CP broke a 2741's read) and read again after */
        tm->busy = false;
        tm->want_read = true;
    }
    kick(t);
}

void term_printf(int t, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    term_line(t, buf, (u32)(n < (int)sizeof buf ? n : (int)sizeof buf - 1), 0x09);
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
    struct vdev *d = vdev_find(vm, vm->dir->console);
    if (!d)
        return;
    if (d->state == VD_BUSY && (d->flags & VD_READ_WAIT))
        vchan_continue(vm, d);
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
            struct vdev *d = vm ? vdev_find(vm, vm->dir->console) : NULL;
            if (d)
                vchan_continue(vm, d);
        } else if (r->cc == 0 && !r->chan) {
            u32 n = LINE - r->residual;
            line_typed(t, tm->in, n);
        }
    } else if (tm->count) {
        tm->head = (tm->head + 1) % QLEN;
        tm->count--;
        struct vm *vm = tm->owner;   /* a guest waiting for room goes on */
        struct vdev *d = vm ? vdev_find(vm, vm->dir->console) : NULL;
        if (d && d->state == VD_BUSY && (d->flags & VD_READ_WAIT) && d->x.cmd != 0x0A)
            vchan_continue(vm, d);
    }
    kick(t);
}

/* Start the terminal's next real I/O: output first, then a read. */
static void kick(int t)
{
    struct term *tm = &terms[t];
    if (tm->busy)
        return;
    if (tm->count) {
        tm->ccw = (struct ccw){tm->q[tm->head].cmd, CCW_SLI, tm->q[tm->head].len, (u32)tm->q[tm->head].text};
    } else if (tm->want_read && !tm->eof) {
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
    case 0x09: {
        if (t >= 0 && !room(t, 2))
            return VIO_WAIT;   /* the terminal is behind: go on when it catches up */
        char buf[LINE];
        u32 n = vio_take(x, buf, sizeof buf);
        if (t >= 0) {
            char rest[LINE];
            u32 more = n == sizeof buf ? vio_take(x, rest, sizeof rest) : 0;
            term_line(t, buf, n, more ? 0x01 : x->cmd);
            if (more)
                term_line(t, rest, more, x->cmd);
        }
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
