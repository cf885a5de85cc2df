/* decode.c: opcode lookup and field extraction, driven by the generated
 * tables (build/gen/isa_tables.c). A primary opcode byte either names an
 * instruction or says where its second opcode sits; see struct isa_primary.
 */
#include <string.h>
#include <strings.h>

#include "isa.h"

int isa_length(u8 first_byte)
{
    static const u8 len[4] = {2, 4, 4, 6};
    return len[first_byte >> 6];
}

int isa_lookup(const u8 *b)
{
    const struct isa_primary *p = &isa_primary[b[0]];
    if (p->ext)
        return (int)p->ext[(b[p->ext_byte] >> p->ext_shift) & p->ext_mask] - 1;
    return (int)p->id - 1;
}

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

int isa_find(const char *mnemonic)
{
    for (int i = 0; i < ISA_COUNT; i++)
        if (strcasecmp(isa_defs[i].mnemonic, mnemonic) == 0 ||
            (isa_defs[i].alias && strcasecmp(isa_defs[i].alias, mnemonic) == 0))
            return i;
    return -1;
}
