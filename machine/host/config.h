/* config.h: the system configuration, a YAML file that says how much
 * storage the machine has, which devices it has and what backs them, and
 * what to IPL (config.c); and the device factory that the configuration
 * and the console's `attach` share.
 *
 *   storage: 16M                  64K..2G (parse_size)
 *   ipl: 190                      optional: the device to IPL at start-up
 *   machine: {variant: flawed}    optional: a machine of spec.yaml's `variants`
 *                                 (sound, the default, or flawed)
 *   devices:
 *     - {address: 009, type: 3215}                      the terminal
 *     - {address: 01F, type: 3215, input: in.txt, output: out.txt}
 *     - {address: 00C, type: 2540R, file: cards.txt}    binary: true for raw
 *     - {address: 00D, type: 2540P, file: punch.txt}    binary: true for raw
 *     - {address: 00E, type: 1403,  file: print.txt}
 *     - {address: 190, type: FBA, file: cms.disk, readonly: true}
 *     - {address: 191, type: FBA, file: user.disk, create: 8192}
 *
 * Addresses are hex 000-FFF. Relative paths are relative to the
 * configuration file's directory; the embedded default's, to the
 * directory of the creasy executable.
 */
#ifndef CREASY_CONFIG_H
#define CREASY_CONFIG_H

#include <stdio.h>

#include "machine.h"

struct device;

/* What a device is made with. A field the type does not take must stay
 * zero (config_make_device says which it does take). */
struct dev_options {
    const char *file;       /* 2540R deck (NULL: empty hopper); 2540P, 1403 output; FBA image */
    const char *input;      /* 3215: a file of input lines (NULL: the operator types them) */
    const char *output;     /* 3215: a file for its output (NULL: the terminal) */
    bool binary;            /* 2540R, 2540P: raw 80-byte cards */
    bool readonly;          /* FBA */
    u32 create;             /* FBA: blocks of a zeroed image made if the file is missing */
};

/* A 3215 with host files. dev_3215 does not own its FILEs, so they are
 * kept here, to be listed and closed after the machine is freed. */
struct config_console {
    u16 addr;
    FILE *in, *out;             /* NULL: the operator, the terminal */
    char *in_path, *out_path;
};

struct config_info {
    /* in (zero: stdout, no observer): where a 3215 without an output file
     * writes, tagged "ADDR: ", and who hears each line it writes */
    FILE *terminal;
    void (*observer)(void *arg, const char *line);
    void *observer_arg;
    const char *(*tagger)(void *arg, u16 addr);   /* a tag of the moment, instead of "ADDR: " */
    void *tagger_arg;
    bool echo_input;            /* a terminal 3215 types back what it reads, as on paper */
    /* out */
    int ipl;                    /* the device to IPL at start-up, or -1 */
    u32 storage;                /* bytes */
    struct config_console *consoles;   /* 3215s with files; config_release() */
    int nconsoles;
};

/* Build the machine `path` describes (NULL: the embedded default), with
 * its devices attached. NULL with "FILE:LINE: reason" in `err` on any
 * error, and then nothing is left made or open. */
struct machine *config_load(const char *path, struct config_info *info, char *err, size_t errlen);
/* The same from text: `name` is what errors call it, `base_dir` where
 * relative paths start. */
struct machine *config_load_text(const char *text, const char *name, const char *base_dir, struct config_info *info,
                                 char *err, size_t errlen);
const char *config_default_text(void);
#define CONFIG_DEFAULT_NAME "<default>"
/* The embedded systems: "cp" (the default: CP with an operator and three
 * CMS users) and "cms" (CMS on the bare machine); their relative paths
 * start at the creasy executable's directory. */
const char *config_system_text(const char *name);   /* NULL: no such system */
struct machine *config_load_system(const char *name, struct config_info *info, char *err, size_t errlen);

/* Make one device (not attached): type is "3215", "2540R", "2540P",
 * "1403" or "FBA" (any case). Files opened for a 3215 are recorded in
 * `info`. NULL with a one-line reason in `err`. */
struct device *config_make_device(const char *type, u16 addr, const struct dev_options *o, struct config_info *info,
                                  char *err, size_t errlen);
/* One line for the operator: what backs device `d`. */
void config_describe(const struct device *d, const struct config_info *info, char *buf, size_t len);
/* Close the files recorded in `info`, after machine_free(). */
void config_release(struct config_info *info);

#endif
