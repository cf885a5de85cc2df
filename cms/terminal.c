/* terminal.c: the user's console, a 3215 typewriter at the address CMS
 * was told at IPL (009 by convention).
 *
 * A line goes out with one write-and-return CCW; a line comes in with one
 * read CCW (SLI: lines are as long as the user made them, up to
 * TERM_LINE: a longer one is cut, and CMS says so). Both move
 * through a nucleus buffer, so a program's line never reaches the channel
 * directly. If the console reports unit exception on a read (its input
 * file ended), there is nobody left to talk to: CMS stops in a disabled
 * wait, as a logged-off user would.
 *
 * A line typed while a program runs (attention) is read at once
 * (loader.c, program_attention): HX halts the program, anything else is
 * kept, in order, for the next reads.
 */
#include "cms.h"

#define STACKED 4

static u16 term_dev = 0x009;
static char stacked[STACKED][TERM_LINE + 1];   /* lines read early (attention), not yet asked for */
static int stack_head, stack_count;
volatile bool term_typed;
static char out_buf[TERM_LINE + 1] __attribute__((aligned(8)));
static char in_buf[TERM_LINE + 2] __attribute__((aligned(8)));

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

bool term_is(u16 dev) { return dev == term_dev; }

void term_stack(const char *line)
{
    if (stack_count == STACKED) {
        printf("DMSCON002W %d LINES WAIT ALREADY: \"%s\" IS NOT KEPT\n", STACKED, line);
        return;
    }
    char *p = stacked[(stack_head + stack_count++) % STACKED];
    u32 n = strlen(line);
    memcpy(p, line, n + 1 > TERM_LINE + 1 ? TERM_LINE : n + 1);
    p[TERM_LINE] = 0;
}

int term_read(char *buf, u32 size)
{
    if (stack_count) {   /* a line typed while a program ran, that was not HX */
        const char *p = stacked[stack_head];
        stack_head = (stack_head + 1) % STACKED;
        stack_count--;
        u32 n = strlen(p);
        if (n >= size)
            n = size - 1;
        memcpy(buf, p, n);
        buf[n] = 0;
        return (int)n;
    }
    return term_read_console(buf, size);
}

int term_read_console(char *buf, u32 size)
{
    struct ccw c = {0x0A, CCW_SLI, TERM_LINE + 1, (u32)in_buf};   /* one more: a longer line shows */
    struct io_result r;
    term_typed = false;   /* this read takes what attention was about; attention from now on is news */
    io_run(term_dev, &c, &r);
    if (r.cc == 3)
        term_dead(CMS_WAIT_CONSOLE);
    if (r.unit & US_UX)
        term_dead(CMS_WAIT_LOGOFF);   /* the console's input ended */
    u32 n = TERM_LINE + 1 - r.residual;
    if (n > TERM_LINE) {
        n = TERM_LINE;
        printf("DMSCON001W A LINE HAS AT MOST %d CHARACTERS: THE REST OF THAT ONE WAS NOT READ\n", TERM_LINE);
    }
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
