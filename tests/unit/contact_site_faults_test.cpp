// The contact site's planted faults that misbehave the way real routes do: their values are
// parsed, bad ones refused in one line naming the fault and what it accepts.
#include <gtest/gtest.h>

#include "fixtures/contact-site/faults.hpp"

namespace formcheck::site {
namespace {

TEST(ContactSiteFaults, VerdictHoleFaultsParse) {
  const auto faults = parse_faults({"drop-every=2", "soft-fail=ok-false", "limit-slack=1", "retry-after=soon",
                                    "late-duplicate=1500", "send-refused=0", "sid=own-id", "huge-body=1000"});
  ASSERT_TRUE(faults) << faults.error();
  EXPECT_EQ(faults->drop_every, 2);
  EXPECT_EQ(faults->soft_fail, "ok-false");
  EXPECT_EQ(faults->limit_slack, 1);
  EXPECT_EQ(faults->retry_after, "soon");
  EXPECT_EQ(faults->late_duplicate, std::chrono::milliseconds(1500));
  EXPECT_EQ(faults->send_refused, std::chrono::milliseconds(0));
  EXPECT_EQ(faults->sid_mode, "own-id");
  EXPECT_EQ(faults->huge_body, 1000u);
  EXPECT_EQ(faults->describe().size(), 8u);
}

TEST(ContactSiteFaults, BadValuesAreRefusedNamingTheFault) {
  for (const std::string spec : {"drop-every=0", "soft-fail=maybe", "limit-slack=x", "retry-after=", "late-duplicate=-1",
                                 "sid=mine", "huge-body=0"}) {
    const auto faults = parse_faults({spec});
    ASSERT_FALSE(faults) << spec;
    EXPECT_NE(faults.error().find(spec.substr(0, spec.find('='))), std::string::npos) << faults.error();
  }
}

}  // namespace
}  // namespace formcheck::site
