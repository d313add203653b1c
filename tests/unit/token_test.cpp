#include <gtest/gtest.h>

#include "harness/checks/token.hpp"

namespace formcheck::checks {
namespace {

TEST(Token, TargetsGetDistinctLetters) {
  EXPECT_EQ(make_token("fc-abc123", 0, 1), "fc-abc123-a1");
  EXPECT_EQ(make_token("fc-abc123", 2, 17), "fc-abc123-c17");
  EXPECT_EQ(make_token("fc-abc123", 26, 1), "fc-abc123-aa1");
  EXPECT_NE(make_token("fc-x", 1, 1), make_token("fc-x", 2, 1));
}

TEST(Token, MatchesOnlyWholeTokens) {
  EXPECT_TRUE(contains_token("[formcheck-test fc-abc-a1] hi", "fc-abc-a1"));
  EXPECT_FALSE(contains_token("[formcheck-test fc-abc-a12] hi", "fc-abc-a1"));
  EXPECT_FALSE(contains_token("xfc-abc-a1", "fc-abc-a1"));
  EXPECT_TRUE(contains_token("fc-abc-a12 and fc-abc-a1", "fc-abc-a1"));
  EXPECT_TRUE(contains_token("fc-abc-a1", "fc-abc-a1"));
  EXPECT_FALSE(contains_token("", "fc-abc-a1"));
}

}  // namespace
}  // namespace formcheck::checks
