/* start.S: CP's entry from IPL, its interruption stubs and the way into a
 * virtual machine. Its names are start_*.
 *
 * Design note. Every stub stores the registers at LC_CP_GR (they are the
 * running VM's, or CP's own during IPL), takes CP's interruption stack
 * and calls C (trap.c). C normally ends by dispatching a VM
 * (start_run_vm, which loads LC_CP_GR and LC_CP_RUN_PSW) or by waiting
 * for work (start_idle_wait); only during IPL, when CP waits for its own
 * I/O, does an I/O or external handler return, and the stub then resumes
 * what was interrupted, out of its wait state.
 */
#include "arch.h"
#include "asm.h"
#include "lowcore.h"

        .section .text.start,"ax"
        .globl  _start
_start:
        larl    %r15,__stack_top
        ahi     %r15,-96
        CLEAR_BSS
        brasl   %r14,cp_main
        larl    %r1,.Lend_psw            /* cp_main does not return */
        lpsw    0(%r1)
        .align  8
.Lend_psw:
        .long   0x000A0000, 0x80CF0000

        .text
/* start_run_vm: into the current VM. The console finds this LPSW
 * (start_vm_lpsw) through the VM table (dispatch_psw) to stop as a VM is
 * entered. */
        .globl  start_run_vm, start_vm_lpsw
start_run_vm:
        lm      %r0,%r15,LC_CP_GR
start_vm_lpsw:
        lpsw    LC_CP_RUN_PSW

/* start_run_sie(sd): into the current VM under SIE (sie mode). GR0-13
 * are the guest's (from LC_CP_GR); CP is enabled for its own
 * interruptions while the guest runs, which end interpretation and arrive
 * with the old PSW at start_vm_sie (SIE is reissued after them) or, if
 * they were pending as interpretation ended, at start_after_sie.
 * Otherwise, when SIE completes: GR0-13 back to LC_CP_GR, disabled again,
 * and siemode_completed on CP's stack. The console finds start_vm_sie
 * through the VM table (dispatch_sie). */
        .globl  start_run_sie, start_vm_sie, start_after_sie
start_run_sie:
        lr      %r14,%r2
        lm      %r0,%r13,LC_CP_GR
        stosm   LC_CP_SCRATCH,0x03
start_vm_sie:
        sie     0(%r14)
start_after_sie:
        stnsm   LC_CP_SCRATCH,0xFC
        stm     %r0,%r13,LC_CP_GR
        larl    %r15,cp_stack_end
        ahi     %r15,-96
        brasl   %r14,siemode_completed

/* start_idle_wait: nothing to run; wait, enabled, for an interruption. */
        .globl  start_idle_wait
start_idle_wait:
        larl    %r1,.Lidle_psw
        lpsw    0(%r1)
        .align  8
.Lidle_psw:
        .long   0x030A0000, 0x80000000 + start_idle_wait

/* start_poll_wait: during IPL, wait for an interruption and return. */
        .globl  start_poll_wait
start_poll_wait:
        larl    %r1,.Lpoll_psw
        lpsw    0(%r1)
.Lpoll_resume:
        stnsm   LC_CP_SCRATCH,0xFC
        br      %r14
        .align  8
.Lpoll_psw:
        .long   0x030A0000, 0x80000000 + .Lpoll_resume

/* int start_probe_storage(u32 addr): 1 if a byte can be fetched there. */
        .globl  start_probe_storage
start_probe_storage:
        mvc     LC_CP_PROBE(8),LC_PGM_NEW_PSW
        larl    %r1,.Lprobe_psw
        mvc     LC_PGM_NEW_PSW(8),0(%r1)
        lhi     %r3,1
        ic      %r0,0(%r2)
.Lprobe_done:
        mvc     LC_PGM_NEW_PSW(8),LC_CP_PROBE
        lr      %r2,%r3
        br      %r14
.Lprobe_fail:
        lhi     %r3,0
        j       .Lprobe_done
        .align  8
.Lprobe_psw:
        .long   0x00080000, 0x80000000 + .Lprobe_fail

/* int start_probe_epsw(void): 1 if EPSW runs (spec.yaml's flawed
 * variant), 0 if it is an operation exception (the sound machine). */
        .globl  start_probe_epsw
start_probe_epsw:
        mvc     LC_CP_PROBE(8),LC_PGM_NEW_PSW
        larl    %r1,.Lprobe_psw
        mvc     LC_PGM_NEW_PSW(8),0(%r1)
        lhi     %r3,1
        .insn   rre,0xb98d0000,%r0,%r0
        j       .Lprobe_done

/* The interruption stubs (the new PSWs' addresses), into trap.c. */
        .macro  STUB name, handler
        .globl  \name
\name:
        stm     %r0,%r15,LC_CP_GR
        larl    %r15,cp_stack_end
        ahi     %r15,-96
        brasl   %r14,\handler
        .endm

        STUB    start_svc_entry, trap_svc
        STUB    start_pgm_entry, trap_pgm
        STUB    start_mck_entry, trap_mck

        STUB    start_io_entry, trap_io
        lm      %r0,%r15,LC_CP_GR        /* only during IPL does trap_io return */
        ni      LC_IO_OLD_PSW+1,0xFD
        lpsw    LC_IO_OLD_PSW

        STUB    start_ext_entry, trap_ext
        lm      %r0,%r15,LC_CP_GR
        ni      LC_EXT_OLD_PSW+1,0xFD
        lpsw    LC_EXT_OLD_PSW

        .bss
        .align  8
        .space  32768
cp_stack_end:

        .section .note.GNU-stack,"",@progbits
