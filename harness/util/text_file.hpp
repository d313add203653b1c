#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace formcheck {

// The whole file as bytes; nullopt when it cannot be opened.
std::optional<std::string> read_text_file(const std::filesystem::path& path);

}  // namespace formcheck
