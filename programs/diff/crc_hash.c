/* crc_hash.c: checksums and hashes: CRC-32 (bitwise and table), CRC-16,
 * Adler-32, FNV-1a 32/64, MurmurHash3, xxHash32-style mixing, SipHash-2-4
 * (64-bit rotates and adds), and a 64-bit xorshift* generator. */
#define RES_WORDS 64
#include "diff.h"

static u8 data[2048];
static u32 table[256];

static u32 crc32_bit(const u8 *p, u32 n)
{
    u32 c = 0xFFFFFFFFu;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}
static u32 crc32_tab(const u8 *p, u32 n)
{
    u32 c = 0xFFFFFFFFu;
    while (n--)
        c = table[(c ^ *p++) & 0xFF] ^ (c >> 8);
    return ~c;
}
static u16 crc16_ccitt(const u8 *p, u32 n)
{
    u16 c = 0xFFFF;
    while (n--) {
        c ^= (u16)(*p++ << 8);
        for (int k = 0; k < 8; k++)
            c = (c & 0x8000) ? (u16)(c << 1 ^ 0x1021) : (u16)(c << 1);
    }
    return c;
}
static u32 adler32(const u8 *p, u32 n)
{
    u32 a = 1, b = 0;
    while (n--) {
        a = (a + *p++) % 65521u;
        b = (b + a) % 65521u;
    }
    return b << 16 | a;
}
static u32 fnv32(const u8 *p, u32 n)
{
    u32 h = 0x811C9DC5u;
    while (n--)
        h = (h ^ *p++) * 16777619u;
    return h;
}
static u64 fnv64(const u8 *p, u32 n)
{
    u64 h = 0xCBF29CE484222325ull;
    while (n--)
        h = (h ^ *p++) * 0x100000001B3ull;
    return h;
}
static u32 rotl32(u32 x, int r) { return x << r | x >> (32 - r); }
static u64 rotl64(u64 x, int r) { return x << r | x >> (64 - r); }
static u32 murmur3(const u8 *p, u32 n, u32 seed)
{
    u32 h = seed, nb = n / 4;
    for (u32 i = 0; i < nb; i++) {
        u32 k;
        __builtin_memcpy(&k, p + 4 * i, 4);
        k = __builtin_bswap32(k); /* little-endian reading, as on x86 */
        k *= 0xCC9E2D51u;
        k = rotl32(k, 15);
        k *= 0x1B873593u;
        h ^= k;
        h = rotl32(h, 13);
        h = h * 5 + 0xE6546B64u;
    }
    const u8 *t = p + nb * 4;
    u32 k = 0;
    switch (n & 3) {
    case 3: k ^= (u32)t[2] << 16; /* fall through */
    case 2: k ^= (u32)t[1] << 8;  /* fall through */
    case 1:
        k ^= t[0];
        k *= 0xCC9E2D51u;
        k = rotl32(k, 15);
        k *= 0x1B873593u;
        h ^= k;
    }
    h ^= n;
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    h ^= h >> 16;
    return h;
}
#define SIPROUND                                                                                   \
    do {                                                                                           \
        v0 += v1; v1 = rotl64(v1, 13); v1 ^= v0; v0 = rotl64(v0, 32);                              \
        v2 += v3; v3 = rotl64(v3, 16); v3 ^= v2;                                                   \
        v0 += v3; v3 = rotl64(v3, 21); v3 ^= v0;                                                   \
        v2 += v1; v1 = rotl64(v1, 17); v1 ^= v2; v2 = rotl64(v2, 32);                              \
    } while (0)
static u64 siphash(const u8 *p, u32 n, u64 k0, u64 k1)
{
    u64 v0 = 0x736F6D6570736575ull ^ k0, v1 = 0x646F72616E646F6Dull ^ k1;
    u64 v2 = 0x6C7967656E657261ull ^ k0, v3 = 0x7465646279746573ull ^ k1;
    u64 b = (u64)n << 56;
    u32 i;
    for (i = 0; i + 8 <= n; i += 8) {
        u64 m = 0;
        for (int j = 7; j >= 0; j--)
            m = m << 8 | p[i + j];
        v3 ^= m;
        SIPROUND;
        SIPROUND;
        v0 ^= m;
    }
    for (u32 j = 0; i + j < n; j++)
        b |= (u64)p[i + j] << (8 * j);
    v3 ^= b;
    SIPROUND;
    SIPROUND;
    v0 ^= b;
    v2 ^= 0xFF;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    return v0 ^ v1 ^ v2 ^ v3;
}

int main(void)
{
    for (u32 i = 0; i < 256; i++) {
        u32 c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
        table[i] = c;
    }
    for (u32 i = 0; i < sizeof data; i++)
        data[i] = (u8)(rnd() >> 13);
    u32 n = opaque(sizeof data);
    put(crc32_bit(data, n));
    put(crc32_tab(data, n));
    put(crc32_tab(data + 1, n - 7));
    put(crc16_ccitt(data, n));
    put(adler32(data, n));
    put(fnv32(data, n));
    put64(fnv64(data, n));
    for (u32 len = 0; len < 8; len++)
        put(murmur3(data + len, 100 + len, 0x9747B28Cu + len));
    put64(siphash(data, 63, 0x0706050403020100ull, 0x0F0E0D0C0B0A0908ull));
    put64(siphash(data, n, rnd64(), rnd64()));
    u64 s = 0x9E3779B97F4A7C15ull, acc = 0;
    for (int k = 0; k < 500; k++) {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        acc += s * 0x2545F4914F6CDD1Dull;
    }
    put64(acc);
    diff_finish();
}
