/* spec_handlers.c: the spec's instructions against the handlers the
 * sources define (--handlers LIST).
 *
 * Design note. The build extracts "file:line name" for every DEF_INSN(name)
 * in isa/exec_*.c (the Makefile's handlers.txt), so the generator needs no
 * C parser: an instruction whose handler no source defines is refused at
 * its spec line, a handler no instruction uses at its source line.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "gen.h"

/* exec_<this>: `handler`, or the mnemonic in lower case. */
void insn_handler_name(const struct insn *in, char *buf, size_t n)
{
    if (in->handler) {
        snprintf(buf, n, "%s", in->handler);
        return;
    }
    size_t i = 0;
    for (; in->mnemonic[i] && i + 1 < n; i++)
        buf[i] = tolower((unsigned char)in->mnemonic[i]);
    buf[i] = 0;
}

/* LIST lines are "file:line name". */
void spec_check_handlers(struct gen *g, const char *list)
{
    FILE *f = fopen(list, "r");
    char line[512], where[400], name[64];
    char used[MAX_INSNS] = {0};
    if (!f) {
        fprintf(stderr, "%s: %s\n", list, strerror(errno));
        g->errors++;
        return;
    }
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "%399s %63s", where, name) != 2)
            continue;
        int found = 0;
        for (int i = 0; i < g->nin; i++) {
            char h[64];
            insn_handler_name(&g->in[i], h, sizeof h);
            if (strcmp(h, name) == 0)
                found = used[i] = 1;
        }
        if (!found) {
            fprintf(stderr, "%s: handler exec_%s has no instruction in %s\n", where, name, g->path);
            g->errors++;
        }
    }
    fclose(f);
    for (int i = 0; i < g->nin; i++)
        if (!used[i]) {
            char h[64];
            insn_handler_name(&g->in[i], h, sizeof h);
            fprintf(stderr, "%s:%d: %s: no source defines its handler exec_%s (DEF_INSN(%s))\n", g->path,
                    g->in[i].line, g->in[i].mnemonic, h, h);
            g->errors++;
        }
}
