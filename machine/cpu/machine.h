/* machine.h: one creasy machine: CPU, storage, keys, TLB, clocks, channel.
 *
 * Design note. There are no globals: everything hangs off a `struct
 * machine`, so several machines can run in one process.
 * tests/unit/test_two_machines.c holds that promise: it runs two machines
 * with different programs and devices interleaved, a slice of one then
 * of the other, and each must end exactly as when it runs alone.
 *
 * The CPU interprets from a decoded-instruction cache (icache.c) and
 * reaches storage through a software TLB (access.c). The TLB maps a virtual
 * page straight to host memory, and an entry exists only once DAT,
 * addressing, key and protection checks have passed for the current
 * context, with the reference (and for stores the change) bit already set.
 * Anything that changes that context (PSW key, DAT mode, CR0, CR1, a
 * storage key, IPTE, PTLB) purges it.
 *
 * cpu_run() executes in budgets: the inner loop runs until the next clock
 * or device event, or until an instruction changes the PSW in a way that
 * matters (interruption, LPSW, SSM...), which returns the exit slot.
 */
#ifndef CREASY_MACHINE_H
#define CREASY_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arch.h"
#include "isa.h"   /* and isa/insn.h: struct insn, insn_fn, THREADED_DISPATCH */

/* Cold functions the instruction handlers call, kept out of line so the
 * handlers' fast paths stay small. (Calling conventions that would spare
 * the callers' register saves, preserve_most and no_caller_saved_registers,
 * are miscompiled by clang 14 when the callee makes calls of its own:
 * tests/fuzz found it. Plain calls it is.) */
#define SLOW_PATH __attribute__((noinline, cold))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define PAGE_SHIFT 12
#define PAGE_SIZE 4096u
#define PAGE_MASK 0xFFFu
#define ADDR_MASK 0x7FFFFFFFu   /* 31-bit addressing */

/* ---- storage keys ------------------------------------------------------ */
#define SKEY_ACC 0xF0   /* access-control bits */
#define SKEY_F 0x08     /* fetch protection */
#define SKEY_R 0x04     /* referenced */
#define SKEY_C 0x02     /* changed */

/* ---- software TLB ---------------------------------------------------------- */
#define TLB_SIZE 256
#define TLB_INVALID 1u  /* odd, so it never equals a page address */

enum access_kind { ACC_FETCH, ACC_STORE, ACC_IFETCH, ACC_KINDS };

struct tlbe {
    u32 tag;        /* virtual page address | access context, or TLB_INVALID */
    u32 frame;      /* absolute frame number */
    uintptr_t addend;  /* host address = virtual address + addend */
};

/* ---- decoded-instruction cache --------------------------------------------- */
#define SLOTS_PER_PAGE (PAGE_SIZE / 2)
#define PAGE_END_SLOTS 3  /* sentinels: sequential flow off the page end */

struct ipage {
    u32 frame;
    struct insn slot[SLOTS_PER_PAGE + PAGE_END_SLOTS];
};

/* ---- stop reasons ------------------------------------------------------------- */
enum stop {
    STOP_NONE,
    STOP_LIMIT,       /* instruction budget used up */
    STOP_WAIT,        /* disabled wait: nothing can wake the CPU */
    STOP_BREAK,       /* an address or event breakpoint */
    STOP_STEP,        /* single step finished */
    STOP_CHECKSTOP,   /* program new PSW invalid: interruption loop */
    STOP_HALT,        /* the operator asked (console stop, Ctrl-C) */
    STOP_IDLE,        /* enabled wait with no event scheduled */
};

/* ---- interruption classes (counters and event breakpoints) -------------------- */
enum irq_class { IRQ_RESTART, IRQ_EXT, IRQ_SVC, IRQ_PGM, IRQ_MCK, IRQ_IO, IRQ_CLASSES };

/* ---- interpretive execution (SIE, sie.c) -------------------------------------- */
#define SIE_TAGS 16       /* TLB tags: 0 the host, 1-15 guests */

struct sie_state {
    bool active;          /* the CPU is interpreting a guest */
    u32 sd;               /* its state description (host real) */
    u32 mso, mse;         /* guest storage: origin in the host, extent */
    bool vr;              /* V=R: guest absolute + MSO is host real; else host virtual */
    u8 ctl[16];           /* SD bytes 0x40-0x4F: SVC, LCTL and intercept controls */
    u8 v;                 /* intervention requests */
    u8 tag;               /* the guest's tag in TLB entries */
    u32 tag_sd[SIE_TAGS]; /* which state description each tag was last given to */
    u32 lowcore;          /* absolute address of the guest's page 0 */
    /* the host, as SIE left it */
    u64 host_psw;         /* pointing at the SIE instruction */
    u32 host_ilen;        /* SIE's length */
    u32 host_gr14, host_gr15;
    u32 host_cr[16];
    u64 host_ckc;
    u64 host_last_tod;    /* the host's last STCK value (each side's are unique on its own clock) */
    s64 host_cpu_timer;   /* at host_vtime */
    u64 host_vtime;
    u64 host_due;         /* the virtual time at which the host's clocks interrupt it, or ~0 */
    int host_fault;       /* a host DAT exception met while interpreting: its code */
    u32 host_tea;
};

struct cpu {
    /* -- hot: used by every instruction -- */
    u32 gr[17];           /* general registers; gr[16] is always 0 */
    u8 cc;                /* condition code 0-3 */
    u8 pm;                /* program mask (PSW bits 20-23) */
    u8 key;               /* PSW key */
    u8 problem;           /* PSW bit 15 */
    u32 page_va;          /* virtual address of the page in `ipage` */
    struct ipage *ipage;  /* decoded page being executed */
    u8 *page_host;        /* host address of that page */
    u32 tlb_ctx;          /* access context in TLB tags: key << 4 | DAT << 1 */
    u32 branch_target;    /* a branch off the page, for exec_far_branch */
    struct tlbe tlb[ACC_KINDS][TLB_SIZE];  /* the software TLB (access.c) */
    u64 icount;           /* instructions executed, ever; inside a run of the
                             inner loop it is exact only as EXACT_TIME sets it */
    u64 steps;            /* interruptions and instruction-fetch exceptions
                             taken, ever: work that is no instruction, for
                             which time advances as for one */
    u64 run_base;         /* icount when the current inner run began */
    long run_n;           /* the budget that run began with */
    long budget_left;     /* budget a handler left with (see exec.h) */
    bool stopped_at_branch; /* a transfer of control ended the handlers' run on the budget */

    /* -- architected state not on the fast path -- */
    u32 psw_sys;          /* PSW bits 0-17 (system mask, key, flags); CC and PM
                             live in `cc` and `pm` */
    u32 ia;               /* instruction address, valid outside the inner loop */
    u32 cr[16];

    /* -- interruption bookkeeping -- */
    u64 last_tod;         /* last value STCK stored */
    u16 pgm_code;         /* access exception recorded by a slow path */
    u32 tea;              /* its translation-exception address */
    struct insn exit_slot;  /* returned by handlers to leave the inner loop */
    struct insn ex_slot[4]; /* the target of EXECUTE, then three stop slots */
    struct insn step_slot[4]; /* an instruction stepped alone, then stop slots */
    const struct insn *ex_in; /* the EXECUTE instruction while its target runs */
    enum stop stop;       /* why the inner loop was left, if it must stop */
    int trap_cause;       /* why the CPU last left problem state (CAUSE_* or an
                             instruction id), while it has not gone back; or -1 */
    int priv_trap;        /* the privileged instruction a trap is for, or -1 */
    struct sie_state sie; /* interpretive execution */
    int sie_cause;        /* the interception CP is handling (SIE_EXIT_*), or -1 */

    struct machine *m;
};

/* ---- clocks --------------------------------------------------------------------- */
struct clocks {
    bool wall;            /* TOD follows the host clock instead of vtime */
    u64 tod_base;         /* TOD at vtime 0 */
    u64 vtime;            /* TOD units elapsed, advanced per instruction and in waits */
    u64 vtime_icount;     /* icount when vtime was last brought up to date */
    u32 tod_per_insn;     /* TOD units per instruction (64 = 1/64 us) */
    u64 ckc;              /* clock comparator */
    s64 cpu_timer;        /* CPU timer value at vtime `cpt_vtime` */
    u64 cpt_vtime;
    u64 wall_base_ns;
    u64 epoch;            /* added to the TOD clock: a guest's, under SIE; else 0 */
};

/* ---- devices and channel --------------------------------------------------------- */
struct device;
struct channel;
struct event;

/* ---- debugging ------------------------------------------------------------------------- */
#define MAX_BREAKS 32
enum brk_kind { BRK_ADDR, BRK_PGM, BRK_SVC, BRK_PRIV, BRK_IO, BRK_EXT, BRK_SIE };

struct breakpoint {
    enum brk_kind kind;
    u32 value;            /* address, code or number; ~0 means any */
    bool used;
    /* optional: it stops only when cond(m, cond_arg) holds (the console's
     * "this VM is the one running", read from CP's VM table) */
    bool (*cond)(const struct machine *m, u32 cond_arg);
    u32 cond_arg;
    bool once;            /* removed when it stops the machine */
};

/* Why the CPU went from problem to supervisor state: under a VMM, an
 * entry into it. Indexes 0..ISA_COUNT-1 are the privileged instruction
 * whose privileged-operation exception it was. */
enum { CAUSE_SVC = ISA_COUNT, CAUSE_PGM, CAUSE_EXT, CAUSE_IO, CAUSE_OTHER, CAUSES };

/* Interpretation ends (SIE exits), by interception code / 4; the last
 * index is a host DAT exception. */
#define SIE_EXIT_HOST_FAULT (SIE_EXIT_COUNT - 1)   /* spec.yaml: the last of SIE_EXIT_NAMES */

struct counters {
    u64 insn_problem, insn_supervisor;
    u64 insn_guest;               /* under SIE: interpreted, whatever the guest's state */
    u64 sie_entries;
    u64 sie_exit[SIE_EXIT_COUNT];      /* by interception code / 4 */
    u64 sie_exit_cost[SIE_EXIT_COUNT]; /* host instructions from each until the next SIE */
    u64 entry[CAUSES];            /* problem -> supervisor, by cause */
    u64 entry_cost[CAUSES];       /* supervisor instructions from each until problem state again */
    u64 irq[IRQ_CLASSES];
    u64 pgm[64];                  /* by program-interruption code */
    u64 svc[256];                 /* by SVC number */
    u64 ext[8];                   /* 0 clock comparator, 1 CPU timer, 2 key, 3 other */
    u64 priv[ISA_COUNT];          /* privileged instructions, by instruction */
    u64 *op;                      /* per instruction, when profiling; else NULL */
    u64 wait_tod;                 /* virtual time spent waiting (TOD units) */
};

struct machine {
    struct cpu cpu;
    /* the machine variant (spec.yaml's `variants`): its index, and its
     * instruction table, which the decoder, the handlers' classes, the
     * disassembler and the console use; machine_set_variant() sets both */
    const struct isa_def *isa;
    int variant;
    u8 *mem;              /* big-endian guest storage */
    u32 mem_size;         /* bytes, a multiple of 4K */
    u32 nframes;
    u8 *keys;             /* one storage key per frame */
    struct ipage **icache;  /* per frame: decoded page, or NULL */
    struct clocks clk;
    struct event *sched;  /* device events in virtual time, sorted by due */
    struct channel *chan;
    void *term_open_line; /* the 3215 whose line is open on the shared terminal (machine/io/dev_3215.c) */
    struct counters count;
    /* pending external interruption conditions */
    bool ext_key;         /* operator interrupt key */
    bool restart_pending;
    /* debugging */
    struct breakpoint brk[MAX_BREAKS];
    bool brk_addr_any;    /* some BRK_ADDR breakpoint is set */
    bool watch_priv;      /* a BRK_PRIV breakpoint is set */
    u32 brk_skip;         /* resume past a breakpoint at this address once */
    bool brk_skip_set;
    FILE *trace;          /* instruction trace, or NULL */
    volatile int halt_request;  /* set asynchronously (SIGINT) */
    struct {
        enum brk_kind kind;
        u32 value;
    } hit;                /* what the last STOP_BREAK hit */
};

/* machine.c */
struct machine *machine_new(u32 mem_size);
void machine_free(struct machine *m);
void machine_reset(struct machine *m);  /* initial CPU reset: registers, PSW, CRs */
void machine_clear(struct machine *m);  /* clear reset: also storage and keys */
void machine_set_variant(struct machine *m, int variant);   /* 0 (sound, the default) .. ISA_VARIANT_COUNT-1 */

/* cpu.c */
enum stop cpu_run(struct machine *m, u64 budget);
u64 cpu_psw(const struct cpu *c);                 /* architected 64-bit PSW */
int cpu_load_psw(struct cpu *c, u64 psw);         /* 0, or PGM_SPECIFICATION */
int cpu_interrupt(struct cpu *c, enum irq_class cls, u32 ilc_ia);
SLOW_PATH const struct insn *cpu_pgm(struct cpu *c, const struct insn *in, int code);
SLOW_PATH const struct insn *cpu_fetch_exception(struct cpu *c, u32 ia, int code);
SLOW_PATH const struct insn *cpu_svc(struct cpu *c, const struct insn *in, u8 number);
SLOW_PATH const struct insn *cpu_invalid_psw(struct cpu *c, u64 psw);
u64 cpu_tod(struct cpu *c);
u8 cpu_version_code(const struct cpu *c);
SLOW_PATH const struct insn *cpu_exit_after(struct cpu *c, const struct insn *in);
SLOW_PATH const struct insn *cpu_branch(struct cpu *c, u32 target);
/* The address of the instruction in slot `in` of the current page. */
static inline u32 cpu_insn_ia(const struct cpu *c, const struct insn *in)
{
    return (c->page_va + in->off) & ADDR_MASK;
}
/* Is `in` the target of EXECUTE (or a stop slot after it)? Its address,
 * length, links and exceptions are then the EXECUTE's (c->ex_in). */
static inline bool cpu_in_ex_slot(const struct cpu *c, const struct insn *in)
{
    return in >= c->ex_slot && in < c->ex_slot + 4;
}
void cpu_context_changed(struct cpu *c);          /* purge TLB after key/DAT/CR change */
SLOW_PATH const struct insn *cpu_privileged(struct cpu *c, const struct insn *in);
SLOW_PATH bool cpu_watch_priv(struct cpu *c, const struct insn *in);
bool cpu_break_event(struct cpu *c, enum brk_kind kind, u32 value);

/* access.c: checks and slow paths behind the inline fast paths in access.h */
int acc_check(struct cpu *c, u32 va, enum access_kind kind, u32 *abs_out);
void tlb_purge(struct machine *m);
void tlb_purge_frame(struct machine *m, u32 frame);
void tlb_purge_stores_to(struct machine *m, u32 frame);
void tlb_fill(struct cpu *c, enum access_kind kind, u32 va, u32 frame);

/* icache.c */
const struct insn *icache_enter(struct cpu *c, u32 ia);
void icache_invalidate(struct machine *m, u32 abs, u32 len);
void icache_flush(struct machine *m);

/* sie.c */
SLOW_PATH const struct insn *sie_enter(struct cpu *c, const struct insn *in, u32 sd);
SLOW_PATH const struct insn *sie_intercept(struct cpu *c, const struct insn *in);   /* NULL: interpret it */
SLOW_PATH const struct insn *sie_svc(struct cpu *c, const struct insn *in, u8 number);   /* NULL: deliver */
void sie_exit(struct cpu *c, int icode);
int sie_abs(struct cpu *c, u32 real, u32 *abs);   /* guest real -> host absolute: 0 or a code */
bool sie_program_intercept(struct cpu *c, int *code, int *ilc);   /* true: intercepted; a host
                                                                     fault becomes the host's */
void sie_guest_checkstop(struct cpu *c, u64 old);   /* its program new PSW is invalid: ends interpretation */
bool sie_host_interruption(struct machine *m);   /* one ended interpretation */
bool sie_intervention(struct machine *m);        /* a V request ended it */
u64 sie_host_tod_to_event(struct machine *m);    /* the host's clocks, while a guest runs */
#define PGM_HOST_FAULT 0x100                     /* ORed into a code: the host's exception */

/* clock.c */
void clock_init(struct machine *m, bool wall);
u64 clock_vtime(struct machine *m);
/* The CPU's work so far: instructions and steps (budgets count both). */
static inline u64 cpu_work(const struct machine *m) { return m->cpu.icount + m->cpu.steps; }
u64 clock_tod(struct machine *m);
void clock_step(struct machine *m);               /* an interruption taken: time for one instruction */
void clock_set_tod(struct machine *m, u64 tod);
s64 clock_cpu_timer(struct machine *m);
void clock_set_cpu_timer(struct machine *m, s64 v);
u64 clock_insns_to_next_event(struct machine *m);  /* for the run loop budget */
bool clock_ext_pending(struct machine *m, u16 *code);
bool clock_advance_to_event(struct machine *m);

/* storage helpers for devices, the console and loaders (absolute
 * addresses, no key checks; writes set the change bit and invalidate
 * decoded instructions) */
bool stor_valid(const struct machine *m, u32 abs, u32 len);
u32 stor_read32(const struct machine *m, u32 abs);
void stor_write32(struct machine *m, u32 abs, u32 v);
void stor_write(struct machine *m, u32 abs, const void *src, u32 len);
void stor_read(const struct machine *m, u32 abs, void *dst, u32 len);
void stor_set_change(struct machine *m, u32 abs, u32 len);

#endif
