#include "harness/checks/label_judge.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace formcheck::checks {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// White space runs as one space, none at the ends; ASCII lower case when `fold`.
std::string squeezed(std::string_view text, bool fold) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (is_space(c)) {
      space = !out.empty();
      continue;
    }
    if (space) {
      out.push_back(' ');
      space = false;
    }
    out.push_back(fold && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

std::string digits_of(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      out.push_back(c);
    }
  }
  return out;
}

// The first line a region shows, cut short (never inside a UTF-8 sequence).
std::string shown(std::string_view region) {
  const auto start = region.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) {
    return {};
  }
  auto line = region.substr(start, region.find('\n', start) - start);
  line = line.substr(0, line.find_last_not_of(" \t\r,;|") + 1);  // not the delimiter before the next label
  if (line.size() <= 80) {
    return std::string(line);
  }
  size_t cut = 80;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return std::string(line.substr(0, cut)) + "…";
}

// " (the email's value)" when what a label shows is another field's submitted value.
std::string whose(std::string_view shows, const WantedValue& w, const PlacementInput& in) {
  if (shows.empty()) {
    return {};
  }
  for (const auto& [name, value] : in.sent) {
    if (name != w.field && squeezed(shows, false) == squeezed(value, false)) {
      return fmt::format(" (the {}'s value)", name);
    }
  }
  return {};
}

PlacedValue place_one(const PlacementInput& in, const BodyLayout& layout, const WantedValue& w) {
  const auto role = field_role(w.field);
  const auto region = [&](const LabelledSection& s) { return in.body.substr(s.begin, s.end - s.begin); };
  PlacedValue p;
  const LabelledSection* own = nullptr;
  for (const auto& s : layout.sections) {
    if (s.field != w.field) {
      continue;
    }
    if (own == nullptr || shown(region(*own)).empty()) {
      own = &s;
    }
    if (holds_value(region(s), w.text, in.match, role)) {
      p.ok = p.labelled = true;
      return p;
    }
  }
  if (own == nullptr) {  // no label of its own in this body: found anywhere is found
    p.ok = holds_value(in.body, w.text, in.match, role);
    p.nowhere = !p.ok;
    p.headline = w.name;
    p.detail = fmt::format("{}: not in the body{}", w.name,
                           layout.labelled() ? ", and the body has no label for it" : "");
    return p;
  }
  p.labelled = true;
  std::vector<std::string> under;
  for (const auto& s : layout.sections) {
    if (s.field != w.field && holds_value(region(s), w.text, in.match, field_role(w.field)) &&
        std::find(under.begin(), under.end(), s.label) == under.end()) {
      under.push_back(s.label);
    }
  }
  const auto shows = shown(region(*own));
  std::string where;
  if (!under.empty()) {
    std::string labels;
    for (const auto& l : under) {
      labels += (labels.empty() ? "'" : ", '") + l + "'";
    }
    where = "its value sits under " + labels;
  } else {
    where = holds_value(in.body, w.text, in.match, role) ? "its value is in the body, under no label"
                                                         : "its value is nowhere in the body";
  }
  p.headline = under.empty() ? w.name : fmt::format("{} (under '{}')", w.name, under.front());
  p.detail =
      fmt::format("{}: under its label '{}' the body shows {}{}; {}", w.name, own->label,
                  shows.empty() ? std::string("nothing") : "'" + shows + "'", whose(shows, w, in), where);
  return p;
}

}  // namespace

bool holds_value(std::string_view haystack, std::string_view value, ValueMatch match, FieldRole role) {
  if (match == ValueMatch::exact) {
    return haystack.find(value) != std::string_view::npos;
  }
  // Letter case too: a site may title-case a name or lower-case an e-mail; the text survives.
  const auto wanted = squeezed(value, true);
  if (!wanted.empty() && squeezed(haystack, true).find(wanted) != std::string::npos) {
    return true;
  }
  if (role == FieldRole::phone) {
    // "+62 812-3456-7890" written "0812 3456 7890" or "+6281234567890": the subscriber's
    // last eight digits survive every national and international format.
    const auto digits = digits_of(value);
    if (digits.size() >= 6) {
      return digits_of(haystack).find(digits.substr(digits.size() - std::min<size_t>(digits.size(), 8))) !=
             std::string::npos;
    }
  }
  return false;
}

bool Placement::all_ok() const {
  return std::all_of(values.begin(), values.end(), [](const PlacedValue& v) { return v.ok; });
}

std::string Placement::labels_note() const {
  return layout.labelled() ? "read from the body: " + layout.describe()
                           : "none recognised (a free-form body): each value searched anywhere in it";
}

std::string Placement::how_found() const {
  if (!layout.labelled()) {
    return "no labels in the body: each searched anywhere";
  }
  const auto labelled =
      std::count_if(values.begin(), values.end(), [](const PlacedValue& v) { return v.labelled; });
  if (static_cast<size_t>(labelled) == values.size()) {
    return "each under its label";
  }
  return fmt::format("{} under its label, {} without a label in the body (searched anywhere)", labelled,
                     values.size() - static_cast<size_t>(labelled));
}

Placement place_values(const PlacementInput& in) {
  std::vector<std::string> names;
  std::vector<std::string> values;
  for (const auto& [name, value] : in.sent) {
    names.push_back(name);
    values.push_back(value);
  }
  for (const auto& w : in.wanted) {
    if (std::find(names.begin(), names.end(), w.field) == names.end()) {
      names.push_back(w.field);
    }
    values.push_back(w.text);
  }
  Placement placement;
  placement.layout = read_layout(in.body, LabelBook(names, in.overrides), values);
  for (const auto& w : in.wanted) {
    placement.values.push_back(place_one(in, placement.layout, w));
  }
  return placement;
}

}  // namespace formcheck::checks
