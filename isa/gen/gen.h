/* gen.h: the table generator's model of spec.yaml, shared by its parts.
 *
 *   gen_tables SPEC OUTDIR [--handlers LIST]   write isa_tables.[ch], arch.h
 *   gen_tables --check SPEC [--variant NAME]   Popek-Goldberg theorems 1 and 3
 *
 * Design note. The generator has three stages, one folder of small files:
 * reading (spec*.c, on machine/host/yaml_doc.c, the YAML plumbing the
 * host's readers share) turns the YAML document into `struct gen` and
 * refuses a bad spec with "SPEC:LINE: reason"; emitting (emit*.c) writes each
 * generated file from `struct gen` alone, and never refuses anything;
 * checking (theorems.c) evaluates Popek and Goldberg's theorems. Every
 * check runs before anything is written, and each output goes through a
 * temporary file and rename(), so a bad spec never leaves half a table
 * behind. main.c puts the stages in order.
 *
 * The model keeps each entry's spec line, so later checks (the handler
 * list, the theorems) can still point at the spec.
 *
 * Variants (spec_variants.c). `in` holds the rows as written; vin[v] holds
 * variant v's rows, every one of them in the same order (so an instruction
 * has one index, one handler and one decode-table entry in every variant),
 * with `present` saying whether the row exists there and a changed row's
 * `line` the line of its change. Variant 0 is the sound machine, the spec
 * as written. Checks and emitters that are about a machine read vin[v];
 * those about encodings and handlers read `in`.
 */
#ifndef CREASY_GEN_H
#define CREASY_GEN_H

#include <stdint.h>
#include <stdio.h>

#include "yaml_doc.h"   /* machine/host/: the YAML plumbing the host's readers share */

#define MAX_INSNS 512
#define MAX_ITEMS 64
#define MAX_FIELDS 12
#define MAX_VARIANTS 8
#define MAX_CHANGES 32

struct field { char name[8]; int off, width; };

/* An instruction format. Invariant: the fields fill 8 x length bits. */
struct format {
    const char *name;
    int line, length, nfields;
    struct field f[MAX_FIELDS];
    int opbits;            /* OP + OP2 width */
    int op_width;          /* OP width (8 or 16) */
    int op2_off, op2_width; /* OP2, or op2_width 0 */
};

/* A program-interruption code; `type` is one of pgm_types. */
struct pgm { int code, line; const char *name, *title, *type, *desc; };

/* A named entry of one of the small lists. `value` is a code, an offset,
 * an address or a field's value; `length` a length in bytes, a CR number,
 * an intercept control's mask, or an index into another list (the CR0
 * field of an external interruption); bit_lo..bit_hi a bit field. */
struct named { const char *name, *desc; int line, value, length, bit_lo, bit_hi, has_value; };

/* A bit of a one-byte state-description field (`bits:` in spec.yaml). */
struct sd_bit { const char *field, *name; int line, mask; };

/* An instruction. `format`, `cc`, `sie_control` index g->fmt, g->cc and
 * g->ictl; `privilege`, `pg`, `sie` index the choice lists below;
 * `exceptions` has bit n set for program-interruption code n. */
struct insn {
    int line;
    const char *mnemonic, *alias, *name, *operands, *note, *trap_control, *handler;
    int format, privilege, pg, cc, sie, sie_control, user_sensitive;
    int problem_state;        /* index into problem_states */
    int flow;                 /* 0 none, else 1 + index into flows */
    unsigned variants;        /* bit v: the row exists in variant v */
    yaml_node_t *variants_node; /* its `variants:` list, resolved by spec_variants.c; or NULL */
    int present;              /* in vin[v]: the row exists in variant v */
    uint32_t opcode;
    int opdigits;
    uint32_t exceptions;
};

/* A variant's change to one row; -1 (NULL) for a key it does not set. */
struct change { int line, insn, privilege, pg, user_sensitive, sie, problem_state; const char *note; };

/* A machine variant: variant 0 is the sound one, the spec as written. */
struct variant {
    const char *name, *desc;
    int line;
    struct change ch[MAX_CHANGES];
    int nch;
};

struct gen {
    const char *path;
    struct yaml_doc doc;   /* refusals go to stderr, each one */
    int errors;            /* refusals, and failed checks after reading */
    struct format fmt[MAX_ITEMS]; int nfmt;
    struct pgm pgm[MAX_ITEMS]; int npgm;
    struct named cc[MAX_ITEMS]; int ncc;
    struct named psw[MAX_ITEMS]; int npsw;
    struct named lc[MAX_ITEMS]; int nlc;
    struct named crf[MAX_ITEMS]; int ncrf;
    struct named dat[MAX_ITEMS]; int ndat;
    struct named ext[MAX_ITEMS]; int next;
    struct named ictl[MAX_ITEMS]; int nictl;
    struct named icode[MAX_ITEMS]; int nicode;
    struct named vcode[MAX_ITEMS]; int nvcode;
    struct named sd[MAX_ITEMS]; int nsd;
    struct sd_bit sdbit[MAX_ITEMS]; int nsdbit;
    int sd_length;
    const char *host_fault_exit;   /* the name of the exit-counter slot after the interception codes */
    const char *access_group[MAX_ITEMS]; int naccess; int access_line;
    struct insn in[MAX_INSNS]; int nin;
    struct variant var[MAX_VARIANTS]; int nvar;
    struct insn vin[MAX_VARIANTS][MAX_INSNS];   /* each variant's rows (spec_variants.c) */
    long cpu_id, model, version, page_size;
};

extern const char *const privileges[];
extern const char *const pg_classes[];
extern const char *const sie_modes[];
extern const char *const pgm_types[];
extern const char *const problem_states[];
extern const char *const flows[];

/* ---- spec_yaml.c: the spec's keys, and refusals (nodes, lines, scalars: yaml_doc.h) -- */
void spec_fail(struct gen *g, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void spec_fail_at(struct gen *g, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
yaml_node_t *spec_get(struct gen *g, yaml_node_t *map, const char *key);
void spec_only_keys(struct gen *g, yaml_node_t *map, const char *const *allowed);
const char *spec_need_str(struct gen *g, yaml_node_t *map, const char *key);
const char *spec_opt_str(struct gen *g, yaml_node_t *map, const char *key);
long spec_need_int(struct gen *g, yaml_node_t *map, const char *key, long lo, long hi);
int spec_pick(struct gen *g, yaml_node_t *map, const char *key, const char *const *choices);
yaml_node_t *spec_need_seq(struct gen *g, yaml_node_t *map, const char *key);
yaml_node_t *spec_need_map(struct gen *g, yaml_node_t *map, const char *key);
int spec_parse_document(struct gen *g, const char *path);

#define FOR_SEQ(g, seq, item)                                                   \
    for (yaml_node_item_t *it_ = (seq)->data.sequence.items.start;               \
         it_ < (seq)->data.sequence.items.top && ((item) = yaml_doc_node(&(g)->doc, *it_)); it_++)

/* ---- spec.c: the whole spec, section by section -------------------------------- */
int spec_load(struct gen *g, const char *path);

/* ---- spec_arch.c, spec_sie.c, spec_insns.c: the sections ------------------------- */
void spec_read_machine(struct gen *g, yaml_node_t *root);
void spec_read_formats(struct gen *g, yaml_node_t *root);
void spec_read_psw(struct gen *g, yaml_node_t *root);
void spec_read_bitfields(struct gen *g, yaml_node_t *root, const char *key, struct named *out, int *n,
                         int with_cr);
void spec_read_externals(struct gen *g, yaml_node_t *root);
void spec_read_lowcore(struct gen *g, yaml_node_t *root);
void spec_read_pgms(struct gen *g, yaml_node_t *root);
void spec_read_cc(struct gen *g, yaml_node_t *root);
void spec_read_sie(struct gen *g, yaml_node_t *root);
void spec_read_insns(struct gen *g, yaml_node_t *root);
void spec_read_variants(struct gen *g, yaml_node_t *root);
int spec_find_variant(const struct gen *g, const char *name);
int insn_relative(const struct insn *in);   /* has a relative (RI2) operand */
int spec_find_format(const struct gen *g, const char *name);
int spec_find_pgm(const struct gen *g, const char *name);
int spec_find_named(const struct named *v, int n, const char *name);

/* ---- spec_handlers.c: the handlers the sources define ------------------------------ */
void insn_handler_name(const struct insn *in, char *buf, size_t n);
void spec_check_handlers(struct gen *g, const char *list);

/* ---- emit_file.c: writing a generated file ---------------------------------------- */
struct out { FILE *f; char tmp[4096], final[4096]; };
int out_open(struct out *o, const char *dir, const char *name);
int out_close(struct out *o);
void emit_cstr(FILE *f, const char *s);
void emit_upper_ident(char *dst, const char *src, size_t n);
unsigned emit_bit_mask(int lo, int hi);

/* ---- emit_arch.c, emit_sie.c, emit_tables_h.c, emit_tables_c.c -------------------------- */
void emit_arch_h(const struct gen *g, FILE *f);
void emit_tables_h(const struct gen *g, FILE *f);
void emit_tables_c(const struct gen *g, FILE *f);

/* ---- theorems.c ---------------------------------------------------------------------- */
int check_theorems(const struct gen *g, int v);   /* variant v: 0, or 1 if Theorem 1 fails */

#endif
