#pragma once
// The Twilio watcher: ONE poller per account serves every pending submission.
// Each cycle makes one list call (To=staff) that answers all token-correlated submissions at
// once, and fetches by SID only the messages the list does not show (list lag) — so a run's
// cost in Twilio requests grows with time, not with the number of submissions.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <set>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "harness/twilio/client.hpp"
#include "harness/util/retry.hpp"

namespace formcheck::checks {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

struct WatchRequest {
  std::string token;
  std::optional<std::string> sid;  // from the site's answer: fetch by SID, no list needed
  std::string target_status = "delivered";  // "sent", "delivered" or "read"
  SteadyTime submitted_at;
  WallTime submitted_wall;
  SteadyTime deadline;
  // The site refused the submission: the wait ends at the first look that shows no message
  // carrying the token (one sent anyway is still followed until the deadline).
  bool end_at_first_look = false;
};

struct StatusChange {
  std::chrono::milliseconds at;  // since submission
  std::string status;
};

struct WatchResult {
  enum class End {
    reached,         // the target status (or a later success) was observed
    final_failure,   // failed, undelivered, canceled
    timed_out,       // the deadline passed without reaching the target status
    infrastructure,  // Twilio could not be asked (auth refused, API down the whole time)
    cancelled,       // Ctrl-C
  };
  End end = End::timed_out;
  std::optional<twilio::Message> message;  // the last view of the message
  std::vector<StatusChange> changes;
  std::optional<std::chrono::milliseconds> latency;  // submission → first observation of the target status
  std::chrono::milliseconds poll_bound{0};  // the observation is at most this late (poll interval)
  std::optional<std::chrono::seconds> twilio_latency;  // date_created → date_updated, Twilio's own view
  int polls = 0;
  int api_errors = 0;
  std::string last_api_error;
  std::optional<twilio::Message> misdirected;  // carrying the token, but not sent to staff
  bool found_by_sid = false;  // identified by the SID in the site's answer (else by the token in the list)
  // Why the SID in the site's answer was not used (not a Twilio SID, another message's, or
  // never shown by Twilio while the token was): the token decided instead.
  std::string sid_note;
  // At a timeout without a message: every searched sender's log was read and none of them
  // created a message to staff since the submission, so the site created none at all.
  bool log_silent_since = false;
  std::chrono::milliseconds waited{0};  // submission → the end of this wait
};

// Whether `sid` has the shape of a Twilio message SID (SM or MM and 32 hex digits).
bool looks_like_message_sid(std::string_view sid);

std::string_view to_string(WatchResult::End end);

struct WatcherOptions {
  std::string staff;                         // To filter of the list call
  std::vector<std::string> senders_to_search;  // From filters for the misdirected-message search
  std::chrono::milliseconds initial_interval{250};
  std::chrono::milliseconds max_interval{2000};
  int max_requests = 2000;  // the run's budget of Twilio API requests
  const std::atomic<bool>* cancelled = nullptr;
};

struct PendingView {
  std::string token;
  std::string waiting_for;
  std::chrono::milliseconds elapsed;
  std::chrono::milliseconds budget;
  std::string last_status;
};

// Status order for "reached": queued/accepted/scheduled < sending < sent < delivered < read.
int status_rank(std::string_view status);
bool reaches(std::string_view status, std::string_view target_status);

class Watcher {
 public:
  Watcher(twilio::Client& client, WatcherOptions options);
  ~Watcher();
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  std::shared_future<WatchResult> watch(WatchRequest request);

  // Every message to staff (and from the searched senders) created since `since` whose body
  // contains `needle`: the end-of-run sweep that counts messages per token.
  twilio::Result<std::vector<twilio::Message>> sweep(WallTime since, const std::string& needle);

  std::vector<PendingView> pending() const;
  size_t requests_used() const { return m_client.requests_sent() - m_requests_at_start; }
  int cycles() const { return m_cycles.load(); }

 private:
  struct Pending {
    WatchRequest request;
    std::promise<WatchResult> promise;
    WatchResult result;
    std::optional<std::string> sid;  // the message's SID, once its body showed the token
    // The SID the site's answer named, until a fetch shows its body carries the token: a
    // route may return another message's SID, or an id of its own.
    std::optional<std::string> hint;
    // The last cycle whose read covering this submission succeeded (the message seen, or
    // confirmed not there yet), and the failed reads since: at the deadline, a view made
    // stale by Twilio's errors cannot tell the site's fault from Twilio's.
    SteadyTime last_look{};
    int errors_since_look = 0;
  };

  // What one cycle read from Twilio.
  struct CycleReading {
    std::string error;                                  // the last Twilio error, "" when none
    std::optional<std::chrono::seconds> retry_after;    // the longest Retry-After Twilio asked for
    std::map<std::string, twilio::Message> seen;        // sid → message
    bool list_ok = false;                               // the list was read without error
    std::set<std::string> not_there_yet;                // fetched by SID: 404, not visible yet
    std::set<const Pending*> unanswered;                // a hint whose fetch failed: it waits for its SID
  };

  void loop();
  void cycle();
  void note_error(CycleReading& reading, const twilio::ApiError& e);
  void read_twilio(std::vector<Pending*>& pending, CycleReading& reading);
  void list_recent(const std::vector<Pending*>& pending, CycleReading& reading);
  void match_tokens(const std::vector<Pending*>& pending, const CycleReading& reading);
  void fetch_unlisted(const std::vector<Pending*>& pending, CycleReading& reading, int fetches);
  void record_reading(const std::vector<Pending*>& pending, const CycleReading& reading, SteadyTime now);
  std::vector<Pending*> end_finished_waits(const std::vector<Pending*>& pending, bool cancelled, SteadyTime now);
  std::optional<WatchResult::End> end_at_deadline(Pending& p, SteadyTime now);
  std::chrono::milliseconds next_interval(SteadyTime now) const;
  void complete(Pending& p, WatchResult::End end);
  void observe(Pending& p, const twilio::Message& message, SteadyTime now);
  bool budget_left() const;
  void search_misdirected(std::vector<Pending*>& unmatched);
  // Fetches the unconfirmed hints (at most `max_fetches`); confirmed messages go into `seen`.
  // Those whose fetch failed (Twilio trouble, not a 404) go into `unanswered`: they wait for
  // their SID as before, the token does not decide for them.
  int check_hints(std::vector<Pending*>& pending, std::map<std::string, twilio::Message>& seen,
                  std::set<std::string>& not_there_yet, std::set<const Pending*>& unanswered, int max_fetches,
                  const std::function<void(const twilio::ApiError&)>& note_error);

  twilio::Client& m_client;
  WatcherOptions m_options;
  size_t m_requests_at_start = 0;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  std::vector<std::unique_ptr<Pending>> m_pending;
  bool m_stop = false;
  std::atomic<int> m_cycles{0};
  std::chrono::milliseconds m_backoff{0};
  Backoff m_retry_backoff{BackoffPolicy{std::chrono::milliseconds(1000), std::chrono::milliseconds(16000), true,
                                         BackoffPolicy::RetryAfter::at_least, std::chrono::minutes(2)}};
  std::optional<std::string> m_fatal_error;  // auth refused: every wait ends at once
  std::thread m_thread;
};

}  // namespace formcheck::checks
