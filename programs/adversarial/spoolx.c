/* spoolx: an adversary that works the spool commands on other users'
 * files.
 *
 * Attack: spool file ids are small numbers, given out in order to every
 * user's files, so it guesses them: for a second and a half it TRANSFERs
 * every id from 1 to 200 to itself, over and over, while CMSUSER prints a
 * file (on its way to the real printer), and then PURGEs every id. One of
 * the files it aims at is its own punch file that it sent to CMSUSER's
 * reader: now CMSUSER's. It also QUERYs every kind of spool file and
 * CLOSEs devices it does not have (another user's terminal, a real DASD).
 *
 * Containment: only its own reader files can be moved or purged: every
 * other id gets 42 (no such reader file), CMSUSER's printer output (the
 * real printer's, compared by the harness) is whole, and the file it sent
 * CMSUSER stays there, still counting against its own 8 (so it can make 7
 * more, not 8). CLOSE of a device it does not have is refused.
 */
#include "adv.h"

#define READER 0x00C
#define PUNCH 0x00D

static struct ccw c;
static char card[80];

static bool punch(void)
{
    struct csw s;
    memset(card, 0x40, sizeof card);
    memcpy(card, "SPOOLX CARD", 11);
    c = (struct ccw){0x01, CCW_SLI, 80, (u32)card};
    return adv_io(PUNCH, &c, 0, &s) == 0 && s.unit == (US_CE | US_DE) && !s.chan;
}

static bool file(void) { return punch() && diag08("CLOSE PUNCH") == 0; }

/* `verb` every id from 1 to 200: how many CP did; *wrong the last id
 * whose return code was neither 0 nor 42 (its return code in the high
 * half) */
static u32 every_id(const char *verb, u32 *wrong)
{
    char cmd[40];
    u32 n = 0;
    for (u32 id = 1; id <= 200; id++) {
        snprintf(cmd, sizeof cmd, verb, id);
        u32 rc = diag08(cmd);
        if (rc == 0)
            n++;
        else if (rc != 42)
            *wrong = rc << 16 | id;
    }
    return n;
}

/* With every adversary at once, the victims and the operator log on
 * after it: wait (3 s of TOD time at most) until `user` is there */
static bool wait_for(const char *user)
{
    char cmd[40];
    snprintf(cmd, sizeof cmd, "SPOOL PRINTER TO %s", user);
    u64 end = stck() + 3000 * TOD_MS;
    bool on;
    while (!(on = diag08(cmd) == 0) && stck() < end)
        for (u64 t = stck() + 20 * TOD_MS; stck() < t;)
            ;
    diag08("SPOOL PRINTER OFF");
    return on;
}

int main(void)
{
    adv_begin("SPOOLX");
    adv_catch_program_checks();
    check(wait_for("CMSUSER") && wait_for("OPERATOR"), "CMSUSER AND THE OPERATOR ARE LOGGED ON");

    check(diag08("SPOOL PUNCH TO CMSUSER") == 0 && file(), "A PUNCH FILE TO CMSUSER'S READER: NOW CMSUSER'S");
    check(diag08("SPOOL PUNCH TO *") == 0 && file() && file(), "TWO PUNCH FILES INTO ITS OWN READER");
    check(diag08("QUERY RDR ALL") == 0 && diag08("QUERY PRT ALL") == 0 && diag08("QUERY PUN ALL") == 0,
          "QUERY RDR, PRT, PUN ALL");

    /* every id, to itself, for a second and a half */
    u32 rounds = 0, odd_round = 0, wrong = 0;
    u64 end = stck() + 1500 * TOD_MS;
    while (stck() < end && rounds < 1000) {
        u32 n = every_id("TRANSFER RDR %u TO SPOOLX", &wrong);
        if (n != 2)
            odd_round = rounds << 16 | n;
        rounds++;
    }
    printf("SPOOLX: %u ROUNDS OF 200 TRANSFERS\n", rounds);
    check_x(rounds > 0 && !odd_round, "TRANSFER OF IDS 1-200 TO ITSELF: ONLY ITS TWO FILES MOVE, EVERY ROUND", odd_round);
    check_x(!wrong, "  EVERY OTHER ID: 42", wrong);
    check_x(every_id("TRANSFER RDR %u TO OPERATOR", &wrong) == 2 && !wrong,
            "TRANSFER OF IDS 1-200 TO OPERATOR: ONLY ITS TWO FILES MOVE", wrong);
    check_x(every_id("PURGE RDR %u", &wrong) == 0 && !wrong, "PURGE OF IDS 1-200: NONE IS ITS OWN NOW, EVERY ONE 42",
            wrong);

    /* the files it sent still count against it: it may make 5 more (3 in
     * CMSUSER's and the operator's readers) */
    u32 n = 0;
    while (n < 20 && file())
        n++;
    check_x(n == 5, "ITS 3 FILES ELSEWHERE STILL COUNT: 5 MORE, THE 9TH REFUSED", n);
    check_x(every_id("PURGE RDR %u", &wrong) == 5 && !wrong, "PURGE OF IDS 1-200: ITS OWN 5 GO, THE REST 42", wrong);
    check(diag08("PURGE RDR ALL") == 42, "PURGE RDR ALL: NOTHING LEFT OF ITS OWN: 42");

    static const char *const closes[] = {"CLOSE 020", "CLOSE 300", "CLOSE 190", "CLOSE 00F", "CLOSE FFF"};
    for (u32 i = 0; i < 5; i++) {
        char what[60];
        u32 rc = diag08(closes[i]);
        snprintf(what, sizeof what, "%s, NOT ITS DEVICE: REFUSED", closes[i]);
        check_x(rc != 0 && rc <= 999, what, rc);
    }
    diag08("SPOOL PUNCH OFF");
    return adv_end();
}
