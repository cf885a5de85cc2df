/* console.h: the operator console. console.c: the loop, the parsing
 * helpers and running the machine; console_tty.c: the console on a
 * terminal (the machine runs while the operator types, history,
 * completion); console_cmds.c: the command table,
 * con_cmds[], which names every command and holds its help; the commands
 * themselves in the file of their concern (console_cmds.c lists them). */
#ifndef CREASY_CONSOLE_H
#define CREASY_CONSOLE_H

#include <stdio.h>

#include "config.h"
#include "elf.h"
#include "machine.h"

#define CON_MAX_ARGS 16
#define CON_OUTPUT_KEEP 8192   /* recent guest console output, for `expect output` */

struct console {
    struct machine *m;
    struct config_info cfg;    /* how devices are made (terminal, observer) and their files */
    struct elf_image *img;     /* symbols of the last ELF loaded */
    FILE *out;                 /* where the console writes */
    bool interactive;          /* readline on a terminal */
    bool transcript;           /* --transcript: a script shown as a terminal shows a session */
    const char *source;        /* script name, for "file:line: reason" */
    int line;                  /* line number in `source` */
    int failures;              /* expect and command failures in a script */
    enum stop last_stop;       /* why the machine last stopped */
    bool running;              /* it stopped only to wait (enabled wait): typing resumes it */
    u16 typing_dev;            /* the 3215 that '.' lines go to (009 unless `console` says) */
    bool background;           /* interactive: a run goes on between commands (con_run_on) */
    bool bg_quiet_idle;        /* ... started by con_start: an enabled wait ends it silently */
    bool starting;             /* inside con_start */
    bool detach_told;          /* the operator was told once that runs go on in the background */
    bool term_line_open;       /* a terminal 3215's line is open (no carrier return yet) */
    u64 bg_budget;             /* what is left of the background run's instructions */
    u64 max_insns;             /* --max-instructions: the session's limit (0: none) */
    bool limit_hit;            /* the instruction or time limit ended the session */
    bool stepvm_armed;         /* `step vm` set its breakpoints at the dispatch of the CPs on its path */
    u32 stepvm_key;            /* ... for this user (vmt_key) */
    char stepvm_path[80];      /* ... of this path (VMT_MAX_PATH) */
    u32 next_disasm;           /* where a bare `disasm` goes on */
    u32 next_display;
    char tag[96];              /* con_terminal_tag()'s answer: a path of up to 8 levels, ": " */
    char output[CON_OUTPUT_KEEP];  /* tail of guest console output */
    size_t output_len;
};

/* A command: its words, its help, and the function that does it.
 * Returns 0, or -1 after reporting an error with con_error(). */
struct con_cmd {
    const char *name;
    const char *alias;
    const char *usage;
    const char *help;
    int (*fn)(struct console *con, int argc, char **argv);
};

extern const struct con_cmd con_cmds[];   /* console_cmds.c */

void con_error(struct console *con, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* parsing helpers: 0, or -1 after con_error() */
int con_addr(struct console *con, const char *s, u32 *v);     /* hex, or symbol[+hex] */
int con_hex(struct console *con, const char *s, u32 *v);
int con_count(struct console *con, const char *s, u64 *v);    /* decimal */

/* running the machine from the console. Ctrl-C, the instruction limit
 * and the time limit end any run; on a terminal, a run that lasts goes on
 * in the background (con->background) while the console takes commands,
 * a stretch at a time through con_run_on(), which reports its stop. */
#define CON_GO_FOREVER 0xFFFFFFFFFFFFull
enum stop con_run(struct console *con, u64 budget);
void con_start(struct console *con);
void con_run_on(struct console *con);
bool con_interrupt_pending(void);   /* Ctrl-C since the command (or the last look) began */
void con_interrupt_clear(void);
#define CON_PROMPT_MAX 128   /* "creasy [.PATH]> ", the path up to 8 levels of userids */
void con_prompt(struct console *con, char *buf, size_t n);
int con_do_line(struct console *con, char *line);   /* one command line: 1 if it was quit */

/* console_tty.c: the console on a terminal */
int con_tty_loop(struct console *con);
void con_tty_hide(struct console *con);                /* clear the prompt line before output */
const char *con_tty_tag(void *con, u16 addr);           /* the tagger: hides the prompt, then tags */

/* console_cmds.c: what every command uses (and help, echo, quit) */
int con_wrong_args(struct console *con, const char *cmd);   /* "usage: ..." from the table; -1 */
const char *con_pgm_name(u32 code);                         /* a program-interruption code's name, or "?" */

/* console_run.c: running and stepping, the operator's buttons, stop reports */
void con_report_stop(struct console *con, enum stop s);
int con_cmd_load(struct console *con, int argc, char **argv);
int con_cmd_ipl(struct console *con, int argc, char **argv);
int con_cmd_go(struct console *con, int argc, char **argv);
int con_cmd_step(struct console *con, int argc, char **argv);
int con_cmd_restart(struct console *con, int argc, char **argv);
int con_cmd_interrupt(struct console *con, int argc, char **argv);
int con_cmd_reset(struct console *con, int argc, char **argv);

/* console_state.c: registers, storage, the disassembler */
void con_show_psw(struct console *con);
void con_disasm_at_psw(struct console *con);   /* through DAT when the PSW has it on */
int con_cmd_gpr(struct console *con, int argc, char **argv);
int con_cmd_cr(struct console *con, int argc, char **argv);
int con_cmd_psw(struct console *con, int argc, char **argv);
int con_cmd_display(struct console *con, int argc, char **argv);
int con_cmd_alter(struct console *con, int argc, char **argv);
int con_cmd_disasm(struct console *con, int argc, char **argv);
int con_cmd_key(struct console *con, int argc, char **argv);

/* console_break.c: breakpoints and expect */
void con_refresh_breaks(struct machine *m);
int con_cmd_break(struct console *con, int argc, char **argv);
int con_cmd_delete(struct console *con, int argc, char **argv);
int con_cmd_expect(struct console *con, int argc, char **argv);

/* console_counters.c: counters and trace */
int con_cmd_trace(struct console *con, int argc, char **argv);
int con_cmd_profile(struct console *con, int argc, char **argv);
int con_cmd_counters(struct console *con, int argc, char **argv);

/* console_devices.c: I/O devices */
int con_cmd_devices(struct console *con, int argc, char **argv);
int con_cmd_attach(struct console *con, int argc, char **argv);
int con_cmd_cards(struct console *con, int argc, char **argv);

/* console_cp.c: what the console knows of CP (its published VM table) */
int con_cmd_vms(struct console *con, int argc, char **argv);
int con_cmd_sie(struct console *con, int argc, char **argv);
int con_cmd_bt(struct console *con, int argc, char **argv);   /* console_bt.c */
int con_cmd_console(struct console *con, int argc, char **argv);
int con_step_vm(struct console *con, const char *name);
bool con_stepvm_hit(struct console *con);
int con_parse_trap_break(struct console *con, int argc, char **argv, struct breakpoint *b);
int con_parse_sie_break(struct console *con, int argc, char **argv, struct breakpoint *b);
struct vmt_path;
int con_run_to_user(struct console *con, const struct vmt_path *p, u32 key, enum stop *why);

/* console_path.c: the trap path of a nested guest */
int con_cmd_path(struct console *con, int argc, char **argv);
const char *con_terminal_tag(void *con, u16 addr);   /* "USERID: " on a CP user's terminal */
void con_show_vm_psw(struct console *con);
void con_typing_name(struct console *con, char *buf, size_t n);

#endif
