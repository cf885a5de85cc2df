/* harness.c: see harness.h. */
#include <ctype.h>
#include <criterion/criterion.h>
#include <stdlib.h>
#include <unistd.h>

#include "channel.h"
#include "harness.h"

#define HARNESS_WAIT 0x00DEAD00u

static const u16 new_psws[] = {LC_EXT_NEW_PSW, LC_SVC_NEW_PSW, LC_PGM_NEW_PSW, LC_MCK_NEW_PSW, LC_IO_NEW_PSW};

struct machine *t_new(void)
{
    struct machine *m = machine_new(T_STORAGE);
    cr_assert_not_null(m);
    for (size_t i = 0; i < sizeof new_psws / sizeof new_psws[0]; i++)
        put64(m->mem + new_psws[i], 0x000A000080000000ull | HARNESS_WAIT | new_psws[i]);
    t_psw(m, 0x00080000, T_CODE);
    return m;
}

void t_free(struct machine *m) { machine_free(m); }

void t_put(struct machine *m, u32 addr, const char *hex)
{
    u8 buf[4096];
    u32 n = 0;
    for (const char *p = hex; *p;) {
        if (isspace((unsigned char)*p)) {
            p++;
            continue;
        }
        cr_assert(isxdigit((unsigned char)p[0]) && isxdigit((unsigned char)p[1]), "bad hex '%s'", hex);
        char pair[3] = {p[0], p[1], 0};
        buf[n++] = (u8)strtoul(pair, NULL, 16);
        p += 2;
    }
    cr_assert(stor_valid(m, addr, n));
    stor_write(m, addr, buf, n);
}

void t_put32(struct machine *m, u32 addr, u32 v) { stor_write32(m, addr, v); }

u32 t_get32(struct machine *m, u32 addr) { return stor_read32(m, addr); }

void t_psw(struct machine *m, u32 w0, u32 ia)
{
    cpu_load_psw(&m->cpu, (u64)w0 << 32 | 0x80000000u | ia);
}

enum stop t_run(struct machine *m, u64 n) { return cpu_run(m, n); }

bool t_took(struct machine *m, u32 new_psw_offset)
{
    return (m->cpu.psw_sys & PSW0_WAIT) && m->cpu.ia == (HARNESS_WAIT | new_psw_offset);
}

int t_exec_at(struct machine *m, u32 addr)
{
    m->cpu.ia = addr;
    u64 before = m->cpu.icount;
    cpu_run(m, 1);
    cr_assert_eq(m->cpu.icount - before, 1, "exactly one instruction should run");
    if (t_took(m, LC_PGM_NEW_PSW))
        return be16(m->mem + LC_PGM_CODE);
    return 0;
}

int t_exec(struct machine *m, const char *hex)
{
    t_put(m, T_CODE, hex);
    return t_exec_at(m, T_CODE);
}

u32 t_old_ia(struct machine *m, u32 old_psw_offset) { return be32(m->mem + old_psw_offset + 4) & ADDR_MASK; }

int t_ilc(struct machine *m) { return m->mem[LC_PGM_ILC] & 0x06; }

static void slurp(FILE *f, char *buf, size_t cap)
{
    lseek(fileno(f), 0, SEEK_SET);
    ssize_t n = read(fileno(f), buf, cap - 1);
    buf[n > 0 ? n : 0] = 0;
}

int t_run_tool(int (*tool_main)(int, char **), int argc, char **argv, char *out, size_t out_cap, char *err,
               size_t err_cap)
{
    FILE *o = tmpfile(), *e = tmpfile();
    cr_assert(o && e);
    fflush(stdout);
    fflush(stderr);
    int save_out = dup(1), save_err = dup(2);
    dup2(fileno(o), 1);
    dup2(fileno(e), 2);
    int status = tool_main(argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(save_out, 1);
    dup2(save_err, 2);
    close(save_out);
    close(save_err);
    slurp(o, out, out_cap);
    slurp(e, err, err_cap);
    fclose(o);
    fclose(e);
    return status;
}
