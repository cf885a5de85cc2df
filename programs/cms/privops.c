/* privops: PRIVOPS tries every privileged and semiprivileged instruction
 * of the architecture (the list comes from spec.yaml, through arch.h) in
 * problem state, and types the program interruption each one gets. All
 * of them must be refused with the privileged-operation exception: on the
 * bare machine by the CPU, under CP by CP reflecting it. A program-check
 * exit (SPIE) catches each interruption, so the program survives them. */
#include "cmslib.h"

struct insn {
    const char *mnemonic;
    u16 opcode;
    u8 length;
};

#define ROW(m, op, bits, len) {#m, op, len},
static const struct insn insns[] = {ARCH_PRIVILEGED_INSNS(ROW)};

static struct cms_pie pie;
static volatile int last_code;

static void on_check(struct cms_pie *p)
{
    last_code = p->code;
}

/* EXECUTE the instruction: operands 0 (they are never reached) */
static int attempt(const struct insn *in)
{
    static u8 text[8] __attribute__((aligned(8)));
    memset(text, 0, sizeof text);
    text[0] = (u8)(in->opcode >> 8);
    text[1] = (u8)in->opcode;
    last_code = -1;
    __asm__ volatile("ex 0,0(%0)" : : "a"(text) : "memory", "cc");
    return last_code;
}

int main(void)
{
    int n = sizeof insns / sizeof insns[0], refused = 0;
    cms_spie(on_check, &pie);
    for (int i = 0; i < n; i++) {
        int code = attempt(&insns[i]);
        if (code < 0)
            printf("%-6s RAN WITHOUT A PROGRAM CHECK\n", insns[i].mnemonic);
        else
            printf("%-6s PROGRAM CHECK %04X%s\n", insns[i].mnemonic, code,
                   code == PGM_PRIVILEGED_OPERATION ? " (PRIVILEGED OPERATION)" : "");
        refused += code == PGM_PRIVILEGED_OPERATION;
    }
    cms_spie(NULL, NULL);
    printf("PRIVOPS: %d OF %d REFUSED WITH THE PRIVILEGED-OPERATION EXCEPTION\n", refused, n);
    return refused == n ? 0 : 1;
}
