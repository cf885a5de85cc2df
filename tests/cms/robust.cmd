# A wild or crashing program leaves CMS and every file intact; a full
# disk and a damaged directory entry are reported and lose nothing else.
# robust.setup prepared 191 (files, one with a damaged directory entry)
# and 192 (a small disk, nearly full) from the host.
expect output "DIRECTORY ENTRY"
.listfile * * a (format
.type keep text
.wild
.wild file keep text
.type keep text
.wild 00000200
.wild 7ffff000
.listfile * * a (format
.type keep text
.access 192 b
.q disk b
.copyfile big text a = = b
.listfile * * b (format
.type small text b
.sort big text a sorted text b
.listfile * * b (format
.fcopy keep text a keep copy b
.type keep copy b
.hello
