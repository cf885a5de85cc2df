/* gaccess.c: CP reaching into a virtual machine's storage on its behalf,
 * with the checks the machine would make: the guest's own DAT when its
 * virtual PSW has it on (a walk of the guest's tables, which live in its
 * storage), addressing against its storage size, and key-controlled
 * protection against the virtual PSW key (the real storage keys of its
 * frames are its keys, since each guest frame is its own real frame).
 *
 * The results are program-interruption codes for CP to reflect;
 * gacc_last_tea holds the address a translation exception is about.
 */
#include "cp.h"

u32 gacc_last_tea;

/* The guest's DAT: its CR0 and CR1, its tables in its storage, walked as
 * the machine walks them (machine/dat.c). The result is one of the DAT_*
 * outcomes below, with the guest real address, or the guest real address
 * of the table entry involved (what LRA reports). */
enum { W_OK, W_SEG_LENGTH, W_SEG_INVALID, W_PAGE_LENGTH, W_PAGE_INVALID, W_SPEC, W_ADDRESSING };

static int walk(struct vm *vm, u32 va, u32 *result, bool *protect)
{
    u32 cr0 = vm->cr[0], cr1 = vm->cr[1], ste, pte, entry, a;
    if ((cr0 & CR0_TRANS_FORMAT) != CR0_TRANS_FORMAT_VALUE)
        return W_SPEC;
    entry = ((cr1 & CR1_STO) + ((va & 0x7FF00000u) >> 18)) & PSW_ADDR;
    *result = entry;
    if (((va >> 24) & 0x7F) > (cr1 & CR1_STL))
        return W_SEG_LENGTH;
    if (!(a = gacc_g2r(vm, entry, 4)))
        return W_ADDRESSING;
    ste = *(u32 *)a;
    if (ste & STE_INVALID)
        return W_SEG_INVALID;
    if ((ste & STE_MUST_BE_ZERO) || ((ste & STE_COMMON) && (cr1 & CR1_PRIVATE)))
        return W_SPEC;
    entry = ((ste & STE_PTO) + ((va & 0x000FF000u) >> 10)) & PSW_ADDR;
    *result = entry;
    if (((va >> 16) & 0xF) > (ste & STE_PTL))
        return W_PAGE_LENGTH;
    if (!(a = gacc_g2r(vm, entry, 4)))
        return W_ADDRESSING;
    pte = *(u32 *)a;
    if (pte & PTE_INVALID)
        return W_PAGE_INVALID;
    if (pte & PTE_MUST_BE_ZERO)
        return W_SPEC;
    *protect = (pte & PTE_PROTECT) != 0;
    *result = (pte & PTE_PFRA) | (va & 0xFFF);
    return W_OK;
}

static int walk_code(int w)
{
    switch (w) {
    case W_OK: return 0;
    case W_SEG_LENGTH:
    case W_SEG_INVALID: return PGM_SEGMENT_TRANSLATION;
    case W_PAGE_LENGTH:
    case W_PAGE_INVALID: return PGM_PAGE_TRANSLATION;
    case W_SPEC: return PGM_TRANSLATION_SPECIFICATION;
    default: return PGM_ADDRESSING;
    }
}

static int guest_walk(struct vm *vm, u32 va, u32 *gra, bool *protect)
{
    gacc_last_tea = va;
    return walk_code(walk(vm, va, gra, protect));
}

/* LRA: the condition code, or -(program-interruption code). */
int gacc_lra(struct vm *vm, u32 va, u32 *result)
{
    bool protect;
    switch (walk(vm, va & PSW_ADDR, result, &protect)) {
    case W_OK: return 0;
    case W_SEG_INVALID: return 1;
    case W_PAGE_INVALID: return 2;
    case W_SEG_LENGTH:
    case W_PAGE_LENGTH: return 3;
    case W_SPEC: return -PGM_TRANSLATION_SPECIFICATION;
    default: return -PGM_ADDRESSING;
    }
}

int gacc_translate(struct vm *vm, u32 va, u32 *gra, bool *protect)
{
    *protect = false;
    if (!(vm->vpsw[0] & PSW0_T)) {
        *gra = va & PSW_ADDR;
        return 0;
    }
    return guest_walk(vm, va & PSW_ADDR, gra, protect);
}

int gacc_host_translate(struct vm *vm, u32 va, u32 *gra, bool *protect)
{
    *protect = false;
    return guest_walk(vm, va & PSW_ADDR, gra, protect);
}

static int guest_real(struct vm *vm, u32 va, bool store, u32 *ra)
{
    u32 gra;
    bool protect;
    int code = gacc_translate(vm, va, &gra, &protect);
    if (code)
        return code;
    u32 r = gacc_g2r(vm, gra, 1);
    if (!r)
        return PGM_ADDRESSING;
    u32 key = (vm->vpsw[0] & PSW0_KEY) >> PSW0_KEY_SHIFT;
    if (store && protect)
        return PGM_PROTECTION;
    if (storage_key_protected(r, 1, key, store) || (store && gacc_low_protected(vm, va)))
        return PGM_PROTECTION;
    *ra = r;
    return 0;
}

/* The guest's low-address protection (CR0 bit 3) refuses a store to its
 * effective address va: 0-511, unless its DAT is on in a private space
 * (the machine's rule, machine/cpu/access.c). */
bool gacc_low_protected(const struct vm *vm, u32 va)
{
    return va < 512 && (vm->cr[0] & CR0_LOW_PROTECT) && !((vm->vpsw[0] & PSW0_T) && (vm->cr[1] & CR1_PRIVATE));
}

/* The fast path: the guest's DAT is off, so its storage is one run of
 * real storage: a pointer to `len` bytes at `va` for CP to use directly,
 * after the addressing and key checks, or NULL with *code set (also for
 * DAT on, where the caller takes the general path). */
u8 *gacc_ptr(struct vm *vm, u32 va, u32 len, bool store, int *code)
{
    *code = 0;
    if (vm->vpsw[0] & PSW0_T)
        return NULL;
    u32 r = gacc_g2r(vm, va & PSW_ADDR, len);
    if (!r) {
        *code = PGM_ADDRESSING;
        return NULL;
    }
    if (storage_key_protected(r, len, (vm->vpsw[0] & PSW0_KEY) >> PSW0_KEY_SHIFT, store) ||
        (store && gacc_low_protected(vm, va & PSW_ADDR))) {
        *code = PGM_PROTECTION;
        return NULL;
    }
    if (store)
        bt_written(vm, va & PSW_ADDR, len);   /* CP stores over translated code (bt mode) */
    return (u8 *)r;
}

/* Byte by byte across pages, every page checked before anything moves. */
static int guest_move(struct vm *vm, u32 va, u8 *buf, u32 len, bool store)
{
    u32 ra;
    for (u32 done = 0; done < len;) {   /* check */
        int code = guest_real(vm, va + done, store, &ra);
        if (code)
            return code;
        u32 n = 4096 - ((va + done) & 0xFFF);
        done += n < len - done ? n : len - done;
    }
    for (u32 done = 0; done < len;) {   /* move */
        guest_real(vm, va + done, store, &ra);
        u32 n = 4096 - ((va + done) & 0xFFF);
        if (n > len - done)
            n = len - done;
        if (store) {
            memcpy((void *)ra, buf + done, n);
            bt_written(vm, ra - vm->origin, n);
        }
        else
            memcpy(buf + done, (const void *)ra, n);
        done += n;
    }
    return 0;
}

int gacc_fetch(struct vm *vm, u32 va, void *dst, u32 len)
{
    int code;
    u8 *p = gacc_ptr(vm, va, len, false, &code);
    if (p) {
        memcpy(dst, p, len);
        return 0;
    }
    return code ? code : guest_move(vm, va, dst, len, false);
}

int gacc_store(struct vm *vm, u32 va, const void *src, u32 len)
{
    int code;
    u8 *p = gacc_ptr(vm, va, len, true, &code);
    if (p) {
        memcpy(p, src, len);
        return 0;
    }
    return code ? code : guest_move(vm, va, (void *)src, len, true);
}
