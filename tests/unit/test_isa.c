/* test_isa.c: the decoder and disassembler (isa/isa.h): every instruction
 * of every machine variant decodes back to itself there, nothing else
 * decodes at all, the format field extraction, isa_length, isa_find, and
 * isa_disasm text against GNU objdump's operand order. (The variants'
 * tables themselves: test_isa_variants.c.) */
#include <criterion/criterion.h>
#include <string.h>

#include "isa.h"

/* Where a format keeps its opcode bits. */
static void place_opcode(const struct isa_def *d, u8 *b)
{
    switch (d->format) {
    case ISA_FMT_RI:
    case ISA_FMT_RIL:   /* 8 bits, then 4 in byte 1's low half */
        b[0] = (u8)(d->opcode >> 4);
        b[1] = (u8)((b[1] & 0xF0) | (d->opcode & 0x0F));
        break;
    case ISA_FMT_RXE:
    case ISA_FMT_RSE:   /* byte 0 and byte 5 */
        b[0] = (u8)(d->opcode >> 8);
        b[5] = (u8)d->opcode;
        break;
    case ISA_FMT_E:
    case ISA_FMT_RRE:
    case ISA_FMT_S:
    case ISA_FMT_SSE:   /* 16 bits */
        b[0] = (u8)(d->opcode >> 8);
        b[1] = (u8)d->opcode;
        break;
    default:            /* 8 bits */
        b[0] = (u8)d->opcode;
        break;
    }
}

static bool opcode_matches(const struct isa_def *d, const u8 *b)
{
    u8 want[6];
    memcpy(want, b, 6);
    place_opcode(d, want);
    return memcmp(want, b, 6) == 0;
}

/* In every machine variant, each row that exists there decodes back to
 * itself, and each that does not is undefined there. */
Test(isa, every_instruction_round_trips)
{
    for (int v = 0; v < ISA_VARIANT_COUNT; v++)
        for (int id = 0; id < ISA_COUNT; id++) {
            const struct isa_def *d = &isa_variants[v][id];
            u8 b[6] = {0, 0x5A, 0x3B, 0xC4, 0x7D, 0xE6};   /* operand fields nonzero */
            place_opcode(d, b);
            cr_assert_eq(isa_lookup_in(isa_variants[v], b), d->present ? id : -1, "%s %s", isa_variant_names[v],
                         d->mnemonic);
            if (!d->present)
                continue;
            cr_assert_eq(isa_length(b[0]), d->length, "%s", d->mnemonic);
            cr_assert_eq(isa_formats[d->format].length, d->length, "%s", d->mnemonic);
            cr_assert_not_null(d->fn, "%s", d->mnemonic);
            struct insn in;
            memset(&in, 0xA5, sizeof in);
            isa_decode(&in, b, id);
            cr_assert_eq(in.id, id);
            cr_assert_eq(in.ilen, d->length, "%s", d->mnemonic);
            cr_assert_eq(in.step, d->length / 2 * sizeof(struct insn), "%s", d->mnemonic);
            cr_assert_eq((void *)in.fn, (void *)d->fn, "%s", d->mnemonic);
            cr_assert_eq(isa_find(d->mnemonic), id, "%s", d->mnemonic);
        }
}

Test(isa, mnemonics_are_unique)
{
    for (int i = 0; i < ISA_COUNT; i++)
        for (int j = i + 1; j < ISA_COUNT; j++)
            cr_assert_neq(strcmp(isa_defs[i].mnemonic, isa_defs[j].mnemonic), 0, "%s", isa_defs[i].mnemonic);
}

/* Every byte pattern either decodes to the instruction whose opcode bits
 * it carries, or to nothing; and every instruction is reachable: in each
 * machine variant, those it has. */
Test(isa, only_defined_opcodes_decode)
{
    for (int v = 0; v < ISA_VARIANT_COUNT; v++) {
        const struct isa_def *isa = isa_variants[v];
        static bool seen[ISA_COUNT];
        long undefined = 0;
        u8 b[6] = {0};
        memset(seen, 0, sizeof seen);
        for (int b0 = 0; b0 < 256; b0++)
            for (int b1 = 0; b1 < 256; b1++)
                for (int b5 = 0; b5 < 256; b5++) {
                    b[0] = (u8)b0;
                    b[1] = (u8)b1;
                    b[5] = (u8)b5;
                    int id = isa_lookup_in(isa, b);
                    if (id < 0) {
                        undefined++;
                        continue;
                    }
                    cr_assert_lt(id, ISA_COUNT);
                    if (!opcode_matches(&isa[id], b))
                        cr_assert_fail("%02X%02X..%02X decodes as %s", b0, b1, b5, isa[id].mnemonic);
                    seen[id] = true;
                }
        for (int id = 0; id < ISA_COUNT; id++)
            cr_assert_eq(seen[id], isa[id].present, "%s: %s %s", isa_variant_names[v], isa[id].mnemonic,
                         isa[id].present ? "never decoded" : "decoded, but it is not in the variant");
        cr_assert_gt(undefined, 0);
    }
}

Test(isa, undefined_opcodes_return_minus_1)
{
    static const char *const undef[] = {
        "0000", "0100", "B2FF0000", "B2000000", "E30000000000", "E3000000FF00", "A7020000",
        "FF000000", "9C010000", "EB00000000FF", "E5000000", "C0020000",
    };
    for (size_t i = 0; i < sizeof undef / sizeof undef[0]; i++) {
        u8 b[6] = {0};
        for (size_t k = 0; undef[i][2 * k]; k++) {
            char pair[3] = {undef[i][2 * k], undef[i][2 * k + 1], 0};
            b[k] = (u8)strtoul(pair, NULL, 16);
        }
        cr_assert_eq(isa_lookup(b), -1, "%s", undef[i]);
    }
}

Test(isa, length_from_first_two_bits)
{
    for (int b0 = 0; b0 < 256; b0++)
        cr_assert_eq(isa_length((u8)b0), b0 < 0x40 ? 2 : b0 < 0xC0 ? 4 : 6, "%02X", b0);
}

Test(isa, find_by_mnemonic_or_alias)
{
    cr_assert_eq(isa_find("AR"), ISA_AR);
    cr_assert_eq(isa_find("ar"), ISA_AR);
    cr_assert_eq(isa_find("Lpsw"), ISA_LPSW);
    cr_assert_eq(isa_find("TMH"), ISA_TMLH);
    cr_assert_eq(isa_find("tml"), ISA_TMLL);
    cr_assert_eq(isa_find("NOSUCH"), -1);
    cr_assert_eq(isa_find(""), -1);
    cr_assert_eq(isa_find("ARX"), -1);
}

/* ---- field extraction ----------------------------------------------------------------- */

static struct insn decode(const u8 *b)
{
    struct insn in;
    int id = isa_lookup(b);
    cr_assert_geq(id, 0);
    isa_decode(&in, b, id);
    return in;
}

Test(isa, decode_fields_by_format)
{
    struct insn in;
    in = decode((const u8[]){0x1A, 0x12});
    cr_assert(in.id == ISA_AR && in.r1 == 1 && in.r2 == 2 && in.ilen == 2);
    in = decode((const u8[]){0x58, 0x12, 0x34, 0x56});
    cr_assert(in.id == ISA_L && in.r1 == 1 && in.x2 == 2 && in.b2 == 3 && in.d2 == 0x456);
    in = decode((const u8[]){0x58, 0x10, 0x04, 0x56});
    cr_assert(in.x2 == ZERO_REG && in.b2 == ZERO_REG, "register 0 as base or index means zero");
    in = decode((const u8[]){0x98, 0xEC, 0xD0, 0x0C});
    cr_assert(in.id == ISA_LM && in.r1 == 14 && in.r3 == 12 && in.b2 == 13 && in.d2 == 12);
    in = decode((const u8[]){0x92, 0xAB, 0x34, 0x56});
    cr_assert(in.id == ISA_MVI && in.i2 == 0xAB && in.b1 == 3 && in.d1 == 0x456);
    in = decode((const u8[]){0xD2, 0x07, 0x10, 0x00, 0x20, 0x10});
    cr_assert(in.id == ISA_MVC && in.l == 7 && in.b1 == 1 && in.d1 == 0 && in.b2 == 2 && in.d2 == 0x10);
    in = decode((const u8[]){0xA7, 0x18, 0xFF, 0xFB});
    cr_assert(in.id == ISA_LHI && in.r1 == 1 && in.i2 == 0xFFFB);
    in = decode((const u8[]){0xC0, 0xE5, 0x80, 0x08, 0x00, 0x01});
    cr_assert(in.id == ISA_BRASL && in.r1 == 14 && in.i2 == 0x80080001 && in.ilen == 6);
    in = decode((const u8[]){0xB2, 0x29, 0x00, 0x12});
    cr_assert(in.id == ISA_ISKE && in.r1 == 1 && in.r2 == 2);
    in = decode((const u8[]){0xB2, 0x05, 0x1F, 0xFF});
    cr_assert(in.id == ISA_STCK && in.b2 == 1 && in.d2 == 0xFFF);
    in = decode((const u8[]){0x82, 0x00, 0x10, 0x08});
    cr_assert(in.id == ISA_LPSW && in.b2 == 1 && in.d2 == 8);
    in = decode((const u8[]){0xE5, 0x01, 0x10, 0x04, 0x20, 0x08});
    cr_assert(in.id == ISA_TPROT && in.b1 == 1 && in.d1 == 4 && in.b2 == 2 && in.d2 == 8);
    in = decode((const u8[]){0xE3, 0x12, 0x34, 0x56, 0x00, 0x1E});
    cr_assert(in.id == ISA_LRV && in.r1 == 1 && in.x2 == 2 && in.b2 == 3 && in.d2 == 0x456);
    in = decode((const u8[]){0xEB, 0x12, 0x34, 0x56, 0x00, 0x1D});
    cr_assert(in.id == ISA_RLL && in.r1 == 1 && in.r3 == 2 && in.b2 == 3 && in.d2 == 0x456);
    in = decode((const u8[]){0x84, 0x12, 0xFF, 0xFE});
    cr_assert(in.id == ISA_BRXH && in.r1 == 1 && in.r3 == 2 && in.i2 == 0xFFFE);
    in = decode((const u8[]){0x0A, 0x85});
    cr_assert(in.id == ISA_SVC && in.i2 == 0x85);
    in = decode((const u8[]){0x9C, 0x00, 0x00, 0x09});
    cr_assert(in.id == ISA_SIO && in.d2 == 9 && in.b2 == ZERO_REG);
}

/* ---- disassembly ---------------------------------------------------------------------- */

static void check_disasm(const char *hex, u32 addr, const char *want)
{
    u8 b[6] = {0};
    size_t n = strlen(hex) / 2;
    for (size_t k = 0; k < n; k++) {
        char pair[3] = {hex[2 * k], hex[2 * k + 1], 0};
        b[k] = (u8)strtoul(pair, NULL, 16);
    }
    char buf[64];
    memset(buf, 'Z', sizeof buf);
    int len = isa_disasm(b, addr, buf, sizeof buf);
    cr_assert_eq(len, (int)n, "%s: length %d", hex, len);
    cr_assert_str_eq(buf, want, "%s: \"%s\"", hex, buf);
}

/* Expected texts: objdump -d output of the same bytes (s390x-linux-gnu,
 * -m31), with its operand order, registers without %r, and upper case. */
Test(isa, disasm_matches_objdump_operand_order)
{
    check_disasm("58123008", 0, "L     1,8(2,3)");          /* l %r1,8(%r2,%r3) */
    check_disasm("1A12", 0, "AR    1,2");
    check_disasm("D20710002010", 0, "MVC   0(8,1),16(2)");  /* mvc 0(8,%r1),16(%r2) */
    check_disasm("D2FF10002010", 0, "MVC   0(256,1),16(2)");
    check_disasm("92401000", 0, "MVI   0(1),64");           /* mvi 0(%r1),64 */
    check_disasm("AD031000", 0, "STOSM 0(1),3");
    check_disasm("A718FFFB", 0, "LHI   1,-5");
    check_disasm("900ED00C", 0, "STM   0,14,12(13)");
    check_disasm("B6F11000", 0, "STCTL 15,1,0(1)");         /* stctl %c15,%c1,0(%r1) */
    check_disasm("E50110002000", 0, "TPROT 0(1),0(2)");
    check_disasm("E3123456001E", 0, "LRV   1,1110(2,3)");     /* lrv %r1,1110(%r2,%r3) */
    check_disasm("EB123456001D", 0, "RLL   1,2,1110(3)");     /* rll %r1,%r2,1110(%r3) */
    check_disasm("B2210045", 0, "IPTE  4,5");
    check_disasm("B1123000", 0, "LRA   1,0(2,3)");
    check_disasm("44123000", 0, "EX    1,0(2,3)");
    check_disasm("82001008", 0, "LPSW  8(1)");
    check_disasm("0A05", 0, "SVC   5");
    check_disasm("A7108000", 0, "TMLH  1,32768");
}

Test(isa, disasm_relative_operands_print_targets)
{
    check_disasm("A7F40000", 0x2000, "BRC   15,0x2000");
    check_disasm("A7F4FFFE", 0x2000, "BRC   15,0x1FFC");
    check_disasm("A7E50004", 0x9A, "BRAS  14,0xA2");           /* bras %r14,0xa2 */
    check_disasm("C0E500080000", 0x9E, "BRASL 14,0x10009E");   /* brasl %r14,0x10009e */
    check_disasm("C0F4FFFFFFFF", 0x32, "BRCL  15,0x30");       /* jg 0x30 */
    check_disasm("8412FFFE", 0xC, "BRXH  1,2,0x8");            /* brxh %r1,%r2,0x8 */
    check_disasm("A7F40001", 0x7FFFFFFE, "BRC   15,0x0");       /* 31-bit wrap */
}

/* (The operand of DC starts one column later than an instruction's.) */
Test(isa, disasm_undefined_prints_dc)
{
    check_disasm("0000", 0, "DC     X'0000'");
    check_disasm("B2FF1234", 0, "DC     X'B2FF1234'");
    check_disasm("E30000000000", 0, "DC     X'E30000000000'");
}

Test(isa, disasm_truncates_to_buffer)
{
    const u8 b[] = {0xD2, 0x07, 0x10, 0x00, 0x20, 0x10};
    char buf[8];
    memset(buf, 'Z', sizeof buf);
    cr_assert_eq(isa_disasm(b, 0, buf, sizeof buf), 6);
    cr_assert_eq(buf[7], 0, "always terminated");
    cr_assert_eq(strncmp(buf, "MVC   0", 7), 0);
}
