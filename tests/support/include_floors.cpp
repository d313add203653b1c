#include "tests/support/include_floors.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace formcheck::testing {
namespace {

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

std::vector<std::string> table_cells(const std::string& row) {
  std::vector<std::string> cells;
  std::string_view rest(row);
  rest = rest.substr(rest.find('|') + 1);
  while (!rest.empty()) {
    const auto bar = rest.find('|');
    cells.push_back(trim(rest.substr(0, bar)));
    if (bar == std::string_view::npos) {
      break;
    }
    rest = rest.substr(bar + 1);
  }
  if (!cells.empty() && cells.back().empty()) {
    cells.pop_back();  // the text after the closing bar
  }
  return cells;
}

std::string without_remarks(const std::string& cell) {
  std::string out;
  int depth = 0;
  for (const char c : cell) {
    depth += c == '(' ? 1 : 0;
    if (depth == 0) {
      out += c;
    }
    depth -= (c == ')' && depth > 0) ? 1 : 0;
  }
  return out;
}

bool is_layer_word(const std::string& word) {
  return !word.empty() &&
         std::all_of(word.begin(), word.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

// "`harness/checks`" → "checks"; anything else (fixtures/, tests/, ...) → "".
std::string layer_of_row(std::string first_cell) {
  first_cell.erase(std::remove(first_cell.begin(), first_cell.end(), '`'), first_cell.end());
  const std::string prefix = "harness/";
  if (first_cell.rfind(prefix, 0) != 0) {
    return {};
  }
  const std::string layer = first_cell.substr(prefix.size());
  return is_layer_word(layer) ? layer : std::string{};
}

void read_may_use(const std::string& layer, const std::string& cell, LayerRules& rules) {
  auto& allowed = rules.may_use[layer];
  std::istringstream words(without_remarks(cell));
  std::string word;
  while (std::getline(words, word, ',')) {
    word = trim(word);
    if (word == "std only" || word == "libc only") {
      continue;
    }
    if (word == "everything") {
      rules.uses_everything.insert(layer);
    } else if (is_layer_word(word)) {
      allowed.insert(word);
    } else {
      rules.problems.push_back("ARCHITECTURE.md: the \"may use\" cell of harness/" + layer + " has \"" +
                               word + "\"; write layer names separated by commas");
    }
  }
}

bool is_source_file(const std::filesystem::path& path) {
  const auto ext = path.extension().string();
  return ext == ".cpp" || ext == ".hpp" || ext == ".h";
}

// The layer named by `#include "harness/<layer>/...`, or "" for any other line.
std::string included_layer(const std::string& line) {
  std::string text = trim(line);
  if (text.rfind("#include", 0) != 0) {
    return {};
  }
  text = trim(text.substr(8));
  const std::string prefix = "\"harness/";
  if (text.rfind(prefix, 0) != 0) {
    return {};
  }
  const auto slash = text.find('/', prefix.size());
  return slash == std::string::npos ? std::string{} : text.substr(prefix.size(), slash - prefix.size());
}

std::string allowed_list(const std::set<std::string>& allowed) {
  if (allowed.empty()) {
    return "no other layer";
  }
  std::string list;
  for (const auto& name : allowed) {
    list += (list.empty() ? "" : ", ") + name;
  }
  return list;
}

}  // namespace

LayerRules read_layer_rules(const std::string& architecture_markdown) {
  LayerRules rules;
  std::istringstream lines(architecture_markdown);
  std::string line;
  std::ptrdiff_t may_use_column = -1;
  while (std::getline(lines, line)) {
    const bool table_row = trim(line).rfind('|', 0) == 0;
    if (!table_row) {
      may_use_column = -1;
      continue;
    }
    const auto cells = table_cells(line);
    if (may_use_column < 0) {
      const auto header = std::find(cells.begin(), cells.end(), "may use");
      if (header != cells.end()) {
        may_use_column = header - cells.begin();
      }
      continue;
    }
    const std::string layer = cells.empty() ? std::string{} : layer_of_row(cells.front());
    if (layer.empty()) {
      continue;
    }
    if (std::ssize(cells) <= may_use_column) {
      rules.problems.push_back("ARCHITECTURE.md: the row of harness/" + layer + " has no \"may use\" cell");
      continue;
    }
    read_may_use(layer, cells[static_cast<std::size_t>(may_use_column)], rules);
  }
  for (const auto& [layer, allowed] : rules.may_use) {
    for (const auto& other : allowed) {
      if (!rules.may_use.contains(other)) {
        rules.problems.push_back("ARCHITECTURE.md: harness/" + layer + " may use \"" + other +
                                 "\", which is not a harness/ folder of the table");
      }
    }
  }
  return rules;
}

std::vector<FloorViolation> check_include_floors(const std::filesystem::path& root, const LayerRules& rules) {
  std::vector<FloorViolation> violations;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root / "harness")) {
    if (entry.is_regular_file() && is_source_file(entry.path())) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::set<std::string> folders_without_row;
  for (const auto& path : files) {
    const auto relative = std::filesystem::relative(path, root);
    const auto parts = std::vector<std::filesystem::path>(relative.begin(), relative.end());
    if (parts.size() < 3) {
      continue;  // harness/CMakeLists.txt and the like belong to no layer
    }
    const std::string layer = parts[1].string();
    const auto allowed = rules.may_use.find(layer);
    if (allowed == rules.may_use.end()) {
      if (folders_without_row.insert(layer).second) {
        violations.push_back({relative.string(), 0,
                              "harness/" + layer +
                                  " has no row in ARCHITECTURE.md's \"Folders are layers\" table; add one "
                                  "with its \"may use\" layers"});
      }
      continue;
    }
    std::ifstream in(path);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      const std::string other = included_layer(line);
      if (other.empty() || other == layer || rules.uses_everything.contains(layer) ||
          allowed->second.contains(other)) {
        continue;
      }
      violations.push_back({relative.string(), number,
                            relative.string() + ":" + std::to_string(number) + ": harness/" + layer +
                                " may not include harness/" + other + " (ARCHITECTURE.md: " + layer +
                                " may use " + allowed_list(allowed->second) + ")"});
    }
  }
  return violations;
}

}  // namespace formcheck::testing
