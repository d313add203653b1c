#include "harness/report/json_writer.hpp"

#include <nlohmann/json.hpp>

#include "harness/report/time_format.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::report {
namespace {

using json = nlohmann::ordered_json;  // keys in the order written, for people reading it too

json case_json(const run::CaseResult& c) {
  json properties = json::object();
  for (const auto& [raw_key, value] : c.properties) {
    const std::string key = redact(raw_key);
    std::string unique = key;
    for (size_t n = 2; properties.contains(unique); ++n) {
      unique = key + " (" + std::to_string(n) + ")";
    }
    properties[unique] = redact(value);
  }
  json timeline = json::array();
  for (const auto& entry : c.timeline) {
    timeline.push_back({{"at_ms", entry.at.count()}, {"text", redact(entry.text)}});
  }
  return {{"suite", redact(c.suite)},
          {"target", redact(c.target)},
          {"name", redact(c.name)},
          {"file", redact(c.file)},
          {"outcome", json_outcome(c.outcome)},
          {"message", redact(c.message)},
          {"detail", redact(c.detail)},
          {"duration_ms", c.duration.count()},
          {"properties", std::move(properties)},
          {"timeline", std::move(timeline)},
          {"flaky", c.flaky},
          {"attachment", redact(c.attachment)}};
}

}  // namespace

std::string_view json_outcome(run::Outcome outcome) {
  switch (outcome) {
    case run::Outcome::passed:
      return "passed";
    case run::Outcome::failed:
      return "failed";
    case run::Outcome::error:
      return "error";
    case run::Outcome::skipped:
      return "skipped";
    case run::Outcome::not_run:
      return "not_run";
  }
  return "not_run";
}

std::string render_json(const std::vector<run::CaseResult>& cases, const JsonMeta& meta) {
  const auto summary = run::summarise(cases);
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
                {"total", summary.total()}}}};
  json list = json::array();
  for (const auto& c : cases) {
    list.push_back(case_json(c));
  }
  doc["cases"] = std::move(list);
  // Sites can answer with anything: invalid UTF-8 must become U+FFFD, never an exception.
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

WriteResult write_json(const std::filesystem::path& path, const std::vector<run::CaseResult>& cases,
                       const JsonMeta& meta) {
  return write_file_atomically(path, render_json(cases, meta));
}

}  // namespace formcheck::report
