#pragma once
// SIGINT/SIGTERM: the first one asks the run to stop (waits end, children are stopped,
// reports are written, exit 130); a second SIGINT exits at once.
#include <atomic>

namespace formcheck::cli {

void install_interrupt_handlers();
const std::atomic<bool>& interrupted();

}  // namespace formcheck::cli
