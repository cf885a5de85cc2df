#!/usr/bin/env python3
"""What nesting costs: cp_bench's workloads with CP under CP, in the four
combinations of the two levels' modes, beside one level of CP and the
bare machine; how many entries into the first-level CP each event of the
second level takes (Turtles' "exit multiplication"); CP's instructions
per level; the virtual-SIE shadow cache.

    bench/nest_bench.py BUILD_DIR     (make bench runs it after cp_bench.py,
                                       through bench/run.sh;
                                       BENCH_PARTS=nest make bench runs
                                       only this part)

It needs BUILD_DIR/creasy, cp/cp.elf, cms190.disk and
programs/kernels/privloop.elf, builds its systems in a temporary
directory (bench/nestsys.py) and reports ratios and counts from this one
run; no figure is an absolute time.

Systems. bare: CMS on the machine. "trap", "sie": CP runs the workload's
users in that mode (cp_bench's systems). "M1/M2": CP under CP, built as
tests/cp/nest.sh builds it: the machine's CP (level 1) runs one user,
CPL1, in mode M1; CPL1 IPLs a CP (level 2) that runs the workload's users
in mode M2. The users are CMSUSER (CMS, at the terminal 020 that every
level passes down, with the bare system's disks as whole minidisks) and
PRIVLOOP (at 021, logged on without IPL).

Workloads (cp_bench.py's docstring says what each exercises):
  compute-bound     HOG n, BENCH_NEST_HOG million rounds (default 200),
                    the same everywhere;
  SVC-heavy         SVCS n, BENCH_NEST_SVCS thousand SVCs (default 500),
                    divided by the system's `scale` (below);
  privileged-heavy  privloop, IPLed by typing `IPL 200 PARM PRIVLOOP1000`
                    at PRIVLOOP's terminal (on the bare machine: `ipl 200
                    stop`, R2 = X'F1F0F0F0', `go`); the bench's copy of it
                    runs X'F1F0F0F0' >> s rounds (nestsys.privloop_disk),
                    s = 12 (990,991 rounds), more for a dearer system; it
                    must end in its pass wait, having run its rounds;
  I/O-heavy         FCOPY of a BENCH_NEST_IO thousand-record file (default
                    8), then ERASE of the copy, repeated 4 times divided
                    by the scale (at least once), then WC of the file; CMS's
                    default under CP, DIAG X'18' (cp_bench's "FCOPY, DIAG";
                    on the bare machine, channel programs).
The work is sized per system (divided by its SCALE, a power of 2: a
trap-mode level makes SVCs and privileged instructions tens to hundreds
of times dearer) so that
every run is long enough to time and none too long; a system's throughput
is its work per host second, and throughput / bare compares that with the
bare machine's. Host time: as cp_bench (cpsys.Bench.run): the creasy
process's CPU time less that of the same system doing no work (booting,
logging on, typed nothing), BENCH_NEST_RUNS runs of each (default 5),
alternating the systems, the fastest compared; the spread (max-min)/min
is shown.

Counts, from the same runs (they are the same in every run):
  L1 entries    E1: the entries into the first-level CP, from the
                machine's counters (reset just before the work), as in
                cp_bench: level 1 in trap mode, entries into supervisor
                state from problem state; in sie mode, ends of SIE
                interpretation (all codes);
  L2 events     E2: what the second-level CP handled for the workload's
                user, from that CP's own VM table (its counters before
                and after the work): level 2 in trap mode, the privileged
                instructions it simulated + the SVC and program
                interruptions it reflected (TRAPS + SVCS + PGMS of `vms`);
                in sie mode, the interceptions it handled (its entry's
                sie_exits, all codes);
  exit multiplication  E1 / E2;
  L1 CP instructions  C1: the machine's supervisor-state instructions, all
                of them the first-level CP's; C1 / E2 per level-2 event;
  L2 CP instructions  C2: CPL1's instructions (problem state under a trap
                level 1, interpreted under a sie one) less the L2 guest's
                own, G2; G2 is not counted apart (both run as CPL1), so
                it is taken from level 1: the guest instructions of the
                same work under one CP in the second level's mode
                (exactly counted there; CMS takes the same paths under
                either CP), scaled to the work; C2 / E2 is an estimate;
  shadows       the first-level CP's virtual SIE for CPL1 (its VM table
                entry): SIEs interpreted, shadow state descriptions built
                and reused.
The VM tables are read with the console's `display` (nestsys.py says how).

One event. programs/kernels/pathloop.c at level 2 in each combination,
followed by the console's `path CPL1/KERNEL N` (docs/nesting.md): the
entries into each level's CP and the instructions each level's CP ran
for one event (an SSM and a DIAGNOSE X'60' that the second-level CP
answers alone), exactly attributed, averaged over N.

Targets (issue 12): compute-bound at level 2 at least 0.98 of bare in every
combination; in sie/sie at most 2 first-level entries per level-2
interception that the second-level CP handles (measured by `path` on the
DIAGNOSE X'60': the workloads' E1 / E2 also counts the second-level CP's
own I/O, each SIO and wait of it an interception at level 1);
privileged-heavy at level 2 in sie/sie at least 0.5 of bare.
Anchors: Turtles (Ben-Yehuda et al., OSDI 2010) measured nested KVM within
6-14.5% of single-level on their workloads; VM/370 folklore put each
level at about 30%.

Results go to stdout and, as markdown, to BUILD_DIR/bench-nest.md, which
bench/run.sh appends to BUILD_DIR/bench.md. KEEP=1 keeps the temporary
directory.
"""
import os
import random
import re
import sys
import time

from cpsys import Bench, Counters, die, spread
from nestsys import (PRIV_PARM, PRIV_WORD, delta, find_levels, nest_config, privloop_disk, privloop_rounds,
                     read_levels, system_name)

RUNS = int(os.environ.get("BENCH_NEST_RUNS", "5"))
HOG = int(os.environ.get("BENCH_NEST_HOG", "200"))
SVCS = int(os.environ.get("BENCH_NEST_SVCS", "500"))
IO = int(os.environ.get("BENCH_NEST_IO", "8"))
IO_COPIES = 4
PRIV_SHIFT = 12                       # bare privloop: X'F1F0F0F0' >> 12 = 990,991 rounds
COMBOS = (("trap", "trap"), ("trap", "sie"), ("sie", "trap"), ("sie", "sie"))
SYSTEMS = ((), ("trap",), ("sie",)) + COMBOS
# How much dearer a system makes SVCs, privileged instructions and I/O than the bare machine
# does: its work is divided by this (a power of 2; privloop's rounds, by shifting further)
SCALE = dict(compute={}, svcs={("trap",): 4, ("trap", "trap"): 64, ("sie", "trap"): 4},
             privloop={("trap",): 16, ("trap", "trap"): 256, ("sie", "trap"): 16},
             io={("trap", "trap"): 4})
COMPUTE_TARGET = 0.98
ENTRIES_TARGET = 2.0
PRIV_TARGET = 0.5
LOADS = ("compute", "svcs", "privloop", "io")
WHAT = dict(compute="compute-bound: HOG", svcs="SVC-heavy: SVCS", privloop="privileged-heavy: privloop",
            io="I/O-heavy: FCOPY (DIAG)")
MARKS = ("==== before", "==== work", "==== end")


# ---- the systems -----------------------------------------------------------------------------

def big_file(path, records):
    r = random.Random(370)
    words = ["ALPHA", "BETA", "GAMMA", "DELTA", "EPSILON", "ZETA", "ETA", "THETA", "IOTA", "KAPPA"]
    with open(path, "w") as f:
        for _ in range(records):
            f.write(" ".join(r.choice(words) for _ in range(11))[:79] + "\n")


def scale(load, modes):
    return SCALE[load].get(modes, 1)


def priv_shift(modes):
    return PRIV_SHIFT + scale("privloop", modes).bit_length() - 1


def build(b):
    """Every system: {modes: dict(config, tag, levels, priv rounds)}."""
    big_file(b.path("big.txt"), IO * 1000)
    base = b.path("base191.disk")
    b.tool("disk", "format", base, "--blocks", "8192", "--label", "BENCH")
    b.tool("disk", "put", base, b.path("big.txt"), "BIG", "TEXT")
    cms190 = os.path.join(b.build, "cms190.disk")
    elf = os.path.join(b.build, "programs", "kernels", "privloop.elf")
    users = ("  - {userid: CMSUSER, storage: 16M, console: {vaddr: 009, terminal: 020}, "
             "mdisks: [{vaddr: 190, rdev: 190, start: 0, blocks: 4096, mode: R}, "
             "{vaddr: 191, rdev: 191, start: 0, blocks: 8192, mode: W}], ipl: 190, autolog: true}\n"
             "  - {userid: PRIVLOOP, storage: 1M, console: {vaddr: 009, terminal: 021}, "
             "mdisks: [{vaddr: 200, rdev: 200, start: 0, blocks: 128, mode: R}], autolog: true}\n")
    fba = [("190", 4096, "R"), ("191", 8192, "W"), ("200", 128, "R")]
    systems = {}
    for modes in SYSTEMS:
        name = system_name(modes).replace("/", "-")
        disks = ["address: 190, type: FBA, file: %s, readonly: true" % cms190,
                 "address: 191, type: FBA, file: u191.disk",
                 "address: 200, type: FBA, file: %s, readonly: true" % privloop_disk(b, elf, priv_shift(modes))]
        s = dict(tag="", levels=[])
        if modes:
            s["config"], s["tag"] = nest_config(b, name, modes, users, 17, fba, [], ["020", "021"],
                                                ["address: 020, type: 3215", "address: 021, type: 3215"] + disks)
        else:
            s["config"] = b.system(name, "16M", "190", disks)
            s["config-priv"] = b.system(name + "-priv", "16M", None, disks)
        systems[modes] = s
    return systems, base


def locate(b, systems, base):
    """The VM tables of every CP system (probe runs)."""
    for modes, s in systems.items():
        if modes:
            s["levels"] = find_levels(b, s["config"], ["console %sCMSUSER" % s["tag"]], len(modes), (base, "u191.disk"))


# ---- one measurement --------------------------------------------------------------------------

def units(load, modes):
    """The work a system does: (CMS lines or privloop rounds, units of work, the unit)."""
    if load == "compute":
        return ["hog %d" % HOG], HOG, "million rounds"
    if load == "svcs":
        n = max(1, SVCS // scale(load, modes))
        return ["svcs %d" % n], n, "thousand SVCs"
    if load == "io":
        copies = max(1, IO_COPIES // scale(load, modes))
        lines = []
        for _ in range(copies):
            lines += ["fcopy big text a copy text a", "erase copy text a"]
        return lines + ["wc big text a"], copies * IO, "thousand records copied"
    rounds = privloop_rounds(priv_shift(modes))
    return None, rounds, "rounds"


def scripts(load, modes, s):
    """(configuration, no work, work) for one system."""
    cms, _, _ = units(load, modes)
    tables = [line for lv in s["levels"] for line in lv.display()]
    if not modes:
        if cms is None:
            bare = lambda r: ["ipl 200 stop", "gpr 2 %X" % r, "go", "echo " + MARKS[1], "counters"]
            return s["config-priv"], bare(1 << PRIV_SHIFT), bare(PRIV_WORD)
        return s["config"], [], ["echo " + MARKS[0], "counters reset"] + ["." + c for c in cms] + \
            ["echo " + MARKS[1], "counters"]
    user = "PRIVLOOP" if cms is None else "CMSUSER"
    typed = [".ipl 200 parm " + PRIV_PARM] if cms is None else ["." + c for c in cms]
    work = ["console %s%s" % (s["tag"], user), "echo " + MARKS[0]] + tables + ["counters reset"] + typed + \
        ["echo " + MARKS[1], "counters"] + tables + ["echo " + MARKS[2]]
    return s["config"], ["console %s%s" % (s["tag"], user)], work


def said(out, tag):
    """CMS's console lines in a run's output, their tag taken off."""
    return [line[len(tag):] for line in out.splitlines() if line.startswith(tag)]


def check(load, modes, s, out, bare_lines):
    """The work ran as it should: CMS said what it says on the bare machine
    (its HOG result, its record counts) and no error; privloop reached
    its pass wait, and ran its rounds where they can be counted."""
    name = system_name(modes)
    if load == "privloop":
        if not modes:
            ok = "disabled wait, code 0000600D" in out
        else:
            ok = re.search(r"^%sPRIVLOOP: DMKDSP450W CP ENTERED; DISABLED WAIT PSW '000A0000 8000600D'$"
                           % s["tag"], out, re.M)
        if not ok:
            die("privloop (%s) did not end in its pass wait:\n%s" % (name, out[-3000:]))
        return
    lines = said(out[out.index(MARKS[0]):], s["tag"] + "CMSUSER: " if modes else "009: ")
    bad = [line for line in lines if re.match(r"R\(\d+\);", line) or "REFUSED" in line or "USAGE" in line]
    want = {"compute": r"HOG: %d MILLION ROUNDS, RESULT" % HOG, "svcs": r"SVCS: ",
            "io": r"FCOPY: %d RECORDS COPIED" % (IO * 1000)}[load]
    if bad or not any(re.match(want, line) for line in lines):
        die("%s (%s): the work did not run as it should:\n%s" % (load, name, "\n".join(lines)))
    done = [line for line in lines if line.startswith(("HOG:", "%d RECORDS" % (IO * 1000)))]
    bare_done = [line for line in bare_lines or () if line.startswith(("HOG:", "%d RECORDS" % (IO * 1000)))]
    if bare_lines is not None and done != bare_done[:len(done)]:
        die("%s (%s): CMS said something else than on the bare machine:\n%s\n---\n%s"
            % (load, name, "\n".join(bare_lines), "\n".join(lines)))


def check_rounds(modes, c, rounds):
    """privloop ran its rounds: 6 privileged instructions each, which the
    innermost CP simulated (trap mode: its TRAPS), or which the machine
    ran (bare, or interpreted under SIE: its STCTLs, which CP never uses
    in such numbers)."""
    if modes and modes[-1] == "trap":
        ran = c["levels"][-1]["PRIVLOOP"]["traps"] // 6
    else:
        ran = c["k"].priv.get("STCTL", 0)
    if not rounds <= ran <= rounds + 100:
        die("privloop (%s) ran %d rounds, not %d" % (system_name(modes), ran, rounds))


def counts(load, modes, s, out):
    """The counts of one run: the machine's counters over the work, and
    each level's table before and after it."""
    k = Counters(out, MARKS[1])
    res = dict(k=k, levels=[])
    if modes:
        before = read_levels(s["levels"], out, MARKS[0], MARKS[1], system_name(modes))
        after = read_levels(s["levels"], out, MARKS[1], MARKS[2], system_name(modes))
        res["levels"] = [{u: delta(a[u], b.get(u, {})) for u in a} for a, b in zip(after, before)]
    return res


def measure(b, systems, base):
    rows = {}
    for load in LOADS:
        secs = {m: [] for m in SYSTEMS}
        found = {}
        bare_lines = None
        for i in range(RUNS):
            for modes in SYSTEMS if i % 2 == 0 else SYSTEMS[::-1]:
                s = systems[modes]
                config, idle, work = scripts(load, modes, s)
                z, _ = b.run(config, idle, (base, "u191.disk"))
                t, out = b.run(config, work, (base, "u191.disk"))
                secs[modes].append(t - z)
                if not modes and load != "privloop":
                    bare_lines = said(out[out.index(MARKS[0]):], "009: ")
                check(load, modes, s, out, bare_lines if modes else None)
                found[modes] = counts(load, modes, s, out)
                if load == "privloop":
                    check_rounds(modes, found[modes], units(load, modes)[1])
            print("  %s run %d: %s" % (load, i + 1, ", ".join(
                "%s %.3f s" % (system_name(m), secs[m][-1]) for m in SYSTEMS)), flush=True)
        rate = {m: units(load, m)[1] / min(secs[m]) for m in SYSTEMS}
        rows[load] = dict(ratio={m: rate[m] / rate[()] for m in SYSTEMS}, spread={m: spread(secs[m]) for m in SYSTEMS},
                          counts=found, work={m: units(load, m)[1:] for m in SYSTEMS})
    return rows


# ---- what the counts say ----------------------------------------------------------------------

def l2_events(modes, lv, user):
    """E2: what the second-level CP handled for `user` over the work (its table's counters)."""
    u = lv[1].get(user)
    if u is None:
        die("no %s at level 2 (%s)" % (user, system_name(modes)))
    return sum(u["sie_exits"]) if modes[1] == "sie" else u["traps"] + u["svcs"] + u["pgms"]


def per_level(rows):
    """For each workload and combination: E2, E1, E1/E2, C1/E2, C2/E2, the
    main L1 causes, and the shadows."""
    out = {}
    for load, r in rows.items():
        user = "PRIVLOOP" if load == "privloop" else "CMSUSER"
        for modes in COMBOS:
            c = r["counts"][modes]
            k = c["k"]
            entries = k.entries(modes[0])
            e1 = sum(n for n, _ in entries.values())
            e2 = l2_events(modes, c["levels"], user)
            one = r["counts"][(modes[1],)]["k"]   # the same work under one CP in level 2's mode
            g2 = one.guest(modes[1]) / r["work"][(modes[1],)][0] * r["work"][modes][0]
            cpl1 = k.problem + k.interpreted   # all but the first-level CP's: CPL1's, and its guest's
            cp = c["levels"][0]["CPL1"]
            ends = sum(cp["vsie_exits"]) if modes[1] == "sie" else 0   # ends of the L2 CP's SIE
            main = sorted(entries.items(), key=lambda x: -x[1][0])[:3]
            total = k.problem + k.interpreted + k.supervisor   # every instruction of the work, all levels
            out[load, modes] = dict(e1=e1, e2=e2, mult=e1 / e2 if e2 else float("inf"), ends=ends,
                                    share=g2 / total if total else 0.0,
                                    per_end=e1 / ends if ends else None,
                                    c1=k.supervisor / e2 if e2 else 0.0, c2=(cpl1 - g2) / e2 if e2 else 0.0,
                                    main=", ".join("%s %d" % (cause, n) for cause, (n, _) in main),
                                    vsie=(cp["vsie_entries"], cp["vsie_created"], cp["vsie_reused"]))
        for m in ("trap", "sie"):   # one level, for comparison: its own entries
            k = r["counts"][(m,)]["k"]
            e1 = sum(n for n, _ in k.entries(m).values())
            out[load, (m,)] = dict(e1=e1, c1=k.supervisor / e1 if e1 else 0.0)
    return out


def targets(rows, lv, paths):
    """(text, value, PASS|MISS) for each of issue 12's targets."""
    res = []
    worst = min(COMBOS, key=lambda m: rows["compute"]["ratio"][m])
    v = rows["compute"]["ratio"][worst]
    res.append(("compute-bound at level 2 >= %.2f of bare in every combination, host time (lowest: %s)"
                % (COMPUTE_TARGET, system_name(worst)), "%.3f" % v, v >= COMPUTE_TARGET))
    worst = min(COMBOS, key=lambda m: lv["compute", m]["share"])
    v = lv["compute", worst]["share"]
    res.append(("compute-bound at level 2 >= %.2f of bare in every combination, counted: the guest's share of "
                "all instructions run (lowest: %s)" % (COMPUTE_TARGET, system_name(worst)), "%.4f" % v,
                v >= COMPUTE_TARGET))
    v = paths[("sie", "sie")][0]
    res.append(("sie/sie: first-level entries per level-2 interception that the second-level CP handles "
                "alone <= %g (path: DIAGNOSE X'60', average of %d)" % (ENTRIES_TARGET, PATH_EVENTS), "%.2f" % v,
                v <= ENTRIES_TARGET))
    v = rows["privloop"]["ratio"][("sie", "sie")]
    res.append(("privileged-heavy at level 2 in sie/sie >= %.1f of bare" % PRIV_TARGET, "%.3f" % v, v >= PRIV_TARGET))
    return [(t, v, "PASS" if ok else "MISS") for t, v, ok in res]


ANCHORS = ["Turtles (Ben-Yehuda et al., OSDI 2010): nested KVM within 6-14.5% of single-level KVM "
           "(0.855-0.94 of one level) on their workloads, with multi-dimensional paging and multi-level "
           "device assignment.",
           "VM/370 folklore: each level of CP under CP cost about 30% (0.7 of the level above)."]


# ---- one event, followed through the levels (the console's `path`) ------------------------

PATH_EVENTS = 100
PATH_ENTRIES = re.compile(r"^entries into CP: level 1 ([0-9.]+), level 2 ([0-9.]+)", re.M)
PATH_INSNS = re.compile(r"^CP instructions: level 1 ([0-9.]+), level 2 ([0-9.]+)", re.M)


def path_costs(b):
    """{modes: (L1 entries, L2 entries, L1 CP instructions, L2 CP instructions)}, each the
    average over PATH_EVENTS events of programs/kernels/pathloop.c at level 2, which does an
    SSM and a DIAGNOSE X'60' (the storage size: CP answers it from its tables, with no I/O),
    as the console's `path CPL1/KERNEL N` attributes them: every instruction to the level
    whose CP ran it, every entry into a CP to its level."""
    disk = b.ipl_disk("pathloop", "programs/kernels/pathloop.elf")
    users = ("  - {userid: KERNEL, storage: 2M, console: {vaddr: 009, terminal: 020}, "
             "mdisks: [{vaddr: 100, rdev: 100, start: 0, blocks: 128, mode: R}], ipl: 100, autolog: true}\n")
    out = {}
    for modes in COMBOS:
        name = "path-" + system_name(modes).replace("/", "-")
        config, _ = nest_config(b, name, modes, users, 3, [("100", 128, "R")], [], ["020"],
                                ["address: 020, type: 3215", "address: 100, type: FBA, file: %s, readonly: true" % disk])
        _, text = b.run(config, ["reset clear", "counters reset", "ipl 1A0 stop", "go", "counters"])   # alone: how long
        total = re.findall(r"^instructions: ([0-9]+) ", text, re.M)
        if not total:
            die("pathloop in %s gave no counters:\n%s" % (system_name(modes), text[-3000:]))
        _, text = b.run(config, ["reset clear", "ipl 1A0 stop", "go %d" % (int(total[-1]) * 6 // 10),
                                 "path CPL1/KERNEL %d" % PATH_EVENTS])
        e, i = PATH_ENTRIES.findall(text), PATH_INSNS.findall(text)
        if not e or not i:
            die("path CPL1/KERNEL in %s gave no totals:\n%s" % (system_name(modes), text[-3000:]))
        out[modes] = tuple(float(x) for x in e[-1] + i[-1])   # the last totals: the averages
    return out


def fmt(x, digits=3):
    return ("%%.%df" % digits) % x if x < 1000 else "{:,.0f}".format(x)


def path_table(paths):
    """One level-2 event, per combination (path_costs): markdown and text lines."""
    md = ["", "One event followed through the levels: programs/kernels/pathloop.c at level 2 (an SSM and a "
          "DIAGNOSE X'60' that the second-level CP answers alone), the console's `path CPL1/KERNEL %d`, "
          "averages per event (an SSM is no event under SIE: the machine interprets it)." % PATH_EVENTS, "",
          "| system | level-1 entries | level-2 entries | level-1 CP instructions | level-2 CP instructions |",
          "|---|--:|--:|--:|--:|"]
    text = ["", "%-10s %9s %9s %12s %12s   (path, one level-2 event, average of %d)" % (
        "system", "L1 entries", "L2 entries", "L1 CP insns", "L2 CP insns", PATH_EVENTS)]
    for m in COMBOS:
        e1, e2, i1, i2 = paths[m]
        md.append("| %s | %.2f | %.2f | %.0f | %.0f |" % (system_name(m), e1, e2, i1, i2))
        text.append("%-10s %9.2f %9.2f %12.0f %12.0f" % (system_name(m), e1, e2, i1, i2))
    return md, text


def report(rows, paths, elapsed):
    lv = per_level(rows)
    names = [system_name(m) for m in SYSTEMS]
    md = ["", "## Nesting: CP under CP, in the four combinations of the two levels' modes", "",
          "`bench/nest_bench.py`, in the same run (method: its docstring and docs/bench.md). Throughput: work "
          "per host second (host CPU time less that of the same system doing no work), fastest of %d runs of "
          "each, as a share of the bare machine's; the work is sized per system, the unit is in the second "
          "column. Counts come from the machine's counters and the CPs' own VM tables, and are the same in "
          "every run." % RUNS, "",
          "| throughput / bare | work | " + " | ".join(names[1:]) + " | spread: " + ", ".join(names) + " |",
          "|---|---|" + "--:|" * (len(names) - 1) + "---|"]
    text = ["%-9s %9s" % ("workload", "") + "".join("%10s" % n for n in names[1:]) + "   spread (%s)" % ", ".join(names)]
    for load in LOADS:
        r = rows[load]
        work = ", ".join(sorted({"%s %s" % (fmt(n, 0), unit) for n, unit in r["work"].values()}, key=len))
        cells = ["%.3f" % r["ratio"][m] for m in SYSTEMS[1:]]
        spreads = ", ".join("%.0f%%" % (100 * r["spread"][m]) for m in SYSTEMS)
        md.append("| %s | %s | %s | %s |" % (WHAT[load], work, " | ".join(cells), spreads))
        text.append("%-19s" % load + "".join("%10s" % c for c in cells) + "   " + spreads)
    md += ["", "| level 2 against one level in the second level's mode | " + " | ".join(system_name(m) for m in COMBOS)
           + " |", "|---|" + "--:|" * len(COMBOS)]
    text += ["", "%-19s" % "L2 / L1 (M2)" + "".join("%10s" % system_name(m) for m in COMBOS)]
    for load in LOADS:
        r = rows[load]
        cells = ["%.3f" % (r["ratio"][m] / r["ratio"][(m[1],)]) for m in COMBOS]
        md.append("| %s | %s |" % (WHAT[load], " | ".join(cells)))
        text.append("%-19s" % load + "".join("%10s" % c for c in cells))
    md += ["", "Exit multiplication and CP's work per level. E2: what the second-level CP handled for the "
           "workload's user (trap mode: privileged instructions simulated + SVC and program interruptions "
           "reflected; sie mode: interceptions); E1: entries into the first-level CP (machine counters: "
           "trap mode, entries into supervisor state from problem state; sie mode, SIE exits); C1: the "
           "first-level CP's instructions (supervisor state); C2: the second-level CP's, estimated (CPL1's "
           "instructions less the guest's own, the latter counted under one CP in the second level's mode). "
           "One level: E1 and C1 / E1 for comparison.", "",
           "| workload | system | E2 | E1 | E1 / E2 | L2 SIE ends | E1 / L2 SIE ends | C1 / E2 | C2 / E2 (est.) "
           "| main L1 entries |", "|---|---|--:|--:|--:|--:|--:|--:|--:|---|"]
    text += ["", "%-9s %-10s %9s %10s %9s %9s %8s %10s %10s  %s" % (
        "workload", "system", "E2", "E1", "E1/E2", "SIE ends", "E1/end", "C1/E2", "C2/E2 est", "main L1 entries")]
    for load in LOADS:
        for m in SYSTEMS[1:]:
            f = lv[load, m]
            if len(m) == 1:
                md.append("| %s | %s | | %d | | | | %s (C1 / E1) | | |" % (load, m[0], f["e1"], fmt(f["c1"], 1)))
                text.append("%-9s %-10s %9s %10d %9s %9s %8s %10s" % (load, m[0], "", f["e1"], "", "", "",
                                                                    fmt(f["c1"], 1) + "*"))
                continue
            ends = ("%d" % f["ends"], "%.2f" % f["per_end"]) if f["per_end"] else ("", "")
            md.append("| %s | %s | %d | %d | %.2f | %s | %s | %s | %s | %s |" % (
                load, system_name(m), f["e2"], f["e1"], f["mult"], ends[0], ends[1], fmt(f["c1"], 1), fmt(f["c2"], 1),
                f["main"]))
            text.append("%-9s %-10s %9d %10d %9.2f %9s %8s %10s %10s  %s" % (
                load, system_name(m), f["e2"], f["e1"], f["mult"], ends[0], ends[1], fmt(f["c1"], 1), fmt(f["c2"], 1),
                f["main"]))
    text.append("(* one level: C1 / E1, CP instructions per entry)")
    md += ["", "| virtual SIE for CPL1 (the first-level CP's VM table) | system | SIEs interpreted | shadows built "
           "| reused | reuse |", "|---|---|--:|--:|--:|--:|"]
    text += ["", "%-9s %-10s %10s %10s %10s %7s" % ("shadows", "system", "SIEs", "built", "reused", "reuse")]
    for load in LOADS:
        for m in COMBOS:
            if m[1] != "sie":
                continue
            n, built, reused = lv[load, m]["vsie"]
            share = reused / n if n else 0.0
            md.append("| %s | %s | %d | %d | %d | %.4f |" % (load, system_name(m), n, built, reused, share))
            text.append("%-9s %-10s %10d %10d %10d %7.4f" % (load, system_name(m), n, built, reused, share))
    pmd, ptext = path_table(paths)
    md += pmd
    text += ptext
    md += ["", "| target (issue 12) | measured | |", "|---|--:|---|"]
    text += ["", "targets"]
    for t, v, ok in targets(rows, lv, paths):
        md.append("| %s | %s | %s |" % (t, v, ok))
        text.append("  %-4s %-90s %s" % (ok, t, v))
    md += ["", "Anchors, for reading the table (not measured here):", ""] + ["- " + a for a in ANCHORS]
    text += ["anchors:"] + ["  " + a for a in ANCHORS]
    noisy = ["%s (%s)" % (load, system_name(m)) for load in LOADS for m in SYSTEMS if rows[load]["spread"][m] > 0.10]
    if noisy:
        md += ["", "**Noisy:** the runs spread by more than 10%% on %s; the host was busy." % ", ".join(noisy)]
        text.append("warning: the runs spread by more than 10%% on %s" % ", ".join(noisy))
    md += ["", "Nesting bench time %.0f s." % elapsed, ""]
    text.append("nesting bench time %.0f s" % elapsed)
    return text, md


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: bench/nest_bench.py BUILD_DIR")
    b = Bench(sys.argv[1], ("cp/cp.elf", "cms190.disk", "programs/kernels/privloop.elf", "programs/kernels/pathloop.elf"))
    start = time.monotonic()
    try:
        systems, base = build(b)
        locate(b, systems, base)
        print("nesting: %s, bare, under one CP and under CP under CP, %d runs each, the fastest compared"
              % (", ".join(LOADS), RUNS), flush=True)
        rows = measure(b, systems, base)
        paths = path_costs(b)
    finally:
        b.close()
    text, md = report(rows, paths, time.monotonic() - start)
    print()
    print("\n".join(text))
    path = os.path.join(b.build, "bench-nest.md")
    with open(path, "w") as f:
        f.write("\n".join(md))
    print("wrote " + path)


if __name__ == "__main__":
    main()
