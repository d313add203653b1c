#include "tests/support/standin.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

namespace formcheck::testing {

std::string bin_path(const std::string& name) { return std::string(FORMCHECK_BIN_DIR) + "/" + name; }

std::string source_dir() { return FORMCHECK_SOURCE_DIR; }
std::string shared_dir() { return std::filesystem::weakly_canonical(FORMCHECK_SHARED_DIR).string(); }

std::unique_ptr<StandIn> StandIn::start(const std::string& binary, std::vector<std::string> args,
                                        std::map<std::string, std::string> env,
                                        std::chrono::milliseconds ready_timeout) {
  process::LaunchSpec spec;
  spec.executable = bin_path(binary);
  spec.args = std::move(args);
  spec.env_overrides = std::move(env);
  auto started = process::ChildProcess::start(spec);
  if (!started) {
    ADD_FAILURE() << "cannot start " << binary << ": " << started.error();
    return nullptr;
  }
  auto standin = std::unique_ptr<StandIn>(new StandIn());
  standin->m_process = std::move(started.value());
  // The contact site serves HTTPS when given a certificate, and says so in its line.
  static const std::string prefix = "listening ";
  static const std::string host = "://127.0.0.1:";
  const auto line = standin->m_process->wait_for_line(
      [](const process::OutputLine& l) {
        return l.stream == process::OutputLine::Stream::out && (l.text.rfind(prefix + "http" + host, 0) == 0 ||
                                                               l.text.rfind(prefix + "https" + host, 0) == 0);
      },
      ready_timeout);
  if (!line) {
    ADD_FAILURE() << binary << " did not print its listening line within " << ready_timeout.count()
                  << " ms; it printed:\n"
                  << standin->m_process->output_text();
    return nullptr;
  }
  const auto scheme = line->substr(prefix.size(), line->find(host) - prefix.size());
  standin->m_port = std::stoi(line->substr(line->find(host) + host.size()));
  standin->m_base_url = scheme + host + std::to_string(standin->m_port);
  return standin;
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (condition()) {
      return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(interval);
  }
}

}  // namespace formcheck::testing
