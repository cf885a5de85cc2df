# The file commands on a minidisk CMS formats itself: FORMAT, READCARD
# from a deck loaded into the reader, TYPE, COPYFILE, RENAME, ERASE,
# LISTFILE, ACCESS and RELEASE of a second disk, and their errors.
.format 191 a
.no
.listfile * * a
.format 191 a
.yes
.toolong
.format 191 a
.yes
.cms191
.q disk a
cards 00C poem.txt
.readcard poem text
.listfile * * a (format
.type poem text
.type poem text a
.type poem text s
.copyfile poem text a poem copy a
.copyfile poem text a poem copy a
.copyfile poem text a poem copy a (replace
.copyfile poem text a = backup =
.copyfile nosuch text a x y a
.copyfile poem text a poem text s
.copyfile poem text a x y q
.copyfile poem text
.rename poem copy a poem old a
.rename poem old a poem backup a
.rename poem old a poem old b
.listfile poem * a
.erase poem old
.erase poem old
.erase poem backup a
.listfile
.access 192 b
.format 192 b
.yes
.tmp192
.copyfile poem text a = = b
.listfile * * *
.release b
.listfile * * b
.access 192 c
.type poem text c
.q disk
.erase * * c
.listfile * * c
.type
.rename a b
.erase bad!name text a
.format 190 b
.format 190 s
.listfile * helpcms s
