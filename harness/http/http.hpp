#pragma once
// The one way formcheck talks HTTP: libcurl easy handles for a single request, one multi
// handle for many at once. Errors are data (Response::error), never exceptions, and no
// credential ever appears in an error text.
#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/util/secret.hpp"

namespace formcheck::http {

struct Header {
  std::string name;
  std::string value;
};
using Headers = std::vector<Header>;

// Case-insensitive lookup of the first header named `name`.
std::optional<std::string> find_header(const Headers& headers, std::string_view name);

enum class Method { get, post, put, del, head };
std::string_view to_string(Method method);

struct Auth {
  enum class Kind { none, basic, bearer };
  Kind kind = Kind::none;
  std::string user;  // Basic only
  Secret secret;     // Basic password or Bearer token

  static Auth basic(std::string user, Secret password);
  static Auth bearer(Secret token);
};

struct Request {
  Method method = Method::get;
  std::string url;
  Headers headers;
  std::string body;
  Auth auth;
  std::chrono::milliseconds timeout{30000};          // whole request
  std::chrono::milliseconds connect_timeout{10000};  // TCP + TLS handshake
  bool follow_redirects = false;                      // off unless a caller asks
  long max_redirects = 5;
  bool verify_tls = true;
  // A PEM bundle to verify the server with (e.g. a self-signed local target's certificate).
  // libcurl trusts it instead of the default CA file (Debian's /etc/ssl/certs stays searched).
  std::string ca_file;
  // At most this much of the answer's body is kept; the rest is read, counted and dropped,
  // so a site answering gigabytes costs bounded memory.
  size_t max_body_bytes = 64 * 1024 * 1024;
  // Never through a proxy from the environment (http_proxy): for local services such as a
  // browser driver on 127.0.0.1.
  bool bypass_proxy = false;
};

// Sets a form body (application/x-www-form-urlencoded) from ordered pairs; keys may repeat.
void set_form_body(Request& request, const std::vector<std::pair<std::string, std::string>>& fields);
// Sets a JSON body (application/json).
void set_json_body(Request& request, const nlohmann::json& body);

enum class TransportErrorKind {
  connection_refused,
  dns,          // the host name does not resolve
  timeout,      // connect or whole-request deadline passed
  tls,          // handshake or certificate verification failed
  too_many_redirects,
  connection_dropped,  // the peer closed or reset the connection mid-exchange
  aborted,             // cancelled by formcheck (e.g. Ctrl-C)
  other,
};
std::string_view to_string(TransportErrorKind kind);

struct TransportError {
  TransportErrorKind kind = TransportErrorKind::other;
  std::string message;  // curl's words plus the URL, credentials redacted
};

struct Response {
  std::string url;  // the URL asked for (redacted when shown)
  long status = 0;  // 0 when a transport error prevented any answer
  Headers headers;  // of the final answer
  std::string body;  // at most Request::max_body_bytes of it
  size_t body_bytes = 0;  // how long the body really was (more than body.size() when cut)
  std::chrono::microseconds elapsed{0};
  std::optional<TransportError> error;
  // Whether the request itself went out (connected, TLS done, request written): after a
  // timeout, it tells "the server sat on it" from "never got there".
  bool request_sent = false;
  // Where a 3xx answer points (absolute, resolved by curl), when it was not followed.
  std::optional<std::string> redirect_url;

  bool transport_ok() const { return !error.has_value(); }
  bool body_cut() const { return body_bytes > body.size(); }
  bool is_success() const { return transport_ok() && status >= 200 && status < 300; }
  std::optional<std::string> header(std::string_view name) const { return find_header(headers, name); }
};

// Performs one request synchronously.
Response perform(const Request& request);

// Performs many requests concurrently over one curl multi handle (at most `max_parallel`
// connections at a time) and returns the responses in the order of `requests`. When
// `*cancelled` becomes true, every transfer still in flight stops within ~100 ms and answers
// a TransportErrorKind::aborted error (a server holding a request open cannot stall Ctrl-C).
std::vector<Response> perform_all(const std::vector<Request>& requests, size_t max_parallel = 16,
                                  const std::atomic<bool>* cancelled = nullptr);

// Percent-encodes everything but RFC 3986 unreserved characters, so `whatsapp:+62812…`
// becomes `whatsapp%3A%2B62812…` (a raw `+` would decode as a space).
std::string percent_encode(std::string_view value);
std::string percent_decode(std::string_view value, bool plus_is_space = true);
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);
// Appends `?k=v&…` (or `&k=v…` when the URL already has a query).
std::string with_query(std::string url, const std::vector<std::pair<std::string, std::string>>& params);

// A URL fit for messages: user-info and registered secrets removed.
std::string display_url(std::string_view url);

}  // namespace formcheck::http
