/* spec_yaml.c: the spec as a YAML document, and how the generator refuses it.
 *
 * Design note. The spec is read with libyaml's document API, not its
 * event stream, so that every node keeps its line and every refusal can
 * read "SPEC:LINE: reason". The readers of the sections ask for keys
 * through these helpers, which refuse a missing key, a wrong type or an
 * unknown key themselves; a refusal is counted and reading goes on, so
 * one run reports many mistakes (up to 50).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

int spec_line(const yaml_node_t *n) { return n ? (int)n->start_mark.line + 1 : 0; }

static void vfail(struct gen *g, int line, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s:%d: ", g->path, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void spec_fail(struct gen *g, const yaml_node_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(g, spec_line(n), fmt, ap);
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

yaml_node_t *spec_node(struct gen *g, int i) { return yaml_document_get_node(&g->doc, i); }

const char *spec_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

yaml_node_t *spec_get(struct gen *g, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        const char *k = spec_scalar(spec_node(g, p->key));
        if (k && strcmp(k, key) == 0)
            return spec_node(g, p->value);
    }
    return NULL;
}

/* Every key of `map` must be one of `allowed` (NULL-terminated). */
void spec_only_keys(struct gen *g, yaml_node_t *map, const char *const *allowed)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = spec_node(g, p->key);
        const char *k = spec_scalar(kn);
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
    const char *s = spec_scalar(n);
    if (!n)
        spec_fail(g, map, "missing '%s'", key);
    else if (!s)
        spec_fail(g, n, "'%s' must be a scalar", key);
    return s;
}

const char *spec_opt_str(struct gen *g, yaml_node_t *map, const char *key)
{
    yaml_node_t *n = spec_get(g, map, key);
    if (n && !spec_scalar(n))
        spec_fail(g, n, "'%s' must be a scalar", key);
    return spec_scalar(n);
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
    if (parse_long(spec_scalar(n), &v) < 0)
        spec_fail(g, n, "'%s' must be an integer, not '%s'", key, spec_scalar(n) ? spec_scalar(n) : "?");
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

yaml_node_t *spec_need_seq(struct gen *g, yaml_node_t *map, const char *key)
{
    yaml_node_t *n = spec_get(g, map, key);
    if (!n || n->type != YAML_SEQUENCE_NODE) {
        spec_fail(g, n ? n : map, "'%s' must be a list", key);
        return NULL;
    }
    return n;
}

yaml_node_t *spec_need_map(struct gen *g, yaml_node_t *map, const char *key)
{
    yaml_node_t *n = spec_get(g, map, key);
    if (!n || n->type != YAML_MAPPING_NODE) {
        spec_fail(g, n ? n : map, "'%s' must be a mapping", key);
        return NULL;
    }
    return n;
}

/* Parse `path` into g->doc; a syntax error is refused with its line. */
int spec_parse_document(struct gen *g, const char *path)
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
    int ok = yaml_parser_load(&p, &g->doc);
    if (!ok)
        fprintf(stderr, "%s:%zu: %s%s%s\n", path, p.problem_mark.line + 1, p.problem ? p.problem : "YAML error",
                p.context ? " " : "", p.context ? p.context : "");
    yaml_parser_delete(&p);
    fclose(f);
    return ok ? 0 : -1;
}
