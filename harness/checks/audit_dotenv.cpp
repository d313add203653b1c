#include "harness/checks/audit_dotenv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "harness/checks/audit.hpp"
#include "harness/config/dotenv.hpp"
#include "harness/config/variables.hpp"
#include "harness/config/whatsapp_address.hpp"
#include "harness/process/child_process.hpp"
#include "harness/util/join.hpp"
#include "harness/util/secret.hpp"
#include "harness/util/text_file.hpp"

namespace formcheck::checks::audit {
namespace {

// The checks' names, each written once.
constexpr const char* kNotSandbox = "dotenv/production/not-sandbox";
constexpr const char* kExampleNamesEveryVariable = "dotenv/example-names-every-variable";
constexpr const char* kExampleHasNoSecrets = "dotenv/example-has-no-secrets";
constexpr const char* kEnvLocalUntracked = "dotenv/env-local-untracked";
std::string variable_check(std::string_view mode, std::string_view key) {
  return fmt::format("dotenv/{}/{}", mode, key);
}

using results::Outcome;

// Every dotenv file name Next.js may read, in no particular order.
const std::vector<std::string>& all_env_files() {
  static const std::vector<std::string> files = {".env",       ".env.local",           ".env.development",
                                                  ".env.development.local", ".env.production",
                                                  ".env.production.local",  ".env.test", ".env.test.local"};
  return files;
}

const std::vector<std::string>& local_env_files() {
  static const std::vector<std::string> files = {".env.local", ".env.development.local", ".env.production.local",
                                                  ".env.test.local"};
  return files;
}

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

bool all_hex(std::string_view s) { return std::all_of(s.begin(), s.end(), is_hex); }

std::string mode_command(std::string_view mode) { return mode == "development" ? "next dev" : "next build"; }

std::string example_value(std::string_view key) {
  if (key == "TWILIO_ACCOUNT_SID") {
    return "AC followed by the 32 hex digits of your Account SID (Twilio Console → Account Info)";
  }
  if (key == "TWILIO_AUTH_TOKEN") {
    return "the 32 hex digit Auth Token (Twilio Console → Account Info)";
  }
  if (key == "TWILIO_WHATSAPP_NUMBER") {
    return "whatsapp:+15551234567 (the production WhatsApp sender)";
  }
  return "whatsapp:+6281234567890 (the staff phone)";
}

std::optional<std::string> format_problem(std::string_view key, std::string_view value) {
  if (key == "TWILIO_ACCOUNT_SID") {
    return account_sid_problem(value);
  }
  if (key == "TWILIO_AUTH_TOKEN") {
    return auth_token_problem(value);
  }
  return config::whatsapp_address_problem(value);
}

// What to write instead, for the fix line.
std::string fix_for(std::string_view key, std::string_view value, const std::string& file) {
  if (key == "TWILIO_WHATSAPP_NUMBER" || key == "STAFF_WHATSAPP_NUMBER") {
    const auto suggestion = config::suggest_whatsapp_address(value);
    const auto shown = suggestion.empty() ? std::string(key == "STAFF_WHATSAPP_NUMBER" ? "whatsapp:+6281234567890"
                                                                                      : "whatsapp:+15551234567")
                                          : suggestion;
    return fmt::format("set {}={} (no spaces or dashes) in {}", key, shown, file);
  }
  return fmt::format("set {} to {} in {}", key, example_value(key), file);
}

struct Effective {
  std::string value;
  std::string file;  // where the effective value came from
  std::optional<int> line;
  std::string where() const { return line ? fmt::format("{}:{}", file, *line) : file; }
};

std::optional<Effective> effective(const config::NextEnvResult& loaded, const std::filesystem::path& dir,
                                   const std::string& key) {
  const auto it = loaded.values.find(key);
  if (it == loaded.values.end()) {
    return std::nullopt;
  }
  Effective e;
  e.value = it->second;
  const auto origin = loaded.origin.find(key);
  e.file = origin == loaded.origin.end() ? std::string("?") : origin->second;
  if (const auto text = read_text_file(dir / e.file)) {
    e.line = definition_line(*text, key);
  }
  return e;
}

results::CaseResult check_variable(const config::NextEnvResult& loaded, const std::filesystem::path& dir,
                               const std::string& mode, const std::string& key) {
  const std::string name = variable_check(mode, key);
  const auto files = config::next_env_files(mode);
  const auto e = effective(loaded, dir, key);
  if (!e) {
    return make_result(name, Outcome::failed,
                       fmt::format("{} is not set for `{}`: none of {} defines it", key, mode_command(mode), join(files)),
                       fmt::format("add {}=… to .env.local ({})", key, example_value(key)));
  }
  const bool secret = key == "TWILIO_AUTH_TOKEN";
  if (secret) {
    register_secret(e->value);
  }
  const std::string shown = secret ? std::string("the value") : in_quotes(e->value);
  if (const auto problem = format_problem(key, e->value)) {
    auto r = make_result(name, Outcome::failed,
                         fmt::format("{}: {} from {} {}", key, shown, e->where(), *problem), fix_for(key, e->value, e->file));
    r.add_property("source", e->where());
    return r;
  }
  std::string note;
  if (key == "TWILIO_WHATSAPP_NUMBER" && e->value == config::kSandboxNumber) {
    note = mode == "development" ? " (the Twilio sandbox: fine for `next dev`)" : " (the Twilio sandbox)";
  }
  auto r = make_result(name, Outcome::passed,
                       fmt::format("{} {} from {}{}", key, secret ? "is 32 hex digits" : "= " + e->value, e->where(), note));
  r.add_property("source", e->where());
  return r;
}

results::CaseResult check_not_sandbox(const config::NextEnvResult& loaded, const std::filesystem::path& dir,
                                  const config::ExpectSettings& expect) {
  const std::string name = kNotSandbox;
  const auto e = effective(loaded, dir, "TWILIO_WHATSAPP_NUMBER");
  if (!e || config::whatsapp_address_problem(e->value)) {
    return make_result(name, Outcome::skipped,
                       "no well-formed TWILIO_WHATSAPP_NUMBER for `next build` (see dotenv/production/TWILIO_WHATSAPP_NUMBER)");
  }
  if (e->value != config::kSandboxNumber) {
    return make_result(name, Outcome::passed, fmt::format("{} from {} is not the sandbox", e->value, e->where()));
  }
  if (!expect.forbid_sandbox) {
    return make_result(name, Outcome::passed,
                       fmt::format("the sandbox {} from {} is allowed: expect.forbid_sandbox is false (rollback)",
                                   config::kSandboxNumber, e->where()));
  }
  const std::string target = expect.sender.empty() || expect.sender == config::kSandboxNumber
                                 ? std::string("whatsapp:+<your production WhatsApp number>")
                                 : expect.sender;
  return make_result(name, Outcome::failed,
                     fmt::format("`next build` would send from the Twilio sandbox {} (TWILIO_WHATSAPP_NUMBER from {})",
                                 config::kSandboxNumber, e->where()),
                     fmt::format("set TWILIO_WHATSAPP_NUMBER={} in {}", target, e->file));
}

std::vector<std::pair<std::string, std::string>> read_entries(const std::filesystem::path& path) {
  const auto text = read_text_file(path);
  return text ? config::parse_dotenv(*text) : std::vector<std::pair<std::string, std::string>>{};
}

std::vector<results::CaseResult> check_example(const std::filesystem::path& dir) {
  const auto path = dir / ".env.example";
  const auto text = read_text_file(path);
  if (!text) {
    const auto fix = fmt::format("add .env.example naming {} with placeholder values", join({kRequiredVariables[0].data(),
                                 kRequiredVariables[1].data(), kRequiredVariables[2].data(), kRequiredVariables[3].data()}));
    return {make_result(kExampleNamesEveryVariable, Outcome::failed, "there is no .env.example", fix),
            make_result(kExampleHasNoSecrets, Outcome::skipped, "there is no .env.example")};
  }
  const auto entries = config::parse_dotenv(*text);
  std::set<std::string> named;
  for (const auto& [k, v] : entries) {
    named.insert(k);
  }
  // Every variable the project uses: the four the contact route needs plus any other file's keys.
  std::vector<std::string> wanted;
  std::set<std::string> seen;
  for (auto key : kRequiredVariables) {
    wanted.emplace_back(key);
    seen.emplace(key);
  }
  for (const auto& file : all_env_files()) {
    for (const auto& [k, v] : read_entries(dir / file)) {
      if (seen.insert(k).second) {
        wanted.push_back(k);
      }
    }
  }
  std::vector<std::string> missing;
  for (const auto& key : wanted) {
    if (!named.contains(key)) {
      missing.push_back(key);
    }
  }
  std::vector<results::CaseResult> out;
  if (missing.empty()) {
    out.push_back(make_result(kExampleNamesEveryVariable, Outcome::passed,
                              fmt::format(".env.example names all {} variable(s)", wanted.size())));
  } else {
    out.push_back(make_result(kExampleNamesEveryVariable, Outcome::failed,
                              fmt::format(".env.example does not name {}", join(missing)),
                              fmt::format("add {} to .env.example", join(missing, "=…, ") + "=…")));
  }
  std::vector<std::string> leaks;
  for (const auto& [k, v] : entries) {
    if (looks_like_real_secret(k, v)) {
      register_secret(v);
      const auto line = definition_line(*text, k);
      leaks.push_back(line ? fmt::format("{} (line {})", k, *line) : k);
    }
  }
  if (leaks.empty()) {
    out.push_back(make_result(kExampleHasNoSecrets, Outcome::passed,
                              fmt::format(".env.example holds placeholders only ({} entries)", entries.size())));
  } else {
    out.push_back(make_result(
        kExampleHasNoSecrets, Outcome::failed,
        fmt::format(".env.example holds real-looking secret(s): {}", join(leaks)),
        "replace them with placeholders (e.g. TWILIO_AUTH_TOKEN=your_auth_token) and rotate the token in the "
        "Twilio Console, since it was shared"));
  }
  return out;
}

results::CaseResult check_git(const std::filesystem::path& dir) {
  const std::string name = kEnvLocalUntracked;
  const auto status = git_env_local_status(dir);
  if (status.state != GitStatus::State::ok) {
    return make_result(name, Outcome::skipped, status.reason);
  }
  if (!status.tracked.empty()) {
    return make_result(name, Outcome::failed, fmt::format("git tracks {}: its secrets are in the repository history",
                                                          join(status.tracked)),
                       fmt::format("git rm --cached {}; add .env*.local to .gitignore; rotate TWILIO_AUTH_TOKEN",
                                   join(status.tracked, " ")));
  }
  if (!status.unignored.empty()) {
    return make_result(name, Outcome::failed,
                       fmt::format("{} is not tracked but not ignored either: one `git add .` commits it",
                                   join(status.unignored)),
                       "add .env*.local to .gitignore");
  }
  return make_result(name, Outcome::passed, "no .env*.local file is tracked by git (and they are ignored)");
}

}  // namespace

std::optional<std::string> account_sid_problem(std::string_view value) {
  if (value.empty()) {
    return std::string("is empty");
  }
  if (value.rfind("SK", 0) == 0) {
    return std::string("is an API key SID (SK…), not the Account SID (AC…)");
  }
  if (value.rfind("AC", 0) != 0) {
    return std::string("does not start with AC");
  }
  if (value.size() != 34 || !all_hex(value.substr(2))) {
    return fmt::format("is not AC followed by 32 hex digits ({} characters)", value.size());
  }
  return std::nullopt;
}

std::optional<std::string> auth_token_problem(std::string_view value) {
  if (value.empty()) {
    return std::string("is empty");
  }
  if (value.find_first_of(" \t") != std::string_view::npos) {
    return std::string("has spaces");
  }
  if (value.size() != 32 || !all_hex(value)) {
    return fmt::format("is not 32 hex digits ({} characters)", value.size());
  }
  return std::nullopt;
}

bool looks_like_real_secret(std::string_view key, std::string_view value) {
  auto variety = [](std::string_view s) { return std::set<char>(s.begin(), s.end()).size(); };
  // 32 hex digits in a row: an auth token, or the tail of an AC…/SK… SID.
  size_t run = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    run = is_hex(value[i]) ? run + 1 : 0;
    if (run >= 32 && variety(value.substr(i + 1 - 32, 32)) >= 6) {
      return true;
    }
  }
  if (!config::looks_like_secret_name(std::string(key)) || value.size() < 16) {
    return false;
  }
  std::string lower;
  for (char c : value) {
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  for (const char* word : {"your", "xxx", "...", "…", "<", ">", "example", "change", "placeholder", "here", "todo",
                           "replace", "dummy", "fake", "secret_"}) {
    if (lower.find(word) != std::string::npos) {
      return false;
    }
  }
  return variety(value) >= 8;
}

std::optional<int> definition_line(std::string_view text, std::string_view key) {
  std::optional<int> found;
  int line_number = 0;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    ++line_number;
    size_t i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
      ++i;
    }
    if (line.substr(i).rfind("export ", 0) == 0) {
      i += 7;
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
        ++i;
      }
    }
    if (line.substr(i).rfind(key, 0) == 0) {
      size_t j = i + key.size();
      while (j < line.size() && (line[j] == ' ' || line[j] == '\t')) {
        ++j;
      }
      if (j < line.size() && (line[j] == '=' || line[j] == ':')) {
        found = line_number;
      }
    }
    start = end + 1;
  }
  return found;
}

GitStatus git_env_local_status(const std::filesystem::path& dir) {
  GitStatus status;
  struct GitAnswer {
    int code = -1;
    std::vector<std::string> lines;
    std::string text;
  };
  auto git = [&](std::vector<std::string> args) -> std::optional<GitAnswer> {
    process::LaunchSpec spec;
    spec.executable = "git";
    spec.args = {"-C", dir.string()};
    spec.args.insert(spec.args.end(), args.begin(), args.end());
    spec.env_overrides["GIT_TERMINAL_PROMPT"] = "0";
    spec.env_remove = {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"};
    auto child = process::ChildProcess::start(spec);
    if (!child) {
      status.state = GitStatus::State::git_unavailable;
      status.reason = fmt::format("git cannot be run ({}): install git to check that .env.local is not committed",
                                  child.error());
      return std::nullopt;
    }
    auto& process = *child.value();
    // Returns once both pipes closed (the process is done) or after the deadline.
    process.wait_for_line([](const process::OutputLine&) { return false; }, std::chrono::seconds(20));
    const auto exit = process.wait_exit(std::chrono::seconds(2));
    if (!exit.exited) {
      process.stop(std::chrono::milliseconds(200));
      status.state = GitStatus::State::git_unavailable;
      status.reason = "git did not answer within 20 s";
      return std::nullopt;
    }
    GitAnswer answer;
    answer.code = exit.code;
    for (const auto& line : process.output()) {
      answer.text += line.text + "\n";
      if (line.stream == process::OutputLine::Stream::out) {
        answer.lines.push_back(line.text);
      }
    }
    return answer;
  };
  const auto inside = git({"rev-parse", "--is-inside-work-tree"});
  if (!inside) {
    return status;
  }
  if (inside->code != 0 || inside->lines.empty() || inside->lines.front() != "true") {
    status.state = GitStatus::State::not_a_repository;
    status.reason = fmt::format("{} is not in a git repository: nothing can be committed by accident", dir.string());
    return status;
  }
  std::vector<std::string> ls = {"ls-files", "--"};
  ls.insert(ls.end(), local_env_files().begin(), local_env_files().end());
  const auto tracked = git(ls);
  if (!tracked) {
    return status;
  }
  if (tracked->code != 0) {
    status.state = GitStatus::State::git_unavailable;
    status.reason = "git ls-files failed: " + tracked->text;
    return status;
  }
  status.tracked = tracked->lines;
  for (const auto& file : local_env_files()) {
    if (!std::filesystem::exists(dir / file)) {
      continue;
    }
    const auto ignored = git({"check-ignore", "-q", "--", file});
    if (ignored && ignored->code == 1 &&
        std::find(status.tracked.begin(), status.tracked.end(), file) == status.tracked.end()) {
      status.unignored.push_back(file);
    }
  }
  return status;
}

std::vector<std::string> dotenv_check_names(const std::vector<std::string>& modes) {
  std::vector<std::string> names;
  for (const auto& mode : modes) {
    for (auto key : kRequiredVariables) {
      names.push_back(variable_check(mode, key));
    }
    if (mode == "production") {
      names.push_back(kNotSandbox);
    }
  }
  names.push_back(kExampleNamesEveryVariable);
  names.push_back(kExampleHasNoSecrets);
  names.push_back(kEnvLocalUntracked);
  return names;
}

std::vector<results::CaseResult> audit_dotenv(const std::optional<std::filesystem::path>& dir,
                                          const std::vector<std::string>& modes, const config::ExpectSettings& expect) {
  std::vector<results::CaseResult> out;
  if (!dir) {
    for (auto& name : dotenv_check_names(modes)) {
      out.push_back(make_result(name, Outcome::skipped,
                                "audit.dotenv_dir is not set: set it to the Next.js project folder to check its .env files"));
    }
    return out;
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(*dir, ec)) {
    for (auto& name : dotenv_check_names(modes)) {
      out.push_back(make_result(name, Outcome::error, fmt::format("audit.dotenv_dir {} is not a folder", dir->string()),
                                "set audit.dotenv_dir to the Next.js project folder (relative to the config file)"));
    }
    return out;
  }
  for (const auto& mode : modes) {
    // The files alone, as in a clean shell: the real environment is left out on purpose (in
    // CI it holds formcheck's own variables, which would hide what the files say).
    const auto loaded = config::load_next_env(*dir, mode, {});
    std::string load_errors;  // files Next.js itself would fail to load (their values count as unset)
    for (const auto& e : loaded.load_errors) {
      load_errors += (load_errors.empty() ? "" : "; ") + e;
    }
    for (auto key : kRequiredVariables) {
      auto result = check_variable(loaded, *dir, mode, std::string(key));
      if (!load_errors.empty() && result.outcome != Outcome::passed) {
        result.message += " — note: " + load_errors;
      }
      out.push_back(std::move(result));
    }
    if (mode == "production") {
      out.push_back(check_not_sandbox(loaded, *dir, expect));
    }
  }
  for (auto& r : check_example(*dir)) {
    out.push_back(std::move(r));
  }
  out.push_back(check_git(*dir));
  return out;
}

}  // namespace formcheck::checks::audit
