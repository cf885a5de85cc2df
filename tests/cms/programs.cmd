# The programs on the S-disk, run by name with arguments, in problem
# state: output, return codes in the ready message, and the abends CMS
# gives a program that goes wrong.
.hello
.hello creasy
.fib 12
.fib 0
.primes 60
.privops
.hog 1
.svcs 5
.wild
.wild 0
.wild 7ffff000
.wild 00080000
.hello
# the operator's interrupt key halts a program (CMS's HX): stop HOG at its
# first instruction, press the key, let it go on
break 80000
.hog 1000
interrupt
delete 1
go
.hello
# a line typed while a program runs raises attention; the program's own
# console output must still get through (SIO finds the attention pending)
break 80000
.hog 1
.hello typed ahead
delete 1
go
# IPL again from the console, stopped at the IPL PSW, and step into the
# IPL record's loader (cms/fs_nucleus.c), which then reads CMS
ipl 190 stop
step 2
go
.query storage
