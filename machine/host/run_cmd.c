/* run_cmd.c: `creasy run IMAGE.elf`, the bare-machine runner.
 *
 *   creasy run IMAGE.elf [--dump ADDR:LEN]... [--max-instructions N]
 *                        [--gpr N=HEX]... [--mem SIZE] [--console FILE]
 *                        [--input FILE] [--timing] [--profile] [--trace FILE]
 *                        [--wall-clock] [--variant NAME]
 *
 * Loads the program, starts it at its entry point in supervisor state,
 * key 0, every interruption masked, and runs it until it loads a
 * disabled-wait PSW, takes an interruption it did not provide for, or
 * reaches the limit. Like tools/hercules' herc-run, new PSWs the image
 * leaves zero become disabled waits at 0xDEADxx, which is how an
 * unexpected interruption is recognised. The report is KEY=value lines in
 * herc-run's shape, so the two compare line by line:
 *
 *   STOP=WAIT|PGM|SVC|EXT|IO|MCK|LIMIT|CHECKSTOP
 *   PSW=hhhhhhhh hhhhhhhh   WAITCODE=... | OLDPSW=... INTCODE=hhhh ILC=n
 *   R0=... R15=...   MEM aaaaaaaa w w w w ...   INSTRUCTIONS=n
 *
 * A 3215 console sits at 009: output to --console (default stderr),
 * input from --input (default: none). Exit status 0 for WAIT and SVC, 1
 * for other stops or a failed write to any output (stdout, --console,
 * --trace: reported in one line, hostfile.h), 2 for bad usage or a bad
 * image. --help prints the usage on stdout. --variant runs it on another
 * machine of spec.yaml's `variants` (sound, the default, or flawed).
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access.h"
#include "channel.h"
#include "commands.h"
#include "dev_3215.h"
#include "elf.h"
#include "hostfile.h"
#include "machine.h"
#include "options.h"
#include "trace.h"

#define MAX_DUMPS 32
#define HARNESS_WAIT 0x00DEAD00u

static const struct { const char *name; u16 new_psw, old_psw; } harness[] = {
    {"EXT", LC_EXT_NEW_PSW, LC_EXT_OLD_PSW}, {"SVC", LC_SVC_NEW_PSW, LC_SVC_OLD_PSW},
    {"PGM", LC_PGM_NEW_PSW, LC_PGM_OLD_PSW}, {"MCK", LC_MCK_NEW_PSW, LC_MCK_OLD_PSW},
    {"IO", LC_IO_NEW_PSW, LC_IO_OLD_PSW},
};

/* What the command line said. */
struct run_opts {
    const char *image, *console, *input, *trace;   /* NULL: none given */
    u32 dump_addr[MAX_DUMPS], dump_len[MAX_DUMPS];
    int ndumps;
    u32 gpr_n[16], gpr_v[16];
    int ngprs;
    u64 limit;                 /* instructions at most */
    int variant;               /* the machine variant: 0 sound */
    u32 mem;                   /* bytes of storage */
    bool timing, profile, wall;
};

/* The host files the run uses: the console's output (stderr unless
 * --console) and input, and the trace. */
struct run_files {
    FILE *out, *in, *trace;
};

static void print_usage(FILE *f)
{
    fputs("usage: creasy run IMAGE.elf [--dump ADDR:LEN]... [--max-instructions N] [--gpr N=HEX]...\n"
          "                  [--mem SIZE] [--console FILE] [--input FILE] [--timing] [--profile]\n"
          "                  [--trace FILE] [--wall-clock] [--variant NAME]\n",
          f);
}

static int usage(const char *msg)
{
    fprintf(stderr, "creasy run: %s\n", msg);
    print_usage(stderr);
    return 2;
}

/* Hex digits, at least one, and nothing else up to `end` (a sign or a
 * blank, which strtoul would take, is refused). */
static bool hex_digits(const char *s, const char *end)
{
    if (s == end)
        return false;
    for (; s < end; s++)
        if (!isxdigit((unsigned char)*s))
            return false;
    return true;
}

/* ---- the options ------------------------------------------------------------------ */

/* Each parser takes an option's value: NULL, or why it is refused. */
static const char *take_dump(struct run_opts *o, const char *v)
{
    char *e;
    const char *colon = strchr(v, ':');
    if (!colon || !hex_digits(v, colon) || !hex_digits(colon + 1, colon + strlen(colon)) || o->ndumps == MAX_DUMPS)
        return "--dump wants ADDR:LEN in hex";
    unsigned long long ad = strtoull(v, &e, 16), ln = strtoull(colon + 1, &e, 16);
    if (ad > 0xFFFFFFFFull)
        return "--dump wants ADDR:LEN in hex, ADDR at most FFFFFFFF";
    if (ln == 0 || ln > 1u << 20)
        return "--dump wants ADDR:LEN in hex, LEN 1..100000";
    o->dump_addr[o->ndumps] = (u32)ad;
    o->dump_len[o->ndumps++] = (u32)ln;
    return NULL;
}

static const char *take_limit(struct run_opts *o, const char *v)
{
    if (parse_u64(v, &o->limit) < 0 || o->limit == 0)
        return "--max-instructions wants a positive number";
    return NULL;
}

static const char *take_gpr(struct run_opts *o, const char *v)
{
    const char *eq = strchr(v, '=');
    char num[8];
    u64 n;
    if (!eq || (size_t)(eq - v) >= sizeof num || !hex_digits(eq + 1, eq + strlen(eq)) || o->ngprs == 16)
        return "--gpr wants N=HEX (N 0-15)";
    memcpy(num, v, (size_t)(eq - v));
    num[eq - v] = 0;
    if (parse_u64(num, &n) < 0 || n > 15)
        return "--gpr wants N=HEX (N 0-15)";
    unsigned long long val = strtoull(eq + 1, NULL, 16);
    if (strlen(eq + 1) > 16 || val > 0xFFFFFFFFull)
        return "--gpr wants N=HEX, HEX at most FFFFFFFF";
    o->gpr_n[o->ngprs] = (u32)n;
    o->gpr_v[o->ngprs++] = (u32)val;
    return NULL;
}

static const char *take_mem(struct run_opts *o, const char *v)
{
    return parse_size(v, &o->mem) < 0 ? "--mem wants a size such as 16M (64K to 2G)" : NULL;
}

static const char *take_variant(struct run_opts *o, const char *v)
{
    char known[128];
    o->variant = isa_variant_find(v);
    if (o->variant >= 0)
        return NULL;
    fprintf(stderr, "creasy run: unknown machine variant '%s' (known: %s)\n", v,
            isa_variant_list(known, sizeof known));
    return "see above";
}

/* One row an option. An option that wants a value and has none is
 * taken for an unknown argument. */
static const struct run_option {
    const char *name;
    enum { RUN_FLAG, RUN_PATH, RUN_VALUE } kind;
    size_t field;              /* RUN_FLAG: a bool in struct run_opts; RUN_PATH: a const char * */
    const char *(*take)(struct run_opts *o, const char *v);   /* RUN_VALUE */
} run_options[] = {
    {"--dump", RUN_VALUE, 0, take_dump},
    {"--max-instructions", RUN_VALUE, 0, take_limit},
    {"--gpr", RUN_VALUE, 0, take_gpr},
    {"--mem", RUN_VALUE, 0, take_mem},
    {"--variant", RUN_VALUE, 0, take_variant},
    {"--console", RUN_PATH, offsetof(struct run_opts, console), NULL},
    {"--input", RUN_PATH, offsetof(struct run_opts, input), NULL},
    {"--trace", RUN_PATH, offsetof(struct run_opts, trace), NULL},
    {"--timing", RUN_FLAG, offsetof(struct run_opts, timing), NULL},
    {"--profile", RUN_FLAG, offsetof(struct run_opts, profile), NULL},
    {"--wall-clock", RUN_FLAG, offsetof(struct run_opts, wall), NULL},
};

/* The command line into `o`: 0; -1 after --help; or the exit status
 * after saying why. */
static int parse_args(int argc, char **argv, struct run_opts *o)
{
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            print_usage(stdout);
            return -1;
        }
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL, *why;
        const struct run_option *r = NULL;
        for (size_t k = 0; k < sizeof run_options / sizeof run_options[0] && !r; k++)
            if (!strcmp(a, run_options[k].name) && (run_options[k].kind == RUN_FLAG || v))
                r = &run_options[k];
        if (r && r->kind == RUN_FLAG) {
            *(bool *)((char *)o + r->field) = true;
        } else if (r && r->kind == RUN_PATH) {
            *(const char **)((char *)o + r->field) = v;
            i++;
        } else if (r) {
            if ((why = r->take(o, v)))
                return usage(why);
            i++;
        } else if (a[0] == '-' || o->image) {
            fprintf(stderr, "creasy run: unknown argument '%s'\n", a);
            return usage("see above");
        } else {
            o->image = a;
        }
    }
    return o->image ? 0 : usage("no image given");
}

/* ---- the run ---------------------------------------------------------------------- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Close them, checking every output: 0, or -1 (reported). */
static int close_files(struct run_files *f)
{
    int rc = 0;
    if (f->out && f->out != stderr)
        rc |= hostfile_close(f->out);
    else if (f->out)
        rc |= hostfile_check(stderr);
    if (f->in)
        fclose(f->in);
    if (f->trace)
        rc |= hostfile_close(f->trace);
    memset(f, 0, sizeof *f);
    return rc;
}

/* The machine with the program loaded, its console attached and the
 * harness's new PSWs in place; NULL after saying why. */
static struct machine *prepare(const struct run_opts *o, struct elf_image *img, struct run_files *f)
{
    struct machine *m = machine_new(o->mem);
    char err[512];
    if (!m) {
        fprintf(stderr, "creasy run: cannot allocate %u bytes of storage\n", o->mem);
        return NULL;
    }
    clock_init(m, o->wall);
    machine_set_variant(m, o->variant);
    if (elf_load(m, o->image, img, err, sizeof err) < 0) {
        fprintf(stderr, "creasy run: %s\n", err);
        machine_free(m);
        return NULL;
    }
    /* the input first, then the outputs, so a bad input changes no file */
    if (o->input && !(f->in = fopen(o->input, "r")))
        snprintf(err, sizeof err, "%s: %s", o->input, strerror(errno));
    else if (o->console && !(f->out = hostfile_open(o->console, err, sizeof err)))
        ;
    else if (o->trace && !(f->trace = hostfile_open(o->trace, err, sizeof err)))
        ;
    else
        err[0] = 0;
    if (err[0]) {
        fprintf(stderr, "creasy run: %s\n", err);
        close_files(f);
        machine_free(m);
        return NULL;
    }
    if (!f->out)
        f->out = stderr;
    m->trace = f->trace;
    chan_attach(m, con3215_new(0x009, f->out, f->in, NULL));
    if (o->profile)
        m->count.op = calloc(ISA_COUNT, sizeof *m->count.op);
    for (size_t k = 0; k < sizeof harness / sizeof harness[0]; k++)
        if (be64(m->mem + harness[k].new_psw) == 0)
            put64(m->mem + harness[k].new_psw, 0x000A000080000000ull | HARNESS_WAIT | harness[k].new_psw);
    for (int k = 0; k < o->ngprs; k++)
        m->cpu.gr[o->gpr_n[k]] = o->gpr_v[k];
    cpu_load_psw(&m->cpu, 0x0008000080000000ull | img->entry);
    return m;
}

/* ---- the report ------------------------------------------------------------------- */

static void print_profile(struct machine *m)
{
    int order[ISA_COUNT];
    for (int i = 0; i < ISA_COUNT; i++)
        order[i] = i;
    for (int i = 0; i < ISA_COUNT; i++)   /* small: selection sort */
        for (int j = i + 1; j < ISA_COUNT; j++)
            if (m->count.op[order[j]] > m->count.op[order[i]]) {
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
    for (int i = 0; i < ISA_COUNT && m->count.op[order[i]]; i++)
        printf("OP %-6s %llu\n", m->isa[order[i]].mnemonic, (unsigned long long)m->count.op[order[i]]);
}

static void print_dumps(struct machine *m, const struct run_opts *o)
{
    for (int d = 0; d < o->ndumps; d++) {
        u32 a = o->dump_addr[d], len = o->dump_len[d];
        if (!stor_valid(m, a, len)) {
            printf("MEMERROR %08X %X\n", a, len);
            continue;
        }
        for (u32 off = 0; off < len; off += 16) {
            printf("MEM %08X", a + off);
            for (u32 w = off; w < off + 16 && w < len; w += 4) {
                printf(" ");
                for (u32 b = w; b < w + 4 && b < len; b++)
                    printf("%02X", m->mem[a + b]);
            }
            printf("\n");
        }
    }
}

/* The KEY=value lines for stop `s`; the stop's name. */
static const char *print_stop(struct machine *m, enum stop s)
{
    u64 psw = cpu_psw(&m->cpu);
    const char *stop = s == STOP_LIMIT ? "LIMIT" : s == STOP_CHECKSTOP ? "CHECKSTOP" : "WAIT";
    int which = -1;
    if (s != STOP_LIMIT && s != STOP_CHECKSTOP)
        for (size_t k = 0; k < sizeof harness / sizeof harness[0]; k++)
            if ((u32)psw == (0x80000000u | HARNESS_WAIT | harness[k].new_psw))
                which = (int)k, stop = harness[k].name;
    printf("STOP=%s\n", stop);
    printf("PSW=%08X %08X\n", (u32)(psw >> 32), (u32)psw);
    if (which < 0 && s != STOP_LIMIT)
        printf("WAITCODE=%08X\n", (u32)psw & ADDR_MASK);
    if (which >= 0 && strcmp(stop, "IO") && strcmp(stop, "MCK")) {
        u64 old = be64(m->mem + harness[which].old_psw);
        printf("OLDPSW=%08X %08X\n", (u32)(old >> 32), (u32)old);
        if (!strcmp(stop, "PGM"))
            printf("INTCODE=%04X ILC=%d\n", be16(m->mem + LC_PGM_CODE), (m->mem[LC_PGM_ILC] >> 1 & 3) * 2);
        else if (!strcmp(stop, "SVC"))
            printf("INTCODE=%04X ILC=%d\n", be16(m->mem + LC_SVC_CODE), (m->mem[LC_SVC_ILC] >> 1 & 3) * 2);
        else if (!strcmp(stop, "EXT"))
            printf("INTCODE=%04X\n", be16(m->mem + LC_EXT_CODE));
    }
    return stop;
}

int run_main(int argc, char **argv)
{
    struct run_opts o = {.limit = 5000000000ull, .mem = 16u << 20};
    struct run_files f = {0};
    static struct elf_image img;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    struct machine *m = prepare(&o, &img, &f);
    if (!m)
        return 2;

    double t0 = now_s();
    enum stop s;
    u64 start = m->cpu.icount, work = cpu_work(m);
    for (;;) {
        u64 left = o.limit - (cpu_work(m) - work);
        s = cpu_run(m, left);
        if (s == STOP_LIMIT || s == STOP_WAIT || s == STOP_CHECKSTOP || s == STOP_IDLE)
            break;
    }
    double t1 = now_s();
    u64 ninsn = m->cpu.icount - start;

    const char *stop = print_stop(m, s);
    for (int r = 0; r < 16; r++)
        printf("R%d=%08X\n", r, m->cpu.gr[r]);
    print_dumps(m, &o);
    printf("INSTRUCTIONS=%llu\n", (unsigned long long)ninsn);
    if (o.timing) {
        printf("RUN_S=%.6f\n", t1 - t0);
        printf("MIPS=%.2f\n", t1 > t0 ? ninsn / (t1 - t0) / 1e6 : 0.0);
    }
    if (o.profile)
        print_profile(m);
    rc = (!strcmp(stop, "WAIT") || !strcmp(stop, "SVC")) ? 0 : 1;
    if (close_files(&f) < 0 || hostfile_check(stdout) < 0)
        rc = 1;   /* a lost line of output is a failed run */
    machine_free(m);
    return rc;
}
