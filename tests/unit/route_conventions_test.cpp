// The pure rules behind real route conventions: where a Post/Redirect/Get submission landed
// (a thank-you page, or the form again with an error), the GET a browser sends after a 303,
// a 403 that reads like a CSRF check, and honeypot fields by name and on a page's source.
#include "fixtures/contact-site/faults.hpp"
#include "harness/checks/redirect_landing.hpp"
#include "harness/config/honeypot.hpp"
#include "harness/target/target_access.hpp"

#include <gtest/gtest.h>

namespace formcheck {
namespace {

checks::Submission landed(const std::string& url, std::string body, long status = 200) {
  checks::Submission s;
  s.url = "https://site.example/api/contact";
  s.redirects.push_back({303, url, true});
  s.response.status = status;
  s.response.body = std::move(body);
  s.response.body_bytes = s.response.body.size();
  s.response.headers.push_back({"Content-Type", "text/html"});
  return s;
}

const std::string kThanks = "<html><body><h1>Thank you!</h1><p>Your message has been sent.</p></body></html>";

TEST(RedirectLanding, AThankYouPagePasses) {
  config::FormSettings form;
  EXPECT_FALSE(checks::landing_refusal(landed("https://site.example/thanks", kThanks), form));
  EXPECT_FALSE(checks::landing_refusal(landed("https://site.example/", "<h1>Welcome</h1>"), form));
  EXPECT_FALSE(checks::landing_refusal(landed("https://site.example/contact?sent=1", "<form></form>"), form));
  EXPECT_FALSE(
      checks::landing_refusal(landed("https://site.example/contact?success=true", "<form></form>"), form));
  EXPECT_FALSE(checks::landing_refusal(landed("https://site.example/contact/", kThanks), form));
  // A script or a hidden template's words are not what the visitor reads.
  EXPECT_FALSE(checks::landing_refusal(
      landed("https://site.example/thanks", kThanks + "<script>show('Something went wrong')</script>"),
      form));
}

TEST(RedirectLanding, ErrorQueriesAndPathsRefuse) {
  config::FormSettings form;
  form.judge_body = false;  // the URL alone decides these
  for (const char* url :
       {"https://site.example/contact?error=1", "https://site.example/contact?status=failed",
        "https://site.example/contact?success=false", "https://site.example/contact?sent=0",
        "https://site.example/contact?x=1&Error=Twilio%20down", "https://site.example/contact/error",
        "https://site.example/send-failed"}) {
    EXPECT_TRUE(checks::landing_refusal(landed(url, kThanks), form)) << url;
  }
  EXPECT_FALSE(checks::landing_refusal(landed("https://site.example/contact?error=", kThanks), form));
  EXPECT_FALSE(checks::landing_refusal(landed("https://site.example/contact?error=0", kThanks), form));
  EXPECT_FALSE(checks::landing_refusal(landed("https://site.example/terror-surf-camp", kThanks), form));
}

TEST(RedirectLanding, TheFormAgainWithoutSuccessRefuses) {
  config::FormSettings form;
  const auto flash = checks::landing_refusal(
      landed("https://site.example/contact",
             "<h1>Contact</h1><p role=alert>Sorry, your message couldn&#39;t be sent.</p><form></form>"),
      form);
  ASSERT_TRUE(flash);
  EXPECT_NE(flash->find("couldn't be sent"), std::string::npos) << *flash;
  const auto silent = checks::landing_refusal(landed("https://site.example/contact", "<form></form>"), form);
  ASSERT_TRUE(silent);
  EXPECT_NE(silent->find("back to the form page"), std::string::npos) << *silent;
  EXPECT_TRUE(checks::landing_refusal(landed("https://site.example/thanks", R"({"ok": false})"), form));
  form.judge_body = false;
  EXPECT_FALSE(checks::landing_refusal(landed("https://site.example/contact", "<form></form>"), form));
}

TEST(RedirectLanding, SameRouteIsTheRouteMovingNotAPage) {
  EXPECT_TRUE(checks::same_route("https://site.example/api/contact/", "https://site.example/api/contact"));
  EXPECT_TRUE(checks::same_route("https://www.site.example/api/contact", "http://site.example/api/contact"));
  EXPECT_FALSE(checks::same_route("https://site.example/thanks", "https://site.example/api/contact"));
  // A form posting to its own page and redirecting there (or there with ?sent=1) after a success.
  EXPECT_FALSE(checks::same_route("https://site.example/contact", "https://site.example/contact"));
  EXPECT_FALSE(checks::same_route("https://site.example/contact?sent=1", "https://site.example/contact"));
}

TEST(RedirectLanding, TheGetCarriesCookiesWithinTheOriginAndNothingElsewhere) {
  http::Request post;
  post.method = http::Method::post;
  post.body = "name=Ayu";
  post.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                  {"Accept", "application/json"},
                  {"Authorization", "Bearer preview"}};
  http::Response redirect;
  redirect.status = 303;
  redirect.headers = {{"Set-Cookie", "flash=send-failed; Path=/; HttpOnly"},
                      {"set-cookie", "sid=abc; Secure"}};
  const auto same = checks::get_after_redirect(post, redirect, "https://site.example/contact", true);
  EXPECT_EQ(same.method, http::Method::get);
  EXPECT_TRUE(same.body.empty());
  EXPECT_FALSE(http::find_header(same.headers, "Content-Type"));
  EXPECT_EQ(http::find_header(same.headers, "Cookie").value_or(""), "flash=send-failed; sid=abc");
  EXPECT_TRUE(http::find_header(same.headers, "Authorization"));
  const auto other = checks::get_after_redirect(post, redirect, "https://thanks.example/", false);
  EXPECT_FALSE(http::find_header(other.headers, "Authorization"));
  EXPECT_FALSE(http::find_header(other.headers, "Cookie"));
  EXPECT_EQ(http::find_header(other.headers, "Accept").value_or(""), "application/json");
}

TEST(OriginRefusal, A403NamingTheOriginIsExplained) {
  http::Response r;
  r.status = 403;
  r.body = R"({"error":"Invalid origin"})";
  const auto why = target::origin_refusal(r, "https://site.example", "https://site.example/contact");
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("“Invalid origin”"), std::string::npos) << *why;
  EXPECT_NE(why->find("Origin: https://site.example"), std::string::npos) << *why;
  EXPECT_NE(why->find("form.headers"), std::string::npos) << *why;
  r.body = "Forbidden";
  EXPECT_FALSE(target::origin_refusal(r, "https://site.example", ""));
  r.status = 401;
  r.body = "bad origin";
  EXPECT_FALSE(target::origin_refusal(r, "https://site.example", ""));
}

TEST(BrowserOrigin, ConfiguredHeadersWin) {
  config::TargetSettings target;
  target.url = "HTTPS://Site.Example:8443";
  http::Request request;
  target::add_browser_origin(request, target, "/contact");
  EXPECT_EQ(http::find_header(request.headers, "Origin").value_or(""), "https://site.example:8443");
  EXPECT_EQ(http::find_header(request.headers, "Referer").value_or(""), "HTTPS://Site.Example:8443/contact");
  target.url = "https://preview:s3cret@site.example/app";
  http::Request with_credentials;
  target::add_browser_origin(with_credentials, target, "/contact");
  EXPECT_EQ(http::find_header(with_credentials.headers, "Origin").value_or(""), "https://site.example");
  EXPECT_EQ(http::find_header(with_credentials.headers, "Referer").value_or(""),
            "https://site.example/app/contact");
  http::Request configured;
  configured.headers.push_back({"origin", "https://www.site.example"});
  target::add_browser_origin(configured, target, "/contact");
  EXPECT_EQ(http::find_header(configured.headers, "Origin").value_or(""), "https://www.site.example");
  EXPECT_EQ(std::count_if(configured.headers.begin(), configured.headers.end(),
                          [](const http::Header& h) { return h.name == "Origin" || h.name == "origin"; }),
            1);
}

TEST(Honeypot, CommonNames) {
  for (const char* name : {"website", "URL", "company", "hp", "honeypot", "_gotcha", "bot-field", "fax",
                           "hp_email", "my_honeypot"}) {
    EXPECT_TRUE(config::looks_like_honeypot(name)) << name;
  }
  for (const char* name : {"name", "email", "message", "phone", "subject", "http"}) {
    EXPECT_FALSE(config::looks_like_honeypot(name)) << name;
  }
}

TEST(Honeypot, HiddenInputsOfAPage) {
  const std::string jsx = R"(
    <form netlify-honeypot="bot-field">
      <input name="name" required onChange={(e) => setName(e.target.value)} />
      <input type="hidden" name="form-name" value="contact" />
      <input name="website" tabIndex={-1} autoComplete="off" style={{ display: 'none' }} />
      <input name="fax" tabIndex={-1} autoComplete="off" />
      <div className="absolute -left-[9999px]" aria-hidden="true"><label>Leave empty <input name="nickname" /></label></div>
      <p className="hidden"><label>Don't fill this out: <input name="bot-field" /></label></p>
      <input type="checkbox" name="consent" style={{ opacity: 0 }} />
      <textarea name="message"></textarea>
    </form>)";
  std::vector<std::string> names;
  for (const auto& field : config::hidden_inputs(jsx)) {
    names.push_back(field.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"bot-field", "website", "fax", "nickname"}));
}

TEST(ContactSiteConventionFaults, ParsedWithTheirModes) {
  const auto faults = site::parse_faults({"prg", "csrf-origin", "honeypot=website"});
  ASSERT_TRUE(faults) << faults.error();
  EXPECT_EQ(faults->prg.value_or(""), "thanks");
  EXPECT_TRUE(faults->csrf_origin);
  EXPECT_EQ(faults->honeypot.value_or(""), "website");
  EXPECT_EQ(faults->describe().size(), 3u);
  EXPECT_EQ(site::parse_faults({"prg=flash-fail"})->prg.value_or(""), "flash-fail");
  for (const char* bad : {"prg=maybe", "csrf-origin=1", "honeypot=", "honeypot=a&b"}) {
    const auto refused = site::parse_faults({bad});
    ASSERT_FALSE(refused) << bad;
    EXPECT_NE(refused.error().find(bad), std::string::npos) << refused.error();
  }
}

}  // namespace
}  // namespace formcheck
