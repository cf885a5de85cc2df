/* test_dev_1403.c: the 1403 printer (machine/io/dev_1403.c) driven by real
 * channel programs through SIO: lines with trailing blanks dropped,
 * carriage control (write then space 1/2/3 or skip to channel 1, space and
 * skip now, overprinting), 132 print positions, data chaining, sense ID,
 * command reject, channel program checks and host write errors. */
#include "test_dev.h"

#define PRT 0x00E

struct rig {
    struct machine *m;
    struct device *d;
    char path[64];
};

static struct rig rig_new(void)
{
    struct rig r = {.m = t_new()};
    char err[256];
    temp_file(r.path, NULL, 0);
    r.d = printer_new(PRT, r.path, err, sizeof err);
    cr_assert_not_null(r.d, "%s", err);
    chan_attach(r.m, r.d);
    return r;
}

static void rig_free(struct rig *r)
{
    t_free(r->m);
    unlink(r->path);
}

static const char *printed(struct rig *r)
{
    static char buf[4096];
    size_t len;
    char *s = slurp(r->path, &len);
    cr_assert(len < sizeof buf);
    memcpy(buf, s, len + 1);
    free(s);
    return buf;
}

/* CCW `i` of a program at CCWS: command `cmd` with `text` (NULL: a
 * control command, one byte, SLI); `last` ends the chain. */
static void ccw(struct rig *r, int i, u8 cmd, const char *text, bool last)
{
    u32 data = BUF + 0x100 * i;
    u8 cc = last ? 0 : CCW_CC;
    if (text) {
        memset(r->m->mem + data, 0x40, 0x100);
        put_ebcdic(r->m, data, text);
        put_ccw(r->m, CCWS + 8 * i, cmd, cc | CCW_SLI, (u16)strlen(text), data);
    } else {
        put_ccw(r->m, CCWS + 8 * i, cmd, cc | CCW_SLI, 1, data);
    }
}

Test(printer, write_and_space_one_is_a_line)
{
    struct rig r = rig_new();
    ccw(&r, 0, 0x09, "HELLO   ", true);
    run_program(r.m, PRT);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), 0);
    cr_assert_str_eq(printed(&r), "HELLO\n", "trailing blanks dropped, flushed at once");
    rig_free(&r);
}

Test(printer, carriage_control_spaces_and_skips)
{
    struct rig r = rig_new();
    ccw(&r, 0, 0x89, "TITLE", false);     /* write, skip to channel 1 */
    ccw(&r, 1, 0x11, "DOUBLE", false);    /* write, space 2 */
    ccw(&r, 2, 0x19, "TRIPLE", false);    /* write, space 3 */
    ccw(&r, 3, 0x0B, NULL, false);        /* space 1 now */
    ccw(&r, 4, 0x13, NULL, false);        /* space 2 now */
    ccw(&r, 5, 0x1B, NULL, false);        /* space 3 now */
    ccw(&r, 6, 0x09, "LAST", false);
    ccw(&r, 7, 0x8B, NULL, true);         /* skip to channel 1 now */
    run_program(r.m, PRT);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), 0, "channel status %02X", csw_cs(r.m));
    cr_assert_eq(csw_ccw(r.m), CCWS + 64);
    cr_assert_str_eq(printed(&r), "TITLE\n\fDOUBLE\n\nTRIPLE\n\n\n\n\n\n\n\n\nLAST\n\f");
    char what[256];
    printer_describe(r.d, what, sizeof what);
    cr_assert(strstr(what, "13 lines") && strstr(what, "2 page skips"), "%s", what);
    rig_free(&r);
}

Test(printer, write_without_space_then_overprint)
{
    struct rig r = rig_new();
    ccw(&r, 0, 0x01, "BOLD", false);
    ccw(&r, 1, 0x01, "BOLD", false);
    ccw(&r, 2, 0x09, "____", true);
    run_program(r.m, PRT);
    cr_assert_str_eq(printed(&r), "BOLD\rBOLD\r____\n");
    rig_free(&r);
}

Test(printer, skip_at_the_start_is_just_a_form_feed)
{
    struct rig r = rig_new();
    ccw(&r, 0, 0x8B, NULL, false);
    ccw(&r, 1, 0x09, "PAGE ONE", true);
    run_program(r.m, PRT);
    cr_assert_str_eq(printed(&r), "\fPAGE ONE\n");
    rig_free(&r);
}

Test(printer, more_than_132_bytes_prints_132_with_incorrect_length_unless_SLI)
{
    struct rig r = rig_new();
    char line[151];
    for (int i = 0; i < 150; i++)
        line[i] = (char)('A' + i % 26);
    line[150] = 0;
    put_ebcdic(r.m, BUF, line);
    put_ccw(r.m, CCWS, 0x09, 0, 150, BUF);
    run_program(r.m, PRT);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(csw_cs(r.m), CS_IL);
    cr_assert_eq(csw_res(r.m), 18);
    put_ccw(r.m, CCWS, 0x09, CCW_SLI, 150, BUF);
    run_program(r.m, PRT);
    cr_assert_eq(csw_cs(r.m), 0);
    char want[2 * 133 + 1];
    memcpy(want, line, 132);
    want[132] = '\n';
    memcpy(want + 133, want, 133);
    want[266] = 0;
    cr_assert_str_eq(printed(&r), want);
    rig_free(&r);
}

Test(printer, fewer_bytes_are_no_incorrect_length)
{
    struct rig r = rig_new();
    put_ebcdic(r.m, BUF, "SHORT");
    put_ccw(r.m, CCWS, 0x09, 0, 5, BUF);
    run_program(r.m, PRT);
    cr_assert_eq(csw_cs(r.m), 0);
    cr_assert_str_eq(printed(&r), "SHORT\n");
    rig_free(&r);
}

Test(printer, data_chaining_makes_one_line)
{
    struct rig r = rig_new();
    put_ebcdic(r.m, BUF, "LEFT ");
    put_ebcdic(r.m, BUF + 0x100, "RIGHT");
    put_ccw(r.m, CCWS, 0x09, CCW_CD, 5, BUF);
    put_ccw(r.m, CCWS + 8, 0x00, 0, 5, BUF + 0x100);
    run_program(r.m, PRT);
    cr_assert_eq(csw_cs(r.m), 0);
    cr_assert_str_eq(printed(&r), "LEFT RIGHT\n");
    rig_free(&r);
}

Test(printer, codes_off_the_print_chain_print_as_blanks)
{
    struct rig r = rig_new();
    put_ebcdic(r.m, BUF, "A.B.C");
    r.m->mem[BUF + 1] = 0x00;
    r.m->mem[BUF + 3] = 0xFF;
    put_ccw(r.m, CCWS, 0x09, 0, 5, BUF);
    run_program(r.m, PRT);
    cr_assert_str_eq(printed(&r), "A B C\n");
    rig_free(&r);
}

Test(printer, invalid_commands_are_command_reject)
{
    struct rig r = rig_new();
    static const u8 bad[] = {0x02, 0x05, 0x21, 0x91, 0x93, 0x0A};   /* read, bit 5, space 4, channel 2 */
    for (size_t i = 0; i < sizeof bad; i++)
        check_invalid_command(r.m, PRT, bad[i], 1);
    cr_assert_str_empty(printed(&r), "nothing printed or spaced");
    rig_free(&r);
}

Test(printer, nop_and_sense_id)
{
    struct rig r = rig_new();
    put_ccw(r.m, CCWS, 0x03, CCW_CC | CCW_SLI, 1, BUF);
    put_ccw(r.m, CCWS + 8, 0xE4, CCW_SLI, 7, BUF);
    run_program(r.m, PRT);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_eq(be32(r.m->mem + BUF), 0xFF140301);
    cr_assert_str_empty(printed(&r));
    rig_free(&r);
}

Test(printer, zero_count_is_program_check_at_SIO)
{
    struct rig r = rig_new();
    check_zero_count(r.m, PRT, 0x09);
    cr_assert_str_empty(printed(&r));
    rig_free(&r);
}

Test(printer, data_address_outside_storage_is_program_check_and_prints_nothing)
{
    struct rig r = rig_new();
    put_ccw(r.m, CCWS, 0x09, 0, 80, T_STORAGE - 40);
    run_program(r.m, PRT);
    cr_assert_eq(csw_cs(r.m), CS_PROGCHK);
    cr_assert_eq(csw_us(r.m), CE_DE);
    cr_assert_str_empty(printed(&r), "no line, and no spacing either");
    rig_free(&r);
}

Test(printer, bad_tic_is_program_check)
{
    struct rig r = rig_new();
    put_ebcdic(r.m, BUF, "X");
    check_bad_tic(r.m, PRT, 0x09, 1);
    cr_assert_str_eq(printed(&r), "X\nX\n");
    rig_free(&r);
}

Test(printer, host_write_error_is_equipment_check)
{
    struct machine *m = t_new();
    char err[256];
    struct device *d = printer_new(PRT, "/dev/full", err, sizeof err);
    cr_assert_not_null(d, "%s", err);
    chan_attach(m, d);
    put_ebcdic(m, BUF, "LOST");
    put_ccw(m, CCWS, 0x09, 0, 4, BUF);
    run_program(m, PRT);
    cr_assert_eq(csw_us(m), CE_DE | US_UC);
    cr_assert_eq(sense(m, PRT, 1)[0], SENSE_EQUIPCHK);
    t_free(m);
}

Test(printer, unopenable_file_fails_with_a_reason)
{
    char err[256] = "";
    cr_assert_null(printer_new(PRT, "/nonexistent/print.txt", err, sizeof err));
    cr_assert_str_eq(err, "/nonexistent/print.txt: No such file or directory");
}
