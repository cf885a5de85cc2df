/* spec_formats.c: the `formats` section, the instruction formats.
 *
 * Design note. A format is its layout, fields left to right with their
 * widths, as the Principles of Operation draws it. Everything else is
 * derived and checked here once: that the fields fill the length, where
 * the opcode bits are (OP, and OP2 or the second byte of OP:16, which
 * picks the entry of a second-level decode table), so that the readers of
 * instructions and the emitters can rely on a well-formed format.
 */
#include <string.h>

#include "gen.h"

static int known_field(const char *name)
{
    static const char *const known[] = {"OP", "OP2", "_", "R1", "R2", "R3", "X2", "B1", "B2",
                                        "D1", "D2", "I2", "L", NULL};
    for (int i = 0; known[i]; i++)
        if (strcmp(name, known[i]) == 0)
            return 1;
    return 0;
}

/* "OP:8 R1:4 R2:4" into f->f; the number of bits, or -1 if refused. */
static int parse_layout(struct gen *g, yaml_node_t *n, struct format *f)
{
    const char *s = yaml_doc_scalar(n);
    int off = 0;
    f->nfields = 0;
    while (s && *s) {
        char name[8];
        int w, len;
        if (sscanf(s, " %7[A-Z0-9_]:%d%n", name, &w, &len) != 2 || w <= 0 || w > 32) {
            spec_fail(g, n, "bad layout field near '%s' (want NAME:BITS)", s);
            return -1;
        }
        if (f->nfields == MAX_FIELDS) {
            spec_fail(g, n, "too many layout fields");
            return -1;
        }
        if (!known_field(name)) {
            spec_fail(g, n, "unknown layout field '%s'", name);
            return -1;
        }
        for (int i = 0; i < f->nfields; i++)
            if (strcmp(name, "_") && strcmp(f->f[i].name, name) == 0)
                spec_fail(g, n, "layout field '%s' appears twice", name);
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

/* Where the opcode bits are: OP, then OP2 or OP:16's second byte. */
static void find_opcode_bits(struct gen *g, yaml_node_t *lay, struct format *f)
{
    if (f->nfields == 0 || strcmp(f->f[0].name, "OP") || (f->f[0].width != 8 && f->f[0].width != 16))
        spec_fail(g, lay, "format %s: must start with OP:8 or OP:16", f->name);
    f->op_width = f->nfields ? f->f[0].width : 8;
    f->opbits = f->op_width;
    for (int i = 0; i < f->nfields; i++)
        if (strcmp(f->f[i].name, "OP2") == 0) {
            f->op2_off = f->f[i].off;
            f->op2_width = f->f[i].width;
            f->opbits += f->f[i].width;
            if (f->op_width != 8 || f->f[i].off / 8 != (f->f[i].off + f->f[i].width - 1) / 8)
                spec_fail(g, lay, "format %s: OP2 must follow OP:8 and sit within one byte", f->name);
        }
    if (f->op_width == 16) {    /* OP:16 is OP:8 extended by the second byte */
        f->op2_off = 8;
        f->op2_width = 8;
    }
}

void spec_read_formats(struct gen *g, yaml_node_t *root)
{
    static const char *const keys[] = {"length", "layout", NULL};
    yaml_node_t *m = spec_need_map(g, root, "formats");
    if (!m)
        return;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = yaml_doc_node(&g->doc, p->key), *v = yaml_doc_node(&g->doc, p->value);
        struct format *f = &g->fmt[g->nfmt];
        if (g->nfmt == MAX_ITEMS || v->type != YAML_MAPPING_NODE) {
            spec_fail(g, kn, "format '%s' must be a mapping {length, layout}", yaml_doc_scalar(kn));
            continue;
        }
        spec_only_keys(g, v, keys);
        f->name = yaml_doc_scalar(kn);
        f->line = yaml_doc_line(kn);
        f->length = spec_need_int(g, v, "length", 2, 6);
        if (f->length != 2 && f->length != 4 && f->length != 6)
            spec_fail(g, spec_get(g, v, "length"), "format %s: length must be 2, 4 or 6", f->name);
        yaml_node_t *lay = spec_get(g, v, "layout");
        if (!lay) {
            spec_fail(g, v, "format %s: missing 'layout'", f->name);
            continue;
        }
        int bits = parse_layout(g, lay, f);
        if (bits < 0)
            continue;
        if (bits != f->length * 8)
            spec_fail(g, lay, "format %s: fields cover %d bits, but the length is %d bytes (%d bits)",
                      f->name, bits, f->length, f->length * 8);
        find_opcode_bits(g, lay, f);
        g->nfmt++;
    }
}

int spec_find_format(const struct gen *g, const char *name)
{
    for (int i = 0; name && i < g->nfmt; i++)
        if (strcmp(g->fmt[i].name, name) == 0)
            return i;
    return -1;
}
