/* lowcore.h: the low-core fields the CMS nucleus uses, for C and for the
 * assembler (start.S), so plain numbers only. The architected fields are
 * spec.yaml's (LC_* in the generated arch.h, which start.S includes too);
 * these lie above them, below 0x1000. */
#ifndef CREASY_CMS_LOWCORE_H
#define CREASY_CMS_LOWCORE_H

#define LC_CMS_USER_GR 0x200     /* 64: the program's registers (SVC, program check) */
#define LC_CMS_USER_PSW 0x240    /* 8: the program's PSW */
#define LC_CMS_KERNEL 0x248      /* 40: R6-R15 of run_program's caller */
#define LC_CMS_IO_GR 0x270       /* 64: registers across an I/O interruption */
#define LC_CMS_EXT_GR 0x2B0      /* 64: registers across an external interruption */
#define LC_CMS_SCRATCH 0x2F0     /* 8: STNSM's old mask */
#define LC_CMS_PGM_GR 0x300      /* 64: registers at a nucleus program check */
#define LC_CMS_PROBE 0x340       /* 8: the program new PSW, kept while probing storage */
#define LC_CMS_IPL_GR 0x348      /* 64: the registers at IPL: under CP, the IPL parameter */
#define LC_CMS_PV 0x388          /* 8: the paravirtual mask's area, shared with CP (pvabi.h, cp.c) */

#endif
