#pragma once
// dotenv files as Next.js reads them (@next/env = dotenv 16.3.1 `parse` + dotenv-expand
// `expand` as bundled in @next/env 16), reimplemented so formcheck sees exactly the values `next dev` / `next build`
// would. The conformance test data comes from the real package.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace formcheck::config {

using EnvMap = std::map<std::string, std::string>;

// One file's KEY=value pairs, unexpanded, in order of appearance (a key may repeat; the
// last occurrence wins when collected into a map).
std::vector<std::pair<std::string, std::string>> parse_dotenv(std::string_view text);

// dotenv-expand (as bundled): expands $VAR, ${VAR}, ${VAR:-default} and \$ in `parsed` (in order),
// reading and then WRITING `environment` (process.env in Node), which is how a later file
// sees an earlier file's values. Returns the expanded values.
// A value that refers to itself (A=x$A-y) makes Node overflow its stack and @next/env skip
// the WHOLE file ("Failed to load env from …"): then the result is empty, `environment` is left
// as it was, and `error` (when given) says which key.
EnvMap expand_dotenv(const std::vector<std::pair<std::string, std::string>>& parsed, EnvMap& environment,
                     std::string* error = nullptr);

// Which files Next.js loads for a mode, highest priority first:
// .env.<mode>.local, .env.local (not for mode "test"), .env.<mode>, .env
std::vector<std::string> next_env_files(std::string_view mode);

struct LoadedEnvFile {
  std::string path;
  std::vector<std::pair<std::string, std::string>> entries;  // unexpanded
};

struct NextEnvResult {
  EnvMap values;                            // what process.env holds for the app's keys afterwards
  std::map<std::string, std::string> origin;  // key → file it came from, or "environment"
  std::vector<LoadedEnvFile> files;         // the files that existed, in load order
  std::vector<std::string> load_errors;     // "<file>: <why>" for files Next.js would fail to load
};

// @next/env loadEnvConfig for `dir` in `mode` ("development", "production", "test") with
// `real_env` as the process environment at start: the real environment wins even when a
// value is empty; across files the first file wins.
NextEnvResult load_next_env(const std::filesystem::path& dir, std::string_view mode, const EnvMap& real_env);

// Reads one file with plain dotenv semantics + expansion against `environment` (used by
// `--env-file`). nullopt when the file cannot be read.
std::optional<EnvMap> load_env_file(const std::filesystem::path& path, EnvMap& environment,
                                    std::string* error = nullptr);

}  // namespace formcheck::config
