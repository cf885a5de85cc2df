/* randgen.h: what the parts of the random-image generator share
 * (randgen.c describes the image and the rules it keeps).
 *
 *   randgen.c         the command line, the harness code, the blocks and
 *                     the output files
 *   randgen_emit.c    random numbers, labels and patches, instruction
 *                     encoders, register and operand choices
 *   randgen_items.c   a block's random items (instructions and short
 *                     sequences), EXECUTE targets among them
 *
 * The generator is one program with one image: its state is global, as
 * it was when it was one file. The order in which the parts draw random
 * numbers is the image: a change to it changes every image of every
 * seed, so keep the draws where they are.
 */
#ifndef CREASY_RANDGEN_H
#define CREASY_RANDGEN_H

#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;

#define LOAD 0x10000u
#define IMG_MAX (8u << 20)
#define BLOCKS_AT 0x13000u

/* harness area offsets from RS */
#define H_SAVE 0
#define H_CURDESC 64
#define H_CCPM 68
#define H_PGM 72
#define H_PGMOFF 76
#define H_ABORT 80   /* abort PSW, copied to 0x300 */
#define H_PGMNEW 88  /* handler PSW, copied to 0x308 */
#define H_DONE 96
#define H_MASK31 104
#define H_C6 108
#define H_ONE 112
#define H_MAXNEG 116
#define SCR 128
#define SCRLEN 256
#define GUARD (SCR + SCRLEN)
#define DATA_LEN (GUARD + 256)

/* descriptor offsets */
#define D_START 0
#define D_RESULT 4
#define D_NEXT 8
#define D_CCPM 12
#define D_REGS 16
#define D_SCR 80
#define D_LEN (D_SCR + SCRLEN)

/* ---- the image (randgen_emit.c) ---- */
extern u8 img[IMG_MAX];
extern u32 pc;        /* offset of the next byte from LOAD */
extern u32 img_end;   /* highest offset used */
u32 addr(void);       /* LOAD + pc */
void put16(u32 off, u32 v);
void put32(u32 off, u32 v);
void emit(const u8 *b, int len);
void die(const char *m) __attribute__((noreturn));

/* ---- random numbers: splitmix64, reproducible across hosts ---- */
extern u64 rs_state;
u32 rnd32(void);
u32 rn(u32 n);            /* 0..n-1 */
int chance(int pct);

/* ---- labels and patches ---- */
enum { P_REL16, P_REL32, P_ABS32 };
struct patch {
    u32 pos;      /* offset of the instruction (or word for P_ABS32) */
    int kind, lab;
    s32 addend;
};
extern u32 lab_addr[];
extern int lab_set[];
extern struct patch patches[];
extern int npatch;
int newlab(void);
void deflab(int l);       /* the label is here */
void patch(u32 pos, int kind, int lab, s32 addend);

/* ---- instruction encoders (return the instruction's offset) ---- */
u32 e_rr(int op, int r1, int r2);
u32 e_rx(int op, int r1, int x2, int b2, int d2);
#define e_rs(op, r1, r3, b2, d2) e_rx(op, r1, r3, b2, d2)
u32 e_si(int op, int i2, int b1, int d1);
u32 e_ri(int op, int op2, int r1, int i2);
u32 e_ril(int op, int op2, int r1, u32 i2);
u32 e_rre(int op16, int r1, int r2);
u32 e_rxe(int op, int op2, int r1, int x2, int b2, int d2);
#define e_rse(op, op2, r1, r3, b2, d2) e_rxe(op, op2, r1, r3, b2, d2)
u32 e_ss(int op, int l, int b1, int d1, int b2, int d2);
/* relative forms against a label */
void e_brc(int m, int lab);
void e_brcl(int m, int lab);
void e_larl(int r, int lab, s32 addend);

/* ---- the image's fixed registers, and choices of operands ---- */
extern int RS;              /* harness/scratch base: never written by random code */
extern int T, U, V, W, X;   /* harness temporaries (random code may use them) */
extern u32 DATA;            /* address RS holds */
int reg_w(void);            /* a register random code may write */
int reg_wnz(void);          /* ... and usable as a base or index */
int reg_any(void);
int pair_ok(int r);
int reg_pair(void);         /* an even/odd pair it may write; sometimes an odd one */
int scr(int size, int align);   /* a displacement from RS of `size` bytes in the scratch area */
u32 special32(void);        /* interesting values */
int imm16(void);

/* ---- cases left out (-x NAME): each one is named in the runner's summary ---- */
enum { EX_MVCLE_AMOUNT, EX_MVCLE_OVERLAP, EX_MVCLE, EX_COUNT };
extern int excl[EX_COUNT];
extern u32 excluded_count[EX_COUNT];

/* ---- one block's items (randgen_items.c) ---- */
#define MAX_ITEMS 64
extern int nitems, cur_item;
extern int item_lab[MAX_ITEMS];
/* EXECUTE targets wait here until the epilogue has been emitted */
struct pooled {
    int lab;
    u8 b[6];
    int len;
    int rel_kind, rel_lab;   /* -1 or a relative operand to patch */
};
extern struct pooled pool[MAX_ITEMS];
extern int npool;
extern u32 nrandom;   /* instructions emitted by items, for the summary */
void item(void);      /* the next random item */

#endif
