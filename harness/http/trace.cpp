#include "harness/http/trace.hpp"

#include "harness/util/one_line.hpp"
#include "harness/util/secret.hpp"
#include "harness/util/secret_names.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <cctype>
#include <chrono>
#include <mutex>

namespace formcheck::http {
namespace {

struct SinkSlot {
  std::mutex mutex;
  std::shared_ptr<const TraceSink> sink;
};

SinkSlot& slot() {
  static SinkSlot instance;
  return instance;
}

// A secret is at most this long: redacting this much past the cut means no secret (or phone
// number) straddling the cut can leave a readable head behind.
constexpr size_t kRedactionMargin = 4096;

bool is_cookie(std::string_view name) {
  auto lower = std::string(name);
  for (auto& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lower == "cookie" || lower == "set-cookie";
}

// Masks the string values of secret-named members ({"auth_token": …}) and of Vercel-style
// {"key": "TWILIO_AUTH_TOKEN", "value": …} pairs. Needed because a response is logged before
// its reader sees it: the audit registers a Plain Vercel variable's value only after the list
// request has finished. Returns whether anything was masked.
bool mask_secret_members(nlohmann::json& node) {
  bool masked = false;
  if (node.is_object()) {
    const auto key = node.find("key");
    const bool keyed_secret =
        key != node.end() && key->is_string() && is_secret_name(key->get<std::string>());
    for (auto& [name, value] : node.items()) {
      if (value.is_string() && (is_secret_name(name) || (keyed_secret && name == "value"))) {
        value = std::string(kRedacted);
        masked = true;
      } else {
        masked = mask_secret_members(value) || masked;
      }
    }
  } else if (node.is_array()) {
    for (auto& item : node) {
      masked = mask_secret_members(item) || masked;
    }
  }
  return masked;
}

std::string without_secret_members(std::string_view body) {
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !mask_secret_members(doc)) {
    return std::string(body);  // not JSON, or nothing to mask: shown as it came
  }
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The start of a body on one line: redacted first, then cut (at a UTF-8 boundary), then
// control characters escaped so a hostile body cannot drive the terminal.
std::string body_excerpt(std::string_view raw) {
  const std::string body = without_secret_members(raw);
  std::string text = redact(std::string_view(body).substr(0, kTraceBodyBytes + kRedactionMargin));
  bool cut = body.size() > kTraceBodyBytes + kRedactionMargin;
  if (text.size() > kTraceBodyBytes) {
    size_t end = kTraceBodyBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    text.resize(end);
    cut = true;
  }
  const std::string out = escape_control_characters(text);
  return cut ? out + " …" : out;
}

std::string header_line(std::string_view name, std::string_view value) {
  return fmt::format("{}: {}", name, is_cookie(name) ? std::string(kRedacted) : std::string(value));
}

}  // namespace

void set_trace_sink(TraceSink sink) {
  auto& s = slot();
  std::lock_guard lock(s.mutex);
  s.sink = sink ? std::make_shared<const TraceSink>(std::move(sink)) : nullptr;
}

namespace detail {

std::shared_ptr<const TraceSink> trace_sink() {
  auto& s = slot();
  std::lock_guard lock(s.mutex);
  return s.sink;
}

TraceRecord trace_record(const Request& request) {
  TraceRecord record;
  record.method = request.method;
  record.url = request.url;
  // The header as curl sends it, secret included: the entry is redacted as a whole, and the
  // secrets tests prove that the redaction holds for exactly this text.
  switch (request.auth.kind) {
    case Auth::Kind::none:
      break;
    case Auth::Kind::basic:
      record.headers.push_back("Authorization: Basic " +
                               base64_encode(request.auth.user + ":" + request.auth.secret.reveal()));
      break;
    case Auth::Kind::bearer:
      record.headers.push_back("Authorization: Bearer " + request.auth.secret.reveal());
      break;
  }
  for (const auto& header : request.headers) {
    record.headers.push_back(header_line(header.name, header.value));
  }
  record.body = request.body;
  return record;
}

std::string format_trace(const TraceRecord& request, const Response& response) {
  const auto now = std::chrono::system_clock::now();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  const auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(response.elapsed).count();
  std::string outcome = response.error ? fmt::format("{} in {} ms: {}", to_string(response.error->kind),
                                                     elapsed_ms, response.error->message)
                                       : fmt::format("{} in {} ms", response.status, elapsed_ms);
  std::string entry =
      fmt::format("{:%H:%M:%S}.{:03d} http {} {} → {}\n", std::chrono::floor<std::chrono::seconds>(now), ms,
                  to_string(request.method), request.url, outcome);
  for (const auto& header : request.headers) {
    entry += fmt::format("  > {}\n", header);
  }
  if (!request.body.empty()) {
    entry += fmt::format("  > body ({} bytes): {}\n", request.body.size(), body_excerpt(request.body));
  }
  for (const auto& header : response.headers) {
    entry += fmt::format("  < {}\n", header_line(header.name, header.value));
  }
  if (!response.body.empty()) {
    entry += fmt::format("  < body ({} bytes): {}\n", response.body.size(), body_excerpt(response.body));
  }
  // Bodies are already redacted (before the cut); this covers the URL and the headers.
  return redact(entry);
}

}  // namespace detail
}  // namespace formcheck::http
