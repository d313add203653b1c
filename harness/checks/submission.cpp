#include "harness/checks/submission.hpp"

#include <fmt/format.h>

#include <random>

namespace formcheck::checks {

std::string Submission::describe_response() const {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(response.elapsed).count();
  if (response.error) {
    return fmt::format("{} after {} ms", response.error->message, ms);
  }
  return fmt::format("HTTP {} in {} ms", response.status, ms);
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
  return request;
}

std::vector<Submission> submit_all(const config::TargetSettings& target, const config::FormSettings& form,
                                   const std::vector<SubmissionRequest>& requests) {
  std::vector<Submission> submissions(requests.size());
  std::vector<http::Request> http_requests;
  for (size_t i = 0; i < requests.size(); ++i) {
    auto& s = submissions[i];
    s.token = requests[i].token;
    s.fields_sent = merge_fields(form.fields, requests[i].fields);
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
  }
  const auto sent_at = std::chrono::steady_clock::now();
  const auto sent_wall = std::chrono::system_clock::now();
  auto responses = http::perform_all(http_requests, std::max<size_t>(requests.size(), 1));
  for (size_t i = 0; i < submissions.size(); ++i) {
    auto& s = submissions[i];
    s.sent_at = sent_at;
    s.sent_wall = sent_wall;
    s.response = std::move(responses[i]);
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
