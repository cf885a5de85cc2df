/* dev_3215.c: a 3215-style console typewriter.
 *
 * Commands: 01 write (no carrier return), 09 write and return, 0A read
 * inquiry, 03 no-op, 0B audible alarm, 04 sense, E4 sense ID. Anything
 * else is rejected (unit check, sense byte 0 = command reject).
 *
 * The host side: output goes to a FILE (the terminal, or a file), each
 * line optionally tagged (for the operator console, "009>" or a user id).
 * Input comes either from a FILE read a line at a time when the guest
 * reads (end of file: unit exception), or from lines the operator types,
 * queued by con3215_input(). A line typed while no read is pending raises
 * attention, as the REQUEST key does, so the guest knows to read.
 * Storage holds EBCDIC; the device translates to and from ASCII.
 * Output is flushed after every write; a host write error is an
 * equipment check (unit check, sense X'10') for the guest, and is
 * reported on the host once (hostfile.h) and makes the exit status
 * nonzero.
 */
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "dev_3215.h"
#include "hostfile.h"

#define LINE_MAX 256
#define QUEUE_MAX 64

struct con3215 {
    FILE *out;
    FILE *in;                   /* or NULL: lines come from the queue */
    u16 addr;
    char tag[24];               /* printed before each output line */
    const char *(*tagger)(void *arg, u16 addr);   /* optional: a tag of the moment */
    void *tagger_arg;
    bool at_line_start;
    char queue[QUEUE_MAX][LINE_MAX];
    int q_head, q_len;
    bool echo_input;            /* print what a read took, as a typewriter does */
    void (*on_output)(void *arg, const char *line);   /* optional observer */
    void *on_output_arg;
    char line[LINE_MAX + 1];    /* the line being typed out, for the observer */
    int line_len;
};

/* The 3215s without files of their own share the operator's terminal:
 * one that starts typing while another's line is open (written without
 * a carrier return) ends that line first, and the other's goes on later
 * on a line of its own, tagged again, so no line holds two terminals'
 * output. */
static void take_terminal(struct machine *m, struct con3215 *c)
{
    struct con3215 *open = m->term_open_line;
    if (open && open != c && !open->at_line_start && open->out == c->out) {
        fputc('\n', c->out);
        open->at_line_start = true;
    }
    m->term_open_line = c;
}

static void emit_char(struct machine *m, struct con3215 *c, char ch)
{
    if (c->out && (c->tagger || c->tag[0]))
        take_terminal(m, c);
    if (c->at_line_start && c->out) {
        const char *tag = c->tagger ? c->tagger(c->tagger_arg, c->addr) : NULL;
        fputs(tag ? tag : c->tag, c->out);
    }
    c->at_line_start = false;
    if (c->out)
        fputc(ch, c->out);
    if (ch == '\n') {
        c->at_line_start = true;
        c->line[c->line_len] = 0;
        if (c->on_output)
            c->on_output(c->on_output_arg, c->line);
        c->line_len = 0;
    } else if (c->line_len < LINE_MAX) {
        c->line[c->line_len++] = ch;
    }
}

static int do_write(struct device *d, struct con3215 *c, struct io *io, bool newline)
{
    u8 buf[256];
    u32 n;
    while ((n = io_take(io, buf, sizeof buf)) > 0) {
        for (u32 i = 0; i < n; i++) {
            u8 ch = ebcdic_to_ascii[buf[i]];
            emit_char(io->m, c, ch == '\n' || ch == '\t' || (ch >= 0x20 && ch != 0x7F) ? (char)ch : '.');
        }
        if (n < sizeof buf)
            break;
    }
    if (newline)
        emit_char(io->m, c, '\n');
    io->delay = (20 + io->done) * TOD_US;
    if (c->out && hostfile_check(c->out) < 0) {   /* reported once; the guest sees it each time */
        dev_set_sense(d, SENSE_EQUIPCHK);
        return US_CE | US_DE | US_UC;
    }
    return US_CE | US_DE;
}

/* The next input line, without its newline: from the file or the queue. */
static bool next_line(struct con3215 *c, char *line, bool *eof)
{
    *eof = false;
    if (c->q_len) {
        strcpy(line, c->queue[c->q_head]);
        c->q_head = (c->q_head + 1) % QUEUE_MAX;
        c->q_len--;
        return true;
    }
    if (!c->in)
        return false;
    if (!fgets(line, LINE_MAX, c->in)) {
        *eof = true;
        return false;
    }
    size_t n = strlen(line);
    if (n && line[n - 1] == '\n')
        line[--n] = 0;
    else if (n == LINE_MAX - 1) {   /* overlong line: drop the rest */
        int ch;
        while ((ch = fgetc(c->in)) != EOF && ch != '\n')
            ;
    }
    return true;
}

static int do_read(struct device *d, struct con3215 *c, struct io *io)
{
    char line[LINE_MAX];
    bool eof;
    if (!next_line(c, line, &eof)) {
        if (eof)
            return US_CE | US_DE | US_UX;
        return DEV_WAIT;
    }
    if (c->echo_input) {
        for (const char *p = line; *p; p++)
            emit_char(io->m, c, *p);
        emit_char(io->m, c, '\n');
    }
    u8 buf[LINE_MAX];
    u32 n = strlen(line);
    for (u32 i = 0; i < n; i++)
        buf[i] = ascii_to_ebcdic[(u8)line[i]];
    io_to_storage(io, buf, n);
    io->delay = 20 * TOD_US;
    (void)d;
    return US_CE | US_DE;
}

static int con_start(struct device *d, struct io *io)
{
    struct con3215 *c = d->priv;
    switch (io->cmd) {
    case 0x01:
        return do_write(d, c, io, false);
    case 0x09:
        return do_write(d, c, io, true);
    case 0x0A:
        return do_read(d, c, io);
    case 0x0B:   /* audible alarm */
        return US_CE | US_DE;
    default: {
        static const u8 id[4] = {0xFF, 0x32, 0x15, 0x00};
        return dev_basic_command(d, io, id, sizeof id, 1);
    }
    }
}

static void con_free(struct device *d)
{
    struct con3215 *c = d->priv;
    free(c);
}

static const struct dev_ops con3215_ops = {
    .type = "3215",
    .start = con_start,
    .free = con_free,
};

struct device *con3215_new(u16 addr, FILE *out, FILE *in, const char *tag)
{
    struct device *d = calloc(1, sizeof *d);
    struct con3215 *c = calloc(1, sizeof *c);
    if (!d || !c) {
        free(d);
        free(c);
        return NULL;
    }
    c->out = out;
    c->in = in;
    c->at_line_start = true;
    c->addr = addr;
    if (tag)
        snprintf(c->tag, sizeof c->tag, "%s", tag);
    d->addr = addr;
    d->ops = &con3215_ops;
    d->priv = c;
    return d;
}

bool con3215_is(const struct device *d) { return d->ops == &con3215_ops; }

void con3215_set_echo(struct device *d, bool echo) { ((struct con3215 *)d->priv)->echo_input = echo; }

void con3215_set_tagger(struct device *d, const char *(*fn)(void *, u16), void *arg)
{
    struct con3215 *c = d->priv;
    c->tagger = fn;
    c->tagger_arg = arg;
}

void con3215_set_observer(struct device *d, void (*fn)(void *, const char *), void *arg)
{
    struct con3215 *c = d->priv;
    c->on_output = fn;
    c->on_output_arg = arg;
}

/* The operator typed `line` for this console. False if the queue is full. */
bool con3215_input(struct machine *m, struct device *d, const char *line)
{
    struct con3215 *c = d->priv;
    if (c->q_len == QUEUE_MAX)
        return false;
    snprintf(c->queue[(c->q_head + c->q_len) % QUEUE_MAX], LINE_MAX, "%s", line);
    c->q_len++;
    if (d->state == DEV_WAITING)
        chan_resume(m, d);
    else if (d->state == DEV_IDLE)
        chan_attention(m, d);
    return true;
}

bool con3215_reading(const struct device *d) { return d->state == DEV_WAITING; }
