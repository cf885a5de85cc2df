/* spec_variants.c: the `variants` section, and each variant's rows.
 *
 * Design note. A variant is a machine that differs from the spec as
 * written in a few rows: the flawed machine, whose EPSW and system-mask
 * instructions break Popek and Goldberg's Theorem 1 as x86's did. It is
 * data, an overlay: `changes` set a few keys of named rows, and a row's own
 * `variants: [...]` says it exists only in those machines. So there is one
 * list of rows, one handler per row and one decode table, and a variant
 * only decides which rows exist and how they are classed. Variant 0,
 * `sound`, is implicit.
 *
 * After reading, g->vin[v] holds variant v's rows, all of them in the same
 * order as g->in, with `present` and the changes applied; a changed row's
 * line is its change's, so the theorems and every refusal about it point
 * at the change. Then each variant's rows get the checks a row's classes
 * need (trap_control, problem_state, arch.h's first-halfword opcodes).
 */
#include <ctype.h>
#include <string.h>

#include "gen.h"

int spec_find_variant(const struct gen *g, const char *name)
{
    for (int v = 0; name && v < g->nvar; v++)
        if (strcmp(g->var[v].name, name) == 0)
            return v;
    return -1;
}

static int find_insn(const struct gen *g, const char *mnemonic)
{
    for (int i = 0; mnemonic && i < g->nin; i++)
        if (strcmp(g->in[i].mnemonic, mnemonic) == 0)
            return i;
    return -1;
}

/* An optional key's choice, or -1 if it is not given. */
static int opt_pick(struct gen *g, yaml_node_t *e, const char *key, const char *const *choices)
{
    return spec_get(g, e, key) ? spec_pick(g, e, key, choices) : -1;
}

/* An optional true/false, or -1 if it is not given. */
static int opt_bool(struct gen *g, yaml_node_t *e, const char *key)
{
    yaml_node_t *n = spec_get(g, e, key);
    const char *s = yaml_doc_scalar(n);
    if (!n)
        return -1;
    if (!s || (strcmp(s, "true") && strcmp(s, "false"))) {
        spec_fail(g, n, "%s must be true or false", key);
        return -1;
    }
    return strcmp(s, "true") == 0;
}

static void read_change(struct gen *g, struct variant *var, yaml_node_t *e)
{
    static const char *const keys[] = {"mnemonic", "privilege", "pg", "user_sensitive", "sie",
                                       "problem_state", "note", NULL};
    if (e->type != YAML_MAPPING_NODE || var->nch == MAX_CHANGES) {
        spec_fail(g, e, "variant %s: a change is a mapping {mnemonic: ..., KEY: VALUE} (at most %d)", var->name,
                  MAX_CHANGES);
        return;
    }
    spec_only_keys(g, e, keys);
    const char *mn = spec_need_str(g, e, "mnemonic");
    struct change *c = &var->ch[var->nch];
    *c = (struct change){.line = yaml_doc_line(e), .insn = find_insn(g, mn),
                         .privilege = opt_pick(g, e, "privilege", privileges),
                         .pg = opt_pick(g, e, "pg", pg_classes), .user_sensitive = opt_bool(g, e, "user_sensitive"),
                         .sie = opt_pick(g, e, "sie", sie_modes),
                         .problem_state = opt_pick(g, e, "problem_state", problem_states),
                         .note = spec_opt_str(g, e, "note")};
    if (!mn)
        return;
    if (c->insn < 0) {
        spec_fail(g, spec_get(g, e, "mnemonic"), "variant %s: unknown instruction '%s'", var->name, mn);
        return;
    }
    for (int k = 0; k < var->nch; k++)
        if (var->ch[k].insn == c->insn) {
            spec_fail(g, e, "variant %s: %s is changed twice (line %d)", var->name, mn, var->ch[k].line);
            return;
        }
    var->nch++;
}

static void read_variant(struct gen *g, yaml_node_t *e)
{
    static const char *const keys[] = {"name", "desc", "changes", NULL};
    if (e->type != YAML_MAPPING_NODE || g->nvar == MAX_VARIANTS) {
        spec_fail(g, e, "a variant is a mapping {name, desc, changes} (at most %d besides sound)",
                  MAX_VARIANTS - 1);
        return;
    }
    spec_only_keys(g, e, keys);
    struct variant *var = &g->var[g->nvar];
    memset(var, 0, sizeof *var);
    var->line = yaml_doc_line(e);
    var->name = spec_need_str(g, e, "name");
    var->desc = spec_need_str(g, e, "desc");
    if (!var->name)
        return;
    int ok = islower((unsigned char)var->name[0]) != 0;
    for (const char *p = var->name; *p; p++)
        ok &= (islower((unsigned char)*p) || isdigit((unsigned char)*p));
    int dup = spec_find_variant(g, var->name);
    if (!ok)
        spec_fail(g, spec_get(g, e, "name"), "variant name '%s' must be lower-case letters and digits", var->name);
    else if (dup == 0)
        spec_fail(g, spec_get(g, e, "name"), "variant 'sound' is the spec as written: it is implicit");
    else if (dup > 0)
        spec_fail(g, spec_get(g, e, "name"), "variant '%s' duplicates line %d", var->name, g->var[dup].line);
    if (!ok || dup >= 0)
        return;
    yaml_node_t *seq = spec_need_seq(g, e, "changes"), *c;
    if (seq)
        FOR_SEQ(g, seq, c)
            read_change(g, var, c);
    g->nvar++;
}

/* Each row's `variants: [NAME...]` into its bit mask. */
static void resolve_row_lists(struct gen *g)
{
    for (int i = 0; i < g->nin; i++) {
        struct insn *in = &g->in[i];
        yaml_node_t *n = in->variants_node, *x;
        if (!n)
            continue;
        in->variants = 0;
        if (n->type != YAML_SEQUENCE_NODE || n->data.sequence.items.start == n->data.sequence.items.top) {
            spec_fail(g, n, "%s: variants must be a list of variant names", in->mnemonic);
            continue;
        }
        FOR_SEQ(g, n, x) {
            int v = spec_find_variant(g, yaml_doc_scalar(x));
            if (v < 0)
                spec_fail(g, x, "%s: unknown variant '%s'", in->mnemonic,
                          yaml_doc_scalar(x) ? yaml_doc_scalar(x) : "?");
            else
                in->variants |= 1u << v;
        }
    }
}

/* g->vin[v]: the rows, present or not, with variant v's changes. */
static void build_rows(struct gen *g, int v)
{
    const struct variant *var = &g->var[v];
    for (int i = 0; i < g->nin; i++) {
        g->vin[v][i] = g->in[i];
        g->vin[v][i].present = (g->in[i].variants >> v) & 1;
    }
    for (int k = 0; k < var->nch; k++) {
        const struct change *c = &var->ch[k];
        struct insn *in = &g->vin[v][c->insn];
        if (!in->present)
            spec_fail_at(g, c->line, "variant %s changes %s, which it does not have", var->name, in->mnemonic);
        in->line = c->line;
        if (c->privilege >= 0)
            in->privilege = c->privilege;
        if (c->pg >= 0)
            in->pg = c->pg;
        if (c->pg >= 0 && c->user_sensitive < 0)
            in->user_sensitive = in->pg != 0;   /* the rule a row's own default follows */
        if (c->user_sensitive >= 0)
            in->user_sensitive = c->user_sensitive;
        if (c->sie >= 0)
            in->sie = c->sie;
        if (c->problem_state >= 0)
            in->problem_state = c->problem_state;
        if (c->note)
            in->note = c->note;
    }
}

static int first_halfword(const struct format *fm)
{
    return fm->opbits <= 16 && (!fm->op2_width || fm->op2_off + fm->op2_width <= 16);
}

/* What a row's classes need, in every variant it exists in. A row as
 * written is checked once, in the first variant that has it; a changed
 * row in its variant, at its change's line. */
static void check_rows(struct gen *g, int v)
{
    char pre[64] = "";
    if (v)
        snprintf(pre, sizeof pre, "variant %s: ", g->var[v].name);
    for (int i = 0; i < g->nin; i++) {
        const struct insn *in = &g->vin[v][i];
        int changed = in->line != g->in[i].line;
        if (!in->present || (!changed && (in->variants & ((1u << v) - 1))))
            continue;
        if (changed && (in->privilege == 2) != (in->trap_control != NULL))
            spec_fail_at(g, in->line, "%s%s: trap_control is required for, and only for, semiprivileged instructions",
                         pre, in->mnemonic);
        if (in->problem_state && in->privilege != 0)
            spec_fail_at(g, in->line, "%s%s: problem_state mask-unchanged needs an unprivileged instruction", pre,
                         in->mnemonic);
        /* arch.h lists privileged (spec_insns.c checks rows as written)
         * and trapless sensitive rows by their first halfword */
        if (((changed && in->privilege != 0) || (in->privilege == 0 && in->pg != 0)) &&
            !first_halfword(&g->fmt[in->format]))
            spec_fail_at(g, in->line, "%s%s: a privileged or sensitive instruction's opcode must lie in its first "
                         "halfword", pre, in->mnemonic);
    }
}

void spec_read_variants(struct gen *g, yaml_node_t *root)
{
    g->var[0] = (struct variant){.name = "sound", .desc = "the spec as written"};
    g->nvar = 1;
    yaml_node_t *seq = spec_get(g, root, "variants"), *e;
    if (seq && seq->type != YAML_SEQUENCE_NODE)
        spec_fail(g, seq, "'variants' must be a list");
    else if (seq)
        FOR_SEQ(g, seq, e)
            read_variant(g, e);
    resolve_row_lists(g);
    for (int v = 0; v < g->nvar; v++) {
        build_rows(g, v);
        check_rows(g, v);
    }
}
