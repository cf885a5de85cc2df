/* spec_sie.c: the `sie` section: the state description, its intercept
 * controls, and the interception and validity codes.
 *
 * Design note. The state description is a list of fields at offsets;
 * everything else in the section points into it, so the checks are that
 * fields neither overlap nor run past the description, that each
 * intercept control is a bit of some field, shared with no other control,
 * and that a field's named flag bits fit its one byte without sharing.
 * Interception codes are multiples of 4: the exit counters, the console's
 * and CP's, are indexed by code / 4, with `host_fault_exit` one past.
 */
#include <stdlib.h>
#include <string.h>

#include "gen.h"

/* A list of {name, <numkey>, [<extra>], desc} mappings. `extra` (length or
 * mask) is optional unless `need_extra`; `also` is a key read elsewhere. */
static void read_named_list(struct gen *g, yaml_node_t *map, const char *key, struct named *out, int *n,
                            const char *numkey, long max, const char *extra, int need_extra, const char *also)
{
    const char *keys[] = {"name", numkey, extra ? extra : "desc", also ? also : "desc", "desc", NULL};
    yaml_node_t *seq = spec_need_seq(g, map, key), *e;
    if (!seq)
        return;
    FOR_SEQ(g, seq, e) {
        if (e->type != YAML_MAPPING_NODE || *n == MAX_ITEMS) {
            spec_fail(g, e, "%s entry must be a mapping", key);
            continue;
        }
        spec_only_keys(g, e, keys);
        struct named *d = &out[*n];
        d->line = yaml_doc_line(e);
        d->name = spec_need_str(g, e, "name");
        d->desc = spec_need_str(g, e, "desc");
        d->value = spec_need_int(g, e, numkey, 0, max);
        if (extra && (need_extra || spec_get(g, e, extra)))
            d->length = spec_need_int(g, e, extra, 1, 255);
        for (int i = 0; i < *n; i++)
            if (d->name && strcmp(out[i].name, d->name) == 0)
                spec_fail(g, e, "%s '%s' duplicates line %d", key, d->name, out[i].line);
        if (d->name)
            (*n)++;
    }
}

/* One field's `bits: {name: mask, ...}`. */
static void read_field_bits(struct gen *g, const struct named *field, yaml_node_t *bits)
{
    int first = g->nsdbit;
    if (field->length != 1 || bits->type != YAML_MAPPING_NODE) {
        spec_fail(g, bits, "state description field %s: bits must be a mapping {name: mask} of a one-byte field",
                  field->name);
        return;
    }
    for (yaml_node_pair_t *p = bits->data.mapping.pairs.start; p < bits->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = yaml_doc_node(&g->doc, p->key), *vn = yaml_doc_node(&g->doc, p->value);
        struct sd_bit *b = &g->sdbit[g->nsdbit];
        long mask;
        char *end;
        const char *v = yaml_doc_scalar(vn);
        if (g->nsdbit == MAX_ITEMS || !yaml_doc_scalar(kn) || !v || (mask = strtol(v, &end, 0), *end) || mask < 1 ||
            mask > 0xFF) {
            spec_fail(g, kn, "state description field %s: a bit is NAME: MASK, a mask within 0x01-0xFF",
                      field->name);
            continue;
        }
        *b = (struct sd_bit){.field = field->name, .name = yaml_doc_scalar(kn), .line = yaml_doc_line(kn),
                             .mask = (int)mask};
        for (int i = first; i < g->nsdbit; i++)
            if (strcmp(g->sdbit[i].name, b->name) == 0 || (g->sdbit[i].mask & b->mask))
                spec_fail(g, kn, "state description field %s: bit %s clashes with %s (line %d)", field->name,
                          b->name, g->sdbit[i].name, g->sdbit[i].line);
        g->nsdbit++;
    }
}

static void read_sd_bits(struct gen *g, yaml_node_t *m)
{
    yaml_node_t *seq = spec_get(g, m, "state_description"), *e;
    if (!seq || seq->type != YAML_SEQUENCE_NODE)
        return;
    FOR_SEQ(g, seq, e) {
        yaml_node_t *bits = spec_get(g, e, "bits");
        int i = spec_find_named(g->sd, g->nsd, yaml_doc_scalar(spec_get(g, e, "name")));
        if (bits && i >= 0)
            read_field_bits(g, &g->sd[i], bits);
    }
}

static void check_sd_fields(struct gen *g)
{
    for (int i = 0; i < g->nsd; i++) {
        struct named *d = &g->sd[i];
        if (d->value + d->length > g->sd_length)
            spec_fail_at(g, d->line, "state description field %s runs past the %d-byte description", d->name,
                         g->sd_length);
        for (int j = 0; j < i; j++)
            if (d->value < g->sd[j].value + g->sd[j].length && g->sd[j].value < d->value + d->length)
                spec_fail_at(g, d->line, "state description field %s overlaps %s (line %d)", d->name,
                             g->sd[j].name, g->sd[j].line);
    }
}

static void check_intercept_controls(struct gen *g)
{
    for (int i = 0; i < g->nictl; i++) {
        struct named *c = &g->ictl[i];
        int inside = 0;
        for (int j = 0; j < g->nsd; j++)
            inside |= c->value >= g->sd[j].value && c->value < g->sd[j].value + g->sd[j].length;
        if (!inside)
            spec_fail_at(g, c->line, "intercept control %s: offset 0x%X is in no state description field",
                         c->name, c->value);
        for (int j = 0; j < i; j++)
            if (g->ictl[j].value == c->value && (g->ictl[j].length & c->length))
                spec_fail_at(g, c->line, "intercept control %s shares bits with %s (line %d)", c->name,
                             g->ictl[j].name, g->ictl[j].line);
    }
}

static void check_interception_codes(struct gen *g)
{
    for (int i = 0; i < g->nicode; i++)
        if (g->icode[i].value % 4)
            spec_fail_at(g, g->icode[i].line, "interception code %s: 0x%02X is not a multiple of 4",
                         g->icode[i].name, g->icode[i].value);
}

void spec_read_sie(struct gen *g, yaml_node_t *root)
{
    static const char *const keys[] = {"doc", "state_description_length", "state_description",
                                       "intercept_controls", "interception_codes", "host_fault_exit",
                                       "validity_codes", NULL};
    yaml_node_t *m = spec_need_map(g, root, "sie");
    if (!m)
        return;
    spec_only_keys(g, m, keys);
    g->sd_length = spec_need_int(g, m, "state_description_length", 64, 4096);
    read_named_list(g, m, "state_description", g->sd, &g->nsd, "offset", 4095, "length", 1, "bits");
    read_sd_bits(g, m);
    read_named_list(g, m, "intercept_controls", g->ictl, &g->nictl, "offset", 4095, "mask", 1, NULL);
    read_named_list(g, m, "interception_codes", g->icode, &g->nicode, "code", 255, NULL, 0, NULL);
    g->host_fault_exit = spec_need_str(g, m, "host_fault_exit");
    read_named_list(g, m, "validity_codes", g->vcode, &g->nvcode, "code", 0xFFFF, NULL, 0, NULL);
    check_sd_fields(g);
    check_intercept_controls(g);
    check_interception_codes(g);
}
