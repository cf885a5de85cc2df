#!/usr/bin/env python3
"""tests/console/readme.py CREASY BUILD_DIR [README.md]: the README's
transcripts, run and compared, so they cannot drift (issue 11).

Every fenced block of README.md is checked:

- A console transcript (lines at a `creasy>` or `creasy [.USER]>`
  prompt) is a session. A block that opens with `$ build/creasy ARGS`
  starts one with those arguments; another starts one, if its section has
  none yet, with the section's first `build/creasy ...` in backquotes
  (`build/creasy` alone is the default system, cp), and continues it
  otherwise: the blocks of a session follow each other with nothing
  typed between them. The session's commands run as one script with
  --transcript (the prompt and the command, as a terminal shows them),
  and the output must equal the blocks' lines, one after the other.
- A shell transcript (`$ COMMAND` lines, each followed by its output) runs
  each command with bash; its output (stdout and stderr) must equal the
  lines below it.
- A yaml block must be the system a `--system NAME` before it in its
  section names (`build/creasy --show-system NAME`, comments and spacing
  aside).

A line `...` matches any number of lines; trailing blanks do not count.
Everything runs in a scratch folder W: W/build/creasy is CREASY, the
build's programs and read-only disks are linked in, and the disks and
files a session makes (user191.disk, print.txt) are made there, so a
later shell block finds them at build/ as the README says; W/tests is the
repository's tests/. Nothing in the build or the repository changes.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

PROMPT = re.compile(r"^creasy(?: \[\.[A-Z0-9$#@/]+\])?> ")
TIMEOUT = 600   # seconds a session or a command may take (creasy --timeout, and a guard above it)


def blocks(readme):
    """(section, prose before the block in its section, info, lines) for each fenced block."""
    out, section, prose, fence, body, info = [], "", [], None, [], ""
    for line in open(readme).read().splitlines():
        if fence is not None:
            if line.startswith("```"):
                out.append((section, "\n".join(prose), info, body))
                fence = None
            else:
                body.append(line)
            continue
        if line.startswith("```"):
            fence, info, body = line, line[3:].strip(), []
        elif line.startswith("## "):
            section, prose = line[3:], []
        else:
            prose.append(line)
    return out


def match(expected, actual):
    """expected lines, with '...' for any number of lines, against actual. None or a diff."""
    exp = [l.rstrip() for l in expected]
    act = [l.rstrip() for l in actual]
    # memoised: can exp[i:] match act[j:]?
    memo = {}

    def ok(i, j):
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(exp):
            r = j == len(act)
        elif exp[i].strip() == "...":
            r = any(ok(i + 1, k) for k in range(j, len(act) + 1))
        else:
            r = j < len(act) and exp[i] == act[j] and ok(i + 1, j + 1)
        memo[(i, j)] = r
        return r

    sys.setrecursionlimit(100000)
    if ok(0, 0):
        return None
    # where it goes wrong: the first expected line not where it should be
    i = j = 0
    while i < len(exp):
        if exp[i].strip() == "...":
            i += 1
            k = j
            while k < len(act) and (i == len(exp) or act[k] != exp[i]):
                k += 1
            if k == len(act) and i < len(exp):
                break   # exp[i] is nowhere after the elision
            j = k
            continue
        if j >= len(act) or exp[i] != act[j]:
            break
        i += 1
        j += 1
    if i < len(exp):   # show creasy's lines where that one was looked for, or where one like it is
        like = [k for k in range(len(act)) if act[k][:20] == exp[i][:20]]
        j = like[0] if like and (j >= len(act) or act[j][:20] != exp[i][:20]) else j
    return "\n".join(["      README (from line %d of the transcript):" % (i + 1)] +
                      ["        " + l for l in exp[i:i + 6]] +
                      ["      creasy printed (from line %d):" % (j + 1)] + ["        " + l for l in act[j:j + 6]])


class Scratch:
    """The folder W, as described above."""

    def __init__(self, creasy, build, repo):
        self.w = tempfile.mkdtemp(prefix="creasy-readme.")
        self.build, self.repo, self.creasy = build, repo, creasy
        wb = os.path.join(self.w, "build")
        os.mkdir(wb)
        os.symlink(creasy, os.path.join(wb, "creasy"))
        os.symlink(os.path.join(build, "programs"), os.path.join(wb, "programs"))
        os.symlink(os.path.join(repo, "tests"), os.path.join(self.w, "tests"))

    def system(self, name):
        """--config for the system `name`: its read-only disks from the build, the rest in W/build."""
        text = subprocess.run([self.creasy, "--show-system", name], capture_output=True, text=True,
                              check=True).stdout
        lines = []
        for line in text.splitlines():
            m = re.search(r"file: ([^,}]+)", line)
            if m and "readonly: true" in line:
                line = line.replace(m.group(0), "file: " + os.path.join(self.build, m.group(1).strip()))
            lines.append(line)
        path = os.path.join(self.w, "build", name + ".yaml")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        return path

    def run(self, argv, script=None):
        try:
            p = subprocess.run(argv, cwd=self.w, capture_output=False, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT + 60,
                               stdin=subprocess.DEVNULL)
            return p.stdout
        except subprocess.TimeoutExpired:
            return "(timed out)"


def session_args(scratch, words):
    """A session's command line from the README's words after build/creasy."""
    args, i = [], 0
    if not any(not w.startswith("-") for w in words) and "--config" not in words and "--system" not in words:
        words = words + ["--system", "cp"]   # the default system
    while i < len(words):
        if words[i] == "--system" and i + 1 < len(words):
            args += ["--config", scratch.system(words[i + 1])]
            i += 2
        else:
            args.append(words[i])
            i += 1
    return args


def check_session(scratch, args, chunks):
    """Run a session's commands, compare with its blocks' lines."""
    commands = [PROMPT.sub("", l, count=1) for chunk in chunks for l in chunk if PROMPT.match(l)]
    script = os.path.join(scratch.w, "session.cmd")
    with open(script, "w") as f:
        f.write("\n".join(commands) + "\n")
    out = scratch.run([os.path.join(scratch.w, "build", "creasy")] + args +
                      ["--timeout", str(TIMEOUT), "--transcript", "--script", script])
    diff = match([l for chunk in chunks for l in chunk], out.splitlines())
    if diff:   # the whole transcript, to update the README from
        fd, keep = tempfile.mkstemp(prefix="creasy-readme-", suffix=".txt")
        with os.fdopen(fd, "w") as f:
            f.write(out)
        diff += "\n      the whole transcript is in %s" % keep
    return diff


def check_shell(scratch, lines):
    """$ COMMAND lines, each with its output below it."""
    steps, cur = [], None
    for l in lines:
        if l.startswith("$ "):
            cur = (l[2:], [])
            steps.append(cur)
        elif cur:
            cur[1].append(l)
    for cmd, expected in steps:
        out = scratch.run(["bash", "-c", cmd])
        diff = match(expected, out.splitlines())
        if diff:
            return "$ %s\n%s" % (cmd, diff)
    return None


def check_yaml(scratch, prose, lines):
    names = re.findall(r"`[^`]*--system (\w+)[^`]*`", prose)
    if not names:
        return "no `--system NAME` before it says which system it is"
    text = subprocess.run([scratch.creasy, "--show-system", names[-1]], capture_output=True, text=True).stdout

    def norm(ls):
        return [re.sub(r"\s+", " ", l).strip() for l in ls if l.strip() and not l.lstrip().startswith("#")]

    return match(norm(lines), norm(text.splitlines()))


def main():
    creasy, build = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    readme = sys.argv[3] if len(sys.argv) > 3 else os.path.join(repo, "README.md")
    scratch = Scratch(creasy, build, repo)
    fail, checked = 0, 0
    sessions = []   # [section, args, chunks, first line of the first block]
    results = []
    try:
        for section, prose, info, lines in blocks(readme):
            first = lines[0] if lines else ""
            what = "%s: %s" % (section, first[:60])
            if info == "yaml":
                results.append((what, check_yaml(scratch, prose, lines)))
            elif any(PROMPT.match(l) for l in lines):
                if first.startswith("$ build/creasy"):
                    sessions.append([section, first.split()[2:], [lines[1:]], what])
                elif sessions and sessions[-1][0] == section:
                    sessions[-1][2].append(lines)
                else:
                    spans = re.findall(r"`(build/creasy[^`]*)`", prose)
                    if not spans:
                        results.append((what, "a session, but its section names no `build/creasy ...`"))
                        continue
                    sessions.append([section, spans[0].split()[1:], [lines], what])
            elif first.startswith("$ "):
                # a shell block runs after the sessions before it
                for s in sessions:
                    results.append((s[3], check_session(scratch, session_args(scratch, s[1]), s[2])))
                sessions = []
                results.append((what, check_shell(scratch, lines)))
            else:
                results.append((what, "a block that is neither a transcript nor yaml: give it a language"))
        for s in sessions:
            results.append((s[3], check_session(scratch, session_args(scratch, s[1]), s[2])))
        for what, diff in results:
            checked += 1
            if diff:
                fail = 1
                print("FAIL  README %s\n%s" % (what, diff))
            else:
                print("pass  README %s" % what)
    finally:
        shutil.rmtree(scratch.w, ignore_errors=True)
    if not checked:
        print("FAIL  README: no transcript found")
        fail = 1
    sys.exit(fail)


if __name__ == "__main__":
    main()
