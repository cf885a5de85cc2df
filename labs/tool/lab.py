#!/usr/bin/env python3
"""lab.py: creasy's course labs (labs/README.md).

    lab.py list                                  the labs and their regions
    lab.py skeleton LAB DIR [--force] [--no-build]
                                                 a student's workspace
    lab.py grade LAB [DIR] [--results FILE] [--public]
                                                 grade a workspace (default:
                                                 the tree itself, the reference)
    lab.py grade-all LAB SUBMISSIONS [--csv FILE]
                                                 grade every folder in SUBMISSIONS
    lab.py solve LAB DIR                         put the reference into a workspace
    lab.py check [LAB...] [--jobs N]             CI: every lab is gradable

A submission folder is either a whole workspace (it has a Makefile) or
just the files the student changed, at their paths (cp/sim.c), which
grade-all lays over a fresh skeleton. Exit status: 0 done (grade: graded,
whatever the score), 1 check: a lab is not gradable, 2 bad usage or a
broken lab.
"""
import argparse
import concurrent.futures as cf
import csv
import os
import shutil
import sys
import time

sys.dont_write_bytecode = True   # no __pycache__ in the tree (a workspace copies what git lists)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from grade import build, grade  # noqa: E402
from labconf import Lab, LabError, all_labs, lab_regions, repo_root, scan_regions  # noqa: E402
from workspace import apply_patch, make_skeleton, put_reference, put_stubs  # noqa: E402


def cmd_list(root, args):
    regions = scan_regions(root)
    for name in all_labs(root):
        lab = Lab(root, name)
        mine = lab_regions(regions, name)
        pts = sum(t["points"] for t in lab.tests(True))
        print("%-10s %-6s %3d points, %d tests (%d hidden), %d wrong solutions: %s" % (
            name, "ready" if lab.ready else "draft", pts, len(lab.tests(True)), len(lab.hidden.get("tests", [])),
            len(lab.wrong_patches()), lab.conf.get("title", "")))
        for n, (f, b, e) in sorted(mine.items()):
            print("           region %-22s %s:%d-%d" % (n, f, b + 1, e + 1))
        if not mine:
            print("           (no region marked yet)")
    return 0


def cmd_skeleton(root, args):
    lab = Lab(root, args.lab)
    regions = make_skeleton(lab, args.dir, not args.no_build, args.force)
    print("workspace for lab %s: %s" % (lab.name, args.dir))
    for n, (f, b, _) in sorted(regions.items()):
        print("  TODO in %s:%d (region %s)" % (f, b + 1, n))
    print("the handout: %s/labs/%s/README.md; grade it with: make grade LAB=%s DIR=%s" % (args.dir, lab.name, lab.name,
                                                                                       args.dir))
    return 0


def cmd_solve(root, args):
    put_reference(Lab(root, args.lab), args.dir)
    return 0


def cmd_grade(root, args):
    lab = Lab(root, args.lab)
    ws = args.dir or root
    results = args.results or os.path.join(ws, "build", "labs", lab.name + "-results.json")
    grade(lab, ws, hidden=not args.public, results=results)
    return 0


def _overlay_workspace(lab, sub, work):
    """A skeleton at work with the submission's files over it."""
    make_skeleton(lab, work, True, True)
    for d, _, names in os.walk(sub):
        for n in names:
            rel = os.path.relpath(os.path.join(d, n), sub)
            os.makedirs(os.path.dirname(os.path.join(work, rel)), exist_ok=True)
            shutil.copyfile(os.path.join(d, n), os.path.join(work, rel))   # now: newer than its objects
    return work


def cmd_grade_all(root, args):
    lab = Lab(root, args.lab)
    subs = sorted(d for d in os.listdir(args.submissions) if os.path.isdir(os.path.join(args.submissions, d)))
    if not subs:
        raise LabError("%s: no submission folders in it" % args.submissions)
    out = args.csv or os.path.join(args.submissions, "grades-%s.csv" % lab.name)
    names = [t["name"] for t in lab.tests(os.path.isdir(lab.hidden_dir))]
    rows = []
    for s in subs:
        path = os.path.abspath(os.path.join(args.submissions, s))
        ws = path
        if not os.path.isfile(os.path.join(path, "Makefile")):
            ws = _overlay_workspace(lab, path, os.path.join(root, "build", "labs", "grade-all", lab.name, s))
        print("== %s" % s)
        score, most, res = grade(lab, ws, results=os.path.join(ws, "build", "labs", lab.name + "-results.json"))
        by = {r["name"]: r["score"] for r in res}
        rows.append([s] + [by.get(n, 0) for n in names] + [score, most])
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["submission"] + names + ["total", "max"])
        w.writerows(rows)
    print("grades: %s" % out)
    return 0


# ---- CI -------------------------------------------------------------------------

def check_lab(root, name, jobs):
    """Skeleton, each wrong solution, reference: (ok, report lines)."""
    t0 = time.time()
    lab = Lab(root, name)
    ws = os.path.join(root, "build", "labs", "check", name)
    regions = make_skeleton(lab, ws, True, True)
    files = sorted({f for f, _, _ in regions.values()})
    skeleton_text = {}
    for f in files:
        with open(os.path.join(ws, f)) as fh:
            skeleton_text[f] = fh.read()
    ok, lines = True, []

    def variant(label, prepare, want_full):
        nonlocal ok
        for f, text in skeleton_text.items():   # every variant starts from the skeleton's files
            with open(os.path.join(ws, f), "w") as fh:
                fh.write(text)
        try:
            prepare()
        except LabError as e:
            ok = False
            lines.append("BAD  %-9s %-32s %s" % (name, label, e))
            return
        started = time.time()
        score, most, rows = grade(lab, ws, quiet=True, jobs=jobs, first_failure=not want_full)
        built = not any(r["output"].startswith("the workspace does not build") for r in rows)
        good = built and (score == most if want_full else score < most)
        ok &= good
        failed = ["%d%s" % (i + 1, "h" if r["hidden"] else "") for i, r in enumerate(rows)
                  if r["score"] < r["max_score"] and not r["output"].startswith("not run")]
        why = "full marks" if score == most else "caught by test " + " ".join(failed)
        if not built:
            why = "does not build: " + rows[0]["output"].splitlines()[1] if rows else "does not build"
        lines.append("%s %-9s %-32s %3d/%-3d %4.0f s  %s" % ("ok  " if good else "BAD ", name, label, score, most,
                                                           time.time() - started, why))

    def wrong(p):
        touched = {l[4:].split("\t")[0].strip()[2:] for l in open(p) if l.startswith("+++ ")}
        if not touched <= set(files):
            raise LabError("touches files without the lab's regions: %s" % " ".join(sorted(touched - set(files))))
        put_reference(lab, ws)
        apply_patch(ws, p)

    variant("skeleton", lambda: put_stubs(lab, ws), False)
    for p in lab.wrong_patches():
        variant("wrong/" + os.path.basename(p), lambda p=p: wrong(p), False)
    variant("reference", lambda: put_reference(lab, ws), True)
    if len(lab.wrong_patches()) < 2:
        ok = False
        lines.append("BAD  %-9s has %d wrong solutions; a lab keeps at least two" % (name, len(lab.wrong_patches())))
    lines.append("     %-9s %.0f s" % (name, time.time() - t0))
    shutil.rmtree(ws, ignore_errors=True)
    return ok, lines


def cmd_check(root, args):
    names = args.labs or [n for n in all_labs(root) if Lab(root, n).ready]
    scan_regions(root)   # the markers are well formed everywhere
    print("check: labs %s" % " ".join(names))
    t0 = time.time()
    # the workspaces copy build/: it must be complete first
    ok, out = build(root, ["all"], 2)
    if not ok:
        print(out[-3000:])
        raise LabError("the tree itself does not build")
    good = True
    with cf.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        for lab_ok, lines in ex.map(lambda n: check_lab(root, n, args.make_jobs), names):
            good &= lab_ok
            print("\n".join(lines), flush=True)
    skipped = [n for n in all_labs(root) if n not in names]
    print("check: %s in %.0f s%s" % ("every lab is gradable" if good else "SOME LABS ARE NOT GRADABLE",
                                     time.time() - t0, "; not checked: " + " ".join(skipped) if skipped else ""))
    return 0 if good else 1


def main():
    ap = argparse.ArgumentParser(description="creasy's course labs")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list")
    p = sub.add_parser("skeleton")
    p.add_argument("lab"), p.add_argument("dir")
    p.add_argument("--force", action="store_true"), p.add_argument("--no-build", action="store_true")
    p = sub.add_parser("solve")
    p.add_argument("lab"), p.add_argument("dir")
    p = sub.add_parser("grade")
    p.add_argument("lab"), p.add_argument("dir", nargs="?")
    p.add_argument("--results"), p.add_argument("--public", action="store_true")
    p = sub.add_parser("grade-all")
    p.add_argument("lab"), p.add_argument("submissions"), p.add_argument("--csv")
    p = sub.add_parser("check")
    p.add_argument("labs", nargs="*")
    p.add_argument("--jobs", type=int, default=2, help="labs checked at once")
    p.add_argument("--make-jobs", type=int, default=1, help="make -j in each")
    args = ap.parse_args()
    root = repo_root()
    try:
        return {"list": cmd_list, "skeleton": cmd_skeleton, "solve": cmd_solve, "grade": cmd_grade,
                "grade-all": cmd_grade_all, "check": cmd_check}[args.cmd](root, args)
    except LabError as e:
        print("lab: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
