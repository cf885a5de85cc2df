/* console_cp.c: the operator console's knowledge of CP, all of it read
 * from the VM table CP publishes (cp/vmtable.h via vmtable_view.c), and
 * from the tables of the CPs that run under it, to any depth:
 *
 *   vms               the virtual machines, their state and counters; a
 *                     CP user's own users indented under it, level by level
 *   console PATH      lines starting with '.' go to the real terminal that
 *                     reaches that user's console (PATH: ALICE, CPL1/ALICE),
 *                     or, for PATH/ADDR, that user's 3215 at ADDR
 *   step vm NAME      run until CP dispatches NAME, then stop at its
 *                     next instruction, showing its virtual PSW
 *   break trap NAME [CODE]   stop when NAME enters CP: in trap mode a
 *                     program interruption in problem state while it
 *                     runs (CODE: its code), in sie mode the end of its
 *                     interpretation (CODE: the interception code)
 *   sie NAME          NAME's state description (sie mode), decoded,
 *                     and its interceptions by code
 *   psw               when a VM is on the CPU, its virtual PSW too
 *
 * and each user's terminal output is tagged with its path: the userid
 * ("ALICE: "), or for a user of a CP under CP, every level's
 * ("CPL1/ALICE: "); a terminal that a CP under CP has given to nobody is
 * tagged with the CP user's device address ("CPL1/020: "), its operator
 * console with the CP user's name ("CPL1: "). `step vm`, `break trap`
 * and `sie` take a first-level user. The console never changes CP: it
 * only reads the tables and sets breakpoints.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "access.h"
#include "channel.h"
#include "console.h"
#include "dev_3215.h"
#include "options.h"
#include "vmtable.h"
#include "vmtable_view.h"

/* ---- conditions for breakpoints: a user is named by its key (vmt_key) ---- */

/* `step vm`: a CP on the user's path is running, at one of the
 * instructions that dispatch, and every table down to the user's has the
 * next one current. */
static bool user_dispatching(const struct machine *m, u32 key)
{
    struct vmt_cpu s;
    struct vmt_where w;
    int n = vmt_key_current(m, key);
    vmt_cpu_now(m, &s);
    return n && vmt_where(m, &s, &w) && w.cp && w.p.depth < n;
}

/* A program interruption, taken from the user (its own code or anything
 * it runs: the old PSW's state), by a CP above it: the first-level CP
 * (the machine's, not interpreting), or a CP that the interpretation
 * delivered it to (the CP in the user whose guest-real storage the
 * machine interprets). */
static bool user_trapped(const struct machine *m, u32 key)
{
    const struct cpu *c = &m->cpu;
    u32 lc = c->sie.active ? c->sie.lowcore : 0;
    struct vmt_cpu s;
    struct vmt_where to, before;
    if ((u64)lc + LC_PGM_OLD_PSW + 8 > m->mem_size)
        return false;
    vmt_cpu_now(m, &s);
    s.problem = false;
    if (!vmt_where(m, &s, &to))
        return false;
    s.problem = m->mem[lc + LC_PGM_OLD_PSW + 1] & 0x01;
    if (!vmt_where(m, &s, &before))
        return false;
    int n = vmt_key_depth(&before, key);
    return n && to.cp && to.p.depth < n;
}

/* Interpretation ended of the user's own state description: the origin
 * of the guest storage that the machine interpreted is the user's. */
static bool user_intercepted(const struct machine *m, u32 key)
{
    const struct cpu *c = &m->cpu;
    struct vmt_cpu s = {.sie = true, .vr = c->sie.vr, .mso = c->sie.mso, .problem = false};
    struct vmt_where w;
    return vmt_where(m, &s, &w) && w.p.depth && vmt_key_depth(&w, key) == w.p.depth;
}

/* ---- vms --------------------------------------------------------------------------- */

#define VMS_MAX_ROWS 4096   /* a tree of garbage tables is cut there */

/* The rows of table v's users at `depth` (indented by two a level), each
 * CP user's own users under it; with print false, only the widest name.
 * *rows counts what is left of the budget. */
static void vms_level(struct console *con, const struct vmt_view *v, int depth, bool print, int width, int *widest,
                      int *rows)
{
    struct vmt_vm vm;
    for (u32 i = 0; i < v->nvms && *rows > 0; i++) {
        if (!vmt_entry(con->m, v, i, &vm))
            continue;
        (*rows)--;
        int len = 2 * depth + (int)strlen(vm.userid);
        if (len > *widest)
            *widest = len;
        if (print) {
            char term[8];
            snprintf(term, sizeof term, vm.terminal == 0xFFFF ? "-" : "%03X", vm.terminal & 0xFFF);
            fprintf(con->out, "%*s%-*s %-4s %-9s%s %08X %08X  %-4s %6u %6u %6u %6u %5u %8llu\n", 2 * depth, "",
                    width - 2 * depth, vm.userid, vmt_mode_name(vm.mode), vmt_state_name(vm.state),
                    v->current == i ? "*" : " ", vm.vpsw[0], vm.vpsw[1], term, vm.traps, vm.svcs, vm.pgms, vm.ios,
                    vm.dispatches, (unsigned long long)(vm.cputime / 4096000));
        }
        struct vmt_view nested;
        if (depth + 1 < VMT_MAX_DEPTH && vmt_nested(con->m, v, &vm, &nested))
            vms_level(con, &nested, depth + 1, print, width, widest, rows);
    }
}

int con_cmd_vms(struct console *con, int argc, char **argv)
{
    struct vmt_view v;
    (void)argv;
    if (argc != 1) {
        con_error(con, "usage: vms");
        return -1;
    }
    if (!vmt_find(con->m, &v)) {
        con_error(con, "no CP here: no VM table at %X", VMT_ANCHOR);
        return -1;
    }
    int width = 8, rows = VMS_MAX_ROWS;
    vms_level(con, &v, 0, false, 0, &width, &rows);
    fprintf(con->out, "%-*s MODE STATE      VIRTUAL PSW        TERM  TRAPS   SVCS   PGMS    I/O  DISP  CPU(ms)\n",
            width, "USERID");
    rows = VMS_MAX_ROWS;
    vms_level(con, &v, 0, true, width, &width, &rows);
    return 0;
}

/* A user by its path (ALICE, CPL1/ALICE), or an error; with a key for
 * a breakpoint's argument. */
static bool find_user(struct console *con, const char *name, struct vmt_path *p, u32 *key)
{
    char err[160];
    if (!vmt_resolve(con->m, name, p, err, sizeof err)) {
        con_error(con, "%s", err);
        return false;
    }
    if (!vmt_key(p, key)) {
        con_error(con, "%s's table is not where the console can name it (its window is not on a 4K boundary)", name);
        return false;
    }
    return true;
}

/* A path's text: its users' names, slash between. */
static void path_text(const struct vmt_path *p, int depth, char *out, size_t n)
{
    out[0] = 0;
    for (int d = 0; d < depth; d++) {
        size_t len = strlen(out);
        snprintf(out + len, n - len, "%s%s", d ? "/" : "", p->vm[d].userid);
    }
}

/* ---- console DEVICE|USER ---------------------------------------------------------------- */

/* The real terminal for `console PATH`: PATH's console's, or for
 * PATH/ADDR (ADDR hex, no user of that name there) the one that reaches
 * its 3215 at ADDR. 1 with *dev, 0 if PATH names no user (a device
 * address, perhaps), -1 after an error. */
static int console_path(struct console *con, const char *path, u32 *dev)
{
    struct vmt_path p;
    char err[160], head[VMT_MAX_PATH];
    u32 addr = VMT_NO_TERM;
    if (!vmt_resolve(con->m, path, &p, err, sizeof err)) {
        const char *slash = strrchr(path, '/');
        u32 a;
        if (!slash)
            return 0;
        if (strlen(path) >= sizeof head || parse_hex32(slash + 1, &a) < 0 || a > 0xFFF) {
            con_error(con, "%s", err);
            return -1;
        }
        snprintf(head, sizeof head, "%.*s", (int)(slash - path), path);
        if (!vmt_resolve(con->m, head, &p, err, sizeof err)) {
            con_error(con, "%s", err);
            return -1;
        }
        addr = a;
    }
    if (!vmt_real_terminal(con->m, &p, addr, dev, err, sizeof err)) {
        con_error(con, "%s", err);
        return -1;
    }
    return 1;
}

int con_cmd_console(struct console *con, int argc, char **argv)
{
    u32 dev;
    if (argc == 1) {
        fprintf(con->out, "lines starting with '.' go to the console typewriter at %03X\n", con->typing_dev);
        return 0;
    }
    if (argc != 2) {
        con_error(con, "usage: console [DEVICE|USER|CP/USER|USER/ADDR]");
        return -1;
    }
    int rc = console_path(con, argv[1], &dev);
    if (rc < 0)
        return -1;
    if (rc == 0 && con_hex(con, argv[1], &dev) < 0)
        return -1;
    struct device *d = chan_find(con->m, (u16)dev);
    if (!d || !con3215_is(d)) {
        con_error(con, "no console typewriter at %03X", dev);
        return -1;
    }
    con->typing_dev = (u16)dev;
    return 0;
}

/* The name for the prompt: the user at the typing device, or its address. */
void con_typing_name(struct console *con, char *buf, size_t n)
{
    char path[VMT_MAX_PATH];
    if (vmt_terminal_owner(con->m, con->typing_dev, path, sizeof path))
        snprintf(buf, n, "%s", path);
    else
        snprintf(buf, n, "%03X", con->typing_dev);
}

/* ---- tags: each user's terminal output is tagged with its path ------------------------ */

/* Asked by each terminal 3215 as a line starts: the path of the VM whose
 * terminal it is, now (CP may have logged someone on since the last
 * line), or NULL for the device's own "ADDR: " tag (CP's operator
 * console, a terminal connected to nobody). */
const char *con_terminal_tag(void *arg, u16 addr)
{
    struct console *con = arg;
    char path[VMT_MAX_PATH];
    if (!vmt_terminal_owner(con->m, addr, path, sizeof path))
        return NULL;
    snprintf(con->tag, sizeof con->tag, "%s: ", path);
    return con->tag;
}

/* ---- psw: the virtual PSW beside the real one ---------------------------------------- */

static void show_vpsw(struct console *con, const struct vmt_vm *u, const char *who, const char *cp, int level)
{
    u32 w0 = u->vpsw[0];
    fprintf(con->out, "VPSW %08X %08X  key %X %s %s  ", u->vpsw[0], u->vpsw[1], (w0 >> 20) & 15,
            (w0 & PSW0_PROB) ? "problem" : "supervisor", (w0 & PSW0_T) ? "DAT on" : "DAT off");
    if (level == 1)
        fprintf(con->out, "(%s's virtual PSW, as CP holds it; CP updates it at each entry)\n", who);
    else
        fprintf(con->out, "(%s's virtual PSW, as %s's CP holds it; level %d, %s mode)\n", who, cp, level,
                vmt_mode_name(u->mode));
}

/* For each user on the path of who runs, its PSW as its CP holds it: the
 * machine's own (the PSW above) if the machine interprets that user, the
 * virtual PSW its CP published as it dispatched it if it runs by trap
 * and emulate, and for a user in its own SIE, the PSW of that SIE. Then,
 * below the first level, who runs. */
void con_show_vm_psw(struct console *con)
{
    struct machine *m = con->m;
    struct vmt_cpu s;
    struct vmt_where w;
    char who[VMT_MAX_PATH], cp[VMT_MAX_PATH];
    vmt_cpu_now(m, &s);
    if (!vmt_where(m, &s, &w) || !w.p.depth)
        return;
    for (int d = 0; d < w.p.depth; d++) {
        const struct vmt_vm *u = &w.p.vm[d];
        u32 win = vmt_window(&w.p.view[d], u);
        path_text(&w.p, d + 1, who, sizeof who);
        path_text(&w.p, d, cp, sizeof cp);
        if (s.sie && s.vr && s.mso == win) {
            if (d == 0)
                fprintf(con->out, "SIE  the PSW above is %s's own, interpreted under SIE; CP is not running "
                                  "('sie %s' shows the state description)\n", who, who);
            else
                fprintf(con->out, "SIE  the PSW above is %s's own, interpreted under SIE (level %d; 'sie %s')\n", who,
                        d + 1, who);
        } else if (s.sie && s.vr && s.mso > win && s.mso - win < u->size) {
            show_vpsw(con, u, who, cp, d + 1);
            fprintf(con->out, "     (%s is in its own SIE: its CP interprets its guest, on a shadow)\n", who);
        } else if (d > 0 || u->mode != VMT_MODE_SIE) {
            show_vpsw(con, u, who, cp, d + 1);
        }
    }
    if (w.p.depth > 1 || w.cp) {
        path_text(&w.p, w.p.depth, who, sizeof who);
        if (w.cp)
            fprintf(con->out, "RUN  the level-%d CP, %s's, is running (its current user: %s)\n", w.p.depth + 1, who,
                    w.cpv.current == VMT_NONE ? "none" : "see 'vms'");
        else
            fprintf(con->out, "RUN  %s is running, a level-%d guest\n", who, w.p.depth);
    }
}

/* ---- step vm PATH ------------------------------------------------------------------------ */

#define STEPVM_BOUND 2000000   /* instructions stepped after a dispatch before the machine runs free again */

static int add_break(struct machine *m, struct breakpoint b)
{
    for (int i = 0; i < MAX_BREAKS; i++)
        if (!m->brk[i].used) {
            m->brk[i] = b;
            con_refresh_breaks(m);
            return i;
        }
    return -1;
}

static void stepvm_disarm(struct console *con)
{
    for (int i = 0; i < MAX_BREAKS; i++)
        if (con->m->brk[i].used && con->m->brk[i].cond == user_dispatching)
            con->m->brk[i].used = false;
    con_refresh_breaks(con->m);
    con->stepvm_armed = false;
}

/* Breakpoints at each dispatching instruction of the CPs on the path (one
 * nucleus: usually the same two addresses). */
static int stepvm_arm(struct console *con, const struct vmt_path *p, u32 key)
{
    for (int d = 0; d < p->depth; d++) {
        u32 at[2] = {p->view[d].dispatch_psw, p->view[d].dispatch_sie};
        for (int k = 0; k < 2; k++) {
            bool have = false;
            for (int i = 0; i < MAX_BREAKS; i++)
                have |= con->m->brk[i].used && con->m->brk[i].cond == user_dispatching && con->m->brk[i].value == at[k];
            struct breakpoint b = {.kind = BRK_ADDR, .value = at[k], .used = true, .cond = user_dispatching,
                                   .cond_arg = key};
            if (!have && add_break(con->m, b) < 0) {
                stepvm_disarm(con);
                con_error(con, "all %d breakpoints are in use", MAX_BREAKS);
                return -1;
            }
        }
    }
    con->stepvm_armed = true;
    con->stepvm_key = key;
    return 0;
}

/* From a CP's dispatch on the user's path, step until the user runs: 1,
 * or 0 if the CPs went elsewhere first, or -1 after a stop reported. */
static int step_to_user(struct console *con, u32 key)
{
    struct machine *m = con->m;
    for (u32 i = 0; i < STEPVM_BOUND; i++) {
        struct vmt_cpu s;
        struct vmt_where w;
        vmt_cpu_now(m, &s);
        if (!vmt_where(m, &s, &w))
            return 0;
        if (vmt_key_depth(&w, key))
            return 1;
        if (!w.cp || vmt_key_current(m, key) <= w.p.depth)
            return 0;   /* someone else runs, or its CP no longer has it current */
        enum stop st = con_run(con, 1);
        if (st != STOP_LIMIT) {
            con_report_stop(con, st);
            return -1;
        }
    }
    return 0;
}

static bool stepvm_ours(struct console *con)
{
    struct machine *m = con->m;
    if (!con->stepvm_armed || m->hit.kind != BRK_ADDR || m->cpu.ia != m->hit.value)
        return false;
    for (int i = 0; i < MAX_BREAKS; i++)
        if (m->brk[i].used && m->brk[i].cond == user_dispatching && m->brk[i].value == m->hit.value)
            return true;
    return false;
}

/* The breakpoints that `step vm` set have stopped the machine at a CP's
 * dispatching instruction: step to the user and show it, or, if the CP
 * dispatched someone else, let the machine run on until the next. True if
 * the stop was that. */
bool con_stepvm_hit(struct console *con)
{
    struct machine *m = con->m;
    struct vmt_path p;
    char err[160];
    if (!stepvm_ours(con))
        return false;
    for (;;) {
        u32 key = con->stepvm_key;
        stepvm_disarm(con);
        int rc = step_to_user(con, key);
        if (rc < 0)
            return true;
        if (rc > 0) {
            struct vmt_cpu s;
            struct vmt_where w;
            char who[VMT_MAX_PATH];
            con->last_stop = STOP_STEP;
            vmt_cpu_now(m, &s);
            vmt_where(m, &s, &w);
            path_text(&w.p, vmt_key_depth(&w, key), who, sizeof who);
            fprintf(con->out, "%s is running: its next instruction is\n", who);
            con_disasm_at_psw(con);
            con_show_psw(con);
            return true;
        }
        if (!vmt_resolve(m, con->stepvm_path, &p, err, sizeof err) || !vmt_key(&p, &key)) {
            fprintf(con->out, "%s: %s; step vm ends\n", con->stepvm_path, err);
            return true;
        }
        if (stepvm_arm(con, &p, key) < 0)
            return true;
        enum stop st = con_run(con, CON_GO_FOREVER);
        if (st == STOP_BREAK && stepvm_ours(con))
            continue;
        if (st == STOP_IDLE)
            fprintf(con->out, "%s is waiting; the console stops when its CP next runs it\n", con->stepvm_path);
        else if (!con->background)
            con_report_stop(con, st);
        return true;
    }
}

/* Run until the user runs (p, key: from find_user): 1; or 0 with the
 * stop that came first (not reported), or -1 after a stop reported. */
int con_run_to_user(struct console *con, const struct vmt_path *p, u32 key, enum stop *why)
{
    for (;;) {
        int rc = step_to_user(con, key);   /* a CP on its way, already */
        if (rc)
            return rc;
        if (stepvm_arm(con, p, key) < 0)
            return -1;
        enum stop st = con_run(con, CON_GO_FOREVER);
        bool ours = st == STOP_BREAK && stepvm_ours(con);
        stepvm_disarm(con);
        if (!ours) {
            *why = st;
            return 0;
        }
    }
}

int con_step_vm(struct console *con, const char *name)
{
    struct vmt_path p;
    u32 key;
    if (!find_user(con, name, &p, &key))
        return -1;
    if (con->stepvm_armed)
        stepvm_disarm(con);
    snprintf(con->stepvm_path, sizeof con->stepvm_path, "%s", name);
    for (char *c = con->stepvm_path; *c; c++)
        *c = (char)toupper((unsigned char)*c);
    if (stepvm_arm(con, &p, key) < 0)
        return -1;
    const struct vmt_vm *vm = &p.vm[p.depth - 1];
    enum stop s = con_run(con, CON_GO_FOREVER);
    if (s == STOP_IDLE) {   /* it waits: the stop comes when something wakes it */
        fprintf(con->out, "%s is waiting (%s); the console stops when CP next runs it\n", vm->userid,
                vmt_state_name(vm->state));
        return 0;
    }
    con_report_stop(con, s);
    return 0;
}

/* ---- break trap PATH [CODE], break sie PATH [CODE] ----------------------------------------- */

/* break trap PATH [CODE]: a user by trap and emulate stops at a program
 * interruption from it that a CP above takes (CODE: its code); a user
 * under SIE, at the end of the interpretation of its own state (CODE:
 * the interception code). */
int con_parse_trap_break(struct console *con, int argc, char **argv, struct breakpoint *b)
{
    struct vmt_path p;
    u32 key;
    if (argc < 3 || argc > 4)
        return -2;
    if (!find_user(con, argv[2], &p, &key))
        return -1;
    bool sie = p.vm[p.depth - 1].mode == VMT_MODE_SIE;
    b->kind = sie ? BRK_SIE : BRK_PGM;
    b->value = ~0u;
    if (argc == 4 && con_hex(con, argv[3], &b->value) < 0)
        return -1;
    b->cond = sie ? user_intercepted : user_trapped;
    b->cond_arg = key;
    return 0;
}

/* break sie PATH [CODE]: the end of interpretation of PATH's own state.
 * 1 if argv[2] names no user (then it is a code), 0, or -1. */
int con_parse_sie_break(struct console *con, int argc, char **argv, struct breakpoint *b)
{
    struct vmt_path p;
    char err[160];
    u32 key;
    if (argc < 3 || (!strchr(argv[2], '/') && !vmt_resolve(con->m, argv[2], &p, err, sizeof err)))
        return 1;
    if (argc > 4)
        return -2;
    if (!find_user(con, argv[2], &p, &key))
        return -1;
    if (p.vm[p.depth - 1].mode != VMT_MODE_SIE) {
        con_error(con, "%s runs in trap mode: its CP does not run it under SIE", argv[2]);
        return -1;
    }
    b->kind = BRK_SIE;
    b->value = ~0u;
    if (argc == 4 && con_hex(con, argv[3], &b->value) < 0)
        return -1;
    b->cond = user_intercepted;
    b->cond_arg = key;
    return 0;
}

/* ---- sie PATH --------------------------------------------------------------------------- */

/* Ends of interpretation counted by interception code / 4 (a VM table's
 * sie_exits or vsie_exits): " 04 instruction 32," for each code seen. */
static void show_exits(struct console *con, const u32 exits[VMT_SIE_CODES])
{
    for (const struct isa_named *k = isa_sie_codes; k->name; k++)
        if (k->value / 4 < VMT_SIE_CODES && exits[k->value / 4])
            fprintf(con->out, " %02X %s %u,", k->value, k->name, exits[k->value / 4]);
}

/* A user that is a CP: its own SIEs, as its CP interprets them (cp/vsie.c). */
static void show_vsie(struct console *con, const struct vmt_vm *vm)
{
    fprintf(con->out, "its own SIE (virtual SIE): %u SIEs, %u shadows built, %u reused%s\nits guests' ends:", vm->vsie_entries,
            vm->vsie_created, vm->vsie_reused, vm->vsie_active ? "; its guest runs now" : "");
    show_exits(con, vm->vsie_exits);
    if (vm->vsie_exits[VMT_SIE_CODES - 1])
        fprintf(con->out, " host DAT exceptions %u,", vm->vsie_exits[VMT_SIE_CODES - 1]);
    fprintf(con->out, "\n");
}

int con_cmd_sie(struct console *con, int argc, char **argv)
{
    struct vmt_path p;
    u32 key;
    if (argc != 2) {
        con_error(con, "usage: sie USER");
        return -1;
    }
    if (!find_user(con, argv[1], &p, &key))
        return -1;
    const struct vmt_vm *vm = &p.vm[p.depth - 1];
    const struct vmt_view *v = &p.view[p.depth - 1];
    if (vm->mode != VMT_MODE_SIE) {
        if (vm->vsie_entries) {   /* no state description of its own, but SIEs of its own */
            fprintf(con->out, "%s runs in trap mode: it has no state description\n", vm->userid);
            show_vsie(con, vm);
            return 0;
        }
        con_error(con, "%s runs in trap mode: it has no state description", vm->userid);
        return -1;
    }
    struct machine *m = con->m;
    u32 sd = v->base + vm->sd;   /* its CP's real address, in the machine's */
    if (vm->sd > v->limit || v->limit - vm->sd < SIE_SD_LENGTH || !stor_valid(m, sd, SIE_SD_LENGTH)) {
        con_error(con, "%s's state description at %08X is outside its CP's storage", vm->userid, vm->sd);
        return -1;
    }
    const struct sie_state *ss = &m->cpu.sie;
    bool now = ss->active && (p.depth == 1 ? ss->sd == sd : ss->vr && ss->mso == vmt_window(v, vm));
    if (p.depth == 1)
        fprintf(con->out, "%s's state description at %08X%s\n", vm->userid, vm->sd,
                now ? " (interpreting now: the CPU holds the guest's state)" : "");
    else
        fprintf(con->out, "%s's state description at %08X of its CP's storage (real %08X)%s\n", argv[1], vm->sd, sd,
                now ? " (interpreting now, on its CP's shadow: the CPU holds the guest's state)" : "");
    for (const struct isa_named *f = isa_sd_fields; f->name; f++) {
        fprintf(con->out, "  %-8s +%02X ", f->name, f->value);
        u32 n = f->size > 16 ? 16 : f->size;
        for (u32 i = 0; i < n; i++)
            fprintf(con->out, "%02X%s", m->mem[sd + f->value + i], i % 4 == 3 && i + 1 < n ? " " : "");
        fprintf(con->out, "%s  %s\n", f->size > n ? "..." : "", f->desc);
    }
    fprintf(con->out, "  CR0-15  ");
    for (u32 i = 0; i < 16; i++)
        fprintf(con->out, "%08X%s", stor_read32(m, sd + SD_CR + 4 * i), i == 7 ? "\n          " : " ");
    fprintf(con->out, "\ninterceptions:");
    show_exits(con, vm->sie_exits);
    fprintf(con->out, "\n");
    if (vm->vsie_entries)
        show_vsie(con, vm);
    return 0;
}
