#pragma once
// Reads a window of the Twilio message log for `formcheck monitor`.
//
// Twilio's list filters are coarse: DateSent is a GMT date, and a message that fails before
// it is sent (63015, 63016, …) has no date_sent at all, so every DateSent filter hides it.
// For each address (To=staff, and From=the expected sender) the collector therefore makes:
//   1. one DateSent=YYYY-MM-DD query per UTC day the window touches, every page;
//   2. one query without a date filter (newest first), paged until a whole page is older
//      than the window: this is what finds the messages without date_sent;
// then keeps messages whose date_created is inside the window, deduplicated by SID.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "harness/monitor/statistics.hpp"
#include "harness/twilio/client.hpp"

namespace formcheck::monitor {

struct CollectOptions {
  Window window;
  std::string staff;   // To= filter
  std::string sender;  // From= filter ("" = skip)
  int page_size = 1000;
  int max_attempts = 4;  // per request, for 429/5xx/transport trouble (backing off)
  std::function<void(const std::string&)> on_note;  // progress lines
  // Ctrl-C: no further request starts and a wait between retries ends within 50 ms; the
  // collection then answers an error (the caller reports the interruption).
  const std::atomic<bool>* cancelled = nullptr;
};

struct Collected {
  std::vector<twilio::Message> messages;  // unique by SID, created inside the window, newest first
  size_t listed = 0;           // items read over every page of every query
  size_t duplicates = 0;       // of those, already seen (another query or page)
  size_t outside_window = 0;   // of those, created outside the window
  size_t without_date_sent = 0;  // in the window without date_sent: only the undated query finds them
  size_t pages = 0;
  size_t retries = 0;
  std::vector<std::string> queries;  // one line per query: filters and pages read
};

twilio::Result<Collected> collect_window(twilio::Client& client, const CollectOptions& options);

}  // namespace formcheck::monitor
