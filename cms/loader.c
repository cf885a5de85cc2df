/* loader.c: running a program: loading NAME MODULE (an ELF executable),
 * entering it in problem state, and everything that can end it: its exit
 * SVC, an abend on a program check, the interrupt key (the operator's, or
 * CP's EXTERNAL), or HX typed while it runs.
 *
 * The module is read into the top of the user area, checked (an ELF32
 * big-endian S/390 executable whose loadable segments lie in the user
 * area below that staging copy and below the stack), and its segments are
 * copied down to their addresses, .bss zeroed. The stack starts at the top
 * of storage, over the staging copy, which is not needed any more.
 *
 * A program check in the program abends it (DMSABN148T) unless it has an
 * exit (SVC SPIE, see cmsapi.h); the nucleus survives either way because
 * the program's stores into it were refused by the storage key.
 */
#include "cms.h"

#define STACK_RESERVE 0x10000u
#define MAX_SEGMENTS 16
#define CMS_RC_HALTED 256

static struct fs_file module;
static char *arg_vec[MAX_WORDS + 1];
static char arg_text[MAX_WORDS][TERM_LINE + 1];

static bool running;                 /* a program is in storage and has not ended */
static volatile bool halt_pending;   /* the interrupt key came while CMS served an SVC */
static volatile bool attention_pending;   /* ... or attention from the console */
static u32 spie_exit, spie_pie;      /* the program's exit and its PIE, or 0 */
static bool in_exit;

static u32 get32(const u8 *p) { return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3]; }
static u16 get16(const u8 *p) { return (u16)(p[0] << 8 | p[1]); }

static int not_a_program(const char *name, const char *why)
{
    printf("DMSMOD104S %s MODULE IS NOT A PROGRAM: %s\n", name, why);
    return CMS_RC_INVALID;
}

/* Read the module into [*start, top of storage); its size in *size. */
static int stage(struct cms_disk *d, const struct fileid *id, const char *name, u32 *start, u32 *size)
{
    int err = fs_open(&d->fs, &module, id->fn, id->ft);
    if (err < 0) {
        printf("DMSMOD104S %s MODULE: %s\n", name, fs_strerror(err));
        return fs_to_rc(err);
    }
    u32 room = cms_storage_size - CMS_USER_BASE;
    if (module.ent.nbytes > room / 2) {
        fs_close(&module);
        printf("DMSMOD109S %s MODULE DOES NOT FIT IN STORAGE\n", name);
        return CMS_RC_INVALID;
    }
    u32 base = (cms_storage_size - module.ent.nbytes) & ~7u, at = base;
    int n;
    while ((n = fs_read(&module, (u8 *)at, cms_storage_size - at)) >= 0)
        at += (u32)n;
    fs_close(&module);
    if (n != FS_EOF) {
        printf("DMSMOD104S %s MODULE: %s\n", name, fs_strerror(n));
        return fs_to_rc(n);
    }
    *start = base;
    *size = at - base;
    return 0;
}

/* Check the ELF image at `img` and copy its segments into place. */
static int place(const char *name, const u8 *img, u32 size, u32 *entry)
{
    static const u8 magic[4] = {0x7F, 0x45, 0x4C, 0x46};   /* \177ELF in ASCII */
    u32 limit = (u32)img < cms_storage_size - STACK_RESERVE ? (u32)img : cms_storage_size - STACK_RESERVE;
    if (size < 52 || memcmp(img, magic, 4) != 0)
        return not_a_program(name, "NO ELF HEADER");
    if (img[4] != 1 || img[5] != 2 || get16(img + 16) != 2 || get16(img + 18) != 22)
        return not_a_program(name, "NOT A 31-BIT S/390 EXECUTABLE");
    u32 phoff = get32(img + 28), phentsize = get16(img + 42), phnum = get16(img + 44);
    *entry = get32(img + 24);
    if (phentsize != 32 || phnum == 0 || phnum > MAX_SEGMENTS || phoff > size || phnum * 32 > size - phoff)
        return not_a_program(name, "BAD PROGRAM HEADERS");
    bool entry_ok = false;
    for (u32 pass = 0; pass < 2; pass++)   /* check every segment, then copy them */
        for (u32 i = 0; i < phnum; i++) {
            const u8 *ph = img + phoff + i * 32;
            if (get32(ph) != 1)   /* PT_LOAD */
                continue;
            u32 off = get32(ph + 4), va = get32(ph + 8), filesz = get32(ph + 16), memsz = get32(ph + 20);
            if (pass == 0) {
                if (off > size || filesz > size - off || filesz > memsz)
                    return not_a_program(name, "A SEGMENT IS OUTSIDE THE FILE");
                if (va < CMS_USER_BASE || va > limit || memsz > limit - va) {
                    printf("DMSMOD109S %s MODULE DOES NOT FIT: IT NEEDS %08X-%08X, THE USER AREA IS %08X-%08X\n",
                           name, va, va + memsz, CMS_USER_BASE, limit);
                    return CMS_RC_INVALID;
                }
                if (*entry >= va && *entry < va + memsz)
                    entry_ok = true;
            } else {
                memmove((void *)va, img + off, filesz);
                memset((u8 *)va + filesz, 0, memsz - filesz);
            }
        }
    if (!entry_ok)
        return not_a_program(name, "THE ENTRY POINT IS NOT IN A SEGMENT");
    return 0;
}

/* The program's PSW: problem state, key 8, I/O and external enabled. */
static u32 program_psw0(void)
{
    return PSW0_IO | PSW0_EXT | (u32)CMS_USER_KEY << PSW0_KEY_SHIFT | PSW0_ESA | PSW0_PROB;
}

int program_run(int argc, char **argv)
{
    struct fileid id;
    int slot;
    if (!fileid_parse(&id, argv[0], "MODULE", NULL))
        return CMS_RC_UNKNOWN;
    struct cms_disk *d = fileid_locate(&id, &slot);
    if (!d)
        return CMS_RC_UNKNOWN;
    u32 at = 0, size = 0, entry = 0;
    int rc = stage(d, &id, argv[0], &at, &size);
    if (rc == 0)
        rc = place(argv[0], (const u8 *)at, size, &entry);
    if (rc)
        return rc;
    for (int i = 0; i < argc; i++) {
        memcpy(arg_text[i], argv[i], strlen(argv[i]) + 1);
        arg_vec[i] = arg_text[i];
    }
    arg_vec[argc] = NULL;
    u32 *gr = (u32 *)LC_CMS_USER_GR;
    memset(gr, 0, 64);
    gr[2] = (u32)argc;
    gr[3] = (u32)arg_vec;
    gr[15] = cms_storage_size;
    u32 *psw = (u32 *)LC_CMS_USER_PSW;
    psw[0] = program_psw0();
    psw[1] = 0x80000000u | entry;
    spie_exit = spie_pie = 0;
    in_exit = halt_pending = attention_pending = false;
    running = true;
    rc = run_program();
    running = false;
    svc_reset();
    return rc;
}

/* ---- ways a program ends, or is diverted ---------------------------------------------- */

/* spec.yaml's title of the code */
static const char *pgm_name(u16 code)
{
    static const char *const titles[PGM_CODE_LIMIT] = PGM_TITLES;
    return code < PGM_CODE_LIMIT && titles[code] ? titles[code] : "PROGRAM CHECK";
}

void program_check(void)
{
    u16 code = LOWCORE(u16, LC_PGM_CODE) & 0x7F;
    u16 ilc = LOWCORE(u8, LC_PGM_ILC) & 0x06;
    u32 *psw = (u32 *)LC_CMS_USER_PSW, *gr = (u32 *)LC_CMS_USER_GR;
    if (spie_exit && !in_exit) {   /* the program asked to see it */
        struct cms_pie *pie = (struct cms_pie *)spie_pie;
        pie->psw[0] = psw[0];
        pie->psw[1] = psw[1];
        pie->ilc = ilc;
        pie->code = code;
        pie->tea = LOWCORE(u32, LC_TEA);
        memcpy(pie->gr, gr, 64);
        in_exit = true;
        psw[0] = program_psw0();
        psw[1] = 0x80000000u | spie_exit;
        gr[1] = spie_pie;
        return;   /* start.S enters the exit */
    }
    u32 at = ((psw[1] & 0x7FFFFFFFu) - ilc) & 0x7FFFFFFFu;
    printf("DMSABN148T SYSTEM ABEND 0C%X (%s) CALLED FROM %08X\n", code & 0xF, pgm_name(code), at);
    svc_reset();
    kernel_return(CMS_RC_ABEND + code);
}

void program_set_exit(u32 exit, u32 pie)
{
    spie_exit = exit;
    spie_pie = exit ? pie : 0;
}

int program_resume(u32 pie_addr)
{
    if (!in_exit || pie_addr != spie_pie)
        return -CMS_RC_INVALID;
    const struct cms_pie *pie = (const struct cms_pie *)pie_addr;
    u32 *psw = (u32 *)LC_CMS_USER_PSW, *gr = (u32 *)LC_CMS_USER_GR;
    memcpy(gr, pie->gr, 64);
    psw[0] = program_psw0() | (pie->psw[0] & (PSW0_CC | PSW0_PM));   /* only the CC and mask are the program's */
    psw[1] = 0x80000000u | (pie->psw[1] & 0x7FFFFFFFu);
    in_exit = false;
    return 0;
}

static void halt(const char *by) __attribute__((noreturn));
static void halt(const char *by)
{
    printf("DMSABN149T PROGRAM HALTED BY %s\n", by);
    svc_reset();
    kernel_return(CMS_RC_HALTED);
}

/* ---- attention: HX ------------------------------------------------------------------ */

/* The user typed a line while the program ran (the console presented
 * attention, as a 3215's REQUEST key or CP does): CMS reads it. HX
 * (VM/370's immediate command) halts the program; any other line waits
 * for the program's or CMS's next read. In the program itself it is
 * diverted at once (start.S, program_attention); in an SVC, after it. */
int program_attention_noted(void)
{
    if (!running)
        return 0;   /* CMS itself: the line waits for its next read */
    if (LOWCORE(u8, LC_IO_OLD_PSW + 1) & 0x01)
        return 1;   /* in the program */
    attention_pending = true;
    return 0;
}

void program_attention_deferred(void)
{
    if (running)
        attention_pending = true;
}

static bool is_hx(const char *line)
{
    while (*line == ' ')
        line++;
    if ((line[0] != 'H' && line[0] != 'h') || (line[1] != 'X' && line[1] != 'x'))
        return false;
    for (line += 2; *line == ' '; line++)
        ;
    return !*line;
}

void program_attention(void)
{
    attention_pending = false;
    if (term_typed) {   /* not already taken by a read of the program's */
        char line[TERM_LINE + 1];
        term_read_console(line, sizeof line);
        if (is_hx(line))
            halt("HX");
        term_stack(line);
    }
    program_check_halt();   /* the interrupt key may have come while CMS read */
}

void program_check_halt(void)
{
    if (running && halt_pending)
        halt("THE INTERRUPT KEY");
    if (running && attention_pending)
        program_attention();
}

void external_interrupt(void)
{
    if (LOWCORE(u16, LC_EXT_CODE) != EXT_INTERRUPT_KEY || !running)
        return;
    if (LOWCORE(u8, LC_EXT_OLD_PSW + 1) & 0x01)   /* in the program itself */
        halt("THE INTERRUPT KEY");
    halt_pending = true;   /* in an SVC: halt when it is done */
}

void nucleus_check(void)
{
    u32 at = LOWCORE(u32, LC_PGM_OLD_PSW + 4) & 0x7FFFFFFFu;
    printf("DMSABN150T CMS NUCLEUS PROGRAM CHECK %04X (%s) AT %08X: CMS STOPS\n", LOWCORE(u16, LC_PGM_CODE),
           pgm_name(LOWCORE(u16, LC_PGM_CODE) & 0x7F), at);
    wait_disabled(CMS_WAIT_NUCLEUS_PGM);
}
