/* fcopy: FCOPY FN FT FM FN FT FM copies a file record by record through
 * the program interface (COPYFILE is the command that does it inside
 * CMS). The copy is V format; an existing target is replaced. */
#include "cmslib.h"

static char rec[65536];

int main(int argc, char **argv)
{
    char in_id[40], out_id[40];
    if (argc != 7) {
        printf("FCOPY: USAGE: FCOPY FN FT FM FN FT FM\n");
        return 24;
    }
    cms_fileid(in_id, sizeof in_id, argv + 1, 3);
    cms_fileid(out_id, sizeof out_id, argv + 4, 3);
    int in = cms_open(in_id, CMS_OPEN_READ, 0, 0);
    if (in < 0) {
        printf("FCOPY: %s: %s\n", in_id, cms_rc_text(in));
        return -in;
    }
    int out = cms_open(out_id, CMS_OPEN_WRITE, CMS_RECFM_V, 0);
    if (out < 0) {
        printf("FCOPY: %s: %s\n", out_id, cms_rc_text(out));
        return -out;
    }
    u32 records = 0;
    int n, rc = 0;
    while ((n = cms_read(in, rec, sizeof rec)) >= 0 && (rc = cms_write(out, rec, n ? (u32)n : 1)) == 0)
        records++;
    if (rc == 0 && n != -CMS_RC_EOF)
        rc = n;
    if (rc == 0)
        rc = cms_close(out);
    if (rc < 0) {
        printf("FCOPY: %s: %s\n", rc == n ? in_id : out_id, cms_rc_text(rc));
        return -rc;
    }
    printf("FCOPY: %u RECORDS COPIED\n", records);
    return 0;
}
