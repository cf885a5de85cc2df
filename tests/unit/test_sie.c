/* test_sie.c: interpretive execution (machine/cpu/sie.c).
 *
 * The host: at T_CODE, SIE 0(R1) with R1 = SD, then LPSW of a disabled
 * wait at HOST_DONE, so a completed SIE ends the run there. The guest: a
 * state description at SD for guest storage at MSO (V=R unless a test
 * says otherwise), its own new PSWs disabled waits at GUEST_WAIT | the
 * new PSW's offset, so a guest interruption ends in a wait, which is
 * intercepted (code 1C) with the guest PSW showing which it was.
 */
#include <criterion/criterion.h>

#include "harness.h"

#define SD 0x4000u
#define MSO 0x80000u
#define MSE 0x40000u
#define HOST_DONE 0xD0E0u
#define GUEST_CODE 0x1000u
#define GUEST_WAIT 0xBE000u
#define SUPER 0x00080000u

static void put64be(struct machine *m, u32 a, u64 v) { put64(m->mem + a, v); }
static u64 get64be(struct machine *m, u32 a) { return be64(m->mem + a); }
static u32 sd32(struct machine *m, u32 off) { return be32(m->mem + SD + off); }
static u8 icode(struct machine *m) { return m->mem[SD + SD_ICODE]; }
static u32 guest_ia(struct machine *m) { return (u32)get64be(m, SD + SD_PSW) & ADDR_MASK; }

static const u16 guest_new[] = {LC_EXT_NEW_PSW, LC_SVC_NEW_PSW, LC_PGM_NEW_PSW, LC_MCK_NEW_PSW, LC_IO_NEW_PSW};

/* A host ready to run SIE on a V=R guest at MSO whose code is `hex`. */
static struct machine *host(const char *hex)
{
    struct machine *m = t_new();
    m->cpu.gr[1] = SD;
    t_put(m, T_CODE, "B2141000 82000800");          /* SIE 0(1); LPSW done */
    put64be(m, 0x800, 0x000A000080000000ull | HOST_DONE);
    m->mem[SD + SD_M] = 0x20 | 0x08;                /* ESA/390, V=R */
    t_put32(m, SD + SD_MSO, MSO);
    t_put32(m, SD + SD_MSE, MSE);
    put64be(m, SD + SD_PSW, 0x0008000080000000ull | GUEST_CODE);
    t_put32(m, SD + SD_CR + 0, 0x00B00000);         /* guest CR0: DAT format */
    for (size_t i = 0; i < sizeof guest_new / sizeof guest_new[0]; i++)
        put64be(m, MSO + guest_new[i], 0x000A000080000000ull | GUEST_WAIT | guest_new[i]);
    if (hex)
        t_put(m, MSO + GUEST_CODE, hex);
    return m;
}

/* Run the host until it stops (the SIE completed and LPSW'd to HOST_DONE,
 * or a host interruption's wait). */
static enum stop run(struct machine *m) { return t_run(m, 100000); }

static bool host_done(struct machine *m) { return (m->cpu.psw_sys & PSW0_WAIT) && m->cpu.ia == HOST_DONE; }

Test(sie, validity_guest_mode)
{
    struct machine *m = host("0000");
    m->mem[SD + SD_M] = 0x08;
    run(m);
    cr_assert(host_done(m));
    cr_assert_eq(icode(m), SIE_ICODE_VALIDITY);
    cr_assert_eq(sd32(m, SD_IPB) >> 16, SIE_VALIDITY_GUEST_MODE);
    t_free(m);
}

Test(sie, validity_extent_prefix_overlap_storage)
{
    static const struct { u32 off, v, reason; } cases[] = {
        {SD_MSE, 0x1234, SIE_VALIDITY_EXTENT},   {SD_MSE, 0, SIE_VALIDITY_EXTENT},
        {SD_PREFIX, 0x2000, SIE_VALIDITY_PREFIX}, {SD_MSO, 0x2000, SIE_VALIDITY_SD_OVERLAP},
        {SD_MSO, 0xF0000, SIE_VALIDITY_HOST_STORAGE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct machine *m = host("0000");
        t_put32(m, SD + cases[i].off, cases[i].v);
        run(m);
        cr_assert(host_done(m), "case %zu", i);
        cr_assert_eq(icode(m), SIE_ICODE_VALIDITY, "case %zu", i);
        cr_assert_eq(sd32(m, SD_IPB) >> 16, cases[i].reason, "case %zu", i);
        t_free(m);
    }
}

Test(sie, sd_alignment_and_privilege)
{
    struct machine *m = host(NULL);
    m->cpu.gr[1] = SD + 8;
    cr_assert_eq(t_exec_at(m, T_CODE), PGM_SPECIFICATION);
    t_free(m);
}

/* The guest runs its own code in its own storage: a store at guest real
 * 0x200 lands at MSO + 0x200; a disabled wait ends interpretation. */
Test(sie, guest_runs_relocated_and_wait_intercepts)
{
    /* LHI 3,7; ST 3,X'200'; LPSW X'300' (a disabled wait at 0xABC) */
    struct machine *m = host("A7380007 50300200 82000300");
    put64be(m, MSO + 0x300, 0x000A000080000ABCull);
    m->cpu.gr[14] = 0x1414;
    t_put32(m, SD + SD_GR15, 0x1515);
    run(m);
    cr_assert(host_done(m));
    cr_assert_eq(icode(m), SIE_ICODE_WAIT);
    cr_assert_eq(t_get32(m, MSO + 0x200), 7);
    cr_assert_eq(t_get32(m, 0x200), 0, "the host's own storage is untouched");
    cr_assert_eq(get64be(m, SD + SD_PSW), 0x000A000080000ABCull);
    cr_assert_eq(m->cpu.gr[3], 7, "GR0-13 are the guest's after SIE");
    cr_assert_eq(m->cpu.gr[14], 0x1414, "the host's GR14 is back");
    cr_assert_eq(sd32(m, SD_GR15), 0x1515, "the guest's GR15 stays in the SD");
    cr_assert(m->count.insn_guest >= 3);
    cr_assert_eq(m->count.sie_exit[SIE_ICODE_WAIT / 4], 1);
    t_free(m);
}

Test(sie, beyond_extent_is_the_guests_addressing_exception)
{
    /* L 3,0(4) with R4 = MSE: beyond the guest's storage */
    struct machine *m = host("58304000");
    m->cpu.gr[4] = MSE;
    run(m);
    cr_assert_eq(icode(m), SIE_ICODE_WAIT);
    cr_assert_eq(guest_ia(m), GUEST_WAIT | LC_PGM_NEW_PSW, "delivered to the guest's program new PSW");
    cr_assert_eq(be16(m->mem + MSO + LC_PGM_CODE), PGM_ADDRESSING);
    cr_assert_eq(be16(m->mem + LC_PGM_CODE), 0, "not the host's");
    cr_assert_eq(be32(m->mem + MSO + LC_PGM_OLD_PSW + 4) & ADDR_MASK, GUEST_CODE + 4);
    t_free(m);
}

Test(sie, io_diag_sie_are_intercepted_with_the_instruction)
{
    static const char *const code[] = {"9C000123", "83120008", "B2140000"};
    for (int i = 0; i < 3; i++) {
        struct machine *m = host(code[i]);
        run(m);
        cr_assert(host_done(m));
        cr_assert_eq(icode(m), SIE_ICODE_INSTRUCTION, "%s", code[i]);
        u32 bytes = (u32)be16(m->mem + SD + SD_IPA) << 16 | sd32(m, SD_IPB) >> 16;
        cr_assert_eq(bytes, (u32)strtoul(code[i], NULL, 16));
        cr_assert_eq(m->mem[SD + SD_ISTAT], 0x80);
        cr_assert_eq(guest_ia(m), GUEST_CODE, "the guest PSW points at it");
        t_free(m);
    }
}

Test(sie, ssm_interpreted_or_intercepted_by_control)
{
    /* SSM X'400' (mask 03), then a wait */
    for (int ctl = 0; ctl < 2; ctl++) {
        struct machine *m = host("80000400 82000300");
        m->mem[MSO + 0x400] = 0x03;
        put64be(m, MSO + 0x300, 0x000A000080000ABCull);
        if (ctl)
            m->mem[SD + SIE_IC_SSM_OFFSET] |= SIE_IC_SSM_MASK;
        run(m);
        if (ctl) {
            cr_assert_eq(icode(m), SIE_ICODE_INSTRUCTION);
            cr_assert_eq(be16(m->mem + SD + SD_IPA), 0x8000);
            cr_assert_eq(guest_ia(m), GUEST_CODE);
        } else {
            cr_assert_eq(icode(m), SIE_ICODE_WAIT, "interpreted: the guest goes on to its wait");
            cr_assert_eq(m->count.priv[ISA_SSM], 1);
        }
        t_free(m);
    }
}

Test(sie, lctl_intercepted_only_for_selected_crs)
{
    /* LCTL 0,0,X'400'; LCTL 1,1,X'404': LCTLC selects CR1 */
    struct machine *m = host("B7000400 B7110404");
    t_put32(m, MSO + 0x400, 0x00B00040);
    t_put32(m, MSO + 0x404, 0x00012000);
    put16(m->mem + SD + SD_LCTLC, 0x4000);
    run(m);
    cr_assert_eq(icode(m), SIE_ICODE_INSTRUCTION);
    cr_assert_eq(be16(m->mem + SD + SD_IPA), 0xB711);
    cr_assert_eq(guest_ia(m), GUEST_CODE + 4);
    cr_assert_eq(sd32(m, SD_CR + 0), 0x00B00040, "CR0's LCTL was interpreted");
    cr_assert_eq(sd32(m, SD_CR + 4), 0, "CR1's was not");
    t_free(m);
}

Test(sie, svc_to_the_guest_or_intercepted)
{
    for (int ctl = 0; ctl < 3; ctl++) {
        struct machine *m = host("0A2A");
        if (ctl == 1)
            m->mem[SD + SD_SVCC] = 0x80;   /* all */
        if (ctl == 2) {
            m->mem[SD + SD_SVCC] = 0x20;   /* n2 */
            m->mem[SD + SD_SVCC + 2] = 0x2A;
        }
        run(m);
        if (ctl) {
            cr_assert_eq(icode(m), SIE_ICODE_INSTRUCTION);
            cr_assert_eq(be16(m->mem + SD + SD_IPA), 0x0A2A);
        } else {
            cr_assert_eq(icode(m), SIE_ICODE_WAIT);
            cr_assert_eq(guest_ia(m), GUEST_WAIT | LC_SVC_NEW_PSW);
            cr_assert_eq(be16(m->mem + MSO + LC_SVC_CODE), 0x2A);
            cr_assert_eq(be32(m->mem + MSO + LC_SVC_OLD_PSW + 4) & ADDR_MASK, GUEST_CODE + 2);
        }
        t_free(m);
    }
}

Test(sie, program_interception_by_control)
{
    struct machine *m = host("0000");   /* an operation exception */
    m->mem[SD + SIE_IC_OPERATION_OFFSET] |= SIE_IC_OPERATION_MASK;
    run(m);
    cr_assert_eq(icode(m), SIE_ICODE_PROGRAM);
    cr_assert_eq(be16(m->mem + SD + SD_PGM_CODE), PGM_OPERATION);
    cr_assert_eq(m->mem[SD + SD_PGM_ILC], 2);
    cr_assert_eq(be16(m->mem + MSO + LC_PGM_CODE), 0, "not delivered to the guest");
    t_free(m);
}

/* The guest's program new PSW is invalid: its CPU, not the host's, would
 * check-stop; interpretation ends as a program interception instead. */
Test(sie, guest_checkstop_is_a_program_interception)
{
    struct machine *m = host("0000");   /* an operation exception */
    put64be(m, MSO + LC_PGM_NEW_PSW, 0);
    run(m);
    cr_assert(host_done(m), "the host goes on");
    cr_assert_neq(m->cpu.stop, STOP_CHECKSTOP);
    cr_assert_eq(icode(m), SIE_ICODE_PROGRAM);
    cr_assert_eq(be16(m->mem + SD + SD_PGM_CODE), PGM_OPERATION);
    cr_assert_eq(m->mem[SD + SD_PGM_ILC], 2);
    cr_assert_eq(guest_ia(m), GUEST_CODE + 2, "the PSW it had, past the operation");
    cr_assert_eq(be16(m->mem + MSO + LC_PGM_CODE), PGM_OPERATION, "it stored its interruption");
    t_free(m);
}

Test(sie, privileged_in_guest_problem_state_goes_to_the_guest)
{
    struct machine *m = host("80000400");
    put64be(m, SD + SD_PSW, 0x0009000080000000ull | GUEST_CODE);
    run(m);
    cr_assert_eq(icode(m), SIE_ICODE_WAIT);
    cr_assert_eq(be16(m->mem + MSO + LC_PGM_CODE), PGM_PRIVILEGED_OPERATION);
    t_free(m);
}

Test(sie, stidp_says_virtual_and_stck_has_the_epoch)
{
    /* STIDP X'400'; STCK X'408'; LPSW X'300' */
    struct machine *m = host("B2020400 B2050408 82000300");
    put64be(m, MSO + 0x300, 0x000A000080000ABCull);
    put64be(m, SD + SD_EPOCH, 1ull << 52);
    u64 before = clock_tod(m);
    run(m);
    cr_assert_eq(icode(m), SIE_ICODE_WAIT);
    cr_assert_eq(m->mem[MSO + 0x400], 0xFF);
    u64 guest_tod = get64be(m, MSO + 0x408);
    cr_assert(guest_tod >= before + (1ull << 52) && guest_tod < clock_tod(m) + (1ull << 52));
    cr_assert(clock_tod(m) < (1ull << 52) + before, "the host's TOD has no epoch");
    t_free(m);
}

/* The guest's CPU timer runs while it runs and interrupts it through its
 * own low core. */
Test(sie, guest_cpu_timer_interrupts_the_guest)
{
    /* SPT X'400'; STOSM X'408',X'01' (EXT on); J * */
    struct machine *m = host("B2080400 AD010408 A7F40000");
    put64be(m, MSO + 0x400, 4096);   /* 1 us */
    t_put32(m, SD + SD_CR + 0, 0x00B00400);   /* CPU-timer subclass */
    run(m);
    cr_assert_eq(icode(m), SIE_ICODE_WAIT);
    cr_assert_eq(guest_ia(m), GUEST_WAIT | LC_EXT_NEW_PSW);
    cr_assert_eq(be16(m->mem + MSO + LC_EXT_CODE), EXT_CPU_TIMER);
    cr_assert_eq(be16(m->mem + LC_EXT_CODE), 0, "not the host's");
    t_free(m);
}

/* The host's CPU timer runs on under the guest and, the host PSW at SIE
 * being enabled, ends interpretation (code 0): the host takes it with
 * its old PSW at the SIE instruction. */
Test(sie, host_timer_ends_interpretation)
{
    struct machine *m = host("A7F40000");   /* J *: forever */
    m->cpu.cr[0] |= CR0_CPT_MASK;
    t_psw(m, SUPER | PSW0_EXT, T_CODE);
    clock_set_cpu_timer(m, 4096 * 100);   /* 100 us */
    run(m);
    cr_assert(t_took(m, LC_EXT_NEW_PSW));
    cr_assert_eq(icode(m), SIE_ICODE_NONE);
    cr_assert_eq(be16(m->mem + LC_EXT_CODE), EXT_CPU_TIMER);
    cr_assert_eq(t_old_ia(m, LC_EXT_OLD_PSW), T_CODE, "SIE is reissued after the interruption");
    cr_assert_eq(guest_ia(m), GUEST_CODE, "the guest's state is in the SD");
    cr_assert(m->count.insn_guest > 1000);
    t_free(m);
}

Test(sie, host_timer_masked_at_sie_does_not_end_it)
{
    struct machine *m = host("A7F40000");
    m->cpu.cr[0] |= CR0_CPT_MASK;
    clock_set_cpu_timer(m, 4096);
    cr_assert_eq(t_run(m, 50000), STOP_LIMIT);
    cr_assert(m->cpu.sie.active);
    t_free(m);
}

/* A pageable guest: MSO is a host virtual address, mapped by the host's
 * DAT (host segment table at 0x10000, page table at 0x11000). */
static void host_tables(struct machine *m, u32 invalid_page)
{
    t_put32(m, 0x10000, 0x11000 | 0xF);   /* segment 0: 256 pages */
    for (u32 i = 1; i < 16; i++)
        t_put32(m, 0x10000 + 4 * i, STE_INVALID);
    for (u32 p = 0; p < 256; p++)   /* host virtual page p -> frame 0x40 + p */
        t_put32(m, 0x11000 + 4 * p, p == invalid_page ? PTE_INVALID : (0x40 + p) << 12);
    m->cpu.cr[0] = (m->cpu.cr[0] & ~CR0_TRANS_FORMAT) | CR0_TRANS_FORMAT_VALUE;
    m->cpu.cr[1] = 0x10000;
    m->mem[SD + SD_M] = 0x20;   /* not V=R */
    t_put32(m, SD + SD_MSO, 0x20000);   /* host virtual 0x20000: frames 0x60... */
    t_put32(m, SD + SD_MSE, 0x40000);
}

Test(sie, pageable_guest_through_host_dat)
{
    struct machine *m = host(NULL);
    host_tables(m, 0xFFFF);
    u32 frame0 = (0x40 + 0x20) << 12;   /* host real of guest real 0 */
    for (size_t i = 0; i < sizeof guest_new / sizeof guest_new[0]; i++)
        put64be(m, frame0 + guest_new[i], 0x000A000080000000ull | GUEST_WAIT | guest_new[i]);
    t_put(m, frame0 + GUEST_CODE, "A7380009 50305000 82000300");   /* ST 3,0(5): guest real 0x5000 */
    m->cpu.gr[5] = 0x5000;
    put64be(m, frame0 + 0x300, 0x000A000080000ABCull);
    run(m);
    cr_assert_eq(icode(m), SIE_ICODE_WAIT);
    cr_assert_eq(t_get32(m, (0x40 + 0x25) << 12), 9, "guest real 0x5000 = host virtual 0x25000");
    t_free(m);
}

Test(sie, host_page_fault_is_the_hosts_at_its_sie)
{
    struct machine *m = host(NULL);
    host_tables(m, 0x25);   /* host virtual 0x25000 (guest real 0x5000) invalid */
    u32 frame0 = (0x40 + 0x20) << 12;
    t_put(m, frame0 + GUEST_CODE, "A7380009 50305000");
    m->cpu.gr[5] = 0x5000;
    run(m);
    cr_assert(t_took(m, LC_PGM_NEW_PSW), "the host's program interruption");
    cr_assert_eq(be16(m->mem + LC_PGM_CODE), PGM_PAGE_TRANSLATION);
    cr_assert_eq(be32(m->mem + LC_TEA) & 0x7FFFF000u, 0x25000u);
    cr_assert_eq(t_old_ia(m, LC_PGM_OLD_PSW), T_CODE, "at the SIE, to reissue it");
    cr_assert_eq(guest_ia(m), GUEST_CODE + 4, "the guest's store is nullified");
    cr_assert_eq(m->count.sie_exit[SIE_EXIT_HOST_FAULT], 1);
    t_free(m);
}

/* The guest's own DAT, its tables in its own (relocated) storage: the
 * two-dimensional walk. Guest virtual 0x100000 -> guest real 0x6000. */
Test(sie, guest_dat_two_dimensional)
{
    /* STOSM X'400',X'04' (DAT on); L 3,0(4) with R4 = 0x100000; LPSW X'300' */
    struct machine *m = host("AD040400 58304000 82000300");
    put64be(m, MSO + 0x300, 0x000A000080000ABCull);
    m->cpu.gr[4] = 0x100000;
    u32 st = 0x8000, pt = 0x9000;   /* guest real */
    for (u32 i = 0; i < 16; i++)
        t_put32(m, MSO + st + 4 * i, STE_INVALID);
    t_put32(m, MSO + st, 0xA000 | 0xF);           /* segment 0: identity, for the code */
    for (u32 p = 0; p < 64; p++)
        t_put32(m, MSO + 0xA000 + 4 * p, p << 12);
    t_put32(m, MSO + st + 4, pt | 0xF);           /* segment 1 */
    for (u32 p = 0; p < 256; p++)
        t_put32(m, MSO + pt + 4 * p, PTE_INVALID);
    t_put32(m, MSO + pt, 0x6000);
    t_put32(m, MSO + 0x6000, 0xCAFEF00D);
    t_put32(m, SD + SD_CR + 4, st);
    run(m);
    cr_assert_eq(icode(m), SIE_ICODE_WAIT);
    cr_assert_eq(m->cpu.gr[3], 0xCAFEF00D);
    t_free(m);
}

/* Two guests at the same guest addresses in different storage: the TLB
 * keeps them apart (tags), however they alternate. */
Test(sie, tlb_tags_keep_guests_apart)
{
    struct machine *m = host("58300400 82000300");   /* L 3,X'400'; wait */
    put64be(m, MSO + 0x300, 0x000A000080000ABCull);
    t_put32(m, MSO + 0x400, 0xAAAA);
    /* guest B: a copy of the SD at 0x4100, storage at 0xC0000 */
    memcpy(m->mem + SD + 0x100, m->mem + SD, SIE_SD_LENGTH);
    t_put32(m, SD + 0x100 + SD_MSO, 0xC0000);
    memcpy(m->mem + 0xC0000, m->mem + MSO, 0x2000);
    t_put32(m, 0xC0000 + 0x400, 0xBBBB);
    u32 seen[4];
    for (int i = 0; i < 4; i++) {
        m->cpu.gr[1] = SD + (i % 2 ? 0x100 : 0);
        put64be(m, m->cpu.gr[1] + SD_PSW, 0x0008000080000000ull | GUEST_CODE);
        t_psw(m, SUPER, T_CODE);
        run(m);
        seen[i] = m->cpu.gr[3];
    }
    cr_assert_eq(seen[0], 0xAAAA);
    cr_assert_eq(seen[1], 0xBBBB);
    cr_assert_eq(seen[2], 0xAAAA);
    cr_assert_eq(seen[3], 0xBBBB);
    t_free(m);
}

Test(sie, intervention_request_when_the_guest_can_take_it)
{
    /* STOSM X'400',X'01'; J * */
    struct machine *m = host("AD010400 A7F40000");
    m->mem[SD + SD_V] = 0x01;
    run(m);
    cr_assert_eq(icode(m), SIE_ICODE_EXT_REQUEST);
    cr_assert_eq(guest_ia(m), GUEST_CODE + 4, "after it enabled itself");
    t_free(m);
}

Test(sie, guest_keys_are_its_frames_keys)
{
    /* LHI 2,X'30'; SSKE 2,5 (R5 = guest real 0x3000); ISKE 6,5; wait */
    struct machine *m = host("A7280030 B22B0025 B2290065 82000300");
    put64be(m, MSO + 0x300, 0x000A000080000ABCull);
    m->cpu.gr[5] = 0x3000;
    run(m);
    cr_assert_eq(icode(m), SIE_ICODE_WAIT);
    cr_assert_eq(m->keys[(MSO + 0x3000) >> PAGE_SHIFT] & 0xF8, 0x30);
    cr_assert_eq(m->keys[0x3000 >> PAGE_SHIFT] & 0xF0, 0, "the host's frame keeps its key");
    cr_assert_eq(m->cpu.gr[6] & 0xF8, 0x30);
    t_free(m);
}

/* STCK's values are unique on each side's own clock: a guest whose TOD
 * is behind the host's does not read the host's last value plus one. */
Test(sie, guest_stck_after_the_host_reads_its_own_clock)
{
    /* STCK X'400'; LPSW X'300' */
    struct machine *m = host("B2050400 82000300");
    put64be(m, MSO + 0x300, 0x000A000080000ABCull);
    put64be(m, SD + SD_EPOCH, -(1ull << 50));   /* the guest's clock is behind */
    cpu_tod(&m->cpu);                           /* the host read its clock just now */
    run(m);
    cr_assert_eq(icode(m), SIE_ICODE_WAIT);
    u64 guest_tod = get64be(m, MSO + 0x400);
    cr_assert(guest_tod < clock_tod(m) - (1ull << 49), "the guest's own (earlier) time");
    t_free(m);
}
