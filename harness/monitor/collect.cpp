#include "harness/monitor/collect.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <set>
#include <unordered_set>

#include "harness/util/retry.hpp"

namespace formcheck::monitor {
namespace {

using twilio::MessagePage;
using twilio::Result;

// The key the server sorts by: date_sent, else date_created (a message never sent).
Timestamp sort_time(const twilio::Message& m) {
  return m.date_sent.value_or(m.date_created.value_or(Timestamp{}));
}

twilio::ApiError interrupted_error() {
  twilio::ApiError e;
  e.kind = twilio::ApiError::Kind::transport;
  e.transport = http::TransportErrorKind::aborted;
  e.message = "interrupted before the log was read";
  return e;
}

class Reader {
 public:
  Reader(twilio::Client& client, const CollectOptions& options, Collected& out)
      : m_client(client), m_options(options), m_out(out) {}

  // One query, every page. With `stop_when_older`, paging stops after the first whole page
  // older than the window (the undated query, which would otherwise read all history).
  twilio::Result<bool> run(const twilio::MessageQuery& query, const std::string& label, bool stop_when_older) {
    if (is_cancelled(m_options.cancelled)) {
      return unexpected(interrupted_error());
    }
    auto page = attempt([&] { return m_client.list_messages_page(query); });
    size_t pages = 0;
    size_t kept = 0;
    std::set<std::string> seen_pages;
    while (true) {
      if (!page) {
        return unexpected(page.error());
      }
      ++pages;
      ++m_out.pages;
      bool page_older = !page->messages.empty();
      for (auto& m : page->messages) {
        ++m_out.listed;
        page_older = page_older && sort_time(m) < m_options.window.since;
        if (!m.date_created || !m_options.window.contains(*m.date_created)) {
          ++m_out.outside_window;
          continue;
        }
        if (!m_sids.insert(m.sid).second) {
          ++m_out.duplicates;
          continue;
        }
        ++kept;
        m_out.messages.push_back(std::move(m));
      }
      if (!page->next_page_uri || (stop_when_older && page_older)) {
        break;
      }
      if (pages >= m_client.options().max_pages || !seen_pages.insert(*page->next_page_uri).second) {
        twilio::ApiError e;
        e.kind = twilio::ApiError::Kind::bad_response;
        e.message = fmt::format("paging of {} did not end after {} pages", label, pages);
        return unexpected(e);
      }
      if (is_cancelled(m_options.cancelled)) {
        return unexpected(interrupted_error());
      }
      const auto next = *page->next_page_uri;
      page = attempt([&] { return m_client.next_messages_page(next); });
    }
    m_out.queries.push_back(fmt::format("{}: {} page(s), {} new", label, pages, kept));
    return true;
  }

 private:
  // A request with retries for what is worth retrying (429, 5xx, transport), backing off
  // (Retry-After when Twilio gives one, at most 30 s); a cancel ends the waits at once.
  template <class F>
  Result<MessagePage> attempt(F request) {
    RetryOptions retry_options;
    retry_options.cancel = m_options.cancelled;
    retry_options.max_attempts = m_options.max_attempts;
    retry_options.backoff.first = std::chrono::milliseconds(500);
    retry_options.backoff.retry_after = BackoffPolicy::RetryAfter::exactly;
    retry_options.backoff.max_retry_after = std::chrono::seconds(30);
    return retry(
        request,
        [](const Result<MessagePage>& page) {
          if (page || !page.error().is_retryable()) {
            return RetryAdvice{};
          }
          return RetryAdvice{true, page.error().retry_after};
        },
        retry_options,
        [&](const Result<MessagePage>& page, std::chrono::milliseconds wait) {
          ++m_out.retries;
          if (m_options.on_note) {
            m_options.on_note(fmt::format("Twilio: {}; retrying in {} ms", page.error().describe(), wait.count()));
          }
        });
  }

  twilio::Client& m_client;
  const CollectOptions& m_options;
  Collected& m_out;
  std::unordered_set<std::string> m_sids;
};

}  // namespace

twilio::Result<Collected> collect_window(twilio::Client& client, const CollectOptions& options) {
  const auto days = utc_days(options.window);
  // One address's queries: DateSent by day, then the undated query.
  auto family = [&](const std::string& key, const std::string& address) -> twilio::Result<Collected> {
    Collected out;
    Reader reader(client, options, out);
    for (const auto& day : days) {
      twilio::MessageQuery q;
      (key == "To" ? q.to : q.from) = address;
      q.date_sent = day;
      q.page_size = options.page_size;
      if (auto r = reader.run(q, fmt::format("{}={} DateSent={}", key, address, day), false); !r) {
        return unexpected(r.error());
      }
    }
    twilio::MessageQuery undated;
    (key == "To" ? undated.to : undated.from) = address;
    undated.page_size = options.page_size;
    if (auto r = reader.run(undated, fmt::format("{}={} (no DateSent: finds messages never sent)", key, address),
                            true);
        !r) {
      return unexpected(r.error());
    }
    return out;
  };
  // The two addresses side by side (two requests in flight at most: far below Twilio's
  // concurrency limit), merged and deduplicated afterwards.
  std::future<twilio::Result<Collected>> from_sender;
  if (!options.sender.empty()) {
    from_sender = std::async(std::launch::async, family, std::string("From"), options.sender);
  }
  auto out = family("To", options.staff);
  if (from_sender.valid()) {
    auto other = from_sender.get();
    if (out && !other) {
      return unexpected(other.error());
    }
    if (out) {
      std::unordered_set<std::string> sids;
      for (const auto& m : out->messages) {
        sids.insert(m.sid);
      }
      for (auto& m : other->messages) {
        if (sids.insert(m.sid).second) {
          out->messages.push_back(std::move(m));
        } else {
          ++out->duplicates;
        }
      }
      out->listed += other->listed;
      out->duplicates += other->duplicates;
      out->outside_window += other->outside_window;
      out->pages += other->pages;
      out->retries += other->retries;
      out->queries.insert(out->queries.end(), other->queries.begin(), other->queries.end());
    }
  }
  if (!out) {
    return out;
  }
  for (const auto& m : out->messages) {
    out->without_date_sent += m.date_sent ? 0 : 1;  // no DateSent query can return these
  }
  std::stable_sort(out->messages.begin(), out->messages.end(), [](const auto& a, const auto& b) {
    return a.date_created.value_or(Timestamp{}) > b.date_created.value_or(Timestamp{});
  });
  return out;
}

}  // namespace formcheck::monitor
