/* timer.S: the CPU timer and the clock comparator on deterministic time.
 * Sets the CPU timer to 1 ms and waits, enabled for external
 * interruptions; the handler checks the code is 1005 (CPU timer). Then
 * sets the clock comparator 2 ms ahead of the TOD clock and waits again,
 * expecting code 1004. Passes if both interruptions arrive, in order, and
 * the TOD clock moved forward across each wait. (The comparator is
 * zero after reset, so it is set far ahead before its mask goes on.) */
        .section .text.start,"ax"
        .globl  _start
_start:
        basr    %r12,0
.Lb:    mvc     0x58(8,%r0),.Lextnew-.Lb(%r12)    /* external new PSW */
        sckc    .Lmax-.Lb(%r12)           /* after reset the comparator is 0: pending at once */
        stctl   %c0,%c0,.Lcr0-.Lb(%r12)
        oc      .Lcr0-.Lb(4,%r12),.Lmasks-.Lb(%r12)   /* CPU-timer and clock-comparator subclass masks */
        lctl    %c0,%c0,.Lcr0-.Lb(%r12)
        sr      %r6,%r6                   /* interruptions seen */
        stck    .Lt0-.Lb(%r12)
        spt     .Lonems-.Lb(%r12)         /* CPU timer: 1 ms */
        lpsw    .Lwait-.Lb(%r12)          /* enabled wait ... */
.Lafter1:
        chi     %r6,1
        jne     .Lfail
        stck    .Lt1-.Lb(%r12)
        clc     .Lt1-.Lb(8,%r12),.Lt0-.Lb(%r12)
        jnh     .Lfail                    /* time moved on */
        spt     .Lbig-.Lb(%r12)           /* CPU timer far away */
        lm      %r2,%r3,.Lt1-.Lb(%r12)    /* clock comparator = now + 2 ms */
        al      %r3,.Ltwoms-.Lb(%r12)
        brc     12,.Lnc                   /* no carry */
        ahi     %r2,1
.Lnc:   stm     %r2,%r3,.Lckc-.Lb(%r12)
        sckc    .Lckc-.Lb(%r12)
        lpsw    .Lwait2-.Lb(%r12)
.Lafter2:
        chi     %r6,2
        jne     .Lfail
        lpsw    .Lpass-.Lb(%r12)
.Lfail: lpsw    .Lfailpsw-.Lb(%r12)

ext_handler:
        ahi     %r6,1
        lh      %r7,0x86(%r0)             /* external interruption code */
        chi     %r6,1
        jne     .Lsecond
        chi     %r7,0x1005
        jne     .Lfail
        lpsw    .Lresume1-.Lb(%r12)
.Lsecond:
        chi     %r7,0x1004
        jne     .Lfail
        lpsw    .Lresume2-.Lb(%r12)

        .align  8
.Lextnew:  .long 0x00080000, 0x80000000 + ext_handler
.Lwait:    .long 0x010A0000, 0x80000000 + .Lafter1    /* external mask, wait */
.Lwait2:   .long 0x010A0000, 0x80000000 + .Lafter2
.Lresume1: .long 0x00080000, 0x80000000 + .Lafter1
.Lresume2: .long 0x00080000, 0x80000000 + .Lafter2
.Lpass:    .long 0x000A0000, 0x8000600D
.Lfailpsw: .long 0x000A0000, 0x80BAD002
.Lonems:   .quad 1000 << 12
.Lbig:     .quad 0x7FFFFFFFFFFFFFFF
.Lmax:     .quad 0xFFFFFFFFFFFFFFFF
.Ltwoms:   .long 2000 << 12
.Lmasks:   .long 0x00000C00
.Lcr0:     .long 0
        .align  8
.Lt0:      .quad 0
.Lt1:      .quad 0
.Lckc:     .quad 0
        .section .note.GNU-stack,"",@progbits
