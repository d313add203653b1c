#include "harness/config/dotenv.hpp"

#include <fstream>
#include <regex>
#include <sstream>

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

// One match of /(.?\${*[\w]*(?::-[\w/]*)?}*)/g: the text and how long its `.?` prefix is.
// `.?` is greedy and JavaScript's `.` excludes '\n', so "$$A" has the prefix '$'.
struct Reference {
  std::string text;
  size_t prefix_len = 0;
};

std::vector<Reference> find_references(const std::string& value) {
  std::vector<Reference> matches;
  size_t i = 0;
  while (i < value.size()) {
    size_t dollar = std::string::npos;
    if (value[i] != '\n' && i + 1 < value.size() && value[i + 1] == '$') {
      dollar = i + 1;
    } else if (value[i] == '$') {
      dollar = i;
    }
    if (dollar == std::string::npos) {
      ++i;
      continue;
    }
    size_t p = dollar + 1;
    while (p < value.size() && value[p] == '{') {
      ++p;
    }
    while (p < value.size() && is_word_char(value[p])) {
      ++p;
    }
    if (p + 1 < value.size() && value[p] == ':' && value[p + 1] == '-') {
      p += 2;
      while (p < value.size() && (is_word_char(value[p]) || value[p] == '/')) {
        ++p;
      }
    }
    while (p < value.size() && value[p] == '}') {
      ++p;
    }
    matches.push_back({value.substr(i, p - i), dollar - i});
    i = p;
  }
  return matches;
}

std::string interpolate(const std::string& env_value, const EnvMap& environment, const EnvMap& parsed, int depth) {
  if (depth > 32) {  // dotenv-expand recurses without a limit; a self-reference would loop
    return env_value;
  }
  auto matches = find_references(env_value);
  std::string result = env_value;
  for (size_t index = 0; index < matches.size(); ++index) {
    const std::string match = matches[index].text;
    if (match.empty()) {
      continue;
    }
    // /(.?)\${*([\w]*(?::-[\w/]*)?)?}*/ on the match
    const size_t p = matches[index].prefix_len;
    const std::string prefix = match.substr(0, p);
    size_t q = p + 1;
    while (q < match.size() && match[q] == '{') {
      ++q;
    }
    size_t name_end = q;
    while (name_end < match.size() && match[name_end] != '}') {
      ++name_end;
    }
    const std::string inner = match.substr(q, name_end - q);
    std::string replace_part;
    std::string value;
    if (prefix == "\\") {
      replace_part = match;
      value = js_replace_first(replace_part, "\\$", "$$");
    } else {
      const auto sep = inner.find(":-");
      const std::string key = inner.substr(0, sep);
      const std::string fallback = sep == std::string::npos ? "" : inner.substr(sep + 2);
      replace_part = match.substr(prefix.size());
      if (const auto env_it = environment.find(key); env_it != environment.end()) {
        value = env_it->second;
      } else if (const auto parsed_it = parsed.find(key); parsed_it != parsed.end() && !parsed_it->second.empty()) {
        value = parsed_it->second;
      } else {
        value = fallback;
      }
      if (sep != std::string::npos && !value.empty() && index + 1 < matches.size()) {
        const std::string nested = matches[index + 1].text;
        matches[index + 1].text.clear();
        result = js_replace_first(result, nested, "");
      }
      value = interpolate(value, environment, parsed, depth + 1);
    }
    result = js_replace_first(result, replace_part, value);
  }
  return result;
}

}  // namespace

EnvMap expand_dotenv(const std::vector<std::pair<std::string, std::string>>& entries, EnvMap& environment) {
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
    parsed[key] = interpolate(value, environment, parsed, 0);
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
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
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
    const auto expanded = expand_dotenv(file.entries, process_env);
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

std::optional<EnvMap> load_env_file(const std::filesystem::path& path, EnvMap& environment) {
  const auto text = read_text(path);
  if (!text) {
    return std::nullopt;
  }
  return expand_dotenv(parse_dotenv(*text), environment);
}

}  // namespace formcheck::config
