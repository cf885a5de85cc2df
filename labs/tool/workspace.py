"""workspace.py: a student's workspace, made from the real tree.

Design note. A workspace is a copy of the tree (its files as git lists
them, new ones included) without any lab's hidden tests or wrong
solutions, in which the lab's regions keep their markers but hold the
lab's stub (a TODO and the handout's hints) instead of the reference.
Files are copied with their times, and build/ too when there is one, so
make in the workspace rebuilds only what the stubs changed: a file
whose region was replaced is written now, newer than its objects, and
everything it did not touch is as old as before, older than its
objects. The same splice puts any text into a region, which is how the
CI puts the reference (and the reference plus a wrong patch) back.
"""
import os
import shutil
import subprocess

from labconf import LabError, lab_regions, scan_regions, tree_files


def _excluded(f):
    parts = f.split("/")
    return len(parts) >= 3 and parts[0] == "labs" and parts[2] in ("hidden", "wrong")


def copy_tree(root, dest, with_build=True):
    for f in tree_files(root):
        if _excluded(f):
            continue
        to = os.path.join(dest, f)
        os.makedirs(os.path.dirname(to), exist_ok=True)
        shutil.copy2(os.path.join(root, f), to)
    build = os.path.join(root, "build")
    if with_build and os.path.isdir(build):
        # cp -a keeps times, modes and the disks' sparseness; build/labs
        # holds workspaces and grading runs, never copied into another
        parts = [os.path.join(build, n) for n in sorted(os.listdir(build)) if n != "labs"]
        os.makedirs(os.path.join(dest, "build"), exist_ok=True)
        if parts:
            subprocess.run(["cp", "-a"] + parts + [os.path.join(dest, "build")], check=True)


def splice(dest, file, name, text):
    """Replace region `name`'s body in dest/file by text (markers kept)."""
    path = os.path.join(dest, file)
    regions = scan_regions(dest, [file])
    if name not in regions:
        raise LabError("%s: region %s is not marked here (were its markers removed?)" % (path, name))
    _, b, e = regions[name]
    with open(path) as f:
        lines = f.readlines()
    if text and not text.endswith("\n"):
        text += "\n"
    lines[b + 1:e] = [text] if text else []
    with open(path, "w") as f:
        f.writelines(lines)


def region_text(root, file, b, e):
    with open(os.path.join(root, file)) as f:
        return "".join(f.readlines()[b + 1:e])


def make_skeleton(lab, dest, with_build=True, force=False):
    """The workspace for `lab` at dest; returns the lab's regions."""
    regions = lab_regions(scan_regions(lab.root), lab.name)
    if not regions:
        raise LabError("labs/%s: no region of the source is marked `LAB %s` (or %s.PART)" % (lab.name, lab.name, lab.name))
    stubs = {n: lab.stub(n) for n in regions}
    if os.path.exists(dest) and os.listdir(dest):
        if not force:
            raise LabError("%s: exists and is not empty (FORCE=1 replaces it)" % dest)
        shutil.rmtree(dest)
    os.makedirs(dest, exist_ok=True)
    copy_tree(lab.root, dest, with_build)
    for n, (f, _, _) in sorted(regions.items()):
        splice(dest, f, n, stubs[n])
    with open(os.path.join(dest, ".creasy-lab"), "w") as f:
        f.write(lab.name + "\n")
    return regions


def put_reference(lab, dest):
    """The reference's text into each of the lab's regions in dest."""
    for n, (f, b, e) in sorted(lab_regions(scan_regions(lab.root), lab.name).items()):
        splice(dest, f, n, region_text(lab.root, f, b, e))


def put_stubs(lab, dest):
    for n, (f, _, _) in sorted(lab_regions(scan_regions(lab.root), lab.name).items()):
        splice(dest, f, n, lab.stub(n))


def apply_patch(dest, patch):
    p = subprocess.run(["patch", "-p1", "--batch", "--no-backup-if-mismatch", "-d", dest, "-i", patch],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode:
        raise LabError("%s: does not apply to the reference:\n%s" % (patch, p.stdout.decode(errors="replace")))
