/* msgflood: an adversary that floods other users' terminals with MSG.
 *
 * Attack: MSG puts a line on another user's terminal, and CP owns the
 * terminal: its output queue, and the read it has started for the user's
 * virtual console. So it sends MSG (DIAGNOSE X'08') as fast as it can for
 * a second and a half of TOD time, round and round to CMSUSER (whose
 * terminal is reading its input lines), VICTIM1, VICTIM2 and itself: a
 * message that breaks a read in progress, or takes the queue slots the
 * owner's own writes need, would cost the victim its input or stall it.
 * While it floods itself it also writes its own console lines with SIO.
 *
 * First it is its own witness: its terminal types it numbered input lines
 * (tests/cp/msgflood.in), and each time a read of its console has started
 * (SIO) and is under way, a message comes for its terminal (MSG to
 * itself), which makes CP break the read to type the message.
 *
 * Containment: a user's terminal input and its own output are its own:
 * other users' messages never consume or reorder them (the victims'
 * console lines, MSG lines aside, are as in the run without it; CMSUSER
 * reads every line it typed, in order). CP may refuse a message when the
 * receiver already has many waiting (a nonzero return code, counted as
 * refused), but every DIAGNOSE returns, with a return code CP documents
 * (never -1: its text is in its storage, short and readable); its own
 * console writes during the flood end with channel end and device end
 * and nothing else; MSG to a user not logged on is 45, with no text 26.
 */
#include "adv.h"

#define CONS 0x009

static const char *const to[] = {"CMSUSER", "VICTIM1", "VICTIM2", "MSGFLOOD"};
static char text[100];
static char line[64];
static struct ccw w;

/* one line of its own to its console: 0 done (CE DE only), else what came */
static u32 own_write(u32 n)
{
    struct csw s;
    int len = snprintf(line, sizeof line, "MSGFLOOD: ITS OWN LINE %u", n);
    w = (struct ccw){0x09, CCW_SLI, (u16)len, (u32)line};
    int cc = adv_io(CONS, &w, 0, &s);
    if (cc == 0 && s.unit == (US_CE | US_DE) && !s.chan)
        return 0;
    return (u32)(cc & 0xFF) << 24 | (u32)s.unit << 8 | s.chan;
}

/* The witness: each read, broken by a message for its terminal while it
 * is under way, still reads the next of its input lines, in order. */
static void reads_broken_by_messages(void)
{
    static char in[80];
    static struct ccw r;
    char want[16];
    u32 wrong = 0;
    for (u32 i = 1; i <= 6 && !wrong; i++) {
        memset(in, 0, sizeof in);
        r = (struct ccw){0x0A, CCW_SLI, sizeof in, (u32)in};
        LOWCORE(u32, LC_CAW) = (u32)&r;
        int cc = sio(CONS);
        snprintf(text, sizeof text, "MSG MSGFLOOD WHILE ITS READ %u IS UNDER WAY", i);
        diag08(text);
        for (u64 t = stck() + 1000 * TOD_MS; cc == 0 && tio(CONS) == 2 && stck() < t;)
            ;
        snprintf(want, sizeof want, "LINE %02u", i);
        if (cc || memcmp(in, want, strlen(want)))
            wrong = i;
    }
    check_x(!wrong, "READS BROKEN BY MESSAGES: EACH READS ITS NEXT LINE, IN ORDER", wrong);
}

/* With every adversary at once, the victims log on after it: wait (3 s
 * of TOD time at most) until `user` is there (TRANSFER of file 0 to it:
 * 45 while it is not logged on) */
static bool wait_for(const char *user)
{
    char cmd[40];
    snprintf(cmd, sizeof cmd, "TRANSFER RDR 0 TO %s", user);
    u64 end = stck() + 3000 * TOD_MS;
    bool on;
    while (!(on = diag08(cmd) != 45) && stck() < end)
        for (u64 t = stck() + 20 * TOD_MS; stck() < t;)
            ;
    return on;
}

int main(void)
{
    adv_begin("MSGFLOOD");
    adv_catch_program_checks();
    reads_broken_by_messages();
    check(wait_for("CMSUSER") && wait_for("VICTIM1") && wait_for("VICTIM2"), "THE VICTIMS ARE LOGGED ON");

    u32 rc = diag08("MSG NOSUCHUS HELLO");
    check_x(rc == 45, "MSG TO A USER NOT LOGGED ON: 45", rc);
    rc = diag08("MSG CMSUSER");
    check_x(rc == 26, "MSG WITH NO TEXT: 26", rc);

    u32 sent[4] = {0}, refused[4] = {0}, unreadable = 0, odd = 0, writes = 0, bad_write = 0, n = 0;
    u64 start = stck(), end = start + 1500 * TOD_MS;
    while (stck() < end && n < 200000) {
        u32 k = n % 4;
        snprintf(text, sizeof text, "MSG %s FLOOD %u FROM MSGFLOOD", to[k], n);
        rc = diag08(text);
        if (rc == 0)
            sent[k]++;
        else if (rc == (u32)-1)
            unreadable++;
        else {
            refused[k]++;
            if (rc > 999)
                odd = rc;
        }
        if (k == 3 && n % 64 == 3) {   /* its own line in its own flood */
            u32 why = own_write(writes++);
            if (why)
                bad_write = why;
        }
        n++;
    }
    u64 took = stck() - start;
    printf("MSGFLOOD: %u MSG IN %u MS\n", n, (u32)(took / TOD_MS));
    for (u32 k = 0; k < 4; k++)
        printf("MSGFLOOD: TO %s: %u SENT, %u REFUSED\n", to[k], sent[k], refused[k]);

    check_x(n > 100, "EVERY MSG RETURNED: OVER 100 IN A SECOND AND A HALF", n);
    check_x(unreadable == 0, "NONE GOT -1: ITS TEXT IS READABLE", unreadable);
    check_x(odd == 0, "A REFUSAL IS A RETURN CODE CP DOCUMENTS (A MESSAGE NUMBER)", odd);
    check_x(sent[0] + sent[1] + sent[2] + sent[3] > 0, "SOME MESSAGES WENT", 0);
    check_x(writes > 0 && bad_write == 0, "ITS OWN CONSOLE WRITES IN THE FLOOD: CHANNEL END, DEVICE END", bad_write);
    check_x(own_write(writes) == 0, "A CONSOLE WRITE AFTER THE FLOOD", 0);
    return adv_end();
}
