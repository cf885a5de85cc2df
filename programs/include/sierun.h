/* sierun.h: SIE for programs that are hypervisors themselves (the
 * kernels and adversaries that run a guest of their own: hostsie.c,
 * siecp.c). run_sie(sd) issues SIE on the state description at sd with
 * GR0-13 from guest_gr, and stores GR0-13 back into guest_gr when SIE
 * completes: the machine shares GR0-13 between host and guest and gives
 * the host back its own GR14-15. sie_insn is the SIE instruction's
 * address, where an interruption that ends interpretation leaves the
 * host's old PSW. Include it in one file of a program. */
#ifndef CREASY_SIERUN_H
#define CREASY_SIERUN_H

#include "creasy.h"

u32 guest_gr[14];

__asm__(".section .text\n"
        "run_sie:\n"
        "    stm   %r6,%r15,24(%r15)\n"
        "    lr    %r14,%r2\n"
        "    larl  %r1,guest_gr\n"
        "    lm    %r0,%r13,0(%r1)\n"
        "sie_insn:\n"
        "    sie   0(%r14)\n"
        "    stm   %r0,%r1,0(%r15)\n"
        "    larl  %r1,guest_gr\n"
        "    stm   %r2,%r13,8(%r1)\n"
        "    mvc   0(8,%r1),0(%r15)\n"
        "    lm    %r6,%r15,24(%r15)\n"
        "    br    %r14\n");
void run_sie(u32 sd);
extern char sie_insn[];

#endif
