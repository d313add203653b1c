#pragma once
// The run as JSON, for machines (dashboards, the HTML report, scripts):
// {"formcheck_version", "run_id", "started_at" (ISO 8601, UTC, "Z"), "interrupted", "duration_ms",
//  "summary": {passed, failed, errors, skipped, not_run, total, flaky (of the passed)},
//  "cases": [{suite, target, name, file, outcome (passed|failed|error|skipped|not_run), message,
//             detail, duration_ms, properties: {key: value}, timeline: [{at_ms, text}], flaky,
//             attachment, attempt (whose verdict the case carries, 1 = the first run),
//             attempts: [{attempt, outcome, message, detail, duration_ms, properties, timeline,
//                         attachment}] (every attempt in order when the suite was retried, else [])}]}
// Every string is redacted; invalid UTF-8 becomes U+FFFD. A property key that repeats keeps
// its first value under the key and the others under "key (2)", "key (3)", ….
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "harness/report/atomic_write.hpp"
#include "harness/report/run_meta.hpp"
#include "harness/results/verdict.hpp"

namespace formcheck::report {

// "passed", "failed", "error", "skipped", "not_run": the JSON report's outcome names.
std::string_view json_outcome(results::Outcome outcome);

std::string render_json(const std::vector<results::CaseResult>& cases, const JsonMeta& meta);

// render_json() written atomically to `path` (parent directories created).
WriteResult write_json(const std::filesystem::path& path, const std::vector<results::CaseResult>& cases,
                       const JsonMeta& meta);

}  // namespace formcheck::report
