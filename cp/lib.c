/* lib.c: the little string work CP's commands need (EBCDIC: the letters
 * are three runs, so case and digits are tested by range). */
#include "cp.h"

static bool lower(char c) { return (c >= 'a' && c <= 'i') || (c >= 'j' && c <= 'r') || (c >= 's' && c <= 'z'); }

void upper(char *s)
{
    for (; *s; s++)
        if (lower(*s))
            *s = (char)(*s + ('A' - 'a'));
}

bool word_is(const char *w, const char *full, int min)
{
    int n = (int)strlen(w);
    return n >= min && n <= (int)strlen(full) && memcmp(w, full, (size_t)n) == 0;
}

int parse_hex(const char *s, u32 *v)
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

int parse_dec(const char *s, u32 *v)
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

void userid_text(char out[9], const u8 id[8])
{
    int n = 8;
    while (n > 0 && id[n - 1] == 0x40)
        n--;
    memcpy(out, id, (size_t)n);
    out[n] = 0;
}

bool userid_field(u8 out[8], const char *text)
{
    u32 n = strlen(text);
    if (n == 0 || n > 8)
        return false;
    memset(out, 0x40, 8);
    memcpy(out, text, n);
    return true;
}

int split_words(char *line, char **w, int max)
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

bool str_eq(const char *a, const char *b) { return strcmp(a, b) == 0; }
