/* emit_file.c: writing one generated file, and the spelling helpers the
 * emitters share.
 *
 * Design note. A generated file is written to ".NAME.tmp" beside it and
 * renamed into place only when complete, so make never sees half a
 * table, and a failed run leaves the previous file as it was.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "gen.h"

int out_open(struct out *o, const char *dir, const char *name)
{
    snprintf(o->final, sizeof o->final, "%s/%s", dir, name);
    snprintf(o->tmp, sizeof o->tmp, "%s/.%s.tmp", dir, name);
    o->f = fopen(o->tmp, "w");
    if (!o->f)
        fprintf(stderr, "%s: %s\n", o->tmp, strerror(errno));
    return o->f ? 0 : -1;
}

int out_close(struct out *o)
{
    if (ferror(o->f) | fclose(o->f) || rename(o->tmp, o->final)) {
        fprintf(stderr, "%s: write failed: %s\n", o->final, strerror(errno));
        return -1;
    }
    return 0;
}

/* `s` as a C string literal, or NULL. */
void emit_cstr(FILE *f, const char *s)
{
    if (!s) {
        fputs("NULL", f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* `src` as an upper-case C identifier: "fixed-point-overflow" -> FIXED_POINT_OVERFLOW. */
void emit_upper_ident(char *dst, const char *src, size_t n)
{
    size_t i = 0;
    for (; src[i] && i + 1 < n; i++)
        dst[i] = isalnum((unsigned char)src[i]) ? toupper((unsigned char)src[i]) : '_';
    dst[i] = 0;
}

/* Bits lo..hi of a 32-bit word, bit 0 leftmost. */
unsigned emit_bit_mask(int lo, int hi)
{
    return (unsigned)((0xFFFFFFFFull >> lo) & (0xFFFFFFFFull << (31 - hi)));
}
