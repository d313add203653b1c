#include "harness/cli/debug_log.hpp"

#include "harness/cli/command_error.hpp"
#include "harness/http/trace.hpp"
#include "harness/util/pii.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace formcheck::cli {

DebugLog::DebugLog(const OutputOptions& options) : m_target(std::make_shared<Target>()) {
  set_pii_masking(options.mask_pii);
  m_target->to_stderr = options.verbose;
  if (!options.log.empty()) {
    // Owner-only: the log is redacted, but it still shows URLs, payloads and message bodies.
    const int fd = ::open(options.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    m_target->file = fd < 0 ? nullptr : ::fdopen(fd, "w");
    if (m_target->file == nullptr) {
      throw CommandError(kUsageError,
                         fmt::format("cannot write the debug log {}: {} (fix: give --log a writable path)",
                                     options.log, std::strerror(errno)));
    }
    fmt::print(m_target->file, "formcheck {} debug log: every HTTP request, credentials redacted{}\n",
               FORMCHECK_VERSION, options.mask_pii ? ", phone numbers and e-mail addresses masked" : "");
    std::fflush(m_target->file);
  }
  if (!m_target->to_stderr && m_target->file == nullptr) {
    return;
  }
  http::set_trace_sink([target = m_target](const std::string& entry) {
    std::lock_guard lock(target->mutex);
    if (target->to_stderr) {
      std::fputs(entry.c_str(), stderr);
    }
    if (target->file != nullptr) {
      std::fputs(entry.c_str(), target->file);
      std::fflush(target->file);  // whole entries on disk even if formcheck is killed
    }
  });
}

DebugLog::~DebugLog() {
  http::set_trace_sink(nullptr);
  std::lock_guard lock(m_target->mutex);
  if (m_target->file != nullptr) {
    std::fclose(m_target->file);
    m_target->file = nullptr;
  }
}

}  // namespace formcheck::cli
