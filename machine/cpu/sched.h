/* sched.h: events in virtual time (clock.c). A device embeds a struct
 * event and schedules its completion some TOD units ahead; the run loop
 * fires it in order, deterministically. */
#ifndef CREASY_SCHED_H
#define CREASY_SCHED_H

#include "machine.h"

struct event {
    u64 due;                  /* virtual time (TOD units) */
    void (*fire)(struct machine *m, struct event *e);
    struct event *next;       /* invariant: the schedule is sorted by due */
    bool queued;
};

void sched_after(struct machine *m, struct event *e, u64 tod_units);
void sched_cancel(struct machine *m, struct event *e);
void sched_run_due(struct machine *m);

/* TOD units per microsecond */
#define TOD_US 4096ull

#endif
