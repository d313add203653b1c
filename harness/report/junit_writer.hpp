#pragma once
// JUnit XML that validates against the Jenkins xUnit plugin's junit-10.xsd (the Surefire
// dialect pytest also targets) and reads well in Jenkins, GitLab and the GitHub reporters.
//
// <testsuites name="formcheck" tests failures errors time>
//   <testsuite name="<suite>.<target>" tests failures errors skipped time timestamp hostname
//              id package="formcheck" file>                 one per (suite, target), first-seen order
//     <properties>suite, target, run_id[, interrupted]</properties>
//     <testcase classname="formcheck.<suite>.<target>" name time>
//       <failure type="AssertionFailure" message>detail</failure>      failed
//     | <error type="InfrastructureError" message>detail</error>       error
//     | <skipped message/>                                             skipped, not run
//       <flakyFailure|flakyError type message>                         passed on a retry: one per
//         <stackTrace>detail</stackTrace>                                earlier attempt that failed
//         <system-out>that attempt's timeline and evidence</system-out>  (or errored), with its own
//         [<system-err>its target output</system-err>]                   text and evidence
//       </flakyFailure>
//       <rerunFailure|rerunError …>…</rerunFailure>                    failed (errored) on the last
//                                                                      try: every other attempt that
//                                                                      failed or errored, as above
//       <system-out>+1.234s timeline lines, then "key: value" properties</system-out>
//       <system-err>captured target output (the case's attachment)</system-err>
//
// The schema allows no <properties> and no `file` inside <testcase>, and no `skipped` or
// `timestamp` on <testsuites>: case properties go to system-out, the file to the suite.
// Every string is redacted, then cleaned of what XML 1.0 forbids.
#include <filesystem>
#include <string>
#include <vector>

#include "harness/report/atomic_write.hpp"
#include "harness/report/run_meta.hpp"
#include "harness/results/verdict.hpp"

namespace formcheck::report {

std::string render_junit(const std::vector<results::CaseResult>& cases, const JunitMeta& meta);

// render_junit() written atomically to `path` (parent directories created).
WriteResult write_junit(const std::filesystem::path& path, const std::vector<results::CaseResult>& cases,
                        const JunitMeta& meta);

}  // namespace formcheck::report
