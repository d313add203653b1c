// `formcheck run` against rate limiters that hold only for formcheck's own way of sending: a
// window far shorter than the site means (a2), a limiter keyed on what a spammer changes every
// time (a3), and, the other way round, a healthy limiter whose window another client already
// used (another client in the window: never a failure). Each row names its class and the exact
// outcomes and exit code.
#include "tests/e2e/run_fixture.hpp"

namespace formcheck::testing::run_e2e {
namespace {

struct Expectation {
  std::string name;  // a check of the rate-limit suite
  std::string outcome;
  std::vector<std::string> message_contains = {};  // searched in message + detail
  std::string property = {};                       // a property whose value must contain…
  std::string property_contains = {};              // …this
};

struct Row {
  std::string label;
  std::vector<std::string> site_args;
  std::vector<Expectation> expectations;
  int exit_code = 1;
  json rate_limit_extra = json::object();  // merged into the target's rate_limit
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
  return os << r.label;
}

const std::string kRate = "5/10";

std::vector<Row> rows() {
  std::vector<Row> r;
  // ---- a2: the limit holds for its whole window ---------------------------------------------
  // The classic `windowMs: 1000` meant as seconds: the burst is refused, a probe 2 s later is not.
  r.push_back(
      {"a2_window_of_1_s_configured_as_10_s",
       {"--fault", "limit-window-ms=1000"},
       {{"legit-burst/accepted", "passed"},
        {"abuse/limited", "failed", {"inside the 10 s window", "was accepted", "less than its window"}},
        {"abuse/messages-match-accepted", "passed"}}});
  // A 3 s window whose 429s name the configured one (a hard-coded `Retry-After: 10`): probed at
  // half the window. (A 3 s window that says `Retry-After: 3` is probed before 3 s, as a
  // limiter counting in fixed clock windows must be: the site's own promise bounds the probe.)
  r.push_back({"a2_window_of_3_s_whose_retry_after_says_10_s",
               {"--fault", "limit-window-ms=3000", "--fault", "retry-after=10"},
               {{"abuse/limited", "failed", {"inside the 10 s window", "was accepted"}},
                {"abuse/retry-after", "passed"}}});
  // The probe is a trade-off (a site counting in fixed clock windows), so it can be switched off.
  r.push_back(
      {"a2_window_probe_switched_off",
       {"--fault", "limit-window-ms=1000"},
       {{"abuse/limited", "passed", {"not probed", "window_probe_s is 0"}, "window_probe", "not sent"}},
       0,
       {{"window_probe_s", 0}}});
  r.push_back({"a2_healthy_window_holds",
               {},
               {{"abuse/limited", "passed", {"into the 10 s window: HTTP 429"}, "window_probe", "HTTP 429"},
                {"abuse/retry-after", "passed"},
                {"abuse/messages-match-accepted", "passed"}},
               0});

  // ---- a3: abuse as an abuser sends it --------------------------------------------------
  r.push_back(
      {"a3_limiter_keyed_on_the_email_address",
       {"--fault", "limit-key=email"},
       {{"legit-burst/accepted", "passed"},
        {"abuse/limited", "failed", {"no 429"}, "abuse_varied", "email, name different in every submission"},
        {"abuse/messages-match-accepted", "passed"}}});
  for (const auto& [key, header] : std::vector<std::pair<std::string, std::string>>{
           {"forwarded-for", "X-Forwarded-For"}, {"real-ip", "X-Real-IP"}}) {
    auto label = "a3_limiter_keyed_on_client_written_" + key;
    std::replace(label.begin(), label.end(), '-', '_');
    r.push_back(
        {label,
         {"--fault", "limit-key=" + key},
         {{"legit-burst/accepted", "passed"},
          {"abuse/limited", "failed", {"no 429"}, "abuse_varied", "X-Forwarded-For and X-Real-IP forged"}},
         1,
         {{"forge_client_ip", true}}});
  }
  // At a loopback URL no edge overwrites the headers: not forged unless configured, and said so.
  r.push_back({"a3_forwarded_for_not_forged_at_a_loopback_url",
               {"--fault", "limit-key=forwarded-for"},
               {{"abuse/limited", "passed", {}, "abuse_varied", "not forged (a loopback URL"}},
               0});
  // A limiter keyed on the connection's address is healthy whatever the headers say.
  r.push_back({"a3_healthy_limiter_ignores_forged_headers",
               {},
               {{"legit-burst/accepted", "passed"},
                {"abuse/limited", "passed", {}, "abuse_varied", "email, name different in every submission"},
                {"abuse/messages-match-accepted", "passed"}},
               0,
               {{"forge_client_ip", true}}});
  return r;
}

class RunFalsePassLimit : public RunFixture, public ::testing::WithParamInterface<Row> {};

TEST_P(RunFalsePassLimit, VerdictAndExitCode) {
  const auto& c = GetParam();
  start_emulator();
  auto* site = start_site(c.site_args, {}, kRate);
  ASSERT_NE(site, nullptr);
  auto config = base_config();
  auto target = remote_target(*site, 5, 10);
  target["rate_limit"].merge_patch(c.rate_limit_extra);
  config["targets"]["site"] = target;
  const auto result = run(write_config(config), {"--suite", "rate-limit"}, 90s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  ASSERT_TRUE(result.results.is_object()) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, c.exit_code) << table << result.diagnosis();
  for (const auto& e : c.expectations) {
    const auto m = find_case(result.results, "rate-limit", "site", e.name);
    ASSERT_FALSE(m.is_null()) << e.name << " missing\n" << table;
    const auto text = m.value("message", "") + "\n" + m.value("detail", "");
    EXPECT_EQ(m.value("outcome", ""), e.outcome) << e.name << ": " << text << "\n" << table;
    for (const auto& needle : e.message_contains) {
      EXPECT_NE(text.find(needle), std::string::npos)
          << e.name << ": message does not mention '" << needle << "': " << text;
    }
    if (!e.property.empty()) {
      const auto& properties = m["properties"];
      const auto value = properties.is_object() ? properties.value(e.property, std::string()) : std::string();
      EXPECT_NE(value.find(e.property_contains), std::string::npos)
          << e.name << " property " << e.property << " lacks '" << e.property_contains << "': " << m.dump(2);
    }
  }
  // The console says what the abuse burst varied.
  EXPECT_NE(result.out.find("abuse burst as a spammer sends it"), std::string::npos) << result.out;
}

INSTANTIATE_TEST_SUITE_P(FalsePassLimitTable, RunFalsePassLimit, ::testing::ValuesIn(rows()),
                         [](const ::testing::TestParamInfo<Row>& row) { return row.param.label; });

// ---- another client in the site's window: never a failure ------------------------------------
// A 20 s window, probed 3 s after the burst: the first run ends well inside the window it used.
const std::string kLongRate = "5/20";

class RunAnotherClient : public RunFixture {
 protected:
  json config_for(const StandIn& site) const {
    auto config = base_config();
    config["targets"]["site"] = remote_target(site, 5, 20);
    config["targets"]["site"]["rate_limit"]["window_probe_s"] = 3;
    return config;
  }

  static void expect_none_failed(const RunResult& result) {
    ASSERT_TRUE(result.results.is_object()) << result.diagnosis();
    for (const auto& c : result.results["cases"]) {
      EXPECT_NE(c.value("outcome", ""), "failed") << c.dump(2);
    }
  }
};

// A deployment gate starts while the scheduled monitor's run is under way: both use one window.
TEST_F(RunAnotherClient, TwoRunsAtOnceBothEndGreen) {
  start_emulator();
  auto* site = start_site({}, {}, kLongRate);
  ASSERT_NE(site, nullptr);
  const auto config = write_config(config_for(*site));
  std::vector<std::unique_ptr<Spawned>> runs;
  for (const std::string tag : {"first", "second"}) {
    runs.push_back(start_formcheck({"run", "--config", config.string(), "--json",
                                    (dir() / (tag + ".json")).string(), "--yes", "--suite", "rate-limit"},
                                   tag));
    ASSERT_NE(runs.back(), nullptr);
  }
  std::string noted;
  for (size_t i = 0; i < runs.size(); ++i) {
    const std::string tag = i == 0 ? "first" : "second";
    const auto code = runs[i]->wait_exit(120s);
    runs[i].reset();
    const auto result = collect(code, tag, {}, dir() / (tag + ".json"));
    ASSERT_TRUE(result.finished) << result.diagnosis();
    EXPECT_EQ(result.code, 0) << case_table(result.results) << result.diagnosis();
    expect_none_failed(result);
    noted += result.out;
  }
  // 6 legitimate submissions in a window of 5: at least one run met the other's traffic.
  EXPECT_NE(noted.find("another client"), std::string::npos) << noted;
}

// A second run right after the first, inside the window the first one used up.
TEST_F(RunAnotherClient, BackToBackRunsBothEndGreen) {
  start_emulator();
  auto* site = start_site({}, {}, kLongRate);
  ASSERT_NE(site, nullptr);
  const auto config = write_config(config_for(*site));
  const auto first = run(config, {"--suite", "rate-limit"}, 90s, "first");
  ASSERT_TRUE(first.finished) << first.diagnosis();
  EXPECT_EQ(first.code, 0) << case_table(first.results) << first.diagnosis();
  const auto second = run(config, {"--suite", "rate-limit"}, 90s, "second");
  ASSERT_TRUE(second.finished) << second.diagnosis();
  EXPECT_EQ(second.code, 0) << case_table(second.results) << second.diagnosis();
  expect_none_failed(second);
  // Either the second run met the first one's window (and said so), or its own warm-up, which
  // counts in the window, made it wait for a fresh one before the burst: never a failure.
  EXPECT_TRUE(second.out.find("another client") != std::string::npos ||
              second.out.find("pacing") != std::string::npos)
      << second.out;
  EXPECT_EQ(outcome(second.results, "rate-limit", "site", "legit-burst/accepted"), "passed");
  EXPECT_EQ(outcome(second.results, "rate-limit", "site", "abuse/limited"), "passed")
      << message_of(second.results, "rate-limit", "site", "abuse/limited");
}

// A single case refused because the window is someone else's: an error naming that, never a
// fix that blames a correct rate_limit.
TEST_F(RunAnotherClient, ACaseRefusedInAnotherClientsWindowIsAnErrorNamingIt) {
  start_emulator();
  auto* site = start_site({}, {}, kLongRate);
  ASSERT_NE(site, nullptr);
  const auto config = write_config(config_for(*site));
  const auto first = run(config, {"--suite", "rate-limit"}, 90s, "first");
  ASSERT_TRUE(first.finished) << first.diagnosis();
  const auto second = run(config, {"--suite", "delivery"}, 60s, "second");
  ASSERT_TRUE(second.finished) << second.diagnosis();
  EXPECT_EQ(second.code, 3) << case_table(second.results) << second.diagnosis();
  expect_none_failed(second);
  const auto message = message_of(second.results, "delivery", "site", "contact-form/delivered");
  EXPECT_NE(message.find("another client"), std::string::npos) << message;
  EXPECT_EQ(message.find("fix: set it"), std::string::npos) << message;
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
