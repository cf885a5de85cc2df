/* branch.c: the branch family (isa/exec_branch.c) on the bare machine:
 * branches on condition (every mask, register, indexed and relative
 * forms), on count and on index, the links BAL, BAS and their register
 * and relative forms store in 31-bit mode, SUPERVISOR CALL, and EXECUTE:
 * its target modified by R1, a branching target, and the execute and
 * specification exceptions. Ends in the pass wait, or 00BADnnn with nnn
 * the first check that failed. */
#include "check.h"

/* Taken or not: 1 if `branch` (with target 1f) branched after `setcc`. */
#define TAKEN(setcc, branch, ...)                                          \
    ({                                                                     \
        u32 t_;                                                            \
        __asm__ volatile(setcc "\n\tlhi %[t],1\n\t" branch "\n\tlhi %[t],0\n1:" \
                         : [t] "=&d"(t_) : __VA_ARGS__ : "cc", "r1");      \
        t_;                                                                \
    })

static int on_condition(void)
{
    /* CC 0 after CR of equals; the masks 8, 4, 2, 1 select CC 0..3 */
    CHECK(1, TAKEN("cr %[a],%[a]", "brc 8,1f", [a] "d"(5)));
    CHECK(2, !TAKEN("cr %[a],%[a]", "brc 7,1f", [a] "d"(5)));
    CHECK(3, TAKEN("chi %[a],9", "brc 4,1f", [a] "d"(5)));    /* low: CC 1 */
    CHECK(4, TAKEN("chi %[a],1", "brc 2,1f", [a] "d"(5)));    /* high: CC 2 */
    CHECK(5, TAKEN("lr %%r1,%[a]\n\tahi %%r1,1", "brc 1,1f", [a] "d"(0x7FFFFFFF)));   /* overflow: CC 3 */
    CHECK(6, TAKEN("cr %[a],%[a]", "brc 15,1f", [a] "d"(5)));
    CHECK(7, !TAKEN("cr %[a],%[a]", "brc 0,1f", [a] "d"(5)));
    CHECK(8, TAKEN("cr %[a],%[a]", "brcl 8,1f", [a] "d"(5)));
    CHECK(9, TAKEN("larl %%r1,1f\n\tcr %[a],%[a]", "bc 8,0(%%r1)", [a] "d"(5)));
    CHECK(10, !TAKEN("larl %%r1,1f\n\tcr %[a],%[a]", "bc 6,0(%%r1)", [a] "d"(5)));
    CHECK(11, TAKEN("larl %%r1,1f\n\tcr %[a],%[a]", "bcr 8,%%r1", [a] "d"(5)));
    CHECK(12, !TAKEN("larl %%r1,1f\n\tcr %[a],%[a]", "bcr 15,0", [a] "d"(5)));   /* R2 0: no branch */
    /* BC's index register counts */
    CHECK(13, TAKEN("larl %%r1,1f-8\n\tcr %[a],%[a]", "bc 15,0(%[x],%%r1)", [a] "d"(5), [x] "a"(8)));
    return 0;
}

static int on_count(void)
{
    u32 n = 0, c = 10;
    __asm__ volatile("0:\tahi %[n],1\n\tbrct %[c],0b" : [n] "+d"(n), [c] "+d"(c) : : "cc");
    CHECK(20, n == 10 && c == 0);
    n = 0, c = 7;
    __asm__ volatile("larl %%r1,0f\n0:\tahi %[n],1\n\tbct %[c],0(%%r1)" : [n] "+d"(n), [c] "+d"(c) : : "cc", "r1");
    CHECK(21, n == 7 && c == 0);
    n = 0, c = 4;
    __asm__ volatile("larl %%r1,0f\n0:\tahi %[n],1\n\tbctr %[c],%%r1" : [n] "+d"(n), [c] "+d"(c) : : "cc", "r1");
    CHECK(22, n == 4 && c == 0);
    c = 5;
    __asm__ volatile("bctr %[c],0" : [c] "+d"(c));   /* R2 0: count, no branch */
    CHECK(23, c == 4);
    c = 0;
    __asm__ volatile("brct %[c],1f\n1:" : [c] "+d"(c));
    CHECK(24, c == 0xFFFFFFFFu);   /* 0 - 1 is not zero: it branched, to the next instruction */
    return 0;
}

/* Index loops: R4 the index, R6 the increment, R7 the comparand. */
static int on_index(void)
{
    u32 n;
    __asm__ volatile("lhi %%r4,0\n\tlhi %%r6,1\n\tlhi %%r7,9\n\tlhi %[n],0\n"
                     "0:\tahi %[n],1\n\tbrxle %%r4,%%r6,0b"
                     : [n] "=&d"(n) : : "cc", "r4", "r6", "r7");
    CHECK(30, n == 10);   /* index 0..9 */
    __asm__ volatile("lhi %%r4,10\n\tlhi %%r6,-1\n\tlhi %%r7,0\n\tlhi %[n],0\n"
                     "0:\tahi %[n],1\n\tbrxh %%r4,%%r6,0b"
                     : [n] "=&d"(n) : : "cc", "r4", "r6", "r7");
    CHECK(31, n == 10);   /* index 9..0 stays high while above 0 */
    __asm__ volatile("lhi %%r4,0\n\tlhi %%r6,2\n\tlhi %%r7,9\n\tlhi %[n],0\n\tlarl %%r1,0f\n"
                     "0:\tahi %[n],1\n\tbxle %%r4,%%r6,0(%%r1)"
                     : [n] "=&d"(n) : : "cc", "r1", "r4", "r6", "r7");
    CHECK(32, n == 5);    /* 0, 2, 4, 6, 8 */
    __asm__ volatile("lhi %%r4,0\n\tlhi %%r6,3\n\tlhi %%r7,10\n\tlhi %[n],0\n\tlarl %%r1,1f\n"
                     "0:\tahi %[n],1\n\tbxh %%r4,%%r6,0(%%r1)\n\tj 0b\n1:"
                     : [n] "=&d"(n) : : "cc", "r1", "r4", "r6", "r7");
    CHECK(33, n == 4);    /* high once the index passes 10: 3, 6, 9, 12 */
    /* R1 = R3 = 5 (odd): increment and comparand are both R5, read before
     * R5 is updated: 1 + 1 = 2 is not low or equal to 1, so no branch */
    __asm__ volatile("lhi %%r5,1\n\tlhi %[n],0\n"
                     "0:\tahi %[n],1\n\tbrxle %%r5,%%r5,0b"
                     : [n] "=&d"(n) : : "cc", "r5");
    CHECK(34, n == 1);
    return 0;
}

/* Links: the amode bit and the next instruction's address. */
static int links(void)
{
    u32 link, next;
    __asm__ volatile("bras %[l],1f\n1:\tlarl %[e],1b" : [l] "=&d"(link), [e] "=d"(next));
    CHECK(40, link == (0x80000000u | next));
    __asm__ volatile("brasl %[l],1f\n1:\tlarl %[e],1b" : [l] "=&d"(link), [e] "=d"(next));
    CHECK(41, link == (0x80000000u | next));
    __asm__ volatile("larl %%r1,1f\n\tbal %[l],0(%%r1)\n1:\tlarl %[e],1b" : [l] "=&d"(link), [e] "=d"(next) : : "r1");
    CHECK(42, link == (0x80000000u | next));
    __asm__ volatile("larl %%r1,1f\n\tbas %[l],0(%%r1)\n1:\tlarl %[e],1b" : [l] "=&d"(link), [e] "=d"(next) : : "r1");
    CHECK(43, link == (0x80000000u | next));
    __asm__ volatile("larl %%r1,1f\n\tbasr %[l],%%r1\n1:\tlarl %[e],1b" : [l] "=&d"(link), [e] "=d"(next) : : "r1");
    CHECK(44, link == (0x80000000u | next));
    __asm__ volatile("balr %[l],0\n1:\tlarl %[e],1b" : [l] "=&d"(link), [e] "=d"(next));   /* R2 0: link only */
    CHECK(45, link == (0x80000000u | next));
    /* BASR with R1 = R2: the branch address is read before the link is stored */
    __asm__ volatile("lhi %[l],0\n\tlhi %[e],0\n\tlarl %%r1,1f\n\tbasr %%r1,%%r1\n"
                     "3:\tj 2f\n1:\tlarl %[e],3b\n\tlr %[l],%%r1\n2:"
                     : [l] "=&d"(link), [e] "=&d"(next) : : "r1");
    CHECK(46, next != 0 && link == (0x80000000u | next));
    return 0;
}

/* SVC: the interruption code and a return to the next instruction. */
static volatile u16 svc_seen;
__asm__(".section .text\n"
        "svc_catch:\n"
        "    st    %r1,0x204(%r0)\n"
        "    larl  %r1,svc_seen\n"
        "    mvc   0(2,%r1),0x8a(%r0)\n"   /* LC_SVC_CODE */
        "    l     %r1,0x204(%r0)\n"
        "    lpsw  0x20(%r0)\n");          /* LC_SVC_OLD_PSW: after the SVC */
extern char svc_catch[];

static int supervisor_call(void)
{
    static struct psw p;
    p.w0 = 0x00080000u;
    p.w1 = 0x80000000u | (u32)svc_catch;
    memcpy((void *)LC_SVC_NEW_PSW, &p, 8);
    u32 after = 0;
    __asm__ volatile("svc 42\n\tlhi %[a],1" : [a] "=d"(after));
    CHECK(50, svc_seen == 42 && after == 1);
    return 0;
}

static int execute(void)
{
    static char src[8] = "ABCDEFG", dst[8];
    u32 t;
    /* EX of MVC 0(1,dst),0(src) with R1 = 3: four bytes move */
    __asm__ volatile("lhi %%r1,3\n\tlarl %[t],0f\n\tex %%r1,0(%[t])\n\tj 1f\n0:\tmvc 0(1,%[d]),0(%[s])\n1:"
                     : "=m"(dst), [t] "=&a"(t) : [d] "a"(dst), [s] "a"(src), "m"(src) : "r1");
    CHECK(60, memcmp(dst, "ABCD", 4) == 0 && dst[4] == 0);
    /* R1 = 0: the target as it stands */
    u32 v = 5;
    __asm__ volatile("larl %[t],0f\n\tex 0,0(%[t])\n\tj 1f\n0:\tahi %[v],1\n1:" : [v] "+d"(v), [t] "=&a"(t) : : "cc");
    CHECK(61, v == 6);
    /* a branching target: its link is the address after the EXECUTE */
    u32 link, next;
    __asm__ volatile("larl %[t],0f\n\tex 0,0(%[t])\n1:\tlarl %[e],1b\n\tj 2f\n0:\tbras %[l],1b\n2:"
                     : [l] "=&d"(link), [e] "=&d"(next), [t] "=&a"(t));
    CHECK(62, link == (0x80000000u | next));
    /* relative operands of the target count from the target */
    __asm__ volatile("larl %[t],0f\n\tex 0,0(%[t])\n\tj 2f\n0:\tlarl %[l],0b\n2:\tlarl %[e],0b"
                     : [l] "=&d"(link), [e] "=&d"(next), [t] "=&a"(t));
    CHECK(63, link == next);
    catch_pgm();
    __asm__ volatile("larl %[t],0f\n\tex 0,0(%[t])\n\tj 1f\n0:\tex 0,0(%[t])\n1:" : [t] "=&a"(t));
    CHECK(64, pgm_taken() == PGM_EXECUTE);
    __asm__ volatile("larl %[t],0f\n\tex 0,1(%[t])\n\tj 1f\n0:\tnopr 0\n1:" : [t] "=&a"(t));
    CHECK(65, pgm_taken() == PGM_SPECIFICATION);   /* an odd target address */
    return 0;
}

int main(void)
{
    int (*const parts[])(void) = {on_condition, on_count, on_index, links, supervisor_call, execute};
    for (unsigned i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        int rc = parts[i]();
        if (rc)
            return rc;
    }
    return 0;
}
