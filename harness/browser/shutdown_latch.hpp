#pragma once
// What every engine keeps so that it ends once: sessions open only until shutdown(), whose
// work runs the first time only (the destructor calls it again) and never while a session is
// being opened.
#include <mutex>
#include <string>
#include <utility>

#include "harness/browser/engine.hpp"

namespace formcheck::browser {

class ShutdownLatch {
 public:
  // The lock to open a session under; an error once the engine was shut down.
  Result<std::unique_lock<std::mutex>> lock_open() {
    std::unique_lock lock(m_mutex);
    if (m_shut_down) {
      return unexpected(std::string("the browser engine was shut down"));
    }
    return Result<std::unique_lock<std::mutex>>(std::move(lock));
  }

  // Runs `stop` the first time only, under the same lock.
  template <class Stop>
  void shut_down(Stop&& stop) {
    std::lock_guard lock(m_mutex);
    if (std::exchange(m_shut_down, true)) {
      return;
    }
    std::forward<Stop>(stop)();
  }

 private:
  std::mutex m_mutex;
  bool m_shut_down = false;
};

}  // namespace formcheck::browser
