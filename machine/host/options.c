/* options.c: number and size parsing shared by the command line, the
 * console and configuration files. Each returns 0, or -1 for anything
 * malformed or out of range, so callers can report it their way.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "options.h"

/* Digits only (strtoull alone would take leading blanks and a minus). */
static bool all_digits(const char *s, int base)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (base == 16 ? !isxdigit((unsigned char)*s) : !isdigit((unsigned char)*s))
            return false;
    return true;
}

int parse_u64(const char *s, u64 *v)
{
    int base = 10;
    if (!s)
        return -1;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        s += 2, base = 16;
    if (!all_digits(s, base))
        return -1;
    errno = 0;
    unsigned long long x = strtoull(s, NULL, base);
    if (errno)
        return -1;
    *v = x;
    return 0;
}

int parse_hex32(const char *s, u32 *v)
{
    if (s && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        s += 2;
    if (!s || !all_digits(s, 16))
        return -1;
    errno = 0;
    unsigned long long x = strtoull(s, NULL, 16);
    if (errno || x > 0xFFFFFFFFull)
        return -1;
    *v = (u32)x;
    return 0;
}

int parse_size(const char *s, u32 *bytes)
{
    char *e;
    if (!s || !isdigit((unsigned char)*s))
        return -1;
    errno = 0;
    unsigned long long x = strtoull(s, &e, 10);
    if (errno || x > 0x80000000ull)
        return -1;
    int shift = 0;
    switch (*e) {
    case 'K': case 'k': shift = 10; e++; break;
    case 'M': case 'm': shift = 20; e++; break;
    case 'G': case 'g': shift = 30; e++; break;
    default: break;
    }
    if (*e || x > 0x80000000ull >> shift)   /* no overflow on the shift */
        return -1;
    x <<= shift;
    if (x < 64 * 1024 || (x & 0xFFF))
        return -1;
    *bytes = (u32)x;
    return 0;
}
