#pragma once
// Starts one of formcheck's executables (a stand-in, or the formcheck CLI) as a real process
// for end-to-end tests, waits for its `listening http(s)://127.0.0.1:PORT` line, and stops it
// when the test ends.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/process/child_process.hpp"

namespace formcheck::testing {

std::string bin_path(const std::string& name);  // <build>/bin/<name>
std::string shared_dir();                       // ../shared beside the repository
std::string source_dir();                       // the repository's root

class StandIn {
 public:
  // Starts <build>/bin/<binary> with `args` (add "--port", "0" yourself) and waits up to
  // `ready_timeout` for its listening line. Fails the current test (and returns nullptr) when
  // it does not come up, showing what the process printed.
  static std::unique_ptr<StandIn> start(const std::string& binary, std::vector<std::string> args,
                                        std::map<std::string, std::string> env = {},
                                        std::chrono::milliseconds ready_timeout = std::chrono::seconds(15));

  const std::string& base_url() const { return m_base_url; }  // e.g. http://127.0.0.1:40123 (or https://)
  int port() const { return m_port; }
  process::ChildProcess& process() { return *m_process; }

 private:
  std::unique_ptr<process::ChildProcess> m_process;
  std::string m_base_url;
  int m_port = 0;
};

// Polls `condition` until it holds or the deadline passes; returns whether it held. The
// standard's rule: wait on a condition with a deadline, never sleep-and-hope.
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval = std::chrono::milliseconds(20));

}  // namespace formcheck::testing
