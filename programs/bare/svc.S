/* svc.S: supervisor calls on the bare machine. Installs an SVC new PSW,
 * issues SVC 5 three times and SVC 9 once; the handler adds each SVC
 * number (from low core, 0x8A) to R6, checks the ILC (0x89) is 2, and
 * returns through the SVC old PSW. Passes if R6 = 5+5+5+9 = 24. */
        .section .text.start,"ax"
        .globl  _start
_start:
        basr    %r12,0
.Lb:    mvc     0x60(8,%r0),.Lsvcnew-.Lb(%r12)   /* SVC new PSW -> handler */
        sr      %r6,%r6
        svc     5
        svc     5
        svc     5
        svc     9
        chi     %r6,24
        jne     .Lfail
        lpsw    .Lpass-.Lb(%r12)
.Lfail: lpsw    .Lfailpsw-.Lb(%r12)

        .globl  svc_handler
svc_handler:
        lh      %r7,0x8a(%r0)          /* SVC interruption code */
        ar      %r6,%r7
        cli     0x89,2                 /* ILC: 2 bytes */
        jne     .Lbadilc
        lpsw    0x20(%r0)              /* back through the SVC old PSW */
.Lbadilc:
        lpsw    .Lfailpsw-.Lb(%r12)

        .align  8
.Lsvcnew:  .long 0x00080000, 0x80000000 + svc_handler
.Lpass:    .long 0x000A0000, 0x8000600D
.Lfailpsw: .long 0x000A0000, 0x80BAD001
        .section .note.GNU-stack,"",@progbits
