/* propcase: the property tests' case runner, a bare "guest kernel".
 *
 * Why one kernel for many cases: a boot of CP (or of CP under CP) costs
 * seconds; a case costs a few thousand instructions. So this kernel draws
 * prop_params.count cases from consecutive seeds (propgen.h), and for
 * each one sets up the case's storage, tables, keys and control
 * registers, runs it, and prints one line: a hash of everything the case
 * can observe. tests/property/prop.py runs the same kernel bare, under CP
 * (trap and SIE) and at level 2, and Popek and Goldberg's equivalence
 * says the lines must be equal.
 *
 * What a case observes, and the line hashes: its registers and PSW when
 * it ends (the instruction address relative to its code), its control
 * registers, its data and guard pages, its page tables (IPTE), the keys
 * of its pages, and its interruption log: each interruption's class,
 * code, ILC, old PSW (relative) and, for translation exceptions, the TEA.
 * Clock values are timing and are left out; STCK's are checked for their
 * relation instead (the values a case stores are strictly increasing).
 *
 * The interruption handlers log and resume: at the old PSW, past the
 * instruction for a nullifying program exception, in supervisor state
 * for an odd SVC code, with its invalid bits cleared for an invalid PSW
 * (specification, ILC 0); SVC 0 ends the case, and so does a log that
 * overflows (a case that loops on an interruption: "LIMIT").
 *
 * Efficiency's accounting (tests/property/README.md): the kernel counts
 * what the machine's counters cannot tell apart from the cases, and
 * prints it on its last line: the TIOs it polled the console with (their
 * number is timing: the console is slower bare than under CP), and the
 * interruptions the batch took by class (privileged-operation exceptions
 * apart: the machine counts those by mnemonic).
 *
 * Resource control (the same README): a case must never see another VM's
 * storage. The words it observes (data, guard and table pages, its
 * registers and its interruption log) are searched for the marks of
 * propmark.h, planted in the sentinel VM's storage and in CP's free
 * storage; a case that met any gets "SEEN n" on its line, and at the end
 * the kernel searches its whole storage (the FOREIGN line). Bare, where
 * nothing is planted, both are zero.
 *
 * prop_params is patched into the ELF by the harness (no command line
 * reaches a kernel IPLed under CP): the first seed, the count, verbose
 * (print every component and the items, for finding where runs part),
 * and the shrinker's drops and simplifications.
 */
#include "propgen.h"
#include "propmark.h"

#define PROP_MAGIC 0x50524F50u
#define LOG_MAX 32
#define SAVE 0x300u     /* the case's registers, at an interruption */
#define RESUME 0x340u   /* the PSW the handlers load */
#define STORAGE 0x200000u   /* the kernel's storage: creasy run --mem 2M, its directory's 2M */

struct prop_params {
    u32 magic, first, count, verbose, simplify;
    u32 drop[2], simple[2];   /* bit i: item i dropped / its operands simplified */
};
volatile struct prop_params prop_params = {PROP_MAGIC, 1, 100, 0, 0, {0, 0}, {0, 0}};

enum { CL_EXT = 1, CL_SVC, CL_PGM, CL_MCK, CL_IO };
struct log_entry {
    u32 what, ilc, w0, ia, tea;
};
static struct log_entry plog[LOG_MAX];
static u32 nlog, limit_hit;
static u32 n_class[6], n_privop, n_polls;   /* the batch's totals, for efficiency */
static struct psw end_psw;
static u32 end_regs[16];
u32 prop_runner_regs[10], prop_runner_sp;

__asm__(".section .text\n"
        "prop_ext:  stm %r0,%r15,0x300(%r0)\n  lhi %r2,1\n  j prop_common\n"
        "prop_svc:  stm %r0,%r15,0x300(%r0)\n  lhi %r2,2\n  j prop_common\n"
        "prop_pgm:  stm %r0,%r15,0x300(%r0)\n  lhi %r2,3\n  j prop_common\n"
        "prop_mck:  stm %r0,%r15,0x300(%r0)\n  lhi %r2,4\n  j prop_common\n"
        "prop_io:   stm %r0,%r15,0x300(%r0)\n  lhi %r2,5\n  j prop_common\n"
        "prop_common:\n"
        "  larl %r1,prop_runner_sp\n"
        "  l    %r15,0(%r1)\n"
        "  brasl %r14,prop_interrupt\n"
        "  ltr  %r2,%r2\n"
        "  jz   prop_exit\n"
        "  lm   %r0,%r15,0x300(%r0)\n"
        "  lpsw 0x340(%r0)\n"
        "prop_exit:\n"
        "  larl %r1,prop_runner_regs\n"
        "  lm   %r6,%r15,0(%r1)\n"
        "  br   %r14\n"
        "  .globl prop_enter\n"
        "prop_enter:\n"
        "  larl %r1,prop_runner_regs\n"
        "  stm  %r6,%r15,0(%r1)\n"
        "  larl %r1,prop_runner_sp\n"
        "  st   %r15,0(%r1)\n"
        "  lm   %r0,%r15,0x300(%r0)\n"
        "  lpsw 0x340(%r0)\n");
extern char prop_ext[], prop_svc[], prop_pgm[], prop_mck[], prop_io[];
void prop_enter(void);
u32 prop_interrupt(u32 cls);

/* Called from prop_common on the runner's stack: log, and say whether to
 * resume the case (1, with RESUME set) or end it (0). */
u32 prop_interrupt(u32 cls)
{
    static const u16 old_at[] = {0, LC_EXT_OLD_PSW, LC_SVC_OLD_PSW, LC_PGM_OLD_PSW, LC_MCK_OLD_PSW, LC_IO_OLD_PSW};
    struct psw old = *(volatile struct psw *)(u32)old_at[cls];
    u32 code = 0, ilc = 0, tea = 0;
    switch (cls) {
    case CL_EXT: code = LOWCORE(u16, LC_EXT_CODE); break;
    case CL_SVC: code = LOWCORE(u16, LC_SVC_CODE), ilc = LOWCORE(u8, LC_SVC_ILC); break;
    case CL_PGM:
        code = LOWCORE(u16, LC_PGM_CODE), ilc = LOWCORE(u8, LC_PGM_ILC);
        if ((code & 0x7F) == PGM_SEGMENT_TRANSLATION || (code & 0x7F) == PGM_PAGE_TRANSLATION)
            tea = LOWCORE(u32, LC_TEA);
        break;
    case CL_IO: code = LOWCORE(u32, LC_IO_ADDR); break;
    default: break;
    }
    n_class[cls]++;
    if (cls == CL_PGM && (code & 0x7F) == PGM_PRIVILEGED_OPERATION)
        n_privop++;
    if (cls == CL_SVC && code == 0) {
        end_psw = old;
        memcpy(end_regs, (void *)SAVE, sizeof end_regs);
        return 0;
    }
    if (nlog == LOG_MAX) {
        limit_hit = 1;
        end_psw = old;
        memcpy(end_regs, (void *)SAVE, sizeof end_regs);
        return 0;
    }
    plog[nlog++] = (struct log_entry){cls << 16 | code, ilc, old.w0, old.w1, tea};
    if (cls == CL_PGM && PGM_CODE_IN(PGM_NULLIFY_CODES, code & 0x7F))
        old.w1 += ilc & 6;
    if (cls == CL_PGM && code == PGM_SPECIFICATION && ilc == 0)   /* an invalid PSW: repair it */
        old.w0 = (old.w0 & ~PSW0_MUST_BE_ZERO) | PSW0_MUST_BE_ONE;
    if (cls == CL_SVC && (code & 1))
        old.w0 &= ~PSW0_PROB;
    *(volatile struct psw *)RESUME = old;
    return 1;
}

/* The console writer printf uses (this one instead of the library's):
 * SIO, then TIO until the device is done, counting the TIOs. The loop is
 * three instructions a turn (TIO, LA, BRC: LA leaves the CC), so the
 * harness can take the polling out of the machine's counts exactly. */
int con_write(const char *s, size_t n)
{
    static struct ccw ccw;
    u32 cc, polls = 0;
    ccw = (struct ccw){.cmd = 0x09, .flags = CCW_SLI, .count = n ? (u16)n : 1, .data = (u32)(n ? s : " ")};
    LOWCORE(u32, LC_CAW) = (u32)&ccw;
    if (sio(0x009) != 0)
        return -1;
    __asm__ volatile("0: .insn s,0x9d000000,0(%2)\n\tla %1,1(%1)\n\tbrc 2,0b\n\tipm %0\n\tsrl %0,28"
                     : "=d"(cc), "+a"(polls) : "a"(0x009) : "cc", "memory");
    n_polls += polls;
    return cc == 1 && (LOWCORE(u8, LC_CSW + 4) & 0x0C) == 0x0C ? 0 : -1;
}

/* ---- emission: a drawn case into code at CODE ---------------------------------------- */

static u8 *pc;
static void put(u32 v, int n)
{
    while (n--)
        *pc++ = (u8)(v >> (8 * n));
}
static void enc_rx(u32 op8, u32 r1, u32 x2, u32 b2, u32 d2) { put(op8 << 24 | r1 << 20 | x2 << 16 | b2 << 12 | (d2 & 0xFFF), 4); }
static void enc_ri(u32 op12, u32 r1, u32 i16) { put((op12 >> 4) << 24 | r1 << 20 | (op12 & 0xF) << 16 | (i16 & 0xFFFF), 4); }

/* a setup's data address: displacement, and bit 15 for the index R10 */
static void enc_la(u32 r, u16 s) { enc_rx(OPCODE_LA, r, s & 0x8000 ? R_IDX : 0, R_DATA, s & 0xFFF); }

static u32 setup_size(const struct item *it)
{
    static const u8 size[] = {[IK_PLAIN] = 0, [IK_LONG_RR] = 16, [IK_LONG_RS] = 16, [IK_STRING] = 12, [IK_KEYS] = 4, [IK_IPTE] = 8};
    return size[it->kind];
}

static void emit_setup(const struct item *it, u32 idx)
{
    switch (it->kind) {
    case IK_LONG_RR:
    case IK_LONG_RS:
        enc_la(it->sr1, it->s1), enc_ri(OPCODE_LHI, it->sr1 + 1, it->l1);
        enc_la(it->sr2, it->s2), enc_ri(OPCODE_LHI, it->sr2 + 1, it->l2);
        break;
    case IK_STRING:
        enc_ri(OPCODE_LHI, 0, it->l1), enc_la(it->sr1, it->s1), enc_la(it->sr2, it->s2);
        break;
    case IK_KEYS: enc_la(it->sr2, it->s2); break;
    case IK_IPTE:
        LOWCORE(u32, CTRL + C_LIT + 4 * idx) = PTO;
        enc_rx(OPCODE_L, it->sr1, 0, R_CTRL, C_LIT + 4 * idx);
        enc_la(it->sr2, it->s2);
        break;
    default: break;
    }
}

/* The main instruction, by format; `target` is a branch's or LARL's
 * code offset, `at` this instruction's. */
static void emit_insn(const struct prop_isa *d, const struct item *it, u32 at, u32 target)
{
    u32 op = d->opcode, r1 = it->r1, r2 = it->r2, b1 = it->b1, b2 = it->b2, d1 = it->d1 & 0xFFF, d2 = it->d2 & 0xFFF;
    s32 rel = ((s32)target - (s32)at) / 2;
    if ((it->flags & IF_BRANCH) && !(it->flags & IF_REL) && d->fmt != PF_RR)
        d2 = target;
    switch (d->fmt) {
    case PF_E: put(op, 2); break;
    case PF_I: put(op << 8 | (it->v & 0xFF), 2); break;
    case PF_RR: put(op << 8 | r1 << 4 | r2, 2); break;
    case PF_RRE: put(op << 16 | r1 << 4 | r2, 4); break;
    case PF_RX:
    case PF_RS:
    case PF_S8: enc_rx(op, d->fmt == PF_S8 ? 0 : r1, d->fmt == PF_S8 ? 0 : r2, b2, d2); break;
    case PF_RSI: put(op << 24 | r1 << 20 | r2 << 16 | ((u32)rel & 0xFFFF), 4); break;
    case PF_RI: enc_ri(op, r1, it->flags & IF_REL ? (u32)rel : it->v); break;
    case PF_RIL:
        put((op >> 4) << 8 | r1 << 4 | (op & 0xF), 2);
        put(it->flags & IF_REL ? (u32)rel : it->v, 4);
        break;
    case PF_SI: put(op << 24 | (it->v & 0xFF) << 16 | b1 << 12 | d1, 4); break;
    case PF_S: put(op << 16 | b2 << 12 | d2, 4); break;
    case PF_SS: put(op << 8 | (it->v & 0xFF), 2), put(b1 << 12 | d1, 2), put(b2 << 12 | d2, 2); break;
    case PF_SSE: put(op, 2), put(b1 << 12 | d1, 2), put(b2 << 12 | d2, 2); break;
    case PF_RXE:
    case PF_RSE:
        put((op >> 8) << 24 | r1 << 20 | r2 << 16 | b2 << 12 | d2, 4);
        put(op & 0xFF, 2);
        break;
    }
}

static bool bit(const volatile u32 *m, u32 i) { return (m[i / 32] >> (i % 32)) & 1; }

/* What the shrinker's simplification does to an item: values to zero
 * (data displacements, immediates, lengths, PSW bits), keeping its kind. */
static void simplify(struct item *it, const struct prop_isa *d)
{
    if (!name_is(d, "SVC"))
        it->v = 0;
    if (it->b1 == R_DATA)
        it->d1 = 0;
    if (it->b2 == R_DATA)
        it->d2 = 0;
    it->s1 = it->s2 = it->l1 = it->l2 = 0;
}

/* PSW bits for an LPSW item: masks, key, DAT, problem state, CC, program
 * mask from v; never wait or PER; now and then an invalid PSW. */
static u32 lpsw_w0(u32 v)
{
    u32 w0 = PSW0_ESA | (v & (PSW0_IO | PSW0_EXT | PSW0_KEY | PSW0_T | PSW0_MC | PSW0_PROB | PSW0_CC | PSW0_PM));
    if (v & 1)
        w0 &= ~PSW0_KEY;
    if (v & 6)
        w0 &= ~PSW0_PROB;
    if ((v & 0x3F0) == 0x3F0)
        w0 |= 1;
    return w0;
}

/* Lay the kept items out and emit them; the code's length. */
static u32 prop_emit(struct prop_case *c, u32 *n_kept)
{
    u16 off[MAX_ITEMS + 1];
    u8 kept[MAX_ITEMS], exable[MAX_ITEMS];
    u32 nk = 0, nx = 0, o = 0;
    for (u32 i = 0; i < c->nitems; i++) {
        struct item *it = &c->items[i];
        if (bit(prop_params.drop, i))
            continue;
        if (bit(prop_params.simple, i))
            simplify(it, &prop_isa[it->isa]);
        kept[nk++] = (u8)i;
        if (it->flags & IF_EXABLE)
            exable[nx++] = (u8)i;
    }
    for (u32 k = 0; k < nk; k++) {
        const struct item *it = &c->items[kept[k]];
        off[kept[k]] = (u16)o;
        o += setup_size(it) + ((it->flags & IF_EX) && !nx ? 2 : prop_isa[it->isa].len);
    }
    pc = (u8 *)CODE;
    for (u32 k = 0; k < nk; k++) {
        u32 i = kept[k];
        struct item *it = &c->items[i];
        const struct prop_isa *d = &prop_isa[it->isa];
        u32 target = k + it->ahead + 1 < nk ? off[kept[k + it->ahead + 1]] : o;
        emit_setup(it, i);
        u32 at = (u32)pc - CODE;
        if (it->flags & IF_EX) {
            if (!nx) {
                put(OPCODE_BCR << 8, 2);   /* nothing to execute: BCR 0,0 */
                continue;
            }
            target = off[exable[it->v % nx]] + setup_size(&c->items[exable[it->v % nx]]);
            it->d2 = (u16)target;
        }
        if (it->flags & IF_LPSW) {
            it->d2 = (u16)(C_PSW + 8 * (i % 32));
            *(volatile struct psw *)(CTRL + it->d2) = (struct psw){lpsw_w0(it->v), 0x80000000u | (CODE + at + d->len)};
        }
        if (it->flags & (IF_CLOCK | IF_STPT))
            it->d2 = (u16)(C_CLOCK + 8 * i);
        emit_insn(d, it, at, target);
    }
    put(OPCODE_SVC << 8, 2);   /* SVC 0: the end */
    *n_kept = nk;
    return (u32)pc - CODE;
}

/* ---- a case's storage, tables, keys and control registers ----------------------------- */

static void sske(u32 key, u32 addr) { __asm__ volatile("sske %0,%1" : : "d"(key), "a"(addr) : "memory"); }
static u32 iske(u32 addr)
{
    u32 k = 0;
    __asm__ volatile("iske %0,%1" : "+d"(k) : "a"(addr));
    return k & 0xFF;
}

static void build_tables(const struct prop_case *c, u32 simp)
{
    u32 *st = (u32 *)STO, *pt0 = (u32 *)PTO, *pt1 = (u32 *)(PTO + 0x400);
    bool edge = !(simp & S_NOEDGE);
    for (u32 s = 0; s < 16; s++)
        st[s] = STE_INVALID;
    st[0] = PTO | 15;
    st[1] = (PTO + 0x400) | 3;
    for (u32 p = 0; p < 256; p++) {
        u32 pte = p << 12;
        if (p < 0x80 && rn(8) == 0)
            pte |= PTE_INVALID;
        if (p >= 0x88)
            pte = rn(2) ? PTE_INVALID : rn(0x200) << 12;
        pt0[p] = pte;
    }
    for (u32 p = 0; p < 64; p++)
        pt1[p] = rn(3) ? rn(0x200) << 12 : PTE_INVALID;
    if (edge && c->alias)
        pt0[DATA >> 12] = DATA + 0x1000, pt0[(DATA >> 12) + 1] = DATA;
    if (edge && c->protect)
        pt0[(DATA >> 12) + 1] |= PTE_PROTECT;
    if (edge && c->guard_invalid)
        pt0[GUARD >> 12] |= PTE_INVALID;
}

/* The case's control area: CR images (word j for CR j mod 16), timer
 * values and system masks, drawn after the items. */
static void build_ctrl(void)
{
    static const u8 masks[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x00, 0x04, 0x40, 0x80, 0x00, 0x03, 0x04, 0x07};
    u32 *cr = (u32 *)(CTRL + C_CR);
    for (u32 j = 0; j < 32; j++) {
        u32 v = rnd();
        switch (j % 16) {
        case 0:
            v = CR0_TRANS_FORMAT_VALUE | (v & (CR0_SSM_SUPPRESS | CR0_LOW_PROTECT | CR0_EXTRACT_AUTH));
            if (rn(20) == 0)
                v ^= 1u << CR0_TRANS_FORMAT_SHIFT;   /* a bad translation format */
            break;
        case 1: v = STO; break;
        default: break;
        }
        cr[j] = v;
    }
    for (u32 t = 0; t < 8; t++)
        *(u64 *)(CTRL + C_TIMER + 8 * t) = (u64)rnd() << 32 | rnd();
    for (u32 m = 0; m < 16; m++)
        *(u8 *)(CTRL + C_MASK + m) = masks[rn(16)];
}

static const u32 case_page[CASE_PAGES] = {CODE, CODE + 0x1000, DATA, DATA + 0x1000, GUARD, CTRL, STO, PTO};
static u32 runner_crs[16];

static u32 n_seen;   /* words of another VM's or CP's storage a case observed */
/* The marks are kept inverted, so the kernel's own image holds no mark for
 * its whole-storage search to find. */
static volatile u32 mark_inv[2] = {~PROP_MARK_SENTINEL, ~PROP_MARK_CP};
static u32 is_mark(u32 w) { return (~w == mark_inv[0]) | (~w == mark_inv[1]); }
static u32 fnv(u32 h, u32 x) { return (h ^ x) * 0x01000193u; }
static u32 fnv_words(u32 h, u32 from, u32 len)
{
    for (u32 a = from; a < from + len; a += 4) {
        u32 w = *(volatile u32 *)a;
        h = fnv(h, w);
        n_seen += is_mark(w);
    }
    return h;
}

static const char *const class_name[] = {"", "EXT", "SVC", "PGM", "MCK", "IO"};

/* Run one case from its seed; print its line (and, verbose, its parts). */
static void prop_run(u32 seed)
{
    static struct prop_case c;
    static u32 crs[16], keys[CASE_PAGES];
    static const u64 ckc_init = ~0ull, cpt_init = 0x7FFFFFFF00000000ull;
    u32 simp = prop_params.simplify, verbose = prop_params.verbose, nk;
    prop_draw(&c, seed);
    for (u32 p = 0; p < CASE_PAGES; p++)
        sske(0, case_page[p]);
    memset((void *)CODE, 0, 0x6000);   /* code, data, guard, control */
    for (u32 a = DATA; a < GUARD; a += 4)
        *(u32 *)a = simp & S_ZERODATA ? 0 : rnd();
    build_ctrl();
    build_tables(&c, simp);
    u32 len = prop_emit(&c, &nk);
    if (verbose) {
        bool edge = !(simp & S_NOEDGE), keyed = !(simp & S_NOKEYS);
        printf("CASE %08X DAT %u ALIAS %u PROTECT %u GUARD %u KEYS %02X %02X\n", seed, c.dat && !(simp & S_NODAT),
               edge && c.alias, edge && c.protect, edge && c.guard_invalid, keyed ? c.keys[0] : 0, keyed ? c.keys[1] : 0);
        printf("CODE %u BYTES, %u ITEMS KEPT OF %u\n", len, nk, c.nitems);
    }
    if (!(simp & S_NOKEYS))
        sske(c.keys[0], DATA), sske(c.keys[1], DATA + 0x1000);
    static const u32 cr0 = CR0_TRANS_FORMAT_VALUE, zeros[16];
    __asm__ volatile("lctl 2,15,%0" : : "Q"(zeros) : "memory");
    lctl(0, cr0);
    lctl(1, STO);
    __asm__ volatile("sckc %0\n\tspt %1" : : "Q"(ckc_init), "Q"(cpt_init));
    u32 *regs = (u32 *)SAVE;
    for (u32 r = 0; r < 16; r++)
        regs[r] = simp & S_ZEROREGS ? 0 : c.regs[r];
    regs[R_IDX] = 0x1000, regs[R_CODE] = CODE, regs[R_DATA] = DATA, regs[R_CTRL] = CTRL;
    *(volatile struct psw *)RESUME =
        (struct psw){PSW0_ESA | (c.dat && !(simp & S_NODAT) ? PSW0_T : 0) | (seed & 3) << PSW0_CC_SHIFT, 0x80000000u | CODE};
    nlog = limit_hit = 0;
    prop_enter();
    __asm__ volatile("stctl 0,15,%0" : "=Q"(crs));
    __asm__ volatile("lctl 0,15,%0" : : "Q"(runner_crs) : "memory");
    for (u32 p = 0; p < CASE_PAGES; p++)
        keys[p] = iske(case_page[p]);

    u32 h_regs = 0x811C9DC5u, h_crs = h_regs, h_keys = h_regs, h_log = h_regs;
    n_seen = 0;
    for (u32 r = 0; r < 16; r++)
        h_regs = fnv(h_regs, end_regs[r]), h_crs = fnv(h_crs, crs[r]), n_seen += is_mark(end_regs[r]);
    u32 ia = (end_psw.w1 & PSW1_IA) - CODE;
    u32 h_data = fnv_words(0x811C9DC5u, DATA, 0x3000);
    u32 h_tables = fnv_words(fnv_words(0x811C9DC5u, STO, 64), PTO, 0x500);
    for (u32 p = 0; p < CASE_PAGES; p++)
        h_keys = fnv(h_keys, keys[p]);
    for (u32 i = 0; i < nlog; i++) {
        const struct log_entry *e = &plog[i];
        u32 rel = (e->ia & PSW1_IA) - CODE;
        h_log = fnv(fnv(fnv(fnv(fnv(h_log, e->what), e->ilc), e->w0), rel), e->tea);
        n_seen += is_mark(e->w0) + is_mark(e->ia) + is_mark(e->tea);
    }
    /* clocks: how many values each kind stored, and that STCK's increase */
    u32 n_stck = 0, n_stpt = 0, increasing = 1;
    u64 last = 0;
    for (u32 i = 0; i < c.nitems; i++) {
        u64 v = *(volatile u64 *)(CTRL + C_CLOCK + 8 * i);
        if (!v || bit(prop_params.drop, i))
            continue;
        if (c.items[i].flags & IF_CLOCK) {
            n_stck++;
            increasing &= v > last;
            last = v;
        } else if (c.items[i].flags & IF_STPT) {
            n_stpt++;
        }
    }
    u32 h = fnv(fnv(fnv(fnv(fnv(fnv(fnv(fnv(h_regs, end_psw.w0), ia), h_crs), h_data), h_tables), h_keys), h_log),
                n_stck << 16 | n_stpt << 8 | increasing << 1 | limit_hit);
    if (verbose) {
        printf("REGS %08X %08X %08X %08X %08X %08X %08X %08X\n", end_regs[0], end_regs[1], end_regs[2], end_regs[3],
               end_regs[4], end_regs[5], end_regs[6], end_regs[7]);
        printf("REGS %08X %08X %08X %08X %08X %08X %08X %08X\n", end_regs[8], end_regs[9], end_regs[10], end_regs[11],
               end_regs[12], end_regs[13], end_regs[14], end_regs[15]);
        printf("PSW %08X +%X%s\n", end_psw.w0, ia, limit_hit ? " LIMIT" : "");
        printf("CRS %08X %08X %08X %08X %08X %08X %08X %08X\n", crs[0], crs[1], crs[2], crs[3], crs[4], crs[5], crs[6], crs[7]);
        printf("CRS %08X %08X %08X %08X %08X %08X %08X %08X\n", crs[8], crs[9], crs[10], crs[11], crs[12], crs[13], crs[14],
               crs[15]);
        printf("DATA %08X TABLES %08X\n", h_data, h_tables);
        printf("KEYS %02X %02X %02X %02X %02X %02X %02X %02X\n", keys[0], keys[1], keys[2], keys[3], keys[4], keys[5], keys[6],
               keys[7]);
        for (u32 i = 0; i < nlog; i++)
            printf("LOG %u %s %04X ILC %u PSW %08X +%X TEA %08X\n", i, class_name[plog[i].what >> 16], plog[i].what & 0xFFFF,
                   plog[i].ilc, plog[i].w0, (plog[i].ia & PSW1_IA) - CODE, plog[i].tea);
        printf("CLOCKS STCK %u STPT %u INCREASING %u\n", n_stck, n_stpt, increasing);
    }
    if (n_seen)
        printf("PROP %08X ITEMS %u LOG %u HASH %08X SEEN %u\n", seed, nk, nlog, h, n_seen);
    else
        printf("PROP %08X ITEMS %u LOG %u HASH %08X\n", seed, nk, nlog, h);
}

int main(void)
{
    static struct psw new_psw;
    static const u16 new_at[] = {LC_EXT_NEW_PSW, LC_SVC_NEW_PSW, LC_PGM_NEW_PSW, LC_MCK_NEW_PSW, LC_IO_NEW_PSW};
    char *const handler[] = {prop_ext, prop_svc, prop_pgm, prop_mck, prop_io};
    if (prop_params.magic != PROP_MAGIC)
        return 1;
    prop_pools();
    lctl(0, CR0_TRANS_FORMAT_VALUE);
    __asm__ volatile("stctl 0,15,%0" : "=Q"(runner_crs));
    for (u32 k = 0; k < 5; k++) {
        new_psw = (struct psw){PSW0_ESA, 0x80000000u | (u32)handler[k]};
        *(volatile struct psw *)(u32)new_at[k] = new_psw;
    }
    u32 first = prop_params.first, count = prop_params.count;
    for (u32 s = first; s != first + count; s++)
        prop_run(s);
    u32 foreign = 0, at = 0;
    for (u32 a = 0; a < STORAGE; a += 4)
        if (is_mark(*(volatile u32 *)a))
            at = foreign++ ? at : a;
    printf("PROP FOREIGN %u WORDS OF %u FIRST %08X\n", foreign, STORAGE / 4, at);
    printf("PROP TOTALS SVC %u PGM %u PRIVOP %u EXT %u IO %u MCK %u\n", n_class[CL_SVC], n_class[CL_PGM], n_privop,
           n_class[CL_EXT], n_class[CL_IO], n_class[CL_MCK]);
    u32 polls = n_polls;
    printf("PROP END %u CASES FROM %08X POLLS %u\n", count, first, polls);
    wait_disabled(0x600D0000u | ((n_polls - polls) & 0xFFFF));   /* the last line's TIOs, in the wait PSW */
}
