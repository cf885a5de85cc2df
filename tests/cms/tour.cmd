# The README's tour of CMS on the bare machine: list the system disk, run
# a program, format a minidisk, bring a host file in through the card
# reader, run programs against it, and print the result.
.listfile * module s
.hello
.format 191 a
.yes
.tour
cards 00C poem.txt
.readcard poem text
.wc poem text
.sort poem text a poem sorted a
.type poem sorted
.print poem sorted
.listfile * * a (format
