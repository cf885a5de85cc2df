# The guest's console typewriter at 009, seen from the operator console:
# its output is tagged and can be checked with "expect output".
load build/programs/bare/hello.elf
go
expect stop WAIT
expect output "Hello from the bare machine."
expect ia == 600D
devices
load build/programs/bare/io.elf
go
expect output "I/O INTERRUPTED"
expect stop WAIT
