#include "harness/config/dotenv.hpp"

#include "harness/util/text_file.hpp"

#include <regex>

namespace formcheck::config {
namespace {

std::string normalise_newlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }
bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}
bool is_word_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

std::string trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && is_space(s[b])) {
    ++b;
  }
  while (e > b && is_space(s[e - 1])) {
    --e;
  }
  return std::string(s.substr(b, e - b));
}

// After a value: optional spaces, an optional #comment, then the end of the line.
bool rest_of_line_ok(std::string_view text, size_t pos, size_t& line_end) {
  while (pos < text.size() && text[pos] != '\n' && is_space(text[pos])) {
    ++pos;
  }
  if (pos < text.size() && text[pos] == '#') {
    while (pos < text.size() && text[pos] != '\n') {
      ++pos;
    }
  }
  line_end = pos;
  return pos == text.size() || text[pos] == '\n';
}

// Tries the quoted alternatives of dotenv's LINE regex at `pos` (after optional spaces):
// returns the raw value (quotes included) and where it ended.
std::optional<std::pair<std::string, size_t>> match_quoted(std::string_view text, size_t pos) {
  size_t p = pos;
  while (p < text.size() && is_space(text[p])) {
    ++p;
  }
  if (p >= text.size()) {
    return std::nullopt;
  }
  const char quote = text[p];
  if (quote != '\'' && quote != '"' && quote != '`') {
    return std::nullopt;
  }
  // (?:\\q|[^q])* then q — greedy with backtracking: the regex takes the LAST closing quote
  // that still lets the rest of the line match, so try candidates from the furthest back.
  std::vector<size_t> closers;
  for (size_t i = p + 1; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == quote) {
      closers.push_back(i + 1);  // \q may also be read as '\' then the closing q
      ++i;
      continue;
    }
    if (text[i] == quote) {
      closers.push_back(i);
      break;  // [^q] cannot cross an unescaped quote
    }
  }
  for (auto it = closers.rbegin(); it != closers.rend(); ++it) {
    size_t line_end = 0;
    if (rest_of_line_ok(text, *it + 1, line_end)) {
      return std::pair{std::string(text.substr(pos, *it + 1 - pos)), line_end};
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_dotenv(std::string_view input) {
  const std::string text = normalise_newlines(input);
  std::vector<std::pair<std::string, std::string>> out;
  size_t line_start = 0;
  while (line_start <= text.size()) {
    size_t next_line = text.find('\n', line_start);
    if (next_line == std::string::npos) {
      next_line = text.size();
    }
    size_t p = line_start;
    while (p < text.size() && is_space(text[p])) {  // \s* (may cross blank lines)
      ++p;
    }
    // From here we are on the line holding p.
    size_t resume = next_line + 1;
    do {
      if (p >= text.size()) {
        break;
      }
      if (text.compare(p, 6, "export") == 0 && p + 6 < text.size() && is_space(text[p + 6])) {
        size_t q = p + 6;
        while (q < text.size() && is_space(text[q])) {
          ++q;
        }
        // "export" followed by a key; if what follows is not a key=value, "export" may itself be the key.
        size_t k = q;
        while (k < text.size() && is_key_char(text[k])) {
          ++k;
        }
        if (k > q) {
          p = q;
        }
      }
      size_t key_end = p;
      while (key_end < text.size() && is_key_char(text[key_end])) {
        ++key_end;
      }
      if (key_end == p) {
        break;
      }
      const std::string key = text.substr(p, key_end - p);
      size_t v = key_end;
      size_t ws = v;
      while (ws < text.size() && is_space(text[ws])) {
        ++ws;
      }
      if (ws < text.size() && text[ws] == '=') {
        v = ws + 1;
      } else if (v < text.size() && text[v] == ':' && v + 1 < text.size() && is_space(text[v + 1])) {
        v = v + 2;  // ":\s+?" takes one whitespace character
      } else {
        break;
      }
      std::string raw;
      size_t end = v;
      if (auto quoted = match_quoted(text, v)) {
        raw = quoted->first;
        end = quoted->second;
      } else {
        size_t u = v;
        while (u < text.size() && text[u] != '#' && text[u] != '\n') {
          ++u;
        }
        size_t line_end = 0;
        if (!rest_of_line_ok(text, u, line_end)) {
          break;
        }
        raw = text.substr(v, u - v);
        end = line_end;
      }
      std::string value = trim(raw);
      const char maybe_quote = value.empty() ? '\0' : value.front();
      if (value.size() >= 2 && (maybe_quote == '\'' || maybe_quote == '"' || maybe_quote == '`') &&
          value.back() == maybe_quote) {
        value = value.substr(1, value.size() - 2);
      }
      if (maybe_quote == '"') {
        std::string unescaped;
        for (size_t i = 0; i < value.size(); ++i) {
          if (value[i] == '\\' && i + 1 < value.size() && (value[i + 1] == 'n' || value[i + 1] == 'r')) {
            unescaped.push_back(value[i + 1] == 'n' ? '\n' : '\r');
            ++i;
          } else {
            unescaped.push_back(value[i]);
          }
        }
        value = std::move(unescaped);
      }
      out.emplace_back(key, std::move(value));
      resume = end + 1;
    } while (false);
    line_start = std::max(resume, next_line + 1);
    if (next_line >= text.size() && resume > text.size()) {
      break;
    }
  }
  return out;
}

namespace {

// JavaScript's String.prototype.replace(string, string): first occurrence only, and the
// replacement's $$, $&, $` and $' patterns are interpreted (dotenv-expand inherits this).
std::string js_replace_first(const std::string& subject, const std::string& pattern, const std::string& replacement) {
  const size_t at = subject.find(pattern);
  if (at == std::string::npos) {
    return subject;
  }
  std::string expanded;
  for (size_t i = 0; i < replacement.size(); ++i) {
    if (replacement[i] == '$' && i + 1 < replacement.size()) {
      const char n = replacement[i + 1];
      if (n == '$') {
        expanded.push_back('$');
        ++i;
        continue;
      }
      if (n == '&') {
        expanded += pattern;
        ++i;
        continue;
      }
      if (n == '`') {
        expanded += subject.substr(0, at);
        ++i;
        continue;
      }
      if (n == '\'') {
        expanded += subject.substr(at + pattern.size());
        ++i;
        continue;
      }
    }
    expanded.push_back(replacement[i]);
  }
  return subject.substr(0, at) + expanded + subject.substr(at + pattern.size());
}

// The last '$' not preceded by a backslash, or npos.
size_t last_unescaped_dollar(const std::string& value) {
  for (size_t i = value.size(); i-- > 0;) {
    if (value[i] == '$' && (i == 0 || value[i - 1] != '\\')) {
      return i;
    }
  }
  return std::string::npos;
}

// dotenv-expand as bundled in @next/env 16 (not dotenv-expand v10's pass: the bundled code is
// the newer right-to-left algorithm, and the test data comes from the real package): take the
// right-most unescaped $, match /\${?(\w+)(?::-([^}\\]*))?}?/ there, replace the first
// occurrence of that text with env[key] || default || parsed[key] || "", and repeat.
// nullopt for a runaway expansion (a value that refers to itself): Node would recurse until
// its stack overflows. Bounded so it is detected quickly: every round copies the value, and a
// self-reference through JavaScript's $` pattern doubles it, so the bound on its length is what
// bounds the work (1000 rounds × 64 KiB; with 1 MiB, fuzz_dotenv found an 84-byte file that took
// seconds and a gigabyte). No real .env value comes near 64 KiB (Vercel caps a variable at 64 KB).
std::optional<std::string> interpolate(std::string value, const EnvMap& environment, const EnvMap& parsed) {
  constexpr size_t kMaxLength = 64 * 1024;
  for (int rounds = 0; rounds < 1000 && value.size() <= kMaxLength; ++rounds) {
    const size_t dollar = last_unescaped_dollar(value);
    if (dollar == std::string::npos) {
      return value;
    }
    size_t p = dollar + 1;
    const bool braced = p < value.size() && value[p] == '{';
    if (braced) {
      ++p;
    }
    const size_t key_start = p;
    while (p < value.size() && is_word_char(value[p])) {
      ++p;
    }
    if (p == key_start) {
      return value;  // the right-most $ starts no reference: JavaScript stops here
    }
    const std::string key = value.substr(key_start, p - key_start);
    std::optional<std::string> fallback;
    if (p + 1 < value.size() && value[p] == ':' && value[p + 1] == '-') {
      size_t q = p + 2;
      while (q < value.size() && value[q] != '}' && value[q] != '\\') {
        ++q;
      }
      fallback = value.substr(p + 2, q - p - 2);
      p = q;
    }
    if (p < value.size() && value[p] == '}') {
      ++p;
    }
    const std::string whole = value.substr(dollar, p - dollar);
    std::string replacement;
    if (const auto it = environment.find(key); it != environment.end() && !it->second.empty()) {
      replacement = it->second;
    } else if (fallback && !fallback->empty()) {
      replacement = *fallback;
    } else if (const auto pit = parsed.find(key); pit != parsed.end()) {
      replacement = pit->second;
    }
    value = js_replace_first(value, whole, replacement);
  }
  return std::nullopt;
}

std::string resolve_escaped_dollars(const std::string& value) {
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size() && value[i + 1] == '$') {
      out.push_back('$');
      ++i;
    } else {
      out.push_back(value[i]);
    }
  }
  return out;
}

}  // namespace

EnvMap expand_dotenv(const std::vector<std::pair<std::string, std::string>>& entries, EnvMap& environment,
                     std::string* error) {
  // config.parsed is an object: duplicate keys collapse (last wins), order of first insertion.
  std::vector<std::string> order;
  EnvMap parsed;
  for (const auto& [key, value] : entries) {
    if (!parsed.contains(key)) {
      order.push_back(key);
    }
    parsed[key] = value;
  }
  for (const auto& key : order) {
    const auto env_it = environment.find(key);
    const std::string value = env_it != environment.end() ? env_it->second : parsed[key];
    const auto expanded = interpolate(value, environment, parsed);
    if (!expanded) {
      if (error != nullptr) {
        *error = key + " refers to itself (its expansion never ends), so Next.js fails to load the whole file "
                 "(Maximum call stack size exceeded)";
      }
      return {};
    }
    parsed[key] = resolve_escaped_dollars(*expanded);
  }
  for (const auto& key : order) {
    environment[key] = parsed[key];
  }
  return parsed;
}

std::vector<std::string> next_env_files(std::string_view mode) {
  std::vector<std::string> files{".env." + std::string(mode) + ".local"};
  if (mode != "test") {
    files.emplace_back(".env.local");
  }
  files.push_back(".env." + std::string(mode));
  files.emplace_back(".env");
  return files;
}

namespace {
std::optional<std::string> read_text(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !(std::filesystem::is_regular_file(status) || std::filesystem::is_fifo(status))) {
    return std::nullopt;
  }
  return read_text_file(path);
}
}  // namespace

NextEnvResult load_next_env(const std::filesystem::path& dir, std::string_view mode, const EnvMap& real_env) {
  NextEnvResult result;
  EnvMap process_env = real_env;
  for (const auto& name : next_env_files(mode)) {
    const auto text = read_text(dir / name);
    if (!text) {
      continue;
    }
    LoadedEnvFile file{(dir / name).string(), parse_dotenv(*text)};
    std::string error;
    const auto expanded = expand_dotenv(file.entries, process_env, &error);
    if (!error.empty()) {
      result.load_errors.push_back(name + ": " + error);
      result.files.push_back(std::move(file));
      continue;
    }
    for (const auto& [key, value] : expanded) {
      if (!result.values.contains(key) && !real_env.contains(key)) {
        result.values[key] = value;
        result.origin[key] = name;
      }
    }
    result.files.push_back(std::move(file));
  }
  // Keys the real environment defines win, even when empty.
  for (const auto& file : result.files) {
    for (const auto& [key, value] : file.entries) {
      if (const auto it = real_env.find(key); it != real_env.end()) {
        result.values[key] = it->second;
        result.origin[key] = "environment";
      }
    }
  }
  return result;
}

std::optional<EnvMap> load_env_file(const std::filesystem::path& path, EnvMap& environment, std::string* error) {
  const auto text = read_text(path);
  if (!text) {
    if (error != nullptr) {
      *error = "cannot be read";
    }
    return std::nullopt;
  }
  std::string expand_error;
  auto values = expand_dotenv(parse_dotenv(*text), environment, &expand_error);
  if (!expand_error.empty()) {
    if (error != nullptr) {
      *error = expand_error;
    }
    return std::nullopt;
  }
  return values;
}

}  // namespace formcheck::config
