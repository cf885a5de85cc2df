/* test_storage.h: what the storage tests share (test_storage*.c): a
 * storage pattern, and the register pairs of the long forms. */
#ifndef CREASY_TEST_STORAGE_H
#define CREASY_TEST_STORAGE_H

#include "harness.h"

static inline void fill_bytes(struct machine *m, u32 addr, u32 len, u8 seed)
{
    for (u32 i = 0; i < len; i++)
        m->mem[addr + i] = (u8)(seed + i * 7);
}

/* MVCL 2,4: destination gr2/gr3, source gr4/gr5 (pad in gr5 bits 0-7). */
static inline void mvcl_regs(struct machine *m, u32 a1, u32 l1, u32 a2, u32 l2)
{
    m->cpu.gr[2] = a1;
    m->cpu.gr[3] = l1;
    m->cpu.gr[4] = a2;
    m->cpu.gr[5] = l2;
}

#endif
