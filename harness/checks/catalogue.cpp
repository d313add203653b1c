#include "harness/checks/catalogue.hpp"

#include "harness/checks/audit.hpp"

#include <array>
#include <stdexcept>

namespace formcheck::checks {
namespace {

using results::SuiteKind;

constexpr unsigned kSubmitting =
    kind_bit(SuiteKind::delivery) | kind_bit(SuiteKind::sender) | kind_bit(SuiteKind::passthrough);

constexpr std::array kChecks{
    CheckSpec{Check::accepted, "accepted", kind_bit(SuiteKind::delivery), Evidence::submission,
              Naming::per_case},
    CheckSpec{Check::delivered, "delivered", kind_bit(SuiteKind::delivery), Evidence::submission,
              Naming::per_case, true},
    CheckSpec{Check::latency, "latency", kind_bit(SuiteKind::delivery), Evidence::submission,
              Naming::per_case},
    CheckSpec{Check::one_message, "one-message", kind_bit(SuiteKind::delivery), Evidence::sweep,
              Naming::per_case, true},
    // A wrong sender or recipient on one attempt is what real guests get that often: the
    // sender checks are delivery-class too.
    CheckSpec{Check::expected_sender, "expected-sender", kind_bit(SuiteKind::sender), Evidence::submission,
              Naming::per_case, true},
    CheckSpec{Check::not_sandbox, "not-sandbox", kind_bit(SuiteKind::sender), Evidence::submission,
              Naming::per_case, true},
    CheckSpec{Check::recipient_is_staff, "recipient-is-staff", kind_bit(SuiteKind::sender),
              Evidence::submission, Naming::per_case, true},
    CheckSpec{Check::passthrough, "", kind_bit(SuiteKind::passthrough), Evidence::submission,
              Naming::the_case},
    CheckSpec{Check::guest_view, "guest-view", kSubmitting, Evidence::page, Naming::per_case},
    CheckSpec{Check::legit_accepted, "legit-burst/accepted", kind_bit(SuiteKind::rate_limit), Evidence::burst,
              Naming::per_suite},
    CheckSpec{Check::legit_delivered, "legit-burst/delivered", kind_bit(SuiteKind::rate_limit),
              Evidence::burst, Naming::per_suite, true},
    CheckSpec{Check::abuse_limited, "abuse/limited", kind_bit(SuiteKind::rate_limit), Evidence::burst,
              Naming::per_suite},
    CheckSpec{Check::abuse_retry_after, "abuse/retry-after", kind_bit(SuiteKind::rate_limit), Evidence::burst,
              Naming::per_suite},
    CheckSpec{Check::messages_match_accepted, "abuse/messages-match-accepted",
              kind_bit(SuiteKind::rate_limit), Evidence::sweep, Naming::per_suite, true},
};

std::string name_for(const CheckSpec& s, std::string_view case_name) {
  switch (s.naming) {
    case Naming::per_case:
      return std::string(case_name) + "/" + std::string(s.name);
    case Naming::the_case:
      return std::string(case_name);
    case Naming::per_suite:
      return std::string(s.name);
  }
  return std::string(s.name);
}

}  // namespace

std::span<const CheckSpec> catalogue() {
  return kChecks;
}

const CheckSpec& spec(Check check) {
  for (const auto& s : kChecks) {
    if (s.check == check) {
      return s;
    }
  }
  throw std::logic_error(
      "a check missing from the catalogue");  // a programming error, caught by its unit test
}

bool planned_by(const CheckSpec& s, results::SuiteKind kind) {
  return (s.kinds & kind_bit(kind)) != 0;
}

std::string check_name(Check check, std::string_view case_name) {
  return name_for(spec(check), case_name);
}

std::vector<std::string> planned_names(const results::Suite& suite) {
  if (suite.kind == SuiteKind::audit) {
    return audit::check_names(*audit::scope_named("all"));
  }
  std::vector<std::string> names;
  for (const auto& s : kChecks) {
    if (planned_by(s, suite.kind) && s.naming == Naming::per_suite) {
      names.push_back(name_for(s, {}));
    }
  }
  for (const auto& c : suite.cases) {
    for (const auto& s : kChecks) {
      if (!planned_by(s, suite.kind) || s.naming == Naming::per_suite) {
        continue;
      }
      if (s.evidence == Evidence::page && !c.in_browser()) {
        continue;
      }
      names.push_back(name_for(s, c.name));
    }
  }
  return names;
}

bool is_delivery_class(std::string_view name) {
  for (const auto& s : kChecks) {
    if (!s.delivery_class) {
      continue;
    }
    const std::string_view check = s.name;
    if (name == check || (name.size() > check.size() && name.ends_with(check) &&
                          name[name.size() - check.size() - 1] == '/')) {
      return true;
    }
  }
  return false;
}

}  // namespace formcheck::checks
