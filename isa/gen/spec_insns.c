/* spec_insns.c: the `instructions` section, one row per instruction.
 *
 * Design note. A row is read in the order its parts depend on each
 * other: its names, then its format (without which the opcode and the
 * operands cannot be checked), its opcode against the format, its
 * classes and references to the other sections, its exceptions, and last
 * its clashes with the rows before it. A row whose format or opcode is
 * refused is dropped, so the later checks never see a half-read row.
 *
 * Opcodes are checked the way the decoder will use them: the first two
 * bits of the first byte give the instruction length, and a primary
 * opcode is either a whole opcode or extended (by OP2, or by the second
 * byte of OP:16), always in the same bits.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

/* Operand template tokens and the layout field each needs. */
static const char *operand_field(const char *tok)
{
    static const char *const map[][2] = {
        {"R1", "R1"}, {"M1", "R1"}, {"R2", "R2"}, {"R3", "R3"}, {"M3", "R3"},
        {"I2", "I2"}, {"SI2", "I2"}, {"RI2", "I2"}, {"D2(X2,B2)", "X2"}, {"D2(B2)", "B2"},
        {"D1(B1)", "B1"}, {"D1(L,B1)", "L"}, {NULL, NULL}};
    for (int i = 0; map[i][0]; i++)
        if (strcmp(tok, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

static int format_has(const struct format *f, const char *field)
{
    for (int i = 0; i < f->nfields; i++)
        if (strcmp(f->f[i].name, field) == 0)
            return 1;
    return 0;
}

static void check_operands(struct gen *g, yaml_node_t *n, const struct format *f, const char *ops)
{
    char buf[64], *tok;
    int depth = 0;
    if (!ops || strlen(ops) >= sizeof buf)
        return;
    /* split on commas outside parentheses */
    strcpy(buf, ops);
    tok = buf;
    for (char *p = buf;; p++) {
        if (*p == '(')
            depth++;
        if (*p == ')')
            depth--;
        if ((*p == ',' && depth == 0) || *p == 0) {
            int end = *p == 0;
            *p = 0;
            if (*tok) {
                const char *fld = operand_field(tok);
                if (!fld)
                    spec_fail(g, n, "unknown operand '%s'", tok);
                else if (!format_has(f, fld))
                    spec_fail(g, n, "operand '%s' needs field %s, which format %s does not have", tok, fld,
                              f->name);
            }
            if (end)
                break;
            tok = p + 1;
        }
    }
}

/* The row's names and texts; -1 if it has no mnemonic. */
static int read_names(struct gen *g, yaml_node_t *e, struct insn *in)
{
    in->line = yaml_doc_line(e);
    in->mnemonic = spec_need_str(g, e, "mnemonic");
    in->name = spec_need_str(g, e, "name");
    in->operands = spec_need_str(g, e, "operands");
    in->alias = spec_opt_str(g, e, "alias");
    in->note = spec_opt_str(g, e, "note");
    in->handler = spec_opt_str(g, e, "handler");
    in->trap_control = spec_opt_str(g, e, "trap_control");
    if (!in->mnemonic)
        return -1;
    for (const char *p = in->mnemonic; *p; p++)
        if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p))
            spec_fail(g, spec_get(g, e, "mnemonic"), "mnemonic '%s' must be upper-case letters and digits",
                      in->mnemonic);
    return 0;
}

/* The format and the opcode that must fit it; -1 if either is refused. */
static int read_encoding(struct gen *g, yaml_node_t *e, struct insn *in)
{
    const char *fname = spec_opt_str(g, e, "format");
    in->format = spec_find_format(g, fname);
    if (in->format < 0) {
        spec_fail(g, spec_get(g, e, "format") ? spec_get(g, e, "format") : e, "%s: unknown format '%s'",
                  in->mnemonic, fname ? fname : "(none)");
        return -1;
    }
    const struct format *f = &g->fmt[in->format];
    yaml_node_t *opn = spec_get(g, e, "opcode");
    const char *op = yaml_doc_scalar(opn);
    char *end;
    if (!op || !*op || strlen(op) > 6 || (in->opcode = strtoul(op, &end, 16), *end)) {
        spec_fail(g, opn ? opn : e, "%s: opcode must be hex digits", in->mnemonic);
        return -1;
    }
    in->opdigits = strlen(op);
    if (in->opdigits * 4 != f->opbits) {
        spec_fail(g, opn, "%s: opcode '%s' has %d bits, but format %s has %d opcode bits", in->mnemonic, op,
                  in->opdigits * 4, f->name, f->opbits);
        return -1;
    }
    unsigned first = in->opcode >> (f->opbits - 8);
    static const int len_by_bits[4] = {2, 4, 4, 6};
    if (len_by_bits[first >> 6] != f->length)
        spec_fail(g, opn, "%s: opcode %02X means a %d-byte instruction, but format %s is %d bytes",
                  in->mnemonic, first, len_by_bits[first >> 6], f->name, f->length);
    check_operands(g, spec_get(g, e, "operands"), f, in->operands);
    return 0;
}

/* Privilege, Popek-Goldberg class, SIE mode and the rules they refer to. */
static void read_classes(struct gen *g, yaml_node_t *e, struct insn *in)
{
    in->privilege = spec_pick(g, e, "privilege", privileges);
    in->pg = spec_pick(g, e, "pg", pg_classes);
    in->sie = spec_pick(g, e, "sie", sie_modes);
    if ((in->privilege == 2) != (in->trap_control != NULL))
        spec_fail(g, e, "%s: trap_control is required for, and only for, semiprivileged instructions",
                  in->mnemonic);
    in->user_sensitive = in->pg != 0;
    yaml_node_t *us = spec_get(g, e, "user_sensitive");
    if (us) {
        const char *u = yaml_doc_scalar(us);
        if (!u || (strcmp(u, "true") && strcmp(u, "false")))
            spec_fail(g, us, "user_sensitive must be true or false");
        else
            in->user_sensitive = strcmp(u, "true") == 0;
    }
    const char *cc = spec_opt_str(g, e, "cc");
    in->cc = spec_find_named(g->cc, g->ncc, cc);
    if (in->cc < 0)
        spec_fail(g, spec_get(g, e, "cc") ? spec_get(g, e, "cc") : e, "%s: unknown condition-code rule '%s'",
                  in->mnemonic, cc ? cc : "(none)");
    in->sie_control = -1;
    if (spec_get(g, e, "sie_control")) {
        const char *ctl = spec_opt_str(g, e, "sie_control");
        in->sie_control = spec_find_named(g->ictl, g->nictl, ctl);
        if (in->sie_control < 0)
            spec_fail(g, spec_get(g, e, "sie_control"), "%s: unknown intercept control '%s'", in->mnemonic,
                      ctl ? ctl : "?");
    }
}

static void read_exceptions(struct gen *g, yaml_node_t *e, struct insn *in)
{
    yaml_node_t *ex = spec_get(g, e, "exceptions"), *x;
    if (!ex || ex->type != YAML_SEQUENCE_NODE) {
        spec_fail(g, ex ? ex : e, "%s: exceptions must be a list", in->mnemonic);
        return;
    }
    FOR_SEQ(g, ex, x) {
        const char *s = yaml_doc_scalar(x);
        if (s && strcmp(s, "access") == 0) {
            for (int i = 0; i < g->naccess; i++)
                in->exceptions |= 1u << g->pgm[spec_find_pgm(g, g->access_group[i])].code;
        } else if (spec_find_pgm(g, s) >= 0) {
            in->exceptions |= 1u << g->pgm[spec_find_pgm(g, s)].code;
        } else {
            spec_fail(g, x, "%s: unknown exception '%s'", in->mnemonic, s ? s : "?");
        }
    }
}

static int same_name(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* Mnemonics, aliases and opcodes the rows before this one already use. */
static void check_clashes(struct gen *g, yaml_node_t *e, const struct insn *in)
{
    const struct format *f = &g->fmt[in->format];
    yaml_node_t *opn = spec_get(g, e, "opcode");
    const char *op = yaml_doc_scalar(opn);
    for (int i = 0; i < g->nin; i++) {
        const struct insn *o = &g->in[i];
        if (same_name(o->mnemonic, in->mnemonic) || same_name(o->alias, in->mnemonic) ||
            same_name(o->mnemonic, in->alias) || same_name(o->alias, in->alias))
            spec_fail(g, e, "mnemonic %s duplicates line %d", in->mnemonic, o->line);
        const struct format *of = &g->fmt[o->format];
        unsigned p1 = in->opcode >> (f->opbits - 8), p2 = o->opcode >> (of->opbits - 8);
        if (p1 != p2)
            continue;
        int ext1 = f->opbits > 8, ext2 = of->opbits > 8;
        if (ext1 != ext2)
            spec_fail(g, opn, "%s: primary opcode %02X is %s here but %s for %s (line %d)", in->mnemonic, p1,
                      ext1 ? "extended" : "a whole opcode", ext2 ? "extended" : "a whole opcode", o->mnemonic,
                      o->line);
        else if (!ext1)
            spec_fail(g, opn, "%s: opcode %02X duplicates %s (line %d)", in->mnemonic, p1, o->mnemonic, o->line);
        else if (f->op2_off != of->op2_off || f->op2_width != of->op2_width)
            spec_fail(g, opn,
                      "%s: primary opcode %02X is extended by bits %d-%d here but by bits %d-%d for %s (line %d)",
                      in->mnemonic, p1, f->op2_off, f->op2_off + f->op2_width - 1, of->op2_off,
                      of->op2_off + of->op2_width - 1, o->mnemonic, o->line);
        else if (in->opcode == o->opcode)
            spec_fail(g, opn, "%s: opcode %s duplicates %s (line %d)", in->mnemonic, op, o->mnemonic, o->line);
    }
}

int insn_relative(const struct insn *in) { return in->operands && strstr(in->operands, "RI2") != NULL; }

/* `flow`, which binary translation relies on, where the row's shape can
 * say it is wrong: a relative flow needs the relative operand and every
 * relative operand needs a flow; a link needs a link register (R1); EX
 * is "R1,D2(X2,B2)". */
static void read_flow(struct gen *g, yaml_node_t *e, struct insn *in)
{
    yaml_node_t *n = spec_get(g, e, "flow");
    int rel = insn_relative(in);
    if (!in->operands)
        return;   /* refused already */
    if (!n) {
        if (rel)
            spec_fail(g, e, "%s: a relative operand needs a flow (relative, relative-link or address)",
                      in->mnemonic);
        return;
    }
    in->flow = spec_pick(g, e, "flow", flows) + 1;
    const char *f = flows[in->flow - 1];
    int wants_rel = !strcmp(f, "relative") || !strcmp(f, "relative-link") || !strcmp(f, "address");
    if (wants_rel && !rel)
        spec_fail(g, n, "%s: flow %s needs a relative operand (RI2)", in->mnemonic, f);
    else if (!wants_rel && rel)
        spec_fail(g, n, "%s: flow %s takes no relative operand (RI2): relative, relative-link or address",
                  in->mnemonic, f);
    else if (strstr(f, "link") && strncmp(in->operands, "R1,", 3))
        spec_fail(g, n, "%s: flow %s needs a link register (operands R1,...)", in->mnemonic, f);
    else if (!strcmp(f, "execute") && strcmp(in->operands, "R1,D2(X2,B2)"))
        spec_fail(g, n, "%s: flow execute needs operands R1,D2(X2,B2)", in->mnemonic);
    const struct format *fm = &g->fmt[in->format];
    if (fm->opbits > 16 || (fm->op2_width && fm->op2_off + fm->op2_width > 16))   /* arch.h's ARCH_FLOW_INSNS */
        spec_fail(g, n, "%s: an instruction with a flow must have its opcode in its first halfword", in->mnemonic);
}

/* arch.h lists privileged instructions by their first halfword
 * (ARCH_PRIVILEGED_INSNS), so their opcode bits must lie in it. */
static void check_privileged_opcode(struct gen *g, const struct insn *in)
{
    const struct format *fm = &g->fmt[in->format];
    if (in->privilege != 0 && (fm->opbits > 16 || (fm->op2_width && fm->op2_off + fm->op2_width > 16)))
        spec_fail_at(g, in->line, "%s: a privileged instruction's opcode must lie in its first halfword",
                     in->mnemonic);
}

void spec_read_insns(struct gen *g, yaml_node_t *root)
{
    static const char *const keys[] = {"mnemonic", "name", "opcode", "format", "operands",
                                       "privilege", "trap_control", "pg", "user_sensitive", "cc",
                                       "exceptions", "sie", "sie_control", "handler", "alias",
                                       "note", "flow", "variants", "problem_state", NULL};
    yaml_node_t *seq = spec_need_seq(g, root, "instructions"), *e;
    if (!seq)
        return;
    FOR_SEQ(g, seq, e) {
        if (e->type != YAML_MAPPING_NODE || g->nin == MAX_INSNS) {
            spec_fail(g, e, "instruction must be a mapping");
            continue;
        }
        spec_only_keys(g, e, keys);
        struct insn *in = &g->in[g->nin];
        memset(in, 0, sizeof *in);
        if (read_names(g, e, in) < 0 || read_encoding(g, e, in) < 0)
            continue;
        read_classes(g, e, in);
        read_flow(g, e, in);
        if (spec_get(g, e, "problem_state"))
            in->problem_state = spec_pick(g, e, "problem_state", problem_states);
        in->variants = ~0u;   /* every variant, unless spec_variants.c narrows it */
        in->variants_node = spec_get(g, e, "variants");
        read_exceptions(g, e, in);
        check_clashes(g, e, in);
        check_privileged_opcode(g, in);
        g->nin++;
    }
}
