#pragma once
// Honeypot fields: inputs hidden from visitors that only a bot fills; a site that finds one
// filled answers success and sends nothing. formcheck must never fill one (a test submission
// would be dropped as a bot's), and must name one as the likely cause when a submission that
// filled it was accepted but never sent.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace formcheck::config {

// Whether a field's name is one honeypots are commonly given: website, url, company, hp,
// honeypot, _gotcha (Formspree), bot-field (Netlify), fax, homepage, or one containing
// "honeypot" or starting with "hp_".
bool looks_like_honeypot(std::string_view field_name);

// A honeypot found in a site's sources.
struct HoneypotField {
  std::string name;
  std::string file;  // where it was seen, relative to the site's folder ("" when only named like one)
  std::string why;   // "display: none", "tabindex -1 and autocomplete off", "named like one", …
};

// The inputs of a page's source (HTML or JSX) that a visitor cannot see or reach: type=hidden
// is left out (a form's own token or id, which the site fills itself); hidden by an attribute
// (hidden, aria-hidden, display none, visibility hidden, off-screen positioning, a "hidden",
// "sr-only" or "honeypot" class, tabindex -1 with autocomplete off) on the input or on the
// element wrapping it; or named by a form's netlify-honeypot attribute.
std::vector<HoneypotField> hidden_inputs(const std::string& source);

// Every honeypot of a site's pages and components (app/, src/, pages/, components/, public/,
// *.html at the top; node_modules and build output skipped).
std::vector<HoneypotField> find_page_honeypots(const std::filesystem::path& dir);

// The page honeypots, then the route's fields named like one (`route_file` is where they were read).
std::vector<HoneypotField> find_honeypots(const std::filesystem::path& dir,
                                          const std::vector<std::string>& route_fields,
                                          const std::string& route_file);

}  // namespace formcheck::config
