/* crt0.S: start-up for bare-machine programs. Sets up the stack, clears
 * .bss, calls main(), and ends in a disabled wait: code 0000600D when
 * main returns 0 (pass), 00BADnnn otherwise (fail, nnn = the low 12 bits
 * of the return code). Registers 2 and 3 reach main as its arguments. */
#include "asm.h"

        .section .text.start,"ax"
        .globl  _start
_start:
        basr    %r13,0
.Lb:    l       %r15,.Lstack-.Lb(%r13)
        ahi     %r15,-96                 /* room for main's register save area */
        lr      %r8,%r2                  /* keep main's arguments */
        lr      %r9,%r3
        CLEAR_BSS
        lr      %r2,%r8
        lr      %r3,%r9
        l       %r1,.Lmain-.Lb(%r13)
        basr    %r14,%r1
        ltr     %r2,%r2
        jnz     .Lfail
        lpsw    .Lpass-.Lb(%r13)
.Lfail: n       %r2,.Lmask-.Lb(%r13)    /* keep the low 12 bits */
        o       %r2,.Lbad-.Lb(%r13)
        st      %r2,.Lfailpsw+4-.Lb(%r13)
        lpsw    .Lfailpsw-.Lb(%r13)
        .align  8
.Lpass: .long   0x000A0000, 0x8000600D
.Lfailpsw: .long 0x000A0000, 0
.Lmask: .long   0x00000FFF
.Lbad:  .long   0x80BAD000
.Lstack: .long  __stack_top
.Lmain: .long   main
        .section .note.GNU-stack,"",@progbits
