#include "harness/monitor/statistics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "harness/config/whatsapp_address.hpp"
#include "harness/twilio/client.hpp"

namespace formcheck::monitor {
namespace {

using std::chrono::seconds;

void set_error(std::string* error, std::string text) {
  if (error != nullptr) {
    *error = std::move(text);
  }
}

// "90m", "1h", "24h", "7d", "2w" → a duration; nullopt otherwise.
std::optional<seconds> parse_duration(std::string_view text) {
  if (text.size() < 2) {
    return std::nullopt;
  }
  long value = 0;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) == 0 || value > 1000000) {
      return std::nullopt;
    }
    value = value * 10 + (text[i] - '0');
  }
  switch (text.back()) {
    case 'm': return seconds(value * 60);
    case 'h': return seconds(value * 3600);
    case 'd': return seconds(value * 86400);
    case 'w': return seconds(value * 7 * 86400);
    default: return std::nullopt;
  }
}

Timestamp time_of(const twilio::Message& m) { return m.date_created.value_or(Timestamp{}); }

}  // namespace

std::optional<Timestamp> parse_since(std::string_view text, Timestamp now, std::string* error) {
  if (const auto duration = parse_duration(text)) {
    if (duration->count() <= 0) {
      set_error(error, fmt::format("'{}' is an empty window", text));
      return std::nullopt;
    }
    return now - *duration;
  }
  if (auto t = twilio::parse_iso8601(text)) {
    return t;
  }
  set_error(error, fmt::format("'{}' is neither a duration (1h, 24h, 7d, 90m) nor a date (2024-03-01 or "
                               "2024-03-01T23:30:00Z)",
                               text));
  return std::nullopt;
}

std::optional<Timestamp> parse_until(std::string_view text, std::string* error) {
  if (auto t = twilio::parse_iso8601(text)) {
    return text.size() == 10 ? *t + seconds(86399) : *t;  // a date means the whole day
  }
  set_error(error, fmt::format("'{}' is not a date (2024-03-01) or date-time (2024-03-01T23:30:00Z)", text));
  return std::nullopt;
}

std::vector<std::string> utc_days(const Window& window) {
  std::vector<std::string> days;
  if (window.until < window.since) {
    return days;
  }
  auto day = std::chrono::floor<std::chrono::days>(window.since);
  const auto last = std::chrono::floor<std::chrono::days>(window.until);
  for (; day <= last; day += std::chrono::days(1)) {
    days.push_back(twilio::format_date(std::chrono::time_point_cast<seconds>(day)));
  }
  return days;
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) {
    return 0;
  }
  const double rank = std::ceil(p / 100.0 * static_cast<double>(sorted.size()));
  const size_t index = rank < 1 ? 0 : std::min(sorted.size() - 1, static_cast<size_t>(rank) - 1);
  return sorted[index];
}

Burst densest_window(const std::vector<Timestamp>& times, seconds width) {
  std::vector<size_t> order(times.size());
  for (size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return times[a] < times[b]; });
  Burst best;
  size_t begin = 0;
  for (size_t end = 0; end < order.size(); ++end) {
    while (times[order[end]] - times[order[begin]] >= width) {
      ++begin;  // half-open: an event exactly `width` later starts a new window
    }
    const size_t count = end - begin + 1;
    if (count > best.count) {
      best.count = count;
      best.first = times[order[begin]];
      best.last = times[order[end]];
      best.indices.assign(order.begin() + static_cast<long>(begin), order.begin() + static_cast<long>(end) + 1);
    }
  }
  return best;
}

bool is_test_message(std::string_view body, std::string_view marker) {
  if (marker.empty()) {
    return false;
  }
  const std::string needle = fmt::format("[{} fc-", marker);
  return body.find(needle) != std::string_view::npos;
}

Fate fate_of(std::string_view status, std::string_view expected_status) {
  if (twilio::is_delivered_or_read(status) || (expected_status == "sent" && status == "sent")) {
    return Fate::delivered;
  }
  if (twilio::is_final_failure(status)) {
    return Fate::failed;
  }
  return Fate::pending;
}

std::optional<double> Counts::delivery_rate() const {
  if (finished() == 0) {
    return std::nullopt;
  }
  return 100.0 * static_cast<double>(delivered) / static_cast<double>(finished());
}

std::string Counts::rate_text() const {
  if (finished() == 0) {
    return "n/a";
  }
  const size_t basis_points = delivered * 10000 / finished();
  return fmt::format("{}.{:02}%", basis_points / 100, basis_points % 100);
}

std::vector<ErrorGroup> group_failures(const std::vector<const twilio::Message*>& failed, std::string_view marker) {
  std::vector<const twilio::Message*> ordered = failed;
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto* a, const auto* b) { return time_of(*a) < time_of(*b); });
  std::map<int, ErrorGroup> by_code;
  for (const auto* m : ordered) {
    auto& g = by_code[m->error_code.value_or(0)];
    g.code = m->error_code.value_or(0);
    ++g.count;
    (is_test_message(m->body, marker) ? g.tests : g.real) += 1;
    g.sids.push_back(m->sid);
    ++g.statuses[m->status];
    ++g.senders[m->from];
  }
  std::vector<ErrorGroup> groups;
  for (auto& [code, g] : by_code) {
    groups.push_back(std::move(g));
  }
  std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
  return groups;
}

Latency latency_of(const std::vector<const twilio::Message*>& delivered, double budget_s) {
  Latency l;
  std::vector<double> values;
  for (const auto* m : delivered) {
    if (m->status != "delivered" || !m->date_created || !m->date_updated) {
      continue;  // a read message's date_updated is the read receipt
    }
    const double s = static_cast<double>((*m->date_updated - *m->date_created).count());
    values.push_back(s);
    if (l.slowest_sid.empty() || s > l.max) {
      l.max = s;
      l.slowest_sid = m->sid;
    }
    if (s > budget_s) {
      l.over_budget.emplace_back(m->sid, s);
    }
  }
  std::sort(values.begin(), values.end());
  std::stable_sort(l.over_budget.begin(), l.over_budget.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  l.count = values.size();
  l.p50 = percentile(values, 50);
  l.p95 = percentile(values, 95);
  l.max = values.empty() ? 0 : values.back();
  return l;
}

Analysis analyse(const std::vector<twilio::Message>& messages, const AnalysisInput& in) {
  Analysis a;
  a.window = in.window;
  std::vector<const twilio::Message*> failed;
  std::vector<const twilio::Message*> delivered;
  std::vector<const twilio::Message*> judged;
  std::map<std::string, SenderGroup> senders;
  std::set<std::string> seen;
  for (const auto& m : messages) {
    if (!seen.insert(m.sid).second) {
      continue;  // listed twice (two queries): counted once
    }
    if (m.direction == "inbound") {
      ++a.inbound;
      continue;
    }
    if (!m.date_created || !in.window.contains(*m.date_created)) {
      ++a.outside_window;
      continue;
    }
    const bool test = is_test_message(m.body, in.marker);
    const Fate fate = fate_of(m.status, in.expected_status);
    auto count_into = [&](Counts& c) {
      ++c.messages;
      c.delivered += fate == Fate::delivered ? 1 : 0;
      c.read += fate == Fate::delivered && m.status == "read" ? 1 : 0;
      c.failed += fate == Fate::failed ? 1 : 0;
      c.pending += fate == Fate::pending ? 1 : 0;
    };
    if (m.to != in.staff) {
      if (!in.expected_sender.empty() && m.from == in.expected_sender) {
        count_into(a.other_recipients[m.to]);
      }
      continue;
    }
    count_into(test ? a.tests : a.real);
    const bool sandbox = m.from == config::kSandboxNumber;
    const bool unexpected = in.expected_sender.empty() ? (sandbox && in.forbid_sandbox)
                                                       : (m.from != in.expected_sender);
    if (unexpected) {
      auto& g = senders[m.from];
      g.from = m.from;
      g.sandbox = sandbox;
      ++g.count;
      g.tests += test ? 1 : 0;
      g.sids.push_back(m.sid);
    }
    if (test && !in.count_test_messages) {
      continue;
    }
    count_into(a.judged);
    judged.push_back(&m);
    if (fate == Fate::failed) {
      failed.push_back(&m);
    } else if (fate == Fate::delivered) {
      delivered.push_back(&m);
    }
  }
  a.failures = group_failures(failed, in.marker);
  a.latency = latency_of(delivered, in.latency_budget_s);
  std::vector<Timestamp> failure_times;
  for (const auto* m : failed) {
    failure_times.push_back(time_of(*m));
  }
  a.failure_burst = densest_window(failure_times, in.failure_window);
  for (const auto i : a.failure_burst.indices) {
    a.burst_sids.push_back(failed[i]->sid);
  }
  if (a.failure_burst.count > 0) {
    const auto end = a.failure_burst.first + in.failure_window;
    for (const auto* m : judged) {
      a.burst_messages += time_of(*m) >= a.failure_burst.first && time_of(*m) < end ? 1 : 0;
    }
  }
  for (auto& [from, g] : senders) {
    a.unexpected_senders.push_back(std::move(g));
  }
  std::stable_sort(a.unexpected_senders.begin(), a.unexpected_senders.end(), [](const auto& x, const auto& y) {
    return x.sandbox != y.sandbox ? x.sandbox : x.count > y.count;  // the sandbox first
  });
  return a;
}

}  // namespace formcheck::monitor
