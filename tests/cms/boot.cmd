# CMS IPLs from its system disk on the bare machine and answers the
# commands that only look: QUERY, LISTFILE, HELP, SET, CP, unknown words.
expect output "CMS/CREASY VERSION 1.0"
expect output "A(191) IS NOT FORMATTED"
.query disk
.query storage
.q diag
.listfile * * s
.listf p* module s (format
.listfile nosuch file s
.listfile * * a
.help
.help listf
.help nonsense
.set diag off
.query diag
.set diag on
.set diag maybe
.cp query names
.frobnicate
.query
expect output "R(-0003);"
devices
