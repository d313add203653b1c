#pragma once
// Reports are replaced whole or not at all: a reader (CI, a second Ctrl-C, a crash mid-write)
// sees the previous file or the new one, never half of one.
#include <filesystem>
#include <string>
#include <string_view>

#include "harness/util/expected.hpp"

namespace formcheck::report {

// A report write: true, or a one-line message naming the path and the reason.
using WriteResult = Expected<bool, std::string>;

// Creates the parent directories, writes `content` to "<path>.tmp-<pid>" beside `path`,
// flushes it to disk, then renames it over `path`. On failure the temporary file is removed.
WriteResult write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace formcheck::report
