/* emit_arch.c: build/gen/arch.h, the architecture's constants.
 *
 * Design note. arch.h is plain #defines, with no types and no tables, so
 * that the host (C with libc) and the guests (CP, CMS and programs, built
 * freestanding by the cross compiler) include the same file and can
 * never disagree on a bit, an offset or a code. A list that a guest needs
 * as a list is emitted as an X-macro or an initializer, never as data.
 * The emitter refuses nothing: spec*.c checked the spec before.
 */
#include <string.h>

#include "gen.h"

/* PSW: masks per word, plus shifts for multi-bit fields, and the bits
 * that must be zero or one for the PSW to be valid */
static void emit_psw(const struct gen *g, FILE *f)
{
    char id[64];
    unsigned long long defined = 0, ones = 0;
    for (int i = 0; i < g->npsw; i++) {
        const struct named *p = &g->psw[i];
        int word = p->bit_lo / 32, lo = p->bit_lo % 32, hi = p->bit_hi % 32;
        unsigned mask = emit_bit_mask(lo, hi);
        unsigned shift = 31 - hi;
        emit_upper_ident(id, p->name, sizeof id);
        fprintf(f, "#define PSW%d_%s 0x%08Xu   /* bits %d-%d: %s */\n", word, id, mask, p->bit_lo, p->bit_hi, p->desc);
        if (p->bit_hi > p->bit_lo)
            fprintf(f, "#define PSW%d_%s_SHIFT %u\n", word, id, shift);
        if (!p->has_value)
            defined |= (unsigned long long)mask << (word ? 0 : 32);
        if (p->has_value && p->value)
            ones |= (unsigned long long)((unsigned)p->value << shift) << (word ? 0 : 32);
    }
    fprintf(f, "/* bits that must be zero / one for the PSW to be valid */\n");
    fprintf(f, "#define PSW0_MUST_BE_ZERO 0x%08Xu\n#define PSW0_MUST_BE_ONE 0x%08Xu\n",
            (unsigned)~((defined | ones) >> 32), (unsigned)(ones >> 32));
    fprintf(f, "#define PSW1_MUST_BE_ZERO 0x%08Xu\n#define PSW1_MUST_BE_ONE 0x%08Xu\n\n",
            (unsigned)~(defined | ones), (unsigned)ones);
}

/* Fields of a 32-bit word: a control register's (prefix CR<n>_) or a DAT entry's. */
static void emit_word_fields(const struct named *v, int n, int cr, FILE *f)
{
    char id[64];
    for (int i = 0; i < n; i++) {
        const struct named *p = &v[i];
        unsigned mask = emit_bit_mask(p->bit_lo, p->bit_hi);
        char pre[8] = "";
        if (cr)
            snprintf(pre, sizeof pre, "CR%d_", p->length);
        emit_upper_ident(id, p->name, sizeof id);
        fprintf(f, "#define %s%s 0x%08Xu   /* bits %d-%d: %s */\n", pre, id, mask, p->bit_lo, p->bit_hi, p->desc);
        if (p->bit_hi > p->bit_lo)
            fprintf(f, "#define %s%s_SHIFT %d\n", pre, id, 31 - p->bit_hi);
        if (p->has_value)
            fprintf(f, "#define %s%s_VALUE 0x%08Xu\n", pre, id, (unsigned)p->value << (31 - p->bit_hi));
    }
}

/* DAT entries: bits no field of an entry kind (the name up to '_') claims */
static void emit_dat_must_be_zero(const struct gen *g, FILE *f)
{
    for (int i = 0; i < g->ndat; i++) {
        const char *us = strchr(g->dat[i].name, '_');
        int plen = us ? (int)(us - g->dat[i].name) : (int)strlen(g->dat[i].name), first = 1;
        unsigned used = 0;
        for (int j = 0; j < g->ndat; j++) {
            if (strncmp(g->dat[j].name, g->dat[i].name, plen) || g->dat[j].name[plen] != '_')
                continue;
            first &= j >= i;
            used |= emit_bit_mask(g->dat[j].bit_lo, g->dat[j].bit_hi);
        }
        if (first)
            fprintf(f, "#define %.*s_MUST_BE_ZERO 0x%08Xu\n", plen, g->dat[i].name, ~used);
    }
}

/* Interruption codes and low-core offsets. */
static void emit_codes(const struct gen *g, FILE *f)
{
    char id[64], m[64];
    for (int i = 0; i < g->next; i++) {
        emit_upper_ident(id, g->ext[i].name, sizeof id);
        emit_upper_ident(m, g->crf[g->ext[i].length].name, sizeof m);
        fprintf(f, "#define EXT_%s 0x%04X   /* %s; allowed by CR0_%s */\n", id, g->ext[i].value, g->ext[i].desc, m);
    }
    fputc('\n', f);
    for (int i = 0; i < g->nlc; i++) {
        emit_upper_ident(id, g->lc[i].name, sizeof id);
        fprintf(f, "#define LC_%s 0x%03X   /* %d bytes: %s */\n", id, g->lc[i].value, g->lc[i].length, g->lc[i].desc);
    }
    fputc('\n', f);
    for (int i = 0; i < g->npgm; i++) {
        emit_upper_ident(id, g->pgm[i].name, sizeof id);
        fprintf(f, "#define PGM_%s 0x%02X\n", id, g->pgm[i].code);
    }
}

/* Program interruptions by type (bit n: code n), and their titles. */
static void emit_pgm_lists(const struct gen *g, FILE *f)
{
    char id[64];
    int limit = 0;
    fprintf(f, "/* bit n is set if program-interruption code n is of the type */\n");
    for (int t = 0; pgm_types[t]; t++) {
        unsigned codes = 0;
        for (int i = 0; i < g->npgm; i++)
            if (strcmp(g->pgm[i].type, pgm_types[t]) == 0)
                codes |= 1u << g->pgm[i].code;
        emit_upper_ident(id, pgm_types[t], sizeof id);
        fprintf(f, "#define PGM_%s_CODES 0x%08Xu\n", id, codes);
    }
    fprintf(f, "#define PGM_CODE_IN(codes, code) ((unsigned)(code) < 32 && ((codes) >> (code)) & 1)\n");
    for (int i = 0; i < g->npgm; i++)
        if (g->pgm[i].code >= limit)
            limit = g->pgm[i].code + 1;
    fprintf(f, "/* titles for messages, in upper case: const char *t[PGM_CODE_LIMIT] = PGM_TITLES */\n"
               "#define PGM_CODE_LIMIT 0x%02X\n#define PGM_TITLES { \\\n", limit);
    for (int i = 0; i < g->npgm; i++) {
        emit_upper_ident(id, g->pgm[i].name, sizeof id);
        fprintf(f, "    [PGM_%s] = \"", id);
        for (const char *c = g->pgm[i].title; *c; c++)
            fputc(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c, f);
        fprintf(f, "\", \\\n");
    }
    fprintf(f, "}\n");
}

/* One X(MNEMONIC, opcode left-aligned in the first halfword, opcode bits,
 * length) row; spec_insns.c and spec_variants.c made sure the opcode fits. */
static void emit_x_row(const struct gen *g, const struct insn *in, FILE *f, const char *extra)
{
    const struct format *fm = &g->fmt[in->format];
    fprintf(f, "    X(%s, 0x%04X, %d, %d%s) \\\n", in->mnemonic, in->opcode << (16 - fm->opbits), fm->opbits,
            fm->length, extra);
}

/* privileged and semiprivileged instructions, for guest programs that
 * try them (programs/cms/privops.c): the opcode left-aligned in the
 * first halfword, and the length. spec_insns.c made sure it fits. */
static void emit_privileged(const struct gen *g, FILE *f)
{
    fprintf(f, "\n/* X(MNEMONIC, opcode left-aligned in the first halfword, opcode bits, length) */\n"
               "#define ARCH_PRIVILEGED_INSNS(X) \\\n");
    for (int i = 0; i < g->nin; i++)   /* the sound machine's */
        if (g->vin[0][i].present && g->vin[0][i].privilege != 0)
            emit_x_row(g, &g->vin[0][i], f, "");
    fprintf(f, "    /* end */\n");
}

/* Control flow, for binary translation (CP's translator): every
 * instruction with a `flow`, the same in every variant. */
static void emit_flows(const struct gen *g, FILE *f)
{
    char id[64], extra[80];
    fprintf(f, "\n/* how an instruction moves control (spec.yaml's `flow`) */\n");
    for (int k = 0; flows[k]; k++) {
        emit_upper_ident(id, flows[k], sizeof id);
        fprintf(f, "#define ARCH_FLOW_%s %d\n", id, k + 1);
    }
    fprintf(f, "/* X(MNEMONIC, opcode left-aligned in the first halfword, opcode bits, length, FLOW) */\n"
               "#define ARCH_FLOW_INSNS(X) \\\n");
    for (int i = 0; i < g->nin; i++) {
        if (!g->in[i].flow)
            continue;
        emit_upper_ident(id, flows[g->in[i].flow - 1], sizeof id);
        snprintf(extra, sizeof extra, ", ARCH_FLOW_%s", id);
        emit_x_row(g, &g->in[i], f, extra);
    }
    fprintf(f, "    /* end */\n");
}

/* The machine variants (spec.yaml's `variants`), and for each the
 * instructions that are sensitive but do not trap in problem state: what
 * a VMM on that machine cannot see by trapping (empty for the sound one). */
static void emit_variants(const struct gen *g, FILE *f)
{
    char id[64];
    fprintf(f, "\n/* machine variants: 0 is the sound machine, the spec as written */\n#define ARCH_VARIANT_COUNT %d\n",
            g->nvar);
    for (int v = 0; v < g->nvar; v++) {
        emit_upper_ident(id, g->var[v].name, sizeof id);
        fprintf(f, "#define ARCH_VARIANT_%s %d\n", id, v);
    }
    for (int v = 0; v < g->nvar; v++) {
        emit_upper_ident(id, g->var[v].name, sizeof id);
        fprintf(f, "/* %s: sensitive, and no trap in problem state; X as in ARCH_PRIVILEGED_INSNS */\n"
                   "#define ARCH_VARIANT_%s_TRAPLESS_SENSITIVE_INSNS(X) \\\n", g->var[v].name, id);
        for (int i = 0; i < g->nin; i++) {
            const struct insn *in = &g->vin[v][i];
            if (in->present && in->pg != 0 && in->privilege == 0)
                emit_x_row(g, in, f, "");
        }
        fprintf(f, "    /* end */\n");
    }
}

/* OPCODE_<MNEMONIC>: the opcode as spec.yaml writes it, its bits right-aligned. */
static void emit_opcodes(const struct gen *g, FILE *f)
{
    char id[64];
    fprintf(f, "\n/* opcodes: OP, then OP2 or the second byte of OP:16, right-aligned */\n");
    for (int i = 0; i < g->nin; i++) {
        emit_upper_ident(id, g->in[i].mnemonic, sizeof id);
        fprintf(f, "#define OPCODE_%s 0x%0*X\n", id, g->in[i].opdigits, g->in[i].opcode);
    }
}

/* The exit counters: one per interception code, by code / 4, then the
 * host's DAT exceptions at SIE_EXIT_COUNT - 1. */
static void emit_sie_exits(const struct gen *g, FILE *f)
{
    char id[64];
    int slots = 0;
    for (int i = 0; i < g->nicode; i++)
        if (g->icode[i].value / 4 >= slots)
            slots = g->icode[i].value / 4 + 1;
    fprintf(f, "/* SIE exit counters: one per interception code, by code / 4, then one,\n"
               " * the last, for a %s; their names:\n"
               " * const char *n[SIE_EXIT_COUNT] = SIE_EXIT_NAMES (a null pointer where no code is listed) */\n"
               "#define SIE_EXIT_COUNT %d\n#define SIE_EXIT_NAMES { \\\n",
            g->host_fault_exit, slots + 1);
    for (int i = 0; i < g->nicode; i++) {
        emit_upper_ident(id, g->icode[i].name, sizeof id);
        fprintf(f, "    [SIE_ICODE_%s / 4] = \"%s\", \\\n", id, g->icode[i].name);
    }
    fprintf(f, "    [SIE_EXIT_COUNT - 1] = ");
    emit_cstr(f, g->host_fault_exit);
    fprintf(f, ", \\\n}\n");
}

static void emit_sie(const struct gen *g, FILE *f)
{
    char id[64];
    fprintf(f, "\n#define SIE_SD_LENGTH %d\n", g->sd_length);
    for (int i = 0; i < g->nsd; i++) {
        emit_upper_ident(id, g->sd[i].name, sizeof id);
        fprintf(f, "#define SD_%s 0x%02X   /* %d bytes: %s */\n", id, g->sd[i].value, g->sd[i].length, g->sd[i].desc);
        for (int b = 0; b < g->nsdbit; b++)
            if (strcmp(g->sdbit[b].field, g->sd[i].name) == 0) {
                char bit[64];
                emit_upper_ident(bit, g->sdbit[b].name, sizeof bit);
                fprintf(f, "#define SD_%s_%s 0x%02X\n", id, bit, g->sdbit[b].mask);
            }
    }
    for (int i = 0; i < g->nictl; i++) {
        emit_upper_ident(id, g->ictl[i].name, sizeof id);
        fprintf(f, "#define SIE_%s_OFFSET 0x%02X\n#define SIE_%s_MASK 0x%02X   /* %s */\n", id,
                g->ictl[i].value, id, g->ictl[i].length, g->ictl[i].desc);
    }
    for (int i = 0; i < g->nicode; i++) {
        emit_upper_ident(id, g->icode[i].name, sizeof id);
        fprintf(f, "#define SIE_ICODE_%s 0x%02X   /* %s */\n", id, g->icode[i].value, g->icode[i].desc);
    }
    emit_sie_exits(g, f);
    for (int i = 0; i < g->nvcode; i++) {
        emit_upper_ident(id, g->vcode[i].name, sizeof id);
        fprintf(f, "#define SIE_VALIDITY_%s 0x%04X   /* %s */\n", id, g->vcode[i].value, g->vcode[i].desc);
    }
}

void emit_arch_h(const struct gen *g, FILE *f)
{
    fprintf(f, "/* arch.h: architecture constants, generated from %s. Do not edit.\n"
               " * Plain #defines, so both the host and guest code (CP, CMS) include it. */\n"
               "#ifndef CREASY_ARCH_H\n#define CREASY_ARCH_H\n\n", g->path);
    fprintf(f, "#define ARCH_CPU_ID 0x%06lXu\n#define ARCH_MODEL 0x%04lXu\n#define ARCH_VERSION 0x%02lXu\n"
               "#define ARCH_PAGE_SIZE %ld\n\n", g->cpu_id, g->model, g->version, g->page_size);
    emit_psw(g, f);
    emit_word_fields(g->crf, g->ncrf, 1, f);
    emit_word_fields(g->dat, g->ndat, 0, f);
    emit_dat_must_be_zero(g, f);
    emit_codes(g, f);
    emit_pgm_lists(g, f);
    emit_privileged(g, f);
    emit_flows(g, f);
    emit_variants(g, f);
    emit_opcodes(g, f);
    emit_sie(g, f);
    fprintf(f, "\n#endif\n");
}
