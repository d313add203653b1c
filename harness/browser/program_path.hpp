#pragma once
// Finding the programs an engine needs: on PATH, or the first of a few fixed places (Debian
// installs MiniBrowser outside PATH, under the multiarch library folder).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace formcheck::browser {

// The executable `name` in a PATH directory (nullopt when none has it).
std::optional<std::filesystem::path> find_on_path(const std::string& name);

// The first of `candidates` that is an executable file; each may hold one '*' standing for
// any single folder name (e.g. "/usr/lib/*/webkit2gtk-4.1/MiniBrowser").
std::optional<std::filesystem::path> find_first(const std::vector<std::string>& candidates);

// The first line `program --version` prints on stdout ("" when none).
std::string first_version_line(const std::filesystem::path& program);

}  // namespace formcheck::browser
