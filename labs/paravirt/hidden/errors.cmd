# DIAG X'18' when it fails: a disk that is not there (condition code 3),
# and a write to a read-only disk (a unit check, and CMS asks for sense).
.access 19f c
.q disk
.access 190 d
.format 190 d
.yes
.q disk
