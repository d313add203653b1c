#pragma once
// The line a piped console (a CI log) gets while submissions are pending and nothing else is
// printed: proof the run is alive, what it waits for, and for how long.
#include "harness/checks/watcher.hpp"

#include <string>
#include <vector>

namespace formcheck::run {

// "… still waiting: 2 pending; longest fc-… for delivered (last: sent) 16 s of 35 s", or ""
// when nothing is pending.
std::string heartbeat_line(const std::vector<checks::PendingView>& pending);

}  // namespace formcheck::run
