/* console_bt.c: `bt USER [ADDR]`, a bt-mode user's translation cache
 * (cp/bt.c) as CP publishes it: its counters, its blocks, and one block's
 * translated code beside the guest's original.
 *
 * Design note. The console reads only what CP publishes (the VM table's
 * bt fields, the block layout vmtable.h gives) and the machine's storage,
 * through the same bounded reads as every view of CP: a garbage table
 * shows as an error, never as a host fault. Observing changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "console.h"
#include "vmtable_view.h"

#define LIST_MAX 24   /* blocks listed without ADDR */

struct bt_blockv {
    u32 g, tc, glen, nstubs, dat;
};

/* Bytes of the CP's storage (its real [a, a + n)), or false. */
static bool cp_bytes(const struct machine *m, const struct vmt_view *v, u32 a, u8 *out, u32 n)
{
    if (a > v->limit || v->limit - a < n || (u64)v->base + a + n > m->mem_size)
        return false;
    memcpy(out, m->mem + v->base + a, n);
    return true;
}

static bool block(const struct machine *m, const struct vmt_view *v, const struct vmt_vm *u, u32 i,
                  struct bt_blockv *b)
{
    u8 raw[VMT_BT_BLOCK_DAT + 1];
    if (u->bt_block_size < sizeof raw ||
        !cp_bytes(m, v, u->bt_blocks + i * u->bt_block_size, raw, sizeof raw))
        return false;
    b->g = be32(raw + VMT_BT_BLOCK_G);
    b->tc = be32(raw + VMT_BT_BLOCK_TC);
    b->glen = be16(raw + VMT_BT_BLOCK_GLEN);
    b->nstubs = be16(raw + VMT_BT_BLOCK_NSTUBS);
    b->dat = raw[VMT_BT_BLOCK_DAT];
    return true;
}

static void counters(struct console *con, const struct vmt_vm *u)
{
    fprintf(con->out, "%s's translation cache: %u blocks now; %u translated, %u dispatches found their block, "
                      "%u exits through stubs (%u chained), %u instructions emulated by CP, emptied %u times\n",
            u->userid, u->bt_nblocks, u->bt_translations, u->bt_hits, u->bt_exits, u->bt_chains, u->bt_emulations,
            u->bt_invalidations);
}

/* One instruction: its address, its bytes, its disassembly. */
static u32 line(const struct machine *m, const u8 *p, u32 avail, u32 addr, char *out, size_t n)
{
    char dis[64];
    u32 len = avail < 2 ? 0 : (u32)isa_length(p[0]);
    if (len == 0 || len > avail) {
        snprintf(out, n, "%08X  (cut off)", addr);
        return avail ? avail : 2;
    }
    isa_disasm_in(m->isa, p, addr, dis, sizeof dis);
    char hex[16] = "";
    for (u32 i = 0; i < len; i++)
        snprintf(hex + 2 * i, sizeof hex - 2 * i, "%02X", p[i]);
    snprintf(out, n, "%08X  %-12s  %s", addr, hex, dis);
    return len;
}

/* The block beside the guest's code: left the original, right the copy
 * CP runs (relative branches re-targeted), then its exit stubs. */
static int show_block(struct console *con, const struct vmt_view *v, const struct vmt_vm *u, const struct bt_blockv *b)
{
    struct machine *m = con->m;
    u8 orig[256 + 6], copy[256 + 6], stubs[4 * 160];
    u32 tc_va = BT_TC_VA + b->tc;
    if (b->glen > 256 || b->nstubs > 160 || !cp_bytes(m, v, u->bt_tc + b->tc, copy, b->glen) ||
        !cp_bytes(m, v, u->bt_tc + b->tc + b->glen, stubs, 4 * b->nstubs)) {
        con_error(con, "%s's block at %08X is not where its table says", u->userid, b->g);
        return -1;
    }
    bool have_orig = !b->dat && b->g <= u->size && u->size - b->g >= b->glen &&
                     cp_bytes(m, v, u->origin + b->g, orig, b->glen);
    fprintf(con->out, "block %08X, %u bytes%s, at %08X in the cache\n", b->g, b->glen,
            b->dat ? " (virtual: its DAT was on)" : "", tc_va);
    fprintf(con->out, "  %-44s  %s\n", "the guest's code", "what CP runs");
    for (u32 off = 0; off < b->glen;) {
        char l[96], r[96];
        u32 n = line(m, copy + off, b->glen - off, tc_va + off, r, sizeof r);
        if (have_orig)
            line(m, orig + off, b->glen - off, b->g + off, l, sizeof l);
        else
            snprintf(l, sizeof l, "%08X", b->g + off);
        fprintf(con->out, "  %-44s  %s%s\n", l, r, have_orig && memcmp(orig + off, copy + off, n) ? "   (re-targeted)" : "");
        off += n;
    }
    for (u32 s = 0; s < b->nstubs; s++) {
        const u8 *p = stubs + 4 * s;
        u32 at = tc_va + b->glen + 4 * s;
        if (p[0] == 0 && p[1] == 0)
            fprintf(con->out, "  %-44s  %08X  %02X%02X%02X%02X      exit stub %u: into CP\n", "", at, p[0], p[1], p[2],
                    p[3], p[2] << 8 | p[3]);
        else {
            char r[96];
            line(m, p, 4, at, r, sizeof r);
            fprintf(con->out, "  %-44s  %s   (chained)\n", "", r);
        }
    }
    return 0;
}

int con_cmd_bt(struct console *con, int argc, char **argv)
{
    struct vmt_path p;
    char err[160];
    if (argc < 2 || argc > 3) {
        con_error(con, "usage: bt USER [ADDR]");
        return -1;
    }
    if (!vmt_resolve(con->m, argv[1], &p, err, sizeof err)) {
        con_error(con, "%s", err);
        return -1;
    }
    const struct vmt_vm *u = &p.vm[p.depth - 1];
    const struct vmt_view *v = &p.view[p.depth - 1];
    if (u->mode != VMT_MODE_BT) {
        con_error(con, "%s does not run in bt mode (its directory entry's mode: bt)", u->userid);
        return -1;
    }
    u32 want = 0;
    if (argc == 3) {
        char *end;
        want = (u32)strtoul(argv[2], &end, 16);
        if (*end || !*argv[2]) {
            con_error(con, "bt: '%s' is not a hex address", argv[2]);
            return -1;
        }
    } else {
        counters(con, u);
    }
    for (u32 i = 0; i < u->bt_nblocks && i < 1024; i++) {
        struct bt_blockv b;
        if (!block(con->m, v, u, i, &b)) {
            con_error(con, "%s's block table is not where its table says", u->userid);
            return -1;
        }
        if (argc == 3 && want >= b.g && want < b.g + b.glen)
            return show_block(con, v, u, &b);
        if (argc == 2 && i < LIST_MAX)
            fprintf(con->out, "  %08X  %3u bytes  at %08X%s\n", b.g, b.glen, BT_TC_VA + b.tc, b.dat ? "  (DAT on)" : "");
    }
    if (argc == 3) {
        con_error(con, "%s has no translated block at %08X", u->userid, want);
        return -1;
    }
    if (u->bt_nblocks > LIST_MAX)
        fprintf(con->out, "  ... and %u more: bt %s ADDR shows one\n", u->bt_nblocks - LIST_MAX, argv[1]);
    return 0;
}
