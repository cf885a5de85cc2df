/* cmsapi.h: the interface between CMS and the programs it runs, shared by
 * the CMS nucleus (cms/svc.c) and the program runtime (programs/cmslib/).
 *
 * A program is an ELF file of file type MODULE, linked at CMS_USER_BASE.
 * CMS loads it into the user area (storage key CMS_USER_KEY; the nucleus
 * below it has key 0, so a wild store takes a protection exception) and
 * enters it in problem state with
 *     R2 = argc, R3 = argv (char *argv[argc + 1], argv[0] = the name,
 *          words upper-cased as CMS tokenizes them, read-only to the
 *          program), R14 = 0, R15 = 0.
 * It calls CMS with SVC n, arguments in R2-R4, result in R2 (a negative
 * result is -rc, with rc one of CMS_RC_*). Registers other than R2 are
 * preserved. The program ends with SVC CMS_SVC_EXIT (R2 = return code);
 * CMS then shows the ready message, "R;" for 0 and "R(nnnnn);" otherwise.
 *
 * A program check ends the program with an abend ("DMSABN148T SYSTEM
 * ABEND 0Cx CALLED FROM addr", return code 0x0C0 + the interruption
 * code), unless the program has set an exit with CMS_SVC_SPIE, as OS/360
 * programs did: CMS then stores the interruption in the program's
 * struct cms_pie and enters the exit (problem state) with R1 = the PIE;
 * the exit ends with CMS_SVC_RESUME, R2 = the PIE, and the program goes on
 * with the PIE's PSW and registers (which the exit may change). A program
 * check inside the exit is an abend.
 */
#ifndef CREASY_CMSAPI_H
#define CREASY_CMSAPI_H

#define CMS_USER_BASE 0x80000u   /* programs are linked here */
#define CMS_USER_KEY 8           /* the user area's storage key and the program's PSW key */

/* SVC numbers */
#define CMS_SVC_EXIT 1      /* R2 = return code; does not return */
#define CMS_SVC_WRTERM 2    /* R2 = text, R3 = length: one console line -> 0 */
#define CMS_SVC_RDTERM 3    /* R2 = buffer, R3 = size: one console line -> its length */
#define CMS_SVC_OPEN 4      /* R2 = file id "FN FT [FM]" (NUL-terminated), R3 = CMS_OPEN_*,
                               R4 = for writing, recfm << 24 | lrecl (0: V) -> handle */
#define CMS_SVC_READ 5      /* R2 = handle, R3 = buffer, R4 = size -> the record's length
                               (the record is cut to `size`), -CMS_RC_EOF after the last */
#define CMS_SVC_WRITE 6     /* R2 = handle, R3 = record, R4 = length -> 0 */
#define CMS_SVC_CLOSE 7     /* R2 = handle -> 0; a file being written is committed */
#define CMS_SVC_SPIE 8      /* R2 = exit routine (0: none), R3 = struct cms_pie -> 0 */
#define CMS_SVC_RESUME 9    /* R2 = struct cms_pie: go on with its PSW and registers */
#define CMS_SVC_COUNT 10

#define CMS_OPEN_READ 0
#define CMS_OPEN_WRITE 1    /* a new file, or a replacement committed at close */

/* record formats for CMS_OPEN_WRITE (R4 bits 0-7), as EBCDIC letters */
#define CMS_RECFM_F 0xC6
#define CMS_RECFM_V 0xE5

/* Return codes, as CMS reports them (the ready message shows them too). */
#define CMS_RC_EOF 12          /* end of file */
#define CMS_RC_DISKFULL 13     /* no room on the disk, or in its directory */
#define CMS_RC_INVALID 20      /* a bad file id, handle, mode or length */
#define CMS_RC_EXISTS 24       /* the new name is taken */
#define CMS_RC_NOTFOUND 28     /* no such file */
#define CMS_RC_NODISK 36       /* no disk accessed at that mode */
#define CMS_RC_RDONLY 37       /* the disk is read-only */
#define CMS_RC_BUSY 38         /* the file is open */
#define CMS_RC_TOOMANY 39      /* too many open files */
#define CMS_RC_IOERR 100       /* the device reported an error */
#define CMS_RC_CORRUPT 101     /* the file's blocks are damaged */
#define CMS_RC_UNKNOWN (-3)    /* not a command, not a program (the ready message shows R(-0003)) */
#define CMS_RC_ABEND 0x0C0     /* plus the program-interruption code */

#define CMS_MAX_OPEN 8

#ifndef __ASSEMBLER__
/* The program-interruption element a SPIE exit gets (R1), 80 bytes. */
struct cms_pie {
    unsigned int psw[2];       /* +0  the program old PSW: where to go on */
    unsigned short ilc;        /* +8  instruction-length code (bytes) */
    unsigned short code;       /* +10 program-interruption code */
    unsigned int tea;          /* +12 translation-exception address */
    unsigned int gr[16];       /* +16 the program's registers at the interruption */
};
#endif

#endif
