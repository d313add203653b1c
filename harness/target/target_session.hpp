#pragma once
// Getting a target ready before its checks: a local target is started (and later stopped),
// a remote one gets a preflight. Either way the result says, in one line, why it cannot be
// used — an `error` verdict for that target's cases, never a failed check.
#include <atomic>
#include <memory>
#include <string>

#include "harness/config/config.hpp"
#include "harness/process/child_process.hpp"

namespace formcheck::target {

class TargetSession {
 public:
  // Starts (local) or preflights (remote) `target`. On failure, error() says why.
  static std::unique_ptr<TargetSession> open(const config::TargetSettings& target, const std::atomic<bool>* cancelled);
  ~TargetSession();

  bool ready() const { return m_error.empty(); }
  const std::string& error() const { return m_error; }
  // What the local target printed (redacted), for reports when something failed.
  std::string captured_output() const;
  // Is the local process still alive? (a crash mid-run turns later cases into errors)
  bool alive();
  std::string exit_description();
  void stop();
  double startup_seconds() const { return m_startup_s; }

 private:
  void start_local(const config::TargetSettings& target, const std::atomic<bool>* cancelled);
  void preflight(const config::TargetSettings& target, const std::atomic<bool>* cancelled);

  std::unique_ptr<process::ChildProcess> m_process;
  std::string m_error;
  double m_startup_s = 0;
};

}  // namespace formcheck::target
