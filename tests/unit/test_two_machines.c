/* test_two_machines.c: two machines in one process, interleaved (a slice
 * of one, then of the other, for as many rounds as they need), each with
 * its own program and devices, must each end exactly as when it runs
 * alone with the same slices: registers, PSW, control registers,
 * instruction and step counts, clocks, counters, storage, storage keys
 * and device output. This holds the promise of machine/cpu/machine.h:
 * no globals, so machines run side by side (STYLE.md, lesson 5).
 *
 * Machine A (program A below, a 2540 punch at 00D, binary) runs 700
 * rounds of add, shift and exclusive-or between cards, stores the TOD
 * clock before each, and punches five cards, each with its number and
 * the checksum so far, waiting enabled for each I/O interruption.
 *
 * Machine B (program B, a 2540 reader at 00C with a text deck) reads
 * cards until the deck ends, adding up their bytes and copying and
 * comparing each 300 times, while the CPU timer interrupts every 40 us
 * (its handler counts and sets it again): interruptions in the wait and
 * while running, at times the two machines' slices do not line up with.
 *
 * Both programs are assembled for 0x10000 (basr %r12,0 as the base) and
 * end in the 0000600D wait, or 00BAD00n if an I/O instruction fails.
 */
#include "test_dev.h"

#define LOAD 0x10000u
#define PCH 0x00D
#define RDR 0x00C
#define SLICE_A 1000
#define SLICE_B 777
#define PASS_IA 0x0000600Du   /* the disabled wait that ends a program that passed */

/* A:  basr r12,0 ; mvc 0x78(8),ionew ; mvc 0x48(4),caw ; lhi r2,1 ; lhi r3,5
 * card: lhi r4,700
 * loop: ar r2,r4 ; lr r5,r2 ; sll r5,3 ; xr r2,r5 ; brct r4,loop
 *       lr r6,r3 ; sll r6,3 ; la r6,tods-8(r6,r12) ; stck 0(r6)
 *       st r2,text+8 ; stc r3,text ; oi text,0xF0 ; sio 00D ; brc 7,fail
 *       lpsw waitio (I/O mask, wait)
 * after: brct r3,card ; lpsw pass
 * fail:  lpsw failpsw
 * then the PSWs, the CAW, the CCW (01 write, SLI, 80 bytes of text), five
 * TOD slots and the card text "CARD    XXXX" in EBCDIC. */
static const char *const program_a[] = {
    "0dc0d2070078c05ed2030048c07ea728", "0001a7380005a74802bc1a2418528950",
    "00031725a746fffb1863896000034166", "c086b20560005020c0be4230c0b696f0",
    "c0b69c00000da77400088200c066a736", "ffe48200c06e8200c076070707070707",
    "000800008001004e020a00008001004e", "000a00008000600d000a000080bad001",
    "000100880707070701200050000100b8", "00000000000000000000000000000000",
    "00000000000000000000000000000000", "0000000000000000c3c1d9c440404040",
    "e7e7e7e7404040404040404040404040", "40404040404040404040404040404040",
    "40404040404040404040404040404040", "40404040404040404040404040404040",
    "4040404040404040",
};

/* B:  basr r12,0 ; mvc 0x78(8),ionew ; mvc 0x58(8),extnew ; mvc 0x48(4),caw
 *     stctl c0,c0,cr0 ; oi cr0+2,0x04 (CPU-timer subclass) ; lctl c0,c0,cr0
 *     sr r7,r7 ; sr r2,r2 ; sr r9,r9 ; spt tick (40 us) ; ssm extonly
 * next:  sio 00C ; brc 7,fail ; lpsw waitio (I/O and external, wait)
 * after: tm 0x44,0x01 (unit exception: the deck is done) ; jo done
 *        ahi r9,1 ; lhi r4,80 ; la r5,buf
 * sum:   ic r6,0(r5) ; ar r2,r6 ; la r5,1(r5) ; brct r4,sum
 *        lhi r8,300
 * work:  mvc copy(80),buf ; clc copy(80),buf ; jne fail ; brct r8,work
 *        j next
 * done:  lpsw pass
 * fail:  lpsw failpsw
 * ext:   ahi r7,1 ; spt tick ; lpsw 0x18 (the external old PSW)
 * then the PSWs, tick, the CAW, CR0's copy, the SSM mask, the CCW (02
 * read, SLI, 80 bytes into buf), buf and copy. */
static const char *const program_b[] = {
    "0dc0d2070078c08ed2070058c096d203", "0048c0beb600c0c29604c0c4b700c0c2",
    "1b771b221b99b208c0b68000c0c69c00", "000ca77400258200c09e91010044a714",
    "001da79a0001a74800504150c0d64360", "50001a2641505001a746fffba788012c",
    "d24fc126c0d6d54fc126c0d6a7740008", "a786fff8a7f4ffdd8200c0a68200c0ae",
    "a77a0001b208c0b68200001807070707", "010800008001003a0008000080010080",
    "030a00008001003a000a00008000600d", "000a000080bad0020000000000028000",
    "000100d0000000000107070707070707", "02200050000100d8",
};

static const char deck[] = "THE FIRST CARD\nSECOND\nTHIRD, A LITTLE LONGER THAN THE OTHERS\n"
                           "4\n5\n6\n7\n8\n9\n10\nELEVEN\nTWELVE: THE LAST\n";

struct rig {
    struct machine *m;
    char path[64];   /* the punch's output, or the reader's deck */
};

static void load(struct machine *m, const char *const *hex, size_t lines)
{
    u32 at = LOAD;
    for (size_t i = 0; i < lines; i++) {
        t_put(m, at, hex[i]);
        at += (u32)strlen(hex[i]) / 2;
    }
    t_psw(m, 0x00080000, LOAD);
}

static struct rig rig_a(void)
{
    struct rig r = {.m = t_new()};
    char err[256];
    temp_file(r.path, NULL, 0);
    struct device *d = punch_new(PCH, r.path, true, err, sizeof err);
    cr_assert_not_null(d, "%s", err);
    chan_attach(r.m, d);
    load(r.m, program_a, sizeof program_a / sizeof program_a[0]);
    return r;
}

static struct rig rig_b(void)
{
    struct rig r = {.m = t_new()};
    char err[256];
    temp_file(r.path, deck, sizeof deck - 1);
    struct device *d = reader_new(RDR, r.path, false, err, sizeof err);
    cr_assert_not_null(d, "%s", err);
    chan_attach(r.m, d);
    load(r.m, program_b, sizeof program_b / sizeof program_b[0]);
    return r;
}

static void rig_free(struct rig *r)
{
    t_free(r->m);
    unlink(r->path);
}

/* One slice; true once the machine is in its final (disabled) wait. */
static bool slice(struct machine *m, u64 n)
{
    enum stop s = cpu_run(m, n);
    cr_assert(s == STOP_LIMIT || s == STOP_WAIT, "stop %d", s);
    return s == STOP_WAIT;
}

static int run_alone(struct machine *m, u64 n)
{
    int rounds = 1;
    while (!slice(m, n))
        cr_assert(++rounds < 10000, "does not end");
    return rounds;
}

/* Everything a machine's run leaves, compared field by field. */
static void same_machine(const char *who, struct rig *x, struct rig *alone)
{
    struct machine *m = x->m, *n = alone->m;
    cr_assert_eq(cpu_psw(&m->cpu), cpu_psw(&n->cpu), "%s: PSW", who);
    for (int i = 0; i < 16; i++) {
        cr_assert_eq(m->cpu.gr[i], n->cpu.gr[i], "%s: R%d", who, i);
        cr_assert_eq(m->cpu.cr[i], n->cpu.cr[i], "%s: CR%d", who, i);
    }
    cr_assert_eq(m->cpu.icount, n->cpu.icount, "%s: instructions", who);
    cr_assert_eq(m->cpu.steps, n->cpu.steps, "%s: steps", who);
    cr_assert_eq(clock_vtime(m), clock_vtime(n), "%s: virtual time", who);
    cr_assert_eq(clock_tod(m), clock_tod(n), "%s: TOD clock", who);
    cr_assert_eq(clock_cpu_timer(m), clock_cpu_timer(n), "%s: CPU timer", who);
    cr_assert_eq(m->clk.ckc, n->clk.ckc, "%s: clock comparator", who);
    cr_assert_eq(memcmp(&m->count, &n->count, sizeof m->count), 0, "%s: counters", who);
    cr_assert_eq(m->mem_size, n->mem_size);
    cr_assert_eq(memcmp(m->mem, n->mem, m->mem_size), 0, "%s: storage", who);
    cr_assert_eq(memcmp(m->keys, n->keys, m->nframes), 0, "%s: storage keys", who);
    size_t len_m, len_n;
    char *out_m = slurp(x->path, &len_m), *out_n = slurp(alone->path, &len_n);
    cr_assert(len_m == len_n && memcmp(out_m, out_n, len_m) == 0, "%s: device file", who);
    free(out_m);
    free(out_n);
}

Test(two_machines, interleaved_each_ends_as_when_run_alone)
{
    struct rig a = rig_a(), b = rig_b();
    bool done_a = false, done_b = false;
    int rounds_a = 0, rounds_b = 0;
    while (!done_a || !done_b) {
        if (!done_a) {
            done_a = slice(a.m, SLICE_A);
            rounds_a++;
        }
        if (!done_b) {
            done_b = slice(b.m, SLICE_B);
            rounds_b++;
        }
        cr_assert(rounds_a < 10000 && rounds_b < 10000, "does not end");
    }

    /* the runs did what the programs say, over many rounds */
    cr_assert_eq(a.m->cpu.ia, PASS_IA, "A ended in %08X", a.m->cpu.ia);
    cr_assert_eq(b.m->cpu.ia, PASS_IA, "B ended in %08X", b.m->cpu.ia);
    cr_assert_gt(rounds_a, 10);
    cr_assert_gt(rounds_b, 10);
    size_t punched;
    free(slurp(a.path, &punched));
    cr_assert_eq(punched, 5 * 80, "five cards punched");
    cr_assert_eq(b.m->cpu.gr[9], 12, "twelve cards read");
    cr_assert_gt(b.m->cpu.gr[7], 3, "the CPU timer interrupted B %u times", b.m->cpu.gr[7]);

    struct rig a1 = rig_a();
    cr_assert_eq(run_alone(a1.m, SLICE_A), rounds_a);
    same_machine("A", &a, &a1);
    struct rig b1 = rig_b();
    cr_assert_eq(run_alone(b1.m, SLICE_B), rounds_b);
    same_machine("B", &b, &b1);

    rig_free(&a);
    rig_free(&b);
    rig_free(&a1);
    rig_free(&b1);
}
