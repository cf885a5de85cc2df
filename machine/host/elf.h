/* elf.h: the ELF loader (elf.c). */
#ifndef CREASY_ELF_H
#define CREASY_ELF_H

#include "machine.h"

#define ELF_MAX_SYMS 4096

struct elf_sym {
    char name[48];
    u32 addr;
};

struct elf_image {
    u32 entry;
    u32 lo, hi;               /* storage the segments occupy */
    int nsyms;
    struct elf_sym syms[ELF_MAX_SYMS];
};

/* Load `path` into storage. 0, or -1 with "path: reason" in err, and
 * then storage and img are as they were. */
int elf_load(struct machine *m, const char *path, struct elf_image *img, char *err, size_t errlen);
/* The same after a clear reset (machine_clear), done only once the file
 * has passed every check. */
int elf_load_clean(struct machine *m, const char *path, struct elf_image *img, char *err, size_t errlen);
const struct elf_sym *elf_find(const struct elf_image *img, const char *name);
const struct elf_sym *elf_symbolize(const struct elf_image *img, u32 addr);

#endif
