/* sentinel: the VM beside the property tests' case runner, whose storage
 * must come out of the batch unchanged (resource control, the third law
 * in tests/property/README.md).
 *
 * It fills its storage above its own image with a pattern drawn from the
 * address (each doubleword: PROP_MARK_SENTINEL, then a mix of its address
 * and a seed), so a case that sees a byte of it can tell, and a change
 * anywhere can be located. Then it sleeps: an enabled wait on its clock
 * comparator, set so far ahead (2^56 TOD units, 35 years of the machine's
 * time) that it fires only when everyone else has stopped and the
 * machine skips ahead to it. Awake, it checks every doubleword against
 * the pattern and types one line: the hash it filled, the hash it finds,
 * how many doublewords changed and the first. prop.py checks the two
 * hashes equal and the count zero.
 *
 * Why a clock comparator and not polling or reading a line: its work must
 * be the same whatever the batch (the efficiency law subtracts an empty
 * batch's counts, and at level 2 only terminal 020 is chained through the
 * levels for input): one SCKC, one wait, one interruption, one line typed
 * with SIO and an I/O wait (no TIO polling, whose count is timing).
 */
#include "creasy.h"
#include "propmark.h"

#define SIZE 0x100000u   /* its storage, as its directory entry (cpsys.sh) gives it */
#define SEED 0x5EED1E57u
#define FAR_AHEAD (1ull << 56)

extern char _end[];
extern char sent_resume[];
void sent_wait(const struct psw *p);

/* LPSW the wait PSW; an interruption's new PSW comes back to the caller
 * (registers are not changed by an interruption). */
__asm__(".section .text\n"
        "  .globl sent_wait\n"
        "sent_wait:\n"
        "  lpsw 0(%r2)\n"
        "  .globl sent_resume\n"
        "sent_resume:\n"
        "  br %r14\n");

static u32 pattern(u32 a) { return (a * 0x9E3779B1u) ^ SEED; }
static u32 fnv(u32 h, u32 x) { return (h ^ x) * 0x01000193u; }

static void wait_for(u32 mask)
{
    static struct psw w;
    w = (struct psw){PSW0_ESA | PSW0_WAIT | mask, 0x80000000u};
    sent_wait(&w);
}

/* One line to the console at 009: SIO, then wait for its interruption. */
int con_write(const char *s, size_t n)
{
    static struct ccw ccw;
    ccw = (struct ccw){.cmd = 0x09, .flags = CCW_SLI, .count = n ? (u16)n : 1, .data = (u32)(n ? s : " ")};
    LOWCORE(u32, LC_CAW) = (u32)&ccw;
    if (sio(0x009) != 0)
        return -1;
    do
        wait_for(PSW0_IO);
    while (LOWCORE(u32, LC_IO_ADDR) != 0x009);
    return (LOWCORE(u8, LC_CSW + 4) & 0x0C) == 0x0C ? 0 : -1;
}

int main(void)
{
    static struct psw resume;
    u32 from = ((u32)_end + 0xFFF) & ~0xFFFu, before = 0x811C9DC5u, after = before, changed = 0, first = 0;
    for (u32 a = from; a < SIZE; a += 8) {
        *(volatile u32 *)a = PROP_MARK_SENTINEL;
        *(volatile u32 *)(a + 4) = pattern(a);
        before = fnv(fnv(before, PROP_MARK_SENTINEL), pattern(a));
    }
    resume = (struct psw){PSW0_ESA, 0x80000000u | (u32)sent_resume};
    *(volatile struct psw *)LC_EXT_NEW_PSW = resume;
    *(volatile struct psw *)LC_IO_NEW_PSW = resume;
    lctl(0, CR0_TRANS_FORMAT_VALUE | CR0_CKC_MASK);
    u64 at = stck() + FAR_AHEAD;
    __asm__ volatile("sckc %0" : : "Q"(at));
    do
        wait_for(PSW0_EXT);
    while (LOWCORE(u16, LC_EXT_CODE) != 0x1004);
    for (u32 a = from; a < SIZE; a += 8) {
        u32 w0 = *(volatile u32 *)a, w1 = *(volatile u32 *)(a + 4);
        after = fnv(fnv(after, w0), w1);
        if (w0 != PROP_MARK_SENTINEL || w1 != pattern(a))
            first = changed++ ? first : a;
    }
    printf("SENTINEL %08X-%08X HASH %08X %08X CHANGED %u FIRST %08X\n", from, SIZE, before, after, changed, first);
    return 0;
}
