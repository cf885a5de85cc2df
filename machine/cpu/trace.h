/* trace.h: instruction and interruption trace to a file (trace.c). */
#ifndef CREASY_TRACE_H
#define CREASY_TRACE_H

#include "machine.h"

void trace_insn(struct machine *m, u32 ia);
void trace_interrupt(struct machine *m, enum irq_class cls, u32 code, u64 old_psw);
extern const char *const irq_class_names[IRQ_CLASSES];

#endif
