/* leaver: an adversary that logs off with its channel program running.
 *
 * Attack: a minidisk's channel program runs on the real device, moving
 * data into the real frames of the VM's storage. It starts a long one
 * (some 190 ms of disk time, reading its minidisk over and over into the
 * first 64K of its storage), and at once logs off with DIAGNOSE X'08'.
 * Its frames go back to CP's free storage, and the next thing CP
 * allocates there (a victim's shadow tables when it turns DAT on, a
 * victim's spool file) would be overwritten by its disk's blocks: zeros
 * (a new minidisk), which as shadow segment-table entries are page tables
 * at real address 0. It is the first user in the directory, so CP runs it
 * first and its frames are the first CP hands out again; the victims turn
 * DAT on as soon as they start.
 *
 * Containment: CP stops a VM's real channel programs (HIO) before it
 * frees its storage, at LOGOFF and at IPL. It cannot see that from
 * inside: it is gone. tests/cp/adversarial.sh checks that it logged off
 * and that the victims, who turn DAT on and print meanwhile, are
 * unchanged.
 */
#include "adv.h"

#define DISK 0x191
#define PAIRS 28

/* The program lives high in its storage, away from the low frames that
 * CP hands out first once it is gone (they are cleared when they are). */
struct program {
    struct ccw ccw[1 + 2 * PAIRS];
    u8 extent[16];
    u8 locate[8];
};
#define PROGRAM 0xE0000u

int main(void)
{
    adv_begin("LEAVER");
    struct program *p = (struct program *)PROGRAM;
    memset(p, 0, sizeof *p);
    put32(p->extent + 12, 63);
    p->locate[0] = 6;
    p->locate[3] = 64;
    p->ccw[0] = (struct ccw){0x63, CCW_CC, 16, (u32)p->extent};
    for (u32 i = 0; i < PAIRS; i++) {
        p->ccw[1 + 2 * i] = (struct ccw){0x43, CCW_CC, 8, (u32)p->locate};
        p->ccw[2 + 2 * i] = (struct ccw){0x42, i + 1 < PAIRS ? CCW_CC : 0, 0x8000, (i & 1) * 0x8000};
    }
    LOWCORE(u32, LC_CAW) = (u32)p->ccw;
    int cc = sio(DISK);
    check(cc == 0, "A LONG READ INTO ITS FIRST 64K STARTED");
    adv_end();
    diag08("LOGOFF");
    return 1;   /* not reached: it is gone */
}
