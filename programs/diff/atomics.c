/* atomics.c: __sync and __atomic builtins: CS for 32-bit
 * compare-and-swap, fetch-and-op loops, and 8/16-bit atomics (CS on the
 * containing word with masks); CDS for 64-bit compare-and-swap. */
#define RES_WORDS 64
#include "diff.h"

static u32 w32 __attribute__((aligned(8)));
static u64 w64 __attribute__((aligned(8)));
static u8 bytes[8] __attribute__((aligned(4)));
static u16 halves[4] __attribute__((aligned(4)));
static u32 lockword;

static void lock(u32 *l)
{
    while (__sync_lock_test_and_set(l, 1))
        ;
}
static void unlock(u32 *l) { __sync_lock_release(l); }

int main(void)
{
    w32 = opaque(100);
    put(__sync_val_compare_and_swap(&w32, 100, 200));   /* succeeds */
    put(__sync_val_compare_and_swap(&w32, 100, 300));   /* fails */
    put(w32);
    put(__sync_bool_compare_and_swap(&w32, 200, 0xFFFFFFFF));
    put(__sync_fetch_and_add(&w32, 5));
    put(__sync_add_and_fetch(&w32, 0x10));
    put(__sync_fetch_and_and(&w32, 0xF0F0F0F0));
    put(__sync_fetch_and_or(&w32, 0x0000FF00));
    put(__sync_fetch_and_xor(&w32, 0x12345678));
    put(__sync_sub_and_fetch(&w32, 0x1000));
    put(__sync_nand_and_fetch(&w32, 0x00FF00FF));
    put(w32);

    w64 = opaque64(0x123456789ABCDEF0ull);
    put64(__sync_val_compare_and_swap(&w64, 0x123456789ABCDEF0ull, 0xFEDCBA9876543210ull));
    put64(__sync_val_compare_and_swap(&w64, 0x123456789ABCDEF0ull, 1));
    put64(__sync_fetch_and_add(&w64, 0x00000001FFFFFFFFull));
    put64(__sync_xor_and_fetch(&w64, 0xFFFFFFFF00000000ull));
    put64(w64);
    u64 exp = 5;
    put(__atomic_compare_exchange_n(&w64, &exp, 9, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
    put64(exp);

    for (int i = 0; i < 8; i++)
        bytes[i] = (u8)(0x10 * i + 1);
    for (int i = 0; i < 4; i++)
        halves[i] = (u16)(0x1111 * i + 0x8000);
    u32 h = 0;
    for (int k = 0; k < 40; k++) {
        int i = (int)opaque((u32)k) & 7;
        h = h * 3 + __sync_fetch_and_add(&bytes[i], (u8)(k * 37));
        h ^= __sync_val_compare_and_swap(&bytes[i ^ 1], bytes[i ^ 1], (u8)k);
        h += __sync_fetch_and_or(&halves[i & 3], (u16)(1u << (k & 15)));
        h ^= (u32)__atomic_exchange_n(&halves[(i + 1) & 3], (u16)(k * 1001), __ATOMIC_SEQ_CST) << 3;
    }
    put(h);
    u32 bw[2];
    __builtin_memcpy(bw, bytes, 8);
    put(bw[0]);
    put(bw[1]);
    put((u32)halves[0] << 16 | halves[1]);
    put((u32)halves[2] << 16 | halves[3]);
    u32 cnt = 0;
    for (int k = 0; k < 10; k++) {
        lock(&lockword);
        cnt += lockword;
        unlock(&lockword);
    }
    put(cnt);
    put(lockword);
    diff_finish();
}
