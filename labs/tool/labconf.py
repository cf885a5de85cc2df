"""labconf.py: what a lab is, read from the tree: its lab.yaml and the
marked regions of the real source that are its solution.

Design note. The reference solution of every lab is the project itself,
so a lab is only (a) marked regions in the source,

    /* LAB trap: BEGIN */          (C and assembler)
    # LAB interp.spec: BEGIN       (YAML, shell)
    ...
    /* LAB trap: END */

each marker alone on its line, and (b) a folder labs/NAME/ with the
handout, lab.yaml, a stub for each region (stubs/REGION), public tests,
hidden tests (hidden/) and wrong solutions (wrong/*.patch). A region
belongs to lab NAME if it is named NAME or NAME.PART; every region name
is unique in the tree, so a stub is found by name alone.

lab.yaml is read by the small YAML subset below (python3 alone, no
PyYAML): `key: value`, `key: [a, b]`, `key: |` with an indented block,
and one list of mappings (`tests:` with `- key: value` items). Comment
lines start with #; there are no comments after a value.
"""
import os
import re
import subprocess

MARKER = re.compile(r"^\s*(?:/\*|#|//)\s*LAB ([A-Za-z0-9_.-]+): (BEGIN|END)\s*(?:\*/)?\s*$")


class LabError(Exception):
    """A problem with a lab, its config or its markers: `file:line: reason`."""


# ---- the YAML subset ----------------------------------------------------------

def _scalar(text, where):
    t = text.strip()
    if t.startswith("[") and t.endswith("]"):
        inner = t[1:-1].strip()
        return [_scalar(x, where) for x in inner.split(",")] if inner else []
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "\"'":
        return t[1:-1].replace('\\"', '"') if t[0] == '"' else t[1:-1]
    if re.fullmatch(r"-?\d+", t):
        return int(t)
    if t in ("true", "false"):
        return t == "true"
    return t


def _block(lines, i, indent):
    """The `|` block from lines[i] on, more indented than `indent`."""
    out, base = [], None
    while i < len(lines):
        raw = lines[i].rstrip("\n")
        if raw.strip() == "":
            out.append("")
            i += 1
            continue
        ind = len(raw) - len(raw.lstrip(" "))
        if ind <= indent:
            break
        base = ind if base is None else min(base, ind)
        out.append(raw)
        i += 1
    while out and out[-1] == "":
        out.pop()
    return "\n".join(x[base:] if x else x for x in out) + "\n", i


def parse_yaml(path):
    """lab.yaml (or hidden/tests.yaml) to a dict."""
    with open(path) as f:
        lines = f.readlines()
    doc, i, cur_list, cur_item = {}, 0, None, None
    while i < len(lines):
        raw = lines[i].rstrip("\n")
        where = "%s:%d" % (path, i + 1)
        s = raw.strip()
        if not s or s.startswith("#"):
            i += 1
            continue
        ind = len(raw) - len(raw.lstrip(" "))
        item = s.startswith("- ")
        if item:
            if cur_list is None:
                raise LabError("%s: a list item outside a list" % where)
            cur_item = {}
            doc[cur_list].append(cur_item)
            s = s[2:].strip()
            ind += 2
        m = re.match(r"([A-Za-z_][A-Za-z0-9_-]*):(.*)$", s)
        if not m:
            raise LabError("%s: expected `key: value`" % where)
        key, val = m.group(1), m.group(2).strip()
        target = doc if ind == 0 else cur_item
        if target is None:
            raise LabError("%s: indented key outside a list item" % where)
        if ind == 0:
            cur_list, cur_item = None, None
        i += 1
        if val == "|":
            target[key], i = _block(lines, i, ind)
        elif val == "" and ind == 0:
            doc[key] = []
            cur_list = key
        else:
            target[key] = _scalar(val, where)
    return doc


# ---- the tree -------------------------------------------------------------------

def repo_root():
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def tree_files(root):
    """The tree's files, relative: git's list (tracked and new, not ignored)
    where there is a repository, else every file but build/'s."""
    if os.path.isdir(os.path.join(root, ".git")):
        out = subprocess.run(["git", "-C", root, "ls-files", "-z", "-co", "--exclude-standard"],
                             stdout=subprocess.PIPE, check=True).stdout.decode()
        return sorted(f for f in out.split("\0") if f and os.path.isfile(os.path.join(root, f)))
    files = []
    for d, dirs, names in os.walk(root):
        rel = os.path.relpath(d, root)
        if rel == ".":
            dirs[:] = [x for x in dirs if x not in ("build", ".git")]
        files += [os.path.normpath(os.path.join(rel, n)) for n in names]
    return sorted(files)


def scan_regions(root, files=None):
    """Every marked region: {name: (file, begin_line, end_line)}, lines
    0-based (the marker lines). Markers in Markdown, in patches and in the
    labs' tools, stubs, hidden tests and wrong solutions are text, not
    regions (a lab's own answer sheet, labs/NAME/answers.yaml, may hold
    one)."""
    regions, errors = {}, []
    for f in files if files is not None else tree_files(root):
        parts = f.split("/")
        if (f.endswith((".md", ".patch")) or parts[0] == "build" or f.startswith("labs/tool/")
                or (parts[0] == "labs" and len(parts) > 2 and parts[2] in ("stubs", "wrong", "hidden"))):
            continue
        path = os.path.join(root, f)
        try:
            with open(path, encoding="utf-8") as fh:
                lines = fh.readlines()
        except (UnicodeDecodeError, OSError):
            continue
        open_name, open_line = None, 0
        for n, line in enumerate(lines):
            m = MARKER.match(line)
            if not m:
                continue
            name, what = m.groups()
            if what == "BEGIN":
                if open_name:
                    errors.append("%s:%d: region %s begins inside %s" % (f, n + 1, name, open_name))
                open_name, open_line = name, n
            else:
                if name != open_name:
                    errors.append("%s:%d: END of %s, but %s is open" % (f, n + 1, name, open_name))
                    continue
                if name in regions:
                    errors.append("%s:%d: region %s is marked twice (also %s)" % (f, n + 1, name, regions[name][0]))
                regions[name] = (f, open_line, n)
                open_name = None
        if open_name:
            errors.append("%s:%d: region %s has no END" % (f, open_line + 1, open_name))
    if errors:
        raise LabError("\n".join(errors))
    return regions


def lab_regions(regions, lab):
    return {n: r for n, r in regions.items() if n == lab or n.startswith(lab + ".")}


class Lab:
    """A lab's folder in the grader's tree, and its config."""

    def __init__(self, root, name):
        self.root, self.name = root, name
        self.dir = os.path.join(root, "labs", name)
        conf = os.path.join(self.dir, "lab.yaml")
        if not os.path.isfile(conf):
            raise LabError("labs/%s/lab.yaml: no such lab (labs: %s)" % (name, ", ".join(all_labs(root))))
        self.conf = parse_yaml(conf)
        self.hidden_dir = os.path.join(self.dir, "hidden")
        hconf = os.path.join(self.hidden_dir, "tests.yaml")
        self.hidden = parse_yaml(hconf) if os.path.isfile(hconf) else {}
        for t in self.conf.get("tests", []):
            t.setdefault("visibility", "visible")
        for t in self.hidden.get("tests", []):
            t.setdefault("visibility", "after_published")
            t["hidden"] = True
        for t in self.tests(True):
            for k in ("name", "points", "run"):
                if k not in t:
                    raise LabError("labs/%s: a test without `%s`" % (name, k))

    def tests(self, hidden):
        return self.conf.get("tests", []) + (self.hidden.get("tests", []) if hidden else [])

    def build_targets(self, hidden):
        return self.conf.get("build", []) + (self.hidden.get("build", []) if hidden else [])

    def stub(self, region):
        path = os.path.join(self.dir, "stubs", region)
        if not os.path.isfile(path):
            raise LabError("labs/%s/stubs/%s: the region's stub is missing" % (self.name, region))
        with open(path) as f:
            return f.read()

    def wrong_patches(self):
        d = os.path.join(self.dir, "wrong")
        return sorted(os.path.join(d, p) for p in os.listdir(d) if p.endswith(".patch")) if os.path.isdir(d) else []

    @property
    def ready(self):
        return self.conf.get("status", "ready") == "ready"


def all_labs(root):
    d = os.path.join(root, "labs")
    return sorted(n for n in os.listdir(d) if os.path.isfile(os.path.join(d, n, "lab.yaml")))
