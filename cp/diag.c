/* diag.c: DIAGNOSE, the hypercall, with VM/370's numbering. The code is
 * the instruction's operand address; Rx and Ry are register numbers.
 *
 *   X'08'  CP command: Rx = address of the command text (EBCDIC, guest
 *          real), Ry = its length (at most 132). CP's response goes to
 *          the user's terminal; Ry gets CP's return code.
 *   X'18'  disk I/O: Rx = the minidisk's virtual address, Ry = a channel
 *          program (define extent, locate, read or write) in guest real
 *          storage. CP runs it through the same CCW translation as SIO,
 *          synchronously: no I/O interruption; condition code 0 done, 1
 *          error with Rx = unit status << 8 | channel status, 3 no such
 *          minidisk (or it is busy). (VM/370 used R15; a C guest cannot
 *          give up its stack pointer.)
 *   X'60'  storage size: Rx = the virtual machine's storage size.
 *   X'C8'  the paravirtual interruption mask (pv.c, pvabi.h): Rx = the
 *          function (0 register the area at Ry, 1 deliver what the mask
 *          now lets in, 2 withdraw); cc 3 in sie mode.
 *
 * Any other code is a specification exception, as on the bare machine.
 */
#include "cp.h"


static void diag08(struct vm *vm, u32 *gr, u32 rx, u32 ry)
{
    char line[133];
    u32 n = gr[ry];
    u32 a = n <= 132 ? gacc_g2r(vm, gr[rx] & PSW_ADDR, n) : 0;
    if (!a || !n) {
        gr[ry] = (u32)-1;   /* nothing CP can read */
        return;
    }
    memcpy(line, (const void *)a, n);
    line[n] = 0;
    gr[ry] = (u32)cp_command(vm, vm->terminal, line);
}

void diag_diagnose(struct vm *vm, u32 rx, u32 ry, u32 code)
{
    u32 *gr = vm_gr(vm);
    vm->ios += code == 0x18;
    switch (code) {   /* the whole operand address: X'10060' is no X'60' */
    case 0x08:
        diag08(vm, gr, rx, ry);
        return;
    /* LAB paravirt: BEGIN */
    case 0x18: {
        u32 status;
        int cc = vdisk_diag18(vm, rx, (u16)gr[rx], gr[ry] & PSW_ADDR, &status);
        if (cc >= 0) {   /* refused at once */
            vm_set_cc(vm, (u32)cc);
            if (cc)
                gr[rx] = status;
        }
        return;   /* otherwise the VM waits; vdisk.c sets the condition code */
    }
    /* LAB paravirt: END */
    case 0x60:
        gr[rx] = vm->size;
        return;
    case PV_DIAG:
        pv_diagnose(vm, rx, ry);
        return;
    default: {
        u32 ilc = 4;
        refl_pgm(vm, PGM_SPECIFICATION, ilc, 0);
        return;
    }
    }
}
