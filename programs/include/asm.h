/* asm.h: assembler macros the guests' start-up code shares (crt0s, CMS). */
#ifndef CREASY_ASM_H
#define CREASY_ASM_H

/* Clear .bss (the linker script's __bss_start to __bss_end): MVCLE with
 * no source pads with zeros. Uses R4-R7. */
        .macro  CLEAR_BSS
        larl    %r4,__bss_start
        larl    %r5,__bss_end
        sr      %r5,%r4
        sr      %r6,%r6
        sr      %r7,%r7
99:     mvcle   %r4,%r6,0
        jo      99b
        .endm

#endif
