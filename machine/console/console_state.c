/* console_state.c: the console's commands on the CPU's state and on
 * storage: registers (gpr, cr, psw), storage (display, alter, key) and
 * the disassembler (disasm), with the PSW and instruction displays every
 * stop report uses.
 *
 * Design note. Storage is shown and altered real, or virtual (`v`)
 * through the CPU's own DAT walk, the one the interpreter uses, so the
 * operator sees what the program sees; the instruction at the PSW is
 * shown through DAT, and under SIE through the guest's origin.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "channel.h"
#include "console.h"
#include "dat.h"

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
    isa_disasm_in(m->isa, b, ia, dis, sizeof dis);
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

/* The register files gpr and cr show and set. */
struct reg_file {
    const char *cmd, *prefix, *kind;
    bool purges_tlb;          /* setting one changes translation (CR0, CR1) */
};
static const struct reg_file gpr_file = {"gpr", "R", "general", false};
static const struct reg_file cr_file = {"cr", "CR", "control", true};

/* gpr N [VALUE], cr N [VALUE]: show register N of `r`, after setting it. */
static int show_or_set_reg(struct console *con, int argc, char **argv, u32 *r, const struct reg_file *f)
{
    u32 n, v;
    if (argc > 3 || con_hex(con, argv[1], &n) < 0)
        return argc > 3 ? con_wrong_args(con, f->cmd) : -1;
    if (n > 15) {
        con_error(con, "there are 16 %s registers, 0-F", f->kind);
        return -1;
    }
    if (argc == 3) {
        if (con_hex(con, argv[2], &v) < 0)
            return -1;
        r[n] = v;
        if (f->purges_tlb)
            tlb_purge(con->m);
    }
    fprintf(con->out, "%s%u %08X\n", f->prefix, n, r[n]);
    return 0;
}

int con_cmd_gpr(struct console *con, int argc, char **argv)
{
    struct cpu *c = &con->m->cpu;
    if (argc > 1)
        return show_or_set_reg(con, argc, argv, c->gr, &gpr_file);
    con_show_psw(con);
    show_regs(con, c->gr, "R");
    return 0;
}

int con_cmd_cr(struct console *con, int argc, char **argv)
{
    struct cpu *c = &con->m->cpu;
    if (argc > 1)
        return show_or_set_reg(con, argc, argv, c->cr, &cr_file);
    show_regs(con, c->cr, "CR");
    return 0;
}

int con_cmd_psw(struct console *con, int argc, char **argv)
{
    u32 w0, w1;
    if (argc == 3) {
        if (con_hex(con, argv[1], &w0) < 0 || con_hex(con, argv[2], &w1) < 0)
            return -1;
        if (cpu_load_psw(&con->m->cpu, (u64)w0 << 32 | w1) != 0)
            fprintf(con->out, "note: that PSW is invalid; its reserved bits were dropped\n");
    } else if (argc != 1) {
        return con_wrong_args(con, "psw");
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
        con_error(con, "%08X does not translate (%s)", va, con_pgm_name(dat_fault_code(f)));
        return -1;
    }
    *ra = r.real;
    return 0;
}

int con_cmd_display(struct console *con, int argc, char **argv)
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
        return con_wrong_args(con, "display");
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

int con_cmd_alter(struct console *con, int argc, char **argv)
{
    int i = 1;
    bool virt = argc > 1 && !strcasecmp(argv[1], "v");
    if (virt)
        i++;
    u32 addr;
    if (argc < i + 2 || con_addr(con, argv[i], &addr) < 0)
        return argc < i + 2 ? con_wrong_args(con, "alter") : -1;
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
    /* every byte's place first, then the bytes: a refused alter changes nothing */
    u32 real[sizeof bytes];
    for (u32 k = 0; k < n; k++) {
        if (to_real(con, addr + k, virt, &real[k]) < 0)
            return -1;
        if (!stor_valid(con->m, real[k], 1)) {
            con_error(con, "%08X is outside storage (%u KB): nothing altered", real[k], con->m->mem_size >> 10);
            return -1;
        }
    }
    for (u32 k = 0; k < n; k++)
        stor_write(con->m, real[k], bytes + k, 1);
    return 0;
}

int con_cmd_disasm(struct console *con, int argc, char **argv)
{
    u32 addr = con->next_disasm;
    u64 n = 8;
    if (argc > 3 || (argc > 1 && con_addr(con, argv[1], &addr) < 0) || (argc > 2 && con_count(con, argv[2], &n) < 0))
        return argc > 3 ? con_wrong_args(con, "disasm") : -1;
    return con_disasm(con, addr, n > 1000 ? 1000 : (int)n);
}

int con_cmd_key(struct console *con, int argc, char **argv)
{
    struct machine *m = con->m;
    u32 a, v;
    if (argc < 2 || argc > 3 || con_hex(con, argv[1], &a) < 0)
        return argc < 2 || argc > 3 ? con_wrong_args(con, "key") : -1;
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
