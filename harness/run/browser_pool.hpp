#pragma once
// The browsers of one target's thread: each engine is started on first use and each
// (engine, device) session is reused for every submission after it; everything ends when
// the pool does, from the thread that started it (PR_SET_PDEATHSIG is per thread).
#include <map>
#include <memory>
#include <string>

#include "harness/browser/engine.hpp"
#include "harness/checks/page_submission.hpp"
#include "harness/config/config.hpp"

namespace formcheck::run {

class BrowserPool {
 public:
  BrowserPool() = default;
  ~BrowserPool();
  BrowserPool(const BrowserPool&) = delete;
  BrowserPool& operator=(const BrowserPool&) = delete;

  // Submits through the page; a browser that cannot start yields a PageSubmission whose
  // problem says why (and which made no request).
  checks::PageSubmission submit(const std::string& engine, const std::string& device,
                                const config::TargetSettings& target, const config::FormSettings& form,
                                const checks::SubmissionRequest& request, checks::PageOptions options);
  void close();

 private:
  browser::Result<browser::Session*> session(const std::string& engine, const std::string& device);
  std::map<std::string, std::unique_ptr<browser::Engine>> m_engines;
  std::map<std::string, std::string> m_engine_errors;  // an engine that failed to start is not retried
  std::map<std::pair<std::string, std::string>, std::unique_ptr<browser::Session>> m_sessions;
};

}  // namespace formcheck::run
