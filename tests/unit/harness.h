/* harness.h: a machine for unit tests, and one-instruction execution.
 *
 *   struct machine *m = t_new();          1 MB, supervisor, key 0, masked
 *   m->cpu.gr[1] = 5;                      set up state directly
 *   int code = t_exec(m, "1A12");          AR 1,2 at T_CODE; 0 or the
 *                                          program-interruption code
 *   cr_assert_eq(m->cpu.cc, 2);
 *   t_free(m);
 *
 * Every new PSW in low core is a disabled wait at 0xDEADxx, as in
 * `creasy run`, so an interruption stops the machine where tests can see
 * it: t_exec() returns the program-interruption code, and t_old_psw(),
 * t_ilc() describe the interruption.
 */
#ifndef CREASY_TEST_HARNESS_H
#define CREASY_TEST_HARNESS_H

#include "access.h"
#include "machine.h"

#define T_CODE 0x2000u   /* where t_exec() places the instruction */
#define T_DATA 0x8000u   /* a free data area */
#define T_STORAGE (1u << 20)

struct machine *t_new(void);
void t_free(struct machine *m);

/* Store hex bytes ("1A12", spaces ignored) at `addr`. */
void t_put(struct machine *m, u32 addr, const char *hex);
void t_put32(struct machine *m, u32 addr, u32 v);
u32 t_get32(struct machine *m, u32 addr);

/* Put one instruction at T_CODE, point the PSW there, run it (exactly
 * one instruction, or the interruption it caused). Returns 0, or the
 * program-interruption code. */
int t_exec(struct machine *m, const char *hex);
/* The same, with the instruction already in storage at `addr`. */
int t_exec_at(struct machine *m, u32 addr);
/* Run up to n instructions from the current PSW; returns the stop. */
enum stop t_run(struct machine *m, u64 n);

/* After an interruption: the old PSW's address, and the ILC in bytes. */
u32 t_old_ia(struct machine *m, u32 old_psw_offset);
int t_ilc(struct machine *m);
/* True if the machine took an interruption of this class (its new PSW
 * is the harness's wait). */
bool t_took(struct machine *m, u32 new_psw_offset);

/* A PSW for the current state with the given bits in the first word. */
void t_psw(struct machine *m, u32 w0, u32 ia);

/* Run a host tool's main (creasy disk, creasy directory) on argv,
 * catching what it writes to stdout and stderr in out and err. */
int t_run_tool(int (*tool_main)(int, char **), int argc, char **argv, char *out, size_t out_cap, char *err,
               size_t err_cap);

#endif
