/* config.c: build a machine from a YAML system configuration (config.h),
 * and the device factory that the configuration and the console share.
 *
 * Design note. Loading has two steps. The first reads the whole YAML
 * document (yaml_doc.c, so every node keeps its line) into a
 * list of device specs and checks everything that can be checked without
 * touching the host: keys, types of values, addresses, duplicates,
 * storage, the IPL device, the machine variant. Only then does the second step make the
 * machine and its devices, those that only open existing files first and
 * those that create or truncate files last, as one batch of host files
 * (hostfile.h): an existing output file is truncated only when every
 * device has been made, and a configuration that fails deletes the
 * files it created and changes no other, as docs/config.md promises; on
 * any failure everything made is freed and every file opened is closed.
 * A read-write FBA image is locked by its device, so two on one image
 * are refused. Every error reads
 * "FILE:LINE: reason", LINE being the line of the offending node.
 *
 * How to add a device type: write machine/io/dev_<type>.c (channel.h), then
 * add a row to dev_types[] below with the options it takes, a make
 * function and a describe function. The configuration, the console's
 * `attach` and `devices` pick it up from the row.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "channel.h"
#include "config.h"
#include "dev_3215.h"
#include "devices.h"
#include "hostfile.h"
#include "options.h"
#include "yaml_doc.h"

/* CMS on the bare machine. Relative paths are beside the creasy
 * executable, where make builds them. */
/* The embedded systems. Relative paths start at the creasy executable's
 * directory, where make puts the system disks. */
static const char cp_system[] =
    "# the default system: CP with an operator and three CMS users (cp/directory.yaml)\n"
    "storage: 64M\n"
    "ipl: 1A0\n"
    "devices:\n"
    "  - {address: 009, type: 3215}\n"
    "  - {address: 020, type: 3215}\n"
    "  - {address: 021, type: 3215}\n"
    "  - {address: 022, type: 3215}\n"
    "  - {address: 00C, type: 2540R}\n"
    "  - {address: 00D, type: 2540P, file: punch.txt}\n"
    "  - {address: 00E, type: 1403, file: print.txt}\n"
    "  - {address: 1A0, type: FBA, file: cp1a0.disk, readonly: true}\n"
    "  - {address: 190, type: FBA, file: cms190.disk, readonly: true}\n"
    "  - {address: 300, type: FBA, file: users300.disk, create: 24576}\n";

static const char cms_system[] =
    "# CMS on the bare machine\n"
    "storage: 16M\n"
    "ipl: 190\n"
    "devices:\n"
    "  - {address: 009, type: 3215}\n"
    "  - {address: 00C, type: 2540R}\n"
    "  - {address: 00D, type: 2540P, file: punch.txt}\n"
    "  - {address: 00E, type: 1403, file: print.txt}\n"
    "  - {address: 190, type: FBA, file: cms190.disk, readonly: true}\n"
    "  - {address: 191, type: FBA, file: user191.disk, create: 8192}\n";

/* CP under CP (cp/nested-l1.yaml, cp/nested-l2.yaml; docs/nesting.md) */
static const char nested_system[] =
    "# CP under CP: CPL1 runs a second CP, whose users ALICE and BOB run CMS (cp/nested-l1.yaml)\n"
    "storage: 64M\n"
    "ipl: 1A0\n"
    "devices:\n"
    "  - {address: 009, type: 3215}\n"
    "  - {address: 020, type: 3215}\n"
    "  - {address: 021, type: 3215}\n"
    "  - {address: 022, type: 3215}\n"
    "  - {address: 1A0, type: FBA, file: cpn1a0.disk, readonly: true}\n"
    "  - {address: 1A1, type: FBA, file: cpn1a1.disk, readonly: true}\n"
    "  - {address: 190, type: FBA, file: cms190.disk, readonly: true}\n"
    "  - {address: 300, type: FBA, file: nested300.disk, create: 16384}\n";

static const struct {
    const char *name, *text;
} systems[] = {{"cp", cp_system}, {"cms", cms_system}, {"nested", nested_system}};

const char *config_system_text(const char *name)
{
    for (size_t i = 0; i < sizeof systems / sizeof systems[0]; i++)
        if (!strcmp(systems[i].name, name))
            return systems[i].text;
    return NULL;
}

const char *config_default_text(void) { return cp_system; }

/* ---- the device factory -------------------------------------------------------- */

/* the options of struct dev_options, as bits and as configuration keys */
enum { OPT_FILE = 1, OPT_INPUT = 2, OPT_OUTPUT = 4, OPT_BINARY = 8, OPT_READONLY = 16, OPT_CREATE = 32 };
static const char *const opt_keys[] = {"file", "input", "output", "binary", "readonly", "create", NULL};

struct dev_type {
    const char *name;         /* the configuration's `type`, attach's TYPE, and d->ops->type */
    unsigned opts;            /* the options it takes */
    bool needs_file;
    struct device *(*make)(u16 addr, const struct dev_options *o, struct config_info *info, char *err, size_t errlen);
    void (*describe)(const struct device *d, char *buf, size_t len);
};

static struct device *make_3215(u16 addr, const struct dev_options *o, struct config_info *info, char *err,
                                size_t errlen);

static struct device *make_reader(u16 addr, const struct dev_options *o, struct config_info *info, char *err,
                                  size_t errlen)
{
    return reader_new(addr, o->file, o->binary, err, errlen);
}

static struct device *make_punch(u16 addr, const struct dev_options *o, struct config_info *info, char *err,
                                 size_t errlen)
{
    return punch_new(addr, o->file, o->binary, err, errlen);
}

static struct device *make_printer(u16 addr, const struct dev_options *o, struct config_info *info, char *err,
                                   size_t errlen)
{
    return printer_new(addr, o->file, err, errlen);
}

static struct device *make_fba(u16 addr, const struct dev_options *o, struct config_info *info, char *err,
                               size_t errlen)
{
    return fba_new(addr, o->file, o->readonly, o->create, err, errlen);
}

static const struct dev_type dev_types[] = {
    {"3215", OPT_INPUT | OPT_OUTPUT, false, make_3215, NULL},
    {"2540R", OPT_FILE | OPT_BINARY, false, make_reader, reader_describe},
    {"2540P", OPT_FILE | OPT_BINARY, true, make_punch, punch_describe},
    {"1403", OPT_FILE, true, make_printer, printer_describe},
    {"FBA", OPT_FILE | OPT_READONLY | OPT_CREATE, true, make_fba, fba_describe},
    {NULL, 0, false, NULL, NULL},
};

static const struct dev_type *find_type(const char *name)
{
    for (const struct dev_type *t = dev_types; t->name; t++)
        if (!strcasecmp(t->name, name))
            return t;
    return NULL;
}

/* "3215, 2540R, 2540P, 1403, FBA" */
static const char *type_list(char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = 0;
    for (const struct dev_type *t = dev_types; t->name && n < len; t++)
        n += snprintf(buf + n, len - n, "%s%s", t == dev_types ? "" : ", ", t->name);
    return buf;
}

/* "file, binary" */
static const char *opt_list(unsigned opts, char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = 0;
    for (int i = 0; opt_keys[i] && n < len; i++)
        if (opts & (1u << i))
            n += snprintf(buf + n, len - n, "%s%s", n ? ", " : "", opt_keys[i]);
    return buf;
}

static void console_files_free(struct config_console *c)
{
    if (c->in)
        fclose(c->in);
    if (c->out)
        hostfile_close(c->out);   /* a write error is reported and fails the run */
    free(c->in_path);
    free(c->out_path);
}

static struct device *make_3215(u16 addr, const struct dev_options *o, struct config_info *info, char *err,
                                size_t errlen)
{
    struct config_console c = {.addr = addr};
    struct device *d = NULL;
    if (o->input && !(c.in = fopen(o->input, "r"))) {   /* the input first: a missing one changes nothing */
        snprintf(err, errlen, "%s: %s", o->input, strerror(errno));
        goto fail;
    }
    if (o->output && !(c.out = hostfile_open(o->output, err, errlen)))
        goto fail;
    if ((o->output && !(c.out_path = strdup(o->output))) || (o->input && !(c.in_path = strdup(o->input))))
        goto nomem;
    if (c.in || c.out) {
        struct config_console *v = realloc(info->consoles, (info->nconsoles + 1) * sizeof *v);
        if (!v)
            goto nomem;
        info->consoles = v;
    }
    char tag[8];
    snprintf(tag, sizeof tag, "%03X: ", addr);
    d = con3215_new(addr, c.out ? c.out : info->terminal ? info->terminal : stdout, c.in, c.out ? NULL : tag);
    if (!d)
        goto nomem;
    if (!c.out && info->observer)
        con3215_set_observer(d, info->observer, info->observer_arg);
    if (!c.out && info->tagger)
        con3215_set_tagger(d, info->tagger, info->tagger_arg);
    if (!c.out && info->echo_input)
        con3215_set_echo(d, true);
    if (c.in || c.out)
        info->consoles[info->nconsoles++] = c;
    return d;
nomem:
    snprintf(err, errlen, "out of memory");
fail:
    console_files_free(&c);
    return NULL;
}

struct device *config_make_device(const char *type, u16 addr, const struct dev_options *o, struct config_info *info,
                                  char *err, size_t errlen)
{
    char list[128];
    const struct dev_type *t = find_type(type);
    if (!t) {
        snprintf(err, errlen, "unknown device type '%s' (%s)", type, type_list(list, sizeof list));
        return NULL;
    }
    if (addr > 0xFFF) {
        snprintf(err, errlen, "%X is not a device address (000-FFF)", addr);
        return NULL;
    }
    unsigned given = (o->file ? OPT_FILE : 0) | (o->input ? OPT_INPUT : 0) | (o->output ? OPT_OUTPUT : 0) |
                     (o->binary ? OPT_BINARY : 0) | (o->readonly ? OPT_READONLY : 0) | (o->create ? OPT_CREATE : 0);
    unsigned extra = given & ~t->opts;
    if (extra) {
        snprintf(err, errlen, "a %s takes no '%s' (%s: %s)", t->name, opt_keys[__builtin_ctz(extra)], t->name,
                 t->opts ? opt_list(t->opts, list, sizeof list) : "nothing");
        return NULL;
    }
    if (t->needs_file && !o->file) {
        snprintf(err, errlen, "a %s needs a file", t->name);
        return NULL;
    }
    return t->make(addr, o, info, err, errlen);
}

void config_describe(const struct device *d, const struct config_info *info, char *buf, size_t len)
{
    const struct dev_type *t = find_type(d->ops->type);
    if (t && t->describe) {
        t->describe(d, buf, len);
        return;
    }
    if (con3215_is(d)) {
        for (int i = 0; i < info->nconsoles; i++) {
            const struct config_console *c = &info->consoles[i];
            if (c->addr == d->addr) {
                snprintf(buf, len, "%s%s%s", c->out_path ? c->out_path : "terminal", c->in_path ? ", input " : "",
                         c->in_path ? c->in_path : "");
                return;
            }
        }
        snprintf(buf, len, "terminal");
        return;
    }
    snprintf(buf, len, "-");
}

/* Close the files of consoles recorded from index `from` on. */
static void release_from(struct config_info *info, int from)
{
    for (int i = from; i < info->nconsoles; i++)
        console_files_free(&info->consoles[i]);
    info->nconsoles = from;
    if (!from) {
        free(info->consoles);
        info->consoles = NULL;
    }
}

void config_release(struct config_info *info) { release_from(info, 0); }

/* ---- reading the YAML ------------------------------------------------------------- */

struct spec {                 /* one device, checked and ready to make */
    u16 addr;
    const struct dev_type *type;
    struct dev_options o;     /* paths resolved, owned (file, input, output) */
    int line;                 /* the entry's line */
    int path_line;            /* its only path's line, or the entry's */
};

struct loader {
    struct yaml_doc y;        /* named the file, or "<default>"; its err holds the first error */
    const char *base_dir;     /* where relative paths start */
    struct spec *specs;
    int nspecs;
    u32 storage;
    int storage_line;
    int ipl;                  /* -1: none */
    int variant;              /* the machine variant (machine: {variant: NAME}); 0 sound */
};

/* Every key of `map` is a scalar, and none comes twice. */
static bool check_keys(struct loader *L, yaml_node_t *map)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_doc_node(&L->y, p->key);
        if (!yaml_doc_scalar(k))
            return yaml_doc_fail(&L->y, k, "a key must be a plain word");
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++)
            if (!strcmp(yaml_doc_scalar(yaml_doc_node(&L->y, q->key)), yaml_doc_scalar(k)))
                return yaml_doc_fail(&L->y, k, "'%s' given twice (line %d)", yaml_doc_scalar(k),
                                     yaml_doc_line(yaml_doc_node(&L->y, q->key)));
    }
    return true;
}

static const char *need_scalar(struct loader *L, yaml_node_t *v, const char *key)
{
    const char *s = yaml_doc_scalar(v);
    if (!s || !*s)
        yaml_doc_fail(&L->y, v, "'%s' wants a single value", key);
    return s;
}

static bool read_addr(struct loader *L, yaml_node_t *v, const char *key, u16 *addr)
{
    const char *s = need_scalar(L, v, key);
    u32 a;
    if (!s)
        return false;
    if (parse_hex32(s, &a) < 0 || a > 0xFFF)
        return yaml_doc_fail(&L->y, v, "'%s' is not a device address (hex 000-FFF)", s);
    *addr = (u16)a;
    return true;
}

static bool read_bool(struct loader *L, yaml_node_t *v, const char *key, bool *b)
{
    const char *s = need_scalar(L, v, key);
    if (!s)
        return false;
    if (!strcmp(s, "true") || !strcmp(s, "false")) {
        *b = s[0] == 't';
        return true;
    }
    return yaml_doc_fail(&L->y, v, "'%s' wants true or false, not '%s'", key, s);
}

/* A path from the configuration, made relative to base_dir. */
static bool read_path(struct loader *L, yaml_node_t *v, const char *key, const char **out)
{
    const char *s = need_scalar(L, v, key);
    if (!s)
        return false;
    size_t n = strlen(L->base_dir) + strlen(s) + 2;
    char *p = malloc(n);
    if (!p)
        return yaml_doc_fail(&L->y, v, "out of memory");
    if (s[0] == '/' || !L->base_dir[0])
        snprintf(p, n, "%s", s);
    else
        snprintf(p, n, "%s/%s", L->base_dir, s);
    *out = p;
    return true;
}

static bool read_option(struct loader *L, struct spec *s, int opt, yaml_node_t *v)
{
    const char *key = opt_keys[opt];
    switch (1 << opt) {
    case OPT_FILE:
        return read_path(L, v, key, &s->o.file);
    case OPT_INPUT:
        return read_path(L, v, key, &s->o.input);
    case OPT_OUTPUT:
        return read_path(L, v, key, &s->o.output);
    case OPT_BINARY:
        return read_bool(L, v, key, &s->o.binary);
    case OPT_READONLY:
        return read_bool(L, v, key, &s->o.readonly);
    case OPT_CREATE: {
        const char *t = need_scalar(L, v, key);
        u64 n;
        if (!t)
            return false;
        if (parse_u64(t, &n) < 0 || n == 0 || n > 0xFFFFFFFFull)
            return yaml_doc_fail(&L->y, v, "'create' wants a number of 512-byte blocks, not '%s'", t);
        s->o.create = (u32)n;
        return true;
    }
    }
    return false;
}

static bool read_device(struct loader *L, yaml_node_t *item, struct spec *s)
{
    char list[128];
    s->line = s->path_line = yaml_doc_line(item);
    if (item->type != YAML_MAPPING_NODE)
        return yaml_doc_fail_at(&L->y, s->line, "a device is a mapping, such as {address: 009, type: 3215}");
    if (!check_keys(L, item))
        return false;
    yaml_node_t *addr = NULL, *type = NULL;
    for (yaml_node_pair_t *p = item->data.mapping.pairs.start; p < item->data.mapping.pairs.top; p++) {
        const char *k = yaml_doc_scalar(yaml_doc_node(&L->y, p->key));
        if (!strcmp(k, "address"))
            addr = yaml_doc_node(&L->y, p->value);
        else if (!strcmp(k, "type"))
            type = yaml_doc_node(&L->y, p->value);
    }
    if (!addr)
        return yaml_doc_fail_at(&L->y, s->line, "this device has no 'address'");
    if (!type)
        return yaml_doc_fail_at(&L->y, s->line, "this device has no 'type'");
    if (!read_addr(L, addr, "address", &s->addr))
        return false;
    for (struct spec *o = L->specs; o < s; o++)
        if (o->addr == s->addr)
            return yaml_doc_fail(&L->y, addr, "device %03X is already defined on line %d", s->addr, o->line);
    const char *tname = need_scalar(L, type, "type");
    if (!tname)
        return false;
    if (!(s->type = find_type(tname)))
        return yaml_doc_fail(&L->y, type, "unknown device type '%s' (%s)", tname, type_list(list, sizeof list));
    int paths = 0;
    for (yaml_node_pair_t *p = item->data.mapping.pairs.start; p < item->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = yaml_doc_node(&L->y, p->key), *v = yaml_doc_node(&L->y, p->value);
        const char *k = yaml_doc_scalar(kn);
        int opt = 0;
        if (!strcmp(k, "address") || !strcmp(k, "type"))
            continue;
        while (opt_keys[opt] && strcmp(opt_keys[opt], k))
            opt++;
        if (!opt_keys[opt])
            return yaml_doc_fail(&L->y, kn, "unknown key '%s'", k);
        if (!(s->type->opts & (1u << opt)))
            return yaml_doc_fail(&L->y, kn, "a %s takes no '%s' (%s: %s)", s->type->name, k, s->type->name,
                                 opt_list(s->type->opts, list, sizeof list));
        if (!read_option(L, s, opt, v))
            return false;
        if ((1u << opt) & (OPT_FILE | OPT_INPUT | OPT_OUTPUT)) {
            paths++;
            s->path_line = yaml_doc_line(v);
        }
    }
    if (paths > 1)
        s->path_line = s->line;
    if (s->type->needs_file && !s->o.file)
        return yaml_doc_fail_at(&L->y, s->line, "a %s needs a 'file'", s->type->name);
    return true;
}

static bool read_devices(struct loader *L, yaml_node_t *seq)
{
    if (seq->type != YAML_SEQUENCE_NODE)
        return yaml_doc_fail(&L->y, seq, "'devices' is a list, one '- {address: ..., type: ...}' per device");
    int n = (int)(seq->data.sequence.items.top - seq->data.sequence.items.start);
    L->specs = calloc(n ? n : 1, sizeof *L->specs);
    if (!L->specs)
        return yaml_doc_fail(&L->y, seq, "out of memory");
    for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
        struct spec *s = &L->specs[L->nspecs++];
        if (!read_device(L, yaml_doc_node(&L->y, *it), s))
            return false;
    }
    return true;
}

/* machine: {variant: NAME}, a machine of spec.yaml's `variants`. */
static bool read_machine(struct loader *L, yaml_node_t *map)
{
    char known[128];
    if (map->type != YAML_MAPPING_NODE)
        return yaml_doc_fail(&L->y, map, "'machine' is a mapping, such as {variant: flawed}");
    if (!check_keys(L, map))
        return false;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_doc_node(&L->y, p->key), *v = yaml_doc_node(&L->y, p->value);
        if (strcmp(yaml_doc_scalar(k), "variant"))
            return yaml_doc_fail(&L->y, k, "unknown key '%s' in 'machine' (variant)", yaml_doc_scalar(k));
        const char *name = need_scalar(L, v, "variant");
        if (!name)
            return false;
        if ((L->variant = isa_variant_find(name)) < 0)
            return yaml_doc_fail(&L->y, v, "unknown machine variant '%s' (known: %s)", name,
                                 isa_variant_list(known, sizeof known));
    }
    return true;
}

static bool read_config(struct loader *L)
{
    yaml_node_t *root = yaml_doc_root(&L->y);
    if (!root || root->type != YAML_MAPPING_NODE)
        return yaml_doc_fail_at(&L->y, root ? yaml_doc_line(root) : 1,
                                "a configuration is a mapping with 'storage', 'devices' and 'ipl'");
    if (!check_keys(L, root))
        return false;
    yaml_node_t *storage = NULL, *devices = NULL, *ipl = NULL;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_doc_node(&L->y, p->key), *v = yaml_doc_node(&L->y, p->value);
        if (!strcmp(yaml_doc_scalar(k), "storage"))
            storage = v;
        else if (!strcmp(yaml_doc_scalar(k), "devices"))
            devices = v;
        else if (!strcmp(yaml_doc_scalar(k), "ipl"))
            ipl = v;
        else if (!strcmp(yaml_doc_scalar(k), "machine")) {
            if (!read_machine(L, v))
                return false;
        } else
            return yaml_doc_fail(&L->y, k, "unknown key '%s' (storage, ipl, devices, machine)", yaml_doc_scalar(k));
    }
    if (!storage)
        return yaml_doc_fail(&L->y, root, "no 'storage' (such as storage: 16M)");
    const char *size = need_scalar(L, storage, "storage");
    if (!size)
        return false;
    if (parse_size(size, &L->storage) < 0)
        return yaml_doc_fail(&L->y, storage, "bad storage size '%s' (64K to 2G in 4K units, such as 16M)", size);
    L->storage_line = yaml_doc_line(storage);
    if (!devices)
        return yaml_doc_fail(&L->y, root, "no 'devices'");
    if (!read_devices(L, devices))
        return false;
    L->ipl = -1;
    if (ipl) {
        u16 a;
        if (!read_addr(L, ipl, "ipl", &a))
            return false;
        for (int i = 0; i < L->nspecs && L->ipl < 0; i++)
            if (L->specs[i].addr == a)
                L->ipl = a;
        if (L->ipl < 0)
            return yaml_doc_fail(&L->y, ipl, "'ipl: %03X' names no configured device", a);
    }
    return true;
}

/* ---- making the machine ------------------------------------------------------------------ */

static bool creates_files(const struct spec *s)
{
    return s->o.output || s->o.create || s->type->make == make_punch || s->type->make == make_printer;
}

static struct machine *build(struct loader *L, struct config_info *info)
{
    struct machine *m = machine_new(L->storage);
    if (!m) {
        yaml_doc_fail_at(&L->y, L->storage_line, "cannot allocate %u bytes of storage", L->storage);
        return NULL;
    }
    machine_set_variant(m, L->variant);
    int consoles = info->nconsoles;
    hostfile_batch_begin();   /* existing outputs are truncated only if all is well */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < L->nspecs; i++) {
            struct spec *s = &L->specs[i];
            char why[PATH_MAX + 128];
            if (creates_files(s) != (pass == 1))
                continue;
            struct device *d = config_make_device(s->type->name, s->addr, &s->o, info, why, sizeof why);
            if (!d) {
                bool missing = s->o.file && access(s->o.file, F_OK) < 0;
                yaml_doc_fail_at(&L->y, s->path_line, "%s%s", why,
                                 missing && L->y.name[0] == '<' ? " (build it with make)" : "");
                machine_free(m);
                release_from(info, consoles);
                hostfile_batch_end(false);
                return NULL;
            }
            chan_attach(m, d);
        }
    hostfile_batch_end(true);
    return m;
}

struct machine *config_load_text(const char *text, const char *name, const char *base_dir, struct config_info *info,
                                 char *err, size_t errlen)
{
    struct loader L = {.y = {.name = name, .err = err, .errlen = errlen}, .base_dir = base_dir ? base_dir : "",
                       .ipl = -1};
    struct machine *m = NULL;
    info->ipl = -1;
    int rc = yaml_doc_parse_text(&L.y, text);
    if (rc == -2)
        snprintf(err, errlen, "%s: out of memory", name);
    if (rc < 0)
        return NULL;
    if (read_config(&L) && (m = build(&L, info))) {
        info->ipl = L.ipl;
        info->storage = L.storage;
    }
    for (int i = 0; i < L.nspecs; i++) {
        free((char *)L.specs[i].o.file);
        free((char *)L.specs[i].o.input);
        free((char *)L.specs[i].o.output);
    }
    free(L.specs);
    yaml_doc_free(&L.y);
    return m;
}

/* The directory part of `path` ("." if none) in `dir`. */
static void dir_of(const char *path, char *dir, size_t len)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, len, ".");
    else if (slash == path)
        snprintf(dir, len, "/");
    else
        snprintf(dir, len, "%.*s", (int)(slash - path), path);
}

struct machine *config_load_system(const char *name, struct config_info *info, char *err, size_t errlen)
{
    char dir[PATH_MAX], exe[PATH_MAX], label[32];
    const char *text = config_system_text(name);
    snprintf(label, sizeof label, !strcmp(name, "cp") ? CONFIG_DEFAULT_NAME : "<%s>", name);
    if (!text) {
        snprintf(err, errlen, "there is no system '%s' (cp, cms, nested)", name);
        return NULL;
    }
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n < 0) {
        snprintf(err, errlen, "%s: cannot find the creasy executable's directory: %s", label, strerror(errno));
        return NULL;
    }
    exe[n] = 0;
    dir_of(exe, dir, sizeof dir);
    return config_load_text(text, label, dir, info, err, errlen);
}

struct machine *config_load(const char *path, struct config_info *info, char *err, size_t errlen)
{
    char dir[PATH_MAX];
    if (!path)
        return config_load_system("cp", info, err, errlen);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *text = NULL;
    size_t cap = 0, len = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            char *t = realloc(text, cap = 2 * cap + 4096 + 1);
            if (!t) {
                free(text);
                fclose(f);
                snprintf(err, errlen, "%s: out of memory", path);
                return NULL;
            }
            text = t;
        }
        size_t got = fread(text + len, 1, 4096, f);
        len += got;
        if (got < 4096)
            break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(text);
        snprintf(err, errlen, "%s: cannot read it", path);
        return NULL;
    }
    text[len] = 0;
    dir_of(path, dir, sizeof dir);
    struct machine *m = config_load_text(text, path, dir, info, err, errlen);
    free(text);
    return m;
}
