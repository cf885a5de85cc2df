/* diagcode: DIAGNOSE with codes no CP function has, for equivalence.
 *
 * The bare machine has no DIAGNOSE functions: every DIAG is a
 * specification exception. CP's functions are X'08', X'18' and X'60', the
 * code being the whole second-operand address; any other code is a
 * specification exception there too, as on the bare machine. So a code
 * whose low 16 bits name a function but whose high bits are not zero
 * (X'10060', X'10008', X'10018', X'7FFF0060') must give the specification
 * exception, old PSW past the DIAG, registers unchanged. For each this
 * prints the interruption and whether Rx or Ry changed.
 */
#include "creasy.h"
#include "probe.h"

/* DIAG R2,R3,0(R4) with R2 = 0x0FFF (no such device), R3 = 0 (length 0);
 * then the condition code, R2 and R3 */
static void diag(const char *what, u32 code)
{
    char buf[80];
    static u32 regs[3];
    u32 ia = PROBE("lhi %%r2,0x0FFF\n\tlhi %%r3,0", ".insn rs,0x83000000,%%r2,%%r3,0(%%r4)\n\tipm %%r1\n\tstm %%r1,%%r3,0(%%r5)", code,
                   (u32)regs);
    if (probe_code)   /* the handler put them back as they were at the DIAG */
        memcpy(regs + 1, (const void *)(0x300 + 2 * 4), 8);
    char cc[8] = "";
    if (!probe_code)
        snprintf(cc, sizeof cc, " CC %u", (regs[0] >> 28) & 3);
    printf("DIAG %s: %s%s, RX %s, RY %s", what, probe_result(buf, sizeof buf, ia), cc,
           regs[1] == 0x0FFF ? "UNCHANGED" : "CHANGED", regs[2] == 0 ? "UNCHANGED" : "CHANGED");
}

int main(void)
{
    probe_init();
    diag("X'10060'", 0x10060u);
    diag("X'10008'", 0x10008u);
    diag("X'10018'", 0x10018u);
    diag("X'7FFF0060'", 0x7FFF0060u);
    diag("X'1'", 0x1u);
    return 0;
}
