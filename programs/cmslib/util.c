/* util.c: small helpers for CMS programs. */
#include "cmslib.h"

int atoi(const char *s)
{
    int v = 0, neg = 0;
    if (*s == '-')
        neg = 1, s++;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    return neg ? -v : v;
}

char *cms_fileid(char *buf, u32 size, char **words, int n)
{
    snprintf(buf, size, "%s %s %s", words[0], words[1], n > 2 ? words[2] : "");
    return buf;
}

const char *cms_rc_text(int rc)
{
    if (rc < 0)
        rc = -rc;
    switch (rc) {
    case CMS_RC_EOF: return "END OF FILE";
    case CMS_RC_DISKFULL: return "DISK FULL";
    case CMS_RC_INVALID: return "INVALID ARGUMENT";
    case CMS_RC_EXISTS: return "FILE EXISTS";
    case CMS_RC_NOTFOUND: return "FILE NOT FOUND";
    case CMS_RC_NODISK: return "DISK NOT ACCESSED";
    case CMS_RC_RDONLY: return "DISK READ-ONLY";
    case CMS_RC_BUSY: return "FILE IN USE";
    case CMS_RC_TOOMANY: return "TOO MANY OPEN FILES";
    case CMS_RC_IOERR: return "I/O ERROR";
    case CMS_RC_CORRUPT: return "FILE DAMAGED";
    default: return "ERROR";
    }
}
