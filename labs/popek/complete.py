#!/usr/bin/env python3
"""complete.py [ANSWERS]: the Popek and Goldberg lab's public test: is the
answer sheet (labs/popek/answers.yaml) filled in, every ? answered and
every section there? The answers themselves are graded by hidden tests."""
import re
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "labs/popek/answers.yaml"
lines = [l for l in open(path) if l.strip() and not l.lstrip().startswith("#")]
holes = sum(l.count("?") for l in lines)
sections = {m.group(1) for l in lines for m in [re.match(r"^(\w+):", l)] if m}
missing = [s for s in ("classes", "theorem1", "theorem3", "breaks_trap", "breaks_sie") if s not in sections]
classes = [l for l in lines if re.match(r"^\s+\w+:\s*\S+\s+\S+\s*$", l)]
if holes or missing or len(classes) < 12:
    print("FAIL  %s: %d answers still ?, %d of 12 classes, sections missing: %s"
          % (path, holes, len(classes), " ".join(missing) or "none"))
    sys.exit(1)
print("pass  %s is complete" % path)
