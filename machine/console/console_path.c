/* console_path.c: `path PATH [N]`, the trap path of a guest at any
 * level: what one of its sensitive events costs, level by level.
 *
 *   path CPL1/KERNEL      run until KERNEL runs, then until its next
 *                         entry into a CP on its behalf, then until it
 *                         runs its next instruction, and show the chain:
 *                         its instruction, each entry into a CP (level,
 *                         cause, the machine's instruction that caused
 *                         it), the instructions each level's CP spent,
 *                         and its next instruction; then the totals
 *   path CPL1/KERNEL 10   the same for ten events, the first shown, and
 *                         the averages
 *
 * Design note. A view for one event, so it single-steps the machine with
 * the console's own stepping (con_run, one instruction at a time, as
 * `step` does) and asks before and after every step who runs
 * (vmt_where: the tables' current users, the machine's problem bit and
 * the origin of the guest it interprets). An instruction belongs to who
 * ran it. An entry into a CP is a step after which a CP on the guest's
 * path runs and another did before, starting at one of its new PSWs (an
 * interruption: its low core says the code) or just after or at its SIE
 * (the end of its interpretation: its state description says the code);
 * a CP that starts anywhere else is resumed, not entered. Stepping changes
 * nothing that runs: time is the instruction count, and the run ends
 * where the same instructions would have taken it (tests/cp/path.sh
 * checks the count with and without `path`). Nothing here writes to
 * storage or the tables; the breakpoints that reach the guest are the
 * ones `step vm` uses, removed before the view starts.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "access.h"
#include "console.h"
#include "dat.h"
#include "vmtable.h"
#include "vmtable_view.h"

#define PATH_STEPS_MAX 50000000ull   /* instructions for one event before the view gives up */
#define PATH_LINES_MAX 200           /* chain lines shown for one event; the rest are only counted */
#define PATH_EVENTS_MAX 10000
#define WHO_GUEST 0                  /* who ran: the guest; a CP level 1..; another user */
#define WHO_OTHER (-1)

struct pth {
    struct console *con;
    struct vmt_path g;               /* the guest and the tables above it */
    u32 key;
    char name[VMT_MAX_PATH];
    bool show;                       /* this event's chain is shown */
    u8 *keys;                        /* pth_peek's copy of the storage keys */
    int lines;
    /* this event */
    u64 entries[VMT_MAX_DEPTH + 1];  /* entries into the CP of each level */
    u64 insns[VMT_MAX_DEPTH + 1];    /* instructions of the CP of each level; [0]: other users' */
    u64 between;                     /* instructions from after its instruction to before its next */
    /* all events */
    u64 events, sum_entries[VMT_MAX_DEPTH + 1], sum_insns[VMT_MAX_DEPTH + 1], sum_between;
};

/* Who the machine runs, for this guest: WHO_GUEST (it, or anything it
 * runs), the level of a CP on its path, or WHO_OTHER. */
static int pth_who(const struct pth *t, const struct vmt_where *w)
{
    if (vmt_key_depth(w, t->key))
        return WHO_GUEST;
    if (!w->cp || w->p.depth >= t->g.depth)
        return WHO_OTHER;
    for (int d = 0; d < w->p.depth; d++)
        if (w->p.vm[d].index != t->g.vm[d].index || w->p.view[d].base != t->g.view[d].base)
            return WHO_OTHER;
    return w->p.depth + 1;
}

static int pth_now(const struct pth *t, struct vmt_where *w)
{
    struct vmt_cpu s;
    vmt_cpu_now(t->con->m, &s);
    if (!vmt_where(t->con->m, &s, w))
        return WHO_OTHER;
    return pth_who(t, w);
}

/* The instruction at the PSW, as text, read without side effects: the
 * TLB's translation; else DAT's walk, with the reference bits it sets
 * (and what a host fault notes) put back as they were; "?" if it does
 * not translate. */
static void pth_peek(struct pth *t, char *out, size_t n)
{
    struct machine *m = t->con->m;
    struct cpu *c = &m->cpu;
    u32 ia = c->ia, abs = ia;
    struct tlbe *e = tlb_entry(c, ACC_IFETCH, ia);
    bool ok = true;
    u8 b[6];
    snprintf(out, n, "?");
    if (e->tag == ((ia & ~PAGE_MASK) | c->tlb_ctx)) {
        abs = (e->frame << PAGE_SHIFT) | (ia & PAGE_MASK);
    } else if ((c->psw_sys & PSW0_T) || c->sie.active) {
        struct dat_result r = {.real = ia};
        int fault = c->sie.host_fault;
        u32 tea = c->sie.host_tea;
        memcpy(t->keys, m->keys, m->nframes);
        if (c->psw_sys & PSW0_T)
            ok = dat_walk(c, ia, &r) == DAT_OK;
        abs = r.real;
        if (ok && c->sie.active)
            ok = sie_abs(c, r.real, &abs) == 0;
        memcpy(m->keys, t->keys, m->nframes);
        c->sie.host_fault = fault;
        c->sie.host_tea = tea;
    }
    if (!ok || !stor_valid(m, abs, 2) || !stor_valid(m, abs, (u32)isa_length(m->mem[abs])))
        return;
    memcpy(b, m->mem + abs, (size_t)isa_length(m->mem[abs]));
    char dis[64];
    isa_disasm_in(m->isa, b, ia, dis, sizeof dis);
    snprintf(out, n, "%s", dis);
}

static void pth_line(struct pth *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void pth_line(struct pth *t, const char *fmt, ...)
{
    if (!t->show || ++t->lines > PATH_LINES_MAX)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(t->con->out, fmt, ap);
    va_end(ap);
}

/* A word of a CP's storage (its real address a), or 0 outside it. */
static u32 cp_word(const struct machine *m, const struct vmt_view *v, u32 a)
{
    if (a > v->limit - 4 || !stor_valid(m, v->base + a, 4))
        return 0;
    return be32(m->mem + v->base + a);
}

static const char *sie_code_name(u32 code)
{
    for (const struct isa_named *k = isa_sie_codes; k->name; k++)
        if (k->value == code)
            return k->name;
    return "?";
}

/* The interception code of the SIE that the CP of w ran: the first
 * level's, the machine's last state description; a CP under CP's, its
 * current user's. */
static bool pth_icode(const struct machine *m, const struct vmt_where *w, u32 *code)
{
    if (w->p.depth == 0) {
        *code = m->mem[m->cpu.sie.sd + SD_ICODE];
        return true;
    }
    struct vmt_vm u;
    const struct vmt_view *v = &w->cpv;
    if (v->current == VMT_NONE || !vmt_entry(m, v, v->current, &u) || u.mode != VMT_MODE_SIE)
        return false;
    *code = cp_word(m, v, (u.sd + SD_ICODE) & ~3u) >> (8 * (3 - ((u.sd + SD_ICODE) & 3))) & 0xFF;
    return true;
}

/* Was the CP of w (which now runs) entered: at one of its new PSWs, or
 * after (or at) its SIE? Its cause in buf; false: it was resumed. */
static bool pth_entry(const struct pth *t, const struct vmt_where *w, bool sie_ended, char *buf, size_t n)
{
    struct machine *m = t->con->m;
    const struct vmt_view *v = &w->cpv;
    u32 ia = m->cpu.ia;
    static const struct { u32 at; const char *name; } news[] = {
        {LC_PGM_NEW_PSW, "program"}, {LC_SVC_NEW_PSW, "SVC"}, {LC_EXT_NEW_PSW, "external"},
        {LC_IO_NEW_PSW, "I/O"},      {LC_MCK_NEW_PSW, "machine check"}, {LC_RESTART_NEW_PSW, "restart"},
    };
    const char *ended = sie_ended ? ", ending interpretation" : "";
    for (size_t i = 0; i < sizeof news / sizeof news[0]; i++) {
        if ((cp_word(m, v, news[i].at + 4) & ADDR_MASK) != ia)
            continue;
        u32 pgm = cp_word(m, v, LC_PGM_INT_ID) & 0xFFFF, ext = cp_word(m, v, LC_EXT_CPU_ADDR) & 0xFFFF;
        u32 svc = cp_word(m, v, LC_SVC_INT_ID) & 0xFFFF, io = cp_word(m, v, LC_IO_ADDR) & 0xFFFF;
        if (news[i].at == LC_PGM_NEW_PSW)
            snprintf(buf, n, "program interruption %04X (%s)%s", pgm, con_pgm_name(pgm), ended);
        else if (news[i].at == LC_SVC_NEW_PSW)
            snprintf(buf, n, "SVC %u%s", svc, ended);
        else if (news[i].at == LC_EXT_NEW_PSW)
            snprintf(buf, n, "external interruption %04X%s", ext, ended);
        else if (news[i].at == LC_IO_NEW_PSW)
            snprintf(buf, n, "I/O interruption from %03X%s", io, ended);
        else
            snprintf(buf, n, "%s interruption%s", news[i].name, ended);
        return true;
    }
    u32 code;
    if (ia == ((v->dispatch_sie + 4) & ADDR_MASK) || ia == v->dispatch_sie) {
        if (!pth_icode(m, w, &code))
            snprintf(buf, n, "end of interpretation");
        else
            snprintf(buf, n, "end of interpretation, interception code %02X (%s)", code, sie_code_name(code));
        return true;
    }
    return false;
}

static void who_text(const struct pth *t, int who, char *out, size_t n)
{
    if (who == WHO_GUEST)
        snprintf(out, n, "%s", t->name);
    else if (who == WHO_OTHER)
        snprintf(out, n, "other users");
    else
        snprintf(out, n, "level-%d CP", who);
}

static void pth_segment(struct pth *t, int who, u64 insns)
{
    char w[VMT_MAX_PATH + 16];
    who_text(t, who, w, sizeof w);
    pth_line(t, "     %-14s %llu instructions\n", w, (unsigned long long)insns);
}

/* Step once: the instructions it ran, or -1 after reporting a stop. */
static long pth_step(struct pth *t)
{
    struct machine *m = t->con->m;
    u64 before = m->cpu.icount;
    enum stop s = con_run(t->con, 1);
    if (s != STOP_LIMIT) {
        fprintf(t->con->out, "path: the machine stopped before %s's next instruction\n", t->name);
        con_report_stop(t->con, s);
        return -1;
    }
    return (long)(m->cpu.icount - before);
}

/* Until the guest leaves for a CP: its last instruction (text, address). */
static int pth_guest_runs(struct pth *t, char *text, size_t n, u32 *ia, bool *was_sie)
{
    struct machine *m = t->con->m;
    struct vmt_where w;
    snprintf(text, n, "?");
    *ia = m->cpu.ia;
    for (u64 i = 0;; i++) {
        char now[64];
        u32 at = m->cpu.ia;
        *was_sie = m->cpu.sie.active;
        pth_peek(t, now, sizeof now);
        long ran = pth_step(t);
        if (ran < 0)
            return -1;
        if (ran) {
            snprintf(text, n, "%s", now);
            *ia = at;
        }
        if (pth_now(t, &w) != WHO_GUEST)
            return 0;
        if (i == PATH_STEPS_MAX) {
            fprintf(t->con->out, "path: %s ran %llu instructions without entering a CP\n", t->name,
                    (unsigned long long)PATH_STEPS_MAX);
            return -1;
        }
    }
}

/* From the guest's exit to its next instruction: the chain. */
static int pth_chain(struct pth *t, const char *text, u32 ia, bool was_sie)
{
    struct machine *m = t->con->m;
    struct vmt_where w, prev_w;
    char cause[120], by[64];
    int who = pth_now(t, &w);
    u64 seg = 0, start = m->cpu.icount;
    bool prev_sie = was_sie;
    u32 by_ia = ia;
    int by_who = WHO_GUEST;
    snprintf(by, sizeof by, "%s", text);
    prev_w = w;
    for (u64 i = 0; who != WHO_GUEST; i++) {
        if (who > 0 && (i == 0 || pth_who(t, &prev_w) != who) && pth_entry(t, &w, prev_sie && !m->cpu.sie.active,
                                                                           cause, sizeof cause)) {
            char bw[VMT_MAX_PATH + 16];
            who_text(t, by_who, bw, sizeof bw);
            t->entries[who]++;
            pth_line(t, "  -> level-%d CP    %s, by %s at %08X (%s)\n", who, cause, by, by_ia, bw);
        }
        if (i == PATH_STEPS_MAX) {
            fprintf(t->con->out, "path: %s did not run again within %llu instructions\n", t->name,
                    (unsigned long long)PATH_STEPS_MAX);
            return -1;
        }
        prev_sie = m->cpu.sie.active;
        by_ia = m->cpu.ia;
        by_who = who;
        pth_peek(t, by, sizeof by);
        long ran = pth_step(t);
        if (ran < 0)
            return -1;
        seg += (u64)ran;
        t->insns[who > 0 ? who : 0] += (u64)ran;
        prev_w = w;
        int next = pth_now(t, &w);
        if (next != who) {
            pth_segment(t, who, seg);
            seg = 0;
        }
        who = next;
    }
    t->between = m->cpu.icount - start;
    return 0;
}

static int pth_event(struct pth *t)
{
    struct machine *m = t->con->m;
    char text[64], next[64];
    u32 ia;
    bool was_sie;
    enum stop why;
    int rc = con_run_to_user(t->con, &t->g, t->key, &why);
    if (rc < 0)
        return -1;
    if (rc == 0) {
        if (why == STOP_IDLE)
            fprintf(t->con->out, "path: %s waits, and nothing will wake it (type to it, then path again)\n", t->name);
        else
            con_report_stop(t->con, why);
        return -1;
    }
    memset(t->entries, 0, sizeof t->entries);
    memset(t->insns, 0, sizeof t->insns);
    t->lines = 0;
    if (pth_guest_runs(t, text, sizeof text, &ia, &was_sie) < 0)
        return -1;
    pth_line(t, "  %-16s %08X  %-28s its instruction\n", t->name, ia, text);
    if (pth_chain(t, text, ia, was_sie) < 0)
        return -1;
    pth_peek(t, next, sizeof next);
    if (t->show && t->lines > PATH_LINES_MAX)
        fprintf(t->con->out, "  ... (%d more lines)\n", t->lines - PATH_LINES_MAX);
    t->lines = 0;
    pth_line(t, "  %-16s %08X  %-28s its next instruction\n", t->name, m->cpu.ia, next);
    t->events++;
    t->sum_between += t->between;
    for (int l = 0; l <= VMT_MAX_DEPTH; l++) {
        t->sum_entries[l] += t->entries[l];
        t->sum_insns[l] += t->insns[l];
    }
    return 0;
}

/* The totals: of this event (n = 1) or the averages of n. */
static void pth_totals(struct pth *t, const u64 *entries, const u64 *insns, u64 between, u64 n)
{
    FILE *o = t->con->out;
    int top = t->g.depth;
    fprintf(o, "entries into CP:");
    for (int l = 1; l <= top; l++)
        fprintf(o, " level %d %.*f%s", l, n > 1 ? 2 : 0, (double)entries[l] / (double)n, l < top ? "," : "");
    fprintf(o, "  (exit multiplication: %.*f first-level entries for %s)\n", n > 1 ? 2 : 0, (double)entries[1] / (double)n,
            n > 1 ? "each event" : "this one event");
    fprintf(o, "CP instructions:");
    u64 sum = insns[0];
    for (int l = 1; l <= top; l++) {
        fprintf(o, " level %d %.*f%s", l, n > 1 ? 2 : 0, (double)insns[l] / (double)n, l < top ? "," : "");
        sum += insns[l];
    }
    fprintf(o, "; other users %.*f; in all %.*f of %.*f between its two instructions\n", n > 1 ? 2 : 0,
            (double)insns[0] / (double)n, n > 1 ? 2 : 0, (double)sum / (double)n, n > 1 ? 2 : 0,
            (double)between / (double)n);
}

static void pth_free(struct pth *t)
{
    if (t)
        free(t->keys);
    free(t);
}

int con_cmd_path(struct console *con, int argc, char **argv)
{
    struct pth *t = calloc(1, sizeof *t);
    u64 n = 1;
    char err[160];
    if (argc < 2 || argc > 3)
        return pth_free(t), con_wrong_args(con, "path");
    if (!t || !(t->keys = malloc(con->m->nframes)) || (argc == 3 && con_count(con, argv[2], &n) < 0))
        return pth_free(t), -1;
    if (n < 1 || n > PATH_EVENTS_MAX) {
        con_error(con, "path: from 1 to %d events", PATH_EVENTS_MAX);
        return pth_free(t), -1;
    }
    t->con = con;
    if (!vmt_resolve(con->m, argv[1], &t->g, err, sizeof err) || !vmt_key(&t->g, &t->key)) {
        con_error(con, "%s", t->g.depth ? "its table is not on a 4K boundary" : err);
        return pth_free(t), -1;
    }
    for (int d = 0; d < t->g.depth; d++) {
        size_t len = strlen(t->name);
        snprintf(t->name + len, sizeof t->name - len, "%s%s", d ? "/" : "", t->g.vm[d].userid);
    }
    fprintf(con->out, "path %s: a level-%d guest;", t->name, t->g.depth);
    for (int d = 0; d < t->g.depth; d++)
        fprintf(con->out, " the level-%d CP runs %s %s%s", d + 1, t->g.vm[d].userid,
                t->g.vm[d].mode == VMT_MODE_SIE ? "under SIE" : "by trap and emulate", d + 1 < t->g.depth ? "," : "\n");
    bool interactive = con->interactive;
    con->interactive = false;   /* one event's runs end here, not in the background */
    int rc = 0;
    for (u64 e = 0; e < n && rc == 0; e++) {
        t->show = e == 0;
        rc = pth_event(t);
        if (rc == 0 && e == 0)
            pth_totals(t, t->entries, t->insns, t->between, 1);
    }
    con->interactive = interactive;
    con->last_stop = STOP_STEP;
    if (t->events > 1) {
        fprintf(con->out, "averages over %llu events:\n", (unsigned long long)t->events);
        pth_totals(t, t->sum_entries, t->sum_insns, t->sum_between, t->events);
    }
    pth_free(t);
    return rc;
}
