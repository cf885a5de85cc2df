/* privloop: a "guest kernel" that does nothing but the privileged
 * instructions an operating system runs most: it masks and unmasks
 * interruptions (STNSM, STOSM, SSM), loads and stores control registers
 * (LCTL, STCTL) and loads PSWs (LPSW), N times (R2; default 10000). On the
 * bare machine each is one instruction; under CP in trap mode each is a
 * trap into CP, and the machine's counters show what it cost. Ends in the
 * pass wait. */
#include "creasy.h"

static u8 mask_save;
static struct psw next;
static const u32 amode31 = 0x80000000u;

int main(u32 n)
{
    if (n == 0)
        n = 10000;
    u32 cr0 = stctl(0);
    for (u32 i = 0; i < n; i++) {
        __asm__ volatile("stnsm %0,0xFC" : "=Q"(mask_save) : : "memory");   /* disable I/O and external */
        __asm__ volatile("stosm %0,0x00" : "=Q"(mask_save) : : "memory");
        __asm__ volatile("ssm %0" : : "Q"(mask_save) : "memory");
        lctl(0, cr0);
        (void)stctl(0);
        next.w0 = 0x00080000u;   /* supervisor, disabled, go on below */
        __asm__ volatile("larl %%r1,1f\n\t"
                         "o %%r1,%1\n\t"
                         "st %%r1,%0\n\t"
                         "lpsw %2\n"
                         "1:"
                         : "=Q"(next.w1)
                         : "Q"(amode31), "Q"(next)
                         : "r1", "memory");
    }
    return 0;
}
