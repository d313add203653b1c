#include "harness/target/target_session.hpp"

#include <fmt/format.h>

#include <thread>

#include "harness/http/http.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::target {
namespace {

// A certificate does not become trusted by waiting or retrying: the hint says which key does it.
std::string tls_hint(const config::TargetSettings& target) {
  return fmt::format(
      "the certificate is not trusted: set targets.{}.ca_file to the CA (or the self-signed "
      "certificate) that signed it, or targets.{}.insecure_tls to true for a test server",
      target.name, target.name);
}

// Consecutive TLS failures of the ready probe after which a starting local target is given up:
// a few, since a server may reset handshakes while it starts, but not the whole start timeout.
constexpr int kTlsFailuresBeforeGivingUp = 3;

}  // namespace

std::unique_ptr<TargetSession> TargetSession::open(const config::TargetSettings& target,
                                                   const std::atomic<bool>* cancelled) {
  auto session = std::unique_ptr<TargetSession>(new TargetSession());
  if (target.start) {
    session->start_local(target, cancelled);
  } else {
    session->preflight(target);
  }
  return session;
}

TargetSession::~TargetSession() { stop(); }

void TargetSession::stop() {
  if (m_process) {
    m_process->stop(std::chrono::seconds(5));
  }
}

std::string TargetSession::captured_output() const { return m_process ? m_process->output_text() : std::string(); }

bool TargetSession::alive() { return !m_process || !m_process->poll_exit().exited; }

std::string TargetSession::exit_description() {
  if (!m_process) {
    return {};
  }
  const auto status = m_process->poll_exit();
  if (!status.exited) {
    return "still running";
  }
  return status.signal != 0 ? fmt::format("killed by signal {}", status.signal)
                            : fmt::format("exited with code {}", status.code);
}

void TargetSession::start_local(const config::TargetSettings& target, const std::atomic<bool>* cancelled) {
  const auto& start = *target.start;
  LaunchSpec spec;
  spec.executable = start.command.front();
  spec.args.assign(start.command.begin() + 1, start.command.end());
  spec.cwd = start.cwd;
  spec.env_overrides = start.env;
  const auto began = std::chrono::steady_clock::now();
  auto started = ChildProcess::start(spec);
  if (!started) {
    m_error = fmt::format("cannot start the local target '{}': {} (check targets.{}.start.command and cwd)", target.name,
                          started.error(), target.name);
    return;
  }
  m_process = std::move(started.value());
  const auto deadline = began + std::chrono::milliseconds(static_cast<long>(start.timeout_s * 1000));
  http::Request probe;
  probe.url = target.url + start.ready;
  probe.timeout = std::chrono::milliseconds(2000);
  probe.connect_timeout = std::chrono::milliseconds(1000);
  probe.verify_tls = !target.insecure_tls;
  probe.ca_file = target.ca_file.string();
  std::string last_problem = "no answer yet";
  int tls_failures = 0;
  for (;;) {
    if (cancelled != nullptr && cancelled->load()) {
      m_error = "interrupted while starting the local target";
      return;
    }
    const auto exit = m_process->poll_exit();
    if (exit.exited) {  // fail fast: no point waiting for a process that is gone
      m_error = fmt::format("the local target '{}' exited before it was ready ({}); its output is attached",
                            target.name,
                            exit.signal != 0 ? fmt::format("signal {}", exit.signal) : fmt::format("code {}", exit.code));
      return;
    }
    const auto response = http::perform(probe);
    if (response.transport_ok() && response.status < 500) {
      m_startup_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
      return;
    }
    last_problem = response.error ? response.error->message : fmt::format("HTTP {}", response.status);
    const bool tls = response.error && response.error->kind == http::TransportErrorKind::tls;
    tls_failures = tls ? tls_failures + 1 : 0;
    if (tls_failures >= kTlsFailuresBeforeGivingUp) {
      m_error = fmt::format("the local target '{}' answers, but not over trusted TLS: {} ({})", target.name,
                            last_problem, tls_hint(target));
      return;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      m_error = fmt::format("the local target '{}' was not ready within {:.0f} s: {} answered {} (raise "
                            "targets.{}.start.timeout_s, or check start.ready)",
                            target.name, start.timeout_s, http::display_url(probe.url), last_problem, target.name);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

void TargetSession::preflight(const config::TargetSettings& target) {
  // One request to the site's root proves DNS, TCP, TLS and HTTP in one go; any HTTP
  // answer counts (a 404 on "/" still means the site is up).
  http::Request probe;
  probe.url = target.url + "/";
  probe.timeout = std::chrono::milliseconds(15000);
  probe.connect_timeout = std::chrono::milliseconds(10000);
  probe.verify_tls = !target.insecure_tls;
  probe.ca_file = target.ca_file.string();
  const auto response = http::perform(probe);
  if (!response.transport_ok()) {
    std::string hint;
    switch (response.error->kind) {
      case http::TransportErrorKind::dns:
        hint = "check the host name in targets." + target.name + ".url";
        break;
      case http::TransportErrorKind::tls:
        hint = tls_hint(target);
        break;
      case http::TransportErrorKind::connection_refused:
        hint = "nothing listens there: is the deployment up?";
        break;
      default:
        hint = "is the deployment up and reachable from here?";
    }
    m_error = fmt::format("preflight of '{}' failed: {} ({})", target.name, response.error->message, hint);
    return;
  }
  if (response.status >= 500) {
    m_error = fmt::format("preflight of '{}' failed: {} answered HTTP {}", target.name, http::display_url(probe.url),
                          response.status);
  }
}

}  // namespace formcheck::target
