#include "harness/report/html_page.hpp"

namespace formcheck::report {
namespace {

constexpr std::string_view kStyle = R"css(
:root{--ok:#1a7f37;--bad:#cf222e;--err:#9a6700;--skip:#6e7781;--ink:#1f2328;--line:#d0d7de;--soft:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);background:#fff}
main{max-width:1100px;margin:0 auto;padding:0 20px 40px}
h1{font-size:26px;margin:0}
h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:6px 0}
header.verdict{padding:18px 20px;color:#fff;margin-bottom:8px}
header.verdict p{margin:4px 0 0;opacity:.95}
.v-passed{background:var(--ok)}.v-failed{background:var(--bad)}.v-error{background:var(--err)}
.v-running,.v-not-run,.v-skipped{background:#57606a}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.o{display:inline-block;min-width:64px;padding:0 6px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;text-align:center}
.o-passed{background:var(--ok)}.o-failed{background:var(--bad)}.o-error{background:var(--err)}
.o-skipped,.o-not-run{background:var(--skip)}.o-flaky{background:#8250df}
td.cell-passed{background:#dafbe1}td.cell-failed{background:#ffebe9}td.cell-error{background:#fff8c5}
td.cell-skipped,td.cell-not-run{background:var(--soft)}
article.case{border:1px solid var(--line);border-left:6px solid var(--skip);padding:8px 12px;margin:10px 0}
article.case.failed{border-left-color:var(--bad)}article.case.error{border-left-color:var(--err)}
article.case.flaky{border-left-color:#8250df}
.msg{font-weight:600;margin:4px 0}
.key{margin:4px 0;font-size:13px;word-break:break-word}
.fix{background:#ddf4ff;border-radius:4px;padding:4px 8px;margin:6px 0}
dl.evidence{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}
dl.evidence dt{color:#57606a}dl.evidence dd{margin:0;white-space:pre-wrap;word-break:break-word}
pre{background:var(--soft);padding:8px;overflow-x:auto;white-space:pre-wrap;word-break:break-word;font-size:12px;margin:6px 0}
ol.timeline{list-style:none;padding:0;margin:4px 0}
ol.timeline li{padding:1px 0}ol.timeline .t{display:inline-block;min-width:80px;color:#57606a;font-variant-numeric:tabular-nums}
details{margin:4px 0}summary{cursor:pointer}
figure{margin:10px 0}figcaption{color:#57606a;font-size:12px}
svg text{font:11px system-ui,sans-serif;fill:#57606a}
.muted{color:#57606a}
footer{color:#57606a;font-size:12px;margin-top:30px}
img.shot{max-width:100%;border:1px solid var(--line)}
)css";

}  // namespace

std::string html_document(std::string_view title, std::string_view body) {
  std::string out;
  out.reserve(body.size() + kStyle.size() + 512);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "img-src 'self' file: data:\">\n";
  out += "<title>";
  out += title;
  out += "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n";
  out += body;
  out += "</body>\n</html>\n";
  return out;
}

std::string_view verdict_class(std::string_view outcome_name) {
  if (outcome_name == "not run" || outcome_name == "not_run") {
    return "not-run";
  }
  return outcome_name;
}

}  // namespace formcheck::report
