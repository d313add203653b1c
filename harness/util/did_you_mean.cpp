#include "harness/util/did_you_mean.hpp"

#include <algorithm>

namespace formcheck {

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t previous = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t current = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1)});
      previous = current;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& known) {
  const size_t limit = typed.size() <= 3 ? 1 : 2;
  std::optional<std::string> best;
  size_t best_distance = limit + 1;
  for (const auto& name : known) {
    const auto d = edit_distance(typed, name);
    if (d < best_distance && name != typed) {
      best_distance = d;
      best = name;
    }
  }
  return best;
}

std::string did_you_mean_suffix(std::string_view typed, const std::vector<std::string>& known) {
  const auto best = closest_name(typed, known);
  return best ? " — did you mean '" + *best + "'?" : std::string();
}

}  // namespace formcheck
