/* run_cmd.c: `creasy run IMAGE.elf`, the bare-machine runner.
 *
 *   creasy run IMAGE.elf [--dump ADDR:LEN]... [--max-instructions N]
 *                        [--gpr N=HEX]... [--mem SIZE] [--console FILE]
 *                        [--input FILE] [--timing] [--profile] [--trace FILE]
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
 * for other stops, 2 for bad usage or a bad image.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access.h"
#include "channel.h"
#include "commands.h"
#include "dev_3215.h"
#include "elf.h"
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

static int usage(const char *msg)
{
    fprintf(stderr, "creasy run: %s\n"
                    "usage: creasy run IMAGE.elf [--dump ADDR:LEN]... [--max-instructions N] [--gpr N=HEX]...\n"
                    "                  [--mem SIZE] [--console FILE] [--input FILE] [--timing] [--profile]\n"
                    "                  [--trace FILE] [--wall-clock]\n",
            msg);
    return 2;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

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
        printf("OP %-6s %llu\n", isa_defs[order[i]].mnemonic, (unsigned long long)m->count.op[order[i]]);
}

int run_main(int argc, char **argv)
{
    const char *image = NULL, *console = NULL, *input = NULL, *trace = NULL;
    u32 dump_addr[MAX_DUMPS], dump_len[MAX_DUMPS];
    int ndumps = 0, ngprs = 0;
    u32 gpr_n[16], gpr_v[16];
    u64 limit = 5000000000ull;
    u32 mem = 16u << 20;
    bool timing = false, profile = false, wall = false;

    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--dump") && v) {
            unsigned long ad, ln;
            char *e;
            ad = strtoul(v, &e, 16);
            if (*e != ':' || ndumps == MAX_DUMPS)
                return usage("--dump wants ADDR:LEN in hex");
            ln = strtoul(e + 1, &e, 16);
            if (*e || ln == 0 || ln > 1u << 20)
                return usage("--dump wants ADDR:LEN in hex, LEN 1..100000");
            dump_addr[ndumps] = (u32)ad;
            dump_len[ndumps++] = (u32)ln;
            i++;
        } else if (!strcmp(a, "--max-instructions") && v) {
            if (parse_u64(v, &limit) < 0 || limit == 0)
                return usage("--max-instructions wants a positive number");
            i++;
        } else if (!strcmp(a, "--gpr") && v) {
            char *e;
            unsigned long n = strtoul(v, &e, 0), val;
            if (*e != '=' || n > 15 || ngprs == 16)
                return usage("--gpr wants N=HEX");
            val = strtoul(e + 1, &e, 16);
            if (*e || val > 0xFFFFFFFFul)
                return usage("--gpr wants N=HEX");
            gpr_n[ngprs] = (u32)n;
            gpr_v[ngprs++] = (u32)val;
            i++;
        } else if (!strcmp(a, "--mem") && v) {
            if (parse_size(v, &mem) < 0)
                return usage("--mem wants a size such as 16M (64K to 2G)");
            i++;
        } else if (!strcmp(a, "--console") && v) {
            console = v, i++;
        } else if (!strcmp(a, "--input") && v) {
            input = v, i++;
        } else if (!strcmp(a, "--trace") && v) {
            trace = v, i++;
        } else if (!strcmp(a, "--timing")) {
            timing = true;
        } else if (!strcmp(a, "--profile")) {
            profile = true;
        } else if (!strcmp(a, "--wall-clock")) {
            wall = true;
        } else if (a[0] == '-' || image) {
            fprintf(stderr, "creasy run: unknown argument '%s'\n", a);
            return usage("see above");
        } else {
            image = a;
        }
    }
    if (!image)
        return usage("no image given");

    struct machine *m = machine_new(mem);
    if (!m) {
        fprintf(stderr, "creasy run: cannot allocate %u bytes of storage\n", mem);
        return 2;
    }
    clock_init(m, wall);
    static struct elf_image img;
    char err[512];
    if (elf_load(m, image, &img, err, sizeof err) < 0) {
        fprintf(stderr, "creasy run: %s\n", err);
        machine_free(m);
        return 2;
    }
    FILE *out = stderr, *in = NULL, *tr = NULL;
    if (console && !(out = fopen(console, "w"))) {
        fprintf(stderr, "creasy run: %s: %s\n", console, strerror(errno));
        machine_free(m);
        return 2;
    }
    if (input && !(in = fopen(input, "r"))) {
        fprintf(stderr, "creasy run: %s: %s\n", input, strerror(errno));
        machine_free(m);
        return 2;
    }
    if (trace && !(tr = fopen(trace, "w"))) {
        fprintf(stderr, "creasy run: %s: %s\n", trace, strerror(errno));
        machine_free(m);
        return 2;
    }
    m->trace = tr;
    chan_attach(m, con3215_new(0x009, out, in, NULL));
    if (profile)
        m->count.op = calloc(ISA_COUNT, sizeof *m->count.op);

    for (size_t k = 0; k < sizeof harness / sizeof harness[0]; k++)
        if (be64(m->mem + harness[k].new_psw) == 0)
            put64(m->mem + harness[k].new_psw, 0x000A000080000000ull | HARNESS_WAIT | harness[k].new_psw);
    for (int k = 0; k < ngprs; k++)
        m->cpu.gr[gpr_n[k]] = gpr_v[k];
    cpu_load_psw(&m->cpu, 0x0008000080000000ull | img.entry);

    double t0 = now_s();
    enum stop s;
    u64 start = m->cpu.icount, work = cpu_work(m);
    for (;;) {
        u64 left = limit - (cpu_work(m) - work);
        s = cpu_run(m, left);
        if (s == STOP_LIMIT || s == STOP_WAIT || s == STOP_CHECKSTOP || s == STOP_IDLE)
            break;
    }
    double t1 = now_s();
    u64 ninsn = m->cpu.icount - start;

    struct cpu *c = &m->cpu;
    u64 psw = cpu_psw(c);
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
    for (int r = 0; r < 16; r++)
        printf("R%d=%08X\n", r, c->gr[r]);
    for (int d = 0; d < ndumps; d++) {
        u32 a = dump_addr[d], len = dump_len[d];
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
    printf("INSTRUCTIONS=%llu\n", (unsigned long long)ninsn);
    if (timing) {
        printf("RUN_S=%.6f\n", t1 - t0);
        printf("MIPS=%.2f\n", t1 > t0 ? ninsn / (t1 - t0) / 1e6 : 0.0);
    }
    if (profile)
        print_profile(m);
    int rc = (!strcmp(stop, "WAIT") || !strcmp(stop, "SVC")) ? 0 : 1;
    if (out != stderr)
        fclose(out);
    if (in)
        fclose(in);
    if (tr)
        fclose(tr);
    machine_free(m);
    return rc;
}
