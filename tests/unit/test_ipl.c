/* test_ipl.c: initial program load through the channel (chan_ipl), with
 * a small card-deck device defined here: command 02 reads the next
 * 80-byte card. The IPL record is the classic one: an IPL PSW and two
 * CCWs that read the rest of the program, then the PSW is loaded. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "harness.h"

struct deck {
    u8 cards[8][80];
    int n, next;
    bool reject;
};

static int deck_start(struct device *d, struct io *io)
{
    struct deck *k = d->priv;
    if (k->reject || (io->cmd & 0x07) != 0x02) {
        dev_set_sense(d, SENSE_CMDREJ);
        return US_CE | US_DE | US_UC;
    }
    if (k->next >= k->n)
        return US_CE | US_DE | US_UX;
    io_to_storage(io, k->cards[k->next++], 80);
    return US_CE | US_DE;
}

static void deck_free(struct device *d) { free(d->priv); }

static const struct dev_ops deck_ops = {.type = "deck", .start = deck_start, .free = deck_free};

static struct deck *attach_deck(struct machine *m, u16 addr)
{
    struct device *d = calloc(1, sizeof *d);
    struct deck *k = calloc(1, sizeof *k);
    d->addr = addr;
    d->ops = &deck_ops;
    d->priv = k;
    chan_attach(m, d);
    return k;
}

/* card 0: IPL PSW (entry 0x400), CCW read card 1 into 0x400 (SLI), CCW TIC? no: read card 2 into 0x450 */
static void ipl_deck(struct deck *k, u32 psw0)
{
    u8 *c0 = k->cards[0];
    put32(c0, psw0);
    put32(c0 + 4, 0x80000400);
    put64(c0 + 8, 0x0260005000000400ull);    /* read 80 bytes to 400, command chaining, SLI */
    put64(c0 + 16, 0x0220005000000450ull);   /* read 80 bytes to 450, SLI */
    /* card 1: the program: LA 2,123 ; LPSW 0x460 (the wait PSW on card 2) */
    memcpy(k->cards[1], "\x41\x20\x01\x23\x82\x00\x04\x60", 8);
    /* card 2 at 0x450: the wait PSW at 0x460 */
    put32(k->cards[2] + 0x10, 0x000A0000);
    put32(k->cards[2] + 0x14, 0x80001234);
    k->n = 3;
}

Test(ipl, IPL_reads_the_deck_loads_the_psw_and_runs)
{
    struct machine *m = t_new();
    struct deck *k = attach_deck(m, 0x00C);
    ipl_deck(k, 0x00080000);
    char err[128];
    cr_assert_eq(chan_ipl(m, 0x00C, err, sizeof err), 0, "%s", err);
    cr_assert_eq(m->cpu.ia, 0x400);
    cr_assert_eq(be32(m->mem + LC_IO_ADDR), 0x0000000C, "device address at B8-BB");
    cr_assert_eq(k->next, 3, "all three cards read");
    cr_assert_eq(t_run(m, 100), STOP_WAIT);
    cr_assert_eq(m->cpu.gr[2], 0x123);
    cr_assert_eq(m->cpu.ia, 0x1234);
    t_free(m);
}

Test(ipl, IPL_from_a_missing_device_fails_cleanly)
{
    struct machine *m = t_new();
    char err[128];
    cr_assert_eq(chan_ipl(m, 0x00C, err, sizeof err), -1);
    cr_assert(strstr(err, "no device at 00C"), "%s", err);
    t_free(m);
}

Test(ipl, IPL_with_unit_check_fails_and_reports_status)
{
    struct machine *m = t_new();
    struct deck *k = attach_deck(m, 0x00C);
    ipl_deck(k, 0x00080000);
    k->reject = true;
    char err[128];
    cr_assert_eq(chan_ipl(m, 0x00C, err, sizeof err), -1);
    cr_assert(strstr(err, "unit status 0E"), "%s", err);
    t_free(m);
}

Test(ipl, IPL_with_an_invalid_psw_fails)
{
    struct machine *m = t_new();
    struct deck *k = attach_deck(m, 0x00C);
    ipl_deck(k, 0x00000000);   /* bit 12 off: not an ESA/390 PSW */
    char err[128];
    cr_assert_eq(chan_ipl(m, 0x00C, err, sizeof err), -1);
    cr_assert(strstr(err, "IPL PSW"), "%s", err);
    t_free(m);
}
