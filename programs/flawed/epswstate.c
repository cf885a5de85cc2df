/* epswstate: an operating system testing its own state with EPSW
 * (issue 14, section 2): supervisor or problem state, key, DAT, the
 * system mask, before and after it masks, turns DAT on, and goes into
 * problem state with LPSW.
 *
 * In supervisor state it uses psw_ops.h's epsw() (paravirtualized: CP's
 * copy of the PSW with the live mask, CC and program mask). In problem
 * state it runs what a user program would, natively: EPSW, STOSM X'00'
 * (stores the mask, changes nothing), SSM (changes nothing), EPSW again,
 * then SVC back; those lines begin "PROBLEM STATE:" (flawed.h). On the
 * sound machine EPSW is an operation exception and the problem-state
 * STOSM and SSM privileged-operation exceptions, bare and under CP alike.
 *
 * Under CP in trap mode on the flawed machine EPSW in the virtual
 * supervisor shows the real PSW: problem state, DAT on, the mask CP runs
 * it with; so the first line differs.
 */
#include "flawed.h"

#define STO_ALIGN 4096
static u32 segtab[16] __attribute__((aligned(STO_ALIGN)));
static u32 pagetab[256] __attribute__((aligned(1024)));
static u8 user_page[4096] __attribute__((aligned(4096)));   /* key 8: what the problem-state code stores */
static struct psw user_psw;

static void show(const char *when)
{
    u32 w[2];
    char buf[80];
    flawed_pgm.count = 0;
    epsw(w);
    struct psw_op op = psw_last;
    u32 code = flawed_pgm_at(op.at + 4);
    if (code)
        printf("EPSW AT %08X (%s): PROGRAM INTERRUPTION CODE %04X", op.at, when, code);
    else
        printf("EPSW AT %08X (%s): %08X %08X: %s%s", op.at, when, w[0], w[1], flawed_psw_words(buf, sizeof buf, w[0]),
               w[1] == (0x80000000u | (op.at + 4)) ? ", NEXT INSTRUCTION'S ADDRESS" : ", ANOTHER ADDRESS");
}

/* Identity DAT for 0-1M (one segment). */
static void dat_tables(void)
{
    for (int i = 0; i < 16; i++)
        segtab[i] = STE_INVALID;
    segtab[0] = (u32)pagetab | 0xF;
    for (u32 p = 0; p < 256; p++)
        pagetab[p] = p << 12;
    lctl(0, stctl(0) | CR0_TRANS_FORMAT_VALUE);
    lctl(1, (u32)segtab);
}

/* A word of the problem-state record: offsets in user_page. */
enum { U_EPSW1 = 0, U_STOSM = 8, U_EPSW2 = 16, U_SSM_MASK = 24, U_AT = 32 };

/* Into problem state (key 8, masked, DAT off) for a few native
 * instructions, back by SVC. Their addresses go to user_page + U_AT. */
static void problem_state(void)
{
    u32 *u = (u32 *)user_page;
    __asm__ volatile("sske %0,%1" : : "d"(0x80), "a"(user_page) : "memory");
    for (int i = 0; i < 8; i++)
        u[i] = 0xEEEEEEEEu;
    user_page[U_SSM_MASK] = 0x03;
    user_psw.w0 = 0x00890000u;   /* key 8, problem state, masked */
    flawed_pgm.count = 0;
    __asm__ volatile("larl %%r1,9f\n\t"
                     "o %%r1,%[am]\n\t"
                     "st %%r1,%[resume]\n\t"
                     "larl %%r1,1f\n\t"
                     "o %%r1,%[am]\n\t"
                     "st %%r1,%[uw1]\n\t"
                     "lr %%r5,%[page]\n\t"
                     "l %%r2,0(%%r5)\n\t"
                     "l %%r3,4(%%r5)\n\t"
                     "lpsw %[upsw]\n"
                     "1:\t.insn rre,0xb98d0000,%%r2,%%r3\n\t"   /* +0 EPSW */
                     "st %%r2,0(%%r5)\n\t"
                     "st %%r3,4(%%r5)\n"
                     "2:\tstosm 8(%%r5),0x00\n\t"              /* +12 */
                     "3:\tssm 24(%%r5)\n\t"                    /* +16 */
                     "4:\t.insn rre,0xb98d0000,%%r2,%%r3\n\t"   /* +20 */
                     "st %%r2,16(%%r5)\n\t"
                     "st %%r3,20(%%r5)\n\t"
                     "svc 0\n"
                     "9:"
                     : [resume] "=Q"(flawed_svc_resume.w1), [uw1] "=Q"(user_psw.w1)
                     : [am] "Q"(psw_ops_amode31), [page] "a"(user_page), [upsw] "Q"(user_psw)
                     : "r1", "r2", "r3", "r5", "cc", "memory");
    __asm__ volatile("sske %0,%1" : : "d"(0x00), "a"(user_page) : "memory");
    u32 at = user_psw.w1 & 0x7FFFFFFFu;
    char buf[80];
    u32 code;
    if ((code = flawed_pgm_at(at + 4)) != 0)
        printf("PROBLEM STATE: EPSW AT %08X: PROGRAM INTERRUPTION CODE %04X", at, code);
    else
        printf("PROBLEM STATE: EPSW AT %08X: %08X %08X: %s", at, u[0], u[1], flawed_psw_words(buf, sizeof buf, u[0]));
    if ((code = flawed_pgm_at(at + 16)) != 0)
        printf("PROBLEM STATE: STOSM X'00' AT %08X: PROGRAM INTERRUPTION CODE %04X", at + 12, code);
    else
        printf("PROBLEM STATE: STOSM X'00' AT %08X: STORED MASK %02X", at + 12, user_page[U_STOSM]);
    if ((code = flawed_pgm_at(at + 20)) != 0)
        printf("PROBLEM STATE: SSM AT %08X: PROGRAM INTERRUPTION CODE %04X", at + 16, code);
    else
        printf("PROBLEM STATE: SSM AT %08X: NO INTERRUPTION", at + 16);
    if ((code = flawed_pgm_at(at + 24)) != 0)
        printf("PROBLEM STATE: EPSW AT %08X (AFTER THE SSM): PROGRAM INTERRUPTION CODE %04X", at + 20, code);
    else
        printf("PROBLEM STATE: EPSW AT %08X (AFTER THE SSM): %08X %08X: %s", at + 20, u[4], u[5],
               flawed_psw_words(buf, sizeof buf, u[4]));
}

int flawed_main(u32 r2, u32 r3)
{
    (void)r2, (void)r3;
    flawed_init();
    show("SUPERVISOR STATE, AS LOADED");
    u32 at = flawed_lpsw(0x03, false);
    printf("LPSW AT %08X: OPEN FOR I/O AND EXTERNAL", at);
    show("OPEN");
    u8 m = irq_disable_save();
    printf("STNSM X'FC' AT %08X: STORED MASK %02X", psw_last.at, m);
    show("MASKED BY THE STNSM");
    dat_tables();
    at = flawed_lpsw(0x00, true);
    printf("LPSW AT %08X: DAT ON", at);
    show("DAT ON");
    at = flawed_lpsw(0x00, false);
    printf("LPSW AT %08X: DAT OFF", at);
    problem_state();
    show("SUPERVISOR STATE AGAIN, AFTER SVC");
    printf("EPSWSTATE: DONE");
    return 0;
}
