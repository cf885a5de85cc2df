/* dev_1403.c: a 1403-style line printer, 132 print positions (devices.h).
 *
 * Design note. The paper is a host text file, flushed after every command
 * so a host `cat` sees each line as it prints. A command's bits 0-4 are
 * the carriage control: 00000 none, 000nn space nn lines, 10001 skip to
 * channel 1 (the top of the next page); the low bits say write (01) or
 * control now (11). Spacing becomes newlines, so blank lines show as
 * such, and a skip to channel 1 becomes a form feed. A line written with
 * no spacing leaves the carriage on that line: the next write overprints
 * it, which the file shows as a carriage return ("LINE\rOVER"). Printed
 * text is EBCDIC translated to ASCII, with trailing blanks dropped; a code
 * that is not on the print chain (no printable ASCII form) prints as a
 * blank. Channels other than 1 are not punched in this carriage tape, so
 * skips to them are rejected. A host write error is an equipment check,
 * and is reported on the host (hostfile.h). The file is opened by
 * hostfile_open: a device node or a link is written in place.
 * A printed line is ~1 ms of device time, a skip ~2 ms.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"
#include "hostfile.h"

#define POSITIONS 132
#define LINE_TIME (1000 * TOD_US)
#define SKIP 0x11   /* carriage control 10001: skip to channel 1 */

struct printer {
    FILE *out;
    char *path;
    bool on_line;      /* something printed on the current line, not yet spaced */
    u32 lines;         /* lines spaced (newlines written) */
    u32 pages;         /* skips to channel 1 */
};

/* Move the carriage: `control` is bits 0-4 of the command. */
static void carriage(struct printer *p, u8 control)
{
    if (control == SKIP) {
        if (p->on_line) {
            fputc('\n', p->out);
            p->lines++;
        }
        fputc('\f', p->out);
        p->pages++;
    } else {
        for (u8 i = 0; i < control; i++)
            fputc('\n', p->out);
        p->lines += control;
    }
    if (control)
        p->on_line = false;
}

static void print_line(struct printer *p, const u8 *data, u32 n)
{
    char line[POSITIONS];
    u32 len = 0;
    for (u32 i = 0; i < n; i++) {
        u8 ch = ebcdic_to_ascii[data[i]];
        line[i] = ch >= 0x20 && ch < 0x7F ? (char)ch : ' ';
        if (line[i] != ' ')
            len = i + 1;
    }
    if (p->on_line && len)
        fputc('\r', p->out);   /* overprint the line the carriage is on */
    fwrite(line, 1, len, p->out);
    p->on_line |= len > 0;
}

static bool valid_control(u8 control) { return control <= 3 || control == SKIP; }

static int printer_start(struct device *d, struct io *io)
{
    static const u8 id[4] = {0xFF, 0x14, 0x03, 0x01};
    struct printer *p = d->priv;
    u8 control = io->cmd >> 3;
    if (io->cmd == 0x03 || io->cmd == 0x04 || io->cmd == 0xE4 || ((io->cmd & 7) != 1 && (io->cmd & 7) != 3) ||
        !valid_control(control))
        return dev_basic_command(d, io, id, sizeof id, 1);
    if ((io->cmd & 7) == 1) {   /* write, then move the carriage */
        u8 data[POSITIONS];
        u32 n = io_take(io, data, POSITIONS);
        if (n == 0)   /* the data never arrived: the channel reports why */
            return US_CE | US_DE;
        print_line(p, data, n);
    }
    carriage(p, control);
    io->delay = control == SKIP ? 2 * LINE_TIME : LINE_TIME;
    if (hostfile_check(p->out) < 0) {
        dev_set_sense(d, SENSE_EQUIPCHK);
        return US_CE | US_DE | US_UC;
    }
    return US_CE | US_DE;
}

static void printer_free(struct device *d)
{
    struct printer *p = d->priv;
    if (p->out)
        hostfile_close(p->out);
    free(p->path);
    free(p);
}

static const struct dev_ops printer_ops = {
    .type = "1403",
    .start = printer_start,
    .free = printer_free,
};

struct device *printer_new(u16 addr, const char *path, char *err, size_t errlen)
{
    struct device *d = calloc(1, sizeof *d);
    struct printer *p = calloc(1, sizeof *p);
    if (!d || !p || !(p->path = strdup(path))) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    if (!(p->out = hostfile_open(path, err, errlen)))
        goto fail;
    d->addr = addr;
    d->ops = &printer_ops;
    d->priv = p;
    return d;
fail:
    if (p)
        free(p->path);
    free(p);
    free(d);
    return NULL;
}

void printer_describe(const struct device *d, char *buf, size_t len)
{
    const struct printer *p = d->priv;
    snprintf(buf, len, "%s, %u line%s, %u page skip%s", p->path, p->lines, p->lines == 1 ? "" : "s", p->pages,
             p->pages == 1 ? "" : "s");
}
