/* kernels.c: compute kernels for comparing creasy's speed with Hercules'.
 *
 * One binary for both machines (bench/run.sh). Registers at entry:
 *   R2 = kernel: 0 hash, 1 sieve, 2 crc32, 3 sort, 4 string
 *   R3 = repetitions (each kernel's unit of work is described below)
 *
 * The work is bracketed by two STCKs stored in `bres`, with a checksum of
 * everything computed, so the two machines can be checked to compute the
 * same thing and Hercules' speed can be taken from its own TOD clock.
 * Anything a kernel can check for itself (prime count, sortedness, the
 * CRC-32 check value) it checks; main() then returns non-zero, which ends
 * in the 00BADnnn wait instead of 0000600D.
 *
 * Set-up that is not part of a kernel (tables, text, bss clearing) happens
 * before the first STCK and is small next to the repetitions run.sh asks for.
 */
#include "creasy.h"

struct bench_result {
    u32 magic;          /* +00 'BNCH' (in ASCII)          */
    u32 kernel, reps;   /* +04 +08 the parameters echoed   */
    u32 result;         /* +0C checksum                    */
    u64 t0, t1;         /* +10 +18 STCK before / after     */
    u32 status;         /* +20 0 = the kernel's self-check passed */
    u32 pad;
};
struct bench_result bres __attribute__((aligned(8)));

/* the FNV-1a step, to fold results into one checksum */
static inline u32 fold(u32 h, u32 x)
{
    return (h ^ x) * 0x01000193u;
}

/* xorshift32: the pseudo-random source for data */
static inline u32 xorshift(u32 *s)
{
    u32 x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

/* ---- 0: integer hash loop (as in tools/hercules/tests/tb_bench.c) ------------
 * One repetition = HASH_ITERS iterations of xor, multiply, rotate, add. */
#define HASH_ITERS (1u << 20)

static __attribute__((noinline)) u32 hash_loop(u32 n, u32 h)
{
    for (u32 i = 0; i < n; i++) {
        h ^= i;
        h *= 0x01000193u;
        h = (h << 13) | (h >> 19);
        h += 0x9E3779B9u;
    }
    return h;
}

static u32 k_hash(u32 reps)
{
    u32 h = 0x811C9DC5u;
    for (u32 r = 0; r < reps; r++)
        h = hash_loop(opaque(HASH_ITERS), h ^ r);
    return h;
}

/* ---- 1: sieve of Eratosthenes up to SIEVE_N, one byte per number ---------------- */
#define SIEVE_N 1000000u
#define SIEVE_PRIMES 78498u   /* primes <= 10^6 */
static u8 sieve_buf[SIEVE_N + 1];

static __attribute__((noinline)) u32 sieve(u32 n)
{
    u32 count = 0;
    for (u32 i = 2; i <= n; i++)
        sieve_buf[i] = 1;
    for (u32 i = 2; i * i <= n; i++)
        if (sieve_buf[i])
            for (u32 j = i * i; j <= n; j += i)
                sieve_buf[j] = 0;
    for (u32 i = 2; i <= n; i++)
        count += sieve_buf[i];
    return count;
}

static u32 k_sieve(u32 reps, u32 *bad)
{
    u32 h = 0x811C9DC5u;
    for (u32 r = 0; r < reps; r++) {
        u32 c = sieve(opaque(SIEVE_N));
        if (c != SIEVE_PRIMES)
            *bad = 1;
        h = fold(h, c + r);
    }
    return h;
}

/* ---- 2: CRC-32 (IEEE 802.3, reflected, table-driven) over a 64 KiB buffer -------- */
#define CRC_LEN 65536u
static u32 crc_table[256];
static u8 crc_buf[CRC_LEN];

static void crc_init(void)
{
    for (u32 i = 0; i < 256; i++) {
        u32 c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? (c >> 1) ^ 0xEDB88320u : c >> 1;
        crc_table[i] = c;
    }
    u32 s = 0x2545F491u;
    for (u32 i = 0; i < CRC_LEN; i++)
        crc_buf[i] = (u8)xorshift(&s);
}

static __attribute__((noinline)) u32 crc32(u32 crc, const u8 *p, u32 n)
{
    crc = ~crc;
    while (n--)
        crc = crc_table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

static u32 k_crc(u32 reps, u32 *bad)
{
    /* the standard check value: "123456789" in ASCII (the compiler's strings are EBCDIC) */
    static const u8 check[9] = {0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39};
    if (crc32(0, check, 9) != 0xCBF43926u)
        *bad = 1;
    u32 crc = 0;
    for (u32 r = 0; r < reps; r++) {
        crc_buf[r & (CRC_LEN - 1)] ^= (u8)r;   /* each repetition sees different data */
        crc = crc32(crc, crc_buf, opaque(CRC_LEN));
    }
    return crc;
}

/* ---- 3: quicksort of SORT_N pseudo-random words, re-randomised every repetition -- */
#define SORT_N 16384u
static u32 sort_buf[SORT_N];

static void insertion_sort(u32 *a, int n)
{
    for (int i = 1; i < n; i++) {
        u32 v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

/* median-of-three Hoare partitioning; recurse into the smaller side */
static __attribute__((noinline)) void quicksort(u32 *a, int n)
{
    while (n > 16) {
        u32 x = a[0], y = a[n / 2], z = a[n - 1], p;
        if (x < y)
            p = y < z ? y : x < z ? z : x;
        else
            p = x < z ? x : y < z ? z : y;
        int i = -1, j = n;
        for (;;) {
            do i++; while (a[i] < p);
            do j--; while (a[j] > p);
            if (i >= j)
                break;
            u32 t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        int left = j + 1;   /* a[0..j] <= p <= a[j+1..n-1] */
        if (left < n - left) {
            quicksort(a, left);
            a += left;
            n -= left;
        } else {
            quicksort(a + left, n - left);
            n = left;
        }
    }
    insertion_sort(a, n);
}

static u32 k_sort(u32 reps, u32 *bad)
{
    u32 h = 0x811C9DC5u, s = 0x9E3779B9u;
    for (u32 r = 0; r < reps; r++) {
        for (u32 i = 0; i < SORT_N; i++)
            sort_buf[i] = xorshift(&s);
        quicksort(sort_buf, opaque(SORT_N));
        for (u32 i = 1; i < SORT_N; i++)
            if (sort_buf[i - 1] > sort_buf[i])
                *bad = 1;
        h = fold(h, sort_buf[0]);
        h = fold(h, sort_buf[SORT_N / 2]);
        h = fold(h, sort_buf[SORT_N - 1]);
    }
    return h;
}

/* ---- 4: strings: strlen, strcmp, memcpy and substring search over a text --------
 * The text is TEXT_LINES NUL-terminated lines of pseudo-random words. One
 * repetition measures every line (strlen), compares it with the next
 * (strcmp), copies it (memcpy) and counts the occurrences of one word in
 * it (a naive search with memcmp); the word changes with the repetition. */
#define TEXT_LINES 512u
#define LINE_MAX 96u
static char text[TEXT_LINES][LINE_MAX];
static char copy[TEXT_LINES * LINE_MAX];
static const char *const words[] = {
    "the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "channel", "program",
    "storage", "key", "interruption", "supervisor", "state", "address", "space", "virtual",
    "machine", "control", "register", "translation", "lookaside", "buffer", "segment",
    "table", "page", "frame", "console", "reader", "punch", "printer",
};
#define NWORDS (sizeof words / sizeof words[0])

static void text_init(void)
{
    u32 s = 0x6A09E667u;
    for (u32 l = 0; l < TEXT_LINES; l++) {
        char *p = text[l];
        u32 len = 0;
        for (;;) {
            const char *w = words[xorshift(&s) % NWORDS];
            u32 wl = strlen(w);
            if (len + wl + 2 > LINE_MAX - 1 || (len > 40 && xorshift(&s) % 4 == 0))
                break;
            memcpy(p + len, w, wl);
            len += wl;
            p[len++] = ' ';
        }
        p[len] = 0;
    }
}

static __attribute__((noinline)) u32 count_word(const char *s, u32 n, const char *w, u32 wl)
{
    u32 c = 0;
    for (u32 i = 0; i + wl <= n; i++)
        if (s[i] == w[0] && memcmp(s + i, w, wl) == 0)
            c++;
    return c;
}

static u32 k_string(u32 reps)
{
    u32 h = 0x811C9DC5u;
    for (u32 r = 0; r < reps; r++) {
        const char *w = words[r % NWORDS];
        u32 wl = strlen(w), pos = 0, found = 0;
        for (u32 l = 0; l < TEXT_LINES; l++) {
            u32 len = strlen(text[l]);
            int cmp = strcmp(text[l], text[(l + 1) % TEXT_LINES]);
            memcpy(copy + pos, text[l], len);
            found += count_word(copy + pos, len, w, wl);
            pos += len;
            h = fold(h, len + (cmp < 0 ? 0 : cmp > 0 ? 2 : 1));
        }
        h = fold(h, found);
        h = fold(h, (u8)copy[r % pos]);
    }
    return h;
}

/* -------------------------------------------------------------------------------- */
int main(u32 kernel, u32 reps)
{
    u32 r = 0, bad = 0;
    bres.magic = 0x424E4348u;
    bres.kernel = kernel;
    bres.reps = reps;
    if (kernel == 2)
        crc_init();
    else if (kernel == 4)
        text_init();
    bres.t0 = stck();
    switch (kernel) {
    case 0: r = k_hash(reps); break;
    case 1: r = k_sieve(reps, &bad); break;
    case 2: r = k_crc(reps, &bad); break;
    case 3: r = k_sort(reps, &bad); break;
    case 4: r = k_string(reps); break;
    default: bad = 2; break;
    }
    bres.t1 = stck();
    bres.result = r;
    bres.status = bad;
    return (int)bad;
}
