/* vcons: an adversary that runs odd channel programs on its virtual
 * console.
 *
 * Attack: CP emulates its 3215 itself, running the channel program CCW
 * by CCW in CP (cp/vio.c, cp/vcons.c) with CP's buffers: it writes with
 * counts over 132, a data chain of 16 CCWs totalling 64K, writes whose
 * data run off the end of its storage (directly and by data chaining),
 * zero counts first and later in a chain, invalid and unknown command
 * codes, SENSE with count 1 and 0, NOP, write with SKIP, a TIC as the
 * first CCW and a TIC to a TIC, a read that never gets input (ended by
 * HIO), and a NOP with a TIC back to it, which never ends.
 *
 * Containment: the architected answers, as the machine's own 3215 gives
 * them: a write takes all its data, however long (channel end and device
 * end, residual 0, no incorrect length); data beyond its storage is a
 * program check; a zero count or an invalid command code (low four bits
 * zero) is a program check, at SIO (condition code 1, CSW stored) for the
 * first CCW; a command the 3215 does not have is unit check with command
 * reject in sense byte 0, which SENSE then clears; SKIP does not apply to
 * a write; and by CP's rule for the programs it runs itself, the endless
 * program gets a channel program check after 256 commands.
 */
#include "adv.h"

#define CONS 0x009
#define BIG 0x40000u   /* 64K of dashes */

static struct ccw prog[20];
static u8 sense[8];
static u32 size;
static char text[300];

static int run(struct csw *s) { return adv_io(CONS, prog, 0, s); }

/* a program of one CCW: its condition code and CSW */
static int one(u8 cmd, u8 flags, u16 count, u32 data, struct csw *s)
{
    prog[0] = (struct ccw){cmd, flags, count, data};
    return run(s);
}

static bool ended_ok(int cc, const struct csw *s) { return cc == 0 && s->unit == (US_CE | US_DE) && !s->chan; }

static bool progchk_end(int cc, const struct csw *s)
{
    return cc == 0 && (s->unit & (US_CE | US_DE)) == (US_CE | US_DE) && (s->chan & CS_PROGCHK);
}

static bool progchk_sio(int cc, const struct csw *s) { return cc == 1 && (s->chan & CS_PROGCHK); }

static void writes(void)
{
    struct csw s;
    int cc;
    memset(text, 0x60, sizeof text);
    memcpy(text, "VCONS: A LINE OF 300", 20);
    cc = one(0x09, 0, 300, (u32)text, &s);
    check_x(ended_ok(cc, &s) && s.residual == 0, "WRITE OF 300 BYTES: ALL TAKEN, NO INCORRECT LENGTH",
            (u32)s.chan << 16 | s.residual);
    cc = one(0x09, CCW_SLI, 300, (u32)text, &s);
    check_x(ended_ok(cc, &s) && s.residual == 0, "  WITH SLI: RESIDUAL 0", s.residual);

    memset((void *)BIG, 0x60, 0x10000);
    memcpy((void *)BIG, "VCONS: 64K", 10);
    for (u32 i = 0; i < 16; i++)
        prog[i] = (struct ccw){0x09, i < 15 ? CCW_CD : 0, 4096, BIG + i * 4096};
    cc = run(&s);
    check_x(ended_ok(cc, &s) && s.residual == 0 && s.ccw == (u32)&prog[16],
            "A DATA CHAIN OF 16 WRITES, 64K: ALL TAKEN, ENDS AT THE LAST", (u32)s.chan << 16 | s.residual);

    cc = one(0x09, CCW_SLI, 16, size - 8, &s);
    check_x(progchk_end(cc, &s), "WRITE OF 16 BYTES FROM 8 BEFORE ITS END: PROGRAM CHECK", (u32)cc << 16 | s.chan);
    cc = one(0x09, CCW_SLI, 16, size, &s);
    check_x(progchk_end(cc, &s), "WRITE FROM ITS SIZE: PROGRAM CHECK", (u32)cc << 16 | s.chan);
    cc = one(0x09, CCW_SLI, 16, 0x00FFFFF8u, &s);
    check_x(progchk_end(cc, &s), "WRITE FROM FFFFF8: PROGRAM CHECK", (u32)cc << 16 | s.chan);
    prog[0] = (struct ccw){0x09, CCW_CD, 8, size - 8};
    prog[1] = (struct ccw){0x00, 0, 8, size};
    cc = run(&s);
    check_x(progchk_end(cc, &s) && s.ccw == (u32)&prog[2], "A DATA CHAIN ACROSS ITS END: PROGRAM CHECK IN THE SECOND",
            s.ccw);
    cc = one(0x09, CCW_SLI | CCW_SKIP, 8, size, &s);
    check_x(progchk_end(cc, &s), "WRITE WITH SKIP FROM BEYOND ITS STORAGE: SKIP IS FOR READS: PROGRAM CHECK", s.chan);
    cc = one(0x09, CCW_SLI | CCW_SKIP, 20, (u32)"VCONS: WRITTEN, SKIP", &s);
    check(ended_ok(cc, &s), "WRITE WITH SKIP: WRITTEN");
}

static void commands(void)
{
    struct csw s;
    int cc;
    cc = one(0x09, 0, 0, (u32)text, &s);
    check_x(progchk_sio(cc, &s), "A ZERO COUNT IN THE FIRST CCW: CC 1, PROGRAM CHECK", (u32)cc << 16 | s.chan);
    prog[0] = (struct ccw){0x03, CCW_CC, 1, 0};
    prog[1] = (struct ccw){0x09, 0, 0, (u32)text};
    cc = run(&s);
    check_x(progchk_end(cc, &s) && s.ccw == (u32)&prog[2], "A ZERO COUNT IN THE SECOND: PROGRAM CHECK AT THE END",
            (u32)cc << 16 | s.chan);
    static const u8 invalid[] = {0x00, 0x10, 0x80, 0xF0};
    for (u32 i = 0; i < 4; i++) {
        char what[60];
        cc = one(invalid[i], CCW_SLI, 1, (u32)text, &s);
        snprintf(what, sizeof what, "COMMAND %02X (INVALID): CC 1, PROGRAM CHECK", invalid[i]);
        check_x(progchk_sio(cc, &s), what, (u32)cc << 16 | s.chan);
    }
    static const u8 unknown[] = {0x02, 0x05, 0x07, 0x0C, 0x0D, 0x13, 0x1A, 0x27, 0x8F, 0xFF};
    for (u32 i = 0; i < 10; i++) {
        char what[70];
        cc = one(unknown[i], CCW_SLI, 1, (u32)text, &s);
        u32 sb = adv_sense(CONS);
        snprintf(what, sizeof what, "COMMAND %02X: UNIT CHECK, COMMAND REJECT", unknown[i]);
        check_x(cc == 0 && s.unit == (US_CE | US_DE | US_UC) && !s.chan && sb == SENSE_CMDREJ << 8, what,
                (u32)s.unit << 16 | sb);
    }
    one(0x02, CCW_SLI, 1, (u32)text, &s);
    memset(sense, 0xEE, sizeof sense);
    cc = one(0x04, 0, 1, (u32)sense, &s);
    check_x(ended_ok(cc, &s) && sense[0] == 0x80 && sense[1] == 0xEE && s.residual == 0,
            "SENSE WITH COUNT 1: ONE BYTE, COMMAND REJECT", sense[0]);
    cc = one(0x04, 0, 1, (u32)sense, &s);
    check_x(ended_ok(cc, &s) && sense[0] == 0, "  AGAIN: CLEARED", sense[0]);
    cc = one(0x04, CCW_SLI, 0, (u32)sense, &s);
    check_x(progchk_sio(cc, &s), "SENSE WITH COUNT 0: CC 1, PROGRAM CHECK", (u32)cc << 16 | s.chan);
    cc = one(0x03, 0, 1, 0, &s);
    check_x(ended_ok(cc, &s), "NOP: CHANNEL END, DEVICE END", s.chan);
    cc = one(0x0B, CCW_SLI, 1, (u32)text, &s);
    check_x(ended_ok(cc, &s), "ALARM: CHANNEL END, DEVICE END", s.chan);
}

static void tics(void)
{
    struct csw s;
    int cc;
    cc = one(0x08, 0, 0, (u32)&prog[1], &s);
    check_x(progchk_sio(cc, &s), "A TIC AS THE FIRST CCW: CC 1, PROGRAM CHECK", (u32)cc << 16 | s.chan);
    prog[0] = (struct ccw){0x03, CCW_CC, 1, 0};
    prog[1] = (struct ccw){0x08, 0, 0, (u32)&prog[2]};
    prog[2] = (struct ccw){0x08, 0, 0, (u32)&prog[0]};
    cc = run(&s);
    check_x(progchk_end(cc, &s), "A TIC TO A TIC: PROGRAM CHECK", (u32)cc << 16 | s.chan);
    prog[1] = (struct ccw){0x08, 0, 0, (u32)&prog[0]};
    u64 t0 = stck();
    cc = run(&s);
    check_x(progchk_end(cc, &s), "A NOP AND A TIC BACK TO IT: PROGRAM CHECK AFTER 256 COMMANDS",
            cc < 0 ? 0xFFFFFFFFu : (u32)cc << 16 | s.chan);
    check_x(stck() - t0 < 100 * TOD_MS, "  AT ONCE (NOT HALTED AFTER A SECOND)", (u32)((stck() - t0) / TOD_MS));
}

int main(void)
{
    adv_begin("VCONS");
    adv_catch_program_checks();
    size = diag60();
    writes();
    commands();
    tics();

    /* a read that gets nothing: it waits, and HIO ends it */
    struct csw s;
    int cc = one(0x0A, CCW_SLI, 80, size - 40, &s);
    check_x(cc == -1, "A READ WITH NOTHING TYPED WAITS (HALTED AFTER A SECOND)", (u32)cc);
    check_x(tio(CONS) == 0, "  THEN THE CONSOLE IS FREE: TIO CC 0", 0);
    cc = one(0x09, CCW_SLI, 19, (u32)"VCONS: AFTER A READ", &s);
    check(ended_ok(cc, &s), "  AND WRITES AGAIN");
    return adv_end();
}
