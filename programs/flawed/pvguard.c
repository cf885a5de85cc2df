/* pvguard: CP's paravirtual interface (DIAGNOSE X'0C8', pvabi.h), and
 * its guards, tried from a guest: every bad area is the architected
 * exception at the DIAG, never anything worse. Not an equivalence
 * kernel (the bare machine has no DIAGNOSE functions: each is a
 * specification exception); tests/flawed/run.sh compares what it prints
 * under CP with what the interface says, in trap mode (CP offers the
 * area) and under SIE (condition code 3 for everything).
 *
 * Each line: the call, then "CC n" or the program interruption it gave
 * (code, and whether the old PSW is past the DIAG).
 */
#include "flawed.h"

static u8 area[16] __attribute__((aligned(8)));
static struct psw user_psw;

/* DIAG Rx,Ry,X'0C8' with Rx = fn, Ry = addr, the condition code set to 2
 * first (so "unchanged" shows); prints the outcome. */
static void pv_call(const char *what, u32 fn, u32 addr)
{
    u32 cc, at;
    flawed_pgm.count = 0;
    __asm__ volatile("larl %%r1,1f\n\t"
                     "st %%r1,%[at]\n\t"
                     "lr %%r2,%[fn]\n\t"
                     "lr %%r3,%[addr]\n\t"
                     "lhi %%r1,1\n\t"
                     "chi %%r1,0\n"                      /* cc 2 */
                     "1:\tdiag %%r2,%%r3," PSW_OPS_STR(PV_DIAG) "\n\t"
                     "ipm %[cc]\n\t"
                     "srl %[cc],28"
                     : [cc] "=d"(cc), [at] "=Q"(at)
                     : [fn] "d"(fn), [addr] "d"(addr)
                     : "r1", "r2", "r3", "cc", "memory");
    u32 code = flawed_pgm_at(at + 4);
    if (code)
        printf("%s: PROGRAM INTERRUPTION CODE %04X, OLD PSW PAST THE DIAG", what, code);
    else if (flawed_pgm.count)
        printf("%s: PROGRAM INTERRUPTION CODE %04X, OLD PSW ELSEWHERE", what, flawed_pgm.e[0].code);
    else
        printf("%s: CC %u%s", what, cc, cc == 2 ? " (UNCHANGED)" : "");
}

/* The DIAG from problem state: back by SVC. */
static void from_problem_state(void)
{
    user_psw.w0 = 0x00090000u;   /* key 0, problem state, masked */
    flawed_pgm.count = 0;
    u32 at;
    __asm__ volatile("larl %%r1,9f\n\t"
                     "o %%r1,%[am]\n\t"
                     "st %%r1,%[resume]\n\t"
                     "larl %%r1,1f\n\t"
                     "st %%r1,%[at]\n\t"
                     "o %%r1,%[am]\n\t"
                     "st %%r1,%[uw1]\n\t"
                     "lhi %%r2,0\n\t"
                     "lr %%r3,%[area]\n\t"
                     "lpsw %[upsw]\n"
                     "1:\tdiag %%r2,%%r3," PSW_OPS_STR(PV_DIAG) "\n\t"
                     "svc 0\n"
                     "9:"
                     : [resume] "=Q"(flawed_svc_resume.w1), [uw1] "=Q"(user_psw.w1), [at] "=Q"(at)
                     : [am] "Q"(psw_ops_amode31), [area] "a"(area), [upsw] "Q"(user_psw)
                     : "r1", "r2", "r3", "cc", "memory");
    u32 code = flawed_pgm_at(at + 4);
    printf("REGISTER FROM PROBLEM STATE: %s %04X", code ? "PROGRAM INTERRUPTION CODE" : "NO INTERRUPTION, CODE", code);
}

int flawed_main(u32 r2, u32 r3)
{
    (void)r2, (void)r3;
    flawed_init();
    u32 size;
    __asm__ volatile("diag %0,0,0x60" : "=d"(size));   /* (under CP: its storage size) */
    pv_call("REGISTER, NOT ON A DOUBLEWORD", PV_REGISTER, (u32)area + 4);
    pv_call("REGISTER IN THE ARCHITECTED LOW CORE", PV_REGISTER, 0x100);
    pv_call("REGISTER PAST THE END OF ITS STORAGE", PV_REGISTER, size);
    pv_call("REGISTER AT 7FFFFFF8", PV_REGISTER, 0x7FFFFFF8u);
    pv_call("FUNCTION 7", 7, (u32)area);
    pv_call("DELIVER, NOTHING REGISTERED", PV_DELIVER, 0);
    pv_call("WITHDRAW, NOTHING REGISTERED", PV_WITHDRAW, 0);
    from_problem_state();
    memset(area, 0xEE, sizeof area);
    pv_call("REGISTER", PV_REGISTER, (u32)area);
    u32 psw0;
    memcpy(&psw0, area + PV_PSW0, 4);
    printf("THE AREA: MASK %02X, PENDING %02X, PSW0 %s STATE, MASK %02X; THE 8 BYTES PAST IT %s", area[PV_MASK],
           area[PV_PENDING], (psw0 & PSW0_PROB) ? "PROBLEM" : "SUPERVISOR", psw0 >> 24,
           area[8] == 0xEE && area[15] == 0xEE ? "UNTOUCHED" : "CHANGED");
    pv_call("DELIVER", PV_DELIVER, 0);
    pv_call("WITHDRAW", PV_WITHDRAW, 0);
    area[PV_MASK] = 0x55;
    pv_call("DELIVER, WITHDRAWN", PV_DELIVER, 0);
    printf("THE AREA AFTER WITHDRAW: MASK %02X (CP NO LONGER WRITES IT)", area[PV_MASK]);
    printf("PVGUARD: DONE");
    return 0;
}
