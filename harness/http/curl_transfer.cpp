#include "harness/http/curl_transfer.hpp"

#include <fmt/format.h>

#include <mutex>

namespace formcheck::http::detail {
namespace {

TransportErrorKind classify(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
      return TransportErrorKind::connection_refused;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return TransportErrorKind::dns;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportErrorKind::timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      return TransportErrorKind::tls;
    case CURLE_TOO_MANY_REDIRECTS:
      return TransportErrorKind::too_many_redirects;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP2:
      return TransportErrorKind::connection_dropped;
    case CURLE_ABORTED_BY_CALLBACK:
      return TransportErrorKind::aborted;
    default:
      return TransportErrorKind::other;
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

void ensure_curl_initialised() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlTransfer::CurlTransfer(const Request& request) : m_url(request.url), m_max_body(request.max_body_bytes) {
  ensure_curl_initialised();
  m_easy = curl_easy_init();
  m_response.url = request.url;
  m_started = std::chrono::steady_clock::now();
  m_trace = trace_sink();
  if (m_trace) {
    m_record = trace_record(request);
  }

  curl_easy_setopt(m_easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(m_easy, CURLOPT_ERRORBUFFER, m_error_buffer);
  curl_easy_setopt(m_easy, CURLOPT_NOSIGNAL, 1L);  // threads + timeouts: never SIGALRM
  curl_easy_setopt(m_easy, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(m_easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count()));
  curl_easy_setopt(m_easy, CURLOPT_FOLLOWLOCATION, request.follow_redirects ? 1L : 0L);
  curl_easy_setopt(m_easy, CURLOPT_MAXREDIRS, request.max_redirects);
  curl_easy_setopt(m_easy, CURLOPT_SSL_VERIFYPEER, request.verify_tls ? 1L : 0L);
  curl_easy_setopt(m_easy, CURLOPT_SSL_VERIFYHOST, request.verify_tls ? 2L : 0L);
  if (!request.ca_file.empty()) {
    curl_easy_setopt(m_easy, CURLOPT_CAINFO, request.ca_file.c_str());
  }
  // Only http(s): a redirect must never lead curl to file:// or other schemes.
  if (request.bypass_proxy) {
    curl_easy_setopt(m_easy, CURLOPT_NOPROXY, "*");
  }
  curl_easy_setopt(m_easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(m_easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(m_easy, CURLOPT_USERAGENT, "formcheck/" FORMCHECK_VERSION);
  curl_easy_setopt(m_easy, CURLOPT_ACCEPT_ENCODING, "");  // whatever curl can decode
  curl_easy_setopt(m_easy, CURLOPT_WRITEFUNCTION, &CurlTransfer::on_body);
  curl_easy_setopt(m_easy, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(m_easy, CURLOPT_HEADERFUNCTION, &CurlTransfer::on_header);
  curl_easy_setopt(m_easy, CURLOPT_HEADERDATA, this);

  switch (request.method) {
    case Method::get:
      curl_easy_setopt(m_easy, CURLOPT_HTTPGET, 1L);
      break;
    case Method::head:
      curl_easy_setopt(m_easy, CURLOPT_NOBODY, 1L);
      break;
    case Method::post:
    case Method::put:
    case Method::del:
      if (request.method != Method::post || !request.body.empty()) {
        curl_easy_setopt(m_easy, CURLOPT_CUSTOMREQUEST, std::string(to_string(request.method)).c_str());
      }
      if (request.method != Method::del || !request.body.empty()) {
        // Always a sized body (even empty): a PUT without Content-Length leaves the server
        // waiting for data that never comes.
        curl_easy_setopt(m_easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        curl_easy_setopt(m_easy, CURLOPT_COPYPOSTFIELDS, request.body.c_str());
      }
      break;
  }

  switch (request.auth.kind) {
    case Auth::Kind::none:
      break;
    case Auth::Kind::basic:
      curl_easy_setopt(m_easy, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
      curl_easy_setopt(m_easy, CURLOPT_USERNAME, request.auth.user.c_str());
      curl_easy_setopt(m_easy, CURLOPT_PASSWORD, request.auth.secret.reveal().c_str());
      break;
    case Auth::Kind::bearer:
      m_header_list = curl_slist_append(m_header_list, ("Authorization: Bearer " + request.auth.secret.reveal()).c_str());
      break;
  }
  bool has_expect = false;
  for (const auto& header : request.headers) {
    m_header_list = curl_slist_append(m_header_list, (header.name + ": " + header.value).c_str());
    has_expect = has_expect || find_header({header}, "Expect").has_value();
  }
  if (!has_expect) {
    // curl waits up to a second for "100 Continue" on large bodies; servers rarely send it.
    m_header_list = curl_slist_append(m_header_list, "Expect:");
  }
  curl_easy_setopt(m_easy, CURLOPT_HTTPHEADER, m_header_list);
}

CurlTransfer::~CurlTransfer() {
  curl_slist_free_all(m_header_list);
  curl_easy_cleanup(m_easy);
}

size_t CurlTransfer::on_body(char* data, size_t size, size_t count, void* self) {
  auto* transfer = static_cast<CurlTransfer*>(self);
  const size_t length = size * count;
  auto& response = transfer->m_response;
  response.body_bytes += length;
  if (response.body.size() < transfer->m_max_body) {
    response.body.append(data, std::min(length, transfer->m_max_body - response.body.size()));
  }
  return length;
}

size_t CurlTransfer::on_header(char* data, size_t size, size_t count, void* self) {
  auto* transfer = static_cast<CurlTransfer*>(self);
  std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    transfer->m_response.headers.clear();  // a new response (after 100 or a redirect) starts
    return size * count;
  }
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    transfer->m_response.headers.push_back(
        {std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))});
  }
  return size * count;
}

Response CurlTransfer::finish(CURLcode code) {
  m_response.elapsed =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - m_started);
  long status = 0;
  curl_easy_getinfo(m_easy, CURLINFO_RESPONSE_CODE, &status);
  m_response.status = status;
  long request_bytes = 0;
  curl_easy_getinfo(m_easy, CURLINFO_REQUEST_SIZE, &request_bytes);
  m_response.request_sent = request_bytes > 0;
  char* redirect = nullptr;
  if (curl_easy_getinfo(m_easy, CURLINFO_REDIRECT_URL, &redirect) == CURLE_OK && redirect != nullptr) {
    m_response.redirect_url = redirect;
  }
  if (code != CURLE_OK) {
    const std::string detail = m_error_buffer[0] != '\0' ? m_error_buffer : curl_easy_strerror(code);
    m_response.error = TransportError{
        classify(code), redact(fmt::format("{} {}: {}", to_string(classify(code)), display_url(m_url), detail))};
    // A response cut off mid-body is not an answer: a partial body must not be parsed as one.
    if (m_response.error->kind == TransportErrorKind::connection_dropped ||
        m_response.error->kind == TransportErrorKind::timeout) {
      m_response.status = 0;
    }
  }
  if (m_trace) {
    (*m_trace)(format_trace(m_record, m_response));
  }
  return std::move(m_response);
}

}  // namespace formcheck::http::detail
