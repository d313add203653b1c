#include "harness/browser/program_path.hpp"

#include <unistd.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace formcheck::browser {
namespace {

bool executable_file(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

}  // namespace

std::optional<std::filesystem::path> find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  const std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  size_t start = 0;
  for (;;) {
    const auto end = dirs.find(':', start);
    const auto dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!dir.empty() && executable_file(std::filesystem::path(dir) / name)) {
      return std::filesystem::path(dir) / name;
    }
    if (end == std::string::npos) {
      return std::nullopt;
    }
    start = end + 1;
  }
}

std::optional<std::filesystem::path> find_first(const std::vector<std::string>& candidates) {
  for (const auto& candidate : candidates) {
    const auto star = candidate.find('*');
    if (star == std::string::npos) {
      if (executable_file(candidate)) {
        return std::filesystem::path(candidate);
      }
      continue;
    }
    const std::filesystem::path parent = candidate.substr(0, star);
    const std::string rest = candidate.substr(star + 1);
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(parent, ec)) {
      const auto p = std::filesystem::path(entry.path().string() + rest);
      if (executable_file(p)) {
        return p;
      }
    }
  }
  return std::nullopt;
}

std::string first_version_line(const std::filesystem::path& program) {
  const std::string command = "'" + program.string() + "' --version 2>/dev/null";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return {};
  }
  std::array<char, 512> buffer{};
  std::string line;
  if (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr) {
    line = buffer.data();
  }
  ::pclose(pipe);
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())) != 0) {
    line.pop_back();
  }
  return line;
}

}  // namespace formcheck::browser
