#include "harness/checks/abuse_variation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace formcheck::checks {
namespace {

enum class Varied { none, name, email, phone };

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// What a field holds, by its name ("contactEmail", "phone_number", "fullName").
Varied varied_kind(const std::string& field) {
  const auto name = lower(field);
  const auto has = [&](std::string_view word) { return name.find(word) != std::string::npos; };
  if (has("mail")) {
    return Varied::email;
  }
  if (has("phone") || has("tel") || has("mobile") || has("whatsapp")) {
    return Varied::phone;
  }
  return has("name") ? Varied::name : Varied::none;
}

// Names a real form accepts (letters and spaces only), one per abuser.
std::string abuser_name(int n) {
  static constexpr std::array<std::string_view, 12> kNames{
      "Budi Santoso", "Citra Dewi",    "Dewa Putu",    "Eka Wijaya",   "Fajar Nugroho", "Gita Maharani",
      "Hadi Pratama", "Indah Permata", "Joko Susanto", "Kartika Sari", "Lukas Tan",     "Maya Kusuma"};
  const auto base = std::string(kNames[static_cast<size_t>(n - 1) % kNames.size()]);
  const int round = (n - 1) / static_cast<int>(kNames.size());
  return round == 0 ? base : base + " " + std::string(1, static_cast<char>('A' + round % 26));
}

// The same domain as the form's address (a site may accept only real-looking ones), another mailbox.
std::string abuser_email(const std::string& original, int n) {
  const auto at = original.find('@');
  if (at == std::string::npos || at == 0) {
    return fmt::format("guest.{}@example.com", n);
  }
  return fmt::format("{}.{}{}", original.substr(0, at), n, original.substr(at));
}

// The form's number with its last digits replaced: as long, as well-formed, another line.
std::string abuser_phone(const std::string& original, int n) {
  std::string out = original;
  const auto digits = fmt::format("{:02d}", n % 100);
  int replaced = 0;
  for (auto it = out.rbegin(); it != out.rend() && replaced < 2; ++it) {
    if (std::isdigit(static_cast<unsigned char>(*it)) != 0) {
      *it = digits[static_cast<size_t>(1 - replaced)];
      ++replaced;
    }
  }
  return replaced == 2 ? out : fmt::format("+62812000000{:02d}", n % 100);
}

}  // namespace

AbuserIdentity abuser_identity(const config::FormSettings& form, int n, bool forge_ip) {
  AbuserIdentity identity;
  for (const auto& [field, value] : form.fields) {
    if (field == form.token_field) {
      continue;
    }
    switch (varied_kind(field)) {
      case Varied::name:
        identity.fields.emplace_back(field, abuser_name(n));
        break;
      case Varied::email:
        identity.fields.emplace_back(field, abuser_email(value, n));
        break;
      case Varied::phone:
        identity.fields.emplace_back(field, abuser_phone(value, n));
        break;
      case Varied::none:
        break;
    }
  }
  if (forge_ip) {
    const auto address = fmt::format("203.0.113.{}", 10 + n % 240);
    identity.headers = {{"X-Forwarded-For", address}, {"X-Real-IP", address}};
  }
  return identity;
}

bool is_loopback_url(const std::string& url) {
  auto rest = std::string_view(url);
  if (const auto scheme = rest.find("://"); scheme != std::string_view::npos) {
    rest.remove_prefix(scheme + 3);
  }
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    rest.remove_prefix(at + 1);
  }
  std::string host;
  if (!rest.empty() && rest.front() == '[') {
    host = lower(rest.substr(1, rest.find(']') - 1));
  } else {
    host = lower(rest.substr(0, rest.find(':')));
  }
  const bool ipv4 =
      std::all_of(host.begin(), host.end(), [](char c) { return c == '.' || (c >= '0' && c <= '9'); });
  return host == "localhost" || host.ends_with(".localhost") || (ipv4 && host.starts_with("127.")) ||
         host == "::1";
}

bool forges_client_ip(const config::TargetSettings& target) {
  if (target.rate_limit.forge_client_ip) {
    return *target.rate_limit.forge_client_ip;
  }
  return !target.start && !is_loopback_url(target.url);
}

std::string describe_variation(const config::FormSettings& form, const config::TargetSettings& target) {
  std::string fields;
  for (const auto& [field, value] : abuser_identity(form, 1, false).fields) {
    fields += (fields.empty() ? "" : ", ") + field;
  }
  const auto varied = fields.empty() ? std::string("no name, e-mail or phone field to vary")
                                     : fields + " different in every submission";
  if (forges_client_ip(target)) {
    return varied + "; X-Forwarded-For and X-Real-IP forged per submission";
  }
  return varied +
         fmt::format("; X-Forwarded-For and X-Real-IP not forged ({}; targets.{}.rate_limit.forge_client_ip)",
                     target.rate_limit.forge_client_ip ? "off"
                     : target.start                    ? "a target formcheck starts"
                                                       : "a loopback URL",
                     target.name);
}

}  // namespace formcheck::checks
