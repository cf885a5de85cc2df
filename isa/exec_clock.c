/* exec_clock.c: the TOD clock, clock comparator and CPU timer.
 *
 * These read or set time, so they run with the exact instruction count
 * (EXACT_TIME). Setting a comparator or timer leaves the inner loop, which
 * then recomputes how far it may run before the next interruption.
 */
#include "exec.h"

/* B205 STCK - Store Clock [S] */
DEF_INSN(stck)
{
    EXACT_TIME();
    SIE_INTERCEPT();   /* interpreted (the guest's epoch), unless its control says not */
    if (!store64(c, EA_2(c, in), cpu_tod(c)))
        ACCESS_FAILED();
    c->cc = 0;
    DONE();
}
END_INSN

/* B204 SCK - Set Clock [S] */
DEF_INSN(sck)
{
    u32 ea = EA_2(c, in);
    u64 v;
    EXACT_TIME();
    PRIVILEGED();
    if (ea & 7)
        PGM(PGM_SPECIFICATION);
    if (!fetch64(c, ea, &v))
        ACCESS_FAILED();
    clock_set_tod(c->m, v);
    c->cc = 0;
    EXIT(cpu_exit_after(c, in));
}
END_INSN

/* B206 SCKC - Set Clock Comparator [S] */
DEF_INSN(sckc)
{
    u32 ea = EA_2(c, in);
    u64 v;
    EXACT_TIME();
    PRIVILEGED();
    if (ea & 7)
        PGM(PGM_SPECIFICATION);
    if (!fetch64(c, ea, &v))
        ACCESS_FAILED();
    c->m->clk.ckc = v;
    EXIT(cpu_exit_after(c, in));
}
END_INSN

/* B207 STCKC - Store Clock Comparator [S] */
DEF_INSN(stckc)
{
    u32 ea = EA_2(c, in);
    PRIVILEGED();
    if (ea & 7)
        PGM(PGM_SPECIFICATION);
    if (!store64(c, ea, c->m->clk.ckc))
        ACCESS_FAILED();
    DONE();
}
END_INSN

/* B208 SPT - Set CPU Timer [S] */
DEF_INSN(spt)
{
    u32 ea = EA_2(c, in);
    u64 v;
    EXACT_TIME();
    PRIVILEGED();
    if (ea & 7)
        PGM(PGM_SPECIFICATION);
    if (!fetch64(c, ea, &v))
        ACCESS_FAILED();
    clock_set_cpu_timer(c->m, (s64)v);
    EXIT(cpu_exit_after(c, in));
}
END_INSN

/* B209 STPT - Store CPU Timer [S] */
DEF_INSN(stpt)
{
    u32 ea = EA_2(c, in);
    EXACT_TIME();
    PRIVILEGED();
    if (ea & 7)
        PGM(PGM_SPECIFICATION);
    if (!store64(c, ea, (u64)clock_cpu_timer(c->m)))
        ACCESS_FAILED();
    DONE();
}
END_INSN
