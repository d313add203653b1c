#pragma once
// What every report says about the run as a whole (as opposed to its cases).
#include <chrono>
#include <string>

namespace formcheck::results {
class ResultBook;
}

namespace formcheck::report {

// This machine's name, or "localhost" when it cannot be determined (the Ant JUnit schema's rule).
std::string local_hostname();

struct RunMeta {
  std::string run_id;
  std::chrono::system_clock::time_point started_at = std::chrono::system_clock::now();
  std::string hostname = local_hostname();
  bool interrupted = false;
  // Wall-clock time of the whole run; zero means "unknown": reports then use the sum of
  // the case durations.
  std::chrono::milliseconds total_time{0};
};

using JunitMeta = RunMeta;
using JsonMeta = RunMeta;

// Run id, start time and the interrupted flag as the book holds them.
RunMeta meta_from_book(const results::ResultBook& book, std::chrono::milliseconds total_time);

}  // namespace formcheck::report
