# Display and alter real storage, registers, control registers, keys and
# the PSW, and trace to a file.
alter 2000 1A12 1B21
gpr 1 5
gpr 2 7
psw 00080000 80002000
step
expect R1 == C
expect CC == 2
expect mem 2000 == 1A121B21
key 2000 F8
expect byte 2000 == 1A
cr 0 00B00000
expect CR0 == B00000
trace build/scripts-trace.txt
step
trace off
expect ia == 2004
expect R2 == FFFFFFFB
display 2000 8
