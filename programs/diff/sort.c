/* sort.c: sorting and searching: quicksort (recursive, function-pointer
 * comparator), heapsort, insertion sort of structs, merge sort of 64-bit
 * keys, binary search. */
#define RES_WORDS 64
#include "diff.h"

#define N 300
static u32 a[N], b[N];
static s64 k64[N], tmp64[N];
struct rec {
    s16 key;
    u8 tag;
    u32 payload;
};
static struct rec recs[120];

typedef int (*cmp_fn)(const void *, const void *);
static int cmp_u32(const void *x, const void *y)
{
    u32 p = *(const u32 *)x, q = *(const u32 *)y;
    return p < q ? -1 : p > q;
}
static int cmp_u32_desc(const void *x, const void *y) { return cmp_u32(y, x); }

static void swap(u32 *x, u32 *y)
{
    u32 t = *x;
    *x = *y;
    *y = t;
}

static void qsort_(u32 *v, int lo, int hi, cmp_fn cmp)
{
    while (lo < hi) {
        u32 pivot = v[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (cmp(&v[i], &pivot) < 0)
                i++;
            while (cmp(&v[j], &pivot) > 0)
                j--;
            if (i <= j)
                swap(&v[i++], &v[j--]);
        }
        if (j - lo < hi - i) {
            qsort_(v, lo, j, cmp);
            lo = i;
        } else {
            qsort_(v, i, hi, cmp);
            hi = j;
        }
    }
}

static void sift(u32 *v, int start, int end)
{
    int root = start;
    while (2 * root + 1 <= end) {
        int child = 2 * root + 1;
        if (child + 1 <= end && v[child] < v[child + 1])
            child++;
        if (v[root] < v[child]) {
            swap(&v[root], &v[child]);
            root = child;
        } else
            return;
    }
}
static void heapsort_(u32 *v, int n)
{
    for (int s = (n - 2) / 2; s >= 0; s--)
        sift(v, s, n - 1);
    for (int e = n - 1; e > 0; e--) {
        swap(&v[0], &v[e]);
        sift(v, 0, e - 1);
    }
}

static void msort(s64 *v, s64 *t, int n)
{
    if (n < 2)
        return;
    int m = n / 2;
    msort(v, t, m);
    msort(v + m, t, n - m);
    int i = 0, j = m, k = 0;
    while (i < m && j < n)
        t[k++] = v[i] <= v[j] ? v[i++] : v[j++];
    while (i < m)
        t[k++] = v[i++];
    while (j < n)
        t[k++] = v[j++];
    for (k = 0; k < n; k++)
        v[k] = t[k];
}

static int bsearch_(const u32 *v, int n, u32 key)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) >> 1;
        if (v[mid] == key)
            return mid;
        if (v[mid] < key)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1 - lo;
}

static u32 hashw(const u32 *v, int n)
{
    u32 h = 0;
    for (int i = 0; i < n; i++)
        h = (h << 5 | h >> 27) ^ v[i];
    return h;
}

int main(void)
{
    for (int i = 0; i < N; i++)
        a[i] = b[i] = rnd() % 100000;
    qsort_(a, 0, N - 1, cmp_u32);
    u32 sorted = 1;
    for (int i = 1; i < N; i++)
        sorted &= a[i - 1] <= a[i];
    put(sorted);
    put(hashw(a, N));
    qsort_(b, 0, N - 1, cmp_u32_desc);
    put(hashw(b, N));
    heapsort_(b, N);
    put(hashw(b, N) == hashw(a, N));
    s32 found = 0;
    for (int k = 0; k < 200; k++)
        found = found * 3 + bsearch_(a, N, (k & 1) ? a[(u32)k % N] : rnd() % 100000);
    put((u32)found);

    for (int i = 0; i < N; i++)
        k64[i] = (s64)rnd64() >> (rnd() & 31);
    msort(k64, tmp64, N);
    u32 ok = 1;
    for (int i = 1; i < N; i++)
        ok &= k64[i - 1] <= k64[i];
    put(ok);
    put((u32)k64[0] ^ (u32)(k64[N / 2] >> 32) ^ (u32)k64[N - 1]);

    for (int i = 0; i < 120; i++) {
        recs[i].key = (s16)(rnd() % 2000 - 1000);
        recs[i].tag = (u8)i;
        recs[i].payload = rnd();
    }
    for (int i = 1; i < 120; i++) {
        struct rec r = recs[i];
        int j = i - 1;
        while (j >= 0 && recs[j].key > r.key) {
            recs[j + 1] = recs[j];
            j--;
        }
        recs[j + 1] = r;
    }
    u32 h = 0;
    for (int i = 0; i < 120; i++)
        h = h * 31 + (u32)(s32)recs[i].key + recs[i].tag + (recs[i].payload & 0xF);
    put(h);
    diff_finish();
}
