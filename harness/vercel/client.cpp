#include "harness/vercel/client.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace formcheck::vercel {
namespace {

using nlohmann::json;

Expected<std::optional<std::string>, std::string> optional_string(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) {
    return std::optional<std::string>{};
  }
  if (!j[key].is_string()) {
    return unexpected(fmt::format("env field '{}' must be a string", key));
  }
  return std::optional<std::string>{j[key].get<std::string>()};
}

std::string trim_slash(std::string base) {
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  return base;
}

}  // namespace

bool EnvVar::targets_environment(std::string_view environment) const {
  return std::find(targets.begin(), targets.end(), environment) != targets.end();
}

std::optional<std::string> EnvVar::readable_value() const {
  if (!value) {
    return std::nullopt;
  }
  if (type == "plain" || decrypted) {
    return value;
  }
  return std::nullopt;
}

std::string Error::describe() const {
  std::string what;
  switch (kind) {
    case Kind::transport:
      return fmt::format("cannot reach the Vercel API: {}", message);
    case Kind::bad_response:
      return fmt::format("the Vercel API answered something unreadable from {}: {}", url, message);
    default:
      what = fmt::format("Vercel {}", http_status);
  }
  if (!code.empty()) {
    what += " " + code;
  }
  if (!message.empty()) {
    what += fmt::format(" ({})", message);
  }
  return what + " from GET " + url;
}

Expected<EnvVar, std::string> parse_env(const json& j) {
  if (!j.is_object()) {
    return unexpected(std::string("an env must be an object"));
  }
  EnvVar env;
  for (const auto& [field, target] : {std::pair{"id", &env.id}, std::pair{"key", &env.key},
                                      std::pair{"type", &env.type}, std::pair{"gitBranch", &env.git_branch}}) {
    auto v = optional_string(j, field);
    if (!v) {
      return unexpected(v.error());
    }
    *target = v->value_or("");
  }
  if (env.key.empty()) {
    return unexpected(std::string("an env has no 'key'"));
  }
  auto value = optional_string(j, "value");
  if (!value) {
    return unexpected(value.error());
  }
  env.value = *value;
  if (j.contains("decrypted") && !j["decrypted"].is_null()) {
    if (!j["decrypted"].is_boolean()) {
      return unexpected(std::string("env field 'decrypted' must be a boolean"));
    }
    env.decrypted = j["decrypted"].get<bool>();
  }
  if (j.contains("target") && !j["target"].is_null()) {
    const auto& t = j["target"];
    if (t.is_string()) {
      env.targets.push_back(t.get<std::string>());
    } else if (t.is_array()) {
      for (const auto& item : t) {
        if (!item.is_string()) {
          return unexpected(fmt::format("{}: 'target' items must be strings", env.key));
        }
        env.targets.push_back(item.get<std::string>());
      }
    } else {
      return unexpected(fmt::format("{}: 'target' must be a string or an array", env.key));
    }
  }
  if (j.contains("customEnvironmentIds") && j["customEnvironmentIds"].is_array()) {
    for (const auto& item : j["customEnvironmentIds"]) {
      if (item.is_string()) {
        env.custom_environment_ids.push_back(item.get<std::string>());
      }
    }
  }
  return env;
}

Expected<EnvPage, std::string> parse_env_list(const json& j) {
  if (!j.is_object()) {
    return unexpected(std::string("the answer is not a JSON object"));
  }
  EnvPage page;
  if (!j.contains("envs")) {
    // The union's third member: one env object.
    auto env = parse_env(j);
    if (!env) {
      return unexpected("neither {envs: […]} nor an env: " + env.error());
    }
    page.envs.push_back(std::move(env.value()));
    return page;
  }
  if (!j["envs"].is_array()) {
    return unexpected(std::string("'envs' must be an array"));
  }
  for (const auto& item : j["envs"]) {
    auto env = parse_env(item);
    if (!env) {
      return unexpected(env.error());
    }
    page.envs.push_back(std::move(env.value()));
  }
  if (j.contains("pagination") && j["pagination"].is_object()) {
    const auto& p = j["pagination"];
    if (p.contains("next") && !p["next"].is_null()) {
      if (!p["next"].is_number_integer()) {
        return unexpected(std::string("'pagination.next' must be a timestamp (integer) or null"));
      }
      page.next = p["next"].get<long long>();
    }
  }
  return page;
}

Client::Client(Secret token, ClientOptions options) : m_token(std::move(token)), m_options(std::move(options)) {
  m_options.api_base = trim_slash(m_options.api_base);
  if (!m_options.transport) {
    m_options.transport = [](const http::Request& r) { return http::perform(r); };
  }
}

Result<json> Client::get_json(const std::string& url) {
  http::Request request;
  request.url = url;
  request.auth = http::Auth::bearer(m_token);
  request.timeout = m_options.timeout;
  request.headers.push_back({"Accept", "application/json"});
  ++m_requests;
  const auto response = m_options.transport(request);
  Error error;
  error.url = http::display_url(url);
  if (!response.transport_ok()) {
    error.kind = Error::Kind::transport;
    error.message = response.error->message;
    return unexpected(error);
  }
  const auto body = json::parse(response.body, nullptr, false);
  if (response.status != 200) {
    error.http_status = response.status;
    error.kind = response.status == 401 || response.status == 403 ? Error::Kind::auth
                 : response.status == 404                          ? Error::Kind::not_found
                                                                   : Error::Kind::http;
    if (!body.is_discarded() && body.is_object() && body.contains("error") && body["error"].is_object()) {
      error.code = body["error"].value("code", "");
      error.message = body["error"].value("message", "");
    }
    return unexpected(error);
  }
  if (body.is_discarded()) {
    error.message = "not JSON";
    return unexpected(error);
  }
  return body;
}

Result<std::vector<EnvVar>> Client::list_envs(std::string_view project) {
  const std::string base = fmt::format("{}/v10/projects/{}/env", m_options.api_base, http::percent_encode(project));
  std::vector<EnvVar> all;
  std::optional<long long> until;
  std::set<long long> seen;
  for (size_t page_number = 0; page_number < m_options.max_pages; ++page_number) {
    std::vector<std::pair<std::string, std::string>> query;
    if (!m_options.team_id.empty()) {
      query.emplace_back("teamId", m_options.team_id);
    }
    if (until) {
      query.emplace_back("until", std::to_string(*until));
    }
    const auto url = query.empty() ? base : http::with_query(base, query);
    auto body = get_json(url);
    if (!body) {
      return unexpected(body.error());
    }
    auto page = parse_env_list(*body);
    if (!page) {
      return unexpected(Error{Error::Kind::bad_response, 200, "", page.error(), http::display_url(url)});
    }
    for (auto& env : page->envs) {
      all.push_back(std::move(env));
    }
    if (!page->next || page->envs.empty() || !seen.insert(*page->next).second) {
      return all;
    }
    until = page->next;
  }
  return unexpected(Error{Error::Kind::bad_response, 200, "",
                          fmt::format("still paging after {} pages", m_options.max_pages), http::display_url(base)});
}

Result<EnvVar> Client::get_env(std::string_view project, std::string_view id) {
  std::string url = fmt::format("{}/v1/projects/{}/env/{}", m_options.api_base, http::percent_encode(project),
                                http::percent_encode(id));
  if (!m_options.team_id.empty()) {
    url = http::with_query(url, {{"teamId", m_options.team_id}});
  }
  auto body = get_json(url);
  if (!body) {
    return unexpected(body.error());
  }
  auto env = parse_env(*body);
  if (!env) {
    return unexpected(Error{Error::Kind::bad_response, 200, "", env.error(), http::display_url(url)});
  }
  return std::move(env.value());
}

}  // namespace formcheck::vercel
