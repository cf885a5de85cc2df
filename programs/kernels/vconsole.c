/* vconsole: the console's channel-level details, for equivalence.
 *
 * Each probe runs one channel program on the 3215 at 009, waits for its
 * status with TIO (bounded), and prints the SIO and TIO condition codes
 * and the CSW: a write the channel refuses (its data beyond storage, a
 * zero count, a flag the channel does not provide), which prints what the
 * channel got of the line (nothing: an empty line, if any), and HIO of
 * the idle console after a write and after a refused write, which stores
 * the CSW (cc 1) with zero status: the key and CCW address stay those of
 * the last program.
 */
#include "creasy.h"

#define CONSOLE 0x009

static struct ccw prog[2];
static const char text[] = "VCONSOLE: A LINE";

/* SIO, then TIO until the status is in (at most 100000 times). */
static void run(const char *what)
{
    LOWCORE(u32, LC_CAW) = (u32)&prog[0];
    LOWCORE(u32, LC_CSW) = LOWCORE(u32, LC_CSW + 4) = 0xEEEEEEEEu;
    int sio_cc = sio(CONSOLE), tio_cc = -1;
    u32 csw0 = LOWCORE(u32, LC_CSW), csw1 = LOWCORE(u32, LC_CSW + 4);
    if (sio_cc == 0) {
        for (int n = 0; n < 100000 && (tio_cc = tio(CONSOLE)) == 2; n++)
            ;
        csw0 = LOWCORE(u32, LC_CSW);
        csw1 = LOWCORE(u32, LC_CSW + 4);
    }
    printf("%s: SIO CC %d, TIO CC %d, CSW %08X %08X", what, sio_cc, tio_cc, csw0, csw1);
}

static void halt(const char *what)
{
    LOWCORE(u32, LC_CSW) = LOWCORE(u32, LC_CSW + 4) = 0xEEEEEEEEu;
    int cc = hio(CONSOLE);
    u32 csw0 = LOWCORE(u32, LC_CSW), csw1 = LOWCORE(u32, LC_CSW + 4);
    printf("%s: HIO CC %d, CSW %08X %08X", what, cc, csw0, csw1);
}

static void write_ccw(u8 flags, u16 count, u32 data)
{
    prog[0].cmd = 0x09;   /* write, carrier return */
    prog[0].flags = flags;
    prog[0].count = count;
    prog[0].data = data;
}

int main(void)
{
    write_ccw(CCW_SLI, sizeof text - 1, (u32)text);
    run("WRITE");
    halt("IDLE AFTER A WRITE");
    write_ccw(CCW_SLI, 10, 0x7F000000u);
    run("WRITE, DATA BEYOND STORAGE");
    halt("IDLE AFTER THE REFUSED WRITE");
    write_ccw(CCW_SLI, 0, (u32)text);
    run("WRITE, COUNT 0");
    write_ccw(CCW_SLI | 0x04, sizeof text - 1, (u32)text);
    run("WRITE, IDA FLAG");
    halt("IDLE AFTER THE IDA WRITE");
    return 0;
}
