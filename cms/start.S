/* start.S: the CMS nucleus's entry from IPL and its interruption stubs.
 *
 * Design note. Every stub saves the registers in a fixed low-core area
 * (lowcore.h), which base register 0 reaches, takes its own stack, and
 * calls C. There is no nesting to worry about: new PSWs are disabled, and
 * the nucleus enables interruptions only in an enabled wait or while a
 * program runs. The program's state lives in LC_CMS_USER_GR/PSW: an SVC
 * or a program check in the program saves it there, and C either returns
 * (the stub resumes the program from there) or calls kernel_return(rc),
 * which makes run_program() return rc on the nucleus stack it was called
 * from. An I/O or external interruption returns to whatever it
 * interrupted, out of the wait state if that was a wait.
 */
#include "arch.h"
#include "asm.h"
#include "lowcore.h"

        .section .text.start,"ax"
        .globl  _start
_start:
        stm     %r0,%r15,LC_CMS_IPL_GR   /* first: CP's IPL PARM text, if any, is in them */
        larl    %r1,.Lsmall_pgm          /* is there storage for CMS (its BSS, stack and a */
        mvc     LC_PGM_NEW_PSW(8),0(%r1) /* user area)? if not, a program check says so: */
        larl    %r1,.Lneed               /* CMS's "storage too small", not a check-stop */
        l       %r1,0(%r1)
        ic      %r0,0(%r1)
        larl    %r15,__stack_top
        ahi     %r15,-96
        CLEAR_BSS
        brasl   %r14,cms_main
        larl    %r1,.Lend_psw            /* cms_main does not return; if it did: */
        lpsw    0(%r1)
        .align  8
.Lend_psw:
        .long   0x000A0000, 0x800C0000

/* Too little storage: the message with a polled SIO from what the IPL
 * loaded (cms_small_ccw, main.c: nothing in the BSS, which is not
 * there), then the disabled wait the nucleus gives at 512K. */
.Ltoo_small:
        larl    %r1,cms_small_ccw
        st      %r1,LC_CAW
        lhi     %r1,0x009
        .insn   s,0x9c000000,0(%r1)     /* SIO */
        jnz     .Lsmall_wait
.Lsmall_poll:
        .insn   s,0x9d000000,0(%r1)     /* TIO */
        brc     2,.Lsmall_poll           /* cc 2: still typing */
.Lsmall_wait:
        larl    %r1,.Lsmall_wait_psw
        lpsw    0(%r1)
        .align  8
.Lsmall_pgm:
        .long   0x00080000, 0x80000000 + .Ltoo_small
.Lsmall_wait_psw:
        .long   0x000A0000, 0x80000000 + 0x000C0001   /* CMS_WAIT_NUCLEUS_PGM (cms.h) */
.Lneed:
        .long   CMS_USER_BASE + 0x10000 - 1   /* the user area's first 64K, as find_storage asks (the linker's) */

        .text
/* void enabled_wait(void): wait for an I/O or external interruption,
 * then go on disabled. */
        .globl  enabled_wait
enabled_wait:
        larl    %r1,.Lwait_psw
        lpsw    0(%r1)
.Lresume:
        .globl  cms_resume_mask
cms_resume_mask:                         /* (cp.c patches it under PARM PV: NI of CP's shared area) */
        stnsm   LC_CMS_SCRATCH,0xFC      /* disabled again (an interruption already pending is taken first) */
        br      %r14
        .align  8
.Lwait_psw:
        .long   0x030A0000, 0x80000000 + .Lresume

/* int run_program(void): enter the program whose registers and PSW are
 * in LC_CMS_USER_*; returns what kernel_return() is given. */
        .globl  run_program
run_program:
        stm     %r6,%r15,LC_CMS_KERNEL
        lm      %r0,%r15,LC_CMS_USER_GR
        lpsw    LC_CMS_USER_PSW

/* void kernel_return(int rc): leave the program for good. */
        .globl  kernel_return
kernel_return:
        lm      %r6,%r15,LC_CMS_KERNEL
        br      %r14

/* int probe_storage(u32 addr): 1 if a byte can be fetched at addr; an
 * addressing exception (caught by a temporary program new PSW) says 0. */
        .globl  probe_storage
probe_storage:
        mvc     LC_CMS_PROBE(8),LC_PGM_NEW_PSW
        larl    %r1,.Lprobe_psw
        mvc     LC_PGM_NEW_PSW(8),0(%r1)
        lhi     %r3,1
        ic      %r0,0(%r2)
.Lprobe_done:
        mvc     LC_PGM_NEW_PSW(8),LC_CMS_PROBE
        lr      %r2,%r3
        br      %r14
.Lprobe_fail:
        lhi     %r3,0
        j       .Lprobe_done
        .align  8
.Lprobe_psw:
        .long   0x00080000, 0x80000000 + .Lprobe_fail

/* SVC: only programs issue them. */
        .globl  svc_entry
svc_entry:
        stm     %r0,%r15,LC_CMS_USER_GR
        mvc     LC_CMS_USER_PSW(8),LC_SVC_OLD_PSW
        larl    %r15,svc_stack_end
        ahi     %r15,-96
        lh      %r2,LC_SVC_CODE
        brasl   %r14,svc_dispatch
        lm      %r0,%r15,LC_CMS_USER_GR
        lpsw    LC_CMS_USER_PSW

/* Program check: in the program (problem state), or in the nucleus. */
        .globl  pgm_entry
pgm_entry:
        tm      LC_PGM_OLD_PSW+1,0x01    /* the P bit */
        jz      .Lnucleus
        stm     %r0,%r15,LC_CMS_USER_GR
        mvc     LC_CMS_USER_PSW(8),LC_PGM_OLD_PSW
        larl    %r15,svc_stack_end       /* no SVC is in progress: the program was running */
        ahi     %r15,-96
        brasl   %r14,program_check       /* returns only to resume the program (SPIE exit) */
        lm      %r0,%r15,LC_CMS_USER_GR
        lpsw    LC_CMS_USER_PSW
.Lnucleus:
        stm     %r0,%r15,LC_CMS_PGM_GR
        larl    %r15,pgm_stack_end
        ahi     %r15,-96
        brasl   %r14,nucleus_check       /* does not return */

/* I/O interruption */
        .globl  io_entry
io_entry:
        stm     %r0,%r15,LC_CMS_IO_GR
        larl    %r15,io_stack_end
        ahi     %r15,-96
        brasl   %r14,io_interrupt
        ltr     %r2,%r2
        jnz     .Lattention
        lm      %r0,%r15,LC_CMS_IO_GR
        ni      LC_IO_OLD_PSW+1,0xFD     /* out of the wait state, if it was one */
        lpsw    LC_IO_OLD_PSW
/* The user typed while the program ran: its state becomes the program's
 * (as at an SVC), and CMS reads the line on the SVC stack (no SVC is in
 * progress: the program was running); HX ends the program, else it
 * resumes. */
.Lattention:
        mvc     LC_CMS_USER_GR(64),LC_CMS_IO_GR
        mvc     LC_CMS_USER_PSW(8),LC_IO_OLD_PSW
        larl    %r15,svc_stack_end
        ahi     %r15,-96
        brasl   %r14,program_attention
        lm      %r0,%r15,LC_CMS_USER_GR
        lpsw    LC_CMS_USER_PSW

/* External interruption (the operator's interrupt key halts a program) */
        .globl  ext_entry
ext_entry:
        stm     %r0,%r15,LC_CMS_EXT_GR
        larl    %r15,ext_stack_end
        ahi     %r15,-96
        brasl   %r14,external_interrupt
        lm      %r0,%r15,LC_CMS_EXT_GR
        ni      LC_EXT_OLD_PSW+1,0xFD
        lpsw    LC_EXT_OLD_PSW

        .bss
        .align  8
        .space  16384
svc_stack_end:
        .space  4096
pgm_stack_end:
        .space  4096
io_stack_end:
        .space  4096
ext_stack_end:

        .section .note.GNU-stack,"",@progbits
