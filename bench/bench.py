#!/usr/bin/env python3
"""creasy against Hercules 3.13: MIPS on the same binary, in the same run.

    bench/bench.py BUILD_DIR          (make bench runs it through bench/run.sh)

The binary is BUILD_DIR/programs/bench/kernels.elf (creasy) and the flat
kernels.bin made from it (Hercules). R2 selects the kernel, R3 the number of
repetitions (programs/bench/kernels.c).

Method, for each kernel:
  1. Size it. Two short creasy runs (0 and a few repetitions) give the
     instructions per repetition and the set-up cost; the repetitions are
     then chosen for about BENCH_INSNS instructions (default 1e9: 1.5-2.5 s
     on creasy, 2.5-5 s on Hercules at the time of writing). The count does
     not depend on the host's speed, so tables from different runs compare.
  2. Measure, BENCH_RUNS times, alternating the two machines:
       creasy   `creasy run --timing`: INSTRUCTIONS (exact) / RUN_S (host
                seconds spent executing; creasy's STCK is virtual time, so
                the guest's own clock cannot be used there);
       Hercules `herc-run`: the same instruction count (the program is
                deterministic, so both machines execute the same
                instructions; Hercules' own counter is unreliable past ~1 s)
                / the guest's STCK delta around the kernel, read from `bres`
                (as tools/hercules/tests/bench.py does).
     Every run must end in the 0000600D wait, the kernel's self-check must
     pass, and the checksums of all runs on both machines must agree;
     otherwise the benchmark stops with an error.
  3. Report the medians, the ratio creasy/Hercules and the geometric mean of
     the ratios; the table also goes to BUILD_DIR/bench.md as markdown.
  4. For context, one run of creasy's exact/checked mode (--profile, which
     also counts instructions by opcode) on fewer repetitions; its busiest
     instructions go into bench.md.

Environment: BENCH_INSNS (default 1e9), BENCH_RUNS (default 3),
BENCH_KERNELS (comma-separated names, default all), BENCH_PROFILE=0 to skip
step 4, HERC_RUN (default /work/shared/tools/hercules/herc-run).
"""
import datetime
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import time

KERNELS = [  # name, R2, what one repetition is
    ("hash", 0, "2^20 iterations of xor/multiply/rotate/add"),
    ("sieve", 1, "sieve of Eratosthenes to 10^6"),
    ("crc32", 2, "table-driven CRC-32 of 64 KiB"),
    ("sort", 3, "quicksort of 16384 fresh pseudo-random words"),
    ("string", 4, "strlen/strcmp/memcpy/search over 512 lines"),
]
LOAD = "10000"
MAGIC = 0x424E4348
PASS_WAIT = "0000600D"

HERC = os.environ.get("HERC_RUN", "/work/shared/tools/hercules/herc-run")
INSNS = float(os.environ.get("BENCH_INSNS", "1e9"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
PROFILE = os.environ.get("BENCH_PROFILE", "1") != "0"


def die(msg):
    sys.exit("bench: FAILED: " + msg)


def parse(out):
    kv, mem, ops = {}, bytearray(), []
    for line in out.splitlines():
        if line.startswith("MEM "):
            mem += bytes.fromhex("".join(line.split()[2:]))
        elif line.startswith("OP "):
            _, name, n = line.split()
            ops.append((name, int(n)))
        elif "=" in line:
            k, v = line.split("=", 1)
            kv[k] = v
    return kv, bytes(mem), ops


def bres_fields(mem, kernel, reps, who, out):
    """The result area: magic, kernel, reps, checksum, t0, t1, status."""
    if len(mem) < 0x24:
        die("%s: result area not dumped\n%s" % (who, out))
    w = lambda off, n=4: int.from_bytes(mem[off:off + n], "big")
    if (w(0), w(4), w(8)) != (MAGIC, kernel, reps):
        die("%s: result area holds %08X %X %X, expected BNCH %X %X\n%s"
            % (who, w(0), w(4), w(8), kernel, reps, out))
    if w(0x20) != 0:
        die("%s: the kernel's self-check failed (status %X)\n%s" % (who, w(0x20), out))
    return w(0xC), w(0x10, 8), w(0x18, 8)


class Bench:
    def __init__(self, build):
        self.creasy = os.path.join(build, "creasy")
        self.elf = os.path.join(build, "programs", "bench", "kernels.elf")
        self.bin = os.path.join(build, "programs", "bench", "kernels.bin")
        for f in (self.creasy, self.elf, self.bin, HERC):
            if not os.path.exists(f):
                die("%s does not exist (make bench builds the first three)" % f)
        nm = subprocess.run(["s390x-linux-gnu-nm", self.elf], check=True,
                            capture_output=True, text=True).stdout
        m = re.search(r"^([0-9a-f]+) [bBdD] bres$", nm, re.M)
        if not m:
            die("no symbol bres in " + self.elf)
        self.bres = m.group(1)

    def run_creasy(self, kernel, reps, profile=False):
        cmd = [self.creasy, "run", self.elf, "--gpr", "2=%X" % kernel, "--gpr", "3=%X" % reps,
               "--dump", self.bres + ":28", "--max-instructions", "100000000000", "--timing"]
        if profile:
            cmd.append("--profile")
        p = subprocess.run(cmd, capture_output=True, text=True)
        kv, mem, ops = parse(p.stdout)
        who = "creasy kernel %d reps %d" % (kernel, reps)
        if p.returncode != 0 or kv.get("STOP") != "WAIT" or kv.get("WAITCODE") != PASS_WAIT:
            die("%s did not end in the %s wait (rc %d)\n%s%s" % (who, PASS_WAIT, p.returncode, p.stdout, p.stderr))
        result, _, _ = bres_fields(mem, kernel, reps, who, p.stdout)
        return dict(result=result, insns=int(kv["INSTRUCTIONS"]), secs=float(kv["RUN_S"]), ops=ops)

    def run_herc(self, kernel, reps, timeout):
        cmd = [HERC, "-t", str(int(timeout)), "--gpr", "2=%X" % kernel, "--gpr", "3=%X" % reps,
               "-d", self.bres + ":28", self.bin, LOAD, LOAD]
        who = "Hercules kernel %d reps %d" % (kernel, reps)
        for attempt in range(3):   # herc-run's README: rare spurious STOP=TIMEOUT
            p = subprocess.run(cmd, capture_output=True, text=True)
            kv, mem, _ = parse(p.stdout)
            if kv.get("STOP") == "WAIT":
                break
            print("  (%s: STOP=%s, retrying)" % (who, kv.get("STOP")), flush=True)
        if kv.get("STOP") != "WAIT" or kv.get("WAITCODE") != PASS_WAIT:
            die("%s did not end in the %s wait\n%s%s" % (who, PASS_WAIT, p.stdout, p.stderr))
        result, t0, t1 = bres_fields(mem, kernel, reps, who, p.stdout)
        secs = (t1 - t0) / 4096 / 1e6   # TOD bit 51 = 1 microsecond
        if secs <= 0:
            die("%s: STCK delta %d" % (who, t1 - t0))
        return dict(result=result, secs=secs, wall=float(kv.get("WALL_S", "0")))

    def size(self, kernel):
        """Repetitions for about INSNS instructions, and the set-up cost."""
        base = self.run_creasy(kernel, 0)["insns"]
        few = 4
        per = (self.run_creasy(kernel, few)["insns"] - base) / few
        return max(1, round(INSNS / per)), base, per


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0


def fmt_insns(n):
    return "%.3g" % n if n < 1e3 else "%.3fe9" % (n / 1e9) if n >= 1e9 else "%.1fe6" % (n / 1e6)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: bench/bench.py BUILD_DIR")
    build = sys.argv[1]
    b = Bench(build)
    wanted = os.environ.get("BENCH_KERNELS")
    kernels = [k for k in KERNELS if not wanted or k[0] in wanted.split(",")]
    if not kernels:
        die("BENCH_KERNELS selects nothing")
    start = time.monotonic()
    load0 = loadavg()
    if load0 > 0.5:
        print("warning: the host is already busy (load average %.2f on %d CPUs): the numbers will be noisy"
              % (load0, os.cpu_count() or 0), flush=True)
    print("creasy %s vs Hercules (%s), %d runs each, medians; ~%.3g instructions per run"
          % (b.creasy, HERC, RUNS, INSNS), flush=True)
    rows = []
    for name, k, what in kernels:
        reps, base, per = b.size(k)
        print("%s: %d reps of %s; %.0f instructions per rep, set-up %d (%.3f%% of the run)"
              % (name, reps, what, per, base, 100 * base / (base + reps * per)), flush=True)
        cr, hr, results, insns = [], [], set(), None
        for i in range(RUNS):
            c = b.run_creasy(k, reps)
            if insns is None:
                insns = c["insns"]
            elif c["insns"] != insns:
                die("%s: creasy executed %d instructions, then %d: not deterministic"
                    % (name, insns, c["insns"]))
            # Hercules should not run much past creasy's time at its slowest
            h = b.run_herc(k, reps, timeout=60 + 20 * insns / 1e8)
            results |= {c["result"], h["result"]}
            if len(results) != 1:
                die("%s: the checksums differ: creasy %08X, Hercules %08X"
                    % (name, c["result"], h["result"]))
            cr.append(insns / c["secs"] / 1e6)
            hr.append(insns / h["secs"] / 1e6)
            print("  run %d: creasy %.3f s %7.1f MIPS | Hercules %.3f s (wall %.2f s) %7.1f MIPS | checksum %08X"
                  % (i + 1, c["secs"], cr[-1], h["secs"], h["wall"], hr[-1], c["result"]), flush=True)
        row = dict(name=name, what=what, reps=reps, insns=insns, result=results.pop(),
                   creasy=statistics.median(cr), herc=statistics.median(hr),
                   cspread=(max(cr) - min(cr)) / statistics.median(cr),
                   hspread=(max(hr) - min(hr)) / statistics.median(hr))
        row["ratio"] = row["creasy"] / row["herc"]
        if PROFILE:
            preps = max(1, reps // 8)
            p = b.run_creasy(k, preps, profile=True)
            if p["result"] != b.run_creasy(k, preps)["result"]:
                die("%s: --profile computes a different checksum" % name)
            row["checked"] = p["insns"] / p["secs"] / 1e6
            row["ops"] = p["ops"]
            row["pinsns"] = p["insns"]
        rows.append(row)

    geo = math.exp(sum(math.log(r["ratio"]) for r in rows) / len(rows))
    elapsed = time.monotonic() - start
    load1 = loadavg()
    noisy = [r["name"] for r in rows if max(r["cspread"], r["hspread"]) > 0.10]

    # ---- the terminal table -------------------------------------------------------------
    chk = PROFILE
    print()
    hdr = "%-8s %12s %18s %20s %8s" % ("kernel", "instructions", "creasy MIPS (+-)", "Hercules MIPS (+-)", "ratio")
    if chk:
        hdr += " %12s" % "checked MIPS"
    print(hdr)
    print("-" * len(hdr))
    for r in rows:
        line = "%-8s %12s %10.1f (%3.0f%%) %12.1f (%3.0f%%) %7.2fx" % (
            r["name"], fmt_insns(r["insns"]), r["creasy"], 100 * r["cspread"], r["herc"], 100 * r["hspread"], r["ratio"])
        if chk:
            line += " %12.1f" % r["checked"]
        print(line)
    print("-" * len(hdr))
    print("%-8s %12s %18s %20s %7.2fx" % ("geomean", "", "", "", geo))
    print("(+-) is the spread (max-min)/median of the %d runs" % RUNS)
    if noisy:
        print("warning: runs spread by more than 10%% on %s (load average %.2f before, %.2f after): "
              "the host was busy, so these numbers are noisy" % (", ".join(noisy), load0, load1))
    below = [r["name"] for r in rows if r["ratio"] < 2]
    print("target (creasy >= 2x Hercules on every kernel): %s"
          % ("met" if not below else "NOT met on " + ", ".join(below)))
    print("bench time %.0f s" % elapsed)

    # ---- BUILD_DIR/bench.md ----------------------------------------------------------------
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True).stdout.strip() or "?"
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        rev += "+changes" if dirty else ""
    except OSError:
        rev = "?"
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = re.search(r"^model name\s*:\s*(.*)$", f.read(), re.M).group(1)
    except (OSError, AttributeError):
        pass
    md = []
    md.append("| kernel | one repetition | instructions | creasy MIPS | Hercules MIPS | creasy/Hercules |"
              + (" creasy checked MIPS |" if chk else ""))
    md.append("|---|---|--:|--:|--:|--:|" + ("--:|" if chk else ""))
    for r in rows:
        md.append("| %s | %s | %s | %.1f | %.1f | %.2fx |" % (r["name"], r["what"], "{:,}".format(r["insns"]),
                                                              r["creasy"], r["herc"], r["ratio"])
                  + (" %.1f |" % r["checked"] if chk else ""))
    md.append("| **geometric mean** | | | | | **%.2fx** |" % geo + (" |" if chk else ""))
    text = "\n".join([
        "# creasy vs Hercules 3.13",
        "",
        "`make bench` on %s, %d CPUs (%s), creasy %s, %s." % (
            cpu, os.cpu_count() or 0, platform.system(), rev,
            datetime.datetime.now().strftime("%Y-%m-%d %H:%M")),
        "Median of %d runs each. Same binary (`programs/bench/kernels.c`, gcc -O2 -m31 -march=z900) "
        "on both machines; instruction counts are creasy's exact count, and the checksums of both "
        "machines agree. creasy: host time spent executing (`creasy run --timing`). "
        "Hercules: the guest's STCK delta around the kernel. Load average %.2f before, %.2f after; "
        "total bench time %.0f s." % (RUNS, load0, load1, elapsed),
        "",
    ] + md + [""])
    if chk:
        text += ("\n\"checked MIPS\" is creasy's exact/checked mode (`--profile`, which counts every "
                 "instruction by opcode), run once on 1/8 of the repetitions.\n")
    if noisy:
        text += ("\n**Noisy:** the runs spread by more than 10%% on %s; the host was busy.\n"
                 % ", ".join(noisy))
    text += ("\nTarget: creasy at least 2x Hercules on every kernel: %s.\n"
             % ("met" if not below else "**not met** on " + ", ".join(below)))
    if chk:
        text += "\n## Busiest instructions (creasy --profile)\n\n| kernel | share of instructions |\n|---|---|\n"
        for r in rows:
            tot = sum(n for _, n in r["ops"]) or 1
            text += "| %s | %s |\n" % (r["name"], ", ".join("%s %.1f%%" % (o, 100 * n / tot)
                                                             for o, n in r["ops"][:8] if n >= tot / 100))
    out = os.path.join(build, "bench.md")
    with open(out, "w") as f:
        f.write(text)
    print("wrote " + out)


if __name__ == "__main__":
    main()
