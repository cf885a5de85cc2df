#!/usr/bin/env python3
"""prop.py: the property harness. Runs the case-runner kernel
(programs/property/propcase.c) bare and under CP, and checks the law of
equivalence: each case's line (a hash of what it can observe) is the same
in every configuration as on the bare machine. A case that differs is
shrunk (configuration simplified, items dropped, operands simplified while
it still differs) and reported with its seed, configuration, disassembly,
first difference and a replay command. Under CP it also checks the laws
of efficiency (efficiency.py) and of resource control (rescontrol.py) on
each batch.

Why Python and not the shell: the shrinker is a loop of re-runs with
changing parameters, which are patched into the kernel's ELF (prop_params:
no command line reaches a kernel that CP IPLs from a disk).

  prop.py BUILD [-n N] [--first SEED] [--configs bare,trap,sie,trap:sie,...]
          [--cp-build DIR] [--chunk N] [--max-shrink K] [--replay SEED --config C
          [--simplify S] [--drop D] [--simple M]]
"""
import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

import efficiency
import rescontrol

HERE = os.path.dirname(os.path.abspath(__file__))
MAGIC = 0x50524F50
S_NAMES = ['no-dat', 'no-edge', 'no-keys', 'zero-regs', 'zero-data']
CODE = 0x80000


def params_offset(elf):
    """The file offset of prop_params in the ELF."""
    nm = subprocess.run(['s390x-linux-gnu-nm', elf], capture_output=True, text=True, check=True).stdout
    addr = next(int(l.split()[0], 16) for l in nm.splitlines() if l.endswith(' prop_params'))
    data = open(elf, 'rb').read()
    shoff, = struct.unpack_from('>I', data, 0x20)
    shentsize, shnum = struct.unpack_from('>HH', data, 0x2E)
    for i in range(shnum):
        _, typ, _, sa, so, sz = struct.unpack_from('>IIIIII', data, shoff + i * shentsize)
        if typ == 1 and sa <= addr < sa + sz:   # PROGBITS
            return so + addr - sa
    sys.exit(f'{elf}:1: prop_params is not in a loaded section')


class Case:
    """What prop_params says: which seeds, and the shrinker's choices."""

    def __init__(self, first, count=1, verbose=0, simplify=0, drop=0, simple=0):
        self.first, self.count, self.verbose = first, count, verbose
        self.simplify, self.drop, self.simple = simplify, drop, simple

    def pack(self):
        m = (1 << 32) - 1
        return struct.pack('>9I', MAGIC, self.first, self.count, self.verbose, self.simplify,
                           self.drop & m, self.drop >> 32, self.simple & m, self.simple >> 32)

    def flags(self):
        return f'--simplify {self.simplify} --drop {self.drop:#x} --simple {self.simple:#x}'


# CP_VARIANT=NAME in the environment: every configuration on that variant
# of the machine (spec.yaml's variants; cpsys.sh gives CP's system the same)
VARIANT = os.environ.get('CP_VARIANT', '')
VARIANT_OPTION = ['--variant', VARIANT] if VARIANT else []


class Machine:
    """Runs the kernel in one configuration: 'bare', or CP's modes by level."""

    def __init__(self, creasy, build, elf, config, work):
        self.creasy, self.build, self.config = creasy, build, config
        self.elf, self.off = elf, params_offset(elf)
        self.work = os.path.join(work, config.replace(':', '-'))
        os.makedirs(self.work, exist_ok=True)
        self.image = os.path.join(self.work, 'case.elf')
        self.counting, self.counters = False, None
        if config != 'bare':
            env = dict(os.environ, CP_NEST=config.replace(':', ' '))
            sentinel = os.path.join(os.path.dirname(elf), 'sentinel.elf')
            r = subprocess.run([os.path.join(HERE, 'cpsys.sh'), creasy, build, self.work, sentinel], env=env,
                               capture_output=True, text=True)
            if r.returncode:
                sys.exit(f'cannot make the CP system for {config}: {r.stdout}{r.stderr}')
            self.tag = r.stdout.strip().splitlines()[-1] + ': '
            self.prefix = self.tag[:-len('KERNEL: ')]

    def patch(self, case):
        data = bytearray(open(self.elf, 'rb').read())
        data[self.off:self.off + 36] = case.pack()
        with open(self.image, 'wb') as f:
            f.write(data)

    def run(self, case):
        """The kernel's console lines and the wait PSW it ends in, with
        its console polling (timing) left out; self.raw keeps them."""
        self.raw = self.run_raw(case)
        return [l.split(' POLLS ')[0] if l.startswith('PROP END ') else
                l[:-4] if l.startswith('WAIT PSW 000A0000 E00D') else l for l in self.raw]

    def run_raw(self, case):
        self.patch(case)
        budget = str(2000000 * case.count + 100000000)
        if self.config == 'bare':
            con = os.path.join(self.work, 'console.txt')
            r = subprocess.run([self.creasy, 'run', self.image, '--mem', '2M', '--console', con] + VARIANT_OPTION + [
                                '--max-instructions', budget] + (['--profile'] if self.counting else []),
                               capture_output=True, text=True)
            lines = open(con).read().splitlines() if os.path.exists(con) else []
            psw = [l[4:] for l in r.stdout.splitlines() if l.startswith('PSW=')]
            self.counters = efficiency.Counters(r.stdout) if self.counting else None
            return lines + ['WAIT PSW ' + (psw[0] if psw else '?')]
        disk = os.path.join(self.work, 'kernel.disk')
        if os.path.exists(disk):
            os.unlink(disk)
        subprocess.run([self.creasy, 'disk', 'format', disk, '--blocks', '1024', '--label', 'KERNEL',
                        '--nucleus-blocks', '512'], check=True, capture_output=True)
        subprocess.run([self.creasy, 'disk', 'ipl', disk, self.image], check=True, capture_output=True)
        plant, self.hashes = rescontrol.before(self.work, os.path.join(self.build, 'cp/cp.elf'))
        # IPL stopped, so that the marks and breakpoints are in before CP runs a single instruction
        # (a configuration with `ipl:` would run the whole batch before the script's first line)
        script = ['ipl 1A0 stop'] + plant + ['go'] + (['counters'] if self.counting else []) + rescontrol.after()
        r = subprocess.run([self.creasy, '--config', 'system.yaml', '--max-instructions', str(int(budget) * 40)],
                           cwd=self.work, input='\n'.join(script) + '\n', capture_output=True, text=True)
        self.out = r.stdout
        self.counters = efficiency.Counters(r.stdout) if self.counting else None
        lines, psw = [], '?'
        for l in r.stdout.splitlines():
            if not l.startswith(self.tag):
                continue
            l = l[len(self.tag):]
            if 'DMKDSP450W' in l:
                psw = l.split("'")[1] if "'" in l else l
            else:
                lines.append(l)
        return lines + ['WAIT PSW ' + psw]

    def disasm(self, case, nbytes):
        """creasy's console disassembly of a case's code (bare, after its run)."""
        self.patch(case)
        script = os.path.join(self.work, 'disasm.cmd')
        with open(script, 'w') as f:
            f.write(f'go\ndisasm {CODE:X} {nbytes // 2 + 1}\nquit\n')
        r = subprocess.run([self.creasy, '--mem', '2M', '--script', script, self.image],
                           capture_output=True, text=True)
        out = []
        for l in r.stdout.splitlines():
            if l[:8].isalnum() and len(l) > 10 and l[8:10] == '  ' and int(l[:8], 16) >= CODE:
                out.append(l.rstrip())
                if int(l[:8], 16) >= CODE + nbytes - 2:
                    break
        return out


def results(lines):
    """seed -> its PROP line."""
    return {l.split()[1]: l for l in lines if l.startswith('PROP ') and l.split()[1] not in ('END', 'TOTALS', 'FOREIGN')}


def delta_totals(a, b):
    return {k: a.get(k, 0) - b.get(k, 0) for k in a}


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f'line {i + 1}: bare "{x}"  vs  "{y}"'
    return f'line {min(len(a), len(b)) + 1}: one run is longer ({len(a)} against {len(b)} lines)'


def shrink(bare, other, seed, max_runs):
    """Simplify a differing case while it still differs: the minimal Case."""
    runs = [0]

    def differs(c):
        runs[0] += 1
        return bare.run(c) != other.run(c)

    case = Case(seed, verbose=1)
    if not differs(case):
        return None, runs[0]
    items = int([l for l in bare.run(case) if l.startswith('CODE ')][0].split()[-1])
    for bit in range(len(S_NAMES)):
        trial = Case(seed, 1, 1, case.simplify | 1 << bit, case.drop, case.simple)
        if runs[0] < max_runs and differs(trial):
            case = trial
    size = 16
    while size >= 1:
        for i in range(0, items, size):
            chunk = ((1 << size) - 1) << i & ((1 << items) - 1)
            if case.drop & chunk == chunk or runs[0] >= max_runs:
                continue
            trial = Case(seed, 1, 1, case.simplify, case.drop | chunk, case.simple)
            if differs(trial):
                case = trial
        size //= 2
    for i in range(items):
        if not case.drop >> i & 1 and runs[0] < max_runs:
            trial = Case(seed, 1, 1, case.simplify, case.drop, case.simple | 1 << i)
            if differs(trial):
                case = trial
    return case, runs[0]


def report(bare, other, case, runs, replay):
    a, b = bare.run(case), other.run(case)
    nbytes = int([l for l in a if l.startswith('CODE ')][0].split()[1])
    simp = ', '.join(n for i, n in enumerate(S_NAMES) if case.simplify >> i & 1) or 'none'
    print(f'  COUNTEREXAMPLE seed {case.first:08X} in configuration {other.config} '
          f'(shrunk in {runs} runs)')
    print(f'    simplifications: {simp}; dropped items {case.drop:#x}; simplified items {case.simple:#x}')
    print('    the minimal program (creasy disasm):')
    for l in bare.disasm(case, nbytes):
        print('      ' + l)
    print('    first difference: ' + first_difference(a, b))
    print(f'    replay: {replay} --replay {case.first:#x} --config {other.config} {case.flags()}')


def main():
    ap = argparse.ArgumentParser(description='property tests: equivalence of bare and CP')
    ap.add_argument('build')
    ap.add_argument('-n', type=int, default=1000, help='cases per configuration')
    ap.add_argument('--first', type=lambda s: int(s, 0), default=1)
    ap.add_argument('--configs', default='bare,trap,sie,trap:sie')
    ap.add_argument('--chunk', type=int, default=50000, help='cases per boot')
    ap.add_argument('--cp-build', help='the build directory whose cp/cp.elf CP runs (default BUILD)')
    ap.add_argument('--max-shrink', type=int, default=2, help='counterexamples shrunk per configuration')
    ap.add_argument('--max-runs', type=int, default=400, help='re-runs per shrink')
    ap.add_argument('--no-efficiency', action='store_true', help='do not check efficiency')
    ap.add_argument('--replay', type=lambda s: int(s, 0))
    ap.add_argument('--config', default='trap')
    ap.add_argument('--simplify', type=int, default=0)
    ap.add_argument('--drop', type=lambda s: int(s, 0), default=0)
    ap.add_argument('--simple', type=lambda s: int(s, 0), default=0)
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    creasy = os.path.join(build, 'creasy')
    elf = os.path.join(build, 'programs/property/propcase.elf')
    cp_build = os.path.abspath(args.cp_build or build)
    work = tempfile.mkdtemp(prefix='creasy-prop.')
    replay = (f'CP_VARIANT={VARIANT} ' if VARIANT else '') + f'tests/property/prop.py {args.build}' + (f' --cp-build {args.cp_build}' if args.cp_build else '')
    try:
        bare = Machine(creasy, cp_build, elf, 'bare', work)
        if args.replay is not None:
            other = Machine(creasy, cp_build, elf, args.config, work)
            case = Case(args.replay, 1, 1, args.simplify, args.drop, args.simple)
            a, b = bare.run(case), other.run(case)
            print('\n'.join(a))
            print('-- the same, bare and under ' + args.config if a == b else
                  '-- differs under ' + args.config + ': ' + first_difference(a, b))
            for l in bare.disasm(case, int([l for l in a if l.startswith('CODE ')][0].split()[1])):
                print(l)
            return 0 if a == b else 1
        configs = args.configs.split(',')
        others = [Machine(creasy, cp_build, elf, c, work) for c in configs if c != 'bare']
        counted = [o for o in others if o.config in ('trap', 'sie')] if not args.no_efficiency else []
        spec = efficiency.load_spec(os.path.join(build, 'gen/prop_isa.h'))
        empty = {}
        for mach in [bare] + counted if counted else []:   # the empty batch: boot, IPL, last line
            mach.counting = True
            lines = mach.run(Case(args.first, 0))
            empty[mach.config] = (mach.counters, efficiency.kernel_totals(mach.raw))
        eff_bad = {o.config: [] for o in counted}
        eff_fig = {o.config: {} for o in counted}
        res_bad = {o.config: [] for o in others}
        secs = {c: 0.0 for c in configs}
        bad = {c: [] for c in configs}
        got = {}
        for first in range(args.first, args.first + args.n, args.chunk):
            count = min(args.chunk, args.first + args.n - first)
            t = time.time()
            ref = bare.run(Case(first, count))
            secs['bare'] = secs.get('bare', 0.0) + time.time() - t
            expect = results(ref)
            if len(expect) != count or not ref[-1].startswith('WAIT PSW 000A0000 E00D'):
                print(f'FAIL  bare: {len(expect)} of {count} cases from {first:#x} ran; it ends in {ref[-1]}')
                return 1
            if counted:
                bare_c = bare.counters.minus(empty['bare'][0])
                bare_t = delta_totals(efficiency.kernel_totals(bare.raw), empty['bare'][1])
            for other in others:
                t = time.time()
                out = other.run(Case(first, count))
                lines = results(out)
                secs[other.config] += time.time() - t
                bare_seen = frozenset(line.split()[1] for line in expect.values() if ' SEEN ' in line)
                res_bad[other.config] += [f'seeds {first:#x}-{first + count - 1:#x}: ' + x for x in
                                          rescontrol.check(other.out, other.prefix, other.hashes, other.work, bare_seen)]
                if other in counted:
                    b, fig = efficiency.check(other.config, bare_c, bare_t, other.counters.minus(empty[other.config][0]),
                                              delta_totals(efficiency.kernel_totals(other.raw), empty[other.config][1]), spec)
                    eff_bad[other.config] += [f'seeds {first:#x}-{first + count - 1:#x}: ' + x for x in b]
                    for k, v in fig.items():
                        eff_fig[other.config][k] = eff_fig[other.config].get(k, 0) + v
                for s in sorted(expect):
                    if lines.get(s) != expect[s]:
                        bad[other.config].append(s)
                        got[other.config, s] = lines.get(s)
        if 'bare' in configs:
            print(f'pass  bare: {args.n} cases in {secs["bare"]:.1f}s ({args.n / secs["bare"]:.0f} cases/s)')
        fail = 0
        for other in others:
            c, dt = other.config, secs[other.config]
            if not bad[c]:
                print(f'pass  {c}: {args.n} cases equal to bare in {dt:.1f}s ({args.n / dt:.0f} cases/s)')
                continue
            fail = 1
            print(f'FAIL  {c}: {len(bad[c])} of {args.n} cases differ from bare, first seed {bad[c][0]}')
            for s in bad[c][:args.max_shrink]:
                case, runs = shrink(bare, other, int(s, 16), args.max_runs)
                if case is None:
                    print(f'  seed {s}: differs only among other cases, not alone: {got[c, s]}')
                else:
                    report(bare, other, case, runs, replay)
        for o in others:
            if res_bad[o.config]:
                fail = 1
                print(f'FAIL  {o.config} resource control: ' + '\n        '.join(res_bad[o.config][:6]))
            else:
                print(f'pass  {o.config} resource control: the sentinel VM unchanged, no case saw its storage '
                      'or CP\'s, devices 200 and 03F untouched')
        for o in counted:
            c, fig = o.config, ', '.join(f'{k} {v}' for k, v in eff_fig[o.config].items())
            if eff_bad[c]:
                fail = 1
                print(f'FAIL  {c} efficiency: ' + '\n        '.join(eff_bad[c][:6]))
            else:
                print(f'pass  {c} efficiency: every entry into CP a sensitive event ({fig})')
        return fail
    finally:
        if not os.environ.get('KEEP'):
            shutil.rmtree(work, ignore_errors=True)
        else:
            print('work kept in ' + work)


if __name__ == '__main__':
    sys.exit(main())
