/* vmtable_view.c: the operator console's view of CP: the VM table CP
 * publishes in its storage (cp/vmtable.h, the one header both sides
 * compile), read from real storage, big-endian word by word; and the
 * tables of the CPs that run under CP, level by level.
 *
 * Design note. A CP under CP is a VM whose storage holds a VM table at
 * its guest real VMT_ANCHOR. Its table's addresses are its own real
 * addresses, which its CP maps contiguously from the VM's origin, so a
 * level is a window on real storage: base (the origins of every level
 * above, added) and limit (the VM's size). Everything at a level is read
 * through its window, and a window lies inside its parent's, so nothing
 * outside storage is ever read, whatever a guest writes where its table
 * would be: a bad anchor, table or entry is simply not a CP, not a user.
 * The depth is bounded (VMT_MAX_DEPTH), so a guest whose "table" names
 * itself cannot make the console loop.
 *
 * Nothing here changes the machine or CP; a table that is absent, or
 * not (yet) complete, simply is not there.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "access.h"
#include "channel.h"
#include "machine.h"
#include "vmtable.h"
#include "vmtable_view.h"

#define MAX_VMS_SEEN 1024     /* more entries than that: not a table */

/* A word at address a of the window [base, base + limit), or 0 outside it. */
static u32 wword(const struct machine *m, u32 base, u32 limit, u32 a)
{
    if (limit < 4 || a > limit - 4 || (u64)base + a + 4 > m->mem_size)
        return 0;
    return be32(m->mem + base + a);
}
#define WORD(v, a) wword(m, (v)->base, (v)->limit, (a))

/* The table at the anchor of the CP whose storage is [base, base + limit). */
static bool find_in(const struct machine *m, u32 base, u32 limit, struct vmt_view *v)
{
    if ((u64)base + limit > m->mem_size || limit < VMT_ANCHOR + 8 || wword(m, base, limit, VMT_ANCHOR) != VMT_MAGIC)
        return false;
    v->base = base;
    v->limit = limit;
    u32 t = WORD(v, VMT_ANCHOR + 4);
    u32 n = WORD(v, t + 8), size = WORD(v, t + 12), hsize = WORD(v, t + 32);
    if (WORD(v, t) != VMT_MAGIC || WORD(v, t + 4) != VMT_VERSION || size != VMT_ENTRY_SIZE ||
        hsize != VMT_HEADER_SIZE || n > MAX_VMS_SEEN || (u64)t + hsize + (u64)n * size > limit)
        return false;
    v->table = t;
    v->nvms = n;
    v->entry_size = size;
    v->current = WORD(v, t + 16);
    v->dispatch_psw = WORD(v, t + 20);
    v->dispatch_sie = WORD(v, t + 28);
    v->nterms = WORD(v, t + 36);
    v->terms = WORD(v, t + 40);
    if (WORD(v, t + 44) != VMT_TERM_SIZE || v->nterms > MAX_VMS_SEEN ||
        (u64)v->terms + (u64)v->nterms * VMT_TERM_SIZE > limit)
        v->nterms = 0;   /* the VMs without their terminals */
    return true;
}

bool vmt_find(const struct machine *m, struct vmt_view *v) { return find_in(m, 0, (u32)m->mem_size, v); }

bool vmt_nested(const struct machine *m, const struct vmt_view *v, const struct vmt_vm *vm, struct vmt_view *out)
{
    if ((u64)vm->origin + vm->size > v->limit)
        return false;
    return find_in(m, v->base + vm->origin, vm->size, out);
}

#define FIELD(e, name) WORD(v, (e) + (u32)offsetof(struct vmt_entry, name))
#define ARRAY(e, name, k) WORD(v, (e) + (u32)offsetof(struct vmt_entry, name) + 4u * (u32)(k))

bool vmt_entry(const struct machine *m, const struct vmt_view *v, u32 i, struct vmt_vm *out)
{
    if (i >= v->nvms)
        return false;
    u32 e = v->table + VMT_HEADER_SIZE + i * VMT_ENTRY_SIZE;
    memset(out, 0, sizeof *out);
    out->index = i;
    out->state = FIELD(e, state);
    if (out->state == VMT_FREE)
        return false;
    u32 id[2] = {FIELD(e, userid[0]), FIELD(e, userid[4])};
    for (int k = 0; k < 8; k++) {
        u8 c = ebcdic_to_ascii[(id[k / 4] >> (24 - 8 * (k % 4))) & 0xFF];
        out->userid[k] = c == ' ' || c < ' ' || c > '~' ? 0 : (char)c;
    }
    out->userid[8] = 0;
    out->vpsw[0] = FIELD(e, vpsw[0]);
    out->vpsw[1] = FIELD(e, vpsw[1]);
    for (int k = 0; k < 16; k++) {
        out->gr[k] = ARRAY(e, gr, k);
        out->cr[k] = ARRAY(e, cr, k);
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
    for (int k = 0; k < VMT_SIE_CODES; k++) {
        out->sie_exits[k] = ARRAY(e, sie_exits, k);
        out->vsie_exits[k] = ARRAY(e, vsie_exits, k);
    }
    out->vsie_sd = FIELD(e, vsie_sd);
    out->vsie_entries = FIELD(e, vsie_entries);
    out->vsie_created = FIELD(e, vsie_created);
    out->vsie_reused = FIELD(e, vsie_reused);
    out->vsie_active = FIELD(e, vsie_active);
    out->bt_translations = FIELD(e, bt_translations);
    out->bt_hits = FIELD(e, bt_hits);
    out->bt_exits = FIELD(e, bt_exits);
    out->bt_chains = FIELD(e, bt_chains);
    out->bt_emulations = FIELD(e, bt_emulations);
    out->bt_invalidations = FIELD(e, bt_invalidations);
    out->bt_tc = FIELD(e, bt_tc);
    out->bt_blocks = FIELD(e, bt_blocks);
    out->bt_nblocks = FIELD(e, bt_nblocks);
    out->bt_block_size = FIELD(e, bt_block_size);
    return true;
}

static bool vmt_by_name(const struct machine *m, const struct vmt_view *v, const char *name, struct vmt_vm *out)
{
    for (u32 i = 0; i < v->nvms; i++)
        if (vmt_entry(m, v, i, out) && !strcasecmp(out->userid, name))
            return true;
    return false;
}

static bool vmt_term(const struct machine *m, const struct vmt_view *v, u32 i, struct vmt_termv *out)
{
    if (i >= v->nterms)
        return false;
    u32 e = v->terms + i * VMT_TERM_SIZE;
    out->rdev = WORD(v, e);
    out->vm = WORD(v, e + 4);
    out->vaddr = WORD(v, e + 8);
    out->flags = WORD(v, e + 12);
    return out->rdev <= 0xFFF;
}

const char *vmt_state_name(u32 state)
{
    static const char *const names[] = {"free", "running", "ready", "wait", "I/O wait", "stopped"};
    return state < sizeof names / sizeof names[0] ? names[state] : "?";
}

const char *vmt_mode_name(u32 mode)
{
    static const char *const names[] = {[VMT_MODE_TRAP] = "trap", [VMT_MODE_SIE] = "sie", [VMT_MODE_BT] = "bt"};
    return mode < sizeof names / sizeof names[0] ? names[mode] : "?";
}

/* ---- paths ------------------------------------------------------------------------------ */

bool vmt_resolve(const struct machine *m, const char *path, struct vmt_path *p, char *err, size_t n)
{
    char name[VMT_MAX_PATH];
    const char *at = path;
    p->depth = 0;
    if (!vmt_find(m, &p->view[0])) {
        snprintf(err, n, "no CP here: no VM table at %X", VMT_ANCHOR);
        return false;
    }
    for (;;) {
        size_t len = strcspn(at, "/");
        if (len == 0 || len > 8) {
            snprintf(err, n, "'%s' is not a user's path (USER, or CP/USER: userids between slashes)", path);
            return false;
        }
        memcpy(name, at, len);
        name[len] = 0;
        int d = p->depth;
        if (!vmt_by_name(m, &p->view[d], name, &p->vm[d])) {
            if (d)   /* say under which CP */
                snprintf(err, n, "no user %s is logged on under %.*s", name, (int)(at - path - 1), path);
            else
                snprintf(err, n, "no user %s is logged on", name);
            return false;
        }
        p->depth++;
        if (!at[len])
            return true;
        if (p->depth == VMT_MAX_DEPTH || !vmt_nested(m, &p->view[d], &p->vm[d], &p->view[d + 1])) {
            snprintf(err, n, "%.*s runs no CP that the console can see", (int)(at - path + len), path);
            return false;
        }
        at += len + 1;
    }
}

/* Terminal entry of view v connected to VM `index` at vaddr (VMT_NO_TERM:
 * its console): its real address, or VMT_NO_TERM. */
static u32 term_of(const struct machine *m, const struct vmt_view *v, u32 index, u32 vaddr)
{
    struct vmt_termv t;
    for (u32 i = 0; i < v->nterms; i++)
        if (vmt_term(m, v, i, &t) && t.vm == index &&
            (vaddr == VMT_NO_TERM ? !(t.flags & VMT_T_DEVICE) : t.vaddr == vaddr))
            return t.rdev;
    return VMT_NO_TERM;
}

bool vmt_real_terminal(const struct machine *m, const struct vmt_path *p, u32 addr, u32 *rdev, char *err, size_t n)
{
    for (int d = p->depth - 1; d >= 0; d--) {
        u32 r = term_of(m, &p->view[d], p->vm[d].index, addr);
        if (r == VMT_NO_TERM) {
            if (addr == VMT_NO_TERM)
                snprintf(err, n, "%s is disconnected: it has no terminal", p->vm[d].userid);
            else
                snprintf(err, n, "%s's %03X is connected to no terminal", p->vm[d].userid, addr);
            return false;
        }
        addr = r;
    }
    *rdev = addr;
    return true;
}

/* Append "/NAME" (or "NAME" at the start) to out. */
static void add_name(char *out, size_t n, const char *name)
{
    size_t len = strlen(out);
    snprintf(out + len, n - len, "%s%s", len ? "/" : "", name);
}

bool vmt_terminal_owner(const struct machine *m, u16 rdev, char *out, size_t n)
{
    struct vmt_view v, next;
    struct vmt_vm vm;
    u32 addr = rdev;
    out[0] = 0;
    if (!vmt_find(m, &v))
        return false;
    for (int depth = 0; depth < VMT_MAX_DEPTH; depth++) {
        struct vmt_termv t;
        u32 i = 0;
        while (i < v.nterms && !(vmt_term(m, &v, i, &t) && t.rdev == addr))
            i++;
        if (i == v.nterms || t.vm == VMT_NO_TERM || !vmt_entry(m, &v, t.vm, &vm) || !vm.userid[0])
            return out[0] != 0;   /* nobody's: CP's own (the operator's), or no one's at all */
        if (t.flags & VMT_T_OPERATOR && depth == 0)
            return false;         /* the first level's operator console keeps its device tag */
        add_name(out, n, vm.userid);
        if (!vmt_nested(m, &v, &vm, &next)) {   /* not a CP: its console, or a 3215 beside it */
            if (t.flags & VMT_T_DEVICE) {
                size_t len = strlen(out);
                snprintf(out + len, n - len, "/%03X", t.vaddr & 0xFFF);
            }
            return true;
        }
        /* a CP: whom it gives its device at t.vaddr */
        struct vmt_termv nt;
        u32 k = 0;
        while (k < next.nterms && !(vmt_term(m, &next, k, &nt) && nt.rdev == t.vaddr))
            k++;
        if (k == next.nterms || nt.flags & VMT_T_OPERATOR || nt.vm == VMT_NO_TERM) {
            if (k == next.nterms ? (t.flags & VMT_T_DEVICE) : !(nt.flags & VMT_T_OPERATOR)) {
                size_t len = strlen(out);
                snprintf(out + len, n - len, "/%03X", t.vaddr & 0xFFF);
            }
            return true;   /* its CP's operator console: the CP user's name; given to nobody: NAME/ADDR */
        }
        addr = t.vaddr;
        v = next;
    }
    return true;
}

/* ---- who runs --------------------------------------------------------------------------- */

void vmt_cpu_now(const struct machine *m, struct vmt_cpu *s)
{
    const struct cpu *c = &m->cpu;
    s->sie = c->sie.active;
    s->vr = c->sie.vr;
    s->mso = c->sie.mso;
    s->problem = c->problem;
}

/* Design note. The tables say which user each CP has dispatched
 * (`current`), but a CP keeps its current while it works for it, so the
 * machine decides whether a CP or its user runs, level by level:
 *
 * - the first-level CP runs in the machine's supervisor state, never
 *   interpreted: supervisor and no SIE is that CP;
 * - while the machine interprets a guest (V=R, as CP runs every VM), its
 *   origin names the level: the user whose storage starts there is the
 *   one whose PSW the machine holds; an origin deeper inside a user's
 *   storage is its own user's, on the shadow its CP built (virtual SIE);
 * - a user whose PSW is not the machine's (it runs in the problem state
 *   of the one above, by trap and emulate) has the virtual PSW its CP
 *   published as it dispatched it, and only that CP changes it.
 *
 * With its PSW known, a CP user in supervisor state is its CP running; in
 * problem state, that CP's current user runs, and so on down. */
bool vmt_where(const struct machine *m, const struct vmt_cpu *s, struct vmt_where *w)
{
    struct vmt_path *p = &w->p;
    p->depth = 0;
    w->cp = true;
    if (!vmt_find(m, &p->view[0]))
        return false;
    w->cpv = p->view[0];
    if (!s->sie && !s->problem)
        return true;
    bool interp = s->sie;   /* the machine's PSW is of a user further down */
    for (int d = 0; d < VMT_MAX_DEPTH; d++) {
        struct vmt_view *v = &p->view[d], next;
        struct vmt_vm *u = &p->vm[d];
        if (v->current == VMT_NONE || !vmt_entry(m, v, v->current, u)) {
            w->cp = true;   /* that CP idles (or its table is no table): it runs */
            w->cpv = *v;
            return true;
        }
        p->depth = d + 1;
        bool is_cp = d + 1 < VMT_MAX_DEPTH && vmt_nested(m, v, u, &next), problem;
        u32 win = vmt_window(v, u);
        if (interp && s->vr && s->mso != win) {
            w->cp = false;
            if (!is_cp || s->mso < win || s->mso - win >= u->size)
                return true;   /* its own guest (a kernel's SIE), or an origin no table explains */
            p->view[d + 1] = next;   /* its user's, on its CP's shadow */
            continue;
        }
        if (interp && !s->vr) {   /* a pageable guest: a kernel's own, somewhere below */
            w->cp = false;
            if (!is_cp)
                return true;
            p->view[d + 1] = next;
            continue;
        }
        problem = interp ? s->problem : (u->vpsw[0] & PSW0_PROB) != 0;
        interp = false;
        if (!is_cp) {
            w->cp = false;
            return true;
        }
        if (!problem) {
            w->cp = true;
            w->cpv = next;
            return true;
        }
        p->view[d + 1] = next;
    }
    w->cp = false;
    return true;
}

bool vmt_key(const struct vmt_path *p, u32 *key)
{
    const struct vmt_view *v = &p->view[p->depth - 1];
    u32 index = p->vm[p->depth - 1].index;
    if ((v->base & 0xFFF) || index > 0xFFF)
        return false;
    *key = v->base | index;
    return true;
}

int vmt_key_depth(const struct vmt_where *w, u32 key)
{
    for (int d = 0; d < w->p.depth; d++)
        if (w->p.view[d].base == (key & ~0xFFFu) && w->p.vm[d].index == (key & 0xFFF))
            return d + 1;
    return 0;
}

int vmt_key_current(const struct machine *m, u32 key)
{
    struct vmt_view v, next;
    struct vmt_vm u;
    if (!vmt_find(m, &v))
        return 0;
    for (int d = 0; d < VMT_MAX_DEPTH; d++) {
        if (v.current == VMT_NONE || !vmt_entry(m, &v, v.current, &u))
            return 0;
        if (v.base == (key & ~0xFFFu))
            return u.index == (key & 0xFFF) ? d + 1 : 0;
        if (d + 1 == VMT_MAX_DEPTH || !vmt_nested(m, &v, &u, &next))
            return 0;
        v = next;
    }
    return 0;
}
