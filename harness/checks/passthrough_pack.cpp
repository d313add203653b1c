#include "harness/checks/passthrough_pack.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>

#include "harness/checks/text_length.hpp"

namespace formcheck::checks {
namespace {

using results::Payload;

constexpr std::string_view kWhiteSpace = " \t\r\n";

// Candidate separators, the first one absent from the founding payload wins: ASCII, no
// newline, nothing HTML escaping or WhatsApp markup would touch.
constexpr std::array<std::string_view, 5> kSeparators{" | ", " || ", " // ", " ## ", " %% "};

// A generous stand-in for "[<marker> fc-<6 hex>-<target><n>] ", which mark_value puts in front
// of the token field's value.
constexpr size_t kTokenAllowance = 24;

std::string trimmed(std::string_view v) {
  const auto b = v.find_first_not_of(kWhiteSpace);
  if (b == std::string_view::npos) {
    return {};
  }
  const auto e = v.find_last_not_of(kWhiteSpace);
  return std::string(v.substr(b, e - b + 1));
}

bool has_leading_space(std::string_view v) { return !v.empty() && kWhiteSpace.find(v.front()) != std::string_view::npos; }
bool has_trailing_space(std::string_view v) { return !v.empty() && kWhiteSpace.find(v.back()) != std::string_view::npos; }

bool is_trim(const Payload& p) { return p.match == Payload::Match::trim; }

// What the judge looks for: the value, trimmed for a `trim` payload.
std::string judged_text(const Payload& p, const std::string& value) { return is_trim(p) ? trimmed(value) : value; }

enum class Edge { any, first, last };

struct Segment {
  std::string value;  // as submitted
  Edge edge = Edge::any;
  std::string owner;  // the member whose value it is
  bool owner_trims = false;
};

struct Slot {
  std::string field;
  FieldKind kind = FieldKind::single_value;
  std::vector<Segment> segments;  // in the order they were added

  bool can_take(Edge edge) const {
    if (segments.empty()) {
      return true;
    }
    if (kind == FieldKind::single_value) {
      return false;
    }
    return edge == Edge::any || std::none_of(segments.begin(), segments.end(),
                                             [&](const Segment& s) { return s.edge == edge; });
  }

  // First-edge segment, the rest in order, last-edge segment.
  std::string render(const std::string& separator) const {
    std::vector<const Segment*> ordered;
    for (const Edge edge : {Edge::first, Edge::any, Edge::last}) {
      for (const auto& s : segments) {
        if (s.edge == edge) {
          ordered.push_back(&s);
        }
      }
    }
    std::string out;
    for (size_t i = 0; i < ordered.size(); ++i) {
      out += (i == 0 ? "" : separator) + ordered[i]->value;
    }
    return out;
  }
};

// The longest value the corpus sends alone in each field, in both units.
struct FieldMax {
  size_t code_points = 0;
  size_t utf16_units = 0;
};
using CorpusMax = std::map<std::string, FieldMax>;

// Payloads submitted through different browsers (or the API) never share a submission.
std::string group_of(const Payload& p) { return p.engine + "\n" + p.device; }

struct Builder {
  std::string group;
  std::string separator;
  std::vector<Slot> slots;  // in submission order
  std::vector<PackMember> members;
  bool closed = false;  // its payload must go alone

  Slot* slot(const std::string& field) {
    const auto it = std::find_if(slots.begin(), slots.end(), [&](const Slot& s) { return s.field == field; });
    return it == slots.end() ? nullptr : &*it;
  }

  Slot& slot_for(const std::string& field, const FieldKinds& kinds) {
    if (auto* s = slot(field)) {
      return *s;
    }
    slots.push_back(Slot{field, kinds.kind_of(field), {}});
    return slots.back();
  }

  // The token field when it is free text, else the first free-text field.
  Slot* spill_slot(const PackLimits& limits) {
    if (auto* s = slot(limits.token_field); s != nullptr && s->kind == FieldKind::free_text) {
      return s;
    }
    const auto it = std::find_if(slots.begin(), slots.end(), [](const Slot& s) { return s.kind == FieldKind::free_text; });
    return it == slots.end() ? nullptr : &*it;
  }
};

// Whether the field's value stays within the longest the corpus sends in it alone.
bool fits(const Slot& slot, const std::string& separator, const CorpusMax& corpus_max) {
  const auto rendered = slot.render(separator);
  const auto it = corpus_max.find(slot.field);
  const FieldMax most = it == corpus_max.end() ? FieldMax{} : it->second;
  return code_points(rendered) <= most.code_points && utf16_units(rendered) <= most.utf16_units;
}

Edge edge_for(const Payload& p, const std::string& value, bool token_field) {
  if (!is_trim(p)) {
    return Edge::any;  // an exact value with surrounding white space never shares (see must_go_alone)
  }
  if (has_trailing_space(value)) {
    return Edge::last;
  }
  // The marker always precedes the token field's value, alone too: no edge to keep there.
  return has_leading_space(value) && !token_field ? Edge::first : Edge::any;
}

// An exact value starting or ending with white space must meet the site's trimming exactly
// where it would alone.
bool must_go_alone(const Payload& p) {
  if (is_trim(p)) {
    return false;
  }
  return std::any_of(p.fields.begin(), p.fields.end(), [](const auto& field) {
    return has_leading_space(field.second) || has_trailing_space(field.second);
  });
}

// Places one value of `member`; false when the pack has no room for it. A value joins its own
// field while the field stays within the corpus's lengths, else goes to the spill field (whose
// length within_limits checks with the rest).
bool place(Builder& b, PackMember& member, const std::string& field, const std::string& value,
           const PackLimits& limits, const CorpusMax& corpus_max) {
  const auto& p = member.payload;
  const auto text = judged_text(p, value);
  Slot& own = b.slot_for(field, limits.kinds);
  if (text.empty()) {
    return true;  // nothing to judge; the field is still sent (empty, or with another member's value)
  }
  const auto same = std::find_if(own.segments.begin(), own.segments.end(),
                                 [&](const Segment& s) { return s.value == value; });
  if (same != own.segments.end()) {
    member.expected.push_back({PackedValue::How::own, field, field, text, {}});
    return true;
  }
  const Edge edge = edge_for(p, value, field == limits.token_field);
  if (own.can_take(edge)) {
    own.segments.push_back({value, edge, p.name, is_trim(p)});
    if (own.segments.size() == 1 || fits(own, b.separator, corpus_max)) {
      member.expected.push_back({PackedValue::How::own, field, field, text, {}});
      return true;
    }
    own.segments.pop_back();
  }
  Slot* spill = b.spill_slot(limits);
  if (spill == nullptr || spill == &own) {
    return false;
  }
  // What the field carried instead: the first value placed in it.
  const Segment carried = own.segments.front();
  spill->segments.push_back({value, Edge::any, p.name, is_trim(p)});
  member.expected.push_back({PackedValue::How::spilled, field, spill->field, text, {}});
  const auto carried_text = carried.owner_trims ? trimmed(carried.value) : carried.value;
  if (!carried_text.empty()) {
    member.expected.push_back({PackedValue::How::carried, field, field, carried_text, carried.owner});
  }
  return true;
}

size_t count_occurrences(std::string_view haystack, std::string_view needle) {
  size_t count = 0;
  for (auto at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

// The pack's limits: field lengths within the corpus's own, the body within Twilio's, and
// every judged text no more frequent in what is submitted than in its owner's fields alone.
bool within_limits(const Builder& b, const PackLimits& limits, const CorpusMax& corpus_max) {
  if (limits.max_members != 0 && b.members.size() > limits.max_members) {
    return false;
  }
  std::vector<std::string> rendered;
  size_t body = utf16_units(limits.marker) + kTokenAllowance + limits.template_reserve;
  for (const auto& s : b.slots) {
    rendered.push_back(s.render(b.separator));
    if (!fits(s, b.separator, corpus_max)) {
      return false;
    }
    body += utf16_units(rendered.back());
  }
  if (body > limits.max_body) {
    return false;
  }
  for (const auto& m : b.members) {
    for (const auto& e : m.expected) {
      // As often as in its owner's submission alone (a name that is also part of the same
      // payload's message stays as ambiguous as it was), and never more.
      const auto owner = std::find_if(b.members.begin(), b.members.end(), [&](const PackMember& other) {
        return other.payload.name == (e.how == PackedValue::How::carried ? e.owner : m.payload.name);
      });
      const auto& owner_fields = owner == b.members.end() ? m.fields : owner->fields;
      size_t alone = 0;
      for (const auto& field : owner_fields) {
        alone += count_occurrences(field.second, e.text);
      }
      size_t count = 0;
      for (const auto& r : rendered) {
        count += count_occurrences(r, e.text);
      }
      if (count > std::max<size_t>(alone, 1)) {
        return false;
      }
    }
  }
  return true;
}

bool contains_separator(const Fields& fields, std::string_view separator) {
  return std::any_of(fields.begin(), fields.end(),
                     [&](const auto& f) { return f.second.find(separator) != std::string::npos; });
}

// A pack holding only `p`: exactly the payload alone.
Builder found_pack(const Payload& p, const Fields& fields, const PackLimits& limits, const CorpusMax& corpus_max) {
  Builder b;
  b.group = group_of(p);
  b.closed = must_go_alone(p);
  for (const auto candidate : kSeparators) {
    if (!contains_separator(fields, candidate)) {
      b.separator = std::string(candidate);
      break;
    }
  }
  if (b.separator.empty()) {
    b.closed = true;  // every candidate occurs in it: it cannot be joined with anyone
  }
  PackMember member{p, fields, {}};
  for (const auto& [field, value] : fields) {
    place(b, member, field, value, limits, corpus_max);  // an empty pack has room for every value
  }
  b.members.push_back(std::move(member));
  return b;
}

std::optional<Builder> try_join(const Builder& pack, const Payload& p, const Fields& fields,
                                const PackLimits& limits, const CorpusMax& corpus_max) {
  if (pack.closed || pack.group != group_of(p) || must_go_alone(p) || contains_separator(fields, pack.separator)) {
    return std::nullopt;
  }
  Builder b = pack;
  PackMember member{p, fields, {}};
  for (const auto& [field, value] : fields) {
    if (!place(b, member, field, value, limits, corpus_max)) {
      return std::nullopt;
    }
  }
  b.members.push_back(std::move(member));
  if (!within_limits(b, limits, corpus_max)) {
    return std::nullopt;
  }
  return b;
}

Pack finish(const Builder& b, const PackLimits& limits) {
  Pack pack;
  pack.token_field = limits.token_field;
  pack.separator = b.separator;
  pack.members = b.members;
  for (const auto& s : b.slots) {
    pack.fields.emplace_back(s.field, s.render(b.separator));
  }
  return pack;
}

CorpusMax corpus_max_of(const std::vector<Fields>& all_fields) {
  CorpusMax out;
  for (const auto& fields : all_fields) {
    for (const auto& [field, value] : fields) {
      auto& most = out[field];
      most.code_points = std::max(most.code_points, code_points(value));
      most.utf16_units = std::max(most.utf16_units, utf16_units(value));
    }
  }
  return out;
}

}  // namespace

PackLimits pack_limits(const config::FormSettings& form) {
  PackLimits limits;
  limits.token_field = form.token_field;
  limits.marker = form.marker;
  return limits;
}

std::string PackedValue::label() const {
  switch (how) {
    case How::own:
      return field;
    case How::spilled:
      return fmt::format("{} (sent in {})", field, sent_in);
    case How::carried:
      return fmt::format("{} field (sent {}'s value)", field, owner);
  }
  return field;
}

std::string Pack::shared_note() const {
  if (!shared()) {
    return {};
  }
  const size_t others = members.size() - 1;
  return fmt::format("submitted with {} other payload{} in one message", others, others == 1 ? "" : "s");
}

std::string Pack::member_names() const {
  std::string out;
  for (const auto& m : members) {
    out += (out.empty() ? "" : ", ") + m.payload.name;
  }
  return out;
}

std::vector<Pack> pack_payloads(const std::vector<results::Payload>& corpus, const Fields& form_defaults,
                                const PackLimits& limits) {
  std::vector<Fields> all_fields;
  all_fields.reserve(corpus.size());
  for (const auto& p : corpus) {
    all_fields.push_back(merge_fields(form_defaults, p.fields));
  }
  const auto corpus_max = corpus_max_of(all_fields);
  std::vector<Builder> builders;
  for (size_t i = 0; i < corpus.size(); ++i) {
    bool joined = false;
    for (auto& b : builders) {
      if (auto grown = try_join(b, corpus[i], all_fields[i], limits, corpus_max)) {
        b = std::move(*grown);
        joined = true;
        break;
      }
    }
    if (!joined) {
      builders.push_back(found_pack(corpus[i], all_fields[i], limits, corpus_max));
    }
  }
  std::vector<Pack> packs;
  packs.reserve(builders.size());
  for (const auto& b : builders) {
    packs.push_back(finish(b, limits));
  }
  return packs;
}

std::vector<Pack> unpack(const Pack& pack) {
  std::vector<Pack> out;
  for (const auto& m : pack.members) {
    PackLimits limits;
    limits.token_field = pack.token_field;
    out.push_back(finish(found_pack(m.payload, m.fields, limits, corpus_max_of({m.fields})), limits));
  }
  return out;
}

}  // namespace formcheck::checks
