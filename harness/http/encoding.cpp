#include <cctype>

#include "harness/http/http.hpp"
#include "harness/util/percent_encoding.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::http {

std::string percent_encode(std::string_view value) { return percent_encode_unreserved(value); }

std::string percent_decode(std::string_view value, bool plus_is_space) {
  auto hex_value = [](char c) -> int {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  };
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < value.size() && hex_value(value[i + 1]) >= 0 && hex_value(value[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(value[i + 1]) * 16 + hex_value(value[i + 2])));
      i += 2;
    } else {
      out.push_back(c);  // a stray '%' stays literal, as browsers and Twilio treat it
    }
  }
  return out;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [key, value] : fields) {
    if (!out.empty()) {
      out.push_back('&');
    }
    out += percent_encode(key);
    out.push_back('=');
    out += percent_encode(value);
  }
  return out;
}

std::string with_query(std::string url, const std::vector<std::pair<std::string, std::string>>& params) {
  if (params.empty()) {
    return url;
  }
  url.push_back(url.find('?') == std::string::npos ? '?' : '&');
  url += form_encode(params);
  return url;
}

std::string display_url(std::string_view url) { return redact(url); }

std::optional<std::string> find_header(const Headers& headers, std::string_view name) {
  for (const auto& header : headers) {
    if (header.name.size() == name.size()) {
      bool same = true;
      for (size_t i = 0; i < name.size() && same; ++i) {
        same = std::tolower(static_cast<unsigned char>(header.name[i])) ==
               std::tolower(static_cast<unsigned char>(name[i]));
      }
      if (same) {
        return header.value;
      }
    }
  }
  return std::nullopt;
}

void set_form_body(Request& request, const std::vector<std::pair<std::string, std::string>>& fields) {
  request.body = form_encode(fields);
  request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
}

void set_json_body(Request& request, const nlohmann::json& body) {
  request.body = body.dump();
  request.headers.push_back({"Content-Type", "application/json"});
}

Auth Auth::basic(std::string user, Secret password) {
  register_basic_credentials(user, password.reveal());
  Auth auth;
  auth.kind = Kind::basic;
  auth.user = std::move(user);
  auth.secret = std::move(password);
  return auth;
}

Auth Auth::bearer(Secret token) {
  Auth auth;
  auth.kind = Kind::bearer;
  auth.secret = std::move(token);
  return auth;
}

std::string_view to_string(Method method) {
  switch (method) {
    case Method::get:
      return "GET";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::del:
      return "DELETE";
    case Method::head:
      return "HEAD";
  }
  return "GET";
}

std::string_view to_string(TransportErrorKind kind) {
  switch (kind) {
    case TransportErrorKind::connection_refused:
      return "connection refused";
    case TransportErrorKind::dns:
      return "host not found";
    case TransportErrorKind::timeout:
      return "timed out";
    case TransportErrorKind::tls:
      return "TLS failure";
    case TransportErrorKind::too_many_redirects:
      return "too many redirects";
    case TransportErrorKind::connection_dropped:
      return "connection dropped";
    case TransportErrorKind::aborted:
      return "aborted";
    case TransportErrorKind::other:
      return "transport error";
  }
  return "transport error";
}

}  // namespace formcheck::http
