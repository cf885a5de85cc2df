/* terminal.c: the user's console, a 3215 typewriter at the address CMS
 * was told at IPL (009 by convention).
 *
 * A line goes out with one write-and-return CCW; a line comes in with one
 * read CCW (SLI: lines are as long as the user made them). Both move
 * through a nucleus buffer, so a program's line never reaches the channel
 * directly. If the console reports unit exception on a read (its input
 * file ended), there is nobody left to talk to: CMS stops in a disabled
 * wait, as a logged-off user would.
 */
#include "cms.h"

static u16 term_dev = 0x009;
static char out_buf[TERM_LINE + 1] __attribute__((aligned(8)));
static char in_buf[TERM_LINE + 1] __attribute__((aligned(8)));

void term_init(u16 dev)
{
    term_dev = dev;
}

static void term_dead(u32 code)
{
    wait_disabled(code);
}

void term_write(const char *s, u32 n)
{
    do {   /* a line longer than the console's is continued on the next */
        u32 part = n > TERM_LINE ? TERM_LINE : n;
        memcpy(out_buf, s, part);
        if (part == 0)
            out_buf[part++] = EBCDIC_BLANK;   /* an empty line: one blank */
        struct ccw c = {0x09, CCW_SLI, (u16)part, (u32)out_buf};
        struct io_result r;
        if (io_run(term_dev, &c, &r) < 0 && r.cc == 3)
            term_dead(CMS_WAIT_CONSOLE);
        s += part;
        n = n > part ? n - part : 0;
    } while (n);
}

int term_read(char *buf, u32 size)
{
    struct ccw c = {0x0A, CCW_SLI, TERM_LINE, (u32)in_buf};
    struct io_result r;
    io_run(term_dev, &c, &r);
    if (r.cc == 3)
        term_dead(CMS_WAIT_CONSOLE);
    if (r.unit & US_UX)
        term_dead(CMS_WAIT_LOGOFF);   /* the console's input ended */
    u32 n = TERM_LINE - r.residual;
    if (n >= size)
        n = size - 1;
    memcpy(buf, in_buf, n);
    buf[n] = 0;
    return (int)n;
}

/* printf's line writer (programs/lib/printf.c) */
int con_write(const char *s, size_t n)
{
    term_write(s, n);
    return 0;
}
