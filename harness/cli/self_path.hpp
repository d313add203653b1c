#pragma once
#include <filesystem>

namespace formcheck::cli {

// The folder holding the running formcheck binary: the stand-ins are installed beside it.
std::filesystem::path own_bin_dir();

}  // namespace formcheck::cli
