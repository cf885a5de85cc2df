/* bt_write.c: stores into translated code (binary translation, bt.c).
 *
 * Design note. A translation is only good while the guest's bytes it
 * came from stay as they were. CP write-protects each page it translates
 * code from, in its own tables for the VM and in the VM's shadows, so a
 * store the guest makes there is a protection exception into CP:
 *
 *   - the cache goes (every translation: chained blocks point at each
 *     other), the pages are unprotected, and the storing instruction runs
 *     again by itself in the scratch slot, so it completes before any
 *     translation protects its page again;
 *   - the pages its operands reach become hot: code from a hot page is
 *     translated without protection, keeps a hash of the guest's bytes,
 *     is never chained into, and is checked against its hash whenever CP
 *     enters it (bt.c's lookup). Code and data that share a page (a
 *     small kernel's stack beside its code) cost a hash per entry, not a
 *     fault per store.
 *
 * The architecture gives no address with a protection exception, so the
 * operands' pages are worked out from the instruction (its formats'
 * base-displacement fields; a page too many is only slower). A
 * protection exception while nothing is protected is the guest's own.
 * CP's own writes into the VM's storage (I/O, simulated stores) come
 * through bt_written, which drops the cache if they reach a protected
 * page.
 */
#include "cp.h"
#include "bt.h"

static void ptlb(void) { __asm__ volatile("ptlb" : : : "memory"); }

static u32 *vm_pte(struct vm *vm, u32 gra)
{
    u32 ste = vm->segtab[gra >> 20];
    return (u32 *)(ste & STE_PTO) + ((gra >> 12) & 0xFF);
}

static bool bit(const u32 *map, u32 gra) { return (map[gra >> 17] >> ((gra >> 12) & 31)) & 1; }

bool bt_protected(const struct vm *vm, u32 gra)
{
    const struct bt *t = vm->bt;
    return t && t->nprot && gra < vm->size && bit(t->prot, gra);
}

bool bt_hot(const struct vm *vm, u32 gra) { return gra < vm->size && bit(vm->bt->hot, gra); }

void bt_protect(struct vm *vm, u32 va, u32 gra)
{
    struct bt *t = vm->bt;
    if (gra >= vm->size || bt_protected(vm, gra) || bt_hot(vm, gra))
        return;
    t->prot[gra >> 17] |= 1u << ((gra >> 12) & 31);
    t->nprot++;
    *vm_pte(vm, gra) |= PTE_PROTECT;
    if ((vm->vpsw[0] & PSW0_T) && vm->shadow_seg) {   /* its shadow of this page, if it has one */
        u32 ste = ((u32 *)vm->shadow_seg)[va >> 20];
        if (!(ste & STE_INVALID))
            ((u32 *)(ste & STE_PTO))[(va >> 12) & 0xFF] |= PTE_PROTECT;
    }
    ptlb();
}

void bt_unprotect_all(struct vm *vm)
{
    struct bt *t = vm->bt;
    for (u32 w = 0; t->nprot && w < t->prot_words; w++)
        for (u32 b = 0; t->prot[w]; b++)
            if (t->prot[w] & (1u << b)) {
                *vm_pte(vm, (w * 32 + b) << 12) &= ~PTE_PROTECT;
                t->prot[w] &= ~(1u << b);
                t->nprot--;
            }
    t->nprot = 0;
}

bool bt_wrote(struct vm *vm, u32 gra, u32 len)
{
    struct bt *t = vm->bt;
    if (!t || !t->nprot || !len)
        return false;
    for (u32 a = gra & ~0xFFFu; a < gra + len && a < vm->size; a += 4096)
        if (bt_protected(vm, a)) {
            bt_flush(vm);
            return true;
        }
    return false;
}

void bt_dat_changed(struct vm *vm)
{
    if (vm->bt && vm->bt->dat_blocks)
        bt_flush(vm);
}

/* The protected pages that [ea, ea + len) reaches (guest addresses as
 * the instruction formed them: guest real with its DAT off), hot. */
static void heat(struct vm *vm, u32 ea, u32 len, bool *unused)
{
    (void)unused;
    struct bt *t = vm->bt;
    bool prot;
    for (u32 a = ea & ~0xFFFu; a - (ea & ~0xFFFu) < len + (ea & 0xFFF); a += 4096) {
        u32 gra = a;
        if ((vm->vpsw[0] & PSW0_T) && gacc_translate(vm, a, &gra, &prot) != 0)
            continue;
        if (bt_protected(vm, gra))
            t->hot[gra >> 17] |= 1u << ((gra >> 12) & 31);
    }
}

/* Does [ea, ea + len) reach the cache's segment? */
static void in_tc(struct vm *vm, u32 ea, u32 len, bool *hit)
{
    (void)vm;
    if (ea < BT_TC_VA + 0x100000u && ea + len > BT_TC_VA)
        *hit = true;
}

/* fn on every storage operand the instruction b could store through:
 * its base-displacement fields (with the index, where the format may
 * have one), and MOVE LONG's register pair. */
static void operands(struct vm *vm, const u8 *b, u32 len, void (*fn)(struct vm *, u32, u32, bool *), bool *arg)
{
    const u32 *gr = vm_gr(vm);
    u32 bd1 = ((b[2] >> 4 ? gr[b[2] >> 4] : 0) + ((u32)(b[2] & 0xF) << 8 | b[3])) & PSW_ADDR;
    if (len == 2) {
        if (b[0] == (OPCODE_MVCL & 0xFF))
            fn(vm, gr[b[1] >> 4] & PSW_ADDR, gr[(b[1] >> 4) | 1] & 0xFFFFFF, arg);
        return;
    }
    fn(vm, bd1, 256, arg);
    if (b[1] & 0xF)
        fn(vm, (bd1 + gr[b[1] & 0xF]) & PSW_ADDR, 256, arg);
    if (len == 6)
        fn(vm, ((b[4] >> 4 ? gr[b[4] >> 4] : 0) + ((u32)(b[4] & 0xF) << 8 | b[5])) & PSW_ADDR, 256, arg);
}

bool bt_store_refused(struct vm *vm, u32 old_ia, u32 ilc)
{
    struct bt *t = vm->bt;
    if (!t || (!bt_in_tc(vm, old_ia) && !t->nprot))
        return false;
    u32 g = (vm->vpsw[1] - ilc) & PSW_ADDR;   /* suppressed: the instruction again */
    u8 b[6];
    bool known = gacc_fetch(vm, g, b, 2) == 0 && cp_insn_length(b[0]) == ilc &&
                 (ilc == 2 || gacc_fetch(vm, g + 2, b + 2, ilc - 2) == 0);
    if (!t->nprot) {   /* not CP's code pages: the guest's own protection, or a store into the cache's read-only pages */
        bool hit = false;
        if (known && !(vm->vpsw[0] & PSW0_T))
            operands(vm, b, ilc, in_tc, &hit);
        if (hit)   /* beyond its storage, as on the machine */
            refl_pgm(vm, PGM_ADDRESSING, ilc, 0);
        return hit;
    }
    if (known)
        operands(vm, b, ilc, heat, NULL);
    /* from a block (not the slot: an EXECUTE's target goes back to its EXECUTE) */
    bool again = known && bt_in_tc(vm, old_ia) && ((old_ia & PSW_ADDR) - BT_TC_VA) >= BT_SCRATCH;
    bt_flush(vm);
    vm->vpsw[1] = 0x80000000u | g;
    if (again) {   /* by itself, so that it completes before its page is protected again */
        bt_scratch(vm, g, b, ilc, g + ilc, ilc);
        t->scratch_due = true;
    }
    return true;
}
