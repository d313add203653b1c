#pragma once
// Where each planned check sits in the result book. A verdict for a check the plan never
// registered is a bug in formcheck (a name judged under another spelling than planned): it is
// never dropped, it becomes an error case of its own, so the run fails and says why.
#include "harness/results/verdict.hpp"

#include <map>
#include <mutex>
#include <string>

namespace formcheck::run {

class PlannedChecks {
 public:
  // Indexes the cases registered in `book` so far (register_cases).
  explicit PlannedChecks(const results::ResultBook& book);

  struct Slot {
    size_t index = 0;
    bool planned = true;  // false: the slot was added for a check judged without being planned
  };
  // The book slot of a check, adding an error case to `book` when it was never planned.
  Slot slot(results::ResultBook& book, const std::string& target, const std::string& suite,
            const std::string& name);

  // The verdict that stands in for one judged without being planned.
  static results::CaseResult unplanned(results::CaseResult judged);

 private:
  std::mutex m_mutex;
  std::map<std::string, size_t> m_index;  // "target\x1fsuite\x1fname" → book index
};

}  // namespace formcheck::run
