/* spool: an adversary that floods CP's spool.
 *
 * Attack: spool files live in CP's own storage, so it punches and prints
 * without end, into files for its own reader and for the real punch,
 * opens file after file, and sends file after file to another user's
 * reader (SPOOL PUNCH TO CMSUSER): if those counted against the receiver,
 * the receiver could not print its own files any more.
 *
 * Containment: CP's spool limits, with the unit-record answer a real
 * device gives when it cannot go on: unit check with intervention
 * required in the sense, at 64K in a file and at 8 files in the spool
 * for it. Files it sent count against it, not against the receiver; its
 * files leave with PURGE; an empty reader gives unit check, intervention
 * required; and the victims, CMSUSER printing a file of its own, are
 * unchanged.
 */
#include "adv.h"

#define READER 0x00C
#define PUNCH 0x00D
#define PRINTER 0x00E

static struct ccw c;
static char card[132];

/* One record to `dev`: 0 written, 1 refused as the spool's limit says
 * (unit check, intervention required), -1 anything else. */
static int record(u16 dev, u8 cmd, u32 len)
{
    struct csw s;
    c = (struct ccw){cmd, CCW_SLI, (u16)len, (u32)card};
    int cc = adv_io(dev, &c, 0, &s);
    if (cc == 0 && s.unit == (US_CE | US_DE) && !s.chan)
        return 0;
    if (cc == 0 && s.unit == (US_CE | US_DE | US_UC) && adv_sense(dev) == SENSE_INTREQ << 8)
        return 1;
    return -1;
}

/* records until the spool refuses one (at most `max`): how many went */
static u32 flood(u16 dev, u8 cmd, u32 len, u32 max)
{
    u32 n = 0;
    while (n < max && record(dev, cmd, len) == 0) {
        n++;
        card[0] = (char)(0xC1 + n % 9);
    }
    return n;
}

/* files of one card each until the spool refuses one: how many */
static u32 files(u32 max)
{
    u32 n = 0;
    while (n < max && record(PUNCH, 0x01, 80) == 0 && diag08("CLOSE PUNCH") == 0)
        n++;
    return n;
}

int main(void)
{
    adv_begin("SPOOLER");
    adv_catch_program_checks();
    memset(card, 0x40, sizeof card);
    memcpy(card, "SPOOLER FLOODS THE SPOOL", 24);

    c = (struct ccw){0x02, CCW_SLI, 80, (u32)card};
    struct csw s;
    int cc = adv_io(READER, &c, 0, &s);
    check(cc == 0 && (s.unit & US_UC) && adv_sense(READER) == SENSE_INTREQ << 8,
          "AN EMPTY READER: UNIT CHECK, INTERVENTION REQUIRED");

    /* the real punch: files that go out and are gone */
    check(flood(PUNCH, 0x01, 80, 40) == 40 && diag08("CLOSE PUNCH") == 0 && flood(PUNCH, 0x01, 80, 40) == 40 &&
              diag08("CLOSE PUNCH") == 0,
          "TWO FILES OF 40 CARDS TO THE REAL PUNCH");
    u64 until = stck() + 200 * TOD_MS;   /* 1 ms a card: let them out */
    while (stck() < until)
        ;

    /* its own reader: a file holds 64K, the spool 8 files for it */
    check(diag08("SPOOL PUNCH TO *") == 0, "SPOOL PUNCH TO ITSELF");
    u32 n = flood(PUNCH, 0x01, 80, 100000);
    check_x(n == 65536 / 82, "A FILE TAKES 799 CARDS, THE 800TH: UNIT CHECK, INTERVENTION REQUIRED", n);
    check(diag08("CLOSE PUNCH") == 0, "CLOSE IT: INTO ITS READER");
    n = files(100);
    check_x(n == 7, "SEVEN MORE FILES, THE NINTH IS REFUSED", n);
    check(diag08("QUERY RDR") == 0, "QUERY RDR");
    check(diag08("PURGE RDR ALL") == 0 && files(1) == 1 && diag08("PURGE RDR ALL") == 0,
          "PURGE RDR ALL: ROOM AGAIN");

    /* the printer, to its own reader */
    check(diag08("SPOOL PRINTER TO *") == 0, "SPOOL PRINTER TO ITSELF");
    n = flood(PRINTER, 0x09, 132, 100000);
    check_x(n == 65536 / 134, "A FILE TAKES 489 LINES, THE 490TH: UNIT CHECK, INTERVENTION REQUIRED", n);
    check(diag08("CLOSE PRINTER") == 0 && diag08("PURGE RDR ALL") == 0, "CLOSE AND PURGE IT");

    /* another user's reader: what it sends is its own burden */
    check(diag08("SPOOL PUNCH TO CMSUSER") == 0, "SPOOL PUNCH TO CMSUSER");
    n = files(100);
    check_x(n == 8, "EIGHT FILES TO CMSUSER, THE NINTH IS REFUSED: THEY COUNT AGAINST THE SENDER", n);
    diag08("SPOOL PUNCH OFF");
    return adv_end();
}
