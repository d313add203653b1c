// `formcheck run` against targets that fail below the form itself: HTTPS with a certificate
// formcheck does not trust (and the two ways to trust it), nothing listening, an answer slower
// than form.timeout_s, a redirect loop. 5xx answers are rows of run_faults_test (status_500,
// status_502, status_503_nothing_sent). Each test runs the delivery suite against real
// processes: the emulator, the contact site (HTTPS with a certificate made here), formcheck.
#include "tests/e2e/run_fixture.hpp"

namespace formcheck::testing::run_e2e {
namespace {

const std::vector<std::string> kDeliveryChecks{"contact-form/accepted", "contact-form/delivered",
                                               "contact-form/latency", "contact-form/one-message"};

struct Certificate {
  std::filesystem::path cert;  // self-signed: it is its own CA, so it is also the ca_file
  std::filesystem::path key;
};

class RunTargetFaults : public RunFixture {
 protected:
  // A fresh self-signed certificate for 127.0.0.1 in the test's directory. openssl is a
  // dependency (scripts/setup.sh installs it): without it the test fails, it does not skip.
  std::optional<Certificate> make_certificate() const {
    Certificate c{dir() / "site-cert.pem", dir() / "site-key.pem"};
    process::LaunchSpec spec;
    spec.executable = "openssl";
    spec.args = {"req",
                 "-x509",
                 "-newkey",
                 "rsa:2048",
                 "-nodes",
                 "-days",
                 "1",
                 "-subj",
                 "/CN=127.0.0.1",
                 "-addext",
                 "subjectAltName=IP:127.0.0.1",
                 "-keyout",
                 c.key.string(),
                 "-out",
                 c.cert.string()};
    auto started = process::ChildProcess::start(spec);
    if (!started) {
      ADD_FAILURE() << "cannot make the test certificate: " << started.error()
                    << " (openssl is required: bash scripts/setup.sh installs it)";
      return std::nullopt;
    }
    const auto status = started.value()->wait_exit(30s);
    if (!status.exited || status.code != 0 || !std::filesystem::exists(c.cert)) {
      ADD_FAILURE() << "openssl req -x509 failed:\n" << started.value()->output_text();
      return std::nullopt;
    }
    return c;
  }

  StandIn* start_https_site(const Certificate& c, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--tls-cert", c.cert.string(), "--tls-key", c.key.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return start_site(args);
  }

  // `formcheck run --suite delivery` with `target` as the only target, named "site".
  RunResult run_delivery(const json& target, const json& form_patch = json::object()) {
    auto config = base_config();
    config["form"].merge_patch(form_patch);
    config["targets"]["site"] = target;
    return run(write_config(config), {"--suite", "delivery"});
  }

  // The site's request log up to now: one request of ours is logged after every request
  // formcheck made (formcheck has exited), so waiting for it means nothing is still unread.
  static void drain_site_log(StandIn& site, const std::string& ca_file = {}) {
    const auto before = health_lines(site);
    http::Request probe;
    probe.url = site.base_url() + "/api/health";
    probe.ca_file = ca_file;
    probe.timeout = 5s;
    ASSERT_EQ(http::perform(probe).status, 200);
    ASSERT_TRUE(wait_until([&] { return health_lines(site) > before; }, 5s))
        << "the site never logged our probe";
  }

  static int health_lines(StandIn& site) { return requests_logged(site, "GET /api/health"); }

  // Requests the site (--verbose) logged whose "METHOD /path" starts with `request`; unlike
  // site_posts(), the fault banner ("redirect-loop: POST /api/contact answers …") is not one.
  static int requests_logged(StandIn& site, const std::string& request) {
    int count = 0;
    for (const auto& line : site.process().output()) {
      count += line.text.rfind(std::string("formcheck-contact-site: ") + request, 0) == 0 ? 1 : 0;
    }
    return count;
  }

  static void expect_every_case(const RunResult& r, const std::string& outcome,
                                const std::vector<std::string>& message_contains) {
    const auto table = case_table(r.results);
    const auto cases = cases_of(r.results, "delivery", "site");
    ASSERT_EQ(cases.size(), kDeliveryChecks.size()) << table;
    for (const auto& c : cases) {
      const auto text = c.value("message", "");
      EXPECT_EQ(c.value("outcome", ""), outcome) << c.value("name", "") << ": " << text << "\n" << table;
      for (const auto& needle : message_contains) {
        EXPECT_NE(text.find(needle), std::string::npos)
            << c.value("name", "") << " does not say '" << needle << "': " << text;
      }
    }
  }
};

// ---- TLS -----------------------------------------------------------------------------------

TEST_F(RunTargetFaults, HttpsSiteWithAnUntrustedCertificateErrorsEveryCaseNamingTheUrlAndTheFix) {
  start_emulator();
  const auto cert = make_certificate();
  ASSERT_TRUE(cert);
  auto* site = start_https_site(*cert);
  ASSERT_NE(site, nullptr);
  ASSERT_EQ(site->base_url().rfind("https://", 0), 0u) << site->base_url();

  const auto result = run_delivery(remote_target(*site));
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 3) << case_table(result.results) << result.diagnosis();
  expect_every_case(result, "error",
                    {site->base_url(), "certificate", "targets.site.ca_file", "targets.site.insecure_tls"});
  // Refused at the preflight: no submission reached the site, so nothing reached Twilio.
  drain_site_log(*site, cert->cert.string());
  EXPECT_EQ(requests_logged(*site, "POST /api/contact"), 0);
  EXPECT_EQ(emulator_creates(), 0);
  FORMCHECK_EXPECT_JUNIT_VALID(result.junit);
}

TEST_F(RunTargetFaults, HttpsSiteTrustedThroughCaFilePasses) {
  start_emulator();
  const auto cert = make_certificate();
  ASSERT_TRUE(cert);
  auto* site = start_https_site(*cert);
  ASSERT_NE(site, nullptr);
  auto target = remote_target(*site);
  target["ca_file"] = cert->cert.filename().string();  // relative: resolved against the config's folder

  const auto result = run_delivery(target);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 0) << case_table(result.results) << result.diagnosis();
  expect_every_case(result, "passed", {});
  EXPECT_EQ(result.json_text.find("tls_verification"), std::string::npos) << "verification was on";
  EXPECT_EQ(emulator_creates(), 1);
}

TEST_F(RunTargetFaults, InsecureTlsPassesAndEveryOutputSaysVerificationWasOff) {
  start_emulator();
  const auto cert = make_certificate();
  ASSERT_TRUE(cert);
  auto* site = start_https_site(*cert);
  ASSERT_NE(site, nullptr);
  auto target = remote_target(*site);
  target["insecure_tls"] = true;

  const auto result = run_delivery(target);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 0) << case_table(result.results) << result.diagnosis();
  expect_every_case(result, "passed", {});
  EXPECT_NE(
      (result.out + result.err).find("site: TLS certificate verification is OFF (targets.site.insecure_tls)"),
      std::string::npos)
      << result.diagnosis();
  for (const auto& c : cases_of(result.results, "delivery", "site")) {
    EXPECT_EQ(c["properties"].value("tls_verification", ""), "off (targets.site.insecure_tls)") << c.dump(2);
  }
  EXPECT_NE(result.junit_text.find("tls_verification"), std::string::npos);
  FORMCHECK_EXPECT_JUNIT_VALID(result.junit);
}

// A local target serving HTTPS that formcheck does not trust: reported at once with the fix,
// not after the whole start timeout as "not ready".
TEST_F(RunTargetFaults, LocalHttpsTargetWithAnUntrustedCertificateErrorsAtOnce) {
  start_emulator();
  const auto cert = make_certificate();
  ASSERT_TRUE(cert);
  const int port = free_port();
  auto target = local_target(
      port, site_command(port, {"--tls-cert", cert->cert.string(), "--tls-key", cert->key.string()}),
      /*timeout_s=*/30);
  target["url"] = "https://127.0.0.1:" + std::to_string(port);

  const auto started = std::chrono::steady_clock::now();
  const auto result = run_delivery(target);
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 3) << case_table(result.results) << result.diagnosis();
  expect_every_case(result, "error",
                    {"not over trusted TLS", "targets.site.ca_file", "targets.site.insecure_tls"});
  EXPECT_LT(took, 15s) << "formcheck waited for a certificate to become trusted";
  EXPECT_EQ(emulator_creates(), 0);
}

// ---- unreachable ---------------------------------------------------------------------------

TEST_F(RunTargetFaults, ConnectionRefusedErrorsEveryCaseNamingTheUrl) {
  start_emulator();
  const std::string url = "http://127.0.0.1:" + std::to_string(free_port());
  const auto result = run_delivery({{"url", url}});
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 3) << case_table(result.results) << result.diagnosis();
  expect_every_case(result, "error", {url, "nothing listens there"});
  EXPECT_EQ(emulator_creates(), 0);
}

TEST_F(RunTargetFaults, HostNameThatDoesNotResolveErrorsEveryCaseNamingTheUrl) {
  start_emulator();
  // .invalid never resolves (RFC 6761). Offline, the resolver may time out instead: still an
  // error naming the URL, within the preflight's 10 s connect deadline.
  const std::string url = "http://formcheck-e2e.invalid:8080";
  const auto result = run_delivery({{"url", url}});
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 3) << case_table(result.results) << result.diagnosis();
  expect_every_case(result, "error", {"formcheck-e2e.invalid:8080"});
  EXPECT_EQ(emulator_creates(), 0);
}

// ---- an answer slower than form.timeout_s -----------------------------------------------------
// formcheck stops waiting for the answer after form.timeout_s, but the site has the submission
// and may still send it. `accepted` is an error (no answer is neither a pass nor the site's
// proven failure); `delivered` is judged from Twilio's log as usual.

TEST_F(RunTargetFaults, SlowAnswerIsAnErrorAndTheLateMessageIsStillJudged) {
  start_emulator();
  auto* site = start_site({"--fault", "delay=2500"});  // answers (and sends) after 2.5 s
  ASSERT_NE(site, nullptr);
  const auto result = run_delivery(remote_target(*site), {{"timeout_s", 1}});
  ASSERT_TRUE(result.finished) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 3) << table << result.diagnosis();
  const auto accepted = message_of(result.results, "delivery", "site", "contact-form/accepted");
  EXPECT_EQ(outcome(result.results, "delivery", "site", "contact-form/accepted"), "error") << table;
  for (const std::string needle : {"no answer within 1 s (form.timeout_s)", "/api/contact", "sent anyway"}) {
    EXPECT_NE(accepted.find(needle), std::string::npos) << "'" << needle << "' missing: " << accepted;
  }
  EXPECT_EQ(outcome(result.results, "delivery", "site", "contact-form/delivered"), "passed") << table;
  EXPECT_EQ(outcome(result.results, "delivery", "site", "contact-form/latency"), "passed") << table;
  EXPECT_EQ(outcome(result.results, "delivery", "site", "contact-form/one-message"), "passed") << table;
  EXPECT_EQ(emulator_creates(), 1);
}

TEST_F(RunTargetFaults, SlowAnswerWithNoMessageFailsDeliveredAndNothingIsSkipped) {
  start_emulator();
  auto* site = start_site({"--fault", "delay=2500", "--fault", "silent-drop"});
  ASSERT_NE(site, nullptr);
  auto target = remote_target(*site);
  target["expect"] = {{"latency_s", 2}, {"grace_s", 1}};
  const auto result = run_delivery(target, {{"timeout_s", 1}});
  ASSERT_TRUE(result.finished) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 1) << table << result.diagnosis();
  EXPECT_EQ(outcome(result.results, "delivery", "site", "contact-form/accepted"), "error") << table;
  EXPECT_NE(message_of(result.results, "delivery", "site", "contact-form/accepted")
                .find("no message reached staff either"),
            std::string::npos)
      << table;
  EXPECT_EQ(outcome(result.results, "delivery", "site", "contact-form/delivered"), "failed") << table;
  EXPECT_NE(message_of(result.results, "delivery", "site", "contact-form/delivered").find("gave no answer"),
            std::string::npos)
      << table;
  // Nothing to time or count, and no answer: errors, never a skip that would let a run pass.
  EXPECT_EQ(outcome(result.results, "delivery", "site", "contact-form/latency"), "error") << table;
  EXPECT_EQ(outcome(result.results, "delivery", "site", "contact-form/one-message"), "error") << table;
  drain_site_log(*site);
  EXPECT_EQ(requests_logged(*site, "POST /api/contact"), 1)
      << "the site never got the submission: the row tests nothing";
}

// ---- redirects -----------------------------------------------------------------------------

TEST_F(RunTargetFaults, RedirectLoopFailsAcceptedNamingTheLoopAndIsNotFollowedForever) {
  start_emulator();
  auto* site = start_site({"--fault", "redirect-loop"});  // /api/contact ⇄ /api/contact/, 307 both ways
  ASSERT_NE(site, nullptr);
  auto target = remote_target(*site);
  target["expect"] = {{"latency_s", 2}, {"grace_s", 1}};
  const auto started = std::chrono::steady_clock::now();
  const auto result = run_delivery(target);
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(result.finished) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 1) << table << result.diagnosis();
  EXPECT_LT(took, 20s);
  const auto accepted = message_of(result.results, "delivery", "site", "contact-form/accepted");
  EXPECT_EQ(outcome(result.results, "delivery", "site", "contact-form/accepted"), "failed") << table;
  const auto chain = "POST " + site->base_url() + "/api/contact → 307 " + site->base_url() +
                     "/api/contact/ → 307 " + site->base_url() + "/api/contact";
  EXPECT_NE(accepted.find("redirects the form in a loop: " + chain), std::string::npos) << accepted;
  EXPECT_EQ(outcome(result.results, "delivery", "site", "contact-form/delivered"), "failed") << table;
  // Each URL of the loop was asked once: the repeat is seen before it is requested again.
  drain_site_log(*site);
  EXPECT_EQ(requests_logged(*site, "POST /api/contact"), 2) << site->process().output_text();
  EXPECT_EQ(emulator_creates(), 0);
}

// The other side of the same rule: a route that moved behind a 308 (POST kept) works in a
// browser, so formcheck follows it too and says so.
TEST_F(RunTargetFaults, MovedRouteBehind308IsFollowedAsABrowserWould) {
  start_emulator();
  auto* site = start_site({"--fault", "moved=/api/contact/"});
  ASSERT_NE(site, nullptr);
  const auto result = run_delivery(remote_target(*site));
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 0) << case_table(result.results) << result.diagnosis();
  expect_every_case(result, "passed", {});
  EXPECT_NE(message_of(result.results, "delivery", "site", "contact-form/accepted")
                .find("HTTP 200 after 1 redirect(s): POST " + site->base_url() + "/api/contact → 308 " +
                      site->base_url() + "/api/contact/"),
            std::string::npos)
      << case_table(result.results);
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
