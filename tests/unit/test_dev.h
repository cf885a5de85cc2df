/* test_dev.h: what the device tests (test_dev_*.c) share: channel
 * programs run through real SIO instructions, the CSW, and host files.
 *
 *   struct machine *m = t_new();
 *   chan_attach(m, reader_new(0x00C, path, false, err, sizeof err));
 *   put_ccw(m, CCWS, 0x02, 0, 80, BUF);
 *   set_caw(m, 0, CCWS);
 *   cr_assert_eq(sio(m, 0x00C), 0);
 *   io_wait(m);                      enabled wait until the interruption
 *   cr_assert_eq(csw_us(m), CE_DE);
 */
#ifndef CREASY_TEST_DEV_H
#define CREASY_TEST_DEV_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "channel.h"
#include "devices.h"
#include "harness.h"

#define SUPER 0x00080000u
#define CCWS 0x1000u   /* channel programs */
#define BUF 0x3000u    /* data */
#define CE_DE (US_CE | US_DE)

static inline void put_ccw(struct machine *m, u32 addr, u8 cmd, u8 flags, u16 count, u32 data)
{
    u8 b[8] = {cmd, flags, (u8)(count >> 8), (u8)count};
    put32(b + 4, data);
    stor_write(m, addr, b, 8);
}

static inline void set_caw(struct machine *m, u8 key, u32 ccw) { put32(m->mem + LC_CAW, (u32)key << 28 | ccw); }

static inline void put_ebcdic(struct machine *m, u32 addr, const char *s)
{
    for (size_t i = 0; s[i]; i++)
        m->mem[addr + i] = ascii_to_ebcdic[(u8)s[i]];
}

static inline bool has_ebcdic(struct machine *m, u32 addr, const char *s)
{
    for (size_t i = 0; s[i]; i++)
        if (m->mem[addr + i] != ascii_to_ebcdic[(u8)s[i]])
            return false;
    return true;
}

/* An I/O instruction (9C00 SIO ... 9F00 TCH) in supervisor state: its cc. */
static inline int io_insn(struct machine *m, u16 op, u16 addr)
{
    char hex[16];
    snprintf(hex, sizeof hex, "%04X%04X", op, addr);
    t_psw(m, SUPER, T_CODE);
    m->cpu.cc = 0;
    cr_assert_eq(t_exec(m, hex), 0, "%s", hex);
    return m->cpu.cc;
}
static inline int sio(struct machine *m, u16 addr) { return io_insn(m, 0x9C00, addr); }
static inline int tio(struct machine *m, u16 addr) { return io_insn(m, 0x9D00, addr); }

/* Wait, enabled for I/O, for the next I/O interruption. */
static inline void io_wait(struct machine *m)
{
    memset(m->mem + LC_CSW, 0xEE, 8);
    t_psw(m, 0x020A0000, 0x4000);
    cr_assert_eq(t_run(m, 100), STOP_WAIT);
    cr_assert(t_took(m, LC_IO_NEW_PSW), "an I/O interruption");
    t_psw(m, SUPER, T_CODE);
}

/* Start the program at `ccws` on `addr` and wait for its interruption. */
static inline void run_program_at(struct machine *m, u16 addr, u32 ccws)
{
    set_caw(m, 0, ccws);
    cr_assert_eq(sio(m, addr), 0);
    io_wait(m);
    cr_assert_eq(be16(m->mem + 0xBA), addr, "the interruption is the device's");
}

static inline void run_program(struct machine *m, u16 addr) { run_program_at(m, addr, CCWS); }

static inline u32 csw_ccw(struct machine *m) { return be32(m->mem + LC_CSW) & 0x00FFFFFF; }
static inline u8 csw_us(struct machine *m) { return m->mem[LC_CSW + 4]; }
static inline u8 csw_cs(struct machine *m) { return m->mem[LC_CSW + 5]; }
static inline u16 csw_res(struct machine *m) { return be16(m->mem + LC_CSW + 6); }

/* Read `n` sense bytes into BUF + 0x800 with a program of its own at
 * CCWS + 0x800 (the one at CCWS stays); returns them. */
static inline const u8 *sense(struct machine *m, u16 addr, u16 n)
{
    memset(m->mem + BUF + 0x800, 0xEE, n);
    put_ccw(m, CCWS + 0x800, 0x04, CCW_SLI, n, BUF + 0x800);
    run_program_at(m, addr, CCWS + 0x800);
    cr_assert_eq(csw_us(m), CE_DE);
    return m->mem + BUF + 0x800;
}

/* ---- host files -------------------------------------------------------------- */

/* A temporary file holding `n` bytes of `data` (data NULL: none); its path
 * goes to `path` (at least 64 bytes). */
static inline void temp_file(char *path, const void *data, size_t n)
{
    strcpy(path, "/tmp/creasy-test-XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    if (n)
        cr_assert_eq(write(fd, data, n), (ssize_t)n);
    close(fd);
}

/* A path in a fresh temporary directory, for a file that does not exist. */
static inline void temp_name(char *path, const char *name)
{
    strcpy(path, "/tmp/creasy-test-XXXXXX");
    cr_assert_not_null(mkdtemp(path));
    strcat(path, "/");
    strcat(path, name);
}

/* The whole file, NUL-terminated (malloc'ed); its length in *n if n. */
static inline char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    rewind(f);
    char *buf = malloc(len + 1);
    cr_assert_eq(fread(buf, 1, len, f), (size_t)len);
    buf[len] = 0;
    fclose(f);
    if (n)
        *n = (size_t)len;
    return buf;
}

/* Remove `path` and, for a temp_name() path, its directory. */
static inline void temp_remove(const char *path)
{
    unlink(path);
    char dir[128];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir && !strncmp(dir, "/tmp/creasy-test-", 17) && strchr(dir + 17, '/') == slash) {
        *slash = 0;
        rmdir(dir);
    }
}

/* ---- channel-program checks every device must pass ----------------------------- */

/* An invalid command: unit check, then sense byte 0 = command reject. */
static inline void check_invalid_command(struct machine *m, u16 addr, u8 cmd, u16 sense_len)
{
    put_ccw(m, CCWS, cmd, CCW_SLI, 1, BUF);
    run_program(m, addr);
    cr_assert_eq(csw_us(m), CE_DE | US_UC, "command %02X: unit status %02X", cmd, csw_us(m));
    cr_assert_eq(csw_cs(m), 0);
    cr_assert_eq(sense(m, addr, sense_len)[0], SENSE_CMDREJ);
    cr_assert_eq(sense(m, addr, sense_len)[0], 0, "reading the sense resets it");
}

/* A first CCW with a zero count: program check at SIO, nothing runs. */
static inline void check_zero_count(struct machine *m, u16 addr, u8 cmd)
{
    put_ccw(m, CCWS, cmd, 0, 0, BUF);
    set_caw(m, 0, CCWS);
    memset(m->mem + LC_CSW, 0xEE, 8);
    cr_assert_eq(sio(m, addr), 1);
    cr_assert_eq(csw_cs(m), CS_PROGCHK);
    cr_assert_eq(csw_us(m), 0);
    cr_assert_eq(tio(m, addr), 0, "nothing started");
}

/* After command `cmd` (count bytes at BUF, command-chained), a TIC to a
 * TIC, and a TIC to an odd address: program check. */
static inline void check_bad_tic(struct machine *m, u16 addr, u8 cmd, u16 count)
{
    put_ccw(m, CCWS, cmd, CCW_CC | CCW_SLI, count, BUF);
    put_ccw(m, CCWS + 8, 0x08, 0, 0, CCWS + 0x100);
    put_ccw(m, CCWS + 0x100, 0x08, 0, 0, CCWS + 0x200);
    run_program(m, addr);
    cr_assert_eq(csw_cs(m), CS_PROGCHK, "TIC to TIC: channel status %02X", csw_cs(m));
    put_ccw(m, CCWS + 8, 0x08, 0, 0, CCWS + 0x105);
    run_program(m, addr);
    cr_assert_eq(csw_cs(m), CS_PROGCHK, "TIC to an odd address: channel status %02X", csw_cs(m));
}

#endif
