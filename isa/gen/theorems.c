/* theorems.c: Popek and Goldberg's virtualizability theorems, on the spec.
 *
 * Design note. Popek and Goldberg (1974). Theorem 1: a VMM can be built
 * if the sensitive instructions are a subset of the privileged ones.
 * Theorem 2: then the machine is recursively virtualizable, given a VMM
 * without timing dependences. Theorem 3: a hybrid VMM (which interprets
 * all virtual-supervisor code) can be built if the user-sensitive
 * instructions are a subset of the privileged ones. A semiprivileged
 * instruction counts as privileged: the VMM sets the control register
 * that makes it trap. The classes come from each row's `pg`,
 * `user_sensitive` and `privilege`; a culprit is named at its spec line,
 * which for a variant's changed row is its change's line. The check is
 * of one machine, variant v (spec_variants.c): its rows that exist.
 */
#include "gen.h"

int check_theorems(const struct gen *g, int v)
{
    int t1 = 1, t3 = 1, nsens = 0, npriv = 0, n = 0;
    if (v)
        printf("variant %s: %s\n", g->var[v].name, g->var[v].desc);
    for (int i = 0; i < g->nin; i++) {
        const struct insn *in = &g->vin[v][i];
        int priv = in->privilege != 0;
        if (!in->present)
            continue;
        n++;
        nsens += in->pg != 0;
        npriv += priv;
        if (in->pg != 0 && !priv) {
            printf("%s:%d: %s is %s but not privileged: Theorem 1 fails\n", g->path, in->line, in->mnemonic,
                   pg_classes[in->pg]);
            t1 = 0;
            if (in->user_sensitive) {
                printf("%s:%d: %s is sensitive in problem state: Theorem 3 fails\n", g->path, in->line,
                       in->mnemonic);
                t3 = 0;
            }
        }
    }
    printf("%d instructions: %d sensitive, %d privileged or semiprivileged\n", n, nsens, npriv);
    printf("Theorem 1 (a VMM can be built): %s\n", t1 ? "holds" : "FAILS");
    printf("Theorem 2 (recursive virtualization, given a VMM without timing dependences): %s\n",
           t1 ? "holds" : "FAILS");
    printf("Theorem 3 (a hybrid VMM can be built): %s\n", t3 ? "holds" : "FAILS");
    return t1 ? 0 : 1;
}
