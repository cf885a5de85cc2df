/* spec.c: read the whole spec into `struct gen`, section by section.
 *
 * Design note. The sections are read in the order they refer to each
 * other: control-register fields before the external interruptions that
 * name their masks, program interruptions and condition-code rules before
 * the instructions that list them, the SIE intercept controls before the
 * instructions' sie_control, the instructions before the variants that
 * change them (and that resolve the rows' own `variants` lists). A refused section leaves its list short, and
 * reading goes on so one run reports as much as it can; the caller writes
 * nothing unless g->errors is still zero.
 */
#include "gen.h"

/* The spec's vocabularies: an entry's value is its index in the list. */
const char *const privileges[] = {"unprivileged", "privileged", "semiprivileged", NULL};
const char *const pg_classes[] = {"innocuous", "control-sensitive", "behaviour-sensitive", NULL};
const char *const sie_modes[] = {"native", "interpreted", "intercepted", NULL};
const char *const pgm_types[] = {"nullify", "suppress", "terminate", "complete", NULL};
const char *const problem_states[] = {"traps", "mask-unchanged", NULL};
/* an instruction's `flow` is 1 + its index here (0: none) */
const char *const flows[] = {"branch", "branch-link", "relative", "relative-link", "address", "execute", NULL};

int spec_load(struct gen *g, const char *path)
{
    static const char *const keys[] = {"machine", "formats", "psw", "control_registers", "dat_entries",
                                       "external_interruptions", "lowcore", "program_interruptions",
                                       "exception_groups", "condition_codes", "sie", "instructions", "variants",
                                       NULL};
    if (spec_parse_document(g, path) < 0)
        return -1;
    yaml_node_t *root = yaml_doc_root(&g->doc);
    if (!root || root->type != YAML_MAPPING_NODE) {
        fprintf(stderr, "%s:1: the spec must be a mapping\n", path);
        return -1;
    }
    spec_only_keys(g, root, keys);
    spec_read_machine(g, root);
    spec_read_formats(g, root);
    spec_read_psw(g, root);
    spec_read_bitfields(g, root, "control_registers", g->crf, &g->ncrf, 1);
    spec_read_bitfields(g, root, "dat_entries", g->dat, &g->ndat, 0);
    spec_read_externals(g, root);
    spec_read_lowcore(g, root);
    spec_read_pgms(g, root);
    spec_read_cc(g, root);
    spec_read_sie(g, root);
    spec_read_insns(g, root);
    spec_read_variants(g, root);
    return g->errors ? -1 : 0;
}
