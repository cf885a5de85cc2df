/* cpu.c: the run loop, the PSW, and interruptions.
 *
 * Design note. cpu_run() is two loops. The outer loop is exact and slow:
 * it presents pending interruptions, handles the wait state (jumping
 * virtual time to the next event), re-runs the few instructions that need
 * the exact instruction count (EXACT_TIME), and computes how many
 * instructions may run before the next clock or device event. The inner
 * loop is just `in = in->fn(c, in)` with its count in a register. It ends
 * when the budget is used up or a handler returns the exit slot, which
 * every PSW-changing event does (interruption, LPSW, SSM, SIE...). The
 * problem/supervisor split of the instruction counters therefore needs no
 * per-instruction work: the state cannot change inside one inner run.
 *
 * When breakpoints, tracing or opcode profiling are on, the checked inner
 * loop runs instead: one instruction at a time, with exact counts.
 *
 * Program interruptions leave by one exit, cpu_pgm(): it decides where the
 * old PSW points (nullification or not), stores ILC, code and TEA, swaps
 * the PSW and returns the exit slot. Every interruption of every class is
 * then taken in one place, take_interruption(): trace, PSW swap, event
 * breakpoint.
 */
#include <string.h>

#include "access.h"
#include "channel.h"
#include "machine.h"
#include "trace.h"

/* ---- the PSW ------------------------------------------------------------- */

u64 cpu_psw(const struct cpu *c)
{
    u32 w0 = c->psw_sys | (u32)c->cc << PSW0_CC_SHIFT | (u32)c->pm << PSW0_PM_SHIFT;
    return (u64)w0 << 32 | PSW1_AMODE | (c->ia & ADDR_MASK);
}

static bool psw_valid(u64 psw)
{
    u32 w0 = (u32)(psw >> 32), w1 = (u32)psw;
    return !(w0 & PSW0_MUST_BE_ZERO) && (w0 & PSW0_MUST_BE_ONE) == PSW0_MUST_BE_ONE &&
           !(w1 & PSW1_MUST_BE_ZERO) && (w1 & PSW1_MUST_BE_ONE) == PSW1_MUST_BE_ONE;
}

/* Make `psw` current. An invalid PSW is still loaded as far as it can be
 * represented; the caller then takes the early specification exception
 * with the raw PSW as the old PSW. */
int cpu_load_psw(struct cpu *c, u64 psw)
{
    u32 w0 = (u32)(psw >> 32);
    u32 old_ctx = c->psw_sys & (PSW0_T | PSW0_KEY);
    c->psw_sys = w0 & ~(PSW0_CC | PSW0_PM) & ~PSW0_MUST_BE_ZERO;
    c->cc = (w0 & PSW0_CC) >> PSW0_CC_SHIFT;
    c->pm = (w0 & PSW0_PM) >> PSW0_PM_SHIFT;
    c->key = (w0 & PSW0_KEY) >> PSW0_KEY_SHIFT;
    c->problem = (w0 & PSW0_PROB) != 0;
    c->ia = (u32)psw & ADDR_MASK;
    if ((c->psw_sys & (PSW0_T | PSW0_KEY)) != old_ctx)
        cpu_context_changed(c);
    return psw_valid(psw) ? 0 : PGM_SPECIFICATION;
}


/* The TLB holds translations checked against the PSW key and DAT mode,
 * and CR0/CR1: purge it when they change. */
void cpu_context_changed(struct cpu *c)
{
    c->tlb_ctx = (u32)c->key << 4 | ((c->psw_sys & PSW0_T) ? 2 : 0) | (c->sie.active ? (u32)c->sie.tag << 8 : 0);
}

/* The TOD clock as STCK stores it: never the same value twice. */
u64 cpu_tod(struct cpu *c)
{
    u64 t = clock_tod(c->m);
    if (t <= c->last_tod)
        t = c->last_tod + 1;
    c->last_tod = t;
    return t;
}

/* STIDP's version code: X'FF' is how CP tells a guest it is virtual,
 * and a guest under SIE is. */
u8 cpu_version_code(const struct cpu *c)
{
    return c->sie.active ? 0xFF : ARCH_VERSION;
}

/* ---- interruptions ---------------------------------------------------------- */

static const struct { u16 old, new; } irq_psw[IRQ_CLASSES] = {
    [IRQ_RESTART] = {LC_RESTART_OLD_PSW, LC_RESTART_NEW_PSW},
    [IRQ_EXT] = {LC_EXT_OLD_PSW, LC_EXT_NEW_PSW},
    [IRQ_SVC] = {LC_SVC_OLD_PSW, LC_SVC_NEW_PSW},
    [IRQ_PGM] = {LC_PGM_OLD_PSW, LC_PGM_NEW_PSW},
    [IRQ_MCK] = {LC_MCK_OLD_PSW, LC_MCK_NEW_PSW},
    [IRQ_IO] = {LC_IO_OLD_PSW, LC_IO_NEW_PSW},
};

/* Low core: absolute 0, or under SIE the guest's page 0. */
static u32 lc_base(const struct cpu *c) { return c->sie.active ? c->sie.lowcore : 0; }
static void lc_put16(struct cpu *c, u32 a, u16 v) { put16(c->m->mem + lc_base(c) + a, v); }
static void lc_put32(struct cpu *c, u32 a, u32 v) { put32(c->m->mem + lc_base(c) + a, v); }
static void lc_changed(struct cpu *c, u32 a, u32 len) { stor_set_change(c->m, lc_base(c) + a, len); }

static bool ext_pending(struct machine *m, u16 *code);

/* Store `old` as the old PSW of class `cls` and load its new PSW. An
 * invalid new PSW is an early specification exception (ILC 0), whose old
 * PSW is that new PSW; if the program new PSW itself is invalid the CPU
 * would loop forever, so it enters the check-stop state instead (a guest
 * under SIE does not: its host is told, sie_guest_checkstop). */
static int deliver(struct cpu *c, enum irq_class cls, u64 old)
{
    struct machine *m = c->m;
    if ((old & ((u64)PSW0_PROB << 32)) && !c->sie.active) {   /* leaving problem state: why (a VMM's entry) */
        int cause = cls == IRQ_SVC ? CAUSE_SVC : cls == IRQ_EXT ? CAUSE_EXT : cls == IRQ_IO ? CAUSE_IO
                  : cls == IRQ_PGM ? (c->priv_trap >= 0 ? c->priv_trap : CAUSE_PGM) : CAUSE_OTHER;
        m->count.entry[cause]++;
        c->trap_cause = cause;
    }
    c->priv_trap = -1;
    put64(m->mem + lc_base(c) + irq_psw[cls].old, old);
    lc_changed(c, irq_psw[cls].old, 8);
    u64 new = be64(m->mem + lc_base(c) + irq_psw[cls].new);
    m->count.irq[cls]++;
    if (cpu_load_psw(c, new) == 0)
        return 0;
    if (cls == IRQ_PGM && c->sie.active) {
        sie_guest_checkstop(c, old);
        return -1;
    }
    if (cls == IRQ_PGM) {
        c->stop = STOP_CHECKSTOP;
        c->psw_sys |= PSW0_WAIT;   /* stopped: nothing runs until a reset or restart */
        c->psw_sys &= ~(PSW0_IO | PSW0_EXT);
        return -1;
    }
    lc_put32(c, LC_PGM_INT_ID, PGM_SPECIFICATION);   /* ILC 0 */
    m->count.pgm[PGM_SPECIFICATION]++;
    return deliver(c, IRQ_PGM, new);
}

/* The event breakpoint each interruption class stops at (restart and
 * machine check have none). */
static const int irq_brk[IRQ_CLASSES] = {
    [IRQ_RESTART] = -1, [IRQ_EXT] = BRK_EXT, [IRQ_SVC] = BRK_SVC,
    [IRQ_PGM] = BRK_PGM, [IRQ_MCK] = -1,     [IRQ_IO] = BRK_IO,
};

/* Take an interruption whose interruption code the caller has stored:
 * trace it, swap the PSWs, and stop at a breakpoint on its class and
 * code (unless something else already stopped the CPU). Every
 * interruption the CPU takes comes through here. */
static void take_interruption(struct cpu *c, enum irq_class cls, u32 code, u64 old)
{
    trace_interrupt(c->m, cls, code, old);
    deliver(c, cls, old);
    if (irq_brk[cls] >= 0 && cpu_break_event(c, (enum brk_kind)irq_brk[cls], code) && c->stop == STOP_NONE)
        c->stop = STOP_BREAK;
}

/* Take a program interruption with the old PSW at `ia` and the given ILC. */
static void program_interrupt(struct cpu *c, int code, u32 ia, int ilc)
{
    struct machine *m = c->m;
    c->ia = ia & ADDR_MASK;
    if (c->sie.active && sie_program_intercept(c, &code, &ilc))
        return;   /* the host sees it in the state description */
    lc_put32(c, LC_PGM_INT_ID, (u32)ilc << 16 | (u32)code);   /* zero, ILC, code */
    if (code == PGM_SEGMENT_TRANSLATION || code == PGM_PAGE_TRANSLATION)
        lc_put32(c, LC_TEA, c->tea & 0x7FFFF000u);
    lc_changed(c, LC_PGM_INT_ID, 8);
    m->count.pgm[code & 63]++;
    take_interruption(c, IRQ_PGM, (u32)code, cpu_psw(c));
}

/* Translation exceptions nullify; so does the host's exception met while
 * interpreting a guest: the guest's instruction runs again after it. */
static bool nullifies(int code)
{
    return PGM_CODE_IN(PGM_NULLIFY_CODES, code) || (code & PGM_HOST_FAULT);
}

const struct insn *cpu_pgm(struct cpu *c, const struct insn *in, int code)
{
    if (cpu_in_ex_slot(c, in))   /* exceptions in the target are EXECUTE's */
        in = c->ex_in;
    u32 ia = cpu_insn_ia(c, in);
    program_interrupt(c, code, nullifies(code) ? ia : ia + in->ilen, in->ilen);
    return &c->exit_slot;
}

/* An exception found fetching the instruction at `ia`: ILC 1, and the old
 * PSW past it unless the exception nullifies. (The architecture leaves the
 * ILC of instruction-fetch exceptions at 1, 2 or 3: this machine says 1.) */
const struct insn *cpu_fetch_exception(struct cpu *c, u32 ia, int code)
{
    program_interrupt(c, code, nullifies(code) ? ia : ia + 2, 2);
    return &c->exit_slot;
}

/* A PSW just loaded (by LPSW) is invalid: an early specification
 * exception, ILC 0, with that PSW as the old PSW. */
const struct insn *cpu_invalid_psw(struct cpu *c, u64 psw)
{
    struct machine *m = c->m;
    lc_put32(c, LC_PGM_INT_ID, PGM_SPECIFICATION);   /* ILC 0 */
    lc_changed(c, LC_PGM_INT_ID, 4);
    m->count.pgm[PGM_SPECIFICATION]++;
    take_interruption(c, IRQ_PGM, PGM_SPECIFICATION, psw);
    return &c->exit_slot;
}

const struct insn *cpu_privileged(struct cpu *c, const struct insn *in)
{
    c->priv_trap = in->id;
    if (cpu_break_event(c, BRK_PRIV, in->id))
        c->stop = STOP_BREAK;
    return cpu_pgm(c, in, PGM_PRIVILEGED_OPERATION);
}

bool cpu_watch_priv(struct cpu *c, const struct insn *in)
{
    if (!cpu_break_event(c, BRK_PRIV, in->id))
        return false;
    u32 ia = cpu_insn_ia(c, in);
    if (c->m->brk_skip_set && c->m->brk_skip == ia) {
        c->m->brk_skip_set = false;
        return false;
    }
    c->ia = ia;   /* stop before the instruction runs; "continue" runs it */
    c->m->brk_skip = ia;
    c->m->brk_skip_set = true;
    c->stop = STOP_BREAK;
    return true;
}

/* SVC: the interruption is the instruction's whole effect. */
const struct insn *cpu_svc(struct cpu *c, const struct insn *in, u8 number)
{
    struct machine *m = c->m;
    const struct insn *x = cpu_in_ex_slot(c, in) ? c->ex_in : in;
    if (c->sie.active) {
        const struct insn *y = sie_svc(c, in, number);
        if (y)
            return y;
    }
    c->ia = (cpu_insn_ia(c, x) + x->ilen) & ADDR_MASK;
    lc_put32(c, LC_SVC_INT_ID, (u32)x->ilen << 16 | number);
    lc_changed(c, LC_SVC_INT_ID, 4);
    m->count.svc[number]++;
    take_interruption(c, IRQ_SVC, number, cpu_psw(c));
    return &c->exit_slot;
}

/* Leave the inner loop to go on after `in`: after the EXECUTE if `in` is
 * its target. (Computed from the instruction, not from a slot, so it is
 * right for copies too: a stepped instruction, an EXECUTE target.) */
const struct insn *cpu_exit_after(struct cpu *c, const struct insn *in)
{
    if (cpu_in_ex_slot(c, in))
        in = c->ex_in;
    c->ia = (cpu_insn_ia(c, in) + in->ilen) & ADDR_MASK;
    return &c->exit_slot;
}

/* A branch that leaves the decoded page, or whose target is odd. */
const struct insn *cpu_branch(struct cpu *c, u32 target)
{
    return icache_enter(c, target & ADDR_MASK);
}

bool cpu_break_event(struct cpu *c, enum brk_kind kind, u32 value)
{
    struct machine *m = c->m;
    for (int i = 0; i < MAX_BREAKS; i++)
        if (m->brk[i].used && m->brk[i].kind == kind && (m->brk[i].value == ~0u || m->brk[i].value == value) &&
            (!m->brk[i].cond || m->brk[i].cond(m, m->brk[i].cond_arg))) {
            m->hit.kind = kind;
            m->hit.value = value;
            if (m->brk[i].once)
                m->brk[i].used = false;
            return true;
        }
    return false;
}

/* Present the highest-priority pending interruption the PSW allows:
 * external, then I/O, then restart. True if one was taken. An
 * interruption in the wait state stores the old PSW with the wait bit on,
 * as the architecture does, so an idle loop resumes by loading it. */
static bool take_pending(struct machine *m)
{
    struct cpu *c = &m->cpu;
    u16 code;
    if (c->sie.active) {   /* the host's interruptions end interpretation, and are taken below */
        if (!sie_host_interruption(m) && sie_intervention(m))
            return true;
    }
    if ((c->psw_sys & PSW0_EXT) && ext_pending(m, &code)) {
        lc_put16(c, LC_EXT_CPU_ADDR, 0);
        lc_put16(c, LC_EXT_CODE, code);
        lc_changed(c, LC_EXT_CPU_ADDR, 4);
        take_interruption(c, IRQ_EXT, code, cpu_psw(c));
        return true;
    }
    if ((c->psw_sys & PSW0_IO) && m->chan && !c->sie.active) {   /* real I/O is the host's */
        u16 devaddr;
        if (chan_take_interrupt(m, c->cr[2], &devaddr)) {
            lc_put32(c, LC_IO_ADDR, devaddr);
            stor_set_change(m, LC_IO_ADDR, 4);
            take_interruption(c, IRQ_IO, devaddr, cpu_psw(c));
            return true;
        }
    }
    if (m->restart_pending && !c->sie.active) {
        m->restart_pending = false;
        take_interruption(c, IRQ_RESTART, 0, cpu_psw(c));
        return true;
    }
    return false;
}

/* Pending external interruption condition the CR0 subclass masks allow. */
static bool ext_pending(struct machine *m, u16 *code)
{
    if (m->ext_key && (m->cpu.cr[0] & CR0_INTKEY_MASK) && !m->cpu.sie.active) {   /* the key is the host's */
        m->ext_key = false;
        m->count.ext[2]++;
        *code = EXT_INTERRUPT_KEY;
        return true;
    }
    if (clock_ext_pending(m, code)) {
        m->count.ext[*code == EXT_CLOCK_COMPARATOR ? 0 : 1]++;
        return true;
    }
    return false;
}

/* ---- the loops ------------------------------------------------------------------- */

/* Threaded: the first call runs until the budget is spent or something
 * leaves; unthreaded builds come back after every instruction. */
static const struct insn *run_fast(struct cpu *c, const struct insn *in, long n, u64 *done)
{
    const struct insn *exit = &c->exit_slot;
    long left = n;
    c->run_base = c->icount;
    c->run_n = n;
    do {
        in = in->fn(c, in, left);
        left = c->budget_left;
    } while (left > 0 && in != exit);
    *done = (u64)(n - left);
    return in;
}

/* Run the instruction in `in` alone: from a copy followed by stop slots,
 * so sequential flow stops after it. Returns the next instruction. */
static const struct insn *step_one(struct cpu *c, const struct insn *in)
{
    c->step_slot[0] = *in;
    if (in->fn != exec_decode && in->fn != exec_page_end)
        c->step_slot[0].fn = isa_defs[in->id].fn;   /* never a fused pair */
    const struct insn *next = c->step_slot[0].fn(c, &c->step_slot[0], 1);
    if (next > c->step_slot && next < c->step_slot + 4)
        next = in + (next - c->step_slot);   /* fell through: the real next slot */
    return next;
}

/* One instruction at a time: breakpoints, trace, profile. With
 * `like_fast` the run ends where the fast loop's would (exec.h: once the
 * budget is spent, at the next transfer of control or page end), so that
 * watching never changes what runs; without, after exactly n. */
static const struct insn *run_checked(struct cpu *c, const struct insn *in, long n, bool like_fast, u64 *done)
{
    struct machine *m = c->m;
    const struct insn *exit = &c->exit_slot;
    u64 base = c->icount;
    long i = 0;
    do {
        if (in->fn == exec_page_end) {   /* not an instruction: just change pages */
            in = icache_enter(c, (c->page_va + in->off) & ADDR_MASK);
            if (in == exit)
                i++;
            if (i >= n)
                break;   /* the page end tests the budget, as a branch does */
            continue;
        }
        u32 ia = cpu_insn_ia(c, in);
        if (m->brk_addr_any) {
            bool hit = false;
            for (int b = 0; b < MAX_BREAKS; b++)
                if (m->brk[b].used && m->brk[b].kind == BRK_ADDR && m->brk[b].value == ia &&
                    (!m->brk[b].cond || m->brk[b].cond(m, m->brk[b].cond_arg))) {
                    hit = true;
                    if (m->brk[b].once)
                        m->brk[b].used = false;
                }
            if (hit && !(m->brk_skip_set && m->brk_skip == ia)) {
                m->hit.kind = BRK_ADDR;
                m->hit.value = ia;
                m->brk_skip = ia;      /* "continue" runs it */
                m->brk_skip_set = true;
                c->stop = STOP_BREAK;
                c->ia = ia;
                in = exit;
                break;
            }
        }
        c->icount = base + (u64)i;
        if (m->trace)
            trace_insn(m, ia);
        c->run_base = c->icount;
        c->run_n = 1;
        c->stopped_at_branch = false;
        in = step_one(c, in);
        if (m->count.op && c->step_slot[0].fn != exec_decode)
            m->count.op[c->step_slot[0].id]++;
        i++;
        if (c->stop != STOP_BREAK)
            m->brk_skip_set = false;   /* the skipped instruction has run */
    } while (in != exit && (i < n || (like_fast && !c->stopped_at_branch)));
    c->icount = base;
    *done = (u64)i;
    return in;
}

/* More than the fast loop can overshoot: a page of instructions. */
#define EXACT_TAIL (SLOTS_PER_PAGE + 16)

static bool checked_mode(struct machine *m)
{
    return m->brk_addr_any || m->trace || m->count.op;
}

/* Run up to `budget` instructions. */
enum stop cpu_run(struct machine *m, u64 budget)
{
    struct cpu *c = &m->cpu;
    /* Interruptions taken and instruction-fetch exceptions are not
     * instructions, but they are work: they count against the budget as
     * steps, and time advances for each (clock_step), so an interruption
     * loop (an invalid new PSW, a handler that faults) ends the run and
     * lets the timers expire. */
    u64 end = cpu_work(m) + budget;
    c->stop = STOP_NONE;
    for (;;) {
        if (m->halt_request) {
            m->halt_request = 0;
            return STOP_HALT;
        }
        if (cpu_work(m) >= end)
            return STOP_LIMIT;
        sched_run_due(m);
        if (take_pending(m)) {
            clock_step(m);
            if (c->stop)
                goto stopped;
            continue;
        }
        if (c->psw_sys & PSW0_WAIT) {
            if (c->sie.active) {   /* a guest's wait is the host's business */
                sie_exit(c, SIE_ICODE_WAIT);
                clock_step(m);
                if (c->stop)
                    goto stopped;
                continue;
            }
            if (!(c->psw_sys & (PSW0_IO | PSW0_EXT)))
                return STOP_WAIT;
            if (!clock_advance_to_event(m))
                return STOP_IDLE;
            continue;
        }
        const struct insn *in;
        /* The fast loop may overshoot its budget by the rest of a page
         * (exec.h), which is fine against events (they happen a few
         * instructions late, deterministically) but not against the
         * caller's budget: its last stretch runs in the exact loop. */
        u64 n = end - cpu_work(m);
        bool exact = n <= EXACT_TAIL;
        if (!exact)
            n -= EXACT_TAIL;
        u64 ev = clock_insns_to_next_event(m);
        if (ev < n)
            n = ev;
        if (n > 1u << 20)
            n = 1u << 20;   /* poll for operator requests now and then */
        if (n == 0)
            n = 1;
        bool problem = c->problem, guest = c->sie.active;
        if (problem && !guest)
            c->trap_cause = -1;   /* back in problem state: the last entry's cost is complete */
        u64 done = 0, base = c->icount;
        in = icache_enter(c, c->ia);
        if (in != &c->exit_slot) {
            in = exact || checked_mode(m) ? run_checked(c, in, (long)n, !exact, &done) : run_fast(c, in, (long)n, &done);
            if (in != &c->exit_slot)
                c->ia = cpu_insn_ia(c, in);
        } else {
            clock_step(m);   /* the fetch exception was delivered */
        }
        c->icount = base + done;
        *(guest ? &m->count.insn_guest : problem ? &m->count.insn_problem : &m->count.insn_supervisor) += done;
        if (!problem && !guest && c->trap_cause >= 0)
            m->count.entry_cost[c->trap_cause] += done;
        if (!guest && c->sie_cause >= 0)
            m->count.sie_exit_cost[c->sie_cause] += done;   /* the host's work for the last interception */
        if (done && c->stop != STOP_BREAK)
            m->brk_skip_set = false;
        if (c->stop)
            goto stopped;
    }
stopped: {
        enum stop s = c->stop;
        c->stop = STOP_NONE;
        return s;
    }
}
