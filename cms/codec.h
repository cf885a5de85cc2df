/* codec.h: the bytes of the on-disk formats that guest and host share:
 * big-endian integers and EBCDIC names, for the CMS file system
 * (cms/fs_*.c) and CP's user directory (cp/directory.c).
 *
 * Design note. Those files are compiled twice, with the guest toolchain
 * into CMS and CP and with the host's into creasy, and both builds must
 * write the same bytes. So every integer is stored a byte at a time,
 * most significant first, whatever the compiler's own order, and every
 * character is tested as an EBCDIC code, never as a character literal
 * (the guest's literals are EBCDIC, the host's ASCII). Header only, and
 * freestanding: in the guest build there is no libc, only the memcpy,
 * memset and memcmp the runtime library provides.
 */
#ifndef CREASY_CMS_CODEC_H
#define CREASY_CMS_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if __STDC_HOSTED__
#include <string.h>
#else
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
#endif

#define EBCDIC_BLANK 0x40   /* the pad of names and labels */

/* ---- big-endian integers ------------------------------------------------------------- */

static inline void codec_put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static inline void codec_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static inline void codec_put64(uint8_t *p, uint64_t v)
{
    codec_put32(p, (uint32_t)(v >> 32));
    codec_put32(p + 4, (uint32_t)v);
}

static inline uint32_t codec_get16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }

static inline uint32_t codec_get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t codec_get64(const uint8_t *p) { return (uint64_t)codec_get32(p) << 32 | codec_get32(p + 4); }

/* ---- EBCDIC characters of names ------------------------------------------------------- */

/* A-Z: three runs in EBCDIC (A-I, J-R, S-Z) */
static inline bool codec_letter(uint8_t c)
{
    return (c >= 0xC1 && c <= 0xC9) || (c >= 0xD1 && c <= 0xD9) || (c >= 0xE2 && c <= 0xE9);
}

static inline bool codec_digit(uint8_t c) { return c >= 0xF0 && c <= 0xF9; }

/* $ # @, the "national" characters VM/370 allows in names */
static inline bool codec_national(uint8_t c) { return c == 0x5B || c == 0x7B || c == 0x7C; }

#endif
