/* test_misc.c: the ELF loader's checks (machine/host/elf.h), the EBCDIC
 * tables, and number and size parsing (machine/host/options.h). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "channel.h"
#include "elf.h"
#include "harness.h"
#include "options.h"

/* ---- ELF ----------------------------------------------------------------------------- */

#define EH 52   /* ELF32 header */
#define PH 32   /* program header */

struct seg {
    u32 paddr, filesz, memsz;
    const u8 *data;
};

/* An ELF32 big-endian S/390 executable with the given PT_LOAD segments;
 * returns its size. */
static size_t make_elf(u8 *f, size_t cap, u32 entry, const struct seg *segs, int nseg)
{
    memset(f, 0, cap);
    memcpy(f, "\177ELF", 4);
    f[4] = 1;   /* ELFCLASS32 */
    f[5] = 2;   /* big-endian */
    f[6] = 1;
    put16(f + 16, 2);    /* ET_EXEC */
    put16(f + 18, 22);   /* EM_S390 */
    put32(f + 20, 1);
    put32(f + 24, entry);
    put32(f + 28, EH);   /* phoff */
    put16(f + 40, EH);
    put16(f + 42, PH);
    put16(f + 44, (u16)nseg);
    put16(f + 46, 40);
    size_t off = EH + (size_t)nseg * PH;
    for (int i = 0; i < nseg; i++) {
        u8 *ph = f + EH + i * PH;
        put32(ph, 1);   /* PT_LOAD */
        put32(ph + 4, (u32)off);
        put32(ph + 8, segs[i].paddr);
        put32(ph + 12, segs[i].paddr);
        put32(ph + 16, segs[i].filesz);
        put32(ph + 20, segs[i].memsz);
        put32(ph + 24, 7);
        put32(ph + 28, 4096);
        cr_assert_leq(off + segs[i].filesz, cap);
        if (segs[i].data)
            memcpy(f + off, segs[i].data, segs[i].filesz);
        off += segs[i].filesz;
    }
    return off;
}

/* Write `len` bytes to a fresh temporary file; its name goes to `path`. */
static void write_temp(char *path, const void *data, size_t len)
{
    strcpy(path, "/tmp/creasy-elf-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, data, len), (ssize_t)len);
    close(fd);
}

struct load {
    int rc;
    char err[256];
    char path[64];
};

static struct load load_bytes(struct machine *m, const void *data, size_t len, struct elf_image *img)
{
    struct load r;
    memset(r.err, 0, sizeof r.err);
    write_temp(r.path, data, len);
    r.rc = elf_load(m, r.path, img, r.err, sizeof r.err);
    unlink(r.path);
    return r;
}

static void cr_assert_load_error(const struct load *r, const char *reason)
{
    cr_assert_eq(r->rc, -1);
    size_t n = strlen(r->path);
    cr_assert(strncmp(r->err, r->path, n) == 0 && r->err[n] == ':', "message '%s' starts with the path", r->err);
    cr_assert_not_null(strstr(r->err, reason), "message '%s' says '%s'", r->err, reason);
}

static const u8 code8[8] = {0x41, 0x10, 0x00, 0x07, 0x0A, 0x00, 0x07, 0xFE};

Test(misc, elf_loads_segments_and_entry)
{
    struct machine *m = t_new();
    static struct elf_image img;
    u8 f[512];
    const u8 more[4] = {0xDE, 0xAD, 0xBE, 0xEF};
    struct seg segs[] = {{0x10000, 8, 16, code8}, {0x20000, 4, 4, more}};
    size_t len = make_elf(f, sizeof f, 0x10000, segs, 2);
    memset(m->mem + 0x10000, 0xEE, 32);
    struct load r = load_bytes(m, f, len, &img);
    cr_assert_eq(r.rc, 0, "%s", r.err);
    cr_assert_eq(img.entry, 0x10000);
    cr_assert_eq(img.lo, 0x10000);
    cr_assert_eq(img.hi, 0x20004);
    cr_assert_eq(memcmp(m->mem + 0x10000, code8, 8), 0);
    for (int i = 8; i < 16; i++)
        cr_assert_eq(m->mem[0x10000 + i], 0, "bss cleared");
    cr_assert_eq(m->mem[0x10010], 0xEE, "nothing past memsz");
    cr_assert_eq(be32(m->mem + 0x20000), 0xDEADBEEF);
    cr_assert_eq(img.nsyms, 0);
    t_free(m);
}

Test(misc, elf_rejects_non_elf_file)
{
    struct machine *m = t_new();
    static struct elf_image img;
    char text[200];
    memset(text, 'x', sizeof text);
    struct load r = load_bytes(m, text, sizeof text, &img);
    cr_assert_load_error(&r, "not an ELF file");
    t_free(m);
}

Test(misc, elf_rejects_truncated_header)
{
    struct machine *m = t_new();
    static struct elf_image img;
    u8 f[512];
    struct seg segs[] = {{0x10000, 8, 8, code8}};
    make_elf(f, sizeof f, 0x10000, segs, 1);
    struct load r = load_bytes(m, f, 40, &img);
    cr_assert_load_error(&r, "not an ELF file");
    t_free(m);
}

Test(misc, elf_rejects_truncated_program_headers)
{
    struct machine *m = t_new();
    static struct elf_image img;
    u8 f[512];
    struct seg segs[] = {{0x10000, 8, 8, code8}};
    make_elf(f, sizeof f, 0x10000, segs, 1);
    struct load r = load_bytes(m, f, EH + 10, &img);
    cr_assert_load_error(&r, "past the end of the file");
    t_free(m);
}

Test(misc, elf_rejects_truncated_segment_data)
{
    struct machine *m = t_new();
    static struct elf_image img;
    u8 f[512];
    struct seg segs[] = {{0x10000, 8, 8, code8}};
    size_t len = make_elf(f, sizeof f, 0x10000, segs, 1);
    struct load r = load_bytes(m, f, len - 3, &img);
    cr_assert_load_error(&r, "past the end of the file");
    cr_assert_eq(m->mem[0x10000], 0, "nothing loaded");
    t_free(m);
}

Test(misc, elf_rejects_64_bit_and_little_endian)
{
    struct machine *m = t_new();
    static struct elf_image img;
    u8 f[512];
    struct seg segs[] = {{0x10000, 8, 8, code8}};
    size_t len = make_elf(f, sizeof f, 0x10000, segs, 1);
    f[4] = 2;   /* ELFCLASS64 */
    struct load r = load_bytes(m, f, len, &img);
    cr_assert_load_error(&r, "not a 32-bit big-endian ELF");
    f[4] = 1;
    f[5] = 1;   /* little-endian */
    r = load_bytes(m, f, len, &img);
    cr_assert_load_error(&r, "not a 32-bit big-endian ELF");
    t_free(m);
}

Test(misc, elf_rejects_other_machine_and_type)
{
    struct machine *m = t_new();
    static struct elf_image img;
    u8 f[512];
    struct seg segs[] = {{0x10000, 8, 8, code8}};
    size_t len = make_elf(f, sizeof f, 0x10000, segs, 1);
    put16(f + 18, 62);   /* x86-64 */
    struct load r = load_bytes(m, f, len, &img);
    cr_assert_load_error(&r, "not S/390");
    put16(f + 18, 22);
    put16(f + 16, 1);    /* relocatable */
    r = load_bytes(m, f, len, &img);
    cr_assert_load_error(&r, "not an executable");
    t_free(m);
}

Test(misc, elf_rejects_segment_that_does_not_fit_and_loads_nothing)
{
    struct machine *m = t_new();
    static struct elf_image img;
    u8 f[512];
    struct seg segs[] = {{0x10000, 8, 8, code8}, {T_STORAGE - 0x800, 4, 0x1000, code8}};
    size_t len = make_elf(f, sizeof f, 0x10000, segs, 2);
    struct load r = load_bytes(m, f, len, &img);
    cr_assert_load_error(&r, "does not fit");
    cr_assert_eq(m->mem[0x10000], 0, "the first segment was not loaded either");
    struct seg wrap[] = {{0xFFFFF000, 8, 0x2000, code8}};   /* paddr + memsz wraps */
    len = make_elf(f, sizeof f, 0x10000, wrap, 1);
    r = load_bytes(m, f, len, &img);
    cr_assert_load_error(&r, "does not fit");
    t_free(m);
}

Test(misc, elf_rejects_bad_entry_point)
{
    struct machine *m = t_new();
    static struct elf_image img;
    u8 f[512];
    struct seg segs[] = {{0x10000, 8, 8, code8}};
    size_t len = make_elf(f, sizeof f, 0x10001, segs, 1);
    struct load r = load_bytes(m, f, len, &img);
    cr_assert_load_error(&r, "entry point");
    len = make_elf(f, sizeof f, T_STORAGE, segs, 1);
    r = load_bytes(m, f, len, &img);
    cr_assert_load_error(&r, "entry point");
    t_free(m);
}

Test(misc, elf_missing_file)
{
    struct machine *m = t_new();
    static struct elf_image img;
    char err[256] = "";
    cr_assert_eq(elf_load(m, "/nonexistent/creasy.elf", &img, err, sizeof err), -1);
    cr_assert_eq(strncmp(err, "/nonexistent/creasy.elf: ", 25), 0, "%s", err);
    t_free(m);
}

/* ---- EBCDIC ---------------------------------------------------------------------------- */

Test(misc, ebcdic_tables_are_inverses)
{
    for (int i = 0; i < 256; i++) {
        cr_assert_eq(ascii_to_ebcdic[ebcdic_to_ascii[i]], i, "EBCDIC %02X", i);
        cr_assert_eq(ebcdic_to_ascii[ascii_to_ebcdic[i]], i, "ASCII %02X", i);
    }
}

Test(misc, ebcdic_ibm1047_code_points)
{
    static const struct { u8 ascii, ebcdic; } pts[] = {
        {' ', 0x40}, {'A', 0xC1}, {'I', 0xC9}, {'J', 0xD1}, {'R', 0xD9}, {'S', 0xE2}, {'Z', 0xE9},
        {'a', 0x81}, {'z', 0xA9}, {'0', 0xF0}, {'9', 0xF9}, {'.', 0x4B}, {'\n', 0x25},
        {'[', 0xAD}, {']', 0xBD}, {'^', 0x5F}, {'!', 0x5A}, {'|', 0x4F}, {'@', 0x7C}, {0, 0},
    };
    for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
        cr_assert_eq(ascii_to_ebcdic[pts[i].ascii], pts[i].ebcdic, "'%c'", pts[i].ascii);
        cr_assert_eq(ebcdic_to_ascii[pts[i].ebcdic], pts[i].ascii, "'%c'", pts[i].ascii);
    }
}

/* ---- options ------------------------------------------------------------------------------ */

Test(misc, parse_size_accepts)
{
    static const struct { const char *s; u32 v; } ok[] = {
        {"64K", 65536}, {"64k", 65536}, {"16M", 16u << 20}, {"16m", 16u << 20}, {"1G", 1u << 30},
        {"2G", 0x80000000u}, {"1048576", 1u << 20}, {"4100K", 4100u << 10}, {"2048M", 0x80000000u},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        u32 v = 0;
        cr_assert_eq(parse_size(ok[i].s, &v), 0, "%s", ok[i].s);
        cr_assert_eq(v, ok[i].v, "%s", ok[i].s);
    }
}

Test(misc, parse_size_rejects)
{
    static const char *const bad[] = {
        "", "-1M", "63K", "65535", "3G", "2049M", "4097K", "16MB", "M", "0x100000", "16 M", "1T",
        "17179869185G",          /* 2^34+1 G: 1G after a 64-bit overflow */
        "18014398509483008K",    /* 2^54+1024 K: 1M after a 64-bit overflow */
        "99999999999999999999",  /* beyond 64 bits */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        u32 v = 0xDEADBEEF;
        cr_assert_eq(parse_size(bad[i], &v), -1, "%s", bad[i]);
        cr_assert_eq(v, 0xDEADBEEF, "%s: unchanged", bad[i]);
    }
    u32 v;
    cr_assert_eq(parse_size(NULL, &v), -1);
}

Test(misc, parse_hex32_accepts_and_rejects)
{
    static const struct { const char *s; u32 v; } ok[] = {
        {"0", 0}, {"1f", 0x1F}, {"1F", 0x1F}, {"0x10", 0x10}, {"0X10", 0x10}, {"FFFFFFFF", 0xFFFFFFFF},
        {"00000000FFFFFFFF", 0xFFFFFFFF},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        u32 v = 0xDEADBEEF;
        cr_assert_eq(parse_hex32(ok[i].s, &v), 0, "%s", ok[i].s);
        cr_assert_eq(v, ok[i].v, "%s", ok[i].s);
    }
    static const char *const bad[] = {"", "-1", "100000000", "G", "12 ", "0x", "12G", "1FFFFFFFFFFFFFFFFF"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        u32 v = 0xDEADBEEF;
        cr_assert_eq(parse_hex32(bad[i], &v), -1, "%s", bad[i]);
        cr_assert_eq(v, 0xDEADBEEF, "%s", bad[i]);
    }
    u32 v;
    cr_assert_eq(parse_hex32(NULL, &v), -1);
}

Test(misc, parse_u64_accepts_decimal_and_hex)
{
    static const struct { const char *s; u64 v; } ok[] = {
        {"0", 0}, {"42", 42}, {"0x2A", 42}, {"0X2a", 42},
        {"18446744073709551615", ~0ull}, {"0xFFFFFFFFFFFFFFFF", ~0ull},
        {"010", 10},   /* decimal, not octal */
        {"0009", 9},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        u64 v = 12345;
        cr_assert_eq(parse_u64(ok[i].s, &v), 0, "%s", ok[i].s);
        cr_assert_eq(v, ok[i].v, "%s gave %llu", ok[i].s, (unsigned long long)v);
    }
}

Test(misc, parse_u64_rejects)
{
    static const char *const bad[] = {
        "", "-1", "18446744073709551616", "12abc", "0x", "abc", "1 2",
        " -1",   /* a minus sign after blanks is still negative */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        u64 v = 12345;
        cr_assert_eq(parse_u64(bad[i], &v), -1, "'%s' gave %llu", bad[i], (unsigned long long)v);
        cr_assert_eq(v, 12345, "%s", bad[i]);
    }
    u64 v;
    cr_assert_eq(parse_u64(NULL, &v), -1);
}
