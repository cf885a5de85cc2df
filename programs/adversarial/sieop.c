/* sieop: an adversary that issues SIE itself.
 *
 * Attack: SIE (B214, S format: the operand is the state description's
 * real address, on a 256-byte boundary) is the instruction CP runs its
 * sie-mode guests with; here a guest issues it, in problem state and in
 * supervisor state, with state descriptions CP must not trust: beyond
 * its storage (just past it, at X'00F00000', at X'7FFFF000'), off a
 * 256-byte boundary, over its own low core, and in its storage but with
 * a guest origin and extent beyond its storage, beyond 2G, needing the
 * host's DAT (off), or holding the state description itself.
 *
 * Containment: in problem state, the privileged-operation exception
 * (X'0002', ILC 2, the old PSW past it). In supervisor state CP may give
 * the operation exception (no SIE for guests) or interpret it (virtual
 * SIE), so what is checked holds for both: CP never abends (the harness
 * sees to that), and the guest gets only a program interruption
 * (operation X'0001', privileged X'0002', addressing X'0005',
 * specification X'0006') or SIE completes with an interception code in
 * its own state description; nothing else in its storage changes (a
 * pattern over its upper half and its low core's upper part).
 */
#include "adv.h"

#define AMODE 0x80000000u
#define FILL 0x80000u   /* the pattern: FILL up to its 1M */
#define TOP 0x100000u
#define SDS 0x90000u    /* the state descriptions in its storage */

__asm__(".text\n"
        "so_sie:\n"
        "    .insn s,0xb2140000,0(%r2)\n"
        "    br    %r14\n"
        "so_prob:\n"
        "    .insn s,0xb2140000,0(%r2)\n"
        "so_prob_end:\n"
        "    br    %r14\n");
void so_sie(u32 sd);
extern char so_prob[], so_prob_end[];

static struct psw problem_psw;

static void sie_in_problem_state(u32 sd)
{
    problem_psw.w0 = 0x00090000u;   /* problem state, disabled, key 0 */
    problem_psw.w1 = AMODE | (u32)so_prob;
    __asm__ volatile("lr 2,%0\n\tlpsw %1" : : "d"(sd), "Q"(problem_psw) : "2", "memory");
}

static u32 pattern(u32 a) { return a * 2654435761u ^ 0x51E0051Eu; }

/* the pattern, but for the state description at sd */
static void fill(u32 sd)
{
    for (u32 a = 0x200; a < TOP; a += 4) {
        if (a == 0x1000)
            a = FILL;
        if (a - sd >= SIE_SD_LENGTH)
            *(u32 *)a = pattern(a);
    }
}

/* The first word that changed outside the state description at sd, or 0 */
static u32 changed(u32 sd)
{
    for (u32 a = 0x200; a < TOP; a += 4) {
        if (a == 0x1000)
            a = FILL;
        if (a - sd < SIE_SD_LENGTH)
            continue;
        if (*(u32 *)a != pattern(a))
            return a;
    }
    return 0;
}

static void put(u32 sd, u32 off, u32 v) { *(u32 *)(sd + off) = v; }

/* A state description at sd in its storage: M, MSO, MSE; a disabled
 * wait for a guest PSW, so that a guest, were it run, would stop at once */
static u32 sd_in(u32 n, u32 m, u32 mso, u32 mse)
{
    u32 sd = SDS + n * SIE_SD_LENGTH;
    memset((void *)sd, 0, SIE_SD_LENGTH);
    put(sd, SD_V, m);
    put(sd, SD_MSO, mso);
    put(sd, SD_MSE, mse);
    put(sd, SD_PSW, 0x000A0000u);
    put(sd, SD_PSW + 4, AMODE);
    put(sd, SD_CR, CR0_TRANS_FORMAT_VALUE);
    return sd;
}

static bool icode_ok(u32 sd)
{
    if (sd >= TOP)
        return false;   /* there is no state description to store it in */
    u8 c = *(volatile u8 *)(sd + SD_ICODE);
    return c == 0x04 || c == 0x08 || c == 0x10 || c == 0x18 || c == 0x1C || c == 0x20 || c == 0x28;
}

static void try_sd(u32 sd, const char *where)
{
    char what[120];
    fill(sd);
    if (sd < TOP && sd % SIE_SD_LENGTH == 0 && sd >= FILL)
        *(volatile u8 *)(sd + SD_ICODE) = 0;
    int code = adv_probe(so_sie, sd);
    bool ok = code == PGM_OPERATION || code == PGM_PRIVILEGED_OPERATION || code == PGM_ADDRESSING ||
              code == PGM_SPECIFICATION || (code == 0 && icode_ok(sd));
    snprintf(what, sizeof what, "SIE, STATE DESCRIPTION %s: A PROGRAM CHECK OR AN INTERCEPTION", where);
    check_x(ok, what, (u32)code);
    u32 at = changed(sd);
    check_x(!at, "  NOTHING ELSE IN ITS STORAGE CHANGED", at);
}

int main(void)
{
    adv_begin("SIEOP");
    adv_catch_program_checks();
    check(diag60() == TOP, "ITS STORAGE IS 1M");

    static const u32 prob[] = {SDS, 0x00F00000u, 0x00090010u};
    for (u32 i = 0; i < 3; i++) {
        char what[100];
        int code = adv_probe(sie_in_problem_state, prob[i]);
        snprintf(what, sizeof what, "SIE %08X IN PROBLEM STATE: PRIVILEGED OPERATION, ILC 2, PAST IT", prob[i]);
        check_x(code == PGM_PRIVILEGED_OPERATION && pgm_ilc() == 4 && pgm_old_ia() == (u32)so_prob_end &&
                    (LOWCORE(u32, LC_PGM_OLD_PSW) & PSW0_PROB),
                what, (u32)code);
    }

    try_sd(TOP, "JUST BEYOND ITS STORAGE");
    try_sd(0x00F00000u, "AT 00F00000, BEYOND ITS STORAGE");
    try_sd(0x7FFFF000u, "AT 7FFFF000");
    fill(~0u);
    try_sd(TOP - SIE_SD_LENGTH, "OF PATTERN, ITS LAST 256 BYTES");
    try_sd(SDS + 0x810, "OFF A 256-BYTE BOUNDARY");
    try_sd(SDS + 0x8FF, "AT AN ODD ADDRESS");
    try_sd(0, "OVER ITS LOW CORE");

    sd_in(0, 0x28, TOP, TOP);
    try_sd(SDS, "IN STORAGE, V=R GUEST JUST BEYOND IT");
    sd_in(1, 0x28, 0, 0x80000000u);
    try_sd(SDS + 0x100, "IN STORAGE, V=R GUEST OF 2G");
    sd_in(2, 0x28, 0x7FFFF000u, 0x2000);
    try_sd(SDS + 0x200, "IN STORAGE, V=R GUEST PAST 2G");
    sd_in(3, 0x20, 0x00F00000u, TOP);
    try_sd(SDS + 0x300, "IN STORAGE, PAGEABLE GUEST, NO HOST DAT");
    sd_in(4, 0x28, FILL, FILL);
    try_sd(SDS + 0x400, "IN STORAGE, INSIDE ITS OWN GUEST'S STORAGE");
    sd_in(5, 0x28, 0xFFFFF000u, 0x1000);
    try_sd(SDS + 0x500, "IN STORAGE, GUEST ORIGIN FFFFF000");
    return adv_end();
}
