#include "harness/util/ambient_secrets.hpp"

#include "harness/util/secret.hpp"

#include <array>
#include <cctype>
#include <unistd.h>

namespace formcheck {
namespace {

std::string upper(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

void register_if_long(std::string_view name, std::string_view value) {
  if (value.size() >= kAmbientSecretMinLength && is_well_known_secret_variable(name)) {
    register_secret(value);
  }
}

}  // namespace

bool is_well_known_secret_variable(std::string_view name) {
  const std::string n = upper(name);
  constexpr std::array<std::string_view, 4> kNamed{"TWILIO_AUTH_TOKEN", "TWILIO_API_SECRET", "VERCEL_TOKEN",
                                                   "VERCEL_AUTOMATION_BYPASS_SECRET"};
  for (const auto named : kNamed) {
    if (n == named) {
      return true;
    }
  }
  for (const std::string_view word : {"TOKEN", "SECRET", "PASSWORD", "API_KEY"}) {
    const bool suffix = n.size() > word.size() && n.ends_with(word) && n[n.size() - word.size() - 1] == '_';
    if (n == word || suffix) {
      return true;
    }
  }
  return false;
}

void register_secret_variables(const std::map<std::string, std::string>& variables) {
  for (const auto& [name, value] : variables) {
    register_if_long(name, value);
  }
}

void register_environment_secrets() {
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view kv(*entry);
    const auto eq = kv.find('=');
    if (eq != std::string_view::npos) {
      register_if_long(kv.substr(0, eq), kv.substr(eq + 1));
    }
  }
}

}  // namespace formcheck
