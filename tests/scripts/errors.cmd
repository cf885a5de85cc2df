# Bad commands get one-line errors and the console goes on.
frobnicate
gpr 99
gpr 1 xyz
load /nonexistent/program.elf
display 7FFFFFF0
break pgm nonsense
break priv AR
delete 7
expect R1 ~ 5
alter 100 ABC
echo still here
