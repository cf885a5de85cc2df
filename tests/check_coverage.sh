#!/bin/bash
# Every instruction in spec.yaml must have unit tests: a Criterion test
# whose name starts with its mnemonic (Test(suite, AR_...)).
set -u
tables=$1 dir=$2
missing=$(sed -n 's/^    ISA_\([A-Z0-9]*\),$/\1/p' "$tables" | while read -r m; do
    grep -qE "Test\([a-z_0-9]+, *${m}_" "$dir"/*.c || echo "$m"
done)
if [ -n "$missing" ]; then
    echo "instructions without unit tests:" $missing
    exit 1
fi
echo "every instruction in spec.yaml has unit tests"
