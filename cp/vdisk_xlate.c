/* vdisk_xlate.c: CCW translation. A guest's channel program for a
 * minidisk or a dedicated device is copied into a real channel program
 * for the real device (VM/370's CCW translation), which vdisk.c runs.
 *
 * Closed world: every CCW the real channel runs for a guest is CP's own,
 * built here from guest input that CP checked. The rules (the code says
 * "rule N" where it keeps one):
 *
 *  1. CCWs are fetched as the channel fetches them: doubleword aligned,
 *     below 16M, inside the VM's storage, not fetch-protected against the
 *     CAW key, following at most one TIC (not first, not to a TIC,
 *     aligned, bit 0 off). Otherwise the channel's answer: SIO's condition
 *     code 1 for the first CCW, a program (or protection) check at that
 *     point for a later one.
 *  2. Flags: CD, CC, SLI, SKIP and PCI pass. IDA, suspend and bit 7,
 *     which the channel does not provide, are a program check at that
 *     CCW, as are a zero count, a data address with bit 0 on and a command
 *     whose low four bits are zero.
 *  3. A data area lies wholly in the VM's storage and is relocated by its
 *     origin; one that does not becomes BAD_DATA, outside real storage, so
 *     the channel gives the program check when the data would move. The
 *     channel checks the CAW key against the frames, which are the
 *     guest's.
 *  4. A minidisk's define extent, read device characteristics and sense
 *     never move data to or from the guest's storage on the real device:
 *     the command's data chain is gathered into a CP buffer, one real CCW
 *     that keeps the guest's lengths, flags and residual. A define
 *     extent's 16 bytes are checked against the minidisk and relocated by
 *     its first block (one that reaches beyond gets an origin past any
 *     device: out of extent); a read-only minidisk's inhibits writes. A
 *     read device characteristics or a sense ends its part of the program
 *     (rule 7), and CP gives the guest the answer: the device's
 *     characteristics with the minidisk's size, or the sense CP kept (the
 *     real device's after a unit check, block numbers made the
 *     minidisk's), never the real device's own.
 *  5. Data chains are followed as the channel follows them (a
 *     continuation's command byte is ignored, TICs included), and never
 *     split: a data chain that would go on into storage the program has
 *     read into gets a program check.
 *  6. Read IPL reads the real device from block 0 for as long as its
 *     count lasts, so it is confined by count: zero (program check) on a
 *     minidisk that does not start at block 0, and at the CCW of its chain
 *     that would read past the minidisk's end.
 *  7. A program that reads its own continuation (an IPL bootstrap) runs in
 *     parts: a part ends before a CCW or a TIC's target that the program
 *     has read into, and CP translates the rest when the part has ended
 *     cleanly. Each part starts from a clean table.
 *  8. Every real slot the translation did not fill is a program check (a
 *     TIC to an odd address), so no chain flag can reach a CCW of an
 *     earlier part or program.
 *  9. At most 60 guest CCWs are copied a part; the next gets a program
 *     check. A minidisk's program that TICs back to a CCW already copied
 *     is copied round the loop, so it meets that limit: a real loop would
 *     hold the real DASD, which other users' minidisks share, for ever. A
 *     dedicated device is its user's own: its loops are real loops.
 *
 * A CCW the guest changes after SIO is not seen: the copy was made then.
 */
#include "vdisk.h"

#define PASS_FLAGS (CCW_CD | CCW_CC | CCW_SLI | CCW_SKIP | CCW_PCI)
#define IS_TIC(cmd) (((cmd) & 0x0F) == 0x08)
#define FBA_DEFINE_EXTENT 0x63
#define FBA_READ_CHARACTERISTICS 0x64
#define SENSE 0x04
#define SENSE_LEN 24
#define READ_IPL 0x02
#define DE_LEN 16
#define RDC_LEN 32
#define RDC_BLOCKS 14         /* its blocks-on-the-device field */
#define NO_ORIGIN 0xFFFFFF00u /* a define extent's origin past any device */

/* A frame CP keeps in key 0 with fetch protection: a channel program run
 * with a nonzero CAW key gets a protection check wherever it touches it. */
static u32 guard_page(void)
{
    static u32 page;
    if (!page && (page = storage_alloc(4096, 4096)) != 0)
        __asm__ volatile("sske %0,%1" : : "d"(0x08), "a"(page) : "memory");
    return page ? page : BAD_DATA;
}

/* A real CCW that ends the program with channel status `why`: for a
 * program check, one the channel fetches and refuses (flag bit 7), so
 * the CSW names it (its guest CCW + 8, as for the guest CCW it stands
 * for); for a protection check, a TIC to the guard page, whose fetch
 * fails (the CSW names the CCW before, as for a CCW the channel could
 * not fetch). */
static struct ccw check_ccw(u8 why)
{
    if (why == CS_PROTCHK)
        return (struct ccw){0x08, 0, 0, guard_page()};
    return (struct ccw){0x03, 0x01, 1, 0};
}

static void emit(struct xlate *x, u32 gaddr, struct ccw c, u16 resid_add)
{
    x->gaddr[x->n] = gaddr;
    x->resid_add[x->n] = resid_add;
    x->real[x->n++] = c;
}

/* The program ends at the guest CCW at `gaddr` with `why`. */
static int end_with(struct xlate *x, u32 gaddr, u8 why)
{
    emit(x, gaddr, check_ccw(why), 0);
    return 0;
}

/* Rule 8. */
static void clear_part(struct xlate *x)
{
    for (int i = 0; i < XLATE_CCWS; i++) {
        x->real[i] = check_ccw(CS_PROGCHK);
        x->gaddr[i] = 0;
        x->resid_add[i] = 0;
    }
    x->n = x->nbufs = x->nreads = 0;
    x->answer = -1;
    x->cont = 0;
    x->extent_refused = false;
}

/* The program reads into the guest area holding addr: a self-loading
 * program (an IPL bootstrap reads the rest of its own channel program). */
static bool read_over(const struct xlate *x, u32 addr)
{
    for (int i = 0; i < x->nreads; i++)
        if (addr + 8 > x->reads[i][0] && addr < x->reads[i][1])
            return true;
    return false;
}

static void note_read(struct xlate *x, u32 data, u32 count)
{
    if (x->nwrote >= 0 && x->nwrote < 8) {
        x->wrote[x->nwrote][0] = data;
        x->wrote[x->nwrote++][1] = count;
    } else {
        x->nwrote = -1;
    }
    if (x->nreads < 8) {
        x->reads[x->nreads][0] = data;
        x->reads[x->nreads++][1] = data + count;
    }
}

/* Rule 7: this part ends with the real CCW before (never data-chained
 * here); translation goes on at `addr` when it has ended. */
static int split(struct xlate *x, u32 addr)
{
    x->real[x->n - 1].flags &= (u8)~CCW_CC;
    x->cont = addr;
    return 0;
}

/* Rule 1: the CCW at `addr` as the channel fetches it: 0, or why not. */
static u8 fetch(const struct xlate *x, u32 addr, struct ccw *c)
{
    u32 r = (addr & 7) || addr > 0x00FFFFF8 ? 0 : gacc_g2r(x->vm, addr, 8);
    if (!r)
        return CS_PROGCHK;
    if (storage_key_protected(r, 8, x->key, false))
        return CS_PROTCHK;
    const u8 *b = (const u8 *)r;
    *c = (struct ccw){b[0], b[1], (u16)(b[2] << 8 | b[3]), cp_get32(b + 4)};
    return 0;
}

/* Rules 1, 5, 7 and 9 for the TIC `*c` at `*addr` (not the program's
 * first CCW): 1 with *addr and *c the CCW it leads to, or 0 when this
 * part of the program ends here. */
static int follow_tic(struct xlate *x, u32 *addr, struct ccw *c, bool chained)
{
    u32 at = *addr, to = c->data;
    if ((to & 7) || (to & 0x80000000u))
        return end_with(x, at, CS_PROGCHK);
    if (read_over(x, to))
        return chained ? end_with(x, at, CS_PROGCHK) : split(x, to);
    if (x->d->type != VDEV_FBA)
        for (int i = 0; i < x->n; i++)
            if (x->gaddr[i] == to) {   /* back to a CCW already copied: a real loop */
                emit(x, at, (struct ccw){0x08, 0, 0, (u32)&x->real[i]}, 0);
                return 0;
            }
    u8 why = fetch(x, to, c);
    if (!why && IS_TIC(c->cmd))
        why = CS_PROGCHK;   /* TIC to TIC */
    if (why)
        return end_with(x, at, why);
    *addr = to;
    return 1;
}

/* Rule 2 for a CCW after the first: fine, or a program check. */
/* LAB ccw.ok: BEGIN */
static bool ccw_ok(const struct ccw *c, bool chained)
{
    return !(c->flags & CCW_UNPROVIDED) && c->count && !(c->data & 0x80000000u) && (chained || (c->cmd & 0x0F));
}
/* LAB ccw.ok: END */

/* Rules 4 and 5: the command `cmd` whose first CCW `c` is at `addr`,
 * its data chain gathered into a CP buffer for the `len` bytes the device
 * moves (from the guest's storage now if `in`). Emits its one real CCW
 * and returns the guest address of the CCW the command ends at (*flags
 * its flags), or 0 when the program ends here. */
static u32 gather(struct xlate *x, u32 addr, struct ccw c, u32 len, bool in, u8 *flags)
{
    if (x->nbufs == XLATE_BUFS)
        return (u32)end_with(x, addr, CS_PROGCHK);
    struct gathered *g = &x->buf[x->nbufs];
    u8 cmd = c.cmd;
    u32 have = 0;
    memset(g, 0, sizeof *g);
    g->cmd = cmd;
    for (;;) {
        if (!ccw_ok(&c, true))
            return (u32)end_with(x, addr, CS_PROGCHK);
        u32 take = c.count < len - have ? c.count : len - have;
        u32 r = gacc_g2r(x->vm, c.data, take);
        if (!r || storage_key_protected(r, take, x->key, !in)) {   /* the channel's check when the data moves */
            emit(x, addr, (struct ccw){cmd, c.flags & CCW_SLI, (u16)len, r ? guard_page() : BAD_DATA}, 0);
            return 0;
        }
        if (in)
            memcpy(g->buf + have, (const void *)r, take);
        g->piece[g->npieces].addr = c.data;
        g->piece[g->npieces].n = (u16)take;
        g->piece[g->npieces++].skip = (c.flags & CCW_SKIP) != 0;
        have += take;
        if (have == len || !(c.flags & CCW_CD)) {
            u32 left = c.count - take;   /* the device stops in this CCW: what its count has left */
            g->slot = x->n;
            emit(x, addr, (struct ccw){cmd, c.flags & PASS_FLAGS & ~CCW_CD, (u16)(have + (left != 0)), (u32)g->buf},
                 (u16)(left ? left - 1 : 0));
            x->nbufs++;
            *flags = c.flags;
            return addr;
        }
        addr += 8;
        u8 why = fetch(x, addr, &c);
        if (!why && IS_TIC(c.cmd) && !follow_tic(x, &addr, &c, true))
            return 0;
        if (why)   /* a CCW it could not fetch: the CSW names the one before */
            return (u32)end_with(x, why == CS_PROTCHK ? addr : addr - 8, why);
    }
}

/* Rule 4: the define extent CP gathered, made the minidisk's. */
/* LAB ccw.extent: BEGIN */
static void confine_extent(struct xlate *x, const struct gathered *g)
{
    struct vdev *d = x->d;
    u8 *de = (u8 *)g->buf;
    if (x->real[g->slot].count < DE_LEN)
        return;   /* short: the device refuses it as it is */
    u32 origin = cp_get32(de + 4), last = cp_get32(de + 12);
    if (origin >= d->blocks || last >= d->blocks - origin) {
        cp_put32(de + 4, NO_ORIGIN);
        x->extent_refused = true;
        x->refused_block = origin + last;
        return;
    }
    cp_put32(de + 4, origin + d->start);
    if (d->readonly)
        de[0] |= 0x40;   /* inhibit writes */
}
/* LAB ccw.extent: END */

/* Rule 4: the commands a minidisk's program has gathered. */
static bool gathered(u8 cmd)
{
    return cmd == FBA_DEFINE_EXTENT || cmd == FBA_READ_CHARACTERISTICS || cmd == SENSE;
}

/* A minidisk's define extent, read device characteristics or sense at
 * `addr`: 1 to go on at *addr, or 0 when this part of the program ends. */
static int gathered_command(struct xlate *x, u32 *addr, struct ccw c)
{
    u8 flags = 0;
    bool de = c.cmd == FBA_DEFINE_EXTENT;
    u32 end = gather(x, *addr, c, de ? DE_LEN : c.cmd == FBA_READ_CHARACTERISTICS ? RDC_LEN : SENSE_LEN, de, &flags);
    if (!end)
        return 0;
    if (de) {
        confine_extent(x, &x->buf[x->nbufs - 1]);
    } else {
        x->answer = x->nbufs - 1;
        if (flags & CCW_CC)
            return split(x, end + 8);   /* the answer goes to the guest before anything reads it */
    }
    *addr = end + 8;
    return (flags & CCW_CC) != 0;
}

/* Rule 6: the count a read IPL CCW may have; *left is what the minidisk
 * has left (set at the command's first CCW). */
static u16 ipl_count(const struct xlate *x, const struct ccw *c, bool chained, u32 *left)
{
    if (!chained)
        *left = x->d->start == 0 ? x->d->blocks * 512 : 0;
    if (c->count > *left)
        return 0;
    *left -= c->count;
    return c->count;
}

/* Rule 7: the part after one that ended cleanly starts with the define
 * extent that was in force at its end (the one the device accepted), so
 * the device goes on as within one chain. */
int xlate_next_part(struct xlate *x, struct vstatus *st)
{
    for (int i = 0; i < x->nbufs && !x->has_extent; i++)
        if (x->buf[i].cmd == FBA_DEFINE_EXTENT) {
            memcpy(x->extent, x->buf[i].buf, DE_LEN);
            x->has_extent = true;
        }
    return xlate_program(x, x->cont, st);
}

int xlate_program(struct xlate *x, u32 addr, struct vstatus *st)
{
    struct vm *vm = x->vm;
    bool first = true, chained = false, minidisk = x->d->type == VDEV_FBA;
    u8 cmd = 0;
    u32 ipl_left = 0;
    clear_part(x);
    if (x->has_extent)   /* in force from the part before: the device sees one chain */
        emit(x, addr - 8, (struct ccw){FBA_DEFINE_EXTENT, CCW_CC, DE_LEN, (u32)x->extent}, 0);
    for (int copied = 0;; copied++) {
        if (copied == XLATE_MAX_GUEST || x->n >= XLATE_CCWS - 1)
            return end_with(x, addr, CS_PROGCHK);   /* rule 9 */
        if (!first && !chained && read_over(x, addr))
            return split(x, addr);                  /* rule 7 */
        struct ccw c;
        u8 why = fetch(x, addr, &c);
        bool fetched = !why;
        if (fetched && IS_TIC(c.cmd)) {
            if (first)
                why = CS_PROGCHK, fetched = false;
            else if (!follow_tic(x, &addr, &c, chained))
                return 0;
        }
        if (!why && !ccw_ok(&c, chained))
            why = CS_PROGCHK;
        if (why) {
            if (!first)   /* a CCW it could not fetch: the CSW names the one before */
                return end_with(x, fetched || why == CS_PROTCHK ? addr : addr - 8, why);
            st->chan = why;   /* SIO's condition code 1 */
            if (fetched)
                st->ccw = addr + 8;
            return -1;
        }
        if (!chained)
            cmd = c.cmd;
        if (!chained && minidisk && gathered(cmd)) {
            first = false;
            if (!gathered_command(x, &addr, c))
                return 0;
            continue;
        }
        /* LAB ccw.data: BEGIN */
        u32 data = gacc_g2r(vm, c.data, c.count) ? vm->origin + c.data : BAD_DATA;
        /* LAB ccw.data: END */
        struct ccw rc = {c.cmd, c.flags & PASS_FLAGS, c.count, data};
        if (cmd == READ_IPL && minidisk)
            rc.count = ipl_count(x, &c, chained, &ipl_left);
        bool reads = (cmd & 0x03) == 0x02 || (cmd & 0x0F) == 0x04 || (cmd & 0x0F) == 0x0C;
        if (reads && rc.data != BAD_DATA)
            note_read(x, c.data, c.count);
        emit(x, addr, rc, 0);
        first = false;
        chained = (c.flags & CCW_CD) != 0;
        if (!(c.flags & (CCW_CC | CCW_CD)))
            return 0;
        addr += 8;
    }
}

/* The real CCW a real CSW's CCW address names (it is that CCW + 8), or -1. */
static int real_slot(const struct xlate *x, u32 real)
{
    u32 base = (u32)x->real;
    if (real < base + 8 || real > base + 8 * (u32)x->n || (real - base) & 7)
        return -1;
    return (int)((real - base) / 8) - 1;
}

u32 xlate_guest_ccw(const struct xlate *x, u32 real)
{
    int i = real_slot(x, real);
    return i < 0 ? 0 : x->gaddr[i] + 8;
}

u16 xlate_guest_residual(const struct xlate *x, u32 real, u16 residual)
{
    int i = real_slot(x, real);
    return i < 0 ? residual : (u16)(residual + x->resid_add[i]);
}

/* Rule 4: what a gathered read moved, into the guest's data areas (but
 * those with SKIP): the device's characteristics with the minidisk's
 * size for the device's, or the sense CP kept. */
void xlate_give_back(struct xlate *x, const struct rreq *r)
{
    if (x->answer < 0 || !x->vm)
        return;
    struct gathered *g = &x->buf[x->answer];
    x->answer = -1;
    if (real_slot(x, r->ccw) != g->slot)
        return;   /* the program ended before it */
    u32 moved = x->real[g->slot].count - r->residual, len = sizeof g->buf;
    if (g->cmd == FBA_READ_CHARACTERISTICS) {
        cp_put32(g->buf + RDC_BLOCKS, x->d->blocks);
        len = RDC_LEN;
    } else {
        memcpy(g->buf, x->d->sense, SENSE_LEN);
        memset(x->d->sense, 0, sizeof x->d->sense);   /* read: the device has none now */
        len = SENSE_LEN;
    }
    if (moved > len)
        moved = len;
    for (int i = 0, off = 0; i < g->npieces && (u32)off < moved; off += g->piece[i++].n) {
        u32 n = g->piece[i].n < moved - (u32)off ? g->piece[i].n : moved - (u32)off;
        u32 a = gacc_g2r(x->vm, g->piece[i].addr, n);
        if (a && !g->piece[i].skip) {
            memcpy((void *)a, g->buf + off, n);
            bt_written(x->vm, g->piece[i].addr, n);
        }
    }
}
