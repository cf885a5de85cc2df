/* wild: WILD [ADDRESS] stores into storage it does not own: the nucleus
 * (default 00010000), low core, or whatever address it is given. The
 * storage key stops the store with a protection exception (0C4; beyond
 * storage it is an addressing exception, 0C5), CMS ends the program and
 * carries on, its files untouched.
 * WILD FILE FN FT first opens FN FT A for writing (replacing it, if it
 * exists) and writes a record into it: the abend must leave the old file
 * as it was. */
#include "cmslib.h"

static u32 hex(const char *s)
{
    u32 v = 0;
    for (; *s; s++)
        v = v * 16 + (u32)(*s >= '0' && *s <= '9' ? *s - '0' : *s - 'A' + 10);
    return v;
}

int main(int argc, char **argv)
{
    u32 target = 0x10000;
    if (argc == 4 && !strcmp(argv[1], "FILE")) {
        char id[40];
        snprintf(id, sizeof id, "%s %s A", argv[2], argv[3]);
        int h = cms_open(id, CMS_OPEN_WRITE, CMS_RECFM_V, 0);
        if (h < 0) {
            printf("WILD: %s: %s\n", id, cms_rc_text(h));
            return -h;
        }
        static const char junk[] = "THIS RECORD MUST NEVER BE SEEN";
        cms_write(h, junk, sizeof junk - 1);
        printf("WILD: WRITING %s, THEN STORING INTO %08X\n", id, target);
    } else {
        if (argc > 1)
            target = hex(argv[1]);
        printf("WILD: STORING INTO %08X\n", target);
    }
    volatile u32 *p = (volatile u32 *)target;
    for (int i = 0; i < 1024; i++)   /* a whole run of garbage, if the first store got through */
        p[i] = 0xDEADBEEF;
    printf("WILD: THE STORES WENT THROUGH\n");
    return 1;
}
