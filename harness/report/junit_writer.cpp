#include "harness/report/junit_writer.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <sstream>

#include "harness/report/case_groups.hpp"
#include "harness/report/clean_text.hpp"
#include "harness/report/time_format.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::report {
namespace {

constexpr size_t kMessageChars = 500;

// Every string bound for the document passes here: secrets out first, then what XML forbids,
// then terminal controls XML allows (CR, C1's CSI), which `cat` of the file would replay.
std::string text(std::string_view raw) {
  return terminal_safe(xml_safe(redact(raw)));
}
std::string message_text(std::string_view raw) {
  return one_line(text(raw), kMessageChars);
}

void set(pugi::xml_node node, const char* name, const std::string& value) {
  node.append_attribute(name).set_value(value.c_str());
}

void add_property(pugi::xml_node properties, const std::string& name, const std::string& value) {
  auto property = properties.append_child("property");
  set(property, "name", name);
  set(property, "value", value);
}

// Appends `value` so each of its lines stays readable: continuation lines are indented.
void append_block(std::string& out, std::string_view prefix, std::string_view value) {
  out += prefix;
  for (char c : value) {
    if (c == '\r') {
      continue;
    }
    out.push_back(c);
    if (c == '\n') {
      out += "    ";
    }
  }
  out.push_back('\n');
}

// Timeline lines, a blank line, then "key: value" evidence lines.
void append_evidence(std::string& out, const std::vector<results::TimelineEntry>& timeline,
                     const std::vector<std::pair<std::string, std::string>>& properties) {
  for (const auto& entry : timeline) {
    append_block(out, "+" + format_seconds(entry.at) + "s ", text(entry.text));
  }
  if (!properties.empty() && !out.empty()) {
    out.push_back('\n');
  }
  for (const auto& [key, value] : properties) {
    append_block(out, text(key) + ": ", text(value));
    if (key == "screenshot") {
      // The attachments convention of Jenkins' JUnit plugin (and GitLab's): a file to show
      // beside the case.
      append_block(out, "", "[[ATTACHMENT|" + text(value) + "]]");
    }
  }
}

// "attempt 2 of 3 (1 failed, 2 passed, 3 not run)" for a retried case, else "".
std::string attempts_line(const results::CaseResult& c) {
  if (c.attempts.size() < 2) {
    return {};
  }
  std::string each;
  for (const auto& a : c.attempts) {
    each += fmt::format("{}{} {}", each.empty() ? "" : ", ", a.number, results::to_string(a.outcome));
  }
  return fmt::format("attempt {} of {} decided this verdict ({}){}", c.attempt, c.attempts.size(), each,
                     c.flaky ? "; flaky: it failed before it passed" : "");
}

std::string system_out(const results::CaseResult& c, const std::string& suite_file) {
  std::string out;
  if (!c.file.empty() && c.file != suite_file) {
    append_block(out, "file: ", text(c.file));
  }
  if (const auto line = attempts_line(c); !line.empty()) {
    append_block(out, "", line);
  }
  append_evidence(out, c.timeline, c.properties);
  return out;
}

// Each other attempt that failed or errored, as Surefire writes reruns: <flakyFailure>/
// <flakyError> beside a pass, <rerunFailure>/<rerunError> after the <failure>/<error>, with
// that attempt's own message, detail (stackTrace), evidence (system-out) and target output.
void add_other_attempts(pugi::xml_node testcase, const results::CaseResult& c) {
  const bool passed = c.outcome == results::Outcome::passed;
  for (const auto& a : c.attempts) {
    if (a.number == c.attempt || (a.outcome != results::Outcome::failed && a.outcome != results::Outcome::error)) {
      continue;
    }
    const bool failed = a.outcome == results::Outcome::failed;
    const char* name = passed ? (failed ? "flakyFailure" : "flakyError") : (failed ? "rerunFailure" : "rerunError");
    auto element = testcase.append_child(name);
    set(element, "type", failed ? "AssertionFailure" : "InfrastructureError");
    set(element, "message", message_text(a.message));
    const std::string& body = a.detail.empty() ? a.message : a.detail;
    element.append_child("stackTrace").text().set(text(body).c_str());
    std::string out;
    append_block(out, "", fmt::format("attempt {} of {}: {}", a.number, c.attempts.size(), results::to_string(a.outcome)));
    append_evidence(out, a.timeline, a.properties);
    element.append_child("system-out").text().set(out.c_str());
    if (!a.attachment.empty()) {
      element.append_child("system-err").text().set(text(a.attachment).c_str());
    }
  }
}

std::string not_run_message(const results::CaseResult& c, bool interrupted) {
  if (!c.message.empty()) {
    return "not run: " + c.message;
  }
  return interrupted ? "not run: interrupted" : "not run";
}

void add_outcome(pugi::xml_node testcase, const results::CaseResult& c, bool interrupted) {
  const std::string& body = c.detail.empty() ? c.message : c.detail;
  switch (c.outcome) {
    case results::Outcome::passed:
      if (c.flaky && c.attempts.empty()) {
        // Flagged flaky without the attempts (a result built elsewhere): still say so.
        auto flaky = testcase.append_child("flakyFailure");
        set(flaky, "type", "Flaky");
        set(flaky, "message", "passed on retry");
      }
      add_other_attempts(testcase, c);
      return;
    case results::Outcome::failed:
    case results::Outcome::error: {
      const bool failed = c.outcome == results::Outcome::failed;
      auto element = testcase.append_child(failed ? "failure" : "error");
      set(element, "type", failed ? "AssertionFailure" : "InfrastructureError");
      set(element, "message", message_text(c.message));
      element.text().set(text(body).c_str());
      add_other_attempts(testcase, c);
      return;
    }
    case results::Outcome::skipped: {
      auto skipped = testcase.append_child("skipped");
      if (!c.message.empty()) {
        set(skipped, "message", message_text(c.message));
      }
      return;
    }
    case results::Outcome::not_run:
      set(testcase.append_child("skipped"), "message", message_text(not_run_message(c, interrupted)));
      return;
  }
}

std::chrono::milliseconds total_duration(const std::vector<results::CaseResult>& cases,
                                         const std::vector<size_t>& indices) {
  std::chrono::milliseconds sum{0};
  for (size_t i : indices) {
    if (cases[i].duration.count() > 0) {
      sum += cases[i].duration;
    }
  }
  return sum;
}

}  // namespace

std::string render_junit(const std::vector<results::CaseResult>& cases, const JunitMeta& meta) {
  const auto groups = group_by_suite_and_target(cases);

  std::vector<std::pair<std::string, std::string>> keys;
  keys.reserve(cases.size());
  for (const auto& c : cases) {
    keys.emplace_back(text("formcheck." + c.suite + "." + c.target), text(c.name));
  }
  const auto names = unique_names(keys);

  pugi::xml_document doc;
  auto declaration = doc.append_child(pugi::node_declaration);
  set(declaration, "version", "1.0");
  set(declaration, "encoding", "UTF-8");

  const auto summary = results::summarise(cases);
  std::vector<size_t> all(cases.size());
  for (size_t i = 0; i < all.size(); ++i) {
    all[i] = i;
  }
  auto root = doc.append_child("testsuites");
  set(root, "name", "formcheck");
  set(root, "tests", std::to_string(summary.total()));
  set(root, "failures", std::to_string(summary.failed));
  set(root, "errors", std::to_string(summary.errors));
  set(root, "time",
      format_seconds(meta.total_time.count() > 0 ? meta.total_time : total_duration(cases, all)));

  const std::string timestamp = junit_timestamp(meta.started_at);
  const std::string hostname = meta.hostname.empty() ? std::string("localhost") : text(meta.hostname);
  for (size_t g = 0; g < groups.size(); ++g) {
    const auto& group = groups[g];
    std::string suite_file;
    for (size_t i : group.indices) {
      if (!cases[i].file.empty()) {
        suite_file = cases[i].file;
        break;
      }
    }
    auto suite = root.append_child("testsuite");
    set(suite, "name", text(group.suite + "." + group.target));
    set(suite, "tests", std::to_string(group.summary.total()));
    set(suite, "failures", std::to_string(group.summary.failed));
    set(suite, "errors", std::to_string(group.summary.errors));
    set(suite, "skipped", std::to_string(group.summary.skipped + group.summary.not_run));
    set(suite, "time", format_seconds(total_duration(cases, group.indices)));
    set(suite, "timestamp", timestamp);
    set(suite, "hostname", hostname);
    set(suite, "id", std::to_string(g));
    set(suite, "package", "formcheck");
    if (!suite_file.empty()) {
      set(suite, "file", text(suite_file));
    }
    auto properties = suite.append_child("properties");
    add_property(properties, "suite", text(group.suite));
    add_property(properties, "target", text(group.target));
    add_property(properties, "run_id", text(meta.run_id));
    if (meta.interrupted) {
      add_property(properties, "interrupted", "true");
    }

    for (size_t i : group.indices) {
      const auto& c = cases[i];
      auto testcase = suite.append_child("testcase");
      set(testcase, "classname", keys[i].first);
      set(testcase, "name", names[i]);
      set(testcase, "time", format_seconds(c.duration));
      add_outcome(testcase, c, meta.interrupted);
      if (auto out = system_out(c, suite_file); !out.empty()) {
        testcase.append_child("system-out").text().set(out.c_str());
      }
      if (!c.attachment.empty()) {
        testcase.append_child("system-err").text().set(text(c.attachment).c_str());
      }
    }
  }

  std::ostringstream stream;
  doc.save(stream, "  ", pugi::format_default, pugi::encoding_utf8);
  return stream.str();
}

WriteResult write_junit(const std::filesystem::path& path, const std::vector<results::CaseResult>& cases,
                        const JunitMeta& meta) {
  return write_file_atomically(path, render_junit(cases, meta));
}

}  // namespace formcheck::report
