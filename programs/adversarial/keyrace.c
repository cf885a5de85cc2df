/* keyrace: an adversary that changes storage keys while its disk I/O runs.
 *
 * Attack: CP translates a minidisk channel program at SIO, and a CP that
 * checked the CAW key against the storage keys then (or copied data
 * through its own buffers) would let a read land in a page whose key has
 * changed since, or refuse one whose key was put right in time. So it
 * starts a program that reads 64 blocks into scratch pages and then one
 * block into a target page (6 ms of device time before that block
 * moves), and changes the target's key at once with SSKE: from the CAW
 * key to another with fetch protection, and the other way round. It also
 * reads with CAW keys 0 and 15, puts its CCWs in a fetch-protected page
 * of another key (the first, and one reached by TIC), and puts the define
 * extent's and the locate's data there.
 *
 * Containment: the channel checks keys when data moves, as the machine
 * does: a store into a frame whose key is not the CAW key (0 matches all)
 * is a protection check (channel status X'10') with nothing stored; a key
 * put right before the data moves lets it in; a CCW in a fetch-protected
 * page of another key cannot be fetched (condition code 1 and a
 * protection check for the first, a protection check at the end for a
 * later one), nor can command data there (define extent, locate).
 */
#include "adv.h"

#define DISK 0x191
#define SCRATCH 0x60000u   /* 32K: 8 pages */
#define TARGET 0x70000u
#define Q 0x72000u         /* key 9, fetch-protected */
#define R 0x74000u         /* key 8 */
#define BLOCKS 64

struct prog {
    struct ccw ccw[6];
    u8 extent[16];
    u8 loc1[8], loc2[8];
} __attribute__((aligned(8)));

static struct prog main_prog;
static struct fba_prog fp;

static void sske(u32 a, u8 key) { __asm__ volatile("sske %0,%1" : : "d"((u32)key), "a"(a) : "memory"); }

/* DE, locate 64 blocks, read them into SCRATCH, locate 1, read it into `to` */
static struct prog *build(struct prog *p, u32 to)
{
    memset(p, 0, sizeof *p);
    put32(p->extent + 12, BLOCKS - 1);
    p->loc1[0] = p->loc2[0] = 6;
    p->loc1[3] = BLOCKS;
    p->loc2[3] = 1;
    p->ccw[0] = (struct ccw){0x63, CCW_CC, 16, (u32)p->extent};
    p->ccw[1] = (struct ccw){0x43, CCW_CC, 8, (u32)p->loc1};
    p->ccw[2] = (struct ccw){0x42, CCW_CC, BLOCKS * 512, SCRATCH};
    p->ccw[3] = (struct ccw){0x43, CCW_CC, 8, (u32)p->loc2};
    p->ccw[4] = (struct ccw){0x42, 0, 512, to};
    return p;
}

static bool target_untouched(u32 a)
{
    for (u32 i = 0; i < 512; i++)
        if (((u8 *)a)[i] != 0xEE)
            return false;
    return true;
}

static bool was_read(u32 a)
{
    for (u32 i = 0; i < 512; i++)
        if (((u8 *)a)[i] != 0xD1)
            return false;
    return true;
}

/* SIO with CAW `caw_key`, then at once the target's key to `now`, then
 * TIO until it ends: the CSW */
static int race(u8 caw_key, u8 before, u8 now, struct csw *s)
{
    memset((void *)TARGET, 0xEE, 4096);
    sske(TARGET, before);
    build(&main_prog, TARGET);
    LOWCORE(u32, LC_CAW) = (u32)caw_key << 28 | (u32)main_prog.ccw;
    int cc = sio(DISK);
    sske(TARGET, now);
    if (cc != 0)
        return cc;
    u64 give_up = stck() + 1000 * TOD_MS;
    while (tio(DISK) == 2)
        if (stck() > give_up) {
            hio(DISK);
            return -1;
        }
    s->unit = LOWCORE(u8, LC_CSW + 4);
    s->chan = LOWCORE(u8, LC_CSW + 5);
    s->ccw = LOWCORE(u32, LC_CSW) & 0x00FFFFFFu;
    return 0;
}

static bool protchk(int cc, const struct csw *s) { return cc == 0 && (s->chan & CS_PROTCHK) && (s->unit & US_DE); }
static void ccws_protected(void)
{
    struct csw s;
    int cc;
    /* the whole program in Q (key 9, fetch-protected), CAW key 8 */
    memset((void *)TARGET, 0xEE, 4096);
    sske(TARGET, 0x80);
    cc = adv_io(DISK, build((struct prog *)Q, TARGET)->ccw, 8, &s);
    check_x(cc == 1 && (s.chan & CS_PROTCHK) && target_untouched(TARGET),
            "ITS FIRST CCW IN A FETCH-PROTECTED KEY-9 PAGE, CAW KEY 8: CC 1, PROTECTION CHECK", (u32)cc << 16 | s.chan);
    /* the first two CCWs in R (key 8), a TIC to the rest in Q */
    struct prog *r = build((struct prog *)R, TARGET);
    struct prog *q = build((struct prog *)Q, TARGET);
    r->ccw[2] = (struct ccw){0x08, 0, 0, (u32)&q->ccw[2]};
    cc = adv_io(DISK, r->ccw, 8, &s);
    check_x(protchk(cc, &s) && target_untouched(TARGET), "  A LATER ONE, BY TIC: PROTECTION CHECK, NOTHING READ",
            (u32)cc << 16 | s.chan);
    /* the define extent's data in Q */
    r = build((struct prog *)R, TARGET);
    r->ccw[0].data = (u32)q->extent;
    cc = adv_io(DISK, r->ccw, 8, &s);
    check_x(protchk(cc, &s) && target_untouched(TARGET), "DEFINE EXTENT DATA IN THE FETCH-PROTECTED PAGE: PROTECTION CHECK",
            (u32)cc << 16 | s.chan);
    r = build((struct prog *)R, TARGET);
    r->ccw[3].data = (u32)q->loc2;
    cc = adv_io(DISK, r->ccw, 8, &s);
    check_x(protchk(cc, &s) && target_untouched(TARGET), "LOCATE DATA THERE: PROTECTION CHECK, THE TARGET UNREAD",
            (u32)cc << 16 | s.chan);
}

int main(void)
{
    struct csw s;
    int cc;
    adv_begin("KEYRACE");
    adv_catch_program_checks();

    static u8 data[BLOCKS * 512] __attribute__((aligned(8)));
    memset(data, 0xD1, sizeof data);
    fba_prog(&fp, 0, 0, 0, BLOCKS - 1, 1, BLOCKS, 0, data);
    cc = adv_io(DISK, fp.ccw, 0, &s);
    check(io_clean(cc, &s), "WRITE 64 BLOCKS OF X'D1' ON ITS MINIDISK");
    for (u32 a = SCRATCH; a < SCRATCH + BLOCKS * 512; a += 4096)
        sske(a, 0x90);
    sske(Q, 0x98);
    sske(R, 0x80);
    sske(R + 4096, 0x80);

    cc = race(9, 0x90, 0x90, &s);
    check_x(io_clean(cc, &s) && was_read(TARGET) && was_read(SCRATCH), "CAW KEY 9, KEY-9 PAGES: READ",
            (u32)cc << 16 | s.chan);
    cc = race(9, 0x90, 0x88, &s);
    check_x(protchk(cc, &s) && s.ccw == (u32)&main_prog.ccw[5],
            "CAW KEY 9, THE TARGET SET TO KEY 8 AFTER SIO: PROTECTION CHECK AT ITS READ", (u32)cc << 16 | s.chan);
    check(target_untouched(TARGET), "  NOTHING STORED IN IT");
    cc = race(9, 0x88, 0x90, &s);
    check_x(io_clean(cc, &s) && was_read(TARGET), "CAW KEY 9, THE TARGET KEY 8 AT SIO, SET TO 9 AT ONCE: READ",
            (u32)cc << 16 | s.chan);
    cc = race(0, 0x98, 0x88, &s);
    check_x(io_clean(cc, &s) && was_read(TARGET), "CAW KEY 0, FETCH-PROTECTED KEYS 9 AND 8: READ", (u32)cc << 16 | s.chan);
    for (u32 a = SCRATCH; a < SCRATCH + BLOCKS * 512; a += 4096)
        sske(a, 0xF0);
    cc = race(15, 0xF0, 0xF0, &s);
    check_x(io_clean(cc, &s) && was_read(TARGET), "CAW KEY 15, KEY-15 PAGES: READ", (u32)cc << 16 | s.chan);
    cc = race(15, 0xF0, 0x90, &s);
    check_x(protchk(cc, &s) && target_untouched(TARGET), "CAW KEY 15, THE TARGET SET TO KEY 9 AFTER SIO: PROTECTION CHECK",
            (u32)cc << 16 | s.chan);
    for (u32 a = SCRATCH; a < SCRATCH + BLOCKS * 512; a += 4096)
        sske(a, 0x80);
    ccws_protected();

    for (u32 a = 0; a < 0x100000u; a += 4096)   /* leave its frames as CP gave them */
        sske(a, 0);
    return adv_end();
}
