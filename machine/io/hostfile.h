/* hostfile.h: how creasy writes host files (hostfile.c): the devices'
 * output files, the traces, the tools' outputs and standard output; and
 * who holds the lock on an image a tool finds locked.
 *
 * The rules, for every host output:
 *   - a regular file is replaced by rename (hostfile_replace_*), or
 *     truncated and written (hostfile_open); anything else (a device
 *     node, a FIFO, a symbolic link's target) is written in place, never
 *     removed or replaced;
 *   - only what this run created is ever deleted;
 *   - inside a batch (a configuration being built), an existing file is
 *     truncated only when the whole batch is accepted, and a refused
 *     batch deletes the files it created;
 *   - every write and every close is checked: the first failure on a
 *     file gives one line on stderr, "creasy: FILE: write error: reason",
 *     and makes creasy's exit status nonzero (hostfile_at_exit).
 */
#ifndef CREASY_HOSTFILE_H
#define CREASY_HOSTFILE_H

#include <stdbool.h>
#include <stdio.h>

/* Open `path` for output (see above). NULL with "path: reason" in err. */
FILE *hostfile_open(const char *path, char *err, size_t errlen);
/* Flush `f` (any stream: one of hostfile_open's, stdout, stderr...) and
 * check it: 0, or -1 after reporting its first write error. The error
 * flag is cleared, so a later write may succeed. */
int hostfile_check(FILE *f);
/* Check and close one of hostfile_open's files: 0, or -1 (reported). */
int hostfile_close(FILE *f);
/* Report a failed write to `what` (a path) that no FILE carries, such as
 * a disk image's pwrite; errno_value is the reason. */
void hostfile_fail(const char *what, int errno_value);

/* A batch of outputs made together (a configuration). */
void hostfile_batch_begin(void);
/* `path` was created for the batch (an FBA image): deleted if it fails.
 * Outside a batch, nothing. */
void hostfile_batch_created(const char *path);
/* ok: truncate the files the batch opened; else delete those it made. */
void hostfile_batch_end(bool ok);

/* For atexit() in main: checks every open output and standard output,
 * and turns a zero exit status into 1 if any write failed. */
void hostfile_at_exit(void);

/* A whole output written at once (`creasy disk get`, `creasy directory
 * compile`): a regular file (or none) through PATH.tmp, made new (an
 * existing PATH.tmp is not ours, and refused) and renamed over PATH at
 * commit, so a failure leaves PATH as it was; anything else is written
 * in place. begin/commit: 0, or -1 with "FILE: reason" in err. */
struct hostfile_replace {
    FILE *f;
    char *path, *tmp;         /* tmp NULL: written in place */
};
int hostfile_replace_begin(struct hostfile_replace *r, const char *path, char *err, size_t errlen);
int hostfile_replace_commit(struct hostfile_replace *r, char *err, size_t errlen);
void hostfile_replace_abort(struct hostfile_replace *r);

/* Who holds the flock on the file `st` is: its pid (0: it cannot say),
 * whether it writes, and what it is: 'c' creasy, 'd' `creasy disk`, '?'. */
struct stat;
long hostfile_lock_holder(const struct stat *st, bool *writer, char *kind);

#endif
