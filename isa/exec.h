/* exec.h: what instruction handlers share.
 *
 * A deliberate departure from STYLE.md's lesson 4 ("one small function
 * per instruction that returns 0 or a program-interruption code"). The
 * interpreter core keeps one small function per instruction and one exit
 * for exceptions (PGM -> exec_pgm_exit -> cpu_pgm, which swaps the PSW),
 * but its handlers do not return a code to a loop: they are threaded
 * (each jumps straight into the next instruction's handler), and each is
 * compiled twice, a fast handler and its slow twin. That is where the
 * speed comes from: no call and return per instruction, no code to test,
 * no register saves on the common path, and storage access that is one
 * TLB compare unless the slow twin is needed. The price is the macros
 * below, which every handler must end its paths with; they are the
 * whole contract, and docs/architecture.md ("One instruction, end to
 * end") walks AR through it.
 *
 * How to add an instruction:
 *   1. add its row to spec.yaml (format, opcode, operands, classes, CC rule,
 *      exceptions, SIE treatment);
 *   2. write DEF_INSN(mnemonic) in the isa/exec_*.c file of its family, with
 *      the one-line banner "opcode MNEMONIC - Name [format]"; reach storage
 *      only through FETCH, STORE and RANGE (below);
 *   3. add its results, condition codes and exceptions to tests/unit/, and
 *      to its family's pass-wait program in programs/bare/.
 * The build refuses a spec row without a handler and a handler without a row.
 *
 * Threaded dispatch. A handler does its instruction and then jumps
 * straight into the next instruction's handler (DONE, GOTO), carrying the
 * remaining `budget` in a register; it returns to the run loop only when
 * the budget is spent or it must leave (EXIT: an interruption, a PSW
 * change). With clang the jump is a guaranteed tail call (musttail), so
 * the stack never grows; with another compiler each handler returns after
 * one instruction and the loop calls the next, which is slower but the
 * same machine. When a handler leaves, cpu->budget_left says how much
 * budget is left, counting the leaving instruction as executed.
 *
 * Handlers change nothing before they have checked everything that can
 * raise an exception, so a suppressed instruction leaves no trace. (The
 * interruptible long forms, MVCL and CLCL, keep their registers current
 * instead: see "Storage operands" below.)
 */
#ifndef CREASY_EXEC_H
#define CREASY_EXEC_H

#include "access.h"
#include "machine.h"

/* A handler is DEF_INSN(name) { body } END_INSN. DEF_INSN opens the
 * function and gives the body SLOTS, its instruction's length in slots
 * (a constant, so finding the next instruction costs no load: the chain
 * from one instruction to the next is a single add). The body ends every
 * path with one of the macros below, each of which either jumps straight
 * into the next handler (a guaranteed tail call) or leaves the run loop,
 * so a handler's common path makes no calls and needs no register saves.
 *
 * Each exec_*.c file is compiled twice: the fast handlers and their slow
 * twins (exec_<name>_slow, compiled with SLOW_TWIN=1), which differ only
 * in how FETCH, STORE and RANGE reach storage (see "Storage operands").
 *
 * The budget is only tested when control does not simply fall through to
 * the next instruction: every loop contains a taken branch, and the
 * page-end sentinel tests too, so a run overshoots its budget by at most
 * the rest of a page (the count of what ran stays exact). Where exactly
 * one instruction must run (stepping, EXECUTE), the caller runs a copy of
 * the slot followed by stop slots (exec_stop). */
#ifndef SLOW_TWIN
#define SLOW_TWIN 0
#endif
#define SLOW SLOW_TWIN

#if THREADED_DISPATCH
#define TAIL_CALL __attribute__((musttail))
#else
#define TAIL_CALL
#endif

#if SLOW_TWIN
#define INSN_NAME(name) exec_##name##_slow
#else
#define INSN_NAME(name) exec_##name
#endif

#define DEF_INSN(name)                                                         \
    const struct insn *INSN_NAME(name)(struct cpu *c, const struct insn *in, long budget) \
    {                                                                          \
        enum { SLOTS = ISA_LENGTH_##name / 2 };                                \
        insn_fn *const slow_twin_ = exec_##name##_slow;                        \
        (void)slow_twin_;
#define END_INSN }

/* Go on with `next`: falling through needs no budget test; any other
 * transfer does. Unthreaded builds return to the run loop each time. */
#if THREADED_DISPATCH
#define DISPATCH_SEQUENTIAL(next)                            \
    do {                                                     \
        const struct insn *n_ = (next);                      \
        --budget;                                            \
        TAIL_CALL return n_->fn(c, n_, budget);              \
    } while (0)
#define DISPATCH_BRANCH(next)                                \
    do {                                                     \
        const struct insn *n_ = (next);                      \
        if (unlikely(--budget <= 0)) {                       \
            c->budget_left = budget;                         \
            c->stopped_at_branch = true;                     \
            return n_;                                       \
        }                                                    \
        TAIL_CALL return n_->fn(c, n_, budget);              \
    } while (0)
#else
#define DISPATCH_SEQUENTIAL(next) DISPATCH_BRANCH(next)
#define DISPATCH_BRANCH(next)                                \
    do {                                                     \
        c->budget_left = budget - 1;                         \
        return (next);                                       \
    } while (0)
#endif

/* the next instruction in sequence: one slot per halfword */
#define NEXT_SLOT(in) ((const struct insn *)((const char *)(in) + (in)->step))

/* go on with the next instruction */
#define DONE() DISPATCH_SEQUENTIAL(in + SLOTS)
/* leave the run loop; `expr` makes the state right and gives the exit slot */
#define EXIT(expr)                                       \
    do {                                                 \
        c->budget_left = budget - 1;                     \
        return (expr);                                   \
    } while (0)
/* leave with a program interruption (exec_pgm_exit delivers it) */
#define PGM(code)                                        \
    do {                                                 \
        c->pgm_code = (code);                            \
        TAIL_CALL return exec_pgm_exit(c, in, budget);   \
    } while (0)
/* leave with the access exception a slow path recorded */
#define ACCESS_FAILED() TAIL_CALL return exec_pgm_exit(c, in, budget)
/* a TLB miss in a fast handler: run the instruction in its slow twin */
#define RUN_SLOW_TWIN() TAIL_CALL return slow_twin_(c, in, budget)

/* Storage operands. A handler reaches storage only through these three:
 *
 *   FETCH(bits, va, var)        8, 16, 32 or 64 bits at va into var
 *   STORE(bits, va, value)      value into 8, 16, 32 or 64 bits at va
 *   RANGE(va, len, kind, span)  1..4096 bytes at va (ACC_FETCH or
 *                               ACC_STORE), checked whole, as a span of up
 *                               to two host pieces (span_at, span_put)
 *
 * Each either gives the handler its operand or leaves: in the fast
 * handler it looks only in the TLB, and a miss reruns the instruction
 * from the top in its slow twin (RUN_SLOW_TWIN); in the slow twin it does
 * the whole architected check (access.c) and an access exception leaves
 * through exec_pgm_exit (ACCESS_FAILED). So a handler must be one that
 * can run again from the top at any of its accesses:
 *   - it has changed nothing when an access can miss or fail: it checks
 *     its operands before it changes anything (the rule above; MVST's
 *     later bytes stay in the pages of its first, so only the first can
 *     miss), and computes a stored value before the STORE only if that
 *     changes nothing (STCK takes its RANGE first, then reads the clock);
 *   - PRIVILEGED's counter and "break priv" watch run in the fast handler
 *     only, so a privileged instruction rerun is counted and watched once;
 *   - an interruptible long form (MVCL, CLCL) writes its registers before
 *     each page's accesses, so they always describe what is left and a
 *     rerun goes on where the first run stopped, as the architecture's
 *     resumption after an interruption does.
 * Handlers never call access.h's checking functions (fetchN, storeN,
 * acc_*) themselves. (Not operands: absolute storage an instruction names
 * by real address, IPTE's page-table entry and SIE's state description,
 * through stor_* in machine.h; and the addresses LRA and TPROT translate
 * and test without accessing them, through dat_walk.) */
#define FETCH(bits, va, var)                                             \
    do {                                                                 \
        if (SLOW) {                                                      \
            if (!fetch##bits(c, (va), &(var)))                           \
                ACCESS_FAILED();                                         \
        } else if (!fetch##bits##_hit(c, (va), &(var))) {               \
            RUN_SLOW_TWIN();                                             \
        }                                                                \
    } while (0)
#define STORE(bits, va, val)                                             \
    do {                                                                 \
        if (SLOW) {                                                      \
            if (!store##bits(c, (va), (val)))                            \
                ACCESS_FAILED();                                         \
        } else if (!store##bits##_hit(c, (va), (val))) {                \
            RUN_SLOW_TWIN();                                             \
        }                                                                \
    } while (0)
#define RANGE(va, len, kind, span)                                       \
    do {                                                                 \
        if (SLOW) {                                                      \
            if (!acc_range(c, (va), (len), (kind), &(span)))             \
                ACCESS_FAILED();                                         \
        } else if (!acc_range_hit(c, (va), (len), (kind), &(span))) {   \
            RUN_SLOW_TWIN();                                             \
        }                                                                \
    } while (0)

#define GR(n) (c->gr[(n)])
#define EA_RX(c, in) (((in)->d2 + (c)->gr[(in)->x2] + (c)->gr[(in)->b2]) & ADDR_MASK)
#define EA_RS(c, in) (((in)->d2 + (c)->gr[(in)->b2]) & ADDR_MASK)
#define EA_1(c, in) (((in)->d1 + (c)->gr[(in)->b1]) & ADDR_MASK)
#define EA_2(c, in) EA_RS(c, in)

/* Privileged instructions start with this: the privileged-operation
 * exception in problem state, interception under SIE (spec.yaml's `sie`
 * column and the state description's controls), the "break priv" event,
 * and the counter. */
#define PRIVILEGED()                                               \
    do {                                                           \
        if (unlikely(c->problem))                                  \
            EXIT(cpu_privileged(c, in));                           \
        SIE_INTERCEPT();                                           \
        if (!SLOW) {   /* a slow twin reruns it: watch and count once */ \
            if (unlikely(c->m->watch_priv) && cpu_watch_priv(c, in))   \
                EXIT(&c->exit_slot);                               \
            c->m->count.priv[in->id]++;                            \
        }                                                          \
    } while (0)

/* On a machine where this instruction is unprivileged and, in problem
 * state, leaves the system mask unchanged (spec.yaml's `problem_state` in
 * the flawed variant): true in problem state, where the handler does only
 * its storage access, in place of PRIVILEGED(). Supervisor state, and a
 * guest's supervisor state under SIE, go on to PRIVILEGED() as on the
 * sound machine. */
#define PROBLEM_MASK_UNCHANGED() \
    (unlikely(c->problem) && c->m->isa[in->id].problem_state == ISA_PROBLEM_MASK_UNCHANGED)

/* Under SIE: end interpretation here if spec.yaml says this instruction
 * is intercepted, or the state description's control for it is set. */
#define SIE_INTERCEPT()                                            \
    do {                                                           \
        if (unlikely(c->sie.active)) {                             \
            const struct insn *sie_exit_ = sie_intercept(c, in);   \
            if (sie_exit_)                                         \
                EXIT(sie_exit_);                                   \
        }                                                          \
    } while (0)

/* Instructions that read or set the clocks, or schedule I/O, need the
 * exact instruction count: the run loop keeps it in `budget`. */
#define EXACT_TIME() (c->icount = c->run_base + (u64)(c->run_n - budget))

/* Register pairs: R1 must be even. */
#define EVEN_R1()                          \
    do {                                   \
        if (unlikely(in->r1 & 1))          \
            PGM(PGM_SPECIFICATION);        \
    } while (0)

/* condition codes */
static inline u8 cc_signed(s32 v) { return (u8)((v > 0) * 2 + (v < 0)); }
static inline u8 cc_compare_s(s32 a, s32 b) { return a == b ? 0 : a < b ? 1 : 2; }
static inline u8 cc_compare_u(u32 a, u32 b) { return a == b ? 0 : a < b ? 1 : 2; }

/* TMLH/TMLL: mixed results split on the leftmost selected bit. */
static inline u8 cc_tm16(u16 v, u16 mask)
{
    u16 sel = v & mask;
    if (sel == 0)
        return 0;
    if (sel == mask)
        return 3;
    u16 leftmost = 0x8000 >> __builtin_clz((u32)mask << 16);
    return (v & leftmost) ? 2 : 1;
}

/* Signed add and subtract: CC, and whether the program mask asks for the
 * fixed-point-overflow interruption (after the result is stored). */
static inline bool add_signed(struct cpu *c, u32 *dst, u32 a, u32 b)
{
    s32 r;
    bool ovf = __builtin_add_overflow((s32)a, (s32)b, &r);
    *dst = (u32)r;
    c->cc = ovf ? 3 : cc_signed(r);
    return ovf && (c->pm & 8);
}

static inline bool sub_signed(struct cpu *c, u32 *dst, u32 a, u32 b)
{
    s32 r;
    bool ovf = __builtin_sub_overflow((s32)a, (s32)b, &r);
    *dst = (u32)r;
    c->cc = ovf ? 3 : cc_signed(r);
    return ovf && (c->pm & 8);
}

/* Logical add: CC bit value 2 is the carry, value 1 "not zero". */
static inline u32 add_logical(struct cpu *c, u32 a, u32 b, u32 carry_in)
{
    u64 r = (u64)a + b + carry_in;
    c->cc = (u8)(((r >> 32) ? 2 : 0) | ((u32)r ? 1 : 0));
    return (u32)r;
}

/* Logical subtract: a - b - borrow_in, computed as a + ~b + 1 - borrow_in. */
static inline u32 sub_logical(struct cpu *c, u32 a, u32 b, u32 borrow_in)
{
    return add_logical(c, a, ~b, 1 - borrow_in);
}

/* The link address stored by BAS/BAL/BRAS...: 31-bit mode bit plus the
 * address of the next instruction (after EXECUTE when run by EXECUTE). */
static inline u32 link_address(struct cpu *c, const struct insn *in)
{
    if (unlikely(cpu_in_ex_slot(c, in)))
        return 0x80000000u | ((cpu_insn_ia(c, c->ex_in) + 4) & ADDR_MASK);
    return 0x80000000u | ((c->page_va + in->off + in->ilen) & ADDR_MASK);
}

/* Successful branches. A target in the decoded page is just its slot;
 * anything else (another page, an odd address) goes on in
 * exec_far_branch, which enters the target's page or delivers its fetch
 * exception. */
#define FAR_BRANCH(target)                                       \
    do {                                                         \
        c->branch_target = (target);                             \
        TAIL_CALL return exec_far_branch(c, in, budget);         \
    } while (0)

#define BRANCH_TO(target)                                        \
    do {                                                         \
        u32 t_ = (target), d_ = t_ - c->page_va;                 \
        if (likely(d_ < PAGE_SIZE && !(d_ & 1)))                 \
            DISPATCH_BRANCH(&c->ipage->slot[d_ >> 1]);           \
        FAR_BRANCH(t_);                                          \
    } while (0)

/* I2 halfwords from this instruction. The page decoder left the target's
 * slot in d2 when it is in the same page (NO_SLOT otherwise, and always
 * for the target of EXECUTE, which is decoded elsewhere): the long way then. */
#define BRANCH_RELATIVE(halfwords)                               \
    do {                                                         \
        if (likely(in->d2 != NO_SLOT))                           \
            DISPATCH_BRANCH(&c->ipage->slot[in->d2]);            \
        FAR_BRANCH((cpu_insn_ia(c, in) + (u32)(halfwords) * 2) & ADDR_MASK); \
    } while (0)

/* Go on at a slot from somewhere that may have delivered an exception
 * instead (the exit slot). */
#define GOTO(target)                                     \
    do {                                                 \
        const struct insn *g_ = (target);                \
        if (unlikely(g_ == &c->exit_slot)) {             \
            c->budget_left = budget - 1;                 \
            return g_;                                   \
        }                                                \
        DISPATCH_BRANCH(g_);                             \
    } while (0)

#endif
