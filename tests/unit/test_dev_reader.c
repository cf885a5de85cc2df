/* test_dev_reader.c: the 2540 card reader (machine/io/dev_reader.c) driven
 * by real channel programs through SIO: text and binary decks, end of
 * file, the empty hopper, short and long CCWs, data and command chaining,
 * sense, sense ID, command reject, channel program checks, host read
 * errors, and loading a new deck (device end when that makes the reader
 * ready). */
#include <sys/stat.h>

#include "test_dev.h"

#define RDR 0x00C

struct rig {
    struct machine *m;
    struct device *d;
    char path[64];
};

/* A machine with a reader at 00C holding `deck` (NULL: an empty hopper). */
static struct rig rig_new(const char *deck, size_t n, bool binary)
{
    struct rig r = {.m = t_new()};
    char err[256];
    if (deck)
        temp_file(r.path, deck, n);
    r.d = reader_new(RDR, deck ? r.path : NULL, binary, err, sizeof err);
    cr_assert_not_null(r.d, "%s", err);
    chan_attach(r.m, r.d);
    return r;
}

static struct rig text_rig(const char *deck) { return rig_new(deck, strlen(deck), false); }

static void rig_free(struct rig *r)
{
    t_free(r->m);
    if (r->path[0])
        unlink(r->path);
}

/* Read one card into `addr` with a single CCW. */
static void read_card(struct rig *r, u32 addr, u8 flags, u16 count)
{
    memset(r->m->mem + addr, 0xEE, 100);
    put_ccw(r->m, CCWS, 0x02, flags, count, addr);
    run_program(r->m, RDR);
}

static bool blanks(struct machine *m, u32 addr, u32 n)
{
    for (u32 i = 0; i < n; i++)
        if (m->mem[addr + i] != 0x40)
            return false;
    return true;
}

Test(reader, text_cards_are_ebcdic_and_blank_padded_to_80)
{
    struct rig r = text_rig("HELLO, WORLD\nsecond card\n");
    read_card(&r, BUF, 0, 80);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), 0, "exactly 80 bytes: no incorrect length");
    cr_assert_eq(csw_res(r.m), 0);
    cr_assert_eq(csw_ccw(r.m), CCWS + 8);
    cr_assert(has_ebcdic(r.m, BUF, "HELLO, WORLD"));
    cr_assert(blanks(r.m, BUF + 12, 68), "EBCDIC blanks to column 80");
    cr_assert_eq(r.m->mem[BUF + 80], 0xEE, "nothing past the card");
    read_card(&r, BUF, 0, 80);
    cr_assert(has_ebcdic(r.m, BUF, "second card"));
    cr_assert_eq(csw_us(r.m), CE_DE);
    rig_free(&r);
}

Test(reader, long_lines_are_cut_crlf_and_a_last_line_without_newline_count)
{
    char deck[256];
    memset(deck, 'X', 90);
    strcpy(deck + 90, "\nDOS LINE\r\nLAST");
    struct rig r = text_rig(deck);
    read_card(&r, BUF, 0, 80);
    for (int i = 0; i < 80; i++)
        cr_assert_eq(r.m->mem[BUF + i], ascii_to_ebcdic['X']);
    read_card(&r, BUF, 0, 80);
    cr_assert(has_ebcdic(r.m, BUF, "DOS LINE"));
    cr_assert(blanks(r.m, BUF + 8, 72), "the CR is not a column");
    read_card(&r, BUF, 0, 80);
    cr_assert(has_ebcdic(r.m, BUF, "LAST"));
    cr_assert_eq(csw_us(r.m), CE_DE);
    read_card(&r, BUF, 0, 80);
    cr_assert_eq(csw_us(r.m), CE_DE | US_UX);
    rig_free(&r);
}

Test(reader, end_of_deck_is_unit_exception_then_the_hopper_is_empty)
{
    struct rig r = text_rig("ONLY\n");
    read_card(&r, BUF, 0, 80);
    cr_assert_eq(csw_us(r.m), CE_DE);
    read_card(&r, BUF, 0, 80);
    cr_assert_eq(csw_us(r.m), CE_DE | US_UX, "end of file: unit status %02X", csw_us(r.m));
    cr_assert_eq(csw_cs(r.m), 0, "no incorrect length with unit exception");
    cr_assert_eq(csw_res(r.m), 80, "nothing moved");
    cr_assert_eq(r.m->mem[BUF], 0xEE);
    read_card(&r, BUF, 0, 80);
    cr_assert_eq(csw_us(r.m), CE_DE | US_UC, "the deck is gone: intervention required");
    cr_assert_eq(sense(r.m, RDR, 1)[0], SENSE_INTREQ);
    char what[256];
    reader_describe(r.d, what, sizeof what);
    cr_assert(strstr(what, "hopper empty"), "%s", what);
    rig_free(&r);
}

Test(reader, empty_hopper_is_intervention_required_until_a_deck_is_loaded)
{
    struct rig r = rig_new(NULL, 0, false);
    read_card(&r, BUF, 0, 80);
    cr_assert_eq(csw_us(r.m), CE_DE | US_UC);
    cr_assert_eq(csw_cs(r.m), 0);
    cr_assert_eq(r.m->mem[BUF], 0xEE, "nothing stored");
    cr_assert_eq(sense(r.m, RDR, 1)[0], SENSE_INTREQ);
    char err[256];
    temp_file(r.path, "LOADED\n", 7);
    cr_assert_eq(reader_load(r.m, r.d, r.path, false, err, sizeof err), 0, "%s", err);
    io_wait(r.m);   /* not ready to ready: the reader says so */
    cr_assert_eq(be16(r.m->mem + 0xBA), RDR);
    cr_assert_eq(csw_us(r.m), US_DE, "unsolicited device end, alone");
    cr_assert_eq(csw_cs(r.m), 0);
    read_card(&r, BUF, 0, 80);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert(has_ebcdic(r.m, BUF, "LOADED"));
    char what[256];
    reader_describe(r.d, what, sizeof what);
    cr_assert(strstr(what, r.path) && strstr(what, "1 card read"), "%s", what);
    rig_free(&r);
}

Test(reader, binary_deck_is_raw_records_and_a_short_last_one_is_zero_padded)
{
    u8 deck[200];
    for (int i = 0; i < 200; i++)
        deck[i] = (u8)(i + 1);
    struct rig r = rig_new((const char *)deck, sizeof deck, true);
    read_card(&r, BUF, 0, 80);
    cr_assert_eq(memcmp(r.m->mem + BUF, deck, 80), 0, "no translation");
    read_card(&r, BUF, 0, 80);
    cr_assert_eq(memcmp(r.m->mem + BUF, deck + 80, 80), 0);
    read_card(&r, BUF, 0, 80);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(memcmp(r.m->mem + BUF, deck + 160, 40), 0);
    for (int i = 40; i < 80; i++)
        cr_assert_eq(r.m->mem[BUF + i], 0, "column %d", i + 1);
    read_card(&r, BUF, 0, 80);
    cr_assert_eq(csw_us(r.m), CE_DE | US_UX);
    rig_free(&r);
}

Test(reader, short_ccw_is_incorrect_length_unless_SLI)
{
    struct rig r = text_rig("ABCDEFGHIJ\nKLMNOPQRST\nUVWXYZ\nLONG\n");
    read_card(&r, BUF, 0, 4);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), CS_IL, "channel status %02X", csw_cs(r.m));
    cr_assert_eq(csw_res(r.m), 0);
    cr_assert(has_ebcdic(r.m, BUF, "ABCD"));
    cr_assert_eq(r.m->mem[BUF + 4], 0xEE, "only what the CCW allows");
    read_card(&r, BUF, CCW_SLI, 4);
    cr_assert_eq(csw_cs(r.m), 0, "SLI");
    cr_assert(has_ebcdic(r.m, BUF, "KLMN"), "the rest of a short-read card is gone");
    read_card(&r, BUF, 0, 100);
    cr_assert_eq(csw_cs(r.m), CS_IL, "a long CCW too");
    cr_assert_eq(csw_res(r.m), 20);
    cr_assert(has_ebcdic(r.m, BUF, "UVWXYZ"));
    read_card(&r, BUF, CCW_SLI, 100);
    cr_assert_eq(csw_cs(r.m), 0);
    cr_assert_eq(csw_res(r.m), 20);
    rig_free(&r);
}

Test(reader, data_chaining_splits_a_card_and_command_chaining_reads_several)
{
    struct rig r = text_rig("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ\nCARD2\nCARD3\n");
    struct machine *m = r.m;
    put_ccw(m, CCWS, 0x02, CCW_CD, 10, BUF);
    put_ccw(m, CCWS + 8, 0x00, CCW_CC, 70, BUF + 0x100);
    put_ccw(m, CCWS + 16, 0x02, CCW_CC, 80, BUF + 0x200);
    put_ccw(m, CCWS + 24, 0x02, 0, 80, BUF + 0x300);
    run_program(m, RDR);
    cr_assert_eq(csw_us(m), CE_DE);
    cr_assert_eq(csw_cs(m), 0, "channel status %02X", csw_cs(m));
    cr_assert_eq(csw_ccw(m), CCWS + 32);
    cr_assert(has_ebcdic(m, BUF, "0123456789"));
    cr_assert(has_ebcdic(m, BUF + 0x100, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
    cr_assert(blanks(m, BUF + 0x100 + 26, 44));
    cr_assert(has_ebcdic(m, BUF + 0x200, "CARD2"));
    cr_assert(has_ebcdic(m, BUF + 0x300, "CARD3"));
    rig_free(&r);
}

Test(reader, unit_exception_ends_a_command_chain)
{
    struct rig r = text_rig("ONE\n");
    put_ccw(r.m, CCWS, 0x02, CCW_CC, 80, BUF);
    put_ccw(r.m, CCWS + 8, 0x02, CCW_CC, 80, BUF + 0x100);
    put_ccw(r.m, CCWS + 16, 0x02, 0, 80, BUF + 0x200);
    run_program(r.m, RDR);
    cr_assert_eq(csw_us(r.m), CE_DE | US_UX);
    cr_assert_eq(csw_ccw(r.m), CCWS + 16, "the CSW names the CCW after the one that saw end of file");
    rig_free(&r);
}

Test(reader, invalid_command_is_command_reject)
{
    struct rig r = text_rig("CARD\n");
    check_invalid_command(r.m, RDR, 0x01, 1);
    check_invalid_command(r.m, RDR, 0x12, 1);
    read_card(&r, BUF, 0, 80);
    cr_assert(has_ebcdic(r.m, BUF, "CARD"), "no card was used up");
    rig_free(&r);
}

Test(reader, nop_and_sense_id)
{
    struct rig r = text_rig("CARD\n");
    put_ccw(r.m, CCWS, 0x03, CCW_CC | CCW_SLI, 1, BUF);
    put_ccw(r.m, CCWS + 8, 0xE4, CCW_SLI, 7, BUF);
    run_program(r.m, RDR);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), 0);
    cr_assert_eq(be32(r.m->mem + BUF), 0xFF254001);
    cr_assert_eq(csw_res(r.m), 3);
    rig_free(&r);
}

Test(reader, zero_count_is_program_check_at_SIO)
{
    struct rig r = text_rig("CARD\n");
    check_zero_count(r.m, RDR, 0x02);
    read_card(&r, BUF, 0, 80);
    cr_assert(has_ebcdic(r.m, BUF, "CARD"), "nothing was read");
    rig_free(&r);
}

Test(reader, data_address_outside_storage_is_program_check)
{
    struct rig r = text_rig("CARD\n");
    put_ccw(r.m, CCWS, 0x02, 0, 80, T_STORAGE - 40);
    run_program(r.m, RDR);
    cr_assert_eq(csw_cs(r.m), CS_PROGCHK);
    cr_assert_eq(csw_us(r.m), CE_DE);
    rig_free(&r);
}

Test(reader, bad_tic_is_program_check)
{
    struct rig r = text_rig("1\n2\n3\n");
    check_bad_tic(r.m, RDR, 0x02, 80);
    put_ccw(r.m, CCWS + 8, 0x08, 0, 0, T_STORAGE);
    run_program(r.m, RDR);
    cr_assert_eq(csw_cs(r.m), CS_PROGCHK, "TIC outside storage");
    rig_free(&r);
}

Test(reader, host_read_error_is_equipment_check)
{
    struct rig r = {.m = t_new()};
    char err[256];
    strcpy(r.path, "/tmp/creasy-test-XXXXXX");
    cr_assert_not_null(mkdtemp(r.path));
    r.d = reader_new(RDR, r.path, false, err, sizeof err);   /* a directory opens, but reads fail */
    cr_assert_not_null(r.d, "%s", err);
    chan_attach(r.m, r.d);
    read_card(&r, BUF, 0, 80);
    cr_assert_eq(csw_us(r.m), CE_DE | US_UC);
    cr_assert_eq(sense(r.m, RDR, 1)[0], SENSE_EQUIPCHK);
    t_free(r.m);
    rmdir(r.path);
}

Test(reader, missing_deck_fails_with_a_reason_and_load_keeps_the_old_deck)
{
    char err[256] = "";
    cr_assert_null(reader_new(RDR, "/nonexistent/deck.txt", false, err, sizeof err));
    cr_assert_str_eq(err, "/nonexistent/deck.txt: No such file or directory");
    struct rig r = text_rig("KEPT\n");
    cr_assert_eq(reader_load(r.m, r.d, "/nonexistent/other.txt", false, err, sizeof err), -1);
    cr_assert(strstr(err, "/nonexistent/other.txt"), "%s", err);
    read_card(&r, BUF, 0, 80);
    cr_assert(has_ebcdic(r.m, BUF, "KEPT"));
    rig_free(&r);
}

Test(reader, load_replaces_the_deck_and_refuses_other_devices)
{
    struct rig r = text_rig("OLD1\nOLD2\n");
    read_card(&r, BUF, 0, 80);
    char path[64], err[256];
    temp_file(path, "NEW1\n", 5);
    cr_assert_eq(reader_load(r.m, r.d, path, false, err, sizeof err), 0, "%s", err);
    cr_assert_eq(tio(r.m, RDR), 0, "a ready reader made ready again: no status");
    read_card(&r, BUF, 0, 80);
    cr_assert(has_ebcdic(r.m, BUF, "NEW1"), "the new deck, from its first card");
    read_card(&r, BUF, 0, 80);
    cr_assert_eq(csw_us(r.m), CE_DE | US_UX);
    cr_assert_eq(reader_load(r.m, r.d, path, false, err, sizeof err), 0, "%s", err);
    cr_assert_eq(tio(r.m, RDR), 1, "the deck ran out, so loading it made the reader ready");
    cr_assert_eq(csw_us(r.m), US_DE);
    read_card(&r, BUF, 0, 80);
    cr_assert(has_ebcdic(r.m, BUF, "NEW1"));
    char out[64];
    temp_file(out, NULL, 0);
    struct device *p = printer_new(0x00E, out, err, sizeof err);
    cr_assert_not_null(p);
    chan_attach(r.m, p);
    cr_assert_eq(reader_load(r.m, p, path, false, err, sizeof err), -1);
    cr_assert_str_eq(err, "00E is a 1403, not a card reader");
    unlink(path);
    unlink(out);
    rig_free(&r);
}
