#include "harness/checks/redirect_landing.hpp"

#include "harness/checks/acceptance.hpp"
#include "harness/util/ascii_case.hpp"

#include <fmt/format.h>

#include <array>
#include <string_view>

namespace formcheck::checks {
namespace {

using namespace std::string_view_literals;

struct UrlParts {
  std::string path;   // lower-cased, without a trailing slash ("" for the root)
  std::string query;  // without '?', as sent
};

UrlParts parts_of(std::string_view url) {
  const auto scheme_end = url.find("://");
  const auto path_start = url.find('/', scheme_end == std::string_view::npos ? 0 : scheme_end + 3);
  UrlParts parts;
  if (path_start == std::string_view::npos) {
    return parts;
  }
  const auto rest = url.substr(path_start, url.find('#', path_start) - path_start);
  const auto question = rest.find('?');
  parts.path = ascii_lower(rest.substr(0, question));
  while (!parts.path.empty() && parts.path.back() == '/') {
    parts.path.pop_back();
  }
  if (question != std::string_view::npos) {
    parts.query = std::string(rest.substr(question + 1));
  }
  return parts;
}

bool one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// Names and values of a query whose presence says a submission failed or went through.
bool failure_value(std::string_view v) {
  return one_of(v,
                {"error", "failed", "fail", "failure", "false", "0", "no", "invalid", "rejected", "denied"});
}
bool success_value(std::string_view v) {
  return one_of(v, {"", "1", "true", "yes", "ok", "success", "sent", "thanks", "done", "received"});
}

// "error=1" → error: why the landing URL's query signals a failure; and whether it signals success.
struct QuerySignal {
  std::optional<std::string> failure;
  bool success = false;
};

QuerySignal query_signal(const std::string& query) {
  QuerySignal signal;
  size_t start = 0;
  while (start <= query.size()) {
    const auto end = std::min(query.find('&', start), query.size());
    const auto pair = std::string_view(query).substr(start, end - start);
    const auto eq = pair.find('=');
    const auto key = ascii_lower(http::percent_decode(pair.substr(0, eq)));
    const auto value =
        ascii_lower(eq == std::string_view::npos ? "" : http::percent_decode(pair.substr(eq + 1)));
    const bool error_key = one_of(key, {"error", "errors", "err", "fail", "failed", "failure"});
    const bool status_key = one_of(
        key, {"status", "result", "state", "outcome", "sent", "success", "ok", "submitted", "message"});
    if (error_key && !one_of(value, {"", "0", "false", "none", "null"}) && !signal.failure) {
      signal.failure = std::string(pair);
    } else if (status_key && failure_value(value) && !signal.failure) {
      signal.failure = std::string(pair);
    } else if ((status_key && success_value(value)) || one_of(key, {"thanks", "thank-you", "thankyou"})) {
      signal.success = true;
    }
    start = end + 1;
  }
  return signal;
}

// A path segment word such as /error, /send-failed, /contact/failure.
std::optional<std::string> failure_in_path(const std::string& path) {
  std::string word;
  for (size_t i = 0; i <= path.size(); ++i) {
    const char c = i < path.size() ? path[i] : '/';
    if (c == '/' || c == '-' || c == '_' || c == '.') {
      if (one_of(word, {"error", "errors", "failed", "failure", "fail", "oops"})) {
        return word;
      }
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  return std::nullopt;
}

// The text a visitor reads: tags, scripts and styles removed, whitespace folded, lower-cased.
std::string visible_text(const std::string& html) {
  std::string text;
  size_t i = 0;
  const auto lower = ascii_lower(html);
  while (i < lower.size()) {
    if (lower[i] != '<') {
      const char c = lower[i++];
      const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
      if (!space || (!text.empty() && text.back() != ' ')) {
        text.push_back(space ? ' ' : c);
      }
      continue;
    }
    for (const auto block : {"script"sv, "style"sv, "template"sv, "noscript"sv}) {
      if (lower.compare(i + 1, block.size(), block) == 0) {
        const auto close = lower.find("</" + std::string(block), i);
        i = close == std::string::npos ? lower.size() : close;
        break;
      }
    }
    const auto end = lower.find('>', i);
    i = end == std::string::npos ? lower.size() : end + 1;
    if (!text.empty() && text.back() != ' ') {
      text.push_back(' ');
    }
  }
  std::string out;
  for (size_t k = 0; k < text.size(); ++k) {  // the apostrophes a page may spell as entities
    if (text.compare(k, 5, "&#39;") == 0 || text.compare(k, 6, "&apos;") == 0) {
      out.push_back('\'');
      k += text[k + 2] == '3' ? 4 : 5;
    } else {
      out.push_back(text[k]);
    }
  }
  return out;
}

constexpr std::array kFailureWords = {
    "could not be sent"sv, "couldn't be sent"sv,     "could not send"sv,    "couldn't send"sv,
    "was not sent"sv,      "wasn't sent"sv,          "not been sent"sv,     "failed to send"sv,
    "sending failed"sv,    "something went wrong"sv, "an error occurred"sv, "an error has occurred"sv,
    "please try again"sv};
constexpr std::array kSuccessWords = {"thank you"sv,       "thanks"sv,           "has been sent"sv,
                                      "was sent"sv,        "message sent"sv,     "received your message"sv,
                                      "get back to you"sv, "we'll be in touch"sv};

template <size_t N>
std::optional<std::string_view> first_found(const std::string& text,
                                            const std::array<std::string_view, N>& words) {
  for (const auto word : words) {
    if (text.find(word) != std::string::npos) {
      return word;
    }
  }
  return std::nullopt;
}

// Why the landing page's body says the submission failed, and whether it says it was sent.
struct BodySignal {
  std::optional<std::string> failure;
  bool success = false;
};

BodySignal body_signal(const http::Response& response) {
  BodySignal signal;
  if (auto json_refusal = body_refusal(response, false)) {
    signal.failure = *json_refusal;
    return signal;
  }
  const auto text = visible_text(response.body);
  if (const auto word = first_found(text, kFailureWords)) {
    signal.failure = fmt::format("its text says the submission failed (“{}”)", *word);
  }
  signal.success = first_found(text, kSuccessWords).has_value();
  return signal;
}

}  // namespace

bool same_route(const std::string& to, const std::string& from) {
  const auto a = parts_of(to);
  const auto b = parts_of(from);
  return to != from && a.path == b.path && a.query == b.query;
}

http::Request get_after_redirect(const http::Request& previous, const http::Response& redirect,
                                 const std::string& to, bool same_origin) {
  http::Request request = previous;
  request.method = http::Method::get;
  request.body.clear();
  request.url = to;
  if (!same_origin) {
    const auto accept = http::find_header(previous.headers, "Accept");
    request.headers.clear();
    request.headers.push_back({"Accept", accept.value_or("*/*")});
    return request;
  }
  std::erase_if(request.headers, [](const http::Header& h) {
    const auto name = ascii_lower(h.name);
    return name == "content-type" || name == "content-length";
  });
  std::string cookies = http::find_header(request.headers, "Cookie").value_or("");
  for (const auto& header : redirect.headers) {
    if (ascii_lower(header.name) == "set-cookie") {
      const auto pair = header.value.substr(0, header.value.find(';'));
      cookies += (cookies.empty() ? "" : "; ") + pair;
    }
  }
  if (!cookies.empty()) {
    std::erase_if(request.headers, [](const http::Header& h) { return ascii_lower(h.name) == "cookie"; });
    request.headers.push_back({"Cookie", cookies});
  }
  return request;
}

std::optional<std::string> landing_refusal(const Submission& s, const config::FormSettings& form) {
  const auto& landed = s.redirects.back().to;
  const auto where = http::display_url(landed);
  const auto url = parts_of(landed);
  const auto query = query_signal(url.query);
  if (query.failure) {
    return fmt::format("it redirected to {}, whose query says the submission failed ({})", where,
                       *query.failure);
  }
  if (const auto word = failure_in_path(url.path)) {
    return fmt::format("it redirected to {}, an error page by its path (“{}”)", where, *word);
  }
  if (!form.judge_body || !s.response.is_success()) {
    return std::nullopt;
  }
  const auto body = body_signal(s.response);
  if (body.failure) {
    return fmt::format("it redirected to {}, and {}", where, *body.failure);
  }
  const bool back_to_the_form = url.path == parts_of("http://host" + form.page).path ||
                                url.path == parts_of("http://host" + form.path).path;
  if (back_to_the_form && !query.success && !body.success) {
    return fmt::format(
        "it redirected back to the form page {} without saying the message was sent (no thank-you page, no "
        "success message or query): a Post/Redirect/Get handler does this when the submission failed",
        where);
  }
  return std::nullopt;
}

std::string landing_checks(const config::FormSettings& form) {
  return form.judge_body ? "no error in its URL or its text"
                         : "no error in its URL (its text not judged: form.judge_body is false)";
}

}  // namespace formcheck::checks
