/* forkwait.c: the analogue of Adams and Agesen's forkwait (ASPLOS 2006),
 * the process-creation workload of the flawed machine's benchmark
 * (bench/flawed_bench.py; issue 14, section 4): a kernel that creates a
 * child address space, runs a child in it, waits for it to exit and tears
 * the space down, R3 times (R0: "PV" masks paravirtually, flawbench.h).
 *
 * One fork, as an operating system does it:
 *   - with interruptions masked (psw_ops.h), a new address space in one
 *     of FW_SLOTS slots: its segment table (16 entries, segment 0 valid),
 *     a page table of 256 entries with the kernel's image mapped read-only
 *     at its own addresses (the child's code) and FW_PAGES fresh frames at
 *     FW_VA (its data and stack), each frame given the child's storage key
 *     (SSKE);
 *   - CR1 loaded with it (LCTL), the child run (LPSW: problem state, key 8,
 *     DAT on);
 *   - the child touches every one of its pages (stores, then reads them
 *     back: a translation miss each, and under CP in trap mode a shadow
 *     fault each) and exits to its parent (SVC 1) with a checksum;
 *   - the parent checks the child's first store in the frame, by real
 *     address, opens again (the SVC new PSW masked everything), and,
 *     masked again, tears the space down (IPTE of each data page).
 * Between forks the kernel is open for I/O and external, as a kernel is.
 *
 * It prints how it masks and "FORKWAIT: COUNT n, CHECKSUM x", the same
 * bare and under CP in every mode, then ends in the pass wait (00BAD00n:
 * a child's store did not land where its tables say; 00BAnnnn: an
 * unexpected interruption).
 */
#include "flawbench.h"

#define FW_SLOTS 4                  /* address spaces in turn, as an allocator hands them out */
#define FW_PAGES 8                  /* the child's data and stack pages */
#define FW_VA 0x000C0000u           /* ... at this virtual address */
#define FW_KEY 8                    /* the child's storage and PSW key */
#define FW_TOUCHES 4                /* stores per page, a quarter page apart */

struct fw_space {
    u32 segtab[1024];               /* 4K: a segment-table origin is on a 4K boundary; 16 entries used */
    u8 frames[FW_PAGES][4096];
    u32 pagetab[256];               /* segment 0's page table */
} __attribute__((aligned(4096)));
static struct fw_space spaces[FW_SLOTS];

extern char _text[], _edata[], _end[];

_Static_assert(__builtin_offsetof(struct fw_space, frames) % 4096 == 0, "the frames on page boundaries");

static inline void sske(u32 frame, u32 key)
{
    __asm__ volatile("sske %0,%1" : : "d"(key), "a"(frame) : "memory");
}

static inline void ipte(u32 *pto, u32 va)
{
    __asm__ volatile("ipte %0,%1" : : "a"(pto), "a"(va) : "memory");
}

/* The child: touch every page, read them back, exit with the sum. */
static void __attribute__((noreturn)) child(u32 seed)
{
    volatile u32 *base = (volatile u32 *)FW_VA;
    u32 sum = 0;
    for (u32 p = 0; p < FW_PAGES; p++)
        for (u32 t = 0; t < FW_TOUCHES; t++)
            base[p * 1024 + t * 256] = seed + p * FW_TOUCHES + t;
    for (u32 p = 0; p < FW_PAGES; p++)
        for (u32 t = 0; t < FW_TOUCHES; t++)
            sum = fb_fold(sum, base[p * 1024 + t * 256]);
    fb_exit(sum);
}

/* fork: a new address space in `s` with interruptions masked. */
static void build(struct fw_space *s)
{
    u8 m = irq_disable_save();
    for (u32 i = 0; i < 16; i++)
        s->segtab[i] = STE_INVALID;
    s->segtab[0] = (u32)s->pagetab | 15;
    u32 first = (u32)_text >> 12, last = ((u32)_edata - 1) >> 12;
    for (u32 p = 0; p < 256; p++)
        s->pagetab[p] = p >= first && p <= last ? p << 12 | PTE_PROTECT : PTE_INVALID;
    for (u32 k = 0; k < FW_PAGES; k++) {
        s->pagetab[(FW_VA >> 12) + k] = (u32)s->frames[k];
        sske((u32)s->frames[k], FW_KEY << 4);
    }
    irq_restore(m);
}

/* exit and wait: the space torn down, masked. */
static void tear_down(struct fw_space *s)
{
    u8 m = irq_disable_save();
    for (u32 k = 0; k < FW_PAGES; k++)
        ipte(s->pagetab, FW_VA + k * 4096);
    irq_restore(m);
}

int fb_main(u32 r2, u32 forks)
{
    (void)r2;
    static struct psw child_psw;
    u32 h = 0x811C9DC5u;
    if ((u32)_end > FW_VA)
        return 1;
    fb_init(0);
    lctl(0, stctl(0) | CR0_TRANS_FORMAT_VALUE);
    printf("FORKWAIT: MASKING %s", fb_masking());
    child_psw.w0 = PSW0_T | FW_KEY << PSW0_KEY_SHIFT | PSW0_ESA | PSW0_PROB;
    child_psw.w1 = 0x80000000u | (u32)child;
    fb_lpsw_mask(0x03);
    for (u32 i = 0; i < forks; i++) {
        struct fw_space *s = &spaces[i % FW_SLOTS];
        build(s);
        lctl(1, (u32)s->segtab);
        u32 r = fb_run(&child_psw, i, FW_VA + FW_PAGES * 4096 - 96);
        irq_restore(0x03);   /* back from the child's SVC (its new PSW masked): open again */
        if (*(volatile u32 *)s->frames[0] != i)
            return 2;
        tear_down(s);
        h = fb_fold(h, r);
    }
    (void)irq_disable_save();
    printf("FORKWAIT: COUNT %u, CHECKSUM %08X", forks, h);
    return 0;
}
