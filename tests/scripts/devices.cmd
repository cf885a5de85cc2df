# Devices from the console: attach one of each type, load a deck with
# `cards`, read a card with a channel program, list devices one by one
# (the default system's own devices have build-specific paths), and the
# errors attach and cards report.
attach 01F 3215 /dev/null
attach 0A0 2540R
attach 0A1 2540P /dev/null binary
attach 0A2 1403 /dev/null
attach 0A3 fba tests/scripts/devices.disk readonly
devices 01F
devices 0A0
devices 0A1
devices 0A2
devices 0A3
cards 0A0 tests/scripts/devices.deck
devices 0A0
# Cards in the empty reader made it ready: its device end is pending
# (unsolicited, alone). TIO 0A0 clears it (cc 1, the CSW stored); then
# SIO 0A0 with CAW -> read 80 bytes to 3000, then an enabled wait; the
# I/O new PSW is a disabled wait at A0A0
alter 48 00001000
alter 1000 02000050 00003000
alter 78 000A0000 8000A0A0
alter 2000 9D0000A0 B2220020 9C0000A0 82000800
alter 800 020A0000 80002200
psw 00080000 80002000
step 2
expect R2 == 10000000
expect byte 44 == 04
go 1000
expect stop WAIT
expect ia == A0A0
expect byte 44 == 0C
expect byte 45 == 00
display 3000 20
devices 0A0
cards 0A0 tests/scripts/devices.deck binary
devices 0A0
# errors
attach 0A0 1403 /dev/null
attach 1000 3215
attach 0A4 3270
attach 0A4 1403
attach 0A4 1403 /dev/null binary
attach 0A4 3215 /dev/null /dev/null /dev/null
attach 0A4 FBA tests/scripts/devices.deck
attach 0A4 FBA /nonexistent/x.disk
attach 0A4 FBA tests/scripts/devices.disk create
attach 0A4 FBA tests/scripts/devices.disk create 0
cards 0A1 tests/scripts/devices.deck
cards 0A5 tests/scripts/devices.deck
cards 0A0 /nonexistent/deck.txt
cards 0A0 tests/scripts/devices.deck sideways
devices 0A4
help attach
help cards
help devices
