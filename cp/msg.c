/* msg.c: CP's messages: a formatted line to a terminal, the operator's
 * (-1) by default. Lines longer than a terminal's are continued. */
#include "cp.h"

void cp_msg(int t, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof buf)
        n = sizeof buf - 1;
    term_line(t < 0 ? operator_terminal : t, buf, (u32)n, 0x09);
}

/* A line that is not the terminal's user's doing (MSG, a spool notice):
 * it waits apart from the user's own (vcons.c). False if too many are
 * waiting already. */
bool cp_notice(int t, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof buf)
        n = sizeof buf - 1;
    return term_notice(t < 0 ? operator_terminal : t, buf, (u32)n);
}

/* printf's line writer (programs/lib/printf.c): CP's own lines go to the
 * operator. */
int con_write(const char *s, size_t n)
{
    term_line(operator_terminal, s, (u32)n, 0x09);
    return 0;
}
