#pragma once
// The one number format the whole chain agrees on: whatsapp:+<E.164 digits>.
#include <optional>
#include <string>
#include <string_view>

namespace formcheck::config {

// Twilio's shared WhatsApp sandbox sender: fine for trying things out, never for guests.
inline constexpr std::string_view kSandboxNumber = "whatsapp:+14155238886";

// nullopt when `value` is a well-formed whatsapp:+E164 address; otherwise what is wrong
// with it, in words a site owner understands ("has spaces or dashes", "lacks the whatsapp:
// prefix", …).
std::optional<std::string> whatsapp_address_problem(std::string_view value);

// The same value written the right way where that can be guessed (spaces/dashes removed,
// prefix and + added), for the fix line; empty when it cannot be guessed.
std::string suggest_whatsapp_address(std::string_view value);

}  // namespace formcheck::config
