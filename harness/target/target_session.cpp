#include "harness/target/target_session.hpp"

#include <fmt/format.h>

#include <thread>

#include "harness/http/http.hpp"
#include "harness/target/target_access.hpp"
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

// Why a preflight answer makes the target unusable ("" when it is usable).
std::string preflight_problem(const config::TargetSettings& target, const http::Request& probe,
                              const http::Response& response) {
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
    return fmt::format("preflight of '{}' failed: {} ({})", target.name, response.error->message, hint);
  }
  if (const auto refused = access_refused(response, target)) {
    return fmt::format("preflight of '{}' failed: {}", target.name, *refused);
  }
  if (response.status >= 500) {
    return fmt::format("preflight of '{}' failed: {} answered HTTP {}", target.name, http::display_url(probe.url),
                       response.status);
  }
  if (response.status == 404 && response.header("x-vercel-error") == std::optional<std::string>("DEPLOYMENT_NOT_FOUND")) {
    return fmt::format("preflight of '{}' failed: {} is not deployed (Vercel: DEPLOYMENT_NOT_FOUND; set "
                       "targets.{}.wait_s to wait for a deployment still building)",
                       target.name, http::display_url(probe.url), target.name);
  }
  return {};
}

}  // namespace

std::unique_ptr<TargetSession> TargetSession::open(const config::TargetSettings& target,
                                                   const std::atomic<bool>* cancelled) {
  auto session = std::unique_ptr<TargetSession>(new TargetSession());
  if (target.start) {
    session->start_local(target, cancelled);
  } else {
    session->preflight(target, cancelled);
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
  process::LaunchSpec spec;
  spec.executable = start.command.front();
  spec.args.assign(start.command.begin() + 1, start.command.end());
  spec.cwd = start.cwd;
  spec.env_overrides = start.env;
  const auto began = std::chrono::steady_clock::now();
  auto started = process::ChildProcess::start(spec);
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
  add_target_headers(probe, target);
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

void TargetSession::preflight(const config::TargetSettings& target, const std::atomic<bool>* cancelled) {
  // One request to the site's root proves DNS, TCP, TLS and HTTP in one go; any HTTP
  // answer counts (a 404 on "/" still means the site is up) but a refusal of access, which
  // would make every submission fail the same way.
  http::Request probe;
  probe.url = target.url + "/";
  probe.timeout = std::chrono::milliseconds(15000);
  probe.connect_timeout = std::chrono::milliseconds(10000);
  probe.verify_tls = !target.insecure_tls;
  probe.ca_file = target.ca_file.string();
  add_target_headers(probe, target);
  // wait_s: a deployment that is still building answers nothing, 5xx or Vercel's
  // DEPLOYMENT_NOT_FOUND; keep asking until it answers or the time is up.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<long>(target.wait_s * 1000));
  for (;;) {
    const auto response = http::perform(probe);
    m_error = preflight_problem(target, probe, response);
    const bool may_still_deploy = !m_error.empty() && !access_refused(response, target) &&
                                  !(response.error && response.error->kind == http::TransportErrorKind::tls);
    if (!may_still_deploy || std::chrono::steady_clock::now() >= deadline ||
        (cancelled != nullptr && cancelled->load())) {
      if (!m_error.empty() && target.wait_s > 0 && may_still_deploy) {
        m_error += fmt::format(" after waiting {:.0f} s (targets.{}.wait_s)", target.wait_s, target.name);
      }
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2000));
  }
}

}  // namespace formcheck::target
