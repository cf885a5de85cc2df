/* control.c: the PSW and control-register family (isa/exec_control.c) on
 * the bare machine: the program mask and condition code (SPM, IPM), the
 * system mask (SSM, STOSM, STNSM, and SSM suppressed by CR0), LPSW, the
 * control registers (LCTL, STCTL, wrapping from CR15 to CR0), the PSW key
 * (SPKA, IPK), STIDP, and the privileged-operation exception in problem
 * state. (DIAGNOSE is model-dependent: on this machine a specification
 * exception, tests/unit/test_control.c.) Ends in the pass wait, or
 * 00BADnnn with nnn the first check that failed. */
#include "check.h"

static int masks(void)
{
    u32 r = 0x00ABCDEF;
    __asm__ volatile("spm %[pm]\n\tipm %[r]\n\tspm %[off]"
                     : [r] "+d"(r) : [pm] "d"(0x2A000000u), [off] "d"(0) : "cc");
    CHECK(1, r == 0x2AABCDEFu);   /* CC 2, program mask A, the rest kept */

    static u8 saved[4];
    __asm__ volatile("stosm %0,0x00" : "=Q"(saved[0]));
    CHECK(2, saved[0] == 0x00);   /* disabled, DAT off */
    __asm__ volatile("stosm %0,0x01\n\tstnsm %1,0xFE" : "=Q"(saved[1]), "=Q"(saved[2]));
    CHECK(3, saved[1] == 0x00 && saved[2] == 0x01);   /* the mask before each */
    __asm__ volatile("stosm %0,0x00" : "=Q"(saved[3]));
    CHECK(4, saved[3] == 0x00);
    static const u8 ext = 0x01, none = 0x00;
    __asm__ volatile("ssm %1\n\tstosm %0,0x00\n\tssm %2" : "=Q"(saved[0]) : "Q"(ext), "Q"(none));
    CHECK(5, saved[0] == 0x01);

    catch_pgm();
    u32 cr0 = stctl(0);
    lctl(0, cr0 | CR0_SSM_SUPPRESS);
    __asm__ volatile("ssm %0" : : "Q"(none));
    u16 code = pgm_taken();
    lctl(0, cr0);
    CHECK(6, code == PGM_SPECIAL_OPERATION);
    return 0;
}

static int load_psw(void)
{
    static struct psw p = {0x00081000u, 0};   /* CC 1: bits 18-19 */
    u32 cc;
    /* LPSW to the next instruction, with the CC it carries */
    __asm__ volatile("larl %%r1,0f\n\tst %%r1,4(%[p])\n\toi 4(%[p]),0x80\n\tlpsw 0(%[p])\n0:" CC_OUT
                     : [cc] "=d"(cc), "=m"(p) : [p] "a"(&p) : "r1", "cc");
    CHECK(10, cc == 1);
    return 0;
}

static int control_registers(void)
{
    static u32 all[16], again[16], wrap[3];
    __asm__ volatile("stctl %%c0,%%c15,%0" : "=Q"(all));
    __asm__ volatile("lctl %%c0,%%c15,%1\n\tstctl %%c0,%%c15,%0" : "=Q"(again) : "Q"(all));
    CHECK(20, memcmp(all, again, sizeof all) == 0);
    u32 cr3 = all[3];
    lctl(3, 0x12345678);
    CHECK(21, stctl(3) == 0x12345678u);
    lctl(3, cr3);
    __asm__ volatile("stctl %%c15,%%c1,%0" : "=Q"(wrap));   /* CR15, CR0, CR1 */
    CHECK(22, wrap[0] == all[15] && wrap[1] == all[0] && wrap[2] == all[1]);
    catch_pgm();
    __asm__ volatile("lctl %%c3,%%c3,%0" : : "Q"(*(u32 *)((char *)all + 2)));
    CHECK(23, pgm_taken() == PGM_SPECIFICATION);   /* not on a word boundary */
    CHECK(24, stctl(3) == cr3);
    return 0;
}

static int psw_key(void)
{
    register u32 r2 __asm__("r2") = 0xFFFFFF0F;
    __asm__ volatile("spka 0x30\n\tipk\n\tspka 0" : "+d"(r2));
    CHECK(30, r2 == 0xFFFFFF30u);   /* key 3 in bits 24-27, the rest kept */
    __asm__ volatile("ipk" : "+d"(r2));
    CHECK(31, (r2 & 0xFF) == 0x00);
    return 0;
}

static int cpu_id(void)
{
    static u64 id[2] __attribute__((aligned(8))) = {~0ull, ~0ull};
    __asm__ volatile("stidp %0" : "=Q"(id[0]));
    CHECK(40, id[0] != ~0ull && (u16)id[0] == 0);   /* bits 48-63 zero */
    catch_pgm();
    __asm__ volatile("stidp %0" : "=Q"(*(u64 *)((char *)id + 4)));
    CHECK(41, pgm_taken() == PGM_SPECIFICATION);
    return 0;
}

/* SSM in problem state: the privileged-operation exception, taken to a
 * new PSW that comes back in supervisor state. (Not inlined: its labels
 * are global.) */
static __attribute__((noinline)) int problem_state(void)
{
    static struct psw psws[3];
    static const u8 none = 0;
    extern char prob_at[], prob_back[];
    psws[0].w0 = 0x00090000u;   /* problem state */
    psws[0].w1 = 0x80000000u | (u32)prob_at;
    psws[1].w0 = 0x00080000u;
    psws[1].w1 = 0x80000000u | (u32)prob_back;
    u32 code;
    __asm__ volatile("mvc 0x68(8,%%r0),8(%[p])\n\t"   /* program new PSW: back here */
                     "lpsw 0(%[p])\n"
                     "prob_at:\n\tssm %[none]\n\tj .\n"
                     "prob_back:\n\tlh %[code],0x8e(%%r0)"
                     : [code] "=d"(code) : [p] "a"(psws), [none] "Q"(none), "m"(psws) : "memory");
    catch_pgm();
    CHECK(50, (code & 0xFFFF) == PGM_PRIVILEGED_OPERATION);
    return 0;
}

int main(void)
{
    int (*const parts[])(void) = {masks, load_psw, control_registers, psw_key, cpu_id, problem_state};
    for (unsigned i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        int rc = parts[i]();
        if (rc)
            return rc;
    }
    return 0;
}
