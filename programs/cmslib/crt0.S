/* crt0.S: start-up for CMS programs (cmsapi.h). CMS enters with R2 =
 * argc, R3 = argv and R15 = the top of the user area; crt0 makes the
 * first stack frame there, clears .bss, calls main(argc, argv) and ends
 * the program with main's result as its return code (SVC EXIT). */
#include "cmsapi.h"

        .section .text.start,"ax"
        .globl  _start
_start:
        ahi     %r15,-96
        lr      %r8,%r2
        lr      %r9,%r3
        larl    %r4,__bss_start
        larl    %r5,__bss_end
        sr      %r5,%r4
        sr      %r6,%r6
        sr      %r7,%r7
.Lclr:  mvcle   %r4,%r6,0
        jo      .Lclr
        lr      %r2,%r8
        lr      %r3,%r9
        brasl   %r14,main
        svc     CMS_SVC_EXIT
        .section .note.GNU-stack,"",@progbits
