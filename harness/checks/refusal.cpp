#include "harness/checks/refusal.hpp"

#include "harness/util/secret.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace formcheck::checks {
namespace {

constexpr size_t kFirstWords = 80;

// Whitespace runs become one space; cut at a word boundary near `max` bytes, never inside a
// UTF-8 sequence.
std::string first_words(const std::string& text, size_t max) {
  std::string flat;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space && (flat.empty() || flat.back() == ' ')) {
      continue;
    }
    flat.push_back(space ? ' ' : c);
  }
  while (!flat.empty() && flat.back() == ' ') {
    flat.pop_back();
  }
  if (flat.size() <= max) {
    return flat;
  }
  size_t cut = flat.rfind(' ', max);
  if (cut == std::string::npos || cut < max / 2) {
    cut = max;
    while (cut > 0 && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80) {
      --cut;
    }
  }
  return flat.substr(0, cut) + "…";
}

// The site's own words for its error: a JSON error/message field, else the body's start.
std::string error_words(const std::string& body) {
  const auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_object()) {
    for (const char* key : {"error", "message", "detail"}) {
      if (const auto it = parsed.find(key); it != parsed.end() && it->is_string()) {
        return it->get<std::string>();
      }
    }
  }
  return body;
}

}  // namespace

std::string site_answer(const Submission& s) {
  if (s.response.error) {
    return fmt::format("no answer ({})", s.response.error->message);
  }
  // A 2xx has no error to quote (and its body may be long); a refusal's first words say why.
  const auto words =
      s.accepted() ? std::string() : first_words(redact(error_words(s.response.body)), kFirstWords);
  return words.empty() ? fmt::format("HTTP {}", s.response.status)
                       : fmt::format("HTTP {} “{}”", s.response.status, words);
}

std::optional<results::CaseResult> pacing_refusal(const Submission& s, const config::TargetSettings& target) {
  if (s.response.error || s.response.status != 429) {
    return std::nullopt;
  }
  const auto retry_after = s.response.header("Retry-After");
  results::CaseResult r;
  r.outcome = results::Outcome::error;
  r.detail = "response body: " + first_words(redact(s.response.body), 500);
  if (s.own_in_window >= 0 && s.own_in_window < target.rate_limit.max) {
    // formcheck had room in the window by its own count: someone else spent the site's budget.
    r.message = redact(fmt::format(
        "the site refused this submission with {}{} when formcheck had sent only {} in the site's window, within "
        "targets.{}.rate_limit ({} per {:g} s): another client (a second run, a monitor) is using the site's "
        "window, or the site's real limit is lower, so this check could not run (fix: run again when the site "
        "is quiet; if it repeats with nothing else running, set rate_limit to the site's real limit)",
        site_answer(s), retry_after ? fmt::format(" (Retry-After {})", *retry_after) : std::string(),
        s.own_in_window, target.name, target.rate_limit.max, target.rate_limit.window_s));
    return r;
  }
  r.message = redact(fmt::format(
      "the site refused this submission with {}{}: formcheck's pacing, targets.{}.rate_limit ({} per {:g} "
      "s), is "
      "looser than the site's real limit (fix: set it to the site's limit, a lower max or a longer "
      "window_s), so "
      "this check could not run",
      site_answer(s), retry_after ? fmt::format(" (Retry-After {})", *retry_after) : std::string(),
      target.name, target.rate_limit.max, target.rate_limit.window_s));
  return r;
}

void say_what_the_site_answered(results::CaseResult& r, const Submission& s) {
  // A skip is worth the site's answer only when the site refused (e.g. "not checked: the
  // sandbox sender is allowed here" is not about the answer at all).
  const bool worth_it = r.outcome == results::Outcome::failed || r.outcome == results::Outcome::error ||
                        (r.outcome == results::Outcome::skipped && !s.accepted());
  if (!worth_it) {
    return;
  }
  const auto answer = site_answer(s);
  const bool said = s.response.error ? r.message.find(s.response.error->message) != std::string::npos
                                     : r.message.find(answer) != std::string::npos;
  if (!said) {
    // site_answer() is "no answer (…)" when there was none: "the site gave no answer (…)".
    r.message += (s.response.error ? "; the site gave " : "; the site answered ") + answer;
  }
}

}  // namespace formcheck::checks
