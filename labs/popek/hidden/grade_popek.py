#!/usr/bin/env python3
"""grade_popek.py PART ANSWERS: the Popek and Goldberg lab's hidden tests.

The truth is never the student's: it comes from the grader's own tree
(the reference, two levels above this lab's folder): spec.yaml's rows
for part 1; `gen_tables --check spec.yaml`'s report on the flawed machine
for part 2; and for part 3, each kernel run bare on the flawed machine
and under CP on it (tests/cp/kernels.sh through labs/tool/creasy-flawed),
in trap mode or sie mode. Prints every answer that differs; exit 1 if any.

    PART: classes | check | trap | sie
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
KERNELS = ["hello", "privgen", "iomask", "lowprot", "vtimer", "dat", "pgmedge", "datedge", "diagcode"]
BARE = {"hello", "dat"}   # in programs/bare; the others in programs/kernels


def answers(path):
    a, section = {"classes": {}}, None
    for line in open(path):
        s = line.rstrip("\n")
        if not s.strip() or s.lstrip().startswith("#"):
            continue
        m = re.match(r"^(\w+):\s*(.*)$", s)
        if m:
            section = m.group(1)
            v = m.group(2).strip()
            if v.startswith("["):
                a[section] = sorted(x.strip().upper() if section.startswith("theorem") else x.strip().lower()
                                    for x in v.strip("[]").split(",") if x.strip())
            elif v:
                a[section] = v
            continue
        m = re.match(r"^\s+(\w+):\s*(.*)$", s)
        if m and section == "classes":
            a["classes"][m.group(1).upper()] = m.group(2).split()
    return a


def truth_classes():
    t = {}
    for line in open(os.path.join(ROOT, "spec.yaml")):
        m = re.match(r"\s*- \{mnemonic: (\w+)\s*,.*privilege: (\w+),.*pg: ([\w-]+)", line)
        if m and "variants:" not in line:
            t[m.group(1)] = [m.group(2), m.group(3)]
    return t


def truth_check():
    out = subprocess.run([os.path.join(ROOT, "build", "gen_tables"), "--check", os.path.join(ROOT, "spec.yaml")],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout.decode()
    flawed = out[out.find("variant flawed"):]
    t1 = sorted(set(re.findall(r": (\w+) is .*Theorem 1 fails", flawed)))
    t3 = sorted(set(re.findall(r": (\w+) is .*Theorem 3 fails", flawed)))
    return t1, t3


def truth_breaks(mode):
    env = dict(os.environ, CP_MODE=mode, CREASY_REAL=os.path.join(ROOT, "build", "creasy"))
    broken = []
    for k in KERNELS:
        elf = os.path.join(ROOT, "build", "programs", "bare" if k in BARE else "kernels", k + ".elf")
        p = subprocess.run([os.path.join(ROOT, "tests", "cp", "kernels.sh"), os.path.join(ROOT, "labs", "tool", "creasy-flawed"),
                            os.path.join(ROOT, "build"), elf], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
        if p.returncode:
            broken.append(k)
    return sorted(broken)


def compare(what, got, want):
    if got == want:
        print("pass  %s: %s" % (what, " ".join(want) or "none"))
        return 0
    print("FAIL  %s: you answered %s" % (what, " ".join(got) if got else "none"))
    missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
    if missing:
        print("      missing: %s" % " ".join(missing))
    if extra:
        print("      not so: %s" % " ".join(extra))
    return 1


def main():
    part, path = sys.argv[1], sys.argv[2]
    a = answers(path)
    if part == "classes":
        t, bad = truth_classes(), 0
        for m, v in sorted(a["classes"].items()):
            if t.get(m) != v:
                print("FAIL  %s: you answered %s" % (m, " ".join(v)))
                bad = 1
        if not bad:
            print("pass  every class and privilege")
        return bad
    if part == "check":
        t1, t3 = truth_check()
        return compare("Theorem 1's culprits", a.get("theorem1", []), t1) | \
            compare("Theorem 3's culprits", a.get("theorem3", []), t3)
    if part in ("trap", "sie"):
        return compare("the kernels that break under CP in %s mode" % part, a.get("breaks_" + part, []),
                       truth_breaks(part))
    print("usage: grade_popek.py classes|check|trap|sie ANSWERS", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
