/* fuzzref: the referee of tests/fuzz/cpfuzz.sh, a class-A user of CP.
 *
 * Why it exists: random code may end in a disabled loop, which is its
 * right on the bare machine and under CP alike, so a fuzzed virtual
 * machine (programs/kernels/fuzzcp.c) need never stop by itself, and CP,
 * rightly, runs it for ever. The referee ends the round the way an
 * operator would: after a deadline in virtual time it FORCEs every
 * fuzzed user off with DIAGNOSE X'08', types what CP answered, and ends
 * in the pass wait. Then everyone is done or waiting, the machine idles,
 * and the test's script asks CP, alive, for QUERY NAMES.
 *
 * IPL parameter "REFEREE DDDDNNNN": R2 the deadline in milliseconds of
 * the TOD clock, R3 how many users FUZZ01, FUZZ02... to force (four
 * EBCDIC hex digits each).
 */
#include "creasy.h"

#define TOD_MS (4096ull * 1000)

__asm__(".text\n"
        "rf_woken:\n"                /* the external new PSW: on after the wait */
        "    larl  %r1,rf_after\n"
        "    lpsw  0(%r1)\n");
extern char rf_woken[];
struct psw rf_after;

static u32 hexword(u32 w)
{
    u32 v = 0;
    for (int i = 0; i < 4; i++) {
        u32 c = w >> (24 - 8 * i) & 0xFF;
        v = v << 4 | (c >= 0xC1 && c <= 0xC6 ? c - 0xC1 + 10 : (c - 0xF0) & 0xF);
    }
    return v;
}

static u32 diag08(const char *cmd)
{
    u32 rx = (u32)cmd, ry = strlen(cmd);
    __asm__ volatile("diag %0,%1,0x08" : "+d"(rx), "+d"(ry) : : "cc", "memory");
    return ry;
}

/* An enabled wait until the clock comparator says the deadline is past. */
static void sleep_until(u64 when)
{
    static struct psw ext_new, wait;
    ext_new.w0 = 0x00080000u;
    ext_new.w1 = 0x80000000u | (u32)rf_woken;
    memcpy((void *)LC_EXT_NEW_PSW, &ext_new, 8);
    __asm__ volatile("sckc %0" : : "Q"(when));
    lctl(0, stctl(0) | CR0_CKC_MASK);
    wait.w0 = 0x010A0000u;   /* external enabled, wait */
    wait.w1 = 0x80000000u;
    __asm__ volatile("larl %%r1,1f\n\t"
                     "o    %%r1,%[am]\n\t"
                     "st   %%r1,%[resume]\n\t"
                     "lpsw %[wait]\n"
                     "1:"
                     : [resume] "=Q"(rf_after.w1)
                     : [wait] "Q"(wait), [am] "Q"(wait.w1)
                     : "r1", "memory");
}

int main(u32 r2, u32 r3)
{
    u32 ms = hexword(r2), users = hexword(r3);
    char cmd[32];
    rf_after.w0 = 0x00080000u;
    printf("REFEREE: %u USERS, DEADLINE %u MS", users, ms);
    sleep_until(stck() + ms * TOD_MS);
    for (u32 i = 1; i <= users; i++) {
        snprintf(cmd, sizeof cmd, "FORCE FUZZ%02u", i);
        printf("REFEREE: %s: %u", cmd, diag08(cmd));
    }
    return 0;
}
