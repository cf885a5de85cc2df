/* vdisk.h: a guest channel program for a minidisk or a dedicated device,
 * as CP translates it (vdisk_xlate.c) and runs it on the real device
 * (vdisk.c). */
#ifndef CREASY_CP_VDISK_H
#define CREASY_CP_VDISK_H

#include "cp.h"

#define XLATE_CCWS 64          /* real CCWs in one part of a program */
#define XLATE_MAX_GUEST 60     /* guest CCWs CP copies; the one beyond gets a program check */
#define XLATE_BUFS 4           /* define extents and device characteristics in one part */
#define XLATE_BUF_LEN 64       /* a CP copy: more than any of them moves */
#define XLATE_PIECES 32        /* data-chained pieces of one gathered command: a byte each, at most */
#define BAD_DATA 0x7FFFFFF0u   /* outside real storage: the channel's program check */

/* A command whose data CP moves itself (rule 4 of vdisk_xlate.c): the
 * guest's data chain, gathered into one CP buffer. */
struct gathered {
    u8 cmd;
    u8 buf[XLATE_BUF_LEN];
    struct {
        u32 addr;                 /* a guest data area */
        u16 n;                    /* the bytes of the buffer it holds */
        bool skip;                /* SKIP: a read stores nothing there */
    } piece[XLATE_PIECES];
    int npieces;
    int slot;                     /* its real CCW */
};

struct xlate {
    bool used;
    struct vm *vm;
    struct vdev *d;
    bool diag;                        /* DIAG X'18': synchronous, no interruption */
    u8 diag_rx;                       /* its Rx: the status goes there */
    void (*hook)(struct vm *, bool);  /* CP's own use (IPL): told instead of an interruption */
    u8 key;                           /* the CAW key */
    /* one part of the program, as translated: */
    int n;                            /* real CCWs */
    int guest_ccws;                   /* guest CCWs copied, in all parts */
    struct ccw real[XLATE_CCWS];
    u32 gaddr[XLATE_CCWS];            /* the guest CCW each came from */
    u16 resid_add[XLATE_CCWS];        /* what the guest's residual count has more than the real one */
    struct gathered buf[XLATE_BUFS];
    int nbufs;
    int answer;                       /* the gathered read (device characteristics, sense) CP answers, or -1 */
    bool extent_refused;              /* a define extent beyond the minidisk was made one the device refuses */
    u32 refused_block;                /* ... whose origin + last block the sense reports */
    u32 reads[8][2];                  /* guest areas the program reads into, so far */
    int nreads;
    u32 wrote[8][2];                  /* guest areas any part reads into (bt mode must know: bt_written) */
    int nwrote;                       /* ... how many, or -1: more than that */
    u32 cont;                         /* translation stopped before this CCW: go on there (or 0) */
    u8 extent[16];                    /* the define extent in force for the next part */
    bool has_extent;
    struct rreq req, sense_req;
    struct ccw sense_ccw;
    u8 sense[24];
};

/* vdisk_xlate.c */
int xlate_program(struct xlate *x, u32 addr, struct vstatus *st);   /* 0, or -1: SIO's cc 1, st filled */
int xlate_next_part(struct xlate *x, struct vstatus *st);           /* the same, for the part after x->cont */
u32 xlate_guest_ccw(const struct xlate *x, u32 real);               /* a real CSW's CCW address, the guest's */
u16 xlate_guest_residual(const struct xlate *x, u32 real, u16 residual);   /* ... and its residual count */
void xlate_give_back(struct xlate *x, const struct rreq *r);        /* a gathered read's answer, to the guest */

#endif
