/* dat.c: dynamic address translation on the bare machine.
 *
 * Builds ESA/390 segment and page tables mapping virtual 0-1 MB onto the
 * same real addresses, except virtual page 0x80000, which maps to real
 * page 0x30000 (an alias), and virtual page 0x90000, which starts out
 * invalid. With DAT on, it checks the alias both ways, then stores to the
 * invalid page: the page-translation exception (nullifying: the old PSW
 * points at the store) goes to a handler that maps the page and loads the
 * old PSW, so the store runs again and completes. Demand paging, in
 * miniature. Passes if the alias works and exactly one fault was taken.
 */
#include "creasy.h"

#define STO 0x20000      /* segment table: 1 entry used */
#define PTO 0x21000      /* page table for segment 0: 256 entries */

static volatile u32 faults;
static volatile u32 fault_tea;

/* The program-interruption handler, entered with DAT off (its new PSW
 * says so): for a page-translation exception, make the page valid
 * (identity mapping) and go back to the faulting instruction. */
__asm__(".section .text\n"
        "pgm_handler:\n"
        "    stm   %r0,%r15,0x200(%r0)\n"        /* save registers in low core */
        "    lh    %r1,0x8e(%r0)\n"              /* program-interruption code */
        "    chi   %r1,0x11\n"
        "    jne   1f\n"
        "    l     %r2,0x90(%r0)\n"              /* TEA: the virtual page */
        "    lr    %r3,%r2\n"
        "    srl   %r3,10\n"                     /* page index * 4 */
        "    larl  %r6,2f\n"
        "    n     %r3,0(%r6)\n"
        "    a     %r3,4(%r6)\n"                 /* + PTO */
        "    st    %r2,0(%r3)\n"                 /* PTE: frame = same address, valid */
        "    larl  %r4,faults\n"
        "    l     %r5,0(%r4)\n"
        "    ahi   %r5,1\n"
        "    st    %r5,0(%r4)\n"
        "    larl  %r4,fault_tea\n"
        "    st    %r2,0(%r4)\n"
        "    lm    %r0,%r15,0x200(%r0)\n"
        "    lpsw  0x28(%r0)\n"                  /* the old PSW points at the store */
        "1:  larl  %r6,4f\n"
        "    lpsw  0(%r6)\n"
        "    .align 8\n"
        "4:  .long 0x000A0000, 0x80BAD0FF\n"
        "2:  .long 0x000003FC, 0x00021000\n");

extern char pgm_handler[];

int main(void)
{
    u32 *st = (u32 *)STO, *pt = (u32 *)PTO;
    static struct psw pgm_new;
    for (int i = 0; i < 16; i++)
        st[i] = STE_INVALID;
    st[0] = PTO | 0xF;                      /* 256 pages */
    for (u32 p = 0; p < 256; p++)
        pt[p] = p << 12;                    /* identity */
    pt[0x80] = 0x30000;                     /* alias */
    pt[0x90] = PTE_INVALID;                 /* not mapped yet */
    pgm_new.w0 = 0x00080000;
    pgm_new.w1 = 0x80000000u | (u32)pgm_handler;
    memcpy((void *)LC_PGM_NEW_PSW, &pgm_new, 8);

    lctl(0, CR0_TRANS_FORMAT_VALUE);
    lctl(1, STO | 0);                       /* one group of 16 segment entries */
    __asm__ volatile("stosm 0x300(%%r0),0x04" : : : "memory");   /* DAT on */

    *(volatile u32 *)0x30010 = 0x11223344;
    if (*(volatile u32 *)0x80010 != 0x11223344)
        return 1;
    *(volatile u32 *)0x80020 = 0x55667788;
    if (*(volatile u32 *)0x30020 != 0x55667788)
        return 2;
    *(volatile u32 *)0x90040 = 0xCAFE;      /* faults once, then completes */
    if (*(volatile u32 *)0x90040 != 0xCAFE)
        return 3;
    __asm__ volatile("stnsm 0x300(%%r0),0xFB" : : : "memory");   /* DAT off */
    if (faults != 1 || fault_tea != 0x90000)
        return 4;
    return 0;
}
