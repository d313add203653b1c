// One catalogue of checks: every check the plan registers has a judge the runner dispatches
// to, every judged name is a planned name, and a verdict for an unplanned check is an error
// case in the book, never dropped.
#include "harness/checks/catalogue.hpp"
#include "harness/checks/submission_judges.hpp"
#include "harness/run/plan.hpp"
#include "harness/run/planned_checks.hpp"
#include "tests/support/standin.hpp"

#include <gtest/gtest.h>

#include <set>

namespace formcheck {
namespace {

using checks::Check;
using checks::Evidence;
using results::SuiteKind;

constexpr Check kLast = Check::messages_match_accepted;

results::Suite suite_of(SuiteKind kind, std::vector<std::string> cases, bool browser = false) {
  results::Suite s;
  s.name = std::string(results::to_string(kind));
  s.kind = kind;
  for (auto& name : cases) {
    results::Payload p;
    p.name = std::move(name);
    if (browser) {
      p.engine = "chromium";
      p.device = "desktop";
    }
    s.cases.push_back(p);
  }
  return s;
}

TEST(CheckCatalogue, EveryHandleHasExactlyOneEntryAndEveryNameIsUnique) {
  std::set<std::string> names;
  for (int i = 0; i <= static_cast<int>(kLast); ++i) {
    const auto check = static_cast<Check>(i);
    int entries = 0;
    for (const auto& spec : checks::catalogue()) {
      entries += spec.check == check ? 1 : 0;
    }
    EXPECT_EQ(entries, 1) << "check handle " << i;
    EXPECT_NE(checks::spec(check).kinds, 0U) << "check handle " << i << " is planned by no suite kind";
    EXPECT_TRUE(names.insert(checks::check_name(check, "case")).second) << checks::check_name(check, "case");
  }
  EXPECT_EQ(checks::catalogue().size(), static_cast<size_t>(kLast) + 1);
}

TEST(CheckCatalogue, EverySubmissionCheckHasAJudge) {
  // A check planned from one submission must be judged from it: the runner asks
  // judge_submission for each such check, so a missing judge is a planned check never judged.
  checks::Submission submission;
  submission.token = "fc-test-0-1";
  checks::WatchResult watch;
  const config::ExpectSettings expect;
  results::Payload payload;
  payload.name = "plain";
  checks::SubmissionEvidence e;
  e.observed = {&submission, &watch, true};
  e.expect = &expect;
  e.staff = "whatsapp:+6281234567890";
  e.payload = &payload;
  for (const auto& spec : checks::catalogue()) {
    const bool judged = checks::judge_submission(spec.check, e).has_value();
    EXPECT_EQ(judged, spec.evidence == Evidence::submission) << checks::check_name(spec.check, "case");
  }
}

TEST(CheckCatalogue, ThePlanRegistersTheCataloguesNamesInReportOrder) {
  const auto delivery = run::check_names(suite_of(SuiteKind::delivery, {"contact-form"}));
  EXPECT_EQ(delivery, (std::vector<std::string>{"contact-form/accepted", "contact-form/delivered",
                                                "contact-form/latency", "contact-form/one-message"}));
  const auto sender = run::check_names(suite_of(SuiteKind::sender, {"s"}, true));
  EXPECT_EQ(sender, (std::vector<std::string>{"s/expected-sender", "s/not-sandbox", "s/recipient-is-staff",
                                              "s/guest-view"}));
  EXPECT_EQ(run::check_names(suite_of(SuiteKind::passthrough, {"plain", "emoji"})),
            (std::vector<std::string>{"plain", "emoji"}));
  EXPECT_EQ(run::check_names(suite_of(SuiteKind::rate_limit, {})),
            (std::vector<std::string>{"legit-burst/accepted", "legit-burst/delivered", "abuse/limited",
                                      "abuse/retry-after", "abuse/messages-match-accepted"}));
}

TEST(CheckCatalogue, EveryJudgedNameOfASuiteKindIsPlannedByIt) {
  // The runner records check_name(handle, case) under the suite whose kind plans the handle.
  for (const auto kind :
       {SuiteKind::delivery, SuiteKind::sender, SuiteKind::passthrough, SuiteKind::rate_limit}) {
    const auto suite = suite_of(kind, {"c"}, true);
    const auto planned = run::check_names(suite);
    for (const auto& spec : checks::catalogue()) {
      if (checks::planned_by(spec, kind)) {
        const auto name = checks::check_name(spec.check, spec.naming == checks::Naming::per_suite ? "" : "c");
        EXPECT_NE(std::find(planned.begin(), planned.end(), name), planned.end())
            << name << " is judged for a " << results::to_string(kind) << " suite but never planned";
      }
    }
  }
}

TEST(CheckCatalogue, DeliveryClassChecksComeFromTheCatalogue) {
  EXPECT_TRUE(checks::is_delivery_class("contact-form/delivered"));
  EXPECT_TRUE(checks::is_delivery_class("contact-form/one-message"));
  EXPECT_TRUE(checks::is_delivery_class("abuse/messages-match-accepted"));
  EXPECT_TRUE(checks::is_delivery_class("legit-burst/delivered"));
  EXPECT_FALSE(checks::is_delivery_class("contact-form/latency"));
  EXPECT_FALSE(checks::is_delivery_class("undelivered"));
}

TEST(PlannedChecks, AVerdictForAnUnplannedCheckIsAnErrorCaseNeverDropped) {
  results::ResultBook book;
  results::CaseResult planned;
  planned.target = "preview";
  planned.suite = "delivery";
  planned.name = "contact-form/accepted";
  book.plan(planned);
  run::PlannedChecks index(book);

  const auto known = index.slot(book, "preview", "delivery", "contact-form/accepted");
  EXPECT_TRUE(known.planned);
  EXPECT_EQ(known.index, 0U);

  const auto typo = index.slot(book, "preview", "delivery", "contact-form/acepted");
  EXPECT_FALSE(typo.planned);
  const auto cases = book.snapshot();
  ASSERT_EQ(cases.size(), 2U);
  EXPECT_EQ(cases[1].name, "contact-form/acepted");
  EXPECT_EQ(cases[1].outcome, results::Outcome::error);
  EXPECT_EQ(book.summary().errors, 1U) << "the run cannot pass";

  results::CaseResult judged;
  judged.name = "contact-form/acepted";
  judged.outcome = results::Outcome::passed;
  const auto stands_in = run::PlannedChecks::unplanned(judged);
  EXPECT_EQ(stands_in.outcome, results::Outcome::error) << "a pass for an unplanned check must not count";
  EXPECT_NE(stands_in.message.find("never registered"), std::string::npos) << stands_in.message;
  EXPECT_EQ(index.slot(book, "preview", "delivery", "contact-form/acepted").index, typo.index)
      << "one case, once";
}

}  // namespace
}  // namespace formcheck
