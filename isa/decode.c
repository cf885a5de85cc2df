/* decode.c: opcode lookup and field extraction, driven by the generated
 * tables (build/gen/isa_tables.c). A primary opcode byte either names an
 * instruction or says where its second opcode sits; see struct isa_primary.
 * The decode tables hold the rows of every machine variant; a variant's
 * own table says which of them exist in it (`present`), and a row that
 * does not is undefined there, an operation exception. Everything else
 * about decoding (format, length, handler) is the same in every variant.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "isa.h"

int isa_length(u8 first_byte)
{
    static const u8 len[4] = {2, 4, 4, 6};
    return len[first_byte >> 6];
}

int isa_lookup_in(const struct isa_def *isa, const u8 *b)
{
    const struct isa_primary *p = &isa_primary[b[0]];
    int id = (int)(p->ext ? p->ext[(b[p->ext_byte] >> p->ext_shift) & p->ext_mask] : p->id) - 1;
    return id >= 0 && isa[id].present ? id : -1;
}

int isa_lookup(const u8 *b) { return isa_lookup_in(isa_defs, b); }

void isa_decode(struct insn *in, const u8 *bytes, int id)
{
    const struct isa_def *d = &isa_defs[id];
    memset(in, 0, sizeof *in);
    in->x2 = in->b1 = in->b2 = ZERO_REG;
    isa_formats[d->format].decode(in, bytes);
    if (d->relative)
        in->d2 = NO_SLOT;   /* branch target slot unknown: see struct insn */
    in->fn = d->fn;
    in->id = (u16)id;
    in->ilen = d->length;
    in->step = (u8)(d->length / 2 * sizeof(struct insn));
}

int isa_variant_find(const char *name)
{
    for (int v = 0; name && v < ISA_VARIANT_COUNT; v++)
        if (strcmp(isa_variant_names[v], name) == 0)
            return v;
    return -1;
}

const char *isa_variant_list(char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = 0;
    for (int v = 0; v < ISA_VARIANT_COUNT && used < n; v++)
        used += (size_t)snprintf(buf + used, n - used, "%s%s", v ? ", " : "", isa_variant_names[v]);
    return buf;
}

int isa_find(const char *mnemonic)
{
    for (int i = 0; i < ISA_COUNT; i++)
        if (strcasecmp(isa_defs[i].mnemonic, mnemonic) == 0 ||
            (isa_defs[i].alias && strcasecmp(isa_defs[i].alias, mnemonic) == 0))
            return i;
    return -1;
}
