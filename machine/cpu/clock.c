/* clock.c: virtual time, the TOD clock, CPU timer, clock comparator, and
 * the event schedule that devices use.
 *
 * Design note. Time is deterministic by default: virtual time `vtime`
 * (in TOD units, bit 51 = 1 microsecond) advances by tod_per_insn per
 * instruction executed, and jumps ahead to the next event when the CPU
 * waits. So the same program and input give the same clock values,
 * interruptions and traces on every run. With `wall` set, vtime follows
 * the host's monotonic clock instead and waits sleep.
 *
 * The run loop asks clock_insns_to_next_event() how far it may run
 * without looking, so nothing here is polled per instruction. The inner
 * loop keeps the instruction count in a register, so vtime is exact only
 * in the outer loop; instructions that read or set clocks make themselves
 * run there (EXACT_TIME in exec.h).
 *
 * Devices schedule completions with sched_after(); the run loop fires due
 * events with sched_run_due() before it looks for interruptions.
 */
#include <errno.h>
#include <time.h>

#include "machine.h"
#include "sched.h"

/* 2025-01-01 00:00:00 UTC as a TOD value: seconds since 1900 x 4096e6 */
#define TOD_2025 ((u64)3944678400ull * 1000000ull << 12)

static u64 host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
}

void clock_init(struct machine *m, bool wall)
{
    struct clocks *k = &m->clk;
    k->wall = wall;
    k->tod_per_insn = 64;   /* 64 instructions per microsecond */
    k->vtime = 0;
    k->vtime_icount = m->cpu.icount;
    if (wall) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        u64 us = ((u64)ts.tv_sec + 2208988800ull) * 1000000ull + (u64)ts.tv_nsec / 1000;
        k->tod_base = us << 12;
        k->wall_base_ns = host_ns();
    } else {
        k->tod_base = TOD_2025;
    }
    k->ckc = 0;
    k->cpu_timer = 0;
    k->cpt_vtime = 0;
}

/* Virtual time now. Exact in the outer loop (see the design note). */
u64 clock_vtime(struct machine *m)
{
    struct clocks *k = &m->clk;
    if (k->wall)
        return ((host_ns() - k->wall_base_ns) << 12) / 1000;
    return k->vtime + (m->cpu.icount - k->vtime_icount) * k->tod_per_insn;
}

static void clock_sync(struct machine *m)
{
    m->clk.vtime = clock_vtime(m);
    m->clk.vtime_icount = m->cpu.icount;
}

/* Taking an interruption, or an exception in fetching an instruction, is
 * work though no instruction completes: time goes on by one instruction's
 * worth, so no loop of them can stop the clocks (and the timers that end
 * a guest's slice). */
void clock_step(struct machine *m)
{
    m->cpu.steps++;
    if (!m->clk.wall) {
        clock_sync(m);
        m->clk.vtime += m->clk.tod_per_insn;
    }
}

/* The TOD clock the CPU sees: under SIE the guest's, with its epoch. */
u64 clock_tod(struct machine *m) { return m->clk.tod_base + clock_vtime(m) + m->clk.epoch; }

void clock_set_tod(struct machine *m, u64 tod)
{
    m->clk.tod_base = tod - clock_vtime(m) - m->clk.epoch;
    m->cpu.last_tod = 0;   /* STCK's uniqueness is relative to the new setting */
}

s64 clock_cpu_timer(struct machine *m)
{
    return m->clk.cpu_timer - (s64)(clock_vtime(m) - m->clk.cpt_vtime);
}

void clock_set_cpu_timer(struct machine *m, s64 v)
{
    m->clk.cpu_timer = v;
    m->clk.cpt_vtime = clock_vtime(m);
}

/* An enabled clock interruption condition, in presentation order:
 * clock comparator, then CPU timer. */
bool clock_ext_pending(struct machine *m, u16 *code)
{
    u32 cr0 = m->cpu.cr[0];
    if ((cr0 & CR0_CKC_MASK) && clock_tod(m) > m->clk.ckc) {
        *code = EXT_CLOCK_COMPARATOR;
        return true;
    }
    if ((cr0 & CR0_CPT_MASK) && clock_cpu_timer(m) < 0) {
        *code = EXT_CPU_TIMER;
        return true;
    }
    return false;
}

/* TOD units from now until the next thing that can interrupt or must
 * happen: a scheduled event, or a clock condition that is enabled now and
 * not yet pending. ~0 if nothing. */
static u64 tod_to_next_event(struct machine *m)
{
    u64 now = clock_vtime(m), best = ~0ull;
    if (m->sched)
        best = m->sched->due > now ? m->sched->due - now : 0;
    if (m->cpu.psw_sys & PSW0_EXT) {
        u32 cr0 = m->cpu.cr[0];
        u64 tod = m->clk.tod_base + now + m->clk.epoch;
        /* the TOD clock never passes an all-ones comparator */
        if ((cr0 & CR0_CKC_MASK) && tod <= m->clk.ckc && m->clk.ckc != ~0ull && m->clk.ckc - tod + 1 < best)
            best = m->clk.ckc - tod + 1;
        s64 t = clock_cpu_timer(m);
        if ((cr0 & CR0_CPT_MASK) && t >= 0 && (u64)t + 1 < best)
            best = (u64)t + 1;
    }
    if (m->cpu.sie.active) {   /* the host's clocks run on under a guest */
        u64 h = sie_host_tod_to_event(m);
        if (h < best)
            best = h;
    }
    return best;
}

u64 clock_insns_to_next_event(struct machine *m)
{
    if (m->clk.wall)
        return 20000;   /* look at the host clock every so often */
    u64 t = tod_to_next_event(m);
    if (t == ~0ull)
        return ~0ull;
    return (t + m->clk.tod_per_insn - 1) / m->clk.tod_per_insn;
}

/* The CPU waits: move time on to the next event. False if nothing could
 * ever end the wait (only the operator or host input can). */
bool clock_advance_to_event(struct machine *m)
{
    u64 t = tod_to_next_event(m);
    if (t == ~0ull)
        return false;
    if (m->clk.wall) {
        u64 ns = t * 1000 / 4096;
        if (ns > 10000000)
            ns = 10000000;   /* wake now and then for the operator */
        struct timespec ts = {0, (long)ns};
        while (nanosleep(&ts, &ts) < 0 && errno == EINTR && !m->halt_request)
            ;
        return true;
    }
    clock_sync(m);
    m->clk.vtime += t;
    m->count.wait_tod += t;
    return true;
}

/* ---- the event schedule --------------------------------------------------- */

void sched_after(struct machine *m, struct event *e, u64 tod_units)
{
    sched_cancel(m, e);
    e->due = clock_vtime(m) + tod_units;
    struct event **p = &m->sched;
    while (*p && (*p)->due <= e->due)
        p = &(*p)->next;
    e->next = *p;
    *p = e;
    e->queued = true;
}

void sched_cancel(struct machine *m, struct event *e)
{
    if (!e->queued)
        return;
    for (struct event **p = &m->sched; *p; p = &(*p)->next)
        if (*p == e) {
            *p = e->next;
            break;
        }
    e->queued = false;
}

void sched_run_due(struct machine *m)
{
    if (!m->sched)
        return;
    u64 now = clock_vtime(m);
    while (m->sched && m->sched->due <= now) {
        struct event *e = m->sched;
        m->sched = e->next;
        e->queued = false;
        e->fire(m, e);
    }
}
