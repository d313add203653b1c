#pragma once
#include <filesystem>

namespace formcheck {

// The environment variable that points formcheck at its data folder (suites/, fixtures/payloads/,
// fixtures/configs/) when it is not where the binary expects it.
inline constexpr const char* kDataDirVariable = "FORMCHECK_DATA_DIR";

// Where formcheck's data lives: $FORMCHECK_DATA_DIR when set, otherwise ../share/formcheck
// next to the running executable. That holds for an installed formcheck (/usr/bin →
// /usr/share/formcheck, or any --prefix) and for a build tree (build/bin → build/share/formcheck,
// which CMake fills with links into the source tree), so the binary carries no absolute path
// from the machine that built it.
std::filesystem::path data_dir();

// The folder holding the running executable (read from /proc/self/exe).
std::filesystem::path executable_dir();

}  // namespace formcheck
