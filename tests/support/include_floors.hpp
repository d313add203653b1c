#pragma once
// The include-floor rule: a file under harness/<layer>/ may include "harness/<other>/..." only
// when ARCHITECTURE.md's "Folders are layers" table lists <other> in <layer>'s "may use" column.
// The table is the one place the rule is written; this reads it and checks the tree against it.
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace formcheck::testing {

struct LayerRules {
  // layer name → the layers it may include; a layer marked "everything" may include any.
  std::map<std::string, std::set<std::string>> may_use;
  std::set<std::string> uses_everything;
  std::vector<std::string> problems;  // table rows the reader could not understand
};

// Reads the `harness/<layer>` rows of the markdown table whose header has a "may use" column.
// A cell is a comma-separated list of layer names; "(...)" remarks are ignored; "std only",
// "libc only" allow no layer; "X and below" is refused (it names no layers, so it cannot be checked).
LayerRules read_layer_rules(const std::string& architecture_markdown);

struct FloorViolation {
  std::string file;  // relative to the harness folder's parent, e.g. "harness/checks/a.cpp"
  int line = 0;
  std::string message;  // "harness/checks/a.cpp:12: checks may not include harness/run/..."
};

// Every `#include "harness/<layer>/..."` in the files under `root`/harness that its folder's
// rules do not allow, plus one violation for a folder that has no row in the table.
std::vector<FloorViolation> check_include_floors(const std::filesystem::path& root, const LayerRules& rules);

}  // namespace formcheck::testing
