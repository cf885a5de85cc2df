# CP's commands from a CMS user's console (CMS's CP command hands the
# rest of the line to CP with DIAGNOSE X'08') and from the operator's:
# QUERY, DISPLAY, STORE, LINK, SPOOL, TRANSFER, PURGE, TRACE, LOGON,
# FORCE, and their errors. A punch file goes from ALICE to BOB's reader,
# a printer file to CAROL's, who hands it to BOB.
console alice
.cp query names
.cp query virtual
.cp query virtual storage
.cp query virtual 191
.cp query virtual 123
.cp display psw
.cp display g 0 3
.cp store a 20000 c1c2c3c4
.cp display a 20000 4
.cp display a 7fffff0 20
.cp link maint 190 199 r
.cp query virtual 199
.cp link maint 190 191 r
.format 191 a
.yes
.tour
.copyfile cp helpcms s note text a
.cp spool punch to bob
.punch note text a
.cp query virtual 00d
.cp trace svc
.hello
.cp trace priv
.cp query time
.cp trace off
.cp frobnicate
.cp query
console bob
.cp query rdr
.format 191 a
.yes
.tour
.readcard note text
.type note text
.cp query rdr
console alice
.cp spool printer to carol
.print note text
.cp spool printer off
console carol
.cp query rdr all
.cp transfer rdr 2 to bob
console bob
.cp query rdr
.cp purge rdr all
.cp query rdr
console 009
.query names
.force carol
.query names
.logon carol
.logon carol
.force nobody
.query names
console alice
.cp query mode
.cp set mode sie
.cp query mode
.hello
.cp set mode trap
.cp query mode
.hello
.cp set mode bogus
console bob
.cp set mode sie alice
console 009
.set mode sie alice
.set mode trap alice
