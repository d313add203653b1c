#pragma once
// --verbose / --log FILE / --mask-pii: how one command's output is shaped. The HTTP debug log
// (harness/http/trace.hpp) goes to stderr (--verbose) and/or a file (--log), entry by entry;
// --mask-pii turns on the masking that redact() applies everywhere.
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

namespace formcheck::cli {

struct OutputOptions {
  bool verbose = false;  // the HTTP debug log on stderr
  std::string log;       // ...and/or in this file
  bool mask_pii = false;
  bool quiet = false;          // only what failed, the summary and errors
  std::string colour = "auto";  // --color auto|always|never
};

class DebugLog {
 public:
  // Applies `options` until destroyed. Throws CommandError (exit 2) when the log file cannot
  // be created.
  explicit DebugLog(const OutputOptions& options);
  ~DebugLog();
  DebugLog(const DebugLog&) = delete;
  DebugLog& operator=(const DebugLog&) = delete;

 private:
  struct Target {
    std::mutex mutex;
    bool to_stderr = false;
    std::FILE* file = nullptr;
  };
  std::shared_ptr<Target> m_target;  // shared with the sink, which a request thread may hold
};

}  // namespace formcheck::cli
