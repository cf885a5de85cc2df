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
 *
 * The paravirtual interruption mask (pvabi.h, CP's pv.c), for the flawed
 * machine, where STNSM in CP's trap mode does nothing: IPLed with PARM PV
 * (an option before the first command: "PV", or "PV HOG 50"), CMS asks
 * CP for it at IPL, before its first enabled wait, and, if CP takes the
 * area (trap and bt mode; under SIE it says no), masks by a store into
 * it instead of STNSM. The one STNSM it has (start.S, cms_resume_mask) is
 * patched then, as Linux patches its paravirtual operations at boot: so
 * without the option, bare and under SIE, CMS runs exactly the
 * instructions it ran before, and nothing moves. CMS enables only by
 * LPSW, which enters CP anyway, so it never needs PV_DELIVER.
 */
#include "cms.h"
#include "pvabi.h"

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

/* LAB paravirt.cms: BEGIN */
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
/* LAB paravirt.cms: END */

/* The IPL parameter's PV option: "PV" alone or before a blank. */
static bool pv_option(const char *p)
{
    return p[0] == 'P' && p[1] == 'V' && (p[2] == ' ' || p[2] == 0);
}

const char *cp_pv_parm(const char *parm)
{
    if (!pv_option(parm))
        return parm;
    parm += 2;
    while (*parm == ' ')
        parm++;
    return parm;
}

void cp_pv_boot(void)
{
    if (!pv_option((const char *)LC_CMS_IPL_GR) || !cp_present())
        return;   /* (the bare machine's registers at IPL may hold anything: STIDP decides) */
    register u32 rx __asm__("2") = PV_REGISTER;
    register u32 ry __asm__("3") = LC_CMS_PV;
    int cc;
    __asm__ volatile("diag %1,%2,%3\n\tipm %0\n\tsrl %0,28" : "=d"(cc), "+d"(rx), "+d"(ry) : "i"(PV_DIAG) : "cc", "memory");
    if (cc != 0)
        return;
    /* STNSM LC_CMS_SCRATCH,X'FC' becomes NI LC_CMS_PV+PV_MASK,X'FC' (as long) */
    static const u8 ni[4] = {OPCODE_NI, 0xFC, (LC_CMS_PV + PV_MASK) >> 8, (LC_CMS_PV + PV_MASK) & 0xFF};
    if (cms_resume_mask[0] == OPCODE_STNSM)
        memcpy(cms_resume_mask, ni, sizeof ni);
}
