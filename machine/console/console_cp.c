/* console_cp.c: the operator console's knowledge of CP, all of it read
 * from the VM table CP publishes (cp/vmtable.h via vmtable_view.c):
 *
 *   vms               the virtual machines, their state and counters
 *   console NAME      lines starting with '.' go to that user's terminal
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
 * and each user's terminal output is tagged with the userid. The console
 * never changes CP: it only reads the table and sets breakpoints.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "access.h"
#include "channel.h"
#include "console.h"
#include "dev_3215.h"
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
    fprintf(con->out, "USERID   MODE STATE      VIRTUAL PSW        TERM  TRAPS   SVCS   PGMS    I/O  DISP  CPU(ms)\n");
    struct vmt_vm vm;
    for (u32 i = 0; i < v.nvms; i++)
        if (vmt_entry(con->m, &v, i, &vm)) {
            char term[8];
            snprintf(term, sizeof term, vm.terminal == 0xFFFF ? "-" : "%03X", vm.terminal);
            fprintf(con->out, "%-8s %-4s %-9s%s %08X %08X  %-4s %6u %6u %6u %6u %5u %8llu\n", vm.userid,
                    vm.mode == VMT_MODE_SIE ? "sie" : "trap", vmt_state_name(vm.state), v.current == i ? "*" : " ", vm.vpsw[0], vm.vpsw[1], term, vm.traps,
                    vm.svcs, vm.pgms, vm.ios, vm.dispatches, (unsigned long long)(vm.cputime / 4096000));
        }
    return 0;
}

/* A user by name, or an error. */
static bool find_user(struct console *con, const char *name, struct vmt_view *v, struct vmt_vm *vm)
{
    if (!vmt_find(con->m, v)) {
        con_error(con, "no CP here: no VM table at %X", VMT_ANCHOR);
        return false;
    }
    if (!vmt_by_name(con->m, v, name, vm)) {
        con_error(con, "no user %s is logged on", name);
        return false;
    }
    return true;
}

/* ---- console DEVICE|USER ---------------------------------------------------------------- */

int con_cmd_console(struct console *con, int argc, char **argv)
{
    u32 dev;
    if (argc == 1) {
        fprintf(con->out, "lines starting with '.' go to the console typewriter at %03X\n", con->typing_dev);
        return 0;
    }
    if (argc != 2) {
        con_error(con, "usage: console [DEVICE|USER]");
        return -1;
    }
    struct vmt_view v;
    struct vmt_vm vm;
    if (vmt_find(con->m, &v) && vmt_by_name(con->m, &v, argv[1], &vm)) {
        if (vm.terminal == 0xFFFF) {
            con_error(con, "%s is disconnected: it has no terminal", vm.userid);
            return -1;
        }
        dev = vm.terminal;
    } else if (con_hex(con, argv[1], &dev) < 0) {
        return -1;
    }
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
    struct vmt_view v;
    struct vmt_vm vm;
    snprintf(buf, n, "%03X", con->typing_dev);
    if (vmt_find(con->m, &v))
        for (u32 i = 0; i < v.nvms; i++)
            if (vmt_entry(con->m, &v, i, &vm) && vm.terminal == con->typing_dev)
                snprintf(buf, n, "%s", vm.userid);
}

/* ---- tags: each user's terminal output is tagged with the userid ---------------------- */

/* Asked by each terminal 3215 as a line starts: the userid of the VM
 * whose terminal it is, now (CP may have logged someone on since the last
 * line), or NULL for the device's own "ADDR: " tag. */
const char *con_terminal_tag(void *arg, u16 addr)
{
    struct console *con = arg;
    struct vmt_view v;
    struct vmt_vm vm;
    if (addr == 0x009 || !vmt_find(con->m, &v))
        return NULL;
    for (u32 i = 0; i < v.nvms; i++)
        if (vmt_entry(con->m, &v, i, &vm) && vm.terminal == addr) {
            snprintf(con->tag, sizeof con->tag, "%s: ", vm.userid);
            return con->tag;
        }
    return NULL;
}

/* ---- psw: the virtual PSW beside the real one ---------------------------------------- */

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
        return;
    }
    fprintf(con->out, "VPSW %08X %08X  key %X %s %s  (%s's virtual PSW, as CP holds it; CP updates it at each entry)\n",
            vm.vpsw[0], vm.vpsw[1], (w0 >> 20) & 15, (w0 & 0x00010000) ? "problem" : "supervisor",
            (w0 & 0x04000000) ? "DAT on" : "DAT off", vm.userid);
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
