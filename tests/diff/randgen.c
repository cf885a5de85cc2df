/* randgen.c: random instruction-sequence images for the differential test
 * (tests/diff/run.sh runs them on creasy and on Hercules 3.13). This file
 * lays out the image and writes it; randgen_items.c makes the random
 * items and randgen_emit.c encodes them (randgen.h).
 *
 *   randgen SEED NBLOCKS OUT [-S] [-x CASE]...   writes OUT.bin, OUT.elf
 *                                                and OUT.info
 *   randgen --list          the mnemonics it can emit, one a line
 *   randgen --exclusions    the CASEs -x can leave out, with a description
 *
 * The same arguments always give the same image (the random numbers come
 * from splitmix64 seeded with SEED). -S also copies the scratch area into
 * every result entry (for diagnosing a checksum mismatch); it changes only
 * the result table, never the code. -x CASE leaves out a kind of test the
 * runner knows to differ for a reason it names (see diffrun.py WHY).
 *
 * OUT.info: KEY=value lines (RS, DATA, SCRATCH, RESULTS, ENTRY,
 * RANDOM_INSNS, EXCLUDED CASE COUNT) and one line per block:
 * "BLOCK i start epilogue end descriptor ninsns CCPM=x R0..R15".
 *
 * The image (load and entry address 0x10000, run in supervisor state,
 * 31-bit, key 0, everything masked) looks like this:
 *
 *   0x10000  start-up code, the program-check handler, `finish`, `done`
 *   DATA     harness area (RS points here): register save area, current
 *            descriptor, CC/program mask, interruption code and offset,
 *            PSWs and constants; then the 256-byte scratch area, then a
 *            256-byte guard holding the bytes 00..FF (so CLST and SRST
 *            always stop). In half the images the scratch area straddles a
 *            4K boundary, which makes MVCLE stop with CC 3.
 *   0x13000  the blocks, each followed by its EXECUTE targets and its
 *            descriptor (start, result entry, next block, initial CC and
 *            program mask, 16 initial registers, 256 scratch bytes)
 *   RESULTS  one entry per block (ENTRY bytes):
 *              +0  R0-R15 at the end of the block (or at the interruption)
 *              +64 IPM result, or the program old PSW's first word
 *              +68 0 or 0x80LLcccc: a program interruption with code cccc
 *                  and ILC byte LL (the runner ignores LL for the fetch of
 *                  an odd address, where PoO lets the ILC be 1, 2 or 3)
 *              +72 old-PSW address minus the ILC minus the block start
 *                  (the invariant that does not depend on the ILC)
 *              +76 checksum of the scratch area
 *              +80 (-S only) the scratch area itself
 *
 * A block: the prologue stores the descriptor address, copies the initial
 * scratch contents, sets CC and program mask with SPM and loads all 16
 * registers with LM. Then 8-24 random items (an item is one instruction or
 * a short sequence such as "set up address registers, then MVCL"), then the
 * epilogue: STM, IPM, and a jump to `finish`, which fills the result
 * entry and goes on to the next block. A program interruption goes to the
 * handler through the program new PSW (0x68, written at start-up), which
 * records it and also goes to `finish`, so the next block runs.
 *
 * Rules that keep both machines deterministic and the harness intact:
 *  - one register, RS, is chosen per image as the base of the harness and
 *    scratch areas; random instructions never write it (register pairs,
 *    LM ranges, EXECUTE targets included);
 *  - every storage operand lies in the scratch area (MVCL/CLCL/MVCLE/
 *    CLCLE/CLST/SRST get their address registers set just before);
 *  - branches only go forward, to the start of a later item, so every
 *    block ends; register branch targets are loaded with LARL just before;
 *  - the dividend of a signed divide (DR/D) is guarded so it is never
 *    0x8000000000000000 with a divisor of -1 (that input crashes Hercules);
 *  - no STCK, SVC or privileged instruction;
 *  - a fault inside the handler itself loads the abort wait 00BADEEE
 *    (the handler's first action swaps in that program new PSW), so a
 *    broken harness ends the run instead of looping.
 * Rare cases are generated on purpose: odd register pairs and misaligned
 * CS/CDS operands (0006), EXECUTE of EXECUTE (0003), an EXECUTE target at
 * an odd address (0006), opcode 00 (0001), a branch to an odd address
 * (0006 on the fetch), divide exceptions (0009) and, with the overflow mask
 * on in a fifth of the blocks, fixed-point overflow (0008).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "randgen.h"

/* ---- cases left out (-x NAME): each one is named in the runner's summary ---- */
static const char *ex_names[EX_COUNT] = {"mvcle-amount", "mvcle-overlap", "mvcle"};
static const char *ex_desc[EX_COUNT] = {
    "MVCLE without a BRC 1 loop after it (compares the amount one execution moves or pads)",
    "MVCLE with destructively overlapping operands (PoO: first operand unpredictable)",
    "every MVCLE (becomes CLCLE)",
};
int excl[EX_COUNT];
u32 excluded_count[EX_COUNT];

/* ---- mnemonic coverage (for --list and the runner's check) ---- */
static const char *covered[] = {
    "LR", "LTR", "LCR", "LPR", "LNR", "NR", "OR", "XR", "CLR", "CR", "AR", "SR", "ALR", "SLR", "MR", "DR",
    "SPM", "BALR", "BCTR", "BCR", "BASR", "MVCL", "CLCL", "STH", "LA", "STC", "IC", "EX", "BAL", "BCT",
    "BC", "LH", "CH", "AH", "SH", "MH", "BAS", "ST", "N", "CL", "O", "X", "L", "C", "A", "S", "M", "D",
    "AL", "SL", "MS", "BRXH", "BRXLE", "BXH", "BXLE", "SRL", "SLL", "SRA", "SLA", "SRDL", "SLDL", "SRDA",
    "SLDA", "STM", "TM", "MVI", "TS", "NI", "CLI", "OI", "XI", "LM", "MVCLE", "CLCLE", "CS", "CDS", "CLM",
    "STCM", "ICM", "MVC", "NC", "CLC", "OC", "XC", "TMLH", "TMLL", "BRC", "BRAS", "BRCT", "LHI", "AHI",
    "MHI", "CHI", "LARL", "BRCL", "BRASL", "IPM", "MSR", "CLST", "SRST", "LRVR", "MLR", "DLR", "ALCR",
    "SLBR", "LRV", "LRVH", "STRV", "STRVH", "ML", "DL", "ALC", "SLB", "RLL", "MVST",
};

/* ---- the command line ---- */
struct options {
    u64 seed;
    int nblocks;
    const char *out;
    int scratch_copy;   /* -S */
};

static void parse_options(int argc, char **argv, struct options *o)
{
    if (argc < 4)
        die("usage: randgen SEED NBLOCKS OUT [-S] [-x NAME]... | randgen --list | randgen --exclusions");
    o->seed = strtoull(argv[1], NULL, 0);
    o->nblocks = atoi(argv[2]);
    o->out = argv[3];
    o->scratch_copy = 0;
    for (int i = 4; i < argc; i++) {
        if (!strcmp(argv[i], "-S"))
            o->scratch_copy = 1;
        else if (!strcmp(argv[i], "-x") && i + 1 < argc) {
            int k;
            for (k = 0; k < EX_COUNT && strcmp(argv[i + 1], ex_names[k]); k++)
                ;
            if (k == EX_COUNT)
                die("unknown exclusion (see --exclusions)");
            excl[k] = 1;
            i++;
        } else
            die("unknown option");
    }
    if (o->nblocks < 1 || o->nblocks > 5000)
        die("NBLOCKS must be 1..5000");
}

/* ---- the whole image ---- */

/* The harness's labels, and what main knows of each block (for the
 * patches and OUT.info). */
struct harness {
    int data, handler, finish, done, results;
    u32 handler_at;     /* the handler's address, for its PSW */
    u32 entry_len;      /* bytes per result entry */
    int scratch_copy;
};
struct blocks {
    int n;
    int *lab;           /* lab[n] is the harness's `done` */
    int *desc_lab;
    u32 *start, *epi, *end, *nrand, *desc_addr;
};

/* RS, the harness temporaries and the data area's place */
static void choose_registers(void)
{
    RS = 1 + (int)rn(15);
    int tmp[15], nt = 0;
    for (int r = 1; r < 16; r++)
        if (r != RS)
            tmp[nt++] = r;
    for (int i = nt - 1; i > 0; i--) { /* shuffle */
        int j = (int)rn((u32)i + 1), t = tmp[i];
        tmp[i] = tmp[j], tmp[j] = t;
    }
    T = tmp[0], U = tmp[1], V = tmp[2], W = tmp[3], X = tmp[4];

    /* the data area: in half the images the scratch area crosses 0x12000 */
    if (chance(50))
        DATA = 0x12000 - SCR - 8 * (1 + rn(31));
    else
        DATA = 0x11000 + 8 * rn(64);
}

static void blocks_alloc(struct blocks *b, int n, int lab_done)
{
    b->n = n;
    b->lab = calloc((size_t)n + 1, sizeof *b->lab);
    b->desc_lab = calloc((size_t)n, sizeof *b->desc_lab);
    b->start = calloc((size_t)n, sizeof *b->start), b->epi = calloc((size_t)n, sizeof(u32));
    b->end = calloc((size_t)n, sizeof(u32)), b->nrand = calloc((size_t)n, sizeof(u32));
    b->desc_addr = calloc((size_t)n, sizeof(u32));
    if (!b->lab || !b->desc_lab || !b->start || !b->epi || !b->end || !b->nrand || !b->desc_addr)
        die("out of memory");
    for (int i = 0; i < n; i++)
        b->lab[i] = newlab(), b->desc_lab[i] = newlab();
    b->lab[n] = lab_done;
}

/* Start-up, the program-check handler, `finish` (fills a result entry,
 * goes on to the next block) and `done`. */
static void emit_harness_code(struct harness *h, const struct blocks *b)
{
    pc = 0;
    e_larl(RS, h->data, 0);
    e_ss(0xD2, 15, 0, 0x300, RS, H_ABORT);   /* MVC 0x300(16),ABORT: abort and handler PSWs */
    e_ss(0xD2, 7, 0, 0x68, RS, H_PGMNEW);    /* MVC 0x68(8),PGMNEW */
    e_brcl(15, b->lab[0]);

    /* program-check handler */
    deflab(h->handler);
    h->handler_at = addr();
    e_ss(0xD2, 7, 0, 0x68, 0, 0x300);        /* a fault in here ends the run */
    e_rs(0x90, 0, 15, RS, H_SAVE);
    e_ss(0xD2, 3, RS, H_CCPM, 0, 0x28);
    e_ss(0xD2, 3, RS, H_PGM, 0, 0x8C);
    e_si(0x96, 0x80, RS, H_PGM);
    e_rx(0x58, T, 0, 0, 0x2C);
    e_rx(0x54, T, 0, RS, H_MASK31);
    e_rr(0x1B, U, U);
    e_rx(0x43, U, 0, 0, 0x8D);
    e_rx(0x54, U, 0, RS, H_C6);
    e_rr(0x1B, T, U);
    e_rx(0x58, U, 0, RS, H_CURDESC);
    e_rx(0x5B, T, 0, U, D_START);
    e_rx(0x50, T, 0, RS, H_PGMOFF);
    /* fall through */
    deflab(h->finish);
    e_ss(0xD2, 7, 0, 0x68, 0, 0x308);        /* re-arm the handler */
    e_rx(0x58, T, 0, RS, H_CURDESC);
    e_rx(0x58, U, 0, T, D_RESULT);
    e_ss(0xD2, 63, U, 0, RS, H_SAVE);
    e_ss(0xD2, 11, U, 64, RS, H_CCPM);
    e_rx(0x41, W, 0, RS, SCR);
    e_ri(0xA7, 8, X, SCRLEN / 4);
    e_ri(0xA7, 8, V, 0);
    u32 loop = addr();
    e_rse(0xEB, 0x1D, V, V, 0, 5);
    e_rx(0x5E, V, 0, W, 0);
    e_rx(0x41, W, 0, W, 4);
    {
        u32 at = e_ri(0xA7, 6, X, 0);
        put16(at + 2, (u32)((s32)(loop - (LOAD + at)) / 2) & 0xFFFF);
    }
    e_rx(0x50, V, 0, U, 76);
    if (h->scratch_copy)
        e_ss(0xD2, 255, U, 80, RS, SCR);
    e_rx(0x58, T, 0, T, D_NEXT);
    e_rr(0x07, 15, T);
    deflab(h->done);
    e_rx(0x82, 0, 0, RS, H_DONE);            /* LPSW */
}

/* The harness area, the scratch area and the guard at DATA */
static void emit_data(const struct harness *h)
{
    if (pc > DATA - LOAD)
        die("start-up code too long");
    pc = DATA - LOAD;
    deflab(h->data);
    put32(pc + H_ABORT, 0x000A0000), put32(pc + H_ABORT + 4, 0x80BADEEE);
    put32(pc + H_PGMNEW, 0x00080000), put32(pc + H_PGMNEW + 4, 0x80000000 | h->handler_at);
    put32(pc + H_DONE, 0x000A0000), put32(pc + H_DONE + 4, 0x8000600D);
    put32(pc + H_MASK31, 0x7FFFFFFF);
    put32(pc + H_C6, 6);
    put32(pc + H_ONE, 1);
    put32(pc + H_MAXNEG, 0x80000000);
    for (int i = 0; i < 256; i++)
        img[pc + GUARD + i] = (u8)i;
    pc += DATA_LEN;
    img_end = pc;
}

/* Block bi's descriptor at pc: start, result entry, next block, initial
 * CC and program mask, registers and scratch contents. */
static void emit_descriptor(const struct harness *h, struct blocks *b, int bi)
{
    while (pc & 7)
        emit((const u8 *)"\0", 1);
    deflab(b->desc_lab[bi]);
    b->desc_addr[bi] = addr();
    u32 d = pc;
    emit((const u8[D_LEN]){0}, D_LEN);
    put32(d + D_START, b->start[bi]);
    patch(d + D_RESULT, P_ABS32, h->results, (s32)((u32)bi * h->entry_len));
    patch(d + D_NEXT, P_ABS32, b->lab[bi + 1], 0);
    /* CC, program mask: fixed-point overflow on in 30% of the blocks */
    u32 ccpm = rn(4) << 28 | (rnd32() & 0x07000000) | (chance(20) ? 0x08000000 : 0);
    put32(d + D_CCPM, ccpm);
    for (int r = 0; r < 16; r++) {
        u32 v;
        if (r == RS)
            v = DATA;
        else if (chance(12))
            v = DATA + SCR + rn(SCRLEN);
        else
            v = special32();
        put32(d + D_REGS + 4 * (u32)r, v);
    }
    for (int k = 0; k < SCRLEN; k += 4) {
        u32 v = chance(25) ? special32() : rnd32();
        if (chance(10))
            v &= 0xFFFFFF00; /* zero bytes: string terminators */
        put32(d + D_SCR + (u32)k, v);
    }
}

/* Block bi: prologue, random items, epilogue, its EXECUTE targets, its
 * descriptor. */
static void emit_block(const struct harness *h, struct blocks *b, int bi)
{
    deflab(b->lab[bi]);
    b->start[bi] = addr();
    e_larl(T, b->desc_lab[bi], 0);
    e_rx(0x50, T, 0, RS, H_CURDESC);
    e_ss(0xD2, SCRLEN - 1, RS, SCR, T, D_SCR);
    e_ss(0xD7, 11, RS, H_CCPM, RS, H_CCPM);
    e_rx(0x58, 0, 0, T, D_CCPM);
    e_rr(0x04, 0, 0);
    e_rs(0x98, 0, 15, T, D_REGS);
    u32 n0 = nrandom;
    nitems = 8 + (int)rn(17);
    for (int i = 0; i <= nitems; i++)
        item_lab[i] = newlab();
    npool = 0;
    for (cur_item = 0; cur_item < nitems; cur_item++) {
        deflab(item_lab[cur_item]);
        item();
    }
    deflab(item_lab[nitems]);
    b->epi[bi] = addr();
    b->nrand[bi] = nrandom - n0;
    e_rs(0x90, 0, 15, RS, H_SAVE);
    e_rx(0x41, T, 0, 0, 0);
    e_rre(0xB222, T, 0);
    e_rx(0x50, T, 0, RS, H_CCPM);
    e_brcl(15, h->finish);
    for (int k = 0; k < npool; k++) {
        deflab(pool[k].lab);
        u32 at = pc;
        emit(pool[k].b, pool[k].len);
        if (pool[k].rel_kind >= 0)
            patch(at, pool[k].rel_kind, pool[k].rel_lab, 0);
    }
    b->end[bi] = addr();
    emit_descriptor(h, b, bi);
}

/* Every label is placed: fill in the operands that name them. */
static void resolve_patches(void)
{
    for (int i = 0; i < npatch; i++) {
        struct patch *p = &patches[i];
        u32 tgt;
        if (p->lab < 0)
            tgt = (u32)p->addend; /* absolute address in the addend */
        else {
            if (!lab_set[p->lab])
                die("undefined label");
            tgt = lab_addr[p->lab] + (u32)(p->lab >= 0 && p->kind != P_ABS32 ? p->addend : 0);
        }
        if (p->kind == P_ABS32) {
            put32(p->pos, lab_addr[p->lab] + (u32)p->addend);
            continue;
        }
        s32 delta = (s32)(tgt - (LOAD + p->pos));
        if (delta & 1)
            die("odd relative offset");
        if (p->kind == P_REL16) {
            if (delta / 2 < -32768 || delta / 2 > 32767)
                die("relative offset out of range");
            put16(p->pos + 2, (u32)(delta / 2) & 0xFFFF);
        } else
            put32(p->pos + 2, (u32)(delta / 2));
    }
}

/* ---- the output files ---- */
static void write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, n, f) != n || fclose(f))
        die(path);
}

static void write_elf(const char *path, u32 size)
{
    u8 h[0x100] = {0};
    memcpy(h, "\177ELF", 4);
    h[4] = 1;   /* ELFCLASS32 */
    h[5] = 2;   /* big-endian */
    h[6] = 1;   /* EV_CURRENT */
#define H16(o, v) (h[o] = (u8)((v) >> 8), h[(o) + 1] = (u8)(v))
#define H32(o, v) (H16(o, (v) >> 16), H16((o) + 2, (v) & 0xFFFF))
    H16(16, 2);        /* ET_EXEC */
    H16(18, 22);       /* EM_S390 */
    H32(20, 1);        /* version */
    H32(24, LOAD);     /* entry */
    H32(28, 52);       /* phoff */
    H32(32, 0);        /* shoff */
    H32(36, 0);        /* flags */
    H16(40, 52);       /* ehsize */
    H16(42, 32);       /* phentsize */
    H16(44, 1);        /* phnum */
    H16(46, 40);       /* shentsize */
    H16(48, 0);        /* shnum */
    H16(50, 0);        /* shstrndx */
    H32(52, 1);        /* PT_LOAD */
    H32(56, 0x100);    /* offset */
    H32(60, LOAD);     /* vaddr */
    H32(64, LOAD);     /* paddr */
    H32(68, size);     /* filesz */
    H32(72, size);     /* memsz */
    H32(76, 7);        /* RWX */
    H32(80, 4);        /* align */
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(h, 1, sizeof h, f) != sizeof h || fwrite(img, 1, size, f) != size || fclose(f))
        die(path);
}

static u32 img_word(u32 off) { return (u32)(img[off] << 24 | img[off + 1] << 16 | img[off + 2] << 8 | img[off + 3]); }

static void write_info(const char *path, const struct options *o, const struct harness *h, const struct blocks *b,
                       u32 results)
{
    FILE *f = fopen(path, "w");
    if (!f)
        die(path);
    u32 total = 0;
    for (int i = 0; i < b->n; i++)
        total += b->nrand[i];
    for (int k = 0; k < EX_COUNT; k++)
        if (excl[k])
            fprintf(f, "EXCLUDED %s %u\n", ex_names[k], excluded_count[k]);
    fprintf(f, "SEED=%llu\nNBLOCKS=%d\nRS=%d\nDATA=%08X\nSCRATCH=%08X\nRESULTS=%08X\nENTRY=%u\nRANDOM_INSNS=%u\n",
            (unsigned long long)o->seed, b->n, RS, DATA, DATA + SCR, results, h->entry_len, total);
    for (int i = 0; i < b->n; i++) {
        fprintf(f, "BLOCK %d %08X %08X %08X %08X %u", i, b->start[i], b->epi[i], b->end[i], b->desc_addr[i],
                b->nrand[i]);
        u32 d = b->desc_addr[i] - LOAD;
        fprintf(f, " CCPM=%08X", (unsigned)img_word(d + D_CCPM));
        for (int r = 0; r < 16; r++)
            fprintf(f, " %08X", (unsigned)img_word(d + D_REGS + 4 * (u32)r));
        fprintf(f, "\n");
    }
    fclose(f);
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "--list")) {
        for (size_t i = 0; i < sizeof covered / sizeof covered[0]; i++)
            puts(covered[i]);
        return 0;
    }
    if (argc == 2 && !strcmp(argv[1], "--exclusions")) {
        for (int i = 0; i < EX_COUNT; i++)
            printf("%s\t%s\n", ex_names[i], ex_desc[i]);
        return 0;
    }
    struct options o;
    parse_options(argc, argv, &o);
    rs_state = o.seed * 0x2545F4914F6CDD1Dull + 0x1234567;
    struct harness h = {.entry_len = o.scratch_copy ? 80 + SCRLEN : 80, .scratch_copy = o.scratch_copy};
    choose_registers();

    h.data = newlab(), h.handler = newlab(), h.finish = newlab(), h.done = newlab();
    h.results = newlab();
    struct blocks b;
    blocks_alloc(&b, o.nblocks, h.done);
    emit_harness_code(&h, &b);
    emit_data(&h);
    pc = BLOCKS_AT - LOAD;
    for (int bi = 0; bi < b.n; bi++)
        emit_block(&h, &b, bi);
    while (pc & 255)
        emit((const u8 *)"\0", 1);
    deflab(h.results);
    u32 results = addr();
    pc += (u32)b.n * h.entry_len;
    img_end = pc;
    resolve_patches();

    char path[4096];
    snprintf(path, sizeof path, "%s.bin", o.out);
    write_file(path, img, img_end);
    snprintf(path, sizeof path, "%s.elf", o.out);
    write_elf(path, img_end);
    snprintf(path, sizeof path, "%s.info", o.out);
    write_info(path, &o, &h, &b, results);
    return 0;
}
