# An interruption loop: the program new PSW's address is beyond storage
# (16M), so every fetch there is an addressing exception whose new PSW is
# the same. No instruction ever completes, but each interruption is work:
# time goes on by an instruction's worth, the CPU timer runs out, and a
# budget of work ends the run (machine/cpu/clock.c, clock_step).
alter 68 00080000 81000000
psw 00080000 81000000
go 1000
expect stop LIMIT
expect icount == 0
expect mem 8C == 00020005
go 1000
expect stop LIMIT
expect icount == 0
