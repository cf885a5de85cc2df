/* yaml_doc.h: a YAML file read whole, every node with its line, and
 * refusals that name it, "FILE:LINE: reason" (yaml_doc.c).
 *
 * The three YAML readers share it: the system configuration
 * (machine/host/config.c), the CP directory compiler
 * (machine/host/directory_cmd.c) and the table generator
 * (isa/gen/spec_yaml.c, which links this file alone). Each keeps its own
 * vocabulary and messages; only the plumbing is here.
 */
#ifndef CREASY_YAML_DOC_H
#define CREASY_YAML_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <yaml.h>

struct yaml_doc {
    yaml_document_t doc;       /* valid once parsed: yaml_doc_free() deletes it */
    bool loaded;
    const char *name;          /* what refusals call the file */
    /* Refusals: with `err`, the first is kept there (errlen bytes) and the
     * rest are dropped; without, each is printed on stderr. */
    char *err;
    size_t errlen;
    int errors;                /* refusals so far */
};

/* Parse a whole file, or text, into d->doc (d->name set first): 0; -1
 * after refusing a syntax error at its line; -2, reporting nothing, if
 * libyaml cannot make a parser (out of memory). */
int yaml_doc_parse_file(struct yaml_doc *d, FILE *f);
int yaml_doc_parse_text(struct yaml_doc *d, const char *text);
void yaml_doc_free(struct yaml_doc *d);

yaml_node_t *yaml_doc_root(struct yaml_doc *d);        /* NULL for an empty document */
yaml_node_t *yaml_doc_node(struct yaml_doc *d, int i);
int yaml_doc_line(const yaml_node_t *n);               /* 1-based; 0 for no node */
const char *yaml_doc_scalar(const yaml_node_t *n);     /* NULL unless a scalar */

/* Refuse node `n` (NULL: line 0), or a line: "NAME:LINE: reason". Always
 * false, for `return yaml_doc_fail(...)`. */
bool yaml_doc_fail(struct yaml_doc *d, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool yaml_doc_fail_at(struct yaml_doc *d, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
