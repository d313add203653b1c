#include "harness/cli/demo_command.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "harness/browser/engines.hpp"
#include "harness/cli/browser_support.hpp"
#include "harness/cli/command_error.hpp"
#include "harness/cli/demo_local_site.hpp"
#include "harness/cli/monitor_command.hpp"
#include "harness/cli/run_command.hpp"
#include "harness/cli/self_path.hpp"
#include "harness/config/whatsapp_address.hpp"
#include "harness/http/http.hpp"
#include "harness/process/child_process.hpp"
#include "harness/twilio/rfc2822.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::cli {
namespace {

// The emulator's demo account: not anyone's secret, but handled as one so the demo shows
// redaction at work (the token never appears in the console or the reports).
constexpr const char* kAccountSid = "ACf0c4ec4f0c4ec4f0c4ec4f0c4ec4f0c4";
constexpr const char* kAuthToken = "d3e0d3e0d3e0d3e0d3e0d3e0d3e0d3e0";  // 32 hex, as the audit requires
constexpr const char* kSender = "whatsapp:+15557654321";
constexpr const char* kStaff = "whatsapp:+6281234567890";
// The production site sends this Content Template instead of free-form text.
constexpr const char* kTemplate = "HXd3e0c0de5e1ec7ed5e1ec7ed5e1ec7ed";
constexpr const char* kSiteRateLimit = "5/6";  // the reference route allows 5 per 60 s; the demo's window is shorter
// The Next.js route stamps each request when its handler runs, a little after formcheck sent
// it, so a client paced for exactly 5 per 6 s can land its 6th inside the route's 6 s window.
// Its window is 1 s shorter than the config's rate_limit says: the margin a real config keeps.
constexpr const char* kNextjsRateLimit = "5/5";

struct Running {
  std::unique_ptr<process::ChildProcess> process;
  std::string url;
};

Running start_standin(const std::string& binary, std::vector<std::string> args, std::map<std::string, std::string> env) {
  process::LaunchSpec spec;
  spec.executable = own_bin_dir() / binary;
  spec.args = std::move(args);
  spec.env_overrides = std::move(env);
  auto started = process::ChildProcess::start(spec);
  if (!started) {
    throw CommandError(kInfrastructure, fmt::format("cannot start {}: {}", binary, started.error()));
  }
  Running r{std::move(started.value()), {}};
  static const std::string prefix = "listening ";
  const auto line = r.process->wait_for_line(
      [](const process::OutputLine& l) { return l.text.rfind("listening http://127.0.0.1:", 0) == 0; },
      std::chrono::seconds(15));
  if (!line) {
    throw CommandError(kInfrastructure, fmt::format("{} did not start; it printed:\n{}", binary, r.process->output_text()));
  }
  r.url = line->substr(prefix.size());
  return r;
}

int free_port() {
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
  if (port == 0) {
    throw CommandError(kInfrastructure, "cannot find a free loopback port for the local site");
  }
  return port;
}

std::vector<std::string> site_args(const std::vector<std::string>& faults) {
  std::vector<std::string> args{"--rate-limit", kSiteRateLimit};
  for (const auto& f : faults) {
    args.push_back("--fault");
    args.push_back(f);
  }
  return args;
}

std::string json_list(const std::vector<std::string>& items) {
  nlohmann::json list = items;
  return list.dump();
}

// `"NAME": "value"` entries to append to the config's env object (each after a comma).
std::string extra_env_entries(const std::map<std::string, std::string>& env) {
  std::string out;
  for (const auto& [name, value] : env) {
    out += fmt::format(",\n          {}: {}", nlohmann::json(name).dump(), nlohmann::json(value).dump());
  }
  return out;
}

// Staff's side of the WhatsApp conversation. Staff wrote to the sender 27 hours ago, so the
// 24-hour window closed 3 hours ago (the 63016 burst below happened then); in the healthy demo
// they wrote again 2 h 15 m ago, which reopened it (21 h 45 m left). With defects they did
// not: the window is still closed, and free-form notifications fail.
constexpr auto kStaffFirstWrote = std::chrono::hours(27);
constexpr auto kStaffWroteAgain = std::chrono::minutes(135);

void post_to_emulator(const std::string& emulator_url, const std::string& path, const nlohmann::json& body) {
  http::Request request;
  request.method = http::Method::post;
  request.url = emulator_url + path;
  http::set_json_body(request, body);
  const auto response = http::perform(request);
  if (response.status != 200) {
    throw CommandError(kInfrastructure, fmt::format("the emulator refused {}: HTTP {} {}", path, response.status,
                                                    response.body.substr(0, 200)));
  }
}

void set_up_staff_conversation(const std::string& emulator_url, bool with_defects) {
  nlohmann::json inbound = nlohmann::json::array();
  inbound.push_back({{"from", kStaff}, {"to", kSender}, {"body", "Siap, noted!"},
                     {"ago_s", std::chrono::seconds(kStaffFirstWrote).count()}});
  if (!with_defects) {
    inbound.push_back({{"from", kStaff}, {"to", kSender}, {"body", "Maaf, tadi sibuk. Ada tamu baru?"},
                       {"ago_s", std::chrono::seconds(kStaffWroteAgain).count()}});
  }
  post_to_emulator(emulator_url, "/__emulator/inbound", inbound);
  // The Content Template the production site sends (ContentSid + ContentVariables).
  post_to_emulator(emulator_url, "/__emulator/scenario",
                   {{"content_templates", {{kTemplate, "New contact form submission\nName: {{1}}\nEmail: {{2}}\n"
                                                       "Phone: {{4}}\nMessage:\n{{3}}"}}}});
}

// A day of guests' messages for the monitor part of the demo: 400 delivered in 1–8 s while the
// window was open, and a burst of four 63016 failures (the 24-hour window rule) within 40
// minutes, three hours ago, after it closed. Returns the burst's start.
std::string inject_monitor_history(const std::string& emulator_url, bool with_defects) {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto closed_at = now - kStaffFirstWrote + std::chrono::hours(24);
  const auto reopened_at = now - kStaffWroteAgain;
  nlohmann::json history = nlohmann::json::array();
  for (int i = 0; i < 400; ++i) {
    const auto created = now - std::chrono::hours(23) + std::chrono::seconds(i * 198);
    // Free-form text is delivered only while the window is open.
    const bool open = created + std::chrono::seconds(10) < closed_at || (!with_defects && created > reopened_at);
    if (!open) {
      continue;
    }
    history.push_back({{"from", kSender}, {"to", kStaff}, {"status", "delivered"},
                       {"body", fmt::format("New contact form submission\nName: Guest {}\nMessage:\nHi, any room?", i)},
                       {"date_created", twilio::format_iso8601(created)},
                       {"date_sent", twilio::format_iso8601(created + std::chrono::seconds(1))},
                       {"date_updated", twilio::format_iso8601(created + std::chrono::seconds(1 + i % 8))}});
  }
  const auto burst = now - std::chrono::hours(3) + std::chrono::minutes(5);
  for (int i = 0; i < 4; ++i) {
    const auto created = burst + std::chrono::minutes(i * 13);
    history.push_back({{"from", kSender}, {"to", kStaff}, {"status", "failed"}, {"error_code", 63016},
                       {"body", "New contact form submission\nName: Late Guest\nMessage:\nStill there?"},
                       {"date_created", twilio::format_iso8601(created)}, {"date_sent", nullptr},
                       {"date_updated", twilio::format_iso8601(created + std::chrono::seconds(1))}});
  }
  post_to_emulator(emulator_url, "/__emulator/messages", history);
  return twilio::format_iso8601(burst);
}

}  // namespace

int run_demo(const DemoOptions& options) {
  register_secret(kAuthToken);
  const std::filesystem::path out(options.out_dir);
  std::filesystem::create_directories(out);
  const std::map<std::string, std::string> site_env = {{"TWILIO_ACCOUNT_SID", kAccountSid},
                                                       {"TWILIO_AUTH_TOKEN", kAuthToken},
                                                       {"TWILIO_WHATSAPP_NUMBER", kSender},
                                                       {"STAFF_WHATSAPP_NUMBER", kStaff}};

  fmt::print("formcheck demo{}: starting the Twilio emulator and three contact sites…\n",
             options.with_defects ? " --with-defects" : "");
  auto emulator = start_standin("formcheck-twilio-emulator",
                                {"--port", "0", "--account-sid", kAccountSid, "--auth-token", kAuthToken, "--sender",
                                 kSender, "--delivery-delay-ms", "1500"},
                                {});
  auto env_with_api = site_env;
  env_with_api["TWILIO_API_BASE"] = emulator.url;

  // With defects, each site carries the kind of bug formcheck exists to catch.
  const std::vector<std::string> local_faults =
      options.with_defects ? std::vector<std::string>{"escape-html", "duplicate"} : std::vector<std::string>{};
  // Preview is also submitted through its page in every installed engine (Chromium, WebKit,
  // Firefox), on a desktop and a phone; with defects its page hides the submit button on phones.
  const bool browser = !options.no_browser && !browser::available_engines().installed.empty();
  std::vector<std::string> preview_faults =
      options.with_defects ? std::vector<std::string>{"sender=" + std::string(config::kSandboxNumber)} : std::vector<std::string>{};
  if (browser && options.with_defects) {
    preview_faults.emplace_back("page-phone-no-submit");
  }
  const std::vector<std::string> production_faults = options.with_defects
                                                         ? std::vector<std::string>{"no-rate-limit", "drop-field=email"}
                                                         : std::vector<std::string>{};
  auto preview_args = site_args(preview_faults);
  preview_args.insert(preview_args.begin(), {"--port", "0"});
  auto preview = start_standin("formcheck-contact-site", preview_args, env_with_api);
  set_up_staff_conversation(emulator.url, options.with_defects);
  auto production_args = site_args(production_faults);
  production_args.insert(production_args.begin(), {"--port", "0", "--template", kTemplate});
  auto production = start_standin("formcheck-contact-site", production_args, env_with_api);

  // The audit suite reads a project folder's .env files and Vercel's variables (the
  // Vercel stand-in); with defects, the sandbox is left in .env.production and Vercel's
  // Preview, and the auth token is a Plain Vercel variable.
  const std::string vercel_token = "demo-vercel-token-7f3a91c2";
  register_secret(vercel_token);
  const std::string token_type = options.with_defects ? "plain" : "sensitive";
  auto vercel = start_standin(
      "formcheck-vercel-standin",
      {"--port", "0", "--token", vercel_token, "--project", "surf-camp-site", "--page-size", "3", "--env",
       std::string("encrypted:production,development:TWILIO_WHATSAPP_NUMBER=") + kSender, "--env",
       std::string("encrypted:preview:TWILIO_WHATSAPP_NUMBER=") +
           (options.with_defects ? std::string(config::kSandboxNumber) : std::string(kSender)),
       "--env", token_type + ":production,preview:TWILIO_AUTH_TOKEN=" + kAuthToken, "--env",
       std::string("encrypted:development:TWILIO_AUTH_TOKEN=") + kAuthToken, "--env",
       std::string("encrypted:production,preview,development:TWILIO_ACCOUNT_SID=") + kAccountSid},
      {});
  const auto project_dir = out / "project";
  std::filesystem::create_directories(project_dir);
  std::ofstream(project_dir / ".env") << fmt::format("TWILIO_ACCOUNT_SID={}\nSTAFF_WHATSAPP_NUMBER={}\n", kAccountSid, kStaff);
  // As create-next-app writes it: inside someone's git repository the demo's .env.local is
  // ignored like a real project's, so the audit passes wherever --out points.
  std::ofstream(project_dir / ".gitignore") << ".env*.local\n";
  std::ofstream(project_dir / ".env.local") << fmt::format("TWILIO_AUTH_TOKEN={}\n", kAuthToken);
  std::ofstream(project_dir / ".env.development") << fmt::format("TWILIO_WHATSAPP_NUMBER={}\n", kSender);
  std::ofstream(project_dir / ".env.production")
      << fmt::format("TWILIO_WHATSAPP_NUMBER={}\n", options.with_defects ? std::string(config::kSandboxNumber) : std::string(kSender));
  std::ofstream(project_dir / ".env.example")
      << "TWILIO_ACCOUNT_SID=AC...\nTWILIO_AUTH_TOKEN=your_auth_token\nTWILIO_WHATSAPP_NUMBER=whatsapp:+15551234567\n"
         "STAFF_WHATSAPP_NUMBER=whatsapp:+6281234567890\n";

  // The local target is started by formcheck itself from the config, exactly as a user's
  // `npm run dev` would be: the Next.js fixture when npm is installed, else the C++ site.
  const int local_port = free_port();
  const auto local = choose_local_site(local_port, kNextjsRateLimit, site_args(local_faults),
                                       options.with_defects ? "escape-html" : "");
  const std::string local_cwd =
      local.cwd.empty() ? "" : fmt::format("\"cwd\": {},\n        ", nlohmann::json(local.cwd.string()).dump());

  std::ofstream(out / ".env.demo") << fmt::format(
      "# Written by `formcheck demo`: the emulator's demo account (not a real Twilio account).\n"
      "TWILIO_ACCOUNT_SID={}\nTWILIO_AUTH_TOKEN={}\nTWILIO_WHATSAPP_NUMBER={}\nSTAFF_WHATSAPP_NUMBER={}\n"
      "TWILIO_API_BASE={}\nVERCEL_TOKEN={}\nVERCEL_API_BASE={}\n",
      kAccountSid, kAuthToken, kSender, kStaff, emulator.url, vercel_token, vercel.url);
  const auto config_path = out / "formcheck.json";
  std::ofstream(config_path) << fmt::format(R"({{
  // Written by `formcheck demo`. Point twilio.api_base at https://api.twilio.com and the
  // targets at your own site to run the same checks for real.
  "env_files": [".env.demo"],
  "twilio": {{
    "account_sid": "${{TWILIO_ACCOUNT_SID}}",
    "auth_token": "${{TWILIO_AUTH_TOKEN}}",
    "api_base": "${{TWILIO_API_BASE}}",
    "staff": "${{STAFF_WHATSAPP_NUMBER}}"
  }},
  "expect": {{ "sender": "${{TWILIO_WHATSAPP_NUMBER}}", "latency_s": 30, "forbid_sandbox": true, "grace_s": 5 }},
  "form": {{
    "path": "/api/contact",
    "encoding": "json",
    "fields": {{ "name": "Ayu Lestari", "email": "ayu@example.com", "message": "Selamat pagi! Is there space for 2 surfers next week?" }},
    "token_field": "message",
    "sid_pointer": "/sid",
    "page": "/contact",
    "success_text": "Thank you"
  }},
  "suites": ["audit", "delivery", "sender", "passthrough", "rate-limit"],
  "audit": {{
    "dotenv_dir": "project",
    "vercel": {{ "api_base": "${{VERCEL_API_BASE}}", "token": "${{VERCEL_TOKEN}}", "project": "surf-camp-site" }}
  }},
  "targets": {{
    "local": {{
      "url": "http://127.0.0.1:{local_port}",
      "start": {{
        "command": {local_command},
        {local_cwd}"env": {{
          "TWILIO_ACCOUNT_SID": "${{TWILIO_ACCOUNT_SID}}", "TWILIO_AUTH_TOKEN": "${{TWILIO_AUTH_TOKEN}}",
          "TWILIO_WHATSAPP_NUMBER": "${{TWILIO_WHATSAPP_NUMBER}}", "STAFF_WHATSAPP_NUMBER": "${{STAFF_WHATSAPP_NUMBER}}",
          "TWILIO_API_BASE": "${{TWILIO_API_BASE}}"{local_extra_env}
        }},
        "ready": "{local_ready}",
        "timeout_s": {local_timeout}
      }},
      "rate_limit": {{ "max": 5, "window_s": 6 }}
    }},
    "preview": {{ "url": "{preview}", "rate_limit": {{ "max": 5, "window_s": 6 }}{preview_browser} }},
    "production": {{
      "url": "{production}",
      "production": true,
      // A real production target keeps the default budget of 6 messages and runs only
      // delivery and sender; this one is a stand-in, so the demo runs everything.
      "max_messages": 25,
      "rate_limit": {{ "max": 5, "window_s": 6 }}
    }}
  }}
}}
)",
                                            fmt::arg("local_port", local_port),
                                            fmt::arg("local_command", json_list(local.command)),
                                            fmt::arg("local_cwd", local_cwd),
                                            fmt::arg("local_extra_env", extra_env_entries(local.env)),
                                            fmt::arg("local_ready", local.ready),
                                            fmt::arg("local_timeout", local.timeout_s),
                                            fmt::arg("preview", preview.url), fmt::arg("production", production.url),
                                            fmt::arg("preview_browser",
                                                     browser ? R"(,
      // Also through the page, as guests use it (formcheck run --browser does this for every target).
      "browser": { "engines": ["all"], "devices": ["desktop", "Pixel 7"] })"
                                                             : ""));
  fmt::print("  emulator   {}\n  local      http://127.0.0.1:{} (started by formcheck: {})\n  preview    {}\n"
             "  production {} (sends a Content Template, not free-form text)\n  vercel     {} (audit: project folder {})\n"
             "  config     {}\n\n",
             emulator.url, local_port, local.description, preview.url, production.url, vercel.url,
             project_dir.string(), config_path.string());

  if (!browser) {
    fmt::print("{}\n\n", demo_browser_note(options.no_browser));
  }
  RunCommandOptions run;
  run.config = config_path.string();
  run.junit = (out / "junit.xml").string();
  run.json = (out / "results.json").string();
  run.html = (out / "report.html").string();
  run.yes = true;  // the demo's production is a local stand-in
  run.screenshots = "all";
  const int code = run_run(run);
  fmt::print("\ndemo reports: {} and {}\nopen the run report in a browser: {}\n", run.junit, run.json,
             std::filesystem::absolute(run.html).string());

  // After launch: `formcheck monitor` over the last 24 hours of the Twilio log, which now
  // holds this run's test messages plus an injected day of guests' messages with a burst of
  // 63016 failures. The failure-burst threshold fails on purpose; the demo's exit code stays
  // the run's.
  const auto burst = inject_monitor_history(emulator.url, options.with_defects);
  fmt::print("\nformcheck monitor: the emulator now also holds a day of guests' messages (injected through "
             "/__emulator/messages), with four 63016 failures from {}, after staff's 24-hour window closed — the "
             "failure-burst threshold is expected to fail and explain them. {}\n\n",
             burst,
             options.with_defects ? "Staff have not written since, so the whatsapp-window check fails too."
                                  : "Staff wrote again since, so the whatsapp-window check passes with the time left.");
  MonitorOptions monitor;
  monitor.config = config_path.string();
  monitor.since = "24h";
  monitor.junit = (out / "monitor-junit.xml").string();
  monitor.json = (out / "monitor.json").string();
  monitor.html = (out / "monitor.html").string();
  const int monitor_code = run_monitor(monitor);
  fmt::print("\nmonitor exit code {} (1: a threshold is broken, as planted)\n", monitor_code);
  fmt::print("run report:     {}\nmonitor report: {}\n", std::filesystem::absolute(run.html).string(),
             std::filesystem::absolute(monitor.html).string());
  return code;
}

}  // namespace formcheck::cli
