/* console_devices.c: the console's commands on I/O devices (devices,
 * attach, cards).
 *
 * Design note. Devices are made by the configuration's factory
 * (machine/host/config.c, config_make_device), so `attach` takes the same
 * types and options as a configuration file and `devices` describes each
 * one the way the configuration does.
 */
#include <string.h>
#include <strings.h>

#include "channel.h"
#include "config.h"
#include "console.h"
#include "devices.h"

int con_cmd_devices(struct console *con, int argc, char **argv)
{
    static const char *const states[] = {"idle", "working", "waiting for data", "interruption pending"};
    u32 only = ~0u;
    if (argc > 2 || (argc == 2 && con_hex(con, argv[1], &only) < 0))
        return argc > 2 ? con_wrong_args(con, "devices") : -1;
    if (argc == 2 && (only > 0xFFF || !chan_find(con->m, (u16)only))) {
        con_error(con, "there is no device %03X", only);
        return -1;
    }
    if (!con->m->chan)
        return 0;
    /* in address order (the channel keeps them newest first) */
    for (int last = -1;;) {
        struct device *next = NULL;
        for (struct device *d = con->m->chan->devs; d; d = d->next)
            if (d->addr > last && (!next || d->addr < next->addr))
                next = d;
        if (!next)
            return 0;
        last = next->addr;
        if (only != ~0u && next->addr != only)
            continue;
        char what[512];
        config_describe(next, &con->cfg, what, sizeof what);
        fprintf(con->out, "%03X  %-5s  %-20s  %s\n", next->addr, next->ops->type, states[next->state], what);
    }
}

/* attach ADDR TYPE [FILE...] [binary] [readonly] [create N]: words that are
 * not options are the files (a 3215 takes output, then input) */
int con_cmd_attach(struct console *con, int argc, char **argv)
{
    u32 addr;
    char err[1024];
    if (argc < 3 || con_hex(con, argv[1], &addr) < 0)
        return argc < 3 ? con_wrong_args(con, "attach") : -1;
    if (addr > 0xFFF) {
        con_error(con, "%X is not a device address (000-FFF)", addr);
        return -1;
    }
    if (chan_find(con->m, (u16)addr)) {
        con_error(con, "there is a device at %03X already", addr);
        return -1;
    }
    struct dev_options o = {0};
    const char *files[2] = {NULL, NULL};
    int nfiles = 0;
    bool console = !strcasecmp(argv[2], "3215");
    for (int i = 3; i < argc; i++) {
        u64 n;
        if (!strcasecmp(argv[i], "binary"))
            o.binary = true;
        else if (!strcasecmp(argv[i], "readonly"))
            o.readonly = true;
        else if (!strcasecmp(argv[i], "create")) {
            if (i + 1 == argc)
                return con_wrong_args(con, "attach");
            if (con_count(con, argv[++i], &n) < 0)
                return -1;
            if (n == 0 || n > 0xFFFFFFFFull) {
                con_error(con, "create wants a number of 512-byte blocks (1 or more)");
                return -1;
            }
            o.create = (u32)n;
        } else if (nfiles < (console ? 2 : 1))
            files[nfiles++] = argv[i];
        else
            return con_wrong_args(con, "attach");
    }
    if (console) {   /* 3215 [OUTFILE|- [INFILE]] */
        o.output = files[0] && strcmp(files[0], "-") ? files[0] : NULL;
        o.input = files[1];
    } else {
        o.file = files[0];
    }
    struct device *d = config_make_device(argv[2], (u16)addr, &o, &con->cfg, err, sizeof err);
    if (!d) {
        con_error(con, "attach: %s", err);
        return -1;
    }
    chan_attach(con->m, d);
    return 0;
}

int con_cmd_cards(struct console *con, int argc, char **argv)
{
    u32 addr;
    char err[1024];
    if (argc < 3 || argc > 4 || (argc == 4 && strcasecmp(argv[3], "binary")))
        return con_wrong_args(con, "cards");
    if (con_hex(con, argv[1], &addr) < 0)
        return -1;
    struct device *d = addr <= 0xFFF ? chan_find(con->m, (u16)addr) : NULL;
    if (!d) {
        con_error(con, "there is no device %03X", addr);
        return -1;
    }
    if (reader_load(con->m, d, argv[2], argc == 4, err, sizeof err) < 0) {
        con_error(con, "cards: %s", err);
        return -1;
    }
    return 0;
}
