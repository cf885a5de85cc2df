#!/bin/bash
# tests/observe.sh CREASY ELF...: observing never changes what runs. Each
# program runs plain, traced and profiled (the run loop then goes one
# instruction at a time, checking each); its instruction count, final PSW
# and registers must be the same in all three, for programs with console
# I/O too, whose device completions are events in virtual time.
set -u
creasy=$1; shift
fail=0
for elf in "$@"; do
    name=$(basename "$elf" .elf)
    plain=$("$creasy" run "$elf" 2>&1 | grep -E '^(PSW|R[0-9]+|INSTRUCTIONS)=')
    traced=$("$creasy" run "$elf" --trace /dev/null 2>&1 | grep -E '^(PSW|R[0-9]+|INSTRUCTIONS)=')
    profiled=$("$creasy" run "$elf" --profile 2>&1 | grep -E '^(PSW|R[0-9]+|INSTRUCTIONS)=')
    if [ -z "$plain" ] || [ "$plain" != "$traced" ] || [ "$plain" != "$profiled" ]; then
        echo "FAIL  $name: traced or profiled, it ran differently"
        diff <(echo "$plain") <(echo "$traced") | head -5 | sed 's/^/      /'
        fail=1
    else
        echo "pass  $name: $(grep INSTRUCTIONS <<< "$plain"), the same traced and profiled"
    fi
done
exit $fail
