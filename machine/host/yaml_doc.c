/* yaml_doc.c: a YAML file read whole, and refusals that name its lines
 * (yaml_doc.h).
 *
 * Design note. The readers use libyaml's document API, not its event
 * stream: the whole document is loaded first, so every node keeps its
 * line and a reader can look at keys in any order, and a refusal can
 * always say where. Two policies for refusals live in one function: a
 * host reader (config, directory) wants only the first, in a buffer, to
 * report its own way; the table generator wants each on stderr, to
 * report many mistakes in one run.
 */
#include <stdarg.h>
#include <string.h>

#include "yaml_doc.h"

static int load(struct yaml_doc *d, yaml_parser_t *p)
{
    d->loaded = yaml_parser_load(p, &d->doc);
    if (!d->loaded)
        yaml_doc_fail_at(d, (int)p->problem_mark.line + 1, "%s%s%s", p->problem ? p->problem : "YAML syntax error",
                         p->context ? " " : "", p->context ? p->context : "");
    yaml_parser_delete(p);
    return d->loaded ? 0 : -1;
}

int yaml_doc_parse_file(struct yaml_doc *d, FILE *f)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return -2;
    yaml_parser_set_input_file(&p, f);
    return load(d, &p);
}

int yaml_doc_parse_text(struct yaml_doc *d, const char *text)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return -2;
    yaml_parser_set_input_string(&p, (const unsigned char *)text, strlen(text));
    return load(d, &p);
}

void yaml_doc_free(struct yaml_doc *d)
{
    if (d->loaded)
        yaml_document_delete(&d->doc);
    d->loaded = false;
}

yaml_node_t *yaml_doc_root(struct yaml_doc *d) { return yaml_document_get_root_node(&d->doc); }

yaml_node_t *yaml_doc_node(struct yaml_doc *d, int i) { return yaml_document_get_node(&d->doc, i); }

int yaml_doc_line(const yaml_node_t *n) { return n ? (int)n->start_mark.line + 1 : 0; }

const char *yaml_doc_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static void vfail(struct yaml_doc *d, int line, const char *fmt, va_list ap)
{
    if (!d->err) {
        fprintf(stderr, "%s:%d: ", d->name, line);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
    } else if (!d->errors) {
        int n = snprintf(d->err, d->errlen, "%s:%d: ", d->name, line);
        if (n >= 0 && (size_t)n < d->errlen)
            vsnprintf(d->err + n, d->errlen - (size_t)n, fmt, ap);
    }
    d->errors++;
}

bool yaml_doc_fail(struct yaml_doc *d, const yaml_node_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(d, yaml_doc_line(n), fmt, ap);
    va_end(ap);
    return false;
}

bool yaml_doc_fail_at(struct yaml_doc *d, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(d, line, fmt, ap);
    va_end(ap);
    return false;
}
