# The operator console on a bare program: load, disassemble, step, break
# on an SVC, look at the PSW and low core, go on to the end.
load build/programs/bare/svc.elf
expect ia == 10000
disasm _start 3
step 2
expect icount == 2
expect ia == 10008
break svc 9
go
expect stop BREAK
# stopped after the interruption: in the handler, SVC 9 in low core
expect ia == 10022
expect mem 88 == 00020009
expect R6 == F
psw
step 3
expect R6 == 18
delete 1
go
expect stop WAIT
expect PSW == 000A00008000600D
counters
