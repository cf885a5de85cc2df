/* tool_msg.h: how the host tools (`creasy disk`, `creasy directory`)
 * report, one line each on stderr (tool_msg.c):
 *
 *   creasy disk: IMAGE: reason          tool_fail, exit status 1
 *   creasy disk: reason                 tool_usage_error, exit status 2,
 *   (creasy disk --help for usage)        then the usage, or where to find it
 */
#ifndef CREASY_TOOL_MSG_H
#define CREASY_TOOL_MSG_H

#include <stdio.h>

struct tool_msg {
    const char *name;               /* "creasy disk": every message starts "NAME: " */
    void (*print_usage)(FILE *f);   /* shown after a usage error; NULL: "(NAME --help for usage)" */
};

/* "NAME: WHERE: reason"; returns 1. */
int tool_fail(const struct tool_msg *t, const char *where, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "NAME: reason" and the usage; returns 2. */
int tool_usage_error(const struct tool_msg *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
