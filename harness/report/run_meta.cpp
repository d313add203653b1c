#include "harness/report/run_meta.hpp"

#include <array>
#include <unistd.h>

#include "harness/results/verdict.hpp"

namespace formcheck::report {

std::string local_hostname() {
  std::array<char, 256> buffer{};
  if (::gethostname(buffer.data(), buffer.size() - 1) != 0 || buffer[0] == '\0') {
    return "localhost";
  }
  return std::string(buffer.data());
}

RunMeta meta_from_book(const results::ResultBook& book, std::chrono::milliseconds total_time) {
  RunMeta meta;
  meta.run_id = book.run_id;
  meta.started_at = book.started_at();
  meta.interrupted = book.interrupted;
  meta.total_time = total_time;
  return meta;
}

}  // namespace formcheck::report
