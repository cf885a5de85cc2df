/* console_break.c: breakpoints (break, delete) and the script tests'
 * assertion (expect).
 *
 * Design note. A breakpoint is a row of m->brk[] that the CPU checks
 * itself (machine/cpu), on an address or on an event (a program
 * interruption, an SVC, a privileged instruction, I/O, external, the end
 * of interpretation under SIE, a CP user's trap); con_refresh_breaks()
 * keeps the CPU's quick flags in step with the rows. `expect` compares
 * state after a stop and counts a failure, so a script's run fails
 * without stopping.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "console.h"

static int parse_break(struct console *con, int argc, char **argv, struct breakpoint *b)
{
    const char *kind = argv[1];
    b->value = ~0u;
    b->used = true;
    if (!strcasecmp(kind, "trap"))
        return con_parse_trap_break(con, argc, argv, b);
    if (!strcasecmp(kind, "sie")) {   /* interpretation ends, for any guest or one user: an interception code */
        int rc = con_parse_sie_break(con, argc, argv, b);
        if (rc <= 0)
            return rc;
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
        fprintf(con->out, "%s\n", con->m->isa[b->value].mnemonic);
    else if (b->kind == BRK_PGM)
        fprintf(con->out, "%04X %s\n", b->value, con_pgm_name(b->value));
    else if (b->kind == BRK_SVC)
        fprintf(con->out, "%u\n", b->value);
    else if (b->kind == BRK_SIE)
        fprintf(con->out, "interception code %02X\n", b->value);
    else
        fprintf(con->out, "%08X\n", b->value);
}

int con_cmd_break(struct console *con, int argc, char **argv)
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
        return con_wrong_args(con, "break");
    if (rc < 0)
        return -1;
    m->brk[slot] = b;
    con_refresh_breaks(m);
    show_break(con, slot);
    return 0;
}

int con_cmd_delete(struct console *con, int argc, char **argv)
{
    struct machine *m = con->m;
    u64 n;
    if (argc != 2)
        return con_wrong_args(con, "delete");
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

static const char *const stop_names[] = {
    [STOP_NONE] = "NONE", [STOP_LIMIT] = "LIMIT", [STOP_WAIT] = "WAIT", [STOP_BREAK] = "BREAK",
    [STOP_STEP] = "STEP", [STOP_CHECKSTOP] = "CHECKSTOP", [STOP_HALT] = "HALT", [STOP_IDLE] = "IDLE",
};

/* expect THING OP VALUE: the script-test assertion. */
int con_cmd_expect(struct console *con, int argc, char **argv)
{
    struct machine *m = con->m;
    struct cpu *c = &m->cpu;
    if (argc < 3)
        return con_wrong_args(con, "expect");
    const char *what = argv[1];
    if (!strcasecmp(what, "output")) {   /* expect output "text" */
        if (argc != 3)
            return con_wrong_args(con, "expect");
        if (!strstr(con->output, argv[2])) {
            con_error(con, "expect failed: guest console output has no \"%s\"", argv[2]);
            return -1;
        }
        return 0;
    }
    if (!strcasecmp(what, "stop")) {
        if (argc != 3)
            return con_wrong_args(con, "expect");
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
            return con_wrong_args(con, "expect");
        have = c->gr[n];
    } else if (!strncasecmp(what, "CR", 2)) {
        int n = atoi(what + 2);
        if (n < 0 || n > 15)
            return con_wrong_args(con, "expect");
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
            return argc != 5 ? con_wrong_args(con, "expect") : -1;
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
        return con_wrong_args(con, "expect");
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
