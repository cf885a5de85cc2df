/* dev_reader.c: a 2540-style card reader (devices.h).
 *
 * Design note. The hopper is a host file, read one card at a time when
 * the guest reads, so a deck may be any length and the operator can load
 * the next one (reader_load, the console's `cards`) while the machine
 * runs. A text deck is lines: each is translated to EBCDIC and blank-
 * padded or cut to 80 columns (LF or CR LF ends a line). A binary deck is
 * raw 80-byte records; a short last record is zero-padded. When the deck
 * runs out, the next read gets unit exception (end of file) and the
 * hopper is empty from then on: reads get unit check, intervention
 * required, until another deck is loaded. A host read error is an
 * equipment check. A card is ~1 ms of device time.
 *
 * Not ready to ready. An empty hopper is a reader not ready; loading a
 * deck into it (the operator's cards in the hopper and START) makes it
 * ready, and the reader says so as the architecture has a device say it:
 * unsolicited device end, alone, when no operation is in progress. So a
 * program that found the hopper empty (VM/370's CP, cp/cardrdr.c) learns
 * that there are cards without being told by anyone else. A deck loaded
 * over one still in the hopper changes nothing the program can see, and
 * a reader that is not idle (its status still pending) is made ready
 * without the device end: the program that is reading it gets the cards.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"

#define CARD 80
#define CARD_TIME (1000 * TOD_US)

struct reader {
    FILE *deck;        /* NULL: the hopper is empty */
    char *path;        /* the deck's host file (NULL with no deck) */
    bool binary;
    bool at_end;       /* the last deck ran out (for the operator) */
    u32 cards;         /* cards read from this deck */
};

/* The next card of a text deck: 1, 0 at end of file, -1 on a host error. */
static int text_card(FILE *f, u8 card[CARD])
{
    char line[CARD + 1];
    int ch, n = 0;
    bool any = false;
    while ((ch = getc(f)) != EOF && ch != '\n') {
        any = true;
        if (n < CARD + 1)
            line[n++] = (char)ch;
    }
    if (ferror(f))
        return -1;
    if (ch == EOF && !any)
        return 0;
    if (n <= CARD && n && line[n - 1] == '\r')
        n--;
    if (n > CARD)
        n = CARD;
    memset(card, 0x40, CARD);
    for (int i = 0; i < n; i++)
        card[i] = ascii_to_ebcdic[(u8)line[i]];
    return 1;
}

static int binary_card(FILE *f, u8 card[CARD])
{
    size_t n = fread(card, 1, CARD, f);
    if (ferror(f))
        return -1;
    if (n == 0)
        return 0;
    memset(card + n, 0, CARD - n);
    return 1;
}

static void unload(struct reader *r)
{
    if (r->deck)
        fclose(r->deck);
    free(r->path);
    r->deck = NULL;
    r->path = NULL;
}

static int do_read(struct device *d, struct reader *r, struct io *io)
{
    u8 card[CARD];
    if (!r->deck) {
        dev_set_sense(d, SENSE_INTREQ);
        return US_CE | US_DE | US_UC;
    }
    int got = r->binary ? binary_card(r->deck, card) : text_card(r->deck, card);
    if (got < 0) {
        dev_set_sense(d, SENSE_EQUIPCHK);
        return US_CE | US_DE | US_UC;
    }
    if (got == 0) {
        unload(r);
        r->at_end = true;
        return US_CE | US_DE | US_UX;
    }
    r->cards++;
    io_to_storage(io, card, CARD);
    io->delay = CARD_TIME;
    return US_CE | US_DE;
}

static int reader_start(struct device *d, struct io *io)
{
    static const u8 id[4] = {0xFF, 0x25, 0x40, 0x01};
    struct reader *r = d->priv;
    switch (io->cmd) {
    case 0x02:
        return do_read(d, r, io);
    default:
        return dev_basic_command(d, io, id, sizeof id, 1);
    }
}

static void reader_free(struct device *d)
{
    struct reader *r = d->priv;
    unload(r);
    free(r);
}

static const struct dev_ops reader_ops = {
    .type = "2540R",
    .start = reader_start,
    .free = reader_free,
};

int reader_load(struct machine *m, struct device *d, const char *path, bool binary, char *err, size_t errlen)
{
    if (d->ops != &reader_ops) {
        snprintf(err, errlen, "%03X is a %s, not a card reader", d->addr, d->ops->type);
        return -1;
    }
    struct reader *r = d->priv;
    FILE *f = fopen(path, "rb");
    char *copy = f ? strdup(path) : NULL;
    if (!f || !copy) {
        snprintf(err, errlen, "%s: %s", path, strerror(f ? ENOMEM : errno));
        if (f)
            fclose(f);
        return -1;
    }
    bool was_ready = r->deck != NULL;
    unload(r);
    r->deck = f;
    r->path = copy;
    r->binary = binary;
    r->at_end = false;
    r->cards = 0;
    if (m && !was_ready)
        chan_unsolicited(m, d, US_DE);
    return 0;
}

struct device *reader_new(u16 addr, const char *path, bool binary, char *err, size_t errlen)
{
    struct device *d = calloc(1, sizeof *d);
    struct reader *r = calloc(1, sizeof *r);
    if (!d || !r) {
        snprintf(err, errlen, "out of memory");
        free(d);
        free(r);
        return NULL;
    }
    d->addr = addr;
    d->ops = &reader_ops;
    d->priv = r;
    if (path && reader_load(NULL, d, path, binary, err, errlen) < 0) {
        reader_free(d);
        free(d);
        return NULL;
    }
    return d;
}

void reader_describe(const struct device *d, char *buf, size_t len)
{
    const struct reader *r = d->priv;
    if (r->deck)
        snprintf(buf, len, "%s (%s), %u card%s read", r->path, r->binary ? "binary" : "text", r->cards,
                 r->cards == 1 ? "" : "s");
    else
        snprintf(buf, len, "hopper empty%s", r->at_end ? " (the last deck was read to its end)" : "");
}
