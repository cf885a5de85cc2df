#!/bin/bash
# tests/fuzz/long.sh FUZZ_CODE: the sanitizer fuzzer (tests/fuzz/fuzz_code.c,
# random bytes as code on the bare machine) for FUZZ_INSNS instructions in
# all (default 10^9), in chunks: each chunk is one process, FUZZ_ROUNDS
# rounds (default 10) of up to FUZZ_ROUND_INSNS instructions (default
# 10^7), from its own seed, so a fault names the seed that replays it
# (fuzz_code ROUNDS INSNS SEED). A line of progress after each chunk; at
# the end the summary: instructions, rounds (programs), interruptions by
# class and program interruptions by code, summed over the chunks, and the
# host faults (a chunk that exits other than 0 or 1, or with a sanitizer
# report), which must be none. Exit 0 only if there were none and every
# program-interruption code was an architected one.
#
# Why chunks: a run of 10^9 instructions takes minutes; progress shows it
# alive, and a fault is found again from its chunk's seed alone.
set -u
fuzz=$1
total_target=${FUZZ_INSNS:-1000000000}
rounds=${FUZZ_ROUNDS:-10}
per_round=${FUZZ_ROUND_INSNS:-10000000}
seed0=${FUZZ_SEED:-1}
work=$(mktemp -d /tmp/creasy-fuzzlong.XXXXXX)
trap 'rm -rf "$work"' EXIT
start=$SECONDS
insns=0 progs=0 restarts=0 io=0 chunks=0 faults=0 bad=0
declare -A irq=() pgm=()
while [ "$insns" -lt "$total_target" ]; do
    seed=$((seed0 + chunks))
    left=$((total_target - insns))
    n=$rounds
    [ $((n * per_round)) -gt "$left" ] && n=$(((left + per_round - 1) / per_round))
    "$fuzz" "$n" "$per_round" "$seed" > "$work/out" 2> "$work/err"
    rc=$?
    chunks=$((chunks + 1))
    if [ $rc -gt 1 ] || grep -q 'Sanitizer\|runtime error' "$work/err"; then
        faults=$((faults + 1))
        echo "HOST FAULT in chunk $chunks (exit $rc): replay with: $fuzz $n $per_round $seed"
        grep -m3 'Sanitizer\|runtime error\|#0 ' "$work/err" | sed 's/^/      /'
        continue
    fi
    [ $rc = 1 ] && { bad=1; grep 'not architected' "$work/out" | sed "s/^/chunk $chunks (seed $seed): /"; }
    read -r r i k < <(sed -n 's/^fuzz: \([0-9]*\) rounds, \([0-9]*\) instructions of random code, \([0-9]*\) restarts$/\1 \2 \3/p' "$work/out")
    if [ -z "${i:-}" ] || [ "$i" = 0 ]; then
        echo "chunk $chunks (seed $seed): no summary from the fuzzer"; faults=$((faults + 1)); continue
    fi
    progs=$((progs + r)) insns=$((insns + i)) restarts=$((restarts + k))
    io=$((io + $(sed -n 's/^I\/O instructions run: //p' "$work/out")))
    for kv in $(sed -n 's/^interruptions: //p' "$work/out" | sed 's/, /\n/g' | tr ' ' '='); do
        irq[${kv%%=*}]=$(( ${irq[${kv%%=*}]:-0} + ${kv#*=} ))
    done
    for kv in $(sed -n 's/^program interruptions by code://p' "$work/out"); do
        pgm[${kv%%:*}]=$(( ${pgm[${kv%%:*}]:-0} + ${kv#*:} ))
    done
    printf 'chunk %d (seed %d): %d rounds, %d instructions; in all %d of %d (%d%%), %d s\n' \
        "$chunks" "$seed" "$r" "$i" "$insns" "$total_target" $((insns * 100 / total_target)) $((SECONDS - start))
done
echo "---- fuzz-long summary"
echo "instructions of random code: $insns, in $progs rounds (random programs), $chunks chunks, $((SECONDS - start)) s"
echo "restarts at a random PSW: $restarts; I/O instructions run: $io"
line=""
for c in restart external svc program io; do line+=" $c ${irq[$c]:-0},"; done
echo "interruptions:${line%,}"
line=""
for c in $(printf '%s\n' "${!pgm[@]}" | sort); do line+=" $c:${pgm[$c]}"; done
echo "program interruptions by code:$line"
echo "host faults: $faults"
[ "$faults" = 0 ] && [ "$bad" = 0 ]
