/* storage: an adversary that reaches outside its own storage.
 *
 * Attack: loads, stores, a storage-to-storage move, a long MVCL and a
 * branch at and beyond the end of its virtual machine's storage (where
 * another user's storage might begin in real storage) and far beyond it;
 * the same through the privileged instructions CP simulates for it (LPSW,
 * LCTL, STCTL, SPT, STPT, SCKC, STIDP, SSM, ISKE), through EXECUTE, and
 * through CP's DISPLAY and STORE commands (DIAGNOSE X'08'). It also looks
 * for what a previous user left in its storage.
 *
 * Containment: every access outside gets the addressing exception the
 * bare machine gives (the old PSW past the instruction; for an
 * instruction fetched outside, two bytes past its address, ILC 1), the
 * commands give return code 160, nothing outside changes (the victims'
 * results show that), and all of its storage that it has not written
 * itself is zeros at IPL: no other user's data.
 */
#include "adv.h"

extern char _end[];

static u32 size;
static u8 scratch[64] __attribute__((aligned(8)));

static void load_at(u32 a) { (void)*(volatile u32 *)a; }
static void store_at(u32 a) { *(volatile u32 *)a = 0xBADBAD00u; }

/* MVC from the last 8 bytes of its storage on, 16 bytes: the source runs out */
static void mvc_across(u32 a)
{
    __asm__ volatile("mvc 0(16,%0),0(%1)" : : "a"(scratch), "a"(a) : "memory");
}

/* MVCL: 2M from `a` into 0x80000 on: the source runs out at the end */
static void mvcl_long(u32 a)
{
    register u32 r2 __asm__("2") = 0x80000u;
    register u32 r3 __asm__("3") = 0x00200000u;   /* 2M: past the end of its 1M, both of them */
    register u32 r4 __asm__("4") = a;
    register u32 r5 __asm__("5") = 0x00200000u;
    __asm__ volatile("0: mvcl %0,%2\n\tjo 0b" : "+d"(r2), "+d"(r3), "+d"(r4), "+d"(r5) : : "cc", "memory");
}

static void branch_to(u32 a) { ((void (*)(void))a)(); }

static void lpsw_at(u32 a) { __asm__ volatile("lpsw 0(%0)" : : "a"(a) : "memory"); }
static void lctl_at(u32 a) { __asm__ volatile("lctl 3,3,0(%0)" : : "a"(a) : "memory"); }
static void stctl_at(u32 a) { __asm__ volatile("stctl 0,15,0(%0)" : : "a"(a) : "memory"); }
static void spt_at(u32 a) { __asm__ volatile("spt 0(%0)" : : "a"(a) : "memory"); }
static void stpt_at(u32 a) { __asm__ volatile("stpt 0(%0)" : : "a"(a) : "memory"); }
static void sckc_at(u32 a) { __asm__ volatile("sckc 0(%0)" : : "a"(a) : "memory"); }
static void stidp_at(u32 a) { __asm__ volatile("stidp 0(%0)" : : "a"(a) : "memory"); }
static void ssm_at(u32 a) { __asm__ volatile("ssm 0(%0)" : : "a"(a) : "memory"); }
static void iske_at(u32 a)
{
    u32 k;
    __asm__ volatile("iske %0,%1" : "=d"(k) : "a"(a));
    (void)k;
}

/* EXECUTE of a load whose operand is outside */
static void ex_load(u32 a)
{
    __asm__ volatile("larl 1,1f\n\tex 0,0(1)\n\tj 2f\n1:\tl 0,0(%0)\n2:" : : "a"(a) : "0", "1", "memory");
}

/* EXECUTE of an LPSW (privileged: CP simulates the target) outside */
static void ex_lpsw(u32 a)
{
    __asm__ volatile("larl 1,1f\n\tex 0,0(1)\n\tj 2f\n1:\tlpsw 0(%0)\n2:" : : "a"(a) : "1", "memory");
}

static bool all_zero(u32 from, u32 to)
{
    for (u32 a = from; a < to; a += 4)
        if (*(const u32 *)a)
            return false;
    return true;
}

struct probe {
    void (*fn)(u32);
    const char *what;
};

int main(void)
{
    adv_begin("STORAGE");
    /* before anything is written there: what the kernel did not load is zeros */
    size = diag60();
    check(all_zero((u32)_end, size), "ITS STORAGE ABOVE THE KERNEL IS ZEROS AT IPL: NOTHING LEFT BY ANOTHER USER");
    check(all_zero(0x1000, 0xFE00), "ITS STORAGE BELOW THE KERNEL (AND ITS IPL RECORD) IS ZEROS AT IPL");
    check_x(size == 0x100000u, "DIAGNOSE X'60': ITS STORAGE IS 1M", size);
    adv_catch_program_checks();

    static const u32 beyond[] = {0, 8, 0x1000, 0x10000, 0x100000, 0x00F00000};   /* doubleword aligned */
    static const struct probe accesses[] = {
        {load_at, "LOAD"},   {store_at, "STORE"}, {lpsw_at, "LPSW"},   {lctl_at, "LCTL"},   {stctl_at, "STCTL"},
        {spt_at, "SPT"},     {stpt_at, "STPT"},   {sckc_at, "SCKC"},   {stidp_at, "STIDP"}, {ssm_at, "SSM"},
        {iske_at, "ISKE"},   {ex_load, "EX L"},   {ex_lpsw, "EX LPSW"},
    };
    for (u32 i = 0; i < sizeof accesses / sizeof accesses[0]; i++)
        for (u32 j = 0; j < sizeof beyond / sizeof beyond[0]; j++) {
            char what[80];
            snprintf(what, sizeof what, "%s AT SIZE+%X: ADDRESSING EXCEPTION", accesses[i].what, beyond[j]);
            expect_pgm(accesses[i].fn, size + beyond[j], PGM_ADDRESSING, what);
        }
    expect_pgm(load_at, 0x7FFFFFFCu, PGM_ADDRESSING, "LOAD AT 7FFFFFFC: ADDRESSING EXCEPTION");
    expect_pgm(store_at, 0x7FFFF000u, PGM_ADDRESSING, "STORE AT 7FFFF000: ADDRESSING EXCEPTION");
    expect_pgm(load_at, size - 2, PGM_ADDRESSING, "LOAD ACROSS THE END: ADDRESSING EXCEPTION");
    expect_pgm(store_at, size - 2, PGM_ADDRESSING, "STORE ACROSS THE END: ADDRESSING EXCEPTION");
    check_x(*(volatile u32 *)(size - 4) != 0xBADBAD00u, "A STORE ACROSS THE END CHANGED NOTHING INSIDE",
            *(volatile u32 *)(size - 4));
    expect_pgm(mvc_across, size - 8, PGM_ADDRESSING, "MVC FROM ACROSS THE END: ADDRESSING EXCEPTION");
    expect_pgm(mvcl_long, size - 0x1000, PGM_ADDRESSING, "MVCL FROM ACROSS THE END: ADDRESSING EXCEPTION");
    expect_pgm(load_at, 0x1000, 0, "LOAD INSIDE: NO EXCEPTION");

    /* an instruction fetched outside: the old PSW two bytes past it */
    expect_pgm(branch_to, size, PGM_ADDRESSING, "BRANCH TO SIZE: ADDRESSING EXCEPTION");
    check_x(pgm_old_ia() == size + 2 && pgm_ilc() == 2, "  ITS OLD PSW IS SIZE+2, ILC 1", pgm_old_ia());
    expect_pgm(branch_to, 0x7FFFFFF0u, PGM_ADDRESSING, "BRANCH TO 7FFFFFF0: ADDRESSING EXCEPTION");

    /* an operand outside: the old PSW past the instruction */
    expect_pgm(lpsw_at, size, PGM_ADDRESSING, "LPSW FROM SIZE: ADDRESSING EXCEPTION");
    check_x(pgm_ilc() == 4, "  ILC 2 (FOUR BYTES)", pgm_ilc());

    /* CP's commands on its storage */
    check_x(diag08("DISPLAY A 100000") == 160, "CP DISPLAY A 100000: RETURN CODE 160", diag08("DISPLAY A 100000"));
    check_x(diag08("DISPLAY A FFFF8 10") == 160, "CP DISPLAY ACROSS THE END: RETURN CODE 160",
            diag08("DISPLAY A FFFF8 10"));
    check_x(diag08("STORE A FFFFC 11111111 22222222") == 160, "CP STORE ACROSS THE END: RETURN CODE 160", 0);
    check_x(diag08("STORE A 7FFFFFFC 0") == 160, "CP STORE A 7FFFFFFC: RETURN CODE 160", 0);
    check_x(diag08("STORE A 1000 C1C2C3C4") == 0 && *(u32 *)0x1000 == 0xC1C2C3C4u, "CP STORE INSIDE WORKS",
            *(u32 *)0x1000);
    return adv_end();
}
