/* test_io.c: S/370 channel I/O: SIO, TIO, HIO, TCH; the CAW (0x48) and
 * CSW (0x40); format-1 CCWs with command and data chaining, SLI and
 * incorrect length, SKIP, TIC; channel program and protection checks;
 * I/O interruptions (device address at 0xBA, CR2 channel masks); and the
 * 3215 console (write, read from a file or from typed lines, sense,
 * command reject, attention).
 *
 * Channel programs run in virtual time: io_wait() lets the CPU sit in an
 * I/O-enabled wait until the interruption comes, run_loop() runs a
 * branch-to-self loop with I/O disabled. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "channel.h"
#include "dev_3215.h"
#include "harness.h"

#define SUPER 0x00080000u
#define PROBLEM 0x00090000u
#define CCWS 0x1000u   /* channel programs */
#define BUF 0x3000u    /* data */

struct con {
    struct machine *m;
    struct device *d;
    FILE *out, *in;
};

static struct con con_new_at(u16 addr, const char *input, const char *tag)
{
    struct con c = {.m = t_new()};
    c.out = tmpfile();
    cr_assert_not_null(c.out);
    if (input) {
        c.in = tmpfile();
        cr_assert_not_null(c.in);
        fputs(input, c.in);
        rewind(c.in);
    }
    c.d = con3215_new(addr, c.out, c.in, tag);
    cr_assert_not_null(c.d);
    chan_attach(c.m, c.d);
    return c;
}

static struct con con_new(const char *input) { return con_new_at(0x009, input, NULL); }

static void con_free(struct con *c)
{
    t_free(c->m);
    fclose(c->out);
    if (c->in)
        fclose(c->in);
}

/* Everything the console has printed so far. */
static const char *output(struct con *c)
{
    static char buf[4096];
    fflush(c->out);
    rewind(c->out);
    size_t n = fread(buf, 1, sizeof buf - 1, c->out);
    buf[n] = 0;
    fseek(c->out, 0, SEEK_END);
    return buf;
}

static void put_ccw(struct machine *m, u32 addr, u8 cmd, u8 flags, u16 count, u32 data)
{
    u8 b[8] = {cmd, flags, (u8)(count >> 8), (u8)count};
    put32(b + 4, data);
    stor_write(m, addr, b, 8);
}

static void put_ebcdic(struct machine *m, u32 addr, const char *s)
{
    for (size_t i = 0; s[i]; i++)
        m->mem[addr + i] = ascii_to_ebcdic[(u8)s[i]];
}

static bool has_ebcdic(struct machine *m, u32 addr, const char *s)
{
    for (size_t i = 0; s[i]; i++)
        if (m->mem[addr + i] != ascii_to_ebcdic[(u8)s[i]])
            return false;
    return true;
}

static void set_caw(struct machine *m, u8 key, u32 ccw) { put32(m->mem + LC_CAW, (u32)key << 28 | ccw); }

/* Run one I/O instruction (opcode 9C00-9F00) for device `addr` in
 * supervisor state; returns its condition code. */
static int io_insn(struct machine *m, u16 op, u16 addr)
{
    char hex[16];
    snprintf(hex, sizeof hex, "%04X%04X", op, addr);
    t_psw(m, SUPER, T_CODE);
    m->cpu.cc = 0;
    cr_assert_eq(t_exec(m, hex), 0, "%s", hex);
    return m->cpu.cc;
}
static int sio(struct machine *m, u16 addr) { return io_insn(m, 0x9C00, addr); }
static int tio(struct machine *m, u16 addr) { return io_insn(m, 0x9D00, addr); }
static int hio(struct machine *m, u16 addr) { return io_insn(m, 0x9E00, addr); }
static int tch(struct machine *m, u16 addr) { return io_insn(m, 0x9F00, addr); }

/* Wait, enabled for I/O, for the next I/O interruption. */
static void io_wait(struct machine *m)
{
    memset(m->mem + LC_CSW, 0xEE, 8);
    t_psw(m, 0x020A0000, 0x4000);
    cr_assert_eq(t_run(m, 100), STOP_WAIT);
    cr_assert(t_took(m, LC_IO_NEW_PSW), "an I/O interruption");
    t_psw(m, SUPER, T_CODE);
}

/* Run n instructions (a branch to itself) with I/O interruptions off. */
static void run_loop(struct machine *m, u64 n)
{
    t_put(m, 0x4000, "A7F40000");
    t_psw(m, SUPER, 0x4000);
    cr_assert_eq(t_run(m, n), STOP_LIMIT);
    t_psw(m, SUPER, T_CODE);
}

static u32 csw_ccw(struct machine *m) { return be32(m->mem + LC_CSW); }
static u8 csw_us(struct machine *m) { return m->mem[LC_CSW + 4]; }
static u8 csw_cs(struct machine *m) { return m->mem[LC_CSW + 5]; }
static u16 csw_res(struct machine *m) { return be16(m->mem + LC_CSW + 6); }

#define CE_DE (US_CE | US_DE)

/* ---- SIO and the 3215 write ----------------------------------------------------------------- */

Test(io, SIO_write_then_io_interruption)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ebcdic(m, BUF, "HELLO");
    put_ccw(m, CCWS, 0x09, CCW_SLI, 5, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    cr_assert_str_empty(output(&c), "the program runs later, in virtual time");
    io_wait(m);
    cr_assert_str_eq(output(&c), "HELLO\n");
    cr_assert_eq(be64(m->mem + LC_IO_OLD_PSW), 0x020A000080004000ull);
    cr_assert_eq(be32(m->mem + LC_IO_ADDR), 0x00000009);
    cr_assert_eq(be16(m->mem + 0xBA), 0x0009);
    cr_assert_eq(csw_ccw(m), CCWS + 8);
    cr_assert_eq(csw_us(m), CE_DE);
    cr_assert_eq(csw_cs(m), 0);
    cr_assert_eq(csw_res(m), 0);
    con_free(&c);
}

Test(io, SIO_device_address_from_base_register)
{
    struct con c = con_new_at(0x01F, NULL, NULL);
    struct machine *m = c.m;
    put_ebcdic(m, BUF, "X");
    put_ccw(m, CCWS, 0x09, CCW_SLI, 1, BUF);
    set_caw(m, 0, CCWS);
    m->cpu.gr[1] = 0xFFFF0010;   /* bits 16-31 of the address: 0010 + 00F */
    m->cpu.cc = 3;
    cr_assert_eq(t_exec(m, "9C00100F"), 0);
    cr_assert_eq(m->cpu.cc, 0);
    io_wait(m);
    cr_assert_eq(be32(m->mem + LC_IO_ADDR), 0x0000001F);
    cr_assert_str_eq(output(&c), "X\n");
    con_free(&c);
}

Test(io, SIO_no_device_cc3)
{
    struct con c = con_new(NULL);
    cr_assert_eq(sio(c.m, 0x00A), 3);
    cr_assert_eq(sio(c.m, 0x109), 3);
    con_free(&c);
    struct machine *m = t_new();   /* no channel at all */
    cr_assert_eq(sio(m, 0x009), 3);
    t_free(m);
}

Test(io, SIO_busy_cc2)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ebcdic(m, BUF, "ONE");
    put_ccw(m, CCWS, 0x09, CCW_SLI, 3, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    cr_assert_eq(sio(m, 0x009), 2);
    io_wait(m);
    cr_assert_str_eq(output(&c), "ONE\n", "the second SIO started nothing");
    con_free(&c);
}

Test(io, SIO_to_device_with_pending_interruption_stores_csw_cc1)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ebcdic(m, BUF, "ONE");
    put_ccw(m, CCWS, 0x09, CCW_SLI, 3, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    run_loop(m, 20000);
    memset(m->mem + LC_CSW, 0xEE, 8);
    cr_assert_eq(sio(m, 0x009), 1);
    cr_assert_eq(csw_ccw(m), CCWS + 8);
    cr_assert_eq(csw_us(m), CE_DE | US_BUSY, "busy, and the pending status");
    cr_assert_eq(csw_cs(m), 0);
    cr_assert_str_eq(output(&c), "ONE\n", "no new program");
    t_psw(m, 0x020A0000, 0x4000);
    cr_assert_eq(t_run(m, 100), STOP_IDLE, "the interruption was cleared");
    con_free(&c);
}

Test(io, SIO_privileged)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ccw(m, CCWS, 0x09, CCW_SLI, 1, BUF);
    set_caw(m, 0, CCWS);
    t_psw(m, PROBLEM, T_CODE);
    cr_assert_eq(t_exec(m, "9C000009"), PGM_PRIVILEGED_OPERATION);
    cr_assert_eq(tio(m, 0x009), 0, "nothing started");
    con_free(&c);
}

Test(io, SIO_program_runs_in_virtual_time)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ebcdic(m, BUF, "HELLO");
    put_ccw(m, CCWS, 0x09, CCW_SLI, 5, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    run_loop(m, 100);   /* less than the channel's start delay */
    cr_assert_str_empty(output(&c));
    cr_assert_eq(tio(m, 0x009), 2);
    run_loop(m, 20000);
    cr_assert_str_eq(output(&c), "HELLO\n");
    cr_assert_eq(tio(m, 0x009), 1, "done: the interruption is pending");
    con_free(&c);
}

Test(io, write_without_newline_and_translation)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ebcdic(m, BUF, "abc 123");
    m->mem[BUF + 7] = 0x00;   /* unprintable */
    put_ccw(m, CCWS, 0x01, CCW_SLI, 8, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_str_eq(output(&c), "abc 123.");
    con_free(&c);
}

Test(io, write_output_tag_starts_each_line)
{
    struct con c = con_new_at(0x009, NULL, "009>");
    struct machine *m = c.m;
    put_ebcdic(m, BUF, "AB");
    put_ccw(m, CCWS, 0x09, CCW_CC | CCW_SLI, 2, BUF);
    put_ccw(m, CCWS + 8, 0x09, CCW_SLI, 2, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_str_eq(output(&c), "009>AB\n009>AB\n");
    con_free(&c);
}

/* A write moves exactly its count: no incorrect length without SLI. */
Test(io, write_of_whole_count_has_no_incorrect_length)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ebcdic(m, BUF, "HELLO");
    put_ccw(m, CCWS, 0x09, 0, 5, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_str_eq(output(&c), "HELLO\n");
    cr_assert_eq(csw_us(m), CE_DE);
    cr_assert_eq(csw_cs(m), 0, "channel status %02x", csw_cs(m));
    cr_assert_eq(csw_res(m), 0);
    con_free(&c);
}

Test(io, command_chained_writes_without_SLI)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ebcdic(m, BUF, "AB");
    put_ebcdic(m, BUF + 0x100, "CD");
    put_ccw(m, CCWS, 0x01, CCW_CC, 2, BUF);
    put_ccw(m, CCWS + 8, 0x09, 0, 2, BUF + 0x100);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_str_eq(output(&c), "ABCD\n");
    cr_assert_eq(csw_ccw(m), CCWS + 16);
    cr_assert_eq(csw_cs(m), 0, "channel status %02x", csw_cs(m));
    con_free(&c);
}

/* ---- chaining, TIC, SKIP, SLI ---------------------------------------------------------------- */

Test(io, command_chaining)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ebcdic(m, BUF, "AB");
    put_ebcdic(m, BUF + 0x100, "CD");
    put_ebcdic(m, BUF + 0x200, "EF");
    put_ccw(m, CCWS, 0x01, CCW_CC | CCW_SLI, 2, BUF);
    put_ccw(m, CCWS + 8, 0x09, CCW_CC | CCW_SLI, 2, BUF + 0x100);
    put_ccw(m, CCWS + 16, 0x09, CCW_SLI, 2, BUF + 0x200);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_str_eq(output(&c), "ABCD\nEF\n");
    cr_assert_eq(csw_ccw(m), CCWS + 24);
    cr_assert_eq(csw_us(m), CE_DE);
    cr_assert_eq(csw_cs(m), 0);
    con_free(&c);
}

Test(io, data_chaining_read)
{
    struct con c = con_new("ABCDEF\n");
    struct machine *m = c.m;
    put_ccw(m, CCWS, 0x0A, CCW_CD, 3, BUF);
    put_ccw(m, CCWS + 8, 0x00, 0, 3, BUF + 0x100);   /* command ignored when data chaining */
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert(has_ebcdic(m, BUF, "ABC"));
    cr_assert_eq(m->mem[BUF + 3], 0);
    cr_assert(has_ebcdic(m, BUF + 0x100, "DEF"));
    cr_assert_eq(csw_ccw(m), CCWS + 16);
    cr_assert_eq(csw_us(m), CE_DE);
    cr_assert_eq(csw_cs(m), 0);
    cr_assert_eq(csw_res(m), 0);
    con_free(&c);
}

Test(io, data_chaining_write)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ebcdic(m, BUF, "AB");
    put_ebcdic(m, BUF + 0x100, "CDE");
    put_ccw(m, CCWS, 0x09, CCW_CD, 2, BUF);
    put_ccw(m, CCWS + 8, 0x09, CCW_SLI, 3, BUF + 0x100);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_str_eq(output(&c), "ABCDE\n", "one line: data chaining continues the same write");
    cr_assert_eq(csw_ccw(m), CCWS + 16);
    con_free(&c);
}

Test(io, read_short_line_incorrect_length_unless_SLI)
{
    struct con c = con_new("ABC\nXYZ\n");
    struct machine *m = c.m;
    put_ccw(m, CCWS, 0x0A, 0, 10, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert(has_ebcdic(m, BUF, "ABC"));
    cr_assert_eq(csw_us(m), CE_DE);
    cr_assert_eq(csw_cs(m), CS_IL);
    cr_assert_eq(csw_res(m), 7);
    put_ccw(m, CCWS, 0x0A, CCW_SLI, 10, BUF + 0x100);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert(has_ebcdic(m, BUF + 0x100, "XYZ"));
    cr_assert_eq(csw_cs(m), 0);
    cr_assert_eq(csw_res(m), 7);
    con_free(&c);
}

Test(io, read_long_line_truncated_incorrect_length_unless_SLI)
{
    struct con c = con_new("ABCDEFGHIJ\nKLMNOPQRST\n");
    struct machine *m = c.m;
    put_ccw(m, CCWS, 0x0A, 0, 4, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert(has_ebcdic(m, BUF, "ABCD"));
    cr_assert_eq(m->mem[BUF + 4], 0, "nothing past the count");
    cr_assert_eq(csw_cs(m), CS_IL);
    cr_assert_eq(csw_res(m), 0);
    put_ccw(m, CCWS, 0x0A, CCW_SLI, 4, BUF + 0x100);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert(has_ebcdic(m, BUF + 0x100, "KLMN"));
    cr_assert_eq(csw_cs(m), 0);
    con_free(&c);
}

Test(io, incorrect_length_ends_command_chain)
{
    struct con c = con_new("ABC\n");
    struct machine *m = c.m;
    put_ebcdic(m, BUF + 0x100, "NO");
    put_ccw(m, CCWS, 0x0A, CCW_CC, 10, BUF);
    put_ccw(m, CCWS + 8, 0x09, CCW_SLI, 2, BUF + 0x100);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_str_empty(output(&c));
    cr_assert_eq(csw_cs(m), CS_IL);
    cr_assert_eq(csw_ccw(m), CCWS + 8);
    con_free(&c);
}

Test(io, skip_stores_nothing)
{
    struct con c = con_new("ABC\n");
    struct machine *m = c.m;
    memset(m->mem + BUF, 0x55, 8);
    put_ccw(m, CCWS, 0x0A, CCW_SKIP, 3, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    for (int i = 0; i < 8; i++)
        cr_assert_eq(m->mem[BUF + i], 0x55);
    cr_assert_eq(csw_us(m), CE_DE);
    cr_assert_eq(csw_cs(m), 0);
    cr_assert_eq(csw_res(m), 0);
    con_free(&c);
}

Test(io, tic_transfers_in_channel)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ebcdic(m, BUF, "AB");
    put_ebcdic(m, BUF + 0x100, "CD");
    put_ccw(m, CCWS, 0x09, CCW_CC | CCW_SLI, 2, BUF);
    put_ccw(m, CCWS + 8, 0x08, 0, 0, CCWS + 0x100);
    put_ccw(m, CCWS + 16, 0x09, CCW_SLI, 2, BUF);   /* skipped by the TIC */
    put_ccw(m, CCWS + 0x100, 0x09, CCW_SLI, 2, BUF + 0x100);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_str_eq(output(&c), "AB\nCD\n");
    cr_assert_eq(csw_ccw(m), CCWS + 0x108);
    cr_assert_eq(csw_cs(m), 0);
    con_free(&c);
}

Test(io, tic_to_tic_is_program_check)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ebcdic(m, BUF, "AB");
    put_ccw(m, CCWS, 0x09, CCW_CC | CCW_SLI, 2, BUF);
    put_ccw(m, CCWS + 8, 0x08, 0, 0, CCWS + 0x100);
    put_ccw(m, CCWS + 0x100, 0x08, 0, 0, CCWS + 0x200);
    put_ccw(m, CCWS + 0x200, 0x09, CCW_SLI, 2, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_str_eq(output(&c), "AB\n");
    cr_assert_eq(csw_cs(m), CS_PROGCHK);
    con_free(&c);
}

Test(io, tic_as_first_ccw_is_program_check_at_SIO)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ccw(m, CCWS, 0x08, 0, 0, CCWS + 0x100);
    put_ccw(m, CCWS + 0x100, 0x09, CCW_SLI, 2, BUF);
    set_caw(m, 0, CCWS);
    memset(m->mem + LC_CSW, 0xEE, 8);
    cr_assert_eq(sio(m, 0x009), 1);
    cr_assert_eq(csw_cs(m), CS_PROGCHK);
    cr_assert_eq(csw_us(m), 0);
    run_loop(m, 20000);
    cr_assert_str_empty(output(&c));
    cr_assert_eq(tio(m, 0x009), 0, "nothing pending");
    con_free(&c);
}

Test(io, tic_to_unaligned_address_is_program_check)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ebcdic(m, BUF, "AB");
    put_ccw(m, CCWS, 0x09, CCW_CC | CCW_SLI, 2, BUF);
    put_ccw(m, CCWS + 8, 0x08, 0, 0, CCWS + 0x104);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_eq(csw_cs(m), CS_PROGCHK);
    con_free(&c);
}

/* ---- CAW and CCW errors ------------------------------------------------------------------------ */

Test(io, SIO_first_ccw_errors_store_program_check_cc1)
{
    static const struct { u32 caw; u8 cmd, flags; u16 count; u32 data; } cases[] = {
        {CCWS, 0x09, CCW_SLI, 0, BUF},               /* zero count */
        {CCWS, 0x00, CCW_SLI, 2, BUF},               /* invalid command code */
        {CCWS, 0x09, CCW_SLI | 0x01, 2, BUF},        /* reserved flag bit */
        {CCWS, 0x09, CCW_SLI, 2, 0x80003000},        /* data address bit 0 */
        {CCWS | 0x01000000, 0x09, CCW_SLI, 2, BUF},  /* CAW bits 4-7 */
        {CCWS + 4, 0x09, CCW_SLI, 2, BUF},           /* CCW address not doubleword aligned */
        {T_STORAGE, 0x09, CCW_SLI, 2, BUF},          /* CCW beyond storage */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct con c = con_new(NULL);
        struct machine *m = c.m;
        put_ebcdic(m, BUF, "AB");
        put_ccw(m, CCWS, cases[i].cmd, cases[i].flags, cases[i].count, cases[i].data);
        put_ccw(m, CCWS + 4 + 4, 0x09, CCW_SLI, 2, BUF);
        put32(m->mem + LC_CAW, cases[i].caw);
        memset(m->mem + LC_CSW, 0xEE, 8);
        cr_assert_eq(sio(m, 0x009), 1, "case %zu", i);
        cr_assert_eq(csw_cs(m), CS_PROGCHK, "case %zu", i);
        cr_assert_eq(csw_us(m), 0, "case %zu", i);
        run_loop(m, 20000);
        cr_assert_str_empty(output(&c), "case %zu", i);
        cr_assert_eq(tio(m, 0x009), 0, "case %zu: nothing pending", i);
        con_free(&c);
    }
}

Test(io, zero_count_in_chained_ccw_is_program_check)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ebcdic(m, BUF, "AB");
    put_ccw(m, CCWS, 0x09, CCW_CC | CCW_SLI, 2, BUF);
    put_ccw(m, CCWS + 8, 0x09, CCW_SLI, 0, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_str_eq(output(&c), "AB\n");
    cr_assert_eq(csw_cs(m), CS_PROGCHK);
    cr_assert_eq(csw_ccw(m), CCWS + 16);
    con_free(&c);
}

Test(io, data_address_outside_storage_is_program_check)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ccw(m, CCWS, 0x09, CCW_SLI, 5, T_STORAGE - 2);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_eq(csw_cs(m), CS_PROGCHK);
    cr_assert_eq(csw_us(m), CE_DE);
    con_free(&c);
}

Test(io, read_into_storage_outside_is_program_check)
{
    struct con c = con_new("ABC\n");
    struct machine *m = c.m;
    put_ccw(m, CCWS, 0x0A, CCW_SLI, 3, 0x00400000);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_eq(csw_cs(m), CS_PROGCHK);
    con_free(&c);
}

/* ---- protection ------------------------------------------------------------------------------ */

Test(io, caw_key_protects_storage_from_reads)
{
    struct con c = con_new("ABC\nDEF\n");
    struct machine *m = c.m;
    m->keys[BUF >> PAGE_SHIFT] = 0x50;
    put_ccw(m, CCWS, 0x0A, CCW_SLI, 3, BUF);
    set_caw(m, 3, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_eq(csw_cs(m), CS_PROTCHK);
    cr_assert_eq(csw_ccw(m) >> 28, 3, "the CSW holds the CAW key");
    cr_assert_eq(m->mem[BUF], 0, "nothing stored");
    set_caw(m, 5, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_eq(csw_cs(m), 0, "matching key");
    cr_assert(has_ebcdic(m, BUF, "DEF"));
    con_free(&c);
}

Test(io, caw_key_and_fetch_protection_on_writes)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ebcdic(m, BUF, "AB");
    put_ccw(m, CCWS, 0x09, CCW_SLI, 2, BUF);
    m->keys[BUF >> PAGE_SHIFT] = 0x50;   /* not fetch-protected: key 3 may read */
    set_caw(m, 3, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_eq(csw_cs(m), 0);
    cr_assert_str_eq(output(&c), "AB\n");
    m->keys[BUF >> PAGE_SHIFT] = 0x58;   /* fetch-protected */
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_eq(csw_cs(m), CS_PROTCHK);
    cr_assert_null(strchr(output(&c) + 3, 'A'), "no data reached the device");
    set_caw(m, 0, CCWS);   /* key 0 matches everything */
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_eq(csw_cs(m), 0);
    const char *out = output(&c);
    cr_assert_str_eq(out + strlen(out) - 3, "AB\n");
    con_free(&c);
}

Test(io, fetch_protected_ccw_is_protection_check_at_SIO)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ccw(m, CCWS, 0x09, CCW_SLI, 2, BUF);
    m->keys[CCWS >> PAGE_SHIFT] = 0x58;
    set_caw(m, 3, CCWS);
    cr_assert_eq(sio(m, 0x009), 1);
    cr_assert_eq(csw_cs(m), CS_PROTCHK);
    con_free(&c);
}

Test(io, channel_stores_ignore_low_address_protection)
{
    struct con c = con_new("ABC\n");
    struct machine *m = c.m;
    m->cpu.cr[0] |= CR0_LOW_PROTECT;
    put_ccw(m, CCWS, 0x0A, CCW_SLI, 3, 0x100);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_eq(csw_cs(m), 0);
    cr_assert(has_ebcdic(m, 0x100, "ABC"));
    cr_assert_eq(m->keys[0] & SKEY_C, SKEY_C, "the change bit is set");
    con_free(&c);
}

/* ---- I/O interruptions and CR2 -------------------------------------------------------------- */

Test(io, cr2_channel_mask_holds_interruption)
{
    struct con c = con_new_at(0x109, NULL, NULL);   /* channel 1 */
    struct machine *m = c.m;
    put_ebcdic(m, BUF, "AB");
    put_ccw(m, CCWS, 0x09, CCW_SLI, 2, BUF);
    set_caw(m, 0, CCWS);
    m->cpu.cr[2] = ~(0x80000000u >> 1);
    cr_assert_eq(sio(m, 0x109), 0);
    t_psw(m, 0x020A0000, 0x4000);
    cr_assert_eq(t_run(m, 100), STOP_IDLE, "channel 1 is masked off");
    cr_assert_str_eq(output(&c), "AB\n");
    cr_assert_eq(tch(m, 0x100), 1, "pending on channel 1");
    m->cpu.cr[2] = 0x80000000u >> 1;
    io_wait(m);
    cr_assert_eq(be32(m->mem + LC_IO_ADDR), 0x00000109);
    cr_assert_eq(csw_us(m), CE_DE);
    con_free(&c);
}

Test(io, interruptions_from_two_devices_in_order)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    FILE *out2 = tmpfile();
    struct device *d2 = con3215_new(0x00A, out2, NULL, NULL);
    chan_attach(m, d2);
    put_ebcdic(m, BUF, "AB");
    put_ccw(m, CCWS, 0x09, CCW_SLI, 2, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    run_loop(m, 100);
    cr_assert_eq(sio(m, 0x00A), 0);
    run_loop(m, 20000);   /* both done */
    io_wait(m);
    cr_assert_eq(be32(m->mem + LC_IO_ADDR), 0x009);
    cr_assert_eq(tch(m, 0x000), 1, "the other is still pending");
    io_wait(m);
    cr_assert_eq(be32(m->mem + LC_IO_ADDR), 0x00A);
    cr_assert_eq(tch(m, 0x000), 0);
    con_free(&c);
    fclose(out2);
}

/* ---- TIO --------------------------------------------------------------------------------- */

Test(io, TIO_condition_codes)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    cr_assert_eq(tio(m, 0x009), 0, "available");
    cr_assert_eq(tio(m, 0x00A), 3, "not operational");
    put_ebcdic(m, BUF, "AB");
    put_ccw(m, CCWS, 0x09, CCW_SLI, 2, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    cr_assert_eq(tio(m, 0x009), 2, "busy");
    run_loop(m, 20000);
    memset(m->mem + LC_CSW, 0xEE, 8);
    cr_assert_eq(tio(m, 0x009), 1, "interruption pending: CSW stored");
    cr_assert_eq(csw_ccw(m), CCWS + 8);
    cr_assert_eq(csw_us(m), CE_DE);
    cr_assert_eq(csw_cs(m), 0);
    cr_assert_eq(tio(m, 0x009), 0, "and cleared");
    t_psw(m, 0x020A0000, 0x4000);
    cr_assert_eq(t_run(m, 100), STOP_IDLE, "no interruption left");
    con_free(&c);
}

Test(io, TIO_privileged)
{
    struct con c = con_new(NULL);
    t_psw(c.m, PROBLEM, T_CODE);
    cr_assert_eq(t_exec(c.m, "9D000009"), PGM_PRIVILEGED_OPERATION);
    con_free(&c);
}

/* ---- HIO --------------------------------------------------------------------------------- */

Test(io, HIO_working_device_ends_program_cc1)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ebcdic(m, BUF, "AB");
    put_ccw(m, CCWS, 0x09, CCW_SLI, 2, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    memset(m->mem + LC_CSW, 0xEE, 8);
    cr_assert_eq(hio(m, 0x009), 1);
    cr_assert_eq(csw_us(m), CE_DE);
    cr_assert_eq(tio(m, 0x009), 0, "the device is available again");
    t_psw(m, 0x020A0000, 0x4000);
    cr_assert_eq(t_run(m, 100), STOP_IDLE, "no interruption follows");
    cr_assert_str_empty(output(&c), "halted before it wrote");
    con_free(&c);
}

Test(io, HIO_pending_interruption_cc0)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ebcdic(m, BUF, "AB");
    put_ccw(m, CCWS, 0x09, CCW_SLI, 2, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    run_loop(m, 20000);
    cr_assert_eq(hio(m, 0x009), 0);
    io_wait(m);   /* still pending */
    cr_assert_eq(csw_us(m), CE_DE);
    con_free(&c);
}

Test(io, HIO_idle_device_cc1_and_no_device_cc3)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    memset(m->mem + LC_CSW, 0xEE, 8);
    cr_assert_eq(hio(m, 0x009), 1);
    cr_assert_eq(csw_us(m), 0);
    cr_assert_eq(csw_cs(m), 0);
    cr_assert_eq(hio(m, 0x00A), 3);
    con_free(&c);
}

Test(io, HIO_ends_read_waiting_for_input)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ccw(m, CCWS, 0x0A, CCW_SLI, 10, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    run_loop(m, 20000);
    cr_assert(con3215_reading(c.d));
    cr_assert_eq(hio(m, 0x009), 1);
    cr_assert_not(con3215_reading(c.d));
    cr_assert_eq(tio(m, 0x009), 0);
    con_free(&c);
}

Test(io, HIO_privileged)
{
    struct con c = con_new(NULL);
    t_psw(c.m, PROBLEM, T_CODE);
    cr_assert_eq(t_exec(c.m, "9E000009"), PGM_PRIVILEGED_OPERATION);
    con_free(&c);
}

/* ---- TCH --------------------------------------------------------------------------------- */

Test(io, TCH_condition_codes)
{
    struct machine *bare = t_new();
    cr_assert_eq(tch(bare, 0x000), 3, "no channels at all");
    t_free(bare);

    struct con c = con_new(NULL);
    struct machine *m = c.m;
    cr_assert_eq(tch(m, 0x000), 0);
    cr_assert_eq(tch(m, 0x0FF), 0, "only the channel part of the address counts");
    cr_assert_eq(tch(m, 0x100), 3);
    put_ebcdic(m, BUF, "AB");
    put_ccw(m, CCWS, 0x09, CCW_SLI, 2, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    cr_assert_eq(tch(m, 0x000), 0, "working, not in burst mode");
    run_loop(m, 20000);
    cr_assert_eq(tch(m, 0x000), 1, "interruption pending");
    io_wait(m);
    cr_assert_eq(tch(m, 0x000), 0);
    con_free(&c);
}

Test(io, TCH_privileged)
{
    struct con c = con_new(NULL);
    t_psw(c.m, PROBLEM, T_CODE);
    cr_assert_eq(t_exec(c.m, "9F000000"), PGM_PRIVILEGED_OPERATION);
    con_free(&c);
}

/* ---- the 3215 console ---------------------------------------------------------------------- */

Test(io, console_reads_lines_from_file_then_eof_is_unit_exception)
{
    struct con c = con_new("first line\nsecond\n");
    struct machine *m = c.m;
    put_ccw(m, CCWS, 0x0A, CCW_SLI, 80, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert(has_ebcdic(m, BUF, "first line"));
    cr_assert_eq(m->mem[BUF + 10], 0, "no newline stored");
    cr_assert_eq(csw_res(m), 70);
    put_ccw(m, CCWS, 0x0A, CCW_SLI, 80, BUF + 0x100);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert(has_ebcdic(m, BUF + 0x100, "second"));
    cr_assert_eq(csw_us(m), CE_DE);
    put_ccw(m, CCWS, 0x0A, CCW_SLI, 80, BUF + 0x200);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_eq(csw_us(m), CE_DE | US_UX);
    cr_assert_eq(csw_cs(m), 0);
    cr_assert_eq(csw_res(m), 80);
    cr_assert_eq(m->mem[BUF + 0x200], 0);
    con_free(&c);
}

Test(io, console_eof_without_SLI_has_no_incorrect_length)
{
    struct con c = con_new("");
    struct machine *m = c.m;
    put_ccw(m, CCWS, 0x0A, 0, 80, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_eq(csw_us(m), CE_DE | US_UX);
    cr_assert_eq(csw_cs(m), 0);
    con_free(&c);
}

Test(io, console_invalid_command_is_unit_check_then_sense_command_reject)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ebcdic(m, BUF + 0x100, "NO");
    put_ccw(m, CCWS, 0x05, CCW_CC | CCW_SLI, 2, BUF);
    put_ccw(m, CCWS + 8, 0x09, CCW_SLI, 2, BUF + 0x100);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_eq(csw_us(m), CE_DE | US_UC);
    cr_assert_eq(csw_cs(m), 0);
    cr_assert_eq(csw_ccw(m), CCWS + 8, "unit check ends the chain");
    cr_assert_str_empty(output(&c));
    /* sense: one byte, command reject */
    m->mem[BUF] = 0xEE;
    put_ccw(m, CCWS, 0x04, 0, 1, BUF);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_eq(m->mem[BUF], SENSE_CMDREJ);
    cr_assert_eq(csw_us(m), CE_DE);
    cr_assert_eq(csw_cs(m), 0);
    cr_assert_eq(csw_res(m), 0);
    /* the sense data is reset once read */
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_eq(m->mem[BUF], 0x00);
    con_free(&c);
}

Test(io, console_nop_and_sense_id)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ccw(m, CCWS, 0x03, CCW_CC | CCW_SLI, 1, BUF);
    put_ccw(m, CCWS + 8, 0xE4, CCW_SLI, 7, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert_eq(csw_us(m), CE_DE);
    cr_assert_eq(csw_cs(m), 0);
    cr_assert_eq(be32(m->mem + BUF), 0xFF321500);
    cr_assert_eq(csw_res(m), 3);
    con_free(&c);
}

Test(io, console_attention_when_line_typed_while_idle)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    cr_assert(con3215_input(m, c.d, "hello"));
    io_wait(m);
    cr_assert_eq(be32(m->mem + LC_IO_ADDR), 0x009);
    cr_assert_eq(csw_us(m), US_ATTN);
    cr_assert_eq(csw_cs(m), 0);
    put_ccw(m, CCWS, 0x0A, CCW_SLI, 20, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    io_wait(m);
    cr_assert(has_ebcdic(m, BUF, "hello"));
    cr_assert_eq(csw_res(m), 15);
    con_free(&c);
}

Test(io, console_read_waits_for_typed_line)
{
    struct con c = con_new(NULL);
    struct machine *m = c.m;
    put_ccw(m, CCWS, 0x0A, CCW_SLI, 20, BUF);
    set_caw(m, 0, CCWS);
    cr_assert_eq(sio(m, 0x009), 0);
    t_psw(m, 0x020A0000, 0x4000);
    cr_assert_eq(t_run(m, 100), STOP_IDLE, "nothing to do until a line is typed");
    cr_assert(con3215_reading(c.d));
    cr_assert_eq(tio(m, 0x009), 2, "busy while waiting");
    cr_assert(con3215_input(m, c.d, "typed 42"));
    io_wait(m);
    cr_assert(has_ebcdic(m, BUF, "typed 42"));
    cr_assert_eq(csw_us(m), CE_DE, "no attention: the line answered the read");
    cr_assert_eq(csw_res(m), 12);
    con_free(&c);
}
