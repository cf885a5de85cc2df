/* vmtable.h: CP's published VM table, shared by CP (which keeps it up to
 * date in its storage) and the host's operator console (which reads it
 * there to list VMs, tag each user's console output, show a user's
 * virtual PSW beside the real one, and stop when a given user runs).
 *
 * The console finds the table through the anchor at real address
 * VMT_ANCHOR: the magic word, then the table's real address. CP writes the
 * anchor last at IPL, so a table the console finds is complete. Every
 * field is a 32-bit big-endian word (the machine's order; the host reads
 * them with be32), so the layout is the same for the guest compiler and
 * the host's: the offsets are the declared order, 4 bytes each.
 *
 * CP updates a VM's entry whenever it leaves that VM (a trap, an
 * interruption, the end of its time slice), so while the VM is not running
 * the entry holds its exact state; while it runs, the real registers and
 * PSW are its state, and `current` says which VM that is.
 *
 * The terminal list (version 3) says which VM each of CP's real terminals
 * is connected to, and at which of its virtual addresses: its console, or
 * a 3215 beside it (the directory's `terminals`). That is how the console
 * follows a line across levels: a CP running under CP publishes its own
 * table in its own storage (its real addresses are its VM's guest real
 * ones, so the console adds the VM's origin, level by level), and a line
 * on real terminal 030, which CPL1 has as its 020, which CPL1's CP gives
 * to ALICE, is ALICE's.
 *
 * Version 3 kept every offset of version 2 and added fields at the end of
 * the header and of the entry; the entries follow the header
 * (header_size), the terminal list is where `terms` says. Version 4 added
 * the translation cache's counters and where its blocks are (bt mode).
 */
#ifndef CREASY_CP_VMTABLE_H
#define CREASY_CP_VMTABLE_H

#include <stdint.h>

#include "arch.h"   /* spec.yaml's: SIE_EXIT_COUNT */

#define VMT_ANCHOR 0x400             /* real address: magic, then the table's address */
#define VMT_MAGIC 0xE5D4E3C2u        /* "VMTB" in EBCDIC */
#define VMT_VERSION 4
#define VMT_NONE 0xFFFFFFFFu         /* current: CP itself is running */
#define VMT_SIE_CODES SIE_EXIT_COUNT /* interception codes 00-28 and host faults, by code / 4 */
#define VMT_MODE_TRAP 0              /* the VM runs in problem state; CP simulates what traps */
#define VMT_MODE_SIE 1               /* the VM runs under SIE; CP handles what is intercepted */
#define VMT_MODE_BT 2                /* trap and emulate, its supervisor code from a translation cache */
#define VMT_NO_TERM 0xFFFFFFFFu      /* a terminal entry's rdev: a free entry; its vm: connected to nobody */
#define VMT_T_OPERATOR 0x01u         /* a terminal's flags: CP's operator console */
#define VMT_T_DEVICE 0x02u           /* ... a 3215 beside the VM's console (its lines are the guest's, never CP's) */

/* VM states */
enum vmt_state {
    VMT_FREE = 0,                    /* an unused entry */
    VMT_RUNNING = 1,                 /* on the real CPU now */
    VMT_READY = 2,                   /* runnable, waiting for its turn */
    VMT_WAIT = 3,                    /* in an enabled wait (its virtual PSW's wait bit) */
    VMT_IOWAIT = 4,                  /* waiting for CP to finish I/O for it (DIAG, IPL) */
    VMT_STOPPED = 5,                 /* in a disabled wait, or stopped by TRACE or the operator */
};

struct vmt_header {
    uint32_t magic;                  /* +0  VMT_MAGIC */
    uint32_t version;                /* +4  VMT_VERSION */
    uint32_t nvms;                   /* +8  entries that follow */
    uint32_t entry_size;             /* +12 bytes per entry */
    uint32_t current;                /* +16 the running VM's index, or VMT_NONE */
    uint32_t dispatch_psw;           /* +20 address of the LPSW with which CP enters a VM */
    uint32_t unused;                 /* +24 nothing (the layout stays: the console reads these offsets) */
    uint32_t dispatch_sie;           /* +28 address of the SIE with which CP enters a VM in sie mode */
    uint32_t header_size;            /* +32 bytes of this header: the entries follow it (version 3) */
    uint32_t nterms;                 /* +36 entries of the terminal list */
    uint32_t terms;                  /* +40 real address of the terminal list */
    uint32_t term_size;              /* +44 bytes per terminal entry */
};

/* one of CP's real terminals */
struct vmt_term {
    uint32_t rdev;                   /* +0 its real address, or VMT_NO_TERM: a free entry */
    uint32_t vm;                     /* +4 the VM it is connected to (its index), or VMT_NO_TERM: nobody */
    uint32_t vaddr;                  /* +8 the VM's virtual address for it: its console, or a 3215 beside it */
    uint32_t flags;                  /* +12 VMT_T_* */
};

struct vmt_entry {
    uint8_t userid[8];               /* +0  EBCDIC, blank padded */
    uint32_t state;                  /* +8  enum vmt_state */
    uint32_t vpsw[2];                /* +12 the virtual PSW */
    uint32_t gr[16];                 /* +20 its registers, when not running */
    uint32_t cr[16];                 /* +84 its virtual control registers */
    uint32_t origin;                 /* +148 real address of its virtual storage (guest real 0) */
    uint32_t size;                   /* +152 bytes of virtual storage */
    uint32_t terminal;               /* +156 its real console, or 0xFFFF: disconnected */
    uint32_t waitcode;               /* +160 its disabled-wait address, when STOPPED */
    uint32_t traps;                  /* +164 privileged instructions CP simulated for it */
    uint32_t svcs;                   /* +168 SVC interruptions reflected to it */
    uint32_t pgms;                   /* +172 program interruptions reflected to it */
    uint32_t ios;                    /* +176 virtual I/O operations (SIO, DIAG X'18') */
    uint32_t exts;                   /* +180 external interruptions reflected to it */
    uint32_t dispatches;             /* +184 times CP dispatched it */
    uint32_t cputime_hi, cputime_lo; /* +188 CPU time it used, TOD units */
    uint32_t share;                  /* +196 its CPU share */
    uint32_t flags;                  /* +200 VMT_F_* */
    uint32_t mode;                   /* +204 VMT_MODE_* */
    uint32_t sd;                     /* +208 real address of its state description (sie mode) */
    uint32_t sie_exits[VMT_SIE_CODES];   /* +212 interpretation ends, by interception code / 4 */
    /* its own SIE, which CP interprets (virtual SIE, cp/vsie.c): version 3 */
    uint32_t vsie_sd;                /* +260 the guest state description of its last SIE (its real address) */
    uint32_t vsie_entries;           /* +264 SIEs CP interpreted for it */
    uint32_t vsie_created;           /* +268 shadow state descriptions built */
    uint32_t vsie_reused;            /* +272 ... reused */
    uint32_t vsie_exits[VMT_SIE_CODES];  /* +276 its guest's interpretation ends, by code / 4 */
    uint32_t vsie_active;            /* +324 1: its SIE is under way */
    /* bt mode: its translation cache (cp/bt.c): version 4 */
    uint32_t bt_translations;        /* +328 blocks translated */
    uint32_t bt_hits;                /* +332 dispatches that found their block in the cache */
    uint32_t bt_exits;               /* +336 exit stubs taken into CP */
    uint32_t bt_chains;              /* +340 ... of them patched into direct branches */
    uint32_t bt_emulations;          /* +344 instructions CP emulated for a block */
    uint32_t bt_invalidations;       /* +348 times the cache was emptied */
    uint32_t bt_tc;                  /* +352 real address of the translated code (0: no cache) */
    uint32_t bt_blocks;              /* +356 real address of the block array (struct bt_block, cp/bt.h) */
    uint32_t bt_nblocks;             /* +360 blocks in it */
    uint32_t bt_block_size;          /* +364 bytes per block */
};

#define VMT_ENTRY_SIZE 368

#define BT_TC_VA 0x7F000000u         /* where a bt-mode VM's translation cache is in its address space */

/* A block of the translation cache, as the console reads it (struct
 * bt_block, cp/bt.h; bt.c checks these offsets): guest address, TC offset,
 * guest length (halfword), stubs after it (halfword), DAT (byte). */
#define VMT_BT_BLOCK_G 0
#define VMT_BT_BLOCK_TC 4
#define VMT_BT_BLOCK_GLEN 8
#define VMT_BT_BLOCK_NSTUBS 14
#define VMT_BT_BLOCK_DAT 32
#define VMT_HEADER_SIZE 48
#define VMT_TERM_SIZE 16
#define VMT_F_TRACE_PRIV 0x01u       /* CP TRACE: stop on privileged instructions */
#define VMT_F_TRACE_SVC 0x02u
#define VMT_F_TRACE_IO 0x04u

#endif
