/* cmd.c: CP commands, as a user types them at a terminal (in CP mode, or
 * after #CP) or a guest passes them with DIAGNOSE X'08', and as the
 * operator types them. One table: name, shortest abbreviation, the
 * privilege classes that may use it, and its function.
 *
 *   QUERY NAMES | TIME | STORAGE | VIRTUAL | RDR | PRT | PUN
 *   DISPLAY PSW | G [r [r]] | C [r [r]] | A addr [len]      (hex)
 *   STORE PSW w0 w1 | G r value | A addr value...
 *   IPL vaddr [PARM text]       LINK user vaddr vaddr [R|W] (another user's: R, of an R minidisk;
 *                               W is refused while someone writes it, unless it is MW: vm_link)
 *   SPOOL PRINTER|PUNCH TO user|*|OFF    CLOSE PRINTER|PUNCH|vaddr
 *   TRANSFER RDR file TO user   PURGE RDR file|ALL
 *   TRACE PRIV|SVC|IO|ALL|OFF   MSG user text      LOGOFF
 *   EXTERNAL [40] (the virtual interrupt key)
 *   operator (class A): LOGON user, FORCE user, START [00C] (read the real reader)
 *
 * The return code is what DIAG X'08' gives back: 0, or the VM/370
 * message number of the error.
 */
#include "cp.h"

#define MAXW 67   /* a line of 132 has at most 66 words; one more is a line too long */
#define CLASS_ANY 0xFFu

struct cmd {
    const char *name;
    int min;
    u32 classes;
    int (*fn)(struct vm *vm, int t, int argc, char **argv);
};

static int bad(int t, int code, const char *what)
{
    cp_msg(t, "DMKCFM%03dE %s", code, what);
    return code;
}

static struct vm *named(int t, const char *name)
{
    struct vm *vm = vm_by_userid(name);
    if (!vm)
        cp_msg(t, "DMKCFM045E %s NOT LOGGED ON", name);
    return vm;
}

static bool need_vm(struct vm *vm, int t)
{
    if (!vm)
        bad(t, 3, "THE OPERATOR HAS NO VIRTUAL MACHINE FOR THAT");
    return vm != NULL;
}

/* ---- QUERY -------------------------------------------------------------------------------- */

static const char *const state_names[] = {"-", "RUNNING", "READY", "WAIT", "IOWAIT", "STOPPED"};

/* TOD to "hh:mm:ss UTC yyyy-mm-dd" */
static void tod_text(char *out, u32 size, u64 tod)
{
    u64 secs = (tod >> 12) / 1000000u;
    u32 days = (u32)(secs / 86400u), rem = (u32)(secs % 86400u);
    u32 y = 1900;
    for (;;) {
        u32 len = (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 366 : 365;
        if (days < len)
            break;
        days -= len;
        y++;
    }
    static const u8 mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    u32 m = 0;
    for (; m < 12; m++) {
        u32 len = mdays[m] + (m == 1 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
        if (days < len)
            break;
        days -= len;
    }
    snprintf(out, size, "%02u:%02u:%02u UTC %04u-%02u-%02u", rem / 3600, rem / 60 % 60, rem % 60, y, m + 1, days + 1);
}

static int q_names(int t)
{
    for (int i = 0; i < cp_nvms; i++) {
        struct vm *vm = &cp_vms[i];
        if (vm->state == VMT_FREE)
            continue;
        char name[9], where[8];
        userid_text(name, vm->userid);
        if (vm->terminal >= 0)
            snprintf(where, sizeof where, "%03X", vm->dir->terminal);
        else
            snprintf(where, sizeof where, "DSC");
        cp_msg(t, "%-8s - %s %-7s CPU %u MS, %u TRAPS, %u SVCS, %u I/O", name, where, state_names[vm->state],
               (u32)(vm->used / 4096000u), vm->traps, vm->svcs, vm->ios);
    }
    return 0;
}

static const char *const type_names[] = {"CONS", "DASD", "DED ", "RDR ", "PUN ", "PRT "};

static int q_storage(struct vm *vm, int t)
{
    if (vm->size % 0x100000u == 0)
        cp_msg(t, "STORAGE = %uM", vm->size >> 20);
    else
        cp_msg(t, "STORAGE = %uK", vm->size >> 10);
    return 0;
}

/* QUERY VIRTUAL [ALL|STORAGE|vaddr]: its storage and devices, or one of them */
static int q_virtual(struct vm *vm, int t, int argc, char **argv)
{
    u32 only = 0x10000;
    if (argc > 2 && str_abbrev(argv[2], "STORAGE", 3))
        return q_storage(vm, t);
    if (argc > 2 && !str_abbrev(argv[2], "ALL", 3) && (str_to_hex(argv[2], &only) < 0 || only > 0xFFF))
        return bad(t, 26, "QUERY VIRTUAL [ALL|STORAGE|VADDR]");
    if (only > 0xFFF)
        q_storage(vm, t);
    else if (!vio_dev_find(vm, (u16)only)) {
        cp_msg(t, "DMKCFM040E DEVICE %03X DOES NOT EXIST", only);
        return 40;
    }
    for (int i = 0; i < vm->ndevs; i++) {
        struct vdev *d = &vm->devs[i];
        if (only <= 0xFFF && d->vaddr != only)
            continue;
        if (d->type == VDEV_FBA)
            cp_msg(t, "DASD %03X ON %03X START %u BLKS %u %s", d->vaddr, d->rdev, d->start, d->blocks,
                   d->readonly ? "R/O" : "R/W");
        else if (d->type == VDEV_DEDICATED)
            cp_msg(t, "%s %03X ON %03X DEDICATED", type_names[d->type], d->vaddr, d->rdev);
        else if (d->type == VDEV_CONSOLE && (d->terminal ? d->term >= 0 : vm->terminal >= 0))
            cp_msg(t, "CONS %03X ON %03X", d->vaddr, d->terminal ? d->rdev : vm->dir->terminal);
        else if (d->spool_to) {
            char to[9];
            userid_text(to, cp_vms[d->spool_to - 1].userid);
            cp_msg(t, "%s %03X SPOOLED TO %s", type_names[d->type], d->vaddr, to);
        }
        else
            cp_msg(t, "%s %03X", type_names[d->type], d->vaddr);
    }
    return 0;
}

static int c_query(struct vm *vm, int t, int argc, char **argv)
{
    if (argc < 2)
        return bad(t, 26, "QUERY NAMES|TIME|STORAGE|VIRTUAL|MODE|RDR|PRT|PUN");
    const char *w = argv[1];
    if (str_abbrev(w, "NAMES", 1))
        return q_names(t);
    if (str_abbrev(w, "TIME", 1)) {
        char buf[40];
        tod_text(buf, sizeof buf, disp_tod_now());
        cp_msg(t, "TIME IS %s", buf);
        return 0;
    }
    if (!need_vm(vm, t))
        return 3;
    if (str_abbrev(w, "STORAGE", 3))
        return q_storage(vm, t);
    if (str_abbrev(w, "MODE", 4)) {
        cp_msg(t, "MODE %s", vm->sie ? "SIE" : vm->bt_mode ? "BT" : "TRAP");
        return 0;
    }
    if (str_abbrev(w, "VIRTUAL", 1))
        return q_virtual(vm, t, argc, argv);
    if (str_abbrev(w, "RDR", 3) || str_abbrev(w, "READER", 3) || str_abbrev(w, "PRT", 3) || str_abbrev(w, "PRINTER", 3) ||
        str_abbrev(w, "PUN", 3) || str_abbrev(w, "PUNCH", 3))
        return spool_query(t, vm, w);
    return bad(t, 26, "QUERY NAMES|TIME|STORAGE|VIRTUAL|MODE|RDR|PRT|PUN");
}

/* ---- DISPLAY, STORE --------------------------------------------------------------------- */

static int range(int t, int argc, char **argv, int first, u32 *lo, u32 *hi, u32 max)
{
    *lo = 0;
    *hi = max;
    if (argc > first && str_to_hex(argv[first], lo) < 0)
        return bad(t, 2, "A REGISTER OR ADDRESS IS HEXADECIMAL");
    if (argc > first)
        *hi = *lo;
    if (argc > first + 1 && str_to_hex(argv[first + 1], hi) < 0)
        return bad(t, 2, "A REGISTER OR ADDRESS IS HEXADECIMAL");
    return 0;
}

static int c_display(struct vm *vm, int t, int argc, char **argv)
{
    if (!need_vm(vm, t))
        return 3;
    if (argc < 2)
        return bad(t, 26, "DISPLAY PSW | G [R [R]] | C [R [R]] | A ADDR [LEN]");
    const char *w = argv[1];
    u32 lo, hi;
    if (str_abbrev(w, "PSW", 3)) {
        cp_msg(t, "PSW = %08X %08X", vm->vpsw[0], vm->vpsw[1]);
        return 0;
    }
    if (str_eq(w, "G") || str_eq(w, "C")) {
        if (range(t, argc, argv, 2, &lo, &hi, 15) || lo > 15 || hi > 15 || lo > hi)
            return bad(t, 2, "REGISTERS ARE 0 TO F");
        const u32 *r = str_eq(w, "G") ? vm_gr(vm) : vm->cr;
        for (u32 i = lo; i <= hi; i += 4) {
            char line[80];
            int n = snprintf(line, sizeof line, "%s%X =", w, i);
            for (u32 k = i; k <= hi && k < i + 4; k++)
                n += snprintf(line + n, sizeof line - (u32)n, " %08X", r[k]);
            cp_msg(t, "%s", line);
        }
        return 0;
    }
    if (str_eq(w, "A")) {
        u32 len = 16;
        if (argc < 3 || str_to_hex(argv[2], &lo) < 0 || (argc > 3 && str_to_hex(argv[3], &len) < 0) || len == 0 ||
            len > 256)
            return bad(t, 2, "DISPLAY A ADDR [LEN]: HEXADECIMAL, AT MOST 100 BYTES");
        u32 r = gacc_g2r(vm, lo, len);
        if (!r)
            return bad(t, 160, "THAT IS OUTSIDE YOUR STORAGE");
        for (u32 i = 0; i < len; i += 16) {
            char line[80];
            int n = snprintf(line, sizeof line, "%08X", lo + i);
            for (u32 k = i; k < len && k < i + 16; k += 4) {
                u32 word = 0;
                for (u32 b = 0; b < 4 && k + b < len; b++)
                    word = word << 8 | ((const u8 *)r)[k + b];
                n += snprintf(line + n, sizeof line - (u32)n, " %08X", word);
            }
            cp_msg(t, "%s", line);
        }
        return 0;
    }
    return bad(t, 26, "DISPLAY PSW | G [R [R]] | C [R [R]] | A ADDR [LEN]");
}

static int c_store(struct vm *vm, int t, int argc, char **argv)
{
    u32 a, v, w1;
    if (!need_vm(vm, t))
        return 3;
    if (argc == 4 && str_abbrev(argv[1], "PSW", 3)) {
        if (str_to_hex(argv[2], &v) < 0 || str_to_hex(argv[3], &w1) < 0)
            return bad(t, 2, "STORE PSW WORD WORD: HEXADECIMAL");
        vm->vpsw[0] = v;
        vm->vpsw[1] = w1;
        return 0;
    }
    if (argc == 4 && str_eq(argv[1], "G")) {
        if (str_to_hex(argv[2], &a) < 0 || a > 15 || str_to_hex(argv[3], &v) < 0)
            return bad(t, 2, "STORE G REG VALUE: HEXADECIMAL, REG 0 TO F");
        vm_gr(vm)[a] = v;
        return 0;
    }
    if (argc >= 4 && str_eq(argv[1], "A")) {
        if (str_to_hex(argv[2], &a) < 0)
            return bad(t, 2, "STORE A ADDR WORD...: HEXADECIMAL");
        for (int i = 3; i < argc; i++, a += 4) {
            u32 r = (a & 3) ? 0 : gacc_g2r(vm, a, 4);
            if (str_to_hex(argv[i], &v) < 0 || !r)
                return bad(t, 160, "A WORD IS NOT HEXADECIMAL, OR ITS ADDRESS IS ODD OR OUTSIDE YOUR STORAGE");
            *(u32 *)r = v;
        }
        return 0;
    }
    return bad(t, 26, "STORE PSW W0 W1 | G REG VALUE | A ADDR WORD...");
}

/* ---- IPL, LINK, LOGOFF ------------------------------------------------------------------ */

static int c_ipl(struct vm *vm, int t, int argc, char **argv)
{
    u32 dev;
    if (!need_vm(vm, t))
        return 3;
    if (argc < 2 || str_to_hex(argv[1], &dev) < 0 || dev > 0xFFF || (argc > 2 && !str_abbrev(argv[2], "PARM", 4)))
        return bad(t, 26, "IPL VADDR [PARM TEXT]");
    char parm[64];
    u32 n = 0;
    for (int i = 3; i < argc; i++) {
        u32 len = strlen(argv[i]);
        if (n + len + (n ? 1 : 0) > sizeof parm)
            break;
        if (n)
            parm[n++] = ' ';
        memcpy(parm + n, argv[i], len);
        n += len;
    }
    int rc = vm_ipl(vm, (u16)dev, parm, n);
    if (rc == 1)
        return bad(t, 40, "DEVICE NOT DEFINED");
    if (rc == 2)
        return bad(t, 41, "NOT AN IPL DEVICE");
    return 0;
}

/* Another user's minidisk is its owner's: LINK reaches it only if the
 * owner made it to be shared, a read-only minidisk (MAINT's CMS system
 * disk), and only read-only. VM/370 asks for the minidisk's password;
 * this directory has none, so what it does not grant (its `links`, made
 * at logon) is refused: otherwise any user could read or rewrite any
 * other's files. */
static bool may_link(const struct vm *vm, const u8 owner[8], u16 target, u8 mode)
{
    const struct dir_user *o = dirload_find(owner);
    if (!o || o == vm->dir)
        return true;   /* its own, or vm_link finds no such user */
    const struct dir_mdisk *m = dirload_mdisks(o);
    for (u32 i = 0; i < o->nmdisks; i++)
        if (m[i].vaddr == target)
            return mode == DIR_MODE_R && m[i].mode == DIR_MODE_R;
    return true;       /* vm_link finds no such minidisk */
}

static int c_link(struct vm *vm, int t, int argc, char **argv)
{
    u32 target, vaddr;
    u8 owner[8];
    if (!need_vm(vm, t))
        return 3;
    if (argc < 4 || argc > 5 || !userid_field(owner, argv[1]) || str_to_hex(argv[2], &target) < 0 ||
        str_to_hex(argv[3], &vaddr) < 0 || vaddr > 0xFFF || (argc == 5 && !str_eq(argv[4], "R") && !str_eq(argv[4], "W")))
        return bad(t, 26, "LINK USER VADDR VADDR [R|W]");
    u8 mode = argc == 5 && str_eq(argv[4], "W") ? DIR_MODE_W : DIR_MODE_R;
    if (!may_link(vm, owner, (u16)target, mode))
        return bad(t, 113, "ANOTHER USER'S MINIDISK: ONLY A READ-ONLY ONE, AND ONLY READ-ONLY");
    char why[80];
    int rc = vm_link(vm, owner, (u16)target, (u16)vaddr, mode, why);
    if (rc && memcmp(why, "DMK", 3) == 0) {   /* its own message */
        cp_msg(t, "%s", why);
        return rc;
    }
    if (rc)
        return bad(t, rc, why);
    cp_msg(t, "DASD %03X LINKED %s", vaddr, argc == 5 && str_eq(argv[4], "W") ? "R/W" : "R/O");
    return 0;
}

static int c_logoff(struct vm *vm, int t, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    if (!need_vm(vm, t))
        return 3;
    vm_logoff(vm, NULL);
    return 0;
}

/* ---- spool -------------------------------------------------------------------------------- */

static struct vdev *spool_dev(struct vm *vm, const char *w)
{
    u32 a;
    for (int i = 0; i < vm->ndevs; i++) {
        struct vdev *d = &vm->devs[i];
        if ((d->type == VDEV_PRINTER && (str_abbrev(w, "PRINTER", 3) || str_abbrev(w, "PRT", 3))) ||
            (d->type == VDEV_PUNCH && (str_abbrev(w, "PUNCH", 3) || str_abbrev(w, "PUN", 3))) ||
            (d->type == VDEV_READER && (str_abbrev(w, "READER", 3) || str_abbrev(w, "RDR", 3))) ||
            (str_to_hex(w, &a) == 0 && d->vaddr == a && d->type >= VDEV_READER))
            return d;
    }
    return NULL;
}

static int c_spool(struct vm *vm, int t, int argc, char **argv)
{
    if (!need_vm(vm, t))
        return 3;
    struct vdev *d = argc >= 3 ? spool_dev(vm, argv[1]) : NULL;
    if (!d || d->type == VDEV_READER)   /* TO says where output goes: a reader has none */
        return bad(t, 26, "SPOOL PRINTER|PUNCH TO USER|*|OFF");
    if (str_abbrev(argv[2], "OFF", 3)) {
        d->spool_to = 0;
        return 0;
    }
    if (argc != 4 || !str_abbrev(argv[2], "TO", 2))
        return bad(t, 26, "SPOOL PRINTER|PUNCH TO USER|*|OFF");
    struct vm *to = str_eq(argv[3], "*") ? vm : named(t, argv[3]);
    if (!to)
        return 45;
    d->spool_to = (u16)(to->index + 1);
    return 0;
}

static int c_close(struct vm *vm, int t, int argc, char **argv)
{
    u32 a;
    if (!need_vm(vm, t))
        return 3;
    struct vdev *d = argc == 2 ? spool_dev(vm, argv[1]) : NULL;
    if (!d && argc == 2 && str_to_hex(argv[1], &a) == 0 && vio_dev_find(vm, (u16)a))
        return 0;   /* a real device (dedicated): nothing is spooled, nothing to close */
    if (!d)
        return bad(t, 26, "CLOSE PRINTER|PUNCH|VADDR");
    return spool_close(vm, d);
}

static int c_transfer(struct vm *vm, int t, int argc, char **argv)
{
    u32 id;
    if (!need_vm(vm, t))
        return 3;
    if (argc != 5 || !str_abbrev(argv[1], "RDR", 3) || str_to_dec(argv[2], &id) < 0 || !str_abbrev(argv[3], "TO", 2))
        return bad(t, 26, "TRANSFER RDR FILE TO USER");
    struct vm *to = named(t, argv[4]);
    if (!to)
        return 45;
    if (spool_transfer(vm, (int)id, to) < 0)
        return bad(t, 42, "NO SUCH READER FILE");
    return 0;
}

static int c_purge(struct vm *vm, int t, int argc, char **argv)
{
    u32 id = 0;
    if (!need_vm(vm, t))
        return 3;
    bool all = argc == 3 && str_abbrev(argv[2], "ALL", 3);
    if (argc != 3 || !str_abbrev(argv[1], "RDR", 3) || (!all && str_to_dec(argv[2], &id) < 0))
        return bad(t, 26, "PURGE RDR FILE|ALL");
    int n = spool_purge(vm, all ? -1 : (int)id);
    cp_msg(t, "%04d FILES PURGED", n);
    return n ? 0 : 42;
}

/* ---- TRACE, MSG ----------------------------------------------------------------------------- */

static int c_trace(struct vm *vm, int t, int argc, char **argv)
{
    if (!need_vm(vm, t))
        return 3;
    u32 f = 0;
    for (int i = 1; i < argc; i++) {
        if (str_abbrev(argv[i], "PRIV", 2))
            f |= VMT_F_TRACE_PRIV;
        else if (str_abbrev(argv[i], "SVC", 3))
            f |= VMT_F_TRACE_SVC;
        else if (str_abbrev(argv[i], "IO", 2))
            f |= VMT_F_TRACE_IO;
        else if (str_abbrev(argv[i], "ALL", 3))
            f |= VMT_F_TRACE_PRIV | VMT_F_TRACE_SVC | VMT_F_TRACE_IO;
        else if (str_abbrev(argv[i], "OFF", 3))
            f = 0;
        else
            return bad(t, 26, "TRACE PRIV|SVC|IO|ALL|OFF");
    }
    if (argc < 2)
        return bad(t, 26, "TRACE PRIV|SVC|IO|ALL|OFF");
    vm->flags = f;
    return 0;
}

static int c_msg(struct vm *vm, int t, int argc, char **argv)
{
    if (argc < 3)
        return bad(t, 26, "MSG USER TEXT");
    struct vm *to = named(t, argv[1]);
    if (!to)
        return 45;
    char text[2 * 132], from[9] = "OPERATOR", tag[24];
    u32 n = 0;
    for (int i = 2; i < argc && n < sizeof text; i++)   /* the whole line CP got: it is at most 132 */
        n += (u32)snprintf(text + n, sizeof text - n, "%s%s", n ? " " : "", argv[i]);
    if (vm)
        userid_text(from, vm->userid);
    snprintf(tag, sizeof tag, "MSG FROM %s: ", from);
    if (!term_notice(to->terminal < 0 ? term_operator : to->terminal, tag, text, n < sizeof text ? n : sizeof text - 1)) {
        cp_msg(t, "DMKMSG057I %.8s NOT RECEIVING; TOO MANY MESSAGES WAITING", argv[1]);
        return 57;
    }
    return 0;
}

/* ---- EXTERNAL ---------------------------------------------------------------------------- */

/* EXTERNAL [40]: VM/370's way to press the virtual machine's interrupt
 * key: an external interruption, code X'0040', pending until the guest
 * is enabled for it (CMS halts the program that runs). Typed as #CP
 * EXTERNAL while the guest runs, it is how a user stops a runaway
 * program without re-IPL. */
static int c_external(struct vm *vm, int t, int argc, char **argv)
{
    u32 code = EXT_INTERRUPT_KEY;
    if (!need_vm(vm, t))
        return 3;
    if (argc > 2 || (argc == 2 && (str_to_hex(argv[1], &code) < 0 || code != EXT_INTERRUPT_KEY)))
        return bad(t, 26, "EXTERNAL [40]: THE INTERRUPT KEY IS THE ONE EXTERNAL INTERRUPTION");
    vm->pending_ext |= PEND_KEY;
    if (vm->state == VMT_WAIT && vm_enabled_for_something(vm))
        vm->state = VMT_READY;
    return 0;
}

/* ---- operator ---------------------------------------------------------------------------------- */

static int c_logon(struct vm *vm, int t, int argc, char **argv)
{
    (void)vm;
    u8 id[8];
    if (argc != 2 || !userid_field(id, argv[1]))
        return bad(t, 26, "LOGON USER");
    const struct dir_user *u = dirload_find(id);
    if (!u)
        return bad(t, 53, "NOT IN THE DIRECTORY");
    if (vm_by_userid(argv[1]))
        return bad(t, 54, "ALREADY LOGGED ON");
    if (!vm_logon(u, u->terminal != DIR_NONE ? 0 : -1, true))
        return bad(t, 55, "NO ROOM FOR IT: TOO MANY USERS OR TOO LITTLE STORAGE");
    return 0;
}

/* START [00C]: read the real card reader now (a deck was loaded while
 * the reader said nothing); its decks go to the users their ID cards
 * name (cardrdr.c). */
static int c_start(struct vm *vm, int t, int argc, char **argv)
{
    (void)vm;
    u32 dev = 0x00C;
    if (argc > 2 || (argc == 2 && (str_to_hex(argv[1], &dev) < 0 || dev != 0x00C)))
        return bad(t, 26, "START [00C]: THE REAL CARD READER");
    cardrdr_start();
    return 0;
}

static int c_force(struct vm *vm, int t, int argc, char **argv)
{
    (void)vm;
    if (argc != 2)
        return bad(t, 26, "FORCE USER");
    struct vm *victim = named(t, argv[1]);
    if (!victim)
        return 45;
    vm_logoff(victim, "FORCED BY THE OPERATOR");
    return 0;
}

/* ---- SET MODE --------------------------------------------------------------------------------- */

/* SET MODE TRAP|SIE|BT [USER]: how CP runs a VM from its next dispatch
 * on (another user's only for the operator). The VM's state is CP's in
 * every mode; shadow tables are dropped, as sie mode does not keep them,
 * and so is a translation cache. */
static int c_set(struct vm *vm, int t, int argc, char **argv)
{
    if (argc < 3 || argc > 4 || !str_abbrev(argv[1], "MODE", 4) ||
        (!str_abbrev(argv[2], "TRAP", 4) && !str_abbrev(argv[2], "SIE", 3) && !str_abbrev(argv[2], "BT", 2)))
        return bad(t, 26, "SET MODE TRAP|SIE|BT [USER]");
    struct vm *who = vm;
    if (argc == 4) {
        if (vm && !(vm->dir->classes & DIR_CLASS_A))
            return bad(t, 2, "NOT AUTHORIZED FOR ANOTHER USER");
        if (!(who = named(t, argv[3])))
            return 45;
    }
    if (!need_vm(who, t))
        return 3;
    if (str_abbrev(argv[2], "SIE", 3) && pv_on(who))   /* its mask is in its area, which SIE does not read */
        return bad(t, 27, "SET MODE SIE: IT KEEPS ITS MASK IN A PARAVIRTUAL AREA (DIAGNOSE X'C8'); IPL IT FIRST");
    who->sie = str_abbrev(argv[2], "SIE", 3);
    who->bt_mode = str_abbrev(argv[2], "BT", 2);
    bt_free(who);
    shadow_reset(who);
    vmtable_update(who);
    return 0;
}

static const struct cmd cmds[] = {
    {"CLOSE", 1, CLASS_ANY, c_close},     {"DISPLAY", 1, CLASS_ANY, c_display}, {"EXTERNAL", 3, CLASS_ANY, c_external},
    {"FORCE", 5, DIR_CLASS_A, c_force},
    {"IPL", 1, CLASS_ANY, c_ipl},         {"LINK", 1, CLASS_ANY, c_link},       {"LOGOFF", 3, CLASS_ANY, c_logoff},
    {"LOGON", 4, DIR_CLASS_A, c_logon},   {"MSG", 1, CLASS_ANY, c_msg},         {"PURGE", 2, CLASS_ANY, c_purge},
    {"QUERY", 1, CLASS_ANY, c_query},     {"SPOOL", 2, CLASS_ANY, c_spool},     {"STORE", 2, CLASS_ANY, c_store},
    {"SET", 3, CLASS_ANY, c_set},         {"START", 5, DIR_CLASS_A, c_start},   {"TRACE", 2, CLASS_ANY, c_trace},
    {"TRANSFER", 3, CLASS_ANY, c_transfer},
    {NULL, 0, 0, NULL},
};

int cp_command(struct vm *vm, int t, char *line)
{
    char *argv[MAXW];
    str_upper(line);
    int argc = str_split(line, argv, MAXW);
    if (argc == 0)
        return 0;
    if (argc == MAXW)
        return bad(t, 26, "TOO MANY OPERANDS");
    u32 classes = vm ? vm->dir->classes : DIR_CLASS_A;
    for (const struct cmd *c = cmds; c->name; c++)
        if (str_abbrev(argv[0], c->name, c->min)) {
            if (!(c->classes & classes))
                return bad(t, 2, "NOT AUTHORIZED FOR THAT COMMAND");
            return c->fn(vm, t, argc, argv);
        }
    return bad(t, 1, "UNKNOWN CP COMMAND");
}
