/* test_dev_punch.c: the 2540 card punch (machine/io/dev_punch.c) driven by
 * real channel programs through SIO: text cards as lines with trailing
 * blanks dropped, binary cards as raw 80 bytes, short and long writes,
 * data and command chaining, sense ID, command reject, channel program
 * checks, host write errors, and output a host reader sees at once. */
#include "test_dev.h"

#define PCH 0x00D

struct rig {
    struct machine *m;
    struct device *d;
    char path[64];
};

static struct rig rig_new(bool binary)
{
    struct rig r = {.m = t_new()};
    char err[256];
    temp_file(r.path, NULL, 0);
    r.d = punch_new(PCH, r.path, binary, err, sizeof err);
    cr_assert_not_null(r.d, "%s", err);
    chan_attach(r.m, r.d);
    return r;
}

static void rig_free(struct rig *r)
{
    t_free(r->m);
    unlink(r->path);
}

/* The punch's file so far (a static buffer). */
static const char *punched(struct rig *r, size_t *n)
{
    static char buf[4096];
    size_t len;
    char *s = slurp(r->path, &len);
    cr_assert(len < sizeof buf);
    memcpy(buf, s, len + 1);
    free(s);
    if (n)
        *n = len;
    return buf;
}

static void punch_text(struct rig *r, const char *text, u8 flags, u16 count)
{
    memset(r->m->mem + BUF, 0x40, 200);
    put_ebcdic(r->m, BUF, text);
    put_ccw(r->m, CCWS, 0x01, flags, count, BUF);
    run_program(r->m, PCH);
}

Test(punch, text_card_is_a_line_with_trailing_blanks_dropped)
{
    struct rig r = rig_new(false);
    punch_text(&r, "HELLO, WORLD   ", 0, 80);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), 0, "80 bytes: no incorrect length");
    cr_assert_eq(csw_res(r.m), 0);
    cr_assert_str_eq(punched(&r, NULL), "HELLO, WORLD\n", "flushed: the host sees it now");
    punch_text(&r, "  indented", 0, 80);
    punch_text(&r, "", 0, 80);
    cr_assert_str_eq(punched(&r, NULL), "HELLO, WORLD\n  indented\n\n", "a blank card is an empty line");
    char what[256];
    punch_describe(r.d, what, sizeof what);
    cr_assert(strstr(what, r.path) && strstr(what, "text") && strstr(what, "3 cards punched"), "%s", what);
    rig_free(&r);
}

Test(punch, fewer_than_80_bytes_are_blank_padded_without_incorrect_length)
{
    struct rig r = rig_new(true);
    put_ebcdic(r.m, BUF, "ABC");
    put_ccw(r.m, CCWS, 0x01, 0, 3, BUF);
    run_program(r.m, PCH);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), 0, "channel status %02X", csw_cs(r.m));
    size_t n;
    const char *card = punched(&r, &n);
    cr_assert_eq(n, 80);
    cr_assert(has_ebcdic(r.m, BUF, "ABC"));
    cr_assert_eq((u8)card[0], ascii_to_ebcdic['A']);
    cr_assert_eq((u8)card[2], ascii_to_ebcdic['C']);
    for (int i = 3; i < 80; i++)
        cr_assert_eq((u8)card[i], 0x40, "column %d is an EBCDIC blank", i + 1);
    rig_free(&r);
}

Test(punch, more_than_80_bytes_is_incorrect_length_unless_SLI)
{
    struct rig r = rig_new(false);
    char text[101];
    memset(text, 'Y', 100);
    text[100] = 0;
    punch_text(&r, text, 0, 100);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), CS_IL);
    cr_assert_eq(csw_res(r.m), 20);
    punch_text(&r, text, CCW_SLI, 100);
    cr_assert_eq(csw_cs(r.m), 0);
    const char *out = punched(&r, NULL);
    cr_assert_eq(strlen(out), 2 * 81, "two cards of 80 columns");
    cr_assert_eq(out[79], 'Y');
    cr_assert_eq(out[80], '\n');
    rig_free(&r);
}

Test(punch, binary_cards_are_raw)
{
    struct rig r = rig_new(true);
    for (int i = 0; i < 80; i++)
        r.m->mem[BUF + i] = (u8)(i * 3);
    put_ccw(r.m, CCWS, 0x01, CCW_CC, 80, BUF);
    put_ccw(r.m, CCWS + 8, 0x01, 0, 80, BUF);
    run_program(r.m, PCH);
    size_t n;
    const char *out = punched(&r, &n);
    cr_assert_eq(n, 160);
    cr_assert_eq(memcmp(out, r.m->mem + BUF, 80), 0);
    cr_assert_eq(memcmp(out + 80, r.m->mem + BUF, 80), 0);
    rig_free(&r);
}

Test(punch, data_chaining_makes_one_card)
{
    struct rig r = rig_new(false);
    put_ebcdic(r.m, BUF, "FIRST ");
    put_ebcdic(r.m, BUF + 0x100, "SECOND");
    put_ccw(r.m, CCWS, 0x01, CCW_CD, 6, BUF);
    put_ccw(r.m, CCWS + 8, 0x00, CCW_SLI, 6, BUF + 0x100);
    run_program(r.m, PCH);
    cr_assert_eq(csw_cs(r.m), 0);
    cr_assert_str_eq(punched(&r, NULL), "FIRST SECOND\n");
    rig_free(&r);
}

Test(punch, unprintable_codes_become_blanks_in_text_decks)
{
    struct rig r = rig_new(false);
    put_ebcdic(r.m, BUF, "A B");
    r.m->mem[BUF + 1] = 0x00;
    r.m->mem[BUF + 3] = 0x15;   /* EBCDIC NL */
    r.m->mem[BUF + 4] = ascii_to_ebcdic['Z'];
    put_ccw(r.m, CCWS, 0x01, CCW_SLI, 5, BUF);
    run_program(r.m, PCH);
    cr_assert_str_eq(punched(&r, NULL), "A B Z\n");
    rig_free(&r);
}

Test(punch, invalid_command_is_command_reject)
{
    struct rig r = rig_new(false);
    check_invalid_command(r.m, PCH, 0x02, 1);
    check_invalid_command(r.m, PCH, 0x09, 1);
    cr_assert_str_empty(punched(&r, NULL), "nothing punched");
    rig_free(&r);
}

Test(punch, nop_and_sense_id)
{
    struct rig r = rig_new(false);
    put_ccw(r.m, CCWS, 0x03, CCW_CC | CCW_SLI, 1, BUF);
    put_ccw(r.m, CCWS + 8, 0xE4, CCW_SLI, 7, BUF);
    run_program(r.m, PCH);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(be32(r.m->mem + BUF), 0xFF254002);
    cr_assert_str_empty(punched(&r, NULL));
    rig_free(&r);
}

Test(punch, zero_count_is_program_check_at_SIO)
{
    struct rig r = rig_new(false);
    check_zero_count(r.m, PCH, 0x01);
    cr_assert_str_empty(punched(&r, NULL));
    rig_free(&r);
}

Test(punch, data_address_outside_storage_is_program_check_and_punches_nothing)
{
    struct rig r = rig_new(false);
    put_ccw(r.m, CCWS, 0x01, 0, 80, T_STORAGE - 40);
    run_program(r.m, PCH);
    cr_assert_eq(csw_cs(r.m), CS_PROGCHK);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_str_empty(punched(&r, NULL));
    rig_free(&r);
}

Test(punch, bad_tic_is_program_check)
{
    struct rig r = rig_new(false);
    put_ebcdic(r.m, BUF, "X");
    check_bad_tic(r.m, PCH, 0x01, 1);
    cr_assert_str_eq(punched(&r, NULL), "X\nX\n", "the command before each TIC ran");
    rig_free(&r);
}

Test(punch, host_write_error_is_equipment_check)
{
    struct machine *m = t_new();
    char err[256];
    struct device *d = punch_new(PCH, "/dev/full", false, err, sizeof err);
    cr_assert_not_null(d, "%s", err);
    chan_attach(m, d);
    put_ebcdic(m, BUF, "LOST");
    put_ccw(m, CCWS, 0x01, CCW_SLI, 4, BUF);
    run_program(m, PCH);
    cr_assert_eq(csw_us(m), CE_DE | US_UC);
    cr_assert_eq(sense(m, PCH, 1)[0], SENSE_EQUIPCHK);
    t_free(m);
}

Test(punch, unopenable_file_fails_with_a_reason)
{
    char err[256] = "";
    cr_assert_null(punch_new(PCH, "/nonexistent/punch.txt", false, err, sizeof err));
    cr_assert_str_eq(err, "/nonexistent/punch.txt: No such file or directory");
}
