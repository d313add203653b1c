#pragma once
// The process groups of the programs formcheck started and has not reaped yet, for the one exit
// that runs no destructor: the second Ctrl-C's _exit. The supervisor would end them too, but
// only after its grace period (a target that ignores SIGTERM keeps running that long); a
// second Ctrl-C means "now". Lock-free, so the signal handler may read it.
namespace formcheck::process {

// Records `pgid` (a started child's group). Beyond 64 live groups the rest are not recorded
// (the supervisor still ends them).
void track_child_group(int pgid);
// Forgets `pgid`: call it BEFORE reaping the group's leader, whose id may be reused after.
void untrack_child_group(int pgid);
// SIGKILLs every recorded group. Async-signal-safe.
void kill_tracked_child_groups();

}  // namespace formcheck::process
