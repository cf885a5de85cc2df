/* spec_arch.c: the architecture sections of the spec: the machine, the
 * PSW, control-register and DAT-entry fields, external interruptions, low
 * core, program interruptions and condition-code rules.
 *
 * Design note. Each reader fills one list of `struct named` (or `struct
 * pgm`) and refuses what would make a wrong constant: a bit field outside
 * its word, fields or low-core entries that overlap, duplicate names or
 * codes, a reference to a field that does not exist. Instructions refer
 * to these lists by name, so they are read first (spec.c).
 */
#include <string.h>

#include "gen.h"

void spec_read_machine(struct gen *g, yaml_node_t *root)
{
    static const char *const keys[] = {"name", "architecture", "cpu_id", "model", "version",
                                       "page_size", "key_block_size", NULL};
    yaml_node_t *m = spec_need_map(g, root, "machine");
    if (!m)
        return;
    spec_only_keys(g, m, keys);
    g->cpu_id = spec_need_int(g, m, "cpu_id", 0, 0xFFFFFF);
    g->model = spec_need_int(g, m, "model", 0, 0xFFFF);
    g->version = spec_need_int(g, m, "version", 0, 0xFF);
    g->page_size = spec_need_int(g, m, "page_size", 4096, 4096);
    spec_need_int(g, m, "key_block_size", 4096, 4096);
}

/* "5" or "8-11" -> [lo, hi] within 0..max */
static int parse_bits(const char *s, int max, int *lo, int *hi)
{
    char tail;
    if (!s)
        return -1;
    if (sscanf(s, "%d-%d%c", lo, hi, &tail) == 2) {
    } else if (sscanf(s, "%d%c", lo, &tail) == 1) {
        *hi = *lo;
    } else {
        return -1;
    }
    return *lo < 0 || *hi > max || *lo > *hi ? -1 : 0;
}

void spec_read_psw(struct gen *g, yaml_node_t *root)
{
    static const char *const keys[] = {"name", "bits", "value", "desc", NULL};
    yaml_node_t *seq = spec_need_seq(g, root, "psw"), *e;
    if (!seq)
        return;
    FOR_SEQ(g, seq, e) {
        if (e->type != YAML_MAPPING_NODE || g->npsw == MAX_ITEMS) {
            spec_fail(g, e, "PSW field must be a mapping");
            continue;
        }
        spec_only_keys(g, e, keys);
        struct named *f = &g->psw[g->npsw];
        f->line = yaml_doc_line(e);
        f->name = spec_need_str(g, e, "name");
        f->desc = spec_need_str(g, e, "desc");
        if (parse_bits(spec_opt_str(g, e, "bits"), 63, &f->bit_lo, &f->bit_hi) < 0) {
            spec_fail(g, spec_get(g, e, "bits") ? spec_get(g, e, "bits") : e,
                      "PSW field bits must be N or N-M within 0-63");
            continue;
        }
        if (f->bit_lo < 32 && f->bit_hi >= 32)
            spec_fail(g, e, "PSW field %s straddles the two words", f->name);
        if (spec_get(g, e, "value")) {
            f->has_value = 1;
            f->value = spec_need_int(g, e, "value", 0, (1L << (f->bit_hi - f->bit_lo + 1)) - 1);
        }
        for (int i = 0; i < g->npsw; i++)
            if (f->bit_lo <= g->psw[i].bit_hi && g->psw[i].bit_lo <= f->bit_hi)
                spec_fail(g, e, "PSW field %s overlaps %s (line %d)", f->name ? f->name : "?",
                          g->psw[i].name, g->psw[i].line);
        if (f->name)
            g->npsw++;
    }
}

/* Bit fields of one 32-bit word: {name, [cr], bits, [value], desc}.
 * Fields of the same word (same cr) must not overlap. */
void spec_read_bitfields(struct gen *g, yaml_node_t *root, const char *key, struct named *out, int *n,
                         int with_cr)
{
    static const char *const keys[] = {"name", "cr", "bits", "value", "desc", NULL};
    yaml_node_t *seq = spec_need_seq(g, root, key), *e;
    if (!seq)
        return;
    FOR_SEQ(g, seq, e) {
        if (e->type != YAML_MAPPING_NODE || *n == MAX_ITEMS) {
            spec_fail(g, e, "%s entry must be a mapping", key);
            continue;
        }
        spec_only_keys(g, e, keys);
        struct named *f = &out[*n];
        f->line = yaml_doc_line(e);
        f->name = spec_need_str(g, e, "name");
        f->desc = spec_need_str(g, e, "desc");
        f->length = with_cr ? spec_need_int(g, e, "cr", 0, 15) : 0;
        if (!with_cr && spec_get(g, e, "cr"))
            spec_fail(g, spec_get(g, e, "cr"), "unknown key 'cr'");
        if (parse_bits(spec_opt_str(g, e, "bits"), 31, &f->bit_lo, &f->bit_hi) < 0) {
            spec_fail(g, spec_get(g, e, "bits") ? spec_get(g, e, "bits") : e, "bits must be N or N-M within 0-31");
            continue;
        }
        if (spec_get(g, e, "value")) {
            f->has_value = 1;
            f->value = spec_need_int(g, e, "value", 0, (long)((1ull << (f->bit_hi - f->bit_lo + 1)) - 1));
        }
        for (int i = 0; i < *n; i++) {
            if (f->name && strcmp(out[i].name, f->name) == 0)
                spec_fail(g, e, "%s '%s' duplicates line %d", key, f->name, out[i].line);
            else if (out[i].length == f->length && f->bit_lo <= out[i].bit_hi && out[i].bit_lo <= f->bit_hi &&
                     strncmp(out[i].name, f->name ? f->name : "", 4) == 0)
                spec_fail(g, e, "%s %s overlaps %s (line %d)", key, f->name ? f->name : "?", out[i].name,
                          out[i].line);
        }
        if (f->name)
            (*n)++;
    }
}

/* {code, name, mask, desc}; `length` keeps the index of the CR0 mask field. */
void spec_read_externals(struct gen *g, yaml_node_t *root)
{
    static const char *const keys[] = {"code", "name", "mask", "desc", NULL};
    yaml_node_t *seq = spec_need_seq(g, root, "external_interruptions"), *e;
    if (!seq)
        return;
    FOR_SEQ(g, seq, e) {
        if (e->type != YAML_MAPPING_NODE || g->next == MAX_ITEMS) {
            spec_fail(g, e, "external interruption must be a mapping");
            continue;
        }
        spec_only_keys(g, e, keys);
        struct named *x = &g->ext[g->next];
        x->line = yaml_doc_line(e);
        x->name = spec_need_str(g, e, "name");
        x->desc = spec_need_str(g, e, "desc");
        x->value = spec_need_int(g, e, "code", 0, 0xFFFF);
        int mask = spec_find_named(g->crf, g->ncrf, spec_opt_str(g, e, "mask"));
        if (mask < 0 || g->crf[mask].length != 0)
            spec_fail(g, spec_get(g, e, "mask") ? spec_get(g, e, "mask") : e, "mask must name a CR0 field");
        x->length = mask;
        if (x->name)
            g->next++;
    }
}

/* Does [a, a + alen) lie within [b, b + blen), and is it smaller? */
static int part_of(int a, int alen, int b, int blen) { return a >= b && a + alen <= b + blen && alen < blen; }

/* Entries may overlap only as a whole and its parts. */
void spec_read_lowcore(struct gen *g, yaml_node_t *root)
{
    static const char *const keys[] = {"name", "addr", "length", "desc", NULL};
    yaml_node_t *seq = spec_need_seq(g, root, "lowcore"), *e;
    if (!seq)
        return;
    FOR_SEQ(g, seq, e) {
        if (e->type != YAML_MAPPING_NODE || g->nlc == MAX_ITEMS) {
            spec_fail(g, e, "low-core entry must be a mapping");
            continue;
        }
        spec_only_keys(g, e, keys);
        struct named *l = &g->lc[g->nlc];
        l->line = yaml_doc_line(e);
        l->name = spec_need_str(g, e, "name");
        l->desc = spec_need_str(g, e, "desc");
        l->value = spec_need_int(g, e, "addr", 0, 0xFFF);
        l->length = spec_need_int(g, e, "length", 1, 256);
        for (int i = 0; i < g->nlc; i++)
            if (l->value < g->lc[i].value + g->lc[i].length && g->lc[i].value < l->value + l->length &&
                !part_of(l->value, l->length, g->lc[i].value, g->lc[i].length) &&
                !part_of(g->lc[i].value, g->lc[i].length, l->value, l->length))
                spec_fail(g, e, "low-core entry %s overlaps %s (line %d)", l->name ? l->name : "?",
                          g->lc[i].name, g->lc[i].line);
        if (l->name)
            g->nlc++;
    }
}

/* `access:` in exception_groups: the exceptions any storage access may raise. */
static void read_access_group(struct gen *g, yaml_node_t *root)
{
    yaml_node_t *groups = spec_need_map(g, root, "exception_groups"), *acc, *e;
    if (!groups)
        return;
    acc = spec_get(g, groups, "access");
    if (!acc || acc->type != YAML_SEQUENCE_NODE) {
        spec_fail(g, groups, "exception_groups needs an 'access' list");
        return;
    }
    g->access_line = yaml_doc_line(acc);
    FOR_SEQ(g, acc, e) {
        if (spec_find_pgm(g, yaml_doc_scalar(e)) < 0)
            spec_fail(g, e, "unknown exception '%s'", yaml_doc_scalar(e) ? yaml_doc_scalar(e) : "?");
        else if (g->naccess < MAX_ITEMS)
            g->access_group[g->naccess++] = yaml_doc_scalar(e);
    }
}

void spec_read_pgms(struct gen *g, yaml_node_t *root)
{
    static const char *const keys[] = {"code", "name", "title", "type", "desc", NULL};
    yaml_node_t *seq = spec_need_seq(g, root, "program_interruptions"), *e;
    if (!seq)
        return;
    FOR_SEQ(g, seq, e) {
        if (e->type != YAML_MAPPING_NODE || g->npgm == MAX_ITEMS) {
            spec_fail(g, e, "program interruption must be a mapping");
            continue;
        }
        spec_only_keys(g, e, keys);
        struct pgm *p = &g->pgm[g->npgm];
        p->line = yaml_doc_line(e);
        p->code = spec_need_int(g, e, "code", 1, 31);
        p->name = spec_need_str(g, e, "name");
        p->title = spec_need_str(g, e, "title");
        p->desc = spec_need_str(g, e, "desc");
        p->type = pgm_types[spec_pick(g, e, "type", pgm_types)];
        for (int i = 0; i < g->npgm; i++)
            if (g->pgm[i].code == p->code || (p->name && strcmp(g->pgm[i].name, p->name) == 0))
                spec_fail(g, e, "program interruption %s (code %d) duplicates line %d",
                          p->name ? p->name : "?", p->code, g->pgm[i].line);
        if (p->name)
            g->npgm++;
    }
    read_access_group(g, root);
}

void spec_read_cc(struct gen *g, yaml_node_t *root)
{
    yaml_node_t *m = spec_need_map(g, root, "condition_codes");
    if (!m)
        return;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_doc_node(&g->doc, p->key), *v = yaml_doc_node(&g->doc, p->value);
        if (!yaml_doc_scalar(v) || g->ncc == MAX_ITEMS) {
            spec_fail(g, k, "condition-code rule '%s' must be a description string", yaml_doc_scalar(k));
            continue;
        }
        g->cc[g->ncc++] =
            (struct named){.name = yaml_doc_scalar(k), .desc = yaml_doc_scalar(v), .line = yaml_doc_line(k)};
    }
}

int spec_find_pgm(const struct gen *g, const char *name)
{
    for (int i = 0; name && i < g->npgm; i++)
        if (strcmp(g->pgm[i].name, name) == 0)
            return i;
    return -1;
}

int spec_find_named(const struct named *v, int n, const char *name)
{
    for (int i = 0; name && i < n; i++)
        if (strcmp(v[i].name, name) == 0)
            return i;
    return -1;
}
