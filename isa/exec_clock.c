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
    struct span s;
    EXACT_TIME();
    SIE_INTERCEPT();   /* interpreted (the guest's epoch), unless its control says not */
    RANGE(EA_2(c, in), 8, ACC_STORE, s);   /* first: reading the clock changes it (cpu_tod) */
    span_put(&s, cpu_tod(c), 8);
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
    FETCH(64, ea, v);
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
    FETCH(64, ea, v);
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
    STORE(64, ea, c->m->clk.ckc);
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
    FETCH(64, ea, v);
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
    STORE(64, ea, (u64)clock_cpu_timer(c->m));
    DONE();
}
END_INSN
