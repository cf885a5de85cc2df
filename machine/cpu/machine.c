/* machine.c: making, resetting and freeing a machine, and storage access
 * for everything that is not the CPU (channel, console, loaders).
 */
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "channel.h"
#include "machine.h"

struct machine *machine_new(u32 mem_size)
{
    struct machine *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    mem_size = (mem_size + PAGE_MASK) & ~PAGE_MASK;
    m->mem_size = mem_size;
    m->nframes = mem_size >> PAGE_SHIFT;
    m->mem = calloc(1, mem_size);
    m->keys = calloc(m->nframes, 1);
    m->icache = calloc(m->nframes, sizeof *m->icache);
    if (!m->mem || !m->keys || !m->icache) {
        machine_free(m);
        return NULL;
    }
    m->cpu.m = m;
    m->isa = isa_defs;   /* the sound machine */
    m->cpu.trap_cause = m->cpu.priv_trap = m->cpu.sie_cause = -1;
    m->cpu.exit_slot.fn = exec_stop;   /* never run: the loops stop on it */
    for (int i = 0; i < 4; i++)
        m->cpu.ex_slot[i].fn = m->cpu.step_slot[i].fn = exec_stop;
    clock_init(m, false);
    machine_reset(m);
    return m;
}

/* Decoded instructions are the old variant's: decode again. */
void machine_set_variant(struct machine *m, int variant)
{
    m->variant = variant;
    m->isa = isa_variants[variant];
    icache_flush(m);
}

void machine_free(struct machine *m)
{
    if (!m)
        return;
    if (m->chan)
        chan_free(m);
    if (m->icache)
        icache_flush(m);
    free(m->icache);
    free(m->keys);
    free(m->mem);
    free(m->count.op);
    free(m);
}

/* Initial CPU reset: registers, PSW and control registers as at power-on.
 * Storage and storage keys are cleared by clear reset (machine_clear). */
void machine_reset(struct machine *m)
{
    struct cpu *c = &m->cpu;
    memset(c->gr, 0, sizeof c->gr);
    memset(c->cr, 0, sizeof c->cr);
    c->cr[0] = CR0_INTKEY_MASK | 0xA0;   /* external-signal and interval-timer masks, as S/370 */
    c->cr[2] = CR2_CHANNEL_MASKS;
    c->psw_sys = 0;
    c->cc = c->pm = c->key = c->problem = 0;
    c->ia = 0;
    c->tlb_ctx = 0;
    c->stop = STOP_NONE;
    memset(&c->sie, 0, sizeof c->sie);   /* a reset ends interpretation */
    m->clk.epoch = 0;
    m->clk.ckc = 0;
    clock_set_cpu_timer(m, 0);
    m->ext_key = m->restart_pending = false;
    tlb_purge(m);
}

void machine_clear(struct machine *m)
{
    memset(m->mem, 0, m->mem_size);
    memset(m->keys, 0, m->nframes);
    icache_flush(m);
    machine_reset(m);
}

bool stor_valid(const struct machine *m, u32 abs, u32 len)
{
    return abs < m->mem_size && len <= m->mem_size - abs;
}

void stor_set_change(struct machine *m, u32 abs, u32 len)
{
    if (!len)
        return;
    for (u32 f = abs >> PAGE_SHIFT; f <= (abs + len - 1) >> PAGE_SHIFT; f++)
        m->keys[f] |= SKEY_R | SKEY_C;
    for (u32 a = abs; a < abs + len;) {
        u32 n = PAGE_SIZE - (a & PAGE_MASK);
        if (n > abs + len - a)
            n = abs + len - a;
        icache_invalidate(m, a, n);
        a += n;
    }
}

void stor_read(const struct machine *m, u32 abs, void *dst, u32 len)
{
    memcpy(dst, m->mem + abs, len);
    for (u32 f = abs >> PAGE_SHIFT; len && f <= (abs + len - 1) >> PAGE_SHIFT; f++)
        m->keys[f] |= SKEY_R;
}

void stor_write(struct machine *m, u32 abs, const void *src, u32 len)
{
    memcpy(m->mem + abs, src, len);
    stor_set_change(m, abs, len);
}

u32 stor_read32(const struct machine *m, u32 abs) { return be32(m->mem + abs); }

void stor_write32(struct machine *m, u32 abs, u32 v)
{
    u8 b[4];
    put32(b, v);
    stor_write(m, abs, b, 4);
}
