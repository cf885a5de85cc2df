/* wc: WC FN FT [FM] counts the records, words and bytes of a file. */
#include "cmslib.h"

static char rec[65536];

int main(int argc, char **argv)
{
    char id[40];
    if (argc < 3 || argc > 4) {
        printf("WC: USAGE: WC FN FT [FM]\n");
        return 24;
    }
    cms_fileid(id, sizeof id, argv + 1, argc - 1);
    int h = cms_open(id, CMS_OPEN_READ, 0, 0);
    if (h < 0) {
        printf("WC: %s: %s\n", id, cms_rc_text(h));
        return -h;
    }
    u32 lines = 0, words = 0, bytes = 0;
    int n;
    while ((n = cms_read(h, rec, sizeof rec)) >= 0) {
        lines++;
        bytes += (u32)n;
        int in_word = 0;
        for (int i = 0; i < n; i++) {
            int blank = rec[i] == ' ';
            if (!blank && !in_word)
                words++;
            in_word = !blank;
        }
    }
    cms_close(h);
    if (n != -CMS_RC_EOF) {
        printf("WC: %s: %s\n", id, cms_rc_text(n));
        return -n;
    }
    printf("%u RECORDS, %u WORDS, %u BYTES\n", lines, words, bytes);
    return 0;
}
