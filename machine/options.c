/* options.c: number and size parsing shared by the command line, the
 * console and configuration files. Each returns 0, or -1 for anything
 * malformed or out of range, so callers can report it their way.
 */
#include <errno.h>
#include <stdlib.h>

#include "options.h"

int parse_u64(const char *s, u64 *v)
{
    char *e;
    if (!s || !*s || *s == '-')
        return -1;
    errno = 0;
    unsigned long long x = strtoull(s, &e, 0);
    if (*e || errno)
        return -1;
    *v = x;
    return 0;
}

int parse_hex32(const char *s, u32 *v)
{
    char *e;
    if (!s || !*s || *s == '-')
        return -1;
    errno = 0;
    unsigned long long x = strtoull(s, &e, 16);
    if (*e || errno || x > 0xFFFFFFFFull)
        return -1;
    *v = (u32)x;
    return 0;
}

int parse_size(const char *s, u32 *bytes)
{
    char *e;
    if (!s || !*s || *s == '-')
        return -1;
    errno = 0;
    unsigned long long x = strtoull(s, &e, 10);
    if (errno)
        return -1;
    switch (*e) {
    case 'K': case 'k': x <<= 10; e++; break;
    case 'M': case 'm': x <<= 20; e++; break;
    case 'G': case 'g': x <<= 30; e++; break;
    default: break;
    }
    if (*e || x < 64 * 1024 || x > 0x80000000ull || (x & 0xFFF))
        return -1;
    *bytes = (u32)x;
    return 0;
}
