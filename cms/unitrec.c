/* unitrec.c: the unit-record devices at their VM/370 addresses: the card
 * reader at 00C, the punch at 00D and the printer at 00E. One CCW per
 * card or line; data goes through nucleus buffers.
 */
#include "cms.h"

static u8 card_buf[80] __attribute__((aligned(8)));
static u8 line_buf[132] __attribute__((aligned(8)));

/* A device's failure, as a return code: not there, or it said no. */
static int unit_rc(const struct io_result *r)
{
    return r->cc == 3 ? CMS_RC_NODISK : CMS_RC_IOERR;
}

int reader_read_card(u8 card[80])
{
    struct ccw c = {0x02, CCW_SLI, 80, (u32)card_buf};
    struct io_result r;
    memset(card_buf, EBCDIC_BLANK, sizeof card_buf);
    if (io_run(DEV_READER, &c, &r) == 0) {
        memcpy(card, card_buf, 80);
        return 0;
    }
    if (r.cc == 0 && (r.unit & US_UX))
        return CMS_RC_EOF;   /* the end of the deck */
    return unit_rc(&r);
}

int punch_card(const u8 card[80])
{
    memcpy(card_buf, card, 80);
    struct ccw c = {0x01, 0, 80, (u32)card_buf};
    struct io_result r;
    return io_run(DEV_PUNCH, &c, &r) == 0 ? 0 : unit_rc(&r);
}

int print_line(const u8 *text, u32 n, u8 space_cmd)
{
    if (n > sizeof line_buf)
        n = sizeof line_buf;
    memcpy(line_buf, text, n);
    if (n == 0)
        line_buf[n++] = EBCDIC_BLANK;
    struct ccw c = {space_cmd, CCW_SLI, (u16)n, (u32)line_buf};
    struct io_result r;
    return io_run(DEV_PRINTER, &c, &r) == 0 ? 0 : unit_rc(&r);
}

int printer_control(u8 cmd)
{
    struct ccw c = {cmd, CCW_SLI, 1, (u32)line_buf};
    struct io_result r;
    return io_run(DEV_PRINTER, &c, &r) == 0 ? 0 : unit_rc(&r);
}
