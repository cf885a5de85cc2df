/* cms.h: what the parts of the CMS nucleus share.
 *
 * Design note. CMS is a single-user operating system in the VM/370
 * tradition: a console command loop, a flat file system on minidisks,
 * unit-record spool devices, and a loader that runs one program at a time
 * in problem state. The nucleus runs in supervisor state, key 0, with
 * interruptions disabled except while it waits for I/O (an enabled wait)
 * or runs a program. It talks to the machine only through instructions
 * and storage, so it runs unchanged on the bare machine and under CP.
 *
 * Storage: low core (0-0xFFF), the nucleus from 0x10000 (cms/start.S
 * first), and the user area from CMS_USER_BASE to the end of storage,
 * which carries storage key 8 so that programs cannot store into the
 * nucleus. Low core above the architected fields holds the save areas
 * the interruption handlers address absolutely (LC_CMS_*, below).
 *
 * Files: start.S (entry, interruption stubs), main.c (IPL and the command
 * loop), io.c (channel programs and I/O interruptions), terminal.c (the
 * console), disks.c (FBA driver and accessed disks), unitrec.c (reader,
 * punch, printer), commands.c (the command table), cmd_*.c (commands),
 * loader.c (programs, abends), svc.c (the program interface), cp.c (CP
 * detection and DIAGNOSE), fs_*.c (the file system, shared with CP and
 * the host; codec.h, the bytes of its format).
 */
#ifndef CREASY_CMS_H
#define CREASY_CMS_H

#include "cmsapi.h"
#include "codec.h"
#include "creasy.h"
#include "fs.h"
#include "lowcore.h"

/* CMS's own disabled-wait codes (the PSW's instruction address) */
#define CMS_WAIT_NUCLEUS_PGM 0x00C0001u   /* a program check in the nucleus */
#define CMS_WAIT_MACHINE_CHECK 0x00C0002u
#define CMS_WAIT_RESTART 0x00C0003u
#define CMS_WAIT_CONSOLE 0x00C0004u       /* the console is gone: nowhere to talk */
#define CMS_WAIT_LOGOFF 0x00C0000u        /* console input ended */

/* ---- main.c ---- */
extern u32 cms_storage_size;          /* bytes of storage, found at IPL */

/* ---- start.S ---- */
void enabled_wait(void);              /* until an I/O or external interruption */
extern u8 cms_resume_mask[];          /* ... its STNSM, which cp_pv_boot patches (PARM PV) */
int run_program(void);                /* enter the program in LC_CMS_USER_*; its result */
void kernel_return(int rc) __attribute__((noreturn));   /* leave the program: run_program returns rc */
int probe_storage(u32 addr);          /* 1 if `addr` is in storage (an addressing exception says no) */

/* ---- io.c: channel programs ---- */
struct io_result {
    u8 unit, chan;     /* CSW status bytes, accumulated over the program */
    u16 residual;
    int cc;            /* SIO's condition code (3: not operational) */
};
void io_init(void);
/* Run the channel program at `ccws` on `dev` to its end (enabled wait). */
int io_run(u16 dev, const struct ccw *ccws, struct io_result *r);
int io_sense(u16 dev, u8 *sense, u32 n);      /* bytes read */
int io_interrupt(void);                        /* start.S: an I/O interruption; 1: divert the program
                                                  to program_attention (someone typed while it ran) */

/* ---- terminal.c ---- */
#define TERM_LINE 130
void term_init(u16 dev);
void term_write(const char *s, u32 n);        /* one line */
int term_read(char *buf, u32 size);           /* one line, NUL-terminated; its length */
int term_read_console(char *buf, u32 size);   /* ... from the console itself, not what was kept */
bool term_is(u16 dev);                        /* dev is the console */
void term_stack(const char *line);            /* a line read early: the next term_read's */
extern volatile bool term_typed;              /* attention: a line waits to be read */
/* printf() (programs/lib) writes each line through con_write(), which
 * terminal.c defines as a console line. */

/* ---- cp.c: running under CP ---- */
bool cp_present(void);                  /* STIDP version X'FF' */
void cp_pv_boot(void);                  /* IPL PARM PV: the paravirtual mask, if CP offers it */
const char *cp_pv_parm(const char *parm);   /* the IPL parameter past its PV option */
extern bool cms_use_diag;               /* SET DIAG ON|OFF: DIAG fast paths under CP */
int cp_command(const char *cmd, u32 len);     /* DIAG X'08' */
int cp_diag_dasd(u16 dev, const struct ccw *ccws, struct io_result *r);   /* DIAG X'18' */

/* ---- disks.c: accessed disks and their devices ---- */
#define MAX_DISKS 6
struct cms_disk {
    char mode;                 /* 'A'..'Z', 0 = free slot */
    u16 dev;
    bool readonly;
    u32 blocks;                /* device size */
    struct fs_disk fs;
};
void disks_init(void);
struct cms_disk *disk_by_mode(char mode);
struct cms_disk *disk_by_dev(u16 dev);
/* Access the device at `dev` as `mode`; prints the DMSACC messages. */
int disk_access(u16 dev, char mode, bool quiet);
int disk_release(char mode);
int disk_format(u16 dev, char mode, const u8 label[6]);
/* Disks in search order (A..Z); NULL ends. */
struct cms_disk *disk_next(struct cms_disk *after);

/* ---- file ids ---- */
struct fileid {
    u8 fn[8], ft[8];           /* EBCDIC, blank padded */
    char fm;                   /* mode letter, or 0: any (search order) */
};
/* Parse "FN FT [FM]" words; false if a name is invalid. */
bool fileid_parse(struct fileid *id, const char *fn, const char *ft, const char *fm);
/* A field from a word (upper-cased, blank padded); false if longer than 8. */
bool field_from_word(u8 out[8], const char *word);
void field_to_str(char out[9], const u8 field[8]);   /* without the padding */
/* Find the disk holding it (fm 0: the first in search order). */
struct cms_disk *fileid_locate(const struct fileid *id, int *slot);
int fs_to_rc(int err);        /* a FS_E* error as a CMS_RC_* return code */
u64 cms_now(void);            /* the TOD clock */

/* ---- unitrec.c ---- */
#define DEV_READER 0x00C
#define DEV_PUNCH 0x00D
#define DEV_PRINTER 0x00E
int reader_read_card(u8 card[80]);      /* 0, CMS_RC_EOF at end of deck, or an error rc */
int punch_card(const u8 card[80]);
int print_line(const u8 *text, u32 n, u8 write_cmd);   /* the 1403 write command: 01, 09 (space 1 after)... */
int printer_control(u8 cmd);                          /* 0B space 1 now ... 8B skip to channel 1 (eject) */
#define PRINTER_EJECT 0x8B

/* ---- commands.c ---- */
#define MAX_WORDS 16
int cms_execute(char *line);           /* one command line: its return code */
void cms_ready(int rc);                /* "R;" or "R(nnnnn);" */

/* commands: cmd_files.c, cmd_disks.c, cmd_spool.c, commands.c */
typedef int cmd_fn(int argc, char **argv);
cmd_fn cmd_listfile, cmd_type, cmd_copyfile, cmd_rename, cmd_erase;
cmd_fn cmd_format, cmd_access, cmd_release, cmd_query;
cmd_fn cmd_print, cmd_punch, cmd_readcard;

/* ---- loader.c: programs ---- */
/* Run NAME MODULE with the words argv[0..argc-1]; its return code, or
 * CMS_RC_UNKNOWN if there is no such module. */
int program_run(int argc, char **argv);
void program_check(void);      /* start.S: a program check in the program */
void external_interrupt(void); /* start.S */
void nucleus_check(void) __attribute__((noreturn));   /* start.S: a program check in the nucleus */
void program_set_exit(u32 exit, u32 pie);   /* SVC SPIE */
int program_resume(u32 pie);               /* SVC RESUME: 0, or -rc */
void program_check_halt(void);             /* after an SVC: a halt the interrupt key or HX asked for */
int program_attention_noted(void);         /* io.c: the console's attention; 1: divert the program now */
void program_attention_deferred(void);     /* io.c: ... taken by SIO in an SVC: after the SVC */
void program_attention(void);              /* start.S: the program diverted: read the line, HX halts it */

/* ---- svc.c ---- */
void svc_dispatch(u32 code);   /* start.S: an SVC from the program */
void svc_reset(void);          /* close the program's files, forget its exit */

/* string helpers: str_upper, str_eq, str_abbrev, str_to_hex, str_to_dec,
 * str_split, in the guest library (creasy.h) */

#endif
