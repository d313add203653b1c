// Browser mode behind Vercel's authentication wall: which secret the browser carries, the
// documented query form it navigates with first, and the note for headers a browser cannot send.
#include "harness/run/browser_headers.hpp"
#include "harness/target/target_access.hpp"
#include "harness/util/secret.hpp"

#include <gtest/gtest.h>

namespace formcheck {
namespace {

config::TargetSettings preview() {
  config::TargetSettings t;
  t.name = "preview";
  t.url = "https://preview.example.com";
  return t;
}

TEST(BrowserBypass, TheSecretIsTheTargetsElseItsBypassHeader) {
  auto t = preview();
  EXPECT_EQ(target::browser_bypass_secret(t), "");
  t.headers = {{"X-Vercel-Protection-Bypass", "from-headers-0123456789"}, {"X-Other", "1"}};
  EXPECT_EQ(target::browser_bypass_secret(t), "from-headers-0123456789");
  EXPECT_EQ(redact("from-headers-0123456789"), "[REDACTED]") << "it travels in a URL: registered as a secret";
  t.vercel_bypass_secret = Secret("from-the-key-0123456789");
  EXPECT_EQ(target::browser_bypass_secret(t), "from-the-key-0123456789");
}

TEST(BrowserBypass, TheQueryFormIsAppendedBeforeAFragmentAndEncoded) {
  EXPECT_EQ(target::with_bypass_cookie_query("https://p.vercel.app/contact", "a b&c"),
            "https://p.vercel.app/contact?x-vercel-protection-bypass=a%20b%26c&x-vercel-set-bypass-cookie=true");
  EXPECT_EQ(target::with_bypass_cookie_query("https://p.vercel.app/contact?lang=en#form", "abc"),
            "https://p.vercel.app/contact?lang=en&x-vercel-protection-bypass=abc&x-vercel-set-bypass-cookie=true#form");
}

TEST(BrowserBypass, HeadersABrowserCannotSendAreNamedOnceWithoutValues) {
  run::Plan plan;
  auto api_only = preview();
  api_only.name = "api";
  api_only.headers = {{"X-Api-Only", "value-never-shown"}};
  auto page = preview();
  page.headers = {{"x-vercel-protection-bypass", "bypass-value-123456"}, {"X-Preview-Token", "value-never-shown"}};
  results::Payload api_case;
  api_case.name = "contact-form";
  results::Payload page_case = api_case;
  page_case.engine = "chromium";
  page_case.device = "desktop";
  results::Suite api_suite;
  api_suite.cases.push_back(api_case);
  results::Suite browser_suite;
  browser_suite.cases.push_back(page_case);
  run::PlannedTarget api_target;
  api_target.target = api_only;
  api_target.suites = {api_suite};
  run::PlannedTarget page_target;
  page_target.target = page;
  page_target.suites = {browser_suite};
  plan.targets.push_back(api_target);
  plan.targets.push_back(page_target);
  const auto note = run::browser_headers_note(plan);
  EXPECT_NE(note.find("preview (X-Preview-Token)"), std::string::npos) << note;
  EXPECT_EQ(note.find("X-Api-Only"), std::string::npos) << "an API-only target needs no note: " << note;
  EXPECT_EQ(note.find("value-never-shown"), std::string::npos) << note;
  EXPECT_EQ(note.find("bypass-value"), std::string::npos) << note;
  EXPECT_EQ(note.find("preview (x-vercel-protection-bypass"), std::string::npos)
      << "the bypass is carried as Vercel's cookie: " << note;

  plan.targets.pop_back();
  EXPECT_EQ(run::browser_headers_note(plan), "");
}

}  // namespace
}  // namespace formcheck
