/* main.c: gen_tables, spec.yaml to C, and the virtualizability check.
 *
 *   gen_tables SPEC OUTDIR [--handlers LIST]   write isa_tables.[ch], arch.h
 *   gen_tables --check SPEC [--variant NAME]   Popek-Goldberg theorems 1 and 3
 *
 * Design note. Read and check everything first (spec.c, and with
 * --handlers the DEF_INSN list the Makefile extracts); write only when no
 * check failed, each file whole through emit_file.c. Exit status: 0 done,
 * 1 a refused spec, 2 bad usage or an unreadable spec under --check.
 * --check evaluates the sound machine and then every variant, which may
 * fail (that is what the flawed one is for): its status is 1 only when the
 * sound machine fails Theorem 1. With --variant it checks that machine
 * alone, and its status is 1 when Theorem 1 fails for it. gen.h describes
 * the parts.
 */
#include <string.h>

#include "gen.h"

static const struct {
    const char *name;
    void (*emit)(const struct gen *g, FILE *f);
} outputs[] = {
    {"arch.h", emit_arch_h},
    {"isa_tables.h", emit_tables_h},
    {"isa_tables.c", emit_tables_c},
};

static int write_all(const struct gen *g, const char *dir)
{
    for (size_t i = 0; i < sizeof outputs / sizeof outputs[0]; i++) {
        struct out o;
        if (out_open(&o, dir, outputs[i].name) < 0)
            return -1;
        outputs[i].emit(g, o.f);
        if (out_close(&o) < 0)
            return -1;
    }
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: gen_tables SPEC OUTDIR [--handlers LIST]\n"
                    "       gen_tables --check SPEC [--variant NAME]\n");
    return 2;
}

/* --check SPEC [--variant NAME] */
static int check(struct gen *g, int argc, char **argv)
{
    if (argc != 3 && !(argc == 5 && strcmp(argv[3], "--variant") == 0))
        return usage();
    if (spec_load(g, argv[2]) < 0)
        return 2;
    if (argc == 5) {
        int v = spec_find_variant(g, argv[4]);
        if (v < 0) {
            fprintf(stderr, "gen_tables: %s has no variant '%s' (", argv[2], argv[4]);
            for (int k = 0; k < g->nvar; k++)
                fprintf(stderr, "%s%s", k ? ", " : "", g->var[k].name);
            fprintf(stderr, ")\n");
            return 2;
        }
        return check_theorems(g, v);
    }
    int rc = check_theorems(g, 0);
    for (int v = 1; v < g->nvar; v++) {
        printf("\n");
        check_theorems(g, v);
    }
    return rc;
}

int main(int argc, char **argv)
{
    static struct gen g;
    if (argc >= 2 && strcmp(argv[1], "--check") == 0)
        return check(&g, argc, argv);
    if (argc != 3 && !(argc == 5 && strcmp(argv[3], "--handlers") == 0))
        return usage();
    if (spec_load(&g, argv[1]) < 0)
        return 1;
    if (argc == 5)
        spec_check_handlers(&g, argv[4]);
    if (g.errors || write_all(&g, argv[2]) < 0)
        return 1;
    yaml_doc_free(&g.doc);
    return 0;
}
