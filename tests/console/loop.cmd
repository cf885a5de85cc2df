# A program that never ends: svc.elf's first instruction becomes a branch
# to itself (BRC 15,*). Used by tests/console/limits.sh.
alter 10000 A7F40000
