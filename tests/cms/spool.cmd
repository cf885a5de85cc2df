# The unit-record devices: READCARD from a host deck, PRINT (with and
# without ASA carriage control), PUNCH with its :READ header, and the
# punched deck read back in with READCARD *. The printer's and punch's
# host files follow the console transcript.
.format 191 a
.yes
.spool
.readcard
cards 00C numbers.txt
.readcard numbers data a
.readcard numbers data a
.print numbers data
.print nosuch data
cards 00C report.txt
.readcard report listing
.print report listing (cc
.punch numbers data
cards 00C punch.txt
.erase numbers data
.readcard *
.type numbers data
.punch numbers data a (noheader
cards 00C punch.txt
.readcard *
