// `formcheck run` against sites whose message puts values under the wrong labels or loses
// them while still sending a message: the e-mail under "Name:", "Email: undefined", a
// dropped line. Each value must sit under its own field's label (a4), and the delivery
// message itself proves every submitted field (a5), so the production recipe (delivery +
// sender) catches them with its one message. Healthy, free-form and Spanish-labelled bodies
// must still pass. No row sends a message beyond its suites' usual ones.
#include "tests/e2e/case_expectations.hpp"

namespace formcheck::testing::run_e2e {
namespace {

using Expectation = CaseExpectation;

struct Row {
  std::string label;
  std::vector<std::string> site_args;
  std::vector<std::string> suites;
  std::vector<Expectation> expectations;
  int exit_code = 1;
  json config_extra = json::object();  // merged into the whole config
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
  return os << r.label;
}

const std::string kDelivered = "contact-form/delivered";
const std::string kSender = "sender-and-recipient/expected-sender";

json spanish_labels() {
  return {{"form", {{"labels", {{"name", "Nombre"}, {"email", "Correo"}, {"message", "Mensaje"}}}}}};
}

std::vector<Row> rows() {
  std::vector<Row> r;
  // ---- a4: each value under its own label ------------------------------------------------
  r.push_back({"a4_healthy_site_every_value_under_its_label",
               {},
               {"delivery", "sender", "passthrough"},
               {{"delivery", kDelivered, "passed", {"each under its label"}, "labels"},
                {"sender", kSender, "passed"},
                {"passthrough", "plain-english", "passed", {}, "labels"},
                {"passthrough", "with-phone", "passed"},
                {"passthrough", "newlines", "passed"}},
               0});
  r.push_back({"a4_swapped_labels_fail_naming_both_fields",
               {"--fault", "swap-labels=name,email"},
               {"delivery", "passthrough"},
               {{"passthrough", "plain-english", "failed", {"name (under 'Email')", "email (under 'Name')"}},
                {"passthrough", "japanese", "failed", {"name (under 'Email')", "(under 'Name')"}},
                {"delivery", kDelivered, "failed", {"name (under 'Email')", "the email's value"}}},
               1});
  r.push_back({"a4_unlabeled_free_form_body_passes",
               {"--fault", "free-form-body"},
               {"delivery", "sender", "passthrough"},
               {{"delivery", kDelivered, "passed", {"no labels in the body"}},
                {"passthrough", "plain-english", "passed", {}, "labels"},
                {"passthrough", "with-phone", "passed"}},
               0});
  r.push_back({"a4_spanish_labels_named_in_form_labels_pass",
               {"--fault", "labels=es"},
               {"delivery", "passthrough"},
               {{"delivery", kDelivered, "passed", {"each under its label"}},
                {"passthrough", "plain-english", "passed"}},
               0,
               spanish_labels()});
  r.push_back(
      {"a4_spanish_labels_swapped_fail_with_form_labels",
       {"--fault", "labels=es", "--fault", "swap-labels=name,email"},
       {"passthrough"},
       {{"passthrough", "plain-english", "failed", {"name (under 'Correo')", "email (under 'Nombre')"}}},
       1,
       spanish_labels()});
  // ---- a5: the delivery message proves every field ---------------------------------------
  r.push_back(
      {"a5_undefined_email_fails_delivered_with_delivery_and_sender",
       {"--fault", "undefined-field=email"},
       {"delivery", "sender"},
       {{"delivery", kDelivered, "failed", {"email is not as submitted", "'undefined'"}, "fields_checked"},
        {"delivery", "contact-form/accepted", "passed"},
        {"sender", kSender, "passed"}},
       1});
  r.push_back({"a5_dropped_field_fails_delivered",
               {"--fault", "drop-field=email"},
               {"delivery", "sender"},
               {{"delivery", kDelivered, "failed", {"email is not as submitted", "not in the body"}},
                {"sender", kSender, "passed"}},
               1});
  r.push_back({"a5_fields_in_message_off_judges_arrival_only",
               {"--fault", "undefined-field=email"},
               {"delivery"},
               {{"delivery", kDelivered, "passed", {"expect.fields_in_message is false"}}},
               0,
               {{"expect", {{"fields_in_message", false}}}}});
  return r;
}

class RunFalsePassLabels : public RunFixture, public ::testing::WithParamInterface<Row> {};

TEST_P(RunFalsePassLabels, VerdictAndExitCode) {
  const auto& c = GetParam();
  start_emulator();
  auto* site = start_site(c.site_args);
  ASSERT_NE(site, nullptr);
  auto config = base_config();
  config["targets"]["site"] = remote_target(*site);
  config.merge_patch(c.config_extra);
  auto args = suite_args(c.suites);
  const auto result = run(write_config(config), args);
  expect_cases(result, c.expectations, c.exit_code);
}

INSTANTIATE_TEST_SUITE_P(FalsePassLabels, RunFalsePassLabels, ::testing::ValuesIn(rows()),
                         [](const ::testing::TestParamInfo<Row>& row) { return row.param.label; });

// A mistyped field name in form.labels is a configuration error naming the key and the fix.
class RunLabelsConfig : public RunFixture {};

TEST_F(RunLabelsConfig, AnUnknownFieldInFormLabelsIsAUsageError) {
  auto config = base_config();
  config["targets"]["site"] = {{"url", "http://127.0.0.1:9"}, {"rate_limit", {{"max", 5}, {"window_s", 60}}}};
  config["form"]["labels"] = {{"emial", "Correo"}};
  const auto result = formcheck({"validate", "--config", write_config(config).string()}, 30s, "validate");
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 2) << result.diagnosis();
  EXPECT_NE(result.err.find("form.labels.emial"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("did you mean 'email'"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
