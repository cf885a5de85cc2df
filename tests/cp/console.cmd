# The operator console's view of CP (the VM table CP publishes): vms,
# typing to a user's terminal, `step vm` (stop at the next instruction
# that user runs), the user's virtual PSW beside the real one, and a
# breakpoint on that user's traps.
vms
console bob
step vm bob
.hello
expect stop STEP
psw
step
break trap bob
go
expect stop BREAK
psw
delete all
go
expect output "HELLO, WORLD, FROM A PROGRAM IN PROBLEM STATE"
vms
sie bob
