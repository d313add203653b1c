#pragma once
// The HTTP debug log (--verbose, --log FILE): one entry per finished request — method, URL,
// status, elapsed time, request and response headers, the start of both bodies. An entry is
// redacted (and PII-masked, with --mask-pii) before it reaches the sink, so a sink can write it
// anywhere.
#include "harness/http/http.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace formcheck::http {

using TraceSink = std::function<void(const std::string& entry)>;

// Installs the sink every finished request is reported to; an empty sink turns tracing off
// (the default). Called from whichever thread finished the request, so it must be thread-safe.
void set_trace_sink(TraceSink sink);

// How much of each body an entry shows.
inline constexpr size_t kTraceBodyBytes = 2000;

namespace detail {

// What a request looked like on the wire, kept only while tracing.
struct TraceRecord {
  Method method = Method::get;
  std::string url;
  std::vector<std::string> headers;  // "Name: value", the Authorization header included
  std::string body;
};

// The installed sink, or nullptr. Looked up once per request: an untraced run pays nothing.
std::shared_ptr<const TraceSink> trace_sink();

TraceRecord trace_record(const Request& request);

// One log entry, redacted (pure, for tests).
std::string format_trace(const TraceRecord& request, const Response& response);

}  // namespace detail
}  // namespace formcheck::http
