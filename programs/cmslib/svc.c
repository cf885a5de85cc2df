/* svc.c: the CMS program interface as C functions: each loads R2-R4 and
 * issues the SVC (cmsapi.h). */
#include "cmslib.h"

static inline int svc3(int code, u32 a, u32 b, u32 c)
{
    register u32 r2 __asm__("2") = a;
    register u32 r3 __asm__("3") = b;
    register u32 r4 __asm__("4") = c;
    __asm__ volatile("svc %[n]" : "+d"(r2) : [n] "i"(code), "d"(r3), "d"(r4) : "memory", "cc");
    return (int)r2;
}

void cms_exit(int rc)
{
    svc3(CMS_SVC_EXIT, (u32)rc, 0, 0);
    __builtin_unreachable();
}

int cms_wrterm(const char *text, u32 len) { return svc3(CMS_SVC_WRTERM, (u32)text, len, 0); }

int cms_rdterm(char *buf, u32 size)
{
    if (size == 0)
        return -CMS_RC_INVALID;
    int n = svc3(CMS_SVC_RDTERM, (u32)buf, size, 0);
    if (n >= 0)
        buf[(u32)n < size ? (u32)n : size - 1] = 0;
    return n;
}

int cms_open(const char *fileid, int mode, u8 recfm, u32 lrecl)
{
    return svc3(CMS_SVC_OPEN, (u32)fileid, (u32)mode, (u32)recfm << 24 | (lrecl & 0xFFFFFF));
}

int cms_read(int h, void *buf, u32 size) { return svc3(CMS_SVC_READ, (u32)h, (u32)buf, size); }
int cms_write(int h, const void *rec, u32 len) { return svc3(CMS_SVC_WRITE, (u32)h, (u32)rec, len); }
int cms_close(int h) { return svc3(CMS_SVC_CLOSE, (u32)h, 0, 0); }

/* CMS enters a SPIE exit with R1 = the PIE and the interrupted program's
 * registers; the trampoline makes that a C call, handler(pie), and
 * resumes the program from the PIE when the handler returns. */
void (*cms_spie_handler)(struct cms_pie *);
void cms_spie_trampoline(void);
__asm__(".text\n"
        "       .align  4\n"
        "cms_spie_trampoline:\n"
        "       lr      %r12,%r1\n"
        "       lr      %r2,%r1\n"
        "       ahi     %r15,-96\n"
        "       larl    %r1,cms_spie_handler\n"
        "       l       %r1,0(%r1)\n"
        "       basr    %r14,%r1\n"
        "       lr      %r2,%r12\n"
        "       svc     9\n");   /* CMS_SVC_RESUME */
_Static_assert(CMS_SVC_RESUME == 9, "the trampoline's SVC");

int cms_spie(void (*handler)(struct cms_pie *), struct cms_pie *pie)
{
    cms_spie_handler = handler;
    return svc3(CMS_SVC_SPIE, handler ? (u32)cms_spie_trampoline : 0, (u32)pie, 0);
}

void cms_resume(struct cms_pie *pie)
{
    svc3(CMS_SVC_RESUME, (u32)pie, 0, 0);
    __builtin_unreachable();
}

/* printf's line writer (programs/lib/printf.c) */
int con_write(const char *s, size_t n) { return cms_wrterm(s, n); }
int con_puts(const char *s) { return cms_wrterm(s, strlen(s)); }
