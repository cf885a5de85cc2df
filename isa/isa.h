/* isa.h: the instruction set as the rest of creasy sees it.
 *
 * Design note. spec.yaml is the only list of instructions. The generator
 * (isa/gen/) turns it into build/gen/isa_tables.[ch]: one
 * `struct isa_def` per instruction, the two-level decode tables, and one
 * field-extraction routine per format. Nothing in this directory lists
 * instructions by hand; semantics live in isa/exec_*.c, one DEF_INSN()
 * per instruction, and the build checks that spec.yaml and those files name
 * exactly the same handlers.
 *
 * A decoded instruction is a `struct insn` (isa/insn.h). The CPU keeps
 * one per halfword of every 4K page it executes from
 * (machine/cpu/icache.c), so each instruction is decoded once and then
 * dispatched straight through `fn`.
 *
 * Instruction formats, as in the Principles of Operation (bit 0 leftmost):
 *
 *   RR   | op:8 | R1:4 | R2:4 |
 *   RX   | op:8 | R1:4 | X2:4 | B2:4 | D2:12 |
 *   RS   | op:8 | R1:4 | R3:4 | B2:4 | D2:12 |
 *   RI   | op:8 | R1:4 |op2:4| I2:16 |
 *   SI   | op:8 |   I2:8      | B1:4 | D1:12 |
 *   SS   | op:8 |   L:8       | B1:4 | D1:12 | B2:4 | D2:12 |
 *   RRE  |     op:16          |  ////:8  | R1:4 | R2:4 |
 *   RXE  | op:8 | R1:4 | X2:4 | B2:4 | D2:12 | ////:8 | op2:8 |
 *
 * spec.yaml's `formats` section is the full list.
 */
#ifndef CREASY_ISA_H
#define CREASY_ISA_H

#include <stddef.h>

#include "insn.h"   /* struct insn, insn_fn, the integer types */

enum isa_privilege { ISA_UNPRIVILEGED, ISA_PRIVILEGED, ISA_SEMIPRIVILEGED };
enum isa_pg_class { ISA_INNOCUOUS, ISA_CONTROL_SENSITIVE, ISA_BEHAVIOUR_SENSITIVE };
enum isa_sie_mode { ISA_SIE_NATIVE, ISA_SIE_INTERPRETED, ISA_SIE_INTERCEPTED };
/* What it does in problem state where it is unprivileged on a flawed machine */
enum isa_problem_state { ISA_PROBLEM_TRAPS, ISA_PROBLEM_MASK_UNCHANGED };
/* How it moves control (spec.yaml's `flow`; arch.h's ARCH_FLOW_*) */
enum isa_flow {
    ISA_FLOW_NONE,
    ISA_FLOW_BRANCH,        /* target from registers or an address, no link */
    ISA_FLOW_BRANCH_LINK,
    ISA_FLOW_RELATIVE,      /* target from the relative operand */
    ISA_FLOW_RELATIVE_LINK,
    ISA_FLOW_ADDRESS,       /* a relative operand that is no branch (LARL) */
    ISA_FLOW_EXECUTE,
};

/* Static facts about one instruction, one per spec.yaml row. Each machine
 * variant (spec.yaml's `variants`) has a full table of them, in the same
 * order: isa_variants[v], isa_defs the sound machine's; a machine uses
 * its own (struct machine's `isa`). Only the classes, `present`,
 * `problem_state`, `note` and `spec_line` differ between variants. */
struct isa_def {
    const char *mnemonic;
    const char *alias;       /* second assembler mnemonic, or NULL */
    const char *name;        /* "Add Register" */
    const char *operands;    /* operand template, "R1,D2(X2,B2)" */
    const char *note;        /* or NULL */
    const char *trap_control; /* semiprivileged only */
    insn_fn *fn;
    u32 opcode;              /* opcode bits as written in spec.yaml */
    u32 exceptions;          /* bit n set: program interruption code n */
    u16 spec_line;           /* line in spec.yaml */
    u8 format;               /* index into isa_formats[] */
    u8 length;
    u8 privilege;            /* enum isa_privilege */
    u8 pg;                   /* enum isa_pg_class */
    u8 cc;                   /* index into isa_cc_rules[] */
    u8 sie;                  /* enum isa_sie_mode */
    s8 sie_control;          /* intercept control index, or -1 */
    u8 relative;             /* has a relative (RI2) operand: a branch target or LARL */
    u8 present;              /* 0: the row does not exist in this variant (undefined opcode) */
    u8 problem_state;        /* enum isa_problem_state */
    u8 flow;                 /* enum isa_flow */
};

struct isa_format {
    const char *name;
    u8 length;
    void (*decode)(struct insn *in, const u8 *bytes);
};

struct isa_cc_rule {
    const char *name;
    const char *desc;
};

/* Decode: how a primary opcode byte selects an instruction. */
struct isa_primary {
    u16 id;         /* instruction index + 1, or 0 */
    u8 ext_byte;    /* extended opcodes: the second opcode is */
    u8 ext_shift;   /* (bytes[ext_byte] >> ext_shift) & ext_mask */
    u8 ext_mask;
    const u16 *ext; /* second-level table (index + 1, or 0), or NULL */
};

#include "isa_tables.h"   /* generated: counts, ISA_<MNEMONIC> ids, tables */

/* isa/fused.c: a faster handler that does exactly what decoded slot `in`
 * does when `next` (the decoded instruction after it in the same page, or
 * NULL) follows it, or NULL. A pair's first instruction is at most 4 bytes
 * long and its second at most 6. */
insn_fn *isa_specialize(const struct insn *in, const struct insn *next);

/* isa/decode.c. `isa` is a variant's table (a machine's m->isa); the
 * forms without it are the sound machine's. */
int isa_length(u8 first_byte);                      /* 2, 4 or 6 */
int isa_lookup_in(const struct isa_def *isa, const u8 *bytes);  /* index, or -1: undefined there */
int isa_lookup(const u8 *bytes);                    /* the sound machine's */
void isa_decode(struct insn *in, const u8 *bytes, int id);
int isa_find(const char *mnemonic);                 /* by mnemonic or alias, in any variant */
int isa_variant_find(const char *name);             /* a variant by name, or -1 */
const char *isa_variant_list(char *buf, size_t n);  /* "sound, flawed": the names, for messages */

/* isa/disasm.c: "AR    1,2" into buf; returns the instruction length.
 * `addr` resolves relative operands; opcodes undefined in variant `isa`
 * print as DC. */
int isa_disasm_in(const struct isa_def *isa, const u8 *bytes, u32 addr, char *buf, int size);
int isa_disasm(const u8 *bytes, u32 addr, char *buf, int size);   /* the sound machine's */

#endif
