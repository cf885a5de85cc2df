/* flawed.h: what the guest kernels of programs/flawed share. They use
 * STNSM, STOSM, SSM and EPSW the way an operating system does (through
 * psw_ops.h, so one binary runs natively or paravirtualized), and print
 * what they see, one line per checkpoint, each naming the instruction
 * and its address, so that tests/flawed/run.sh can show where the flawed
 * machine's trap mode first goes wrong and why.
 *
 * Lines that begin "PROBLEM STATE:" are observations made in problem
 * state by native instructions (a user program is not paravirtualized):
 * on the flawed machine EPSW, STOSM and STNSM there see the real PSW, so
 * under a VMM that runs the guest in problem state (trap, bt, pv) they
 * differ from bare, the residue that Theorem 3 allows a hybrid VMM. The
 * test knows them by that prefix.
 *
 * Here: the interruption handlers (external: records and silences the
 * clock comparator or CPU timer, back to the interrupted PSW; program:
 * records, back to the old PSW, past a suppressed instruction; SVC: to
 * flawed_svc_resume), their set-up, and `main`, which keeps R0 (the IPL
 * parameter's first word, psw_ops_boot) and calls flawed_main. The
 * handlers keep their registers at 0x300 and 0x340, above the 512 bytes
 * of the architected low core.
 */
#ifndef FLAWED_FLAWED_H
#define FLAWED_FLAWED_H

#include "creasy.h"
#include "psw_ops.h"

#define US(n) ((u64)(n) << 12)

/* What the kernel is doing, for the external handler to record. */
enum { PH_BEFORE = 1, PH_INSIDE, PH_INSIDE_INNER, PH_INSIDE_OUTER, PH_AFTER };
volatile u32 flawed_phase;

/* The external interruptions taken (the handler fills it; field order is
 * the handler's). */
struct flawed_ext {
    u32 code;        /* the last one's interruption code */
    u32 old[2];      /* ... its old PSW */
    u32 phase;       /* ... flawed_phase when it came */
    u32 count;       /* how many */
};
volatile struct flawed_ext flawed_ext;

/* The program interruptions taken: code and old PSW address of each. */
#define FLAWED_PGM_MAX 8
struct flawed_pgm {
    u32 count;
    struct { u32 code, ia; } e[FLAWED_PGM_MAX];
};
volatile struct flawed_pgm flawed_pgm;

struct psw flawed_svc_resume;                                           /* where SVC goes */
u32 flawed_parm0;                                                       /* R0 at IPL */
const u64 flawed_quiet[2] __attribute__((aligned(8))) = {~0ull, 0x7FFFFFFFFFFFFFFFull};   /* SCKC, SPT */

__asm__(".section .text\n"
        "flawed_ext_handler:\n"
        "    stm   %r0,%r15,0x300(%r0)\n"
        "    larl  %r1,flawed_ext\n"
        "    lh    %r2,0x86(%r0)\n"
        "    st    %r2,0(%r1)\n"
        "    mvc   4(8,%r1),0x18(%r0)\n"
        "    larl  %r2,flawed_phase\n"
        "    mvc   12(4,%r1),0(%r2)\n"
        "    l     %r2,16(%r1)\n"
        "    ahi   %r2,1\n"
        "    st    %r2,16(%r1)\n"
        "    larl  %r2,flawed_quiet\n"
        "    sckc  0(%r2)\n"
        "    spt   8(%r2)\n"
        "    lm    %r0,%r15,0x300(%r0)\n"
        "    lpsw  0x18(%r0)\n"
        "flawed_pgm_handler:\n"
        "    stm   %r0,%r15,0x340(%r0)\n"
        "    larl  %r1,flawed_pgm\n"
        "    l     %r2,0(%r1)\n"
        "    chi   %r2,8\n"
        "    jnl   1f\n"
        "    lr    %r3,%r2\n"
        "    sll   %r3,3\n"
        "    ar    %r3,%r1\n"
        "    lh    %r4,0x8e(%r0)\n"
        "    st    %r4,4(%r3)\n"
        "    l     %r4,0x2c(%r0)\n"
        "    st    %r4,8(%r3)\n"
        "    ahi   %r2,1\n"
        "    st    %r2,0(%r1)\n"
        "1:  lm    %r0,%r15,0x340(%r0)\n"
        "    lpsw  0x28(%r0)\n"
        "flawed_svc_handler:\n"
        "    larl  %r1,flawed_svc_resume\n"
        "    lpsw  0(%r1)\n"
        "    .globl main\n"
        "main:\n"
        "    larl  %r1,flawed_parm0\n"
        "    st    %r0,0(%r1)\n"
        "    jg    flawed_main\n");
extern char flawed_ext_handler[], flawed_pgm_handler[], flawed_svc_handler[];
int flawed_main(u32 r2, u32 r3);

/* New PSWs (supervisor, disabled, DAT off), the external subclasses for
 * the clocks (no I/O: CR2 keeps every channel out, the console is
 * polled), and psw_ops' choice. */
static inline void flawed_init(void)
{
    static struct psw ext_new, pgm_new, svc_new;
    ext_new.w0 = pgm_new.w0 = svc_new.w0 = flawed_svc_resume.w0 = 0x00080000u;
    ext_new.w1 = 0x80000000u | (u32)flawed_ext_handler;
    pgm_new.w1 = 0x80000000u | (u32)flawed_pgm_handler;
    svc_new.w1 = 0x80000000u | (u32)flawed_svc_handler;
    memcpy((void *)LC_EXT_NEW_PSW, &ext_new, 8);
    memcpy((void *)LC_PGM_NEW_PSW, &pgm_new, 8);
    memcpy((void *)LC_SVC_NEW_PSW, &svc_new, 8);
    lctl(2, 0);
    lctl(0, stctl(0) | CR0_CKC_MASK | CR0_CPT_MASK);
    __asm__ volatile("sckc %0\n\tspt %1" : : "Q"(flawed_quiet[0]), "Q"(flawed_quiet[1]));
    psw_ops_boot(flawed_parm0);
}

/* LPSW to the next instruction with the system mask `mask` (supervisor
 * state, key 0, DAT as `dat`); its address. */
static inline u32 flawed_lpsw(u8 mask, bool dat)
{
    static struct psw p;
    u32 at;
    p.w0 = (u32)mask << 24 | (dat ? PSW0_T : 0) | PSW0_ESA;
    __asm__ volatile("larl %%r1,1f\n\t"
                     "st %%r1,%[at]\n\t"
                     "larl %%r1,2f\n\t"
                     "o %%r1,%[am]\n\t"
                     "st %%r1,%[w1]\n"
                     "1:\tlpsw %[p]\n"
                     "2:"
                     : [at] "=Q"(at), [w1] "=Q"(p.w1)
                     : [am] "Q"(psw_ops_amode31), [p] "Q"(p)
                     : "r1", "memory");
    return at;
}

static inline void flawed_sckc(u64 t) { __asm__ volatile("sckc %0" : : "Q"(t)); }
static inline void flawed_spt(s64 t) { __asm__ volatile("spt %0" : : "Q"(t)); }
static inline s64 flawed_stpt(void)
{
    s64 t;
    __asm__ volatile("stpt %0" : "=Q"(t));
    return t;
}

/* Arm the clock comparator `us` from now; its value. */
static inline u64 flawed_arm_ckc(u32 us)
{
    u64 t = stck() + US(us);
    flawed_sckc(t);
    return t;
}

/* Work, masked, until the TOD clock is `us` past `t` (so what was due at
 * t has waited that long). */
static inline void flawed_work_until(u64 t, u32 us)
{
    while (stck() < t + US(us))
        ;
}

/* Work until the CPU timer is `us` below zero, or an interruption came
 * (whose handler sets it far ahead: masked as it should be, none does). */
static inline void flawed_work_until_cpt(u32 us)
{
    while (flawed_stpt() > -(s64)US(us) && !flawed_ext.count)
        ;
}

static inline const char *flawed_phase_name(u32 ph)
{
    switch (ph) {
    case PH_BEFORE: return "BEFORE THE SECTION";
    case PH_INSIDE: return "INSIDE THE SECTION";
    case PH_INSIDE_INNER: return "INSIDE THE INNER SECTION";
    case PH_INSIDE_OUTER: return "INSIDE THE OUTER SECTION, AFTER THE INNER";
    case PH_AFTER: return "AFTER THE SECTION";
    default: return "NOWHERE KNOWN";
    }
}

/* Where the external interruption (if one) was taken: right after the
 * operation `op` that unmasked (named `what`), or, by the phase it came
 * in, somewhere else. */
static inline void flawed_report_ext(const char *source, const struct psw_op *op, const char *what)
{
    u32 ia = flawed_ext.old[1] & 0x7FFFFFFFu;
    if (flawed_ext.count == 0)
        printf("%s: NOT TAKEN", source);
    else if (ia > op->at && ia <= op->end)
        printf("%s: TAKEN %u TIME%s, RIGHT AFTER THE %s AT %08X; OLD PSW MASK %02X, CODE %04X", source,
               flawed_ext.count, flawed_ext.count == 1 ? "" : "S", what, op->at, flawed_ext.old[0] >> 24,
               flawed_ext.code);
    else
        printf("%s: TAKEN %u TIME%s, %s, NOT AT THE %s AT %08X; OLD PSW MASK %02X, CODE %04X", source,
               flawed_ext.count, flawed_ext.count == 1 ? "" : "S", flawed_phase_name(flawed_ext.phase), what,
               op->at, flawed_ext.old[0] >> 24, flawed_ext.code);
}

/* The program interruption whose old PSW is `next` (past a suppressed
 * instruction), or 0. */
static inline u32 flawed_pgm_at(u32 next)
{
    for (u32 i = 0; i < flawed_pgm.count && i < FLAWED_PGM_MAX; i++)
        if ((flawed_pgm.e[i].ia & 0x7FFFFFFFu) == next)
            return flawed_pgm.e[i].code;
    return 0;
}

/* A PSW's first word, as words: state, key, DAT, system mask, CC. */
static inline const char *flawed_psw_words(char *buf, size_t n, u32 w0)
{
    snprintf(buf, n, "%s STATE, KEY %u, DAT %s, MASK %02X, CC %u", (w0 & PSW0_PROB) ? "PROBLEM" : "SUPERVISOR",
             (w0 & PSW0_KEY) >> PSW0_KEY_SHIFT, (w0 & PSW0_T) ? "ON" : "OFF", w0 >> 24,
             (w0 & PSW0_CC) >> PSW0_CC_SHIFT);
    return buf;
}

#endif
