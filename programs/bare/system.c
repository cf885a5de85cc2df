/* system.c: the system family (isa/exec_system.c) on the bare machine:
 * storage keys (SSKE, ISKE, RRBE, and the reference and change bits that
 * fetches and stores set), TPROT against fetch protection and key
 * mismatch, translation control (LRA on segment and page tables, IPTE,
 * PTLB), the S/370 I/O instructions (SIO, TIO, HIO, TCH) on the console at
 * 009 and on a device that is not there, and SIE running a guest until
 * an intercepted instruction. Ends in the pass wait, or 00BADnnn with nnn
 * the first check that failed. */
#include "check.h"

#define FRAME 0x80000u   /* a frame to set keys on */
#define STO 0x40000u     /* segment table: 16 entries */
#define PTO 0x41000u     /* page table of segment 0: 256 entries */

static u32 iske(u32 frame)
{
    u32 k = 0xFFFFFF00u;
    __asm__ volatile("iske %0,%1" : "+d"(k) : "d"(frame));
    return k;
}

static void sske(u32 key, u32 frame) { __asm__ volatile("sske %0,%1" : : "d"(key), "d"(frame) : "memory"); }

static u32 tprot(u32 addr, u32 key)
{
    u32 cc;
    __asm__ volatile("tprot 0(%[a]),0(%[k])" CC_OUT : [cc] "=d"(cc) : [a] "a"(addr), [k] "a"(key << 4) : "cc");
    return cc;
}

static int storage_keys(void)
{
    volatile u32 *p = (volatile u32 *)FRAME;
    sske(0x30, FRAME);
    CHECK(1, iske(FRAME) == 0xFFFFFF30u);   /* key 3, R and C off; the rest of R1 kept */
    *p = 1;
    CHECK(2, (iske(FRAME) & 0xFF) == 0x36);   /* a store sets reference and change */
    u32 cc;
    __asm__ volatile("rrbe 0,%[f]" CC_OUT : [cc] "=d"(cc) : [f] "d"(FRAME) : "cc");
    CHECK(3, cc == 3);   /* it was referenced and changed */
    CHECK(4, (iske(FRAME) & 0xFF) == 0x32);
    (void)*p;
    CHECK(5, (iske(FRAME) & 0xFF) == 0x36);   /* a fetch references it again */

    CHECK(6, tprot(FRAME, 3) == 0);   /* the key matches: fetch and store */
    CHECK(7, tprot(FRAME, 0) == 0);   /* key 0: anything */
    CHECK(8, tprot(FRAME, 5) == 1);   /* mismatch: fetch only */
    sske(0x38, FRAME);
    CHECK(9, tprot(FRAME, 5) == 2);   /* fetch-protected: neither */
    sske(0x00, FRAME);
    return 0;
}

static int translation(void)
{
    u32 *st = (u32 *)STO, *pt = (u32 *)PTO;
    for (int i = 0; i < 16; i++)
        st[i] = STE_INVALID;
    st[0] = PTO | 0xF;   /* 256 pages */
    for (u32 i = 0; i < 256; i++)
        pt[i] = i << 12;
    pt[0x80] = 0x30000;          /* virtual 0x80000 is real 0x30000 */
    pt[0x90] = PTE_INVALID;
    u32 cr0 = stctl(0), cr1 = stctl(1);
    lctl(0, (cr0 & ~CR0_TRANS_FORMAT) | CR0_TRANS_FORMAT_VALUE);
    lctl(1, STO);

    u32 r, cc;
    __asm__ volatile("lra %[r],0(%[a])" CC_OUT : [r] "=d"(r), [cc] "=d"(cc) : [a] "a"(0x80123) : "cc");
    CHECK(10, cc == 0 && r == 0x30123u);
    __asm__ volatile("lra %[r],0(%[a])" CC_OUT : [r] "=d"(r), [cc] "=d"(cc) : [a] "a"(0x90000) : "cc");
    CHECK(11, cc == 2);   /* the page is invalid */
    __asm__ volatile("lra %[r],0(%[a])" CC_OUT : [r] "=d"(r), [cc] "=d"(cc) : [a] "a"(0x100000) : "cc");
    CHECK(12, cc == 1);   /* the segment is invalid */
    __asm__ volatile("ipte %[pto],%[va]" : : [pto] "d"(PTO), [va] "d"(0x80000) : "memory");
    CHECK(13, pt[0x80] == (0x30000u | PTE_INVALID));
    __asm__ volatile("lra %[r],0(%[a])" CC_OUT : [r] "=d"(r), [cc] "=d"(cc) : [a] "a"(0x80123) : "cc");
    CHECK(14, cc == 2);
    __asm__ volatile("ptlb" : : : "memory");
    lctl(0, cr0);
    lctl(1, cr1);
    return 0;
}

static int channel_io(void)
{
    CHECK(20, tio(0x009) == 0);   /* the console: available */
    CHECK(21, con_puts("SYSTEM: SIO AND TIO") == 0);
    CHECK(22, tio(0x0FF) == 3);   /* not operational */
    CHECK(23, sio(0x0FF) == 3);
    CHECK(24, hio(0x0FF) == 3);
    CHECK(25, tch(0x000) == 0);   /* channel 0 is available */
    return 0;
}

/* SIE: a V=R guest at 0x60000 (64K) adds 5 to GR2 (shared with the host)
 * and issues DIAGNOSE, which interpretation always intercepts. */
#define GUEST 0x60000u
static u8 sd[SIE_SD_LENGTH] __attribute__((aligned(256)));

static int interpretive_execution(void)
{
    memset(sd, 0, sizeof sd);
    sd[SD_M] = SD_M_ESA390 | SD_M_VR;
    *(u32 *)(sd + SD_MSO) = GUEST;
    *(u32 *)(sd + SD_MSE) = 0x10000;
    *(u32 *)(sd + SD_PSW) = 0x00080000u;
    *(u32 *)(sd + SD_PSW + 4) = 0x80001000u;
    *(u32 *)(GUEST + 0x1000) = 0xA72A0005u;   /* AHI 2,5 */
    *(u32 *)(GUEST + 0x1004) = 0x83000000u;   /* DIAG */
    register u32 r2 __asm__("r2") = 37;
    __asm__ volatile("sie 0(%[sd])" : "+d"(r2) : [sd] "a"(sd) : "memory", "cc");   /* GR14-15 are the host's again after it */
    CHECK(30, r2 == 42);
    CHECK(31, sd[SD_ICODE] == SIE_ICODE_INSTRUCTION);
    CHECK(32, *(u16 *)(sd + SD_IPA) == 0x8300);
    CHECK(33, *(u32 *)(sd + SD_PSW + 4) == 0x80001004u);   /* the guest PSW at the DIAGNOSE */
    return 0;
}

int main(void)
{
    int (*const parts[])(void) = {storage_keys, translation, channel_io, interpretive_execution};
    for (unsigned i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        int rc = parts[i]();
        if (rc)
            return rc;
    }
    return 0;
}
