/* commands.c: the CMS command line: words, the command table, the ready
 * message, and the small commands (HELP, CP, SET).
 *
 * A line is split into blank-separated words, upper-cased (as CMS does),
 * with "(" a word of its own so options read `LISTFILE * * A (LABEL`. The
 * first word is looked up in commands[] (each with its shortest accepted
 * abbreviation, as in CMS: LISTF for LISTFILE); failing that, CMS looks
 * for a program file `NAME MODULE`; failing that, under CP, the line goes
 * to CP (as VM/370's implied CP); otherwise it is unknown, return code -3.
 */
#include "cms.h"

struct command {
    const char *name;
    int min;             /* shortest abbreviation */
    cmd_fn *fn;
};

static int cmd_help(int argc, char **argv);
static int cmd_cp(int argc, char **argv);
static int cmd_set(int argc, char **argv);

static const struct command commands[] = {
    {"ACCESS", 3, cmd_access},     {"COPYFILE", 4, cmd_copyfile}, {"CP", 2, cmd_cp},
    {"ERASE", 5, cmd_erase},       {"FORMAT", 6, cmd_format},     {"HELP", 4, cmd_help},
    {"LISTFILE", 5, cmd_listfile}, {"PRINT", 5, cmd_print},       {"PUNCH", 5, cmd_punch},
    {"QUERY", 1, cmd_query},       {"READCARD", 8, cmd_readcard}, {"RELEASE", 3, cmd_release},
    {"RENAME", 6, cmd_rename},     {"SET", 3, cmd_set},           {"TYPE", 1, cmd_type},
    {NULL, 0, NULL},
};

/* ---- the line ---------------------------------------------------------------------- */

static const char *line_as_typed;   /* the line being executed, for CP (cmd_cp) */

/* The line's words into argv; more than MAX_WORDS: -1. */
static int split(char *line, char **argv)
{
    static char words[MAX_WORDS][TERM_LINE + 1];
    int argc = 0;
    char *p = line;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (argc == MAX_WORDS)
            return -1;
        int n = 0;
        if (*p == '(') {
            words[argc][n++] = *p++;
        } else {
            while (*p && *p != ' ' && *p != '(' && n < TERM_LINE)
                words[argc][n++] = *p++;
        }
        words[argc][n] = 0;
        argv[argc] = str_upper(words[argc]);
        argc++;
    }
    argv[argc] = NULL;
    return argc;
}

static const struct command *lookup(const char *word)
{
    for (const struct command *c = commands; c->name; c++)
        if (str_abbrev(word, c->name, c->min))
            return c;
    return NULL;
}

int cms_execute(char *line)
{
    static char copy[TERM_LINE + 1];
    char *argv[MAX_WORDS + 1];
    u32 n = strlen(line);
    if (n > TERM_LINE)
        n = TERM_LINE;
    memcpy(copy, line, n);
    copy[n] = 0;
    line_as_typed = copy;
    int argc = split(line, argv);
    if (argc == 0)
        return 0;
    if (argc < 0 && !str_abbrev(argv[0], "CP", 2)) {   /* CP takes the line as it is */
        printf("DMSCMD002E TOO MANY WORDS: A COMMAND HAS AT MOST %d\n", MAX_WORDS);
        return CMS_RC_INVALID;
    }
    const struct command *c = lookup(argv[0]);
    if (c)
        return c->fn(argc, argv);
    int rc = program_run(argc, argv);
    if (rc != CMS_RC_UNKNOWN)
        return rc;
    if (cp_present())   /* implied CP: let CP try it */
        return cp_command(copy, strlen(copy));
    printf("UNKNOWN CP/CMS COMMAND\n");
    return CMS_RC_UNKNOWN;
}

void cms_ready(int rc)
{
    if (rc == 0)
        printf("R;\n");
    else if (rc < 0)
        printf("R(-%04d);\n", -rc);
    else
        printf("R(%05d);\n", rc);
}

/* ---- HELP [command] ----------------------------------------------------------------- */

static int cmd_help(int argc, char **argv)
{
    const char *topic = "HELP";
    if (argc > 2) {
        printf("DMSHLP003E INVALID OPTION: HELP [COMMAND]\n");
        return 24;
    }
    if (argc == 2) {
        const struct command *c = lookup(argv[1]);
        topic = c ? c->name : argv[1];
    }
    struct fileid id;
    int slot;
    struct cms_disk *d;
    if (!fileid_parse(&id, topic, "HELPCMS", NULL) || !(d = fileid_locate(&id, &slot))) {
        printf("DMSHLP001E NO HELP FOR %s (THE HELPCMS FILES ARE ON THE S-DISK)\n", topic);
        return CMS_RC_NOTFOUND;
    }
    char *args[] = {"TYPE", (char *)topic, "HELPCMS", NULL};
    return cmd_type(3, args);
}

/* ---- CP command line ----------------------------------------------------------------- */

/* The rest of the line, as typed (every word, however many), goes to CP. */
static int cmd_cp(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    if (!cp_present()) {
        printf("DMSCPX001E CP IS NOT PRESENT: THIS IS THE BARE MACHINE\n");
        return 1;
    }
    const char *p = line_as_typed;
    while (*p == ' ')
        p++;
    while (*p && *p != ' ' && *p != '(')   /* CP, or its abbreviation */
        p++;
    while (*p == ' ')
        p++;
    return cp_command(p, strlen(p));
}

/* ---- SET DIAG ON|OFF ---------------------------------------------------------------------- */

static int cmd_set(int argc, char **argv)
{
    if (argc == 3 && str_eq(argv[1], "DIAG") && (str_eq(argv[2], "ON") || str_eq(argv[2], "OFF"))) {
        cms_use_diag = str_eq(argv[2], "ON");
        return 0;
    }
    printf("DMSSET003E INVALID OPTION: SET DIAG ON|OFF\n");
    return 24;
}
