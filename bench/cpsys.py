"""Systems for the CP benchmarks (bench/cp_bench.py): CP system disks in
either mode, system configurations, runs of creasy timed by the host CPU
time it used, and the machine's counters as the console's `counters`
prints them. Standard library only."""
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile

MODES = ("trap", "sie")


def die(msg):
    sys.exit("cp_bench: FAILED: " + msg)


def spread(xs):
    """(max-min)/min of a measurement's runs."""
    return (max(xs) - min(xs)) / min(xs) if min(xs) > 0 else 0.0


class Bench:
    """A build directory's creasy, and a temporary directory for disks and runs."""

    def __init__(self, build, needs):
        self.build = os.path.abspath(build)
        self.creasy = os.path.join(self.build, "creasy")
        for f in ("creasy",) + tuple(needs):
            if not os.path.exists(os.path.join(self.build, f)):
                die("%s/%s does not exist (make bench builds it)" % (self.build, f))
        self.work = tempfile.mkdtemp(prefix="creasy-cpbench.")

    def close(self):
        if not os.environ.get("KEEP"):
            shutil.rmtree(self.work, ignore_errors=True)

    def tool(self, *args):
        p = subprocess.run([self.creasy] + list(args), capture_output=True, text=True)
        if p.returncode != 0:
            die("creasy %s: %s%s" % (" ".join(args), p.stdout, p.stderr))

    def path(self, name):
        return os.path.join(self.work, name)

    def cp_disk(self, name, users, mode="trap"):
        """A CP system disk whose directory is `users` (YAML lines), every
        user run in `mode` (the directory's top-level key)."""
        if mode not in MODES:
            die("no CP mode %r" % mode)
        with open(self.path(name + ".yaml"), "w") as f:
            f.write("mode: %s\nusers:\n  - {userid: OPERATOR, class: ABCDEFG, storage: 1M, "
                    "console: {vaddr: 009, terminal: 009}, autolog: true}\n" % mode + users)
        disk = self.path(name + ".disk")
        self.tool("directory", "compile", self.path(name + ".yaml"), self.path(name + ".direct"))
        self.tool("disk", "format", disk, "--blocks", "2048", "--label", "CPBNCH", "--nucleus-blocks", "1024")
        self.tool("disk", "ipl", disk, os.path.join(self.build, "cp", "cp.elf"))
        self.tool("disk", "put", disk, self.path(name + ".direct"), "USER", "DIRECT", "--binary")
        return disk

    def ipl_disk(self, name, elf):
        """A small disk that IPLs a bare program (BUILD_DIR/ELF)."""
        disk = self.path(name + ".disk")
        self.tool("disk", "format", disk, "--blocks", "128", "--label", name[:6].upper(), "--nucleus-blocks", "64")
        self.tool("disk", "ipl", disk, os.path.join(self.build, elf))
        return disk

    def system(self, name, storage, ipl, devices):
        """A system configuration (no IPL at start-up if `ipl` is None); returns its path."""
        lines = ["storage: %s" % storage] + (["ipl: %s" % ipl] if ipl else [])
        lines += ["devices:", "  - {address: 009, type: 3215}"] + ["  - {%s}" % d for d in devices]
        path = self.path(name + ".sys.yaml")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        return path

    def run(self, config, script_lines, fresh=None):
        """creasy --config CONFIG with a script; returns (host CPU s, stdout).
        `fresh` is (source, copy): a disk image copied anew before the run."""
        if fresh:
            shutil.copyfile(fresh[0], self.path(fresh[1]))
        script = self.path("script.cmd")
        with open(script, "w") as f:
            f.write("".join(line + "\n" for line in script_lines))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        p = subprocess.run([self.creasy, "--config", config, "--script", script], cwd=self.work,
                           capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if p.returncode != 0:
            die("creasy --config %s failed (exit %d):\n%s%s" % (config, p.returncode, p.stdout[-3000:], p.stderr))
        secs = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return secs, p.stdout


class Counters:
    """The last `counters` in a console's output (after a marker line, if
    given): instructions by state, the privileged instructions the
    machine ran (`priv`), and the entries into CP, the VMM, with
    what each cost: in trap mode the entries into supervisor state from
    problem state by cause (`traps`: a privileged instruction's mnemonic,
    SVC, program, external, I/O), in sie mode the ends of interpretation
    by interception code (`exits`: `04 instruction`...). Each maps a cause
    to (count, host instructions each)."""

    def __init__(self, out, after=None):
        if after:
            out = out[out.index(after):]
        m = list(re.finditer(r"^instructions: \d+ \(problem state (\d+), supervisor state (\d+), "
                             r"interpreted under SIE (\d+)\)$", out, re.M))
        if not m:
            die("no counters in the output:\n" + out[-2000:])
        m = m[-1]
        out = out[m.start():]
        self.problem, self.supervisor, self.interpreted = (int(x) for x in m.groups())
        p = re.search(r"^privileged instructions run:(.*)$", out, re.M)
        f = p.group(1).split() if p else []
        self.priv = {f[i]: int(f[i + 1]) for i in range(0, len(f), 2)}   # by mnemonic, the busiest 16
        self.traps, self.exits = {}, {}
        self.sie_entries = 0
        t = re.search(r"^entries into supervisor state from problem state, by cause.*\n((?:  .*\n)*)", out, re.M)
        for line in t.group(1).splitlines() if t else ():
            f = line.split()
            self.traps[f[0]] = (int(f[1]), float(f[3]))
        s = re.search(r"^SIE: (\d+) entries; interpretation ended.*\n((?:  .*\n)*)", out, re.M)
        if s:
            self.sie_entries = int(s.group(1))
            for line in s.group(2).splitlines():
                code, rest = line.split(None, 1)
                name, count, _, each = rest.rsplit(None, 3)
                self.exits["%s %s" % (code, name)] = (int(count), float(each))

    def guest(self, mode):
        """The guest's instructions: run in problem state (trap mode), or interpreted (sie mode)."""
        return self.interpreted if mode == "sie" else self.problem

    def entries(self, mode):
        """The entries into CP: trap mode's traps, or sie mode's SIE exits."""
        return self.exits if mode == "sie" else self.traps
