#pragma once
// The one list of the checks formcheck judges after submitting a form: each check's name, the
// suite kinds that plan it, the evidence it is judged from, and a handle (`Check`) the runner
// dispatches its judge on. The plan registers names from here and the runner records names
// from here, so a check cannot be planned under one spelling and judged under another. The
// audit suite's checks depend on the target's scope and are named by checks/audit.
#include "harness/results/suite.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace formcheck::checks {

enum class Check {
  accepted,
  delivered,
  latency,
  one_message,
  expected_sender,
  not_sandbox,
  recipient_is_staff,
  passthrough,
  guest_view,
  legit_accepted,
  legit_delivered,
  abuse_limited,
  abuse_retry_after,
  messages_match_accepted,
};

// What a check is judged from.
enum class Evidence {
  submission,  // one submission and the message its wait found
  page,        // what the guest saw on the page (browser mode)
  sweep,       // the end-of-run list of every message of the run, counted per token
  burst,       // the rate-limit suite's bursts taken together
};

// How a check's report name is formed.
enum class Naming {
  per_case,   // "<case>/<name>"
  the_case,   // the case's own name (a passthrough payload is its own check)
  per_suite,  // "<name>", once per suite
};

struct CheckSpec {
  Check check;
  std::string_view name;
  unsigned kinds;  // a bit per results::SuiteKind that plans it (kind_bit)
  Evidence evidence;
  Naming naming;
  // A message lost once is a lost enquiry, and one sent from the wrong number (or to the
  // wrong one) once is a sender problem: passing only on a retry is still a failure unless
  // --allow-flaky-delivery.
  bool delivery_class = false;
};

constexpr unsigned kind_bit(results::SuiteKind kind) {
  return 1U << static_cast<unsigned>(kind);
}

// Every check, in the order reports list a case's checks.
std::span<const CheckSpec> catalogue();
const CheckSpec& spec(Check check);
bool planned_by(const CheckSpec& spec, results::SuiteKind kind);

// The report name of `check` for a case ("" for a suite-wide check).
std::string check_name(Check check, std::string_view case_name = {});

// The names a suite registers, case by case in catalogue order. An audit suite yields the
// checks of the widest scope ("all"); a target narrows them (checks/audit.hpp).
std::vector<std::string> planned_names(const results::Suite& suite);

// Whether a report name ("contact-form/delivered") is a delivery-class check.
bool is_delivery_class(std::string_view name);

}  // namespace formcheck::checks
