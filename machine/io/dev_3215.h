/* dev_3215.h: the console typewriter device (dev_3215.c). */
#ifndef CREASY_DEV_3215_H
#define CREASY_DEV_3215_H

#include <stdio.h>

#include "channel.h"

/* `out` gets the output (may be NULL); `in` supplies input lines (NULL:
 * only what con3215_input() queues); `tag` prefixes each output line. */
struct device *con3215_new(u16 addr, FILE *out, FILE *in, const char *tag);
bool con3215_is(const struct device *d);
bool con3215_input(struct machine *m, struct device *d, const char *line);
bool con3215_reading(const struct device *d);
void con3215_set_echo(struct device *d, bool echo);
/* `fn(arg, addr)` is asked at each line start for the tag; NULL keeps the set one */
void con3215_set_tagger(struct device *d, const char *(*fn)(void *, u16), void *arg);
void con3215_set_observer(struct device *d, void (*fn)(void *, const char *), void *arg);

#endif
