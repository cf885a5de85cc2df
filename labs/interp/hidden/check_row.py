#!/usr/bin/env python3
"""check_row.py SPEC: the interpreter lab's hidden check of the student's
spec.yaml row for CS: each key the machine's tables and the checks take
from it has the architecture's value (PoO: Compare and Swap is an RS
instruction, unprivileged, innocuous to a VMM, condition code 0 equal /
1 unequal, access and specification exceptions, run natively under SIE).
Prints each key that differs; exit 1 if any."""
import re
import sys

WANT = {"mnemonic": "CS", "opcode": "BA", "format": "RS", "operands": "R1,R3,D2(B2)", "privilege": "unprivileged",
        "pg": "innocuous", "cc": "cs", "sie": "native"}
row = None
for line in open(sys.argv[1]):
    if re.match(r"\s*- \{mnemonic: CS\s*,", line):
        row = line
if row is None:
    print("FAIL  spec.yaml has no row for CS")
    sys.exit(1)
body = row.strip()[3:-1]
fields = {}
for m in re.finditer(r'(\w+):\s*("[^"]*"|\[[^\]]*\]|[^,]+)', body):
    fields[m.group(1)] = m.group(2).strip().strip('"')
bad = 0
for k, v in WANT.items():
    if fields.get(k) != v:
        print("FAIL  CS's %s is %s, not %s" % (k, fields.get(k, "missing"), v))
        bad = 1
exc = sorted(x.strip() for x in fields.get("exceptions", "[]").strip("[]").split(",") if x.strip())
if exc != ["access", "specification"]:
    print("FAIL  CS's exceptions are %s, not [access, specification]" % exc)
    bad = 1
print("pass  CS's row" if not bad else "")
sys.exit(bad)
