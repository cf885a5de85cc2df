/* tool_msg.c: the host tools' error lines (tool_msg.h). */
#include <stdarg.h>

#include "tool_msg.h"

int tool_fail(const struct tool_msg *t, const char *where, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: %s: ", t->name, where);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 1;
}

int tool_usage_error(const struct tool_msg *t, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", t->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (t->print_usage)
        t->print_usage(stderr);
    else
        fprintf(stderr, "(%s --help for usage)\n", t->name);
    return 2;
}
