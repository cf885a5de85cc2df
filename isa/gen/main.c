/* main.c: gen_tables, spec.yaml to C, and the virtualizability check.
 *
 *   gen_tables SPEC OUTDIR [--handlers LIST]   write isa_tables.[ch], arch.h
 *   gen_tables --check SPEC                    Popek-Goldberg theorems 1 and 3
 *
 * Design note. Read and check everything first (spec.c, and with
 * --handlers the DEF_INSN list the Makefile extracts); write only when no
 * check failed, each file whole through emit_file.c. Exit status: 0 done,
 * 1 a refused spec (or, with --check, a failing Theorem 1), 2 bad usage or
 * an unreadable spec under --check. gen.h describes the parts.
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

int main(int argc, char **argv)
{
    static struct gen g;
    if (argc == 3 && strcmp(argv[1], "--check") == 0) {
        if (spec_load(&g, argv[2]) < 0)
            return 2;
        return check_theorems(&g);
    }
    if (argc != 3 && !(argc == 5 && strcmp(argv[3], "--handlers") == 0)) {
        fprintf(stderr, "usage: gen_tables SPEC OUTDIR [--handlers LIST]\n"
                        "       gen_tables --check SPEC\n");
        return 2;
    }
    if (spec_load(&g, argv[1]) < 0)
        return 1;
    if (argc == 5)
        spec_check_handlers(&g, argv[4]);
    if (g.errors || write_all(&g, argv[2]) < 0)
        return 1;
    yaml_doc_free(&g.doc);
    return 0;
}
