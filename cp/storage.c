/* storage.c: real storage: the frames above CP, handed out to virtual
 * machines and to DAT tables, and each VM's storage mapping.
 *
 * A VM's storage is one contiguous run of real frames, so guest real
 * address a is real address origin + a: CCW translation relocates a data
 * area by adding, and needs no indirect data addressing. CP's segment and
 * page tables for the VM map exactly [0, size): a guest address beyond
 * its storage finds an invalid entry, and CP turns that translation
 * exception into the addressing exception the bare machine would give.
 *
 * Free storage is a short list of runs, first fit, merged on free.
 */
#include "cp.h"

#define MAX_RUNS 256
#define SEG_SIZE 0x100000u
#define PAGES_PER_SEG 256

static struct run {
    u32 addr, size;
} runs[MAX_RUNS];
static int nruns;

void storage_init(u32 first_free)
{
    first_free = (first_free + 0xFFFF) & ~0xFFFFu;
    nruns = 0;
    if (first_free < cp_storage_size) {
        runs[0].addr = first_free;
        runs[0].size = cp_storage_size - first_free;
        nruns = 1;
    }
}

u32 storage_alloc(u32 bytes, u32 align)
{
    bytes = (bytes + 0xFFF) & ~0xFFFu;
    for (int i = 0; i < nruns; i++) {
        u32 a = (runs[i].addr + align - 1) & ~(align - 1), waste = a - runs[i].addr;
        if (waste + bytes > runs[i].size)
            continue;
        u32 end = runs[i].addr + runs[i].size;
        if (waste && nruns < MAX_RUNS) {   /* keep the part before the alignment */
            runs[i].size = waste;
            memmove(&runs[i + 2], &runs[i + 1], (nruns - i - 1) * sizeof runs[0]);
            nruns++;
            i++;
        } else if (waste) {
            continue;
        }
        runs[i].addr = a + bytes;
        runs[i].size = end - runs[i].addr;
        if (runs[i].size == 0) {
            memmove(&runs[i], &runs[i + 1], (nruns - i - 1) * sizeof runs[0]);
            nruns--;
        }
        memset((void *)a, 0, bytes);
        return a;
    }
    return 0;
}

void storage_free(u32 addr, u32 bytes)
{
    bytes = (bytes + 0xFFF) & ~0xFFFu;
    int i = 0;
    while (i < nruns && runs[i].addr < addr)
        i++;
    if (i > 0 && runs[i - 1].addr + runs[i - 1].size == addr) {   /* merge below */
        runs[i - 1].size += bytes;
        if (i < nruns && addr + bytes == runs[i].addr) {
            runs[i - 1].size += runs[i].size;
            memmove(&runs[i], &runs[i + 1], (nruns - i - 1) * sizeof runs[0]);
            nruns--;
        }
        return;
    }
    if (i < nruns && addr + bytes == runs[i].addr) {   /* merge above */
        runs[i].addr = addr;
        runs[i].size += bytes;
        return;
    }
    if (nruns == MAX_RUNS)
        return;   /* lost: the list is full (cannot happen with VM-sized runs) */
    memmove(&runs[i + 1], &runs[i], (nruns - i) * sizeof runs[0]);
    runs[i].addr = addr;
    runs[i].size = bytes;
    nruns++;
}

/* The VM's storage and CP's DAT tables for it: one segment table (16
 * entries per unit of its length) and a page table per megabyte. */
int vm_storage_make(struct vm *vm, u32 size)
{
    u32 nseg = (size + SEG_SIZE - 1) / SEG_SIZE, units = (nseg + 15) / 16;
    u32 origin = storage_alloc(size, 0x10000);
    if (!origin)
        return -1;
    u32 tables = storage_alloc(4096 + nseg * 1024, 4096);
    if (!tables) {
        storage_free(origin, size);
        return -1;
    }
    u32 *seg = (u32 *)tables, *pt = (u32 *)(tables + 4096);
    for (u32 s = 0; s < units * 16; s++) {
        if (s >= nseg) {
            seg[s] = STE_INVALID;
            continue;
        }
        u32 pages = (size - s * SEG_SIZE) / 4096;
        if (pages > PAGES_PER_SEG)
            pages = PAGES_PER_SEG;
        u32 *p = pt + s * PAGES_PER_SEG;
        for (u32 i = 0; i < PAGES_PER_SEG; i++)
            p[i] = i < pages ? origin + s * SEG_SIZE + i * 4096 : PTE_INVALID;
        seg[s] = (u32)p | ((pages + 15) / 16 - 1);
    }
    vm->origin = origin;
    vm->size = size;
    vm->segtab = seg;
    vm->std = tables | (units - 1);   /* not private: the guest's low-address protection applies (dispatch.c) */
    return 0;
}

void vm_storage_free(struct vm *vm)
{
    if (!vm->size)
        return;
    u32 nseg = (vm->size + SEG_SIZE - 1) / SEG_SIZE;
    storage_free((u32)vm->segtab, 4096 + nseg * 1024);
    storage_free(vm->origin, vm->size);
    vm->size = 0;
    vm->segtab = NULL;
}
