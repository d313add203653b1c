// Listing Messages: filters (To/From with encoded whatsapp addresses, DateSent and the
// literal `DateSent>`/`DateSent<` keys), newest-first order, position-based paging that stays
// stable while messages arrive, PageSize limits, and the list-lag fault.
#include <set>

#include "harness/twilio/rfc2822.hpp"
#include "tests/e2e/emulator_fixture.hpp"

namespace formcheck::testing::emulator {
namespace {

nlohmann::json history(const std::string& to, const std::string& date_sent, const std::string& body = "old") {
  return {{"to", to}, {"from", k_sender}, {"body", body}, {"status", "delivered"},
          {"date_created", date_sent}, {"date_sent", date_sent}, {"date_updated", date_sent}};
}

std::vector<std::string> sids_of(const nlohmann::json& page) {
  std::vector<std::string> out;
  for (const auto& message : page.at("messages")) {
    out.push_back(message.at("sid"));
  }
  return out;
}

class emulator_list : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator = Emulator::start({}, 100);
    ASSERT_TRUE(emulator);
  }
  nlohmann::json list(const std::string& query) {
    const auto response = emulator->get(Emulator::messages_path() + "?" + query);
    EXPECT_EQ(response.status, 200) << query << ": " << response.body;
    return parse_json(response);
  }
  size_t count(const std::string& query) { return list(query).at("messages").size(); }
  std::unique_ptr<Emulator> emulator;
};

TEST_F(emulator_list, FiltersByEncodedWhatsAppAddresses) {
  emulator->create(k_staff);
  emulator->create(k_staff);
  emulator->create("whatsapp:+15559990001");
  const auto page = list("To=whatsapp%3A%2B15559990000");
  ASSERT_EQ(page["messages"].size(), 2u);
  for (const auto& message : page["messages"]) {
    EXPECT_EQ(message["to"], k_staff);
  }
  EXPECT_EQ(count("From=whatsapp%3A%2B15550001111"), 3u);
  EXPECT_EQ(count("To=whatsapp%3A%2B15559990000&From=whatsapp%3A%2B15550009999"), 0u);
  // A raw '+' is a space, so this names nobody (the classic client bug).
  EXPECT_EQ(count("To=whatsapp:+15559990000"), 0u);
  // The filters come back in the page URIs, encoded as Twilio encodes them.
  EXPECT_NE(page["uri"].get<std::string>().find("To=whatsapp%3A%2B15559990000"), std::string::npos);
}

TEST_F(emulator_list, DateSentFiltersAreGmtDaysAndInclusive) {
  const std::string to = "whatsapp:+15559990002";
  const std::string q = "To=whatsapp%3A%2B15559990002";
  emulator->control_json(http::Method::post, "messages",
                         {history(to, "Mon, 01 Jan 2024 23:59:59 +0000"), history(to, "2024-01-02T00:00:00Z"),
                          history(to, "2024-01-02T12:00:00Z"), history(to, "Wed, 03 Jan 2024 00:00:00 +0000")});
  EXPECT_EQ(count(q + "&DateSent=2024-01-02"), 2u);
  EXPECT_EQ(count(q + "&DateSent%3E=2024-01-02"), 3u);  // encoded key
  EXPECT_EQ(count(q + "&DateSent>=2024-01-02"), 3u);    // raw key
  EXPECT_EQ(count(q + "&DateSent%3C=2024-01-02"), 3u);
  EXPECT_EQ(count(q + "&DateSent<=2024-01-02"), 3u);
  EXPECT_EQ(count(q + "&DateSent>=2024-01-02&DateSent<=2024-01-02"), 2u);
  EXPECT_EQ(count(q + "&DateSent=2023-12-31"), 0u);
  // Date-times (what twilio-node sends) are honoured to the second for the bounds.
  EXPECT_EQ(count(q + "&DateSent%3E=2024-01-02T06%3A00%3A00Z"), 2u);
  const auto bad = emulator->get(Emulator::messages_path() + "?DateSent=%3E%3D2024-01-02");
  expect_twilio_error(bad, 400, 20001);
}

TEST_F(emulator_list, TodaysDateSentFindsASentMessageButNotAQueuedOne) {
  auto slow = Emulator::start({}, 3000);
  ASSERT_TRUE(slow);
  const auto created = slow->create(k_staff);
  const auto today = created["date_created"].get<std::string>();
  const auto day = twilio::format_date(twilio::parse_rfc2822(today).value());
  auto listed = [&] {
    return parse_json(slow->get(Emulator::messages_path() + "?DateSent=" + day))["messages"].size();
  };
  EXPECT_EQ(listed(), 0u) << "a queued message has no date_sent yet";
  EXPECT_TRUE(wait_until([&] { return listed() == 1u; }, std::chrono::seconds(5)));
}

TEST_F(emulator_list, NewestFirst) {
  emulator->control_json(http::Method::post, "messages",
                         {history(k_staff, "2024-01-01T00:00:00Z", "first"),
                          history(k_staff, "2024-03-01T00:00:00Z", "third"),
                          history(k_staff, "2024-02-01T00:00:00Z", "second")});
  emulator->create(k_staff, k_sender, "live");
  const auto page = list("To=whatsapp%3A%2B15559990000");
  std::vector<std::string> bodies;
  for (const auto& message : page["messages"]) {
    bodies.push_back(message["body"]);
  }
  EXPECT_EQ(bodies, (std::vector<std::string>{"live", "third", "second", "first"}));
}

TEST_F(emulator_list, PagesThrough2500InjectedMessagesIn3Pages) {
  nlohmann::json batch = nlohmann::json::array();
  for (int i = 0; i < 2500; ++i) {
    batch.push_back(history(i % 2 == 0 ? k_staff : "whatsapp:+15559990001",
                            "2024-05-0" + std::to_string(1 + i % 9) + "T10:00:00Z", "m" + std::to_string(i)));
  }
  EXPECT_EQ(emulator->control_json(http::Method::post, "messages", {{"messages", batch}})["inserted"], 2500);

  std::set<std::string> sids;
  std::string next = Emulator::messages_path() + "?PageSize=1000";
  int pages = 0;
  while (!next.empty()) {
    const auto response = emulator->get(next);
    ASSERT_EQ(response.status, 200) << response.body;
    const auto page = parse_json(response);
    EXPECT_EQ(page["page"], pages);
    EXPECT_EQ(page["page_size"], 1000);
    EXPECT_EQ(page["start"], pages * 1000);
    for (const auto& sid : sids_of(page)) {
      EXPECT_TRUE(sids.insert(sid).second) << "duplicate " << sid;
    }
    EXPECT_EQ(page["previous_page_uri"].is_null(), pages == 0);
    ++pages;
    next = page["next_page_uri"].is_null() ? "" : page["next_page_uri"].get<std::string>();
    if (!next.empty()) {
      EXPECT_EQ(next.rfind(Emulator::messages_path() + "?", 0), 0u) << "relative next_page_uri: " << next;
      EXPECT_NE(next.find("PageToken="), std::string::npos);
    }
    ASSERT_LE(pages, 4);
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(sids.size(), 2500u);
}

TEST_F(emulator_list, PagingIsStableWhileNewMessagesArrive) {
  nlohmann::json batch = nlohmann::json::array();
  for (int i = 0; i < 30; ++i) {
    batch.push_back(history(k_staff, "2024-06-01T10:" + std::string(i < 10 ? "0" : "") + std::to_string(i) + ":00Z"));
  }
  emulator->control_json(http::Method::post, "messages", batch);
  const auto first = list("PageSize=10");
  std::set<std::string> sids;
  for (const auto& sid : sids_of(first)) {
    sids.insert(sid);
  }
  // Five newer messages land between page reads: an offset-based token would repeat items.
  for (int i = 0; i < 5; ++i) {
    emulator->create(k_staff);
  }
  std::string next = first["next_page_uri"];
  while (!next.empty()) {
    const auto page = parse_json(emulator->get(next));
    for (const auto& sid : sids_of(page)) {
      EXPECT_TRUE(sids.insert(sid).second) << "duplicate " << sid;
    }
    next = page["next_page_uri"].is_null() ? "" : page["next_page_uri"].get<std::string>();
  }
  EXPECT_EQ(sids.size(), 30u);
  // previous_page_uri leads back to the page before.
  const auto second = parse_json(emulator->get(first["next_page_uri"]));
  const auto back = parse_json(emulator->get(second["previous_page_uri"]));
  EXPECT_EQ(sids_of(back), sids_of(first));
}

TEST_F(emulator_list, PageSizeAndTokensAreValidated) {
  for (const std::string bad : {"PageSize=0", "PageSize=1001", "PageSize=abc", "Page=-1", "Page=2"}) {
    expect_twilio_error(emulator->get(Emulator::messages_path() + "?" + bad), 400, 20001);
  }
  expect_twilio_error(emulator->get(Emulator::messages_path() + "?PageToken=garbage"), 400, 21481);
  expect_twilio_error(emulator->get(Emulator::messages_path() + "?PageToken=PASM0123456789abcdef0123456789abcdef"),
                      400, 21481);
  EXPECT_EQ(list("PageSize=1000")["page_size"], 1000);
  EXPECT_EQ(list("")["page_size"], 50);
  const auto empty = list("To=whatsapp%3A%2B15559999999");
  EXPECT_EQ(empty["start"], 0);
  EXPECT_EQ(empty["end"], 0);
  EXPECT_TRUE(empty["next_page_uri"].is_null());
}

TEST_F(emulator_list, ListLagHidesNewMessagesFromListsButNotFromFetch) {
  emulator->set_faults({{"list_lag_ms", 1500}});
  const auto started = std::chrono::steady_clock::now();
  const std::string sid = emulator->create(k_staff)["sid"];
  EXPECT_EQ(emulator->get(Emulator::message_path(sid)).status, 200);
  EXPECT_EQ(count("To=whatsapp%3A%2B15559990000"), 0u);
  EXPECT_TRUE(wait_until([&] { return count("To=whatsapp%3A%2B15559990000") == 1u; }, std::chrono::seconds(5)));
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1400));
}

}  // namespace
}  // namespace formcheck::testing::emulator
