/* test_disk_tool.c: `creasy disk` (machine/host/disk_cmd.c), called as
 * disk_main() with images and host files in a fresh temporary directory.
 * stdout and stderr are caught for each call (tool_run), so tests check
 * exit status, messages and listings; the image is then read back with
 * fs.c directly where the bytes matter.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "channel.h"
#include "commands.h"
#include "dev_3215.h"
#include "devices.h"
#include "fs.h"
#include "harness.h"

struct tool {
    char dir[64];
    char image[512];      /* the test's image: image_at() */
    char paths[4][512];   /* at()'s results, reused in turn */
    int next_path;
    int status;
    char out[1 << 16], err[1 << 16];
};

static struct tool *tool_new(void)
{
    struct tool *t = calloc(1, sizeof *t);
    cr_assert_not_null(t);
    strcpy(t->dir, "/tmp/creasy-disk-XXXXXX");
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

/* The path of the test's image (one per test), `name` in its directory. */
static const char *image_at(struct tool *t, const char *name)
{
    snprintf(t->image, sizeof t->image, "%s/%s", t->dir, name);
    return t->image;
}

/* A path in the test's directory; valid for the next three calls. */
static const char *at(struct tool *t, const char *name)
{
    char *p = t->paths[t->next_path++ % 4];
    snprintf(p, sizeof t->paths[0], "%s/%s", t->dir, name);
    return p;
}

/* Run disk_main on the arguments (NULL-terminated), catching its output. */
static int tool_run(struct tool *t, ...)
{
    char *argv[32];
    int argc = 0;
    va_list ap;
    va_start(ap, t);
    for (const char *a; (a = va_arg(ap, const char *));) {
        cr_assert_lt(argc, 31);
        argv[argc++] = strdup(a);
    }
    va_end(ap);
    argv[argc] = NULL;

    t->status = t_run_tool(disk_main, argc, argv, t->out, sizeof t->out, t->err, sizeof t->err);
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    return t->status;
}

static void write_host(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "%s", path);
    cr_assert_eq(fwrite(data, 1, n, f), n);
    fclose(f);
}

/* The whole file, NUL-terminated; its size in *n. */
static char *read_host(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    cr_assert_eq(fread(buf, 1, (size_t)size, f), (size_t)size);
    buf[size] = 0;
    fclose(f);
    if (n)
        *n = (size_t)size;
    return buf;
}

static off_t file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) ? -1 : st.st_size;
}

/* An image formatted small (200 blocks, no nucleus area). */
static const char *small_image(struct tool *t)
{
    const char *img = image_at(t, "a.img");
    cr_assert_eq(tool_run(t, "format", img, "--blocks", "200", "--nucleus-blocks", "0", NULL), 0, "%s", t->err);
    return img;
}

/* ---- format and list ------------------------------------------------------------------- */

Test(disk_tool, format_makes_a_default_image_and_list_shows_it)
{
    struct tool *t = tool_new();
    const char *img = image_at(t, "new.img");
    cr_assert_eq(tool_run(t, "format", img, NULL), 0, "%s", t->err);
    cr_assert_eq(file_size(img), 8192 * 512);
    cr_assert_eq(tool_run(t, "list", img, NULL), 0, "%s", t->err);
    cr_assert(strstr(t->out, "LABEL CREASY: 8192 blocks"), "%s", t->out);
    cr_assert(strstr(t->out, "0 used"), "%s", t->out);
    cr_assert(strstr(t->out, "0 files"), "%s", t->out);
    cr_assert_str_empty(t->err);
    tool_free(t);
}

Test(disk_tool, format_keeps_an_existing_size_unless_told)
{
    struct tool *t = tool_new();
    const char *img = image_at(t, "b.img");
    cr_assert_eq(tool_run(t, "format", img, "--blocks", "300", "--nucleus-blocks", "10", "--label", "vol1",
                          NULL), 0, "%s", t->err);
    cr_assert_eq(file_size(img), 300 * 512);
    cr_assert_eq(tool_run(t, "format", img, "--dir-blocks=2", "--nucleus-blocks=0", NULL), 0, "%s", t->err);
    cr_assert_eq(file_size(img), 300 * 512, "kept");
    cr_assert_eq(tool_run(t, "list", img, NULL), 0);
    cr_assert(strstr(t->out, "LABEL CREASY: 300 blocks, 296 for files"), "%s", t->out);
    cr_assert_eq(tool_run(t, "format", img, "--blocks", "400", "--label", "vol1", "--nucleus-blocks", "0", NULL), 0);
    cr_assert_eq(file_size(img), 400 * 512);
    cr_assert_eq(tool_run(t, "list", img, NULL), 0);
    cr_assert(strstr(t->out, "LABEL VOL1: 400 blocks"), "%s", t->out);
    tool_free(t);
}

Test(disk_tool, format_refuses_impossible_geometry_and_creates_nothing)
{
    struct tool *t = tool_new();
    const char *img = image_at(t, "c.img");
    cr_assert_eq(tool_run(t, "format", img, "--blocks", "100", "--nucleus-blocks", "512", NULL), 1,
                 "a 512-block nucleus area does not fit");
    cr_assert(strstr(t->err, "too small"), "%s", t->err);
    cr_assert(strstr(t->err, "--nucleus-blocks"), "%s", t->err);
    cr_assert_eq(file_size(img), -1, "no image left behind");
    cr_assert_eq(tool_run(t, "format", img, "--blocks", "40000", NULL), 1);
    cr_assert(strstr(t->err, "32768"), "%s", t->err);
    cr_assert_eq(tool_run(t, "format", img, "--dir-blocks", "33", NULL), 2);
    cr_assert_eq(tool_run(t, "format", img, "--label", "TOOLONGX", NULL), 2);
    cr_assert_eq(tool_run(t, "format", img, "--label", "a.b", NULL), 2);
    cr_assert_eq(tool_run(t, "format", img, "--blocks", "lots", NULL), 2);
    cr_assert_eq(file_size(img), -1);
    tool_free(t);
}

/* ---- put and get ------------------------------------------------------------------------ */

Test(disk_tool, text_round_trip_drops_trailing_blanks_and_expands_tabs)
{
    struct tool *t = tool_new();
    const char *img = small_image(t);
    const char *text = "hello world   \n\tindented\tx\n\nlower Case 123 $#@\r\nno newline at the end";
    write_host(at(t, "profile.exec"), text, strlen(text));
    cr_assert_eq(tool_run(t, "put", img, at(t, "profile.exec"), NULL), 0, "%s", t->err);
    cr_assert_eq(tool_run(t, "get", img, "profile", "EXEC", at(t, "back.txt"), NULL), 0, "%s", t->err);
    char *got = read_host(at(t, "back.txt"), NULL);
    cr_assert_str_eq(got, "hello world\n        indented        x\n\nlower Case 123 $#@\nno newline at the end\n");
    free(got);
    cr_assert_eq(tool_run(t, "list", img, NULL), 0);
    cr_assert(strstr(t->out, "PROFILE  EXEC     V           25        5        2"), "%s", t->out);
    tool_free(t);
}

Test(disk_tool, text_is_stored_as_ebcdic_records)
{
    struct tool *t = tool_new();
    const char *img = small_image(t);
    write_host(at(t, "x.data"), "AB c\n\n", 6);
    cr_assert_eq(tool_run(t, "put", img, at(t, "x.data"), NULL), 0, "%s", t->err);
    int fd = open(img, O_RDONLY);
    cr_assert_geq(fd, 0);
    uint8_t *data = malloc(200 * 512);
    cr_assert_eq(pread(fd, data, 200 * 512, 0), 200 * 512);
    close(fd);
    const uint8_t *dir = data + FS_DIR_START * 512;
    cr_assert_eq(memcmp(dir, "\xE7\x40\x40\x40\x40\x40\x40\x40" "\xC4\xC1\xE3\xC1\x40\x40\x40\x40", 16), 0,
                 "X DATA in EBCDIC");
    uint32_t index = (uint32_t)dir[36] << 24 | (uint32_t)dir[37] << 16 | (uint32_t)dir[38] << 8 | dir[39];
    const uint8_t *ix = data + (size_t)index * 512;
    uint32_t blk = (uint32_t)ix[8] << 24 | (uint32_t)ix[9] << 16 | (uint32_t)ix[10] << 8 | ix[11];
    cr_assert_eq(memcmp(data + (size_t)blk * 512, "\x00\x04\xC1\xC2\x40\x83\x00\x01\x40", 9), 0,
                 "'AB c' and an empty line as one blank");
    free(data);
    tool_free(t);
}

Test(disk_tool, binary_round_trip_is_exact)
{
    struct tool *t = tool_new();
    const char *img = small_image(t);
    size_t n = 5000;
    uint8_t *bytes = malloc(n);
    for (size_t i = 0; i < n; i++)
        bytes[i] = (uint8_t)(i * 31 + (i >> 7));
    bytes[100] = '\n';
    bytes[101] = ' ';
    bytes[n - 1] = ' ';
    write_host(at(t, "prog.module"), bytes, n);
    cr_assert_eq(tool_run(t, "put", img, at(t, "prog.module"), "--binary", NULL), 0, "%s", t->err);
    cr_assert_eq(tool_run(t, "list", img, NULL), 0);
    cr_assert(strstr(t->out, "PROG     MODULE   V         1024        5"), "%s", t->out);
    cr_assert_eq(tool_run(t, "get", img, "PROG", "MODULE", at(t, "out.bin"), "--binary", NULL), 0, "%s", t->err);
    size_t got_n;
    char *got = read_host(at(t, "out.bin"), &got_n);
    cr_assert_eq(got_n, n);
    cr_assert_eq(memcmp(got, bytes, n), 0);
    free(got);

    write_host(at(t, "empty.bin"), "", 0);
    cr_assert_eq(tool_run(t, "put", img, at(t, "empty.bin"), "--binary", NULL), 0, "%s", t->err);
    cr_assert_eq(tool_run(t, "get", img, "empty", "bin", at(t, "empty.out"), "--binary", NULL), 0);
    cr_assert_eq(file_size(at(t, "empty.out")), 0);

    write_host(at(t, "cards.deck"), bytes, 800);
    cr_assert_eq(tool_run(t, "put", img, at(t, "cards.deck"), "--binary", "--recfm", "F", NULL), 0, "%s", t->err);
    cr_assert_eq(tool_run(t, "list", img, NULL), 0);
    cr_assert(strstr(t->out, "CARDS    DECK     F           80       10"), "%s", t->out);
    write_host(at(t, "ragged.deck"), bytes, 801);
    cr_assert_eq(tool_run(t, "put", img, at(t, "ragged.deck"), "--binary", "--recfm", "F", NULL), 1);
    cr_assert(strstr(t->err, "ragged.deck: its size is not a whole number of 80-byte records"), "%s", t->err);
    free(bytes);
    tool_free(t);
}

Test(disk_tool, get_to_stdout)
{
    struct tool *t = tool_new();
    const char *img = small_image(t);
    write_host(at(t, "a.b"), "one\ntwo\n", 8);
    cr_assert_eq(tool_run(t, "put", img, at(t, "a.b"), NULL), 0);
    cr_assert_eq(tool_run(t, "get", img, "A", "B", "-", NULL), 0);
    cr_assert_str_eq(t->out, "one\ntwo\n");
    cr_assert_eq(tool_run(t, "get", img, "a", "b", NULL), 0);
    cr_assert_str_eq(t->out, "one\ntwo\n");
    tool_free(t);
}

Test(disk_tool, fixed_records_are_padded_and_long_lines_refused_with_file_and_line)
{
    struct tool *t = tool_new();
    const char *img = small_image(t);
    write_host(at(t, "notes.txt"), "short\nexactly ten\n0123456789\n", 29);
    cr_assert_eq(tool_run(t, "put", img, at(t, "notes.txt"), "--recfm", "F", "--lrecl", "10", NULL), 1);
    cr_assert(strstr(t->err, "notes.txt:2: line longer than LRECL 10"), "%s", t->err);
    cr_assert_eq(tool_run(t, "get", img, "NOTES", "TXT", "-", NULL), 1, "nothing was created");
    cr_assert(strstr(t->err, "file not found"), "%s", t->err);
    cr_assert_eq(tool_run(t, "list", img, NULL), 0);
    cr_assert(strstr(t->out, " 0 used"), "the aborted file left nothing: %s", t->out);

    write_host(at(t, "notes.txt"), "short\n\tab\n0123456789\n", 21);
    cr_assert_eq(tool_run(t, "put", img, at(t, "notes.txt"), "--recfm", "F", "--lrecl", "10", NULL), 0, "%s", t->err);
    cr_assert_eq(tool_run(t, "list", img, NULL), 0);
    cr_assert(strstr(t->out, "NOTES    TXT      F           10        3"), "%s", t->out);
    cr_assert_eq(tool_run(t, "get", img, "notes", "txt", NULL), 0);
    cr_assert_str_eq(t->out, "short\n        ab\n0123456789\n");

    write_host(at(t, "wide.txt"), "12345678901\n", 12);
    cr_assert_eq(tool_run(t, "put", img, at(t, "wide.txt"), "WIDE", "TXT", "--recfm", "F", "--lrecl", "80", NULL),
                 0);
    cr_assert_eq(tool_run(t, "put", img, at(t, "wide.txt"), "WIDE", "TXT", "--replace", "--lrecl", "8", NULL), 1);
    cr_assert(strstr(t->err, "wide.txt:1: line longer than LRECL 8"), "%s", t->err);
    cr_assert_eq(tool_run(t, "get", img, "wide", "txt", NULL), 0, "the old one is still there");
    cr_assert_str_eq(t->out, "12345678901\n");
    tool_free(t);
}

Test(disk_tool, line_longer_than_any_record)
{
    struct tool *t = tool_new();
    const char *img = small_image(t);
    size_t n = 70000;
    char *line = malloc(n + 1);
    memset(line, 'x', n);
    memcpy(line, "ok\n", 3);
    line[n] = '\n';
    write_host(at(t, "long.txt"), line, n + 1);
    cr_assert_eq(tool_run(t, "put", img, at(t, "long.txt"), NULL), 1);
    cr_assert(strstr(t->err, "long.txt:2: line longer than 65535"), "%s", t->err);
    free(line);
    tool_free(t);
}

Test(disk_tool, put_does_not_replace_unless_told)
{
    struct tool *t = tool_new();
    const char *img = small_image(t);
    write_host(at(t, "data.file"), "first\n", 6);
    cr_assert_eq(tool_run(t, "put", img, at(t, "data.file"), NULL), 0);
    write_host(at(t, "data.file"), "second\n", 7);
    cr_assert_eq(tool_run(t, "put", img, at(t, "data.file"), NULL), 1);
    cr_assert(strstr(t->err, "DATA FILE already exists"), "%s", t->err);
    cr_assert_eq(tool_run(t, "get", img, "DATA", "FILE", NULL), 0);
    cr_assert_str_eq(t->out, "first\n");
    cr_assert_eq(tool_run(t, "put", img, at(t, "data.file"), "--replace", NULL), 0, "%s", t->err);
    cr_assert_eq(tool_run(t, "get", img, "DATA", "FILE", NULL), 0);
    cr_assert_str_eq(t->out, "second\n");
    cr_assert_eq(tool_run(t, "list", img, NULL), 0);
    cr_assert(strstr(t->out, "1 file\n"), "%s", t->out);
    tool_free(t);
}

Test(disk_tool, put_names_come_from_the_host_file_or_the_command_line)
{
    struct tool *t = tool_new();
    const char *img = small_image(t);
    write_host(at(t, "My-File.Txt"), "x\n", 2);
    cr_assert_eq(tool_run(t, "put", img, at(t, "My-File.Txt"), NULL), 0, "%s", t->err);
    cr_assert_eq(tool_run(t, "get", img, "MY-FILE", "TXT", NULL), 0);
    write_host(at(t, "a.b.c"), "x\n", 2);
    cr_assert_eq(tool_run(t, "put", img, at(t, "a.b.c"), NULL), 2);
    cr_assert(strstr(t->err, "a.b.c"), "%s", t->err);
    write_host(at(t, "noext"), "x\n", 2);
    cr_assert_eq(tool_run(t, "put", img, at(t, "noext"), NULL), 2);
    write_host(at(t, "waytoolongname.c"), "x\n", 2);
    cr_assert_eq(tool_run(t, "put", img, at(t, "waytoolongname.c"), NULL), 2);
    cr_assert_eq(tool_run(t, "put", img, at(t, "noext"), "ok", "name", NULL), 0, "%s", t->err);
    cr_assert_eq(tool_run(t, "put", img, at(t, "noext"), "bad.", "name", NULL), 2);
    cr_assert_eq(tool_run(t, "put", img, at(t, "noext"), "ONLYFN", NULL), 2, "FN without FT");
    cr_assert_eq(tool_run(t, "list", img, NULL), 0);
    cr_assert(strstr(t->out, "MY-FILE  TXT"), "%s", t->out);
    cr_assert(strstr(t->out, "OK       NAME"), "%s", t->out);
    cr_assert(strstr(t->out, "2 files"), "%s", t->out);
    tool_free(t);
}

/* ---- erase, rename ------------------------------------------------------------------------ */

Test(disk_tool, erase_and_rename)
{
    struct tool *t = tool_new();
    const char *img = small_image(t);
    write_host(at(t, "one.txt"), "1\n", 2);
    write_host(at(t, "two.txt"), "2\n", 2);
    cr_assert_eq(tool_run(t, "put", img, at(t, "one.txt"), NULL), 0);
    cr_assert_eq(tool_run(t, "put", img, at(t, "two.txt"), NULL), 0);
    cr_assert_eq(tool_run(t, "rename", img, "one", "txt", "two", "txt", NULL), 1);
    cr_assert(strstr(t->err, "cannot rename ONE TXT to TWO TXT: file already exists"), "%s", t->err);
    cr_assert_eq(tool_run(t, "rename", img, "one", "txt", "three", "data", NULL), 0, "%s", t->err);
    cr_assert_eq(tool_run(t, "get", img, "THREE", "DATA", NULL), 0);
    cr_assert_str_eq(t->out, "1\n");
    cr_assert_eq(tool_run(t, "get", img, "ONE", "TXT", NULL), 1);
    cr_assert_eq(tool_run(t, "erase", img, "two", "txt", NULL), 0, "%s", t->err);
    cr_assert_eq(tool_run(t, "erase", img, "two", "txt", NULL), 1);
    cr_assert(strstr(t->err, "cannot erase TWO TXT: file not found"), "%s", t->err);
    cr_assert_eq(tool_run(t, "list", img, NULL), 0);
    cr_assert(strstr(t->out, "THREE    DATA"), "%s", t->out);
    cr_assert_null(strstr(t->out, "TWO"), "%s", t->out);
    cr_assert(strstr(t->out, "2 used"), "%s", t->out);
    tool_free(t);
}

/* ---- usage and errors -------------------------------------------------------------------- */

Test(disk_tool, bad_usage_exits_2)
{
    struct tool *t = tool_new();
    cr_assert_eq(tool_run(t, NULL), 2);
    cr_assert(strstr(t->err, "creasy disk format IMAGE"), "usage on stderr: %s", t->err);
    cr_assert_eq(tool_run(t, "--help", NULL), 0);
    cr_assert(strstr(t->out, "creasy disk put IMAGE HOSTFILE"), "%s", t->out);
    cr_assert_eq(tool_run(t, "frobnicate", "x.img", NULL), 2);
    cr_assert(strstr(t->err, "no subcommand 'frobnicate'"), "%s", t->err);
    cr_assert_eq(tool_run(t, "list", NULL), 2);
    cr_assert_eq(tool_run(t, "list", "a", "b", NULL), 2);
    cr_assert_eq(tool_run(t, "erase", "x.img", "A", NULL), 2);
    cr_assert_eq(tool_run(t, "list", "x.img", "--replace", NULL), 2);
    cr_assert(strstr(t->err, "list does not take --replace"), "%s", t->err);
    cr_assert_eq(tool_run(t, "put", "x.img", "y.z", "--recfm", "U", NULL), 2);
    cr_assert_eq(tool_run(t, "put", "x.img", "y.z", "--lrecl", NULL), 2);
    cr_assert_eq(tool_run(t, "put", "x.img", "y.z", "--lrecl", "0", NULL), 2);
    cr_assert_eq(tool_run(t, "get", "x.img", "TOOLONGNAME", "X", NULL), 2);
    cr_assert(strstr(t->err, "'TOOLONGNAME' is not a file name"), "%s", t->err);
    cr_assert_eq(tool_run(t, "format", "x.img", "--text=1", NULL), 2);
    tool_free(t);
}

Test(disk_tool, missing_image_is_a_clear_error)
{
    struct tool *t = tool_new();
    const char *img = image_at(t, "nope.img");
    cr_assert_eq(tool_run(t, "list", img, NULL), 1);
    char want[600];
    snprintf(want, sizeof want, "creasy disk: %s: No such file or directory\n", img);
    cr_assert_str_eq(t->err, want);
    cr_assert_eq(tool_run(t, "erase", img, "A", "B", NULL), 1);
    cr_assert_eq(file_size(img), -1, "not created by accident");
    write_host(at(t, "x.y"), "1\n", 2);
    cr_assert_eq(tool_run(t, "put", img, at(t, "x.y"), NULL), 1);
    cr_assert_eq(file_size(img), -1);
    tool_free(t);
}

Test(disk_tool, unformatted_or_odd_sized_image_is_refused)
{
    struct tool *t = tool_new();
    static const uint8_t zeros[100 * 512];
    write_host(at(t, "blank.img"), zeros, sizeof zeros);
    cr_assert_eq(tool_run(t, "list", at(t, "blank.img"), NULL), 1);
    cr_assert(strstr(t->err, "not a CMS disk"), "%s", t->err);
    write_host(at(t, "odd.img"), zeros, 1000);
    cr_assert_eq(tool_run(t, "list", at(t, "odd.img"), NULL), 1);
    cr_assert(strstr(t->err, "multiple of 512"), "%s", t->err);
    cr_assert_eq(tool_run(t, "format", at(t, "odd.img"), NULL), 1, "an odd size needs --blocks");
    cr_assert_eq(tool_run(t, "format", at(t, "odd.img"), "--blocks", "64", "--nucleus-blocks", "0", NULL), 0,
                 "%s", t->err);
    cr_assert_eq(file_size(at(t, "odd.img")), 64 * 512);
    tool_free(t);
}

Test(disk_tool, list_reports_quarantined_entries_and_still_lists_the_rest)
{
    struct tool *t = tool_new();
    const char *img = small_image(t);
    write_host(at(t, "first.txt"), "1\n", 2);
    write_host(at(t, "second.txt"), "2\n", 2);
    cr_assert_eq(tool_run(t, "put", img, at(t, "first.txt"), NULL), 0);
    cr_assert_eq(tool_run(t, "put", img, at(t, "second.txt"), NULL), 0);
    int fd = open(img, O_RDWR);
    uint8_t byte;
    cr_assert_eq(pread(fd, &byte, 1, FS_DIR_START * 512 + 27), 1);
    byte ^= 0x40;
    cr_assert_eq(pwrite(fd, &byte, 1, FS_DIR_START * 512 + 27), 1);   /* FIRST TXT's nrecs */
    close(fd);
    cr_assert_eq(tool_run(t, "list", img, NULL), 0);
    char want[600];
    snprintf(want, sizeof want, "%s: directory entry 0: bad checksum\n", img);
    cr_assert_str_eq(t->err, want);
    cr_assert(strstr(t->out, "SECOND   TXT"), "%s", t->out);
    cr_assert_null(strstr(t->out, "FIRST"), "%s", t->out);
    cr_assert(strstr(t->out, "1 file\n"), "%s", t->out);
    tool_free(t);
}

Test(disk_tool, an_image_in_use_by_another_command_is_refused)
{
    struct tool *t = tool_new();
    const char *img = small_image(t);
    int fd = open(img, O_RDONLY);
    cr_assert_eq(flock(fd, LOCK_SH), 0);   /* another command reading it */
    cr_assert_eq(tool_run(t, "list", img, NULL), 0, "readers share: %s", t->err);
    cr_assert_eq(tool_run(t, "erase", img, "A", "B", NULL), 1);
    cr_assert(strstr(t->err, "in use by another creasy disk command"), "%s", t->err);
    close(fd);
    cr_assert_eq(tool_run(t, "erase", img, "A", "B", NULL), 1);
    cr_assert(strstr(t->err, "file not found"), "%s", t->err);
    tool_free(t);
}

/* ---- ipl ------------------------------------------------------------------------------------- */

static void put_be16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v; }
static void put_be32(uint8_t *p, uint32_t v) { put_be16(p, v >> 16), put_be16(p + 2, v); }

/* A minimal S/390 executable: one PT_LOAD segment of `n` bytes at
 * `addr` (plus `bss` bytes of memory), entered at `entry`. The bytes are
 * `code`, or (NULL) 1, 2, 3... */
static void write_elf(const char *path, uint32_t addr, const uint8_t *code, uint32_t n, uint32_t bss, uint32_t entry)
{
    size_t size = 52 + 32 + n;
    uint8_t *f = calloc(1, size);
    memcpy(f, "\177ELF\1\2\1", 7);
    put_be16(f + 16, 2);    /* executable */
    put_be16(f + 18, 22);   /* S/390 */
    put_be32(f + 20, 1);
    put_be32(f + 24, entry);
    put_be32(f + 28, 52);   /* phoff */
    put_be16(f + 40, 52);
    put_be16(f + 42, 32);   /* phentsize */
    put_be16(f + 44, 1);    /* phnum */
    uint8_t *ph = f + 52;
    put_be32(ph, 1);        /* PT_LOAD */
    put_be32(ph + 4, 84);
    put_be32(ph + 8, addr);
    put_be32(ph + 12, addr);
    put_be32(ph + 16, n);
    put_be32(ph + 20, n + bss);
    put_be32(ph + 24, 7);
    for (uint32_t i = 0; i < n; i++)
        f[84 + i] = code ? code[i] : (uint8_t)(i + 1);
    write_host(path, f, size);
    free(f);
}

Test(disk_tool, ipl_writes_the_nucleus_and_the_ipl_record)
{
    struct tool *t = tool_new();
    const char *img = image_at(t, "sys.img");
    cr_assert_eq(tool_run(t, "format", img, "--blocks", "400", "--nucleus-blocks", "100", NULL), 0, "%s", t->err);
    write_elf(at(t, "nuc.elf"), 0x10000, NULL, 1000, 5000, 0x10008);
    cr_assert_eq(tool_run(t, "ipl", img, at(t, "nuc.elf"), NULL), 0, "%s", t->err);
    size_t n;
    uint8_t *disk = (uint8_t *)read_host(img, &n);
    cr_assert_eq(memcmp(disk, "\x00\x08\x00\x00\x80\x00\xFE\x94", 8), 0, "IPL PSW: the loader");
    cr_assert_eq(memcmp(disk + 0x10, "\x00\x08\x00\x00\x80\x01\x00\x08", 8), 0, "the nucleus's PSW");
    cr_assert_eq(memcmp(disk + 0x140, "\x42\x00\x04\x00\x00\x01\x00\x00", 8), 0, "1000 bytes: 2 blocks, no bss");
    cr_assert_eq(memcmp(disk + 0x28, "\x00\x01\x17\xFF\x00\x00\x00\x09", 8), 0,
                 "it needs its bss too (0x10000 + 6000: 70K), and says so at 009");
    uint32_t nucleus_start = FS_DIR_START + 32;
    for (uint32_t i = 0; i < 1000; i++)
        cr_assert_eq(disk[nucleus_start * 512 + i], (uint8_t)(i + 1));
    free(disk);
    cr_assert_eq(tool_run(t, "list", img, NULL), 0);
    cr_assert(strstr(t->out, "NUCLEUS 1000 bytes at 00010000, entry 00010008"), "%s", t->out);

    write_elf(at(t, "low.elf"), 0x0, NULL, 1000, 0, 0x0);
    cr_assert_eq(tool_run(t, "ipl", img, at(t, "low.elf"), NULL), 1);
    cr_assert(strstr(t->err, "over the IPL PSW"), "%s", t->err);
    write_elf(at(t, "huge.elf"), 0x10000, NULL, 60000, 0, 0x10000);
    cr_assert_eq(tool_run(t, "ipl", img, at(t, "huge.elf"), NULL), 1);
    cr_assert(strstr(t->err, "does not fit the nucleus area of 51200 bytes"), "%s", t->err);
    write_host(at(t, "junk.elf"), "not an elf at all, really not", 29);
    cr_assert_eq(tool_run(t, "ipl", img, at(t, "junk.elf"), NULL), 1);
    cr_assert(strstr(t->err, "not an ELF file"), "%s", t->err);
    cr_assert_eq(tool_run(t, "list", img, NULL), 0);
    cr_assert(strstr(t->out, "NUCLEUS 1000 bytes at 00010000"), "the failures changed nothing: %s", t->out);
    tool_free(t);
}

/* The whole way: `creasy disk ipl` writes a 100000-byte nucleus (four
 * data-chained Read CCWs), the machine IPLs it from an FBA device through
 * the channel, the IPL record's loader reads it, and the nucleus runs:
 * BASR 15,0; LPSW 14(15) loads a disabled wait at BEEF, with the
 * registers as the IPL left them. Its last word proves every block
 * arrived. */
Test(disk_tool, the_ipl_record_boots_through_the_fba_device)
{
    struct tool *t = tool_new();
    const char *img = image_at(t, "boot.img");
    uint32_t n = 100000;
    uint8_t *code = calloc(1, n);
    memcpy(code, "\x0D\xF0\x82\x00\xF0\x0E", 6);
    memcpy(code + 0x10, "\x00\x0A\x00\x00\x80\x00\xBE\xEF", 8);
    memcpy(code + n - 4, "\xDE\xAD\xBE\xEF", 4);
    write_elf(at(t, "nucleus.elf"), 0x10000, code, n, 4096, 0x10000);
    free(code);
    cr_assert_eq(tool_run(t, "format", img, "--blocks", "1000", "--nucleus-blocks", "400", NULL), 0, "%s", t->err);
    cr_assert_eq(tool_run(t, "ipl", img, at(t, "nucleus.elf"), NULL), 0, "%s", t->err);

    struct machine *m = t_new();
    char err[256];
    struct device *d = fba_new(0x0A3, img, true, 0, err, sizeof err);
    cr_assert_not_null(d, "%s", err);
    chan_attach(m, d);
    u64 pgm_new = be64(m->mem + LC_PGM_NEW_PSW), io_new = be64(m->mem + LC_IO_NEW_PSW);
    cr_assert_eq(chan_ipl(m, 0x0A3, err, sizeof err), 0, "%s", err);
    cr_assert_eq(m->cpu.ia, FS_BOOT_ADDR + 0x94, "the IPL PSW: the loader");
    for (int i = 0; i < 16; i++)
        m->cpu.gr[i] = 0x1000u * (u32)i + 7;   /* as CP leaves an IPL PARM */
    cr_assert_eq(t_run(m, 1000), STOP_WAIT);
    cr_assert_eq(m->cpu.ia, 0xBEEF);
    cr_assert_eq(be32(m->mem + 0x10000 + n - 4), 0xDEADBEEF, "the last block was read");
    cr_assert_eq(be32(m->mem + FS_BOOT_ADDR), 0x00080000, "block 0 again at FS_BOOT_ADDR");
    for (int i = 0; i < 15; i++)
        cr_assert_eq(m->cpu.gr[i], 0x1000u * (u32)i + 7, "R%d as the IPL left it", i);
    cr_assert_eq(m->cpu.gr[15], 0x80010002u, "R15: the nucleus's BASR");
    cr_assert_eq(be64(m->mem + LC_PGM_NEW_PSW), pgm_new, "the loader's new PSWs are gone");
    cr_assert_eq(be64(m->mem + LC_IO_NEW_PSW), io_new);
    t_free(m);
    tool_free(t);
}

/* In storage too small for the nucleus (64K, and it loads at X'10000'),
 * the loader says so on the console, in the nucleus's words if its ELF
 * has an fs_ipl_needs object (tests/cms/small.sh: CMS's), else the
 * tool's, and loads a disabled wait: no channel program check. */
Test(disk_tool, the_ipl_record_says_when_storage_is_too_small)
{
    struct tool *t = tool_new();
    const char *img = image_at(t, "boot.img");
    write_elf(at(t, "nucleus.elf"), 0x10000, NULL, 5000, 4096, 0x10000);
    cr_assert_eq(tool_run(t, "format", img, "--blocks", "200", "--nucleus-blocks", "20", NULL), 0, "%s", t->err);
    cr_assert_eq(tool_run(t, "ipl", img, at(t, "nucleus.elf"), NULL), 0, "%s", t->err);

    struct machine *m = machine_new(0x10000);
    char err[256], *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    struct device *d = fba_new(0x190, img, true, 0, err, sizeof err);
    cr_assert_not_null(d, "%s", err);
    chan_attach(m, d);
    chan_attach(m, con3215_new(0x009, out, NULL, NULL));
    cr_assert_eq(chan_ipl(m, 0x190, err, sizeof err), 0, "%s", err);
    cr_assert_eq(t_run(m, 1000), STOP_WAIT);
    cr_assert_eq(m->cpu.ia, FS_IPL_WAIT_STORAGE, "the loader's wait");
    cr_assert_eq(m->cpu.psw_sys & 0x03000000u, 0, "disabled");
    fflush(out);
    cr_assert(strstr(text, "IPL: NUCLEUS NEEDS AT LEAST 73K OF STORAGE"), "the console: %s", text);
    machine_free(m);
    fclose(out);
    free(text);
    tool_free(t);
}
