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

/* ---- conditions for breakpoints ---- */

static bool vm_is_current(const struct machine *m, u32 index)
{
    struct vmt_view v;
    return vmt_find(m, &v) && v.current == index;
}

/* A program interruption from the VM: its old PSW was in problem state. */
static bool vm_trapped(const struct machine *m, u32 index)
{
    return (m->mem[LC_PGM_OLD_PSW + 1] & 0x01) && vm_is_current(m, index);
}

/* Interpretation of the VM ended (a SIE exit) while it was the current one. */
static bool vm_intercepted(const struct machine *m, u32 index) { return vm_is_current(m, index); }

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
                    width - 2 * depth, vm.userid, vm.mode == VMT_MODE_SIE ? "sie" : "trap", vmt_state_name(vm.state),
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

/* A first-level user by name, or an error (a nested user's path: not yet). */
static bool find_user(struct console *con, const char *name, struct vmt_view *v, struct vmt_vm *vm)
{
    struct vmt_path p;
    char err[160];
    if (!vmt_resolve(con->m, name, &p, err, sizeof err)) {
        con_error(con, "%s", err);
        return false;
    }
    if (p.depth > 1) {
        con_error(con, "%s is a user of a CP under CP: this command takes a first-level user (such as %s)", name,
                  p.vm[0].userid);
        return false;
    }
    *v = p.view[0];
    *vm = p.vm[0];
    return true;
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

/* For a CP under CP whose own user is current: that user's virtual PSW
 * as each level's CP holds it, level by level (CPL1/ALICE's as CPL1's CP
 * holds it, ...). */
static void show_nested_psw(struct console *con, const struct vmt_view *top, const struct vmt_vm *cp_user)
{
    struct vmt_view v = *top, next;
    struct vmt_vm vm = *cp_user, user;
    char path[VMT_MAX_PATH], cp[VMT_MAX_PATH];
    snprintf(path, sizeof path, "%s", vm.userid);
    for (int depth = 1; depth < VMT_MAX_DEPTH && vmt_nested(con->m, &v, &vm, &next); depth++) {
        if (next.current == VMT_NONE || !vmt_entry(con->m, &next, next.current, &user))
            return;
        snprintf(cp, sizeof cp, "%s", path);
        size_t len = strlen(path);
        snprintf(path + len, sizeof path - len, "/%s", user.userid);
        u32 w0 = user.vpsw[0];
        fprintf(con->out, "VPSW %08X %08X  key %X %s %s  (%s's virtual PSW, as %s's CP holds it; level %d, %s mode)\n",
                user.vpsw[0], user.vpsw[1], (w0 >> 20) & 15, (w0 & 0x00010000) ? "problem" : "supervisor",
                (w0 & 0x04000000) ? "DAT on" : "DAT off", path, cp, depth + 1,
                user.mode == VMT_MODE_SIE ? "sie" : "trap");
        v = next;
        vm = user;
    }
}

void con_show_vm_psw(struct console *con)
{
    struct vmt_view v;
    struct vmt_vm vm;
    if (!vmt_find(con->m, &v) || v.current == VMT_NONE || !vmt_entry(con->m, &v, v.current, &vm))
        return;
    u32 w0 = vm.vpsw[0];
    if (vm.mode == VMT_MODE_SIE) {
        if (con->m->cpu.sie.active)
            fprintf(con->out, "SIE  the PSW above is %s's own, interpreted under SIE; CP is not running "
                              "('sie %s' shows the state description)\n", vm.userid, vm.userid);
    } else {
        fprintf(con->out,
                "VPSW %08X %08X  key %X %s %s  (%s's virtual PSW, as CP holds it; CP updates it at each entry)\n",
                vm.vpsw[0], vm.vpsw[1], (w0 >> 20) & 15, (w0 & 0x00010000) ? "problem" : "supervisor",
                (w0 & 0x04000000) ? "DAT on" : "DAT off", vm.userid);
    }
    show_nested_psw(con, &v, &vm);
}

/* ---- step vm NAME --------------------------------------------------------------------------- */

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

/* The breakpoint that `step vm` set has stopped the machine at CP's
 * dispatching LPSW: take that one step and show the guest. True if the
 * stop was that. */
bool con_stepvm_hit(struct console *con)
{
    struct machine *m = con->m;
    struct vmt_view v;
    struct vmt_vm vm;
    if (!con->stepvm_armed || m->hit.kind != BRK_ADDR || !vmt_find(m, &v) ||
        (m->hit.value != v.dispatch_psw && m->hit.value != v.dispatch_sie) || m->cpu.ia != m->hit.value)
        return false;
    con->stepvm_armed = false;
    con_run(con, 1);   /* the LPSW (or SIE) into it */
    con->last_stop = STOP_STEP;
    if (!vmt_entry(m, &v, v.current, &vm))
        return true;
    fprintf(con->out, "%s is running: its next instruction is\n", vm.userid);
    con_disasm_at_psw(con);
    con_show_psw(con);
    return true;
}

int con_step_vm(struct console *con, const char *name)
{
    struct vmt_view v;
    struct vmt_vm vm;
    if (!find_user(con, name, &v, &vm))
        return -1;
    u32 entry = vm.mode == VMT_MODE_SIE ? v.dispatch_sie : v.dispatch_psw;   /* how CP enters it */
    struct breakpoint b = {.kind = BRK_ADDR, .value = entry, .used = true, .cond = vm_is_current,
                           .cond_arg = vm.index, .once = true};
    if (add_break(con->m, b) < 0) {
        con_error(con, "all %d breakpoints are in use", MAX_BREAKS);
        return -1;
    }
    con->stepvm_armed = true;
    enum stop s = con_run(con, CON_GO_FOREVER);
    if (s == STOP_IDLE) {   /* it waits: the stop comes when something wakes it */
        fprintf(con->out, "%s is waiting (%s); the console stops when CP next runs it\n", vm.userid,
                vmt_state_name(vm.state));
        return 0;
    }
    con_report_stop(con, s);
    return 0;
}

/* ---- break trap NAME [CODE] ------------------------------------------------------------- */

int con_parse_trap_break(struct console *con, int argc, char **argv, struct breakpoint *b)
{
    struct vmt_view v;
    struct vmt_vm vm;
    if (argc < 3 || argc > 4)
        return -2;
    if (!find_user(con, argv[2], &v, &vm))
        return -1;
    b->kind = vm.mode == VMT_MODE_SIE ? BRK_SIE : BRK_PGM;
    b->value = ~0u;
    if (argc == 4 && con_hex(con, argv[3], &b->value) < 0)
        return -1;
    b->cond = vm.mode == VMT_MODE_SIE ? vm_intercepted : vm_trapped;
    b->cond_arg = vm.index;
    return 0;
}

/* ---- sie NAME --------------------------------------------------------------------------- */

int con_cmd_sie(struct console *con, int argc, char **argv)
{
    struct vmt_view v;
    struct vmt_vm vm;
    if (argc != 2) {
        con_error(con, "usage: sie USER");
        return -1;
    }
    if (!find_user(con, argv[1], &v, &vm))
        return -1;
    if (vm.mode != VMT_MODE_SIE) {
        con_error(con, "%s runs in trap mode: it has no state description", vm.userid);
        return -1;
    }
    struct machine *m = con->m;
    if (!stor_valid(m, vm.sd, SIE_SD_LENGTH)) {
        con_error(con, "%s's state description at %08X is outside storage", vm.userid, vm.sd);
        return -1;
    }
    fprintf(con->out, "%s's state description at %08X%s\n", vm.userid, vm.sd,
            m->cpu.sie.active && m->cpu.sie.sd == vm.sd ? " (interpreting now: the CPU holds the guest's state)" : "");
    for (const struct isa_named *f = isa_sd_fields; f->name; f++) {
        fprintf(con->out, "  %-8s +%02X ", f->name, f->value);
        u32 n = f->size > 16 ? 16 : f->size;
        for (u32 i = 0; i < n; i++)
            fprintf(con->out, "%02X%s", m->mem[vm.sd + f->value + i], i % 4 == 3 && i + 1 < n ? " " : "");
        fprintf(con->out, "%s  %s\n", f->size > n ? "..." : "", f->desc);
    }
    fprintf(con->out, "  CR0-15  ");
    for (u32 i = 0; i < 16; i++)
        fprintf(con->out, "%08X%s", stor_read32(m, vm.sd + SD_CR + 4 * i), i == 7 ? "\n          " : " ");
    fprintf(con->out, "\ninterceptions:");
    for (const struct isa_named *k = isa_sie_codes; k->name; k++)
        if (k->value / 4 < VMT_SIE_CODES && vm.sie_exits[k->value / 4])
            fprintf(con->out, " %02X %s %u,", k->value, k->name, vm.sie_exits[k->value / 4]);
    fprintf(con->out, "\n");
    return 0;
}
