/* console.c: the operator console, creasy's REPL.
 *
 * Design note. The console is the machine's operator frame: one line is
 * one command, looked up in the table con_cmds[] (console_cmds.c), which
 * also holds every command's help. Interactive use gets readline
 * (console_tty.c: history kept between sessions, completion); the same
 * commands read from a script or from standard input run without a
 * terminal, report errors as "script:line: reason", and make creasy exit
 * non-zero if any `expect` failed. A bad command never stops the console.
 * --transcript shows a script as a terminal shows the session (the
 * prompt and each command, no typed lines typed back): the README's
 * transcripts are checked that way (tests/console/readme.py).
 *
 * A line starting with '.' is typed into the guest's console (device 009),
 * as in Hercules.
 *
 * The machine comes from a system configuration
 * (machine/host/config.c): --config FILE, or the embedded default, whose
 * IPL device is IPLed at start-up and started: the console runs it until
 * it stops or only waits for input, and a line typed into a waiting guest
 * lets it run again. A PROGRAM.elf without --config gets a bare
 * machine instead: --mem bytes and a console at 009. Every 3215 on the
 * terminal reports its lines to con_guest_output (for `expect output`).
 *
 * The machine runs in slices, so the console notices between them:
 * Ctrl-C, which stops any run and, in a script, the script; the session's
 * limits, --max-instructions and --timeout, so that a script cannot hang;
 * and on a terminal the wall clock: a run that lasts more than a moment
 * goes on in the background, a stretch at a time between looks at the
 * keyboard (console_tty.c), so the operator can type to another user or
 * stop it while a guest computes. The signal handlers only set flags here
 * and the machine's halt_request, which ends cpu_run() at once, even in a
 * wall-clock wait; a periodic timer does the same on a terminal (a tick)
 * and when the time limit is up. Scripts never see a tick: their runs
 * stay exactly as deterministic as before.
 */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "channel.h"
#include "commands.h"
#include "config.h"
#include "console.h"
#include "dev_3215.h"
#include "options.h"

#define CON_SLICE 4000000              /* instructions between looks at the flags */
#define CON_DETACH_NS 250000000ull     /* on a terminal, a run longer than this goes on in the background */
#define CON_STRETCH_NS 50000000ull     /* a background stretch between looks at the keyboard */
#define CON_GRACE_NS 3000000000ull     /* after the time limit: exit even if stuck outside a run */

static volatile sig_atomic_t interrupted;   /* Ctrl-C since the command began */
static volatile sig_atomic_t timed_out;     /* the --timeout is up */
static volatile sig_atomic_t ticking;       /* on a terminal: each tick ends cpu_run (the console looks) */
static struct machine *volatile sig_machine;   /* whose halt_request the handlers set */
static u64 deadline_ns;                     /* --timeout: when it is up (monotonic), 0: no limit */
static double timeout_s;

static u64 mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);   /* async-signal-safe */
    return (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
}

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
    if (sig_machine)
        sig_machine->halt_request = 1;
}

static void on_alarm(int sig)
{
    (void)sig;
    if (deadline_ns) {
        u64 now = mono_ns();
        if (now >= deadline_ns + CON_GRACE_NS) {   /* stuck outside a run: do not hang a CI job */
            static const char msg[] = "creasy: the time limit is up and the console did not stop: exiting\n";
            if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
                /* nothing more to do: exiting all the same */
            }
            _exit(124);
        }
        if (now >= deadline_ns)
            timed_out = 1;
    }
    if ((ticking || timed_out) && sig_machine)
        sig_machine->halt_request = 1;
}

bool con_interrupt_pending(void)
{
    return interrupted;
}

void con_interrupt_clear(void)
{
    interrupted = 0;
}

/* Ctrl-C, the ticks and the time limit. */
static void install_signals(struct console *con)
{
    struct sigaction sa = {.sa_handler = on_sigint};
    sigaction(SIGINT, &sa, NULL);
    sig_machine = con->m;
    ticking = con->interactive;
    if (!ticking && !deadline_ns)
        return;
    struct sigaction al = {.sa_handler = on_alarm, .sa_flags = SA_RESTART};
    sigaction(SIGALRM, &al, NULL);
    long us = ticking ? 50000 : 200000;
    struct itimerval it = {{0, us}, {0, us}};
    setitimer(ITIMER_REAL, &it, NULL);
}

void con_error(struct console *con, const char *fmt, ...)
{
    va_list ap;
    fflush(con->out);   /* keep errors in order with what the console printed */
    if (con->source)
        fprintf(stderr, "%s:%d: ", con->source, con->line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (!con->interactive)
        con->failures++;
}

/* ---- parsing ----------------------------------------------------------------- */

int con_hex(struct console *con, const char *s, u32 *v)
{
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        s += 2;
    if (parse_hex32(s, v) < 0) {
        con_error(con, "'%s' is not a hexadecimal number", s);
        return -1;
    }
    return 0;
}

int con_count(struct console *con, const char *s, u64 *v)
{
    if (parse_u64(s, v) < 0) {
        con_error(con, "'%s' is not a count", s);
        return -1;
    }
    return 0;
}

/* An address: hex, or a symbol of the loaded program, either +hex. */
int con_addr(struct console *con, const char *s, u32 *v)
{
    char name[64];
    const char *plus = strchr(s, '+');
    size_t n = plus ? (size_t)(plus - s) : strlen(s);
    u32 off = 0;
    if (n >= sizeof name) {
        con_error(con, "'%s' is not an address", s);
        return -1;
    }
    memcpy(name, s, n);
    name[n] = 0;
    if (plus && con_hex(con, plus + 1, &off) < 0)
        return -1;
    const struct elf_sym *sym = con->img ? elf_find(con->img, name) : NULL;
    if (sym) {
        *v = (sym->addr + off) & ADDR_MASK;
        return 0;
    }
    u32 base;
    if (parse_hex32(name[0] == '0' && (name[1] == 'x' || name[1] == 'X') ? name + 2 : name, &base) < 0) {
        con_error(con, "'%s' is neither a hexadecimal address nor a symbol", name);
        return -1;
    }
    *v = (base + off) & ADDR_MASK;
    return 0;
}

/* Split a line into words; "..." groups. Returns the count, or -1. */
static int split(struct console *con, char *line, char **argv)
{
    int argc = 0;
    char *p = line;
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        if (!*p || *p == '#')
            break;
        if (argc == CON_MAX_ARGS) {
            con_error(con, "too many words (at most %d)", CON_MAX_ARGS);
            return -1;
        }
        if (*p == '"') {
            argv[argc++] = ++p;
            while (*p && *p != '"')
                p++;
            if (!*p) {
                con_error(con, "unterminated quote");
                return -1;
            }
            *p++ = 0;
            continue;
        }
        argv[argc++] = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        if (*p)
            *p++ = 0;
    }
    return argc;
}

static const struct con_cmd *lookup(const char *name)
{
    for (const struct con_cmd *c = con_cmds; c->name; c++)
        if (!strcasecmp(c->name, name) || (c->alias && !strcasecmp(c->alias, name)))
            return c;
    return NULL;
}

/* ---- the guest's console device ------------------------------------------------ */

static void con_guest_output(void *arg, const char *line)
{
    struct console *con = arg;
    size_t n = strlen(line) + 1;
    con->term_line_open = false;   /* the line is done (console_tty.c redraws the prompt below it) */
    if (n >= CON_OUTPUT_KEEP)
        return;
    if (con->output_len + n >= CON_OUTPUT_KEEP) {   /* keep the tail */
        size_t drop = con->output_len + n - CON_OUTPUT_KEEP + 1;
        memmove(con->output, con->output + drop, con->output_len - drop);
        con->output_len -= drop;
    }
    memcpy(con->output + con->output_len, line, n - 1);
    con->output_len += n - 1;
    con->output[con->output_len++] = '\n';
    con->output[con->output_len] = 0;
}

static int type_into_guest(struct console *con, const char *text)
{
    struct device *d = chan_find(con->m, con->typing_dev);
    if (!d || !con3215_is(d)) {
        con_error(con, "no console typewriter at %03X to type into", con->typing_dev);
        return -1;
    }
    if (!con3215_input(con->m, d, text)) {
        con_error(con, "the console's input queue is full");
        return -1;
    }
    if (con->running)   /* it was only waiting: let it take the line */
        con_start(con);
    return 0;
}

/* ---- running ----------------------------------------------------------------------- */

/* Start the machine (or let it go on) until it stops or waits for input,
 * reporting only a real stop: an enabled wait is the machine idling. */
void con_start(struct console *con)
{
    con->starting = true;
    enum stop s = con_run(con, CON_GO_FOREVER);
    con->starting = false;
    if (s != STOP_IDLE)
        con_report_stop(con, s);
}

/* The limits: true (once said) when the session must end. */
static bool limits_hit(struct console *con)
{
    if (con->limit_hit)
        return true;
    if (timed_out) {
        fflush(con->out);
        fprintf(stderr, "creasy: the time limit (--timeout %g) is up\n", timeout_s);
    } else if (con->max_insns && cpu_work(con->m) >= con->max_insns) {
        fflush(con->out);
        fprintf(stderr, "creasy: the instruction limit (--max-instructions %llu) is reached\n",
                (unsigned long long)con->max_insns);
    } else {
        return false;
    }
    con->limit_hit = true;
    con->failures++;
    return true;
}

/* Run until the budget is spent, the machine stops, Ctrl-C, a limit, or
 * the wall clock passes `until_ns` (0: never). STOP_LIMIT with *budget
 * left: only the stretch ended. Ctrl-C and the limits give STOP_HALT. */
static enum stop run_stretch(struct console *con, u64 *budget, u64 until_ns)
{
    struct machine *m = con->m;
    enum stop s = STOP_LIMIT;
    while (*budget) {
        if (interrupted || limits_hit(con))
            return STOP_HALT;
        u64 slice = *budget < CON_SLICE ? *budget : CON_SLICE;
        if (con->max_insns && slice > con->max_insns - cpu_work(m))
            slice = con->max_insns - cpu_work(m);
        u64 before = cpu_work(m);
        s = cpu_run(m, slice);
        u64 ran = cpu_work(m) - before;
        *budget = ran >= *budget ? 0 : *budget - ran;
        if (s == STOP_HALT && !interrupted && !timed_out)
            s = STOP_LIMIT;   /* a tick: the console looks at the keyboard */
        if (s == STOP_HALT && !interrupted)
            limits_hit(con);
        if (s != STOP_LIMIT)
            return s;
        if (until_ns && mono_ns() >= until_ns && *budget)
            return STOP_LIMIT;
    }
    return s;
}

static void finish_run(struct console *con, enum stop s)
{
    con->last_stop = s;
    con->running = s == STOP_IDLE;   /* only waiting: input or I/O will wake it */
    con_refresh_breaks(con->m);      /* one-shot breakpoints may have gone */
}

/* Run up to `budget` instructions in slices, watching for Ctrl-C and the
 * limits. On a terminal, a run that lasts goes on in the background: it
 * returns STOP_LIMIT, and con_run_on() carries on and reports its stop. A
 * command's run takes over from a background one. */
enum stop con_run(struct console *con, u64 budget)
{
    con->background = false;
    enum stop s = run_stretch(con, &budget, con->interactive ? mono_ns() + CON_DETACH_NS : 0);
    if (s == STOP_LIMIT && budget) {   /* only a terminal's stretches end early */
        con->background = true;
        con->bg_budget = budget;
        con->bg_quiet_idle = con->starting;
        if (!con->detach_told)
            fprintf(con->out, "(the CPU runs on while the console takes commands; Ctrl-C stops it)\n");
        con->detach_told = true;
    }
    finish_run(con, s);
    return s;
}

/* The background run goes on for a stretch; when it ends, its stop is
 * reported as the command that started it would have (con_start's run
 * says nothing of an enabled wait). */
void con_run_on(struct console *con)
{
    if (!con->background)
        return;
    enum stop s = run_stretch(con, &con->bg_budget, mono_ns() + CON_STRETCH_NS);
    if (s == STOP_LIMIT && con->bg_budget)
        return;
    con->background = false;
    finish_run(con, s);
    if (s == STOP_HALT)
        interrupted = 0;   /* the Ctrl-C that stopped it is spent */
    if (s == STOP_IDLE && con->bg_quiet_idle)
        return;
    con_tty_hide(con);
    con_report_stop(con, s);
    if (s == STOP_LIMIT)   /* the count given to go is done */
        con_show_psw(con);
    fflush(con->out);
}

static int con_execute(struct console *con, char *line)
{
    char *argv[CON_MAX_ARGS];
    while (isspace((unsigned char)*line))
        line++;
    if (line[0] == '.')
        return type_into_guest(con, line + 1);
    int argc = split(con, line, argv);
    if (argc <= 0)
        return argc;
    const struct con_cmd *c = lookup(argv[0]);
    if (!c) {
        con_error(con, "unknown command '%s' (try 'help')", argv[0]);
        return -1;
    }
    if (c->fn == con_cmd_load || c->fn == con_cmd_reset)
        con->background = false;   /* the old run must not go on in the new state */
    return c->fn(con, argc, argv);
}

/* ---- the loop ------------------------------------------------------------------------------ */

void con_prompt(struct console *con, char *buf, size_t n)
{
    if (con->typing_dev == 0x009) {
        snprintf(buf, n, "creasy> ");
        return;
    }
    char name[CON_PROMPT_MAX - 16];   /* a user, or a path five levels deep */
    con_typing_name(con, name, sizeof name);
    snprintf(buf, n, "creasy [.%s]> ", name);
}

int con_do_line(struct console *con, char *line)
{
    char first[8] = "";
    con->line++;
    interrupted = 0;   /* a Ctrl-C before this command was for an earlier one */
    sscanf(line, " %7s", first);
    if (!strcasecmp(first, "quit") || !strcasecmp(first, "exit"))
        return 1;
    if (con->transcript && first[0] && first[0] != '#') {
        char prompt[CON_PROMPT_MAX];
        con_prompt(con, prompt, sizeof prompt);
        fprintf(con->out, "%s%s\n", prompt, line);
    }
    con_execute(con, line);
    fflush(con->out);
    return 0;
}

/* A script, or commands from a pipe: to the end, `quit`, Ctrl-C or a limit. */
static int console_loop(struct console *con, FILE *in)
{
    char *buf = NULL;
    size_t cap = 0;
    ssize_t n;
    while (!con->limit_hit && (n = getline(&buf, &cap, in)) >= 0) {
        if (n && buf[n - 1] == '\n')
            buf[n - 1] = 0;
        if (con_do_line(con, buf))
            break;
        if (interrupted) {
            fprintf(stderr, "creasy: interrupted (Ctrl-C): the rest of the script is not run\n");
            con->failures++;
            break;
        }
    }
    free(buf);
    return con->failures ? 1 : 0;
}

static int usage(FILE *f, int status)
{
    fprintf(f,
            "usage: creasy [--system cp|cms | --config FILE] [SESSION OPTIONS]\n"
            "           the operator console on a system: the default, cp (CP with an operator\n"
            "           and three CMS users), cms (CMS on the bare machine), or the one FILE\n"
            "           describes (YAML: storage, devices, ipl; see docs/config.md); its IPL\n"
            "           device is IPLed and started\n"
            "       creasy --show-system cp|cms\n"
            "           print that system's configuration (paths are beside the creasy executable)\n"
            "       creasy [--mem SIZE | --config FILE] [SESSION OPTIONS] PROGRAM.elf\n"
            "           PROGRAM.elf loaded into a bare machine of SIZE (16M) with a console\n"
            "           at 009, or into the configured system (no IPL then)\n"
            "       creasy run IMAGE.elf [options]            (creasy run --help)\n"
            "       creasy disk SUBCOMMAND IMAGE ...          (creasy disk)\n"
            "       creasy directory compile|show ...         (creasy directory)\n"
            "session options:\n"
            "  --script FILE          run the commands in FILE without a terminal\n"
            "  --transcript           with --script, show it as a terminal shows the session\n"
            "  --max-instructions N   end the session (exit 1) when the machine has run N instructions\n"
            "  --timeout SECONDS      end the session (exit 1) after SECONDS of wall-clock time\n"
            "  --wall-clock           the machine's clocks follow the host's (default: virtual time)\n");
    return status;
}

/* The machine: the configuration's (or the default's), or for a program
 * without one, a bare machine of `mem` bytes with a console at 009. */
static struct machine *make_machine(struct console *con, const char *config, const char *system, const char *program,
                                    u32 mem)
{
    char err[1024];
    struct machine *m;
    if (config || system || !program) {
        m = config ? config_load(config, &con->cfg, err, sizeof err)
                   : config_load_system(system ? system : "cp", &con->cfg, err, sizeof err);
        if (!m)
            fprintf(stderr, "creasy: %s\n", err);
        return m;
    }
    con->cfg.ipl = -1;
    con->cfg.storage = mem;
    if (!(m = machine_new(mem))) {
        fprintf(stderr, "creasy: cannot allocate %u bytes of storage\n", mem);
        return NULL;
    }
    struct dev_options tty = {0};
    struct device *d = config_make_device("3215", 0x009, &tty, &con->cfg, err, sizeof err);
    if (!d) {
        fprintf(stderr, "creasy: %s\n", err);
        machine_free(m);
        return NULL;
    }
    chan_attach(m, d);
    return m;
}

/* IPL the configured device and start the CPU. */
static void initial_ipl(struct console *con, const char *config)
{
    char err[256];
    u16 dev = (u16)con->cfg.ipl;
    if (chan_ipl(con->m, dev, err, sizeof err) < 0) {
        fflush(con->out);
        fprintf(stderr, "creasy: %s: %s\n", config ? config : CONFIG_DEFAULT_NAME, err);
        return;
    }
    if (con->interactive)
        fprintf(con->out, "IPL from %03X; the CPU is started. Lines starting with '.' go to the console "
                          "typewriter at 009; 'console USER' (under CP) or 'console DEVICE' sends them elsewhere; "
                          "other lines are console commands ('help').\n", dev);
    con_start(con);
}

/* The command line into the session's settings: -1 to go on, else the exit status. */
struct con_args {
    const char *script, *program, *config, *system;
    u32 mem;
    u64 max_insns;
    bool wall, mem_given, transcript;
};

static int parse_args(int argc, char **argv, struct con_args *a)
{
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(argv[i], "--script") && v)
            a->script = argv[++i];
        else if (!strcmp(argv[i], "--config") && v)
            a->config = argv[++i];
        else if (!strcmp(argv[i], "--system") && v)
            a->system = argv[++i];
        else if (!strcmp(argv[i], "--show-system") && v) {   /* the YAML, to start one's own from */
            const char *text = config_system_text(argv[++i]);
            if (!text) {
                fprintf(stderr, "creasy: no system '%s': cp or cms\n", argv[i]);
                return 2;
            }
            fputs(text, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--mem") && v) {
            a->mem_given = true;
            if (parse_size(argv[++i], &a->mem) < 0) {
                fprintf(stderr, "creasy: --mem wants a size such as 16M (64K to 2G)\n");
                return 2;
            }
        } else if (!strcmp(argv[i], "--max-instructions") && v) {
            if (parse_u64(argv[++i], &a->max_insns) < 0 || !a->max_insns) {
                fprintf(stderr, "creasy: --max-instructions wants a positive number\n");
                return 2;
            }
        } else if (!strcmp(argv[i], "--timeout") && v) {
            char *e;
            timeout_s = strtod(argv[++i], &e);
            if (e == argv[i] || *e || !(timeout_s > 0 && timeout_s < 1e7)) {
                fprintf(stderr, "creasy: --timeout wants a number of seconds\n");
                return 2;
            }
        } else if (!strcmp(argv[i], "--transcript"))
            a->transcript = true;
        else if (!strcmp(argv[i], "--wall-clock"))
            a->wall = true;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return usage(stdout, 0);
        else if (argv[i][0] == '-' || a->program)
            return usage(stderr, 2);
        else
            a->program = argv[i];
    }
    if (a->config && a->system) {
        fprintf(stderr, "creasy: --config and --system both say which system: give one\n");
        return 2;
    }
    if (a->mem_given && (a->config || a->system || !a->program)) {
        fprintf(stderr, "creasy: --mem is for a PROGRAM.elf without --config (a configuration sets 'storage')\n");
        return 2;
    }
    if (a->transcript && !a->script) {
        fprintf(stderr, "creasy: --transcript shows a --script: give one\n");
        return 2;
    }
    return -1;
}

int console_main(int argc, char **argv)
{
    struct con_args a = {.mem = 16u << 20};
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    FILE *in = stdin;
    if (a.script && !(in = fopen(a.script, "r"))) {
        fprintf(stderr, "creasy: %s: %s\n", a.script, strerror(errno));
        return 2;
    }
    if (timeout_s > 0)
        deadline_ns = mono_ns() + (u64)(timeout_s * 1e9);
    struct console con = {0};
    static struct elf_image img;
    con.img = &img;
    con.out = stdout;
    con.interactive = !a.script && isatty(STDIN_FILENO);
    con.transcript = a.transcript;
    con.max_insns = a.max_insns;
    con.source = a.transcript ? NULL : a.script ? a.script : con.interactive ? NULL : "stdin";
    con.cfg.terminal = stdout;
    con.cfg.observer = con_guest_output;
    con.cfg.observer_arg = &con;
    con.cfg.tagger = con.interactive ? con_tty_tag : con_terminal_tag;
    con.cfg.tagger_arg = &con;
    /* a transcript shows what was typed; a terminal already did */
    con.cfg.echo_input = !con.interactive && !con.transcript;
    con.typing_dev = 0x009;
    if (!(con.m = make_machine(&con, a.config, a.system, a.program, a.mem))) {
        if (in != stdin)
            fclose(in);
        return 2;
    }
    clock_init(con.m, a.wall);
    install_signals(&con);
    if (con.interactive)
        printf("creasy: a virtualizable S/370-like machine. 'help' lists the commands.\n");
    rc = 0;
    if (a.program) {
        char cmd[4096];
        snprintf(cmd, sizeof cmd, "load \"%s\"", a.program);
        if (con_execute(&con, cmd) < 0 && !con.interactive)
            rc = 2;
    } else if (con.cfg.ipl >= 0) {
        initial_ipl(&con, a.config);
    }
    if (!rc)
        rc = con.interactive ? con_tty_loop(&con) : console_loop(&con, in);
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    sig_machine = NULL;
    if (in != stdin)
        fclose(in);
    machine_free(con.m);
    config_release(&con.cfg);
    return rc;
}
