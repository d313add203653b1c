#pragma once
// The pure statistics of `formcheck monitor`: what the Twilio log of a time window says about
// delivery to staff. No I/O here: messages in, numbers out (unit-tested with injected data).
//
// Times are Twilio's RFC 2822 dates (1 s resolution). A message's time is its date_created
// (the window filter too); a delivery's latency is date_created → date_updated of a
// `delivered` message. A `read` message's date_updated is when staff read it, not when it
// arrived, so read messages count as delivered but carry no latency.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/twilio/models.hpp"

namespace formcheck::monitor {

using twilio::Timestamp;

// [since, until], both inclusive, in UTC seconds.
struct Window {
  Timestamp since;
  Timestamp until;
  bool contains(Timestamp t) const { return t >= since && t <= until; }
};

// --since: "90m", "1h", "24h", "7d" (back from `now`), or a date "2024-03-01" (midnight UTC)
// or date-time "2024-03-01T23:30:00Z". nullopt (with `error` set) for anything else.
std::optional<Timestamp> parse_since(std::string_view text, Timestamp now, std::string* error = nullptr);
// --until: a date (its end, 23:59:59 UTC) or a date-time.
std::optional<Timestamp> parse_until(std::string_view text, std::string* error = nullptr);
// Every UTC day the window touches, oldest first, as "YYYY-MM-DD" (the DateSent filter's form).
std::vector<std::string> utc_days(const Window& window);

// Nearest-rank percentile (p in 0..100) of ascending `sorted`; 0 for an empty list.
double percentile(const std::vector<double>& sorted, double p);

// The densest stretch of events: the most events whose times fall in one half-open window
// [t, t + width) for some t. `times` need not be sorted. first/last are the first and last
// event of the stretch; `indices` point into `times`, in time order.
struct Burst {
  size_t count = 0;
  Timestamp first{};
  Timestamp last{};
  std::vector<size_t> indices;
};
Burst densest_window(const std::vector<Timestamp>& times, std::chrono::seconds width);

// Formcheck's own test submissions carry "[<marker> fc-<run>-<n>]" in their body.
bool is_test_message(std::string_view body, std::string_view marker);

enum class Fate { delivered, failed, pending };
// delivered/read (and `sent` when the expected status is "sent") → delivered;
// failed/undelivered/canceled → failed; the rest (queued, sending, sent, …) → pending.
Fate fate_of(std::string_view status, std::string_view expected_status);

struct Counts {
  size_t messages = 0;
  size_t delivered = 0;  // delivered or read
  size_t read = 0;       // of which read
  size_t failed = 0;
  size_t pending = 0;
  size_t finished() const { return delivered + failed; }
  // Percent delivered of the finished messages; nullopt when none finished.
  std::optional<double> delivery_rate() const;
  // "98.99%": rounded down to 0.01 %, so a rate under a threshold never prints as reaching it
  // (19,799 of 19,999 is 98.99%, not 99.00%); "n/a" when none finished.
  std::string rate_text() const;
};

// Failures grouped by error code (0 = a failure without a code), most frequent first.
struct ErrorGroup {
  int code = 0;
  size_t count = 0;
  size_t real = 0;   // guests' messages
  size_t tests = 0;  // formcheck's test messages
  std::vector<std::string> sids;  // every affected SID, oldest first
  std::map<std::string, size_t> statuses;  // failed / undelivered / canceled
  std::map<std::string, size_t> senders;   // From of the failed messages
};
std::vector<ErrorGroup> group_failures(const std::vector<const twilio::Message*>& failed, std::string_view marker);

struct Latency {
  size_t count = 0;  // delivered messages with both dates
  double p50 = 0, p95 = 0, max = 0;  // seconds
  std::string slowest_sid;
  std::vector<std::pair<std::string, double>> over_budget;  // (SID, seconds), slowest first
};
Latency latency_of(const std::vector<const twilio::Message*>& delivered, double budget_s);

struct SenderGroup {
  std::string from;
  bool sandbox = false;
  size_t count = 0;
  size_t tests = 0;
  std::vector<std::string> sids;
};

struct AnalysisInput {
  Window window;
  std::string staff;            // whatsapp:+E164: the messages judged are those to staff
  std::string expected_sender;  // whatsapp:+E164 ("" = any sender is expected)
  bool forbid_sandbox = true;
  std::string expected_status = "delivered";
  std::string marker = "formcheck-test";
  bool count_test_messages = true;  // test messages count toward the thresholds
  double latency_budget_s = 30;
  std::chrono::seconds failure_window{3600};
};

// What the window holds. "Judged" messages are outbound messages to staff created inside the
// window (test messages only when count_test_messages); `real` and `tests` split them.
struct Analysis {
  Window window;
  Counts judged, real, tests;
  std::vector<ErrorGroup> failures;  // of judged messages
  Latency latency;                   // of judged messages
  Burst failure_burst;               // densest failure_window of judged failures
  size_t burst_messages = 0;         // judged messages created in that stretch
  std::vector<std::string> burst_sids;
  std::vector<SenderGroup> unexpected_senders;  // to staff, from anyone but the expected sender
  std::map<std::string, Counts> other_recipients;  // from the expected sender to someone else
  size_t outside_window = 0;  // listed, but created outside the window (DateSent days are coarse)
  size_t inbound = 0;         // listed inbound messages (staff replies), ignored
};

Analysis analyse(const std::vector<twilio::Message>& messages, const AnalysisInput& input);

}  // namespace formcheck::monitor
