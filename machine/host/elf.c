/* elf.c: load an ELF32 big-endian S/390 executable into storage, and keep
 * its symbols for the console.
 *
 * Every field is checked against the file size and the machine's storage
 * before anything is changed, so a damaged or hostile file gets "FILE:
 * reason" (each fault its own) and changes nothing: not storage, not the
 * symbols the console keeps. elf_load_clean clears storage only after
 * the file has passed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "elf.h"

#define MAX_ELF_SIZE (256u << 20)

static int fail(char *err, size_t n, const char *path, const char *fmt, ...)
{
    va_list ap;
    int k = snprintf(err, n, "%s: ", path);
    va_start(ap, fmt);
    if (k >= 0 && (size_t)k < n)
        vsnprintf(err + k, n - k, fmt, ap);
    va_end(ap);
    return -1;
}

static u8 *slurp(const char *path, size_t *size, char *err, size_t n)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fail(err, n, path, "%s", strerror(errno));
        return NULL;
    }
    u8 *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            if (cap > MAX_ELF_SIZE) {
                fail(err, n, path, "larger than %u MB", MAX_ELF_SIZE >> 20);
                free(buf);
                fclose(f);
                return NULL;
            }
            u8 *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                fail(err, n, path, "out of memory");
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        fail(err, n, path, "read error");
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *size = len;
    return buf;
}

static bool in_file(size_t size, u32 off, u32 len) { return off <= size && len <= size - off; }

/* The symbols, if present and sane; a bad symbol table is ignored. */
static void load_symbols(struct elf_image *img, const u8 *f, size_t size, u32 shoff, u16 shentsize, u16 shnum)
{
    if (shnum && shentsize >= 40 && in_file(size, shoff, (u32)shnum * shentsize))
        for (u16 i = 0; i < shnum; i++) {
            const u8 *sh = f + shoff + (u32)i * shentsize;
            if (be32(sh + 4) != 2)   /* SHT_SYMTAB */
                continue;
            u32 off = be32(sh + 16), ssize = be32(sh + 20), link = be32(sh + 24);
            if (link >= shnum || !in_file(size, off, ssize))
                break;
            const u8 *str = f + shoff + link * shentsize;
            u32 soff = be32(str + 16), slen = be32(str + 20);
            if (!in_file(size, soff, slen))
                break;
            for (u32 k = 0; k + 16 <= ssize && img->nsyms < ELF_MAX_SYMS; k += 16) {
                const u8 *s = f + off + k;
                u32 name = be32(s), value = be32(s + 4);
                u8 info = s[12];
                u16 shndx = be16(s + 14);
                /* NOTYPE, OBJECT, FUNC; not undefined (0), not absolute (FFF1) */
                if ((info & 15) > 2 || shndx == 0 || shndx == 0xFFF1 || name >= slen || !f[soff + name])
                    continue;
                const char *nm = (const char *)f + soff + name;
                if (!memchr(nm, 0, slen - name))
                    continue;
                struct elf_sym *sym = &img->syms[img->nsyms++];
                snprintf(sym->name, sizeof sym->name, "%s", nm);
                sym->addr = value;
            }
            break;
        }
}

/* Every header and segment of the file `f` (size bytes), against the
 * file and m's storage: 0, or -1 with the reason in err. */
static int check_file(struct machine *m, const char *path, const u8 *f, size_t size, char *err, size_t n)
{
    if (size < 52 || memcmp(f, "\177ELF", 4) != 0)
        return fail(err, n, path, "not an ELF file");
    if (f[4] != 1 || f[5] != 2)
        return fail(err, n, path, "not a 32-bit big-endian ELF (class %u, data %u): build with -m31", f[4], f[5]);
    u16 type = be16(f + 16), machine = be16(f + 18);
    if (type != 2)
        return fail(err, n, path, "ELF type %u is not an executable (link it)", type);
    if (machine != 22)
        return fail(err, n, path, "ELF machine %u is not S/390 (22)", machine);
    u32 entry = be32(f + 24), phoff = be32(f + 28);
    u16 phentsize = be16(f + 42), phnum = be16(f + 44);
    if (phnum == 0)
        return fail(err, n, path, "no program headers: nothing to load (is it linked?)");
    if (phentsize < 32)
        return fail(err, n, path, "program header size %u is too small (an ELF32 one is 32 bytes)", phentsize);
    if (!in_file(size, phoff, (u32)phnum * phentsize))
        return fail(err, n, path, "program headers at offset 0x%X run past the end of the file", phoff);
    for (u16 i = 0; i < phnum; i++) {
        const u8 *ph = f + phoff + (u32)i * phentsize;
        if (be32(ph) != 1)   /* PT_LOAD */
            continue;
        u32 off = be32(ph + 4), paddr = be32(ph + 12), filesz = be32(ph + 16), memsz = be32(ph + 20);
        if (filesz > memsz)
            return fail(err, n, path, "segment %u: its file size 0x%X is larger than its memory size 0x%X", i, filesz,
                        memsz);
        if (!in_file(size, off, filesz))
            return fail(err, n, path, "segment %u: file bytes 0x%X+0x%X run past the end of the file", i, off,
                        filesz);
        if (!stor_valid(m, paddr, memsz))
            return fail(err, n, path, "segment %u: 0x%X-0x%X does not fit in %u KB of storage", i, paddr,
                        paddr + memsz, m->mem_size >> 10);
    }
    if (entry & 1 || !stor_valid(m, entry, 2))
        return fail(err, n, path, "entry point 0x%X is not an even address in storage", entry);
    return 0;
}

/* Check everything, then (clear storage and) load: a failure changes
 * nothing, neither storage nor the PSW nor img. */
static int load(struct machine *m, const char *path, struct elf_image *img, char *err, size_t n, bool clear)
{
    size_t size;
    u8 *f = slurp(path, &size, err, n);
    if (!f)
        return -1;
    if (check_file(m, path, f, size, err, n) < 0) {
        free(f);
        return -1;
    }
    if (clear)
        machine_clear(m);
    memset(img, 0, sizeof *img);
    u32 phoff = be32(f + 28), shoff = be32(f + 32);
    u16 phentsize = be16(f + 42), phnum = be16(f + 44);
    u16 shentsize = be16(f + 46), shnum = be16(f + 48);
    for (u16 i = 0; i < phnum; i++) {
        const u8 *ph = f + phoff + (u32)i * phentsize;
        if (be32(ph) != 1)   /* PT_LOAD */
            continue;
        u32 off = be32(ph + 4), paddr = be32(ph + 12), filesz = be32(ph + 16), memsz = be32(ph + 20);
        stor_write(m, paddr, f + off, filesz);
        memset(m->mem + paddr + filesz, 0, memsz - filesz);
        if (img->lo == img->hi || paddr < img->lo)
            img->lo = paddr;
        if (paddr + memsz > img->hi)
            img->hi = paddr + memsz;
    }
    img->entry = be32(f + 24);
    load_symbols(img, f, size, shoff, shentsize, shnum);
    free(f);
    return 0;
}

int elf_load(struct machine *m, const char *path, struct elf_image *img, char *err, size_t n)
{
    return load(m, path, img, err, n, false);
}

int elf_load_clean(struct machine *m, const char *path, struct elf_image *img, char *err, size_t n)
{
    return load(m, path, img, err, n, true);
}

const struct elf_sym *elf_find(const struct elf_image *img, const char *name)
{
    for (int i = 0; i < img->nsyms; i++)
        if (strcmp(img->syms[i].name, name) == 0)
            return &img->syms[i];
    return NULL;
}

/* The symbol at or before addr, for "main+0x1C". */
const struct elf_sym *elf_symbolize(const struct elf_image *img, u32 addr)
{
    const struct elf_sym *best = NULL;
    for (int i = 0; i < img->nsyms; i++)
        if (img->syms[i].addr <= addr && (!best || img->syms[i].addr > best->addr) &&
            addr - img->syms[i].addr < 0x10000)
            best = &img->syms[i];
    return best;
}
