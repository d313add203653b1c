#include "harness/report/json_writer.hpp"

#include <nlohmann/json.hpp>

#include "harness/report/clean_text.hpp"
#include "harness/report/time_format.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::report {
namespace {

using json = nlohmann::ordered_json;  // keys in the order written, for people reading it too

// Every case string: secrets out, then terminal controls (ESC, CR, NUL, C1) a site or
// Twilio sent: JSON would only escape them, and a reader printing a message would replay them.
std::string clean(std::string_view raw) { return terminal_safe(redact(raw)); }

json properties_json(const std::vector<std::pair<std::string, std::string>>& raw) {
  json properties = json::object();
  for (const auto& [raw_key, value] : raw) {
    const std::string key = clean(raw_key);
    std::string unique = key;
    for (size_t n = 2; properties.contains(unique); ++n) {
      unique = key + " (" + std::to_string(n) + ")";
    }
    properties[unique] = clean(value);
  }
  return properties;
}

json timeline_json(const std::vector<results::TimelineEntry>& raw) {
  json timeline = json::array();
  for (const auto& entry : raw) {
    timeline.push_back({{"at_ms", entry.at.count()}, {"text", clean(entry.text)}});
  }
  return timeline;
}

json attempts_json(const std::vector<results::Attempt>& attempts) {
  json list = json::array();
  for (const auto& a : attempts) {
    list.push_back({{"attempt", a.number},
                    {"outcome", json_outcome(a.outcome)},
                    {"message", clean(a.message)},
                    {"detail", clean(a.detail)},
                    {"duration_ms", a.duration.count()},
                    {"properties", properties_json(a.properties)},
                    {"timeline", timeline_json(a.timeline)},
                    {"attachment", clean(a.attachment)}});
  }
  return list;
}

json case_json(const results::CaseResult& c) {
  json properties = properties_json(c.properties);
  json timeline = timeline_json(c.timeline);
  return {{"suite", clean(c.suite)},
          {"target", clean(c.target)},
          {"name", clean(c.name)},
          {"file", clean(c.file)},
          {"outcome", json_outcome(c.outcome)},
          {"message", clean(c.message)},
          {"detail", clean(c.detail)},
          {"duration_ms", c.duration.count()},
          {"properties", std::move(properties)},
          {"timeline", std::move(timeline)},
          {"flaky", c.flaky},
          {"attachment", clean(c.attachment)},
          {"attempt", c.attempt},
          {"attempts", attempts_json(c.attempts)}};
}

}  // namespace

std::string_view json_outcome(results::Outcome outcome) {
  switch (outcome) {
    case results::Outcome::passed:
      return "passed";
    case results::Outcome::failed:
      return "failed";
    case results::Outcome::error:
      return "error";
    case results::Outcome::skipped:
      return "skipped";
    case results::Outcome::not_run:
      return "not_run";
  }
  return "not_run";
}

std::string render_json(const std::vector<results::CaseResult>& cases, const JsonMeta& meta) {
  const auto summary = results::summarise(cases);
  std::chrono::milliseconds duration = meta.total_time;
  if (duration.count() <= 0) {
    duration = std::chrono::milliseconds{0};
    for (const auto& c : cases) {
      duration += c.duration;
    }
  }
  json doc = {{"formcheck_version", FORMCHECK_VERSION},
              {"run_id", redact(meta.run_id)},
              {"started_at", iso8601_utc(meta.started_at)},
              {"interrupted", meta.interrupted},
              {"duration_ms", duration.count()},
              {"summary",
               {{"passed", summary.passed},
                {"failed", summary.failed},
                {"errors", summary.errors},
                {"skipped", summary.skipped},
                {"not_run", summary.not_run},
                {"total", summary.total()},
                {"flaky", summary.flaky}}}};
  json list = json::array();
  for (const auto& c : cases) {
    list.push_back(case_json(c));
  }
  doc["cases"] = std::move(list);
  // Sites can answer with anything: invalid UTF-8 must become U+FFFD, never an exception.
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

WriteResult write_json(const std::filesystem::path& path, const std::vector<results::CaseResult>& cases,
                       const JsonMeta& meta) {
  return write_file_atomically(path, render_json(cases, meta));
}

}  // namespace formcheck::report
