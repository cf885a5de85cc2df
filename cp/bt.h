/* bt.h: the translation cache's own structures, shared by bt.c (the
 * cache) and bt_emulate.c (the instructions CP runs for a translated
 * guest). What the rest of CP calls is in cp.h's bt section.
 */
#ifndef CREASY_BT_H
#define CREASY_BT_H

#define BT_BLOCK_MAX 256       /* guest bytes in one block */
#define BT_MAX_BLOCKS 1024
#define BT_MAX_STUBS 4096
#define BT_HASH 256            /* lookup chains, by guest page */
#define BT_FAST 512            /* the exact addresses found last, direct-mapped */
#define BT_EMULATED 0xFFFF     /* ... an address no block starts at: CP emulates the instruction there */
#define BT_BRANCHES_IN_A_ROW 8 /* branches CP emulates before the dispatcher looks again */

/* A hot block's check: FNV-1a over the guest's halfwords (n is even:
 * instructions are). */
#define BT_HASH_SEED 2166136261u
static inline u32 bt_hash(u32 h, const u8 *p, u32 n)
{
    for (u32 i = 0; i < n; i += 2)
        h = (h ^ ((u32)p[i] << 8 | p[i + 1])) * 16777619u;
    return h;
}

/* What a copy of an instruction needs (bt_classify). */
enum { BT_COPY, BT_RELATIVE, BT_EMULATE };

/* A block: guest code [g, g + glen) copied to TC offset tc, its stubs
 * after it. starts: a bit per halfword, set where an instruction begins. */
struct bt_block {
    u32 g, tc;
    u16 glen, next;            /* next: the lookup chain (block index + 1, or 0) */
    u16 first_stub, nstubs;
    u32 starts[BT_BLOCK_MAX / 64];
    u8 dat;                    /* translated with the guest's DAT on: keyed by virtual address */
    u8 hot;                    /* from a page the guest stores into: not protected, checked at each entry */
    u8 dead;                   /* ... and found changed: nothing is looked up in it any more */
    u32 sum;                   /* ... against this hash of the guest's bytes */
};

struct bt_stub {
    u32 target;                /* the guest address it goes to */
    u32 tc;                    /* its TC offset */
};

struct bt {
    u32 tc;                    /* real address of the TC's frames; its segment table and page table follow */
    u32 *segtab;               /* guest real as CP maps it, and the TC: its DAT-off supervisor space */
    u32 tc_ste;                /* the segment-table entry for BT_TC_VA */
    u32 used;                  /* TC bytes used */
    u32 nblocks, nstubs, dat_blocks, nprot;
    u32 scratch_g;             /* the guest instruction the scratch slot stands for (an EXECUTE, or a store run again) */
    u32 scratch_next, scratch_ilc;   /* ... where the guest is after it, and its length for an exception */
    u32 scratch_len;           /* the instruction's length in the slot: stub 0 follows it */
    bool scratch_due;          /* run the slot at the next dispatch (a store into translated code, again) */
    u32 nfix;                  /* relative branches of the block being built */
    struct { u32 at, dest; u8 len; } fix[BT_BLOCK_MAX / 2];
    u16 head[BT_HASH];
    struct { u32 g; u16 blk; } fast[BT_FAST];   /* g + 1 (0: empty), its block's index */
    struct bt_block blocks[BT_MAX_BLOCKS];
    struct bt_stub stubs[BT_MAX_STUBS];
    struct bt_stats stats;
    u32 prot_words;
    u32 *hot;                  /* a bit per page: the guest stores into it (after prot) */
    u32 prot[];                /* a bit per page of its storage: write-protected for the TC */
};

int bt_classify(const u8 *b);  /* BT_COPY, BT_RELATIVE or BT_EMULATE */
/* bt_write.c: the pages translated code comes from */
void bt_protect(struct vm *vm, u32 va, u32 gra);   /* write-protected (unless hot) */
void bt_unprotect_all(struct vm *vm);
bool bt_hot(const struct vm *vm, u32 gra);         /* the guest stores into it: checked, not protected */
u32 bt_native(struct vm *vm);   /* run it natively at its address, in its own space (a fetch that fails) */
u32 bt_emulate(struct vm *vm, bool *branch);   /* bt_emulate.c: 0, or the address to run at; branch: it was one, done */
/* bt.c: the scratch slot: insn (len bytes) stands for the guest's
 * instruction at g, of length ilc, after which the guest is at next. */
void bt_scratch(struct vm *vm, u32 g, const u8 *insn, u32 len, u32 next, u32 ilc);

#endif
