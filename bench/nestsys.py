"""Nested systems for the nesting benchmark (bench/nest_bench.py): CP
under CP built as tests/cp/nest.sh builds it, a privloop whose rounds an
IPL parameter sets, and the VM tables of every level read out of real
storage with the console's `display`. Standard library only.

Design note. The benchmark must count each level's events in the same
run it times, and the console's `vms` shows only some of each entry's
counters (not the sie-mode interceptions, nor the virtual-SIE shadow
counts). Every counter is in the VM tables CP publishes (cp/vmtable.h),
which the console itself reads from real storage: level 1's through the
anchor at real X'400', level k+1's at the anchor in the storage of the
level-k user who runs that CP, contiguous from the user's origin
(machine/console/vmtable_view.c). The tables' addresses are fixed by the
system, since runs are deterministic, so a few probe runs of the idle
system find them (anchor, table, the CP user's origin, the next anchor),
and each measured run then displays the tables before and after its work,
which changes nothing in the machine. A table that is not where the
probe found it, or whose layout is not version 3's, stops the bench.
"""
import re

from cpsys import MODES, die

NEST_CP_MB = 6   # what a CP level needs beside its users (tests/cp/nest.sh's nest_cp_mb)

# ---- building a nested system ----------------------------------------------------------------

def nest_config(b, name, modes, inner_users, inner_mb, fba, dedicated, terminals, devices):
    """A system of len(modes) CPs, as tests/cp/nest.sh builds one: level k's
    CP runs user CPL<k> in modes[k-1], who IPLs the CP of level k+1 from
    its 1A0 (deeper CP disks at 1A1...); the innermost CP's directory is
    `inner_users` (YAML lines), run in modes[-1]. Each CPL<k> has the real
    disks `fba` ((addr, blocks, R|W)) as whole minidisks, the unit-record
    addresses `dedicated`, and terminals at the addresses `terminals` on
    its level's same addresses. `devices` are the system's own (YAML
    flow-map bodies). Returns (configuration path, the console's tag of
    an innermost user's path: "" or "CPL1/...")."""
    n = len(modes)
    storage = inner_mb + 1 + NEST_CP_MB
    disks = []
    for k in range(n, 0, -1):   # level k's directory, innermost first
        if k == n:
            users = inner_users
        else:
            users = level_users(k, storage, n - k, fba, dedicated, terminals)
            storage += 1 + NEST_CP_MB
        disks.append(b.cp_disk("%s-l%d" % (name, k), users, modes[k - 1]))
    cps = ["address: 1A%X, type: FBA, file: %s, readonly: true" % (k, d) for k, d in enumerate(reversed(disks))]
    config = b.system(name, "%dM" % max(64, storage), "1A0", cps + list(devices))
    return config, "".join("CPL%d/" % k for k in range(1, n))


def level_users(k, mb, deeper, fba, dedicated, terminals):
    """Level k's user CPL<k>, with `mb` megabytes, who IPLs the next CP."""
    mdisks = ["{vaddr: 1A%X, rdev: 1A%X, start: 0, blocks: 2048, mode: R}" % (j, j + 1) for j in range(deeper)]
    mdisks += ["{vaddr: %s, rdev: %s, start: 0, blocks: %d, mode: %s}" % (a, a, blocks, m) for a, blocks, m in fba]
    lines = ["  - userid: CPL%d" % k, "    storage: %dM" % mb, "    console: {vaddr: 009}", "    terminals:"]
    lines += ["      - {vaddr: %s, terminal: %s}" % (t, t) for t in terminals]
    lines += ["    mdisks:"] + ["      - " + d for d in mdisks]
    if dedicated:
        lines += ["    dedicate:"] + ["      - {vaddr: %s, rdev: %s}" % (a, a) for a in dedicated]
    lines += ["    ipl: 1A0", "    autolog: true"]
    return "\n".join(lines) + "\n"


def system_name(modes):
    """"bare", "trap", "sie/trap"...: the modes of the levels, from the first."""
    return "/".join(modes) if modes else "bare"


# ---- privloop with its rounds from an IPL parameter ------------------------------------------

PRIV_PARM = "PRIVLOOP1000"   # R0-R2 at IPL: R2 = "1000" in EBCDIC, X'F1F0F0F0'
PRIV_WORD = 0xF1F0F0F0
LTR_JNE = rb"\x12\x22\xa7\x74(..)\xb6\x00"   # main's ltr r2,r2; jne (n given); stctl: the jne
                                                # becomes brc 0 (its offset kept), a branch never taken
LHI_10000 = bytes.fromhex("a7282710")  # lhi r2,10000: the default


def privloop_rounds(shift):
    return PRIV_WORD >> shift


def privloop_disk(b, build_elf, shift):
    """A disk that IPLs privloop (programs/kernels/privloop.c) patched to
    run R2 >> shift rounds, whatever R2 is: its default for R2 = 0 (LHI
    R2,10000) becomes SRL R2,shift, and the test of R2 at its entry never
    branches. CP's IPL ... PARM PRIVLOOP1000 puts X'F1F0F0F0' in R2 (VM/370's
    IPL PARM: the text in the registers, R0 first), so the work at every
    level is set by typing the same IPL, and on the bare machine by
    `gpr 2 F1F0F0F0`. Nothing else in it changes."""
    with open(build_elf, "rb") as f:
        elf = f.read()
    for old in (re.compile(LTR_JNE, re.S), re.compile(re.escape(LHI_10000))):
        if len(old.findall(elf)) != 1:
            die("%s: expected %r once in it, found it %d times (privloop changed: update bench/nestsys.py)"
                % (build_elf, old.pattern, len(old.findall(elf))))
    elf = re.sub(LTR_JNE, lambda m: b"\x07\x00\xa7\x04" + m.group(1) + b"\xb6\x00", elf, flags=re.S)
    elf = elf.replace(LHI_10000, bytes([0x88, 0x20, 0x00, shift]))   # SRL R2,shift
    name = "privloop-%d" % shift
    with open(b.path(name + ".elf"), "wb") as f:
        f.write(elf)
    return b.ipl_disk(name, b.path(name + ".elf"))


# ---- the VM tables, read from real storage ----------------------------------------------------

VMT_ANCHOR, VMT_MAGIC, VMT_VERSION = 0x400, 0xE5D4E3C2, 3
HEADER, ENTRY = 48, 328          # cp/vmtable.h: VMT_HEADER_SIZE, VMT_ENTRY_SIZE
SIE_CODES = 12                   # VMT_SIE_CODES (SIE_EXIT_COUNT)
FIELDS = dict(state=8, origin=148, size=152, traps=164, svcs=168, pgms=172, ios=176, exts=180, dispatches=184,
              cputime_hi=188, cputime_lo=192, mode=204, vsie_entries=264, vsie_created=268, vsie_reused=272)
SIE_EXITS, VSIE_EXITS = 212, 276
PROBE_ENTRIES = 32               # a probe displays this many entries of a table


def storage_words(out):
    """The words of every `display` in `out`: {real address: word}."""
    words = {}
    for m in re.finditer(r"^R:([0-9A-F]{8}) ((?: [0-9A-F]{8})+)", out, re.M):
        a = int(m.group(1), 16)
        for i, w in enumerate(m.group(2).split()):
            words[a + 4 * i] = int(w, 16)
    return words


def ebcdic_name(words, a):
    raw = b"".join(words.get(a + i, 0).to_bytes(4, "big") for i in (0, 4))
    return raw.decode("cp037").strip(" \0")


class Level:
    """Where one CP's table is: the base of its storage (the origins of
    the levels above, added), the table's address there, its entries, and
    the user who runs the next level's CP."""

    def __init__(self, base, table, nvms=PROBE_ENTRIES):
        self.base, self.table, self.nvms = base, table, nvms

    def display(self):
        return ["display %X %X" % (self.base + self.table, HEADER + self.nvms * ENTRY)]

    def read(self, words, where):
        """{userid: counters} from this table in `words`."""
        t = self.base + self.table
        if words.get(t) != VMT_MAGIC or words.get(t + 4) != VMT_VERSION or words.get(t + 12) != ENTRY:
            die("%s: no version-%d VM table with %d-byte entries at %08X" % (where, VMT_VERSION, ENTRY, t))
        users = {}
        for i in range(min(words[t + 8], self.nvms)):
            e = t + HEADER + i * ENTRY
            if words.get(e + 8, 0) == 0:   # a free entry
                continue
            u = {f: words.get(e + off, 0) for f, off in FIELDS.items()}
            u["index"] = i
            u["cputime"] = u.pop("cputime_hi") << 32 | u.pop("cputime_lo")
            u["sie_exits"] = [words.get(e + SIE_EXITS + 4 * c, 0) for c in range(SIE_CODES)]
            u["vsie_exits"] = [words.get(e + VSIE_EXITS + 4 * c, 0) for c in range(SIE_CODES)]
            users[ebcdic_name(words, e)] = u
        return users


def find_levels(b, config, idle, depth, fresh=None):
    """The tables of a system of `depth` CPs, found by probe runs of the
    idle script (`fresh` as for Bench.run): [Level] from the first."""
    levels = []
    base = 0
    for k in range(depth):
        _, out = b.run(config, idle + ["echo ==== probe", "display %X 8" % (base + VMT_ANCHOR)], fresh)
        w = storage_words(out[out.index("==== probe"):])
        if w.get(base + VMT_ANCHOR) != VMT_MAGIC:
            die("%s: no VM table anchor at level %d (real %08X)" % (config, k + 1, base + VMT_ANCHOR))
        level = Level(base, w[base + VMT_ANCHOR + 4])
        _, out = b.run(config, idle + ["echo ==== probe"] + level.display(), fresh)
        w = storage_words(out[out.index("==== probe"):])
        users = level.read(w, config)
        level.nvms = 1 + max(users[u]["index"] for u in users)   # its entries in use, not all it has room for
        levels.append(level)
        if k + 1 < depth:
            cp = users.get("CPL%d" % (k + 1))
            if not cp:
                die("%s: no user CPL%d at level %d" % (config, k + 1, k + 1))
            base += cp["origin"]
    return levels


def read_levels(levels, out, marker, end, where):
    """[{userid: counters}] of each level, from the displays between the
    lines `marker` and `end`."""
    start = out.index(marker)
    words = storage_words(out[start:out.index(end, start)])
    return [lv.read(words, "%s, level %d" % (where, k + 1)) for k, lv in enumerate(levels)]


def delta(after, before):
    """The counters' change over the work: after - before, field by field."""
    d = {}
    for f, v in after.items():
        w = before.get(f, 0 if not isinstance(v, list) else [0] * len(v))
        d[f] = [x - y for x, y in zip(v, w)] if isinstance(v, list) else v - w
    return d


__all__ = ["MODES", "nest_config", "system_name", "privloop_disk", "privloop_rounds", "PRIV_PARM", "PRIV_WORD",
           "find_levels", "read_levels", "delta"]
