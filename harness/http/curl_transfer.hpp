#pragma once
// One libcurl easy handle configured from a Request, collecting a Response. Shared by the
// single-request and the multi (concurrent) paths so both behave identically.
#include <curl/curl.h>

#include <chrono>
#include <memory>

#include "harness/http/http.hpp"
#include "harness/http/trace.hpp"

namespace formcheck::http::detail {

class CurlTransfer {
 public:
  explicit CurlTransfer(const Request& request);
  ~CurlTransfer();
  CurlTransfer(const CurlTransfer&) = delete;
  CurlTransfer& operator=(const CurlTransfer&) = delete;

  CURL* handle() const { return m_easy; }
  // Turns curl's result code into the finished Response (status, headers, body, error).
  Response finish(CURLcode code);

 private:
  static size_t on_body(char* data, size_t size, size_t count, void* self);
  static size_t on_header(char* data, size_t size, size_t count, void* self);

  CURL* m_easy = nullptr;
  curl_slist* m_header_list = nullptr;
  char m_error_buffer[CURL_ERROR_SIZE] = {};
  std::string m_url;
  size_t m_max_body = 0;
  Response m_response;
  std::chrono::steady_clock::time_point m_started;
  std::shared_ptr<const TraceSink> m_trace;  // set only while --verbose/--log is on
  TraceRecord m_record;
};

void ensure_curl_initialised();

}  // namespace formcheck::http::detail
