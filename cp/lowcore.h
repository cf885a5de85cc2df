/* lowcore.h: the real low-core fields CP uses, for C and for start.S
 * (plain numbers only). The architected ones are LC_* in the generated
 * arch.h; the VM table's anchor is VMT_ANCHOR in vmtable.h. */
#ifndef CREASY_CP_LOWCORE_H
#define CREASY_CP_LOWCORE_H

#define LC_CP_GR 0x200          /* 64: the current VM's registers (or CP's at IPL) */
#define LC_CP_RUN_PSW 0x240     /* 8: the real PSW that runs the current VM */
#define LC_CP_SCRATCH 0x248     /* 8: STNSM's old mask */
#define LC_CP_PROBE 0x250       /* 8: the program new PSW, kept while probing storage */
#define LC_CP_PGM_GR 0x280      /* 64: registers at a program check in CP itself */

#endif
