"""efficiency.py: Popek and Goldberg's efficiency, as a property of a batch
of generated cases (prop.py runs the batches; tests/property/README.md
states the laws and the accounting).

Why per batch and not per case: the machine's counters are read at the
console, once per run, and a run is a batch of thousands of cases. Every
law here is an equality of counts, so a batch is exact: the counts of a
batch of N cases less those of the same kernel running no case (the
"empty" batch: its boot, its IPL under CP, its last line) are the
cases' own. A batch that breaks a law is narrowed to one case by
bisecting its seeds (prop.py).

Why the bare machine is the reference: `creasy run --profile` counts every
instruction the bare machine dispatched, by mnemonic, whatever its state
(a privileged instruction tried in problem state too), and the kernel
itself counts the interruptions it took by class (its TOTALS line) and
the TIOs it polled the console with, which are timing: the console is
slower bare than under CP. Its polling loop is three instructions a turn
(TIO, LA, BRC), so it comes out of the counts exactly.
"""
import re

PRIVOP = 2


class Counters:
    """One run's counts: the bare machine's profile (`creasy run --profile`)
    or the console's `counters` under CP, and the kernel's own totals."""

    def __init__(self, out):
        self.op, self.entries, self.exits = {}, {}, {}
        self.insn = self.problem = self.supervisor = self.interpreted = self.sie_entries = 0
        for m in re.finditer(r'^OP (\S+)\s+(\d+)$', out, re.M):
            self.op[m.group(1)] = int(m.group(2))
        m = re.search(r'^INSTRUCTIONS=(\d+)$', out, re.M)
        if m:
            self.insn = int(m.group(1))
        m = list(re.finditer(r'^instructions: (\d+) \(problem state (\d+), supervisor state (\d+), '
                             r'interpreted under SIE (\d+)\)$', out, re.M))
        if m:
            self.insn, self.problem, self.supervisor, self.interpreted = (int(x) for x in m[-1].groups())
            out = out[m[-1].start():]
        t = re.search(r'^entries into supervisor state from problem state, by cause.*\n((?:  .*\n?)*)', out, re.M)
        for line in t.group(1).splitlines() if t else ():
            f = line.split()
            self.entries[f[0]] = int(f[1])
        s = re.search(r'^SIE: (\d+) entries; interpretation ended.*\n((?:  .*\n?)*)', out, re.M)
        if s:
            self.sie_entries = int(s.group(1))
            for line in s.group(2).splitlines():
                code, rest = line.split(None, 1)
                name, count = rest.rsplit(None, 3)[:2]
                self.exits[f'{code} {name}'] = int(count)

    def minus(self, base):
        """These counts less another run's (the empty batch's)."""
        d = Counters('')
        for k in ('insn', 'problem', 'supervisor', 'interpreted', 'sie_entries'):
            setattr(d, k, getattr(self, k) - getattr(base, k))
        for k in ('op', 'entries', 'exits'):
            a, b = getattr(self, k), getattr(base, k)
            setattr(d, k, {x: a.get(x, 0) - b.get(x, 0) for x in set(a) | set(b) if a.get(x, 0) != b.get(x, 0)})
        return d


def kernel_totals(lines):
    """The kernel's own counts: interruptions by class and the TIOs it
    polled with (its TOTALS and END lines, and the last line's in its wait PSW)."""
    t = {'POLLS': 0}
    for l in lines:
        f = l.split()
        if l.startswith('PROP TOTALS '):
            t.update({f[i]: int(f[i + 1]) for i in range(2, len(f), 2)})
        elif l.startswith('PROP END '):
            t['POLLS'] += int(f[-1])
        elif l.startswith('WAIT PSW ') and len(f) == 4 and f[3][:4] == 'E00D':
            t['POLLS'] += int(f[3][4:], 16)
    return t


def _adj(c, polls):
    """A run's counts with the kernel's console polling taken out."""
    op = dict(c.op)
    op['TIO'] = op.get('TIO', 0) - polls
    return op


def check(mode, bare, bare_totals, other, other_totals, spec):
    """The laws for a level-1 configuration (mode 'trap' or 'sie'), on
    counts already less the empty batch's: a list of broken laws (empty
    when the batch is efficient), and the figures for the README.
    spec: mnemonic -> (privileged, sie-intercepted), from spec.yaml's table."""
    bad, pb, po = [], bare_totals['POLLS'], other_totals['POLLS']
    op = _adj(bare, pb)
    n_ex = op.get('EX', 0)
    priv = {m for m, (p, _) in spec.items() if p}
    if mode == 'trap':
        ent = dict(other.entries)
        ent['TIO'] = ent.get('TIO', 0) - po
        for cause, n in sorted(ent.items()):
            if cause not in priv | {'SVC', 'program', 'external', 'I/O'} and n:
                bad.append(f'an entry into CP for {cause} ({n}), which is not a sensitive event')
        extra = 0
        for m in sorted(priv):
            e, o = ent.get(m, 0), op.get(m, 0)
            if e < o:
                bad.append(f'{m}: the bare machine ran {o}, CP was entered for {e}: some ran without CP')
            extra += max(e - o, 0)
        if extra > n_ex:
            bad.append(f'{extra} entries for privileged instructions beyond those the bare machine ran, '
                       f'more than its {n_ex} EXECUTEs: CP was entered for innocuous instructions')
        if ent.get('SVC', 0) != bare_totals['SVC']:
            bad.append(f'SVC: {ent.get("SVC", 0)} entries into CP for the {bare_totals["SVC"]} SVCs the cases took')
        reflected = bare_totals['PGM'] - bare_totals['PRIVOP']
        if ent.get('program', 0) < reflected:
            bad.append(f'program: {ent.get("program", 0)} entries, fewer than the {reflected} program interruptions '
                       'the cases took')
        figures = {'direct': other.problem - 3 * po, 'entries': sum(max(n, 0) for n in ent.values()),
                   'cp-own program': ent.get('program', 0) - reflected,
                   'external': ent.get('external', 0), 'I/O': ent.get('I/O', 0)}
        return bad, figures
    codes = {c.split()[0] for c, n in other.exits.items() if n}
    if codes - {'00', '04'}:
        bad.append(f'interpretation ended by {sorted(codes - {"00", "04"})}: only instruction interceptions (04, '
                   "spec.yaml's sie: intercepted) and the host's own interruptions (00) may end it")
    inter = sum(op.get(m, 0) for m, (_, i) in spec.items() if i) + po
    got = other.exits.get('04 instruction', 0)
    if got > inter + n_ex:
        bad.append(f'{got} instruction interceptions, more than the {inter} intercepted instructions the bare '
                   f'machine ran (+{n_ex} EXECUTEs): instructions spec.yaml says are interpreted were intercepted')
    if other.interpreted - 3 * po != bare.insn - 3 * pb:
        bad.append(f'{other.interpreted - 3 * po} instructions interpreted, against {bare.insn - 3 * pb} the bare '
                   'machine ran: some did not run interpreted')
    return bad, {'interpreted': other.interpreted - 3 * po, 'intercepts': got,
                 'host': other.exits.get('00 none', 0)}


def load_spec(prop_isa_h):
    """mnemonic -> (privileged, intercepted under SIE), from the table
    ptable.py generated from spec.yaml (build/gen/prop_isa.h)."""
    spec = {}
    for no, line in enumerate(open(prop_isa_h), 1):
        m = re.match(r'\s*\{"(\w+)",.*, PF_\w+, \d+, (\d+), \d+, \d+, (\d+), \d+\}', line)
        if m:
            spec[m.group(1)] = (int(m.group(2)) != 0, int(m.group(3)) == 2)   # isa.h: ISA_SIE_INTERCEPTED
    if not spec:
        raise SystemExit(f'{prop_isa_h}:1: no instruction rows')
    return spec
