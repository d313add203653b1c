#include "harness/results/suite.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "harness/util/data_dir.hpp"
#include "harness/util/did_you_mean.hpp"
#include "harness/util/jsonc.hpp"
#include "harness/util/pii.hpp"

namespace formcheck::results {
namespace {

using nlohmann::json;

Expected<json, config::Problems> read_jsonc(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return unexpected(config::Problems{{path.string(), "", "cannot be read", "check the path"}});
  }
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return json::parse(blank_trailing_commas(text.str()), nullptr, true, true);
  } catch (const json::exception& e) {  // parse_error, or out_of_range for an oversized number
    return unexpected(config::Problems{{path.string(), "", fmt::format("is not valid JSON: {}", e.what()),
                                        "fix the syntax (comments are allowed)"}});
  }
}

Expected<Payload, std::string> read_payload(const json& item) {
  if (!item.is_object()) {
    return unexpected(std::string("must be an object"));
  }
  Payload p;
  if (item.contains("name") && item["name"].is_string()) {
    p.name = item["name"].get<std::string>();
  }
  if (p.name.empty()) {
    return unexpected(std::string("needs a \"name\""));
  }
  if (item.contains("fields")) {
    if (!item["fields"].is_object()) {
      return unexpected(fmt::format("{}: \"fields\" must be an object of strings", p.name));
    }
    for (const auto& [k, v] : item["fields"].items()) {
      if (!v.is_string()) {
        return unexpected(fmt::format("{}: field '{}' must be a string", p.name, k));
      }
      p.fields.emplace_back(k, v.get<std::string>());
      register_pii(p.fields.back().second);  // a guest's e-mail or phone, masked with --mask-pii
    }
  }
  if (item.contains("match")) {
    const auto m = item["match"].get<std::string>();
    if (m == "trim") {
      p.match = Payload::Match::trim;
    } else if (m != "exact") {
      return unexpected(fmt::format("{}: match '{}' is not exact or trim", p.name, m));
    }
  }
  return p;
}

}  // namespace

std::string_view to_string(SuiteKind kind) {
  switch (kind) {
    case SuiteKind::delivery:
      return "delivery";
    case SuiteKind::sender:
      return "sender";
    case SuiteKind::passthrough:
      return "passthrough";
    case SuiteKind::rate_limit:
      return "rate-limit";
    case SuiteKind::audit:
      return "audit";
  }
  return "delivery";
}

namespace {
Expected<Suite, config::Problems> load_suite_unchecked(const std::filesystem::path& suites_dir,
                                                       const std::string& name);
}  // namespace

// A suite file of the wrong shape (a string where a number belongs, …) is a problem with the
// file, never an exception escaping to the user.
Expected<Suite, config::Problems> load_suite(const std::filesystem::path& suites_dir, const std::string& name) {
  try {
    return load_suite_unchecked(suites_dir, name);
  } catch (const nlohmann::json::exception& e) {
    return unexpected(config::Problems{{(suites_dir / (name + ".json")).string(), "",
                                        fmt::format("has a value of the wrong type: {}", e.what()),
                                        "compare it with suites/*.json"}});
  }
}

namespace {
// "did you mean 'sender'?" for a mistyped suite name, else where the suites are.
std::string suite_fix(const std::filesystem::path& suites_dir, const std::string& name) {
  std::vector<std::string> known;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(suites_dir, ec)) {
    if (entry.path().extension() == ".json") {
      known.push_back(entry.path().stem().string());
    }
  }
  std::sort(known.begin(), known.end());
  if (const auto typo = closest_name(name, known)) {
    return fmt::format("did you mean '{}'?", *typo);
  }
  return fmt::format("use one of the suites in {} or give a path to a .json suite", suites_dir.string());
}

Expected<Suite, config::Problems> load_suite_unchecked(const std::filesystem::path& suites_dir,
                                                       const std::string& name) {
  const std::filesystem::path path =
      name.ends_with(".json") ? std::filesystem::path(name) : suites_dir / (name + ".json");
  if (!name.ends_with(".json") && !std::filesystem::is_directory(suites_dir)) {
    return unexpected(config::Problems{
        {suites_dir.string(), "", fmt::format("suite '{}': the suites folder does not exist", name),
         fmt::format("reinstall formcheck, set {} to the folder that holds suites/ (e.g. /usr/share/formcheck), "
                     "or set suites_dir in the config",
                     kDataDirVariable)}});
  }
  if (!std::filesystem::exists(path)) {
    return unexpected(config::Problems{{path.string(), "", fmt::format("suite '{}' does not exist", name),
                                        suite_fix(suites_dir, name)}});
  }
  auto doc = read_jsonc(path);
  if (!doc) {
    return unexpected(doc.error());
  }
  const json& j = *doc;
  auto problem = [&](const std::string& key, const std::string& message, const std::string& fix) {
    return unexpected(config::Problems{{path.string(), key, message, fix}});
  };
  Suite suite;
  suite.file = path;
  suite.name = j.value("name", path.stem().string());
  suite.description = j.value("description", "");
  const std::string kind = j.value("kind", "");
  if (kind == "delivery") {
    suite.kind = SuiteKind::delivery;
  } else if (kind == "sender") {
    suite.kind = SuiteKind::sender;
  } else if (kind == "passthrough") {
    suite.kind = SuiteKind::passthrough;
  } else if (kind == "rate-limit") {
    suite.kind = SuiteKind::rate_limit;
  } else if (kind == "audit") {
    suite.kind = SuiteKind::audit;  // no cases: checks::audit names its checks per target
  } else {
    return problem("kind", fmt::format("'{}' is not a suite kind", kind),
                   "use delivery, sender, passthrough, rate-limit or audit (monitor has its own command)");
  }
  const json* cases = nullptr;
  json corpus;
  if (j.contains("corpus")) {
    auto corpus_path = path.parent_path() / j["corpus"].get<std::string>();
    auto loaded = read_jsonc(corpus_path);
    if (!loaded) {
      return unexpected(loaded.error());
    }
    corpus = std::move(loaded.value());
    if (!corpus.contains("payloads") || !corpus["payloads"].is_array()) {
      return problem("corpus", fmt::format("{} has no \"payloads\" list", corpus_path.string()),
                     "write {\"payloads\": [{\"name\": …, \"fields\": {…}}]}");
    }
    cases = &corpus["payloads"];
  } else if (j.contains("cases")) {
    cases = &j["cases"];
  }
  if (cases != nullptr) {
    for (size_t i = 0; i < cases->size(); ++i) {
      auto payload = read_payload((*cases)[i]);
      if (!payload) {
        return problem(fmt::format("cases[{}]", i), payload.error(), "see suites/*.json for the shape");
      }
      suite.cases.push_back(std::move(payload.value()));
    }
  }
  if (suite.kind != SuiteKind::rate_limit && suite.kind != SuiteKind::audit && suite.cases.empty()) {
    return problem("cases", "is empty", "add at least one case");
  }
  if (suite.kind == SuiteKind::rate_limit) {
    if (j.contains("legit_burst")) {
      suite.legit_count = j["legit_burst"].value("count", 3);
      suite.legit_within_s = j["legit_burst"].value("within_s", 60.0);
    }
    if (j.contains("abuse")) {
      suite.abuse_extra = j["abuse"].value("extra", 2);
    }
    if (suite.legit_count < 1 || suite.abuse_extra < 1) {
      return problem("legit_burst", "counts must be at least 1", "use count ≥ 1 and extra ≥ 1");
    }
  }
  return suite;
}
}  // namespace

}  // namespace formcheck::results
