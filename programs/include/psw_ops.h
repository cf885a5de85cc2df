/* psw_ops.h: masking interruptions and reading the PSW, natively or
 * paravirtually, decided once at boot, so that one binary runs bare,
 * under SIE and paravirtualized (issue 14, section 3b).
 *
 * Design note. An operating system masks interruptions around its
 * critical sections (Linux's local_irq_save/restore) and now and then
 * looks at its own PSW. Natively those are STNSM, STOSM, SSM and EPSW. On
 * the flawed machine a supervisor that CP runs in problem state (trap
 * mode) loses them: they do nothing there and do not trap. So, as Xen's
 * paravirtual guests do, a guest that CP offers it (DIAGNOSE X'0C8',
 * pvabi.h: trap and bt mode; not bare, not under SIE, where the native
 * instructions are right) keeps its I/O and external mask in an area it
 * shares with CP: masking is a store into it, unmasking a store and a
 * look at the byte where CP says what waits (a DIAG only if something
 * does), EPSW is CP's copy of the PSW with the live mask, condition code
 * and program mask. None of it enters CP.
 *
 * Every operation is one piece of code holding both ways, so the native
 * instruction has the same address whichever way runs: psw_last.at is
 * it, psw_last.end the end of the piece (an interruption that the
 * operation let in is taken there: right after the native instruction,
 * or right after PV_DELIVER's DIAG). Both ways leave the condition code
 * and program mask as they found them (IPM first, SPM last), as the
 * native instructions do, so whatever looks at them later sees the same.
 * The paravirtual way changes only the I/O and external masks: DAT and
 * PER are changed with LPSW; and its epsw() answers on the sound machine
 * too, which has no EPSW (natively an operation exception). Uses R0-R4.
 *
 * psw_ops_boot(parm) decides: paravirtual if the IPL parameter's first
 * word (R0 at IPL, which a kernel must keep for it) is "PV" in EBCDIC,
 * STIDP says CP (version X'FF'), and CP accepts the area (cc 0).
 * Each program that includes this is one translation unit (the globals
 * below are defined here, as probe.h's are).
 */
#ifndef CREASY_PSW_OPS_H
#define CREASY_PSW_OPS_H

#include "creasy.h"
#include "pvabi.h"

struct psw_op {
    u32 at;    /* the native instruction's address */
    u32 end;   /* the end of the operation's code */
};

struct psw_op psw_last;                                              /* the last operation's */
u32 psw_pv;                                                          /* nonzero: paravirtual */
u8 psw_pv_area[PV_AREA_LEN] __attribute__((aligned(PV_AREA_LEN)));  /* shared with CP */
const u32 psw_ops_keep = ~(0x03000000u | PSW0_CC | PSW0_PM);         /* EPSW: CP's copy without the live fields */
const u32 psw_ops_amode31 = 0x80000000u;

#define PSW_OPS_STR_(x) #x
#define PSW_OPS_STR(x) PSW_OPS_STR_(x)

/* The start of every operation: the condition code and program mask into
 * R0, psw_last, and to label 2 if paravirtual; label 1 is the native
 * instruction, after SPM; label 9 the end. */
#define PSW_OPS_HEAD                                                             \
    "ipm %%r0\n\t"                                                               \
    "larl %%r1,1f\n\t"                                                           \
    "st %%r1,%[at]\n\t"                                                          \
    "larl %%r1,9f\n\t"                                                           \
    "st %%r1,%[end]\n\t"                                                         \
    "l %%r1,%[pv]\n\t"                                                           \
    "ltr %%r1,%%r1\n\t"                                                          \
    "jnz 2f\n\t"                                                                 \
    "spm %%r0\n"
/* Paravirtual: R2 = the system mask as the guest has it (CP's copy's,
 * with the area's I/O and external bits); R1 = the area. */
#define PSW_OPS_PV_MASK                                                          \
    "2:\tlarl %%r1,psw_pv_area\n\t"                                              \
    "sr %%r2,%%r2\n\t"                                                           \
    "ic %%r2," PSW_OPS_STR(PV_PSW0) "(%%r1)\n\t"                                 \
    "lhi %%r3,0xFC\n\t"                                                          \
    "nr %%r2,%%r3\n\t"                                                           \
    "sr %%r3,%%r3\n\t"                                                           \
    "ic %%r3," PSW_OPS_STR(PV_MASK) "(%%r1)\n\t"                                 \
    "lhi %%r4," PSW_OPS_STR(PV_MASK_BITS) "\n\t"                                 \
    "nr %%r3,%%r4\n\t"                                                           \
    "or %%r2,%%r3\n\t"
/* Paravirtual: the area's mask is R3's bits; if that opens what CP says
 * waits, PV_DELIVER (the condition code restored first: it is the old
 * PSW's); then the end. */
#define PSW_OPS_PV_UNMASK                                                        \
    "stc %%r3," PSW_OPS_STR(PV_MASK) "(%%r1)\n\t"                                \
    "sr %%r4,%%r4\n\t"                                                           \
    "ic %%r4," PSW_OPS_STR(PV_PENDING) "(%%r1)\n\t"                              \
    "nr %%r4,%%r3\n\t"                                                           \
    "jz 3f\n\t"                                                                  \
    "spm %%r0\n\t"                                                               \
    "lhi %%r2," PSW_OPS_STR(PV_DELIVER) "\n\t"                                   \
    "diag %%r2,%%r3," PSW_OPS_STR(PV_DIAG) "\n\t"                                \
    "j 9f\n"                                                                     \
    "3:\tspm %%r0\n"                                                             \
    "9:"
#define PSW_OPS_OUT [at] "=Q"(psw_last.at), [end] "=Q"(psw_last.end)
#define PSW_OPS_CLOBBER "r0", "r1", "r2", "r3", "r4", "cc", "memory"

/* STNSM X'FC': masked for I/O and external; the system mask before. */
static inline u8 irq_disable_save(void)
{
    u8 old;
    __asm__ volatile(PSW_OPS_HEAD
                     "1:\tstnsm %[old],0xFC\n\t"
                     "j 9f\n" PSW_OPS_PV_MASK
                     "stc %%r2,%[old]\n\t"
                     "ni " PSW_OPS_STR(PV_MASK) "(%%r1),0xFC\n\t"
                     "spm %%r0\n"
                     "9:"
                     : [old] "=Q"(old), PSW_OPS_OUT
                     : [pv] "Q"(psw_pv)
                     : PSW_OPS_CLOBBER);
    return old;
}

/* STOSM X'03': open for I/O and external; the system mask before. */
static inline u8 irq_enable_save(void)
{
    u8 old;
    __asm__ volatile(PSW_OPS_HEAD
                     "1:\tstosm %[old],0x03\n\t"
                     "j 9f\n" PSW_OPS_PV_MASK
                     "stc %%r2,%[old]\n\t"
                     "lhi %%r3,0x03\n\t" PSW_OPS_PV_UNMASK
                     : [old] "=Q"(old), PSW_OPS_OUT
                     : [pv] "Q"(psw_pv)
                     : PSW_OPS_CLOBBER);
    return old;
}

/* SSM: the system mask `mask` (from irq_disable_save or irq_enable_save). */
static inline void irq_restore(u8 mask)
{
    __asm__ volatile(PSW_OPS_HEAD
                     "1:\tssm %[mask]\n\t"
                     "j 9f\n"
                     "2:\tlarl %%r1,psw_pv_area\n\t"
                     "sr %%r3,%%r3\n\t"
                     "ic %%r3,%[mask]\n\t"
                     "lhi %%r4," PSW_OPS_STR(PV_MASK_BITS) "\n\t"
                     "nr %%r3,%%r4\n\t" PSW_OPS_PV_UNMASK
                     : PSW_OPS_OUT
                     : [mask] "Q"(mask), [pv] "Q"(psw_pv)
                     : PSW_OPS_CLOBBER);
}

/* EPSW: the PSW's first word into w[0], its second (the next
 * instruction's address) into w[1]. */
static inline void epsw(u32 w[2])
{
    __asm__ volatile(PSW_OPS_HEAD
                     "1:\t.insn rre,0xb98d0000,%%r2,%%r3\n\t"
                     "j 8f\n"
                     "2:\tlarl %%r1,psw_pv_area\n\t"
                     "l %%r2," PSW_OPS_STR(PV_PSW0) "(%%r1)\n\t"
                     "n %%r2,%[keep]\n\t"
                     "sr %%r3,%%r3\n\t"
                     "ic %%r3," PSW_OPS_STR(PV_MASK) "(%%r1)\n\t"
                     "lhi %%r4," PSW_OPS_STR(PV_MASK_BITS) "\n\t"
                     "nr %%r3,%%r4\n\t"
                     "sll %%r3,24\n\t"
                     "or %%r2,%%r3\n\t"
                     "lr %%r3,%%r0\n\t"
                     "srl %%r3,24\n\t"
                     "sll %%r3," PSW_OPS_STR(PSW0_PM_SHIFT) "\n\t"
                     "or %%r2,%%r3\n\t"
                     "larl %%r3,1b\n\t"
                     "la %%r3,4(%%r3)\n\t"
                     "o %%r3,%[amode]\n\t"
                     "spm %%r0\n"
                     "8:\tst %%r2,0(%[w])\n\t"
                     "st %%r3,4(%[w])\n"
                     "9:"
                     : PSW_OPS_OUT
                     : [w] "a"(w), [pv] "Q"(psw_pv), [keep] "Q"(psw_ops_keep), [amode] "Q"(psw_ops_amode31)
                     : PSW_OPS_CLOBBER);
}

/* The STIDP version code: X'FF' under CP. */
static inline u32 psw_ops_stidp_version(void)
{
    u64 id;
    __asm__ volatile("stidp %0" : "=Q"(id));
    return (u32)(id >> 56);
}

/* Decide, once: paravirtual if asked (parm0: the IPL parameter's first
 * word) and CP takes the area. */
static inline void psw_ops_boot(u32 parm0)
{
    if ((parm0 != 0xD7E50000u && parm0 != 0xD7E54040u) || psw_ops_stidp_version() != 0xFF)
        return;
    register u32 rx __asm__("2") = PV_REGISTER;
    register u32 ry __asm__("3") = (u32)psw_pv_area;
    u32 cc;
    __asm__ volatile("diag %1,%2," PSW_OPS_STR(PV_DIAG) "\n\tipm %0\n\tsrl %0,28"
                     : "=d"(cc), "+d"(rx), "+d"(ry) : : "cc", "memory");
    psw_pv = cc == 0;
}

#endif
