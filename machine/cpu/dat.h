/* dat.h: dynamic address translation (dat.c). */
#ifndef CREASY_DAT_H
#define CREASY_DAT_H

#include "machine.h"

enum dat_fault {
    DAT_OK,
    DAT_SEG_LENGTH,    /* segment index beyond the table */
    DAT_SEG_INVALID,   /* segment-table entry invalid */
    DAT_PAGE_LENGTH,   /* page index beyond the table */
    DAT_PAGE_INVALID,  /* page-table entry invalid */
    DAT_SPEC,          /* bad CR0 format or reserved entry bits */
    DAT_HOST,          /* under SIE: the host's DAT could not map a guest table */
    DAT_ADDRESSING,    /* a table entry outside storage */
};

struct dat_result {
    u32 real;          /* translated real address */
    u32 entry;         /* real address of the last entry read (for LRA) */
    bool protect;      /* page-protection bit */
};

enum dat_fault dat_walk(struct cpu *c, u32 va, struct dat_result *r);
enum dat_fault dat_walk_host(struct cpu *c, u32 va, struct dat_result *r);
int dat_fault_code(enum dat_fault f);

#endif
