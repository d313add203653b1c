#pragma once
// formcheck needs /proc: /proc/self/exe tells it where its data and helper programs are, and
// starting a child process (a local target, a browser, git) goes through /proc as well. A bare
// chroot or a minimal container may lack it; without this check the first thing that needs it
// fails with a message naming neither /proc nor the fix.
namespace formcheck::cli {

// Throws CommandError (exit 3) naming /proc and the fix when /proc is not mounted.
void require_proc();

}  // namespace formcheck::cli
