/* spec_yaml.c: the spec's keys, and how the generator refuses it.
 *
 * Design note. The spec is read whole with machine/host/yaml_doc.c (the
 * plumbing the host's YAML readers share), so every node keeps its line
 * and every refusal can read "SPEC:LINE: reason". The readers of the
 * sections ask for keys through these helpers, which refuse a missing
 * key, a wrong type or an unknown key themselves; a refusal is printed
 * and counted and reading goes on, so one run reports many mistakes (up
 * to 50).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

/* Through yaml_doc_fail_at, which prints each refusal (g->doc has no
 * err buffer); it takes no va_list, so the message is made here. */
static void vfail(struct gen *g, int line, const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    yaml_doc_fail_at(&g->doc, line, "%s", msg);
}

void spec_fail(struct gen *g, const yaml_node_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(g, yaml_doc_line(n), fmt, ap);
    va_end(ap);
    if (++g->errors >= 50) {
        fprintf(stderr, "%s: too many errors\n", g->path);
        exit(1);
    }
}

/* As spec_fail, for a check made after reading, with only the line left. */
void spec_fail_at(struct gen *g, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(g, line, fmt, ap);
    va_end(ap);
    g->errors++;
}

yaml_node_t *spec_get(struct gen *g, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        const char *k = yaml_doc_scalar(yaml_doc_node(&g->doc, p->key));
        if (k && strcmp(k, key) == 0)
            return yaml_doc_node(&g->doc, p->value);
    }
    return NULL;
}

/* Every key of `map` must be one of `allowed` (NULL-terminated). */
void spec_only_keys(struct gen *g, yaml_node_t *map, const char *const *allowed)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = yaml_doc_node(&g->doc, p->key);
        const char *k = yaml_doc_scalar(kn);
        int ok = 0;
        for (int i = 0; k && allowed[i]; i++)
            ok |= strcmp(k, allowed[i]) == 0;
        if (!ok)
            spec_fail(g, kn, "unknown key '%s'", k ? k : "?");
    }
}

const char *spec_need_str(struct gen *g, yaml_node_t *map, const char *key)
{
    yaml_node_t *n = spec_get(g, map, key);
    const char *s = yaml_doc_scalar(n);
    if (!n)
        spec_fail(g, map, "missing '%s'", key);
    else if (!s)
        spec_fail(g, n, "'%s' must be a scalar", key);
    return s;
}

const char *spec_opt_str(struct gen *g, yaml_node_t *map, const char *key)
{
    yaml_node_t *n = spec_get(g, map, key);
    if (n && !yaml_doc_scalar(n))
        spec_fail(g, n, "'%s' must be a scalar", key);
    return yaml_doc_scalar(n);
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

long spec_need_int(struct gen *g, yaml_node_t *map, const char *key, long lo, long hi)
{
    yaml_node_t *n = spec_get(g, map, key);
    long v = 0;
    if (!n) {
        spec_fail(g, map, "missing '%s'", key);
        return lo;
    }
    if (parse_long(yaml_doc_scalar(n), &v) < 0)
        spec_fail(g, n, "'%s' must be an integer, not '%s'", key, yaml_doc_scalar(n) ? yaml_doc_scalar(n) : "?");
    else if (v < lo || v > hi)
        spec_fail(g, n, "'%s' %ld out of range %ld..%ld", key, v, lo, hi);
    return v;
}

/* The index of `key`'s value in `choices` (NULL-terminated); 0 if refused. */
int spec_pick(struct gen *g, yaml_node_t *map, const char *key, const char *const *choices)
{
    const char *s = spec_need_str(g, map, key);
    for (int i = 0; s && choices[i]; i++)
        if (strcmp(s, choices[i]) == 0)
            return i;
    if (s)
        spec_fail(g, spec_get(g, map, key), "unknown %s '%s'", key, s);
    return 0;
}

/* `key`'s value, which must be a node of `type` (`what` names it). */
static yaml_node_t *need_node(struct gen *g, yaml_node_t *map, const char *key, yaml_node_type_t type,
                              const char *what)
{
    yaml_node_t *n = spec_get(g, map, key);
    if (!n || n->type != type) {
        spec_fail(g, n ? n : map, "'%s' must be %s", key, what);
        return NULL;
    }
    return n;
}

yaml_node_t *spec_need_seq(struct gen *g, yaml_node_t *map, const char *key)
{
    return need_node(g, map, key, YAML_SEQUENCE_NODE, "a list");
}

yaml_node_t *spec_need_map(struct gen *g, yaml_node_t *map, const char *key)
{
    return need_node(g, map, key, YAML_MAPPING_NODE, "a mapping");
}

/* Parse `path` into g->doc; a syntax error is refused with its line. */
int spec_parse_document(struct gen *g, const char *path)
{
    FILE *f = fopen(path, "rb");
    g->path = g->doc.name = path;
    if (!f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    int rc = yaml_doc_parse_file(&g->doc, f);
    if (rc == -2)
        fprintf(stderr, "%s: out of memory\n", path);
    fclose(f);
    return rc < 0 ? -1 : 0;
}
