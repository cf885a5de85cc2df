/* insn.h: a decoded instruction and the handler that runs it.
 *
 * Design note. This is the contract the decoder (isa/decode.c), the run
 * loop (machine/cpu/icache.c, cpu.c) and the instruction handlers
 * (isa/exec.h) share, and it depends on nothing else: a handler takes the
 * CPU by pointer, so `struct cpu` (machine/cpu/machine.h) is only named
 * here. The layers above include it in one direction only:
 *
 *   insn.h  <-  isa.h (the instruction set)  <-  machine.h (the machine)
 *           <-  exec.h (what handlers share: needs the CPU's registers)
 */
#ifndef CREASY_INSN_H
#define CREASY_INSN_H

#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

struct cpu;
struct insn;

/* Threaded dispatch needs a guaranteed tail call (see isa/exec.h).
 * -DTHREADED_DISPATCH=0 forces the call-return loop (for comparison). */
#ifndef THREADED_DISPATCH
#if defined(__clang__) && defined(__has_attribute)
#if __has_attribute(musttail)
#define THREADED_DISPATCH 1
#endif
#endif
#endif
#ifndef THREADED_DISPATCH
#define THREADED_DISPATCH 0
#endif

/* A handler runs its instruction and then, threaded, the ones after it,
 * until `budget` instructions have run or one leaves the run loop; it
 * returns the next instruction to run (see isa/exec.h). */
typedef const struct insn *insn_fn(struct cpu *c, const struct insn *in, long budget);

#define NO_SLOT 0xFFFF

/* Register number used for a base or index field of zero: gr[16] is
 * always zero, so address arithmetic needs no test. */
#define ZERO_REG 16

/* One decoded instruction. Invariant: `off` is the instruction's offset
 * from the start of the page it was decoded from (or from the page of an
 * EXECUTE), so its address is cpu->page_va + off. 32 bytes. */
struct insn {
    insn_fn *fn;    /* handler; the decode stub until decoded */
    u16 id;         /* index into isa_defs[] */
    u8 ilen;        /* 2, 4 or 6 */
    u8 step;        /* bytes to the next slot: ilen / 2 * sizeof(struct insn) */
    u8 r1, r2, r3;  /* register fields (also M1, M3 masks) */
    u8 x2, b1, b2;  /* index and base fields: 0 is stored as ZERO_REG */
    u8 l;           /* SS length field */
    u16 d1, d2;     /* displacements; for relative branches (no D2 field) the
                       page decoder keeps the target's slot index in d2 when
                       the target is in the same page, else NO_SLOT */
    u32 off;        /* address of this instruction minus cpu->page_va */
    u32 i2;         /* immediate field, not sign-extended */
};

/* The run loop's own handlers (machine/cpu/icache.c), which decoded slots
 * and the handlers' exits (isa/exec.h) go on to: the decode stub, the
 * page-end sentinel, the stop after an instruction run alone, a program
 * interruption, a branch off the decoded page. */
insn_fn exec_decode, exec_page_end, exec_stop, exec_pgm_exit, exec_far_branch;

#endif
