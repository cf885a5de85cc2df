/* exec_branch.c: branches, EXECUTE and SUPERVISOR CALL.
 *
 * Branch addresses are computed before any register changes (R1 may be
 * the base). A successful branch to an odd address completes; the
 * specification exception comes when the target is fetched. In 31-bit
 * mode every link is the amode bit plus the next instruction's address.
 */
#include "exec.h"

static inline bool cond(const struct cpu *c, u8 mask) { return mask & (8 >> c->cc); }

/* 05 BALR - Branch and Link Register [RR] */
DEF_INSN(balr)
{
    u32 target = GR(in->r2);
    GR(in->r1) = link_address(c, in);
    if (in->r2)
        BRANCH_TO(target & ADDR_MASK);
    DONE();
}
END_INSN

/* 06 BCTR - Branch on Count Register [RR] */
DEF_INSN(bctr)
{
    u32 target = GR(in->r2);
    if (--GR(in->r1) && in->r2)
        BRANCH_TO(target & ADDR_MASK);
    DONE();
}
END_INSN

/* 07 BCR - Branch on Condition Register [RR] */
DEF_INSN(bcr)
{
    if (in->r2 && cond(c, in->r1))
        BRANCH_TO(GR(in->r2) & ADDR_MASK);
    DONE();
}
END_INSN

/* 0D BASR - Branch and Save Register [RR] */
DEF_INSN(basr)
{
    u32 target = GR(in->r2);
    GR(in->r1) = link_address(c, in);
    if (in->r2)
        BRANCH_TO(target & ADDR_MASK);
    DONE();
}
END_INSN

/* 45 BAL - Branch and Link [RX] */
DEF_INSN(bal)
{
    u32 target = EA_RX(c, in);
    GR(in->r1) = link_address(c, in);
    BRANCH_TO(target);
}
END_INSN

/* 46 BCT - Branch on Count [RX] */
DEF_INSN(bct)
{
    u32 target = EA_RX(c, in);
    if (--GR(in->r1))
        BRANCH_TO(target);
    DONE();
}
END_INSN

/* 47 BC - Branch on Condition [RX] */
DEF_INSN(bc)
{
    if (cond(c, in->r1))
        BRANCH_TO(EA_RX(c, in));
    DONE();
}
END_INSN

/* 4D BAS - Branch and Save [RX] */
DEF_INSN(bas)
{
    u32 target = EA_RX(c, in);
    GR(in->r1) = link_address(c, in);
    BRANCH_TO(target);
}
END_INSN

/* BXH/BXLE and their relative forms: R3 is the increment, R3|1 the
 * comparand, both read before R1 is updated. */
static inline bool index_high(struct cpu *c, const struct insn *in)
{
    s32 incr = (s32)GR(in->r3), comp = (s32)GR(in->r3 | 1);
    GR(in->r1) += (u32)incr;
    return (s32)GR(in->r1) > comp;
}

/* 84 BRXH - Branch Relative on Index High [RSI] */
DEF_INSN(brxh)
{
    if (index_high(c, in))
        BRANCH_RELATIVE((s16)in->i2);
    DONE();
}
END_INSN

/* 85 BRXLE - Branch Relative on Index Low or Equal [RSI] */
DEF_INSN(brxle)
{
    if (index_high(c, in))
        DONE();
    BRANCH_RELATIVE((s16)in->i2);
}
END_INSN

/* 86 BXH - Branch on Index High [RS] */
DEF_INSN(bxh)
{
    u32 target = EA_RS(c, in);
    if (index_high(c, in))
        BRANCH_TO(target);
    DONE();
}
END_INSN

/* 87 BXLE - Branch on Index Low or Equal [RS] */
DEF_INSN(bxle)
{
    u32 target = EA_RS(c, in);
    if (index_high(c, in))
        DONE();
    BRANCH_TO(target);
}
END_INSN

/* A74 BRC - Branch Relative on Condition [RI] */
DEF_INSN(brc)
{
    if (cond(c, in->r1))
        BRANCH_RELATIVE((s16)in->i2);
    DONE();
}
END_INSN

/* A75 BRAS - Branch Relative and Save [RI] */
DEF_INSN(bras)
{
    GR(in->r1) = link_address(c, in);
    BRANCH_RELATIVE((s16)in->i2);
}
END_INSN

/* A76 BRCT - Branch Relative on Count [RI] */
DEF_INSN(brct)
{
    if (--GR(in->r1))
        BRANCH_RELATIVE((s16)in->i2);
    DONE();
}
END_INSN

/* C04 BRCL - Branch Relative on Condition Long [RIL] */
DEF_INSN(brcl)
{
    if (cond(c, in->r1))
        BRANCH_RELATIVE((s32)in->i2);
    DONE();
}
END_INSN

/* C05 BRASL - Branch Relative and Save Long [RIL] */
DEF_INSN(brasl)
{
    GR(in->r1) = link_address(c, in);
    BRANCH_RELATIVE((s32)in->i2);
}
END_INSN

/* 0A SVC - Supervisor Call [I] */
DEF_INSN(svc)
{
    EXIT(cpu_svc(c, in, (u8)in->i2));
}
END_INSN

/* 44 EX - Execute [RX]
 * The target is fetched as an instruction, its second byte ORed with
 * R1 bits 24-31 (unless R1 is 0), and run once from the CPU's EXECUTE
 * slot: relative operands count from the target's address, links and
 * exceptions belong to EXECUTE (ILC 2, old PSW after it). EXECUTE and
 * its target count as one instruction, in the budget and in time: a
 * target that reads the clocks (EXACT_TIME) sees the count at the
 * EXECUTE, not the end of the run its budget of one would imply. */
DEF_INSN(ex)
{
    u32 ta = EA_RX(c, in);
    if (ta & 1)
        PGM(PGM_SPECIFICATION);
    u16 head;
    FETCH(16, ta, head);
    u8 b[6] = {(u8)(head >> 8), (u8)head};
    int len = isa_length(b[0]);
    if (len == 4) {
        u16 tail;
        FETCH(16, (ta + 2) & ADDR_MASK, tail);
        put16(b + 2, tail);
    } else if (len == 6) {
        u32 tail;
        FETCH(32, (ta + 2) & ADDR_MASK, tail);
        put32(b + 2, tail);
    }
    if (b[0] == 0x44)
        PGM(PGM_EXECUTE);
    if (in->r1)
        b[1] |= (u8)GR(in->r1);
    int id = isa_lookup_in(c->m->isa, b);   /* the machine's variant */
    if (id < 0)
        PGM(PGM_OPERATION);
    struct insn *t = c->ex_slot;
    isa_decode(t, b, id);
    t->off = ta - c->page_va;   /* so cpu_insn_ia() gives the target address */
    c->ex_in = in;
    u64 run_base = c->run_base;
    long run_n = c->run_n;
    c->run_base += (u64)(run_n - budget);   /* the count at this EXECUTE, */
    c->run_n = 1;                           /* which the target's budget of 1 gives */
    const struct insn *next = t->fn(c, t, 1);   /* exactly one instruction */
    c->run_base = run_base;
    c->run_n = run_n;
    if (cpu_in_ex_slot(c, next))
        DONE();                 /* the target did not branch */
    GOTO(next);
}
END_INSN
