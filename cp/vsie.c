/* vsie.c: a virtual machine's own SIE (virtual SIE): CP under CP.
 *
 * Design note. The machine has one level of interpretive execution, and
 * CP uses it. A VM whose virtual PSW is in supervisor state and issues SIE
 * (a CP running under this CP) asks for a second level: CP gives it one
 * by running the VM's guest on the machine's SIE itself, against a shadow
 * of the VM's state description, as z/VM and KVM's vSIE do. So a guest of
 * a guest runs at the machine's speed, and only what its own CP must see
 * comes back, twice: once to this CP, which reflects it, and once, as the
 * interception of its SIE, to the VM.
 *
 * - Checks. sim.c has done what the machine does first (privileged
 *   operation, specification, addressing of the operand); vsie_begin then
 *   checks the VM's state description in the machine's order
 *   (machine/cpu/sie.c, sie_enter) against the VM's storage, so an
 *   invalid one completes the VM's SIE with the validity interception and
 *   the code the machine would give. Nothing a guest puts there is CP's
 *   error.
 * - The shadow. A copy of the VM's state description in CP's storage,
 *   with what addresses the guest's storage composed with CP's mapping of
 *   the VM: a V=R guest's origin is the VM's origin plus its own (CP's
 *   VMs are contiguous runs of real storage); a pageable guest keeps its
 *   origin, a host virtual address of the VM, and runs on the shadows of
 *   the VM's own DAT tables (shadow.c), the real CR1 pointing at them.
 *   The intercept controls are the VM's: CP needs none of its own, since
 *   whatever the machine intercepts for the guest (I/O, DIAGNOSE, waits,
 *   what the controls ask) is the VM's to handle, and CP's own
 *   interruptions end interpretation anyway.
 * - A cache of shadows. Each VM that issues SIE gets one frame of shadows
 *   (VSIE_SHADOWS), keyed by its state description's address and by the
 *   fields the composition read; one whose fields are unchanged is reused
 *   without checks, and counted (created, reused).
 * - Every end of interpretation is decided once:
 *   - CP's own interruption (code 0): CP handles it, and the guest goes on
 *     on the same shadow when the VM next runs; unless the VM is now due an
 *     interruption its PSW at the SIE lets in, which ends its SIE as the
 *     machine would (vsie_host_due: code 0 in its state description, its
 *     PSW still at the SIE, and the interruption taken there);
 *   - a host translation exception for a pageable guest: CP fills the
 *     shadow tables and goes on, or, if the VM's tables do not map the
 *     page, the VM takes the exception at its SIE;
 *   - anything else is the VM's: the guest's state and the interception's
 *     code and parameters go into the VM's state description, and its PSW
 *     moves past the SIE, which completed.
 *
 * While the guest runs, the VM's virtual PSW stays at its SIE (its
 * registers GR0-13 are the guest's, as the machine shares them); CP
 * charges the VM's CPU timer for the time (disp_left), as the machine's
 * CPU timer runs through SIE for its host.
 */
#include "cp.h"

#define VSIE_SHADOWS 8
#define KEY_LEN 29   /* SD_M .. SD_MSE + 4, and SD_SVCC .. SD_EC + 4 */

struct vsie_cache {
    u8 sd[VSIE_SHADOWS][SIE_SD_LENGTH];   /* first: 256-aligned in a 4K frame */
    struct {
        u32 gsd;
        bool valid;
        u8 key[KEY_LEN];
    } tag[VSIE_SHADOWS];
    u32 next;
};
_Static_assert(sizeof(struct vsie_cache) <= 4096, "one frame of shadows");

/* The VM's state description, in its storage (checked at SIE). */
static u8 *guest_sd(const struct vm *vm) { return (u8 *)(vm->origin + vm->vsie.gsd); }

/* What the composition reads: M, the prefix, MSO and MSE; the controls. */
static void key_of(const u8 *g, u8 key[KEY_LEN])
{
    CP_COPY(key, g + SD_M, SD_MSE + 4 - SD_M);
    CP_COPY(key + (SD_MSE + 4 - SD_M), g + SD_SVCC, SD_EC + 4 - SD_SVCC);
}

/* The machine's checks of a state description (sie_enter, in its order),
 * in the VM's terms: its storage is the host storage. 0, or the validity
 * code. */
/* LAB nesting.validity: BEGIN */
static u16 validity(const struct vm *vm, u32 gsd, const u8 *g)
{
    u8 mode = g[SD_M];
    u32 mso = cp_get32(g + SD_MSO), mse = cp_get32(g + SD_MSE);
    bool vr = mode & SD_M_VR;
    if (!(mode & SD_M_ESA390))
        return SIE_VALIDITY_GUEST_MODE;
    if (cp_get32(g + SD_PREFIX))
        return SIE_VALIDITY_PREFIX;
    if (((mso | mse) & 0xFFFu) || mse == 0 || (u64)mso + mse > 0x80000000ull)
        return SIE_VALIDITY_EXTENT;
    if (vr && (u64)mso + mse > vm->size)
        return SIE_VALIDITY_HOST_STORAGE;
    if (vr && gsd + SIE_SD_LENGTH > mso && gsd < mso + mse)
        return SIE_VALIDITY_SD_OVERLAP;
    if (!vr && (vm->cr[0] & CR0_TRANS_FORMAT) != CR0_TRANS_FORMAT_VALUE)
        return SIE_VALIDITY_HOST_FORMAT;
    return 0;
}
/* LAB nesting.validity: END */

/* The shadow for the VM's state description: the cached one if what it
 * was built from is unchanged, else a new one. NULL: no storage for the
 * cache. */
static u8 *shadow_for(struct vm *vm, const u8 *g, bool *fresh)
{
    struct vsie_cache *c = vm->vsie.cache;
    if (!c) {
        c = (struct vsie_cache *)storage_alloc(4096, 4096);
        if (!c)
            return NULL;
        vm->vsie.cache = c;
    }
    u8 key[KEY_LEN];
    key_of(g, key);
    for (u32 i = 0; i < VSIE_SHADOWS; i++)
        if (c->tag[i].valid && c->tag[i].gsd == vm->vsie.gsd && !memcmp(c->tag[i].key, key, KEY_LEN)) {
            vm->vsie.reused++;
            *fresh = false;
            return c->sd[i];
        }
    u32 i = c->next;
    c->next = (i + 1) % VSIE_SHADOWS;
    c->tag[i].gsd = vm->vsie.gsd;
    c->tag[i].valid = true;
    CP_COPY(c->tag[i].key, key, KEY_LEN);
    vm->vsie.created++;
    *fresh = true;
    __asm__ volatile("ptlb" : : : "memory");   /* a slot that served another guest: none of its translations */
    return c->sd[i];
}

/* The guest's state into the shadow: all of the VM's state description
 * but what the composition changes. */
/* LAB nesting.load: BEGIN */
static void load(struct vm *vm, u8 *s, const u8 *g, bool fresh)
{
    u8 keep[KEY_LEN];
    if (!fresh)
        key_of(s, keep);
    CP_COPY(s, g, SIE_SD_LENGTH);
    if (!fresh) {   /* the composed fields, as built */
        CP_COPY(s + SD_M, keep, SD_MSE + 4 - SD_M);
        return;
    }
    if (g[SD_M] & SD_M_VR)   /* V=R: the guest's origin in the VM's storage, in real storage */
        cp_put32(s + SD_MSO, vm->origin + cp_get32(g + SD_MSO));
}
/* LAB nesting.load: END */

/* The guest's state back into the VM's state description, with `icode`:
 * what the machine stores as interpretation ends (sie.c, end(): the PSW,
 * GR14-15, the CPU timer, the clock comparator, the CRs, the code, and
 * the parameters of an instruction or program interception), and nothing
 * else: whatever else is there (a channel program may have written it
 * meanwhile) stays. */
/* LAB nesting.store: BEGIN */
static void store(struct vm *vm, u8 icode)
{
    u8 *g = guest_sd(vm);
    const u8 *s = vm->vsie.shadow;
    CP_COPY(g + SD_GR14, s + SD_GR14, SD_PSW + 8 - SD_GR14);
    CP_COPY(g + SD_CPUTM, s + SD_CPUTM, SD_CKC + 8 - SD_CPUTM);
    CP_COPY(g + SD_CR, s + SD_CR, 64);
    g[SD_ICODE] = icode;
    if (icode == SIE_ICODE_INSTRUCTION) {
        g[SD_ISTAT] = s[SD_ISTAT];
        CP_COPY(g + SD_IPA, s + SD_IPA, SD_IPB + 4 - SD_IPA);
    } else if (icode == SIE_ICODE_PROGRAM) {
        CP_COPY(g + SD_PGM_ILC, s + SD_PGM_ILC, SD_PGM_TEA + 4 - SD_PGM_ILC);
    } else if (icode == SIE_ICODE_VALIDITY) {
        CP_COPY(g + SD_IPB, s + SD_IPB, 4);
    }
}
/* LAB nesting.store: END */

/* The VM's SIE ends: the guest's state is in its state description. */
static void finish(struct vm *vm, u8 icode, bool complete)
{
    store(vm, icode);
    vm->vsie.active = false;
    vm->vsie.exits[icode / 4]++;
    if (complete)
        vm->vpsw[1] = (vm->vpsw[1] & ~PSW_ADDR) | ((vm->vpsw[1] + vm->vsie.ilc) & PSW_ADDR);
}

void vsie_begin(struct vm *vm, u32 gsd, u32 ilc)
{
    u8 *g = (u8 *)(vm->origin + gsd);   /* sim.c checked it is in its storage */
    vm->vpsw[1] = (vm->vpsw[1] & ~PSW_ADDR) | ((vm->vpsw[1] - ilc) & PSW_ADDR);   /* at its SIE */
    vm->vsie.gsd = gsd;
    vm->vsie.ilc = ilc;
    vm->vsie.entries++;
    u16 why = validity(vm, gsd, g);
    if (why) {   /* the machine's validity interception: SIE completes, its state description says why */
        g[SD_ICODE] = SIE_ICODE_VALIDITY;
        cp_put32(g + SD_IPB, (u32)why << 16);
        vm->vsie.exits[SIE_ICODE_VALIDITY / 4]++;
        vm->vpsw[1] = (vm->vpsw[1] & ~PSW_ADDR) | ((vm->vpsw[1] + ilc) & PSW_ADDR);
        return;
    }
    bool fresh;
    u8 *s = shadow_for(vm, g, &fresh);
    if (!s) {
        vm_stop(vm, "NO REAL STORAGE LEFT FOR THE SHADOWS OF ITS SIE");
        return;
    }
    load(vm, s, g, fresh);
    vm->vsie.shadow = s;
    vm->vsie.pageable = !(g[SD_M] & SD_M_VR);
    vm->vsie.active = true;
}

void vsie_entered(struct vm *vm)
{
    u32 *gr = vm_gr(vm);
    gr[14] = vm->vsie.gr14_15[0];
    gr[15] = vm->vsie.gr14_15[1];
}

u32 vsie_enter(struct vm *vm)
{
    const u32 *gr = vm_gr(vm);
    vm->vsie.gr14_15[0] = gr[14];
    vm->vsie.gr14_15[1] = gr[15];
    vm->vsie.shadow[SD_ICODE] = 0xFF;   /* not yet entered: see vsie_host_fault */
    if (!vm->vsie.pageable)
        return 0;
    u32 std = shadow_host_std(vm);
    if (!std)
        vm_stop(vm, "NO REAL STORAGE LEFT FOR THE SHADOW TABLES OF ITS DAT");
    return std;
}

void vsie_host_due(struct vm *vm)
{
    if (vm->vsie.active && vm_enabled_for_something(vm))
        finish(vm, SIE_ICODE_NONE, false);   /* its SIE is reissued after the interruption */
}

void vsie_interception(struct vm *vm)
{
    u8 code = vm->vsie.shadow[SD_ICODE];
    if (code == SIE_ICODE_NONE)
        return;   /* CP's own interruption: the guest goes on when the VM runs */
    finish(vm, code, true);
}

void vsie_host_fault(struct vm *vm, u16 code, u32 tea)
{
    int reflect = code;
    if (code == PGM_SEGMENT_TRANSLATION || code == PGM_PAGE_TRANSLATION)
        reflect = shadow_host_fault(vm, tea);   /* the VM's tables, into the shadows */
    if (!reflect)
        return;   /* mapped now: the guest goes on */
    bool entered = vm->vsie.shadow[SD_ICODE] != 0xFF;
    if (entered)
        finish(vm, SIE_ICODE_NONE, false);
    else
        vm->vsie.active = false;
    vm->vsie.exits[SIE_EXIT_COUNT - 1]++;
    gacc_last_tea = tea;
    /* Met while the guest ran, the exception nullifies the guest's
     * instruction and the VM's SIE, whatever its code (the machine's
     * rule); met at SIE itself, one that suppresses leaves it past. */
    if (!entered && !PGM_CODE_IN(PGM_NULLIFY_CODES, reflect))
        vm->vpsw[1] = (vm->vpsw[1] & ~PSW_ADDR) | ((vm->vpsw[1] + vm->vsie.ilc) & PSW_ADDR);
    refl_pgm(vm, (u16)reflect, vm->vsie.ilc, tea);
}

void vsie_free(struct vm *vm)
{
    vm->vsie.active = false;
    if (vm->vsie.cache)
        storage_free((u32)vm->vsie.cache, 4096);
    vm->vsie.cache = NULL;
}
