/* console_cmds.c: the operator console's command table, con_cmds[]: one
 * row per command with its usage and help, which `help` prints and
 * con_wrong_args() quotes. The commands themselves live by concern:
 *
 *   console_run.c        load, ipl, go, step, restart, interrupt, reset
 *   console_state.c      gpr, cr, psw, display, alter, disasm, key
 *   console_break.c      break, delete, expect
 *   console_counters.c   trace, profile, counters
 *   console_devices.c    devices, attach, cards
 *   console_cp.c         vms, sie, console (what the console knows of CP)
 *   console_path.c       path (the trap path of a guest, across levels)
 *   here                 help, echo, quit
 *
 * Addresses and register values are hexadecimal, as on the real operator
 * frame; counts are decimal. To add a command: write con_cmd_NAME() in the
 * file of its concern, declare it in console.h, add its row here with
 * usage and help, and cover it in a console-script test.
 */
#include <string.h>
#include <strings.h>

#include "console.h"

const char *con_pgm_name(u32 code)
{
    for (int i = 0; i < ISA_PGM_COUNT; i++)
        if (isa_pgms[i].code == code)
            return isa_pgms[i].name;
    return "?";
}

/* The command `word` names (or its alias), any case; NULL if none. */
static const struct con_cmd *con_find_cmd(const char *word)
{
    for (const struct con_cmd *c = con_cmds; c->name; c++)
        if (!strcasecmp(word, c->name) || (c->alias && !strcasecmp(word, c->alias)))
            return c;
    return NULL;
}

int con_wrong_args(struct console *con, const char *cmd)
{
    for (const struct con_cmd *c = con_cmds; c->name; c++)
        if (!strcmp(c->name, cmd))
            con_error(con, "usage: %s", c->usage);
    return -1;
}

static int cmd_help(struct console *con, int argc, char **argv)
{
    if (argc > 2)
        return con_wrong_args(con, "help");
    if (argc == 2) {
        const struct con_cmd *c = con_find_cmd(argv[1]);
        if (!c) {
            con_error(con, "there is no command '%s' ('help' lists them)", argv[1]);
            return -1;
        }
        fprintf(con->out, "%s\n  %s\n", c->usage, c->help);
        return 0;
    }
    for (const struct con_cmd *c = con_cmds; c->name; c++)
        fprintf(con->out, "  %-34s %s\n", c->usage, c->help);
    fprintf(con->out, "  %-34s %s\n", ".text", "type a line into the guest's console (009)");
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
    {"load", NULL, "load FILE.elf", "clear storage, load a program, point the PSW at its entry (supervisor, key 0, masked)", con_cmd_load},
    {"bt", NULL, "bt USER [ADDR]", "a bt-mode user's translation cache: counters and blocks; with ADDR, that block beside "
     "the guest's code", con_cmd_bt},
    {"sie", NULL, "sie USER|CP/USER", "a sie-mode user's state description, decoded, and its interceptions by code",
     con_cmd_sie},
    {"path", NULL, "path USER|CP/USER [N]",
     "run until USER's next entry into a CP and its next instruction, and show the chain across levels: each "
     "entry (level, cause), each level's CP instructions, the first-level entries (exit multiplication); N: "
     "the averages of N events",
     con_cmd_path},
    {"vms", NULL, "vms", "CP's virtual machines (from the VM table CP publishes): mode, state, virtual PSW, counters",
     con_cmd_vms},
    {"console", NULL, "console [DEVICE|USER|PATH]",
     "which console typewriter lines starting with '.' go to: an address, or a CP user's terminal (009 at first)",
     con_cmd_console},
    {"ipl", NULL, "ipl DEVICE [stop]",
     "initial program load from a device (hex address), then start the CPU (it runs until it stops or waits for "
     "input); with 'stop', leave it stopped at the IPL PSW",
     con_cmd_ipl},
    {"go", "g", "go [N]", "run, for at most N instructions; Ctrl-C stops", con_cmd_go},
    {"step", "s", "step [N] | step vm USER|CP/USER",
     "run N instructions (default 1), showing each; or run until USER runs (its CP, and each CP above, has "
     "dispatched it) and stop at its next instruction",
     con_cmd_step},
    {"break", "b", "break [ADDR|pgm [CODE]|svc [N]|priv [MNEM]|io [DEV]|ext [CODE]|sie [PATH] [CODE]|trap PATH [CODE]]",
     "stop at an address or on an event (sie: when interpretation of a guest, or of user PATH, ends, by "
     "interception code; trap: when user PATH (USER, CP/USER) enters a CP above it: in trap mode a program "
     "interruption from it, in sie mode the end of its interpretation); alone, list breakpoints",
     con_cmd_break},
    {"delete", NULL, "delete N|all", "remove breakpoint N, or all of them", con_cmd_delete},
    {"gpr", "r", "gpr [N [VALUE]]", "show the PSW and registers, or show or set register N", con_cmd_gpr},
    {"cr", NULL, "cr [N [VALUE]]", "show the control registers, or show or set CR N", con_cmd_cr},
    {"psw", NULL, "psw [WORD0 WORD1]", "show the PSW, decoded, or set it", con_cmd_psw},
    {"display", "d", "display [v] [ADDR [LEN]]", "show storage, real or (with v) virtual through DAT, hex and EBCDIC", con_cmd_display},
    {"alter", "a", "alter [v] ADDR HEXBYTES...", "change storage, real or (with v) virtual", con_cmd_alter},
    {"disasm", "u", "disasm [ADDR [N]]", "disassemble N instructions (default 8)", con_cmd_disasm},
    {"key", NULL, "key ADDR [VALUE]", "show or set the storage key of a 4K block", con_cmd_key},
    {"trace", NULL, "trace FILE|-|off", "trace every instruction and interruption to a file (- for the terminal)", con_cmd_trace},
    {"profile", NULL, "profile on|off", "count instructions by opcode (slower)", con_cmd_profile},
    {"counters", NULL, "counters [reset]", "instructions by state, interruptions by class and code, busiest opcodes", con_cmd_counters},
    {"expect", NULL, "expect WHAT OP VALUE",
     "check state in a script: R0-R15 CR0-CR15 PSW IA CC KEY ICOUNT, MEM|BYTE ADDR, STOP NAME, OUTPUT \"text\"", con_cmd_expect},
    {"devices", NULL, "devices [DEVICE]", "list the I/O devices: address, type, state and what backs them", con_cmd_devices},
    {"attach", NULL, "attach DEVICE TYPE [ARGS...]",
     "add a device: 3215 [OUTFILE|- [INFILE]], 2540R [DECK] [binary], 2540P FILE [binary], 1403 FILE, "
     "FBA IMAGE [readonly] [create BLOCKS]",
     con_cmd_attach},
    {"cards", NULL, "cards DEVICE FILE [binary]", "load a deck into a card reader's hopper (text lines, or raw 80-byte cards)",
     con_cmd_cards},
    {"restart", NULL, "restart", "press RESTART: a restart interruption", con_cmd_restart},
    {"interrupt", NULL, "interrupt", "press INTERRUPT: an external interruption, code 0040", con_cmd_interrupt},
    {"reset", NULL, "reset [clear]", "CPU reset; with clear, storage and keys too", con_cmd_reset},
    {"echo", NULL, "echo TEXT...", "print text (for scripts)", cmd_echo},
    {"quit", "exit", "quit", "leave the console", cmd_quit},
    {NULL, NULL, NULL, NULL, NULL},
};
