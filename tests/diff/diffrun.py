#!/usr/bin/env python3
"""diffrun.py: the differential test, creasy against Hercules 3.13.

    tests/diff/diffrun.py BUILD_DIR [--seeds N] [--blocks N] [--first-seed N]
                                    [--jobs N] [--only programs|random]
                                    [--keep-going]

Called by tests/diff/run.sh (which `make test-diff` runs). It

 1. runs every GCC-compiled program BUILD_DIR/programs/diff/NAME.elf on
    creasy (`creasy run`) and NAME.bin on Hercules (tests/diff/herc-run),
    dumping every global whose name starts with "res";
 2. generates random-instruction images with BUILD_DIR/diff/randgen (see
    tests/diff/randgen.c) for seeds FIRST..FIRST+N-1 and runs them the same
    way, dumping the result table (one entry per block);
 3. compares STOP, PSW, WAITCODE, the interruption (INTCODE and the old
    PSW address minus the ILC, which does not depend on the ILC an
    instruction-fetch exception reports), R0-R15 and the dumped storage,
    line by line.

A Hercules run that reports STOP=TIMEOUT or STOP=ERROR is repeated up to 3
times. On a mismatch it prints the program or seed, the block, the block's
disassembly, its initial registers, and both machines' values; for a
scratch-checksum mismatch it regenerates the image with the scratch area
copied into the results (-S) and prints the differing bytes. Exit status 0
when everything matches, 1 otherwise.
"""
import argparse
import concurrent.futures as cf
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
HERC_RUN = os.environ.get("HERC_RUN", os.path.join(HERE, "herc-run"))
LOAD = 0x10000
OBJDUMP = "s390x-linux-gnu-objdump"
NM = "s390x-linux-gnu-nm"
# Generator cases left out by default, and why. A creasy bug listed here
# should be fixed and then removed from DEFAULT_EXCLUDE.
DEFAULT_EXCLUDE = []
WHY = {
    "mvcle-amount": "creasy bug: one MVCLE execution moves a different amount than Hercules "
                    "(creasy stops with CC 3 after copying instead of padding the rest; with a zero "
                    "source length it ignores the source address's page). The final state after a "
                    "BRC 1 loop is still compared.",
    "mvcle-overlap": "treated as unpredictable (PoO as far as we know leaves the first operand "
                     "unpredictable on destructive overlap for MVCLE; the fact sheet does not cover it): "
                     "creasy copies as memmove, Hercules left to right byte by byte like MVC. "
                     "If creasy should match Hercules here too, make it copy forward and drop this.",
}
ENTRY_FIELDS = ["R%d" % i for i in range(16)] + ["CCPM", "PGM", "PGMOFF", "CKSUM"]


def run(cmd, timeout=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout.decode("latin-1"), p.stderr.decode("latin-1")


def parse(text):
    """KEY=value lines and MEM lines -> dict; MEM is {address: [words]}."""
    r = {"MEM": {}}
    for line in text.splitlines():
        if line.startswith("MEM "):
            parts = line.split()
            r["MEM"][int(parts[1], 16)] = parts[2:]
        elif line.startswith("MEMERROR"):
            r.setdefault("MEMERROR", []).append(line)
        elif "=" in line:
            k, v = line.split("=", 1)
            r[k] = v
    return r


def run_creasy(build, elf, dumps):
    cmd = [os.path.join(build, "creasy"), "run", elf, "--max-instructions", "200000000"]
    for a, n in dumps:
        cmd += ["--dump", "%X:%X" % (a, n)]
    try:
        rc, out, err = run(cmd, timeout=300)
    except subprocess.TimeoutExpired:
        out, err = "STOP=ERROR\nERROR=creasy ran for more than 300 s", ""
    r = parse(out)
    if "STOP" not in r:
        r["STOP"] = "ERROR"
        r["ERROR"] = (err or out).strip()[:300]
    return r


def run_hercules(binfile, dumps):
    cmd = [sys.executable, HERC_RUN, "-t", "8"]
    for a, n in dumps:
        cmd += ["-d", "%X:%X" % (a, n)]
    cmd += [binfile, "%X" % LOAD, "%X" % LOAD]
    tries = 0
    while True:
        tries += 1
        try:
            rc, out, err = run(cmd, timeout=120)
        except subprocess.TimeoutExpired:
            out, err = "STOP=ERROR\nERROR=herc-run hung", ""
        r = parse(out)
        r["_tries"] = tries
        if r.get("STOP") not in ("TIMEOUT", "ERROR", None) or tries > 3:
            if "STOP" not in r:
                r["STOP"] = "ERROR"
                r["ERROR"] = (err or out).strip()[:300]
            return r


def compare(c, h):
    """A list of (key, creasy value, hercules value) differences."""
    diffs = []
    for k in ("STOP", "PSW", "WAITCODE"):
        if c.get(k) != h.get(k):
            diffs.append((k, c.get(k), h.get(k)))
    if c.get("STOP") in ("PGM", "SVC") or h.get("STOP") in ("PGM", "SVC"):
        # the harness prints "INTCODE=hhhh ILC=n" on one line: parse() split at the first '='
        for r in (c, h):
            if "INTCODE" in r and " ILC=" in r["INTCODE"]:
                r["INTCODE"], r["ILC"] = r["INTCODE"].split(" ILC=")
        for r in (c, h):
            try:
                a = int(r["OLDPSW"].split()[1], 16) & 0x7FFFFFFF
                r["_inv"] = "%08X" % (a - int(r.get("ILC", "0")))
                r["_psw0"] = r["OLDPSW"].split()[0]
            except (KeyError, ValueError, IndexError):
                r["_inv"] = r["_psw0"] = None
        for k in ("INTCODE", "_inv", "_psw0"):
            if c.get(k) != h.get(k):
                name = {"_inv": "OLDPSW address - ILC", "_psw0": "OLDPSW word 0"}.get(k, k)
                diffs.append((name, c.get(k), h.get(k)))
    for i in range(16):
        k = "R%d" % i
        if c.get(k) != h.get(k):
            diffs.append((k, c.get(k), h.get(k)))
    for a in sorted(set(c["MEM"]) | set(h["MEM"])):
        if c["MEM"].get(a) != h["MEM"].get(a):
            diffs.append(("MEM %08X" % a, " ".join(c["MEM"].get(a, ["-"])), " ".join(h["MEM"].get(a, ["-"]))))
    for k in ("MEMERROR",):
        if c.get(k) or h.get(k):
            diffs.append((k, c.get(k), h.get(k)))
    return diffs


def disasm(binfile, start, stop):
    rc, out, err = run([OBJDUMP, "-D", "-b", "binary", "-m", "s390:31-bit", "--adjust-vma=0x%X" % LOAD,
                        "--start-address=0x%X" % start, "--stop-address=0x%X" % stop, binfile])
    lines = [l for l in out.splitlines() if re.match(r"^\s+[0-9a-f]+:", l)]
    return "\n".join("        " + l.strip() for l in lines)


# ---------------------------------------------------------------- programs

def res_symbols(elf):
    rc, out, err = run([NM, "-S", elf])
    dumps = []
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4 and f[3].startswith("res") and f[2] in "BbDdRr":
            dumps.append((int(f[0], 16), int(f[1], 16), f[3]))
    return dumps


def program_job(build, elf):
    name = os.path.basename(elf)[:-4]
    binfile = elf[:-4] + ".bin"
    syms = res_symbols(elf)
    dumps = [(a, n) for a, n, _ in syms]
    c = run_creasy(build, elf, dumps)
    h = run_hercules(binfile, dumps)
    diffs = compare(c, h)
    if c.get("WAITCODE") != "0000600D" and h.get("WAITCODE") != "0000600D":
        diffs.append(("end", "neither machine reached the pass wait 0000600D", ""))
    if not syms:
        diffs.append(("result area", "no global symbol named res* with a size (nm -S)", "-"))
    report = []
    if diffs:
        report.append("MISMATCH program %s (%s)" % (name, elf))
        for k, cv, hv in diffs[:40]:
            sym = ""
            if k.startswith("MEM "):
                a = int(k.split()[1], 16)
                for sa, sn, s in syms:
                    if sa <= a < sa + sn:
                        sym = "  (%s+0x%X)" % (s, a - sa)
            report.append("  %-22s creasy   %s%s" % (k, cv, sym))
            report.append("  %-22s hercules %s" % ("", hv))
        if len(diffs) > 40:
            report.append("  ... %d more differences" % (len(diffs) - 40))
        if c.get("STOP") != "WAIT" or h.get("STOP") != "WAIT":
            for who, r in (("creasy", c), ("hercules", h)):
                if r.get("OLDPSW"):
                    a = int(r["OLDPSW"].split()[1], 16) & 0x7FFFFFFF
                    report.append("  %s stopped near %08X:" % (who, a))
                    report.append(disasm(binfile, max(LOAD, a - 16), a + 8))
    return {"kind": "program", "name": name, "diffs": diffs, "report": report,
            "insns": int(c.get("INSTRUCTIONS", "0") or 0), "herc_tries": h.get("_tries", 1),
            "stop": c.get("STOP"), "waitcode": c.get("WAITCODE")}


# ---------------------------------------------------------------- random images

def read_info(path):
    info = {"blocks": []}
    for line in open(path):
        if line.startswith("BLOCK "):
            f = line.split()
            info["blocks"].append({
                "index": int(f[1]), "start": int(f[2], 16), "epilogue": int(f[3], 16),
                "end": int(f[4], 16), "desc": int(f[5], 16), "nrandom": int(f[6]),
                "ccpm": f[7].split("=")[1], "regs": f[8:24]})
        elif line.startswith("EXCLUDED "):
            f = line.split()
            info.setdefault("excluded", {})[f[1]] = int(f[2])
        elif "=" in line:
            k, v = line.strip().split("=", 1)
            info[k] = v
    return info


EXCLUDE = []   # generator cases left out (-x NAME), set by main()


def gen_args():
    return sum((["-x", x] for x in EXCLUDE), [])


def gen_image(build, workdir, seed, nblocks, scratch_copy=False):
    out = os.path.join(workdir, "rand%d%s" % (seed, "S" if scratch_copy else ""))
    cmd = [os.path.join(build, "diff", "randgen"), str(seed), str(nblocks), out] + \
        (["-S"] if scratch_copy else []) + gen_args()
    rc, o, e = run(cmd)
    if rc:
        raise RuntimeError("randgen failed: %s" % e.strip())
    return out, read_info(out + ".info")


def entry_words(mem, base, entry_len):
    """The result table as a list of per-block word lists."""
    words = []
    a = base
    while a in mem:
        words += mem[a]
        a += 16
    per = entry_len // 4
    return [words[i * per:(i + 1) * per] for i in range(len(words) // per)]


def entries_equal(cw, hw):
    """Result entries match; the ILC of the fetch of an odd address may differ
    (PoO: 1, 2 or 3; Hercules reports a stale one), the invariant may not."""
    if cw == hw:
        return True
    pc, ph = int(cw[17], 16), int(hw[17], 16)
    if pc & 0xFFFF == 6 and ph & 0xFFFF == 6 and int(cw[18], 16) & 1 and cw[18] == hw[18]:
        return cw[:17] + cw[18:] == hw[:17] + hw[18:] and pc & 0xFF00FFFF == ph & 0xFF00FFFF
    return False


def describe_entry(e):
    d = ["R%d=%s" % (i, e[i]) for i in range(16)]
    ccpm = int(e[16], 16)
    pgm = int(e[17], 16)
    s = "CC=%d PM=%X" % ((ccpm >> 28) & 3, (ccpm >> 24) & 15) if not pgm else \
        "old PSW word 0 %s (CC=%d PM=%X)" % (e[16], (ccpm >> 12) & 3, (ccpm >> 8) & 15)
    if pgm:
        s += ", program interruption %04X (ILC %d) at block+0x%X" % (pgm & 0xFFFF, (pgm >> 16) & 0xFF,
                                                                    int(e[18], 16))
    s += ", scratch checksum %s" % e[19]
    return d, s


def random_job(build, workdir, seed, nblocks):
    out, info = gen_image(build, workdir, seed, nblocks)
    results = int(info["RESULTS"], 16)
    elen = int(info["ENTRY"])
    dumps = [(results, nblocks * elen)]
    c = run_creasy(build, out + ".elf", dumps)
    h = run_hercules(out + ".bin", dumps)
    diffs = [d for d in compare(c, h) if not d[0].startswith("MEM ")]
    ce = entry_words(c["MEM"], results, elen)
    he = entry_words(h["MEM"], results, elen)
    bad_blocks = [bi for bi in range(nblocks)
                  if bi >= len(ce) or bi >= len(he) or not entries_equal(ce[bi], he[bi])]
    if bad_blocks:
        diffs.append(("blocks", " ".join(map(str, bad_blocks[:20])), ""))
    # Sanity of the harness itself: both runs reach the end, and every block
    # filled its result entry (the saved RS always holds the data address).
    rs, data = int(info["RS"]), info["DATA"]
    for who, r, ents in (("creasy", c, ce), ("hercules", h, he)):
        if r.get("WAITCODE") != "0000600D":
            diffs.append(("harness", "%s did not reach the end of the image: STOP=%s WAITCODE=%s"
                          % (who, r.get("STOP"), r.get("WAITCODE")), ""))
        empty = [bi for bi, e in enumerate(ents[:nblocks]) if e[rs] != data]
        if empty or len(ents) < nblocks:
            diffs.append(("harness", "%s: blocks without a result: %s" % (who, empty[:20] or "table short"), ""))
    report = []
    if diffs:
        report.append("MISMATCH random image seed %d (%d blocks; regenerate with: %s %d %d OUT%s)" %
                      (seed, nblocks, os.path.join(build, "diff", "randgen"), seed, nblocks,
                       "".join(" " + a for a in gen_args())))
        for k, cv, hv in diffs:
            if k != "blocks":
                report.append("  %-10s creasy %s | hercules %s" % (k, cv, hv))
        for bi in bad_blocks[:3]:
            b = info["blocks"][bi]
            report.append("")
            report.append("  block %d at %08X (seed %d, RS=R%s, scratch at %s):" %
                          (bi, b["start"], seed, info["RS"], info["SCRATCH"]))
            report.append("    initial CC/program mask (SPM operand) %s, registers:" % b["ccpm"])
            report.append("      " + " ".join("R%d=%s" % (i, v) for i, v in enumerate(b["regs"][:8])))
            report.append("      " + " ".join("R%d=%s" % (i + 8, v) for i, v in enumerate(b["regs"][8:])))
            report.append("    code (prologue, random items from %08X, epilogue at %08X, EXECUTE targets after it):"
                          % (b["start"] + 32, b["epilogue"]))
            report.append(disasm(out + ".bin", b["start"], b["end"]))
            cw = ce[bi] if bi < len(ce) else None
            hw = he[bi] if bi < len(he) else None
            if not cw or not hw:
                report.append("    result entry missing: creasy %s, hercules %s" % (bool(cw), bool(hw)))
                continue
            report.append("    differences in the result entry:")
            for i, (x, y) in enumerate(zip(cw, hw)):
                if x != y:
                    report.append("      %-7s creasy %s  hercules %s" % (ENTRY_FIELDS[i], x, y))
            cd, cs = describe_entry(cw)
            hd, hs = describe_entry(hw)
            report.append("    creasy:   " + cs)
            report.append("    hercules: " + hs)
            if cw[19] != hw[19]:
                report += scratch_diff(build, workdir, seed, nblocks, bi)
        if len(bad_blocks) > 3:
            report.append("  ... and %d more differing blocks: %s" % (len(bad_blocks) - 3, bad_blocks[3:20]))
    return {"kind": "random", "name": "seed %d" % seed, "diffs": diffs, "report": report,
            "blocks": nblocks, "random_insns": int(info["RANDOM_INSNS"]), "bad_blocks": bad_blocks,
            "excluded": info.get("excluded", {}),
            "insns": int(c.get("INSTRUCTIONS", "0") or 0), "herc_tries": h.get("_tries", 1),
            "stop": c.get("STOP"), "waitcode": c.get("WAITCODE")}


def scratch_diff(build, workdir, seed, nblocks, bi):
    """Re-run with the scratch area in the results and show the differing bytes."""
    out, info = gen_image(build, workdir, seed, nblocks, scratch_copy=True)
    results = int(info["RESULTS"], 16)
    elen = int(info["ENTRY"])
    a = results + bi * elen
    dumps = [(a, elen)]
    c = run_creasy(build, out + ".elf", dumps)
    h = run_hercules(out + ".bin", dumps)
    cw = entry_words(c["MEM"], a, elen)
    hw = entry_words(h["MEM"], a, elen)
    rep = ["    scratch area at the end of the block (offsets from %s), creasy | hercules:" % info["SCRATCH"]]
    if not cw or not hw:
        return rep + ["      (re-run failed)"]
    cs, hs = cw[0][20:], hw[0][20:]
    for i in range(0, len(cs), 4):
        if cs[i:i + 4] != hs[i:i + 4]:
            rep.append("      +%03X  %s | %s" % (i * 4, " ".join(cs[i:i + 4]), " ".join(hs[i:i + 4])))
    return rep


# ---------------------------------------------------------------- main

def coverage_note(build):
    """Problem-state instructions in spec.yaml the generator never emits."""
    rc, out, err = run([os.path.join(build, "diff", "randgen"), "--list"])
    have = set(out.split())
    want = set()
    for line in open(os.path.join(ROOT, "spec.yaml")):
        if line.startswith("variants:"):
            break   # the sound machine's rows only: Hercules has no flawed variant
        m = re.search(r"mnemonic:\s*([A-Z0-9]+),.*privilege:\s*unprivileged", line)
        if m and "variants:" not in line:
            want.add(m.group(1))
    never = {"SVC", "STCK"}   # an SVC ends the run; STCK values differ by design
    missing = sorted(want - have - never)
    return missing, sorted(never & want)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--seeds", type=int, default=int(os.environ.get("DIFF_SEEDS", "100")))
    ap.add_argument("--blocks", type=int, default=int(os.environ.get("DIFF_BLOCKS", "250")))
    ap.add_argument("--first-seed", type=int, default=int(os.environ.get("DIFF_FIRST_SEED", "1")))
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("DIFF_JOBS", str(min(4, os.cpu_count() or 2)))))
    ap.add_argument("--only", choices=("programs", "random"))
    ap.add_argument("--exclude", default=os.environ.get("DIFF_EXCLUDE", ",".join(DEFAULT_EXCLUDE)),
                    help="comma-separated generator cases to leave out (randgen --exclusions lists them); "
                         "default: %s" % ",".join(DEFAULT_EXCLUDE))
    a = ap.parse_args()
    EXCLUDE[:] = [x for x in a.exclude.split(",") if x]
    build = a.build
    t0 = time.monotonic()

    workdir = os.path.join(build, "diff", "work")
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir, exist_ok=True)

    missing, never = coverage_note(build)
    if missing:
        print("diff: FAIL: the random generator never emits these problem-state instructions of "
              "spec.yaml: %s (teach tests/diff/randgen.c)" % " ".join(missing))
        return 1
    print("diff: not generated by design: %s" % " ".join(never))
    rc, out, err = run([os.path.join(build, "diff", "randgen"), "--exclusions"])
    known = dict(l.split("\t", 1) for l in out.splitlines() if "\t" in l)
    for x in EXCLUDE:
        if x not in known:
            print("diff: unknown exclusion %r (known: %s)" % (x, " ".join(known)))
            return 1

    progs = []
    pdir = os.path.join(build, "programs", "diff")
    if a.only != "random":
        progs = sorted(os.path.join(pdir, f) for f in os.listdir(pdir) if f.endswith(".elf")) \
            if os.path.isdir(pdir) else []
        if not progs:
            print("diff: no programs in %s (run make programs)" % pdir)
            return 1
    seeds = [] if a.only == "programs" else list(range(a.first_seed, a.first_seed + a.seeds))

    results = []
    with cf.ThreadPoolExecutor(max_workers=a.jobs) as ex:
        futs = [ex.submit(program_job, build, p) for p in progs]
        futs += [ex.submit(random_job, build, workdir, s, a.blocks) for s in seeds]
        for f in futs:
            r = f.result()
            results.append(r)
            status = "MISMATCH" if r["diffs"] else "ok"
            extra = ""
            if r["kind"] == "random":
                extra = " (%d blocks%s)" % (r["blocks"], ", differing: %s" % r["bad_blocks"][:10]
                                             if r["bad_blocks"] else "")
            if r["herc_tries"] > 1:
                extra += " [hercules retried %d times]" % (r["herc_tries"] - 1)
            print("diff: %-8s %-10s %s%s" % (status, r["kind"], r["name"], extra))
            sys.stdout.flush()

    bad = [r for r in results if r["diffs"]]
    for r in bad:
        print()
        print("\n".join(r["report"]))
    nprog = sum(1 for r in results if r["kind"] == "program")
    rnd = [r for r in results if r["kind"] == "random"]
    nblocks = sum(r["blocks"] for r in rnd)
    nrand = sum(r["random_insns"] for r in rnd)
    ninsn = sum(r["insns"] for r in results)
    badblocks = sum(len(r.get("bad_blocks", [])) for r in rnd)
    print()
    retries = sum(r["herc_tries"] - 1 for r in results)
    print("diff: %d programs, %d random images (seeds %d-%d), %d random blocks, %d random instructions generated, "
          "%d instructions executed and compared (creasy's count), %d Hercules re-runs, %.1f s" %
          (nprog, len(rnd), a.first_seed, a.first_seed + len(rnd) - 1, nblocks, nrand, ninsn, retries,
           time.monotonic() - t0))
    excl_total = {}
    for r in rnd:
        for k, n in r.get("excluded", {}).items():
            excl_total[k] = excl_total.get(k, 0) + n
    for x in EXCLUDE:
        print("diff: EXCLUDED %-14s %s: %d cases changed. Why: %s" %
              (x, known.get(x, "?"), excl_total.get(x, 0), WHY.get(x, "excluded on the command line")))
    if EXCLUDE:
        print("diff: re-enable with DIFF_EXCLUDE= (empty) or --exclude=...")
    if bad:
        print("diff: FAILED: %d of %d runs differ (%d random blocks); random images kept in %s"
              % (len(bad), len(results), badblocks, workdir))
        return 1
    print("diff: all passed")
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
