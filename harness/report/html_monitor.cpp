#include "harness/report/html_monitor.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ctime>

#include "harness/report/html_chart.hpp"
#include "harness/report/html_page.hpp"
#include "harness/report/html_text.hpp"

namespace formcheck::report {
namespace {

using Clock = std::chrono::system_clock;

// "2024-05-01 14:00" (UTC), or only "14:00" when `time_only`.
std::string utc_label(Clock::time_point at, bool time_only = false) {
  const std::time_t seconds = Clock::to_time_t(std::chrono::floor<std::chrono::seconds>(at));
  std::tm f{};
  ::gmtime_r(&seconds, &f);
  return time_only ? fmt::format("{:02}:{:02}", f.tm_hour, f.tm_min)
                   : fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", f.tm_year + 1900, f.tm_mon + 1, f.tm_mday, f.tm_hour,
                                 f.tm_min);
}

std::string optional_seconds(const std::optional<double>& s) { return s ? seconds_label(*s) : std::string("–"); }

std::string x_labels(const Plot& plot, const std::vector<MonitorHour>& hours, double step) {
  std::string out;
  const size_t every = std::max<size_t>(1, (hours.size() + 11) / 12);
  for (size_t i = 0; i < hours.size(); i += every) {
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>", plot.left + step * (i + 0.5),
                       plot.height - 12, utc_label(hours[i].start, true));
  }
  return out + "\n";
}

std::string hourly_bars(const MonitorPage& page) {
  const Plot plot;
  const auto& hours = page.hours;
  size_t top = 1;
  for (const auto& h : hours) {
    top = std::max(top, h.delivered + h.failed + h.pending);
  }
  const double step = plot.inner_width() / static_cast<double>(std::max<size_t>(hours.size(), 1));
  const auto height_of = [&](size_t n) { return plot.inner_height() * static_cast<double>(n) / static_cast<double>(top); };
  std::string out = svg_open(plot, "hourly-chart", "Messages to staff per hour: delivered, failed, pending");
  if (page.burst) {
    size_t first = hours.size(), last = 0;
    for (size_t i = 0; i < hours.size(); ++i) {
      const auto end = hours[i].start + std::chrono::hours(1);
      if (end > page.burst->first && hours[i].start <= page.burst->second) {
        first = std::min(first, i);
        last = i;
      }
    }
    if (first < hours.size()) {
      // The label goes outside the shaded stretch, on whichever side has room.
      const bool right_half = step * first > plot.inner_width() / 2;
      out += fmt::format(
          "<g class=\"burst\"><title>failure burst: {} failure(s) of {} message(s), {} to {} UTC</title>"
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#ffebe9\" stroke=\"#cf222e\" "
          "stroke-dasharray=\"4 3\"/><text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\" style=\"fill:#cf222e\">"
          "failure burst</text></g>\n",
          page.burst_failures, page.burst_messages, utc_label(page.burst->first), utc_label(page.burst->second, true),
          plot.left + step * first, plot.top, step * (last - first + 1), plot.inner_height(),
          right_half ? plot.left + step * first - 4 : plot.left + step * (last + 1) + 4, plot.top + 11,
          right_half ? "end" : "start");
    }
  }
  out += y_axis(plot, static_cast<double>(top), "");
  const double bar = std::max(step * 0.7, 1.0);
  for (size_t i = 0; i < hours.size(); ++i) {
    const auto& h = hours[i];
    const double x = plot.left + step * i + (step - bar) / 2;
    double y = plot.top + plot.inner_height();
    out += fmt::format("<g class=\"hour\"><title>{} UTC: {} delivered, {} failed, {} pending ({} test)</title>",
                       utc_label(h.start), h.delivered, h.failed, h.pending, h.tests);
    for (const auto& [n, colour] : {std::pair{h.delivered, "#2da44e"}, std::pair{h.failed, "#cf222e"},
                                    std::pair{h.pending, "#8c959f"}}) {
      if (n == 0) {
        continue;
      }
      const double height = height_of(n);
      y -= height;
      out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>", x, y, bar,
                         height, colour);
    }
    out += "</g>\n";
  }
  out += x_labels(plot, hours, step) + "</svg>\n";
  return out;
}

std::string latency_over_time(const MonitorPage& page) {
  const Plot plot;
  const auto& hours = page.hours;
  double top = std::max(page.latency_budget_s * 1.15, 1.0);
  for (const auto& h : hours) {
    top = std::max(top, h.max.value_or(0) * 1.1);
  }
  const double step = plot.inner_width() / static_cast<double>(std::max<size_t>(hours.size(), 1));
  const auto y_of = [&](double s) { return plot.top + plot.inner_height() * (1.0 - std::clamp(s / top, 0.0, 1.0)); };
  std::string out = svg_open(plot, "latency-over-time", "Delivery latency per hour: p50, p95 and max");
  out += y_axis(plot, top, "s");
  const double budget_y = y_of(page.latency_budget_s);
  out += fmt::format(
      "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#cf222e\" stroke-dasharray=\"6 4\"/>"
      "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" style=\"fill:#cf222e\">budget {}</text>\n",
      plot.left, budget_y, plot.width - plot.right, budget_y, plot.width - plot.right, budget_y - 4,
      seconds_label(page.latency_budget_s));
  const std::vector<std::tuple<std::optional<double> MonitorHour::*, const char*, const char*>> series = {
      {&MonitorHour::max, "#cf222e", "max"}, {&MonitorHour::p95, "#bf8700", "p95"}, {&MonitorHour::p50, "#0969da", "p50"}};
  for (const auto& [member, colour, name] : series) {
    std::string points;
    for (size_t i = 0; i < hours.size(); ++i) {
      if (const auto& v = hours[i].*member; v) {
        points += fmt::format("{:.1f},{:.1f} ", plot.left + step * (i + 0.5), y_of(*v));
      }
    }
    if (!points.empty()) {
      out += fmt::format("<polyline class=\"{}\" points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>\n", name,
                         points, colour);
    }
  }
  double legend_x = plot.left + 8;
  for (const auto& [member, colour, name] : series) {
    (void)member;
    out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"10\" height=\"3\" fill=\"{}\"/><text x=\"{:.1f}\" "
                       "y=\"{:.1f}\">{}</text>",
                       legend_x, plot.top + 4, colour, legend_x + 14, plot.top + 8, name);
    legend_x += 56;
  }
  out += x_labels(plot, hours, step) + "</svg>\n";
  return out;
}

std::string counts_row(const char* who, const MonitorCounts& c) {
  return fmt::format("<tr><th>{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
                     "<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                     who, c.messages, c.delivered, c.failed, c.pending, html_text(c.rate));
}

std::string failures_table(const MonitorPage& page) {
  if (page.failures.empty()) {
    return "<p>No failed message in the window.</p>\n";
  }
  std::string out = "<table class=\"failures\"><tr><th>error code</th><th>count</th><th>guests</th><th>tests</th>"
                    "<th>diagnosis</th><th>SIDs</th></tr>\n";
  for (const auto& f : page.failures) {
    std::string sids;
    for (size_t i = 0; i < f.sids.size() && i < 5; ++i) {
      sids += (i == 0 ? "" : ", ") + html_text(f.sids[i]);
    }
    if (f.sids.size() > 5) {
      sids += fmt::format(" … ({} in all)", f.sids.size());
    }
    out += fmt::format("<tr><td><b>{}</b></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}"
                       "</td><td>{}</td><td>{}</td></tr>\n",
                       html_text(f.code), f.count, f.guests, f.tests, html_text(f.diagnosis), sids);
  }
  return out + "</table>\n";
}

}  // namespace

std::string render_monitor_html(const std::vector<results::CaseResult>& cases, const MonitorPage& page,
                                const HtmlRunMeta& meta) {
  std::string body = html_verdict_header(cases, meta);
  body += fmt::format("<main>\n<p>Messages to staff <b>{}</b> from <b>{}</b> (expected sender), {} to {} UTC.</p>\n",
                      html_text(page.staff), html_text(page.expected_sender), utc_label(page.since),
                      utc_label(page.until));
  body += html_problem_cases(cases, meta.base_dir);
  if (!page.error.empty()) {
    body += "<section id=\"log\"><h2>The Twilio log</h2><p class=\"msg\">" + html_text(page.error) + "</p></section>\n";
  } else {
    body += "<section id=\"hourly\"><h2>Messages per hour</h2>\n<p class=\"muted\">Delivered (green), failed (red) "
            "and still pending (grey) messages to staff by the hour they were created, in UTC";
    body += page.burst ? "; the shaded stretch is the densest failure window." : ".";
    body += "</p>\n<figure>" + hourly_bars(page) + "</figure></section>\n";
    body += fmt::format("<section id=\"latency\"><h2>Latency over time</h2>\n<p>Whole window: p50 {}, p95 {}, max {} "
                        "(budget {}).</p>\n<figure>",
                        optional_seconds(page.p50), optional_seconds(page.p95), optional_seconds(page.max),
                        seconds_label(page.latency_budget_s));
    body += latency_over_time(page) + "</figure></section>\n";
    body += "<section id=\"failures\"><h2>Failures by error code</h2>\n" + failures_table(page) + "</section>\n";
    body += "<section id=\"who\"><h2>Guests and test messages</h2>\n<table><tr><th></th><th>messages</th>"
            "<th>delivered</th><th>failed</th><th>pending</th><th>delivery rate</th></tr>\n";
    body += counts_row("guests", page.guests) + counts_row("formcheck test messages", page.tests) + "</table>\n";
    body += page.tests_counted ? "<p class=\"muted\">Test messages count toward the thresholds "
                                 "(monitor.count_test_messages).</p>\n"
                               : "<p class=\"muted\">The thresholds count guests' messages only "
                                 "(monitor.count_test_messages is false).</p>\n";
    body += "</section>\n";
  }
  body += html_all_checks(cases);
  body += fmt::format("<footer>formcheck {} · {} · one self-contained file: nothing here is fetched from the network"
                      "</footer>\n</main>\n",
                      html_text(meta.version), html_text(meta.run.hostname));
  const auto label = verdict_label(meta.exit_code);
  return html_document(html_text(fmt::format("{} {}: {}", meta.title, page.name, label.text)), body);
}

WriteResult write_monitor_html(const std::filesystem::path& path, const std::vector<results::CaseResult>& cases,
                               const MonitorPage& page, const HtmlRunMeta& meta) {
  return write_file_atomically(path, render_monitor_html(cases, page, meta));
}

}  // namespace formcheck::report
