#!/usr/bin/env python3
"""What CP costs: guest throughput under CP against the bare machine, CP's
instructions per trap, and aggregate throughput with many users.

    bench/cp_bench.py BUILD_DIR       (make bench runs it after bench.py,
                                       through bench/run.sh)

It needs BUILD_DIR/creasy, cp/cp.elf, cms190.disk and
programs/kernels/privloop.elf (`make bench` builds them), builds its own
CP system disks and minidisks in a temporary directory, and reports ratios
and counts from this one run; no figure is an absolute time.

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

1. Guest throughput under CP against bare. CMS on the bare machine and
   CMS under CP (one user, CMSUSER, at a terminal of its own, with the
   bare system's disks as whole minidisks) are typed the same command
   lines (the console's `.LINE`); their console lines must agree. No work
   is the same system typed nothing. Throughput under CP as a share of
   bare = bare time / time under CP. Workloads:
     compute-bound  HOG n (programs/cms/hog.c), BENCH_CP_HOG million
                    rounds (default 400; about 1.2e9 instructions);
     I/O-bound      FCOPY of a text file of 64000 records (4 MB) on the
                    191 minidisk, then FCOPY of each copy (ERASE of the
                    one before: the disk holds only 16 MB), 4 copies in
                    all, then WC of the last: under CP, CMS's disk I/O
                    goes by DIAG X'18' (its default there), and every
                    record read or written is an SVC CP reflects;
     I/O, SIO       the same after SET DIAG OFF: CMS's own channel
                    programs, each SIO a trap and its CCWs translated.
   Under CP the machine's counters, reset just before the work, also give
   CP's share of the instructions (supervisor state / all: see
   tests/cp/efficiency.sh).
   Target: compute-bound at least 0.98 of bare.
2. CP instructions per trap. A user whose virtual machine IPLs privloop
   (programs/kernels/privloop.c: STNSM, STOSM, SSM, LCTL, STCTL, LPSW,
   10000 times each) from a minidisk; the machine's counters give, by
   privileged instruction, the entries into supervisor state and the
   supervisor instructions from each until problem state again. A count,
   not a time: the same on any host. Target: at most 150 for SSM, STOSM,
   STNSM.
3. Aggregate throughput with N = 1, 8, 32, 64 users. N CMS users, each
   at a terminal whose input is a file holding one line, `HOG w/N`, run
   it at once: all are logged on at CP's IPL and read their line as soon
   as CMS is up; at the end of the file CMS stops (its disabled wait),
   and the console's start-up run ends when the machine idles, that is
   when every user has finished. Every user's terminal must show the
   same HOG result and `vms` every user stopped. w = BENCH_CP_ROUNDS
   million rounds in all (default 512, so the work is the same for every
   N); no work is the same N users typing `HOG 0`. Aggregate work per host
   second with N users, as a share of one user's. (The command comes from
   the terminal because CMS does not yet act on an IPL PARM: CP hands the
   directory's ipl_parm over in the registers, and CMS ignores them.)
   Target: 64 users at least 0.95 of one user.

Results go to stdout and, as markdown, to BUILD_DIR/bench-cp.md, which
bench/run.sh appends to BUILD_DIR/bench.md. KEEP=1 keeps the temporary
directory.
"""
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(os.environ.get("BENCH_CP_RUNS", "7"))
HOG = int(os.environ.get("BENCH_CP_HOG", "400"))
ROUNDS = int(os.environ.get("BENCH_CP_ROUNDS", "512"))
USERS = (1, 8, 32, 64)
IO_RECORDS = 64000
PRIV_INSNS = ("STNSM", "STOSM", "SSM", "LCTL", "STCTL", "LPSW")
PRIV_TARGET = {"SSM": 150, "STOSM": 150, "STNSM": 150}
COMPUTE_TARGET = 0.98
USERS_TARGET = 0.95


def die(msg):
    sys.exit("cp_bench: FAILED: " + msg)


class Bench:
    def __init__(self, build):
        self.build = os.path.abspath(build)
        self.creasy = os.path.join(self.build, "creasy")
        for f in ("creasy", "cp/cp.elf", "cms190.disk", "programs/kernels/privloop.elf"):
            if not os.path.exists(os.path.join(self.build, f)):
                die("%s/%s does not exist (make bench builds it)" % (self.build, f))
        self.work = tempfile.mkdtemp(prefix="creasy-cpbench.")

    def tool(self, *args):
        p = subprocess.run([self.creasy] + list(args), capture_output=True, text=True)
        if p.returncode != 0:
            die("creasy %s: %s%s" % (" ".join(args), p.stdout, p.stderr))

    def path(self, name):
        return os.path.join(self.work, name)

    def cp_disk(self, name, users):
        """A CP system disk whose directory is `users` (YAML lines)."""
        with open(self.path(name + ".yaml"), "w") as f:
            f.write("users:\n  - {userid: OPERATOR, class: ABCDEFG, storage: 1M, "
                    "console: {vaddr: 009, terminal: 009}, autolog: true}\n" + users)
        disk = self.path(name + ".disk")
        self.tool("directory", "compile", self.path(name + ".yaml"), self.path(name + ".direct"))
        self.tool("disk", "format", disk, "--blocks", "2048", "--label", "CPBNCH", "--nucleus-blocks", "1024")
        self.tool("disk", "ipl", disk, os.path.join(self.build, "cp", "cp.elf"))
        self.tool("disk", "put", disk, self.path(name + ".direct"), "USER", "DIRECT", "--binary")
        return disk

    def system(self, name, storage, ipl, devices):
        """A system configuration; returns its path."""
        lines = ["storage: %s" % storage, "ipl: %s" % ipl, "devices:", "  - {address: 009, type: 3215}"]
        lines += ["  - {%s}" % d for d in devices]
        path = self.path(name + ".sys.yaml")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        return path

    def run(self, config, script_lines, fresh191=None):
        """creasy --config CONFIG with a script; returns (host CPU s, stdout)."""
        if fresh191:
            shutil.copyfile(self.path("base191.disk"), self.path(fresh191))
        script = self.path("script.cmd")
        with open(script, "w") as f:
            f.write("".join(line + "\n" for line in script_lines))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        p = subprocess.run([self.creasy, "--config", config, "--script", script], cwd=self.work,
                           capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if p.returncode != 0:
            die("creasy --config %s failed (exit %d):\n%s%s" % (config, p.returncode, p.stdout[-3000:], p.stderr))
        secs = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return secs, p.stdout


def counters(out, after=None):
    """Problem- and supervisor-state instructions from the last `counters` (after a marker line)."""
    if after:
        out = out[out.index(after):]
    m = re.findall(r"^instructions: \d+ \(problem state (\d+), supervisor state (\d+)\)$", out, re.M)
    if not m:
        die("no counters in the output:\n" + out[-2000:])
    return int(m[-1][0]), int(m[-1][1])


def spread(xs):
    return (max(xs) - min(xs)) / min(xs) if min(xs) > 0 else 0.0


# ---- 1. one guest, bare and under CP ------------------------------------------------------

def big_file(path):
    r = random.Random(370)
    words = ["ALPHA", "BETA", "GAMMA", "DELTA", "EPSILON", "ZETA", "ETA", "THETA", "IOTA", "KAPPA"]
    with open(path, "w") as f:
        for _ in range(IO_RECORDS):
            f.write(" ".join(r.choice(words) for _ in range(11))[:79] + "\n")


def single_user(b):
    big_file(b.path("big.txt"))
    b.tool("disk", "format", b.path("base191.disk"), "--blocks", "32768", "--label", "BENCH")
    b.tool("disk", "put", b.path("base191.disk"), b.path("big.txt"), "BIG", "TEXT")
    cms190 = os.path.join(b.build, "cms190.disk")
    disks = ["address: 190, type: FBA, file: %s, readonly: true" % cms190,
             "address: 191, type: FBA, file: u191.disk"]
    bare = b.system("bare", "16M", "190", disks)
    cpdisk = b.cp_disk("cp1", "  - {userid: CMSUSER, storage: 16M, console: {vaddr: 009, terminal: 020}, "
                             "mdisks: [{vaddr: 190, rdev: 190, start: 0, blocks: 4096, mode: R}, "
                             "{vaddr: 191, rdev: 191, start: 0, blocks: 32768, mode: W}], ipl: 190, autolog: true}\n")
    cp = b.system("cp1", "64M", "1A0", ["address: 020, type: 3215",
                                        "address: 1A0, type: FBA, file: %s, readonly: true" % cpdisk] + disks)
    io = ["fcopy big text a copy1 text a"]
    for i in (1, 2, 3):
        io += ["fcopy copy%d text a copy%d text a" % (i, i + 1), "erase copy%d text a" % i]
    io.append("wc copy4 text a")
    mb = os.path.getsize(b.path("big.txt")) / 1e6
    loads = [
        ("compute", "compute-bound: HOG %d (%d million rounds of arithmetic)" % (HOG, HOG), ["hog %d" % HOG],
         COMPUTE_TARGET),
        ("io", "I/O-bound: FCOPY a %.1f MB file 4 times, WC (CP: DIAG X'18')" % mb, io, None),
        ("io-sio", "the same after SET DIAG OFF (CP: SIO, CCW translation)", ["set diag off"] + io, None),
    ]
    rows = []
    for name, what, lines, target in loads:
        typed = ["." + line for line in lines]
        runs = {  # system: configuration, no work, the work, its console's tag
            "bare": (bare, [], typed, "009: "),
            "cp": (cp, ["console 020"], ["console 020", "counters reset"] + typed + ["echo ==== work", "counters"],
                   "CMSUSER: "),
        }
        secs, share = {"bare": [], "cp": []}, []
        for i in range(RUNS):
            said = {}
            for system in ("bare", "cp") if i % 2 == 0 else ("cp", "bare"):
                config, idle, work, tag = runs[system]
                z, _ = b.run(config, idle, fresh191="u191.disk")
                t, out = b.run(config, work, fresh191="u191.disk")
                secs[system].append(t - z)
                said[system] = [l[len(tag):] for l in out.splitlines() if l.startswith(tag)]
                if system == "cp":
                    p, s = counters(out, "==== work")
                    share.append(s / (p + s))
            if said["bare"] != said["cp"]:
                die("%s: CMS under CP said something else than CMS on the bare machine:\n%s\n---\n%s"
                    % (name, "\n".join(said["bare"]), "\n".join(said["cp"])))
            done = sum(l.startswith(("HOG:", "FCOPY: %d RECORDS" % IO_RECORDS, "%d RECORDS" % IO_RECORDS))
                       for l in said["bare"])
            if done != sum(l.startswith(("hog", "fcopy", "wc")) for l in lines) or \
                    any(re.match(r"R\(\d+\);", l) for l in said["bare"]):
                die("%s: the work did not run as it should:\n%s" % (name, "\n".join(said["bare"])))
            print("  %s run %d: bare %.3f s, under CP %.3f s: %.3f of bare" % (
                name, i + 1, secs["bare"][-1], secs["cp"][-1], secs["bare"][-1] / secs["cp"][-1]), flush=True)
        rows.append(dict(name=name, what=what, ratio=min(secs["bare"]) / min(secs["cp"]),
                         spread=max(spread(secs["bare"]), spread(secs["cp"])),
                         cpshare=statistics.median(share), target=target))
    return rows


# ---- 2. CP instructions per trap ------------------------------------------------------------

def per_trap(b):
    priv = b.path("priv200.disk")
    b.tool("disk", "format", priv, "--blocks", "128", "--label", "PRIV", "--nucleus-blocks", "64")
    b.tool("disk", "ipl", priv, os.path.join(b.build, "programs", "kernels", "privloop.elf"))
    cpdisk = b.cp_disk("cpp", "  - {userid: PRIVLOOP, storage: 1M, console: {vaddr: 009}, "
                              "mdisks: [{vaddr: 200, rdev: 200, start: 0, blocks: 128, mode: R}], "
                              "ipl: 200, autolog: true}\n")
    sysf = b.system("cpp", "16M", "1A0", ["address: 1A0, type: FBA, file: %s, readonly: true" % cpdisk,
                                         "address: 200, type: FBA, file: %s, readonly: true" % priv])
    _, out = b.run(sysf, ["counters", "vms"])
    if not re.search(r"^PRIVLOOP +stopped +000A0000 8000600D", out, re.M):
        die("privloop under CP did not end in its pass wait:\n" + out)
    m = re.search(r"^entries into supervisor state from problem state, by cause.*\n((?:  .*\n)+)", out, re.M)
    if not m:
        die("privloop under CP: the counters have no entries by cause:\n" + out)
    table = {}
    for line in m.group(1).splitlines():
        f = line.split()
        table[f[0]] = (int(f[1]), float(f[3]))
    rows = []
    for insn in PRIV_INSNS:
        if insn not in table or table[insn][0] < 10000:
            die("privloop under CP: %s trapped %s times, not 10000:\n%s" % (insn, table.get(insn, (0,))[0], out))
        rows.append(dict(insn=insn, count=table[insn][0], cost=table[insn][1], target=PRIV_TARGET.get(insn)))
    return rows


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
                stopped = re.findall(r"^HOG\d\d +stopped +000A0000 800C0000", out, re.M)
                if len({u for u, _ in done}) != n or len({r for _, r in done}) != 1 or len(stopped) != n:
                    die("%d users, HOG %d each: %d finished, %d stopped, results %s\n%s"
                        % (n, w, len(done), len(stopped), sorted({r for _, r in done}), out[-3000:]))
                res.append((secs,) + counters(out))
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

def main():
    if len(sys.argv) != 2:
        sys.exit("usage: bench/cp_bench.py BUILD_DIR")
    b = Bench(sys.argv[1])
    start = time.monotonic()
    try:
        print("CP: one guest bare and under CP, %d runs each, the fastest of each compared" % RUNS, flush=True)
        single = single_user(b)
        print("CP: privloop under CP", flush=True)
        traps = per_trap(b)
        print("CP: 1 to %d users running HOG at once, %d million rounds in all, %d runs each, the fastest of each compared"
              % (USERS[-1], ROUNDS, RUNS), flush=True)
        multi = many_users(b)
    finally:
        if not os.environ.get("KEEP"):
            shutil.rmtree(b.work, ignore_errors=True)
    elapsed = time.monotonic() - start
    noisy = [r["name"] for r in single if r["spread"] > 0.10] + \
            ["%d users" % r["users"] for r in multi if r["spread"] > 0.10]

    def target(r, op):
        if r["target"] is None:
            return ""
        key = "cost" if op == "<=" else "ratio"
        ok = r[key] <= r["target"] if op == "<=" else r[key] >= r["target"]
        return "%s %s: %s" % (op, ("%d" if op == "<=" else "%.2f") % r["target"], "met" if ok else "NOT met")

    print()
    print("%-9s %-60s %15s %9s  %s" % ("one guest", "", "CP/bare (+-)", "CP share", "target"))
    for r in single:
        print("%-9s %-60s %8.3f (%3.0f%%) %9.4f  %s" % (r["name"], r["what"], r["ratio"], 100 * r["spread"],
                                                         r["cpshare"], target(r, ">=")))
    print("(CP/bare: throughput under CP as a share of bare, in host time; CP share: supervisor-state "
          "instructions / all, under CP)")
    print()
    print("%-6s %9s %21s  %s" % ("insn", "traps", "CP instructions each", "target"))
    for r in traps:
        print("%-6s %9d %21.1f  %s" % (r["insn"], r["count"], r["cost"], target(r, "<=")))
    print("(privloop under CP: entries into supervisor state by cause, from the machine's counters)")
    print()
    print("%-6s %9s %15s %9s  %s" % ("users", "HOG each", "vs 1 user (+-)", "CP share", "target"))
    for r in multi:
        print("%-6d %9d %8.3f (%3.0f%%) %9.4f  %s" % (r["users"], r["each"], r["ratio"], 100 * r["spread"],
                                                       r["cpshare"], target(r, ">=")))
    print("(vs 1 user: aggregate HOG rounds per host second, as a share of one user's)")
    print("ratios of the fastest of %d runs each; (+-) is the spread (max-min)/min of the runs" % RUNS)
    if noisy:
        print("warning: the runs spread by more than 10%% on %s: the host was busy, so these numbers are noisy"
              % ", ".join(noisy))
    print("CP bench time %.0f s" % elapsed)

    md = ["", "## CP: guest throughput, CP instructions per trap, many users", "",
          "`bench/cp_bench.py`, in the same run. Throughput: host time is the creasy process's CPU time less "
          "that of the same system doing no work (booting, logging on); each figure is the ratio of the fastest "
          "of %d runs of each, with the runs' spread (max-min)/min. CP share: CP's "
          "(supervisor-state) instructions over all instructions, from the machine's counters. Method and "
          "workloads: the docstring of `bench/cp_bench.py`." % RUNS, "",
          "| one guest | throughput under CP / bare | spread | CP share | target |", "|---|--:|--:|--:|---|"]
    for r in single:
        md.append("| %s | %.3f | %.0f%% | %.4f | %s |" % (r["what"], r["ratio"], 100 * r["spread"], r["cpshare"],
                                                          target(r, ">=")))
    md += ["", "| privloop under CP | traps | CP instructions per trap | target |", "|---|--:|--:|---|"]
    for r in traps:
        md.append("| %s | %d | %.1f | %s |" % (r["insn"], r["count"], r["cost"], target(r, "<=")))
    md += ["", "| users running HOG at once | million rounds each | aggregate throughput / 1 user | spread "
           "| CP share | target |", "|--:|--:|--:|--:|--:|---|"]
    for r in multi:
        md.append("| %d | %d | %.3f | %.0f%% | %.4f | %s |" % (r["users"], r["each"], r["ratio"], 100 * r["spread"],
                                                               r["cpshare"], target(r, ">=")))
    if noisy:
        md += ["", "**Noisy:** the runs spread by more than 10%% on %s; the host was busy." % ", ".join(noisy)]
    md += ["", "CP bench time %.0f s." % elapsed, ""]
    out = os.path.join(b.build, "bench-cp.md")
    with open(out, "w") as f:
        f.write("\n".join(md))
    print("wrote " + out)


if __name__ == "__main__":
    main()
