/* test_config.c: the system configuration (machine/host/config.c): a good
 * file builds the machine it describes, with paths relative to the file;
 * every kind of error reads "FILE:LINE: reason" with the offending node's
 * line and leaves nothing made; the embedded default parses and builds (in
 * a temporary directory) and says how to get its system disk when it is
 * missing; and the device factory that `attach` shares. */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <sys/stat.h>

#include "config.h"
#include "dev_3215.h"
#include "test_dev.h"

/* ---- a scratch directory ---------------------------------------------------------- */

struct dir {
    char path[64];
};

static struct dir dir_new(void)
{
    struct dir d;
    strcpy(d.path, "/tmp/creasy-test-XXXXXX");
    cr_assert_not_null(mkdtemp(d.path));
    return d;
}

static const char *in_dir(struct dir *d, const char *name)
{
    static char buf[4][256];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, 256, "%s/%s", d->path, name);
    return p;
}

static void put_file(struct dir *d, const char *name, const void *data, size_t n)
{
    FILE *f = fopen(in_dir(d, name), "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(data, 1, n, f), n);
    fclose(f);
}

static void put_text(struct dir *d, const char *name, const char *text) { put_file(d, name, text, strlen(text)); }

static void put_image(struct dir *d, const char *name, u32 blocks)
{
    char *zero = calloc(blocks, 512);
    put_file(d, name, zero, (size_t)blocks * 512);
    free(zero);
}

static bool exists(struct dir *d, const char *name) { return access(in_dir(d, name), F_OK) == 0; }

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void dir_free(struct dir *d) { nftw(d->path, rm_one, 8, FTW_DEPTH | FTW_PHYS); }

/* ---- a good configuration ------------------------------------------------------------ */

struct heard {
    char lines[4][64];
    int n;
};

static void observe(void *arg, const char *line)
{
    struct heard *h = arg;
    if (h->n < 4)
        snprintf(h->lines[h->n++], 64, "%s", line);
}

static const char *describe(struct machine *m, struct config_info *info, u16 addr)
{
    static char buf[512];
    struct device *d = chan_find(m, addr);
    cr_assert_not_null(d, "device %03X", addr);
    config_describe(d, info, buf, sizeof buf);
    return buf;
}

static const char *type_at(struct machine *m, u16 addr)
{
    struct device *d = chan_find(m, addr);
    cr_assert_not_null(d, "device %03X", addr);
    return d->ops->type;
}

Test(config, good_file_builds_its_devices_with_paths_relative_to_it)
{
    struct dir d = dir_new();
    put_text(&d, "cards.txt", "CARD ONE\n");
    put_text(&d, "commands.txt", "first command\n");
    put_image(&d, "sys.disk", 16);
    put_text(&d, "sys.yaml",
             "# a creasy system\n"
             "storage: 1M\n"
             "ipl: 190\n"
             "devices:\n"
             "  - {address: 009, type: 3215}\n"
             "  - {address: 01F, type: 3215, input: commands.txt, output: con01f.txt}\n"
             "  - {address: 00C, type: 2540R, file: cards.txt}\n"
             "  - {address: 00D, type: 2540P, file: punch.txt, binary: true}\n"
             "  - address: 00E\n"
             "    type: 1403\n"
             "    file: print.txt\n"
             "  - {address: 190, type: fba, file: sys.disk, readonly: true}\n"
             "  - {address: 191, type: FBA, file: user.disk, create: 64}\n");
    FILE *tty = tmpfile();
    struct heard heard = {0};
    struct config_info info = {.terminal = tty, .observer = observe, .observer_arg = &heard};
    char err[512] = "";
    struct machine *m = config_load(in_dir(&d, "sys.yaml"), &info, err, sizeof err);
    cr_assert_not_null(m, "%s", err);
    cr_assert_eq(m->mem_size, 1u << 20);
    cr_assert_eq(info.storage, 1u << 20);
    cr_assert_eq(info.ipl, 0x190);
    cr_assert_str_eq(type_at(m, 0x009), "3215");
    cr_assert_str_eq(type_at(m, 0x01F), "3215");
    cr_assert_str_eq(type_at(m, 0x00C), "2540R");
    cr_assert_str_eq(type_at(m, 0x00D), "2540P");
    cr_assert_str_eq(type_at(m, 0x00E), "1403");
    cr_assert_str_eq(type_at(m, 0x190), "FBA");
    cr_assert_str_eq(type_at(m, 0x191), "FBA");
    int n = 0;
    for (struct device *dv = m->chan->devs; dv; dv = dv->next)
        n++;
    cr_assert_eq(n, 7);
    cr_assert_str_eq(describe(m, &info, 0x009), "terminal");
    char want[512];
    snprintf(want, sizeof want, "%s, input %s", in_dir(&d, "con01f.txt"), in_dir(&d, "commands.txt"));
    cr_assert_str_eq(describe(m, &info, 0x01F), want);
    snprintf(want, sizeof want, "%s (text), 0 cards read", in_dir(&d, "cards.txt"));
    cr_assert_str_eq(describe(m, &info, 0x00C), want);
    snprintf(want, sizeof want, "%s (binary), 0 cards punched", in_dir(&d, "punch.txt"));
    cr_assert_str_eq(describe(m, &info, 0x00D), want);
    cr_assert(strstr(describe(m, &info, 0x00E), in_dir(&d, "print.txt")));
    snprintf(want, sizeof want, "%s, 16 blocks, read-only", in_dir(&d, "sys.disk"));
    cr_assert_str_eq(describe(m, &info, 0x190), want);
    snprintf(want, sizeof want, "%s, 64 blocks", in_dir(&d, "user.disk"));
    cr_assert_str_eq(describe(m, &info, 0x191), want);
    cr_assert(exists(&d, "punch.txt") && exists(&d, "print.txt") && exists(&d, "con01f.txt"));
    cr_assert_eq(info.nconsoles, 1);

    /* the terminal console writes tagged lines to info.terminal and tells the observer */
    put_ebcdic(m, 0x3000, "HI");
    put_ccw(m, 0x1000, 0x09, CCW_SLI, 2, 0x3000);
    for (int i = 0; i < 5; i++)   /* a harness-like wait PSW for every interruption */
        put64(m->mem + 0x58 + 8 * i, 0x000A000080000000ull | 0xDEAD00 | (0x58 + 8 * i));
    set_caw(m, 0, 0x1000);
    cr_assert_eq(chan_sio(m, 0x009), 0);
    cpu_load_psw(&m->cpu, 0x020A000080004000ull);
    cr_assert_eq(cpu_run(m, 100), STOP_WAIT);
    fflush(tty);
    rewind(tty);
    char line[64] = "";
    cr_assert_not_null(fgets(line, sizeof line, tty));
    cr_assert_str_eq(line, "009: HI\n");
    cr_assert_eq(heard.n, 1);
    cr_assert_str_eq(heard.lines[0], "HI");

    /* the 01F console reads its file */
    put_ccw(m, 0x1000, 0x0A, CCW_SLI, 80, 0x3000);
    cr_assert_eq(chan_sio(m, 0x01F), 0);
    cpu_load_psw(&m->cpu, 0x020A000080004000ull);
    cr_assert_eq(cpu_run(m, 100), STOP_WAIT);
    cr_assert(has_ebcdic(m, 0x3000, "first command"));
    machine_free(m);
    config_release(&info);
    cr_assert_null(info.consoles);
    fclose(tty);
    dir_free(&d);
}

Test(config, storage_and_ipl_are_optional_where_they_should_be)
{
    struct dir d = dir_new();
    put_text(&d, "min.yaml", "storage: 64K\ndevices: []\n");
    struct config_info info = {0};
    char err[512] = "";
    struct machine *m = config_load(in_dir(&d, "min.yaml"), &info, err, sizeof err);
    cr_assert_not_null(m, "%s", err);
    cr_assert_eq(info.ipl, -1);
    cr_assert_eq(m->mem_size, 64u << 10);
    cr_assert_null(m->chan, "no devices");
    machine_free(m);
    config_release(&info);
    dir_free(&d);
}

Test(config, machine_variant)
{
    struct dir d = dir_new();
    put_text(&d, "flawed.yaml", "storage: 64K\nmachine: {variant: flawed}\ndevices: []\n");
    put_text(&d, "sound.yaml", "storage: 64K\nmachine: {variant: sound}\ndevices: []\n");
    struct config_info info = {0};
    char err[512] = "";
    struct machine *m = config_load(in_dir(&d, "flawed.yaml"), &info, err, sizeof err);
    cr_assert_not_null(m, "%s", err);
    cr_assert_eq(m->variant, ISA_VARIANT_FLAWED);
    cr_assert_eq(m->isa, isa_variants[ISA_VARIANT_FLAWED]);
    machine_free(m);
    m = config_load(in_dir(&d, "sound.yaml"), &info, err, sizeof err);
    cr_assert_not_null(m, "%s", err);
    cr_assert(m->variant == ISA_VARIANT_SOUND && m->isa == isa_defs);
    machine_free(m);
    config_release(&info);
    dir_free(&d);
}

/* ---- errors ------------------------------------------------------------------------------ */

struct bad {
    const char *yaml;
    int line;
    const char *reason;
};

static const struct bad bad_configs[] = {
    {"storage: 16M\ndevices: []\nstorag: 1M\n", 3, "unknown key 'storag' (storage, ipl, devices, machine)"},
    {"storage: 16M\ndevices: []\nmachine:\n  variant: flaky\n", 4,
     "unknown machine variant 'flaky' (known: sound, flawed)"},
    {"storage: 16M\ndevices: []\nmachine: {varient: flawed}\n", 3, "unknown key 'varient' in 'machine' (variant)"},
    {"storage: 16M\ndevices: []\nmachine: flawed\n", 3, "'machine' is a mapping, such as {variant: flawed}"},
    {"storage: 16M\ndevices:\n  - {address: 009, type: 3215, color: red}\n", 3, "unknown key 'color'"},
    {"storage: 16M\ndevices:\n  - address: 00E\n    type: 1403\n    readonly: true\n    file: p.txt\n", 5,
     "a 1403 takes no 'readonly' (1403: file)"},
    {"storage: 16M\ndevices:\n  - {address: 00C, type: 2540R, file: deck.txt,\n     binary: yes}\n", 4,
     "'binary' wants true or false, not 'yes'"},
    {"storage: 16M\ndevices:\n  - {address: 191, type: FBA, file: u.disk, create: lots}\n", 3,
     "'create' wants a number of 512-byte blocks, not 'lots'"},
    {"storage: 16M\ndevices:\n  - {address: 191, type: FBA, file: u.disk, create: 0}\n", 3,
     "'create' wants a number of 512-byte blocks, not '0'"},
    {"storage: 16M\ndevices:\n  - {address: 191, type: FBA, file: [a, b]}\n", 3, "'file' wants a single value"},
    {"storage: [16M]\ndevices: []\n", 1, "'storage' wants a single value"},
    {"storage: 16M\ndevices:\n  - {address: 1000, type: 3215}\n", 3, "'1000' is not a device address (hex 000-FFF)"},
    {"storage: 16M\ndevices:\n  - {address: 0G9, type: 3215}\n", 3, "'0G9' is not a device address (hex 000-FFF)"},
    {"storage: 16M\ndevices:\n  - {address: 009, type: 3215}\n  - {address: 00C, type: 2540R}\n"
     "  - {address: 9, type: 3215}\n",
     5, "device 009 is already defined on line 3"},
    {"storage: 16M\ndevices:\n  - {address: 009, type: 3270}\n", 3,
     "unknown device type '3270' (3215, 2540R, 2540P, 1403, FBA)"},
    {"storage: 16M\ndevices:\n  - {type: 3215}\n", 3, "this device has no 'address'"},
    {"storage: 16M\ndevices:\n\n  - address: 009\n", 4, "this device has no 'type'"},
    {"storage: 16M\ndevices:\n  - {address: 00E, type: 1403}\n", 3, "a 1403 needs a 'file'"},
    {"storage: 16M\ndevices:\n  - {address: 00D, type: 2540P}\n", 3, "a 2540P needs a 'file'"},
    {"devices: []\n", 1, "no 'storage' (such as storage: 16M)"},
    {"# nothing but storage\nstorage: 16M\n", 2, "no 'devices'"},
    {"storage: 16M\ndevices:\n  - {address: 00C, type: 2540R,\n     file: missing.txt}\n", 4,
     "/missing.txt: No such file or directory"},
    {"storage: 16M\ndevices:\n  - {address: 01F, type: 3215, input: nothing.txt}\n", 3,
     "/nothing.txt: No such file or directory"},
    {"storage: 16M\ndevices:\n  - {address: 00E, type: 1403, file: no/such/dir/print.txt}\n", 3,
     "/no/such/dir/print.txt: No such file or directory"},
    {"storage: 16M\ndevices:\n  - address: 190\n    type: FBA\n    file: odd.disk\n", 5,
     "/odd.disk: size 1000 is not a whole number of 512-byte blocks"},
    {"storage: 10K\ndevices: []\n", 1, "bad storage size '10K' (64K to 2G in 4K units, such as 16M)"},
    {"storage: 3G\ndevices: []\n", 1, "bad storage size '3G'"},
    {"storage: 16Q\ndevices: []\n", 1, "bad storage size '16Q'"},
    {"storage: 16M\nipl: 191\ndevices:\n  - {address: 190, type: FBA, file: odd.disk}\n", 2,
     "'ipl: 191' names no configured device"},
    {"storage: 16M\ndevices: []\nipl: xyz\n", 3, "'xyz' is not a device address (hex 000-FFF)"},
    {"storage: 16M\ndevices:\n  - address: 009\n   type: 3215\n", 4,
     "did not find expected '-' indicator while parsing a block collection"},
    {"storage: 16M\nipl: 190\nstorage: : x\n", 3, "mapping values are not allowed in this context"},
    {"storage: 16M\ndevices: []\nstorage: 1M\n", 3, "'storage' given twice (line 1)"},
    {"storage: 16M\ndevices:\n  - {address: 00C, type: 2540R, file: a, file: b}\n", 3, "'file' given twice (line 3)"},
    {"- storage: 16M\n", 1, "a configuration is a mapping with 'storage', 'devices' and 'ipl'"},
    {"", 1, "a configuration is a mapping"},
    {"storage: 16M\ndevices: {address: 009}\n", 2, "'devices' is a list"},
    {"storage: 16M\ndevices:\n  - 009\n", 3, "a device is a mapping, such as {address: 009, type: 3215}"},
};

Test(config, every_error_names_the_file_and_the_offending_line)
{
    for (size_t i = 0; i < sizeof bad_configs / sizeof bad_configs[0]; i++) {
        const struct bad *b = &bad_configs[i];
        struct dir d = dir_new();
        u8 junk[1000] = {0};
        put_file(&d, "odd.disk", junk, sizeof junk);
        put_text(&d, "deck.txt", "X\n");
        put_text(&d, "bad.yaml", b->yaml);
        struct config_info info = {0};
        char err[512] = "", prefix[300];
        const char *path = in_dir(&d, "bad.yaml");
        snprintf(prefix, sizeof prefix, "%s:%d: ", path, b->line);
        struct machine *m = config_load(path, &info, err, sizeof err);
        cr_assert_null(m, "case %zu should fail", i);
        cr_assert(!strncmp(err, prefix, strlen(prefix)), "case %zu: wanted \"%s...\", got \"%s\"", i, prefix, err);
        cr_assert(strstr(err + strlen(prefix), b->reason), "case %zu: wanted \"%s\" in \"%s\"", i, b->reason, err);
        cr_assert_eq(info.nconsoles, 0, "case %zu", i);
        cr_assert_null(info.consoles, "case %zu", i);
        dir_free(&d);
    }
}

Test(config, unreadable_file_is_an_error_without_a_line)
{
    struct config_info info = {0};
    char err[512];
    cr_assert_null(config_load("/nonexistent/sys.yaml", &info, err, sizeof err));
    cr_assert_str_eq(err, "/nonexistent/sys.yaml: No such file or directory");
}

/* A failure leaves nothing: devices made are freed, consoles' files closed,
 * and devices that would create files are made last, so a missing input
 * stops the configuration before any output file appears. */
Test(config, a_failure_leaves_nothing_half_built)
{
    struct dir d = dir_new();
    put_text(&d, "sys.yaml",
             "storage: 1M\n"
             "devices:\n"
             "  - {address: 00D, type: 2540P, file: punch.txt}\n"
             "  - {address: 01F, type: 3215, output: con.txt}\n"
             "  - {address: 191, type: FBA, file: user.disk, create: 8}\n"
             "  - {address: 00C, type: 2540R, file: missing.txt}\n");
    struct config_info info = {0};
    char err[512];
    cr_assert_null(config_load(in_dir(&d, "sys.yaml"), &info, err, sizeof err));
    cr_assert(strstr(err, ":6: "), "%s", err);
    cr_assert_not(exists(&d, "punch.txt"));
    cr_assert_not(exists(&d, "con.txt"));
    cr_assert_not(exists(&d, "user.disk"));
    /* a failure among the devices that create files closes what was opened */
    put_text(&d, "sys.yaml",
             "storage: 1M\n"
             "devices:\n"
             "  - {address: 01F, type: 3215, output: con.txt}\n"
             "  - {address: 00D, type: 2540P, file: no/dir/punch.txt}\n");
    cr_assert_null(config_load(in_dir(&d, "sys.yaml"), &info, err, sizeof err));
    cr_assert(strstr(err, ":4: "), "%s", err);
    cr_assert_eq(info.nconsoles, 0);
    cr_assert_null(info.consoles);
    dir_free(&d);
}

/* ---- the embedded default ------------------------------------------------------------------- */

Test(config, default_says_to_build_the_system_disk_when_it_is_missing)
{
    struct dir d = dir_new();
    struct config_info info = {0};
    char err[512], want[512];
    cr_assert_null(config_load_text(config_default_text(), CONFIG_DEFAULT_NAME, d.path, &info, err, sizeof err));
    snprintf(want, sizeof want, "<default>:12: %s: No such file or directory (build it with make)",
             in_dir(&d, "cp1a0.disk"));
    cr_assert_str_eq(err, want);
    cr_assert_not(exists(&d, "punch.txt"), "nothing made");
    cr_assert_not(exists(&d, "users300.disk"));
    dir_free(&d);
}

Test(config, default_is_cp_with_terminals_for_three_users)
{
    struct dir d = dir_new();
    put_image(&d, "cp1a0.disk", 64);
    put_image(&d, "cms190.disk", 64);
    FILE *tty = tmpfile();
    struct config_info info = {.terminal = tty};
    char err[512] = "";
    struct machine *m = config_load_text(config_default_text(), CONFIG_DEFAULT_NAME, d.path, &info, err, sizeof err);
    cr_assert_not_null(m, "%s", err);
    cr_assert_eq(info.ipl, 0x1A0);
    cr_assert_eq(m->mem_size, 64u << 20);
    for (u16 t = 0x020; t <= 0x022; t++)
        cr_assert_str_eq(type_at(m, t), "3215");
    cr_assert_str_eq(type_at(m, 0x300), "FBA");
    char want[512];
    snprintf(want, sizeof want, "%s, 24576 blocks", in_dir(&d, "users300.disk"));
    cr_assert_str_eq(describe(m, &info, 0x300), want);
    machine_free(m);
    config_release(&info);
    fclose(tty);
    dir_free(&d);
}

Test(config, the_cms_system_is_cms_on_the_bare_machine)
{
    struct dir d = dir_new();
    put_image(&d, "cms190.disk", 64);
    FILE *tty = tmpfile();
    struct config_info info = {.terminal = tty};
    char err[512] = "";
    cr_assert_null(config_system_text("nonesuch"));
    struct machine *m = config_load_text(config_system_text("cms"), "<cms>", d.path, &info, err, sizeof err);
    cr_assert_not_null(m, "%s", err);
    cr_assert_eq(info.storage, 16u << 20);
    cr_assert_eq(m->mem_size, 16u << 20);
    cr_assert_eq(info.ipl, 0x190);
    cr_assert_str_eq(type_at(m, 0x009), "3215");
    cr_assert_str_eq(describe(m, &info, 0x009), "terminal");
    cr_assert_str_eq(type_at(m, 0x00C), "2540R");
    cr_assert_str_eq(describe(m, &info, 0x00C), "hopper empty");
    cr_assert_str_eq(type_at(m, 0x00D), "2540P");
    cr_assert_str_eq(type_at(m, 0x00E), "1403");
    cr_assert(exists(&d, "punch.txt") && exists(&d, "print.txt"));
    char want[512];
    snprintf(want, sizeof want, "%s, 64 blocks, read-only", in_dir(&d, "cms190.disk"));
    cr_assert_str_eq(describe(m, &info, 0x190), want);
    snprintf(want, sizeof want, "%s, 8192 blocks", in_dir(&d, "user191.disk"));
    cr_assert_str_eq(describe(m, &info, 0x191), want);
    struct stat st;
    cr_assert_eq(stat(in_dir(&d, "user191.disk"), &st), 0);
    cr_assert_eq(st.st_size, 8192 * 512);
    machine_free(m);
    config_release(&info);
    fclose(tty);
    dir_free(&d);
}

/* ---- the factory ------------------------------------------------------------------------- */

Test(config, factory_checks_types_and_options)
{
    struct config_info info = {0};
    char err[256];
    struct dev_options none = {0}, bin = {.binary = true, .file = "/dev/null"}, ro = {.readonly = true, .file = "x"};
    cr_assert_null(config_make_device("3270", 0x009, &none, &info, err, sizeof err));
    cr_assert_str_eq(err, "unknown device type '3270' (3215, 2540R, 2540P, 1403, FBA)");
    cr_assert_null(config_make_device("1403", 0x00E, &bin, &info, err, sizeof err));
    cr_assert_str_eq(err, "a 1403 takes no 'binary' (1403: file)");
    cr_assert_null(config_make_device("3215", 0x009, &ro, &info, err, sizeof err));
    cr_assert_str_eq(err, "a 3215 takes no 'file' (3215: input, output)");
    cr_assert_null(config_make_device("FBA", 0x190, &none, &info, err, sizeof err));
    cr_assert_str_eq(err, "a FBA needs a file");
    cr_assert_null(config_make_device("3215", 0x1000, &none, &info, err, sizeof err));
    cr_assert_str_eq(err, "1000 is not a device address (000-FFF)");
    struct device *p = config_make_device("2540p", 0x00D, &bin, &info, err, sizeof err);
    cr_assert_not_null(p, "%s", err);
    cr_assert_str_eq(p->ops->type, "2540P");
    struct device *r = config_make_device("2540R", 0x00C, &none, &info, err, sizeof err);
    cr_assert_not_null(r, "an empty hopper: %s", err);
    struct machine *m = t_new();
    chan_attach(m, p);
    chan_attach(m, r);
    t_free(m);
    cr_assert_eq(info.nconsoles, 0);
}
