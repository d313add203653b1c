#pragma once
// Reads one JSON object of the configuration: typed getters that expand ${VAR}, remember
// which keys were read (so unknown keys are reported) and record problems instead of
// throwing, so `validate` can list every problem at once.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/config/problems.hpp"
#include "harness/config/variables.hpp"

namespace formcheck::config {

struct ReadContext {
  std::string file;
  const Variables* variables = nullptr;
  Problems* problems = nullptr;
};

class SectionReader {
 public:
  SectionReader(const nlohmann::json& object, std::string path, ReadContext context);

  bool present(const char* key) const;
  std::optional<std::string> string(const char* key, bool secret = false);
  std::optional<double> number(const char* key, double min, double max);
  std::optional<int> integer(const char* key, int min, int max);
  std::optional<bool> boolean(const char* key);
  std::optional<std::vector<std::string>> string_list(const char* key);
  // An object of string values, in file order.
  std::optional<std::vector<std::pair<std::string, std::string>>> string_map(const char* key);
  // A nested object (nullopt, with a problem, when the key holds something else).
  std::optional<SectionReader> object(const char* key);
  // The raw JSON under key (marked as known), for sections read elsewhere.
  const nlohmann::json* raw(const char* key);

  // Reports keys that were never asked for; `suggestions` are checked for typos.
  void reject_unknown_keys();
  void problem(const std::string& key, std::string message, std::string fix);
  std::string key_path(const std::string& key) const { return m_path.empty() ? key : m_path + "." + key; }
  const ReadContext& context() const { return m_context; }
  const nlohmann::json& json() const { return m_object; }

 private:
  std::optional<std::string> expand(const std::string& key, const std::string& raw_value, bool secret);

  const nlohmann::json& m_object;
  std::string m_path;
  ReadContext m_context;
  std::set<std::string> m_known;
};

}  // namespace formcheck::config
