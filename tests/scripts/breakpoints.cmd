# Address, program-interruption and privileged-instruction breakpoints;
# "go" after an address breakpoint runs the instruction it stopped at.
load build/programs/bare/dat.elf
break main
go
expect stop BREAK
expect ia == 100E0
go 5
expect icount > 5
break pgm page-translation
go
expect stop BREAK
# the store to 90040 faulted: the old PSW points at it (nullification)
expect mem 90 == 00090000
expect byte 8D == 04
break priv lpsw
go
expect stop BREAK
disasm
go
expect stop BREAK
delete all
go
expect stop WAIT
expect ia == 600D
