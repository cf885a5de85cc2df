/* labctl: LCTL and STCTL at their edges, for the trap lab's hidden tests
 * (labs/trap): register ranges that wrap from 15 to 0, one register, all
 * sixteen, an operand off a word boundary (specification), beyond
 * storage (addressing), and under low-address protection. Each case
 * prints what it loaded or stored and the interruption it took; bare
 * and under CP the lines must be equal (tests/cp/kernels.sh). Only
 * control registers this machine gives no meaning to (CR4-CR15), or
 * values a register already holds, are loaded.
 */
#include "creasy.h"
#include "probe.h"

static u32 in[16] __attribute__((aligned(8)));
static u32 out[18] __attribute__((aligned(8)));

static void show(const char *what, u32 ia, int n)
{
    char b[80];
    printf("%s: %s", what, probe_result(b, sizeof b, ia));
    for (int i = 0; i < n; i += 4)
        printf("  %08X %08X %08X %08X", out[i], out[i + 1], out[i + 2], out[i + 3]);
}

static void clear(void) { memset(out, 0xEE, sizeof out); }

int main(void)
{
    probe_init();
    u32 cr0 = stctl(0);
    for (int i = 0; i < 16; i++)
        in[i] = 0x10101010u * (u32)(i + 1);
    clear();   /* 14, 15, 0: wraps; CR0 gets its own value back */
    in[2] = cr0;
    u32 ia = PROBE("", "lctl %%c14,%%c0,0(%%r4)", (u32)in, 0);
    __asm__ volatile("stctl %%c14,%%c0,%0" : "=Q"(out) : : "memory");
    show("LCTL 14,0 WRAPS", ia, 4);
    clear();
    ia = PROBE("", "stctl %%c15,%%c1,0(%%r4)", (u32)out, 0);
    show("STCTL 15,1 WRAPS", ia, 4);
    clear();   /* one register */
    in[0] = 0x5A5A5A5Au;
    ia = PROBE("", "lctl %%c7,%%c7,0(%%r4)", (u32)in, 0);
    __asm__ volatile("stctl %%c6,%%c8,%0" : "=Q"(out) : : "memory");
    show("LCTL 7,7", ia, 4);
    clear();   /* all sixteen: 4..15, 0..3, each its own value but 4..15 */
    __asm__ volatile("stctl %%c0,%%c15,%0" : "=Q"(out) : : "memory");
    for (int i = 0; i < 16; i++)
        in[i] = i < 12 ? 0x01000001u * (u32)(i + 4) : out[i - 12];
    ia = PROBE("", "lctl %%c4,%%c3,0(%%r4)", (u32)in, 0);
    clear();
    __asm__ volatile("stctl %%c4,%%c15,%0" : "=Q"(out) : : "memory");
    show("LCTL 4,3 ALL SIXTEEN", ia, 12);
    clear();
    ia = PROBE("", "stctl %%c9,%%c8,0(%%r4)", (u32)out, 0);
    show("STCTL 9,8 ALL SIXTEEN", ia, 16);
    clear();   /* specification: nothing loaded or stored */
    in[0] = 0x77777777u;
    in[1] = 0x88888888u;
    ia = PROBE("", "lctl %%c9,%%c9,0(%%r4)", (u32)in + 2, 0);
    __asm__ volatile("stctl %%c9,%%c9,%0" : "=Q"(out) : : "memory");
    show("LCTL UNALIGNED", ia, 4);
    clear();
    ia = PROBE("", "stctl %%c9,%%c9,0(%%r4)", (u32)out + 1, 0);
    show("STCTL UNALIGNED", ia, 4);
    clear();   /* addressing: beyond any storage */
    ia = PROBE("", "lctl %%c10,%%c10,0(%%r4)", 0x7FFFFFF0u, 0);
    __asm__ volatile("stctl %%c10,%%c10,%0" : "=Q"(out) : : "memory");
    show("LCTL BEYOND STORAGE", ia, 4);
    ia = PROBE("", "stctl %%c10,%%c10,0(%%r4)", 0x7FFFFFF0u, 0);
    show("STCTL BEYOND STORAGE", ia, 0);
    /* low-address protection: STCTL into 0x1F0 is refused, into 0x200 not */
    memset((void *)0x1F0, 0xA5, 8);
    memset((void *)0x200, 0xA5, 8);
    lctl(0, cr0 | CR0_LOW_PROTECT);
    char b[80], b2[80];
    ia = PROBE("", "stctl %%c11,%%c12,0(%%r4)", 0x1F0u, 0);
    probe_result(b, sizeof b, ia);
    ia = PROBE("", "stctl %%c11,%%c12,0(%%r4)", 0x200u, 0);
    probe_result(b2, sizeof b2, ia);
    lctl(0, cr0);
    printf("STCTL INTO 1F0 PROTECTED: %s  %08X %08X", b, *(volatile u32 *)0x1F0, *(volatile u32 *)0x1F4);
    printf("STCTL INTO 200: %s  %08X %08X", b2, *(volatile u32 *)0x200, *(volatile u32 *)0x204);
    return 0;
}
