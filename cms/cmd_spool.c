/* cmd_spool.c: the unit-record commands: PRINT, PUNCH, READCARD.
 *
 * PUNCH begins the deck with a header card, ":READ FN FT FM", as CMS
 * does, unless NOHEADER; READCARD uses that header to name the file when
 * told `READCARD *`, and otherwise skips it. Cards become V records
 * without their trailing blanks.
 */
#include "cms.h"

static struct fs_file spool_file;
static u8 spool_rec[FS_MAX_LRECL] __attribute__((aligned(8)));

/* ":READ" in EBCDIC, spelled by the compiler */
static const char header_tag[] = ":READ ";

static int open_source(const char *who, int argc, char **argv, struct cms_disk **dp, struct fileid *id)
{
    int slot;
    if (argc < 3 || argc > 4 || !fileid_parse(id, argv[1], argv[2], argc > 3 ? argv[3] : NULL)) {
        printf("%s054E INVALID FILE ID: %s FN FT [FM]\n", who, argv[0]);
        return CMS_RC_INVALID;
    }
    struct cms_disk *d = fileid_locate(id, &slot);
    if (!d) {
        char fn[9], ft[9];
        field_to_str(fn, id->fn);
        field_to_str(ft, id->ft);
        printf("%s002E FILE '%s %s' NOT FOUND\n", who, fn, ft);
        return CMS_RC_NOTFOUND;
    }
    int err = fs_open(&d->fs, &spool_file, id->fn, id->ft);
    if (err < 0) {
        printf("%s104S %s\n", who, fs_strerror(err));
        return fs_to_rc(err);
    }
    *dp = d;
    return 0;
}

/* Words before "(", and whether an option is among those after it. */
static int split_options(int argc, char **argv, const char *opt, int min, bool *has)
{
    *has = false;
    for (int i = 0; i < argc; i++)
        if (str_eq(argv[i], "(")) {
            for (int j = i + 1; j < argc; j++)
                if (str_abbrev(argv[j], opt, min))
                    *has = true;
            return i;
        }
    return argc;
}

/* Under CP the printer and punch are spool devices: CLOSE sends the file
 * on (to the real printer, or a reader), as CMS does on VM/370. */
static void close_spool(const char *cmd)
{
    if (cp_present())
        cp_command(cmd, strlen(cmd));
}

/* ---- PRINT fn ft [fm] [(CC] ------------------------------------------------------------ */

/* ASA carriage control says how to space before printing: 1 new page,
 * 0 two lines, - three, + none (overprint), anything else one. The 1403
 * spaces with immediate control commands; the line is then written
 * without spacing after it. */
static u8 asa_space(u8 cc)
{
    switch (cc) {
    case (u8)'1': return PRINTER_EJECT;
    case (u8)'0': return 0x13;
    case (u8)'-': return 0x1B;
    case (u8)'+': return 0;
    default: return 0x0B;
    }
}

int cmd_print(int argc, char **argv)
{
    bool cc;
    int words = split_options(argc, argv, "CC", 2, &cc);
    struct cms_disk *d;
    struct fileid id;
    int rc = open_source("DMSPRT", words, argv, &d, &id);
    if (rc)
        return rc;
    int n;
    while ((n = fs_read(&spool_file, spool_rec, sizeof spool_rec)) >= 0) {
        if (!cc) {
            if ((rc = print_line(spool_rec, (u32)n, 0x09)) != 0)   /* write, space 1 after */
                break;
            continue;
        }
        u8 space = n > 0 ? asa_space(spool_rec[0]) : 0x0B;
        if ((space && (rc = printer_control(space)) != 0) ||
            (rc = print_line(spool_rec + (n > 0), n > 0 ? (u32)n - 1 : 0, 0x01)) != 0)
            break;
    }
    fs_close(&spool_file);
    if (!rc && cc)
        rc = printer_control(0x0B);   /* end the last line */
    if (rc) {
        printf("DMSPRT105S THE PRINTER (00E) FAILED\n");
        return rc;
    }
    if (n != FS_EOF) {
        printf("DMSPRT104S %s\n", fs_strerror(n));
        return fs_to_rc(n);
    }
    rc = printer_control(PRINTER_EJECT);   /* each file ends its page */
    close_spool("CLOSE 00E");
    return rc;
}

/* ---- PUNCH fn ft [fm] [(NOHEADER] --------------------------------------------------------- */

int cmd_punch(int argc, char **argv)
{
    bool noheader;
    int words = split_options(argc, argv, "NOHEADER", 3, &noheader);
    struct cms_disk *d;
    struct fileid id;
    int rc = open_source("DMSPUN", words, argv, &d, &id);
    if (rc)
        return rc;
    u8 card[80];
    if (!noheader) {
        char fn[9], ft[9];
        field_to_str(fn, id.fn);
        field_to_str(ft, id.ft);
        memset(card, EBCDIC_BLANK, sizeof card);
        char text[32];
        int len = snprintf(text, sizeof text, "%s%s %s %c", header_tag, fn, ft, d->mode);
        memcpy(card, text, (u32)len);
        rc = punch_card(card);
    }
    int n = 0;
    while (!rc && (n = fs_read(&spool_file, spool_rec, sizeof spool_rec)) >= 0) {
        memset(card, EBCDIC_BLANK, sizeof card);
        memcpy(card, spool_rec, n > 80 ? 80 : (u32)n);
        rc = punch_card(card);
    }
    fs_close(&spool_file);
    if (rc) {
        printf("DMSPUN105S THE PUNCH (00D) FAILED\n");
        return rc;
    }
    if (n != FS_EOF) {
        printf("DMSPUN104S %s\n", fs_strerror(n));
        return fs_to_rc(n);
    }
    close_spool("CLOSE 00D");
    return 0;
}

/* ---- READCARD fn ft [fm] | READCARD * -------------------------------------------------------- */

/* The header card's words into `id`; false if it is not one. */
static bool parse_header(const u8 card[80], struct fileid *id)
{
    char text[81], *w[4];
    memcpy(text, card, 80);
    text[80] = 0;
    if (memcmp(text, header_tag, 6) != 0)
        return false;
    return str_split(text + 6, w, 4) == 3 && fileid_parse(id, w[0], w[1], w[2]);
}

static int card_length(const u8 card[80])
{
    int n = 80;
    while (n > 0 && card[n - 1] == EBCDIC_BLANK)
        n--;
    return n;
}

int cmd_readcard(int argc, char **argv)
{
    struct fileid id;
    bool from_header = argc == 2 && str_eq(argv[1], "*");
    if (!from_header && (argc < 3 || argc > 4 || !fileid_parse(&id, argv[1], argv[2], argc > 3 ? argv[3] : "A"))) {
        printf("DMSRDC054E INVALID FILE ID: READCARD FN FT [FM] | READCARD *\n");
        return CMS_RC_INVALID;
    }
    u8 card[80];
    int rc = reader_read_card(card);
    if (rc == CMS_RC_EOF) {
        printf("DMSRDC738E NO CARDS IN THE READER\n");
        return rc;
    }
    if (rc) {
        printf("DMSRDC105S THE READER (00C) IS NOT READY\n");
        return rc;
    }
    struct fileid header;
    bool have_header = parse_header(card, &header);
    if (from_header) {
        if (!have_header) {
            printf("DMSRDC701E NO :READ HEADER CARD TO NAME THE FILE: READCARD FN FT [FM]\n");
            return CMS_RC_INVALID;
        }
        id = header;
    }
    if (!id.fm)
        id.fm = 'A';
    struct cms_disk *d = disk_by_mode(id.fm);
    if (!d) {
        printf("DMSRDC048E DISK '%c' NOT ACCESSED\n", id.fm);
        return CMS_RC_NODISK;
    }
    int err = fs_create(&d->fs, &spool_file, id.fn, id.ft, FS_RECFM_V, 0, cms_now());
    if (err < 0) {
        printf("DMSRDC104S %s: NOTHING WAS WRITTEN\n", fs_strerror(err));
        return fs_to_rc(err);
    }
    u32 cards = 0;
    if (!have_header) {   /* the first card is data */
        err = fs_write(&spool_file, card, (u32)(card_length(card) ? card_length(card) : 1));
        cards++;
    }
    while (err == 0 && (rc = reader_read_card(card)) == 0) {
        err = fs_write(&spool_file, card, (u32)(card_length(card) ? card_length(card) : 1));
        cards++;
    }
    if (err == 0 && rc != 0 && rc != CMS_RC_EOF) {
        fs_abort(&spool_file);
        printf("DMSRDC105S THE READER (00C) FAILED AFTER %u CARDS: NOTHING WAS WRITTEN\n", cards);
        return rc;
    }
    if (err == 0)
        err = fs_close(&spool_file);
    if (err < 0) {
        fs_abort(&spool_file);
        printf("DMSRDC104S %s: NOTHING WAS WRITTEN\n", fs_strerror(err));
        return fs_to_rc(err);
    }
    char fn[9], ft[9];
    field_to_str(fn, id.fn);
    field_to_str(ft, id.ft);
    printf("DMSRDC738I %u CARDS READ INTO %s %s %c\n", cards, fn, ft, id.fm);
    return 0;
}
