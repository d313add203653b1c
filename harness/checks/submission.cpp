#include "harness/checks/submission.hpp"

#include "harness/checks/acceptance.hpp"
#include "harness/checks/redirect_landing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <random>

#include "harness/target/target_access.hpp"

namespace formcheck::checks {
namespace {

// "https://host:port" of a URL (scheme and authority, lower-cased), for the same-origin rule.
std::string origin_of(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return {};
  }
  const auto path = url.find_first_of("/?#", scheme_end + 3);
  std::string origin(url.substr(0, path));
  for (auto& c : origin) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return origin;
}

// The URL the submission's last request went to.
const std::string& last_asked(const Submission& s) { return s.redirects.empty() ? s.url : s.redirects.back().to; }

// Why the answer of `s` is not to be followed; nullopt when it is a redirect to follow.
std::optional<RedirectStop> unfollowed(const Submission& s) {
  const auto& r = s.response;
  if (!r.transport_ok() || !r.redirect_url || r.status < 300 || r.status > 399) {
    return RedirectStop::none;
  }
  const bool to_get = r.status == 301 || r.status == 302 || r.status == 303;
  if (!to_get && r.status != 307 && r.status != 308) {
    return RedirectStop::none;
  }
  const auto& to = *r.redirect_url;
  const bool posting = !s.redirected_to_get();
  if (posting && to_get && same_route(to, last_asked(s))) {
    return RedirectStop::changes_method;  // a trailing-slash or https rule: the GET reaches the route, not a page
  }
  if (posting && !to_get && origin_of(to) != origin_of(s.url)) {
    return RedirectStop::other_origin;
  }
  // A URL asked again with the same method is a loop; a form's own page asked with a GET after
  // its POST is not (Post/Redirect/Get to itself).
  const bool get_next = !posting || to_get;
  const bool seen = (!get_next && to == s.url) ||
                    std::any_of(s.redirects.begin(), s.redirects.end(),
                                [&](const RedirectHop& hop) { return hop.to == to && hop.as_get == get_next; });
  if (seen) {
    return RedirectStop::loop;
  }
  if (s.redirects.size() >= kMaxRedirects) {
    return RedirectStop::too_many;
  }
  return std::nullopt;
}

// Re-sends each redirected submission to where its answer points, hop by hop (all pending
// submissions of a hop at once), until no answer is a redirect to follow. Each hop gets what
// is left of the submission's answer deadline. After a 301/302/303 the request is a GET.
void follow_redirects(std::vector<Submission>& submissions, std::vector<http::Request> current,
                      const std::atomic<bool>* cancelled) {
  for (;;) {
    std::vector<size_t> following;
    std::vector<http::Request> next;
    std::vector<bool> as_get;
    for (size_t i = 0; i < submissions.size(); ++i) {
      auto& s = submissions[i];
      const auto stop = unfollowed(s);
      if (stop) {
        s.redirect_stop = *stop;
        continue;
      }
      const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(s.response.elapsed);
      if (spent >= s.answer_timeout) {
        continue;  // no time left: the redirect stays the answer
      }
      const auto& to = *s.response.redirect_url;
      const bool get = s.redirected_to_get() || s.response.status < 307;
      current[i] = get ? get_after_redirect(current[i], s.response, to, origin_of(to) == origin_of(s.url))
                       : current[i];
      current[i].url = to;
      current[i].timeout = s.answer_timeout - spent;
      next.push_back(current[i]);
      following.push_back(i);
      as_get.push_back(get);
    }
    if (following.empty()) {
      return;
    }
    auto responses = http::perform_all(next, next.size(), cancelled);
    for (size_t k = 0; k < following.size(); ++k) {
      auto& s = submissions[following[k]];
      s.redirects.push_back({s.response.status, next[k].url, as_get[k]});
      responses[k].elapsed += s.response.elapsed;  // the answer took every hop
      s.response = std::move(responses[k]);
    }
  }
}

}  // namespace

std::string Submission::describe_redirects() const {
  if (redirects.empty() && redirect_stop == RedirectStop::none) {
    return {};
  }
  std::string chain = "POST " + http::display_url(url);
  for (const auto& hop : redirects) {
    chain += fmt::format(" → {} {}{}", hop.status == 0 ? std::string("redirect") : std::to_string(hop.status),
                         http::display_url(hop.to), hop.as_get ? " (GET)" : "");
  }
  if (redirect_stop != RedirectStop::none && response.redirect_url) {
    chain += fmt::format(" → {} {}", response.status, http::display_url(*response.redirect_url));
  }
  return chain;
}

std::string Submission::describe_response() const {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(response.elapsed).count();
  if (response.error) {
    return fmt::format("{} after {} ms", response.error->message, ms);
  }
  const std::string cut =
      response.body_cut() ? fmt::format(", body of {} bytes cut to the first {}", response.body_bytes, response.body.size())
                          : std::string();
  if (refusal) {
    return fmt::format("HTTP {} in {} ms{}, refused in its body", response.status, ms, cut);
  }
  return fmt::format("HTTP {} in {} ms{}", response.status, ms, cut);
}

Fields merge_fields(const Fields& defaults, const Fields& overrides) {
  Fields out = defaults;
  for (const auto& [name, value] : overrides) {
    bool replaced = false;
    for (auto& [n, v] : out) {
      if (n == name) {
        v = value;
        replaced = true;
      }
    }
    if (!replaced) {
      out.emplace_back(name, value);
    }
  }
  return out;
}

std::string mark_value(const std::string& marker, const std::string& token, const std::string& value) {
  return fmt::format("[{} {}] {}", marker, token, value);
}

http::Request build_request(const config::TargetSettings& target, const config::FormSettings& form,
                            const Fields& fields_sent) {
  http::Request request;
  request.method = http::Method::post;
  request.url = target.url + form.path;
  request.timeout = std::chrono::milliseconds(static_cast<long>(form.timeout_s * 1000));
  request.connect_timeout = std::chrono::milliseconds(10000);
  request.verify_tls = !target.insecure_tls;
  request.ca_file = target.ca_file.string();
  request.max_body_bytes = kMaxAnswerBytes;
  if (form.encoding == config::FormSettings::Encoding::json) {
    nlohmann::json body = nlohmann::json::object();
    for (const auto& [name, value] : fields_sent) {
      body[name] = value;
    }
    http::set_json_body(request, body);
  } else {
    http::set_form_body(request, fields_sent);
  }
  request.headers.push_back({"Accept", "application/json"});
  for (const auto& [name, value] : form.headers) {
    request.headers.push_back({name, value});
  }
  target::add_browser_origin(request, target, form.page);
  target::add_target_headers(request, target);  // per-target headers and Vercel's bypass win
  return request;
}

std::vector<Submission> submit_all(const config::TargetSettings& target, const config::FormSettings& form,
                                   const std::vector<SubmissionRequest>& requests,
                                   const std::atomic<bool>* cancelled) {
  std::vector<Submission> submissions(requests.size());
  std::vector<http::Request> http_requests;
  for (size_t i = 0; i < requests.size(); ++i) {
    auto& s = submissions[i];
    s.token = requests[i].token;
    s.fields_sent = merge_fields(form.fields, requests[i].fields);
    s.answer_timeout = std::chrono::milliseconds(static_cast<long>(form.timeout_s * 1000));
    bool marked = false;
    for (auto& [name, value] : s.fields_sent) {
      if (name == form.token_field) {
        value = mark_value(form.marker, s.token, value);
        marked = true;
      }
    }
    if (!marked) {
      s.fields_sent.emplace_back(form.token_field, mark_value(form.marker, s.token, ""));
    }
    http_requests.push_back(build_request(target, form, s.fields_sent));
    for (const auto& [name, value] : requests[i].headers) {
      http_requests.back().headers.push_back({name, value});
    }
    s.url = http_requests.back().url;
    s.origin_sent = http::find_header(http_requests.back().headers, "Origin").value_or("");
    s.referer_sent = http::find_header(http_requests.back().headers, "Referer").value_or("");
  }
  const auto sent_at = std::chrono::steady_clock::now();
  const auto sent_wall = std::chrono::system_clock::now();
  auto responses = http::perform_all(http_requests, std::max<size_t>(requests.size(), 1), cancelled);
  for (size_t i = 0; i < submissions.size(); ++i) {
    auto& s = submissions[i];
    s.sent_at = sent_at;
    s.sent_wall = sent_wall;
    s.response = std::move(responses[i]);
  }
  follow_redirects(submissions, http_requests, cancelled);
  for (auto& s : submissions) {
    if (s.redirected_to_get()) {
      s.refusal = landing_refusal(s, form);
      s.landing_checked = landing_checks(form);
    } else if (form.judge_body && s.response.is_success()) {
      s.refusal = body_refusal(s.response, form.encoding == config::FormSettings::Encoding::json);
    }
    if (!form.sid_pointer.empty() && s.response.transport_ok()) {
      const auto body = nlohmann::json::parse(s.response.body, nullptr, false);
      if (!body.is_discarded()) {
        try {
          const auto& value = body.at(nlohmann::json::json_pointer(form.sid_pointer));
          if (value.is_string() && !value.get<std::string>().empty()) {
            s.sid = value.get<std::string>();
          }
        } catch (const std::exception&) {
          // No SID there: the watcher correlates by token instead.
        }
      }
    }
  }
  return submissions;
}

std::string new_run_id() {
  std::random_device device;
  std::mt19937 generator(device());
  return fmt::format("fc-{:06x}", generator() & 0xffffff);
}

}  // namespace formcheck::checks
