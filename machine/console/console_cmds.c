/* console_cmds.c: the operator console's commands, one function each, and
 * the table that names them and holds their help. Addresses and register
 * values are hexadecimal, as on the real operator frame; counts are
 * decimal. To add a command: write its function, add its row to con_cmds[]
 * with usage and help, and cover it in a console-script test.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "channel.h"
#include "config.h"
#include "console.h"
#include "dat.h"
#include "dev_3215.h"
#include "devices.h"
#include "trace.h"
#include "vmtable_view.h"


static const char *const stop_names[] = {
    [STOP_NONE] = "NONE", [STOP_LIMIT] = "LIMIT", [STOP_WAIT] = "WAIT", [STOP_BREAK] = "BREAK",
    [STOP_STEP] = "STEP", [STOP_CHECKSTOP] = "CHECKSTOP", [STOP_HALT] = "HALT", [STOP_IDLE] = "IDLE",
};

static const char *pgm_name(u32 code)
{
    for (int i = 0; i < ISA_PGM_COUNT; i++)
        if (isa_pgms[i].code == code)
            return isa_pgms[i].name;
    return "?";
}

static int wrong_args(struct console *con, const char *cmd)
{
    for (const struct con_cmd *c = con_cmds; c->name; c++)
        if (!strcmp(c->name, cmd))
            con_error(con, "usage: %s", c->usage);
    return -1;
}

/* ---- showing state -------------------------------------------------------------- */

void con_show_psw(struct console *con)
{
    struct cpu *c = &con->m->cpu;
    u64 psw = cpu_psw(c);
    u32 s = c->psw_sys;
    fprintf(con->out, "PSW  %08X %08X  key %X %s %s I/O %s EXT %s%s cc %u pm %X ia %08X\n",
            (u32)(psw >> 32), (u32)psw, c->key, c->problem ? "problem" : "supervisor",
            (s & PSW0_T) ? "DAT on" : "DAT off", (s & PSW0_IO) ? "on" : "off", (s & PSW0_EXT) ? "on" : "off",
            (s & PSW0_WAIT) ? " WAIT" : "", c->cc, c->pm, c->ia);
    if (c->problem || c->sie.active)
        con_show_vm_psw(con);   /* under CP: the running VM's virtual PSW beside it */
}

static void show_regs(struct console *con, const u32 *r, const char *pfx)
{
    for (int i = 0; i < 16; i++)
        fprintf(con->out, "%s%-2d %08X%s", pfx, i, r[i], i % 4 == 3 ? "\n" : "  ");
}

/* One instruction at real `addr`; relative targets from `ia`, its address
 * as the program sees it. Its length, or -1. */
static int disasm_one(struct console *con, u32 addr, u32 ia)
{
    struct machine *m = con->m;
    u8 b[6] = {0};
    char dis[80], where[64] = "";
    if (!stor_valid(m, addr, 2)) {
        con_error(con, "%08X is outside storage", addr);
        return -1;
    }
    int len = isa_length(m->mem[addr]);
    if (!stor_valid(m, addr, len)) {
        con_error(con, "%08X: instruction runs past storage", addr);
        return -1;
    }
    memcpy(b, m->mem + addr, len);
    isa_disasm(b, ia, dis, sizeof dis);
    const struct elf_sym *sym = con->img && addr == ia ? elf_symbolize(con->img, addr) : NULL;
    if (sym)
        snprintf(where, sizeof where, sym->addr == addr ? "%s" : "%s+%X", sym->name, addr - sym->addr);
    fprintf(con->out, "%08X  ", addr);
    for (int k = 0; k < 6; k++)
        fprintf(con->out, k < len ? "%02X" : "  ", b[k]);
    fprintf(con->out, "  %-32s %s\n", dis, where);
    return len;
}

static int con_disasm(struct console *con, u32 addr, int n)
{
    for (int i = 0; i < n; i++) {
        int len = disasm_one(con, addr, addr);
        if (len < 0)
            return -1;
        addr += (u32)len;
    }
    con->next_disasm = addr;
    return 0;
}

/* The instruction the PSW points at, through DAT when it is on (a guest
 * of CP runs with DAT on, in CP's tables for it) and under SIE through
 * the guest's origin: "V:" its address as the program sees it, then the
 * absolute one. */
void con_disasm_at_psw(struct console *con)
{
    struct cpu *c = &con->m->cpu;
    struct dat_result r;
    u32 real = c->ia, abs;
    if (!(c->psw_sys & PSW0_T) && !c->sie.active) {
        con_disasm(con, c->ia, 1);
        return;
    }
    if (((c->psw_sys & PSW0_T) && dat_walk(c, c->ia, &r) != DAT_OK) ||
        (c->sie.active && sie_abs(c, (c->psw_sys & PSW0_T) ? r.real : real, &abs))) {
        fprintf(con->out, "V:%08X  (does not translate)\n", c->ia);
        return;
    }
    if (c->psw_sys & PSW0_T)
        real = r.real;
    if (!c->sie.active)
        abs = real;
    fprintf(con->out, "V:%08X ", c->ia);
    disasm_one(con, abs, c->ia);
}

/* Interpretation just ended: why, from the state description. */
static void show_sie_exit(struct console *con)
{
    struct machine *m = con->m;
    u32 sd = m->cpu.sie.sd, code = m->hit.value;
    const char *name = "?";
    for (const struct isa_named *k = isa_sie_codes; k->name; k++)
        if (k->value == code)
            name = k->name;
    fprintf(con->out, "breakpoint: interpretation ended, interception code %02X (%s), guest PSW %08X %08X", code, name,
            stor_read32(m, sd + SD_PSW), stor_read32(m, sd + SD_PSW + 4));
    if (code == SIE_ICODE_INSTRUCTION) {
        u8 b[6];
        stor_read(m, sd + SD_IPA, b, 2);
        stor_read(m, sd + SD_IPB, b + 2, 4);
        int id = isa_lookup(b);
        fprintf(con->out, ", instruction %02X%02X%02X%02X %s", b[0], b[1], b[2], b[3], id >= 0 ? isa_defs[id].mnemonic : "?");
    } else if (code == SIE_ICODE_PROGRAM) {
        fprintf(con->out, ", program interruption %04X", (u32)m->mem[sd + SD_PGM_CODE] << 8 | m->mem[sd + SD_PGM_CODE + 1]);
    }
    fprintf(con->out, "\n");
}

void con_report_stop(struct console *con, enum stop s)
{
    struct machine *m = con->m;
    if (s == STOP_BREAK && con_stepvm_hit(con))
        return;
    switch (s) {
    case STOP_BREAK:
        if (m->hit.kind == BRK_ADDR)
            fprintf(con->out, "breakpoint at %08X\n", m->hit.value);
        else if (m->hit.kind == BRK_PGM)
            fprintf(con->out, "breakpoint: program interruption %04X (%s), old PSW %08X %08X\n", m->hit.value,
                    pgm_name(m->hit.value), stor_read32(m, LC_PGM_OLD_PSW), stor_read32(m, LC_PGM_OLD_PSW + 4));
        else if (m->hit.kind == BRK_SVC)
            fprintf(con->out, "breakpoint: SVC %u, old PSW %08X %08X\n", m->hit.value, stor_read32(m, LC_SVC_OLD_PSW),
                    stor_read32(m, LC_SVC_OLD_PSW + 4));
        else if (m->hit.kind == BRK_PRIV)
            fprintf(con->out, "breakpoint: privileged instruction %s\n", isa_defs[m->hit.value].mnemonic);
        else if (m->hit.kind == BRK_IO)
            fprintf(con->out, "breakpoint: I/O interruption from %03X\n", m->hit.value);
        else if (m->hit.kind == BRK_SIE)
            show_sie_exit(con);
        else
            fprintf(con->out, "breakpoint: external interruption %04X\n", m->hit.value);
        break;
    case STOP_WAIT:
        fprintf(con->out, "disabled wait, code %08X\n", m->cpu.ia);
        break;
    case STOP_IDLE:
        fprintf(con->out, "enabled wait: waiting for I/O (type a line with .text)\n");
        break;
    case STOP_CHECKSTOP:
        fprintf(con->out, "check-stop: the program new PSW is invalid\n");
        break;
    case STOP_HALT:
        fprintf(con->out, "stopped by the operator\n");
        break;
    default:
        break;
    }
    if (s != STOP_LIMIT && s != STOP_STEP)
        con_show_psw(con);
    if (s == STOP_BREAK || s == STOP_HALT)
        con_disasm_at_psw(con);
}

/* ---- commands -------------------------------------------------------------------------- */

static int cmd_help(struct console *con, int argc, char **argv)
{
    for (const struct con_cmd *c = con_cmds; c->name; c++) {
        if (argc > 1 && strcasecmp(argv[1], c->name) && !(c->alias && !strcasecmp(argv[1], c->alias)))
            continue;
        if (argc > 1)
            fprintf(con->out, "%s\n  %s\n", c->usage, c->help);
        else
            fprintf(con->out, "  %-34s %s\n", c->usage, c->help);
    }
    if (argc == 1)
        fprintf(con->out, "  %-34s %s\n", ".text", "type a line into the guest's console (009)");
    return 0;
}

static int cmd_load(struct console *con, int argc, char **argv)
{
    char err[512];
    if (argc != 2)
        return wrong_args(con, "load");
    struct machine *m = con->m;
    machine_clear(m);
    if (elf_load(m, argv[1], con->img, err, sizeof err) < 0) {
        con_error(con, "%s", err);
        return -1;
    }
    cpu_load_psw(&m->cpu, 0x0008000080000000ull | con->img->entry);
    con->next_disasm = con->img->entry;
    fprintf(con->out, "loaded %s: %08X-%08X, entry %08X, %d symbols\n", argv[1], con->img->lo, con->img->hi,
            con->img->entry, con->img->nsyms);
    return 0;
}

static int cmd_ipl(struct console *con, int argc, char **argv)
{
    u32 dev;
    char err[256];
    bool stop = argc == 3 && !strcasecmp(argv[2], "stop");
    if (argc < 2 || argc > 3 || (argc == 3 && !stop))
        return wrong_args(con, "ipl");
    if (con_hex(con, argv[1], &dev) < 0)
        return -1;
    if (chan_ipl(con->m, (u16)dev, err, sizeof err) < 0) {
        con_error(con, "%s", err);
        return -1;
    }
    if (stop) {   /* the operator wants to step it from its first instruction */
        con_show_psw(con);
        return 0;
    }
    con_start(con);
    return 0;
}

static int cmd_go(struct console *con, int argc, char **argv)
{
    u64 n = CON_GO_FOREVER;
    if (argc > 2 || (argc == 2 && con_count(con, argv[1], &n) < 0))
        return argc > 2 ? wrong_args(con, "go") : -1;
    enum stop s = con_run(con, n);
    con_report_stop(con, s);
    return 0;
}

static int cmd_step(struct console *con, int argc, char **argv)
{
    u64 n = 1;
    if (argc == 3 && !strcasecmp(argv[1], "vm"))
        return con_step_vm(con, argv[2]);
    if (argc > 2 || (argc == 2 && con_count(con, argv[1], &n) < 0))
        return argc > 2 ? wrong_args(con, "step") : -1;
    for (u64 i = 0; i < n; i++) {
        con_disasm_at_psw(con);
        enum stop s = con_run(con, 1);
        if (s != STOP_LIMIT) {
            con_report_stop(con, s);
            return 0;
        }
    }
    con->last_stop = STOP_STEP;
    con_show_psw(con);
    return 0;
}

static int cmd_regs(struct console *con, int argc, char **argv)
{
    u32 n, v;
    struct cpu *c = &con->m->cpu;
    if (argc == 1) {
        con_show_psw(con);
        show_regs(con, c->gr, "R");
        return 0;
    }
    if (argc > 3 || con_hex(con, argv[1], &n) < 0)
        return argc > 3 ? wrong_args(con, "gpr") : -1;
    if (n > 15) {
        con_error(con, "there are 16 general registers, 0-F");
        return -1;
    }
    if (argc == 3) {
        if (con_hex(con, argv[2], &v) < 0)
            return -1;
        c->gr[n] = v;
    }
    fprintf(con->out, "R%u %08X\n", n, c->gr[n]);
    return 0;
}

static int cmd_cr(struct console *con, int argc, char **argv)
{
    u32 n, v;
    struct cpu *c = &con->m->cpu;
    if (argc == 1) {
        show_regs(con, c->cr, "CR");
        return 0;
    }
    if (argc > 3 || con_hex(con, argv[1], &n) < 0)
        return argc > 3 ? wrong_args(con, "cr") : -1;
    if (n > 15) {
        con_error(con, "there are 16 control registers, 0-F");
        return -1;
    }
    if (argc == 3) {
        if (con_hex(con, argv[2], &v) < 0)
            return -1;
        c->cr[n] = v;
        tlb_purge(con->m);
    }
    fprintf(con->out, "CR%u %08X\n", n, c->cr[n]);
    return 0;
}

static int cmd_psw(struct console *con, int argc, char **argv)
{
    u32 w0, w1;
    if (argc == 3) {
        if (con_hex(con, argv[1], &w0) < 0 || con_hex(con, argv[2], &w1) < 0)
            return -1;
        if (cpu_load_psw(&con->m->cpu, (u64)w0 << 32 | w1) != 0)
            fprintf(con->out, "note: that PSW is invalid; its reserved bits were dropped\n");
    } else if (argc != 1) {
        return wrong_args(con, "psw");
    }
    con_show_psw(con);
    return 0;
}

/* Virtual-to-real through the CPU's DAT, for display and alter. */
static int to_real(struct console *con, u32 va, bool virt, u32 *ra)
{
    if (!virt) {
        *ra = va;
        return 0;
    }
    struct dat_result r;
    enum dat_fault f = dat_walk(&con->m->cpu, va, &r);
    if (f != DAT_OK) {
        con_error(con, "%08X does not translate (%s)", va, pgm_name(dat_fault_code(f)));
        return -1;
    }
    *ra = r.real;
    return 0;
}

static int cmd_display(struct console *con, int argc, char **argv)
{
    struct machine *m = con->m;
    int i = 1;
    bool virt = argc > 1 && !strcasecmp(argv[1], "v");
    if (virt)
        i++;
    u32 addr = con->next_display, len = 64;
    if (argc > i && con_addr(con, argv[i], &addr) < 0)
        return -1;
    if (argc > i + 1 && con_hex(con, argv[i + 1], &len) < 0)
        return -1;
    if (argc > i + 2 || len == 0 || len > 0x10000)
        return wrong_args(con, "display");
    for (u32 off = 0; off < len; off += 16) {
        u32 ra;
        if (to_real(con, addr + off, virt, &ra) < 0)
            return -1;
        if (!stor_valid(m, ra, 1)) {
            con_error(con, "%08X is outside storage (%u KB)", ra, m->mem_size >> 10);
            return -1;
        }
        fprintf(con->out, "%s%08X ", virt ? "V:" : "R:", addr + off);
        char text[17] = {0};
        for (u32 k = 0; k < 16 && off + k < len; k++) {
            u32 a = ra + k;
            if (!stor_valid(m, a, 1))
                break;
            u8 b = m->mem[a];
            fprintf(con->out, "%s%02X", k % 4 ? "" : " ", b);
            u8 ch = ebcdic_to_ascii[b];
            text[k] = isprint(ch) ? (char)ch : '.';
        }
        fprintf(con->out, "  *%s*\n", text);
    }
    con->next_display = addr + len;
    return 0;
}

static int cmd_alter(struct console *con, int argc, char **argv)
{
    int i = 1;
    bool virt = argc > 1 && !strcasecmp(argv[1], "v");
    if (virt)
        i++;
    u32 addr;
    if (argc < i + 2 || con_addr(con, argv[i], &addr) < 0)
        return argc < i + 2 ? wrong_args(con, "alter") : -1;
    u8 bytes[256];
    u32 n = 0;
    for (int k = i + 1; k < argc; k++) {
        const char *h = argv[k];
        size_t len = strlen(h);
        if (len % 2) {
            con_error(con, "'%s': give whole bytes (an even number of hex digits)", h);
            return -1;
        }
        for (size_t j = 0; j < len; j += 2) {
            char pair[3] = {h[j], h[j + 1], 0};
            u32 v;
            if (n == sizeof bytes || con_hex(con, pair, &v) < 0)
                return -1;
            bytes[n++] = (u8)v;
        }
    }
    for (u32 k = 0; k < n; k++) {
        u32 ra;
        if (to_real(con, addr + k, virt, &ra) < 0)
            return -1;
        if (!stor_valid(con->m, ra, 1)) {
            con_error(con, "%08X is outside storage", ra);
            return -1;
        }
        stor_write(con->m, ra, bytes + k, 1);
    }
    return 0;
}

static int cmd_disasm(struct console *con, int argc, char **argv)
{
    u32 addr = con->next_disasm;
    u64 n = 8;
    if (argc > 3 || (argc > 1 && con_addr(con, argv[1], &addr) < 0) || (argc > 2 && con_count(con, argv[2], &n) < 0))
        return argc > 3 ? wrong_args(con, "disasm") : -1;
    return con_disasm(con, addr, n > 1000 ? 1000 : (int)n);
}

static int parse_break(struct console *con, int argc, char **argv, struct breakpoint *b)
{
    const char *kind = argv[1];
    b->value = ~0u;
    b->used = true;
    if (!strcasecmp(kind, "trap"))
        return con_parse_trap_break(con, argc, argv, b);
    if (!strcasecmp(kind, "sie")) {   /* interpretation ends, for any guest: an interception code */
        b->kind = BRK_SIE;
        return argc == 2 ? 0 : argc == 3 ? con_hex(con, argv[2], &b->value) : -2;
    }
    if (!strcasecmp(kind, "pgm") || !strcasecmp(kind, "svc") || !strcasecmp(kind, "priv") ||
        !strcasecmp(kind, "io") || !strcasecmp(kind, "ext")) {
        b->kind = !strcasecmp(kind, "pgm") ? BRK_PGM : !strcasecmp(kind, "svc") ? BRK_SVC
                : !strcasecmp(kind, "priv") ? BRK_PRIV : !strcasecmp(kind, "io") ? BRK_IO : BRK_EXT;
        if (argc == 2)
            return 0;
        if (argc > 3)
            return -2;
        const char *v = argv[2];
        if (b->kind == BRK_PGM)
            for (int i = 0; i < ISA_PGM_COUNT; i++)
                if (!strcasecmp(isa_pgms[i].name, v)) {
                    b->value = isa_pgms[i].code;
                    return 0;
                }
        if (b->kind == BRK_PRIV) {
            int id = isa_find(v);
            if (id < 0 || isa_defs[id].privilege == ISA_UNPRIVILEGED) {
                con_error(con, "'%s' is not a privileged instruction", v);
                return -1;
            }
            b->value = (u32)id;
            return 0;
        }
        if (b->kind == BRK_SVC) {
            u64 n;
            if (con_count(con, v, &n) < 0 || n > 255)
                return -1;
            b->value = (u32)n;
            return 0;
        }
        return con_hex(con, v, &b->value);
    }
    if (argc != 2)
        return -2;
    b->kind = BRK_ADDR;
    return con_addr(con, kind, &b->value);
}

void con_refresh_breaks(struct machine *m)
{
    m->brk_addr_any = m->watch_priv = false;
    for (int i = 0; i < MAX_BREAKS; i++) {
        m->brk_addr_any |= m->brk[i].used && m->brk[i].kind == BRK_ADDR;
        m->watch_priv |= m->brk[i].used && m->brk[i].kind == BRK_PRIV;
    }
}

static void show_break(struct console *con, int i)
{
    static const char *const kinds[] = {"address", "pgm", "svc", "priv", "io", "ext", "sie"};
    struct breakpoint *b = &con->m->brk[i];
    fprintf(con->out, "%2d  %-7s ", i + 1, b->cond && (b->kind == BRK_PGM || b->kind == BRK_SIE) ? "trap" : kinds[b->kind]);
    if (b->value == ~0u)
        fprintf(con->out, "any\n");
    else if (b->kind == BRK_PRIV)
        fprintf(con->out, "%s\n", isa_defs[b->value].mnemonic);
    else if (b->kind == BRK_PGM)
        fprintf(con->out, "%04X %s\n", b->value, pgm_name(b->value));
    else if (b->kind == BRK_SVC)
        fprintf(con->out, "%u\n", b->value);
    else if (b->kind == BRK_SIE)
        fprintf(con->out, "interception code %02X\n", b->value);
    else
        fprintf(con->out, "%08X\n", b->value);
}

static int cmd_break(struct console *con, int argc, char **argv)
{
    struct machine *m = con->m;
    if (argc == 1) {
        for (int i = 0; i < MAX_BREAKS; i++)
            if (m->brk[i].used)
                show_break(con, i);
        return 0;
    }
    int slot = -1;
    for (int i = 0; i < MAX_BREAKS && slot < 0; i++)
        if (!m->brk[i].used)
            slot = i;
    if (slot < 0) {
        con_error(con, "all %d breakpoints are in use", MAX_BREAKS);
        return -1;
    }
    struct breakpoint b = {0};
    int rc = parse_break(con, argc, argv, &b);
    if (rc == -2)
        return wrong_args(con, "break");
    if (rc < 0)
        return -1;
    m->brk[slot] = b;
    con_refresh_breaks(m);
    show_break(con, slot);
    return 0;
}

static int cmd_delete(struct console *con, int argc, char **argv)
{
    struct machine *m = con->m;
    u64 n;
    if (argc != 2)
        return wrong_args(con, "delete");
    if (!strcasecmp(argv[1], "all")) {
        memset(m->brk, 0, sizeof m->brk);
    } else {
        if (con_count(con, argv[1], &n) < 0)
            return -1;
        if (n < 1 || n > MAX_BREAKS || !m->brk[n - 1].used) {
            con_error(con, "there is no breakpoint %llu", (unsigned long long)n);
            return -1;
        }
        m->brk[n - 1].used = false;
    }
    con_refresh_breaks(m);
    return 0;
}

static int cmd_trace(struct console *con, int argc, char **argv)
{
    struct machine *m = con->m;
    if (argc != 2)
        return wrong_args(con, "trace");
    if (m->trace && m->trace != stdout)
        fclose(m->trace);
    m->trace = NULL;
    if (!strcasecmp(argv[1], "off"))
        return 0;
    m->trace = !strcmp(argv[1], "-") ? stdout : fopen(argv[1], "w");
    if (!m->trace) {
        con_error(con, "%s: %s", argv[1], strerror(errno));
        return -1;
    }
    return 0;
}

static int cmd_profile(struct console *con, int argc, char **argv)
{
    struct machine *m = con->m;
    if (argc != 2 || (strcasecmp(argv[1], "on") && strcasecmp(argv[1], "off")))
        return wrong_args(con, "profile");
    if (!strcasecmp(argv[1], "on") && !m->count.op)
        m->count.op = calloc(ISA_COUNT, sizeof *m->count.op);
    if (!strcasecmp(argv[1], "off")) {
        free(m->count.op);
        m->count.op = NULL;
    }
    return 0;
}

static void top_counts(struct console *con, const u64 *counts, int n, int show, const char *title, bool by_insn)
{
    int order[ISA_COUNT > 256 ? ISA_COUNT : 256];
    int k = 0;
    for (int i = 0; i < n; i++)
        if (counts[i])
            order[k++] = i;
    for (int i = 0; i < k; i++)
        for (int j = i + 1; j < k; j++)
            if (counts[order[j]] > counts[order[i]]) {
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
    if (!k)
        return;
    fprintf(con->out, "%s:", title);
    for (int i = 0; i < k && i < show; i++) {
        if (by_insn)
            fprintf(con->out, " %s %llu", isa_defs[order[i]].mnemonic, (unsigned long long)counts[order[i]]);
        else
            fprintf(con->out, " %X:%llu", order[i], (unsigned long long)counts[order[i]]);
    }
    fprintf(con->out, "\n");
}

/* The entries into supervisor state from problem state, by cause, with
 * what each cost: under a VMM in trap mode, the guests run in problem
 * state and every entry is the VMM's work. */
static void show_entries(struct console *con)
{
    const struct counters *k = &con->m->count;
    u64 entries = 0, traps = 0;
    for (int i = 0; i < CAUSES; i++) {
        entries += k->entry[i];
        if (i < ISA_COUNT || i == CAUSE_SVC || i == CAUSE_PGM)
            traps += k->entry[i];   /* those a problem-state instruction caused */
    }
    if (!entries)
        return;
    fprintf(con->out, "problem-state instructions that needed supervisor state (traps, SVCs, program checks): %llu of %llu, "
                      "%.4f ran without it\n",
            (unsigned long long)traps, (unsigned long long)k->insn_problem,
            k->insn_problem ? 1.0 - (double)traps / (double)k->insn_problem : 1.0);
    fprintf(con->out, "entries into supervisor state from problem state, by cause: count x supervisor instructions each\n");
    for (int i = 0; i < CAUSES; i++) {
        if (!k->entry[i])
            continue;
        static const char *const other[] = {"SVC", "program", "external", "I/O", "other"};
        const char *name = i < ISA_COUNT ? isa_defs[i].mnemonic : other[i - ISA_COUNT];
        fprintf(con->out, "  %-9s %9llu x %8.1f\n", name, (unsigned long long)k->entry[i],
                (double)k->entry_cost[i] / (double)k->entry[i]);
    }
}

/* Under SIE: how often interpretation ended, why, and what each cost
 * the host until its next SIE. */
static void show_sie_exits(struct console *con)
{
    const struct counters *k = &con->m->count;
    u64 exits = 0;
    for (int i = 0; i < SIE_EXIT_COUNT; i++)
        exits += k->sie_exit[i];
    if (!k->sie_entries && !exits)
        return;
    fprintf(con->out, "SIE: %llu entries; interpretation ended %llu times, %.1f per million guest instructions; "
                      "by interception code: count x host instructions each\n",
            (unsigned long long)k->sie_entries, (unsigned long long)exits,
            k->insn_guest ? 1e6 * (double)exits / (double)k->insn_guest : 0.0);
    static const char *const names[SIE_EXIT_COUNT] = SIE_EXIT_NAMES;
    for (int i = 0; i < SIE_EXIT_COUNT; i++) {
        if (!k->sie_exit[i])
            continue;
        const char *name = names[i] ? names[i] : "?";
        fprintf(con->out, "  %02X %-12s %9llu x %8.1f\n", i * 4, name, (unsigned long long)k->sie_exit[i],
                (double)k->sie_exit_cost[i] / (double)k->sie_exit[i]);
    }
}

static int cmd_counters(struct console *con, int argc, char **argv)
{
    struct machine *m = con->m;
    struct counters *k = &m->count;
    if (argc == 2 && !strcasecmp(argv[1], "reset")) {
        u64 *op = k->op;
        memset(k, 0, sizeof *k);
        k->op = op;
        if (op)
            memset(op, 0, ISA_COUNT * sizeof *op);
        return 0;
    }
    if (argc != 1)
        return wrong_args(con, "counters");
    u64 total = k->insn_problem + k->insn_supervisor + k->insn_guest;
    fprintf(con->out, "instructions: %llu (problem state %llu, supervisor state %llu, interpreted under SIE %llu)\n",
            (unsigned long long)total, (unsigned long long)k->insn_problem, (unsigned long long)k->insn_supervisor,
            (unsigned long long)k->insn_guest);
    fprintf(con->out, "interruptions:");
    for (int i = 0; i < IRQ_CLASSES; i++)
        fprintf(con->out, " %s %llu", irq_class_names[i], (unsigned long long)k->irq[i]);
    fprintf(con->out, "\n");
    fprintf(con->out, "external: clock comparator %llu, CPU timer %llu, interrupt key %llu\n",
            (unsigned long long)k->ext[0], (unsigned long long)k->ext[1], (unsigned long long)k->ext[2]);
    top_counts(con, k->pgm, 64, 16, "program interruptions by code", false);
    top_counts(con, k->svc, 256, 16, "SVCs by number", false);
    top_counts(con, k->priv, ISA_COUNT, 16, "privileged instructions run", true);
    if (k->op)
        top_counts(con, k->op, ISA_COUNT, 12, "busiest instructions", true);
    else
        fprintf(con->out, "busiest instructions: 'profile on' counts instructions by opcode\n");
    fprintf(con->out, "time waiting: %llu us of virtual time\n", (unsigned long long)(k->wait_tod / 4096));
    show_entries(con);
    show_sie_exits(con);
    return 0;
}

/* expect THING OP VALUE: the script-test assertion. */
static int cmd_expect(struct console *con, int argc, char **argv)
{
    struct machine *m = con->m;
    struct cpu *c = &m->cpu;
    if (argc < 3)
        return wrong_args(con, "expect");
    const char *what = argv[1];
    if (!strcasecmp(what, "output")) {   /* expect output "text" */
        if (argc != 3)
            return wrong_args(con, "expect");
        if (!strstr(con->output, argv[2])) {
            con_error(con, "expect failed: guest console output has no \"%s\"", argv[2]);
            return -1;
        }
        return 0;
    }
    if (!strcasecmp(what, "stop")) {
        if (argc != 3)
            return wrong_args(con, "expect");
        if (strcasecmp(stop_names[con->last_stop], argv[2])) {
            con_error(con, "expect failed: the machine stopped with %s, not %s", stop_names[con->last_stop], argv[2]);
            return -1;
        }
        return 0;
    }
    u64 have;
    int vi = 2;
    char label[32];
    snprintf(label, sizeof label, "%s", what);
    if ((toupper((unsigned char)what[0]) == 'R' || !strncasecmp(what, "GR", 2)) && isdigit((unsigned char)what[strlen(what) - 1]) &&
        strncasecmp(what, "CR", 2)) {
        int n = atoi(what + (toupper((unsigned char)what[0]) == 'G' ? 2 : 1));
        if (n < 0 || n > 15)
            return wrong_args(con, "expect");
        have = c->gr[n];
    } else if (!strncasecmp(what, "CR", 2)) {
        int n = atoi(what + 2);
        if (n < 0 || n > 15)
            return wrong_args(con, "expect");
        have = c->cr[n];
    } else if (!strcasecmp(what, "psw")) {
        have = cpu_psw(c);
    } else if (!strcasecmp(what, "ia")) {
        have = c->ia;
    } else if (!strcasecmp(what, "cc")) {
        have = c->cc;
    } else if (!strcasecmp(what, "key")) {
        have = c->key;
    } else if (!strcasecmp(what, "icount")) {
        have = c->icount;
    } else if (!strcasecmp(what, "mem") || !strcasecmp(what, "byte")) {
        u32 a;
        if (argc != 5 || con_addr(con, argv[2], &a) < 0)
            return argc != 5 ? wrong_args(con, "expect") : -1;
        bool word = !strcasecmp(what, "mem");
        if (!stor_valid(m, a, word ? 4 : 1)) {
            con_error(con, "%08X is outside storage", a);
            return -1;
        }
        have = word ? stor_read32(m, a) : m->mem[a];
        snprintf(label, sizeof label, "%s %08X", what, a);
        vi = 3;
    } else {
        con_error(con, "expect: unknown '%s' (R0-R15, CR0-CR15, PSW, IA, CC, KEY, ICOUNT, MEM, BYTE, STOP, OUTPUT)", what);
        return -1;
    }
    if (argc != vi + 2)
        return wrong_args(con, "expect");
    const char *op = argv[vi], *vs = argv[vi + 1];
    u64 want;
    char *end;
    errno = 0;
    if (!strcasecmp(what, "icount") || !strcasecmp(what, "cc") || !strcasecmp(what, "key"))
        want = strtoull(vs, &end, 0);
    else
        want = strtoull(vs + (vs[0] == '0' && (vs[1] == 'x' || vs[1] == 'X') ? 2 : 0), &end, 16);
    if (*end || errno) {
        con_error(con, "expect: '%s' is not a value", vs);
        return -1;
    }
    static const char *const ops[] = {"==", "!=", "<", "<=", ">", ">="};
    int o = 0;
    while (o < 6 && strcmp(op, ops[o]))
        o++;
    if (o == 6) {
        con_error(con, "expect: unknown comparison '%s' (== != < <= > >=)", op);
        return -1;
    }
    bool ok = o == 0 ? have == want : o == 1 ? have != want : o == 2 ? have < want
            : o == 3 ? have <= want : o == 4 ? have > want : have >= want;
    if (!ok) {
        con_error(con, "expect failed: %s is %llX, wanted %s %llX", label, (unsigned long long)have, op,
                  (unsigned long long)want);
        return -1;
    }
    return 0;
}

static int cmd_key(struct console *con, int argc, char **argv)
{
    struct machine *m = con->m;
    u32 a, v;
    if (argc < 2 || argc > 3 || con_hex(con, argv[1], &a) < 0)
        return argc < 2 || argc > 3 ? wrong_args(con, "key") : -1;
    if (a >= m->mem_size) {
        con_error(con, "%08X is outside storage", a);
        return -1;
    }
    if (argc == 3) {
        if (con_hex(con, argv[2], &v) < 0 || v > 0xFE) {
            con_error(con, "a storage key is one byte: ACC(4) F R C 0");
            return -1;
        }
        m->keys[a >> PAGE_SHIFT] = (u8)v & 0xFE;
        tlb_purge_frame(m, a >> PAGE_SHIFT);
    }
    u8 k = m->keys[a >> PAGE_SHIFT];
    fprintf(con->out, "key %08X: %02X (access key %X%s%s%s)\n", a & ~PAGE_MASK, k, k >> 4, (k & SKEY_F) ? ", fetch-protected" : "",
            (k & SKEY_R) ? ", referenced" : "", (k & SKEY_C) ? ", changed" : "");
    return 0;
}

static int cmd_devices(struct console *con, int argc, char **argv)
{
    static const char *const states[] = {"idle", "working", "waiting for data", "interruption pending"};
    u32 only = ~0u;
    if (argc > 2 || (argc == 2 && con_hex(con, argv[1], &only) < 0))
        return argc > 2 ? wrong_args(con, "devices") : -1;
    if (argc == 2 && (only > 0xFFF || !chan_find(con->m, (u16)only))) {
        con_error(con, "there is no device %03X", only);
        return -1;
    }
    if (!con->m->chan)
        return 0;
    /* in address order (the channel keeps them newest first) */
    for (int last = -1;;) {
        struct device *next = NULL;
        for (struct device *d = con->m->chan->devs; d; d = d->next)
            if (d->addr > last && (!next || d->addr < next->addr))
                next = d;
        if (!next)
            return 0;
        last = next->addr;
        if (only != ~0u && next->addr != only)
            continue;
        char what[512];
        config_describe(next, &con->cfg, what, sizeof what);
        fprintf(con->out, "%03X  %-5s  %-20s  %s\n", next->addr, next->ops->type, states[next->state], what);
    }
}

/* attach ADDR TYPE [FILE...] [binary] [readonly] [create N]: words that are
 * not options are the files (a 3215 takes output, then input) */
static int cmd_attach(struct console *con, int argc, char **argv)
{
    u32 addr;
    char err[1024];
    if (argc < 3 || con_hex(con, argv[1], &addr) < 0)
        return argc < 3 ? wrong_args(con, "attach") : -1;
    if (addr > 0xFFF) {
        con_error(con, "%X is not a device address (000-FFF)", addr);
        return -1;
    }
    if (chan_find(con->m, (u16)addr)) {
        con_error(con, "there is a device at %03X already", addr);
        return -1;
    }
    struct dev_options o = {0};
    const char *files[2] = {NULL, NULL};
    int nfiles = 0;
    bool console = !strcasecmp(argv[2], "3215");
    for (int i = 3; i < argc; i++) {
        u64 n;
        if (!strcasecmp(argv[i], "binary"))
            o.binary = true;
        else if (!strcasecmp(argv[i], "readonly"))
            o.readonly = true;
        else if (!strcasecmp(argv[i], "create")) {
            if (i + 1 == argc)
                return wrong_args(con, "attach");
            if (con_count(con, argv[++i], &n) < 0)
                return -1;
            if (n == 0 || n > 0xFFFFFFFFull) {
                con_error(con, "create wants a number of 512-byte blocks (1 or more)");
                return -1;
            }
            o.create = (u32)n;
        } else if (nfiles < (console ? 2 : 1))
            files[nfiles++] = argv[i];
        else
            return wrong_args(con, "attach");
    }
    if (console) {   /* 3215 [OUTFILE|- [INFILE]] */
        o.output = files[0] && strcmp(files[0], "-") ? files[0] : NULL;
        o.input = files[1];
    } else {
        o.file = files[0];
    }
    struct device *d = config_make_device(argv[2], (u16)addr, &o, &con->cfg, err, sizeof err);
    if (!d) {
        con_error(con, "attach: %s", err);
        return -1;
    }
    chan_attach(con->m, d);
    return 0;
}

static int cmd_cards(struct console *con, int argc, char **argv)
{
    u32 addr;
    char err[1024];
    if (argc < 3 || argc > 4 || (argc == 4 && strcasecmp(argv[3], "binary")))
        return wrong_args(con, "cards");
    if (con_hex(con, argv[1], &addr) < 0)
        return -1;
    struct device *d = addr <= 0xFFF ? chan_find(con->m, (u16)addr) : NULL;
    if (!d) {
        con_error(con, "there is no device %03X", addr);
        return -1;
    }
    if (reader_load(d, argv[2], argc == 4, err, sizeof err) < 0) {
        con_error(con, "cards: %s", err);
        return -1;
    }
    return 0;
}

static int cmd_restart(struct console *con, int argc, char **argv)
{
    if (argc != 1)
        return wrong_args(con, "restart");
    con->m->restart_pending = true;
    return 0;
}

static int cmd_interrupt(struct console *con, int argc, char **argv)
{
    if (argc != 1)
        return wrong_args(con, "interrupt");
    con->m->ext_key = true;
    return 0;
}

static int cmd_reset(struct console *con, int argc, char **argv)
{
    if (argc > 2 || (argc == 2 && strcasecmp(argv[1], "clear")))
        return wrong_args(con, "reset");
    chan_reset(con->m);
    if (argc == 2)
        machine_clear(con->m);
    else
        machine_reset(con->m);
    return 0;
}

static int cmd_echo(struct console *con, int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        fprintf(con->out, "%s%s", i > 1 ? " " : "", argv[i]);
    fprintf(con->out, "\n");
    return 0;
}

static int cmd_quit(struct console *con, int argc, char **argv)
{
    (void)con;
    (void)argc;
    (void)argv;
    return 0;   /* the loop sees the word itself */
}

const struct con_cmd con_cmds[] = {
    {"help", "?", "help [COMMAND]", "list the commands, or explain one", cmd_help},
    {"load", NULL, "load FILE.elf", "clear storage, load a program, point the PSW at its entry (supervisor, key 0, masked)", cmd_load},
    {"sie", NULL, "sie USER", "a sie-mode user's state description, decoded, and its interceptions by code",
     con_cmd_sie},
    {"vms", NULL, "vms", "CP's virtual machines (from the VM table CP publishes): mode, state, virtual PSW, counters",
     con_cmd_vms},
    {"console", NULL, "console [DEVICE|USER]",
     "which console typewriter lines starting with '.' go to: an address, or a CP user's terminal (009 at first)",
     con_cmd_console},
    {"ipl", NULL, "ipl DEVICE [stop]",
     "initial program load from a device (hex address), then start the CPU (it runs until it stops or waits for "
     "input); with 'stop', leave it stopped at the IPL PSW",
     cmd_ipl},
    {"go", "g", "go [N]", "run, for at most N instructions; Ctrl-C stops", cmd_go},
    {"step", "s", "step [N] | step vm USER",
     "run N instructions (default 1), showing each; or run until CP dispatches USER and stop at its next "
     "instruction",
     cmd_step},
    {"break", "b", "break [ADDR|pgm [CODE]|svc [N]|priv [MNEM]|io [DEV]|ext [CODE]|sie [CODE]|trap USER [CODE]]",
     "stop at an address or on an event (sie: when interpretation of a guest ends, by interception code; trap: "
     "when CP's user enters CP: in trap mode a program interruption in problem state, in sie mode an "
     "interception); alone, list breakpoints",
     cmd_break},
    {"delete", NULL, "delete N|all", "remove breakpoint N, or all of them", cmd_delete},
    {"gpr", "r", "gpr [N [VALUE]]", "show the PSW and registers, or show or set register N", cmd_regs},
    {"cr", NULL, "cr [N [VALUE]]", "show the control registers, or show or set CR N", cmd_cr},
    {"psw", NULL, "psw [WORD0 WORD1]", "show the PSW, decoded, or set it", cmd_psw},
    {"display", "d", "display [v] [ADDR [LEN]]", "show storage, real or (with v) virtual through DAT, hex and EBCDIC", cmd_display},
    {"alter", "a", "alter [v] ADDR HEXBYTES...", "change storage, real or (with v) virtual", cmd_alter},
    {"disasm", "u", "disasm [ADDR [N]]", "disassemble N instructions (default 8)", cmd_disasm},
    {"key", NULL, "key ADDR [VALUE]", "show or set the storage key of a 4K block", cmd_key},
    {"trace", NULL, "trace FILE|-|off", "trace every instruction and interruption to a file (- for the terminal)", cmd_trace},
    {"profile", NULL, "profile on|off", "count instructions by opcode (slower)", cmd_profile},
    {"counters", NULL, "counters [reset]", "instructions by state, interruptions by class and code, busiest opcodes", cmd_counters},
    {"expect", NULL, "expect WHAT OP VALUE",
     "check state in a script: R0-R15 CR0-CR15 PSW IA CC KEY ICOUNT, MEM|BYTE ADDR, STOP NAME, OUTPUT \"text\"", cmd_expect},
    {"devices", NULL, "devices [DEVICE]", "list the I/O devices: address, type, state and what backs them", cmd_devices},
    {"attach", NULL, "attach DEVICE TYPE [ARGS...]",
     "add a device: 3215 [OUTFILE|- [INFILE]], 2540R [DECK] [binary], 2540P FILE [binary], 1403 FILE, "
     "FBA IMAGE [readonly] [create BLOCKS]",
     cmd_attach},
    {"cards", NULL, "cards DEVICE FILE [binary]", "load a deck into a card reader's hopper (text lines, or raw 80-byte cards)",
     cmd_cards},
    {"restart", NULL, "restart", "press RESTART: a restart interruption", cmd_restart},
    {"interrupt", NULL, "interrupt", "press INTERRUPT: an external interruption, code 0040", cmd_interrupt},
    {"reset", NULL, "reset [clear]", "CPU reset; with clear, storage and keys too", cmd_reset},
    {"echo", NULL, "echo TEXT...", "print text (for scripts)", cmd_echo},
    {"quit", "exit", "quit", "leave the console", cmd_quit},
    {NULL, NULL, NULL, NULL, NULL},
};
