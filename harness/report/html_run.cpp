#include "harness/report/html_run.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "harness/report/case_groups.hpp"
#include "harness/report/html_chart.hpp"
#include "harness/report/html_page.hpp"
#include "harness/report/html_submissions.hpp"
#include "harness/report/html_text.hpp"
#include "harness/report/time_format.hpp"

namespace formcheck::report {
namespace {

using results::CaseResult;
using results::Outcome;
using Properties = std::vector<std::pair<std::string, std::string>>;

constexpr size_t kOutputChars = 6000;  // target output shown per case (its tail is in the JUnit report)

std::string outcome_css(Outcome o) { return std::string(verdict_class(results::to_string(o))); }

std::string badge(const CaseResult& c) {
  std::string out = fmt::format("<span class=\"o o-{}\">{}</span>", outcome_css(c.outcome), results::to_string(c.outcome));
  if (c.flaky) {
    out += " <span class=\"o o-flaky\">flaky</span>";
  }
  return out;
}

std::string case_title(const CaseResult& c) {
  return fmt::format("{}.{} <b>{}</b>", html_text(c.suite), html_text(c.target), html_text(c.name));
}

bool is_screenshot(const std::string& key) { return key.rfind("screenshot", 0) == 0; }

// Evidence in the order a reader wants it, labelled in words; the rest after, as named.
std::string evidence_list(const Properties& properties) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kLabels = {
      {"message_sid", "message SID"}, {"status", "Twilio status"},
      {"error_code", "Twilio error"}, {"from", "from"},
      {"to", "to"},                   {"body", "body"},
      {"http_status", "site answered HTTP"}, {"response_ms", "site answered in (ms)"},
      {"latency_ms", "latency (ms)"}, {"latency_poll_bound_ms", "poll bound (ms)"},
      {"token", "token"},             {"poll_attempts", "polls"}};
  std::string out;
  std::vector<bool> shown(properties.size(), false);
  for (const auto& [key, label] : kLabels) {
    for (size_t i = 0; i < properties.size(); ++i) {
      if (!shown[i] && properties[i].first == key) {
        out += fmt::format("<dt>{}</dt><dd>{}</dd>", html_text(label), html_text(properties[i].second));
        shown[i] = true;
      }
    }
  }
  for (size_t i = 0; i < properties.size(); ++i) {
    const auto& key = properties[i].first;
    if (!shown[i] && key != "fix" && !is_screenshot(key)) {
      out += fmt::format("<dt>{}</dt><dd>{}</dd>", html_text(key), html_text(properties[i].second));
    }
  }
  return out.empty() ? std::string() : "<dl class=\"evidence\">" + out + "</dl>\n";
}

std::string timeline_list(const std::vector<results::TimelineEntry>& timeline) {
  if (timeline.empty()) {
    return {};
  }
  std::string out = "<ol class=\"timeline\">";
  for (const auto& entry : timeline) {
    out += fmt::format("<li><span class=\"t\">+{} s</span>{}</li>", format_seconds(entry.at), html_text(entry.text));
  }
  return out + "</ol>\n";
}

std::string screenshots(const Properties& properties, const std::filesystem::path& base_dir) {
  std::string out;
  for (const auto& [key, value] : properties) {
    if (!is_screenshot(key) || value.find("://") != std::string::npos) {
      continue;  // never a URL: the page must not fetch anything
    }
    std::filesystem::path path(value);
    if (!base_dir.empty() && path.is_absolute()) {
      path = path.lexically_relative(base_dir);
    }
    out += fmt::format("<figure><img class=\"shot\" src=\"{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>\n",
                       html_text(path.generic_string()), html_text(key), html_text(key));
  }
  return out;
}

std::string output_block(const std::string& attachment) {
  if (attachment.empty()) {
    return {};
  }
  const std::string tail =
      attachment.size() > kOutputChars ? "…" + attachment.substr(attachment.size() - kOutputChars) : attachment;
  return "<details><summary>target output</summary><pre>" + html_text(tail) + "</pre></details>\n";
}

std::string attempts_block(const CaseResult& c, const std::filesystem::path& base_dir) {
  if (c.attempts.size() < 2) {
    return {};
  }
  std::string out = fmt::format("<h3>{} attempts (attempt {} decided)</h3>\n", c.attempts.size(), c.attempt);
  for (const auto& a : c.attempts) {
    out += fmt::format("<details{}><summary>attempt {}: <span class=\"o o-{}\">{}</span> {}</summary>\n",
                       a.number == c.attempt ? "" : " open", a.number, outcome_css(a.outcome),
                       results::to_string(a.outcome), html_line(a.message));
    if (!a.detail.empty() && a.detail != a.message) {
      out += "<pre>" + html_text(a.detail) + "</pre>\n";
    }
    out += timeline_list(a.timeline) + evidence_list(a.properties) + screenshots(a.properties, base_dir) +
           output_block(a.attachment) + "</details>\n";
  }
  return out;
}

// The evidence a reader needs first, on one line: which message, what happened to it, who
// sent it to whom, and what the site answered.
std::string key_evidence(const CaseResult& c) {
  std::string out;
  const auto add = [&](std::string_view label, std::string_view key) {
    if (const auto value = property(c, key); value && !value->empty()) {
      out += fmt::format("{}<span class=\"muted\">{}</span> {}", out.empty() ? "" : " · ", label, html_line(*value, 80));
    }
  };
  add("SID", "message_sid");
  add("status", "status");
  add("error", "error_code");
  add("from", "from");
  add("to", "to");
  add("site answered HTTP", "http_status");
  add("latency ms", "latency_ms");
  return out.empty() ? out : "<p class=\"key\">" + out + "</p>\n";
}

std::string case_article(const CaseResult& c, size_t index, const std::filesystem::path& base_dir) {
  const std::string css = c.flaky && c.outcome == Outcome::passed ? "flaky" : outcome_css(c.outcome);
  std::string out = fmt::format("<article class=\"case {}\" id=\"case-{}\">\n<h3>{} {}</h3>\n", css, index, badge(c),
                                case_title(c));
  if (!c.message.empty()) {
    out += "<p class=\"msg\">" + html_text(c.message) + "</p>\n";
  }
  if (const auto fix = fix_of(c); !fix.empty() && c.outcome != Outcome::passed) {
    out += "<p class=\"fix\"><b>Fix:</b> " + html_text(fix) + "</p>\n";
  }
  out += key_evidence(c) + screenshots(c.properties, base_dir);
  std::string more;
  if (!c.detail.empty() && c.detail != c.message) {
    more += "<pre>" + html_text(c.detail) + "</pre>\n";
  }
  more += timeline_list(c.timeline) + evidence_list(c.properties) + output_block(c.attachment);
  if (!c.file.empty()) {
    more += "<p class=\"muted\">defined in " + html_text(c.file) + "</p>\n";
  }
  if (!more.empty()) {
    out += "<details class=\"evidence\"><summary>evidence, timeline and output</summary>\n" + more + "</details>\n";
  }
  return out + attempts_block(c, base_dir) + "</article>\n";
}

template <typename T>
void add_unique(std::vector<T>& list, const T& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) {
    list.push_back(value);
  }
}

Outcome worst(const results::RunSummary& s) {
  if (s.failed > 0) {
    return Outcome::failed;
  }
  if (s.errors > 0) {
    return Outcome::error;
  }
  if (s.not_run > 0) {
    return Outcome::not_run;
  }
  return s.passed > 0 ? Outcome::passed : Outcome::skipped;
}

std::string grid(const std::vector<CaseGroup>& groups) {
  std::vector<std::string> targets, suites;
  for (const auto& g : groups) {
    add_unique(targets, g.target);
    add_unique(suites, g.suite);
  }
  std::string out = "<table class=\"grid\"><tr><th>target \\ suite</th>";
  for (const auto& s : suites) {
    out += "<th>" + html_text(s) + "</th>";
  }
  out += "</tr>\n";
  for (const auto& t : targets) {
    out += "<tr><th>" + html_text(t) + "</th>";
    for (const auto& s : suites) {
      const auto g = std::find_if(groups.begin(), groups.end(),
                                  [&](const CaseGroup& x) { return x.suite == s && x.target == t; });
      if (g == groups.end()) {
        out += "<td class=\"muted\">—</td>";
        continue;
      }
      const auto& sum = g->summary;
      std::string extra;
      if (sum.failed > 0) {
        extra += fmt::format(", {} failed", sum.failed);
      }
      if (sum.errors > 0) {
        extra += fmt::format(", {} error(s)", sum.errors);
      }
      if (sum.not_run > 0) {
        extra += fmt::format(", {} not run", sum.not_run);
      }
      out += fmt::format("<td class=\"cell-{}\"><a href=\"#g{}\">{}/{} passed</a>{}</td>", outcome_css(worst(sum)),
                         g - groups.begin(), sum.passed, sum.total(), extra);
    }
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

}  // namespace

std::string html_verdict_header(const std::vector<CaseResult>& cases, const HtmlRunMeta& meta) {
  const auto label = verdict_label(meta.exit_code);
  const auto s = results::summarise(cases);
  std::string code = meta.exit_code ? fmt::format(" — exit code {}", *meta.exit_code) : std::string();
  std::string note = meta.exit_code ? std::string()
                                    : " · written when the run started: every check is “not run” until it ends";
  if (meta.run.interrupted) {
    note += " · interrupted: unfinished checks are “not run”";
  }
  return fmt::format(
      "<header class=\"verdict v-{}\"><h1>{}{}</h1>\n<p>{} {} · started {} · {} s · {} check(s): {} passed "
      "({} flaky), {} failed, {} error(s), {} skipped, {} not run{}</p></header>\n",
      label.css, label.text, code, html_text(meta.title), html_text(meta.run.run_id),
      iso8601_utc(meta.run.started_at), format_seconds(meta.run.total_time), s.total(), s.passed, s.flaky, s.failed,
      s.errors, s.skipped, s.not_run, note);
}

std::string html_problem_cases(const std::vector<CaseResult>& cases, const std::filesystem::path& base_dir) {
  std::string failed, flaky;
  size_t failures = 0, flakes = 0;
  for (const auto outcome : {Outcome::failed, Outcome::error}) {
    for (size_t i = 0; i < cases.size(); ++i) {
      if (cases[i].outcome == outcome) {
        failed += case_article(cases[i], i, base_dir);
        ++failures;
      }
    }
  }
  for (size_t i = 0; i < cases.size(); ++i) {
    if (cases[i].outcome == Outcome::passed && cases[i].flaky) {
      flaky += case_article(cases[i], i, base_dir);
      ++flakes;
    }
  }
  std::string out = fmt::format("<section id=\"problems\"><h2>Failures and errors ({})</h2>\n", failures);
  out += failures == 0 ? "<p>None.</p>\n" : failed;
  if (flakes > 0) {
    out += fmt::format("<h2>Passed only on a retry ({})</h2>\n", flakes) + flaky;
  }
  return out + "</section>\n";
}

namespace {

std::string latency_section(const std::vector<Submission>& subs, double budget_s) {
  std::vector<std::string> targets;
  for (const auto& s : subs) {
    add_unique(targets, s.target);
  }
  std::string out = fmt::format(
      "<section id=\"latency\"><h2>Delivery latency against the {} s budget</h2>\n<p class=\"muted\">Each mark is "
      "one submission: the dot is when formcheck saw the expected status, the pale bar below it is the poll bound "
      "(the change happened at most that long before); a red cross is a submission that was never delivered.</p>\n",
      html_text(fmt::format("{}", budget_s)));
  if (targets.empty()) {
    out += "<p>No submission yet.</p>\n";
  }
  for (const auto& t : targets) {
    std::vector<const Submission*> mine;
    for (const auto& s : subs) {
      if (s.target == t) {
        mine.push_back(&s);
      }
    }
    out += fmt::format("<figure data-target=\"{}\" data-submissions=\"{}\"><figcaption><b>{}</b></figcaption>\n",
                       html_text(t), mine.size(), html_text(t));
    out += latency_chart_svg(t, mine, budget_s) + "</figure>\n";
  }
  return out + "</section>\n";
}

std::string check_mark(Outcome o) {
  switch (o) {
    case Outcome::passed:
      return "✓";
    case Outcome::failed:
      return "✗";
    case Outcome::error:
      return "!";
    default:
      return "–";
  }
}

std::string submissions_section(const std::vector<CaseResult>& cases, const std::vector<Submission>& subs) {
  std::string out = "<section id=\"submissions\"><h2>Every submission</h2>\n";
  if (subs.empty()) {
    out += "<p>No submission yet.</p>\n";
  }
  for (const auto& s : subs) {
    const auto& evidence = cases[s.evidence];
    std::string checks;
    bool bad = false;
    for (size_t i : s.checks) {
      checks += fmt::format(" {} {}", check_mark(cases[i].outcome), html_text(cases[i].name));
      bad = bad || cases[i].outcome == Outcome::failed || cases[i].outcome == Outcome::error;
    }
    const std::string latency = s.latency_s ? ", " + seconds_label(*s.latency_s) : std::string();
    out += fmt::format("<details class=\"submission\"{}><summary><b>{}</b> {} — {}{} ·{}</summary>\n", bad ? " open" : "",
                       html_text(s.target), html_text(s.token),
                       html_text(s.status.empty() ? "no message found" : s.status), latency, checks);
    out += timeline_list(evidence.timeline) + "</details>\n";
  }
  return out + "</section>\n";
}

}  // namespace

std::string html_all_checks(const std::vector<CaseResult>& cases) {
  const auto groups = group_by_suite_and_target(cases);
  std::string out = "<section id=\"checks\"><h2>Every check</h2>\n<table class=\"checks\">"
                    "<tr><th>suite</th><th>target</th><th>check</th><th>outcome</th><th>message</th><th>time</th></tr>\n";
  for (size_t g = 0; g < groups.size(); ++g) {
    for (size_t n = 0; n < groups[g].indices.size(); ++n) {
      const size_t i = groups[g].indices[n];
      const auto& c = cases[i];
      const bool linked = c.outcome == Outcome::failed || c.outcome == Outcome::error || c.flaky;
      out += fmt::format(
          "<tr{} data-outcome=\"{}\"><td>{}</td><td>{}</td><td class=\"check-name\">{}</td><td>{}</td><td>{}</td>"
          "<td class=\"num\">{}</td></tr>\n",
          n == 0 ? fmt::format(" id=\"g{}\"", g) : std::string(), outcome_css(c.outcome), html_text(c.suite),
          html_text(c.target),
          linked ? fmt::format("<a href=\"#case-{}\">{}</a>", i, html_text(c.name)) : html_text(c.name), badge(c),
          html_line(c.message, 200),
          c.duration.count() > 0 ? format_seconds(c.duration) + " s" : std::string("–"));
    }
  }
  return out + "</table></section>\n";
}

VerdictLabel verdict_label(std::optional<int> exit_code) {
  // The CLI's exit codes (cli/exit_codes.hpp): 0 passed, 1 a check failed, 3 infrastructure, 130 interrupted.
  if (!exit_code) {
    return {"RUNNING", "running"};
  }
  switch (*exit_code) {
    case 0:
      return {"PASSED", "passed"};
    case 1:
      return {"FAILED", "failed"};
    case 3:
      return {"ERROR", "error"};
    case 130:
      return {"INTERRUPTED", "error"};
    default:
      return {fmt::format("EXIT {}", *exit_code), "error"};
  }
}

std::string render_run_html(const std::vector<CaseResult>& cases, const HtmlRunMeta& meta) {
  const auto groups = group_by_suite_and_target(cases);
  const auto subs = submissions_of(cases);
  std::string body = html_verdict_header(cases, meta);
  body += "<main>\n<section id=\"grid\"><h2>Targets × suites</h2>\n" + grid(groups) + "</section>\n";
  body += html_problem_cases(cases, meta.base_dir);
  body += latency_section(subs, meta.latency_budget_s);
  body += submissions_section(cases, subs);
  body += html_all_checks(cases);
  body += fmt::format(
      "<footer>formcheck {} · {} · one self-contained file: nothing here is fetched from the network</footer>\n"
      "</main>\n",
      html_text(meta.version), html_text(meta.run.hostname));
  const auto label = verdict_label(meta.exit_code);
  return html_document(html_text(fmt::format("{} {}: {}", meta.title, meta.run.run_id, label.text)), body);
}

WriteResult write_run_html(const std::filesystem::path& path, const std::vector<CaseResult>& cases, HtmlRunMeta meta) {
  if (meta.base_dir.empty()) {
    meta.base_dir = std::filesystem::absolute(path).parent_path();
  }
  return write_file_atomically(path, render_run_html(cases, meta));
}

}  // namespace formcheck::report
