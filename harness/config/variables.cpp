#include "harness/config/variables.hpp"

#include <algorithm>
#include <cctype>

#include "harness/util/secret_names.hpp"

namespace formcheck::config {

void Variables::add_layer(std::string source, std::map<std::string, std::string> values) {
  m_layers.emplace_back(std::move(source), std::move(values));
}

std::optional<std::string> Variables::lookup(const std::string& name) const {
  for (const auto& [source, values] : m_layers) {
    if (const auto it = values.find(name); it != values.end()) {
      return it->second;
    }
  }
  return std::nullopt;
}

std::string Variables::source_of(const std::string& name) const {
  for (const auto& [source, values] : m_layers) {
    if (values.contains(name)) {
      return source;
    }
  }
  return {};
}

Variables::Expansion Variables::expand(const std::string& text) const {
  Expansion out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '$') {
      out.value.push_back('$');
      ++i;
      continue;
    }
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      const auto close = text.find('}', i + 2);
      if (close != std::string::npos) {
        const std::string inner = text.substr(i + 2, close - i - 2);
        const auto sep = inner.find(":-");
        const std::string name = inner.substr(0, sep);
        const bool valid_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
        });
        if (valid_name) {
          out.used.insert(name);
          const auto value = lookup(name);
          if (value && !(sep != std::string::npos && value->empty())) {
            out.value += *value;
          } else if (sep != std::string::npos) {
            out.value += inner.substr(sep + 2);
          } else {
            out.missing.push_back(name);
          }
          i = close;
          continue;
        }
      }
    }
    out.value.push_back(text[i]);
  }
  return out;
}

bool looks_like_secret_name(const std::string& name) {
  return is_secret_name(name);
}

}  // namespace formcheck::config
