/* selfmod.S: stores into the instruction stream, which the CPU must see
 * in the instructions it executes afterwards. creasy keeps decoded
 * instructions per 4K page, so each case is also a cache-invalidation
 * test:
 *   1  MVI into the immediately following instruction
 *   2  an instruction rewritten on every pass of a loop (STC, ST, STH)
 *   3  a subroutine in another page rewritten between calls
 *   4  code copied with MVC into a data buffer, run, overwritten, run again
 *   5  an EXECUTE target rewritten between executions
 *   6  instructions that straddle a 4K boundary (AHI, LARL), rewritten
 *      from either side
 *   7  code rewritten by MVCL, STM and CS
 * Results go to `res` (tests/diff/run.sh dumps it) and R2-R11; the end is
 * the pass wait 0000600D. It brings its own _start (no crt0). */
        .text
        .globl  _start
_start:
        larl    %r13,_start             /* base for the data below (< 4K away) */
        larl    %r12,res

        /* 1: the next instruction */
        lhi     %r2,0
        mvi     t1+3-_start(%r13),5
t1:     ahi     %r2,1                   /* runs as AHI 2,5 */
        st      %r2,0(%r12)

        /* 2: the immediate of an instruction, rewritten on every pass */
        lhi     %r3,0
        lhi     %r4,10
        lhi     %r5,1
.Lloop2:
        stc     %r5,t2+3-_start(%r13)
t2:     ahi     %r3,0                   /* adds 1, 2, ... 10 */
        ahi     %r5,1
        brct    %r4,.Lloop2
        st      %r3,4(%r12)
        /* a whole instruction, alternating between two forms */
        lhi     %r6,1
        lhi     %r4,6
        l       %r7,ins_ahi6-_start(%r13)      /* AHI 6,100 */
        l       %r8,ins_sll6-_start(%r13)      /* SLL 6,1 */
.Lloop2b:
        st      %r7,t2b-_start(%r13)
t2b:    nopr    %r0
        nopr    %r0
        lr      %r9,%r7
        lr      %r7,%r8
        lr      %r8,%r9
        brct    %r4,.Lloop2b
        st      %r6,8(%r12)
        /* STH over the immediate halfword */
        lhi     %r4,0x1234
        sth     %r4,t2c+2-_start(%r13)
t2c:    lhi     %r10,0
        st      %r10,12(%r12)

        /* 3: a subroutine in another page, rewritten between calls */
        larl    %r9,sub3
        lhi     %r2,7
        basr    %r14,%r9                /* r2 = 7 * 3 */
        st      %r2,16(%r12)
        mvi     3(%r9),11               /* MHI 2,3 -> MHI 2,11 */
        basr    %r14,%r9                /* r2 = 21 * 11 */
        st      %r2,20(%r12)
        mvc     0(4,%r9),ins_ahi2m1-_start(%r13)       /* -> AHI 2,-1 */
        basr    %r14,%r9
        st      %r2,24(%r12)

        /* 4: code copied into a buffer, run, overwritten, run again */
        larl    %r1,buf
        mvc     0(code4a_len,%r1),code4a-_start(%r13)
        lhi     %r2,5
        basr    %r14,%r1                /* r2 = (5 << 4) + 1 */
        st      %r2,28(%r12)
        mvc     0(code4b_len,%r1),code4b-_start(%r13)
        basr    %r14,%r1                /* r2 ^= 0xFF, r3 = 1 */
        st      %r2,32(%r12)
        st      %r3,36(%r12)
        mvc     0(code4a_len,%r1),code4a-_start(%r13)
        mvi     3(%r1),8                /* SLL 2,4 -> SLL 2,8 */
        lhi     %r2,3
        basr    %r14,%r1
        st      %r2,40(%r12)

        /* 5: an EXECUTE target rewritten between executions */
        lhi     %r2,100
        lhi     %r3,7
        ex      %r0,t5-_start(%r13)     /* AR 2,3 */
        mvi     t5-_start(%r13),0x1b    /* -> SR 2,3 */
        ex      %r0,t5-_start(%r13)
        ex      %r0,t5-_start(%r13)
        st      %r2,44(%r12)
        mvi     t5+1-_start(%r13),0x03  /* SR 0,3 ... */
        lhi     %r4,0x20
        ex      %r4,t5-_start(%r13)     /* ... ORed into SR 2,3 */
        st      %r2,48(%r12)

        /* 6: instructions across a 4K boundary */
        larl    %r9,strad1
        lhi     %r2,0
        basr    %r14,%r9                /* AHI 2,0x1234 */
        st      %r2,52(%r12)
        mvc     2(2,%r9),half_5566-_start(%r13)  /* the immediate, in the next page */
        basr    %r14,%r9
        st      %r2,56(%r12)
        mvi     1(%r9),0x3a             /* AHI 3,... : the first page's half */
        lhi     %r3,1
        basr    %r14,%r9
        st      %r3,60(%r12)
        larl    %r9,strad2
        basr    %r14,%r9                /* LARL 2,sub3 */
        st      %r2,64(%r12)
        mvc     4(2,%r9),half_0010-_start(%r13)  /* low half of I2 */
        basr    %r14,%r9
        st      %r2,68(%r12)

        /* 7: MVCL, STM and CS into code */
        larl    %r2,buf
        lhi     %r3,code4b_len
        larl    %r4,code4b
        lr      %r5,%r3
        mvcl    %r2,%r4
        larl    %r1,buf
        lhi     %r2,0x0F
        basr    %r14,%r1                /* r2 = 0x0F ^ 0xFF */
        st      %r2,72(%r12)
        l       %r6,ins_ahi2_99-_start(%r13)
        l       %r7,ins_br14-_start(%r13)
        stm     %r6,%r7,0(%r1)          /* AHI 2,99 ; BR 14 ; NOPR */
        basr    %r14,%r1
        st      %r2,76(%r12)
        l       %r7,ins_sll2_3-_start(%r13)
        cs      %r6,%r7,0(%r1)          /* equal: AHI 2,99 -> SLL 2,3 */
        ipm     %r8
        basr    %r14,%r1
        st      %r2,80(%r12)
        st      %r8,84(%r12)

        lm      %r2,%r11,0(%r12)        /* results also in registers */
        lpsw    done-_start(%r13)

        .align  8
done:   .long   0x000A0000, 0x8000600D
ins_ahi6:       ahi     %r6,100
ins_sll6:       sll     %r6,1
ins_ahi2m1:     ahi     %r2,-1
ins_ahi2_99:    ahi     %r2,99
ins_br14:       br      %r14
                nopr    %r0
ins_sll2_3:     sll     %r2,3
t5:     ar      %r2,%r3
half_5566:      .short  0x5566
half_0010:      .short  0x0010
code4a: sll     %r2,4
        ahi     %r2,1
        br      %r14
        .set    code4a_len, .-code4a
code4b: lhi     %r3,0xFF
        xr      %r2,%r3
        lhi     %r3,1
        br      %r14
        .set    code4b_len, .-code4b

        /* the next page: a subroutine, and an AHI ending in the page after */
        .balign 4096
sub3:   mhi     %r2,3
        br      %r14
        .org    sub3+4096-2
strad1: ahi     %r2,0x1234
        br      %r14
        .org    strad1+4096-2
strad2: larl    %r2,sub3
        br      %r14

        .data
        .align  8
        .globl  res
        .type   res,@object
        .size   res,96
res:    .fill   24,4,0
buf:    .fill   64,1,0
        .section .note.GNU-stack,"",@progbits
