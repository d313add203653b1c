#pragma once
// What an abuser varies from one submission to the next. A spammer's script changes the name,
// the e-mail address and the phone number of every submission, and writes a fresh
// X-Forwarded-For / X-Real-IP when the site believes them; a limiter keyed on any of those
// lets it through while a burst of identical submissions trips it. The abuse burst and the
// window probe are sent this way; the legitimate burst stays one guest.
#include "harness/checks/submission.hpp"
#include "harness/config/config.hpp"

#include <string>
#include <vector>

namespace formcheck::checks {

struct AbuserIdentity {
  Fields fields;   // laid over the form's defaults
  Fields headers;  // forged client-address headers (empty when not forging)
};

// The n-th abuser (n ≥ 1): a different name, e-mail address and phone number for every form
// field whose name says it holds one (the token field is left alone), and, when `forge_ip`,
// its own X-Forwarded-For and X-Real-IP (a documentation address, 203.0.113.x).
AbuserIdentity abuser_identity(const config::FormSettings& form, int n, bool forge_ip);

// Whether the abuse burst forges client-address headers on this target: as configured
// (rate_limit.forge_client_ip), else for a remote target only. On a target formcheck starts,
// or at a loopback URL, no edge proxy overwrites the headers, so a limiter keyed on them is
// healthy once deployed behind one (Vercel's edge sets both from the real connection).
bool forges_client_ip(const config::TargetSettings& target);

// Whether `url`'s host is this machine (localhost, *.localhost, 127.0.0.0/8, ::1).
bool is_loopback_url(const std::string& url);

// "name, email, phone per submission; X-Forwarded-For and X-Real-IP forged" — for the console
// and the abuse/limited verdict.
std::string describe_variation(const config::FormSettings& form, const config::TargetSettings& target);

}  // namespace formcheck::checks
