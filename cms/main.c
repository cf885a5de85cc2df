/* main.c: CMS from IPL to the command loop.
 *
 * At IPL: take the IPL device's address from low core before any I/O
 * overwrites it, install the new PSWs, find the storage size, give the
 * user area its storage key, access the IPL device as the read-only
 * S-disk and 191 as the A-disk, then read commands from the console and
 * answer each with the ready message, for ever.
 */
#include "cms.h"

#define CONSOLE_DEV 0x009
#define A_DISK_DEV 0x191

u32 cms_storage_size;

extern char svc_entry[], pgm_entry[], io_entry[], ext_entry[];

static void set_new_psw(u32 at, u32 w0, u32 ia)
{
    LOWCORE(u32, at) = w0;
    LOWCORE(u32, at + 4) = 0x80000000u | ia;
}

static void install_new_psws(void)
{
    u32 run = PSW0_ESA, wait = PSW0_ESA | PSW0_WAIT;   /* supervisor, key 0, disabled */
    set_new_psw(LC_SVC_NEW_PSW, run, (u32)svc_entry);
    set_new_psw(LC_PGM_NEW_PSW, run, (u32)pgm_entry);
    set_new_psw(LC_IO_NEW_PSW, run, (u32)io_entry);
    set_new_psw(LC_EXT_NEW_PSW, run, (u32)ext_entry);
    set_new_psw(LC_MCK_NEW_PSW, wait, CMS_WAIT_MACHINE_CHECK);
    set_new_psw(LC_RESTART_NEW_PSW, wait, CMS_WAIT_RESTART);
}

/* What start.S types, before the BSS is known to be there, when there is
 * too little storage for CMS: the line, and the CCW that writes it. */
#define CMS_NEEDED_K 576   /* the nucleus and the user area's first 64K */
_Static_assert(CMS_NEEDED_K == (CMS_USER_BASE + 0x10000) >> 10, "CMS_NEEDED_K is CMS_USER_BASE + 64K");
#define K_TEXT(k) #k
#define K_NEEDED(k) K_TEXT(k)
static const char small_text[] = "DMSINI001T CMS NEEDS AT LEAST " K_NEEDED(CMS_NEEDED_K) "K OF STORAGE";
const struct ccw cms_small_ccw __attribute__((aligned(8))) = {0x09, CCW_SLI, sizeof small_text - 1, (u32)small_text};
/* The same for the IPL record's loader (cms/fs.h), which says it before
 * reading the nucleus, in storage too small to read it into (64K). */
__attribute__((used)) const struct fs_ipl_needs fs_ipl_needs = {
    CMS_NEEDED_K << 10, CMS_WAIT_NUCLEUS_PGM, CONSOLE_DEV, sizeof small_text - 1, (const u8 *)small_text};
_Static_assert(sizeof small_text - 1 <= FS_IPL_TEXT_MAX, "the IPL record holds the message");

/* The storage size: the first 64K block that is not there (binary search). */
static u32 find_storage(void)
{
    u32 lo = CMS_USER_BASE >> 16, hi = 0x8000;   /* blocks of 64K: lo present, hi not */
    if (!probe_storage(CMS_USER_BASE)) {   /* start.S has checked this: a backstop */
        printf("%s\n", small_text);
        wait_disabled(CMS_WAIT_NUCLEUS_PGM);
    }
    while (hi - lo > 1) {
        u32 mid = lo + (hi - lo) / 2;
        if (probe_storage(mid << 16))
            lo = mid;
        else
            hi = mid;
    }
    return hi << 16;
}

/* The user area gets key 8; everything below stays key 0. */
static void key_user_area(void)
{
    for (u32 a = CMS_USER_BASE; a < cms_storage_size; a += 4096)
        __asm__ volatile("sske %0,%1" : : "d"(CMS_USER_KEY << 4), "a"(a) : "memory");
}

/* The IPL parameter (VM/370's IPL vaddr PARM text), which CP leaves in
 * the registers at IPL, as CMS's first command: a user whose directory
 * entry says `ipl_parm: "HOG 50"` runs HOG 50 as soon as CMS is up. Only
 * under CP: on the bare machine the registers at IPL are whatever they
 * were. Text is the bytes up to the first zero, all printable, after the
 * PV option (cp.c) if it is there. */
static bool ipl_parm(char *line, u32 size)
{
    const char *p0 = (const char *)LC_CMS_IPL_GR, *p = cp_pv_parm(p0);
    u32 n = 0;
    if (!cp_present())
        return false;
    while ((u32)(p - p0) + n < 64 && n + 1 < size && p[n]) {
        if ((u8)p[n] < 0x40)
            return false;
        line[n] = p[n];
        n++;
    }
    line[n] = 0;
    return n > 0;
}

void cms_main(void) __attribute__((noreturn));
void cms_main(void)
{
    u16 ipl_dev = (u16)LOWCORE(u32, LC_IO_ADDR);
    install_new_psws();
    cp_pv_boot();   /* before the first enabled wait */
    io_init();
    term_init(CONSOLE_DEV);
    cms_storage_size = find_storage();
    key_user_area();
    disks_init();
    printf("CMS/CREASY VERSION 1.0\n");
    disk_access(ipl_dev, 'S', true);
    disk_access(A_DISK_DEV, 'A', true);
    char line[TERM_LINE + 1];
    if (ipl_parm(line, sizeof line)) {
        printf("%s\n", line);   /* shown as if typed */
        cms_ready(cms_execute(line));
    }
    for (;;) {
        term_read(line, sizeof line);
        cms_ready(cms_execute(line));
    }
}
