#include "harness/util/pii.hpp"

#include "harness/util/percent_encoding.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <mutex>
#include <set>
#include <utility>
#include <vector>

namespace formcheck {
namespace {

constexpr size_t kKeptTail = 3;         // last digits a masked number keeps
constexpr size_t kMinPhoneDigits = 8;   // "+" and fewer digits is rarely a phone (and "+0000" is a time zone)
constexpr size_t kMaxPhoneDigits = 15;  // E.164

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) {
  return is_digit(c) || is_alpha(c);
}
bool is_local_char(char c) {
  return is_alnum(c) || c == '.' || c == '_' || c == '+' || c == '-';
}
bool is_domain_char(char c) {
  return is_alnum(c) || c == '.' || c == '-';
}

std::string digits_of(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (is_digit(c)) {
      out.push_back(c);
    }
  }
  return out;
}

// ITU-T E.164 country codes are 1 to 3 digits and prefix-free: 1 and 7 alone, these two-digit
// ones, and three digits for everything else.
size_t country_code_length(std::string_view digits) {
  if (digits.empty()) {
    return 0;
  }
  if (digits[0] == '1' || digits[0] == '7') {
    return 1;
  }
  static constexpr std::array<std::string_view, 44> kTwoDigit{
      "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
      "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
      "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98"};
  const auto head = digits.substr(0, 2);
  return std::find(kTwoDigit.begin(), kTwoDigit.end(), head) != kTwoDigit.end() ? 2 : 3;
}

// Replaces each digit of `text` with the mask, except the first `keep_leading` digits and the
// last kKeptTail; everything else (separators, "whatsapp:", '+') stays.
std::string mask_digits(std::string_view text, size_t keep_leading) {
  const size_t total = digits_of(text).size();
  std::string out;
  size_t seen = 0;
  for (char c : text) {
    if (!is_digit(c)) {
      out.push_back(c);
      continue;
    }
    const bool kept = seen < keep_leading || seen + kKeptTail >= total;
    ++seen;
    if (kept) {
      out.push_back(c);
    } else {
      out += kPiiMask;
    }
  }
  return out;
}

// The end of a phone number whose digits start at `start` (after its '+'), or npos. Groups of
// at most 4 digits may be separated by one space, '-' or '.'; a longer run ends the number, so
// "+15557654321 2 messages" does not swallow the 2.
size_t phone_end(std::string_view text, size_t start, std::string& digits) {
  digits.clear();
  size_t p = start;
  size_t group = 0;
  while (p < text.size()) {
    const char c = text[p];
    if (is_digit(c)) {
      digits.push_back(c);
      ++group;
      ++p;
      if (digits.size() > kMaxPhoneDigits) {
        return std::string_view::npos;
      }
      continue;
    }
    if ((c == ' ' || c == '-' || c == '.') && group > 0 && group <= 4 && p + 1 < text.size() &&
        is_digit(text[p + 1])) {
      group = 0;
      ++p;
      continue;
    }
    break;
  }
  if (digits.size() < kMinPhoneDigits || (p < text.size() && is_alnum(text[p]))) {
    return std::string_view::npos;  // too short, or part of a longer token (Base64, an id)
  }
  return p;
}

// The end of an e-mail domain starting at `start` (labels, at least one dot, a top-level
// domain of letters), or npos.
size_t domain_end(std::string_view text, size_t start) {
  size_t p = start;
  while (p < text.size() && is_domain_char(text[p])) {
    ++p;
  }
  while (p > start && (text[p - 1] == '.' || text[p - 1] == '-')) {
    --p;  // a sentence's full stop is not part of the address
  }
  const auto domain = text.substr(start, p - start);
  const auto last_dot = domain.rfind('.');
  if (domain.empty() || domain.front() == '.' || last_dot == std::string_view::npos ||
      domain.size() - last_dot < 3) {
    return std::string_view::npos;
  }
  for (size_t i = last_dot + 1; i < domain.size(); ++i) {
    if (!is_alpha(domain[i])) {
      return std::string_view::npos;
    }
  }
  return p;
}

bool looks_like_email(std::string_view value) {
  const auto at = value.find('@');
  if (at == 0 || at == std::string_view::npos || value.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  for (size_t i = 0; i < at; ++i) {
    if (!is_local_char(value[i])) {
      return false;
    }
  }
  return domain_end(value, at + 1) == value.size();
}

bool looks_like_phone(std::string_view value) {
  const auto digits = digits_of(value).size();
  if (digits < 7 || digits > kMaxPhoneDigits) {
    return false;
  }
  return std::all_of(value.begin(), value.end(), [](char c) {
    return is_digit(c) || c == '+' || c == '(' || c == ')' || c == '-' || c == '.' || c == ' ';
  });
}

struct Registry {
  std::mutex mutex;
  std::set<std::string> public_digits;
  // (value as it may appear, its mask), longest first so a value containing another is masked whole.
  std::vector<std::pair<std::string, std::string>> values;
};

Registry& registry() {
  static Registry instance;
  return instance;
}

std::atomic<bool> g_enabled{false};

}  // namespace

void set_pii_masking(bool enabled) {
  g_enabled.store(enabled);
}

bool pii_masking_enabled() {
  return g_enabled.load();
}

void register_public_number(std::string_view number) {
  auto digits = digits_of(number);
  if (digits.size() < kMinPhoneDigits) {
    return;
  }
  auto& reg = registry();
  std::lock_guard lock(reg.mutex);
  reg.public_digits.insert(std::move(digits));
}

std::string mask_phone(std::string_view number) {
  const auto first_digit = std::find_if(number.begin(), number.end(), is_digit);
  const bool international = std::find(number.begin(), first_digit, '+') != first_digit;
  return mask_digits(number, international ? country_code_length(digits_of(number)) : 0);
}

std::string mask_email(std::string_view address) {
  const auto at = address.rfind('@');
  if (at == 0 || at == std::string_view::npos) {
    return std::string(address);
  }
  std::string out(1, address[0]);
  for (size_t i = 1; i < at; ++i) {
    out += kPiiMask;
  }
  out += address.substr(at);
  return out;
}

void register_pii(std::string_view value) {
  const bool email = looks_like_email(value);
  if (!email && !looks_like_phone(value)) {
    return;
  }
  auto& reg = registry();
  std::lock_guard lock(reg.mutex);
  if (!email && reg.public_digits.count(digits_of(value)) > 0) {
    return;
  }
  const std::string masked = email ? mask_email(value) : mask_phone(value);
  for (std::string form : {std::string(value), percent_encode_unreserved(value)}) {
    const auto known =
        std::find_if(reg.values.begin(), reg.values.end(), [&](const auto& v) { return v.first == form; });
    if (known == reg.values.end()) {
      reg.values.emplace_back(std::move(form), masked);
    }
  }
  std::stable_sort(reg.values.begin(), reg.values.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

std::string mask_pii_always(std::string_view input) {
  std::string text(input);
  std::set<std::string> public_digits;
  {
    auto& reg = registry();
    std::lock_guard lock(reg.mutex);
    for (const auto& [value, masked] : reg.values) {
      for (size_t pos = text.find(value); pos != std::string::npos;
           pos = text.find(value, pos + masked.size())) {
        text.replace(pos, value.size(), masked);
      }
    }
    public_digits = reg.public_digits;
  }

  // One linear scan for +E.164 numbers and e-mail addresses (never std::regex: see secret.cpp).
  std::string out;
  out.reserve(text.size());
  std::string digits;
  size_t i = 0;
  while (i < text.size()) {
    const bool encoded_plus = text.compare(i, 3, "%2B") == 0 || text.compare(i, 3, "%2b") == 0;
    const size_t plus = text[i] == '+' ? 1 : encoded_plus ? 3 : 0;
    if (plus > 0) {
      if (const size_t end = phone_end(text, i + plus, digits); end != std::string::npos) {
        if (public_digits.count(digits) > 0) {
          out.append(text, i, end - i);
        } else {
          out.append(text, i, plus);
          out += mask_digits(std::string_view(text).substr(i + plus, end - i - plus),
                             country_code_length(digits));
        }
        i = end;
        continue;
      }
    }
    const size_t at = text[i] == '@' ? 1 : text.compare(i, 3, "%40") == 0 ? 3 : 0;
    if (at > 0) {
      size_t local = out.size();
      while (local > 0 && is_local_char(out[local - 1])) {
        --local;
      }
      if (const size_t end = domain_end(text, i + at); local < out.size() && end != std::string::npos) {
        const size_t hidden = out.size() - local - 1;
        out.resize(local + 1);
        for (size_t k = 0; k < hidden; ++k) {
          out += kPiiMask;
        }
        out.append(text, i, end - i);
        i = end;
        continue;
      }
    }
    out.push_back(text[i]);
    ++i;
  }
  return out;
}

std::string mask_pii(std::string_view text) {
  return pii_masking_enabled() ? mask_pii_always(text) : std::string(text);
}

void clear_pii_for_testing() {
  set_pii_masking(false);
  auto& reg = registry();
  std::lock_guard lock(reg.mutex);
  reg.values.clear();
  reg.public_digits.clear();
}

}  // namespace formcheck
