"""rescontrol.py: Popek and Goldberg's resource control, as a property of a
batch of generated cases run under CP (prop.py runs the batches;
tests/property/README.md states the laws).

Why per batch: what is checked is outside the cases (another VM's
storage, CP's free storage, devices nobody has), and it is read once a
run: the sentinel VM reports on its storage when everyone else has
stopped, the case runner searches its whole storage at the end, and the
devices' files are hashed after the run. What each case saw of the marks
is on its own line ("SEEN n"), so a case that saw foreign storage is
named by its seed.

The plan of a run (plant and its script lines) and the laws (check) live
here; prop.py only runs the machine.
"""
import hashlib
import os
import re
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
UNTOUCHED = {'200': 'untouched.disk', '03F': 'untouched.txt'}   # cpsys.sh: in no directory entry
PLANT_BYTES = 64   # of every free page: what a page mapped by mistake shows


def marks():
    """The marks' values, from their one definition (programs/property/propmark.h)."""
    path = os.path.join(HERE, '../../programs/property/propmark.h')
    m = dict(re.findall(r'#define (PROP_MARK_\w+) 0x([0-9A-Fa-f]{8})u', open(path).read()))
    if set(m) != {'PROP_MARK_SENTINEL', 'PROP_MARK_CP'}:
        raise SystemExit(f'{path}:1: expected PROP_MARK_SENTINEL and PROP_MARK_CP')
    return m


def cp_first_free(cp_elf):
    """Where CP's free storage starts: its _end, rounded as storage_init does (cp/storage.c)."""
    nm = subprocess.run(['s390x-linux-gnu-nm', cp_elf], capture_output=True, text=True, check=True).stdout
    end = next(int(l.split()[0], 16) for l in nm.splitlines() if l.endswith(' _end'))
    return (end + 0xFFFF) & ~0xFFFF


def storage_mb(system_yaml):
    m = re.search(r'^storage: (\d+)M$', open(system_yaml).read(), re.M)
    if not m:
        raise SystemExit(f'{system_yaml}:1: no storage: line')
    return int(m.group(1))


def before(work, cp_elf):
    """Console lines to run after `ipl 1A0 stop` and before `go`, so
    before CP has run an instruction: the CP mark in the first bytes of
    every page of CP's free real storage (CP clears a frame before it gives
    it out, cp/storage.c), and a breakpoint on an I/O interruption from
    each device nobody has; and the devices' files' hashes."""
    word = marks()['PROP_MARK_CP']
    top = storage_mb(os.path.join(work, 'system.yaml')) << 20
    lines = [f'alter {a:X} ' + word * (PLANT_BYTES // 4) for a in range(cp_first_free(cp_elf), top, 4096)]
    lines += [f'break io {d}' for d in UNTOUCHED]
    return lines, files_hash(work)


def after():
    """Console lines to run after `go`: the untouched devices' state."""
    return [f'devices {d}' for d in UNTOUCHED]


def files_hash(work):
    return {d: hashlib.sha256(open(os.path.join(work, f), 'rb').read()).hexdigest() for d, f in UNTOUCHED.items()}


def check(out, tag, hashes, work, bare_seen=frozenset()):
    """The laws on one run's console output (tag: the console's prefix
    before a level's user names, e.g. 'CPL1/'): a list of those broken.
    bare_seen: the cases (their PROP seed fields) that "saw" a mark on the
    bare machine too, where nothing is planted: the case made that word
    itself (one word in 2^32, about one case in 10^5), which is no breach;
    the equivalence law holds such a case to bare's line anyway."""
    bad = []
    lines = out.splitlines()
    kernel = [l[len(tag) + 8:] for l in lines if l.startswith(tag + 'KERNEL: ')]
    sent = [(i, l) for i, l in enumerate(lines) if l.startswith(tag + 'SENTINEL: SENTINEL ')]
    end = [i for i, l in enumerate(lines) if l.startswith(tag + 'KERNEL: PROP END ')]
    if not sent:
        bad.append('the sentinel VM never reported on its storage')
    else:
        i, l = sent[-1]
        f = l.split()
        if f[4] != f[5] or f[7] != '0':
            bad.append(f'the sentinel VM\'s storage changed: {f[7]} doublewords, the first at {f[9]} '
                       f'(hash {f[4]} filled, {f[5]} found)')
        if not end or i < end[-1]:
            bad.append('the sentinel VM reported before the batch ended')
    seen = [l for l in kernel if l.startswith('PROP ') and ' SEEN ' in l and l.split()[1] not in bare_seen]
    if seen:
        bad.append(f'{len(seen)} cases saw words of another VM\'s or CP\'s storage, first {seen[0]}')
    foreign = [l for l in kernel if l.startswith('PROP FOREIGN ')]
    if not foreign:
        bad.append('the case runner did not search its storage (no FOREIGN line)')
    elif foreign[-1].split()[2] != '0':
        bad.append(f'the case runner\'s storage holds another VM\'s or CP\'s words at the end: {foreign[-1]}')
    for d in UNTOUCHED:
        if f'breakpoint: I/O interruption from {d}' in out:
            bad.append(f'an I/O interruption from {d}, which no directory entry has')
        state = [l for l in lines if l.startswith(d + '  ')]
        if not state or ' idle ' not in state[-1]:
            bad.append(f'device {d}, which no directory entry has, is not idle: {state[-1] if state else "?"}')
    now = files_hash(work)
    for d in UNTOUCHED:
        if now[d] != hashes[d]:
            bad.append(f'device {d}\'s file {UNTOUCHED[d]} changed, and no directory entry has it')
    return bad
