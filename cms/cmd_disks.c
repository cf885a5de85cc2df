/* cmd_disks.c: the disk commands: FORMAT, ACCESS, RELEASE. */
#include "cms.h"

/* "191" and "A": the device and mode words of FORMAT and ACCESS. */
static bool dev_and_mode(int argc, char **argv, u32 *dev, char *mode)
{
    if (argc != 3 || str_to_hex(argv[1], dev) < 0 || *dev > 0xFFF || strlen(argv[2]) != 1)
        return false;
    struct fileid probe;   /* a valid mode letter is what fileid_parse accepts */
    if (!fileid_parse(&probe, "X", "X", argv[2]))
        return false;
    *mode = probe.fm;
    return true;
}

/* Ask a YES/NO question at the console. */
static bool confirm(void)
{
    char reply[TERM_LINE + 1];
    term_read(reply, sizeof reply);
    str_upper(reply);
    return str_eq(reply, "YES") || str_eq(reply, "Y");
}

/* ---- FORMAT vaddr mode ------------------------------------------------------------- */

int cmd_format(int argc, char **argv)
{
    u32 dev;
    char mode;
    if (!dev_and_mode(argc, argv, &dev, &mode)) {
        printf("DMSFOR070E INVALID PARAMETER: FORMAT VADDR MODE\n");
        return 24;
    }
    if (mode == 'S') {
        printf("DMSFOR069E THE S-DISK IS THE SYSTEM DISK: IT IS NOT FORMATTED FROM CMS\n");
        return CMS_RC_RDONLY;
    }
    struct cms_disk *now = disk_by_dev((u16)dev);
    if (now && now->readonly) {   /* the S-disk, or one whose device refused a write */
        printf("DMSFOR037E DISK '%c(%03X)' IS READ-ONLY\n", now->mode, dev);
        return CMS_RC_RDONLY;
    }
    printf("DMSFOR603R FORMAT WILL ERASE ALL FILES ON DISK '%c(%03X)'. DO YOU WISH TO CONTINUE?\n", mode, dev);
    printf("DMSFOR603R ENTER 'YES' OR 'NO':\n");
    if (!confirm()) {
        printf("DMSFOR604I FORMAT CANCELLED: NOTHING WAS CHANGED\n");
        return 0;
    }
    printf("DMSFOR605R ENTER DISK LABEL:\n");
    char word[TERM_LINE + 1];
    term_read(word, sizeof word);
    str_upper(word);
    u8 label[6];
    u32 n = strlen(word);
    if (n == 0 || n > 6) {
        printf("DMSFOR606E A LABEL IS 1 TO 6 CHARACTERS: NOTHING WAS CHANGED\n");
        return 24;
    }
    memset(label, EBCDIC_BLANK, 6);
    memcpy(label, word, n);
    printf("DMSFOR733I FORMATTING DISK '%c'\n", mode);
    int rc = disk_format((u16)dev, mode, label);
    if (rc)
        return rc;
    struct cms_disk *d = disk_by_mode(mode);
    printf("DMSFOR732I %u BLOCKS FOR FILES ON '%c(%03X)', LABEL %s\n", fs_data_blocks(&d->fs), mode, dev, word);
    return 0;
}

/* ---- ACCESS vaddr mode, RELEASE mode -------------------------------------------------- */

int cmd_access(int argc, char **argv)
{
    u32 dev;
    char mode;
    if (!dev_and_mode(argc, argv, &dev, &mode)) {
        printf("DMSACC017E INVALID PARAMETER: ACCESS VADDR MODE\n");
        return 24;
    }
    return disk_access((u16)dev, mode, false);
}

int cmd_release(int argc, char **argv)
{
    if (argc != 2 || strlen(argv[1]) != 1) {
        printf("DMSARE017E INVALID PARAMETER: RELEASE MODE\n");
        return 24;
    }
    if (disk_release(argv[1][0]) != 0) {
        printf("DMSARE048E DISK '%c' NOT ACCESSED\n", argv[1][0]);
        return CMS_RC_NODISK;
    }
    return 0;
}
