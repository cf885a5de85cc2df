/* fastpath.c: the short way for the privileged instructions an operating
 * system runs most, SSM, STNSM and STOSM.
 *
 * Design note. An OS masks and unmasks interruptions around every
 * critical section, so under trap-and-emulate these are most of its
 * traps. trap_pgm() asks here first, before any other work: if the trap is
 * one of them and nothing else could be due, the virtual PSW's system
 * mask is changed, the old mask stored, and the VM sent straight back
 * with the real old PSW (its registers are still where the trap stub put
 * them). "Nothing else could be due" means: no TRACE, no paravirtual
 * mask (pv.c: its mask is in its area, which only a full entry reads),
 * the guest in its own supervisor state with key 0 (no protection to
 * check) and DAT off, instruction and operand in its storage, the new
 * mask valid, translation not switched, and either no virtual
 * interruption that the new mask could let in (none pending, no clock
 * subclass enabled) or a
 * mask that does not open anything. Otherwise the answer is "no" and the
 * general way (sim_simulate(), then disp_resume()) does it, exceptions and all,
 * with the same result: this path only leaves out work that would have
 * found nothing to do. VM/370's virtual machine assist did the same for
 * these instructions in the CPU's microcode.
 */
#include "cp.h"

/* their opcodes, from spec.yaml's list */
#define FIRST_BYTE(name, op, bits, len) OP_##name = (op) >> 8,
enum { ARCH_PRIVILEGED_INSNS(FIRST_BYTE) };

bool fastpath_mask(struct vm *vm, const u32 *old)
{
    u32 ia = (old[1] - 4) & PSW_ADDR;
    if ((LOWCORE(u8, LC_PGM_ILC) & 0x06) != 4 || ia > vm->size - 4)
        return false;
    const u8 *b = (const u8 *)(vm->origin + ia);
    u32 op = b[0];
    if (op != OP_SSM && op != OP_STNSM && op != OP_STOSM)
        return false;   /* decided first: the other traps pay least */
    u32 vpsw0 = vm->vpsw[0];
    if ((vm->flags & VMT_F_TRACE_PRIV) || (vpsw0 & (PSW0_PROB | PSW0_T | PSW0_KEY)) || pv_on(vm))
        return false;
    if (op == OP_SSM && (vm->cr[0] & CR0_SSM_SUPPRESS))
        return false;
    u32 base = b[2] >> 4;
    u32 ea = ((base ? ((const u32 *)LC_CP_GR)[base] : 0) + ((u32)(b[2] & 0xF) << 8 | b[3])) & PSW_ADDR;
    if (ea >= vm->size || (op != OP_SSM && ea < 512 && (vm->cr[0] & CR0_LOW_PROTECT)))
        return false;   /* outside, or a store low-address protection refuses (DAT is off here) */
    u8 *p = (u8 *)(vm->origin + ea);
    u32 was = vpsw0 >> 24;
    u32 now = op == OP_SSM ? *p : op == OP_STOSM ? was | b[1] : was & b[1];
    if ((now << 24) & PSW0_MUST_BE_ZERO || ((now ^ was) << 24) & PSW0_T)
        return false;
    if (((now & ~was) << 24) & (PSW0_IO | PSW0_EXT) &&
        (vm->pending_io || vm->pending_ext || (vm->cr[0] & (CR0_CKC_MASK | CR0_CPT_MASK))))
        return false;   /* it opens the mask to something that may be waiting */
    if (op != OP_SSM)
        *p = (u8)was;
    vpsw0 = (vpsw0 & 0x00FFFFFFu & ~(PSW0_CC | PSW0_PM)) | now << 24 | (old[0] & (PSW0_CC | PSW0_PM));
    vm->vpsw[0] = vm->pub->vpsw[0] = vpsw0;   /* the pub copy: what the console shows */
    vm->vpsw[1] = vm->pub->vpsw[1] = old[1];
    vm->traps++;
    return true;
}
