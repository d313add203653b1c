// `formcheck run` against healthy sites that follow real route conventions a careless client
// fails: a classic form handler answering Post/Redirect/Get (303 to a thank-you page), a CSRF
// check comparing Origin with Host, a honeypot field. Each must pass; the same conventions'
// failure signals (a redirect back to the form with ?error=1, a flash message saying it
// failed, a 403 because of the Origin, a filled honeypot) must fail, saying why.
#include "tests/e2e/case_expectations.hpp"

namespace formcheck::testing::run_e2e {
namespace {

using Expectation = CaseExpectation;

struct Row {
  std::string label;
  std::vector<std::string> site_args;
  std::vector<std::string> suites;
  std::vector<Expectation> expectations;
  int exit_code = 0;
  json config_extra = json::object();  // merged into the whole config
  std::string rate = kSiteRate;
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
  return os << r.label;
}

const std::string kCase = "contact-form/";

json short_wait(json extra = json::object()) {
  json config = {{"expect", {{"latency_s", 3}, {"grace_s", 1}}}};
  config.merge_patch(extra);
  return config;
}

json form_encoded() {
  return {{"form", {{"encoding", "form"}}}};
}

std::vector<Row> rows() {
  std::vector<Row> r;
  // ---- Post/Redirect/Get ---------------------------------------------------------------------
  for (const bool form : {false, true}) {
    r.push_back({form ? "prg_303_to_thanks_form_encoded" : "prg_303_to_thanks_json",
                 {"--fault", "prg"},
                 {"delivery"},
                 {{"delivery", kCase + "accepted", "passed", {"Post/Redirect/Get", "303", "/thanks (GET)"}},
                  {"delivery", kCase + "delivered", "passed"},
                  {"delivery", kCase + "one-message", "passed"}},
                 0,
                 form ? form_encoded() : json::object()});
  }
  // Every suite of the default plan through the same handler: each submission is judged by
  // the thank-you page it lands on.
  r.push_back({"prg_303_to_thanks_whole_plan",
               {"--fault", "prg"},
               {"delivery", "sender", "passthrough", "rate-limit"},
               {{"delivery", kCase + "accepted", "passed"},
                {"passthrough", "plain-english", "passed"},
                {"rate-limit", "legit-burst/accepted", "passed"},
                {"rate-limit", "abuse/limited", "passed"}},
               0,
               form_encoded(),
               "5/10"});
  for (const bool form : {false, true}) {
    r.push_back(
        {form ? "prg_303_back_to_form_with_error_form_encoded" : "prg_303_back_to_form_with_error_json",
         {"--fault", "prg=fail"},
         {"delivery"},
         {{"delivery", kCase + "accepted", "failed", {"redirected to a page that says it failed", "error=1"}},
          {"delivery", kCase + "delivered", "failed", {"no message carrying"}}},
         1,
         short_wait(form ? form_encoded() : json::object())});
  }
  // The failure lives in a flash cookie the form page shows: followed with the cookie, as a
  // browser does, and the page's text judged.
  r.push_back({"prg_303_back_to_form_with_flash_error",
               {"--fault", "prg=flash-fail"},
               {"delivery"},
               {{"delivery", kCase + "accepted", "failed", {"could not be sent", "/contact (GET)"}},
                {"delivery", kCase + "delivered", "failed"}},
               1,
               short_wait(form_encoded())});
  // ---- Origin and Referer ----------------------------------------------------------------------
  r.push_back({"csrf_origin_same_origin_passes",
               {"--fault", "csrf-origin"},
               {"delivery", "passthrough"},
               {{"delivery", kCase + "accepted", "passed"},
                {"delivery", kCase + "delivered", "passed"},
                {"passthrough", "plain-english", "passed"}},
               0});
  // A configured Origin wins over formcheck's; the site refuses it and the verdict says why.
  r.push_back(
      {"csrf_origin_configured_origin_refused",
       {"--fault", "csrf-origin"},
       {"delivery"},
       {{"delivery",
         kCase + "accepted",
         "failed",
         {"HTTP 403", "Invalid origin", "CSRF", "Origin: https://www.surf-camp.example", "form.headers"}}},
       1,
       short_wait({{"form", {{"headers", {{"Origin", "https://www.surf-camp.example"}}}}}})});
  // ---- Honeypots -------------------------------------------------------------------------------
  r.push_back({"honeypot_left_empty_passes",
               {"--fault", "honeypot=website"},
               {"delivery"},
               {{"delivery", kCase + "delivered", "passed"}},
               0,
               {{"form", {{"fields", {{"website", ""}}}}}}});
  r.push_back({"honeypot_filled_is_named_as_the_likely_cause",
               {"--fault", "honeypot=website"},
               {"delivery"},
               {{"delivery", kCase + "accepted", "passed"},
                {"delivery",
                 kCase + "delivered",
                 "failed",
                 {"likely cause", "'website'", "honeypot", "\"website\": \"\""},
                 "likely_honeypot"}},
               1,
               short_wait({{"form", {{"fields", {{"website", "https://ayu.example"}}}}}})});
  return r;
}

class RunRouteConventions : public RunFixture, public ::testing::WithParamInterface<Row> {};

TEST_P(RunRouteConventions, VerdictAndExitCode) {
  const auto& c = GetParam();
  start_emulator();
  auto* site = start_site(c.site_args, {}, c.rate);
  ASSERT_NE(site, nullptr);
  const auto slash = c.rate.find('/');
  auto config = base_config();
  config["targets"]["site"] =
      remote_target(*site, std::stoi(c.rate.substr(0, slash)), std::stod(c.rate.substr(slash + 1)));
  config.merge_patch(c.config_extra);
  auto args = suite_args(c.suites);
  const auto result = run(write_config(config), args, 90s);
  expect_cases(result, c.expectations, c.exit_code);
}

INSTANTIATE_TEST_SUITE_P(RouteConventionsTable, RunRouteConventions, ::testing::ValuesIn(rows()),
                         [](const ::testing::TestParamInfo<Row>& row) { return row.param.label; });

}  // namespace
}  // namespace formcheck::testing::run_e2e
