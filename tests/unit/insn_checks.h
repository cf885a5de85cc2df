/* insn_checks.h: checks the instruction tests share (insn_checks.c). */
#ifndef CREASY_TEST_INSN_CHECKS_H
#define CREASY_TEST_INSN_CHECKS_H

#include "harness.h"

/* A program interruption with this code, old PSW address and ILC (bytes). */
void expect_pgm(struct machine *m, int got, int code, u32 old_ia, int ilc);
int old_cc(struct machine *m);                      /* the CC in the program old PSW */
void save_gr(struct machine *m, u32 *g);            /* the 16 registers, to compare after */
void same_gr(struct machine *m, const u32 *g);      /* ... unchanged */
void fill_gr(struct machine *m);                    /* distinct register contents (GR0 zero) */
void expect_ok(struct machine *m, const char *hex, int len);   /* ran, PSW advanced by len */

/* The storage operand at 0(b) beyond storage: the addressing exception,
 * suppressing. `b2` (or -1) addresses a good second operand; `oplen` > 1
 * also tries an operand straddling the end of storage. */
void check_addressing_at(const char *hex, int len, int b, u32 addr, int b2);
void check_addressing2(const char *hex, int len, int b, int oplen, int b2);
void check_addressing(const char *hex, int len, int b, int oplen);

/* Key-controlled protection of the operand at T_DATA (via register b):
 * fetch with `data` there, store of `oplen` bytes; `b2` as above. */
void check_fetch_protection2(const char *hex, int len, int b, const char *data, int b2);
void check_fetch_protection(const char *hex, int len, int b, const char *data);
void check_store_protection2(const char *hex, int len, int b, u32 oplen, int b2);
void check_store_protection(const char *hex, int len, int b, u32 oplen);

#endif
