/* console.c: writing lines to the 3215 at 009 with real channel programs,
 * polled: SIO, then TIO until the device has presented its status (which
 * TIO stores and clears), so it works with every interruption masked. */
#include "creasy.h"

#define CONSOLE 0x009

static struct ccw write_ccw;

int con_write(const char *s, size_t n)
{
    int cc;
    write_ccw.cmd = 0x09;   /* write, carrier return */
    write_ccw.flags = CCW_SLI;
    write_ccw.count = n ? (u16)n : 1;
    write_ccw.data = (u32)(n ? s : " ");
    LOWCORE(u32, LC_CAW) = (u32)&write_ccw;
    cc = sio(CONSOLE);
    if (cc != 0)
        return -1;
    while ((cc = tio(CONSOLE)) == 2)
        ;
    return cc == 1 && (LOWCORE(u8, LC_CSW + 4) & 0x0C) == 0x0C ? 0 : -1;
}

int con_puts(const char *s)
{
    return con_write(s, strlen(s));
}
