#include "harness/checks/honeypot_hint.hpp"

#include "harness/checks/token.hpp"
#include "harness/config/honeypot.hpp"
#include "harness/util/secret.hpp"

#include <fmt/format.h>

namespace formcheck::checks {

void name_a_likely_honeypot(results::CaseResult& delivered, const Submission& s, bool message_found) {
  if (delivered.outcome != results::Outcome::failed || !s.accepted() || message_found) {
    return;
  }
  for (const auto& [name, value] : s.fields_sent) {
    if (value.empty() || contains_token(value, s.token) || !config::looks_like_honeypot(name)) {
      continue;
    }
    delivered.message += redact(fmt::format(
        "; likely cause: the submission filled '{}', a honeypot by its name (a field hidden from visitors "
        "that only bots fill; a site answers such a submission with success and drops it): leave it empty "
        "in form.fields (\"{}\": \"\")",
        name, name));
    delivered.add_property("likely_honeypot", name);
    return;
  }
}

}  // namespace formcheck::checks
