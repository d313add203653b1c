#pragma once
// A small OpenAPI 3 schema checker for JSON answers, strict the way a faithful emulator
// must be: every property the schema lists is present, nothing else is (bar an explicit
// allow-list), and every value has the schema's type (nullable, type arrays, enums, $ref,
// patterns, lengths, and date-time-rfc-2822).
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace formcheck::testing {

class SchemaChecker {
 public:
  explicit SchemaChecker(nlohmann::json spec) : m_spec(std::move(spec)) {}

  // Properties allowed beyond the schema, as path suffixes (".profile.description"):
  // fields real Twilio returns that the spec forgot.
  void allow_extra(std::string path_suffix) { m_allowed_extra.insert(std::move(path_suffix)); }

  // The schema at a JSON pointer in the spec ("/components/schemas/…"), $refs resolved.
  const nlohmann::json& at(const std::string& pointer) const;
  const nlohmann::json& component(const std::string& name) const { return at("/components/schemas/" + name); }

  // Problems found, each prefixed with its JSON path ("$.messages[0].price: …"); empty = conforms.
  std::vector<std::string> check(const nlohmann::json& value, const nlohmann::json& schema,
                                 const std::string& where = "$") const;

 private:
  const nlohmann::json& resolve(const nlohmann::json& schema) const;
  bool extra_allowed(const std::string& path) const;
  void check_into(const nlohmann::json& value, const nlohmann::json& schema, const std::string& where,
                  std::vector<std::string>& problems) const;

  nlohmann::json m_spec;
  std::set<std::string> m_allowed_extra;
};

}  // namespace formcheck::testing
