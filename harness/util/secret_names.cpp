#include "harness/util/secret_names.hpp"

#include <cctype>
#include <string>

namespace formcheck {

bool is_secret_name(std::string_view name) {
  std::string upper;
  upper.reserve(name.size());
  for (char c : name) {
    upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  for (const char* word : {"TOKEN", "SECRET", "PASSWORD", "PASSWD", "API_KEY", "PRIVATE"}) {
    if (upper.find(word) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace formcheck
