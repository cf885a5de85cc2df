/* cp.c: knowing whether CMS runs under CP, and the DIAGNOSE fast paths.
 *
 * As in VM/370, CP makes STIDP report version code X'FF', so CMS can tell
 * a virtual machine from the bare one. Under CP, and while DIAG is on
 * (SET DIAG ON|OFF), CMS skips the channel for its disks: DIAG X'18' hands
 * CP the same define-extent/locate/read-or-write chain and CP runs it
 * synchronously, with no interruption to reflect. DIAG X'08' passes a
 * command line to CP. On the bare machine DIAG is a specification
 * exception, so CMS never issues it there. The interface is in
 * docs/guest-abi.md.
 */
#include "cms.h"

bool cms_use_diag = true;

static int cms_stidp_version(void)
{
    u64 id;
    __asm__ volatile("stidp %0" : "=Q"(id));
    return (int)(id >> 56);
}

bool cp_present(void)
{
    return cms_stidp_version() == 0xFF;
}

int cp_command(const char *cmd, u32 len)
{
    register u32 rx __asm__("2") = (u32)cmd;
    register u32 ry __asm__("3") = len;
    __asm__ volatile("diag %0,%1,0x08" : "+d"(rx), "+d"(ry) : : "cc", "memory");
    return (int)ry;
}

int cp_diag_dasd(u16 dev, const struct ccw *ccws, struct io_result *r)
{
    register u32 rx __asm__("2") = dev;
    register u32 ry __asm__("3") = (u32)ccws;
    int cc;
    __asm__ volatile("diag %1,%2,0x18\n\tipm %0\n\tsrl %0,28" : "=d"(cc), "+d"(rx), "+d"(ry) : : "cc", "memory");
    u32 status = rx;   /* after an error: unit status << 8 | channel status */
    memset(r, 0, sizeof *r);
    if (cc == 3) {
        r->cc = 3;
        return -1;
    }
    if (cc == 0) {
        r->unit = US_CE | US_DE;
        return 0;
    }
    r->unit = (u8)(status >> 8);
    r->chan = (u8)status;
    return -1;
}
