#include "harness/process/child_groups.hpp"

#include <array>
#include <atomic>
#include <signal.h>

namespace formcheck::process {
namespace {

std::array<std::atomic<int>, 64> g_groups{};  // 0 = free slot
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler reads these");

}  // namespace

void track_child_group(int pgid) {
  if (pgid <= 1) {
    return;
  }
  for (auto& slot : g_groups) {
    int expected = 0;
    if (slot.compare_exchange_strong(expected, pgid)) {
      return;
    }
  }
}

void untrack_child_group(int pgid) {
  for (auto& slot : g_groups) {
    int expected = pgid;
    slot.compare_exchange_strong(expected, 0);
  }
}

void kill_tracked_child_groups() {
  for (auto& slot : g_groups) {
    if (const int pgid = slot.load(); pgid > 1) {
      kill(-pgid, SIGKILL);
    }
  }
}

}  // namespace formcheck::process
