/* trace.c: the instruction trace. One line per instruction before it
 * runs (count, PSW state, address, bytes, disassembly) and one per
 * interruption; written only while the console's `trace` is on, from the
 * checked run loop, so tracing costs nothing when off.
 */
#include <string.h>

#include "access.h"
#include "trace.h"

const char *const irq_class_names[IRQ_CLASSES] = {"restart", "external", "svc", "program", "machine-check",
                                                  "io"};

/* Read instruction bytes at `ia` without side effects (no exceptions, no
 * reference bits): the trace must not change what it watches. */
static int peek_insn(struct machine *m, u32 ia, u8 *b)
{
    struct cpu *c = &m->cpu;
    struct tlbe *e = tlb_entry(c, ACC_IFETCH, ia);
    if (e->tag != ((ia & ~PAGE_MASK) | c->tlb_ctx))
        return -1;
    u32 abs = (e->frame << PAGE_SHIFT) | (ia & PAGE_MASK);
    int len = isa_length(m->mem[abs]);
    if (!stor_valid(m, abs, len))
        return -1;
    memcpy(b, m->mem + abs, len);
    return len;
}

void trace_insn(struct machine *m, u32 ia)
{
    struct cpu *c = &m->cpu;
    u8 b[6];
    char dis[64];
    int len = peek_insn(m, ia, b);
    fprintf(m->trace, "%10llu %c %08X ", (unsigned long long)c->icount, c->problem ? 'P' : 'S', ia);
    if (len < 0) {
        fprintf(m->trace, "(not yet fetched)\n");
        return;
    }
    for (int i = 0; i < 6; i++)
        fprintf(m->trace, i < len ? "%02X" : "  ", b[i]);
    isa_disasm_in(m->isa, b, ia, dis, sizeof dis);
    fprintf(m->trace, "  %s\n", dis);
}

void trace_interrupt(struct machine *m, enum irq_class cls, u32 code, u64 old_psw)
{
    if (!m->trace)
        return;
    fprintf(m->trace, "%10llu *** %s interruption code %04X, old PSW %08X %08X\n",
            (unsigned long long)m->cpu.icount, irq_class_names[cls], code, (u32)(old_psw >> 32), (u32)old_psw);
}
