#include "harness/twilio/rfc2822.hpp"

#include <array>
#include <cctype>
#include <fmt/format.h>

namespace formcheck::twilio {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

class Cursor {
 public:
  explicit Cursor(std::string_view text) : m_text(text) {}

  void skip_space() {
    while (m_pos < m_text.size() && (std::isspace(static_cast<unsigned char>(m_text[m_pos])) != 0)) {
      ++m_pos;
    }
  }
  bool eat(char c) {
    skip_space();
    if (m_pos < m_text.size() && m_text[m_pos] == c) {
      ++m_pos;
      return true;
    }
    return false;
  }
  // Reads 1..max_digits digits; returns the value and how many digits were read.
  std::optional<std::pair<int, int>> number(int max_digits) {
    skip_space();
    int value = 0;
    int digits = 0;
    while (m_pos < m_text.size() && digits < max_digits && std::isdigit(static_cast<unsigned char>(m_text[m_pos]))) {
      value = value * 10 + (m_text[m_pos] - '0');
      ++m_pos;
      ++digits;
    }
    if (digits == 0) {
      return std::nullopt;
    }
    return std::pair{value, digits};
  }
  std::string_view word() {
    skip_space();
    const size_t start = m_pos;
    while (m_pos < m_text.size() && std::isalpha(static_cast<unsigned char>(m_text[m_pos]))) {
      ++m_pos;
    }
    return m_text.substr(start, m_pos - start);
  }
  char peek() {
    skip_space();
    return m_pos < m_text.size() ? m_text[m_pos] : '\0';
  }
  bool at_end() {
    skip_space();
    if (m_pos < m_text.size() && m_text[m_pos] == '(') {  // trailing comment, e.g. "(UTC)"
      const auto close = m_text.find(')', m_pos);
      if (close == std::string_view::npos) {
        return false;
      }
      m_pos = close + 1;
      skip_space();
    }
    return m_pos == m_text.size();
  }

 private:
  std::string_view m_text;
  size_t m_pos = 0;
};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::optional<int> named_zone_offset_minutes(std::string_view zone) {
  struct Named {
    std::string_view name;
    int minutes;
  };
  static constexpr std::array<Named, 13> kZones = {{{"GMT", 0},
                                                    {"UT", 0},
                                                    {"UTC", 0},
                                                    {"Z", 0},
                                                    {"EST", -300},
                                                    {"EDT", -240},
                                                    {"CST", -360},
                                                    {"CDT", -300},
                                                    {"MST", -420},
                                                    {"MDT", -360},
                                                    {"PST", -480},
                                                    {"PDT", -420},
                                                    {"GMT", 0}}};
  for (const auto& z : kZones) {
    if (iequals(z.name, zone)) {
      return z.minutes;
    }
  }
  return std::nullopt;
}

std::optional<Timestamp> make_time(int year, int month, int day, int hour, int minute, int second, int offset_min) {
  using namespace std::chrono;
  const year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                           std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || year < 1800 || year > 2300 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  const auto local = sys_days{ymd} + hours{hour} + minutes{minute} + seconds{std::min(second, 59)};
  const Timestamp instant = local - minutes{offset_min};
  // Years far outside Twilio's would overflow std::chrono's nanosecond clocks (±292 years
  // around 1970) as soon as they are compared with now() — found by fuzz_dates (UBSan). The
  // bound is on the UTC instant, not the local fields: "1 Jan 1900 04:00 +0530" is 1899 in
  // UTC, and an accepted date must format (in UTC) to one that parses again (fuzz_dates, CI).
  const auto utc_year = static_cast<int>(year_month_day{floor<days>(instant)}.year());
  if (utc_year < 1900 || utc_year > 2200) {
    return std::nullopt;
  }
  return instant;
}

}  // namespace

std::optional<Timestamp> parse_rfc2822(std::string_view text) {
  Cursor c(text);
  // Optional day-of-week followed by a comma.
  if (std::isalpha(static_cast<unsigned char>(c.peek())) != 0) {
    const auto day_name = c.word();
    bool known = false;
    for (auto d : kDays) {
      known = known || iequals(d, day_name);
    }
    if (!known || !c.eat(',')) {
      return std::nullopt;
    }
  }
  const auto day = c.number(2);
  if (!day) {
    return std::nullopt;
  }
  const auto month_name = c.word();
  int month = 0;
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (iequals(kMonths[i], month_name)) {
      month = static_cast<int>(i) + 1;
    }
  }
  if (month == 0) {
    return std::nullopt;
  }
  auto year = c.number(4);
  if (!year || (year->second != 2 && year->second != 4)) {
    return std::nullopt;
  }
  int full_year = year->first;
  if (year->second == 2) {  // RFC 2822 §4.3: 00-49 → 20xx, 50-99 → 19xx
    full_year += full_year < 50 ? 2000 : 1900;
  }
  const auto hour = c.number(2);
  if (!hour || !c.eat(':')) {
    return std::nullopt;
  }
  const auto minute = c.number(2);
  if (!minute || minute->second != 2) {
    return std::nullopt;
  }
  int second = 0;
  if (c.eat(':')) {
    const auto s = c.number(2);
    if (!s || s->second != 2) {
      return std::nullopt;
    }
    second = s->first;
  }
  int offset = 0;
  const char sign = c.peek();
  if (sign == '+' || sign == '-') {
    c.eat(sign);
    const auto zone = c.number(4);
    if (!zone || zone->second != 4) {
      return std::nullopt;
    }
    const int hh = zone->first / 100;
    const int mm = zone->first % 100;
    if (mm > 59) {
      return std::nullopt;
    }
    offset = (sign == '-' ? -1 : 1) * (hh * 60 + mm);
  } else {
    const auto zone = c.word();
    const auto named = named_zone_offset_minutes(zone);
    if (!named) {
      return std::nullopt;
    }
    offset = *named;
  }
  if (!c.at_end()) {
    return std::nullopt;
  }
  return make_time(full_year, month, day->first, hour->first, minute->first, second, offset);
}

std::string format_rfc2822(Timestamp time) {
  using namespace std::chrono;
  const auto day_point = floor<days>(time);
  const year_month_day ymd{day_point};
  const hh_mm_ss hms{time - day_point};
  const weekday wd{day_point};
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000", kDays[wd.c_encoding()],
                     static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<int>(ymd.year()), hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

std::string format_date(Timestamp time) {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(time)};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

std::string format_iso8601(Timestamp time) {
  using namespace std::chrono;
  const auto day_point = floor<days>(time);
  const hh_mm_ss hms{time - day_point};
  return fmt::format("{}T{:02}:{:02}:{:02}Z", format_date(time), hms.hours().count(), hms.minutes().count(),
                     hms.seconds().count());
}

std::optional<Timestamp> parse_iso8601(std::string_view text) {
  int y = 0;
  int mo = 0;
  int d = 0;
  int h = 0;
  int mi = 0;
  int s = 0;
  auto digits = [&](size_t pos, size_t n, int& out) {
    if (pos + n > text.size()) {
      return false;
    }
    out = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) {
        return false;
      }
      out = out * 10 + (text[i] - '0');
    }
    return true;
  };
  if (!digits(0, 4, y) || text.size() < 10 || text[4] != '-' || !digits(5, 2, mo) || text[7] != '-' ||
      !digits(8, 2, d)) {
    return std::nullopt;
  }
  if (text.size() == 10) {
    return make_time(y, mo, d, 0, 0, 0, 0);
  }
  if ((text[10] != 'T' && text[10] != ' ') || !digits(11, 2, h) || text.size() < 16 || text[13] != ':' ||
      !digits(14, 2, mi)) {
    return std::nullopt;
  }
  size_t pos = 16;
  if (pos < text.size() && text[pos] == ':') {
    if (!digits(pos + 1, 2, s)) {
      return std::nullopt;
    }
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {  // fractional seconds are dropped
      ++pos;
      while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) != 0) {
        ++pos;
      }
    }
  }
  int offset = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh = 0;
    int om = 0;
    const bool colon = pos + 3 < text.size() && text[pos + 3] == ':';
    if (!digits(pos + 1, 2, oh) || !digits(pos + (colon ? 4 : 3), 2, om)) {
      return std::nullopt;
    }
    offset = (text[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    pos += colon ? 6 : 5;
  }
  if (pos != text.size()) {
    return std::nullopt;
  }
  return make_time(y, mo, d, h, mi, s, offset);
}

}  // namespace formcheck::twilio
