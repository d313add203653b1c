#include "harness/target/target_session.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "harness/http/http.hpp"
#include "harness/target/dev_server_diagnosis.hpp"
#include "harness/target/port_holder.hpp"
#include "harness/target/target_access.hpp"
#include "harness/util/one_line.hpp"
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
  const auto began = std::chrono::steady_clock::now();
  // A server already on the port would answer the ready probe in place of the one started
  // here (`next dev` even moves itself to the next free port): name it before starting.
  if (const auto where = host_port(target.url); where && accepts_connections(*where, std::chrono::milliseconds(1000))) {
    const auto holder = describe_port_holder(where->port);
    if (!start.reuse_existing) {
      m_error = fmt::format(
          "port {} of targets.{}.url is already in use by {}: stop that server (a dev server left running?), or "
          "set targets.{}.start.reuse_existing to true to test the server already running there",
          where->port, target.name, holder, target.name);
      return;
    }
    m_reused = fmt::format("port {} is already in use by {}: testing that server (targets.{}.start.reuse_existing)",
                           where->port, holder, target.name);
    wait_until_ready(target, began, cancelled);
    return;
  }
  process::LaunchSpec spec;
  spec.executable = start.command.front();
  spec.args.assign(start.command.begin() + 1, start.command.end());
  spec.cwd = start.cwd;
  spec.env_overrides = start.env;
  auto started = process::ChildProcess::start(spec);
  if (!started) {
    m_error = fmt::format("cannot start the local target '{}': {} (check targets.{}.start.command and cwd)", target.name,
                          started.error(), target.name);
    return;
  }
  m_process = std::move(started.value());
  wait_until_ready(target, began, cancelled);
}

void TargetSession::wait_until_ready(const config::TargetSettings& target, std::chrono::steady_clock::time_point began,
                                     const std::atomic<bool>* cancelled) {
  const auto& start = *target.start;
  const auto deadline = began + std::chrono::milliseconds(static_cast<long>(start.timeout_s * 1000));
  http::Request probe;
  probe.url = target.url + start.ready;
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
    if (const auto exit = m_process ? m_process->poll_exit() : process::ExitStatus{}; exit.exited) {
      m_error = exited_early_problem(target, exit);  // fail fast: no point waiting for a process that is gone
      return;
    }
    // No probe outlives the start deadline: a server that accepts and never answers is given
    // up at timeout_s, not a probe's length later.
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    probe.timeout = std::clamp(left, std::chrono::milliseconds(100), std::chrono::milliseconds(2000));
    probe.connect_timeout = std::min(probe.timeout, std::chrono::milliseconds(1000));
    const auto response = http::perform(probe);
    m_probes_sent += response.transport_ok() || response.request_sent ? 1 : 0;
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
    std::this_thread::sleep_for(std::min(std::chrono::milliseconds(100), std::max(left, std::chrono::milliseconds(0))));
  }
}

std::string TargetSession::exited_early_problem(const config::TargetSettings& target,
                                                const process::ExitStatus& exit) {
  auto text = fmt::format("the local target '{}' exited before it was ready ({})", target.name,
                          exit.signal != 0 ? fmt::format("signal {}", exit.signal) : fmt::format("code {}", exit.code));
  // The usual cause: another server took the port between the check before the start and the
  // bind (or listens on another address of it). It is still there to be named.
  const auto where = host_port(target.url);
  if (where && accepts_connections(*where, std::chrono::milliseconds(500))) {
    return text + fmt::format(": port {} is in use by {}: stop that server, or set targets.{}.start.reuse_existing "
                              "to true to test it",
                              where->port, describe_port_holder(where->port), target.name);
  }
  // The readers may still hold its last words: let them drain (both pipes close, or a moment).
  m_process->wait_for_line([](const process::OutputLine&) { return false; }, std::chrono::milliseconds(500));
  const auto tail = last_output_lines(1);
  return tail.empty() ? text + "; it printed nothing" : text + "; its last output line: " + tail.back();
}

std::vector<std::string> TargetSession::last_output_lines(size_t count) const {
  std::vector<std::string> out;
  if (!m_process) {
    return out;
  }
  const auto lines = m_process->output();  // already redacted
  for (auto it = lines.rbegin(); it != lines.rend() && out.size() < count; ++it) {
    auto line = one_line(escape_control_characters(strip_terminal_colours(it->text)), 240);
    if (!line.empty()) {
      out.insert(out.begin(), std::move(line));
    }
  }
  return out;
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
