"""grade.py: the grader. Builds a workspace and runs a lab's tests in it.

Design note. A test is a shell command from lab.yaml (public) or
hidden/tests.yaml (hidden), run in the workspace with a time limit; it
passes when it exits 0, and is worth its points or nothing. The commands
are the project's own tests (make targets, tests/cp/*.sh on chosen
kernels and modes, unit-test filters), so a lab's grade means what the
project's tests mean. Hidden tests may bring files (hidden/files/, laid
over the workspace for the run and removed after: a kernel in
programs/kernels/ is then built by the Makefile's own rules). Nothing is
scored by what the student's code prints about itself.

The report: a table (test, points, pass or FAIL with the first
difference) and the total; and Gradescope's results.json (score,
max_score, execution_time, output, tests[] with name, score, max_score,
output, visibility).
"""
import json
import os
import re
import shutil
import signal
import subprocess
import time

TIMEOUT = 60    # seconds for one test, unless it says otherwise
EXCERPT = 12    # lines of a failing test's output in the report


def _run(cmd, cwd, env, timeout):
    """(exit status or None on timeout, output), the whole process group killed at the limit."""
    p = subprocess.Popen(["bash", "-c", cmd], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        out, _ = p.communicate(timeout=timeout)
        return p.returncode, out.decode("utf-8", errors="replace")
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
        return None, out.decode("utf-8", errors="replace")


FIRST_DIFF = re.compile(r"(^FAIL|\bFAIL\b|^\[FAIL\]|differs|^@@|error:|Assertion|^expected|mismatch|not about|"
                        r"CRASH|\bcrashed\b|Synthesis:.*Failing: [1-9])", re.I)


DIFF_HEADER = re.compile(r"^\s*(---|\+\+\+) /tmp/")   # a diff's file names: temporary, and no help


def first_difference(out):
    """The lines that say what went wrong: from the first failure line on,
    or the end of the output."""
    lines = [l for l in out.splitlines() if l.strip() and not DIFF_HEADER.match(l)]
    for i, l in enumerate(lines):
        if FIRST_DIFF.search(l):
            return "\n".join(lines[i:i + EXCERPT])
    return "\n".join(lines[-EXCERPT:])


def _overlay(lab, ws):
    """hidden/files/ over the workspace: the paths added (never replacing a file)."""
    src = os.path.join(lab.hidden_dir, "files")
    added = []
    if not os.path.isdir(src):
        return added
    for d, _, names in os.walk(src):
        for n in names:
            rel = os.path.relpath(os.path.join(d, n), src)
            to = os.path.join(ws, rel)
            if os.path.exists(to):
                continue
            os.makedirs(os.path.dirname(to), exist_ok=True)
            shutil.copy2(os.path.join(d, n), to)
            added.append(to)
    return added


def build_lab(lab, ws, hidden, jobs, log):
    """The lab's `build` targets; then, if it has them, its `guest_build`
    targets with each file of `assume_unchanged` given back the time it had
    before the first make. That is for a generated header whose change
    does not reach the guest code the tests run (the interpreter lab: an
    instruction's row changes only its OPCODE_ in arch.h): its guests are
    not rebuilt for every attempt. make's own -o cannot do it, since
    arch.h has a rule. They keep that time: a workspace whose row made
    the guest code need rebuilding (CS made privileged: CP would want a
    sim_CS) shows it only after the next change to spec.yaml. So this, and
    `make_vars`, are for workspaces (.creasy-lab) only, never for the
    project's own tree, whose builds must stay exact."""
    workspace = os.path.exists(os.path.join(ws, ".creasy-lab"))   # not the project's own tree
    keep = [os.path.join(ws, f) for f in lab.conf.get("assume_unchanged", [])] if workspace else []
    times = {f: os.stat(f).st_mtime_ns for f in keep if os.path.exists(f)}
    vars_ = lab.conf.get("make_vars", []) if workspace else []
    targets = lab.build_targets(hidden)
    ok, out = build(ws, vars_ + targets, jobs, log) if targets else (True, "")   # none: nothing to build
    if ok and lab.conf.get("guest_build"):
        for f, t in times.items():
            os.utime(f, ns=(t, t))
        ok, more = build(ws, vars_ + lab.conf["guest_build"], jobs, log + "2")
        out += more
    return ok, out


def build(ws, targets, jobs=2, log=None):
    """make the targets in the workspace: (ok, output)."""
    cmd = ["make", "-C", ws, "-j%d" % jobs, "--no-print-directory"] + list(targets)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout.decode("utf-8", errors="replace")
    if log:
        with open(log, "w") as f:
            f.write(out)
    return p.returncode == 0, out


def grade(lab, ws, hidden=True, results=None, quiet=False, jobs=2, first_failure=False):
    """Grade workspace ws: returns (score, max, rows); prints the table
    unless quiet, and writes results.json where asked. first_failure (the
    CI's, for what must fail): the tests after the first that fails are
    not run, and score nothing."""
    t0 = time.time()
    ws = os.path.abspath(ws)
    has_hidden = hidden and os.path.isdir(lab.hidden_dir)
    tests = lab.tests(has_hidden)
    added = _overlay(lab, ws) if has_hidden else []
    rows = []
    try:
        logdir = os.path.join(ws, "build", "labs")
        os.makedirs(logdir, exist_ok=True)
        log = os.path.join(logdir, lab.name + "-build.log")
        ok, out = build_lab(lab, ws, has_hidden, jobs, log)
        tool = os.path.dirname(os.path.abspath(__file__))
        env = dict(os.environ, WS=ws, LAB_DIR=lab.dir, HIDDEN=lab.hidden_dir, LAB=lab.name, TOOL=tool,
                   CREASY=os.path.join(tool, "creasy-limited"), CREASY_REAL=os.path.join(ws, "build", "creasy"))
        for t in tests:
            started = time.time()
            if first_failure and any(r["score"] < r["max_score"] for r in rows):
                passed, why = False, "not run: an earlier test failed"
            elif not ok:
                passed, why = False, "the workspace does not build:\n" + first_difference(out)
            else:
                limit = int(t.get("timeout", TIMEOUT))
                tenv = dict(env, LAB_MAX_INSNS=str(t["max_insns"])) if "max_insns" in t else env
                rc, text = _run(t["run"], ws, tenv, limit)
                passed = rc == 0
                why = "" if passed else ("no result within %d s:\n" % limit if rc is None else "") + first_difference(text)
            rows.append({"name": t["name"], "max_score": t["points"], "score": t["points"] if passed else 0,
                         "output": why, "visibility": t["visibility"], "hidden": t.get("hidden", False),
                         "seconds": round(time.time() - started, 1)})
    finally:
        for f in added:
            os.remove(f)
    score, most = sum(r["score"] for r in rows), sum(r["max_score"] for r in rows)
    if not quiet:
        print_table(lab, ws, rows, score, most, ok, has_hidden)
    if results:
        write_results(results, rows, score, most, time.time() - t0, ok)
        if not quiet:
            print("results.json: %s" % results)
    return score, most, rows


def print_table(lab, ws, rows, score, most, built, has_hidden):
    print("lab %s, workspace %s%s" % (lab.name, ws, "" if has_hidden else " (public tests only)"))
    if not built:
        print("  the build FAILED: every test scores 0 (build/labs/%s-build.log)" % lab.name)
        for l in (rows[0]["output"].splitlines()[1:] if rows else []):
            print("      | " + l)
    width = max([len(r["name"]) for r in rows] + [4])
    for r in rows:
        mark = "pass" if r["score"] == r["max_score"] else "FAIL"
        print("  %-*s  %3d/%-3d %s%s" % (width, r["name"], r["score"], r["max_score"], mark,
                                      "  (hidden)" if r["hidden"] else ""))
        if mark == "FAIL" and built:
            for l in r["output"].splitlines():
                print("      | " + l)
    print("  %-*s  %3d/%-3d" % (width, "TOTAL", score, most))


def write_results(path, rows, score, most, seconds, built):
    doc = {
        "score": score,
        "max_score": most,
        "execution_time": int(seconds),
        "output": "" if built else "The workspace does not build: every test scores 0.",
        "stdout_visibility": "hidden",
        "tests": [{"name": r["name"], "score": r["score"], "max_score": r["max_score"],
                   "status": "passed" if r["score"] == r["max_score"] else "failed",
                   "output": r["output"], "visibility": r["visibility"]} for r in rows],
    }
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
