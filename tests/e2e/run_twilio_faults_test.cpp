// `formcheck run --suite delivery` while the Twilio API misbehaves: one row per
// Twilio-side fault of the emulator, against a real site, emulator and formcheck binary.
// The rule each row proves: a burst that ends is ridden out and passes WITH evidence (the
// message's SID, status and body, plus the Twilio errors on the record); a fault that lasts
// the whole wait is an infrastructure `error` (exit 3), never a pass and never the site's
// failure; no row crashes formcheck, leaks the credentials, or leaves an invalid report.
#include "harness/util/secret.hpp"
#include "tests/e2e/run_fixture.hpp"

namespace formcheck::testing::run_e2e {
namespace {

enum class When {
  from_start,    // scenario `faults` at emulator start-up (routes chosen to spare the credentials probe)
  once_created,  // POST /__emulator/faults the moment the site has asked Twilio for the message
  once_seen,     // … once the watcher has fetched the message twice (seen it, not yet delivered)
  once_posted,   // … once the site has logged the form POST (for a site that never calls Twilio)
};

struct Outcomes {
  std::string accepted = "passed";
  std::string delivered = "passed";
  std::string latency = "passed";
  std::string one_message = "passed";
};

struct TwilioFaultCase {
  std::string label{};
  json faults{};  // the emulator's fault JSON (README of the emulator)
  When when = When::once_created;
  std::vector<std::string> site_args{};  // --no-sid makes formcheck find the message in the list
  Outcomes outcomes{};
  int exit_code = 0;
  std::vector<std::string> delivered_says{};  // in the delivered case (message, detail, timeline)
  std::vector<std::string> delivered_never_says = {};
  std::vector<std::string> one_message_says = {};
  bool twilio_errors_on_record = true;  // a pass must show the errors it rode out
  std::string found_by{};               // "sid" or "token in list"; empty: either
  json expect = json::object();         // the target's expect overrides
  double twilio_timeout_s = 10;
  int delivery_delay_ms = 1000;   // long enough that a fault set on creation precedes delivery
  bool inject_duplicate = false;  // a second message with the same body, via the control API
};

std::ostream& operator<<(std::ostream& os, const TwilioFaultCase& c) {
  return os << c.label;
}

// A burst delays observation by its backoff (≤ 3 s for two errors): a budget that is not the
// point of these rows. A passing row ends as soon as 'delivered' is seen, so it costs nothing.
json burst_budget() {
  return {{"latency_s", 8}, {"grace_s", 2}};
}
// Where the fault outlasts the wait, the wait itself is the row's cost: keep it short.
json whole_wait_budget() {
  return {{"latency_s", 1.5}, {"grace_s", 0.5}};
}

const std::vector<std::string> kListAndFetch{"messages.list", "messages.fetch"};
// The watcher alone: with the site's SID and one submission it only fetches, while the
// credentials probe and the end-of-run sweep list.
const std::vector<std::string> kFetchOnly{"messages.fetch"};

Outcomes whole_wait_error() {
  return {"passed", "error", "error", "error"};
}

std::vector<TwilioFaultCase> twilio_fault_cases() {
  std::vector<TwilioFaultCase> rows;
  auto burst = [](json faults, int count, std::vector<std::string> routes) {
    faults["count"] = count;
    faults["routes"] = std::move(routes);
    return faults;
  };
  // ---- bursts that end: ridden out, passed with the errors as evidence ------------------
  rows.push_back({.label = "http500_burst_list",
                  .faults = burst({{"error_rate", 1.0}, {"error_status", 500}}, 2, kListAndFetch),
                  .site_args = {"--no-sid"},
                  .delivered_says = {"HTTP 500 with error 20500"},
                  .found_by = "token in list",
                  .expect = burst_budget()});
  rows.push_back({.label = "http502_burst_fetch",
                  .faults = burst({{"error_rate", 1.0}, {"error_status", 502}}, 2, kFetchOnly),
                  .when = When::from_start,
                  .delivered_says = {"HTTP 502 with error 20500"},
                  .found_by = "sid",
                  .expect = burst_budget(),
                  .delivery_delay_ms = 300});
  rows.push_back({.label = "http503_burst_fetch",
                  .faults = burst({{"error_rate", 1.0}, {"error_status", 503}}, 2, kListAndFetch),
                  .delivered_says = {"HTTP 503 with error 20503"},
                  .found_by = "sid",
                  .expect = burst_budget()});
  rows.push_back(
      {.label = "html_error_page_burst",
       .faults = burst({{"error_rate", 1.0}, {"error_status", 502}, {"html_errors", true}}, 2, kListAndFetch),
       .site_args = {"--no-sid"},
       .delivered_says = {"HTTP 502 without a Twilio error body", "text/html"},
       .expect = burst_budget()});
  rows.push_back(
      {.label = "storm429_with_retry_after",
       .faults = burst({{"error_rate", 1.0}, {"error_status", 429}, {"retry_after_s", 1}}, 2, kFetchOnly),
       .when = When::from_start,
       .delivered_says = {"HTTP 429 with error 20429", "Retry-After 1 s"},
       .found_by = "sid",
       .expect = burst_budget(),
       .delivery_delay_ms = 300});
  rows.push_back({.label = "storm429_without_retry_after",
                  .faults = burst({{"error_rate", 1.0}, {"error_status", 429}}, 2, kListAndFetch),
                  .site_args = {"--no-sid"},
                  .delivered_says = {"HTTP 429 with error 20429"},
                  .delivered_never_says = {"Retry-After"},
                  .expect = burst_budget()});
  rows.push_back({.label = "slower_than_client_timeout_burst",
                  .faults = burst({{"slow_ms", 1500}}, 2, kFetchOnly),
                  .when = When::from_start,
                  .delivered_says = {"timed out"},
                  .found_by = "sid",
                  .expect = burst_budget(),
                  .twilio_timeout_s = 1,
                  .delivery_delay_ms = 300});
  rows.push_back({.label = "truncated_json_burst",
                  .faults = burst({{"malformed_json_rate", 1.0}}, 2, kListAndFetch),
                  .site_args = {"--no-sid"},
                  .delivered_says = {"unreadable answer", "not JSON"},
                  .expect = burst_budget()});
  rows.push_back({.label = "dropped_mid_body_burst",
                  .faults = burst({{"drop_connection_rate", 1.0}}, 2, kFetchOnly),
                  .when = When::from_start,
                  .delivered_says = {"connection dropped"},
                  .found_by = "sid",
                  .expect = burst_budget(),
                  .delivery_delay_ms = 300});

  // ---- faults that last the whole wait: error, exit 3 -----------------------------------
  rows.push_back({.label = "http500_whole_wait_list",
                  .faults = {{"error_rate", 1.0}, {"error_status", 500}, {"routes", kListAndFetch}},
                  .site_args = {"--no-sid"},
                  .outcomes = whole_wait_error(),
                  .exit_code = 3,
                  .delivered_says = {"Twilio could not be asked", "HTTP 500"},
                  .expect = whole_wait_budget()});
  rows.push_back(
      {.label = "storm429_whole_wait",
       .faults = {{"error_rate", 1.0}, {"error_status", 429}, {"retry_after_s", 1}, {"routes", kFetchOnly}},
       .when = When::from_start,
       .outcomes = {"passed", "error", "error", "passed"},  // the sweep lists, untouched
       .exit_code = 3,
       .delivered_says = {"Twilio could not be asked", "HTTP 429", "Retry-After 1 s"},
       .expect = whole_wait_budget(),
       .delivery_delay_ms = 300});
  rows.push_back(
      {.label = "html_error_page_whole_wait",
       .faults =
           {{"error_rate", 1.0}, {"error_status", 503}, {"html_errors", true}, {"routes", kListAndFetch}},
       .site_args = {"--no-sid"},
       .outcomes = whole_wait_error(),
       .exit_code = 3,
       .delivered_says = {"Twilio could not be asked", "HTTP 503 without a Twilio error body", "text/html"},
       .expect = whole_wait_budget()});
  rows.push_back({.label = "slower_than_client_timeout_whole_wait",
                  .faults = {{"slow_ms", 1500}, {"routes", kFetchOnly}},
                  .when = When::from_start,
                  .outcomes = {"passed", "error", "error", "passed"},
                  .exit_code = 3,
                  .delivered_says = {"Twilio could not be asked", "timed out"},
                  .expect = whole_wait_budget(),
                  .twilio_timeout_s = 1,
                  .delivery_delay_ms = 300});
  rows.push_back({.label = "truncated_json_whole_wait",
                  .faults = {{"malformed_json_rate", 1.0}, {"routes", kListAndFetch}},
                  .site_args = {"--no-sid"},
                  .outcomes = whole_wait_error(),
                  .exit_code = 3,
                  .delivered_says = {"Twilio could not be asked", "unreadable answer"},
                  .expect = whole_wait_budget()});
  rows.push_back({.label = "dropped_mid_body_whole_wait",
                  .faults = {{"drop_connection_rate", 1.0}, {"routes", kListAndFetch}},
                  .outcomes = whole_wait_error(),
                  .exit_code = 3,
                  .delivered_says = {"Twilio could not be asked", "connection dropped"},
                  .expect = whole_wait_budget()});

  // Seen 'queued', then Twilio down until past the deadline: what happened meanwhile is
  // unknown, so this is Twilio's error, not "still queued" blamed on the site.
  rows.push_back({.label = "http503_after_the_first_look_whole_wait",
                  .faults = {{"error_rate", 1.0}, {"error_status", 503}, {"routes", kFetchOnly}},
                  .when = When::once_seen,
                  .outcomes = {"passed", "error", "error", "passed"},
                  .exit_code = 3,
                  .delivered_says = {"Twilio could not be asked", "HTTP 503"},
                  .delivered_never_says = {"still"},
                  .expect = whole_wait_budget()});
  // The other way round: one 503 among good reads while the site really dropped the message.
  // The reads that worked saw nothing, so it is the site's failure, not "Twilio could not be asked".
  rows.push_back(
      {.label = "http503_blip_while_the_site_drops_the_message",
       .faults = {{"error_rate", 1.0}, {"error_status", 503}, {"routes", {"messages.list"}}, {"count", 1}},
       .when = When::once_posted,
       .site_args = {"--fault", "silent-drop"},
       .outcomes = {"passed", "failed", "skipped", "skipped"},
       .exit_code = 1,
       .delivered_says = {"no message carrying", "last Twilio API error: ", "HTTP 503"},
       .delivered_never_says = {"could not be asked"},
       .expect = whole_wait_budget()});

  // ---- list lag: the message is visible by SID long before it is in the list ------------
  rows.push_back({.label = "list_lag_shorter_than_the_wait_no_sid",
                  .faults = {{"list_lag_ms", 1500}},
                  .when = When::from_start,
                  .site_args = {"--no-sid"},
                  .twilio_errors_on_record = false,
                  .found_by = "token in list",
                  .expect = burst_budget(),
                  .delivery_delay_ms = 300});
  rows.push_back({.label = "list_lag_of_minutes_with_sid",
                  .faults = {{"list_lag_ms", 180000}},
                  .when = When::from_start,
                  // Delivered and timed by SID; the sweep that counts messages per token reads
                  // the list, which still hides the message: the count cannot be made.
                  .outcomes = {"passed", "passed", "passed", "error"},
                  .exit_code = 3,
                  .one_message_says = {"list"},
                  .twilio_errors_on_record = false,
                  .found_by = "sid",
                  .expect = {{"latency_s", 5}, {"grace_s", 1}},
                  .delivery_delay_ms = 300});
  rows.push_back({.label = "list_lag_of_minutes_no_sid",
                  .faults = {{"list_lag_ms", 180000}},
                  .when = When::from_start,
                  .site_args = {"--no-sid"},
                  // Without a SID the list is formcheck's only view, and it shows nothing: the
                  // same evidence as a site that drops the message, so `delivered` fails — and
                  // says that the list can lag and how to let formcheck fetch by SID.
                  .outcomes = {"passed", "failed", "skipped", "skipped"},
                  .exit_code = 1,
                  .delivered_says = {"no message carrying", "lag", "sid_pointer"},
                  .twilio_errors_on_record = false,
                  .expect = whole_wait_budget(),
                  .delivery_delay_ms = 300});

  // ---- duplicates: Twilio's log holds two messages for one submission --------------------
  rows.push_back({.label = "duplicate_injected_into_the_log",
                  .faults = json::object(),
                  .site_args = {"--no-sid"},
                  .outcomes = {"passed", "passed", "passed", "failed"},
                  .exit_code = 1,
                  .one_message_says = {"2 messages for one submission"},
                  .twilio_errors_on_record = false,
                  .expect = burst_budget(),
                  .inject_duplicate = true});
  rows.push_back({.label = "duplicate_sent_by_the_site_no_sid",
                  .faults = json::object(),
                  .site_args = {"--no-sid", "--fault", "duplicate"},
                  .outcomes = {"passed", "passed", "passed", "failed"},
                  .exit_code = 1,
                  .one_message_says = {"2 messages for one submission"},
                  .twilio_errors_on_record = false,
                  .expect = burst_budget(),
                  .delivery_delay_ms = 300});
  return rows;
}

class RunTwilioFaults : public RunFixture, public ::testing::WithParamInterface<TwilioFaultCase> {
 protected:
  // How many requests the emulator counted for one route ("GET /2010-04-01/…").
  long route_count(const std::string& route) const {
    const auto stats = emulator_stats();
    if (!stats.is_object() || !stats.contains("requests") || !stats["requests"].contains(route)) {
      return 0;
    }
    return stats["requests"][route].get<long>();
  }

  // Copies the first message formcheck caused (its body carries the marker) as a second,
  // already delivered message: the log now shows two messages for one submission.
  void inject_duplicate() const {
    const auto dump = emulator_get("/__emulator/messages");
    ASSERT_TRUE(dump.is_object() && dump.contains("messages")) << dump.dump();
    for (const auto& m : dump["messages"]) {
      if (m.value("body", "").find("[formcheck-test ") != std::string::npos) {
        const json copy = {
            {"to", m["to"]}, {"from", m["from"]}, {"body", m["body"]}, {"status", "delivered"}};
        ASSERT_EQ(emulator_control_post("/__emulator/messages", json::array({copy})), 200);
        return;
      }
    }
    FAIL() << "no message carrying the formcheck marker to duplicate: " << dump.dump().substr(0, 2000);
  }
};

TEST_P(RunTwilioFaults, OutcomeMatchesTheFault) {
  const auto& c = GetParam();
  std::vector<std::string> emulator_args;
  if (c.when == When::from_start && !c.faults.empty()) {
    const auto scenario = dir() / "scenario.json";
    write_text(scenario, json{{"faults", c.faults}}.dump());
    emulator_args = {"--scenario", scenario.string()};
  }
  start_emulator(emulator_args, c.delivery_delay_ms);
  auto* site = start_site(c.site_args);
  ASSERT_NE(site, nullptr);

  auto config = base_config();
  config["twilio"]["timeout_s"] = c.twilio_timeout_s;
  auto target = remote_target(*site);
  target["expect"] = c.expect;
  config["targets"]["site"] = target;
  const auto junit = dir() / "junit.xml";
  const auto json_path = dir() / "results.json";
  const auto started = std::chrono::steady_clock::now();
  auto process = start_formcheck({"run", "--config", write_config(config).string(), "--suite", "delivery",
                                  "--junit", junit.string(), "--json", json_path.string(), "--yes"},
                                 "run");
  ASSERT_NE(process, nullptr);
  if (c.when == When::once_created || c.inject_duplicate) {
    // The site has asked Twilio for the message; the watcher's first read is ≥ 100 ms away.
    ASSERT_TRUE(wait_until([&] { return emulator_creates() >= 1; }, 20s, 5ms))
        << "the site never called Twilio";
  } else if (c.when == When::once_seen) {
    // The second fetch starts only after the first was answered: the watcher has seen it.
    ASSERT_TRUE(wait_until(
        [&] { return route_count("GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json") >= 2; }, 20s,
        5ms))
        << "the watcher never fetched the message";
  } else if (c.when == When::once_posted) {
    ASSERT_TRUE(wait_until([&] { return site_posts(*site) >= 1; }, 20s, 5ms))
        << "formcheck never posted the form";
  }
  if (c.when != When::from_start && !c.faults.empty()) {
    ASSERT_EQ(emulator_control_post("/__emulator/faults", c.faults), 200);
  }
  if (c.inject_duplicate) {
    inject_duplicate();
  }
  // Every row's waits are a few seconds: a run still going after 30 s is a hang.
  const auto code = process->wait_exit(30s);
  const auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_TRUE(code.has_value()) << "formcheck hung (still running after 30 s)";
  const auto result = collect(code, "run", junit, json_path);
  ASSERT_TRUE(result.results.is_object()) << "results.json missing or not JSON\n" << result.diagnosis();
  const auto table = case_table(result.results);
  std::cerr << "[ row      ] " << c.label << ": exit " << result.code << " after " << took << " s\n" << table;

  // Never a crash: only the documented outcomes' codes.
  EXPECT_TRUE(result.code == 0 || result.code == 1 || result.code == 3) << result.diagnosis();
  EXPECT_EQ(result.code, c.exit_code) << table << result.diagnosis();
  const std::vector<std::pair<std::string, std::string>> expected{
      {"contact-form/accepted", c.outcomes.accepted},
      {"contact-form/delivered", c.outcomes.delivered},
      {"contact-form/latency", c.outcomes.latency},
      {"contact-form/one-message", c.outcomes.one_message}};
  for (const auto& [name, want] : expected) {
    EXPECT_EQ(outcome(result.results, "delivery", "site", name), want)
        << name << ": " << message_of(result.results, "delivery", "site", name) << "\n"
        << table;
  }

  const auto delivered = find_case(result.results, "delivery", "site", "contact-form/delivered");
  ASSERT_FALSE(delivered.is_null()) << table;
  const auto delivered_text = delivered.dump();  // message, detail, properties, timeline
  for (const auto& needle : c.delivered_says) {
    EXPECT_NE(delivered_text.find(needle), std::string::npos)
        << "delivered does not say '" << needle << "': " << delivered_text;
  }
  for (const auto& needle : c.delivered_never_says) {
    EXPECT_EQ(delivered_text.find(needle), std::string::npos)
        << "delivered says '" << needle << "': " << delivered_text;
  }
  const auto one_message = message_of(result.results, "delivery", "site", "contact-form/one-message");
  for (const auto& needle : c.one_message_says) {
    EXPECT_NE(one_message.find(needle), std::string::npos)
        << "one-message does not say '" << needle << "': " << one_message;
  }

  // A pass carries its evidence: the message, its status and body, and the errors ridden out.
  const auto props = delivered.value("properties", json::object());
  if (c.outcomes.delivered == "passed") {
    EXPECT_EQ(props.value("message_sid", "").rfind("SM", 0), 0u) << delivered_text;
    EXPECT_EQ(props.value("status", ""), "delivered") << delivered_text;
    const auto token = props.value("token", "<no token>");
    EXPECT_NE(props.value("body", "").find(token), std::string::npos)
        << "the body lacks the token: " << delivered_text;
    if (!c.found_by.empty()) {
      EXPECT_EQ(props.value("found_by", ""), c.found_by) << delivered_text;
    }
    if (c.twilio_errors_on_record) {
      EXPECT_GE(std::stoi(props.value("twilio_api_errors", "0")), 1)
          << "the errors are not on record: " << delivered_text;
      EXPECT_NE(delivered_text.find("last Twilio API error: "), std::string::npos) << delivered_text;
    } else {
      EXPECT_FALSE(props.contains("twilio_api_errors")) << delivered_text;
    }
  } else {
    // No verdict about the site from a wait that could not look.
    EXPECT_FALSE(c.outcomes.delivered == "error" && props.contains("message_sid") &&
                 props.value("status", "") == "delivered")
        << "an error while holding a delivered message: " << delivered_text;
  }

  // The credentials appear nowhere: not the token, not the Basic credentials built from it.
  const auto written = result.everything();
  EXPECT_EQ(written.find(kAuthToken), std::string::npos);
  EXPECT_EQ(written.find(base64_encode(std::string(kAccountSid) + ":" + kAuthToken)), std::string::npos);

  FORMCHECK_EXPECT_JUNIT_VALID(junit);
}

INSTANTIATE_TEST_SUITE_P(TwilioFaultTable, RunTwilioFaults, ::testing::ValuesIn(twilio_fault_cases()),
                         [](const ::testing::TestParamInfo<TwilioFaultCase>& row) {
                           return row.param.label;
                         });

}  // namespace
}  // namespace formcheck::testing::run_e2e
