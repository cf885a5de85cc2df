/* rdrmid: an adversary that sends files into its reader in the middle of
 * a deck.
 *
 * Attack: a reader reads a file a card at a time, and files arrive in the
 * reader at any moment (a CLOSE, a TRANSFER, another user's SPOOL ... TO).
 * It opens a printer file first, so that file gets the lower spool id,
 * then punches deck A into its own reader and reads two of its cards;
 * then it closes the printer file, which lands in the reader with the
 * older id, and reads on. Then the same in the middle of deck B, and a
 * TRANSFER (to itself) of every file in its reader, deck B too, before
 * it reads on. If CP picked the oldest file
 * at every read, the rest of the deck would come after cards of another
 * file: a program reading a deck of cards would read someone else's
 * cards in the middle of its own (a job stream, a CMS file being read in).
 *
 * Containment: as on VM/370, a reader has one open file at a time: a
 * deck being read is read to its end (its cards in order, then unit
 * exception), and only then the next file, oldest first; an empty reader
 * gives unit check, intervention required.
 */
#include "adv.h"

#define READER 0x00C
#define PUNCH 0x00D
#define PRINTER 0x00E

static struct ccw c;
static char card[132];
static char expect[80];

/* one record to `dev` with `cmd`: true if it went */
static bool put(u16 dev, u8 cmd, const char *text, u32 len)
{
    struct csw s;
    memset(card, 0x40, sizeof card);
    memcpy(card, text, strlen(text));
    c = (struct ccw){cmd, CCW_SLI, (u16)len, (u32)card};
    return adv_io(dev, &c, 0, &s) == 0 && s.unit == (US_CE | US_DE) && !s.chan;
}

/* read a card: 0 read, 1 unit exception, 2 unit check with intervention
 * required, -1 anything else */
static int get(void)
{
    struct csw s;
    memset(card, 0, sizeof card);
    c = (struct ccw){0x02, CCW_SLI, 80, (u32)card};
    int cc = adv_io(READER, &c, 0, &s);
    if (cc == 0 && s.unit == (US_CE | US_DE) && !s.chan)
        return 0;
    if (cc == 0 && s.unit == (US_CE | US_DE | US_UX) && !s.chan)
        return 1;
    if (cc == 0 && (s.unit & US_UC) && adv_sense(READER) == SENSE_INTREQ << 8)
        return 2;
    return -1;
}

/* the next card must be `text` (padded with blanks) */
static bool card_is(const char *text)
{
    memset(expect, 0x40, sizeof expect);
    memcpy(expect, text, strlen(text));
    return get() == 0 && memcmp(card, expect, 80) == 0;
}

static bool deck(const char *name, u32 cards)
{
    char text[40];
    bool ok = true;
    for (u32 i = 1; i <= cards; i++) {
        snprintf(text, sizeof text, "DECK %s CARD %u", name, i);
        ok &= put(PUNCH, 0x01, text, 80);
    }
    return ok && diag08("CLOSE PUNCH") == 0;
}

static bool rest_of(const char *name, u32 from, u32 cards)
{
    char text[40];
    bool ok = true;
    for (u32 i = from; i <= cards; i++) {
        snprintf(text, sizeof text, "DECK %s CARD %u", name, i);
        ok &= card_is(text);
    }
    return ok;
}

/* TRANSFER every reader file it has to itself, by trying ids 1 to 400:
 * how many CP moved */
static u32 transfer_own(void)
{
    char cmd[40];
    u32 n = 0;
    for (u32 id = 1; id <= 400; id++) {
        snprintf(cmd, sizeof cmd, "TRANSFER RDR %u TO RDRMID", id);
        n += diag08(cmd) == 0;
    }
    return n;
}

int main(void)
{
    adv_begin("RDRMID");
    adv_catch_program_checks();
    diag08("PURGE RDR ALL");
    check(get() == 2, "AN EMPTY READER: UNIT CHECK, INTERVENTION REQUIRED");
    check(diag08("SPOOL PRINTER TO *") == 0 && diag08("SPOOL PUNCH TO *") == 0, "SPOOL PRINTER AND PUNCH TO ITSELF");

    /* a file closed into the reader in the middle of deck A */
    check(put(PRINTER, 0x09, "THE OLDER FILE, LINE 1", 132), "OPEN A PRINTER FILE: THE LOWER SPOOL ID");
    check(deck("A", 5), "PUNCH DECK A (5 CARDS) AND CLOSE IT: INTO ITS READER");
    check(card_is("DECK A CARD 1") && card_is("DECK A CARD 2"), "READ TWO CARDS OF DECK A");
    check(put(PRINTER, 0x09, "THE OLDER FILE, LINE 2", 132) && diag08("CLOSE PRINTER") == 0,
          "CLOSE THE PRINTER FILE: INTO THE READER, WITH THE OLDER ID");
    diag08("QUERY RDR ALL");
    check(card_is("DECK A CARD 3"), "THE NEXT CARD IS DECK A'S THIRD: A DECK BEING READ IS READ TO ITS END");
    check(rest_of("A", 4, 5), "  THEN ITS FOURTH AND FIFTH");
    check(get() == 1, "  THEN UNIT EXCEPTION: THE END OF DECK A");
    check(card_is("THE OLDER FILE, LINE 1") && card_is("THE OLDER FILE, LINE 2"), "THEN THE OLDER FILE, IN ORDER");
    check(get() == 1, "  THEN ITS UNIT EXCEPTION");
    check(get() == 2, "THE READER IS EMPTY: UNIT CHECK, INTERVENTION REQUIRED");

    /* the same in the middle of deck B, then a TRANSFER of each file */
    diag08("PURGE RDR ALL");   /* whatever the above left */
    while (get() == 0)
        ;
    check(put(PRINTER, 0x09, "OLDER FILE C", 132) && diag08("CLOSE PRINTER") == 0, "FILE C INTO ITS READER");
    check(put(PRINTER, 0x09, "OLDER FILE D", 132), "OPEN FILE D");
    check(deck("B", 4) && deck("E", 3), "PUNCH DECKS B (4 CARDS) AND E (3) AND CLOSE THEM");
    check(card_is("OLDER FILE C") && get() == 1, "FILE C IS READ FIRST: THE OLDEST, THEN UNIT EXCEPTION");
    check(card_is("DECK B CARD 1"), "READ DECK B'S FIRST CARD");
    check(diag08("CLOSE PRINTER") == 0, "CLOSE FILE D (OLDER THAN B) INTO THE READER");
    u32 n = transfer_own();
    check_x(n == 2 || n == 3, "TRANSFER ITS READER FILES TO ITSELF: D AND E (B, BEING READ, MAY BE REFUSED)", n);
    /* B moved to its own reader may start over (a transferred file is
     * read from its start); it may not give way to D */
    bool over = card_is("DECK B CARD 1");
    u32 from = over ? 2 : 3;
    check((over && n == 3) || (!over && memcmp(card, "DECK B CARD 2 ", 14) == 0),
          "DECK B GOES ON (OR, TRANSFERRED, STARTS OVER)");
    check(rest_of("B", from, 4) && get() == 1, "  TO ITS END, THEN UNIT EXCEPTION");
    check(card_is("OLDER FILE D") && get() == 1, "THEN FILE D, THE OLDEST LEFT");
    check(card_is("DECK E CARD 1"), "THEN DECK E");
    check(diag08("TRANSFER RDR 9999 TO RDRMID") != 0, "TRANSFER OF A FILE IT DOES NOT HAVE: REFUSED");
    check(rest_of("E", 2, 3) && get() == 1 && get() == 2, "DECK E TO ITS END, THEN AN EMPTY READER");
    diag08("SPOOL PRINTER OFF");
    diag08("SPOOL PUNCH OFF");
    return adv_end();
}
