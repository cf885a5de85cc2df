/* vmtable_view.c: the operator console's view of CP: the VM table CP
 * publishes in its storage (cp/vmtable.h, the one header both sides
 * compile), read from real storage, big-endian word by word.
 *
 * Nothing here changes the machine or CP; a table that is absent, or
 * not (yet) complete, simply is not there.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "access.h"
#include "channel.h"
#include "machine.h"
#include "vmtable.h"
#include "vmtable_view.h"

static u32 word(const struct machine *m, u32 addr)
{
    return addr <= m->mem_size - 4 ? be32(m->mem + addr) : 0;
}

bool vmt_find(const struct machine *m, struct vmt_view *v)
{
    if (m->mem_size < VMT_ANCHOR + 8 || word(m, VMT_ANCHOR) != VMT_MAGIC)
        return false;
    u32 t = word(m, VMT_ANCHOR + 4);
    u32 n = word(m, t + 8), size = word(m, t + 12);
    if (word(m, t) != VMT_MAGIC || size != VMT_ENTRY_SIZE || n > 1024 || t + 32 + (u64)n * size > m->mem_size)
        return false;
    v->table = t;
    v->nvms = n;
    v->current = word(m, t + 16);
    v->dispatch_psw = word(m, t + 20);
    v->dispatch_sie = word(m, t + 28);
    return true;
}

#define FIELD(e, name) word(m, (e) + (u32)offsetof(struct vmt_entry, name))

bool vmt_entry(const struct machine *m, const struct vmt_view *v, u32 i, struct vmt_vm *out)
{
    if (i >= v->nvms)
        return false;
    u32 e = v->table + 32 + i * VMT_ENTRY_SIZE;
    memset(out, 0, sizeof *out);
    out->index = i;
    out->state = FIELD(e, state);
    if (out->state == VMT_FREE)
        return false;
    for (int k = 0; k < 8; k++) {
        u8 c = ebcdic_to_ascii[m->mem[e + (u32)k]];
        out->userid[k] = c == ' ' ? 0 : (char)c;
    }
    out->userid[8] = 0;
    out->vpsw[0] = FIELD(e, vpsw[0]);
    out->vpsw[1] = FIELD(e, vpsw[1]);
    for (int k = 0; k < 16; k++) {
        out->gr[k] = word(m, e + (u32)offsetof(struct vmt_entry, gr) + 4u * (u32)k);
        out->cr[k] = word(m, e + (u32)offsetof(struct vmt_entry, cr) + 4u * (u32)k);
    }
    out->origin = FIELD(e, origin);
    out->size = FIELD(e, size);
    out->terminal = FIELD(e, terminal);
    out->waitcode = FIELD(e, waitcode);
    out->traps = FIELD(e, traps);
    out->svcs = FIELD(e, svcs);
    out->pgms = FIELD(e, pgms);
    out->ios = FIELD(e, ios);
    out->exts = FIELD(e, exts);
    out->dispatches = FIELD(e, dispatches);
    out->cputime = (u64)FIELD(e, cputime_hi) << 32 | FIELD(e, cputime_lo);
    out->share = FIELD(e, share);
    out->flags = FIELD(e, flags);
    out->mode = FIELD(e, mode);
    out->sd = FIELD(e, sd);
    for (int k = 0; k < VMT_SIE_CODES; k++)
        out->sie_exits[k] = word(m, e + (u32)offsetof(struct vmt_entry, sie_exits) + 4u * (u32)k);
    return true;
}

bool vmt_by_name(const struct machine *m, const struct vmt_view *v, const char *name, struct vmt_vm *out)
{
    for (u32 i = 0; i < v->nvms; i++)
        if (vmt_entry(m, v, i, out) && !strcasecmp(out->userid, name))
            return true;
    return false;
}

const char *vmt_state_name(u32 state)
{
    static const char *const names[] = {"free", "running", "ready", "wait", "I/O wait", "stopped"};
    return state < sizeof names / sizeof names[0] ? names[state] : "?";
}
