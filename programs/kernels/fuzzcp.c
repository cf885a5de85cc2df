/* fuzzcp: random bytes as code, in a guest kernel, for CP to survive
 * (tests/fuzz/cpfuzz.sh runs it bare and as users of CP, in trap and
 * sie mode, beside a sentinel).
 *
 * Why a kernel and not the host fuzzer (tests/fuzz/fuzz_code.c): that one
 * throws random code at the machine; this one throws it at CP, through
 * every path a guest has into CP: privileged instructions simulated,
 * interruptions reflected, its own DAT tables shadowed, SIO translated,
 * DIAGNOSE, SIE inside the guest. CP may stop the virtual machine (a
 * disabled wait the code loads, an interruption loop), never abend.
 *
 * From the seed in its IPL parameter ("FUZZ    SSSSBBBB": R2 the seed,
 * R3 the budget of interruptions, four EBCDIC hex digits each) it fills
 * an arena (ARENA to ARENA_END) with random bytes, sprinkled with the
 * instructions random bytes rarely spell (I/O, DIAGNOSE, SIE, LPSW, DAT
 * and key instructions) and with CCWs; gives the arena's pages random
 * storage keys and builds DAT tables of its own that map it, with
 * invalid, protected and out-of-storage entries. Then it starts there at
 * a random PSW: supervisor or problem state, DAT on or off, mostly key 9
 * (the kernel's pages have key 0), with random registers and the CPU
 * timer armed so that a loop ends in an external interruption.
 *
 * Every new PSW leads to fz_next() (on its own stack, DAT off, disabled).
 * It counts the interruption, then mostly skips ahead past the
 * instruction that interrupted, in the same state, after re-randomizing
 * the bytes around it; now and then starts afresh at a new random PSW.
 * Often (with DAT off, where it knows the real address) it plants one of
 * those rare instructions right where the code goes on, so that most
 * interruptions are followed by a visit to CP;
 * and every FRESH_PER_PROGRAM fresh starts makes a new program (arena,
 * keys, tables). When the budget is spent it types its counts and ends
 * in the pass wait. Random code may of course overwrite low core,
 * reload the control registers, or load any PSW it likes: fz_next puts
 * its new PSWs and registers back each time, and what it cannot undo
 * (a disabled wait, a disabled loop) is for CP to handle.
 */
#include "creasy.h"

#define ARENA 0x80000u
#define ARENA_END 0x100000u       /* the arena: the upper half of 1M */
#define TABLES 0x70000u           /* segment table, then 16 page tables of 1K */
#define RESUME_PSW 0x800u         /* what fz_go loads: real storage past low-address protection */
#define RESUME_REGS 0x840u
#define WINDOW 256u               /* bytes re-randomized around an interruption */
#define FRESH_PER_PROGRAM 64
#define DEFAULT_BUDGET 3000u

enum { C_EXT, C_SVC, C_PGM, C_MCK, C_IO, C_RESTART, C_CLASSES };

static u32 rs = 1;                /* xorshift32 */
static u32 budget, taken, resumes, fresh, programs;
static u32 by_class[C_CLASSES], by_code[64];
static u32 seed_shown;
static u32 cr0_base;
u8 fz_stack[16384] __attribute__((aligned(8)));   /* fz_common's (global: the asm names it) */

static u32 rnd(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 17;
    rs ^= rs << 5;
    return rs;
}

static u32 chance(u32 n) { return rnd() % n == 0; }

/* The interruption entries: class in R2, a stack of our own, fz_next;
 * then the registers and PSW it left at RESUME_REGS and RESUME_PSW. */
__asm__(".text\n"
        "fz_ext:     lhi   %r2,0\n    j fz_common\n"
        "fz_svc:     lhi   %r2,1\n    j fz_common\n"
        "fz_pgm:     lhi   %r2,2\n    j fz_common\n"
        "fz_mck:     lhi   %r2,3\n    j fz_common\n"
        "fz_io:      lhi   %r2,4\n    j fz_common\n"
        "fz_restart: lhi   %r2,5\n"
        "fz_common:\n"
        "    larl  %r15,fz_stack\n"
        "    ahi   %r15,16384-96\n"
        "    brasl %r14,fz_next\n"
        "fz_go:\n"
        "    lm    %r0,%r15,0x840(%r0)\n"
        "    lpsw  0x800(%r0)\n");
extern char fz_ext[], fz_svc[], fz_pgm[], fz_mck[], fz_io[], fz_restart[];
void fz_next(u32 cls);

static void set_psw(u32 at, u32 w0, u32 w1)
{
    LOWCORE(u32, at) = w0;
    LOWCORE(u32, at + 4) = w1;
}

/* Low core as the kernel wants it (CR0 without low-address protection first). */
static void new_psws(void)
{
    lctl(0, cr0_base);
    const u32 w0 = 0x00080000u;   /* supervisor, key 0, disabled, DAT off */
    set_psw(LC_RESTART_NEW_PSW, w0, 0x80000000u | (u32)fz_restart);
    set_psw(LC_EXT_NEW_PSW, w0, 0x80000000u | (u32)fz_ext);
    set_psw(LC_SVC_NEW_PSW, w0, 0x80000000u | (u32)fz_svc);
    set_psw(LC_PGM_NEW_PSW, w0, 0x80000000u | (u32)fz_pgm);
    set_psw(LC_MCK_NEW_PSW, w0, 0x80000000u | (u32)fz_mck);
    set_psw(LC_IO_NEW_PSW, w0, 0x80000000u | (u32)fz_io);
    LOWCORE(u32, LC_CAW) = chance(4) ? rnd() : ARENA + (rnd() % (ARENA_END - ARENA) & ~7u);
}

static u32 arena_addr(u32 align) { return ARENA + (rnd() % (ARENA_END - ARENA) & ~(align - 1)); }

/* Instructions random bytes rarely spell; the rest of each is random. */
static const u32 seeds[] = {
    0x9C000009, 0x9C000100, 0x9D000009, 0x9D000100, 0x9E000009, 0x9F000000, /* SIO TIO HIO TCH */
    0x83240008, 0x83240018, 0x83240060, 0x83000000,                         /* DIAG 08 18 60 ? */
    0xB2140000, 0x82000000, 0x80000000, 0xAC000000, 0xAD000000,             /* SIE LPSW SSM STNSM STOSM */
    0xB7000000, 0xB6000000, 0xB1000000, 0xB2210000, 0xB20D0000,             /* LCTL STCTL LRA IPTE PTLB */
    0xB22B0000, 0xB2290000, 0xB22A0000, 0xB20A0000, 0xB20B0000,             /* SSKE ISKE RRBE SPKA IPK */
    0xB2080000, 0xB2060000, 0xB2090000, 0xB2070000, 0xB2040000,             /* SPT SCKC STPT STCKC SCK */
    0xB2020000, 0xB2050000, 0xE5010000, 0x0A000000, 0x44000000,             /* STIDP STCK TPROT SVC EX */
};

/* One of seeds[] at a (halfword-aligned), its operands random. */
static void plant(u32 a)
{
    u32 s = seeds[rnd() % (sizeof seeds / sizeof seeds[0])];
    u32 keep = (s & 0xFFFF) ? 0xFFFF0000u : 0xFF000000u;
    if ((s >> 24) == 0x83 || (s >> 24) == 0x9C || (s >> 24) == 0x9D || (s >> 24) == 0x9E)
        keep = 0xFFFFFFFFu;   /* the device or DIAG code as it is */
    u32 v = (s & keep) | (rnd() & ~keep);
    *(volatile u16 *)a = (u16)(v >> 16);
    *(volatile u16 *)(a + 2) = (u16)v;
}

static void sprinkle(u32 from, u32 to)
{
    for (u32 a = from; a + 8 <= to; a += 16 + rnd() % 128) {
        a &= ~1u;
        u32 r = rnd() % 8;
        if (r < 5) {   /* an instruction */
            plant(a);
        } else if (r < 7) {   /* a CCW: a real command, a count, data in the arena */
            static const u8 cmds[] = {0x01, 0x02, 0x03, 0x04, 0x08, 0x09, 0x0A, 0x0C, 0x41, 0x42, 0x43, 0x63, 0x0B};
            a = (a + 7) & ~7u;
            if (a + 8 > to)
                break;
            *(volatile u32 *)a = (u32)cmds[rnd() % sizeof cmds] << 24 | (rnd() & 0xFF) << 16 | (rnd() % 512);
            *(volatile u32 *)(a + 4) = chance(4) ? rnd() : arena_addr(1);
        } else {   /* a PSW an LPSW may find */
            a = (a + 7) & ~7u;
            if (a + 8 > to)
                break;
            *(volatile u32 *)a = (rnd() & ~PSW0_MUST_BE_ZERO) | PSW0_MUST_BE_ONE | 8u << PSW0_KEY_SHIFT;
            *(volatile u32 *)(a + 4) = 0x80000000u | arena_addr(2);
        }
    }
}

static void randomize(u32 from, u32 to)
{
    for (u32 a = from & ~3u; a < to; a += 4)
        *(volatile u32 *)a = rnd();
    sprinkle(from, to);
}

static void sske(u32 a, u32 key) { __asm__ volatile("sske %0,%1" : : "d"(key), "a"(a) : "memory"); }

/* DAT tables: segment 0 maps the arena (mostly to itself) and the kernel
 * (invalid or protected); segments 1-15 are invalid, or map random
 * frames, some beyond storage. */
static void tables(void)
{
    u32 *st = (u32 *)TABLES;
    for (u32 s = 0; s < 16; s++) {
        u32 *pt = (u32 *)(TABLES + 0x1000 + s * 1024);
        st[s] = s && chance(2) ? STE_INVALID : (u32)pt | 0xF;
        if (chance(32))
            st[s] = rnd() & ~STE_INVALID;   /* anything at all */
        for (u32 p = 0; p < 256; p++) {
            u32 frame = s == 0 && p >= (ARENA >> 12) && !chance(8) ? p << 12 : arena_addr(4096);
            if (s == 0 && p < (ARENA >> 12))
                frame = p << 12 | (chance(2) ? PTE_INVALID : PTE_PROTECT);
            else if (chance(16))
                frame |= PTE_INVALID;
            else if (chance(16))
                frame |= PTE_PROTECT;
            else if (chance(64))
                frame = rnd() & ~0xFFFu;
            pt[p] = frame;
        }
    }
}

static void new_program(void)
{
    programs++;
    randomize(ARENA, ARENA_END);
    for (u32 a = ARENA; a < ARENA_END; a += 4096) {
        u32 r = rnd() % 16, key = 0x90;
        if (r < 2)
            key = 0x98;   /* fetch-protected */
        else if (r < 3)
            key = 0x00;
        else if (r < 4)
            key = rnd() & 0xF8;
        sske(a, key);
    }
    tables();
}

/* A PSW to start at afresh: any state, mostly key 9 and enabled for the timer. */
static void fresh_psw(u32 *w0, u32 *w1)
{
    u32 v = rnd() & (PSW0_IO | PSW0_MC | PSW0_CC | PSW0_PM);
    v |= PSW0_MUST_BE_ONE | (chance(16) ? 0 : PSW0_EXT);
    v |= chance(2) ? PSW0_PROB : 0;
    v |= chance(2) ? PSW0_T : 0;
    /* key 0 only with DAT on, where the kernel's pages are invalid or
     * protected: else the code would soon overwrite the kernel */
    u32 r = rnd() % 8, key = r < 6 ? 9u : r < 7 ? 0u : 1 + rnd() % 15;
    if (!key && !(v & PSW0_T))
        key = 9;
    v |= key << PSW0_KEY_SHIFT;
    *w0 = v;
    *w1 = 0x80000000u | arena_addr(2);
}

static void registers(void)
{
    volatile u32 *g = (volatile u32 *)RESUME_REGS;
    for (int i = 0; i < 16; i++) {
        u32 r = rnd() % 4;
        g[i] = r == 0 ? rnd() : r == 1 ? rnd() % 4096 : r == 2 ? arena_addr(8) : 0;
    }
}

static void control_registers(void)
{
    u32 cr0 = cr0_base | (chance(2) ? CR0_LOW_PROTECT : 0) | (chance(8) ? CR0_SSM_SUPPRESS : 0) |
              (chance(4) ? CR0_EXTRACT_AUTH : 0);
    if (chance(32))
        cr0 = rnd();
    u32 cr1 = chance(32) ? rnd() : TABLES | (chance(16) ? CR1_PRIVATE : 0);
    u32 t = 0x4000u << (rnd() % 9);   /* 256 to 65536 instructions of CPU timer */
    u64 spt = t;
    __asm__ volatile("spt %0" : : "Q"(spt));
    if (chance(4)) {
        u64 ckc = stck() + (rnd() % 0x100000u);
        __asm__ volatile("sckc %0" : : "Q"(ckc));
    }
    lctl(1, cr1);
    lctl(0, cr0);
}

static u32 hexword(u32 w, u32 dflt)   /* four EBCDIC hex digits */
{
    u32 v = 0;
    for (int i = 0; i < 4; i++) {
        u32 c = w >> (24 - 8 * i) & 0xFF;
        if (c >= 0xF0 && c <= 0xF9)
            v = v << 4 | (c - 0xF0);
        else if (c >= 0xC1 && c <= 0xC6)
            v = v << 4 | (c - 0xC1 + 10);
        else
            return dflt;
    }
    return v;
}

static void say(const char *line)
{
    for (int i = 0; i < 8 && tio(0x009) != 0; i++)   /* status a random SIO left */
        ;
    for (int i = 0; i < 3 && con_puts(line) != 0; i++)
        ;
}

static __attribute__((noreturn)) void finish(void)
{
    char line[132];
    u64 off = 0;
    lctl(0, cr0_base);   /* no low-address protection: the console's CAW */
    __asm__ volatile("spt %0" : : "Q"(off));
    snprintf(line, sizeof line, "FUZZ %04X: %u INTERRUPTIONS: EXT %u SVC %u PGM %u MCK %u IO %u RESTART %u", seed_shown,
             taken, by_class[C_EXT], by_class[C_SVC], by_class[C_PGM], by_class[C_MCK], by_class[C_IO],
             by_class[C_RESTART]);
    say(line);
    int n = snprintf(line, sizeof line, "FUZZ %04X: CODES", seed_shown);
    for (u32 c = 0; c < 64 && n < 120; c++)
        if (by_code[c])
            n += snprintf(line + n, sizeof line - n, " %02X:%u", c, by_code[c]);
    say(line);
    snprintf(line, sizeof line, "FUZZ %04X: %u RESUMED, %u FRESH STARTS, %u PROGRAMS", seed_shown, resumes, fresh,
             programs);
    say(line);
    wait_disabled(WAIT_PASS);
}

void fz_next(u32 cls)
{
    u32 old0 = 0, old1 = 0;
    static const u32 old_at[C_CLASSES] = {LC_EXT_OLD_PSW, LC_SVC_OLD_PSW, LC_PGM_OLD_PSW,
                                          LC_MCK_OLD_PSW, LC_IO_OLD_PSW, LC_RESTART_OLD_PSW};
    old0 = LOWCORE(u32, old_at[cls]);
    old1 = LOWCORE(u32, old_at[cls] + 4);
    if (cls == C_PGM)
        by_code[LOWCORE(u16, LC_PGM_CODE) & 0x3F]++;
    by_class[cls]++;
    if (taken > budget)   /* an interruption in finish(): the kernel itself is hit */
        wait_disabled(WAIT_FAIL | 1);
    if (++taken >= budget)
        finish();
    new_psws();
    u32 w0, w1, at = old1 & 0x7FFFFFFFu;
    if (!chance(8) && at >= ARENA && at < ARENA_END && !(old0 & PSW0_WAIT)) {
        /* skip ahead in the same state; new bytes around, sometimes */
        resumes++;
        if (chance(2)) {
            u32 from = at > ARENA + WINDOW / 2 ? at - WINDOW / 2 : ARENA;
            randomize(from, from + WINDOW < ARENA_END ? from + WINDOW : ARENA_END);
        }
        w0 = (old0 & ~PSW0_MUST_BE_ZERO) | PSW0_MUST_BE_ONE | PSW0_EXT;
        w1 = 0x80000000u | ((at + 2 * (1 + rnd() % 4)) & ~1u);
        if (w1 + 8 >= (0x80000000u | ARENA_END))
            w1 = 0x80000000u | ARENA;
        if (chance(3) && !(w0 & PSW0_T))   /* one that reaches CP, next */
            plant(w1 & 0x7FFFFFFFu);
    } else {
        if (fresh++ % FRESH_PER_PROGRAM == 0)
            new_program();
        fresh_psw(&w0, &w1);
        if (chance(4)) {   /* a new page of code where it starts */
            u32 page = w1 & 0x7FFFF000u;
            randomize(page, page + 4096);
        }
        if (chance(2) && !(w0 & PSW0_T) && (w1 & 0x7FFFFFFFu) + 8 < ARENA_END)
            plant(w1 & 0x7FFFFFFFu);
    }
    registers();
    control_registers();
    LOWCORE(u32, RESUME_PSW) = w0;
    LOWCORE(u32, RESUME_PSW + 4) = w1;
}

int main(u32 r2, u32 r3)
{
    seed_shown = hexword(r2, 1);
    budget = hexword(r3, DEFAULT_BUDGET);
    if (!budget)
        budget = DEFAULT_BUDGET;
    rs = seed_shown * 2654435761u ^ 0x5EED5EEDu;
    if (!rs)
        rs = 1;
    for (int i = 0; i < 8; i++)
        rnd();
    cr0_base = (stctl(0) & ~(CR0_TRANS_FORMAT | CR0_LOW_PROTECT)) | CR0_TRANS_FORMAT_VALUE | CR0_CPT_MASK |
               CR0_CKC_MASK;
    char line[80];
    snprintf(line, sizeof line, "FUZZ %04X: BUDGET %u INTERRUPTIONS", seed_shown, budget);
    say(line);
    fz_next(C_RESTART);   /* the first start: counted as a restart */
    taken = 0;
    by_class[C_RESTART] = 0;
    __asm__ volatile("j fz_go");
    return 1;
}
