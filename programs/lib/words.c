/* words.c: command-line words, for CP's commands and CMS's. Guest code,
 * so EBCDIC: the letters are three runs (a-i, j-r, s-z), not one, and
 * case and digits are tested by range. */
#include "creasy.h"

static bool is_lower(char c) { return (c >= 'a' && c <= 'i') || (c >= 'j' && c <= 'r') || (c >= 's' && c <= 'z'); }

char *str_upper(char *s)
{
    for (char *p = s; *p; p++)
        if (is_lower(*p))
            *p = (char)(*p + ('A' - 'a'));
    return s;
}

bool str_eq(const char *a, const char *b) { return strcmp(a, b) == 0; }

bool str_abbrev(const char *word, const char *full, int min)
{
    int n = (int)strlen(word);
    return n >= min && n <= (int)strlen(full) && memcmp(word, full, (size_t)n) == 0;
}

int str_to_hex(const char *s, u32 *v)
{
    u32 x = 0;
    if (!*s || strlen(s) > 8)
        return -1;
    for (; *s; s++) {
        char c = *s;
        if (c >= '0' && c <= '9')
            x = x * 16 + (u32)(c - '0');
        else if (c >= 'A' && c <= 'F')
            x = x * 16 + (u32)(c - 'A' + 10);
        else
            return -1;
    }
    *v = x;
    return 0;
}

int str_to_dec(const char *s, u32 *v)
{
    u32 x = 0;
    if (!*s || strlen(s) > 9)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        x = x * 10 + (u32)(*s - '0');
    }
    *v = x;
    return 0;
}

int str_split(char *line, char **w, int max)
{
    int n = 0;
    char *p = line;
    while (*p && n < max) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        w[n++] = p;
        while (*p && *p != ' ')
            p++;
        if (*p)
            *p++ = 0;
    }
    return n;
}
