/* userid.c: userids as CP keeps them (EBCDIC, blank padded) and as text;
 * command-line words are the guest library's (words.c). */
#include "cp.h"

void userid_text(char out[9], const u8 id[8])
{
    int n = 8;
    while (n > 0 && id[n - 1] == 0x40)
        n--;
    memcpy(out, id, (size_t)n);
    out[n] = 0;
}

bool userid_field(u8 out[8], const char *text)
{
    u32 n = strlen(text);
    if (n == 0 || n > 8)
        return false;
    memset(out, 0x40, 8);
    memcpy(out, text, n);
    return true;
}
