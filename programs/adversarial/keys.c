/* keys: an adversary that plays storage-key tricks.
 *
 * Attack: storage keys are the real frames' keys, one per 4K, so it sets,
 * reads and resets keys (SSKE, ISKE, RRBE) at and beyond the end of its
 * storage, where the next user's frames might be; it fetch-protects its
 * own pages and then reaches them with a PSW key or a CAW key that does
 * not match, directly, through the instructions CP simulates for it
 * (STCTL, STPT, STIDP, LPSW, LCTL: CP must check keys as the machine
 * would), through its console and its minidisk (the real channel checks
 * a translated program's CAW key); it protects its low core and expects
 * interruptions to go on; and in problem state it tries the key
 * instructions it is not entitled to (SSKE, ISKE, SPKA to a key CR3 does
 * not allow, IPK without extraction authority).
 *
 * Containment: addressing exceptions beyond its storage; protection
 * exceptions and protection checks exactly where the machine gives them;
 * TPROT agrees; interruptions ignore keys; privileged-operation
 * exceptions in problem state; and no other user's frame changes key (the
 * victims run on).
 */
#include "adv.h"

#define CONS 0x009
#define DISK 0x191
#define P 0x80000u   /* key 9, fetch-protected */
#define Q 0x81000u   /* key 8, not fetch-protected */

static u32 size;
static struct psw problem_psw;
static struct ccw prog[2];

static u8 iske(u32 a)
{
    u32 k;
    __asm__ volatile("iske %0,%1" : "=d"(k) : "a"(a));
    return (u8)k;
}

static void sske(u32 a, u8 key) { __asm__ volatile("sske %0,%1" : : "d"((u32)key), "a"(a) : "memory"); }
static void spka(u32 key) { __asm__ volatile("spka 0(%0)" : : "a"(key << 4) : "memory"); }

static void iske_at(u32 a) { (void)iske(a); }
static void sske_at(u32 a) { sske(a, 0x38); }
static void rrbe_at(u32 a) { __asm__ volatile("rrbe 0,%0" : : "a"(a) : "cc", "memory"); }

/* with PSW key 8: */
static void load8(u32 a)
{
    spka(8);
    (void)*(volatile u32 *)a;
    spka(0);
}
static void store8(u32 a)
{
    spka(8);
    *(volatile u32 *)a = 0x8888;
    spka(0);
}
static void stctl8(u32 a)
{
    spka(8);
    __asm__ volatile("stctl 0,0,0(%0)" : : "a"(a) : "memory");
    spka(0);
}
static void stpt8(u32 a)
{
    spka(8);
    __asm__ volatile("stpt 0(%0)" : : "a"(a) : "memory");
    spka(0);
}
static void stidp8(u32 a)
{
    spka(8);
    __asm__ volatile("stidp 0(%0)" : : "a"(a) : "memory");
    spka(0);
}
static void lctl8(u32 a)
{
    spka(8);
    __asm__ volatile("lctl 3,3,0(%0)" : : "a"(a) : "memory");
    spka(0);
}
static void lpsw8(u32 a)
{
    spka(8);
    __asm__ volatile("lpsw 0(%0)" : : "a"(a) : "memory");
}

static int tprot(u32 a, u32 key)
{
    int cc;
    __asm__ volatile("tprot 0(%1),0(%2)\n\tipm %0\n\tsrl %0,28" : "=d"(cc) : "a"(a), "a"(key << 4) : "cc", "memory");
    return cc;
}

/* In problem state, key 8: one instruction, then an invalid one (an
 * operation exception, the sign that the first was allowed). */
__asm__(".text\n"
        "prob_sske:  sske 0,1\n    .long 0\n"
        "prob_iske:  iske 0,1\n    .long 0\n"
        "prob_spka:  spka 0x90\n    .long 0\n"
        "prob_spka8: spka 0x80\n    .long 0\n"
        "prob_ipk:   ipk\n    .long 0\n"
        "prob_rrbe:  rrbe 0,1\n    .long 0\n");
extern char prob_sske[], prob_iske[], prob_spka[], prob_spka8[], prob_ipk[], prob_rrbe[];

static void in_problem_state(u32 where)
{
    problem_psw.w0 = 0x00080000u | 8u << 20 | 0x00010000u;   /* key 8, problem state, disabled */
    problem_psw.w1 = 0x80000000u | where;
    __asm__ volatile("lr 1,%0\n\tlpsw %1" : : "d"(Q), "Q"(problem_psw) : "1", "memory");
}

int main(void)
{
    struct csw s;
    int cc;
    adv_begin("KEYS");
    adv_catch_program_checks();
    size = diag60();

    static const u32 beyond[] = {0, 0x1000, 0x10000, 0x100000, 0x7FF00000u - 0x100000u};
    for (u32 i = 0; i < sizeof beyond / sizeof beyond[0]; i++) {
        char what[80];
        snprintf(what, sizeof what, "ISKE, SSKE, RRBE AT SIZE+%X: ADDRESSING", beyond[i]);
        bool ok = adv_probe(iske_at, size + beyond[i]) == PGM_ADDRESSING &&
                  adv_probe(sske_at, size + beyond[i]) == PGM_ADDRESSING &&
                  adv_probe(rrbe_at, size + beyond[i]) == PGM_ADDRESSING;
        check(ok, what);
    }

    sske(P, 0x98);
    sske(Q, 0x80);
    check_x((iske(P) & 0xF8) == 0x98, "SSKE AND ISKE ON ITS OWN FRAME: KEY 9, FETCH-PROTECTED", iske(P));
    expect_pgm(load8, P, PGM_PROTECTION, "KEY 8 LOADS FROM A FETCH-PROTECTED KEY-9 PAGE: PROTECTION");
    expect_pgm(store8, P, PGM_PROTECTION, "KEY 8 STORES THERE: PROTECTION");
    expect_pgm(store8, Q, 0, "KEY 8 STORES INTO ITS KEY-8 PAGE");
    expect_pgm(stctl8, P, PGM_PROTECTION, "STCTL (SIMULATED) INTO IT: PROTECTION");
    expect_pgm(stpt8, P, PGM_PROTECTION, "STPT (SIMULATED) INTO IT: PROTECTION");
    expect_pgm(stidp8, P, PGM_PROTECTION, "STIDP (SIMULATED) INTO IT: PROTECTION");
    expect_pgm(lctl8, P, PGM_PROTECTION, "LCTL (SIMULATED) FROM IT: PROTECTION");
    expect_pgm(lpsw8, P, PGM_PROTECTION, "LPSW (SIMULATED) FROM IT: PROTECTION");
    expect_pgm(stctl8, Q, 0, "STCTL (SIMULATED) INTO ITS KEY-8 PAGE");
    check_x(tprot(P, 8) == 2 && tprot(Q, 8) == 0 && tprot(Q, 3) == 1 && tprot(P, 0) == 0,
            "TPROT AGREES: 2, 0, 1, 0", (u32)(tprot(P, 8) << 12 | tprot(Q, 8) << 8 | tprot(Q, 3) << 4 | tprot(P, 0)));

    /* the channel: CAW keys */
    memcpy((void *)P, "KEYS: P", 7);
    prog[0] = (struct ccw){0x09, CCW_SLI, 7, P};
    cc = adv_io(CONS, prog, 8, &s);
    check(cc == 0 && (s.chan & CS_PROTCHK), "CONSOLE WRITE FROM THE KEY-9 PAGE WITH CAW KEY 8: PROTECTION CHECK");
    cc = adv_io(CONS, prog, 9, &s);
    check(cc == 0 && !s.chan, "  WITH CAW KEY 9: WRITTEN");
    memcpy((u8 *)P + 64, prog, 8);
    cc = adv_io(CONS, (u8 *)P + 64, 8, &s);
    check(cc == 1 && (s.chan & CS_PROTCHK), "ITS CCW IN THE KEY-9 PAGE, CAW KEY 8: CC 1, PROTECTION CHECK");
    static struct fba_prog fp;
    fba_prog(&fp, 0, 0, 0, 63, 6, 1, 0, (void *)Q);
    cc = adv_io(DISK, fp.ccw, 3, &s);
    check(cc == 0 && (s.chan & CS_PROTCHK), "MINIDISK READ INTO THE KEY-8 PAGE WITH CAW KEY 3: PROTECTION CHECK");
    cc = adv_io(DISK, fp.ccw, 8, &s);
    check(cc == 0 && !s.chan && s.unit == (US_CE | US_DE), "  WITH CAW KEY 8: READ");
    fba_prog(&fp, 0, 0, 0, 63, 1, 1, 0, (void *)P);
    cc = adv_io(DISK, fp.ccw, 3, &s);
    check(cc == 0 && (s.chan & CS_PROTCHK),
          "MINIDISK WRITE FROM THE FETCH-PROTECTED PAGE WITH CAW KEY 3: PROTECTION CHECK");

    /* low core fetch-protected: interruptions do not care */
    sske(0, 0x58);
    check(adv_probe(load8, P) == PGM_PROTECTION && (iske(0) & 0xF8) == 0x58,
          "LOW CORE AT KEY 5, FETCH-PROTECTED: INTERRUPTIONS STILL COME");
    sske(0, 0);

    /* problem state */
    lctl(3, 0x00800000u);   /* CR3: PSW-key mask allows key 8 only */
    lctl(0, 0);             /* no extraction authority */
    expect_pgm(in_problem_state, (u32)prob_sske, PGM_PRIVILEGED_OPERATION,
               "SSKE IN PROBLEM STATE: PRIVILEGED OPERATION");
    expect_pgm(in_problem_state, (u32)prob_iske, PGM_PRIVILEGED_OPERATION,
               "ISKE IN PROBLEM STATE: PRIVILEGED OPERATION");
    expect_pgm(in_problem_state, (u32)prob_rrbe, PGM_PRIVILEGED_OPERATION,
               "RRBE IN PROBLEM STATE: PRIVILEGED OPERATION");
    expect_pgm(in_problem_state, (u32)prob_spka, PGM_PRIVILEGED_OPERATION,
               "SPKA TO KEY 9, WHICH CR3 DOES NOT ALLOW: PRIVILEGED OPERATION");
    expect_pgm(in_problem_state, (u32)prob_spka8, PGM_OPERATION, "SPKA TO KEY 8, WHICH CR3 ALLOWS: DONE");
    expect_pgm(in_problem_state, (u32)prob_ipk, PGM_PRIVILEGED_OPERATION,
               "IPK WITHOUT EXTRACTION AUTHORITY: PRIVILEGED OPERATION");

    for (u32 a = 0; a < size; a += 4096)   /* leave its frames as CP gave them */
        sske(a, 0);
    return adv_end();
}
