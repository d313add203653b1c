#include "harness/report/clean_text.hpp"

namespace formcheck::report {
namespace {

// Which code points a policy keeps; the others become U+FFFD.
enum class Keep { any, xml, terminal };

bool keeps(Keep policy, char32_t cp) {
  switch (policy) {
    case Keep::any:
      return true;
    case Keep::xml:
      if (cp < 0x20) {
        return cp == '\t' || cp == '\n' || cp == '\r';
      }
      return cp != 0xFFFE && cp != 0xFFFF;
    case Keep::terminal:
      if (cp < 0x20) {
        return cp == '\t' || cp == '\n';
      }
      return !(cp >= 0x7F && cp <= 0x9F);
  }
  return false;
}

bool in_range(unsigned char byte, unsigned char low, unsigned char high) {
  return byte >= low && byte <= high;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes strictly (Unicode Table 3-7, well-formed byte sequences); an ill-formed sequence is
// replaced as a whole "maximal subpart" (the lead byte and the continuation bytes that were
// still acceptable), as the Unicode standard recommends.
std::string clean(std::string_view text, Keep policy) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t needed = 0;
    unsigned char first_low = 0x80, first_high = 0xBF;
    char32_t cp = 0;
    if (lead < 0x80) {
      cp = lead;
    } else if (in_range(lead, 0xC2, 0xDF)) {
      needed = 1;
      cp = lead & 0x1F;
    } else if (in_range(lead, 0xE0, 0xEF)) {
      needed = 2;
      cp = lead & 0x0F;
      first_low = lead == 0xE0 ? 0xA0 : 0x80;
      first_high = lead == 0xED ? 0x9F : 0xBF;
    } else if (in_range(lead, 0xF0, 0xF4)) {
      needed = 3;
      cp = lead & 0x07;
      first_low = lead == 0xF0 ? 0x90 : 0x80;
      first_high = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
      out += kReplacementChar;
      ++i;
      continue;
    }
    size_t consumed = 1;
    bool ok = true;
    for (size_t k = 0; k < needed; ++k) {
      if (i + consumed >= text.size()) {
        ok = false;
        break;
      }
      const auto byte = static_cast<unsigned char>(text[i + consumed]);
      const bool acceptable = k == 0 ? in_range(byte, first_low, first_high) : in_range(byte, 0x80, 0xBF);
      if (!acceptable) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (byte & 0x3F);
      ++consumed;
    }
    i += consumed;
    if (!ok || !keeps(policy, cp)) {
      out += kReplacementChar;
    } else {
      append_utf8(out, cp);
    }
  }
  return out;
}

}  // namespace

std::string valid_utf8(std::string_view text) {
  return clean(text, Keep::any);
}
std::string xml_safe(std::string_view text) {
  return clean(text, Keep::xml);
}
std::string terminal_safe(std::string_view text) {
  return clean(text, Keep::terminal);
}

}  // namespace formcheck::report
