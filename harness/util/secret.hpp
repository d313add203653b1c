#pragma once
// Secrets are marked the moment they are read (config, flags, environment) and every piece
// of text formcheck writes (console, reports, captured child output, error messages) goes
// through redact(). Registering is global on purpose: a secret must be hidden everywhere,
// including places that never saw the Secret object (a child process echoing its env).
#include <string>
#include <string_view>

namespace formcheck {

inline constexpr std::string_view kRedacted = "[REDACTED]";

// Registers `value` (and derived forms that leak in practice: its Base64 inside a Basic
// auth header, its percent-encoding) so redact() masks it. Values shorter than 4
// characters are not registered: masking them would shred ordinary text.
void register_secret(std::string_view value);

// Registers the Base64 of "user:password" so a logged Authorization header is masked.
void register_basic_credentials(std::string_view user, std::string_view password);

// Replaces every registered secret in `text` with [REDACTED], masks the credentials of
// "Authorization:" headers and URL user-info, then (--mask-pii) personal data: see pii.hpp.
std::string redact(std::string_view text);

// For tests: forget every registered secret.
void clear_registered_secrets_for_testing();

// A string that is known to be secret. It prints as [REDACTED] through fmt and has no
// implicit conversion, so leaking it takes a visible call to reveal().
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : m_value(std::move(value)) { register_secret(m_value); }
  const std::string& reveal() const { return m_value; }
  bool empty() const { return m_value.empty(); }
  friend bool operator==(const Secret&, const Secret&) = default;

 private:
  std::string m_value;
};

std::string base64_encode(std::string_view data);

}  // namespace formcheck
