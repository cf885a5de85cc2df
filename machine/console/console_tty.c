/* console_tty.c: the operator console on a terminal.
 *
 * Design note. readline's callback interface, not readline(): the loop
 * waits on standard input with poll(), so the console never sits inside a
 * read while the machine has work. A run that lasts goes on in the
 * background (console.c's con_run detaches it): the loop then runs it a
 * stretch at a time (con_run_on, about 50 ms) and feeds readline whatever
 * was typed in between, so the operator gets the prompt back at once and
 * can type to another user, look at the machine, or stop it while a guest
 * computes. Ctrl-C stops the background run; with nothing running it drops
 * the line being typed. Output that arrives while the prompt is on the
 * screen (a terminal 3215's line, through con_tty_tag, or a stop report)
 * first clears the prompt line, and the prompt with what was typed so far
 * is drawn again below it after the stretch.
 *
 * History is kept between sessions in $XDG_STATE_HOME/creasy/history
 * (~/.local/state/creasy/history without it), a line appended as it is
 * typed, the last CON_HISTORY_KEEP kept. A history that cannot be read or
 * written is said once, and the console goes on without it.
 *
 * Completion is by position: at the start of a line the command names;
 * after a command what it takes (console: a user or terminal address,
 * step vm and sie and break trap: a user, ipl and cards and devices and
 * break io: a device address, break priv: a mnemonic, break pgm: an
 * interruption's name, load and trace and cards' deck: a file name, an
 * address: a symbol of the loaded program). A line typed to a guest
 * ('.') is the guest's business: nothing is completed there.
 */
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "channel.h"
#include "console.h"
#include "dev_3215.h"
#include "vmtable_view.h"

#define CON_HISTORY_KEEP 1000

static struct console *tty_con;
static bool tty_quit;       /* quit, exit or end of input */
static bool tty_shown;      /* the prompt and the line so far are on the screen */
static bool tty_hidden;     /* ... were cleared for output, to be drawn again */

/* ---- the prompt line and output ----------------------------------------------------- */

void con_tty_hide(struct console *con)
{
    (void)con;
    if (!tty_shown)
        return;
    rl_clear_visible_line();
    fflush(rl_outstream ? rl_outstream : stdout);
    tty_shown = false;
    tty_hidden = true;
}

static void tty_show(struct console *con)
{
    if (!tty_hidden || tty_quit)
        return;
    fflush(con->out);
    if (con->term_line_open) {   /* a guest's line without its carrier return yet */
        fputc('\n', stdout);
        con->term_line_open = false;
    }
    rl_forced_update_display();
    tty_hidden = false;
    tty_shown = true;
}

const char *con_tty_tag(void *arg, u16 addr)
{
    struct console *con = arg;
    con_tty_hide(con);
    con->term_line_open = true;
    return con_terminal_tag(con, addr);
}

/* ---- history ----------------------------------------------------------------------------- */

static char *hist_path;
static bool hist_told;

static void hist_warn(const char *what)
{
    if (hist_told)
        return;
    hist_told = true;
    fprintf(stderr, "creasy: the command history is not kept (%s %s: %s)\n", what, hist_path, strerror(errno));
}

/* mkdir -p for the folders of `path`; errors show when the file is written. */
static void make_parents(char *path)
{
    for (char *p = path + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            mkdir(path, 0700);
            *p = '/';
        }
}

static void hist_open(void)
{
    const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char buf[4096];
    if (state && state[0] == '/')
        snprintf(buf, sizeof buf, "%s/creasy/history", state);
    else if (home && home[0])
        snprintf(buf, sizeof buf, "%s/.local/state/creasy/history", home);
    else
        return;
    hist_path = strdup(buf);
    if (!hist_path)
        return;
    make_parents(hist_path);
    errno = 0;
    int e = read_history(hist_path);
    if (e == ENOENT) {
        errno = write_history(hist_path);   /* create it, so lines can be appended */
        if (errno)
            hist_warn("cannot create");
    } else if (e) {
        errno = e;
        hist_warn("cannot read");
    }
}

static void hist_add(const char *line)
{
    HIST_ENTRY *last = history_length ? history_get(history_base + history_length - 1) : NULL;
    if (!*line || (last && !strcmp(last->line, line)))
        return;
    add_history(line);
    if (hist_path && !hist_told) {
        int e = append_history(1, hist_path);
        if (e) {
            errno = e;
            hist_warn("cannot write");
        }
    }
}

static void hist_close(void)
{
    if (hist_path && !hist_told)
        history_truncate_file(hist_path, CON_HISTORY_KEEP);
    free(hist_path);
    hist_path = NULL;
}

/* ---- completion ---------------------------------------------------------------------------- */

static char **cands;
static int ncands, cand_next;

/* Offer `word` if it starts with `text` (in any case), in the case of the text typed so far. */
static void offer(const char *text, const char *word)
{
    size_t n = strlen(text);
    if (strncasecmp(word, text, n))
        return;
    char **more = realloc(cands, (ncands + 1) * sizeof *cands);
    char *w = strdup(word);
    if (!more || !w) {
        free(w);
        cands = more ? more : cands;
        return;
    }
    cands = more;
    bool lower = !n || islower((unsigned char)text[0]);   /* in the case being typed */
    for (char *p = w; *p; p++)
        *p = lower ? (char)tolower((unsigned char)*p) : (char)toupper((unsigned char)*p);
    cands[ncands++] = w;
}

static void offer_words(const char *text, const char *words)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", words);
    for (char *w = strtok(buf, " "); w; w = strtok(NULL, " "))
        offer(text, w);
}

static void offer_users(const char *text)
{
    struct vmt_view v;
    struct vmt_vm vm;
    if (!vmt_find(tty_con->m, &v))
        return;
    for (u32 i = 0; i < v.nvms; i++)
        if (vmt_entry(tty_con->m, &v, i, &vm))
            offer(text, vm.userid);
}

static void offer_devices(const char *text, bool consoles_only)
{
    char addr[8];
    for (struct device *d = tty_con->m->chan->devs; d; d = d->next)
        if (!consoles_only || con3215_is(d)) {
            snprintf(addr, sizeof addr, "%03X", d->addr);
            offer(text, addr);
        }
}

static void offer_symbols(const char *text)
{
    const struct elf_image *img = tty_con->img;
    size_t n = strlen(text);
    for (int i = 0; img && i < img->nsyms; i++)   /* symbols keep their case */
        if (!strncmp(img->syms[i].name, text, n)) {
            char **more = realloc(cands, (ncands + 1) * sizeof *cands);
            if (!more)
                return;
            cands = more;
            if ((cands[ncands] = strdup(img->syms[i].name)))
                ncands++;
        }
}

static void offer_commands(const char *text)
{
    for (const struct con_cmd *c = con_cmds; c->name; c++)
        offer(text, c->name);
}

/* What argument `argi` of `cmd` takes (prev: the word before it). False:
 * a file name (readline's own completion). */
static bool offer_argument(const char *text, const char *cmd, int argi, const char *prev)
{
    if (!strcasecmp(cmd, "help") || !strcmp(cmd, "?"))
        offer_commands(text);
    else if (!strcasecmp(cmd, "console")) {
        offer_users(text);
        offer_devices(text, true);
    } else if (!strcasecmp(cmd, "sie") || (argi == 2 && !strcasecmp(prev, "vm")) ||
               (argi == 2 && !strcasecmp(prev, "trap")))
        offer_users(text);
    else if (argi == 1 && (!strcasecmp(cmd, "step") || !strcmp(cmd, "s")))
        offer_words(text, "vm");
    else if ((argi == 1 && (!strcasecmp(cmd, "ipl") || !strcasecmp(cmd, "cards") || !strcasecmp(cmd, "devices"))) ||
             (argi == 2 && !strcasecmp(prev, "io")))
        offer_devices(text, false);
    else if (argi == 2 && !strcasecmp(prev, "priv"))
        for (int i = 0; i < ISA_COUNT; i++)
            offer(text, isa_defs[i].mnemonic);
    else if (argi == 2 && !strcasecmp(prev, "pgm"))
        for (int i = 0; i < ISA_PGM_COUNT; i++)
            offer(text, isa_pgms[i].name);
    else if (argi == 1 && (!strcasecmp(cmd, "break") || !strcmp(cmd, "b"))) {
        offer_words(text, "pgm svc priv io ext sie trap");
        offer_symbols(text);
    } else if (!strcasecmp(cmd, "load") || !strcasecmp(cmd, "cards") || !strcasecmp(cmd, "attach") ||
               !strcasecmp(cmd, "trace"))
        return false;
    else if (!strcasecmp(cmd, "profile"))
        offer_words(text, "on off");
    else if (!strcasecmp(cmd, "counters"))
        offer_words(text, "reset");
    else if (!strcasecmp(cmd, "reset"))
        offer_words(text, "clear");
    else if (!strcasecmp(cmd, "delete"))
        offer_words(text, "all");
    else
        offer_symbols(text);   /* an address, most likely */
    return true;
}

static char *next_cand(const char *text, int state)
{
    (void)text;
    if (!state)
        cand_next = 0;
    return cand_next < ncands ? cands[cand_next++] : NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    char cmd[32] = "", prev[32] = "";
    int nwords = 0;
    const char *p = rl_line_buffer;
    while (isspace((unsigned char)*p))
        p++;
    rl_attempted_completion_over = 1;
    if (*p == '.')
        return NULL;   /* typed to a guest */
    while (p < rl_line_buffer + start) {   /* the words before this one */
        size_t n = 0;
        while (p + n < rl_line_buffer + start && *(p + n) && !isspace((unsigned char)p[n]))
            n++;
        if (n)
            snprintf(nwords ? prev : cmd, sizeof cmd, "%.*s", (int)n, p);
        nwords += n > 0;
        p += n;
        while (isspace((unsigned char)*p))
            p++;
    }
    ncands = 0;   /* readline took the last ones */
    if (nwords == 0)
        offer_commands(text);
    else if (!offer_argument(text, cmd, nwords, nwords > 1 ? prev : cmd)) {
        rl_attempted_completion_over = 0;
        return NULL;
    }
    return ncands ? rl_completion_matches(text, next_cand) : NULL;
}

/* ---- the loop ------------------------------------------------------------------------------- */

static void set_prompt(struct console *con)
{
    char prompt[CON_PROMPT_MAX];
    con_prompt(con, prompt, sizeof prompt);
    rl_set_prompt(prompt);
}

static void on_line(char *line)
{
    struct console *con = tty_con;
    tty_shown = false;   /* readline is past the line: output goes below it */
    if (!line) {
        fputc('\n', stdout);
        tty_quit = true;
        return;
    }
    hist_add(line);
    tty_quit = con_do_line(con, line) || con->limit_hit;
    con_interrupt_clear();   /* a Ctrl-C that stopped the command is spent */
    free(line);
    set_prompt(con);
}

/* Ctrl-C: stop the background run, or drop the line being typed. */
static void on_interrupt(struct console *con)
{
    if (con->background) {
        con_run_on(con);   /* it sees Ctrl-C, and reports the stop */
    } else {
        rl_free_line_state();
        rl_callback_sigcleanup();
        rl_replace_line("", 0);
        fputs("^C\n", stdout);
        rl_on_new_line();
        rl_redisplay();
    }
    con_interrupt_clear();
}

/* Input within `timeout_ms` (-1: wait for it). */
static bool input_ready(int timeout_ms)
{
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    return poll(&p, 1, timeout_ms) > 0;
}

int con_tty_loop(struct console *con)
{
    char prompt[CON_PROMPT_MAX];
    tty_con = con;
    hist_open();
    rl_catch_signals = 0;   /* Ctrl-C is the console's (console.c) */
    rl_attempted_completion_function = complete;
    con_prompt(con, prompt, sizeof prompt);
    fflush(con->out);
    rl_callback_handler_install(prompt, on_line);
    tty_shown = true;
    while (!tty_quit && !con->limit_hit) {
        if (con_interrupt_pending()) {
            on_interrupt(con);
            tty_show(con);
            continue;
        }
        if (con->background && !input_ready(0)) {
            con_run_on(con);
            tty_show(con);
            continue;
        }
        if (con->background || input_ready(-1)) {
            rl_callback_read_char();
            tty_shown = !tty_quit;
            tty_show(con);
        }
    }
    rl_callback_handler_remove();
    hist_close();
    return con->failures && con->limit_hit ? 1 : 0;
}
