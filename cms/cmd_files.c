/* cmd_files.c: the file commands: LISTFILE, TYPE, COPYFILE, RENAME, ERASE.
 *
 * Messages follow CMS's DMSxxxnnnt form. Every failure leaves the disks
 * as they were: a copy that runs out of room is abandoned (fs_abort), and
 * a replaced file stays intact until its successor is complete.
 */
#include "cms.h"

static struct fs_file src_file, dst_file;
static u8 record[FS_MAX_LRECL] __attribute__((aligned(8)));

/* "FN FT FM" for messages */
static const char *id_str(const u8 fn[8], const u8 ft[8], char fm)
{
    static char buf[24];
    char a[9], b[9];
    field_to_str(a, fn);
    field_to_str(b, ft);
    snprintf(buf, sizeof buf, "%s %s %c", a, b, fm ? fm : '*');
    return buf;
}

/* One message for a file-system error, in the command's own prefix; the
 * file is on disk `d`, or was looked for at mode `fm` (0: every disk). */
static int report_at(const char *who, int err, const u8 fn[8], const u8 ft[8], char fm, struct cms_disk *d)
{
    if (d)
        fm = d->mode;
    switch (err) {
    case FS_ENOTFOUND:
        printf("%s002E FILE '%s' NOT FOUND\n", who, id_str(fn, ft, fm));
        break;
    case FS_EFULL:
    case FS_EDIRFULL:
        printf("%s013E DISK '%c(%03X)' IS FULL\n", who, fm, d ? d->dev : 0);
        break;
    case FS_ERDONLY:
        printf("%s037E DISK '%c(%03X)' IS READ-ONLY\n", who, fm, d ? d->dev : 0);
        break;
    case FS_EEXIST:
        printf("%s024E FILE '%s' ALREADY EXISTS\n", who, id_str(fn, ft, fm));
        break;
    default:
        printf("%s104S ERROR ON '%s': %s\n", who, id_str(fn, ft, fm), fs_strerror(err));
        break;
    }
    return fs_to_rc(err);
}

static int report(const char *who, int err, const u8 fn[8], const u8 ft[8], struct cms_disk *d)
{
    return report_at(who, err, fn, ft, 0, d);
}

/* A name pattern: a valid name, "*", or a valid name's beginning and "*". */
static bool pattern_from_word(u8 out[8], const char *word)
{
    if (!field_from_word(out, word))
        return false;
    u8 name[8];
    memcpy(name, out, 8);
    for (int i = 7; i >= 0; i--)
        if (name[i] != EBCDIC_BLANK) {
            if (name[i] == FS_STAR)
                name[i] = EBCDIC_BLANK;
            break;
        }
    return name[0] == EBCDIC_BLANK || fs_valid_name(name);
}

static int bad_id(const char *who, const char *usage)
{
    printf("%s054E INVALID FILE ID: %s\n", who, usage);
    return CMS_RC_INVALID;
}

/* Options after "(": true if `opt` is among them (abbreviation `min`). */
static bool has_option(int argc, char **argv, const char *opt, int min, int *words)
{
    bool found = false;
    *words = argc;
    for (int i = 0; i < argc; i++)
        if (str_eq(argv[i], "(")) {
            *words = i;
            for (int j = i + 1; j < argc; j++)
                if (str_abbrev(argv[j], opt, min))
                    found = true;
            break;
        }
    return found;
}

/* ---- LISTFILE [fn [ft [fm]]] [(FORMAT] ------------------------------------------------- */

int cmd_listfile(int argc, char **argv)
{
    int words;
    bool format = has_option(argc, argv, "FORMAT", 3, &words);
    u8 fn[8], ft[8];
    const char *fm = words > 3 ? argv[3] : "A";
    if (words > 4 || !pattern_from_word(fn, words > 1 ? argv[1] : "*") ||
        !pattern_from_word(ft, words > 2 ? argv[2] : "*") || strlen(fm) > 2)
        return bad_id("DMSLST", "LISTFILE [FN [FT [FM]]] [(FORMAT]");
    if (fm[0] != '*' && !disk_by_mode(fm[0])) {
        printf("DMSLST048E DISK '%c' NOT ACCESSED\n", fm[0]);
        return CMS_RC_NODISK;
    }
    int found = 0;
    for (struct cms_disk *d = disk_next(NULL); d; d = disk_next(d)) {
        if (fm[0] != '*' && fm[0] != d->mode)
            continue;
        for (int slot = fs_next(&d->fs, -1, fn, ft); slot >= 0; slot = fs_next(&d->fs, slot, fn, ft)) {
            const struct fs_dirent *e = &d->fs.dir[slot];
            char a[9], b[9];
            field_to_str(a, e->fn);
            field_to_str(b, e->ft);
            if (format)
                printf("%-8s %-8s %c1 %c %5u %7u %5u\n", a, b, d->mode, e->recfm == FS_RECFM_F ? 'F' : 'V',
                       e->lrecl, e->nrecs, fs_file_blocks(e));
            else
                printf("%-8s %-8s %c1\n", a, b, d->mode);
            found++;
        }
    }
    if (!found) {
        printf("DMSLST002E FILE NOT FOUND\n");
        return CMS_RC_NOTFOUND;
    }
    return 0;
}

/* ---- TYPE fn ft [fm] ------------------------------------------------------------------------ */

int cmd_type(int argc, char **argv)
{
    struct fileid id;
    int slot;
    if (argc < 3 || argc > 4 || !fileid_parse(&id, argv[1], argv[2], argc > 3 ? argv[3] : NULL))
        return bad_id("DMSTYP", "TYPE FN FT [FM]");
    struct cms_disk *d = fileid_locate(&id, &slot);
    if (!d)
        return report_at("DMSTYP", FS_ENOTFOUND, id.fn, id.ft, id.fm, NULL);
    int err = fs_open(&d->fs, &src_file, id.fn, id.ft);
    if (err < 0)
        return report("DMSTYP", err, id.fn, id.ft, d);
    int n;
    while ((n = fs_read(&src_file, record, sizeof record)) >= 0)
        term_write((const char *)record, (u32)n);
    fs_close(&src_file);
    return n == FS_EOF ? 0 : report("DMSTYP", n, id.fn, id.ft, d);
}

/* ---- COPYFILE fn ft fm nfn nft nfm [(REPLACE] ------------------------------------------------- */

/* A target field: "=" keeps the source's. */
static const char *same_as(const char *word, const char *source) { return str_eq(word, "=") ? source : word; }

int cmd_copyfile(int argc, char **argv)
{
    int words;
    bool replace = has_option(argc, argv, "REPLACE", 3, &words);
    struct fileid from, to;
    int slot;
    if (words != 7 || !fileid_parse(&from, argv[1], argv[2], argv[3]) ||
        !fileid_parse(&to, same_as(argv[4], argv[1]), same_as(argv[5], argv[2]), same_as(argv[6], argv[3])))
        return bad_id("DMSCPY", "COPYFILE FN FT FM FN FT FM [(REPLACE]");
    struct cms_disk *sd = fileid_locate(&from, &slot);
    if (!sd)
        return report_at("DMSCPY", FS_ENOTFOUND, from.fn, from.ft, from.fm, NULL);
    struct cms_disk *dd = disk_by_mode(to.fm);
    if (!dd) {
        printf("DMSCPY048E DISK '%c' NOT ACCESSED\n", to.fm);
        return CMS_RC_NODISK;
    }
    if (!replace && fs_lookup(&dd->fs, to.fn, to.ft) >= 0)
        return report("DMSCPY", FS_EEXIST, to.fn, to.ft, dd);
    int err = fs_open(&sd->fs, &src_file, from.fn, from.ft);
    if (err < 0)
        return report("DMSCPY", err, from.fn, from.ft, sd);
    const struct fs_dirent *e = &src_file.ent;
    err = fs_create(&dd->fs, &dst_file, to.fn, to.ft, e->recfm, e->lrecl, cms_now());
    if (err < 0) {
        fs_close(&src_file);
        return report("DMSCPY", err, to.fn, to.ft, dd);
    }
    int n;
    while ((n = fs_read(&src_file, record, sizeof record)) >= 0)
        if ((err = fs_write(&dst_file, record, (u32)n)) < 0)
            break;
    fs_close(&src_file);
    if (n != FS_EOF && err >= 0) {   /* the source could not be read */
        fs_abort(&dst_file);
        return report("DMSCPY", n, from.fn, from.ft, sd);
    }
    if (err >= 0)
        err = fs_close(&dst_file);
    if (err < 0) {
        fs_abort(&dst_file);
        return report("DMSCPY", err, to.fn, to.ft, dd);
    }
    return 0;
}

/* ---- RENAME fn ft fm nfn nft nfm --------------------------------------------------------------- */

int cmd_rename(int argc, char **argv)
{
    struct fileid from, to;
    if (argc != 7 || !fileid_parse(&from, argv[1], argv[2], argv[3]) ||
        !fileid_parse(&to, same_as(argv[4], argv[1]), same_as(argv[5], argv[2]), same_as(argv[6], argv[3])))
        return bad_id("DMSRNM", "RENAME FN FT FM FN FT FM");
    if (to.fm != from.fm) {
        printf("DMSRNM030E A FILE CANNOT BE RENAMED ONTO ANOTHER DISK\n");
        return CMS_RC_INVALID;
    }
    struct cms_disk *d = disk_by_mode(from.fm);
    if (!d) {
        printf("DMSRNM048E DISK '%c' NOT ACCESSED\n", from.fm);
        return CMS_RC_NODISK;
    }
    int err = fs_rename(&d->fs, from.fn, from.ft, to.fn, to.ft);
    if (err == FS_EEXIST)
        return report("DMSRNM", err, to.fn, to.ft, d);
    return err < 0 ? report("DMSRNM", err, from.fn, from.ft, d) : 0;
}

/* ---- ERASE fn ft [fm]: patterns allowed --------------------------------------------------------- */

int cmd_erase(int argc, char **argv)
{
    u8 fn[8], ft[8];
    const char *fm = argc > 3 ? argv[3] : "A";
    if (argc < 3 || argc > 4 || !pattern_from_word(fn, argv[1]) || !pattern_from_word(ft, argv[2]) ||
        strlen(fm) > 2)
        return bad_id("DMSERS", "ERASE FN FT [FM]");
    int erased = 0;
    for (struct cms_disk *d = disk_next(NULL); d; d = disk_next(d)) {
        if (fm[0] != '*' && fm[0] != d->mode)
            continue;
        int slot;
        while ((slot = fs_next(&d->fs, -1, fn, ft)) >= 0) {
            u8 efn[8], eft[8];
            memcpy(efn, d->fs.dir[slot].fn, 8);
            memcpy(eft, d->fs.dir[slot].ft, 8);
            int err = fs_erase(&d->fs, efn, eft);
            if (err < 0)
                return report("DMSERS", err, efn, eft, d);
            erased++;
        }
    }
    if (!erased) {
        printf("DMSERS002E FILE '%s %s %s' NOT FOUND\n", argv[1], argv[2], fm);
        return CMS_RC_NOTFOUND;
    }
    return 0;
}
