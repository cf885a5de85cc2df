/* test_directory_tool.c: `creasy directory` (machine/host/directory_cmd.c),
 * called as directory_main() with files in a fresh temporary directory
 * and its stdout and stderr caught (tool_run).
 *
 * The YAML error tests are a table of small directories, each with the
 * line and words its error must have.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "channel.h"
#include "commands.h"
#include "harness.h"
#include "test_directory.h"

/* ---- the harness -------------------------------------------------------------------------- */

struct tool {
    char dir[64];
    char paths[4][512];   /* at()'s results, reused in turn */
    int next_path;
    int status;
    char out[1 << 16], err[1 << 16];
};

static struct tool *tool_new(void)
{
    struct tool *t = calloc(1, sizeof *t);
    cr_assert_not_null(t);
    strcpy(t->dir, "/tmp/creasy-dir-XXXXXX");
    cr_assert_not_null(mkdtemp(t->dir));
    return t;
}

static void tool_free(struct tool *t)
{
    DIR *d = opendir(t->dir);
    struct dirent *e;
    char path[512];
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(path, sizeof path, "%s/%s", t->dir, e->d_name);
            unlink(path);
        }
    if (d)
        closedir(d);
    rmdir(t->dir);
    free(t);
}

/* A path in the test's directory; valid for the next three calls. */
static const char *at(struct tool *t, const char *name)
{
    char *p = t->paths[t->next_path++ % 4];
    snprintf(p, sizeof t->paths[0], "%s/%s", t->dir, name);
    return p;
}

/* Run directory_main on the arguments (NULL-terminated), catching its output. */
static int tool_run(struct tool *t, ...)
{
    char *argv[16];
    int argc = 0;
    va_list ap;
    va_start(ap, t);
    for (const char *a; (a = va_arg(ap, const char *));) {
        cr_assert_lt(argc, 15);
        argv[argc++] = strdup(a);
    }
    va_end(ap);
    argv[argc] = NULL;

    t->status = t_run_tool(directory_main, argc, argv, t->out, sizeof t->out, t->err, sizeof t->err);
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    return t->status;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* ---- compile and show ------------------------------------------------------------------- */

static const char example[] = "# a CP user directory\n"
                              "users:\n"
                              "  - userid: OPERATOR\n"
                              "    class: ABCDEFG\n"
                              "    storage: 1M\n"
                              "    share: 100\n"
                              "    console: {vaddr: 009, terminal: 009}\n"
                              "    autolog: true\n"
                              "  - userid: maint\n"
                              "    storage: 1M\n"
                              "    console: {vaddr: 009}\n"
                              "    mdisks:\n"
                              "      - {vaddr: 190, rdev: 190, start: 0, blocks: 4096, mode: R}\n"
                              "  - userid: ALICE\n"
                              "    class: g\n"
                              "    storage: 2M\n"
                              "    share: 200\n"
                              "    console: {vaddr: 009, terminal: 020}\n"
                              "    spool: {reader: 00C, punch: 00D, printer: 00E}\n"
                              "    mdisks:\n"
                              "      - {vaddr: 191, rdev: 300, start: 0, blocks: 2048, mode: W}\n"
                              "    links:\n"
                              "      - {vaddr: 190, user: MAINT, target: 190, mode: R}\n"
                              "    dedicate:\n"
                              "      - {vaddr: 181, rdev: 580}\n"
                              "    ipl: 190\n"
                              "    ipl_parm: \"Hog 50\"\n"
                              "    autolog: true\n";

Test(directory_tool, compiles_the_example_and_show_prints_it)
{
    struct tool *t = tool_new();
    const char *yaml = at(t, "dir.yaml"), *out = at(t, "USER.DIRECT");
    write_text(yaml, example);
    cr_assert_eq(tool_run(t, "compile", yaml, out, NULL), 0, "%s", t->err);
    cr_assert_str_empty(t->err);
    cr_assert(!exists(at(t, "USER.DIRECT.tmp")), "the temporary file is gone");

    FILE *f = fopen(out, "rb");
    cr_assert_not_null(f);
    uint8_t bytes[1024];
    size_t len = fread(bytes, 1, sizeof bytes, f);
    fclose(f);
    cr_assert_eq(len, DIR_HEADER_SIZE + 3 * DIR_USER_SIZE + 2 * DIR_MDISK_SIZE + DIR_LINK_SIZE + DIR_DEDICATE_SIZE);
    char why[DIR_WHY_SIZE];
    cr_assert_null(dir_check(bytes, (uint32_t)len, why), "%s", why);
    struct dir_user u;
    dir_decode_user(&u, bytes + DIR_HEADER_SIZE + DIR_USER_SIZE);   /* maint */
    uint8_t id[8];
    built_ebc_id("MAINT", id);
    cr_assert_eq(memcmp(u.userid, id, 8), 0, "userids are upper-case EBCDIC");
    cr_assert_eq(u.classes, DIR_CLASS_G, "class G by default");
    cr_assert_eq(u.share, 100, "share 100 by default");
    cr_assert_eq(u.terminal, DIR_NONE);
    cr_assert_eq(u.reader, DIR_NONE);
    cr_assert_eq(u.ipl, DIR_NONE);
    cr_assert_eq(u.flags, 0);
    cr_assert_eq(u.first_mdisk, 0);
    cr_assert_eq(u.nmdisks, 1);
    cr_assert_eq(u.ndedicates, 0);
    for (int i = 0; i < DIR_PARM_LEN; i++)
        cr_assert_eq(u.ipl_parm[i], 0, "no parm: zeros");
    dir_decode_user(&u, bytes + DIR_HEADER_SIZE + 2 * DIR_USER_SIZE);   /* ALICE */
    cr_assert_eq(u.storage, 2u << 20);
    cr_assert_eq(u.share, 200);
    cr_assert_eq(u.classes, DIR_CLASS_G);
    cr_assert_eq(u.flags, DIR_AUTOLOG);
    cr_assert_eq(u.console, 0x009);
    cr_assert_eq(u.terminal, 0x020);
    cr_assert_eq(u.reader, 0x00C);
    cr_assert_eq(u.punch, 0x00D);
    cr_assert_eq(u.printer, 0x00E);
    cr_assert_eq(u.ipl, 0x190);
    cr_assert_eq(u.first_mdisk, 1);
    cr_assert_eq(u.first_link, 0);
    cr_assert_eq(u.nlinks, 1);
    cr_assert_eq(u.first_dedicate, 0);
    cr_assert_eq(u.ndedicates, 1);
    uint8_t parm[DIR_PARM_LEN];
    built_ebc_parm("Hog 50", parm);   /* EBCDIC, not upper-cased, zero padded */
    cr_assert_eq(memcmp(u.ipl_parm, parm, DIR_PARM_LEN), 0);
    cr_assert_eq(memcmp(bytes + DIR_HEADER_SIZE + 2 * DIR_USER_SIZE + 48, parm, DIR_PARM_LEN), 0, "at +48");
    struct dir_link l;
    dir_decode_link(&l, bytes + DIR_HEADER_SIZE + 3 * DIR_USER_SIZE + 2 * DIR_MDISK_SIZE);
    cr_assert_eq(memcmp(l.owner, id, 8), 0);
    cr_assert_eq(l.target_vaddr, 0x190);
    struct dir_dedicate d;
    dir_decode_dedicate(&d, bytes + DIR_HEADER_SIZE + 3 * DIR_USER_SIZE + 2 * DIR_MDISK_SIZE + DIR_LINK_SIZE);
    cr_assert_eq(d.vaddr, 0x181);
    cr_assert_eq(d.rdev, 0x580);

    cr_assert_eq(tool_run(t, "show", out, NULL), 0, "%s", t->err);
    cr_assert(strstr(t->out, "3 users, 2 minidisks, 1 link, 1 dedicated device\n"), "%s", t->out);
    cr_assert(strstr(t->out, "OPERATOR storage 1M   class ABCDEFG  share 100   console 009 terminal 009 reader -   "
                             "punch -   printer -   ipl -   autolog yes\n"),
              "%s", t->out);
    cr_assert(strstr(t->out, "MAINT    storage 1M   class G        share 100   console 009 terminal -   "),
              "%s", t->out);
    cr_assert(strstr(t->out, "ALICE    storage 2M   class G        share 200   console 009 terminal 020 reader 00C "
                             "punch 00D printer 00E ipl 190 autolog yes\n"),
              "%s", t->out);
    cr_assert(strstr(t->out, "autolog no\n  mdisk 190 on 190 start 0 blocks 4096 R\n"), "no parm line: %s", t->out);
    cr_assert(strstr(t->out, "ipl 190 autolog yes\n  ipl parm \"Hog 50\"\n  mdisk 191 on 300 start 0 blocks 2048 W\n"
                             "  link 190 to MAINT 190 R\n  dedicate 181 on 580\n"),
              "%s", t->out);
    tool_free(t);
}

Test(directory_tool, a_read_only_minidisk_may_overlap_a_read_write_one)
{
    struct tool *t = tool_new();
    const char *yaml = at(t, "dir.yaml"), *out = at(t, "out");
    write_text(yaml, "users:\n"
                     "  - userid: A\n"
                     "    storage: 64K\n"
                     "    console: {vaddr: 9}\n"
                     "    mdisks:\n"
                     "      - {vaddr: 191, rdev: 300, start: 0, blocks: 100, mode: W}\n"
                     "  - userid: B\n"
                     "    storage: 2147418112\n"
                     "    console: {vaddr: 9}\n"
                     "    mdisks:\n"
                     "      - {vaddr: 191, rdev: 300, start: 50, blocks: 100, mode: R}\n"
                     "      - {vaddr: 192, rdev: 300, start: 100, blocks: 100, mode: w}\n");
    cr_assert_eq(tool_run(t, "compile", yaml, out, NULL), 0, "%s", t->err);
    cr_assert_eq(tool_run(t, "show", out, NULL), 0, "%s", t->err);
    cr_assert(strstr(t->out, "B        storage 2097088K"), "%s", t->out);
    cr_assert(strstr(t->out, "2 users, 3 minidisks, 0 links\n"), "no dedicated devices, no count: %s", t->out);
    tool_free(t);
}

Test(directory_tool, ipl_parm_and_dedicated_devices)
{
    struct tool *t = tool_new();
    const char *yaml = at(t, "dir.yaml"), *out = at(t, "out");
    /* the longest parm, every printable character kept; an ipl on a
     * dedicated device; dedicate before the device keys and after */
    write_text(yaml, "users:\n"
                     "  - userid: A\n"
                     "    storage: 1M\n"
                     "    dedicate:\n"
                     "      - {vaddr: 00C, rdev: 01C}\n"
                     "      - vaddr: 181\n"
                     "        rdev: 581\n"
                     "    console: {vaddr: 9}\n"
                     "    ipl: 181\n"
                     "    ipl_parm: ' !\"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_'\n"
                     "  - userid: B\n"
                     "    storage: 1M\n"
                     "    console: {vaddr: 9, terminal: 01D}\n"
                     "    ipl: 00C\n"
                     "    ipl_parm: cms\n"
                     "    dedicate:\n"
                     "      - {vaddr: 00C, rdev: 01E}\n");
    cr_assert_eq(tool_run(t, "compile", yaml, out, NULL), 0, "%s", t->err);
    FILE *f = fopen(out, "rb");
    cr_assert_not_null(f);
    uint8_t bytes[1024];
    size_t len = fread(bytes, 1, sizeof bytes, f);
    fclose(f);
    cr_assert_eq(len, DIR_HEADER_SIZE + 2 * DIR_USER_SIZE + 3 * DIR_DEDICATE_SIZE);
    struct dir_user u;
    dir_decode_user(&u, bytes + DIR_HEADER_SIZE);
    cr_assert_eq(u.ipl, 0x181);
    cr_assert_eq(u.first_dedicate, 0);
    cr_assert_eq(u.ndedicates, 2);
    cr_assert_eq(u.ipl_parm[0], 0x40, "a blank");
    cr_assert_eq(u.ipl_parm[DIR_PARM_LEN - 1], ascii_to_ebcdic['_'], "the 64th");
    dir_decode_user(&u, bytes + DIR_HEADER_SIZE + DIR_USER_SIZE);
    cr_assert_eq(u.first_dedicate, 2);
    cr_assert_eq(u.ndedicates, 1);
    const uint8_t cms[4] = {0x83, 0x94, 0xA2, 0};   /* "cms", not upper-cased */
    cr_assert_eq(memcmp(u.ipl_parm, cms, 4), 0);
    cr_assert_eq(tool_run(t, "show", out, NULL), 0, "%s", t->err);
    cr_assert(strstr(t->out, "2 users, 0 minidisks, 0 links, 3 dedicated devices\n"), "%s", t->out);
    cr_assert(strstr(t->out, "\n  ipl parm \" !\\\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_\"\n"
                             "  dedicate 00C on 01C\n  dedicate 181 on 581\nB "),
              "%s", t->out);
    cr_assert(strstr(t->out, "\n  ipl parm \"cms\"\n  dedicate 00C on 01E\n"), "%s", t->out);
    tool_free(t);
}

Test(directory_tool, show_escapes_a_parm_that_is_not_printable)
{
    struct tool *t = tool_new();
    const char *file = at(t, "dir");
    struct built b;
    built_good(&b);
    b.u[2].ipl_parm[1] = 0x05;   /* EBCDIC HT */
    b.u[2].ipl_parm[2] = 0xFF;
    built_encode(&b);
    FILE *f = fopen(file, "wb");
    cr_assert_not_null(f);
    fwrite(b.bytes, 1, b.len, f);
    fclose(f);
    cr_assert_eq(tool_run(t, "show", file, NULL), 0, "%s", t->err);
    cr_assert(strstr(t->out, "\n  ipl parm \"H\\x05\\xFF 50\"\n"), "%s", t->out);
    cr_assert(strstr(t->out, "\n  dedicate 00C on 01C\n"), "BOB's: %s", t->out);
    tool_free(t);
}

/* Small directories that must fail, each at its line. */
static const struct {
    const char *name, *yaml;
    int line;
    const char *want;
} yaml_errors[] = {
    {"syntax", "users:\n  - userid: A\n    storage: [1M\n    console: {vaddr: 9}\n", 4, "flow sequence"},
    {"empty file", "", 1, "a directory is a mapping"},
    {"unknown root key", "users:\n  - {userid: A, storage: 1M, console: {vaddr: 9}}\nsystem: 1\n", 3,
     "unknown key 'system'"},
    {"no users", "# nothing\nusers: []\n", 2, "'users' is a list"},
    {"user not a mapping", "users:\n  - ALICE\n", 2, "a user is a mapping of userid, class"},
    {"unknown user key", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    size: 3\n", 5,
     "unknown key 'size' in a user"},
    {"key twice", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    storage: 2M\n", 5,
     "'storage' given twice (line 3)"},
    {"no userid", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n  - storage: 1M\n"
                  "    console: {vaddr: 9}\n",
     5, "this user has no 'userid'"},
    {"no storage", "users:\n  - userid: A\n    console: {vaddr: 9}\n", 2, "user A has no 'storage'"},
    {"no console", "users:\n  - userid: A\n    storage: 1M\n", 2, "user A has no 'console'"},
    {"console without vaddr", "users:\n  - userid: A\n    storage: 1M\n    console:\n      terminal: 9\n", 5,
     "'console' has no 'vaddr'"},
    {"unknown console key", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9, term: 9}\n", 4,
     "unknown key 'term' in 'console'"},
    {"userid starts with a digit", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n"
                                   "  - userid: 1ABC\n    storage: 1M\n    console: {vaddr: 9}\n",
     5, "'1ABC' is not a userid"},
    {"userid too long", "users:\n  - userid: ABCDEFGHI\n    storage: 1M\n    console: {vaddr: 9}\n", 2,
     "'ABCDEFGHI' is not a userid"},
    {"userid bad character", "users:\n  - userid: AL-CE\n    storage: 1M\n    console: {vaddr: 9}\n", 2,
     "not a userid"},
    {"duplicate userid", "users:\n  - userid: ALICE\n    storage: 1M\n    console: {vaddr: 9}\n"
                         "  - userid: alice\n    storage: 1M\n    console: {vaddr: 9}\n",
     5, "user ALICE is already defined on line 2"},
    {"storage not 64K", "users:\n  - userid: A\n    storage: 1000K\n    console: {vaddr: 9}\n", 3,
     "'storage: 1000K' is not a multiple of 64K"},
    {"storage 2G", "users:\n  - userid: A\n    storage: 2G\n    console: {vaddr: 9}\n", 3, "'storage: 2G'"},
    {"storage 32K", "users:\n  - userid: A\n    storage: 32K\n    console: {vaddr: 9}\n", 3, "'storage: 32K'"},
    {"share 0", "users:\n  - userid: A\n    storage: 1M\n    share: 0\n    console: {vaddr: 9}\n", 4,
     "'share: 0' is not a number from 1 to 10000"},
    {"share too big", "users:\n  - userid: A\n    storage: 1M\n    share: 10001\n    console: {vaddr: 9}\n", 4,
     "'share: 10001'"},
    {"class Z", "users:\n  - userid: A\n    class: GZ\n    storage: 1M\n    console: {vaddr: 9}\n", 3,
     "'class: GZ' is not privilege classes"},
    {"class empty", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    class: \"\"\n", 5,
     "'class' wants a single value"},
    {"userid a list", "users:\n  - userid: [A]\n    storage: 1M\n    console: {vaddr: 9}\n", 2,
     "'userid' wants a single value"},
    {"console not a mapping", "users:\n  - userid: A\n    storage: 1M\n    console: 009\n", 4,
     "'console' is a mapping of vaddr, terminal"},
    {"autolog yes", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    autolog: yes\n", 5,
     "'autolog' wants true or false"},
    {"address too big", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 1000}\n", 4,
     "'vaddr: 1000' is not a device address"},
    {"address not hex", "users:\n  - userid: A\n    storage: 1M\n    console:\n      vaddr: 009\n"
                        "      terminal: XYZ\n",
     6, "'terminal: XYZ' is not a device address"},
    {"address twice", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    spool:\n"
                      "      reader: 00C\n      punch: 009\n",
     7, "device 009 is already used by this user (line 4)"},
    {"minidisk and link at one address",
     "users:\n  - userid: M\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
     "      - {vaddr: 190, rdev: 190, start: 0, blocks: 10, mode: R}\n"
     "  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
     "      - {vaddr: 191, rdev: 191, start: 0, blocks: 10, mode: W}\n    links:\n"
     "      - {vaddr: 191, user: M, target: 190, mode: R}\n",
     13, "device 191 is already used by this user (line 11)"},
    {"terminal shared", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9, terminal: 20}\n"
                        "  - userid: B\n    storage: 1M\n    console:\n      vaddr: 9\n      terminal: 020\n",
     9, "terminal 020 is already user A's (line 4)"},
    {"minidisk without blocks", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
                                "      - {vaddr: 191, rdev: 300, start: 0, mode: W}\n",
     6, "this minidisk has no 'blocks'"},
    {"minidisks not a list", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n"
                             "    mdisks: {vaddr: 191}\n",
     5, "'mdisks' is a list"},
    {"zero blocks", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
                    "      - vaddr: 191\n        rdev: 300\n        start: 0\n        blocks: 0\n        mode: W\n",
     9, "'blocks: 0' is not a number from 1"},
    {"extent past 2^32", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
                         "      - vaddr: 191\n        rdev: 300\n        start: 4294967295\n        blocks: 2\n"
                         "        mode: W\n",
     9, "minidisk 191 ends past block 2^32"},
    {"mode RW", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
                "      - vaddr: 191\n        rdev: 300\n        start: 0\n        blocks: 2\n        mode: RW\n",
     10, "'mode: RW' is not R (read-only), W (read-write) or MW (multi-write)"},
    {"link to no user", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    links:\n"
                        "      - vaddr: 190\n        user: MAINT\n        target: 190\n        mode: R\n",
     7, "link 190: no user MAINT"},
    {"link to no minidisk",
     "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    links:\n"
     "      - vaddr: 190\n        user: maint\n        target: 191\n        mode: R\n"
     "  - userid: MAINT\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
     "      - {vaddr: 190, rdev: 190, start: 0, blocks: 10, mode: R}\n",
     8, "link 190: user MAINT has no minidisk 191"},
    {"W link to an R minidisk",
     "users:\n  - userid: MAINT\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
     "      - {vaddr: 190, rdev: 190, start: 0, blocks: 10, mode: R}\n"
     "  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    links:\n"
     "      - vaddr: 190\n        user: MAINT\n        target: 190\n        mode: W\n",
     14, "link 190: W link to MAINT's read-only minidisk 190 (line 6)"},
    {"ipl names no device", "users:\n  - userid: A\n    storage: 1M\n    ipl: 190\n    console: {vaddr: 9}\n", 4,
     "'ipl: 190' names none of user A's devices"},
    {"overlapping read-write minidisks",
     "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
     "      - {vaddr: 191, rdev: 300, start: 0, blocks: 100, mode: W}\n"
     "  - userid: B\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
     "      - {vaddr: 190, rdev: 300, start: 100, blocks: 100, mode: W}\n"
     "      - {vaddr: 191, rdev: 300, start: 99, blocks: 1, mode: W}\n",
     12, "read-write minidisk 191 overlaps A's read-write minidisk 191 (line 6) on real device 300"},
    {"ipl_parm without ipl", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    ipl_parm: CMS\n",
     5, "'ipl_parm' without 'ipl'"},
    {"ipl_parm too long", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    ipl: 9\n"
                          "    ipl_parm: PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP\n",
     6, "'ipl_parm' is 65 characters, more than 64"},
    {"ipl_parm with a tab", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    ipl: 9\n"
                            "    ipl_parm: \"a\\tb\"\n",
     6, "'ipl_parm' has a character that is not printable ASCII (column 2)"},
    {"ipl_parm not ASCII", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    ipl: 9\n"
                           "    ipl_parm: \"\xc3\xa9\"\n",
     6, "not printable ASCII (column 1)"},
    {"ipl_parm with a NUL", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    ipl: 9\n"
                            "    ipl_parm: \"ab\\0\"\n",
     6, "not printable ASCII (column 3)"},
    {"ipl_parm empty", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    ipl: 9\n"
                       "    ipl_parm: ''\n",
     6, "'ipl_parm' wants a single value"},
    {"ipl_parm a list", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    ipl: 9\n"
                        "    ipl_parm: [CMS]\n",
     6, "'ipl_parm' wants a single value"},
    {"dedicate not a list", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n"
                            "    dedicate: {vaddr: 181, rdev: 580}\n",
     5, "'dedicate' is a list"},
    {"dedicate without rdev", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n"
                              "      - {vaddr: 181}\n",
     6, "this dedicated device has no 'rdev'"},
    {"unknown dedicate key", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n"
                             "      - {vaddr: 181, rdev: 580, mode: W}\n",
     6, "unknown key 'mode' in a dedicated device (vaddr, rdev)"},
    {"dedicated rdev too big", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n"
                               "      - vaddr: 181\n        rdev: 1000\n",
     7, "'rdev: 1000' is not a device address"},
    {"dedicated vaddr too big", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n"
                                "      - vaddr: 1181\n        rdev: 181\n",
     6, "'vaddr: 1181' is not a device address"},
    {"dedicated at the console's address", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n"
                                           "    dedicate:\n      - {vaddr: 009, rdev: 580}\n",
     6, "device 009 is already used by this user (line 4)"},
    {"minidisk at a dedicated address", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n"
                                        "    dedicate:\n      - {vaddr: 191, rdev: 580}\n    mdisks:\n"
                                        "      - {vaddr: 191, rdev: 300, start: 0, blocks: 10, mode: W}\n",
     8, "device 191 is already used by this user (line 6)"},
    {"two dedicated at one address", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n"
                                     "    dedicate:\n      - {vaddr: 181, rdev: 580}\n"
                                     "      - {vaddr: 181, rdev: 581}\n",
     7, "device 181 is already used by this user (line 6)"},
    {"real device dedicated to two users",
     "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n      - {vaddr: 181, rdev: 580}\n"
     "  - userid: B\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n      - {vaddr: 181, rdev: 580}\n",
     11, "real device 580 is already dedicated to user A (line 6)"},
    {"real device dedicated twice to a user",
     "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n      - {vaddr: 181, rdev: 580}\n"
     "      - vaddr: 182\n        rdev: 580\n",
     8, "real device 580 is already dedicated to user A (line 6)"},
    {"dedicating another's minidisk's real device",
     "users:\n  - userid: MAINT\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
     "      - {vaddr: 190, rdev: 190, start: 0, blocks: 10, mode: R}\n"
     "  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n      - {vaddr: 190, rdev: 190}\n",
     11, "real device 190 holds user MAINT's minidisk 190 (line 6)"},
    {"dedicating one's own minidisk's real device",
     "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
     "      - {vaddr: 191, rdev: 300, start: 0, blocks: 10, mode: W}\n    dedicate:\n      - {vaddr: 181, rdev: 300}\n",
     8, "real device 300 holds user A's minidisk 191 (line 6)"},
    {"a minidisk on a dedicated device",
     "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n      - {vaddr: 181, rdev: 300}\n"
     "  - userid: B\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
     "      - vaddr: 191\n        rdev: 300\n        start: 0\n        blocks: 10\n        mode: W\n",
     12, "minidisk 191: real device 300 is dedicated to user A (line 6)"},
    {"dedicating another's terminal",
     "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9, terminal: 20}\n"
     "  - userid: B\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n      - {vaddr: 181, rdev: 020}\n",
     9, "real device 020 is user A's terminal (line 4)"},
    {"dedicating one's own terminal",
     "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9, terminal: 20}\n    dedicate:\n"
     "      - {vaddr: 181, rdev: 20}\n",
     6, "real device 020 is user A's terminal (line 4)"},
    {"a terminal that is dedicated",
     "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    dedicate:\n      - {vaddr: 181, rdev: 020}\n"
     "  - userid: B\n    storage: 1M\n    console: {vaddr: 9, terminal: 020}\n",
     9, "terminal 020 is dedicated to user A (line 6)"},
    {"terminals not a list", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    terminals: 20\n", 5,
     "'terminals' is a list"},
    {"terminal without vaddr", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    terminals:\n"
                               "      - {terminal: 30}\n",
     6, "this terminal has no 'vaddr'"},
    {"unknown terminal key", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    terminals:\n"
                             "      - {vaddr: 20, rdev: 30}\n",
     6, "unknown key 'rdev' in a terminal (vaddr, terminal)"},
    {"terminal at the console's address", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n"
                                          "    terminals:\n      - {vaddr: 9}\n",
     6, "device 009 is already used by this user (line 4)"},
    {"a terminal's real terminal twice", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n"
                                         "    terminals:\n      - {vaddr: 20, terminal: 30}\n"
                                         "      - {vaddr: 21, terminal: 30}\n",
     7, "terminal 030 is already user A's (line 6)"},
    {"a terminal on another's console's", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9, terminal: 30}\n"
                                          "  - userid: B\n    storage: 1M\n    console: {vaddr: 9}\n"
                                          "    terminals:\n      - {vaddr: 20, terminal: 30}\n",
     9, "terminal 030 is already user A's (line 4)"},
    {"a console on another's terminal's", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n"
                                          "    terminals:\n      - {vaddr: 20, terminal: 30}\n"
                                          "  - userid: B\n    storage: 1M\n    console: {vaddr: 9, terminal: 30}\n",
     9, "terminal 030 is already user A's (line 6)"},
    {"a terminal beside the console that is dedicated", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n"
                                     "    dedicate:\n      - {vaddr: 181, rdev: 30}\n"
                                     "    terminals:\n      - {vaddr: 20, terminal: 30}\n",
     8, "terminal 030 is dedicated to user A (line 6)"},
    {"dedicating a terminal's", "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n"
                                "    terminals:\n      - {vaddr: 20, terminal: 30}\n"
                                "  - userid: B\n    storage: 1M\n    console: {vaddr: 9}\n"
                                "    dedicate:\n      - {vaddr: 181, rdev: 30}\n",
     11, "real device 030 is user A's terminal (line 6)"},
    {"one's own terminal, dedicated before",
     "users:\n  - userid: A\n    storage: 1M\n    dedicate:\n      - {vaddr: 181, rdev: 020}\n"
     "    console:\n      vaddr: 9\n      terminal: 020\n",
     8, "terminal 020 is dedicated to user A (line 5)"},
};

Test(directory_tool, yaml_errors_name_file_and_line_and_write_nothing)
{
    for (size_t i = 0; i < sizeof yaml_errors / sizeof *yaml_errors; i++) {
        struct tool *t = tool_new();
        const char *yaml = at(t, "bad.yaml"), *out = at(t, "out");
        char where[600];
        write_text(yaml, yaml_errors[i].yaml);
        cr_assert_eq(tool_run(t, "compile", yaml, out, NULL), 1, "%s: status %d", yaml_errors[i].name, t->status);
        snprintf(where, sizeof where, "creasy directory: %s:%d: ", yaml, yaml_errors[i].line);
        cr_assert(strstr(t->err, where), "%s: wanted line %d: %s", yaml_errors[i].name, yaml_errors[i].line, t->err);
        cr_assert(strstr(t->err, yaml_errors[i].want), "%s: wanted '%s': %s", yaml_errors[i].name,
                  yaml_errors[i].want, t->err);
        cr_assert(!exists(out), "%s: left an OUT file", yaml_errors[i].name);
        cr_assert(!exists(at(t, "out.tmp")), "%s: left a temporary file", yaml_errors[i].name);
        tool_free(t);
    }
}

/* n users, or one user with n minidisks, or with n links (to MAINT 190),
 * or with n dedicated devices. */
static char *many(const char *what, int n)
{
    size_t cap = 100 + (size_t)n * 120, len = 0;
    char *s = malloc(cap);
    cr_assert_not_null(s);
    len += (size_t)snprintf(s + len, cap - len,
                            "users:\n  - userid: MAINT\n    storage: 1M\n    console: {vaddr: 9}\n    mdisks:\n"
                            "      - {vaddr: 190, rdev: 190, start: 0, blocks: 10, mode: R}\n");
    if (!strcmp(what, "users")) {
        for (int i = 1; i < n; i++)
            len += (size_t)snprintf(s + len, cap - len, "  - {userid: U%d, storage: 64K, console: {vaddr: 9}}\n", i);
        return s;
    }
    len += (size_t)snprintf(s + len, cap - len, "  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n    %s:\n",
                            what);
    for (int i = 0; i < n; i++)
        if (!strcmp(what, "mdisks"))
            len += (size_t)snprintf(s + len, cap - len,
                                    "      - {vaddr: %X, rdev: 300, start: %d, blocks: 1, mode: W}\n", 0x200 + i, i);
        else if (!strcmp(what, "dedicate"))
            len += (size_t)snprintf(s + len, cap - len, "      - {vaddr: %X, rdev: %X}\n", 0x200 + i, 0x400 + i);
        else
            len += (size_t)snprintf(s + len, cap - len, "      - {vaddr: %X, user: MAINT, target: 190, mode: R}\n",
                                    0x200 + i);
    return s;
}

Test(directory_tool, terminals_beside_the_console)
{
    struct tool *t = tool_new();
    const char *yaml = at(t, "dir.yaml"), *out = at(t, "out");
    write_text(yaml, "users:\n  - userid: OPERATOR\n    storage: 1M\n    console: {vaddr: 009, terminal: 009}\n"
                     "  - userid: CPL1\n    storage: 4M\n    console: {vaddr: 009, terminal: 020}\n"
                     "    terminals:\n      - {vaddr: 020, terminal: 030}\n      - {vaddr: 021}\n");
    cr_assert_eq(tool_run(t, "compile", yaml, out, NULL), 0, "%s", t->err);
    FILE *f = fopen(out, "rb");
    cr_assert_not_null(f);
    uint8_t bytes[1024];
    size_t len = fread(bytes, 1, sizeof bytes, f);
    fclose(f);
    cr_assert_eq(len, DIR_HEADER_SIZE + 2 * DIR_USER_SIZE + 2 * DIR_TERMINAL_SIZE);
    struct dir_header h;
    dir_decode_header(&h, bytes);
    cr_assert_eq(h.version, DIR_VERSION);
    cr_assert_eq(h.nterminals, 2);
    struct dir_user u;
    dir_decode_user(&u, bytes + DIR_HEADER_SIZE + DIR_USER_SIZE);
    cr_assert_eq(u.first_terminal, 0);
    cr_assert_eq(u.nterminals, 2);
    struct dir_terminal e;
    dir_decode_terminal(&e, bytes + DIR_HEADER_SIZE + 2 * DIR_USER_SIZE + DIR_TERMINAL_SIZE);
    cr_assert_eq(e.vaddr, 0x021);
    cr_assert_eq(e.rdev, DIR_NONE, "no terminal: disconnected");
    cr_assert_eq(tool_run(t, "show", out, NULL), 0, "%s", t->err);
    cr_assert(strstr(t->out, "2 users, 0 minidisks, 0 links, 2 terminals\n"), "%s", t->out);
    cr_assert(strstr(t->out, "CPL1     storage 4M   class G        share 100   console 009 terminal 020 reader -   "
                             "punch -   printer -   ipl -   autolog no\n  terminal 020 on 030\n  terminal 021 on -\n"),
              "%s", t->out);
    tool_free(t);
}

/* 17 terminals for one user, or 65 in all: too many */
Test(directory_tool, too_many_terminals)
{
    struct tool *t = tool_new();
    const char *yaml = at(t, "dir.yaml"), *out = at(t, "out");
    char text[16384];
    size_t n = 0;
    n += (size_t)snprintf(text + n, sizeof text - n, "users:\n  - userid: A\n    storage: 1M\n    console: {vaddr: 9}\n"
                                                     "    terminals:\n");
    for (int i = 0; i < DIR_MAX_USER_TERMINALS + 1; i++)   /* line 6 + i */
        n += (size_t)snprintf(text + n, sizeof text - n, "      - {vaddr: %X}\n", 0x100 + i);
    write_text(yaml, text);
    cr_assert_eq(tool_run(t, "compile", yaml, out, NULL), 1);
    cr_assert(strstr(t->err, ":22: more than 16 terminals for one user"), "%s", t->err);
    n = (size_t)snprintf(text, sizeof text, "users:\n");
    for (int u = 0; u < 5; u++) {   /* 4 users of 16: the most; a fifth's first is one too many */
        n += (size_t)snprintf(text + n, sizeof text - n, "  - userid: U%d\n    storage: 64K\n    console: {vaddr: 9}\n"
                                                         "    terminals:\n", u);
        for (int i = 0; i < (u < 4 ? 16 : 1); i++)
            n += (size_t)snprintf(text + n, sizeof text - n, "      - {vaddr: %X, terminal: %X}\n", 0x100 + i,
                                  0x200 + 16 * u + i);
    }
    write_text(yaml, text);
    cr_assert_eq(tool_run(t, "compile", yaml, out, NULL), 1);
    cr_assert(strstr(t->err, ":86: more than 64 terminals in all"), "%s", t->err);
    tool_free(t);
}

Test(directory_tool, too_many_users_minidisks_links_dedicated_devices)
{
    struct {
        const char *what;
        int most, line0;   /* the most allowed; item i of them is on line line0 + i */
        const char *want;
    } cases[] = {
        {"users", DIR_MAX_USERS, 6, "more than 256 users"},   /* MAINT is user 0, on line 2 */
        {"mdisks", DIR_MAX_MDISKS - 1, 11, "more than 512 minidisks in all"},   /* MAINT has one */
        {"links", DIR_MAX_LINKS, 11, "more than 512 links in all"},
        {"dedicate", DIR_MAX_DEDICATES, 11, "more than 256 dedicated devices in all"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct tool *t = tool_new();
        const char *yaml = at(t, "big.yaml"), *out = at(t, "out");
        char *text = many(cases[i].what, cases[i].most);
        write_text(yaml, text);
        free(text);
        cr_assert_eq(tool_run(t, "compile", yaml, out, NULL), 0, "%s: the most is fine: %s", cases[i].what, t->err);
        cr_assert_eq(tool_run(t, "show", out, NULL), 0, "%s", t->err);
        unlink(out);
        text = many(cases[i].what, cases[i].most + 1);
        write_text(yaml, text);
        free(text);
        cr_assert_eq(tool_run(t, "compile", yaml, out, NULL), 1, "%s: one more fails", cases[i].what);
        char where[600];
        snprintf(where, sizeof where, "%s:%d: %s", yaml, cases[i].line0 + cases[i].most, cases[i].want);
        cr_assert(strstr(t->err, where), "%s: wanted '%s': %s", cases[i].what, where, t->err);
        cr_assert(!exists(out));
        tool_free(t);
    }
}

Test(directory_tool, a_failed_compile_keeps_the_old_output)
{
    struct tool *t = tool_new();
    const char *yaml = at(t, "dir.yaml"), *out = at(t, "out");
    write_text(out, "old");
    write_text(yaml, "users:\n  - userid: A\n    storage: 1M\n");
    cr_assert_eq(tool_run(t, "compile", yaml, out, NULL), 1);
    FILE *f = fopen(out, "r");
    char buf[8] = {0};
    cr_assert_not_null(f);
    cr_assert_eq(fread(buf, 1, sizeof buf - 1, f), 3);
    fclose(f);
    cr_assert_str_eq(buf, "old");
    tool_free(t);
}

Test(directory_tool, io_errors)
{
    struct tool *t = tool_new();
    const char *yaml = at(t, "dir.yaml"), *missing = at(t, "missing.yaml");
    cr_assert_eq(tool_run(t, "compile", missing, at(t, "out"), NULL), 1);
    cr_assert(strstr(t->err, "missing.yaml: No such file"), "%s", t->err);
    write_text(yaml, example);
    char out[600];
    snprintf(out, sizeof out, "%s/no/such/dir/out", t->dir);
    cr_assert_eq(tool_run(t, "compile", yaml, out, NULL), 1);
    cr_assert(strstr(t->err, "out.tmp: No such file"), "%s", t->err);
    cr_assert_eq(tool_run(t, "show", at(t, "nothing"), NULL), 1);
    cr_assert(strstr(t->err, "nothing: No such file"), "%s", t->err);
    tool_free(t);
}

Test(directory_tool, show_refuses_a_bad_directory)
{
    struct tool *t = tool_new();
    const char *file = at(t, "bad");
    write_text(file, "this is not a directory, but it is long enough for a header");
    cr_assert_eq(tool_run(t, "show", file, NULL), 1);
    char want[600];
    snprintf(want, sizeof want, "creasy directory: %s: not a compiled directory (bad magic)\n", file);
    cr_assert_str_eq(t->err, want);
    cr_assert_str_empty(t->out);

    /* a good directory with a broken link: the reason names the users in ASCII */
    struct built b;
    built_good(&b);
    b.l[0].target_vaddr = 0x191;
    built_encode(&b);
    FILE *f = fopen(file, "wb");
    cr_assert_not_null(f);
    fwrite(b.bytes, 1, b.len, f);
    fclose(f);
    cr_assert_eq(tool_run(t, "show", file, NULL), 1);
    snprintf(want, sizeof want, "creasy directory: %s: user ALICE: link 190 names no minidisk 191 of MAINT\n", file);
    cr_assert_str_eq(t->err, want);
    tool_free(t);
}

Test(directory_tool, bad_usage_exits_2)
{
    struct tool *t = tool_new();
    cr_assert_eq(tool_run(t, NULL), 2);
    cr_assert(strstr(t->err, "usage: creasy directory compile DIR.yaml OUT"), "%s", t->err);
    cr_assert_eq(tool_run(t, "compile", "x.yaml", NULL), 2);
    cr_assert(strstr(t->err, "compile wants DIR.yaml and OUT"), "%s", t->err);
    cr_assert_eq(tool_run(t, "compile", "a", "b", "c", NULL), 2);
    cr_assert_eq(tool_run(t, "show", NULL), 2);
    cr_assert_eq(tool_run(t, "show", "a", "b", NULL), 2);
    cr_assert_eq(tool_run(t, "frobnicate", NULL), 2);
    cr_assert(strstr(t->err, "no subcommand 'frobnicate'"), "%s", t->err);
    cr_assert_eq(tool_run(t, "--help", NULL), 0);
    cr_assert(strstr(t->out, "creasy directory show FILE"), "%s", t->out);
    tool_free(t);
}

