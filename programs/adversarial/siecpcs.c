/* siecpcs: a guest CP whose own guest would check-stop its CPU.
 *
 * Design note. A program interruption whose program new PSW is invalid
 * would make the CPU loop for ever, so the machine enters the check-stop
 * state instead (machine/cpu/cpu.c, deliver), and CP stops a virtual
 * machine with "CP: CHECK-STOP: ITS PROGRAM NEW PSW IS INVALID"
 * (cp/reflect.c). Under SIE the guest's new PSWs are in the guest's low
 * core, so a guest CP can give its guest an invalid program new PSW and
 * an operation exception. The guest's CPU is not the host's: the machine
 * does not check-stop, it ends interpretation with the program
 * interception of the interruption the guest could not take (code X'08',
 * the code and ILC the guest stored, its PSW as it was; machine/cpu/sie.c,
 * sie_guest_checkstop). Bare and under CP (whose virtual SIE runs the
 * guest on the machine's SIE) the answer must be that, and never the
 * real CPU's check-stop, which every other user runs on.
 *
 * First its checks that the guest runs and takes its program
 * interruptions through its own low core (a valid new PSW, which leads
 * to a DIAGNOSE the machine intercepts); then the attack.
 */
#include "adv.h"

#define AMODE 0x80000000u
#define GUEST 0xA0000u
#define GSIZE 0x10000u
#define CODE 0x1000u

__asm__(".section .text\n"
        "cs_code:\n"
        "cs_opx:  .long 0\n"             /* an operation exception */
        "cs_h:    diag  %r0,%r0,0x10\n"  /* the guest's program handler */
        "cs_end:\n");
extern char cs_code[], cs_opx[], cs_h[], cs_end[];
#define G(sym) (CODE + (u32)((sym) - cs_code))

u32 cs_gr[14];
__asm__(".section .text\n"
        "cs_sie:\n"
        "    stm   %r6,%r15,24(%r15)\n"
        "    lr    %r14,%r2\n"
        "    larl  %r1,cs_gr\n"
        "    lm    %r0,%r13,0(%r1)\n"
        "    sie   0(%r14)\n"
        "    lm    %r6,%r15,24(%r15)\n"
        "    br    %r14\n");
void cs_sie(u32 sd);

static u8 sd[SIE_SD_LENGTH] __attribute__((aligned(SIE_SD_LENGTH)));

static u32 get32(const void *p) { return *(const volatile u32 *)p; }
static void set32(void *p, u32 v) { *(volatile u32 *)p = v; }

/* The guest: its storage, its code; its program new PSW valid or zeros */
static void guest(bool valid_new_psw)
{
    memset((void *)GUEST, 0, GSIZE);
    memcpy((void *)(GUEST + CODE), cs_code, (size_t)(cs_end - cs_code));
    if (valid_new_psw) {
        set32((void *)(GUEST + LC_PGM_NEW_PSW), 0x00080000u);
        set32((void *)(GUEST + LC_PGM_NEW_PSW + 4), AMODE | G(cs_h));
    }
    memset(sd, 0, sizeof sd);
    sd[SD_M] = SD_M_ESA390 | SD_M_VR;
    set32(sd + SD_MSO, GUEST);
    set32(sd + SD_MSE, GSIZE);
    set32(sd + SD_PSW, 0x00080000u);
    set32(sd + SD_PSW + 4, AMODE | G(cs_opx));
}

int main(void)
{
    adv_begin("SIECPCS");
    adv_catch_program_checks();
    guest(true);
    int pgm = adv_probe((void (*)(u32))cs_sie, (u32)sd);
    check_x(pgm == 0 && sd[SD_ICODE] == SIE_ICODE_INSTRUCTION && sd[SD_IPA] == 0x83 &&
                (get32(sd + SD_PSW + 4) & 0x7FFFFFFFu) == G(cs_h),
            "ITS GUEST'S OPERATION EXCEPTION, THROUGH ITS OWN NEW PSW, TO ITS HANDLER'S DIAGNOSE", (u32)pgm);
    check_x(get32((void *)(GUEST + LC_PGM_INT_ID)) == 0x00020001u, "  CODE 0001, ILC 1, IN THE GUEST'S LOW CORE",
            get32((void *)(GUEST + LC_PGM_INT_ID)));
    if (adv_end())
        return 1;

    guest(false);   /* the same, the program new PSW all zeros: invalid */
    pgm = adv_probe((void (*)(u32))cs_sie, (u32)sd);
    check_x(pgm == 0 && sd[SD_ICODE] == SIE_ICODE_PROGRAM, "ITS GUEST'S CHECK-STOP: A PROGRAM INTERCEPTION, NOT THE CPU'S",
            (u32)pgm << 8 | sd[SD_ICODE]);
    check_x(sd[SD_PGM_CODE] == 0 && sd[SD_PGM_CODE + 1] == 1 && sd[SD_PGM_ILC] == 2, "  OPERATION, ILC 1",
            (u32)sd[SD_PGM_ILC] << 16 | (u32)sd[SD_PGM_CODE] << 8 | sd[SD_PGM_CODE + 1]);
    check_x((get32(sd + SD_PSW + 4) & 0x7FFFFFFFu) == G(cs_opx) + 2, "  ITS PSW PAST THE OPERATION, AS IT WAS",
            get32(sd + SD_PSW + 4));
    return adv_end();
}
