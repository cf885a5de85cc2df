/* dat.c: ESA/390 dynamic address translation.
 *
 * Design note. dat_walk() is the architected table walk and nothing else:
 * CR0 format check, segment-table length and entry, page-table length and
 * entry, reserved bits. It reports which step failed and the real address
 * of the entry involved, because LRA turns those into condition codes
 * while ordinary accesses turn them into program interruptions
 * (dat_fault_code). Caching is the TLB's business (access.c).
 *
 * Table entries are read at real addresses through table_fetch(), the
 * one place that knows how a real address becomes an absolute one: the
 * same address, or under SIE a guest's real address through the guest's
 * origin and the host's own DAT, the two-dimensional walk.
 */
#include "access.h"
#include "dat.h"
#include "machine.h"

/* Fetch a word at real address `ra` for the CPU's own use (DAT tables):
 * no key checks, sets the reference bit. Under SIE a guest's real address
 * goes through sie_abs() first (a host DAT exception there is the
 * host's: DAT_HOST). */
static enum dat_fault table_fetch(struct cpu *c, u32 ra, bool guest, u32 *v)
{
    struct machine *m = c->m;
    if (guest) {
        int code = sie_abs(c, ra, &ra);
        if (code)
            return code & PGM_HOST_FAULT ? DAT_HOST : DAT_ADDRESSING;
    }
    if (ra > m->mem_size - 4)
        return DAT_ADDRESSING;
    *v = be32(m->mem + ra);
    m->keys[ra >> PAGE_SHIFT] |= SKEY_R;
    return DAT_OK;
}

/* The walk through the tables CR0 and CR1 describe, read at real
 * addresses (a guest's, under SIE, when `guest`). */
static enum dat_fault walk(struct cpu *c, u32 cr0, u32 cr1, bool guest, u32 va, struct dat_result *r)
{
    u32 ste, pte;
    enum dat_fault f;
    r->protect = false;
    r->entry = 0;
    if ((cr0 & CR0_TRANS_FORMAT) != CR0_TRANS_FORMAT_VALUE)
        return DAT_SPEC;
    /* segment: index = va bits 1-11; length check on bits 1-7 */
    r->entry = ((cr1 & CR1_STO) + ((va & 0x7FF00000u) >> 18)) & ADDR_MASK;
    if (((va >> 24) & 0x7F) > (cr1 & CR1_STL))
        return DAT_SEG_LENGTH;
    if ((f = table_fetch(c, r->entry, guest, &ste)) != DAT_OK)
        return f;
    if (ste & STE_INVALID)
        return DAT_SEG_INVALID;
    if ((ste & STE_MUST_BE_ZERO) || ((ste & STE_COMMON) && (cr1 & CR1_PRIVATE)))
        return DAT_SPEC;
    /* page: index = va bits 12-19; length check on bits 12-15 */
    r->entry = ((ste & STE_PTO) + ((va & 0x000FF000u) >> 10)) & ADDR_MASK;
    if (((va >> 16) & 0xF) > (ste & STE_PTL))
        return DAT_PAGE_LENGTH;
    if ((f = table_fetch(c, r->entry, guest, &pte)) != DAT_OK)
        return f;
    if (pte & PTE_INVALID)
        return DAT_PAGE_INVALID;
    if (pte & PTE_MUST_BE_ZERO)
        return DAT_SPEC;
    r->protect = (pte & PTE_PROTECT) != 0;
    r->real = (pte & PTE_PFRA) | (va & PAGE_MASK);
    return DAT_OK;
}

/* The CPU's DAT: the current CRs (a guest's own, under SIE). */
enum dat_fault dat_walk(struct cpu *c, u32 va, struct dat_result *r)
{
    return walk(c, c->cr[0], c->cr[1], c->sie.active, va, r);
}

/* The host's DAT while a guest is interpreted: its CRs as SIE saved them,
 * its tables at host real addresses. */
enum dat_fault dat_walk_host(struct cpu *c, u32 va, struct dat_result *r)
{
    return walk(c, c->sie.host_cr[0], c->sie.host_cr[1], false, va, r);
}

int dat_fault_code(enum dat_fault f)
{
    switch (f) {
    case DAT_OK:
        return 0;
    case DAT_SEG_LENGTH:
    case DAT_SEG_INVALID:
        return PGM_SEGMENT_TRANSLATION;
    case DAT_PAGE_LENGTH:
    case DAT_PAGE_INVALID:
        return PGM_PAGE_TRANSLATION;
    case DAT_SPEC:
        return PGM_TRANSLATION_SPECIFICATION;
    case DAT_ADDRESSING:
        return PGM_ADDRESSING;
    case DAT_HOST:
        return PGM_HOST_FAULT | PGM_ADDRESSING;   /* sie.host_fault says which */
    }
    return PGM_ADDRESSING;
}
