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

/* printf's line writer (programs/lib/printf.c): CP's own lines go to the
 * operator. */
int con_write(const char *s, size_t n)
{
    term_line(operator_terminal, s, (u32)n, 0x09);
    return 0;
}
