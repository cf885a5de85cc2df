/* crt0.S: start-up for CMS programs (cmsapi.h). CMS enters with R2 =
 * argc, R3 = argv and R15 = the top of the user area; crt0 makes the
 * first stack frame there, clears .bss, calls main(argc, argv) and ends
 * the program with main's result as its return code (SVC EXIT). */
#include "asm.h"
#include "cmsapi.h"

        .section .text.start,"ax"
        .globl  _start
_start:
        ahi     %r15,-96
        lr      %r8,%r2
        lr      %r9,%r3
        CLEAR_BSS
        lr      %r2,%r8
        lr      %r3,%r9
        brasl   %r14,main
        svc     CMS_SVC_EXIT
        .section .note.GNU-stack,"",@progbits
