/* strings.c: string functions on EBCDIC text: strlen (SRST), strcmp
 * (CLST), hand-written copies, searches, reversal, number conversion,
 * a tiny tokenizer and case mapping. */
#define RES_WORDS 128
#include "diff.h"

static char text[] = "The quick brown fox jumps over the lazy dog; 0123456789 "
                     "PACK MY BOX WITH FIVE DOZEN LIQUOR JUGS, said the sphinx.";
static char buf[512], buf2[512];
static char big1[6000], big2[6000];

static __attribute__((noinline)) size_t slen(const char *s) { return __builtin_strlen(s); }
static __attribute__((noinline)) int scmp(const char *a, const char *b) { return __builtin_strcmp(a, b); }
static __attribute__((noinline)) char *scpy(char *d, const char *s)
{
    char *r = d;
    while ((*d++ = *s++))
        ;
    return r;
}
static const char *schr(const char *s, int c)
{
    for (; *s; s++)
        if (*s == (char)c)
            return s;
    return NULL;
}
static const char *sstr(const char *h, const char *n)
{
    size_t ln = slen(n);
    for (; *h; h++)
        if (!__builtin_memcmp(h, n, ln))
            return h;
    return NULL;
}
static void srev(char *s)
{
    size_t n = slen(s);
    for (size_t i = 0; i < n / 2; i++) {
        char t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
}
static int isdig(char c) { return c >= '0' && c <= '9'; }
static s32 atoi_(const char *s)
{
    s32 v = 0, neg = 0;
    if (*s == '-')
        neg = 1, s++;
    while (isdig(*s))
        v = v * 10 + (*s++ - '0');
    return neg ? -v : v;
}
static char *utoa(u32 v, char *p, u32 base)
{
    char tmp[40];
    int n = 0;
    do {
        u32 d = v % base;
        tmp[n++] = (char)(d < 10 ? '0' + d : 'A' + d - 10);
        v /= base;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    *p = 0;
    return p;
}
static char upper(char c)
{
    /* EBCDIC: a-i 81-89, j-r 91-99, s-z A2-A9; upper case is +0x40 */
    u8 u = (u8)c;
    if ((u >= 0x81 && u <= 0x89) || (u >= 0x91 && u <= 0x99) || (u >= 0xA2 && u <= 0xA9))
        return (char)(u + 0x40);
    return c;
}

static u32 hashs(const char *s)
{
    u32 h = 5381;
    while (*s)
        h = h * 33 + (u8)*s++;
    return h;
}

int main(void)
{
    put((u32)slen(text));
    put((u32)slen(text + opaque(17)));
    scpy(buf, text);
    put(hashs(buf));
    int c = scmp(buf, text);
    buf[opaque(30)]++;
    int d = scmp(buf, text);
    int e = scmp(text, buf);
    put((u32)(c == 0) | (u32)(d > 0) << 1 | (u32)(e < 0) << 2);
    /* long strings: SRST and CLST run past their CPU-determined amount */
    for (u32 i = 0; i < 500; i++)
        buf[i] = (char)(0x40 + (i % 50));
    buf[opaque(499)] = 0;
    scpy(buf2, buf);
    put((u32)slen(buf));
    put((u32)scmp(buf, buf2) + 7);
    buf2[opaque(450)] = 1;
    put((u32)(scmp(buf, buf2) > 0));
    /* CLST past its 4096-byte CPU-determined amount, SRST over pages */
    for (u32 i = 0; i < sizeof big1; i++)
        big1[i] = big2[i] = (char)(0x41 + i % 37);
    big1[opaque(5500)] = big2[5500] = 0;
    put((u32)scmp(big1, big2) + 100);
    put((u32)slen(big1 + opaque(3)));
    big2[opaque(4999)] = 0x7F;
    put((u32)(scmp(big1, big2) < 0) << 4 | (u32)(scmp(big2, big1) > 0));
    /* searching */
    const char *p = schr(text, 'x');
    put(p ? (u32)(p - text) : 0xFFFFFFFF);
    p = sstr(text, "LIQUOR");
    put(p ? (u32)(p - text) : 0xFFFFFFFF);
    p = sstr(text, "absent");
    put(p ? (u32)(p - text) : 0xFFFFFFFF);
    /* reversal and case */
    scpy(buf, text);
    srev(buf);
    put(hashs(buf));
    for (char *q = buf; *q; q++)
        *q = upper(*q);
    put(hashs(buf));
    /* number conversion round trips */
    u32 h = 0;
    for (int k = 0; k < 100; k++) {
        u32 v = rnd() >> (rnd() & 31);
        char *end = utoa(v, buf, 10);
        h = h * 3 + (u32)(end - buf) + hashs(buf);
        h ^= (u32)atoi_(buf);
        utoa(v, buf, 16);
        h += hashs(buf);
        utoa(v, buf, 2);
        h ^= hashs(buf);
        buf[0] = '-';
        utoa(v & 0xFFFF, buf + 1, 10);
        h += (u32)atoi_(buf);
    }
    put(h);
    /* word count / tokenizer */
    u32 words = 0, longest = 0, cur = 0;
    for (const char *q = text;; q++) {
        if (*q == ' ' || *q == ';' || *q == ',' || *q == '.' || *q == 0) {
            if (cur) {
                words++;
                if (cur > longest)
                    longest = cur;
            }
            cur = 0;
            if (!*q)
                break;
        } else
            cur++;
    }
    put(words << 16 | longest);
    diff_finish();
}
