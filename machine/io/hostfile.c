/* hostfile.c: creasy's host output files (hostfile.h).
 *
 * Design note. Every output file creasy opens for the length of a run (a
 * 3215's output, a printer's or punch's file, a trace) is opened here and
 * kept in a small table with its path, whether this run created it, and
 * whether its write error has been reported, so that a failure is said
 * once, by name, and counted. The count decides the exit status: main()
 * registers hostfile_at_exit, which checks what is still open and
 * standard output, flushes every other stream, and exits 1 instead of 0
 * if anything failed. Devices still see their own write errors at once
 * (hostfile_check after each write) and give the guest an equipment
 * check.
 *
 * Opening never removes or replaces: O_CREAT|O_EXCL says whether the
 * file is ours; an existing regular file is truncated in place (at once,
 * or at the end of an accepted batch), anything else is opened as it is.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "hostfile.h"

struct open_file {
    FILE *f;
    char *path;
    bool truncate_later;      /* an existing regular file opened in a batch */
    bool reported;            /* its write error has been said */
};

static struct open_file *files;
static int nfiles, cap_files;
static unsigned failures;
static bool stdout_reported, stderr_reported;
static bool in_batch;
static char **batch_made;     /* paths the batch created */
static int nmade;

static struct open_file *find(FILE *f)
{
    for (int i = 0; i < nfiles; i++)
        if (files[i].f == f)
            return &files[i];
    return NULL;
}

static void report(const char *name, bool *reported, const char *why)
{
    failures++;
    if (reported && *reported)
        return;
    fprintf(stderr, "creasy: %s: write error: %s\n", name, why);
    if (reported)
        *reported = true;
}

void hostfile_fail(const char *what, int errno_value) { report(what, NULL, strerror(errno_value)); }

FILE *hostfile_open(const char *path, char *err, size_t errlen)
{
    struct stat st;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    bool created = fd >= 0;
    if (fd < 0 && errno == EEXIST)
        fd = open(path, O_WRONLY | O_CLOEXEC);   /* never O_TRUNC: a node or a link's target stays */
    if (fd < 0 || fstat(fd, &st) < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    bool later = S_ISREG(st.st_mode) && !created && in_batch;
    if (nfiles == cap_files) {
        struct open_file *v = realloc(files, (cap_files = cap_files * 2 + 8) * sizeof *v);
        if (!v)
            goto nomem;
        files = v;
    }
    char *copy = strdup(path);
    if (!copy)
        goto nomem;
    if (created && in_batch)
        hostfile_batch_created(path);
    if (S_ISREG(st.st_mode) && !created && !in_batch && ftruncate(fd, 0) < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        free(copy);
        close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        free(copy);
        goto nomem;
    }
    files[nfiles++] = (struct open_file){.f = f, .path = copy, .truncate_later = later};
    return f;
nomem:
    snprintf(err, errlen, "%s: out of memory", path);
    close(fd);
    if (created)
        unlink(path);
    return NULL;
}

int hostfile_check(FILE *f)
{
    int e = fflush(f) ? errno : 0;
    if (!e && !ferror(f))
        return 0;
    clearerr(f);
    struct open_file *o = find(f);
    const char *why = e ? strerror(e) : "a write failed";
    if (o)
        report(o->path, &o->reported, why);
    else if (f == stdout)
        report("standard output", &stdout_reported, why);
    else if (f == stderr)
        report("standard error", &stderr_reported, why);
    else
        report("an output file", NULL, why);
    return -1;
}

int hostfile_close(FILE *f)
{
    int rc = hostfile_check(f);
    struct open_file *o = find(f);
    char *path = o ? o->path : NULL;
    bool reported = o && o->reported;
    if (o)
        *o = files[--nfiles];
    if (fclose(f) != 0 && rc == 0) {
        report(path ? path : "an output file", &reported, strerror(errno));
        rc = -1;
    }
    free(path);
    return rc;
}

void hostfile_batch_begin(void)
{
    in_batch = true;
    nmade = 0;
}

void hostfile_batch_created(const char *path)
{
    if (!in_batch)
        return;
    char **v = realloc(batch_made, (nmade + 1) * sizeof *v);
    if (!v)
        return;
    batch_made = v;
    if ((batch_made[nmade] = strdup(path)))
        nmade++;
}

void hostfile_batch_end(bool ok)
{
    for (int i = 0; i < nfiles; i++)
        if (files[i].truncate_later) {
            files[i].truncate_later = false;
            if (ok && (fflush(files[i].f) || ftruncate(fileno(files[i].f), 0) < 0))
                report(files[i].path, &files[i].reported, strerror(errno));
        }
    for (int i = 0; i < nmade; i++) {
        if (!ok)
            unlink(batch_made[i]);   /* this run made it: nothing of the host's is lost */
        free(batch_made[i]);
    }
    free(batch_made);
    batch_made = NULL;
    nmade = 0;
    in_batch = false;
}

void hostfile_at_exit(void)
{
    for (int i = 0; i < nfiles; i++)
        hostfile_check(files[i].f);
    hostfile_check(stdout);
    if (fclose(stdout) != 0)
        report("standard output", &stdout_reported, strerror(errno));
    if (fflush(NULL) != 0)   /* any other stream still open: its last lines */
        report("an output file", NULL, strerror(errno));
    if (failures)
        _exit(1);
}

/* ---- whole outputs -------------------------------------------------------------------- */

static void replace_free(struct hostfile_replace *r)
{
    free(r->path);
    free(r->tmp);
    r->path = r->tmp = NULL;
    r->f = NULL;
}

int hostfile_replace_begin(struct hostfile_replace *r, const char *path, char *err, size_t errlen)
{
    struct stat st;
    int fd;
    memset(r, 0, sizeof *r);
    bool exists = lstat(path, &st) == 0;
    if (!exists && errno != ENOENT) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (!(r->path = strdup(path)))
        goto nomem;
    if (exists && !S_ISREG(st.st_mode)) {   /* a node, a FIFO, a link: in place */
        struct stat target;
        fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0 || fstat(fd, &target) < 0 || (S_ISREG(target.st_mode) && ftruncate(fd, 0) < 0)) {
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
            if (fd >= 0)
                close(fd);
            replace_free(r);
            return -1;
        }
    } else {
        size_t n = strlen(path) + 5;
        if (!(r->tmp = malloc(n)))
            goto nomem;
        snprintf(r->tmp, n, "%s.tmp", path);
        fd = open(r->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0) {
            if (errno == EEXIST)
                snprintf(err, errlen, "%s: already exists and is not this run's: remove it", r->tmp);
            else
                snprintf(err, errlen, "%s: %s", r->tmp, strerror(errno));
            replace_free(r);
            return -1;
        }
        if (exists)
            (void)!fchmod(fd, st.st_mode & 07777);   /* the new file keeps the old one's mode */
    }
    if (!(r->f = fdopen(fd, "w"))) {
        close(fd);
        if (r->tmp)
            unlink(r->tmp);
        goto nomem;
    }
    return 0;
nomem:
    snprintf(err, errlen, "%s: out of memory", path);
    replace_free(r);
    return -1;
}

int hostfile_replace_commit(struct hostfile_replace *r, char *err, size_t errlen)
{
    bool ok = fflush(r->f) == 0 && !ferror(r->f) && (!r->tmp || fsync(fileno(r->f)) == 0);
    int e = errno;
    if (fclose(r->f) != 0 && ok) {
        ok = false;
        e = errno;
    }
    r->f = NULL;
    if (ok && r->tmp && rename(r->tmp, r->path) < 0) {
        snprintf(err, errlen, "%s: %s", r->path, strerror(errno));
        ok = false;
    } else if (!ok) {
        snprintf(err, errlen, "%s: write error: %s", r->path, strerror(e));
    }
    if (!ok && r->tmp)
        unlink(r->tmp);
    replace_free(r);
    return ok ? 0 : -1;
}

void hostfile_replace_abort(struct hostfile_replace *r)
{
    if (r->f)
        fclose(r->f);
    if (r->tmp)
        unlink(r->tmp);
    replace_free(r);
}

/* Who holds the lock on the file: /proc/locks's FLOCK line for it names
 * the process that took it (0: it cannot say), and whether it writes;
 * its command line says if it is creasy ('c'), `creasy disk` ('d') or
 * something else ('?'). */
long hostfile_lock_holder(const struct stat *st, bool *writer, char *kind)
{
    FILE *f = fopen("/proc/locks", "r");
    char line[256], rw[16];
    long pid = 0;
    unsigned maj, min;
    unsigned long long ino;
    while (f && !pid && fgets(line, sizeof line, f))
        if (sscanf(line, "%*[^:]: FLOCK %*s %15s %ld %x:%x:%llu", rw, &pid, &maj, &min, &ino) != 5 ||
            maj != major(st->st_dev) || min != minor(st->st_dev) || ino != (unsigned long long)st->st_ino)
            pid = 0;
    if (f)
        fclose(f);
    *writer = pid && !strcmp(rw, "WRITE");
    snprintf(line, sizeof line, "/proc/%ld/cmdline", pid);
    size_t n = pid && (f = fopen(line, "r")) ? fread(line, 1, sizeof line - 1, f) : 0;
    if (n)
        fclose(f);
    line[n] = 0;
    const char *base = strrchr(line, '/') ? strrchr(line, '/') + 1 : line, *arg1 = line + strlen(line) + 1;
    *kind = n && !strncmp(base, "creasy", 6) ? (arg1 < line + n && !strcmp(arg1, "disk") ? 'd' : 'c') : '?';
    return pid;
}
