#include "harness/checks/page_submission.hpp"

#include <fmt/format.h>

#include <thread>

#include "harness/browser/text_input.hpp"
#include "harness/checks/page_scripts.hpp"
#include "harness/checks/redirect_landing.hpp"
#include "harness/target/target_access.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::checks {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kRequestStartsWithin{5000};

// Why a visitor cannot see or reach the field (arguments[0]); "" when they can.
constexpr std::string_view kHiddenFromGuest = R"JS(
var e = arguments[0];
if (e.type === 'hidden') { return 'type=hidden'; }
if (!e.getClientRects().length) { return 'not rendered: display none'; }
var style = getComputedStyle(e);
if (style.visibility === 'hidden' || style.visibility === 'collapse') { return 'visibility hidden'; }
if (e.closest('[aria-hidden="true"]')) { return 'inside aria-hidden content'; }
var r = e.getBoundingClientRect();
var width = Math.max(document.documentElement.scrollWidth, window.innerWidth);
if (r.right + window.scrollX <= 0 || r.bottom + window.scrollY <= 0 || r.left + window.scrollX >= width) {
  return 'positioned off the page';
}
if (Number(style.opacity) === 0) { return 'opacity 0'; }
return '';
)JS";

milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
}

Fields prepared_fields(const config::FormSettings& form, const SubmissionRequest& request) {
  Fields fields = merge_fields(form.fields, request.fields);
  bool marked = false;
  for (auto& [name, value] : fields) {
    if (name == form.token_field) {
      value = mark_value(form.marker, request.token, value);
      marked = true;
    }
  }
  if (!marked) {
    fields.emplace_back(form.token_field, mark_value(form.marker, request.token, ""));
  }
  return fields;
}

std::vector<std::string> strings_of(const nlohmann::json& value) {
  std::vector<std::string> out;
  if (value.is_array()) {
    for (const auto& v : value) {
      if (v.is_string()) {
        out.push_back(v.get<std::string>());
      }
    }
  }
  return out;
}

std::string path_of(const std::string& url) {
  const auto scheme = url.find("://");
  const auto path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (path == std::string::npos) {
    return "/";
  }
  return url.substr(path, url.find_first_of("?#", path) - path);
}

// The recorded request that is the form's own: a POST to form.path, else the last POST.
const nlohmann::json* form_request(const nlohmann::json& recorded, const std::string& form_path) {
  const nlohmann::json* last_post = nullptr;
  if (!recorded.is_object() || !recorded.contains("requests")) {
    return nullptr;
  }
  for (const auto& r : recorded.at("requests")) {
    if (r.value("method", "") != "POST") {
      continue;
    }
    if (path_of(r.value("url", "")) == form_path) {
      return &r;
    }
    last_post = &r;
  }
  return last_post;
}

class PageRun {
 public:
  PageRun(browser::Session& session, const config::TargetSettings& target, const config::FormSettings& form,
          const PageOptions& options, PageSubmission& out)
      : m_session(session), m_target(target), m_form(form), m_options(options), m_out(out) {}

  void run(const SubmissionRequest& request);

 private:
  bool pass_vercel_wall();
  bool load();
  bool find_fields(std::vector<browser::Element>& elements);
  bool find_submit(const browser::Element& first_field, browser::Element& submit);
  bool type_fields(const std::vector<browser::Element>& elements);
  bool typed_by_a_guest(const std::string& name, const browser::Element& element);
  std::string untypeable(const std::string& name, const std::string& value, const std::string& why) const;
  bool wait_interactive(const browser::Element& field);
  bool submit_usable(const browser::Element& submit);
  void wait_for_answer();
  void read_navigation(Clock::time_point deadline);
  void read_guest_view();
  bool cancelled() {
    if (m_options.cancelled != nullptr && m_options.cancelled->load()) {
      m_out.interrupted = true;
      fail("interrupted");
      return true;
    }
    return false;
  }
  void fail(std::string why) {
    if (m_out.problem.empty()) {
      m_out.problem = std::move(why);
    }
  }

  browser::Session& m_session;
  const config::TargetSettings& m_target;
  const config::FormSettings& m_form;
  const PageOptions& m_options;
  PageSubmission& m_out;
};

// WebDriver classic cannot add a header to a navigation, so a page behind Vercel's
// authentication wall is reached the other way Vercel documents: the bypass as query
// parameters on a first navigation, whose answer sets a cookie that the page's own requests
// (the form's fetch) then carry. The page is then loaded again at its clean URL, the load a
// guest makes: the secret stays out of the page's location, its Referer headers, its scripts
// and the evidence, and the load time is that of an ordinary visit.
bool PageRun::pass_vercel_wall() {
  const auto secret = target::browser_bypass_secret(m_target);
  if (secret.empty()) {
    return true;
  }
  if (auto passed = m_session.navigate(target::with_bypass_cookie_query(m_out.page_url, secret)); !passed) {
    m_out.infrastructure = true;
    fail(fmt::format("the page {} did not load with Vercel's protection bypass: {}", http::display_url(m_out.page_url),
                     redact(passed.error())));
    return false;
  }
  return true;
}

bool PageRun::load() {
  if (!pass_vercel_wall()) {
    return false;
  }
  const auto started = Clock::now();
  auto loaded = m_session.navigate(m_out.page_url);
  m_out.load_time = since(started);
  if (!loaded) {
    // Like an unreachable site on the API path: the page could not be judged at all.
    m_out.infrastructure = true;
    fail(fmt::format("the page {} did not load after {:.1f} s: {}", http::display_url(m_out.page_url),
                     m_out.load_time.count() / 1000.0, loaded.error()));
    return false;
  }
  auto state = m_session.execute(std::string(page_scripts::kReadiness), nlohmann::json::array({nullptr}));
  if (state && state->is_object() && state->value("status", 0) >= 400) {
    fail(fmt::format("the page {} answered HTTP {}", http::display_url(m_out.page_url), state->value("status", 0)));
    return false;
  }
  if (auto installed = m_session.execute(std::string(page_scripts::kRecorder)); !installed) {
    fail("cannot watch the page's requests: " + installed.error());
    return false;
  }
  return true;
}

bool PageRun::find_fields(std::vector<browser::Element>& elements) {
  std::vector<std::string> missing;
  for (const auto& [name, value] : m_out.submission.fields_sent) {
    if (value.empty()) {
      continue;  // a guest leaves it untouched (a honeypot, an optional field): nothing to find or type
    }
    const auto selector = field_selector(m_form, name);
    auto found = m_session.find_all(selector);
    if (!found) {
      fail(fmt::format("cannot look for field '{}' ({}): {}", name, selector, found.error()));
      return false;
    }
    if (found->empty()) {
      missing.push_back(fmt::format("{} ({})", name, selector));
    } else {
      elements.push_back(found->front());
    }
  }
  if (!missing.empty()) {
    std::string existing;
    if (auto listed = m_session.execute(std::string(page_scripts::kListFields))) {
      for (const auto& f : strings_of(*listed)) {
        existing += (existing.empty() ? "" : ", ") + f;
      }
    }
    std::string names;
    for (const auto& m : missing) {
      names += (names.empty() ? "" : ", ") + m;
    }
    fail(fmt::format("the page {} has no element for {}; its form fields are: {} (set form.selectors)",
                     http::display_url(m_out.page_url), names, existing.empty() ? "none" : existing));
    return false;
  }
  return true;
}

bool PageRun::find_submit(const browser::Element& first_field, browser::Element& submit) {
  if (!m_form.submit.empty()) {
    auto found = m_session.find_all(m_form.submit);
    if (!found || found->empty()) {
      fail(fmt::format("the page has no submit control matching form.submit ({})", m_form.submit));
      return false;
    }
    submit = found->front();
    return true;
  }
  auto found = m_session.execute(std::string(page_scripts::kFindSubmit),
                                 nlohmann::json::array({m_session.element_argument(first_field)}));
  const auto element = found ? m_session.element_result(*found) : std::nullopt;
  if (!element) {
    fail("the form has no submit button (set form.submit to its CSS selector)");
    return false;
  }
  submit = *element;
  return true;
}

bool PageRun::type_fields(const std::vector<browser::Element>& elements) {
  size_t i = 0;
  for (const auto& [name, value] : m_out.submission.fields_sent) {
    if (value.empty()) {
      continue;  // as find_fields: no element was looked for
    }
    if (!typed_by_a_guest(name, elements[i])) {
      return false;
    }
    if (auto typed = m_session.type(elements[i], value); !typed) {
      // The driver could not type what a guest types: formcheck's limit, not the page's defect.
      m_out.infrastructure = true;
      fail(untypeable(name, value, typed.error()));
      return false;
    }
    auto now = m_session.execute(std::string(page_scripts::kValue),
                                 nlohmann::json::array({m_session.element_argument(elements[i])}));
    if (now && now->is_string() && now->get<std::string>() != value) {
      // The page (maxlength, an input mask) or the browser changed what was typed: the
      // message checks judge what the guest typed, so this is evidence for them.
      m_out.typing_mismatches.push_back(fmt::format("{}: typed {} bytes, the field holds {}", name, value.size(),
                                                    now->get<std::string>().size()));
    }
    ++i;
  }
  return true;
}

// A field hidden from the guest (a honeypot: display none, off-screen, aria-hidden) is never
// typed into: a guest cannot, and a site drops a submission that fills it as a bot's.
bool PageRun::typed_by_a_guest(const std::string& name, const browser::Element& element) {
  auto hidden =
      m_session.execute(std::string(kHiddenFromGuest), nlohmann::json::array({m_session.element_argument(element)}));
  if (!hidden || !hidden->is_string() || hidden->get<std::string>().empty()) {
    return true;
  }
  fail(fmt::format("the field '{}' ({}) is hidden from visitors ({}): a honeypot, which a guest never fills and a "
                   "site drops a submission for filling; not typed into. Leave it empty in form.fields (\"{}\": "
                   "\"\"), or point form.selectors at the visible input",
                   name, field_selector(m_form, name), hidden->get<std::string>(), name));
  return false;
}

std::string PageRun::untypeable(const std::string& name, const std::string& value, const std::string& why) const {
  const auto beyond = browser::first_beyond_bmp(value);
  const auto what = beyond ? fmt::format(" the character {} of its value", browser::describe_code_point(value, *beyond))
                           : std::string();
  return fmt::format("formcheck could not type{} into field '{}' ({}) with {}: {}", what, name,
                     field_selector(m_form, name), m_session.engine(), why);
}

void PageRun::wait_for_answer() {
  auto& s = m_out.submission;
  const auto deadline = Clock::now() + s.answer_timeout;
  const auto start_by = Clock::now() + std::min<milliseconds>(s.answer_timeout, kRequestStartsWithin);
  nlohmann::json recorded;
  const nlohmann::json* request = nullptr;
  for (;;) {
    auto state = m_session.execute(std::string(page_scripts::kRecorded));
    if (!state) {
      fail("cannot read the page's requests: " + state.error());
      return;
    }
    recorded = std::move(*state);
    if (recorded.is_null()) {
      read_navigation(deadline);
      return;
    }
    request = form_request(recorded, m_form.path);
    if (request != nullptr && request->value("done", false)) {
      break;
    }
    // A page sends its request right after the click; one that has not started within a
    // few seconds (a script that threw, a handler that never runs) will not.
    if (Clock::now() >= deadline || (request == nullptr && Clock::now() >= start_by) || cancelled()) {
      break;
    }
    std::this_thread::sleep_for(milliseconds(50));
  }
  for (const auto& e : strings_of(recorded.value("errors", nlohmann::json::array()))) {
    m_out.console_errors.push_back(e);
  }
  if (request == nullptr) {
    fail(fmt::format("the page sent no POST to {} within {:g} s of the click", m_form.path,
                     std::min<milliseconds>(s.answer_timeout, kRequestStartsWithin).count() / 1000.0));
    s.response.error = http::TransportError{http::TransportErrorKind::other, "the page sent no request"};
    return;
  }
  m_out.request_made = true;
  s.response.error.reset();
  s.url = request->value("url", s.url);
  s.response.url = s.url;
  s.response.request_sent = true;
  m_out.request_body = request->value("body", nlohmann::json()).is_string() ? request->at("body").get<std::string>() : "";
  const double elapsed_ms = request->value("end", 0.0) - request->value("start", 0.0);
  s.response.elapsed = std::chrono::microseconds(static_cast<long>(std::max(0.0, elapsed_ms) * 1000));
  if (!request->value("done", false)) {
    s.response.error = http::TransportError{
        http::TransportErrorKind::timeout,
        fmt::format("the page's request to {} got no answer within {:g} s (form.timeout_s)", m_form.path,
                    s.answer_timeout.count() / 1000.0)};
    return;
  }
  if (request->contains("error")) {
    s.response.error = http::TransportError{http::TransportErrorKind::other,
                                            "the page's request failed: " + request->value("error", "")};
    return;
  }
  s.response.status = request->value("status", 0L);
  if (request->contains("answer") && request->at("answer").is_string()) {
    s.response.body = request->at("answer").get<std::string>();
  }
  if (request->contains("contentType") && request->at("contentType").is_string()) {
    s.response.headers.push_back({"Content-Type", request->at("contentType").get<std::string>()});
  }
}

// The form was posted as plain HTML (a page without script, or whose script let the browser
// submit): the document the browser landed on is the form's answer when it is form.path itself
// or came through a redirect (post/redirect/get); anywhere else, the form did not send.
void PageRun::read_navigation(Clock::time_point deadline) {
  auto& s = m_out.submission;
  nlohmann::json landed;
  for (;;) {
    auto state = m_session.execute(std::string(page_scripts::kNavigation));
    if (state && state->is_object() && state->value("ready", false)) {
      landed = std::move(*state);
      break;
    }
    if (Clock::now() >= deadline || cancelled()) {
      fail(fmt::format("the page navigated after the click and the new page did not load within {:g} s",
                       s.answer_timeout.count() / 1000.0));
      return;
    }
    std::this_thread::sleep_for(milliseconds(50));
  }
  const auto url = landed.value("url", "");
  if (path_of(url) != m_form.path && !landed.value("redirected", false)) {
    fail(fmt::format("the page navigated to {} instead of sending the form to {} (a plain HTML submission that "
                     "skipped the form's script: the form was not interactive, or its script failed)",
                     http::display_url(url), m_form.path));
    return;
  }
  const long status = landed.value("status", 0L);
  if (status == 0) {
    fail(fmt::format("the form was posted as plain HTML and landed on {}, whose HTTP status the browser does not "
                     "expose", http::display_url(url)));
    return;
  }
  m_out.request_made = true;
  m_out.plain_post = true;
  s.response.error.reset();
  s.response.request_sent = true;
  s.response.status = status;
  s.response.url = url;
  s.response.body = landed.value("text", "");
  s.response.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - s.sent_at);
  s.response.headers.push_back({"Content-Type", "text/html"});
  if (path_of(url) != m_form.path) {
    // Post/Redirect/Get: judged by where it landed, as on the API path (the browser does not
    // expose the redirect's status: 0).
    s.redirects.push_back({0, url, true});
    s.refusal = landing_refusal(s, m_form);
    s.landing_checked = landing_checks(m_form);
  }
}

void PageRun::read_guest_view() {
  // The page renders its outcome after the answer arrives: wait until the status areas
  // stop changing (at most 2 s) before reading them.
  const std::string errors = m_form.error_selector.empty()
                                 ? std::string("[role=alert], .error, .field-error, [aria-invalid=true] + *")
                                 : m_form.error_selector;
  nlohmann::json last;
  const auto until = Clock::now() + milliseconds(2000);
  for (;;) {
    auto view = m_session.execute(std::string(page_scripts::kGuestView), nlohmann::json::array({errors}));
    if (!view) {
      fail("cannot read the page after submitting: " + view.error());
      return;
    }
    const bool settled = !last.is_null() && *view == last;
    last = std::move(*view);
    if (settled || Clock::now() >= until) {
      break;
    }
    std::this_thread::sleep_for(milliseconds(150));
  }
  if (!last.is_object()) {
    return;
  }
  m_out.status_texts = strings_of(last.value("status", nlohmann::json::array()));
  for (auto& text : strings_of(last.value("errors", nlohmann::json::array()))) {
    // A success toast in an alert region is not an error.
    if (m_form.success_text.empty() || text.find(m_form.success_text) == std::string::npos) {
      m_out.errors_seen.push_back(std::move(text));
    }
  }
  m_out.invalid_fields = strings_of(last.value("invalid", nlohmann::json::array()));
  if (!m_form.success_text.empty()) {
    m_out.success_text_seen = last.value("text", "").find(m_form.success_text) != std::string::npos;
  }
}

// Interactive: loaded, and a React page hydrated (a click before that posts the form as
// plain HTML, which is not the site's defect).
bool PageRun::wait_interactive(const browser::Element& field) {
  const auto ready_by = Clock::now() + m_options.interactive_timeout;
  for (;;) {
    auto ready = m_session.execute(std::string(page_scripts::kReadiness),
                                   nlohmann::json::array({m_session.element_argument(field)}));
    if (ready && ready->is_object() && ready->value("ready", false) && ready->value("hydrated", false)) {
      return true;
    }
    if (cancelled()) {
      return false;
    }
    if (Clock::now() >= ready_by) {
      m_out.never_interactive = true;
      fail(fmt::format("the form on {} was not interactive after {:.0f} s (document not complete, or a React "
                       "page that never hydrated)",
                       http::display_url(m_out.page_url), m_options.interactive_timeout.count() / 1000.0));
      return false;
    }
    std::this_thread::sleep_for(milliseconds(100));
  }
}

// A control that a guest cannot use at this size (hidden, disabled, off screen) is the page's
// defect on this device; a script that enables it on input gets a moment.
bool PageRun::submit_usable(const browser::Element& submit) {
  std::string unusable;
  for (const auto until = Clock::now() + milliseconds(1500);;) {
    auto why = m_session.execute(std::string(page_scripts::kClickable),
                                 nlohmann::json::array({m_session.element_argument(submit)}));
    unusable = why && why->is_string() ? why->get<std::string>() : std::string("it cannot be inspected");
    if (unusable.empty() || Clock::now() >= until) {
      break;
    }
    std::this_thread::sleep_for(milliseconds(100));
  }
  if (!unusable.empty()) {
    fail(fmt::format("a guest cannot submit the form on {}: the submit button is unusable ({})", m_out.device,
                     unusable));
    return false;
  }
  return true;
}

void PageRun::run(const SubmissionRequest& request) {
  auto& s = m_out.submission;
  s.token = request.token;
  s.fields_sent = prepared_fields(m_form, request);
  s.answer_timeout = milliseconds(static_cast<long>(m_form.timeout_s * 1000));
  s.url = m_target.url + m_form.path;
  s.sent_at = Clock::now();
  s.sent_wall = std::chrono::system_clock::now();
  s.response.error = http::TransportError{http::TransportErrorKind::other, "the page sent no request"};
  if (!load()) {
    return;
  }
  std::vector<browser::Element> elements;
  if (!find_fields(elements)) {
    return;
  }
  if (!wait_interactive(elements.front())) {
    return;
  }
  browser::Element submit;
  if (!find_submit(elements.front(), submit)) {
    return;
  }
  const auto started = Clock::now();
  if (!type_fields(elements)) {
    return;
  }
  if (!submit_usable(submit)) {
    return;
  }
  if (m_options.before_click && !m_options.before_click()) {
    m_out.interrupted = true;
    fail("interrupted");
    return;
  }
  s.sent_at = Clock::now();
  s.sent_wall = std::chrono::system_clock::now();
  if (auto clicked = m_session.click(submit); !clicked) {
    fail(fmt::format("clicking the submit button failed on {}: {}", m_out.device, clicked.error()));
    return;
  }
  wait_for_answer();
  if (m_options.after_request) {
    m_options.after_request();
  }
  m_out.submit_time = since(started);
  read_guest_view();
}

}  // namespace

bool browser_failed(const std::string& problem) {
  // chromedriver's words for a session or browser that is gone, and this client's transport errors.
  for (const char* marker : {"invalid session id", "chrome not reachable", "disconnected", "session deleted",
                             "WebDriver "}) {
    if (problem.find(marker) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string field_selector(const config::FormSettings& form, const std::string& field) {
  for (const auto& [name, selector] : form.selectors) {
    if (name == field) {
      return selector;
    }
  }
  return fmt::format("[name=\"{}\"]", field);
}

PageSubmission submit_page(browser::Session& session, const config::TargetSettings& target,
                           const config::FormSettings& form, const SubmissionRequest& request,
                           const PageOptions& options) {
  PageSubmission out;
  out.engine = session.engine();
  out.device = session.device().name;
  out.emulation = session.emulation();
  out.page_url = target.url + form.page;
  PageRun(session, target, form, options, out).run(request);
  if (browser_failed(out.problem)) {
    out.infrastructure = true;  // the browser or its driver failed, not the page
  }
  if (auto errors = session.console_errors()) {
    for (auto& e : *errors) {
      // A missing favicon is every test server's console error, and no guest's problem.
      if (e.find("/favicon.ico") != std::string::npos) {
        continue;
      }
      // The page's own error listener saw the same uncaught exception: keep the console's
      // line (it names the script and line), once.
      std::erase_if(out.console_errors, [&](const std::string& seen) { return e.find(seen) != std::string::npos; });
      out.console_errors.push_back(std::move(e));
    }
  }
  if (options.screenshot) {
    if (auto png = session.screenshot_png()) {
      out.screenshot_png = std::move(*png);
    }
  }
  auto& s = out.submission;
  if (!form.sid_pointer.empty() && s.response.transport_ok()) {
    const auto body = nlohmann::json::parse(s.response.body, nullptr, false);
    if (!body.is_discarded() && body.contains(nlohmann::json::json_pointer(form.sid_pointer))) {
      const auto& value = body.at(nlohmann::json::json_pointer(form.sid_pointer));
      if (value.is_string() && !value.get<std::string>().empty()) {
        s.sid = value.get<std::string>();
      }
    }
  }
  return out;
}

}  // namespace formcheck::checks
