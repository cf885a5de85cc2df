#!/usr/bin/env python3
"""The flawed machine's three remedies side by side (issue 14, section 4):
binary translation, paravirtualization and hardware assist (SIE), with
trap and emulate on the sound machine for reference, on the same guest
kernels, measured in instructions.

    bench/flawed_bench.py BUILD_DIR   (make bench runs it through
                                       bench/run.sh; BENCH_PARTS=flawed
                                       make bench runs only this part)

It needs BUILD_DIR/creasy, cp/cp.elf, programs/bench/flawloads.elf and
programs/bench/forkwait.elf (`make bench` builds them), builds its CP
system disks and IPL disks in a temporary directory, and reports counts
from this one run: no figure is a time, and every figure is the same in
every run on any host.

Workloads: bare-machine kernels (programs/bench/flawloads.c and
forkwait.c; their comments say what each does), IPLed from an FBA disk
at 100, with R2 = the workload and R3 = the count set by the console at
the IPL PSW, as cp_bench does for privloop. Each masks interruptions only
through psw_ops.h, so the same binary masks natively or, IPLed with PARM
PV, paravirtually. Each prints one result line, which must be the same
in every configuration, and ends in the pass wait.
  compute, user     rounds of a hash loop in problem state
  compute, kernel   the same in supervisor state (which bt translates)
  SVC-heavy         null system calls from problem state: SVC, LPSW back
  privileged-heavy  critical sections: STNSM X'FC', work, SSM (psw_ops.h)
  I/O               one-block FBA reads: masked SIO, enabled wait, I/O
                    interruption
  forkwait          Adams and Agesen's forkwait: per fork an address space
                    built (segment and page tables, SSKE), CR1 loaded, a
                    child run in problem state with DAT on touching 8
                    pages, its exit (SVC), the pages invalidated (IPTE)

Configurations (a CP system as tests/flawed/run.sh builds one: CP at 1A0,
the user KERNEL with the kernel's disk as its 100, in its own mode):
  bare        the flawed machine, no CP (`machine: {variant: flawed}`)
  bare-sound  the sound machine, no CP
  trap-sound  the sound machine, CP in trap mode: the reference, classic
              trap and emulate (on the flawed machine it is wrong)
  bt          the flawed machine, `mode: bt` (cp/bt.c)
  pv          the flawed machine, trap mode, the kernel IPLed with PARM PV
              (its mask in storage shared with CP, cp/pv.c)
  sie         the flawed machine, `mode: sie`: SIE interprets EPSW, SSM,
              STOSM, STNSM against the guest's PSW

Counts. Each workload runs twice per configuration, with its count N and
with 0; every figure is the difference, so CP's IPL, the kernel's set-up
and its output are not in it. (The two runs take the same paths but for
the work, nearly: where they part, as when bt's cache is emptied at each
I/O, a small count can come out a little below zero.) From the machine's counters (the console's
`counters`, reset before the IPL):
  B   bare instructions: all instructions of the work on the bare machine
      of the same variant;
  T   all instructions of the work under CP;
  G   guest instructions: problem state (trap, pv, bt: the guest's own,
      and bt's translated copies of its supervisor), or interpreted under
      SIE (sie);
  C   CP's instructions: supervisor state;
  E   entries into CP: trap, pv, bt: entries into supervisor state from
      problem state, by cause (a privileged instruction that trapped, by
      mnemonic; SVC; program: in bt mostly the exit stubs, else shadow
      faults CP resolves and interruptions it reflects; external; I/O);
      sie: ends of interpretation, by interception code.
Throughput against bare is B / T: the work per instruction spent, if
every instruction costs the host the same (they do not quite: cp_bench
times them). Elapsed is the same in the machine's virtual time (64
instructions a microsecond, and the waits: the devices' time, the same
everywhere, which B / T leaves out): it differs from B / T only for I/O.
Then E / G x 1e6 entries per million guest instructions,
C / E CP instructions per entry, C / G x 1e6 CP instructions per million
guest instructions, and by cause: entries per million guest instructions
x CP instructions each (the console gives each cause's CP instructions;
CP's work while the guest waits, as for an I/O completion, follows no
entry and is shown as "waiting"). The program entries are split by CP's
own counters: bt's exits through stubs (`bt KERNEL`) and the
interruptions CP reflected (`vms` PGMS); the rest CP resolved itself
(shadow-table faults, stores into translated code). bt's translation
cache: translations, dispatches that found their block, exits, chains,
instructions CP emulated, emptyings, per million guest instructions.

BENCH_FLAWED_SCALE (default 1) multiplies every count. Results go to
stdout and, as markdown, to BUILD_DIR/bench-flawed.md, which
bench/run.sh appends to BUILD_DIR/bench.md. KEEP=1 keeps the temporary
directory.
"""
import os
import re
import sys
import time

from cpsys import Bench, Counters, die

SCALE = float(os.environ.get("BENCH_FLAWED_SCALE", "1"))
KERNELS = ("flawloads", "forkwait")
WORKLOADS = (   # name, what, kernel, R2, count (R3), its unit
    ("compute-user", "compute-bound, user", "flawloads", 0, 64, "rounds of 2^16 hash steps"),
    ("compute-kernel", "compute-bound, kernel", "flawloads", 1, 64, "rounds of 2^16 hash steps"),
    ("svc", "SVC-heavy", "flawloads", 2, 100000, "null system calls"),
    ("priv", "privileged-heavy", "flawloads", 3, 100000, "critical sections"),
    ("io", "I/O", "flawloads", 4, 10000, "block reads"),
    ("forkwait", "forkwait", "forkwait", 0, 40000, "forks"),
)
CONFIGS = (   # name, machine variant, CP mode (None: bare), IPL parameter, the bare run it is measured against
    ("bare", "flawed", None, "", None),
    ("bare-sound", "sound", None, "", None),
    ("trap-sound", "sound", "trap", "", "bare-sound"),
    ("bt", "flawed", "bt", "", "bare"),
    ("pv", "flawed", "trap", "PV", "bare"),
    ("sie", "flawed", "sie", "", "bare"),
)
UNDER_CP = [c for c in CONFIGS if c[2]]
WHAT = {"trap-sound": "trap (sound machine)", "bt": "bt", "pv": "pv (trap + PARM PV)", "sie": "sie"}
MARK = "==== work"
INSNS_PER_US = 64   # the machine's virtual time: 64 instructions a microsecond (machine/cpu/clock.c)
MAIN_CAUSE = 0.03   # a cause is shown if it makes up this share of CP's instructions
BT_FIELDS = ("blocks", "translations", "hits", "exits", "chains", "emulations", "invalidations")


# ---- the systems ----------------------------------------------------------------------------------

def cp_disk(b, mode):
    """A CP system disk whose directory has OPERATOR and KERNEL, KERNEL in `mode`."""
    name = "cp-" + mode
    with open(b.path(name + ".yaml"), "w") as f:
        f.write("users:\n"
                "  - {userid: OPERATOR, class: ABCDEFG, storage: 1M, console: {vaddr: 009, terminal: 009}, "
                "autolog: true}\n"
                "  - {userid: KERNEL, storage: 2M, mode: %s, console: {vaddr: 009, terminal: 020}, "
                "mdisks: [{vaddr: 100, rdev: 100, start: 0, blocks: 128, mode: R}], autolog: true}\n" % mode)
    disk = b.path(name + ".disk")
    b.tool("directory", "compile", b.path(name + ".yaml"), b.path(name + ".direct"))
    b.tool("disk", "format", disk, "--blocks", "2048", "--label", "CPFLAW", "--nucleus-blocks", "1024")
    b.tool("disk", "ipl", disk, os.path.join(b.build, "cp", "cp.elf"))
    b.tool("disk", "put", disk, b.path(name + ".direct"), "USER", "DIRECT", "--binary")
    return disk


def systems(b):
    """{(configuration, kernel): its system configuration's path}."""
    kdisk = {k: b.ipl_disk(k, "programs/bench/%s.elf" % k) for k in KERNELS}
    cpdisk = {mode: cp_disk(b, mode) for mode in sorted({c[2] for c in UNDER_CP})}
    out = {}
    for name, variant, mode, _, _ in CONFIGS:
        for k in KERNELS:
            devices = ["address: 100, type: FBA, file: %s, readonly: true" % kdisk[k]]
            if mode:
                devices = ["address: 020, type: 3215",
                           "address: 1A0, type: FBA, file: %s, readonly: true" % cpdisk[mode]] + devices
            path = b.system("%s-%s" % (name, k), "16M" if mode else "2M", "1A0" if mode else None, devices)
            with open(path, "a") as f:
                f.write("machine: {variant: %s}\n" % variant)
            out[name, k] = path
    return out


# ---- one run ----------------------------------------------------------------------------------------

def script(config, w, n):
    name, _, mode, parm, _ = config
    regs = ["gpr 2 %X" % w, "gpr 3 %X" % n]
    if not mode:
        return ["ipl 100 stop"] + regs + ["counters reset", "go", "echo " + MARK, "counters"]
    return (["step vm KERNEL", "console KERNEL", "counters reset", ".ipl 100" + (" parm " + parm if parm else "")]
            + regs + ["go", "echo " + MARK, "counters", "vms"] + (["bt KERNEL"] if mode == "bt" else []))


def said(config, out):
    """The kernel's result lines, and whether it reached its pass wait."""
    tag = "KERNEL: " if config[2] else "009: "
    lines = [line[len(tag):] for line in out[:out.index(MARK)].splitlines()
             if line.startswith(tag) and re.match(r"(FLAWLOADS|FORKWAIT): ", line[len(tag):])]
    passed = ("DISABLED WAIT PSW '000A0000 8000600D'" in out) if config[2] else \
        ("disabled wait, code 0000600D" in out)
    return lines, passed


def counts(config, out):
    """What one run's counters, CP's VM table and its translation cache say."""
    k = Counters(out, MARK)
    tail = out[out.index(MARK):]
    w = re.search(r"^time waiting: (\d+) us of virtual time", tail, re.M)
    r = dict(total=k.problem + k.supervisor + k.interpreted, problem=k.problem, supervisor=k.supervisor,
             interpreted=k.interpreted, waiting=int(w.group(1)) if w else 0,
             causes={c: (n, n * each) for c, (n, each) in (k.exits if config[2] == "sie" else k.traps).items()})
    if config[2]:
        m = re.search(r"^KERNEL +\w+ +\w+ +[0-9A-F]{8} [0-9A-F]{8} +\w+ +(\d+) +(\d+) +(\d+) +(\d+)", tail, re.M)
        if not m:
            die("%s: no KERNEL in vms:\n%s" % (config[0], tail[-2000:]))
        r.update(traps=int(m.group(1)), svcs=int(m.group(2)), pgms=int(m.group(3)))
    if config[2] == "bt":
        m = re.search(r"translation cache: (\d+) blocks now; (\d+) translated, (\d+) dispatches found their block, "
                      r"(\d+) exits through stubs \((\d+) chained\), (\d+) instructions emulated by CP, "
                      r"emptied (\d+) times", tail)
        if not m:
            die("bt: no translation cache for KERNEL:\n" + tail[-2000:])
        r["bt"] = dict(zip(BT_FIELDS, (int(x) for x in m.groups())))
    return r


def minus(a, b):
    """The counts of run a less those of run b (dicts of numbers, nested)."""
    out = {}
    for key, v in a.items():
        if isinstance(v, dict):
            out[key] = minus(v, b.get(key, {}))
        elif isinstance(v, tuple):
            w = b.get(key, (0, 0))
            out[key] = tuple(x - y for x, y in zip(v, w))
        else:
            out[key] = v - b.get(key, 0)
    for key, v in b.items():   # a cause only the run of 0 had
        if key not in a and isinstance(v, tuple):
            out[key] = tuple(-x for x in v)
    return out


def measure(b, configs, workload):
    """For each configuration: the counts of the work, and the result line."""
    name, _, kernel, w, n, _ = workload
    n = max(1, int(n * SCALE))
    res = {}
    for config in CONFIGS:
        runs = []
        for count in (0, n):
            _, out = b.run(configs[config[0], kernel], script(config, w, count))
            lines, passed = said(config, out)
            if not passed or len(lines) != 2:
                die("%s (%s), count %d: no result line and pass wait:\n%s" % (name, config[0], count, out[-3000:]))
            runs.append((lines, counts(config, out)))
        (_, zero), (lines, work) = runs
        res[config[0]] = dict(lines=lines, work=minus(work, zero), end=work)
    check(name, res)
    return dict(name=name, what=workload[1], n=n, unit=workload[5], res=res)


def check(name, res):
    """The same result everywhere; paravirtual masking exactly where asked for."""
    for config in CONFIGS:
        lines = res[config[0]]["lines"]
        want = "PARAVIRTUALLY" if config[3] == "PV" else "NATIVELY"
        if want not in lines[0]:
            die("%s (%s): the kernel says %r, not masking %s" % (name, config[0], lines[0], want))
        if lines[1] != res["bare"]["lines"][1]:
            die("%s (%s): %r, but bare: %r" % (name, config[0], lines[1], res["bare"]["lines"][1]))


# ---- what the counts say -------------------------------------------------------------------------

def figures(r, config):
    """Throughput, frequency x cost and the causes of one workload in one configuration."""
    name, _, mode, _, ref = config
    k = r["res"][name]["work"]
    bare = r["res"][ref]["work"]["total"]
    g = k["interpreted"] if mode == "sie" else k["problem"]
    c = k["supervisor"]
    e = sum(n for n, _ in k["causes"].values())
    ref_k = r["res"][ref]["work"]
    elapsed = (bare / INSNS_PER_US + ref_k["waiting"]) / (k["total"] / INSNS_PER_US + k["waiting"])
    f = dict(bare=bare, total=k["total"], guest=g, cp=c, entries=e, throughput=bare / k["total"], elapsed=elapsed,
             share=g / k["total"], per_m=1e6 * e / g if g else 0.0, each=c / e if e else 0.0,
             cp_per_m=1e6 * c / g if g else 0.0, causes=causes(k, mode), bt=k.get("bt"))
    return f


def causes(k, mode):
    """[(cause, entries, CP instructions in all, parts)], costliest first:
    those that make up MAIN_CAUSE of CP's instructions, and the rest as one
    if they do together. parts: the program entries split by CP's counters,
    [(what, entries)]."""
    rows = []
    for c, (n, cost) in k["causes"].items():
        parts = []
        if mode != "sie" and c == "program" and n:
            stubs, pgms = k.get("bt", {}).get("exits", 0), k.get("pgms", 0)
            parts = [(what, x) for what, x in (("exit stubs", stubs), ("reflected", pgms),
                                                ("resolved by CP", n - stubs - pgms)) if x]
        rows.append((c, n, cost, parts))
    waiting = k["supervisor"] - sum(x[2] for x in rows)
    if waiting > 0.5:
        rows.append(("waiting", 0, waiting, []))
    total = k["supervisor"] or 1
    main = sorted((x for x in rows if x[2] >= MAIN_CAUSE * total), key=lambda x: -x[2])
    rest = [x for x in rows if x[2] < MAIN_CAUSE * total]
    if sum(x[2] for x in rest) >= MAIN_CAUSE * total:
        main.append(("%d more" % len(rest), sum(x[1] for x in rest), sum(x[2] for x in rest), []))
    return main


def fmt_per_m(x):
    return format(x, ",.0f") if abs(x) >= 100 else "%.1f" % x if abs(x) >= 1 else "%.2f" % x


def cause_text(f):
    """Each cause as entries per million guest instructions x CP instructions
    each; one that follows no entry (or whose entries the run of 0 had as
    many of) as CP instructions per million guest instructions."""
    g = f["guest"] / 1e6
    out = []
    for cause, n, cost, parts in f["causes"]:
        if parts:
            cause += " (%s)" % ", ".join("%s %s" % (what, fmt_per_m(x / g)) for what, x in parts)
        if n > 0:
            out.append("%s %s x %s" % (cause, fmt_per_m(n / g), format(cost / n, ",.0f")))
        else:
            out.append("%s: %s per M" % (cause, fmt_per_m(cost / g)))
    return "; ".join(out) or "none"


def headline(rows, figs):
    """Throughput against bare, workloads by configuration."""
    text = ["%-16s %-32s" % ("B / T", "work") + "".join("%12s" % c[0] for c in UNDER_CP) + "  bare: sound = flawed"]
    md = ["| throughput / bare | work | " + " | ".join(WHAT[c[0]] for c in UNDER_CP) + " | bare: sound = flawed |",
          "|---|---|" + "--:|" * len(UNDER_CP) + "---|"]
    for r in rows:
        same = r["res"]["bare"]["work"]["total"] == r["res"]["bare-sound"]["work"]["total"]
        work = "%s %s" % (format(r["n"], ","), r["unit"])
        cells = ["%.3f" % figs[r["name"], c[0]]["throughput"] for c in UNDER_CP]
        text.append("%-16s %-32s" % (r["name"], work) + "".join("%12s" % x for x in cells)
                    + "  %s" % ("yes" if same else "NO"))
        md.append("| %s | %s | %s | %s |" % (r["what"], work, " | ".join(cells), "yes" if same else "**no**"))
    text.append("(bare instructions / all instructions under CP)")
    return text, md


def details(rows, figs):
    """Frequency x cost, and the causes, of each workload in each configuration."""
    text = ["%-16s %-11s %9s %7s %7s %7s %10s %8s %12s  %s" % (
        "workload", "config", "guest M", "B/T", "G/T", "elapsed", "entries/M", "CP/entry", "CP/M guest",
        "causes: entries per M guest x CP instructions each")]
    md = ["Frequency x cost: entries into CP per million guest instructions x CP instructions per entry = CP "
          "instructions per million guest instructions. Causes: entries per million guest instructions x CP "
          "instructions each (trap, pv, bt: what entered supervisor state; sie: the interception code); "
          "\"waiting\": CP's work that follows no entry (an I/O completion while the guest waits), per million "
          "guest instructions; causes under 3% of CP's instructions are left out, or shown together as \"more\". "
          "Elapsed: bare / CP in the machine's virtual time, the devices' time included.", "",
          "| workload | configuration | guest instructions (M) | throughput B / T | guest share G / T | elapsed, "
          "virtual time: bare / CP | entries per M guest instructions | CP instructions per entry | CP instructions "
          "per M guest instructions | causes |", "|---|---|--:|--:|--:|--:|--:|--:|--:|---|"]
    for r in rows:
        for c in UNDER_CP:
            f = figs[r["name"], c[0]]
            cells = ("%.2f" % (f["guest"] / 1e6), "%.4f" % f["throughput"], "%.4f" % f["share"],
                     "%.4f" % f["elapsed"], fmt_per_m(f["per_m"]), format(f["each"], ",.0f"),
                     format(f["cp_per_m"], ",.0f"))
            text.append("%-16s %-11s %9s %7s %7s %7s %10s %8s %12s  %s"
                        % ((r["name"], c[0]) + cells + (cause_text(f),)))
            md.append("| %s | %s | %s | %s |" % (r["what"], WHAT[c[0]], " | ".join(cells), cause_text(f)))
    return text, md


def anchor(rows, figs):
    """forkwait here beside Adams and Agesen's."""
    fw = next(r for r in rows if r["name"] == "forkwait")
    ours = {c[0]: figs["forkwait", c[0]]["throughput"] for c in UNDER_CP}
    md = ["forkwait beside Adams and Agesen's (their times as throughput against native: 6.0 s / time):", "",
          "| forkwait, throughput / native | software (binary translation) | hardware assist | paravirtualized "
          "| trap and emulate (sound machine) |", "|---|--:|--:|--:|--:|",
          "| Adams and Agesen 2006: 40,000 forks, Pentium 4 | 0.163 (36.9 s, VMware BT) | 0.056 (106.4 s, VT-x) | "
          "| |",
          "| creasy: %s forks, flawed machine, instructions | %.3f (bt) | %.3f (sie) | %.3f (pv) | %.3f |"
          % (format(fw["n"], ","), ours["bt"], ours["sie"], ours["pv"], ours["trap-sound"])]
    text = ["forkwait / native: bt %.3f, sie %.3f, pv %.3f, trap (sound) %.3f; Adams and Agesen: BT 0.163, "
            "VT-x 0.056" % (ours["bt"], ours["sie"], ours["pv"], ours["trap-sound"])]
    return text, md


def report(rows, elapsed):
    """The tables, for the terminal and as markdown."""
    figs = {(r["name"], c[0]): figures(r, c) for r in rows for c in UNDER_CP}
    text, md = headline(rows, figs)
    md = ["", "## The flawed machine: binary translation, paravirtualization and SIE side by side", "",
          "`bench/flawed_bench.py`, in the same run: counts, not times (the same in every run). Throughput = "
          "the bare machine's instructions for the work / all instructions under CP (B / T; trap (sound) against "
          "the bare sound machine, the others against the bare flawed machine). Method, workloads and what is "
          "counted: the docstring of `bench/flawed_bench.py`.", ""] + md
    for part in (details, bt_table, anchor):
        t, m = part(rows, figs)
        text += [""] + t
        md += [""] + m
    text += ["", "flawed bench time %.0f s" % elapsed]
    md += ["", "Flawed bench time %.0f s." % elapsed, ""]
    return text, md


def bt_table(rows, figs):
    head = ("translations", "hits", "exits", "chains", "emulations", "emptied")
    text = ["%-16s" % "bt, per M guest" + "".join("%13s" % h for h in head) + "%10s" % "blocks"]
    md = ["bt's translation cache, per million guest instructions (`bt KERNEL`): blocks translated, dispatches "
          "that found their block, exits through stubs, stubs chained, instructions CP emulated, times the cache "
          "was emptied; and the blocks at the end.", "",
          "| workload | translations | dispatch hits | exits through stubs | chained | emulated by CP | emptied "
          "| blocks |", "|---|--:|--:|--:|--:|--:|--:|--:|"]
    for r in rows:
        f = figs[r["name"], "bt"]
        t, g = f["bt"], f["guest"] / 1e6
        vals = [fmt_per_m(t[x] / g) for x in ("translations", "hits", "exits", "chains", "emulations",
                                               "invalidations")]
        blocks = r["res"]["bt"]["end"]["bt"]["blocks"]
        text.append("%-16s" % r["name"] + "".join("%13s" % v for v in vals) + "%10d" % blocks)
        md.append("| %s | %s | %d |" % (r["what"], " | ".join(vals), blocks))
    return text, md


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: bench/flawed_bench.py BUILD_DIR")
    b = Bench(sys.argv[1], ("cp/cp.elf",) + tuple("programs/bench/%s.elf" % k for k in KERNELS))
    start = time.monotonic()
    rows = []
    try:
        configs = systems(b)
        print("flawed: %s, in %s, counted (a run of N less a run of 0)"
              % (", ".join(w[0] for w in WORKLOADS), ", ".join(c[0] for c in CONFIGS)), flush=True)
        for w in WORKLOADS:
            t = time.monotonic()
            rows.append(measure(b, configs, w))
            print("  %s: %.0f s" % (w[0], time.monotonic() - t), flush=True)
    finally:
        b.close()
    text, md = report(rows, time.monotonic() - start)
    print()
    print("\n".join(text))
    path = os.path.join(b.build, "bench-flawed.md")
    with open(path, "w") as f:
        f.write("\n".join(md))
    print("wrote " + path)


if __name__ == "__main__":
    main()
