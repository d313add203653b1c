#pragma once
// formcheck.json, validated: every key the README documents (fixtures/configs/example.jsonc
// shows them all). Values are final (variables expanded, paths resolved); secrets are Secret.
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/config/problems.hpp"
#include "harness/config/variables.hpp"
#include "harness/util/expected.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::config {

struct TwilioSettings {
  std::string account_sid;
  Secret auth_token;
  std::string api_key_sid;
  Secret api_key_secret;
  std::string api_base = "https://api.twilio.com";
  std::string messaging_base = "https://messaging.twilio.com";
  std::string staff;  // whatsapp:+E164 of the staff phone
  double timeout_s = 30;
};

struct ExpectSettings {
  std::string sender;            // whatsapp:+E164 the site must send from
  double latency_s = 30;         // budget from submit to the target status
  bool forbid_sandbox = true;    // the sandbox sender is a failure
  std::string status = "delivered";  // or "sent", "read"
  double grace_s = 15;           // extra wait past the budget to tell "late" from "never"
  // How long after the last submission the end-of-run sweep waits before counting messages
  // per token, so a late duplicate (a retrying route, a background job) or a late send for a
  // refused submission is counted. Unset: latency_s, because whatever arrives within the
  // latency budget is as real as a delivery; set lower, a run ends sooner but a duplicate
  // later than settle_s goes uncounted.
  std::optional<double> settle_s;
  // Whether `delivered` also requires every submitted field's value in the message, under its
  // label where the body labels fields (false: the message's arrival alone).
  bool fields_in_message = true;

  double settle_seconds() const { return settle_s.value_or(latency_s); }
  // The key that decided settle_seconds(), for the console and the report.
  const char* settle_key() const { return settle_s ? "expect.settle_s" : "expect.latency_s"; }
};

struct FormSettings {
  enum class Encoding { json, form };
  std::string path = "/api/contact";
  Encoding encoding = Encoding::json;
  std::vector<std::pair<std::string, std::string>> fields;  // defaults every submission starts from
  // The label the site's message writes for a field, where formcheck's guess from the field's
  // name would miss it ({"email": "Correo"}); "" = the field has no label.
  std::map<std::string, std::string> labels;
  std::string token_field = "message";  // where the correlation token and test marker go
  std::string sid_pointer = "/sid";     // JSON pointer to the message SID in the site's answer ("" = none)
  std::vector<std::pair<std::string, std::string>> headers;
  std::string marker = "formcheck-test";  // marks test messages (monitor reports them apart)
  double timeout_s = 30;
  // Whether a 2xx answer's body can refuse the submission ({"success": false}, an "error"
  // member, an HTML page where JSON was asked for). false: the status alone decides.
  bool judge_body = true;
  // Browser mode (run --browser): the page a guest fills in, and how formcheck reads it.
  std::string page = "/contact";
  std::vector<std::pair<std::string, std::string>> selectors;  // field → CSS; default [name="FIELD"]
  std::string submit;         // CSS of the submit control; "" = the form's submit button
  std::string success_text;   // text the guest must see after a successful submission ("" = not checked)
  std::string error_selector;  // CSS of error messages the page shows ("" = built-in guesses)
};

// Browser mode: which engines and devices submit the page (run --browser/--device win).
struct BrowserSettings {
  std::vector<std::string> engines;   // e.g. {"chromium"}; empty = API only
  std::vector<std::string> devices;   // "desktop" or an engine's device name; empty = {"desktop"}
};

struct StartSettings {
  std::vector<std::string> command;
  std::filesystem::path cwd;
  std::map<std::string, std::string> env;
  std::string ready = "/";
  double timeout_s = 90;
  // A server already answering at the target's URL (a dev server left running) is tested
  // instead of starting another; off: that is an error naming who holds the port.
  bool reuse_existing = false;
};

struct RateLimitSettings {
  int max = 5;          // the site's limit per client...
  double window_s = 60;  // ...per this many seconds
  // The abuse burst forges a different X-Forwarded-For and X-Real-IP per submission, as a
  // spammer does. Unset: forged for a remote target, not for one formcheck starts or a
  // loopback URL (no edge there overwrites them, so a limiter keyed on them is healthy once deployed).
  std::optional<bool> forge_client_ip = std::nullopt;
  // When one more submission probes that the limit still holds, in seconds after the burst's
  // first submission. Unset: half the window, at most 30 s; 0: no probe.
  std::optional<double> window_probe_s = std::nullopt;
};

struct TargetSettings {
  std::string name;
  std::string url;
  std::optional<StartSettings> start;  // a local target formcheck starts
  bool production = false;
  std::optional<int> max_messages;  // message budget; production defaults to 6
  RateLimitSettings rate_limit;
  ExpectSettings expect;  // the global expect with this target's overrides
  std::filesystem::path ca_file;
  bool insecure_tls = false;
  std::vector<std::string> suites;  // empty = the config's default list
  // Headers on every request to this target (preflight, warm-up, form): form.headers with the
  // target's own `headers` laid over them.
  std::vector<std::pair<std::string, std::string>> headers;
  // Vercel's Protection Bypass for Automation secret, sent as x-vercel-protection-bypass.
  Secret vercel_bypass_secret;
  double wait_s = 0;  // a remote target still deploying: keep probing this long for an answer
  std::optional<BrowserSettings> browser;  // overrides the top-level browser section
};

struct PollingSettings {
  int initial_ms = 250;
  int max_ms = 2000;
  int max_requests = 2000;  // Twilio API requests one run may spend
};

// `formcheck monitor` thresholds, watched after launch. A threshold is
// broken when: failures_per_window or more failures fall in any failure_window_min-long
// window; any delivery takes longer than max_latency_s; the delivery rate is under
// min_delivery_rate percent.
struct MonitorSettings {
  int failures_per_window = 3;
  double failure_window_min = 60;
  double max_latency_s = 30;  // defaults to expect.latency_s
  double min_delivery_rate = 99;
  std::string since = "24h";         // the window when --since is not given
  bool count_test_messages = true;   // formcheck's own test messages count toward thresholds
  std::string name = "production";   // the report's target name (JUnit classname formcheck.monitor.<name>)
  int page_size = 1000;              // PageSize of every list request (Twilio's maximum)
};

// The WhatsApp 24-hour window check of `audit` and `monitor`: free-form text reaches staff
// only within 24 h of their last message to the sender.
struct WindowSettings {
  double warn_hours = 6;  // warn when less than this is left
  enum class SiteSends { detect, free_form, templates };
  SiteSends site_sends = SiteSends::detect;  // "auto" | "free-form" | "template"
};

struct Config {
  std::filesystem::path file;
  std::filesystem::path base_dir;  // relative paths are resolved against this
  TwilioSettings twilio;
  ExpectSettings expect;
  std::optional<FormSettings> form;
  std::vector<TargetSettings> targets;  // in file order
  std::vector<std::string> suites = {"delivery", "sender", "passthrough", "rate-limit"};
  std::filesystem::path suites_dir;
  PollingSettings polling;
  int retries = 0;  // re-runs of a suite with a failed check (run --retries wins)
  MonitorSettings monitor;
  WindowSettings window;  // "whatsapp_window"
  nlohmann::json audit;  // read by `formcheck audit`
  BrowserSettings browser;
  std::shared_ptr<const Variables> variables;  // the ${VAR} layers, for sections read later (audit)

  const TargetSettings* find_target(std::string_view name) const;
};

enum class Purpose { run, audit, monitor };

struct LoadOptions {
  std::vector<std::filesystem::path> env_files;             // --env-file, in order (first wins)
  std::vector<std::pair<std::string, std::string>> vars;    // --var KEY=VALUE (win over everything)
  std::map<std::string, std::string> environment;           // the process environment
  Purpose purpose = Purpose::run;
  // The targets the command uses (empty, or holding "all": every target). The others are
  // read with their problems set aside, so their ${VAR}s need not be set.
  std::vector<std::string> targets;
};

// Loads and validates; on failure returns EVERY problem found, not just the first.
Expected<Config, Problems> load_config(const std::filesystem::path& file, const LoadOptions& options);
Expected<Config, Problems> parse_config(const std::string& text, const std::filesystem::path& file,
                                        const LoadOptions& options);

// The process environment as a map (for LoadOptions::environment).
std::map<std::string, std::string> process_environment();

}  // namespace formcheck::config
