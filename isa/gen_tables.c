/* gen_tables.c: turn spec.yaml into C tables, and check it.
 *
 *   gen_tables SPEC OUTDIR [--handlers LIST]   write isa_tables.[ch], arch.h
 *   gen_tables --check SPEC                    Popek-Goldberg theorems 1 and 3
 *
 * Design note. The spec is read with libyaml's document API so every node
 * keeps its line, and every refusal reads "SPEC:LINE: reason". All checks
 * run before anything is written, and output goes through a temporary
 * file and rename(), so a bad spec never leaves half a table behind.
 *
 * Checks: unknown or missing keys; unknown format, privilege, class, CC
 * rule, exception or SIE mode; a format whose fields do not fill its
 * length, or whose second opcode straddles a byte; an opcode that does not
 * fit its format, or whose first two bits disagree with the format length;
 * duplicate mnemonics and opcodes; a primary opcode used both directly and
 * as an extended opcode, or extended in two ways; operand templates naming
 * fields the format lacks; PSW fields that overlap; low-core entries that
 * overlap; and (with --handlers) an instruction whose handler no source
 * defines, or a handler no instruction uses. LIST holds "file:line name"
 * lines extracted from DEF_INSN(name) by the Makefile.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define MAX_INSNS 512
#define MAX_ITEMS 64
#define MAX_FIELDS 12

struct field { char name[8]; int off, width; };

struct format {
    const char *name;
    int line, length, nfields;
    struct field f[MAX_FIELDS];
    int opbits;            /* OP + OP2 width */
    int op_width;          /* OP width (8 or 16) */
    int op2_off, op2_width; /* OP2, or op2_width 0 */
};

struct pgm { int code, line; const char *name, *type, *desc; };
struct named { const char *name, *desc; int line, value, length, bit_lo, bit_hi, has_value; };

struct insn {
    int line;
    const char *mnemonic, *alias, *name, *operands, *note, *trap_control, *handler;
    int format, privilege, pg, cc, sie, sie_control, user_sensitive;
    uint32_t opcode;
    int opdigits;
    uint32_t exceptions;
};

struct gen {
    const char *path;
    yaml_document_t doc;
    int errors;
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
    int sd_length;
    const char *access_group[MAX_ITEMS]; int naccess; int access_line;
    struct insn in[MAX_INSNS]; int nin;
    long cpu_id, model, version, page_size;
};

static const char *const privileges[] = {"unprivileged", "privileged", "semiprivileged", NULL};
static const char *const pg_classes[] = {"innocuous", "control-sensitive", "behaviour-sensitive", NULL};
static const char *const sie_modes[] = {"native", "interpreted", "intercepted", NULL};
static const char *const pgm_types[] = {"nullify", "suppress", "terminate", "complete", NULL};

/* ---- diagnostics -------------------------------------------------------- */

static int line_of(const yaml_node_t *n) { return n ? (int)n->start_mark.line + 1 : 0; }

static void fail(struct gen *g, const yaml_node_t *n, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d: ", g->path, line_of(n));
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (++g->errors >= 50) {
        fprintf(stderr, "%s: too many errors\n", g->path);
        exit(1);
    }
}

/* ---- YAML access ----------------------------------------------------------- */

static yaml_node_t *node(struct gen *g, int i) { return yaml_document_get_node(&g->doc, i); }

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static yaml_node_t *get(struct gen *g, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        const char *k = scalar(node(g, p->key));
        if (k && strcmp(k, key) == 0)
            return node(g, p->value);
    }
    return NULL;
}

/* Every key of `map` must be one of `allowed` (NULL-terminated). */
static void only_keys(struct gen *g, yaml_node_t *map, const char *const *allowed)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = node(g, p->key);
        const char *k = scalar(kn);
        int ok = 0;
        for (int i = 0; k && allowed[i]; i++)
            ok |= strcmp(k, allowed[i]) == 0;
        if (!ok)
            fail(g, kn, "unknown key '%s'", k ? k : "?");
    }
}

static const char *need_str(struct gen *g, yaml_node_t *map, const char *key)
{
    yaml_node_t *n = get(g, map, key);
    const char *s = scalar(n);
    if (!n)
        fail(g, map, "missing '%s'", key);
    else if (!s)
        fail(g, n, "'%s' must be a scalar", key);
    return s;
}

static const char *opt_str(struct gen *g, yaml_node_t *map, const char *key)
{
    yaml_node_t *n = get(g, map, key);
    if (n && !scalar(n))
        fail(g, n, "'%s' must be a scalar", key);
    return scalar(n);
}

static int parse_long(const char *s, long *v)
{
    char *end;
    if (!s || !*s)
        return -1;
    errno = 0;
    *v = strtol(s, &end, 0);
    return *end || errno ? -1 : 0;
}

static long need_int(struct gen *g, yaml_node_t *map, const char *key, long lo, long hi)
{
    yaml_node_t *n = get(g, map, key);
    long v = 0;
    if (!n) {
        fail(g, map, "missing '%s'", key);
        return lo;
    }
    if (parse_long(scalar(n), &v) < 0)
        fail(g, n, "'%s' must be an integer, not '%s'", key, scalar(n) ? scalar(n) : "?");
    else if (v < lo || v > hi)
        fail(g, n, "'%s' %ld out of range %ld..%ld", key, v, lo, hi);
    return v;
}

static int pick(struct gen *g, yaml_node_t *map, const char *key, const char *const *choices)
{
    const char *s = need_str(g, map, key);
    for (int i = 0; s && choices[i]; i++)
        if (strcmp(s, choices[i]) == 0)
            return i;
    if (s)
        fail(g, get(g, map, key), "unknown %s '%s'", key, s);
    return 0;
}

#define FOR_SEQ(g, seq, item)                                                   \
    for (yaml_node_item_t *it_ = (seq)->data.sequence.items.start;               \
         it_ < (seq)->data.sequence.items.top && ((item) = node(g, *it_)); it_++)

static yaml_node_t *need_seq(struct gen *g, yaml_node_t *map, const char *key)
{
    yaml_node_t *n = get(g, map, key);
    if (!n || n->type != YAML_SEQUENCE_NODE) {
        fail(g, n ? n : map, "'%s' must be a list", key);
        return NULL;
    }
    return n;
}

static yaml_node_t *need_map(struct gen *g, yaml_node_t *map, const char *key)
{
    yaml_node_t *n = get(g, map, key);
    if (!n || n->type != YAML_MAPPING_NODE) {
        fail(g, n ? n : map, "'%s' must be a mapping", key);
        return NULL;
    }
    return n;
}

/* ---- sections ------------------------------------------------------------------ */

static void read_machine(struct gen *g, yaml_node_t *root)
{
    static const char *const keys[] = {"name", "architecture", "cpu_id", "model", "version",
                                       "page_size", "key_block_size", NULL};
    yaml_node_t *m = need_map(g, root, "machine");
    if (!m)
        return;
    only_keys(g, m, keys);
    g->cpu_id = need_int(g, m, "cpu_id", 0, 0xFFFFFF);
    g->model = need_int(g, m, "model", 0, 0xFFFF);
    g->version = need_int(g, m, "version", 0, 0xFF);
    g->page_size = need_int(g, m, "page_size", 4096, 4096);
    need_int(g, m, "key_block_size", 4096, 4096);
}

static int parse_layout(struct gen *g, yaml_node_t *n, struct format *f)
{
    const char *s = scalar(n);
    int off = 0;
    f->nfields = 0;
    while (s && *s) {
        char name[8];
        int w, len;
        if (sscanf(s, " %7[A-Z0-9_]:%d%n", name, &w, &len) != 2 || w <= 0 || w > 32) {
            fail(g, n, "bad layout field near '%s' (want NAME:BITS)", s);
            return -1;
        }
        if (f->nfields == MAX_FIELDS) {
            fail(g, n, "too many layout fields");
            return -1;
        }
        static const char *const known[] = {"OP", "OP2", "_", "R1", "R2", "R3", "X2", "B1", "B2",
                                            "D1", "D2", "I2", "L", NULL};
        int ok = 0;
        for (int i = 0; known[i]; i++)
            ok |= strcmp(name, known[i]) == 0;
        if (!ok) {
            fail(g, n, "unknown layout field '%s'", name);
            return -1;
        }
        for (int i = 0; i < f->nfields; i++)
            if (strcmp(name, "_") && strcmp(f->f[i].name, name) == 0)
                fail(g, n, "layout field '%s' appears twice", name);
        struct field *fd = &f->f[f->nfields++];
        strcpy(fd->name, name);
        fd->off = off;
        fd->width = w;
        off += w;
        s += len;
        while (*s == ' ')
            s++;
    }
    return off;
}

static void read_formats(struct gen *g, yaml_node_t *root)
{
    static const char *const keys[] = {"length", "layout", NULL};
    yaml_node_t *m = need_map(g, root, "formats");
    if (!m)
        return;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = node(g, p->key), *v = node(g, p->value);
        struct format *f = &g->fmt[g->nfmt];
        if (g->nfmt == MAX_ITEMS || v->type != YAML_MAPPING_NODE) {
            fail(g, kn, "format '%s' must be a mapping {length, layout}", scalar(kn));
            continue;
        }
        only_keys(g, v, keys);
        f->name = scalar(kn);
        f->line = line_of(kn);
        f->length = need_int(g, v, "length", 2, 6);
        if (f->length != 2 && f->length != 4 && f->length != 6)
            fail(g, get(g, v, "length"), "format %s: length must be 2, 4 or 6", f->name);
        yaml_node_t *lay = get(g, v, "layout");
        if (!lay) {
            fail(g, v, "format %s: missing 'layout'", f->name);
            continue;
        }
        int bits = parse_layout(g, lay, f);
        if (bits < 0)
            continue;
        if (bits != f->length * 8)
            fail(g, lay, "format %s: fields cover %d bits, but the length is %d bytes (%d bits)",
                 f->name, bits, f->length, f->length * 8);
        if (f->nfields == 0 || strcmp(f->f[0].name, "OP") || (f->f[0].width != 8 && f->f[0].width != 16))
            fail(g, lay, "format %s: must start with OP:8 or OP:16", f->name);
        f->op_width = f->nfields ? f->f[0].width : 8;
        f->opbits = f->op_width;
        for (int i = 0; i < f->nfields; i++)
            if (strcmp(f->f[i].name, "OP2") == 0) {
                f->op2_off = f->f[i].off;
                f->op2_width = f->f[i].width;
                f->opbits += f->f[i].width;
                if (f->op_width != 8 || f->f[i].off / 8 != (f->f[i].off + f->f[i].width - 1) / 8)
                    fail(g, lay, "format %s: OP2 must follow OP:8 and sit within one byte", f->name);
            }
        if (f->op_width == 16) {    /* OP:16 is OP:8 extended by the second byte */
            f->op2_off = 8;
            f->op2_width = 8;
        }
        g->nfmt++;
    }
}

static int find_format(struct gen *g, const char *name)
{
    for (int i = 0; name && i < g->nfmt; i++)
        if (strcmp(g->fmt[i].name, name) == 0)
            return i;
    return -1;
}

static int find_pgm(struct gen *g, const char *name)
{
    for (int i = 0; name && i < g->npgm; i++)
        if (strcmp(g->pgm[i].name, name) == 0)
            return i;
    return -1;
}

static int find_named(const struct named *v, int n, const char *name)
{
    for (int i = 0; name && i < n; i++)
        if (strcmp(v[i].name, name) == 0)
            return i;
    return -1;
}

static void read_pgms(struct gen *g, yaml_node_t *root)
{
    static const char *const keys[] = {"code", "name", "type", "desc", NULL};
    yaml_node_t *seq = need_seq(g, root, "program_interruptions"), *e;
    if (!seq)
        return;
    FOR_SEQ(g, seq, e) {
        if (e->type != YAML_MAPPING_NODE || g->npgm == MAX_ITEMS) {
            fail(g, e, "program interruption must be a mapping");
            continue;
        }
        only_keys(g, e, keys);
        struct pgm *p = &g->pgm[g->npgm];
        p->line = line_of(e);
        p->code = need_int(g, e, "code", 1, 31);
        p->name = need_str(g, e, "name");
        p->desc = need_str(g, e, "desc");
        p->type = pgm_types[pick(g, e, "type", pgm_types)];
        for (int i = 0; i < g->npgm; i++)
            if (g->pgm[i].code == p->code || (p->name && strcmp(g->pgm[i].name, p->name) == 0))
                fail(g, e, "program interruption %s (code %d) duplicates line %d",
                     p->name ? p->name : "?", p->code, g->pgm[i].line);
        if (p->name)
            g->npgm++;
    }
    yaml_node_t *groups = need_map(g, root, "exception_groups"), *acc;
    if (!groups)
        return;
    acc = get(g, groups, "access");
    if (!acc || acc->type != YAML_SEQUENCE_NODE) {
        fail(g, groups, "exception_groups needs an 'access' list");
        return;
    }
    g->access_line = line_of(acc);
    FOR_SEQ(g, acc, e) {
        if (find_pgm(g, scalar(e)) < 0)
            fail(g, e, "unknown exception '%s'", scalar(e) ? scalar(e) : "?");
        else if (g->naccess < MAX_ITEMS)
            g->access_group[g->naccess++] = scalar(e);
    }
}

static void read_cc(struct gen *g, yaml_node_t *root)
{
    yaml_node_t *m = need_map(g, root, "condition_codes");
    if (!m)
        return;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(g, p->key), *v = node(g, p->value);
        if (!scalar(v) || g->ncc == MAX_ITEMS) {
            fail(g, k, "condition-code rule '%s' must be a description string", scalar(k));
            continue;
        }
        g->cc[g->ncc++] = (struct named){.name = scalar(k), .desc = scalar(v), .line = line_of(k)};
    }
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

static int find_named(const struct named *v, int n, const char *name);

static void read_psw(struct gen *g, yaml_node_t *root)
{
    static const char *const keys[] = {"name", "bits", "value", "desc", NULL};
    yaml_node_t *seq = need_seq(g, root, "psw"), *e;
    if (!seq)
        return;
    FOR_SEQ(g, seq, e) {
        if (e->type != YAML_MAPPING_NODE || g->npsw == MAX_ITEMS) {
            fail(g, e, "PSW field must be a mapping");
            continue;
        }
        only_keys(g, e, keys);
        struct named *f = &g->psw[g->npsw];
        f->line = line_of(e);
        f->name = need_str(g, e, "name");
        f->desc = need_str(g, e, "desc");
        if (parse_bits(opt_str(g, e, "bits"), 63, &f->bit_lo, &f->bit_hi) < 0) {
            fail(g, get(g, e, "bits") ? get(g, e, "bits") : e, "PSW field bits must be N or N-M within 0-63");
            continue;
        }
        if (f->bit_lo < 32 && f->bit_hi >= 32)
            fail(g, e, "PSW field %s straddles the two words", f->name);
        if (get(g, e, "value")) {
            f->has_value = 1;
            f->value = need_int(g, e, "value", 0, (1L << (f->bit_hi - f->bit_lo + 1)) - 1);
        }
        for (int i = 0; i < g->npsw; i++)
            if (f->bit_lo <= g->psw[i].bit_hi && g->psw[i].bit_lo <= f->bit_hi)
                fail(g, e, "PSW field %s overlaps %s (line %d)", f->name ? f->name : "?",
                     g->psw[i].name, g->psw[i].line);
        if (f->name)
            g->npsw++;
    }
}

/* Bit fields of one 32-bit word: {name, [cr], bits, [value], desc}.
 * Fields of the same word (same cr) must not overlap. */
static void read_bitfields(struct gen *g, yaml_node_t *root, const char *key, struct named *out, int *n,
                           int with_cr)
{
    static const char *const keys[] = {"name", "cr", "bits", "value", "desc", NULL};
    yaml_node_t *seq = need_seq(g, root, key), *e;
    if (!seq)
        return;
    FOR_SEQ(g, seq, e) {
        if (e->type != YAML_MAPPING_NODE || *n == MAX_ITEMS) {
            fail(g, e, "%s entry must be a mapping", key);
            continue;
        }
        only_keys(g, e, keys);
        struct named *f = &out[*n];
        f->line = line_of(e);
        f->name = need_str(g, e, "name");
        f->desc = need_str(g, e, "desc");
        f->length = with_cr ? need_int(g, e, "cr", 0, 15) : 0;
        if (!with_cr && get(g, e, "cr"))
            fail(g, get(g, e, "cr"), "unknown key 'cr'");
        if (parse_bits(opt_str(g, e, "bits"), 31, &f->bit_lo, &f->bit_hi) < 0) {
            fail(g, get(g, e, "bits") ? get(g, e, "bits") : e, "bits must be N or N-M within 0-31");
            continue;
        }
        if (get(g, e, "value")) {
            f->has_value = 1;
            f->value = need_int(g, e, "value", 0, (long)((1ull << (f->bit_hi - f->bit_lo + 1)) - 1));
        }
        for (int i = 0; i < *n; i++) {
            if (f->name && strcmp(out[i].name, f->name) == 0)
                fail(g, e, "%s '%s' duplicates line %d", key, f->name, out[i].line);
            else if (out[i].length == f->length && f->bit_lo <= out[i].bit_hi && out[i].bit_lo <= f->bit_hi &&
                     strncmp(out[i].name, f->name ? f->name : "", 4) == 0)
                fail(g, e, "%s %s overlaps %s (line %d)", key, f->name ? f->name : "?", out[i].name, out[i].line);
        }
        if (f->name)
            (*n)++;
    }
}

static void read_externals(struct gen *g, yaml_node_t *root)
{
    static const char *const keys[] = {"code", "name", "mask", "desc", NULL};
    yaml_node_t *seq = need_seq(g, root, "external_interruptions"), *e;
    if (!seq)
        return;
    FOR_SEQ(g, seq, e) {
        if (e->type != YAML_MAPPING_NODE || g->next == MAX_ITEMS) {
            fail(g, e, "external interruption must be a mapping");
            continue;
        }
        only_keys(g, e, keys);
        struct named *x = &g->ext[g->next];
        x->line = line_of(e);
        x->name = need_str(g, e, "name");
        x->desc = need_str(g, e, "desc");
        x->value = need_int(g, e, "code", 0, 0xFFFF);
        int mask = find_named(g->crf, g->ncrf, opt_str(g, e, "mask"));
        if (mask < 0 || g->crf[mask].length != 0)
            fail(g, get(g, e, "mask") ? get(g, e, "mask") : e, "mask must name a CR0 field");
        x->length = mask;
        if (x->name)
            g->next++;
    }
}

static void read_lowcore(struct gen *g, yaml_node_t *root)
{
    static const char *const keys[] = {"name", "addr", "length", "desc", NULL};
    yaml_node_t *seq = need_seq(g, root, "lowcore"), *e;
    if (!seq)
        return;
    FOR_SEQ(g, seq, e) {
        if (e->type != YAML_MAPPING_NODE || g->nlc == MAX_ITEMS) {
            fail(g, e, "low-core entry must be a mapping");
            continue;
        }
        only_keys(g, e, keys);
        struct named *l = &g->lc[g->nlc];
        l->line = line_of(e);
        l->name = need_str(g, e, "name");
        l->desc = need_str(g, e, "desc");
        l->value = need_int(g, e, "addr", 0, 0xFFF);
        l->length = need_int(g, e, "length", 1, 256);
        for (int i = 0; i < g->nlc; i++)
            if (l->value < g->lc[i].value + g->lc[i].length && g->lc[i].value < l->value + l->length)
                fail(g, e, "low-core entry %s overlaps %s (line %d)", l->name ? l->name : "?",
                     g->lc[i].name, g->lc[i].line);
        if (l->name)
            g->nlc++;
    }
}

/* A list of {name, <numkey>, [<extra>], desc} mappings. `extra` (length or
 * mask) is optional unless `need_extra`. */
static void read_named_list(struct gen *g, yaml_node_t *map, const char *key, struct named *out,
                            int *n, const char *numkey, long max, const char *extra, int need_extra)
{
    const char *keys[] = {"name", numkey, extra ? extra : "desc", "desc", NULL};
    yaml_node_t *seq = need_seq(g, map, key), *e;
    if (!seq)
        return;
    FOR_SEQ(g, seq, e) {
        if (e->type != YAML_MAPPING_NODE || *n == MAX_ITEMS) {
            fail(g, e, "%s entry must be a mapping", key);
            continue;
        }
        only_keys(g, e, keys);
        struct named *d = &out[*n];
        d->line = line_of(e);
        d->name = need_str(g, e, "name");
        d->desc = need_str(g, e, "desc");
        d->value = need_int(g, e, numkey, 0, max);
        if (extra && (need_extra || get(g, e, extra)))
            d->length = need_int(g, e, extra, 1, 255);
        for (int i = 0; i < *n; i++)
            if (d->name && strcmp(out[i].name, d->name) == 0)
                fail(g, e, "%s '%s' duplicates line %d", key, d->name, out[i].line);
        if (d->name)
            (*n)++;
    }
}

static void fail_at(struct gen *g, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d: ", g->path, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    g->errors++;
}

static void read_sie(struct gen *g, yaml_node_t *root)
{
    static const char *const keys[] = {"doc", "state_description_length", "state_description",
                                       "intercept_controls", "interception_codes", "validity_codes", NULL};
    yaml_node_t *m = need_map(g, root, "sie");
    if (!m)
        return;
    only_keys(g, m, keys);
    g->sd_length = need_int(g, m, "state_description_length", 64, 4096);
    read_named_list(g, m, "state_description", g->sd, &g->nsd, "offset", 4095, "length", 1);
    read_named_list(g, m, "intercept_controls", g->ictl, &g->nictl, "offset", 4095, "mask", 1);
    read_named_list(g, m, "interception_codes", g->icode, &g->nicode, "code", 255, NULL, 0);
    read_named_list(g, m, "validity_codes", g->vcode, &g->nvcode, "code", 0xFFFF, NULL, 0);
    for (int i = 0; i < g->nsd; i++) {
        struct named *d = &g->sd[i];
        if (d->value + d->length > g->sd_length)
            fail_at(g, d->line, "state description field %s runs past the %d-byte description", d->name,
                    g->sd_length);
        for (int j = 0; j < i; j++)
            if (d->value < g->sd[j].value + g->sd[j].length && g->sd[j].value < d->value + d->length)
                fail_at(g, d->line, "state description field %s overlaps %s (line %d)", d->name,
                        g->sd[j].name, g->sd[j].line);
    }
    for (int i = 0; i < g->nictl; i++) {
        struct named *c = &g->ictl[i];
        int inside = 0;
        for (int j = 0; j < g->nsd; j++)
            inside |= c->value >= g->sd[j].value && c->value < g->sd[j].value + g->sd[j].length;
        if (!inside)
            fail_at(g, c->line, "intercept control %s: offset 0x%X is in no state description field",
                    c->name, c->value);
        for (int j = 0; j < i; j++)
            if (g->ictl[j].value == c->value && (g->ictl[j].length & c->length))
                fail_at(g, c->line, "intercept control %s shares bits with %s (line %d)", c->name,
                        g->ictl[j].name, g->ictl[j].line);
    }
}

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
                    fail(g, n, "unknown operand '%s'", tok);
                else if (!format_has(f, fld))
                    fail(g, n, "operand '%s' needs field %s, which format %s does not have", tok, fld, f->name);
            }
            if (end)
                break;
            tok = p + 1;
        }
    }
}

static void read_insns(struct gen *g, yaml_node_t *root)
{
    static const char *const keys[] = {"mnemonic", "name", "opcode", "format", "operands",
                                       "privilege", "trap_control", "pg", "user_sensitive", "cc",
                                       "exceptions", "sie", "sie_control", "handler", "alias",
                                       "note", NULL};
    yaml_node_t *seq = need_seq(g, root, "instructions"), *e;
    if (!seq)
        return;
    FOR_SEQ(g, seq, e) {
        if (e->type != YAML_MAPPING_NODE || g->nin == MAX_INSNS) {
            fail(g, e, "instruction must be a mapping");
            continue;
        }
        only_keys(g, e, keys);
        struct insn *in = &g->in[g->nin];
        memset(in, 0, sizeof *in);
        in->line = line_of(e);
        in->mnemonic = need_str(g, e, "mnemonic");
        in->name = need_str(g, e, "name");
        in->operands = need_str(g, e, "operands");
        in->alias = opt_str(g, e, "alias");
        in->note = opt_str(g, e, "note");
        in->handler = opt_str(g, e, "handler");
        in->trap_control = opt_str(g, e, "trap_control");
        if (!in->mnemonic)
            continue;
        for (const char *p = in->mnemonic; *p; p++)
            if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p))
                fail(g, get(g, e, "mnemonic"), "mnemonic '%s' must be upper-case letters and digits", in->mnemonic);

        in->format = find_format(g, opt_str(g, e, "format"));
        if (in->format < 0) {
            fail(g, get(g, e, "format") ? get(g, e, "format") : e, "%s: unknown format '%s'",
                 in->mnemonic, opt_str(g, e, "format") ? opt_str(g, e, "format") : "(none)");
            continue;
        }
        struct format *f = &g->fmt[in->format];

        yaml_node_t *opn = get(g, e, "opcode");
        const char *op = scalar(opn);
        char *end;
        if (!op || !*op || strlen(op) > 6 || (in->opcode = strtoul(op, &end, 16), *end)) {
            fail(g, opn ? opn : e, "%s: opcode must be hex digits", in->mnemonic);
            continue;
        }
        in->opdigits = strlen(op);
        if (in->opdigits * 4 != f->opbits) {
            fail(g, opn, "%s: opcode '%s' has %d bits, but format %s has %d opcode bits",
                 in->mnemonic, op, in->opdigits * 4, f->name, f->opbits);
            continue;
        }
        {
            unsigned first = in->opcode >> (f->opbits - 8);
            static const int len_by_bits[4] = {2, 4, 4, 6};
            if (len_by_bits[first >> 6] != f->length)
                fail(g, opn, "%s: opcode %02X means a %d-byte instruction, but format %s is %d bytes",
                     in->mnemonic, first, len_by_bits[first >> 6], f->name, f->length);
        }
        check_operands(g, get(g, e, "operands"), f, in->operands);

        in->privilege = pick(g, e, "privilege", privileges);
        in->pg = pick(g, e, "pg", pg_classes);
        in->sie = pick(g, e, "sie", sie_modes);
        if ((in->privilege == 2) != (in->trap_control != NULL))
            fail(g, e, "%s: trap_control is required for, and only for, semiprivileged instructions", in->mnemonic);
        in->user_sensitive = in->pg != 0;
        if (get(g, e, "user_sensitive")) {
            const char *u = scalar(get(g, e, "user_sensitive"));
            if (!u || (strcmp(u, "true") && strcmp(u, "false")))
                fail(g, get(g, e, "user_sensitive"), "user_sensitive must be true or false");
            else
                in->user_sensitive = strcmp(u, "true") == 0;
        }
        in->cc = find_named(g->cc, g->ncc, opt_str(g, e, "cc"));
        if (in->cc < 0)
            fail(g, get(g, e, "cc") ? get(g, e, "cc") : e, "%s: unknown condition-code rule '%s'",
                 in->mnemonic, opt_str(g, e, "cc") ? opt_str(g, e, "cc") : "(none)");
        in->sie_control = -1;
        if (get(g, e, "sie_control")) {
            in->sie_control = find_named(g->ictl, g->nictl, opt_str(g, e, "sie_control"));
            if (in->sie_control < 0)
                fail(g, get(g, e, "sie_control"), "%s: unknown intercept control '%s'", in->mnemonic,
                     opt_str(g, e, "sie_control") ? opt_str(g, e, "sie_control") : "?");
        }
        yaml_node_t *ex = get(g, e, "exceptions"), *x;
        if (!ex || ex->type != YAML_SEQUENCE_NODE) {
            fail(g, ex ? ex : e, "%s: exceptions must be a list", in->mnemonic);
        } else {
            FOR_SEQ(g, ex, x) {
                const char *s = scalar(x);
                if (s && strcmp(s, "access") == 0) {
                    for (int i = 0; i < g->naccess; i++)
                        in->exceptions |= 1u << g->pgm[find_pgm(g, g->access_group[i])].code;
                } else if (find_pgm(g, s) >= 0) {
                    in->exceptions |= 1u << g->pgm[find_pgm(g, s)].code;
                } else {
                    fail(g, x, "%s: unknown exception '%s'", in->mnemonic, s ? s : "?");
                }
            }
        }
        for (int i = 0; i < g->nin; i++) {
            struct insn *o = &g->in[i];
            if (strcmp(o->mnemonic, in->mnemonic) == 0 || (o->alias && strcmp(o->alias, in->mnemonic) == 0) ||
                (in->alias && (strcmp(o->mnemonic, in->alias) == 0 || (o->alias && strcmp(o->alias, in->alias) == 0))))
                fail(g, e, "mnemonic %s duplicates line %d", in->mnemonic, o->line);
            struct format *of = &g->fmt[o->format];
            unsigned p1 = in->opcode >> (f->opbits - 8), p2 = o->opcode >> (of->opbits - 8);
            if (p1 != p2)
                continue;
            int ext1 = f->opbits > 8, ext2 = of->opbits > 8;
            if (ext1 != ext2)
                fail(g, opn, "%s: primary opcode %02X is %s here but %s for %s (line %d)", in->mnemonic,
                     p1, ext1 ? "extended" : "a whole opcode", ext2 ? "extended" : "a whole opcode",
                     o->mnemonic, o->line);
            else if (!ext1)
                fail(g, opn, "%s: opcode %02X duplicates %s (line %d)", in->mnemonic, p1, o->mnemonic, o->line);
            else if (f->op2_off != of->op2_off || f->op2_width != of->op2_width)
                fail(g, opn, "%s: primary opcode %02X is extended by bits %d-%d here but by bits %d-%d for %s (line %d)",
                     in->mnemonic, p1, f->op2_off, f->op2_off + f->op2_width - 1, of->op2_off,
                     of->op2_off + of->op2_width - 1, o->mnemonic, o->line);
            else if (in->opcode == o->opcode)
                fail(g, opn, "%s: opcode %s duplicates %s (line %d)", in->mnemonic, op, o->mnemonic, o->line);
        }
        g->nin++;
    }
}

static void handler_name(const struct insn *in, char *buf, size_t n)
{
    if (in->handler) {
        snprintf(buf, n, "%s", in->handler);
        return;
    }
    size_t i = 0;
    for (; in->mnemonic[i] && i + 1 < n; i++)
        buf[i] = tolower((unsigned char)in->mnemonic[i]);
    buf[i] = 0;
}

/* LIST lines are "file:line name". */
static void check_handlers(struct gen *g, const char *list)
{
    FILE *f = fopen(list, "r");
    char line[512], where[400], name[64];
    char used[MAX_INSNS] = {0};
    if (!f) {
        fprintf(stderr, "%s: %s\n", list, strerror(errno));
        g->errors++;
        return;
    }
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "%399s %63s", where, name) != 2)
            continue;
        int found = 0;
        for (int i = 0; i < g->nin; i++) {
            char h[64];
            handler_name(&g->in[i], h, sizeof h);
            if (strcmp(h, name) == 0)
                found = used[i] = 1;
        }
        if (!found) {
            fprintf(stderr, "%s: handler exec_%s has no instruction in %s\n", where, name, g->path);
            g->errors++;
        }
    }
    fclose(f);
    for (int i = 0; i < g->nin; i++)
        if (!used[i]) {
            char h[64];
            handler_name(&g->in[i], h, sizeof h);
            fprintf(stderr, "%s:%d: %s: no source defines its handler exec_%s (DEF_INSN(%s))\n",
                    g->path, g->in[i].line, g->in[i].mnemonic, h, h);
            g->errors++;
        }
}

/* ---- output -------------------------------------------------------------------- */

struct out { FILE *f; char tmp[4096], final[4096]; };

static int out_open(struct out *o, const char *dir, const char *name)
{
    snprintf(o->final, sizeof o->final, "%s/%s", dir, name);
    snprintf(o->tmp, sizeof o->tmp, "%s/.%s.tmp", dir, name);
    o->f = fopen(o->tmp, "w");
    if (!o->f)
        fprintf(stderr, "%s: %s\n", o->tmp, strerror(errno));
    return o->f ? 0 : -1;
}

static int out_close(struct out *o)
{
    if (ferror(o->f) | fclose(o->f) || rename(o->tmp, o->final)) {
        fprintf(stderr, "%s: write failed: %s\n", o->final, strerror(errno));
        return -1;
    }
    return 0;
}

static void cstr(FILE *f, const char *s)
{
    if (!s) {
        fputs("NULL", f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void upper_ident(char *dst, const char *src, size_t n)
{
    size_t i = 0;
    for (; src[i] && i + 1 < n; i++)
        dst[i] = isalnum((unsigned char)src[i]) ? toupper((unsigned char)src[i]) : '_';
    dst[i] = 0;
}

static void emit_arch_h(struct gen *g, FILE *f)
{
    char id[64];
    fprintf(f, "/* arch.h: architecture constants, generated from %s. Do not edit.\n"
               " * Plain #defines, so both the host and guest code (CP, CMS) include it. */\n"
               "#ifndef CREASY_ARCH_H\n#define CREASY_ARCH_H\n\n", g->path);
    fprintf(f, "#define ARCH_CPU_ID 0x%06lXu\n#define ARCH_MODEL 0x%04lXu\n#define ARCH_VERSION 0x%02lXu\n"
               "#define ARCH_PAGE_SIZE %ld\n\n", g->cpu_id, g->model, g->version, g->page_size);
    /* PSW: masks per word, plus shifts for multi-bit fields */
    unsigned long long defined = 0, ones = 0;
    for (int i = 0; i < g->npsw; i++) {
        struct named *p = &g->psw[i];
        int word = p->bit_lo / 32, lo = p->bit_lo % 32, hi = p->bit_hi % 32;
        unsigned mask = (unsigned)((0xFFFFFFFFull >> lo) & (0xFFFFFFFFull << (31 - hi)));
        unsigned shift = 31 - hi;
        upper_ident(id, p->name, sizeof id);
        fprintf(f, "#define PSW%d_%s 0x%08Xu   /* bits %d-%d: %s */\n", word, id, mask, p->bit_lo, p->bit_hi, p->desc);
        if (p->bit_hi > p->bit_lo)
            fprintf(f, "#define PSW%d_%s_SHIFT %u\n", word, id, shift);
        if (!p->has_value)
            defined |= (unsigned long long)mask << (word ? 0 : 32);
        if (p->has_value && p->value)
            ones |= (unsigned long long)((unsigned)p->value << shift) << (word ? 0 : 32);
    }
    fprintf(f, "/* bits that must be zero / one for the PSW to be valid */\n");
    fprintf(f, "#define PSW0_MUST_BE_ZERO 0x%08Xu\n#define PSW0_MUST_BE_ONE 0x%08Xu\n",
            (unsigned)~((defined | ones) >> 32), (unsigned)(ones >> 32));
    fprintf(f, "#define PSW1_MUST_BE_ZERO 0x%08Xu\n#define PSW1_MUST_BE_ONE 0x%08Xu\n\n",
            (unsigned)~(defined | ones), (unsigned)ones);
    const struct { const char *prefix; struct named *v; int n; int cr; } fields[] = {
        {"CR", g->crf, g->ncrf, 1}, {"", g->dat, g->ndat, 0}};
    for (int l = 0; l < 2; l++)
        for (int i = 0; i < fields[l].n; i++) {
            struct named *p = &fields[l].v[i];
            unsigned mask = (unsigned)((0xFFFFFFFFull >> p->bit_lo) & (0xFFFFFFFFull << (31 - p->bit_hi)));
            char pre[8] = "";
            if (fields[l].cr)
                snprintf(pre, sizeof pre, "CR%d_", p->length);
            upper_ident(id, p->name, sizeof id);
            fprintf(f, "#define %s%s 0x%08Xu   /* bits %d-%d: %s */\n", pre, id, mask, p->bit_lo, p->bit_hi, p->desc);
            if (p->bit_hi > p->bit_lo)
                fprintf(f, "#define %s%s_SHIFT %d\n", pre, id, 31 - p->bit_hi);
            if (p->has_value)
                fprintf(f, "#define %s%s_VALUE 0x%08Xu\n", pre, id, (unsigned)p->value << (31 - p->bit_hi));
        }
    /* DAT entries: bits no field of an entry kind (the name up to '_') claims */
    for (int i = 0; i < g->ndat; i++) {
        const char *us = strchr(g->dat[i].name, '_');
        int plen = us ? (int)(us - g->dat[i].name) : (int)strlen(g->dat[i].name), first = 1;
        unsigned used = 0;
        for (int j = 0; j < g->ndat; j++) {
            if (strncmp(g->dat[j].name, g->dat[i].name, plen) || g->dat[j].name[plen] != '_')
                continue;
            first &= j >= i;
            used |= (unsigned)((0xFFFFFFFFull >> g->dat[j].bit_lo) & (0xFFFFFFFFull << (31 - g->dat[j].bit_hi)));
        }
        if (first)
            fprintf(f, "#define %.*s_MUST_BE_ZERO 0x%08Xu\n", plen, g->dat[i].name, ~used);
    }
    for (int i = 0; i < g->next; i++) {
        upper_ident(id, g->ext[i].name, sizeof id);
        char m[64];
        upper_ident(m, g->crf[g->ext[i].length].name, sizeof m);
        fprintf(f, "#define EXT_%s 0x%04X   /* %s; allowed by CR0_%s */\n", id, g->ext[i].value, g->ext[i].desc, m);
    }
    fputc('\n', f);
    for (int i = 0; i < g->nlc; i++) {
        upper_ident(id, g->lc[i].name, sizeof id);
        fprintf(f, "#define LC_%s 0x%03X   /* %d bytes: %s */\n", id, g->lc[i].value, g->lc[i].length, g->lc[i].desc);
    }
    fputc('\n', f);
    for (int i = 0; i < g->npgm; i++) {
        upper_ident(id, g->pgm[i].name, sizeof id);
        fprintf(f, "#define PGM_%s 0x%02X\n", id, g->pgm[i].code);
    }
    /* privileged and semiprivileged instructions, for guest programs that
     * try them (programs/cms/privops.c): the opcode left-aligned in the
     * first halfword, and the length */
    fprintf(f, "\n/* X(MNEMONIC, opcode left-aligned in the first halfword, opcode bits, length) */\n"
               "#define ARCH_PRIVILEGED_INSNS(X) \\\n");
    for (int i = 0; i < g->nin; i++) {
        const struct insn *in = &g->in[i];
        const struct format *fm = &g->fmt[in->format];
        if (in->privilege == 0)
            continue;
        if (fm->opbits > 16 || (fm->op2_width && fm->op2_off + fm->op2_width > 16)) {
            fprintf(stderr, "%s:%d: %s: a privileged instruction's opcode must lie in its first halfword\n", g->path,
                    in->line, in->mnemonic);
            exit(1);
        }
        fprintf(f, "    X(%s, 0x%04X, %d, %d) \\\n", in->mnemonic, in->opcode << (16 - fm->opbits), fm->opbits,
                fm->length);
    }
    fprintf(f, "    /* end */\n");
    fprintf(f, "\n#define SIE_SD_LENGTH %d\n", g->sd_length);
    for (int i = 0; i < g->nsd; i++) {
        upper_ident(id, g->sd[i].name, sizeof id);
        fprintf(f, "#define SD_%s 0x%02X   /* %d bytes: %s */\n", id, g->sd[i].value, g->sd[i].length, g->sd[i].desc);
    }
    for (int i = 0; i < g->nictl; i++) {
        upper_ident(id, g->ictl[i].name, sizeof id);
        fprintf(f, "#define SIE_%s_OFFSET 0x%02X\n#define SIE_%s_MASK 0x%02X   /* %s */\n", id,
                g->ictl[i].value, id, g->ictl[i].length, g->ictl[i].desc);
    }
    for (int i = 0; i < g->nicode; i++) {
        upper_ident(id, g->icode[i].name, sizeof id);
        fprintf(f, "#define SIE_ICODE_%s 0x%02X   /* %s */\n", id, g->icode[i].value, g->icode[i].desc);
    }
    for (int i = 0; i < g->nvcode; i++) {
        upper_ident(id, g->vcode[i].name, sizeof id);
        fprintf(f, "#define SIE_VALIDITY_%s 0x%04X   /* %s */\n", id, g->vcode[i].value, g->vcode[i].desc);
    }
    fprintf(f, "\n#endif\n");
}

static void emit_tables_h(struct gen *g, FILE *f)
{
    char id[64], h[64];
    fprintf(f, "/* isa_tables.h: generated from %s. Do not edit. */\n#ifndef CREASY_ISA_TABLES_H\n"
               "#define CREASY_ISA_TABLES_H\n\n#define ISA_COUNT %d\n#define ISA_FORMAT_COUNT %d\n"
               "#define ISA_CC_RULE_COUNT %d\n#define ISA_PGM_COUNT %d\n#define ISA_SIE_CONTROL_COUNT %d\n\n",
            g->path, g->nin, g->nfmt, g->ncc, g->npgm, g->nictl);
    fprintf(f, "enum isa_id {\n");
    for (int i = 0; i < g->nin; i++) {
        upper_ident(id, g->in[i].mnemonic, sizeof id);
        fprintf(f, "    ISA_%s,\n", id);
    }
    fprintf(f, "};\n\nenum isa_format_id {\n");
    for (int i = 0; i < g->nfmt; i++)
        fprintf(f, "    ISA_FMT_%s,\n", g->fmt[i].name);
    fprintf(f, "};\n\nenum isa_cc_id {\n");
    for (int i = 0; i < g->ncc; i++) {
        upper_ident(id, g->cc[i].name, sizeof id);
        fprintf(f, "    ISA_CC_%s,\n", id);
    }
    fprintf(f, "};\n\n");
    for (int i = 0; i < g->nin; i++) {
        handler_name(&g->in[i], h, sizeof h);
        fprintf(f, "insn_fn exec_%s, exec_%s_slow;\n#define ISA_LENGTH_%s %d\n", h, h, h,
                g->fmt[g->in[i].format].length);
    }
    fprintf(f, "\nstruct isa_pgm { u8 code; u8 nullifies; const char *name, *desc; };\n"
               "/* value: a code, or an offset; size: an intercept control's mask, a field's length */\n"
               "struct isa_named { const char *name; u32 value, size; const char *desc; };\n\n"
               "extern const struct isa_def isa_defs[ISA_COUNT];\n"
               "extern const struct isa_format isa_formats[ISA_FORMAT_COUNT];\n"
               "extern const struct isa_cc_rule isa_cc_rules[ISA_CC_RULE_COUNT];\n"
               "extern const struct isa_primary isa_primary[256];\n"
               "extern const struct isa_pgm isa_pgms[ISA_PGM_COUNT];\n"
               "extern const struct isa_named isa_sie_controls[];\n"
               "extern const struct isa_named isa_sie_codes[];\n"
               "extern const struct isa_named isa_sie_validity[];\n"
               "extern const struct isa_named isa_sd_fields[];\n"
               "extern const struct isa_named isa_lowcore[];\n\n#endif\n");
}

static const struct field *fmt_field(const struct format *f, const char *name)
{
    for (int i = 0; i < f->nfields; i++)
        if (strcmp(f->f[i].name, name) == 0)
            return &f->f[i];
    return NULL;
}

static void emit_decoder(FILE *f, const struct format *fm)
{
    static const char *const members[][2] = {{"R1", "r1"}, {"R2", "r2"}, {"R3", "r3"}, {"X2", "x2"},
                                             {"B1", "b1"}, {"B2", "b2"}, {"D1", "d1"}, {"D2", "d2"},
                                             {"I2", "i2"}, {"L", "l"}, {NULL, NULL}};
    int bits = fm->length * 8;
    fprintf(f, "static void decode_%s(struct insn *in, const u8 *b)\n{\n", fm->name);
    fprintf(f, "    u64 v = 0;\n    for (int i = 0; i < %d; i++)\n        v = v << 8 | b[i];\n", fm->length);
    int used = 0;
    for (int i = 0; members[i][0]; i++) {
        const struct field *fd = fmt_field(fm, members[i][0]);
        if (!fd)
            continue;
        used = 1;
        unsigned long long mask = fd->width == 32 ? 0xFFFFFFFFull : (1ull << fd->width) - 1;
        int shift = bits - fd->off - fd->width;
        if (members[i][0][0] == 'B' || members[i][0][0] == 'X')
            fprintf(f, "    in->%s = (v >> %d) & 0x%llX ? (v >> %d) & 0x%llX : ZERO_REG;\n", members[i][1], shift,
                    mask, shift, mask);
        else
            fprintf(f, "    in->%s = (v >> %d) & 0x%llX;\n", members[i][1], shift, mask);
    }
    if (!used)
        fprintf(f, "    (void)v;\n    (void)in;\n");
    fprintf(f, "}\n\n");
}

static void emit_tables_c(struct gen *g, FILE *f)
{
    char h[64];
    fprintf(f, "/* isa_tables.c: generated from %s. Do not edit. */\n#include \"isa.h\"\n#include <stddef.h>\n\n", g->path);
    for (int i = 0; i < g->nfmt; i++)
        emit_decoder(f, &g->fmt[i]);
    fprintf(f, "const struct isa_format isa_formats[ISA_FORMAT_COUNT] = {\n");
    for (int i = 0; i < g->nfmt; i++)
        fprintf(f, "    {\"%s\", %d, decode_%s},\n", g->fmt[i].name, g->fmt[i].length, g->fmt[i].name);
    fprintf(f, "};\n\nconst struct isa_cc_rule isa_cc_rules[ISA_CC_RULE_COUNT] = {\n");
    for (int i = 0; i < g->ncc; i++) {
        fprintf(f, "    {\"%s\", ", g->cc[i].name);
        cstr(f, g->cc[i].desc);
        fprintf(f, "},\n");
    }
    fprintf(f, "};\n\nconst struct isa_pgm isa_pgms[ISA_PGM_COUNT] = {\n");
    for (int i = 0; i < g->npgm; i++) {
        fprintf(f, "    {0x%02X, %d, \"%s\", ", g->pgm[i].code, strcmp(g->pgm[i].type, "nullify") == 0, g->pgm[i].name);
        cstr(f, g->pgm[i].desc);
        fprintf(f, "},\n");
    }
    fprintf(f, "};\n\n");
    const struct { const char *name; struct named *v; int n; } lists[] = {
        {"isa_sie_controls", g->ictl, g->nictl}, {"isa_sie_codes", g->icode, g->nicode},
        {"isa_sie_validity", g->vcode, g->nvcode}, {"isa_lowcore", g->lc, g->nlc},
        {"isa_sd_fields", g->sd, g->nsd}};
    for (int l = 0; l < 5; l++) {
        fprintf(f, "const struct isa_named %s[] = {\n", lists[l].name);
        for (int i = 0; i < lists[l].n; i++) {
            fprintf(f, "    {\"%s\", 0x%X, 0x%X, ", lists[l].v[i].name, lists[l].v[i].value, lists[l].v[i].length);
            cstr(f, lists[l].v[i].desc);
            fprintf(f, "},\n");
        }
        fprintf(f, "    {NULL, 0, 0, NULL},\n};\n\n");
    }
    fprintf(f, "const struct isa_def isa_defs[ISA_COUNT] = {\n");
    for (int i = 0; i < g->nin; i++) {
        struct insn *in = &g->in[i];
        handler_name(in, h, sizeof h);
        fprintf(f, "    {");
        cstr(f, in->mnemonic), fputs(", ", f);
        cstr(f, in->alias), fputs(", ", f);
        cstr(f, in->name), fputs(", ", f);
        cstr(f, in->operands), fputs(", ", f);
        cstr(f, in->note), fputs(", ", f);
        cstr(f, in->trap_control);
        fprintf(f, ", exec_%s, 0x%X, 0x%08X, %d, ISA_FMT_%s, %d, %d, %d, %d, %d, %d, %d},\n", h, in->opcode,
                in->exceptions, in->line, g->fmt[in->format].name, g->fmt[in->format].length,
                in->privilege, in->pg, in->cc, in->sie, in->sie_control, strstr(in->operands, "RI2") != NULL);
    }
    fprintf(f, "};\n\n");
    /* second-level tables, one per extended primary opcode */
    int ext_of[256];
    for (int p = 0; p < 256; p++)
        ext_of[p] = -1;
    for (int i = 0; i < g->nin; i++) {
        struct format *fm = &g->fmt[g->in[i].format];
        if (fm->opbits > 8)
            ext_of[g->in[i].opcode >> (fm->opbits - 8)] = g->in[i].format;
    }
    for (int p = 0; p < 256; p++) {
        if (ext_of[p] < 0)
            continue;
        struct format *fm = &g->fmt[ext_of[p]];
        int n = 1 << fm->op2_width;
        fprintf(f, "static const u16 ext_%02X[%d] = {", p, n);
        for (int s = 0; s < n; s++) {
            int id = 0;
            for (int i = 0; i < g->nin; i++)
                if (g->fmt[g->in[i].format].opbits > 8 && g->in[i].opcode == (unsigned)(p << fm->op2_width | s))
                    id = i + 1;
            fprintf(f, "%s%d", s == 0 ? "\n    " : s % 16 ? ", " : ",\n    ", id);
        }
        fprintf(f, "\n};\n");
    }
    fprintf(f, "\nconst struct isa_primary isa_primary[256] = {\n");
    for (int p = 0; p < 256; p++) {
        if (ext_of[p] >= 0) {
            struct format *fm = &g->fmt[ext_of[p]];
            int byte = fm->op2_off / 8, shift = 8 - fm->op2_off % 8 - fm->op2_width;
            fprintf(f, "    [0x%02X] = {0, %d, %d, 0x%X, ext_%02X},\n", p, byte, shift,
                    (1 << fm->op2_width) - 1, p);
            continue;
        }
        for (int i = 0; i < g->nin; i++)
            if (g->fmt[g->in[i].format].opbits == 8 && g->in[i].opcode == (unsigned)p)
                fprintf(f, "    [0x%02X] = {%d, 0, 0, 0, NULL},\n", p, i + 1);
    }
    fprintf(f, "};\n");
}

/* ---- virtualizability -------------------------------------------------------------- */

/* Popek and Goldberg (1974). Theorem 1: a VMM can be built if the sensitive
 * instructions are a subset of the privileged ones. Theorem 3: a hybrid VMM
 * (which interprets all virtual-supervisor code) can be built if the
 * user-sensitive instructions are a subset of the privileged ones. A
 * semiprivileged instruction counts as privileged: the VMM sets the control
 * register that makes it trap. */
static int check_theorems(struct gen *g)
{
    static const char *const cls[] = {"innocuous", "control-sensitive", "behaviour-sensitive"};
    int t1 = 1, t3 = 1, nsens = 0, npriv = 0;
    for (int i = 0; i < g->nin; i++) {
        struct insn *in = &g->in[i];
        int priv = in->privilege != 0;
        nsens += in->pg != 0;
        npriv += priv;
        if (in->pg != 0 && !priv) {
            printf("%s:%d: %s is %s but not privileged: Theorem 1 fails\n", g->path, in->line,
                   in->mnemonic, cls[in->pg]);
            t1 = 0;
            if (in->user_sensitive) {
                printf("%s:%d: %s is sensitive in problem state: Theorem 3 fails\n", g->path,
                       in->line, in->mnemonic);
                t3 = 0;
            }
        }
    }
    printf("%d instructions: %d sensitive, %d privileged or semiprivileged\n", g->nin, nsens, npriv);
    printf("Theorem 1 (a VMM can be built): %s\n", t1 ? "holds" : "FAILS");
    printf("Theorem 2 (recursive virtualization, given a VMM without timing dependences): %s\n",
           t1 ? "holds" : "FAILS");
    printf("Theorem 3 (a hybrid VMM can be built): %s\n", t3 ? "holds" : "FAILS");
    return t1 ? 0 : 1;
}

/* ---- main ------------------------------------------------------------------------------- */

static int load(struct gen *g, const char *path)
{
    FILE *f = fopen(path, "rb");
    yaml_parser_t p;
    g->path = path;
    if (!f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    yaml_parser_initialize(&p);
    yaml_parser_set_input_file(&p, f);
    if (!yaml_parser_load(&p, &g->doc)) {
        fprintf(stderr, "%s:%zu: %s%s%s\n", path, p.problem_mark.line + 1, p.problem ? p.problem : "YAML error",
                p.context ? " " : "", p.context ? p.context : "");
        yaml_parser_delete(&p);
        fclose(f);
        return -1;
    }
    yaml_parser_delete(&p);
    fclose(f);
    yaml_node_t *root = yaml_document_get_root_node(&g->doc);
    if (!root || root->type != YAML_MAPPING_NODE) {
        fprintf(stderr, "%s:1: the spec must be a mapping\n", path);
        return -1;
    }
    static const char *const keys[] = {"machine", "formats", "psw", "control_registers", "dat_entries",
                                       "external_interruptions", "lowcore", "program_interruptions",
                                       "exception_groups", "condition_codes", "sie", "instructions", NULL};
    only_keys(g, root, keys);
    read_machine(g, root);
    read_formats(g, root);
    read_psw(g, root);
    read_bitfields(g, root, "control_registers", g->crf, &g->ncrf, 1);
    read_bitfields(g, root, "dat_entries", g->dat, &g->ndat, 0);
    read_externals(g, root);
    read_lowcore(g, root);
    read_pgms(g, root);
    read_cc(g, root);
    read_sie(g, root);
    read_insns(g, root);
    return g->errors ? -1 : 0;
}

int main(int argc, char **argv)
{
    static struct gen g;
    if (argc == 3 && strcmp(argv[1], "--check") == 0) {
        if (load(&g, argv[2]) < 0)
            return 2;
        return check_theorems(&g);
    }
    if (argc != 3 && !(argc == 5 && strcmp(argv[3], "--handlers") == 0)) {
        fprintf(stderr, "usage: gen_tables SPEC OUTDIR [--handlers LIST]\n"
                        "       gen_tables --check SPEC\n");
        return 2;
    }
    if (load(&g, argv[1]) < 0)
        return 1;
    if (argc == 5)
        check_handlers(&g, argv[4]);
    if (g.errors)
        return 1;
    struct out o;
    if (out_open(&o, argv[2], "arch.h") < 0)
        return 1;
    emit_arch_h(&g, o.f);
    if (out_close(&o) < 0 || out_open(&o, argv[2], "isa_tables.h") < 0)
        return 1;
    emit_tables_h(&g, o.f);
    if (out_close(&o) < 0 || out_open(&o, argv[2], "isa_tables.c") < 0)
        return 1;
    emit_tables_c(&g, o.f);
    if (out_close(&o) < 0)
        return 1;
    yaml_document_delete(&g.doc);
    return 0;
}
