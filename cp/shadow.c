/* shadow.c: virtual machines that turn on DAT themselves (CP under CP,
 * a guest kernel with paging).
 *
 * The guest's tables map its virtual addresses to its real ones; CP's map
 * its real addresses to real frames. The CPU can walk only one set, so CP
 * keeps shadow tables that map guest virtual straight to real, and runs
 * the guest on them. They start empty and fill on demand: a translation
 * exception while the guest has DAT on sends CP to the guest's own
 * tables (gaccess.c). If they map the page, CP copies the translation
 * into the shadow (with the guest's page protection) and lets the guest
 * retry the instruction, which the exception nullified; if not, the
 * guest gets its own translation exception, as on a real machine. The
 * shadows are thrown away whenever the guest could have changed what they
 * copy: PTLB, IPTE, a new CR0 or CR1, DAT turned off or on. This is the
 * architecture's own TLB rule, so the guest cannot tell.
 *
 * Each VM's shadow space: one segment table for the whole 2G address
 * space and a pool of 64 page tables; when the pool runs out, CP starts
 * the shadows over.
 */
#include "cp.h"

#define SHADOW_SEGS 2048
#define POOL_PTS 64

static void ptlb(void) { __asm__ volatile("ptlb" : : : "memory"); }

void shadow_reset(struct vm *vm)
{
    bt_dat_changed(vm);   /* translations made with its DAT on are keyed by virtual address (bt.c) */
    if (vm->sie)
        ptlb();   /* no shadows: the machine's TLB holds the guest's own translations */
    /* LAB shadow.reset: BEGIN */
    if (!vm->shadow_seg)
        return;
    u32 *seg = (u32 *)vm->shadow_seg;
    for (u32 i = 0; i < vm->shadow_next; i++)
        seg[vm->shadow_segs[i]] = STE_INVALID;
    vm->shadow_next = 0;
    ptlb();
    /* LAB shadow.reset: END */
}

void shadow_free(struct vm *vm)
{
    if (!vm->shadow_seg)
        return;
    storage_free(vm->shadow_seg, SHADOW_SEGS * 4 + POOL_PTS * 1024);
    vm->shadow_seg = vm->shadow_pool = 0;
    vm->shadow_next = 0;
    ptlb();
}

u32 shadow_std(struct vm *vm)
{
    return vm->vpsw[0] & PSW0_T ? shadow_host_std(vm) : vm->std;
}

u32 shadow_host_std(struct vm *vm)
{
    if (!vm->shadow_seg) {
        u32 a = storage_alloc(SHADOW_SEGS * 4 + POOL_PTS * 1024, 4096);
        if (!a)
            return 0;
        u32 *seg = (u32 *)a;
        for (u32 i = 0; i < SHADOW_SEGS; i++)
            seg[i] = STE_INVALID;
        vm->shadow_seg = a;
        vm->shadow_pool = a + SHADOW_SEGS * 4;
        vm->shadow_next = 0;
    }
    return vm->shadow_seg | 127;   /* the whole 2G space; not private, so the guest's low-address protection applies (dispatch.c) */
}

static int map(struct vm *vm, u32 va, u32 gra, bool protect);

int shadow_fault(struct vm *vm, u32 va, u16 code)
{
    (void)code;
    u32 gra;
    bool protect;
    va &= PSW_ADDR;
    int c = gacc_translate(vm, va, &gra, &protect);
    return c ? c : map(vm, va, gra, protect);   /* the guest's tables say no: its own exception */
}

int shadow_host_fault(struct vm *vm, u32 va)
{
    u32 gra;
    bool protect;
    va &= PSW_ADDR;
    int c = gacc_host_translate(vm, va, &gra, &protect);
    return c ? c : map(vm, va, gra, protect);
}

/* The guest's translation of va, to guest real gra, into the shadows. */
/* LAB shadow.map: BEGIN */
static int map(struct vm *vm, u32 va, u32 gra, bool protect)
{
    u32 frame = gacc_g2r(vm, gra & ~0xFFFu, 4096);
    if (!frame)
        return PGM_ADDRESSING;
    u32 *seg = (u32 *)vm->shadow_seg, s = va >> 20;
    if (!vm->shadow_seg || (vm->bt_mode && s == BT_TC_VA >> 20))
        return PGM_ADDRESSING;   /* (the translation cache's segment, in bt mode: CP's) */
    protect = protect || bt_protected(vm, gra);   /* a page translated code came from (bt mode) */
    if (seg[s] & STE_INVALID) {
        if (vm->shadow_next == POOL_PTS)
            shadow_reset(vm);   /* the pool is used up: start over */
        u32 *pt = (u32 *)(vm->shadow_pool + vm->shadow_next * 1024u);
        for (u32 i = 0; i < 256; i++)
            pt[i] = PTE_INVALID;
        vm->shadow_segs[vm->shadow_next++] = (u16)s;
        seg[s] = (u32)pt | 15;
    }
    u32 *pt = (u32 *)(seg[s] & STE_PTO);
    pt[(va >> 12) & 0xFF] = frame | (protect ? PTE_PROTECT : 0);
    return 0;
}
/* LAB shadow.map: END */
