/* fakevmt: a bare kernel that pretends to be a CP, for
 * tests/cp/terminals.sh: it writes a VM table at its VMT_ANCHOR whose
 * first user's storage is the kernel's own (so the console, following CPs
 * under CPs, finds the same table again at every level), whose second
 * user's storage lies far outside it, and whose terminal list connects
 * its console to that first user. The console must bound the depth, read
 * nothing outside storage, and go on tagging and listing.
 */
#include "creasy.h"
#include "../../cp/vmtable.h"   /* the layout CP publishes (programs get no -Icp) */

static struct {
    struct vmt_header h;
    struct vmt_entry e[2];
} table __attribute__((aligned(8)));
static struct vmt_term terms[2] __attribute__((aligned(8)));

int main(void)
{
    table.h = (struct vmt_header){.magic = VMT_MAGIC, .version = VMT_VERSION, .nvms = 2,
                                  .entry_size = VMT_ENTRY_SIZE, .current = 0, .header_size = VMT_HEADER_SIZE,
                                  .nterms = 2, .terms = (u32)terms, .term_size = VMT_TERM_SIZE};
    static const u8 loop[8] = {0xD3, 0xD6, 0xD6, 0xD7, 0x40, 0x40, 0x40, 0x40};   /* LOOP */
    static const u8 far[8] = {0xC6, 0xC1, 0xD9, 0x40, 0x40, 0x40, 0x40, 0x40};    /* FAR */
    memcpy(table.e[0].userid, loop, 8);
    table.e[0].state = VMT_WAIT;
    table.e[0].origin = 0;
    table.e[0].size = 0x200000;   /* the kernel's own storage: the same table, one level down */
    table.e[0].terminal = 0x009;
    memcpy(table.e[1].userid, far, 8);
    table.e[1].state = VMT_READY;
    table.e[1].origin = 0x7FFF0000u;   /* far outside it */
    table.e[1].size = 0x10000000u;
    table.e[1].terminal = 0xFFFF;
    terms[0] = (struct vmt_term){.rdev = 0x009, .vm = 0, .vaddr = 0x009, .flags = 0};
    terms[1] = (struct vmt_term){.rdev = 0x020, .vm = 0x7FFFFFFFu, .vaddr = 0x020, .flags = VMT_T_DEVICE};
    LOWCORE(u32, VMT_ANCHOR + 4) = (u32)&table;
    LOWCORE(u32, VMT_ANCHOR) = VMT_MAGIC;
    printf("FAKEVMT: A TABLE THAT NAMES ITSELF");
    return 0;
}
