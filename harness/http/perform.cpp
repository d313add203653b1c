#include <curl/curl.h>

#include <deque>
#include <memory>

#include "harness/http/curl_transfer.hpp"
#include "harness/http/http.hpp"

namespace formcheck::http {

Response perform(const Request& request) {
  detail::CurlTransfer transfer(request);
  const CURLcode code = curl_easy_perform(transfer.handle());
  return transfer.finish(code);
}

namespace {

Response cancelled_response(const Request& request) {
  Response response;
  response.url = request.url;
  response.error = TransportError{TransportErrorKind::aborted,
                                  redact("aborted " + display_url(request.url) + ": cancelled (Ctrl-C) before the answer")};
  return response;
}

}  // namespace

std::vector<Response> perform_all(const std::vector<Request>& requests, size_t max_parallel,
                                  const std::atomic<bool>* cancelled) {
  detail::ensure_curl_initialised();
  std::vector<Response> responses(requests.size());
  if (requests.empty()) {
    return responses;
  }
  CURLM* multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(max_parallel == 0 ? 1 : max_parallel));

  std::vector<std::unique_ptr<detail::CurlTransfer>> transfers(requests.size());
  size_t next = 0;
  size_t running_count = 0;
  auto add_next = [&] {
    transfers[next] = std::make_unique<detail::CurlTransfer>(requests[next]);
    curl_easy_setopt(transfers[next]->handle(), CURLOPT_PRIVATE, reinterpret_cast<char*>(next));
    // A batch is one-shot: idle keep-alive connections would pin a worker thread each in
    // servers with a fixed pool (and starve the rest of the batch), so close after each.
    curl_easy_setopt(transfers[next]->handle(), CURLOPT_FORBID_REUSE, 1L);
    curl_multi_add_handle(multi, transfers[next]->handle());
    ++next;
    ++running_count;
  };
  // curl queues what exceeds MAX_TOTAL_CONNECTIONS itself; we also cap the handles in flight
  // so thousands of requests do not all start their timeout clocks at once.
  const size_t window = std::max<size_t>(max_parallel * 4, 1);
  while (next < requests.size() && running_count < window) {
    add_next();
  }
  int still_running = 0;
  do {
    curl_multi_perform(multi, &still_running);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
      if (msg->msg != CURLMSG_DONE) {
        continue;
      }
      char* index_ptr = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &index_ptr);
      const auto index = reinterpret_cast<size_t>(index_ptr);
      const CURLcode code = msg->data.result;
      curl_multi_remove_handle(multi, msg->easy_handle);
      responses[index] = transfers[index]->finish(code);
      transfers[index].reset();
      --running_count;
      if (next < requests.size()) {
        add_next();
        still_running = 1;
      }
    }
    if (cancelled != nullptr && cancelled->load()) {
      for (size_t i = 0; i < requests.size(); ++i) {
        if (transfers[i]) {
          curl_multi_remove_handle(multi, transfers[i]->handle());
          const bool request_sent = transfers[i]->finish(CURLE_ABORTED_BY_CALLBACK).request_sent;
          transfers[i].reset();
          responses[i] = cancelled_response(requests[i]);
          responses[i].request_sent = request_sent;
        } else if (i >= next) {
          responses[i] = cancelled_response(requests[i]);
        }
      }
      break;
    }
    if (still_running > 0) {
      curl_multi_poll(multi, nullptr, 0, 100, nullptr);
    }
  } while (still_running > 0 || running_count > 0);
  curl_multi_cleanup(multi);
  return responses;
}

}  // namespace formcheck::http
