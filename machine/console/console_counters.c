/* console_counters.c: what the machine counts and traces (counters,
 * profile, trace).
 *
 * Design note. The CPU keeps its counters in m->count as it runs
 * (machine.h); this file only shows them: instructions by state,
 * interruptions by class and code, entries into supervisor state and what
 * each cost (a VMM's work in trap mode), SIE's interceptions and their
 * cost. Counting by opcode (profile) costs time, so it is off until asked.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "console.h"
#include "hostfile.h"
#include "trace.h"

int con_cmd_trace(struct console *con, int argc, char **argv)
{
    struct machine *m = con->m;
    if (argc != 2)
        return con_wrong_args(con, "trace");
    int closed = 0;
    if (m->trace && m->trace != stdout)
        closed = hostfile_close(m->trace);   /* a write error is reported there */
    m->trace = NULL;
    if (!strcasecmp(argv[1], "off"))
        return closed;
    char err[4200];
    m->trace = !strcmp(argv[1], "-") ? stdout : hostfile_open(argv[1], err, sizeof err);
    if (!m->trace) {
        con_error(con, "%s", err);
        return -1;
    }
    return closed;
}

int con_cmd_profile(struct console *con, int argc, char **argv)
{
    struct machine *m = con->m;
    if (argc != 2 || (strcasecmp(argv[1], "on") && strcasecmp(argv[1], "off")))
        return con_wrong_args(con, "profile");
    if (!strcasecmp(argv[1], "on") && !m->count.op)
        m->count.op = calloc(ISA_COUNT, sizeof *m->count.op);
    if (!strcasecmp(argv[1], "off")) {
        free(m->count.op);
        m->count.op = NULL;
    }
    return 0;
}

static void top_counts(struct console *con, const u64 *counts, int n, int show, const char *title, bool by_insn)
{
    int order[ISA_COUNT > 256 ? ISA_COUNT : 256];
    int k = 0;
    for (int i = 0; i < n; i++)
        if (counts[i])
            order[k++] = i;
    for (int i = 0; i < k; i++)
        for (int j = i + 1; j < k; j++)
            if (counts[order[j]] > counts[order[i]]) {
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
    if (!k)
        return;
    fprintf(con->out, "%s:", title);
    for (int i = 0; i < k && i < show; i++) {
        if (by_insn)
            fprintf(con->out, " %s %llu", con->m->isa[order[i]].mnemonic, (unsigned long long)counts[order[i]]);
        else
            fprintf(con->out, " %X:%llu", order[i], (unsigned long long)counts[order[i]]);
    }
    fprintf(con->out, "\n");
}

/* The entries into supervisor state from problem state, by cause, with
 * what each cost: under a VMM in trap mode, the guests run in problem
 * state and every entry is the VMM's work. */
static void show_entries(struct console *con)
{
    const struct counters *k = &con->m->count;
    u64 entries = 0, traps = 0;
    for (int i = 0; i < CAUSES; i++) {
        entries += k->entry[i];
        if (i < ISA_COUNT || i == CAUSE_SVC || i == CAUSE_PGM)
            traps += k->entry[i];   /* those a problem-state instruction caused */
    }
    if (!entries)
        return;
    fprintf(con->out, "problem-state instructions that needed supervisor state (traps, SVCs, program checks): %llu of %llu, "
                      "%.4f ran without it\n",
            (unsigned long long)traps, (unsigned long long)k->insn_problem,
            k->insn_problem ? 1.0 - (double)traps / (double)k->insn_problem : 1.0);
    fprintf(con->out, "entries into supervisor state from problem state, by cause: count x supervisor instructions each\n");
    for (int i = 0; i < CAUSES; i++) {
        if (!k->entry[i])
            continue;
        static const char *const other[] = {"SVC", "program", "external", "I/O", "other"};
        const char *name = i < ISA_COUNT ? con->m->isa[i].mnemonic : other[i - ISA_COUNT];
        fprintf(con->out, "  %-9s %9llu x %8.1f\n", name, (unsigned long long)k->entry[i],
                (double)k->entry_cost[i] / (double)k->entry[i]);
    }
}

/* Under SIE: how often interpretation ended, why, and what each cost
 * the host until its next SIE. */
static void show_sie_exits(struct console *con)
{
    const struct counters *k = &con->m->count;
    u64 exits = 0;
    for (int i = 0; i < SIE_EXIT_COUNT; i++)
        exits += k->sie_exit[i];
    if (!k->sie_entries && !exits)
        return;
    fprintf(con->out, "SIE: %llu entries; interpretation ended %llu times, %.1f per million guest instructions; "
                      "by interception code: count x host instructions each\n",
            (unsigned long long)k->sie_entries, (unsigned long long)exits,
            k->insn_guest ? 1e6 * (double)exits / (double)k->insn_guest : 0.0);
    static const char *const names[SIE_EXIT_COUNT] = SIE_EXIT_NAMES;
    for (int i = 0; i < SIE_EXIT_COUNT; i++) {
        if (!k->sie_exit[i])
            continue;
        const char *name = names[i] ? names[i] : "?";
        fprintf(con->out, "  %02X %-12s %9llu x %8.1f\n", i * 4, name, (unsigned long long)k->sie_exit[i],
                (double)k->sie_exit_cost[i] / (double)k->sie_exit[i]);
    }
}

int con_cmd_counters(struct console *con, int argc, char **argv)
{
    struct machine *m = con->m;
    struct counters *k = &m->count;
    if (argc == 2 && !strcasecmp(argv[1], "reset")) {
        u64 *op = k->op;
        memset(k, 0, sizeof *k);
        k->op = op;
        if (op)
            memset(op, 0, ISA_COUNT * sizeof *op);
        return 0;
    }
    if (argc != 1)
        return con_wrong_args(con, "counters");
    u64 total = k->insn_problem + k->insn_supervisor + k->insn_guest;
    fprintf(con->out, "instructions: %llu (problem state %llu, supervisor state %llu, interpreted under SIE %llu)\n",
            (unsigned long long)total, (unsigned long long)k->insn_problem, (unsigned long long)k->insn_supervisor,
            (unsigned long long)k->insn_guest);
    fprintf(con->out, "interruptions:");
    for (int i = 0; i < IRQ_CLASSES; i++)
        fprintf(con->out, " %s %llu", irq_class_names[i], (unsigned long long)k->irq[i]);
    fprintf(con->out, "\n");
    fprintf(con->out, "external: clock comparator %llu, CPU timer %llu, interrupt key %llu\n",
            (unsigned long long)k->ext[0], (unsigned long long)k->ext[1], (unsigned long long)k->ext[2]);
    top_counts(con, k->pgm, 64, 16, "program interruptions by code", false);
    top_counts(con, k->svc, 256, 16, "SVCs by number", false);
    top_counts(con, k->priv, ISA_COUNT, 16, "privileged instructions run", true);
    if (k->op)
        top_counts(con, k->op, ISA_COUNT, 12, "busiest instructions", true);
    else
        fprintf(con->out, "busiest instructions: 'profile on' counts instructions by opcode\n");
    fprintf(con->out, "time waiting: %llu us of virtual time\n", (unsigned long long)(k->wait_tod / 4096));
    show_entries(con);
    show_sie_exits(con);
    return 0;
}
