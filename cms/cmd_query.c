/* cmd_query.c: QUERY DISK, QUERY STORAGE, QUERY DIAG. */
#include "cms.h"

static void disk_line(const struct cms_disk *d)
{
    char label[7];
    memcpy(label, d->fs.label.label, 6);
    label[6] = 0;
    for (int i = 5; i >= 0 && label[i] == EBCDIC_BLANK; i--)
        label[i] = 0;
    u32 total = fs_data_blocks(&d->fs), left = fs_free_blocks(&d->fs), used = total - left;
    printf("%-6s %03X  %c  %s  %5u  %8u-%02u  %9u  %9u\n", label, d->dev, d->mode, d->readonly ? "R/O" : "R/W",
           fs_files(&d->fs), used, total ? used * 100 / total : 0, left, total);
}

static int query_disk(const char *which)
{
    bool any = false;
    printf("LABEL  VDEV M  STAT  FILES  BLKS USED-(%%)  BLKS LEFT  BLK TOTAL\n");
    for (struct cms_disk *d = disk_next(NULL); d; d = disk_next(d))
        if (which[0] == '*' || which[0] == d->mode) {
            disk_line(d);
            any = true;
        }
    if (!any) {
        printf("DMSQRY048E DISK '%s' NOT ACCESSED\n", which);
        return CMS_RC_NODISK;
    }
    return 0;
}

int cmd_query(int argc, char **argv)
{
    if (argc >= 2 && argc <= 3 && str_abbrev(argv[1], "DISK", 4))
        return query_disk(argc == 3 ? argv[2] : "*");
    if (argc == 2 && str_abbrev(argv[1], "STORAGE", 3)) {
        u32 s = cms_storage_size;
        if (s % (1u << 20) == 0)
            printf("STORAGE = %uM\n", s >> 20);
        else
            printf("STORAGE = %uK\n", s >> 10);
        return 0;
    }
    if (argc == 2 && str_eq(argv[1], "DIAG")) {
        printf("DIAG %s (%s)\n", cms_use_diag ? "ON" : "OFF",
               cp_present() ? "UNDER CP: DISK I/O BY DIAG X'18'" : "BARE MACHINE: NOT USED");
        return 0;
    }
    printf("DMSQRY026E INVALID PARAMETER: QUERY DISK [MODE|*] | STORAGE | DIAG\n");
    return 24;
}
