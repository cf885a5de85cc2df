/* emit_tables_h.c: build/gen/isa_tables.h, the host's view of the tables.
 *
 * Design note. The header declares what isa_tables.c defines, with the
 * types isa/isa.h gives (struct isa_def and the rest), plus the enums that
 * name every instruction, format and condition-code rule, and one handler
 * pair (fast and slow twin) per instruction, and the machine variants'
 * names and tables. It is host-only: guests include arch.h.
 */
#include "gen.h"

static void emit_enums(const struct gen *g, FILE *f)
{
    char id[64];
    fprintf(f, "enum isa_id {\n");
    for (int i = 0; i < g->nin; i++) {
        emit_upper_ident(id, g->in[i].mnemonic, sizeof id);
        fprintf(f, "    ISA_%s,\n", id);
    }
    fprintf(f, "};\n\nenum isa_format_id {\n");
    for (int i = 0; i < g->nfmt; i++)
        fprintf(f, "    ISA_FMT_%s,\n", g->fmt[i].name);
    fprintf(f, "};\n\nenum isa_cc_id {\n");
    for (int i = 0; i < g->ncc; i++) {
        emit_upper_ident(id, g->cc[i].name, sizeof id);
        fprintf(f, "    ISA_CC_%s,\n", id);
    }
    fprintf(f, "};\n\n/* machine variants: 0 is the sound machine, the spec as written */\nenum isa_variant_id {\n");
    for (int v = 0; v < g->nvar; v++) {
        emit_upper_ident(id, g->var[v].name, sizeof id);
        fprintf(f, "    ISA_VARIANT_%s,\n", id);
    }
    fprintf(f, "};\n\n");
}

void emit_tables_h(const struct gen *g, FILE *f)
{
    char h[64];
    fprintf(f, "/* isa_tables.h: generated from %s. Do not edit. */\n#ifndef CREASY_ISA_TABLES_H\n"
               "#define CREASY_ISA_TABLES_H\n\n#define ISA_COUNT %d\n#define ISA_FORMAT_COUNT %d\n"
               "#define ISA_CC_RULE_COUNT %d\n#define ISA_PGM_COUNT %d\n#define ISA_SIE_CONTROL_COUNT %d\n"
               "#define ISA_VARIANT_COUNT %d\n\n",
            g->path, g->nin, g->nfmt, g->ncc, g->npgm, g->nictl, g->nvar);
    emit_enums(g, f);
    for (int i = 0; i < g->nin; i++) {
        insn_handler_name(&g->in[i], h, sizeof h);
        fprintf(f, "insn_fn exec_%s, exec_%s_slow;\n#define ISA_LENGTH_%s %d\n", h, h, h,
                g->fmt[g->in[i].format].length);
    }
    fprintf(f, "\nstruct isa_pgm { u8 code; u8 nullifies; const char *name, *desc; };\n"
               "/* value: a code, or an offset; size: an intercept control's mask, a field's length */\n"
               "struct isa_named { const char *name; u32 value, size; const char *desc; };\n\n"
               "extern const struct isa_def isa_defs[ISA_COUNT];   /* the sound machine: isa_variants[0] */\n"
               "extern const char *const isa_variant_names[ISA_VARIANT_COUNT];\n"
               "extern const char *const isa_variant_descs[ISA_VARIANT_COUNT];\n"
               "/* each a full table of ISA_COUNT rows, in the same order */\n"
               "extern const struct isa_def *const isa_variants[ISA_VARIANT_COUNT];\n"
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
