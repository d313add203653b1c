#include "harness/checks/token.hpp"

#include <cctype>

#include <fmt/format.h>

namespace formcheck::checks {

std::string make_token(const std::string& run_id, size_t target_index, int number) {
  // a…z, then aa…: targets beyond 26 are rare but must not collide.
  std::string letters;
  for (size_t i = target_index + 1; i > 0; i = (i - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('a' + (i - 1) % 26));
  }
  return fmt::format("{}-{}{}", run_id, letters, number);
}

bool contains_token(std::string_view body, std::string_view token) {
  for (size_t at = body.find(token); at != std::string_view::npos; at = body.find(token, at + 1)) {
    const size_t end = at + token.size();
    const bool clean_end = end == body.size() || std::isalnum(static_cast<unsigned char>(body[end])) == 0;
    const bool clean_start = at == 0 || std::isalnum(static_cast<unsigned char>(body[at - 1])) == 0;
    if (clean_end && clean_start) {
      return true;
    }
  }
  return false;
}

}  // namespace formcheck::checks
