/* io.S: interrupt-driven I/O on the bare machine. Writes a line to the
 * console at 009 with SIO, then waits enabled for I/O; the I/O
 * interruption must come from device 009 (low core 0xBA) with channel end
 * and device end in the CSW (0x44) and a zero residual count. Afterwards
 * TIO finds the device available (cc 0) and TIO of an absent device gives
 * cc 3. The text is EBCDIC, as the 3215 expects. */
        .section .text.start,"ax"
        .globl  _start
_start:
        basr    %r12,0
.Lb:    mvc     0x78(8,%r0),.Lionew-.Lb(%r12)    /* I/O new PSW */
        la      %r1,.Lccw-.Lb(%r12)
        st      %r1,0x48(%r0)                    /* CAW: key 0, the CCW */
        sr      %r6,%r6
        .insn   s,0x9c000000,0x009(%r0)          /* SIO 009 */
        brc     7,.Lfail                         /* cc must be 0 */
        lpsw    .Lwait-.Lb(%r12)                 /* enabled wait for the interruption */
.Lafter:
        chi     %r6,1
        jne     .Lfail
        .insn   s,0x9d000000,0x009(%r0)          /* TIO 009: available */
        brc     7,.Lfail
        .insn   s,0x9d000000,0x0EE(%r0)          /* TIO 0EE: not there */
        brc     14,.Lfail                        /* cc must be 3 */
        lpsw    .Lpass-.Lb(%r12)
.Lfail: lpsw    .Lfailpsw-.Lb(%r12)

io_handler:
        clc     0xba(2,%r0),.Ldev-.Lb(%r12)       /* from 009 */
        jne     .Lfail
        tm      0x44,0x0c                        /* channel end, device end */
        jno     .Lfail
        clc     0x46(2,%r0),.Lzero-.Lb(%r12)      /* residual count 0 */
        jne     .Lfail
        ahi     %r6,1
        lpsw    .Lresume-.Lb(%r12)

        .align  8
.Lccw:     .byte 0x09, 0x00                      /* write, carrier return */
           .short .Ltextend-.Ltext
           .long .Ltext
.Lionew:   .long 0x00080000, 0x80000000 + io_handler
.Lwait:    .long 0x020A0000, 0x80000000 + .Lafter  /* I/O mask, wait */
.Lresume:  .long 0x00080000, 0x80000000 + .Lafter
.Lpass:    .long 0x000A0000, 0x8000600D
.Lfailpsw: .long 0x000A0000, 0x80BAD003
.Ldev:     .short 0x0009
.Lzero:    .short 0
.Ltext:    .byte 0xC9, 0x61, 0xD6, 0x40, 0xC9, 0xD5, 0xE3, 0xC5, 0xD9, 0xD9, 0xE4, 0xD7, 0xE3, 0xC5, 0xC4
.Ltextend:
        .section .note.GNU-stack,"",@progbits
