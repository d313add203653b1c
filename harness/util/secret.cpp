#include "harness/util/secret.hpp"

#include "harness/util/percent_encoding.hpp"
#include "harness/util/pii.hpp"

#include <algorithm>
#include <mutex>
#include <cctype>
#include <set>
#include <utility>

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

void add_locked(Registry& reg, std::string value) {
  if (value.size() >= 4) {
    reg.values.insert(std::move(value));
  }
}

bool is_token_char(char c) { return c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '"' && c != '\'' && c != '\\'; }

bool iequals_at(const std::string& text, size_t pos, std::string_view word) {
  if (pos + word.size() > text.size()) {
    return false;
  }
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[pos + i])) != word[i]) {
      return false;
    }
  }
  return true;
}

// Vercel's Protection Bypass for Automation travels as a header or a query parameter of this
// name ("x-vercel-protection-bypass: S" or "?x-vercel-protection-bypass=S").
constexpr std::string_view kVercelBypassName = "x-vercel-protection-bypass";

// Where the value after "x-vercel-protection-bypass" followed by ':' or '=' starts at `pos`, and
// where it ends (npos when `pos` does not start such a value).
std::pair<size_t, size_t> vercel_bypass_value(const std::string& text, size_t pos) {
  if (!iequals_at(text, pos, kVercelBypassName)) {
    return {std::string::npos, std::string::npos};
  }
  size_t v = pos + kVercelBypassName.size();
  if (v >= text.size() || (text[v] != ':' && text[v] != '=')) {
    return {std::string::npos, std::string::npos};
  }
  ++v;
  while (v < text.size() && (text[v] == ' ' || text[v] == '\t')) {
    ++v;
  }
  size_t e = v;
  while (e < text.size() && is_token_char(text[e]) && text[e] != '&' && text[e] != '#' && text[e] != ',' &&
         text[e] != ';') {
    ++e;
  }
  return e > v ? std::pair{v, e} : std::pair{std::string::npos, std::string::npos};
}

// Masks what nobody registered but is a credential by its position: the value of an
// "Authorization: Basic|Bearer" header, Vercel's bypass (header or query parameter) and the
// user-info of a URL. A linear scan, not a regex: std::regex backtracks badly (and overflows
// its stack) on long unbroken text.
std::string mask_unregistered_credentials(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (const auto [v, e] = vercel_bypass_value(text, i); v != std::string::npos) {
      out.append(text, i, v - i);
      out += kRedacted;
      i = e;
      continue;
    }
    if (iequals_at(text, i, "authorization:")) {
      size_t p = i + 14;
      while (p < text.size() && (text[p] == ' ' || text[p] == '\t')) {
        ++p;
      }
      size_t scheme_len = iequals_at(text, p, "basic") ? 5 : iequals_at(text, p, "bearer") ? 6 : 0;
      if (scheme_len > 0 && p + scheme_len < text.size() && (text[p + scheme_len] == ' ' || text[p + scheme_len] == '\t')) {
        size_t v = p + scheme_len;
        while (v < text.size() && (text[v] == ' ' || text[v] == '\t')) {
          ++v;
        }
        size_t e = v;
        while (e < text.size() && is_token_char(text[e])) {
          ++e;
        }
        if (e > v) {
          out.append(text, i, v - i);
          out += kRedacted;
          i = e;
          continue;
        }
      }
    }
    if (text.compare(i, 3, "://") == 0) {
      // user-info runs from after "://" to an '@' before any '/', whitespace or quote.
      size_t p = i + 3;
      size_t limit = std::min(text.size(), p + 512);
      size_t at = std::string::npos;
      for (size_t q = p; q < limit; ++q) {
        const char c = text[q];
        if (c == '@') {
          at = q;
          break;
        }
        if (c == '/' || !is_token_char(c)) {
          break;
        }
      }
      if (at != std::string::npos && at > p) {
        out += "://";
        out += kRedacted;
        out += '@';
        i = at + 1;
        continue;
      }
    }
    out.push_back(text[i]);
    ++i;
  }
  return out;
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
  add_locked(reg, percent_encode_unreserved(value));
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
  // Personal data last (when --mask-pii is on): one step, everywhere secrets are kept out.
  return mask_pii(mask_unregistered_credentials(out));
}

void clear_registered_secrets_for_testing() {
  auto& reg = registry();
  std::lock_guard lock(reg.mutex);
  reg.values.clear();
}

}  // namespace formcheck
