/* fuzz_code.c: random bytes executed as code, for millions of
 * instructions, in the sanitizer build (-fsanitize=address,undefined).
 *
 *   fuzz_code ROUNDS INSTRUCTIONS-PER-ROUND [SEED]
 *
 * Each round fills storage with random bytes, gives every storage key,
 * control register and new PSW a random (sometimes valid, sometimes not)
 * value, sometimes sets up valid DAT tables, attaches a console typewriter,
 * and starts the CPU at a random PSW. Whenever the machine stops (disabled
 * wait, check-stop, idle) it is restarted at another random PSW, until the
 * round's instructions are spent. The machine must take only architected
 * interruptions: every program-interruption code must be one spec.yaml
 * defines, and the host must survive (the sanitizers abort on any fault).
 */
#include <stdio.h>
#include <stdlib.h>

#include "access.h"
#include "channel.h"
#include "dev_3215.h"
#include "machine.h"

static u64 state;

static u64 rnd(void)   /* xorshift64* */
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545F4914F6CDD1Dull;
}

static u32 rnd_psw0(void)
{
    u32 w0 = (u32)rnd();
    if (rnd() % 8)   /* mostly a valid PSW, sometimes not */
        w0 = (w0 & ~PSW0_MUST_BE_ZERO) | PSW0_MUST_BE_ONE;
    if (rnd() % 4)
        w0 &= ~PSW0_WAIT;
    if (rnd() % 4)   /* mostly key 0, so code runs rather than faulting on keys */
        w0 &= ~PSW0_KEY;
    return w0;
}

static u64 rnd_psw(u32 mem_size)
{
    u32 w0 = rnd_psw0(), w1 = (u32)rnd();
    if (rnd() % 8)
        w1 = 0x80000000u | ((u32)rnd() % mem_size & ~1u);
    return (u64)w0 << 32 | w1;
}

/* Valid DAT tables mapping the first megabytes of storage, at random. */
static void setup_dat(struct machine *m)
{
    u32 sto = 0x1000, pt = 0x2000, nseg = m->mem_size >> 20;
    for (u32 s = 0; s < 16; s++)
        stor_write32(m, sto + s * 4, s < nseg ? (pt + s * 1024) | 0xF : STE_INVALID);
    for (u32 s = 0; s < nseg; s++)
        for (u32 p = 0; p < 256; p++) {
            u32 frame = (u32)rnd() % m->nframes;
            u32 pte = frame << 12 | (rnd() % 16 == 0 ? PTE_INVALID : 0) | (rnd() % 16 == 0 ? PTE_PROTECT : 0);
            stor_write32(m, pt + s * 1024 + p * 4, pte);
        }
    m->cpu.cr[0] = CR0_TRANS_FORMAT_VALUE | (u32)(rnd() & 0x0800FFF0);
    m->cpu.cr[1] = sto | 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: fuzz_code ROUNDS INSTRUCTIONS [SEED]\n");
        return 2;
    }
    long rounds = atol(argv[1]);
    u64 per_round = strtoull(argv[2], NULL, 0);
    state = argc > 3 ? strtoull(argv[3], NULL, 0) : 0x9E3779B97F4A7C15ull;
    u64 total = 0, pgm[64] = {0}, irq[IRQ_CLASSES] = {0}, restarts = 0, io_insns = 0;
    FILE *sink = fopen("/dev/null", "w");
    for (long r = 0; r < rounds; r++) {
        u32 mem = (1u + (u32)(rnd() % 4)) << 20;
        struct machine *m = machine_new(mem);
        if (!m)
            return 2;
        for (u32 i = 0; i < mem; i += 8)
            put64(m->mem + i, rnd());
        /* Random bytes rarely spell an I/O instruction for an attached
         * device: sprinkle some in, with random CAWs and CCWs around. */
        static const char *const seeds[] = {"9C000009", "9C00001F", "9D000009", "9E00001F", "9F000000",
                                            "80000048", "B2050100", "AC000100", "B7000100", "82000058"};
        for (u32 i = 0; i < mem; i += 64 + (u32)(rnd() % 512)) {
            const char *h = seeds[rnd() % (sizeof seeds / sizeof seeds[0])];
            for (int k = 0; k < 4 && i + k < mem; k++) {
                unsigned byte;
                sscanf(h + 2 * k, "%2x", &byte);
                m->mem[i + k] = (u8)byte;
            }
        }
        for (u32 f = 0; f < m->nframes; f++)
            m->keys[f] = rnd() % 4 ? 0 : (u8)rnd() & 0xFE;
        for (int i = 0; i < 16; i++)
            m->cpu.cr[i] = (u32)rnd();
        m->cpu.cr[2] = 0xFFFFFFFF;
        if (r % 2)
            setup_dat(m);
        static const u16 new_psws[] = {LC_RESTART_NEW_PSW, LC_EXT_NEW_PSW, LC_SVC_NEW_PSW,
                                       LC_PGM_NEW_PSW, LC_MCK_NEW_PSW, LC_IO_NEW_PSW};
        for (size_t k = 0; k < sizeof new_psws / sizeof new_psws[0]; k++)
            put64(m->mem + new_psws[k], rnd_psw(mem));
        put32(m->mem + LC_CAW, (u32)rnd() % mem);
        chan_attach(m, con3215_new(0x009, sink, NULL, NULL));
        chan_attach(m, con3215_new(0x01F, sink, sink ? fopen("/dev/null", "r") : NULL, NULL));
        cpu_load_psw(&m->cpu, rnd_psw(mem));
        u64 start = m->cpu.icount;
        int restarts_here = 0;
        while (m->cpu.icount - start < per_round && restarts_here < 100000) {
            u64 before = m->cpu.icount;
            u64 left = per_round - (m->cpu.icount - start);
            enum stop s = cpu_run(m, left < 300 ? left : 300);
            /* stopped, or spending its budget on an interruption loop
             * without running an instruction: start somewhere else */
            if (s == STOP_WAIT || s == STOP_CHECKSTOP || s == STOP_IDLE || m->cpu.icount == before) {
                cpu_load_psw(&m->cpu, rnd_psw(mem));
                restarts++;
                restarts_here++;
            }
        }
        for (int i = 0; i < 64; i++)
            pgm[i] += m->count.pgm[i];
        for (int i = 0; i < IRQ_CLASSES; i++)
            irq[i] += m->count.irq[i];
        io_insns += m->count.priv[ISA_SIO] + m->count.priv[ISA_TIO] + m->count.priv[ISA_HIO] + m->count.priv[ISA_TCH];
        total += m->cpu.icount - start;
        machine_free(m);
    }
    int bad = 0;
    for (int code = 0; code < 64; code++) {
        if (!pgm[code])
            continue;
        bool known = false;
        for (int i = 0; i < ISA_PGM_COUNT; i++)
            known |= isa_pgms[i].code == code;
        if (!known) {
            printf("program interruption code %02X is not architected (%llu times)\n", code, (unsigned long long)pgm[code]);
            bad = 1;
        }
    }
    printf("fuzz: %ld rounds, %llu instructions of random code, %llu restarts\n", rounds,
           (unsigned long long)total, (unsigned long long)restarts);
    printf("I/O instructions run: %llu\n", (unsigned long long)io_insns);
    printf("interruptions: restart %llu, external %llu, svc %llu, program %llu, io %llu\n",
           (unsigned long long)irq[IRQ_RESTART], (unsigned long long)irq[IRQ_EXT], (unsigned long long)irq[IRQ_SVC],
           (unsigned long long)irq[IRQ_PGM], (unsigned long long)irq[IRQ_IO]);
    printf("program interruptions by code:");
    for (int i = 0; i < 64; i++)
        if (pgm[i])
            printf(" %02X:%llu", i, (unsigned long long)pgm[i]);
    printf("\n");
    if (sink)
        fclose(sink);
    return bad;
}
