#include "tests/e2e/emulator_schema_checker.hpp"

#include <regex>
#include <stdexcept>

#include "harness/twilio/rfc2822.hpp"

namespace formcheck::testing {

namespace {

std::string type_of(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::boolean: return "boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return "integer";
    case nlohmann::json::value_t::number_float: return "number";
    case nlohmann::json::value_t::string: return "string";
    case nlohmann::json::value_t::array: return "array";
    case nlohmann::json::value_t::object: return "object";
    default: return "other";
  }
}

bool type_matches(const std::string& wanted, const nlohmann::json& value) {
  const auto actual = type_of(value);
  return wanted == actual || (wanted == "number" && actual == "integer");
}

}  // namespace

const nlohmann::json& SchemaChecker::resolve(const nlohmann::json& schema) const {
  const nlohmann::json* current = &schema;
  for (int depth = 0; current->is_object() && current->contains("$ref"); ++depth) {
    const auto ref = (*current)["$ref"].get<std::string>();
    if (depth > 32 || ref.rfind("#/", 0) != 0) {
      throw std::runtime_error("unresolvable $ref " + ref);
    }
    current = &m_spec.at(nlohmann::json::json_pointer(ref.substr(1)));
  }
  return *current;
}

const nlohmann::json& SchemaChecker::at(const std::string& pointer) const {
  return resolve(m_spec.at(nlohmann::json::json_pointer(pointer)));
}

bool SchemaChecker::extra_allowed(const std::string& path) const {
  for (const auto& suffix : m_allowed_extra) {
    if (path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> SchemaChecker::check(const nlohmann::json& value, const nlohmann::json& schema,
                                              const std::string& where) const {
  std::vector<std::string> problems;
  check_into(value, schema, where, problems);
  return problems;
}

void SchemaChecker::check_into(const nlohmann::json& value, const nlohmann::json& raw_schema, const std::string& where,
                               std::vector<std::string>& problems) const {
  const auto& schema = resolve(raw_schema);
  auto problem = [&](const std::string& text) { problems.push_back(where + ": " + text); };

  // Types: "type": "x" or ["x", "null"]; "nullable": true admits null.
  std::vector<std::string> types;
  if (schema.contains("type")) {
    if (schema["type"].is_array()) {
      for (const auto& t : schema["type"]) {
        types.push_back(t.get<std::string>());
      }
    } else {
      types.push_back(schema["type"].get<std::string>());
    }
  }
  const bool nullable = schema.value("nullable", false) ||
                        std::find(types.begin(), types.end(), "null") != types.end();
  if (value.is_null()) {
    if (!nullable) {
      problem("null, but the schema is not nullable");
    }
    return;
  }
  if (!types.empty()) {
    bool any = false;
    for (const auto& t : types) {
      any = any || type_matches(t, value);
    }
    if (!any) {
      problem("expected " + nlohmann::json(types).dump() + ", got " + type_of(value) + " " + value.dump());
      return;
    }
  }
  if (schema.contains("enum") && std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end()) {
    problem("value " + value.dump() + " is not in the enum " + schema["enum"].dump());
  }
  if (value.is_string()) {
    const auto text = value.get<std::string>();
    if (schema.contains("pattern") && !std::regex_search(text, std::regex(schema["pattern"].get<std::string>()))) {
      problem("\"" + text + "\" does not match " + schema["pattern"].get<std::string>());
    }
    if (schema.contains("minLength") && text.size() < schema["minLength"].get<size_t>()) {
      problem("shorter than minLength");
    }
    if (schema.contains("maxLength") && text.size() > schema["maxLength"].get<size_t>()) {
      problem("longer than maxLength");
    }
    const auto format = schema.value("format", "");
    if (format == "date-time-rfc-2822" && !twilio::parse_rfc2822(text)) {
      problem("\"" + text + "\" is not an RFC 2822 date");
    }
    if (format == "uri" && !text.empty() && text[0] != '/' && text.rfind("http://", 0) != 0 &&
        text.rfind("https://", 0) != 0) {
      problem("\"" + text + "\" is not a URI");
    }
  }
  if (value.is_object() && schema.contains("properties")) {
    const auto& properties = schema["properties"];
    for (const auto& [name, property_schema] : properties.items()) {
      if (!value.contains(name)) {
        problem("missing property \"" + name + "\"");
        continue;
      }
      check_into(value[name], property_schema, where + "." + name, problems);
    }
    for (const auto& [name, v] : value.items()) {
      if (!properties.contains(name) && !extra_allowed(where + "." + name)) {
        problem("property \"" + name + "\" is not in the schema");
      }
    }
  }
  if (value.is_array() && schema.contains("items")) {
    for (size_t i = 0; i < value.size(); ++i) {
      check_into(value[i], schema["items"], where + "[" + std::to_string(i) + "]", problems);
    }
  }
}

}  // namespace formcheck::testing
