// Faults on demand: each one takes effect, stays within its `count` and `routes`, is
// reproducible from its seed, and never takes the emulator down.
#include "tests/e2e/emulator_fixture.hpp"

namespace formcheck::testing::emulator {
namespace {

class emulator_faults : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator = Emulator::start();
    ASSERT_TRUE(emulator);
  }
  http::Response list() { return emulator->get(Emulator::messages_path()); }
  void expect_healthy() {
    const auto response = list();
    EXPECT_EQ(response.status, 200) << response.body;
    EXPECT_TRUE(nlohmann::json::accept(response.body));
  }
  std::unique_ptr<Emulator> emulator;
};

TEST_F(emulator_faults, ConcurrencyBeyondTheLimitIs429With20429) {
  emulator->set_faults({{"max_concurrent", 2}, {"slow_ms", 400}});
  std::vector<http::Request> requests(8, emulator->request(http::Method::get, Emulator::messages_path()));
  const auto responses = http::perform_all(requests, 8);
  int ok = 0;
  int limited = 0;
  for (const auto& response : responses) {
    if (response.status == 200) {
      ++ok;
    } else if (response.status == 429) {
      ++limited;
      expect_twilio_error(response, 429, 20429);
      EXPECT_FALSE(response.header("Retry-After").has_value()) << "Retry-After only when retry_after_s is set";
    } else {
      ADD_FAILURE() << "unexpected " << response.status << " " << response.body;
    }
  }
  EXPECT_GE(ok, 1);
  EXPECT_GE(limited, 1);
  const auto stats = emulator->control_json(http::Method::get, "stats");
  EXPECT_GE(stats["max_in_flight"].get<int>(), 3);

  emulator->set_faults({{"max_concurrent", 1}, {"slow_ms", 400}, {"retry_after_s", 2}});
  const auto again = http::perform_all(std::vector<http::Request>(4, requests[0]), 4);
  bool saw_retry_after = false;
  for (const auto& response : again) {
    if (response.status == 429) {
      EXPECT_EQ(response.header("Retry-After").value_or(""), "2");
      saw_retry_after = true;
    }
  }
  EXPECT_TRUE(saw_retry_after);
  emulator->set_faults(nlohmann::json::object());
  expect_healthy();
}

TEST_F(emulator_faults, ErrorRateAnswersTwilioShaped5xxForCountRequests) {
  emulator->set_faults({{"error_rate", 1.0}, {"error_status", 503}, {"count", 2}});
  expect_twilio_error(list(), 503, 20503);
  expect_twilio_error(list(), 503, 20503);
  expect_healthy();
  emulator->set_faults({{"error_rate", 1.0}, {"error_status", 500}, {"html_errors", true}, {"count", 1}});
  const auto html = list();
  EXPECT_EQ(html.status, 500);
  EXPECT_EQ(html.header("Content-Type").value_or("").rfind("text/html", 0), 0u);
  EXPECT_FALSE(nlohmann::json::accept(html.body));
  expect_healthy();
}

TEST_F(emulator_faults, SlowAnswersAreSlow) {
  emulator->set_faults({{"slow_ms", 300}, {"count", 1}});
  const auto slow = list();
  EXPECT_EQ(slow.status, 200);
  EXPECT_GE(slow.elapsed, std::chrono::milliseconds(290));
  const auto fast = list();
  EXPECT_LT(fast.elapsed, std::chrono::milliseconds(290));
}

TEST_F(emulator_faults, MalformedJsonIsTruncated) {
  emulator->set_faults({{"malformed_json_rate", 1.0}, {"count", 1}});
  const auto broken = list();
  EXPECT_EQ(broken.status, 200);
  EXPECT_FALSE(broken.body.empty());
  EXPECT_FALSE(nlohmann::json::accept(broken.body));
  expect_healthy();
}

TEST_F(emulator_faults, DroppedConnectionsCutTheBody) {
  emulator->set_faults({{"drop_connection_rate", 1.0}, {"count", 1}});
  const auto dropped = list();
  ASSERT_FALSE(dropped.transport_ok()) << dropped.status << " " << dropped.body;
  EXPECT_EQ(dropped.error->kind, http::TransportErrorKind::connection_dropped) << dropped.error->message;
  expect_healthy();
}

TEST_F(emulator_faults, RoutesLimitWhichRequestsAreAffected) {
  emulator->set_faults({{"error_rate", 1.0}, {"routes", {"messages.list"}}});
  const std::string sid = emulator->create(k_staff)["sid"];  // create is unaffected
  EXPECT_EQ(emulator->get(Emulator::message_path(sid)).status, 200);
  expect_twilio_error(list(), 503, 20503);
  emulator->control(http::Method::del, "faults");
  expect_healthy();
}

TEST_F(emulator_faults, TheSameSeedGivesTheSameFaults) {
  auto run = [&] {
    emulator->set_faults({{"error_rate", 0.5}, {"seed", 7}});
    std::vector<long> statuses;
    for (int i = 0; i < 20; ++i) {
      statuses.push_back(list().status);
    }
    return statuses;
  };
  const auto first = run();
  EXPECT_EQ(run(), first);
  EXPECT_NE(std::count(first.begin(), first.end(), 200L), 0);
  EXPECT_NE(std::count(first.begin(), first.end(), 503L), 0);
}

TEST_F(emulator_faults, BadFaultsAreRefusedNamingTheKey) {
  const auto bad_rate = emulator->control(http::Method::post, "faults", {{"error_rate", 2}});
  EXPECT_EQ(bad_rate.status, 400);
  EXPECT_NE(bad_rate.body.find("faults.error_rate"), std::string::npos) << bad_rate.body;
  const auto bad_route = emulator->control(http::Method::post, "faults", {{"routes", {"messages.nope"}}});
  EXPECT_EQ(bad_route.status, 400);
  EXPECT_NE(bad_route.body.find("messages.nope"), std::string::npos) << bad_route.body;
  const auto unknown = emulator->control(http::Method::post, "faults", {{"explode", true}});
  EXPECT_EQ(unknown.status, 400);
  expect_healthy();
}

TEST_F(emulator_faults, EveryFaultTogetherUnderLoadNeverCrashesIt) {
  emulator->set_faults({{"max_concurrent", 3},
                        {"error_rate", 0.2},
                        {"slow_ms", 20},
                        {"malformed_json_rate", 0.2},
                        {"drop_connection_rate", 0.2},
                        {"list_lag_ms", 100},
                        {"seed", 3}});
  std::vector<http::Request> requests;
  for (int i = 0; i < 60; ++i) {
    if (i % 3 == 0) {
      auto create = emulator->request(http::Method::post, Emulator::messages_path());
      http::set_form_body(create, {{"To", k_staff}, {"From", k_sender}, {"Body", "load"}});
      requests.push_back(create);
    } else {
      requests.push_back(emulator->request(http::Method::get, Emulator::messages_path()));
    }
  }
  http::perform_all(requests, 12);
  emulator->control(http::Method::del, "faults");
  expect_healthy();
  // At least every request sent (curl may transparently re-send on a connection the fault closed).
  EXPECT_GE(emulator->control_json(http::Method::get, "stats")["total"].get<int>(), 60 + 1);
}

}  // namespace
}  // namespace formcheck::testing::emulator
