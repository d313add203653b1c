#include "harness/config/section_reader.hpp"

#include <cmath>

#include <fmt/format.h>

#include "harness/util/did_you_mean.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::config {
namespace {

std::string type_name(const nlohmann::json& value) { return value.type_name(); }

// The whole of `text` as a number, or nullopt.
std::optional<double> parse_number(const std::string& text) {
  try {
    size_t used = 0;
    const double result = std::stod(text, &used);
    return used == text.size() ? std::optional<double>(result) : std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

SectionReader::SectionReader(const nlohmann::json& object, std::string path, ReadContext context)
    : m_object(object), m_path(std::move(path)), m_context(context) {}

bool SectionReader::present(const char* key) const { return m_object.is_object() && m_object.contains(key); }

void SectionReader::problem(const std::string& key, std::string message, std::string fix) {
  m_context.problems->push_back({m_context.file, key_path(key), std::move(message), std::move(fix)});
}

std::optional<std::string> SectionReader::expand(const std::string& key, const std::string& raw_value, bool secret) {
  const auto expansion = m_context.variables->expand(raw_value);
  for (const auto& name : expansion.used) {
    if (secret || looks_like_secret_name(name)) {
      if (const auto value = m_context.variables->lookup(name)) {
        register_secret(*value);
      }
    }
  }
  if (!expansion.missing.empty()) {
    const auto& name = expansion.missing.front();
    problem(key, fmt::format("${{{}}} is not set", name),
            fmt::format("export {0}=… or pass --env-file FILE (dotenv) or --var {0}=…", name));
    return std::nullopt;
  }
  if (secret) {
    register_secret(expansion.value);
  }
  return expansion.value;
}

std::optional<std::string> SectionReader::string(const char* key, bool secret) {
  m_known.insert(key);
  if (!present(key)) {
    return std::nullopt;
  }
  const auto& value = m_object[key];
  if (!value.is_string()) {
    problem(key, fmt::format("must be a string, not {}", type_name(value)), "write the value in double quotes");
    return std::nullopt;
  }
  return expand(key, value.get<std::string>(), secret);
}

std::optional<double> SectionReader::number(const char* key, double min, double max) {
  m_known.insert(key);
  if (!present(key)) {
    return std::nullopt;
  }
  const auto& value = m_object[key];
  double result = 0;
  std::string shown;  // the value as written after ${VAR} expansion, for the problem text
  if (value.is_number()) {
    result = value.get<double>();
    shown = value.dump();
  } else if (value.is_string() && value.get<std::string>().find("${") == std::string::npos) {
    // A quoted literal is a type error: JSON tools and schemas read "30" as text, not 30.
    const auto& text = value.get<std::string>();
    if (parse_number(text)) {
      problem(key, fmt::format("must be a number, not the string \"{}\"", text),
              fmt::format("write {} without quotes (a string is allowed only for a ${{VAR}})", text));
    } else {
      problem(key, fmt::format("'{}' is not a number", text), "write a plain number without quotes, e.g. 30");
    }
    return std::nullopt;
  } else if (value.is_string()) {  // "${LATENCY_S}" from a variable
    const auto text = expand(key, value.get<std::string>(), false);
    if (!text) {
      return std::nullopt;
    }
    try {
      size_t used = 0;
      shown = *text;
      result = std::stod(*text, &used);
      if (used != text->size()) {
        throw std::invalid_argument("trailing");
      }
    } catch (const std::exception&) {
      problem(key, fmt::format("'{}' is not a number", *text), "write a plain number, e.g. 30");
      return std::nullopt;
    }
  } else {
    problem(key, fmt::format("must be a number, not {}", type_name(value)), "write a plain number, e.g. 30");
    return std::nullopt;
  }
  if (!std::isfinite(result)) {
    // NaN fails both range comparisons below and an infinite timeout waits forever.
    problem(key, fmt::format("'{}' is not a finite number", shown),
            "write a plain number, e.g. 30");
    return std::nullopt;
  }
  if (result < min || result > max) {
    problem(key, fmt::format("{} is outside {}…{}", result, min, max), fmt::format("use a value from {} to {}", min, max));
    return std::nullopt;
  }
  return result;
}

std::optional<int> SectionReader::integer(const char* key, int min, int max) {
  const auto value = number(key, min, max);
  if (!value) {
    return std::nullopt;
  }
  if (*value != static_cast<double>(static_cast<int>(*value))) {
    problem(key, fmt::format("{} is not a whole number", *value), "use a whole number");
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

std::optional<bool> SectionReader::boolean(const char* key) {
  m_known.insert(key);
  if (!present(key)) {
    return std::nullopt;
  }
  const auto& value = m_object[key];
  if (!value.is_boolean()) {
    problem(key, fmt::format("must be true or false, not {}", type_name(value)), "write true or false without quotes");
    return std::nullopt;
  }
  return value.get<bool>();
}

std::optional<std::vector<std::string>> SectionReader::string_list(const char* key) {
  m_known.insert(key);
  if (!present(key)) {
    return std::nullopt;
  }
  const auto& value = m_object[key];
  if (!value.is_array()) {
    problem(key, fmt::format("must be a list of strings, not {}", type_name(value)), R"(write ["a", "b"])");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_string()) {
      problem(fmt::format("{}[{}]", key, i), fmt::format("must be a string, not {}", type_name(value[i])),
              "write the value in double quotes");
      return std::nullopt;
    }
    const auto expanded = expand(fmt::format("{}[{}]", key, i), value[i].get<std::string>(), false);
    if (!expanded) {
      return std::nullopt;
    }
    out.push_back(*expanded);
  }
  return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> SectionReader::string_map(const char* key) {
  m_known.insert(key);
  if (!present(key)) {
    return std::nullopt;
  }
  const auto& value = m_object[key];
  if (!value.is_object()) {
    problem(key, fmt::format("must be an object of strings, not {}", type_name(value)), R"(write {"name": "value"})");
    return std::nullopt;
  }
  std::vector<std::pair<std::string, std::string>> out;
  bool ok = true;
  for (const auto& [name, item] : value.items()) {
    const std::string item_key = fmt::format("{}.{}", key, name);
    if (!item.is_string()) {
      problem(item_key, fmt::format("must be a string, not {}", type_name(item)), "write the value in double quotes");
      ok = false;
      continue;
    }
    const auto expanded = expand(item_key, item.get<std::string>(), looks_like_secret_name(name));
    if (!expanded) {
      ok = false;
      continue;
    }
    out.emplace_back(name, *expanded);
  }
  if (!ok) {
    return std::nullopt;
  }
  return out;
}

std::optional<SectionReader> SectionReader::object(const char* key) {
  m_known.insert(key);
  if (!present(key)) {
    return std::nullopt;
  }
  const auto& value = m_object[key];
  if (!value.is_object()) {
    problem(key, fmt::format("must be an object, not {}", type_name(value)), "write { … } with its keys inside");
    return std::nullopt;
  }
  return SectionReader(value, key_path(key), m_context);
}

const nlohmann::json* SectionReader::raw(const char* key) {
  m_known.insert(key);
  return present(key) ? &m_object[key] : nullptr;
}

void SectionReader::reject_unknown_keys() {
  if (!m_object.is_object()) {
    return;
  }
  for (const auto& [key, value] : m_object.items()) {
    if (m_known.contains(key)) {
      continue;
    }
    std::string best;
    size_t best_distance = 3;
    for (const auto& known : m_known) {
      const auto d = edit_distance(key, known);
      if (d < best_distance) {
        best_distance = d;
        best = known;
      }
    }
    std::string known_list;
    for (const auto& known : m_known) {
      known_list += (known_list.empty() ? "" : ", ") + known;
    }
    problem(key, "is not a known key",
            best.empty() ? fmt::format("remove it (known keys here: {})", known_list)
                         : fmt::format("did you mean '{}'?", best));
  }
}

}  // namespace formcheck::config
