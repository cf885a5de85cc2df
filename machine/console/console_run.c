/* console_run.c: the console's commands that run the machine (load, ipl,
 * go, step) and press its buttons (restart, interrupt, reset), and the
 * report of why it stopped.
 *
 * Design note. The machine runs only inside a command, through con_run()
 * (console.c) in slices, and go, step and ipl all report a stop through
 * con_report_stop(), so it reads the same whichever ran the machine: the
 * reason, the PSW, and at a breakpoint the instruction it stopped at.
 */
#include <string.h>
#include <strings.h>

#include "channel.h"
#include "console.h"

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
        int id = isa_lookup_in(m->isa, b);
        fprintf(con->out, ", instruction %02X%02X%02X%02X %s", b[0], b[1], b[2], b[3], id >= 0 ? m->isa[id].mnemonic : "?");
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
                    con_pgm_name(m->hit.value), stor_read32(m, LC_PGM_OLD_PSW), stor_read32(m, LC_PGM_OLD_PSW + 4));
        else if (m->hit.kind == BRK_SVC)
            fprintf(con->out, "breakpoint: SVC %u, old PSW %08X %08X\n", m->hit.value, stor_read32(m, LC_SVC_OLD_PSW),
                    stor_read32(m, LC_SVC_OLD_PSW + 4));
        else if (m->hit.kind == BRK_PRIV)
            fprintf(con->out, "breakpoint: privileged instruction %s\n", m->isa[m->hit.value].mnemonic);
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

int con_cmd_load(struct console *con, int argc, char **argv)
{
    char err[512];
    if (argc != 2)
        return con_wrong_args(con, "load");
    struct machine *m = con->m;
    if (elf_load_clean(m, argv[1], con->img, err, sizeof err) < 0) {   /* a bad file changes nothing */
        con_error(con, "%s", err);
        return -1;
    }
    cpu_load_psw(&m->cpu, 0x0008000080000000ull | con->img->entry);
    con->next_disasm = con->img->entry;
    fprintf(con->out, "loaded %s: %08X-%08X, entry %08X, %d symbols\n", argv[1], con->img->lo, con->img->hi,
            con->img->entry, con->img->nsyms);
    return 0;
}

int con_cmd_ipl(struct console *con, int argc, char **argv)
{
    u32 dev;
    char err[256];
    bool stop = argc == 3 && !strcasecmp(argv[2], "stop");
    if (argc < 2 || argc > 3 || (argc == 3 && !stop))
        return con_wrong_args(con, "ipl");
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

int con_cmd_go(struct console *con, int argc, char **argv)
{
    u64 n = CON_GO_FOREVER;
    if (argc > 2 || (argc == 2 && con_count(con, argv[1], &n) < 0))
        return argc > 2 ? con_wrong_args(con, "go") : -1;
    enum stop s = con_run(con, n);
    con_report_stop(con, s);
    return 0;
}

int con_cmd_step(struct console *con, int argc, char **argv)
{
    u64 n = 1;
    if (argc >= 2 && !strcasecmp(argv[1], "vm")) {
        if (argc == 3)
            return con_step_vm(con, argv[2]);
        con_error(con, "step vm wants the user to step: step vm USER (the users are in 'vms')");
        return -1;
    }
    if (argc > 2 || (argc == 2 && con_count(con, argv[1], &n) < 0))
        return argc > 2 ? con_wrong_args(con, "step") : -1;
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

int con_cmd_restart(struct console *con, int argc, char **argv)
{
    if (argc != 1)
        return con_wrong_args(con, "restart");
    con->m->restart_pending = true;
    return 0;
}

int con_cmd_interrupt(struct console *con, int argc, char **argv)
{
    if (argc != 1)
        return con_wrong_args(con, "interrupt");
    con->m->ext_key = true;
    return 0;
}

int con_cmd_reset(struct console *con, int argc, char **argv)
{
    if (argc > 2 || (argc == 2 && strcasecmp(argv[1], "clear")))
        return con_wrong_args(con, "reset");
    chan_reset(con->m);
    if (argc == 2)
        machine_clear(con->m);
    else
        machine_reset(con->m);
    return 0;
}
