#!/usr/bin/env python3
"""What CP costs, in both of its modes: guest throughput under CP against
the bare machine, how often the guest enters CP and what each entry
costs, CP's instructions per trap, and aggregate throughput with many
users.

    bench/cp_bench.py BUILD_DIR       (make bench runs it after bench.py,
                                       through bench/run.sh;
                                       BENCH_PARTS=cp make bench runs
                                       only this part)

It needs BUILD_DIR/creasy, cp/cp.elf, cms190.disk and
programs/kernels/privloop.elf (`make bench` builds them), builds its own
CP system disks and minidisks in a temporary directory (bench/cpsys.py),
and reports ratios and counts from this one run; no figure is an absolute
time.

The two modes (docs/directory.md, `mode`). trap: CP runs the guest in
real problem state, and every privileged instruction, SVC and program
interruption of the guest is a trap into CP, which simulates or reflects
it. sie: CP runs the guest under the machine's interpretive execution
(SIE), which does the guest's privileged instructions, SVCs and program
interruptions itself and ends interpretation only for what CP must see:
I/O and DIAGNOSE instructions, waits, CP's own interruptions.

Host time. creasy is one single-threaded process, so a run's host time is
the CPU time (user + system) the kernel accounts to it. The time of the
work is that less the time of the same system doing no work: booting
(CP's IPL and CMS's under it, or CMS's alone), logging on, and idling
(each measurement says what its "no work" run is). Each is run
BENCH_CP_RUNS times (default 7), alternating between the systems
compared, and the figure is the ratio of their fastest runs: the host is
shared, and other work on it only ever adds to a run's time (by 10% and
more, from second to second), so the fastest run is the nearest to the
cost of the work itself. The spread of the runs, (max-min)/min, is shown
beside each figure.

Counts. The machine's counters (the console's `counters`, reset just
before the work and read when it is done) count instructions, not time,
and are the same in every run and on any host:
  guest instructions  G: in trap mode the problem-state instructions (the
                      guest's own, run without CP), in sie mode the
                      instructions the machine interpreted under SIE;
  entries into CP     E: in trap mode the entries into supervisor state
                      from problem state, summed over the counters' "by
                      cause" table: every trap (a privileged instruction,
                      by mnemonic), every SVC and program interruption CP
                      reflects, and every external or I/O interruption
                      that takes the CPU from the guest; in sie mode every
                      end of interpretation (SIE exit), all interception
                      codes (00 none: a host interruption, CP's time
                      slice or real I/O; 04 instruction; 1C wait; 18 I/O
                      request...);
  CP instructions     C: the host (supervisor-state) instructions that
                      follow each entry until the guest runs again, which
                      the counters give per entry by cause or code;
  CP share            C / (G + C).
Frequency x cost: E / G x 1e6 entries per million guest instructions,
times C / E CP instructions per entry, is C / G x 1e6 CP instructions per
million guest instructions, shown with the same product for the main
causes (those that make up at least 5% of C). That product, not the
number of entries alone, is what the throughput against bare follows: if
each of CP's instructions took the host as long as each of the guest's,
the throughput would be G / (G + C) = 1 - CP share, and the measured
figure departs from that only as far as they do not. SIE's cut is trap
mode's entries per million guest instructions over sie mode's.

1. One guest: bare and under CP in both modes. CMS on the bare machine and
   CMS under CP (one user, CMSUSER, at a terminal of its own, with the
   bare system's disks as whole minidisks; in either mode) are typed the
   same command lines (the console's `.LINE`); their console lines must
   agree. No work is the same system typed nothing. Throughput under CP
   as a share of bare = bare time / time under CP. Workloads:
     compute-bound   HOG n (programs/cms/hog.c), BENCH_CP_HOG million
                     rounds (default 400; about 1.2e9 instructions);
     SVC-heavy       SVCS n (programs/cms/svcs.c), BENCH_CP_SVCS thousand
                     SVCs (default 500), each one SVC 8 and back: in trap
                     mode the SVC and CMS's LPSW back to the program each
                     trap into CP;
     privileged-heavy  privloop (programs/kernels/privloop.c), a guest
                     "kernel" IPLed from a disk at 200, whose every round
                     is STNSM, STOSM, SSM, LCTL, STCTL, LPSW: BENCH_CP_PRIV
                     rounds (default 400000). Bare: `ipl 200 stop`, R2 =
                     the rounds, `go`. Under CP (user PRIVLOOP, logged on
                     without IPL): `step vm PRIVLOOP` arms a stop at its
                     next instruction, `IPL 200` typed at its terminal
                     has CP IPL it and dispatch it, which stops at its
                     IPL PSW; then R2 = the rounds, `go`. The counters are
                     reset before the IPL, so they count CP's IPL of it
                     too. No work is 1 round. It must end in its pass
                     wait, with the rounds' privileged instructions
                     counted;
     I/O-heavy       FCOPY of a text file of 64000 records (4 MB) on the
                     191 minidisk, then FCOPY of each copy (ERASE of the
                     one before: the disk holds only 16 MB), 4 copies in
                     all, then WC of the last, after SET DIAG OFF: CMS's
                     own channel programs, each SIO a trap or an
                     interception and its CCWs translated, and every
                     record read or written an SVC;
     the same with DIAG X'18' (CMS's default under CP: disk I/O by
                     DIAGNOSE, without channel programs). (This variant
                     found a CP bug under SIE, since fixed: a time slice
                     ending just as a DIAG X'18' ended interpretation made
                     the VM ready before its I/O was done.)
   Target: compute-bound at least 0.98 of bare, in both modes; on the
   privileged-heavy and SVC-heavy workloads, SIE cuts the entries into CP
   per million guest instructions at least 10-fold against trap mode (the
   table also shows 1 - sie/trap, the share of the entries SIE avoids:
   VM/370's ECPS assists handled about 92% of CMS's privileged
   instructions without CP).
2. CP instructions per trap: from privloop's run in trap mode, by
   privileged instruction, the entries into supervisor state and the
   supervisor instructions from each until problem state again. Target:
   at most 150 for SSM, STOSM, STNSM.
3. Aggregate throughput with N = 1, 8, 32, 64 users, in trap mode. N CMS
   users, each at a terminal whose input is a file holding one line,
   `HOG w/N`, run it at once: all are logged on at CP's IPL and read
   their line as soon as CMS is up; at the end of the file CMS stops (its
   disabled wait), and the console's start-up run ends when the machine
   idles, that is when every user has finished. Every user's terminal
   must show the same HOG result and `vms` every user stopped. (The
   directory's ipl_parm would give CMS the command too; the terminal file
   is kept because at its end CMS stops, which `vms` shows, whereas after
   an ipl_parm's command CMS waits at its terminal, as a user that never
   got one does.) w =
   BENCH_CP_ROUNDS million rounds in all (default 512, so the work is the
   same for every N); no work is the same N users typing `HOG 0`.
   Aggregate work per host second with N users, as a share of one user's.
   Target: 64 users at least 0.95 of one user.

Results go to stdout and, as markdown, to BUILD_DIR/bench-cp.md, which
bench/run.sh appends to BUILD_DIR/bench.md. KEEP=1 keeps the temporary
directory.
"""
import os
import random
import re
import statistics
import sys
import time

from cpsys import MODES, Bench, Counters, die, spread

RUNS = int(os.environ.get("BENCH_CP_RUNS", "7"))
HOG = int(os.environ.get("BENCH_CP_HOG", "400"))
SVCS = int(os.environ.get("BENCH_CP_SVCS", "500"))
PRIV = int(os.environ.get("BENCH_CP_PRIV", "400000"))
ROUNDS = int(os.environ.get("BENCH_CP_ROUNDS", "512"))
USERS = (1, 8, 32, 64)
IO_RECORDS = 64000
PRIV_INSNS = ("STNSM", "STOSM", "SSM", "LCTL", "STCTL", "LPSW")
PRIV_TARGET = {"SSM": 150, "STOSM": 150, "STNSM": 150}
COMPUTE_TARGET = 0.98
CUT_TARGET = 10
USERS_TARGET = 0.95
MAIN_CAUSE = 0.05   # a cause is shown if it makes up this share of CP's instructions


# ---- 1. one guest, bare and under CP in both modes -------------------------------------------

def big_file(path):
    r = random.Random(370)
    words = ["ALPHA", "BETA", "GAMMA", "DELTA", "EPSILON", "ZETA", "ETA", "THETA", "IOTA", "KAPPA"]
    with open(path, "w") as f:
        for _ in range(IO_RECORDS):
            f.write(" ".join(r.choice(words) for _ in range(11))[:79] + "\n")


def loads(mb):
    io = ["fcopy big text a copy1 text a"]
    for i in (1, 2, 3):
        io += ["fcopy copy%d text a copy%d text a" % (i, i + 1), "erase copy%d text a" % i]
    io.append("wc copy4 text a")
    return [  # name, what, CMS lines or privloop's rounds, the modes measured
        dict(name="compute", what="compute-bound: HOG %d (%d million rounds of arithmetic)" % (HOG, HOG),
             cms=["hog %d" % HOG], modes=MODES),
        dict(name="svcs", what="SVC-heavy: SVCS %d (%d thousand SVCs)" % (SVCS, SVCS), cms=["svcs %d" % SVCS],
             modes=MODES),
        dict(name="privloop", what="privileged-heavy: privloop, %d rounds of 6 privileged instructions" % PRIV,
             rounds=PRIV, modes=MODES),
        dict(name="io", what="I/O-heavy: FCOPY a %.1f MB file 4 times, WC, after SET DIAG OFF (SIO)" % mb,
             cms=["set diag off"] + io, modes=MODES),
        # not under SIE, whose FCOPY fails: see the docstring
        dict(name="io-diag", what="the same with DIAG X'18' (CMS's default under CP)", cms=io, modes=MODES),
    ]


def priv_bare(n):
    return ["ipl 200 stop", "gpr 2 %X" % n, "go", "counters"]


def priv_cp(n):
    return ["step vm PRIVLOOP", "console PRIVLOOP", "counters reset", ".ipl 200", "gpr 2 %X" % n, "go",
            "echo ==== work", "counters", "vms"]


def scripts(load, configs):
    """For each system: its configuration, the console script of no work, and that of the work."""
    if "cms" in load:
        typed = ["." + line for line in load["cms"]]
        runs = {"bare": (configs["bare"], [], typed)}
        for mode in load["modes"]:
            runs[mode] = (configs[mode], ["console 020"],
                          ["console 020", "counters reset"] + typed + ["echo ==== work", "counters"])
    else:
        runs = {"bare": (configs["bare-priv"], priv_bare(1), priv_bare(load["rounds"]))}
        for mode in load["modes"]:
            runs[mode] = (configs[mode], priv_cp(1), priv_cp(load["rounds"]))
    return runs


def check_privloop(system, out, rounds):
    """privloop ran `rounds` rounds to its pass wait."""
    if system == "bare":
        ok = "disabled wait, code 0000600D" in out
        k = Counters(out)
        ran = k.priv
    else:
        ok = "PRIVLOOP is running: its next instruction is" in out and \
            re.search(r"^PRIVLOOP +%s +stopped +000A0000 8000600D" % system, out, re.M)
        k = Counters(out, "==== work")
        ran = {i: n for i, (n, _) in k.traps.items()} if system == "trap" else k.priv
    short = [i for i in PRIV_INSNS if ran.get(i, 0) < rounds]
    if not ok or short:
        die("privloop (%s) did not run %d rounds to its pass wait (short: %s):\n%s"
            % (system, rounds, " ".join(short), out[-3000:]))


def one_guest(b):
    big_file(b.path("big.txt"))
    base = b.path("base191.disk")
    b.tool("disk", "format", base, "--blocks", "32768", "--label", "BENCH")
    b.tool("disk", "put", base, b.path("big.txt"), "BIG", "TEXT")
    priv = b.ipl_disk("priv200", "programs/kernels/privloop.elf")
    cms190 = os.path.join(b.build, "cms190.disk")
    disks = ["address: 190, type: FBA, file: %s, readonly: true" % cms190,
             "address: 191, type: FBA, file: u191.disk",
             "address: 200, type: FBA, file: %s, readonly: true" % priv]
    users = ("  - {userid: CMSUSER, storage: 16M, console: {vaddr: 009, terminal: 020}, "
             "mdisks: [{vaddr: 190, rdev: 190, start: 0, blocks: 4096, mode: R}, "
             "{vaddr: 191, rdev: 191, start: 0, blocks: 32768, mode: W}], ipl: 190, autolog: true}\n"
             "  - {userid: PRIVLOOP, storage: 1M, console: {vaddr: 009, terminal: 021}, "
             "mdisks: [{vaddr: 200, rdev: 200, start: 0, blocks: 128, mode: R}], autolog: true}\n")
    configs = {"bare": b.system("bare", "16M", "190", disks), "bare-priv": b.system("bare-priv", "16M", None, disks)}
    for mode in MODES:
        cpdisk = b.cp_disk("cp-" + mode, users, mode)
        configs[mode] = b.system("cp-" + mode, "64M", "1A0",
                                 ["address: 020, type: 3215", "address: 021, type: 3215",
                                  "address: 1A0, type: FBA, file: %s, readonly: true" % cpdisk] + disks)
    fresh = (base, "u191.disk")
    rows = []
    for load in loads(os.path.getsize(b.path("big.txt")) / 1e6):
        systems = ("bare",) + load["modes"]
        runs = scripts(load, configs)
        secs = {s: [] for s in systems}
        counts = {}
        for i in range(RUNS):
            said = {}
            for system in systems if i % 2 == 0 else systems[::-1]:
                config, idle, work = runs[system]
                z, _ = b.run(config, idle, fresh)
                t, out = b.run(config, work, fresh)
                secs[system].append(t - z)
                if "cms" in load:
                    tag = "009: " if system == "bare" else "CMSUSER: "
                    said[system] = [line[len(tag):] for line in out.splitlines() if line.startswith(tag)]
                else:
                    check_privloop(system, out, load["rounds"])
                if system != "bare":
                    k = Counters(out, "==== work")
                    if system in counts and vars(k) != vars(counts[system]):
                        print("  warning: %s (%s): the counters differ from the run before" % (load["name"], system))
                    counts[system] = k
            if "cms" in load:
                check_cms(load, said)
            print("  %s run %d: %s" % (load["name"], i + 1, ", ".join(
                "%s %.3f s" % (s, secs[s][-1]) if s == "bare" else
                "%s %.3f s (%.3f of bare)" % (s, secs[s][-1], secs["bare"][-1] / secs[s][-1]) for s in systems)),
                flush=True)
        rows.append(dict(name=load["name"], what=load["what"], modes=load["modes"], counts=counts,
                         ratio={m: min(secs["bare"]) / min(secs[m]) for m in load["modes"]},
                         spread={s: spread(secs[s]) for s in systems}))
    return rows


def check_cms(load, said):
    """Every system said what CMS on the bare machine said, and that is the work done."""
    for system, lines in said.items():
        if lines != said["bare"]:
            die("%s: CMS under CP (%s) said something else than CMS on the bare machine:\n%s\n---\n%s"
                % (load["name"], system, "\n".join(said["bare"]), "\n".join(lines)))
    done = sum(line.startswith(("HOG:", "SVCS:", "FCOPY: %d RECORDS" % IO_RECORDS, "%d RECORDS" % IO_RECORDS))
               for line in said["bare"])
    if done != sum(line.startswith(("hog", "svcs", "fcopy", "wc")) for line in load["cms"]) or \
            any(re.match(r"R\(\d+\);", line) or "REFUSED" in line for line in said["bare"]):
        die("%s: the work did not run as it should:\n%s" % (load["name"], "\n".join(said["bare"])))


def cost(k, mode):
    """Frequency x cost from one run's counters: guest instructions, entries,
    CP instructions after them, and the main causes as (cause, entries,
    CP instructions each), costliest first."""
    entries = k.entries(mode)
    g = k.guest(mode)
    e = sum(n for n, _ in entries.values())
    c = sum(n * each for n, each in entries.values())
    main = sorted(((cause, n, each) for cause, (n, each) in entries.items() if n * each >= MAIN_CAUSE * c),
                  key=lambda x: -x[1] * x[2])
    return dict(guest=g, entries=e, cp=c, per_m=1e6 * e / g, each=c / e if e else 0.0, cp_per_m=1e6 * c / g,
                share=c / (g + c), main=main)


# ---- 2. CP instructions per trap ------------------------------------------------------------

def per_trap(single):
    traps = next(r for r in single if r["name"] == "privloop")["counts"]["trap"].traps
    return [dict(insn=i, count=traps[i][0], cost=traps[i][1], target=PRIV_TARGET.get(i)) for i in PRIV_INSNS]


# ---- 3. N users at once ------------------------------------------------------------------------

def many_users(b):
    cms190 = os.path.join(b.build, "cms190.disk")
    systems = {}
    for n in USERS:
        if ROUNDS % n:
            die("BENCH_CP_ROUNDS=%d is not a multiple of %d users" % (ROUNDS, n))
        users = "".join("  - {userid: HOG%02d, storage: 2M, console: {vaddr: 009, terminal: %03X}, "
                        "mdisks: [{vaddr: 190, rdev: 190, start: 0, blocks: 4096, mode: R}], "
                        "ipl: 190, autolog: true}\n" % (i, 0x100 + i) for i in range(1, n + 1))
        cpdisk = b.cp_disk("cpn%d" % n, users)
        for work in (0, ROUNDS // n):
            with open(b.path("hog%d.txt" % work), "w") as f:
                f.write("hog %d\n" % work)
            devs = ["address: 1A0, type: FBA, file: %s, readonly: true" % cpdisk,
                    "address: 190, type: FBA, file: %s, readonly: true" % cms190]
            devs += ["address: %03X, type: 3215, input: hog%d.txt" % (0x100 + i, work) for i in range(1, n + 1)]
            systems[n, work] = b.system("cpn%d-%d" % (n, work), "256M", "1A0", devs)
    times = {n: [] for n in USERS}
    shares = {n: [] for n in USERS}
    for i in range(RUNS):
        for n in USERS if i % 2 == 0 else USERS[::-1]:
            work = ROUNDS // n
            res = []
            for w in (0, work):
                secs, out = b.run(systems[n, w], ["counters", "vms"])
                done = re.findall(r"^(HOG\d\d): HOG: %d MILLION ROUNDS, RESULT ([0-9A-F]{8})$" % w, out, re.M)
                stopped = re.findall(r"^HOG\d\d +trap +stopped +000A0000 800C0000", out, re.M)
                if len({u for u, _ in done}) != n or len({r for _, r in done}) != 1 or len(stopped) != n:
                    die("%d users, HOG %d each: %d finished, %d stopped, results %s\n%s"
                        % (n, w, len(done), len(stopped), sorted({r for _, r in done}), out[-3000:]))
                k = Counters(out)
                res.append((secs, k.problem, k.supervisor))
            (z, zp, zs), (t, tp, ts) = res
            times[n].append(t - z)
            shares[n].append((ts - zs) / ((tp - zp) + (ts - zs)))
            print("  %2d users, HOG %d each: %.3f s (logons and IPLs %.3f s), CP's share of the instructions %.4f"
                  % (n, work, times[n][-1], z, shares[n][-1]), flush=True)
    rows = []
    for n in USERS:
        rows.append(dict(users=n, each=ROUNDS // n, ratio=min(times[1]) / min(times[n]), spread=spread(times[n]),
                         cpshare=statistics.median(shares[n]), target=USERS_TARGET if n == 64 else None))
    return rows


# ---- report --------------------------------------------------------------------------------------

def verdict(value, op, target, fmt):
    ok = value <= target if op == "<=" else value >= target
    return "%s %s: %s" % (op, fmt % target, "met" if ok else "NOT met")


def times(x):
    return ("%.1fx" if x < 100 else "%.0fx") % x


def causes(f):
    """The main causes, as entries per million guest instructions x CP instructions each."""
    g = f["guest"] / 1e6
    return ", ".join("%s %s x %.0f" % (cause, ("%.0f" if n / g >= 10 else "%.2f") % (n / g), each)
                     for cause, n, each in f["main"])


def report(single, traps, multi, elapsed):
    """The tables, for the terminal and as markdown."""
    for r in single:
        r["cost"] = {m: cost(r["counts"][m], m) for m in r["modes"]}
        r["target"] = verdict(min(r["ratio"].values()), ">=", COMPUTE_TARGET, "%.2f") if r["name"] == "compute" else ""
        r["spreads"] = ", ".join("%.0f%%" % (100 * r["spread"][s]) if s in r["spread"] else "-"
                                 for s in ("bare",) + MODES)
    cuts = []
    for r in single:
        if r["modes"] == MODES:
            t, s = (r["cost"][m]["per_m"] for m in MODES)
            cut = t / s if s else float("inf")
            cuts.append(dict(name=r["name"], trap=t, sie=s, cut=cut, avoided=1 - s / t,
                             target=verdict(cut, ">=", CUT_TARGET, "%dx") if r["name"] in ("privloop", "svcs") else ""))
    per_mode = [(r, m, r["cost"][m]) for r in single for m in r["modes"]]
    noisy = ["%s (%s)" % (r["name"], s) for r in single for s in r["spread"] if r["spread"][s] > 0.10] + \
            ["%d users" % r["users"] for r in multi if r["spread"] > 0.10]

    def ratio(r, m):
        return "%.3f" % r["ratio"][m] if m in r["ratio"] else "-"

    def priv_target(r):
        return verdict(r["cost"], "<=", r["target"], "%d") if r["target"] else ""

    def users_target(r):
        return verdict(r["ratio"], ">=", r["target"], "%.2f") if r["target"] else ""

    out = ["%-9s %-74s %9s %9s %-16s  %s" % ("one guest", "", "trap/bare", "sie/bare", "spread b, t, s", "target")]
    for r in single:
        out.append("%-9s %-74s %9s %9s %-16s  %s" % (r["name"], r["what"], ratio(r, "trap"), ratio(r, "sie"),
                                                     r["spreads"], r["target"]))
    out += ["(throughput under CP in each mode as a share of bare, in host time; the spread of the runs of bare, "
            "trap, sie)", "",
            "%-9s %-4s %9s %10s %10s %9s %12s %9s  %s" % ("", "mode", "guest M", "entries", "per M", "CP each",
                                                         "CP per M", "CP share", "main causes: per M x CP each")]
    for r, m, f in per_mode:
        out.append("%-9s %-4s %9.1f %10d %10.1f %9.1f %12.0f %9.4f  %s" % (
            r["name"], m, f["guest"] / 1e6, f["entries"], f["per_m"], f["each"], f["cp_per_m"], f["share"], causes(f)))
    out += ["(entries into CP per million guest instructions x CP instructions per entry = CP instructions "
            "per million guest instructions)", "",
            "%-9s %12s %12s %10s %9s  %s" % ("SIE's cut", "trap per M", "sie per M", "cut", "avoided", "target")]
    for c in cuts:
        out.append("%-9s %12.1f %12.2f %10s %9.4f  %s" % (c["name"], c["trap"], c["sie"], times(c["cut"]),
                                                        c["avoided"], c["target"]))
    out += ["", "%-6s %9s %21s  %s" % ("insn", "traps", "CP instructions each", "target")]
    for r in traps:
        out.append("%-6s %9d %21.1f  %s" % (r["insn"], r["count"], r["cost"], priv_target(r)))
    out += ["(privloop in trap mode: entries into supervisor state by cause, from the machine's counters)", "",
            "%-6s %9s %15s %9s  %s" % ("users", "HOG each", "vs 1 user (+-)", "CP share", "target")]
    for r in multi:
        out.append("%-6d %9d %8.3f (%3.0f%%) %9.4f  %s" % (r["users"], r["each"], r["ratio"], 100 * r["spread"],
                                                            r["cpshare"], users_target(r)))
    out += ["(vs 1 user: aggregate HOG rounds per host second, as a share of one user's; trap mode)",
            "ratios of the fastest of %d runs each; (+-) is the spread (max-min)/min of the runs" % RUNS]
    if noisy:
        out.append("warning: the runs spread by more than 10%% on %s: the host was busy, so these numbers are noisy"
                   % ", ".join(noisy))
    out.append("CP bench time %.0f s" % elapsed)

    md = ["", "## CP: guest throughput in both modes, entries into CP and their cost, CP instructions per trap, "
          "many users", "",
          "`bench/cp_bench.py`, in the same run. Throughput: host time is the creasy process's CPU time less "
          "that of the same system doing no work (booting, logging on); each figure is the ratio of the fastest "
          "of %d runs of each, with the runs' spread (max-min)/min. Counts (guest instructions, entries into CP, "
          "CP instructions) come from the machine's counters and are the same in every run. Method, workloads "
          "and what is counted: the docstring of `bench/cp_bench.py`." % RUNS, "",
          "| one guest | throughput / bare: trap | sie | spread: bare, trap, sie | target |", "|---|--:|--:|--:|---|"]
    for r in single:
        md.append("| %s | %s | %s | %s | %s |" % (r["what"], ratio(r, "trap"), ratio(r, "sie"), r["spreads"],
                                                 r["target"]))
    md += ["", "Frequency x cost: entries into CP per million guest instructions x CP instructions per entry = "
           "CP instructions per million guest instructions; the main causes as entries per million guest "
           "instructions x CP instructions each (trap mode: by cause; sie mode: by interception code).", "",
           "| workload | mode | guest instructions (millions) | entries into CP | per million guest instructions "
           "| CP instructions per entry | CP instructions per million guest instructions | CP share | main causes "
           "| throughput / bare |", "|---|---|--:|--:|--:|--:|--:|--:|---|--:|"]
    for r, m, f in per_mode:
        md.append("| %s | %s | %.1f | %d | %.1f | %.1f | %.0f | %.4f | %s | %.3f |" % (
            r["name"], m, f["guest"] / 1e6, f["entries"], f["per_m"], f["each"], f["cp_per_m"], f["share"],
            causes(f), r["ratio"][m]))
    md += ["", "| SIE's cut in entries into CP per million guest instructions | trap | sie | cut | avoided | target |",
           "|---|--:|--:|--:|--:|---|"]
    for c in cuts:
        md.append("| %s | %.1f | %.2f | %s | %.4f | %s |" % (c["name"], c["trap"], c["sie"], times(c["cut"]),
                                                            c["avoided"], c["target"]))
    md += ["", "| privloop in trap mode | traps | CP instructions per trap | target |", "|---|--:|--:|---|"]
    for r in traps:
        md.append("| %s | %d | %.1f | %s |" % (r["insn"], r["count"], r["cost"], priv_target(r)))
    md += ["", "| users running HOG at once (trap mode) | million rounds each | aggregate throughput / 1 user | spread "
           "| CP share | target |", "|--:|--:|--:|--:|--:|---|"]
    for r in multi:
        md.append("| %d | %d | %.3f | %.0f%% | %.4f | %s |" % (r["users"], r["each"], r["ratio"], 100 * r["spread"],
                                                               r["cpshare"], users_target(r)))
    if noisy:
        md += ["", "**Noisy:** the runs spread by more than 10%% on %s; the host was busy." % ", ".join(noisy)]
    md += ["", "CP bench time %.0f s." % elapsed, ""]
    return out, md


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: bench/cp_bench.py BUILD_DIR")
    b = Bench(sys.argv[1], ("cp/cp.elf", "cms190.disk", "programs/kernels/privloop.elf"))
    start = time.monotonic()
    try:
        print("CP: one guest bare and under CP in both modes, %d runs each, the fastest of each compared" % RUNS,
              flush=True)
        single = one_guest(b)
        print("CP: 1 to %d users running HOG at once, %d million rounds in all, %d runs each, the fastest of each compared"
              % (USERS[-1], ROUNDS, RUNS), flush=True)
        multi = many_users(b)
    finally:
        b.close()
    out, md = report(single, per_trap(single), multi, time.monotonic() - start)
    print()
    print("\n".join(out))
    path = os.path.join(b.build, "bench-cp.md")
    with open(path, "w") as f:
        f.write("\n".join(md))
    print("wrote " + path)


if __name__ == "__main__":
    main()
