/* pvabi.h: the paravirtual interruption mask, as CP (cp/pv.c) and its
 * guests (psw_ops.h, CMS) both see it. One header, so the two sides
 * cannot disagree on a number.
 *
 * Design note. On the flawed machine SSM, STOSM and STNSM in problem
 * state change nothing and do not trap, so a guest supervisor that CP
 * runs in problem state (trap mode) cannot mask interruptions with them.
 * Xen met POPF the same way: a paravirtual guest keeps its interrupt mask
 * in storage it shares with the hypervisor (vcpu_info's
 * evtchn_upcall_mask), the hypervisor reads it whenever it is entered and
 * delivers nothing the mask holds back, and the guest, when it unmasks,
 * looks at a "pending" byte the hypervisor keeps and calls it only if
 * something waits. Masking and unmasking then cost no entry at all.
 *
 * The guest registers the area with DIAGNOSE X'0C8' (Rx = a function,
 * Ry = the area's guest real address for PV_REGISTER):
 *
 *   PV_REGISTER  CP uses the area from now on: condition code 0; 3: not
 *                available (sie mode, where SIE interprets the native
 *                instructions against the guest's PSW). Specification
 *                exception: the area not on a doubleword, or in the
 *                architected low core (0-511), or an unknown function;
 *                addressing exception: not inside its storage.
 *   PV_DELIVER   the guest has just unmasked with PV_PENDING set: CP
 *                takes the mask and delivers what it now lets in. The
 *                condition code is left as it was, so the old PSW of
 *                what is delivered carries the guest's own.
 *   PV_WITHDRAW  CP stops using the area (cc 0); the mask is the PSW's.
 *
 * A re-IPL (the CPU reset) withdraws it too. The area is guest
 * real storage, which CP maps for the VM's life: there is no page the
 * guest could free from under it.
 */
#ifndef CREASY_PVABI_H
#define CREASY_PVABI_H

#define PV_DIAG 0x0C8          /* DIAGNOSE code */
#define PV_REGISTER 0          /* Rx's function codes */
#define PV_DELIVER 1
#define PV_WITHDRAW 2

#define PV_AREA_LEN 8          /* on a doubleword: it never crosses a page */
#define PV_MASK 0              /* byte: the guest writes the I/O and external mask bits it wants, */
                               /* in the PSW's positions (X'02' I/O, X'01' external); CP reads it */
                               /* at every entry from the VM, and writes the PSW's own at every exit */
#define PV_PENDING 1           /* byte: CP writes which of those the mask holds back (same bits) */
#define PV_PSW0 4              /* word: CP's copy of the virtual PSW's first word, as it left the VM */
                               /* (for a paravirtual EPSW; the mask, CC and program mask are live) */
#define PV_MASK_BITS 0x03      /* the mask bits the area carries */

#endif
