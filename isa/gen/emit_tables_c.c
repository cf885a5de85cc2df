/* emit_tables_c.c: build/gen/isa_tables.c, the host's tables.
 *
 * Design note. Decoding is two table lookups and a generated routine:
 * isa_primary[first byte] gives an instruction, or a second-level table
 * (ext_XX) and where its index bits are (OP2, or OP:16's second byte);
 * then the format's decode_<FORMAT> routine, written here from the
 * layout, extracts the fields. Indexes into isa_defs are stored plus one,
 * so zero means "no instruction" (an operation exception). The decode
 * tables hold the rows of every variant; a variant's table says which
 * exist in it (`present`), and isa/decode.c treats the others as
 * undefined.
 */
#include <string.h>

#include "gen.h"

static const struct field *fmt_field(const struct format *f, const char *name)
{
    for (int i = 0; i < f->nfields; i++)
        if (strcmp(f->f[i].name, name) == 0)
            return &f->f[i];
    return NULL;
}

/* decode_<FORMAT>: the format's fields into struct insn; base and index
 * fields of zero become the always-zero register. */
static void emit_decoder(FILE *f, const struct format *fm)
{
    static const char *const members[][2] = {{"R1", "r1"}, {"R2", "r2"}, {"R3", "r3"}, {"X2", "x2"},
                                             {"B1", "b1"}, {"B2", "b2"}, {"D1", "d1"}, {"D2", "d2"},
                                             {"I2", "i2"}, {"L", "l"}, {NULL, NULL}};
    int bits = fm->length * 8;
    fprintf(f, "static void decode_%s(struct insn *in, const u8 *b)\n{\n", fm->name);
    fprintf(f, "    u64 v = 0;\n    for (int i = 0; i < %d; i++)\n        v = v << 8 | b[i];\n", fm->length);
    int used = 0;
    for (int i = 0; members[i][0]; i++) {
        const struct field *fd = fmt_field(fm, members[i][0]);
        if (!fd)
            continue;
        used = 1;
        unsigned long long mask = fd->width == 32 ? 0xFFFFFFFFull : (1ull << fd->width) - 1;
        int shift = bits - fd->off - fd->width;
        if (members[i][0][0] == 'B' || members[i][0][0] == 'X')
            fprintf(f, "    in->%s = (v >> %d) & 0x%llX ? (v >> %d) & 0x%llX : ZERO_REG;\n", members[i][1], shift,
                    mask, shift, mask);
        else
            fprintf(f, "    in->%s = (v >> %d) & 0x%llX;\n", members[i][1], shift, mask);
    }
    if (!used)
        fprintf(f, "    (void)v;\n    (void)in;\n");
    fprintf(f, "}\n\n");
}

/* Formats, condition-code rules, program interruptions, the named lists. */
static void emit_lists(const struct gen *g, FILE *f)
{
    fprintf(f, "const struct isa_format isa_formats[ISA_FORMAT_COUNT] = {\n");
    for (int i = 0; i < g->nfmt; i++)
        fprintf(f, "    {\"%s\", %d, decode_%s},\n", g->fmt[i].name, g->fmt[i].length, g->fmt[i].name);
    fprintf(f, "};\n\nconst struct isa_cc_rule isa_cc_rules[ISA_CC_RULE_COUNT] = {\n");
    for (int i = 0; i < g->ncc; i++) {
        fprintf(f, "    {\"%s\", ", g->cc[i].name);
        emit_cstr(f, g->cc[i].desc);
        fprintf(f, "},\n");
    }
    fprintf(f, "};\n\nconst struct isa_pgm isa_pgms[ISA_PGM_COUNT] = {\n");
    for (int i = 0; i < g->npgm; i++) {
        fprintf(f, "    {0x%02X, %d, \"%s\", ", g->pgm[i].code, strcmp(g->pgm[i].type, "nullify") == 0,
                g->pgm[i].name);
        emit_cstr(f, g->pgm[i].desc);
        fprintf(f, "},\n");
    }
    fprintf(f, "};\n\n");
    const struct { const char *name; const struct named *v; int n; } lists[] = {
        {"isa_sie_controls", g->ictl, g->nictl}, {"isa_sie_codes", g->icode, g->nicode},
        {"isa_sie_validity", g->vcode, g->nvcode}, {"isa_lowcore", g->lc, g->nlc},
        {"isa_sd_fields", g->sd, g->nsd}};
    for (int l = 0; l < 5; l++) {
        fprintf(f, "const struct isa_named %s[] = {\n", lists[l].name);
        for (int i = 0; i < lists[l].n; i++) {
            fprintf(f, "    {\"%s\", 0x%X, 0x%X, ", lists[l].v[i].name, lists[l].v[i].value, lists[l].v[i].length);
            emit_cstr(f, lists[l].v[i].desc);
            fprintf(f, "},\n");
        }
        fprintf(f, "    {NULL, 0, 0, NULL},\n};\n\n");
    }
}

/* One variant's table: every row, in the same order in each (spec_variants.c). */
static void emit_defs(const struct gen *g, FILE *f, int v)
{
    char h[64];
    if (v)
        fprintf(f, "static const struct isa_def isa_defs_%s[ISA_COUNT] = {\n", g->var[v].name);
    else
        fprintf(f, "const struct isa_def isa_defs[ISA_COUNT] = {\n");
    for (int i = 0; i < g->nin; i++) {
        const struct insn *in = &g->vin[v][i];
        insn_handler_name(in, h, sizeof h);
        fprintf(f, "    {");
        emit_cstr(f, in->mnemonic), fputs(", ", f);
        emit_cstr(f, in->alias), fputs(", ", f);
        emit_cstr(f, in->name), fputs(", ", f);
        emit_cstr(f, in->operands), fputs(", ", f);
        emit_cstr(f, in->note), fputs(", ", f);
        emit_cstr(f, in->trap_control);
        fprintf(f, ", exec_%s, 0x%X, 0x%08X, %d, ISA_FMT_%s, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d},\n", h,
                in->opcode, in->exceptions, in->line, g->fmt[in->format].name, g->fmt[in->format].length,
                in->privilege, in->pg, in->cc, in->sie, in->sie_control, insn_relative(in), in->present,
                in->problem_state, in->flow);
    }
    fprintf(f, "};\n\n");
}

/* The variants: their names and tables, variant 0 the sound machine. */
static void emit_variants(const struct gen *g, FILE *f)
{
    for (int v = 0; v < g->nvar; v++)
        emit_defs(g, f, v);
    fprintf(f, "const char *const isa_variant_names[ISA_VARIANT_COUNT] = {");
    for (int v = 0; v < g->nvar; v++)
        fprintf(f, "%s\"%s\"", v ? ", " : "", g->var[v].name);
    fprintf(f, "};\n\nconst char *const isa_variant_descs[ISA_VARIANT_COUNT] = {\n");
    for (int v = 0; v < g->nvar; v++) {
        fputs("    ", f);
        emit_cstr(f, g->var[v].desc);
        fputs(",\n", f);
    }
    fprintf(f, "};\n\nconst struct isa_def *const isa_variants[ISA_VARIANT_COUNT] = {isa_defs");
    for (int v = 1; v < g->nvar; v++)
        fprintf(f, ", isa_defs_%s", g->var[v].name);
    fprintf(f, "};\n\n");
}

/* ext_XX: the second-level table of extended primary opcode XX. */
static void emit_ext_table(const struct gen *g, FILE *f, int p, const struct format *fm)
{
    int n = 1 << fm->op2_width;
    fprintf(f, "static const u16 ext_%02X[%d] = {", p, n);
    for (int s = 0; s < n; s++) {
        int id = 0;
        for (int i = 0; i < g->nin; i++)
            if (g->fmt[g->in[i].format].opbits > 8 && g->in[i].opcode == (unsigned)(p << fm->op2_width | s))
                id = i + 1;
        fprintf(f, "%s%d", s == 0 ? "\n    " : s % 16 ? ", " : ",\n    ", id);
    }
    fprintf(f, "\n};\n");
}

static void emit_decode_tables(const struct gen *g, FILE *f)
{
    int ext_of[256];   /* the format of each extended primary opcode, or -1 */
    for (int p = 0; p < 256; p++)
        ext_of[p] = -1;
    for (int i = 0; i < g->nin; i++) {
        const struct format *fm = &g->fmt[g->in[i].format];
        if (fm->opbits > 8)
            ext_of[g->in[i].opcode >> (fm->opbits - 8)] = g->in[i].format;
    }
    for (int p = 0; p < 256; p++)
        if (ext_of[p] >= 0)
            emit_ext_table(g, f, p, &g->fmt[ext_of[p]]);
    fprintf(f, "\nconst struct isa_primary isa_primary[256] = {\n");
    for (int p = 0; p < 256; p++) {
        if (ext_of[p] >= 0) {
            const struct format *fm = &g->fmt[ext_of[p]];
            int byte = fm->op2_off / 8, shift = 8 - fm->op2_off % 8 - fm->op2_width;
            fprintf(f, "    [0x%02X] = {0, %d, %d, 0x%X, ext_%02X},\n", p, byte, shift,
                    (1 << fm->op2_width) - 1, p);
            continue;
        }
        for (int i = 0; i < g->nin; i++)
            if (g->fmt[g->in[i].format].opbits == 8 && g->in[i].opcode == (unsigned)p)
                fprintf(f, "    [0x%02X] = {%d, 0, 0, 0, NULL},\n", p, i + 1);
    }
    fprintf(f, "};\n");
}

void emit_tables_c(const struct gen *g, FILE *f)
{
    fprintf(f, "/* isa_tables.c: generated from %s. Do not edit. */\n#include \"isa.h\"\n#include <stddef.h>\n\n",
            g->path);
    for (int i = 0; i < g->nfmt; i++)
        emit_decoder(f, &g->fmt[i]);
    emit_lists(g, f);
    emit_variants(g, f);
    emit_decode_tables(g, f);
}
