/* svc.c: the program interface, one function per SVC (cmsapi.h), found
 * through a table as xv6 finds its system calls.
 *
 * The program's registers are in LC_CMS_USER_GR while CMS serves the
 * call; a handler returns the value for R2. Buffers CMS stores into must
 * lie in the user area (a program cannot have CMS store into the
 * nucleus on its behalf); what CMS only reads may be anywhere in storage,
 * which the program can read anyway.
 */
#include "cms.h"

struct handle {
    bool open;
    struct fs_file f;
};

static struct handle handles[CMS_MAX_OPEN];

static bool readable(u32 addr, u32 len)
{
    return addr < cms_storage_size && len <= cms_storage_size - addr;
}

static bool writable(u32 addr, u32 len)
{
    return addr >= CMS_USER_BASE && readable(addr, len);
}

static int svc_exit(u32 *gr)
{
    int rc = (int)gr[2];
    for (int i = 0; i < CMS_MAX_OPEN; i++)   /* a normal end commits what was written */
        if (handles[i].open) {
            if (fs_close(&handles[i].f) < 0 && handles[i].f.writing)
                fs_abort(&handles[i].f);
            handles[i].open = false;
        }
    kernel_return(rc);
}

static int svc_wrterm(u32 *gr)
{
    if (!readable(gr[2], gr[3]))
        return -CMS_RC_INVALID;
    term_write((const char *)gr[2], gr[3]);
    return 0;
}

static int svc_rdterm(u32 *gr)
{
    if (gr[3] == 0 || !writable(gr[2], gr[3]))
        return -CMS_RC_INVALID;
    return term_read((char *)gr[2], gr[3]);
}

/* "FN FT [FM]" at `addr`, NUL-terminated within 64 bytes. */
static bool parse_id(u32 addr, struct fileid *id)
{
    char text[65], *w[4];
    u32 n = 0;
    while (n < 64 && readable(addr + n, 1) && ((const char *)addr)[n])
        n++;
    if (n == 64 || !readable(addr + n, 1))
        return false;
    memcpy(text, (const char *)addr, n);
    text[n] = 0;
    int words = 0;
    char *p = text;
    while (words < 4) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        w[words++] = p;
        while (*p && *p != ' ')
            p++;
        if (*p)
            *p++ = 0;
    }
    return (words == 2 || words == 3) && fileid_parse(id, w[0], w[1], words == 3 ? w[2] : NULL);
}

static int svc_open(u32 *gr)
{
    struct fileid id;
    if (!parse_id(gr[2], &id) || gr[3] > CMS_OPEN_WRITE)
        return -CMS_RC_INVALID;
    int h = 0;
    while (h < CMS_MAX_OPEN && handles[h].open)
        h++;
    if (h == CMS_MAX_OPEN)
        return -CMS_RC_TOOMANY;
    struct fs_file *f = &handles[h].f;
    int err;
    if (gr[3] == CMS_OPEN_READ) {
        int slot;
        struct cms_disk *d = fileid_locate(&id, &slot);
        if (!d)
            return -CMS_RC_NOTFOUND;
        err = fs_open(&d->fs, f, id.fn, id.ft);
    } else {
        struct cms_disk *d = disk_by_mode(id.fm ? id.fm : 'A');
        if (!d)
            return -CMS_RC_NODISK;
        u8 recfm = (u8)(gr[4] >> 24);
        u32 lrecl = gr[4] & 0xFFFFFF;
        if (recfm == 0)
            recfm = CMS_RECFM_V;
        err = fs_create(&d->fs, f, id.fn, id.ft, recfm, lrecl, cms_now());
    }
    if (err < 0)
        return -fs_to_rc(err);
    handles[h].open = true;
    return h;
}

static struct handle *handle(u32 h)
{
    return h < CMS_MAX_OPEN && handles[h].open ? &handles[h] : NULL;
}

static int svc_read(u32 *gr)
{
    struct handle *h = handle(gr[2]);
    if (!h || h->f.writing || !writable(gr[3], gr[4]))
        return -CMS_RC_INVALID;
    int n = fs_read(&h->f, (void *)gr[3], gr[4]);
    return n >= 0 ? n : -fs_to_rc(n);
}

static int svc_write(u32 *gr)
{
    struct handle *h = handle(gr[2]);
    if (!h || !h->f.writing || !readable(gr[3], gr[4]))
        return -CMS_RC_INVALID;
    int err = fs_write(&h->f, (const void *)gr[3], gr[4]);
    return err < 0 ? -fs_to_rc(err) : 0;
}

static int svc_close(u32 *gr)
{
    struct handle *h = handle(gr[2]);
    if (!h)
        return -CMS_RC_INVALID;
    int err = fs_close(&h->f);
    if (err < 0 && h->f.writing)
        fs_abort(&h->f);
    h->open = false;
    return err < 0 ? -fs_to_rc(err) : 0;
}

static int svc_spie(u32 *gr)
{
    if (gr[2] && !writable(gr[3], sizeof(struct cms_pie)))
        return -CMS_RC_INVALID;
    program_set_exit(gr[2], gr[3]);
    return 0;
}

static int svc_resume(u32 *gr)
{
    if (!writable(gr[2], sizeof(struct cms_pie)))
        return -CMS_RC_INVALID;
    int rc = program_resume(gr[2]);
    return rc < 0 ? rc : (int)gr[2];   /* resumed: R2 is the PIE's (already in place) */
}

typedef int svc_fn(u32 *gr);
static svc_fn *const svcs[CMS_SVC_COUNT] = {
    [CMS_SVC_EXIT] = svc_exit,   [CMS_SVC_WRTERM] = svc_wrterm, [CMS_SVC_RDTERM] = svc_rdterm,
    [CMS_SVC_OPEN] = svc_open,   [CMS_SVC_READ] = svc_read,     [CMS_SVC_WRITE] = svc_write,
    [CMS_SVC_CLOSE] = svc_close, [CMS_SVC_SPIE] = svc_spie,     [CMS_SVC_RESUME] = svc_resume,
};

void svc_dispatch(u32 code)
{
    u32 *gr = (u32 *)LC_CMS_USER_GR;
    if (code < CMS_SVC_COUNT && svcs[code]) {
        int r = svcs[code](gr);
        if (code != CMS_SVC_RESUME || r < 0)
            gr[2] = (u32)r;
    } else {
        gr[2] = (u32)-CMS_RC_INVALID;
    }
    program_check_halt();
}

void svc_reset(void)
{
    for (int i = 0; i < CMS_MAX_OPEN; i++)
        if (handles[i].open) {
            if (handles[i].f.writing)
                fs_abort(&handles[i].f);
            else
                fs_close(&handles[i].f);
            handles[i].open = false;
        }
    program_set_exit(0, 0);
}
