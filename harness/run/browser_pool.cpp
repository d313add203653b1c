#include "harness/run/browser_pool.hpp"

#include <fmt/format.h>

#include "harness/browser/engines.hpp"

namespace formcheck::run {

BrowserPool::~BrowserPool() { close(); }

void BrowserPool::close() {
  m_sessions.clear();  // DELETE /session first, while the drivers still run
  for (auto& [name, engine] : m_engines) {
    engine->shutdown();
  }
  m_engines.clear();
}

browser::Result<browser::Session*> BrowserPool::session(const std::string& engine, const std::string& device) {
  const auto key = std::make_pair(engine, device);
  if (const auto it = m_sessions.find(key); it != m_sessions.end()) {
    return it->second.get();
  }
  if (const auto failed = m_engine_errors.find(engine); failed != m_engine_errors.end()) {
    return unexpected(failed->second);
  }
  auto& running = m_engines[engine];
  if (!running) {
    auto started = browser::start_engine(engine);
    if (!started) {
      m_engines.erase(engine);
      m_engine_errors[engine] = started.error();
      return unexpected(started.error());
    }
    running = std::move(*started);
  }
  auto opened = running->open(browser::Device{device});
  if (!opened) {
    return unexpected(opened.error());
  }
  auto* raw = opened->get();
  m_sessions[key] = std::move(*opened);
  return raw;
}

checks::PageSubmission BrowserPool::submit(const std::string& engine, const std::string& device,
                                           const config::TargetSettings& target, const config::FormSettings& form,
                                           const checks::SubmissionRequest& request,
                                           checks::PageOptions options) {
  auto s = session(engine, device);
  if (!s) {
    checks::PageSubmission failed;
    failed.engine = engine;
    failed.device = device;
    failed.page_url = target.url + form.page;
    failed.problem = "the browser could not be used: " + s.error();
    failed.infrastructure = true;
    failed.submission.token = request.token;
    failed.submission.url = target.url + form.path;
    failed.submission.fields_sent = checks::merge_fields(form.fields, request.fields);
    failed.submission.response.error =
        http::TransportError{http::TransportErrorKind::other, "the browser could not be used"};
    return failed;
  }
  auto page = checks::submit_page(**s, target, form, request, options);
  if (checks::browser_failed(page.problem)) {
    m_sessions.erase({engine, device});  // the next submission opens a fresh session
  }
  return page;
}

}  // namespace formcheck::run
