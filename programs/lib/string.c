/* string.c: the memory and string functions GCC may call. */
#include "creasy.h"

/* MOVE LONG EXTENDED does the work: R2/R3 the destination and its length,
 * R4/R5 the source and its length, the pad byte in the operand address;
 * condition code 3 means it stopped part way (a CPU-determined amount):
 * go on. */
void *memcpy(void *d, const void *s, size_t n)
{
    register u32 dst __asm__("2") = (u32)d, dlen __asm__("3") = n;
    register u32 src __asm__("4") = (u32)s, slen __asm__("5") = n;
    __asm__ volatile("0:\tmvcle %0,%2,0\n\tjo 0b" : "+d"(dst), "+d"(dlen), "+d"(src), "+d"(slen) : : "cc", "memory");
    return d;
}

void *memmove(void *d, const void *s, size_t n)
{
    u8 *dp = d;
    const u8 *sp = s;
    if (dp + n <= sp || sp + n <= dp)   /* no overlap */
        return memcpy(d, s, n);
    if (dp < sp)
        for (size_t i = 0; i < n; i++)
            dp[i] = sp[i];
    else
        while (n--)
            dp[n] = sp[n];
    return d;
}

void *memset(void *d, int c, size_t n)
{
    register u32 dst __asm__("2") = (u32)d, dlen __asm__("3") = n;
    register u32 src __asm__("4") = 0, slen __asm__("5") = 0;
    __asm__ volatile("0:\tmvcle %0,%2,0(%4)\n\tjo 0b"
                     : "+d"(dst), "+d"(dlen), "+d"(src), "+d"(slen) : "a"((u32)(u8)c) : "cc", "memory");
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const u8 *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x < *y ? -1 : 1;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (u8)*a - (u8)*b;
}
