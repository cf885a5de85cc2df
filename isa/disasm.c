/* disasm.c: one instruction to text, from the operand template in
 * spec.yaml ("R1,D2(X2,B2)"). Relative operands print as the target
 * address; opcodes undefined in the variant print as DC. The output follows GNU as
 * syntax closely enough to read side by side with objdump.
 */
#include <stdio.h>
#include <string.h>

#include "isa.h"

static u8 raw(u8 reg) { return reg == ZERO_REG ? 0 : reg; }

int isa_disasm_in(const struct isa_def *isa, const u8 *b, u32 addr, char *buf, int size)
{
    int len = isa_length(b[0]);
    int id = isa_lookup_in(isa, b);
    if (id < 0) {
        int n = snprintf(buf, size, "%-6s X'", "DC");
        for (int i = 0; i < len && n < size; i++)
            n += snprintf(buf + n, size - n, "%02X", b[i]);
        if (n < size)
            snprintf(buf + n, size - n, "'");
        return len;
    }
    const struct isa_def *d = &isa[id];
    struct insn in;
    isa_decode(&in, b, id);
    int n = snprintf(buf, size, "%-6s", d->mnemonic);
    const char *t = d->operands;
    int first = 1;
    while (*t && n < size) {
        char tok[16];
        int k = 0, depth = 0;
        while (*t && (depth || *t != ',') && k < 15) {   /* split at commas outside (...) */
            depth += (*t == '(') - (*t == ')');
            tok[k++] = *t++;
        }
        tok[k] = 0;
        if (*t == ',')
            t++;
        const char *sep = first ? "" : ",";
        first = 0;
        if (!strcmp(tok, "R1") || !strcmp(tok, "M1"))
            n += snprintf(buf + n, size - n, "%s%u", sep, in.r1);
        else if (!strcmp(tok, "R2"))
            n += snprintf(buf + n, size - n, "%s%u", sep, in.r2);
        else if (!strcmp(tok, "R3") || !strcmp(tok, "M3"))
            n += snprintf(buf + n, size - n, "%s%u", sep, in.r3);
        else if (!strcmp(tok, "I2"))
            n += snprintf(buf + n, size - n, "%s%u", sep, in.i2);
        else if (!strcmp(tok, "SI2"))
            n += snprintf(buf + n, size - n, "%s%d", sep, (s16)in.i2);
        else if (!strcmp(tok, "RI2")) {
            s32 half = d->length == 6 ? (s32)in.i2 : (s16)in.i2;
            n += snprintf(buf + n, size - n, "%s0x%X", sep, (addr + (u32)half * 2) & 0x7FFFFFFF);
        } else if (!strcmp(tok, "D2(X2,B2)"))
            n += snprintf(buf + n, size - n, "%s%u(%u,%u)", sep, in.d2, raw(in.x2), raw(in.b2));
        else if (!strcmp(tok, "D2(B2)"))
            n += snprintf(buf + n, size - n, "%s%u(%u)", sep, in.d2, raw(in.b2));
        else if (!strcmp(tok, "D1(B1)"))
            n += snprintf(buf + n, size - n, "%s%u(%u)", sep, in.d1, raw(in.b1));
        else if (!strcmp(tok, "D1(L,B1)"))
            n += snprintf(buf + n, size - n, "%s%u(%u,%u)", sep, in.d1, in.l + 1u, raw(in.b1));
    }
    return len;
}

int isa_disasm(const u8 *b, u32 addr, char *buf, int size) { return isa_disasm_in(isa_defs, b, addr, buf, size); }
