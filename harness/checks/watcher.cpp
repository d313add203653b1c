#include "harness/checks/watcher.hpp"

#include "harness/checks/token.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace formcheck::checks {
namespace {

using namespace std::chrono;

milliseconds since(SteadyTime from, SteadyTime to) { return duration_cast<milliseconds>(to - from); }

// The list's DateSent> bound: the UTC day of the earliest submission, minus a margin for
// clock skew. (DateSent is date-granular; exact filtering is on date_created, client side.)
std::string date_bound(WallTime earliest) {
  return twilio::format_date(floor<seconds>(earliest - minutes(10)));
}

}  // namespace

std::string_view to_string(WatchResult::End end) {
  switch (end) {
    case WatchResult::End::reached:
      return "reached";
    case WatchResult::End::final_failure:
      return "final failure";
    case WatchResult::End::timed_out:
      return "timed out";
    case WatchResult::End::infrastructure:
      return "infrastructure error";
    case WatchResult::End::cancelled:
      return "cancelled";
  }
  return "timed out";
}

bool looks_like_message_sid(std::string_view sid) {
  if (sid.size() != 34 || !(sid.starts_with("SM") || sid.starts_with("MM"))) {
    return false;
  }
  return std::all_of(sid.begin() + 2, sid.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

int status_rank(std::string_view status) {
  if (status == "sending") {
    return 1;
  }
  if (status == "sent") {
    return 2;
  }
  if (status == "delivered") {
    return 3;
  }
  if (status == "read") {
    return 4;
  }
  return 0;  // accepted, queued, scheduled, receiving, …
}

bool reaches(std::string_view status, std::string_view target_status) {
  return !twilio::is_final_failure(status) && status_rank(status) >= status_rank(target_status) &&
         status_rank(status) > 0;
}

Watcher::Watcher(twilio::Client& client, WatcherOptions options)
    : m_client(client), m_options(std::move(options)), m_requests_at_start(client.requests_sent()) {
  m_thread = std::thread([this] { loop(); });
}

Watcher::~Watcher() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  m_thread.join();
  for (auto& p : m_pending) {
    complete(*p, WatchResult::End::cancelled);
  }
}

std::shared_future<WatchResult> Watcher::watch(WatchRequest request) {
  auto pending = std::make_unique<Pending>();
  pending->request = std::move(request);
  // The site's SID is a hint until its message shows the token; one that is not even shaped
  // like a message SID (a route's own id) is not asked for at all.
  if (const auto& sid = pending->request.sid; sid && looks_like_message_sid(*sid)) {
    pending->hint = sid;
  } else if (sid) {
    pending->result.sid_note =
        fmt::format("the site's answer named '{}' as the message SID, which is not a Twilio message SID (SM or MM "
                    "and 32 hex digits); the token decided instead",
                    *sid);
  }
  auto future = pending->promise.get_future().share();
  {
    std::lock_guard lock(m_mutex);
    if (m_fatal_error) {
      pending->result.last_api_error = *m_fatal_error;
      pending->result.api_errors = 1;
      pending->result.end = WatchResult::End::infrastructure;
      pending->promise.set_value(pending->result);
      return future;
    }
    m_pending.push_back(std::move(pending));
  }
  m_wake.notify_all();
  return future;
}

std::vector<PendingView> Watcher::pending() const {
  std::lock_guard lock(m_mutex);
  std::vector<PendingView> views;
  const auto now = steady_clock::now();
  for (const auto& p : m_pending) {
    PendingView v;
    v.token = p->request.token;
    const auto& sid = p->sid ? p->sid : p->hint;
    v.waiting_for = sid ? fmt::format("{} to reach '{}'", *sid, p->request.target_status)
                           : std::string("a message carrying the token");
    v.elapsed = since(p->request.submitted_at, now);
    v.budget = since(p->request.submitted_at, p->request.deadline);
    v.last_status = p->result.message ? p->result.message->status : "not seen yet";
    views.push_back(std::move(v));
  }
  return views;
}

bool Watcher::budget_left() const {
  return requests_used() < static_cast<size_t>(std::max(m_options.max_requests, 0));
}

void Watcher::complete(Pending& p, WatchResult::End end) {
  p.result.end = end;
  p.result.waited = since(p.request.submitted_at, steady_clock::now());
  p.promise.set_value(p.result);
}

void Watcher::observe(Pending& p, const twilio::Message& message, SteadyTime now) {
  const bool changed = !p.result.message || p.result.message->status != message.status;
  p.result.message = message;
  if (!p.sid) {
    p.sid = message.sid;
  }
  if (changed) {
    p.result.changes.push_back({since(p.request.submitted_at, now), message.status});
  }
  if (!p.result.latency && reaches(message.status, p.request.target_status)) {
    p.result.latency = since(p.request.submitted_at, now);
    // The status was reached somewhere between formcheck's last good look (which did not
    // see it) and this one; before any good look, the bound reaches back to the submission.
    const auto previous = p.last_look == SteadyTime{} ? p.request.submitted_at : p.last_look;
    p.result.poll_bound = since(previous, now);
  }
  if (message.date_created && message.date_updated && twilio::is_delivered_or_read(message.status)) {
    p.result.twilio_latency = duration_cast<seconds>(*message.date_updated - *message.date_created);
  }
}

std::chrono::milliseconds Watcher::next_interval(SteadyTime now) const {
  // Poll fast while some submission is young (most deliveries take seconds), then back off:
  // the interval doubles for every 10 s the youngest pending submission has waited.
  milliseconds youngest = milliseconds::max();
  SteadyTime latest_deadline = now;
  for (const auto& p : m_pending) {
    youngest = std::min(youngest, since(p->request.submitted_at, now));
    latest_deadline = std::max(latest_deadline, p->request.deadline);
  }
  auto interval = m_options.initial_interval;
  for (auto age = youngest; age > seconds(10) && interval < m_options.max_interval; age -= seconds(10)) {
    interval *= 2;
  }
  interval = std::min(interval, m_options.max_interval);
  // Stretch to make the request budget last until the last deadline.
  const long remaining = static_cast<long>(m_options.max_requests) - static_cast<long>(requests_used());
  if (remaining > 0) {
    const auto until_deadline = since(now, latest_deadline);
    interval = std::max(interval, milliseconds(until_deadline.count() / remaining));
  }
  return std::max(interval, m_backoff);
}

void Watcher::loop() {
  std::unique_lock lock(m_mutex);
  auto next_poll = steady_clock::now();
  while (!m_stop) {
    if (m_pending.empty()) {
      m_wake.wait(lock, [&] { return m_stop || !m_pending.empty(); });
      next_poll = steady_clock::now() + m_options.initial_interval;  // give the site a moment to call Twilio
      continue;
    }
    const auto nearest_deadline =
        (*std::min_element(m_pending.begin(), m_pending.end(),
                           [](const auto& a, const auto& b) { return a->request.deadline < b->request.deadline; }))
            ->request.deadline;
    const auto wake_at = std::min(next_poll, nearest_deadline);
    if (steady_clock::now() < wake_at) {
      m_wake.wait_until(lock, std::min(wake_at, steady_clock::now() + milliseconds(100)));
      const bool cancelled = m_options.cancelled != nullptr && m_options.cancelled->load();
      if (!cancelled && steady_clock::now() < wake_at) {
        continue;
      }
    }
    lock.unlock();
    cycle();
    lock.lock();
    ++m_cycles;
    next_poll = steady_clock::now() + next_interval(steady_clock::now());
  }
}

void Watcher::cycle() {
  std::vector<Pending*> pending;
  {
    std::lock_guard lock(m_mutex);
    for (auto& p : m_pending) {
      pending.push_back(p.get());
    }
  }
  if (pending.empty()) {
    return;
  }
  const bool cancelled = m_options.cancelled != nullptr && m_options.cancelled->load();
  CycleReading reading;
  if (!cancelled && budget_left()) {
    read_twilio(pending, reading);
  }
  const auto now = steady_clock::now();
  std::vector<Pending*> timed_out_unmatched;
  {
    std::lock_guard lock(m_mutex);
    record_reading(pending, reading, now);
    timed_out_unmatched = end_finished_waits(pending, cancelled, now);
  }
  if (!timed_out_unmatched.empty()) {
    search_misdirected(timed_out_unmatched);
    std::lock_guard lock(m_mutex);
    for (auto* p : timed_out_unmatched) {
      complete(*p, WatchResult::End::timed_out);
      m_pending.erase(std::find_if(m_pending.begin(), m_pending.end(), [&](const auto& q) { return q.get() == p; }));
    }
  }
}

void Watcher::note_error(CycleReading& reading, const twilio::ApiError& e) {
  reading.error = e.describe();
  if (e.retry_after) {
    reading.retry_after = std::max(reading.retry_after.value_or(std::chrono::seconds(0)), *e.retry_after);
  }
  if (e.is_auth_failure() || e.http_status == 403) {
    std::lock_guard lock(m_mutex);
    m_fatal_error = reading.error;
  }
}

void Watcher::read_twilio(std::vector<Pending*>& pending, CycleReading& reading) {
  const int hint_fetches =
      check_hints(pending, reading.seen, reading.not_there_yet, reading.unanswered, 16,
                  [&](const twilio::ApiError& e) { note_error(reading, e); });
  size_t without_sid = 0;
  size_t with_sid = 0;
  for (auto* p : pending) {
    (p->sid || reading.unanswered.contains(p) ? with_sid : without_sid)++;
  }
  // One list call serves every token-correlated submission (and every SID at once when
  // there are several); a single SID is cheaper to fetch directly.
  if (without_sid > 0 || with_sid >= 2) {
    list_recent(pending, reading);
  }
  match_tokens(pending, reading);
  fetch_unlisted(pending, reading, hint_fetches);
}

void Watcher::list_recent(const std::vector<Pending*>& pending, CycleReading& reading) {
  WallTime earliest = WallTime::max();
  for (auto* p : pending) {
    earliest = std::min(earliest, p->request.submitted_wall);
  }
  // No DateSent filter: a message that fails before it is sent has no date_sent, and the
  // filter would hide exactly the failures (63015, 63016…) we must report. Newest first,
  // so the first page holds the recent messages; paging stops at older ones.
  twilio::MessageQuery query;
  query.to = m_options.staff;
  query.page_size = static_cast<int>(std::clamp<size_t>(pending.size() * 2 + 20, 50, 1000));
  auto page = m_client.list_messages_page(query);
  const auto oldest_wanted = earliest - minutes(5);
  for (int pages = 0; page; ++pages) {
    bool older_seen = false;
    for (const auto& m : page->messages) {
      reading.seen.emplace(m.sid, m);
      older_seen = older_seen || (m.date_created && *m.date_created < oldest_wanted);
    }
    // Newest first: once a page reaches messages older than every submission, stop.
    if (!page->next_page_uri || older_seen || pages >= 9 || !budget_left()) {
      break;
    }
    page = m_client.next_messages_page(*page->next_page_uri);
  }
  if (!page) {
    note_error(reading, page.error());
  } else {
    reading.list_ok = true;
  }
}

// Matches tokens to the messages seen (a hint still unconfirmed gives way to the token).
void Watcher::match_tokens(const std::vector<Pending*>& pending, const CycleReading& reading) {
  for (auto* p : pending) {
    if (p->sid || reading.unanswered.contains(p)) {
      continue;
    }
    const twilio::Message* best = nullptr;
    for (const auto& [sid, m] : reading.seen) {
      if (contains_token(m.body, p->request.token) &&
          (best == nullptr || (m.date_created && best->date_created && *m.date_created < *best->date_created))) {
        best = &m;
      }
    }
    if (best == nullptr) {
      continue;
    }
    p->sid = best->sid;
    if (p->hint && *p->hint != best->sid) {
      p->result.sid_note = fmt::format(
          "the site's answer named {}, but the message carrying the token is {}; the token decided", *p->hint,
          best->sid);
    } else if (p->hint) {
      p->result.found_by_sid = true;
    }
    p->hint.reset();
  }
}

// Fetches by SID what the list did not show (list lag) or what the cycle skipped listing for.
void Watcher::fetch_unlisted(const std::vector<Pending*>& pending, CycleReading& reading, int fetches) {
  for (auto* p : pending) {
    if (!p->sid || reading.seen.contains(*p->sid) || fetches >= 16 || !budget_left() || m_fatal_error) {
      continue;
    }
    ++fetches;
    auto fetched = m_client.fetch_message(*p->sid);
    if (fetched) {
      reading.seen.emplace(fetched->sid, *fetched);
    } else if (fetched.error().http_status == 404) {  // not visible yet; keep waiting
      reading.not_there_yet.insert(*p->sid);
    } else {
      note_error(reading, fetched.error());
    }
  }
}

// What the cycle saw, per submission (caller holds m_mutex): the backoff, polls and errors,
// the message observed, and whether this cycle counts as a look.
void Watcher::record_reading(const std::vector<Pending*>& pending, const CycleReading& reading, SteadyTime now) {
  // Back off on trouble: exponential with jitter, never sooner than a Retry-After (capped
  // at 2 minutes so one answer cannot stall a run).
  if (!reading.error.empty()) {
    m_backoff = m_retry_backoff.next(reading.retry_after);
  } else {
    m_retry_backoff.reset();
    m_backoff = milliseconds(0);
  }
  for (auto* p : pending) {
    ++p->result.polls;
    if (!reading.error.empty()) {
      ++p->result.api_errors;
      p->result.last_api_error = reading.error;
    }
    bool looked = !p->sid && reading.list_ok && !reading.unanswered.contains(p);
    if (!p->sid && p->hint && !reading.list_ok) {
      looked = reading.not_there_yet.contains(*p->hint);
    }
    if (p->sid) {
      if (const auto it = reading.seen.find(*p->sid); it != reading.seen.end()) {
        observe(*p, it->second, now);
        looked = true;
      }
      looked = looked || reading.not_there_yet.contains(*p->sid);
    }
    if (looked) {
      p->last_look = now;
      p->errors_since_look = 0;
    } else if (!reading.error.empty()) {
      ++p->errors_since_look;
    }
  }
}

// Ends the waits that are over (caller holds m_mutex). Those that timed out without any
// message are returned instead: they are completed after the misdirected search.
std::vector<Watcher::Pending*> Watcher::end_finished_waits(const std::vector<Pending*>& pending, bool cancelled,
                                                           SteadyTime now) {
  std::vector<Pending*> timed_out_unmatched;
  for (auto it = m_pending.begin(); it != m_pending.end();) {
    Pending& p = **it;
    const bool in_cycle = std::find(pending.begin(), pending.end(), &p) != pending.end();
    std::optional<WatchResult::End> end;
    if (cancelled) {
      end = WatchResult::End::cancelled;
    } else if (m_fatal_error) {
      p.result.last_api_error = *m_fatal_error;
      end = WatchResult::End::infrastructure;
    } else if (in_cycle && p.result.message && twilio::is_final_failure(p.result.message->status)) {
      end = WatchResult::End::final_failure;
    } else if (in_cycle && p.result.message && reaches(p.result.message->status, p.request.target_status)) {
      end = WatchResult::End::reached;
    } else if (now >= p.request.deadline ||
               (p.request.end_at_first_look && in_cycle && p.last_look == now && !p.result.message)) {
      end = end_at_deadline(p, now);
      if (!end) {
        timed_out_unmatched.push_back(&p);
        ++it;
        continue;
      }
    }
    if (end) {
      complete(p, *end);
      it = m_pending.erase(it);
    } else {
      ++it;
    }
  }
  return timed_out_unmatched;
}

// How a wait past its deadline ends; nullopt for a plain time-out without any message (the
// misdirected search decides what it says).
std::optional<WatchResult::End> Watcher::end_at_deadline(Pending& p, SteadyTime now) {
  if (p.hint && p.result.sid_note.empty()) {
    p.result.sid_note = fmt::format("Twilio never showed {}, the SID the site's answer named", *p.hint);
  }
  // Twilio's errors kept formcheck from looking (never, or not for longer than two
  // ordinary poll intervals before the deadline): whether the message came in time is
  // unknown, which is not the site's fault. One failed read among good ones is not blind.
  const bool blind = p.errors_since_look > 0 &&
                     (p.last_look == SteadyTime{} || since(p.last_look, now) > 2 * m_options.max_interval);
  if (!budget_left() && !p.result.message) {
    p.result.last_api_error = fmt::format("the run's budget of {} Twilio requests ran out", m_options.max_requests);
    return WatchResult::End::infrastructure;
  }
  if (blind) {
    return WatchResult::End::infrastructure;
  }
  if (!p.result.message) {
    return std::nullopt;
  }
  return WatchResult::End::timed_out;
}

int Watcher::check_hints(std::vector<Pending*>& pending, std::map<std::string, twilio::Message>& seen,
                         std::set<std::string>& not_there_yet, std::set<const Pending*>& unanswered,
                         int max_fetches,
                         const std::function<void(const twilio::ApiError&)>& note_error) {
  int fetches = 0;
  for (auto* p : pending) {
    if (p->sid || !p->hint) {
      continue;
    }
    if (fetches >= max_fetches || !budget_left() || m_fatal_error) {
      unanswered.insert(p);  // asked next cycle
      continue;
    }
    ++fetches;
    auto fetched = m_client.fetch_message(*p->hint);
    if (!fetched) {
      if (fetched.error().http_status == 404) {
        not_there_yet.insert(*p->hint);  // not visible yet, or never: the list is searched too
      } else {
        note_error(fetched.error());
        unanswered.insert(p);
      }
      continue;
    }
    if (contains_token(fetched->body, p->request.token)) {
      p->sid = p->hint;
      p->result.found_by_sid = true;
      seen.emplace(fetched->sid, *fetched);
    } else {
      p->result.sid_note = fmt::format(
          "the site's answer named {}, but that message (to {}) does not carry the token: another message's SID; "
          "the token decided instead",
          *p->hint, fetched->to);
    }
    p->hint.reset();
  }
  return fetches;
}

void Watcher::search_misdirected(std::vector<Pending*>& unmatched) {
  // The message may exist but not be addressed to staff (a wrong STAFF number): look for the
  // token among everything the expected senders sent since the earliest submission.
  WallTime earliest = WallTime::max();
  for (auto* p : unmatched) {
    earliest = std::min(earliest, p->request.submitted_wall);
    p->result.log_silent_since = !m_options.senders_to_search.empty();
  }
  for (const auto& sender : m_options.senders_to_search) {
    if (!budget_left()) {
      for (auto* p : unmatched) {
        p->result.log_silent_since = false;  // not every sender was asked
      }
      return;
    }
    twilio::MessageQuery query;
    query.from = sender;
    query.date_sent_after = date_bound(earliest);
    query.page_size = 200;
    auto page = m_client.list_messages_page(query);
    if (!page) {
      for (auto* p : unmatched) {
        p->result.log_silent_since = false;
      }
      continue;
    }
    for (auto* p : unmatched) {
      for (const auto& m : page->messages) {
        if (contains_token(m.body, p->request.token) && m.to != m_options.staff) {
          p->result.misdirected = m;
        }
        // Twilio's dates have whole seconds: a message of the same second counts as new.
        if (m.to == m_options.staff &&
            (!m.date_created || *m.date_created >= p->request.submitted_wall - std::chrono::seconds(1))) {
          p->result.log_silent_since = false;
        }
      }
      // A full page may hide older messages but says nothing about silence: only a page with
      // room to spare covers everything since the bound.
      if (page->next_page_uri) {
        p->result.log_silent_since = false;
      }
    }
  }
}

twilio::Result<std::vector<twilio::Message>> Watcher::sweep(WallTime since_time, const std::string& needle) {
  std::map<std::string, twilio::Message> found;
  // Each filter twice: with DateSent> (bounded even if Twilio's order is not newest-first)
  // and without it (messages that failed before sending have no date_sent).
  std::vector<twilio::MessageQuery> queries;
  auto add_both = [&](twilio::MessageQuery query) {
    query.page_size = 1000;
    queries.push_back(query);
    query.date_sent_after = date_bound(since_time);
    queries.push_back(query);
  };
  twilio::MessageQuery to_staff;
  to_staff.to = m_options.staff;
  add_both(to_staff);
  for (const auto& sender : m_options.senders_to_search) {
    twilio::MessageQuery from_sender;
    from_sender.from = sender;
    add_both(from_sender);
  }
  const auto oldest_wanted = since_time - minutes(5);
  for (auto& query : queries) {
    auto page = m_client.list_messages_page(query);
    for (int pages = 0;; ++pages) {
      if (!page) {
        return unexpected(page.error());
      }
      bool older_seen = false;
      for (const auto& m : page->messages) {
        if (m.body.find(needle) != std::string::npos) {  // the run id: tokens are matched later
          found.emplace(m.sid, m);
        }
        older_seen = older_seen || (m.date_created && *m.date_created < oldest_wanted);
      }
      if (!page->next_page_uri || older_seen || pages >= 20) {
        break;
      }
      page = m_client.next_messages_page(*page->next_page_uri);
    }
  }
  std::vector<twilio::Message> out;
  for (auto& [sid, m] : found) {
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace formcheck::checks
