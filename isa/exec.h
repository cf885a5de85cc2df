/* exec.h: what instruction handlers share.
 *
 * How to add an instruction:
 *   1. add its row to spec.yaml (format, opcode, operands, classes, CC rule,
 *      exceptions, SIE treatment);
 *   2. write DEF_INSN(mnemonic) in the isa/exec_*.c file of its family, with
 *      the one-line banner "opcode MNEMONIC - Name [format]";
 *   3. add its results, condition codes and exceptions to tests/unit/.
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
 * raise an exception, so a suppressed instruction leaves no trace.
 */
#ifndef CREASY_EXEC_H
#define CREASY_EXEC_H

#include "access.h"
#include "machine.h"

/* A handler is a wrapper, made here, around the body written after
 * DEF_INSN. The body sees `c`, `in`, `budget` and SLOTS (its own length in
 * slots, a constant, so finding the next instruction costs no load: the
 * chain from one instruction to the next is a single add). The body
 * returns the next instruction, or NULL when it leaves the run loop (having
 * set what leaving needs); the wrapper counts the instruction and jumps on.
 *
 * The budget is only tested when control does not simply fall through to
 * the next instruction: every loop contains a taken branch, and the
 * page-end sentinel tests too, so a run overshoots its budget by at most
 * the rest of a page (the count of what ran stays exact). For non-branch
 * instructions the compiler drops the test altogether. Where exactly one
 * instruction must run (stepping, EXECUTE), the caller runs a copy of the
 * slot followed by stop slots (exec_stop). */
#if THREADED_DISPATCH
#define TAIL_CALL __attribute__((musttail))
#else
#define TAIL_CALL
#endif

#define DEF_INSN(name)                                                                      \
    static inline __attribute__((always_inline)) const struct insn *body_##name(            \
        struct cpu *c, const struct insn *in, long budget, const long SLOTS);               \
    const struct insn *exec_##name(struct cpu *c, const struct insn *in, long budget)       \
    {                                                                                       \
        const struct insn *next = body_##name(c, in, budget, ISA_LENGTH_##name / 2);        \
        if (unlikely(!next))                                                                \
            return &c->exit_slot;                                                           \
        DISPATCH_FROM_WRAPPER(next, ISA_LENGTH_##name / 2);                                 \
    }                                                                                       \
    static inline __attribute__((always_inline)) const struct insn *body_##name(            \
        struct cpu *c, const struct insn *in, long budget, const long SLOTS)

#if THREADED_DISPATCH
#define DISPATCH_FROM_WRAPPER(next, slots)           \
    do {                                             \
        --budget;                                    \
        if (next != in + (slots) && unlikely(budget <= 0)) { \
            c->budget_left = budget;                 \
            return next;                             \
        }                                            \
        TAIL_CALL return next->fn(c, next, budget);  \
    } while (0)
#else
#define DISPATCH_FROM_WRAPPER(next, slots)           \
    do {                                             \
        c->budget_left = budget - 1;                 \
        return next;                                 \
    } while (0)
#endif

/* the next instruction in sequence: one slot per halfword */
#define NEXT_SLOT(in) ((const struct insn *)((const char *)(in) + (in)->step))

/* go on with the next instruction */
#define DONE() return in + SLOTS
/* leave the run loop; `expr` makes the state right (and gives the exit slot) */
#define EXIT(expr)                                       \
    do {                                                 \
        c->budget_left = budget - 1;                     \
        (void)(expr);                                    \
        return NULL;                                     \
    } while (0)
/* leave with a program interruption */
#define PGM(code) EXIT(cpu_pgm(c, in, (code)))
/* leave with the access exception a slow path recorded */
#define ACCESS_FAILED() PGM(c->pgm_code)

#define GR(n) (c->gr[(n)])
#define EA_RX(c, in) (((in)->d2 + (c)->gr[(in)->x2] + (c)->gr[(in)->b2]) & ADDR_MASK)
#define EA_RS(c, in) (((in)->d2 + (c)->gr[(in)->b2]) & ADDR_MASK)
#define EA_1(c, in) (((in)->d1 + (c)->gr[(in)->b1]) & ADDR_MASK)
#define EA_2(c, in) EA_RS(c, in)

/* Privileged instructions start with this: the privileged-operation
 * exception in problem state, the "break priv" event, and the counter. */
#define PRIVILEGED()                                               \
    do {                                                           \
        if (unlikely(c->problem))                                  \
            EXIT(cpu_privileged(c, in));                           \
        if (unlikely(c->m->watch_priv) && cpu_watch_priv(c, in))   \
            EXIT(&c->exit_slot);                                   \
        c->m->count.priv[in->id]++;                                \
    } while (0)

/* Instructions that read or set the clocks, or schedule I/O, need the
 * exact instruction count: the run loop keeps it in `budget`. */
SLOW_PATH const struct insn *far_branch(struct cpu *c, u32 target, long budget);
#define EXACT_TIME() (c->icount = c->run_base + (u64)(c->run_n - budget))

/* Register pairs: R1 must be even. */
#define EVEN_R1()                          \
    do {                                   \
        if (unlikely(in->r1 & 1))          \
            PGM(PGM_SPECIFICATION);        \
    } while (0)

/* condition codes */
static inline u8 cc_signed(s32 v) { return v == 0 ? 0 : v < 0 ? 1 : 2; }
static inline u8 cc_compare_s(s32 a, s32 b) { return a == b ? 0 : a < b ? 1 : 2; }
static inline u8 cc_compare_u(u32 a, u32 b) { return a == b ? 0 : a < b ? 1 : 2; }

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

static inline bool in_ex_slot(const struct cpu *c, const struct insn *in)
{
    return in >= c->ex_slot && in < c->ex_slot + 4;
}

/* Returned to by an instruction run alone (see DEF_INSN): stop here. */
insn_fn exec_stop;

/* The link address stored by BAS/BAL/BRAS...: 31-bit mode bit plus the
 * address of the next instruction (after EXECUTE when run by EXECUTE). */
static inline u32 link_address(struct cpu *c, const struct insn *in)
{
    if (unlikely(in_ex_slot(c, in)))
        return 0x80000000u | ((cpu_insn_ia(c, c->ex_in) + 4) & ADDR_MASK);
    return 0x80000000u | ((c->page_va + in->off + in->ilen) & ADDR_MASK);
}

/* Successful branches. A target in the decoded page is just its slot;
 * anything else (another page, an odd address) goes through far_branch(),
 * which enters the target's page or delivers its fetch exception. The
 * target of an EXECUTE branches correctly through the same code: its
 * `off` is relative to the current page like any slot's. */
#define BRANCH_TO(target)                                        \
    do {                                                         \
        u32 t_ = (target), d_ = t_ - c->page_va;                 \
        if (likely(d_ < PAGE_SIZE && !(d_ & 1)))                 \
            return &c->ipage->slot[d_ >> 1];                     \
        return far_branch(c, t_, budget);                        \
    } while (0)

/* I2 halfwords from this instruction */
#define BRANCH_RELATIVE(halfwords)                               \
    do {                                                         \
        u32 o_ = in->off + (u32)(halfwords) * 2;                 \
        if (likely(o_ < PAGE_SIZE))                              \
            return &c->ipage->slot[o_ >> 1];                     \
        return far_branch(c, (c->page_va + o_) & ADDR_MASK, budget); \
    } while (0)

/* A slot from somewhere that may have delivered an exception instead. */
#define GOTO(target)                                     \
    do {                                                 \
        const struct insn *g_ = (target);                \
        if (unlikely(g_ == &c->exit_slot))               \
            EXIT(0);                                     \
        return g_;                                       \
    } while (0)

#endif
