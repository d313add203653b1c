#pragma once
// The two Vercel REST endpoints the audit reads: a project's environment
// variables (GET /v10/projects/{idOrName}/env, paged by `pagination.next` → `until`) and one
// variable's value (GET /v1/projects/{idOrName}/env/{id}). Bearer token, optional teamId,
// base URL configurable so tests and the demo use formcheck-vercel-standin.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/http/http.hpp"
#include "harness/util/expected.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::vercel {

inline constexpr std::string_view kEnvironments[] = {"production", "preview", "development"};

struct EnvVar {
  std::string id;
  std::string key;
  std::string type;                  // system, encrypted, plain, sensitive, secret
  std::vector<std::string> targets;  // production / preview / development (string or array on the wire)
  std::optional<std::string> value;  // as sent: may be ciphertext unless decrypted or plain
  bool decrypted = false;
  std::string git_branch;  // a preview variable limited to one branch
  std::vector<std::string> custom_environment_ids;

  bool targets_environment(std::string_view environment) const;
  // The value when it is the real one (plain, or decrypted), else nullopt.
  std::optional<std::string> readable_value() const;
};

struct EnvPage {
  std::vector<EnvVar> envs;
  std::optional<long long> next;  // pagination.next: pass as `until` for the next page
};

struct Error {
  enum class Kind { auth, not_found, http, transport, bad_response };
  Kind kind = Kind::bad_response;
  long http_status = 0;
  std::string code;  // Vercel's error.code, e.g. "forbidden"
  std::string message;
  std::string url;  // redacted

  // "Vercel 403 forbidden (Not authorized) from GET http://…"
  std::string describe() const;
};

template <class T>
using Result = Expected<T, Error>;

// Parsers: a field of the wrong type is an error naming it.
Expected<EnvVar, std::string> parse_env(const nlohmann::json& json);
// The list answer is a union: {envs, pagination}, {envs}, or a single env object.
Expected<EnvPage, std::string> parse_env_list(const nlohmann::json& json);

struct ClientOptions {
  std::string api_base = "https://api.vercel.com";
  std::string team_id;  // sent as teamId when set
  std::chrono::milliseconds timeout{30000};
  size_t max_pages = 100;  // a guard against a server that pages forever
  std::function<http::Response(const http::Request&)> transport;  // defaults to http::perform
};

class Client {
 public:
  Client(Secret token, ClientOptions options);

  // Every variable of the project, following pagination.
  Result<std::vector<EnvVar>> list_envs(std::string_view project);
  // One variable with its value decrypted where Vercel allows it (never for sensitive ones).
  Result<EnvVar> get_env(std::string_view project, std::string_view id);

  size_t requests_sent() const { return m_requests; }

 private:
  Result<nlohmann::json> get_json(const std::string& url);

  Secret m_token;
  ClientOptions m_options;
  size_t m_requests = 0;
};

}  // namespace formcheck::vercel
