#pragma once
// The scripts a page submission runs inside the page (through Session::execute). Kept apart
// so the C++ that drives the page stays readable; each is a function body.
#include <string_view>

namespace formcheck::checks::page_scripts {

// Wraps window.fetch and XMLHttpRequest so every request the page makes is recorded in
// window.__formcheck.requests (method, URL, request body, status, answer, timings), and
// uncaught errors in window.__formcheck.errors. Idempotent.
inline constexpr std::string_view kRecorder = R"JS(
if (window.__formcheck) { return true; }
var state = { requests: [], errors: [] };
window.__formcheck = state;
window.addEventListener('error', function (e) { state.errors.push(String(e.message || e)); });
window.addEventListener('unhandledrejection', function (e) { state.errors.push('unhandled rejection: ' + String(e.reason)); });
function bodyText(body) {
  if (body == null) { return null; }
  if (typeof body === 'string') { return body; }
  if (body instanceof URLSearchParams) { return body.toString(); }
  if (typeof FormData !== 'undefined' && body instanceof FormData) { return new URLSearchParams(body).toString(); }
  return '[' + Object.prototype.toString.call(body) + ']';
}
var originalFetch = window.fetch;
if (originalFetch) {
  window.fetch = function (input, init) {
    var url = typeof input === 'string' ? input : (input && input.url) || String(input);
    var entry = { url: new URL(url, location.href).href,
                  method: String((init && init.method) || (input && input.method) || 'GET').toUpperCase(),
                  body: bodyText(init && init.body), start: performance.now(), done: false };
    state.requests.push(entry);
    return originalFetch.apply(this, arguments).then(function (response) {
      entry.status = response.status;
      entry.contentType = response.headers.get('content-type');
      response.clone().text().then(function (text) { entry.answer = text; entry.end = performance.now(); entry.done = true; },
                                   function () { entry.end = performance.now(); entry.done = true; });
      return response;
    }, function (error) {
      entry.error = String(error); entry.end = performance.now(); entry.done = true;
      throw error;
    });
  };
}
var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
XMLHttpRequest.prototype.open = function (method, url) {
  this.__formcheck = { url: new URL(url, location.href).href, method: String(method).toUpperCase(), done: false };
  return open.apply(this, arguments);
};
XMLHttpRequest.prototype.send = function (body) {
  var entry = this.__formcheck, xhr = this;
  if (entry) {
    entry.body = bodyText(body); entry.start = performance.now(); state.requests.push(entry);
    xhr.addEventListener('loadend', function () {
      entry.status = xhr.status; entry.contentType = xhr.getResponseHeader('content-type');
      try { entry.answer = xhr.responseText; } catch (e) { entry.answer = null; }
      if (xhr.status === 0) { entry.error = 'network error'; }
      entry.end = performance.now(); entry.done = true;
    });
  }
  return send.apply(this, arguments);
};
return true;
)JS";

// {ready, hydrated, status}: the document has loaded, a React page has hydrated its form
// (React puts __reactProps$/__reactFiber$ keys on the elements it owns), and the page's own
// HTTP status where the browser exposes it. arguments[0]: a field of the form (or null).
inline constexpr std::string_view kReadiness = R"JS(
var field = arguments[0];
var nav = performance.getEntriesByType('navigation')[0];
var react = !!(window.__NEXT_DATA__ || self.__next_f || document.getElementById('__next') ||
               document.querySelector('[data-reactroot]'));
var hydrated = true;
if (react && field) {
  hydrated = Object.keys(field).some(function (k) { return k.indexOf('__reactProps$') === 0 || k.indexOf('__reactFiber$') === 0; });
}
return { ready: document.readyState === 'complete', react: react, hydrated: hydrated,
         status: nav && nav.responseStatus ? nav.responseStatus : 0 };
)JS";

// The form fields that exist on the page: "name (input type=text)", for an error that lists them.
inline constexpr std::string_view kListFields = R"JS(
return Array.prototype.map.call(document.querySelectorAll('input, textarea, select'), function (el) {
  var what = el.tagName.toLowerCase() + (el.tagName === 'INPUT' ? ' type=' + el.type : '');
  return (el.name ? '[name="' + el.name + '"]' : el.id ? '#' + el.id : '(unnamed)') + ' (' + what + ')';
});
)JS";

// The submit control of the form holding arguments[0]: the first submit button or input.
inline constexpr std::string_view kFindSubmit = R"JS(
var form = arguments[0] && arguments[0].form;
var scope = form || document;
var found = scope.querySelector('button[type=submit], input[type=submit], button:not([type])');
if (!found && form && form.id) { found = document.querySelector('[type=submit][form="' + form.id + '"]'); }
return found;
)JS";

// Why arguments[0] cannot be clicked by a guest ("" when it can): hidden, zero-sized, disabled.
inline constexpr std::string_view kClickable = R"JS(
var el = arguments[0];
if (!el.isConnected) { return 'it left the page'; }
var style = getComputedStyle(el);
if (el.disabled) { return 'it is disabled'; }
if (el.getAttribute('aria-disabled') === 'true') { return 'it is aria-disabled'; }
if (style.display === 'none' || style.visibility === 'hidden' || el.closest('[hidden]')) { return 'it is hidden'; }
var r = el.getBoundingClientRect();
if (r.width < 1 || r.height < 1) { return 'it has no size on screen'; }
if (r.right <= 0 || r.left >= document.documentElement.scrollWidth) { return 'it is off screen'; }
return '';
)JS";

// The value an element holds now (what typing produced).
inline constexpr std::string_view kValue = "return arguments[0].value;";

// After the page navigated (a plain HTML form post): where it landed, that document's HTTP
// status (0 where the browser does not expose it), whether it came through a redirect, and
// whether it has loaded.
inline constexpr std::string_view kNavigation = R"JS(
var nav = performance.getEntriesByType('navigation')[0];
return { url: location.href, status: nav && nav.responseStatus ? nav.responseStatus : 0,
         redirected: !!(nav && nav.redirectCount > 0), ready: document.readyState === 'complete',
         text: (document.body && document.body.innerText) || '' };
)JS";

// The recorder's state (requests and uncaught errors), or null after a navigation replaced the page.
inline constexpr std::string_view kRecorded = "return window.__formcheck || null;";

// What the guest sees: the visible text of status areas, the visible error messages
// (arguments[0]: a CSS selector for them), the fields marked invalid, and the whole visible text.
inline constexpr std::string_view kGuestView = R"JS(
function visible(el) {
  if (el.closest('[hidden]')) { return false; }
  var s = getComputedStyle(el);
  if (s.display === 'none' || s.visibility === 'hidden') { return false; }
  var r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}
function texts(selector) {
  var out = [];
  document.querySelectorAll(selector).forEach(function (el) {
    var t = (el.innerText || '').trim();
    if (t && visible(el) && out.indexOf(t) < 0) { out.push(t); }
  });
  return out;
}
var invalid = [];
document.querySelectorAll('[aria-invalid="true"]').forEach(function (el) {
  if (visible(el)) { invalid.push(el.name || el.id || el.tagName.toLowerCase()); }
});
return { status: texts('[role=status], [role=alert], [aria-live], output'),
         errors: texts(arguments[0]), invalid: invalid,
         text: (document.body && document.body.innerText) || '' };
)JS";

}  // namespace formcheck::checks::page_scripts
