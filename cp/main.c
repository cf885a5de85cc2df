/* main.c: CP from IPL to its first dispatch.
 *
 * IPL: take the IPL device from low core before any I/O overwrites it,
 * install the new PSWs, set the real control registers (DAT format, the
 * clock-comparator and CPU-timer subclasses for time slicing, every
 * channel), find the storage size, publish the VM table, read the user
 * directory from the system disk, log on every AUTOLOG user (and IPL the
 * device its directory entry names), start reading the real card reader,
 * then dispatch for ever.
 */
#include "cp.h"

struct vm cp_vms[MAX_VMS];
int cp_nvms;
u32 cp_storage_size;
u16 cp_ipl_dev;
bool cp_running;

static void set_new_psw(u32 at, u32 w0, u32 ia)
{
    LOWCORE(u32, at) = w0;
    LOWCORE(u32, at + 4) = 0x80000000u | ia;
}

/* A last word on the operator's console, without interruptions (polled
 * SIO and TIO), then a disabled wait: CP cannot go on. */
void cp_abend(const char *why)
{
    static struct ccw c __attribute__((aligned(8)));
    static char line[132];
    u32 old[2] = {LOWCORE(u32, LC_PGM_OLD_PSW), LOWCORE(u32, LC_PGM_OLD_PSW + 4)};
    int n = snprintf(line, sizeof line, "DMKABN001T CP ABEND: %s (PROGRAM OLD PSW %08X %08X)", why, old[0], old[1]);
    c = (struct ccw){0x09, CCW_SLI, (u16)n, (u32)line};
    LOWCORE(u32, LC_CAW) = (u32)&c;
    if (sio(0x009) == 0)
        while (tio(0x009) == 2)
            ;
    wait_disabled(0x00CFAB00u);
}

static u32 find_storage(void)
{
    u32 lo = 1, hi = 0x8000;   /* 64K blocks: lo present, hi not */
    while (hi - lo > 1) {
        u32 mid = lo + (hi - lo) / 2;
        if (start_probe_storage(mid << 16))
            lo = mid;
        else
            hi = mid;
    }
    return hi << 16;
}

static void set_control_registers(void)
{
    u32 cr0 = CR0_TRANS_FORMAT_VALUE | CR0_CKC_MASK | CR0_CPT_MASK, cr2 = 0xFFFFFFFFu;
    u64 never = ~0ull;
    s64 max = 0x7FFFFFFFFFFFFFFFll;
    __asm__ volatile("lctl 0,0,%0\n\tlctl 2,2,%1\n\tsckc %2\n\tspt %3" : : "Q"(cr0), "Q"(cr2), "Q"(never), "Q"(max));
}

static void autolog(void)
{
    for (u32 i = 0; dirload_user_at(i); i++) {
        const struct dir_user *u = dirload_user_at(i);
        if (!(u->flags & DIR_AUTOLOG))
            continue;
        if (!vm_logon(u, u->terminal != DIR_NONE ? 0 : -1, true)) {
            char name[9];
            userid_text(name, u->userid);
            cp_msg(-1, "DMKLOG020E %s CANNOT BE LOGGED ON: NOT ENOUGH REAL STORAGE FOR %uK", name, u->storage >> 10);
        }
    }
}

void cp_main(void)
{
    cp_ipl_dev = (u16)LOWCORE(u32, LC_IO_ADDR);
    u32 run = PSW0_ESA;   /* supervisor, key 0, DAT off, disabled */
    set_new_psw(LC_SVC_NEW_PSW, run, (u32)start_svc_entry);
    set_new_psw(LC_PGM_NEW_PSW, run, (u32)start_pgm_entry);
    set_new_psw(LC_IO_NEW_PSW, run, (u32)start_io_entry);
    set_new_psw(LC_EXT_NEW_PSW, run, (u32)start_ext_entry);
    set_new_psw(LC_MCK_NEW_PSW, run, (u32)start_mck_entry);
    set_new_psw(LC_RESTART_NEW_PSW, PSW0_ESA | PSW0_WAIT, 0x00CF0001u);
    set_control_registers();
    sim_init();
    bt_init();
    cp_storage_size = find_storage();
    storage_init((u32)_end);
    rio_init();
    term_init();
    term_operator = term_attach(0x009, NULL);
    vmtable_init();
    cp_msg(-1, "CP/CREASY VERSION 1.0: IPL FROM %03X, %uM OF STORAGE", cp_ipl_dev, cp_storage_size >> 20);
    if (dirload_read() < 0) {
        cp_msg(-1, "DMKCPI001T CP CANNOT START WITHOUT ITS DIRECTORY");
        while (1)
            start_poll_wait();   /* let the messages out; the operator must re-IPL */
    }
    dirload_dasd_survey();
    autolog();
    cardrdr_init();   /* a deck already in the real reader goes to its user */
    cp_running = true;
    disp_dispatch();
}
