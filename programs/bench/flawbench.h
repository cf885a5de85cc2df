/* flawbench.h: what the flawed machine's benchmark kernels share
 * (flawloads.c, forkwait.c; bench/flawed_bench.py runs them; issue 14,
 * section 4).
 *
 * Design note. Each workload is a bare-machine kernel that does the same
 * thing bare and under CP in every mode, so that its instruction counts
 * can be set side by side: one result line, the same everywhere, then
 * the pass wait. It masks interruptions only through psw_ops.h, so the
 * same binary masks natively, or paravirtually when IPLed with PARM PV
 * (R0 at IPL, which `main` below keeps). Its parameters are registers,
 * as kernels.c's: R2 the workload (flawloads), R3 its count.
 *
 * Everything it stores goes to pages without code: its mutable state is
 * in .bss, which the page-aligned `fb_user_stack` starts on a page of its
 * own, and its stack follows (programs/link.ld). A binary translator
 * write-protects the pages it translates code from, and a kernel that
 * stores beside its code would measure that rather than the workload.
 *
 * User programs (problem state, key 0 unless the caller's PSW says
 * otherwise) come back into the kernel by SVC: SVC 1 is exit, back to
 * fb_run's caller with the program's R2; any other SVC is a null system
 * call, counted and straight back. Any program, external or machine-check
 * interruption is a failure: a disabled wait 00BAnnnn, nnnn the program
 * interruption code (0000 for the others). I/O interruptions are counted
 * with their CSW, and a wait they end goes on after its LPSW.
 */
#ifndef BENCH_FLAWBENCH_H
#define BENCH_FLAWBENCH_H

#include "creasy.h"
#include "psw_ops.h"

#define FB_USER_STACK 4096

/* The kernel's state that handlers touch; field offsets are the handlers'. */
struct fb_state {
    u32 svcs;           /* +0 null system calls taken */
    u32 ios;            /* +4 I/O interruptions taken */
    u32 csw[2];         /* +8 the last one's CSW */
    u32 parent[10];     /* +16 fb_run's caller's R6-R15 */
};
struct fb_state fb_state;
u8 fb_user_stack[FB_USER_STACK] __attribute__((aligned(4096)));
u32 fb_parm0;                                   /* R0 at IPL: the IPL parameter's first word */
struct psw fb_fail_psw;                         /* 000A0000 80BAnnnn */
const u32 fb_amode31 = 0x80000000u;

__asm__(".section .text\n"
        "fb_svc_handler:\n"
        "    stm   %r1,%r2,0x310(%r0)\n"
        "    lh    %r1,0x8a(%r0)\n"
        "    chi   %r1,1\n"
        "    je    1f\n"
        "    larl  %r1,fb_state\n"
        "    l     %r2,0(%r1)\n"
        "    ahi   %r2,1\n"
        "    st    %r2,0(%r1)\n"
        "    lm    %r1,%r2,0x310(%r0)\n"
        "    lpsw  0x20(%r0)\n"
        "1:  larl  %r1,fb_state\n"
        "    l     %r2,0x314(%r0)\n"
        "    lm    %r6,%r15,16(%r1)\n"
        "    br    %r14\n"
        "fb_io_handler:\n"
        "    stm   %r1,%r2,0x318(%r0)\n"
        "    larl  %r1,fb_state\n"
        "    l     %r2,4(%r1)\n"
        "    ahi   %r2,1\n"
        "    st    %r2,4(%r1)\n"
        "    mvc   8(8,%r1),0x40(%r0)\n"
        "    ni    0x39(%r0),0xFD\n"               /* the old PSW without its wait bit */
        "    lm    %r1,%r2,0x318(%r0)\n"
        "    lpsw  0x38(%r0)\n"
        "fb_pgm_handler:\n"
        "    larl  %r1,fb_fail_psw\n"
        "    mvc   6(2,%r1),0x8e(%r0)\n"
        "    lpsw  0(%r1)\n"
        "fb_other_handler:\n"
        "    larl  %r1,fb_fail_psw\n"
        "    lpsw  0(%r1)\n"
        /* fb_run(psw, r2, r15): R6-R15 kept for SVC 1, then the program */
        "fb_run:\n"
        "    larl  %r1,fb_state\n"
        "    stm   %r6,%r15,16(%r1)\n"
        "    lr    %r1,%r2\n"
        "    lr    %r2,%r3\n"
        "    lr    %r15,%r4\n"
        "    lpsw  0(%r1)\n"
        "    .globl main\n"
        "main:\n"
        "    larl  %r1,fb_parm0\n"
        "    st    %r0,0(%r1)\n"
        "    jg    fb_main\n");
extern char fb_svc_handler[], fb_io_handler[], fb_pgm_handler[], fb_other_handler[];
int fb_main(u32 r2, u32 r3);

/* Run the user program `p` with R2 = `arg` and its stack below `sp`
 * until it exits (SVC 1); its R2 then. */
u32 fb_run(const struct psw *p, u32 arg, u32 sp);

static inline void fb_new_psw(u32 at, const char *handler)
{
    struct psw p = {0x00080000u, 0x80000000u | (u32)handler};
    memcpy((void *)at, &p, 8);
}

/* New PSWs (supervisor, disabled, DAT off), I/O from channel `chanmask`'s
 * channels only (CR2), no clock subclasses, and psw_ops' choice. */
static inline void fb_init(u32 chanmask)
{
    fb_fail_psw.w0 = 0x000A0000u;
    fb_fail_psw.w1 = 0x80BA0000u;
    fb_new_psw(LC_SVC_NEW_PSW, fb_svc_handler);
    fb_new_psw(LC_IO_NEW_PSW, fb_io_handler);
    fb_new_psw(LC_PGM_NEW_PSW, fb_pgm_handler);
    fb_new_psw(LC_EXT_NEW_PSW, fb_other_handler);
    fb_new_psw(LC_MCK_NEW_PSW, fb_other_handler);
    lctl(2, chanmask);
    lctl(0, stctl(0) & ~(CR0_CKC_MASK | CR0_CPT_MASK | CR0_INTKEY_MASK));
    psw_ops_boot(fb_parm0);
}

/* A user program's exit, with its result. */
static inline __attribute__((noreturn)) void fb_exit(u32 v)
{
    register u32 r2 __asm__("2") = v;
    __asm__ volatile("svc 1" : : "d"(r2) : "memory");
    __builtin_unreachable();
}

/* LPSW to the next instruction with system mask `mask` (supervisor,
 * key 0, DAT off). */
static inline void fb_lpsw_mask(u8 mask)
{
    static struct psw p;
    p.w0 = (u32)mask << 24 | PSW0_ESA;
    __asm__ volatile("larl %%r1,1f\n\t"
                     "o %%r1,%[am]\n\t"
                     "st %%r1,%[w1]\n\t"
                     "lpsw %[p]\n"
                     "1:"
                     : [w1] "=Q"(p.w1)
                     : [am] "Q"(fb_amode31), [p] "Q"(p)
                     : "r1", "memory");
}

/* Wait, open for I/O and external, until an interruption ends the wait;
 * the handler goes on after the LPSW, open. */
static inline void fb_wait_open(void)
{
    static struct psw p;
    p.w0 = 0x03000000u | PSW0_WAIT | PSW0_ESA;
    __asm__ volatile("larl %%r1,1f\n\t"
                     "o %%r1,%[am]\n\t"
                     "st %%r1,%[w1]\n\t"
                     "lpsw %[p]\n"
                     "1:"
                     : [w1] "=Q"(p.w1)
                     : [am] "Q"(fb_amode31), [p] "Q"(p)
                     : "r1", "memory");
}

/* The FNV-1a step, to fold results into one checksum. */
static inline u32 fb_fold(u32 h, u32 x)
{
    return (h ^ x) * 0x01000193u;
}

static inline const char *fb_masking(void)
{
    return psw_pv ? "PARAVIRTUALLY" : "NATIVELY";
}

#endif
