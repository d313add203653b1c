#pragma once
// ${VAR} and ${VAR:-default} in configuration strings, resolved from (highest first)
// --var, the process environment, --env-file files, then the config's own env_files.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace formcheck::config {

class Variables {
 public:
  void add_layer(std::string source, std::map<std::string, std::string> values);  // lower priority than earlier layers
  std::optional<std::string> lookup(const std::string& name) const;
  std::string source_of(const std::string& name) const;

  struct Expansion {
    std::string value;
    std::vector<std::string> missing;   // names that had no value and no default
    std::set<std::string> used;         // names referenced
  };
  // Expands ${NAME} and ${NAME:-default}; "$$" is a literal "$". Anything else is kept.
  Expansion expand(const std::string& text) const;

 private:
  std::vector<std::pair<std::string, std::map<std::string, std::string>>> m_layers;
};

// Names that hold secrets by convention (TOKEN, SECRET, PASSWORD, KEY in the name): their
// values are registered for redaction whenever a config uses them.
bool looks_like_secret_name(const std::string& name);

}  // namespace formcheck::config
