# Issue 11: each user can be interrupted, links and messages tell the
# truth. A runaway HOG is stopped by #CP EXTERNAL (the virtual interrupt
# key) and by CMS's HX, typed while it runs; a line typed before the HX
# is kept for CMS and runs after. A second read-write link to a minidisk
# is refused (VM/370's DMKLNK105E); a long MSG arrives whole, in lines
# that each say whom it is from; a line longer than CP reads is cut with
# a word, not silently.
console alice
step vm alice
.hog 1000
go 3000000
.#cp external
go
step vm alice
.hog 1000
go 3000000
.query disk
go 1000000
.hx
go
.cp external 41
.cp link alice 191 193 w
.cp link alice 191 193 r
.cp query virtual 193
console 009
.msg alice 0001 0002 0003 0004 0005 0006 0007 0008 0009 0010 0011 0012 0013 0014 0015 0016 0017 0018 0019 0020 0021 0022 0023 0024
.msg alice 0001 0002 0003 0004 0005 0006 0007 0008 0009 0010 0011 0012 0013 0014 0015 0016 0017 0018 0019 0020 0021 0022 0023 0024 0025 0026 0027 0028 0029 0030 0031
