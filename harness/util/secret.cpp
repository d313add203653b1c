#include "harness/util/secret.hpp"

#include <algorithm>
#include <mutex>
#include <regex>
#include <set>

namespace formcheck {
namespace {

struct Registry {
  std::mutex mutex;
  // Longest first, so a secret that contains another is masked whole.
  std::set<std::string, bool (*)(const std::string&, const std::string&)> values{
      [](const std::string& a, const std::string& b) { return a.size() != b.size() ? a.size() > b.size() : a < b; }};
};

Registry& registry() {
  static Registry instance;
  return instance;
}

std::string percent_encode_all_reserved(std::string_view value) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

void add_locked(Registry& reg, std::string value) {
  if (value.size() >= 4) {
    reg.values.insert(std::move(value));
  }
}

}  // namespace

std::string base64_encode(std::string_view data) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(data[i]) << 16) | (static_cast<unsigned char>(data[i + 1]) << 8) |
                       static_cast<unsigned char>(data[i + 2]);
    out += {alphabet[(n >> 18) & 63], alphabet[(n >> 12) & 63], alphabet[(n >> 6) & 63], alphabet[n & 63]};
  }
  if (i + 1 == data.size()) {
    const unsigned n = static_cast<unsigned char>(data[i]) << 16;
    out += {alphabet[(n >> 18) & 63], alphabet[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == data.size()) {
    const unsigned n = (static_cast<unsigned char>(data[i]) << 16) | (static_cast<unsigned char>(data[i + 1]) << 8);
    out += {alphabet[(n >> 18) & 63], alphabet[(n >> 12) & 63], alphabet[(n >> 6) & 63], '='};
  }
  return out;
}

void register_secret(std::string_view value) {
  if (value.size() < 4) {
    return;
  }
  auto& reg = registry();
  std::lock_guard lock(reg.mutex);
  add_locked(reg, std::string(value));
  add_locked(reg, percent_encode_all_reserved(value));
}

void register_basic_credentials(std::string_view user, std::string_view password) {
  register_secret(password);
  std::string joined(user);
  joined += ':';
  joined += password;
  auto& reg = registry();
  std::lock_guard lock(reg.mutex);
  add_locked(reg, base64_encode(joined));
}

std::string redact(std::string_view text) {
  std::string out(text);
  {
    auto& reg = registry();
    std::lock_guard lock(reg.mutex);
    for (const auto& secret : reg.values) {
      for (size_t pos = out.find(secret); pos != std::string::npos; pos = out.find(secret, pos + kRedacted.size())) {
        out.replace(pos, secret.size(), kRedacted);
      }
    }
  }
  // Defence in depth for values nobody registered: header credentials and URL user-info.
  static const std::regex auth_header(R"((authorization:\s*(basic|bearer)\s+)[^\s"'\\]+)", std::regex::icase);
  static const std::regex url_userinfo(R"(([a-z][a-z0-9+.-]*://)[^/@\s"']+@)", std::regex::icase);
  out = std::regex_replace(out, auth_header, "$1[REDACTED]");
  out = std::regex_replace(out, url_userinfo, "$1[REDACTED]@");
  return out;
}

void clear_registered_secrets_for_testing() {
  auto& reg = registry();
  std::lock_guard lock(reg.mutex);
  reg.values.clear();
}

}  // namespace formcheck
