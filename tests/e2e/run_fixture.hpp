#pragma once
// Shared set-up for the end-to-end tests of `formcheck run`: the Twilio emulator and contact
// sites as real processes on loopback, a config written into a fresh temporary directory, and
// the real build/bin/formcheck run as a child process with a deadline. formcheck itself is
// spawned directly (posix_spawn), not through process::ChildProcess: its stdout and stderr go
// byte for byte to files (ChildProcess's capture redacts, which would hide a leak from the
// secrets tests), and its pid is formcheck's own, for SIGINT.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/http/http.hpp"
#include "harness/process/child_process.hpp"
#include "tests/support/standin.hpp"

namespace formcheck::testing::run_e2e {

using nlohmann::json;
using namespace std::chrono_literals;

inline constexpr const char* kEmulator = "formcheck-twilio-emulator";
inline constexpr const char* kSite = "formcheck-contact-site";
inline constexpr const char* kAccountSid = "AC0123456789abcdef0123456789abcdef";
inline constexpr const char* kAuthToken = "9f3b6c1de27a4b58a0c4d6e8f1a2b3c4";  // 32 hex
inline constexpr const char* kSender = "whatsapp:+15557654321";       // registered with the emulator
inline constexpr const char* kOtherSender = "whatsapp:+15550001111";  // also registered, but not expected
inline constexpr const char* kSandbox = "whatsapp:+14155238886";
inline constexpr const char* kStaff = "whatsapp:+6281234567890";
inline constexpr const char* kSiteRate = "50/10";  // loose: only the rate-limit tests get near it

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline void write_text(const std::filesystem::path& path, const std::string& text, bool executable = false) {
  std::ofstream(path, std::ios::binary) << text;
  if (executable) {
    std::filesystem::permissions(path, std::filesystem::perms::owner_all, std::filesystem::perm_options::add);
  }
}

// A loopback port nobody listens on right now (for a target formcheck starts itself).
inline int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  int port = 0;
  if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  if (fd >= 0) {
    close(fd);
  }
  return port;
}

// Whether a process still exists (a zombie counts as gone: it runs no code and holds no port).
inline bool process_alive(int pid) {
  if (pid <= 0) {
    return false;
  }
  if (kill(pid, 0) != 0) {
    return errno != ESRCH;
  }
  const auto stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  const auto close_paren = stat.rfind(')');
  if (close_paren == std::string::npos || close_paren + 2 >= stat.size()) {
    return false;  // gone between kill() and the read
  }
  return stat[close_paren + 2] != 'Z';
}

inline int read_pid(const std::filesystem::path& file) {
  try {
    return std::stoi(read_text(file));
  } catch (const std::exception&) {
    return -1;
  }
}

// What one `formcheck` invocation left behind.
struct RunResult {
  bool finished = false;
  int code = -1;
  std::string out;  // stdout, raw bytes
  std::string err;  // stderr, raw bytes
  std::filesystem::path junit;
  std::filesystem::path json_path;
  std::string junit_text;
  std::string json_text;
  json results;  // parsed results.json (null when absent or not JSON)

  // Everything formcheck wrote, for the secret searches.
  std::string everything() const { return out + "\n" + err + "\n" + junit_text + "\n" + json_text; }
  // For failure messages: enough to see what happened without opening files.
  std::string diagnosis() const {
    std::string text = "exit " + std::to_string(code) + (finished ? "" : " (did not finish)") + "\n--- stderr\n" +
                       err.substr(0, 4000) + "\n--- stdout\n" + out.substr(0, 6000);
    return text;
  }
};

// The case (suite, target, name) of a results.json, or null.
inline json find_case(const json& results, const std::string& suite, const std::string& target,
                      const std::string& name) {
  if (!results.is_object() || !results.contains("cases")) {
    return nullptr;
  }
  for (const auto& c : results["cases"]) {
    if (c.value("suite", "") == suite && c.value("target", "") == target && c.value("name", "") == name) {
      return c;
    }
  }
  return nullptr;
}

// Its outcome (passed|failed|error|skipped|not_run), or "<missing>".
inline std::string outcome(const json& results, const std::string& suite, const std::string& target,
                           const std::string& name) {
  const auto c = find_case(results, suite, target, name);
  return c.is_null() ? std::string("<missing>") : c.value("outcome", "<no outcome>");
}

inline std::string message_of(const json& results, const std::string& suite, const std::string& target,
                              const std::string& name) {
  const auto c = find_case(results, suite, target, name);
  return c.is_null() ? std::string() : c.value("message", "") + "\n" + c.value("detail", "");
}

// Every case of a run, optionally of one suite/target, as "suite/target/name → outcome: message" lines.
inline std::string case_table(const json& results) {
  std::string out;
  if (results.is_object() && results.contains("cases")) {
    for (const auto& c : results["cases"]) {
      out += c.value("suite", "") + " " + c.value("target", "") + " " + c.value("name", "") + " → " +
             c.value("outcome", "") + ": " + c.value("message", "") + "\n";
    }
  }
  return out;
}

inline std::vector<json> cases_of(const json& results, const std::string& suite, const std::string& target) {
  std::vector<json> out;
  if (results.is_object() && results.contains("cases")) {
    for (const auto& c : results["cases"]) {
      if (c.value("suite", "") == suite && c.value("target", "") == target) {
        out.push_back(c);
      }
    }
  }
  return out;
}

// formcheck as a plain child: own process group, stdin /dev/null, stdout/stderr to files,
// default signal dispositions. Killed (with its group) if a test leaves it running.
class Spawned {
 public:
  static std::unique_ptr<Spawned> start(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                                        const std::filesystem::path& out, const std::filesystem::path& err,
                                        const std::vector<std::string>& env_remove) {
    std::vector<std::string> env;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
      const std::string kv(*entry);
      const auto name = kv.substr(0, kv.find('='));
      if (std::find(env_remove.begin(), env_remove.end(), name) == env_remove.end()) {
        env.push_back(kv);
      }
    }
    std::vector<char*> c_argv;
    for (const auto& a : argv) {
      c_argv.push_back(const_cast<char*>(a.c_str()));
    }
    c_argv.push_back(nullptr);
    std::vector<char*> c_env;
    for (const auto& e : env) {
      c_env.push_back(const_cast<char*>(e.c_str()));
    }
    c_env.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGHUP}) {
      sigaddset(&defaults, sig);
    }
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, c_argv[0], &actions, &attr, c_argv.data(), c_env.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
      ADD_FAILURE() << "cannot spawn " << argv[0] << ": " << std::strerror(rc);
      return nullptr;
    }
    auto spawned = std::unique_ptr<Spawned>(new Spawned());
    spawned->m_pid = pid;
    return spawned;
  }

  ~Spawned() {
    if (!m_status) {
      kill(-m_pid, SIGKILL);
      kill(m_pid, SIGKILL);
      int status = 0;
      waitpid(m_pid, &status, 0);
    }
  }

  int pid() const { return m_pid; }

  // The exit code (128 + signal when killed), or nullopt when still running at the deadline.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!m_status) {
      int status = 0;
      const pid_t r = waitpid(m_pid, &status, WNOHANG);
      if (r == m_pid) {
        m_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        break;
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return m_status;
  }

 private:
  Spawned() = default;
  int m_pid = -1;
  std::optional<int> m_status;
};

class RunFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "formcheck-run-e2e-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << "mkdtemp failed";
    m_dir = pattern;
  }

  void TearDown() override {
    m_sites.clear();
    m_emulator.reset();
    if (HasFailure()) {
      std::cerr << "[ kept     ] " << m_dir.string() << " (config, reports, formcheck's output)\n";
    } else {
      std::error_code ec;
      std::filesystem::remove_all(m_dir, ec);
    }
  }

  const std::filesystem::path& dir() const { return m_dir; }

  // ---- stand-ins -----------------------------------------------------------------------

  // The emulator with the account, its token and both registered senders; `extra` appended.
  void start_emulator(std::vector<std::string> extra = {}, int delivery_delay_ms = 300) {
    std::vector<std::string> args{"--port",   "0",          "--account-sid", kAccountSid,
                                  "--auth-token", kAuthToken, "--sender",   kSender,
                                  "--sender", kOtherSender, "--delivery-delay-ms", std::to_string(delivery_delay_ms)};
    args.insert(args.end(), extra.begin(), extra.end());
    m_emulator = StandIn::start(kEmulator, args);
    ASSERT_NE(m_emulator, nullptr);
  }

  const std::string& emulator_url() const { return m_emulator->base_url(); }

  // The variables the real route reads, pointing at the emulator.
  std::map<std::string, std::string> site_env() const {
    return {{"TWILIO_ACCOUNT_SID", kAccountSid},
            {"TWILIO_AUTH_TOKEN", kAuthToken},
            {"TWILIO_WHATSAPP_NUMBER", kSender},
            {"STAFF_WHATSAPP_NUMBER", kStaff},
            {"TWILIO_API_BASE", m_emulator->base_url()}};
  }

  // A contact site already running (a remote target for formcheck). `args` come after
  // --port 0 --verbose --rate-limit <rate>; `env` entries replace site_env()'s.
  StandIn* start_site(std::vector<std::string> args = {}, const std::map<std::string, std::string>& env = {},
                      const std::string& rate = kSiteRate) {
    auto full_env = site_env();
    for (const auto& [k, v] : env) {
      full_env[k] = v;
    }
    args.insert(args.begin(), {"--port", "0", "--verbose", "--rate-limit", rate});
    auto site = StandIn::start(kSite, args, full_env);
    EXPECT_NE(site, nullptr);
    if (!site) {
      return nullptr;
    }
    m_sites.push_back(std::move(site));
    return m_sites.back().get();
  }

  // How many POST /api/contact requests a site (started with --verbose) has logged.
  static int site_posts(StandIn& site) {
    int count = 0;
    for (const auto& line : site.process().output()) {
      count += line.text.find("POST /api/contact") != std::string::npos ? 1 : 0;
    }
    return count;
  }

  json emulator_get(const std::string& path) const {
    http::Request request;
    request.url = m_emulator->base_url() + path;
    request.timeout = 5s;
    const auto response = http::perform(request);
    return json::parse(response.body, nullptr, false);
  }

  json emulator_stats() const { return emulator_get("/__emulator/stats"); }

  // A Twilio outage that starts after submitting: as soon as the site has asked Twilio for the
  // message, every read of the log (list and fetch) answers 503 for the rest of the run.
  void take_the_log_down_once_a_message_exists() const {
    ASSERT_TRUE(wait_until([&] { return emulator_creates() >= 1; }, 20s, 10ms));
    ASSERT_EQ(emulator_control_post("/__emulator/faults", {{"error_rate", 1.0},
                                                           {"error_status", 503},
                                                           {"routes", {"messages.list", "messages.fetch"}}}),
              200);
  }

  // POST to the emulator's control API (e.g. "/__emulator/faults"); the answer's status.
  long emulator_control_post(const std::string& path, const json& body) const {
    http::Request request;
    request.method = http::Method::post;
    request.url = emulator_url() + path;
    request.timeout = 5s;
    http::set_json_body(request, body);
    return http::perform(request).status;
  }

  // Messages the emulator was asked to create (POST …/Messages.json), by its own stats.
  long emulator_creates() const {
    const auto stats = emulator_stats();
    long total = 0;
    if (stats.is_object() && stats.contains("requests") && stats["requests"].is_object()) {
      for (const auto& [route, count] : stats["requests"].items()) {
        const bool create = route.rfind("POST ", 0) == 0 && route.size() > 14 &&
                            route.compare(route.size() - 14, 14, "/Messages.json") == 0;
        if (create && count.is_number()) {
          total += count.get<long>();
        }
      }
    }
    return total;
  }

  long emulator_message_count() const {
    const auto dump = emulator_get("/__emulator/messages");
    return dump.is_object() ? dump.value("count", 0L) : -1;
  }

  // ---- config --------------------------------------------------------------------------

  // A complete config (the template `formcheck demo` writes) with small budgets and no targets.
  json base_config() const {
    return {
        {"twilio",
         {{"account_sid", kAccountSid},
          {"auth_token", kAuthToken},
          {"api_base", m_emulator ? m_emulator->base_url() : std::string("http://127.0.0.1:9")},
          {"staff", kStaff},
          {"timeout_s", 10}}},
        {"expect",
         {{"sender", kSender}, {"latency_s", 5}, {"grace_s", 2}, {"forbid_sandbox", true}, {"status", "delivered"}}},
        {"form",
         {{"path", "/api/contact"},
          {"encoding", "json"},
          {"fields", {{"name", "Ayu Lestari"}, {"email", "ayu@example.com"}, {"message", "Selamat pagi! Space for 2?"}}},
          {"token_field", "message"},
          {"sid_pointer", "/sid"}}},
        {"polling", {{"initial_ms", 100}, {"max_ms", 500}}},
        {"suites", {"delivery", "sender", "passthrough", "rate-limit"}},
        {"targets", json::object()},
    };
  }

  static json remote_target(const StandIn& site, int rate_max = 50, double rate_window_s = 10) {
    return {{"url", site.base_url()}, {"rate_limit", {{"max", rate_max}, {"window_s", rate_window_s}}}};
  }

  // The contact site's command line for a target formcheck starts (--port <port> first).
  static std::vector<std::string> site_command(int port, std::vector<std::string> extra = {},
                                               const std::string& rate = kSiteRate) {
    std::vector<std::string> command{bin_path(kSite), "--port", std::to_string(port), "--rate-limit", rate};
    command.insert(command.end(), extra.begin(), extra.end());
    return command;
  }

  // A target formcheck starts itself with `command`, ready on /api/health.
  json local_target(int port, const std::vector<std::string>& command, double timeout_s = 20, int rate_max = 50,
                    double rate_window_s = 10) const {
    json env = json::object();
    for (const auto& [k, v] : site_env()) {
      env[k] = v;
    }
    return {{"url", "http://127.0.0.1:" + std::to_string(port)},
            {"start", {{"command", command}, {"env", env}, {"ready", "/api/health"}, {"timeout_s", timeout_s}}},
            {"rate_limit", {{"max", rate_max}, {"window_s", rate_window_s}}}};
  }

  std::filesystem::path write_config(const json& config, const std::string& name = "formcheck.json") const {
    const auto path = m_dir / name;
    write_text(path, config.dump(2));
    return path;
  }

  // ---- running formcheck ---------------------------------------------------------------

  // Starts build/bin/formcheck with `args` in the temp dir; stdout/stderr go to files `tag`.out/.err.
  std::unique_ptr<Spawned> start_formcheck(const std::vector<std::string>& args,
                                           const std::string& tag = "formcheck") const {
    std::vector<std::string> argv{bin_path("formcheck")};
    argv.insert(argv.end(), args.begin(), args.end());
    return Spawned::start(argv, m_dir, m_dir / (tag + ".out"), m_dir / (tag + ".err"),
                          {"TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_NUMBER", "STAFF_WHATSAPP_NUMBER",
                           "TWILIO_API_BASE", "NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE",
                           // A CI job's summary is for the job, not for every test's formcheck run.
                           "GITHUB_STEP_SUMMARY"});
  }

  // Collects what a finished (or abandoned: code nullopt) formcheck left behind.
  RunResult collect(std::optional<int> code, const std::string& tag, const std::filesystem::path& junit,
                    const std::filesystem::path& json_path) const {
    RunResult r;
    r.finished = code.has_value();
    r.code = code.value_or(-1);
    r.out = read_text(m_dir / (tag + ".out"));
    r.err = read_text(m_dir / (tag + ".err"));
    r.junit = junit;
    r.json_path = json_path;
    if (!junit.empty() && std::filesystem::exists(junit)) {
      r.junit_text = read_text(junit);
    }
    if (!json_path.empty() && std::filesystem::exists(json_path)) {
      r.json_text = read_text(json_path);
      r.results = json::parse(r.json_text, nullptr, false);
      if (r.results.is_discarded()) {
        r.results = nullptr;
      }
    }
    return r;
  }

  // Runs `formcheck <args>` to completion (killed, and the test failed, after `deadline`).
  RunResult formcheck(const std::vector<std::string>& args, std::chrono::milliseconds deadline = 60s,
                      const std::string& tag = "formcheck", const std::filesystem::path& junit = {},
                      const std::filesystem::path& json_path = {}) const {
    auto process = start_formcheck(args, tag);
    if (!process) {
      return {};
    }
    const auto code = process->wait_exit(deadline);
    if (!code) {
      ADD_FAILURE() << "formcheck did not finish within " << deadline.count() << " ms: formcheck "
                    << ::testing::PrintToString(args);
    }
    process.reset();  // kills it when it is still running
    return collect(code, tag, junit, json_path);
  }

  // `formcheck run --config <config> --junit junit.xml --json results.json --yes <extra>`.
  RunResult run(const std::filesystem::path& config, std::vector<std::string> extra = {},
                std::chrono::milliseconds deadline = 60s, const std::string& tag = "formcheck") const {
    const auto junit = m_dir / (tag + "-junit.xml");
    const auto json_path = m_dir / (tag + "-results.json");
    std::vector<std::string> args{"run", "--config", config.string(), "--junit", junit.string(),
                                  "--json", json_path.string(), "--yes"};
    args.insert(args.end(), extra.begin(), extra.end());
    return formcheck(args, deadline, tag, junit, json_path);
  }

  // ---- JUnit ---------------------------------------------------------------------------

  static std::string junit_xsd() { return shared_dir() + "/junit/jenkinsci-xunit-plugin-junit-10.xsd"; }

  // Validates `junit` against the xunit plugin's junit-10.xsd with xmllint. Returns false (and
  // says why on stderr) when the tool or the schema is missing, so callers can skip visibly.
  static bool xmllint_available() {
    return std::filesystem::exists(junit_xsd()) && (std::filesystem::exists("/usr/bin/xmllint") ||
                                                     std::filesystem::exists("/usr/local/bin/xmllint"));
  }

  void expect_junit_valid(const std::filesystem::path& junit) const {
    ASSERT_TRUE(std::filesystem::exists(junit)) << junit << " was not written";
    process::LaunchSpec spec;
    spec.executable = "xmllint";
    spec.args = {"--noout", "--schema", junit_xsd(), junit.string()};
    auto started = process::ChildProcess::start(spec);
    ASSERT_TRUE(started) << started.error();
    auto& process = *started.value();
    const auto status = process.wait_exit(30s);
    EXPECT_TRUE(status.exited && status.code == 0)
        << "xmllint rejected " << junit << ":\n" << process.output_text() << "\n" << read_text(junit).substr(0, 3000);
  }

 private:
  std::filesystem::path m_dir;
  std::unique_ptr<StandIn> m_emulator;
  std::vector<std::unique_ptr<StandIn>> m_sites;
};

// Validates a JUnit file against the XSD; where xmllint or the XSD is missing the test is
// marked skipped (visibly) instead. Use it last in a test: a skip ends the test.
#define FORMCHECK_EXPECT_JUNIT_VALID(path)                                                                  \
  do {                                                                                                      \
    if (!RunFixture::xmllint_available()) {                                                                 \
      GTEST_SKIP() << "JUnit schema validation impossible: xmllint or " << RunFixture::junit_xsd() << " is missing"; \
    }                                                                                                       \
    expect_junit_valid(path);                                                                               \
  } while (false)

}  // namespace formcheck::testing::run_e2e
