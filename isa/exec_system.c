/* exec_system.c: storage keys, translation control, channel I/O and SIE.
 *
 * Storage-key and translation changes purge what the TLB cached about
 * them and leave the inner loop, so the next access is checked afresh.
 * The I/O instructions run with exact time (the channel schedules its
 * work in virtual time from the moment of the SIO) and leave the inner
 * loop, whose slice was sized before the new event existed.
 */
#include "channel.h"
#include "dat.h"
#include "exec.h"

/* A real address -> absolute: itself, or a guest's through sie_abs().
 * 0 or the program-interruption code. */
static int real_to_abs(struct cpu *c, u32 real, u32 *abs)
{
    *abs = real;
    return c->sie.active ? sie_abs(c, real, abs) : 0;
}

/* Real address in R2 -> frame, or an addressing exception. */
#define FRAME_OF_R2(frame)                                           \
    u32 frame;                                                       \
    {                                                                \
        int code_ = real_to_abs(c, GR(in->r2) & ADDR_MASK, &frame);  \
        if (code_)                                                   \
            PGM(code_);                                              \
        frame >>= PAGE_SHIFT;                                        \
    }                                                                \
    if (frame >= c->m->nframes)                                      \
        PGM(PGM_ADDRESSING)

/* B229 ISKE - Insert Storage Key Extended [RRE] */
DEF_INSN(iske)
{
    PRIVILEGED();
    FRAME_OF_R2(frame);
    GR(in->r1) = (GR(in->r1) & 0xFFFFFF00u) | (c->m->keys[frame] & 0xFE);
    DONE();
}
END_INSN

/* B22B SSKE - Set Storage Key Extended [RRE] */
DEF_INSN(sske)
{
    PRIVILEGED();
    FRAME_OF_R2(frame);
    c->m->keys[frame] = GR(in->r1) & 0xFE;
    tlb_purge_frame(c->m, frame);
    EXIT(cpu_exit_after(c, in));
}
END_INSN

/* B22A RRBE - Reset Reference Bit Extended [RRE] */
DEF_INSN(rrbe)
{
    PRIVILEGED();
    FRAME_OF_R2(frame);
    u8 k = c->m->keys[frame];
    c->cc = ((k & SKEY_R) ? 2 : 0) | ((k & SKEY_C) ? 1 : 0);
    c->m->keys[frame] = k & ~SKEY_R;
    tlb_purge_frame(c->m, frame);   /* the next access must set R again */
    EXIT(cpu_exit_after(c, in));
}
END_INSN

/* B1 LRA - Load Real Address [RX]: translates whatever the DAT mode;
 * an unavailable translation is a condition code, not an interruption. */
DEF_INSN(lra)
{
    struct dat_result r;
    PRIVILEGED();
    enum dat_fault f = dat_walk(c, EA_RX(c, in), &r);
    switch (f) {
    case DAT_OK:
        GR(in->r1) = r.real;
        c->cc = 0;
        break;
    case DAT_SEG_INVALID:
        GR(in->r1) = r.entry;
        c->cc = 1;
        break;
    case DAT_PAGE_INVALID:
        GR(in->r1) = r.entry;
        c->cc = 2;
        break;
    case DAT_SEG_LENGTH:
    case DAT_PAGE_LENGTH:
        GR(in->r1) = r.entry;
        c->cc = 3;
        break;
    case DAT_SPEC:
    case DAT_ADDRESSING:
    case DAT_HOST:
        PGM(dat_fault_code(f));
    }
    DONE();
}
END_INSN

/* B20D PTLB - Purge TLB [S] */
DEF_INSN(ptlb)
{
    PRIVILEGED();
    tlb_purge(c->m);
    EXIT(cpu_exit_after(c, in));
}
END_INSN

/* B221 IPTE - Invalidate Page Table Entry [RRE]: R1 the page-table
 * origin, R2 bits 12-19 the page index. */
DEF_INSN(ipte)
{
    PRIVILEGED();
    if ((c->cr[0] & CR0_TRANS_FORMAT) != CR0_TRANS_FORMAT_VALUE)
        PGM(PGM_TRANSLATION_SPECIFICATION);
    u32 pte = ((GR(in->r1) & STE_PTO) + ((GR(in->r2) & 0x000FF000u) >> 10)) & ADDR_MASK;
    int code = real_to_abs(c, pte, &pte);
    if (code)
        PGM(code);
    if (!stor_valid(c->m, pte, 4))
        PGM(PGM_ADDRESSING);
    stor_write32(c->m, pte, stor_read32(c->m, pte) | PTE_INVALID);
    tlb_purge(c->m);
    EXIT(cpu_exit_after(c, in));
}
END_INSN

/* E501 TPROT - Test Protection [SSE]: may the key in bits 24-27 of the
 * second-operand address fetch and store at the first operand? */
DEF_INSN(tprot)
{
    u32 va = EA_1(c, in), key = (EA_2(c, in) >> 4) & 15, real = va;
    bool protect = false;
    PRIVILEGED();
    if (c->psw_sys & PSW0_T) {
        struct dat_result r;
        enum dat_fault f = dat_walk(c, va, &r);
        if (f == DAT_SPEC || f == DAT_ADDRESSING || f == DAT_HOST)
            PGM(dat_fault_code(f));
        if (f != DAT_OK) {
            c->cc = 3;
            DONE();
        }
        real = r.real;
        protect = r.protect;
    }
    int code = real_to_abs(c, real, &real);
    if (code)
        PGM(code);
    if (real >= c->m->mem_size)
        PGM(PGM_ADDRESSING);
    u8 skey = c->m->keys[real >> PAGE_SHIFT];
    bool match = key == 0 || (skey >> 4) == key;
    bool lap = (c->cr[0] & CR0_LOW_PROTECT) && va < 512;
    if (!match && (skey & SKEY_F))
        c->cc = 2;
    else if (!match || protect || lap)
        c->cc = 1;
    else
        c->cc = 0;
    DONE();
}
END_INSN

/* The I/O instructions: device address in bits 16-31 of the operand
 * address; nothing is fetched. */

/* 9C00 SIO - Start I/O [S] */
DEF_INSN(sio)
{
    EXACT_TIME();
    PRIVILEGED();
    c->cc = (u8)chan_sio(c->m, (u16)EA_2(c, in));
    EXIT(cpu_exit_after(c, in));   /* the run loop must see new I/O events */
}
END_INSN

/* 9D00 TIO - Test I/O [S] */
DEF_INSN(tio)
{
    EXACT_TIME();
    PRIVILEGED();
    c->cc = (u8)chan_tio(c->m, (u16)EA_2(c, in));
    EXIT(cpu_exit_after(c, in));   /* the run loop must see new I/O events */
}
END_INSN

/* 9E00 HIO - Halt I/O [S] */
DEF_INSN(hio)
{
    EXACT_TIME();
    PRIVILEGED();
    c->cc = (u8)chan_hio(c->m, (u16)EA_2(c, in));
    EXIT(cpu_exit_after(c, in));   /* the run loop must see new I/O events */
}
END_INSN

/* 9F00 TCH - Test Channel [S] */
DEF_INSN(tch)
{
    EXACT_TIME();
    PRIVILEGED();
    c->cc = (u8)chan_tch(c->m, (u16)EA_2(c, in));
    EXIT(cpu_exit_after(c, in));   /* the run loop must see new I/O events */
}
END_INSN

/* B214 SIE - Start Interpretive Execution [S]: the operand is the real
 * address of the state description; the guest runs until interception
 * (machine/cpu/sie.c). Under SIE itself it is intercepted (PRIVILEGED). */
DEF_INSN(sie)
{
    u32 sd = EA_2(c, in);
    EXACT_TIME();   /* the clocks change hands */
    PRIVILEGED();
    if (sd & (SIE_SD_LENGTH - 1))
        PGM(PGM_SPECIFICATION);
    if (!stor_valid(c->m, sd, SIE_SD_LENGTH))
        PGM(PGM_ADDRESSING);
    EXIT(sie_enter(c, in, sd));
}
END_INSN
