/* flawloads.c: the flawed machine's benchmark workloads but forkwait
 * (forkwait.c), one kernel, as kernels.c is (bench/flawed_bench.py;
 * issue 14, section 4). Registers at entry:
 *   R0 = the IPL parameter's first word: "PV" masks paravirtually (psw_ops.h)
 *   R2 = workload:
 *        0 compute, user    R3 rounds of 2^16 iterations of a hash step,
 *                           in problem state (a user program's work)
 *        1 compute, kernel  the same in supervisor state (the kernel's own)
 *        2 SVC-heavy        a user program making R3 null system calls
 *                           (SVC 8, straight back: LPSW of the SVC old PSW)
 *        3 privileged-heavy R3 critical sections of the interrupt-mask
 *                           dance: irq_disable_save, a little work,
 *                           irq_restore (STNSM X'FC' and SSM natively),
 *                           the kernel open for I/O and external between
 *        4 I/O              R3 reads of one 512-byte block from the FBA
 *                           disk at 100 (the IPL disk; block i mod 64):
 *                           the channel program started with interruptions
 *                           masked, then an enabled wait for its I/O
 *                           interruption, as an operating system waits
 *   R3 = the count (0: none; the bench takes a run of 0 from a run of N)
 *
 * It prints how it masks ("MASKING NATIVELY" or "PARAVIRTUALLY") and
 * one result line, "FLAWLOADS: WORKLOAD n, COUNT n, CHECKSUM x", which
 * must be the same bare and under CP in every mode, then ends in the pass
 * wait (00BAD00n: a bad workload or I/O error; 00BAnnnn: an unexpected
 * interruption, flawbench.h).
 */
#include "flawbench.h"

#define HASH_ROUND (1u << 16)
#define DISK 0x100
#define DISK_CHANNELS 0x40000000u   /* CR2: channel 1 only (the console's, 0, is polled) */
#define IO_BLOCKS 64

/* ---- 0, 1: compute ---------------------------------------------------------- */

static __attribute__((noinline)) u32 hash_round(u32 n, u32 h)
{
    for (u32 i = 0; i < n; i++) {
        h ^= i;
        h *= 0x01000193u;
        h = (h << 13) | (h >> 19);
        h += 0x9E3779B9u;
    }
    return h;
}

static u32 hash(u32 rounds)
{
    u32 h = 0x811C9DC5u;
    for (u32 r = 0; r < rounds; r++)
        h = hash_round(opaque(HASH_ROUND), h ^ r);
    return h;
}

static void __attribute__((noreturn)) user_compute(u32 rounds)
{
    fb_exit(hash(rounds));
}

/* ---- 2: SVC-heavy ------------------------------------------------------------- */

static void __attribute__((noreturn)) user_svcs(u32 n)
{
    u32 h = 0x811C9DC5u;
    for (u32 i = 0; i < n; i++) {
        h = fb_fold(h, i);
        __asm__ volatile("svc 8" : : : "memory");
    }
    fb_exit(h);
}

/* Run a user program in problem state, key 0, DAT off, disabled. */
static u32 user(void (*prog)(u32), u32 arg)
{
    static struct psw p;
    p.w0 = PSW0_ESA | PSW0_PROB;
    p.w1 = 0x80000000u | (u32)prog;
    return fb_run(&p, arg, (u32)fb_user_stack + FB_USER_STACK - 96);
}

/* ---- 3: privileged-heavy -------------------------------------------------------- */

static u32 critical_sections(u32 n)
{
    u32 h = 0x811C9DC5u, open = 0;
    fb_lpsw_mask(0x03);
    for (u32 i = 0; i < n; i++) {
        u8 m = irq_disable_save();
        for (u32 j = 0; j < 4; j++)
            h = fb_fold(h, i + j);
        irq_restore(m);
        open += m == 0x03;
    }
    return open == n ? h : 0;
}

/* ---- 4: I/O ------------------------------------------------------------------------ */

struct fba_program {
    struct ccw ccw[3];
    u8 extent[16];
    u8 locate[8];
} __attribute__((aligned(8)));

static struct fba_program prog;
static u8 block[512] __attribute__((aligned(8)));

static u32 reads(u32 n)
{
    u32 h = 0x811C9DC5u;
    prog.extent[0] = 0x40;                    /* writes inhibited */
    prog.extent[15] = IO_BLOCKS - 1;          /* blocks 0 to 63 */
    prog.locate[0] = 0x06;                    /* read */
    prog.locate[3] = 1;                       /* one block */
    prog.ccw[0] = (struct ccw){0x63, CCW_CC, 16, (u32)prog.extent};
    prog.ccw[1] = (struct ccw){0x43, CCW_CC, 8, (u32)prog.locate};
    prog.ccw[2] = (struct ccw){0x42, 0, sizeof block, (u32)block};
    fb_lpsw_mask(0x03);
    for (u32 i = 0; i < n; i++) {
        prog.locate[7] = (u8)(i % IO_BLOCKS);
        u32 before = fb_state.ios;
        u8 m = irq_disable_save();
        LOWCORE(u32, LC_CAW) = (u32)prog.ccw;
        int cc = sio(DISK);
        while (cc == 0 && *(volatile u32 *)&fb_state.ios == before)
            fb_wait_open();
        irq_restore(m);
        if (cc != 0 || (fb_state.csw[1] >> 16) != ((US_CE | US_DE) << 8))
            wait_disabled(WAIT_FAIL | 4);
        for (u32 k = 0; k < sizeof block; k += 64)
            h = fb_fold(h, *(u32 *)(block + k));
    }
    return h;
}

/* ------------------------------------------------------------------------------------- */
int fb_main(u32 workload, u32 count)
{
    u32 r;
    fb_init(DISK_CHANNELS);
    printf("FLAWLOADS: MASKING %s", fb_masking());
    switch (workload) {
    case 0: r = user(user_compute, count); break;
    case 1: r = hash(count); break;
    case 2: r = user(user_svcs, count); break;
    case 3: r = critical_sections(count); break;
    case 4: r = reads(count); break;
    default: return 1;
    }
    if (workload == 2 && fb_state.svcs != count)
        return 2;
    if (workload == 3 && r == 0)
        return 3;
    (void)irq_disable_save();
    printf("FLAWLOADS: WORKLOAD %u, COUNT %u, CHECKSUM %08X", workload, count, r);
    return 0;
}
