/* cmslib.h: what a CMS program calls (programs/cmslib/). The interface
 * underneath is cmsapi.h; these are its SVCs as C functions. printf()
 * and con_write() write console lines through CMS. Negative results are
 * -rc, rc one of CMS_RC_*. */
#ifndef CREASY_CMSLIB_H
#define CREASY_CMSLIB_H

#include "cmsapi.h"
#include "creasy.h"

void cms_exit(int rc) __attribute__((noreturn));
int cms_wrterm(const char *text, u32 len);
int cms_rdterm(char *buf, u32 size);              /* the line's length; buf is NUL-terminated */
int cms_open(const char *fileid, int mode, u8 recfm, u32 lrecl);   /* a handle */
int cms_read(int h, void *buf, u32 size);        /* the record's length, -CMS_RC_EOF at the end */
int cms_write(int h, const void *rec, u32 len);
int cms_close(int h);
/* A program-check exit: handler(pie) runs on a program check, and the
 * program goes on from the PIE (possibly changed) when it returns. */
int cms_spie(void (*handler)(struct cms_pie *), struct cms_pie *pie);
void cms_resume(struct cms_pie *pie) __attribute__((noreturn));

/* small helpers for programs */
int atoi(const char *s);
/* The file id "FN FT FM" from `n` (2 or 3) words, such as argv + 1. */
char *cms_fileid(char *buf, u32 size, char **words, int n);
const char *cms_rc_text(int rc);   /* "FILE NOT FOUND" for CMS_RC_NOTFOUND... */

#endif
