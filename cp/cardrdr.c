/* cardrdr.c: the real card reader (00C): decks into users' readers.
 *
 * Design note. As on VM/370, a deck put in the real reader is not any
 * user's input until CP has read it: its first card is an ID card
 * naming the user (`ID userid`, or `USERID userid`, from column 1), and
 * CP reads the rest of the deck, a card a record, into a spool file that
 * goes into that user's reader whole when the deck ends (unit
 * exception), whether the user is logged on or not. The user is told if
 * logged on; the operator is told which file it became (VM/370's
 * `RDR 00C INPUT FOR userid FILE nnnn`). A deck without a valid ID card,
 * for a user not in the directory, or longer than a spool file holds, is
 * read to its end and dropped, and the operator is told why, with the
 * count of cards: nothing is lost without a word.
 *
 * CP reads the reader at IPL, when the reader presents status of its
 * own (attention or device end: a reader made ready, which the machine's
 * reader presents when cards are loaded into its empty hopper), and when
 * the operator says START 00C. An empty hopper (unit check) ends a
 * reading until the next of these. One deck at a time; the reader's
 * channel program is one Read of 80 bytes, started again from its
 * completion. A reader dedicated to a user is that user's: CP leaves
 * its cards alone when it is made ready.
 */
#include "cp.h"

#define REAL_READER 0x00C
#define CARD 80
#define NO_FILE (-1)

static struct {
    struct rreq req;
    struct ccw ccw;
    u8 card[CARD];
    bool busy;
    bool in_deck;        /* the ID card is read: cards go to `file` (or are skipped) */
    int file;            /* the deck's spool file, or NO_FILE when it is being skipped */
    u8 to[8];
    u32 cards;           /* cards of this deck after its ID card */
    const char *skip_why;
} rdr;

static void read_next(void);

/* The ID card: `ID userid` or `USERID userid`, nothing more. NULL if it
 * is one (rdr.to set), else what is wrong with it. */
static const char *id_card(const u8 *card)
{
    char text[CARD + 1], *w[4];
    memcpy(text, card, CARD);
    text[CARD] = 0;
    str_upper(text);
    int n = str_split(text, w, 4);
    if (n < 1 || (!str_eq(w[0], "ID") && !str_eq(w[0], "USERID")))
        return "ITS FIRST CARD IS NO ID CARD (ID USERID)";
    if (n != 2 || !userid_field(rdr.to, w[1]))
        return "ITS ID CARD IS NOT 'ID USERID'";
    if (!dirload_find(rdr.to))
        return "ITS ID CARD NAMES NOBODY IN THE DIRECTORY";
    return NULL;
}

static void deck_start(void)
{
    rdr.in_deck = true;
    rdr.cards = 0;
    rdr.file = NO_FILE;
    rdr.skip_why = id_card(rdr.card);
    if (rdr.skip_why)
        return;
    rdr.file = spool_deck_open(rdr.to);
    if (rdr.file == NO_FILE)
        rdr.skip_why = "THE SPOOL IS FULL (8 DECKS WAIT IN READERS ALREADY)";
}

static void deck_card(void)
{
    rdr.cards++;
    if (rdr.file != NO_FILE && !spool_deck_card(rdr.file, rdr.card)) {
        spool_deck_discard(rdr.file);
        rdr.file = NO_FILE;
        rdr.skip_why = "IT IS LONGER THAN A SPOOL FILE HOLDS (64K)";
    }
}

static void deck_end(void)
{
    char name[9];
    userid_text(name, rdr.to);
    if (rdr.file != NO_FILE) {
        u32 records;
        u16 id = spool_deck_close(rdr.file, &records);
        cp_msg(-1, "RDR %03X INPUT FOR %s FILE %04u RECS %06u", REAL_READER, name, id, records);
    } else {
        cp_msg(-1, "DMKRDR001E RDR %03X: A DECK OF %u CARDS AFTER ITS FIRST WAS NOT SPOOLED: %s", REAL_READER,
               rdr.cards, rdr.skip_why);
    }
    rdr.in_deck = false;
    rdr.file = NO_FILE;
}

static void read_done(struct rreq *r)
{
    rdr.busy = false;
    if (r->cc == 3)
        return;   /* no reader */
    if (r->cc == 0 && !r->chan && !(r->unit & (US_UC | US_UX))) {
        if (rdr.in_deck)
            deck_card();
        else
            deck_start();
        read_next();
        return;
    }
    if (rdr.in_deck)   /* unit exception: the deck is done (anything else ends it too) */
        deck_end();
    /* an empty hopper: read again when the reader says it is ready */
}

static void read_next(void)
{
    if (rdr.busy)
        return;
    rdr.ccw = (struct ccw){0x02, CCW_SLI, CARD, (u32)rdr.card};
    rdr.req = (struct rreq){.dev = REAL_READER, .chain = &rdr.ccw, .done = read_done};
    rdr.busy = true;
    rio_start(&rdr.req);
}

/* Is the real reader dedicated to a user (the directory's `dedicate`)? */
static bool dedicated(void)
{
    for (int i = 0; i < cp_nvms; i++) {
        const struct vm *vm = &cp_vms[i];
        for (int k = 0; vm->state != VMT_FREE && k < vm->ndevs; k++)
            if (vm->devs[k].type == VDEV_DEDICATED && vm->devs[k].rdev == REAL_READER)
                return true;
    }
    return false;
}

static void ready(u16 dev)
{
    (void)dev;
    if (!dedicated())
        read_next();
}

void cardrdr_init(void)
{
    memset(&rdr, 0, sizeof rdr);
    rdr.file = NO_FILE;
    rio_set_attention(REAL_READER, ready);
    read_next();
}

void cardrdr_start(void)
{
    read_next();
}
