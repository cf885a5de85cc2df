/* console.c: the operator console, creasy's REPL.
 *
 * Design note. The console is the machine's operator frame: one line is
 * one command, looked up in the table con_cmds[] (console_cmds.c), which
 * also holds every command's help. Interactive use gets readline (history,
 * completion of commands, mnemonics and symbols); the same commands read
 * from a script or from standard input run without a terminal, report
 * errors as "script:line: reason", and make creasy exit non-zero if any
 * `expect` failed. A bad command never stops the console.
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
 * The machine runs only inside a command (go, step...), in slices, so the
 * console can notice Ctrl-C between slices. The SIGINT handler only sets
 * a flag in this file; the machine itself keeps no globals.
 */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "channel.h"
#include "commands.h"
#include "config.h"
#include "console.h"
#include "dev_3215.h"
#include "options.h"

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
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
    enum stop s = con_run(con, CON_GO_FOREVER);
    if (s != STOP_IDLE)
        con_report_stop(con, s);
}

/* Run up to `budget` instructions in slices, watching for Ctrl-C. */
enum stop con_run(struct console *con, u64 budget)
{
    struct machine *m = con->m;
    enum stop s = STOP_LIMIT;
    interrupted = 0;
    while (budget) {
        u64 slice = budget < 4000000 ? budget : 4000000;
        u64 before = cpu_work(m);
        s = cpu_run(m, slice);
        u64 ran = cpu_work(m) - before;
        budget = ran >= budget ? 0 : budget - ran;
        if (interrupted) {
            s = STOP_HALT;
            break;
        }
        if (s != STOP_LIMIT)
            break;
    }
    con->last_stop = s;
    con->running = s == STOP_IDLE;   /* only waiting: input or I/O will wake it */
    con_refresh_breaks(m);           /* one-shot breakpoints may have gone */
    return s;
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
    return c->fn(con, argc, argv);
}

/* ---- readline completion --------------------------------------------------------------- */

static struct console *completing;

static char *complete_word(const char *text, int state)
{
    static int cmd, mnem, sym;
    size_t n = strlen(text);
    if (!state)
        cmd = mnem = sym = 0;
    while (con_cmds[cmd].name) {
        const char *name = con_cmds[cmd++].name;
        if (!strncasecmp(name, text, n))
            return strdup(name);
    }
    while (mnem < ISA_COUNT) {
        const char *name = isa_defs[mnem++].mnemonic;
        if (!strncasecmp(name, text, n))
            return strdup(name);
    }
    if (completing && completing->img)
        while (sym < completing->img->nsyms) {
            const char *name = completing->img->syms[sym++].name;
            if (!strncmp(name, text, n))
                return strdup(name);
        }
    return NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)start;
    (void)end;
    rl_attempted_completion_over = 1;
    return rl_completion_matches(text, complete_word);
}

/* ---- the loop ------------------------------------------------------------------------------ */

static int console_loop(struct console *con, FILE *in)
{
    char *buf = NULL;
    size_t cap = 0;
    for (;;) {
        char *line;
        if (con->interactive) {
            char prompt[32] = "creasy> ";
            if (con->typing_dev != 0x009) {
                char name[16];
                con_typing_name(con, name, sizeof name);
                snprintf(prompt, sizeof prompt, "creasy [.%s]> ", name);
            }
            line = readline(prompt);
            if (!line)
                break;
            if (*line)
                add_history(line);
        } else {
            ssize_t n = getline(&buf, &cap, in);
            if (n < 0)
                break;
            if (n && buf[n - 1] == '\n')
                buf[n - 1] = 0;
            line = buf;
        }
        con->line++;
        char *dup = con->interactive ? line : NULL;
        bool quit = false;
        char first[8] = "";
        sscanf(line, " %7s", first);
        if (!strcasecmp(first, "quit") || !strcasecmp(first, "exit"))
            quit = true;
        else
            con_execute(con, line);
        free(dup);
        fflush(con->out);
        if (quit)
            break;
    }
    free(buf);
    return con->failures ? 1 : 0;
}

static int usage(void)
{
    fprintf(stderr,
            "usage: creasy [--system cp|cms | --config FILE] [--script FILE] [--wall-clock]\n"
            "           the operator console on a system: the default, cp (CP with an operator\n"
            "           and three CMS users), cms (CMS on the bare machine), or the one FILE\n"
            "           describes (YAML: storage, devices, ipl; see docs/config.md); its IPL\n"
            "           device is IPLed and started\n"
            "       creasy --show-system cp|cms\n"
            "           print that system's configuration (paths are beside the creasy executable)\n"
            "       creasy [--mem SIZE | --config FILE] [--script FILE] [--wall-clock] PROGRAM.elf\n"
            "           PROGRAM.elf loaded into a bare machine of SIZE (16M) with a console\n"
            "           at 009, or into the configured system (no IPL then)\n"
            "       creasy run IMAGE.elf [options]            (creasy run --help)\n"
            "       creasy disk SUBCOMMAND IMAGE ...          (creasy disk)\n"
            "       creasy directory compile|show ...         (creasy directory)\n");
    return 2;
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

int console_main(int argc, char **argv)
{
    const char *script = NULL, *program = NULL, *config = NULL, *system = NULL;
    u32 mem = 16u << 20;
    bool wall = false, mem_given = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--script") && i + 1 < argc)
            script = argv[++i];
        else if (!strcmp(argv[i], "--config") && i + 1 < argc)
            config = argv[++i];
        else if (!strcmp(argv[i], "--system") && i + 1 < argc)
            system = argv[++i];
        else if (!strcmp(argv[i], "--show-system") && i + 1 < argc) {   /* the YAML, to start one's own from */
            const char *text = config_system_text(argv[++i]);
            if (!text) {
                fprintf(stderr, "creasy: no system '%s': cp or cms\n", argv[i]);
                return 2;
            }
            fputs(text, stdout);
            return 0;
        }
        else if (!strcmp(argv[i], "--mem") && i + 1 < argc) {
            mem_given = true;
            if (parse_size(argv[++i], &mem) < 0) {
                fprintf(stderr, "creasy: --mem wants a size such as 16M (64K to 2G)\n");
                return 2;
            }
        } else if (!strcmp(argv[i], "--wall-clock"))
            wall = true;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return usage(), 0;
        else if (argv[i][0] == '-' || program)
            return usage();
        else
            program = argv[i];
    }
    if (config && system) {
        fprintf(stderr, "creasy: --config and --system both say which system: give one\n");
        return 2;
    }
    if (mem_given && (config || system || !program)) {
        fprintf(stderr, "creasy: --mem is for a PROGRAM.elf without --config (a configuration sets 'storage')\n");
        return 2;
    }
    FILE *in = stdin;
    if (script && !(in = fopen(script, "r"))) {
        fprintf(stderr, "creasy: %s: %s\n", script, strerror(errno));
        return 2;
    }
    struct console con = {0};
    static struct elf_image img;
    con.img = &img;
    con.out = stdout;
    con.interactive = !script && isatty(STDIN_FILENO);
    con.source = script ? script : con.interactive ? NULL : "stdin";
    con.cfg.terminal = stdout;
    con.cfg.observer = con_guest_output;
    con.cfg.observer_arg = &con;
    con.cfg.tagger = con_terminal_tag;
    con.cfg.tagger_arg = &con;
    con.cfg.echo_input = !con.interactive;
    con.typing_dev = 0x009;   /* a transcript shows what was typed; a terminal already did */
    if (!(con.m = make_machine(&con, config, system, program, mem))) {
        if (in != stdin)
            fclose(in);
        return 2;
    }
    clock_init(con.m, wall);
    struct sigaction sa = {.sa_handler = on_sigint};
    sigaction(SIGINT, &sa, NULL);
    if (con.interactive) {
        completing = &con;
        rl_attempted_completion_function = complete;
        printf("creasy: a virtualizable S/370-like machine. 'help' lists the commands.\n");
    }
    if (program) {
        char cmd[4096];
        snprintf(cmd, sizeof cmd, "load \"%s\"", program);
        if (con_execute(&con, cmd) < 0 && !con.interactive) {
            machine_free(con.m);
            config_release(&con.cfg);
            if (in != stdin)
                fclose(in);
            return 2;
        }
    } else if (con.cfg.ipl >= 0) {
        initial_ipl(&con, config);
    }
    int rc = console_loop(&con, in);
    if (in != stdin)
        fclose(in);
    machine_free(con.m);
    config_release(&con.cfg);
    return rc;
}
