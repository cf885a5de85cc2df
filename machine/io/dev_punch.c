/* dev_punch.c: a 2540-style card punch (devices.h).
 *
 * Design note. Each card punched becomes output at once, flushed, so a
 * host `cat` or `tail -f` sees it while the machine runs. A text deck gets
 * one line per card: EBCDIC translated to ASCII (a code with no printable
 * ASCII form becomes a blank), trailing blanks dropped. A binary deck
 * gets the 80 bytes as they are. A write of fewer than 80 bytes is
 * blank-padded (X'40'); one whose data never arrived (a program or
 * protection check on its first byte) punches nothing. A host write error
 * is an equipment check, and is reported on the host (hostfile.h). A
 * card is ~1 ms of device time.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"
#include "hostfile.h"

#define CARD 80
#define CARD_TIME (1000 * TOD_US)

struct punch {
    FILE *out;
    char *path;
    bool binary;
    u32 cards;         /* cards punched */
};

static bool punch_card(struct punch *p, const u8 card[CARD])
{
    if (p->binary) {
        fwrite(card, 1, CARD, p->out);
    } else {
        char line[CARD + 2];
        int n = 0;
        for (int i = 0; i < CARD; i++) {
            u8 ch = ebcdic_to_ascii[card[i]];
            line[i] = ch >= 0x20 && ch < 0x7F ? (char)ch : ' ';
            if (line[i] != ' ')
                n = i + 1;
        }
        line[n++] = '\n';
        fwrite(line, 1, n, p->out);
    }
    return hostfile_check(p->out) == 0;
}

static int do_write(struct device *d, struct punch *p, struct io *io)
{
    u8 card[CARD];
    u32 n = io_take(io, card, CARD);
    io->delay = CARD_TIME;
    if (n == 0)
        return US_CE | US_DE;
    memset(card + n, 0x40, CARD - n);
    if (!punch_card(p, card)) {
        dev_set_sense(d, SENSE_EQUIPCHK);
        return US_CE | US_DE | US_UC;
    }
    p->cards++;
    return US_CE | US_DE;
}

static int punch_start(struct device *d, struct io *io)
{
    static const u8 id[4] = {0xFF, 0x25, 0x40, 0x02};
    struct punch *p = d->priv;
    switch (io->cmd) {
    case 0x01:
        return do_write(d, p, io);
    default:
        return dev_basic_command(d, io, id, sizeof id, 1);
    }
}

static void punch_free(struct device *d)
{
    struct punch *p = d->priv;
    if (p->out)
        hostfile_close(p->out);
    free(p->path);
    free(p);
}

static const struct dev_ops punch_ops = {
    .type = "2540P",
    .start = punch_start,
    .free = punch_free,
};

struct device *punch_new(u16 addr, const char *path, bool binary, char *err, size_t errlen)
{
    struct device *d = calloc(1, sizeof *d);
    struct punch *p = calloc(1, sizeof *p);
    if (!d || !p || !(p->path = strdup(path))) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    if (!(p->out = hostfile_open(path, err, errlen)))
        goto fail;
    p->binary = binary;
    d->addr = addr;
    d->ops = &punch_ops;
    d->priv = p;
    return d;
fail:
    if (p)
        free(p->path);
    free(p);
    free(d);
    return NULL;
}

void punch_describe(const struct device *d, char *buf, size_t len)
{
    const struct punch *p = d->priv;
    snprintf(buf, len, "%s (%s), %u card%s punched", p->path, p->binary ? "binary" : "text", p->cards,
             p->cards == 1 ? "" : "s");
}
