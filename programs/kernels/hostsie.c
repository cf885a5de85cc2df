/* hostsie: a kernel that is a hypervisor itself: it runs a guest of its
 * own with SIE, for equivalence of CP's virtual SIE (cp/vsie.c) with the
 * machine's (machine/cpu/sie.c). Bare, the machine interprets the guest;
 * under CP, CP does it for this kernel with a shadow of its state
 * description. The console lines must be the same.
 *
 * The guest is 64K at 1M (V=R), its code a copy of guest_code at 0x1000.
 * Each case sets the state description's PSW and controls, issues SIE
 * and prints what came back: the interception code and parameters, the
 * guest's PSW relative to its code, its registers. In order:
 * - the exceptions of SIE itself (problem state, alignment, addressing)
 *   and each validity interception the machine gives;
 * - instruction interceptions (DIAGNOSE, an I/O instruction), with GR0-13
 *   shared and GR14-15 in the state description; an SVC and an operation
 *   exception taken by the guest itself, through its own low core;
 * - the intercept controls: SSM, every program interruption, with the
 *   same state description changed between entries (CP must not reuse a
 *   stale shadow);
 * - a wait, an external intervention request, the guest's own CPU timer;
 * - an interruption of the kernel's own (its CPU timer) during the
 *   guest's run: SIE ends with code 0, the kernel takes it at its SIE and
 *   reissues SIE, and the guest goes on;
 * - a pageable guest, through the kernel's own DAT tables: a host page
 *   translation exception at SIE, then the page mapped and the guest
 *   going on.
 */
#include "creasy.h"
#include "probe.h"
#include "sierun.h"

#define GUEST 0x100000u       /* the guest's storage (V=R) */
#define GUEST_SIZE 0x10000u
#define CODE 0x1000u          /* guest_code, in the guest */
#define HOST_VA 0x400000u     /* the pageable guest's origin: a host virtual address */
#define STO 0x180000u         /* the kernel's segment table, for the pageable guest */
#define PTO 0x181000u

static u8 sd[SIE_SD_LENGTH] __attribute__((aligned(SIE_SD_LENGTH)));
u32 host_icode, host_ia;      /* what the kernel's external handler saw */
struct psw host_ext_new;
struct psw prob_psw = {0x00090000u, 0};

/* The guest's code: position independent, copied to guest real CODE. */
__asm__(".section .text\n"
        "guest_code:\n"
        "g_diag:  lhi %r5,42\n\t ahi %r14,1\n\t ahi %r15,2\n\t diag %r0,%r0,8\n"
        "g_svc:   svc 7\n"
        "g_svc_h: .insn s,0x9c000000,0x123(%r0)\n"
        "g_ssm:   ssm 0x200(%r0)\n\t diag %r0,%r0,0x0C\n"
        "g_opx:   .long 0\n"
        "g_pgm_h: diag %r0,%r0,0x10\n"
        "g_wait:  lpsw 0x210(%r0)\n"
        "g_spin:  j g_spin\n"
        "g_cpt:   spt 0x220(%r0)\n\t lctl %c0,%c0,0x228(%r0)\n\t stosm 0x230(%r0),0x01\n"
        "g_cpt_l: j g_cpt_l\n"
        "g_ext_h: diag %r0,%r0,0x18\n"
        "g_long:  lhi %r3,50\n"
        "g_long1: lhi %r4,0x7FFF\n"
        "g_long2: brct %r4,g_long2\n\t brct %r3,g_long1\n\t diag %r0,%r0,0x1C\n"
        "g_page:  lhi %r15,0x3000\n\t l %r3,0(%r15)\n\t diag %r0,%r0,0x20\n"
        "guest_end:\n");
extern char guest_code[], guest_end[], g_diag[], g_svc[], g_svc_h[], g_ssm[], g_opx[], g_pgm_h[], g_wait[], g_spin[],
    g_cpt[], g_ext_h[], g_long[], g_page[];
#define G(sym) (CODE + (u32)((sym) - guest_code))

/* The kernel's external handler: note the interception code and where the
 * old PSW is, stop the CPU timer's interruptions, and go back (to SIE). */
__asm__(".section .text\n"
        "host_ext:\n"
        "    stm   %r0,%r15,0x340(%r0)\n"
        "    larl  %r1,sd\n"
        "    sr    %r2,%r2\n"
        "    ic    %r2,0x50(%r1)\n"
        "    larl  %r1,host_icode\n"
        "    st    %r2,0(%r1)\n"
        "    l     %r2,0x1c(%r0)\n"
        "    larl  %r1,host_ia\n"
        "    st    %r2,0(%r1)\n"
        "    stctl %c0,%c0,0x380(%r0)\n"
        "    ni    0x382(%r0),0xFB\n"   /* CR0 bit 21: CPU timer off */
        "    lctl  %c0,%c0,0x380(%r0)\n"
        "    lm    %r0,%r15,0x340(%r0)\n"
        "    lpsw  0x18(%r0)\n");
extern char host_ext[];


static u8 *guest(u32 a) { return (u8 *)(GUEST + a); }
static void put32(u8 *p, u32 v) { memcpy(p, &v, 4); }
static u32 get32(const u8 *p)
{
    u32 v;
    memcpy(&v, p, 4);
    return v;
}

/* A fresh state description: the V=R guest at `entry`, no controls. */
static void sd_reset(u32 entry)
{
    memset(sd, 0, sizeof sd);
    sd[SD_M] = SD_M_ESA390 | SD_M_VR;
    put32(sd + SD_MSO, GUEST);
    put32(sd + SD_MSE, GUEST_SIZE);
    put32(sd + SD_PSW, 0x00080000u);
    put32(sd + SD_PSW + 4, 0x80000000u | entry);
    put32(sd + SD_CR, 0x00000000u);
    put32(sd + SD_CPUTM, 0x7FFFFFFFu);
    memset(guest_gr, 0, sizeof guest_gr);
}

/* What SIE gave back. */
static void show(const char *what)
{
    u8 code = sd[SD_ICODE];
    u32 ia = get32(sd + SD_PSW + 4) & 0x7FFFFFFFu;
    char detail[64] = "";
    if (code == SIE_ICODE_INSTRUCTION)
        snprintf(detail, sizeof detail, " ISTAT %02X IPA %02X%02X IPB %08X", sd[SD_ISTAT], sd[SD_IPA], sd[SD_IPA + 1],
                 get32(sd + SD_IPB));
    else if (code == SIE_ICODE_PROGRAM)
        snprintf(detail, sizeof detail, " CODE %02X%02X ILC %u", sd[SD_PGM_CODE], sd[SD_PGM_CODE + 1], sd[SD_PGM_ILC]);
    printf("%s: ICODE %02X%s PSW %08X +%X GR5 %u GR14 %u GR15 %u", what, code, detail, get32(sd + SD_PSW), ia - CODE,
           guest_gr[5], get32(sd + SD_GR14), get32(sd + SD_GR15));
}

static void sie_exceptions(void)
{
    char buf[80];
    sd_reset(G(g_diag));
    u32 at = PROBE("larl %%r2,1f\n\tlarl %%r3,prob_psw\n\tst %%r2,4(%%r3)\n\toi 4(%%r3),0x80\n\tlpsw 0(%%r3)",
                   "sie 0(%%r4)", (u32)sd, 0);
    printf("SIE IN PROBLEM STATE: %s", probe_result(buf, sizeof buf, at));
    at = PROBE("", "sie 0(%%r4)", (u32)sd + 8, 0);
    printf("SIE MISALIGNED: %s", probe_result(buf, sizeof buf, at));
    at = PROBE("", "sie 0(%%r4)", 0x7FFFFF00u, 0);
    printf("SIE BEYOND STORAGE: %s", probe_result(buf, sizeof buf, at));
}

static void validity(void)
{
    static const struct {   /* the mode, origin and extent, and the prefix, each case has */
        const char *what;
        u8 mode;
        u32 mso, mse, prefix;
    } bad[] = {
        {"NOT ESA/390", SD_M_VR, GUEST, GUEST_SIZE, 0},
        {"PREFIX", SD_M_ESA390 | SD_M_VR, GUEST, GUEST_SIZE, 0x2000},
        {"MSO UNALIGNED", SD_M_ESA390 | SD_M_VR, GUEST + 0x800, GUEST_SIZE, 0},
        {"MSE ZERO", SD_M_ESA390 | SD_M_VR, GUEST, 0, 0},
        {"BEYOND 2G", SD_M_ESA390 | SD_M_VR, 0x7FFF0000u, 0x00020000u, 0},
        {"BEYOND STORAGE", SD_M_ESA390 | SD_M_VR, 0x7FF00000u, 0x00100000u, 0},
        {"SD IN GUEST STORAGE", SD_M_ESA390 | SD_M_VR, 0, 0x00200000u, 0},
    };
    for (u32 i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sd_reset(G(g_diag));
        sd[SD_M] = bad[i].mode;
        put32(sd + SD_MSO, bad[i].mso);
        put32(sd + SD_MSE, bad[i].mse);
        put32(sd + SD_PREFIX, bad[i].prefix);
        run_sie((u32)sd);
        printf("VALIDITY %s: ICODE %02X REASON %04X", bad[i].what, sd[SD_ICODE], get32(sd + SD_IPB) >> 16);
    }
    u32 cr0 = stctl(0);   /* a pageable guest with the host's translation format bad */
    sd_reset(G(g_diag));
    sd[SD_M] = SD_M_ESA390;
    lctl(0, cr0 & ~CR0_TRANS_FORMAT);
    run_sie((u32)sd);
    lctl(0, cr0);
    printf("VALIDITY HOST FORMAT: ICODE %02X REASON %04X", sd[SD_ICODE], get32(sd + SD_IPB) >> 16);
}

static void interceptions(void)
{
    put32(guest(LC_SVC_NEW_PSW), 0x00080000u);
    put32(guest(LC_SVC_NEW_PSW + 4), 0x80000000u | G(g_svc_h));
    put32(guest(LC_PGM_NEW_PSW), 0x00080000u);
    put32(guest(LC_PGM_NEW_PSW + 4), 0x80000000u | G(g_pgm_h));
    put32(guest(LC_EXT_NEW_PSW), 0x00080000u);
    put32(guest(LC_EXT_NEW_PSW + 4), 0x80000000u | G(g_ext_h));

    sd_reset(G(g_diag));
    put32(sd + SD_GR14, 100);
    guest_gr[5] = 7;
    run_sie((u32)sd);
    show("DIAGNOSE");
    run_sie((u32)sd);   /* again from the DIAGNOSE: SIE reruns it */
    show("DIAGNOSE AGAIN");

    sd_reset(G(g_svc));
    run_sie((u32)sd);
    show("SVC THEN SIO");
    printf("  GUEST SVC OLD PSW +%X CODE %08X", (get32(guest(LC_SVC_OLD_PSW + 4)) & 0x7FFFFFFFu) - CODE,
           get32(guest(LC_SVC_INT_ID)));

    sd_reset(G(g_ssm));
    guest(0x200)[0] = 0x00;
    run_sie((u32)sd);
    show("SSM INTERPRETED");
    sd_reset(G(g_ssm));
    sd[SIE_IC_SSM_OFFSET] |= SIE_IC_SSM_MASK;   /* the same state description, its controls changed */
    run_sie((u32)sd);
    show("SSM INTERCEPTED");

    sd_reset(G(g_opx));
    run_sie((u32)sd);
    show("OPERATION EXCEPTION, GUEST'S");
    printf("  GUEST PGM OLD PSW +%X CODE %08X", (get32(guest(LC_PGM_OLD_PSW + 4)) & 0x7FFFFFFFu) - CODE,
           get32(guest(LC_PGM_INT_ID)));
    sd_reset(G(g_opx));
    sd[SIE_IC_PROGRAM_OFFSET] |= SIE_IC_PROGRAM_MASK;
    run_sie((u32)sd);
    show("OPERATION EXCEPTION, INTERCEPTED");
}

static void waits_and_timers(void)
{
    put32(guest(0x210), 0x010A0000u);   /* an enabled wait */
    put32(guest(0x214), 0x80000000u | G(g_spin));
    sd_reset(G(g_wait));
    run_sie((u32)sd);
    show("ENABLED WAIT");

    sd_reset(G(g_spin));
    put32(sd + SD_PSW, 0x01080000u);   /* enabled for external */
    sd[SD_V] = SD_V_EXT;
    run_sie((u32)sd);
    show("EXTERNAL REQUEST");

    put32(guest(0x220), 0);
    put32(guest(0x224), 0x1000u);        /* its CPU timer: soon */
    put32(guest(0x228), 0x00000400u);    /* CR0: the CPU timer's subclass */
    sd_reset(G(g_cpt));
    run_sie((u32)sd);
    show("GUEST CPU TIMER");
    printf("  GUEST EXT CODE %04X OLD PSW +%X", get32(guest(LC_EXT_CPU_ADDR)) & 0xFFFF,
           (get32(guest(LC_EXT_OLD_PSW + 4)) & 0x7FFFFFFFu) - CODE);
}

/* The kernel's own CPU timer ends the guest's run; SIE is reissued. */
static void host_interruption(void)
{
    host_ext_new.w0 = 0x00080000u;
    host_ext_new.w1 = 0x80000000u | (u32)host_ext;
    memcpy((void *)LC_EXT_NEW_PSW, &host_ext_new, 8);
    sd_reset(G(g_long));
    host_icode = 0xFF;
    static u64 soon = 0x1000000;    /* well inside the guest's loop, well after the SIE (CP's own time counts in trap mode) */
    __asm__ volatile("spt %0" : : "Q"(soon));
    lctl(0, stctl(0) | 0x400);
    __asm__ volatile("stosm 0x3F8(%%r0),0x01" : : : "memory");   /* the kernel enabled for external at its SIE */
    run_sie((u32)sd);
    __asm__ volatile("stnsm 0x3F8(%%r0),0xFE" : : : "memory");
    show("HOST CPU TIMER");
    printf("  KERNEL SAW ICODE %02X AT SIE %s", host_icode, (host_ia & 0x7FFFFFFFu) == (u32)sie_insn ? "YES" : "NO");
}

/* A pageable guest: its origin a host virtual address, through the
 * kernel's DAT tables, one of its pages not mapped at first. */
static void pageable(void)
{
    char buf[80];
    u32 *st = (u32 *)STO, *pt = (u32 *)PTO;
    for (u32 i = 0; i < 16; i++)
        st[i] = STE_INVALID;
    st[HOST_VA >> 20] = PTO | 0xF;
    for (u32 i = 0; i < 256; i++)
        pt[i] = i < 16 ? (GUEST + (i << 12)) : PTE_INVALID;
    pt[3] = PTE_INVALID;
    lctl(1, STO);
    lctl(0, (stctl(0) & ~CR0_TRANS_FORMAT) | CR0_TRANS_FORMAT_VALUE);
    sd_reset(G(g_page));
    sd[SD_M] = SD_M_ESA390;
    put32(sd + SD_MSO, HOST_VA);
    u32 at = PROBE("", "sie 0(%%r4)", (u32)sd, 0);
    printf("PAGEABLE, PAGE NOT MAPPED: %s TEA %08X ICODE %02X", probe_result(buf, sizeof buf, at), probe_tea, sd[SD_ICODE]);
    pt[3] = GUEST + 0x3000;
    put32(guest(0x3000), 0x12345678u);
    run_sie((u32)sd);
    show("PAGEABLE, PAGE MAPPED");
    printf("  GR3 %08X", guest_gr[3]);
}

int main(void)
{
    probe_init();
    memcpy(guest(CODE), guest_code, (size_t)(guest_end - guest_code));
    sie_exceptions();
    validity();
    interceptions();
    waits_and_timers();
    host_interruption();
    probe_init();
    pageable();
    return 0;
}
