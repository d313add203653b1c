#pragma once
// End-to-end set-up for `formcheck monitor` and the rollback drill: the Twilio emulator (and
// contact sites) as real processes, history injected through /__emulator/messages, and the
// real build/bin/formcheck run as a child with a deadline, its stdout/stderr captured through
// files and its JSON/JUnit reports read back.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/http/http.hpp"
#include "harness/process/child_process.hpp"
#include "harness/twilio/rfc2822.hpp"
#include "tests/support/standin.hpp"

namespace formcheck::testing::monitor_e2e {

using nlohmann::json;
using namespace std::chrono_literals;

inline constexpr const char* kAccountSid = "AC00112233445566778899aabbccddeeff";
inline constexpr const char* kAuthToken = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
inline constexpr const char* kSender = "whatsapp:+15557654321";
inline constexpr const char* kSandbox = "whatsapp:+14155238886";
inline constexpr const char* kStaff = "whatsapp:+6281234567890";

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// An ISO 8601 time `offset` after `base` ("2024-03-01T10:00:00Z").
inline std::string iso(const std::string& base, std::chrono::seconds offset = 0s) {
  return twilio::format_iso8601(*twilio::parse_iso8601(base) + offset);
}

// One injected message to staff: delivered after `latency` unless `status` says otherwise.
// A "failed" message is never sent (date_sent null), as Twilio's failures before sending.
inline json history_message(const std::string& created, const std::string& status = "delivered",
                            std::chrono::seconds latency = 2s, int error_code = 0, const std::string& from = kSender,
                            const std::string& body = "New contact form submission\nName: Ayu") {
  json m = {{"from", from},     {"to", kStaff},       {"body", body},
            {"status", status}, {"date_created", created}, {"date_updated", iso(created, latency)}};
  m["date_sent"] = status == "failed" ? json(nullptr) : json(iso(created, 1s));
  if (error_code != 0) {
    m["error_code"] = error_code;
  }
  return m;
}

struct Result {
  bool finished = false;
  int code = -1;
  std::string out, err;
  json report;        // the JSON report (null when absent)
  std::string junit;  // the JUnit XML text
  std::string diagnosis() const {
    return fmt::format("exit {}{}\n--- stderr\n{}\n--- stdout\n{}", code, finished ? "" : " (did not finish)",
                       err.substr(0, 4000), out.substr(0, 8000));
  }
  // The case `name` of suite `suite` in the JSON report (null when missing).
  json case_named(const std::string& name, const std::string& suite = "monitor") const {
    if (report.is_object() && report.contains("cases")) {
      for (const auto& c : report["cases"]) {
        if (c.value("name", "") == name && c.value("suite", "") == suite) {
          return c;
        }
      }
    }
    return nullptr;
  }
  std::string outcome(const std::string& name, const std::string& suite = "monitor") const {
    const auto c = case_named(name, suite);
    return c.is_null() ? std::string("<missing>") : c.value("outcome", "");
  }
  std::string message(const std::string& name, const std::string& suite = "monitor") const {
    const auto c = case_named(name, suite);
    return c.is_null() ? std::string() : c.value("message", "") + "\n" + c.value("detail", "");
  }
};

class MonitorFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "formcheck-monitor-e2e-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    m_dir = pattern;
  }
  void TearDown() override {
    m_sites.clear();
    m_emulator.reset();
    if (HasFailure()) {
      std::cerr << "[ kept     ] " << m_dir.string() << "\n";
    } else {
      std::error_code ec;
      std::filesystem::remove_all(m_dir, ec);
    }
  }

  const std::filesystem::path& dir() const { return m_dir; }

  void start_emulator(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--port",   "0",     "--account-sid",       kAccountSid, "--auth-token",
                                  kAuthToken, "--sender", kSender, "--delivery-delay-ms", "300"};
    args.insert(args.end(), extra.begin(), extra.end());
    m_emulator = StandIn::start("formcheck-twilio-emulator", args);
    ASSERT_NE(m_emulator, nullptr);
  }
  const std::string& emulator_url() const { return m_emulator->base_url(); }

  http::Response emulator(http::Method method, const std::string& path, const std::string& body = {}) const {
    http::Request r;
    r.method = method;
    r.url = m_emulator->base_url() + path;
    r.timeout = 60s;
    if (!body.empty()) {
      r.body = body;
      r.headers.push_back({"Content-Type", "application/json"});
    }
    return http::perform(r);
  }

  void inject(const json& messages) const {
    const auto response = emulator(http::Method::post, "/__emulator/messages", messages.dump());
    ASSERT_EQ(response.status, 200) << response.body.substr(0, 500);
  }

  void scenario(const json& s) const {
    const auto response = emulator(http::Method::post, "/__emulator/scenario", s.dump());
    ASSERT_EQ(response.status, 200) << response.body.substr(0, 500);
  }

  // GET requests to Messages.json the emulator answered so far.
  long list_requests() const {
    const auto stats = json::parse(emulator(http::Method::get, "/__emulator/stats").body, nullptr, false);
    long n = 0;
    if (stats.is_object() && stats.contains("requests")) {
      for (const auto& [route, count] : stats["requests"].items()) {
        if (route.rfind("GET ", 0) == 0 && route.find("/Messages.json") != std::string::npos) {
          n += count.get<long>();
        }
      }
    }
    return n;
  }

  // A contact site (already running: a remote target) with the route's variables; `env`
  // entries replace the defaults (e.g. TWILIO_WHATSAPP_NUMBER for the rollback).
  StandIn* start_site(const std::map<std::string, std::string>& env = {}) {
    std::map<std::string, std::string> full{{"TWILIO_ACCOUNT_SID", kAccountSid},
                                            {"TWILIO_AUTH_TOKEN", kAuthToken},
                                            {"TWILIO_WHATSAPP_NUMBER", kSender},
                                            {"STAFF_WHATSAPP_NUMBER", kStaff},
                                            {"TWILIO_API_BASE", m_emulator->base_url()}};
    for (const auto& [k, v] : env) {
      full[k] = v;
    }
    auto site = StandIn::start("formcheck-contact-site", {"--port", "0", "--rate-limit", "50/10"}, full);
    EXPECT_NE(site, nullptr);
    m_sites.push_back(std::move(site));
    return m_sites.back().get();
  }

  // twilio + expect (+ monitor): all `monitor` needs.
  json monitor_config(const json& monitor = json::object(), const std::string& sender = kSender) const {
    json config = {{"twilio",
                    {{"account_sid", kAccountSid},
                     {"auth_token", kAuthToken},
                     {"api_base", m_emulator->base_url()},
                     {"staff", kStaff},
                     {"timeout_s", 20}}},
                   {"expect", {{"sender", sender}, {"latency_s", 30}}}};
    if (!monitor.empty()) {
      config["monitor"] = monitor;
    }
    return config;
  }

  std::filesystem::path write_config(const json& config, const std::string& name = "formcheck.json") const {
    const auto path = m_dir / name;
    std::ofstream(path) << config.dump(2);
    return path;
  }

  // Starts build/bin/formcheck `args` in the temp dir (stdout/stderr to files named by `tag`).
  // Not supervised and exec'd by the shell: the child's pid is formcheck's own, for SIGINT.
  std::unique_ptr<process::ChildProcess> launch(const std::vector<std::string>& args, const std::string& tag) const {
    process::LaunchSpec spec;
    spec.executable = "/bin/sh";
    const auto out = m_dir / (tag + ".out");
    const auto err = m_dir / (tag + ".err");
    spec.args = {"-c", "exec \"$0\" \"$@\" >'" + out.string() + "' 2>'" + err.string() + "'", bin_path("formcheck")};
    spec.args.insert(spec.args.end(), args.begin(), args.end());
    spec.cwd = m_dir;
    spec.env_remove = {"TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_NUMBER", "STAFF_WHATSAPP_NUMBER",
                       "TWILIO_API_BASE", "PRODUCTION_URL", "NO_COLOR", "FORCE_COLOR"};
    spec.supervise = false;
    auto started = process::ChildProcess::start(spec);
    if (!started) {
      ADD_FAILURE() << started.error();
      return nullptr;
    }
    return std::move(started.value());
  }

  // What a finished (or stopped) `launch(…, tag)` left: exit, output, reports.
  Result collect(process::ExitStatus status, const std::string& tag) const {
    Result r;
    r.finished = status.exited;
    r.code = status.code;
    r.out = slurp(m_dir / (tag + ".out"));
    r.err = slurp(m_dir / (tag + ".err"));
    const auto junit = m_dir / (tag + ".xml");
    const auto report = m_dir / (tag + ".json");
    if (std::filesystem::exists(junit)) {
      r.junit = slurp(junit);
    }
    if (std::filesystem::exists(report)) {
      r.report = json::parse(slurp(report), nullptr, false);
      if (r.report.is_discarded()) {
        r.report = nullptr;
      }
    }
    return r;
  }

  // Runs build/bin/formcheck `args` in the temp dir (stdout/stderr to files named by `tag`).
  Result formcheck(const std::vector<std::string>& args, const std::string& tag,
                   std::chrono::milliseconds deadline = 120s) const {
    auto process = launch(args, tag);
    if (!process) {
      return {};
    }
    auto status = process->wait_exit(deadline);
    if (!status.exited) {
      ADD_FAILURE() << "formcheck did not finish within " << deadline.count() << " ms";
      process->stop(2s);
    }
    return collect(status, tag);
  }

  // `formcheck monitor --config <config> --junit <tag>.xml --json <tag>.json <extra>`.
  std::vector<std::string> monitor_args(const std::filesystem::path& config, const std::vector<std::string>& extra,
                                        const std::string& tag) const {
    std::vector<std::string> args{"monitor", "--config", config.string(), "--junit", (m_dir / (tag + ".xml")).string(),
                                  "--json", (m_dir / (tag + ".json")).string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  Result monitor(const std::filesystem::path& config, std::vector<std::string> extra, const std::string& tag = "monitor",
                 std::chrono::milliseconds deadline = 120s) const {
    return formcheck(monitor_args(config, extra, tag), tag, deadline);
  }

  // Validates a JUnit file against the xunit plugin's junit-10.xsd; false when xmllint or the
  // schema is missing (the caller skips visibly).
  static std::string junit_xsd() { return shared_dir() + "/junit/jenkinsci-xunit-plugin-junit-10.xsd"; }
  static bool xmllint_available() {
    return std::filesystem::exists(junit_xsd()) && std::filesystem::exists("/usr/bin/xmllint");
  }
  void expect_junit_valid(const std::string& tag) const {
    process::LaunchSpec spec;
    spec.executable = "xmllint";
    spec.args = {"--noout", "--schema", junit_xsd(), (m_dir / (tag + ".xml")).string()};
    auto started = process::ChildProcess::start(spec);
    ASSERT_TRUE(started) << started.error();
    const auto status = started.value()->wait_exit(30s);
    EXPECT_TRUE(status.exited && status.code == 0) << started.value()->output_text();
  }

 private:
  std::filesystem::path m_dir;
  std::unique_ptr<StandIn> m_emulator;
  std::vector<std::unique_ptr<StandIn>> m_sites;
};

}  // namespace formcheck::testing::monitor_e2e
