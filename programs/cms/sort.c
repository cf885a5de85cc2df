/* sort: SORT FN FT FM FN FT FM sorts the records of the first file into
 * the second (EBCDIC order, shorter first when one is a prefix of the
 * other), replacing it if it exists. Up to 4096 records and 256 KB. */
#include "cmslib.h"

#define MAX_RECS 4096
#define POOL 262144

static char pool[POOL];
static struct rec {
    const char *text;
    u32 len;
} recs[MAX_RECS];

static int compare(const struct rec *a, const struct rec *b)
{
    u32 n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->text, b->text, n);
    return c ? c : (int)a->len - (int)b->len;
}

/* a merge sort, stable, with its own scratch */
static struct rec scratch[MAX_RECS];
static void merge_sort(struct rec *r, u32 n)
{
    if (n < 2)
        return;
    u32 half = n / 2;
    merge_sort(r, half);
    merge_sort(r + half, n - half);
    u32 i = 0, j = half, k = 0;
    while (i < half && j < n)
        scratch[k++] = compare(&r[j], &r[i]) < 0 ? r[j++] : r[i++];
    while (i < half)
        scratch[k++] = r[i++];
    while (j < n)
        scratch[k++] = r[j++];
    memcpy(r, scratch, n * sizeof *r);
}

int main(int argc, char **argv)
{
    char in_id[40], out_id[40];
    if (argc != 7) {
        printf("SORT: USAGE: SORT FN FT FM FN FT FM\n");
        return 24;
    }
    cms_fileid(in_id, sizeof in_id, argv + 1, 3);
    cms_fileid(out_id, sizeof out_id, argv + 4, 3);
    int h = cms_open(in_id, CMS_OPEN_READ, 0, 0);
    if (h < 0) {
        printf("SORT: %s: %s\n", in_id, cms_rc_text(h));
        return -h;
    }
    u32 n = 0, used = 0;
    int len;
    while ((len = cms_read(h, pool + used, POOL - used)) >= 0) {
        if (n == MAX_RECS || used + (u32)len > POOL) {
            printf("SORT: %s IS TOO LARGE (AT MOST %d RECORDS, %d BYTES)\n", in_id, MAX_RECS, POOL);
            cms_close(h);
            return 24;
        }
        recs[n].text = pool + used;
        recs[n].len = (u32)len;
        used += (u32)len;
        n++;
    }
    cms_close(h);
    if (len != -CMS_RC_EOF) {
        printf("SORT: %s: %s\n", in_id, cms_rc_text(len));
        return -len;
    }
    merge_sort(recs, n);
    int out = cms_open(out_id, CMS_OPEN_WRITE, CMS_RECFM_V, 0);
    if (out < 0) {
        printf("SORT: %s: %s\n", out_id, cms_rc_text(out));
        return -out;
    }
    for (u32 i = 0; i < n; i++) {
        int rc = cms_write(out, recs[i].text, recs[i].len ? recs[i].len : 1);
        if (rc < 0) {
            printf("SORT: %s: %s\n", out_id, cms_rc_text(rc));
            return -rc;   /* CMS abandons the unfinished file */
        }
    }
    int rc = cms_close(out);
    if (rc < 0) {
        printf("SORT: %s: %s\n", out_id, cms_rc_text(rc));
        return -rc;
    }
    printf("SORT: %u RECORDS SORTED INTO %s\n", n, out_id);
    return 0;
}
