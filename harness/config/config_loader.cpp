#include <fmt/format.h>

#include <algorithm>
#include <cctype>


#include "harness/config/browser_section.hpp"
#include "harness/config/clear_text_credentials.hpp"
#include "harness/config/config.hpp"
#include "harness/config/dotenv.hpp"
#include "harness/config/section_reader.hpp"
#include "harness/config/tuning_sections.hpp"
#include "harness/config/whatsapp_address.hpp"
#include "harness/util/ambient_secrets.hpp"
#include "harness/util/data_dir.hpp"
#include "harness/util/did_you_mean.hpp"
#include "harness/util/jsonc.hpp"
#include "harness/config/duplicate_keys.hpp"
#include "harness/util/pii.hpp"
#include "harness/util/text_file.hpp"

extern char** environ;

namespace formcheck::config {
namespace {

using nlohmann::json;

void check_address(SectionReader& reader, const char* key, const std::string& value) {
  if (const auto problem = whatsapp_address_problem(value)) {
    const auto suggestion = suggest_whatsapp_address(value);
    reader.problem(key, fmt::format("'{}' {}", value, *problem),
                   suggestion.empty() ? "write it as whatsapp:+<country code><number>, e.g. whatsapp:+15551234567"
                                      : fmt::format("write it as {} (no spaces or dashes)", suggestion));
  }
}

void check_url(SectionReader& reader, const char* key, const std::string& value) {
  if (value.rfind("http://", 0) != 0 && value.rfind("https://", 0) != 0) {
    reader.problem(key, fmt::format("'{}' is not an http(s) URL", value), "write it as https://host[:port]");
  }
}

bool looks_like_sid(const std::string& value, const char* prefix) {
  if (value.size() != 34 || value.rfind(prefix, 0) != 0) {
    return false;
  }
  for (size_t i = 2; i < value.size(); ++i) {
    if (std::isxdigit(static_cast<unsigned char>(value[i])) == 0) {
      return false;
    }
  }
  return true;
}

void read_twilio(SectionReader& r, TwilioSettings& t) {
  if (auto v = r.string("account_sid")) {
    t.account_sid = *v;
    if (!looks_like_sid(t.account_sid, "AC")) {
      r.problem("account_sid", fmt::format("'{}' is not an Account SID", t.account_sid),
                "use the AC… SID (AC + 32 hex digits) from the Twilio Console, not an API key SK…");
    }
  } else if (!r.present("account_sid")) {
    r.problem("account_sid", "is missing", R"(add "account_sid": "${TWILIO_ACCOUNT_SID}")");
  }
  if (auto v = r.string("auth_token", true)) {
    t.auth_token = Secret(*v);
  }
  if (auto v = r.string("api_key_sid")) {
    t.api_key_sid = *v;
    if (!looks_like_sid(t.api_key_sid, "SK")) {
      r.problem("api_key_sid", fmt::format("'{}' is not an API key SID", t.api_key_sid), "use the SK… SID of the key");
    }
  }
  if (auto v = r.string("api_key_secret", true)) {
    t.api_key_secret = Secret(*v);
  }
  const bool has_token = r.present("auth_token");
  const bool has_key = r.present("api_key_sid") || r.present("api_key_secret");
  if (!has_token && !has_key) {
    r.problem("auth_token", "is missing (and no api_key_sid + api_key_secret either)",
              R"(add "auth_token": "${TWILIO_AUTH_TOKEN}")");
  } else if (has_key && (!r.present("api_key_sid") || !r.present("api_key_secret"))) {
    r.problem(r.present("api_key_sid") ? "api_key_secret" : "api_key_sid", "is missing", "give both api_key_sid and api_key_secret");
  } else if (has_token && has_key) {
    r.problem("auth_token", "and an API key are both given", "keep one: auth_token, or api_key_sid + api_key_secret");
  }
  if (auto v = r.string("api_base")) {
    check_url(r, "api_base", *v);
    t.api_base = *v;
  }
  if (auto v = r.string("messaging_base")) {
    check_url(r, "messaging_base", *v);
    t.messaging_base = *v;
  } else if (r.present("api_base") && t.api_base.find("api.twilio.com") == std::string::npos) {
    t.messaging_base = t.api_base;  // an emulator or proxy serves both APIs
  }
  if (auto v = r.string("staff")) {
    t.staff = *v;
    check_address(r, "staff", t.staff);
  } else if (!r.present("staff")) {
    r.problem("staff", "is missing", R"(add "staff": "${STAFF_WHATSAPP_NUMBER}")");
  }
  if (auto v = r.number("timeout_s", 1, 600)) {
    t.timeout_s = *v;
  }
  r.reject_unknown_keys();
}

void read_expect(SectionReader& r, ExpectSettings& e, bool sender_required) {
  if (auto v = r.string("sender")) {
    e.sender = *v;
    check_address(r, "sender", e.sender);
    // The business's own sender is public (it is on the website) and the sender checks are
    // about it: --mask-pii leaves it readable, like Twilio's sandbox number.
    register_public_number(e.sender);
    register_public_number(kSandboxNumber);
  } else if (sender_required && !r.present("sender")) {
    r.problem("sender", "is missing", R"(add "sender": "${TWILIO_WHATSAPP_NUMBER}")");
  }
  if (auto v = r.number("latency_s", 0.1, 3600)) {
    e.latency_s = *v;
  }
  if (auto v = r.boolean("forbid_sandbox")) {
    e.forbid_sandbox = *v;
  }
  if (auto v = r.string("status")) {
    if (*v != "sent" && *v != "delivered" && *v != "read") {
      r.problem("status", fmt::format("'{}' is not a status formcheck can wait for", *v),
                R"(use "sent", "delivered" or "read")");
    } else {
      e.status = *v;
    }
  }
  if (auto v = r.number("grace_s", 0, 3600)) {
    e.grace_s = *v;
  }
  if (auto v = r.number("settle_s", 0, 3600)) {
    e.settle_s = *v;
  }
  if (auto v = r.boolean("fields_in_message")) {
    e.fields_in_message = *v;
  }
  r.reject_unknown_keys();
}

// form.labels: each key one of the form's fields (a typo would silently leave the guess).
void read_form_labels(SectionReader& r, FormSettings& f) {
  const auto labels = r.string_map("labels");
  if (!labels) {
    return;
  }
  std::vector<std::string> fields;
  for (const auto& [name, value] : f.fields) {
    fields.push_back(name);
  }
  for (const auto& [field, label] : *labels) {
    if (!f.fields.empty() && std::find(fields.begin(), fields.end(), field) == fields.end()) {
      r.problem("labels." + field, fmt::format("'{}' is not one of the form's fields{}", field,
                                               did_you_mean_suffix(field, fields)),
                "name a field of form.fields, e.g. \"email\": \"Correo\"");
      continue;
    }
    f.labels[field] = label;
  }
}

FormSettings read_form(SectionReader& r) {
  FormSettings f;
  if (auto v = r.string("path")) {
    f.path = *v;
    if (f.path.empty() || f.path.front() != '/') {
      r.problem("path", fmt::format("'{}' does not start with /", f.path), R"(write it like "/api/contact")");
    }
  }
  if (auto v = r.string("encoding")) {
    if (*v == "json") {
      f.encoding = FormSettings::Encoding::json;
    } else if (*v == "form" || *v == "urlencoded") {
      f.encoding = FormSettings::Encoding::form;
    } else {
      r.problem("encoding", fmt::format("'{}' is not an encoding", *v), R"(use "json" or "form")");
    }
  }
  if (auto v = r.string_map("fields")) {
    f.fields = *v;
    for (const auto& field : f.fields) {
      register_pii(field.second);  // a guest's e-mail or phone, masked with --mask-pii
    }
  } else if (!r.present("fields")) {
    r.problem("fields", "is missing",
              R"(add the form's default values, e.g. {"name": "Ayu Lestari", "email": "ayu@example.com", "message": "Hello"})");
  }
  read_form_labels(r, f);
  if (auto v = r.string("token_field")) {
    f.token_field = *v;
  }
  bool token_field_known = false;
  for (const auto& [name, value] : f.fields) {
    token_field_known = token_field_known || name == f.token_field;
  }
  if (!f.fields.empty() && !token_field_known) {
    r.problem("token_field", fmt::format("'{}' is not one of the form's fields", f.token_field),
              "name a text field the site forwards to WhatsApp, usually \"message\"");
  }
  if (auto v = r.string("sid_pointer")) {
    f.sid_pointer = *v;
    if (!f.sid_pointer.empty() && f.sid_pointer.front() != '/') {
      r.problem("sid_pointer", fmt::format("'{}' is not a JSON pointer", f.sid_pointer),
                R"(write it like "/sid", or "" when the site does not return the SID)");
    }
  }
  if (auto v = r.string_map("headers")) {
    f.headers = *v;
  }
  if (auto v = r.string("marker")) {
    f.marker = *v;
  }
  if (auto v = r.number("timeout_s", 1, 600)) {
    f.timeout_s = *v;
  }
  if (auto v = r.boolean("judge_body")) {
    f.judge_body = *v;
  }
  read_form_page(r, f);
  r.reject_unknown_keys();
  return f;
}

std::filesystem::path resolve(const std::filesystem::path& base, const std::string& value) {
  std::filesystem::path p(value);
  return p.is_absolute() ? p : (base / p).lexically_normal();
}

// The budget of a remote target that is not production (a preview) unless it sets its own.
constexpr int kRemoteDefaultMaxMessages = 100;

// Vercel's name for the Protection Bypass for Automation secret (Project Settings →
// Deployment Protection), set in a Vercel-linked CI as an environment variable.
constexpr const char* kVercelBypassVariable = "VERCEL_AUTOMATION_BYPASS_SECRET";

// What every request to the target carries: headers, the Vercel bypass secret, and how long a
// still-deploying remote target is waited for.
void read_target_access(SectionReader& r, TargetSettings& t, const Config& config) {
  if (config.form) {
    t.headers = config.form->headers;
  }
  if (auto v = r.string_map("headers")) {
    for (const auto& header : *v) {
      const std::string& name = header.first;
      const auto same = std::find_if(t.headers.begin(), t.headers.end(), [&name](const auto& h) {
        return std::equal(h.first.begin(), h.first.end(), name.begin(), name.end(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        });
      });
      if (same != t.headers.end()) {
        same->second = header.second;
      } else {
        t.headers.push_back(header);
      }
    }
  }
  if (auto v = r.string("vercel_bypass_secret", true)) {
    t.vercel_bypass_secret = Secret(*v);
  } else if (!r.present("vercel_bypass_secret") && !t.production && !t.start) {
    // Protected previews are Vercel's default: use the CI's bypass secret when it is there.
    if (const auto value = r.context().variables->lookup(kVercelBypassVariable); value && !value->empty()) {
      t.vercel_bypass_secret = Secret(*value);
    }
  }
  if (auto v = r.number("wait_s", 0, 3600)) {
    t.wait_s = *v;
    if (t.start && t.wait_s > 0) {
      r.problem("wait_s", "applies to a remote target only",
                "remove it; a local target waits start.timeout_s for its ready URL");
    }
  }
}

TargetSettings read_target(SectionReader& r, const std::string& name, const Config& config) {
  TargetSettings t;
  t.name = name;
  t.expect = config.expect;
  t.production = name == "production";
  if (auto v = r.string("url")) {
    t.url = *v;
    while (!t.url.empty() && t.url.back() == '/') {
      t.url.pop_back();
    }
    check_url(r, "url", t.url);
  } else if (!r.present("url")) {
    r.problem("url", "is missing", R"(add "url": "https://your-site.example" (or "${PREVIEW_URL}"))");
  }
  if (auto start = r.object("start")) {
    StartSettings s;
    if (auto v = start->string_list("command")) {
      s.command = *v;
    }
    if (s.command.empty()) {
      start->problem("command", "is missing or empty", R"(write the command as a list, e.g. ["npm", "run", "dev"])");
    }
    if (auto v = start->string("cwd")) {
      s.cwd = resolve(config.base_dir, *v);
    } else {
      s.cwd = config.base_dir;
    }
    if (auto v = start->string_map("env")) {
      for (auto& [k, value] : *v) {
        s.env[k] = value;
      }
    }
    if (auto v = start->string("ready")) {
      s.ready = *v;
    } else if (config.form) {
      // The form's own route: a dev server compiles it on this first request, so it is
      // ready before anything is submitted or timed.
      s.ready = config.form->path;
    }
    if (auto v = start->number("timeout_s", 1, 3600)) {
      s.timeout_s = *v;
    }
    if (auto v = start->boolean("reuse_existing")) {
      s.reuse_existing = *v;
    }
    start->reject_unknown_keys();
    t.start = std::move(s);
  }
  if (auto v = r.boolean("production")) {
    t.production = *v;
  }
  if (auto v = r.integer("max_messages", 0, 100000)) {
    t.max_messages = *v;
  }
  if (t.production && !t.max_messages) {
    t.max_messages = 6;
  }
  if (!t.production && !r.present("start") && !t.max_messages) {
    // A deployed preview sends real WhatsApp messages to staff too: a guard against a runaway
    // corpus, roomy enough for every bundled suite with retries.
    t.max_messages = kRemoteDefaultMaxMessages;
  }
  if (auto rl = r.object("rate_limit")) {
    if (auto v = rl->integer("max", 1, 100000)) {
      t.rate_limit.max = *v;
    }
    if (auto v = rl->number("window_s", 0.1, 86400)) {
      t.rate_limit.window_s = *v;
    }
    t.rate_limit.forge_client_ip = rl->boolean("forge_client_ip");
    if (auto v = rl->number("window_probe_s", 0, 86400)) {
      t.rate_limit.window_probe_s = *v;
      if (*v >= t.rate_limit.window_s) {
        rl->problem("window_probe_s",
                    fmt::format("{:g} s is not inside the {:g} s window (window_s)", *v, t.rate_limit.window_s),
                    "use a value below window_s, or 0 for no probe");
      }
    }
    rl->reject_unknown_keys();
  }
  if (auto e = r.object("expect")) {
    read_expect(*e, t.expect, false);
  }
  if (auto v = r.string("ca_file"); v && !v->empty()) {
    t.ca_file = resolve(config.base_dir, *v);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(t.ca_file, ec)) {
      // Caught here, not as a TLS error mid-run that would read like an untrusted certificate.
      r.problem(
          "ca_file", fmt::format("{} is not a file", t.ca_file.string()),
          "give the PEM certificate of the CA (or the self-signed certificate) the target's HTTPS uses, "
          "relative to the config file");
    }
  }
  if (auto v = r.boolean("insecure_tls")) {
    t.insecure_tls = *v;
  }
  if (auto b = r.object("browser")) {
    t.browser = read_browser(*b);
  }
  if (auto v = r.string_list("suites")) {
    t.suites = *v;
  }
  read_target_access(r, t, config);
  r.reject_unknown_keys();
  return t;
}

// The file's JSON (comments and trailing commas allowed), or the one problem that names where
// the syntax breaks.
Expected<json, Problems> parse_jsonc(const std::string& text, const std::string& file_name) {
  try {
    return json::parse(blank_trailing_commas(text), nullptr, true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    // Turn the byte offset into line:column so the user can find it.
    size_t line = 1;
    size_t column = 1;
    for (size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string what = e.what();
    if (const auto colon = what.rfind(": "); colon != std::string::npos) {
      what = what.substr(colon + 2);
    }
    return unexpected(Problems{{file_name, fmt::format("line {}, column {}", line, column),
                                fmt::format("is not valid JSON: {}", what),
                                "fix the syntax (comments // and /* */ and trailing commas are allowed)"}});
  } catch (const json::exception& e) {
    // e.g. out_of_range for a number too large to hold (found by fuzz_config: it used to abort).
    std::string what = e.what();
    if (const auto colon = what.rfind("] "); colon != std::string::npos) {
      what = what.substr(colon + 2);
    }
    return unexpected(Problems{{file_name, "", fmt::format("is not valid JSON: {}", what),
                                "write numbers that fit (e.g. 30, not 1e400) and check the syntax"}});
  }
}

// --var values (which win over everything), then the process environment.
Variables flag_and_environment_variables(const LoadOptions& options) {
  Variables variables;
  std::map<std::string, std::string> cli_vars;
  for (const auto& [k, v] : options.vars) {
    cli_vars[k] = v;
  }
  variables.add_layer("--var", cli_vars);
  variables.add_layer("environment", options.environment);
  return variables;
}

// One env file as a variable layer; `key` is where it was named ("--env-file" or "env_files").
void add_env_layer(Variables& variables, Problems& problems, const std::filesystem::path& path,
                   const std::string& key, const LoadOptions& options, const std::string& file_name) {
  // env_files may list files a machine does not have (.env.local exists only on a
  // developer's laptop; CI has real variables), as Next.js skips them; --env-file must exist.
  if (key == "env_files" && !std::filesystem::exists(path)) {
    return;
  }
  EnvMap scratch = options.environment;
  std::string why;
  const auto values = load_env_file(path, scratch, &why);
  if (!values) {
    problems.push_back({file_name, key, fmt::format("env file '{}' {}", path.string(), why),
                        why == "cannot be read" ? "create it or remove it from the list"
                                                : "remove the self-reference (escape a literal $ as \\$)"});
    return;
  }
  register_secret_variables(*values);  // a project's .env holds tokens the config may not name
  variables.add_layer(path.string(), *values);
}

// twilio and expect (every command), form (run needs it).
void read_core_sections(SectionReader& top, Config& config, bool for_run) {
  if (auto twilio = top.object("twilio")) {
    read_twilio(*twilio, config.twilio);
  } else if (!top.present("twilio")) {
    top.problem("twilio", "is missing", "add a \"twilio\" section with account_sid, auth_token and staff");
  }
  if (auto expect = top.object("expect")) {
    read_expect(*expect, config.expect, true);
  } else if (!top.present("expect")) {
    top.problem("expect", "is missing", R"(add "expect": {"sender": "${TWILIO_WHATSAPP_NUMBER}"})");
  }
  if (auto form = top.object("form")) {
    config.form = read_form(*form);
  } else if (for_run && !top.present("form")) {
    top.problem("form", "is missing", "add a \"form\" section: path, encoding, fields (needed by run)");
  }
}

// The targets the command uses; the others are read with their problems set aside.
void read_targets(SectionReader& top, Config& config, const LoadOptions& options, const Variables& variables) {
  if (options.purpose == Purpose::monitor || options.purpose == Purpose::audit) {
    // monitor reads only the Twilio log and audit the project's variables: the targets (and
    // the ${PRODUCTION_URL}-style variables they need) are not their business, so a scheduled
    // job need not set them.
    top.raw("targets");
  } else if (auto targets = top.object("targets")) {
    const auto& wanted = options.targets;
    const bool every = wanted.empty() || std::find(wanted.begin(), wanted.end(), "all") != wanted.end();
    for (const auto& [name, value] : targets->json().items()) {
      if (every || std::find(wanted.begin(), wanted.end(), name) != wanted.end()) {
        if (auto target = targets->object(name.c_str())) {
          config.targets.push_back(read_target(*target, name, config));
        }
      } else if (targets->raw(name.c_str()) != nullptr && value.is_object()) {
        // Kept (its name stays known to --target), never planned: the rollback job's
        // `--target production` must not need the preview's ${PREVIEW_URL}.
        Problems set_aside;
        SectionReader unused(value, targets->key_path(name), ReadContext{config.file.string(), &variables, &set_aside});
        config.targets.push_back(read_target(unused, name, config));
      }
    }
    if (options.purpose == Purpose::run && config.targets.empty()) {
      top.problem("targets", "is empty", "add at least one target, e.g. \"local\": {\"url\": \"http://127.0.0.1:3000\"}");
    }
  } else if (options.purpose == Purpose::run && !top.present("targets")) {
    top.problem("targets", "is missing", "add a \"targets\" section (needed by run)");
  }
}

}  // namespace

std::string Problem::to_string() const {
  std::string text = file.empty() ? std::string() : file + ": ";
  if (!key.empty()) {
    text += key + ": ";
  }
  text += message;
  if (!fix.empty()) {
    text += " (fix: " + fix + ")";
  }
  return redact(text);
}

const TargetSettings* Config::find_target(std::string_view name) const {
  for (const auto& t : targets) {
    if (t.name == name) {
      return &t;
    }
  }
  return nullptr;
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view kv(*entry);
    const auto eq = kv.find('=');
    if (eq != std::string_view::npos) {
      env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
    }
  }
  return env;
}

Expected<Config, Problems> load_config(const std::filesystem::path& file, const LoadOptions& options) {
  const auto text = read_text_file(file);
  if (!text) {
    return unexpected(Problems{{file.string(), "", std::filesystem::exists(file) ? "cannot be read" : "does not exist",
                                "write one with `formcheck init` in your site's folder, or pass --config FILE"}});
  }
  return parse_config(*text, file, options);
}

Expected<Config, Problems> parse_config(const std::string& text, const std::filesystem::path& file,
                                        const LoadOptions& options) {
  Problems problems;
  const std::string file_name = file.string();
  auto parsed = parse_jsonc(text, file_name);
  if (!parsed) {
    return unexpected(parsed.error());
  }
  const json& root = *parsed;
  if (!root.is_object()) {
    return unexpected(Problems{{file_name, "", "must hold a JSON object { … }", "see fixtures/configs/example.jsonc"}});
  }
  for (const auto& twice : find_duplicate_keys(text)) {
    problems.push_back({file_name, twice.path,
                        fmt::format("is given twice (line {} and line {}); JSON keeps only the last one, silently",
                                    twice.first_line, twice.second_line),
                        fmt::format("delete one of them (line {} is the one that counts today)", twice.second_line)});
  }

  Config config;
  config.file = file;
  config.base_dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  config.suites_dir = data_dir() / "suites";

  // Variables: --var, then the environment, then --env-file files, then env_files.
  Variables variables = flag_and_environment_variables(options);
  for (const auto& env_file : options.env_files) {
    add_env_layer(variables, problems, env_file, "--env-file", options, file_name);
  }
  ReadContext context{file_name, &variables, &problems};
  SectionReader top(root, "", context);
  if (auto files = top.string_list("env_files")) {
    for (const auto& f : *files) {
      add_env_layer(variables, problems, resolve(config.base_dir, f), "env_files", options, file_name);
    }
  }

  read_core_sections(top, config, options.purpose == Purpose::run);
  read_targets(top, config, options, variables);
  if (auto b = top.object("browser")) {
    config.browser = read_browser(*b);
  }
  if (auto suites = top.string_list("suites")) {
    config.suites = *suites;
  }
  if (auto dir = top.string("suites_dir")) {
    config.suites_dir = resolve(config.base_dir, *dir);
  }
  if (auto v = top.integer("retries", 0, 10)) {
    config.retries = *v;
  }
  if (auto polling = top.object("polling")) {
    read_polling(*polling, config.polling);
  }
  config.monitor.max_latency_s = config.expect.latency_s;
  if (auto monitor = top.object("monitor")) {
    read_monitor(*monitor, config.monitor);
  }
  if (auto window = top.object("whatsapp_window")) {
    read_whatsapp_window(*window, config.window);
  }
  if (const auto* audit = top.raw("audit")) {
    config.audit = *audit;
  }
  top.raw("$schema");
  top.reject_unknown_keys();
  for (auto& clear : clear_text_credentials(config, options.targets)) {
    problems.push_back(std::move(clear));
  }

  if (!problems.empty()) {
    return unexpected(std::move(problems));
  }
  config.variables = std::make_shared<const Variables>(std::move(variables));
  return config;
}

}  // namespace formcheck::config
