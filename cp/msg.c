/* msg.c: CP's messages: a formatted line to a terminal, the operator's
 * (-1) by default. Lines longer than a terminal's are split at a blank
 * into lines of their own (vcons.c). A line that is not the terminal's
 * user's doing (MSG, a spool notice) waits apart from the user's own. */
#include "cp.h"

/* fmt and ap into buf: the length, at most len - 1 */
static u32 format(char *buf, u32 len, const char *fmt, va_list ap)
{
    int n = vsnprintf(buf, len, fmt, ap);
    return n < 0 ? 0 : (u32)n >= len ? len - 1 : (u32)n;
}

void cp_msg(int t, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    u32 n = format(buf, sizeof buf, fmt, ap);
    va_end(ap);
    term_line(t < 0 ? term_operator : t, buf, n, 0x09);
}

/* False if too many are waiting already. */
bool cp_notice(int t, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    u32 n = format(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return term_notice(t < 0 ? term_operator : t, "", buf, n);
}

/* printf's line writer (programs/lib/printf.c): CP's own lines go to the
 * operator. */
int con_write(const char *s, size_t n)
{
    term_line(term_operator, s, (u32)n, 0x09);
    return 0;
}
