#include "harness/report/html_submissions.hpp"

#include <charconv>

namespace formcheck::report {
namespace {

std::optional<double> milliseconds_as_seconds(const std::optional<std::string>& text) {
  if (!text) {
    return std::nullopt;
  }
  long long ms = 0;
  const auto* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, ms);
  if (ec != std::errc{} || ptr != end || ms < 0) {
    return std::nullopt;
  }
  return static_cast<double>(ms) / 1000.0;
}

}  // namespace

std::optional<std::string> property(const results::CaseResult& c, std::string_view key) {
  for (const auto& [k, v] : c.properties) {
    if (k == key) {
      return v;
    }
  }
  return std::nullopt;
}

std::string fix_of(const results::CaseResult& c) {
  if (auto fix = property(c, "fix"); fix && !fix->empty()) {
    return *fix;
  }
  for (const std::string_view marker : {"fix: ", "Fix: "}) {
    for (auto at = c.message.find(marker); at != std::string::npos; at = c.message.find(marker, at + 1)) {
      if (at != 0 && c.message[at - 1] != ' ' && c.message[at - 1] != '(') {
        continue;  // "prefix: …" is not a fix
      }
      std::string fix = c.message.substr(at + marker.size());
      if (!fix.empty() && fix.back() == ')' && at > 0 && c.message[at - 1] == '(') {
        fix.pop_back();  // "… (fix: do this)"
      }
      return fix;
    }
  }
  return {};
}

std::vector<Submission> submissions_of(const std::vector<results::CaseResult>& cases) {
  std::vector<Submission> list;
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    const auto token = property(c, "token");
    if (!token || token->empty()) {
      continue;
    }
    auto it = list.begin();
    while (it != list.end() && (it->target != c.target || it->token != *token)) {
      ++it;
    }
    if (it == list.end()) {
      list.push_back(Submission{c.target, *token, i, {}, {}, {}, {}});
      it = list.end() - 1;
    }
    it->checks.push_back(i);
    if (c.timeline.size() > cases[it->evidence].timeline.size()) {
      it->evidence = i;
    }
    if (!it->latency_s) {
      it->latency_s = milliseconds_as_seconds(property(c, "latency_ms"));
      it->poll_bound_s = milliseconds_as_seconds(property(c, "latency_poll_bound_ms"));
    }
    if (it->status.empty()) {
      it->status = property(c, "status").value_or("");
    }
  }
  return list;
}

}  // namespace formcheck::report
