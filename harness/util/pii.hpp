#pragma once
// Personal data in what formcheck writes. With --mask-pii, phone numbers and e-mail addresses
// are masked in every output: redact() ends with mask_pii(), so the places that already keep
// secrets out keep personal data out too. Masks are deterministic and keep enough to tell
// values apart: `whatsapp:+6281234567890` → `whatsapp:+62••••••••890` (the '+', the country
// code and the last 3 digits), `ayu@example.com` → `a••@example.com`.
//
// What is masked: every number written as +E.164 (8 to 15 digits, also `%2B`-encoded, short
// digit groups may be separated by a space, '-' or '.') and every e-mail address (also with
// `%40`), anywhere in the text; plus values registered with register_pii() in whatever form
// they take (a payload's `0812 3456 7890`) and their percent-encoding. Public numbers
// (register_public_number: the business's own sender, Twilio's sandbox) stay readable.
#include <string>
#include <string_view>

namespace formcheck {

// The bullet that replaces a hidden character (U+2022; reports and the console are UTF-8).
inline constexpr std::string_view kPiiMask = "\xE2\x80\xA2";

// Turns masking on or off for the whole process (off by default).
void set_pii_masking(bool enabled);
bool pii_masking_enabled();

// A number (any spelling: `whatsapp:+1 415 523 8886`) that stays readable when masking.
void register_public_number(std::string_view number);

// Registers `value` when it looks like personal data (an e-mail address, or 7 to 15 digits
// with only + ( ) - . and spaces around them): payload fields come through here.
void register_pii(std::string_view value);

// One phone number / e-mail address, masked. A number without '+' keeps its last 3 digits only.
std::string mask_phone(std::string_view number);
std::string mask_email(std::string_view address);

// `text` with the personal data masked (see above); `text` unchanged when masking is off.
std::string mask_pii(std::string_view text);
// The same, whether or not masking is on (for tests and callers that always mask).
std::string mask_pii_always(std::string_view text);

// For tests: masking off, no registered value, no public number.
void clear_pii_for_testing();

}  // namespace formcheck
