/* creasy.h: what bare-machine and guest programs share: fixed-size types,
 * the architecture constants generated from spec.yaml (arch.h), and small
 * inline wrappers for the system instructions GCC has no builtin for.
 * GNU as knows no S/370 I/O mnemonics, so SIO/TIO/HIO/TCH use .insn. */
#ifndef CREASY_GUEST_H
#define CREASY_GUEST_H

#include <stdarg.h>
#include <stdbool.h>

#include "arch.h"

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;
typedef unsigned long size_t;

#define NULL ((void *)0)
#define WAIT_PASS 0x0000600Du
#define WAIT_FAIL 0x00BAD000u

/* Keep the compiler from folding a value. */
static inline u32 opaque(u32 x)
{
    __asm__ volatile("" : "+d"(x));
    return x;
}

/* A PSW in storage: LPSW needs a doubleword-aligned operand. */
struct psw {
    u32 w0, w1;
} __attribute__((aligned(8)));

static inline void lpsw(const struct psw *p)
{
    __asm__ volatile("lpsw %0" : : "Q"(*p) : "memory");
}

/* End in a disabled wait with `code` in the instruction address. */
static inline __attribute__((noreturn)) void wait_disabled(u32 code)
{
    static struct psw p;
    p.w0 = 0x000A0000u;
    p.w1 = 0x80000000u | code;
    lpsw(&p);
    __builtin_unreachable();
}

static inline u64 stck(void)
{
    u64 t;
    __asm__ volatile("stck %0" : "=Q"(t) : : "cc");
    return t;
}

static inline void lctl(int cr, u32 v)
{
    __asm__ volatile("lctl %1,%1,%0" : : "Q"(v), "i"(cr) : "memory");
}

static inline u32 stctl(int cr)
{
    u32 v;
    __asm__ volatile("stctl %1,%1,%0" : "=Q"(v) : "i"(cr));
    return v;
}

/* S/370 I/O: the condition code. */
#define IO_INSN(name, opcode)                                                  \
    static inline int name(u32 devaddr)                                        \
    {                                                                          \
        int cc;                                                                \
        __asm__ volatile(".insn s," #opcode ",0(%1)\n\tipm %0\n\tsrl %0,28"     \
                         : "=d"(cc) : "a"(devaddr) : "cc", "memory");          \
        return cc;                                                             \
    }
IO_INSN(sio, 0x9c000000)
IO_INSN(tio, 0x9d000000)
IO_INSN(hio, 0x9e000000)
IO_INSN(tch, 0x9f000000)

/* A format-1 CCW. */
struct ccw {
    u8 cmd, flags;
    u16 count;
    u32 data;
} __attribute__((aligned(8)));

#define CCW_CC 0x40
#define CCW_SLI 0x20
#define CCW_CD 0x80
#define CCW_SKIP 0x10
#define CCW_PCI 0x08
#define CCW_UNPROVIDED 0x07   /* IDA, suspend, bit 7: the channel refuses them */

/* unit status (CSW byte 4) and channel status (byte 5) */
#define US_ATTN 0x80
#define US_BUSY 0x10
#define US_CE 0x08
#define US_DE 0x04
#define US_UC 0x02
#define US_UX 0x01
#define CS_IL 0x40
#define CS_PROGCHK 0x20
#define CS_PROTCHK 0x10

/* low core, as a program sees it */
#define LOWCORE(type, off) (*(volatile type *)(off))

/* lib/ */
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
/* command-line words (words.c): upper case in place, equality, `word` as
 * `full` or its abbreviation of at least `min` letters, hex and decimal
 * numbers (0 or -1), and splitting a line at blanks in place (the count) */
char *str_upper(char *s);
bool str_eq(const char *a, const char *b);
bool str_abbrev(const char *word, const char *full, int min);
int str_to_hex(const char *s, u32 *v);
int str_to_dec(const char *s, u32 *v);
int str_split(char *line, char **w, int max);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int con_write(const char *s, size_t n);   /* one line to the console at 009, polled */
int con_puts(const char *s);
int snprintf(char *buf, size_t size, const char *fmt, ...);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
/* no format attribute: GCC checks formats in the execution charset (EBCDIC) and misreads them */
int printf(const char *fmt, ...);

#endif
