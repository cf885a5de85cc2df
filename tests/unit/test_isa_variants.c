/* test_isa_variants.c: the machine variants' tables (spec.yaml's
 * `variants`, isa/gen/spec_variants.c) and the `flow` column.
 *
 * Design note. A variant is an overlay: the same rows in the same order,
 * with only their classes, presence and notes changed. These tests hold
 * the generator to that (a variant that changed a row's encoding or
 * handler would break the shared decode tables), check the flawed
 * machine's rows as issue 14 defines them, and the disassembler's and
 * decoder's view of each variant. The flawed machine's instructions
 * themselves are tested in test_flawed.c.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "arch.h"
#include "isa.h"

static const struct isa_def *flawed(void) { return isa_variants[ISA_VARIANT_FLAWED]; }

Test(variants, names_and_the_sound_machine)
{
    cr_assert_eq(isa_variants[0], isa_defs, "variant 0 is the sound machine");
    cr_assert_str_eq(isa_variant_names[ISA_VARIANT_SOUND], "sound");
    cr_assert_str_eq(isa_variant_names[ISA_VARIANT_FLAWED], "flawed");
    cr_assert_eq(isa_variant_find("sound"), ISA_VARIANT_SOUND);
    cr_assert_eq(isa_variant_find("flawed"), ISA_VARIANT_FLAWED);
    cr_assert_eq(isa_variant_find("Flawed"), -1);
    cr_assert_eq(isa_variant_find(""), -1);
    cr_assert_eq(isa_variant_find(NULL), -1);
    char buf[64];
    cr_assert_str_eq(isa_variant_list(buf, sizeof buf), "sound, flawed");
    cr_assert_eq(ISA_VARIANT_COUNT, ARCH_VARIANT_COUNT);
    cr_assert_eq(ISA_VARIANT_FLAWED, ARCH_VARIANT_FLAWED);
}

/* Everything about encoding and semantics is the same in every variant. */
Test(variants, rows_differ_only_in_classes)
{
    for (int v = 1; v < ISA_VARIANT_COUNT; v++)
        for (int id = 0; id < ISA_COUNT; id++) {
            const struct isa_def *a = &isa_defs[id], *b = &isa_variants[v][id];
            cr_assert_str_eq(a->mnemonic, b->mnemonic);
            cr_assert_str_eq(a->operands, b->operands, "%s", a->mnemonic);
            cr_assert_eq((void *)a->fn, (void *)b->fn, "%s", a->mnemonic);
            cr_assert(a->opcode == b->opcode && a->format == b->format && a->length == b->length &&
                          a->exceptions == b->exceptions && a->cc == b->cc && a->relative == b->relative &&
                          a->flow == b->flow,
                      "%s", a->mnemonic);
        }
}

Test(variants, flawed_machine_rows)
{
    const struct isa_def *s = isa_defs, *f = flawed();
    cr_assert(!s[ISA_EPSW].present && f[ISA_EPSW].present, "EPSW exists on the flawed machine only");
    cr_assert_eq(f[ISA_EPSW].privilege, ISA_UNPRIVILEGED);
    cr_assert_eq(f[ISA_EPSW].pg, ISA_BEHAVIOUR_SENSITIVE);
    cr_assert_eq(f[ISA_EPSW].sie, ISA_SIE_NATIVE);
    cr_assert_eq(f[ISA_EPSW].opcode, 0xB98D);
    static const int mask_insns[] = {ISA_SSM, ISA_STOSM, ISA_STNSM};
    for (size_t i = 0; i < 3; i++) {
        int id = mask_insns[i];
        cr_assert(s[id].present && f[id].present);
        cr_assert_eq(s[id].privilege, ISA_PRIVILEGED, "%s", s[id].mnemonic);
        cr_assert_eq(s[id].problem_state, ISA_PROBLEM_TRAPS, "%s", s[id].mnemonic);
        cr_assert_eq(f[id].privilege, ISA_UNPRIVILEGED, "%s", s[id].mnemonic);
        cr_assert_eq(f[id].problem_state, ISA_PROBLEM_MASK_UNCHANGED, "%s", s[id].mnemonic);
        cr_assert_eq(f[id].pg, ISA_CONTROL_SENSITIVE, "%s", s[id].mnemonic);
        cr_assert_eq(f[id].sie, s[id].sie, "%s: SIE interprets it as before", s[id].mnemonic);
        cr_assert_neq(f[id].spec_line, s[id].spec_line, "%s: the flawed row points at its change",
                      s[id].mnemonic);
    }
    /* nothing else changed */
    for (int id = 0; id < ISA_COUNT; id++) {
        if (id == ISA_EPSW || id == ISA_SSM || id == ISA_STOSM || id == ISA_STNSM)
            continue;
        cr_assert(s[id].present && f[id].present && s[id].privilege == f[id].privilege && s[id].pg == f[id].pg &&
                      s[id].sie == f[id].sie && f[id].problem_state == ISA_PROBLEM_TRAPS,
                  "%s", s[id].mnemonic);
    }
}

/* arch.h's per-variant lists of instructions sensitive but trapless. */
#define COUNT(m, op, bits, len) +1
#define FIND(m, op, bits, len) || (id == ISA_##m && (op) >> (16 - (bits)) == flawed()[id].opcode)
Test(variants, trapless_sensitive_lists)
{
    cr_assert_eq(0 ARCH_VARIANT_SOUND_TRAPLESS_SENSITIVE_INSNS(COUNT), 0);
    cr_assert_eq(0 ARCH_VARIANT_FLAWED_TRAPLESS_SENSITIVE_INSNS(COUNT), 4);
    for (int id = 0; id < ISA_COUNT; id++) {
        const struct isa_def *d = &flawed()[id];
        bool want = d->present && d->pg != ISA_INNOCUOUS && d->privilege == ISA_UNPRIVILEGED;
        cr_assert_eq(false ARCH_VARIANT_FLAWED_TRAPLESS_SENSITIVE_INSNS(FIND), want, "%s", d->mnemonic);
    }
}

#define FLOW(m, op, bits, len, kind) +((op) >> (16 - (bits)) == isa_defs[ISA_##m].opcode && isa_defs[ISA_##m].flow == (kind))
Test(variants, flows)
{
    cr_assert_eq(isa_defs[ISA_BC].flow, ISA_FLOW_BRANCH);
    cr_assert_eq(isa_defs[ISA_BXLE].flow, ISA_FLOW_BRANCH);
    cr_assert_eq(isa_defs[ISA_BASR].flow, ISA_FLOW_BRANCH_LINK);
    cr_assert_eq(isa_defs[ISA_BAL].flow, ISA_FLOW_BRANCH_LINK);
    cr_assert_eq(isa_defs[ISA_BRC].flow, ISA_FLOW_RELATIVE);
    cr_assert_eq(isa_defs[ISA_BRCL].flow, ISA_FLOW_RELATIVE);
    cr_assert_eq(isa_defs[ISA_BRASL].flow, ISA_FLOW_RELATIVE_LINK);
    cr_assert_eq(isa_defs[ISA_LARL].flow, ISA_FLOW_ADDRESS);
    cr_assert_eq(isa_defs[ISA_EX].flow, ISA_FLOW_EXECUTE);
    cr_assert_eq(isa_defs[ISA_AR].flow, ISA_FLOW_NONE);
    cr_assert_eq(isa_defs[ISA_LPSW].flow, ISA_FLOW_NONE);
    int flows = 0;
    for (int id = 0; id < ISA_COUNT; id++) {
        const struct isa_def *d = &isa_defs[id];
        flows += d->flow != ISA_FLOW_NONE;
        if (d->relative)
            cr_assert(d->flow == ISA_FLOW_RELATIVE || d->flow == ISA_FLOW_RELATIVE_LINK || d->flow == ISA_FLOW_ADDRESS,
                      "%s", d->mnemonic);
    }
    cr_assert_eq(flows, 19);
    cr_assert_eq(0 ARCH_FLOW_INSNS(FLOW), flows, "arch.h lists every flow, with the table's opcode and kind");
    cr_assert_eq(ARCH_FLOW_RELATIVE, ISA_FLOW_RELATIVE);
    cr_assert_eq(ARCH_FLOW_EXECUTE, ISA_FLOW_EXECUTE);
}

static void disasm(const struct isa_def *isa, const char *hex, const char *want)
{
    u8 b[6] = {0};
    size_t n = strlen(hex) / 2;
    for (size_t k = 0; k < n; k++) {
        char pair[3] = {hex[2 * k], hex[2 * k + 1], 0};
        b[k] = (u8)strtoul(pair, NULL, 16);
    }
    char buf[64];
    cr_assert_eq(isa_disasm_in(isa, b, 0, buf, sizeof buf), (int)n);
    cr_assert_str_eq(buf, want);
}

Test(variants, disassembly_and_decoding_by_variant)
{
    disasm(flawed(), "B98D0012", "EPSW  1,2");   /* objdump: epsw %r1,%r2 */
    disasm(isa_defs, "B98D0012", "DC     X'B98D0012'");
    disasm(flawed(), "80001000", "SSM   0(1)");
    const u8 epsw[4] = {0xB9, 0x8D, 0x00, 0x12};
    cr_assert_eq(isa_lookup_in(flawed(), epsw), ISA_EPSW);
    cr_assert_eq(isa_lookup_in(isa_defs, epsw), -1);
    cr_assert_eq(isa_lookup(epsw), -1, "isa_lookup is the sound machine's");
}
