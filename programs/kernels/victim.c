/* victim: a well-behaved guest kernel whose results must not change,
 * whoever else runs beside it: the control of tests/cp/adversarial.sh.
 *
 * It uses what an operating system uses and types a line of results for
 * each: arithmetic (a sort and a sieve), its own DAT (identity tables plus
 * an alias page, so CP builds shadow tables for it), its minidisk at 191
 * (blocks written with DIAGNOSE X'18' and read back with SIO), and its
 * clocks (a clock-comparator wait and a CPU-timer interruption). DAT
 * comes first (CP allocates its shadow tables just as the adversaries
 * start), then the arithmetic, which takes the longest, so that while the
 * adversaries attack it is always ready to run: what they get of the CPU
 * is measured against it; the waits come last. Every
 * line depends only on the seed, R2 at IPL: the third word of the IPL
 * parameter (`ipl_parm: "VICTIM  0001"` gives EBCDIC "0001"). A check
 * that fails ends it in a fail wait; otherwise the pass wait.
 */
#include <stdbool.h>

#include "creasy.h"

#define DISK 0x191
#define SORT_N 12000
#define SIEVE_N 400000
#define DISK_BLOCKS 16
#define SEG_TABLE 0xF0000u   /* its DAT tables, in the top 64K of its 1M */
#define PAGE_TABLE 0xF1000u
#define DATA 0xA0000u        /* real pages the alias maps (above the kernel and its stack) */
#define ALIAS 0xC0000u       /* virtual pages that map them */
#define TOD_MS (4096ull * 1000)

static u32 seed;
static u32 sorted[SORT_N];
static u8 composite[SIEVE_N];
static u8 block_out[DISK_BLOCKS * 512] __attribute__((aligned(8)));
static u8 block_in[DISK_BLOCKS * 512] __attribute__((aligned(8)));

static u32 next_random(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return seed;
}

static u32 fold(u32 sum, u32 v) { return (sum << 5 | sum >> 27) ^ v; }

/* ---- arithmetic ---- */

static u32 sort_phase(void)
{
    for (u32 i = 0; i < SORT_N; i++)
        sorted[i] = next_random();
    for (u32 gap = SORT_N / 2; gap; gap /= 2)   /* Shell's sort */
        for (u32 i = gap; i < SORT_N; i++) {
            u32 v = sorted[i], j = i;
            for (; j >= gap && sorted[j - gap] > v; j -= gap)
                sorted[j] = sorted[j - gap];
            sorted[j] = v;
        }
    u32 sum = 0;
    for (u32 i = 0; i < SORT_N; i++) {
        if (i && sorted[i - 1] > sorted[i])
            return 0;
        sum = fold(sum, sorted[i]);
    }
    return sum;
}

static u32 sieve_phase(void)
{
    u32 count = 0;
    memset(composite, 0, sizeof composite);
    for (u32 i = 2; i * i < SIEVE_N; i++)
        if (!composite[i])
            for (u32 j = i * i; j < SIEVE_N; j += i)
                composite[j] = 1;
    for (u32 i = 2; i < SIEVE_N; i++)
        count += !composite[i];
    return count;
}

/* ---- its own DAT ---- */

static u32 dat_phase(void)
{
    u32 *st = (u32 *)SEG_TABLE, *pt = (u32 *)PAGE_TABLE;
    for (u32 i = 0; i < 16; i++)
        st[i] = STE_INVALID;
    st[0] = PAGE_TABLE | 0xF;
    for (u32 p = 0; p < 256; p++)
        pt[p] = p << 12;
    for (u32 p = 0; p < 16; p++)   /* ALIAS.. maps DATA.. */
        pt[(ALIAS >> 12) + p] = DATA + (p << 12);
    for (u32 i = 0; i < 0x4000; i++)
        ((u32 *)DATA)[i] = next_random();
    lctl(0, CR0_TRANS_FORMAT_VALUE);
    lctl(1, SEG_TABLE);
    __asm__ volatile("stosm 0x300(%%r0),0x04" : : : "memory");   /* DAT on */
    u32 sum = 0;
    for (u32 pass = 0; pass < 24; pass++) {   /* purging its TLB between passes, as a pager would */
        for (u32 i = 0; i < 0x4000; i++)
            sum = sum * 33 + ((volatile u32 *)ALIAS)[i];
        __asm__ volatile("ptlb" : : : "memory");
    }
    ((volatile u32 *)ALIAS)[5] = sum;
    __asm__ volatile("stnsm 0x300(%%r0),0xFB" : : : "memory");   /* DAT off */
    return ((u32 *)DATA)[5] == sum ? sum : 0;
}

/* ---- its minidisk ---- */

struct fba_program {
    struct ccw ccw[3];
    u8 extent[16];
    u8 locate[8];
} __attribute__((aligned(8)));

static struct fba_program prog;

static void fba_build(u8 op, u8 cmd, void *buf)
{
    memset(&prog, 0, sizeof prog);
    prog.extent[15] = DISK_BLOCKS - 1;   /* blocks 0..15 */
    prog.locate[0] = op;
    prog.locate[3] = DISK_BLOCKS;
    prog.ccw[0] = (struct ccw){0x63, CCW_CC, 16, (u32)prog.extent};
    prog.ccw[1] = (struct ccw){0x43, CCW_CC, 8, (u32)prog.locate};
    prog.ccw[2] = (struct ccw){cmd, 0, sizeof block_out, (u32)buf};
}

static u32 disk_phase(void)
{
    u32 rx = DISK, ry, sum = 0;
    int cc;
    for (u32 i = 0; i < sizeof block_out; i++)
        block_out[i] = (u8)next_random();
    fba_build(0x01, 0x41, block_out);
    ry = (u32)prog.ccw;
    __asm__ volatile("diag %1,%2,0x18\n\tipm %0\n\tsrl %0,28" : "=d"(cc), "+d"(rx), "+d"(ry) : : "cc", "memory");
    if (cc != 0)
        return 0;
    fba_build(0x06, 0x42, block_in);
    LOWCORE(u32, LC_CAW) = (u32)prog.ccw;
    if (sio(DISK) != 0)
        return 0;
    while ((cc = tio(DISK)) == 2)
        ;
    if (cc != 1 || LOWCORE(u8, LC_CSW + 4) != (US_CE | US_DE) || LOWCORE(u8, LC_CSW + 5) != 0)
        return 0;
    if (memcmp(block_in, block_out, sizeof block_in) != 0)
        return 0;
    for (u32 i = 0; i < sizeof block_in; i += 4)
        sum = fold(sum, *(u32 *)(block_in + i));
    return sum;
}

/* ---- its clocks ---- */

static struct psw ext_wait = {0x010A0000u, 0x80000000u};
static const u32 ext_new_w0 = 0x00080000u, amode31 = 0x80000000u;

/* Take one external interruption: in an enabled wait, or (the CPU timer,
 * which runs only while the virtual CPU does) spinning enabled. The
 * external new PSW brings it back here, disabled. Its code. */
static u8 mask_save;

static u16 take_external(bool wait)
{
    __asm__ volatile("larl %%r1,1f\n\t"
                     "o %%r1,%1\n\t"
                     "st %%r1,%2\n\t"
                     "mvc %3(4),%0\n\t"
                     "ltr %5,%5\n\t"
                     "jz 2f\n\t"
                     "lpsw %4\n"
                     "2:\tstosm %6,0x01\n"
                     "3:\tj 3b\n"
                     "1:"
                     :
                     : "Q"(ext_new_w0), "Q"(amode31), "Q"(LOWCORE(u32, LC_EXT_NEW_PSW + 4)),
                       "Q"(LOWCORE(u32, LC_EXT_NEW_PSW)), "Q"(ext_wait), "d"((u32)wait), "Q"(mask_save)
                     : "r1", "cc", "memory");
    return LOWCORE(u16, LC_EXT_CODE);
}

static void set_clock(u64 v, int which)
{
    if (which == 0)
        __asm__ volatile("sckc %0" : : "Q"(v));
    else
        __asm__ volatile("spt %0" : : "Q"(v));
}

static bool timer_phase(void)
{
    set_clock(~0ull, 0);   /* the comparator is 0 after reset: not due before its time */
    lctl(0, CR0_CKC_MASK);
    u64 due = stck() + 5 * TOD_MS;
    set_clock(due, 0);
    if (take_external(true) != EXT_CLOCK_COMPARATOR || stck() < due)
        return false;
    set_clock(~0ull, 0);
    set_clock(2 * TOD_MS, 1);
    lctl(0, CR0_CPT_MASK);
    if (take_external(false) != EXT_CPU_TIMER)
        return false;
    lctl(0, 0);
    return true;
}

extern char _end[];

int main(u32 r2)
{
    if ((u32)_end > DATA)
        return 0x99;   /* the kernel has grown into its DAT area */
    seed = r2 ? r2 : 1;
    printf("VICTIM %08X: STARTED\n", r2);
    u32 d = dat_phase();
    printf("VICTIM %08X: DAT %08X\n", r2, d);
    u32 s = sort_phase();
    printf("VICTIM %08X: SORT %08X\n", r2, s);
    u32 p = sieve_phase();
    printf("VICTIM %08X: PRIMES BELOW %u: %u\n", r2, SIEVE_N, p);
    u32 again = sort_phase();
    printf("VICTIM %08X: SORT %08X\n", r2, again);
    u32 k = disk_phase();
    printf("VICTIM %08X: DISK %08X\n", r2, k);
    bool t = timer_phase();
    printf("VICTIM %08X: TIMERS %s\n", r2, t ? "OK" : "WRONG");
    return !s || !d || !k || !t || p != 33860 || !again;
}
