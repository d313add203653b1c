#include <gtest/gtest.h>

#include "harness/twilio/rfc2822.hpp"

namespace formcheck::twilio {
namespace {

using namespace std::chrono;

TEST(Rfc2822, ParsesTwilioFormat) {
  const auto t = parse_rfc2822("Thu, 30 Jul 2015 20:12:31 +0000");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_iso8601(*t), "2015-07-30T20:12:31Z");
}

TEST(Rfc2822, AppliesNumericAndNamedZones) {
  EXPECT_EQ(format_iso8601(*parse_rfc2822("Wed, 19 Jun 2019 22:04:00 -0700")), "2019-06-20T05:04:00Z");
  EXPECT_EQ(format_iso8601(*parse_rfc2822("19 Jun 2019 22:04 GMT")), "2019-06-19T22:04:00Z");
  EXPECT_EQ(format_iso8601(*parse_rfc2822("Wed, 19 Jun 2019 22:04:00 PDT")), "2019-06-20T05:04:00Z");
  EXPECT_EQ(format_iso8601(*parse_rfc2822("Wed, 19 Jun 2019 22:04:00 +0530 (IST)")), "2019-06-19T16:34:00Z");
}

TEST(Rfc2822, TwoDigitYearsFollowTheRfc) {
  EXPECT_EQ(format_date(*parse_rfc2822("1 Jan 49 00:00:00 +0000")), "2049-01-01");
  EXPECT_EQ(format_date(*parse_rfc2822("1 Jan 50 00:00:00 +0000")), "1950-01-01");
}

TEST(Rfc2822, RejectsMalformedDates) {
  for (const char* bad : {"", "Thu 30 Jul 2015 20:12:31 +0000", "Thu, 30 Foo 2015 20:12:31 +0000",
                          "Thu, 31 Feb 2015 20:12:31 +0000", "Thu, 30 Jul 2015 25:12:31 +0000",
                          "Thu, 30 Jul 2015 20:12:31 +00", "Thu, 30 Jul 2015 20:12:31 +0000 trailing",
                          "2015-07-30T20:12:31Z", "Xyz, 30 Jul 2015 20:12:31 +0000", "30 Jul 201 20:12 GMT",
                          // outside 1900–2200: would overflow nanosecond clocks (fuzz_dates)
                          "Thu, 30 Jul 2415 20:12:31 +0000", "Thu, 30 Jul 1815 20:12:31 +0000",
                          // the bound is on the UTC instant: this is 31 Dec 1899 22:30 UTC (fuzz_dates)
                          "1 Jan 1900 04:00 +0530", "31 Dec 2200 23:00 -0200"}) {
    EXPECT_FALSE(parse_rfc2822(bad)) << bad;
  }
}

TEST(Rfc2822, FormatRoundTripsAcrossMidnightAndLeapDays) {
  for (const char* text : {"Thu, 29 Feb 2024 23:59:59 +0000", "Mon, 01 Jan 2024 00:00:00 +0000",
                           "Mon, 01 Jan 1900 00:00:00 +0000", "Wed, 31 Dec 2200 23:59:59 +0000",
                           "Sun, 31 Dec 2023 12:00:05 +0000"}) {
    const auto t = parse_rfc2822(text);
    ASSERT_TRUE(t) << text;
    EXPECT_EQ(format_rfc2822(*t), text);
  }
}

TEST(Iso8601, ParsesDatesAndDateTimes) {
  EXPECT_EQ(format_rfc2822(*parse_iso8601("2024-03-01")), "Fri, 01 Mar 2024 00:00:00 +0000");
  EXPECT_EQ(format_iso8601(*parse_iso8601("2024-03-01T10:11:12Z")), "2024-03-01T10:11:12Z");
  EXPECT_EQ(format_iso8601(*parse_iso8601("2024-03-01T10:11:12.345+02:00")), "2024-03-01T08:11:12Z");
  EXPECT_FALSE(parse_iso8601("2024-13-01"));
  EXPECT_FALSE(parse_iso8601("2024-03-01T10"));
  EXPECT_FALSE(parse_iso8601("yesterday"));
}

}  // namespace
}  // namespace formcheck::twilio
