/* flawed.c: the flawed machine (spec.yaml's `flawed` variant) seen from a
 * program: problem-state code that runs EPSW, STNSM, SSM and STOSM, the
 * way an operating system tests its state and disables for a critical
 * section. main's argument (GR2 at entry, `creasy run --gpr 2=1`) says
 * which machine it runs on, and it checks that machine's behaviour:
 *
 *   0, the sound machine (tests/run_bare.sh, with every family program):
 *     EPSW is an operation exception, and the three are privileged;
 *   1, the flawed machine (creasy run --variant flawed --gpr 2=1):
 *     EPSW shows the problem-state PSW (its P bit, mask and the next
 *     address), STNSM and STOSM store the real system mask and leave it,
 *     and SSM leaves it too: the disable is silently lost.
 *
 * Ends in the pass wait, or 00BADnnn with nnn the first check that
 * failed. (Not for Hercules: a real ESA/390 has EPSW, and its SSM traps.)
 */
#include "check.h"

extern char fl_epsw[], fl_after_epsw[], fl_stnsm[], fl_ssm[], fl_stosm[], fl_back[];
static u8 masks[2];
static const u8 zero;

/* Run the problem-state code below from `entry`, enabled for I/O and
 * external interruptions, to its SVC or to the first program
 * interruption: both new PSWs come back to fl_back in supervisor state.
 * Returns the program-interruption code, or 0 after the SVC. (Not
 * inlined or cloned: its labels are global.) */
static __attribute__((noinline, noclone)) u16 run_from(char *entry, u32 *r4, u32 *r5)
{
    static struct psw psws[2];
    psws[0].w0 = 0x03090000u;
    psws[0].w1 = 0x80000000u | (u32)entry;
    psws[1].w0 = 0x00080000u;
    psws[1].w1 = 0x80000000u | (u32)fl_back;
    *(volatile u16 *)LC_PGM_CODE = 0;
    register u32 a4 __asm__("r4") = 0;
    register u32 a5 __asm__("r5") = 0;
    __asm__ volatile("mvc 0x60(8,%%r0),8(%[p])\n\t"   /* SVC new PSW */
                     "mvc 0x68(8,%%r0),8(%[p])\n\t"   /* program new PSW */
                     "lpsw 0(%[p])\n"
                     "fl_epsw:\n\t.insn rre,0xb98d0000,4,5\n"   /* EPSW 4,5 */
                     "fl_after_epsw:\n"
                     "fl_stnsm:\n\tstnsm 0(%[m]),0x00\n"        /* disable... */
                     "fl_ssm:\n\tssm 0(%[z])\n"                 /* ...and again */
                     "fl_stosm:\n\tstosm 1(%[m]),0x00\n\t"      /* and look */
                     "svc 0\n"
                     "fl_back:"
                     : "+d"(a4), "+d"(a5), "=m"(masks)
                     : [p] "a"(psws), [m] "a"(masks), [z] "a"(&zero), "m"(psws)
                     : "memory", "cc");
    *r4 = a4;
    *r5 = a5;
    return *(volatile u16 *)LC_PGM_CODE;
}

static int sound(void)
{
    u32 r4, r5;
    CHECK(1, run_from(fl_epsw, &r4, &r5) == PGM_OPERATION);
    CHECK(2, r4 == 0 && r5 == 0);
    masks[0] = masks[1] = 0xEE;
    CHECK(3, run_from(fl_stnsm, &r4, &r5) == PGM_PRIVILEGED_OPERATION);
    CHECK(4, run_from(fl_ssm, &r4, &r5) == PGM_PRIVILEGED_OPERATION);
    CHECK(5, run_from(fl_stosm, &r4, &r5) == PGM_PRIVILEGED_OPERATION);
    CHECK(6, masks[0] == 0xEE && masks[1] == 0xEE);
    return 0;
}

static int flawed(void)
{
    u32 w0, w1, r4, r5;
    __asm__ volatile(".insn rre,0xb98d0000,%0,%1" : "=d"(w0), "=d"(w1));
    CHECK(10, (w0 & 0xFFFF0000u) == 0x00080000u);   /* supervisor state, disabled, key 0 */
    CHECK(11, w1 >> 31 == 1);
    masks[0] = masks[1] = 0xEE;
    CHECK(12, run_from(fl_epsw, &r4, &r5) == 0);   /* no interruption but the SVC */
    CHECK(13, (r4 & 0xFFFF00FFu) == 0x03090000u);  /* problem state seen: mask 03, P bit */
    CHECK(14, r5 == (0x80000000u | (u32)fl_after_epsw));
    CHECK(15, masks[0] == 0x03);                   /* STNSM stored the real mask */
    CHECK(16, masks[1] == 0x03);                   /* ...and after it and SSM, still enabled */
    CHECK(17, *(volatile u32 *)LC_SVC_OLD_PSW >> 24 == 0x03);
    return 0;
}

int main(int machine)
{
    return machine ? flawed() : sound();
}
